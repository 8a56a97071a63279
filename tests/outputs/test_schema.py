"""The JSON Schema for editors: current, valid, helpful, and in step with the models."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from conftest import ROOT, RUBRICS
from tiercert._yaml import load_document
from tiercert.cli import main
from tiercert.model import RubricSpec
from tiercert.rubric import check_source
from tiercert.schema import SCHEMA_FILE, SCHEMA_ID, render_schema, rubric_schema

MODELINE = "# yaml-language-server: $schema=../schema/rubric.schema.json"

# Every part of the format at least once (checked clean with --strict below).
FULL = """\
format: 1
id: full
version: "1"
title: {vi: Đầy đủ, en: Full}
language: vi
issuer: Ủy ban nhân dân tỉnh
authority: Decision 1
description: Every part of the format.
units: communes
sources:
  - {id: src1, title: Decision 1, url: "https://example.org/d1", publisher: X,
     date: "2024-01-01", note: n}
scoring: {missing: zero}
rounding:
  leaves: {mode: half_up, places: 2}
  groups: {mode: half_even, places: 1}
  total: {mode: down, places: 1}
  percentage: {mode: up, places: 0}
facts:
  - {id: disciplined, title: Head disciplined, type: boolean, default: false}
  - {id: kind, title: Kind, type: choice, options: [a, b]}
criteria:
  - id: g1
    title: Group 1
    max: 40
    direct: true
    aggregate: sum
    round: {places: 0}
    children:
      - id: g1.1
        title: A
        description: d
        evidence: [justification]
        rule: {kind: boolean, points: 10}
      - id: g1.2
        title: B
        na: {counts_as: excluded, evidence: [url]}
        rule:
          kind: levels
          levels:
            - {id: good, points: 10, label: Good, evidence: [justification, url]}
            - {id: poor, points: 0}
      - id: g1.3
        title: C
        rule:
          kind: bands
          edges: max_inclusive
          unit: "%"
          range: {min: 0, max: 100}
          bands:
            - {min: 0, max: 50, points: 0, label: low}
            - {min: 50, max: 100, points: 10}
      - id: g1.4
        title: D
        rule:
          kind: linear
          range: {min: 0}
          start: {value: 0, points: 0}
          end: {value: 10, points: 10}
  - id: g2
    title: Group 2
    max: 60
    aggregate: weighted
    incomplete_cap: 59
    provisional: true
    note: modelled on g1
    sources: [src1]
    children:
      - {id: g2.1, title: E, weight: 2, max: 10, rule: {kind: count, per_item: 2.5, max_items: 4}}
      - id: g2.2
        title: F
        weight: 1
        max: 10
        rule: {kind: deduction, per_item: 5, floor: 0, max_items: 10}
      - {id: g2.3, title: G, weight: 1, max: 10, rule: {kind: direct}}
      - id: g2.4
        title: H
        weight: 1
        rule:
          kind: condition
          points: 5
          when:
            all:
              - {percent: g1, at_least: 50}
              - {not: {answer: g1.2, equals: na}}
              - any: [{score: g1.1, above: 0}, {fact: kind, in: [a]}]
  - id: g3
    title: Bonus
    bonus: true
    top: 1
    bonus_cap: 5
    children:
      - {id: g3.1, title: I, bonus: true, rule: {kind: boolean, points: 5}}
      - {id: g3.2, title: J, rule: {kind: boolean, points: 5}}
gates:
  - id: no_discipline
    title: Not disciplined
    fix: Wait a year
    require: {fact: disciplined, equals: false}
  - id: each_half
    title: Each half
    tiers: [t2]
    require: {each_child_of: "@criteria", measure: percent, at_least: 50}
tiers:
  - {id: t1, label: One, rank: 1, min: 50}
  - {id: t2, label: {vi: Hai, en: Two}, rank: 2, min: 80, certified: true,
     requires_lower: true, provisional: true, note: x}
targets:
  - {period: "2025", share: 50, tier: t1}
"""


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(rubric_schema())


def _full() -> dict[str, Any]:
    data = load_document(FULL).data
    assert isinstance(data, dict)
    return data


def test_the_committed_copy_is_current() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render_schema(), (
        f"{SCHEMA_FILE} is out of date with the models; refresh it with "
        "'python tools/regen.py' and commit it"
    )


def test_it_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    schema = rubric_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"]
    assert "tiercert check" in schema["description"]


def _objects(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "(rubric)", schema
    yield from schema["$defs"].items()


def test_every_object_and_key_has_a_description_for_editors() -> None:
    undocumented = [
        f"{name}.{key}" if key else name
        for name, definition in _objects(rubric_schema())
        for key in ["", *definition.get("properties", {})]
        if not (definition if not key else definition["properties"][key]).get("description")
    ]
    assert undocumented == [], "add a description (model.py Field or schema.py tables)"


def test_descriptions_are_plain_text_without_rest_markup() -> None:
    text = render_schema()
    assert "``" not in text


def test_every_rule_kind_has_a_snippet_that_the_models_accept() -> None:
    schema = rubric_schema()
    kinds = []
    for definition in schema["$defs"].values():
        kind = definition.get("properties", {}).get("kind", {}).get("const")
        if kind is None:
            continue
        kinds.append(kind)
        (snippet,) = definition["defaultSnippets"]
        rubric = _full()
        leaf = {"id": "new", "title": "New", "max": 10, "rule": snippet["body"]}
        rubric["criteria"][1]["children"].append({**leaf, "weight": 1})
        RubricSpec.model_validate(rubric)
        assert snippet["body"]["kind"] == kind
    assert len(kinds) >= 8


def test_the_full_example_is_clean_and_matches_the_schema(
    validator: Draft202012Validator,
) -> None:
    report = check_source(FULL, file="full.yaml")
    assert report.ok(strict=True), [p.format() for p in report.problems]
    assert list(validator.iter_errors(_full())) == []


def _shipped_rubrics() -> list[Path]:
    return sorted(RUBRICS.glob("*.yaml"))


@pytest.mark.parametrize("path", _shipped_rubrics(), ids=lambda p: p.name)
def test_shipped_rubrics_match_the_schema_and_point_editors_at_it(
    path: Path, validator: Draft202012Validator
) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE, f"start {path.name} with the line: {MODELINE}"
    assert (path.parent / MODELINE.split("=", 1)[1]).resolve() == (ROOT / SCHEMA_FILE).resolve()
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(load_document(text).data)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (("criteria", 0, "chidren"), [], "Additional properties"),  # a typo
        (("criteria", 0, "children", 0, "rule", "kind"), "bool", "is not valid"),
        (("tiers", 0, "min"), "eighty", "is not valid"),
        (("format",), 2, "was expected"),
        (("criteria", 0, "id"), "g 1", "does not match"),
    ],
)
def test_common_mistakes_are_flagged(
    where: tuple[str | int, ...], value: object, expected: str, validator: Draft202012Validator
) -> None:
    data = _full()
    parent: Any = data
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(expected in m for m in messages), messages


# --- the schema and the models agree on the shape of a rubric ---------------------------------


def _paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


_SCHEMA = rubric_schema()
PATHS = list(_paths(_full()))
VALUES = st.sampled_from(
    [
        True,
        False,
        0,
        1,
        5,
        Decimal("-1.5"),
        Decimal("2.5"),
        "12.5",
        "text",
        "x y",
        "sum",
        "percent",
        "na",
        None,
        [],
        ["a"],
        {},
        {"zz": 1},
        {"vi": "Tên", "en": "Name"},
    ]
)
MUTATIONS = st.one_of(
    st.tuples(st.just("delete"), st.none()),
    st.tuples(st.just("add key"), st.none()),
    st.tuples(st.just("set"), VALUES),
)


def _loose(value: object) -> bool:
    # pydantic's lax mode reads 0/1 as booleans and true/false as 1/0; the schema asks authors
    # for the proper type, which is stricter but never wrong
    return isinstance(value, bool) or (isinstance(value, int) and value in (0, 1))


@given(path=st.sampled_from(PATHS), mutation=MUTATIONS)
@example(path=("criteria",), mutation=("delete", None))
@example(path=("criteria",), mutation=("set", []))
@example(path=("tiers", 0, "min"), mutation=("set", Decimal("-1.5")))  # found by a full run
def test_schema_and_models_accept_the_same_shapes(
    path: tuple[str | int, ...], mutation: tuple[str, object]
) -> None:
    validator = Draft202012Validator(_SCHEMA)
    data = copy.deepcopy(_full())
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    action, value = mutation
    if action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "add key" and isinstance(parent, dict):
        parent["unknown_key"] = 1
    else:
        parent[path[-1]] = value
    schema_ok = validator.is_valid(data)
    try:
        RubricSpec.model_validate(data)
        model_ok = True
    except ValidationError:
        model_ok = False
    if model_ok and not data.get("criteria"):
        model_ok = False  # the models take no criteria; check refuses it (rubric.empty)
    negative = isinstance(value, int | Decimal) and not isinstance(value, bool) and value < 0
    if model_ok and path[0] == "tiers" and path[-1] == "min" and negative:
        model_ok = False  # the models take a negative minimum; check refuses it (tier.range)
    if model_ok and not schema_ok:
        assert action == "set", f"schema refuses what tiercert accepts: {path} {mutation}"
        assert _loose(value), f"schema refuses what tiercert accepts: {path} {mutation}"
    else:
        assert schema_ok == model_ok, f"schema accepts what tiercert refuses: {path} {mutation}"


# --- the command ------------------------------------------------------------------------------


def test_schema_command_prints_the_schema() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema"], stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())["$id"] == SCHEMA_ID
    assert out.getvalue() == render_schema()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "rubric.schema.json"
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema", "-o", str(target)], stdout=out, stderr=err) == 0
    assert target.read_bytes() == render_schema().encode("utf-8")
    assert (out.getvalue(), err.getvalue()) == ("", f"wrote {target}\n")


def test_schema_command_reports_an_unwritable_file(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = main(
        ["schema", "-o", str(tmp_path / "no" / "such" / "dir.json")], stdout=out, stderr=err
    )
    assert status == 2
    assert "cannot write" in err.getvalue()
    assert "Traceback" not in err.getvalue()


# --- what the schema refuses while typing (issue 14) ------------------------------------------

SMALL: dict[str, Any] = {
    "format": 1,
    "id": "x",
    "version": "1",
    "title": "X",
    "criteria": [{"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 1}}],
}


def _errors(document: dict[str, Any]) -> list[tuple[list[Any], str]]:
    validator = Draft202012Validator(rubric_schema())
    return [(list(e.absolute_path), e.message) for e in validator.iter_errors(document)]


def test_a_wrong_rule_kind_is_one_error_naming_the_kinds() -> None:
    document = copy.deepcopy(SMALL)
    document["criteria"][0]["rule"] = {"kind": "bool", "points": 1}
    [(path, message)] = _errors(document)
    assert path == ["criteria", 0, "rule", "kind"]
    assert message.startswith("'bool' is not one of ['bands', 'boolean',")


def test_a_rule_of_a_known_kind_is_checked_as_that_kind_only() -> None:
    document = copy.deepcopy(SMALL)
    document["criteria"][0]["rule"] = {"kind": "boolean", "points": "many"}
    assert [path for path, _ in _errors(document)] == [["criteria", 0, "rule", "points"]]
    document["criteria"][0]["rule"] = None  # as the models allow
    assert _errors(document) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"criteria": []}, ["criteria"]),
        ({"tiers": [{"id": "t", "label": "T", "rank": 1, "min": -1}]}, ["tiers", 0, "min"]),
        ({"tiers": [{"id": "t", "label": "T", "rank": 1, "min": "-1"}]}, ["tiers", 0, "min"]),
    ],
)
def test_the_schema_refuses_what_check_refuses(change: dict[str, Any], where: list[Any]) -> None:
    assert _errors({**SMALL, **change}) == [(where, _errors({**SMALL, **change})[0][1])]
    assert check_source(json.dumps({**SMALL, **change})).errors


def test_rule_and_children_together_are_refused() -> None:
    document = copy.deepcopy(SMALL)
    document["criteria"][0]["children"] = [{"id": "b", "title": "B", "max": 1}]
    assert [path for path, _ in _errors(document)] == [["criteria", 0]]
