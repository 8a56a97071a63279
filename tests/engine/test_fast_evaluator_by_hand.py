"""The compiled evaluator's own plumbing (``_fast/evaluator.py``), held to values worked out
by hand: what it remembers and under which key, the sandbox its generated code runs in, the
percentage and the provisional elements it works out itself.

``evaluate()`` hands anything the compiled code gives up on to the reference, and most of
what these functions get wrong gives the right result more slowly: so the tests call the
functions themselves, or count what they remember, rather than compare results.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal
from fractions import Fraction

import pytest
from test_shared_helpers import TIERS, direct, group, leaf, rubric

import tiercert
from tiercert import Rubric
from tiercert._columns import cell_value, is_empty
from tiercert._fast import evaluator
from tiercert._fast.codegen import FINE_PLACES, Generator
from tiercert._fast.evaluator import (
    FastEvaluator,
    _always_fall_back,
    _answer_key,
    _bool_words,
    _maker,
    _results_order,
    forget_answers,
)
from tiercert._fast.numbers import Fallback, Unsupported
from tiercert._fast.rows import RowLayout
from tiercert._literals import BOOLEAN_WORDS
from tiercert._reference import percentage_of
from tiercert.result import NodeResult

F = Fraction
D = Decimal


def fast_of(r: Rubric) -> FastEvaluator:
    assert r._fast is not None
    return r._fast


# --- _answer_key: what only the same answer has ---------------------------------------------


def test_an_answer_key_holds_the_criterion_the_mode_the_class_and_the_value() -> None:
    assert _answer_key(3, "yes", False) == (3, False, str, "yes")
    assert _answer_key(0, 1, True) == (0, True, int, 1)
    assert _answer_key(0, True, True) == (0, True, bool, True)
    # 0.1 and Decimal(0.1) are equal, and read otherwise: the class tells them apart
    assert _answer_key(1, 0.5, False) == (1, False, float, 0.5)
    assert _answer_key(1, F(1, 2), False) == (1, False, Fraction, F(1, 2))


def test_a_text_is_kept_up_to_256_characters() -> None:
    assert _answer_key(0, "x" * 256, False) == (0, False, str, "x" * 256)
    assert _answer_key(0, "x" * 257, False) is None


def test_a_decimal_is_kept_as_written_and_never_when_not_finite() -> None:
    # Decimal("12.000") equals Decimal("12"), and a count refuses it: kept as written
    assert _answer_key(2, D("12.000"), False) == (2, False, Decimal, "12.000")
    assert _answer_key(2, D("12"), True) == (2, True, Decimal, "12")
    for odd in ("NaN", "sNaN", "Infinity", "-Infinity"):
        assert _answer_key(2, D(odd), False) is None


def test_other_classes_are_never_kept() -> None:
    assert _answer_key(0, [1], False) is None
    assert _answer_key(0, (1,), False) is None
    assert _answer_key(0, object(), False) is None


def test_an_evidence_mapping_is_kept_by_its_items_sorted_by_name() -> None:
    # sorted by name (not by value, not as given): "justification" before "value"
    assert _answer_key(4, {"value": "a", "justification": "z"}, True) == (
        4,
        True,
        dict,
        (("justification", str, "z"), ("value", str, "a")),
    )
    assert _answer_key(4, {"justification": "z", "value": "a"}, True) == _answer_key(
        4, {"value": "a", "justification": "z"}, True
    )
    # each value with its class; a Decimal as written
    assert _answer_key(0, {"value": D("1.50"), "url": "u"}, False) == (
        0,
        False,
        dict,
        (("url", str, "u"), ("value", Decimal, "1.50")),
    )
    assert _answer_key(0, {"value": 1.5}, False) == (0, False, dict, (("value", float, 1.5),))


def test_an_evidence_mapping_is_not_kept_when_an_item_is_not() -> None:
    assert _answer_key(0, {"value": "a", 1: "b"}, False) is None  # a name not a text
    assert _answer_key(0, {1: "a"}, False) is None
    assert _answer_key(0, {"value": [1]}, False) is None  # a value of another class
    assert _answer_key(0, {"value": D("NaN")}, False) is None
    assert _answer_key(0, {"value": D("Infinity"), "url": "u"}, False) is None
    long = {"value": True, "justification": "j" * 256}
    assert _answer_key(0, long, False) == (
        0,
        False,
        dict,
        (("justification", str, "j" * 256), ("value", bool, True)),
    )
    assert _answer_key(0, {"value": True, "justification": "j" * 257}, False) is None


# --- _bool_words: the spellings read as yes and no -------------------------------------------


def test_the_words_for_yes_and_no_in_each_case() -> None:
    words = _bool_words()
    shown = ["yes", "YES", "Yes", "no", "NO", "No", "có", "CÓ", "Có", "1", "0", "X"]
    assert [words[w] for w in shown] == [True] * 3 + [False] * 3 + [True] * 3 + [True, False, True]
    # capitalised (the first word only) and titled (every word)
    shown = ["không đạt", "Không đạt", "Không Đạt", "KHÔNG ĐẠT", "chưa đạt"]
    assert [words[w] for w in shown] == [False] * 5
    assert "yEs" not in words
    assert " yes" not in words
    # every word, each in four forms at most, each with the reference's reading
    assert {w.lower() for w in words} == set(BOOLEAN_WORDS)
    assert all(words[w] is BOOLEAN_WORDS[w.lower()] for w in words)
    assert len(words) == len({v for w in BOOLEAN_WORDS for v in _forms(w)})


def _forms(word: str) -> set[str]:
    return {word, word.upper(), word.capitalize(), word.title()}


# --- _run: the sandbox of the generated code -------------------------------------------------


def test_generated_code_runs_with_five_builtins_the_helpers_and_its_constants() -> None:
    fast = fast_of(rubric(leaf("a", 1)))
    gen = fast._helper_table  # any helpers do; the generator's namespace is added on top

    class Src:
        def __init__(self) -> None:
            self.namespace = {"_K": "constant"}

    class Gen:
        src = Src()

    code = "seen = (len, int, str, TypeError, KeyError, _H, _K)\n"
    space = fast._run(code, Gen(), {"_H": gen["_M"]}, "verdict")  # type: ignore[arg-type]
    assert space["seen"] == (len, int, str, TypeError, KeyError, gen["_M"], "constant")
    assert space["__builtins__"] == {
        "len": len,
        "int": int,
        "str": str,
        "TypeError": TypeError,
        "KeyError": KeyError,
    }
    with pytest.raises(NameError):  # nothing else: no open, no __import__
        fast._run("open\n", Gen(), {}, "verdict")  # type: ignore[arg-type]
    made = fast._run("def f():\n    return 1\n", Gen(), {}, "full")  # type: ignore[arg-type]
    assert made["f"].__code__.co_filename == "<tiercert scorer t:full>"


# --- verdict: the verdict scorer, given what it reads ---------------------------------------


def test_a_verdict_reads_missing_answers_as_zero_when_told() -> None:
    r = rubric(leaf("a", 1), direct("b", 4), tiers=[{"id": "t", "label": "T", "rank": 1, "min": 1}])
    fast = fast_of(r)
    found = fast.verdict({"a": True}, {}, True)  # b missing, read as 0
    assert (found.total, found.certified, found.tier is not None) == (F(1), True, True)
    with pytest.raises(fast.fallback):  # b missing and not read as 0: the reference's
        fast.verdict({"a": True}, {}, False)


def test_a_verdict_reads_its_facts() -> None:
    r = rubric(
        leaf("a", 1),
        facts=[{"id": "f", "title": "F", "type": "number"}],
        gates=[{"id": "g", "title": "G", "require": {"fact": "f", "at_least": 2}}],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 1}],
    )
    fast = fast_of(r)
    assert fast.verdict({"a": True}, {"f": 2}, False).certified is True
    assert fast.verdict({"a": True}, {"f": 1}, False).certified is False


def test_a_verdict_of_an_answer_the_reference_reads() -> None:
    r = rubric(leaf("a", 1, na=NA), leaf("b", 2))
    fast = fast_of(r)
    # N/A: 2 of the 2 points left, rescaled to the maximum of 3
    assert fast.verdict({"a": "na", "b": True}, {}, False).total == 3


NA = {"counts_as": "excluded"}


# --- _percentage: worked out scaled when the maximum divides 100, remembered -----------------


def test_the_percentage_of_a_maximum_that_divides_100_and_of_one_that_does_not() -> None:
    fifty = fast_of(rubric(direct("a", 50)))
    at = 10**fifty.numbers.places
    assert fifty._percentage(20 * at) == 40  # 20 of 50
    assert fifty._percentage(F(41, 2) * at) == 41  # 20.5 of 50
    thirty = fast_of(rubric(direct("a", 30)))
    at = 10**thirty.numbers.places
    assert thirty._percentage(10 * 10**thirty.numbers.places) == F(100, 3)  # 10 of 30
    assert thirty._percentage(15 * at) == 50


def test_the_percentage_of_a_maximum_that_divides_100_is_worked_out_scaled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Of a maximum that divides 100, a whole scaled total's percentage is its multiple: the
    reference's ``percentage_of`` (exact, slower) only for the rest."""
    asked: list[Fraction] = []

    def counted(plan: object, total: Fraction) -> Fraction:
        asked.append(total)
        return percentage_of(plan, total)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluator, "percentage_of", counted)
    fifty = fast_of(rubric(direct("a", 50)))
    at = 10**fifty.numbers.places
    assert fifty._percentage(20 * at) == 40
    assert asked == []
    thirty = fast_of(rubric(direct("a", 30)))
    assert thirty._percentage(10 * 10**thirty.numbers.places) == F(100, 3)
    assert asked == [10]


def test_a_rounded_percentage_of_a_maximum_of_100() -> None:
    r = rubric(direct("a", 100), rounding={"percentage": {"mode": "half_up", "places": 0}})
    fast = fast_of(r)
    at = 10**fast.numbers.places
    assert fast._percentage(F(67, 2) * at) == 34  # 33.5%, rounded
    assert fast._percentage(F(133, 4) * at) == 33  # 33.25%


def test_a_whole_percentage_is_remembered_boundedly() -> None:
    fast = fast_of(rubric(direct("a", 100)))
    at = 10**fast.numbers.places
    assert fast._percentage(7 * at) == 7
    assert fast._percentages == {7 * at: 7}
    assert fast._percentage(7 * at) == 7
    fast._percentages[8 * at] = F(-1)  # a known percentage is looked up, not worked out
    assert fast._percentage(8 * at) == -1
    assert fast._percentage(F(1, 3)) == F(1, 3) / at  # a Fraction total: not kept
    assert len(fast._percentages) == 2
    fast._percentages.update({-n: F(n) for n in range(1, 4095)})
    assert len(fast._percentages) == 4096
    assert fast._percentage(9 * at) == 9
    assert 9 * at not in fast._percentages  # full: not kept


# --- _provisional_for: the provisional elements, in the reference's order --------------------


def _provisional_rubric() -> Rubric:
    modelled = {"provisional": True, "note": "modelled"}
    tiers = [
        {"id": "s0", "label": "0", "rank": 1, "min": 10, **modelled},
        {"id": "s1", "label": "1", "rank": 2, "min": 20},
        {"id": "s2", "label": "2", "rank": 3, "min": 40},
        {"id": "s3", "label": "3", "rank": 4, "min": 80, **modelled},
    ]
    return rubric(
        direct("b", 50),
        direct("a", 50, **modelled),
        tiers=tiers,
        gates=[{"id": "k", "title": "K", "require": {"score": "b", "at_least": 0}, **modelled}],
    )


@pytest.mark.parametrize(
    ("reached", "expected"),
    [
        (-1, ("a", "k", "s0")),  # below every tier: the first is next
        (0, ("a", "k", "s0")),
        (1, ("a", "k")),
        (2, ("a", "k", "s3")),  # the next tier is provisional
        (3, ("a", "k", "s3")),  # the last tier reached
    ],
)
def test_the_provisional_elements_by_tier_reached(reached: int, expected: tuple[str, ...]) -> None:
    fast = fast_of(_provisional_rubric())
    assert fast._provisional_for(frozenset(), reached) == expected
    assert fast._provisional_for(frozenset(), reached) == expected  # from the memo


def test_the_provisional_criteria_are_remembered_boundedly_by_the_groups_scored_directly() -> None:
    fast = fast_of(_provisional_rubric())
    assert fast._provisional_for(frozenset(), 1) == ("a", "k")
    assert fast._orders == {frozenset(): ("a",)}
    fast._orders[frozenset({"x"})] = ("y",)  # a known list is looked up, not worked out
    assert fast._provisional_for(frozenset({"x"}), 1) == ("y", "k")
    fast = fast_of(_provisional_rubric())
    fast._orders.update({frozenset({str(n)}): () for n in range(256)})
    assert fast._provisional_for(frozenset(), 1) == ("a", "k")
    assert frozenset() not in fast._orders  # full: not kept


def test_a_tier_provisional_and_the_next_one_both_said_once() -> None:
    modelled = {"provisional": True, "note": "modelled"}
    tiers = [dict(t) for t in TIERS]
    tiers[0].update(modelled)
    fast = fast_of(rubric(direct("a", 100), tiers=tiers))
    assert fast._provisional_for(frozenset(), 0) == ("s1", "s2")
    assert fast._provisional_for(frozenset(), 1) == ("s2",)
    assert fast._provisional_for(frozenset(), 2) == ()


# --- the generated breakdown's sandbox, and what it is given ---------------------------------


def test_the_breakdown_runs_with_three_builtins_and_its_memos() -> None:
    r = rubric(leaf("a", 1), group("g", direct("g.1", 2, na=NA), direct("g.2", 2, na=NA)))
    fast = fast_of(r)
    builder = fast._usual_builder()
    space = builder.__globals__
    assert space["__builtins__"] == {"KeyError": KeyError, "TypeError": TypeError, "int": int}
    assert builder.__code__.co_filename == "<tiercert nodes t>"
    assert space["_mk"] == fast._make_node
    assert space["_Fl"] is float
    at = fast.index["g"]
    assert space[f"M{at}"] is fast._memos[at][0]
    assert space[f"C{at}"] is fast._memos[at][1]
    leaf_at = fast.index["a"]
    assert space[f"F{leaf_at}"] is fast._memos[leaf_at][1]
    # the group left out by N/A, as the breakdown with notes gives it
    given = {"a": True, "g.1": "na", "g.2": "na"}
    result = fast.result(given, {}, False, None, None)
    left_out = result.nodes["g"]
    assert (left_out.score, left_out.max, left_out.status) == (F(0), F(4), "excluded")
    assert (left_out.answer, left_out.capped, left_out.detail) == (None, False, None)
    assert (left_out.rule, left_out.parent, left_out.provisional) == ("sum", "@criteria", False)
    assert fast._notes_builder is not None
    assert fast._notes_builder.__globals__[f"X{at}"] == left_out
    assert result.to_json() == r.evaluate(given, engine="reference").to_json()


# --- what the breakdown remembers, by node ---------------------------------------------------


def _remembering() -> Rubric:
    met = {"kind": "condition", "points": 1, "when": {"score": "a", "at_least": 1}}
    return rubric(
        leaf("a", 2),
        group("g", direct("g.1", 3), direct("g.2", 3)),
        leaf("e", 1, evidence=["justification"]),
        {"id": "c", "title": "c", "rule": met},
    )


_REMEMBERED = {"a": True, "g.1": 2, "g.2": 1.5, "e": True}  # e: its justification lacking


def test_each_node_s_result_is_remembered_by_what_the_breakdown_looks_it_up_by() -> None:
    r = _remembering()
    fast = fast_of(r)
    result = fast.result(_REMEMBERED, {}, False, None, None)
    nodes = dict(result.nodes)
    assert result.to_json() == r.evaluate(_REMEMBERED, engine="reference").to_json()
    at = 10**fast.numbers.places
    index = fast.index
    memos = {
        fast.order[i].id: tuple({k: v.id for k, v in memo.items()} for memo in kept)
        for i, kept in fast._memos.items()
    }
    assert memos == {
        "a": ({True: "a"}, {}, {}),  # a flag by its value
        "g": ({F(7, 2) * at: "g"}, {}, {}),  # a group by its scaled score (2 + 1.5), not capped
        "g.1": ({2: "g.1"}, {}, {}),
        "g.2": ({}, {1.5: "g.2"}, {}),  # a float apart (a Decimal by its text in the third)
        "e": ({}, {True: "e"}, {}),  # evidence lacking apart
        "c": ({True: "c"}, {}, {}),  # a condition by whether it is met
    }
    assert fast._memo_size == 6
    # an answered leaf's result by (node, the answer's class, the answer, the score, lacking)
    assert fast._node_memo == {
        (index["a"], bool, True, 2 * at, False): nodes["a"],
        (index["g.1"], int, 2, 2 * at, False): nodes["g.1"],
        (index["g.2"], float, 1.5, F(3, 2) * at, False): nodes["g.2"],
        (index["e"], bool, True, 0, True): nodes["e"],
    }
    assert (nodes["e"].status, nodes["e"].capped) == ("evidence_missing", False)
    assert nodes["e"].detail is not None


def test_the_breakdown_remembers_no_more_than_its_bound() -> None:
    fast = fast_of(_remembering())
    fast._memo_size = 65_536
    other = NodeResult("x", F(0), F(0), "answered")
    fast._node_memo.update({("x", n): other for n in range(65_536)})
    dict(fast.result(_REMEMBERED, {}, False, None, None).nodes)
    assert all(not memo for memos in fast._memos.values() for memo in memos)
    assert fast._memo_size == 65_536
    assert len(fast._node_memo) == 65_536


def test_a_leaf_s_result_known_is_looked_up_under_a_group_scored_directly() -> None:
    r = rubric(leaf("a", 2), group("h", leaf("h.1", 4), direct=True, max=4))
    fast = fast_of(r)
    given = {"a": True, "h": 3}
    first = fast.result(given, {}, False, None, None)
    assert first.to_json() == r.evaluate(given, engine="reference").to_json()
    key = (fast.index["a"], bool, True, 2 * 10**fast.numbers.places, False)
    assert fast._node_memo == {key: first.nodes["a"]}
    assert fast.result(given, {}, False, None, None).nodes["a"] is first.nodes["a"]
    known = first.nodes["h"]  # any NodeResult: what is known is taken as it is
    fast._node_memo[key] = known
    assert fast.result(given, {}, False, None, None).nodes["a"] is known


# --- the order of results, forgetting, compiling on first use --------------------------------


def _met(nid: str, target: str) -> dict[str, object]:
    when = {"score": target, "at_least": 1}
    return {"id": nid, "title": nid, "rule": {"kind": "condition", "points": 1, "when": when}}


def test_the_results_order_puts_what_a_condition_reads_first() -> None:
    r = rubric(
        leaf("a", 1),
        _met("c", "b"),  # reads b, written after it: b first
        _met("d", "g.1"),  # reads g.1: g.1 first, unless g is scored directly (it hides g.1)
        group("g", leaf("g.1", 1), direct=True, max=1),
        leaf("b", 1),
    )
    plan = fast_of(r).plan
    assert _results_order(plan, frozenset()) == ["a", "b", "c", "g.1", "d", "g"]
    assert _results_order(plan, frozenset({"g"})) == ["a", "b", "c", "d", "g"]


def test_forgetting_empties_what_an_evaluator_remembers_of_answers() -> None:
    fast = fast_of(_remembering())
    fast.result(_REMEMBERED | {"e": "yes"}, {}, False, None, None)  # "yes": the reference's
    dict(fast.result(_REMEMBERED, {}, False, None, None).nodes)
    assert fast._memo_size == 6
    assert fast._node_memo
    assert fast._scored
    forget_answers()  # every evaluator alive: this one too
    assert fast._memo_size == 0
    assert all(not memo for memos in fast._memos.values() for memo in memos)
    assert not fast._node_memo
    assert not fast._scored


def test_a_scorer_that_does_not_compile_always_falls_back() -> None:
    fast = fast_of(rubric(leaf("a", 1)))
    gen = Generator(fast.plan, fast.numbers, full=False, readings={})
    # what CPython cannot compile: blocks nested deeper than its limit (the tests' guard,
    # conftest.generated_code_compiles, lets only such limits through)
    loops = "".join("    " * (i + 1) + "for _ in ():\n" for i in range(30))
    deep = "def verdict(A, F, mz, st):\n" + loops + "    " * 31 + "pass\n"
    stand_in = fast._deferred("broken", lambda: [(gen, deep)], fast._helper_table)
    for _ in range(2):
        with pytest.raises(fast.fallback):
            stand_in({"a": True}, {}, False, {})
    assert fast.broken is _always_fall_back  # type: ignore[attr-defined]


def test_a_scorer_is_compiled_on_first_call_and_put_in_place() -> None:
    fast = fast_of(rubric(leaf("a", 1)))
    stand_in = fast.verdict_function
    assert fast.verdict({"a": True}, {}, False).total == 1
    compiled = fast.verdict_function
    assert compiled is not stand_in
    assert compiled.__code__.co_filename == "<tiercert scorer t:verdict>"
    assert stand_in({"a": False}, {}, False, {}).total == 0  # the stand-in calls it
    assert fast.verdict_function is compiled  # compiled once
    full = fast._full
    fast.result({"a": True}, {}, False, None, None)
    assert fast._full is not full
    assert fast._full.__code__.co_filename == "<tiercert scorer t:full>"


def test_the_full_scorer_is_written_on_the_first_full_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 12, thirteenth round: a verdict needs only the verdict scorers' code; the full
    # scorers' (and the breakdown's) is written when a full result is first asked for, once
    written: list[tuple[bool, bool]] = []
    real = Generator.write

    def write(gen: Generator) -> str:
        written.append((gen.full, gen.entry))
        return real(gen)

    monkeypatch.setattr(Generator, "write", write)
    r = rubric(leaf("a", 1), group("g", leaf("g.1", 2), direct("g.2", 3)))
    answers = {"a": True, "g.1": False, "g.2": 2}
    reference = r.evaluate(answers, engine="reference")
    fast = fast_of(r)
    assert fast.verdict(answers, {}, False) == (
        reference.total,
        reference.certified,
        reference.tier,
    )
    assert written == [(False, False), (False, True)]  # the verdict's: general, entry
    assert fast.result(answers, {}, False, None, None) == reference
    assert written[2:] == [(True, False), (True, True)]
    source = fast.source  # all of it, as before: nothing written again
    assert "def verdict(" in source
    assert "def full(" in source
    assert "def nodes(" in source
    assert fast.result(answers, {}, False, None, None) == reference
    assert len(written) == 4


def test_the_verdict_code_is_written_on_the_first_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 12, fourteenth round: making the evaluator writes no scorer's code (a batch's row
    # scorers are written by generators of their own and never read the verdict's); the
    # first verdict writes the verdict's general and entry code, once
    written: list[tuple[bool, bool]] = []
    real = Generator.write

    def write(gen: Generator) -> str:
        written.append((gen.full, gen.entry))
        return real(gen)

    monkeypatch.setattr(Generator, "write", write)
    r = rubric(leaf("a", 1), group("g", leaf("g.1", 2), direct("g.2", 3)))
    answers = {"a": True, "g.1": False, "g.2": 2}
    reference = r.evaluate(answers, engine="reference")
    fast = fast_of(r)
    assert written == []
    expected = (reference.total, reference.certified, reference.tier)
    assert fast.verdict(answers, {}, False) == expected
    assert written == [(False, False), (False, True)]
    assert fast.verdict({"a": False, "g.1": True, "g.2": 1}, {}, False) is not None
    assert len(written) == 2


def test_a_verdict_the_generator_refuses_on_first_use_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the verdict's code written on first use: a generator refusing it then (Unsupported)
    # makes the verdict fall back, as a compile failure does; the reference decides
    real = Generator.write

    def write(gen: Generator) -> str:
        if not gen.full:
            raise Unsupported("refused on first use")
        return real(gen)

    monkeypatch.setattr(Generator, "write", write)
    r = rubric(leaf("a", 1), leaf("b", 2))
    fast = fast_of(r)
    with pytest.raises(Fallback):
        fast.verdict({"a": True, "b": False}, {}, False)
    with pytest.raises(Fallback):
        fast.verdict({"a": True, "b": False}, {}, False)
    reference = r.evaluate({"a": True, "b": False}, engine="reference")
    for _ in range(20):  # past the reference's first calls
        assert r.verdict({"a": True, "b": False}).total == reference.total


def test_reading_the_source_writes_the_full_scorer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    r = rubric(leaf("a", 1), leaf("b", 2))
    fast = fast_of(r)
    source = fast.source
    assert source.count("def full(") == 2  # general and entry
    written: list[bool] = []
    real = Generator.write

    def write(gen: Generator) -> str:
        written.append(gen.full)
        return real(gen)

    monkeypatch.setattr(Generator, "write", write)
    assert fast.result({"a": True, "b": True}, {}, False, None, None).total == 3
    assert written == []  # written already, when the source was read


def test_provisional_groups_scored_directly_or_left_out_say_so() -> None:
    """The general breakdown (a group scored directly) of a provisional group given a score,
    and of a provisional group left out by N/A."""
    modelled = {"provisional": True, "note": "modelled"}
    r = rubric(
        leaf("a", 1),
        group("h", leaf("h.1", 4), direct=True, max=4, **modelled),
        group("g", leaf("g.1", 2, na=NA), leaf("g.2", 2, na=NA), **modelled),
    )
    fast = fast_of(r)
    given = {"a": True, "h": 3, "g.1": "na", "g.2": "na"}
    result = fast.result(given, {}, False, None, None)
    assert result.to_json() == r.evaluate(given, engine="reference").to_json()
    h, g = result.nodes["h"], result.nodes["g"]
    assert (h.status, h.score, h.provisional) == ("direct", F(3), True)
    assert (g.status, g.score, g.provisional) == ("excluded", F(0), True)


def test_a_provisional_group_left_out_says_so_in_the_generated_breakdown() -> None:
    modelled = {"provisional": True, "note": "modelled"}
    r = rubric(leaf("a", 1), group("g", leaf("g.1", 2, na=NA), leaf("g.2", 2, na=NA), **modelled))
    fast = fast_of(r)
    given = {"a": True, "g.1": "na", "g.2": "na"}
    result = fast.result(given, {}, False, None, None)
    assert result.to_json() == r.evaluate(given, engine="reference").to_json()
    g = result.nodes["g"]
    assert (g.status, g.score, g.provisional) == ("excluded", F(0), True)
    assert fast._notes_builder is not None  # (not the general breakdown)


def test_a_float_answer_with_evidence_is_not_remembered_for_its_equal_numbers() -> None:
    """A float is read as its shortest decimal (2**-30: 9.313225746154785e-10), the equal
    Fraction exactly: a float answer with evidence checked in the generated code is never
    remembered, or the Fraction after it would be shown as the float was read (killed
    mutant of ``_make_node``)."""
    r = rubric(direct("a", 5, evidence=["justification"]))
    fast = fast_of(r)
    seen = {"justification": "seen"}
    shown = []
    for value in (2.0**-30, F(1, 2**30)):
        given = {"a": {"value": value, **seen}}
        result = fast.result(given, {}, False, None, None)
        assert result == r.evaluate(given, engine="reference")
        shown.append(result.nodes["a"].answer)
    assert shown == [F(9_313_225_746_154_785, 10**25), F(1, 2**30)]


# --- _maker: a frozen dataclass made without its __init__ -----------------------------------


@dataclass(frozen=True, slots=True)
class _Pair:
    a: int
    b: str = "b"
    c: object = None


@dataclass(frozen=True, slots=True)
class _Checked:
    a: int

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError("negative")


@dataclass(frozen=True)
class _NoSlots:
    a: int


@dataclass(frozen=True, slots=True)
class _Derived:
    a: int
    b: int = field(init=False, default=0)


def test_a_maker_makes_exactly_what_the_class_makes() -> None:
    make = _maker(_Pair)
    assert make is not _Pair  # a twin, not the class
    made = make(1, "x", [2])
    assert type(made) is _Pair
    assert (made.a, made.b, made.c) == (1, "x", [2])
    assert made == _Pair(1, "x", [2])
    assert make(2) == _Pair(2) == _Pair(2, "b", None)  # the plain defaults left out
    assert make(3, "b", 4) == _Pair(3, "b", 4)
    with pytest.raises(FrozenInstanceError):
        made.a = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        make()  # the field with no default is needed
    assert not hasattr(made, "__dict__")
    assert _Pair.__slots__ == ("a", "b", "c")
    # the twin's code runs with no builtins but the one a class statement needs
    sandbox = make.__init__.__globals__
    assert sandbox["__builtins__"] == {
        "__build_class__": builtins.__build_class__,
        "__name__": "tiercert",
    }
    assert sandbox["__name__"] == make.__module__ == "tiercert._fast.evaluator"


def test_the_node_maker_makes_node_results() -> None:
    node = evaluator._new_node("a", F(1), F(2), "answered")
    assert type(node) is NodeResult
    assert node == NodeResult("a", F(1), F(2), "answered")
    every = ("a", F(1), F(2), "answered", "levels", "x", True, "d", "g", True, False, "1")
    assert evaluator._new_node(*every) == NodeResult(*every)  # type: ignore[arg-type]
    assert repr(evaluator._new_node(*every)) == repr(NodeResult(*every))  # type: ignore[arg-type]


def test_a_class_a_twin_cannot_make_is_called_as_usual() -> None:
    # a check after __init__, no slots, a field __init__ does not take: the class itself
    assert _maker(_Checked) is _Checked
    assert _maker(_NoSlots) is _NoSlots
    assert _maker(_Derived) is _Derived


# --- what an evaluator writes: the entry scorers and the breakdown, up to a size ------------


def _wide(groups: int) -> Rubric:
    """``groups`` groups of ten criteria: 11 nodes a group."""
    lines = ["format: 1", "id: big", 'version: "1"', "title: Big", "criteria:"]
    for g in range(groups):
        lines += [f"  - id: g{g}", f"    title: G{g}", "    children:"]
        lines += [
            f"      - {{id: g{g}.{i}, title: C{i}, rule: {_KINDS[i % 2]}}}" for i in range(10)
        ]
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 10}]"]
    return tiercert.parse_rubric("\n".join(lines) + "\n")


_KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}]}",
)


@pytest.mark.parametrize(("limit", "entry"), [(22, True), (21, False)])
def test_the_entry_scorers_and_the_breakdown_are_written_up_to_a_size(
    monkeypatch: pytest.MonkeyPatch, limit: int, entry: bool
) -> None:
    # 22 nodes: the entry variants of both scorers and the breakdown (plain, and with notes)
    # up to a limit of 22, only the general scorers past it; the same results either way
    rubric = _wide(2)
    assert len(rubric._plan.nodes) == 22
    monkeypatch.setattr(evaluator, "_ENTRY_LIMIT", limit)
    fast = FastEvaluator(rubric._plan, rubric._info)
    written = re.findall(r"^def (\w+)", fast.source, re.MULTILINE)
    if entry:
        assert written == ["verdict", "verdict", "full", "full", "nodes", "nodes"]
        assert fast._nodes_code.startswith("def nodes")
        assert fast._notes_code.startswith("def nodes")
    else:
        assert written == ["verdict", "full"]
        assert (fast._nodes_code, fast._notes_code) == ("", "")
    assert fast._plain is entry
    answers = {f"g{g}.{i}": (True, "b")[i % 2] for g in range(2) for i in range(10)}
    expected = rubric.evaluate(answers, engine="reference")
    assert fast.result(answers, {}, False, None, None) == expected
    verdict = (expected.total, expected.certified, expected.tier)
    assert fast.verdict(answers, {}, False) == verdict


def test_an_evaluator_for_row_scorers_only_writes_no_scorer() -> None:
    rubric = _wide(1)
    fast = FastEvaluator(rubric._plan, rubric._info, scorers=False)
    assert fast.source == "\n\n"  # the two scorers' code: none
    assert fast._node_keys == []
    assert (fast._nodes_code, fast._notes_code) == ("", "")
    layout = RowLayout({f"g0.{i}": i for i in range(10)}, {}, {}, ())
    scorer = fast.row_scorer(layout, False, is_empty=is_empty, cell_value=cell_value)
    assert scorer is not None
    key, _tops = scorer.score(["yes", "b"] * 5)
    assert scorer.value(key[0]) == 5 * 2 + 5 * Fraction(3, 2)


def test_the_fine_evaluator_for_row_scorers_is_made_once_and_writes_no_scorer() -> None:
    # FastEvaluator.fine_rows: the evaluator of FINE_PLACES places a row scorer with a share
    # not whole at the usual scale is made from; made once, for row scorers only, and none
    # for an evaluator at that scale already
    rubric = _wide(1)
    fast = FastEvaluator(rubric._plan, rubric._info)
    assert fast.numbers.places < FINE_PLACES
    fine = fast.fine_rows()
    assert fine is not None
    assert fine is not fast
    assert (fine.plan, fine.info, fine.numbers.places) == (
        rubric._plan,
        rubric._info,
        FINE_PLACES,
    )
    assert fine.source == "\n\n"  # no verdict or full scorer written
    assert fine._plain is False
    assert fast.fine_rows() is fine  # kept
    assert fast._fine_rows == [fine]
    assert FastEvaluator(rubric._plan, rubric._info, places=FINE_PLACES).fine_rows() is None


@pytest.mark.parametrize("limit", [22, 0])
def test_every_scorer_keeps_typed_answers_in_the_evaluator_s_memos(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # the scorers' memos of typed answers are the evaluator's (with the entry variants, at 22
    # nodes, and without, past the limit): what they read is there, and forgetting empties it
    rubric = _wide(2)
    monkeypatch.setattr(evaluator, "_ENTRY_LIMIT", limit)
    fast = FastEvaluator(rubric._plan, rubric._info)
    ids = [(f"g{g}.{i}", i) for g in range(2) for i in range(10)]
    answers = {key: ("Yes", "B")[i % 2] for key, i in ids}
    expected = rubric.evaluate(answers, engine="reference")
    assert fast.verdict(answers, {}, False) == (expected.total, expected.certified, expected.tier)
    # by criterion id, what each answer reads as; by "<id> typed <evidence>", its points
    read = {key: dict(memo) for key, memo in fast._readings.items() if memo and " " not in key}
    assert read == {key: {"Yes": True} if i % 2 == 0 else {"B": "b"} for key, i in ids}
    points = {key for key, memo in fast._readings.items() if memo and " " in key}
    assert points == {f"{key} typed 0" for key, _ in ids}
    assert fast.result(answers, {}, False, None, None) == expected
    fast.forget()
    # only the points of level ids as written stay (tenth round: TypedReadings.preset)
    assert all(set(memo) == set(memo._preset) for memo in fast._readings.values())
    assert not any(memo for key, memo in fast._readings.items() if " " not in key)


GATED = """
format: 1
id: g
version: "1"
title: G
facts:
  - {id: n, title: N, type: number}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 5}}
  - {id: c, title: C, max: 5, na: {counts_as: excluded}, rule: {kind: count, per_item: 1}}
  - id: lv
    title: LV
    rule: {kind: levels, levels: [{id: x, points: 1}, {id: y, points: 1}, {id: z, points: 2}]}
gates:
  - {id: by_fact, title: By fact, require: {fact: n, at_least: 5}}
  - id: by_c
    title: By C
    require: {all: [{score: c, at_least: 2}, {fact: n, at_least: 5}]}
  - {id: by_lv, title: By level, require: {answer: lv, equals: z}}
tiers:
  - {id: t, label: T, rank: 1, min: 1}
"""


def test_failed_gates_are_explained_again_for_each_value_they_read() -> None:
    # the reasons are remembered by what the gates read: a fact's value, a criterion left
    # out by N/A or scored 0 (a condition on it holds, or says its score), an answer (two
    # levels of the same points) are part of the key, so each is explained as the reference
    # explains it
    rubric = tiercert.parse_rubric(GATED)
    fast = fast_of(rubric)
    for answers, facts in [
        ({"a": True, "c": 1, "lv": "x"}, {"n": 3}),
        ({"a": True, "c": 1, "lv": "x"}, {"n": 4}),
        ({"a": True, "c": "na", "lv": "x"}, {"n": 4}),
        ({"a": True, "c": 0, "lv": "x"}, {"n": 4}),
        ({"a": True, "c": 0, "lv": "y"}, {"n": 4}),
    ]:
        expected = rubric.evaluate(answers, facts=facts, engine="reference")
        assert fast.result(answers, facts, False, None, None).gates == expected.gates


def test_words_for_yes_and_no_in_a_full_result_score_as_the_reference_says() -> None:
    # a word for yes or no in a full result goes through the helpers' table of each yes/no
    # criterion's points for False and for True (plain_booleans), not the reference
    rubric = tiercert.parse_rubric(
        'format: 1\nid: w\nversion: "1"\ntitle: W\ncriteria:\n'
        "  - {id: a, title: A, rule: {kind: boolean, points: 5}}\n"
        "  - {id: b, title: B, max: 5, rule: {kind: count, per_item: 1}}\ntiers: []\n"
    )
    fast = fast_of(rubric)
    for word, points in [("no", 0), ("không", 0), ("0", 0), ("yes", 5), ("có", 5), ("1", 5)]:
        answers = {"a": word, "b": 1}
        result = fast.result(answers, {}, False, None, None)
        assert result == rubric.evaluate(answers, engine="reference")
        assert (result.nodes["a"].score, result.total) == (F(points), F(points + 1)), word


class _UnhashableText(str):
    __hash__ = None  # type: ignore[assignment]


class _UnhashableInt(int):
    __hash__ = None  # type: ignore[assignment]


def test_an_unhashable_answer_the_compiled_rule_accepts_is_built_and_not_kept() -> None:
    # a str or int subclass that cannot be hashed (a library's text type may be one) is read
    # by the compiled rules as its value; the NodeResult built for it cannot be memoised by
    # it (_answered_node's and the breakdown's `except TypeError`), so it is built and not kept
    built = tiercert.parse_rubric(
        """\
format: 1
id: p
version: "1"
title: P
criteria:
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
  - {id: l, title: L, rule: {kind: levels, levels: [{id: good, points: 2}, {id: bad, points: 0}]}}
  - {id: n, title: N, rule: {kind: bands, bands: [{max: 5, points: 0}, {min: 5, points: 1}]}}
tiers: []
"""
    )
    fast = built._fast
    assert fast is not None
    answers: dict[str, object] = {
        "b": _UnhashableText("yes"),
        "l": _UnhashableText("good"),
        "n": _UnhashableInt(7),
    }
    result = fast.result(answers, {}, False, None, None)  # the compiled path: no Fallback
    assert dict(result.nodes) == dict(built.evaluate(answers, engine="reference").nodes)
    assert fast._node_memo == {}  # nothing kept under an unhashable answer
    plain = fast.result({"b": "yes", "l": "good", "n": 7}, {}, False, None, None)
    assert dict(plain.nodes) == dict(result.nodes)
    assert len(fast._node_memo) == 3  # the same answers, hashable: kept
