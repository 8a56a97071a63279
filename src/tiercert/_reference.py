"""Score one assessment against a compiled rubric plan.  Pure: no I/O, no pydantic.

This is the reference evaluator: a direct walk of the criteria tree, written to be obviously
right.  Two steps:

1. :func:`read_answers` checks every answer and fact against the plan and collects *all*
   problems (unknown ids, wrong types, out of range, missing) before anything is scored;
2. :class:`Scoring` walks the tree bottom-up, then decides gates and tiers.

What a rule, aggregate or condition does is its kind's (:mod:`tiercert.rules`,
:mod:`tiercert.aggregates`, :mod:`tiercert.conditions`); this module holds what they share:
reading answers, N/A, evidence needed, capping and rounding, gates and tiers.

The compiled evaluator (:mod:`tiercert._fast`) uses these functions and nothing else of this
module, its seam: :func:`read_leaf` and :func:`read_direct` (read one answer),
:func:`score_answer` (score one leaf), :func:`finish_leaf` and :func:`finish_group` (the caps and
rounding both evaluators apply, written once), :func:`tell_penalties`, :func:`tell_counted`,
:func:`tell_future` and :func:`waiting_gates` (what results say about penalties, what counted
and future criteria),
:func:`explain_failures` (why gates failed), :func:`parse_fact`, :func:`percentage_of`, and
the records :class:`Answer`, :class:`Inputs`, :class:`RubricInfo`.
"""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from fractions import Fraction
from typing import Any, cast

from ._compile import (
    CondPlan,
    FactPlan,
    GatePlan,
    GroupPlan,
    LeafPlan,
    NodePlan,
    Plan,
    RoundSpec,
    TierPlan,
    answerable,
    descendants,
)
from ._evidence import ANSWER_KEYS, NA_REFUSED, carries, lacking_detail, na_lacking_detail, unpack
from ._i18n import msg
from ._kinds import ROOT_ID, Value
from ._literals import (
    dot_grouped,
    empty_value_problem,
    grouped_problem,
    is_na,
    nfc,
    parse_bool,
    parse_number,
    plain_id,
    word_problem,
)
from ._numbers import HUNDRED, ZERO, display_number, round_to
from ._paths import did_you_mean, listed, shown, shown_key
from ._records import Record
from ._renamed import earlier_hint
from .conditions._total import compares_total, edges_for, least_total
from .errors import Problem, problem_of
from .result import (
    Failure,
    GateResult,
    NextTier,
    NodeResult,
    Result,
    Status,
    TierRef,
    points_needed,
)
from .rules._answers import thousands_problem, typed_with_unit, why_not

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never


class Answer(Record, frozen=True):
    """A checked answer: ``value`` is bool, str (level id or ``"na"``) or Fraction."""

    value: Value
    justification: str | None = None
    url: str | None = None

    @property
    def is_na(self) -> bool:
        return self.value == "na"


class Inputs(Record):
    leaves: dict[str, Answer]
    direct: dict[str, Fraction]  # group id -> directly given score
    facts: dict[str, Value]


# --- reading answers --------------------------------------------------------------------------


def read_answers(
    plan: Plan,
    answers: Mapping[str, object],
    facts: Mapping[str, object],
    *,
    missing_is_zero: bool,
    only: frozenset[str] | None = None,
    in_file: bool = False,
) -> tuple[Inputs, list[Problem]]:
    """Check answers and facts against the plan. Returns what could be read and all problems.

    ``in_file``: the answers were read from a file or a sheet (an id of an earlier version
    is then told how ``tiercert migrate`` carries it; an API's caller, which id to answer).

    An answer or fact given as ``None``, or as text of nothing but spaces (``""``, as an
    empty cell of a sheet is read), counts as not given.  ``only``: the answers and facts
    of these ids alone are read, and said missing (a batch's row whose other cells were
    taken already: their reading finds nothing, and what these ids' own reading finds does
    not depend on it); the rest of ``answers`` only says which groups were scored directly.
    """
    direct: list[str] = []
    given_order: list[str] = []
    if only is not None:
        given_order = list(answers)
        # a group of ``only`` not given a score is not scored directly: the criteria below it
        # are read, and said missing, as the whole reading reads them
        only = only.union(
            *(
                (below.id for below in descendants(group))
                for group in (plan.nodes.get(key) for key in only)
                if isinstance(group, GroupPlan) and _empty(answers.get(group.id))
            )
        )
        # which groups were given directly, from every answer: their criteria are not missing
        direct = [key for key in answers if key not in only and not _empty(answers[key])]
        answers = {key: raw for key, raw in answers.items() if key in only}
        facts = {key: raw for key, raw in facts.items() if key in only}
    given, given_facts, facts_given = set(answers), set(facts), facts
    shaped = _file_shaped(answers, plan)
    if shaped is not None:  # one problem says it all: not a "no answer" for every criterion
        return Inputs({}, {}, {}), [shaped]
    # an id the rubric does not have is a problem whatever its value, even an empty one
    problems = _unknown(answers, plan, in_file=in_file)
    inputs = Inputs({}, {}, {})
    # an empty answer (``null``, as a blank template leaves it, or ``""``, a sheet's empty
    # cell) is no answer at all, whichever reader it came through
    answers = {key: _as_read(raw) for key, raw in answers.items() if not _empty(raw)}
    facts = {key: _as_read(raw) for key, raw in facts.items() if not _empty(raw)}
    for key, raw in answers.items():
        path = ("answers", key)
        node = plan.nodes.get(key)
        if node is None:
            continue  # reported above
        if isinstance(node, GroupPlan):
            problem = read_direct(node, raw, path, inputs)
        elif node.answer_from is not None:
            problem = Problem(
                "answer.shared",
                msg(
                    "{key!r} is scored from the answer to {answer_from!r}; answer "
                    "{answer_from!r} instead and remove this one",
                    key=key,
                    answer_from=node.answer_from,
                ),
                path,
                value=raw,
            )
        else:
            problem = read_leaf(node, raw, path, inputs, plan.readers.get(node.id, ()))
        if problem is not None:
            problems.append(problem)
    # a group given directly must not also have answered criteria below it; with ``only``,
    # nor one given outside it (read already, without a problem) above a criterion of ``only``
    for group_id in (
        inputs.direct if only is None else _direct_groups(plan, given_order, direct, inputs)
    ):
        group = plan.nodes[group_id]
        assert isinstance(group, GroupPlan)
        for below in descendants(group):
            if below.id in inputs.leaves or below.id in inputs.direct:
                problems.append(
                    Problem(
                        "answer.conflict",
                        msg(
                            "{group_id!r} is scored directly, so its criterion {below!r} must not "
                            "be answered too; keep one of them",
                            group_id=group_id,
                            below=below.id,
                        ),
                        ("answers", below.id),
                    )
                )
    # a group scored directly, even with a bad score, replaces its criteria: they are not missing
    scored = set(inputs.direct)
    for key in answers if only is None else [*answers, *direct]:
        node = plan.nodes.get(key)
        if isinstance(node, GroupPlan) and node.direct:
            scored.add(key)
    for node in answerable(plan.root, scored) if not missing_is_zero else ():
        if only is not None and node.id not in only:
            continue
        if node.id not in answers:  # (with missing_is_zero it scores 0: it has no Answer)
            problems.append(
                problem_of(
                    "answer.missing",
                    "no answer for {criterion!r}; answer it, or score missing answers as "
                    "zero ('scoring: {{missing: zero}}' in the rubric, or --missing zero; "
                    "missing='zero' in Python)",
                    ("answers", node.id) if node.id in given else ("answers",),
                    criterion=node.id,
                )
            )
    problems.extend(_unknown(facts_given, plan, facts=True))
    problems.extend(_read_facts(plan, facts, inputs, given_facts, only))
    return inputs, problems


def _empty(raw: object) -> bool:
    """Whether ``raw`` is no value at all: None, or text of nothing but spaces (what a sheet's
    empty cell, stripped, is read as: the same text means the same in every reader), or an
    answer mapping whose ``value`` is one of them (a web form's blank box beside its URL
    field, as a sheet's empty cell beside its ``.url`` cell is no answer)."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, Mapping) and "value" in raw and raw.keys() <= ANSWER_KEYS:
        value = raw["value"]
        return value is None or (isinstance(value, str) and not value.strip())
    return False


def _as_read(raw: object) -> object:
    """A date or a time given from Python as the ISO text a sheet's date cell is read as
    (``_columns.cell_value``), so it is refused the same way ("looks like a date, not a
    number"); any other value as it is (pandas' NaT, a datetime, too: it is no date)."""
    if isinstance(raw, _dt.date | _dt.time) and raw == raw:  # NaT is not itself
        from ._sheet_dates import SheetDate

        return SheetDate(raw)
    return raw


def _direct_groups(plan: Plan, given: list[str], outside: list[str], inputs: Inputs) -> list[str]:
    """The groups scored directly, in the order ``given``: those this reading read (in
    ``inputs``) and those given outside its ``only`` (``outside``, not empty) that can be
    scored directly: their score was read already, without a problem, as the whole reading
    would read it."""
    out = set(outside)
    found = []
    for key in given:
        node = plan.nodes.get(key)
        if key in inputs.direct or (key in out and isinstance(node, GroupPlan) and node.direct):
            found.append(key)
    return found


def _file_shaped(answers: Mapping[str, object], plan: Plan) -> Problem | None:
    """Answers that are an assessment file's whole contents (``{"answers": {...}, "facts":
    {...}}``) where a mapping of criterion id to answer belongs: the one problem that says
    so, whichever way they came (``evaluate``, ``verdict``, an :class:`Assessment`, a batch
    row, ``score_rows``); None when any key is a criterion's id (answers beside a stray
    ``answers`` key keep their own problems) or none is ``answers`` or ``stages`` holding a
    mapping."""
    if any(key in plan.nodes for key in answers):
        return None
    keys = [key for key in ("answers", "stages") if isinstance(answers.get(key), Mapping)]
    if not keys:
        return None
    message = msg(
        "the rubric has no criterion {key!r}: these are an assessment file's contents, "
        "not a mapping of criterion id to answer; pass "
        "tiercert.assessment_from_mapping(data), or the answers mapping alone",
        key=keys[0],
    )
    return Problem("answer.unknown", message, ("answers", keys[0]))


def _unknown(
    given: Mapping[str, object], plan: Plan, *, facts: bool = False, in_file: bool = False
) -> list[Problem]:
    """A problem for each id of ``given`` (answers, or ``facts``) the rubric does not have.

    An answer's id an earlier version of the rubric gave a criterion says which criteria took
    it over (:func:`~tiercert._renamed.earlier_hint`, as a file's or an API's caller is told).

    ``{g1: 17,5, g2: 22}`` in YAML's flow style is g1: 17 and a key ``5`` with no value: an
    all-digit id right after a whole number is named as the decimal comma it is."""
    known, elsewhere = (plan.facts, plan.nodes) if facts else (plan.nodes, plan.facts)
    problems = []
    previous: tuple[object, object] = (None, None)
    for given_key, raw in given.items():
        if given_key not in known:
            # a key that is no text is shown as a message shows numbers (an int of 5,000
            # digits has no text of its own: writing it would raise)
            key = given_key if isinstance(given_key, str) else shown_key(given_key)
            now = None if facts or not isinstance(key, str) else plan.earlier.get(key)
            if now:
                hint = earlier_hint(now, in_file=in_file)
            else:
                hint = did_you_mean(key, known) if isinstance(key, str) else ""
            if not hint and key in elsewhere:
                hint = (
                    msg("; it is a criterion, put it under 'answers:'")
                    if facts
                    else msg("; it is a fact, put it under 'facts:'")
                )
            before, value = previous
            if isinstance(key, str) and key.isascii() and key.isdigit() and type(value) is int:
                hint = msg(
                    "; if it is the decimal part of {before}: {value},{key} (YAML reads "
                    "the comma as a separator), write {value}.{key} with a dot",
                    before=before,
                    value=value,
                    key=key,
                )
            path = ("facts" if facts else "answers", key)
            message = msg(
                "the rubric has no {what} {key!r}{hint}",
                what=msg("fact") if facts else msg("criterion"),
                key=key,
                hint=hint or msg("; remove it or fix the id"),
            )
            code = "fact.unknown" if facts else "answer.unknown"
            problems.append(Problem(code, message, path))
        previous = (given_key, raw)
    return problems


def read_direct(
    group: GroupPlan, raw: object, path: tuple[str, ...], inputs: Inputs
) -> Problem | None:
    if not group.direct:
        return Problem(
            "answer.group",
            msg(
                "{group!r} is a group: answer its criteria (the rubric does not allow "
                "scoring it directly)",
                group=group.id,
            ),
            path,
            value=raw,
        )
    value, _, _, problem = unpack(raw)
    if problem:
        return Problem("answer.invalid", problem, path, value=raw)
    # 1.500 where 1500 is a score the group can have too: as a number answer (read_in_range)
    ambiguous = thousands_problem(value, ZERO, group.full_max)
    if ambiguous is not None:
        return Problem("answer.invalid", ambiguous, path, value=value)
    number = parse_number(value)
    if number is None or not ZERO <= number <= group.full_max:
        return problem_of(
            "answer.range",
            "the score of {group!r} must be a number from 0 to {max}, got {got}{why}",
            path,
            value=value,
            group=group.id,
            max=shown(group.full_max),
            got=shown(value),
            why=why_not(value) if number is None else "",
        )
    inputs.direct[group.id] = number
    return None


def read_leaf(
    leaf: LeafPlan,
    raw: object,
    path: tuple[str, ...],
    inputs: Inputs,
    readers: tuple[LeafPlan, ...] = (),
) -> Problem | None:
    value, justification, url, problem = unpack(raw)
    if problem:
        return Problem("answer.invalid", problem, path, value=raw)
    if leaf.kind.computed:
        return Problem(
            "answer.computed",
            msg("{leaf!r} is computed by the rubric; remove this answer", leaf=leaf.id),
            path,
            value=value,
        )
    if is_na(value):
        # a shared answer may be N/A when any criterion reading it allows N/A
        if leaf.na is None and not any(r.na is not None for r in readers):
            return Problem(
                "answer.na",
                msg("{leaf!r} cannot be marked not applicable; give a real answer", leaf=leaf.id),
                path,
                value=value,
            )
        inputs.leaves[leaf.id] = Answer("na", justification, url)
        return None
    checked, message = _check_value(leaf, value)
    for reader in readers:
        if message is None:
            _, message = _check_value(reader, value)
            if message is not None:
                message = msg(
                    "{message} (as read by {reader!r})", message=message, reader=reader.id
                )
    if message is not None:
        return Problem("answer.invalid", message, path, value=value)
    assert checked is not None
    inputs.leaves[leaf.id] = Answer(checked, justification, url)
    return None


def _check_value(leaf: LeafPlan, value: object) -> tuple[Value | None, str | None]:
    """The value of an answer as the leaf's rule reads it, or what is wrong with it."""
    read = leaf.kind.read
    assert read is not None  # only computed kinds read no answers, and they are refused above
    return read(leaf.params, value)


def parse_fact(fact: FactPlan, raw: object) -> Value | None:
    """The fact's value read from ``raw``, or None when it is not a valid value of its type."""
    value: Value | None
    kind = fact.type
    if kind == "boolean":
        value = parse_bool(raw)
    elif kind == "number" or kind == "integer":
        value = parse_number(raw)
        if value is not None and (
            dot_grouped(raw) or (kind == "integer" and value.denominator != 1)
        ):
            value = None  # 12.000 or 1.500 (twelve, or twelve thousand?), or not whole
    elif kind == "choice":
        value = nfc(raw) if isinstance(raw, str) and nfc(raw) in fact.options else None
    elif kind == "text":
        value = nfc(raw) if isinstance(raw, str) else None
    else:
        assert_never(kind)
    return value


def _number_fact_problem(raw: object, *, whole: bool) -> str:
    """What to write instead of a number fact's ``raw`` (``whole``: an integer fact): a
    number fact is a size (a population, an area), so ``1.500`` is refused like a programme's
    number attribute (:func:`~tiercert._literals.grouped_problem`)."""
    ambiguous = None if whole else grouped_problem(raw)
    if ambiguous:
        return msg("; {why}", why=ambiguous)
    # 2 thôn, 18 triệu: the hint an answer typed so gets
    unit = msg(" (write the number alone, without its unit)") if typed_with_unit(raw) else ""
    return why_not(raw, unit, whole=whole)


def _word_fact_problem(fact: FactPlan, raw: object) -> str:
    """What to write instead of a yes/no or choice fact's ``raw`` when it looks like one
    (``ＹＥＳ``, ``yes`` with a zero-width space, ``#N/A``, NaN): the help answers get
    (:func:`~tiercert._literals.word_problem`); empty when there is nothing more to say.  A
    text fact is refused only when it is no text: NaN (pandas's empty cell) is told so, as
    every other kind of fact is."""
    options = fact.options or ()

    def read(text: str) -> str | None:
        if fact.type == "boolean":
            return text if parse_bool(text) is not None else None
        return text if nfc(text) in options else None

    why = word_problem(raw, read) or empty_value_problem(raw)
    if why:
        return msg("; {why}", why=why)
    if fact.type == "choice" and isinstance(raw, str):  # Bắc Trung Bộ for bac_trung_bo
        return did_you_mean(plain_id(raw) or raw, options)
    return ""


def _read_facts(
    plan: Plan,
    given: Mapping[str, object],
    inputs: Inputs,
    everything: set[str],
    only: frozenset[str] | None = None,
) -> list[Problem]:
    problems = []
    for key, raw in given.items():
        fact = plan.facts.get(key)
        path = ("facts", key)
        if fact is None:
            continue  # reported by _unknown
        value = parse_fact(fact, raw)
        if value is None:
            allowed = {
                "boolean": msg("true or false"),
                "number": msg("a number"),
                "integer": msg("a whole number"),
                "choice": msg("one of: {options}", options=listed(fact.options)),
                "text": msg("text"),
            }[fact.type]
            problems.append(
                Problem(
                    "fact.invalid",
                    msg(
                        "the fact {key!r} must be {allowed}, got {raw}{value}",
                        key=key,
                        allowed=allowed,
                        raw=shown(raw),
                        value=_number_fact_problem(raw, whole=fact.type == "integer")
                        if fact.type in ("number", "integer")
                        else _word_fact_problem(fact, raw),
                    ),
                    path,
                    value=raw,
                )
            )
            continue
        inputs.facts[key] = value
    for fact in plan.facts.values():
        if only is not None and fact.id not in only:
            continue
        if fact.id not in inputs.facts and fact.id not in given:
            if fact.default is not None:
                inputs.facts[fact.id] = fact.default
            else:
                problems.append(
                    Problem(
                        "fact.missing",
                        msg(
                            "no value for the fact {fact!r}; give it under 'facts:' in an "
                            "assessment file, or in its column in a sheet",
                            fact=fact.id,
                        ),
                        ("facts", fact.id) if fact.id in everything else ("facts",),
                    )
                )
    return problems


# --- scoring ----------------------------------------------------------------------------------


def round_as(value: Fraction, spec: RoundSpec | None) -> Fraction:
    """``value`` rounded as a rubric's ``round`` says (unchanged without one)."""
    if spec is None:
        return value
    places, mode = spec
    return round_to(value, places, mode)


def finish_leaf(leaf: LeafPlan, raw: Fraction) -> Fraction:
    """A leaf's score from its rule's points: capped at its maximum, then rounded as declared;
    rounding never lifts it above the maximum (2.5 rounded to whole points is 3)."""
    return min(round_as(min(raw, leaf.max), leaf.round), leaf.max)


def finish_group(
    group: GroupPlan,
    base: list[tuple[Any, Any, Fraction]],
    bonus: Any,
    rounded: Callable[[Any, RoundSpec | None], Any],
    penalty: Any = 0,
) -> tuple[Any, bool]:
    """A group's score and whether a cap took points off, from its base children's (score,
    maximum, weight), its bonus children's points and its penalty children's points: None when
    every base child is excluded (so is the group).  Penalties are taken after the caps, down
    to 0 at most.  Both evaluators finish groups here, the compiled one in its scaled units with
    its own ``rounded`` (which also normalises); the group's amounts must be in the same
    units."""
    if not base and group.base_count:
        return None, False
    raw, capped = aggregate(group, base)
    if group.bonus_cap is not None and bonus > group.bonus_cap:
        bonus, capped = group.bonus_cap, True
    positive = raw + bonus
    if penalty:
        if group.penalty_cap is not None and penalty > group.penalty_cap:
            penalty = group.penalty_cap
        positive = positive - penalty if positive > penalty else positive * 0
    score = rounded(positive, group.round)
    if score > group.full_max:  # rounding never lifts a group above its maximum
        score = rounded(group.full_max, None)
    return score, capped


def aggregate(group: GroupPlan, base: list[tuple[Any, Any, Fraction]]) -> tuple[Any, bool]:
    """(raw score, capped) of a group from its base children's (score, maximum, weight): its
    aggregate, then its maximum and ``incomplete_cap``."""
    maximum = group.max
    raw = group.aggregate.combine(group, base)
    capped = raw > maximum
    raw = min(raw, maximum)
    if (
        group.incomplete_cap is not None
        and raw > group.incomplete_cap
        and any(s < m for s, m, _ in base)
    ):
        raw, capped = group.incomplete_cap, True
    return raw, capped


def tell_penalties(group: GroupPlan, results: dict[str, NodeResult]) -> None:
    """Say in ``results`` what the penalties of ``group`` took: each penalty child the points it
    took, the group its positive points after the caps and the penalties' total.  From the
    children's results alone, so that both evaluators say it the same way."""
    own = results.get(group.id)
    if group.id != ROOT_ID and (own is None or own.status != "computed"):
        return
    base: list[tuple[Fraction, Fraction, Fraction]] = []
    bonus = penalty = ZERO
    taking: list[NodeResult] = []
    roles = zip(
        group.children, group.weights, group.bonus, group.penalty, group.waiting, strict=True
    )
    owner = msg("the total") if group.id == ROOT_ID else group.id
    for child, weight, is_bonus, is_penalty, waiting in roles:
        child_result = results.get(child.id)
        if child_result is None or child_result.status == "excluded" or waiting:
            continue
        score = child_result.score
        if is_penalty:
            penalty += score
            if score > 0:
                taking.append(child_result)
        elif is_bonus:
            bonus += score
        else:
            base.append((score, child.max, weight))
    if not base and group.base_count:
        return  # every base child is excluded, so is the group (the rubric): nothing taken
    for child_result in taking:
        said = msg(
            "penalty: takes {score} from {owner}",
            score=display_number(child_result.score),
            owner=owner,
        )
        detail = (
            msg("{said}; {detail}", said=said, detail=child_result.detail)
            if child_result.detail
            else said
        )
        results[child_result.id] = replace(child_result, detail=detail)
    if own is None:
        return
    positive, _ = finish_group(group, base, bonus, lambda value, _spec: value)
    taken = display_number(penalty)
    if group.penalty_cap is not None and penalty > group.penalty_cap:
        taken = msg("{taken}, capped at {cap}", taken=taken, cap=display_number(group.penalty_cap))
    detail = msg(
        "positive points {positive}, penalties {taken}",
        positive=display_number(positive),
        taken=taken,
    )
    results[group.id] = replace(own, detail=detail)


def tell_counted(group: GroupPlan, results: dict[str, NodeResult]) -> None:
    """Say in ``results`` what of its children's points ``group`` counted, when it counted
    only some of them (see :attr:`NodeResult.counted_points`): the base children its aggregate
    counts (``counts``), then what its maximum and ``incomplete_cap`` take off, from the last
    counted back (only where the group adds its children's points as they are: not a scaled
    or weighted group, nor one whose excluded children make it rescale); the bonus children
    in document order, up to the bonus cap; none of them when every base child was left out
    as not applicable, and the group (the total) with them.  Only what its plan says may be
    cut (:attr:`GroupPlan.cuts`).  From the children's results alone, so that both evaluators
    say it the same way."""
    cuts = group.cuts
    own = results.get(group.id)
    if cuts is None or (group.id != ROOT_ID and (own is None or own.status == "direct")):
        return
    # a group (not the root) left out with its base children: its bonus children counted none
    left_out = own is not None and own.status == "excluded"
    cut = cuts.base or cuts.bonus  # (else it may cut only when left out: cuts.left_out)
    if own is not None and not left_out and not (cut and (own.capped or _picks(group))):
        return  # no cap took points off and the aggregate picks none: each counted in full
    base: list[tuple[Fraction, Fraction, Fraction]] = []
    base_results: list[NodeResult] = []
    bonus_results: list[NodeResult] = []
    roles = zip(
        group.children, group.weights, group.bonus, group.penalty, group.waiting, strict=True
    )
    for child, weight, is_bonus, is_penalty, waiting in roles:
        child_result = results.get(child.id)
        if child_result is None or child_result.status == "excluded" or waiting or is_penalty:
            continue  # a penalty says what it takes in its own detail
        if is_bonus:
            bonus_results.append(child_result)
        else:
            base.append((child_result.score, child.max, weight))
            base_results.append(child_result)
    if (
        own is not None
        and not left_out
        and not own.capped
        and not group.aggregate.ladder
        and (group.top is None or group.top >= len(base))
    ):
        return  # no cap took points off and no child was left out (top): each counted in full
    # the bonus in document order, as a card's notes are
    base_counted, bonus_counted = counted_of(group, base, [r.score for r in bonus_results])
    if base_counted is not None:
        _tell(results, base_results, base_counted)
    if bonus_counted is not None:
        _tell(results, bonus_results, bonus_counted)


def _picks(group: GroupPlan) -> bool:
    """Whether the aggregate of ``group`` may pick some of its base children (a ladder,
    ``top``): then it may count only some of them even when no cap took points off."""
    return group.aggregate.ladder or group.top is not None


def counted_of(
    group: GroupPlan, base: list[tuple[Fraction, Fraction, Fraction]], bonus: list[Fraction]
) -> tuple[list[Fraction] | None, list[Fraction] | None]:
    """What ``group`` counted of its base children's points (``base``: score, maximum, weight
    of each child not left out) and of its bonus children's (``bonus``: their scores in
    document order); None for a kind its plan says it never cuts (:attr:`GroupPlan.cuts`,
    which must be set).  The rule :func:`tell_counted` says in results and the batch's
    counted columns say from scores (``_counted_columns``)."""
    cuts = group.cuts
    assert cuts is not None
    base_counted = None
    if cuts.base and base:
        base_counted = [ZERO] * len(base)
        order = group.aggregate.counts(group, base)
        for i in order:
            base_counted[i] = base[i][0]
        if cuts.caps and len(base) >= group.base_count:
            kept, _ = aggregate(group, base)  # in the children's points: what the caps left
            _fill(base_counted, order, kept)
    bonus_counted = None
    if not base and group.base_count:  # every base child left out, so is the group
        if cuts.left_out:  # (the plan says whether it may be: else nothing to tell)
            bonus_counted = [ZERO] * len(bonus)
    elif cuts.bonus and group.bonus_cap is not None:
        bonus_counted = list(bonus)
        _fill(bonus_counted, list(range(len(bonus))), group.bonus_cap)
    return base_counted, bonus_counted


def _fill(points: list[Fraction], order: list[int], room: Fraction) -> None:
    """Keep of ``points`` (taken in ``order``) only what fits in ``room``: the first in full,
    the one that reaches it in part, those after it none."""
    for i in order:
        points[i] = min(points[i], room)
        room -= points[i]


def _tell(results: dict[str, NodeResult], told: list[NodeResult], points: list[Fraction]) -> None:
    """Each of ``told`` with its counted ``points``, when some of them did not all count:
    the children of one kind (base, bonus) add up on their own.  A score kept whole is the
    same object (``min`` gives its first): only the others are compared."""
    pairs = list(zip(told, points, strict=True))
    if any(p is not r.score and p != r.score for r, p in pairs):
        for child_result, p in pairs:
            results[child_result.id] = child_result.counting(p)


def tell_future(plan: Plan, results: dict[str, NodeResult]) -> None:
    """Say in ``results`` which criteria are future ones, whether they count and from when
    (see :mod:`tiercert._lifecycle`): both evaluators say it here, once every node is scored."""
    for node_id, (counts, counts_from) in plan.future.items():
        found = results.get(node_id)
        if found is not None:
            results[node_id] = replace(found, counted=counts, counts_from=counts_from)


def waiting_gates(plan: Plan) -> tuple[GateResult, ...]:
    """The results of the gates not applied yet (they read criteria that do not count yet):
    passed, and marked as not counted."""
    return tuple(
        GateResult(gate.id, True, gate.listed, (), gate.provisional, counted=False)
        for gate in plan.waiting_gates
    )


def has_evidence(
    needs: tuple[str, ...], answer: Answer, leaf: LeafPlan, *, of_value: bool = False
) -> bool:
    """Whether ``answer`` carries the evidence of the kinds in ``needs``, judged by the leaf's
    evidence rules, or (``of_value``) by those of the answer's value (a level's own)."""
    rules = leaf.evidence_rules
    if of_value:
        rules = leaf.kind.answers_rules(leaf.params, answer.value, rules)
    return carries(needs, answer.justification, answer.url, rules)


class Scoring:
    """One evaluation: node scores are memoised so condition rules can read other nodes.

    ``scores``, ``excluded`` and ``unscored`` may be given when they are known already (the
    compiled evaluator explains gate failures over the scores it computed)."""

    def __init__(
        self,
        plan: Plan,
        inputs: Inputs,
        *,
        scores: dict[str, Fraction] | None = None,
        excluded: set[str] | None = None,
        unscored: set[str] | None = None,
    ) -> None:
        self.plan = plan
        self.inputs = inputs
        self.scores: dict[str, Fraction] = {} if scores is None else scores
        self.excluded: set[str] = set() if excluded is None else excluded
        self.results: dict[str, NodeResult] = {}
        self.unscored: set[str] = set() if unscored is None else unscored  # below a direct score
        #: the total tiers compare, once known: what a gate's ``score: "@criteria"`` reads
        self.total: Fraction | None = None
        for group_id in inputs.direct:
            group = plan.nodes[group_id]
            if isinstance(group, GroupPlan):
                # known before any condition reads a score, so that the result does not depend
                # on the order in which criteria happen to be scored
                self.unscored.update(below.id for below in descendants(group))

    # nodes

    def node(self, node: NodePlan, parent: str | None) -> Fraction:
        known = self.scores.get(node.id)
        if known is not None:
            return known
        score = self.group(node, parent) if isinstance(node, GroupPlan) else self.leaf(node, parent)
        self.scores[node.id] = score
        return score

    def leaf(self, leaf: LeafPlan, parent: str | None) -> Fraction:
        answer = self.inputs.leaves.get(leaf.answer_from or leaf.id)
        status: Status = "answered"
        detail: str | None = None
        shown: object = None
        kind = leaf.kind
        if kind.computed:
            assert leaf.when is not None
            met, _ = self.condition(leaf.when)
            raw, detail = kind.score(leaf.params, met)
            status, shown = "computed", met
        elif answer is None:
            raw, status = ZERO, "missing"
        elif answer.is_na:
            shown = "na"
            if leaf.na is None:
                # only through a shared answer that another criterion accepts as N/A
                raw, detail = ZERO, NA_REFUSED
            elif not has_evidence(leaf.na_evidence, answer, leaf):
                raw, status = ZERO, "evidence_missing"
                detail = na_lacking_detail(leaf.na_evidence)
            elif leaf.na == "satisfied":
                raw, status = leaf.max, "not_applicable"
            elif leaf.na == "excluded":
                self.excluded.add(leaf.id)
                self.results[leaf.id] = NodeResult(
                    leaf.id,
                    ZERO,
                    leaf.max,
                    "excluded",
                    kind.name,
                    "na",
                    parent=parent,
                    provisional=leaf.provisional,
                )
                return ZERO
            else:
                assert_never(leaf.na)
        else:
            shown = answer.value
            raw, detail = kind.score(leaf.params, answer.value)
            needs = kind.answers_needs(leaf.params, answer.value, leaf.evidence)
            if raw > 0 and not has_evidence(needs, answer, leaf, of_value=True):
                raw, status = ZERO, "evidence_missing"
                detail = lacking_detail(needs)
        capped = raw > leaf.max
        score = finish_leaf(leaf, raw)
        self.results[leaf.id] = NodeResult(
            leaf.id,
            score,
            leaf.max,
            status,
            kind.name,
            shown,
            capped,
            detail,
            parent,
            leaf.provisional,
        )
        return score

    def group(self, group: GroupPlan, parent: str | None) -> Fraction:
        if group.id in self.inputs.direct:
            score = self.inputs.direct[group.id]  # what it hides is unscored (__init__)
            self._record(group, score, "direct", parent, capped=False)
            return score
        base: list[tuple[Fraction, Fraction, Fraction]] = []  # (score, max, weight)
        bonus = penalty = ZERO
        roles = zip(
            group.children, group.weights, group.bonus, group.penalty, group.waiting, strict=True
        )
        for child, weight, is_bonus, is_penalty, waiting in roles:
            score = self.node(child, group.id)
            if waiting or child.id in self.excluded:  # scored, but not counted (yet)
                continue
            if is_penalty:
                penalty += score
            elif is_bonus:
                bonus += score
            else:
                base.append((score, child.max, weight))
        total, capped = finish_group(group, base, bonus, round_as, penalty)
        if total is None:  # every base child is not applicable: so is the group
            self.excluded.add(group.id)
            self._record(group, ZERO, "excluded", parent, capped=False)
            if group.cuts is not None:  # its bonus children counted nothing
                tell_counted(group, self.results)
            return ZERO
        self._record(group, total, "computed", parent, capped=capped)
        if group.has_penalties:
            tell_penalties(group, self.results)
        if group.cuts is not None:
            tell_counted(group, self.results)
        return cast(Fraction, total)

    def _record(
        self, group: GroupPlan, score: Fraction, status: Status, parent: str | None, *, capped: bool
    ) -> None:
        if group.id == ROOT_ID:
            return
        self.results[group.id] = NodeResult(
            group.id,
            score,
            group.full_max,
            status,
            group.aggregate.name,
            score if status == "direct" else None,
            capped,
            None,
            parent,
            group.provisional,
        )

    # conditions

    def condition(self, cond: CondPlan) -> tuple[bool, list[Failure]]:
        """Whether ``cond`` holds, and the comparisons that failed (as its kind evaluates it)."""
        return cond.kind.evaluate(self, cond, self.condition)


def score_answer(
    plan: Plan, leaf: LeafPlan, answer: Answer | None
) -> tuple[Fraction | None, NodeResult]:
    """How one leaf scores with ``answer`` given to it (or to the leaf it reads): its score
    (None when N/A took it out of its parent's maximum) and its result."""
    source = leaf.answer_from or leaf.id
    run = Scoring(plan, Inputs({source: answer} if answer is not None else {}, {}, {}))
    score = run.leaf(leaf, plan.parents.get(leaf.id))
    return (None if leaf.id in run.excluded else score), run.results[leaf.id]


def explain_failures(
    plan: Plan,
    gates: Iterable[GatePlan],
    *,
    answers: dict[str, Answer],
    facts: dict[str, Value],
    scores: dict[str, Fraction],
    excluded: set[str],
    unscored: set[str],
    total: Fraction,
) -> dict[str, tuple[list[Failure], Fraction | None]]:
    """Why each of ``gates`` failed, over what an evaluation found: the answers' values, the
    facts, the scores of the criteria the gates read, which were excluded (N/A) and which hidden
    by a group scored directly, and the total; with the total each needs (:func:`total_needed`)."""
    run = Scoring(
        plan,
        Inputs(answers, {}, facts),
        scores=scores,
        excluded=excluded,
        unscored=unscored,
    )
    run.total = total
    return {gate.id: (run.condition(gate.when)[1], total_needed(run, gate)) for gate in gates}


def total_needed(run: Scoring, gate: GatePlan) -> Fraction | None:
    """The least total at which ``gate``, failed at the run's total, would hold for this unit
    with all else as it is (:func:`~tiercert.conditions._total.least_total`); None when it
    does not compare the total or no higher total makes it hold."""
    total = run.total
    if total is None or not compares_total(gate.when):
        return None
    root = run.plan.root

    def holds(at: Fraction) -> bool:
        run.total = at
        return run.condition(gate.when)[0]

    try:
        edges = edges_for(gate.when, run.inputs.facts, root.max)
        return least_total(holds, edges, total, root.full_max)
    finally:
        run.total = total


# --- the whole verdict ------------------------------------------------------------------------


class RubricInfo(Record, frozen=True):
    """What a result repeats about its rubric."""

    id: str
    version: str
    fingerprint: str
    tier_labels: Mapping[str, Mapping[str, str]]


def percentage_of(plan: Plan, total: Fraction) -> Fraction:
    """``total`` as a percentage of the maximum, rounded as the rubric declares
    (``rounding.percentage``) unless that rounding would carry it across a tier's minimum
    (as a percentage of the maximum): a shown percentage never contradicts the tier, so
    79.6 points of 100 are never "80%" below a tier at 80 points; it is then left exact.  Nor
    is it rounded across, or onto, a value a gate compares the total with
    (:attr:`Plan.total_edges`): 89.6 % is never "90%" beside a gate at 90 % that failed."""
    root_max = plan.root.max
    if not root_max:
        return ZERO
    exact = total * HUNDRED / root_max
    rounded = round_as(exact, plan.percentage_round)
    if rounded != exact:
        for tier in plan.tiers:
            edge = tier.min * HUNDRED / root_max
            if (exact >= edge) != (rounded >= edge):
                return exact
        for edge in plan.total_edges:  # any operator: at least, above, below, equals...
            if (exact >= edge) != (rounded >= edge) or (exact <= edge) != (rounded <= edge):
                return exact
    return rounded


def score(
    plan: Plan,
    info: RubricInfo,
    inputs: Inputs,
    *,
    unit_id: str | None = None,
    unit_name: str | None = None,
) -> Result:
    """Score checked inputs (from :func:`read_answers`) into a Result."""
    run = Scoring(plan, inputs)
    raw_total = run.node(plan.root, None)
    total = min(round_as(raw_total, plan.total_round), plan.root.full_max)
    root_max = plan.root.max
    percentage = percentage_of(plan, total)
    run.total = total  # every criterion is scored: the gates may compare the total

    gate_results: list[GateResult] = []
    for gate in plan.gates:
        ok, failures = run.condition(gate.when)
        gate_results.append(
            GateResult(
                gate.id,
                ok,
                gate.listed,
                tuple(failures),
                gate.provisional,
                total_needed=None if ok else total_needed(run, gate),
            )
        )
    gate_results.extend(waiting_gates(plan))
    failed = {g.id for g in gate_results if not g.passed}

    def blocking(tier_id: str) -> tuple[str, ...]:
        return tuple(
            g.id for g in plan.gates if g.id in failed and (g.tiers is None or tier_id in g.tiers)
        )

    reached = None
    below_reached = True
    for tier in plan.tiers:
        ok = (
            total >= tier.min
            and not blocking(tier.id)
            and (below_reached or not tier.requires_lower)
        )
        if ok:
            reached = tier
        below_reached = ok

    def ref(tier: TierPlan) -> TierRef:
        return TierRef(
            tier.id,
            tier.rank,
            info.tier_labels[tier.id],  # every tier has its labels (Rubric._info)
            tier.certified,
            tier.provisional,
        )

    next_tier = None
    higher = [t for t in plan.tiers if reached is None or t.rank > reached.rank]
    if higher:
        target = higher[0]
        next_tier = NextTier(
            ref(target),
            target.min,
            points_needed(target.id, target.min, total, gate_results),
            blocking(target.id),
        )
    provisional = [nid for nid, res in run.results.items() if res.provisional]
    provisional += [g.id for g in plan.gates if g.provisional]
    provisional += [
        t.id for t in (reached, higher[0] if higher else None) if t is not None and t.provisional
    ]
    if plan.future:
        tell_future(plan, run.results)
    ordered = {nid: run.results[nid] for nid in plan.nodes if nid in run.results}
    return Result(
        rubric_id=info.id,
        rubric_version=info.version,
        fingerprint=info.fingerprint,
        unit_id=unit_id,
        unit_name=unit_name,
        total=total,
        max=root_max,
        bonus_max=plan.root.bonus_max,
        percentage=percentage,
        certified=reached is not None and reached.certified,
        tier=ref(reached) if reached is not None else None,
        next_tier=next_tier,
        gates=tuple(gate_results),
        nodes=ordered,
        provisional=tuple(dict.fromkeys(provisional)),
        as_of=plan.as_of,
    )
