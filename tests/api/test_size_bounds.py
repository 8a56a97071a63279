"""Size bounds of the data handed back to tiercert (twentieth round): a result's JSON text and
its nesting (the readers' limits: 10,000,000 bytes, 200 levels), the numbers a summary counts
(a result's: 4,300 digits a side) and the counts ``merge`` takes.  Each is refused with a
:class:`DataError` in the catalogs' words; before, a result nested 500 deep raised Python's
``RecursionError``, ``add_values(10 ** 5000, ...)`` was counted, and ``merge`` took a ``lost``
of 4,299 digits and then failed to write the summary (Python's ``ValueError``)."""

from __future__ import annotations

import json
import sys
from fractions import Fraction

import pytest

import tiercert
from tiercert import DataError, Result, Rubric, SummaryBuilder
from tiercert.result import RESULT_DIGITS
from tiercert.summary import render_summary

RUBRIC = """\
format: 1
id: r
version: '1'
title: R
criteria:
  - {id: c1, title: C1, rule: {kind: boolean, points: 1}}
  - {id: c2, title: C2, rule: {kind: boolean, points: 1}}
tiers: [{id: t, label: T, rank: 1, min: 2}]
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.parse_rubric(RUBRIC)


def _problem(exc: pytest.ExceptionInfo[DataError]) -> tuple[str, tuple[str | int, ...]]:
    (problem,) = exc.value.problems
    assert "more than" in problem.text("en")
    assert problem.text("vi") != problem.text("en")  # in the catalogs' words
    return problem.code, problem.path


# --- Result.from_json -------------------------------------------------------------------------


def _result_text(rubric: Rubric, answer: str) -> str:
    text = rubric.evaluate({"c1": True, "c2": True}).to_json()
    return text.replace('"answer": true', f'"answer": {answer}', 1)


def test_a_result_nested_deeper_than_the_readers_read_is_refused(rubric: Rubric) -> None:
    # the answer is at level 4 (the result, its nodes, a node): 197 lists reach level 200
    assert Result.from_json(_result_text(rubric, "[" * 197 + "]" * 197)).nodes["c1"].answer
    for depth in (198, 500, 990):  # 500: Python's RecursionError before
        with pytest.raises(DataError) as caught:
            Result.from_json(_result_text(rubric, "[" * depth + "]" * depth))
        (problem,) = caught.value.problems
        assert problem.code == "result.json"
        assert problem.text("en") == (
            "not a result: the JSON is nested deeper than 200 levels, the most tiercert reads "
            "of a document"
        )
        assert problem.text("vi").startswith("không phải kết quả: JSON lồng nhau sâu hơn 200")


def test_a_result_text_longer_than_the_readers_read_is_refused(rubric: Rubric) -> None:
    limit = 10_000_000
    short = _result_text(rubric, "true")
    pad = limit - len(short.encode())
    at_limit = short.replace('"id": null', '"id": "' + "x" * (pad + 2) + '"', 1)
    assert len(at_limit.encode()) == limit
    assert Result.from_json(at_limit).unit_id is not None  # the limit itself is read
    for text in (at_limit.replace('"x', '"xx', 1), at_limit.replace('"x', '"ệ', 1)):
        for given in (text, text.encode()):  # (text: measured in UTF-8, 'ệ' is 3 bytes)
            with pytest.raises(DataError) as caught:
                Result.from_json(given)
            (problem,) = caught.value.problems
            assert (problem.code, problem.text("en")) == (
                "result.json",
                "not a result: the text is longer than 10,000,000 bytes, the most tiercert "
                "reads of a document",
            )


# --- the numbers a summary counts -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [10**5000, 10**RESULT_DIGITS, -(10**RESULT_DIGITS), Fraction(1, 10**RESULT_DIGITS)],
    ids=["10**5000", "10**4300", "-10**4300", "1/10**4300"],
)
def test_a_number_no_result_holds_is_refused(rubric: Rubric, value: int | Fraction) -> None:
    builder = SummaryBuilder(rubric)
    with pytest.raises(DataError) as caught:
        builder.add_values(value, None, False, False, [1, 1])
    assert _problem(caught) == ("record.value", ("total",))
    with pytest.raises(DataError) as caught:
        builder.add_values(1, None, False, False, [1, value])
    assert _problem(caught) == ("record.value", ("groups", 1))
    record = {"row": 7, "status": "scored", "total": value, "certified": "false"}
    with pytest.raises(DataError) as caught:
        builder.add_record(record)
    assert _problem(caught) == ("record.value", ("total",))
    assert caught.value.problems[0].line == 7
    assert (builder.scored, builder.counts()["totals"]) == (0, {})  # nothing counted


def test_a_number_a_result_may_hold_is_counted(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    largest = 10**RESULT_DIGITS - 1
    builder.add_values(largest, None, False, False, [1, Fraction(1, largest)])
    builder.add_record({"status": "scored", "total": str(largest), "certified": "false"})
    assert builder.summary().max == largest
    # text of more digits than a result's says so too (it said "a number, not '999...'")
    with pytest.raises(DataError) as caught:
        builder.add_record({"status": "scored", "total": "9" * 4301, "certified": "false"})
    assert _problem(caught) == ("record.value", ("total",))


# --- merge ------------------------------------------------------------------------------------


def _counts(rubric: Rubric) -> dict[str, object]:
    builder = SummaryBuilder(rubric)
    builder.add(rubric.evaluate({"c1": True, "c2": False}))
    return json.loads(json.dumps(builder.counts()))  # type: ignore[no-any-return]


def _edited(counts: dict[str, object], **keys: object) -> dict[str, object]:
    edited = json.loads(json.dumps(counts))
    edited.update(keys)
    return edited  # type: ignore[no-any-return]


def _written(builder: SummaryBuilder) -> None:
    """Every way a builder's statistics are written works."""
    summary = builder.summary()
    for form in ("json", "text", "markdown"):
        render_summary(summary, form)
    json.dumps(builder.counts())


def test_merge_refuses_counts_whose_figures_a_summary_cannot_write(rubric: Rubric) -> None:
    counts = _counts(rubric)
    groups = counts["groups"]
    assert isinstance(groups, dict)
    cases: list[tuple[dict[str, object], tuple[str, ...]]] = [
        # a mean lost of 4,299 digits is a share of 4,301: Python's ValueError when written
        ({"groups": {**groups, "c2": {"seen": 1, "lost": "9" * 4299}}}, ("groups", "c2", "lost")),
        # more digits than a result's number (said "expected a number..." with its 4,301)
        ({"groups": {**groups, "c2": {"seen": 1, "lost": "9" * 4301}}}, ("groups", "c2", "lost")),
        # two totals of 4,000 digits a side: their median needs 8,000
        (
            {
                "scored": 2,
                "tiers": {"none": 2},
                "totals": {"9" * 4000: 1, "1/" + "7" * 4000: 1},
                "groups": {g: {"seen": 2, "lost": "0"} for g in ("c1", "c2")},
            },
            ("totals",),
        ),
        ({"scored": 10**30, "tiers": {"none": 10**30}, "totals": {"1": 10**30}}, ("scored",)),
    ]
    for keys, path in cases:
        builder = SummaryBuilder(rubric)
        builder.merge(counts)
        before = builder.counts()
        with pytest.raises(DataError) as caught:
            builder.merge(_edited(counts, **keys))
        assert _problem(caught) == ("counts.size", path)
        assert builder.counts() == before  # nothing counted
        _written(builder)


def test_every_merge_taken_is_written(rubric: Rubric) -> None:
    """Counts merged again and again: the points lost add up past 4,300 digits at the 101st
    (100 times 10 ** 4298 - 1 has 4,300), which is refused; every merge before it is written."""
    groups = _counts(rubric)["groups"]
    assert isinstance(groups, dict)
    counts = _edited(_counts(rubric), groups={**groups, "c2": {"seen": 1, "lost": "9" * 4298}})
    builder = SummaryBuilder(rubric)
    for taken in range(1, 101):
        builder.merge(counts)
        if taken % 25 == 0:
            _written(builder)
    with pytest.raises(DataError) as caught:
        builder.merge(counts)
    assert _problem(caught) == ("counts.size", ("groups", "c2", "lost"))
    _written(builder)


def test_a_number_no_result_holds_says_how_many_digits_a_result_has(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    with pytest.raises(DataError) as caught:
        builder.add_values(10**5000, None, False, False, [1, 1])
    (problem,) = caught.value.problems
    assert problem.text("en") == (
        "'total': the number has more than 4300 digits; no result tiercert writes has one "
        "(score the unit again)"
    )
    assert problem.text("vi").startswith("'total': số có hơn 4300 chữ số")


def test_merge_refuses_a_median_of_two_totals_a_summary_cannot_write(rubric: Rubric) -> None:
    """Six totals whose mean is 1/3, the middle two 1/b and 1/d (b, d of 7,144 bits, coprime):
    their median has a denominator of 14,287 bits (more than 4,300 digits), though neither
    total, nor the mean, is that wide; only the median's own check finds it."""
    b, d = 2**7143 + 1, 2**7143 + 3
    a, c = Fraction(1, b), Fraction(1, d)
    totals = {"0": 2, f"1/{b}": 1, f"1/{d}": 1, str(1 - c): 1, str(1 - a): 1}
    groups = {g: {"seen": 6, "lost": "0"} for g in ("c1", "c2")}
    counts = _edited(_counts(rubric), scored=6, tiers={"none": 6}, totals=totals, groups=groups)
    builder = SummaryBuilder(rubric)
    with pytest.raises(DataError) as caught:
        builder.merge(counts)
    assert _problem(caught) == ("counts.size", ("totals",))
    assert builder.scored == 0  # nothing counted
    # the same six totals over b, d of 7,141 bits: the median's denominator fits, all is taken
    b, d = 2**7140 + 1, 2**7140 + 3
    a, c = Fraction(1, b), Fraction(1, d)
    totals = {"0": 2, f"1/{b}": 1, f"1/{d}": 1, str(1 - c): 1, str(1 - a): 1}
    builder.merge(_edited(counts, totals=totals))
    assert builder.summary().median == (a + c) / 2
    _written(builder)


def test_merge_refuses_a_median_of_totals_wide_above_the_line_only(rubric: Rubric) -> None:
    """Totals of small denominators (97, 101) whose numerators have 4,300 digits: their
    median's numerator has 4,302, though each total, and the mean (10 ** 4298 / 3), fit."""
    k = 10**4298
    x, y = Fraction(4 * 10**4299 + 1, 97), Fraction(4 * 10**4299 + 3, 101)
    totals = {"0": 2, str(y): 1, str(x): 1, str(k - x): 1, str(k - y): 1}
    groups = {g: {"seen": 6, "lost": "0"} for g in ("c1", "c2")}
    counts = _edited(_counts(rubric), scored=6, tiers={"none": 6}, totals=totals, groups=groups)
    with pytest.raises(DataError) as caught:
        SummaryBuilder(rubric).merge(counts)
    assert _problem(caught) == ("counts.size", ("totals",))


def test_merge_finds_the_median_of_the_counts_added_up(rubric: Rubric) -> None:
    """Totals y < x < 1 - x < 1 - y (x = 1/b, y = 1/d, b and d of 7,144 bits): a median of
    x and 1 - x is 1/2; of y and x, or of 1 - x and 1 - y, it does not fit.  Counts of each,
    then of y and 1 - y again: six units, y y x (1 - x) (1 - y) (1 - y), whose median is 1/2 —
    taken only if the counts are added up before their median is found."""
    b, d = 2**7143 + 1, 2**7143 + 3
    x, y = Fraction(1, b), Fraction(1, d)

    def counts(totals: dict[Fraction, int]) -> dict[str, object]:
        n = sum(totals.values())
        return _edited(
            _counts(rubric),
            scored=n,
            tiers={"none": n},
            totals={str(total): k for total, k in totals.items()},
            groups={g: {"seen": n, "lost": "0"} for g in ("c1", "c2")},
        )

    builder = SummaryBuilder(rubric)
    builder.merge(counts({y: 1, x: 1, 1 - x: 1, 1 - y: 1}))
    builder.merge(counts({y: 1, 1 - y: 1}))
    summary = builder.summary()
    assert (summary.units, summary.mean, summary.median) == (6, Fraction(1, 2), Fraction(1, 2))
    _written(builder)


def test_merge_takes_counts_whose_figures_fit(rubric: Rubric) -> None:
    """Counts at the edge whose mean and median fit are taken (and written): the mean is the
    totals' sum over the units, whatever the totals' own sum or the counts' order."""
    groups = {g: {"seen": 2, "lost": "0"} for g in ("c1", "c2")}
    base = _edited(_counts(rubric), scored=2, tiers={"none": 2}, groups=groups)
    wide = 4 * 10**4299  # 4,300 digits: twice it has 4,301, the mean (itself) fits
    odd = 6 * 10**4299 + 1  # 1/odd: its mean is itself; a quarter of it would not fit
    for totals in ({str(wide): 2}, {f"1/{odd}": 2}):
        builder = SummaryBuilder(rubric)
        builder.merge(_edited(base, totals=totals))
        assert builder.summary().mean == Fraction(next(iter(totals)))
        _written(builder)
    # 1/odd, then 1 - 1/odd: their mean is 1/2 (their difference's half would not fit)
    groups = {g: {"seen": 1, "lost": "0"} for g in ("c1", "c2")}
    one = _edited(base, scored=1, tiers={"none": 1}, groups=groups)
    builder = SummaryBuilder(rubric)
    builder.merge(_edited(one, totals={f"1/{odd}": 1}))
    builder.merge(_edited(one, totals={f"{odd - 1}/{odd}": 1}))
    summary = builder.summary()
    assert (summary.units, summary.mean, summary.median) == (2, Fraction(1, 2), Fraction(1, 2))
    _written(builder)


def test_merge_refuses_a_share_lost_a_summary_cannot_write() -> None:
    """A group of 3 points whose mean lost is 1/q (q of 4,300 digits, no factor 2, 3 or 5):
    its share lost, 100/(3q), has 4,301 digits below the line."""
    three = tiercert.parse_rubric(
        RUBRIC.replace("points: 1}}\n  - {id: c2", "points: 3}}\n  - {id: c2")
    )
    builder = SummaryBuilder(three)
    builder.add(three.evaluate({"c1": True, "c2": False}))
    counts = json.loads(json.dumps(builder.counts()))
    q = 7 * 10**4299 + 1
    edited = _edited(counts, groups={**counts["groups"], "c1": {"seen": 1, "lost": f"1/{q}"}})
    with pytest.raises(DataError) as caught:
        SummaryBuilder(three).merge(edited)
    assert _problem(caught) == ("counts.size", ("groups", "c1", "lost"))
    # 1/(q - 1), q - 1 = 7 * 10 ** 4299: its share, 1/(21 * 10 ** 4297), fits and is written
    fits = _edited(counts, groups={**counts["groups"], "c1": {"seen": 1, "lost": f"1/{q - 1}"}})
    taken = SummaryBuilder(three)
    taken.merge(fits)
    _written(taken)


def test_merge_takes_a_group_of_no_points() -> None:
    """A group of penalties only has no points to lose (its maximum is 0): no share lost."""
    penalties = tiercert.parse_rubric(
        RUBRIC.replace(
            "  - {id: c2, title: C2, rule: {kind: boolean, points: 1}}\n",
            "  - id: g\n    title: G\n    children:\n"
            "      - {id: p, title: P, penalty: true, rule: {kind: boolean, points: 2}}\n",
        ).replace("min: 2", "min: 1")
    )
    builder = SummaryBuilder(penalties)
    builder.add(penalties.evaluate({"c1": True, "p": True}))
    merged = SummaryBuilder(penalties)
    merged.merge(json.loads(json.dumps(builder.counts())))
    (_, group) = merged.summary().groups
    assert (group.id, group.max, group.units, group.share_lost) == ("g", Fraction(0), 1, None)
    _written(merged)


@pytest.mark.parametrize("half", [2**59, 2**59 + 1])
def test_the_median_of_more_units_than_a_float_counts_is_exact(rubric: Rubric, half: int) -> None:
    """Counts merged of 2 ** 60 units and more (a builder counts up to sys.maxsize): the two
    middle units are found by whole numbers (a float of 2 ** 60 - 1 is 2 ** 60)."""
    groups = {g: {"seen": 2 * half, "lost": "0"} for g in ("c1", "c2")}
    counts = _edited(
        _counts(rubric),
        scored=2 * half,
        tiers={"none": 2 * half},
        totals={"1": half, "2": half},
        groups=groups,
    )
    builder = SummaryBuilder(rubric)
    builder.merge(counts)
    summary = builder.summary()
    assert (summary.units, summary.median) == (2 * half, Fraction(3, 2))


def test_merge_takes_a_count_of_as_many_units_as_a_builder_counts(rubric: Rubric) -> None:
    most = sys.maxsize  # MAX_COUNT; one more is refused (counts.size)
    groups = {g: {"seen": most, "lost": "0"} for g in ("c1", "c2")}
    counts = _edited(
        _counts(rubric), scored=most, tiers={"none": most}, totals={"1": most}, groups=groups
    )
    builder = SummaryBuilder(rubric)
    builder.merge(counts)
    assert (builder.summary().units, builder.summary().median) == (most, Fraction(1))
    for key in ("scored", "rejected", "not_units"):
        with pytest.raises(DataError) as caught:
            SummaryBuilder(rubric).merge(_edited(counts, **{key: most + 1}))
        assert _problem(caught) == ("counts.size", (key,))
    seen = {**groups, "c2": {"seen": most + 1, "lost": "0"}}
    with pytest.raises(DataError) as caught:
        SummaryBuilder(rubric).merge(_edited(counts, groups=seen))
    assert _problem(caught) == ("counts.size", ("groups", "c2", "seen"))
    assert (
        caught.value.problems[0]
        .text("en")
        .endswith(f"a count of more than {most:,} units; no builder counts that many")
    )
