"""Table-driven leaves: the criteria of a large rubric scored by loops over their constants.

The generator writes one block of code per criterion (:meth:`Generator._leaf`).  At 10,000
criteria that is one function of about 300,000 lines: compiling it peaks at about a gigabyte,
and one verdict walks through megabytes of bytecode that no longer fit the CPU's caches.
Most of those blocks differ only in their constants: the answer's key, the criterion's index,
the names of its memos and tables, its points and band edges.  Here the criteria of a stretch
of the verdict's first phase (reading and scoring every answer) are written the usual way,
one at a time, and each block is split into a *template* (its text with every constant taken
out) and the constants; criteria whose templates are equal become one loop::

    zS = []
    for z0, z1, z2 in K12:          # one row of constants per criterion
        r = g(z0, _M)
        ...                          # the template, once: the block of each criterion
        zS.append(s)
    s3, s7, s11 = zS                 # the scores, where the rest of the code reads them

Each row holds the very values the block named or wrote (the namespace's objects for its
names ``K<n>``, ``K<n>_get``; the numbers and strings its literals wrote), so the loop does
exactly what the blocks did, criterion by criterion.  A constant equal in every row stays
where it was.  What may be put in a loop is decided per criterion by the generator
(:meth:`Generator._tabled`: a plain criterion of the verdict whose answer and score nothing
else reads before the groups); a block that names any other numbered variable stays as it
was written.  Criteria are then scored in another order than the rubric's, which changes
nothing: each block reads only its own answer and memos, and what it hands the reference
(``_slow``) is counted, not ordered (the first problem ends the call, and the reference
then scores the whole input again).

Nothing here writes text of a rubric or an answer into code: a template is generated code
with literals replaced by names ``z<n>``.
"""

from __future__ import annotations

import ast
import re
import textwrap
from ast import literal_eval
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from tiercert._compile import LeafPlan, Plan

if TYPE_CHECKING:
    from tiercert._fast.codegen import Generator

#: criteria from which a rubric's verdict is table-driven (FastEvaluator's default ``tables``):
#: the loops cost 30-40 % more a criterion at 100-3,000 criteria, and less at 10,000, where
#: the written-out code no longer fits the caches (``benchmarks/bench_tables.py``)
TABLES_FROM = 5_000
#: the fewest criteria sharing a template that become a loop (fewer stay written out)
SMALLEST_LOOP = 4
#: names a template may take out: the namespace's constants and their ``get``
_CONST = re.compile(r"K\d+(?:_get)?")
#: the constants of a row unpacked into variables of their own (the others: see write_loop)
UNPACKED = 3
#: the names of the scores unpacked in one statement
_UNPACK = 100

Block = list[str]


#: the tokens of generated code that :func:`split` looks at: string literals (generated code
#: writes them with ``repr``: quoted, on one line), names ending in a number (``K12``,
#: ``K12_get``, ``s7``, ``_Q3``), and number literals (``repr`` of an int or a finite float:
#: digits, a point, an exponent; a sign is an operator)
_TOKEN = re.compile(
    r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\b([A-Za-z_]\w*?\d+(?:_get)?)\b"""
    r"""|(?<![\w.])(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)"""
)
#: the value of each literal text met (ids, points and edges recur across criteria)
_VALUES: dict[str, object] = {}


def _value(text: str) -> object:
    value = _VALUES.get(text)
    if value is None:
        # a whole number as ``repr`` writes it (no sign, no leading zero) is read by int():
        # the criteria's own numbers are many and each met once
        whole = text.isdigit() and text.isascii() and (text[0] != "0" or text == "0")
        value = int(text) if whole else literal_eval(text)
        if len(_VALUES) < 65_536:
            _VALUES[text] = value
    return value


#: the kinds of token :func:`tokens` finds
_STRING, _NAME, _NUMBER = 0, 1, 2
#: where a token may start or a name holds a digit: a quote or a digit (a name of
#: :data:`_TOKEN` ends in a digit or in a digit and ``_get``)
_HIT = re.compile(r"['\"\d]")
_STRING_AT = re.compile(r"""'(?:[^'\\\n]|\\.)*'""" r'|"(?:[^"\\\n]|\\.)*"')
_NUMBER_AT = re.compile(r"\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
_WORD_END = re.compile(r"\w*")
_NAME_TOKEN = re.compile(r"[A-Za-z_]\w*?\d+(?:_get)?")


def tokens(text: str) -> list[tuple[int, int, int]]:
    """The tokens of :data:`_TOKEN` in ``text``, in order, each as its start, its end and
    its kind (:data:`_STRING`, :data:`_NAME`, :data:`_NUMBER`): the same as
    ``_TOKEN.finditer(text)`` (tests/engine/test_tables.py), found from the quotes and
    digits of the text rather than by trying the pattern at every character, which took
    half the time of writing a 10,000-criterion verdict (docs/performance-history.md,
    thirteenth round).  A name holds a digit; a word (a run of ``\\w``) is never a token
    but whole, so each digit met is placed in its word."""
    found: list[tuple[int, int, int]] = []
    hit = _HIT.search
    pos = 0
    while (match := hit(text, pos)) is not None:
        at = match.start()
        char = text[at]
        if char == "'" or char == '"':
            string = _STRING_AT.match(text, at)
            if string is None:
                pos = at + 1
                continue
            found.append((at, string.end(), _STRING))
            pos = string.end()
            continue
        before = text[at - 1] if at else ""
        if not (before.isalnum() or before == "_"):
            if before == ".":  # digits after a point start no number
                pos = _WORD_END.match(text, at).end()  # type: ignore[union-attr]
                continue
            number = _NUMBER_AT.match(text, at)
            assert number is not None  # a digit starts one
            found.append((at, number.end(), _NUMBER))
            pos = number.end()
            continue
        start = at - 1  # within a word: its start, where a name would begin
        while start > pos and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        end = _WORD_END.match(text, at).end()  # type: ignore[union-attr]
        first = text[start - 1] if start else ""
        if (
            not (first.isalnum() or first == "_")
            and _NAME_TOKEN.fullmatch(text, start, end) is not None
        ):
            found.append((start, end, _NAME))
        pos = end
    return found


def split(
    block: Block, own: str, namespace: dict[str, object]
) -> tuple[str, list[object], list[str]] | None:
    """The template of ``block`` (the code of one criterion, whose score variable is ``own``),
    its constants in order and the text of each, or None when the block names another
    numbered variable.  The template is the block's text with each constant replaced by
    ``\\x00`` and ``own`` by ``s``."""
    text = "\n".join(block)
    pieces: list[str] = []
    values: list[object] = []
    texts: list[str] = []
    done = 0
    for start, end, kind in tokens(text):
        token = text[start:end]
        if kind == _NAME:
            if token == own:
                pieces += [text[done:start], "s"]
                done = end
                continue
            if token[0] == "_":
                continue  # a name of the namespace, the same everywhere (_Q3)
            if not _CONST.fullmatch(token):
                return None  # another criterion's or a group's variable
            values.append(namespace[token])
        else:  # a string or a number
            values.append(_value(token))
        texts.append(token)
        pieces += [text[done:start], "\x00"]
        done = end
    pieces.append(text[done:])
    return "".join(pieces) + "\n", values, texts


#: the types of literals a block writes (compared by value; anything else by identity)
_LITERALS = (int, float, str)


def _key(value: object) -> tuple[type, object]:
    """What tells constants apart: a literal's type and value (``1`` and ``1.0`` are equal
    but not the same literal), the identity of any other object (two memos or tables that
    are equal now are still two: a memo fills, and each criterion has its own)."""
    return (type(value), value if type(value) in _LITERALS else id(value))


def _same(column: tuple[object, ...]) -> bool:
    """Whether every row holds the same constant (see :func:`_key`)."""
    first = _key(column[0])
    return all(_key(v) == first for v in column)


def write_loop(
    gen: Generator, template: str, rows: list[list[object]], firsts: list[str], scores: list[str]
) -> None:
    """One loop over ``rows`` (one criterion's constants each) running ``template`` (see
    :func:`split`; ``firsts``: the first criterion's own text of each constant, kept where
    every row holds the same), then the scores unpacked into ``scores``."""
    columns = list(zip(*rows, strict=True))
    names: dict[tuple[object, ...], str] = {}  # equal columns share a loop variable
    kept: list[tuple[object, ...]] = []
    texts: list[str] = []
    for column, first in zip(columns, firsts, strict=True):
        if _same(column):
            texts.append(first)
            continue
        key = tuple(_key(v) for v in column)
        name = names.get(key)
        if name is None:
            name = names[key] = f"z{len(names)}"
            kept.append(column)
        texts.append(name)
    pieces = template.split("\x00")
    kept, texts = _looked_up(gen, kept, texts, pieces)
    # a row of many constants: the first few unpacked, the others one tuple read by index
    # (the fast paths of a block use its first constants; unpacking the others cost a store
    # each, for every criterion)
    tail = len(kept) - UNPACKED if len(kept) > UNPACKED + 1 else 0
    if tail:
        rename = {f"z{UNPACKED + j}": f"zt[{j}]" for j in range(tail)}
        texts = [rename.get(text, text) for text in texts]
        kept = [*kept[:UNPACKED], tuple(zip(*kept[UNPACKED:], strict=True))]
    keys = _fetching(kept, texts, pieces)
    if keys is not None:
        # the answers read by a call for each part of the keys, and the loop runs over them
        # (see _fetching): the block's reading line goes, and elsewhere the key is the row's,
        # by its position
        by_row = f"{gen.src.const(keys)}[len(zS)]"
        texts = [
            by_row if text == "z0" else text[:-4] + f"[{by_row}]" if text.endswith("[z0]") else text
            for text in texts[1:]
        ]
        pieces = [pieces[1][len(_READ_END) :], *pieces[2:]]
        kept = []
    body = pieces[0] + "".join(t + p for t, p in zip(texts, pieces[1:], strict=True))
    # one column: the rows are its values themselves (no tuple a row to read and count)
    table = (
        kept[0]
        if len(kept) == 1
        else tuple(zip(*kept, strict=True))
        if kept
        else tuple(() for _ in rows)
    )
    named = [f"z{n}" for n in range(len(kept) - (1 if tail else 0))] + (["zt"] if tail else [])
    targets = ", ".join(named)
    src = gen.src
    src.add(1, "zS = []")
    start = len(src.lines)
    lines = body.rstrip("\n").split("\n")
    if keys is not None:
        src.add(1, f"for zG, zK in {src.const(_parts(keys))}:")
        src.add(2, "for r in _fetch(A, zG, zK, g, _M):")
        src.lines += ["    " + line for line in lines]
        src.add(3, "zS.append(s)")
    else:
        src.add(1, f"for {targets or '_'} in {src.const(table)}:")
        src.lines += lines
        src.add(2, "zS.append(s)")
    pin(src.lines, src.lines[start:])
    for start in range(0, len(scores), _UNPACK):
        names_ = scores[start : start + _UNPACK]
        src.add(1, f"{', '.join(names_)}, = zS[{start}:{start + len(names_)}]")


#: how a block reads its answer in the general scorer (Generator._walk), around its key
_READ = "r = g("
_READ_END = ", _M)\n"


def _fetching(
    kept: list[tuple[object, ...]], texts: list[str], pieces: list[str]
) -> tuple[str, ...] | None:
    """The keys of a loop whose rows are its answers' keys alone (after :func:`_looked_up`)
    and whose block begins by reading its answer with ``g`` (the general scorer's
    ``A.get``), or None.  Such a loop reads its answers a part of its keys at a time, in
    one call of an ``itemgetter`` of the part's keys (:func:`fetched`, :func:`_parts`), and
    runs over them: the rows' keys are then read by the dict's lookup in C, which writes no
    reference count of theirs, and
    every other use of the key in the block (the reference's criterion number, on the path
    of unusual answers) reads it by the row's position, ``len(zS)``.  At 10,000 criteria
    the loop's increment of each key's count was a cache line written a criterion and a
    verdict (docs/performance-history.md, fifteenth round)."""
    if len(kept) != 1 or texts[:1] != ["z0"] or not pieces[0].endswith(_READ):
        return None
    column = kept[0]
    if (
        len(column) < 2  # an itemgetter of one key gives the value, not a tuple of one
        or not pieces[0][: -len(_READ)].isspace()
        or not pieces[1].startswith(_READ_END)
        or any(type(key) is not str for key in column)
        or len(set(column)) != len(column)
    ):
        return None
    return cast("tuple[str, ...]", column)


#: the keys read by one call (see _parts)
FETCH = 256


def _parts(keys: tuple[str, ...]) -> tuple[tuple[itemgetter[Any], tuple[str, ...]], ...]:
    """``keys`` in parts of :data:`FETCH` (the last of at least two), each with an
    ``itemgetter`` of its keys: the tuple each call gives is made in memory the call before
    it freed (2 KB), where one of all the keys was 8 bytes a criterion of memory the rest
    of the verdict had pushed out of the caches."""
    cut = list(range(0, len(keys), max(FETCH, 2)))
    if len(keys) - cut[-1] < 2 and len(cut) > 1:
        cut.pop()
    bounds = [*cut, len(keys)]
    return tuple((itemgetter(*keys[a:b]), keys[a:b]) for a, b in pairwise(bounds))


def fetched(
    answers: object,
    getter: Callable[[object], tuple[object, ...]],
    keys: tuple[str, ...],
    get: Callable[[str, object], object],
    missing: object,
) -> Sequence[object]:
    """The answers to ``keys``, in order, each as ``get(key, missing)`` gives it (the
    answers' ``get``): by ``getter`` (``itemgetter(*keys)``) when ``answers`` is a plain
    dict holding every key, else by ``get`` itself (a key missing; another mapping, whose
    ``[]`` may differ from its ``get``: a ``defaultdict`` adds what it misses)."""
    if answers.__class__ is dict:
        try:
            return getter(answers)
        except KeyError:
            pass
    return [get(key, missing) for key in keys]


def _looked_up(
    gen: Generator, kept: list[tuple[object, ...]], texts: list[str], pieces: list[str]
) -> tuple[list[tuple[object, ...]], list[str]]:
    """``kept`` (the loop's columns, named ``z<n>`` in ``texts``) without the columns that
    the template uses only as the reference's criterion number (``_slow(<it>, ...)``, the
    path of unusual answers), each written there as a lookup by the row's answer key (a
    column of distinct texts) instead: the usual path then reads no number of its own a
    row, and a loop left with one column iterates over its values, with no tuple a row.
    At 10,000 criteria the rows' tuples and numbers were about two cache lines touched a
    criterion and a verdict (docs/performance-history.md, twelfth round)."""
    names = [f"z{n}" for n in range(len(kept))]
    slow_only = [
        name
        for name in names
        if all(pieces[k].endswith("_slow(") for k, text in enumerate(texts) if text == name)
    ]
    keys = [
        name
        for name, column in zip(names, kept, strict=True)
        if name not in slow_only
        and all(type(v) is str for v in column)
        and len(set(column)) == len(column)
    ]
    if not slow_only or not keys:
        return kept, texts
    key = keys[0]
    key_column = kept[names.index(key)]
    left = [name for name in names if name not in slow_only]
    renamed = {name: f"z{n}" for n, name in enumerate(left)}
    lookup = {
        name: f"{gen.src.const(dict(zip(key_column, kept[names.index(name)], strict=True)))}"
        f"[{renamed[key]}]"
        for name in slow_only
    }
    texts = [renamed.get(text) or lookup.get(text) or text for text in texts]
    return [kept[names.index(name)] for name in left], texts


#: where :func:`pin` writes: the first line of the function's body (after its ``def``)
_TOP = 1


def pin(lines: list[str], loop: list[str]) -> None:
    """Write at the top of the function (``lines``, its ``def`` first) a statement that is
    never run, naming in order every variable, attribute and constant of ``loop``.  CPython
    numbers a function's locals, names and constants in the order the compiler meets them,
    and one numbered past 255 takes an ``EXTENDED_ARG`` before each instruction using it,
    which also keeps that instruction from specialising (``LOAD_GLOBAL``, ``LOAD_ATTR``,
    ``COMPARE_OP``...).  A verdict of 10,000 criteria names 11,000 scores before its second
    loop: without this, a loop's own variables (``n``, ``q``, ``z4``), its helpers and its
    constants would come after them.  Met first here, they are numbered first, and an
    ``if 0:`` body costs nothing when the function runs."""
    tree = ast.parse(textwrap.dedent("\n".join(loop)))
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.append((node.lineno, node.col_offset, node.id))
        elif isinstance(node, ast.Attribute):  # co_names holds attributes with globals
            found.append((node.end_lineno or 0, node.end_col_offset or 0, "g." + node.attr))
        elif isinstance(node, ast.Constant) and type(node.value) in _LITERALS:
            found.append((node.lineno, node.col_offset, repr(node.value)))
    named = list(dict.fromkeys(text for _, _, text in sorted(found)))
    # names first: a global is numbered within 128 in LOAD_GLOBAL's argument
    named.sort(key=lambda text: 0 if text.isidentifier() else 1 if text[:2] == "g." else 2)
    lines[_TOP:_TOP] = ["    if 0:", f"        g({', '.join(named)})"]


#: values compared by value and type in a rule's parameters (see :func:`canon`)
_ATOMS = (int, float, str, bool, Fraction, Decimal, type(None))


def canon(value: object) -> object:
    """A hashable value equal for two values exactly when they are of the same types all
    the way down and equal: a rule's parameters are objects of their kind's own class
    (compared by identity), holding numbers, texts, tuples, dicts and sets.  An object of a
    class without its own ``__eq__`` counts by its class and its attributes (``__slots__``
    and ``__dict__``), one with its own by its class and value (``EvidenceRules``); a dict's
    order counts.  Raises TypeError for a value that cannot be compared (unhashable)."""
    kind = type(value)
    if kind in _ATOMS:
        return (kind, value)
    if kind is tuple or kind is list:
        return (kind, tuple(canon(v) for v in cast("tuple[object, ...]", value)))
    if kind is dict:
        items = cast("dict[object, object]", value).items()
        return (kind, tuple((canon(k), canon(v)) for k, v in items))
    if kind is frozenset or kind is set:
        return (kind, frozenset(canon(v) for v in cast("frozenset[object]", value)))
    if kind.__eq__ is not object.__eq__:
        hash(value)
        return (kind, value)
    names = [n for c in kind.__mro__ for n in c.__dict__.get("__slots__", ())]
    own = sorted(vars(value).items()) if hasattr(value, "__dict__") else []
    return (
        kind,
        tuple(canon(getattr(value, n, None)) for n in names),
        tuple((n, canon(v)) for n, v in own),
    )


def rule_key(leaf: LeafPlan) -> object:
    """Everything of ``leaf`` that its memos and typed tables depend on: every field of its
    plan but its id (its rule kind, the rule's parameters, maximum, rounding, N/A, evidence
    and its rules...; :func:`canon`), or None when they cannot be compared."""
    try:
        return canon(
            (
                leaf.params,
                leaf.max,
                leaf.provisional,
                leaf.round,
                leaf.na,
                leaf.na_evidence,
                leaf.evidence,
                leaf.evidence_rules,
                leaf.grouped,
            )
        ), leaf.kind
    except TypeError:
        return None


def owners(plan: Plan) -> dict[str, str]:
    """For each criterion answered alone whose memos and typed tables are a function of its
    rule (:func:`rule_key`) and of the answer only, the id of the first criterion of the same
    rule, whose memos it shares: a memo of points (answer -> points), of typed readings
    (text -> reading), a table from reading to points.  Left out (their own, by their id): a
    criterion reading another's answer or read by others (the readers' checks refuse answers
    the rule accepts), a computed one, one whose rule cannot be compared.  At 10,000 criteria
    a verdict otherwise walks 10,000 memos and tables where a few rules make them all."""
    first: dict[object, str] = {}
    found: dict[str, str] = {}
    for node in plan.nodes.values():
        if (
            not isinstance(node, LeafPlan)
            or not node.answered
            or node.when is not None
            or plan.readers.get(node.id)
        ):
            continue
        key = rule_key(node)
        if key is not None:
            found[node.id] = first.setdefault(key, node.id)
    return found


def tabulate(gen: Generator, leaves: list[tuple[LeafPlan, str]]) -> None:
    """Write the criteria ``leaves`` (each with the code reading its answer) at the top level
    of the verdict: those sharing a template with at least ``gen.loops_from`` criteria
    (:data:`SMALLEST_LOOP`) as loops, the others written out as usual."""
    src = gen.src
    groups: dict[str, list[tuple[LeafPlan, Block, list[object], list[str]]]] = {}
    alone: list[Block] = []
    for leaf, read in leaves:
        start = len(src.lines)
        src.add(2, f"r = {read}")
        gen._leaf(leaf, "r", 2)
        block = src.lines[start:]
        del src.lines[start:]
        own = gen.v("s", leaf)
        found = split(block, own, src.namespace)
        if found is None:
            alone.append(block)
            continue
        template, values, firsts = found
        groups.setdefault(template, []).append((leaf, block, values, firsts))
    for template, members in groups.items():
        if len(members) < gen.loops_from:
            alone += [block for _, block, _, _ in members]
            continue
        write_loop(
            gen,
            template,
            [values for _, _, values, _ in members],
            members[0][3],
            [gen.v("s", leaf) for leaf, _, _, _ in members],
        )
    for block in alone:
        src.lines += [line[4:] for line in block]  # from the loop's depth to the top level
