"""Checks of a rubric's programme declarations: unit attributes, appraisal stages, the dossier
and the targets that name attributes (see docs/programme.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._i18n import N_, msg
from ._numbers import HUNDRED, to_fraction
from ._paths import choose
from .errors import Path, Problem

if TYPE_CHECKING:
    from .model import RubricSpec
    from .rubric import Rubric
    from .tabular import Row

#: the columns a sheet names its units with (tiercert.template's, which outputs own)
RESERVED_COLUMNS = ("unit_id", "unit_name")
#: what a sheet's column of a stage's answer starts with: ``district:g1`` (stage, then id)
STAGE_SEPARATOR = ":"
#: the prefixes of a unit's dossier and evidence columns (docs/programme.md)
DOSSIER, EVIDENCE = "dossier", "evidence"


def check_programme(rubric: RubricSpec, names: set[str]) -> Iterator[Problem]:
    """Problems of the programme parts of ``rubric``; ``names`` are its criterion and fact ids
    (which attribute ids must not repeat: they share a sheet's columns)."""
    attributes = {a.id: a for a in rubric.attributes}
    entries: list[tuple[str, list[tuple[str, Path]]]] = [
        (
            N_("attribute"),
            [(a.id, ("attributes", i, "id")) for i, a in enumerate(rubric.attributes)],
        ),
        (N_("stage"), [(s.id, ("stages", i, "id")) for i, s in enumerate(rubric.stages)]),
    ]
    if rubric.dossier is not None:
        documents = rubric.dossier.documents
        entries.append(
            (
                N_("document"),
                [(d.id, ("dossier", "documents", i, "id")) for i, d in enumerate(documents)],
            )
        )
    for what, found in entries:
        counts = Counter(ident for ident, _ in found)
        seen: set[str] = set()
        for ident, where in found:
            if counts[ident] > 1 and ident in seen:
                yield _error(
                    "id.duplicate",
                    msg(
                        "the {what} id {ident!r} is used more than once; rename one of them",
                        what=msg(what),
                        ident=ident,
                    ),
                    where,
                )
            seen.add(ident)
    for i, attribute in enumerate(rubric.attributes):
        path: Path = ("attributes", i)
        if attribute.id in names or attribute.id in RESERVED_COLUMNS:
            yield _error(
                "id.duplicate",
                msg(
                    "the attribute id {attribute!r} is also a criterion, fact or reserved "
                    "column name; a sheet has one column per name, rename the attribute",
                    attribute=attribute.id,
                ),
                (*path, "id"),
            )
        if attribute.type == "choice" and not attribute.values:
            yield _error(
                "programme.declaration",
                msg(
                    "the attribute {attribute!r} is a choice without values; list them "
                    "under values:",
                    attribute=attribute.id,
                ),
                (*path, "values"),
            )
        if attribute.values and attribute.type != "choice":
            yield _error(
                "programme.declaration",
                msg(
                    "values are given for the attribute {attribute!r}, which is not a "
                    "choice; write type: choice, or remove values:",
                    attribute=attribute.id,
                ),
                (*path, "values"),
            )
    dossier = rubric.dossier
    if dossier is not None and dossier.fact is not None:
        fact = next((f for f in rubric.facts if f.id == dossier.fact), None)
        if fact is None:
            facts = [f.id for f in rubric.facts]
            yield _error(
                "ref.unknown",
                msg(
                    "no fact has the id {fact!r}{hint}; declare it under facts: with type: boolean",
                    fact=dossier.fact,
                    hint=choose(dossier.fact, facts, "fact"),
                ),
                ("dossier", "fact"),
            )
        elif fact.type != "boolean":
            yield _error(
                "programme.declaration",
                msg(
                    "the dossier sets the fact {fact!r}, which must be of type boolean",
                    fact=fact.id,
                ),
                ("dossier", "fact"),
            )
    rounds = [i for i, a in enumerate(rubric.attributes) if a.round]
    for i in rounds[1:]:
        yield _error(
            "programme.declaration",
            msg("only one attribute can be the round; remove round: true from all but one"),
            ("attributes", i, "round"),
        )
    deciding = [i for i, s in enumerate(rubric.stages) if s.decides]
    for i in deciding[1:]:
        yield _error(
            "programme.declaration",
            msg("only one stage can decide recognition; remove decides: true from all but one"),
            ("stages", i, "decides"),
        )
    for i, stage in enumerate(rubric.stages):
        tolerance = stage.tolerance
        if tolerance is None:
            continue
        for name, top in (("points", None), ("percent", HUNDRED)):
            value = getattr(tolerance, name)
            if value is None:
                continue
            amount = to_fraction(value)
            if amount < 0 or (top is not None and amount > top):
                limit = msg("0 or more") if top is None else msg("from 0 to 100")
                yield _error(
                    "value.range",
                    msg(
                        "a tolerance in {name} must be {limit}, not {value}",
                        name=name,
                        limit=limit,
                        value=value,
                    ),
                    ("stages", i, "tolerance", name),
                )
    for i, target in enumerate(rubric.targets):
        for key, values in (target.by or {}).items():
            named = attributes.get(key)
            if named is None:
                yield _error(
                    "ref.unknown",
                    msg(
                        "no attribute has the id {key!r}{hint}",
                        key=key,
                        hint=choose(key, attributes, "attribute"),
                    ),
                    ("targets", i, "by", key),
                )
                continue
            for j, value in enumerate(values):
                if named.values and value not in named.values:
                    yield _error(
                        "value.choice",
                        msg(
                            "{value!r} is not a value of the attribute {key!r}{hint}",
                            value=value,
                            key=key,
                            hint=choose(value, named.values, "value"),
                        ),
                        ("targets", i, "by", key, j),
                    )


def _error(code: str, message: str, path: Path) -> Problem:
    return Problem(code, message, path)


def is_programme(rubric: Rubric) -> bool:
    """Whether ``rubric`` declares a programme (attributes, stages or a dossier)."""
    spec = rubric.parts  # the plain parts: no pydantic models built to ask
    return bool(spec.attributes or spec.stages or spec.dossier is not None)


class Peeked:
    """Rows with the first one read ahead (to see whether they carry a programme); reads
    like the rows it wraps (``header``, ``file``, ``fraction``, ``close``)."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self.rows = rows
        self.first: Row | None = next(rows, None)
        self._given = False

    def __iter__(self) -> Peeked:
        return self

    def __next__(self) -> Row:
        if not self._given:
            self._given = True
            if self.first is not None:
                return self.first
        return next(self.rows)

    def ahead(self) -> list[Row] | None:
        """The row read ahead, for a reader that takes over the input from here (a batch
        reading a CSV file's records itself): given now, not by ``next``.  None when rows
        were given already."""
        if self._given:
            return None
        self._given = True
        return [self.first] if self.first is not None else []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rows, name)


def carries_programme(rubric: Rubric, row: Row | None) -> bool:
    """Whether ``row`` (the first of an input) gives any of the programme ``rubric``
    declares: a column named by an attribute, ``STAGE:``, ``dossier:`` or ``evidence:``; a
    file's ``stages``, ``dossier`` or attribute under ``unit:``."""
    if row is None or not is_programme(rubric):
        return False
    spec = rubric.parts  # the plain parts: no pydantic models built to ask
    attributes = {a.id for a in spec.attributes}
    prefixes = {*(s.id for s in spec.stages), DOSSIER, EVIDENCE}
    if row.document is not None:
        unit = row.document.get("unit")
        keys = set(unit) if isinstance(unit, Mapping) else set()
        return bool(keys & attributes or "stages" in row.document or "dossier" in row.document)
    return any(
        name in attributes or name.partition(STAGE_SEPARATOR)[0] in prefixes
        for name in row.header
        if STAGE_SEPARATOR in name or name in attributes
    )
