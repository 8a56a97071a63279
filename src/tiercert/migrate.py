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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import yaml

from ._columns import COMMENT, Reader, located, row_problem, unit_text
from ._compile import LeafPlan, NodePlan, Plan
from ._escape import json_text, spreadsheet_text, text_of_lines
from ._i18n import N_, in_lang, msg, translator
from ._literals import is_na, parse_bool, parse_number
from ._numbers import exact_number, is_terminating
from ._paths import did_you_mean, render_path, shown
from ._reference import read_answers
from ._tables import UNSAVED_FORMULA, YAML_EXTENSIONS, table_format
from .assessment import Assessment, answered_version, version_problem
from .checking import CheckReport, check_file
from .checks import iter_nodes
from .diff import load_reports
from .errors import Path as DocPath
from .errors import Problem, Severity, os_error_text, sorted_problems
from .programme import carries_programme
from .rubric import Rubric, _for_yaml, _YamlDumper, load_rubric
from .rules import RULES
from .tabular import Row, TableError, read_rows, read_yaml_file, write_table, write_text
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "reason": self.reason,
            "old": list(self.old),
            "fact": self.fact,
        }


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
        return exact_number(Fraction(value))
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


class VersionCheck(Iterator[Row]):
    """The rows of an input as they come, each one answered against another version of
    ``rubric`` (``rubric_version:`` in a file, the ``rubric_version`` column of a sheet)
    counted in :attr:`stale`, and with ``strict`` replaced by a row with that problem (so that
    ``batch`` rejects it).  ``fraction`` and ``close`` are the input's."""

    def __init__(
        self,
        rows: Iterator[Row],
        rubric: Rubric,
        *,
        strict: bool = False,
        name: str | None = None,
        source: str | None = None,
    ) -> None:
        self._rows = rows
        self._rubric = rubric
        self._strict = strict
        self._name = name
        self._source = source
        #: version -> the rows answered against it (a sheet's row numbers, or file names)
        self.stale: dict[str, list[str]] = {}

    def __iter__(self) -> VersionCheck:
        return self

    def __next__(self) -> Row:
        row = next(self._rows)
        version = _row_version(row)
        if answered_version(self._rubric, version):
            return row
        assert version is not None
        label = Path(row.file).name if row.document is not None and row.file else str(row.number)
        self.stale.setdefault(version, []).append(label)
        if not self._strict:
            return row
        problem = version_problem(
            self._rubric, version, strict=True, name=self._name, assessment=self._source
        )
        assert problem is not None
        where = row.header.index(RUBRIC_VERSION) if RUBRIC_VERSION in row.header else None
        at = row_problem(problem.code, problem.message, row, RUBRIC_VERSION, where)
        return Row(row.number, file=row.file, problems=(at,))

    @property
    def records(self) -> object:
        """The input's CSV records, for a batch that reads them itself (see
        :class:`~tiercert.tabular.CsvRecords`); it must leave a sheet with a
        ``rubric_version`` column to this check, row by row."""
        return getattr(self._rows, "records", None)

    @property
    def fraction(self) -> float | None:
        fraction = getattr(self._rows, "fraction", None)
        return fraction if isinstance(fraction, float) else None

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if callable(close):
            close()

    def warning(self) -> Problem | None:
        """One warning for the whole input, or None when every row is of this version (or,
        with ``strict``, when each such row was rejected with its own problem)."""
        if not self.stale or self._strict:
            return None
        source = self._source or "INPUT"
        count = sum(len(rows) for rows in self.stale.values())
        versions = "; ".join(
            f"{version}: {', '.join(rows[:5])}" + ("…" if len(rows) > 5 else "")
            for version, rows in self.stale.items()
        )
        rubric = self._rubric
        values = {
            "count": count,
            "rubric": rubric.id,
            "version": rubric.version,
            "versions": versions,
            "name": self._name or rubric.id,
            "source": source,
        }
        message = (
            msg(
                "{count} units were answered against another version of {rubric} than "
                "{version} ({versions}): scores may be wrong where the criteria changed; "
                "carry the answers to this version with tiercert migrate OLD {name} "
                "{source} -o NEW_FILE",
                **values,
            )
            if count != 1
            else msg(
                "{count} unit was answered against another version of {rubric} than "
                "{version} ({versions}): scores may be wrong where the criteria changed; "
                "carry the answers to this version with tiercert migrate OLD {name} "
                "{source} -o NEW_FILE",
                **values,
            )
        )
        return Problem(
            "assessment.version",
            message,
            severity=Severity.WARNING,
            file=source,
        )


def _row_version(row: Row) -> str | None:
    if row.document is not None:
        version = row.document.get("rubric_version")
        return version if isinstance(version, str) else None
    if RUBRIC_VERSION in row.header:
        at = row.header.index(RUBRIC_VERSION)
        return unit_text(row.cells[at]) if at < len(row.cells) else None
    return None


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
    if _would_lose_programme(plan.old, first):
        assert first is not None
        raise TableError(
            Problem(
                "migrate.programme",
                msg(
                    "the units carry a programme (attributes, stages or a dossier), which "
                    "migrate does not carry yet: it would lose them; score this round with "
                    "the rubric it was answered against, and give migrate sheets or files "
                    "of answers alone"
                ),
                file=first.file,
            )
        )
    units = []
    for row in itertools.chain([first] if first is not None else [], rows):
        prepared = reader.prepare(row)
        if prepared is None:
            continue  # an empty row, or a note
        notes = tuple(
            # a note that is a formula with no saved result has no value (it is kept empty)
            (name, None if cell is UNSAVED_FORMULA else cell)
            for name, cell in zip(row.header, row.cells, strict=False)
            if name.startswith(COMMENT)
        )
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
        assessment = prepared.assessment
        if assessment is not None and not problems:
            problems += _foreign(plan, assessment, row)
        if problems or assessment is None:
            units.append(replace(unit, problems=tuple(problems)))
            continue
        migrated = migrate_answers(plan, assessment.answers, assessment.facts)
        units.append(replace(unit, migrated=migrated))
    return Migration(plan, tuple(units), source)


def _would_lose_programme(old: Rubric, row: Row | None) -> bool:
    """Whether migrating ``row`` (the first of the input) would lose what it gives of a
    programme: a sheet's attribute, stage and dossier columns (a migrated sheet has answer
    columns only), a file's answers by stage (they would be kept under the old ids).  A
    file's ``unit:`` attributes and ``dossier`` are kept as they are."""
    if row is None:
        return False
    if row.document is not None:
        return "stages" in row.document
    return carries_programme(old, row)


def _foreign(plan: MigrationPlan, assessment: Assessment, row: Row) -> list[Problem]:
    """What makes an assessment not one of the old rubric's: another rubric or version named,
    answers or facts for ids it does not have."""
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
                        (key, ident),
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
                    msg("--sheet is for an .xlsx workbook; remove it"),
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
    original = dict(unit.document or {})
    if not original.get("unit") and (unit.unit_id or unit.unit_name):
        original["unit"] = {
            k: v for k, v in (("id", unit.unit_id), ("name", unit.unit_name)) if v is not None
        }
    answers: dict[str, object] = dict(unit.migrated.answers)
    facts: dict[str, object] = dict(unit.migrated.facts)
    for anew in unit.migrated.anew:
        (facts if anew.fact else answers)[anew.id] = None
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
    ``rubric_version``, an answer column per criterion of the new rubric (with evidence
    columns where an answer has evidence), the facts, and the input's note columns.  A
    criterion to answer anew is an empty cell; units with problems are left out."""
    units = [u for u in migration.units if u.migrated is not None and not u.problems]
    new = migration.plan.new
    columns: list[tuple[str, str, str | None]] = []  # (column, id, evidence kind)
    for source in migration.plan.sources:
        columns.append((source.id, source.id, None))
        for suffix, evidence in EVIDENCE_SUFFIXES.items():
            if any(_evidence(u, source.id, evidence) is not None for u in units):
                columns.append((source.id + suffix, source.id, evidence))
    named = {
        ident
        for u in units
        if u.migrated is not None
        for ident in (*u.migrated.facts, *(a.id for a in u.migrated.anew if a.fact))
    }
    facts = [f.id for f in new.spec.facts if f.id in named]
    notes = list(dict.fromkeys(name for u in units for name, _ in u.notes))
    header = [UNIT_ID, UNIT_NAME, RUBRIC_VERSION, *(c for c, _, _ in columns), *facts, *notes]
    rows: list[list[object]] = []
    for unit in units:
        assert unit.migrated is not None
        answers, given = unit.migrated.answers, unit.migrated.facts
        row: list[object] = [unit.unit_id, unit.unit_name, new.version]
        for _, ident, kind in columns:
            row.append(_value(answers.get(ident)) if kind is None else _evidence(unit, ident, kind))
        row += [given.get(f) for f in facts]
        kept = dict(unit.notes)
        row += [kept.get(n) for n in notes]
        rows.append(row)
    return header, rows


def _no_guarded_cells(header: Sequence[str], rows: Sequence[Sequence[object]], file: str) -> None:
    """Refuse a CSV answers sheet with a text cell the CSV writer would guard (``-2+3``,
    ``=x``, ``'x``): the sheet is read back as data, where a leading ``'`` is the user's, so
    the guard would change the text, and without it a spreadsheet program would run it.
    Raises :class:`~tiercert.tabular.TableError` naming the first such cell."""
    for number, row in enumerate(rows, start=2):
        for column, (name, cell) in enumerate(zip(header, row, strict=True), start=1):
            if isinstance(cell, str) and spreadsheet_text(cell) != cell:
                raise TableError(
                    Problem(
                        "file.formula",
                        msg(
                            "{text!r} starts like a spreadsheet formula: a CSV answers sheet "
                            "cannot keep it both safe to open and exact when read back; "
                            "write the sheet as .xlsx or .jsonl",
                            text=cell,
                        ),
                        (name,),
                        where=name,
                        file=file,
                        line=number,
                        column=column,
                    )
                )


def _evidence(unit: UnitMigration, ident: str, kind: str) -> object:
    answer = unit.migrated.answers.get(ident) if unit.migrated is not None else None
    return answer.get(kind) if isinstance(answer, Mapping) else None


def write_migration(migration: Migration, output: str | Path) -> list[str]:
    """Write the migrated units to ``output`` atomically, each file whole or not at all:
    assessment files to a file (one input file) or into a folder (several, or a folder), a
    sheet to a sheet (.csv, .xlsx, .jsonl, by its name).  Returns the files written; raises
    :class:`~tiercert.tabular.TableError` when ``output`` cannot be written."""
    target = Path(output)
    units = [u for u in migration.units if u.migrated is not None and not u.problems]
    files = all(u.own_file for u in migration.units)
    if not files or not migration.units:
        header, rows = table_rows(migration)
        # a name without an extension (/dev/null) takes CSV, as batch's output does
        fmt = table_format(target) if target.suffix else "csv"
        if fmt == "csv":
            _no_guarded_cells(header, rows, str(target))
        write_table(target, header, rows, format=None if target.suffix else "csv")
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
        write_text(target / name, assessment_yaml(unit, new))
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
        lines += [f"    {a.id}: {in_lang(a.reason, lang)}" for a in m.anew]
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
