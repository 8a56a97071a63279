"""Semantic checks: do the parts of a (well-shaped) rubric fit together?

Each check yields :class:`~tiercert.errors.Problem` objects with a raw path into the rubric
document; the caller adds the human-readable path and the file position.  Checks never stop
at the first problem.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ._i18n import N_, msg
from ._kinds import AggregateKind, CheckContext, FactType, TotalSpan
from ._lifecycle import compare_versions, iso_forms, lifecycle, looks_like_date, read_date
from ._literals import grouped_problem, parse_bool, whole_problem
from ._maxima import bonus_max, children_max, node_max, waiting_max
from ._numbers import ZERO, number_words, to_fraction
from ._parts import (
    Fact,
    GroupFields,
    Node,
    RubricSpec,
)
from ._paths import choose, did_you_mean, shown
from ._programme_checks import check_programme
from ._shapes import Dossier, Spec
from .aggregates import AGGREGATES
from .conditions import kind_of
from .conditions._bounds import contradiction
from .conditions._compare import Comparison, operand_facts_fit
from .errors import Path, Problem, Severity, problem_of
from .rules import RULES

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

if TYPE_CHECKING:
    from .model import Condition


def _error(code: str, message: str, path: Path) -> Problem:
    return Problem(code, message, path=path)


def _warning(code: str, message: str, path: Path) -> Problem:
    return Problem(code, message, path=path, severity=Severity.WARNING)


def iter_nodes(
    nodes: Sequence[Node], path: Path = ("criteria",)
) -> Iterator[tuple[Node, Path, Node | None]]:
    """Every node depth-first with its document path and its parent (None at the top)."""
    stack: list[tuple[Node, Path, Node | None]] = [
        (n, (*path, i), None) for i, n in reversed(list(enumerate(nodes)))
    ]
    while stack:
        node, node_path, parent = stack.pop()
        yield node, node_path, parent
        for i, child in reversed(list(enumerate(node.children or []))):
            stack.append((child, (*node_path, "children", i), node))


def check(rubric: RubricSpec) -> list[Problem]:
    """Every semantic problem of ``rubric``."""
    return list(_iter_problems(rubric))


def _iter_problems(rubric: RubricSpec) -> Iterator[Problem]:
    if not rubric.criteria:
        yield _error(
            "rubric.empty",
            msg("the rubric has no criteria; add at least one under 'criteria:'"),
            ("criteria",),
        )
        return
    nodes = list(iter_nodes(rubric.criteria))
    by_id = {node.id: node for node, _, _ in nodes}
    yield from _check_ids(rubric, nodes)
    yield from _check_own_language(rubric, nodes)
    yield from _check_amounts(rubric, (), _GROUP_AMOUNTS)
    yield from _check_group(rubric, rubric.criteria, (), is_root=True)
    # bonus points reach the total only through groups that are bonus all the way up
    carried: set[str] = set()
    for node, _, parent in nodes:
        if node.bonus and (parent is None or parent.id in carried):
            carried.add(node.id)
    facts = {f.id: f for f in rubric.facts}
    read: set[str] = set()  # the facts the conditions checked read (see _check_unused_facts)
    top = [n.id for n in rubric.criteria]
    waits = may_wait(rubric)
    context = CheckContext(
        by_id,
        facts,
        top,
        lambda condition, path: _check_condition(
            condition, path, by_id, facts, read, top=top, may_wait=waits
        ),
        may_wait=waits,
    )
    for node, path, _ in nodes:
        yield from _check_node(node, path, context, bonus_carried=node.id in carried)
    yield from _check_references(rubric, nodes, by_id, read)
    yield from _check_shared_answers(nodes, by_id)
    yield from _check_lineage(nodes, by_id)
    yield from _check_lifecycle(rubric, nodes, by_id)
    yield from _check_tiers(rubric, by_id)
    yield from check_programme(rubric, set(by_id) | set(facts))
    yield from _check_unused_facts(rubric, read)


def _facts_read(rubric: RubricSpec) -> set[str]:
    """The ids of the facts something of ``rubric`` reads: every part with a ``fact`` field
    (a ``fact`` condition wherever conditions go, a comparison's ``{fact: ID}`` operand), but
    the dossier's, which sets its fact rather than reads it.  Found by walking the whole
    rubric, so that a part that reads a fact is never missed, whichever kind it is."""
    read: set[str] = set()
    stack: list[object] = [value for name, value in vars(rubric).items() if name != "facts"]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
            continue
        if isinstance(item, dict):
            stack.extend(item.values())
            continue
        if not isinstance(item, Spec):  # text, numbers, dates: nothing below
            continue
        for name, value in vars(item).items():
            if name == "fact" and isinstance(value, str):
                if not isinstance(item, Dossier):  # (the dossier sets its fact)
                    read.add(value)
            elif isinstance(value, Spec | list | tuple | dict):
                stack.append(value)
    return read


def _check_unused_facts(rubric: RubricSpec, read: set[str]) -> Iterator[Problem]:
    """``fact.unused``: a declared fact that no gate, condition or comparison reads.  A
    fact exists to be read by the rules (it is scored by nothing): one read nowhere changes no
    result whatever a unit gives for it, which is a fact misspelt where it is read, a rule
    left out, or a fact left over; a scorecard names a fact only in a condition that reads it."""
    unread = [f.id for f in rubric.facts if f.id not in read]
    if not unread:  # every fact read by a condition checked: no need to look further
        return
    found = _facts_read(rubric)  # (a fact read by a part no check reads would be here)
    for i, fact in enumerate(rubric.facts):
        if fact.id not in read and fact.id not in found:
            yield _warning(
                "fact.unused",
                msg(
                    "the fact {fact!r} is read by no gate, condition or comparison, so what a "
                    "unit gives for it changes no result; read it where it counts (a gate's "
                    "require: {{fact: {fact}, ...}}), or remove it",
                    fact=fact.id,
                ),
                ("facts", i, "id"),
            )


def _texts(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]]
) -> Iterator[tuple[Mapping[str, str] | None, Path]]:
    """Every text of the rubric people read, with its place."""
    yield rubric.title, ("title",)
    yield rubric.description, ("description",)
    for node, path, _ in nodes:
        yield node.title, (*path, "title")
        yield node.description, (*path, "description")
    for i, fact in enumerate(rubric.facts):
        yield fact.title, ("facts", i, "title")
    for i, gate in enumerate(rubric.gates):
        yield gate.title, ("gates", i, "title")
        yield gate.fix, ("gates", i, "fix")
    for i, tier in enumerate(rubric.tiers):
        yield tier.label, ("tiers", i, "label")
    for i, attribute in enumerate(rubric.attributes):
        yield attribute.title, ("attributes", i, "title")
    for i, stage in enumerate(rubric.stages):
        yield stage.label, ("stages", i, "label")
    if rubric.dossier is not None:
        for i, document in enumerate(rubric.dossier.documents):
            yield document.title, ("dossier", "documents", i, "title")


#: countries' codes written where a language's is meant, and the language meant (``vn``:
#: Viet Nam; Vietnamese is ``vi``): only codes that are no language's own code
COUNTRY_NOT_LANGUAGE = {
    "vn": "vi",
    "cn": "zh",
    "jp": "ja",
    "kr": "ko",
    "dk": "da",
    "gr": "el",
    "cz": "cs",
    "ua": "uk",
}


def _country_code(code: str, path: Path) -> Problem | None:
    meant = COUNTRY_NOT_LANGUAGE.get(code.lower())
    if meant is None:
        return None
    return _warning(
        "language.country",
        msg(
            "{code!r} is a country's code, not a language's; write the language's: {meant!r}",
            code=code,
            meant=meant,
        ),
        path,
    )


def _check_own_language(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]]
) -> Iterator[Problem]:
    """``text.language``: a text given in other languages only, not in the rubric's own
    (``language: vi`` and ``title: {en: ...}``): its readers would see another language.
    ``language.country``: a country's code written for a language (``vn`` for ``vi``), once
    for the rubric's ``language`` (its texts are then not said to lack it) and once for each
    text that names a language so."""
    own = rubric.language
    wrong_own = _country_code(own, ("language",))
    if wrong_own is not None:
        yield wrong_own
    for text, path in _texts(rubric, nodes):
        for code in text or ():
            problem = _country_code(code, (*path, code))
            if problem is not None:
                yield problem
        if wrong_own is not None:
            continue
        if not text or "*" in text or own in text:
            continue
        first = next(iter(text))
        yield _warning(
            "text.language",
            msg(
                "this text is not given in {language!r}, the rubric's language (only in "
                "{given}), so its readers see it in {first!r}; add it: "
                "{{{language}: ..., {first}: ...}}, or write the text alone",
                language=own,
                given=", ".join(repr(lang) for lang in text),
                first=first,
            ),
            path,
        )


def _check_ids(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]]
) -> Iterator[Problem]:
    groups: list[tuple[str, list[tuple[str, Path]]]] = [
        (N_("criterion"), [(n.id, (*p, "id")) for n, p, _ in nodes]),
        (N_("fact"), [(f.id, ("facts", i, "id")) for i, f in enumerate(rubric.facts)]),
        (N_("gate"), [(g.id, ("gates", i, "id")) for i, g in enumerate(rubric.gates)]),
        (N_("tier"), [(t.id, ("tiers", i, "id")) for i, t in enumerate(rubric.tiers)]),
        (N_("source"), [(s.id, ("sources", i, "id")) for i, s in enumerate(rubric.sources)]),
    ]
    for what, entries in groups:
        counts = Counter(ident for ident, _ in entries)
        first: dict[str, Path] = {}
        for ident, path in entries:
            if counts[ident] > 1 and ident in first:
                yield _error(
                    "id.duplicate",
                    msg(
                        "the {what} id {ident!r} is used more than once; ids must be unique, "
                        "rename one of them",
                        what=msg(what),
                        ident=ident,
                    ),
                    path,
                )
            first.setdefault(ident, path)
    node_ids = {n.id for n, _, _ in nodes}
    for i, fact in enumerate(rubric.facts):
        if fact.id in node_ids:
            yield _error(
                "id.duplicate",
                msg(
                    "the fact id {fact!r} is also a criterion id; answers and facts share "
                    "one namespace in assessments, rename one of them",
                    fact=fact.id,
                ),
                ("facts", i, "id"),
            )


def _check_group(
    group: GroupFields,
    children: Sequence[Node],
    path: Path,
    *,
    is_root: bool = False,
    bonus_carried: bool = False,
) -> Iterator[Problem]:
    declared = to_fraction(group.max) if group.max is not None else None
    reach = children_max(group, children)
    here = msg("the rubric") if is_root else msg("this group")
    aggregate = AGGREGATES[group.aggregate]
    yield from aggregate.check(group, children, path)
    if aggregate.normalised and declared is None:
        yield _error(
            "max.missing",
            msg(
                "{here} aggregates by '{aggregate}', so it needs its own 'max'; add one",
                here=here,
                aggregate=group.aggregate,
            ),
            (*path, "aggregate"),
        )
    if declared is not None and reach is not None:
        if reach < declared:
            yield _error(
                "max.unreachable",
                msg(
                    "the children can reach only {reach} points but the maximum is "
                    "{declared}; raise the children's points or lower 'max'",
                    reach=number_words(reach),
                    declared=number_words(declared),
                ),
                (*path, "max"),
            )
        elif reach > declared and group.max_exceeded is None:
            yield _warning(
                "max.exceeded",
                msg(
                    "the children add up to {reach}, more than the maximum {declared}; "
                    "scores will be capped at {declared}; if the cap is meant, say so with "
                    "'max_exceeded: intended'",
                    reach=number_words(reach),
                    declared=number_words(declared),
                ),
                (*path, "max"),
            )
    if group.max_exceeded is not None and not (
        declared is not None and reach is not None and reach > declared
    ):
        yield _intended_unused(path)
    yield from _check_penalties(group, children, path, aggregate)
    bonus_children = [c for c in children if c.bonus]
    if bonus_children and not aggregate.bonus:
        yield _error(
            "bonus.aggregate",
            msg(
                "a tiered group counts its criteria in order, one level after another, "
                "so bonus children have no place in it; use 'aggregate: sum', 'scaled' or "
                "'weighted', or remove 'bonus: true'"
            ),
            (*path, "aggregate"),
        )
    if bonus_children and not (is_root or bonus_carried) and aggregate.bonus:
        yield _warning(
            "bonus.nested",
            msg(
                "bonus points inside a group count towards the parent's maximum, so "
                "they are lost when the other criteria are full; mark the whole group "
                "'bonus: true' at the top level instead, or raise the parent's 'max'"
            ),
            (*path, "children"),
        )
    if group.bonus_cap is not None and not bonus_children:
        yield _warning(
            "bonus.unused",
            msg(
                "'bonus_cap' has no effect: no child is marked 'bonus: true'; remove "
                "it or mark the bonus criteria"
            ),
            (*path, "bonus_cap"),
        )
    if group.top is not None and group.top > len(children):
        yield _warning(
            "top.unused",
            msg(
                "'top: {top}' is more than the number of children ({children}); it has no effect",
                top=group.top,
                children=len(children),
            ),
            (*path, "top"),
        )
    for i, child in enumerate(children):
        child_path = (*path, "criteria" if is_root else "children", i)
        if not aggregate.weights and child.weight is not None:
            yield _warning(
                "weight.unused",
                msg(
                    "'weight' is ignored: the parent does not use 'aggregate: weighted'; "
                    "remove it or set the parent's 'aggregate: weighted'"
                ),
                (*child_path, "weight"),
            )
    cap = group.incomplete_cap
    ceiling = declared if declared is not None else reach
    if cap is not None and ceiling is not None and to_fraction(cap) > ceiling:
        yield _warning(
            "cap.unused",
            msg(
                "'incomplete_cap' {cap} is above the maximum; it has no effect",
                cap=number_words(cap),
            ),
            (*path, "incomplete_cap"),
        )


def _intended_unused(path: Path) -> Problem:
    return _warning(
        "max_exceeded.unused",
        msg(
            "'max_exceeded: intended' has no effect: the points here cannot exceed 'max'; remove it"
        ),
        (*path, "max_exceeded"),
    )


def _check_penalties(
    group: GroupFields, children: Sequence[Node], path: Path, aggregate: AggregateKind
) -> Iterator[Problem]:
    """Penalty children take points from a sum after its cap: only where points are added."""
    penalties = [(i, c) for i, c in enumerate(children) if c.penalty]
    if penalties and not aggregate.penalties:
        yield _error(
            "penalty.aggregate",
            msg(
                "penalty children take points from a sum of points, not from a "
                "'{aggregate}' group; use 'aggregate: sum' or move the penalty "
                "criteria to a group that adds points",
                aggregate=group.aggregate,
            ),
            (*path, "aggregate"),
        )
    if group.penalty_cap is not None and not penalties:
        yield _warning(
            "penalty.unused",
            msg(
                "'penalty_cap' has no effect: no child is marked 'penalty: true'; "
                "remove it or mark the penalty criteria"
            ),
            (*path, "penalty_cap"),
        )
    elif group.penalty_cap is not None and to_fraction(group.penalty_cap) == 0:
        yield _warning(
            "penalty.never",
            msg(
                "'penalty_cap: 0' means no penalty can ever take points; raise it or "
                "remove the penalty criteria"
            ),
            (*path, "penalty_cap"),
        )
    children_key = "children" if path else "criteria"
    for i, child in penalties:
        child_path = (*path, children_key, i)
        if child.bonus:
            yield _error(
                "penalty.bonus",
                msg(
                    "a criterion is either a bonus (adds points) or a penalty (takes "
                    "points), not both; remove 'bonus: true' or 'penalty: true'"
                ),
                (*child_path, "penalty"),
            )
        elif node_max(child) == 0:
            yield _warning(
                "penalty.never",
                msg(
                    "this penalty can never take points: its maximum is 0; give its rule "
                    "points (the points it takes) or remove it"
                ),
                (*child_path, "penalty"),
            )


#: the amounts of a group's options (the rubric's too), and of a criterion's
_GROUP_AMOUNTS = ("max", "bonus_cap", "incomplete_cap", "penalty_cap")
_NODE_AMOUNTS = (*_GROUP_AMOUNTS, "weight")


def _check_amounts(owner: object, path: Path, names: Sequence[str]) -> Iterator[Problem]:
    """None of ``names`` is negative: the same rule for the rubric's options as a group's."""
    for field in names:
        value = getattr(owner, field)
        if value is not None and value < 0:
            yield _error(
                "points.negative",
                msg("{field} is negative ({value}); use 0 or more", field=field, value=value),
                (*path, field),
            )


def _check_node(
    node: Node, path: Path, context: CheckContext, *, bonus_carried: bool = False
) -> Iterator[Problem]:
    yield from _check_amounts(node, path, _NODE_AMOUNTS)
    if node.children is not None and node.rule is not None:
        yield _error(
            "node.rule_and_children",
            msg(
                "a criterion has either 'rule' (a leaf) or 'children' (a group), not "
                "both; remove one"
            ),
            (*path, "rule"),
        )
    elif node.children is not None:
        if not node.children:
            yield _error(
                "node.empty_group",
                msg(
                    "this group has no children; add criteria under 'children:' or give it a 'rule'"
                ),
                (*path, "children"),
            )
        else:
            yield from _check_group(node, node.children, path, bonus_carried=bonus_carried)
        if node.evidence_rules is not None:
            yield _error(
                "evidence_rules.group",
                msg(
                    "'evidence_rules' applies to leaves; set it on the group's criteria, "
                    "or on the rubric for every criterion"
                ),
                (*path, "evidence_rules"),
            )
        if node.na is not None:
            yield _error(
                "na.group",
                msg("'na' applies to leaves; mark the group's criteria as not applicable instead"),
                (*path, "na"),
            )
    elif node.rule is None:
        yield _error(
            "node.no_rule",
            msg(
                "this criterion has neither 'rule' nor 'children'; add a rule (e.g. "
                "'rule: {{kind: boolean, points: 5}}') or children"
            ),
            (*path, "id"),
        )
    else:
        yield from _check_leaf(node, path, context)


def _check_leaf(node: Node, path: Path, context: CheckContext) -> Iterator[Problem]:
    rule = node.rule
    assert rule is not None
    kind = RULES[rule.kind]
    declared = to_fraction(node.max) if node.max is not None else None
    if node.direct:
        yield _error(
            "direct.leaf",
            msg(
                "'direct: true' is for groups; for a leaf scored by hand use 'rule: "
                "{{kind: direct}}'"
            ),
            (*path, "direct"),
        )
    yield from kind.check(rule, (*path, "rule"), context)
    if kind.best(rule, None) is None and declared is None:
        yield _error("max.missing", msg(kind.max_missing), (*path, "id"))
        return
    best = kind.best(rule, declared)
    if declared is not None and best is not None:
        if best < declared:
            yield _error(
                "max.unreachable",
                msg(
                    "the rule gives at most {best} points but the maximum is {declared}; "
                    "raise the rule's points or lower 'max'",
                    best=number_words(best),
                    declared=number_words(declared),
                ),
                (*path, "max"),
            )
        elif best > declared and node.max_exceeded is None:
            yield _warning(
                "max.exceeded",
                msg(
                    "the rule can give {best} points, more than the maximum {declared}; "
                    "scores will be capped; if the cap is meant, say so with "
                    "'max_exceeded: intended'",
                    best=number_words(best),
                    declared=number_words(declared),
                ),
                (*path, "max"),
            )
    if node.max_exceeded is not None and not (
        declared is not None and best is not None and best > declared
    ):
        yield _intended_unused(path)


# --- references -------------------------------------------------------------------------------


def _check_references(
    rubric: RubricSpec,
    nodes: list[tuple[Node, Path, Node | None]],
    by_id: dict[str, Node],
    read: set[str],
) -> Iterator[Problem]:
    facts = {f.id: f for f in rubric.facts}
    tiers = {t.id for t in rubric.tiers}
    sources = {s.id for s in rubric.sources}
    span = total_span(rubric)
    top = [n.id for n in rubric.criteria]
    for i, gate in enumerate(rubric.gates):
        where: Path = ("gates", i, "require")
        yield from _check_condition(
            gate.require, where, by_id, facts, read, span, top=top, may_wait=may_wait(rubric)
        )
        for j, tier_id in enumerate(gate.tiers or []):
            if tier_id not in tiers:
                yield _error(
                    "ref.unknown",
                    msg(
                        "no tier has the id {tier_id!r}{hint}",
                        tier_id=tier_id,
                        hint=choose(tier_id, tiers, "tier"),
                    ),
                    ("gates", i, "tiers", j),
                )
    for i, target in enumerate(rubric.targets):
        if target.tier is not None and target.tier not in tiers:
            yield _error(
                "ref.unknown",
                msg(
                    "no tier has the id {tier!r}{hint}",
                    tier=target.tier,
                    hint=choose(target.tier, tiers, "tier"),
                ),
                ("targets", i, "tier"),
            )
    cited: list[tuple[list[str], Path]] = [(n.sources, (*p, "sources")) for n, p, _ in nodes]
    cited += [(f.sources, ("facts", i, "sources")) for i, f in enumerate(rubric.facts)]
    cited += [(g.sources, ("gates", i, "sources")) for i, g in enumerate(rubric.gates)]
    cited += [(t.sources, ("tiers", i, "sources")) for i, t in enumerate(rubric.tiers)]
    cited += [(t.sources, ("targets", i, "sources")) for i, t in enumerate(rubric.targets)]
    cited += [(a.sources, ("attributes", i, "sources")) for i, a in enumerate(rubric.attributes)]
    cited += [(s.sources, ("stages", i, "sources")) for i, s in enumerate(rubric.stages)]
    if rubric.dossier is not None:
        cited.append((rubric.dossier.sources, ("dossier", "sources")))
        cited += [
            (d.sources, ("dossier", "documents", i, "sources"))
            for i, d in enumerate(rubric.dossier.documents)
        ]
    for ids, path in cited:
        for j, source_id in enumerate(ids):
            if source_id not in sources:
                yield _error(
                    "ref.unknown",
                    msg(
                        "no entry under 'sources' has the id {source_id!r}{hint}",
                        source_id=source_id,
                        hint=did_you_mean(source_id, sources)
                        or msg("; add it under sources: or fix the id"),
                    ),
                    (*path, j),
                )
    for i, fact in enumerate(rubric.facts):
        yield from _check_fact(fact, ("facts", i))
    yield from _check_cycles(nodes, by_id, [n.id for n in rubric.criteria])


def _check_shared_answers(
    nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node]
) -> Iterator[Problem]:
    """``answer_from`` names a leaf answered directly, whose answers this leaf can read."""
    for node, path, _ in nodes:
        source_id = node.answer_from
        if source_id is None:
            continue
        where = (*path, "answer_from")
        if node.rule is None:
            yield _error(
                "answer_from.group",
                msg(
                    "'answer_from' is for leaves; a group's score comes from its children, "
                    "remove it"
                ),
                where,
            )
            continue
        source = by_id.get(source_id)
        if source is None:
            yield _error(
                "ref.unknown",
                msg(
                    "no criterion has the id {source_id!r}{hint}",
                    source_id=source_id,
                    hint=did_you_mean(source_id, by_id),
                ),
                where,
            )
            continue
        if source.rule is None:
            yield _error(
                "ref.group",
                msg(
                    "{source_id!r} is a group and has no answer of its own; name a leaf",
                    source_id=source_id,
                ),
                where,
            )
            continue
        kind, source_kind = RULES[node.rule.kind], RULES[source.rule.kind]
        if source_id == node.id or source.answer_from is not None or source_kind.computed:
            yield _error(
                "answer_from.source",
                msg(
                    "{source_id!r} is not answered directly (it is this criterion, "
                    "computed, or reads another answer itself); name the criterion the "
                    "assessment answers",
                    source_id=source_id,
                ),
                where,
            )
            continue
        if kind.computed or kind is not source_kind:
            yield _error(
                "answer_from.kind",
                msg(
                    "this criterion reads the answer to {source_id!r}, so both need the "
                    "same rule kind (here {kind!r} and {kind2!r}); make them match",
                    source_id=source_id,
                    kind=node.rule.kind,
                    kind2=source.rule.kind,
                ),
                (*path, "rule", "kind"),
            )
        elif kind.shared is not None:
            yield from kind.shared(node.rule, source.rule, source_id, path)


#: the fields that say what a criterion was in the previous version (docs/versions.md)
LINEAGE_FIELDS = ("renamed_from", "replaces", "split_from")
#: ``carry:`` rules that combine the answers of several old criteria, and the answer type
#: the new criterion's rule must take for each
COMBINING_CARRIES = {"all": "flag", "any": "flag", "sum": "number"}


def _check_lineage(
    nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node]
) -> Iterator[Problem]:
    """What this rubric says became of the previous version's criteria fits together on its
    own (the old ids themselves are checked against the old rubric by ``tiercert migrate``
    and ``tiercert check --previous``)."""
    claims: dict[str, str] = {}  # old id -> the criterion that took it over whole
    split: dict[str, str] = {}  # old id -> a criterion split out of it
    for node, path, _ in nodes:
        declared = [name for name in LINEAGE_FIELDS if getattr(node, name) is not None]
        for name in declared[1:]:
            yield _error(
                "lineage.conflict",
                msg(
                    "a criterion is either renamed, merged ('replaces') or split; {node!r} "
                    "already has {declared!r}: keep one of them",
                    node=node.id,
                    declared=declared[0],
                ),
                (*path, name),
            )
        olds: list[tuple[str, Path, bool]] = []
        if node.renamed_from is not None:
            olds.append((node.renamed_from, (*path, "renamed_from"), True))
        for j, old in enumerate(node.replaces or []):
            olds.append((old, (*path, "replaces", j), True))
        if node.split_from is not None:
            olds.append((node.split_from, (*path, "split_from"), False))
        seen: set[str] = set()
        for old, where, whole in olds:
            if old in seen:
                yield _error(
                    "lineage.duplicate",
                    msg("{old!r} is listed twice; list each old criterion once", old=old),
                    where,
                )
                continue
            seen.add(old)
            if whole and old in by_id:
                yield _error(
                    "lineage.kept",
                    msg(
                        "{old!r} is still a criterion of this rubric, and its answers stay "
                        "with it; name an id of the previous version that this one no longer "
                        "has",
                        old=old,
                    ),
                    where,
                )
                continue
            taken = claims.get(old) or (split.get(old) if whole else None)
            if taken is not None and taken != node.id:
                yield _error(
                    "lineage.claimed",
                    msg(
                        "{old!r} already became {taken!r}; an old criterion is renamed or "
                        "merged into one criterion only (split it with 'split_from' on each "
                        "part)",
                        old=old,
                        taken=taken,
                    ),
                    where,
                )
                continue
            (claims if whole else split)[old] = node.id
        yield from _check_carry(node, path)


def _check_lifecycle(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node]
) -> Iterator[Problem]:
    """Future criteria (``status: future``, ``counts_from``) say when they count, in a form
    that can be compared, and what depends on them is told it waits (docs/versions.md)."""
    version = rubric.version
    for node, path, _ in nodes:
        counts_from = node.counts_from
        if node.status != "future":
            if counts_from is not None:
                yield problem_of(
                    "lifecycle.status",
                    "'counts_from' says when a future criterion starts to count, but "
                    "{criterion!r} is not marked future; add 'status: future', or remove "
                    "'counts_from'",
                    (*path, "counts_from"),
                    criterion=node.id,
                )
            continue
        if counts_from is None:
            yield problem_of(
                "lifecycle.counts_from",
                "{criterion!r} is marked 'status: future' but does not say when it starts to "
                "count; add 'counts_from:' with a rubric version (2.0) or an ISO date "
                "(2027-01-01)",
                (*path, "status"),
                criterion=node.id,
            )
        elif forms := iso_forms(counts_from):
            yield problem_of(
                "lifecycle.date",
                "{given!r} looks like a date, but 'counts_from' reads a date only when it is "
                "written year-month-day, and would read this as a version; write {iso}",
                (*path, "counts_from"),
                given=counts_from,
                iso=msg("{a} (or {b} if the month comes first)", a=forms[0], b=forms[1])
                if len(forms) > 1
                else forms[0],
            )
        elif looks_like_date(counts_from):
            if read_date(counts_from) is None:
                yield problem_of(
                    "lifecycle.date",
                    "{given!r} is not a date of the calendar; write an ISO date that exists, "
                    "year-month-day (2027-01-01)",
                    (*path, "counts_from"),
                    given=counts_from,
                )
        else:
            order = compare_versions(version, counts_from)
            if order is None:
                yield problem_of(
                    "lifecycle.version",
                    "the version {given!r} cannot be compared with this rubric's version "
                    "{version!r} (versions are compared part by part, and a number cannot "
                    "be compared with a text); write a version in the form of the rubric's, "
                    "or an ISO date (2027-01-01)",
                    (*path, "counts_from"),
                    given=counts_from,
                    version=version,
                )
            elif order >= 0:
                yield problem_of(
                    "lifecycle.reached",
                    "{criterion!r} counts from version {given!r}, which this version "
                    "({version!r}) has reached, so it counts already; remove 'status: "
                    "future' and 'counts_from'",
                    (*path, "counts_from"),
                    severity=Severity.WARNING,
                    criterion=node.id,
                    given=counts_from,
                    version=version,
                )
    groups: list[tuple[list[Node], Path, str]] = [(rubric.criteria, ("criteria",), "@criteria")]
    groups += [(n.children, (*p, "id"), n.id) for n, p, _ in nodes if n.children]
    for children, where, group_id in groups:
        base = [c for c in children if not (c.bonus or c.penalty)]
        if base and all(c.status == "future" for c in base):
            yield problem_of(
                "lifecycle.group",
                "every criterion of {group!r} is marked future, so until one counts the group "
                "would have nothing to score; mark the group itself 'status: future' (with "
                "'counts_from') instead",
                where,
                group=group_id,
            )
    # what may wait: future criteria not counting in this version without a day given (those
    # from a date, those from a later version), and what lies under them
    cycle = lifecycle(rubric.criteria, version, None)
    future = {node_id for node_id, (counts, _) in cycle.future.items() if not counts}
    if not future:
        return
    top = [n.id for n in rubric.criteria]
    context = CheckContext(by_id, {}, top, _no_checks, waiting=frozenset(future))
    for i, gate in enumerate(rubric.gates):
        for target in sorted(_named(gate.require, context) & future):
            yield problem_of(
                "lifecycle.gate",
                "the gate {gate!r} reads {criterion!r}, a future criterion (or one under a "
                "future group): the whole gate is not applied until it counts; split the gate "
                "if a part of it should apply now",
                ("gates", i, "require"),
                severity=Severity.WARNING,
                gate=gate.id,
                criterion=target,
            )
    for node, path, _ in nodes:
        condition = RULES[node.rule.kind].condition if node.rule is not None else None
        if condition is None or node.id in future:
            continue
        for target in sorted(_named(condition(node.rule), context) & future):
            yield problem_of(
                "lifecycle.reads",
                "{criterion!r} reads {target!r}, a future criterion (or one under a future "
                "group), and counts already: it reads it all the same; mark "
                "{criterion!r} 'status: future' too if it should wait",
                (*path, "rule"),
                severity=Severity.WARNING,
                criterion=node.id,
                target=target,
            )


def _named(condition: Condition, context: CheckContext) -> set[str]:
    """The criteria a condition reads: the answers and the scores it compares."""
    kind = kind_of(condition)
    assert kind is not None, condition
    found: set[str] = set()
    if kind.compares:
        target = getattr(condition, kind.key, None)
        if isinstance(target, str) and target in context.nodes:
            found.add(target)
    if kind.reads is not None:
        found |= kind.reads(condition, context, lambda inner: _named(inner, context))
    return found


def _check_carry(node: Node, path: Path) -> Iterator[Problem]:
    carry = node.carry
    where = (*path, "carry")
    if carry is None or carry in ("answer", "reassess"):
        return
    if isinstance(carry, str):
        if node.replaces is None:
            yield _error(
                "lineage.carry",
                msg(
                    "'carry: {carry}' combines the answers of several old criteria; it "
                    "needs 'replaces: [old ids]', or use 'answer' or 'reassess'",
                    carry=carry,
                ),
                where,
            )
            return
        wanted = COMBINING_CARRIES[carry]
        kind = RULES[node.rule.kind].answer if node.rule is not None else None
        if kind != wanted:
            what = msg("yes or no") if wanted == "flag" else msg("a number")
            yield _error(
                "lineage.carry",
                msg(
                    "'carry: {carry}' gives {what}, which this criterion's rule does not "
                    "take; use 'reassess', or give the criterion a rule answered with "
                    "{what}",
                    carry=carry,
                    what=what,
                ),
                where,
            )
        return
    if node.replaces is not None:
        yield _error(
            "lineage.carry",
            msg(
                "a mapping of old answers to new ones reads one old answer; with "
                "'replaces' use all, any, sum or reassess"
            ),
            where,
        )


def _check_fact(fact: Fact, path: Path) -> Iterator[Problem]:
    if fact.type == "choice" and not fact.options:
        yield _error(
            "fact.options", msg("a 'choice' fact needs 'options'; list the allowed values"), path
        )
    if fact.type != "choice" and fact.options:
        yield _warning(
            "fact.options", msg("'options' is only used by 'choice' facts; remove it"), path
        )
    # a YAML 12.000 or 1.500: twelve, or twelve thousand? (as the fact's answers, parse_fact)
    why = (
        whole_problem(fact.default)
        if fact.type == "integer"
        else grouped_problem(fact.default)
        if fact.type == "number"
        else None
    )
    if why is not None:
        yield _error(
            "fact.default",
            msg(
                "the default of this integer fact is written {default}; {why}",
                default=str(fact.default),
                why=why,
            )
            if fact.type == "integer"
            else msg(
                "the default of this number fact is written {default}; {why}",
                default=str(fact.default),
                why=why,
            ),
            (*path, "default"),
        )
    elif fact.default is not None and not _fits_fact(fact.type, fact.options, fact.default):
        wanted = {
            "boolean": msg("true or false"),
            "number": msg("a number"),
            "integer": msg("a whole number"),
            "text": msg("text"),
            "choice": msg("one of the options: {options}", options=", ".join(fact.options or [])),
        }[fact.type]
        yield _error(
            "fact.default",
            msg(
                "the default {default} does not fit this {type} fact; use {wanted}",
                default=shown(fact.default),
                type=fact.type,
                wanted=wanted,
            ),
            (*path, "default"),
        )


def _fits_fact(kind: FactType, options: list[str] | None, value: object) -> bool:
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and parse_bool(value) is not None)
    if kind == "number" or kind == "integer":
        if isinstance(value, bool) or not hasattr(value, "as_integer_ratio"):
            return False
        return kind == "number" or to_fraction(value).denominator == 1  # type: ignore[arg-type]
    if kind == "choice":
        return isinstance(value, str) and value in (options or [])
    if kind == "text":
        return isinstance(value, str)
    assert_never(kind)


def _check_condition(
    condition: Condition,
    path: Path,
    by_id: dict[str, Node],
    facts: dict[str, Fact],
    read: set[str],
    total: TotalSpan | None = None,
    *,
    top: Sequence[str],
    may_wait: Mapping[str, str],
) -> Iterator[Problem]:
    """The problems of ``condition``; the facts it reads itself (a ``fact`` condition, a
    ``{fact: ID}`` operand) added to ``read``.  ``total``: the total's span where the
    condition is decided once the total is known (a gate's), None where it is not (a
    condition rule's, decided while the total is added up)."""
    kind = kind_of(condition)
    assert kind is not None, condition
    for name, value in vars(condition).items():
        if name == "fact" and isinstance(value, str):
            read.add(value)
        elif isinstance(getattr(value, "fact", None), str):  # an operand taken from a fact
            read.add(value.fact)
    context = CheckContext(  # top: the criteria an ``each_child_of: "@criteria"`` reads
        by_id,
        facts,
        top,
        lambda inner, where: _check_condition(
            inner, where, by_id, facts, read, total, top=top, may_wait=may_wait
        ),
        total,
        may_wait=may_wait,
    )
    yield from kind.check(condition, path, context)
    if isinstance(condition, Comparison):  # a value taken from a fact: any comparison's
        yield from operand_facts_fit(condition, path, facts)


def _check_cycles(
    nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node], top: list[str]
) -> Iterator[Problem]:
    """A 'condition' rule may not depend (through scores) on its own result."""
    depends: dict[str, set[str]] = {}
    for node, _, _ in nodes:
        deps: set[str] = {c.id for c in node.children or []}
        condition = RULES[node.rule.kind].condition if node.rule is not None else None
        if condition is not None:
            deps |= _referenced_nodes(condition(node.rule), by_id, top)
        depends[node.id] = deps
    paths = {node.id: path for node, path, _ in nodes}
    rules = {node.id: node.rule is not None for node, _, _ in nodes}
    state: dict[str, int] = {}
    for start in depends:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(depends[start])))]
        state[start] = 1
        while stack:
            current, children = stack[-1]
            nxt = next(children, None)
            if nxt is None:
                state[current] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                loop = (
                    msg("its own score")
                    if nxt == current
                    else msg(
                        "{nxt!r}, which (directly or through other criteria) depends back on "
                        "{current!r}",
                        nxt=nxt,
                        current=current,
                    )
                )
                yield _error(
                    "ref.cycle",
                    msg(
                        "{current!r} depends on {loop}; a condition cannot use its own score, "
                        "so refer to other criteria",
                        current=current,
                        loop=loop,
                    ),
                    (*paths[current], "rule") if rules.get(current) else (*paths[current], "id"),
                )
            elif not state.get(nxt) and nxt in depends:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(depends[nxt]))))


def _referenced_nodes(condition: Condition, by_id: dict[str, Node], top: list[str]) -> set[str]:
    """The criteria whose scores a condition reads."""
    kind = kind_of(condition)
    assert kind is not None, condition
    if kind.reads is None:
        return set()
    context = CheckContext(by_id, {}, top, _no_checks)
    return kind.reads(condition, context, lambda inner: _referenced_nodes(inner, by_id, top))


def _no_checks(condition: Condition, path: Path) -> Iterator[Problem]:
    return iter(())


# --- tiers ------------------------------------------------------------------------------------


def _check_tiers(rubric: RubricSpec, by_id: dict[str, Node]) -> Iterator[Problem]:
    if not rubric.tiers and "tiers" not in written_fields(rubric):
        # 'tiers: []' says the rubric only scores; leaving the key out may be an oversight
        yield problem_of(
            "tiers.none",
            "the rubric has no tiers, so no unit is awarded a tier; add tiers under 'tiers:', "
            "or write 'tiers: []' to say the rubric only scores",
            (),
            severity=Severity.WARNING,
        )
    base = node_max_of_rubric(rubric)
    top = base + bonus_max(rubric, rubric.criteria) if base is not None else None
    previous = None
    for i, tier in enumerate(rubric.tiers):
        path: Path = ("tiers", i)
        minimum = to_fraction(tier.min)
        if minimum < 0 or (top is not None and minimum > top):
            yield _error(
                "tier.range",
                msg(
                    "the minimum {minimum} is outside 0..{value}, the points a unit can "
                    "score; lower 'min' (or raise the criteria's points)",
                    minimum=number_words(minimum),
                    value=number_words(top or ZERO),
                ),
                (*path, "min"),
            )
        if previous is not None:
            if tier.rank <= previous.rank:
                yield _error(
                    "tier.rank",
                    msg(
                        "ranks must increase down the list (1 = lowest): {rank} follows "
                        "{rank2}; give this tier a rank above {rank2}",
                        rank=tier.rank,
                        rank2=previous.rank,
                    ),
                    (*path, "rank"),
                )
            if minimum < to_fraction(previous.min):
                yield _error(
                    "tier.order",
                    msg(
                        "the minimum {min} is below the previous tier's {min2}; list tiers "
                        "from lowest to highest with increasing minimums",
                        min=number_words(tier.min),
                        min2=number_words(previous.min),
                    ),
                    (*path, "min"),
                )
            elif minimum == to_fraction(previous.min) and not any(
                g.tiers and tier.id in g.tiers for g in rubric.gates
            ):
                yield _error(
                    "tier.order",
                    msg(
                        "the minimum {min} equals the previous tier's and no gate tells them "
                        "apart; raise 'min' or add a gate for this tier",
                        min=number_words(tier.min),
                    ),
                    (*path, "min"),
                )
        elif tier.rank != 1:
            yield _warning(
                "tier.rank",
                msg("the lowest tier usually has rank 1; give it rank 1"),
                (*path, "rank"),
            )
        previous = tier
    span = total_span(rubric)
    for i, gate in enumerate(rubric.gates):
        if _never(gate.require, by_id, span, [n.id for n in rubric.criteria], may_wait(rubric)):
            names = gate.tiers or [t.id for t in rubric.tiers]
            blocked = (
                msg(", so no unit can reach: {names}", names=", ".join(names)) if names else ""
            )
            yield _error(
                "tier.unreachable",
                msg("this gate can never pass{blocked}; fix the condition", blocked=blocked),
                ("gates", i, "require"),
            )


def written_fields(part: object) -> set[str]:
    """The fields written in the document ``part`` was read from (a model's or a light
    object's fields set); every field for a part built otherwise."""
    written = getattr(part, "__pydantic_fields_set__", None)
    return set(written) if written is not None else set(getattr(part, "__dict__", ()))


def node_max_of_rubric(rubric: RubricSpec) -> Fraction | None:
    if rubric.max is not None:
        return to_fraction(rubric.max)
    return children_max(rubric, rubric.criteria)


def may_wait(rubric: RubricSpec) -> dict[str, str]:
    """The criteria that may wait to count in this version (see ``CheckContext.may_wait``),
    each with the ``counts_from`` it waits for."""
    cycle = lifecycle(rubric.criteria, rubric.version, None)
    return {node_id: when for node_id, (counts, when) in cycle.future.items() if not counts}


def _never(
    condition: Condition,
    by_id: dict[str, Node],
    total: TotalSpan,
    top: Sequence[str],
    waits: Mapping[str, str],
) -> bool:
    """Whether a gate's condition can never hold (``total``: the rubric's total's span;
    ``top``: the top-level criteria; ``waits``: the criteria that may wait to count)."""
    kind = kind_of(condition)
    assert kind is not None, condition
    if isinstance(condition, Comparison) and contradiction(condition) is not None:
        return True  # operators no value passes together, whatever the comparison reads
    if kind.never is None:
        return False
    context = CheckContext(by_id, {}, top, _no_checks, total, may_wait=waits)
    return kind.never(condition, context, lambda inner: _never(inner, by_id, total, top, waits))


def total_span(rubric: RubricSpec) -> TotalSpan:
    """The rubric's total as gates compare it: its maximum without bonus points and with them
    (None when a maximum is not known)."""
    base = node_max_of_rubric(rubric)
    if base is None:
        return TotalSpan(None, None)
    top = base + bonus_max(rubric, rubric.criteria)
    return TotalSpan(base, top, waiting_max(rubric, rubric.criteria))
