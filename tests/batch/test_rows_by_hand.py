"""The row scorer and the row loop (``_fast/rows.py``) on sheets worked out by hand: each test
says which rows the fast path must score itself (a row it hands to the usual path is scored
right there too, so only the count tells) and what it must write, beside the reference."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import tiercert
from conftest import TESTS
from tiercert import Rubric
from tiercert._columns import cell_value, is_empty
from tiercert._evidence import evidence_bits
from tiercert._fast import rows as rows_module
from tiercert._fast.numbers import EXCLUDED, Fallback, Unsupported, read_number
from tiercert._fast.rows import RowGenerator, RowLayout, RowScorer
from tiercert._kinds import ROOT_ID
from tiercert.batch import ResultTable, score_records, score_rows
from tiercert.summary import SummaryBuilder, SummaryData
from tiercert.tabular import CsvWriter, clean_text, read_csv

INPUTS = TESTS / "golden" / "batch" / "inputs"

#: a group scored directly over a provisional criterion, a criterion N/A may take out, a
#: gate of the upper tier only, a lowest tier that is no certification
STATES = """
format: 1
id: r
version: "1"
title: t
max: 20
facts:
  - {id: ok, title: OK, type: boolean}
criteria:
  - id: g1
    title: G1
    max: 10
    direct: true
    children:
      - {id: a, title: A, max: 5, provisional: true, rule: {kind: boolean, points: 5}}
      - {id: b, title: B, max: 5, rule: {kind: boolean, points: 5}}
  - id: c
    title: C
    max: 10
    na: {counts_as: excluded}
    rule: {kind: count, per_item: 2.5}
gates:
  - {id: g_ok, title: OK, require: {fact: ok, equals: true}, tiers: [two]}
tiers:
  - {id: low, label: Low, rank: 1, min: 2.5, certified: false}
  - {id: one, label: One, rank: 2, min: 7.5}
  - {id: two, label: Two, rank: 3, min: 15}
"""


def _sheet(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _run(
    rubric: Rubric, path: Path, engine: str = "fast"
) -> tuple[list[list[str]], SummaryData, int]:
    """The CSV a batch writes (as rows of cells), its summary and how many rows the row loop
    scored."""
    out = io.StringIO()
    counted: list[int] = []
    tally = SummaryBuilder(rubric)
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        for _ in score_rows(
            rubric,
            read_csv(path),
            writer,
            engine=engine,  # type: ignore[arg-type]
            tally=tally,  # counts every row, those of the row loop too
            on_rows=counted.append,
        ):
            pass
    table = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    return table, tally.summary().to_dict(), sum(counted)


def _both(rubric: Rubric, path: Path) -> tuple[list[list[str]], int]:
    """The fast path's output, checked against the reference's (and the summaries), and the
    rows it looped."""
    fast, summary, looped = _run(rubric, path)
    assert (fast, summary) == _run(rubric, path, "reference")[:2]
    return fast, looped


def _cells(table: list[list[str]], column: str) -> list[str]:
    at = table[0].index(column)
    return [row[at] for row in table[1:]]


#: a group scored directly inside another, evidence in one column of two, facts with defaults
#: (one without a column)
NESTED = """
format: 1
id: r
version: "1"
title: t
max: 30
facts:
  - {id: f, title: F, type: boolean, default: true}
  - {id: k, title: K, type: number, default: 3}
criteria:
  - id: g1
    title: G1
    max: 20
    direct: true
    children:
      - id: g11
        title: G11
        max: 10
        direct: true
        children:
          - {id: a, title: A, max: 5, rule: {kind: boolean, points: 5}}
          - {id: b, title: B, max: 5, evidence: [justification], rule: {kind: boolean, points: 5}}
      - {id: c, title: C, max: 10, rule: {kind: count, per_item: 2.5}}
  - id: d
    title: D
    max: 10
    evidence: [url]
    rule:
      kind: levels
      levels: [{id: hi, points: 10}, {id: lo, points: 5}]
gates:
  - {id: gf, title: F, require: {fact: f, equals: true}}
  - {id: gk, title: K, require: {fact: k, at_least: 2}}
tiers:
  - {id: one, label: One, rank: 1, min: 15}
"""


def test_a_sheet_without_a_unit_name_column_goes_through_the_loop(tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    header = ["unit_id", "g1", "g2.1", "g2.2", "g2.3", "bi_ky_luat"]
    # g1 35 + g2.1 85 (30) + g2.2 0 (20) + g2.3 4 (10) = 95; then 79.99 (20), 1 (15), 2 (5) = 75
    rows = [["xa-a", "35", "85", "0", "4", "no"], ["xa-b", "35", "79.99", "1", "2", "no"]]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
    assert looped == 2
    assert _cells(table, "unit_name") == ["", ""]
    assert _cells(table, "total") == ["95", "75"]


def test_a_body_that_returns_early_makes_no_loop() -> None:
    # the loop pastes the row scorer's body into its own; a ``return`` there would end the
    # whole loop at its first row (no generated body returns today: this guards the generator)
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    layout = RowLayout({"g1": 1, "g2.1": 2, "g2.2": 3, "g2.3": 4}, {"bi_ky_luat": 5}, {}, ())
    gen = RowGenerator(rubric._plan, rubric._fast.numbers, layout)  # type: ignore[union-attr]
    gen.write()
    assert "def rows(" in gen.write_loop(6, 0, None, 2)
    gen.body = [*gen.body[:3], "    return None", *gen.body[3:]]
    with pytest.raises(Unsupported):
        gen.write_loop(6, 0, None, 2)


def test_columns_read_by_nobody_must_be_empty_few_or_many(tmp_path: Path) -> None:
    # up to 4 such columns are checked one by one, more in one loop: a cell there is the row's
    # problem (the usual path says so), an empty one is nothing
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    answers = ["35", "85", "0", "4", "no"]  # 35 + 30 + 20 + 10 = 95
    for unknown in (["z1"], ["z1", "z2", "z3", "z4", "z5"]):
        header = ["unit_id", "unit_name", "g1", "g2.1", "g2.2", "g2.3", "bi_ky_luat", *unknown]
        blank = [""] * len(unknown)
        first, last = ["x", *blank[1:]], [*blank[:-1], "x"]
        rows = [
            ["a", "A", *answers, *blank],
            ["b", "B", *answers, *last],
            ["c", "C", *answers, *first],
            ["d", "D", *answers, *blank],
        ]
        table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
        assert looped == 2
        assert _cells(table, "status") == ["scored", "rejected", "rejected", "scored"]
        assert _cells(table, "total") == ["95", "", "", "95"]


def test_a_column_of_a_group_not_scored_directly_must_be_empty(tmp_path: Path) -> None:
    # g2 cannot be scored directly: a cell in its column is the row's problem, checked by the
    # row scorer like an unknown column's, alone or beside one (their column numbers sorted)
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    answers = ["35", "85", "0", "4", "no"]  # 35 + 30 + 20 + 10 = 95
    for unknown in ([], ["z1"]):
        header = ["unit_id", "unit_name", "g1", "g2.1", "g2.2", "g2.3", "bi_ky_luat", "g2"]
        header += unknown
        blank = [""] * len(unknown)
        rows = [
            ["a", "A", *answers, "", *blank],
            ["b", "B", *answers, "60", *blank],
            ["c", "C", *answers, "", *blank],
        ]
        table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
        assert looped == 2
        assert _cells(table, "status") == ["scored", "rejected", "scored"]


def test_a_column_of_the_whole_rubric_must_be_empty() -> None:
    # a layout made by hand may name the root's id: its column is read by nobody, so the row
    # scorer checks that it is empty rather than giving up
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    layout = RowLayout(
        {"g1": 1, "g2.1": 2, "g2.2": 3, "g2.3": 4, ROOT_ID: 6}, {"bi_ky_luat": 5}, {}, ()
    )
    gen = RowGenerator(rubric._plan, rubric._fast.numbers, layout)  # type: ignore[union-attr]
    assert "x = c[6]" in gen.write()


def test_what_each_row_reaches_by_hand(tmp_path: Path) -> None:
    rubric = tiercert.parse_rubric(STATES)
    header = ["unit_id", "g1", "a", "b", "c", "ok"]
    rows = [
        ["u1", "", "yes", "no", "2", "yes"],  # 5 + 5 = 10: one, 5 short of two; a provisional
        ["u2", "7.5", "", "", "na", "yes"],  # 7.5 of the 10 left, over 20: 15; a hidden by g1
        ["u3", "", "yes", "yes", "4", "no"],  # 20, but the gate keeps two: 0 points short
        ["u4", "10", "", "", "4", "yes"],  # 10 + 10 = 20: two, the top; nothing provisional
        ["u5", "", "no", "no", "1", "yes"],  # 2.5: low (no certification), 5 short of one
        ["u6", "", "no", "no", "0", "yes"],  # 0: no tier, 2.5 short of low
    ]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
    assert looped == 6
    expected = {
        "total": ["10", "15", "20", "20", "2.5", "0"],
        "percentage": ["50", "75", "100", "100", "12.5", "0"],
        "certified": ["true", "true", "true", "true", "false", "false"],
        "tier": ["one", "two", "one", "two", "low", ""],
        "next_tier": ["two", "", "two", "", "one", "low"],
        "points_to_next_tier": ["5", "", "0", "", "5", "2.5"],
        "failed_gates": ["", "", "g_ok", "", "", ""],
        "g1.score": ["5", "7.5", "10", "10", "0", "0"],
        "c.score": ["5", "na", "10", "10", "2.5", "0"],
        "provisional": ["true", "false", "true", "false", "true", "true"],
    }
    assert {column: _cells(table, column) for column in expected} == expected


def _two(maximum: str, extra: str = "") -> Rubric:
    """A rubric of two criteria worth ``maximum`` together, a and b of half each."""
    half = Decimal(maximum) / 2
    return tiercert.parse_rubric(
        f"""
format: 1
id: r
version: "1"
title: t
max: {maximum}
{extra}
criteria:
  - {{id: a, title: A, max: {half}, rule: {{kind: direct}}}}
  - {{id: b, title: B, max: {half}, rule: {{kind: direct}}}}
tiers:
  - {{id: one, label: One, rank: 1, min: {half}}}
"""
    )


@pytest.mark.parametrize(
    ("maximum", "extra", "totals", "percentages", "mean"),
    [
        # 100 / 30 per point: 10 is 33.333...%, cut where it is shown
        ("30", "", ["10", "15", "0"], ["33.333333333333…", "50", "0"], "25/3"),
        # the percentage rounded as the rubric says (half up, no places): 7.3 of 25 is 29.2%
        (
            "25",
            "rounding: {percentage: {mode: half_up, places: 0}}",
            ["12.5", "7.3", "0"],
            ["50", "29", "0"],
            "6.6",
        ),
        # places in the scale: 7.25 of 20 is 36.25%
        ("20", "", ["12.5", "7.25", "0"], ["62.5", "36.25", "0"], "79/12"),
    ],
)
def test_totals_and_percentages_by_hand(
    tmp_path: Path,
    maximum: str,
    extra: str,
    totals: list[str],
    percentages: list[str],
    mean: str,
) -> None:
    rubric = _two(maximum, extra)
    numbers = {"10": ("5", "5"), "15": ("7.5", "7.5"), "12.5": ("10", "2.5")}
    numbers |= {"7.25": ("7", "0.25"), "7.3": ("7", "0.3"), "0": ("0", "0")}
    rows = [[f"u{i}", *numbers[total]] for i, total in enumerate(totals)]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", ["unit_id", "a", "b"], rows))
    assert looped == 3
    assert _cells(table, "total") == totals
    assert _cells(table, "percentage") == percentages
    assert _run(rubric, tmp_path / "units.csv")[1]["total"]["mean"] == mean


def test_points_needed_on_a_scale_finer_than_shown(tmp_path: Path) -> None:
    """A tier minimum of nine places makes the scale 13 places, finer than the 12 shown: the
    points needed are cut up from the scaled integers (killed mutants of needed_text)."""
    rubric = tiercert.parse_rubric(
        """
format: 1
id: r
version: "1"
title: t
max: 20
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
  - {id: b, title: B, max: 10, rule: {kind: direct}}
tiers:
  - {id: one, label: One, rank: 1, min: 12.000000001}
"""
    )
    rows = [["u1", "5", "5"], ["u2", "6", "6.000000001"], ["u3", "0", "0"], ["u4", "6", "5.5"]]
    rows.append(["u5", "0", "0.0000000000001"])  # a total of 13 places: cut where shown
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", ["unit_id", "a", "b"], rows))
    assert looped == 5
    needed = ["2.000000001", "", "12.000000001", "0.500000001", "12.000000001000…"]  # cut up
    assert _cells(table, "points_to_next_tier") == needed
    assert _cells(table, "total")[4] == "0.000000000000…"


COMPARED = """
format: 1
id: r
version: "1"
title: t
max: 20
criteria:
  - id: p
    title: P
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands:
        - {min: 0, max: 50, points: 0}
        - {min: 50, max: 80.5, points: 5}
        - {min: 80.5, max: 100, points: 10}
  - {id: q, title: Q, max: 10, rule: {kind: boolean, points: 10}}
tiers:
  - {id: one, label: One, rank: 1, min: 10}
"""


def test_a_rule_that_compares_its_answer_scores_new_cells_in_the_loop(tmp_path: Path) -> None:
    """A bands criterion's cells, each met for the first time, on, below and above its edges,
    as floats would misread them: the row loop scores every row itself (the comparing reader
    ``num<i>`` of the row scorer, not the usual path) and writes what the reference does."""
    rubric = tiercert.parse_rubric(COMPARED)
    cells = ["50", "49.99999999999999999", "80.5", "80.49999999999999999", "80.50000000000000001"]
    cells += ["0", "100", "72.25", "0.1", "99.9"]
    rows = [[f"u{i}", cell, "yes"] for i, cell in enumerate(cells)]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", ["unit_id", "p", "q"], rows))
    assert looped == len(cells)
    assert _cells(table, "p.score") == ["5", "0", "10", "5", "10", "0", "10", "5", "0", "10"]


def test_numbers_in_cells_are_read_by_the_row_scorer_itself(tmp_path: Path) -> None:
    """A number a rule takes is read and scored by the row scorer's own code (``num<i>``),
    never handed to the evaluator's scorer of one answer, which would give the same points,
    slowly: so only counting the hand-overs tells (killed mutants of RowScorer.__init__)."""
    handed: list[object] = []

    def watched(rubric: Rubric) -> Rubric:
        evaluator = rubric._fast
        assert evaluator is not None
        one = evaluator._score_one

        def counted(i: int, raw: object, missing_is_zero: bool) -> tuple[Any, Any, Any]:
            handed.append(raw)
            return one(i, raw, missing_is_zero)

        evaluator._score_one = counted
        return rubric

    compared = watched(tiercert.parse_rubric(COMPARED))
    rows = [[f"u{i}", cell, "yes"] for i, cell in enumerate(["50", "72.25", "80.5", "0.1"])]
    _both(compared, _sheet(tmp_path / "p.csv", ["unit_id", "p", "q"], rows))
    counts = watched(tiercert.parse_rubric(STATES))
    header = ["unit_id", "g1", "a", "b", "c", "ok"]
    rows = [[f"u{i}", "", "yes", "no", cell, "yes"] for i, cell in enumerate(["0", "1", "3", "4"])]
    _both(counts, _sheet(tmp_path / "c.csv", header, rows))
    assert [v for v in handed if v not in ("yes", "no", True, False)] == []


def test_groups_scored_directly_one_inside_another_and_evidence_by_hand(tmp_path: Path) -> None:
    rubric = tiercert.parse_rubric(NESTED)
    header = ["unit_id", "g1", "g11", "a", "b", "b.justification", "c", "d", "d.url", "k"]
    url = "https://x.vn"
    rows = [
        # a 5 + b 5 (justified) + c 2 x 2.5 = 15; d hi with its URL 10: 25 (k 3 by default)
        ["u1", "", "", "yes", "yes", "QĐ 12", "2", "hi", url, ""],
        # g1 18 + d lo 5 = 23; k 1 fails gk: no tier, 0 points short of one
        ["u2", "18", "", "", "", "", "", "lo", url, "1"],
        # g11 7.5 + c 4 x 2.5 = 17.5; d hi without its URL counts nothing
        ["u3", "", "7.5", "", "", "", "4", "hi", "", ""],
        # a answered below g11 scored directly (and c missing), c below g1: refused
        ["u4", "", "7.5", "yes", "", "", "", "lo", url, "5"],
        ["u5", "18", "", "", "", "", "2", "lo", url, ""],
        # a 5, b without its justification 0, c 0; d 10: 15 (k 2 is at least 2)
        ["u6", "", "", "yes", "yes", "", "0", "hi", url, "2"],
    ]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
    assert looped == 4
    assert _cells(table, "total") == ["25", "23", "17.5", "", "", "15"]
    assert _cells(table, "g1.score") == ["15", "18", "17.5", "", "", "5"]
    assert _cells(table, "d.score") == ["10", "5", "0", "", "", "10"]
    assert _cells(table, "failed_gates") == ["", "gk", "", "", "", ""]
    assert _cells(table, "status")[3:5] == ["rejected", "rejected"]


def test_records_of_values_by_the_row_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    # records of values (not text): a top-level criterion N/A took out is "na", the rest
    # exact Fractions; each score given by the row scorer (its ``value``)
    rubric = tiercert.parse_rubric(STATES)
    records = [
        {"unit_id": "u1", "g1": "7.5", "c": "na", "ok": "yes"},  # 7.5 of 10, over 20: 15
        {"unit_id": "u2", "g1": "7.5", "c": "2", "ok": "yes"},  # 7.5 + 5: 2.5 short of two
    ]
    given: list[object] = []
    real = RowScorer.value

    def spy(self: RowScorer, score: Any) -> object:
        given.append(score)
        return real(self, score)

    monkeypatch.setattr(RowScorer, "value", spy)
    fast = list(score_records(rubric, records))
    assert len(given) == 4  # each top-level score of each row
    monkeypatch.undo()
    assert fast == list(score_records(rubric, records, engine="reference"))
    assert [r["c.score"] for r in fast] == ["na", Fraction(5)]
    assert [r["total"] for r in fast] == [Fraction(15), Fraction(25, 2)]
    assert [r["points_to_next_tier"] for r in fast] == [None, Fraction(5, 2)]


LEFT_OUT = """
format: 1
id: r
version: "1"
title: t
max: 15
criteria:
  - id: g
    title: G
    max: 10
    direct: true
    children:
      - {id: g1, title: G1, max: 10, na: {counts_as: excluded}, rule: {kind: direct}}
  - {id: h, title: H, max: 5, rule: {kind: boolean, points: 5}}
tiers:
  - {id: one, label: One, rank: 1, min: 5}
"""


def test_a_group_that_may_be_left_out_scored_directly_in_a_row(tmp_path: Path) -> None:
    # g is left out when its one criterion is N/A; given directly, it counts
    rubric = tiercert.parse_rubric(LEFT_OUT)
    rows = [
        ["u1", "4", "", "yes"],  # 4 + 5 = 9
        ["u2", "", "na", "yes"],  # g left out: 5 of 5, over 15: 15
        ["u3", "", "6", "no"],  # 6 + 0
    ]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", ["unit_id", "g", "g1", "h"], rows))
    assert looped == 3
    assert _cells(table, "total") == ["9", "15", "6"]
    assert _cells(table, "g.score") == ["4", "na", "6"]


READER_EVIDENCE = """
format: 1
id: r
version: "1"
title: t
max: 20
criteria:
  - id: a
    title: A
    max: 10
    evidence: [justification]
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 10}]
  - id: c
    title: C
    max: 10
    answer_from: a
    evidence: [justification]
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{min: 0, max: 80, points: 5}, {min: 80, max: 100, points: 10}]
tiers:
  - {id: one, label: One, rank: 1, min: 5}
"""


def test_a_reader_needs_the_evidence_of_the_answer_it_reads(tmp_path: Path) -> None:
    # c reads a's answer, and a's justification is its evidence too
    rubric = tiercert.parse_rubric(READER_EVIDENCE)
    rows = [["u1", "60", "QĐ 1"], ["u2", "60", ""], ["u3", "90", "QĐ 2"], ["u4", "90", ""]]
    header = ["unit_id", "a", "a.justification"]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
    assert looped == 4
    assert _cells(table, "a.score") == ["10", "0", "10", "0"]
    assert _cells(table, "c.score") == ["5", "0", "10", "0"]


def test_a_cell_met_again_is_scored_from_the_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the reference reads and scores a criterion's cell the first time only
    rubric = tiercert.parse_rubric(STATES)
    fast = rubric._fast
    assert fast is not None
    asked: list[tuple[int, object]] = []
    real = fast._score_one

    def spy(i: int, value: object, *args: Any) -> Any:
        asked.append((i, value))
        return real(i, value, *args)

    monkeypatch.setattr(fast, "_score_one", spy)
    rows = [[f"u{n}", "", "yes", "no", "na", "yes"] for n in range(5)]
    header = ["unit_id", "g1", "a", "b", "c", "ok"]
    table, looped = _run(rubric, _sheet(tmp_path / "units.csv", header, rows))[::2]
    assert looped == 5
    assert _cells(table, "total") == ["10"] * 5  # 5 of 10, over 20
    assert sorted(str(value) for _, value in asked) == ["na", "no", "yes"]


# --- the speed paths of the row scorer: what reads a cell, what is remembered ------------------
# A row scorer that takes a slower path gives the same rows; these tests watch the paths
# themselves (which reader reads a number, which memo keeps a cell, how many cells a memo
# keeps), so that a mutant which only slows the row scorer (or lets its memory grow) fails.


def _scorer(rubric: Rubric, layout: RowLayout) -> RowScorer:
    """The row scorer of ``rubric`` for ``layout``, with the batch's own reading of cells."""
    assert rubric._fast is not None
    return RowScorer(rubric._fast, layout, False, is_empty, cell_value, clean_text)


def _numbers_read(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The cells the row scorer reads as exact numbers (``read_number``), as they are read."""
    seen: list[object] = []

    def read(value: object) -> Any:
        seen.append(value)
        return read_number(value)

    monkeypatch.setattr(rows_module, "read_number", read)
    return seen


def test_a_rule_that_compares_its_answer_reads_cells_without_the_exact_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bands criterion's cells go to its comparing reader (floats where exact), never to
    ``read_number``; a count's cells are read exactly (killed mutants of _compared_cell that
    hand every cell to the exact reader: the same rows, slower)."""
    seen = _numbers_read(monkeypatch)
    rubric = tiercert.parse_rubric(COMPARED)
    rows = [[f"u{i}", cell, "yes"] for i, cell in enumerate(["50", "72.25", "80.5", "0.1"])]
    _, looped = _both(rubric, _sheet(tmp_path / "p.csv", ["unit_id", "p", "q"], rows))
    assert looped == 4
    assert [v for v in seen if v != "yes"] == []  # q's yes is no number: the reference's
    seen.clear()
    header = ["unit_id", "g1", "a", "b", "c", "ok"]
    rows = [[f"u{i}", "", "yes", "no", cell, "yes"] for i, cell in enumerate(["0", "1", "3", "1"])]
    _, looped = _both(tiercert.parse_rubric(STATES), _sheet(tmp_path / "c.csv", header, rows))
    assert looped == 4
    # each count read once (1, met twice, the second time from its memo)
    assert sorted(str(v) for v in seen if v not in ("yes", "no")) == ["0", "1", "3"]


#: a gate compares the bands criterion's answer: its reader must give the number too
#: a rule that compares its answer before a count: each gets its own reader ``num<i>``
COMPARED_THEN_COUNT = COMPARED.replace(
    "  - {id: q,", "  - {id: c, title: C, max: 10, rule: {kind: count, per_item: 2.5}}\n  - {id: q,"
).replace("max: 20", "max: 30")


def test_a_number_after_a_compared_one_is_read_by_the_row_scorer_itself(tmp_path: Path) -> None:
    """The readers ``num<i>`` are written for every numeric criterion, those after a rule that
    compares its answer too (killed mutant of ``RowGenerator._numbers_read``: the count after
    the bands criterion left to the evaluator's scorer of one answer, the same points, slowly):
    the counts, worked out by hand, are never handed over."""
    rubric = tiercert.parse_rubric(COMPARED_THEN_COUNT)
    evaluator = rubric._fast
    assert evaluator is not None
    handed: list[object] = []
    one = evaluator._score_one

    def counted(i: int, raw: object, missing_is_zero: bool) -> Any:
        handed.append(raw)
        return one(i, raw, missing_is_zero)

    evaluator._score_one = counted
    rows = [[f"u{i}", p, c, "yes"] for i, (p, c) in enumerate([("50", "0"), ("80.5", "3")])]
    table, looped = _both(rubric, _sheet(tmp_path / "pc.csv", ["unit_id", "p", "c", "q"], rows))
    assert looped == 2
    assert _cells(table, "c.score") == ["0", "7.5"]  # 3 items of 2.5
    assert _cells(table, "total") == ["15", "27.5"]
    assert handed == ["yes"]


def test_a_compared_number_read_as_a_float_is_scored_by_its_reader(tmp_path: Path) -> None:
    """Cells the comparing reader ``num<i>`` reads as floats (written with an exponent, so
    not by ``new<i>``'s plain decimals): scored by its float comparisons, on and off the
    edges, never handed to the evaluator's scorer of one answer (killed mutant of
    ``RowGenerator._compared_cell``: the float copy falling off its end, the same points
    from the reference, slowly)."""
    rubric = tiercert.parse_rubric(COMPARED)
    evaluator = rubric._fast
    assert evaluator is not None
    handed: list[object] = []
    one = evaluator._score_one

    def counted(i: int, raw: object, missing_is_zero: bool) -> Any:
        handed.append(raw)
        return one(i, raw, missing_is_zero)

    evaluator._score_one = counted
    cells = ["7.25e1", "1e1", "8.1e1", "4.999e1", "5e1", "8.05e1"]
    rows = [[f"u{i}", cell, "yes"] for i, cell in enumerate(cells)]
    table, looped = _both(rubric, _sheet(tmp_path / "p.csv", ["unit_id", "p", "q"], rows))
    assert looped == len(cells)
    assert _cells(table, "p.score") == ["5", "0", "10", "0", "5", "10"]
    assert handed == ["yes"]


def test_rows_of_another_width_are_handed_over_and_the_loop_goes_on(tmp_path: Path) -> None:
    """A short row and one with a trailing empty cell among rows of the header's width: the
    loop hands each to the usual path (killed mutant of ``RowGenerator.write_loop``: its
    return for another width raising ``NameError``) and scores the rows after them."""
    rubric = tiercert.parse_rubric(COMPARED)
    path = tmp_path / "units.csv"
    path.write_text("unit_id,p,q\nu0,70,yes\nu1,80\nu2,90,no\nu3,10,yes,\nu4,20,yes\n")
    table, looped = _both(rubric, path)
    assert looped == 3
    assert _cells(table, "total") == ["15", "", "10", "10", "10"]


def test_rows_the_loop_hands_over_for_their_id_or_name(tmp_path: Path) -> None:
    """Ids and names the loop leaves to the usual path (an empty id, an id used
    before, a name a spreadsheet would read as a formula) or writes quoted itself (a name
    with a comma), each followed by rows it scores (killed mutants of
    ``RowGenerator.write_loop``: those returns and that quoting raising ``NameError``)."""
    rubric = tiercert.parse_rubric(COMPARED)
    path = tmp_path / "units.csv"
    lines = ["u0,A,70,yes", ",B,80,yes", "u1,C,90,no", "u0,D,10,yes", "u2,E,20,yes"]
    lines += ["u3,=F,30,yes", "u4,G,40,yes", 'u5,"H, I",55,yes', "u6,J,60,no"]
    path.write_text("unit_id,unit_name,p,q\n" + "\n".join(lines) + "\n")
    table, looped = _both(rubric, path)
    assert looped == 6
    assert _cells(table, "unit_name") == ["A", "B", "C", "D", "E", "'=F", "G", "H, I", "J"]


ANSWER_READ = COMPARED.replace(
    "tiers:", "gates:\n  - {id: g, title: G, require: {answer: p, at_least: 60}}\ntiers:"
)


def test_an_answer_a_condition_reads_is_read_exactly_in_the_row_scorer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparing reader gives the points, not the number: a criterion whose answer a gate
    compares is read by the exact reader, every row is still the loop's, and no number is
    handed to the evaluator's scorer of one answer (72.500 is 72.5: only a whole number
    refuses a dot then three digits)."""
    rubric = tiercert.parse_rubric(ANSWER_READ)
    evaluator = rubric._fast
    assert evaluator is not None
    handed: list[object] = []
    one = evaluator._score_one

    def counted(i: int, raw: object, missing_is_zero: bool) -> Any:
        handed.append(raw)
        return one(i, raw, missing_is_zero)

    monkeypatch.setattr(evaluator, "_score_one", counted)
    cells = ["50", "72.25", "59.99", "60", "80.5", "100", "72.500"]
    rows = [[f"u{i}", cell, "yes"] for i, cell in enumerate(cells)]
    table, looped = _both(rubric, _sheet(tmp_path / "p.csv", ["unit_id", "p", "q"], rows))
    assert looped == len(cells)
    # p's points + q's 10; below 60 the gate fails (tier one needs 10 and the gate)
    assert _cells(table, "total") == ["15", "15", "15", "15", "20", "20", "15"]
    assert _cells(table, "failed_gates") == ["g", "", "g", "", "", "", ""]
    assert _cells(table, "tier") == ["", "one", "", "one", "one", "one", "one"]
    assert handed == ["yes"]


@pytest.mark.parametrize(
    ("spare", "kept"),
    [
        # rows come one by one and c is read before k: both take from the spare at 20 cells,
        # c again at 21, when it runs out; k stops at 21
        (3, (22, 21)),
        # a spare of 10: each memo grows to 22 cells, not beyond
        (10, (22, 22)),
    ],
)
def test_the_memos_keep_their_share_of_the_budget_and_grow_from_the_spare(
    monkeypatch: pytest.MonkeyPatch, spare: int, kept: tuple[int, int]
) -> None:
    """The memos of one row scorer share a budget: NESTED has 14 memos (two groups scored
    directly, two facts, four criteria of which two with evidence columns keep four memos
    each: 2 + 2 + 1 + 4 + 1 + 4); a budget of 293 cells gives each 293 // 14 = 20, and
    ``spare`` more cells in all may be kept beyond that by memos of fewer than 22 cells."""
    monkeypatch.setattr(rows_module, "_MEMO_BUDGET", 293)
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", spare)
    monkeypatch.setattr(rows_module, "_MEMO_GROWN", 22)
    layout = RowLayout(
        {"g1": 0, "g11": 1, "a": 2, "b": 3, "c": 5, "d": 6},
        {"k": 8, "f": 9},
        {"b": (4, None), "d": (None, 7)},
        (),
    )
    scorer = _scorer(tiercert.parse_rubric(NESTED), layout)
    for n in range(30):
        row = ["", "", "yes", "yes", "QĐ 12", str(n), "hi", "https://x.vn", str(n), ""]
        (total, *_), _ = scorer.score(row)
        # a 5 + b 5 + c n x 2.5 (at most 10) + d 10, scaled by 10^5
        assert total == (20 + min(Fraction(10), Fraction(5, 2) * n)) * 10**5
    gen = scorer._gen
    c, k = gen.index["c"], [fact.id for fact in gen.facts].index("k")
    assert (len(gen.memos[c]), len(gen.fact_memos[k])) == kept


@pytest.mark.parametrize(
    ("limit", "budget", "kept"),
    [
        (18, 293, 18),  # no memo keeps more than the limit, whatever its share
        (4096, 14, 16),  # a share of one cell: each memo keeps 16 at least
    ],
)
def test_a_memo_keeps_the_limit_or_the_floor(
    monkeypatch: pytest.MonkeyPatch, limit: int, budget: int, kept: int
) -> None:
    monkeypatch.setattr(rows_module, "_MEMO_LIMIT", limit)
    monkeypatch.setattr(rows_module, "_MEMO_BUDGET", budget)
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", 0)
    layout = RowLayout({"p": 0, "q": 1}, {}, {}, ())
    scorer = _scorer(tiercert.parse_rubric(COMPARED), layout)
    for n in range(30):
        scorer.score([str(n), "yes"])
    assert len(scorer._gen.memos[scorer._gen.index["p"]]) == kept


def test_one_memo_alone_has_the_whole_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # a rubric of one criterion, no facts: its memo's share is the whole budget (20 of 20)
    monkeypatch.setattr(rows_module, "_MEMO_BUDGET", 20)
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", 0)
    rubric = tiercert.parse_rubric(
        """
format: 1
id: r
version: "1"
title: t
max: 10
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers:
  - {id: one, label: One, rank: 1, min: 5}
"""
    )
    scorer = _scorer(rubric, RowLayout({"a": 0}, {}, {}, ()))
    for n in range(30):
        scorer.score([f"{n / 4}"])
    assert len(scorer._gen.memos[0]) == 20


def test_each_cell_is_read_once_and_a_refused_one_is_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every cell the row scorer meets is read by the evaluator's reader of one answer, one
    group given directly or one fact once: met again, it comes from its memo, or (refused)
    goes to the usual path at once, without reading it again (killed mutants of
    ``RowScorer.__init__`` that forget cells: the same rows, slower)."""
    rubric = tiercert.parse_rubric(STATES)
    evaluator = rubric._fast
    assert evaluator is not None
    read: list[tuple[str, int, object]] = []
    for name in ("_score_one", "_read_direct", "_read_fact"):

        def spied(i: int, raw: object, *rest: Any, name: str = name, real: Any = None) -> Any:
            read.append((name, i, raw))
            return real(i, raw, *rest)

        monkeypatch.setattr(
            evaluator, name, functools.partial(spied, name=name, real=getattr(evaluator, name))
        )
    numbers = _numbers_read(monkeypatch)
    scorer = _scorer(rubric, RowLayout({"g1": 0, "a": 1, "b": 2, "c": 3}, {"ok": 4}, {}, ()))
    rows = [
        ["", "yes", "no", "2", "yes"],  # 5 + 0 + 2 x 2.5 = 10: one, the gate passed
        ["7.5", "", "", "na", "no"],  # 7.5 of 10, over 20 (c out): 15: one, the gate failed
        ["abc", "", "", "1", "yes"],  # refused: g1
        ["", "maybe", "no", "1", "yes"],  # refused: a
        ["", "yes", "no", "1", "maybe"],  # refused: ok
        ["", "yes", "no", "x1", "yes"],  # refused: c
    ]
    for _ in range(2):
        scored: list[Any] = []
        for row in rows:
            try:
                scored.append(scorer.score(row))
            except Fallback:
                scored.append(None)
        # scaled by 10^5; the key: total, tier (0 low, 1 one), gate, g1 given directly
        assert scored == [
            ((10 * 10**5, 1, True, False), (5 * 10**5, 5 * 10**5)),
            ((15 * 10**5, 1, False, True), (Fraction(15, 2) * 10**5, EXCLUDED)),
            None,
            None,
            None,
            None,
        ]
    # a b c, g1, ok: each cell once, the numbers of c by the row scorer itself
    assert sorted(read, key=str) == sorted(
        [
            ("_score_one", 1, "yes"),
            ("_score_one", 2, "no"),
            ("_score_one", 3, "na"),
            ("_score_one", 1, "maybe"),
            ("_score_one", 3, "x1"),
            ("_read_direct", 0, "7.5"),
            ("_read_direct", 0, "abc"),
            ("_read_fact", 0, "yes"),
            ("_read_fact", 0, "no"),
            ("_read_fact", 0, "maybe"),
        ],
        key=str,
    )
    assert sorted(map(str, numbers)) == ["1", "2", "na", "x1"]
    gen = scorer._gen
    assert gen.memos == {
        1: {"yes": 5 * 10**5},
        2: {"no": 0},
        3: {"2": 5 * 10**5, "na": EXCLUDED, "1": Fraction(5, 2) * 10**5},
    }
    assert gen.direct_memos == {0: {"7.5": Fraction(15, 2) * 10**5}}
    assert gen.fact_memos == {0: {"yes": True, "no": False}}


def test_evidence_texts_met_again_come_from_their_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    # what a pair of evidence texts carries (1: a justification, 2: a URL) is worked out once
    worked: list[tuple[str, str]] = []
    real = evidence_bits

    def bits(text: str, link: str, rules: Any) -> int:
        worked.append((text, link))
        return real(text, link, rules)

    monkeypatch.setattr("tiercert._fast.rows.evidence_bits", bits)
    layout = RowLayout(
        {"g1": 0, "g11": 1, "a": 2, "b": 3, "c": 5, "d": 6},
        {"k": 8},
        {"b": (4, None), "d": (None, 7)},
        (),
    )
    scorer = _scorer(tiercert.parse_rubric(NESTED), layout)
    url = "https://x.vn"
    for just in ("QĐ 12", "", "QĐ 12", " QĐ 12 "):
        # a 5 + b 5 (with its justification) + c 5 + d 10 (with its URL) = 25
        (total, *_), _ = scorer.score(["", "", "yes", "yes", just, "2", "hi", url, "3"])
        assert total == (25 if just.strip() else 20) * 10**5
    # each pair of texts as it came once (" QĐ 12 " is worked out cleaned, as QĐ 12)
    assert worked == [("QĐ 12", ""), ("", url), ("", ""), ("QĐ 12", "")]
    assert scorer._helpers["_EVM"] == {
        ("QĐ 12", ""): 1,
        ("", url): 2,
        ("", ""): 0,
        (" QĐ 12 ", ""): 1,
    }


def test_a_count_written_like_thousands_is_the_usual_paths(tmp_path: Path) -> None:
    # 1.000 in a count could mean 1 or 1000: the reference refuses it, so the row scorer hands
    # it over (never reads it as 1); 1.0 is one item, 1.5 none
    rubric = tiercert.parse_rubric(STATES)
    header = ["unit_id", "g1", "a", "b", "c", "ok"]
    cells = ["1.000", "2", "1.000", "12.000", "1.0", "1.5", "2.0"]
    rows = [[f"u{i}", "", "yes", "no", cell, "yes"] for i, cell in enumerate(cells)]
    table, looped = _both(rubric, _sheet(tmp_path / "c.csv", header, rows))
    assert looped == 3
    assert _cells(table, "c.score") == ["", "5", "", "", "2.5", "", "5"]
    assert ["could mean 1 or 1 thousand" in p for p in _cells(table, "problems")][:3] == [
        True,
        False,
        True,
    ]


def test_refused_cells_are_remembered_boundedly(monkeypatch: pytest.MonkeyPatch) -> None:
    # at most _REFUSED refused cells are remembered: beyond, a refused cell is read again
    monkeypatch.setattr(rows_module, "_REFUSED", 2)
    rubric = tiercert.parse_rubric(STATES)
    evaluator = rubric._fast
    assert evaluator is not None
    read: list[object] = []
    real = evaluator._score_one

    def spied(i: int, raw: object, missing_is_zero: bool) -> Any:
        read.append(raw)
        return real(i, raw, missing_is_zero)

    monkeypatch.setattr(evaluator, "_score_one", spied)
    scorer = _scorer(rubric, RowLayout({"a": 0, "b": 1}, {}, {}, ()))
    for _ in range(2):
        for word in ("maybe", "perhaps", "later"):
            with pytest.raises(Fallback):
                scorer.score([word, "no"])
    # the third refused cell is not remembered: read each time
    assert read == ["maybe", "perhaps", "later", "later"]


def test_evidence_in_records_of_values_by_the_row_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    # records of values: a justification given as a number (12) counts as the text 12, one
    # given as None counts as none; a URL given as a Decimal is its text
    rubric = tiercert.parse_rubric(NESTED)
    records: list[dict[str, object]] = [
        # a 5 + b 5 (justified by 12) + c 3 x 2.5 + d hi 10 (a URL): 17.5 + 10
        {"unit_id": "u1", "a": "yes", "b": "yes", "b.justification": 12, "c": 3, "d": "hi"},
        # a 5 + b without its justification 0 + c 2.5, d lo 5: 7.5 + 5
        {"unit_id": "u2", "a": "yes", "b": "yes", "b.justification": None, "c": 1, "d": "lo"},
    ]
    records[0]["d.url"] = Decimal("3.5")
    records[1]["d.url"] = "https://x.vn"
    given: list[object] = []
    real = RowScorer.value

    def spy(self: RowScorer, score: Any) -> object:
        given.append(score)
        return real(self, score)

    monkeypatch.setattr(RowScorer, "value", spy)
    fast = list(score_records(rubric, records))
    assert len(given) == 4  # each top-level score of each row, by the row scorer
    monkeypatch.undo()
    assert fast == list(score_records(rubric, records, engine="reference"))
    assert [r["total"] for r in fast] == [Fraction(55, 2), Fraction(25, 2)]


def test_a_refused_value_is_not_taken_for_an_equal_one() -> None:
    # records of values: Decimal("1.000") in a count is refused (1 or 1000?), and equals 1;
    # only text (and a missing answer) is remembered as refused, so the count 1 that follows
    # is scored by the row scorer, not sent to the usual path for looking like it
    scorer = _scorer(
        tiercert.parse_rubric(STATES), RowLayout({"a": 0, "b": 1, "c": 2}, {"ok": 3}, {}, ())
    )
    with pytest.raises(Fallback):
        scorer.score(["yes", "no", Decimal("1.000"), "yes"])
    # a 5 + c 2.5: tier one, the gate passed
    assert scorer.score(["yes", "no", 1, "yes"]) == (
        (75 * 10**4, 1, True),
        (5 * 10**5, 25 * 10**4),
    )
    # and a value is never remembered as the cell it equals: True (no count) is not 1
    with pytest.raises(Fallback):
        scorer.score(["yes", "no", True, "yes"])


def test_a_direct_groups_memo_is_bounded_and_keeps_text_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # STATES has 5 memos (g1 given directly, ok, a, b, c): a budget of 14 is a share of 2,
    # below the floor of 16 cells
    monkeypatch.setattr(rows_module, "_MEMO_BUDGET", 14)
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", 0)
    layout = RowLayout({"g1": 0, "a": 1, "b": 2, "c": 3}, {"ok": 4}, {}, ())
    scorer = _scorer(tiercert.parse_rubric(STATES), layout)
    for n in range(30):
        (total, *_), _ = scorer.score([str(n / 4), "", "", "2", "yes"])
        # g1 n/4 of 10 + c 2 x 2.5
        assert total == (Fraction(n, 4) + 5) * 10**5
    assert len(scorer._gen.direct_memos[0]) == 16
    # a value is not remembered as the text it equals: True gives no points, 1 does
    assert scorer.score([1, "", "", "2", "yes"])[0][0] == 6 * 10**5
    with pytest.raises(Fallback):
        scorer.score([True, "", "", "2", "yes"])


def test_a_facts_memo_keeps_text_only() -> None:
    # k is a number fact (a gate wants at least 2): 3 passes; True is no number, though it
    # equals 1 and 1 was met before
    layout = RowLayout(
        {"a": 2, "b": 3, "c": 5, "d": 6}, {"k": 8}, {"b": (4, None), "d": (None, 7)}, ()
    )
    scorer = _scorer(tiercert.parse_rubric(NESTED), layout)
    row = ["", "", "yes", "yes", "QĐ 12", "2", "hi", "https://x.vn"]
    assert scorer.score([*row, 3])[0][2:4] == (True, True)
    assert scorer.score([*row, 1])[0][2:4] == (True, False)
    with pytest.raises(Fallback):
        scorer.score([*row, True])


def test_evidence_given_as_values_is_judged_by_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records of values under a minimum length of 5: a justification given as a number or a
    date counts by the text it is written as (123456: six characters; 1234: four; 12.50
    five, though it equals 12.5, four), so a value's evidence is never remembered as an
    equal value's."""
    rubric = tiercert.parse_rubric(
        NESTED.replace("criteria:", "evidence_rules: {justification: {min_length: 5}}\ncriteria:")
    )
    scored: list[object] = []
    built = RowScorer.__init__

    def init(self: RowScorer, *args: Any) -> None:
        built(self, *args)
        score = self.score

        def counted(cells: Any) -> Any:
            out = score(cells)
            scored.append(cells)
            return out

        self.score = counted

    monkeypatch.setattr(RowScorer, "__init__", init)
    justifications = [123456, 1234, Decimal("12.50"), Decimal("12.5"), dt.date(2026, 12, 5)]
    records = [
        {"unit_id": f"u{n}", "a": "yes", "b": "yes", "b.justification": just, "c": 2, "d": "lo"}
        for n, just in enumerate(justifications)
    ]
    for record in records:
        record["d.url"] = "https://x.vn"
    # d without its URL (None: no value, not the text None) counts nothing
    records.append({**records[0], "unit_id": "u5", "d.url": None})
    fast = list(score_records(rubric, records))
    assert len(scored) == len(records)
    monkeypatch.undo()
    assert fast == list(score_records(rubric, records, engine="reference"))
    # a 5 + b 5 when its justification counts + c 5 + d lo 5 with its URL
    assert [r["total"] for r in fast] == [Fraction(20), 15, 20, 15, 20, 15]


def test_an_unhashable_cell_goes_to_the_usual_path() -> None:
    # a list in a record (a JSON line's array) cannot be looked up in a memo: the row scorer
    # hands the row over, and the usual path says what is wrong with it
    rubric = tiercert.parse_rubric(STATES)
    records = [
        {"unit_id": "u1", "a": ["yes"], "b": "no", "c": 2, "ok": "yes"},
        {"unit_id": "u2", "a": "yes", "b": "no", "c": 2, "ok": "yes"},  # 5 + 5 = 10
    ]
    fast = list(score_records(rubric, records))
    assert fast == list(score_records(rubric, records, engine="reference"))
    assert [r["status"] for r in fast] == ["rejected", "scored"]
    assert fast[1]["total"] == 10


def test_missing_answers_read_as_zero_reach_the_row_scorer() -> None:
    """``missing_is_zero`` reaches the row scorer: a blank answer scores 0 there (told
    otherwise, the row goes to the usual path, which says the answer is missing)."""
    rubric = tiercert.parse_rubric(STATES)
    evaluator = rubric._fast
    assert evaluator is not None
    layout = RowLayout({"a": 0, "b": 1, "c": 2}, {"ok": 3}, {}, ())
    zero = evaluator.row_scorer(layout, True, is_empty=is_empty, cell_value=cell_value)
    told = evaluator.row_scorer(layout, False, is_empty=is_empty, cell_value=cell_value)
    assert zero is not None
    assert told is not None
    # a yes (5) and b blank (0) under g1, c two items (5): 10, the tier one, g1 and c 5 each
    (total, _tier, _direct), tops = zero.score(["yes", "", "2", "yes"])
    assert zero.value(total) == Fraction(10)
    assert [zero.value(t) for t in tops] == [Fraction(5), Fraction(5)]
    with pytest.raises(Fallback):
        told.score(["yes", "", "2", "yes"])


def test_the_row_scorer_keeps_no_float_image_of_the_cells_it_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The compared criterion's cells read through ``numbers.PASSING``, not the evaluator's
    ``IMAGES``: cells each met once leave no float image behind (killed mutants of
    RowScorer.__init__ that rename ``_IMGS``: the same scores, kept images)."""
    from tiercert._fast import numbers

    monkeypatch.setattr(rows_module, "_MEMO_LIMIT", 0)  # nor kept in the row memos
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", 0)
    scorer = _scorer(tiercert.parse_rubric(COMPARED), RowLayout({"p": 0, "q": 1}, {}, {}, ()))
    cells = [f"{n}.{n:06d}1" for n in range(40, 90)]
    images = numbers.IMAGES
    assert not any(cell in images for cell in cells)
    tops = [scorer.score([cell, "yes"])[1] for cell in cells]
    assert not any(cell in images for cell in cells)
    scaled = scorer.evaluator.numbers.scaled
    expected = [scaled(Fraction(points)) for points in [0] * 10 + [5] * 31 + [10] * 9]
    assert [top[0] for top in tops] == expected


#: a level with evidence rules of its own (a justification of 10 characters or more)
OWN_RULES = """
format: 1
id: r
version: "1"
title: t
max: 10
criteria:
  - id: d
    title: D
    max: 10
    evidence: [justification]
    rule:
      kind: levels
      levels:
        - {id: hi, points: 10, evidence_rules: {justification: {min_length: 10}}}
        - {id: lo, points: 5}
"""


def test_a_level_with_evidence_rules_of_its_own_takes_the_usual_path(tmp_path: Path) -> None:
    """The row scorer keeps one memo per combination of evidence bits under the rubric's
    rules, which cannot tell ``QĐ 12`` from ``QĐ 12/2024-UBND`` for a level that asks 10
    characters: such a rubric has no row scorer, each row is read as an assessment (killed
    mutant 3 of RowGenerator.__init__, which built one: the second row scored as the first)."""
    rubric = tiercert.parse_rubric(OWN_RULES)
    with pytest.raises(Unsupported):
        _scorer(rubric, RowLayout({"d": 1}, {}, {"d": (2, None)}, ()))
    rows = [["u1", "hi", "QĐ 12"], ["u2", "hi", "QĐ 12/2024-UBND"], ["u3", "lo", "QĐ 12"]]
    header = ["unit_id", "d", "d.justification"]
    table, looped = _both(rubric, _sheet(tmp_path / "units.csv", header, rows))
    assert looped == 0
    assert _cells(table, "total") == ["0", "10", "5"]


def test_the_row_function_is_compiled_on_its_first_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """``RowScorer.score`` compiles the row function on the first row and is that function
    from then on; a replaced ``score`` is kept (the first-use function calls the compiled
    row); a row function that cannot be compiled sends every row the usual way."""
    rubric = tiercert.parse_rubric(STATES)
    evaluator = rubric._fast
    assert evaluator is not None
    layout = RowLayout({"g1": 0, "a": 1, "b": 2, "c": 3}, {"ok": 4}, {}, ())
    row = ["", "yes", "no", "2", "yes"]
    scorer = _scorer(rubric, layout)
    runs: list[str] = []
    run = evaluator._run

    def counted(code: str, *rest: Any) -> Any:
        runs.append(code)
        return run(code, *rest)

    monkeypatch.setattr(evaluator, "_run", counted)
    first = scorer.score
    expected = first(row)
    assert scorer.score is not first
    assert scorer.score(row) == expected
    assert first(row) == expected
    assert len(runs) == 1  # compiled once, however it is called
    replaced = _scorer(rubric, layout)
    replaced.score = lambda cells: ((), ())
    assert replaced._first_score(row) == expected
    assert replaced.score(row) == ((), ())
    deep = _scorer(rubric, layout)
    compiled: list[str] = []

    def too_deep(code: str, *rest: Any) -> Any:
        compiled.append(code)
        raise RecursionError

    monkeypatch.setattr(evaluator, "_run", too_deep)
    for _ in range(2):
        with pytest.raises(Fallback):
            deep.score(row)
    assert len(compiled) == 1
    assert compiled[0].startswith("def row(")


def test_a_row_function_compiled_while_waiting_is_not_compiled_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``RowScorer._first_score`` looks again once it holds the evaluator's first-use lock:
    a row function another thread compiled while this one waited for the lock is the one
    called, not compiled a second time (the lock stands in for that thread here:
    entering it sets the row function, as the other thread would have)."""
    rubric = tiercert.parse_rubric(STATES)
    evaluator = rubric._fast
    assert evaluator is not None
    layout = RowLayout({"g1": 0, "a": 1, "b": 2, "c": 3}, {"ok": 4}, {}, ())
    row = ["", "yes", "no", "2", "yes"]
    scorer = _scorer(rubric, layout)
    runs: list[str] = []
    run = evaluator._run

    def counted(code: str, *rest: Any) -> Any:
        runs.append(code)
        return run(code, *rest)

    def compiled_meanwhile(cells: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        return ("meanwhile",), ()

    class Waited:
        def __enter__(self) -> None:
            scorer._row = compiled_meanwhile

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(evaluator, "_run", counted)
    monkeypatch.setattr(evaluator, "_first_use", Waited())
    assert scorer.score(row) == (("meanwhile",), ())
    assert runs == []  # (the thread that compiled it makes it the scorer's score)
