"""A ``Decimal`` keeps the places it was written with: ``Decimal("12.000")`` (a YAML or JSON
``12.000``) is refused where ``Decimal("12")``, equal to it and hashed alike, is read; the
compiled code remembers the points of answers met before, a Decimal by its text (which says
its places), and tests a Decimal met for the first time for the ``1.500`` form.  That test is
cheap: only a Decimal of exponent -3 (three places, no exponent in its text) can be written so
(``Generator.decimal_grouped``).  Here
Decimals of every exponent around the grouped ones, mixed with ints, floats and text of the
same values, in one assessment and across assessments that share the memos, get the
reference's results and problems."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tiercert._fast.codegen
import tiercert._fast.evaluator
from tiercert import AssessmentError, Rubric
from tiercert._literals import dot_grouped
from tiercert.rubric import parse_rubric

CRITERIA = """\
format: 1
id: x
version: "1"
title: X
criteria:
  - {id: c, title: C, max: 1000000, rule: {kind: count, per_item: 1}}
  - {id: d, title: D, max: 1000000, rule: {kind: deduction, per_item: 1}}
  - {id: o, title: O, rule: {kind: bands, bands: [{min: 0, max: 1500, points: 1},
                                                   {min: 1500, points: 2}]}}
  - {id: e, title: E, rule: {kind: bands, bands: [{min: 0, max: 1.5, points: 1},
                                                   {min: 1.5, max: 1500, points: 2}]}}
  - {id: p, title: P, rule: {kind: bands, range: {min: 0, max: 100},
                             bands: [{max: 72.5, points: 0}, {min: 72.5, points: 1}]}}
  - {id: l, title: L, rule: {kind: linear, start: {value: 0, points: 0},
                             end: {value: 2000, points: 10}}}
"""
DIRECT = "  - {id: s, title: S, max: 100000, rule: {kind: direct}}\n"
#: a direct score of at most 100: 72.500 (72500 out of range) is 72.5
SMALL_DIRECT = """\
format: 1
id: y
version: "1"
title: Y
criteria:
  - {id: s, title: S, max: 100, rule: {kind: direct}}
tiers: []
"""
TIERS = "tiers: []\n"

#: without a direct score, and with one (the evaluator's fine scale): two compiled codes
SHAPES = {"plain": CRITERIA + TIERS, "direct": CRITERIA + DIRECT + TIERS}
#: one rubric of each shape for the whole module: its memos carry from example to example
RUBRICS = {name: parse_rubric(text) for name, text in SHAPES.items()}

#: written like 1.500, and beside that form: other places, an exponent, out of 1 to 999
EDGES = [
    "1.500", "12.000", "999.000", "-1.500", "1.499", "1.501", "0.500", "1000.000", "1.5",
    "1.50", "1.5000", "1.5E+3", "15E+2", "1500", "12", "12.0", "12.00", "12.0000", "1.2E+1",
    "-0.000", "0.000", "72.500", "72.5", "2.500", "NaN", "Infinity", "-Infinity",
]  # fmt: skip

DECIMALS = st.one_of(
    st.sampled_from(EDGES).map(Decimal),
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, tuple(map(int, str(digits))), exponent)),
        st.sampled_from((0, 0, 0, 1)),
        st.integers(0, 10**7),
        st.integers(-6, 3),
    ),
)


def typed(value: Decimal, form: str) -> object:
    """``value`` as a Decimal, its text, a float or an int (when whole), as answers come."""
    if form == "text":
        return str(value)
    if form == "float" and value.is_finite():
        return float(value)
    if form == "int" and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


ANSWER = st.builds(typed, DECIMALS, st.sampled_from(("Decimal", "Decimal", "text", "float", "int")))


def outcome(rubric: Rubric, answers: dict[str, Any], engine: str) -> object:
    """The whole result as a dict, or the problems (code, path, message)."""
    try:
        return rubric.evaluate(answers, engine=engine).to_dict()  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [(p.code, p.path, p.message) for p in exc.problems]


def agree_twice(rubric: Rubric, answers: list[dict[str, object]]) -> None:
    """Each assessment (its answers to criteria the rubric has) scored as the reference
    scores it, twice: the second time through the memos the first filled."""
    for given_ in answers:
        mine = {k: v for k, v in given_.items() if k in rubric._plan.nodes}
        for _ in range(2):
            assert outcome(rubric, mine, "fast") == outcome(rubric, mine, "reference"), mine


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(deadline=None)
@given(answers=st.lists(st.fixed_dictionaries(dict.fromkeys("cdoelps", ANSWER)), max_size=6))
@example(
    answers=[dict.fromkeys("cdoelps", Decimal("12")), dict.fromkeys("cdoelps", Decimal("12.000"))]
)
@example(
    answers=[dict.fromkeys("cdoelps", Decimal("1.5")), dict.fromkeys("cdoelps", Decimal("1.500"))]
)
def test_decimals_of_every_exponent_are_scored_as_the_reference_scores_them(
    shape: str, answers: list[dict[str, object]]
) -> None:
    agree_twice(RUBRICS[shape], answers)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize(
    ("accepted", "grouped"),
    [
        ("12", "12.000"),
        ("12.0", "12.000"),
        ("1.5", "1.500"),
        ("1.5000", "1.500"),
        ("-1.5", "-1.500"),
    ],
)
def test_a_decimal_written_like_1_500_is_refused_after_its_equal_was_remembered(
    shape: str, accepted: str, grouped: str
) -> None:
    # in either order, on a fresh rubric: the memo of points holds Decimal(accepted), which
    # Decimal(grouped) equals; each criterion refuses or reads it as the reference does
    for first, second in ((accepted, grouped), (grouped, accepted)):
        rubric = parse_rubric(SHAPES[shape])
        for text in (first, second, first, second):
            for key in rubric._plan.nodes:
                if key in "cdoelps" and len(key) == 1:
                    answers = {k: Decimal("1") for k in "cdoelps" if k in rubric._plan.nodes}
                    answers[key] = Decimal(text)
                    told = outcome(rubric, answers, "reference")
                    assert outcome(rubric, answers, "fast") == told, (key, text)


def test_only_a_decimal_of_three_places_is_tested_for_the_1_500_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The test of the ``1.500`` form (a Python call writing the Decimal's text) runs for a
    Decimal of exponent -3 only; every other Decimal passes it with one C call (fails when
    the compiled code calls the test for every Decimal, as it did)."""
    seen: list[object] = []

    def counted(test: Any) -> Any:
        def wrapper(raw: object) -> bool:
            seen.append(raw)
            return bool(test(raw))

        return wrapper

    monkeypatch.setattr(tiercert._fast.evaluator, "dot_grouped", counted(dot_grouped))
    monkeypatch.setattr(tiercert._fast.codegen, "dot_grouped", counted(dot_grouped))
    for text in SHAPES.values():
        rubric = parse_rubric(text)  # compiled with the counting tests
        keys = [k for k in "cdoelps" if k in rubric._plan.nodes]
        for value in ("72.5", "12", "12.0", "1.50", "1.5000", "1.5E+3", "0.5"):
            with contextlib.suppress(AssessmentError):  # 72.5 items: refused by the reference
                rubric.evaluate(dict.fromkeys(keys, Decimal(value)))
        assert seen == []
        with pytest.raises(AssessmentError):
            rubric.evaluate(dict.fromkeys(keys, Decimal("12.000")))
        assert seen
        assert all(str(raw) == "12.000" for raw in seen)
        seen.clear()


def test_a_decimal_of_three_places_read_by_the_rule_is_scored_by_the_compiled_code() -> None:
    """``72.500`` where 72500 is out of range (a direct score of at most 100) is 72.5 by the
    rule: the compiled code scores it (text or Decimal, first time and met again) without
    handing it to the reference, which the test of counts' ``12.000`` applied to every rule
    would make it do."""
    r = parse_rubric(SMALL_DIRECT)
    fast = r._fast
    assert fast is not None
    zero = r._plan.missing_is_zero
    fast.verdict_function({"s": Decimal("1")}, {}, zero, {})  # compiled on the first call
    scorer = fast.verdict_function
    slow = scorer.__globals__["_slow"]
    calls: list[object] = []

    def spy(*args: Any) -> Any:
        calls.append(args[1])
        return slow(*args)

    scorer.__globals__["_slow"] = spy
    try:
        for _ in range(2):
            for value in (Decimal("72.500"), "72.500", Decimal("7.250")):
                scorer({"s": value}, {}, zero, {})
                told = r.evaluate({"s": value}, engine="reference").total
                assert r.verdict({"s": value}).total == told == Fraction(str(value)), value
    finally:
        scorer.__globals__["_slow"] = slow
    assert calls == []


# --- Decimals remembered by their text where the 1.500 form may be refused ----------------------

#: the constants of each criterion of CRITERIA (edges, bounds, anchors)
EDGES_BY_CRITERION = {
    "c": ["0", "1000000"],
    "d": ["0", "1000000"],
    "o": ["0", "1500"],
    "e": ["0", "1.5", "1500"],
    "p": ["0", "72.5", "100"],
    "l": ["0", "2000"],
    "s": ["0", "100000"],
}


def written(value: Decimal, form: str, zeros: int) -> object:
    """``value`` as answers come: a Decimal with ``zeros`` more trailing zeros, the same in
    exponent form (``1.50E+3``), its text, a float, or an int when whole."""
    places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    padded = value.quantize(Decimal(1).scaleb(-(places + zeros)))
    if form == "Decimal":
        return padded
    if form == "exponent":
        return Decimal(f"{padded:E}")
    if form == "text":
        return str(padded)
    if form == "float":
        return float(padded)
    return int(padded) if padded == padded.to_integral_value() else padded


@st.composite
def on_and_beside_edges(draw: st.DrawFn, key: str) -> object:
    edge = Decimal(draw(st.sampled_from(EDGES_BY_CRITERION[key])))
    step = Decimal(draw(st.sampled_from(("0", "0", "0.001", "0.5", "1"))))
    value = edge + draw(st.sampled_from((-1, 0, 1))) * step
    form = draw(st.sampled_from(("Decimal", "Decimal", "exponent", "text", "float", "int")))
    return written(value, form, draw(st.integers(0, 4)))


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(deadline=None)
@given(
    answers=st.lists(
        st.fixed_dictionaries({key: on_and_beside_edges(key) for key in "cdoelps"}), max_size=6
    )
)
@example(
    answers=[
        dict.fromkeys("cdoelps", Decimal("1.5")),
        dict.fromkeys("cdoelps", Decimal("1.500")),
        dict.fromkeys("cdoelps", Decimal("1.50")),
        dict.fromkeys("cdoelps", Decimal("1.5E+0")),
    ]
)
@example(
    answers=[
        dict.fromkeys("cdoelps", Decimal("72.50")),
        dict.fromkeys("cdoelps", Decimal("72.500")),
        dict.fromkeys("cdoelps", "72.500"),
        dict.fromkeys("cdoelps", Decimal("72.5")),
    ]
)
def test_decimals_on_and_beside_every_edge_with_any_places_are_scored_as_the_reference_does(
    shape: str, answers: list[dict[str, object]]
) -> None:
    """Answers on, just below and just above every constant of every criterion, as Decimals
    with trailing zeros or in exponent form (equal, other texts), text, floats and ints, in
    one assessment and across assessments that share the memos: the reference's results."""
    agree_twice(RUBRICS[shape], answers)


def test_a_decimal_is_remembered_by_its_text_for_every_rule() -> None:
    """Counts (``12.000`` refused), ranges admitting 12000 and a percentage (``12.000`` is 12
    there) alike keep a Decimal's points by its text: it says the places, and a Decimal read
    from a file is a new object whose hash costs more than its text (fails where a rule keeps
    the Decimal itself, as the percentage did before the ninth round)."""
    rubric = parse_rubric(SHAPES["plain"])
    assert rubric._fast is not None
    numbers = rubric._fast.numbers
    for text in ("12", "12.0", "12.000", "12.00", "12.0"):
        answers = dict.fromkeys("cdoelp", Decimal(text))
        assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")
    for key in "cdoel":  # 12.000 refused, not kept; the others by their texts
        assert numbers.decimal_memo(key).keys() == {"12", "12.0", "12.00"}, key
    # the percentage takes 12.000 (as 12; above, the others refused it and the reference
    # scored the assessment): every form of 12 by its own text
    answers = dict.fromkeys("cdoel", Decimal("12")) | {"p": Decimal("12.000")}
    assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")
    assert numbers.decimal_memo("p").keys() == {"12", "12.0", "12.000", "12.00"}
    for key in "cdoelp":
        assert all(k.__class__ is str for k in numbers.decimal_memo(key)), key
        assert numbers.points_memos(key)[0] == {}  # text apart


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_decimals_of_one_number_in_every_order_are_each_read_as_the_reference_reads_them(
    shape: str,
) -> None:
    # every order of four Decimals of 1.5 (1.500 refused by counts and where 1500 is in the
    # range), on a fresh rubric each time: each met first, and each met after the others
    import itertools

    texts = ("1.5", "1.500", "1.50", "15E-1")
    for order in itertools.permutations(texts):
        rubric = parse_rubric(SHAPES[shape])
        for text in (*order, *order):
            answers = {k: Decimal(text) for k in "cdoelps" if k in rubric._plan.nodes}
            assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")


def test_a_decimal_met_again_is_scored_from_its_memo() -> None:
    """Planted points are the ones given: a Decimal met again (an equal Decimal, not the same
    object) is looked up by its text, not read again (fails when the lookup is not made, or
    made with another key)."""
    rubric = parse_rubric(SHAPES["plain"])
    assert rubric._fast is not None
    numbers = rubric._fast.numbers
    keys = "cdoelp"
    assert rubric.verdict(dict.fromkeys(keys, Decimal("80.0"))).total > 0
    for key in keys:
        memo = numbers.decimal_memo(key)
        assert len(memo) == 1, key
        for kept in memo:
            memo[kept] = 0
    assert rubric.verdict({k: Decimal("80.0") for k in keys}).total == 0
    # 80 written otherwise: another text, read again (nothing planted for it)
    answers = {k: Decimal("80") for k in keys}
    told = rubric.evaluate(answers, engine="reference").total
    assert rubric.verdict(answers).total == told


def test_a_decimal_on_an_edge_read_exactly_is_remembered_by_its_text() -> None:
    """``1.50`` where an edge is 1.5 and 1500 is in the range (criterion e) is read exactly
    the first time (its float is the edge's); it is kept by its text, the key it is looked up
    by (fails when kept by the Decimal: never found again)."""
    rubric = parse_rubric(SHAPES["plain"])
    assert rubric._fast is not None
    answers = dict.fromkeys("cdoelp", Decimal("1")) | {"e": Decimal("1.50")}
    assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")
    assert list(rubric._fast.numbers.decimal_memo("e")) == ["1.50"]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_decimal_read_for_the_first_time_is_not_looked_up_by_itself(shape: str) -> None:
    """A Decimal met for the first time is read by every rule (bands and their floats, on an
    edge and beside one, counts, linear, direct scores) from its text, without a lookup by
    the Decimal: the process-wide memos of images and exact numbers (keyed by the answer)
    get no Decimal (nor ``parse_number``'s memo of Decimals, but for what the reference
    reads: answers a rule refuses).  A Decimal read from a file is a
    new object whose hash is computed on first use, at several times the cost of its text
    (fails where the compiled code reads a Decimal through ``IMAGES``, ``EXACTS`` or
    ``read_number``, as before the tenth round)."""
    from tiercert import _literals
    from tiercert._fast import numbers

    rubric = parse_rubric(SHAPES[shape])
    assert rubric._fast is not None
    texts = ("80.25", "72.5", "72.500", "1.5", "1.50", "12", "12.0", "1499.99", "0.1", "7E+2")
    for text in texts:
        answers = {k: Decimal(text) for k in "cdoelps" if k in rubric._plan.nodes}
        assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")
        # whole numbers, read by every rule: not one Decimal read by its hash
        whole = {k: Decimal(text) for k in answers} | dict.fromkeys("cd", 12)
        for memo in (numbers.IMAGES, numbers.EXACTS, _literals._DECIMALS):
            memo.clear()
        rubric._fast.forget()
        with contextlib.suppress(AssessmentError):
            rubric.verdict(whole)
        for memo in (numbers.IMAGES, numbers.EXACTS):
            assert not any(type(key) is Decimal for key in memo), (text, memo)
        if text in ("72.5", "1.5", "12", "80.25", "0.1"):  # every rule takes it (c, d: 12)
            assert not any(type(key) is Decimal for key in _literals._DECIMALS), text
    for text in ("12", "4", "12.0", "7E+2"):  # counts read Decimals too
        for memo in (numbers.IMAGES, numbers.EXACTS, _literals._DECIMALS):
            memo.clear()
        rubric._fast.forget()
        with contextlib.suppress(AssessmentError):  # 700: out of some ranges
            rubric.verdict({k: Decimal(text) for k in answers})
        for memo in (numbers.IMAGES, numbers.EXACTS):
            assert not any(type(key) is Decimal for key in memo), (text, memo)
        if text in ("12", "4"):
            assert not any(type(key) is Decimal for key in _literals._DECIMALS), text


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_breakdown_keeps_a_decimal_answer_by_its_text(shape: str) -> None:
    """The full result's nodes of a Decimal answer are remembered by the Decimal's text, not
    by the Decimal (whose hash, on a new object, costs several times its text), and found
    again by it: the same NodeResult for a new Decimal of the same text, the reference's
    nodes for every form of the number (fails where a node memo keeps a Decimal key)."""
    rubric = parse_rubric(SHAPES[shape])
    fast = rubric._fast
    assert fast is not None
    keys = [k for k in "oelps" if k in rubric._plan.nodes]
    for text in ("72.5", "72.50", "12", "12.0", "80.25", "72.5"):
        answers = dict.fromkeys("cd", 12) | {k: Decimal(text) for k in keys}
        assert outcome(rubric, answers, "fast") == outcome(rubric, answers, "reference")
        first = rubric.evaluate(answers).nodes
        again = rubric.evaluate(dict.fromkeys("cd", 12) | {k: Decimal(text) for k in keys})
        assert all(again.nodes[k] is first[k] for k in keys), text
    for memos in fast._memos.values():
        for memo in memos:
            assert not any(type(key) is Decimal for key in memo)
    assert not any(type(part) is Decimal for key in fast._node_memo for part in key)
    assert {"72.5", "72.50", "12", "12.0", "80.25"} <= set(fast._memos[fast_index(rubric, "o")][2])


def fast_index(rubric: Rubric, node_id: str) -> int:
    """The position of ``node_id`` in the compiled evaluator's order of nodes."""
    assert rubric._fast is not None
    return [node.id for node in rubric._fast.order].index(node_id)
