"""Blank assessments: every answer and fact a rubric asks for, ready to fill in."""

from __future__ import annotations

import json
from typing import Any

from ._escape import text_of_lines
from ._kinds import NumberRange
from ._maxima import node_max
from ._numbers import ZERO, exact_number
from ._numbers import display_number as _num
from ._parts import Fact, Node
from .rubric import Rubric, text_in
from .rules import RULES


def answer_range(node: Node) -> NumberRange | None:
    """The numbers an answer to ``node`` may be, or None when its answer is not a number."""
    rule = node.rule
    if rule is None:
        return None
    numbers = RULES[rule.kind].answer_range
    return numbers(rule, node_max(node)) if numbers is not None else None


def allowed_values(node: Node, maximum: str) -> str:
    """What an answer to ``node`` may be, in words."""
    rule = node.rule
    assert rule is not None
    text = RULES[rule.kind].hint(rule, maximum)
    needs = node.evidence
    if needs:
        text += "; needs " + " and ".join(needs)
    return text + (" or na" if node.na is not None else "")


def _group_values(node: Node, maximum: str) -> str:
    direct = f" or give its score from 0 to {maximum}" if node.direct else ""
    return "answer its criteria" + direct


def fact_values(fact: Fact) -> str:
    if fact.type == "choice":
        return "one of: " + ", ".join(fact.options or [])
    return {
        "boolean": "true or false",
        "number": "a number",
        "integer": "a whole number",
        "text": "text",
    }[fact.type]


def template_entries(rubric: Rubric, lang: str | None = None) -> list[dict[str, Any]]:
    """One entry per answer and fact: id, kind, title, allowed values, max, depth."""
    lang = lang or rubric.spec.language
    entries: list[dict[str, Any]] = []
    # an answer shared with criteria that accept N/A may be N/A even where this one does not
    na_elsewhere = {
        node.answer_from
        for _, _, node in rubric.iter_nodes()
        if node.answer_from is not None and node.na is not None
    }
    for nid, depth, node in rubric.iter_nodes():
        maximum = _num(node_max(node) or ZERO)
        is_group = node.children is not None
        allowed = _group_values(node, maximum) if is_group else allowed_values(node, maximum)
        if nid in na_elsewhere and node.na is None:
            allowed += " or na (counted only where N/A is allowed)"
        entries.append(
            {
                "id": nid,
                "kind": "group" if is_group else "answer",
                "title": text_in(node.title, lang),
                "allowed": allowed,
                "max": maximum,
                "depth": depth,
                "direct": node.direct,
                # computed rules and shared answers (answer_from) need no answer here
                "computed": (node.rule is not None and RULES[node.rule.kind].computed)
                or node.answer_from is not None,
            }
        )
    for fact in rubric.spec.facts:
        entries.append(
            {
                "id": fact.id,
                "kind": "fact",
                "title": text_in(fact.title, lang),
                "allowed": fact_values(fact),
                "max": None,
                "depth": 0,
                "direct": False,
                "computed": False,
                "default": fact.default,
            }
        )
    return entries


def render_yaml_template(rubric: Rubric, lang: str | None = None) -> str:
    """A commented YAML assessment with every answer left empty (``null``)."""
    entries = template_entries(rubric, lang)
    out = [
        f"# Assessment for {rubric.title(lang)} ({rubric.id}, version {rubric.version}).",
        "# Replace every null with an answer; the comment above each line says what is allowed.",
        "# An answer may also be a mapping: {value: ..., justification: ..., url: ...}.",
        f"rubric: {rubric.id}",
        "unit:",
        '  id: ""    # a short unique id for the unit',
        '  name: ""  # its name',
        "answers:",
    ]
    for entry in entries:
        if entry["kind"] == "fact" or entry["computed"]:
            continue
        indent = "  " + "  " * entry["depth"]
        key = json.dumps(entry["id"])
        if entry["kind"] == "group":
            out.append(f"{indent}# {entry['id']} {entry['title']} (max {entry['max']})")
            if entry["direct"]:
                out.append(
                    f"{indent}#   {key}: null  # uncomment to score the whole group directly "
                    f"(0 to {entry['max']}) instead of its criteria"
                )
            continue
        out.append(f"{indent}# {entry['title']} (max {entry['max']}): {entry['allowed']}")
        out.append(f"  {key}: null")
    facts = [e for e in entries if e["kind"] == "fact"]
    if facts:
        out.append("facts:")
        for entry in facts:
            default = entry.get("default")
            value = (
                "null"
                if default is None
                else json.dumps(default)
                if isinstance(default, bool | str)
                else exact_number(default)  # a number stays a number
            )
            out.append(f"  # {entry['title']}: {entry['allowed']}")
            out.append(f"  {json.dumps(entry['id'])}: {value}")
    # a line break in a title would end its comment and add to the YAML
    return text_of_lines(out)


__all__ = [
    "NumberRange",
    "allowed_values",
    "answer_range",
    "fact_values",
    "render_yaml_template",
    "template_entries",
]
