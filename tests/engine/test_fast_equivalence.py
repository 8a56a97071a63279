"""The compiled evaluator gives exactly the reference evaluator's results and problems."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import ROOT
from strategies import answers_for, rubric_and_answers, rubrics
from tiercert import Assessment, AssessmentError, Result, Rubric
from tiercert._fast import Fallback, FastEvaluator
from tiercert._fast.numbers import Numbers
from tiercert._numbers import RoundingMode, round_to
from tiercert.result import Verdict

SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))


def _outcome(rubric: Rubric, assessment: Assessment, engine: str) -> Result | list[str]:
    try:
        return rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


def _verdict(rubric: Rubric, assessment: Assessment) -> Verdict | list[str]:
    try:
        return rubric.verdict(assessment)
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


def _same(rubric: Rubric, assessment: Assessment) -> None:
    """Both engines agree: equal results (and JSON, byte for byte), or the same problems."""
    reference = _outcome(rubric, assessment, "reference")
    fast = _outcome(rubric, assessment, "fast")
    if isinstance(reference, Result):
        assert isinstance(fast, Result), fast
        assert fast.to_json() == reference.to_json()
        assert fast == reference
        assert dict(fast.nodes) == dict(reference.nodes)
        assert _verdict(rubric, assessment) == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    else:
        assert fast == reference
        assert _verdict(rubric, assessment) == reference


def _evaluator(rubric: Rubric) -> FastEvaluator:
    fast = rubric._fast
    assert fast is not None, "the generator should handle every rubric the strategies draw"
    return fast


@given(rubric_and_answers())
def test_fast_equals_reference(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(rubric, assessment)


@given(rubric_and_answers())
def test_valid_answers_stay_on_the_fast_path(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    fast = _evaluator(rubric)
    zero = rubric.spec.scoring.missing == "zero"
    result = fast.result(assessment.answers, assessment.facts, zero, "u1", "Xã Mẫu")
    assert result == rubric.evaluate(assessment, engine="reference")


def _respell(draw: st.DrawFn, value: Any) -> Any:
    """The same answer written another way a user might write it."""
    if isinstance(value, dict):
        return {**value, "value": _respell(draw, value["value"])}
    if isinstance(value, bool):
        words = ("yes", "no") if draw(st.booleans()) else ("có", "không")
        return draw(st.sampled_from([value, words[0] if value else words[1], int(value)]))
    if isinstance(value, Decimal):
        options: list[Any] = [value, str(value), float(value), Fraction(value)]
        if value == value.to_integral_value():
            options.append(int(value))
        return draw(st.sampled_from(options))
    if isinstance(value, str) and value != "na":
        return draw(st.sampled_from([value, value.upper(), f" {value} "]))
    if value == "na":
        return draw(st.sampled_from(["na", "N/A", "NA"]))
    return value


@st.composite
def _respelled_value(draw: st.DrawFn, value: Any) -> Any:
    return _respell(draw, value)


@st.composite
def _respelled(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    rubric, assessment = draw(rubric_and_answers())
    answers = {key: _respell(draw, value) for key, value in assessment.answers.items()}
    facts = {key: _respell(draw, value) for key, value in assessment.facts.items()}
    return rubric, Assessment(answers=answers, facts=facts, unit_id="u1")


@given(_respelled())
def test_other_spellings_agree(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(rubric, assessment)


@given(rubrics(), st.data())
def test_one_rubric_many_assessments_agree(rubric: Rubric, data: st.DataObject) -> None:
    # an evaluator reuses the NodeResults of answers it has seen: the same answer spelled
    # another way (1, True, "1", Decimal("1.0")) must still give the reference's breakdown
    assessments = []
    for _ in range(data.draw(st.integers(2, 5))):
        assessment = data.draw(answers_for(rubric))
        answers = {
            key: data.draw(_respelled_value(value)) for key, value in assessment.answers.items()
        }
        assessments.append(Assessment(answers=answers, facts=assessment.facts))
    for assessment in [*assessments, *reversed(assessments)]:
        _same(rubric, assessment)


_JUNK: list[Any] = [
    None,
    "",
    "garbage",
    -1,
    10**9,
    Decimal("1.5"),
    float("nan"),
    [],
    {"value": True, "extra": 1},
    {"justification": "no value"},
    True,
    "na",
    "2/3",
]


@st.composite
def _damaged(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    rubric, assessment = draw(rubric_and_answers())
    answers = dict(assessment.answers)
    facts = dict(assessment.facts)
    ids = [node_id for node_id, _, _ in rubric.iter_nodes()]
    for _ in range(draw(st.integers(1, 3))):
        harm = draw(st.integers(0, 5))
        if harm == 0:
            answers[draw(st.sampled_from(["zz-unknown", *ids]))] = draw(st.sampled_from(_JUNK))
        elif harm == 1 and answers:
            del answers[draw(st.sampled_from(sorted(answers)))]
        elif harm == 2 and answers:
            answers[draw(st.sampled_from(sorted(answers)))] = draw(st.sampled_from(_JUNK))
        elif harm == 3:
            facts[draw(st.sampled_from(["zz-fact", *facts]))] = draw(st.sampled_from(_JUNK))
        elif harm == 4 and facts:
            del facts[draw(st.sampled_from(sorted(facts)))]
        else:
            answers[draw(st.sampled_from(ids))] = draw(st.sampled_from(_JUNK))
    return rubric, Assessment(answers=answers, facts=facts, unit_id="u1")


@given(_damaged())
def test_bad_answers_give_the_same_problems(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(rubric, assessment)


@given(rubrics(), st.data())
def test_missing_answers_scored_as_zero(rubric: Rubric, data: st.DataObject) -> None:
    assessment = data.draw(answers_for(rubric, complete=False))
    modes: tuple[Literal["zero", "error"], ...] = ("zero", "error")
    for missing in modes:
        reference: Result | list[str]
        try:
            reference = rubric.evaluate(assessment, missing=missing, engine="reference")
        except AssessmentError as exc:
            reference = [p.format() for p in exc.problems]
        try:
            fast: Result | list[str] = rubric.evaluate(assessment, missing=missing)
        except AssessmentError as exc:
            fast = [p.format() for p in exc.problems]
        assert fast == reference


# --- the numbers ------------------------------------------------------------------------------

_places = st.integers(0, 6)
_scaled = st.integers(-(10**12), 10**12)


@given(_places, _scaled)
def test_scaled_values_are_the_exact_values(places: int, value: int) -> None:
    numbers = Numbers(places)
    assert numbers.natural(value) == Fraction(value, 10**places)
    assert numbers.natural(value) is numbers.natural(value)  # remembered
    assert numbers.natural(Fraction(value, 3)) == Fraction(value, 3 * 10**places)


@given(_places, st.integers(-6, 8), st.sampled_from(list(RoundingMode)), _scaled)
def test_scaled_rounding_is_the_reference_rounding(
    places: int, to: int, mode: RoundingMode, value: int
) -> None:
    numbers = Numbers(places)
    expected = round_to(Fraction(value, 10**places), to, mode)
    assert numbers.natural(numbers.round(value, to, mode)) == expected
    third = Fraction(value, 3)
    assert numbers.natural(numbers.round(third, to, mode)) == round_to(third / 10**places, to, mode)


@given(
    _places,
    st.integers(-6, 8),
    st.sampled_from(list(RoundingMode)),
    _scaled,
    st.sampled_from([2, 3, 4, 7, 8, 10**12, 2 * 10**16, 3 * 10**20]),
    st.booleans(),
)
def test_scaled_rounding_of_fractions_is_the_reference_rounding(
    places: int, to: int, mode: RoundingMode, value: int, denominator: int, half: bool
) -> None:
    """A Fraction score (an answer of more places than the scale), on and off the halves
    of the places rounded to: rounded on its integers as round_to rounds its natural value,
    and a whole number of units is an int."""
    numbers = Numbers(places)
    if half:  # exactly half a unit of the places rounded to, in natural terms, off a number
        exact: Fraction = Fraction(2 * value + 1, 2) * Fraction(10) ** (places - to)
    else:
        exact = Fraction(value, denominator)
    if not half and exact.denominator == 1:
        exact = Fraction(value * 2 + 1, 2 * denominator)
    _rounds_as_the_reference(numbers, exact, to, mode)


def _rounds_as_the_reference(
    numbers: Numbers, exact: Fraction, to: int, mode: RoundingMode
) -> None:
    expected = round_to(exact / 10**numbers.places, to, mode)
    got = numbers.round(exact, to, mode)
    assert numbers.natural(got) == expected, (exact, to, mode)
    assert (type(got) is int) == ((expected * numbers.scale).denominator == 1), (exact, to)


@pytest.mark.parametrize("mode", list(RoundingMode))
def test_a_fraction_next_to_a_whole_number_rounds_to_an_int(mode: RoundingMode) -> None:
    """A score a hair off a whole number of units (3 + 10**-20 units), rounded to more
    places than the scale holds or to fewer: a whole result is an int."""
    for places in (0, 2, 4):
        numbers = Numbers(places)
        for exact in (
            Fraction(3 * 10**20 + 1, 10**20),
            Fraction(3 * 10**20 - 1, 10**20),
            Fraction(-(10**12) + 1, 10**12),
        ):
            for to in range(-2, places + 6):
                _rounds_as_the_reference(numbers, exact, to, mode)


# --- specific cases -----------------------------------------------------------------------------

HOSTILE = """
format: 1
id: hostile
version: "1"
title: "\\"); __import__('os').system('echo pwned') #"
facts:
  - id: kind
    title: "'''"
    type: choice
    options: ["a'b", "\\"); raise SystemExit #", "x\\ny"]
  - id: note
    title: note
    type: text
    default: "}{"
criteria:
  - id: g1
    title: "{__import__}"
    children:
      - id: a
        title: "a\\"\\\\"
        rule: {kind: boolean, points: 10}
      - id: b
        title: b
        rule:
          kind: levels
          levels:
            - {id: lo, points: 0, label: "'; import os; '"}
            - {id: hi, points: 10, label: "\\\\"}
gates:
  - id: g
    title: gate
    require:
      all:
        - {fact: kind, in: ["\\"); raise SystemExit #", "a'b"]}
        - {fact: note, not_equals: "x\\ny"}
tiers:
  - {id: t1, label: "'''", rank: 1, min: 10}
"""


def test_rubric_text_never_becomes_code() -> None:
    rubric = tiercert.parse_rubric(HOSTILE)
    fast = _evaluator(rubric)
    for text in ("__import__", "SystemExit", "a'b", "x\\ny", "}{", "pwned"):
        assert text not in fast.source
    for kind in ("a'b", '"); raise SystemExit #', "x\ny"):
        assessment = Assessment(answers={"a": True, "b": "hi"}, facts={"kind": kind})
        _same(rubric, assessment)
    result = rubric.evaluate({"a": True, "b": "hi"}, facts={"kind": "a'b"})
    assert result.certified
    # the generated breakdown too: in the source, and its nodes the reference's
    assert "def nodes(" in fast.source
    expected = rubric.evaluate({"a": True, "b": "hi"}, facts={"kind": "a'b"}, engine="reference")
    assert list(result.nodes.items()) == list(expected.nodes.items())
    assert not rubric.evaluate({"a": True, "b": "hi"}, facts={"kind": "x\ny"}).certified


DIRECT_AND_CONDITION = """
format: 1
id: order
version: "1"
title: T
scoring: {missing: zero}
criteria:
  - id: g1
    title: G1
    children:
      - id: c
        title: C
        rule: {kind: condition, points: 5, when: {score: g2.1, at_least: 0}}
  - id: g2
    title: G2
    direct: true
    children:
      - id: g2.1
        title: X
        rule: {kind: boolean, points: 10}
"""


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_condition_cannot_read_a_criterion_hidden_by_a_direct_score(engine: str) -> None:
    # Regression: the reference used to score g2.1 as missing when the condition ran before
    # g2 was given directly, so the result depended on the order of the criteria.
    rubric = tiercert.parse_rubric(DIRECT_AND_CONDITION)
    result = rubric.evaluate({"g2": 7}, engine=engine)  # type: ignore[arg-type]
    assert "g2.1" not in result.nodes
    assert result.nodes["c"].answer is False
    assert result.total == 7


def test_engine_must_be_known() -> None:
    rubric = tiercert.parse_rubric(DIRECT_AND_CONDITION)
    with pytest.raises(ValueError, match="engine"):
        rubric.evaluate({}, engine="quick")  # type: ignore[arg-type]


def test_unusual_input_falls_back_to_the_reference() -> None:
    rubric = tiercert.parse_rubric(DIRECT_AND_CONDITION)
    fast = _evaluator(rubric)
    with pytest.raises(Fallback):
        fast.verdict({"g2": 7, "unknown": 1}, {}, True)
    with pytest.raises(AssessmentError) as caught:
        rubric.verdict({"g2": 7, "unknown": 1})
    assert [p.code for p in caught.value.problems] == ["answer.unknown"]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_rubrics_use_the_fast_path(path: Path) -> None:
    rubric = tiercert.load_rubric(path)
    assert rubric._fast is not None


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@given(data=st.data())
def test_shipped_rubrics_stay_on_the_fast_path(path: Path, data: st.DataObject) -> None:
    # the compiled scorers themselves, not evaluate(): evaluate() hands anything they give up
    # on (code the generator wrote wrong included) to the reference, which would hide it
    rubric = _shipped(path)
    fast = _evaluator(rubric)
    assessment = data.draw(answers_for(rubric))
    zero = rubric.spec.scoring.missing == "zero"
    reference = rubric.evaluate(assessment, engine="reference")
    unit = (assessment.unit_id, assessment.unit_name)
    assert fast.result(assessment.answers, assessment.facts, zero, *unit) == reference
    verdict = fast.verdict(assessment.answers, assessment.facts, zero)
    assert verdict == (reference.total, reference.certified, reference.tier)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@given(data=st.data())
def test_shipped_rubrics_agree(path: Path, data: st.DataObject) -> None:
    rubric = _shipped(path)
    _same(rubric, data.draw(answers_for(rubric)))


_LOADED: dict[Path, Rubric] = {}


def _shipped(path: Path) -> Rubric:
    if path not in _LOADED:
        _LOADED[path] = tiercert.load_rubric(path)
    return _LOADED[path]


ONE_LEAF_DIRECT = """
format: 1
id: one
version: "1"
title: T
criteria:
  - id: g
    title: G
    direct: true
    children:
      - {id: g.1, title: A, rule: {kind: boolean, points: 4}}
  - {id: h, title: H, rule: {kind: boolean, points: 6}}
"""


@pytest.mark.parametrize(
    "answers",
    [{"g": 3, "h": True}, {"g.1": True, "h": False}, {"g": 3}, {"g": 9, "h": True}],
)
def test_a_group_scored_directly_in_place_of_its_only_criterion(answers: dict[str, Any]) -> None:
    # as many answers as criteria, yet one is a group's score: the entry scorer must notice
    rubric = tiercert.parse_rubric(ONE_LEAF_DIRECT)
    _same(rubric, Assessment(answers=answers))


def test_decimal_to_fraction_conversions_stay_exact() -> None:
    from tiercert._numbers import to_fraction

    assert to_fraction(Decimal("2.50")) == Fraction(5, 2)
    assert to_fraction(Decimal("2.0")) == to_fraction(Decimal("2")) == 2
    assert to_fraction(Decimal("-0.1")) == Fraction(-1, 10)
    assert to_fraction(Decimal("1E+2")) == 100


_NUMERIC_TEXT = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from([" 85 ", "1_000", "²", "٣", "+7", "-0", "1e3", "2/3", "", "x", "07"]),
    # trailing zeros: a whole number (an int), or the same Fraction as without them
    st.sampled_from(["50.000", "72.50", "0.0", "0.50", "7.250", "100.0", "05.0", "1." + "0" * 99]),
    st.text(alphabet="0123456789 ._-+eE/", max_size=8),
)


@given(
    st.one_of(
        _NUMERIC_TEXT,
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.integers(),
        st.booleans(),
    )
)
def test_number_shortcuts_read_like_the_reference(raw: object) -> None:
    from tiercert._fast.numbers import read_number
    from tiercert._literals import parse_number

    expected = parse_number(raw)
    got = read_number(raw)
    assert (got is None) == (expected is None)
    if expected is not None:
        assert got == expected
        # normalised: a whole number is an int (generated code takes the int paths)
        assert (type(got) is int) == (expected.denominator == 1)


def test_number_paths_test_an_answers_class_with_type() -> None:
    """The generated number paths test an answer's class (and the number read) with
    ``_T(r) is C``, not ``r.__class__ is C``: CPython 3.11 specialises a call of ``type()``
    whatever the answer's class, not the attribute on answers of several classes (the mix
    of ints, floats, Decimals and text), once per answer (``rk = _T(r)``, then ``rk is C``):
    no number class is tested on the answer itself.  Every shipped rubric, verdict and full
    scorer."""
    import re

    pattern = re.compile(r"\b(?:r|v|n\d*)\.__class__")
    read = 0
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        fast = _evaluator(tiercert.load_rubric(path))
        assert "_T(r)" in fast.source, path.name
        assert pattern.findall(fast.source) == [], path.name
        assert re.findall(r"_T\(r\) is (?:_Dec|_Fl)", fast.source) == [], path.name
        lines = fast.source.splitlines()
        for i, line in enumerate(lines):
            if line.strip() == "rk = _T(r)":
                read += 1
                assert lines[i + 1].strip() == "if rk is int:", path.name
    assert read > 100  # every number criterion of seven rubrics, in both scorers
