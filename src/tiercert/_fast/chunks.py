"""A long generated function cut into functions of bounded size, compiled one at a time.

The full scorer of a rubric keeps every criterion's answer and score in variables of its own
(``r12``, ``s12``...), which the groups, the gates and the breakdown read: it cannot be a loop
over a table as the verdict's leaves are (:mod:`tiercert._fast.tables`).  Written as one
function, it is 14 MB of source at 10,000 criteria, and ``compile()`` of that one function
held about a gigabyte at its peak (its syntax tree and its compiler's blocks and instructions
are alive at once, in proportion to the function).  Here the statements of its body between a
``start`` and an ``end`` (every criterion's block, the facts, the groups, the gates and tiers)
are put, in their order, into functions of at most :data:`CHUNK_LINES` lines each::

    def _full_0(A, cnt, g, mz, q, st):       # what the statements read that was set before
        s2 = s3 = None                        # what they may leave unset but hand back
        r2 = g('g0.0', _M)
        ...
        return (q, r2, r3, s2, s3, )         # what they set that later code reads

    def full(A, F, mz, st):
        try:
            g = A.get
            ...
            q, r2, r3, s2, s3, = _full_0(A, cnt, g, mz, q, st)
            ...

Each ``def`` is compiled by its own ``compile()`` call (``FastEvaluator._run`` compiles the
text one top-level ``def`` at a time), so the peak is that of one part.  The statements run
as they did, in the same order, on the same values: a part's locals are exactly the names its
statements assign (Python's own symbol table of the part says which), it is given every name
it uses that was set before it (the function's arguments, the lines before ``start``, what
earlier parts handed back), and hands back every name it assigns that any later text names.
Which names are the function's own is told by how the generator names things: the names of
its namespace are ``_`` and a letter (helpers), ``K<n>`` and ``K<n>_get`` (constants) and
``TR<n>`` (tiers), beside five builtins; any other name in the code (outside strings, not an
attribute, not a keyword) is a local (``tests/engine/test_chunks.py`` checks this against the
compiled code's own locals).
A name handed back that its statements may leave unassigned starts as None (the original
function never read such a name where it was unset; any use of None raises ``TypeError``,
which the scorer answers by handing the input to the reference).  An exception raised in a
part goes up through the call to the scorer's own ``try`` as it did.  A body with a
``return`` (or anything else a call would change: ``yield``, ``global``, ``nonlocal``,
``lambda``, a class, a nested ``def``, a comprehension's or ``del``'s scoping) is not cut.

Nothing here writes text of a rubric or an answer into code: only names already in the
generated code, and the part's name.
"""

from __future__ import annotations

import keyword
import re

#: the most lines of statements a part holds (a statement longer than that is a part alone)
CHUNK_LINES = 2_000
#: the fewest lines of the body between ``start`` and ``end`` that are cut into parts: a full
#: scorer of about 1,100 criteria and up (37 lines a criterion of ``large_rubric.realistic``).
#: Below it the whole function compiles in under about 150 MB, and a cut scorer runs slower
#: (each part's call hands its names in and back: +29 % instructions a full result at 1,000
#: criteria cut from 10,000 lines), so only the rubrics whose compile would need far more
#: memory pay it (the shipped rubrics stay one function)
CHUNK_FROM = 40_000
#: runs of word characters and dots: a name is one's first piece, when it starts a name
#: (``r4.is_integer``: ``r4``; ``0.5``, ``1e``, ``.get``: none)
_WORDS = re.compile(r"[.\w]+")
#: the text of a string literal (as the generator writes them: ``repr``, on one line)
_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_COMMENT = re.compile(r"#[^\n]*")
#: the names of the generated code's namespace (see the module docstring)
_GLOBAL = re.compile(r"_[A-Za-z]\w*|K\d+(?:_get)?|TR\d+")
_BUILTINS = frozenset({"len", "int", "str", "TypeError", "KeyError"})
_KEYWORDS = frozenset(keyword.kwlist)
#: a top-level assignment to names only (``s2 = ...``, ``s2, _ = ...``, ``a = b = None``)
_ASSIGNED = re.compile(r"((?:[A-Za-z_]\w*(?:, [A-Za-z_]\w*)* = )+)")
#: what a call would change the meaning of (see the module docstring)
_UNCUTTABLE = frozenset(
    {"return", "yield", "global", "nonlocal", "lambda", "class", "def", "for", "del", "async",
     "await", "import"}
)  # fmt: skip


def local_names(text: str) -> set[str]:
    """The names of the generated function's own (locals and arguments) that ``text``
    uses: every name outside strings and attributes but the namespace's and keywords."""
    return {name for name in names(text) if not _GLOBAL.fullmatch(name)} - _NOT_LOCAL


def names(text: str) -> set[str]:
    """Every name ``text`` uses, keywords too, outside strings and attributes."""
    found = {word.partition(".")[0] for word in set(_WORDS.findall(_code(text)))}
    return {name for name in found if name and not name[0].isdigit()}


_NOT_LOCAL = _KEYWORDS | _BUILTINS


def _code(text: str) -> str:
    """``text`` without its strings' texts and its comments."""
    return _COMMENT.sub("", _STRING.sub("''", text))


def statements(lines: list[str], depth: int) -> list[list[str]]:
    """``lines`` cut into their statements at ``depth`` (a statement's inner lines, and an
    ``elif``/``else``/``except``/``finally`` of it, stay with it)."""
    width = 4 * depth
    continued = tuple(" " * width + word for word in ("elif ", "else:", "except", "finally:"))
    found: list[list[str]] = []
    for line in lines:
        if found and (line[width : width + 1] == " " or line.startswith(continued)):
            found[-1].append(line)
        else:
            found.append([line])
    return found


def cut(
    lines: list[str], start: int, end: int, name: str, params: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """The parts of the function ``lines`` (its ``def`` line first, its body at depth 1,
    taking ``params``): the body's lines ``start:end`` put into functions of their own, and
    the function calling them; no parts and ``lines`` as they were when the stretch is short
    or cannot be cut."""
    body = lines[start:end]
    if len(body) < CHUNK_FROM:
        return [], lines
    groups: list[list[str]] = []
    for statement in statements(body, 1):
        if groups and len(groups[-1]) + len(statement) <= CHUNK_LINES:
            groups[-1] += statement
        else:
            groups.append(list(statement))
    every = [names("\n".join(group)) for group in groups]
    if any(not _UNCUTTABLE.isdisjoint(words) for words in every):
        return [], lines
    used = [{n for n in words if not _GLOBAL.fullmatch(n)} - _NOT_LOCAL for words in every]
    # the last text naming each name (len(groups): the lines after the stretch)
    last = dict.fromkeys(local_names("\n".join(lines[end:])), len(groups))
    for k in reversed(range(len(groups))):
        for n in used[k]:
            last.setdefault(n, k)
    known = set(params) | {n for line in lines[1:start] for n in _assigned(line.strip())}
    parts: list[str] = []
    calls: list[str] = []
    for k, group in enumerate(groups):
        given = sorted(used[k] & known)
        back = sorted(n for n in used[k] if last[n] > k)
        # every name a top-level line of the part assigns outright is set when it returns
        sure = {n for line in group if line[4:5] != " " for n in _assigned(line[4:])}
        unset = [n for n in back if n not in sure and n not in known]
        part = f"_{name}_{k}"
        parts.append(f"def {part}({', '.join(given)}):")
        for at in range(0, len(unset), 200):
            parts.append("    " + " = ".join(unset[at : at + 200]) + " = None")
        parts += group
        parts.append("    return (" + "".join(f"{n}, " for n in back) + ")")
        parts.append("")
        call = f"{part}({', '.join(given)})"
        calls.append(f"    {''.join(f'{n}, ' for n in back)}= {call}" if back else f"    {call}")
        known.update(back)
    return parts, [*lines[:start], *calls, *lines[end:]]


def _assigned(line: str) -> list[str]:
    """The names a statement assigns outright (``a = b = 1``: a and b), else none."""
    found = _ASSIGNED.match(line)
    if found is None:
        return []
    return [n for target in found.group(1).split(" = ") if target for n in target.split(", ")]
