"""Blank assessments: every answer and fact a rubric asks for, ready to fill in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ._escape import text_of_lines
from ._maxima import node_max
from ._numbers import ZERO, exact_number, to_fraction
from ._numbers import display_number as _num
from ._parts import (
    BandsRule,
    BooleanRule,
    CountRule,
    DeductionRule,
    DirectRule,
    Fact,
    LevelsRule,
    LinearRule,
    Node,
)
from .rubric import Rubric, text_in


@dataclass(frozen=True, slots=True)
class NumberRange:
    """The numbers an answer may be: from ``low`` to ``high`` (None: open), whole or not."""

    low: Fraction | None = None
    high: Fraction | None = None
    whole: bool = False


def answer_range(node: Node) -> NumberRange | None:
    """The numbers an answer to ``node`` may be, or None when its answer is not a number."""
    rule = node.rule
    if isinstance(rule, BandsRule | LinearRule):
        low = rule.range.min if rule.range else None
        high = rule.range.max if rule.range else None
        if isinstance(rule, BandsRule):
            low = low if low is not None else rule.bands[0].min
            high = high if high is not None else rule.bands[-1].max
        return NumberRange(
            to_fraction(low) if low is not None else None,
            to_fraction(high) if high is not None else None,
        )
    if isinstance(rule, CountRule | DeductionRule):
        most = Fraction(rule.max_items) if rule.max_items is not None else None
        return NumberRange(ZERO, most, whole=True)
    if isinstance(rule, DirectRule):
        return NumberRange(ZERO, node_max(node) or ZERO)
    return None


def allowed_values(node: Node, maximum: str) -> str:
    """What an answer to ``node`` may be, in words."""
    rule = node.rule
    na = " or na" if node.na is not None else ""
    if isinstance(rule, BooleanRule):
        text = f"true or false (true gives {_num(rule.points)})"
    elif isinstance(rule, LevelsRule):
        text = "one of: " + ", ".join(f"{lv.id} ({_num(lv.points)})" for lv in rule.levels)
    elif isinstance(rule, BandsRule | LinearRule):
        numbers = answer_range(node)
        assert numbers is not None
        low, high = numbers.low, numbers.high
        if low is not None and high is not None:
            text = f"a number from {_num(low)} to {_num(high)}"
        elif low is not None:
            text = f"a number of at least {_num(low)}"
        elif high is not None:
            text = f"a number of at most {_num(high)}"
        else:
            text = "any number"
    elif isinstance(rule, CountRule | DeductionRule):
        limit = f", at most {rule.max_items}" if rule.max_items is not None else ""
        each = _num(rule.per_item)
        what = (
            f"items counted (each gives {each})"
            if isinstance(rule, CountRule)
            else f"occurrences (each deducts {each})"
        )
        text = f"a whole number of {what}{limit}"
    elif isinstance(rule, DirectRule):
        text = f"points from 0 to {maximum}"
    else:
        text = "computed by the rubric, do not answer"
    needs = node.evidence
    if needs:
        text += "; needs " + " and ".join(needs)
    return text + na


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
                # condition rules and shared answers (answer_from) need no answer here
                "computed": getattr(node.rule, "kind", None) == "condition"
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
