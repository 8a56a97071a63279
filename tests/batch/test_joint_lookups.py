"""The row loop's joint look-ups: cells of criteria read by ``_cell`` (levels, yes/no,
counts), read one after the other and summed together and nowhere else, looked up in one memo
(the tuple of their texts -> the sum of their scores) instead of one look-up each and their
additions (``_joint_reads``).  The sheet tests hold the loop to the reference (output, summary
and problems) on rows whose cells are met again, refused cells among them."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import (
    BAC_GIANG,
    _bac_giang_rows,
    _looped,
    _raw_csv,
    _referenced,
    _row_scorer,
    _spelt,
    sheets,
)

import tiercert
from tiercert import Rubric
from tiercert._fast import rows as rows_module
from tiercert._fast.rows import _joint_reads
from tiercert.template import template_columns


def _subscript(var: str, memo: str, cell: str, i: int, indent: str = "    ") -> list[str]:
    return [
        f"{indent}try:",
        f"{indent}    {var} = {memo}[{cell}]",
        f"{indent}except KeyError:",
        f"{indent}    {var} = _cellx({i}, {cell}, 0)",
    ]


def test_cells_summed_together_are_looked_up_together() -> None:
    """Runs of subscript reads, each summed in its own line: a joint memo for a run of three
    or more (a pair's costs what its two look-ups and their addition cost), looked up while
    its flag is on, read on a miss as before and kept only when no cell was refused and
    every cell is text, boundedly, its flag put off for good once it is full and misses; the
    sums take the joint score where their first member stood."""
    read = [
        *_subscript("s2", "K1", "c[3]", 2),
        *_subscript("s3", "K2", "c[4]", 3),
        *_subscript("s5", "K3", "c[5]", 5),
        *_subscript("s6", "K4", "c[6]", 6),
        *_subscript("s7", "K5", "c[7]", 7),
    ]
    rest = ["    x = s2 + s3", "    s1 = x", "    x = s9 + s5 + s6 + s7", "    s4 = x"]
    joined, summed, joints = _joint_reads(read, rest)
    assert joints == 1
    assert (
        joined
        == [
            *read[:8],  # a pair: read one by one
            "    if jo0:",
            "        try:",
            "            j0 = J0[c[5], c[6], c[7]]",
            "        except KeyError:",
            *("        " + line for line in read[8:]),
            "            j0 = s5 + s6 + s7",
            "            if not _BAD and c[5].__class__ is str and c[6].__class__ is str and "
            "c[7].__class__ is str:",
            "                if len(J0) < _JLIMIT and len(K3) * len(K4) * len(K5) <= _JLIMIT:",
            "                    J0[c[5], c[6], c[7]] = j0",
            "                else:",
            "                    jo0 = _JON[0] = False",
            "    else:",
            *("    " + line for line in read[8:]),
            "        j0 = s5 + s6 + s7",
        ]
    )
    assert summed == ["    x = s2 + s3", "    s1 = x", "    x = s9 + j0", "    s4 = x"]


def test_cells_not_summed_alone_together_are_read_one_by_one() -> None:
    """No joint look-up for a pair, a cell alone in its sum, a score named anywhere else
    (another rule reads it, N/A tests it), a sum that is not plain, scores of other sums side
    by side, cells of another shape (``get``, evidence bits, another indent), or when the
    names ``J<n>``, ``j<n>``, ``jo<n>`` or ``_JON`` are taken."""
    trio = [
        *_subscript("s2", "K1", "c[3]", 2),
        *_subscript("s3", "K2", "c[4]", 3),
        *_subscript("s4", "K3", "c[5]", 4),
    ]
    plain = ["    x = s2 + s3 + s4"]
    assert _joint_reads(trio, plain)[2] == 1
    assert _joint_reads(trio[:8], ["    x = s2 + s3"]) == (trio[:8], ["    x = s2 + s3"], 0)
    for rest in (
        ["    x = s2 + s3 + s4", "    y = s3"],  # named again
        ["    x = s2 * 2 + s3 + s4"],  # not a plain sum
        ["    x = s2 + s3 + s9", "    x = s4 + s8"],  # two sums
        ["    x = s2 + s2 + s3 + s4"],  # a term twice
        ["    x = s2 + s3 + s4", "    j0 = 1"],  # the name taken
        ["    x = s2 + s3 + s4", "    jo0 = 1"],  # the flag's name taken
        ["    x = s2 + s3 + s4", "    _JON = 1"],  # the flags' name taken
        [],  # summed nowhere
    ):
        assert _joint_reads(trio, rest) == (trio, rest, 0), rest
    evidence = [*trio[:11], "        s4 = _cellx(4, c[5], v1)"]
    assert _joint_reads(evidence, plain)[2] == 0
    other_memo = [*trio[:8], "    s4 = K3.get(c[5])", "    if s4 is None:", "        s4 = 0"]
    assert _joint_reads(other_memo, plain)[2] == 0
    deeper = [*trio[:8], *_subscript("s4", "K3", "c[5]", 4, "        ")]
    assert _joint_reads(deeper, plain)[2] == 0
    other_cell = [*trio[:11], "        s4 = _cellx(4, c[6], 0)"]
    assert _joint_reads(other_cell, plain)[2] == 0
    short = trio[:11]  # a read cut short at the end
    assert _joint_reads(short, plain) == (short, plain, 0)


def test_reads_off_the_subscripts_shape_by_one_line_are_read_one_by_one() -> None:
    """A subscript read is joined only when each of its four lines has its shape: a third
    read whose look-up is indented otherwise, whose handler catches another error, whose
    look-up is not a subscript of a memo, or whose read on a miss sets another score, leaves
    the three read one by one (killed mutants of ``_joint_reads``: each test of the shape
    joined to the next by ``and``)."""
    trio = [
        *_subscript("s2", "K1", "c[3]", 2),
        *_subscript("s3", "K2", "c[4]", 3),
        *_subscript("s4", "K3", "c[5]", 4),
    ]
    plain = ["    x = s2 + s3 + s4"]
    assert _joint_reads(trio, plain)[2] == 1  # the shape itself: joined
    for third in (
        [
            "    try:",
            "      s4 = K3[c[5]]",
            "    except KeyError:",
            "        s4 = _cellx(4, c[5], 0)",
        ],
        [
            "    try:",
            "        s4 = K3[c[5]]",
            "    except IndexError:",
            "        s4 = _cellx(4, c[5], 0)",
        ],
        [
            "    try:",
            "        s4 = K3[c[5]] or 0",
            "    except KeyError:",
            "        s4 = _cellx(4, c[5], 0)",
        ],
    ):
        read = [*trio[:8], *third]
        assert _joint_reads(read, plain) == (read, plain, 0), third
    # the read on a miss sets another score (the look-up's named three times all the same)
    other = [*trio[:11], "        s9 = _cellx(4, c[5], 0)"]
    named = [*plain, "    s1 = s4"]
    assert _joint_reads(other, named) == (other, named, 0)


def test_the_shipped_rubrics_loop_looks_level_cells_up_together(tmp_path: Path) -> None:
    """The shipped rubric's loop: ``g2``'s three cells and ``g3``'s four each one joint
    look-up (``g1.1``'s and ``g1.2``'s pairs read one by one); the row function is as it
    was."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 20, 3)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    scorer = _row_scorer(rubric, path)
    loop = scorer._gen.write_loop(len(header), 0, 1, len(scorer.top_ids))
    assert re.findall(r" = (J[0-9]+\[.*\])\n", loop) == [
        "J0[c[11], c[12], c[13]]",
        "J1[c[15], c[16], c[17], c[18]]",
    ]
    assert "    jo0, jo1, = _JON\n" in loop
    assert scorer._gen.joints == 2
    assert "J0" not in scorer._gen.row_code
    # each top-level score named as it is, not through ``t``
    assert "        t = s0\n" not in loop
    assert "        p0(s0)\n" in loop


#: what a level, yes/no or count cell may hold in the sheets below: answers, refused texts
#: (a typo, another criterion's level), spaced and decomposed spellings, nothing
_LEVEL_ODD = ("tốtt", "maybe", "-1", "7.5", "", "  ", "na", "N/A", "x", "dat")
#: the shipped rubric's counts (read by ``_cell`` as its levels and yes/no are)
_COUNTS = ("g1.2.1", "g3.4", "g4.1", "g4.3")


@st.composite
def _shipped_rows(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """Rows of the shipped rubric whose level, yes/no and count cells come from a few texts
    each (so that their combinations come again), refused ones among them, and a group scored
    directly now and then."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, draw(st.integers(20, 90)), draw(st.integers(0, 99)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    columns = template_columns(rubric)
    pools: dict[int, list[str]] = {}
    for k, column in enumerate(columns):
        if column.kind != "answer":
            continue
        if column.choices:
            pools[k] = [rng.choice(column.choices) for _ in range(2)]
        elif column.id in _COUNTS:
            pools[k] = [str(rng.randint(0, 4)) for _ in range(2)]
        else:
            continue
        pools[k].append(rng.choice([*_LEVEL_ODD, *pools[k]]))
    refused = draw(st.floats(0, 0.2))
    for row in rows:
        if row[2]:  # g1 scored directly: its cells must stay empty
            continue
        for k, pool in pools.items():
            row[k] = rng.choice(pool) if rng.random() >= refused else rng.choice(_LEVEL_ODD)
            row[k] = _spelt(row[k], rng)
    return header, rows


@settings(max_examples=40, deadline=None)
@given(_shipped_rows())
def test_level_cells_met_again_are_the_references(
    tmp_path_factory: pytest.TempPathFactory, sheet: tuple[list[str], list[list[str]]]
) -> None:
    """The shipped rubric on rows whose joint cells come again, with refused texts among
    them (a row with one is handed over, its problem the reference's, however often its
    companions come again): output, summary and problems the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = sheet
    path = tmp_path_factory.mktemp("joint") / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


@settings(max_examples=60, deadline=None)
@given(sheets(), st.randoms(use_true_random=False))
def test_rows_met_again_on_any_rubric_are_the_references(
    tmp_path_factory: pytest.TempPathFactory,
    sheet: tuple[Rubric, list[str], list[list[str]]],
    rng: random.Random,
) -> None:
    """Any rubric's sheet (odd values, N/A, evidence, direct groups), each row three times
    under new ids in shuffled order, so that the loop meets its cells again: output, summary
    and problems the reference's."""
    rubric, header, rows = sheet
    if "unit_id" not in header:
        return
    at = header.index("unit_id")
    again: list[list[str]] = []
    for copy in range(3):
        for n, row in enumerate(rows):
            row = [_spelt(cell, rng) for cell in row]
            if row[at]:
                row[at] = f"{row[at]}-{copy}-{n}"
            again.append(row)
    rng.shuffle(again)
    path = tmp_path_factory.mktemp("again") / "units.csv"
    _raw_csv(path, header, again)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


_FIELDS: dict[str, Any] = {
    "_HEADS": {},
    "_head": lambda key: ("h", "t", key[0]),
    "_TEXTS": {},
    "_text": str,
    "_nfc": unicodedata.normalize,
    "_odd_name": lambda name: True,
    "_clean_id": str.strip,
    "_SPECIAL": frozenset("#"),
    "_SUMMARY": frozenset(),
    "_QUOTED": frozenset("="),
    "_field": repr,
    "_BLANK": "",
}


def _shipped_loop(tmp_path: Path, rows: int = 20) -> tuple[Any, Any, list[str], list[list[str]]]:
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, records = _bac_giang_rows(rubric, rows, 5)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, records)
    scorer = _row_scorer(rubric, path)
    fields = {**_FIELDS, "_HEADS": {}, "_TEXTS": {}}
    loop = scorer.loop(len(header), 0, 1, **fields)
    return scorer, loop, header, records


def _run(loop: Any, records: list[list[Any]], tops: int) -> list[str]:
    out: list[str] = []
    it = iter(records)
    n = 0
    while True:
        n, stopped, _ = loop(it, n, out, [], [[] for _ in range(tops)], {})
        if stopped is None:
            return out


def test_joint_memos_keep_texts_only_and_boundedly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record of typed cells (``True``, ``1``, ``1.0``: equal to one another, and a memo
    keyed by one would answer for the others) is scored but its cells' sum not kept; a joint
    memo keeps at most as many sums as each cell's memo keeps texts (16 here), and is
    looked up no more once its cells' texts make more combinations."""
    monkeypatch.setattr(rows_module, "_MEMO_LIMIT", 16)
    scorer, loop, header, records = _shipped_loop(tmp_path, 120)
    tops = len(scorer.top_ids)
    counts = [header.index(c) for c in ("g3.4",)]
    rng = random.Random(4)
    typed = []
    for n, record in enumerate(records):
        record = list(record)
        record[0] = f"id-{n}"
        for k in counts:
            record[k] = str(rng.randint(0, 6))
        typed.append(record)
    _run(loop, typed, tops)
    assert 0 < len(scorer._joint_memos[1]) <= 16
    for memo in scorer._joint_memos:
        assert len(memo) <= 16
    assert not scorer._joint_on[1]  # 2 x 2 x 4 x 7 texts
    for memo in scorer._joint_memos:
        memo.clear()
    monkeypatch.setattr(rows_module, "_MEMO_LIMIT", 1024)  # room for every combination
    scorer, loop, header, records = _shipped_loop(tmp_path, 120)
    for memo in scorer._joint_memos:
        memo.clear()
    assert scorer._joint_on[1]
    odd: list[list[Any]] = []
    for n, kept in enumerate(records[:40]):
        cells: list[Any] = list(kept)
        cells[0] = f"typed-{n}"
        cells[header.index("g3.4")] = rng.choice([1, 1.0, True, 2])
        odd.append(cells)
    _run(loop, odd, tops)
    assert scorer._joint_on[1]
    assert not scorer._joint_memos[1]
    for memo in scorer._joint_memos:
        for key in memo:
            assert all(cell.__class__ is str for cell in key)


def test_a_joint_memo_of_too_many_combinations_is_looked_up_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``g3``'s four cells, whose memos hold texts that make more combinations than a joint
    memo keeps (80 against 32 here; the mix sheet's dozen spellings of each level): at its
    first miss after that the loop stops looking it up (each look-up a likely miss, its
    KeyError paid for nothing), and so do the scorer's loops made later; ``g2``'s, whose
    cells' texts make 18, stays looked up, and once its cells come in one combination holds
    one sum.  A joint memo no more looked up is not read: a wrong sum put into it changes
    nothing."""
    monkeypatch.setattr(rows_module, "_JOINT_LIMIT", 32)
    scorer, loop, header, records = _shipped_loop(tmp_path, 120)
    tops = len(scorer.top_ids)
    g2 = [header.index(c) for c in ("g2.3", "g2.4", "g2.5")]
    on, memos = scorer._joint_on, scorer._joint_memos
    assert on[0]
    assert not on[1]  # the rows it was made from: 2 x 2 x 4 x 5 texts
    assert 0 < len(memos[1]) < 32  # before it was full
    many = []
    for n, record in enumerate(records):
        record = list(record)
        record[0] = f"id-{n}"
        if not record[header.index("g2")]:
            record[g2[0]], record[g2[1]], record[g2[2]] = "dat", "true", "khong"
        many.append(record)
    memos[0].clear()
    first = _run(loop, many, tops)
    assert on[0]
    assert len(memos[0]) == 1
    for key in memos[1]:
        memos[1][key] += 7  # wrong: never to be read again
    assert _run(loop, many, tops) == first
    later = scorer.loop(len(header), 0, 1, **{**_FIELDS, "_HEADS": {}, "_TEXTS": {}})
    assert _run(later, many, tops) == first
    assert on[0]
    assert not on[1]


def test_a_full_joint_memo_that_misses_is_looked_up_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell's memo that keeps no more texts (full, no spare pool) while the cell comes in
    more spellings (``dat`` spaced 20 ways), its companions in one: the combinations the
    memos allow (16 x 1 x 1) are within the joint memo's bound, which fills, and at its
    first miss then the joint memo is looked up no more."""
    monkeypatch.setattr(rows_module, "_MEMO_LIMIT", 16)
    monkeypatch.setattr(rows_module, "_MEMO_SPARE", 0)
    scorer, loop, header, records = _shipped_loop(tmp_path, 40)
    tops = len(scorer.top_ids)
    g2 = [header.index(c) for c in ("g2.3", "g2.4", "g2.5")]
    memos, on = scorer._joint_memos, scorer._joint_on
    cells = [scorer._gen.memos[scorer._gen.index[c]] for c in ("g2.3", "g2.4", "g2.5")]
    cells[0].clear()  # full of texts no row holds: a text met is read, not kept
    cells[0].update({f"unmet-{k}": 0 for k in range(16)})
    cells[1].clear()
    cells[2].clear()
    memos[0].clear()
    on[0] = True
    many = []
    for n, record in enumerate(records):
        record = list(record)
        record[0] = f"id-{n}"
        if not record[header.index("g2")]:
            spaced = " " * (n % 5) + "dat" + " " * (n // 5 % 4)
            record[g2[0]], record[g2[1]], record[g2[2]] = spaced, "true", "khong"
        many.append(record)
    _run(loop, many, tops)
    assert len(memos[0]) == 16
    assert not on[0]


def test_cells_in_many_spellings_are_the_references(tmp_path: Path) -> None:
    """The shipped rubric's level, yes/no and count cells each spaced a dozen ways (as the
    mix sheet spells its levels): the joint memos go off after a few misses and the cells
    are read one by one; output, summary and problems the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 150, 21)
    joined = [header.index(c) for c in ("g2.3", "g2.4", "g2.5", "g3.1", "g3.2", "g3.3", "g3.4")]
    for n, row in enumerate(rows):
        for k in joined:
            if row[k]:
                row[k] = " " * ((n + k) % 4) + row[k] + " " * ((n * k) % 3)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 120
    assert _row_scorer(rubric, path)._joint_on == [False, False]
