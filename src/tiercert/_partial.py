"""Semantic checks on the parts of a rubric that are well shaped when others are not."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .aggregates import AGGREGATES
from .checks import check
from .conditions import CONDITIONS
from .conditions._compare import ORDERED
from .conditions._total import is_total
from .errors import Path, Problem
from .model import (
    CONDITION_MODELS,
    RULE_MODELS,
    Fact,
    Gate,
    GroupFields,
    Id,
    Node,
    RubricSpec,
    Source,
    Target,
    Tier,
)
from .rules import RULES

# How this works.  Every part that can be validated alone (a criterion without its children,
# a fact, a gate, a tier, a source, a target, the rubric's own group fields) is validated
# alone.  A part that fails is replaced by a *stand-in* at the same list position, so that
# every path the checks compute is the path in the document.  The stand-ins are built so that
# whatever depends on them is unknown to the checks themselves where the checks already
# handle "unknown" (a criterion's maximum is None: no 'max.unreachable' above it, no tier
# range from it), and the problems that still involve a stand-in are dropped afterwards by
# ``_Salvage.trusted``: whatever is said about the stand-in itself, about what it contains,
# or about what refers to it.  A check code not classified in ``_CODES`` is dropped: a new
# check stays silent on broken rubrics until someone decides what it depends on.

_ID: TypeAdapter[str] = TypeAdapter(Id)

#: list fields of the rubric, the model of their items, the kind of id their items have
_LISTS: dict[str, tuple[type[BaseModel], str | None]] = {
    "criteria": (Node, "criterion"),
    "facts": (Fact, "fact"),
    "gates": (Gate, "gate"),
    "tiers": (Tier, "tier"),
    "sources": (Source, "source"),
    "targets": (Target, None),
}

#: the rubric's own fields that decide how it adds up its top-level criteria
_GROUP_KEYS = (
    "max",
    "aggregate",
    "top",
    "bonus_cap",
    "incomplete_cap",
    "max_exceeded",
    "penalty_cap",
)

#: codes ``check`` of a rubric's own group can give at its own paths ('max', 'top', ...)
_GROUP_CODES = frozenset(
    {
        "max.missing",
        "max.unreachable",
        "max.exceeded",
        "max_exceeded.unused",
        "bonus.aggregate",
        "penalty.aggregate",
        "penalty.unused",
        "bonus.unused",
        "top.unused",
        "top.tiered",
        "weight.zero",
        "cap.unused",
    }
)

#: codes that say something about what a comparison or 'answer_from' refers to
_TARGET_CODES = frozenset(
    {
        "ref.unknown",
        "ref.leaf",
        "ref.group",
        "ref.zero_max",
        "condition.value",
        "condition.unsatisfiable",
        "condition.always",
        "answer_from.source",
        "answer_from.kind",
        "answer_from.levels",
    }
)

#: every code of :mod:`tiercert.checks` and of the rule kinds' checks, each trusted on a partial
#: rubric under the rules of ``_Salvage.trusted`` (the ones only about the part at their path,
#: as the kinds' are unless listed above, need no rule of their own)
_CODES = frozenset(
    {
        *_GROUP_CODES,
        *_TARGET_CODES,
        *(code for kind in RULES.values() for code in kind.codes),
        *(code for kind in AGGREGATES.values() for code in kind.codes),
        *(code for kind in CONDITIONS.values() for code in kind.codes),
        "weight.missing",
        "weight.unused",
        "bonus.nested",
        "penalty.bonus",
        "penalty.never",
        "rubric.empty",
        "id.duplicate",
        "fact.unused",
        "text.language",
        "language.country",
        "points.negative",
        "node.rule_and_children",
        "node.empty_group",
        "node.no_rule",
        "na.group",
        "evidence_rules.group",
        "direct.leaf",
        "condition.operator",
        "condition.type",
        "answer_from.group",
        "lineage.conflict",
        "lineage.duplicate",
        "lineage.kept",
        "lineage.claimed",
        "lineage.carry",
        "lifecycle.status",
        "lifecycle.counts_from",
        "lifecycle.date",
        "lifecycle.version",
        "lifecycle.reached",
        "lifecycle.group",
        "lifecycle.gate",
        "lifecycle.reads",
        "lifecycle.unsatisfiable",
        "ref.cycle",
        "fact.options",
        "fact.default",
        "tier.range",
        "tier.rank",
        "tier.order",
        "tier.unreachable",
        "tiers.none",
    }
)

#: the keys of comparisons, which name what they compare (a fact, a criterion)
_COMPARISON_KEYS = tuple(key for key, kind in CONDITIONS.items() if kind.compares)

#: criteria nested deeper than this are not read (the YAML loader allows 200 nested
#: containers, two per level); plain data given through the API may nest deeper, or in a loop
_MAX_LEVELS = 100

#: marks made-up ids of stand-ins whose own id is missing or invalid (never a valid id)
_MADE_UP = "\x00"

#: a criterion whose maximum is unknown to the checks (a direct rule without 'max'); with
#: children, the checks say only 'node.rule_and_children' of it (dropped) and do not judge
#: it as a group, whose own fields are unknown.  Copied, not constructed: much faster.
_STAND_IN = Node.model_construct(id=_MADE_UP, title={}, rule=RULE_MODELS["direct"](kind="direct"))


def partial_check(data: dict[Any, Any]) -> list[Problem]:
    """The semantic problems of the well-shaped parts of ``data``, a rubric that failed to
    validate as a whole; none that a broken part could make wrong, each one once."""
    salvage = _Salvage(data)
    kept = [p for p in check(salvage.spec) if salvage.trusted(p)]
    return list(dict.fromkeys(kept))


@dataclass
class _Ids:
    """What is known about the ids of one kind of element."""

    valid: set[str] = field(default_factory=set)  # ids of parts that validated
    stand_in: set[str] = field(default_factory=set)  # ids of parts that did not
    # some id is unknown (missing, invalid, or where no part can be read from): any id may
    # exist, and a list of the ids in a message would be incomplete
    incomplete: bool = False

    def trusted(self, ident: object) -> bool:
        """True when a check may rely on what ``ident`` refers to (or on nothing having it)."""
        if not isinstance(ident, str) or ident in self.stand_in:
            return False
        return ident in self.valid or not self.incomplete


class _Salvage:
    """A :class:`RubricSpec` made of the valid parts of ``data`` and stand-ins for the rest."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self.data = data
        self.ids = {kind: _Ids() for kind in ("criterion", "fact", "gate", "tier", "source")}
        # path of each stand-in -> whether it carries the id written in the document
        self.node_stand_ins: dict[Path, bool] = {}
        self.item_stand_ins: dict[Path, bool] = {}
        # groups (the rubric is ()) with a stand-in among their children
        self.unknown_child: set[Path] = set()
        self.complete_lists: set[str] = set()
        self.opaque_root = False
        self.spec = self._rubric()
        # the points a unit can score: unknown when a top-level criterion is broken (it may
        # be a bonus), or has a broken part and is a bonus or the rubric has no 'max'
        broken = {path[1] for path in self.node_stand_ins}
        self.top_trusted = not self.opaque_root and not any(
            i in broken
            and (("criteria", i) in self.node_stand_ins or node.bonus or self.spec.max is None)
            for i, node in enumerate(self.spec.criteria)
        )

    # --- building ----------------------------------------------------------------------------

    def _rubric(self) -> RubricSpec:
        data = self.data
        allowed = {f.alias or name for name, f in RubricSpec.model_fields.items()}
        absent = allowed - set(data)
        # an unknown key may be a misspelt key: the absent keys it is close to are unknown
        # (all of them when it is close to none), not their defaults
        uncertain: set[str] = set()
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=3, cutoff=0.6)
                uncertain |= (set(close) & absent) if close else absent
        # the version written, when it is text: future criteria are judged against it
        version = data.get("version")
        self.version_known = isinstance(version, str) and bool(version)
        fields: dict[str, Any] = {
            "format": 1,
            "id": "-",
            "version": version if self.version_known else "-",
            "title": {},
        }
        try:
            group = GroupFields.model_validate({k: data[k] for k in _GROUP_KEYS if k in data})
            fields.update({k: getattr(group, k) for k in _GROUP_KEYS})
        except ValidationError:
            self.opaque_root = True
        if uncertain & set(_GROUP_KEYS):
            self.opaque_root = True
        for key, (model, kind) in _LISTS.items():
            raw = data.get(key, [] if key not in uncertain else None)
            if isinstance(raw, list):
                self.complete_lists.add(key)
                if key in data or key in uncertain:  # left out: not written ('tiers.none')
                    fields[key] = [
                        self._item(key, model, kind, item, i) for i, item in enumerate(raw)
                    ]
                continue
            # not a list (or maybe misspelt): none of its ids is known
            fields[key] = []
            if kind is not None:
                self.ids[kind].incomplete = True
            if key == "criteria":  # a stand-in keeps the checks from saying "no criteria"
                self.opaque_root = True
                fields[key] = [self._stand_in_node((key, 0), None, None)]
        if self.opaque_root:
            # scaled without a max: the checks cannot derive the rubric's maximum either
            fields.update(aggregate="scaled", max=None, top=None, bonus_cap=None)
            fields.update(incomplete_cap=None)
        criteria = data.get("criteria")
        ids = self.ids["criterion"]
        if isinstance(criteria, list) and set(_written_ids(criteria)) - ids.valid - ids.stand_in:
            ids.incomplete = True  # ids written where no criterion is read (a misspelt key)
        return RubricSpec.model_construct(**fields)

    def _item(
        self, key: str, model: type[BaseModel], kind: str | None, raw: Any, index: int
    ) -> Any:
        path: Path = (key, index)
        if model is Node:
            return self._node(raw, path)
        ids = self.ids[kind] if kind is not None else None
        try:
            item = model.model_validate(raw)
        except ValidationError:
            pass
        else:
            if ids is not None:
                ids.valid.add(item.id)  # type: ignore[attr-defined]
            return item
        ident, written = self._stand_in_id(raw, path, ids)
        self.item_stand_ins[path] = written
        if model is Fact:
            return Fact.model_construct(id=ident, title={}, type="text")
        if model is Gate:
            return Gate.model_construct(
                id=ident, title={}, require=CONDITION_MODELS["all"].model_construct(all_=[])
            )
        if model is Tier:
            return Tier.model_construct(id=ident, label={}, rank=1, min=Decimal(0))
        if model is Source:
            return Source.model_construct(id=ident, title="")
        return Target.model_construct(period="", share=Decimal(0))

    def _node(self, raw: Any, path: Path, above: frozenset[int] = frozenset()) -> Node:
        written = raw.get("children") if isinstance(raw, dict) else None
        children = None
        if id(raw) in above or len(above) >= _MAX_LEVELS:
            return self._stand_in_node(path, None, None)  # no id, and the ids below unread
        if isinstance(written, list):
            inside = above | {id(raw)}
            children = [
                self._node(c, (*path, "children", i), inside) for i, c in enumerate(written)
            ]
            if any((*path, "children", i) in self.node_stand_ins for i in range(len(children))):
                self.unknown_child.add(path)
        if isinstance(raw, dict) and (written is None or children is not None):
            try:
                node = Node.model_validate({k: v for k, v in raw.items() if k != "children"})
            except ValidationError:
                pass
            else:
                self.ids["criterion"].valid.add(node.id)
                if children is None:
                    return node
                return node.model_copy(update={"children": children})
        if path[:-1] == ("criteria",):
            self.unknown_child.add(())
        return self._stand_in_node(path, raw, children)

    def _stand_in_node(self, path: Path, raw: Any, children: list[Node] | None) -> Node:
        """A stand-in for a broken criterion, with the children that could be read."""
        ident, written = self._stand_in_id(raw, path, self.ids["criterion"])
        self.node_stand_ins[path] = written
        return _STAND_IN.model_copy(update={"id": ident, "children": children})

    @staticmethod
    def _stand_in_id(raw: Any, path: Path, ids: _Ids | None) -> tuple[str, bool]:
        """The id written for a broken part when it is a valid id, else a made-up one."""
        written = raw.get("id") if isinstance(raw, dict) else None
        try:
            ident = _ID.validate_python(written)
        except ValidationError:
            if ids is not None:
                ids.incomplete = True  # a reference may name it as it will be written
            return f"{_MADE_UP}{path}", False
        if ids is not None:
            ids.stand_in.add(ident)
        return ident, True

    # --- judging -----------------------------------------------------------------------------

    def trusted(self, problem: Problem) -> bool:
        """False when a broken part could make ``problem`` wrong."""
        code, path = problem.code, problem.path
        if code not in _CODES or _MADE_UP in problem.message:
            return False
        owner = self._owner(path)
        if owner is not None:
            stand_in, written = owner
            # a duplicate id is found across broken parts too
            return code == "id.duplicate" and path == (*stand_in, "id") and written
        if self.opaque_root and self._of_root_group(code, path):
            return False
        if code in {"lifecycle.version", "lifecycle.reached"}:
            return self.version_known
        if code in {
            "lifecycle.group",
            "lifecycle.gate",
            "lifecycle.reads",
            "lifecycle.unsatisfiable",
        }:
            # whether a criterion waits depends on every criterion above it, and on the version
            return (
                self.version_known and not self.node_stand_ins and "criteria" in self.complete_lists
            )
        if code == "fact.unused":
            # any broken part, or a list not read, may be the one that reads the fact
            return (
                not (self.node_stand_ins or self.item_stand_ins or self.opaque_root)
                and set(_LISTS) <= self.complete_lists
            )
        if code in {"bonus.unused", "penalty.unused", "max_exceeded.unused"}:
            # what a group's children can give is unknown when one of them is broken
            return path[:-1] not in self.unknown_child
        if code == "bonus.nested":
            return not any(
                path[:k] in self.node_stand_ins for k in range(2, len(path) - 1, 2)
            )  # whether points are carried up depends on every group above
        if code in _TARGET_CODES:
            return self._target_trusted(code, path)
        if code.startswith("tier."):
            return self._tier_trusted(code, path)
        return True

    def _owner(self, path: Path) -> tuple[Path, bool] | None:
        """The stand-in whose own part ``path`` is in (not within one of its children)."""
        if path[:2] in self.item_stand_ins:
            return path[:2], self.item_stand_ins[path[:2]]
        k = 2
        while len(path) >= k and path[0] == "criteria":
            here = path[:k]
            if here in self.node_stand_ins and not (
                len(path) > k + 1 and path[k] == "children" and isinstance(path[k + 1], int)
            ):
                return here, self.node_stand_ins[here]
            k += 2
        return None

    @staticmethod
    def _of_root_group(code: str, path: Path) -> bool:
        if code in ("weight.missing", "weight.unused"):
            return len(path) == 3 and path[0] == "criteria"
        return code in _GROUP_CODES and len(path) <= 1

    def _target_trusted(self, code: str, path: Path) -> bool:
        if code.startswith("answer_from.") or path[-1] == "answer_from":
            node = path[: path.index("answer_from" if path[-1] == "answer_from" else "rule")]
            target = _at(self.data, (*node, "answer_from"))
            return self.ids["criterion"].trusted(target)
        if code == "ref.unknown":
            kind = "criterion"
            if path[-1] == "fact":
                kind = "fact"
            elif path[-1] == "tier" or (len(path) > 1 and path[-2] == "tiers"):
                kind = "tier"
            elif len(path) > 1 and path[-2] == "sources":
                kind = "source"
            return self.ids[kind].trusted(_at(self.data, path))
        # the innermost comparison around the path, below the rubric (whose own keys may be
        # misspelt ones, such as 'fact')
        comparison = None
        for i, part in enumerate(list(_walk(self.data, path))[1:]):
            # the value an order operator compares with (``below: {fact: f1}``) is an operand,
            # not a comparison, unless the path goes into it (to its own fact)
            operand = i == len(path) - 1 and path[i] in ORDERED
            if isinstance(part, dict) and any(k in part for k in _COMPARISON_KEYS) and not operand:
                comparison = part
        if comparison is None:
            return True
        if "fact" in comparison:
            return self.ids["fact"].trusted(comparison["fact"])
        target = next(comparison[k] for k in _COMPARISON_KEYS if k in comparison)
        if is_total(target):
            # the total's range (named in the message) holds every criterion's points
            return self.top_trusted
        return self.ids["criterion"].trusted(target)

    def _tier_trusted(self, code: str, path: Path) -> bool:
        index = path[1]
        assert isinstance(index, int)
        if code == "tier.unreachable":
            # the message names every tier when the gate is not limited to some
            gate = self.spec.gates[index]
            if not self.top_trusted and _reads_total(_at(self.data, ("gates", index))):
                return False  # a gate on the total may pass once the broken points are known
            return gate.tiers is not None or not self.ids["tier"].incomplete
        if code == "tier.range":
            return self.top_trusted  # the message names the points a unit can score
        if index == 0:
            return True
        if ("tiers", index - 1) in self.item_stand_ins:
            return False  # compared with the tier before, which is unknown
        tier, previous = self.spec.tiers[index], self.spec.tiers[index - 1]
        if code == "tier.order" and tier.min == previous.min:
            # equal minimums are fine when a gate tells the tiers apart: all gates are needed
            return "gates" in self.complete_lists and not any(
                ("gates", i) in self.item_stand_ins for i in range(len(self.spec.gates))
            )
        return True


def _reads_total(raw: Any) -> bool:
    """Whether the raw part ``raw`` (a gate as written) compares the rubric's total."""
    if isinstance(raw, dict):
        return any(is_total(raw.get(k)) for k in _COMPARISON_KEYS) or any(
            _reads_total(v) for v in raw.values()
        )
    return isinstance(raw, list) and any(_reads_total(v) for v in raw)


def _walk(data: Any, path: Path) -> Iterator[Any]:
    """``data`` and each value along ``path`` (as far as the path exists)."""
    current = data
    yield current
    for part in path:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            return
        yield current


def _at(data: Any, path: Path) -> Any:
    """The value at ``path`` in ``data``, or None when the path does not exist."""
    found = list(_walk(data, path))
    return found[-1] if len(found) == len(path) + 1 else None


def _written_ids(criteria: list[Any]) -> Iterator[str]:
    """Every id written in the criteria tree, also where no criterion can be read (a
    misspelt 'children'), except the ids of levels inside rules."""
    stack: list[Any] = [criteria]
    seen: set[int] = set()  # plain data given through the API may contain loops
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            ident = value.get("id")
            if isinstance(ident, str):
                yield ident
            stack.extend(v for k, v in value.items() if k != "rule")
        elif isinstance(value, list):
            stack.extend(value)
