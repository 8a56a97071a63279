"""Two rubrics compared element by element, keyed by id: what a new version changes.

The comparison works on the rubrics' validated data as plain data (every field, defaults
included, as ``model_dump`` gives it), not on the model classes, so it needs no code per kind
of part:

- the top-level lists whose items have ids (criteria, gates, tiers, facts, sources, and any
  list of the kind added later) are *sections*; their items are *elements*, matched by id
  (targets, which have none, by period and tier), criteria flattened out of their tree;
- two matched elements are compared field by field, recursively: mappings key by key, lists
  of items with ids id by id, other lists of mappings item by item when they have the same
  length; anything else that differs (a number, a text, a rule of another kind, a list of
  another length) is one change of the field at that path;
- a small table (:data:`ASPECTS`) says what a field *means* (points, bands, a threshold...)
  for people and filters; a field it does not name is reported all the same, as ``other``,
  by its path.  A field or a rule kind added to the format later is therefore never
  skipped, and the diff is empty exactly when the fingerprints are equal (the tests hold
  this on random rubrics and random edits).
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from ._escape import json_text, markdown_text, text_of_lines
from ._i18n import N_, in_lang, msg, translator
from ._kinds import ROOT_ID
from ._lifecycle import lifecycle
from ._maxima import children_max, node_max
from ._numbers import exact_number, to_fraction
from .checking import CheckReport, check_file
from .errors import Problem, ProblemsError, RubricError
from .rubric import Rubric, _plain, text_in

ChangeKind = Literal["added", "removed", "renamed", "moved", "changed"]
#: the order changes of one element are listed in
KINDS: tuple[ChangeKind, ...] = ("added", "removed", "renamed", "moved", "changed")

#: top-level lists compared element by element, and what one element is called; a list of
#: items with ids that is not named here is a section too, called by its key
SECTIONS = {
    "criteria": "criterion",
    "gates": "gate",
    "tiers": "tier",
    "targets": "target",
    "facts": "fact",
    "sources": "source",
}
#: the rubric's own fields (id, version, title, max...) are the one element of this section
RUBRIC = "rubric"
#: fields compared whole: texts (shown in two languages) and bands (moving one edge changes
#: two bands, and is one change)
WHOLE_FIELDS = frozenset(
    {"title", "label", "description", "note", "fix", "unit", "units", "issuer", "authority"}
    | {"bands"}
)
#: a field whose new value renames its element
NAME_FIELDS = ("title", "label")

#: What a changed field means, by section and path (``[]`` stands for any list item); the
#: first match wins.  Only a label: a field that matches nothing is still reported ("other").
ASPECTS: tuple[tuple[str, str, str], ...] = (
    ("*", "title", "title"),
    ("*", "label", "title"),
    ("*", "provisional", "provisional"),
    ("*", "note", "note"),
    ("*", "sources", "sources"),
    ("source", "*", "source"),
    (RUBRIC, "id", "identity"),
    (RUBRIC, "version", "identity"),
    (RUBRIC, "format", "identity"),
    (RUBRIC, "language", "identity"),
    (RUBRIC, "scoring*", "missing answers"),
    ("*", "round*", "rounding"),
    ("*", "*evidence", "evidence"),
    ("*", "*evidence_rules*", "evidence"),  # the rubric's, a criterion's or a level's
    ("criterion", "na*", "N/A"),
    ("criterion", "rule.bands", "bands"),
    ("criterion", "rule.edges", "bands"),
    ("criterion", "rule.levels[].points", "points"),
    ("criterion", "rule.levels*", "levels"),
    ("criterion", "rule.points", "points"),
    ("criterion", "rule.per_item", "points"),
    ("criterion", "rule.floor", "points"),
    ("criterion", "rule.start", "points"),
    ("criterion", "rule.*.points", "points"),
    ("criterion", "rule*", "rule"),
    ("criterion", "answer_from", "rule"),
    ("criterion", "renamed_from", "lineage"),
    ("criterion", "replaces", "lineage"),
    ("criterion", "split_from", "lineage"),
    ("criterion", "carry*", "lineage"),
    ("criterion", "status", "lineage"),
    ("criterion", "counts_from", "lineage"),
    ("*", "max", "maximum"),
    ("*", "bonus_cap", "maximum"),
    ("*", "incomplete_cap", "maximum"),
    ("*", "penalty_cap", "maximum"),
    ("*", "max_exceeded", "maximum"),
    ("*", "aggregate", "aggregate"),
    ("*", "top", "aggregate"),
    ("criterion", "bonus", "aggregate"),
    ("criterion", "penalty", "aggregate"),
    ("criterion", "direct", "aggregate"),
    ("criterion", "weight", "weight"),
    ("gate", "require*", "condition"),
    ("gate", "tiers", "scope"),
    ("gate", "fix", "wording"),
    ("fact", "type", "fact"),
    ("fact", "options", "fact"),
    ("fact", "default", "fact"),
    ("tier", "min", "threshold"),
    ("tier", "rank", "rank"),
    ("tier", "certified", "certified"),
    ("tier", "requires_lower", "tier"),
    ("target", "share", "target"),
    ("target", "period", "target"),
    ("*", "description", "wording"),
    ("*", "unit", "wording"),
    ("*", "units", "wording"),
    ("*", "issuer", "wording"),
    ("*", "authority", "wording"),
)
OTHER = "other"
#: the order of an element's changed fields: what scores first, wording and provenance last
ASPECT_ORDER = (
    "identity",
    "points",
    "maximum",
    "rule",
    "levels",
    "bands",
    "aggregate",
    "weight",
    "N/A",
    "evidence",
    "condition",
    "scope",
    "threshold",
    "rank",
    "certified",
    "tier",
    "target",
    "fact",
    "missing answers",
    "rounding",
    OTHER,
    "lineage",
    "provisional",
    "sources",
    "source",
    "title",
    "wording",
    "note",
)

#: the fields shown beside an element added or removed, by section
_BRIEF = {
    "criterion": ("rule", "max", "weight", "bonus", "penalty", "replaces", "split_from"),
    "gate": ("require", "tiers"),
    "tier": ("rank", "min", "certified"),
    "fact": ("type", "default"),
    "target": ("share", "tier"),
    "source": ("url", "date"),
}
#: section names as headings
_HEADINGS = {
    RUBRIC: N_("Rubric"),
    "criterion": N_("Criteria"),
    "gate": N_("Gates"),
    "tier": N_("Tiers"),
    "target": N_("Targets"),
    "fact": N_("Facts"),
    "source": N_("Sources"),
}
#: criteria that share fewer ids than this share of the smaller rubric's are "unrelated"
RELATED_SHARE = Fraction(1, 2)
#: titles at least this alike (difflib's ratio) make a removed and an added criterion with
#: the same rule a "possibly renamed" pair
SIMILAR_TITLES = Fraction(6, 10)


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two rubrics.

    ``section`` is the kind of element (``criterion``, ``gate``, ``tier``, ``target``,
    ``fact``, ``source``, or ``rubric`` for the rubric's own fields) and ``id`` its id (a
    target's is its period, ``period:tier`` with a tier; the rubric's is ``""``).  ``kind``:

    - ``added`` / ``removed``: the element is only in the new / old rubric; ``new`` / ``old``
      is its data (a criterion's without its children, which are elements of their own);
    - ``renamed``: its ``title`` (``label`` for a tier) changed (the rubric's own title is
      ``changed``);
    - ``moved``: ``field`` is ``parent`` (another group; ``None`` is the top level) or
      ``position`` (its place among the same siblings, from 1);
    - ``changed``: the field at ``field`` (``rule.bands``, ``require.at_least``,
      ``rule.levels[good].points``) went from ``old`` to ``new`` (``None``: not there).

    ``aspect`` says what the field means (:data:`ASPECTS`), ``other`` when the table does not
    know it.  ``title`` is the element's title (the new one when it has one); ``parent``, for
    a criterion added or removed, the group it is in (None at the top level).  Values are
    plain data: Decimals, booleans, text, lists and mappings, texts as ``{language: text}``.
    """

    section: str
    id: str
    kind: ChangeKind
    field: str
    aspect: str
    old: Any
    new: Any
    title: Mapping[str, str] | None = None
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, numbers as exact text (``"84"``, ``"92.5"``), as in results."""
        return {
            "section": self.section,
            "id": self.id,
            "kind": self.kind,
            "field": self.field,
            "aspect": self.aspect,
            "title": _json_value(self.title),
            "parent": self.parent,
            "old": _json_value(self.old),
            "new": _json_value(self.new),
        }


@dataclass(frozen=True)
class MaximumChange:
    """A group's maximum (or the total's, ``id`` ``""``) that changed because of the changes
    listed, not because its own ``max`` was edited (that is a change of its own)."""

    id: str
    title: Mapping[str, str] | None
    old: Fraction | None
    new: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "old": _json_value(self.old), "new": _json_value(self.new)}


@dataclass(frozen=True)
class RenameHint:
    """A removed and an added element that may be one renamed: the same rule (or both
    groups) and titles at least 60% alike.  Only a hint: the diff lists them as removed and
    added, and answers given for the old id are not carried over to the new one."""

    section: str
    old: str
    new: str
    similarity: int  # percent

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "old": self.old,
            "new": self.new,
            "similarity": self.similarity,
        }


@dataclass(frozen=True)
class RubricRef:
    """One side of a comparison: which rubric, which version, from where."""

    id: str
    version: str
    title: Mapping[str, str]
    language: str
    fingerprint: str
    source: str | None = None

    @classmethod
    def of(cls, rubric: Rubric, source: str | None = None) -> RubricRef:
        spec = rubric.spec
        return cls(
            spec.id, spec.version, dict(spec.title), spec.language, rubric.fingerprint, source
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": dict(self.title),
            "fingerprint": self.fingerprint,
            "source": self.source,
        }


@dataclass(frozen=True)
class RubricDiff:
    """Everything that differs between two rubrics; ``same`` when nothing does."""

    old: RubricRef
    new: RubricRef
    changes: tuple[Change, ...]
    maxima: tuple[MaximumChange, ...] = ()
    hints: tuple[RenameHint, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def same(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (every kind present, in :data:`KINDS` order)."""
        return {kind: sum(c.kind == kind for c in self.changes) for kind in KINDS}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with stable keys (see docs/versions.md)."""
        return {
            "format": 1,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "same": self.same,
            "counts": self.counts(),
            "notes": list(self.notes),
            "changes": [c.to_dict() for c in self.changes],
            "maxima": [m.to_dict() for m in self.maxima],
            "possibly_renamed": [h.to_dict() for h in self.hints],
        }


# --- comparing --------------------------------------------------------------------------------


def rubric_data(rubric: Rubric) -> dict[str, Any]:
    """The rubric's validated data as plain data: every field, defaults included (so that
    writing a default out, or leaving it out, is no change), numbers as Decimals."""
    data: dict[str, Any] = _plain(rubric.spec.model_dump(by_alias=True, exclude_defaults=False))
    return data


def diff_rubrics(
    old: Rubric, new: Rubric, *, old_source: str | None = None, new_source: str | None = None
) -> RubricDiff:
    """What changes from ``old`` to ``new`` (``*_source``: the names to show them by)."""
    changes = diff_data(rubric_data(old), rubric_data(new))
    left, right = RubricRef.of(old, old_source), RubricRef.of(new, new_source)
    if not changes and left.fingerprint != right.fingerprint:  # pragma: no cover - a bug
        # never "the same" for rubrics that are not: say so rather than miss it
        changes = (Change(RUBRIC, "", "changed", "", OTHER, left.fingerprint, right.fingerprint),)
    notes: tuple[str, ...] = ()
    if old.id != new.id:
        shared, smaller = _shared_criteria(old, new)
        notes = (
            msg(
                "the rubrics have different ids ({old}, {new}); they are compared as versions "
                "of one scheme because they share {shared} of {smaller} criterion ids",
                old=old.id,
                new=new.id,
                shared=shared,
                smaller=smaller,
            ),
        )
    return RubricDiff(
        left,
        right,
        changes,
        _maxima(old, new, changes),
        _hints(changes, new.spec.language),
        notes,
    )


def diff_data(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """The changes from one rubric's plain data to another's (see :func:`rubric_data`)."""
    keys = _section_keys(old, new)
    before, after = _elements(old, keys), _elements(new, keys)
    order = [RUBRIC, *(SECTIONS[k] for k in SECTIONS if k in keys)]
    order += sorted(s for s in (*before, *after) if s not in order)
    changes: list[Change] = []
    for section in dict.fromkeys(order):
        empty = _Section()
        old_part, new_part = before.get(section, empty), after.get(section, empty)
        renamed: list[Change] = []
        if section == "criterion":
            old_part, renamed = _declared_renames(old_part, new_part)
        found = _section_changes(section, old_part, new_part)
        changes += _with_renames(found, renamed)
    return tuple(changes)


#: the field by which a new rubric says a criterion had another id in the old one
RENAMED_FROM = "renamed_from"


def _declared_renames(old: _Section, new: _Section) -> tuple[_Section, list[Change]]:
    """The old criteria the new rubric says it renamed (``renamed_from``) keyed by their new
    ids, so that they compare as one element, and a ``renamed`` change of field ``id`` for
    each.  A declaration naming an id the old rubric lacks, or still uses, renames nothing."""
    renames: dict[str, str] = {}
    for key, data in new.elements.items():
        was = data.get(RENAMED_FROM)
        if (
            isinstance(was, str)
            and was in old.elements
            and was not in new.elements
            and key not in old.elements
            and was not in renames
        ):
            renames[was] = key
    if not renames:
        return old, []

    def renamed(k: str | None) -> str | None:
        return renames.get(k, k) if k is not None else None

    part = _Section()
    for ident, data in old.elements.items():
        element = dict(data)
        if ident in renames:  # the new id and its declaration are the rename, listed once
            element["id"] = renames[ident]
            element[RENAMED_FROM] = new.elements[renames[ident]].get(RENAMED_FROM)
        part.elements[renames.get(ident, ident)] = element
    part.parent = {renames.get(k, k): renamed(v) for k, v in old.parent.items()}
    part.order = {renamed(p): [renames.get(k, k) for k in ks] for p, ks in old.order.items()}
    changes = [
        Change(
            "criterion",
            new_id,
            "renamed",
            "id",
            "identity",
            was,
            new_id,
            _title_of(new.elements[new_id]),
        )
        for was, new_id in renames.items()
    ]
    return part, changes


def _with_renames(changes: list[Change], renamed: list[Change]) -> list[Change]:
    """Each id's rename first among its element's changes."""
    if not renamed:
        return changes
    first = {c.id: c for c in renamed}
    out: list[Change] = []
    for change in changes:
        rename = first.pop(change.id, None)
        if rename is not None:
            out.append(rename)
        out.append(change)
    return out + list(first.values())


@dataclass
class _Section:
    """The elements of one section, by key in document order, with their parents (criteria)
    and the order of each parent's children."""

    elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    order: dict[str | None, list[str]] = field(default_factory=dict)


def _section_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The top-level keys compared element by element: the known sections, and any other
    list whose items all have ids."""
    found = [k for k in SECTIONS if k in old or k in new]
    for data in (old, new):
        for key, value in data.items():
            if key not in found and _by_id(value) and value:
                found.append(key)
    return found


def _elements(data: Mapping[str, Any], keys: Sequence[str]) -> dict[str, _Section]:
    sections: dict[str, _Section] = {}
    own = {k: v for k, v in data.items() if k not in keys}
    sections[RUBRIC] = _Section({"": own}, {"": None}, {None: [""]})
    for key in keys:
        items = data.get(key)
        if not isinstance(items, list):
            continue  # not there (or not a list in this rubric): no elements
        part = sections[SECTIONS.get(key, key)] = _Section()
        _flatten(key, items, None, part)
    return sections


def _flatten(key: str, items: list[Any], parent: str | None, part: _Section) -> None:
    siblings = part.order.setdefault(parent, [])
    for item in items:
        ident = _element_key(key, item)
        while ident in part.elements:  # never in a valid rubric; keep both all the same
            ident += "#"
        data = {k: v for k, v in item.items() if k != "children"}
        part.elements[ident] = data
        part.parent[ident] = parent
        siblings.append(ident)
        children = item.get("children")
        if isinstance(children, list):
            _flatten(key, children, ident, part)


def _element_key(key: str, item: Mapping[str, Any]) -> str:
    ident = item.get("id")
    if isinstance(ident, str):
        return ident
    if key == "targets":
        tier = item.get("tier")
        return f"{item.get('period')}:{tier}" if tier else str(item.get("period"))
    return json.dumps(_json_value(item), sort_keys=True, ensure_ascii=False)


def _section_changes(section: str, old: _Section, new: _Section) -> list[Change]:
    out: list[Change] = []

    def title(key: str) -> Mapping[str, str] | None:
        data = new.elements.get(key) or old.elements.get(key) or {}
        return _title_of(data)

    for key in [*new.elements, *(k for k in old.elements if k not in new.elements)]:
        before, after = old.elements.get(key), new.elements.get(key)
        if before is None:
            parent = new.parent[key]
            out.append(
                Change(section, key, "added", "", "presence", None, after, title(key), parent)
            )
            continue
        if after is None:
            parent = old.parent[key]
            out.append(
                Change(section, key, "removed", "", "presence", before, None, title(key), parent)
            )
            continue
        moved: list[Change] = []
        if old.parent[key] != new.parent[key]:
            moved.append(
                Change(
                    section,
                    key,
                    "moved",
                    "parent",
                    "position",
                    old.parent[key],
                    new.parent[key],
                    title(key),
                )
            )
        fields = []
        for path, a, b in _differences(before, after, ()):
            name = _path_text(path)
            renames = name in NAME_FIELDS and section != RUBRIC
            kind: ChangeKind = "renamed" if renames else "changed"
            fields.append(
                Change(section, key, kind, name, _aspect(section, path), a, b, title(key))
            )
        out += [c for c in fields if c.kind == "renamed"] + moved
        out += [c for c in fields if c.kind != "renamed"]
    out += _reordered(section, old, new, title)
    order: dict[str, int] = {}
    for key in [*new.elements, *old.elements]:
        order.setdefault(key, len(order))
    # one element's changes together, in the order of the new rubric, the removed ones last
    out.sort(key=lambda c: (order[c.id], KINDS.index(c.kind), _rank(c.aspect)))
    return out


def _rank(aspect: str) -> int:
    return ASPECT_ORDER.index(aspect) if aspect in ASPECT_ORDER else len(ASPECT_ORDER)


def _reordered(section: str, old: _Section, new: _Section, title: Any) -> list[Change]:
    """Elements whose place among the same siblings changed: those outside the longest run
    the two orders share (an element inserted before others moves none of them)."""
    out = []
    for parent, after in new.order.items():
        before = old.order.get(parent, [])
        common = {k for k in after if old.parent.get(k, "\0") == parent and k in old.elements}
        a = [k for k in before if k in common]
        b = [k for k in after if k in common]
        if a == b:
            continue
        kept = set(_longest_common(a, b))
        for key in b:
            if key not in kept:
                out.append(
                    Change(
                        section,
                        key,
                        "moved",
                        "position",
                        "position",
                        before.index(key) + 1,
                        after.index(key) + 1,
                        title(key),
                    )
                )
    return out


def _longest_common(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The longest common subsequence of two orders of the same items."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = (
                lengths[i + 1][j + 1] + 1
                if a[i] == b[j]
                else max(lengths[i + 1][j], lengths[i][j + 1])
            )
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


PathPart = str
FieldPath = tuple[PathPart, ...]


def _differences(a: Any, b: Any, path: FieldPath) -> Iterator[tuple[FieldPath, Any, Any]]:
    """(path, old, new) for every field that differs, as deep as the values line up."""
    if _same(a, b):
        return
    whole = bool(path) and path[-1] in WHOLE_FIELDS
    # a rule or a condition of another kind is a new value, not edits of the old one; a key
    # that only one side has (a field added to the format) is a field going from or to None
    if (
        not whole
        and isinstance(a, dict)
        and isinstance(b, dict)
        and (a.keys() <= b.keys() or b.keys() <= a.keys())
        and a.get("kind") == b.get("kind")
        and not _other_subject(a, b)
    ):
        for key in dict.fromkeys([*a, *b]):
            yield from _differences(a.get(key), b.get(key), (*path, key))
        return
    if not whole and isinstance(a, list) and isinstance(b, list):
        old_items, new_items = _by_id(a), _by_id(b)
        if old_items is not None and new_items is not None:
            for ident, item in new_items.items():
                if ident not in old_items:
                    yield (*path, f"[{ident}]"), None, item
            for ident, item in old_items.items():
                if ident not in new_items:
                    yield (*path, f"[{ident}]"), item, None
            for ident, item in new_items.items():
                if ident in old_items:
                    yield from _differences(old_items[ident], item, (*path, f"[{ident}]"))
            before = [i for i in old_items if i in new_items]
            after = [i for i in new_items if i in old_items]
            if before != after:  # the same items in another order
                yield path, list(old_items), list(new_items)
            return
        if len(a) == len(b) and all(isinstance(item, dict) for item in (*a, *b)):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                yield from _differences(x, y, (*path, f"[{i}]"))
            return
    yield path, a, b


def _other_subject(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two comparisons compare things of another kind: a criterion's score and the
    total's (``score: "@criteria"``): a condition of another kind, compared whole."""
    return any(
        key in a and key in b and (a[key] == ROOT_ID) != (b[key] == ROOT_ID)
        for key in ("score", "percent")
    )


def _by_id(value: Any) -> dict[str, Any] | None:
    """A list of mappings with distinct text ids, by id; None for any other value."""
    if not isinstance(value, list):
        return None
    out: dict[str, Any] = {}
    for item in value:
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or ident in out:
            return None
        out[ident] = item
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal in meaning: numbers by value (80 is 80.0), but never a number and a boolean,
    nor a number and its text."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, Decimal | int | Fraction) and isinstance(b, Decimal | int | Fraction):
        return bool(a == b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _path_text(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += part if part.startswith("[") or not out else "." + part
    return out


def _aspect(section: str, path: FieldPath) -> str:
    """What the field at ``path`` means (:data:`ASPECTS`), ``other`` when not listed."""
    pattern = _path_text(tuple("[]" if p.startswith("[") else p for p in path))
    for where, fields, aspect in ASPECTS:
        if fnmatch.fnmatchcase(section, where) and fnmatch.fnmatchcase(pattern, fields):
            return aspect
    return OTHER


def _title_of(data: Mapping[str, Any]) -> Mapping[str, str] | None:
    for name in NAME_FIELDS:
        text = data.get(name)
        if isinstance(text, dict):
            return text
        if isinstance(text, str):
            return {"*": text}
    return None


def _shared_criteria(old: Rubric, new: Rubric) -> tuple[int, int]:
    """(criterion ids the rubrics share, criteria in the smaller one)."""
    a = {ident for ident, _, _ in old.iter_nodes()}
    b = {ident for ident, _, _ in new.iter_nodes()}
    return len(a & b), min(len(a), len(b))


def unrelated(old: Rubric, new: Rubric) -> bool:
    """True for two rubrics with different ids that share less than half of the smaller
    one's criterion ids: two schemes, not two versions of one (the access-to-law standard's
    2021 and 2025 rubrics have different ids and the same criteria)."""
    if old.id == new.id:
        return False
    shared, smaller = _shared_criteria(old, new)
    return shared < RELATED_SHARE * smaller


def _maxima(old: Rubric, new: Rubric, changes: Sequence[Change]) -> tuple[MaximumChange, ...]:
    """The maxima each rubric counts in its own version (and day, see ``Rubric.at``): a future
    criterion that starts to count changes its groups' maxima."""
    edited = {c.id for c in changes if c.field == "max" and c.section in ("criterion", RUBRIC)}
    waiting_old, waiting_new = _waiting(old), _waiting(new)
    before = {ident: node for ident, _, node in old.iter_nodes()}
    out = []
    for ident, _, node in new.iter_nodes():
        previous = before.get(ident)
        # a leaf's maximum follows from its own rule, whose change is listed already
        if previous is None or ident in edited or node.children is None:
            continue
        a, b = node_max(previous, waiting_old), node_max(node, waiting_new)
        if a != b:
            out.append(MaximumChange(ident, dict(node.title), a, b))
    if "" not in edited:
        a, b = _total_max(old, waiting_old), _total_max(new, waiting_new)
        if a != b:
            out.append(MaximumChange("", None, a, b))
    return tuple(out)


def _waiting(rubric: Rubric) -> frozenset[str]:
    """The future criteria of ``rubric`` that do not count yet."""
    return lifecycle(rubric.spec.criteria, rubric.version, rubric.as_of).waiting


def _total_max(rubric: Rubric, waiting: frozenset[str] = frozenset()) -> Fraction | None:
    spec = rubric.spec
    if spec.max is not None:
        return to_fraction(spec.max)
    return children_max(spec, spec.criteria, waiting)


def _hints(changes: Sequence[Change], lang: str) -> tuple[RenameHint, ...]:
    added = [c for c in changes if c.kind == "added" and c.section == "criterion"]
    # what the new rubric declares (merged, split) is no guess to hint at
    declared = {c.id for c in added if any(c.new.get(k) for k in LINEAGE_KEYS)}
    named = {o for c in added for k in LINEAGE_KEYS for o in _old_ids(c.new.get(k))}
    added = [c for c in added if c.id not in declared]
    removed = [
        c for c in changes if c.kind == "removed" and c.section == "criterion" and c.id not in named
    ]
    pairs = []
    for gone in removed:
        for came in added:
            if not _same(gone.old.get("rule"), came.new.get("rule")):
                continue
            ratio = _similarity(gone.title, came.title, lang)
            if ratio >= SIMILAR_TITLES:
                pairs.append((ratio, gone.id, came.id))
    out, taken = [], set()
    for ratio, gone_id, came_id in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gone_id not in taken and came_id not in taken:
            taken |= {gone_id, came_id}
            out.append(RenameHint("criterion", gone_id, came_id, int(ratio * 100)))
    return tuple(out)


#: the fields by which a new criterion names the old ones it takes over
LINEAGE_KEYS = (RENAMED_FROM, "replaces", "split_from")


def _old_ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _similarity(a: Mapping[str, str] | None, b: Mapping[str, str] | None, lang: str) -> Fraction:
    left, right = text_in(a, lang), text_in(b, lang)
    if not left or not right:
        return Fraction(0)
    matcher = difflib.SequenceMatcher(None, left.casefold(), right.casefold(), autojunk=False)
    matches = sum(block.size for block in matcher.get_matching_blocks())
    return Fraction(2 * matches, len(left) + len(right))


# --- loading ----------------------------------------------------------------------------------


def load_reports(old: str | Path, new: str | Path) -> tuple[CheckReport, CheckReport]:
    """Both rubrics' check reports (paths or shipped ids; each with its spec and document),
    or :class:`RubricError` with every problem of both files (their warnings are not
    reported: ``tiercert check`` does that)."""
    reports = check_file(old), check_file(new)
    problems = [p for report in reports if report.errors for p in report.problems]
    if problems or reports[0].spec is None or reports[1].spec is None:
        # said in the language of the rubric at fault (else the new's, else the old's)
        failing = [r.declared_language for r in reports if r.errors or r.spec is None]
        said = [*failing, reports[1].declared_language, reports[0].declared_language]
        raise RubricError(problems, language=next((lang for lang in said if lang), None))
    return reports


def load_rubrics(old: str | Path, new: str | Path) -> tuple[Rubric, Rubric]:
    """Both rubrics (paths or shipped ids); raises as :func:`load_reports` does."""
    left, right = load_reports(old, new)
    assert left.spec is not None
    assert right.spec is not None
    return Rubric(left.spec, report=left), Rubric(right.spec, report=right)


def compare_files(
    old: str | Path, new: str | Path, *, force: bool = False, as_of: date | None = None
) -> tuple[RubricDiff, Rubric, Rubric]:
    """Load two rubrics and compare them, both scoring for the day ``as_of`` (None: no day,
    so future criteria counting from a date do not count): the diff, and both rubrics.

    Raises :class:`ProblemsError`: ``RubricError`` when a file cannot be read or is not a
    valid rubric (every problem of both), and a ``diff.unrelated`` problem for two rubrics
    that look like different schemes (see :func:`unrelated`) unless ``force``."""
    left, right = (rubric.at(as_of) for rubric in load_rubrics(old, new))
    names = str(old), str(new)
    if not force and unrelated(left, right):
        shared, smaller = _shared_criteria(left, right)
        raise ProblemsError(
            [
                Problem(
                    "diff.unrelated",
                    msg(
                        "{names} is the rubric {left!r} and {names2} the rubric {right!r}, and "
                        "they share {shared} of {smaller} criterion ids: they look like two "
                        "different schemes, and a diff by id would list nearly every criterion "
                        "as removed and added; compare two versions of one rubric, or give "
                        "--force to compare these anyway (force=True in Python)",
                        names=names[0],
                        left=left.id,
                        names2=names[1],
                        right=right.id,
                        shared=shared,
                        smaller=smaller,
                    ),
                    file=names[1],
                )
            ],
            "comparison",
        )
    return diff_rubrics(left, right, old_source=names[0], new_source=names[1]), left, right


# --- values for people ------------------------------------------------------------------------

_LANGUAGE = re.compile(r"^(\*|[a-z]{2,3}([-_][A-Za-z0-9]+)*)$")
_NUMBER_LIKE = re.compile(r"^[+-]?[0-9.,/]+$|^(true|false|yes|no|none|null|~)?$", re.IGNORECASE)


def _is_text(value: Any) -> bool:
    """A translatable text: ``{language: text}``."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and _LANGUAGE.match(k) for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def _languages(text: Mapping[str, str], lang: str, base: str) -> list[tuple[str, str]]:
    """(language, text) to show: ``lang``'s first, then the rubric's own or the next one."""
    first = text_in(text, lang)
    shown = [("", first)]
    for other in (base, *text):
        if other in (lang, "*"):
            continue
        value = text.get(other)
        if value is not None and value != first:
            shown.append((other, value))
            break
    return shown


def show_text(text: Mapping[str, str] | None, lang: str, base: str) -> str:
    """``"Tiêu chí 1 (en: Criterion 1)"``: the text in ``lang``, the other language beside."""
    if not text:
        return ""
    parts = _languages(text, lang, base)
    first = parts[0][1]
    return first + "".join(f" ({code}: {value})" for code, value in parts[1:])


def show_value(value: Any, lang: str, base: str) -> str:
    """A field's value, short and unambiguous: numbers exact, text quoted when it would read
    as a number or a boolean, texts in two languages, bands as ``0–50: 0 · 50–70: 2``."""
    if value is None:
        return translator(lang).gettext("(none)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | Fraction):
        return exact_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if _NUMBER_LIKE.match(value) else value
    if _is_text(value):
        return show_text(value, lang, base)
    if isinstance(value, list):
        if value and all(_is_band(item) for item in value):
            return " · ".join(_show_band(item, lang, base) for item in value)
        return "[" + ", ".join(show_value(item, lang, base) for item in value) + "]"
    if isinstance(value, dict):
        shown = (
            f"{key}: {show_value(item, lang, base)}"
            for key, item in value.items()
            if item is not None and item != []
        )
        return "{" + ", ".join(shown) + "}"
    return str(value)


def _is_band(value: Any) -> bool:
    return isinstance(value, dict) and "points" in value and {"min", "max"} <= value.keys()


def _show_band(band: Mapping[str, Any], lang: str, base: str) -> str:
    low = exact_number(band["min"]) if band["min"] is not None else "…"
    high = exact_number(band["max"]) if band["max"] is not None else "…"
    label = band.get("label")
    named = f" ({show_text(label, lang, base)})" if label else ""
    return f"{low}–{high}: {exact_number(band['points'])}{named}"


def _json_value(value: Any) -> Any:
    """Plain data for JSON: exact numbers as text, like results."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal | int | Fraction):
        return exact_number(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)


def _brief(change: Change, lang: str, base: str) -> str:
    """What an added or removed element is, in a few fields."""
    data = change.new if change.kind == "added" else change.old
    shown = []
    for name in _BRIEF.get(change.section, ()):
        value = data.get(name)
        if value is None or value is False or value == []:
            continue
        shown.append(f"{name}: {shown_field(change.section, name, value, lang, base)}")
    return ", ".join(shown)


def _in_condition(section: str, field: str) -> bool:
    """Whether a field's path lies in a condition: a gate's ``require``, a condition rule's
    ``when``, and what is below them."""
    head = "require" if section == "gate" else "rule.when" if section == "criterion" else None
    return head is not None and (field == head or field.startswith((head + ".", head + "[")))


def shown_field(section: str, field: str, value: Any, lang: str, base: str) -> str:
    """A changed field's value as :func:`show_value` shows it; a whole condition in words,
    as ``explain`` says it (``score of c1 ≥ 90``, ``the total ≥ 90``)."""
    if isinstance(value, dict) and _in_condition(section, field):
        said = _condition_words(value, lang)
        if said is not None:
            return said
    return show_value(value, lang, base)


def _condition_words(value: Mapping[str, Any], lang: str) -> str | None:
    """A condition's plain data in words in ``lang``; None when it does not read as one."""
    from pydantic import ValidationError

    from .explain import describe_condition

    try:
        condition = _condition_reader().validate_python(value)
    except ValidationError:
        return None
    return in_lang(describe_condition(condition), lang)


def _condition_reader() -> Any:
    """The reader of a condition's plain data (made on first use: a diff seldom needs it)."""
    global _CONDITION_READER
    if _CONDITION_READER is None:
        from pydantic import TypeAdapter

        from .model import Condition

        _CONDITION_READER = TypeAdapter(Condition)
    return _CONDITION_READER


_CONDITION_READER: Any = None


def _where(parent: Any, lang: str = "en") -> str:
    _ = translator(lang).gettext
    return _("under {parent}").format(parent=parent) if parent else _("at the top level")


def _change_lines(change: Change, lang: str, base: str) -> list[str]:
    """One change in words, without its element: ``rule.points: 2 → 3``; long values on a
    line each."""
    _ = translator(lang).gettext
    if change.kind == "moved" and change.field == "parent":
        before, after = _where(change.old, lang), _where(change.new, lang)
        return [_("moved: {before} → {after}").format(before=before, after=after)]
    if change.kind == "moved":
        return [
            _("moved: position {before} → {after} among the same siblings").format(
                before=change.old, after=change.new
            )
        ]
    if change.kind == "renamed" and change.field == "id":
        return [
            _("renamed from {old} (renamed_from: its answers carry over)").format(old=change.old)
        ]
    old = shown_field(change.section, change.field, change.old, lang, base)
    new = shown_field(change.section, change.field, change.new, lang, base)
    name = change.field or _("(the rubric)")
    if len(old) + len(new) <= _SHORT:
        return [f"{name}: {old} → {new}"]
    return [
        f"{name}:",
        "  " + _("was: {value}").format(value=old),
        "  " + _("now: {value}").format(value=new),
    ]


#: values shown on one line when together they are no longer than this
_SHORT = 72


def _element_name(change: Change, lang: str, base: str) -> str:
    title = show_text(change.title, lang, base)
    return f"{change.id}  {title}" if title and change.id else change.id or title


def _ref_line(ref: RubricRef, lang: str = "en") -> str:
    """``bac_giang_friendly_gov version 2023.1 (sha256:0123456789ab…), from FILE``."""
    _ = translator(lang).gettext
    line = _("{id} version {version} ({fingerprint}…)").format(
        id=ref.id, version=ref.version, fingerprint=ref.fingerprint[:19]
    )
    if ref.source in (None, ref.id):
        return line
    return line + _(", from {source}").format(source=ref.source)


#: how many changes of each kind, in words
_KIND_COUNTS = {
    "added": N_("{count} added"),
    "removed": N_("{count} removed"),
    "renamed": N_("{count} renamed"),
    "moved": N_("{count} moved"),
    "changed": N_("{count} fields changed"),
}


def _count_text(diff: RubricDiff, lang: str = "en") -> str:
    said = translator(lang)
    counts = diff.counts()
    n = len(diff.changes)
    if not n:
        return said.gettext("no changes: the rubrics are the same")
    listed = ", ".join(
        said.gettext(_KIND_COUNTS[k]).format(count=counts[k]) for k in KINDS if counts[k]
    )
    return said.ngettext("{count} change: {listed}", "{count} changes: {listed}", n).format(
        count=n, listed=listed
    )


def render_text(diff: RubricDiff, lang: str | None = None) -> str:
    """The diff for a terminal: the rubrics, then each section's changes by element."""
    base = diff.new.language
    lang = lang or base
    _ = translator(lang).gettext
    lines = [
        _("Rubric diff: {old} {old_version} → {new} {new_version}").format(
            old=diff.old.id,
            old_version=diff.old.version,
            new=diff.new.id,
            new_version=diff.new.version,
        ),
        "  " + _("old: {rubric}").format(rubric=_ref_line(diff.old, lang)),
        "  " + _("new: {rubric}").format(rubric=_ref_line(diff.new, lang)),
    ]
    lines += [_("Note: {note}").format(note=in_lang(note, lang)) for note in diff.notes]
    lines.append(_count_text(diff, lang))
    for section, changes in _by_section(diff.changes):
        heading = _HEADINGS.get(section)
        lines += ["", _(heading) if heading else section.capitalize()]
        for element in _by_element(changes):
            first = element[0]
            if section == RUBRIC:
                lines += [f"  {line}" for c in element for line in _change_lines(c, lang, base)]
                continue
            mark = {"added": "+", "removed": "-"}.get(first.kind, "~")
            head = f"  {mark} {_element_name(first, lang, base)}"
            if first.kind in ("added", "removed"):
                brief = _brief(first, lang, base)
                where = f" ({_where(first.parent, lang)})" if section == "criterion" else ""
                lines.append(head + where + (f"  [{brief}]" if brief else ""))
                continue
            lines.append(head)
            lines += [f"      {line}" for c in element for line in _change_lines(c, lang, base)]
    if diff.maxima:
        lines += ["", _("Maxima that follow from these changes")]
        for m in diff.maxima:
            name = f"{m.id}  {show_text(m.title, lang, base)}" if m.id else _("total")
            lines.append(
                f"  {name}: {show_value(m.old, lang, base)} → {show_value(m.new, lang, base)}"
            )
    if diff.hints:
        lines += [
            "",
            _(
                "Possibly renamed (a hint only: answers for the old id are not carried over "
                "unless the new criterion says renamed_from: OLD_ID)"
            ),
        ]
        for h in diff.hints:
            said = _("the same rule, titles {similarity}% alike").format(similarity=h.similarity)
            lines.append(f"  {h.old} → {h.new}: {said}")
    return text_of_lines(lines)


def _by_section(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    out: dict[str, list[Change]] = {}
    for change in changes:
        out.setdefault(change.section, []).append(change)
    return list(out.items())


def _by_element(changes: Iterable[Change]) -> list[list[Change]]:
    out: dict[str, list[Change]] = {}
    for change in changes:
        out.setdefault(change.id, []).append(change)
    return list(out.values())


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [_row(header), _row("---" for _ in header)]
    lines += [_row(markdown_text(cell) for cell in row) for row in rows]
    return lines


_MD_KINDS = {
    "added": (N_("Added"), (N_("Id"), N_("Title"), N_("Where"), N_("What"))),
    "removed": (N_("Removed"), (N_("Id"), N_("Title"), N_("Was"), N_("What"))),
    "renamed": (N_("Renamed"), (N_("Id"), N_("Before"), N_("After"))),
    "moved": (N_("Moved"), (N_("Id"), N_("Title"), N_("Before"), N_("After"))),
    "changed": (
        N_("Changed"),
        (N_("Id"), N_("Title"), N_("Aspect"), N_("Field"), N_("Before"), N_("After")),
    ),
}


def render_markdown(diff: RubricDiff, lang: str | None = None) -> str:
    """The diff as Markdown for a decision's annex: a section per kind of element, a table
    per kind of change."""
    base = diff.new.language
    lang = lang or base

    def value(v: Any) -> str:
        return show_value(v, lang, base)

    def title(c: Change) -> str:
        return show_text(c.title, lang, base)

    _ = translator(lang).gettext
    out = [
        "# "
        + _("Changes from {old} {old_version} to {new} {new_version}").format(
            old=markdown_text(diff.old.id),
            old_version=markdown_text(diff.old.version),
            new=markdown_text(diff.new.id),
            new_version=markdown_text(diff.new.version),
        ),
        "",
    ]
    out += _table(
        ("", _("Old"), _("New")),
        [
            (_("Rubric"), diff.old.id, diff.new.id),
            (_("Version"), diff.old.version, diff.new.version),
            (
                _("Title"),
                show_text(diff.old.title, lang, base),
                show_text(diff.new.title, lang, base),
            ),
            (_("File"), diff.old.source or "", diff.new.source or ""),
            (_("Fingerprint"), diff.old.fingerprint, diff.new.fingerprint),
        ],
    )
    out.append("")
    out += [
        "> " + _("Note: {note}").format(note=markdown_text(in_lang(note, lang)))
        for note in diff.notes
    ]
    out += [""] if diff.notes else []
    counted = _count_text(diff, lang)
    out.append(markdown_text(counted[0].upper() + counted[1:]) + ".")
    for section, changes in _by_section(diff.changes):
        heading = _HEADINGS.get(section)
        out += ["", "## " + (_(heading) if heading else section.capitalize())]
        if section == RUBRIC:
            out += [
                "",
                *_table(
                    (_("Aspect"), _("Field"), _("Before"), _("After")),
                    [(c.aspect, c.field, value(c.old), value(c.new)) for c in changes],
                ),
            ]
            continue
        for kind in KINDS:
            picked = [c for c in changes if c.kind == kind]
            if not picked:
                continue
            heading, header = _MD_KINDS[kind]
            rows: list[Sequence[str]]
            if kind in ("added", "removed"):
                rows = [
                    (c.id, title(c), _where(c.parent, lang), _brief(c, lang, base)) for c in picked
                ]
            elif kind == "renamed":
                rows = [(c.id, value(c.old), value(c.new)) for c in picked]
            elif kind == "moved":
                rows = [(c.id, title(c), *_move_cells(c)) for c in picked]
            else:
                rows = [
                    (
                        c.id,
                        title(c),
                        c.aspect,
                        c.field,
                        shown_field(c.section, c.field, c.old, lang, base),
                        shown_field(c.section, c.field, c.new, lang, base),
                    )
                    for c in picked
                ]
            out += ["", "### " + _(heading), "", *_table([_(h) for h in header], rows)]
    if diff.maxima:
        out += ["", "## " + _("Maxima that follow from these changes"), ""]
        out += _table(
            (_("Criterion"), _("Title"), _("Before"), _("After")),
            [
                (m.id or _("total"), show_text(m.title, lang, base), value(m.old), value(m.new))
                for m in diff.maxima
            ],
        )
    if diff.hints:
        out += ["", "## " + _("Possibly renamed"), ""]
        out.append(
            _(
                "A hint only: these are listed as removed and added, and answers for the old "
                "id are not carried over unless the new criterion says `renamed_from: OLD_ID`."
            )
        )
        out += [
            "",
            *_table(
                (_("Old id"), _("New id"), _("Titles alike")),
                [(h.old, h.new, f"{h.similarity}%") for h in diff.hints],
            ),
        ]
    return text_of_lines(out)


def _move_cells(change: Change) -> tuple[str, str]:
    if change.field == "parent":
        return _where(change.old), _where(change.new)
    return f"position {change.old}", f"position {change.new}"


def render_json(diff: RubricDiff) -> str:
    """The diff as JSON (see :meth:`RubricDiff.to_dict`), safe to print."""
    return json_text(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2)) + "\n"


__all__ = [
    "ASPECTS",
    "SECTIONS",
    "Change",
    "MaximumChange",
    "RenameHint",
    "RubricDiff",
    "RubricRef",
    "compare_files",
    "diff_data",
    "diff_rubrics",
    "load_rubrics",
    "render_json",
    "render_markdown",
    "render_text",
    "rubric_data",
    "show_text",
    "show_value",
    "unrelated",
]
