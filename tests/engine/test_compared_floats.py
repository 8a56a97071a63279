"""Answers read as floats where that is exact: the compiled evaluator compares a decimal,
float or numeric-text answer of a ``bands`` or ``linear`` rule as a float unless its float
equals the float of an edge (``tiercert._fast.numbers.read_compared``).  Answers exactly on,
just below and just above every edge, in every form, must give the reference's results and
problems exactly."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert import Assessment, AssessmentError, Result, Rubric, rubric_from_mapping
from tiercert._fast.numbers import EXACTS, IMAGES, edge_floats, edge_sides, read_compared
from tiercert._literals import parse_number

F = Fraction

#: edges a rubric may write: awkward decimals (no float holds 0.1 or 0.3), one with 12 places,
#: large and small ones, negatives; 2.675 written 2.6750, as a rubric must (2.675 may be 2675)
_EDGES = tuple(
    Decimal(text)
    for text in (
        *("-2.5", "0", "0.1", "0.2", "0.3", "0.7", "1", "2.6750", "33.3", "49.95", "50"),
        *("72.45", "80", "99.999999999999", "100", "0.000000000001", "123456789.123456"),
        *("9007199254740993", "1E+15", "1E+40"),
    )
)
#: how far off an edge a decimal answer lands (0: on it)
_STEPS = tuple(F(1, 10**k) for k in (0, 1, 2, 12, 16, 17, 20, 30, 60, 98)) + (F(0),) * 4
#: answers near the limits on digits and places, and things that are no number
_ODD_ANSWERS: tuple[object, ...] = (
    *(1e-99, 1e-100, 1e-101, 9.99e-101, 1e99, 1e100, 1.5e100, 1e101, -1e-99, -1e100),
    *(5e-324, 2.2250738585072014e-308, 1.7976931348623157e308),
    *(math.inf, -math.inf, math.nan, -0.0),
    *("1e99", "1e100", "1e101", "1e-100", "1e-101", "-1e-100", "0.0", "-0", ".5", "5."),
    *(Decimal("1E+100"), Decimal("1E+101"), Decimal("1E-100"), Decimal("1E-101")),
    *(Decimal("NaN"), Decimal("Infinity"), Decimal("-0.0"), Decimal("0E-200")),
    *(Decimal("5." + "0" * 99 + "1"), Decimal("5." + "0" * 98 + "1"), Decimal("5" + "0" * 120)),
    *("0x10", "1_0", "17,5", "022", "nan", "inf", " 5 ", "5%", "1/3", "2/3", "+5.0"),
    *("9" * 101, "0." + "0" * 98 + "1", "0." + "0" * 99 + "1", "1" + "0" * 99 + ".5"),
)


def _floats_near(edge: Fraction) -> list[float]:
    """The float of ``edge``, its neighbours one ulp away, and the same reached by arithmetic
    (``0.1 + 0.2`` style)."""
    x = float(edge)
    return [
        x,
        math.nextafter(x, -math.inf),
        math.nextafter(x, math.inf),
        (x - 0.3) + 0.1 + 0.2,
        x / 100 * 100,
        x * 3 / 3,
        x - 0.1,
        x + 0.1,
    ]


@st.composite
def _answer(draw: st.DrawFn, edges: list[Fraction]) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(_ODD_ANSWERS))
    edge = draw(st.sampled_from(edges))
    form = draw(st.sampled_from(("float", "Decimal", "text", "text", "int")))
    if form == "float":
        return draw(st.sampled_from(_floats_near(edge)))
    value = edge + draw(st.sampled_from((-1, 1))) * draw(st.sampled_from(_STEPS))
    if form == "int":
        return math.floor(value) + draw(st.integers(-1, 1))
    with localcontext() as context:  # every value here is a finite decimal: exactly
        context.prec = 400
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    assert Fraction(text) == value
    if form == "Decimal":
        return Decimal(text)
    spelled = draw(st.sampled_from(("plain", "zeros", "spaced", "exponent")))
    if spelled == "zeros":
        return text + ("0" if "." in text else ".00")
    if spelled == "spaced":
        return f" {text} "
    if spelled == "exponent" and "E" not in text and "e" not in text:
        return f"{Decimal(text) * 10}e-1"
    return text


@st.composite
def _case(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    criteria: list[dict[str, Any]] = []
    edges_of: dict[str, list[Fraction]] = {}
    for i in range(draw(st.integers(1, 3))):
        cid = f"c{i}"
        picked = sorted(set(draw(st.lists(st.sampled_from(_EDGES), min_size=2, max_size=5))))
        if len(picked) < 2:
            picked = [Decimal(0), Decimal(100)]
        if draw(st.booleans()):
            bands = [
                {"min": low, "max": high, "points": Decimal(b + 1)}
                for b, (low, high) in enumerate(itertools.pairwise(picked))
            ]
            rule: dict[str, Any] = {"kind": "bands", "bands": bands}
            if draw(st.booleans()):
                rule["edges"] = draw(st.sampled_from(("min_inclusive", "max_inclusive")))
            if draw(st.booleans()):
                rule["range"] = {"min": picked[0], "max": picked[-1]}
            else:
                if draw(st.booleans()):
                    del bands[0]["min"]
                if draw(st.booleans()):
                    del bands[-1]["max"]
        else:
            low, high = picked[0], picked[-1]
            if draw(st.booleans()):
                low, high = high, low
            rule = {
                "kind": "linear",
                "start": {"value": low, "points": Decimal(0)},
                "end": {"value": high, "points": Decimal(draw(st.sampled_from((1, 3, 10))))},
            }
            if draw(st.booleans()):
                rule["range"] = {"min": picked[0], "max": picked[-1]}
        criteria.append({"id": cid, "title": f"Tiêu chí {i}", "rule": rule})
        edges_of[cid] = [F(e) for e in picked]
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "floats",
            "version": "1",
            "title": "Edges as floats",
            "criteria": criteria,
            "tiers": [{"id": "pass", "label": "Pass", "rank": 1, "min": Decimal(1)}],
        }
    )
    answers = {cid: draw(_answer(edges)) for cid, edges in edges_of.items()}
    return rubric, Assessment(answers=answers, unit_id="u1")


def _outcome(rubric: Rubric, assessment: Assessment, engine: str) -> Result | list[str]:
    try:
        return rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


def _same(rubric: Rubric, assessment: Assessment) -> None:
    reference = _outcome(rubric, assessment, "reference")
    fast = _outcome(rubric, assessment, "fast")
    assert fast == reference, assessment.answers
    if isinstance(reference, Result):
        assert isinstance(fast, Result)
        assert fast.to_json() == reference.to_json()
        assert dict(fast.nodes) == dict(reference.nodes)
        verdict = rubric.verdict(assessment)
        assert verdict == (reference.total, reference.certified, reference.tier)
    else:
        with pytest.raises(AssessmentError) as caught:
            rubric.verdict(assessment)
        assert [p.format() for p in caught.value.problems] == reference


@given(_case())
def test_answers_at_every_edge_agree_with_the_reference(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    assert rubric._fast is not None
    _same(rubric, assessment)


@given(_case())
def test_answers_met_again_agree_with_the_reference(case: tuple[Rubric, Assessment]) -> None:
    """The second reading of a text or Decimal comes from the memos."""
    rubric, assessment = case
    _same(rubric, assessment)
    _same(rubric, assessment)


@pytest.mark.parametrize("edge", [F(e) for e in _EDGES])
def test_a_float_on_an_edge_means_the_edge(edge: Fraction) -> None:
    """A float equal to an edge's float is read as the edge only where its repr writes the
    edge; every other answer is a float that equals no edge's float, or the exact number."""
    critical = edge_floats([edge])
    for raw in [*_floats_near(edge), str(float(edge)), Decimal(repr(float(edge)))]:
        got = read_compared(raw, critical)
        exact = parse_number(raw)  # None for 5e-324, the float next to 0: past the limits
        if isinstance(got, float):
            assert exact is not None
            assert got not in critical
            assert (got < float(edge)) == (exact < edge)
            assert (got > float(edge)) == (exact > edge)
        else:
            assert got == exact


@pytest.mark.parametrize("raw", _ODD_ANSWERS, ids=repr)
def test_answers_beyond_the_limits_are_read_as_the_rule_reads_them(raw: object) -> None:
    critical = edge_floats([F(0), F(100)])
    for _ in range(2):  # the second time from the memo
        got = read_compared(raw, critical)
        exact = parse_number(raw)
        if isinstance(got, float):
            assert exact is not None
            assert float(exact) == got
            assert got not in critical
        else:
            assert got == exact


def test_the_memos_are_bounded() -> None:
    from tiercert._fast import numbers

    critical = edge_floats([F(50)])
    for n in range(numbers.IMAGES_BOUND + 10):
        read_compared(f"{n}.5", critical)
        read_compared(f"{n}.0", critical)
    assert len(IMAGES) <= numbers.IMAGES_BOUND
    assert len(EXACTS) <= numbers.IMAGES_BOUND
    assert read_compared(f"{numbers.IMAGES_BOUND + 5}.5", critical) == numbers.IMAGES_BOUND + 5.5
    IMAGES.clear()  # the memos only remember: empty, every reading is as before
    EXACTS.clear()


def test_long_texts_and_decimals_are_read_but_not_kept() -> None:
    IMAGES.clear()  # room in the memos (another test fills them)
    EXACTS.clear()
    critical = edge_floats([F(50)])
    text = "0." + "0" * 98 + "1" + " " * 300  # a number within the limits, padded
    number = Decimal("1." + "0" * 400)  # 1, written with 400 zeros
    exact = parse_number(text)
    assert exact is not None
    assert read_compared(text, critical) == float(exact)
    assert read_compared(number, critical) == 1.0
    assert read_compared(Decimal("5" + "0" * 300 + "E-299"), critical) == 50
    assert text not in IMAGES
    assert text not in EXACTS
    assert all(key is not number for key in IMAGES)  # an equal short Decimal may be there


#: edges side by side, one whose float a float answer does not mean (9007199254740993 has
#: the float of 9007199254740992: the float answer means the latter, below the edge)
_DOUBTFUL_EDGES = ("9007199254740993", "0.1", "2.6750", "1E+40")


@pytest.mark.parametrize("edges", [(e,) for e in _EDGES] + [_DOUBTFUL_EDGES], ids=repr)
def test_a_float_on_each_edge_scores_as_the_reference_reads_it(edges: tuple[object, ...]) -> None:
    """Every float on and next to an edge, one criterion with the edge between two bands:
    a float the compiled code compares as a float must mean what the reference reads."""
    middle = sorted({Decimal(str(e)) for e in edges})
    with localcontext() as context:  # exact
        context.prec = 400
        picked = [middle[0] - 1, *middle, middle[-1] + 1]
    bands = [
        {"min": low, "max": high, "points": Decimal(b + 1)}
        for b, (low, high) in enumerate(itertools.pairwise(picked))
    ]
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "edge",
            "version": "1",
            "title": "One edge",
            "criteria": [{"id": "c0", "title": "C", "rule": {"kind": "bands", "bands": bands}}],
            "tiers": [{"id": "pass", "label": "Pass", "rank": 1, "min": Decimal(2)}],
        }
    )
    for edge in middle:
        for raw in _floats_near(F(edge)):
            _same(rubric, Assessment(answers={"c0": raw}, unit_id="u1"))


@pytest.mark.parametrize("ranged", [True, False], ids=["range 0-100", "open bands"])
def test_answers_beyond_the_limits_score_as_the_reference_reads_them(ranged: bool) -> None:
    """Tiny floats (5e-324 is past the limits on places), huge ones, NaN and infinities, in a
    rule whose range lets them past its bounds or has none: the float copy must not score
    them."""
    bands: list[dict[str, Any]] = [
        {"min": Decimal(0), "max": Decimal(50), "points": Decimal(1)},
        {"min": Decimal(50), "max": Decimal(100), "points": Decimal(2)},
    ]
    rule: dict[str, Any] = {"kind": "bands", "bands": bands}
    if ranged:
        rule["range"] = {"min": Decimal(0), "max": Decimal(100)}
    else:
        del bands[0]["min"]
        del bands[-1]["max"]
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "limits",
            "version": "1",
            "title": "Limits",
            "criteria": [{"id": "c0", "title": "C", "rule": rule}],
            "tiers": [{"id": "pass", "label": "Pass", "rank": 1, "min": Decimal(2)}],
        }
    )
    for raw in _ODD_ANSWERS:
        _same(rubric, Assessment(answers={"c0": raw}, unit_id="u1"))


#: edges whose floats are neighbours, or one float (the float beside one edge is another's)
_CROWDED_EDGES = (
    (F(1), F(math.nextafter(1.0, math.inf))),
    (F(1), F(math.nextafter(1.0, -math.inf))),
    (F(9007199254740992), F(9007199254740993)),
    (F(1, 10), F(3, 10), F(72, 1), F(725, 10)),
)


def _text_of(value: Fraction) -> str:
    with localcontext() as context:  # every value here is a finite decimal: exactly
        context.prec = 400
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def _answers_beside(edge: Fraction, places: int, steps: int) -> list[tuple[object, Fraction]]:
    """(answer, its exact number): the edge's float, and text and Decimals off the edge by
    ``steps`` units of 10**-places (far less than the float's unit from 15 places on)."""
    as_float = float(edge)
    exact_float = parse_number(as_float)
    assert exact_float is not None
    value = edge + steps * F(1, 10**places)
    text = _text_of(value)
    return [(as_float, exact_float), (text, value), (Decimal(text), value)]


def _compares_as_exact(edges: list[Fraction], raw: object, value: Fraction) -> None:
    """``read_compared`` with the edges' sides: a float given for an answer on an edge's
    float compares with every constant's float as the exact answer compares with the
    constant, and equals none of them; else the exact number itself."""
    critical, sides = edge_floats(edges), edge_sides(edges)
    if parse_number(raw) is None:
        # more digits than the limits take (1e40 and 60 places: 101 significant digits):
        # refused by the reference reader, so by this one too, never read as a neighbour
        assert read_compared(raw, critical, sides) is None
        return
    for _ in range(2):  # the second time from the memos
        got = read_compared(raw, critical, sides)
        if isinstance(got, float):
            assert got not in critical
            for edge in edges:
                assert (got < float(edge)) == (value < edge), (raw, edge)
                assert (got > float(edge)) == (value > edge), (raw, edge)
        else:
            assert got == value


@pytest.mark.parametrize("edges", _CROWDED_EDGES, ids=repr)
def test_an_answer_beside_crowded_edges_compares_as_its_exact_number(
    edges: tuple[Fraction, ...],
) -> None:
    """Edges whose floats are neighbours or one: the float beside an edge's may be another
    constant's (then the exact number), and two edges of one float have no side."""
    for edge in edges:
        for places in (15, 16, 17, 20, 30, 60):
            for steps in (-2, -1, 0, 1, 2):
                for raw, value in _answers_beside(edge, places, steps):
                    _compares_as_exact(list(edges), raw, value)


@given(
    st.lists(st.sampled_from(_EDGES), min_size=1, unique=True),
    st.data(),
    st.integers(15, 60),
    st.integers(-3, 3),
)
def test_an_answer_beside_an_edge_compares_as_its_exact_number(
    picked: list[Decimal], data: st.DataObject, places: int, steps: int
) -> None:
    edges = sorted(F(e) for e in picked)
    edge = data.draw(st.sampled_from(edges))
    for raw, value in _answers_beside(edge, places, steps):
        _compares_as_exact(edges, raw, value)


def test_an_answer_beside_an_edge_with_more_digits_than_the_limits_is_refused() -> None:
    """1e40 and 60 places is 101 significant digits: refused by every reader, not read as
    the float beside the edge (hypothesis found the case the test above missed)."""
    edge = F(10**40)
    [_float, (text, _), (decimal, _)] = _answers_beside(edge, 60, 1)
    critical, sides = edge_floats([edge]), edge_sides([edge])
    assert parse_number(text) is None
    assert parse_number(decimal) is None
    assert read_compared(text, critical, sides) is None
    assert read_compared(decimal, critical, sides) is None
    _compares_as_exact([edge], text, edge)  # the path the property takes for such answers


def test_an_answer_beside_an_edge_is_a_float() -> None:
    """The float beside the edge's, not a Fraction: what makes such answers cheap."""
    edges = [F(0), F(50), F(100)]
    below = read_compared("49.99999999999999999999", edge_floats(edges), edge_sides(edges))
    above = read_compared(Decimal("50.00000000000000000001"), edge_floats(edges), edge_sides(edges))
    assert below == math.nextafter(50.0, 0.0)
    assert above == math.nextafter(50.0, 100.0)
    assert read_compared("50.000", edge_floats(edges), edge_sides(edges)) == 50


def _two_bands(edge: int, top: int) -> Rubric:
    """One criterion: 1 point from 0 to ``edge``, 3 from there to ``top``."""
    bands = [{"min": 0, "max": edge, "points": 1}, {"min": edge, "max": top, "points": 3}]
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "bands",
            "version": "1",
            "title": "Two bands",
            "criteria": [{"id": "c", "title": "C", "rule": {"kind": "bands", "bands": bands}}],
            "tiers": [{"id": "pass", "label": "Pass", "rank": 1, "min": 2}],
        }
    )


def test_the_compiled_scorer_reads_an_answer_beside_an_edge_as_a_float(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The generated code hands a rule's sides to read_compared: an answer beside an edge
    becomes the float beside it there (the results alone cannot tell: the exact number gives
    them too, slower)."""
    from tiercert._fast import numbers

    seen: list[object] = []

    def beside(exact: Any, x: float, critical: Any, sides: Any) -> Any:
        got = numbers_beside(exact, x, critical, sides)
        seen.append(got)
        return got

    numbers_beside = numbers.beside
    monkeypatch.setattr(numbers, "beside", beside)
    rubric = _two_bands(50, 100)
    answer = "49.9999999999999999999999999"
    _same(rubric, Assessment(answers={"c": answer}, unit_id="u1"))
    assert seen
    assert all(isinstance(got, float) for got in seen)


def test_floats_beside_a_doubtful_edge_are_scored_by_the_compiled_code() -> None:
    """A rule with an edge whose float a float answer does not mean (9007199254740993): the
    compiled scorer itself scores floats there (a wrong test of the doubtful floats would
    hand every assessment to the reference, with the same results)."""
    rubric = _two_bands(9007199254740993, 10**16)
    fast = rubric._fast
    assert fast is not None
    for answer in (1.5, 9007199254740992.0, 9007199254740994.0):
        expected = rubric.evaluate({"c": answer}, engine="reference")
        verdict = fast.verdict({"c": answer}, {}, False)  # raises Fallback if it gives up
        assert verdict == (expected.total, expected.certified, expected.tier)
