"""Random edits of a rubric, and the changes ``tiercert diff`` must list for them.

:func:`edited` takes the plain data of a valid rubric (``strategies.rubric_data()``) and draws
one to five edits of the kinds a new version makes: add, remove, rename or move a criterion,
change points, move a band edge, add a level, change a tier minimum, rename a tier, flip
``provisional``, change a gate threshold.  Each edit touches an element no other edit touched,
and an edit that makes the rubric invalid (a removed criterion a gate still reads, a minimum
above what can be scored) is undone.  It returns the new data and the set of changes the diff
must list, as ``(section, id, kind, field)``: exactly those, and nothing else.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tiercert import RubricError, rubric_from_mapping

Expected = tuple[str, str, str, str]
Data = dict[str, Any]
_Edit = Callable[[st.DrawFn, Data, set[tuple[str, str]], int], "Expected | None"]
NUMERIC_OPS = ("at_least", "at_most", "above", "below")


def _nodes(
    items: list[Any], parent: Data | None = None
) -> Iterator[tuple[Data, list[Any], Data | None]]:
    """Every criterion with the list it is in and its parent group (None at the top)."""
    for node in items:
        yield node, items, parent
        yield from _nodes(node.get("children") or [], node)


def _free(data: Data, touched: set[tuple[str, str]], leaves: bool = False) -> list[Data]:
    return [
        node
        for node, _, _ in _nodes(data["criteria"])
        if ("criterion", node["id"]) not in touched and (not leaves or "rule" in node)
    ]


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    return draw(st.sampled_from(items)) if items else None


def rename(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    node = _pick(draw, _free(data, touched))
    if node is None:
        return None
    node["title"] = f"Renamed {node['id']}"
    return ("criterion", node["id"], "renamed", "title")


def points(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    kinds = ("boolean", "condition", "levels", "count", "deduction")
    node = _pick(draw, [x for x in _free(data, touched, True) if x["rule"]["kind"] in kinds])
    if node is None:
        return None
    rule = node["rule"]
    if rule["kind"] == "levels":
        level = draw(st.sampled_from(rule["levels"]))
        level["points"] += 1
        return ("criterion", node["id"], "changed", f"rule.levels[{level['id']}].points")
    name = "points" if "points" in rule else "per_item"
    rule[name] += 1
    return ("criterion", node["id"], "changed", f"rule.{name}")


def band_edge(
    draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int
) -> Expected | None:
    candidates = [
        x
        for x in _free(data, touched, True)
        if x["rule"]["kind"] == "bands" and len(x["rule"]["bands"]) > 1
    ]
    node = _pick(draw, candidates)
    if node is None:
        return None
    bands = node["rule"]["bands"]
    i = draw(st.integers(0, len(bands) - 2))
    edge = bands[i]["max"]
    low = bands[i].get("min", edge - 10)
    high = bands[i + 1].get("max", edge + 10)
    moved = (edge + low) / 2 if draw(st.booleans()) else (edge + high) / 2
    bands[i]["max"] = bands[i + 1]["min"] = moved
    return ("criterion", node["id"], "changed", "rule.bands")


def add_level(
    draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int
) -> Expected | None:
    node = _pick(draw, [x for x in _free(data, touched, True) if x["rule"]["kind"] == "levels"])
    if node is None:
        return None
    node["rule"]["levels"].append({"id": "added", "points": Decimal(0)})
    return ("criterion", node["id"], "changed", "rule.levels[added]")


def add(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    ident = f"added-{n}"
    node: Data = {"id": ident, "title": "Một tiêu chí mới", "rule": {"kind": "boolean"}}
    node["rule"]["points"] = Decimal(draw(st.integers(0, 5)))
    if data.get("aggregate") == "weighted":
        node["weight"] = Decimal(1)
    data["criteria"].append(node)
    return ("criterion", ident, "added", "")


def remove(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    found = [
        (node, siblings)
        for node, siblings, _ in _nodes(data["criteria"])
        if "rule" in node and len(siblings) > 1 and ("criterion", node["id"]) not in touched
    ]
    picked = _pick(draw, found)
    if picked is None:
        return None
    node, siblings = picked
    siblings.remove(node)
    return ("criterion", node["id"], "removed", "")


def move(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    found = [
        (node, siblings)
        for node, siblings, parent in _nodes(data["criteria"])
        if parent is not None
        and "rule" in node
        and "weight" not in node
        and len(siblings) > 1
        and ("criterion", node["id"]) not in touched
    ]
    picked = _pick(draw, found)
    if picked is None or data.get("aggregate") == "weighted":
        return None
    node, siblings = picked
    siblings.remove(node)
    data["criteria"].append(node)
    return ("criterion", node["id"], "moved", "parent")


def _free_items(data: Data, key: str, section: str, touched: set[tuple[str, str]]) -> list[Data]:
    return [x for x in data.get(key, []) if (section, x["id"]) not in touched]


def tier_min(draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int) -> Expected | None:
    tier = _pick(draw, _free_items(data, "tiers", "tier", touched))
    if tier is None:
        return None
    tier["min"] += draw(st.sampled_from((Decimal(1), Decimal("0.5"), Decimal(-1))))
    return ("tier", tier["id"], "changed", "min")


def rename_tier(
    draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int
) -> Expected | None:
    tier = _pick(draw, _free_items(data, "tiers", "tier", touched))
    if tier is None:
        return None
    tier["label"] = {"vi": f"Hạng {tier['id']}", "en": f"Tier {tier['id']}"}
    return ("tier", tier["id"], "renamed", "label")


def provisional(
    draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int
) -> Expected | None:
    choices: list[tuple[str, Data]] = [("criterion", x) for x in _free(data, touched)]
    choices += [("tier", x) for x in _free_items(data, "tiers", "tier", touched)]
    choices += [("gate", x) for x in _free_items(data, "gates", "gate", touched)]
    picked = _pick(draw, choices)
    if picked is None:
        return None
    section, item = picked
    item["provisional"] = not item.get("provisional", False)
    return (section, item["id"], "changed", "provisional")


def _comparisons(condition: Data, path: str) -> Iterator[tuple[str, Data]]:
    """Comparisons with a numeric operator, and their paths, down to two levels of logic."""
    if any(isinstance(condition.get(op), Decimal) for op in NUMERIC_OPS):
        yield path, condition
    for key in ("all", "any"):
        for i, item in enumerate(condition.get(key) or []):
            if path.count(".") < 2:
                yield from _comparisons(item, f"{path}.{key}[{i}]")
    if "not" in condition and path.count(".") < 2:
        yield from _comparisons(condition["not"], f"{path}.not")


def gate_threshold(
    draw: st.DrawFn, data: Data, touched: set[tuple[str, str]], n: int
) -> Expected | None:
    found = [
        (gate, path, comparison)
        for gate in _free_items(data, "gates", "gate", touched)
        for path, comparison in _comparisons(gate["require"], "require")
    ]
    picked = _pick(draw, found)
    if picked is None:
        return None
    gate, path, comparison = picked
    op = next(op for op in NUMERIC_OPS if isinstance(comparison.get(op), Decimal))
    comparison[op] += draw(st.sampled_from((Decimal(1), Decimal(-1), Decimal("0.25"))))
    return ("gate", gate["id"], "changed", f"{path}.{op}")


EDITS: tuple[_Edit, ...] = (
    rename,
    points,
    band_edge,
    add_level,
    add,
    remove,
    move,
    tier_min,
    rename_tier,
    provisional,
    gate_threshold,
)


def _valid(data: Data) -> bool:
    try:
        rubric_from_mapping(data)
    except RubricError:
        return False
    return True


@st.composite
def edited(draw: st.DrawFn, data: Data) -> tuple[Data, set[Expected]]:
    """``data`` with random edits, and the changes they make (see the module's docstring)."""
    data = copy.deepcopy(data)
    expected: set[Expected] = set()
    touched: set[tuple[str, str]] = set()
    for n in range(draw(st.integers(1, 5))):
        edit = draw(st.sampled_from(EDITS))
        before = copy.deepcopy(data)
        change = edit(draw, data, touched, n)
        if change is None:
            continue
        if not _valid(data):
            data = before
            continue
        expected.add(change)
        touched.add((change[0], change[1]))
    return data, expected


__all__ = ["EDITS", "Expected", "edited"]
