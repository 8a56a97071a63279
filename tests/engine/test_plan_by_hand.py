"""The plan both evaluators score from (``_compile.py``), held to values worked out by hand.

Both evaluators read the same plan, so the comparison of the two (test_fast_equivalence.py)
cannot see a mistake in it: a maximum, a rounding, a default or a flag compiled wrongly is
wrong in both.  These examples build plans from small rubrics and spell out every field.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from test_shared_helpers import direct, group, leaf, rubric

from tiercert import Rubric, _compile
from tiercert._compile import (
    GroupPlan,
    LeafPlan,
    Logic,
    Plan,
    answerable,
    compile_rubric,
    descendants,
)
from tiercert._evidence import DEFAULT_RULES
from tiercert._kinds import ROOT_ID
from tiercert._numbers import RoundingMode

F = Fraction
UP, DOWN = RoundingMode.HALF_UP, RoundingMode.DOWN


def plan_of(r: Rubric, as_of: date | None = None) -> Plan:
    return compile_rubric(r.parts, as_of)


def test_a_tree_compiled_by_hand() -> None:
    r = rubric(
        group(
            "g",
            leaf("g.1", 2, weight=3),
            direct("g.2", 4, round={"places": 1, "mode": "down"}),
            leaf("g.3", "1.5", bonus=True),
            leaf("g.4", 1, penalty=True),
            bonus_cap="1.25",
            incomplete_cap="2.5",
            penalty_cap=1,
            aggregate="sum",
            provisional=True,
        ),
        group("h", leaf("h.1", 1), leaf("h.2", 3), top=1, max=2, direct=True,
              round={"places": 1, "mode": "down"}),
        leaf("k", 1, provisional=True, na={"counts_as": "excluded", "evidence": ["url"]},
             evidence=["justification"]),
        round={"places": 2, "mode": "down"},
        rounding={
            "leaves": {"places": 0, "mode": "half_up"},
            "groups": {"places": 3, "mode": "half_up"},
            "total": {"places": 1, "mode": "down"},
            "percentage": {"places": 2, "mode": "half_up"},
        },
        scoring={"missing": "zero"},
    )  # fmt: skip
    plan = plan_of(r)
    root = plan.root
    assert list(plan.nodes) == ["g", "g.1", "g.2", "g.3", "g.4", "h", "h.1", "h.2", "k"]
    assert [n.id for n in descendants(root)] == list(plan.nodes)
    assert plan.parents == {
        "g": ROOT_ID, "g.1": "g", "g.2": "g", "g.3": "g", "g.4": "g",
        "h": ROOT_ID, "h.1": "h", "h.2": "h", "k": ROOT_ID,
    }  # fmt: skip
    # the root: 9 = g 6 (2 + 4, its bonus and penalty apart) + h 2 (declared) + k 1
    assert (root.id, root.max, root.bonus_max, root.round) == (ROOT_ID, F(9), F(0), (2, DOWN))
    assert (root.direct, root.provisional, root.top) == (False, False, None)
    assert root.children == (plan.nodes["g"], plan.nodes["h"], plan.nodes["k"])
    assert (root.bonus, root.penalty, root.waiting) == ((False,) * 3,) * 3
    assert root.weights == (F(0),) * 3
    assert (root.bonus_cap, root.incomplete_cap, root.penalty_cap) == (None, None, None)
    g = plan.nodes["g"]
    assert isinstance(g, GroupPlan)
    # base 2 + 4; the bonus 1.5 capped at 1.25
    assert (g.max, g.bonus_max, g.full_max) == (F(6), F(5, 4), F(29, 4))
    assert (g.bonus_cap, g.incomplete_cap, g.penalty_cap) == (F(5, 4), F(5, 2), F(1))
    assert (g.round, g.direct, g.provisional, g.top) == ((3, UP), False, True, None)
    assert g.aggregate.name == "sum"
    assert g.weights == (F(3), F(0), F(0), F(0))
    assert g.bonus == (False, False, True, False)
    assert g.penalty == (False, False, False, True)
    assert g.waiting == (False,) * 4
    assert (g.base_count, g.has_penalties) == (2, True)
    h = plan.nodes["h"]
    assert isinstance(h, GroupPlan)
    assert (h.max, h.bonus_max, h.top, h.direct, h.provisional) == (F(2), F(0), 1, True, False)
    assert (h.base_count, h.has_penalties, h.round) == (2, False, (1, DOWN))  # its own
    g1, g2, k = plan.nodes["g.1"], plan.nodes["g.2"], plan.nodes["k"]
    assert isinstance(g1, LeafPlan)
    assert isinstance(g2, LeafPlan)
    assert isinstance(k, LeafPlan)
    assert (g1.max, g1.round, g1.provisional, g1.na, g1.answered) == (
        F(2),
        (0, UP),
        False,
        None,
        True,
    )
    assert (g2.max, g2.round, g2.kind.name, g2.grouped) == (F(4), (1, DOWN), "direct", False)
    assert (k.max, k.provisional, k.na, k.na_evidence, k.evidence) == (
        F(1), True, "excluded", ("url",), ("justification",)
    )  # fmt: skip
    assert (k.when, k.answer_from, k.evidence_rules, k.is_group) == (
        None,
        None,
        DEFAULT_RULES,
        False,
    )
    assert [n.id for n in answerable(root)] == ["g.1", "g.2", "g.3", "g.4", "h.1", "h.2", "k"]
    assert [n.id for n in answerable(root, {"h"})] == ["g.1", "g.2", "g.3", "g.4", "k"]
    assert plan.missing_is_zero is True
    assert (plan.total_round, plan.percentage_round) == ((1, DOWN), (2, UP))
    assert (plan.facts, plan.gates, plan.tiers, plan.readers) == ({}, (), (), {})
    assert (plan.as_of, plan.future, plan.waiting_gates) == (None, {}, ())


def test_no_rounding_and_missing_answers_unanswered() -> None:
    plan = plan_of(rubric(group("g", leaf("g.1", 1)), leaf("k", 2)))
    assert (plan.root.round, plan.total_round, plan.percentage_round) == (None, None, None)
    assert plan.missing_is_zero is False
    g, k = plan.nodes["g"], plan.nodes["k"]
    assert (g.round, k.round, plan.nodes["g.1"].round) == (None, None, None)
    assert (plan.root.max, g.max) == (F(3), F(1))


def test_a_group_of_nothing_but_a_bonus_has_a_base_of_zero() -> None:
    plan = plan_of(rubric(group("g", leaf("g.1", 2, bonus=True)), leaf("k", 1)))
    g = plan.nodes["g"]
    assert isinstance(g, GroupPlan)
    assert (g.max, g.bonus_max, g.base_count, g.has_penalties) == (F(0), F(2), 0, False)


def test_facts_tiers_and_gates_compiled_by_hand() -> None:
    r = rubric(
        leaf("a", 1),
        {"id": "b", "title": "b", "rule": {"kind": "condition", "points": 2,
                                           "when": {"answer": "a", "equals": "yes"}}},
        facts=[
            {"id": "ok", "title": "ok", "type": "boolean", "default": "no"},
            {"id": "n", "title": "n", "type": "number", "default": 1.5},
            {"id": "c", "title": "c", "type": "choice", "options": ["x", "y"], "default": "y"},
            {"id": "t", "title": "t", "type": "text", "default": "no"},
            {"id": "u", "title": "u", "type": "boolean"},
        ],
        gates=[
            {"id": "g1", "title": "g1", "require": {"fact": "ok", "equals": "yes"},
             "tiers": ["hi", "lo", "hi"], "provisional": True},
            {"id": "g2", "title": "g2",
             "require": {"any": [{"fact": "t", "equals": "no"}, {"answer": "a", "equals": "no"}]}},
        ],
        tiers=[
            {"id": "lo", "label": "L", "rank": 1, "min": 1, "certified": False,
             "provisional": True},
            {"id": "hi", "label": "H", "rank": 2, "min": "2.5", "requires_lower": False},
        ],
    )  # fmt: skip
    plan = plan_of(r)
    facts = plan.facts
    assert list(facts) == ["ok", "n", "c", "t", "u"]
    assert [f.id for f in facts.values()] == ["ok", "n", "c", "t", "u"]
    assert (facts["ok"].type, facts["ok"].options, facts["ok"].default) == ("boolean", (), False)
    assert facts["n"].default == F(3, 2)
    assert isinstance(facts["n"].default, Fraction)
    assert (facts["c"].options, facts["c"].default) == (("x", "y"), "y")
    assert (facts["t"].default, facts["u"].default) == ("no", None)  # text stays text
    hi, lo = plan.tiers[1], plan.tiers[0]
    assert [t.id for t in plan.tiers] == ["lo", "hi"]
    assert (lo.rank, lo.min, lo.certified, lo.requires_lower, lo.provisional) == (
        1, F(1), False, True, True
    )  # fmt: skip
    assert (hi.rank, hi.min, hi.certified, hi.requires_lower, hi.provisional) == (
        2, F(5, 2), True, False, False
    )  # fmt: skip
    g1, g2 = plan.gates
    assert (g1.id, g1.tiers, g1.listed, g1.provisional) == (
        "g1",
        frozenset({"hi", "lo"}),
        ("hi", "lo"),
        True,
    )
    assert (g2.id, g2.tiers, g2.listed, g2.provisional) == ("g2", None, None, False)
    # 'yes' and 'no' compared to a boolean fact or a yes/no answer are read as True and False;
    # compared to a text fact they stay text
    assert isinstance(g1.when, _compile.Test)
    assert (g1.when.subject, g1.when.target, g1.when.operators) == (
        "fact",
        "ok",
        (("equals", True),),
    )
    assert isinstance(g2.when, Logic)
    assert g2.when.op == "any"
    t, a = g2.when.items
    assert isinstance(t, _compile.Test)
    assert isinstance(a, _compile.Test)
    assert (t.target, t.operators, a.target, a.operators) == (
        "t", (("equals", "no"),), "a", (("equals", False),)
    )  # fmt: skip
    b = plan.nodes["b"]
    assert isinstance(b, LeafPlan)
    assert isinstance(b.when, _compile.Test)
    assert (b.when.subject, b.when.target, b.when.operators) == ("answer", "a", (("equals", True),))
    assert (b.answered, b.max) == (False, F(2))
    assert [n.id for n in answerable(plan.root)] == ["a"]
    assert plan.waiting_gates == ()


def linear(nid: str, **range_: Any) -> dict[str, Any]:
    rule = {"kind": "linear", "start": {"value": 0, "points": 0},
            "end": {"value": 1, "points": 1}, "range": range_}  # fmt: skip
    return {"id": nid, "title": nid, "rule": rule}


def test_which_answers_may_be_written_with_thousands_by_hand() -> None:
    # text like 1.500 may mean 1500 where a rule takes numbers of 1000 or more in size
    count = {"id": "n", "title": "n", "rule": {"kind": "count", "per_item": 1}, "max": 5000}
    plan = plan_of(
        rubric(
            direct("d999", 999), direct("d1000", 1000), leaf("b", 1), count,
            linear("low", min=-1000, max=0), linear("narrow", min=-999, max=999),
            linear("open_high", min=-5), linear("open_low", max=5),
        )
    )  # fmt: skip
    grouped = {k: n.grouped for k, n in plan.nodes.items() if isinstance(n, LeafPlan)}
    assert grouped == {
        "d999": False, "d1000": True, "b": False, "n": False,  # count: whole numbers, refused
        "low": True, "narrow": False, "open_high": True, "open_low": True,
    }  # fmt: skip


def test_answers_read_twice_and_evidence_rules_by_hand() -> None:
    strict = {"justification": {"min_length": 10}}
    looser = {"justification": {"min_length": 3}}
    bands = {"kind": "bands", "range": {"min": 0, "max": 10},
             "bands": [{"max": 5, "points": 1}, {"min": 5, "points": 2}]}  # fmt: skip
    r = rubric(
        {"id": "s", "title": "s", "rule": bands},
        {"id": "s2", "title": "s2", "answer_from": "s", "rule": bands},
        {"id": "s3", "title": "s3", "answer_from": "s", "rule": bands},
        leaf("y", 1, evidence_rules=looser),
        leaf("y2", 1, answer_from="y"),
        {"id": "c", "title": "c", "rule": {"kind": "condition", "points": 1, "when": {"all": [
            {"answer": "y2", "equals": "yes"}, {"not": {"answer": "y", "equals": "no"}},
            {"answer": "s", "in": [1, 2]},
        ]}}},
        evidence_rules=strict,
    )  # fmt: skip
    plan = plan_of(r)
    s2, s3, y2 = plan.nodes["s2"], plan.nodes["s3"], plan.nodes["y2"]
    assert plan.readers == {"s": (s2, s3), "y": (y2,)}
    assert isinstance(s2, LeafPlan)
    assert (s2.answer_from, s2.answered) == ("s", False)
    assert [n.id for n in answerable(plan.root)] == ["s", "y"]
    assert plan.evidence_rules.min_length == 10
    rules = {
        k: n.evidence_rules.min_length for k, n in plan.nodes.items() if isinstance(n, LeafPlan)
    }
    assert rules == {"s": 10, "s2": 10, "s3": 10, "y": 3, "y2": 10, "c": 10}
    c = plan.nodes["c"]
    assert isinstance(c, LeafPlan)
    assert isinstance(c.when, Logic)
    assert c.when.op == "all"
    on_y2, not_y, on_s = c.when.items
    assert isinstance(on_y2, _compile.Test)
    assert isinstance(not_y, Logic)
    assert isinstance(on_s, _compile.Test)
    # y2 reads y's yes/no answer: 'yes' is True there too; s's numbers stay numbers
    assert (on_y2.target, on_y2.operators) == ("y2", (("equals", True),))
    (on_y,) = not_y.items
    assert isinstance(on_y, _compile.Test)
    assert not_y.op == "not"
    assert (on_y.target, on_y.operators) == ("y", (("equals", False),))
    assert (on_s.target, on_s.operators) == ("s", (("in", (F(1), F(2))),))
    assert all(type(v) is Fraction for v in on_s.operators[0][1])  # type: ignore[union-attr]
    assert _compile.reads(c.when, plan) == {"y", "y2", "s"}


def test_future_criteria_and_the_gates_that_wait_for_them_by_hand() -> None:
    r = rubric(
        leaf("a", 1),
        leaf("f", 2, status="future", counts_from="2.0"),
        leaf("d", 4, status="future", counts_from="2026-01-01"),
        version="1.0",
        gates=[
            {"id": "k", "title": "k", "require": {"answer": "f", "equals": True}},
            {"id": "m", "title": "m", "require": {"answer": "a", "equals": True}},
            {"id": "j", "title": "j", "require": {"score": "d", "at_least": 1}},
        ],
    )  # fmt: skip
    plan = plan_of(r)
    assert plan.future == {"f": (False, "2.0"), "d": (False, "2026-01-01")}
    assert [g.id for g in plan.gates] == ["m"]
    assert [g.id for g in plan.waiting_gates] == ["k", "j"]
    assert (plan.root.waiting, plan.root.max, plan.root.base_count) == (
        (False, True, True),
        F(1),
        1,
    )
    later = plan_of(r, date(2026, 6, 1))
    assert later.as_of == date(2026, 6, 1)
    assert later.future == {"f": (False, "2.0"), "d": (True, "2026-01-01")}
    assert [g.id for g in later.gates] == ["m", "j"]
    assert [g.id for g in later.waiting_gates] == ["k"]
    assert (later.root.waiting, later.root.max) == ((False, True, False), F(5))


def test_what_a_condition_reads_by_hand() -> None:
    r = rubric(
        group("g", leaf("g.1", 1), leaf("g.2", 1)),
        leaf("a", 1),
        facts=[{"id": "ok", "title": "ok", "type": "boolean"}],
        gates=[
            {"id": "f", "title": "f", "require": {"fact": "ok", "equals": True}},
            {"id": "e", "title": "e",
             "require": {"each_child_of": "g", "measure": "score", "at_least": 1}},
            {"id": "s", "title": "s", "require": {"any": [
                {"percent": "a", "at_least": 50}, {"not": {"fact": "ok", "equals": False}}]}},
        ],
    )  # fmt: skip
    plan = plan_of(r)
    f, e, s = (_compile.reads(g.when, plan) for g in plan.gates)
    # a fact is no criterion; each child of g is read, and g itself
    assert (f, e, s) == (set(), {"g", "g.1", "g.2"}, {"a"})


def test_yes_and_no_read_in_lists_and_what_is_no_flag_kept_as_written() -> None:
    r = rubric(
        leaf("a", 1),
        gates=[{"id": "k", "title": "k", "require": {"answer": "a", "in": ["yes", "no"]}}],
    )
    (gate,) = plan_of(r).gates
    assert isinstance(gate.when, _compile.Test)
    assert (gate.when.operators, gate.when.measure) == ((("in", (True, False)),), "percent")
    # what does not read as yes or no (the checks refuse it in a rubric) stays as written
    kind = gate.when.kind
    written = _compile.Test(kind, "a", (("equals", "na"), ("in", ("n/a", F(1)))), "score")
    read = _compile._flags_read(written, {("answer", "a")})
    assert read == _compile.Test(kind, "a", (("equals", "na"), ("in", ("n/a", F(1)))), "score")
    assert isinstance(read, _compile.Test)
    assert type(read.operators[1][1][1]) is Fraction  # type: ignore[index]
    assert _compile._flags_read(written, {("answer", "b")}) is written


def test_each_leaf_s_rule_parameters_by_hand() -> None:
    levels = {"kind": "levels", "levels": [{"id": "low", "points": 1},
              {"id": "high", "points": 2, "evidence": ["url"]}]}  # fmt: skip
    lv = {"id": "lv", "title": "lv", "rule": levels, "evidence": ["justification"]}
    plan = plan_of(rubric(leaf("b", "2.5"), direct("d", 4), lv))
    b, d, lv_plan = plan.nodes["b"], plan.nodes["d"], plan.nodes["lv"]
    assert isinstance(b, LeafPlan)
    assert isinstance(d, LeafPlan)
    assert isinstance(lv_plan, LeafPlan)
    assert (b.params.points, d.params.high) == (F(5, 2), F(4))
    # a level without evidence of its own needs the criterion's
    assert lv_plan.params.levels == {"low": (F(1), ("justification",)), "high": (F(2), ("url",))}


def test_a_future_bonus_adds_nothing_to_the_maximum_yet() -> None:
    r = rubric(
        group(
            "g",
            leaf("g.1", 2),
            leaf("g.2", 1, bonus=True, status="future", counts_from="2.0"),
            leaf("g.3", 3, bonus=True),
        ),
        version="1.0",
    )
    g = plan_of(r).nodes["g"]
    assert isinstance(g, GroupPlan)
    assert (g.max, g.bonus_max, g.waiting, g.base_count) == (F(2), F(3), (False, True, False), 1)


def test_levels_spelt_yes_and_no_stay_text() -> None:
    # only true-or-false subjects read 'yes' as True: a level may be called 'no'
    levels = {"kind": "levels", "levels": [{"id": "yes", "points": 1}, {"id": "no", "points": 0}]}
    when = {"answer": "lv", "equals": "no"}
    r = rubric(
        {"id": "lv", "title": "lv", "rule": levels},
        {"id": "c", "title": "c", "rule": {"kind": "condition", "points": 1, "when": when}},
        gates=[{"id": "k", "title": "k", "require": {"answer": "lv", "in": ["yes"]}}],
    )
    plan = plan_of(r)
    c = plan.nodes["c"]
    assert isinstance(c, LeafPlan)
    assert isinstance(c.when, _compile.Test)
    assert c.when.operators == (("equals", "no"),)
    (gate,) = plan.gates
    assert isinstance(gate.when, _compile.Test)
    assert gate.when.operators == (("in", ("yes",)),)
