"""Cells the row loop meets for the first time (``new<i>``, the readers of a bands or linear
criterion's plain decimal text): the floats of plain texts shared by all columns (``_NUMS``,
bounded), a spaced text read as the reader's cleaning makes it, and a full memo not asked
again once the shared pool is spent.  Each test holds the row loop to the reference (output,
summary and problems) on texts a wrong shortcut would misread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_batch_rows import (
    BAC_GIANG,
    _bac_giang_rows,
    _looped,
    _raw_csv,
    _referenced,
    _row_scorer,
    _scorers_made,
)

import tiercert
import tiercert._fast.rows
from tiercert._fast.numbers import Fallback
from tiercert._fast.rows import RowScorer

#: two bands criteria with other edges (a: 72.5; b: 0.1, 0.3, 50), a linear one, and a
#: third bands criterion of a narrower range (c: 0 to 100, where a takes up to 200)
SHARED = """
format: 1
id: shared
version: "1"
title: Shared texts
max: 40
criteria:
  - id: a
    title: A
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 200}
      bands: [{min: 0, max: 72.5, points: 0}, {min: 72.5, max: 200, points: 10}]
  - id: b
    title: B
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands:
        - {min: 0, max: 0.1, points: 0}
        - {min: 0.1, max: 0.3, points: 2}
        - {min: 0.3, max: 50, points: 5}
        - {min: 50, max: 100, points: 10}
  - id: l
    title: L
    max: 10
    rule:
      kind: linear
      range: {min: 0, max: 200}
      start: {value: 0, points: 0}
      end: {value: 80, points: 10}
  - id: c
    title: C
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 10}]
tiers:
  - {id: one, label: One, rank: 1, min: 10}
  - {id: two, label: Two, rank: 2, min: 25}
"""

#: texts a wrong shortcut misreads: on an edge of one criterion and not of another
#: (``50``, ``72.5``, ``0.3``), the same number spelt twice (``72.50``, ``72.5``; ``50`` and
#: ``5``), floats just around an edge (``0.1`` and ``0.3`` as floats print their neighbours),
#: long decimal text whose float is an edge's (``49.99999999999999999999``), a text one
#: criterion's range takes and another's refuses (``100.01``, ``150``), spaced texts
TRICKY = (
    "50",
    "5",
    "500",
    "50.0",
    "50.00",
    "72.5",
    "72.50",
    "72.49999999999999999999",
    "72.50000000000000000001",
    "0.1",
    "0.3",
    "0.30000000000000004",
    "0.29999999999999998",
    "0.09999999999999999",
    "0.10000000000000001",
    "0.2",
    "49.99999999999999999999",
    "50.00000000000000000001",
    "49.999999999999996",
    "100.01",
    "150",
    "100",
    " 72.5 ",
    " 50 ",
    "\t0.3",
    " 100.01 ",
    "80",
    "79.99999999999999999999",
    "12.5",
)


def _sheet(rows: list[list[str]], path: Path) -> None:
    _raw_csv(path, ["unit_id", "a", "b", "l", "c"], [[f"u{k}", *row] for k, row in enumerate(rows)])


def _every_order() -> list[list[str]]:
    """Each tricky text in every column, met first in each column in turn (one text a row,
    shifted by one column each time; the other cells a plain 12.5 each)."""
    rows = []
    for shift in range(4):
        for text in TRICKY:
            row = ["12.5"] * 4
            row[shift] = text
            rows.append(row)
        for text in TRICKY:  # and again, in all four columns of one row
            rows.append([text] * 4)
    return rows


def _scored(tmp_path: Path, rows: list[list[str]]) -> tuple[Any, ...]:
    rubric = tiercert.parse_rubric(SHARED)
    path = tmp_path / "units.csv"
    _sheet(rows, path)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    return looped, summary, problems, counted


def test_equal_texts_in_other_criteria_keep_their_own_points(tmp_path: Path) -> None:
    """A text's float is shared by the columns; its points are each criterion's: ``72.5``
    is 10 in a and 5 in b, ``50`` is an edge of b and c and not of a, ``100.01`` and ``150``
    are taken by a and l and refused by b and c (with the reference's problem), whichever
    column meets the text first."""
    _, _, problems, counted = _scored(tmp_path, _every_order())
    assert counted > 20
    assert any("100.01" in p for p in problems)
    assert any("150" in p for p in problems)


def test_the_floats_shared_are_the_plain_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The texts met in one column and then in another are read by the second column's
    ``new<i>`` from the shared floats (``_NUMS``): the floats kept are the plain texts' (a
    spaced one's is not kept: its cleaned text is read again) and what they read as."""
    seen = _scorers_made(monkeypatch)
    rows = [[text] * 4 for text in ("12.5", "33.25", "72.50", "61.125")]
    _scored(tmp_path, [*rows, [" 33.25 ", "61.125", "12.5", "72.50"]])
    (scorer,) = seen
    shared = scorer._helpers["_NUMS"]
    assert shared == {"12.5": 12.5, "33.25": 33.25, "72.50": 72.5, "61.125": 61.125}


def _counted_cells(scorer: RowScorer) -> list[tuple[int, object]]:
    """Replace the scorer's ``_cell`` seen by its ``new<i>`` readers with one that counts."""
    calls: list[tuple[int, object]] = []
    names = scorer._helpers[f"new{scorer._gen.new_readers[0]}"].__globals__
    cell = names["_cell"]

    def counted(i: int, raw: object, ev: int) -> Any:
        calls.append((i, raw))
        return cell(i, raw, ev)

    for i in scorer._gen.new_readers:
        reader = names[f"new{i}"]
        reader.__defaults__ = (counted,)
    return calls


def test_a_spaced_plain_text_is_read_by_the_new_reader(tmp_path: Path) -> None:
    """`` 72.5 `` (spaces around, as people leave them) is read by ``new<i>`` as the
    reader's cleaning makes it (``72.5``), not handed to ``_cell``; a text the cleaning does
    not make plain (``7 2``, ``72,5``) or leaves as it was (``050``) still is, and each
    scores as ``_cell`` scores it."""
    rubric = tiercert.parse_rubric(SHARED)
    path = tmp_path / "units.csv"
    _sheet([["1", "1", "1", "1"]], path)
    scorer = _row_scorer(rubric, path)
    calls = _counted_cells(scorer)
    names = scorer._helpers
    for i in scorer._gen.new_readers:
        for text in (" 12.5 ", "\t33.25", " 49.99999999999999999999 ", "61.125 ", " 100.01 "):
            new = _outcome(names[f"new{i}"], text, 0)
            assert new == _outcome(names["_cell"], i, text.strip(), 0)
    handed = [text for _, text in calls]
    assert not {" 12.5 ", "\t33.25", "61.125 "} & set(handed)  # read in the reader
    # on an edge's float or outside the range: _cell decides, as for the text unspaced
    assert " 49.99999999999999999999 " in handed
    assert " 100.01 " in handed
    for i in scorer._gen.new_readers:
        for text in ("7 2", "72,5", "050", " 050 "):
            calls.clear()
            assert _outcome(names[f"new{i}"], text, 0) == _outcome(names["_cell"], i, text, 0)
            assert calls == [(i, text)]


#: texts ``float()`` takes that are not plain decimal as written: underscores, exponents,
#: signs, leading zeros, a dot at either end, ``nan`` and ``inf``, non-ASCII digits
NOT_PLAIN = (
    "1_0",
    "12_5.5",
    "0.5_0",
    "0_0",
    "1e1",
    "5E1",
    "725E-1",
    "2.5e0",
    "+5",
    "-0",
    "-12.5",
    "05",
    "012.5",
    "00.5",
    "5.",
    "12.",
    ".5",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "١٢",
    "٧٢.٥",
    "１２",
    "1٣",
    "1٣5",
    "7٢.5",
)
#: spaced texts whose cleaned text ``float()`` does not take (a space or second dot inside)
NOT_FLOAT = (" 7 2 ", "\t1.2.3 ", " 72,5 ", " 1__0 ")


def test_texts_float_takes_that_are_not_plain_are_handed_to_cell(tmp_path: Path) -> None:
    """A text ``float()`` takes but that is not plain decimal as written (see
    :data:`NOT_PLAIN`) is not read by ``new<i>``, whose plain test comes after ``float``: it
    goes to ``_cell`` (the reader decides, as it does for every other text), also spaced,
    as does a spaced text whose cleaned text ``float`` refuses (:data:`NOT_FLOAT`); each
    scores (or is refused) as ``_cell`` scores it.  A text plain once the reader's cleaning
    strips it is read by ``new<i>`` as before."""
    rubric = tiercert.parse_rubric(SHARED)
    path = tmp_path / "units.csv"
    _sheet([["1", "1", "1", "1"]], path)
    scorer = _row_scorer(rubric, path)
    calls = _counted_cells(scorer)
    names = scorer._helpers
    for i in scorer._gen.new_readers:
        for text in (*NOT_PLAIN, *(f" {text} " for text in NOT_PLAIN)):
            float(text)  # taken by float: only the plain test tells
            calls.clear()
            assert _outcome(names[f"new{i}"], text, 0) == _outcome(names["_cell"], i, text, 0)
            assert calls == [(i, text)], text
        for text in NOT_FLOAT:
            calls.clear()
            assert _outcome(names[f"new{i}"], text, 0) == _outcome(names["_cell"], i, text, 0)
            assert calls == [(i, text)], text
        for text in ("12.5", "0.75", "7", "99.75", " 12.5", "33.25\t"):
            calls.clear()
            read = _outcome(names[f"new{i}"], text, 0)
            assert calls == [], text
            assert read == _outcome(names["_cell"], i, text, 0)


#: SHARED without its linear criterion: no share finer than the evaluator's scale, so the
#: row scorer is the one written first (SHARED's linear share of 1/8 sends it to the
#: evaluator of FINE_PLACES places)
BANDS_ONLY = SHARED.replace("max: 40", "max: 30").replace(
    """  - id: l
    title: L
    max: 10
    rule:
      kind: linear
      range: {min: 0, max: 200}
      start: {value: 0, points: 0}
      end: {value: 80, points: 10}
""",
    "",
)


@pytest.mark.parametrize("made", ["first", "fine", "no-fine"])
def test_a_spaced_plain_text_is_read_by_the_new_reader_of_each_scorer_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: str
) -> None:
    """Each of the three row generators ``RowScorer`` may write (the first, at the
    evaluator's scale; the one of the evaluator of FINE_PLACES places; this scale's again
    when there is none) writes readers that clean a cell: `` 12.5 `` and ``\t33.25`` are
    read in ``new<i>``, not handed to ``_cell``, and score as ``_cell`` scores them."""
    from tiercert._fast.evaluator import FastEvaluator

    rubric = tiercert.parse_rubric(BANDS_ONLY if made == "first" else SHARED)
    ids = ["a", "b", "c"] if made == "first" else ["a", "b", "l", "c"]
    if made == "no-fine":
        monkeypatch.setattr(FastEvaluator, "fine_rows", lambda self: None)
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", *ids], [["u0"] + ["1"] * len(ids)])
    scorer = _row_scorer(rubric, path)
    assert (scorer.evaluator is rubric._fast) == (made != "fine")
    calls = _counted_cells(scorer)
    names = scorer._helpers
    for i in scorer._gen.new_readers:
        for text in (" 12.5 ", "\t33.25"):
            new = _outcome(names[f"new{i}"], text, 0)
            assert new == _outcome(names["_cell"], i, text.strip(), 0)
    assert len(scorer._gen.new_readers) >= 3
    assert calls == []


def _outcome(read: Any, *args: Any) -> object:
    try:
        return read(*args)
    except Fallback:
        return "refused"


def test_spaced_texts_on_a_sheet_are_the_references(tmp_path: Path) -> None:
    """Spaced texts (the shipped rubric's rows, a cell in six spaced) on a sheet: the
    reference's output, summary and problems, through the row loop."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 200, 23)
    for k, row in enumerate(rows):
        for j in range(2, len(row)):
            if (k + j) % 6 == 0 and row[j]:
                row[j] = f" {row[j]} " if j % 2 else f"\t{row[j]}  "
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 100


def test_a_text_shared_then_met_where_it_is_refused(tmp_path: Path) -> None:
    """``100.01`` and ``150`` read (and their floats kept) in a, then met in c, whose range
    stops at 100: refused there with the reference's problem, also when c's memo is full and
    in rows met after that; ``49.99999999999999999999`` read in a (no edge at 50 there), then
    met in c, where its float is the edge's: read exactly (0 points), not as 50."""
    rows = [["100.01", "1", "100.01", "1"], ["150", "1", "150", "1"]]
    rows += [["49.99999999999999999999", "1", "1", "49.99999999999999999999"]]
    rows += [["1", "1", "1", "100.01"], ["1", "1", "1", "150"], ["1", "1", "1", "100.01"]]
    looped, _summary, problems, _ = _scored(tmp_path, rows)
    assert sum("100.01" in p for p in problems) == 2
    assert sum("150" in p for p in problems) == 1
    lines = [line.split(",") for line in looped.splitlines()]
    column = lines[0].index("c.score")
    assert lines[3][column] == "0"  # c's points for 49.99...9, its float 50.0


@pytest.mark.parametrize("kept", [0, 1, 3])
def test_the_shared_floats_stay_within_their_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """With room for ``kept`` floats (and memos of 16 cells, no spare pool): the first
    ``kept`` plain texts are kept, a new text after that is still read (the reference's
    output), and the floats kept are those texts' floats."""
    monkeypatch.setattr(tiercert._fast.rows, "_NUMBERS_KEPT", kept)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 16)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 0)
    seen = _scorers_made(monkeypatch)
    rows = _every_order() + [[f"{k}.{k % 7}"] * 4 for k in range(40)]
    _scored(tmp_path, rows)
    (scorer,) = seen
    shared = scorer._helpers["_NUMS"]
    assert len(shared) == kept
    assert all(float(text) == number for text, number in shared.items())


def test_a_full_memo_is_not_asked_again_once_the_pool_is_spent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memos of 4 cells and a pool of 3: a reader of a cell met for the first time grows a
    full memo from the pool while it lasts (3 cells in all, each memo up to ``_GROWN``),
    then never again, without calling ``_room`` (its test is written into the reader)."""
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 4)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 3)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_GROWN", 6)
    rubric = tiercert.parse_rubric(SHARED)
    path = tmp_path / "units.csv"
    _sheet([["1", "1", "1", "1"]], path)
    scorer = _row_scorer(rubric, path)
    names = scorer._helpers[f"new{scorer._gen.new_readers[0]}"].__globals__
    asked: list[object] = []
    names["_room"] = asked.append
    for k in range(60):
        for i in scorer._gen.new_readers:
            scorer._helpers[f"new{i}"](f"{k + 1}.25", 0)
    assert names["_SPARE"] == [0]
    grown = [len(scorer._gen.memos[i]) for i in scorer._gen.new_readers]
    assert all(4 <= size <= 6 for size in grown)
    assert sum(grown) == 4 * len(grown) + 3
    assert asked == []  # the readers ask no memo: the pool spent, nothing grows


def test_a_reader_grows_a_memo_from_the_pool_to_its_bound_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memos of 4 cells, each up to 6 from a pool of 100 that outlasts them: every reader's
    memo stops at 6 (2 from the pool each), and the pool keeps the rest."""
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 4)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 100)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_GROWN", 6)
    rubric = tiercert.parse_rubric(SHARED)
    path = tmp_path / "units.csv"
    _sheet([["1", "1", "1", "1"]], path)
    scorer = _row_scorer(rubric, path)
    readers = scorer._gen.new_readers
    before = [len(scorer._gen.memos[i]) for i in readers]
    for k in range(60):
        for i in readers:
            scorer._helpers[f"new{i}"](f"{k + 1}.25", 0)
    assert [len(scorer._gen.memos[i]) for i in readers] == [6] * len(readers)
    names = scorer._helpers[f"new{readers[0]}"].__globals__
    assert names["_SPARE"] == [100 - 2 * len(readers) - sum(max(0, b - 4) for b in before)]
