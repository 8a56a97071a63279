"""A programme's units: attributes, appraisal stages and dossiers, read row by row and scored.

A rubric that declares ``attributes``, ``stages`` or a ``dossier`` (docs/programme.md) scores
a unit as a programme does: each stage present (self-assessment, district appraisal...) is
scored on its own, the deciding stage's result is the unit's, appraisals that move the unit
across a threshold or cut a group by more than the stage's tolerance are flagged, the dossier's
missing documents and evidence files are listed, and the unit's attributes (district, round)
are read, checked and kept.

Sheets: a column named by an attribute id holds that attribute; ``STAGE:ID`` (``district:g1``)
holds a stage's answer to criterion or fact ``ID`` (any column a batch sheet has, after the
stage id and a colon); columns without a stage prefix are shared by every stage (or are the
answers when the row has no stage columns); ``dossier:DOC`` and ``evidence:GROUP`` say (yes or
no) whether a document or a group's evidence file was filed.  Files: ``unit:`` keys hold the
attributes, ``stages: {self: {answers: ...}}`` the stages, ``dossier: {documents: [...],
evidence: [...]}`` the dossier.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from ._columns import (
    COMMENT,
    Missing,
    Reader,
    is_empty,
    located,
    row_problem,
    unit_text,
    unsaved_formula,
)
from ._decimal_comma import DecimalSeparator, check_separator
from ._escape import markdown_text, not_printing, text_of_lines
from ._i18n import Given, columns_moved, msg
from ._literals import (
    grouped_problem,
    nfc,
    number_problem,
    parse_bool,
    parse_number,
    word_problem,
)
from ._no_unit import NO_UNIT_CODES
from ._numbers import HUNDRED, ZERO, display_number, exact_number
from ._paths import choose, shown
from ._programme_checks import (
    DOSSIER,
    EVIDENCE,
    STAGE_SEPARATOR,
    is_programme,
)
from ._programme_texts import DossierTitles, tr
from ._sheet_dates import date_shown
from ._tables import UNSAVED_FORMULA
from ._whatif import top_level_counted
from ._writers import number_text
from .assessment import Assessment
from .batch import Outcome, ResultTable, _outcomes
from .errors import AssessmentError, Problem, sorted_problems
from .result import NodeResult, Result
from .rubric import Rubric, text_in
from .tabular import Row
from .template import UNIT_ID, UNIT_NAME

if TYPE_CHECKING:
    from .model import Tolerance  # (the models are not loaded to read a sheet)

#: the prefix of a sheet's dossier columns (``dossier:to_trinh``) and evidence columns

FlagKind = Literal["tier", "certified", "cut"]


@dataclass(frozen=True, slots=True)
class StageFlag:
    """An appraisal worth a look: stage ``stage`` (against ``before``, the stage present just
    before it) changed the tier (``tier``), the certification (``certified``), or cut group
    ``group`` by more than the stage's tolerance (``cut``); ``old`` and ``new`` are the tier
    ids (``""``: none), ``true``/``false``, or the group's two scores."""

    kind: FlagKind
    stage: str
    before: str
    old: str
    new: str
    group: str | None = None

    def describe(self, lang: str | None = None, rubric: Rubric | None = None) -> str:
        """``district (from self): g2 25 -> 18`` and the like: in English with ids (``lang``
        None, a stable cell of the output), or in ``lang`` for people (``vi``); with
        ``rubric``, by its labels (stages, tiers, groups) and yes/no in ``lang``, as a
        scorecard or a dashboard shows it."""
        names = _FlagNames(rubric, lang) if rubric is not None and lang is not None else None
        what = {"tier": tr("tier", lang), "certified": tr("certified", lang)}.get(
            self.kind, self.group or ""
        )
        old, new = self.old, self.new
        stage, before = self.stage, self.before
        if names is not None:
            what = names.group(self.group) if self.kind == "cut" else what
            old, new = names.value(self.kind, old), names.value(self.kind, new)
            stage, before = names.stage(stage), names.stage(before)
        change = f"{what} {old or '-'} -> {new or '-'}"
        return tr("{stage} (from {before}): {change}", lang, stage=stage,
                  before=before, change=change)  # fmt: skip

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "stage": self.stage,
            "before": self.before,
            "group": self.group,
            "old": self.old,
            "new": self.new,
        }


class _FlagNames:
    """The labels a flag is told with for people: a stage's label, a tier's, a group's id
    and title, yes or no in ``lang``."""

    def __init__(self, rubric: Rubric, lang: str) -> None:
        self.rubric, self.lang = rubric, lang

    def stage(self, sid: str) -> str:
        found = next((s for s in self.rubric.spec.stages if s.id == sid), None)
        return text_in(found.label, self.lang) if found is not None else sid

    def group(self, gid: str | None) -> str:
        for nid, _depth, node in self.rubric.iter_nodes():
            if nid == gid:
                title = text_in(node.title, self.lang)
                return f"{nid} {title}" if title else nid
        return gid or ""

    def value(self, kind: FlagKind, value: str) -> str:
        if kind == "certified":
            return tr("yes", self.lang) if value == "true" else tr("no", self.lang)
        if kind == "tier":
            found = next((t for t in self.rubric.spec.tiers if t.id == value), None)
            return text_in(found.label, self.lang) if found is not None else value
        if value == "na":
            return tr("N/A", self.lang)
        # a score as people read it (24,58… in Vietnamese), never the exact fraction the
        # flag keeps for a sheet's cell (295/12)
        return display_number(Fraction(value), lang=self.lang)


@dataclass(frozen=True)
class UnitOutcome:
    """One unit of a programme: its attributes, each stage's result, the deciding result
    (``result``, None when a problem kept it from scoring), what its dossier lacks, the
    flagged appraisals and its problems.  ``number`` and ``file`` say where the row was."""

    number: int
    unit_id: str | None
    unit_name: str | None
    attributes: Mapping[str, str]
    stages: Mapping[str, Result]
    decided_by: str | None
    result: Result | None
    missing_documents: tuple[str, ...] = ()
    missing_evidence: tuple[str, ...] = ()
    flags: tuple[StageFlag, ...] = ()
    problems: tuple[Problem, ...] = ()
    file: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (numbers as exact text, as results write them)."""
        return {
            "unit": {"id": self.unit_id, "name": self.unit_name, **self.attributes},
            "decided_by": self.decided_by,
            "result": self.result.to_dict() if self.result is not None else None,
            "stages": {
                sid: {
                    "total": exact_number(r.total),
                    "tier": r.tier.id if r.tier else None,
                    "certified": r.certified,
                }
                for sid, r in self.stages.items()
            },
            "missing_documents": list(self.missing_documents),
            "missing_evidence": list(self.missing_evidence),
            "flags": [f.to_dict() for f in self.flags],
            "problems": [p.to_dict() for p in self.problems],
        }


# --- reading ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Split:
    """A row taken apart: the shared cells, each stage's cells, attributes and the dossier
    (column name -> (value, column index))."""

    shared: dict[str, tuple[object, int]] = field(default_factory=dict)
    stages: dict[str, dict[str, tuple[object, int]]] = field(default_factory=dict)
    #: each stage's empty cells, apart from ``stages`` (which says what a stage gave): a
    #: missing answer of the stage is told at its empty column, as a plain sheet's is
    blank: dict[str, dict[str, tuple[object, int]]] = field(default_factory=dict)
    attributes: dict[str, tuple[object, int | None]] = field(default_factory=dict)
    documents: dict[str, tuple[object, int | None]] | None = None
    evidence: dict[str, tuple[object, int | None]] | None = None
    problems: list[Problem] = field(default_factory=list)


class ProgrammeReader:
    """Scores the units of a programme row by row; remembers, per unit, only what the checks
    across rows need (its fixed attributes and the rounds it was seen in)."""

    def __init__(
        self,
        rubric: Rubric,
        *,
        missing: Missing = None,
        decimal_separator: DecimalSeparator = ".",
    ) -> None:
        self.rubric = rubric
        self.missing = missing
        #: ``","``: the answers' texts write decimals with a comma (Rubric.evaluate)
        self.separator = check_separator(decimal_separator)
        spec = rubric.spec
        self.attributes = {a.id: a for a in spec.attributes}
        self.stage_ids = [s.id for s in spec.stages]
        #: each stage's label, as the problems of its answers name it (in the reader's language)
        self._labels = {s.id: Given(s.label) for s in spec.stages}
        self.deciding = next((s.id for s in spec.stages if s.decides), None)
        self.tolerance = {s.id: s.tolerance for s in spec.stages}
        #: the problems of shared columns met while scoring a row's stages (stage, problem)
        self._shared_problems: list[tuple[str, Problem]] = []
        self.documents = [d.id for d in spec.dossier.documents] if spec.dossier else []
        self.groups = [n.id for n in spec.criteria]
        self.evidence = bool(spec.dossier and spec.dossier.evidence)
        #: the boolean fact the dossier sets (a gate on it requires a complete dossier)
        self.dossier_fact = spec.dossier.fact if spec.dossier else None
        self.round = next((a.id for a in spec.attributes if a.round), None)
        self.fixed = [a.id for a in spec.attributes if a.fixed]
        self.group_max = {n.id: rubric._plan.nodes[n.id].max for n in spec.criteria}
        #: the top-level bonus and penalty criteria: a stage cuts one by what it changes in
        #: the total (a penalty that takes more is the cut), never by its own score
        self._roles = {n.id for n in spec.criteria if n.bonus or n.penalty}
        self._rubric = rubric
        # unit id -> attribute -> (value, row); (unit id, round) -> row
        self._fixed_seen: dict[str, dict[str, tuple[str, int]]] = {}
        self._rounds_seen: dict[tuple[str, str], int] = {}
        #: one reader for every stage row (as a batch keeps one for its rows): the columns of
        #: each header and the messages of unknown columns are worked out once, not per row
        self._reader = Reader(rubric)

    def _evaluate(self, item: Row) -> Outcome | None:
        """The outcome of one stage row (or document), as :func:`~tiercert.batch.evaluate_many`
        gives it, with this reader's reader."""
        outcomes = _outcomes(
            self.rubric,
            [item],
            self.missing,
            False,
            "fast",
            reader=self._reader,
            separator=self.separator,
        )
        return _one(outcomes)

    def read(self, rows: Iterable[Row]) -> Iterator[UnitOutcome]:
        """One outcome per unit row (comment and empty rows are skipped)."""
        try:
            for row in rows:
                outcome = self.unit(row)
                if outcome is not None:
                    yield outcome
        finally:
            close = getattr(rows, "close", None)
            if callable(close):
                close()

    def unit(self, row: Row) -> UnitOutcome | None:
        """The outcome of one row; None for a row to skip."""
        if row.problems:
            unit_id = unit_name = None
            attributes: dict[str, str] = {}
            known = self._split(row) if row.cells and row.document is None else None
            if known is not None:
                # a sheet's row with a cell misread (a district merged over its units): still
                # known by its id, name and attributes, as a plain batch's row is; their own
                # problems aside (the merged cell reads empty: its problem says why)
                unit_id, unit_name, _ = self._unit_names(row, known)
                attributes = self._attributes(row, known, [])
            return UnitOutcome(
                row.number, unit_id, unit_name, attributes, {}, None, None,
                problems=tuple(located(p, row) for p in row.problems), file=row.file,
            )  # fmt: skip
        split = self._split_document(row) if row.document is not None else self._split(row)
        if split is None:
            return None
        unit_id, unit_name, problems = self._unit_names(row, split)
        if unit_id is not None and unit_id.startswith(COMMENT):
            return None
        attributes = self._attributes(row, split, problems)
        if unit_id is not None:
            self._across_rows(row, unit_id, attributes, problems)
        missing_docs, missing_evidence = self._dossier(split, row)
        complete = None
        if split.documents is not None or split.evidence is not None:
            complete = not (missing_docs or missing_evidence)
        stages = [s for s in self.stage_ids if s in split.stages]
        results = self._score_stages(row, split, stages, unit_id, complete, problems)
        decided = results.get(self._decider(stages) or "")
        if decided is not None and self.evidence and split.evidence is not None:
            claimed = self._claimed(split, decided)
            if claimed:
                missing_evidence = tuple(
                    g for g in self.groups if g in missing_evidence or g in claimed
                )
                if complete and self.dossier_fact is not None:
                    # the dossier's fact was read as true: the unit is scored again with it
                    # false, so that a gate on it sees the file the bonus or penalty lacks
                    results = self._score_stages(row, split, stages, unit_id, False, problems)
        missing = [p for p in problems if p.code == "answer.missing"]
        if missing and not stages and row.document is None and self._staged_header(row.header):
            # the sheet answers by stage and this row fills none: one problem, not one
            # "no answer for 'A1.1'" per criterion, naming a column the sheet does not have
            # (with missing answers scored 0, such a row is scored, as any row is)
            problems[:] = [p for p in problems if p.code != "answer.missing"]
            problems.append(
                row_problem(
                    "row.empty",
                    msg(
                        "no stage of this unit is filled in: give its answers in the columns "
                        "of a stage ({stages})",
                        stages=", ".join(f"{s}{STAGE_SEPARATOR}…" for s in self.stage_ids),
                    ),
                    row,
                    None,
                    None,
                )
            )
        problems.extend(split.problems)
        no_unit = [p for p in problems if p.code in NO_UNIT_CODES]
        if no_unit:  # a total row, a second header row: its one problem, as batch says it
            problems[:] = no_unit[:1]
        if problems:
            return UnitOutcome(
                row.number, unit_id, unit_name, attributes, {}, None, None,
                missing_docs, missing_evidence, (),
                tuple(sorted_problems(problems)), row.file,
            )  # fmt: skip
        decided_by = self._decider(stages)
        result = results[decided_by if decided_by is not None else ""]
        staged = {s: results[s] for s in stages}
        return UnitOutcome(
            row.number, unit_id, unit_name, attributes, staged, decided_by, result,
            missing_docs, missing_evidence, tuple(self._flags(staged)), (), row.file,
        )  # fmt: skip

    def parts(
        self, row: Row, *, across_rows: bool = False
    ) -> tuple[_Split | None, dict[str, str], list[Problem]]:
        """The row's programme parts as this rubric reads them, without scoring: the split
        (shared cells, stages, attributes, dossier; None for a row to skip), the attributes
        read, and the problems of those parts (stages and dossier entries the rubric does not
        declare, attribute values it refuses, required attributes missing; with
        ``across_rows``, those :meth:`unit` finds against the rows read before: a unit id
        used twice in a round, a fixed attribute changed).  What ``migrate`` checks a unit's
        programme against the new version with."""
        if row.problems:
            return None, {}, []
        split = self._split_document(row) if row.document is not None else self._split(row)
        if split is None:
            return None, {}, []
        problems: list[Problem] = []
        attributes = self._attributes(row, split, problems)
        if across_rows:
            unit_id = self._unit_names(row, split)[0]
            if unit_id is not None and not unit_id.startswith(COMMENT):
                self._across_rows(row, unit_id, attributes, problems)
        self._dossier(split, row)
        return split, attributes, [*problems, *split.problems]

    def _staged_header(self, header: Sequence[str]) -> bool:
        """Whether a sheet's header has a column of a declared stage (``kiem_tra:A1.1``)."""
        for name in header:
            prefix, sep, _ = name.partition(STAGE_SEPARATOR)
            if sep and prefix in self.stage_ids and not name.startswith(COMMENT):
                return True
        return False

    def _score_stages(
        self,
        row: Row,
        split: _Split,
        stages: Sequence[str],
        unit_id: str | None,
        complete: bool | None,
        problems: list[Problem],
    ) -> dict[str, Result]:
        """Each present stage's result (by stage id; ``""``: the row's, without stages)."""
        results: dict[str, Result] = {}
        self._shared_problems = []
        for stage in [*stages] if stages else [None]:
            result = self._score(row, split, stage, unit_id, complete, problems)
            if result is not None:
                results[stage if stage is not None else ""] = result
        self._said_once(stages, problems)
        return results

    def _claimed(self, split: _Split, result: Result) -> set[str]:
        """The top-level bonus and penalty criteria whose evidence file is missing though the
        deciding result says they awarded or removed points (docs/programme.md: a penalty
        that removed nothing, a market with no violation, has nothing to prove)."""
        evidence = split.evidence or {}
        claimed = set()
        for gid in self._roles:
            node = result.nodes.get(gid)
            if (
                node is not None
                and node.counted
                and node.status != "excluded"
                and node.score
                and not _filed(evidence.get(gid))
            ):
                claimed.add(gid)
        return claimed

    def _decider(self, stages: Sequence[str]) -> str | None:
        if not stages:
            return None
        if self.deciding in stages:
            return self.deciding
        return stages[-1]

    # --- a sheet's row

    def _split(self, row: Row) -> _Split | None:
        split = _Split()
        cells = row.cells
        n = len(cells)
        if all(is_empty(c) for c in cells):
            return None
        for i, name in enumerate(row.header):
            if name.startswith(COMMENT):
                # a note (#...), even one with a colon (#own:total, "#ghi chú: ..."): not read,
                # its formula with no saved result nobody's problem
                continue
            value = cells[i] if i < n else None
            prefix, sep, rest = name.partition(STAGE_SEPARATOR)
            staged = sep and prefix in self.stage_ids and name not in self.attributes
            if value is UNSAVED_FORMULA and not staged:
                # the row's problem; no value, as before it was seen (a stage's cell keeps
                # it: its stage's reader says so, at its column, and not that it is missing)
                split.problems.append(unsaved_formula(row, i))
                value = None
            if name in self.attributes:
                split.attributes[name] = (value, i)
                continue
            if not sep:
                split.shared[name] = (value, i)
            elif prefix in self.stage_ids:
                if not is_empty(value):
                    split.stages.setdefault(prefix, {})[rest] = (value, i)
                else:
                    split.stages.setdefault(prefix, {})
                    split.blank.setdefault(prefix, {})[rest] = (value, i)
            elif prefix == DOSSIER:
                split.documents = split.documents if split.documents is not None else {}
                split.documents[rest] = (value, i)
                self._filed_or_not(row, name, value, i, split)
            elif prefix == EVIDENCE:
                split.evidence = split.evidence if split.evidence is not None else {}
                split.evidence[rest] = (value, i)
                self._filed_or_not(row, name, value, i, split)
            else:
                choices = [*self.stage_ids, DOSSIER, EVIDENCE]
                split.problems.append(
                    row_problem(
                        "column.unknown",
                        msg(
                            "unknown column {name!r}: no stage is called {prefix!r}{hint}",
                            name=name,
                            prefix=prefix,
                            hint=choose(prefix, choices, "stage"),
                        ),
                        row,
                        name,
                        i if row.numbered_columns else None,
                    )
                )
        # a stage whose columns are all empty is not present
        for stage in [s for s, cols in split.stages.items() if not cols]:
            del split.stages[stage]
        return split

    # --- an assessment file (or a JSON line shaped like one)

    def _split_document(self, row: Row) -> _Split | None:
        data = row.document
        assert data is not None
        split = _Split()
        unit = data.get("unit")
        if isinstance(unit, Mapping):
            for key, value in unit.items():
                if key in self.attributes:
                    split.attributes[str(key)] = (value, None)
        stages = data.get("stages")
        if isinstance(stages, Mapping):
            for sid in stages:
                if sid not in self.stage_ids:
                    split.problems.append(
                        located(
                            _at(
                                row,
                                Problem(
                                    "stage.unknown",
                                    msg(
                                        "the rubric has no stage {sid!r}{hint}",
                                        sid=sid,
                                        hint=choose(str(sid), self.stage_ids, "stage"),
                                    ),
                                    ("stages", sid),
                                ),
                            ),
                            row,
                        )
                    )
                    continue
                split.stages[str(sid)] = {}
        dossier = data.get("dossier")
        if isinstance(dossier, Mapping):
            docs = dossier.get("documents")
            if isinstance(docs, list):
                split.documents = {str(d): (True, None) for d in docs}
            evidence = dossier.get("evidence")
            if isinstance(evidence, list):
                split.evidence = {str(g): (True, None) for g in evidence}
        return split

    def _unit_names(self, row: Row, split: _Split) -> tuple[str | None, str | None, list[Problem]]:
        problems: list[Problem] = []
        if row.document is not None:
            unit = row.document.get("unit")
            raw_id = unit.get("id") if isinstance(unit, Mapping) else None
            raw_name = unit.get("name") if isinstance(unit, Mapping) else None
            unit_id = unit_text(raw_id)
            if unit_id is None and row.source is not None and row.file:
                from pathlib import Path

                unit_id = Path(row.file).stem
            return unit_id, unit_text(raw_name), problems
        raw = split.shared.get(UNIT_ID, (None, 0))[0]
        return unit_text(raw), unit_text(split.shared.get(UNIT_NAME, (None, 0))[0]), problems

    def _attributes(self, row: Row, split: _Split, problems: list[Problem]) -> dict[str, str]:
        values: dict[str, str] = {}
        for aid, attribute in self.attributes.items():
            raw, index = split.attributes.get(aid, (None, None))
            column = index if row.numbered_columns else None
            path_name = aid if row.document is None else f"unit.{aid}"
            if is_empty(raw) or (isinstance(raw, str) and not raw.strip()):
                if attribute.required:
                    problems.append(
                        _attribute_problem(
                            "attribute.missing",
                            msg(
                                "the {aid!r} of the unit is missing; every unit must give it",
                                aid=aid,
                            ),
                            row, path_name, column,
                        )
                    )  # fmt: skip
                continue
            if isinstance(raw, _dt.date | _dt.time) and attribute.type == "text":
                # the text the sheet shows (15/01/2021), as the same sheet saved as CSV gives
                # it; a cell without a format of its own, as an ISO date
                raw = date_shown(raw, "en", getattr(raw, "number_format", None))
            elif isinstance(raw, _dt.date | _dt.time):  # a date cell: told as the answers' is
                raw = raw.isoformat()
            text = _attribute_text(raw)
            if attribute.type == "number":
                number = parse_number(raw)
                if number is None:
                    # a round is a whole number: what is suggested is one (2024,0: write 2024)
                    said = number_problem(raw, whole=bool(attribute.round))
                    problems.append(
                        _attribute_problem(
                            "attribute.value",
                            msg(
                                "the {aid!r} must be a number, not {text!r}; write it in "
                                "digits",
                                aid=aid,
                                text=text,
                            )
                            if said is None
                            else msg(
                                "the {aid!r} must be a number, not {text!r}; {said}",
                                aid=aid,
                                text=text,
                                said=said,
                            ),
                            row, path_name, column,
                        )
                    )  # fmt: skip
                    continue
                why = None if attribute.round else grouped_problem(raw)
                if why is not None:  # 12.000 people: twelve, or twelve thousand?
                    problems.append(
                        _attribute_problem(
                            "attribute.value",
                            msg("the {aid!r} is written {text!r}; {why}", aid=aid, text=text,
                                why=why),
                            row, path_name, column,
                        )
                    )  # fmt: skip
                    continue
                if attribute.round and not _whole(raw, number):
                    # a round is a period's number: "2.024" (2024 with a thousands dot) or
                    # 2024.5 would silently be a round of its own
                    problems.append(
                        _attribute_problem(
                            "attribute.value",
                            msg(
                                "the {aid!r} is a round: {text!r} is not a whole number; "
                                "write it in digits only, without a dot or a comma: 2024",
                                aid=aid,
                                text=text,
                            ),
                            row, path_name, column,
                        )
                    )  # fmt: skip
                    continue
                text = exact_number(number)
            elif attribute.type == "choice":
                allowed = attribute.values or []
                if text not in allowed:
                    # Ｂắc, Bắc with a zero-width space, #N/A: the help answers get
                    why = word_problem(raw, _one_of(allowed))
                    problems.append(
                        _attribute_problem(
                            "attribute.value",
                            msg(
                                "{text!r} is not a {aid!r} of this rubric{hint}",
                                text=text,
                                aid=aid,
                                hint=msg("; {why}", why=why)
                                if why
                                else choose(text, allowed, "value"),
                            ),
                            row, path_name, column,
                        )
                    )  # fmt: skip
                    continue
            values[aid] = text
        return values

    def _across_rows(
        self, row: Row, unit_id: str, attributes: Mapping[str, str], problems: list[Problem]
    ) -> None:
        key = (unit_id, attributes.get(self.round, "") if self.round is not None else "")
        first = self._rounds_seen.get(key)
        if first is None:
            self._rounds_seen[key] = row.number
        else:
            during = (
                msg(" in round {round}", round=key[1]) if self.round is not None and key[1] else ""
            )
            problems.append(
                _attribute_problem(
                    "unit.duplicate",
                    msg(
                        "the unit id {unit_id!r} already appears{during} (row {first}); each "
                        "unit appears once per round",
                        unit_id=unit_id,
                        during=during,
                        first=first,
                    ),
                    row, UNIT_ID if row.document is None else "unit.id", None,
                )
            )  # fmt: skip
        seen = self._fixed_seen.setdefault(unit_id, {})
        for aid in self.fixed:
            value = attributes.get(aid)
            if value is None:
                continue
            before = seen.get(aid)
            if before is None:
                seen[aid] = (value, row.number)
            elif before[0] != value:
                problems.append(
                    _attribute_problem(
                        "unit.attribute",
                        msg(
                            "the unit id {unit_id!r} has {aid} {before!r} on row {before2} and "
                            "{value!r} here; one id is one unit: fix the {aid} or the id",
                            unit_id=unit_id,
                            aid=aid,
                            before=before[0],
                            before2=before[1],
                            value=value,
                        ),
                        row, aid if row.document is None else f"unit.{aid}", None,
                    )
                )  # fmt: skip

    # --- scoring a stage

    def _score(
        self,
        row: Row,
        split: _Split,
        stage: str | None,
        unit_id: str | None,
        complete: bool | None,
        problems: list[Problem],
    ) -> Result | None:
        """The result of one stage (None: the row's; ``complete``: whether the dossier the
        input gives is complete, the value of the rubric's dossier fact)."""
        if row.document is not None:
            return self._score_document(row, stage, unit_id, complete, problems)
        extra: dict[str, object] = {}
        if self.dossier_fact is not None and complete is not None:
            extra[self.dossier_fact] = complete
        plain, where = stage_row(row, split, stage, extra)
        outcome = self._evaluate(plain)
        if outcome is None:  # an empty stage: the row had only attributes
            problems.append(
                row_problem("row.empty", msg("the row has no answers; fill in the unit's answers"),
                            row, None, None)
            )  # fmt: skip
            return None
        for p in outcome.problems:
            if p.code == "unit.id":
                if stage is not None and stage != self._first_stage(split):
                    continue  # said once, for the first stage, and of no stage: of the unit
                problems.append(restaged(p, None, where, row, plain))
                continue
            placed = restaged(p, None, where, row, plain)
            if placed.where in split.shared and stage is not None:
                # a shared column's problem: said once if every stage has it (below)
                self._shared_problems.append((stage, placed))
                continue
            problems.append(restaged(p, self.stage_label(stage), where, row, plain))
        return outcome.result

    def _said_once(self, stages: Sequence[str], problems: list[Problem]) -> None:
        """The problems of shared columns (``extra``, a fact's cell), which every stage's row
        holds: one that every stage met is said once, of no stage; one that only some met,
        for each of them with its stage's label."""
        met: dict[tuple[object, ...], list[tuple[str, Problem]]] = {}
        for stage, problem in self._shared_problems:
            key = (problem.code, problem.line, problem.column, problem.where, problem.message)
            met.setdefault(key, []).append((stage, problem))
        self._shared_problems = []
        for found in met.values():
            if {stage for stage, _ in found} >= set(stages):
                problems.append(found[0][1])
            else:
                problems.extend(_with_stage(p, self.stage_label(stage)) for stage, p in found)

    def stage_label(self, stage: str | None) -> str | None:
        """The label of the stage ``stage`` (None: no stage) in any language, as a problem of
        its answers names it: people read its label, the path keeps its id."""
        return None if stage is None else self._labels.get(stage, stage)

    def _first_stage(self, split: _Split) -> str | None:
        return next((s for s in self.stage_ids if s in split.stages), None)

    def _score_document(
        self,
        row: Row,
        stage: str | None,
        unit_id: str | None,
        complete: bool | None,
        problems: list[Problem],
    ) -> Result | None:
        data = row.document
        assert data is not None
        answers = dict(data.get("answers") or {})
        facts = dict(data.get("facts") or {})
        if self.dossier_fact is not None and complete is not None:
            facts[self.dossier_fact] = complete
        if stage is not None:
            staged = (data.get("stages") or {}).get(stage) or {}
            answers.update(staged.get("answers") or {})
            facts.update(staged.get("facts") or {})
        plain = {k: v for k, v in data.items() if k not in ("stages", "dossier")}
        plain["answers"], plain["facts"] = answers, facts
        unit = plain.get("unit")
        if isinstance(unit, Mapping):  # attributes were read already; the engine takes id, name
            plain["unit"] = {k: v for k, v in unit.items() if k in ("id", "name")}
        item = Row(row.number, file=row.file, document=plain, source=row.source)
        outcome = self._evaluate(item)
        assert outcome is not None
        for p in outcome.problems:
            if p.code == "unit.id" and unit_id is not None:
                # a file named by its name has no id of its own (not said); an id that does
                # not print is the unit's problem, said once, of no stage
                if not_printing(unit_id) and p not in problems:
                    problems.append(p)
                continue
            if stage is not None and len(p.path) >= 2 and p.path[0] in ("answers", "facts"):
                given = (data.get("stages") or {}).get(stage) or {}
                if p.path[1] in (given.get(p.path[0]) or {}):
                    path = ("stages", stage, *p.path)
                    p = _at(row, replace(p, path=path, line=None, column=None))
            problems.append(_with_stage(p, self.stage_label(stage)))
        return outcome.result

    # --- the dossier and the flags

    @staticmethod
    def _filed_or_not(row: Row, name: str, value: object, i: int, split: _Split) -> None:
        """A dossier or evidence cell that says neither yes nor no (``Co``, ``maybe``, ``2``):
        the row's problem at its column, as an answer's would be, never read as "not filed"."""
        if value is None or value is True or value is False or is_empty(value):
            return
        if parse_bool(value) is None:
            split.problems.append(
                row_problem(
                    "dossier.invalid",
                    msg("expected yes or no (filed or not), got {value}", value=shown(value)),
                    row,
                    name,
                    i if row.numbered_columns else None,
                )
            )

    def _dossier(self, split: _Split, row: Row) -> tuple[tuple[str, ...], tuple[str, ...]]:
        docs: tuple[str, ...] = ()
        evidence: tuple[str, ...] = ()
        if self.documents and split.documents is not None:
            docs = tuple(d for d in self.documents if not _filed(split.documents.get(d)))
        for name in sorted((split.documents or {}).keys() - set(self.documents)):
            message = (
                msg(
                    "the dossier has no document {name!r}{hint}",
                    name=name,
                    hint=choose(name, self.documents, "document"),
                )
                if self.documents
                else msg("the rubric declares no dossier documents; remove {name!r}", name=name)
            )
            split.problems.append(
                _dossier_problem(row, DOSSIER, name, message, (split.documents or {})[name][1])
            )
        if self.evidence and split.evidence is not None:
            # a bonus's or a penalty's file is asked only when it awarded or removed points,
            # which its score says (:meth:`_claimed`); every other group's, always
            evidence = tuple(
                g for g in self.groups if g not in self._roles and not _filed(split.evidence.get(g))
            )
        for name in sorted((split.evidence or {}).keys() - set(self.groups)):
            message = msg(
                "no top-level group has the id {name!r}{hint}",
                name=name,
                hint=choose(name, self.groups, "group"),
            )
            split.problems.append(
                _dossier_problem(row, EVIDENCE, name, message, (split.evidence or {})[name][1])
            )
        return docs, evidence

    def _flags(self, staged: Mapping[str, Result]) -> Iterator[StageFlag]:
        order = list(staged)
        for before, stage in itertools.pairwise(order):
            old, new = staged[before], staged[stage]
            old_tier = old.tier.id if old.tier else ""
            new_tier = new.tier.id if new.tier else ""
            if old.certified != new.certified:
                yield StageFlag(
                    "certified", stage, before, _yes(old.certified), _yes(new.certified)
                )
            if old_tier != new_tier:
                yield StageFlag("tier", stage, before, old_tier, new_tier)
            tolerance = self.tolerance.get(stage)
            if tolerance is None:
                continue
            changed = (
                (top_level_counted(self._rubric, old), top_level_counted(self._rubric, new))
                if self._roles
                else ({}, {})
            )
            for gid, top in self.group_max.items():
                a, b = old.nodes.get(gid), new.nodes.get(gid)
                if a is None or b is None:
                    continue
                if gid in self._roles:
                    # what it changed in the total (a penalty's is negative; N/A or not
                    # counted yet: nothing), so that a penalty the stage adds is the cut
                    was, now = changed[0].get(gid, ZERO), changed[1].get(gid, ZERO)
                    if was - now > ZERO and _over(tolerance, was - now, top):
                        yield StageFlag(
                            "cut", stage, before, _role_score(a, was), _role_score(b, now), gid
                        )
                    continue
                cut = a.score - b.score
                if cut > ZERO and _over(tolerance, cut, top):
                    yield StageFlag("cut", stage, before, _flag_score(a), _flag_score(b), gid)


def _over(tolerance: Tolerance, cut: Fraction, top: Fraction) -> bool:
    """Whether ``cut`` points of a group of maximum ``top`` are more than a stage's
    ``tolerance`` (its points, or its percent of the maximum) lets it cut unflagged."""
    if tolerance.points is not None and cut > Fraction(tolerance.points):
        return True
    return (
        tolerance.percent is not None
        and bool(top)
        and cut * HUNDRED > Fraction(tolerance.percent) * top
    )


def _role_score(node: NodeResult, changed: Fraction) -> str:
    """A top-level bonus's or penalty's value in a flag: what it changed in the total (a
    penalty's negative: ``0 -> -10``), as the stages side by side show it; ``na`` when N/A
    left it out."""
    return "na" if node.status == "excluded" else exact_number(changed)


def _flag_score(node: NodeResult) -> str:
    """A group's score in a flag: ``na`` when N/A left it out (its score of 0 is no cut to 0),
    as a score column writes it."""
    return "na" if node.status == "excluded" else exact_number(node.score)


def stage_row(
    row: Row, split: _Split, stage: str | None, extra: Mapping[str, object] | None = None
) -> tuple[Row, list[int]]:
    """The cells of one stage of a sheet's row (the shared ones and the stage's own, with
    ``extra`` values set: the dossier's fact) as a plain batch row, and where each of its
    columns was in ``row`` (-1: a value given here, no column); :func:`restaged` places the
    plain row's problems back."""
    cells = dict(split.shared)
    if stage is not None:
        cells.update(split.blank.get(stage, {}))
        cells.update(split.stages[stage])
    for name, value in (extra or {}).items():
        cells[name] = (value, cells.get(name, (None, -1))[1])
    names = list(cells)
    plain = Row(
        row.number,
        tuple(names),
        [cells[name][0] for name in names],
        row.file,
        numbered_columns=row.numbered_columns,
    )
    return plain, [cells[name][1] for name in names]


def _filed(entry: tuple[object, int | None] | None) -> bool:
    if entry is None:
        return False
    value = entry[0]
    if value is True:
        return True
    return parse_bool(value) is True


def _yes(flag: bool) -> str:
    return "true" if flag else "false"


def _one(outcomes: Iterable[Outcome]) -> Outcome | None:
    return next(iter(outcomes), None)


def _whole(raw: object, number: Fraction) -> bool:
    """Whether ``raw`` (read as ``number``) is a whole number written as one: digits only in
    text (``2024``; not ``2.024`` nor ``2024.0``), an integral value in a typed cell.  Stricter
    than the readers' whole numbers (``_literals.whole_problem`` takes ``12.0``): a round is
    an id people write in digits, and ``2024.0`` is a typo there, not a count."""
    if number.denominator != 1:
        return False
    if isinstance(raw, str):
        digits = raw.strip()
        return digits.isascii() and digits.isdigit()
    return True


def _attribute_text(value: object) -> str:
    text = unit_text(value)
    if text is None:
        text = str(value).strip()
    return nfc(text) if not text.isascii() else text


def _attribute_problem(code: str, message: str, row: Row, name: str, index: int | None) -> Problem:
    problem = row_problem(code, message, row, name, index)
    if row.document is not None:
        parts = tuple(name.split("."))
        return _at(row, replace(problem, path=parts, line=None, column=None))
    return problem


def _dossier_problem(row: Row, kind: str, name: str, message: str, at: int | None) -> Problem:
    """An entry of the dossier the rubric does not declare, where it was written: a sheet's
    column (``dossier:letter``, ``evidence:g9``), or a file's item under ``dossier:``."""
    if row.document is None:
        return row_problem("dossier.unknown", message, row, f"{kind}:{name}", at)
    key = "documents" if kind == DOSSIER else "evidence"
    dossier = row.document.get("dossier")
    listed = dossier.get(key) if isinstance(dossier, Mapping) else None
    shown = [str(item) for item in listed] if isinstance(listed, list) else []
    path: tuple[str | int, ...] = (DOSSIER, key)
    if name in shown:
        path = (*path, shown.index(name))
    return _at(row, Problem("dossier.unknown", message, path))


def _at(row: Row, problem: Problem) -> Problem:
    """``problem`` placed in the row's file by its path (documents), else at the row."""
    if row.source is not None:
        from ._paths import render_path

        found = row.source.locate(problem)
        return replace(found, where=render_path(problem.path, row.source.data))
    return located(problem, row)


def restaged(
    problem: Problem, stage: str | None, where: Sequence[int], row: Row, plain: Row | None = None
) -> Problem:
    """A problem of a stage's plain row (``plain``, from :func:`stage_row`), placed at the
    original row's column and named by it (``review:b``, not the plain row's ``b``: the
    stage and the column), and told with ``stage``, the stage's label
    (:meth:`ProgrammeReader.stage_label`)."""
    column = problem.column
    if column is not None and 0 < column <= len(where):
        at = where[column - 1]
        column = at + 1 if at >= 0 else None  # (-1: a value the programme gave, no column)
    named = problem.where
    if plain is not None and named in plain.header:
        at = where[plain.header.index(named)]
        if 0 <= at < len(row.header):
            named = row.header[at]

    def in_sheet(number: int) -> int | None:  # a column the message names, as the sheet has it
        at = where[number - 1] if 0 < number <= len(where) else -1
        return at + 1 if at >= 0 else None

    moved = replace(
        problem,
        message=columns_moved(problem.message, in_sheet),
        column=column,
        line=problem.line or row.number,
        file=row.file,
        where=named,
    )
    return _with_stage(moved, stage)


def _with_stage(problem: Problem, stage: str | None) -> Problem:
    """The problem with its stage named by ``stage``, its label (``stage District appraisal:
    ...``)."""
    if stage is None:
        return problem
    said = msg("stage {stage}: {message}", stage=stage, message=problem.message)
    return replace(problem, message=said)


def stage_pairs(
    unit: UnitOutcome, rubric: Rubric, lang: str | None = None
) -> tuple[tuple[str, Result], ...]:
    """The unit's stages as (label, result) pairs, in order: what a scorecard shows side by
    side."""
    lang = lang or rubric.spec.language
    labels = {s.id: text_in(s.label, lang) for s in rubric.spec.stages}
    return tuple((labels.get(sid, sid), result) for sid, result in unit.stages.items())


def dossier_lacks(unit: UnitOutcome, rubric: Rubric, lang: str | None = None) -> tuple[str, ...]:
    """What the unit's dossier lacks, for people reading ``lang``: its missing documents by
    their titles, then its groups' missing evidence files: what a scorecard shows."""
    titles = DossierTitles(rubric, lang or rubric.spec.language)
    return titles.lacks(unit.missing_documents, unit.missing_evidence)


# --- output rows ------------------------------------------------------------------------------


def _one_of(allowed: Sequence[str]) -> Callable[[str], str | None]:
    """The reader :func:`~tiercert._literals.word_problem` asks: a text that is one of
    ``allowed`` as it is, else None."""
    return lambda typed: typed if typed in allowed else None


class ProgrammeTable:
    """The columns of a programme batch's output, and the row of each unit.

    :class:`~tiercert.batch.ResultTable`'s columns (the deciding result's), with the unit's
    attributes after ``unit_name``, ``tier_rank``, ``decided_by``, each stage's
    ``<stage>.total`` and ``<stage>.tier``, ``knocked_out`` (a gate of every tier failed),
    ``missing_documents``, ``missing_evidence`` and ``flags`` before ``provisional``, and the
    rubric's ``rubric_id``, ``rubric_version`` and ``rubric_fingerprint`` last (what
    ``tiercert progress`` compares rounds by)."""

    def __init__(self, rubric: Rubric, *, lang: str | None = None) -> None:
        self.rubric = rubric
        self.base = ResultTable(rubric, lang=lang)
        spec = rubric.spec
        self.attributes = [a.id for a in spec.attributes]
        self._numbers = {a.id for a in spec.attributes if a.type == "number"}
        self.stages = [s.id for s in spec.stages]
        self.ranks = {t.id: t.rank for t in spec.tiers}
        self.every_tier = {g.id for g in spec.gates if g.tiers is None}
        base = self.base.columns
        self._split = base.index("status")
        self._tail = base.index("provisional")
        self.columns = [
            *base[: self._split],
            *self.attributes,
            *base[self._split : self._tail],
            "tier_rank",
            "decided_by",
            *(f"{s}.{part}" for s in self.stages for part in ("total", "tier")),
            "knocked_out",
            "missing_documents",
            "missing_evidence",
            "flags",
            *base[self._tail :],
            "rubric_id",
            "rubric_version",
            "rubric_fingerprint",
        ]

    def _attribute(self, unit: UnitOutcome, aid: str) -> str | None:
        # a number attribute's exact text, which a workbook writes as a number cell
        value = unit.attributes.get(aid)
        return number_text(value) if value is not None and aid in self._numbers else value

    def row(self, unit: UnitOutcome) -> list[object]:
        """The output values of ``unit`` (numbers exact; lists for gates, flags, problems)."""
        plain = Outcome(
            unit.number, unit.unit_id, unit.unit_name, unit.result, unit.problems, unit.file
        )
        base = self.base.row(plain)
        result = unit.result
        staged: list[object] = []
        for sid in self.stages:
            r = unit.stages.get(sid)
            staged += [r.total if r else None, (r.tier.id if r.tier else None) if r else None]
        tier = result.tier if result is not None else None
        return [
            *base[: self._split],
            *(self._attribute(unit, a) for a in self.attributes),
            *base[self._split : self._tail],
            self.ranks.get(tier.id) if tier is not None else (0 if result else None),
            unit.decided_by,
            *staged,
            bool(self.every_tier & set(result.failed_gates)) if result is not None else None,
            unit.missing_documents,
            unit.missing_evidence,
            tuple(f.describe() for f in unit.flags),
            *base[self._tail :],
            self.rubric.id,
            self.rubric.version,
            self.rubric.fingerprint,
        ]


__all__ = [
    "DOSSIER",
    "EVIDENCE",
    "ProgrammeReader",
    "ProgrammeTable",
    "StageFlag",
    "UnitOutcome",
    "is_programme",
]


# --- a batch of a programme -------------------------------------------------------------------


def score_units(
    rubric: Rubric,
    rows: Iterable[Row],
    writer: Any,
    table: ProgrammeTable,
    *,
    missing: Missing = None,
    decimal_separator: DecimalSeparator = ".",
) -> Iterator[UnitOutcome]:
    """Score the units of ``rows`` and write each one's output row to ``writer``
    (``decimal_separator=","``: the answers' texts write decimals with a comma)."""
    reader = ProgrammeReader(rubric, missing=missing, decimal_separator=decimal_separator)
    for unit in reader.read(rows):
        writer.write(table.row(unit))
        yield unit


def score_assessment(
    rubric: Rubric,
    assessment: Assessment,
    *,
    missing: Missing = None,
    decimal_separator: DecimalSeparator = ".",
) -> UnitOutcome:
    """One unit of an assessment file that may give stages, attributes and a dossier.
    Raises :class:`~tiercert.errors.AssessmentError` with the unit's problems.
    ``decimal_separator=","``: the answers' texts write decimals with a comma."""
    source = assessment.source
    data = source.data if source is not None else None
    if not isinstance(data, Mapping):
        data = {
            "unit": {"id": assessment.unit_id, "name": assessment.unit_name},
            "answers": dict(assessment.answers),
            "facts": dict(assessment.facts),
        }
    file = source.file if source is not None else None
    row = Row(1, file=file, document=data, source=source)
    unit = ProgrammeReader(rubric, missing=missing, decimal_separator=decimal_separator).unit(row)
    assert unit is not None  # a document is never skipped
    if unit.result is None:
        raise AssessmentError(list(unit.problems))
    return unit


def dossier_line(
    units: Sequence[UnitOutcome], rubric: Rubric, lang: str | None, format: str
) -> str:
    """The summary's line on the units scored whose dossier is incomplete (``text`` or
    ``markdown``): how many, and what each lacks (a document by its title, as the dashboard
    and the scorecards name it)."""
    lang = lang or rubric.spec.language
    dossier = DossierTitles(rubric, lang)
    each = "; ".join(
        f"{u.unit_id}: " + ", ".join(dossier.lacks(u.missing_documents, u.missing_evidence))
        for u in units
    )
    line = f"{tr('Dossier incomplete', lang)}: {len(units)} ({each})"
    return text_of_lines(["", markdown_text(line) if format == "markdown" else line])
