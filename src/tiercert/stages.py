"""A unit's appraisal stages side by side: each criterion's and group's score at every stage,
the change from the stage before, and the flagged appraisals, as text or Markdown.

A top-level bonus or penalty is shown by what it changed in the total, as on a card (a
penalty what it took, after the penalty cap and the floor at 0); a penalty inside a group,
and what lies under a penalty group, by the points it took (negative), never as a gain; a
future criterion that does not count yet is marked so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ._escape import column_widths, text_of_lines
from ._escape import markdown_text as _md
from ._kinds import ROOT_ID
from ._lifecycle import not_counted_yet
from ._numbers import display_number
from ._programme_texts import tr
from ._whatif import top_level_counted
from .programme import UnitOutcome
from .rubric import Rubric, text_in
from .scorecard import counted_score, group_roles


@dataclass(frozen=True, slots=True)
class StageLine:
    """One criterion (``depth`` 0: a top-level group, or the total with id ``""``): its score
    at each stage present (None: not scored there) and its maximum.  A top-level bonus's
    scores are what counted of it in the total, a penalty's what it took (negative); ``note``
    says so, or that a future criterion does not count yet."""

    id: str
    depth: int
    title: str
    scores: tuple[Fraction | None, ...]
    max: Fraction | None
    note: str | None = None
    #: at each stage, whether the criterion was N/A and left out of its parent's maximum
    #: (its score, 0, counts for nothing: shown as N/A, as the scorecard shows it)
    excluded: tuple[bool, ...] = ()


def stage_lines(unit: UnitOutcome, rubric: Rubric, lang: str | None = None) -> list[StageLine]:
    """The total, then every criterion scored at some stage, in the rubric's order."""
    lang = lang or rubric.spec.language
    results = list(unit.stages.values())
    lines = [
        StageLine("", 0, tr("Total", lang), tuple(r.total for r in results), results[0].max)
        if results
        else StageLine("", 0, tr("Total", lang), (), None)
    ]
    roles = group_roles(rubric)
    counted = [top_level_counted(rubric, r) if roles else {} for r in results]
    taking = _taking(rubric)
    for nid, depth, node in rubric.iter_nodes():
        found = [r.nodes.get(nid) for r in results]
        if all(n is None for n in found):
            continue  # (the criteria of a group scored directly)
        known = next(n for n in found if n is not None)
        scores = tuple(n.score if n is not None else None for n in found)
        note = None
        if not known.counted:
            note = (
                not_counted_yet(known.counts_from, lang)
                if known.counts_from
                else tr("not counted yet", lang)
            )
        elif nid in roles:  # what it changed in the total (N/A took it out: its score, 0)
            scores = tuple(
                adds.get(nid, n.score) if n is not None else None
                for adds, n in zip(counted, found, strict=True)
            )
            note = (
                tr("penalty: what it took from the total", lang)
                if roles[nid] == "penalty"
                else tr("bonus: what counted in the total", lang)
            )
        elif nid in taking:  # a penalty inside a group, or part of a penalty group: taken
            scores = tuple(None if score is None else -score for score in scores)
            owner, inside = taking[nid]
            note = (
                tr("part of the penalty {group}: what it took", lang, group=owner)
                if inside
                else tr("penalty: what it took from {group}", lang, group=owner)
            )
        elif any(n is not None and n.counted_points is not None for n in found):
            # its group counted only some of its criteria's points: what it counted of these
            scores = tuple(counted_score(n) if n is not None else None for n in found)
            note = (
                tr("what counted toward the total", lang)
                if known.parent is None or known.parent == ROOT_ID
                else tr("what counted toward {group}", lang, group=known.parent)
            )
        excluded = tuple(n is not None and n.status == "excluded" for n in found)
        title = text_in(node.title, lang)
        lines.append(StageLine(nid, depth, title, scores, known.max, note, excluded))
    return lines


def _taking(rubric: Rubric) -> dict[str, tuple[str, bool]]:
    """The criteria that take points below the top level: criterion id -> (the group it
    takes from, False) for a penalty child of a group; (the penalty group, True) for what
    lies under a top-level or nested penalty group (its points are part of what it took)."""
    found: dict[str, tuple[str, bool]] = {}

    def walk(nodes: Sequence[Any], parent: str | None, under: str | None) -> None:
        for node in nodes:
            if under is not None:
                found[node.id] = (under, True)
            elif node.penalty and parent is not None:
                found[node.id] = (parent, False)
            if node.children is not None:
                below = under if under is not None else node.id if node.penalty else None
                walk(node.children, node.id, below)

    walk(rubric.spec.criteria, None, None)
    return found


def render_stages(unit: UnitOutcome, rubric: Rubric, format: str, lang: str | None) -> str:
    """The stages of ``unit`` side by side as ``text`` or ``markdown`` (a change from the
    stage before is shown after the score, ``18 (-4)``), then the flags, then what the
    dossier lacks; of a unit scored without stages only what its dossier lacks ("" if
    nothing)."""
    from .programme import dossier_lacks

    lang = lang or rubric.spec.language
    if not unit.stages:
        return _dossier_only(dossier_lacks(unit, rubric, lang), format, lang)
    labels = {s.id: text_in(s.label, lang) for s in rubric.spec.stages}
    stages = list(unit.stages)
    head = ["", *(labels.get(s, s) for s in stages), tr("max", lang)]
    rows = []
    for line in stage_lines(unit, rubric, lang):
        cells = []
        left_out = line.excluded or (False,) * len(line.scores)
        for i, score in enumerate(line.scores):
            before = line.scores[i - 1] if i and not left_out[i - 1] else None
            if left_out[i]:
                cells.append(tr("N/A", lang))
                continue
            text = display_number(score, lang=lang) if score is not None else "-"
            if score is not None and before is not None and score != before:
                change = score - before
                sign = "+" if change > 0 else "-"
                text += f" ({sign}{display_number(abs(change), lang=lang)})"
            cells.append(text)
        # a criterion under its group, as the criteria are listed (rstrip: the indent kept)
        name = f"{'  ' * line.depth}{line.id} {line.title}".rstrip() if line.id else line.title
        if line.note:
            name += f" ({line.note})"
        rows.append(
            [name, *cells, display_number(line.max, lang=lang) if line.max is not None else ""]
        )
    flags = [f.describe(lang, rubric) for f in unit.flags]
    lacks = dossier_lacks(unit, rubric, lang)
    title = tr("Stages", lang)
    if format == "markdown":
        out = [f"## {_md(title)}", "", "| " + " | ".join(_md(c) for c in head) + " |"]
        out.append("|" + " --- |" * len(head))
        out += ["| " + " | ".join(_md(c.strip()) for c in row) + " |" for row in rows]
        if flags:
            out += ["", f"{_md(tr('Flagged', lang))}:", ""] + [f"- {_md(f)}" for f in flags]
        if lacks:
            out += ["", f"{_md(tr('Dossier incomplete', lang))}:", ""]
            out += [f"- {_md(lack)}" for lack in lacks]
        return text_of_lines(out)
    widths = column_widths([head, *rows])
    out = [f"{title}:"]
    for row in [head, *rows]:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if flags:
        out.append(f"{tr('Flagged', lang)}:")
        out += [f"  {f}" for f in flags]
    if lacks:  # one a line: a title may hold commas and semicolons
        out.append(f"{tr('Dossier incomplete', lang)}:")
        out += [f"  {lack}" for lack in lacks]
    return text_of_lines(out)


def _dossier_only(lacks: Sequence[str], format: str, lang: str) -> str:
    """What the dossier of a unit scored without stages lacks, as ``render_stages`` words it."""
    if not lacks:
        return ""
    if format == "markdown":
        out = [f"{_md(tr('Dossier incomplete', lang))}:", ""] + [f"- {_md(lack)}" for lack in lacks]
    else:
        out = [f"{tr('Dossier incomplete', lang)}:"] + [f"  {lack}" for lack in lacks]
    return text_of_lines(out)
