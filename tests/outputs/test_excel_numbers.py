"""Numbers Excel can add (twenty-fifth round): a value with no finite decimal form is a number
cell in XLSX outputs whenever no number Excel may show for it contradicts the decision.

A review scored an abridged AASHE STARS (weighted categories, each a share of its applicable
points) to ``results.xlsx``: 22 of its 23 totals were text cells (``61.467948717948…``), which
Excel's SUM, AVERAGE, filters and sorting skip.  Now such a value is the float nearest it,
shown with 12 places, unless a float shown of it lies across or on a number its column was
compared with (a tier's minimum, a gate's threshold, 0, the maximum): then the text people
read, cut toward the decision, as before.  The oracle here knows those numbers from the
rubric it built itself, not from tiercert's walk of the plan.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from strategies import _dec
from tiercert._numbers import never_across
from tiercert._writers import XlsxWriter, float_cell
from tiercert.batch import ResultTable, score_rows
from tiercert.rubric import rubric_from_mapping

F = Fraction
TWELVE = F(1, 10**12)


def _floor12(value: Fraction) -> Fraction:
    return F(value.numerator * 10**12 // value.denominator, 10**12)


def _weighted(weights: list[int], maxima: list[int], top: int) -> dict[str, Any]:
    return {
        "format": 1,
        "id": "weighted",
        "version": "1",
        "title": "Weighted",
        "language": "en",
        "max": top,
        "aggregate": "weighted",
        "criteria": [
            {"id": f"c{i}", "title": f"C{i}", "weight": w, "max": m, "rule": {"kind": "direct"}}
            for i, (w, m) in enumerate(zip(weights, maxima, strict=True))
        ],
    }


def _shown_by_excel(number: float, places: int) -> list[Fraction]:
    """What Excel may show of a cell holding ``number`` with ``places`` fixed: the float
    rounded to those places, and the same after keeping its 15 significant digits first."""
    held = Decimal(number)  # the binary value, exactly
    quantum = Decimal(1).scaleb(-places)
    fifteen = Decimal(f"{number:.15g}")
    return [F(d.quantize(quantum, rounding=ROUND_HALF_UP)) for d in (held, fifteen)]


def _sides_agree(exact: Fraction, shown: Fraction, edge: Fraction) -> bool:
    return (exact < edge, exact == edge, exact > edge) == (
        shown < edge,
        shown == edge,
        shown > edge,
    )


def _write(tmp_path: Path, rubric: tiercert.Rubric, units: list[dict[str, Any]]) -> Any:
    target = tmp_path / "results.xlsx"
    records = [{"unit_id": f"u{i}", **answers} for i, answers in enumerate(units)]
    header = ResultTable(rubric).columns
    with XlsxWriter(header, target) as writer:
        outcomes = list(score_rows(rubric, records, writer))
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    book.close()
    return outcomes, rows


@st.composite
def near_thresholds(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A weighted rubric of direct criteria, answers with thirds, sevenths..., and tiers and
    gates placed a hair from the values those answers give (12 places: a rubric's most)."""
    n = draw(st.integers(2, 4))
    weights = [draw(st.integers(1, 7)) for _ in range(n)]
    maxima = [draw(st.sampled_from((3, 7, 10, 13, 100))) for _ in range(n)]
    top = draw(st.sampled_from((7, 100, 130, 1000, 99999)))
    units = []
    for _ in range(draw(st.integers(1, 4))):
        answers = {}
        for i, m in enumerate(maxima):
            den = draw(st.sampled_from((1, 3, 7, 9, 11, 13, 3 * 10**13)))
            answers[f"c{i}"] = F(draw(st.integers(0, m * den)), den)
        units.append(answers)
    data = _weighted(weights, maxima, top)
    plain = rubric_from_mapping(data)
    totals, scores = [], []
    for answers in units:
        result = plain.evaluate(
            tiercert.Assessment(answers={k: str(v) for k, v in answers.items()})
        )
        totals.append(result.total)
        scores.append({k: result.nodes[k].score for k in answers})
    # a tier at, just above or just below a total, on the 12-place grid
    near = [_floor12(t) + d for t in totals for d in (0, TWELVE)]
    near += [F(round(t)) for t in totals]
    mins = sorted({m for m in near if 0 < m <= top})
    mins = draw(st.lists(st.sampled_from(mins), max_size=3, unique=True)) if mins else []
    data["tiers"] = [
        {"id": f"t{r}", "label": f"T{r}", "rank": r, "min": _dec(m)}
        for r, m in enumerate(sorted(mins), 1)
    ]
    gates = []
    for k, score in enumerate(draw(st.lists(st.sampled_from(scores), max_size=2))):
        cid = draw(st.sampled_from(sorted(score)))
        edge = _floor12(score[cid]) + draw(st.sampled_from((F(0), TWELVE)))
        if edge <= maxima[int(cid[1:])]:
            gates.append(
                {"id": f"k{k}", "title": "G", "require": {"score": cid, "at_least": _dec(edge)}}
            )
    on_percent: bool = draw(st.booleans())
    if totals and on_percent:
        percent = _floor12(totals[0] * 100 / top) + TWELVE
        if percent <= 100:
            gates.append(
                {
                    "id": "kp",
                    "title": "P",
                    "require": {"percent": "@criteria", "at_least": _dec(percent)},
                }
            )
    if gates:
        data["gates"] = gates
    return data, [{k: str(v) for k, v in answers.items()} for answers in units]


def _edges_of(data: dict[str, Any]) -> dict[str, list[Fraction]]:
    """The oracle: what each column was compared with, from the rubric built above."""
    top = F(data["max"])
    points = [F(0), top, *(F(t["min"]) for t in data.get("tiers", []))]
    columns: dict[str, list[Fraction]] = {"points_to_next_tier": [F(0)]}
    for c in data["criteria"]:
        columns[f"{c['id']}.score"] = [F(0), F(c["max"])]
    for gate in data.get("gates", []):
        (_kind, target), (_, value) = list(gate["require"].items())
        if target == "@criteria":
            points.append(F(value) * top / 100)
        else:
            columns[f"{target}.score"].append(F(value))
    columns["total"] = points
    columns["percentage"] = [p * 100 / top for p in points]
    return columns


@given(near_thresholds())
def test_a_number_cell_compares_with_every_threshold_as_the_exact_value_does(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[dict[str, Any], list[dict[str, Any]]]
) -> None:
    data, units = case
    rubric = rubric_from_mapping(data)
    outcomes, rows = _write(tmp_path_factory.mktemp("x"), rubric, units)
    edges = _edges_of(data)
    table = ResultTable(rubric)
    for outcome, row in zip(outcomes, rows, strict=True):
        exact_row = dict(zip(table.columns, table.row(outcome), strict=True))
        for column, compared in edges.items():
            exact, cell = exact_row[column], row[column]
            if not isinstance(exact, Fraction):
                continue
            if isinstance(cell.value, str):  # the text people read: cut toward the decision
                assert cell.value.endswith("…")
                # a text cell only where a float shown could cross or meet an edge
                assert float_cell(exact, sorted(compared)) is None
                continue
            assert isinstance(cell.value, int | float)
            number = cell.value
            written = F(Decimal(repr(number)))  # the cell's text in the file
            if written == exact:  # an exact decimal, as before
                continue
            # the float nearest a value with no finite decimal form (or too long for one):
            # its binary value, its text and what Excel shows of it with the places fixed
            fmt = cell.number_format
            places = len(fmt) - fmt.index(".") - 1 if "." in fmt else 0
            assert fmt == "0" + "." * bool(places) + "0" * places
            # the nearest float, as openpyxl writes it (16 significant digits; Excel keeps 15)
            assert number == float(f"{float(exact):.16g}")
            for edge in compared:
                for value in (F(number), written, *_shown_by_excel(number, places)):
                    assert _sides_agree(exact, value, edge), (column, exact, value, edge)


def test_a_hair_below_a_minimum_is_never_a_cell_reading_the_minimum(tmp_path: Path) -> None:
    """65 − 10⁻²⁰ is the float 65.0: a number cell would read 65, a tier it did not reach."""
    data = _weighted([1], [100], 100)
    data["tiers"] = [{"id": "gold", "label": "Gold", "rank": 1, "min": 65}]
    rubric = rubric_from_mapping(data)
    hair = F(65) - F(1, 10**20)
    outcomes, rows = _write(tmp_path, rubric, [{"c0": f"{hair.numerator}/{hair.denominator}"}])
    assert outcomes[0].result is not None
    assert (outcomes[0].result.total, outcomes[0].result.certified) == (hair, False)
    assert rows[0]["total"].value == "64.999999999999…"
    assert rows[0]["percentage"].value == "64.999999999999…"
    assert rows[0]["points_to_next_tier"].value == "0.000000000001…"  # never 0
    assert float_cell(hair, [F(65)]) is None
    assert float_cell(F(65) - F(1, 10**14), [F(65)]) is None  # would show 65.000000000000
    assert float_cell(F(65) - F(1, 3), [F(65)]) == (64.66666666666667, 12)


def test_weighted_totals_are_numbers_excel_can_add(tmp_path: Path) -> None:
    """The review's case: categories weighted alike, each a share with no finite decimal
    form; the totals, percentages and scores are numbers, 12 places shown."""
    data = _weighted([1, 1, 1], [13, 7, 3], 100)
    data["tiers"] = [
        {"id": "bronze", "label": "Bronze", "rank": 1, "min": 25},
        {"id": "silver", "label": "Silver", "rank": 2, "min": 45},
        {"id": "gold", "label": "Gold", "rank": 3, "min": 90},
    ]
    rubric = rubric_from_mapping(data)
    units = [{"c0": "38/3", "c1": "33/7", "c2": "2"}, {"c0": "4/3", "c1": "1", "c2": "1/3"}]
    outcomes, rows = _write(tmp_path, rubric, units)
    for outcome, row in zip(outcomes, rows, strict=True):
        assert outcome.result is not None
        for column in ("total", "percentage", "points_to_next_tier", "c0.score"):
            assert isinstance(row[column].value, float), column
            assert row[column].number_format == "0.000000000000"
        # the nearest float, to the 16 significant digits openpyxl writes
        assert row["total"].value == float(f"{float(outcome.result.total):.16g}")
    exact_sum = sum(o.result.total for o in outcomes if o.result is not None)
    assert sum(row["total"].value for row in rows) == pytest.approx(float(exact_sum))


@given(
    st.fractions(min_value=-1000, max_value=1000),
    st.fractions(min_value=-1000, max_value=1000),
    st.lists(st.fractions(min_value=-1000, max_value=1000), max_size=6),
    st.lists(st.fractions(min_value=-1000, max_value=1000), max_size=6),
)
def test_the_shared_guard_is_the_percentage_s_loop(
    exact: Fraction, shown: Fraction, minimums: list[Fraction], edges: list[Fraction]
) -> None:
    """:func:`never_across` answers what ``percentage_of``'s loops answered: a tier's minimum
    compared with ``>=``, a gate's number any way."""
    crossed = any((exact >= m) != (shown >= m) for m in minimums) or any(
        (exact >= e) != (shown >= e) or (exact <= e) != (shown <= e) for e in edges
    )
    assert never_across(exact, shown, sorted(minimums), sorted(set(edges))) is not crossed


@pytest.mark.parametrize(
    ("exact", "shown", "minimums", "edges", "safe"),
    [
        ("79.6", "80", ["80"], [], False),  # "80%" beside a tier at 80 the value missed
        ("80", "79.6", ["80"], [], False),  # below the minimum the value meets
        ("80.4", "80", ["80"], [], True),  # onto a minimum from above: still at least it
        ("89.6", "90", [], ["90"], False),  # onto a gate's number: "equals" told wrongly
        ("90", "89.6", [], ["90"], False),
        ("90.4", "90", [], ["90"], False),
        ("90.4", "90.2", [], ["90"], True),
    ],
)
def test_a_shown_number_on_an_edge_is_judged_as_its_comparison(
    exact: str, shown: str, minimums: list[str], edges: list[str], safe: bool
) -> None:
    """Exactly on a minimum or an edge, where the property's random fractions rarely land: a
    minimum is compared with ``>=`` (met from above is the same side), an edge every way."""
    at_least = [Fraction(m) for m in minimums]
    compared = [Fraction(e) for e in edges]
    assert never_across(Fraction(exact), Fraction(shown), at_least, compared) is safe
