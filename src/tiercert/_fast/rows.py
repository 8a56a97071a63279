"""Row scorers: one rubric's scorer for the rows of one sheet layout, reading cells by position."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any, cast

from tiercert._compile import (
    GroupPlan,
    LeafPlan,
    NodePlan,
    Plan,
    descendants,
)
from tiercert._evidence import (
    evidence_bits,
)
from tiercert._fast.codegen import (
    FINE_PLACES,
    Generator,
    _NoFloat,
    decimal_unit,
    grouped_test,
    integer,
    own_rules,
)
from tiercert._fast.numbers import (
    EXCLUDED,
    MISSING,
    PASSING,
    Fallback,
    Numbers,
    Scaled,
    Unsupported,
    edge_floats,
    read_number,
)
from tiercert._kinds import ROOT_ID
from tiercert._literals import MAX_DIGITS, dot_grouped
from tiercert._numbers import display_number, ratio_text
from tiercert.conditions._compare import FactValue
from tiercert.conditions._total import compares_total, total_operands, total_tries

if TYPE_CHECKING:
    from tiercert._fast.evaluator import FastEvaluator
    from tiercert.result import TierRef


class _DecimalShare(Exception):
    """Raised by a :class:`RowGenerator` told of a finer scale at the first share that is not
    whole at its own (see :meth:`RowGenerator.share`)."""


class RowGenerator(Generator):
    """Writes the row scorer of one plan for one sheet layout (see :class:`RowScorer`).

    The function takes a row's cells and reads each answer from its column position; every
    answer is looked up in its criterion's memo (cell text -> scaled score), which
    :class:`RowScorer` fills from the reference's own reading and scoring of that one answer.
    """

    def __init__(
        self,
        plan: Plan,
        numbers: Numbers,
        layout: RowLayout,
        *,
        finer: bool = False,
        cleans: bool = False,
    ) -> None:
        if any(
            own_rules(leaf, value)
            for leaf in plan.nodes.values()
            if isinstance(leaf, LeafPlan)
            for value in leaf.kind.values(leaf.params) or ()
        ):
            # a level's own evidence rules judge the texts by the answer's value, which the
            # memos (one per combination of evidence bits under the rubric's rules) cannot
            # tell apart: the usual path (each row read into an assessment) judges them
            raise Unsupported("a level's own evidence rules in a row scorer")
        self.cols = layout  # before the analysis: ``_direct`` reads it
        self.memos: dict[int, Any] = {}  # leaf index -> memo (4 memos with evidence columns)
        self.direct_memos: dict[int, dict[Any, Any]] = {}
        self.fact_memos: dict[int, dict[Any, Any]] = {}
        #: leaves whose ``num<i>`` takes the cell's value, not its exact number
        self.raw_numeric: list[int] = []
        #: leaves with a reader of their own for a cell met for the first time (new<i>)
        self.new_readers: list[int] = []
        #: the joint memos the loop last written looks cells up in (see _joint_reads)
        self.joints = 0
        super().__init__(plan, numbers, full=False, readings={})  # its own typed readings
        #: ``finer``: a row scorer of :data:`FINE_PLACES` places can be made instead (see
        #: :class:`RowScorer`): writing stops at the first share not whole at this scale
        self.stop_at_decimal_share = finer
        #: the row function's code and the code after it (see :meth:`write`)
        self.row_code = self.helper_code = ""
        #: whether the scorer cleans a text cell before reading it (``_cleaned``, the
        #: reader's own cleaning): ``new<i>`` then reads a spaced `` 72.5 `` as ``72.5``
        self.cleans = cleans
        #: the variable holding a plain decimal text while a ``new<i>`` is written (see
        #: :meth:`exact`), else None
        self._plain: str | None = None
        #: the variable a gate's code compares as the total while its least total is sought
        #: (see :meth:`_needs`), else None (the row's total, ``T``)
        self._total_at: str | None = None
        #: the indices of the gates on the total, whose ``N<j>`` end the key (see _needs)
        self.total_gates: list[int] = []

    def exact(self, depth: int, var: str) -> None:
        """In a reader of a cell met for the first time (``new<i>``), whose text is plain
        decimal (see :meth:`_new_reader`): the exact number from the text's digits, the
        reference's reading of it (``read_number``: the digits over a power of ten, without
        its trailing zeros) without a ``Fraction``: an int when it is whole, else a
        :class:`_Ratio` of the digits and the power of ten, not reduced, whose
        ``numerator`` and ``denominator`` the rule's arithmetic reads (``linear``: the
        only rule that calls ``exact``; its share is a division of integers, reduced when
        not whole, so an equal ratio gives the same score).  Anywhere else as the compiled
        evaluator writes it."""
        plain = self._plain
        if plain is None or self._given is None:
            super().exact(depth, var)
            return
        src = self.src
        src.add(depth, f'w, d, p = {plain}.partition(".")')
        src.add(depth, 'p = p.rstrip("0")')
        src.add(depth, "if p:")
        src.add(depth + 1, f"{var} = _ratio(_Ratio)")
        src.add(depth + 1, f"{var}.numerator = _int(w + p)")
        src.add(depth + 1, f"{var}.denominator = _P10[len(p)]")
        src.add(depth, "else:")
        src.add(depth + 1, f"{var} = _int(w)")
        self._compared = None

    def share(self, top: str, unit: str, known: int) -> str:
        if self.stop_at_decimal_share and decimal_unit(known):
            # what this scale would write is thrown away: the finer one's is wanted
            raise _DecimalShare
        return super().share(top, unit, known)

    def _direct(self, group: GroupPlan) -> bool:
        # a group without a column in this sheet is never scored directly here
        return group.direct and group.id in self.cols.answers

    def _read(self, node: NodePlan) -> bool:
        """Whether this node's column holds something the row scorer reads."""
        if isinstance(node, GroupPlan):
            return self._direct(node)
        return node.answered

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
                # the evidence of texts met before from a memo (justifications repeat)
                texts = f"({self._cell(just)}, {self._cell(url)})"
                src.add(1, f"v{i} = _EVM.get({texts})")
                src.add(1, f"if v{i} is None:")
                src.add(2, f"v{i} = _ev{texts}")
        self._fetch_row(plan.root.children, 1)
        self._facts_row(1)
        #: where the body's reading of cells ends (lines of :attr:`body`): before it, a
        #: refused cell of the loop is noted and the reading goes on (see write_loop)
        self.fetched = len(src.lines) - 1
        self._decide()
        needs = self._needs()
        key = ["T", "R" if needs else f"({self._reached()})"]
        key += [f"G{j}" for j in range(len(plan.gates))]
        key += [
            f"d{self.index[n.id]}"
            for n in self.order
            if isinstance(n, GroupPlan) and self._direct(n)
        ]
        key += needs
        tops = []
        for node in plan.root.children:
            i = self.index[node.id]
            tops.append(f"(_EX if e{i} else s{i})" if node.id in self.may_exclude else f"s{i}")
        #: what the row scorer returns: the key's and the tops' expressions, for the loop
        self.key_parts, self.top_parts = key, tops
        #: the scorer's body (depth 1), for :meth:`write_loop`
        self.body = list(src.lines[1:])
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
        written = len(lines)  # the row function: what _numbers_read adds comes after
        self._numbers_read()
        # a cell of a compared rule met for the first time: read by its own reader
        # (new<i>, written by _numbers_read) in one call, not through _cell's chain
        for i in self.new_readers:
            slow, fast = f"_cell({integer(i)}, ", f"new{i}("
            self.body = [line.replace(slow, fast) for line in self.body]
            src.lines[:written] = [line.replace(slow, fast) for line in src.lines[:written]]
        #: the row function's code, and the code after it (the readers of numbers and of
        #: cells met for the first time, which the loop calls too): compiled apart, the row
        #: function only when a row first asks for it (see RowScorer.score)
        self.row_code = "\n".join(src.lines[:written]) + "\n"
        self.helper_code = "\n".join(src.lines[written:]) + "\n"
        return "\n".join(src.lines) + "\n"

    def total(self) -> str:
        return self._total_at or super().total()

    def _needs(self) -> list[str]:
        """For each gate on the total (:mod:`tiercert.conditions._total`), ``N<j>``: the least
        total (scaled) at which it would hold for this row, all else as it is, when it failed
        and is a gate of the tier above the one reached (``R``), else None: what points to
        the next tier count besides the tier's minimum (:func:`tiercert.result.points_needed`
        of the reference's ``total_needed``).  Tried as the reference tries it
        (:func:`~tiercert.conditions._total.total_tries` of the gate's edges: its numbers, its
        facts' values read), the gate's own code deciding at each total.  Returns the
        variables, for the key; none (and no code) without such a gate."""
        src, plan = self.src, self.plan
        self.total_gates = [j for j, gate in enumerate(plan.gates) if compares_total(gate.when)]
        if not self.total_gates:
            return []
        src.add(1, f"R = {self._reached()}")
        scale = self.num.scale
        maximum = plan.root.max
        for j in self.total_gates:
            gate = plan.gates[j]
            # the tiers reached just below the gate's tiers
            below = frozenset(
                t - 1
                for t, tier in enumerate(plan.tiers)
                if gate.tiers is None or tier.id in gate.tiers
            )
            fixed: list[str] = []
            facts: list[str] = []
            values: set[str] = set()  # the facts' variables
            for value, per in total_operands(gate.when, maximum):
                unit = per * scale
                if isinstance(value, FactValue):
                    factor = self._number(value.times * unit)
                    var = f"f{integer(self.fact_index[value.fact])}"
                    values.add(var)
                    facts.append(f"({var}, {factor})")
                else:
                    fixed.append(self._number(value * unit))
            self._total_at = "X"
            try:
                holds = self.cond(gate.when)
            finally:
                self._total_at = None
            top = self.sc(plan.root.full_max)
            src.add(1, f"N{j} = None")
            src.add(1, f"if not G{j} and R in {src.const(below)}:")
            edges = "".join(e + ", " for e in fixed)
            paired = "".join(e + ", " for e in facts)
            read = self._read_by(holds, values)
            depth = 2
            if read is not None:
                # the least total follows from the total and what else the gate reads
                # (scores, facts, flags): remembered by them, boundedly (a sheet's totals
                # repeat; the tries cost some Fractions each)
                memo = src.const({})  # (a new dict: a name of its own)
                # (the total alone when the gate reads nothing else: no tuple to make)
                src.add(2, f"Q = (T, {''.join(v + ', ' for v in read)})" if read else "Q = T")
                src.add(2, f"N{j} = {memo}.get(Q, _NO)")
                src.add(2, f"if N{j} is _NO:")
                src.add(3, f"N{j} = None")
                depth = 3
            src.add(depth, f"for X, Y in _tries(T, ({edges}), ({paired}), {top}):")
            src.add(depth + 1, f"if {holds}:")
            src.add(depth + 2, f"N{j} = Y")
            src.add(depth + 2, "break")
            if read is not None:
                src.add(3, f"if len({memo}) < _LEASTS:")
                src.add(4, f"{memo}[Q] = N{j}")
        return [f"N{j}" for j in self.total_gates]

    def _read_by(self, holds: str, facts: set[str]) -> list[str] | None:
        """The row's variables the expression ``holds`` reads besides the total tried
        (``X``), and ``facts``, when each is a score, a fact's value or a flag (``s<i>``,
        ``f<j>``, ``e<i>``: hashable), in order; else None (an answer's value, say).  None
        too when it reads whether a group was given directly (``u<i>``, ``d<i>``): the
        scores below such a group are not set on a row that gives it, and ``holds`` reads
        them only behind that flag, where a key made of them all would not."""
        tree = ast.parse(holds, mode="eval")
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | facts
        read = sorted(n for n in names if n != "X" and n[0] != "_" and n not in self.src.namespace)
        if not all(n == "sR" or (n[0] in "sfe" and n[1:].isdigit()) for n in read):
            return None
        return read

    def _number(self, value: Fraction) -> str:
        """An exact number as code: an int literal, or a named Fraction."""
        return integer(value.numerator) if value.denominator == 1 else self.src.const(value)

    def write_loop(
        self, width: int, unit_id: int, unit_name: int | None, tops: int, counted: bool = False
    ) -> str:
        """The loop of :class:`RowLoop`: ``rows(records, n, out, keys, parts, seen)`` scores
        the csv module's records as they come (lists of text, not yet stripped; ``n``: the
        row number before the first), with no call per row: for each record it can vouch for,
        it appends the output row to ``out`` (a line of CSV text, as ``tiercert batch``
        writes it: the row number, the unit id and name, quoted by ``_field`` where the csv
        module quotes them, and the CSV text of the key's and the scores' cells), what
        the summary counts of its key (the third item of ``_HEADS[key]``: the total as two
        integers, tier, certified, provisional; cheaper to hash than the key, whose total
        may be a ``Fraction``, hashed anew each time) to ``keys`` and each top-level score to
        its list in ``parts``, and records the unit id in ``seen``.  At the first record it
        cannot vouch for (a width other than ``width``, an id that is empty, a comment, used
        before or to be quoted, a cell the memos' readers refuse...) it returns ``(n, record,
        refused)`` for the usual path (``refused``: whether a cell was refused, which the
        usual path need not try again the fast way: True, or, when every cell of the row
        was read and only cells were refused, the tuple of their keys as
        :meth:`RowScorer.problem_keys` takes them), and ``(n, None, False)`` when the
        records end.  The body is the row scorer's (:meth:`write`), so that the two cannot
        differ; only numbers the generator made enter the code.  With ``counted`` (a batch
        whose counted columns are worked out from the top-level scores), the score columns'
        text is ``_COUNTED[tops]``, filled by ``_counted(tops)``, for the tuple of the scores
        (see :mod:`tiercert._counted_columns`); without, the loop is as it was."""
        if any(line.lstrip().startswith("return") for line in self.body):
            raise Unsupported("a row scorer that returns early")
        lines = [
            "def rows(it, n, out, keys, parts, seen):",
            "    _BAD.clear()",
            "    put = out.append",
            "    key_to = keys.append",
            *(f"    p{j} = parts[{integer(j)}].append" for j in range(tops)),
            "    for c in it:",
            "        n += 1",
            f"        if len(c) != {integer(width)}:",
            "            return n, c, False",
            f"        x = c[{integer(unit_id)}]",
            # an ASCII id with a control character (a tab, an escape) is cleaned too, so that
            # _clean_id marks it for the usual path, which refuses it (see _columns.hidden_in_id):
            # an id taken here holds no line break, CR or other control character
            "        u = x.strip() if x.isascii() and x.isprintable() else _clean_id(x)",
            "        if not u or u[0] in _SPECIAL or u in seen or u in _SUMMARY:",
            "            return n, c, False",
        ]
        if unit_name is None:
            lines.append("        m = _BLANK")
        else:
            lines += [
                f"        x = c[{integer(unit_name)}]",
                # the reader's cleaning (stripped; NFC, which an ASCII text is already); a
                # name that does not print goes the usual way when _odd_name says so (any
                # such character but a line break: the usual path writes it as its escape)
                '        m = x.strip() if x.isascii() else _nfc("NFC", x.strip())',
                "        if m and (m[0] in _QUOTED or not m.isprintable() and _odd_name(m)):",
                "            return n, c, False",
            ]
        lines += ["        try:"]
        lines += ["        " + line for line in self._noting_body()]
        if self.joints:  # which joint memos are looked up (see _joint_reads), per call
            flags = "".join(f"jo{k}, " for k in range(self.joints))
            lines.insert(lines.index("    for c in it:"), f"    {flags}= _JON")
        lines += [
            "        except (TypeError, _Fallback):",
            "            _BAD.clear()",
            "            return n, c, True",
            "        seen[u] = n",
            # the id and the name as the output row holds them: quoted where the csv module
            # quotes them (a quote, a comma, a line break; no lone CR here), else as they are
            "        w = _field(u) if '\"' in u or ',' in u else u",
            "        if '\"' in m or ',' in m or '\\n' in m:",
            "            m = _field(m)",
            f"        key = ({', '.join(self.key_parts)},)",
            "        h = _HEADS.get(key)",
            "        if h is None:",
            "            h = _head(key)",
            "        key_to(h[2])",
        ]
        shown = []
        if counted:  # every score's and counted cell's text at once, by the scores
            for j, top in enumerate(self.top_parts):
                lines += [f"        t{j} = {top}", f"        p{j}(t{j})"]
            lines += [
                f"        t = ({''.join(f't{j}, ' for j in range(len(self.top_parts)))})",
                "        k = _COUNTED.get(t)",
                "        if k is None:",
                "            k = _counted(t)",
            ]
            shown.append("{k}")
        for j, top in enumerate(() if counted else self.top_parts):
            if not _WORD.fullmatch(top):  # an expression (N/A's _EX): worked out once
                lines.append(f"        t = {top}")
                top = "t"
            lines += [
                f"        p{j}({top})",
                f"        t{j} = _TEXTS.get({top})",
                f"        if t{j} is None:",
                f"            t{j} = _text({top})",
            ]
            shown.append(f"{{t{j}}}")
        # the output row as text, from pieces the csv module wrote (see CsvWriter.fields)
        lines += [
            f'        put(f"{{n}},{{w}},{{m}},{{h[0]}},{",".join(shown)},{{h[1]}}\\n")',
            "    return n, None, False",
        ]
        return "\n".join(lines) + "\n"

    def _noting_body(self) -> list[str]:
        """The body of the loop: the row scorer's, where a cell the memos' readers refuse
        is noted in ``_BAD`` (by ``_cellx``, ``_dcellx``, ``_fcellx``: its key, as
        :class:`RowScorer` remembers refused cells) and the reading goes on with a stand-in
        score, so that every cell of the row is read; once all are read, a row with a
        refused cell is handed over with the keys of its refused cells (``_taken()``),
        before anything is worked out from the stand-ins."""
        read = []
        for line in self.body[: self.fetched]:
            line = line.replace("_cell(", "_cellx(").replace("_dcell(", "_dcellx(")
            line = line.replace("_fcell(", "_fcellx(")
            if _NEW_CALL.match(line):  # new<i>(raw, ev): its fallback notes, too
                line = line[:-1] + ", _cellx)"
            read.append(line)
        rest = self.body[self.fetched :]
        read, rest, self.joints = _joint_reads(_cells_in_place(read, rest), rest)
        return [
            *read,
            "    if _BAD:",
            "        return n, c, _taken()",
            *rest,
        ]

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
                or leaf.kind.emitter is None
                or leaf.evidence
                or leaf.answer_from is not None
                or self.plan.readers.get(leaf.id)
            ):
                continue
            made.append(i)
            if self._compared_cell(leaf, i):
                continue
            src.add(0, f"def num{i}(n{i}):")
            src.add(1, f"if {leaf.kind.emitter.refused(self, leaf.params, f'n{i}')}:")
            src.add(2, "return None")
            leaf.kind.emitter.emit(self, leaf, f"n{i}", f"s{i}", 1)
            src.add(1, f"return s{i}, n{i}")
        src.add(0, "_NUMERIC = {" + ", ".join(f"{integer(i)}: num{i}" for i in made) + "}")
        src.add(0, "_RAW = (" + "".join(f"{integer(i)}, " for i in self.raw_numeric) + ")")

    def _compared_cell(self, leaf: LeafPlan, i: int) -> bool:
        """For a rule that only compares its answer, whose answer no condition reads:
        ``num<i>(value) -> (score, None)`` from the cell's value itself, compared as a float
        where that is exact (the compiled evaluator's own code for it), so that a cell met
        for the first time costs a float's reading, not a Fraction's; False when the rule's
        constants have no floats (then the exact ``num<i>``)."""
        emitter = leaf.kind.emitter
        if emitter is None or not emitter.compares or leaf.id in self.answer_read:
            return False
        src = self.src
        start = len(src.lines)
        src.add(0, f"def num{i}(r):")

        def refused(depth: int) -> None:
            src.add(depth, "return None")

        if not self._compared_as_floats(leaf, "n", "r", f"s{i}", 1, refused):
            del src.lines[start:]
            return False
        src.add(1, f"return s{i}, None")
        self.raw_numeric.append(i)
        self._new_reader(leaf, i)
        return True

    def _new_reader(self, leaf: LeafPlan, i: int) -> None:
        """``new<i>(raw, ev) -> score``: a cell of the compared rule of ``leaf`` met for the
        first time, read in one call when it is plain decimal text (ASCII digits, at most
        one dot with digits on both sides, no leading zero, at most ``MAX_DIGITS``
        characters), or, when the scorer cleans its cells (:attr:`cleans`), text the reader's
        cleaning (``_cleaned``) makes plain (`` 72.5 ``): then it is not empty and its float
        is ``float(text)`` (what ``image_of`` reads it as).  Plain is tested after ``float``
        takes the text (see :data:`_PLAIN`). When that float is no
        constant's and the rule's float test takes it, its points are the float copy's
        (what ``num<i>`` gives through ``_cell``), remembered in the criterion's memo under
        the raw text as ``_cell`` keeps them (within ``_LIMIT``, else up to ``_GROWN`` from
        the shared pool ``_SPARE`` while it lasts, as ``_room`` grants); any other cell goes to
        ``_cell(i, raw, ev)``, which decides as before."""
        src, emitter = self.src, leaf.kind.emitter
        assert emitter is not None
        memo = self.memos[i]
        name = src.const(memo)
        target = f"{name}[ev]" if isinstance(memo, list) else name
        start = len(src.lines)
        compared: list[Fraction] = []
        text = "t" if self.cleans else "r"  # the text read: the cell's, cleaned
        self._compared, self._given = compared, text
        handed = f"return _c({integer(i)}, r, ev)"
        try:
            src.add(0, f"def new{i}(r, ev, _c=_cell):")
            if self.cleans:
                src.add(1, "t = r")
            # the float of a plain text met before in any column (it does not depend on the
            # criterion; its points do, below)
            src.add(1, "n = _NUMG(r)")
            src.add(1, "if n is None:")
            src.add(2, f"if r.__class__ is not _Str or not r.isascii() or len(r) > {MAX_DIGITS!r}:")
            src.add(3, handed)
            src.add(2, "try:")
            src.add(3, "n = _Fl(r)")
            src.add(2, "except _NotFloat:")
            src.add(3, "pass")
            src.add(2, f"if n is not None and {_PLAIN.format('r')}:")
            src.add(3, "if len(_NUMS) < _NUMS_KEPT:")
            src.add(4, "_NUMS[r] = n")
            if self.cleans:  # spaced: plain once cleaned as the reader cleans it
                src.add(2, "else:")
                src.add(3, "t = _cleaned(r)")
                src.add(3, "if t == r or t.__class__ is not _Str or not t.isascii():")
                src.add(4, handed)
                src.add(3, "try:")
                src.add(4, "n = _Fl(t)")
                src.add(3, "except _NotFloat:")
                src.add(4, handed)
                src.add(3, f"if not ({_PLAIN.format('t')}):")
                src.add(4, handed)
            else:
                src.add(2, "else:")
                src.add(3, handed)
            grouped = self.grouped(leaf)  # 1.500 where 1500 is in the range: as num<i> does
            if grouped:
                src.add(1, f'if "." in {text} and {grouped}({text}):')
                src.add(2, handed)
            refused = emitter.refused(self, leaf.params, "n")
            test = len(src.lines)  # the test on n, once the constants are known
            self._plain = text  # plain here: an exact read from its digits (see exact)
            emitter.emit(self, leaf, "n", f"s{i}", 2)
            src.add(2, f"m = {target}")
            # beyond its share, from the shared pool while it lasts (what _room grants,
            # without its call: a column of decimal text grows by thousands of texts);
            # once the pool is spent, a full memo is never asked again
            src.add(2, "if len(m) < _LIMIT:")
            src.add(3, f"m[r] = s{i}")
            src.add(2, "elif _SPARE[0] and len(m) < _GROWN:")
            src.add(3, "_SPARE[0] -= 1")
            src.add(3, f"m[r] = s{i}")
            src.add(2, f"return s{i}")
            src.add(1, handed)
        except _NoFloat:
            del src.lines[start:]
            return
        finally:
            self._compared, self._given, self._plain = None, None, None
        critical = src.const(self.made(leaf, "critical", lambda: edge_floats(compared)))
        src.lines.insert(test, "    " + f"if n not in {critical} and not ({refused}):")
        self.new_readers.append(i)

    @staticmethod
    def _cell(column: int | None) -> str:
        return f"c[{integer(column)}]" if column is not None else '""'

    def _must_be_empty(self, column: int, depth: int) -> None:
        self.src.add(depth, f"x = c[{integer(column)}]")
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
                src.add(depth, f"x = c[{integer(self.cols.answers[node.id])}]")
                src.add(depth, 'if x != "" and not _empty(x):')
                inner = depth + 1
                src.add(inner, f"s{i} = {src.const(memo)}.get(x)")
                src.add(inner, f"if s{i} is None:")
                src.add(inner + 1, f"s{i} = _dcell({integer(i)}, x)")
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
            elif node.answered:
                i = self.index[node.id]
                column = self.cols.answers.get(node.id)
                src.add(
                    depth, f"r{i} = " + (f"c[{integer(column)}]" if column is not None else "_M")
                )
                self._leaf(node, f"r{i}", depth)
                if node.id in self.may_exclude:
                    self._excluded_leaf(node, depth)

    def _ids_below(self, group: GroupPlan) -> list[str]:
        return [node.id for node in descendants(group)]

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
            depth + 1,
            f"{target} = _cell({integer(i)}, {raw}, {f'v{si}' if with_evidence else '0'})",
        )
        if target == "t":
            src.add(depth, f"s{i}, a{i} = t")

    def _facts_row(self, depth: int) -> None:
        src = self.src
        for j, fact in enumerate(self.facts):
            memo: dict[Any, Any] = {}
            self.fact_memos[j] = memo
            column = self.cols.facts.get(fact.id)
            src.add(depth, "x = " + (f"c[{integer(column)}]" if column is not None else "_M"))
            src.add(depth, f"f{j} = {src.const(memo)}.get(x)")
            src.add(depth, f"if f{j} is None:")
            src.add(depth + 1, f"f{j} = _fcell({integer(j)}, x)")


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

    def key(self) -> tuple[object, ...]:
        """What the row scorer of this layout is made from, as a key: equal for layouts
        that place every answer, fact and evidence in the same columns."""
        return (
            tuple(sorted(self.answers.items())),
            tuple(sorted(self.facts.items())),
            tuple(sorted(self.evidence.items())),
            self.empty,
        )


#: a cell taken from the record into a variable (``r2 = c[3]``), then looked up in a memo
#: (``s2 = K1.get(r2)``, ``s21 = K19[v21].get(r21)``, ``t = K7.get(r9)``)
_TAKEN = re.compile(r"^(?P<indent> *)(?P<var>r[0-9]+) = (?P<cell>c\[[0-9]+\])$")
_LOOKUP = re.compile(
    r"^(?P<indent> *)(?P<to>[a-z][0-9]*) = "
    r"(?P<memo>K[0-9]+(?:\[v[0-9]+\])?)\.get\((?P<key>r[0-9]+)\)$"
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
#: the call of ``_cellx`` for a cell its criterion's memo lacks (not of ``new<i>``)
_CELL_CALL = re.compile(r"^ *[a-z][0-9]* = _cellx\([0-9]+, c\[[0-9]+\], [a-z0-9]+\)$")


def _cells_in_place(read: list[str], rest: list[str]) -> list[str]:
    """``read`` (the loop's reading of a row's cells) where a cell taken into a variable only
    to be looked up in its memo, and handed to its reader when the memo lacks it, is read
    in place (``s2 = K1.get(c[3])``; ``s2 = _cellx(2, c[3], 0)`` in the memo's absence): a
    variable no other line of the loop's body names (a criterion answered from another's
    cell names it again)."""
    named: dict[str, int] = {}
    for line in (*read, *rest):
        for word in _WORD.findall(line):
            named[word] = named.get(word, 0) + 1
    out: list[str] = []
    k = 0
    while k < len(read):
        taken = _TAKEN.match(read[k])
        looked = _LOOKUP.match(read[k + 1]) if taken and k + 3 < len(read) else None
        if taken is not None and looked is not None:
            indent, var, to, cell = taken["indent"], taken["var"], looked["to"], taken["cell"]
            call = read[k + 3]
            if (
                looked["indent"] == indent
                and looked["key"] == var
                and read[k + 2] == f"{indent}if {to} is None:"
                and call.startswith(f"{indent}    {to} = ")
                and _WORD.findall(call).count(var) == 1
                and named[var] == 3
            ):
                call = re.sub(rf"\b{var}\b", cell, call)
                if _CELL_CALL.match(call):
                    # a criterion read by _cell (levels, yes/no, counts): its memo lacks
                    # a text seldom, so a subscript (138 instructions less than ``get`` and
                    # its test) beats the cost of its KeyError (1,530 more) on a miss; a
                    # bands or linear column (new<i>) misses far more often: ``get``
                    out.append(f"{indent}try:")
                    out.append(f"{indent}    {to} = {looked['memo']}[{cell}]")
                    out.append(f"{indent}except KeyError:")
                else:
                    out.append(f"{indent}{to} = {looked['memo']}.get({cell})")
                    out.append(read[k + 2])
                out.append(call)
                k += 4
                continue
        out.append(read[k])
        k += 1
    return out


#: a cell of a criterion read by ``_cell`` and looked up by subscript (see _cells_in_place):
#: ``try:`` / ``s2 = K1[c[3]]`` / ``except KeyError:`` / ``s2 = _cellx(2, c[3], 0)``
_MEMBER_GET = re.compile(
    r"^(?P<indent> *)(?P<var>s[0-9]+) = (?P<memo>K[0-9]+)\[(?P<cell>c\[[0-9]+\])\]$"
)
_MEMBER_MISS = re.compile(r"^ *(?P<var>s[0-9]+) = _cellx\([0-9]+, (?P<cell>c\[[0-9]+\]), 0\)$")
#: a group's plain sum of its criteria's scores (``x = s2 + s3``)
_PLAIN_SUM = re.compile(r"^ *x = (?P<terms>s[0-9]+(?: \+ s[0-9]+)+)$")


def _joint_reads(read: list[str], rest: list[str]) -> tuple[list[str], list[str], int]:
    """``read`` and ``rest`` (see :func:`_cells_in_place`) where three or more cells
    (:data:`_JOINT_LEAST`) read one after the other by subscript (criteria read by ``_cell``:
    levels, yes/no, counts), whose scores enter one plain sum and nothing else, are looked up
    together: one memo (``J<n>``, the tuple of their texts -> the sum of their scores)
    instead of one look-up each and their additions.  On a miss each cell is read as before,
    in the same order, and the sum kept only when no cell of the row was refused (``_BAD``
    empty: a stand-in score is no score) and every cell is text (as the cells' memos keep
    texts only), boundedly (``_JLIMIT``).  A memo that misses when it is full, or when the
    texts its cells' memos hold make more combinations than it keeps, is looked up no more:
    its flag (``jo<n>``, the scorer's ``_JON[n]``, read at each call of the loop) goes off
    and the cells are read one by one from then on, so that a sheet whose cells come in many
    spellings pays for a few misses only.  The sum's other terms are added as before;
    integers and ``Fraction``s add exactly in any order.
    Returns the lines and the number of joint memos."""
    named: dict[str, int] = {}
    for line in (*read, *rest):
        for word in _WORD.findall(line):
            named[word] = named.get(word, 0) + 1
    if any(re.fullmatch(r"J[0-9]+|jo?[0-9]+|_JON", word) for word in named):
        return read, rest, 0  # the names are taken: as it is
    summed: dict[str, int] = {}  # a score -> the line of rest that sums it (once)
    for at, line in enumerate(rest):
        found = _PLAIN_SUM.match(line)
        if found is not None:
            terms = found["terms"].split(" + ")
            for var in terms:
                if terms.count(var) == 1:
                    summed[var] = at

    def member(k: int) -> tuple[str, str, str, int] | None:
        """(indent, score variable, cell, its sum's line) of the subscript read at ``k``."""
        if k + 3 >= len(read) or not read[k].endswith("try:"):
            return None
        indent = read[k][: -len("try:")]
        got, missed = _MEMBER_GET.match(read[k + 1]), _MEMBER_MISS.match(read[k + 3])
        if (
            indent.strip()
            or got is None
            or missed is None
            or got["indent"] != indent + "    "
            or read[k + 2] != f"{indent}except KeyError:"
            or not read[k + 3].startswith(indent + "    s")
            or got["var"] != missed["var"]
            or got["cell"] != missed["cell"]
            or named[got["var"]] != 3  # read, read on a miss, summed: nothing else
            or got["var"] not in summed
        ):
            return None
        return indent, got["var"], got["cell"], summed[got["var"]]

    out: list[str] = []
    rest = list(rest)
    joints = 0
    k = 0
    while k < len(read):
        first = member(k)
        run = [first] if first is not None else []
        while first is not None:
            more = member(k + 4 * len(run))
            if more is None or more[0] != first[0] or more[3] != first[3]:
                break
            run.append(more)
        if first is None or len(run) < _JOINT_LEAST:
            out.append(read[k])
            k += 1
            continue
        indent, at = first[0], first[3]
        memo, var = f"J{joints}", f"j{joints}"
        joints += 1
        cells = ", ".join(cell for _, _, cell, _ in run)
        texts = " and ".join(f"{cell}.__class__ is str" for _, _, cell, _ in run)
        alone = read[k : k + 4 * len(run)]
        summed_up = f"{var} = {' + '.join(v for _, v, _, _ in run)}"
        # the combinations the cells' memos allow (each holds the texts met of its cell)
        allowed = " * ".join(
            f"len({cast(re.Match[str], _MEMBER_GET.match(read[k + 4 * j + 1]))['memo']})"
            for j in range(len(run))
        )
        flag = f"jo{joints - 1}"
        out += [
            # looked up while on (jo<n>: this scorer's _JON[n]); a subscript, whose
            # KeyError on a miss (some 1,500 instructions) a memo filling pays; once full
            # and missing, or once the texts its cells' memos hold make more combinations
            # than it keeps (levels in a dozen spellings), it is never looked up again
            f"{indent}if {flag}:",
            f"{indent}    try:",
            f"{indent}        {var} = {memo}[{cells}]",
            f"{indent}    except KeyError:",
            *(f"        {line}" for line in alone),
            f"{indent}        {summed_up}",
            f"{indent}        if not _BAD and {texts}:",
            f"{indent}            if len({memo}) < _JLIMIT and {allowed} <= _JLIMIT:",
            f"{indent}                {memo}[{cells}] = {var}",
            f"{indent}            else:",
            f"{indent}                {flag} = _JON[{integer(joints - 1)}] = False",
            f"{indent}else:",
            *(f"    {line}" for line in alone),
            f"{indent}    {summed_up}",
        ]
        k += 4 * len(run)
        members = {v for _, v, _, _ in run}
        head, _, terms = rest[at].partition("x = ")
        kept: list[str] = []
        for term in terms.split(" + "):
            if term not in members:
                kept.append(term)
            elif var not in kept:
                kept.append(var)
        rest[at] = f"{head}x = {' + '.join(kept)}"
    return out, rest, joints


#: a line of the row scorer's body that reads a cell met for the first time with ``new<i>``
_NEW_CALL = re.compile(r"^ *[a-z][0-9]+ = new[0-9]+\([a-z0-9]+, [a-z0-9]+\)$")

#: ``rows(records, n, out, keys, parts, seen) -> (n, record or None, refused)``: see
#: :meth:`RowGenerator.write_loop`
RowLoop = Callable[
    [Iterator[list[str]], int, list[str], list[Any], list[list[Any]], dict[str, Any]],
    tuple[int, "list[str] | None", "bool | tuple[tuple[object, int, object], ...]"],
]

#: ``Numbers.amount``: ``amount(total, least) -> (text, numerator, denominator, lacking)``
Amount = Callable[[int, "int | None"], tuple[str, int, int, str]]

#: entries each memo of a row scorer keeps at most: memory stays flat whatever the input,
#: from the first few thousand rows on (a memo full stops growing: the texts met first, the
#: common ones, stay; a cell met after that is read as a cell met for the first time)
_MEMO_LIMIT = 1024
#: sums a joint memo of the loop keeps at most (see _joint_reads; within each memo's bound):
#: cells met together come in few combinations (112 on the bench sheets but the mix) or in
#: very many (levels in a dozen spellings: thousands), and each miss of a memo filling costs
#: a KeyError (some 1,500 instructions): at 1,024 the mix sheet paid 5.8 M instructions more
_JOINT_LIMIT = 256
#: the fewest cells looked up together: a pair's joint look-up (a tuple built, hashed,
#: compared item by item and freed, and the flag's test) costs more than its two look-ups
#: and their addition (counted: pairs joined too cost 1.45 M instructions more on the
#: integer sheet, 3.3 M on the mix)
_JOINT_LEAST = 3
#: entries all the memos of one row scorer keep at most (before the floor of 16 per memo)
_MEMO_BUDGET = 32_768
#: entries the memos of one row scorer may keep beyond their share, all together (some
#: 2 MB), each up to :data:`_MEMO_GROWN`: a column of decimal text meets some 5,600 distinct
#: texts in 50,000 rows (bench_batch's sheets; 1,024 kept, a cell met again once its memo
#: is full is read anew: 63,000 new<i> calls where 39,000 texts were distinct)
_MEMO_SPARE = 16_384
_MEMO_GROWN = 4096
#: plain texts whose floats the readers of cells met for the first time (``new<i>``) of one
#: row scorer share at most (the float a text reads as is any column's; some 0.6 MB): the
#: columns of a decimal sheet meet the same texts (on and around the edges)
_NUMBERS_KEPT = 8192
#: least totals each gate on the total of one row scorer remembers at most (see
#: RowGenerator._needs): a sheet of decimal answers has a few thousand distinct totals, and
#: each entry is a total and a few facts (some 0.6 MB)
_LEASTS_KEPT = 4096
#: cells refused that one row scorer remembers at most (some 2 MB with their texts)
_REFUSED = 16_384
#: the powers of ten a plain decimal text's places may ask for (it has at most MAX_DIGITS
#: characters): its exact number's denominator (see RowGenerator.exact)
_POWERS = tuple(10**k for k in range(MAX_DIGITS + 1))


#: whether the ASCII text ``{0}`` (at most ``MAX_DIGITS`` characters) that ``float`` took is
#: plain decimal (digits, at most one dot with digits on both sides, no leading zero): what
#: else ``float`` takes has a space, sign, dot or leading zero first (neither ``_LEAD`` nor
#: ``_ZERO``), a space or dot last (not ``_DIG``; ``inf`` and ``nan`` end in a letter), or an
#: exponent or underscores inside; one test of the text, no pieces of it cut, no call
_PLAIN = (
    "{0}[-1] in _DIG and ({0}[0] in _LEAD or {0}[:2] in _ZERO)"
    ' and not ("e" in {0} or "E" in {0} or "_" in {0})'
)


class _Ratio:
    """An exact number as two ints, ``numerator / denominator``, not reduced: a plain decimal
    text's digits over a power of ten, as ``new<i>`` gives it to a rule's arithmetic (see
    :meth:`RowGenerator.exact`).  Made with ``object.__new__`` and its two slots set: no
    call of Python code, no ``gcd``."""

    __slots__ = ("denominator", "numerator")
    numerator: int
    denominator: int


#: what the loop takes for the (score, answer) of a refused cell while it reads the rest
#: of the row (never worked out: the row is handed over once its cells are read)
_STAND_IN_READ = (0, None)


def _tries(
    total: Scaled,
    fixed: tuple[Scaled, ...],
    facts: tuple[tuple[object, Scaled], ...],
    top: Scaled,
) -> list[tuple[Scaled, Scaled | None]]:
    """What a row's gate on the total is tried at (see :meth:`RowGenerator._needs`), in a
    scale's units: :func:`~tiercert.conditions._total.total_tries` of its edges, the numbers
    ``fixed`` and each fact's value read times its factor (a value that is no number is no
    edge, as ``FactValue.of`` says)."""
    edges: list[Scaled] = list(fixed)
    for value, factor in facts:
        if value.__class__ is int or value.__class__ is Fraction:
            edges.append(value * factor)
    return cast(
        "list[tuple[Scaled, Scaled | None]]",
        total_tries(cast("list[Fraction]", edges), cast(Fraction, total), cast(Fraction, top)),
    )


#: a least total not yet remembered (see RowGenerator._needs): None is one
_NO_LEAST = object()


class GateTotal:
    """Where a row's points to the next tier are counted to when a failed gate on the total
    needs more of it than the tier's minimum (:meth:`RowScorer.state`): that total, scaled
    (the reference's ``total_needed``).  Else a tier's index says it: its minimum.  Equal by
    the total (a key of the points' texts, beside the tiers' indices).  A plain class: a
    dataclass's methods are compiled at import, some 3 M instructions on every command."""

    __slots__ = ("least",)

    def __init__(self, least: Scaled) -> None:
        self.least = least

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GateTotal) and other.least == self.least

    def __hash__(self) -> int:
        return hash((GateTotal, self.least))

    def __repr__(self) -> str:
        return f"GateTotal({self.least!r})"


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
        clean: Callable[[str], str] | None = None,
    ) -> None:
        plan = evaluator.plan
        # a share not whole at the evaluator's scale (a linear share of 49.99999999999999999999
        # or of 0.000001) would make the row's sums Fractions: the row scorer of the
        # evaluator of FINE_PLACES places instead, where it is whole (see Generator.share);
        # the first such share ends the writing at this scale (its code would be dropped)
        finer = evaluator.numbers.places < FINE_PLACES
        cleans = clean is not None
        gen = RowGenerator(plan, evaluator.numbers, layout, finer=finer, cleans=cleans)
        try:
            source = gen.write()
            fine = None
        except _DecimalShare:
            fine = evaluator.fine_rows()
            if fine is None:  # none can be made: this scale's, its sums Fractions
                gen = RowGenerator(plan, evaluator.numbers, layout, cleans=cleans)
                source = gen.write()
        if fine is not None:
            evaluator = fine
            gen = RowGenerator(plan, evaluator.numbers, layout, cleans=cleans)
            source = gen.write()
        self.evaluator = evaluator
        #: whether a total's percentage is the total itself (a maximum of 100, no rounding
        #: declared): see head_texts
        self._hundred = evaluator._percent == 1 and evaluator.plan.percentage_round is None
        #: the generated source, for reading and debugging
        self.source = source
        self.direct_ids = tuple(
            n.id for n in gen.order if isinstance(n, GroupPlan) and gen._direct(n)
        )
        #: the top-level criteria, in the order of ``tops``
        self.top_ids = tuple(node.id for node in plan.root.children)
        self._gates = len(plan.gates)
        #: where the gates' least totals start in the key (see RowGenerator._needs)
        self._needs_at = 2 + self._gates + len(self.direct_ids)
        one, direct, fact = evaluator._score_one, evaluator._read_direct, evaluator._read_fact
        memos, direct_memos, fact_memos = gen.memos, gen.direct_memos, gen.fact_memos
        reads = {gen.index[leaf_id] for leaf_id in gen.answer_read}
        count = len(direct_memos) + len(fact_memos)
        count += sum(len(m) if isinstance(m, list) else 1 for m in memos.values())
        # a large rubric shares a budget: some 130,000 cells in all, at most 20 MB
        limit = min(_MEMO_LIMIT, max(16, _MEMO_BUDGET // max(count, 1)))
        # beyond its share, a memo of a column with many distinct cells (percentages typed
        # with decimals: 10,001 of them between 0 and 100 with two places) grows from a
        # pool all the memos share, boundedly
        spare = [_MEMO_SPARE]

        def room(memo: Mapping[Any, Any]) -> bool:
            size = len(memo)
            if size < limit:
                return True
            if size < _MEMO_GROWN and spare[0] > 0:
                spare[0] -= 1
                return True
            return False

        #: cells the reference refused, by criterion (and evidence bits), direct group or
        #: fact: a row holding one again goes to the usual path at once, without the
        #: reference reading the cell (and writing its problem) once more; boundedly
        refused: dict[tuple[object, int, object], None] = {}

        def refuse(key: tuple[object, int, object], raw: object) -> None:
            if (raw.__class__ is str or raw is MISSING) and len(refused) < _REFUSED:
                refused[key] = None

        def value_of(raw: object) -> object:
            if clean is not None and raw.__class__ is str:  # a record's text as it comes
                raw = clean(raw)
            return MISSING if raw is MISSING or is_empty(raw) else cell_value(raw)

        def cell(i: int, raw: object, ev: int) -> Any:
            if (i, ev, raw) in refused:  # its problem is the usual path's to tell
                raise Fallback
            value = value_of(raw)
            scored = None
            if i in numeric and value is not MISSING:
                if i in compared:  # read as the compiled evaluator reads it
                    scored = numeric[i](value)
                else:
                    # 12.000 in a whole number, 1.500 where 1500 is in the range too: the
                    # reference refuses it (twelve thousand?)
                    test = grouped.get(i)
                    number = None if test is not None and test(value) else read_number(value)
                    if number is not None:
                        scored = numeric[i](number)
            if scored is None:  # anything but a number the rule takes: the reference decides
                if ev and value is not MISSING:  # the answer as a mapping, as the batch gives
                    # with texts that carry the same evidence under the rubric's rules (the
                    # reference judges evidence only by that): the first seen with it
                    just, link = witnesses[ev]
                    value = {"value": value, "justification": just, "url": link}
                try:
                    score, answer, _ = one(i, value, missing_is_zero)
                except Fallback:
                    refuse((i, ev, raw), raw)
                    raise
                scored = (score, answer)
            out = scored if i in reads else scored[0]
            memo = memos[i]
            if memo.__class__ is list:
                memo = memo[ev]
            if (raw.__class__ is str or raw is MISSING) and room(memo):
                memo[raw] = out
            return out

        def direct_cell(i: int, raw: object) -> Scaled:
            if ("direct", i, raw) in refused:
                raise Fallback
            value = raw
            if clean is not None and raw.__class__ is str:
                value = clean(raw)
                if not value:  # spaces only: no answer after all, which the usual path says
                    raise Fallback
            try:
                score = direct(i, cell_value(value))
            except Fallback:
                refuse(("direct", i, raw), raw)
                raise
            memo = direct_memos[i]
            if raw.__class__ is str and room(memo):
                memo[raw] = score
            return score

        def fact_cell(j: int, raw: object) -> object:
            if ("fact", j, raw) in refused:
                raise Fallback
            try:
                value = fact(j, value_of(raw))
            except Fallback:
                refuse(("fact", j, raw), raw)
                raise
            memo = fact_memos[j]
            if (raw.__class__ is str or raw is MISSING) and room(memo):
                memo[raw] = value
            return value

        #: the keys of the cells of the row the loop reads that were refused (see
        #: RowGenerator._noting_body): the loop takes them when the row's cells are read
        bad: list[tuple[object, int, object]] = []
        note = bad.append

        def cell_noted(i: int, raw: object, ev: int) -> Any:
            try:
                return cell(i, raw, ev)
            except Fallback:
                note((i, ev, raw))
                return _STAND_IN_READ if i in reads else 0

        def direct_noted(i: int, raw: object) -> Scaled:
            try:
                return direct_cell(i, raw)
            except Fallback:
                note(("direct", i, raw))
                return 0

        def fact_noted(j: int, raw: object) -> object:
            try:
                return fact_cell(j, raw)
            except Fallback:
                note(("fact", j, raw))
                return None

        def taken() -> tuple[tuple[object, int, object], ...]:
            keys = tuple(bad)
            bad.clear()
            return keys

        rules = plan.evidence_rules
        #: evidence bits -> texts that carry exactly them under ``rules`` (the first seen)
        witnesses: dict[int, tuple[str, str]] = {}

        def evidence(just: object, url: object) -> int:
            """1 when a justification counts, plus 2 when a URL does (in its column or in the
            justification), under the rubric's evidence rules: what the reference's
            ``has_evidence`` looks at, worked out the same way from the texts the batch would
            attach (a cell's text as it is, an empty cell none)."""
            seen_just, seen_url = just, url  # the memo's key: the texts as they came
            if clean is not None:
                just = clean(just) if isinstance(just, str) else just
                url = clean(url) if isinstance(url, str) else url
            text = (
                just if isinstance(just, str) else "" if is_empty(just) else str(cell_value(just))
            )
            link = url if isinstance(url, str) else "" if is_empty(url) else str(cell_value(url))
            bits = evidence_bits(text, link, rules)
            if bits not in witnesses:
                witnesses[bits] = (text, link)
            if seen_just.__class__ is str and seen_url.__class__ is str and room(given):
                given[seen_just, seen_url] = bits
            return bits

        given: dict[tuple[str, str], int] = {}
        numbers_read: dict[str, float] = {}

        helpers = {
            **evaluator._helper_table,
            "_cell": cell,
            "_dcell": direct_cell,
            "_fcell": fact_cell,
            "_ev": evidence,
            "_EVM": given,
            # new<i>'s memo keeping, as cell's (room), and its cleaning, as value_of's
            "_LIMIT": limit,
            "_JLIMIT": min(limit, _JOINT_LIMIT),
            "_room": room,
            "_SPARE": spare,
            "_GROWN": _MEMO_GROWN,
            "_cleaned": clean,
            # a plain text's exact number, from its digits (see RowGenerator.exact)
            "_ratio": object.__new__,
            "_Ratio": _Ratio,
            "_P10": _POWERS,
            "_int": int,
            # the characters of a plain text's ends (see _PLAIN)
            "_DIG": frozenset("0123456789"),
            "_NotFloat": ValueError,  # what float() raises for a text it does not take
            "_LEAD": frozenset("123456789"),
            "_ZERO": frozenset(("0", "0.")),  # a text's first two characters, 0 or 0.
            # the floats of plain texts, shared by the new<i> readers, boundedly
            "_NUMS": numbers_read,
            "_NUMG": numbers_read.get,
            "_NUMS_KEPT": _NUMBERS_KEPT,
            "_empty": is_empty,
            # a cell's float image is not kept beside what the cell scores (see _Passing)
            "_IMGS": PASSING,
            # the totals a failed gate on the total is tried at (see RowGenerator._needs)
            "_tries": _tries,
            "_NO": _NO_LEAST,
            "_LEASTS": _LEASTS_KEPT,
        }
        # the readers now (the loop calls them too), the row function when first asked for
        namespace = evaluator._run(gen.helper_code, gen, helpers, "row")
        # the readers of cells met for the first time, for the loop too
        readers = {f"new{i}": namespace[f"new{i}"] for i in gen.new_readers}
        noting = {
            "_BAD": bad,
            "_cellx": cell_noted,
            "_dcellx": direct_noted,
            "_fcellx": fact_noted,
            "_taken": taken,
        }
        self._gen, self._helpers = gen, {**helpers, **readers, **noting}
        # for problem_keys: the id each refused cell's problems name, and the columns of
        # the evidence a criterion's cell is read with
        ids = [node.id for node in gen.order]
        fact_ids = [fact.id for fact in gen.facts]
        witnessed: dict[int, tuple[int | None, int | None]] = {}
        for i in memos:
            leaf = cast(LeafPlan, gen.order[i])
            source = leaf.answer_from or leaf.id
            if source in layout.evidence:
                witnessed[i] = layout.evidence[source]
        self._ids, self._fact_ids, self._witnessed = ids, fact_ids, witnessed
        # num<i>(number), or num<i>(the cell's value) for the leaves in ``compared``
        numeric: dict[int, Callable[[Any], tuple[Scaled, Scaled | None] | None]]
        numeric = namespace["_NUMERIC"]
        compared = frozenset(namespace["_RAW"])
        # the leaves whose answer is a whole number (a count): 12.000 goes to the reference
        emitters = [cast(LeafPlan, gen.order[i]).kind.emitter for i in numeric]
        # (and those where 1.500 may mean 1500 in the range: grouped_test)
        grouped: dict[int, Callable[[object], bool]] = {}
        for i, e in zip(numeric, emitters, strict=True):
            test = dot_grouped if e and e.whole else grouped_test(cast(LeafPlan, gen.order[i]))
            if test is not None:
                grouped[i] = test
        #: the generated scorer: ``cells -> (key, tops)``, compiled on its first call (a CSV
        #: file written as CSV is scored by the loop, which holds the same body: see
        #: :meth:`_first_score`)
        self.score: Callable[[Any], tuple[tuple[Any, ...], tuple[Any, ...]]]
        self.score = self._first_score
        self._row: Callable[[Any], tuple[tuple[Any, ...], tuple[Any, ...]]] | None = None
        self._known = {k: v for k, v in namespace.items() if k != "__builtins__"}
        #: the loop's joint memos: texts of cells looked up together -> their scores' sum
        self._joint_memos: list[dict[tuple[object, ...], Any]] = []
        #: whether each is still looked up: no more once full and missing (see _joint_reads)
        self._joint_on: list[bool] = []

    def _first_score(self, cells: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """:attr:`score` until its first call: the row function compiled then (with the
        readers compiled already) and called; from then on :attr:`score` is that function
        (unless it was replaced meanwhile: this one calls it).  A row function that cannot
        be compiled (too deep for the compiler: the loop of the same body could not be
        either) sends every row the usual way (Fallback)."""
        row = self._row
        if row is None:
            with self.evaluator._first_use:  # a scorer kept is shared: one thread compiles
                row = self._row
                if row is None:
                    try:
                        namespace = self.evaluator._run(
                            self._gen.row_code, self._gen, {**self._known, **self._helpers}, "row"
                        )
                        row = namespace["row"]
                    except (RecursionError, SyntaxError, MemoryError):
                        row = _no_row
                    self._row = row
                    if self.score == self._first_score:
                        self.score = row
        return row(cells)

    def loop(
        self,
        width: int,
        unit_id: int,
        unit_name: int | None,
        *,
        counted: bool = False,
        **helpers: object,
    ) -> RowLoop:
        """The loop over a sheet's records (see :meth:`RowGenerator.write_loop`), sharing this
        scorer's memos.  ``helpers``: ``_HEADS`` (key -> (the output cells from the status to
        the failed gates, and the provisional and problems cells, each as CSV text of cells
        within a row, and what the summary counts)), ``_head`` (key -> that, filling it),
        ``_TEXTS`` (score -> its cell's CSV text), ``_text`` (filling it), ``_field`` (a cell's
        text -> its CSV text), ``_nfc`` (:func:`unicodedata.normalize`), ``_odd_name`` (a
        cleaned name that does not print -> whether its row takes the usual path: one
        holding such a character other than a line break), ``_clean_id``
        (the reader's own cleaning of an id's cell not ASCII or not printable, which marks
        one holding a character that does not print with a first letter in ``_SPECIAL``),
        ``_SPECIAL`` (first letters of a unit id that take the usual path), ``_SUMMARY`` (the
        ids of a total row, which take it too), ``_QUOTED`` (those of a unit name) and
        ``_BLANK``; with ``counted``, ``_COUNTED`` and ``_counted`` (see
        :meth:`RowGenerator.write_loop`).  Raises :class:`Unsupported` when the scorer cannot
        be made a loop."""
        gen = self._gen
        code = gen.write_loop(width, unit_id, unit_name, len(self.top_ids), counted)
        # the joint memos (see _joint_reads): the scorer's, shared by its loops, whose
        # bodies are the same
        joint, on = self._joint_memos, self._joint_on
        with self.evaluator._first_use:
            while len(joint) < gen.joints:
                joint.append({})
                on.append(True)
        memos: dict[str, object] = {f"J{k}": joint[k] for k in range(gen.joints)}
        memos["_JON"] = on
        namespace = self.evaluator._run(code, gen, {**self._helpers, **helpers, **memos}, "rows")
        return cast(RowLoop, namespace["rows"])

    def problem_keys(
        self, refused: tuple[tuple[object, int, object], ...], record: list[str]
    ) -> tuple[tuple[str, tuple[object, ...]], ...]:
        """For the cells the loop refused in ``record`` (their keys, as the loop hands them
        over): each one's id (of its criterion, group or fact: the ``where`` of the problems
        its cell has) and what its problems depend on (the key; for a criterion read with
        evidence, also the evidence cells' texts, which its answer carries)."""
        out: list[tuple[str, tuple[object, ...]]] = []
        for key in refused:
            kind = key[0]
            if kind == "direct":
                out.append((self._ids[key[1]], key))
            elif kind == "fact":
                out.append((self._fact_ids[key[1]], key))
            else:
                i = cast(int, kind)
                columns = self._witnessed.get(i)
                texts = (
                    ()
                    if columns is None
                    else tuple(record[k] if k is not None else None for k in columns)
                )
                out.append((self._ids[i], (*key, *texts)))
        return tuple(out)

    def state(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """What ``key`` decides, as a :class:`Result` says it: (certified, tier, next tier
        (where its points are counted to, and its reference; or None), ids of the failed
        gates, depends on provisional elements).  Its points are counted to the tier's
        minimum (its index says it) or, when a failed gate of that tier needs a higher total
        of the row (the key's ``N<j>``, see :meth:`RowGenerator._needs`), to that total
        (:class:`GateTotal`): :func:`~tiercert.result.points_needed`'s rule."""
        evaluator = self.evaluator
        plan = evaluator.plan
        reached = key[1]
        passed = key[2 : 2 + self._gates]
        flags = key[2 + self._gates : self._needs_at]
        # a group scored directly hides criteria: what is provisional depends on which
        given = frozenset(g for g, flag in zip(self.direct_ids, flags, strict=True) if flag)
        following = reached + 1
        nxt: tuple[int | GateTotal, TierRef] | None = None
        if following < len(plan.tiers):
            at: int | GateTotal = following
            least = evaluator._min_scaled[following]
            # (each set only for a failed gate of that tier: see RowGenerator._needs)
            for needed in key[self._needs_at :]:
                if needed is not None and needed > least:
                    least = needed
                    at = GateTotal(least)
            nxt = (at, evaluator.tier_refs[following])
        return (
            reached >= 0 and plan.tiers[reached].certified,
            evaluator.tier_refs[reached] if reached >= 0 else None,
            nxt,
            tuple(gate.id for gate, ok in zip(plan.gates, passed, strict=True) if not ok),
            bool(evaluator._provisional_for(given, reached)),
        )

    def amounts(self, total: Scaled) -> tuple[Fraction, Fraction]:
        """A total as a :class:`Result` says it: (total, percentage)."""
        evaluator = self.evaluator
        return evaluator.numbers.natural(total), evaluator._percentage(total)

    def total_texts(self, total: Scaled) -> tuple[str, str, tuple[int, int]] | None:
        """The texts of :meth:`amounts` as a CSV cell holds them (``display_number`` of each)
        and the total's (numerator, denominator), all from integers, without a Fraction:
        for a whole scaled total with few places from its digits, for any other from its two
        integers (:func:`~tiercert._numbers.ratio_text`); None when the percentage is
        rounded as the rubric declares (the Fractions say) or there is no maximum."""
        evaluator = self.evaluator
        numbers = evaluator.numbers
        factor = evaluator._percent
        if factor is None or evaluator.plan.percentage_round is not None:
            return None
        if type(total) is int:
            # from its digits also at more places than are shown (the row scorer of 24
            # places): Numbers.text cuts as display_number does where the digits run longer
            if not numbers.places or factor.denominator != 1:
                return self._ratio_texts(total, 1, factor)
            shown, numerator, denominator, _ = numbers.amount(total)
            # the percentage of a maximum of 100 is the total itself: its text too
            multiple = factor.numerator
            return (
                shown,
                shown if multiple == 1 else numbers.text(total * multiple),
                (numerator, denominator),
            )
        exact = cast(Fraction, total)
        return self._ratio_texts(exact.numerator, exact.denominator, factor)

    def head_texts(
        self, total: Scaled, tier: int | GateTotal | None
    ) -> tuple[str, str, tuple[int, int], str] | None:
        """:meth:`total_texts` and :meth:`needed_text` for the tier at index ``tier`` (or the
        gate's total: see :meth:`state`; ``""`` when None) together; for a whole scaled total
        of a maximum of 100 (its percentage's text is the total's) from one division of the
        total (``Numbers.amount``), when :meth:`whole_amount` says its shortcut holds."""
        if type(total) is int:
            whole = self.whole_amount(tier)
            if whole is not None:
                amount, least = whole
                shown, numerator, denominator, lacking = amount(total, least)
                return shown, shown, (numerator, denominator), lacking
        texts = self.total_texts(total)
        if texts is None:
            return None
        return (*texts, "" if tier is None else self.needed_text(total, tier))

    def whole_amount(self, tier: int | GateTotal | None) -> tuple[Amount, int | None] | None:
        """What :meth:`head_texts` of a whole scaled total computes for the tier at index
        ``tier`` (or the gate's total: see :meth:`state`; None: no next tier) when its
        shortcut holds (a maximum of 100 with no rounding declared, the tier's minimum whole
        at the scale: tested here only, :meth:`head_texts` asks here too): ``Numbers.amount``
        and that minimum, ``amount(total, least)`` giving the total's text (the percentage's
        too), its reduced value and what it lacks; else None (:meth:`head_texts` then).  For
        a caller that asks once for each tier and then for each total (the row loop's new
        keys: one call a total, not two)."""
        if not self._hundred:
            return None
        least = None if tier is None else self._least(tier)
        if least is not None and type(least) is not int:
            return None
        return self.evaluator.numbers.amount, least

    def _ratio_texts(
        self, numerator: int, denominator: int, factor: Fraction
    ) -> tuple[str, str, tuple[int, int]]:
        """:meth:`total_texts` of the scaled total ``numerator / denominator`` (reduced)."""
        num, den = _natural(numerator, denominator, self.evaluator.numbers.scale)
        # the percentage: the total times 100 / maximum, reduced
        top, bottom = num * factor.numerator, den * factor.denominator
        common = gcd(top, bottom)
        return (
            ratio_text(num, den),
            ratio_text(top // common, bottom // common),
            (num, den),
        )

    def needed_text(self, total: Scaled, tier: int | GateTotal) -> str:
        """The text of :meth:`needed` (cut up, never below what is lacking), from integers."""
        least = self._least(tier)
        if type(least) is not int:  # a tier's minimum finer than the scale
            return display_number(self.needed(total, tier), "ceiling")
        if type(total) is int:  # exact, or cut up where it has more places than are shown
            return self.evaluator.numbers.text(least - total, "ceiling") if least > total else "0"
        exact = cast(Fraction, total)
        numerator, denominator = exact.numerator, exact.denominator
        # least - n/d = (least * d - n) / d: still reduced, as n/d is
        gap = least * denominator - numerator
        if gap <= 0:
            return "0"
        num, den = _natural(gap, denominator, self.evaluator.numbers.scale)
        return ratio_text(num, den, "ceiling")

    def needed(self, total: Scaled, tier: int | GateTotal) -> Fraction:
        """The points a total lacks for the tier at index ``tier`` (or up to the gate's total:
        see :meth:`state`; 0 when it has enough)."""
        least = self._least(tier)
        return self.evaluator.numbers.natural(least - total if least > total else 0)

    def _least(self, tier: int | GateTotal) -> Scaled:
        """The scaled total points to the next tier are counted to (see :meth:`state`)."""
        if isinstance(tier, GateTotal):
            return tier.least
        return self.evaluator._min_scaled[tier]

    def value(self, score: Any) -> Fraction | str:
        """A top-level criterion's score as a Result's node gives it; "na" when excluded."""
        return "na" if score is EXCLUDED else self.evaluator.numbers.natural(score)

    def text(self, score: Any) -> str:
        """The text of :meth:`value` (or of a scaled total or gap) as a CSV cell holds it."""
        return "na" if score is EXCLUDED else self.evaluator.numbers.text(score)


def _no_row(cells: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The row function of a row scorer whose row function could not be compiled."""
    raise Fallback


def _natural(numerator: int, denominator: int, scale: int) -> tuple[int, int]:
    """The natural value of the scaled ``numerator / denominator`` (reduced, denominator > 0)
    as a reduced (numerator, denominator): ``numerator / (denominator * scale)``."""
    common = gcd(numerator, scale)  # the numerator shares nothing with the denominator
    return numerator // common, denominator * (scale // common)
