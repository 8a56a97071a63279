"""Answers carried from one version of a rubric to the next, where that is sound.

The new rubric says what became of the old criteria (``renamed_from``, ``replaces``,
``split_from``, and ``carry`` for how the old answers become the new one; a criterion that
keeps its id keeps its answer).  :func:`plan_migration` turns that into one
:class:`Source` per criterion the new rubric asks to be answered, and checks the
declarations against the old rubric (ids it does not have, rules whose answers do not carry);
:func:`migrate_answers` applies the plan to one unit's answers.

Nothing is guessed: an answer is carried only as the new rubric declares, to a rule that
takes the same kind of answer, and only when the new rubric accepts it (every carried answer
is read by the new rubric's own reader); anything else is listed as a criterion to answer
anew, with the reason, and left out of the migrated answers.  See docs/versions.md.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any, Literal

import yaml

from ._columns import COMMENT, Reader, located, repeated_id, row_problem
from ._compile import LeafPlan, NodePlan, Plan
from ._escape import json_text, sheet_text, spreadsheet_text, text_of_lines, visible
from ._i18n import N_, in_lang, msg, translator
from ._literals import dot_grouped, is_na, parse_bool, parse_number, unambiguous
from ._no_unit import NO_UNIT_CODES
from ._numbers import CUT_MARK, display_number, exact_number, is_terminating
from ._paths import did_you_mean, render_path, shown
from ._programme_checks import DOSSIER as DOSSIER_PREFIX
from ._programme_checks import EVIDENCE, STAGE_SEPARATOR, carries_programme, is_programme
from ._reference import read_answers
from ._tables import UNSAVED_FORMULA, YAML_EXTENSIONS, table_format
from ._version_check import VersionCheck
from .assessment import Assessment, answered_version, version_problem
from .batch import _outcomes
from .checking import CheckReport, check_file
from .checks import iter_nodes
from .diff import load_reports
from .errors import Path as DocPath
from .errors import Problem, Severity, os_error_text, sorted_problems
from .programme import ProgrammeReader, restaged, stage_row
from .rubric import Rubric, _for_yaml, _YamlDumper, load_rubric
from .rules import RULES
from .tabular import (
    FolderEntry,
    Row,
    TableError,
    read_rows,
    read_yaml_file,
    write_table,
    write_text,
)
from .template import EVIDENCE_SUFFIXES, RUBRIC_VERSION, UNIT_ID, UNIT_NAME

How = Literal["kept", "renamed", "split", "merged", "new"]
#: why a criterion must be answered anew
AnewCode = Literal["new", "reassess", "rule", "unanswered", "value", "invalid"]
ANEW_CODES: tuple[AnewCode, ...] = ("new", "reassess", "rule", "unanswered", "value", "invalid")
#: how a criterion's answer comes from the old answers
CarryRule = Literal["answer", "reassess", "all", "any", "sum"]
Carry = CarryRule | Mapping[str, object]

#: the kind of answer a criterion takes: its rule kind's (flag, choice, number), ``group``
#: for a group answered with its points (``direct: true``); None: it takes no answer
_GROUP = "group"


# --- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where the answer of one new criterion comes from.

    ``how``: ``kept`` (the same id), ``renamed`` (``renamed_from``), ``split``
    (``split_from``), ``merged`` (``replaces``), ``new`` (nothing: answered anew).  ``old``:
    the old ids read.  ``carry``: how (:data:`Carry`).  ``unsound``: why carrying the old
    answer as it is would not be sound (the rule takes another kind of answer), None when it
    is."""

    id: str
    how: How
    old: tuple[str, ...]
    carry: Carry
    unsound: str | None = None
    #: a group answered with its points (``direct``): its answer is optional, as are its
    #: criteria's when it has one
    optional: bool = False
    #: the groups above it that may be answered directly
    groups: tuple[str, ...] = ()
    #: the old criterion's choices (a levels rule's level ids) the new rule does not have
    lost_choices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        carry = self.carry if isinstance(self.carry, str) else _json_ready(dict(self.carry))
        return {"id": self.id, "how": self.how, "old": list(self.old), "carry": carry}


@dataclass(frozen=True)
class MigrationPlan:
    """What becomes of every answer from ``old`` to ``new`` (see :func:`plan_migration`)."""

    old: Rubric
    new: Rubric
    sources: tuple[Source, ...]
    #: old criteria that took answers and that no new criterion takes over (retired)
    retired: tuple[str, ...]
    #: problems of the declarations against the old rubric (errors stop a migration)
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def source(self, ident: str) -> Source | None:
        return self._by_id.get(ident)

    @functools.cached_property
    def _by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}


def _answer_type(node: Any) -> str | None:
    """The kind of answer ``node`` takes (see :data:`_GROUP`), None when it takes none."""
    if node.rule is None:
        return _GROUP if node.direct else None
    kind = RULES[node.rule.kind]
    if kind.computed or node.answer_from is not None:
        return None
    return kind.answer


def _rule_name(node: Any) -> str:
    if node.rule is None:
        return msg("a group scored directly")
    return msg("a {kind} rule", kind=node.rule.kind)


def _choices(node: Any) -> tuple[str, ...]:
    if node.rule is None:
        return ()
    kind = RULES[node.rule.kind]
    return kind.choices(node.rule) if kind.choices is not None else ()


def plan_migration(old: Rubric, new: Rubric, *, report: CheckReport | None = None) -> MigrationPlan:
    """The plan that carries ``old``'s answers to ``new``, with the problems of ``new``'s
    declarations against ``old`` (located in ``report``'s document, the new rubric's, when
    given): ids ``old`` does not have, answers that cannot be carried as declared."""
    before = {node.id: node for node, _, _ in iter_nodes(old.spec.criteria)}
    if old.fingerprint == new.fingerprint:  # the same rubric: every answer stays as it is
        same = [
            Source(node.id, "kept", (node.id,), "answer", optional=node.rule is None)
            for node in before.values()
            if _answer_type(node) is not None
        ]
        return MigrationPlan(old, new, tuple(_with_groups(same, new)), ())
    problems: list[Problem] = []
    sources: list[Source] = []
    taken: set[str] = set()
    for node, path, _ in iter_nodes(new.spec.criteria):
        declared: list[tuple[str, DocPath]] = []
        how: How
        if node.renamed_from is not None:
            how, declared = "renamed", [(node.renamed_from, (*path, "renamed_from"))]
        elif node.replaces is not None:
            how = "merged"
            declared = [(o, (*path, "replaces", j)) for j, o in enumerate(node.replaces)]
        elif node.split_from is not None:
            how, declared = "split", [(node.split_from, (*path, "split_from"))]
        elif node.id in before:
            how, declared = "kept", [(node.id, (*path, "id"))]
        else:
            how = "new"
        if (
            how in ("renamed", "merged", "split")
            and node.id in before
            and not any(ident in before for ident, _ in declared)
        ):
            # declared for an earlier step (the old rubric already has this id): kept
            how, declared = "kept", [(node.id, (*path, "id"))]
        for ident, where in declared:
            if ident not in before:
                problems.append(
                    Problem(
                        "lineage.unknown",
                        msg(
                            "the previous version ({old} {version}) has no criterion "
                            "{ident!r}{hint}; name one of its ids (declarations name the version "
                            "just before this one: migrate one version at a time)",
                            old=old.id,
                            version=old.version,
                            ident=ident,
                            hint=did_you_mean(ident, before) or "",
                        ),
                        where,
                    )
                )
        olds = tuple(ident for ident, _ in declared if ident in before)
        taken.update(olds)
        if how != "new" and not olds:
            how = "new"
        kind = _answer_type(node)
        if kind is None:
            continue  # nothing to answer: its old answers, if any, are retired
        carry: Carry = node.carry if node.carry is not None else _default_carry(how)
        source = Source(node.id, how, olds, carry, optional=node.rule is None)
        source, found = _soundness(source, node, path, [before[o] for o in olds])
        problems += found
        sources.append(source)
    answered = [n.id for n in before.values() if _answer_type(n) is not None]
    retired = tuple(ident for ident in answered if ident not in taken)
    located = _located(problems, report)
    sources = _with_groups(sources, new)
    return MigrationPlan(old, new, tuple(sources), retired, tuple(sorted_problems(located)))


def _with_groups(sources: list[Source], new: Rubric) -> list[Source]:
    """``sources`` with the groups above each that may be answered directly."""
    groups: dict[str, tuple[str, ...]] = {}
    for node, _, parent in iter_nodes(new.spec.criteria):
        above = groups.get(parent.id, ()) if parent is not None else ()
        if parent is not None and parent.direct:
            above = (*above, parent.id)
        groups[node.id] = above
    return [replace(s, groups=groups.get(s.id, ())) for s in sources]


def _default_carry(how: How) -> CarryRule:
    return "reassess" if how in ("merged", "new") else "answer"


def _soundness(
    source: Source, node: Any, path: DocPath, olds: Sequence[Any]
) -> tuple[Source, list[Problem]]:
    """``source`` with why its answers cannot be carried as they are, and the problems of
    its declaration (a declared carry that cannot work is an error; a kept criterion whose
    rule changed only warns: its answers are answered anew)."""
    carry = source.carry
    if not olds or carry == "reassess":
        return source, []
    new_type = _answer_type(node)
    declared = source.how != "kept" or node.carry is not None
    where: DocPath = (*path, "carry") if node.carry is not None else (*path, "rule")
    if source.how in ("renamed", "split") and node.carry is None:
        where = (*path, "renamed_from" if source.how == "renamed" else "split_from")
    if isinstance(carry, Mapping):
        old = olds[0]
        old_type = _answer_type(old)
        allowed = _choices(old) if old_type == "choice" else ()
        wrong = []
        for key in carry:
            if is_na(key):
                continue
            if old_type == "flag" and parse_bool(key) is not None:
                continue
            if old_type == "choice" and key in allowed:
                continue
            wrong.append(key)
        if old_type not in ("flag", "choice"):
            why = msg(
                "the old criterion {old!r} is answered with numbers, which are not "
                "mapped one by one; use 'carry: answer' or 'reassess'",
                old=old.id,
            )
            return replace(source, unsound=why), [Problem("lineage.map", why, (*path, "carry"))]
        if wrong:
            expected = ", ".join(allowed) if old_type == "choice" else "yes, no"
            message = msg(
                "{repr} is not an answer of the old criterion {old!r} (its answers: "
                "{expected}, na); map only answers it had",
                repr=", ".join(map(repr, wrong)),
                old=old.id,
                expected=expected,
            )
            return source, [Problem("lineage.map", message, (*path, "carry"))]
        return source, []
    if carry in ("all", "any", "sum"):
        want = "number" if carry == "sum" else "flag"
        bad = [o.id for o in olds if _answer_type(o) != want]
        if bad:
            what = msg("numbers") if want == "number" else msg("yes or no")
            why = msg(
                "'carry: {carry}' combines answers that are {what}, and {bad} is not "
                "answered so; use 'reassess'",
                carry=carry,
                what=what,
                bad=", ".join(bad),
            )
            return replace(source, unsound=why), [Problem("lineage.combine", why, (*path, "carry"))]
        return source, []
    old = olds[0]
    old_type = _answer_type(old)
    if old_type != new_type:
        why = msg(
            "the rule changed from {old} to {node}", old=_rule_name(old), node=_rule_name(node)
        )
        fix = msg(
            "; map the old answers ('carry: {{old answer: new answer, ...}}') or say "
            "'carry: reassess'"
        )
        severity = Severity.ERROR if declared else Severity.WARNING
        message = msg(
            "the answers of {old!r} cannot be carried: {why}{fix}", old=old.id, why=why, fix=fix
        )
        if not declared:
            message = msg(
                "the answers of {old!r} will be answered anew: {why}{fix}",
                old=old.id,
                why=why,
                fix=fix,
            )
        return replace(source, unsound=why), [
            Problem("lineage.unsound", message, where, severity=severity)
        ]
    if old_type == "choice":
        lost = tuple(c for c in _choices(old) if c not in _choices(node))
        if lost:
            message = msg(
                "the answers {lost} of {old!r} are not levels of this rule: units that "
                "gave them answer anew; map them ('carry: {{old: new, ...}}') to carry "
                "them",
                lost=", ".join(lost),
                old=old.id,
            )
            problem = Problem(
                "lineage.levels", message, (*path, "rule", "levels"), severity=Severity.WARNING
            )
            return replace(source, lost_choices=lost), [problem]
    return source, []


def _located(problems: Iterable[Problem], report: CheckReport | None) -> list[Problem]:
    document = report.document if report is not None else None
    if document is None:
        return list(problems)
    return [replace(document.locate(p), where=render_path(p.path, document.data)) for p in problems]


# --- one unit -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anew:
    """A criterion (or, with ``fact``, a fact) a unit must answer anew: ``id`` (the new
    rubric's), the ``old`` ids its answer would have come from, ``code`` (:data:`AnewCode`)
    and ``reason`` for people."""

    id: str
    code: AnewCode
    reason: str
    old: tuple[str, ...] = ()
    fact: bool = False
    #: the stage (of a programme's unit) it is answered anew in; None: the unit's own
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "reason": self.reason,
            "old": list(self.old),
            "fact": self.fact,
            "stage": self.stage,
        }

    @property
    def named(self) -> str:
        """Its id, after its stage's (``district:g1``) when it has one: a sheet's column."""
        return self.id if self.stage is None else f"{self.stage}{STAGE_SEPARATOR}{self.id}"


@dataclass(frozen=True)
class Migrated:
    """One unit's answers under the new rubric: ``answers`` and ``facts`` (what carried, in
    the new rubric's order), ``carried`` ((old ids, new id) per answer carried), ``anew``
    (what must be answered anew), ``retired`` (old answers no new criterion takes)."""

    answers: dict[str, object]
    facts: dict[str, object]
    carried: tuple[tuple[tuple[str, ...], str], ...]
    anew: tuple[Anew, ...]
    retired: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Every answer carried: nothing to answer anew."""
        return not self.anew


def _value(answer: object) -> object:
    return answer.get("value") if isinstance(answer, Mapping) else answer


def _with_value(answer: object, value: object) -> object:
    """``value`` with the evidence ``answer`` had (justification, url)."""
    if isinstance(answer, Mapping):
        return {**answer, "value": value}
    return value


def _given(answer: object) -> bool:
    value = _value(answer)
    return value is not None and not (isinstance(value, str) and not value.strip())


def migrate_answers(
    plan: MigrationPlan, answers: Mapping[str, object], facts: Mapping[str, object]
) -> Migrated:
    """``answers`` and ``facts`` given under ``plan.old``, carried to ``plan.new``."""
    out: dict[str, object] = {}
    carried: list[tuple[tuple[str, ...], str]] = []
    anew: dict[str, Anew] = {}
    for source in plan.sources:
        found = _carry(source, answers, plan.old._plan)
        if isinstance(found, Anew):
            anew[source.id] = found
        else:
            out[source.id] = found
            carried.append((source.old, source.id))
    kept_facts = {f.id for f in plan.new.spec.facts}
    new_facts = {k: v for k, v in facts.items() if k in kept_facts and v is not None}
    # the new rubric reads every carried answer: what it refuses is answered anew
    for _ in range(len(out) + 1):
        _, problems = read_answers(plan.new._plan, out, new_facts, missing_is_zero=True)
        refused = {
            str(p.path[1]): p
            for p in problems
            if len(p.path) >= 2 and p.path[0] == "answers" and p.path[1] in out
        }
        if not refused:
            break
        for ident, problem in refused.items():
            del out[ident]
            found_in = plan.source(ident)
            old = found_in.old if found_in is not None else ()
            reason = msg("the old answer is not valid here: {why}", why=problem.message)
            anew[ident] = Anew(ident, "invalid", reason, old)
        carried = [c for c in carried if c[1] in out]
    # a group answered directly needs no answers below it, and need not be answered itself
    for ident, item in list(anew.items()):
        of = plan.source(ident)
        if (
            item.code in ("new", "unanswered")
            and of is not None
            and (of.optional or any(group in out for group in of.groups))
        ):
            del anew[ident]
    given_old = {k for k, v in answers.items() if _given(v)}
    retired = tuple(ident for ident in plan.retired if ident in given_old)
    order = [s.id for s in plan.sources]
    listed = [anew[k] for k in order if k in anew]
    return Migrated(
        {k: out[k] for k in order if k in out},
        new_facts,
        tuple(carried),
        (*listed, *_facts_anew(plan, out, new_facts)),
        retired,
    )


def _facts_anew(
    plan: MigrationPlan, answers: dict[str, object], facts: dict[str, object]
) -> list[Anew]:
    """The facts the new rubric needs and was not given (removed from ``facts`` when it
    refuses the value given), each to give anew."""
    _, problems = read_answers(plan.new._plan, answers, facts, missing_is_zero=True)
    out = []
    for problem in problems:
        if len(problem.path) >= 2 and problem.path[0] == "facts" and problem.path[1] in facts:
            ident = str(problem.path[1])
            del facts[ident]
            reason = msg("the old value is not valid here: {why}", why=problem.message)
            out.append(Anew(ident, "invalid", reason, (ident,), fact=True))
    old = {f.id for f in plan.old.spec.facts}
    for fact in plan.new.spec.facts:
        if fact.default is None and fact.id not in facts and all(a.id != fact.id for a in out):
            if fact.id in old:
                said = msg("a fact not given")
                out.append(Anew(fact.id, "unanswered", said, (fact.id,), fact=True))
            else:
                out.append(Anew(fact.id, "new", msg("a new fact"), fact=True))
    return out


def _carry(source: Source, answers: Mapping[str, object], old: Plan) -> object:
    """The new answer from the old ones (given under the rubric ``old`` plans), or why it
    must be answered anew."""
    carry = source.carry
    if source.how == "new":
        return Anew(source.id, "new", msg("a new criterion"))
    if carry == "reassess":
        olds = ", ".join(source.old)
        said = msg("the new rubric re-assesses it (was {olds})", olds=olds)
        return Anew(source.id, "reassess", said, source.old)
    if source.unsound is not None:
        return Anew(source.id, "rule", source.unsound, source.old)
    missing = [o for o in source.old if not _given(answers.get(o))]
    if missing:
        return Anew(
            source.id,
            "unanswered",
            msg("not answered under the old version ({missing})", missing=", ".join(missing)),
            source.old,
        )
    if carry in ("all", "any", "sum"):
        return _combined(source, carry, [answers[o] for o in source.old])
    old_answer = answers[source.old[0]]
    if isinstance(carry, Mapping):
        return _mapped(
            source, carry, old_answer, _as_read(old.nodes.get(source.old[0]), old_answer)
        )
    value = _value(old_answer)
    if isinstance(value, str) and value.strip() in source.lost_choices:
        return Anew(
            source.id,
            "value",
            msg("the old answer {value!r} is not a level of the new rule", value=value.strip()),
            source.old,
        )
    return old_answer


def _as_read(node: NodePlan | None, answer: object) -> object:
    """The old answer as the old rubric reads it (a level's label, or its id in other case,
    is that level's id), or None when it does not read it (it is then matched as typed)."""
    if not isinstance(node, LeafPlan) or node.kind.read is None or is_na(_value(answer)):
        return None
    value, _ = node.kind.read(node.params, _value(answer))
    return value


def _mapped(source: Source, carry: Mapping[str, object], answer: object, read: object) -> object:
    value = _value(answer)
    flag = parse_bool(value)
    for key, new in carry.items():
        if (
            (is_na(key) and is_na(value))
            or (flag is not None and parse_bool(key) is flag)
            or (isinstance(value, str) and value.strip() == key)
            or (isinstance(read, str) and read == key)
        ):
            return _with_value(answer, new)
    return Anew(
        source.id,
        "value",
        msg("the old answer {value} is not in the rubric's mapping (carry)", value=_shown(value)),
        source.old,
    )


def _combined(source: Source, carry: str, answers: list[object]) -> object:
    values = [_value(a) for a in answers]
    if carry == "sum":
        numbers = [parse_number(v) for v in values]
        if any(n is None for n in numbers):
            return Anew(source.id, "value", msg("an old answer is not a number"), source.old)
        total = sum((n for n in numbers if n is not None), Fraction(0))
        if not is_terminating(total):  # pragma: no cover - sums of decimals are decimals
            return Anew(source.id, "value", msg("the sum is not a decimal number"), source.old)
        return Decimal(exact_number(total))
    flags = [parse_bool(v) for v in values]
    if any(f is None for f in flags):
        return Anew(
            source.id,
            "value",
            msg(
                "'carry: {carry}' combines yes or no answers, and an old answer is {value}",
                carry=carry,
                value=_shown(next(v for v, f in zip(values, flags, strict=True) if f is None)),
            ),
            source.old,
        )
    return all(flags) if carry == "all" else any(flags)


def _shown(value: object) -> str:
    """An answer as a message repeats it (cut when long, any value, never raising)."""
    if isinstance(value, list | tuple | Mapping):
        text = repr(value)
        return text if len(text) <= 60 else text[:60] + "…"
    return shown(value)


def _json_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, Decimal | Fraction):
        return unambiguous(exact_number(Fraction(value)))
    return value


def with_lineage(previous: str | Path, reports: Sequence[CheckReport]) -> list[CheckReport]:
    """``reports`` (of ``tiercert check``) with the problems of each valid rubric's
    declarations against the ``previous`` version (``check --previous``).  Raises
    :class:`~tiercert.errors.RubricError` when ``previous`` is not a valid rubric."""
    old = load_rubric(previous)
    out = []
    for report in reports:
        if report.errors or report.spec is None or report.file is None:
            out.append(report)
            continue
        full = check_file(report.file)  # the models: the plan compiles the rubric
        if full.spec is None or full.errors:  # pragma: no cover - the same rubric, checked
            out.append(report)
            continue
        plan = plan_migration(old, Rubric(full.spec, report=full), report=full)
        problems = sorted_problems([*report.problems, *plan.problems])
        out.append(replace(report, problems=problems))
    return out


# --- the rubric version an assessment was answered against -------------------------------------


# --- batches of units answered against another version -------------------------------------------


# --- many units ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitMigration:
    """One unit (a row of a sheet, an assessment file): ``migrated``, or the ``problems`` that
    kept it from being read.  ``document``: the assessment file's data (written back with the
    new answers); ``notes``: a sheet's note columns (``#...``), kept."""

    number: int
    file: str | None
    unit_id: str | None
    unit_name: str | None
    migrated: Migrated | None
    problems: tuple[Problem, ...] = ()
    document: Mapping[str, Any] | None = field(default=None, repr=False)
    notes: tuple[tuple[str, object], ...] = ()
    #: whether the unit is an assessment file of its own (not a line of a JSON Lines file)
    own_file: bool = False
    #: a programme's unit answered by stage: each stage present with its answers carried (the
    #: shared ones included) and the facts it gives of its own; ``migrated`` then holds the
    #: shared facts and what the stages carried and must answer anew, all together
    stages: tuple[tuple[str, Migrated], ...] = ()
    #: a sheet's attribute, ``dossier:`` and ``evidence:`` cells (column, value), under the new
    #: version's names: carried as they are
    programme: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        m = self.migrated
        return {
            "row": self.number,
            "file": self.file,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "complete": m is not None and m.complete,
            "carried": [{"old": list(o), "new": n} for o, n in m.carried] if m else [],
            "anew": [a.to_dict() for a in m.anew] if m else [],
            "retired": list(m.retired) if m else [],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class Migration:
    """Every unit of an input carried from ``plan.old`` to ``plan.new``."""

    plan: MigrationPlan
    units: tuple[UnitMigration, ...]
    source: str | None = None

    @property
    def status(self) -> int:
        """0: every answer carried; 1: some units must answer criteria anew; 2: a unit (or
        the plan) has problems."""
        if self.plan.errors or any(u.problems for u in self.units):
            return 2
        return 0 if all(u.migrated is not None and u.migrated.complete for u in self.units) else 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with stable keys (see docs/versions.md)."""
        old, new = self.plan.old, self.plan.new
        return {
            "format": 1,
            "old": {"id": old.id, "version": old.version, "fingerprint": old.fingerprint},
            "new": {"id": new.id, "version": new.version, "fingerprint": new.fingerprint},
            "source": self.source,
            "status": self.status,
            "criteria": [s.to_dict() for s in self.plan.sources],
            "retired": list(self.plan.retired),
            "problems": [p.to_dict() for p in self.plan.problems],
            "units": [u.to_dict() for u in self.units],
        }


def _unit_problem(row: Row, code: str, message: str, path: DocPath) -> Problem:
    problem = Problem(code, message, path)
    if row.source is not None:
        problem = replace(row.source.locate(problem), where=render_path(path, row.document))
    return located(problem, row)


def migrate_rows(plan: MigrationPlan, rows: Iterable[Row], source: str | None = None) -> Migration:
    """Every row (a sheet's, an assessment file's) read as the old rubric reads it, carried
    to the new one.  A row that cannot be read, names another rubric or version, or answers
    ids the old rubric does not have, is that unit's problem; the others are carried."""
    reader = Reader(plan.old)
    rows = iter(rows)
    first = next(rows, None)
    programme = _ProgrammeMigration(plan, reader) if is_programme(plan.old) else None
    units = []
    seen: dict[str, int | str] = {}  # each unit id met, where (as batch says a repeated one)
    for row in itertools.chain([first] if first is not None else [], rows):
        # a file at a time (a folder may mix files with and without stages); a sheet's header
        if programme is not None and _staged(plan.old, row if row.document is not None else first):
            unit = programme.unit(row)
            if unit is not None:
                units.append(unit)
            continue
        prepared = reader.prepare(row)
        if prepared is None:
            continue  # an empty row, or a note
        notes = _notes(row)
        unit = UnitMigration(
            row.number,
            row.file,
            prepared.unit_id,
            prepared.unit_name,
            None,
            (),
            row.document,
            notes,
            own_file=row.source is not None and row.file is not None,
        )
        problems = list(prepared.problems)
        repeated = repeated_id(seen, row, prepared)
        assessment = prepared.assessment
        if assessment is not None and not problems:
            problems += _foreign(plan, assessment, row)
        if repeated is not None:
            problems.append(repeated)
        if problems or assessment is None:
            units.append(replace(unit, problems=tuple(problems)))
            continue
        migrated = migrate_answers(plan, assessment.answers, assessment.facts)
        kept = _no_unit(plan, reader, row, migrated)
        if kept is not None:  # a second header row: no unit, as batch says it
            if prepared.unit_id is not None and seen.get(prepared.unit_id) == row.number:
                del seen[prepared.unit_id]  # a unit of that id below is not a duplicate
            units.append(replace(unit, problems=kept))
            continue
        units.append(replace(unit, migrated=migrated))
    return Migration(plan, tuple(units), source)


def _no_unit(
    plan: MigrationPlan, reader: Reader, row: Row, migrated: Migrated
) -> tuple[Problem, ...] | None:
    """The problems of a sheet's ``row`` that ``batch`` takes for no unit
    (:meth:`Reader.no_unit`: a second header row), read as the old version reads it; None for
    a unit's row.  Its answers are read (the old version's problems, which rule 3 asks for)
    only when some could not be carried: a row carried whole has none refused."""
    if not row.numbered_columns or row.document is not None:
        return None
    kept = reader.no_unit(row, ())
    if kept is not None or not migrated.anew:
        return kept
    for outcome in _outcomes(plan.old, [row], None, False, "fast", reader=reader):
        codes = {p.code for p in outcome.problems}
        if codes == {"row.header"}:
            return outcome.problems
    return None


def _staged(old: Rubric, row: Row | None) -> bool:
    """Whether ``row`` gives any of a programme (a sheet's attribute, ``STAGE:``,
    ``dossier:`` or ``evidence:`` columns; a file's ``stages``, ``dossier`` or attributes),
    which :class:`_ProgrammeMigration` carries."""
    if row is None:
        return False
    if row.document is not None and "stages" in row.document:
        return True
    return carries_programme(old, row)


class _ProgrammeMigration:
    """A programme's units carried to the new version: each stage's answers migrated as a
    unit's are (the shared ones with them), the attributes and the dossier kept as they are
    (an evidence file under its group's new id), all checked against the new version's
    programme: a stage, attribute, document or group it does not declare, or a value it
    refuses, is the unit's problem (``migrate.programme``), never dropped."""

    def __init__(self, plan: MigrationPlan, reader: Reader) -> None:
        self.plan = plan
        self.reader = reader
        self.old = ProgrammeReader(plan.old)
        self.new = ProgrammeReader(plan.new)
        #: the old version's reader of whole units: whether a row is one (:meth:`unit`)
        self.judge = ProgrammeReader(plan.old)
        self.attributes = {a.id for a in plan.old.spec.attributes}
        self.new_attributes = {a.id for a in plan.new.spec.attributes}
        # an evidence file follows its group to its new id (kept, or renamed_from)
        old_top = {n.id for n in plan.old.spec.criteria}
        self.groups: dict[str, str] = {}
        for node in plan.new.spec.criteria:
            if node.renamed_from is not None and node.renamed_from in old_top:
                self.groups[node.renamed_from] = node.id
            elif node.id in old_top:
                self.groups.setdefault(node.id, node.id)
        dossier = plan.new.spec.dossier
        #: the boolean fact the new dossier sets (given by the dossier, not by the unit)
        self.dossier_fact = dossier.fact if dossier is not None else None

    def unit(self, row: Row) -> UnitMigration | None:
        split, _, problems = self.old.parts(row, across_rows=True)
        if split is None and not row.problems:
            return None
        if split is not None and row.document is None:
            # a total row, a second header row is no unit, as batch says it: read as batch
            # reads it, by a reader of its own (which keeps the ids met across rows)
            judged = self.judge.unit(row)
            if judged is not None and judged.problems and judged.problems[0].code in NO_UNIT_CODES:
                return self._refused(row, judged.unit_id, judged.unit_name, judged.problems)
        renamed = self._renamed(row)
        _, _, against_new = self.new.parts(renamed)
        anew: list[Anew] = []
        unknown: set[str] = set()  # a stage the new version lacks: said once, at its first column
        for problem in against_new:
            if problem.code == "column.unknown" and problem.path:
                prefix = str(problem.path[-1]).partition(STAGE_SEPARATOR)[0]
                if prefix in unknown:
                    continue
                unknown.add(prefix)
            if problem.code == "attribute.missing":  # a required attribute the unit lacks
                aid = problem.path[-1] if problem.path else ""
                reason = msg("a required attribute of the new version; give it")
                anew.append(Anew(str(aid), "new", reason))
                continue
            problems.append(self._cannot_take(problem, renamed))
        problems += self._dropped_attributes(row)
        if split is None:
            prepared = self.reader.prepare(row)  # the row's own problems (unreadable file)
            assert prepared is not None
            return self._refused(row, prepared.unit_id, None, prepared.problems)
        present: list[str | None] = [s for s in self.old.stage_ids if s in split.stages]
        present = present or [None]
        staged: list[tuple[str, Migrated]] = []
        unit_id = unit_name = None
        shared_facts: dict[str, object] = {}
        for stage in present:
            found = self._stage(row, split, stage, first=stage == present[0])
            if found is None:
                continue
            prepared, answers, facts, own, said = found
            unit_id = unit_id or prepared.unit_id
            unit_name = unit_name or prepared.unit_name
            problems += said
            if said or prepared.assessment is None:
                continue
            given = dict(facts)
            if self.dossier_fact is not None and self._gives_dossier(split):
                given.setdefault(self.dossier_fact, True)
            migrated = migrate_answers(self.plan, answers, given)
            if self.dossier_fact is not None and self.dossier_fact not in facts:
                migrated = replace(
                    migrated,
                    facts={k: v for k, v in migrated.facts.items() if k != self.dossier_fact},
                    anew=tuple(a for a in migrated.anew if a.id != self.dossier_fact),
                )
            if stage is None:
                return self._unit(row, unit_id, unit_name, problems, migrated, anew)
            for ident, value in migrated.facts.items():
                if ident not in own:
                    shared_facts.setdefault(ident, value)
            own_anew = tuple(
                replace(a, stage=stage) for a in migrated.anew if not a.fact or a.id in own
            )
            anew += [a for a in migrated.anew if a.fact and a.id not in own]
            staged.append(
                (
                    stage,
                    replace(
                        migrated,
                        facts={k: v for k, v in migrated.facts.items() if k in own},
                        anew=own_anew,
                    ),
                )
            )
        if problems or not staged:
            return self._refused(row, unit_id, unit_name, problems)
        shared = {a.id: a for a in anew}  # a shared fact is said once, not once per stage
        summary = Migrated(
            {},
            shared_facts,
            tuple(
                (tuple(f"{s}{STAGE_SEPARATOR}{o}" for o in old), f"{s}{STAGE_SEPARATOR}{new}")
                for s, m in staged
                for old, new in m.carried
            ),
            (*shared.values(), *(a for _, m in staged for a in m.anew)),
            tuple(dict.fromkeys(i for _, m in staged for i in m.retired)),
        )
        return replace(self._unit(row, unit_id, unit_name, [], summary, []), stages=tuple(staged))

    def _stage(
        self, row: Row, split: Any, stage: str | None, *, first: bool
    ) -> tuple[Any, dict[str, object], dict[str, object], set[str], list[Problem]] | None:
        """One stage's (or, ``stage`` None, the row's) answers as the old version reads them:
        (prepared, answers, facts, the fact ids the stage gives of its own, problems)."""
        if row.document is not None:
            return self._stage_of_document(row, stage, first=first)
        plain, where = stage_row(row, split, stage)
        try:
            prepared = self.reader.prepare(plain)
        except TableError as exc:  # the header: placed at the original columns
            raise TableError(
                [restaged(p, self.old.stage_label(stage), where, row, plain) for p in exc.problems]
            ) from None
        if prepared is None:
            return None
        said = list(prepared.problems)
        assessment = prepared.assessment
        if assessment is not None and not said:
            said += [
                p
                for p in _foreign(self.plan, assessment, plain)
                if first or p.code == "migrate.unknown"
            ]
        own = set(split.stages.get(stage, {})) if stage is not None else set()
        said = [restaged(p, self.old.stage_label(stage), where, row, plain) for p in said]
        answers = dict(assessment.answers) if assessment is not None else {}
        facts = dict(assessment.facts) if assessment is not None else {}
        return prepared, answers, facts, own, said

    def _stage_of_document(
        self, row: Row, stage: str | None, *, first: bool
    ) -> tuple[Any, dict[str, object], dict[str, object], set[str], list[Problem]] | None:
        data = row.document
        assert data is not None
        prepared = self.reader.prepare(row)
        if prepared is None:
            return None
        assessment = prepared.assessment
        said = list(prepared.problems) if first else []
        if assessment is None:
            return prepared, {}, {}, set(), said
        answers, facts = dict(assessment.answers), dict(assessment.facts)
        own: set[str] = set()
        if first and not said:
            said += _foreign(self.plan, assessment, row)
        if stage is not None:
            given = (data.get("stages") or {}).get(stage) or {}
            staged_answers = dict(given.get("answers") or {})
            staged_facts = dict(given.get("facts") or {})
            answers.update(staged_answers)
            facts.update(staged_facts)
            own = set(staged_facts)
            if not said:
                mine = replace(assessment, answers=staged_answers, facts=staged_facts)
                said += [
                    p
                    for p in _foreign(self.plan, mine, row, ("stages", stage))
                    if p.code == "migrate.unknown"
                ]
        return prepared, answers, facts, own, said

    def _renamed(self, row: Row) -> Row:
        """``row`` with its evidence files under their groups' new ids."""
        if row.document is not None:
            dossier = row.document.get("dossier")
            if not isinstance(dossier, Mapping) or not isinstance(dossier.get("evidence"), list):
                return row
            evidence = [self.groups.get(str(g), g) for g in dossier["evidence"]]
            data = {**row.document, "dossier": {**dossier, "evidence": evidence}}
            return replace(row, document=data)
        header = tuple(self._column(name) for name in row.header)
        return replace(row, header=header) if header != row.header else row

    def _column(self, name: str) -> str:
        prefix, sep, group = name.partition(STAGE_SEPARATOR)
        if sep and prefix == EVIDENCE and group in self.groups:
            return f"{EVIDENCE}{STAGE_SEPARATOR}{self.groups[group]}"
        return name

    def _gives_dossier(self, split: Any) -> bool:
        return split.documents is not None or split.evidence is not None

    def _dropped_attributes(self, row: Row) -> list[Problem]:
        """An attribute the unit gives that the new version does not declare (a file's only
        when the new version declares a programme: else ``unit:`` keeps it as text)."""
        given: list[tuple[str, int | None]] = []
        if row.document is None:
            given = [
                (name, i)
                for i, name in enumerate(row.header)
                if name in self.attributes and i < len(row.cells) and not _blank(row.cells[i])
            ]
        elif is_programme(self.plan.new):
            unit = row.document.get("unit")
            given = [
                (str(k), None)
                for k, v in (unit.items() if isinstance(unit, Mapping) else ())
                if k in self.attributes and not _blank(v)
            ]
        new = self.plan.new
        out = []
        for aid, index in given:
            if aid in self.new_attributes:
                continue
            message = msg(
                "the units give the attribute {aid!r}, which {new} {version} does not "
                "declare: it would be lost; declare it in the new version's attributes, or "
                "take it out of the units (a sheet may keep it as a note: name its column "
                "#{aid}), then migrate them again",
                aid=aid,
                new=new.id,
                version=new.version,
            )
            problem = row_problem("migrate.programme", message, row, aid, index)
            if row.document is not None:
                problem = _unit_problem(row, "migrate.programme", message, ("unit", aid))
            out.append(problem)
        return out

    def _cannot_take(self, problem: Problem, row: Row) -> Problem:
        new = self.plan.new
        if problem.line is None and row.document is not None:  # a file's dossier entry
            problem = _unit_problem(row, problem.code, problem.message, ("dossier",))
        elif problem.line is None:  # a sheet's dossier: or evidence: column
            name = STAGE_SEPARATOR.join(str(part) for part in problem.path)
            at = row.header.index(name) if name in row.header else None
            problem = row_problem(problem.code, problem.message, row, name, at)
        message = msg(
            "{new} {version} cannot take it: {message}; declare it in the new version, or "
            "take it out of the units, then migrate them again",
            new=new.id,
            version=new.version,
            message=problem.message,
        )
        return replace(problem, code="migrate.programme", message=message)

    def _unit(
        self,
        row: Row,
        unit_id: str | None,
        unit_name: str | None,
        problems: list[Problem],
        migrated: Migrated,
        anew: list[Anew],
    ) -> UnitMigration:
        if problems:
            return self._refused(row, unit_id, unit_name, problems)
        if anew:
            migrated = replace(migrated, anew=(*anew, *migrated.anew))
        cells: list[tuple[str, object]] = []
        if row.document is None:
            renamed = self._renamed(row)
            for i, name in enumerate(renamed.header):
                prefix = name.partition(STAGE_SEPARATOR)[0]
                if name in self.attributes or (
                    STAGE_SEPARATOR in name and prefix in (DOSSIER_PREFIX, EVIDENCE)
                ):
                    value = row.cells[i] if i < len(row.cells) else None
                    cells.append((name, None if value is UNSAVED_FORMULA else value))
        document = self._renamed(row).document
        return UnitMigration(
            row.number,
            row.file,
            unit_id,
            unit_name,
            migrated,
            (),
            document,
            _notes(row),
            own_file=row.source is not None and row.file is not None,
            programme=tuple(cells),
        )

    def _refused(
        self, row: Row, unit_id: str | None, unit_name: str | None, problems: Sequence[Problem]
    ) -> UnitMigration:
        return UnitMigration(
            row.number,
            row.file,
            unit_id,
            unit_name,
            None,
            tuple(sorted_problems(problems)),
            row.document,
            _notes(row),
            own_file=row.source is not None and row.file is not None,
        )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _notes(row: Row) -> tuple[tuple[str, object], ...]:
    """A sheet's note columns (``#...``), kept (a formula with no saved result: empty)."""
    return tuple(
        (name, None if cell is UNSAVED_FORMULA else cell)
        for name, cell in zip(row.header, row.cells, strict=False)
        if name.startswith(COMMENT)
    )


def _foreign(
    plan: MigrationPlan, assessment: Assessment, row: Row, base: DocPath = ()
) -> list[Problem]:
    """What makes an assessment not one of the old rubric's: another rubric or version named,
    answers or facts for ids it does not have (``base``: where its answers and facts are in
    the file, a stage's)."""
    old = plan.old
    if assessment.rubric_id is not None and assessment.rubric_id != old.id:
        return [
            _unit_problem(
                row,
                "migrate.rubric",
                msg(
                    "these answers are for the rubric {rubric_id!r}, not {old!r}; migrate "
                    "them from their own rubric",
                    rubric_id=assessment.rubric_id,
                    old=old.id,
                ),
                ("rubric",),
            )
        ]
    if not answered_version(old, assessment.rubric_version):
        return [
            _unit_problem(
                row,
                "migrate.version",
                msg(
                    "answered against version {rubric_version} of {old}, not {version}; "
                    "migrate them from the version they were answered against",
                    rubric_version=assessment.rubric_version,
                    old=old.id,
                    version=old.version,
                ),
                ("rubric_version",),
            )
        ]
    nodes = {ident for ident, _, _ in old.iter_nodes()}
    facts = {f.id for f in old.spec.facts}
    out = []
    for key, ids, what in (("answers", nodes, msg("criterion")), ("facts", facts, msg("fact"))):
        given = getattr(assessment, key)
        for ident in given:
            if ident not in ids:
                out.append(
                    _unit_problem(
                        row,
                        "migrate.unknown",
                        msg(
                            "{old} {version} has no {what} {ident!r}{hint}; fix the answers, "
                            "then migrate them",
                            old=old.id,
                            version=old.version,
                            what=what,
                            ident=ident,
                            hint=did_you_mean(ident, ids),
                        ),
                        (*base, key, ident),
                    )
                )
    return out


def read_units(inputs: Sequence[str | Path], *, sheet: str | None = None) -> Iterator[Row]:
    """The rows of the inputs: one sheet (.csv, .xlsx, .jsonl), a folder of assessment files,
    or assessment files.  Raises :class:`~tiercert.tabular.TableError` when one cannot be
    read at all."""
    paths = [Path(p) for p in inputs]
    yaml_files = [p for p in paths if p.suffix.lower() in YAML_EXTENSIONS]
    if yaml_files and len(yaml_files) == len(paths):
        if sheet is not None:
            raise TableError(
                Problem(
                    "file.sheet",
                    msg("--sheet is for an .xlsx workbook; remove it (sheet= in Python)"),
                    file=str(paths[0]),
                )
            )
        for number, path in enumerate(yaml_files, 1):
            yield read_yaml_file(path, number)
        return
    if len(paths) != 1:
        raise TableError(
            Problem(
                "migrate.inputs",
                msg(
                    "give assessment files (.yaml), or one folder of them, or one sheet "
                    "(.csv, .xlsx, .jsonl); not several sheets or folders at once"
                ),
                file=str(paths[0]),
            )
        )
    rows = read_rows(paths[0], sheet=sheet)
    try:
        yield from rows
    finally:
        rows.close()


def load_plan(old: str | Path, new: str | Path) -> MigrationPlan:
    """Both rubrics (paths or shipped ids) and the plan between them.  Raises
    :class:`~tiercert.errors.RubricError` when either is not a valid rubric."""
    reports = load_reports(old, new)
    left, right = (Rubric(r.spec, report=r) for r in reports)  # type: ignore[arg-type]
    return plan_migration(left, right, report=reports[1])


# --- writing the migrated assessments -----------------------------------------------------------


def assessment_document(unit: UnitMigration, new: Rubric) -> dict[str, Any]:
    """The unit's assessment file under ``new``: its ``unit`` kept, ``rubric`` and
    ``rubric_version`` set, the carried answers, and each criterion to answer anew as an empty
    answer (``null``, as a blank template leaves it)."""
    assert unit.migrated is not None
    if unit.stages:
        return _staged_document(unit, new)
    original = dict(unit.document or {})
    if not original.get("unit") and (unit.unit_id or unit.unit_name):
        original["unit"] = {
            k: v for k, v in (("id", unit.unit_id), ("name", unit.unit_name)) if v is not None
        }
    answers: dict[str, object] = dict(unit.migrated.answers)
    facts: dict[str, object] = dict(unit.migrated.facts)
    for anew in unit.migrated.anew:
        (facts if anew.fact else answers)[anew.id] = None
    _attributes_anew(original, unit.migrated, new)
    order = [s.id for s in _plan_sources(new)]
    out: dict[str, Any] = {"format": original["format"]} if "format" in original else {}
    out["rubric"] = new.id
    out["rubric_version"] = new.version
    for key, value in original.items():
        if key not in ("format", "rubric", "rubric_version", "answers", "facts"):
            out[key] = value
    out["answers"] = {k: answers[k] for k in order if k in answers}
    if facts or "facts" in original:
        out["facts"] = facts
    return out


def _staged_document(unit: UnitMigration, new: Rubric) -> dict[str, Any]:
    """:func:`assessment_document` of a unit answered by stage: each stage's answers (the
    shared ones with them) under ``stages:``, its own facts with them, the shared facts, the
    ``unit:`` attributes and the ``dossier:`` as they were (evidence files under their groups'
    new ids)."""
    assert unit.migrated is not None
    original = dict(unit.document or {})
    order = [s.id for s in _plan_sources(new)]
    out: dict[str, Any] = {"format": original["format"]} if "format" in original else {}
    out["rubric"] = new.id
    out["rubric_version"] = new.version
    for key, value in original.items():
        if key not in ("format", "rubric", "rubric_version", "answers", "facts", "stages"):
            out[key] = value
    _attributes_anew(out, unit.migrated, new)
    facts = dict(unit.migrated.facts)
    facts.update({a.id: None for a in unit.migrated.anew if a.fact and a.stage is None})
    if facts or "facts" in original:
        out["facts"] = facts
    found = original.get("stages")
    given: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    stages: dict[str, Any] = {}
    for sid, part in unit.stages:
        held = given.get(sid)
        before: Mapping[str, Any] = held if isinstance(held, Mapping) else {}
        answers = dict(part.answers)
        answers.update({a.id: None for a in part.anew if not a.fact})
        stage = {k: v for k, v in before.items() if k not in ("answers", "facts")}
        stage["answers"] = {k: answers[k] for k in order if k in answers}
        own = dict(part.facts)
        own.update({a.id: None for a in part.anew if a.fact})
        if own or "facts" in before:
            stage["facts"] = own
        stages[sid] = stage
    out["stages"] = stages
    if "dossier" in out:  # last, as the template writes it
        out["dossier"] = out.pop("dossier")
    return out


def _attributes_anew(document: dict[str, Any], migrated: Migrated, new: Rubric) -> None:
    """The attributes the unit must give anew (required by the new version), as empty
    values under ``unit:``."""
    wanted = {a.id for a in new.spec.attributes}
    missing = [a.id for a in migrated.anew if a.id in wanted and not a.fact and a.stage is None]
    if missing:
        unit = dict(document.get("unit") or {})
        unit.update({aid: None for aid in missing if aid not in unit})
        document["unit"] = unit


def _plan_sources(new: Rubric) -> list[Source]:
    return [
        Source(node.id, "kept", (), "answer")
        for node, _, _ in iter_nodes(new.spec.criteria)
        if _answer_type(node) is not None
    ]


def assessment_yaml(unit: UnitMigration, new: Rubric) -> str:
    """:func:`assessment_document` as YAML (numbers exact, text as written)."""
    data = _for_yaml(assessment_document(unit, new))
    return yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=100)


def table_rows(migration: Migration) -> tuple[list[str], list[list[object]]]:
    """The migrated units as a sheet (header, rows): ``unit_id``, ``unit_name``,
    ``rubric_version``, a programme's attributes, an answer column per criterion of the new
    rubric (with evidence columns where an answer has evidence; once per stage,
    ``STAGE:ID``, for units answered by stage), the facts (a stage's own after the shared
    ones), a programme's ``dossier:`` and ``evidence:`` columns, and the input's note columns.
    A criterion to answer anew is an empty cell; units with problems are left out."""
    units = [u for u in migration.units if u.migrated is not None and not u.problems]
    new = migration.plan.new
    columns: list[tuple[str, Callable[[UnitMigration], object]]] = []

    def answer_columns(stage: str | None) -> None:
        prefix = "" if stage is None else f"{stage}{STAGE_SEPARATOR}"
        for source in migration.plan.sources:
            columns.append((prefix + source.id, partial(_answer_cell, stage, source.id, None)))
            for suffix, kind in EVIDENCE_SUFFIXES.items():
                if any(_answer_cell(stage, source.id, kind, u) is not None for u in units):
                    cell = partial(_answer_cell, stage, source.id, kind)
                    columns.append((prefix + source.id + suffix, cell))

    given = {name for u in units for name, _ in u.programme}
    attributes = [a.id for a in new.spec.attributes]
    named_anew = {a.id for u in units if u.migrated is not None for a in u.migrated.anew}
    for aid in attributes:
        if aid in given or aid in named_anew:
            columns.append((aid, partial(_programme_cell, aid)))
    if not units or any(not u.stages for u in units):
        answer_columns(None)
    held = {sid for u in units for sid, _ in u.stages}
    stages = [s.id for s in new.spec.stages if s.id in held]
    for sid in stages:
        answer_columns(sid)
    for stage in (None, *stages):
        prefix = "" if stage is None else f"{stage}{STAGE_SEPARATOR}"
        for fact in new.spec.facts:
            if any(_fact_named(_part(u, stage), fact.id, stage) for u in units):
                columns.append((prefix + fact.id, partial(_fact_cell, stage, fact.id)))
    for name in dict.fromkeys(n for u in units for n, _ in u.programme if n not in attributes):
        columns.append((name, partial(_programme_cell, name)))
    notes = list(dict.fromkeys(name for u in units for name, _ in u.notes))
    header = [UNIT_ID, UNIT_NAME, RUBRIC_VERSION, *(c for c, _ in columns), *notes]
    rows: list[list[object]] = []
    for unit in units:
        kept = dict(unit.notes)
        row: list[object] = [unit.unit_id, unit.unit_name, new.version]
        row += [cell(unit) for _, cell in columns]
        row += [kept.get(n) for n in notes]
        rows.append(row)
    return header, rows


def _part(unit: UnitMigration, stage: str | None) -> Migrated | None:
    """What a unit carried of ``stage`` (None: its own answers and shared facts)."""
    return unit.migrated if stage is None else dict(unit.stages).get(stage)


def _answer_cell(stage: str | None, ident: str, kind: str | None, unit: UnitMigration) -> object:
    """The cell of an answer (``kind`` None) or of its evidence (``justification``, ``url``)."""
    part = _part(unit, stage)
    if part is None or (stage is None and unit.stages):
        return None
    answer = part.answers.get(ident)
    if kind is None:
        return _value(answer)
    return answer.get(kind) if isinstance(answer, Mapping) else None


def _fact_cell(stage: str | None, ident: str, unit: UnitMigration) -> object:
    part = _part(unit, stage)
    return part.facts.get(ident) if part is not None else None


def _fact_named(part: Migrated | None, ident: str, stage: str | None) -> bool:
    """Whether a fact is given (or to give anew) in ``part``, of ``stage``."""
    return part is not None and (
        ident in part.facts or any(a.fact and a.id == ident and a.stage == stage for a in part.anew)
    )


def _programme_cell(name: str, unit: UnitMigration) -> object:
    return dict(unit.programme).get(name)


def _no_guarded_cells(header: Sequence[str], rows: Sequence[Sequence[object]], file: str) -> None:
    """Refuse a CSV answers sheet with a text cell the CSV writer would guard (``-2+3``,
    ``=x``, ``'x``): the sheet is read back as data, where a leading ``'`` is the user's, so
    the guard would change the text, and without it a spreadsheet program would run it.
    Raises :class:`~tiercert.tabular.TableError` naming the first such cell."""
    _no_changed_cell(
        header,
        rows,
        file,
        spreadsheet_text,
        lambda cell: (
            "file.formula",
            msg(
                "{text!r} starts like a spreadsheet formula: a CSV answers sheet "
                "cannot keep it both safe to open and exact when read back; "
                "write the sheet as .xlsx or .jsonl",
                text=cell,
            ),
        ),
    )


def _no_escaped_cells(header: Sequence[str], rows: Sequence[Sequence[object]], file: str) -> None:
    """Refuse a CSV or XLSX answers sheet with a text cell holding a character that does not
    print (an escape, a bidi override; line breaks aside): a spreadsheet's cell shows it as
    its escape (:func:`~tiercert._escape.sheet_text`), which the sheet, read back as data,
    would give as other text.  Raises :class:`~tiercert.tabular.TableError` naming the first
    such cell; JSON Lines keeps it."""
    _no_changed_cell(
        header,
        rows,
        file,
        sheet_text,
        lambda cell: (
            "file.character",
            msg(
                "{text} holds a character that does not print: a spreadsheet shows "
                "it as its escape, which would be read back as other text; write "
                "the sheet as .jsonl",
                text=visible(repr(cell)),
            ),
        ),
    )


def _no_changed_cell(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    file: str,
    written: Callable[[str], str],
    problem: Callable[[str], tuple[str, str]],
) -> None:
    """Raise the problem (code, message) of the first text cell that the sheet's writer would
    write otherwise (``written``), placed at its row and column."""
    for number, row in enumerate(rows, start=2):
        for column, (name, cell) in enumerate(zip(header, row, strict=True), start=1):
            if isinstance(cell, str) and written(cell) != cell:
                code, message = problem(cell)
                raise TableError(
                    Problem(
                        code,
                        message,
                        (name,),
                        where=name,
                        file=file,
                        line=number,
                        column=column,
                    )
                )


def _unambiguous_cell(cell: object) -> object:
    """A number whose text reads like ``12.000`` (7.375, given as a spreadsheet's number) as
    the text ``7.3750``: written ``7.375``, a reader would refuse it where 7375 fits too.  A
    number that the results' display rule would cut (``79.99999999999999``, a percentage
    cell holding 0.7999999999999999; ``1/3``) as its exact text: the sheet is read back as
    answers, and ``79.999999999999…`` is no answer (nor the one given)."""
    if isinstance(cell, float | Decimal | Fraction):
        exact = parse_number(cell)
        if exact is not None and dot_grouped(text := exact_number(exact)):
            return unambiguous(text)
        if (
            exact is not None
            and not isinstance(cell, float)
            and display_number(exact).endswith(CUT_MARK)
        ):
            return exact_number(exact)
    return cell


def write_migration(migration: Migration, output: str | Path, lang: str = "en") -> list[str]:
    """Write the migrated units to ``output`` atomically, each file whole or not at all:
    assessment files to a file (one input file) or into a folder (several, or a folder), a
    sheet to a sheet (.csv, .xlsx, .jsonl, by its name; an XLSX sheet named in ``lang`` as
    the template's units sheet is, which it is).  Returns the files written; raises
    :class:`~tiercert.tabular.TableError` when ``output`` cannot be written."""
    target = Path(output)
    units = [u for u in migration.units if u.migrated is not None and not u.problems]
    files = all(u.own_file for u in migration.units)
    if not files or not migration.units:
        header, rows = table_rows(migration)
        rows = [[_unambiguous_cell(cell) for cell in row] for row in rows]
        # a name without an extension (/dev/null) takes CSV, as batch's output does
        fmt = table_format(target) if target.suffix else "csv"
        if fmt == "csv":
            _no_guarded_cells(header, rows, str(target))
        if fmt in ("csv", "xlsx"):
            _no_escaped_cells(header, rows, str(target))
        sheet = translator(lang).pgettext("sheet name", "units")
        write_table(target, header, rows, format=None if target.suffix else "csv", sheet=sheet)
        return [str(target)]
    new = migration.plan.new
    single = len(migration.units) == 1 and target.suffix.lower() in YAML_EXTENSIONS
    if single and not target.is_dir():
        written = []
        for unit in units:
            write_text(target, assessment_yaml(unit, new))
            written.append(str(target))
        return written
    if target.exists() and not target.is_dir():
        raise TableError(
            Problem(
                "file.folder",
                msg(
                    "several assessment files are written into a folder, and this is a "
                    "file; name a folder (it is created when missing)"
                ),
                file=str(target),
            )
        )
    names = [Path(u.file or "").name for u in units]
    if len(set(names)) != len(names):
        raise TableError(
            Problem(
                "file.folder",
                msg("two of the assessment files have the same name; migrate them separately"),
                file=str(target),
            )
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TableError(
            Problem(
                "file.unwritable",
                msg("cannot create the folder: {strerror}", strerror=os_error_text(exc)),
                file=str(target),
            )
        ) from None
    for unit, name in zip(units, names, strict=True):
        if _same_file(target / name, unit.file):
            raise TableError(
                Problem(
                    "file.unwritable",
                    msg(
                        "{file} would replace the assessment file it was migrated from; name "
                        "another folder",
                        file=str(target / name),
                    ),
                    file=str(target),
                )
            )
    written = []
    for unit, name in zip(units, names, strict=True):
        write_text(FolderEntry(target, name), assessment_yaml(unit, new))
        written.append(str(target / name))
    return written


def _same_file(written: Path, read: str | None) -> bool:
    """Whether writing ``written`` would replace the file ``read`` (also through a link)."""
    try:
        return read is not None and os.path.samefile(written, read)
    except OSError:  # one of them does not exist
        return False


# --- the report ---------------------------------------------------------------------------------

_HOW = {
    "kept": N_("kept"),
    "renamed": N_("renamed from {old}"),
    "split": N_("split out of {old}"),
    "merged": N_("merges {old}"),
    "new": N_("new"),
}
_CARRY = {
    "answer": N_("its answer carries over"),
    "reassess": N_("answered anew"),
    "all": N_("yes when all were yes"),
    "any": N_("yes when any was yes"),
    "sum": N_("their numbers added"),
}


def _criterion_line(source: Source) -> str | None:
    """What becomes of one criterion's answers, for the criteria whose answers do not simply
    stay with their id (None for those)."""
    carry = source.carry
    if source.how == "kept" and carry == "answer" and not (source.unsound or source.lost_choices):
        return None
    text = msg(_HOW[source.how], old=", ".join(source.old))
    if source.how == "new":
        text = msg("{how}: answered anew", how=text)
    elif source.unsound is not None:
        text = msg("{how}: answered anew, {why}", how=text, why=source.unsound)
    elif isinstance(carry, Mapping):
        pairs = ", ".join(f"{k} → {_shown_answer(v)}" for k, v in carry.items())
        text = msg(
            "{how}: answers mapped ({pairs}), any other answered anew", how=text, pairs=pairs
        )
    else:
        text = msg("{how}: {carry}", how=text, carry=msg(_CARRY[carry]))
    if source.lost_choices:
        lost = ", ".join(source.lost_choices)
        text = msg(
            "{text}; the answers {lost} answered anew (not levels now)", text=text, lost=lost
        )
    return msg("  {id}  {text}", id=source.id, text=text)


def _shown_answer(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | Fraction):
        return exact_number(Fraction(value))
    return str(value)


def _unit_name(unit: UnitMigration) -> str:
    name = unit.unit_id or (
        Path(unit.file).name if unit.file else msg("row {number}", number=unit.number)
    )
    return f"{name} ({unit.unit_name})" if unit.unit_name else name


def render_text(migration: Migration, lang: str = "en") -> str:
    """The migration for people, in ``lang``: what becomes of the criteria, then every
    unit."""
    said = translator(lang)
    _ = said.gettext
    plan = migration.plan
    old, new = plan.old, plan.new
    units = migration.units
    lines = [
        _("Migrate: {old} {old_version} → {new} {new_version}").format(
            old=old.id, old_version=old.version, new=new.id, new_version=new.version
        )
    ]
    if migration.source:
        lines[0] += said.ngettext(
            " ({count} unit from {source})", " ({count} units from {source})", len(units)
        ).format(count=len(units), source=in_lang(migration.source, lang))
    criteria = [in_lang(line, lang) for s in plan.sources if (line := _criterion_line(s))]
    if plan.retired:
        retired = ", ".join(plan.retired)
        criteria.append("  " + _("retired: {ids} (their answers are dropped)").format(ids=retired))
    if criteria:
        lines += ["", _("What becomes of the answers (every other answer keeps its criterion):")]
        lines += criteria
    for problem in plan.problems:
        lines.append(problem.format(lang))
    if plan.errors:
        return text_of_lines(lines)
    lines += ["", _("Units:")]
    whole = anew_units = refused = 0
    for unit in units:
        name = in_lang(_unit_name(unit), lang)
        if unit.problems or unit.migrated is None:
            refused += 1
            lines.append("  " + _("{name}: not migrated").format(name=name))
            lines += [f"    {p.format(lang)}" for p in unit.problems]
            continue
        m = unit.migrated
        carried = len(m.carried)
        told = said.ngettext("{count} answer carried", "{count} answers carried", carried)
        told = told.format(count=carried)
        if m.retired:
            told += _(", {count} dropped ({ids}: retired)").format(
                count=len(m.retired), ids=", ".join(m.retired)
            )
        if m.complete:
            whole += 1
            lines.append(
                "  " + _("{name}: {said}; nothing to answer anew").format(name=name, said=told)
            )
            continue
        anew_units += 1
        lines.append("  " + _("{name}: {said}; answer anew:").format(name=name, said=told))
        lines += [f"    {a.named}: {in_lang(a.reason, lang)}" for a in m.anew]
    lines += [
        "",
        said.ngettext(
            "{count} unit: {whole} carried whole, {anew} with criteria to answer anew, "
            "{refused} not migrated",
            "{count} units: {whole} carried whole, {anew} with criteria to answer anew, "
            "{refused} not migrated",
            len(units),
        ).format(count=len(units), whole=whole, anew=anew_units, refused=refused),
    ]
    return text_of_lines(lines)


def render_json(migration: Migration) -> str:
    """:meth:`Migration.to_dict` as JSON text."""
    return json_text(json.dumps(migration.to_dict(), ensure_ascii=False, indent=2)) + "\n"


__all__ = [
    "ANEW_CODES",
    "Anew",
    "Migrated",
    "Migration",
    "MigrationPlan",
    "Source",
    "UnitMigration",
    "VersionCheck",
    "answered_version",
    "assessment_document",
    "assessment_yaml",
    "load_plan",
    "migrate_answers",
    "migrate_rows",
    "plan_migration",
    "read_units",
    "render_json",
    "render_text",
    "table_rows",
    "version_problem",
    "with_lineage",
    "write_migration",
]
