"""The code generator: a rubric's plan written out as the Python source of its scorers.

The kinds write their own pieces through the generator's interface for kinds (``add``,
``const``, ``scaled``, ``final``, ``cap``...: see :class:`Generator`); everything else, the
reading of answers, groups, gates and tiers, is here.  See :mod:`tiercert._fast` for the
numbers and the safety rules every line follows.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple, NoReturn, TypeVar, cast

from tiercert._compile import (
    CondPlan,
    FactPlan,
    GroupPlan,
    LeafPlan,
    Logic,
    NodePlan,
    Plan,
    RoundSpec,
    Test,
    answerable,
    descendants,
)
from tiercert._evidence import ANSWER_KEYS, EvidenceRules, evidence_bits, needed_bits
from tiercert._fast import chunks
from tiercert._fast.numbers import (
    EXCLUDED,
    KEPT_LENGTH,
    Numbers,
    Unsupported,
    edge_floats,
    edge_sides,
    float_image,
    points_bound,
)
from tiercert._fast.tables import SMALLEST_LOOP, tabulate
from tiercert._kinds import AnswerType, Value
from tiercert._literals import dot_grouped, is_na
from tiercert._numbers import (
    ZERO,
    decimal_places,
)
from tiercert._reference import finish_leaf
from tiercert.aggregates import AGGREGATES
from tiercert.conditions import CONDITIONS
from tiercert.conditions._compare import OPERATORS, FactValue, holds
from tiercert.rules import RULES

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

_ID = re.compile(r"[A-Za-z0-9@][A-Za-z0-9_.\-]*")

# Plan fields the generator understands; a new one means the engine learned something new that
# the generated code would silently ignore, so such a rubric is left to the reference.
_LEAF_FIELDS = frozenset(
    {
        *("id", "max", "kind", "params", "provisional", "round", "na", "na_evidence"),
        *("evidence", "when", "answer_from", "evidence_rules", "is_group", "grouped"),
    }
)
_GROUP_FIELDS = frozenset(
    {
        *("id", "max", "bonus_max", "children", "aggregate", "top", "bonus_cap"),
        *("incomplete_cap", "round", "direct", "provisional", "weights", "bonus", "is_group"),
        *("penalty", "penalty_cap", "waiting", "full_max"),
        "answered_below",  # not read by scoring: what _unanswered keeps on a plan's root
        "cuts",  # not read by scoring: what results built on demand tell (tell_counted)
        "base_children",  # the children the roles leave: derived from the fields above
    }
)
#: the rule kinds generated code scores: every registered one (a kind without an emitter for
#: its number answers has each answer read and scored by the reference, see Generator._slow)
_KINDS = frozenset(RULES)
_COMPARE = {
    "equals": "==",
    "not_equals": "!=",
    "at_least": ">=",
    "at_most": "<=",
    "above": ">",
    "below": "<",
}


class _NoFloat(Exception):
    """A constant of a rule has no float (too large): its answers are compared exactly."""


def lit(text: str) -> str:
    """An id as a Python string literal: only ever for ids re-checked against the id pattern."""
    if not isinstance(text, str) or not _ID.fullmatch(text):
        raise Unsupported(f"unexpected id {text!r}")
    return repr(text)


def integer(value: int) -> str:
    if type(value) is not int:
        raise Unsupported(f"not an integer: {value!r}")
    return repr(value)


# --- answers as people type them ---------------------------------------------------------------

#: how a typed reading says "not applicable" (no level may be called that: ``level.reserved``)
NA_READ = "na"
#: the entries each memo of typed readings keeps at most, and the longest text it keeps
READINGS_BOUND = 1_024
_READ_TEXT = 256


class TypedReadings(dict[object, object]):
    """Text (or a whole number) as people type one criterion's answer -> what the reference
    reads it as: the value its rule reads (a level's id, True or False), :data:`NA_READ` for
    N/A, None when the reference refuses it (it then says why).  ``memo[raw]`` reads text
    met for the first time (:func:`typed_reading`) and keeps it when short, while there is
    room: the reading is a pure function of the text.  The generated code only ever looks
    up text and ints (a float or a ``Decimal`` equal to an int kept here is never asked)."""

    __slots__ = ("_preset", "_read")

    def __init__(self, read: Callable[[object], object]) -> None:
        super().__init__()
        self._read = read
        self._preset: dict[object, object] = {}

    def preset(self, exact: dict[object, object]) -> None:
        """Keep the entries of ``exact`` (a criterion's points of each level id as written)
        always, also after :meth:`clear`: the generated code then looks a level id and a
        level as typed up here in one lookup (``Generator._exact_first``)."""
        self._preset.update(exact)
        self.update(exact)

    def clear(self) -> None:
        super().clear()
        self.update(self._preset)

    def __missing__(self, raw: object) -> object:
        found = self._read(raw)
        short = (
            len(raw) <= _READ_TEXT
            if isinstance(raw, str)
            else isinstance(raw, int) and -_READ_TEXT <= raw <= _READ_TEXT
        )
        if short and len(self) < READINGS_BOUND:
            self[raw] = found
        return found


#: the entries a memo of evidence keeps at most (see :func:`evidence_reader`)
EVIDENCE_BOUND = 1_024


def evidence_reader(
    rules: EvidenceRules,
    known: dict[tuple[Any, ...], int],
    alone: tuple[dict[str, int], dict[str, int]] | None = None,
) -> Callable[[dict[Any, Any]], tuple[object, int]]:
    """``_evd``: (value, evidence bits) of an answer given as a mapping, as the reference's
    ``unpack`` and ``has_evidence`` see it under the rubric's ``rules`` (1 if a justification
    is there + 2 if a URL is, :func:`~tiercert._evidence.evidence_bits`); (None, 0) for a
    mapping the reference refuses (it is then handed the mapping, and says why).  The bits of
    a justification and a URL given as text (or not given) are remembered in ``known``, by
    the two texts, when both are short: they are a pure function of them (a regular
    expression and a few tests each time otherwise).  Such a mapping whose keys are exactly
    "value" and the texts given (its size is one more than the texts not None: no other
    key, none given as None) is also remembered by ``(size, justification, url)``: a
    mapping of that size with those texts, and a value, has those keys and no other, which
    the generated code checks without a call (``Generator._unpack``).  A mapping of two
    keys, "value" and a justification (or a URL) given as short text, is also remembered by
    that text alone in ``alone[0]`` (``alone[1]``), each of at most
    :data:`EVIDENCE_BOUND` entries: the generated code's cheapest lookup, for the two
    shapes evidence is most often given in (a text is hashed once; a tuple each time)."""

    by_text = ({}, {}) if alone is None else alone

    def evidence(raw: dict[Any, Any]) -> tuple[object, int]:
        if "value" not in raw or not raw.keys() <= ANSWER_KEYS:
            return None, 0
        just, url = raw.get("justification"), raw.get("url")
        if (just is None or just.__class__ is str) and (url is None or url.__class__ is str):
            key: tuple[Any, ...] = (just, url)
            bits = known.get(key)
            short = len(just or "") <= _READ_TEXT and len(url or "") <= _READ_TEXT
            if bits is None:
                bits = evidence_bits(just, url, rules)
                if len(known) < EVIDENCE_BOUND and short:
                    known[key] = bits
            # for the generated code's own lookup (Generator._unpack): by the mapping's size
            # too, when its keys are exactly "value" and the texts given (not None)
            if short and len(raw) == 1 + (just is not None) + (url is not None):
                key = (len(raw), just, url)
                if key not in known and len(known) < EVIDENCE_BOUND:
                    known[key] = bits
                # by the one text of a mapping of two keys (Generator._known_mapping)
                text, memo = (just, by_text[0]) if url is None else (url, by_text[1])
                if len(raw) == 2 and text is not None and len(memo) < EVIDENCE_BOUND:
                    memo[text] = bits
            return raw["value"], bits
        return raw["value"], evidence_bits(
            None if just is None else str(just), None if url is None else str(url), rules
        )

    return evidence


def points_reader(
    table: dict[object, object], readings: TypedReadings
) -> Callable[[object], object]:
    """The points in ``table`` of what ``readings`` read an answer as (None: none there)."""

    def points(raw: object) -> object:
        return table.get(readings[raw])

    return points


def na_reading(raw: object) -> object:
    """:data:`NA_READ` for an answer the reference reads as N/A (``is_na``), else None."""
    return NA_READ if is_na(raw) else None


def typed_reading(leaf: LeafPlan, readers: tuple[LeafPlan, ...]) -> Callable[[object], object]:
    """The reference's reading of a plain answer to ``leaf`` (``read_leaf``, the steps that
    decide a plain value): N/A first, then the rule's own reading, which every criterion
    reading the same answer (``readers``) must accept too; None for what it refuses."""
    read = leaf.kind.read
    assert read is not None  # only computed kinds read nothing, and they are never answered

    def reading(raw: object) -> object:
        if is_na(raw):
            return NA_READ
        value, problem = read(leaf.params, raw)
        if problem is not None:
            return None
        for reader in readers:
            assert reader.kind.read is not None
            if reader.kind.read(reader.params, raw)[1] is not None:
                return None
        return value

    return reading


# --- the generator ----------------------------------------------------------------------------


#: a Decimal of exponent -3, the exponent of every Decimal written like 1.500 (decimal_grouped)
THOUSANDTH = Decimal("0.001")


class Source:
    """Lines of Python with indentation, and the constants they name."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, object] = {}
        self._names: dict[tuple[type, object], str] = {}

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def const(self, value: object) -> str:
        """A namespace name holding ``value`` (equal values of one type share a name)."""
        try:
            key: tuple[type, object] = (type(value), value)
            hash(key)
        except TypeError:
            key = (type(value), id(value))
        name = self._names.get(key)
        if name is None:
            name = f"K{len(self._names)}"
            self._names[key] = name
            self.namespace[name] = value
        return name


_Made = TypeVar("_Made")


class _Finish(NamedTuple):
    """What finishing a plain group's score needs (Generator._finish): the group, its base
    children, whether it has bonus children, its index and score's names, whether its cap may
    bite, and the children that may be left out when some are (empty when none is)."""

    group: GroupPlan
    base: list[NodePlan]
    bonus: bool
    gi: str
    s: str
    bites: bool
    left: tuple[NodePlan, ...]


class Generator:
    """Writes the scorer of one plan: ``full=False`` for the verdict, True for the breakdown."""

    def __init__(
        self,
        plan: Plan,
        numbers: Numbers,
        full: bool,
        *,
        entry: bool = False,
        readings: dict[str, TypedReadings],
        finer: bool = False,
        tables: bool = False,
        loops_from: int = SMALLEST_LOOP,
        owner: dict[str, str] | None = None,
    ) -> None:
        self.plan = plan
        #: the criterion whose memos and typed tables each criterion of a rule shared with
        #: others uses (see tables.owners; every scorer of one evaluator must be given the
        #: same), and what those criteria share, made once: by (owner, what)
        self.owner: dict[str, str] = owner or {}
        self._made: dict[tuple[str, str], Any] = {}
        #: whether the verdict's criteria are scored by loops over tables (see _tabled), and
        #: the fewest criteria of one template that make a loop
        self.tables = tables and not full
        self.loops_from = loops_from
        #: the criteria waiting to be written by tables.tabulate, with their reading code
        self._pending: list[tuple[LeafPlan, str]] = []
        self.num = numbers
        self.full = full
        #: the memos of typed readings by criterion, shared by an evaluator's scorers
        self.readings = readings
        # entry: the variant tried first, for the usual input: every answer there (read with
        # a[key], a missing one raises KeyError) and no group scored directly (none of that
        # bookkeeping). On any doubt it hands over to the general variant, ``_general``.
        self.entry = entry
        self.no_direct = entry
        # finer: a verdict scorer whose evaluator has a scorer of a finer scale (see share):
        # a score that is not whole at this scale hands the assessment over to it
        self.finer = finer and not full
        #: whether the code written hands over to the finer scorer anywhere
        self.finer_used = False
        #: whether the code written has a share that a finer scale could make whole (a row
        #: scorer is then made at :data:`FINE_PLACES` places, see ``RowScorer``)
        self.decimal_shares = False
        self.src = Source()
        self.order: list[NodePlan] = list(plan.nodes.values())
        self.index: dict[str, int] = {node.id: i for i, node in enumerate(self.order)}
        self.facts: list[FactPlan] = list(plan.facts.values())
        self.fact_index = {fact.id: j for j, fact in enumerate(self.facts)}
        # nearest directly-scorable strict ancestor of each node (its flag says "unscored")
        self.guard: dict[str, int | None] = {}
        self.may_exclude: set[str] = set()
        self.answer_read: set[str] = set()  # leaves whose answer value conditions read
        # leaves whose raw answer other criteria read (answer_from): kept in their own variable
        self.shared = {n.answer_from for n in self.order if isinstance(n, LeafPlan)} - {None}
        #: whether ``T``, the total, is set where the code being written runs (the gates')
        self.total_known = False
        self._scan(plan.root, None)
        for cond in self._conditions():
            self._collect_answers(cond)
        #: what the full scorer returns after (total, reached index): (kind, position) pairs
        self.layout: list[tuple[str, int]] = []
        # while a rule that only compares its answer is written: the constants it compares
        # with (``natural``), and the variable holding the answer as given (for ``exact``)
        self._compared: list[Fraction] | None = None
        self._given: str | None = None
        #: the entries each memo of points keeps at most (see _remember)
        self.points_bound = points_bound(
            len({self.owner.get(leaf.id, leaf.id) for leaf in answerable(plan.root)})
        )

    def _direct(self, group: GroupPlan) -> bool:
        """Whether this scorer handles ``group`` being scored directly."""
        return group.direct and not self.no_direct

    def mine(self, leaf: LeafPlan) -> str:
        """The id under which ``leaf``'s memos are kept: its owner's (see ``owner``)."""
        return self.owner.get(leaf.id, leaf.id)

    def made(self, leaf: LeafPlan, what: str, make: Callable[[], _Made]) -> _Made:
        """``make()``, made once for every criterion sharing ``leaf``'s owner (the same
        object: one name in the code, one table walked), each time for any other."""
        if leaf.id not in self.owner:
            return make()
        key = (self.owner[leaf.id], what)
        if key not in self._made:  # (made once, None too: grouped_test's "no test")
            self._made[key] = make()
        return cast(_Made, self._made[key])

    # analysis

    def _scan(self, group: GroupPlan, guard: int | None) -> None:
        for child in group.children:
            self.guard[child.id] = guard
            if isinstance(child, GroupPlan):
                if {f.name for f in fields(child)} != _GROUP_FIELDS:
                    raise Unsupported("unknown group field")
                if AGGREGATES.get(child.aggregate.name) is not child.aggregate:
                    raise Unsupported(f"aggregate {child.aggregate.name}")
                inner = self.index[child.id] if self._direct(child) else guard
                self._scan(child, inner)
            else:
                if {f.name for f in fields(child)} != _LEAF_FIELDS:
                    raise Unsupported("unknown leaf field")
                if RULES.get(child.kind.name) is not child.kind:
                    raise Unsupported(f"rule kind {child.kind.name}")
                if child.na == "excluded" and not child.kind.computed:
                    self.may_exclude.add(child.id)
                if child.answer_from is not None:
                    source = self.plan.nodes.get(child.answer_from)
                    if (
                        not isinstance(source, LeafPlan)
                        or source.answer_from is not None
                        or source.kind.computed
                    ):
                        raise Unsupported("answer_from chain")
            if child.max < 0:
                raise Unsupported("negative maximum")
            if isinstance(child, LeafPlan) and child.evidence_rules != self.plan.evidence_rules:
                raise Unsupported("a criterion's own evidence rules")  # the reference's
        if AGGREGATES.get(group.aggregate.name) is not group.aggregate:
            raise Unsupported(f"aggregate {group.aggregate.name}")
        base = _base(group)
        if base and all(c.id in self.may_exclude for c in base):
            self.may_exclude.add(group.id)

    def _conditions(self) -> Iterator[CondPlan]:
        for gate in self.plan.gates:
            yield gate.when
        for node in self.order:
            if isinstance(node, LeafPlan) and node.when is not None:
                yield node.when

    def _collect_answers(self, cond: CondPlan) -> None:
        if CONDITIONS.get(cond.kind.key) is not cond.kind:
            raise Unsupported(f"condition kind {cond.kind.key}")
        if isinstance(cond, Logic):
            for item in cond.items:
                self._collect_answers(item)
            return
        for op, _ in cond.operators:
            if op not in OPERATORS:
                raise Unsupported(f"operator {op}")
        for leaf_id in cond.kind.answers(cond, self.plan) if cond.kind.answers else ():
            leaf = self.plan.nodes.get(leaf_id)
            if not isinstance(leaf, LeafPlan):
                raise Unsupported("answer of a group")
            if not leaf.kind.computed:
                self.answer_read.add(leaf.answer_from or leaf.id)

    # the generator's interface for kinds (Emitter, AggregateKind.plain, ConditionKind.emit)

    def add(self, depth: int, line: str) -> None:
        """Add a line of code, indented ``depth`` levels."""
        self.src.add(depth, line)

    def const(self, value: object) -> str:
        """A name for ``value`` in the generated code's namespace (never its text in code)."""
        return self.src.const(value)

    def integer(self, value: int) -> str:
        """An int literal, for values checked to be ints."""
        return integer(value)

    def scaled(self, value: Fraction) -> str:
        """A constant in scaled units (scores, points): an int literal, or a named Fraction."""
        return self.sc(value)

    def cap(self, leaf: LeafPlan, var: str, depth: int) -> None:
        """Cap the score in ``var`` at the leaf's maximum, then round it as declared."""
        self.src.add(depth, f"if {var} > {self.sc(leaf.max)}:")
        self.src.add(depth + 1, f"{var} = {self.sc(leaf.max)}")
        self.round_code(depth, var, leaf.round, leaf.max)

    @property
    def floating(self) -> bool:
        """Whether the code being written is the float copy of a rule that only compares its
        answer (``Emitter.compares``): the answer is then a float, never None."""
        return self._compared is not None

    def share(self, top: str, unit: str, known: int) -> str:
        """The expression for the exact quotient of the integers ``top`` and ``unit`` that is
        not whole at this scale (a rule's share of its points: ``linear``): a ``Fraction``,
        and every sum above it then a ``Fraction`` too (20-50x slower than an int).  In a
        verdict scorer with a finer one (``finer``), ``_finer()`` instead, which raises
        ``_Finer``: the scorer then hands the whole assessment to the verdict scorer of
        :data:`FINE_PLACES` places (``_fine``), where the share of an answer of up to about
        20 places, or of a float, is whole.  Only where a finer scale can make it whole:
        ``known``, the divisor's factor known when the code is written (the rest is an
        answer's denominator, a power of ten), has no prime factor but 2 and 5 (a third of a
        point is a ``Fraction`` at every scale: no hand-over then).  Answers whose shares are
        whole at this scale, whole numbers first of all, run the code they ran."""
        if decimal_unit(known):
            self.decimal_shares = True
            if self.finer:
                self.finer_used = True
                return "_finer()"
        return f"_frac({top}, {unit})"

    def exact(self, depth: int, var: str) -> None:
        """Make the answer in ``var`` exact before it enters arithmetic: a rule that only
        compares its answer (``Emitter.compares``) may hold it as a float until then."""
        if self._given is not None:  # in the float chain: the exact number from here on
            # (a Decimal without its hash, read_decimal; ``rk``: its class, see
            # _compared_as_floats)
            # (a Decimal reaches the float copy through compare_decimal, its text in ``dt``)
            raw = self._given
            self.src.add(depth, f"{var} = _RDEC({raw}, dt) if rk is _Dec else _num({raw})")
            self._compared = None

    @staticmethod
    def unsupported(why: str) -> NoReturn:
        """Give up on generating code: the rubric is evaluated by the reference only."""
        raise Unsupported(why)

    # small pieces of code

    def v(self, prefix: str, node: NodePlan) -> str:
        return (
            "sR" if node is self.plan.root and prefix == "s" else f"{prefix}{self.index[node.id]}"
        )

    def sc(self, value: Fraction) -> str:
        """A scaled constant as code: an int literal, or a named Fraction."""
        scaled = self.num.scaled(value)
        return integer(scaled) if isinstance(scaled, int) else self.src.const(scaled)

    def natural(self, value: Fraction) -> str:
        """A constant in the answers' own units (a band's edge): an int literal, or a name."""
        if self._compared is not None:  # the float chain of a rule that only compares
            self._compared.append(value)
            image = float_image(value)
            if type(image) is not float or not math.isfinite(image):
                raise _NoFloat
            return repr(image)  # a finite float's repr is its literal: digits, '.', 'e', sign
        if value.denominator == 1:
            return integer(value.numerator)
        return self.src.const(value)

    def final(self, leaf: LeafPlan, raw: Fraction) -> str:
        """Code for a leaf's score from a constant raw score: capped, rounded, scaled."""
        return self.sc(finish_leaf(leaf, raw))

    def round_code(self, depth: int, var: str, spec: RoundSpec | None, ceiling: Fraction) -> None:
        """Round ``var`` as declared; rounding never lifts a score above ``ceiling``."""
        if spec is None:
            return
        places, mode = spec
        inner = depth
        if places >= self.num.places:
            self.src.add(depth, f"if {var}.__class__ is not int:")
            inner += 1
        self.src.add(inner, f"{var} = _round({var}, {integer(places)}, {self.src.const(mode)})")
        self.src.add(depth, f"if {var} > {self.sc(ceiling)}:")
        self.src.add(depth + 1, f"{var} = {self.sc(ceiling)}")

    # the function

    def write(self) -> str:
        src, plan = self.src, self.plan
        name = "full" if self.full else "verdict"
        src.add(0, f"def {name}(A, F, mz, st):")
        answered = answerable(plan.root)
        if self.entry:  # more answers than criteria: maybe a group's score, see _general
            src.add(1, f"if len(A) != {integer(len(answered))}:")
            src.add(2, "return _general(A, F, mz, st)")
        else:
            src.add(1, "g = A.get")
        src.add(1, "q = None")  # a memo of points to fill once a score is known (see _memo)
        if not self.entry:
            src.add(1, f"cnt = {integer(len(answered))}")
        start = len(src.lines)
        self._fetch(plan.root.children, 1)
        self._flush()
        if not self.entry:  # the entry variant read every key with A[key]: it has them all
            src.add(1, "if len(A) != (cnt - st[-1] if -1 in st else cnt):")
            src.add(2, "raise _Fallback")
        self._facts(1)
        self._decide()
        end = len(src.lines)
        if self.full:
            self._return_full()
        else:
            # the exact total: from the memo of the conversions (a call only when new)
            # (a Fraction total is not looked up: hashing a Fraction costs a modular inverse)
            src.add(1, "d = _NATS.get(T) if T is Tf else None")
            src.add(1, "if d is None:")
            src.add(2, "d = _nat(T)")
            for t in reversed(range(len(plan.tiers))):
                src.add(1, f"if o{t}:")
                src.add(2, f"return _mk(_V, (d, {src.const(plan.tiers[t].certified)}, TR{t}))")
            src.add(1, "return _mk(_V, (d, False, None))")
        # a large rubric's body in functions of bounded size, each compiled alone (the
        # verdict's too: a rubric of 10,000 criteria not written as loops grew the process
        # by about 1.8 GB compiling it whole)
        parts, src.lines = chunks.cut(src.lines, start, end, name, ("A", "F", "mz", "st"))
        # an answer of an unexpected type (a list for a level...) is the reference's to judge
        body = ["    " + line for line in src.lines[1:]]
        if self.entry:  # any doubt here: the general scorer decides (it may fall back)
            ending = ["    except (KeyError, TypeError, _Fallback):", "        st.clear()"]
            ending.append("        return _general(A, F, mz, st)")
        else:
            ending = ["    except TypeError:", "        raise _Fallback"]
        if self.finer_used:  # a score not whole at this scale: the finer scorer's (see share)
            ending += [
                "    except _Finer:",
                "        st.clear()",
                "        return _fine(A, F, mz, st)",
            ]
        lines = [*parts, src.lines[0], "    try:", *body, *ending]
        return "\n".join(lines) + "\n"

    def _decide(self) -> None:
        """Every score from the answers read, then the total ``T``, gates ``G<j>`` and whether
        each tier's conditions hold (``o<t>``)."""
        src, plan = self.src, self.plan
        for node in self._topological():
            self._compute(node)
        src.add(1, "T = sR")
        self.round_code(1, "T", plan.total_round, plan.root.full_max)
        # a Fraction total (an answer with more places than the scale) against whole tier
        # minimums: T >= m exactly when floor(T) >= m, an int comparison (a Fraction's is
        # several times slower: it tests the other side against the numbers ABCs)
        src.add(1, "Tf = T if T.__class__ is int else T.numerator // T.denominator")
        self.total_known = True  # a gate may compare the total (conditions/_total.py)
        for j, gate in enumerate(plan.gates):
            src.add(1, f"G{j} = {self.cond(gate.when)}")
        required: set[int] = set()
        for t, tier in enumerate(plan.tiers):
            gates = {
                j
                for j, gate in enumerate(plan.gates)
                if gate.tiers is None or tier.id in gate.tiers
            }
            least = self.num.scaled(tier.min)
            parts = [
                f"Tf >= {integer(least)}" if isinstance(least, int) else f"T >= {self.sc(tier.min)}"
            ]
            if t and tier.requires_lower:
                parts.append(f"o{t - 1}")
                gates -= required  # the tier below already passed them
            parts += [f"G{j}" for j in sorted(gates)]
            required = gates | (required if t and tier.requires_lower else set())
            src.add(1, f"o{t} = " + " and ".join(parts))

    def _reached(self) -> str:
        """An expression for the index of the highest tier reached, -1 for none."""
        chain = "-1"
        for t in range(len(self.plan.tiers)):
            chain = f"{t} if o{t} else ({chain})"
        return chain

    # phase 1: read every answer (nested under the groups that may be scored directly)

    def _fetch(self, children: tuple[NodePlan, ...], depth: int) -> None:
        src = self.src
        for node in children:
            if isinstance(node, GroupPlan):
                if not self._direct(node):
                    self._fetch(node.children, depth)
                    continue
                self._flush()
                i = self.index[node.id]
                below = answerable(node)
                src.add(depth, f"if {lit(node.id)} in A:")
                src.add(depth + 1, f"s{i} = _direct({integer(i)}, A[{lit(node.id)}])")
                src.add(depth + 1, f"d{i} = u{i} = True")
                src.add(depth + 1, f"c{i} = False")
                if node.id in self.may_exclude:
                    src.add(depth + 1, f"e{i} = False")
                src.add(depth + 1, f"cnt += {integer(1 - len(below))}")
                self._hide(node, depth + 1)
                for inner in self._groups_below(node):
                    if inner.direct:
                        k = self.index[inner.id]
                        src.add(depth + 1, f"d{k} = False")
                        src.add(depth + 1, f"u{k} = True")
                src.add(depth, "else:")
                src.add(depth + 1, f"d{i} = u{i} = False")
                self._fetch(node.children, depth + 1)
            elif node.answered:
                i = self.index[node.id]
                read = f"A[{lit(node.id)}]" if self.entry else f"g({lit(node.id)}, _M)"
                # the verdict reads most answers once: one shared variable keeps the frame
                # small (a 10,000-criterion rubric would otherwise need 30,000 locals)
                raw = f"r{i}" if self.full or node.id in self.shared else "r"
                if depth == 1 and self._tabled(node):
                    self._pending.append((node, read))
                    continue
                self._flush()
                src.add(depth, f"{raw} = {read}")
                self._leaf(node, raw, depth)
                if node.id in self.may_exclude:
                    self._excluded_leaf(node, depth)

    def _tabled(self, leaf: LeafPlan) -> bool:
        """Whether ``leaf`` may be scored in a loop over a table (:mod:`tiercert._fast.tables`):
        a criterion of the verdict of a large rubric whose answer and score nothing reads
        before the groups (no condition reads its answer, no criterion shares it, N/A never
        leaves it out)."""
        return (
            self.tables
            and leaf.answer_from is None
            and leaf.id not in self.shared
            and leaf.id not in self.answer_read
            and leaf.id not in self.may_exclude
            and not self.plan.readers.get(leaf.id)
        )

    def _flush(self) -> None:
        """Write the criteria waiting for tables (see _tabled)."""
        if self._pending:
            pending, self._pending = self._pending, []
            tabulate(self, pending)

    def _hide(self, group: GroupPlan, depth: int) -> None:
        """Values a group scored directly leaves unset, that other code may still read."""
        names: list[str] = []
        sources = self.shared
        for node in descendants(group):
            if node.id in sources:  # a criterion outside may read this one's answer
                self.src.add(depth, f"{self.v('r', node)} = _M")
            if node.id in self.answer_read:
                names.append(self.v("a", node))
            if not self.full:
                continue  # the verdict never reads a hidden score: every read is guarded
            names.append(self.v("s", node))
            if isinstance(node, GroupPlan):
                names.append(self.v("c", node))
            elif node.kind.computed:
                names.append(self.v("m", node))
            elif node.answer_from is None and node.id not in sources:  # set to _M above
                names.append(self.v("r", node))
            if isinstance(node, LeafPlan) and _inline_evidence(node):
                names += [self.v("v", node), self.v("w", node)]
            if node.id in self.may_exclude:
                names.append(self.v("e", node))
        for start in range(0, len(names), 200):
            self.src.add(depth, " = ".join(names[start : start + 200]) + " = None")

    def _groups_below(self, group: GroupPlan) -> Iterator[GroupPlan]:
        return (node for node in descendants(group) if isinstance(node, GroupPlan))

    def _leaf(self, leaf: LeafPlan, raw: str, depth: int) -> None:
        """Score one answered leaf from the raw answer in variable ``raw``."""
        src = self.src
        s = f"s{self.index[leaf.id]}"
        given = raw  # the answer as given: what the reference reads when it decides
        if not _inline_evidence(leaf):
            self._leaf_value(leaf, raw, given, depth, 0)
            return
        # evidence checked inline: an answer {value, justification, url} is unpacked, scored
        # like a plain value, and zeroed when the evidence it needs is not there; the full
        # scorer keeps the value (v<i>) and whether evidence was missing (w<i>) for the result
        i = self.index[leaf.id]
        v = f"v{i}" if self.full else "v"
        self._unpack(v, given, depth)
        if leaf.kind.answer == "choice":
            self._choices_with_evidence(leaf, v, given, depth)
            return
        need = needed_bits(leaf.evidence)
        lacking = f"(ev & {need}) != {need}"
        if not self.full:
            self._leaf_value(leaf, v, given, depth, need)
            src.add(depth, f"if {lacking} and {s} > 0:")
            src.add(depth + 1, f"{s} = 0")
            return
        if leaf.max > 0 and leaf.round is None:
            # points refused for want of evidence are points the score shows
            self._leaf_value(leaf, v, given, depth, need)
            src.add(depth, f"w{i} = {lacking} and {s} > 0")
            src.add(depth, f"if w{i}:")
            src.add(depth + 1, f"{s} = 0")
            return
        # a score of 0 (a maximum of 0, rounding) may hide points refused for want of
        # evidence: without the evidence, the reference tells the two apart
        src.add(depth, f"w{i} = False")
        src.add(depth, f"if {lacking}:")
        self._slow(leaf, given, depth + 1)
        src.add(depth, "else:")
        self._leaf_value(leaf, v, given, depth + 1, need)

    def _unpack(self, v: str, given: str, depth: int) -> None:
        """Put in ``v`` the value of the answer in ``given`` and in ``ev`` the bits of the
        evidence it carries (``_evd``'s): for a mapping whose justification and URL are text
        or not given, met before with those keys and no other, from the memo of evidence
        (``_EVK``) by its size and its two texts, without a call (see
        :func:`evidence_reader`: a hit means the mapping has those keys and no other);
        anything else through ``_evd``.  The keys named here are fixed words, never text
        from a rubric or an answer."""
        src = self.src
        src.add(depth, f"if _T({given}) is _D:")
        src.add(
            depth + 1,
            f"if not ({self._known_mapping(given)}"
            f" and ({v} := {given}.get('value', _M)) is not _M):",
        )
        src.add(depth + 2, f"{v}, ev = _evd({given})")
        src.add(depth, "else:")
        src.add(depth + 1, f"{v}, ev = {given}, 0")

    def _choices_with_evidence(self, leaf: LeafPlan, v: str, given: str, depth: int) -> None:
        """A choice some of whose answers need evidence, value in ``v`` and evidence bits in
        ``ev``: one table per combination of evidence (a choice lacking what it needs scores
        0)."""
        src = self.src
        i = self.index[leaf.id]
        # a level with its own evidence rules: left to the reference (_slow); no level is
        # named for N/A (the checks refuse it: ``level.reserved``)
        levels = [
            (level, points, needed_bits(needs))
            for level, points, needs in choices_of(leaf)
            if not (needs and own_rules(leaf, level))
        ]
        lacking = [
            {level for level, points, need in levels if points > 0 and (ev & need) != need}
            for ev in range(4)
        ]
        tables = self.made(
            leaf,
            "evidenced",
            lambda: [
                {
                    level: self.num.scaled(
                        finish_leaf(leaf, ZERO if level in lacking[ev] else points)
                    )
                    for level, points, _ in levels
                }
                for ev in range(4)
            ],
        )
        # " MET ", N/A, with their evidence (a condition reads the value read)
        reads = leaf.id in self.answer_read
        keep = f"a{i}" if reads else None
        typed = self._exact_first(leaf, v, f"s{i}", "ev", tables, depth) if keep is None else ""
        if not typed:
            name = src.const(tables)
            src.add(depth, f"s{i} = {name}[ev].get({v}) if _T({v}) is _Str else None")
            typed = self._typed_hit(leaf, v, f"s{i}", "ev", keep=keep)
        if self._choice_missed(
            f"s{i}", v, typed, keep, depth, lambda d: self._slow(leaf, given, d)
        ):
            return  # (the verdict only)
        if self.full:
            src.add(depth + 1, f"w{i} = False")
        if leaf.id in self.answer_read or self.full:
            src.add(depth, "else:")
            if leaf.id in self.answer_read:
                src.add(depth + 1, f"a{i} = {v}")
            if self.full:
                lacks = self.made(leaf, "lacking", lambda: [frozenset(x) for x in lacking])
                src.add(depth + 1, f"w{i} = {v} in {src.const(lacks)}[ev]")

    def _choice_missed(
        self,
        s: str,
        value: str,
        typed: str,
        keep: str | None,
        depth: int,
        slow: Callable[[int], None],
    ) -> bool:
        """Write what follows a choice's lookup in its table (points in ``s``, None when the
        answer in ``value`` is no level as written): the test ``typed`` (:meth:`_typed_hit`,
        empty for none) next, then the reference (``slow``, given a depth) for the rest.
        With ``keep`` (a condition reads the value) and a typed test, the value is kept on a
        hit in the table and the branches are closed: True, nothing more to write."""
        src = self.src
        if typed and keep is not None:
            src.add(depth, f"if {s} is not None:")
            src.add(depth + 1, f"{keep} = {value}")
            src.add(depth, f"elif not {typed}:")
            slow(depth + 1)
            return True
        src.add(depth, f"if {s} is None" + (f" and not {typed}:" if typed else ":"))
        slow(depth + 1)
        return False

    def _typed_hit(
        self,
        leaf: LeafPlan,
        value: str,
        s: str,
        ev: str | None,
        *,
        ints: bool = False,
        keep: str | None = None,
    ) -> str:
        """A test that reads the answer in ``value`` as people type it (a word, a level id
        spaced or in capitals, N/A: :class:`TypedReadings`) and puts its points in ``s``,
        true when it did; ``ev``: the variable of the evidence the answer carries (None:
        none, a plain answer); ``ints``: whole numbers too (1 and 0 for yes and no);
        ``keep``: the variable that gets the value read (a condition compares it).  Empty
        for the full scorer: its results show the value read, the reference's."""
        if self.full:
            return ""
        kinds = f"_T({value}) is _Str"
        if ints:
            kinds = f"({kinds} or _T({value}) is int)"
        if keep is None and ints and self.tables:  # a flag's word in a rubric of loops: by
            # the subscript alone (see _looked_up)
            points = self._points(leaf, na_only=False)
            lookup = f"{points[0]}[{value}]" if ev is None else f"{points[1]}[{ev}][{value}]"
            return f"({kinds} and ({s} := {lookup}) is not None)"
        if keep is None:  # the points at once, by the answer as typed (see _points)
            points = self._points(leaf, na_only=False)
            return f"({kinds} and {self._looked_up(points, ev, value, s)})"
        memo = self.src.const(self._reading(leaf, na_only=False))
        tables = self._typed_tables(leaf)
        read = f"({keep} := {memo}[{value}])"
        lookup = (
            f"{self.src.const(tables[0])}.get({read})"
            if ev is None
            else f"{self.src.const(tables)}[{ev}].get({read})"
        )
        return f"({kinds} and ({s} := {lookup}) is not None)"

    def _exact_first(
        self,
        leaf: LeafPlan,
        value: str,
        s: str,
        ev: str | None,
        exact: Sequence[Mapping[Any, object]],
        depth: int,
    ) -> str:
        """For a choice's verdict: write the lookup of the answer in ``value`` (text) in the
        memo of typed points (:meth:`_points`; with ``ev``, the one for those bits of
        evidence) preset with ``exact``, the points of each level id as written
        (:meth:`TypedReadings.preset`, kept across ``clear``), so that a level id and a
        level as typed met before are one lookup, not two (the table of ids, then the memo
        of typed text); and return the test, for a text not there, that reads it
        (:class:`TypedReadings`).  Empty for the full scorer (its results show the value
        read, the reference's): the caller writes the lookup in ``exact`` then."""
        if self.full:
            return ""
        got, subscript = self._gets(self._points(leaf, na_only=False, exact=exact), ev, value)
        self.src.add(depth, f"{s} = {got} if _T({value}) is _Str else None")
        return f"(_T({value}) is _Str and ({s} := {subscript}) is not None)"

    def _na_hit(self, leaf: LeafPlan, given: str, s: str) -> str:
        """A test that reads the plain answer in ``given`` as N/A, as the reference does
        (``is_na``: one memo by text for every criterion), and puts the leaf's points for N/A
        in ``s`` (its N/A counts as satisfied, or leaves it out; zero when N/A needs
        evidence): for criteria whose other answers are numbers.  Empty for the full scorer,
        and where N/A is not allowed (the reference says why)."""
        if self.full or leaf.na is None:
            return ""
        points = self._points(leaf, na_only=True)
        return f"(_T({given}) is _Str and {self._looked_up(points, None, given, s)})"

    def _looked_up(self, points: tuple[str, str], ev: str | None, value: str, s: str) -> str:
        """The test that the memo of typed points ``points`` (:meth:`_points`; with ``ev``,
        the one for those bits of evidence) gives ``value`` points, put in ``s``: first by
        the memo's bound ``get`` (a dict subclass's subscript goes through a generic slot that
        looks ``__getitem__`` up each time, about 130 instructions more a hit), then, on None
        (met for the first time, or refused), by its subscript, which reads a text not met
        yet (:class:`TypedReadings`); the same value either way.  Not for a flag's words in
        a mapping (``_mapped_hit``), nor plain ones in a verdict of loops (``_typed_hit``'s
        ``ints``, ``tables``): a boolean's row in a large rubric's loops stays four
        constants, all unpacked."""
        got, subscript = self._gets(points, ev, value)
        return f"(({s} := {got}) is not None or ({s} := {subscript}) is not None)"

    def _gets(self, points: tuple[str, str], ev: str | None, value: str) -> tuple[str, str]:
        """The lookups of ``value`` in the memo of typed points ``points`` (:meth:`_points`;
        with ``ev``, the one for those bits of evidence): by its bound ``get`` (None when
        not there), named in the namespace, and by its subscript (which reads it)."""
        namespace = self.src.namespace
        # made once a name: criteria sharing a memo (``tables.owners``) then hold the same
        # object, which a large rubric's loop keeps as one constant, not a column of rows
        if ev is None:
            name = points[0]
            if f"{name}_get" not in namespace:
                namespace[f"{name}_get"] = cast(TypedReadings, namespace[name]).get
            return f"{name}_get({value})", f"{name}[{value}]"
        name = points[1]
        memos = cast(list[TypedReadings], namespace[name])
        # (named ``_get`` too, the one suffix tables.split takes out of a loop's template)
        if f"{name}_get" not in namespace:
            namespace[f"{name}_get"] = [memo.get for memo in memos]
        return f"{name}_get[{ev}]({value})", f"{name}[{ev}][{value}]"

    def _na_text(self, leaf: LeafPlan, raw: str, s: str) -> str:
        """For the number paths of a criterion answered alone (its memos of points kept, see
        :meth:`_memo`), the test that the text in ``raw`` is N/A met before, putting its
        points in ``s``: a lookup in the memo of :meth:`_na_hit` without reading it (``get``:
        a text not met there is read as a number first, as the reference reads it), after
        the memo of points, which keeps no N/A (the full scorer shares it and takes N/A from
        the reference).  Empty for the full scorer and where N/A is not allowed."""
        if self.full or leaf.na is None:
            return ""
        name = self._points(leaf, na_only=True)[0]
        self.src.namespace.setdefault(
            f"{name}_get", cast(TypedReadings, self.src.namespace[name]).get
        )
        return f"_T({raw}) is _Str and ({s} := {name}_get({raw})) is not None"

    def _mapped_hit(self, leaf: LeafPlan, given: str, s: str) -> str:
        """A test that reads an answer in ``given`` given as a mapping (``_evd``: its value and
        the bits of its evidence) to a criterion that needs no evidence of its values (its
        evidence is not checked inline), whose value is text as people type it (N/A, a yes/no
        word, a level: :class:`TypedReadings`; for numbers N/A only), and puts the points of
        that reading with that evidence in ``s`` (:meth:`_typed_tables`: N/A lacking the
        evidence it needs scores 0).  Empty for the full scorer, and for an answer a condition
        reads or other criteria share (the reference reads those)."""
        kind = leaf.kind.answer
        if (
            self.full
            or leaf.id in self.answer_read
            or leaf.answer_from is not None
            or self.plan.readers.get(leaf.id)
        ):
            return ""
        if kind == "number" and leaf.na is not None:
            points = self._points(leaf, na_only=True)
        elif kind in ("flag", "choice"):
            points = self._points(leaf, na_only=False)
        else:
            return ""
        # a mapping met before with these keys and texts: its bits from the memo of evidence
        # without a call (as _unpack reads it); anything else, or a value that has no points
        # there, through _evd (which reads it as the reference does)
        found = (
            f"({s} := {points[1]}[ev][vm]) is not None"
            if kind == "flag"  # by the subscript alone, as its plain words (see _looked_up)
            else self._looked_up(points, "ev", "vm", s)
        )
        return (
            f"(_T({given}) is _D and ({self._known_mapping(given)}"
            f" and _T(vm := {given}.get('value', _M)) is _Str"
            f" and {found}"
            f" or _T((ve := _evd({given}))[0]) is _Str"
            f" and ({s} := {points[1]}[ve[1]][ve[0]]) is not None))"
        )

    def _known_mapping(self, given: str) -> str:
        """The test that the mapping in ``given`` has a justification and a URL that are text
        (of class ``str`` exactly) or not given, and was met before with those texts and as
        many keys (:func:`evidence_reader`: it then has "value" and those keys, and no other,
        once "value" is found), putting the bits of its evidence in ``ev`` (``ej`` and ``eu``:
        the texts).  A mapping of two keys, one a justification (or a URL) given as text, is
        looked up by that text alone (``_EVJ``, ``_EVU``): with "value" found, those are its
        keys.  A mapping of one key ("value", once found) carries no evidence: its bits are
        those of none under the rubric's rules, a literal written here (no lookup, met
        before or not)."""
        # two keys, a justification or a URL given as text and "value" (once found): by that
        # text alone (_EVJ, _EVU); one key: no evidence, a literal; else by the size and both
        # texts, a justification tested first for text (what it nearly always is), a URL for
        # None (often not given)
        bare = evidence_bits(None, None, self.plan.evidence_rules)
        return (
            f"(len({given}) == 2 and (_T(ej := {given}.get('justification')) is _Str"
            f" and (ev := _EVJ.get(ej)) is not None"
            f" or _T(eu := {given}.get('url')) is _Str and (ev := _EVU.get(eu)) is not None)"
            f" or len({given}) == 1 and (ev := {integer(bare)}) is not None"
            f" or (_T(ej := {given}.get('justification')) is _Str or ej is None)"
            f" and ((eu := {given}.get('url')) is None or _T(eu) is _Str)"
            f" and (ev := _EVK.get((len({given}), ej, eu))) is not None)"
        )

    def _reading(self, leaf: LeafPlan, *, na_only: bool) -> TypedReadings:
        """The memo of typed readings of ``leaf``'s answer: its source's when it reads another
        criterion's (the reference reads a shared answer once, as the source reads it);
        ``na_only``: the one memo of whether text is N/A, for every criterion (numbers).
        Shared by every scorer of the evaluator (``readings``)."""
        read: Callable[[object], object]
        if na_only:
            key = ""  # no criterion has the empty id
            read = na_reading
        else:
            source = cast(LeafPlan, self.plan.nodes[leaf.answer_from]) if leaf.answer_from else leaf
            key = self.mine(source)
            read = typed_reading(source, self.plan.readers.get(source.id, ()))
        memo = self.readings.get(key)
        if memo is None:
            memo = self.readings[key] = TypedReadings(read)
        return memo

    def _points(
        self,
        leaf: LeafPlan,
        *,
        na_only: bool,
        exact: Sequence[Mapping[Any, object]] = (),
    ) -> tuple[str, str]:
        """The names of the memo from an answer as typed to ``leaf``'s points without
        evidence, and of the list of such memos by the bits of the evidence carried: each
        answer read once (:meth:`_reading`), its points in :meth:`_typed_tables`, remembered
        by the answer as :class:`TypedReadings` remember (a pure function of the text: one
        lookup met again, not two).  Shared by every scorer of the evaluator (``readings``,
        by the leaf's id and a word after a space, which no id has)."""
        read = self._reading(leaf, na_only=na_only)
        memos: list[TypedReadings] = []
        for ev, table in enumerate(self._typed_tables(leaf)):
            key = f"{self.mine(leaf)} {'na' if na_only else 'typed'} {ev}"
            memo = self.readings.get(key)
            if memo is None:
                memo = self.readings[key] = TypedReadings(points_reader(table, read))
            if ev < len(exact):
                memo.preset({k: v for k, v in exact[ev].items() if type(k) is str})
            memos.append(memo)
        shared = self.made(leaf, "na" if na_only else "typed points", lambda: memos)
        return self.src.const(memos[0]), self.src.const(shared)

    def _typed_tables(self, leaf: LeafPlan) -> list[dict[object, object]]:
        """For each evidence an answer may carry (the bits of ``evidence_bits``, 0-3), the
        leaf's score for each typed reading: a value's points (zero when it lacks the
        evidence it needs, as the reference says), and N/A's when the leaf allows N/A (zero
        without the evidence N/A needs; ``EXCLUDED`` when N/A leaves it out).  A level with
        evidence rules of its own is left out: the reference judges its evidence."""
        return self.made(leaf, "typed", lambda: self._make_typed_tables(leaf))

    def _make_typed_tables(self, leaf: LeafPlan) -> list[dict[object, object]]:
        values = [
            (value, points, needed_bits(needs))
            for value, points, needs in choices_of(leaf)
            if not (needs and own_rules(leaf, value)) and value != NA_READ
        ]
        na_need = needed_bits(leaf.na_evidence)
        tables: list[dict[object, object]] = []
        for ev in range(4):
            table: dict[object, object] = {
                value: self.num.scaled(
                    finish_leaf(leaf, ZERO if points > 0 and (ev & need) != need else points)
                )
                for value, points, need in values
            }
            if leaf.na is None:
                pass  # N/A refused (or, shared, scored by the reference)
            elif (ev & na_need) != na_need:
                table[NA_READ] = self.num.scaled(finish_leaf(leaf, ZERO))
            elif leaf.na == "satisfied":
                table[NA_READ] = self.num.scaled(finish_leaf(leaf, leaf.max))
            elif leaf.na == "excluded":
                table[NA_READ] = EXCLUDED
            else:
                assert_never(leaf.na)
            tables.append(table)
        return tables

    def _slow(self, leaf: LeafPlan, given: str, depth: int) -> None:
        """The reference reads and scores the answer ``given`` (everything unusual, in one
        call; it also counts missing answers in ``st[-1]``)."""
        i = self.index[leaf.id]
        target = f"a{i}" if leaf.id in self.answer_read else "_"
        self.src.add(depth, f"s{i}, {target} = _slow({integer(i)}, {given}, mz, st)")

    def _leaf_value(self, leaf: LeafPlan, raw: str, given: str, depth: int, need: int) -> None:
        """Score the value in variable ``raw`` (``given``: the answer as given, for the
        reference); ``need``: evidence checked inline (the reference's scores then say
        ``ev = need``, having judged the evidence themselves)."""
        src = self.src
        i = self.index[leaf.id]
        s = f"s{i}"
        reads = leaf.id in self.answer_read
        keep = f"; a{i} = {{value}}" if reads else ""

        kind = leaf.kind
        emitter = kind.emitter
        # text and Decimals (and floats, read exactly) met before: their points from a memo
        # of this criterion's scoring, one lookup (see _memo)
        memo = (
            self._memo(leaf)
            if emitter is not None
            and (need or not leaf.evidence)
            and not reads
            and not self.plan.readers.get(leaf.id)
            else None
        )

        # a number criterion answered alone: N/A met before and N/A in a mapping are looked
        # up after the memos of points, before the number readers (which refuse them)
        early = (
            [hit for hit in (self._na_text(leaf, raw, s), self._mapped_hit(leaf, given, s)) if hit]
            if memo is not None and not need and kind.answer == "number"
            else []
        )

        def slow(d: int) -> None:
            na = self._na_hit(leaf, given, s) if kind.answer == "number" and not reads else ""
            # N/A (or a word, a level as typed) in a mapping, to a criterion whose evidence
            # is not checked inline (need: it was, and the value is unpacked already; early:
            # tried before the number readers)
            mapped = "" if need or early else self._mapped_hit(leaf, given, s)
            hits = " or ".join(hit for hit in (na, mapped) if hit)
            if hits:
                src.add(d, f"if not ({hits}):")
                self._slow(leaf, given, d + 1)
            else:
                self._slow(leaf, given, d)
            if need:  # the reference judged the evidence itself
                src.add(d, f"ev = {need}")
            if memo is not None:  # the reference's points are not remembered
                src.add(d, "q = None")

        if kind.answer == "flag" and (need or not leaf.evidence):
            yes, no = points_for(leaf, True), points_for(leaf, False)
            src.add(depth, f"if {raw} is True:")
            src.add(depth + 1, f"{s} = {self.final(leaf, yes)}" + keep.format(value="True"))
            src.add(depth, f"elif {raw} is False:")
            src.add(depth + 1, f"{s} = {self.final(leaf, no)}" + keep.format(value="False"))
            typed = (
                ""
                if leaf.evidence
                else self._typed_hit(leaf, raw, s, None, ints=True, keep=f"a{i}" if reads else None)
            )
            if typed:  # a word ("có", " yes "), 1 or 0, N/A
                src.add(depth, f"elif {typed}:")
                src.add(depth + 1, "pass")
            src.add(depth, "else:")
            slow(depth + 1)
            return
        if kind.answer == "choice":
            # every level (this branch has only choices no answer of which needs evidence,
            # see _inline_evidence, and no level id is a word for N/A: the checks refuse it)
            table = self.made(
                leaf,
                "choices",
                lambda: {
                    level: self.num.scaled(finish_leaf(leaf, points))
                    for level, points, _needs in choices_of(leaf)
                },
            )
            if table:
                # " MET ", N/A (a condition reads the value read)
                kept = f"a{i}" if reads else None
                typed = ""
                if kept is None:
                    typed = self._exact_first(leaf, raw, s, None, [table], depth)
                if not typed:
                    name = src.const(table)
                    src.add(depth, f"{s} = {name}.get({raw}) if _T({raw}) is _Str else None")
                    typed = self._typed_hit(leaf, raw, s, None, keep=kept)
                if self._choice_missed(s, raw, typed, kept, depth, slow):
                    return
                if reads:
                    src.add(depth, "else:")
                    src.add(depth + 1, f"a{i} = {raw}")
                return
        if emitter is not None and (need or not leaf.evidence):
            value = "n" if raw in ("r", "v") else f"n{i}"  # shared temporaries, or its own
            if (
                emitter.compares
                and not reads  # a condition reads the answer: it stays exact
                and not self.plan.readers.get(leaf.id)  # another criterion reads it too
                and self._compared_as_floats(leaf, value, raw, s, depth, slow, memo, early)
            ):
                return
            texts, floats, decimals = (None, None, None) if memo is None else memo
            # inline: a whole number, a whole float (exact below 2**53), or text or a Decimal
            # read before; anything else through read_remembered (which remembers it)
            src.add(depth, f"rk = _T({raw})")  # the answer's class, read once
            src.add(depth, "if rk is int:")
            src.add(depth + 1, f"{value} = {raw}")
            if floats is not None:
                # a float met before: its points at once (before the test of a whole float,
                # a call: a memo holds the points of whole floats past 2**53 only, which it
                # gives as the code below would)
                src.add(
                    depth,
                    f"elif rk is _Fl and ({s} := {floats}_get({raw})) is not None:",
                )
                src.add(depth + 1, f"{value} = _HIT")
            grouped = "_DOTG" if emitter.whole else self.grouped(leaf)
            if texts is not None:
                # text or a Decimal met before: its points at once, before the tests of other
                # types (the memos keep accepted answers only, a Decimal by its text: 1.500
                # may be refused where 1.5 is not, though the Decimals are equal)
                src.add(
                    depth,
                    f"elif rk is _Str and ({s} := {texts}_get({raw})) is not None:",
                )
                src.add(depth + 1, f"{value} = _HIT")
                src.add(
                    depth,
                    f"elif rk is _Dec and"
                    f" ({s} := {decimals}_get({self.decimal_key(raw)})) is not None:",
                )
                src.add(depth + 1, f"{value} = _HIT")
                for hit in early:
                    src.add(depth, f"elif {hit}:")
                    src.add(depth + 1, f"{value} = _HIT")
            src.add(
                depth,
                # two comparisons, not a chain: CPython 3.11 specialises these (a chained
                # comparison is several times slower in large functions)
                f"elif rk is _Fl and {raw}.is_integer() and"
                f" {raw} < 9007199254740992.0 and {raw} > -9007199254740992.0:",
            )
            src.add(depth + 1, f"{value} = int({raw})")
            if floats is not None:  # remembered too: met again, one lookup as any float
                src.add(depth + 1, f"q, qk = {floats}, {raw}")
            # 12.000 in a whole number (twelve, or twelve thousand?), or 1.500 where 1500 is
            # in the range too: the reference says so (after the memos, which keep accepted
            # answers only, by their text)
            if grouped:
                src.add(depth, f"elif {self.decimal_grouped(raw, grouped)}:")
                src.add(depth + 1, f"{value} = None")
                src.add(depth, f'elif rk is _Str and "." in {raw} and {grouped}({raw}):')
                src.add(depth + 1, f"{value} = None")
            # a Decimal read for the first time: exactly, without its hash (read_decimal)
            src.add(depth, "elif rk is _Dec:")
            src.add(depth + 1, f"{value} = _RDEC({raw}, dt := {self.decimal_key(raw)})")
            if decimals is not None:
                self.keep_decimal(decimals, depth + 1)
            src.add(depth, f"elif rk is _Str and ({value} := _EXA({raw})) is not None:")
            src.add(depth + 1, "pass" if texts is None else f"q, qk = {texts}, {raw}")
            src.add(depth, f"elif rk is _Fl and ({value} := _FLO({raw})) is not None:")
            src.add(depth + 1, "pass" if floats is None else f"q, qk = {floats}, {raw}")
            src.add(depth, "else:")
            src.add(depth + 1, f"{value} = _num({raw})")
            if memo is not None:
                # read for the first time: kept when short (_small), as the readings are
                src.add(depth + 1, f"if rk is _Str and _small({raw}):")
                src.add(depth + 2, f"q, qk = {texts}, {raw}")
                src.add(depth + 1, "elif rk is _Fl:")
                src.add(depth + 2, f"q, qk = {floats}, {raw}")
            refused = emitter.refused(self, leaf.params, value)
            # a shared answer must suit every criterion reading it, also one that a group's
            # direct score hides (whose own checks never run): the reference decides otherwise
            for reader in self.plan.readers.get(leaf.id, ()):
                if reader.kind.emitter is not None:  # the same kind as this leaf's
                    refused += " or " + reader.kind.emitter.refused(self, reader.params, value)
            if memo is not None:
                src.add(depth, f"if {value} is _HIT:")
                src.add(depth + 1, "pass")
                src.add(depth, f"elif {refused}:")
            else:
                src.add(depth, f"if {refused}:")
            slow(depth + 1)
            src.add(depth, "else:")
            emitter.emit(self, leaf, value, s, depth + 1)
            if reads:
                src.add(depth + 1, f"a{i} = {value}")
            if memo is not None:
                self._remember(s, depth)
            return
        # evidence needed, or an answer no generated code reads (a kind without an emitter):
        # the reference decides
        slow(depth)

    def _compared_as_floats(
        self,
        leaf: LeafPlan,
        value: str,
        raw: str,
        s: str,
        depth: int,
        slow: Any,
        memos: tuple[str, str, str] | None = None,
        early: Sequence[str] = (),
    ) -> bool:
        """Score a rule that only compares its answer (``Emitter.compares``) with two copies of
        its code: one comparing floats with the floats of its constants, for an answer whose
        float equals none of them (exact then, see :mod:`tiercert._fast.numbers`), and the
        exact one for every other answer (whole numbers, answers on an edge, anything
        unusual).  False, having written nothing, when a constant has no float.  ``memos``:
        the criterion's memos of points (text, floats, Decimals; see _memo); ``early``: tests
        that put points in ``s``, tried after them (N/A met before, N/A in a mapping)."""
        src, emitter = self.src, leaf.kind.emitter
        assert emitter is not None
        memo, floats, decimals = (None, None, None) if memos is None else memos
        start = len(src.lines)
        compared: list[Fraction] = []
        self._compared, self._given = compared, raw
        try:
            if memo is not None:  # points remembered: nothing to compare
                src.add(depth, f"if {value} is _HIT:")
                src.add(depth + 1, "pass")
                src.add(depth, f"elif _T({value}) is _Fl:")
            else:
                src.add(depth, f"if _T({value}) is _Fl:")
            src.add(depth + 1, f"if {emitter.refused(self, leaf.params, value)}:")
            slow(depth + 2)
            src.add(depth + 1, "else:")
            emitter.emit(self, leaf, value, s, depth + 2)
            if self._compared is not None:  # the float copy only compares (gen.exact not called)
                floats = None  # its comparisons cost less than a memo: floats not remembered
        except _NoFloat:
            del src.lines[start:]
            return False
        finally:
            self._compared, self._given = None, None
        src.add(depth, "else:")
        src.add(depth + 1, f"if {emitter.refused(self, leaf.params, value)}:")
        slow(depth + 2)
        src.add(depth + 1, "else:")
        emitter.emit(self, leaf, value, s, depth + 2)
        if memo is not None:
            self._remember(s, depth)
        critical = self.made(leaf, "critical", lambda: edge_floats(compared))
        k = src.const(critical)
        sides = src.const(self.made(leaf, "sides", lambda: edge_sides(compared)))
        # a float answer equal to a constant's float that means that constant (its repr
        # writes it, and no other constant has that float) compares as the constant does:
        # only the other constants' floats need the exact number
        doubtful = frozenset(x for x, exact in critical.items() if exact is None)
        unless = f" and {raw} not in {src.const(doubtful)}" if doubtful else ""
        # a whole number, a float (the float copy's range test sends NaN, infinities and
        # floats past the limits on digits to the reference), text or a Decimal whose points
        # are remembered, or text or a Decimal read to its float (``_IMGS[raw]``: remembered,
        # or read in one call the first time) when that is no constant's, or met before on
        # an edge with a whole exact number (or refused: None), inline; other answers
        # through read_compared (an answer on an edge with more places than a whole number
        # becomes the float beside the edge's: see there)
        pad = "    " * depth
        # the answer's class, read once
        lines = [f"{pad}rk = _T({raw})", f"{pad}if rk is int:", f"{pad}    {value} = {raw}"]
        if floats is not None:  # a float met before, scored through gen.exact: its points
            lines += [
                f"{pad}elif rk is _Fl and ({s} := {floats}_get({raw})) is not None:",
                f"{pad}    {value} = _HIT",
            ]
        lines += [f"{pad}elif rk is _Fl{unless}:", f"{pad}    {value} = {raw}"]
        if floats is not None:
            lines.append(f"{pad}    q, qk = {floats}, {raw}")
        grouped = self.grouped(leaf)  # 1.500 where 1500 is in the range too (see _leaf_value)
        if memos is not None:  # the memos keep accepted answers only (see _leaf_value)
            get = f"{decimals}_get({self.decimal_key(raw)})"
            lines += [
                f"{pad}elif rk is _Str and ({s} := {memo}_get({raw})) is not None:",
                f"{pad}    {value} = _HIT",
                f"{pad}elif rk is _Dec and ({s} := {get}) is not None:",
                f"{pad}    {value} = _HIT",
            ]
            for hit in early:
                lines += [f"{pad}elif {hit}:", f"{pad}    {value} = _HIT"]
        if grouped:
            lines += [
                f"{pad}elif {self.decimal_grouped(raw, grouped)}:",
                f"{pad}    {value} = None",
                f'{pad}elif rk is _Str and "." in {raw} and {grouped}({raw}):',
                f"{pad}    {value} = None",
            ]
        # a Decimal read for the first time: its float from its text where that is exact,
        # else its exact number, without its hash (compare_decimal; its text, the memo's
        # key, in ``dt`` for keeping it and for a linear rule's exact read, see exact)
        lines += [
            f"{pad}elif rk is _Dec:",
            f"{pad}    {value} = _DCMP({raw}, dt := {self.decimal_key(raw)}, {k}, {sides})",
        ]
        if decimals is not None:
            lines += [
                f"{pad}    if len(dt) <= {integer(KEPT_LENGTH)}:",
                f"{pad}        q, qk = {decimals}, dt",
            ]
        lines += [
            f"{pad}elif rk is _Str and"
            f" (_T({value} := _IMGS[{raw}]) is _Fl and {value} not in {k}"
            f" or ({value} := _EXA({raw}, _M)) is None or _T({value}) is int):",
            f"{pad}    " + ("pass" if memo is None else f"q, qk = {memo}, {raw}"),
            f"{pad}else:",
            f"{pad}    {value} = _cmp({raw}, {k}, {sides})",
        ]
        if memo is not None:  # read for the first time: kept when short, as its reading is
            lines += [
                f"{pad}    if rk is _Str and _small({raw}):",
                f"{pad}        q, qk = {memo}, {raw}",
            ]
        src.lines[start:start] = lines
        return True

    def decimal_grouped(self, raw: str, grouped: str) -> str:
        """The test, for the answer in ``raw``, of a Decimal written like ``1.500`` that the test
        named ``grouped`` refuses.  Such a Decimal's text has three places and no exponent, so
        its exponent is -3: ``same_quantum`` with 0.001 (one C call) passes it and sends most
        other Decimals past the test (a Python call that writes the Decimal's text), which
        every Decimal met again took before its memo (Decimal("12.000") equals Decimal("12"))."""
        return f"rk is _Dec and {self.three_places(raw)} and {grouped}({raw})"

    def three_places(self, raw: str) -> str:
        """The test that the Decimal in ``raw`` has exponent -3 (one C call)."""
        self.src.namespace["_Q3"] = THOUSANDTH  # not const(): 0.0010 would share its name
        return f"{raw}.same_quantum(_Q3)"

    def grouped(self, leaf: LeafPlan) -> str | None:
        """The name of :func:`grouped_test` for ``leaf``, or None when it needs none."""
        test = self.made(
            leaf, "grouped", lambda: grouped_test(leaf, self.plan.readers.get(leaf.id, ()))
        )
        return None if test is None else self.src.const(test)

    def _memo(self, leaf: LeafPlan) -> tuple[str, str, str]:
        """The names of ``leaf``'s memos of points (text; floats apart: ``0.1`` and
        ``Decimal(0.1)`` are equal and read as other numbers; Decimals by their text, see
        :meth:`Numbers.decimal_memo`), and of their ``get``.  Every scorer of one evaluator
        shares them (they live in its :class:`Numbers`)."""
        texts, floats = self.num.points_memos(self.mine(leaf))
        decimals = self.num.decimal_memo(self.mine(leaf))
        memos = (texts, floats, decimals)
        names = (self.src.const(texts), self.src.const(floats), self.src.const(decimals))
        for name, memo in zip(names, memos, strict=True):
            # once: criteria sharing the memo share its ``get`` too (tables.split)
            self.src.namespace.setdefault(f"{name}_get", memo.get)
        return names

    @staticmethod
    def decimal_key(raw: str) -> str:
        """The key of the Decimal in ``raw`` in its memo of points: its text, for every rule.
        The text says its places (``Decimal("12.000")`` equals ``Decimal("12")`` but is
        refused where ``1.500`` may mean 1500), and it costs less than the Decimal itself
        as a key: a Decimal read from a file (YAML, JSON) is a new object each time, whose
        hash, computed on first use and not cached until then, costs several times its
        ``str`` (a modular power for a Decimal with places); the text's hash is cheap.
        Not kept in a variable by the lookup (a store costs every Decimal met again): the
        lines that read a Decimal met for the first time make it again, into ``dt``."""
        return f"_Str({raw})"

    def keep_decimal(self, decimals: str, depth: int) -> None:
        """Keep the Decimal just read for the first time in its memo of points (named
        ``decimals``) by its text ``dt`` (see :meth:`decimal_key`), when short."""
        self.src.add(depth, f"if len(dt) <= {integer(KEPT_LENGTH)}:")
        self.src.add(depth + 1, f"q, qk = {decimals}, dt")

    def _remember(self, s: str, depth: int) -> None:
        """Remember the points just computed in ``s`` for the answer ``qk``, in memo ``q``,
        when the answer read was text, a Decimal or a float (``q`` set, only for a short text
        or Decimal), while the memo has room; then forget ``q``.  Inline: a call here cost
        more than reading the answer."""
        self.src.add(depth, "if q is not None:")
        self.src.add(depth + 1, f"if len(q) < {integer(self.points_bound)}:")
        self.src.add(depth + 2, f"q[qk] = {s}")
        self.src.add(depth + 1, "q = None")

    # facts

    def _facts(self, depth: int) -> None:
        src = self.src
        if not self.facts:
            src.add(depth, "if F:")
            src.add(depth + 1, "raise _Fallback")
            return
        src.add(depth, f"nf = {integer(len(self.facts))}")
        src.add(depth, "h = F.get")
        for j, fact in enumerate(self.facts):
            src.add(depth, f"x = h({lit(fact.id)}, _M)")
            if fact.type == "boolean":
                fast = "x is True or x is False"
            elif fact.type in ("number", "integer"):
                fast = "x.__class__ is int"
            elif fact.type == "choice":
                fast = f"x.__class__ is str and x in {src.const(frozenset(fact.options))}"
            elif fact.type == "text":
                # other text: NFC, by _fact; text of nothing but spaces is no value (the
                # reference's, as a sheet's empty cell)
                fast = "x.__class__ is str and x.isascii() and x.strip()"
            else:
                raise Unsupported(f"fact type {fact.type}")
            src.add(depth, f"if {fast}:")
            src.add(depth + 1, f"f{j} = x")
            src.add(depth, "else:")
            src.add(depth + 1, "if x is _M:")
            src.add(depth + 2, "nf -= 1")
            src.add(depth + 1, f"f{j} = _fact({integer(j)}, x)")
        src.add(depth, "if len(F) != nf:")
        src.add(depth + 1, "raise _Fallback")

    # phase 2: conditions and groups, each after what it reads

    def _topological(self) -> list[NodePlan]:
        out: list[NodePlan] = []
        state: dict[str, int] = {}

        def deps(node: NodePlan) -> list[NodePlan]:
            if isinstance(node, GroupPlan):
                return list(node.children)
            if node.when is not None:
                return [self.plan.nodes[t] for t in referenced(node.when, self.plan)]
            return []

        stack: list[tuple[NodePlan, Iterator[NodePlan]]] = [
            (self.plan.root, iter(deps(self.plan.root)))
        ]
        state[self.plan.root.id] = 1
        while stack:
            node, pending = stack[-1]
            nxt = next(pending, None)
            if nxt is None:
                stack.pop()
                state[node.id] = 2
                out.append(node)
            elif nxt.id not in state:
                state[nxt.id] = 1
                stack.append((nxt, iter(deps(nxt))))
            elif state[nxt.id] == 1:
                raise Unsupported("cycle")
        return [n for n in out if isinstance(n, GroupPlan) or not n.answered]

    def _compute(self, node: NodePlan) -> None:
        src = self.src
        depth = 1
        guard = self.guard.get(node.id)
        if guard is not None:
            src.add(depth, f"if not u{guard}:")
            depth += 1
        if isinstance(node, GroupPlan):
            if self._direct(node):
                src.add(depth, f"if not d{self.index[node.id]}:")
                depth += 1
            self._group(node, depth)
            return
        i = self.index[node.id]
        if node.kind.computed:
            assert node.when is not None
            met = self.final(node, points_for(node, True))
            unmet = self.final(node, points_for(node, False))
            src.add(depth, f"m{i} = {self.cond(node.when)}")
            src.add(depth, f"s{i} = {met} if m{i} else {unmet}")
            return
        source = self.plan.nodes[cast(str, node.answer_from)]
        self._leaf(node, f"r{self.index[source.id]}", depth)
        if node.id in self.may_exclude:
            self._excluded_leaf(node, depth)

    def _excluded_leaf(self, leaf: LeafPlan, depth: int) -> None:
        i = self.index[leaf.id]
        self.src.add(depth, f"e{i} = s{i} is _EX")
        self.src.add(depth, f"if e{i}:")
        self.src.add(depth + 1, f"s{i} = 0")

    def _group(self, group: GroupPlan, depth: int) -> None:
        src = self.src
        s = self.v("s", group)
        is_root = group is self.plan.root
        gi = "R" if is_root else str(self.index[group.id])
        base = _base(group)
        bonus = [c for c, b, p, w in zip(*_roles(group), strict=True) if b and not (p or w)]
        penalty = [c for c, _, p, w in zip(*_roles(group), strict=True) if p and not w]
        # an aggregate of the sum of every child's points ("sum", "scaled"): plain code
        summable = group.aggregate.plain is not None and group.top is None
        excludable = [f"e{self.index[c.id]}" for c in base if c.id in self.may_exclude]
        if bonus:
            self._add_up("y", bonus, depth)
        if penalty:  # taken after the caps: through the reference's own finish
            self._add_up("p", penalty, depth)
            self._general_group(group, base, bool(bonus), gi, s, depth, penalty=True)
            return
        if summable and not excludable:
            self._sum_group(group, base, bonus, gi, s, depth)
            return
        if summable:  # usually nothing is excluded: then it is a plain sum
            src.add(depth, f"if {' or '.join(excludable)}:")
            self._rescaled(group, base, excludable, gi, s, depth + 1, bonus=bool(bonus))
            src.add(depth, "else:")
            self._sum_group(group, base, bonus, gi, s, depth + 1)
            if group.id in self.may_exclude:
                src.add(depth + 1, f"e{gi} = False")
            return
        self._general_group(group, base, bool(bonus), gi, s, depth)

    def _add_up(self, total: str, children: list[NodePlan], depth: int) -> None:
        """``total`` = the points of ``children`` not left out (N/A)."""
        src = self.src
        src.add(depth, f"{total} = 0")
        for child in children:
            if child.id in self.may_exclude:
                src.add(depth, f"if not e{self.index[child.id]}:")
                src.add(depth + 1, f"{total} += {self.v('s', child)}")
            else:
                src.add(depth, f"{total} += {self.v('s', child)}")

    def _general_group(
        self,
        group: GroupPlan,
        base: list[NodePlan],
        bonus: bool,
        gi: str,
        s: str,
        depth: int,
        *,
        penalty: bool = False,
    ) -> None:
        """Any aggregate, through the reference's own ``_aggregate`` on scaled values.  Each
        child is passed as (score, maximum, its position among the group's children): the
        helper looks its weight up, and remembers results by those plain values."""
        src = self.src
        src.add(depth, "b = []")
        for position, child in enumerate(group.children):
            if child not in base:
                continue
            entry = f"b.append(({self.v('s', child)}, {self.sc(child.max)}, "
            entry += f"{integer(position)}))"
            if child.id in self.may_exclude:
                src.add(depth, f"if not e{self.index[child.id]}:")
                src.add(depth + 1, entry)
            else:
                src.add(depth, entry)
        key = "-1" if group is self.plan.root else integer(self.index[group.id])
        taken = ", p" if penalty else ""
        src.add(depth, f"{s}, c{gi} = _group({key}, b, {'y' if bonus else '0'}{taken})")
        if group.id in self.may_exclude:
            src.add(depth, f"e{gi} = {s} is _EX")
            src.add(depth, f"if e{gi}:")
            src.add(depth + 1, f"{s} = 0")

    def _sum(self, base: list[NodePlan], depth: int) -> None:
        """``x`` = the points of ``base`` (a child left out scores 0, see _excluded_leaf)."""
        terms = [self.v("s", c) for c in base]
        for start in range(0, max(len(terms), 1), 50):
            chunk = " + ".join(terms[start : start + 50]) or "0"
            self.src.add(depth, ("x += " if start else "x = ") + chunk)

    def _sum_group(
        self,
        group: GroupPlan,
        base: list[NodePlan],
        bonus: list[NodePlan],
        gi: str,
        s: str,
        depth: int,
    ) -> None:
        """A plain capped sum, as the aggregate turns it into points, when no child is
        excluded."""
        self._sum(base, depth)
        plain = group.aggregate.plain
        assert plain is not None
        # what the children's maxima must not exceed for the cap never to bite, and what the
        # plain code left ``x`` to be divided by (1: nothing; see AggregateKind.plain)
        whole, divisor = plain(self, group, base, depth)
        # every child's score is at most its maximum (bonus included): when those add up to
        # no more than what the aggregate says (the group's maximum for a sum; for a share,
        # the children's maxima without bonus, what it divides by), the cap can never bite
        bound = sum((c.full_max if isinstance(c, GroupPlan) else c.max for c in base), ZERO)
        finish = _Finish(group, base, bool(bonus), gi, s, bound > whole, ())
        if divisor == 1:
            self._finish(finish, depth)
        else:
            self._divided(finish, divisor, depth)

    def _rescaled(
        self,
        group: GroupPlan,
        base: list[NodePlan],
        excludable: list[str],
        gi: str,
        s: str,
        depth: int,
        *,
        bonus: bool,
    ) -> None:
        """A plain sum or share (``sum``, ``scaled``) with some child left out by N/A, as the
        reference's aggregate rescales it (``_rescale.rescaled``, ``scaled._combine``): the
        points of the children left times the group's maximum over what they can reach
        (``q``), exactly; left out itself when every child is.  A maximum not whole at this
        scale goes to the reference's ``_group``."""
        src, num = self.src, self.num
        maxima = [num.scaled(c.max) for c in base]
        top = num.scaled(group.max)
        if not all(type(m) is int for m in (*maxima, top)):
            self._general_group(group, base, bonus, gi, s, depth)
            return
        if group.id in self.may_exclude:  # every base child may be left out
            src.add(depth, f"if {' and '.join(excludable)}:")
            src.add(depth + 1, f"{s} = 0")
            src.add(depth + 1, f"e{gi} = True")
            if self.full:
                src.add(depth + 1, f"c{gi} = False")
            src.add(depth, "else:")
            depth += 1
            src.add(depth, f"e{gi} = False")
        # the children that are always there, then each that may be left out when it is not:
        # one test for a child left out (as many as building the reference's list took)
        pairs = list(zip(base, maxima, strict=True))
        self._sum([c for c in base if c.id not in self.may_exclude], depth)
        kept = sum(cast(int, m) for c, m in pairs if c.id not in self.may_exclude)
        src.add(depth, f"q = {integer(kept)}")
        for child, most in pairs:
            if child.id in self.may_exclude:
                src.add(depth, f"if not e{self.index[child.id]}:")
                src.add(depth + 1, f"x += {self.v('s', child)}")
                src.add(depth + 1, f"q += {integer(cast(int, most))}")
        src.add(depth, f"x = x * {integer(cast(int, top))}")
        if not all(maxima):  # what the children left can reach may be 0: the share is 0
            src.add(depth, "if not q:")
            src.add(depth + 1, "x, q = 0, 1")
        # the children left score at most their maxima unless one has bonus points inside
        bites = any(isinstance(c, GroupPlan) and c.full_max != c.max for c in base)
        left = tuple(c for c in base if c.id in self.may_exclude)
        self._divided(_Finish(group, base, bonus, gi, s, bites, left), "q", depth)

    def _pairs(self, finish: _Finish) -> bool:
        """Whether a share not whole can be finished from its two integers: the group is
        rounded to at most the scale's places (its score is then whole), has no bonus
        children, and its caps are whole at this scale."""
        group = finish.group
        if finish.bonus or group.round is None or group.round[0] > self.num.places:
            return False
        caps = (group.max, group.full_max, group.incomplete_cap)
        return all(type(self.num.scaled(cap)) is int for cap in caps if cap is not None)

    def _divided(self, finish: _Finish, divisor: int | str, depth: int) -> None:
        """Finish ``x / divisor`` (a positive integer, a literal or ``q``).  A quotient that is
        not whole is a ``Fraction`` (``_frac``), or, for a group rounded to whole units
        (_pairs), stays the two integers ``x`` and the divisor through the caps (compared
        cross-multiplied) and is rounded from them (``_rq``, ``Numbers.round_ratio``): the
        same value, with no ``Fraction`` made (about 16,000 instructions on CPython 3.11)."""
        src = self.src
        den = divisor if isinstance(divisor, str) else integer(divisor)
        if not self._pairs(finish):
            src.add(depth, f"if x.__class__ is int and x % {den} == 0:")
            src.add(depth + 1, f"x //= {den}")
            src.add(depth, "else:")
            src.add(depth + 1, f"x = _frac(x, {den})")
            self._finish(finish, depth)
            return
        src.add(depth, "if x.__class__ is not int:")
        src.add(depth + 1, f"x = _frac(x, {den})")
        self._finish(finish, depth + 1)
        src.add(depth, f"elif x % {den}:  # x / {den}, not whole")
        self._finish(finish, depth + 1, divisor)
        src.add(depth, "else:")
        src.add(depth + 1, f"x //= {den}")
        self._finish(finish, depth + 1)

    def _finish(self, finish: _Finish, depth: int, over: int | str | None = None) -> None:
        """The group's score ``s`` from its aggregate's value in ``x`` (or ``x / over``, see
        _divided), as the reference's ``finish_group``: the cap at its maximum (where it can
        bite), the ``incomplete_cap`` when a child is short of its maximum, bonus, rounding."""
        src = self.src
        group, base, gi, s = finish.group, finish.base, finish.gi, finish.s

        def times(value: Fraction) -> str:  # ``value`` in the units of ``x``
            if over is None:
                return self.sc(value)
            if isinstance(over, str):
                return f"{self.sc(value)} * {over}"
            return integer(cast(int, self.num.scaled(value)) * over)

        top = times(group.max)
        if not finish.bites:
            if self.full:
                src.add(depth, f"c{gi} = False")
        else:
            if self.full:
                src.add(depth, f"c{gi} = x > {top}")
            src.add(depth, f"if x > {top}:")
            src.add(depth + 1, f"x = {top}")
        if group.incomplete_cap is not None:
            cap = times(group.incomplete_cap)
            short = []
            for c in base:  # a child left out is not short: it is not there
                below = f"{self.v('s', c)} < {self.sc(c.max)}"
                short.append(f"not e{self.index[c.id]} and {below}" if c in finish.left else below)
            src.add(depth, f"if x > {cap} and ({' or '.join(short) or 'False'}):")
            src.add(depth + 1, f"x = {cap}")
            if self.full:
                src.add(depth + 1, f"c{gi} = True")
        if finish.bonus:
            if group.bonus_cap is not None:
                cap = self.sc(group.bonus_cap)
                src.add(depth, f"if y > {cap}:")
                src.add(depth + 1, f"y = {cap}")
                if self.full:
                    src.add(depth + 1, f"c{gi} = True")
            src.add(depth, "x += y")
            if group.round is None:  # as the reference: never above the group's maximum
                src.add(depth, f"if x > {self.sc(group.full_max)}:")
                src.add(depth + 1, f"x = {self.sc(group.full_max)}")
        if over is None:
            src.add(depth, f"{s} = x")
            self.round_code(depth, s, group.round, group.full_max)
            return
        assert group.round is not None
        places, mode = group.round
        src.add(depth, f"{s} = _rq(x, {over}, {integer(places)}, {self.src.const(mode)})")
        src.add(depth, f"if {s} > {self.sc(group.full_max)}:")
        src.add(depth + 1, f"{s} = {self.sc(group.full_max)}")

    # conditions as expressions

    def cond(self, cond: CondPlan) -> str:
        """A Python expression for the condition, as its kind writes it."""
        return cond.kind.emit(self, cond, self.cond)

    def total(self) -> str:
        """The variable holding the total (in units of ``1/scale``, rounded and capped as
        tiers compare it), for a gate comparing it; a condition decided before it is known
        (a condition rule's, which the checks refuse) is not written."""
        if not self.total_known:
            self.unsupported("the total compared before it is known")
        return "T"

    def guarded(self, node: NodePlan, expr: str) -> str:
        """``expr``, false when ``node`` lies under a group scored directly (then unscored)."""
        guard = self.guard[node.id]
        return expr if guard is None else f"(not u{guard} and {expr})"

    def excludable(self, node: NodePlan, expr: str) -> str:
        """``expr``, true when N/A took ``node`` out (an excluded score passes)."""
        if node.id in self.may_exclude:
            return f"({self.v('e', node)} or {expr})"
        return expr

    def static(self, value: object, test: Test) -> str:
        """The test on a value known when generating, as a constant."""
        return self._static(value, test)

    def typed(self, var: str, kind: str, test: Test) -> str:
        """The test on ``var``, whose possible types its fact type or answer kind tells."""
        return self._typed(var, kind, test)

    def numbers(self, var: str, test: Test, unit: Fraction) -> str:
        """The test on ``var``, a number in units of ``1/unit``."""
        return self._numbers(var, test, unit)

    def _static(self, value: object, test: Test) -> str:
        known = [(op, e) for op, e in test.operators if not isinstance(e, FactValue)]
        if not all(holds(value, op, expected) for op, expected in known):
            return "False"
        facts = [(op, e) for op, e in test.operators if isinstance(e, FactValue)]
        if not facts:
            return "True"
        if not isinstance(value, Fraction):  # no number: fails an order, as holds says
            return "False"
        # a fact's value is known only for a unit: compared when the code runs
        var = self.src.const(value)
        return (
            "("
            + " and ".join(self._cmp(var, _COMPARE[op], e, Fraction(1)) for op, e in facts)
            + ")"
        )

    def _typed(self, var: str, kind: str, test: Test) -> str:
        """A test on a value whose possible types are known from its fact or rule kind."""
        if kind in ("boolean", "answer_bool"):
            domain: list[object] = [True, False]
            if kind == "answer_bool":
                domain += ["na", None]
            return self._domain(var, domain, test)
        if kind in ("choice", "text", "answer_text"):
            # no answer (None) is unequal to every text, as the reference's ``same`` says
            return self._strings(var, test)
        if kind not in ("number", "integer", "answer_number"):
            raise Unsupported(f"value kind {kind}")
        expr = self._numbers(var, test, Fraction(1))
        if kind == "answer_number":
            na = self._static("na", test)
            none = self._static(None, test)
            expr = (
                f"({expr} if {var} is not None and {var}.__class__ is not str else "
                f"({none} if {var} is None else {na}))"
            )
        return expr

    def _domain(self, var: str, domain: list[object], test: Test) -> str:
        passing = [v for v in domain if all(holds(v, op, e) for op, e in test.operators)]
        if len(passing) == len(domain):
            return "True"
        if not passing:
            return "False"
        if passing == [True]:
            return f"({var} is True)"
        if passing == [False]:
            return f"({var} is False)"
        return f"({var} in {self.src.const(frozenset(passing))})"

    def _strings(self, var: str, test: Test) -> str:
        # the checks refuse a value that is not text (condition.value); one would compare
        # unequal to the text ``var`` holds all the same, as the reference's ``same`` says
        parts = []
        for op, expected in test.operators:
            if op in ("equals", "not_equals"):
                sign = "==" if op == "equals" else "!="
                parts.append(f"{var} {sign} {self.src.const(expected)}")
            elif op == "in":
                assert isinstance(expected, tuple)
                parts.append(f"{var} in {self.src.const(frozenset(expected))}")
            else:
                parts.append("False")  # an order on text never holds (the checks refuse one)
        return "(" + " and ".join(parts) + ")"

    def _numbers(self, var: str, test: Test, unit: Fraction) -> str:
        """Operators on ``var``, a number in units of ``1/unit`` (``unit`` > 0)."""
        parts = []
        for op, expected in test.operators:
            if op == "in":
                assert isinstance(expected, tuple)
                # an answer's ``in`` may list "na" (tested apart); the checks refuse other text
                numbers = [e for e in expected if _is_number(e)]
                alternatives = " or ".join(self._cmp(var, "==", e, unit) for e in numbers)
                parts.append(f"({alternatives or 'False'})")
            else:
                # a number: the model reads one for an order, and the checks refuse anything
                # else for equals and not_equals (condition.value, condition.type)
                parts.append(self._cmp(var, _COMPARE[op], expected, unit))
        return "(" + " and ".join(parts) + ")"

    def _cmp(self, var: str, sign: str, expected: object, unit: Fraction) -> str:
        if isinstance(expected, FactValue):
            # f<j>, a number fact's value, is an int or a Fraction (the unit's, or the
            # default: a fact with neither sends the unit to the reference)
            fact = f"f{self.fact_index[expected.fact]}"
            factor = expected.times * unit
            if factor == 1:
                return f"{var} {sign} {fact}"
            if factor.denominator == 1:
                return f"{var} {sign} {fact} * {integer(factor.numerator)}"
            return f"{var} {sign} {fact} * {self.src.const(factor)}"
        target = cast(Fraction, expected) * unit
        if target.denominator == 1:
            return f"{var} {sign} {integer(target.numerator)}"
        return f"{var} * {integer(target.denominator)} {sign} {integer(target.numerator)}"

    def _return_full(self) -> None:
        """Return (total, reached tier index or -1, then the values listed in ``layout``)."""
        self.src.add(1, f"reached = {self._reached()}")
        items: list[str] = []

        def put(kind: str, position: int, code: str) -> None:
            self.layout.append((kind, position))
            items.append(code)

        for j in range(len(self.plan.gates)):
            put("gate", j, f"G{j}")
        for node in self.order:
            i = self.index[node.id]
            put("score", i, f"s{i}")
            if isinstance(node, GroupPlan):
                put("capped", i, f"c{i}")
                if node.direct:
                    put("direct", i, f"d{i}" if self._direct(node) else "False")
            elif node.kind.computed:
                put("met", i, f"m{i}")
            elif _inline_evidence(node):  # the value unpacked from the answer, and its flag
                put("raw", i, f"v{i}")
                put("evmiss", i, f"w{i}")
            else:
                source = self.plan.nodes[node.answer_from] if node.answer_from else node
                put("raw", i, f"r{self.index[source.id]}")
            if node.id in self.may_exclude:
                put("excluded", i, f"e{i}")
        for leaf_id in sorted(self.answer_read, key=self.index.__getitem__):
            put("answer", self.index[leaf_id], f"a{self.index[leaf_id]}")
        for j in range(len(self.facts)):
            put("fact", j, f"f{j}")
        direct = [
            f"d{self.index[n.id]}"
            for n in self.order
            if isinstance(n, GroupPlan) and self._direct(n)
        ]
        self.src.add(1, f"direct = {' or '.join(direct) or 'False'}")
        self.src.add(1, "return (T, reached, direct, " + "".join(f"{i}, " for i in items) + ")")


def grouped_test(
    leaf: LeafPlan, readers: tuple[LeafPlan, ...] = ()
) -> Callable[[object], bool] | None:
    """A test true for text (or a Decimal as written) like ``1.500`` that a rule reading
    ``leaf``'s answer refuses, its thousands reading being in the rule's range too
    (``rules._answers.thousands_problem``): such an answer goes to the reference, which says
    why.  None when no rule reading it admits a thousands reading (``LeafPlan.grouped``)."""
    reading = [(r.kind.read, r.params) for r in (leaf, *readers) if r.kind.read is not None]
    if not any(r.grouped for r in (leaf, *readers)):
        return None

    def refused(raw: object) -> bool:
        return dot_grouped(raw) and any(
            read(params, raw)[1] is not None for read, params in reading
        )

    return refused


def decimal_unit(value: int) -> bool:
    """Whether the positive integer ``value`` divides a power of ten (no prime factor but 2
    and 5): a quotient by it is whole at a scale of enough decimal places."""
    for prime in (2, 5):
        while value % prime == 0:
            value //= prime
    return value == 1


def _is_number(value: object) -> bool:
    return isinstance(value, Fraction)


def referenced(cond: CondPlan, plan: Plan) -> list[str]:
    """Node ids whose scores a condition reads (in the order the reference reads them)."""
    targets = cond.kind.targets
    return targets(cond, plan, lambda inner: referenced(inner, plan)) if targets else []


def _roles(
    group: GroupPlan,
) -> tuple[tuple[NodePlan, ...], tuple[bool, ...], tuple[bool, ...], tuple[bool, ...]]:
    """Each child with whether it is bonus, penalty, and waiting to count (then it is scored,
    and its points go nowhere)."""
    return group.children, group.bonus, group.penalty, group.waiting


def _base(group: GroupPlan) -> list[NodePlan]:
    """The children that are neither bonus nor penalty, nor waiting to count."""
    return [c for c, b, p, w in zip(*_roles(group), strict=True) if not (b or p or w)]


def scale_places(plan: Plan) -> int:
    """The decimal places that make every constant of the plan an integer."""
    values: list[Fraction] = []
    for tier in plan.tiers:
        values.append(tier.min)
    for node in (plan.root, *plan.nodes.values()):
        values.append(node.max)
        if isinstance(node, GroupPlan):
            values.append(node.bonus_max)
            caps = (node.bonus_cap, node.incomplete_cap, node.penalty_cap)
            values += [v for v in caps if v is not None]
            continue
        kind = node.kind
        if kind.emitter is not None:
            values += kind.emitter.constants(node.params)
        else:  # the points a table gives (for kinds read by the reference: none)
            values += [points for _, points, _ in choices_of(node)]
    places = 0
    for value in values:
        found = decimal_places(value)
        if found is None:
            raise Unsupported("a constant without a finite decimal form")
        places = max(places, found)
    return places


#: the decimal places of the scale of a rubric where an answer enters a score as it is
#: (``Emitter.fine``: a direct score): a decimal answer of up to 24 places, and every float
#: of at least 10**-7 in magnitude (its repr has at most 17 significant digits), is then a
#: whole number of the units, and so is every sum, cap and rounding above it (integers of a
#: few machine words add about as fast as small ones; a Fraction adds 20-50x slower)
FINE_PLACES = 24


def fine_places(plan: Plan) -> int:
    """:data:`FINE_PLACES` when a criterion's answer enters its score as it is (its rule's
    emitter is ``fine``), else 0: the least decimal places of the scale of ``plan``'s
    scorers, beside :func:`scale_places`.  A finer answer is a ``Fraction`` of the units,
    as any answer was before: exact either way."""
    for node in plan.nodes.values():
        if isinstance(node, LeafPlan) and node.kind.emitter is not None and node.kind.emitter.fine:
            return FINE_PLACES
    return 0


def _inline_evidence(leaf: LeafPlan) -> bool:
    """Whether the scorers check this leaf's evidence themselves (see ``Generator._leaf``)."""
    kind = leaf.kind
    if kind.answer == "choice":
        return any(needs for _, _, needs in choices_of(leaf))
    return (kind.answer == "flag" or kind.emitter is not None) and bool(leaf.evidence)


def own_rules(leaf: LeafPlan, value: Value) -> bool:
    """Whether an answer to ``leaf`` with ``value`` is judged by evidence rules of its own (a
    level's), not the criterion's: generated code, which judges evidence by the criterion's,
    hands such answers to the reference."""
    rules = leaf.evidence_rules
    return leaf.kind.answers_rules(leaf.params, value, rules) != rules


def points_for(leaf: LeafPlan, value: Value) -> Fraction:
    """The points the leaf's rule gives for an answer (or, computed, a condition) ``value``."""
    return leaf.kind.score(leaf.params, value)[0]


def choices_of(leaf: LeafPlan) -> list[tuple[Any, Fraction, tuple[str, ...]]]:
    """(value, points, evidence needed) for each of the few values an answer to the leaf can
    have (none when they are many: numbers)."""
    kind = leaf.kind
    values = kind.values(leaf.params) or ()
    return [
        (value, points_for(leaf, value), kind.answers_needs(leaf.params, value, leaf.evidence))
        for value in values
    ]


#: how a comparison in a condition reads an answer of each kind
_ANSWER_VALUES: dict[AnswerType, str] = {
    "flag": "answer_bool",
    "choice": "answer_text",
    "number": "answer_number",
    "computed": "",  # never compared: a computed leaf has no answer (see Generator.test)
}


# --- the breakdown: every NodeResult of a result, straight-line -----------------------------

#: how the builder looks a node's result up (see :func:`write_nodes`): a group by its score
#: (apart when capped), a computed leaf by whether it was met, an answered leaf by its answer
#: as given (floats apart: ``0.1`` and ``Decimal(0.1)`` are equal and read as other numbers),
#: a leaf whose evidence is checked inline by its value, apart when evidence was missing;
#: with the positions of what it is looked up by, of what else decides it (capped, evidence
#: missing) and of a group's flag of being excluded (N/A), -1 where there is none
NodeKey = tuple[str, int, int, int]


def node_keys(gen: Generator) -> list[NodeKey]:
    """How each node of the full scorer ``gen``'s output is looked up (:data:`NodeKey`)."""
    positions = {key: 3 + n for n, key in enumerate(gen.layout)}
    keys: list[NodeKey] = []
    for i, node in enumerate(gen.order):
        if isinstance(node, GroupPlan):
            excluded = positions.get(("excluded", i), -1)
            keys.append(("group", positions["score", i], positions["capped", i], excluded))
        elif node.kind.computed:
            keys.append(("met", positions["met", i], -1, -1))
        elif _inline_evidence(node):  # by its value, apart when evidence was missing
            keys.append(("evidence", positions["raw", i], positions["evmiss", i], -1))
        else:
            keys.append(("answer", positions["raw", i], -1, -1))
    return keys


def _float_answers(node: NodePlan) -> bool:
    """Whether a float may be the answer of ``node`` in a result the generated breakdown
    builds (see :func:`write_nodes`).  A float is read as typed (0.1 as 1/10, not as the
    binary fraction it is), so it is remembered apart from the equal Decimal or integer
    (``F<i>``).  Only a number: a float for a yes/no is read by its value, as the plain yes
    or no it equals (``1.0`` is yes; see ``parse_bool``), and a float for a choice is read by
    the reference (its note keeps such a result out of the breakdown without notes), so their
    memos hold no float to be told apart."""
    return isinstance(node, LeafPlan) and node.kind.answer == "number"


#: what a group tells of its children's counted points in the generated breakdown (see
#: :func:`write_nodes`): the position of its capped flag in the full scorer's output
#: (:data:`ALWAYS_ASKED`: an aggregate that picks children, or the root; :data:`NEVER_CUT`: it
#: may cut only when left out), the indices of the children it may tell, in document order,
#: and the positions of the excluded flags all set when N/A left every base child out (its
#: own; the root's base children's), empty when that cannot be
CountedSpec = tuple[int, tuple[int, ...], tuple[int, ...]]
ALWAYS_ASKED = -1
NEVER_CUT = -2


def write_nodes(
    order: list[NodePlan],
    keys: list[NodeKey],
    *,
    notes: bool = False,
    flat: bool = False,
    counted: Sequence[CountedSpec] = (),
) -> Source:
    """The source of ``nodes(N, O)``: the full scorer's output ``O`` to every node's
    :class:`~tiercert.result.NodeResult`, in document order, as a dict (``flat``: as a
    tuple, the values alone: a dict of many entries costs more to build than the lookups
    that fill it, and the ids are the same for every result).  Without ``notes``,
    for the usual result only (nothing handed to the reference, so nothing excluded; the
    evaluator checks): each node is one lookup in its own memo (``M<i>``; ``C<i>`` for a
    capped group or an answer lacking its evidence, ``F<i>`` for a float answer to a number,
    see :func:`_float_answers`), and
    ``_mk(i, O)`` builds and remembers what is not there yet.  With ``notes``, for a result
    some of whose answers the reference scored: their NodeResults are in ``N`` (by node
    position), and a group that N/A left out is ``X<i>``.  Never for a result with a group
    scored directly.  ``counted``: after every node is looked up, each group that may have
    counted only some of its children's points (only where its capped flag is set, when
    it has one, or, with ``notes``, where N/A left every base child out) has ``K<k>``
    (:meth:`~tiercert._fast.counted.GroupCounts.tell`, ``k`` its place in ``counted``; with
    ``noted=True`` in the breakdown with notes) give those children again, with what
    counted of their points.
    Ids appear only as :func:`lit` of ids re-checked."""
    src = Source()
    src.add(0, "def nodes(N, O):")
    names: list[str] = []
    for i, (how, at, other, excluded) in enumerate(keys):
        n = f"n{i}"
        names.append(n)
        x = f"O[{integer(at)}]"
        depth = 1
        if notes and how in ("answer", "evidence"):
            src.add(1, f"{n} = N.get({integer(i)})")
            src.add(1, f"if {n} is None:")
            depth = 2
        elif notes and excluded >= 0:
            src.add(1, f"if O[{integer(excluded)}]:")
            src.add(2, f"{n} = X{i}")
            src.add(1, "else:")
            depth = 2
        if how == "evidence":  # a float value: built each time (rare: numbers with evidence)
            src.add(depth, f"if {x}.__class__ is _Fl:")
            src.add(depth + 1, f"{n} = _mk({integer(i)}, O)")
            src.add(depth, "else:")
            depth += 1
            memo = f"(C{i} if O[{integer(other)}] is True else M{i})"
        elif how == "group":  # a Fraction score by its two integers (see _score_key)
            src.add(depth, f"x = {x}")
            src.add(depth, "if x.__class__ is not int:")
            src.add(depth + 1, "x = (x.numerator, x.denominator)")
            x = "x"
            memo = f"(C{i} if O[{integer(other)}] else M{i})"
        elif how == "answer" and _float_answers(order[i]):
            # read once; a float apart, a Decimal by its text (a new Decimal's hash costs
            # several times its text: the full scorer's answers come as given)
            # (a whole number, the usual answer, tested first: one test, as before Decimals)
            src.add(depth, f"x = {x}")
            src.add(depth, "if (xk := x.__class__) is _Dec:")
            src.add(depth + 1, "x = _Str(x)")
            x = "x"
            memo = f"(M{i} if xk is int else F{i} if xk is _Fl else D{i} if xk is _Dec else M{i})"
        else:
            memo = f"M{i}"
        src.add(depth, "try:")
        src.add(depth + 1, f"{n} = {memo}[{x}]")
        src.add(depth, "except (KeyError, TypeError):")
        src.add(depth + 1, f"{n} = _mk({integer(i)}, O)")
    for k, (capped, told, bare) in enumerate(counted):
        depth = 1
        # without notes nothing is left out (N/A is the reference's): only the caps cut
        tests = [f"O[{integer(capped)}]"] if capped >= 0 else []
        if notes and bare:
            tests.append(" and ".join(f"O[{integer(at)}]" for at in bare))
        if capped != ALWAYS_ASKED:
            if not tests:
                continue  # it cuts only when left out, and nothing is without notes
            src.add(1, f"if {' or '.join(tests)}:")
            depth = 2
        children = ", ".join(f"n{integer(i)}" for i in told)
        noted = ", noted=True" if notes else ""  # (N/A may have left some out)
        src.add(depth, f"{children}{',' if len(told) == 1 else ''} = K{k}(O, {children}{noted})")
    if flat:
        src.add(1, f"return ({''.join(f'{n}, ' for n in names)})")
        return src
    entries = ", ".join(f"{lit(node.id)}: {n}" for node, n in zip(order, names, strict=True))
    src.add(1, f"return {{{entries}}}")
    return src
