"""What the compiled evaluator remembers between assessments: the points of a text, `Decimal`
or float answer it scored itself (per criterion), and the `NodeResult`s its generated
breakdown looks up (per node, by what decides them).  Remembering must never change a result:
every answer met a second time, in any order, gives the reference's results and problems."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercert import Assessment, AssessmentError, Rubric, rubric_from_mapping
from tiercert._fast.evaluator import forget_answers
from tiercert._fast.numbers import EXACTS, FLOATS, IMAGES

_BANDS = {
    "kind": "bands",
    "range": {"min": 0, "max": 100},
    "bands": [
        {"min": 0, "max": Decimal("72.5"), "points": 1},
        {"min": Decimal("72.5"), "max": 100, "points": 3},
    ],
}


def _rubric() -> Rubric:
    """A band rule with an N/A that counts, a direct score of whole points, a count, a
    linear rule read by a gate, a capped group and a condition; tiers at whole and decimal
    minimums (a total with more places than the scale is a Fraction)."""
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "remembered",
            "version": "1",
            "title": "Remembered",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "max": 10,
                    "children": [
                        {"id": "b", "title": "B", "rule": _BANDS, "na": {"counts_as": "satisfied"}},
                        {"id": "d", "title": "D", "max": 8, "rule": {"kind": "direct"}},
                    ],
                },
                {
                    "id": "n",
                    "title": "N",
                    "rule": {"kind": "count", "per_item": Decimal("0.5"), "max_items": 4},
                },
                {
                    "id": "l",
                    "title": "L",
                    "max": 4,
                    "rule": {
                        "kind": "linear",
                        "start": {"value": 0, "points": 0},
                        "end": {"value": 80, "points": 4},
                    },
                },
                {
                    "id": "c",
                    "title": "C",
                    "rule": {
                        "kind": "condition",
                        "points": 1,
                        "when": {"score": "g", "at_least": 9},
                    },
                },
            ],
            "gates": [{"id": "k", "title": "K", "require": {"answer": "l", "at_least": 20}}],
            "tiers": [
                {"id": "t1", "label": "T1", "rank": 1, "min": 7},
                {"id": "t2", "label": "T2", "rank": 2, "min": Decimal("12.5")},
            ],
        }
    )


#: the Decimal equal to the float 0.1 (its binary value, 55 digits)
_BINARY = Decimal.from_float(0.1)
#: answers in every form: on, just off and far off the edges (72.5, 0, 8, the tiers), with
#: more places than the scale holds, equal values in other forms, and what is refused or N/A
_ANSWERS: tuple[object, ...] = (
    *(0, 1, 7, 8, 72, 73, 100, 9),
    *("72.5", "72.50", " 72.5 ", "72.4999999999999999999999999999"),
    "72.5000000000000000000000000001",
    *(Decimal("72.5"), Decimal("72.50"), Decimal("72.49999"), Decimal("7.99999"), Decimal("-0")),
    *(72.5, 72.49999999999999, 72.50000000000001, 0.1 + 0.2, -0.0, 1e-13, 7.999999999999999),
    *(0.1, _BINARY, Decimal("0.1"), "0.1", 8.0, "8", "7.25", "7.00001", "0.000001"),
    *("na", "N/A", "-1", "101", "abc", "1e-13", "3", 3.0, Decimal("3"), "3.5", 3.5),
)


def _outcome(rubric: Rubric, answers: dict[str, Any], engine: str) -> object:
    try:
        result = rubric.evaluate(Assessment(answers=answers, unit_id="u"), engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]
    nodes = [(n.id, n.score, n.status, n.answer, n.capped, n.detail) for n in result.nodes.values()]
    return result.to_json(), nodes


def _check(rubric: Rubric, answers: dict[str, Any]) -> None:
    expected = _outcome(rubric, answers, "reference")
    assert _outcome(rubric, answers, "fast") == expected, answers
    if isinstance(expected, tuple):
        verdict = rubric.verdict(answers)
        reference = rubric.evaluate(answers, engine="reference")
        assert verdict == (reference.total, reference.certified, reference.tier), answers


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from(_ANSWERS)] * 4), min_size=1, max_size=6), st.randoms())
def test_answers_met_again_in_any_order_score_as_the_reference(
    units: list[tuple[object, object, object, object]], rng: Any
) -> None:
    rubric = _rubric()
    forget_answers()
    for memo in (IMAGES, EXACTS, FLOATS):
        memo.clear()
    order = [*units, *units]
    rng.shuffle(order)
    for b, d, n, lin in [*units, *order]:  # each unit at least twice, the second from memos
        _check(rubric, {"b": b, "d": d, "n": n, "l": lin})


@pytest.mark.parametrize("first", [0.1, _BINARY], ids=repr)
def test_a_float_and_an_equal_decimal_are_remembered_apart(first: object) -> None:
    """0.1 means 1/10 (its repr); the Decimal equal to its binary value means that value:
    equal keys, other points, other NodeResults (whichever comes first)."""
    rubric = _rubric()
    second = _BINARY if isinstance(first, float) else 0.1
    assert first == second
    base = {"b": 50, "n": 1, "l": 40}
    for answer in (first, second, first, second):
        _check(rubric, {**base, "d": answer})
        _check(rubric, {**base, "d": 8, "l": answer})
    totals = {rubric.verdict({**base, "d": answer}).total for answer in (first, second)}
    assert len(totals) == 2


def test_answers_the_reference_scored_are_never_remembered() -> None:
    """N/A and refused answers go to the reference every time (their NodeResults are its)."""
    rubric = _rubric()
    base = {"d": 8, "n": 1, "l": 40}
    for _ in range(3):
        result = rubric.evaluate({**base, "b": "na"})
        assert result.nodes["b"].status == "not_applicable"
        assert result == rubric.evaluate({**base, "b": "na"}, engine="reference")
        for refused in ("101", "-1", "abc", 100.5):
            with pytest.raises(AssessmentError):
                rubric.evaluate({**base, "b": refused})
            with pytest.raises(AssessmentError):
                rubric.verdict({**base, "b": refused})


@pytest.mark.parametrize(
    "answer", ["3.9999999", "4", "4.0000001", "4.00000000000000000001", 3.9999999999999996]
)
def test_a_total_of_more_places_than_the_scale_reaches_its_tier(answer: object) -> None:
    """A direct score of more places than the scale is a Fraction: the tiers compare its
    floor with their whole minimums (7 here: 1 for b, 2 for l, the rest from d)."""
    rubric = _rubric()
    for _ in range(2):
        answers = {"b": 50, "d": answer, "n": 0, "l": 40}
        _check(rubric, answers)
        reference = rubric.evaluate(answers, engine="reference")
        assert rubric.verdict(answers).tier == reference.tier
        assert (reference.tier is not None) == (Fraction(str(answer)) >= 4)


def test_a_group_capped_or_not_at_the_same_score_is_told_apart() -> None:
    """The breakdown remembers a group's NodeResult by its score, apart for a capped group:
    10 of 10 reached exactly (b 1 + d 9 is over the cap of 10? no: d at most 8) and 10 by
    the cap."""
    rubric = _rubric()
    exact, capped = {"b": 73, "d": 7, "n": 0, "l": 0}, {"b": 73, "d": 8, "n": 0, "l": 0}
    for answers in (exact, capped, exact, capped):
        _check(rubric, answers)
    assert rubric.evaluate(exact).nodes["g"].score == rubric.evaluate(capped).nodes["g"].score
    assert not rubric.evaluate(exact).nodes["g"].capped
    assert rubric.evaluate(capped).nodes["g"].capped


def test_the_breakdown_is_generated_and_reused() -> None:
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    assert "def nodes(" in fast.source
    answers = {"b": "72.5", "d": Decimal("7.5"), "n": 2.0, "l": 40}
    first, second = rubric.evaluate(answers), rubric.evaluate(answers)
    pairs = list(zip(first.nodes.values(), second.nodes.values(), strict=True))
    # a criterion told what its capped group counted of it is made again (tell_counted)
    assert all(a is b for a, b in pairs if a.counted_points is None)
    assert all(a == b for a, b in pairs)
    assert fast._builder is not None  # the generated breakdown built them
    assert first == rubric.evaluate(answers, engine="reference")


def test_an_answer_with_or_without_its_evidence_is_told_apart() -> None:
    """The same value, once with the evidence it needs and once without: the breakdown
    remembers the two apart (answered, evidence_missing), in either order."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "evidence",
            "version": "1",
            "title": "Evidence",
            "criteria": [
                {
                    "id": "e",
                    "title": "E",
                    "rule": {"kind": "boolean", "points": 2},
                    "evidence": ["justification"],
                },
                {"id": "f", "title": "F", "rule": _BANDS, "evidence": ["url"]},
            ],
        }
    )
    given = {"value": True, "justification": "Biên bản họp số 12"}
    shown = {"value": "72.5", "url": "https://example.org/evidence"}
    for answers in (
        {"e": given, "f": shown},
        {"e": {"value": True}, "f": {"value": "72.5"}},
        {"e": True, "f": "72.5"},
        {"e": given, "f": shown},
    ):
        _check(rubric, answers)
    statuses = [
        rubric.evaluate({"e": e, "f": f}).nodes["e"].status
        for e, f in ((given, shown), (True, "72.5"))
    ]
    assert statuses == ["answered", "evidence_missing"]


def _reference_scored() -> Rubric:
    """Criteria whose unusual answers the reference reads and scores (words, typed levels,
    N/A, evidence mappings, every ratio answer), inside compiled code."""
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "unusual",
            "version": "1",
            "title": "Unusual answers",
            "criteria": [
                {"id": "y", "title": "Y", "rule": {"kind": "boolean", "points": 2}},
                {
                    "id": "v",
                    "title": "V",
                    "rule": {
                        "kind": "levels",
                        "levels": [{"id": "tot", "points": 3}, {"id": "kha", "points": 1}],
                    },
                    "na": {"counts_as": "excluded"},
                },
                {"id": "r", "title": "R", "max": 10, "rule": {"kind": "ratio", "points": 10}},
                {
                    "id": "e",
                    "title": "E",
                    "rule": {"kind": "ratio", "points": 4},
                    "evidence": ["justification"],
                },
                {  # rounded: an answer lacking its evidence is the reference's to score
                    "id": "b",
                    "title": "B",
                    "rule": _BANDS,
                    "evidence": ["url"],
                    "round": {"mode": "half_up", "places": 0},
                },
            ],
        }
    )


_UNUSUAL: dict[str, tuple[object, ...]] = {
    "y": (True, "có", "không", " yes ", "TRUE", "x", "na", 1, 1.0),
    "v": ("tot", " Tot ", "KHA", "na", "N/A", "trung", 3),
    "r": ("150/200", "3/4", 0.1, _BINARY, Decimal("0.1"), "0.1", [1, 4], "1/3", 0.75),
    "e": (
        {"value": "3/4", "justification": "Biên bản họp số 12"},
        {"value": 0.1, "justification": "Biên bản họp số 12"},
        {"value": _BINARY, "justification": "Biên bản họp số 12"},
        {"value": "3/4"},
        "3/4",
    ),
    "b": (
        0.1,
        _BINARY,
        "0.1",
        {"value": 0.1, "justification": "Biên bản họp số 12"},
        {"value": _BINARY, "justification": "Biên bản họp số 12"},
        {"value": 80, "url": "https://example.org/evidence"},
    ),
}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({key: st.sampled_from(values) for key, values in _UNUSUAL.items()}),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([None, "zero", "error"]),
)
def test_what_the_reference_made_of_an_answer_is_met_again_alike(
    units: list[dict[str, object]], missing: Any
) -> None:
    rubric = _reference_scored()
    for answers in [*units, *units, *[{k: v for k, v in u.items() if k != "r"} for u in units]]:
        expected = _unusual_outcome(rubric, answers, missing, "reference")
        assert _unusual_outcome(rubric, answers, missing, "fast") == expected, answers


def _unusual_outcome(
    rubric: Rubric, answers: dict[str, object], missing: Any, engine: Any
) -> object:
    try:
        result = rubric.evaluate(answers, missing=missing, engine=engine)
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]
    verdict = rubric.verdict(answers, missing=missing) if engine == "fast" else None
    assert verdict is None or verdict == (result.total, result.certified, result.tier)
    return result.to_json(), [n.to_dict() for n in result.nodes.values()]


@pytest.mark.parametrize("key", sorted(_UNUSUAL))
@pytest.mark.parametrize("backwards", [False, True])
def test_each_unusual_answer_met_again_alike(key: str, backwards: bool) -> None:
    """Every unusual answer of one criterion in turn, the others valid, forwards and
    backwards (equal answers of other types meet after each other both ways)."""
    rubric = _reference_scored()
    base: dict[str, object] = {"y": True, "v": "tot", "r": "3/4", "e": "3/4", "b": 80}
    values = list(_UNUSUAL[key])
    for value in [*values, *values][:: -1 if backwards else 1]:
        answers = {**base, key: value}
        for missing in (None, "zero"):
            expected = _unusual_outcome(rubric, answers, missing, "reference")
            assert _unusual_outcome(rubric, answers, missing, "fast") == expected, answers


def test_a_group_left_out_by_n_a_beside_answers_the_generated_code_scored() -> None:
    """A result with answers the reference scored (N/A here) is built by the generated
    breakdown with their NodeResults; a group whose every child is N/A is excluded."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "excluded",
            "version": "1",
            "title": "Excluded",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "children": [
                        {
                            "id": f"g{k}",
                            "title": "X",
                            "rule": _BANDS,
                            "na": {"counts_as": "excluded"},
                        }
                        for k in (1, 2)
                    ],
                },
                {"id": "h", "title": "H", "rule": {"kind": "boolean", "points": 2}},
            ],
        }
    )
    for answers in (
        {"g1": "na", "g2": "N/A", "h": True},
        {"g1": 80, "g2": "na", "h": "có"},
        {"g1": 80, "g2": 10, "h": True},
        {"g1": "na", "g2": "na", "h": False},
    ):
        _check(rubric, answers)
    result = rubric.evaluate({"g1": "na", "g2": "N/A", "h": True})
    assert [n.status for n in result.nodes.values()] == [
        "excluded", "excluded", "excluded", "answered"
    ]  # fmt: skip
    assert rubric._fast is not None
    assert rubric._fast._notes_builder is not None  # built by the generated breakdown


def test_the_memos_of_points_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per criterion and in all: once full, answers are read as the first time, alike."""
    from tiercert._fast import numbers

    monkeypatch.setattr(numbers, "POINTS_BUDGET", 5)
    monkeypatch.setattr(numbers, "POINTS_BOUND", 3)
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    for k in range(12):
        for _ in range(2):
            _check(rubric, {"b": f"7{k}.5", "d": f"{k % 8}.5", "n": f"{k % 4}", "l": 40})
            _check(rubric, {"b": Decimal(f"6{k}.5"), "d": 1, "n": Decimal(k % 4), "l": 40.5})
    memos = [memo for three in fast.numbers._points.values() for memo in three]
    assert len(memos) == 3 * len(fast.numbers._points)  # texts, floats, Decimals
    assert all(len(memo) <= 3 for memo in memos)
    assert sum(len(memo) for memo in memos) <= 5


@pytest.mark.parametrize(
    "long",
    [
        " 72.5" + " " * 300,
        "7." + "0" * 300,
        Decimal("72." + "5" * 60 + "0" * 300),
        Decimal("7." + "0" * 400),
    ],
    ids=["spaced text", "zeros text", "Decimal", "zeros Decimal"],
)
def test_long_texts_and_decimals_are_scored_but_not_remembered(long: object) -> None:
    """An answer within the limits but written long (spaces, trailing zeros) is scored as
    the reference scores it, and neither its reading nor its points are kept: the memos stay
    small whatever they are given."""
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    forget_answers()
    for memo in (IMAGES, EXACTS, FLOATS):
        memo.clear()
    for _ in range(2):
        _check(rubric, {"b": long, "d": long, "n": 2, "l": 40})
    kept = [key for three in fast.numbers._points.values() for memo in three for key in memo]
    kept += [*IMAGES, *EXACTS]
    assert all(key is not long for key in kept)
    assert all(len(str(key)) <= 256 for key in kept)


def test_the_points_of_an_answer_scored_are_what_is_remembered() -> None:
    """The memo of a criterion holds the points the generated code gave the answer."""
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    forget_answers()
    # on the band's edge (read exactly) and off it (read as a float, inline)
    _check(rubric, {"b": "72.5", "d": "7.25", "n": 2, "l": 40})
    _check(rubric, {"b": "50.5", "d": "7.25", "n": 2, "l": 40})
    scale = fast.numbers.scale
    texts_b, _ = fast.numbers.points_memos("b")
    texts_d, _ = fast.numbers.points_memos("d")
    assert texts_b == {"72.5": 3 * scale, "50.5": 1 * scale}
    assert texts_d == {"7.25": Fraction(29, 4) * scale}


@pytest.mark.parametrize(
    ("rule", "answer", "memo", "points"),
    [
        ({"kind": "deduction", "per_item": 1, "start": 5}, 2.0, 1, 3),  # a whole float
        ({"kind": "direct"}, 2.5, 1, Fraction(5, 2)),  # a float read exactly (_FLO)
        ({"kind": "deduction", "per_item": 1, "start": 5}, " 2 ", 0, 3),  # text read by _num
    ],
)
def test_answers_read_by_the_general_path_are_remembered_and_looked_up(
    rule: dict[str, Any], answer: object, memo: int, points: Fraction
) -> None:
    # (fifteenth round: Generator._leaf_value's mutants 394, 472, 475 and 488, which left a
    # whole float, a float read exactly or an answer read by _num out of the memo of points,
    # survived) a rule whose code does more than compare (no float copy) remembers such an
    # answer's points and takes them from the memo when it meets the answer again: planted
    # points are what is given
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "general",
            "version": "1",
            "title": "General",
            "criteria": [{"id": "x", "title": "X", "max": rule.get("start", 10), "rule": rule}],
            "tiers": [],
        }
    )
    fast = rubric._fast
    assert fast is not None
    forget_answers()
    remembered = fast.numbers.points_memos("x")[memo]
    first = rubric.verdict({"x": answer}).total
    assert first == points
    assert remembered[answer] == points * fast.numbers.scale
    remembered[answer] += fast.numbers.scale  # one point more, planted
    assert rubric.verdict({"x": answer}).total == first + 1
    forget_answers()
    assert rubric.verdict({"x": answer}).total == first


def test_a_float_read_before_by_another_criterion_is_remembered_too() -> None:
    # (fifteenth round: Generator._leaf_value's mutants 472 and 475, which left a float out
    # of the memo of points when its number was read before (``_FLO``, the readings every
    # criterion shares), survived) the second criterion given 2.5 takes its number from the
    # shared readings and remembers its own points as the first did
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "general",
            "version": "1",
            "title": "General",
            "criteria": [
                {"id": i, "title": i, "max": 10, "rule": {"kind": "direct"}} for i in ("x", "y")
            ],
            "tiers": [],
        }
    )
    fast = rubric._fast
    assert fast is not None
    forget_answers()
    assert rubric.verdict({"x": 2.5, "y": 2.5}).total == 5
    for ident in ("x", "y"):
        assert fast.numbers.points_memos(ident)[1] == {2.5: Fraction(5, 2) * fast.numbers.scale}
    forget_answers()
