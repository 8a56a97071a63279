"""Property tests: invariants of evaluation over random rubrics and answers (tests/strategies).

The invariants are checked on the reference evaluator, which defines the semantics; the fast
evaluator is compared with it in test_fast_equivalence.py (with the same strategies).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from oracle import node_maximum, waiting_of
from strategies import (
    answers_for,
    improved,
    reordered,
    reordered_answers,
    rubric_and_answers,
    rubrics,
)
from tiercert import Assessment, AssessmentError, Result, Rubric, parse_rubric
from tiercert.model import GroupFields, Node
from tiercert.rubric import CheckReport, check_source

REF: Literal["reference"] = "reference"


def _rank(result: Result) -> int:
    return result.tier.rank if result.tier is not None else 0


def _scores(result: Result) -> dict[str, tuple[Fraction, str]]:
    return {nid: (node.score, node.status) for nid, node in result.nodes.items()}


@given(rubric_and_answers())
def test_every_node_stays_within_zero_and_its_max(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    result = rubric.evaluate(assessment, engine=REF)
    for node in result.nodes.values():
        assert 0 <= node.score <= node.max, node
    assert 0 <= result.total <= result.max + result.bonus_max
    assert result.percentage >= 0
    assert result.certified == (result.tier is not None and result.tier.certified)


def _plain_sum_groups(rubric: Rubric) -> list[tuple[str, GroupFields, list[Node]]]:
    """Groups whose score must be exactly the capped sum of their children's scores."""
    spec = rubric.spec
    if spec.rounding.groups is not None:
        return []
    found: list[tuple[str, GroupFields, list[Node]]] = []
    if spec.rounding.total is None:
        found.append(("@criteria", spec, spec.criteria))
    for nid, _, node in rubric.iter_nodes():
        if node.children is not None and node.round is None:
            found.append((nid, node, node.children))
    return [
        (gid, group, children)
        for gid, group, children in found
        if group.aggregate == "sum" and group.top is None and group.incomplete_cap is None
    ]


@given(rubric_and_answers())
def test_a_sum_group_is_the_capped_sum_of_its_children(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    result = rubric.evaluate(assessment, engine=REF)
    waiting = waiting_of(rubric)  # future criteria not counted yet: scored, left out
    for gid, group, children in _plain_sum_groups(rubric):
        if gid == "@criteria":
            score, maximum = Fraction(result.total), Fraction(result.max)
        else:
            node = result.nodes.get(gid)
            if node is None or node.status in ("direct", "excluded"):
                continue
            score = Fraction(node.score)
            maximum = node_maximum(group, None, waiting)
        children = [c for c in children if c.id not in waiting]
        kept = [c for c in children if result.nodes[c.id].status != "excluded"]
        base = [c for c in kept if not (c.bonus or c.penalty)]
        if not base and any(not (c.bonus or c.penalty) for c in children):
            # every base child N/A: the group is not applicable, its bonus with it (concepts.md);
            # only the top level is still reported, as a total of 0
            assert gid == "@criteria"
            assert score == 0, gid
            continue
        base_sum = sum((Fraction(result.nodes[c.id].score) for c in base), Fraction(0))
        if len(base) < sum(1 for c in children if not (c.bonus or c.penalty)):
            # N/A children are left out: what is left is rescaled to the group's maximum
            reach = sum((node_maximum(c, None, waiting) for c in base), Fraction(0))
            base_sum = base_sum * maximum / reach if reach else Fraction(0)
        bonus_sum = sum((Fraction(result.nodes[c.id].score) for c in kept if c.bonus), Fraction(0))
        if group.bonus_cap is not None:
            bonus_sum = min(bonus_sum, Fraction(group.bonus_cap))
        # penalties are taken after the caps, never below 0 (authoring.md, "Penalties")
        taken = sum((Fraction(result.nodes[c.id].score) for c in kept if c.penalty), Fraction(0))
        if group.penalty_cap is not None:
            taken = min(taken, Fraction(group.penalty_cap))
        positive = min(base_sum, maximum) + bonus_sum
        assert score == max(Fraction(0), positive - taken), gid  # results are exact


@given(st.data())
def test_a_better_answer_never_lowers_the_total_or_the_tier(data: st.DataObject) -> None:
    rubric = data.draw(rubrics(monotone=True), label="rubric")
    before = data.draw(answers_for(rubric), label="before")
    after = data.draw(improved(rubric, before), label="after")
    worse, better = rubric.evaluate(before, engine=REF), rubric.evaluate(after, engine=REF)
    assert better.total >= worse.total
    assert _rank(better) >= _rank(worse)
    if worse.certified and better.tier is not None and better.tier.rank == _rank(worse):
        assert better.certified


@given(st.data())
def test_evaluation_does_not_depend_on_the_order_of_criteria_or_answers(
    data: st.DataObject,
) -> None:
    rubric, assessment = data.draw(rubric_and_answers(), label="rubric and answers")
    shuffled_rubric = data.draw(reordered(rubric), label="reordered rubric")
    shuffled_answers = data.draw(reordered_answers(assessment), label="reordered answers")
    first = rubric.evaluate(assessment, engine=REF)
    second = shuffled_rubric.evaluate(shuffled_answers, engine=REF)
    assert second.total == first.total
    assert second.percentage == first.percentage
    assert second.tier == first.tier
    assert second.certified == first.certified
    assert _scores(second) == _scores(first)
    assert {g.id: g.passed for g in second.gates} == {g.id: g.passed for g in first.gates}
    # blocking gates are listed in the rubric's gate order, which was shuffled too
    if first.next_tier is None or second.next_tier is None:
        assert first.next_tier == second.next_tier
    else:
        assert second.next_tier.tier == first.next_tier.tier
        assert second.next_tier.points_needed == first.next_tier.points_needed
        assert sorted(second.next_tier.blocking_gates) == sorted(first.next_tier.blocking_gates)


@given(rubric_and_answers())
def test_a_rubric_dumped_to_yaml_loads_and_evaluates_the_same(
    pair: tuple[Rubric, Assessment],
) -> None:
    rubric, assessment = pair
    again = parse_rubric(rubric.to_yaml()).at(rubric.as_of)  # the same day
    assert again.fingerprint == rubric.fingerprint
    assert again.spec == rubric.spec
    assert (
        again.evaluate(assessment, engine=REF).to_dict()
        == rubric.evaluate(assessment, engine=REF).to_dict()
    )


@given(rubric_and_answers())
def test_result_json_is_deterministic(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    result = rubric.evaluate(assessment, engine=REF)
    text = result.to_json()
    assert rubric.evaluate(assessment, engine=REF).to_json() == text
    assert json.loads(text) == result.to_dict()
    assert '"total": "' in text  # exact numbers are written as strings, never as floats


# --- anything in, a report or our own error out -----------------------------------------------

_YAML_WORDS = st.sampled_from(
    [
        "format: 1",
        "id: x",
        "version: '1'",
        "title: T",
        "criteria:",
        "  - id: a",
        "    title: A",
        "    rule: {kind: boolean, points: 5}",
        "    children: []",
        "tiers: [{id: t, label: T, rank: 1, min: 3}]",
        "gates: [{id: k, title: K, require: {score: a, at_least: 9}}]",
        "&a [*a]",
        "- [",
        "max: .nan",
        "  bands: [{min: 1, max: 0, points: 2}]",
        "!!python/object:os.system",
        "\t",
        "? [a]\n: b",
        "a: 1\na: 2",
        "---",
        "đạt: có",
    ]
)


@settings(max_examples=100)
@given(
    st.one_of(
        st.text(),
        st.binary(),
        st.lists(_YAML_WORDS, max_size=12).map("\n".join),
    )
)
def test_check_source_on_any_text_returns_a_report(source: str | bytes) -> None:
    report = check_source(source, file="fuzz.yaml")
    assert isinstance(report, CheckReport)
    for problem in report.problems:
        assert problem.message
        assert problem.code
        assert problem.format().startswith("fuzz.yaml")


@settings(max_examples=100)
@given(st.data())
def test_check_source_on_a_damaged_rubric_returns_a_report(data: st.DataObject) -> None:
    rubric = data.draw(rubrics(max_depth=2, max_children=3), label="rubric")
    lines = rubric.to_yaml().splitlines()
    for _ in range(data.draw(st.integers(1, 3), label="damages")):
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        how = data.draw(st.sampled_from(["drop", "dedent", "retype", "duplicate"]), label="how")
        if how == "drop":
            del lines[i]
        elif how == "dedent":
            lines[i] = lines[i].lstrip()
        elif how == "retype" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {data.draw(st.sampled_from(['[]', '{}', 'x', '-1', 'null']))}"
        else:
            lines.insert(i, lines[i])
        if not lines:
            break
    report = check_source("\n".join(lines), file="damaged.yaml")
    assert isinstance(report, CheckReport)
    if report.ok():
        parse_rubric("\n".join(lines))  # a clean report means the rubric loads


_ANY_VALUE: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.decimals(allow_nan=True, allow_infinity=True, places=2),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["na", "N/A", "yes", "có", "2/3", "1e3", "good"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["value", "justification", "url", "x"]), st.text(max_size=3)),
)


@settings(max_examples=100)
@given(st.data(), st.sampled_from(["fast", "reference"]))
def test_any_answers_give_a_result_or_an_assessment_error(
    data: st.DataObject, engine: Literal["fast", "reference"]
) -> None:
    rubric = data.draw(rubrics(max_depth=2, max_children=3), label="rubric")
    ids = [nid for nid, _, _ in rubric.iter_nodes()] + [f.id for f in rubric.spec.facts]
    keys = st.one_of(st.sampled_from(ids), st.text(max_size=4))
    answers = data.draw(st.dictionaries(keys, _ANY_VALUE, max_size=8), label="answers")
    facts = data.draw(st.dictionaries(keys, _ANY_VALUE, max_size=3), label="facts")
    problems = []
    try:
        result = rubric.evaluate(answers, facts=facts, missing="zero", engine=engine)
    except AssessmentError as exc:
        problems = exc.problems
    else:
        assert 0 <= result.total <= result.max + result.bonus_max
        return
    assert problems
    for problem in problems:
        assert problem.message
        assert problem.code.startswith(("answer.", "fact."))
