"""The JSON Schema of the rubric format, generated from the pydantic models for editors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .conditions import CONDITIONS
from .model import FORMAT_VERSION, RubricSpec
from .rules import RULES

#: Where the committed copy lives in the repository; refresh it with
#: ``tiercert schema -o schema/rubric.schema.json``.
SCHEMA_FILE = "schema/rubric.schema.json"

#: A stable name for the schema.  A URN, not a web address: nothing is published online, and
#: editors find the file through the ``# yaml-language-server: $schema=...`` line instead.
SCHEMA_ID = f"urn:tiercert:schema:rubric:{FORMAT_VERSION}"

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: What a number written as text must look like (``"79.5"``); the models read it exactly.
NUMBER_TEXT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"

_DESCRIPTION = (
    "A tiercert rubric: a certification scheme as data. 'criteria' is a tree of scored "
    "criteria, 'gates' are requirements beyond points, 'tiers' are the levels a unit can "
    "reach. Run 'tiercert check FILE' for the checks a schema cannot express (unique ids, "
    "bands without gaps, reachable tiers). Guide: docs/authoring.md."
)

# Help for editor completion and hover, for keys whose model field has no description.
# ``(model, key)`` entries win over the model's own text; ``key`` entries only fill gaps.
_KEY_HELP: dict[str, str] = {
    "id": "A short, stable id: letters, digits, '_', '.', '-' (no spaces), e.g. g1.2.",
    "title": "The name shown to people: text, or one text per language ({vi: ..., en: ...}).",
    "label": "The name shown to people: text, or one text per language ({vi: ..., en: ...}).",
    "description": "A longer explanation: text, or one text per language.",
    "note": "A remark: text, or one text per language.",
    "points": "Points given (a number, 0 or more; decimals such as 2.5 are exact).",
    "kind": "Which scoring rule this is.",
    "unit": "The unit of the answer, e.g. % or days (shown to assessors).",
    "range": "The values an answer may take; answers outside are refused.",
    "round": "Round this score (overrides the rubric's 'rounding' for it).",
    "equals": "Holds when the value is exactly this (true/false, a number or a text).",
    "not_equals": "Holds when the value is anything but this.",
    "in": "Holds when the value is one of these.",
    "at_least": "Holds when the number is this or more (>=).",
    "at_most": "Holds when the number is this or less (<=).",
    "above": "Holds when the number is more than this (>).",
    "below": "Holds when the number is less than this (<).",
}

_FIELD_HELP: dict[tuple[str, str], str] = {
    # the rubric file
    ("RubricSpec", "format"): "Version of the rubric file format. Write 'format: 1'.",
    ("RubricSpec", "id"): "The rubric's id, e.g. vn_ocop_products. Assessments name it.",
    ("RubricSpec", "version"): "The rubric's own version, as text (e.g. '2024.1').",
    ("RubricSpec", "title"): "The scheme's name: text, or {vi: ..., en: ...}.",
    ("RubricSpec", "language"): (
        "Language code of plain (untranslated) texts, e.g. vi. Default: en."
    ),
    ("RubricSpec", "issuer"): "Who issues the scheme and its rules.",
    ("RubricSpec", "authority"): (
        "Who recognises (certifies) the units, by decision: shown as 'recognised by'. The "
        "decision that set the scheme up goes in sources."
    ),
    ("RubricSpec", "description"): "What the scheme is for, in a few sentences.",
    ("RubricSpec", "max"): (
        "Maximum total points. Default: the sum of the top-level criteria's maxima."
    ),
    ("RubricSpec", "sources"): "The documents the rubric is based on; cite them by id.",
    ("RubricSpec", "scoring"): "Scoring options (what a missing answer does).",
    ("RubricSpec", "rounding"): "Where scores are rounded. Default: never (exact to the end).",
    ("RubricSpec", "facts"): "Inputs that are not scored but are used by gates.",
    ("RubricSpec", "criteria"): "The criteria tree: groups (with 'children') and leaves.",
    ("RubricSpec", "gates"): "Requirements beyond points: knock-outs and per-tier conditions.",
    ("RubricSpec", "tiers"): "The levels a unit can reach, lowest first (rank 1 = lowest).",
    ("RubricSpec", "targets"): "Programme targets (share of units certified by a period).",
    # criteria
    ("Node", "id"): "Unique id of this criterion, e.g. g2.3. Answers and gates use it.",
    ("Node", "title"): "The criterion's name: text, or {vi: ..., en: ...}.",
    ("Node", "description"): "What the criterion asks, for assessors.",
    ("Node", "max"): (
        "Maximum points. Groups default to the sum of their children's; leaves to the most "
        "their rule can give (count, deduction and direct rules need it)."
    ),
    ("Node", "rule"): "Makes this a leaf: how an answer becomes points (pick a 'kind').",
    ("Node", "children"): "Makes this a group: its criteria.",
    ("Node", "na"): "Allow the answer 'na' (not applicable), and say what it counts as.",
    ("NotApplicable", "counts_as"): (
        "satisfied: N/A gives full points. excluded (default): the criterion is left out and "
        "its parent is rescaled to its full maximum."
    ),
    ("NotApplicable", "evidence"): "Evidence an N/A answer needs to count.",
    # the rest
    ("Fact", "id"): "Unique id of the fact, e.g. head_disciplined. Assessments give its value.",
    ("Fact", "title"): "What the fact says, e.g. 'The commune head was disciplined this year'.",
    ("Fact", "type"): "boolean, number, integer, text or choice (then list 'options').",
    ("Fact", "options"): "The allowed values of a 'choice' fact.",
    ("Fact", "default"): "The value used when an assessment does not give one.",
    ("Gate", "id"): "Unique id of the gate, e.g. no_discipline.",
    ("Gate", "title"): "What the gate requires, in words.",
    ("Gate", "require"): (
        "The condition that must hold: a comparison (fact, answer, score, percent, "
        "each_child_of) or all/any/not of conditions."
    ),
    ("Gate", "tiers"): "Ids of the tiers this gate applies to. Leave out for every tier.",
    ("Tier", "id"): "Unique id of the tier, e.g. gold or s3.",
    ("Tier", "label"): "The tier's name: text, or {vi: ..., en: ...}.",
    ("Tier", "rank"): "Position in the order of tiers: 1 = lowest, then 2, 3...",
    ("Tier", "min"): "Minimum total points (inclusive: a unit at exactly min reaches it).",
    ("Source", "id"): "Unique id of the source; elements cite it in their 'sources'.",
    ("Source", "title"): "The document's title (e.g. the decision's number and name).",
    ("Source", "url"): "Where to read it.",
    ("Source", "publisher"): "Who published it.",
    ("Source", "date"): "When it was issued (text, e.g. 2023-05-12).",
    ("Source", "note"): "What the rubric takes from it.",
    ("Target", "period"): "When the target is due, as text (e.g. 2025 or 2021-2025).",
    ("Target", "tier"): "Count units at this tier or above. Leave out for 'certified'.",
    ("Rounding", "mode"): (
        "half_up (0.5 goes away from zero), half_even (0.5 to the even digit), down "
        "(towards zero) or up (away from zero)."
    ),
    ("Rounding", "places"): "Decimal places to keep: 0 = whole numbers, 1 = tenths.",
    ("RubricRounding", "leaves"): "Round every leaf's score.",
    ("RubricRounding", "groups"): "Round every group's score.",
    ("RubricRounding", "total"): "Round the total (before tiers are decided).",
    ("RubricRounding", "percentage"): "Round the percentage shown in results.",
    ("Scoring", "missing"): "A missing answer is an 'error' (default) or scores 'zero'.",
}

# Whole-object help for models that have no docstring.
_MODEL_HELP: dict[str, str] = {
    "Scoring": "Scoring options.",
}

# Help of each rule and condition kind, and ready-made rules (for editors that offer them:
# yaml-language-server), from their registrations.
for _kind in RULES.values():
    for _key, _text in _kind.help.items():
        _part, _, _field = _key.rpartition(".")
        _FIELD_HELP[(_part or _kind.fields.__name__, _field)] = _text
for _condition in CONDITIONS.values():
    for _key, _text in _condition.help.items():
        _FIELD_HELP[(_condition.fields.__name__, _key)] = _text
_SNIPPETS: dict[str, list[dict[str, Any]]] = {
    kind.fields.__name__: [{"label": f"{kind.name} rule", "body": dict(kind.example)}]
    for kind in RULES.values()
}


def rubric_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rubric file, with help texts for editors."""
    generated = RubricSpec.model_json_schema(mode="validation", by_alias=True)
    definitions: dict[str, Any] = generated.pop("$defs", {})
    generated.pop("title", None)
    generated.pop("description", None)
    for name, definition in {**definitions, "RubricSpec": generated}.items():
        _document(name, definition)
    for node in _walk([generated, definitions]):
        _number_text(node)
    _tighten(generated, definitions)
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": f"tiercert rubric (format {FORMAT_VERSION})",
        "description": _DESCRIPTION,
        **generated,
        "$defs": dict(sorted(definitions.items())),
    }


def render_schema() -> str:
    """The schema as the JSON text committed in ``schema/rubric.schema.json``."""
    return json.dumps(rubric_schema(), indent=2, ensure_ascii=False) + "\n"


def _document(name: str, definition: dict[str, Any]) -> None:
    if "description" in definition:
        definition["description"] = _plain(definition["description"])
    elif name in _MODEL_HELP:
        definition["description"] = _MODEL_HELP[name]
    if name in _SNIPPETS:
        definition["defaultSnippets"] = _SNIPPETS[name]
    for key, prop in definition.get("properties", {}).items():
        text = _FIELD_HELP.get((name, key))
        if text is None:
            text = prop.get("description") or _KEY_HELP.get(key)
        if text is not None:
            prop["description"] = _plain(text)


def _plain(text: str) -> str:
    # docstrings use reST ``literals``; editors render single backticks (Markdown) or none
    return re.sub(r"``([^`]+)``", r"'\1'", " ".join(text.split()))


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _by_kind(union: dict[str, Any]) -> dict[str, Any]:
    """A rule union that validators report once: the ``kind`` first (one error naming the
    kinds), then only the matching kind's own schema (``if``/``then`` on ``kind``).  A plain
    ``oneOf`` makes a validator report every kind's failures; the ``discriminator`` keyword
    that says which to pick is OpenAPI's, which JSON Schema validators ignore."""
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(mapping), "description": _KEY_HELP["kind"]}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": ref},
            }
            for kind, ref in mapping.items()
        ],
    }


def _tighten(root: dict[str, Any], definitions: dict[str, Any]) -> None:
    """What the models say but their generated schema does not: at least one criterion, a tier
    minimum of 0 or more, a criterion with 'rule' or 'children' (not both), and rule kinds
    told apart by ``kind``."""
    root["properties"]["criteria"]["minItems"] = 1
    root.setdefault("required", []).append("criteria")
    for option in definitions["Tier"]["properties"]["min"].get("anyOf", []):
        if option.get("type") == "number":
            option["minimum"] = 0
        elif option.get("type") == "string":
            option["pattern"] = NUMBER_TEXT.replace(r"[+-]?", r"\+?")
    node = definitions["Node"]
    node["not"] = {"required": ["rule", "children"]}
    rule = node["properties"]["rule"]
    options = rule.pop("anyOf")
    union = next(o for o in options if "discriminator" in o)
    description = rule.get("description")
    rule.clear()
    # 'rule: null' stays allowed (as the models allow it); anything but a mapping or null
    # gets one error, and so does a mapping with an unknown kind
    rule.update({"if": {"type": "object"}, "then": _by_kind(union), "else": {"type": "null"}})
    if description:
        rule["description"] = description


def _number_text(node: dict[str, Any]) -> None:
    """Give the text form of exact numbers (``anyOf: [number, string]``) its pattern."""
    options = node.get("anyOf")
    if not isinstance(options, list):
        return
    kinds = {str(o.get("type")) for o in options if isinstance(o, dict)} - {"null"}
    if kinds != {"number", "string"}:
        return  # e.g. [boolean, number, string]: a comparison value, where text is text
    for option in options:
        if option.get("type") == "string" and len(option) == 1:
            option["pattern"] = NUMBER_TEXT
