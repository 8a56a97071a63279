"""Direct scores with decimal answers: a rubric with a direct score is compiled at a fine
scale (``codegen.FINE_PLACES``), so that an answer of up to that many places (text,
``Decimal``, nearly every float) is a whole number of its units, and so is every sum, cap,
weight and rounding above it; a finer answer is a ``Fraction`` of the units, as before.
Either way the results and problems are the reference's: answers exactly on, just below and
just above every bound and every tier's edge, in every form (``0.1 + 0.2``-style floats and
their neighbours, long decimal text, ``Decimal`` with an exponent, 30 places, negative and
zero), met for the first time and again."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert import Assessment, AssessmentError, Result, Rubric, rubric_from_mapping
from tiercert._fast.codegen import FINE_PLACES, fine_places
from tiercert._fast.evaluator import forget_answers
from tiercert._fast.numbers import Numbers
from tiercert._literals import unambiguous
from tiercert._numbers import display_number

F = Fraction

#: the maxima a direct criterion takes (a decimal one among them)
_MAXIMA = (F(1), F(10), F(25), F(40), F(15, 2), F(1, 4))
#: how far from an edge an answer lands: on it, a little, or more places than the scale
_STEPS = tuple(F(1, 10**k) for k in (0, 1, 2, 5, 12, 17, 20, 23, 24, 25, 30)) + (F(0),) * 3
_MODES = ("half_up", "half_even", "down", "up")


def _decimal_text(value: Fraction) -> str:
    with localcontext() as context:  # every value here is a finite decimal: exactly
        context.prec = 400
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    assert Fraction(text) == value
    return unambiguous(text)  # 1.125 written 1.1250, as a rubric must (1.125 may be 1125)


def _floats_near(edge: Fraction) -> list[float]:
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
        x / 3,
    ]


@st.composite
def _answer(draw: st.DrawFn, edges: list[Fraction]) -> object:
    edge = draw(st.sampled_from(edges))
    form = draw(st.sampled_from(("float", "Decimal", "text", "text", "int")))
    if form == "float":
        return draw(st.sampled_from(_floats_near(edge)))
    value = edge + draw(st.sampled_from((-1, 1))) * draw(st.sampled_from(_STEPS))
    if form == "int":
        return math.floor(value) + draw(st.integers(-1, 1))
    text = _decimal_text(value)
    if form == "Decimal":
        number = Decimal(text)
        if draw(st.booleans()):  # the same number with an exponent: 7.25 as 725E-2
            sign, digits, exponent = number.as_tuple()
            number = Decimal((sign, (*digits, 0, 0), int(exponent) - 2))
        return number
    spelled = draw(st.sampled_from(("plain", "zeros", "spaced", "exponent")))
    if spelled == "zeros":
        return text + ("0" if "." in text else ".00")
    if spelled == "spaced":
        return f" {text} "
    if spelled == "exponent":
        return f"{Decimal(text) * 10}e-1"
    return text


def _round(draw: st.DrawFn) -> dict[str, Any] | None:
    if not draw(st.booleans()):
        return None
    return {"mode": draw(st.sampled_from(_MODES)), "places": draw(st.integers(0, 3))}


@st.composite
def _case(draw: st.DrawFn) -> tuple[Rubric, dict[str, list[Fraction]]]:
    """Direct criteria, some in a group (summed and capped, or weighted), with rounding of
    criteria, the group and the total drawn, and tiers at decimal edges."""
    edges_of: dict[str, list[Fraction]] = {}

    def criterion(cid: str) -> dict[str, Any]:
        most = draw(st.sampled_from(_MAXIMA))
        edges_of[cid] = [F(0), most, most / 2]
        node: dict[str, Any] = {
            "id": cid,
            "title": f"Tiêu chí {cid}",
            "max": Decimal(_decimal_text(most)),
            "rule": {"kind": "direct"},
        }
        spec = _round(draw)
        if spec is not None:
            node["round"] = spec
        return node

    inner = [criterion(f"g{i}") for i in range(draw(st.integers(1, 3)))]
    group: dict[str, Any] = {"id": "g", "title": "Nhóm", "children": inner}
    if draw(st.booleans()):
        group["aggregate"] = "weighted"
        group["max"] = Decimal(draw(st.sampled_from(("10", "7.5", "100"))))
        for child in inner:
            child["weight"] = Decimal(draw(st.sampled_from(("1", "2.5", "7.5", "3"))))
    else:  # a cap below the children's sum, sometimes
        total = sum((F(child["max"]) for child in inner), F(0))
        cap = total - 1 if total > 1 and draw(st.booleans()) else total
        group["max"] = Decimal(_decimal_text(cap))
    spec = _round(draw)
    if spec is not None:
        group["round"] = spec
    top = [group, *(criterion(f"c{i}") for i in range(draw(st.integers(1, 2))))]
    most = sum((F(node["max"]) for node in top), F(0))
    cuts = sorted({most * 2 / 5, most / 2, most * 4 / 5 + F(1, 100)})
    data: dict[str, Any] = {
        "format": 1,
        "id": "direct_decimals",
        "version": "1",
        "title": "Direct decimals",
        "criteria": top,
        "tiers": [
            {"id": f"t{k}", "label": f"T{k}", "rank": k + 1, "min": Decimal(_decimal_text(cut))}
            for k, cut in enumerate(cuts)
        ],
    }
    total_round = _round(draw)
    if total_round is not None:
        data["rounding"] = {"total": total_round}
    rubric = rubric_from_mapping(data)
    # answers on and beside the tiers' edges too: halves and quarters of a tier's minimum
    for cid in edges_of:
        edges_of[cid] += [cut / parts for cut in cuts for parts in (2, 4)]
    return rubric, edges_of


def _outcome(rubric: Rubric, answers: dict[str, object], engine: str) -> Result | list[str]:
    try:
        return rubric.evaluate(Assessment(answers=answers, unit_id="u"), engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


def _same(rubric: Rubric, answers: dict[str, object]) -> None:
    reference = _outcome(rubric, answers, "reference")
    fast = _outcome(rubric, answers, "fast")
    assert fast == reference, answers
    if isinstance(reference, Result):
        assert isinstance(fast, Result)
        assert fast.to_json() == reference.to_json()
        assert dict(fast.nodes) == dict(reference.nodes)
        verdict = rubric.verdict(Assessment(answers=answers, unit_id="u"))
        assert verdict == (reference.total, reference.certified, reference.tier)
    else:
        with pytest.raises(AssessmentError) as caught:
            rubric.verdict(Assessment(answers=answers, unit_id="u"))
        assert [p.format() for p in caught.value.problems] == reference


@given(_case(), st.data())
def test_direct_decimal_answers_agree_with_the_reference(
    case: tuple[Rubric, dict[str, list[Fraction]]], data: st.DataObject
) -> None:
    rubric, edges_of = case
    assert rubric._fast is not None
    answers = {cid: data.draw(_answer(edges)) for cid, edges in edges_of.items()}
    forget_answers()
    _same(rubric, answers)  # met for the first time
    _same(rubric, answers)  # met again: from the memos of points


def _ocop() -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "parts",
            "version": "1",
            "title": "Parts",
            "criteria": [
                {"id": "a", "title": "A", "max": 40, "rule": {"kind": "direct"}},
                {"id": "b", "title": "B", "max": 60, "rule": {"kind": "direct"}},
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 50}],
        }
    )


def _points(rubric: Rubric, answer: object) -> object:
    """The scaled points the compiled scorer remembered for ``answer`` to ``a``."""
    assert rubric._fast is not None
    forget_answers()
    rubric.verdict({"a": answer, "b": 10})
    return remembered(rubric, "a", answer)


def remembered(rubric: Rubric, leaf: str, answer: object, numbers: Numbers | None = None) -> Any:
    """The scaled points of ``answer`` in the memos of points of ``leaf`` (the rubric's, or
    those of ``numbers``): text and floats by themselves, a Decimal by its text where
    ``1.500`` may be refused, else by itself."""
    assert rubric._fast is not None
    numbers = rubric._fast.numbers if numbers is None else numbers
    texts, floats = numbers.points_memos(leaf)
    if answer.__class__ is Decimal:
        decimals = numbers.decimal_memo(leaf)
        return decimals[str(answer)] if str(answer) in decimals else decimals[answer]
    return (floats if answer.__class__ is float else texts)[answer]


@pytest.mark.parametrize(
    "answer",
    [
        "7.123456789",
        "39." + "9" * 24,
        " 0.000000000000000000000001 ",
        Decimal("7.25"),
        Decimal("725E-2"),
        Decimal("1E-24"),
        0.30000000000000004,
        0.1,
        39.99999999999999,
        3.4604519774011298,
        1e-7,
    ],
    ids=repr,
)
def test_an_answer_of_up_to_the_fine_places_is_a_whole_number_of_units(answer: object) -> None:
    rubric = _ocop()
    assert rubric._fast is not None
    assert rubric._fast.numbers.places == FINE_PLACES
    points = _points(rubric, answer)
    assert type(points) is int
    reference = rubric.evaluate({"a": answer, "b": 10}, engine="reference")
    assert Fraction(points, 10**FINE_PLACES) == reference.nodes["a"].score
    assert rubric.verdict({"a": answer, "b": 10}).total == reference.total


@pytest.mark.parametrize(
    "answer",
    ["7." + "1" * 25, "0." + "0" * 29 + "1", Decimal("1E-30"), 1.2345678901234567e-9],
    ids=repr,
)
def test_a_finer_answer_is_a_fraction_of_the_units_and_exact(answer: object) -> None:
    rubric = _ocop()
    points = _points(rubric, answer)
    assert type(points) is Fraction
    reference = rubric.evaluate({"a": answer, "b": 10}, engine="reference")
    assert points / 10**FINE_PLACES == reference.nodes["a"].score
    assert rubric.verdict({"a": answer, "b": 10}).total == reference.total


def test_only_a_rubric_with_a_direct_score_is_compiled_at_the_fine_scale() -> None:
    rubric = _ocop()
    assert fine_places(rubric._plan) == FINE_PLACES
    bands = rubric_from_mapping(
        {
            "format": 1,
            "id": "bands",
            "version": "1",
            "title": "Bands",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "rule": {
                        "kind": "bands",
                        "bands": [{"min": 0, "max": Decimal("72.5"), "points": 1}],
                    },
                }
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )
    assert fine_places(bands._plan) == 0
    assert bands._fast is not None
    assert bands._fast.numbers.places == 1 + 4  # the rubric's own places, and four more


def test_a_whole_float_is_remembered_and_looked_up_first() -> None:
    """A whole float's points are remembered as any float's, and a float met before is
    looked up before it is tested for being whole: the memo's points are what is given."""
    rubric = _ocop()
    assert rubric._fast is not None
    _, floats = rubric._fast.numbers.points_memos("a")
    assert _points(rubric, 12.0) == 12 * 10**FINE_PLACES
    # the memo is what the scorer reads: points planted for 13.0 are the ones it gives
    floats[13.0] = 14 * 10**FINE_PLACES
    assert rubric.verdict({"a": 13.0, "b": 10}).total == 24
    forget_answers()
    assert rubric.verdict({"a": 13.0, "b": 10}).total == 23


@given(
    st.integers(-(10**30), 10**30)
    | st.sampled_from((0, 1, 10**24, 5 * 10**11, 10**12, 123 * 10**12 + 1, -(10**12) - 1)),
    st.sampled_from((0, 1, 4, 12, 13, FINE_PLACES)),
)
def test_the_text_of_a_scaled_number_is_display_number(value: int, places: int) -> None:
    """From its digits when it has at most DISPLAY_PLACES places once its trailing zeros
    are gone (whatever the scale), else cut and marked as display_number does."""
    numbers = Numbers(places)
    assert numbers.text(value) == display_number(Fraction(value, 10**places))


def _linear(points: int, end: str, direct: bool, start: str = "0.5") -> Rubric:
    criteria: list[dict[str, Any]] = [
        {
            "id": "a",
            "title": "A",
            "max": points,
            "rule": {
                "kind": "linear",
                "start": {"value": Decimal(start), "points": 0},
                "end": {"value": Decimal(end), "points": points},
            },
        }
    ]
    if direct:  # the fine scale
        criteria.append({"id": "b", "title": "B", "max": 10, "rule": {"kind": "direct"}})
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "linear",
            "version": "1",
            "title": "Linear",
            "criteria": criteria,
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )


@pytest.mark.parametrize(
    ("answer", "whole"),
    [  # whole at the fine scale (with a direct score), and at the rubric's own + 4 places
        ("0.75", (True, True)),
        ("0.6666666666666666", (True, False)),
        (Decimal("0.50000000000000000001"), (True, False)),
        ("0.7" + "0" * 30 + "1", (False, False)),
        (Decimal("7E-1"), (True, True)),
    ],
    ids=repr,
)
def test_a_linear_share_is_whole_where_the_scale_holds_it(
    answer: object, whole: tuple[bool, bool]
) -> None:
    """Between the anchors the share is one division of integers: an int when it comes out
    whole at the rubric's scale, else the exact Fraction; both the reference's points.  A
    share not whole at a scale below the fine one hands the verdict to the evaluator of the
    fine scale (``Generator.share``), whose memo keeps it as the fine rubric's does."""
    for direct, expected in zip((True, False), whole, strict=True):
        rubric = _linear(3, "1.5", direct)
        assert rubric._fast is not None
        forget_answers()
        answers = {"a": answer, "b": 1} if direct else {"a": answer}
        verdict = rubric.verdict(answers)
        reference = rubric.evaluate(answers, engine="reference")
        assert verdict == (reference.total, reference.certified, reference.tier)
        scorer = rubric._fast
        if not expected and not direct:  # handed over: the rubric's memo has nothing
            with pytest.raises(KeyError):
                remembered(rubric, "a", answer)
            (scorer,) = rubric._fast._finer
            expected = whole[0]  # the same scale as the rubric with a direct score
        points = remembered(rubric, "a", answer, scorer.numbers)
        assert Fraction(points) / scorer.numbers.scale == reference.nodes["a"].score
        assert (type(points) is int) is expected


@pytest.mark.parametrize("answer", [0, 1, 2, "1", "1.1", "1.2", "0.8", 0.8, 1.25, "0.9999"])
def test_a_linear_share_of_thirds_is_the_reference_s(answer: object) -> None:
    """A slope that is no decimal (10 points over 3 units: thirds) gives Fractions."""
    rubric = _linear(10, "3.5", False)
    reference = rubric.evaluate({"a": answer}, engine="reference")
    fast = rubric.evaluate({"a": answer}, engine="fast")
    assert fast == reference
    assert rubric.verdict({"a": answer}) == (reference.total, reference.certified, reference.tier)


@pytest.mark.parametrize(
    ("points", "start", "end", "direct"),
    [  # the unit of the division: 1, 2 (an anchor of halves), 2 at the fine scale, 6 (thirds)
        (4, "0", "2", False),
        (3, "0.5", "1.5", False),
        (3, "0.5", "1.5", True),
        (10, "0.5", "3.5", False),
    ],
)
def test_whole_answers_between_the_anchors_are_scored_by_the_compiled_code(
    points: int, start: str, end: str, direct: bool
) -> None:
    """An int answer takes its own line of arithmetic, with a division only when the unit is
    not 1: the compiled verdict itself scores it (a wrong line would raise and hand every
    assessment to the reference, with the same results)."""
    rubric = _linear(points, end, direct, start)
    fast = rubric._fast
    assert fast is not None
    for answer in range(5):
        answers = {"a": answer, "b": 1} if direct else {"a": answer}
        expected = rubric.evaluate(answers, engine="reference")
        verdict = fast.verdict(answers, {}, False)  # raises Fallback if it gives up
        assert verdict == (expected.total, expected.certified, expected.tier)
