"""Every registered kind is covered everywhere: the model's unions, the light schema, the JSON
Schema, the compiled evaluator's allow-list, the test strategies, explain and templates.

A kind is added in one module plus its name in a registry (docs/architecture.md, "Adding a
kind"); these tests fail, naming the gap, when anything that should follow from the registry
does not.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from strategies import rubric_data
from tiercert import _light_schema, model, rubric_from_mapping
from tiercert._fast import build
from tiercert._fast.codegen import _KINDS
from tiercert._kinds import AggregateKind, ConditionKind, RuleKind
from tiercert.aggregates import AGGREGATES
from tiercert.conditions import CONDITIONS
from tiercert.explain import describe_condition, describe_group, describe_rule
from tiercert.rubric import Rubric
from tiercert.rules import RULES
from tiercert.schema import rubric_schema
from tiercert.template import allowed_values, template_entries


def _nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    stack, out = list(data.get("criteria", [])), []
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.get("children") or [])
    return out


def _condition_keys(condition: Any) -> set[str]:
    if not isinstance(condition, dict):
        return set()
    found = {key for key in CONDITIONS if key in condition}
    for key in ("all", "any"):
        for item in condition.get(key) or []:
            found |= _condition_keys(item)
    return found | _condition_keys(condition.get("not"))


def _kinds_in(data: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    """The rule kinds, aggregates and condition keys rubric data uses."""
    nodes = _nodes(data)
    rules = {node["rule"]["kind"] for node in nodes if "rule" in node}
    aggregates = {node.get("aggregate", "sum") for node in nodes if "children" in node}
    aggregates.add(data.get("aggregate", "sum"))
    conditions: set[str] = set()
    for gate in data.get("gates", []):
        conditions |= _condition_keys(gate["require"])
    for node in nodes:
        if node.get("rule", {}).get("kind") == "condition":
            conditions |= _condition_keys(node["rule"]["when"])
    return rules, aggregates, conditions


@functools.cache
def _samples() -> tuple[dict[str, dict[str, Any]], ...]:
    """For each rule kind, aggregate and condition key, the first rubric data the test
    strategies drew that uses it (a fixed seed, generation only: no shrinking)."""
    found: tuple[dict[str, dict[str, Any]], ...] = ({}, {}, {})

    @seed(11)
    @settings(
        max_examples=300,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(rubric_data())
    def draw(data: dict[str, Any]) -> None:
        for names, samples in zip(_kinds_in(data), found, strict=True):
            for name in names:
                samples.setdefault(name, data)

    draw()
    return found


def _with(which: int, name: str) -> dict[str, Any]:
    """Rubric data from the test strategies that uses the kind ``name`` (rule kind,
    aggregate or condition key, by ``which``)."""
    samples = _samples()[which]
    assert name in samples, f"the test strategies never draw {name!r}: add it to strategies.py"
    return samples[name]


def _rubric(data: dict[str, Any]) -> Rubric:
    return rubric_from_mapping(data)


# --- the registries and what derives from them --------------------------------------------------


def test_every_registration_is_of_its_spec() -> None:
    assert all(isinstance(kind, RuleKind) for kind in RULES.values())
    assert all(isinstance(kind, AggregateKind) for kind in AGGREGATES.values())
    assert all(isinstance(kind, ConditionKind) for kind in CONDITIONS.values())
    # results name a leaf's rule kind or a group's aggregate: the names must not collide
    assert not set(RULES) & set(AGGREGATES)


def test_the_models_unions_are_the_registries() -> None:
    rule_union = typing.get_args(typing.get_args(model.Rule)[0])
    assert [typing.get_args(m.model_fields["kind"].annotation)[0] for m in rule_union] == list(
        RULES
    )
    condition_union = typing.get_args(typing.get_args(model.Condition)[0])
    tags = [typing.get_args(member)[1].tag for member in condition_union]
    assert tags == list(CONDITIONS)
    assert typing.get_args(model.Aggregate) == tuple(AGGREGATES)
    assert set(model.RULE_MODELS) == set(RULES)
    assert set(model.CONDITION_MODELS) == set(CONDITIONS)


def test_the_light_schema_and_the_json_schema_know_every_kind() -> None:
    schema = rubric_schema()
    definitions = schema["$defs"]
    for kind in RULES.values():
        name = kind.fields.__name__
        assert issubclass(getattr(_light_schema, name), kind.fields), name
        assert definitions[name]["defaultSnippets"][0]["body"] == dict(kind.example)
        assert definitions[name]["description"], name
    for condition in CONDITIONS.values():
        name = condition.fields.__name__
        assert issubclass(getattr(_light_schema, name), condition.fields), name
        assert definitions[name]["description"], name
    aggregate = definitions["Node"]["properties"]["aggregate"]
    assert aggregate["enum"] == list(AGGREGATES)
    assert all(kind.help.split(":")[0] in aggregate["description"] for kind in AGGREGATES.values())


def test_the_compiled_evaluator_allows_every_registered_kind() -> None:
    assert set(RULES) == _KINDS
    for kind in RULES.values():
        # a number kind without an emitter is scored by the reference, answer by answer
        assert kind.emitter is None or kind.answer == "number", kind.name


# --- every kind in the strategies, compiled, explained and in templates ----------------------


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_kind_is_drawn_compiled_explained_and_templated(name: str) -> None:
    rubric = _rubric(_with(0, name))
    assert build(rubric._plan, rubric._info) is not None, f"{name}: not compiled"
    nodes = [node for _, _, node in rubric.iter_nodes() if getattr(node.rule, "kind", "") == name]
    entries = {entry["id"]: entry for entry in template_entries(rubric)}
    for node in nodes:
        assert describe_rule(node, "en").strip(), name
        assert allowed_values(node, "10").strip(), name
        assert entries[node.id]["allowed"], name
        assert entries[node.id]["computed"] == RULES[name].computed


@pytest.mark.parametrize("name", list(AGGREGATES))
def test_every_aggregate_is_drawn_compiled_and_explained(name: str) -> None:
    data = _with(1, name)
    rubric = _rubric(data)
    assert build(rubric._plan, rubric._info) is not None, f"{name}: not compiled"
    groups = [node for _, _, node in rubric.iter_nodes() if node.children is not None]
    assert all(describe_group(node, "en").strip() for node in groups)


@pytest.mark.parametrize("name", list(CONDITIONS))
def test_every_condition_kind_is_drawn_compiled_and_explained(name: str) -> None:
    rubric = _rubric(_with(2, name))
    assert build(rubric._plan, rubric._info) is not None, f"{name}: not compiled"
    conditions = [gate.require for gate in rubric.spec.gates]
    conditions += [node.rule.when for _, _, node in rubric.iter_nodes() if node.rule is not None
                   and RULES[node.rule.kind].condition is not None]  # fmt: skip
    assert conditions
    assert all(describe_condition(c).strip() for c in conditions)
