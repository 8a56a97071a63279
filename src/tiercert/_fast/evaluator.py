"""The compiled evaluator at run time: the generated scorers compiled on first use, and the
results built from what they return (with the reference's own functions for anything unusual).
"""

from __future__ import annotations

import _thread  # (not threading, a cold start's cost: the same locks)
import os
import re
import sys
import weakref
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import MISSING as MISSING_FIELD
from dataclasses import fields, replace
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, NamedTuple, cast

from tiercert._compile import (
    GroupPlan,
    LeafPlan,
    NodePlan,
    Plan,
    RoundSpec,
    answerable,
    descendants,
)
from tiercert._evidence import (
    lacking_detail,
)
from tiercert._kinds import ROOT_ID, Value
from tiercert._literals import BOOLEAN_WORDS, dot_grouped, parse_bool
from tiercert._numbers import HUNDRED
from tiercert._reference import (
    Answer,
    Inputs,
    RubricInfo,
    explain_failures,
    finish_group,
    finish_leaf,
    parse_fact,
    percentage_of,
    read_direct,
    read_leaf,
    score_answer,
    tell_counted,
    tell_future,
    tell_penalties,
    waiting_gates,
)
from tiercert._yaml import paused_collector
from tiercert.conditions._total import compares_total
from tiercert.result import (
    GateResult,
    NextTier,
    NodeResult,
    Result,
    TierRef,
    Verdict,
    points_needed,
)

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never
from tiercert._fast.codegen import (
    ALWAYS_ASKED,
    FINE_PLACES,
    NEVER_CUT,
    CountedSpec,
    Generator,
    NodeKey,
    TypedReadings,
    choices_of,
    evidence_reader,
    fine_places,
    node_keys,
    points_for,
    referenced,
    scale_places,
    write_nodes,
)
from tiercert._fast.counted import GroupCounts
from tiercert._fast.numbers import (
    EXACTS,
    EXCLUDED,
    FLOATS,
    HIT,
    IMAGES,
    MISSING,
    WHOLE,
    Fallback,
    Numbers,
    Scaled,
    Unsupported,
    compare_decimal,
    norm,
    read_compared,
    read_decimal,
    read_remembered,
    small,
)
from tiercert._fast.rows import RowLayout, RowScorer
from tiercert._fast.tables import SMALLEST_LOOP, TABLES_FROM, fetched, owners


def _maker(cls: type[Any]) -> Callable[..., Any]:
    """``cls(*fields)`` without a frozen dataclass's ``__init__`` (it costs twice as much).

    A twin class with the same slots stores the fields as plain attributes (what ``__init__``
    does through ``object.__setattr__``), then becomes ``cls`` (``__class__`` may change
    between classes of the same layout): the object is then exactly what ``cls(...)`` makes,
    for a third of the time.  A class with ``__post_init__`` (or without slots) is called as
    usual.  The names in the code are the class's own field names (identifiers).
    """
    names = [f.name for f in fields(cls)]
    if hasattr(cls, "__post_init__") or getattr(cls, "__slots__", None) is None:
        return cls
    if not all(f.init for f in fields(cls)) or not all(n.isidentifier() for n in names):
        return cls
    # a field with a plain default may be left out, as with ``__init__``
    defaults = {i: f.default for i, f in enumerate(fields(cls)) if f.default is not MISSING_FIELD}
    params = ", ".join(f"p{i}=D{i}" if i in defaults else f"p{i}" for i in range(len(names)))
    body = "".join(f"        self.{name} = p{i}\n" for i, name in enumerate(names))
    code = (
        f"class Twin:\n    __slots__ = _slots\n    def __init__(self, {params}):\n{body}"
        "        self.__class__ = _cls\n"
    )
    namespace: dict[str, Any] = {
        "__builtins__": {"__build_class__": __build_class__, "__name__": "tiercert"},
        "__name__": "tiercert._fast.evaluator",
        "_cls": cls,
        "_slots": tuple(cls.__slots__),
    }
    namespace.update({f"D{i}": value for i, value in defaults.items()})
    exec(compile(code, f"<tiercert {cls.__name__} maker>", "exec"), namespace)
    twin = namespace["Twin"]
    try:  # the same layout (else: called as usual)
        object.__new__(twin).__class__ = cls
    except TypeError:  # pragma: no cover - a layout the twin does not share
        return cls
    return cast(Callable[..., Any], twin)


_new_node = _maker(NodeResult)

#: the fields of a :class:`Result` its outcome decides, in the order of
#: :meth:`FastEvaluator._outcome`
_OUTCOME = ("total", "percentage", "certified", "tier", "next_tier", "gates", "provisional")
#: the fields every result of a rubric repeats, in the order of ``FastEvaluator._constants``
_CONSTANT = ("rubric_id", "rubric_version", "fingerprint", "max", "bonus_max", "as_of")
# FastEvaluator.result sets each of these by name, the others as given
if {f.name for f in fields(Result)} != {*_OUTCOME, *_CONSTANT, "unit_id", "unit_name", "nodes"}:
    raise TypeError("Result's fields changed: FastEvaluator.result sets each")  # pragma: no cover


class _ResultTwin:
    """A class of :class:`Result`'s layout (its slots, nothing else): an instance made without
    ``__init__``, its slots set, then made a ``Result`` (``__class__`` may change between
    classes of the same layout) is exactly what ``Result(...)`` makes, for far less: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, and calling any
    ``__init__`` written in Python from a class call costs more than setting the slots."""

    __slots__ = Result.__slots__


def _results_order(plan: Plan, direct: frozenset[str]) -> list[str]:
    """The order in which the reference records node results (it decides ``provisional``)."""
    groups = [cast(GroupPlan, plan.nodes[group_id]) for group_id in direct]
    unscored = {node.id for group in groups for node in descendants(group)}
    order: list[str] = []
    done: set[str] = set()

    def visit(node: NodePlan) -> None:
        if node.id in done:
            return
        if isinstance(node, GroupPlan):
            if node.id not in direct:
                for child in node.children:
                    visit(child)
        elif node.when is not None:
            for target in referenced(node.when, plan):
                if target not in unscored:
                    visit(plan.nodes[target])
        done.add(node.id)
        if node.id != ROOT_ID:
            order.append(node.id)

    visit(plan.root)
    return order


def _bool_words() -> dict[str, bool]:
    """Exact spellings the reference reads as true or false (derived from it, not copied)."""
    words: dict[str, bool] = {}
    for word in BOOLEAN_WORDS:
        for variant in {word, word.upper(), word.capitalize(), word.title()}:
            value = parse_bool(variant)
            if value is not None:
                words[variant] = value
    return words


#: criteria above which a rubric gets no entry scorer (see FastEvaluator.__init__)
_ENTRY_LIMIT = 2_000
#: row scorers an evaluator keeps, one per sheet layout (see FastEvaluator.row_scorer): a
#: portal's forms, a dask frame's partitions, repeat a few layouts; a rubric of more nodes
#: than _ROW_SCORERS_LARGE keeps one (its row function alone takes megabytes)
_ROW_SCORERS_KEPT = 8
_ROW_SCORERS_LARGE = 1_000
#: where a generated text's next top-level function starts (see _run)
_TOP_DEF = re.compile(r"^(?=def )", re.MULTILINE)
#: decimal places every compiled scorer adds to the rubric's own: answers with a decimal or
#: two more than the rubric's numbers (a direct score of 7.25, 79.5% on a linear rule) stay
#: integers in its units instead of Fractions, which add up 20-50x slower
_FINER_PLACES = 4


_NODE_MEMO = 65_536
#: groups finished by the reference's code remembered per evaluator (each a few hundred bytes)
_FINISHED = 16_384


class _FullSource(NamedTuple):
    """The full scorers of a rubric, written (see FastEvaluator._full_written)."""

    #: the general scorer's generator and code, then the entry one's if there is one
    pair: list[tuple[Generator, str]]
    #: how the breakdown looks each node up, and its code (see write_nodes): for the usual
    #: result, and for one with answers the reference scored ("" without a breakdown)
    keys: list[NodeKey]
    nodes: str
    notes: str
    #: where each value is in the full scorer's output, by kind and node index
    positions: dict[tuple[str, int], int]


#: every evaluator alive, for :func:`forget_answers`
_EVALUATORS: weakref.WeakSet[FastEvaluator] = weakref.WeakSet()


#: held while an evaluator of finer places is made for a verdict (see _fine_verdict): making
#: one writes no code, its own lock guards its compiling
_MAKING_FINE = _thread.allocate_lock()


def _after_fork_in_child() -> None:
    """Fresh locks in a process forked while a thread held one (compiling a rubric): the
    child has no such thread, and would wait for it for ever; it compiles on its own."""
    global _MAKING_FINE
    _MAKING_FINE = _thread.allocate_lock()
    for evaluator in list(_EVALUATORS):
        evaluator._first_use = _thread.RLock()


if hasattr(os, "register_at_fork"):  # (not on Windows, which does not fork)
    os.register_at_fork(after_in_child=_after_fork_in_child)


def forget_answers() -> None:
    """:meth:`FastEvaluator.forget` for every evaluator alive (for measuring answers met for
    the first time)."""
    for evaluator in list(_EVALUATORS):
        evaluator.forget()


class Finer(Exception):
    """Raised by a verdict scorer's ``_finer()``: a score not whole at its scale (see
    ``Generator.share``); the scorer catches it and hands the assessment to a finer one."""


def _finer() -> Any:
    raise Finer


def _fine_verdict(
    plan: Plan, info: RubricInfo, made: list[FastEvaluator]
) -> Callable[..., Verdict]:
    """``_fine`` of the verdict scorers of ``plan``: the verdict of the scorers of
    :data:`FINE_PLACES` places, for an assessment with a score that is not whole at their
    scale (``_Finer``, see ``Generator.share``).  Their evaluator is made on first use (by one
    thread, see :data:`_MAKING_FINE`) and kept in ``made`` (it has memos of its own; not the
    evaluator itself: no cycle)."""

    def fine(
        answers: Mapping[str, object], facts: Mapping[str, object], mz: bool, st: dict[int, Any]
    ) -> Verdict:
        if not made:
            with _MAKING_FINE:
                if not made:
                    try:
                        made.append(FastEvaluator(plan, info, places=FINE_PLACES))
                    except (Unsupported, RecursionError, SyntaxError, MemoryError):
                        raise Fallback from None  # (as build says: the reference decides)
        return made[0].verdict_function(answers, facts, mz, st)

    return fine


def _always_fall_back(*args: object) -> Any:
    raise Fallback


def _not_generated(*args: object) -> Any:
    raise Fallback  # pragma: no cover - an evaluator for row scorers only is never called


class FastEvaluator:
    """The compiled scorers of one rubric, and the code that turns their output into results."""

    #: raised by :meth:`verdict` and :meth:`result` when the reference evaluator must decide
    fallback = Fallback

    def __init__(
        self,
        plan: Plan,
        info: RubricInfo,
        *,
        places: int | None = None,
        scorers: bool = True,
        tables: int | None = None,
        loops_from: int = SMALLEST_LOOP,
        shared: int | None = None,
    ) -> None:
        self.plan = plan
        self.info = info
        # ``places`` below the rubric's own only for measuring (0: Fractions wherever a number
        # has decimals, the alternative docs/performance.md compares against)
        # finer: the verdict scorers hand an assessment with a score that is not whole at
        # their scale to those of a second evaluator of FINE_PLACES places (see
        # Generator.share), made on first use; not when measuring at a scale given
        finer = places is None and scorers
        if places is None:  # (a direct score's answers: see fine_places)
            places = max(scale_places(plan) + _FINER_PLACES, fine_places(plan))
        finer = finer and places < FINE_PLACES
        #: the evaluator of FINE_PLACES places the verdict scorers hand over to, once made
        #: (see _fine_verdict)
        self._finer: list[FastEvaluator] = []
        #: the evaluator of FINE_PLACES places whose row scorers this one's hand over to,
        #: once made (see fine_rows)
        self._fine_rows: list[FastEvaluator] = []
        self.numbers = numbers = Numbers(places)
        self.order: list[NodePlan] = list(plan.nodes.values())
        self.index = {node.id: i for i, node in enumerate(self.order)}
        self.facts = list(plan.facts.values())
        self.tier_refs = [
            TierRef(t.id, t.rank, info.tier_labels.get(t.id, {}), t.certified, t.provisional)
            for t in plan.tiers
        ]
        self._helper_table = helpers = self._helpers()
        #: what people's typed answers read as, by criterion (see codegen.TypedReadings)
        self._readings: dict[str, TypedReadings] = {}
        #: held while code is written and compiled on first use (the scorers, the breakdowns,
        #: the evaluators of finer places): threads calling a fresh rubric at once wait for
        #: the one compiling it instead of each writing and compiling it again (as many
        #: copies of a large rubric's peak memory as threads), and never share a generator
        #: while it writes
        self._first_use = _thread.RLock()
        helpers["_fine"] = _fine_verdict(plan, info, self._finer)
        # ``tables``: the number of criteria from which the verdict scores them in loops over
        # tables, ``loops_from``: the fewest of one template in a loop (see _fast/tables.py;
        # lower only for testing that form on small rubrics)
        criteria = len(answerable(plan.root))
        tabled = criteria >= (TABLES_FROM if tables is None else tables)
        # ``shared``: the number of criteria from which criteria of one rule share their memos
        # and typed tables (see tables.owners), every scorer alike; as ``tables`` if not given
        owner = owners(plan) if (tabled if shared is None else criteria >= shared) else {}
        verdict_gen = Generator(
            plan,
            numbers,
            full=False,
            readings=self._readings,
            finer=finer,
            tables=tabled,
            loops_from=loops_from,
            owner=owner,
        )
        # without ``scorers`` (an evaluator only for row scorers) nothing more is generated;
        # a very large rubric gets only the general scorers: generating and compiling the
        # code costs more than the entry variant would ever save
        entry = len(plan.nodes) <= _ENTRY_LIMIT and scorers
        self._scorers, self._entry, self._owner = scorers, entry, owner
        self._verdict_gen, self._verdict_finer = verdict_gen, finer
        self._tabled, self._loops_from = tabled, loops_from
        #: the groups whose results say what their penalties took, inner groups first (as the
        #: reference tells them, when each group is finished)
        self._penalties = [
            node
            for node in (*reversed(plan.nodes.values()), plan.root)
            if isinstance(node, GroupPlan) and node.has_penalties
        ]
        #: the groups whose results may say what of their children's points counted
        self._leaving_out = [
            node
            for node in (*plan.nodes.values(), plan.root)
            if isinstance(node, GroupPlan) and node.cuts is not None
        ]
        breakdown = scorers and len(self.order) <= _ENTRY_LIMIT
        #: whether the generated breakdown is all a usual result needs (nothing to tell
        #: after; what counted of children's points it tells itself, see ``_counted``): it
        #: then gives the NodeResults alone, a tuple in the order of ``index``
        self._plain = breakdown and not self._penalties and not plan.future
        # the verdict's code is written and compiled on its first call (see _verdict_written),
        # the full scorer's code, and what reads its output, on the first full result (see
        # _full_written): a verdict never needs the full scorers, nor a row scorer either
        #: the generated scorer: ``(answers, facts, missing_is_zero, notes) -> Verdict``
        self.verdict_function: Callable[..., Verdict] = self._deferred(
            "verdict_function", lambda: self._verdict_written, helpers
        )
        self._full: Callable[..., tuple[Any, ...]] = self._deferred(
            "_full", lambda: self._full_written.pair, helpers
        )
        self.may_exclude = verdict_gen.may_exclude
        self._gate_passed = [
            GateResult(
                gate.id,
                True,
                gate.listed,
                (),
                gate.provisional,
            )
            for gate in plan.gates
        ]
        #: the results of the gates not applied yet (see :func:`waiting_gates`)
        self._waiting_gates = waiting_gates(plan)
        #: a result from its outcome, unit and nodes (what every result repeats in it)
        #: the fields every result of the rubric repeats, in the order of :data:`_CONSTANT`
        self._constants = (
            info.id, info.version, info.fingerprint, plan.root.max, plan.root.bonus_max,
            plan.as_of,
        )  # fmt: skip
        self._min_scaled = [numbers.scaled(t.min) for t in plan.tiers]
        self._percentages: dict[int, Fraction] = {}
        self._percent = HUNDRED / plan.root.max if plan.root.max else None
        self._orders: dict[frozenset[str], tuple[str, ...]] = {}
        self._gate_nodes = sorted(
            {t for gate in plan.gates for t in referenced(gate.when, plan)},
            key=self.index.__getitem__,
        )
        self._direct_groups = [
            node for node in self.order if isinstance(node, GroupPlan) and node.direct
        ]
        self._static: list[tuple[Any, ...]] | None = None
        self._node_memo: dict[tuple[Any, ...], NodeResult] = {}
        #: the generated breakdown of the usual result, its memos by node, and their size
        self._builder: Callable[..., Any] | None = None  # a tuple when ``_plain``, else a dict
        self._notes_builder: Callable[..., dict[str, NodeResult]] | None = None
        #: per node: its memo, the other (capped, lacking evidence, a float answer), and
        #: a Decimal answer's by its text (see write_nodes)
        self._memos: dict[int, tuple[dict[object, NodeResult], ...]] = {}
        self._memo_size = 0
        self._gates_end = 3 + len(plan.gates)
        self._explained: dict[tuple[Any, ...], tuple[GateResult, ...]] = {}
        self._outcomes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        #: the row scorers made, by layout and reading (see row_scorer), the oldest first
        self._row_scorers: dict[tuple[Any, ...], RowScorer | None] = {}
        self._row_scorers_kept = _ROW_SCORERS_KEPT if len(plan.nodes) <= _ROW_SCORERS_LARGE else 1
        _EVALUATORS.add(self)

    @cached_property
    def _verdict_written(self) -> list[tuple[Generator, str]]:
        """The verdict scorers' code (the general one, then the entry one if there is one),
        written on first use: a program that only scores rows (``tiercert batch``: the row
        scorers are written by generators of their own, see :class:`RowScorer`) never reads
        it, and writing it was a third of the batch command's start
        (docs/performance-history.md, fourteenth round).  A generator refusing it there
        (``Unsupported``) makes the verdict always fall back (see :meth:`_deferred`)."""
        gen = self._verdict_gen
        pair = [(gen, gen.write() if self._scorers else "")]
        if self._entry:
            entry = Generator(
                self.plan,
                self.numbers,
                full=False,
                entry=True,
                readings=self._readings,
                finer=self._verdict_finer,
                tables=self._tabled,
                loops_from=self._loops_from,
                owner=self._owner,
            )
            pair.append((entry, entry.write()))
        return pair

    @cached_property
    def _full_written(self) -> _FullSource:
        """The full scorers' code (the general one, then the entry one if there is one) and
        what reads their output, written on first use: writing them for a rubric of 10,000
        criteria took as long as its verdict's (docs/performance-history.md, thirteenth
        round), and a program that asks only for verdicts never reads them."""
        plan, numbers, scorers = self.plan, self.numbers, self._scorers
        full_gen = Generator(plan, numbers, full=True, readings=self._readings, owner=self._owner)
        pair = [(full_gen, full_gen.write() if scorers else "")]
        if self._entry:
            gen = Generator(
                plan, numbers, full=True, entry=True, readings=self._readings, owner=self._owner
            )
            pair.append((gen, gen.write()))
        keys = node_keys(full_gen) if scorers else []
        positions = {key: 3 + n for n, key in enumerate(full_gen.layout)}
        # the breakdowns of a plain rubric tell what counted themselves (the usual result's,
        # and that of a result with answers the reference scored)
        counted = self._counted_specs(positions) if self._plain else []
        nodes, notes = (
            (
                "\n".join(
                    write_nodes(
                        self.order,
                        keys,
                        notes=notes,
                        flat=self._plain and not notes,
                        counted=counted,
                    ).lines
                )
                + "\n"
                for notes in (False, True)
            )
            if scorers and len(self.order) <= _ENTRY_LIMIT
            else ("", "")
        )
        return _FullSource(pair, keys, nodes, notes, positions)

    def _counted_specs(self, positions: dict[tuple[str, int], int]) -> list[CountedSpec]:
        """What each group of ``_leaving_out`` tells in the breakdown (see write_nodes): its
        capped flag's position, unless its aggregate picks children (``top``, a ladder) or it
        is the root (no flag: always asked), or it may cut only when left out (none); its
        told children (base and bonus, not a penalty nor one waiting to count); and, when
        N/A may leave every base child out (``cuts.left_out``), the positions of the flags
        that say so together (its own, or the root's base children's)."""
        specs: list[CountedSpec] = []
        root = self.plan.root
        for group in self._leaving_out:
            cuts = group.cuts
            assert cuts is not None
            told = tuple(
                self.index[child.id]
                for child, is_penalty, waiting in zip(
                    group.children, group.penalty, group.waiting, strict=True
                )
                if not (is_penalty or waiting)
            )
            picks = group.aggregate.ladder or (group.top is not None and group.top < len(told))
            if not (cuts.base or cuts.bonus):
                at = NEVER_CUT
            elif picks or group is root:
                at = ALWAYS_ASKED
            else:
                at = positions["capped", self.index[group.id]]
            bare: tuple[int, ...] = ()
            if cuts.left_out:  # the root has no flag of its own: its base children's
                base = group.base_children if group is root else (group,)
                bare = tuple(positions["excluded", self.index[node.id]] for node in base)
            specs.append((at, told, bare))
        return specs

    @cached_property
    def _counted(self) -> list[GroupCounts]:
        """What each group of ``_leaving_out`` counted, for the breakdown's ``K<k>`` (made
        with the breakdown, on the first usual result)."""
        positions = self._positions
        counts: list[GroupCounts] = []
        for group in self._leaving_out:
            scores = [
                positions["score", self.index[child.id]]
                for child, is_penalty, waiting in zip(
                    group.children, group.penalty, group.waiting, strict=True
                )
                if not (is_penalty or waiting)
            ]
            at = None if group is self.plan.root else positions["capped", self.index[group.id]]
            groups = len(self._leaving_out)
            counts.append(GroupCounts(group, self.numbers, scores, at, groups, make=_new_node))
        return counts

    @cached_property
    def source(self) -> str:
        """The generated source, for reading and debugging (``print(evaluator.source)``):
        the verdict scorers, the full ones and the breakdowns (the full scorers written now
        if they were not yet)."""
        with self._first_use:  # (not while a thread writes them)
            written = self._full_written
            sources = [code for _, code in self._verdict_written]
        sources += [code for _, code in written.pair]
        sources += [written.nodes, written.notes] if written.nodes else []
        return "\n\n".join(sources)

    @cached_property
    def _node_keys(self) -> list[NodeKey]:
        """How the generated breakdown looks each node up (see write_nodes)."""
        return self._full_written.keys

    @cached_property
    def _nodes_code(self) -> str:
        """The generated breakdown of the usual result ("" when there is none)."""
        return self._full_written.nodes

    @cached_property
    def _notes_code(self) -> str:
        """The generated breakdown of a result with answers the reference scored."""
        return self._full_written.notes

    @cached_property
    def _positions(self) -> dict[tuple[str, int], int]:
        """Where each value is in the full scorer's output, by kind and node index."""
        return self._full_written.positions

    @cached_property
    def _gates_read(self) -> list[int]:
        """What a gate's explanation depends on, by position in the full scorer's output."""
        gate_nodes = set(self._gate_nodes)
        # the total is the output's first value (a gate on the total reads it)
        found = [0] if any(compares_total(gate.when) for gate in self.plan.gates) else []
        return found + [
            at
            for (kind, i), at in self._positions.items()
            if kind in ("answer", "fact", "excluded")
            or (kind == "score" and self.order[i].id in gate_nodes)
        ]

    def forget(self) -> None:
        """Empty what this evaluator remembers of answers (the points of texts, Decimals and
        floats; NodeResults; what the reference made of unusual answers): the next answers
        are met as for the first time.  For measuring; results never depend on it."""
        self.numbers.forget()
        for finer in (*self._finer, *self._fine_rows):
            finer.forget()
        for readings in self._readings.values():
            readings.clear()
        self._evidence_known.clear()
        for by_text in self._evidence_alone:
            by_text.clear()
        self._scored.clear()
        self._node_memo.clear()
        for memos in self._memos.values():
            for memo in memos:
                memo.clear()
        self._memo_size = 0
        if "_counted" in self.__dict__:  # made
            for counts in self._counted:
                counts.forget()
        self._row_scorers.clear()  # their memos with them

    def _compile(self, code: str, gen: Generator, helpers: dict[str, object]) -> Callable[..., Any]:
        name = "full" if gen.full else "verdict"
        if not code:  # not generated (see ``scorers``): never called
            return _not_generated
        return cast(Callable[..., Any], self._run(code, gen, helpers, name)[name])

    def _deferred(
        self,
        attribute: str,
        pair: Callable[[], list[tuple[Generator, str]]],
        helpers: dict[str, object],
    ) -> Callable[..., Any]:
        """A stand-in for a scorer that compiles it on its first call and puts it in place.

        ``pair()`` is the general scorer's code, then the entry scorer's if there is one (it
        hands unusual input to the general one), written then if it was not yet.  Should
        writing or compiling fail after all, the stand-in always falls back: the reference
        evaluator then decides, as it would have.
        """
        compiled: list[Callable[..., Any]] = []

        def first_call(*args: Any) -> Any:
            if not compiled:
                with self._first_use:  # one thread compiles; the others wait, then use it
                    if not compiled:
                        try:
                            # writing (the full scorers, on their first call) and compiling a
                            # large scorer make many objects
                            with paused_collector():
                                (gen, code), *entry = pair()
                                scorer = self._compile(code, gen, helpers)
                                for gen, code in entry:
                                    scorer = self._compile(
                                        code, gen, {**helpers, "_general": scorer}
                                    )
                        except (Unsupported, RecursionError, SyntaxError, MemoryError):
                            scorer = _always_fall_back
                        compiled.append(scorer)
                        setattr(self, attribute, scorer)
            return compiled[0](*args)

        return first_call

    def _run(
        self, code: str, gen: Generator, helpers: dict[str, object], name: str
    ) -> dict[str, Any]:
        """The namespace generated ``code`` leaves (see the module docstring: safety)."""
        namespace: dict[str, Any] = {
            "__builtins__": {
                "len": len,
                "int": int,
                "str": str,
                "TypeError": TypeError,
                "KeyError": KeyError,
            }
        }
        namespace.update(helpers)
        namespace.update(gen.src.namespace)
        # one top-level function at a time: a large full scorer is written as parts (see
        # _fast/chunks.py), and compiling the text at once would hold every part's tree
        for piece in _TOP_DEF.split(code):
            if piece:
                exec(compile(piece, f"<tiercert scorer {self.info.id}:{name}>", "exec"), namespace)
        return namespace

    def fine_rows(self) -> FastEvaluator | None:
        """The evaluator of :data:`FINE_PLACES` places for row scorers only (no verdict or
        full scorers written), made on first use and kept; None when this one has that scale
        already or one cannot be made.  A row scorer whose code has a share that is not whole
        at this scale (``Generator.share``: a ``linear`` share of an answer with more places
        than the scale) is made from it instead, where the share of an answer of up to about
        20 places, or of a float, is whole: its sums stay integers, not ``Fraction``s."""
        if self.numbers.places >= FINE_PLACES:
            return None
        if not self._fine_rows:
            with self._first_use:
                if not self._fine_rows:
                    try:
                        fine = FastEvaluator(
                            self.plan, self.info, places=FINE_PLACES, scorers=False
                        )
                    except (Unsupported, RecursionError, SyntaxError, MemoryError):
                        return None
                    self._fine_rows.append(fine)
        return self._fine_rows[0]

    def row_scorer(
        self,
        layout: RowLayout,
        missing_is_zero: bool,
        *,
        is_empty: Callable[[object], bool],
        cell_value: Callable[[object], object],
    ) -> RowScorer | None:
        """The row scorer for sheets laid out as ``layout`` (None when only the usual path can
        score them).  ``is_empty`` and ``cell_value`` say what a cell means: no answer, or the
        value the engine reads (the batch's own rules, see :mod:`tiercert.batch`).

        Made once per layout and kept (the last few, see :data:`_ROW_SCORERS_KEPT`): writing
        and compiling one costs some hundred full results, which a caller scoring a record
        at a time (``score_records`` of a portal's one form) paid on every call.  Threads
        asking for a new one at once wait for the one making it; then they share it (its
        memos are dictionaries, each change of them one operation)."""
        key = (layout.key(), missing_is_zero, is_empty, cell_value)
        kept = self._row_scorers
        try:
            return kept[key]
        except KeyError:
            pass
        with self._first_use:  # one thread writes and compiles it; the others wait for it
            try:
                return kept[key]
            except KeyError:
                pass
            scorer: RowScorer | None
            try:
                scorer = RowScorer(self, layout, missing_is_zero, is_empty, cell_value)
            except (Unsupported, RecursionError, SyntaxError, MemoryError):
                scorer = None
            if len(kept) >= self._row_scorers_kept:
                del kept[next(iter(kept))]
            kept[key] = scorer
            return scorer

    # helpers the generated code calls

    def _helpers(self) -> dict[str, object]:
        plan, numbers, order, facts = self.plan, self.numbers, self.order, self.facts
        scaled_groups: dict[int, GroupPlan] = {}
        for i, node in [(-1, plan.root), *enumerate(order)]:
            if isinstance(node, GroupPlan):
                scaled_groups[i] = replace(
                    node,
                    max=Fraction(numbers.scaled(node.max)),
                    bonus_max=Fraction(numbers.scaled(node.bonus_max)),
                    incomplete_cap=(
                        Fraction(numbers.scaled(node.incomplete_cap))
                        if node.incomplete_cap is not None
                        else None
                    ),
                    bonus_cap=(
                        Fraction(numbers.scaled(node.bonus_cap))
                        if node.bonus_cap is not None
                        else None
                    ),
                    penalty_cap=(
                        Fraction(numbers.scaled(node.penalty_cap))
                        if node.penalty_cap is not None
                        else None
                    ),
                )

        words = _bool_words()
        plain_booleans = {
            i: (
                numbers.scaled(finish_leaf(leaf, points_for(leaf, False))),
                numbers.scaled(finish_leaf(leaf, points_for(leaf, True))),
            )
            for i, leaf in enumerate(order)
            if isinstance(leaf, LeafPlan) and leaf.kind.answer == "flag" and not leaf.evidence
        }

        def one(i: int, raw: object, missing_is_zero: bool) -> tuple[Any, Any, NodeResult]:
            """The reference's reading and scoring of one criterion's answer: (scaled score or
            EXCLUDED, the answer's value, its node result); Fallback for a problem."""
            leaf = cast(LeafPlan, order[i])
            source = cast(LeafPlan, plan.nodes[leaf.answer_from]) if leaf.answer_from else leaf
            answer: Answer | None
            if raw is MISSING:
                if leaf.answer_from is None and not missing_is_zero:
                    raise Fallback
                answer = None
            else:
                if raw is None:
                    raise Fallback
                scratch = Inputs({}, {}, {})
                readers = plan.readers.get(source.id, ())
                path = ("answers", source.id)
                if read_leaf(source, raw, path, scratch, readers) is not None:
                    raise Fallback
                answer = scratch.leaves[source.id]
            score, result = score_answer(plan, leaf, answer)
            value = answer.value if answer is not None else None
            return (EXCLUDED if score is None else numbers.scaled(score)), value, result

        # what the reference made of an unusual answer (a word, a level id as typed, N/A, an
        # evidence mapping...), by criterion and answer: its reading and scoring of one
        # answer is a pure function of them, and its NodeResult is immutable
        scored: dict[tuple[Any, ...], tuple[Any, Any, NodeResult]] = {}

        def slow(i: int, raw: object, missing_is_zero: bool, notes: dict[int, Any]) -> Any:
            if i in plain_booleans and raw.__class__ is str and raw in words:
                flag = words[raw]  # "yes", "không"... as the reference reads them
                return plain_booleans[i][flag], flag
            if raw is MISSING and missing_is_zero and cast(LeafPlan, order[i]).answer_from is None:
                notes[-1] = notes.get(-1, 0) + 1  # answers not given: for the count check
            key = _answer_key(i, raw, missing_is_zero)
            found = scored.get(key) if key is not None else None
            if found is None:
                found = one(i, raw, missing_is_zero)  # Fallback for a problem: not kept
                if key is not None and len(scored) < _FINISHED:
                    scored[key] = found
            score, value, notes[i] = found
            return score, value

        #: the evidence bits of justifications and URLs met (see evidence_reader)
        self._evidence_known: dict[tuple[Any, ...], int] = {}
        #: and of mappings of two keys, by their justification, by their URL
        self._evidence_alone: tuple[dict[str, int], dict[str, int]] = ({}, {})
        evidence = evidence_reader(plan.evidence_rules, self._evidence_known, self._evidence_alone)

        def direct(i: int, raw: object) -> Scaled:
            group = cast(GroupPlan, order[i])
            scratch = Inputs({}, {}, {})
            if raw is None or read_direct(group, raw, ("answers", group.id), scratch):
                raise Fallback
            return numbers.scaled(scratch.direct[group.id])

        number = read_remembered

        def fact(j: int, raw: object) -> object:
            spec = facts[j]
            value: object
            if raw is MISSING:
                if spec.default is None:
                    raise Fallback
                value = spec.default
            elif raw is None or (isinstance(raw, str) and not raw.strip()):
                raise Fallback  # no value: the reference says so (or takes the default)
            else:
                value = parse_fact(spec, raw)
            if value is None:
                raise Fallback
            return norm(value) if isinstance(value, Fraction) else value

        def fraction(value: Scaled, denominator: int) -> Scaled:
            # value / denominator made from the integers (an int's are itself and 1): a
            # Fraction's division goes through the numbers ABCs
            found = Fraction(value.numerator, value.denominator * denominator)
            return found.numerator if found.denominator == 1 else found

        def rounded(value: Scaled, spec: RoundSpec | None) -> Scaled:
            value = norm(value)
            return value if spec is None else numbers.round(value, *spec)

        finished: dict[tuple[Any, ...], tuple[Any, bool]] = {}

        def group(
            key: int,
            base: list[tuple[Scaled, Scaled, int]],
            bonus: Scaled,
            penalty: Scaled = 0,
        ) -> Any:
            # a pure function of plain values: units answered alike (N/A in the same places)
            # are finished once
            memo_key = (key, bonus, penalty, *base)
            found = finished.get(memo_key)
            if found is not None:
                return found
            plan = scaled_groups[key]
            weights = plan.weights
            children = [(score, most, weights[at]) for score, most, at in base]
            total, capped = finish_group(plan, children, bonus, rounded, penalty)
            found = (EXCLUDED if total is None else total), capped
            if len(finished) < _FINISHED:
                finished[memo_key] = found
            return found

        # for the row scorers (see RowScorer), which read cells instead of answers
        self._score_one, self._read_direct, self._read_fact = one, direct, fact
        self._scored = scored
        helpers: dict[str, object] = {
            "_M": MISSING,
            "_EX": EXCLUDED,
            "_Fallback": Fallback,
            "_Finer": Finer,
            "_finer": _finer,
            "_slow": slow,
            "_direct": direct,
            "_evd": evidence,
            "_EVK": self._evidence_known,
            "_EVJ": self._evidence_alone[0],
            "_EVU": self._evidence_alone[1],
            "_D": dict,
            # type(x) is C, not x.__class__ is C, where answers of several types meet: CPython
            # specialises a call of type() whatever x is, not the attribute of varied types
            "_T": type,
            "_num": number,
            "_cmp": read_compared,
            "_DCMP": compare_decimal,
            "_RDEC": read_decimal,
            "_IMGS": IMAGES,
            "_EXA": EXACTS.get,
            "_DOTG": dot_grouped,
            "_FLO": FLOATS.get,
            "_Dec": Decimal,
            "_Fl": float,
            "_Str": str,
            "_fact": fact,
            "_frac": fraction,
            "_group": group,
            "_round": numbers.round,
            "_rq": numbers.round_ratio,
            "_nat": numbers.natural,
            "_NATS": numbers.naturals,
            "_V": Verdict,
            "_mk": tuple.__new__,
            "_BOOLWORDS": _bool_words(),
            "_HIT": HIT,
            "_small": small,
            "_fetch": fetched,
        }
        for t, ref in enumerate(self.tier_refs):
            helpers[f"TR{t}"] = ref
        return helpers

    # entry points

    def verdict(
        self, answers: Mapping[str, object], facts: Mapping[str, object], missing_is_zero: bool
    ) -> Verdict:
        """(total, certified, tier); raises :class:`Fallback` when the reference must decide."""
        return self.verdict_function(answers, facts, missing_is_zero, {})

    def result(
        self,
        answers: Mapping[str, object],
        facts: Mapping[str, object],
        missing_is_zero: bool,
        unit_id: str | None,
        unit_name: str | None,
    ) -> Result:
        """The full :class:`Result`, equal to the reference's; raises :class:`Fallback`."""
        notes: dict[int, NodeResult] = {}
        out = self._full(answers, facts, missing_is_zero, notes)
        total, end = out[0], self._gates_end
        # total, reached tier, whether a group was scored directly, the gates (they come
        # first in the layout); a Fraction total by its two integers (hashing a Fraction
        # costs a modular inverse)
        key = (
            out[:end]
            if total.__class__ is int
            else (out[1], out[3:end], total.numerator, total.denominator)
        )
        outcome = self._outcomes.get(key)
        if outcome is None:
            outcome = self._outcome(total, out[1], out[3:end])
            if len(self._outcomes) < 4096:
                self._outcomes[key] = outcome
        if outcome[5] is None or out[2]:  # a gate failed, or a group was scored directly
            outcome = self._told(out, outcome)
        made: Any = _ResultTwin()  # see _ResultTwin
        if notes or out[2] or not self._plain:
            made.nodes = _Nodes(self, out, notes)
        else:  # the usual result: a tuple, built late
            made.nodes = flat = _FlatNodes()
            flat._evaluator = self
            flat._out = out
            flat._values = None
        (
            made.total, made.percentage, made.certified, made.tier, made.next_tier, made.gates,
            made.provisional,
        ) = outcome  # fmt: skip
        (
            made.rubric_id, made.rubric_version, made.fingerprint, made.max, made.bonus_max,
            made.as_of,
        ) = self._constants  # fmt: skip
        made.unit_id = unit_id
        made.unit_name = unit_name
        made.__class__ = Result
        result: Result = made  # (no call of ``cast``: a function written in Python)
        return result

    def _told(self, out: tuple[Any, ...], outcome: tuple[Any, ...]) -> tuple[Any, ...]:
        """``outcome`` with what it does not decide: the gates' reasons when one failed, and
        what is provisional when a group was scored directly (it hides criteria)."""
        total, percentage, certified, tier, next_tier, gates, provisional = outcome
        if gates is None:
            gates = self._failed_gates(out, out[3 : self._gates_end]) + self._waiting_gates
            if next_tier is not None and self._gates_read[:1] == [0]:  # a gate reads the total
                # what the next tier lacks may be a gate's total, by the unit's facts
                needed = points_needed(next_tier.tier.id, next_tier.min, total, gates)
                if needed != next_tier.points_needed:
                    next_tier = NextTier(
                        next_tier.tier, next_tier.min, needed, next_tier.blocking_gates
                    )
        if out[2]:
            provisional = self._provisional(out, out[1])
        return (total, percentage, certified, tier, next_tier, gates, provisional)

    def _outcome(self, total: Scaled, reached: int, passed: tuple[bool, ...]) -> tuple[Any, ...]:
        """What a result's total, reached tier and gate verdicts decide (cached by them)."""
        plan = self.plan
        next_tier = None
        following = reached + 1
        if following < len(plan.tiers):
            tier_id = plan.tiers[following].id
            blocking = tuple(
                gate.id
                for gate, ok in zip(plan.gates, passed, strict=True)
                if not ok and (gate.tiers is None or tier_id in gate.tiers)
            )
            gap = self._min_scaled[following] - total
            next_tier = NextTier(
                self.tier_refs[following],
                plan.tiers[following].min,
                self.numbers.natural(gap if gap > 0 else 0),
                blocking,
            )
        # every gate passed (and those not applied yet): else explained per result
        gates = (*self._gate_passed, *self._waiting_gates) if all(passed) else None
        provisional = self._provisional((None, None, False), reached)
        return (
            self.numbers.natural(total),
            self._percentage(total),
            reached >= 0 and plan.tiers[reached].certified,
            self.tier_refs[reached] if reached >= 0 else None,
            next_tier,
            gates,
            provisional,
        )

    def _failed_gates(
        self, out: tuple[Any, ...], passed: tuple[bool, ...]
    ) -> tuple[GateResult, ...]:
        """Every gate's result, the failed ones with the reference's reasons.  The reasons
        follow from what the gates read (scores, exclusions, answers, facts): explained once
        per combination of those, and remembered (the reference's explanation is slow)."""
        key: tuple[Any, ...] | None = None
        if not out[2]:  # no group scored directly (which hides criteria from the gates)
            key = (passed, *[out[p] for p in self._gates_read])
            try:
                known = self._explained.get(key)
            except TypeError:  # an unhashable value: not remembered
                key, known = None, None
            if known is not None:
                return known
        gates = self._explain_gates(out, passed)
        if key is not None and len(self._explained) < 4096:
            self._explained[key] = gates
        return gates

    def _explain_gates(
        self, out: tuple[Any, ...], passed: tuple[bool, ...]
    ) -> tuple[GateResult, ...]:
        failures = self._explain(out)
        return tuple(
            self._gate_passed[j]
            if ok
            else GateResult(
                gate.id,
                False,
                self._gate_passed[j].tiers,
                tuple(failures[gate.id][0]),
                gate.provisional,
                total_needed=failures[gate.id][1],
            )
            for j, (gate, ok) in enumerate(zip(self.plan.gates, passed, strict=True))
        )

    # pieces of the result

    def _percentage(self, total: Scaled) -> Fraction:
        whole = total if type(total) is int else None
        known = self._percentages.get(whole) if whole is not None else None
        if known is not None:
            return known
        plan = self.plan
        factor = self._percent
        if (
            whole is not None
            and factor is not None
            and factor.denominator == 1
            and plan.percentage_round is None
        ):
            # a maximum that divides 100 (100 itself, 50, 20...): the percentage stays scaled
            result = self.numbers.natural(whole * factor.numerator)
        else:
            result = percentage_of(plan, self.numbers.natural(total))
        if whole is not None and len(self._percentages) < 4096:
            self._percentages[whole] = result
        return result

    def _direct_given(self, out: tuple[Any, ...]) -> frozenset[str]:
        if not out[2]:  # no group was scored directly
            return frozenset()
        pos = self._positions
        return frozenset(
            g.id for g in self._direct_groups if out[pos["direct", self.index[g.id]]] is True
        )

    def _unscored(self, direct: frozenset[str]) -> set[str]:
        nodes = self.plan.nodes
        return {
            node.id for group_id in direct for node in descendants(cast(GroupPlan, nodes[group_id]))
        }

    def _provisional(self, out: tuple[Any, ...], reached: int) -> tuple[str, ...]:
        return self._provisional_for(self._direct_given(out), reached)

    def _provisional_for(self, direct: frozenset[str], reached: int) -> tuple[str, ...]:
        """The provisional elements a result depends on, given the groups scored directly."""
        nodes = self._orders.get(direct)
        if nodes is None:
            provisional = self.plan.nodes
            nodes = tuple(
                nid for nid in _results_order(self.plan, direct) if provisional[nid].provisional
            )
            if len(self._orders) < 256:
                self._orders[direct] = nodes
        found = list(nodes)
        found += [g.id for g in self.plan.gates if g.provisional]
        tiers = self.plan.tiers
        for t in (reached, reached + 1):
            if 0 <= t < len(tiers) and tiers[t].provisional:
                found.append(tiers[t].id)
        return tuple(dict.fromkeys(found))

    def _explain(self, out: tuple[Any, ...]) -> dict[str, tuple[list[Any], Fraction | None]]:
        """Why each failed gate failed, told by the reference's own condition code."""
        plan, pos, numbers = self.plan, self._positions, self.numbers
        direct = self._direct_given(out)
        unscored = self._unscored(direct)
        excluded = {
            node_id
            for node_id in self.may_exclude
            if node_id in self.index and out[pos["excluded", self.index[node_id]]] is True
        }
        scores = {
            node_id: numbers.natural(out[pos["score", self.index[node_id]]])
            for node_id in self._gate_nodes
            if node_id not in unscored
        }
        leaves: dict[str, Answer] = {}
        for (kind, i), at in pos.items():
            if kind == "answer" and out[at] is not None:
                value = out[at]
                if value.__class__ is int:
                    value = Fraction(value)
                leaves[self.order[i].id] = Answer(value)
        facts: dict[str, object] = {}
        for j, fact in enumerate(self.facts):
            value = out[pos["fact", j]]
            facts[fact.id] = Fraction(value) if value.__class__ is int else value
        failed = [gate for j, gate in enumerate(plan.gates) if not out[pos["gate", j]]]
        return explain_failures(
            plan,
            failed,
            answers=leaves,
            facts=cast(dict[str, Value], facts),
            scores=scores,
            excluded=excluded,
            unscored=unscored,
            total=numbers.natural(out[0]),
        )

    def _node_facts(self) -> list[tuple[Any, ...]]:
        """Per node, what does not change between assessments (built once, on first use)."""
        facts: list[tuple[Any, ...]] = []
        pos = self._positions
        for i, node in enumerate(self.order):
            parent = self.plan.parents.get(node.id)
            if isinstance(node, GroupPlan):
                maximum = node.full_max
                excluded = pos["excluded", i] if node.id in self.may_exclude else None
                facts.append(
                    (node.id, maximum, parent, node.provisional, pos["score", i], excluded,
                     pos["capped", i])
                )  # fmt: skip
                continue
            common = (node.id, node.max, parent, node.provisional, pos["score", i])
            answer = node.kind.answer
            if answer == "computed":
                capped = {met: points_for(node, met) > node.max for met in (True, False)}
                facts.append((*common, pos["met", i], capped))
                continue
            judged: object
            if answer == "flag" or answer == "choice":  # capped, by the answer's value
                judged = {value: points > node.max for value, points, _ in choices_of(node)}
            elif answer == "number":  # (capped, detail), by the number
                judged = _number_facts(node)
            else:
                assert_never(answer)
            facts.append((*common, pos["raw", i], judged, pos.get(("evmiss", i))))
        return facts

    def materialize(
        self, out: tuple[Any, ...], notes: dict[int, NodeResult]
    ) -> dict[str, NodeResult]:
        """Every node's :class:`NodeResult`, in document order (built only when asked for),
        for a result the flat breakdown (:class:`_FlatNodes`) does not give: a group scored
        directly, answers the reference scored, or penalties and future criteria to tell
        after."""
        if out[2] or not self._nodes_code:  # a group scored directly: the general way
            built = self._built(out, notes)
        elif notes:  # answers the reference scored: their NodeResults, the rest generated
            builder = self._notes_builder
            if builder is None:
                with self._first_use:
                    builder = self._notes_builder
                    if builder is None:
                        builder = self._notes_builder = self._compile_builder(self._notes_code)
            built = builder(notes, out)
            if self._plain:  # what counted told by the breakdown (see _counted); nothing after
                return built
        else:  # the generated breakdown, then what is told after
            built = self._usual_builder()(notes, out)
        for group in self._penalties:
            tell_penalties(group, built)
        for group in self._leaving_out:
            tell_counted(group, built)
        if self.plan.future:
            tell_future(self.plan, built)
        return built

    def _usual_builder(self) -> Callable[..., Any]:
        """The generated breakdown of a result nothing was handed to the reference for: for a
        plain rubric (see ``_plain``) its NodeResults as a tuple in the order of ``index``."""
        builder = self._builder
        if builder is None:
            with self._first_use:  # one thread compiles it (see __init__)
                builder = self._builder
                if builder is None:
                    builder = self._builder = self._compile_builder(self._nodes_code)
        return builder

    def _built(self, out: tuple[Any, ...], notes: dict[int, NodeResult]) -> dict[str, NodeResult]:
        dec = self.numbers.natural
        static = self._node_facts_once()
        direct = self._direct_given(out)
        unscored = self._unscored(direct) if direct else ()
        built: dict[str, NodeResult] = {}
        for i, node in enumerate(self.order):
            facts = static[i]
            node_id, maximum, parent, provisional, at = facts[:5]
            if node_id in unscored:
                continue
            note = notes.get(i)
            if note is not None:
                built[node_id] = note
                continue
            score = out[at]
            if isinstance(node, GroupPlan):
                if node_id in direct:
                    built[node_id] = _new_node(
                        node_id, dec(score), maximum, "direct", node.aggregate.name, dec(score),
                        False, None, parent, provisional,
                    )  # fmt: skip
                elif facts[5] is not None and out[facts[5]]:
                    built[node_id] = _new_node(
                        node_id, dec(0), maximum, "excluded", node.aggregate.name, None,
                        False, None, parent, provisional,
                    )  # fmt: skip
                else:
                    built[node_id] = self._make_node(i, out)
                continue
            if node.kind.answer == "computed":
                built[node_id] = self._make_node(i, out)
                continue
            built[node_id] = self._answered_node(i, out)
        return built

    def _node_facts_once(self) -> list[tuple[Any, ...]]:
        if self._static is None:
            self._static = self._node_facts()
        return self._static

    def _compile_builder(self, code: str) -> Callable[..., Any]:
        """A generated breakdown (see :func:`write_nodes`); both share the memos."""
        namespace: dict[str, Any] = {
            "__builtins__": {"KeyError": KeyError, "TypeError": TypeError, "int": int},
            "_mk": self._make_node,
            "_Fl": float,
            "_Dec": Decimal,
            "_Str": str,
        }
        if self._plain:  # what each group counted (see write_nodes)
            namespace.update({f"K{k}": c.tell for k, c in enumerate(self._counted)})
        for i, (how, _, _, _) in enumerate(self._node_keys):
            memo, other, decimals = self._memos.setdefault(i, ({}, {}, {}))
            namespace[f"M{i}"] = memo
            namespace[f"C{i}" if how in ("group", "evidence") else f"F{i}"] = other
            namespace[f"D{i}"] = decimals
            node = self.order[i]
            if isinstance(node, GroupPlan):  # left out by N/A (with notes only)
                namespace[f"X{i}"] = _new_node(
                    node.id, self.numbers.natural(0), node.full_max, "excluded",
                    node.aggregate.name, None, False, None, self.plan.parents.get(node.id),
                    node.provisional,
                )  # fmt: skip
        with paused_collector():
            exec(compile(code, f"<tiercert nodes {self.info.id}>", "exec"), namespace)
        return cast(Callable[..., Any], namespace["nodes"])

    def _make_node(self, i: int, out: tuple[Any, ...]) -> NodeResult:
        """The NodeResult of node ``i`` of a result none of whose nodes was scored by the
        reference, directly or excluded; remembered by what the builder looks it up by."""
        node = self.order[i]
        facts = self._node_facts_once()[i]
        node_id, maximum, parent, provisional, at = facts[:5]
        dec = self.numbers.natural
        score = out[at]
        key: object
        found: NodeResult
        if isinstance(node, GroupPlan):
            capped = bool(out[facts[6]])
            found = _new_node(
                node_id, dec(score), maximum, "computed", node.aggregate.name, None,
                capped, None, parent, provisional,
            )  # fmt: skip
            key, memos = _score_key(score), self._memos.get(i)
            memo = None if memos is None else memos[1] if capped else memos[0]
        elif node.kind.answer == "computed":
            met = out[facts[5]]
            found = _new_node(
                node_id, dec(score), maximum, "computed", node.kind.name, bool(met),
                facts[6][bool(met)], None, parent, provisional,
            )  # fmt: skip
            key, memos = met, self._memos.get(i)
            memo = None if memos is None else memos[0]
        else:
            found = self._answered_node(i, out)
            key, memos = out[facts[5]], self._memos.get(i)
            if memos is None:
                memo = None
            elif facts[7] is not None:  # evidence checked inline: apart when it was missing
                memo = None if key.__class__ is float else memos[out[facts[7]] is True]
            elif key.__class__ is Decimal:  # by its text (see write_nodes)
                memo, key = memos[2], str(key)
            else:
                memo = memos[key.__class__ is float]
        if memo is not None and self._memo_size < _NODE_MEMO:
            try:
                memo[key] = found
                self._memo_size += 1
            except TypeError:  # an unhashable answer the compiled rule accepted: not kept
                pass
        return found

    def _answered_node(self, i: int, out: tuple[Any, ...]) -> NodeResult:
        """The NodeResult of an answered leaf scored by the generated code."""
        node = cast(LeafPlan, self.order[i])
        facts = self._node_facts_once()[i]
        node_id, maximum, parent, provisional, at = facts[:5]
        memo = self._node_memo
        score = out[at]
        raw = out[facts[5]]
        lacking = facts[7] is not None and out[facts[7]] is True  # evidence not given
        # a leaf's NodeResult follows from its answer alone, and NodeResults are immutable:
        # the same answer gives the same object (a batch meets few distinct answers)
        # (a Decimal by its text: a new Decimal's hash costs several times its text)
        kind_of = raw.__class__
        key = (i, kind_of, str(raw) if kind_of is Decimal else raw, score, lacking)
        try:
            found = memo.get(key)
            keep = True
        except TypeError:  # an unhashable answer the compiled rule accepted: not kept
            found, keep = None, False
        if found is not None:
            return found
        kind = node.kind
        answer = kind.answer
        made: NodeResult
        shown: Any
        detail = None
        if answer == "flag":
            shown = raw if raw is True or raw is False else parse_bool(raw)
            capped = facts[6][shown]
        elif answer == "choice":
            shown = raw
            capped = facts[6][raw]
        elif answer == "number":
            value = (
                raw
                if kind_of is int
                else cast(Scaled, read_decimal(raw) if kind_of is Decimal else read_remembered(raw))
            )
            shown = WHOLE.natural(value) if type(value) is int else value
            capped, detail = facts[6](value)
        elif answer == "computed":  # pragma: no cover - never answered
            raise AssertionError(node_id)
        else:
            assert_never(answer)
        if lacking:  # as the reference says it: no points, and what was needed
            needs = kind.answers_needs(node.params, raw, node.evidence)
            capped, detail = False, lacking_detail(needs)
        made = _new_node(
            node_id, self.numbers.natural(score), maximum,
            "evidence_missing" if lacking else "answered", kind.name, shown, capped, detail,
            parent, provisional,
        )  # fmt: skip
        if keep and len(memo) < _NODE_MEMO:
            memo[key] = made
        return made


def _score_key(score: Scaled) -> object:
    """A group's score as the generated breakdown looks it up: a Fraction by its two
    integers (hashing a Fraction costs a modular inverse)."""
    return score if score.__class__ is int else (score.numerator, score.denominator)


#: answers whose class tells how the reference reads them, kept by their value and class
_KEPT_CLASSES = frozenset({str, int, float, bool, Decimal, Fraction, type(MISSING)})
#: the longest text an answer key keeps (a memo must stay small whatever it is given)
_KEPT_TEXT = 256


def _answer_key(i: int, raw: object, missing_is_zero: bool) -> tuple[Any, ...] | None:
    """A key that only the same answer to criterion ``i`` has (None: not kept): its class
    with its value (``0.1`` and ``Decimal(0.1)`` are equal and read otherwise), a Decimal as
    written (``Decimal("12.000")`` equals ``Decimal("12")``, and a count refuses it), and an
    evidence mapping by its items, each with its class."""
    kind = raw.__class__
    if kind in _KEPT_CLASSES:
        if kind is str and len(cast(str, raw)) > _KEPT_TEXT:
            return None
        if kind is Decimal:
            if not cast(Decimal, raw).is_finite():
                return None  # a signalling NaN cannot be hashed
            return (i, missing_is_zero, kind, str(raw))
        return (i, missing_is_zero, kind, raw)
    if kind is dict:
        items = []
        for name, value in sorted(cast(dict[Any, Any], raw).items(), key=lambda kv: str(kv[0])):
            if name.__class__ is not str or value.__class__ not in _KEPT_CLASSES:
                return None
            if value.__class__ is str and len(value) > _KEPT_TEXT:
                return None
            cls = value.__class__
            if cls is Decimal:
                if not cast(Decimal, value).is_finite():
                    return None
                value = str(value)  # as written, as above
            items.append((name, cls, value))
        return (i, missing_is_zero, dict, tuple(items))
    return None


def _number_facts(leaf: LeafPlan) -> Callable[[Scaled], tuple[bool, str | None]]:
    """A function from a number answer (a natural value, normalised) to (capped, detail) as
    the reference's result says them: the kind's own, else from its ``score``."""
    emitter = leaf.kind.emitter
    if emitter is not None and emitter.facts is not None:
        return emitter.facts(leaf.params, leaf.max)
    score, params, maximum = leaf.kind.score, leaf.params, leaf.max

    def facts(value: Scaled) -> tuple[bool, str | None]:
        points, detail = score(params, Fraction(value))
        return points > maximum, detail

    return facts


class _Nodes(Mapping[str, NodeResult]):
    """``Result.nodes`` of a fast result: built on first access, then a plain dict."""

    __slots__ = ("_built", "_evaluator", "_notes", "_out")

    def __init__(
        self, evaluator: FastEvaluator, out: tuple[Any, ...], notes: dict[int, NodeResult]
    ) -> None:
        self._evaluator = evaluator
        self._out = out
        self._notes = notes
        self._built: dict[str, NodeResult] | None = None

    def _all(self) -> dict[str, NodeResult]:
        if self._built is None:
            self._built = self._evaluator.materialize(self._out, self._notes)
        return self._built

    def __getitem__(self, key: str) -> NodeResult:
        return self._all()[key]

    # the built dict's own views and lookups: the Mapping defaults go through __getitem__
    # (two Python calls per node read)
    def values(self) -> ValuesView[NodeResult]:
        return self._all().values()

    def items(self) -> ItemsView[str, NodeResult]:
        return self._all().items()

    def keys(self) -> KeysView[str]:
        return self._all().keys()

    def get(self, key: str, default: Any = None) -> Any:
        return self._all().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self) -> tuple[type[dict[str, NodeResult]], tuple[dict[str, NodeResult]]]:
        # pickled and deep-copied as the plain dict it stands for (not with its evaluator)
        return dict, (dict(self._all()),)


class _FlatNodes(Mapping[str, NodeResult]):
    """``Result.nodes`` of a usual fast result: the NodeResults as a tuple (built on first
    access by the generated breakdown, see ``FastEvaluator._plain``) under the ids of the
    evaluator's ``index``, which every such result of the rubric shares."""

    __slots__ = ("_evaluator", "_out", "_values")
    # made by FastEvaluator.result (no __init__ to call): ``_values`` None until read
    _evaluator: FastEvaluator
    _out: tuple[Any, ...]
    _values: tuple[NodeResult, ...] | None

    def _all(self) -> tuple[NodeResult, ...]:
        values = self._values
        if values is None:
            evaluator = self._evaluator
            builder = evaluator._builder or evaluator._usual_builder()
            values = self._values = builder(None, self._out)
        return values

    def __getitem__(self, key: str) -> NodeResult:
        return self._all()[self._evaluator.index[key]]

    def values(self) -> ValuesView[NodeResult]:
        view: _FlatValues = _FlatValues()  # without MappingView's __init__ (a call in Python)
        view._mapping = self
        return view

    def items(self) -> ItemsView[str, NodeResult]:
        view: _FlatItems = _FlatItems()
        view._mapping = self
        return view

    def keys(self) -> KeysView[str]:
        return self._evaluator.index.keys()

    def get(self, key: str, default: Any = None) -> Any:
        at = self._evaluator.index.get(key)
        return default if at is None else self._all()[at]

    def __contains__(self, key: object) -> bool:
        return key in self._evaluator.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._evaluator.index)

    def __len__(self) -> int:
        return len(self._evaluator.index)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[type[dict[str, NodeResult]], tuple[dict[str, NodeResult]]]:
        return dict, (dict(self.items()),)


class _FlatValues(ValuesView[NodeResult]):
    """The values of :class:`_FlatNodes`: its tuple's own iteration (no lookup per node)."""

    __slots__ = ()
    _mapping: _FlatNodes
    # made by _FlatNodes.values, ``_mapping`` set there: MappingView's __init__ is a call in
    # Python, object's costs nothing
    __init__ = object.__init__

    def __iter__(self) -> Iterator[NodeResult]:
        values = self._mapping._values  # once built, without a call
        return iter(values if values is not None else self._mapping._all())

    def __reversed__(self) -> Iterator[NodeResult]:
        return reversed(self._mapping._all())

    def __contains__(self, value: object) -> bool:
        return value in self._mapping._all()


class _FlatItems(ItemsView[str, NodeResult]):
    """The items of :class:`_FlatNodes`: ids and NodeResults side by side."""

    __slots__ = ()
    _mapping: _FlatNodes
    __init__ = object.__init__  # (as _FlatValues)

    def __iter__(self) -> Iterator[tuple[str, NodeResult]]:
        nodes = self._mapping
        return zip(nodes._evaluator.index, nodes._all(), strict=True)

    def __reversed__(self) -> Iterator[tuple[str, NodeResult]]:
        nodes = self._mapping
        return zip(reversed(nodes._evaluator.index), reversed(nodes._all()), strict=True)


def build(plan: Plan, info: RubricInfo) -> FastEvaluator | None:
    """The fast evaluator of ``plan``, or None when only the reference can evaluate it."""
    try:
        return FastEvaluator(plan, info)
    except (Unsupported, RecursionError, SyntaxError, MemoryError):
        return None
