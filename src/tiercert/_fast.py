"""Fast evaluation: each rubric's plan becomes Python source once, compiled, then just called.

The reference evaluator (:mod:`tiercert._reference`) walks the plan for every assessment; here the
walk happens once, at build time, and what is left is straight-line code per rubric: one dict
lookup and a comparison or two per criterion, with the answer checks generated into it.

**Numbers.**  Every score is held as an integer in units of ``1/S`` with ``S = 10**k``, ``k``
the most decimal places any number of the rubric has (``2.5`` points and ``0.25`` weights: S =
100).  Sums, caps, bands, counts, deductions, tier minimums and gate thresholds are then plain
integer operations, exact by construction.  Where the rules divide (linear rules, ``scaled``
and ``weighted`` groups, N/A rescaling, rounding to fewer places) the value becomes an exact
:class:`~fractions.Fraction` of those units; Python mixes the two types exactly, so nothing
else changes.  Percentages are compared by cross-multiplying, never by dividing.

**Same answers as the reference, by construction.**  The generated code handles the plain,
common inputs itself (``True``/``False``, an exact level id, a number in range, an absent answer
when missing answers score zero).  Anything else about one answer (a mapping with evidence,
``"na"``, text to parse) is handed to the reference's own functions for that one criterion
(``_read_leaf``, ``_Scoring.leaf``), and unusual aggregates to ``_Scoring._aggregate``.  On any
doubt about the whole input (an unknown or extra key, a value the reference would refuse,
``None``) the code raises :class:`Fallback` and the caller runs the reference evaluator, which
then reports exactly the problems it always reports.  Gate failures are explained by the
reference's own ``_Scoring.condition`` over the values computed here.  The property tests in
``tests/test_fast_equivalence.py`` compare both engines on generated rubrics and answers.

**Two scorers per rubric** (each as a verdict and a full variant): an entry scorer for the
usual input, every criterion answered and no group scored directly, which reads
``answers[key]`` and carries none of the direct-score bookkeeping, and a general scorer that it
hands everything else to (a ``KeyError``, a count that does not add up, any doubt).

**Safety of the generated code.**  No text from a rubric or an assessment ever becomes code.
The source is assembled from fixed templates; variable names are built from positions
(``s12``, ``f3``), never from ids; integers are written with ``repr`` of values checked to be
``int``; ids appear only as ``repr`` of strings re-checked here against the id pattern (letters,
digits, ``_ . -``), and every other value (level names, fact options, expected strings,
Fractions, result records) is passed in the namespace under a generated name.  The
plan itself comes from a rubric validated by the pydantic models and checked by
:mod:`tiercert.checks`.  ``exec`` runs with that namespace and no builtins but ``len``,
``int``, ``str``, ``TypeError`` and ``KeyError``.  Anything the generator does not know (a new
rule kind, a new plan field) raises :class:`Unsupported`, and the rubric is evaluated by the
reference only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from ._compile import (
    ROOT_ID,
    CondPlan,
    FactPlan,
    GroupPlan,
    LeafPlan,
    Logic,
    NodePlan,
    Plan,
    RoundSpec,
    Test,
)
from ._literals import BOOLEAN_WORDS, MAX_DIGITS, NA_WORDS, parse_bool, parse_number
from ._numbers import (
    DISPLAY_PLACES,
    HUNDRED,
    ZERO,
    RoundingMode,
    decimal_places,
    display_number,
    round_to,
)
from ._reference import (
    ANSWER_KEYS,
    EVIDENCE_BITS,
    Answer,
    Inputs,
    RubricInfo,
    _apply_round,
    _holds,
    _read_direct,
    _read_leaf,
    _Scoring,
    band_of,
    evidence_bits,
    lacking_detail,
    needed_bits,
    parse_fact,
    percentage_of,
)
from .result import GateResult, NextTier, NodeResult, Result, TierRef, Verdict

__all__ = ["Fallback", "FastEvaluator", "RowLayout", "RowScorer", "Unsupported", "build"]


class Fallback(Exception):
    """The fast path cannot vouch for this input: the reference evaluator decides."""


class Unsupported(Exception):
    """The plan uses something the generator does not know: use the reference evaluator."""


_ID = re.compile(r"[A-Za-z0-9@][A-Za-z0-9_.\-]*")

# Plan fields the generator understands; a new one means the engine learned something new that
# the generated code would silently ignore, so such a rubric is left to the reference.
_LEAF_FIELDS = frozenset(
    {
        *("id", "max", "kind", "provisional", "round", "na", "na_evidence", "evidence"),
        *("points", "levels", "bands", "min_inclusive", "low", "high", "start", "end"),
        *("per_item", "base", "floor", "max_items", "when", "answer_from", "is_group"),
    }
)
_GROUP_FIELDS = frozenset(
    {
        *("id", "max", "bonus_max", "children", "aggregate", "top", "bonus_cap"),
        *("incomplete_cap", "round", "direct", "provisional", "weights", "bonus", "is_group"),
    }
)
_KINDS = frozenset(
    {"boolean", "levels", "bands", "linear", "count", "deduction", "direct", "condition"}
)
_AGGREGATES = frozenset({"sum", "scaled", "weighted", "tiered"})
_OPERATORS = frozenset({"equals", "not_equals", "in", "at_least", "at_most", "above", "below"})
_COMPARE = {"at_least": ">=", "at_most": "<=", "above": ">", "below": "<"}
_NUMERIC_KINDS = frozenset({"bands", "linear", "direct", "count", "deduction"})


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


#: an answer or fact that was not given
MISSING: Any = _Missing()
#: the score of a criterion answered N/A and removed from its parent's maximum
EXCLUDED: Any = type("_Excluded", (), {"__slots__": (), "__repr__": lambda self: "<excluded>"})()

Scaled = int | Fraction


def _lit(text: str) -> str:
    """An id as a Python string literal: only ever for ids re-checked against the id pattern."""
    if not isinstance(text, str) or not _ID.fullmatch(text):
        raise Unsupported(f"unexpected id {text!r}")
    return repr(text)


def _int(value: int) -> str:
    if type(value) is not int:
        raise Unsupported(f"not an integer: {value!r}")
    return repr(value)


def _leaf_final(leaf: LeafPlan, raw: Fraction) -> Fraction:
    """A leaf's score from its rule's points, as the reference finishes it: capped, rounded."""
    return min(_apply_round(min(raw, leaf.max), leaf.round), leaf.max)


def _norm(value: Fraction | int) -> Scaled:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


# --- number helpers shared by every generated scorer of one scale -------------------------------


class _Numbers:
    """Conversions between scaled values (units of ``1/S``) and the reference's numbers."""

    def __init__(self, places: int) -> None:
        self.places = places
        self.scale: int = 10**places
        #: the natural values already made, by scaled integer (read directly by generated code)
        self.naturals: dict[int, Fraction] = {}

    def scaled(self, value: Fraction) -> Scaled:
        return _norm(value * self.scale)

    def natural(self, value: Scaled) -> Fraction:
        """The value a result holds: the exact Fraction of a scaled value (remembered for
        integers, which repeat)."""
        if type(value) is not int:
            return cast(Fraction, value) / self.scale
        found = self.naturals.get(value)
        if found is None:
            found = Fraction(value, self.scale)
            if len(self.naturals) < 4096:
                self.naturals[value] = found
        return found

    def text(self, value: Scaled) -> str:
        """:func:`~tiercert._numbers.display_number` of the natural value (``"79.5"``,
        ``"80"``), made from the digits of a scaled integer when it has few places."""
        places = self.places
        if type(value) is not int or not places or places > DISPLAY_PLACES:
            return display_number(self.natural(value))
        digits = str(-value if value < 0 else value).rjust(places + 1, "0")
        whole, part = digits[:-places], digits[-places:].rstrip("0")
        text = f"{whole}.{part}" if part else whole
        return "-" + text if value < 0 else text

    def round(self, value: Scaled, places: int, mode: RoundingMode) -> Scaled:
        """Exactly :func:`tiercert._numbers.round_to` on the natural value, kept scaled."""
        if type(value) is int:
            shift = self.places - places
            if shift <= 0:
                return value
            unit: int = 10**shift
            number = value
            negative = number < 0
            magnitude = -number if negative else number
            whole, rest = divmod(magnitude, unit)
            if rest:
                twice = 2 * rest
                if (
                    mode is RoundingMode.UP
                    or (mode is RoundingMode.HALF_UP and twice >= unit)
                    or (
                        mode is RoundingMode.HALF_EVEN
                        and (twice > unit or (twice == unit and whole % 2))
                    )
                ):
                    whole += 1
            rounded = whole * unit
            return -rounded if negative else rounded
        return self.scaled(round_to(self.natural(value), places, mode))


#: conversions of whole numbers (answers such as a count of 3)
_WHOLE = _Numbers(0)


def _maker(cls: type[Any]) -> Callable[..., Any]:
    """``cls(*fields)`` without a frozen dataclass's ``__init__`` (it costs twice as much).

    The fields are set through the class's slot descriptors, which is all that ``__init__``
    does; a class with ``__post_init__`` (or without slots) is called as usual.
    """
    names = [f.name for f in fields(cls)]
    if hasattr(cls, "__post_init__") or getattr(cls, "__slots__", None) is None:
        return cls
    if not all(f.init for f in fields(cls)):
        return cls
    params = ", ".join(f"p{i}" for i in range(len(names)))
    body = "".join(f"    S{i}(o, p{i})\n" for i in range(len(names)))
    code = f"def make({params}):\n    o = _new(_cls)\n{body}    return o\n"
    namespace: dict[str, Any] = {"__builtins__": {}, "_new": object.__new__, "_cls": cls}
    namespace.update({f"S{i}": cls.__dict__[name].__set__ for i, name in enumerate(names)})
    exec(compile(code, f"<tiercert {cls.__name__} maker>", "exec"), namespace)
    return cast(Callable[..., Any], namespace["make"])


_new_result = _maker(Result)
_new_node = _maker(NodeResult)


# --- the generator ----------------------------------------------------------------------------


class _Source:
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


class _Generator:
    """Writes the scorer of one plan: ``full=False`` for the verdict, True for the breakdown."""

    def __init__(self, plan: Plan, numbers: _Numbers, full: bool, *, entry: bool = False) -> None:
        self.plan = plan
        self.num = numbers
        self.full = full
        # entry: the variant tried first, for the usual input: every answer there (read with
        # a[key], a missing one raises KeyError) and no group scored directly (none of that
        # bookkeeping). On any doubt it hands over to the general variant, ``_general``.
        self.entry = entry
        self.no_direct = entry
        self.src = _Source()
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
        self._scan(plan.root, None)
        for cond in self._conditions():
            self._collect_answers(cond)
        #: what the full scorer returns after (total, reached index): (kind, position) pairs
        self.layout: list[tuple[str, int]] = []

    def _direct(self, group: GroupPlan) -> bool:
        """Whether this scorer handles ``group`` being scored directly."""
        return group.direct and not self.no_direct

    # analysis

    def _scan(self, group: GroupPlan, guard: int | None) -> None:
        for child in group.children:
            self.guard[child.id] = guard
            if isinstance(child, GroupPlan):
                if {f.name for f in fields(child)} != _GROUP_FIELDS:
                    raise Unsupported("unknown group field")
                if child.aggregate not in _AGGREGATES:
                    raise Unsupported(f"aggregate {child.aggregate}")
                inner = self.index[child.id] if self._direct(child) else guard
                self._scan(child, inner)
            else:
                if {f.name for f in fields(child)} != _LEAF_FIELDS:
                    raise Unsupported("unknown leaf field")
                if child.kind not in _KINDS:
                    raise Unsupported(f"rule kind {child.kind}")
                if child.na == "excluded" and child.kind != "condition":
                    self.may_exclude.add(child.id)
                if child.answer_from is not None:
                    source = self.plan.nodes.get(child.answer_from)
                    if (
                        not isinstance(source, LeafPlan)
                        or source.answer_from is not None
                        or source.kind == "condition"
                    ):
                        raise Unsupported("answer_from chain")
            if child.max < 0:
                raise Unsupported("negative maximum")
        if group.aggregate not in _AGGREGATES:
            raise Unsupported(f"aggregate {group.aggregate}")
        base = [c for c, b in zip(group.children, group.bonus, strict=True) if not b]
        if base and all(c.id in self.may_exclude for c in base):
            self.may_exclude.add(group.id)

    def _conditions(self) -> Iterator[CondPlan]:
        for gate in self.plan.gates:
            yield gate.when
        for node in self.order:
            if isinstance(node, LeafPlan) and node.when is not None:
                yield node.when

    def _collect_answers(self, cond: CondPlan) -> None:
        if isinstance(cond, Logic):
            if cond.op not in ("all", "any", "not"):
                raise Unsupported(f"logic {cond.op}")
            for item in cond.items:
                self._collect_answers(item)
            return
        if cond.subject not in ("fact", "answer", "score", "percent", "each_child_of"):
            raise Unsupported(f"subject {cond.subject}")
        for op, _ in cond.operators:
            if op not in _OPERATORS:
                raise Unsupported(f"operator {op}")
        if cond.subject == "answer":
            leaf = self.plan.nodes.get(cond.target)
            if not isinstance(leaf, LeafPlan):
                raise Unsupported("answer of a group")
            if leaf.kind != "condition":
                self.answer_read.add(leaf.answer_from or leaf.id)

    # small pieces of code

    def v(self, prefix: str, node: NodePlan) -> str:
        return (
            "sR" if node is self.plan.root and prefix == "s" else f"{prefix}{self.index[node.id]}"
        )

    def sc(self, value: Fraction) -> str:
        """A scaled constant as code: an int literal, or a named Fraction."""
        scaled = self.num.scaled(value)
        return _int(scaled) if isinstance(scaled, int) else self.src.const(scaled)

    def natural(self, value: Fraction) -> str:
        if value.denominator == 1:
            return _int(value.numerator)
        return self.src.const(value)

    def final(self, leaf: LeafPlan, raw: Fraction) -> str:
        """Code for a leaf's score from a constant raw score: capped, rounded, scaled."""
        return self.sc(_leaf_final(leaf, raw))

    def round_code(self, depth: int, var: str, spec: RoundSpec | None, ceiling: Fraction) -> None:
        """Round ``var`` as declared; rounding never lifts a score above ``ceiling``."""
        if spec is None:
            return
        places, mode = spec
        inner = depth
        if places >= self.num.places:
            self.src.add(depth, f"if {var}.__class__ is not int:")
            inner += 1
        self.src.add(inner, f"{var} = _round({var}, {_int(places)}, {self.src.const(mode)})")
        self.src.add(depth, f"if {var} > {self.sc(ceiling)}:")
        self.src.add(depth + 1, f"{var} = {self.sc(ceiling)}")

    # the function

    def write(self) -> str:
        src, plan = self.src, self.plan
        name = "full" if self.full else "verdict"
        src.add(0, f"def {name}(A, F, mz, st):")
        answerable = self._answerable(plan.root)
        if self.entry:  # more answers than criteria: maybe a group's score, see _general
            src.add(1, f"if len(A) != {_int(len(answerable))}:")
            src.add(2, "return _general(A, F, mz, st)")
        else:
            src.add(1, "g = A.get")
        if not self.entry:
            src.add(1, f"cnt = {_int(len(answerable))}")
        self._fetch(plan.root.children, 1)
        if not self.entry:  # the entry variant read every key with A[key]: it has them all
            src.add(1, "if len(A) != (cnt - st[-1] if -1 in st else cnt):")
            src.add(2, "raise _Fallback")
        self._facts(1)
        self._decide()
        if self.full:
            self._return_full()
        else:
            # the exact total: from the memo of the conversions (a call only when new)
            src.add(1, "d = _NATS.get(T)")
            src.add(1, "if d is None:")
            src.add(2, "d = _nat(T)")
            for t in reversed(range(len(plan.tiers))):
                src.add(1, f"if o{t}:")
                src.add(2, f"return _mk(_V, (d, {src.const(plan.tiers[t].certified)}, TR{t}))")
            src.add(1, "return _mk(_V, (d, False, None))")
        # an answer of an unexpected type (a list for a level...) is the reference's to judge
        body = ["    " + line for line in src.lines[1:]]
        if self.entry:  # any doubt here: the general scorer decides (it may fall back)
            ending = ["    except (KeyError, TypeError, _Fallback):", "        st.clear()"]
            ending.append("        return _general(A, F, mz, st)")
        else:
            ending = ["    except TypeError:", "        raise _Fallback"]
        lines = [src.lines[0], "    try:", *body, *ending]
        return "\n".join(lines) + "\n"

    def _decide(self) -> None:
        """Every score from the answers read, then the total ``T``, gates ``G<j>`` and whether
        each tier's conditions hold (``o<t>``)."""
        src, plan = self.src, self.plan
        for node in self._topological():
            self._compute(node)
        src.add(1, "T = sR")
        self.round_code(1, "T", plan.total_round, plan.root.full_max)
        for j, gate in enumerate(plan.gates):
            src.add(1, f"G{j} = {self.cond(gate.when)}")
        required: set[int] = set()
        for t, tier in enumerate(plan.tiers):
            gates = {
                j
                for j, gate in enumerate(plan.gates)
                if gate.tiers is None or tier.id in gate.tiers
            }
            parts = [f"T >= {self.sc(tier.min)}"]
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

    def _answerable(self, group: GroupPlan) -> list[LeafPlan]:
        out: list[LeafPlan] = []
        for child in group.children:
            if isinstance(child, GroupPlan):
                out.extend(self._answerable(child))
            elif child.kind != "condition" and child.answer_from is None:
                out.append(child)
        return out

    # phase 1: read every answer (nested under the groups that may be scored directly)

    def _fetch(self, children: tuple[NodePlan, ...], depth: int) -> None:
        src = self.src
        for node in children:
            if isinstance(node, GroupPlan):
                if not self._direct(node):
                    self._fetch(node.children, depth)
                    continue
                i = self.index[node.id]
                below = self._answerable(node)
                src.add(depth, f"if {_lit(node.id)} in A:")
                src.add(depth + 1, f"s{i} = _direct({_int(i)}, A[{_lit(node.id)}])")
                src.add(depth + 1, f"d{i} = u{i} = True")
                src.add(depth + 1, f"c{i} = False")
                if node.id in self.may_exclude:
                    src.add(depth + 1, f"e{i} = False")
                src.add(depth + 1, f"cnt += {_int(1 - len(below))}")
                self._hide(node, depth + 1)
                for inner in self._groups_below(node):
                    if inner.direct:
                        k = self.index[inner.id]
                        src.add(depth + 1, f"d{k} = False")
                        src.add(depth + 1, f"u{k} = True")
                src.add(depth, "else:")
                src.add(depth + 1, f"d{i} = u{i} = False")
                self._fetch(node.children, depth + 1)
            elif node.kind != "condition" and node.answer_from is None:
                i = self.index[node.id]
                read = f"A[{_lit(node.id)}]" if self.entry else f"g({_lit(node.id)}, _M)"
                # the verdict reads most answers once: one shared variable keeps the frame
                # small (a 10,000-criterion rubric would otherwise need 30,000 locals)
                raw = f"r{i}" if self.full or node.id in self.shared else "r"
                src.add(depth, f"{raw} = {read}")
                self._leaf(node, raw, depth)
                if node.id in self.may_exclude:
                    self._excluded_leaf(node, depth)

    def _hide(self, group: GroupPlan, depth: int) -> None:
        """Values a group scored directly leaves unset, that other code may still read."""
        names: list[str] = []
        sources = self.shared
        stack = list(group.children)
        while stack:
            node = stack.pop()
            if isinstance(node, GroupPlan):
                stack.extend(node.children)
            if node.id in sources:  # a criterion outside may read this one's answer
                self.src.add(depth, f"{self.v('r', node)} = _M")
            if node.id in self.answer_read:
                names.append(self.v("a", node))
            if not self.full:
                continue  # the verdict never reads a hidden score: every read is guarded
            names.append(self.v("s", node))
            if isinstance(node, GroupPlan):
                names.append(self.v("c", node))
            elif node.kind == "condition":
                names.append(self.v("m", node))
            elif node.answer_from is None:
                names.append(self.v("r", node))
            if isinstance(node, LeafPlan) and _inline_evidence(node):
                names += [self.v("v", node), self.v("w", node)]
            if node.id in self.may_exclude:
                names.append(self.v("e", node))
        for start in range(0, len(names), 200):
            self.src.add(depth, " = ".join(names[start : start + 200]) + " = None")

    def _groups_below(self, group: GroupPlan) -> Iterator[GroupPlan]:
        for child in group.children:
            if isinstance(child, GroupPlan):
                yield child
                yield from self._groups_below(child)

    def _leaf(self, leaf: LeafPlan, raw: str, depth: int) -> None:
        """Score one answered leaf from the raw answer in variable ``raw``."""
        src = self.src
        s = f"s{self.index[leaf.id]}"
        kind = leaf.kind
        given = raw  # the answer as given: what the reference reads when it decides
        if not _inline_evidence(leaf):
            self._leaf_value(leaf, raw, given, depth, 0)
            return
        # evidence checked inline: an answer {value, justification, url} is unpacked, scored
        # like a plain value, and zeroed when the evidence it needs is not there; the full
        # scorer keeps the value (v<i>) and whether evidence was missing (w<i>) for the result
        i = self.index[leaf.id]
        v = f"v{i}" if self.full else "v"
        src.add(depth, f"if {given}.__class__ is _D:")
        src.add(depth + 1, f"{v}, ev = _evd({given})")
        src.add(depth, "else:")
        src.add(depth + 1, f"{v}, ev = {given}, 0")
        if kind == "levels":
            self._levels_with_evidence(leaf, v, given, depth)
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

    def _levels_with_evidence(self, leaf: LeafPlan, v: str, given: str, depth: int) -> None:
        """A choice whose levels need evidence, value in ``v`` and evidence bits in ``ev``:
        one table per combination of evidence (a level lacking what it needs scores 0)."""
        src = self.src
        i = self.index[leaf.id]
        levels = [
            (level, points, needed_bits(needs))
            for level, (points, needs) in leaf.levels.items()
            if level.strip().lower() not in NA_WORDS
        ]
        lacking = [
            {level for level, points, need in levels if points > 0 and (ev & need) != need}
            for ev in range(4)
        ]
        tables = [
            {
                level: self.num.scaled(_leaf_final(leaf, ZERO if level in lacking[ev] else points))
                for level, points, _ in levels
            }
            for ev in range(4)
        ]
        name = src.const(tables)
        src.add(depth, f"s{i} = {name}[ev].get({v}) if {v}.__class__ is str else None")
        src.add(depth, f"if s{i} is None:")
        self._slow(leaf, given, depth + 1)
        if self.full:
            src.add(depth + 1, f"w{i} = False")
        if leaf.id in self.answer_read or self.full:
            src.add(depth, "else:")
            if leaf.id in self.answer_read:
                src.add(depth + 1, f"a{i} = {v}")
            if self.full:
                src.add(
                    depth + 1, f"w{i} = {v} in {src.const([frozenset(x) for x in lacking])}[ev]"
                )

    def _slow(self, leaf: LeafPlan, given: str, depth: int) -> None:
        """The reference reads and scores the answer ``given`` (everything unusual, in one
        call; it also counts missing answers in ``st[-1]``)."""
        i = self.index[leaf.id]
        target = f"a{i}" if leaf.id in self.answer_read else "_"
        self.src.add(depth, f"s{i}, {target} = _slow({_int(i)}, {given}, mz, st)")

    def _leaf_value(self, leaf: LeafPlan, raw: str, given: str, depth: int, need: int) -> None:
        """Score the value in variable ``raw`` (``given``: the answer as given, for the
        reference); ``need``: evidence checked inline (the reference's scores then say
        ``ev = need``, having judged the evidence themselves)."""
        src = self.src
        i = self.index[leaf.id]
        s = f"s{i}"
        reads = leaf.id in self.answer_read
        keep = f"; a{i} = {{value}}" if reads else ""

        def slow(d: int) -> None:
            self._slow(leaf, given, d)
            if need:  # the reference judged the evidence itself
                src.add(d, f"ev = {need}")

        kind = leaf.kind
        if kind == "boolean" and (need or not leaf.evidence):
            src.add(depth, f"if {raw} is True:")
            src.add(depth + 1, f"{s} = {self.final(leaf, leaf.points)}" + keep.format(value="True"))
            src.add(depth, f"elif {raw} is False:")
            src.add(depth + 1, f"{s} = {self.final(leaf, ZERO)}" + keep.format(value="False"))
            src.add(depth, "else:")
            slow(depth + 1)
            return
        if kind == "levels":
            table = {
                level: self.num.scaled(_leaf_final(leaf, points))
                for level, (points, needs) in leaf.levels.items()
                if not (needs and points > 0) and level.strip().lower() not in NA_WORDS
            }
            if table:
                name = src.const(table)
                src.add(depth, f"{s} = {name}.get({raw}) if {raw}.__class__ is str else None")
                src.add(depth, f"if {s} is None:")
                slow(depth + 1)
                if reads:
                    src.add(depth, "else:")
                    src.add(depth + 1, f"a{i} = {raw}")
                return
        if kind in _NUMERIC_KINDS and (need or not leaf.evidence):
            value = "n" if raw in ("r", "v") else f"n{i}"  # shared temporaries, or its own
            src.add(depth, f"{value} = {raw} if {raw}.__class__ is int else _num({raw})")
            refused = self._refused(leaf, value)
            # a shared answer must suit every criterion reading it, also one that a group's
            # direct score hides (whose own checks never run): the reference decides otherwise
            for reader in self.plan.readers.get(leaf.id, ()):
                if reader.kind in _NUMERIC_KINDS:
                    refused += " or " + self._refused(reader, value)
            src.add(depth, f"if {refused}:")
            slow(depth + 1)
            src.add(depth, "else:")
            self._numeric(leaf, value, s, depth + 1)
            if reads:
                src.add(depth + 1, f"a{i} = {value}")
            return
        slow(depth)  # evidence needed, or no plain answer can score it: the reference decides

    def _refused(self, leaf: LeafPlan, value: str) -> str:
        """A test that ``value`` (a number or None) is no answer this numeric rule accepts."""
        checks = [f"{value} is None"]
        if leaf.kind in ("count", "deduction"):
            checks.append(f"{value}.__class__ is not int")
            checks.append(f"{value} < 0")
            if leaf.max_items is not None:
                checks.append(f"{value} > {_int(leaf.max_items)}")
        else:
            if leaf.low is not None:
                checks.append(f"{value} < {self.natural(leaf.low)}")
            if leaf.high is not None:
                checks.append(f"{value} > {self.natural(leaf.high)}")
        return " or ".join(checks)

    def _numeric(self, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
        src = self.src
        kind = leaf.kind
        if kind == "bands":
            last = len(leaf.bands) - 1
            known_low = leaf.low  # the range check (or failed earlier bands) guarantee this much
            for b, (low, high, points) in enumerate(leaf.bands):
                parts = []
                if leaf.min_inclusive:
                    if low is not None and (known_low is None or low > known_low):
                        parts.append(f"{value} >= {self.natural(low)}")
                        known_low = None
                    elif high is not None:
                        known_low = high  # not in this band, and not below it: at least high
                    if high is not None and b != last:
                        parts.append(f"{value} < {self.natural(high)}")
                    elif high is not None and (leaf.high is None or high < leaf.high):
                        parts.append(f"{value} <= {self.natural(high)}")  # the last band is closed
                else:
                    if low is not None:
                        lower = f"{value} > {self.natural(low)}"
                        if b == 0:
                            lower = f"{value} >= {self.natural(low)}"
                        parts.append(lower)
                    if high is not None:
                        parts.append(f"{value} <= {self.natural(high)}")
                if not parts and b:  # the range check leaves only this band
                    src.add(depth, "else:")
                    src.add(depth + 1, f"{s} = {self.final(leaf, points)}")
                    return
                test = " and ".join(parts) or "True"
                src.add(depth, f"{'if' if b == 0 else 'elif'} {test}:")
                src.add(depth + 1, f"{s} = {self.final(leaf, points)}")
            src.add(depth, "else:")
            src.add(depth + 1, f"{s} = {self.final(leaf, ZERO)}")
            return
        if kind == "linear":
            self._linear(leaf, value, s, depth)
            return
        if kind == "direct":
            src.add(depth, f"{s} = {value} * {_int(self.num.scale)}")
        elif kind == "count":
            src.add(depth, f"{s} = {value} * {self.sc(leaf.per_item)}")
        else:  # deduction
            src.add(depth, f"{s} = {self.sc(leaf.base)} - {value} * {self.sc(leaf.per_item)}")
            src.add(depth, f"if {s} < {self.sc(leaf.floor)}:")
            src.add(depth + 1, f"{s} = {self.sc(leaf.floor)}")
        src.add(depth, f"if {s} > {self.sc(leaf.max)}:")
        src.add(depth + 1, f"{s} = {self.sc(leaf.max)}")
        self.round_code(depth, s, leaf.round, leaf.max)

    def _linear(self, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
        """Clamped at the anchors, proportional between: an exact division only in between."""
        src = self.src
        (a, pa), (b, pb) = leaf.start, leaf.end
        if a == b:
            raise Unsupported("degenerate linear rule")
        (low, low_points), (high, high_points) = sorted([(a, pa), (b, pb)])
        slope = (self.num.scaled(pb) - self.num.scaled(pa)) / (b - a)
        src.add(depth, f"if {value} <= {self.natural(low)}:")
        src.add(depth + 1, f"{s} = {self.final(leaf, low_points)}")
        src.add(depth, f"elif {value} >= {self.natural(high)}:")
        src.add(depth + 1, f"{s} = {self.final(leaf, high_points)}")
        src.add(depth, "else:")
        inner = depth + 1
        src.add(inner, f"{s} = ({value} - {self.natural(a)}) * {_int(slope.numerator)}")
        if slope.denominator == 1:  # a decimal answer: a Fraction, whole more often than not
            src.add(inner, f"if {s}.__class__ is not int:")
            src.add(inner + 1, f"{s} = _frac({s}, 1)")
        else:
            den = _int(slope.denominator)
            src.add(inner, f"if {s}.__class__ is int and {s} % {den} == 0:")
            src.add(inner + 1, f"{s} //= {den}")
            src.add(inner, "else:")
            src.add(inner + 1, f"{s} = _frac({s}, {den})")
        src.add(inner, f"{s} += {self.sc(pa)}")
        src.add(inner, f"if {s} > {self.sc(leaf.max)}:")
        src.add(inner + 1, f"{s} = {self.sc(leaf.max)}")
        self.round_code(inner, s, leaf.round, leaf.max)

    # facts

    def _facts(self, depth: int) -> None:
        src = self.src
        if not self.facts:
            src.add(depth, "if F:")
            src.add(depth + 1, "raise _Fallback")
            return
        src.add(depth, f"nf = {_int(len(self.facts))}")
        src.add(depth, "h = F.get")
        for j, fact in enumerate(self.facts):
            src.add(depth, f"x = h({_lit(fact.id)}, _M)")
            if fact.type == "boolean":
                fast = "x is True or x is False"
            elif fact.type in ("number", "integer"):
                fast = "x.__class__ is int"
            elif fact.type == "choice":
                fast = f"x.__class__ is str and x in {src.const(frozenset(fact.options))}"
            elif fact.type == "text":
                fast = "x.__class__ is str and x.isascii()"  # other text: NFC, by _fact
            else:
                raise Unsupported(f"fact type {fact.type}")
            src.add(depth, f"if {fast}:")
            src.add(depth + 1, f"f{j} = x")
            src.add(depth, "else:")
            src.add(depth + 1, "if x is _M:")
            src.add(depth + 2, "nf -= 1")
            src.add(depth + 1, f"f{j} = _fact({_int(j)}, x)")
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
                return [self.plan.nodes[t] for t in _referenced(node.when, self.plan)]
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
        return [
            n
            for n in out
            if isinstance(n, GroupPlan) or n.kind == "condition" or n.answer_from is not None
        ]

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
        if node.kind == "condition":
            assert node.when is not None
            src.add(depth, f"m{i} = {self.cond(node.when)}")
            src.add(
                depth,
                f"s{i} = {self.final(node, node.points)} if m{i} else {self.final(node, ZERO)}",
            )
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
        base = [c for c, b in zip(group.children, group.bonus, strict=True) if not b]
        bonus = [c for c, b in zip(group.children, group.bonus, strict=True) if b]
        # a sum, or a share of the children's points ("scaled"), of every child: plain code
        summable = group.aggregate in ("sum", "scaled") and group.top is None
        excludable = [f"e{self.index[c.id]}" for c in base if c.id in self.may_exclude]
        if bonus:
            src.add(depth, "y = 0")
            for child in bonus:
                if child.id in self.may_exclude:
                    src.add(depth, f"if not e{self.index[child.id]}:")
                    src.add(depth + 1, f"y += {self.v('s', child)}")
                else:
                    src.add(depth, f"y += {self.v('s', child)}")
        if summable and not excludable:
            self._sum_group(group, base, bonus, gi, s, depth)
            return
        if summable:  # usually nothing is excluded: then it is a plain sum
            src.add(depth, f"if {' or '.join(excludable)}:")
            self._general_group(group, base, bool(bonus), gi, s, depth + 1)
            src.add(depth, "else:")
            self._sum_group(group, base, bonus, gi, s, depth + 1)
            if group.id in self.may_exclude:
                src.add(depth + 1, f"e{gi} = False")
            return
        self._general_group(group, base, bool(bonus), gi, s, depth)

    def _general_group(
        self, group: GroupPlan, base: list[NodePlan], bonus: bool, gi: str, s: str, depth: int
    ) -> None:
        """Any aggregate, through the reference's own ``_aggregate`` on scaled values."""
        src = self.src
        src.add(depth, "b = []")
        for child, weight in zip(group.children, group.weights, strict=True):
            if child not in base:
                continue
            entry = f"b.append(({self.v('s', child)}, {self.sc(child.max)}, "
            entry += f"{src.const(weight)}))"
            if child.id in self.may_exclude:
                src.add(depth, f"if not e{self.index[child.id]}:")
                src.add(depth + 1, entry)
            else:
                src.add(depth, entry)
        key = "-1" if group is self.plan.root else _int(self.index[group.id])
        src.add(depth, f"{s}, c{gi} = _group({key}, b, {'y' if bonus else '0'})")
        if group.id in self.may_exclude:
            src.add(depth, f"e{gi} = {s} is _EX")
            src.add(depth, f"if e{gi}:")
            src.add(depth + 1, f"{s} = 0")

    def _sum_group(
        self,
        group: GroupPlan,
        base: list[NodePlan],
        bonus: list[NodePlan],
        gi: str,
        s: str,
        depth: int,
    ) -> None:
        """A plain capped sum (or share, for "scaled"), when no child is excluded."""
        src = self.src
        terms = [self.v("s", c) for c in base]
        for start in range(0, max(len(terms), 1), 50):
            chunk = " + ".join(terms[start : start + 50]) or "0"
            src.add(depth, ("x += " if start else "x = ") + chunk)
        if group.aggregate == "scaled":  # the group's maximum times the share of points won
            self._share(group, base, depth)
        top = self.sc(group.max)
        # every child's score is at most its maximum (bonus included): when those add up to
        # no more than the group's maximum (for a share: than the children's maxima without
        # bonus, what the share divides by), the cap can never bite
        bound = sum((c.full_max if isinstance(c, GroupPlan) else c.max for c in base), ZERO)
        whole = sum((c.max for c in base), ZERO) if group.aggregate == "scaled" else group.max
        if bound <= whole:
            if self.full:
                src.add(depth, f"c{gi} = False")
        else:
            if self.full:
                src.add(depth, f"c{gi} = x > {top}")
            src.add(depth, f"if x > {top}:")
            src.add(depth + 1, f"x = {top}")
        if group.incomplete_cap is not None:
            cap = self.sc(group.incomplete_cap)
            short = [f"{self.v('s', c)} < {self.sc(c.max)}" for c in base]
            src.add(depth, f"if x > {cap} and ({' or '.join(short) or 'False'}):")
            src.add(depth + 1, f"x = {cap}")
            if self.full:
                src.add(depth + 1, f"c{gi} = True")
        if bonus:
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
        src.add(depth, f"{s} = x")
        self.round_code(depth, s, group.round, group.full_max)

    def _share(self, group: GroupPlan, base: list[NodePlan], depth: int) -> None:
        """``x`` (the children's points) becomes ``max * x / (their maxima)``, exactly."""
        src = self.src
        reach = self.num.scaled(sum((c.max for c in base), ZERO))
        if not reach:
            src.add(depth, "x = 0")
            return
        factor = Fraction(self.num.scaled(group.max)) / Fraction(reach)
        if factor.denominator == 1:
            src.add(depth, f"x = x * {_int(factor.numerator)}")
            return
        den = _int(factor.denominator)
        src.add(depth, f"x = x * {_int(factor.numerator)}")
        src.add(depth, f"if x.__class__ is int and x % {den} == 0:")
        src.add(depth + 1, f"x //= {den}")
        src.add(depth, "else:")
        src.add(depth + 1, f"x = _frac(x, {den})")

    # conditions as expressions

    def cond(self, cond: CondPlan) -> str:
        if isinstance(cond, Logic):
            parts = [self.cond(item) for item in cond.items]
            if cond.op == "not":
                return f"(not {parts[0]})"
            joiner = " and " if cond.op == "all" else " or "
            return "(" + joiner.join(parts) + ")"
        if cond.subject == "each_child_of":
            group = self.plan.root if cond.target == ROOT_ID else self.plan.nodes[cond.target]
            if not isinstance(group, GroupPlan):
                raise Unsupported("each_child_of a leaf")
            parts = [
                self.test(Test(cond.measure, child.id, cond.operators)) for child in group.children
            ]
            return "(" + (" and ".join(parts) or "True") + ")"
        return self.test(cond)

    def test(self, test: Test) -> str:
        if test.subject == "fact":
            j = self.fact_index[test.target]
            return self._typed(f"f{j}", self.facts[j].type, test)
        node = self.plan.nodes[test.target]
        guard = self.guard[node.id]
        if test.subject == "answer":
            assert isinstance(node, LeafPlan)
            if node.kind == "condition":
                return self._static(None, test)
            source = self.plan.nodes[node.answer_from] if node.answer_from else node
            assert isinstance(source, LeafPlan)
            var = f"a{self.index[source.id]}"
            kind = {"boolean": "answer_bool", "levels": "answer_text"}.get(
                source.kind, "answer_number"
            )
            expr = self._typed(var, kind, test)
        else:
            var = self.v("s", node)
            if test.subject == "score":
                expr = self._numbers(var, test, Fraction(self.num.scale))
            elif node.max == 0:
                expr = self._static(ZERO, test)
            else:
                expr = self._numbers(var, test, node.max * self.num.scale / HUNDRED)
            if node.id in self.may_exclude:
                expr = f"({self.v('e', node)} or {expr})"
        if guard is not None:
            expr = f"(not u{guard} and {expr})"
        return expr

    def _static(self, value: object, test: Test) -> str:
        return repr(all(_holds(value, op, expected) for op, expected in test.operators))

    def _typed(self, var: str, kind: str, test: Test) -> str:
        """A test on a value whose possible types are known from its fact or rule kind."""
        if kind in ("boolean", "answer_bool"):
            domain: list[object] = [True, False]
            if kind == "answer_bool":
                domain += ["na", None]
            return self._domain(var, domain, test)
        if kind in ("choice", "text", "answer_text"):
            parts = []
            if kind == "answer_text":
                parts.append(f"{var} is None and {self._static(None, test)}")
                guard = f"{var} is not None and "
            else:
                guard = ""
            return "(" + " or ".join([*parts, guard + self._strings(var, test)]) + ")"
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
        passing = [v for v in domain if all(_holds(v, op, e) for op, e in test.operators)]
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
        parts = []
        for op, expected in test.operators:
            if op in ("equals", "not_equals"):
                if isinstance(expected, str):
                    sign = "==" if op == "equals" else "!="
                    parts.append(f"{var} {sign} {self.src.const(expected)}")
                else:
                    parts.append("True" if op == "not_equals" else "False")
            elif op == "in":
                assert isinstance(expected, tuple)
                texts = frozenset(e for e in expected if isinstance(e, str))
                parts.append(f"{var} in {self.src.const(texts)}" if texts else "False")
            else:
                parts.append("False")  # an order on text never holds
        return "(" + " and ".join(parts) + ")"

    def _numbers(self, var: str, test: Test, unit: Fraction) -> str:
        """Operators on ``var``, a number in units of ``1/unit`` (``unit`` > 0)."""
        parts = []
        for op, expected in test.operators:
            if op == "in":
                assert isinstance(expected, tuple)
                numbers = [e for e in expected if _is_number(e)]
                alternatives = " or ".join(self._cmp(var, "==", e, unit) for e in numbers)
                parts.append(f"({alternatives or 'False'})")
            elif op in ("equals", "not_equals"):
                if _is_number(expected):
                    sign = "==" if op == "equals" else "!="
                    parts.append(self._cmp(var, sign, expected, unit))
                else:
                    parts.append("True" if op == "not_equals" else "False")
            elif _is_number(expected):
                parts.append(self._cmp(var, _COMPARE[op], expected, unit))
            else:
                parts.append("False")
        return "(" + " and ".join(parts) + ")"

    def _cmp(self, var: str, sign: str, expected: object, unit: Fraction) -> str:
        target = cast(Fraction, expected) * unit
        if target.denominator == 1:
            return f"{var} {sign} {_int(target.numerator)}"
        return f"{var} * {_int(target.denominator)} {sign} {_int(target.numerator)}"

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
            elif node.kind == "condition":
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


class _RowGenerator(_Generator):
    """Writes the row scorer of one plan for one sheet layout (see :class:`RowScorer`).

    The function takes a row's cells and reads each answer from its column position; every
    answer is looked up in its criterion's memo (cell text -> scaled score), which
    :class:`RowScorer` fills from the reference's own reading and scoring of that one answer.
    """

    def __init__(self, plan: Plan, numbers: _Numbers, layout: RowLayout) -> None:
        self.cols = layout  # before the analysis: ``_direct`` reads it
        self.memos: dict[int, Any] = {}  # leaf index -> memo (4 memos with evidence columns)
        self.direct_memos: dict[int, dict[Any, Any]] = {}
        self.fact_memos: dict[int, dict[Any, Any]] = {}
        super().__init__(plan, numbers, full=False)

    def _direct(self, group: GroupPlan) -> bool:
        # a group without a column in this sheet is never scored directly here
        return group.direct and group.id in self.cols.answers

    def _read(self, node: NodePlan) -> bool:
        """Whether this node's column holds something the row scorer reads."""
        if isinstance(node, GroupPlan):
            return self._direct(node)
        return node.kind != "condition" and node.answer_from is None

    def write(self) -> str:
        src, plan, cols = self.src, self.plan, self.cols
        src.add(0, "def row(c):")
        # anything in a column read by nobody (an unknown column, an answer to a group that
        # cannot be scored directly, to a computed criterion...) is a problem: the usual path
        empty = set(cols.empty)
        for node_id, k in cols.answers.items():
            node = plan.root if node_id == ROOT_ID else plan.nodes.get(node_id)
            if node is None:
                raise Unsupported(f"no criterion {node_id!r}")
            if not self._read(node):
                empty.add(k)
        if len(empty) <= 4:
            for k in sorted(empty):
                self._must_be_empty(k, 1)
        else:  # one loop, not code per column: a sheet may have thousands of columns
            src.add(1, f"for k in {src.const(tuple(sorted(empty)))}:")
            src.add(2, "x = c[k]")
            src.add(2, 'if x != "" and not _empty(x):')
            src.add(3, "raise _Fallback")
        for leaf_id, (just, url) in cols.evidence.items():
            node = plan.nodes.get(leaf_id)
            if node is not None and self._read(node) and isinstance(node, LeafPlan):
                i = self.index[leaf_id]
                src.add(1, f"v{i} = _ev({self._cell(just)}, {self._cell(url)})")
        self._fetch_row(plan.root.children, 1)
        self._facts_row(1)
        self._decide()
        key = ["T", f"({self._reached()})"]
        key += [f"G{j}" for j in range(len(plan.gates))]
        key += [
            f"d{self.index[n.id]}"
            for n in self.order
            if isinstance(n, GroupPlan) and self._direct(n)
        ]
        tops = []
        for node in plan.root.children:
            i = self.index[node.id]
            tops.append(f"(_EX if e{i} else s{i})" if node.id in self.may_exclude else f"s{i}")
        src.add(1, f"return ({', '.join(key)},), ({''.join(t + ', ' for t in tops)})")
        body = ["    " + line for line in src.lines[1:]]
        # an unhashable cell (a list in a JSON line) or an odd type: the usual path decides
        lines = [
            src.lines[0],
            "    try:",
            *body,
            "    except TypeError:",
            "        raise _Fallback",
        ]
        src.lines = lines
        self._numbers_read()
        return "\n".join(src.lines) + "\n"

    def _numbers_read(self) -> None:
        """``_NUMERIC``: for each numeric criterion that answers for itself alone (no evidence
        needed, no other criterion reading its answer), ``num<i>(n) -> (score, n)`` scoring
        the number ``n`` (or None when the rule refuses it) with the code the compiled
        evaluator runs for a number: a memo fills without the reference's tree of objects."""
        src, made = self.src, []
        for i in sorted(self.memos):
            leaf = self.order[i]
            if (
                not isinstance(leaf, LeafPlan)
                or leaf.kind not in _NUMERIC_KINDS
                or leaf.evidence
                or leaf.answer_from is not None
                or self.plan.readers.get(leaf.id)
            ):
                continue
            src.add(0, f"def num{i}(n{i}):")
            src.add(1, f"if {self._refused(leaf, f'n{i}')}:")
            src.add(2, "return None")
            self._numeric(leaf, f"n{i}", f"s{i}", 1)
            src.add(1, f"return s{i}, n{i}")
            made.append(i)
        src.add(0, "_NUMERIC = {" + ", ".join(f"{_int(i)}: num{i}" for i in made) + "}")

    @staticmethod
    def _cell(column: int | None) -> str:
        return f"c[{_int(column)}]" if column is not None else '""'

    def _must_be_empty(self, column: int, depth: int) -> None:
        self.src.add(depth, f"x = c[{_int(column)}]")
        self.src.add(depth, 'if x != "" and not _empty(x):')
        self.src.add(depth + 1, "raise _Fallback")

    def _fetch_row(self, children: tuple[NodePlan, ...], depth: int) -> None:
        src = self.src
        for node in children:
            if isinstance(node, GroupPlan):
                if not self._direct(node):
                    self._fetch_row(node.children, depth)
                    continue
                i = self.index[node.id]
                memo: dict[Any, Any] = {}
                self.direct_memos[i] = memo
                src.add(depth, f"x = c[{_int(self.cols.answers[node.id])}]")
                src.add(depth, 'if x != "" and not _empty(x):')
                inner = depth + 1
                src.add(inner, f"s{i} = {src.const(memo)}.get(x)")
                src.add(inner, f"if s{i} is None:")
                src.add(inner + 1, f"s{i} = _dcell({_int(i)}, x)")
                src.add(inner, f"d{i} = u{i} = True")
                if node.id in self.may_exclude:
                    src.add(inner, f"e{i} = False")
                self._hide(node, inner)
                for below in self._groups_below(node):
                    if self._direct(below):
                        k = self.index[below.id]
                        src.add(inner, f"d{k} = False")
                        src.add(inner, f"u{k} = True")
                # a group scored directly must not have answers below it as well
                for below_id in self._ids_below(node):
                    column = self.cols.answers.get(below_id)
                    if column is not None and self._read(self.plan.nodes[below_id]):
                        self._must_be_empty(column, inner)
                src.add(depth, "else:")
                src.add(depth + 1, f"d{i} = u{i} = False")
                self._fetch_row(node.children, depth + 1)
            elif node.kind != "condition" and node.answer_from is None:
                i = self.index[node.id]
                column = self.cols.answers.get(node.id)
                src.add(depth, f"r{i} = " + (f"c[{_int(column)}]" if column is not None else "_M"))
                self._leaf(node, f"r{i}", depth)
                if node.id in self.may_exclude:
                    self._excluded_leaf(node, depth)

    def _ids_below(self, group: GroupPlan) -> list[str]:
        out: list[str] = []
        stack = list(group.children)
        while stack:
            node = stack.pop()
            out.append(node.id)
            if isinstance(node, GroupPlan):
                stack.extend(node.children)
        return out

    def _leaf(self, leaf: LeafPlan, raw: str, depth: int) -> None:
        """Score one leaf from the cell in variable ``raw`` through its memo."""
        src = self.src
        i = self.index[leaf.id]
        source = self.plan.nodes[leaf.answer_from] if leaf.answer_from else leaf
        si = self.index[source.id]
        with_evidence = source.id in self.cols.evidence
        memo: Any = [{} for _ in range(4)] if with_evidence else {}
        self.memos[i] = memo
        name = src.const(memo)
        lookup = f"{name}[v{si}].get({raw})" if with_evidence else f"{name}.get({raw})"
        target = "t" if leaf.id in self.answer_read else f"s{i}"
        src.add(depth, f"{target} = {lookup}")
        src.add(depth, f"if {target} is None:")
        src.add(
            depth + 1, f"{target} = _cell({_int(i)}, {raw}, {f'v{si}' if with_evidence else '0'})"
        )
        if target == "t":
            src.add(depth, f"s{i}, a{i} = t")

    def _facts_row(self, depth: int) -> None:
        src = self.src
        for j, fact in enumerate(self.facts):
            memo: dict[Any, Any] = {}
            self.fact_memos[j] = memo
            column = self.cols.facts.get(fact.id)
            src.add(depth, "x = " + (f"c[{_int(column)}]" if column is not None else "_M"))
            src.add(depth, f"f{j} = {src.const(memo)}.get(x)")
            src.add(depth, f"if f{j} is None:")
            src.add(depth + 1, f"f{j} = _fcell({_int(j)}, x)")


def _is_number(value: object) -> bool:
    return isinstance(value, Fraction)


def _referenced(cond: CondPlan, plan: Plan) -> list[str]:
    """Node ids whose scores a condition reads (in the order the reference reads them)."""
    if isinstance(cond, Logic):
        return [t for item in cond.items for t in _referenced(item, plan)]
    if cond.subject in ("score", "percent"):
        return [cond.target]
    if cond.subject == "each_child_of":
        group = plan.root if cond.target == ROOT_ID else plan.nodes[cond.target]
        assert isinstance(group, GroupPlan)
        return [child.id for child in group.children]
    return []


_FLOAT_EXACT = 2.0**53


def _number(raw: object) -> Scaled | None:
    """:func:`~tiercert._literals.parse_number`, normalised, with exact shortcuts for whole
    numbers written as text (``"85"``, from a CSV file), Decimals (from YAML) or floats, and
    for plain decimals written as text (``"79.5"``).  Each shortcut takes only what the rule
    accepts: digits 0-9, no leading zero, and few enough of them to be within its limits."""
    kind = raw.__class__
    if kind is str:
        text = cast(str, raw).strip()
        if text.isascii() and len(text) <= MAX_DIGITS:
            if text.isdigit():
                if text[0] != "0" or len(text) == 1:
                    return int(text)
            else:
                whole, dot, part = text.partition(".")
                if dot and whole.isdigit() and part.isdigit() and (whole[0] != "0" or whole == "0"):
                    return _norm(Fraction(int(whole + part), 10 ** len(part)))
    elif kind is Decimal:
        number = cast(Decimal, raw)
        # a whole number of at most MAX_DIGITS digits: within the limits whatever it is
        if (
            number.is_finite()
            and -1 < number.adjusted() < MAX_DIGITS
            and number == number.to_integral_value()
        ):
            return int(number)
    elif kind is float:
        real = cast(float, raw)
        if real.is_integer() and -_FLOAT_EXACT < real < _FLOAT_EXACT:
            return int(real)
    value = parse_number(raw)
    return None if value is None else _norm(value)


def _scale_places(plan: Plan) -> int:
    """The decimal places that make every constant of the plan an integer."""
    values: list[Fraction] = []
    for tier in plan.tiers:
        values.append(tier.min)
    for node in (plan.root, *plan.nodes.values()):
        values.append(node.max)
        if isinstance(node, GroupPlan):
            values.append(node.bonus_max)
            values += [v for v in (node.bonus_cap, node.incomplete_cap) if v is not None]
            continue
        values += [node.points, node.per_item, node.base, node.floor, *node.start, *node.end]
        values += [points for points, _ in node.levels.values()]
        for low, high, points in node.bands:
            values += [v for v in (low, high, points) if v is not None]
        values += [v for v in (node.low, node.high) if v is not None]
    places = 0
    for value in values:
        found = decimal_places(value)
        if found is None:
            raise Unsupported("a constant without a finite decimal form")
        places = max(places, found)
    return places


def _results_order(plan: Plan, direct: frozenset[str]) -> list[str]:
    """The order in which the reference records node results (it decides ``provisional``)."""
    unscored: set[str] = set()
    for group_id in direct:
        stack = list(cast(GroupPlan, plan.nodes[group_id]).children)
        while stack:
            node = stack.pop()
            unscored.add(node.id)
            if isinstance(node, GroupPlan):
                stack.extend(node.children)
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
            for target in _referenced(node.when, plan):
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
#: decimal places row scorers add to the rubric's own (see FastEvaluator.row_scorer)
_ROW_PLACES = 4


def _inline_evidence(leaf: LeafPlan) -> bool:
    """Whether the scorers check this leaf's evidence themselves (see ``_Generator._leaf``)."""
    if leaf.kind == "levels":
        return any(needs for _, needs in leaf.levels.values())
    return leaf.kind in ("boolean", *_NUMERIC_KINDS) and bool(leaf.evidence)


#: NodeResults an evaluator keeps for reuse (see FastEvaluator.materialize)
_NODE_MEMO = 65_536


def _always_fall_back(*args: object) -> Any:
    raise Fallback


def _not_generated(*args: object) -> Any:
    raise Fallback  # pragma: no cover - an evaluator for row scorers only is never called


class FastEvaluator:
    """The compiled scorers of one rubric, and the code that turns their output into results."""

    #: raised by :meth:`verdict` and :meth:`result` when the reference evaluator must decide
    fallback = Fallback

    def __init__(
        self, plan: Plan, info: RubricInfo, *, places: int | None = None, scorers: bool = True
    ) -> None:
        self.plan = plan
        self.info = info
        # ``places`` below the rubric's own only for measuring (0: Fractions wherever a number
        # has decimals, the alternative docs/performance.md compares against)
        places = _scale_places(plan) if places is None else places
        self.numbers = numbers = _Numbers(places)
        self.order: list[NodePlan] = list(plan.nodes.values())
        self.index = {node.id: i for i, node in enumerate(self.order)}
        self.facts = list(plan.facts.values())
        self.tier_refs = [
            TierRef(t.id, t.rank, info.tier_labels.get(t.id, {}), t.certified, t.provisional)
            for t in plan.tiers
        ]
        self._helper_table = helpers = self._helpers()
        self._rows: FastEvaluator | None = None  # the finer-scaled one behind row scorers
        verdict_gen = _Generator(plan, numbers, full=False)
        full_gen = _Generator(plan, numbers, full=True)
        # without ``scorers`` (an evaluator only for row scorers) nothing more is generated;
        # a very large rubric gets only the general scorers: generating and compiling the
        # code costs more than the entry variant would ever save
        entry = len(plan.nodes) <= _ENTRY_LIMIT and scorers
        verdict_pair = [(verdict_gen, verdict_gen.write() if scorers else "")]
        full_pair = [(full_gen, full_gen.write() if scorers else "")]
        if entry:
            for pair, full in ((verdict_pair, False), (full_pair, True)):
                gen = _Generator(plan, numbers, full=full, entry=True)
                pair.append((gen, gen.write()))
        sources = [code for _, code in verdict_pair + full_pair]
        # the code is written now (the generator refuses what it cannot do, see ``build``) and
        # compiled on first use: compiling is most of the cost, and many uses need only one
        #: the generated scorer: ``(answers, facts, missing_is_zero, notes) -> Verdict``
        self.verdict_function: Callable[..., Verdict] = self._deferred(
            "verdict_function", verdict_pair, helpers
        )
        self._full: Callable[..., tuple[Any, ...]] = self._deferred("_full", full_pair, helpers)
        #: the generated source, for reading and debugging (``print(evaluator.source)``)
        self.source = "\n\n".join(sources)
        self.may_exclude = verdict_gen.may_exclude
        self.guard = verdict_gen.guard
        self._positions: dict[tuple[str, int], int] = {
            key: 3 + n for n, key in enumerate(full_gen.layout)
        }
        self._gate_passed = [
            GateResult(
                gate.id,
                True,
                tuple(sorted(gate.tiers)) if gate.tiers is not None else None,
                (),
                gate.provisional,
            )
            for gate in plan.gates
        ]
        self._min_scaled = [numbers.scaled(t.min) for t in plan.tiers]
        self._percentages: dict[int, Fraction] = {}
        self._percent = HUNDRED / plan.root.max if plan.root.max else None
        self._orders: dict[frozenset[str], tuple[str, ...]] = {}
        self._gate_nodes = sorted(
            {t for gate in plan.gates for t in _referenced(gate.when, plan)},
            key=self.index.__getitem__,
        )
        self._direct_groups = [
            node for node in self.order if isinstance(node, GroupPlan) and node.direct
        ]
        self._static: list[tuple[Any, ...]] | None = None
        self._node_memo: dict[tuple[Any, ...], NodeResult] = {}
        self._gates_end = 3 + len(plan.gates)
        # what a gate's explanation depends on, by position in the full scorer's output
        gate_nodes = set(self._gate_nodes)
        self._gates_read = [
            at
            for (kind, i), at in self._positions.items()
            if kind in ("answer", "fact", "excluded")
            or (kind == "score" and self.order[i].id in gate_nodes)
        ]
        self._explained: dict[tuple[Any, ...], tuple[GateResult, ...]] = {}
        self._outcomes: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def _compile(
        self, code: str, gen: _Generator, helpers: dict[str, object]
    ) -> Callable[..., Any]:
        name = "full" if gen.full else "verdict"
        if not code:  # not generated (see ``scorers``): never called
            return _not_generated
        return cast(Callable[..., Any], self._run(code, gen, helpers, name)[name])

    def _deferred(
        self, attribute: str, pair: list[tuple[_Generator, str]], helpers: dict[str, object]
    ) -> Callable[..., Any]:
        """A stand-in for a scorer that compiles it on its first call and puts it in place.

        ``pair`` is the general scorer's code, then the entry scorer's if there is one (it
        hands unusual input to the general one).  Should compiling fail after all, the
        stand-in always falls back: the reference evaluator then decides, as it would have.
        """
        compiled: list[Callable[..., Any]] = []

        def first_call(*args: Any) -> Any:
            if not compiled:
                try:
                    (gen, code), *entry = pair
                    scorer = self._compile(code, gen, helpers)
                    for gen, code in entry:
                        scorer = self._compile(code, gen, {**helpers, "_general": scorer})
                except (RecursionError, SyntaxError, MemoryError):
                    scorer = _always_fall_back
                compiled.append(scorer)
                setattr(self, attribute, scorer)
            return compiled[0](*args)

        return first_call

    def _run(
        self, code: str, gen: _Generator, helpers: dict[str, object], name: str
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
        exec(compile(code, f"<tiercert scorer {self.info.id}:{name}>", "exec"), namespace)
        return namespace

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
        value the engine reads (the batch's own rules, see :mod:`tiercert.batch`)."""
        try:
            if self._rows is None:
                # a finer scale than the rubric's own: answers with a decimal or two (79.5%
                # on a linear rule) stay integers instead of Fractions, which sum 20x slower
                places = self.numbers.places + _ROW_PLACES
                self._rows = FastEvaluator(self.plan, self.info, places=places, scorers=False)
            return RowScorer(self._rows, layout, missing_is_zero, is_empty, cell_value)
        except (Unsupported, RecursionError, SyntaxError, MemoryError):
            return None

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
                )

        words = _bool_words()
        plain_booleans = {
            i: (
                numbers.scaled(_leaf_final(leaf, ZERO)),
                numbers.scaled(_leaf_final(leaf, leaf.points)),
            )
            for i, leaf in enumerate(order)
            if isinstance(leaf, LeafPlan) and leaf.kind == "boolean" and not leaf.evidence
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
                scratch = Inputs({}, {}, {}, set())
                readers = plan.readers.get(source.id, ())
                path = ("answers", source.id)
                if _read_leaf(source, raw, path, scratch, readers) is not None:
                    raise Fallback
                answer = scratch.leaves[source.id]
            given = {source.id: answer} if answer is not None else {}
            run = _Scoring(plan, Inputs(given, {}, {}, set()))
            score = run.leaf(leaf, plan.parents.get(leaf.id))
            value = answer.value if answer is not None else None
            scaled = EXCLUDED if leaf.id in run.excluded else numbers.scaled(score)
            return scaled, value, run.results[leaf.id]

        def slow(i: int, raw: object, missing_is_zero: bool, notes: dict[int, Any]) -> Any:
            if i in plain_booleans and raw.__class__ is str and raw in words:
                flag = words[raw]  # "yes", "không"... as the reference reads them
                return plain_booleans[i][flag], flag
            if raw is MISSING and missing_is_zero and cast(LeafPlan, order[i]).answer_from is None:
                notes[-1] = notes.get(-1, 0) + 1  # answers not given: for the count check
            score, value, notes[i] = one(i, raw, missing_is_zero)
            return score, value

        def evidence(raw: dict[Any, Any]) -> tuple[object, int]:
            """(value, 1 if a justification is there + 2 if a URL is) of an answer given as
            a mapping, as the reference's ``_unpack`` and ``_has_evidence`` see it; (None, 0)
            for a mapping the reference refuses (it is then handed the mapping, and says why)."""
            if "value" not in raw or not raw.keys() <= ANSWER_KEYS:
                return None, 0
            just, url = raw.get("justification"), raw.get("url")
            return raw["value"], evidence_bits(
                None if just is None else str(just), None if url is None else str(url)
            )

        def direct(i: int, raw: object) -> Scaled:
            group = cast(GroupPlan, order[i])
            scratch = Inputs({}, {}, {}, set())
            if raw is None or _read_direct(group, raw, ("answers", group.id), scratch):
                raise Fallback
            return numbers.scaled(scratch.direct[group.id])

        number = _number

        def fact(j: int, raw: object) -> object:
            spec = facts[j]
            value: object
            if raw is MISSING:
                if spec.default is None:
                    raise Fallback
                value = spec.default
            elif raw is None:
                raise Fallback
            else:
                value = parse_fact(spec, raw)
            if value is None:
                raise Fallback
            return _norm(value) if isinstance(value, Fraction) else value

        def fraction(value: Scaled, denominator: int) -> Scaled:
            return _norm(Fraction(value) / denominator)

        aggregate = _Scoring._aggregate

        def group(key: int, base: list[tuple[Scaled, Scaled, Fraction]], bonus: Scaled) -> Any:
            spec = scaled_groups[key]
            if not base and any(not b for b in spec.bonus):
                return EXCLUDED, False
            raw, capped = aggregate(
                cast(_Scoring, None), spec, cast(list[tuple[Fraction, Fraction, Fraction]], base)
            )
            if spec.bonus_cap is not None and bonus > spec.bonus_cap:
                bonus, capped = _norm(spec.bonus_cap), True
            total = _norm(raw + bonus)
            if spec.round is not None:
                total = numbers.round(total, *spec.round)
            if total > spec.full_max:  # as the reference: never above the group's maximum
                total = _norm(spec.full_max)
            return total, capped

        # for the row scorers (see RowScorer), which read cells instead of answers
        self._score_one, self._read_direct, self._read_fact = one, direct, fact
        helpers: dict[str, object] = {
            "_M": MISSING,
            "_EX": EXCLUDED,
            "_Fallback": Fallback,
            "_slow": slow,
            "_direct": direct,
            "_evd": evidence,
            "_D": dict,
            "_num": number,
            "_fact": fact,
            "_frac": fraction,
            "_group": group,
            "_round": numbers.round,
            "_nat": numbers.natural,
            "_NATS": numbers.naturals,
            "_V": Verdict,
            "_mk": tuple.__new__,
            "_BOOLWORDS": _bool_words(),
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
        total, reached = out[0], out[1]
        passed = out[3 : self._gates_end]  # the gates come first in the layout
        key = (reached, passed, total) if type(total) is int else None
        outcome = self._outcomes.get(key) if key is not None else None
        if outcome is None:
            outcome = self._outcome(total, reached, passed)
            if key is not None and len(self._outcomes) < 4096:
                self._outcomes[key] = outcome
        exact_total, percentage, certified, tier, next_tier, gates, provisional = outcome
        if gates is None:
            gates = self._failed_gates(out, passed)
        if out[2]:  # a group scored directly hides criteria: recount what is provisional
            provisional = self._provisional(out, reached)
        info = self.info
        return _new_result(  # type: ignore[no-any-return]
            info.id, info.version, info.fingerprint, unit_id, unit_name, exact_total,
            self.plan.root.max, self.plan.root.bonus_max, percentage, certified, tier,
            next_tier, gates,
            _Nodes(self, out, notes), provisional,
        )  # fmt: skip

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
        gates = tuple(self._gate_passed) if all(passed) else None
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
                tuple(failures[gate.id]),
                gate.provisional,
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
        hidden: set[str] = set()
        for group_id in direct:
            stack = list(cast(GroupPlan, self.plan.nodes[group_id]).children)
            while stack:
                node = stack.pop()
                hidden.add(node.id)
                if isinstance(node, GroupPlan):
                    stack.extend(node.children)
        return hidden

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

    def _explain(self, out: tuple[Any, ...]) -> dict[str, list[Any]]:
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
        run = _Scoring.__new__(_Scoring)
        run.plan = plan
        run.inputs = Inputs(leaves, {}, cast(dict[str, Any], facts), set())
        run.scores = scores
        run.excluded = excluded
        run.unscored = unscored
        run.results = {}
        explained: dict[str, list[Any]] = {}
        for gate, ok_at in zip(plan.gates, range(len(plan.gates)), strict=True):
            if out[pos["gate", ok_at]]:
                continue
            _, failures = run.condition(gate.when)
            explained[gate.id] = failures
        return explained

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
            if node.kind == "condition":
                capped = {met: (node.points if met else ZERO) > node.max for met in (True, False)}
                facts.append((*common, pos["met", i], capped))
            elif node.kind in ("boolean", "levels"):
                options: dict[object, bool] = {
                    met: (node.points if met else ZERO) > node.max for met in (True, False)
                }
                if node.kind == "levels":
                    options = {lv: pts > node.max for lv, (pts, _) in node.levels.items()}
                facts.append((*common, pos["raw", i], options, pos.get(("evmiss", i))))
            else:
                bands = tuple(
                    (_norm(low) if low is not None else None,
                     _norm(high) if high is not None else None,
                     points > node.max)
                    for low, high, points in node.bands
                )  # fmt: skip
                facts.append((*common, pos["raw", i], bands, pos.get(("evmiss", i))))
        return facts

    def materialize(
        self, out: tuple[Any, ...], notes: dict[int, NodeResult]
    ) -> dict[str, NodeResult]:
        """Every node's :class:`NodeResult`, in document order (built only when asked for)."""
        dec = self.numbers.natural
        if self._static is None:
            self._static = self._node_facts()
        static, memo = self._static, self._node_memo
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
                        node_id, dec(score), maximum, "direct", node.aggregate, dec(score),
                        False, None, parent, provisional,
                    )  # fmt: skip
                elif facts[5] is not None and out[facts[5]]:
                    built[node_id] = _new_node(
                        node_id, dec(0), maximum, "excluded", node.aggregate, None,
                        False, None, parent, provisional,
                    )  # fmt: skip
                else:
                    capped = bool(out[facts[6]])
                    found = memo.get((i, capped, score))
                    if found is None:
                        found = _new_node(
                            node_id, dec(score), maximum, "computed", node.aggregate, None,
                            capped, None, parent, provisional,
                        )  # fmt: skip
                        if len(memo) < _NODE_MEMO:
                            memo[i, capped, score] = found
                    built[node_id] = found
                continue
            kind = node.kind
            if kind == "condition":
                met = bool(out[facts[5]])
                built[node_id] = _new_node(
                    node_id, dec(score), maximum, "computed", "condition", met, facts[6][met],
                    None, parent, provisional,
                )  # fmt: skip
                continue
            raw = out[facts[5]]
            lacking = facts[7] is not None and out[facts[7]] is True  # evidence not given
            # a leaf's NodeResult follows from its answer alone, and NodeResults are immutable:
            # the same answer gives the same object (a batch meets few distinct answers)
            key = (i, raw.__class__, raw, score, lacking)
            try:
                found = memo.get(key)
                keep = True
            except TypeError:  # an unhashable answer the compiled rule accepted: not kept
                found, keep = None, False
            if found is not None:
                built[node_id] = found
                continue
            shown: Any
            detail = None
            if kind == "boolean":
                shown = raw if raw is True or raw is False else parse_bool(raw)
                capped = facts[6][shown]
            elif kind == "levels":
                shown = raw
                capped = facts[6][raw]
            else:
                value = raw if type(raw) is int else _norm(cast(Fraction, parse_number(raw)))
                shown = _WHOLE.natural(value) if type(value) is int else value
                capped, detail = self._numeric_facts(node, value, facts[6])
            if lacking:  # as the reference says it: no points, and what was needed
                needs = node.levels[raw][1] if kind == "levels" else node.evidence
                capped, detail = False, lacking_detail(needs)
            found = built[node_id] = _new_node(
                node_id, dec(score), maximum, "evidence_missing" if lacking else "answered",
                kind, shown, capped, detail, parent, provisional,
            )  # fmt: skip
            if keep and len(memo) < _NODE_MEMO:
                memo[key] = found
        return built

    def _numeric_facts(
        self, leaf: LeafPlan, value: Scaled, bands: tuple[tuple[Any, Any, bool], ...]
    ) -> tuple[bool, str | None]:
        """(capped, detail) of a numeric answer, as the reference's ``_rule`` reports them."""
        if leaf.kind == "bands":
            found = band_of(bands, leaf.min_inclusive, value)
            if found is None:
                return leaf.max < ZERO, "no band"
            return bands[found][2], f"band {found + 1}"
        points, detail = _Scoring._rule(leaf, Fraction(value))
        return points > leaf.max, detail


@dataclass(frozen=True)
class RowLayout:
    """Where a sheet keeps what a row scorer reads: column positions (never names in code).

    ``answers``: criterion or group id -> column; ``facts``: fact id -> column; ``evidence``:
    criterion id -> (justification column, URL column), either None; ``empty``: columns that
    must be empty for a row to be scored by the row scorer (unknown and unnamed columns).
    """

    answers: Mapping[str, int]
    facts: Mapping[str, int]
    evidence: Mapping[str, tuple[int | None, int | None]]
    empty: tuple[int, ...]


#: entries each memo of a row scorer keeps at most: memory stays flat whatever the input
_MEMO_LIMIT = 4096
#: entries all the memos of one row scorer keep at most (before the floor of 16 per memo)
_MEMO_BUDGET = 131_072
#: the evidence an answer is given with, by the index ``_ev`` gives (see RowScorer)
#: the kinds of evidence each combination of evidence bits stands for
_EVIDENCE_GIVEN = tuple(
    tuple(kind for kind, bit in EVIDENCE_BITS.items() if ev & bit) for ev in range(4)
)


class RowScorer:
    """Scores the rows of one sheet layout, for a batch that wants the output, not a Result.

    ``score(cells)`` returns ``(key, tops)`` or raises :class:`Fallback` (the row takes the
    usual path, which reports its problems).  ``key`` is (scaled total, reached tier index,
    each gate passed, each group given directly): its total decides what :meth:`amounts` and
    :meth:`needed` give, the rest what :meth:`state` gives.  ``tops`` are the scaled scores of
    the top-level criteria (``EXCLUDED`` when N/A took them out), see :meth:`value`.

    Each answer is looked up in a memo of its criterion: cell -> scaled score.  A cell not yet
    in the memo is read and scored by the reference's own functions for that one criterion
    (``_read_leaf``, ``_Scoring.leaf``, as :meth:`FastEvaluator.result` does for unusual
    answers), exactly as the batch would hand it over (stripped text; with its evidence as a
    mapping), and remembered when it is text.  Evidence enters a score only through the
    reference's ``_has_evidence``: whether a justification and a URL are there, which ``_ev``
    computes the same way; so the memos are kept per combination of the two.  Everything
    after the answers (groups, conditions, gates, tiers) is the compiled evaluator's code.
    """

    def __init__(
        self,
        evaluator: FastEvaluator,
        layout: RowLayout,
        missing_is_zero: bool,
        is_empty: Callable[[object], bool],
        cell_value: Callable[[object], object],
    ) -> None:
        plan = evaluator.plan
        self.evaluator = evaluator
        gen = _RowGenerator(plan, evaluator.numbers, layout)
        #: the generated source, for reading and debugging
        self.source = gen.write()
        self.direct_ids = tuple(
            n.id for n in gen.order if isinstance(n, GroupPlan) and gen._direct(n)
        )
        #: the top-level criteria, in the order of ``tops``
        self.top_ids = tuple(node.id for node in plan.root.children)
        self._gates = len(plan.gates)
        one, direct, fact = evaluator._score_one, evaluator._read_direct, evaluator._read_fact
        memos, direct_memos, fact_memos = gen.memos, gen.direct_memos, gen.fact_memos
        reads = {gen.index[leaf_id] for leaf_id in gen.answer_read}
        count = len(direct_memos) + len(fact_memos)
        count += sum(len(m) if isinstance(m, list) else 1 for m in memos.values())
        # a large rubric shares a budget: some 130,000 cells in all, at most 20 MB
        limit = min(_MEMO_LIMIT, max(16, _MEMO_BUDGET // max(count, 1)))

        def value_of(raw: object) -> object:
            return MISSING if raw is MISSING or is_empty(raw) else cell_value(raw)

        def cell(i: int, raw: object, ev: int) -> Any:
            value = value_of(raw)
            scored = None
            if i in numeric and value is not MISSING:
                number = _number(value)
                if number is not None:
                    scored = numeric[i](number)
            if scored is None:  # anything but a number the rule takes: the reference decides
                if ev and value is not MISSING:  # the answer as a mapping, as the batch gives
                    value = {"value": value, **{kind: kind for kind in _EVIDENCE_GIVEN[ev]}}
                score, answer, _ = one(i, value, missing_is_zero)
                scored = (score, answer)
            out = scored if i in reads else scored[0]
            memo = memos[i]
            if memo.__class__ is list:
                memo = memo[ev]
            if (raw.__class__ is str or raw is MISSING) and len(memo) < limit:
                memo[raw] = out
            return out

        def direct_cell(i: int, raw: object) -> Scaled:
            score = direct(i, cell_value(raw))
            memo = direct_memos[i]
            if raw.__class__ is str and len(memo) < limit:
                memo[raw] = score
            return score

        def fact_cell(j: int, raw: object) -> object:
            value = fact(j, value_of(raw))
            memo = fact_memos[j]
            if (raw.__class__ is str or raw is MISSING) and len(memo) < limit:
                memo[raw] = value
            return value

        def evidence(just: object, url: object) -> int:
            """1 when a justification is there, plus 2 when a URL is (in its column or in the
            justification): what the reference's ``_has_evidence`` looks at, worked out the
            same way from the texts the batch would attach."""
            text = (
                just if isinstance(just, str) else "" if is_empty(just) else str(cell_value(just))
            )
            link = url if isinstance(url, str) else "" if is_empty(url) else str(cell_value(url))
            return evidence_bits(text, link)

        helpers = {
            **evaluator._helper_table,
            "_cell": cell,
            "_dcell": direct_cell,
            "_fcell": fact_cell,
            "_ev": evidence,
            "_empty": is_empty,
        }
        namespace = evaluator._run(self.source, gen, helpers, "row")
        numeric: dict[int, Callable[[Scaled], tuple[Scaled, Scaled] | None]]
        numeric = namespace["_NUMERIC"]
        #: the generated scorer: ``cells -> (key, tops)``
        self.score: Callable[[Any], tuple[tuple[Any, ...], tuple[Any, ...]]]
        self.score = namespace["row"]

    def state(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """What ``key`` decides, as a :class:`Result` says it: (certified, tier, next tier
        (index and reference, or None), ids of the failed gates, depends on provisional
        elements)."""
        evaluator = self.evaluator
        plan = evaluator.plan
        reached = key[1]
        passed = key[2 : 2 + self._gates]
        flags = key[2 + self._gates :]
        # a group scored directly hides criteria: what is provisional depends on which
        given = frozenset(g for g, flag in zip(self.direct_ids, flags, strict=True) if flag)
        following = reached + 1
        return (
            reached >= 0 and plan.tiers[reached].certified,
            evaluator.tier_refs[reached] if reached >= 0 else None,
            (following, evaluator.tier_refs[following]) if following < len(plan.tiers) else None,
            tuple(gate.id for gate, ok in zip(plan.gates, passed, strict=True) if not ok),
            bool(evaluator._provisional_for(given, reached)),
        )

    def amounts(self, total: Scaled) -> tuple[Fraction, Fraction]:
        """A total as a :class:`Result` says it: (total, percentage)."""
        evaluator = self.evaluator
        return evaluator.numbers.natural(total), evaluator._percentage(total)

    def needed(self, total: Scaled, tier: int) -> Fraction:
        """The points a total lacks for the tier at index ``tier`` (0 when it has enough)."""
        evaluator = self.evaluator
        least = evaluator._min_scaled[tier]
        return evaluator.numbers.natural(least - total if least > total else 0)

    def value(self, score: Any) -> Fraction | str:
        """A top-level criterion's score as a Result's node gives it; "na" when excluded."""
        return "na" if score is EXCLUDED else self.evaluator.numbers.natural(score)

    def text(self, score: Any) -> str:
        """The text of :meth:`value` (or of a scaled total or gap) as a CSV cell holds it."""
        return "na" if score is EXCLUDED else self.evaluator.numbers.text(score)


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

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def build(plan: Plan, info: RubricInfo) -> FastEvaluator | None:
    """The fast evaluator of ``plan``, or None when only the reference can evaluate it."""
    try:
        return FastEvaluator(plan, info)
    except (Unsupported, RecursionError, SyntaxError, MemoryError):
        return None
