"""Results and rubrics written for people: plain-text scorecards."""

from __future__ import annotations

from decimal import Decimal

from .result import NodeResult, Result, _num
from .rubric import Rubric, text_in

_STATUS = {
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
        elif isinstance(answer, Decimal):
            shown = _num(answer)
        else:
            shown = str(answer)
        parts.append(f"answer {shown}")
    elif node.status == "computed" and node.rule == "condition":
        parts.append("condition met" if node.answer else "condition not met")
    status = _STATUS.get(node.status, node.status)
    if status:
        parts.append(status)
    if node.detail and node.status != "evidence_missing":
        parts.append(node.detail)
    elif node.detail:
        parts[-1] = f"{parts[-1]} ({node.detail})"
    if node.capped:
        parts.append("capped at the maximum")
    return ", ".join(parts)


def render_text(result: Result, rubric: Rubric, *, lang: str | None = None) -> str:
    """A plain-text scorecard: verdict first, then gates, then every criterion."""
    lang = lang or rubric.spec.language
    spec = rubric.spec
    lines = []
    unit = result.unit_name or result.unit_id or "(unnamed unit)"
    if result.unit_name and result.unit_id:
        unit += f" ({result.unit_id})"
    lines.append(f"{unit}: {rubric.title(lang)} [{spec.id} {spec.version}]")
    bonus = f" (+{_num(result.bonus_max)} bonus)" if result.bonus_max else ""
    lines.append(
        f"Total: {_num(result.total)} / {_num(result.max)}{bonus} ({_num(result.percentage)}%)"
    )
    if result.tier is not None:
        label = text_in(result.tier.label, lang)
        verdict = "certified" if result.certified else "not certified"
        lines.append(f"Tier: {label} (rank {result.tier.rank}, {verdict})")
    else:
        lines.append("Tier: none (not certified)")
    nxt = result.next_tier
    if nxt is not None:
        what = [f"{_num(nxt.points_needed)} more points"] if nxt.points_needed else []
        if nxt.blocking_gates:
            what.append("passing " + ", ".join(nxt.blocking_gates))
        need = " and ".join(what) if what else "nothing more"
        lines.append(f"Next tier: {text_in(nxt.tier.label, lang)} at {_num(nxt.min)}: needs {need}")
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
    for node in result.nodes.values():
        indent = "  " * (depth[node.id] + 1)
        label = f"{indent}{node.id}".ljust(width + 2)
        score = f"{_num(node.score)} / {_num(node.max)}".rjust(11)
        detail = how(node)
        lines.append(f"{label} {score}  {titles[node.id]}" + (f"  [{detail}]" if detail else ""))
    if result.provisional:
        lines.append(
            f"Provisional: this result depends on {len(result.provisional)} element(s) not "
            f"confirmed by the sources: {', '.join(result.provisional)}"
        )
    return "\n".join(lines) + "\n"
