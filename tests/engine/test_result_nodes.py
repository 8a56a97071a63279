"""The compiled evaluator's results on their short way out.  ``Result.nodes``: built on first
access (a tuple under the rubric's shared ids for the usual result, a dict otherwise), it
must behave as the reference's plain dict in every way a mapping is read, compare, print,
pickle and copy alike.  ``Rubric.evaluate`` of plain answers: the reference's result or
problems, whatever else is given."""

from __future__ import annotations

import copy
import pickle
import types
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

import pytest
from hypothesis import given

from strategies import rubric_and_answers
from tiercert import Assessment, AssessmentError, Result, Rubric, rubric_from_mapping
from tiercert._compile import LeafPlan
from tiercert._fast.evaluator import _FlatNodes, _Nodes
from tiercert.result import NodeResult


def _rubric(**extra: Any) -> Rubric:
    """Two groups of leaves, one of them scored directly when given a score."""
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "nodes",
            "version": "1",
            "title": "Nodes",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "children": [
                        {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}},
                        {
                            "id": "b",
                            "title": "B",
                            "rule": {"kind": "count", "per_item": 1, "max_items": 3},
                            "na": {"counts_as": "satisfied"},
                        },
                        *extra.get("children", []),
                    ],
                },
                {
                    "id": "h",
                    "title": "H",
                    "max": 4,
                    "direct": True,
                    "children": [
                        {"id": "c", "title": "C", "rule": {"kind": "boolean", "points": 4}}
                    ],
                },
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 3}],
            **({"scoring": extra["scoring"]} if "scoring" in extra else {}),
        }
    )


_PLAIN = {"a": True, "b": 2, "c": False}


def _same_mapping(nodes: Mapping[str, NodeResult], expected: dict[str, NodeResult]) -> None:
    """Every way of reading ``nodes`` gives what the dict ``expected`` gives."""
    assert list(nodes) == list(expected)
    assert len(nodes) == len(expected)
    assert list(nodes.keys()) == list(expected.keys())
    assert nodes.keys() == expected.keys()
    assert list(nodes.values()) == list(expected.values())
    assert list(nodes.items()) == list(expected.items())
    assert len(nodes.values()) == len(nodes.items()) == len(expected)
    # dict views are reversible: so are the compiled result's
    assert list(reversed(nodes.values())) == list(reversed(expected.values()))  # type: ignore[call-overload]
    assert list(reversed(nodes.items())) == list(reversed(expected.items()))  # type: ignore[call-overload]
    for key, node in expected.items():
        assert nodes[key] == node
        assert nodes.get(key) == node
        assert nodes.get(key, None) == node
        assert key in nodes
        assert node in nodes.values()
        assert (key, node) in nodes.items()
    other = NodeResult("nowhere", Fraction(0), Fraction(0), "missing")
    assert other not in nodes.values()
    assert ("nowhere", other) not in nodes.items()
    assert "nowhere" not in nodes
    assert 3 not in cast(Mapping[object, NodeResult], nodes)
    assert nodes.get("nowhere") is None
    assert nodes.get("nowhere", "default") == "default"
    with pytest.raises(KeyError, match="nowhere"):
        nodes["nowhere"]
    assert nodes == expected
    assert expected == nodes
    assert nodes != {**expected, "nowhere": other}
    assert repr(nodes) == repr(expected)
    assert dict(nodes) == expected


def _same_result(result: Result, reference: Result) -> None:
    """``result`` equals ``reference``, reads, pickles, copies and serialises alike."""
    assert result == reference
    _same_mapping(result.nodes, dict(reference.nodes))
    for twin in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
        assert twin == reference
        assert type(twin.nodes) is dict  # the evaluator is left behind
        assert list(twin.nodes) == list(reference.nodes)
    assert copy.copy(result) == reference
    assert result.to_dict() == reference.to_dict()
    assert Result.from_dict(result.to_dict()) == reference


def test_the_usual_result_is_a_tuple_built_late() -> None:
    rubric = _rubric()
    result = rubric.evaluate(_PLAIN)
    assert type(result.nodes) is _FlatNodes
    assert result.nodes._values is None  # nothing built before it is read
    _same_result(result, rubric.evaluate(_PLAIN, engine="reference"))
    assert result.nodes._values is not None


@pytest.mark.parametrize("first", ["getitem", "get", "values", "items", "eq", "repr", "pickle"])
def test_built_by_whatever_reads_it_first(first: str) -> None:
    """A result read first one way, then every other way, equals one read eagerly."""
    rubric = _rubric()
    reference = rubric.evaluate(_PLAIN, engine="reference")
    result = rubric.evaluate(_PLAIN)
    nodes = result.nodes
    read: Callable[[], object] = {
        "getitem": lambda: nodes["b"],
        "get": lambda: nodes.get("b"),
        "values": lambda: next(iter(nodes.values())),
        "items": lambda: next(iter(nodes.items())),
        "eq": lambda: nodes == reference.nodes,
        "repr": lambda: repr(nodes),
        "pickle": lambda: pickle.dumps(result),
    }[first]
    read()
    _same_result(result, reference)


def test_nothing_read_before_keys_are_listed() -> None:
    """Ids, their count and membership need no NodeResult."""
    rubric = _rubric()
    nodes = rubric.evaluate(_PLAIN).nodes
    assert isinstance(nodes, _FlatNodes)
    assert list(nodes) == list(nodes.keys()) == ["g", "a", "b", "h", "c"]
    assert len(nodes) == 5
    assert "c" in nodes
    assert nodes._values is None


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        ({"a": True, "b": "na", "c": False}, _Nodes),  # the reference scored the N/A
        ({"a": True, "b": 2, "h": 3}, _Nodes),  # a group scored directly
        (_PLAIN, _FlatNodes),
    ],
)
def test_every_other_result_is_a_dict_built_late(answers: dict[str, object], kind: type) -> None:
    rubric = _rubric()
    result = rubric.evaluate(answers)
    assert type(result.nodes) is kind
    _same_result(result, rubric.evaluate(answers, engine="reference"))


def test_a_rubric_with_something_to_tell_after_builds_a_dict() -> None:
    """Penalties are told after the breakdown: never the tuple."""
    penalty = {
        "id": "p",
        "title": "P",
        "rule": {"kind": "boolean", "points": 1},
        "penalty": True,
    }
    rubric = _rubric(children=[penalty])
    answers = {**_PLAIN, "p": True}
    result = rubric.evaluate(answers)
    assert type(result.nodes) is _Nodes
    _same_result(result, rubric.evaluate(answers, engine="reference"))


@given(rubric_and_answers())
def test_every_result_reads_as_the_reference_dict(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    answers, facts = dict(assessment.answers), dict(assessment.facts)
    result = rubric.evaluate(answers, facts=facts)
    reference = rubric.evaluate(answers, facts=facts, engine="reference")
    _same_result(result, reference)


def _outcome(rubric: Rubric, answers: object, **options: Any) -> object:
    try:
        return rubric.evaluate(answers, **options)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


@pytest.mark.parametrize("facts", [None, {}])
@pytest.mark.parametrize("unit_id", [None, "xa-1", unicodedata.normalize("NFD", "xã-1"), ""])
@pytest.mark.parametrize("unit_name", [None, "Xa", unicodedata.normalize("NFD", "Xã Mẫu")])
@pytest.mark.parametrize("missing", [None, "zero", "error"])
@pytest.mark.parametrize("answers", [_PLAIN, {"a": True}, {"a": "maybe", "b": 2, "c": 1}])
@pytest.mark.parametrize("default", ["error", "zero"])
def test_evaluate_of_plain_answers_is_the_reference_s(
    default: str,
    facts: dict[str, object] | None,
    unit_id: str | None,
    unit_name: str | None,
    missing: str | None,
    answers: dict[str, object],
) -> None:
    """Plain answers take the short way to the compiled result, whatever else is given:
    the same result (names in NFC) or the same problems as the reference, and as the same
    answers in an Assessment."""
    rubric = _rubric(scoring={"missing": default})
    options: dict[str, Any] = {"facts": facts, "missing": missing}
    names = {"unit_id": unit_id, "unit_name": unit_name}
    expected = _outcome(rubric, answers, engine="reference", **options, **names)
    fast = rubric._fast
    assert fast is not None
    compiled, returned = fast.result, []

    def spied(*args: Any) -> Result:
        result = compiled(*args)
        returned.append(result)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "result", spied)
        assert _outcome(rubric, answers, **options, **names) == expected
    # valid answers never fall back to the reference (a wrong reading of ``missing`` would)
    assert len(returned) == isinstance(expected, Result)
    assessment = Assessment(answers, facts or {}, unit_id=unit_id, unit_name=unit_name)
    assert _outcome(rubric, assessment, missing=missing) == expected
    if isinstance(expected, Result):
        assert expected.unit_id == (
            None if unit_id is None else unicodedata.normalize("NFC", unit_id)
        )
        assert expected.unit_name == (
            None if unit_name is None else unicodedata.normalize("NFC", unit_name)
        )


def test_a_rubric_warming_up_is_scored_by_the_reference_then_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large rubric's first evaluations are the reference's (see ``_REFERENCE_CALLS``):
    plain answers count them down as any others do."""
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    calls: list[object] = []
    compiled = fast.result

    def counted(*args: Any) -> Result:
        calls.append(args)
        return compiled(*args)

    monkeypatch.setattr(fast, "result", counted)
    rubric._warm_up = 2
    reference = rubric.evaluate(_PLAIN, engine="reference")
    assert rubric.evaluate(_PLAIN) == reference
    assert rubric.evaluate(_PLAIN, unit_id="x") == replace(reference, unit_id="x")
    assert rubric._warm_up == 0
    assert not calls
    assert rubric.evaluate(_PLAIN) == reference
    assert len(calls) == 1


def test_a_group_scored_directly_recounts_what_is_provisional() -> None:
    """A group scored directly hides its criteria; what is provisional is recounted, with the
    tiers reached and next (here the first tier, provisional, and the second, not)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "provisional",
            "version": "1",
            "title": "Provisional",
            "criteria": [
                {
                    "id": "h",
                    "title": "H",
                    "max": 4,
                    "direct": True,
                    "children": [
                        {
                            "id": "c",
                            "title": "C",
                            "rule": {"kind": "boolean", "points": 4},
                            "provisional": True,
                        }
                    ],
                },
                {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}},
            ],
            "tiers": [
                {"id": "t1", "label": "T1", "rank": 1, "min": 1, "provisional": True},
                {"id": "t2", "label": "T2", "rank": 2, "min": 5},
                {"id": "t3", "label": "T3", "rank": 3, "min": 6, "provisional": True},
            ],
        }
    )
    for answers, provisional in (
        ({"h": 2, "a": False}, ("t1",)),  # t1 reached; t2 next
        ({"h": 4, "a": True}, ("t3",)),  # t3 reached
        ({"h": 3, "a": True}, ("t3",)),  # t2 reached, t3 next
        ({"c": True, "a": False}, ("c", "t1")),  # not scored directly: c counts
    ):
        fast = rubric._fast
        assert fast is not None
        result = fast.result(answers, {}, False, None, None)  # never the reference's
        assert result.provisional == provisional
        assert result == rubric.evaluate(answers, engine="reference")


def test_each_breakdown_is_compiled_once_and_each_result_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Compiling a breakdown is slow and building one is not free: once per rubric, and once
    per result however it is read (the results are the same either way: only a count says)."""
    rubric = _rubric()
    fast = rubric._fast
    assert fast is not None
    compiled: list[str] = []
    compile_builder = fast._compile_builder

    def counted_compile(code: str) -> Callable[..., Any]:
        compiled.append(code)
        return compile_builder(code)

    monkeypatch.setattr(fast, "_compile_builder", counted_compile)
    list(rubric.evaluate(_PLAIN).nodes.values())
    assert len(compiled) == 1
    builder, built = fast._builder, []
    assert builder is not None

    def counted_build(*args: Any) -> Any:
        built.append(args)
        return builder(*args)

    monkeypatch.setattr(fast, "_builder", counted_build)
    result = rubric.evaluate(_PLAIN)
    for _ in range(2):
        assert list(result.nodes.values()) == list(result.nodes.values())
        assert result.nodes["a"] == result.nodes.get("a")
        assert list(result.nodes.items())
    assert len(built) == 1
    not_applicable = {"a": True, "b": "na", "c": False}  # the breakdown with notes
    for _ in range(3):
        assert list(rubric.evaluate(not_applicable).nodes.values())
    assert len(compiled) == 2


def test_a_breakdown_told_after_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dict breakdown of a rubric with penalties, compiled once too."""
    penalty = {"id": "p", "title": "P", "rule": {"kind": "boolean", "points": 1}, "penalty": True}
    rubric = _rubric(children=[penalty])
    fast = rubric._fast
    assert fast is not None
    compiled: list[str] = []
    compile_builder = fast._compile_builder

    def counted_compile(code: str) -> Callable[..., Any]:
        compiled.append(code)
        return compile_builder(code)

    monkeypatch.setattr(fast, "_compile_builder", counted_compile)
    for _ in range(3):
        assert list(rubric.evaluate({**_PLAIN, "p": True}).nodes.values())
    assert len(compiled) == 1


def test_an_outcome_is_remembered_by_total_tier_and_every_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same exact total (a Fraction here: a third of a point) and tier, with the first gate
    (it applies only to the tier above) passed, then failed: two outcomes, each worked out
    once."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "outcomes",
            "version": "1",
            "title": "Outcomes",
            "facts": [{"id": "f", "title": "F", "type": "boolean"}],
            "criteria": [
                {
                    "id": "l",
                    "title": "L",
                    "rule": {
                        "kind": "linear",
                        "start": {"value": 0, "points": 0},
                        "end": {"value": 3, "points": 1},
                    },
                },
                {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 5}},
            ],
            "gates": [
                {
                    "id": "top",
                    "title": "Top",
                    "require": {"fact": "f", "equals": False},
                    "tiers": ["t2"],
                },
                {"id": "k", "title": "K", "require": {"score": "b", "at_least": 0}},
            ],
            "tiers": [
                {"id": "t1", "label": "T1", "rank": 1, "min": 1},
                {"id": "t2", "label": "T2", "rank": 2, "min": 6},
            ],
        }
    )
    fast = rubric._fast
    assert fast is not None
    worked: list[object] = []
    outcome = fast._outcome

    def counted(*args: Any) -> tuple[Any, ...]:
        worked.append(args)
        return outcome(*args)

    monkeypatch.setattr(fast, "_outcome", counted)
    answers = {"l": 1, "b": True}
    for facts in ({"f": False}, {"f": True}, {"f": False}, {"f": True}):
        result = fast.result(answers, facts, False, None, None)
        assert result.total == Fraction(16, 3)
        assert result == rubric.evaluate(answers, facts=facts, engine="reference")
    assert len(worked) == 2


def test_evaluate_for_another_day_keeps_every_option() -> None:
    """``as_of`` scores with the rubric of that day, with the facts, names and ``missing``
    given (not the defaults)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "day",
            "version": "1",
            "title": "Day",
            "facts": [{"id": "f", "title": "F", "type": "boolean"}],
            "criteria": [
                {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}},
                {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 1}},
            ],
            "gates": [{"id": "k", "title": "K", "require": {"fact": "f", "equals": False}}],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )
    day = date(2030, 1, 1)
    options: dict[str, Any] = {"facts": {"f": True}, "unit_id": "u", "unit_name": "N"}
    result = rubric.evaluate({"a": True}, missing="zero", as_of=day, **options)
    assert result == rubric.at(day).evaluate({"a": True}, missing="zero", **options)
    assert (result.unit_id, result.unit_name, result.as_of) == ("u", "N", day)
    assert result.failed_gates == ("k",)
    assert result.nodes["b"].status == "missing"
    with pytest.raises(AssessmentError):
        rubric.evaluate({"a": True}, as_of=day, **options)


def test_plain_answers_take_the_short_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short way is only faster (the long way gives the same results), so only a count
    says which was taken: plain answers and names never reach ``_evaluate``, nor warm up;
    anything else does."""
    rubric = _rubric()
    expected = rubric.evaluate(_PLAIN, engine="reference")
    nfd = unicodedata.normalize("NFD", "xã-1")
    long_way: list[object] = []
    warm_up: list[object] = []
    evaluate, compiled = rubric._evaluate, rubric._compiled

    def counted_evaluate(*args: Any) -> Result:
        long_way.append(args)
        return evaluate(*args)

    def counted_compiled() -> Any:
        warm_up.append(1)
        return compiled()

    monkeypatch.setattr(rubric, "_evaluate", counted_evaluate)
    monkeypatch.setattr(rubric, "_compiled", counted_compiled)
    short: list[dict[str, Any]] = [
        {},
        {"facts": {}},
        {"unit_id": "x", "unit_name": "Xa"},
        {"missing": "zero"},
        {"missing": "error", "facts": None, "unit_id": None, "unit_name": None},
    ]
    for options in short:
        assert rubric.evaluate(_PLAIN, **options) == replace(
            expected, unit_id=options.get("unit_id"), unit_name=options.get("unit_name")
        )
    assert long_way == []
    assert warm_up == []
    for options in (
        {"unit_id": nfd},
        {"unit_name": nfd},
        {"facts": types.MappingProxyType({})},
        {"engine": "reference"},
    ):
        rubric.evaluate(_PLAIN, **options)
    rubric.evaluate(Assessment(_PLAIN))
    rubric.evaluate(types.MappingProxyType(_PLAIN))
    assert len(long_way) == 6


def test_facts_given_with_plain_answers_are_read_the_short_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "facts",
            "version": "1",
            "title": "Facts",
            "facts": [{"id": "f", "title": "F", "type": "boolean"}],
            "criteria": [{"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}}],
            "gates": [{"id": "k", "title": "K", "require": {"fact": "f", "equals": False}}],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )
    long_way: list[object] = []
    evaluate = rubric._evaluate

    def counted(*args: Any) -> Result:
        long_way.append(args)
        return evaluate(*args)

    monkeypatch.setattr(rubric, "_evaluate", counted)
    for knocked_out in (True, False):
        result = rubric.evaluate({"a": True}, facts={"f": knocked_out})
        assert result.failed_gates == (("k",) if knocked_out else ())
    assert long_way == []


def test_a_failed_gate_is_explained_once_per_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reasons of failed gates (the reference's slow explanation) are worked out once per
    combination of what the gates read, the first gate passed and the second failed; when a
    group is scored directly (it hides criteria the gates may read, which the key does not
    hold) they are worked out for each result (killed mutants of ``_failed_gates``: the memo
    never used, or used only when the first gate failed; ``_outcome``: the passed gates
    explained all the same)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "explained",
            "version": "1",
            "title": "Explained",
            "facts": [{"id": "f", "title": "F", "type": "boolean"}],
            "criteria": [
                {
                    "id": "h",
                    "title": "H",
                    "max": 4,
                    "direct": True,
                    "children": [
                        {"id": "c", "title": "C", "rule": {"kind": "boolean", "points": 4}}
                    ],
                },
                {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}},
            ],
            "gates": [
                {"id": "first", "title": "First", "require": {"score": "a", "at_least": 0}},
                {"id": "second", "title": "Second", "require": {"fact": "f", "equals": True}},
            ],
            "tiers": [{"id": "t1", "label": "T1", "rank": 1, "min": 1}],
        }
    )
    fast = rubric._fast
    assert fast is not None
    explained: list[object] = []
    explain = fast._explain

    def counted(out: tuple[Any, ...]) -> dict[str, tuple[list[Any], Any]]:
        explained.append(out)
        return explain(out)

    monkeypatch.setattr(fast, "_explain", counted)
    cases = (
        ({"c": True, "a": True}, False, 1),
        ({"h": 3, "a": True}, False, 3),
        ({"c": True, "a": True}, True, 0),  # every gate passed: nothing to explain
    )
    for answers, f, times in cases:
        explained.clear()
        for _ in range(3):
            result = fast.result(answers, {"f": f}, False, None, None)
            assert [g.passed for g in result.gates] == [True, f]
            assert result == rubric.evaluate(answers, facts={"f": f}, engine="reference")
        assert len(explained) == times, answers


def test_the_reasons_of_failed_gates_are_remembered_boundedly() -> None:
    """At most 4,096 combinations of what the gates read are remembered with their reasons,
    whatever the answers (killed mutant of ``_failed_gates``: the bound dropped)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "bounded",
            "version": "1",
            "title": "Bounded",
            "criteria": [{"id": "d", "title": "D", "max": 3, "rule": {"kind": "direct"}}],
            "gates": [{"id": "g", "title": "G", "require": {"answer": "d", "at_least": 2}}],
            "tiers": [{"id": "t1", "label": "T1", "rank": 1, "min": 1}],
        }
    )
    fast = rubric._fast
    assert fast is not None
    for i in range(4100):  # each a distinct answer below 2: the gate fails each time
        answer = str(Decimal(i) / 2500)
        result = fast.result({"d": answer}, {}, False, None, None)
        assert not result.gates[0].passed
    assert len(fast._explained) == 4096
    assert result == rubric.evaluate({"d": answer}, engine="reference")


def _floats_rubric() -> Rubric:
    """A number, a yes/no and a choice whose level id is a number."""
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "floats",
            "version": "1",
            "title": "Floats",
            "criteria": [
                {"id": "n", "title": "N", "max": 5, "rule": {"kind": "direct"}},
                {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 1}},
                {
                    "id": "l",
                    "title": "L",
                    "rule": {
                        "kind": "levels",
                        "levels": [{"id": "2", "points": 1}, {"id": "x", "points": 0}],
                    },
                },
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )


def test_a_float_number_is_told_from_its_equal_fraction_by_the_tuple() -> None:
    """2**-30 as a float is read as typed (9.313225746154785e-10), as a Fraction exactly:
    equal keys, other NodeResults; each, met after the other, is the reference's (killed
    planted bug: a number's float looked up with the other answers)."""
    rubric = _floats_rubric()
    for values in ((Fraction(1, 2**30), 2.0**-30), (2.0**-30, Fraction(1, 2**30))):
        shown = []
        for value in (*values, *values):
            answers = {"n": value, "b": True, "l": "2"}
            result = rubric.evaluate(answers)
            assert type(result.nodes) is _FlatNodes
            _same_result(result, rubric.evaluate(answers, engine="reference"))
            shown.append(result.nodes["n"].answer)
        assert len(set(map(repr, shown))) == 2


def test_only_a_number_s_float_is_looked_up_apart() -> None:
    """A yes/no's float is the yes or no its value is (1.0 is True: one entry, thirteenth
    round), so it needs no lookup apart, nor does a
    choice (the reference reads it: that result is the dict's): their lookups skip the
    class check that costs each number's (killed planted bug: every leaf checked)."""
    rubric = _floats_rubric()
    fast = rubric._fast
    assert fast is not None
    code = fast._nodes_code
    assert code.count("_Fl") == 1
    assert "(M0 if xk is int else F0 if xk is _Fl else D0 if xk is _Dec else M0)[x]" in code
    assert code.count("_Dec") == 2  # a number's Decimal by its text: D0
    assert "n1 = M1[O[" in code
    assert "n2 = M2[O[" in code
    for answers in ({"n": 1, "b": 1.0, "l": "2"}, {"n": 1, "b": True, "l": 2.0}):
        expected = _outcome(rubric, answers, engine="reference")
        assert _outcome(rubric, answers) == expected
        if isinstance(expected, Result):  # 2.0 for "2": the reference's reading, noted
            result = rubric.evaluate(answers)
            assert type(result.nodes) is _Nodes
            _same_result(result, expected)


def test_values_once_built_are_iterated_without_a_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """``nodes.values()`` iterates the tuple built first as it is: no call to build it again
    (``_FlatNodes._all``) once built, one the first time."""
    rubric = _rubric()
    nodes = rubric.evaluate(_PLAIN).nodes
    assert isinstance(nodes, _FlatNodes)
    calls: list[int] = []
    build = _FlatNodes._all

    def counted(self: _FlatNodes) -> tuple[NodeResult, ...]:
        calls.append(1)
        return build(self)

    monkeypatch.setattr(_FlatNodes, "_all", counted)
    first = list(nodes.values())
    assert len(calls) == 1
    assert list(nodes.values()) == first
    assert [n.id for n in nodes.values()] == ["g", "a", "b", "h", "c"]
    assert len(calls) == 1


def _linear_rubric(start: int, end: int, maximum: int | None) -> Rubric:
    """One linear criterion from 0 (``start`` points) to 100 (``end`` points), its maximum
    ``maximum`` (None: the best anchor's points), beside a yes/no."""
    leaf: dict[str, Any] = {
        "id": "l",
        "title": "L",
        "rule": {
            "kind": "linear",
            "start": {"value": 0, "points": start},
            "end": {"value": 100, "points": end},
        },
    }
    if maximum is not None:
        leaf["max"] = maximum
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "linear-facts",
            "version": "1",
            "title": "Linear facts",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "children": [
                        leaf,
                        {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 1}},
                    ],
                }
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )


_LINEAR_ANSWERS: list[object] = [
    0, 1, 59, 60, 61, 100, 0.0, 59.99, 60.0, 60.01, 1 / 3, 0.1 + 0.2, 99.99999999999999,
    "0", "59.999999", "60", "60.000001", "72.5", "100.0", Decimal("60"), Decimal("60.0000001"),
    Fraction(180, 3), Fraction(181, 3), Fraction(179, 3),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "maximum"), [(0, 10, None), (0, 10, 6), (10, 0, 6), (10, 0, None), (4, 10, 4)]
)
def test_a_linear_answer_met_for_the_first_time_is_capped_as_the_reference_says(
    start: int, end: int, maximum: int | None
) -> None:
    """Each answer's NodeResult built anew (every memo emptied first), around the anchors and
    the value where the points reach the maximum (60 with 10 points and a maximum of 6)."""
    from tiercert._fast.evaluator import forget_answers

    rubric = _linear_rubric(start, end, maximum)
    for answer in _LINEAR_ANSWERS:
        forget_answers()
        answers = {"l": answer, "b": True}
        got = rubric.evaluate(answers)
        expected = rubric.evaluate(answers, engine="reference")
        assert got.nodes["l"] == expected.nodes["l"], answer
        _same_result(got, expected)


def test_linear_tells_capped_without_scoring_when_no_anchor_is_above_the_maximum() -> None:
    """The facts of a linear criterion's answer (capped, detail), from which the NodeResult of
    an answer met for the first time is built: when neither anchor's points are above the
    maximum, a function that does no arithmetic; else ``_score``'s."""
    from tiercert.rules.linear import _facts, _not_capped, _score

    for start, end, maximum, never in [(0, 10, 10, True), (10, 0, 10, True), (0, 10, 6, False)]:
        leaf = _linear_rubric(start, end, maximum)._plan.nodes["l"]
        assert isinstance(leaf, LeafPlan)
        facts = _facts(leaf.params, leaf.max)
        assert (facts is _not_capped) is never
        for value in (0, 30, 60, Fraction(181, 3), 100):
            points, detail = _score(leaf.params, Fraction(value))
            assert facts(value) == (points > leaf.max, detail)


def test_a_provisional_group_s_node_says_so() -> None:
    """The breakdown's node of a provisional group (and of its criteria) is provisional, as
    the reference's (mutmut: FastEvaluator._make_node 28, a group's node made without it)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "provisional_group",
            "version": "1",
            "title": "Provisional group",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "provisional": True,
                    "children": [
                        {"id": "c", "title": "C", "rule": {"kind": "boolean", "points": 4}},
                        {"id": "d", "title": "D", "rule": {"kind": "boolean", "points": 1}},
                    ],
                },
                {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 2}},
            ],
        }
    )
    fast = rubric._fast
    assert fast is not None
    for answers in ({"c": True, "d": False, "a": True}, {"c": True, "d": False, "a": False}):
        result = fast.result(answers, {}, False, None, None)  # never the reference's
        assert result.nodes["g"].provisional is True
        assert result.nodes["a"].provisional is False
        assert result == rubric.evaluate(answers, engine="reference")


def test_decimals_of_one_band_keep_their_own_answers_in_the_breakdown() -> None:
    """Two Decimal answers scored alike (one band) are two nodes, each with its answer: the
    breakdown's memo keys a Decimal by its text (mutmut: FastEvaluator._answered_node 24,
    every Decimal keyed by the text of None)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "decimal_bands",
            "version": "1",
            "title": "Decimal bands",
            "criteria": [
                {
                    "id": "b",
                    "title": "B",
                    "rule": {
                        "kind": "bands",
                        "bands": [{"max": 10, "points": 1}, {"min": 10, "points": 3}],
                    },
                },
            ],
        }
    )
    fast = rubric._fast
    assert fast is not None
    for text in ("12.5", "13.5", "12.5"):
        answers = {"b": Decimal(text)}
        result = fast.result(answers, {}, False, None, None)  # never the reference's
        assert result.nodes["b"].answer == Fraction(text)
        assert result == rubric.evaluate(answers, engine="reference")
