"""Recognition lists: for the rubric's deciding authority, the units to propose for
recognition with their tier (the annex of a decision), from the outputs of a programme's
batches, as Markdown, HTML or XLSX, in the language asked for.

A unit is proposed when its deciding result is certified and was appraised: decided by the
rubric's deciding stage when it marks one, else by a stage after the first (a unit that has
only scored itself is listed apart, under "Awaiting appraisal"); a certified unit whose
dossier lacks a document or an evidence file is listed apart, under "Dossier incomplete".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ._column_edges import Edges, output_edges
from ._escape import markdown_text as _md
from ._escape import text_of_lines
from ._numbers import CUT_MARK, display_number
from ._programme_texts import tr
from ._writers import Number, number_text
from .grouping import UnitLine, choice_order, same_period
from .rubric import Rubric, text_in


@dataclass(frozen=True)
class RecognitionList:
    """The units to propose (``rows``), those held back by their dossier (``incomplete``)
    and those not yet appraised (``awaiting``), each a row of cells under ``head``."""

    title: str
    authority: str
    scope: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    incomplete: tuple[tuple[str, ...], ...]
    lang: str
    awaiting: tuple[tuple[str, ...], ...] = ()
    #: the numbers a total was compared with (tiers' minimums, gates' thresholds): a
    #: workbook writes one with no finite decimal form as a float only on their side
    #: (:func:`~tiercert._column_edges.output_edges`)
    total_edges: Edges = None


def recognition_list(
    lines: Iterable[UnitLine], rubric: Rubric, *, round: str | None = None, lang: str | None = None
) -> RecognitionList:
    """The list for the units of ``lines`` (of ``round`` only, when given and the rubric
    declares a round attribute): best tier first, then by attribute values and unit id."""
    spec = rubric.spec
    lang = lang or spec.language
    attributes = [a for a in spec.attributes if not a.round]
    numbers = {a.id for a in attributes if a.type == "number"}
    declared = {a.id: choice_order(rubric, a.id) for a in attributes}
    round_id = next((a.id for a in spec.attributes if a.round), None)
    labels = {t.id: text_in(t.label, lang) for t in spec.tiers}
    chosen = [
        u
        for u in lines
        if u.scored
        and u.certified
        and (round is None or round_id is None or same_period(u.attributes.get(round_id), round))
    ]
    chosen.sort(
        key=lambda u: (
            -u.rank,
            *(
                _order(u.attributes.get(a.id, ""), a.id in numbers, declared[a.id])
                for a in attributes
            ),
            u.unit_id or "",
        )
    )
    head = (
        tr("No.", lang),
        tr("Unit", lang),
        tr("Unit id", lang),
        *(text_in(a.title, lang) for a in attributes),
        tr("Tier", lang),
        tr("Total", lang),
        tr("Stage", lang),
    )
    stages = {s.id: text_in(s.label, lang) for s in spec.stages}

    def cells(n: int, u: UnitLine) -> tuple[str, ...]:
        total: str = ""
        if u.total is not None and u.total_cut:
            # the floor a results file showed: cut, as it was shown (a text cell), never
            # the exact number it is not
            total = display_number(u.total, "floor", lang=lang) + CUT_MARK
        elif u.total is not None:
            total = Number(display_number(u.total, "floor", lang=lang), u.total)
        return (
            Number(str(n), n),
            u.unit_name or "",
            u.unit_id or "",
            *(_attribute(u, a.id, a.id in numbers) for a in attributes),
            labels.get(u.tier or "", u.tier or ""),
            total,
            stages.get(u.decided_by or "", u.decided_by or ""),
        )

    order = [st.id for st in spec.stages]
    deciding = next((st.id for st in spec.stages if st.decides), None)

    def appraised(u: UnitLine) -> bool:
        if len(order) < 2:
            return True
        if deciding is not None:
            return u.decided_by == deciding
        return u.decided_by is not None and u.decided_by != order[0]

    waiting = [u for u in chosen if not appraised(u)]
    complete = [u for u in chosen if appraised(u) and not u.incomplete]
    held = [u for u in chosen if appraised(u) and u.incomplete]
    scope = tr("Rubric {id} version {version}", lang, id=rubric.id, version=rubric.version)
    if round is not None:
        scope = tr("Round {round}", lang, round=round) + "; " + scope
    return RecognitionList(
        f"{tr('Recognition list', lang)}: {rubric.title(lang)}",
        text_in(spec.authority, lang) if spec.authority else "",
        scope,
        head,
        tuple(cells(i, u) for i, u in enumerate(complete, 1)),
        tuple(cells(i, u) for i, u in enumerate(held, 1)),
        lang,
        tuple(cells(i, u) for i, u in enumerate(waiting, 1)),
        output_edges(rubric._plan, ["total"])["total"],
    )


def _order(
    value: str, number: bool, declared: Mapping[str, int]
) -> tuple[int, int | Fraction, str]:
    """Where a unit's attribute value sorts: a number attribute by its number (7000 before
    12000, which text puts after), any text it holds after the numbers; a choice by its place
    among the rubric's values (``declared``); other attributes by their text."""
    if value in declared:
        return (0, declared[value], "")
    if number:
        exact = number_text(value)
        if isinstance(exact, Number):
            return (0, exact.exact, "")
    return (1, Fraction(0), value)


def _attribute(u: UnitLine, aid: str, number: bool) -> str:
    # a number attribute keeps its number (a number cell in a workbook), as the total does
    value = u.attributes.get(aid, "")
    return number_text(value) if number and value else value


def render_markdown(listing: RecognitionList) -> str:
    lang = listing.lang
    out = [f"# {_md(listing.title)}", ""]
    if listing.authority:
        out += [f"{_md(tr('Decided by', lang))}: {_md(listing.authority)}", ""]
    out += [_md(listing.scope), ""]
    out += _md_table(listing.head, listing.rows)
    out += ["", _md(tr("{n} units proposed for recognition.", lang, n=len(listing.rows)))]
    for title, rows in _apart(listing):
        out += ["", f"## {_md(title)}", ""]
        out += _md_table(listing.head, rows)
    return text_of_lines(out)


def _apart(listing: RecognitionList) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """The units listed apart, under their headings (those with any)."""
    parts = [
        (tr("Dossier incomplete", listing.lang), listing.incomplete),
        (tr("Awaiting appraisal", listing.lang), listing.awaiting),
    ]
    return [(title, rows) for title, rows in parts if rows]


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md(c) for c in head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


def render_html(listing: RecognitionList) -> str:
    """The list as a page (the scorecards' templates and style; every text escaped)."""
    from ._pages import render

    lang = listing.lang
    page = {
        "title": listing.title,
        "authority_line": f"{tr('Decided by', lang)}: {listing.authority}"
        if listing.authority
        else "",
        "scope": listing.scope,
        "head": listing.head,
        # the numbers right-aligned, as on the other pages: the row's No. and the Total
        "numeric": {0, len(listing.head) - 2},
        "rows": listing.rows,
        "count_line": tr("{n} units proposed for recognition.", lang, n=len(listing.rows)),
        "apart": _apart(listing),
    }
    return render("recognition.html.j2", lang, page=page)


def write_xlsx(listing: RecognitionList, path: str) -> None:
    """The list as a workbook: the proposed units, then those listed apart (each section
    headed by a row naming it)."""
    from ._writers import XlsxWriter

    lang = listing.lang
    heading = [listing.title]
    if listing.authority:
        heading.append(f"{tr('Decided by', lang)}: {listing.authority}")
    # the No., the total and number attributes are Numbers: the workbook writer makes exact
    # ones number cells, their decimal places fixed, others the text people read in the list;
    # the sheet is named, and each printed page headed, in the list's language
    name = tr("Recognition list", lang)
    with XlsxWriter(
        listing.head, path, title=name, heading=heading, footing=[listing.scope]
    ) as writer:
        writer.compared_with({listing.head[-2]: listing.total_edges})
        for row in listing.rows:
            writer.write(row)
        for title, rows in _apart(listing):
            writer.write([title, *[""] * (len(listing.head) - 1)])
            for row in rows:
                writer.write(row)
