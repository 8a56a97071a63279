"""Score one assessment against a compiled rubric plan.  Pure: no I/O, no pydantic.

This is the reference evaluator: a direct walk of the criteria tree, written to be obviously
right.  Two steps:

1. :func:`read_answers` checks every answer and fact against the plan and collects *all*
   problems (unknown ids, wrong types, out of range, missing) before anything is scored;
2. :class:`_Scoring` walks the tree bottom-up, then decides gates and tiers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._compile import (
    ROOT_ID,
    CondPlan,
    FactPlan,
    GroupPlan,
    LeafPlan,
    Logic,
    NodePlan,
    Plan,
    Test,
    TierPlan,
    Value,
)
from ._literals import decimal_fits, is_na, nfc, number_problem, parse_bool, parse_number
from ._numbers import HUNDRED, ZERO, display_number, exact_number, round_to
from ._paths import did_you_mean
from .errors import Problem
from .result import Failure, GateResult, NextTier, NodeResult, Result, TierRef

#: a link written in a justification counts as the URL evidence
URL_IN_TEXT = re.compile(r"https?://\S")
#: the keys of an answer given as a mapping
ANSWER_KEYS = frozenset({"value", "justification", "url", "note"})
#: each kind of evidence as a bit of :func:`evidence_bits`
EVIDENCE_BITS = {"justification": 1, "url": 2}


def evidence_bits(justification: str | None, url: str | None) -> int:
    """The evidence an answer carries: 1 for a justification, plus 2 for a URL (in ``url``,
    or a link written in the justification)."""
    text = justification or ""
    has_url = bool((url or "").strip()) or URL_IN_TEXT.search(text) is not None
    return (1 if text.strip() else 0) + (2 if has_url else 0)


def needed_bits(needs: Collection[str]) -> int:
    """The bits of :func:`evidence_bits` that evidence of these kinds needs."""
    return sum(EVIDENCE_BITS[kind] for kind in set(needs))


def lacking_detail(needs: Collection[str]) -> str:
    """How a result says which evidence refused a criterion its points."""
    return "needs " + " and ".join(needs)


@dataclass(frozen=True, slots=True)
class Answer:
    """A checked answer: ``value`` is bool, str (level id or ``"na"``) or Fraction."""

    value: Value
    justification: str | None = None
    url: str | None = None

    @property
    def is_na(self) -> bool:
        return self.value == "na"


@dataclass(slots=True)
class Inputs:
    leaves: dict[str, Answer]
    direct: dict[str, Fraction]  # group id -> directly given score
    facts: dict[str, Value]
    missing: set[str]  # leaves with no answer, scored 0


# --- reading answers --------------------------------------------------------------------------


#: characters of an answer's text a message repeats (a cell may hold 100,000)
_SHOWN_TEXT = 60


def _shown(raw: object) -> str:
    if isinstance(raw, Decimal) and not (raw.is_finite() and decimal_fits(raw)):
        return str(raw)  # NaN, Infinity or beyond the limits: shown as it is, not converted
    if isinstance(raw, Decimal | Fraction):
        return exact_number(Fraction(raw))
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if raw is None:
        return "nothing"
    if isinstance(raw, str) and len(raw) > _SHOWN_TEXT:
        return repr(raw[:_SHOWN_TEXT] + "…") + f" ({len(raw):,} characters)"
    return repr(raw)


def _why_not(value: object, otherwise: str = "") -> str:
    """What to write instead of ``value``, which is not a number: ``; write 17.5``."""
    why = number_problem(value)
    return f"; {why}" if why else otherwise


def read_answers(
    plan: Plan,
    answers: Mapping[str, object],
    facts: Mapping[str, object],
    *,
    missing_is_zero: bool,
) -> tuple[Inputs, list[Problem]]:
    """Check answers and facts against the plan. Returns what could be read and all problems.

    An answer or fact given as ``None`` counts as not given.
    """
    given, given_facts, facts_given = set(answers), set(facts), facts
    # an id the rubric does not have is a problem whatever its value, even an empty one
    problems = _unknown(answers, plan)
    inputs = Inputs({}, {}, {}, set())
    # an empty answer (``null``, as a blank template leaves it) is no answer at all
    answers = {key: raw for key, raw in answers.items() if raw is not None}
    facts = {key: raw for key, raw in facts.items() if raw is not None}
    for key, raw in answers.items():
        path = ("answers", key)
        node = plan.nodes.get(key)
        if node is None:
            continue  # reported above
        if isinstance(node, GroupPlan):
            problem = _read_direct(node, raw, path, inputs)
        elif node.answer_from is not None:
            problem = Problem(
                "answer.shared",
                f"{key!r} is scored from the answer to {node.answer_from!r}; answer "
                f"{node.answer_from!r} instead and remove this one",
                path,
                value=raw,
            )
        else:
            problem = _read_leaf(node, raw, path, inputs, plan.readers.get(node.id, ()))
        if problem is not None:
            problems.append(problem)
    # a group given directly must not also have answered criteria below it
    for group_id in inputs.direct:
        group = plan.nodes[group_id]
        assert isinstance(group, GroupPlan)
        for below in _descendants(group):
            if below.id in inputs.leaves or below.id in inputs.direct:
                problems.append(
                    Problem(
                        "answer.conflict",
                        f"{group_id!r} is scored directly, so its criterion {below.id!r} must "
                        "not be answered too; keep one of them",
                        ("answers", below.id),
                    )
                )
    # a group scored directly, even with a bad score, replaces its criteria: they are not missing
    scored = set(inputs.direct)
    for key in answers:
        node = plan.nodes.get(key)
        if isinstance(node, GroupPlan) and node.direct:
            scored.add(key)
    for node in _answerable(plan.root, scored):
        if node.id not in answers:
            if missing_is_zero:
                inputs.missing.add(node.id)
            else:
                problems.append(
                    Problem(
                        "answer.missing",
                        f"no answer for {node.id!r}; answer it, or score missing answers as "
                        "zero ('scoring: {missing: zero}' in the rubric, or --missing zero)",
                        ("answers", node.id) if node.id in given else ("answers",),
                    )
                )
    problems.extend(_unknown(facts_given, plan, facts=True))
    problems.extend(_read_facts(plan, facts, inputs, given_facts))
    return inputs, problems


def _unknown(given: Mapping[str, object], plan: Plan, *, facts: bool = False) -> list[Problem]:
    """A problem for each id of ``given`` (answers, or ``facts``) the rubric does not have.

    ``{g1: 17,5, g2: 22}`` in YAML's flow style is g1: 17 and a key ``5`` with no value: an
    all-digit id right after a whole number is named as the decimal comma it is."""
    known, elsewhere = (plan.facts, plan.nodes) if facts else (plan.nodes, plan.facts)
    problems = []
    previous: tuple[object, object] = (None, None)
    for key, raw in given.items():
        if key not in known:
            hint = did_you_mean(str(key), known)
            if not hint and key in elsewhere:
                hint = (
                    "; it is a criterion, put it under 'answers:'"
                    if facts
                    else "; it is a fact, put it under 'facts:'"
                )
            before, value = previous
            if isinstance(key, str) and key.isascii() and key.isdigit() and type(value) is int:
                hint = (
                    f"; if it is the decimal part of {before}: {value},{key} (YAML reads the "
                    f"comma as a separator), write {value}.{key} with a dot"
                )
            path = ("facts" if facts else "answers", key)
            message = f"the rubric has no {'fact' if facts else 'criterion'} {key!r}"
            message += hint or "; remove it or fix the id"
            code = "fact.unknown" if facts else "answer.unknown"
            problems.append(Problem(code, message, path))
        previous = (key, raw)
    return problems


def _descendants(group: GroupPlan) -> list[NodePlan]:
    out: list[NodePlan] = []
    stack = list(group.children)
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, GroupPlan):
            stack.extend(node.children)
    return out


def _answerable(group: GroupPlan, direct: Collection[str]) -> list[LeafPlan]:
    """Leaves that need an answer: not computed, not under a directly scored group."""
    out: list[LeafPlan] = []
    stack: list[NodePlan] = list(reversed(group.children))
    while stack:
        node = stack.pop()
        if isinstance(node, GroupPlan):
            if node.id not in direct:
                stack.extend(reversed(node.children))
        elif node.kind != "condition" and node.answer_from is None:
            out.append(node)
    return out


def _unpack(raw: object) -> tuple[object, str | None, str | None, str | None]:
    """(value, justification, url, problem) from a plain answer or a mapping."""
    if isinstance(raw, Mapping):
        extra = set(raw) - ANSWER_KEYS
        if extra:
            return (
                None,
                None,
                None,
                (
                    f"unknown key {sorted(extra)[0]!r} in the answer; use value, justification, "
                    "url or note"
                ),
            )
        if "value" not in raw:
            return None, None, None, "the answer has no 'value'; add it"
        just, url = raw.get("justification"), raw.get("url")
        return (
            raw["value"],
            str(just) if just is not None else None,
            str(url) if url is not None else None,
            None,
        )
    return raw, None, None, None


def _read_direct(
    group: GroupPlan, raw: object, path: tuple[str, ...], inputs: Inputs
) -> Problem | None:
    if not group.direct:
        return Problem(
            "answer.group",
            f"{group.id!r} is a group: answer its criteria (the rubric does not allow scoring "
            "it directly)",
            path,
            value=raw,
        )
    value, _, _, problem = _unpack(raw)
    if problem:
        return Problem("answer.invalid", problem, path, value=raw)
    number = parse_number(value)
    if number is None or not ZERO <= number <= group.full_max:
        return Problem(
            "answer.range",
            f"the score of {group.id!r} must be a number from 0 to "
            f"{_shown(group.full_max)}, got {_shown(value)}"
            + (_why_not(value) if number is None else ""),
            path,
            value=value,
        )
    inputs.direct[group.id] = number
    return None


def _read_leaf(
    leaf: LeafPlan,
    raw: object,
    path: tuple[str, ...],
    inputs: Inputs,
    readers: tuple[LeafPlan, ...] = (),
) -> Problem | None:
    value, justification, url, problem = _unpack(raw)
    if problem:
        return Problem("answer.invalid", problem, path, value=raw)
    if leaf.kind == "condition":
        return Problem(
            "answer.computed",
            f"{leaf.id!r} is computed by the rubric; remove this answer",
            path,
            value=value,
        )
    if is_na(value):
        # a shared answer may be N/A when any criterion reading it allows N/A
        if leaf.na is None and not any(r.na is not None for r in readers):
            return Problem(
                "answer.na",
                f"{leaf.id!r} cannot be marked not applicable; give a real answer",
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
                message += f" (as read by {reader.id!r})"
    if message is not None:
        return Problem("answer.invalid", message, path, value=value)
    assert checked is not None
    inputs.leaves[leaf.id] = Answer(checked, justification, url)
    return None


def band_of(bands: Sequence[tuple[Any, Any, Any]], min_inclusive: bool, value: Any) -> int | None:
    """The index of the band holding ``value`` (edges as the rubric says), or None.

    Each band starts ``(low, high, ...)``; None is an open end.  With ``min_inclusive`` a band
    holds its lower edge and the last one its upper edge too; otherwise a band holds its upper
    edge and the first one its lower edge too.
    """
    last = len(bands) - 1
    for i, (low, high, *_) in enumerate(bands):
        if min_inclusive:
            inside = (low is None or value >= low) and (
                high is None or value < high or (i == last and value == high)
            )
        else:
            inside = (low is None or value > low or (i == 0 and value == low)) and (
                high is None or value <= high
            )
        if inside:
            return i
    return None


def _check_value(leaf: LeafPlan, value: object) -> tuple[Value | None, str | None]:
    kind = leaf.kind
    if kind == "boolean":
        flag = parse_bool(value)
        if flag is None:
            return None, f"expected true or false (yes/no), got {_shown(value)}"
        return flag, None
    if kind == "levels":
        text = nfc(str(value).strip()) if isinstance(value, str | int | Decimal) else None
        if text is not None and not isinstance(value, bool):
            if text in leaf.levels:
                return text, None
            folded = [lv for lv in leaf.levels if lv.lower() == text.lower()]
            if len(folded) == 1:
                return folded[0], None
        options = ", ".join(leaf.levels)
        hint = did_you_mean(str(value), leaf.levels)
        return None, f"{_shown(value)} is not one of the levels: {options}{hint}"
    number = parse_number(value)
    if number is None:
        return None, f"expected a number, got {_shown(value)}" + _why_not(
            value, " (use a dot for decimals: 79.5)"
        )
    if kind in ("count", "deduction"):
        if number.denominator != 1 or number < 0:
            return None, f"expected a whole number of items (0 or more), got {_shown(value)}"
        if leaf.max_items is not None and number > leaf.max_items:
            return None, f"at most {leaf.max_items} items are allowed, got {_shown(value)}"
        return number, None
    if (leaf.low is not None and number < leaf.low) or (
        leaf.high is not None and number > leaf.high
    ):
        low = _shown(leaf.low) if leaf.low is not None else "-∞"
        high = _shown(leaf.high) if leaf.high is not None else "∞"
        return None, f"{_shown(value)} is outside the allowed range {low} to {high}"
    return number, None


def parse_fact(fact: FactPlan, raw: object) -> Value | None:
    """The fact's value read from ``raw``, or None when it is not a valid value of its type."""
    value: Value | None
    if fact.type == "boolean":
        value = parse_bool(raw)
    elif fact.type in ("number", "integer"):
        value = parse_number(raw)
        if value is not None and fact.type == "integer" and value.denominator != 1:
            value = None
    elif fact.type == "choice":
        value = nfc(raw) if isinstance(raw, str) and nfc(raw) in fact.options else None
    else:
        value = nfc(raw) if isinstance(raw, str) else None
    return value


def _read_facts(
    plan: Plan, given: Mapping[str, object], inputs: Inputs, everything: set[str]
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
                "boolean": "true or false",
                "number": "a number",
                "integer": "a whole number",
                "choice": "one of: " + ", ".join(fact.options),
                "text": "text",
            }[fact.type]
            problems.append(
                Problem(
                    "fact.invalid",
                    f"the fact {key!r} must be {allowed}, got {_shown(raw)}"
                    + (_why_not(raw) if fact.type in ("number", "integer") else ""),
                    path,
                    value=raw,
                )
            )
            continue
        inputs.facts[key] = value
    for fact in plan.facts.values():
        if fact.id not in inputs.facts and fact.id not in given:
            if fact.default is not None:
                inputs.facts[fact.id] = fact.default
            else:
                problems.append(
                    Problem(
                        "fact.missing",
                        f"no value for the fact {fact.id!r}; add it under 'facts:'",
                        ("facts", fact.id) if fact.id in everything else ("facts",),
                    )
                )
    return problems


# --- scoring ----------------------------------------------------------------------------------


def _apply_round(value: Fraction, spec: tuple[int, object] | None) -> Fraction:
    if spec is None:
        return value
    places, mode = spec
    return round_to(value, places, mode)  # type: ignore[arg-type]


class _Scoring:
    """One evaluation: node scores are memoised so condition rules can read other nodes."""

    def __init__(self, plan: Plan, inputs: Inputs) -> None:
        self.plan = plan
        self.inputs = inputs
        self.scores: dict[str, Fraction] = {}
        self.excluded: set[str] = set()
        self.results: dict[str, NodeResult] = {}
        self.unscored: set[str] = set()  # below a directly scored group
        for group_id in inputs.direct:
            group = plan.nodes[group_id]
            if isinstance(group, GroupPlan):
                # known before any condition reads a score, so that the result does not depend
                # on the order in which criteria happen to be scored
                self.unscored.update(below.id for below in _descendants(group))

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
        status, detail = "answered", None
        shown: object = None
        if leaf.kind == "condition":
            assert leaf.when is not None
            met, _ = self.condition(leaf.when)
            raw, status = (leaf.points if met else ZERO), "computed"
            shown = met
        elif answer is None:
            raw, status = ZERO, "missing"
        elif answer.is_na:
            shown = "na"
            if leaf.na is None:
                # only through a shared answer that another criterion accepts as N/A
                raw, detail = ZERO, "not applicable is not accepted here"
            elif not self._has_evidence(leaf.na_evidence, answer):
                raw, status = ZERO, "evidence_missing"
                detail = "N/A needs " + " and ".join(leaf.na_evidence)
            elif leaf.na == "satisfied":
                raw, status = leaf.max, "not_applicable"
            else:
                self.excluded.add(leaf.id)
                self.results[leaf.id] = NodeResult(
                    leaf.id,
                    ZERO,
                    leaf.max,
                    "excluded",
                    leaf.kind,
                    "na",
                    parent=parent,
                    provisional=leaf.provisional,
                )
                return ZERO
        else:
            shown = answer.value
            raw, detail = self._rule(leaf, answer.value)
            needs = (
                leaf.levels[answer.value][1]
                if isinstance(answer.value, str) and leaf.kind == "levels"
                else leaf.evidence
            )
            if raw > 0 and not self._has_evidence(needs, answer):
                raw, status = ZERO, "evidence_missing"
                detail = lacking_detail(needs)
        capped = raw > leaf.max
        # rounding never lifts a score above its maximum (2.5 rounded to whole points is 3)
        score = min(_apply_round(min(raw, leaf.max), leaf.round), leaf.max)
        self.results[leaf.id] = NodeResult(
            leaf.id,
            score,
            leaf.max,
            status,
            leaf.kind,
            shown,
            capped,
            detail,
            parent,
            leaf.provisional,
        )
        return score

    @staticmethod
    def _has_evidence(needs: tuple[str, ...], answer: Answer) -> bool:
        need = needed_bits(needs)
        return evidence_bits(answer.justification, answer.url) & need == need

    @staticmethod
    def _rule(leaf: LeafPlan, value: Value) -> tuple[Fraction, str | None]:
        kind = leaf.kind
        if kind == "boolean":
            return (leaf.points if value is True else ZERO), None
        if kind == "levels":
            assert isinstance(value, str)
            return leaf.levels[value][0], None
        assert isinstance(value, Fraction)
        if kind == "bands":
            found = band_of(leaf.bands, leaf.min_inclusive, value)
            if found is None:
                return ZERO, "no band"  # unreachable for checked rubrics: the range is enforced
            return leaf.bands[found][2], f"band {found + 1}"
        if kind == "linear":
            (a, pa), (b, pb) = leaf.start, leaf.end
            share = (value - a) / (b - a)
            share = min(max(share, ZERO), Fraction(1))
            return pa + share * (pb - pa), None
        if kind == "count":
            return leaf.per_item * value, None
        if kind == "deduction":
            return max(leaf.floor, leaf.base - leaf.per_item * value), None
        return value, None  # direct

    def group(self, group: GroupPlan, parent: str | None) -> Fraction:
        if group.id in self.inputs.direct:
            score = self.inputs.direct[group.id]
            for below in _descendants(group):
                self.unscored.add(below.id)
            self._record(group, score, "direct", parent, capped=False)
            return score
        base: list[tuple[Fraction, Fraction, Fraction]] = []  # (score, max, weight)
        bonus = ZERO
        for child, weight, is_bonus in zip(group.children, group.weights, group.bonus, strict=True):
            score = self.node(child, group.id)
            if child.id in self.excluded:
                continue
            if is_bonus:
                bonus += score
            else:
                base.append((score, child.max, weight))
        if not base and any(
            not b for b in group.bonus
        ):  # every base child is not applicable: so is the group
            self.excluded.add(group.id)
            self._record(group, ZERO, "excluded", parent, capped=False)
            return ZERO
        raw, capped = self._aggregate(group, base)
        if group.bonus_cap is not None and bonus > group.bonus_cap:
            bonus, capped = group.bonus_cap, True
        score = min(_apply_round(raw + bonus, group.round), group.full_max)
        self._record(group, score, "computed", parent, capped=capped)
        return score

    def _aggregate(
        self, group: GroupPlan, base: list[tuple[Fraction, Fraction, Fraction]]
    ) -> tuple[Fraction, bool]:
        maximum = group.max
        kind = group.aggregate
        if kind == "weighted":
            weighted = [(s, m, w) for s, m, w in base if m > 0]
            total_weight = sum((w for _, _, w in weighted), ZERO)
            raw = (
                maximum * sum((w * s / m for s, m, w in weighted), ZERO) / total_weight
                if total_weight
                else ZERO
            )
        elif kind == "scaled":
            reach = sum((m for _, m, _ in base), ZERO)
            raw = maximum * sum((s for s, _, _ in base), ZERO) / reach if reach else ZERO
        else:
            entries = base
            if group.top is not None:
                entries = sorted(base, key=lambda e: e[0], reverse=True)[: group.top]
            if kind == "tiered":
                raw = ZERO
                for score, child_max, _ in entries:
                    raw += score
                    if score < child_max:
                        break
            else:
                raw = sum((s for s, _, _ in entries), ZERO)
            # N/A children excluded: rescale what is left to the group's maximum
            if len(base) < sum(1 for b in group.bonus if not b):
                reach = sum(
                    (
                        m
                        for _, m, _ in sorted(base, key=lambda e: e[1], reverse=True)[
                            : group.top or len(base)
                        ]
                    ),
                    ZERO,
                )
                raw = raw * maximum / reach if reach else ZERO
        capped = raw > maximum
        raw = min(raw, maximum)
        if (
            group.incomplete_cap is not None
            and raw > group.incomplete_cap
            and any(s < m for s, m, _ in base)
        ):
            raw, capped = group.incomplete_cap, True
        return raw, capped

    def _record(
        self, group: GroupPlan, score: Fraction, status: str, parent: str | None, *, capped: bool
    ) -> None:
        if group.id == ROOT_ID:
            return
        self.results[group.id] = NodeResult(
            group.id,
            score,
            group.full_max,
            status,
            group.aggregate,
            score if status == "direct" else None,
            capped,
            None,
            parent,
            group.provisional,
        )

    # conditions

    def measure(self, subject: str, target: str) -> tuple[object, bool]:
        """(value, known).  Excluded nodes read as None with known=True (they pass)."""
        if subject == "fact":
            return self.inputs.facts.get(target), True
        if subject == "answer":
            node = self.plan.nodes[target]
            source = node.answer_from if isinstance(node, LeafPlan) else None
            answer = self.inputs.leaves.get(source or target)
            if target in self.unscored:
                return None, False
            return (answer.value if answer is not None else None), True
        if target in self.unscored:
            return None, False
        node = self.plan.nodes[target]
        score = self.node(node, self.plan.parents.get(target))
        if target in self.excluded:
            return None, True
        if subject == "score":
            return score, True
        # a percentage of the base maximum: bonus points may take a group above 100
        return (score * HUNDRED / node.max if node.max else ZERO), True

    def condition(self, cond: CondPlan) -> tuple[bool, list[Failure]]:
        if isinstance(cond, Logic):
            results = [self.condition(item) for item in cond.items]
            if cond.op == "all":
                failures = [f for ok, fs in results if not ok for f in fs]
                return not failures and all(ok for ok, _ in results), failures
            if cond.op == "any":
                if any(ok for ok, _ in results):
                    return True, []
                return False, [f for _, fs in results for f in fs]
            inner_ok, _ = results[0]
            if inner_ok:
                return False, [Failure("not", _describe_cond(cond.items[0]), True, "equals", False)]
            return True, []
        return self.test(cond)

    def test(self, test: Test) -> tuple[bool, list[Failure]]:
        if test.subject == "each_child_of":
            group = self.plan.root if test.target == ROOT_ID else self.plan.nodes[test.target]
            assert isinstance(group, GroupPlan)
            failures: list[Failure] = []
            for child in group.children:
                sub = Test(test.measure, child.id, test.operators)
                _, fs = self.test(sub)
                failures.extend(fs)
            return not failures, failures
        actual, known = self.measure(test.subject, test.target)
        if not known:
            return False, [Failure(test.subject, test.target, "not scored", "be", "scored")]
        if actual is None and test.subject in ("score", "percent"):
            return True, []  # not applicable: nothing to fail
        failures = [
            Failure(test.subject, test.target, actual, op, expected)
            for op, expected in test.operators
            if not _holds(actual, op, expected)
        ]
        return not failures, failures


def _describe_cond(cond: CondPlan) -> str:
    """A condition in words, for a ``not`` whose condition held: ``fact region in [south]``."""
    if isinstance(cond, Test):
        what = {"percent": "percentage of", "each_child_of": "every child of"}.get(
            cond.subject, cond.subject
        )
        ops = " and ".join(f"{op.replace('_', ' ')} {_worded(v)}" for op, v in cond.operators)
        return f"{what} {cond.target} {ops}"
    inner = "; ".join(_describe_cond(item) for item in cond.items)
    return f"not ({inner})" if cond.op == "not" else f"{cond.op} of ({inner})"


def _worded(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_worded(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return display_number(value)
    return str(value)


def _same(a: object, b: object) -> bool:
    # bool is an int in Python: True == Fraction(1) must not count as a match
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return isinstance(a, str) and isinstance(b, str) and a == b


def _holds(actual: object, op: str, expected: object) -> bool:
    if op == "equals":
        return _same(actual, expected)
    if op == "not_equals":
        return not _same(actual, expected)
    if op == "in":
        assert isinstance(expected, tuple)
        return any(_same(actual, e) for e in expected)
    if not isinstance(actual, Fraction) or not isinstance(expected, Fraction):
        return False
    if op == "at_least":
        return actual >= expected
    if op == "at_most":
        return actual <= expected
    if op == "above":
        return actual > expected
    return actual < expected  # below


# --- the whole verdict ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RubricInfo:
    """What a result repeats about its rubric."""

    id: str
    version: str
    fingerprint: str
    tier_labels: Mapping[str, Mapping[str, str]]


def percentage_of(plan: Plan, total: Fraction) -> Fraction:
    """``total`` as a percentage of the maximum, rounded as the rubric declares
    (``rounding.percentage``) unless that rounding would carry it across a tier's minimum
    (as a percentage of the maximum): a shown percentage never contradicts the tier, so
    79.6 points of 100 are never "80%" below a tier at 80 points; it is then left exact."""
    root_max = plan.root.max
    if not root_max:
        return ZERO
    exact = total * HUNDRED / root_max
    rounded = _apply_round(exact, plan.percentage_round)
    if rounded != exact:
        for tier in plan.tiers:
            edge = tier.min * HUNDRED / root_max
            if (exact >= edge) != (rounded >= edge):
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
    run = _Scoring(plan, inputs)
    raw_total = run.node(plan.root, None)
    total = min(_apply_round(raw_total, plan.total_round), plan.root.full_max)
    root_max = plan.root.max
    percentage = percentage_of(plan, total)

    gate_results: list[GateResult] = []
    for gate in plan.gates:
        ok, failures = run.condition(gate.when)
        gate_results.append(
            GateResult(
                gate.id,
                ok,
                tuple(sorted(gate.tiers)) if gate.tiers is not None else None,
                tuple(failures),
                gate.provisional,
            )
        )
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
            info.tier_labels.get(tier.id, {}),
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
            max(ZERO, target.min - total),
            blocking(target.id),
        )
    provisional = [nid for nid, res in run.results.items() if res.provisional]
    provisional += [g.id for g in plan.gates if g.provisional]
    provisional += [
        t.id for t in (reached, higher[0] if higher else None) if t is not None and t.provisional
    ]
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
    )
