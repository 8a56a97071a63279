"""Results written for people: scorecards as plain text, Markdown and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ._escape import markdown_text as _md
from ._escape import text_of_lines
from ._numbers import display_number, to_fraction
from ._parts import Tier
from .result import NextTier, NodeResult, Result, Status
from .rubric import Rubric, text_in
from .rules import RULES
from .scorecard import gains

_STATUS: dict[Status, str] = {
    "answered": "",
    "computed": "",
    "direct": "scored directly",
    "not_applicable": "N/A, counted as met",
    "excluded": "N/A, left out of the maximum",
    "missing": "no answer, 0",
    "evidence_missing": "evidence missing, 0",
}


def how(node: NodeResult) -> str:
    """A short account of how a node got its points."""
    parts = []
    if node.status == "answered":
        answer = node.answer
        if isinstance(answer, bool):
            shown = "yes" if answer else "no"
        elif isinstance(answer, Fraction):
            shown = display_number(answer)
        else:
            shown = str(answer)
        parts.append(f"answer {shown}")
    elif node.status == "computed" and node.rule in RULES:  # a computed rule, not a group
        parts.append("condition met" if node.answer else "condition not met")
    status = _STATUS[node.status]
    if status:
        parts.append(status)
    if node.detail and node.status != "evidence_missing":
        parts.append(node.detail)
    elif node.detail:
        parts[-1] = f"{parts[-1]} ({node.detail})"
    if node.capped:
        parts.append("capped at the maximum")
    return ", ".join(parts)


def _total(result: Result) -> str:
    """``79.5 / 100 (79.5%)``: numbers cut down when they cannot be shown exactly (a total just
    below a tier's minimum never reads as the minimum)."""
    shown = display_number
    bonus = f" (+{shown(result.bonus_max)} bonus)" if result.bonus_max else ""
    return f"{shown(result.total)} / {shown(result.max)}{bonus} ({shown(result.percentage)}%)"


def _needed(nxt: NextTier) -> str:
    """``3.5 more points`` (``1 more point``): cut up, so that points still needed never read
    as 0."""
    shown = display_number(nxt.points_needed, "ceiling")
    return f"{shown} more {'point' if shown == '1' else 'points'}"


def once_gates_pass(result: Result, rubric: Rubric) -> tuple[Tier, tuple[str, ...]] | None:
    """What a unit kept below a tier its total reaches by failed gates would reach once they
    pass: (the highest tier its points reach, the failed gates that stand in the way, in
    rubric order); None when that tier is no higher than the next tier (results.md, "Next
    tier and gates")."""
    nxt = result.next_tier
    if nxt is None or not nxt.blocking_gates:
        return None
    by_points: Tier | None = None
    for tier in sorted(rubric.spec.tiers, key=lambda t: t.rank):  # minimums rise with rank
        if result.total < to_fraction(tier.min):
            break
        by_points = tier
    if by_points is None or by_points.rank <= nxt.tier.rank:
        return None
    above = {t.id for t in rubric.spec.tiers if nxt.tier.rank <= t.rank <= by_points.rank}
    failed = {g.id for g in result.gates if not g.passed}
    blocking = tuple(
        g.id
        for g in rubric.spec.gates
        if g.id in failed and (g.tiers is None or above & set(g.tiers))
    )
    return by_points, blocking


def _then(result: Result, rubric: Rubric, lang: str) -> str:
    """``; once X passes, the total reaches 4 sao (at 90)``, or nothing."""
    after = once_gates_pass(result, rubric)
    if after is None:
        return ""
    tier, gates = after
    verb = "passes" if len(gates) == 1 else "pass"
    return (
        f"; once {', '.join(gates)} {verb}, the total reaches {text_in(tier.label, lang)} "
        f"(at {display_number(tier.min)})"
    )


def render_text(result: Result, rubric: Rubric, *, lang: str | None = None) -> str:
    """A plain-text scorecard: verdict first, then gates, then every criterion."""
    lang = lang or rubric.spec.language
    spec = rubric.spec
    lines = []
    unit = result.unit_name or result.unit_id or "(unnamed unit)"
    if result.unit_name and result.unit_id:
        unit += f" ({result.unit_id})"
    lines.append(f"{unit}: {rubric.title(lang)} [{spec.id} {spec.version}]")
    lines.append(f"Total: {_total(result)}")
    if result.tier is not None:
        label = text_in(result.tier.label, lang)
        verdict = "certified" if result.certified else "not certified"
        lines.append(f"Tier: {label} (rank {result.tier.rank}, {verdict})")
    else:
        lines.append("Tier: none (not certified)")
    nxt = result.next_tier
    if nxt is not None:
        what = [_needed(nxt)] if nxt.points_needed else []
        if nxt.blocking_gates:
            what.append("passing " + ", ".join(nxt.blocking_gates))
        need = " and ".join(what) if what else "nothing more"
        lines.append(
            f"Next tier: {text_in(nxt.tier.label, lang)} at {display_number(nxt.min)}: needs {need}"
            + _then(result, rubric, lang)
        )
    if result.gates:
        lines.append("Gates:")
        titles = {g.id: text_in(g.title, lang) for g in spec.gates}
        for gate in result.gates:
            mark = "pass" if gate.passed else "FAIL"
            scope = f" (for {', '.join(gate.tiers)})" if gate.tiers else ""
            reason = "" if gate.passed else f": {gate.reason}"
            lines.append(f"  [{mark}] {gate.id}{scope} {titles.get(gate.id, '')}{reason}")
    lines.append("Criteria:")
    titles = {nid: text_in(node.title, lang) for nid, _, node in rubric.iter_nodes()}
    depth = {nid: d for nid, d, _ in rubric.iter_nodes()}
    width = max((len(n) + 2 * depth[n] for n in result.nodes), default=0)
    # right-aligned on the widest "score / max" (long numbers keep the titles in one column)
    scores = {
        n.id: f"{display_number(n.score)} / {display_number(n.max)}" for n in result.nodes.values()
    }
    score_width = max((len(text) for text in scores.values()), default=0)
    for node in result.nodes.values():
        indent = "  " * (depth[node.id] + 1)
        label = f"{indent}{node.id}".ljust(width + 2)
        score = scores[node.id].rjust(max(11, score_width))
        detail = how(node)
        lines.append(f"{label} {score}  {titles[node.id]}" + (f"  [{detail}]" if detail else ""))
    if result.provisional:
        lines.append(
            f"Provisional: this result depends on {len(result.provisional)} element(s) not "
            f"confirmed by the sources: {', '.join(result.provisional)}"
        )
    return text_of_lines(lines)


# --- Markdown and HTML scorecards ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One criterion line of a scorecard."""

    id: str
    depth: int
    title: str
    score: str
    max: str
    how: str
    group: bool


@dataclass(frozen=True, slots=True)
class _Card:
    """A scorecard's content, computed once, written as Markdown or HTML."""

    heading: str
    rubric: str
    total: str
    tier: str
    next_tier: str | None
    groups: list[_Line]
    gates: list[tuple[bool, str, str, str]]  # passed, id, title, reason
    to_reach: list[str]
    criteria: list[_Line]
    provisional: str | None


def _card(result: Result, rubric: Rubric, lang: str | None) -> _Card:
    lang = lang or rubric.spec.language
    spec = rubric.spec
    heading = result.unit_name or result.unit_id or "(unnamed unit)"
    if result.unit_name and result.unit_id:
        heading += f" ({result.unit_id})"
    total = _total(result)
    if result.tier is not None:
        verdict = "certified" if result.certified else "not certified"
        tier = f"{text_in(result.tier.label, lang)} (rank {result.tier.rank}, {verdict})"
    else:
        tier = "none (not certified)"
    nxt = result.next_tier
    next_line = None
    to_reach: list[str] = []
    gates_by_id = {g.id: g for g in spec.gates}
    if nxt is not None:
        label = text_in(nxt.tier.label, lang)
        next_line = f"{label} at {display_number(nxt.min)}"
        if nxt.points_needed:
            to_reach.append(_needed(nxt))
        for gate_id in nxt.blocking_gates:
            gate = gates_by_id.get(gate_id)
            title = text_in(gate.title, lang) if gate is not None else ""
            fix = text_in(gate.fix, lang) if gate is not None and gate.fix else ""
            line = f"pass the gate {gate_id}" + (f" ({title})" if title else "")
            to_reach.append(line + (f": {fix}" if fix else ""))
        then = _then(result, rubric, lang)
        if then:
            to_reach.append(then.removeprefix("; "))
    titles = {nid: text_in(node.title, lang) for nid, _, node in rubric.iter_nodes()}
    depth = {nid: d for nid, d, _ in rubric.iter_nodes()}
    group_ids = {nid for nid, _, node in rubric.iter_nodes() if node.children is not None}
    lines = [
        _Line(
            node.id,
            depth[node.id],
            titles[node.id],
            "N/A" if node.status == "excluded" else display_number(node.score),
            display_number(node.max),
            how(node),
            node.id in group_ids,
        )
        for node in result.nodes.values()
    ]
    groups = [line for line in lines if line.depth == 0]
    if nxt is not None and nxt.points_needed:
        for gain in gains(result, rubric, titles):
            hint = " (its evidence is missing)" if gain.evidence_missing else ""
            points = "point" if gain.points == 1 else "points"
            to_reach.append(
                f"up to {display_number(gain.points)} {points} available in {gain.id} "
                f"{gain.title}{hint}"
            )
    gates = [
        (
            gate.passed,
            gate.id,
            text_in(gates_by_id[gate.id].title, lang) if gate.id in gates_by_id else "",
            "" if gate.passed else gate.reason,
        )
        for gate in result.gates
    ]
    provisional = None
    if result.provisional:
        provisional = (
            f"This result depends on {len(result.provisional)} element(s) not confirmed by "
            f"the sources: {', '.join(result.provisional)}."
        )
    return _Card(
        heading,
        f"{rubric.title(lang)} ({spec.id} {spec.version})",
        total,
        tier,
        next_line,
        groups,
        gates,
        to_reach,
        lines,
        provisional,
    )


def render_markdown(result: Result, rubric: Rubric, *, lang: str | None = None) -> str:
    """A Markdown scorecard: verdict, groups, gates, what would reach the next tier, and
    every criterion with how it was scored."""
    card = _card(result, rubric, lang)
    out = [f"# {_md(card.heading)}", "", _md(card.rubric), ""]
    out += ["| | |", "|---|---|", f"| Total | {_md(card.total)} |", f"| Tier | {_md(card.tier)} |"]
    if card.next_tier is not None:
        out.append(f"| Next tier | {_md(card.next_tier)} |")
    out += ["", "## Groups", "", "| Group | Title | Points | Max |", "|---|---|---:|---:|"]
    out += [f"| {_md(g.id)} | {_md(g.title)} | {g.score} | {g.max} |" for g in card.groups]
    if card.gates:
        out += ["", "## Gates", ""]
        for passed, gate_id, title, reason in card.gates:
            mark = "pass" if passed else "**FAIL**"
            because = f": {_md(reason)}" if reason else ""
            out.append(f"- {mark} {_md(gate_id)} {_md(title)}{because}")
    if card.next_tier is not None:
        out += ["", f"## To reach {_md(card.next_tier)}", ""]
        out += [f"- {_md(item)}" for item in card.to_reach] or ["- nothing more"]
    out += [
        "",
        "## Criteria",
        "",
        "| Criterion | Title | Points | Max | How |",
        "|---|---|---:|---:|---|",
    ]
    for line in card.criteria:
        ident = _md(line.id)
        ident = f"**{ident}**" if line.group else ident
        out.append(f"| {ident} | {_md(line.title)} | {line.score} | {line.max} | {_md(line.how)} |")
    if card.provisional:
        out += ["", f"_{_md(card.provisional)}_"]
    return text_of_lines(out)


def render_html(
    result: Result,
    rubric: Rubric,
    *,
    lang: str | None = None,
    round: str | None = None,
    date: str | None = None,
    stages: Sequence[tuple[str, Result]] = (),
) -> str:
    """A self-contained HTML scorecard, to read on a phone or print on one A4 page: the
    verdict, stars for a star scheme, a bar per group, the tier ladder, what would reach the
    next tier, the gates and every criterion (see docs/scorecards.md).  ``round`` and ``date``
    (default: today, or ``SOURCE_DATE_EPOCH``) are shown with the unit; ``stages`` are
    (label, result) pairs of the same unit at each stage, shown side by side.  Every text is
    escaped; the page has no scripts and loads nothing."""
    from ._pages import render, today
    from .scorecard import build_card

    lang = lang or rubric.spec.language
    card = build_card(result, rubric, lang=lang, round=round, date=date or today(), stages=stages)
    return render("scorecard.html.j2", lang, card=card)
