"""The row loop's reading of a cell: in place where it is looked up in its memo and handed to
its reader in the memo's absence (``s2 = K1.get(c[3])``, ``s2 = _cellx(2, c[3], 0)``), not
through a variable; and the loop's cleaning of a name that is not ASCII.  The sheet test
holds the loop to the reference (output, summary and problems) on cells met first in every
kind of memo."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import BAC_GIANG, _bac_giang_rows, _looped, _raw_csv, _referenced

import tiercert
from tiercert._fast.rows import _cells_in_place


def _column(header: list[str], name: str) -> int:
    return header.index(name)


def test_cells_met_first_in_every_memo_are_the_references(tmp_path: Path) -> None:
    """The shipped rubric's memos of every kind met with cells they lack, in the loop: the
    five groups' direct answers (a text scoring other points in each group), ``g4.2``'s
    ``na`` met first with a justification and then without, and the other way (its memos
    by evidence bits), the evidence texts themselves, the fact's spellings, and answers new
    to each criterion's memo."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 240, 7)
    rng = random.Random(8)
    groups = [k for k, name in enumerate(header) if name in ("g1", "g2", "g3", "g4", "g5")]
    answer, why = _column(header, "g4.2"), _column(header, "g4.2.justification")
    fact = _column(header, "head_disciplined_or_prosecuted")
    firsts = ["Biên bản số 3", "", "ok", "Biên bản họp ngày 12/3, số 45/BB"]
    for n, row in enumerate(rows):
        for at, k in enumerate(groups):  # a direct answer now and then: none below it
            row[k] = rng.choice(["", "", "", "7", "12.5", "3.25", "20", "15"])
            end = groups[at + 1] if at + 1 < len(groups) else fact
            if row[k]:
                for m in range(k + 1, end):
                    if m != why:
                        row[m] = ""
        if n < 40:  # na met with and without evidence, in both orders
            row[answer] = "na"
            row[why] = firsts[n % 4] if n < 20 else firsts[(n + 1) % 4]
        else:
            row[why] = rng.choice([*firsts, f"Biên bản số {n}"])
        row[fact] = rng.choice(["false", "true", "", "có", "không", "FALSE", "x"])
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 150  # most rows by the loop


def test_a_cell_named_again_is_not_read_in_place() -> None:
    """A cell taken into a variable is read in place (in its memo's look-up and its reader's
    call) only when no other line of the loop's body names the variable (a criterion
    answered from another's cell does: that line would find it unset)."""
    read = [
        "    r2 = c[3]",
        "    s2 = K1.get(r2)",
        "    if s2 is None:",
        "        s2 = _cellx(2, r2, 0)",
        "    r3 = c[4]",
        "    s3 = K2.get(r3)",
        "    if s3 is None:",
        "        s3 = new3(r3, 0, _cellx)",
        "    r5 = c[5]",
        "    t = K3[v4].get(r5)",
        "    if t is None:",
        "        t = new5(r5, v4, _cellx)",
        "    s5, a5 = t",
    ]
    rest = ["    s6 = K4.get(r3)", "    y = s2 + s3 + s5 + s6"]
    assert (
        _cells_in_place(read, rest)
        == [
            "    try:",  # a criterion read by _cell: a subscript, its KeyError on a miss
            "        s2 = K1[c[3]]",
            "    except KeyError:",
            "        s2 = _cellx(2, c[3], 0)",
            *read[4:8],
            "    t = K3[v4].get(c[5])",
            "    if t is None:",
            "        t = new5(c[5], v4, _cellx)",
            "    s5, a5 = t",
        ]
    )
    # a look-up of another variable, or a call that does not hand the cell over, stays
    other = ["    r2 = c[3]", "    s2 = K1.get(r9)", "    if s2 is None:", "        s2 = f(r9)"]
    assert _cells_in_place(other, []) == other
    # only the shape the generator writes (a look-up, its test, the reader's call)
    odd = ["    r2 = c[3]", "    s2 = K1.get(r2)", "    if not s2:", "        s2 = g(r2)"]
    assert _cells_in_place(odd, []) == odd
    kept = ["    r2 = c[3]", "    s2 = K1.get(r2)", "    if s2 is None:", "        s2 = 0"]
    assert _cells_in_place([*kept, "    z = r2"], []) == [*kept, "    z = r2"]


def test_a_reading_that_ends_short_of_the_shape_is_kept() -> None:
    """The shape's four lines (a cell taken, its look-up, the look-up's test, the reader's
    call) at the very end of the reading are read in place; a cell taken at the end with
    fewer of them after it is kept as it is, no line looked for past the end."""
    whole = [
        "    r2 = c[3]",
        "    s2 = K1.get(r2)",
        "    if s2 is None:",
        "        s2 = new2(r2, 0, _cellx)",
    ]
    assert _cells_in_place(whole, []) == [
        "    s2 = K1.get(c[3])",
        "    if s2 is None:",
        "        s2 = new2(c[3], 0, _cellx)",
    ]
    for short in (whole[:1], whole[:2], whole[:3]):
        assert _cells_in_place(short, ["    z = r2"]) == short


def test_a_name_the_loop_hands_over_is_one_it_cannot_write() -> None:
    """``batch._odd_name``, asked of a cleaned name that does not print: true for one holding
    any character that does not print but a line break (a CR, a tab, an ESC, U+2028, a format
    character: the usual path writes each as its escape, as a sheet's cell shows it), false
    for one holding only line breaks, or spaces a cell shows as spaces (no-break, ideographic)."""
    import unicodedata

    from tiercert.batch import _odd_name
    from tiercert.tabular import clean_text

    handed = ["Xã\u200b An", "Xã\rAn", "A\r\nB", "\ufeffXã", "Xã\u2060", "a\u00adb"]
    handed += ["Xa\tAn", "a\x1bb", "a\u2028b"]
    kept = ["\tPhường Hoàng Văn Thụ\u00a0x", "Xã\u00a0An", "\u3000Ấp\u3000x", "Xã\nAn"]
    for name in handed:
        for form in (name, unicodedata.normalize("NFD", name)):
            cleaned = clean_text(form)
            assert not cleaned.isprintable(), form
            assert _odd_name(cleaned), form
    for name in kept:
        cleaned = clean_text(name)
        assert not cleaned.isprintable(), name
        assert not _odd_name(cleaned), name


#: pieces of the ids and names people type or paste: Vietnamese (composed; decomposed below),
#: quotes and commas (quoted in the output), a first letter the usual path takes (``=``,
#: ``#``, a digit), spaces of every kind, controls, line breaks, format characters
_NAME_PIECES = (
    *("Xã", "Thử Nghiệm", "Đ", "Phường", "An", "xa-01", "x\u0301", "7"),
    *('"', ",", "=", "#", " ", "\t", "\u00a0", "\u3000", "\r", "\n", "\r\n", "\x1b", "\x85"),
    *("\u200b", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u202e", "\ue000"),
)


@st.composite
def _odd_units(draw: st.DrawFn) -> list[tuple[str, str]]:
    import unicodedata

    units = []
    for n in range(draw(st.integers(5, 30))):
        texts = []
        for _ in range(2):
            text = "".join(draw(st.lists(st.sampled_from(_NAME_PIECES), max_size=4)))
            if draw(st.booleans()):
                text = unicodedata.normalize("NFD", text)
            texts.append(text)
        unit_id, name = texts
        if draw(st.integers(0, 3)):  # mostly ids of their own, some repeated or empty
            unit_id = f"{unit_id}{n}" if draw(st.booleans()) else f"xa-{n}{unit_id}"
        units.append((unit_id, name))
    return units


@settings(max_examples=60, deadline=None)
@given(_odd_units())
def test_ids_and_names_as_people_type_them_are_the_references(
    tmp_path_factory: pytest.TempPathFactory, units: list[tuple[str, str]]
) -> None:
    """Ids and names with marks, decomposed Vietnamese, controls, line breaks, format
    characters, quotes and commas: the loop takes what it can write (a name that does not
    print but for tabs and odd spaces) and hands the rest over; output, summary and problems
    the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, len(units), 11)
    for row, (unit_id, name) in zip(rows, units, strict=True):
        row[0], row[1] = unit_id, name
    path = tmp_path_factory.mktemp("names") / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


def test_plain_ids_and_odd_names_are_the_loops(tmp_path: Path) -> None:
    """Names the loop writes itself: decomposed Vietnamese, an ideographic and a no-break
    space, quotes, commas and line breaks (quoted), an id with a quote or a comma (quoted): as
    many rows the loop's as with plain ones, their output the reference's."""
    import unicodedata

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 40, 12)
    names = ["Xã\u3000An", "Xã\u00a0An", 'Xã "Tân"', "Xã An, Bắc Giang", "x", "", "Xã\nAn"]
    for n, row in enumerate(rows):
        row[1] = names[n % len(names)]
        if n % 3 == 0:
            row[1] = unicodedata.normalize("NFD", row[1])
        if n % 7 == 0:
            row[0] = f'xa-"{n}"' if n % 2 else f"xa,{n}"
    path, plain = tmp_path / "units.csv", tmp_path / "plain.csv"
    _raw_csv(path, header, rows)
    _raw_csv(plain, header, [[f"xa-{n}", "Xã An", *row[2:]] for n, row in enumerate(rows)])
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted == _looped(rubric, plain)[3] > 30  # as many as with plain ids and names


def test_the_shipped_rubrics_loop_reads_its_cells_in_place(tmp_path: Path) -> None:
    """The loop of the shipped rubric takes no answer cell into a variable: each is read in
    its memo's look-up (and its reader's call), as the row function's ``r<i> = c[k]`` was."""
    import re

    from test_batch_rows import _row_scorer

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 20, 3)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    scorer = _row_scorer(rubric, path)
    loop = scorer._gen.write_loop(len(header), 0, 1, len(scorer.top_ids))
    row = scorer._gen.row_code
    assert len(re.findall(r"\br[0-9]+ = c\[", row)) == 20  # the row function's, as before
    assert not re.findall(r"\br[0-9]+ = c\[", loop)
    # the 7 bands and linear criteria's cells by get (their memos lack many texts), the 13
    # others' by subscript (a KeyError now and then)
    assert len(re.findall(r"\.get\(c\[[0-9]+\]\)", loop)) == 7
    # (11 of them twice: with their joint memos on and off, see test_joint_lookups.py)
    assert len(set(re.findall(r" = K[0-9]+\[c\[[0-9]+\]\]\n", loop))) == 13
