"""What a unit's scorecard shows, as data: the verdict, stars, a bar per group with the gate
thresholds marked, the tier ladder, what would reach the next tier, the gates, every
criterion, and (given) the stages side by side.

:func:`build_card` computes it once from a result and its rubric; the page is a template
(``templates/scorecard.html.j2``) that writes it in the reader's language.  Numbers stay
exact here: the templates show them through the display rule
(:func:`~tiercert._numbers.display_number`) and draw bars from the exact values.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

from ._behind import Short, short_criteria
from ._compile import GroupPlan, descendants
from ._i18n import Message, day_text, decimal_mark, in_lang, translator
from ._kinds import ROOT_ID
from ._lifecycle import counts_from_text, looks_like_date, not_counted_yet
from ._numbers import DISPLAY_PLACES, HUNDRED, ZERO, Toward, display_number, to_fraction
from ._parts import AllOf, Comparison, EachChildIs, LevelsRule, PercentIs, ScoreIs, Tier
from ._rating import below_is_unrated, rating_only
from ._records import Record
from ._shapes import FactOperand
from ._whatif import gains_to_total, rescored, top_level_counted
from .checks import iter_nodes
from .result import GateResult, NodeResult, Result, _shown, points_needed
from .rubric import Rubric, text_in

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

#: what the badge says: certified at a tier; a tier that does not certify (a rating); no
#: tier; or no tier because a gate that applies to every tier failed
VerdictKind = Literal["certified", "rated", "not_certified", "knocked_out"]

#: how many criteria the "to reach" list names where points are to be had
GAINS_SHOWN = 5
#: the least gain the "to reach" list names: a gain is shown cut down (an "up to" never
#: promises more than the exact value), so a smaller one would read "up to 0.000000000000…";
#: rounding it up instead could show a gain that looks enough for the next tier and is not
SMALLEST_GAIN = Fraction(1, 10**DISPLAY_PLACES)

# A tier label that says how many stars it is: "3 sao", "3 stars", "Friendly government,
# 1 star", "★★★".  A rubric is a star scheme when every tier's label, in some language, does.
_STARS = re.compile(r"(?<![0-9])([0-9]{1,2})\s*(?:sao|stars?|★)(?![^\W\d_])", re.IGNORECASE)
_STAR_RUN = re.compile(r"★+")


def star_counts(rubric: Rubric) -> dict[str, int] | None:
    """Tier id -> how many stars its label says, when the rubric is a star scheme: every
    tier's label, in at least one of its languages, says a number of stars (``3 sao``,
    ``3 stars``, ``★★★``), from 1 to 10.  None otherwise (tiers are then drawn as a ladder
    of labels)."""
    counts: dict[str, int] = {}
    for tier in rubric.parts.tiers:
        found = None
        for text in tier.label.values():
            match = _STARS.search(text)
            if match is not None:
                found = int(match.group(1))
                break
            run = _STAR_RUN.search(text)
            if run is not None:
                found = len(run.group())
                break
        if found is None or not 1 <= found <= 10:
            return None
        counts[tier.id] = found
    return counts or None


class Stars(Record, frozen=True):
    """The tier drawn as stars: ``filled`` of ``of``."""

    filled: int
    of: int


class Mark(Record, frozen=True):
    """A gate's threshold drawn on a group's bar: ``at`` percent of the group's maximum."""

    at: Fraction
    gate: str
    title: str
    met: bool


class GroupBar(Record, frozen=True):
    """One top-level group: its points against its maximum."""

    id: str
    title: str
    score: Fraction
    max: Fraction
    excluded: bool  # N/A, left out of the maximum
    direct: bool  # scored directly (no breakdown)
    provisional: bool
    marks: tuple[Mark, ...]
    weakest: bool  # the lowest share of its maximum among the groups
    counted: bool = True  # False: a future group, not counted yet
    #: ``bonus``: points above the maximum; ``penalty``: points taken (its ``score`` is what it
    #: took as scored); ``base`` every other group
    role: Literal["base", "bonus", "penalty"] = "base"
    #: a bonus or penalty: what it changed in the total, after the bonus cap, the penalty cap
    #: and the floor at 0 (a penalty's is negative; see :func:`~tiercert._whatif.top_level_counted`)
    adds: Fraction | None = None
    note: str | None = None  # what a bonus or penalty did to the total (:func:`role_note`)
    #: a criterion of a rubric that counts only some of its criteria's points: what the total
    #: counted of it (the number shown), and the note that says so (:func:`counted_note`)
    counted_points: Fraction | None = None
    counted_note: str | None = None

    @property
    def share(self) -> Fraction:
        """Percent of the maximum (0 for a group without points)."""
        return self.score * HUNDRED / self.max if self.max else ZERO

    @property
    def below_mark(self) -> bool:
        return any(not mark.met for mark in self.marks)


class Rung(Record, frozen=True):
    """One tier on the ladder, and where the unit stands against it."""

    id: str
    label: str
    rank: int
    min: Fraction
    stars: int | None
    certified: bool
    provisional: bool
    reached: bool  # this tier or a higher one was reached
    current: bool  # the tier reached
    next: bool  # the tier just above the one reached
    points_needed: Fraction  # 0 when the total is enough
    blocked_by: tuple[str, ...]  # failed gates that apply to this tier


class FailureLine(Record, frozen=True):
    """One comparison that failed a gate, for the reader: the values already shown by the
    display rule (cut toward the failure, as the result's reasons are)."""

    # unscored: in a group scored directly; any: none of an ``any``'s cases held (target: how
    # many), the failures of its nearest case follow (of cases as near, each after an "or")
    kind: Literal["compare", "not", "unscored", "any", "or"]
    subject: str  # fact, answer, score, percent, each_child_of, not, any, or
    target: str
    target_title: str
    operator: str
    actual: str
    expected: str


class GateLine(Record, frozen=True):
    id: str
    title: str
    passed: bool
    scope: tuple[str, ...] | None  # labels of the tiers it applies to; None: every tier
    failures: tuple[FailureLine, ...]
    fix: str
    unlocks: str | None  # the tier passing it (alone) would give, when that is more
    provisional: bool
    counted: bool = True  # False: not applied yet (it reads a future criterion)
    #: the criteria short of their maximum that a failed score or percentage reads
    short: tuple[Short, ...] = ()


class Gain(Record, frozen=True):
    """A criterion where points are still to be had."""

    id: str
    title: str
    points: Fraction
    evidence_missing: bool


class Line(Record, frozen=True):
    """One criterion of the full table."""

    id: str
    depth: int
    title: str
    score: Fraction
    max: Fraction
    group: bool
    status: str
    answer: str | None  # the answer as given, a level by its label
    answer_kind: Literal["none", "yes", "no", "number", "level", "text"]
    detail: str | None
    capped: bool
    condition: bool | None  # a condition rule: met or not
    provisional: bool
    waiting: str | None = None  # a future criterion not counted yet: what results say of it
    #: a penalty child: the title of what it takes its points from ('' for the total);
    #: None for every other criterion.  Its ``score`` is the points it took.
    penalty_of: str | None = None
    #: a top-level bonus or penalty: what it changed in the total, as its bar says (after the
    #: bonus cap, the penalty cap and the floor at 0; a penalty's is negative), and its note
    adds: Fraction | None = None
    note: str | None = None
    #: what its parent counted of its points, when its parent counted only some of its
    #: children's (the points column shows it), and the note that says so
    #: (:func:`counted_note`); None for every other criterion
    counted_points: Fraction | None = None
    counted_note: str | None = None


class AfterGates(Record, frozen=True):
    """What a unit kept below a tier its points reach would reach once the failed gates in
    the way pass (:func:`once_gates_pass`): the tier's label and minimum, and those gates."""

    tier: str
    min: Fraction
    gates: tuple[GateLine, ...]


class StageColumn(Record, frozen=True):
    """One stage's scores (self-assessed, appraised...), for the side-by-side table."""

    label: str
    total: Fraction
    tier: str | None
    certified: bool
    #: top-level group id -> score (None: N/A); a top-level bonus or penalty that counts: what
    #: it changed in the total at that stage, as its bar says (a penalty's is negative)
    groups: Mapping[str, Fraction | None]


class Card(Record, frozen=True):
    """Everything a scorecard page shows."""

    lang: str
    unit_id: str | None
    unit_name: str | None
    rubric_title: str
    rubric_id: str
    rubric_version: str
    fingerprint: str
    issuer: str
    units: str  # what is certified (communes, products...)
    round: str | None
    date: str
    verdict: VerdictKind
    tier: str | None  # the label of the tier reached
    knocked_out_by: tuple[GateLine, ...]
    total: Fraction
    max: Fraction
    bonus_max: Fraction
    percentage: Fraction
    stars: Stars | None
    groups: tuple[GroupBar, ...]
    ladder: tuple[Rung, ...]  # highest tier first
    next_tier: Rung | None
    blocking: tuple[GateLine, ...]  # failed gates in the way of the next tier
    after_gates: AfterGates | None  # the tier the total reaches once they pass, when higher
    gains: tuple[Gain, ...]
    gates: tuple[GateLine, ...]  # failed first, then passed
    criteria: tuple[Line, ...]
    provisional: tuple[str, ...]
    stages: tuple[StageColumn, ...]
    future: tuple[str, ...] = ()  # what counts only later, and the day scored for
    lacks: tuple[str, ...] = ()  # what a programme unit's dossier lacks, by title
    rates_only: bool = False  # no tier certifies: no "not certified" anywhere (_rating.py)
    below_unrated: bool = False  # a unit below every tier is "not rated", not "not certified"

    @property
    def heading(self) -> str:
        if self.unit_name and self.unit_id:
            return f"{self.unit_name} ({self.unit_id})"
        return self.unit_name or self.unit_id or ""

    @property
    def failed_gates(self) -> tuple[GateLine, ...]:
        return tuple(g for g in self.gates if not g.passed)


def build_card(
    result: Result,
    rubric: Rubric,
    *,
    lang: str | None = None,
    round: str | None = None,
    date: str,
    stages: Sequence[tuple[str, Result]] = (),
    lacks: Sequence[str] = (),
) -> Card:
    """The scorecard of ``result`` (scored against ``rubric``) in ``lang`` (default: the
    rubric's); ``round`` and ``date`` are shown with the unit; ``stages`` are (label, result)
    pairs of the same unit at each stage (self-assessed, appraised...), shown side by side;
    ``lacks``, what its dossier lacks, shown with the verdict."""
    lang = lang or rubric.parts.language
    spec = rubric.parts
    nodes = {nid: node for nid, _, node in rubric.iter_nodes()}
    titles = {nid: text_in(node.title, lang) for nid, node in nodes.items()}
    titles.update({fact.id: text_in(fact.title, lang) for fact in spec.facts})
    stars = star_counts(rubric)
    tiers = sorted(spec.tiers, key=lambda t: t.rank)
    labels = {t.id: text_in(t.label, lang) for t in tiers}
    gate_specs = {g.id: g for g in spec.gates}
    failed = {g.id for g in result.gates if not g.passed}

    def gate_line(gate: GateResult) -> GateLine:
        gate_spec = gate_specs.get(gate.id)
        unlocks = None
        if not gate.passed:
            would = tier_with(rubric, result.total, failed - {gate.id})
            current = result.tier.rank if result.tier is not None else 0
            if would is not None and would.rank > current:
                unlocks = labels[would.id]
        return GateLine(
            gate.id,
            text_in(gate_spec.title, lang) if gate_spec is not None else "",
            gate.passed,
            tuple(labels.get(t, t) for t in gate.tiers) if gate.tiers is not None else None,
            tuple(_failure_line(f, titles, lang) for f in gate.failures),
            text_in(gate_spec.fix, lang) if gate_spec is not None and gate_spec.fix else "",
            unlocks,
            gate.provisional,
            gate.counted,
            short_criteria(gate, result, rubric, titles),
        )

    gates = [gate_line(g) for g in result.gates]
    gates.sort(key=lambda g: g.passed)  # failed first, in the rubric's order
    by_id = {g.id: g for g in gates}

    reached_rank = result.tier.rank if result.tier is not None else 0
    next_id = result.next_tier.tier.id if result.next_tier is not None else None
    ladder = tuple(
        Rung(
            tier.id,
            labels[tier.id],
            tier.rank,
            to_fraction(tier.min),
            stars.get(tier.id) if stars is not None else None,
            tier.certified,
            tier.provisional,
            tier.rank <= reached_rank,
            result.tier is not None and tier.id == result.tier.id,
            tier.id == next_id,
            points_needed(tier.id, to_fraction(tier.min), result.total, result.gates),
            tuple(
                g.id
                for g in result.gates
                if not g.passed and (g.tiers is None or tier.id in g.tiers)
            ),
        )
        for tier in reversed(tiers)
    )
    next_tier = next((rung for rung in ladder if rung.next), None)

    knocked_out = tuple(by_id[g.id] for g in result.gates if not g.passed and g.tiers is None)
    if result.certified:
        verdict: VerdictKind = "certified"
    elif result.tier is not None:
        verdict = "rated"
    elif knocked_out:
        verdict = "knocked_out"
    else:
        verdict = "not_certified"

    return Card(
        lang=lang,
        unit_id=result.unit_id,
        unit_name=result.unit_name,
        rubric_title=rubric.title(lang),
        rubric_id=spec.id,
        rubric_version=spec.version,
        fingerprint=result.fingerprint,
        issuer=text_in(spec.issuer, lang),
        units=text_in(spec.units, lang),
        round=round,
        date=date,
        verdict=verdict,
        tier=labels.get(result.tier.id) if result.tier is not None else None,
        knocked_out_by=knocked_out,
        total=result.total,
        max=result.max,
        bonus_max=result.bonus_max,
        percentage=result.percentage,
        stars=_stars(stars, result),
        groups=_groups(result, rubric, titles, lang),
        ladder=ladder,
        next_tier=next_tier,
        blocking=tuple(by_id[g] for g in result.next_tier.blocking_gates if g in by_id)
        if result.next_tier is not None
        else (),
        after_gates=_after_gates(result, rubric, labels, by_id),
        gains=tuple(gains(result, rubric, titles))
        if result.next_tier is not None and result.next_tier.points_needed
        else (),
        gates=tuple(gates),
        criteria=tuple(_lines(result, rubric, titles, lang)),
        provisional=result.provisional,
        stages=tuple(_stage(label, stage, rubric, labels) for label, stage in stages),
        future=tuple(future_notes(result, lang)),
        lacks=tuple(lacks),
        rates_only=rating_only(spec.tiers),
        below_unrated=below_is_unrated(spec.tiers),
    )


def once_gates_pass(result: Result, rubric: Rubric) -> tuple[Tier, tuple[str, ...]] | None:
    """What a unit kept below a tier its total reaches by failed gates would reach once they
    pass: (the highest tier its points reach, the failed gates that stand in the way, in
    rubric order); None when that tier is no higher than the next tier (results.md, "Next
    tier and gates")."""
    nxt = result.next_tier
    if nxt is None or not nxt.blocking_gates:
        return None
    by_points: Tier | None = None
    for tier in sorted(rubric.parts.tiers, key=lambda t: t.rank):  # minimums rise with rank
        if result.total < to_fraction(tier.min):
            break
        by_points = tier
    if by_points is None or by_points.rank <= nxt.tier.rank:
        return None
    above = {t.id for t in rubric.parts.tiers if nxt.tier.rank <= t.rank <= by_points.rank}
    failed = {g.id for g in result.gates if not g.passed}
    blocking = tuple(
        g.id
        for g in rubric.parts.gates
        if g.id in failed and (g.tiers is None or above & set(g.tiers))
    )
    return by_points, blocking


def _after_gates(
    result: Result, rubric: Rubric, labels: Mapping[str, str], gates: Mapping[str, GateLine]
) -> AfterGates | None:
    after = once_gates_pass(result, rubric)
    if after is None:
        return None
    tier, blocking = after
    return AfterGates(
        labels[tier.id], to_fraction(tier.min), tuple(gates[g] for g in blocking if g in gates)
    )


def tier_with(rubric: Rubric, total: Fraction, failed: set[str] | frozenset[str]) -> Any:
    """The tier a unit with ``total`` points reaches when the gates ``failed`` fail and every
    other gate passes: the evaluator's rule (tiers by rank; a tier needs its minimum, none of
    its gates failed and, unless it says otherwise, the tier below).  The tier's spec, or
    None.  ``tests/test_scorecard.py`` holds it to the evaluator's verdicts."""
    reached = None
    below = True
    scoped = [(g.id, g.tiers) for g in rubric.parts.gates if g.id in failed]
    for tier in sorted(rubric.parts.tiers, key=lambda t: t.rank):
        ok = (
            total >= to_fraction(tier.min)
            and not any(tiers is None or tier.id in tiers for _, tiers in scoped)
            and (below or not tier.requires_lower)
        )
        if ok:
            reached = tier
        below = ok
    return reached


def gains(result: Result, rubric: Rubric, titles: Mapping[str, str]) -> Iterator[Gain]:
    """The criteria where the most points are still to be had for the total (answered,
    unanswered or lacking evidence, groups scored directly, and penalties and penalty groups
    that took points, each by what it took; not future ones that do not count yet), most
    first: where a unit short of points can find them.  Each one's
    points are what it would add to the total at its best, every other criterion as scored
    (:func:`~tiercert._whatif.gains_to_total`: weights, best-N, caps and penalty caps
    included), which may be less or more than its own points.  A rubric too big to score
    every candidate again looks at those with the most own points (``_whatif.BUDGET``)."""
    groups = {nid for nid, _, node in rubric.iter_nodes() if node.children is not None}
    penalties = {child.id for child, _, _ in iter_nodes(rubric.parts.criteria) if child.penalty}
    # a penalty group is offered as a whole, by what it took: what lies below it is part of it
    inside = {
        below.id
        for node in rubric._plan.nodes.values()
        if node.id in penalties and isinstance(node, GroupPlan)
        for below in descendants(node)
    }

    def offered(node: NodeResult) -> bool:
        """A leaf answered or not; a group scored directly (its answer can go to its
        maximum); a penalty group that took points."""
        if node.id in inside or not node.counted:  # a future criterion does not count yet
            return False
        if node.status == "direct":
            return True
        if node.id in groups:
            return node.id in penalties and node.status == "computed"
        return node.status in ("answered", "missing", "evidence_missing")

    candidates = sorted(
        (
            (node.score if node.id in penalties else node.max - node.score, node)
            for node in result.nodes.values()
            if offered(node) and (node.score > 0 if node.id in penalties else node.max > node.score)
        ),
        key=lambda pair: (-pair[0], pair[1].id),
    )[: rescored(rubric)]
    adds = gains_to_total(rubric, result, [node.id for _, node in candidates])
    found = sorted(
        ((adds[node.id], node) for _, node in candidates if adds[node.id] >= SMALLEST_GAIN),
        key=lambda pair: (-pair[0], pair[1].id),
    )[:GAINS_SHOWN]
    for points, node in found:
        yield Gain(node.id, titles[node.id], points, node.status == "evidence_missing")


#: the details a result read back from its data gives (English: ``band 2``, ``needs
#: justification and url``; a result just scored gives them as catalog messages), each with
#: the message that writes it for people
_DETAILS = (
    (re.compile(r"band ([0-9]+)"), "band"),
    (re.compile(r"no band"), "no_band"),
    (re.compile(r"not applicable is not accepted here"), "na_refused"),
    (re.compile(r"N/A needs (.+)"), "na_needs"),
    (re.compile(r"needs (.+)"), "needs"),
)


def gate_mark(gate: GateResult, lang: str) -> str:
    """How a scorecard marks a gate: passed, failed, or not applied yet."""
    _ = translator(lang).gettext
    if not gate.counted:
        return _("not applied yet")
    return _("pass") if gate.passed else _("FAIL")


def future_notes(result: Result, lang: str) -> list[str]:
    """What a scorecard says about future criteria (docs/versions.md): those not counted yet,
    with their points listed apart; that no scoring date was given when some count from a
    date; the day scored for, when one was given."""
    _ = translator(lang).gettext
    notes = []
    waiting = [result.nodes[nid] for nid in result.not_counted]
    if waiting:
        items = "; ".join(
            _("{criterion} {score} / {max} ({when})").format(
                criterion=node.id,
                score=display_number(node.score, lang=lang),
                max=display_number(node.max, lang=lang),
                when=counts_from_text(node.counts_from or "", lang),
            )
            for node in waiting
        )
        notes.append(
            _(
                "Not counted yet (future criteria, scored and listed apart): {items}. Their "
                "points count toward neither their groups nor the tier."
            ).format(items=items)
        )
        if result.as_of is None and any(looks_like_date(n.counts_from or "") for n in waiting):
            notes.append(
                _(
                    "No scoring date was given, so criteria that count from a date do not "
                    "count; give the date scored for (--as-of YYYY-MM-DD, as_of= in Python)."
                )
            )
    if result.as_of is not None:
        notes.append(_("Scored as of {date}.").format(date=day_text(result.as_of, lang)))
    if any(not gate.counted for gate in result.gates):
        notes.append(
            _("A gate not applied yet reads a future criterion; it applies once that counts.")
        )
    return notes


#: a number as a detail shows it (display_number's: digits, a dot, perhaps the cut mark)
_SHOWN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?…?")


def _number_in(text: str, lang: str) -> str | None:
    """A number a detail shows, with ``lang``'s decimal mark (only the mark changes)."""
    if _SHOWN_NUMBER.fullmatch(text) is None:
        return None
    return text.replace(".", decimal_mark(lang))


def detail_in(detail: str, lang: str) -> str:
    """A criterion's ``detail`` (how a rule scored it, in the result's English) in ``lang``;
    a detail this does not know is shown as it is.  A detail written as a catalog message
    (what a penalty took) is written in ``lang``, the details it holds too."""
    _ = translator(lang).gettext
    if isinstance(detail, Message) and detail.template:
        values = {
            name: _number_in(value, lang) or detail_in(value, lang)
            if isinstance(value, str)
            else value
            for name, value in detail.params
        }
        return _(detail.template).format(**values)
    for pattern, kind in _DETAILS:
        match = pattern.fullmatch(detail)
        if match is None:
            continue
        if kind == "band":
            return _("band {number}").format(number=match.group(1))
        if kind == "no_band":
            return _("no band")
        if kind == "na_refused":
            return _("not applicable is not accepted here")
        # a detail read back from JSON: its English evidence words, each written in lang
        evidence = _(" and ").join(_(word) for word in match.group(1).split(" and "))
        if kind == "na_needs":
            return _("N/A needs {evidence}").format(evidence=evidence)
        return _("needs {evidence}").format(evidence=evidence)
    return detail


def _stars(stars: Mapping[str, int] | None, result: Result) -> Stars | None:
    if stars is None:
        return None
    filled = stars[result.tier.id] if result.tier is not None else 0
    return Stars(filled, max(stars.values()))


def _failure_line(failure: Any, titles: Mapping[str, str], lang: str) -> FailureLine:
    toward: Toward = "ceiling" if failure.operator in ("at_most", "below") else "floor"
    kind: Literal["compare", "not", "unscored", "any", "or"] = "compare"
    if failure.subject == "not":
        kind = "not"
    elif failure.subject in ("any", "or"):
        kind = failure.subject
    elif failure.operator == "be" and failure.expected == "scored":
        kind = "unscored"
    return FailureLine(
        kind,
        failure.subject,
        in_lang(failure.target, lang) if kind == "not" else failure.target,
        titles.get(failure.target, ""),
        failure.operator,
        _shown(failure.actual, toward, lang),
        _shown(failure.expected, lang=lang),
    )


def threshold_marks(rubric: Rubric, lang: str) -> dict[str, list[tuple[Fraction, str, str]]]:
    """Group id -> (percent of its maximum, gate id, gate title) for each lower threshold a
    gate puts on a top-level group: ``percent: G at_least N``, ``score: G at_least N``, and
    ``each_child_of: "@criteria"`` (or of G's parent) ``at_least N``; only from conditions
    that must hold (a gate's own comparison, or one of its ``all``), where a line on the bar
    tells the truth."""
    plan = rubric._plan
    top = {node.id for node in rubric.parts.criteria}
    marks: dict[str, list[tuple[Fraction, str, str]]] = {}

    def add(group: str, value: Fraction, measure: str, gate: Any) -> None:
        maximum = plan.nodes[group].max
        if not maximum:
            return
        at = value if measure == "percent" else value * HUNDRED / maximum
        marks.setdefault(group, []).append((at, gate.id, text_in(gate.title, lang)))

    def walk(condition: Any, gate: Any) -> None:
        if isinstance(condition, AllOf):
            for part in condition.all_:
                walk(part, gate)
            return
        if not isinstance(condition, Comparison):
            return
        low = condition.at_least if condition.at_least is not None else condition.above
        if low is None or isinstance(low, FactOperand):  # a fact's value: each unit its own
            return
        value = to_fraction(low)
        if isinstance(condition, PercentIs) and condition.percent in top:
            add(condition.percent, value, "percent", gate)
        elif isinstance(condition, ScoreIs) and condition.score in top:
            add(condition.score, value, "score", gate)
        elif isinstance(condition, EachChildIs) and condition.each_child_of == "@criteria":
            # the base's that count: bonus, penalties and criteria waiting are not compared
            for node in plan.root.base_children:
                add(node.id, value, condition.measure, gate)

    for gate in rubric.parts.gates:
        walk(gate.require, gate)
    return marks


def _groups(
    result: Result, rubric: Rubric, titles: Mapping[str, str], lang: str
) -> tuple[GroupBar, ...]:
    """A bar per top-level group, the lowest share of its maximum marked weakest (when the
    shares differ); bonus and penalty criteria with what they changed in the total."""
    marks = threshold_marks(rubric, lang)
    roles = group_roles(rubric)
    adds = top_level_counted(rubric, result)
    left_out = bool(roles) and base_left_out(rubric, result)
    shown = [
        (node, got)
        for node in rubric.parts.criteria
        if (got := result.nodes.get(node.id)) is not None
    ]
    shares = [got.score * HUNDRED / got.max if got.max else ZERO for _, got in shown]

    def ranked(got: NodeResult) -> bool:  # a bonus or penalty is not a group's share
        return got.status != "excluded" and bool(got.max) and got.counted and got.id not in roles

    scored = [share for share, (_, got) in zip(shares, shown, strict=True) if ranked(got)]
    # the weakest is marked only among two or more groups whose shares differ
    lowest = min(scored) if len(scored) > 1 and max(scored) > min(scored) else None
    bars = [
        GroupBar(
            node.id,
            titles[node.id],
            got.score,
            got.max,
            got.status == "excluded",
            got.status == "direct",
            got.provisional,
            tuple(Mark(at, gate, title, share >= at) for at, gate, title in marks.get(node.id, [])),
            share == lowest and ranked(got),
            got.counted,
            roles.get(node.id, "base"),
            adds.get(node.id),
            role_note(
                roles.get(node.id, "base"), got.score, adds.get(node.id), lang, left_out=left_out
            ),
            got.counted_points if node.id not in adds else None,
            counted_note(got, lang) if node.id not in adds else None,
        )
        for share, (node, got) in zip(shares, shown, strict=True)
    ]
    return tuple(bars)


def group_roles(rubric: Rubric) -> dict[str, Literal["bonus", "penalty"]]:
    """The top-level criteria that are bonus or penalty criteria, with their role."""
    return {
        node.id: "penalty" if node.penalty else "bonus"
        for node in rubric.parts.criteria
        if node.penalty or node.bonus
    }


def base_left_out(rubric: Rubric, result: Result) -> bool:
    """Whether every top-level criterion that counts and is neither a bonus nor a penalty was
    left out as not applicable: the total then counted nothing, of its bonus neither."""
    base = [
        got
        for node in rubric.parts.criteria
        if not (node.bonus or node.penalty)
        and (got := result.nodes.get(node.id)) is not None
        and got.counted
    ]
    return bool(base) and all(got.status == "excluded" for got in base)


def role_note(
    role: Literal["base", "bonus", "penalty"],
    score: Fraction,
    adds: Fraction | None,
    lang: str,
    *,
    left_out: bool = False,
) -> str | None:
    """What a top-level bonus or penalty criterion did to the total, for a card: ``bonus: 12
    earned, 10 counted...`` (the bonus cap kept less, or nothing counted: ``left_out``, every
    base criterion was not applicable, see :func:`base_left_out`), ``penalty: took 10 from the
    total``; None for another group."""
    _ = translator(lang).gettext
    if role == "base" or adds is None:
        return None
    shown = display_number(abs(adds), lang=lang)
    if role == "bonus":
        if adds == score:
            return _("bonus: {counted} counted on top of the total").format(counted=shown)
        if left_out:
            return _(
                "bonus: {earned} earned, none counted: every base criterion is not applicable"
            ).format(earned=display_number(score, lang=lang))
        return _(
            "bonus: {earned} earned, {counted} counted, the bonus cap left out the rest"
        ).format(earned=display_number(score, lang=lang), counted=shown)
    if role == "penalty":
        if not adds and not score:
            return _("penalty: takes nothing")
        if -adds == score:
            return _("penalty: took {taken} from the total").format(taken=shown)
        return _(
            "penalty: took {taken} from the total, not {scored}: the penalty cap or the floor "
            "at 0 kept the rest"
        ).format(scored=display_number(score, lang=lang), taken=shown)
    assert_never(role)


def signed(
    role: Literal["base", "bonus", "penalty"], score: Fraction, adds: Fraction | None, lang: str
) -> str:
    """A top-level criterion's points as a card shows them: a bonus ``+10`` (what counted), a
    penalty ``−10`` (what it took), any other its score."""
    if role == "base" or adds is None:
        return display_number(score, lang=lang)
    text = display_number(abs(adds), lang=lang)
    return ("+" if adds > 0 else "\u2212" if adds < 0 else "") + text


def level_labels(rubric: Rubric, lang: str) -> dict[tuple[str, str], str]:
    """(criterion id, level id) -> the level's label, for showing level answers by label."""
    found = {}
    for nid, _, node in rubric.iter_nodes():
        if isinstance(node.rule, LevelsRule):
            for level in node.rule.levels:
                if level.label:
                    found[(nid, level.id)] = text_in(level.label, lang)
    return found


def top_level_notes(result: Result, rubric: Rubric, lang: str) -> dict[str, tuple[Fraction, str]]:
    """Top-level bonus and penalty criterion id -> (what it changed in the total, the note
    that says so: :func:`role_note`), for every place a card shows such a criterion: what it
    took after the penalty cap and the floor at 0, never its own points alone."""
    roles = group_roles(rubric)
    if not roles:
        return {}
    found = {}
    left_out = base_left_out(rubric, result)
    for node_id, adds in top_level_counted(rubric, result).items():
        note = role_note(roles[node_id], result.nodes[node_id].score, adds, lang, left_out=left_out)
        if note is not None:
            found[node_id] = (adds, note)
    return found


def counted_note(node: NodeResult, lang: str) -> str | None:
    """What of a criterion's points its parent counted, when its parent counted only some of
    its children's (:attr:`~tiercert.NodeResult.counted_points`): ``counted toward g1``,
    ``scored 8, not counted toward g1``, ``scored 8, 5 of it counted toward the total``; None
    for any other criterion.  Shown beside :func:`counted_score`, never beside its own score
    alone: the points shown must add up to the parent's."""
    share = node.share
    if share is None:
        return None
    _ = translator(lang).gettext
    total = node.parent is None or node.parent == ROOT_ID
    if share == "all":
        if total:
            return _("counted toward the total")
        return _("counted toward {group}").format(group=node.parent)
    scored = display_number(node.score, lang=lang)
    if share == "none":
        if total:
            return _("scored {points}, not counted toward the total").format(points=scored)
        return _("scored {points}, not counted toward {group}").format(
            points=scored, group=node.parent
        )
    counted = display_number(counted_score(node), lang=lang)
    if total:
        return _("scored {points}, {counted} of it counted toward the total").format(
            points=scored, counted=counted
        )
    return _("scored {points}, {counted} of it counted toward {group}").format(
        points=scored, counted=counted, group=node.parent
    )


def counted_score(node: NodeResult) -> Fraction:
    """The points a criterion's line shows: what its parent counted of them, when it counted
    only some of its children's (:func:`counted_note` says its own score), else its score."""
    points = node.counted_points
    return node.score if points is None else points


def own_detail(detail: str | None) -> str | None:
    """A penalty child's detail without what it says the penalty took (a card says that in its
    own words, from what the penalty took of the total), still a catalog message when it was."""
    if detail is None:
        return None
    if isinstance(detail, Message) and detail.template == "{said}; {detail}":
        inner = dict(detail.params).get("detail")
        return inner if isinstance(inner, str) and inner else None
    if isinstance(detail, Message) and detail.template == "penalty: takes {score} from {owner}":
        return None
    return _TOOK.sub("", detail) or None


def _lines(result: Result, rubric: Rubric, titles: Mapping[str, str], lang: str) -> Iterator[Line]:
    depth = {nid: d for nid, d, _ in rubric.iter_nodes()}
    counted = top_level_notes(result, rubric, lang)
    groups = {nid for nid, _, node in rubric.iter_nodes() if node.children is not None}
    levels = level_labels(rubric, lang)
    penalty_of = {  # penalty child -> the title of what it takes from ('' for the total)
        child.id: titles[parent.id] if parent is not None else ""
        for child, _, parent in iter_nodes(rubric.parts.criteria)
        if child.penalty
    }
    for node in result.nodes.values():
        answer, kind = _answer(node, levels, lang)
        detail = node.detail
        if node.id in penalty_of:
            detail = own_detail(detail)  # what it took is the card's own line
        adds, note = counted.get(node.id, (None, None))
        yield Line(
            node.id,
            depth[node.id],
            titles[node.id],
            node.score,
            node.max,
            node.id in groups,
            node.status,
            answer,
            kind,
            detail_in(detail, lang) if detail else None,
            node.capped,
            bool(node.answer) if node.status == "computed" and node.rule == "condition" else None,
            node.provisional,
            not_counted_yet(node.counts_from, lang)
            if not node.counted and node.counts_from is not None
            else None,
            penalty_of.get(node.id),
            adds,
            note,
            node.counted_points if note is None else None,
            counted_note(node, lang) if note is None else None,
        )


#: what a penalty child's result says it took (``_reference.tell_penalties``), before its own
#: detail; the card says it in the reader's language from the line's score
_TOOK = re.compile(r"^penalty: takes [^;]+ from [^;]+(?:; |$)")


def _answer(
    node: NodeResult, levels: Mapping[tuple[str, str], str], lang: str
) -> tuple[str | None, Literal["none", "yes", "no", "number", "level", "text"]]:
    if node.status != "answered":
        return None, "none"
    answer = node.answer
    if isinstance(answer, bool):
        return None, "yes" if answer else "no"
    if isinstance(answer, Fraction):
        return _shown(answer, lang=lang), "number"
    if node.rule == "levels" and isinstance(answer, str):
        return levels.get((node.id, answer), answer), "level"
    return str(answer), "text"


def _stage(label: str, result: Result, rubric: Rubric, labels: Mapping[str, str]) -> StageColumn:
    adds = top_level_counted(rubric, result)  # bonus and penalty criteria that count
    groups: dict[str, Fraction | None] = {}
    for node in rubric.parts.criteria:
        got = result.nodes.get(node.id)
        if got is None or got.status == "excluded":
            groups[node.id] = None
        else:
            groups[node.id] = adds.get(node.id, counted_score(got))
    return StageColumn(
        label,
        result.total,
        labels.get(result.tier.id) if result.tier is not None else None,
        result.certified,
        groups,
    )
