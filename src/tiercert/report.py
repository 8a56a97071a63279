"""Results written for people: scorecards as plain text, Markdown and HTML, in the reader's
language (:mod:`tiercert._i18n`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from ._behind import SHOWN, Short, held_back, short_criteria
from ._escape import markdown_text as _md
from ._escape import text_of_lines
from ._i18n import translator
from ._lifecycle import not_counted_yet
from ._numbers import display_number, to_fraction
from ._rating import below_is_unrated, rating_only
from ._records import Record
from ._whatif import top_level_counted
from .result import GateResult, NextTier, NodeResult, Result, Status
from .rubric import Rubric, text_in
from .rules import RULES
from .scorecard import (
    base_left_out,
    counted_note,
    counted_score,
    detail_in,
    future_notes,
    gains,
    gate_mark,
    group_roles,
    level_labels,
    once_gates_pass,
    own_detail,
    role_note,
    signed,
    top_level_notes,
)


def _status(status: Status, lang: str) -> str:
    """How a status reads after a criterion's points (empty: nothing to add)."""
    _ = translator(lang).gettext
    words: dict[Status, str] = {
        "answered": "",
        "computed": "",
        "direct": _("scored directly"),
        "not_applicable": _("N/A, counted as met"),
        "excluded": _("N/A, left out of the maximum"),
        "missing": _("no answer, 0"),
        "evidence_missing": _("evidence missing, 0"),
    }
    return words[status]


def how(
    node: NodeResult,
    lang: str = "en",
    levels: Mapping[tuple[str, str], str] | None = None,
    note: str | None = None,
) -> str:
    """A short account of how a node got its points, in ``lang``; ``levels``: (criterion id,
    level id) -> the level's label, to show a level answered by its label; ``note``: what a
    top-level bonus or penalty changed in the total (:func:`~tiercert.scorecard.top_level_notes`),
    said instead of its own points' account."""
    _ = translator(lang).gettext
    parts = []
    if node.status == "answered":
        answer = node.answer
        if isinstance(answer, bool):
            shown = _("yes") if answer else _("no")
        elif isinstance(answer, Fraction):
            shown = display_number(answer, lang=lang)
        else:
            shown = str(answer)
            if levels is not None and node.rule == "levels":
                shown = levels.get((node.id, shown), shown)
        parts.append(_("answer {answer}").format(answer=shown))
    elif node.status == "computed" and node.rule in RULES:  # a computed rule, not a group
        parts.append(_("condition met") if node.answer else _("condition not met"))
    status = _status(node.status, lang)
    if status:
        parts.append(status)
    own = node.detail
    if note is not None:  # what it took of the total, after the penalty cap and the floor
        parts.append(note)
        own = own_detail(own)
    detail = detail_in(own, lang) if own else None
    if detail and node.status != "evidence_missing":
        parts.append(detail)
    elif detail:
        parts[-1] = f"{parts[-1]} ({detail})"
    if node.capped:
        parts.append(_("capped at the maximum"))
    if not node.counted and node.counts_from is not None:
        parts.append(not_counted_yet(node.counts_from, lang))
    counted = counted_note(node, lang) if note is None else None
    if counted is not None:  # what its parent counted of it (the points shown)
        parts.append(counted)
    return ", ".join(parts)


def _total(result: Result, lang: str) -> str:
    """``79.5 / 100 (79.5%)``: numbers cut down when they cannot be shown exactly (a total just
    below a tier's minimum never reads as the minimum)."""
    _ = translator(lang).gettext

    def shown(value: Fraction) -> str:
        return display_number(value, lang=lang)

    bonus = (
        _(" (+ up to {bonus} bonus)").format(bonus=shown(result.bonus_max))
        if result.bonus_max
        else ""
    )
    return _("{total} / {max}{bonus} ({percent}%)").format(
        total=shown(result.total),
        max=shown(result.max),
        bonus=bonus,
        percent=shown(result.percentage),
    )


def _needed(nxt: NextTier, lang: str) -> str:
    """``3.5 more points`` (``1 more point``): cut up, so that points still needed never read
    as 0."""
    shown = display_number(nxt.points_needed, "ceiling", lang=lang)
    one = nxt.points_needed == 1
    said = translator(lang).ngettext("{points} more point", "{points} more points", 1 if one else 2)
    return said.format(points=shown)


def _unit(result: Result, lang: str) -> str:
    unit = result.unit_name or result.unit_id or translator(lang).gettext("(unnamed unit)")
    if result.unit_name and result.unit_id:
        unit += f" ({result.unit_id})"
    return unit


def _tier(result: Result, rubric: Rubric, lang: str) -> str:
    """``Good (rank 2, certified)``, or ``none (not certified)``; under tiers that only rate,
    ``Group I (rank 2)`` and ``none (not rated)`` (a unit below them has not failed)."""
    _ = translator(lang).gettext
    tiers = rubric.parts.tiers
    if result.tier is None:
        return _("none (not rated)") if below_is_unrated(tiers) else _("none (not certified)")
    if rating_only(tiers):
        return _("{tier} (rank {rank})").format(
            tier=text_in(result.tier.label, lang), rank=result.tier.rank
        )
    return _("{tier} (rank {rank}, {verdict})").format(
        tier=text_in(result.tier.label, lang),
        rank=result.tier.rank,
        verdict=_("certified") if result.certified else _("not certified"),
    )


def _then(result: Result, rubric: Rubric, lang: str) -> str:
    """``; once X passes, the total reaches 4 sao (at 90)``, or nothing."""
    after = once_gates_pass(result, rubric)
    if after is None:
        return ""
    tier, gates = after
    said = translator(lang).ngettext(
        "; once {gates} passes, the total reaches {tier} (at {min})",
        "; once {gates} pass, the total reaches {tier} (at {min})",
        len(gates),
    )
    return said.format(
        gates=", ".join(gates),
        tier=text_in(tier.label, lang),
        min=display_number(to_fraction(tier.min), lang=lang),
    )


def render_text(result: Result, rubric: Rubric, *, lang: str | None = None) -> str:
    """A plain-text scorecard: verdict first, then gates, then every criterion; in ``lang``
    (default: the rubric's language)."""
    lang = lang or rubric.parts.language
    _ = translator(lang).gettext
    ngettext = translator(lang).ngettext
    spec = rubric.parts
    lines = []
    lines.append(f"{_unit(result, lang)}: {rubric.title(lang)} [{spec.id} {spec.version}]")
    lines.append(_("Total: {total}").format(total=_total(result, lang)))
    lines.append(_("Tier: {tier}").format(tier=_tier(result, rubric, lang)))
    nxt = result.next_tier
    if nxt is not None:
        what = [_needed(nxt, lang)] if nxt.points_needed else []
        if nxt.blocking_gates:
            what.append(_("passing {gates}").format(gates=", ".join(nxt.blocking_gates)))
        need = _(" and ").join(what) if what else _("nothing more")
        lines.append(
            _("Next tier: {tier} at {min}: needs {need}").format(
                tier=text_in(nxt.tier.label, lang),
                min=display_number(nxt.min, lang=lang),
                need=need,
            )
            + _then(result, rubric, lang)
        )
    if result.gates:
        lines.append(_("Gates:"))
        titles = {g.id: text_in(g.title, lang) for g in spec.gates}
        for gate in result.gates:
            mark = gate_mark(gate, lang)
            scope = _(" (for {tiers})").format(tiers=", ".join(gate.tiers)) if gate.tiers else ""
            reason = "" if gate.passed else f": {gate.reason_in(lang)}"
            lines.append(f"  [{mark}] {gate.id}{scope} {titles.get(gate.id, '')}{reason}")
    lines.append(_("Criteria:"))
    titles = {nid: text_in(node.title, lang) for nid, _n, node in rubric.iter_nodes()}
    depth = {nid: d for nid, d, _n in rubric.iter_nodes()}
    levels = level_labels(rubric, lang)
    notes = top_level_notes(result, rubric, lang)

    def shown(node: NodeResult) -> Fraction:  # a top-level bonus's note says what counted
        return node.score if node.id in notes else counted_score(node)

    width = max((len(n) + 2 * depth[n] for n in result.nodes), default=0)
    # right-aligned on the widest "score / max" (long numbers keep the titles in one column)
    scores = {
        n.id: f"{display_number(shown(n), lang=lang)} / {display_number(n.max, lang=lang)}"
        for n in result.nodes.values()
    }
    score_width = max((len(text) for text in scores.values()), default=0)
    for node in result.nodes.values():
        indent = "  " * (depth[node.id] + 1)
        label = f"{indent}{node.id}".ljust(width + 2)
        score = scores[node.id].rjust(max(11, score_width))
        detail = how(node, lang, levels, notes.get(node.id, (None, None))[1])
        lines.append(f"{label} {score}  {titles[node.id]}" + (f"  [{detail}]" if detail else ""))
    lines += future_notes(result, lang)
    if result.provisional:
        count = len(result.provisional)
        lines.append(
            ngettext(
                "Provisional: this result depends on {count} element(s) not confirmed by the "
                "sources: {elements}",
                "Provisional: this result depends on {count} element(s) not confirmed by the "
                "sources: {elements}",
                count,
            ).format(count=count, elements=", ".join(result.provisional))
        )
    return text_of_lines(lines)


# --- Markdown and HTML scorecards ---------------------------------------------------------------


class _Line(Record, frozen=True):
    """One criterion line of a scorecard."""

    id: str
    depth: int
    title: str
    score: str
    max: str
    how: str
    group: bool


class _Card(Record, frozen=True):
    """A scorecard's content, computed once, written as Markdown or HTML."""

    lang: str
    heading: str
    rubric: str
    total: str
    tier: str
    next_tier: str | None
    groups: list[_Line]
    gates: list[tuple[bool, str, str, str, str]]  # passed, mark, id, title, reason
    to_reach: list[str]
    criteria: list[_Line]
    provisional: str | None
    future: list[str]  # what counts only later, and the day scored for


def short_text(short: Sequence[Short], lang: str) -> str:
    """The criteria short of their maximum under a gate, in words: ``short of their maximum:
    tc19 Defence (0 / 1), ...``, the first :data:`~tiercert._behind.SHOWN` named."""
    _ = translator(lang).gettext
    named = [
        _("{criterion} {title} ({score} / {max})").format(
            criterion=s.id,
            title=s.title,
            score=display_number(s.score, lang=lang),
            max=display_number(s.max, lang=lang),
        )
        for s in short[:SHOWN]
    ]
    said = ", ".join(named)
    if len(short) > SHOWN:
        said = _("{named} and {count} more").format(named=said, count=len(short) - SHOWN)
    return _("short of their maximum: {criteria}").format(criteria=said)


def _holds_back(gate: GateResult, rubric: Rubric, labels: Mapping[str, str], lang: str) -> str:
    """A failed gate's reason, and the tier it holds back: a programme officer reads first
    what stands in the way of the next tier, and a gate of a tier far above is told so."""
    _ = translator(lang).gettext
    tier = held_back(gate, rubric)
    back = (
        _("every tier")
        if tier is None
        else _("holds back {tier}").format(tier=labels.get(tier, tier))
    )
    return f"{gate.reason_in(lang)} ({back})"


def _card(result: Result, rubric: Rubric, lang: str | None) -> _Card:
    lang = lang or rubric.parts.language
    _ = translator(lang).gettext
    ngettext = translator(lang).ngettext
    spec = rubric.parts
    nxt = result.next_tier
    next_line = None
    to_reach: list[str] = []
    gates_by_id = {g.id: g for g in spec.gates}
    if nxt is not None:
        label = text_in(nxt.tier.label, lang)
        next_line = _("{tier} at {min}").format(tier=label, min=display_number(nxt.min, lang=lang))
        if nxt.points_needed:
            to_reach.append(_needed(nxt, lang))
        node_titles = {nid: text_in(node.title, lang) for nid, _d, node in rubric.iter_nodes()}
        results = {g.id: g for g in result.gates}
        for gate_id in nxt.blocking_gates:
            gate = gates_by_id.get(gate_id)
            title = text_in(gate.title, lang) if gate is not None else ""
            fix = text_in(gate.fix, lang) if gate is not None and gate.fix else ""
            line = _("pass the gate {gate}").format(gate=gate_id) + (f" ({title})" if title else "")
            line += f": {fix}" if fix else ""
            if gate_id in results:  # what must change: the criteria short under it
                short = short_criteria(results[gate_id], result, rubric, node_titles)
                if short:
                    line += "; " + short_text(short, lang)
            to_reach.append(line)
    then = _then(result, rubric, lang)
    if then:
        to_reach.append(then.removeprefix("; "))
    titles = {nid: text_in(node.title, lang) for nid, _n, node in rubric.iter_nodes()}
    depth = {nid: d for nid, d, _n in rubric.iter_nodes()}
    group_ids = {nid for nid, _n, node in rubric.iter_nodes() if node.children is not None}
    levels = level_labels(rubric, lang)
    notes = top_level_notes(result, rubric, lang)
    lines = [
        _Line(
            node.id,
            depth[node.id],
            titles[node.id],
            _("N/A")
            if node.status == "excluded"
            else display_number(node.score if node.id in notes else counted_score(node), lang=lang),
            display_number(node.max, lang=lang),
            how(node, lang, levels, notes.get(node.id, (None, None))[1]),
            node.id in group_ids,
        )
        for node in result.nodes.values()
    ]
    roles = group_roles(rubric)
    adds = top_level_counted(rubric, result) if roles else {}
    left_out = bool(roles) and base_left_out(rubric, result)
    groups = [line for line in lines if line.depth == 0]
    for index, row in enumerate(groups):
        node = result.nodes[row.id]
        role: Literal["base", "bonus", "penalty"] = roles.get(row.id, "base")
        note = role_note(role, node.score, adds.get(row.id), lang, left_out=left_out)
        if note is not None:  # a bonus by what counted, a penalty by what it took
            groups[index] = _Line(
                row.id,
                row.depth,
                f"{row.title} ({note})",
                signed(role, node.score, adds.get(row.id), lang),
                "" if role == "penalty" else row.max,
                row.how,
                row.group,
            )
    if nxt is not None and nxt.points_needed:
        for gain in gains(result, rubric, titles):
            hint = _(" (its evidence is missing)") if gain.evidence_missing else ""
            available = ngettext(
                "up to {points} point more on the total from {criterion} {title}{hint}",
                "up to {points} points more on the total from {criterion} {title}{hint}",
                1 if gain.points == 1 else 2,
            )
            to_reach.append(
                available.format(
                    points=display_number(gain.points, lang=lang),
                    criterion=gain.id,
                    title=gain.title,
                    hint=hint,
                )
            )
    labels = {tier.id: text_in(tier.label, lang) for tier in spec.tiers}
    gates = [
        (
            gate.passed,
            gate_mark(gate, lang),
            gate.id,
            text_in(gates_by_id[gate.id].title, lang) if gate.id in gates_by_id else "",
            "" if gate.passed else _holds_back(gate, rubric, labels, lang),
        )
        for gate in result.gates
    ]
    provisional = None
    if result.provisional:
        count = len(result.provisional)
        provisional = ngettext(
            "This result depends on {count} element(s) not confirmed by the sources: {elements}.",
            "This result depends on {count} element(s) not confirmed by the sources: {elements}.",
            count,
        ).format(count=count, elements=", ".join(result.provisional))
    return _Card(
        lang,
        _unit(result, lang),
        f"{rubric.title(lang)} ({spec.id} {spec.version})",
        _total(result, lang),
        _tier(result, rubric, lang),
        next_line,
        groups,
        gates,
        to_reach,
        lines,
        provisional,
        future_notes(result, lang),
    )


def render_markdown(result: Result, rubric: Rubric, *, lang: str | None = None) -> str:
    """A Markdown scorecard: verdict, groups, gates, what would reach the next tier, and
    every criterion with how it was scored; in ``lang`` (default: the rubric's language)."""
    card = _card(result, rubric, lang)
    _ = translator(card.lang).gettext
    out = [f"# {_md(card.heading)}", "", _md(card.rubric), ""]
    out += [
        "| | |",
        "|---|---|",
        "| " + _("Total") + f" | {_md(card.total)} |",
        "| " + _("Tier") + f" | {_md(card.tier)} |",
    ]
    if card.next_tier is not None:
        out.append("| " + _("Next tier") + f" | {_md(card.next_tier)} |")
    out += [
        "",
        "## " + _("Groups"),
        "",
        "| {} | {} | {} | {} |".format(_("Group"), _("Title"), _("Points"), _("Max")),
        "|---|---|---:|---:|",
    ]
    out += [f"| {_md(g.id)} | {_md(g.title)} | {g.score} | {g.max} |" for g in card.groups]
    if card.gates:
        out += ["", "## " + _("Gates"), ""]
        for passed, mark, gate_id, title, reason in card.gates:
            mark = mark if passed else "**" + mark + "**"
            because = f": {_md(reason)}" if reason else ""
            out.append(f"- {mark} {_md(gate_id)} {_md(title)}{because}")
    if card.next_tier is not None:
        out += ["", "## " + _("To reach {tier}").format(tier=_md(card.next_tier)), ""]
        out += [f"- {_md(item)}" for item in card.to_reach] or ["- " + _("nothing more")]
    out += [
        "",
        "## " + _("Criteria"),
        "",
        "| {} | {} | {} | {} | {} |".format(
            _("Criterion"), _("Title"), _("Points"), _("Max"), _("How")
        ),
        "|---|---|---:|---:|---|",
    ]
    for line in card.criteria:
        ident = _md(line.id)
        ident = f"**{ident}**" if line.group else ident
        out.append(f"| {ident} | {_md(line.title)} | {line.score} | {line.max} | {_md(line.how)} |")
    out += [line for note in card.future for line in ("", _md(note))]
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
    lacks: Sequence[str] = (),
) -> str:
    """A self-contained HTML scorecard, to read on a phone or print on one A4 page: the
    verdict, stars for a star scheme, a bar per group, the tier ladder, what would reach the
    next tier, the gates and every criterion (see docs/scorecards.md).  ``round`` and ``date``
    (default: today, or ``SOURCE_DATE_EPOCH``) are shown with the unit; ``stages`` are
    (label, result) pairs of the same unit at each stage, shown side by side; ``lacks``, what
    its dossier lacks (:func:`~tiercert.programme.dossier_lacks`), shown with the verdict.
    Every text is escaped; the page has no scripts and loads nothing."""
    from ._pages import render, today
    from .scorecard import build_card

    lang = lang or rubric.parts.language
    card = build_card(
        result, rubric, lang=lang, round=round, date=date or today(), stages=stages, lacks=lacks
    )
    return render("scorecard.html.j2", lang, card=card)
