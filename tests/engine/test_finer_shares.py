"""A ``linear`` rule's share of an answer with more places than the rubric's scale is not a
whole number of its units: the compiled verdict then hands the whole assessment to a second
verdict scorer of ``FINE_PLACES`` places (``Generator.share``, ``_fine``), where such a share
is whole (every sum above it an ``int``, not a ``Fraction``); answers whose shares are whole
at the rubric's scale run the code they ran, and a share that no decimal scale makes whole (a
third of a point) stays a ``Fraction``, with no hand-over.  Here answers on, just below and
just above every anchor and bound (long decimal text, ``0.1 + 0.2``-style floats, floats one
ulp away, ``Decimal``s with trailing zeros and exponents, answers of more places than the
fine scale) get the reference's verdict, result and problems, each assessment twice (the
second time through the memos the first filled), in one rubric for the module."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tiercert import AssessmentError, Rubric
from tiercert._columns import cell_value, is_empty
from tiercert._fast.codegen import FINE_PLACES, decimal_unit
from tiercert._fast.evaluator import FastEvaluator, forget_answers
from tiercert._fast.numbers import Fallback
from tiercert._fast.rows import RowLayout
from tiercert.rubric import parse_rubric, rubric_from_mapping

#: (start, end, points, range): a slope of tenths (0-50 %, 5 points), of a long decimal, one
#: that thirds (-1 to 2, 1 point: never whole), 1/199 (0.5 to 100), falling, narrow
ANCHORS: tuple[tuple[str, str, str, tuple[str, str] | None], ...] = (
    ("0", "50", "5", ("0", "100")),
    ("0.3", "0.7", "1.25", None),
    ("-1", "2", "1", None),
    ("0.5", "100", "3", None),
    ("10", "0", "2.5", ("0", "10")),
    ("0.001", "0.002", "0.5", None),
)
KEYS = [f"l{i}" for i in range(len(ANCHORS))]
EDGES = sorted(
    {Fraction(Decimal(x)) for a, b, _, bounds in ANCHORS for x in (a, b, *(bounds or ()))}
)


def rubric(direct: bool) -> Rubric:
    criteria: list[dict[str, Any]] = []
    for i, (start, end, points, bounds) in enumerate(ANCHORS):
        rule: dict[str, Any] = {
            "kind": "linear",
            "start": {"value": Decimal(start), "points": 0},
            "end": {"value": Decimal(end), "points": Decimal(points)},
        }
        if bounds is not None:
            rule["range"] = {"min": Decimal(bounds[0]), "max": Decimal(bounds[1])}
        criteria.append({"id": f"l{i}", "title": "L", "rule": rule})
    criteria.append({"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 1}})
    if direct:  # the fine scale already: nothing finer to hand over to
        criteria.append({"id": "s", "title": "S", "max": 10, "rule": {"kind": "direct"}})
    tiers = [
        {"id": "t1", "label": "T1", "rank": 1, "min": Decimal("2.5")},
        {"id": "t2", "label": "T2", "rank": 2, "min": Decimal("5.5")},
    ]
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "f",
            "version": "1",
            "title": "F",
            "criteria": [{"id": "g", "title": "G", "children": criteria}],
            "tiers": tiers,
        }
    )


#: one rubric of each scale for the whole module: its memos carry from example to example
RUBRICS = {direct: rubric(direct) for direct in (False, True)}


def _text(value: Fraction) -> str:
    """The exact decimal text of a terminating ``value``."""
    places = 0
    while 10**places % value.denominator:
        places += 1
    digits = str(abs(value.numerator) * (10**places // value.denominator)).rjust(places + 1, "0")
    text = f"{digits[:-places]}.{digits[-places:]}" if places else digits
    return ("-" if value < 0 else "") + text


def beside(edge: Fraction, places: int, side: int) -> Fraction:
    return edge + side * Fraction(1, 10**places)


def as_answer(value: Fraction, form: str, zeros: int) -> object:
    """``value`` as text, a Decimal (``zeros`` more trailing zeros, or in exponent form), a
    float (the nearest), or an int when whole."""
    text = _text(value)
    padded = text + ("." if "." not in text and zeros else "") + "0" * zeros
    if form == "text":
        return padded
    if form == "Decimal":
        if zeros == 4:  # exponent form: 1.25E+1
            return Decimal(f"{Decimal(text):E}")
        return Decimal(padded)
    if form == "float":
        return float(value)
    return int(value) if value.denominator == 1 else text


def near_float(edge: Fraction, how: str) -> float:
    e = float(edge)
    return {
        "on": e,
        "below": math.nextafter(e, -math.inf),
        "above": math.nextafter(e, math.inf),
        "accumulated": (e - 0.3) + 0.1 + 0.2,
        "share": e / 100 * 100,
        "tenth": e - 0.1,
    }[how]


EXACT = st.builds(
    beside,
    st.sampled_from(EDGES),
    st.sampled_from((0, 1, 2, 4, 5, 6, 17, 20, 23, 24, 25, 30)),  # past the fine scale too
    st.sampled_from((-1, 0, 1)),
)
ANSWER = st.one_of(
    st.builds(
        as_answer,
        EXACT,
        st.sampled_from(("text", "Decimal", "Decimal", "float", "int")),
        st.integers(0, 4),
    ),
    st.builds(
        near_float,
        st.sampled_from(EDGES),
        st.sampled_from(("on", "below", "above", "accumulated", "share", "tenth")),
    ),
    st.sampled_from((0.1 + 0.2, -0.0, 1e-12, "49.99999999999999999999", Decimal("4.99990E+1"))),
    # refused: N/A where it is not allowed, nothing, NaN, past the limits, unhashable
    st.sampled_from(("n/a", None, math.nan, Decimal("NaN"), "1e400", 10**30, [12.5], {"v": 1})),
)
ASSESSMENT = st.fixed_dictionaries(
    {**dict.fromkeys(KEYS, ANSWER), "b": st.booleans(), "s": st.sampled_from((0, 7, "7.5"))}
)


def outcome(rubric: Rubric, answers: dict[str, object]) -> tuple[object, object]:
    """(the compiled verdict, the compiled result) beside the reference's, or the problems."""
    try:
        verdict: object = tuple(rubric.verdict(answers))
    except AssessmentError as exc:
        verdict = [(p.code, p.path, p.message) for p in exc.problems]
    try:
        reference = rubric.evaluate(answers, engine="reference")
    except AssessmentError as exc:
        expected: object = [(p.code, p.path, p.message) for p in exc.problems]
        return verdict, expected
    return verdict, (reference.total, reference.certified, reference.tier)


def agree_twice(rubric: Rubric, assessments: list[dict[str, object]]) -> None:
    for given_ in assessments:
        mine = {k: v for k, v in given_.items() if k in rubric._plan.nodes}
        for _ in range(2):
            verdict, expected = outcome(rubric, mine)
            assert verdict == expected, mine
            try:
                full: object = rubric.evaluate(mine, engine="fast").to_dict()
            except AssessmentError as exc:
                full = [(p.code, p.path, p.message) for p in exc.problems]
            try:
                ref: object = rubric.evaluate(mine, engine="reference").to_dict()
            except AssessmentError as exc:
                ref = [(p.code, p.path, p.message) for p in exc.problems]
            assert full == ref, mine


@pytest.mark.parametrize("direct", [False, True])
@settings(deadline=None, max_examples=150)
@given(assessments=st.lists(ASSESSMENT, min_size=1, max_size=5))
@example(
    assessments=[
        {**dict.fromkeys(KEYS, "49.99999999999999999999"), "b": True, "s": 7},
        {**dict.fromkeys(KEYS, math.nextafter(50.0, 0)), "b": False, "s": 7},
        {**dict.fromkeys(KEYS, Decimal("49.999999")), "b": True, "s": 7},
        {**dict.fromkeys(KEYS, "0.0000000000000000000000000001"), "b": True, "s": 7},
        {**dict.fromkeys(KEYS, 25), "b": True, "s": 7},
    ]
)
def test_shares_on_and_beside_every_anchor_are_scored_as_the_reference_scores_them(
    direct: bool, assessments: list[dict[str, object]]
) -> None:
    agree_twice(RUBRICS[direct], assessments)


def fresh() -> tuple[Rubric, FastEvaluator]:
    r = rubric(False)
    assert r._fast is not None
    return r, r._fast


def test_a_share_not_whole_at_the_scale_is_handed_to_the_fine_scorer() -> None:
    """An assessment whose share has more places than the scale is scored by the finer
    evaluator (made then), with the reference's verdict; whole numbers and shares whole at
    the scale are not handed over (no finer evaluator made: fails where every share is)."""
    r, fast = fresh()
    plain: dict[str, object] = dict.fromkeys(KEYS, 0)
    plain |= {"l0": 25, "b": True}  # 2.5 points: t1
    for l0 in (25, "12.5", Decimal("12.5"), 12.5, "12.50000"):
        plain["l0"] = l0
        expected = r.evaluate(plain, engine="reference")
        assert tuple(r.verdict(plain)) == (expected.total, expected.certified, expected.tier)
    assert fast._finer == []
    numbers = fast.numbers
    assert numbers.places == 7  # 0.001, and four more
    longs = (
        "12.50000001",
        Decimal("12.50000001"),
        math.nextafter(12.5, 0),
        "12.5" + "0" * 30 + "1",
    )
    for long in longs:
        answers = {**plain, "l0": long}
        expected = r.evaluate(answers, engine="reference")
        assert tuple(r.verdict(answers)) == (expected.total, expected.certified, expected.tier)
        assert len(fast._finer) == 1
        assert fast._finer[0].numbers.places == FINE_PLACES


def test_the_fine_scorer_gives_whole_shares_and_decides_the_tier() -> None:
    """A share of a millionth above a tier's minimum reaches it, one below does not (the
    fine scorer's total is exact); its memo holds whole points."""
    r, fast = fresh()
    base: dict[str, object] = dict.fromkeys(KEYS, 0)
    base |= {"b": True, "l2": -1, "l4": 10}  # 1 point, the rest 0: l0 (0-50 %, 5 points) adds
    # a tenth of itself: 15 % is 1.5 points, 2.5 in all
    for text, tier in (("15", "t1"), ("14.99999999", None), ("15.00000001", "t1")):
        answers = {**base, "l0": text}
        verdict = r.verdict(answers)
        assert verdict.total == 1 + Fraction(text) / 10
        assert (verdict.tier.id if verdict.tier else None) == tier
    # the fine evaluator's memo of texts for l0 keeps whole points
    fine = fast._finer[0]
    texts, _ = fine.numbers.points_memos("l0")
    assert texts
    assert all(type(points) is int for points in texts.values())


def test_a_third_of_a_point_is_a_fraction_with_no_hand_over() -> None:
    """-1 to 2 for 1 point: a share in thirds is whole at no decimal scale: the code keeps
    the Fraction (no hand-over written for that rule), and the verdict is exact."""
    r, fast = fresh()
    answers: dict[str, object] = dict.fromkeys(KEYS, 0)
    answers |= {"l2": "0.5", "b": True}  # (0.5 + 1) / 3 = a half: whole
    answers["l2"] = 0  # a third of a point
    expected = r.evaluate(answers, engine="reference")
    assert tuple(r.verdict(answers)) == (expected.total, expected.certified, expected.tier)
    assert fast._finer == []
    verdict_code = fast.source.split("\ndef full(")[0]
    assert shares(fast, verdict_code) == {
        "_finer()": {"l0", "l1", "l4", "l5"},  # slopes of 1/10, 25/8, 1/4, 500
        "_frac(": {"l2", "l3"},  # 1/3, 6/199
    }


def shares(fast: FastEvaluator, code: str) -> dict[str, set[str]]:
    """The criteria whose shares the ``code`` makes by each expression (``s<i> = ...``)."""
    found: dict[str, set[str]] = {"_finer()": set(), "_frac(": set()}
    for line in code.splitlines():
        for mark, leaves in found.items():
            if mark in line and line.strip().startswith("s"):
                leaves.add(fast.order[int(line.strip()[1:].split()[0])].id)
    return found


def test_a_rubric_at_the_fine_scale_hands_nothing_over() -> None:
    r = RUBRICS[True]
    assert r._fast is not None
    assert r._fast.numbers.places >= FINE_PLACES
    assert "_finer()" not in r._fast.source
    assert "_Finer" not in r._fast.source


def test_the_full_scorer_and_fractions_measured_keep_their_fractions() -> None:
    """Only the verdict scorers hand over; an evaluator at a scale given (for measuring)
    never does."""
    r, fast = fresh()
    full_code = fast.source.split("\ndef full(", 1)[1]
    assert "_finer()" not in full_code
    assert shares(fast, full_code)["_frac("] == {f"l{i}" for i in range(6)}
    measured = FastEvaluator(r._plan, r._info, places=0)
    assert "_finer()" not in measured.source
    answers = {**dict.fromkeys(KEYS, 0), "l0": "12.50000001", "b": True}
    expected = r.evaluate(answers, engine="reference")
    assert tuple(measured.verdict(answers, {}, False)) == (
        expected.total,
        expected.certified,
        expected.tier,
    )
    assert measured._finer == []


def test_forgetting_answers_forgets_the_fine_scorers_too() -> None:
    r, fast = fresh()
    answers = {**dict.fromkeys(KEYS, 0), "l0": "12.50000001", "b": True}
    r.verdict(answers)
    texts, _ = fast._finer[0].numbers.points_memos("l0")
    assert texts
    forget_answers()
    assert not texts
    fast._finer[0].numbers.points_memos("l0")[0]["x"] = 1
    fast.forget()
    assert not fast._finer[0].numbers.points_memos("l0")[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, True), (2, True), (5, True), (10, True), (16, True), (40, True), (625, True),
        (1000, True), (3, False), (6, False), (7, False), (15, False), (30, False),
        (199, False), (2 * 5 * 3, False), (1024 * 3, False), (3 * 625, False),
        (10**30, True), (2**70 * 5**25, True), (3 * 10**30, False),  # past a float's digits
    ],
)  # fmt: skip
def test_decimal_unit(value: int, expected: bool) -> None:
    assert decimal_unit(value) is expected


GATED = """\
format: 1
id: gated
version: "1"
title: Gated
facts:
  - {id: ok, title: OK, type: boolean, default: true}
criteria:
  - {id: l, title: L, rule: {kind: linear, start: {value: 0, points: 0},
                             end: {value: 50, points: 5}}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, max: 4, rule: {kind: count, per_item: 1}}
gates:
  - {id: g, title: G, require: {fact: ok, equals: true}}
tiers:
  - {id: t, label: T, rank: 1, min: 2.5}
"""


@pytest.mark.parametrize(
    ("answers", "facts", "zero"),
    [
        ({"l": "12.50000001", "b": True, "c": 1}, {}, False),
        ({"l": "12.50000001", "b": True, "c": 1}, {"ok": False}, False),
        ({"l": "12.50000001", "b": "yes", "c": 1}, {"ok": True}, False),  # read by the reference
        ({"l": math.nextafter(25.0, 0), "b": True}, {}, True),  # c missing: zero
        ({"l": "14.99999999", "b": True}, {"ok": True}, True),
        ({"l": [12.5], "b": True, "c": 1}, {}, False),  # refused: the reference says why
        ({"l": 25, "b": True, "x": 1}, {}, False),  # c missing, x unknown: the same
    ],
)
def test_the_fine_scorer_gets_the_facts_the_missing_rule_and_the_notes(
    answers: dict[str, object], facts: dict[str, object], zero: bool
) -> None:
    """The compiled verdict itself (``FastEvaluator.verdict``, which raises ``Fallback``
    where it gives up, instead of asking the reference) of an assessment handed over gives
    the reference's verdict: the finer scorer is given the facts, whether a missing answer
    counts as zero, and the notes of answers the reference read."""
    r = parse_rubric(GATED)
    fast = r._fast
    assert fast is not None
    missing: Literal["zero", "error"] = "zero" if zero else "error"
    try:
        expected = r.evaluate(answers, facts=facts, missing=missing, engine="reference")
    except AssessmentError:  # the compiled verdict leaves it to the reference
        with pytest.raises(Fallback):
            fast.verdict(answers, facts, zero)
        with pytest.raises(AssessmentError):
            r.verdict(answers, facts=facts, missing=missing)
        return
    for _ in range(2):
        verdict = fast.verdict(answers, facts, zero)
        assert tuple(verdict) == (expected.total, expected.certified, expected.tier)
    assert len(fast._finer) == 1


def test_a_row_scorer_with_a_share_not_whole_at_the_scale_is_made_at_the_fine_scale() -> None:
    """``RowScorer``: a row scorer whose code has a share not whole at the evaluator's scale
    is made from the evaluator of ``FINE_PLACES`` places (``FastEvaluator.fine_rows``), where
    a long decimal's share is whole: a row's sum an integer, the reference's total."""
    r, fast = fresh()
    ids = (*KEYS, "b")
    layout = RowLayout({k: i for i, k in enumerate(ids)}, {}, {}, ())
    scorer = fast.row_scorer(layout, False, is_empty=is_empty, cell_value=cell_value)
    assert scorer is not None
    fine = fast.fine_rows()
    assert fine is not None
    assert scorer.evaluator is fine
    assert fine.numbers.places == FINE_PLACES
    row = ["12.50000001", "0.5", "2", "100", "5", "0.0015", "yes"]  # l2, l3 on anchors
    key, _tops = scorer.score(row)
    assert type(key[0]) is int
    expected = r.evaluate(dict(zip(ids, [*row[:-1], True], strict=True)), engine="reference")
    assert scorer.value(key[0]) == expected.total
