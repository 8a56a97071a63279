"""Progress across rounds names the units in only some rounds (new in a later round, absent
from a later round) and the ids that may be one unit written two ways; it never merges them,
and the counts and targets stay those of the ids as written.

Found by a programme office's pass: a commune whose id lost its leading zero in a re-saved
sheet (``07210`` -> ``7210``) lost its move between rounds, and nothing said so."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from tiercert import parse_rubric
from tiercert.grouping import UnitLine
from tiercert.progress import compare_rounds, id_key, render_progress

RUBRIC = """
format: 1
id: communes
version: "1"
title: Communes
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 50}}
  - {id: b, title: B, rule: {kind: boolean, points: 50}}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: gold, label: Gold, rank: 2, min: 100}
attributes:
  - {id: year, title: Year, type: number, round: true, required: true}
targets:
  - {period: "2024", share: 50}
"""

#: 209 communes, each a code of five digits with a leading zero (``01000``, ``01037``, ...)
CODES = [f"{1000 + 37 * n:05d}" for n in range(209)]
SPLIT = CODES[5]  # the one a spreadsheet re-saved as a number in the second round


def _round(path: Path, year: int, ids: list[str], gold: bool) -> None:
    lines = ["unit_id,unit_name,year,a,b"]
    lines += [
        f"{uid},Commune {uid.lstrip('0')},{year},yes,{'yes' if gold else 'no'}" for uid in ids
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _scored(folder: Path, second: list[str]) -> list[str]:
    (folder / "communes.yaml").write_text(RUBRIC, encoding="utf-8")
    _round(folder / "r2023.csv", 2023, CODES, gold=False)
    _round(folder / "r2024.csv", 2024, second, gold=True)
    for year in ("2023", "2024"):
        status, _, err = run_cli(
            "batch", "communes.yaml", f"r{year}.csv", "-o", f"results_{year}.csv",
            "--summary", "none",
        )  # fmt: skip
        assert status == 0, err
    return ["results_2023.csv", "results_2024.csv", "--rubric", "communes.yaml"]


def _progress(args: list[str], *more: str) -> str:
    status, out, err = run_cli("progress", *args, *more)
    assert status == 0, err
    return out


def test_an_id_that_lost_its_leading_zero_is_said_to_be_maybe_the_same_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    whole = json.loads(_progress(_scored(tmp_path, CODES), "--format", "json"))
    assert len(whole["moved_up"]) == 209
    assert whole["new_in_a_later_round"] == whole["absent_from_a_later_round"] == []
    assert whole["maybe_same_unit"] == []

    second = [SPLIT.lstrip("0") if uid == SPLIT else uid for uid in CODES]
    args = _scored(tmp_path, second)
    split = json.loads(_progress(args, "--format", "json"))
    # counted as written, once per round: the rounds and targets are those of the whole
    assert split["rounds"] == whole["rounds"]
    assert split["targets"] == whole["targets"]
    assert [r["units"] for r in split["rounds"]] == [209, 209]
    assert {m["unit_id"] for m in whole["moved_up"]} - {
        m["unit_id"] for m in split["moved_up"]
    } == {SPLIT}
    assert [p["unit_id"] for p in split["new_in_a_later_round"]] == ["1185"]
    assert split["new_in_a_later_round"][0]["rounds"] == ["2024"]
    assert split["absent_from_a_later_round"] == [
        {
            "unit_id": "01185",
            "unit_name": "Commune 1185",
            "rounds": ["2023"],
            "absent_from": ["2024"],
        }
    ]
    assert [[p["unit_id"] for p in ids] for ids in split["maybe_same_unit"]] == [["01185", "1185"]]

    en = _progress(args, "--lang", "en")
    said = en.split("Maybe the same unit:\n")[1]
    assert said.startswith("  '01185' (round 2023) and '1185' (round 2024) may be one unit")
    assert "correct the id in the sheet of the round where it is wrong" in said
    assert "never merges them" in said
    assert "New in a later round:\n  1185 (Commune 1185): first in round 2024\n" in en
    assert "Absent from a later round:\n  01185 (Commune 1185): absent from round 2024; in" in en
    vi = _progress(args, "--lang", "vi")
    assert "Có thể là cùng một đơn vị:\n  '01185' (kỳ 2023) và '1185' (kỳ 2024) có thể là" in vi
    assert "Mới có mặt từ kỳ sau:\n  1185 (Commune 1185): lần đầu ở kỳ 2024\n" in vi
    assert "may be one unit" not in vi
    markdown = _progress(args, "--lang", "en", "--format", "markdown")
    assert (
        "### Maybe the same unit\n\n- '01185' (round 2023) and '1185' (round 2024) may" in markdown
    )


def _line(uid: str, year: str, rank: int = 1) -> tuple[UnitLine, None]:
    rubric = ("communes", "1", "sha256:x")
    tier = {0: None, 1: "bronze", 2: "gold"}[rank]
    line = UnitLine(uid, None, {"year": year}, True, rank > 0, tier, rank, None, False, rubric)
    return line, None


def test_a_unit_that_joined_and_one_that_left_are_listed_with_their_rounds() -> None:
    rubric = parse_rubric(RUBRIC)
    lines = [
        _line("stays", "2023"), _line("stays", "2024", 2), _line("stays", "2025", 2),
        _line("left", "2023"), _line("left", "2024"),
        _line("joined", "2024"), _line("joined", "2025", 2),
        _line("away", "2023"), _line("away", "2025", 2),  # missed 2024, came back
    ]  # fmt: skip
    progress = compare_rounds(lines, rubric)
    assert [(p.unit_id, p.rounds) for p in progress.joined] == [("joined", ("2024", "2025"))]
    assert [(p.unit_id, p.rounds, p.absent) for p in progress.left] == [
        ("away", ("2023", "2025"), ("2024",)),
        ("left", ("2023", "2024"), ("2025",)),
    ]
    assert progress.maybe_same == ()
    assert [r.units for r in progress.rounds] == [3, 3, 3]
    text = render_progress(progress, "text", "en")
    assert "New in a later round:\n  joined: first in round 2024\n" in text
    assert "  away: absent from round 2024; in round 2023, 2025\n" in text
    assert "  left: absent from round 2025; in round 2023, 2024\n" in text
    assert "Maybe the same unit" not in text
    # the move of a unit back after a round away is still shown, as before
    assert [(m.unit_id, m.old_round, m.new_round) for m in progress.up] == [
        ("stays", "2023", "2024"),
        ("away", "2023", "2025"),
        ("joined", "2024", "2025"),
    ]


def test_ids_split_by_case_spaces_or_unicode_form_may_be_the_same_unit() -> None:
    rubric = parse_rubric(RUBRIC)
    composed = "xã-an-hòa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    lines = [
        _line(composed, "2023"), _line(decomposed, "2024"),
        _line("HN-01", "2023"), _line("hn-01", "2024"),
        _line("A07", "2023"), _line("A7", "2024"),  # letters too: not a number a sheet strips
        _line("7", "2023"), _line("7", "2024"), _line("007", "2023"), _line("007", "2024"),
    ]  # fmt: skip
    progress = compare_rounds(lines, rubric)
    assert [[p.unit_id for p in ids] for ids in progress.maybe_same] == [
        ["HN-01", "hn-01"],
        sorted([composed, decomposed]),
    ]


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("07210", "7210", True),
        ("000", "0", True),
        (" 7210 ", "7210", True),
        ("Xa", "xA", True),
        ("A07", "A7", False),
        ("07210", "72100", False),
        ("٠٧", "7", False),  # other digits: no spreadsheet strips them
    ],
)
def test_id_key(a: str, b: str, alike: bool) -> None:
    assert (id_key(a) == id_key(b)) is alike


def _named(uid: str, name: str | None, year: str) -> tuple[UnitLine, None]:
    from dataclasses import replace

    line, _ = _line(uid, year)
    return replace(line, unit_name=name), None


def test_an_id_mistyped_in_one_round_may_be_the_same_unit(tmp_path: Path) -> None:
    # seventeenth round: xa-Tan-Yen typed xa-Tan-Yenn in 2024 showed only as one unit absent
    # and one new, its move lost; now the pair is named, never merged
    rubric = parse_rubric(RUBRIC)
    lines = [
        _named("xa-Tan-Yen", "Xã Tân Yên", "2023"),
        _named("xa-Tan-Yenn", "Xã Tân Yên", "2024"),
        _named("xa-Tan-Yenn", "Xã Tân Yên", "2025"),
        # codes one digit apart of two communes named apart: two units
        _named("07212", "Commune C", "2023"), _named("07213", "Commune D", "2024"),
        # in one round together: two units, whatever their ids
        _named("xa-5", "Z", "2023"), _named("xa-5", "Z", "2025"),
        _named("xa-6", "Z", "2024"), _named("xa-6", "Z", "2025"),
        _named("xa-3", None, "2023"), _named("xa-3", None, "2024"),
        _named("xa-3", None, "2025"),
        # two characters apart: not a typo of one character
        _named("xa-ab", "Y", "2023"), _named("xa-ba", "Y", "2024"),
    ]  # fmt: skip
    progress = compare_rounds(lines, rubric)
    assert [(a.unit_id, b.unit_id) for a, b in progress.maybe_mistyped] == [
        ("xa-Tan-Yen", "xa-Tan-Yenn")
    ]
    assert progress.maybe_same == ()
    assert [r.units for r in progress.rounds] == [5, 5, 4]  # never merged: counted as written
    english = render_progress(progress, "text", "en")
    assert (
        "Maybe the same unit:\n  'xa-Tan-Yen' (round 2023) and 'xa-Tan-Yenn' (round 2024, 2025) "
        "may be one unit: the ids differ by one character and the names read alike"
    ) in english
    vietnamese = render_progress(progress, "text", "vi")
    assert (
        "Có thể là cùng một đơn vị:\n  'xa-Tan-Yen' (kỳ 2023) và 'xa-Tan-Yenn' (kỳ 2024, 2025) "
        "có thể là một đơn vị: hai mã chỉ khác nhau một ký tự"
    ) in vietnamese
    data = json.loads(render_progress(progress, "json", "en"))
    assert [[p["unit_id"] for p in pair] for pair in data["maybe_mistyped_id"]] == [
        ["xa-Tan-Yen", "xa-Tan-Yenn"]
    ]
    markdown = render_progress(progress, "markdown", "en")
    assert "### Maybe the same unit\n\n- 'xa-Tan-Yen' (round 2023) and 'xa-Tan-Yenn'" in markdown


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("xa-tan-yen", "xa-tan-yenn", True),  # one added
        ("xa-tan-yen", "xa-tn-yen", True),  # one removed
        ("xa-tan-yen", "xa-tan-yan", True),  # one replaced
        ("xa-tan-yen", "xa-tan-yen", False),  # the same
        ("xa-tan-yen", "xa-nat-yen", False),  # two replaced
        ("xa-tan-yen", "xa-tan-yenna", False),  # two added
        ("abc", "xabc", True),
        ("abc", "abcx", True),
        ("", "a", True),
    ],
)
def test_one_edit_apart(a: str, b: str, apart: bool) -> None:
    from tiercert.progress import one_edit_apart

    assert one_edit_apart(a, b) is apart
    assert one_edit_apart(b, a) is apart


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein's distance, row by row: the judge of one_edit_apart and the index."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


_SHORT_IDS = st.text(alphabet="ab1-", max_size=5)


@settings(max_examples=300)
@given(a=_SHORT_IDS, b=_SHORT_IDS)
def test_ids_one_edit_apart_share_a_deletion(a: str, b: str) -> None:
    # the index _mistyped looks candidates up by: no pair one edit apart may be missed
    from tiercert.progress import _deletions, one_edit_apart

    assert one_edit_apart(a, b) is (_edit_distance(a, b) == 1)
    if one_edit_apart(a, b):
        assert _deletions(a) & _deletions(b)


@settings(max_examples=60)
@given(
    first=st.lists(_SHORT_IDS.filter(bool), max_size=12, unique=True),
    second=st.lists(_SHORT_IDS.filter(bool), max_size=12, unique=True),
)
def test_maybe_mistyped_pairs_are_every_pair_one_edit_apart(
    first: list[str], second: list[str]
) -> None:
    # units only in 2023 and units only in 2024 (named alike): every pair one edit apart is
    # named, found by the index as comparing all pairs finds it
    only_first = [uid for uid in first if uid not in second]
    only_second = [uid for uid in second if uid not in first]
    lines = [_named(uid, "X", "2023") for uid in first] + [
        _named(uid, "X", "2024") for uid in second
    ]
    progress = compare_rounds(lines, parse_rubric(RUBRIC))
    keys = {uid: id_key(uid) for uid in first + second}
    expected = sorted(
        (gone, new)
        for gone in only_first
        for new in only_second
        if _edit_distance(keys[gone], keys[new]) == 1
    )
    assert [(a.unit_id, b.unit_id) for a, b in progress.maybe_mistyped] == expected


def test_a_very_long_id_is_not_compared_for_a_typo() -> None:
    """An id's deletions are as many as its characters, each as long: one id of 100,000
    characters (a CSV cell holds 131,072) made 10 GB of them, and ``progress`` never ended.
    Ids past the longest compared are listed as new or absent, not compared."""
    import tracemalloc

    from tiercert.progress import MISTYPED_ID_CHARS

    longest = "a" * MISTYPED_ID_CHARS
    huge = "b" * 100_000
    lines = [
        _named(longest, "X", "2023"),
        _named(longest + "a", "X", "2024"),  # one added to the longest compared: named
        _named(huge, "X", "2023"),
        _named(huge + "b", "X", "2024"),
    ]
    tracemalloc.start()
    try:
        progress = compare_rounds(lines, parse_rubric(RUBRIC))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(a.unit_id, b.unit_id) for a, b in progress.maybe_mistyped] == [
        (longest, longest + "a")
    ]
    assert peak < 50_000_000
