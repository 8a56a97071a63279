"""The hand-written scorers: what a careful programmer writes for one rubric and one input form.

Each is straight-line Python working in tenths of a point, with the same input checks as the
engine (type, range, whole numbers of items, level ids, yes/no), and gives
``(total, certified, tier id)``.  One template per rubric says the scoring once; each answer
style expands its ``@`` lines into the inline code a programmer would type for that form of
input, so every style's scorer is the straight-line code of that style, not a generic one
calling helpers:

``@number LOW HIGH``
    the answer in ``v`` is a number in the range, left in ``v`` as something that compares
    exactly with the integer edges of the code below;
``@count [MOST]``
    a whole number of items, left in ``v`` as an ``int``;
``@add TARGET``
    ``TARGET += v``, exactly (a linear rule adds the answer itself);
``@flag STATEMENT``
    run ``STATEMENT`` when the answer in ``v`` is yes (refusing what is neither yes nor no);
``@level TABLE``
    the points of the level named by ``v``, left in ``v``;
``@if STYLE,STYLE`` / ``@else`` / ``@endif``
    lines for some styles only (``mix``: N/A and evidence; ``integer``: plain int sums).

**How each form is read** (decided here, so that the baseline neither flatters the engine nor
is flattered):

- ``integer``: ``type(v) is int`` and a range check, as before;
- ``float``: ``type(v) is float`` and a range check; then compared **as a float** with the
  edges, written as float constants (``v < 50.0``, twice as fast as ``v < 50``).  That is
  exact and means what the reference means (a float is the decimal of its ``repr``): for an
  edge ``e`` with at most 15 significant digits, ``repr(x) < e`` if and only if
  ``x < float(e)``, because rounding to the nearest float is monotonic and such an ``e`` is
  the shortest decimal of ``float(e)`` (the edges here are whole numbers, exact as floats).
  Where the value itself is added to a total (a linear rule) it is converted exactly,
  ``Decimal(repr(v))``, and added in the exact context below.  Converting every float with
  ``Fraction(Decimal(repr(v)))`` instead would cost ~1 µs an answer more: a baseline that
  would flatter the engine;
- ``Decimal``: ``type(v) is Decimal`` and a range check (a NaN raises); compared as
  Decimals, which is exact;
- ``decimal text``: ``Decimal(v)`` (exact, accepts the spaces and ``_`` the reference
  accepts, refuses ``72,5``), then as a Decimal; a count is ``int(v)`` (the sheets give
  counts as ``"3"``);
- ``mix``: an ``int`` goes straight through; anything else calls a small reader
  (:func:`read_number`, :func:`read_count`, :func:`read_flag`, :func:`read_level`), the
  helper functions a programmer writes for messy input, unpacking ``{value, justification}``
  mappings, reading yes/no words and N/A.

Sums stay exact: ints; Decimals added in ``EXACT``, a context with the precision for any
answer (the default 28 digits would round ``470 + 5e-324``; an answer needing more than its
5,000 digits raises instead of rounding); a Fraction where N/A rescales a group by 20/15.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction
from typing import Any, cast

from answers import STYLES, Style
from common import Answers, Decision, Facts

HandScorer = Callable[[Answers, Facts], Decision]

# --- the readers of the mixed style (what a programmer writes for messy input) ---------------

_ANSWER_KEYS = frozenset({"value", "justification", "url", "note"})
_TRUE = frozenset({"true", "yes", "y", "1", "met", "x", "có", "đạt"})
_FALSE = frozenset({"false", "no", "n", "0", "unmet", "không", "không đạt"})
NA_WORDS = frozenset({"na", "n/a"})
#: sums of Decimals that never round: an inexact one raises
EXACT = Context(prec=5000, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


def unpack(answer: Mapping[str, object]) -> tuple[object, str | None]:
    """(value, justification) of an answer given as ``{value, justification, url, note}``."""
    if not answer.keys() <= _ANSWER_KEYS or "value" not in answer:
        raise ValueError(answer)
    justification = answer.get("justification")
    return answer["value"], None if justification is None else str(justification)


def read_number(v: object) -> int | float | Decimal:
    """A number that compares exactly with integer edges (a float as itself: see above)."""
    if type(v) is dict:
        v = unpack(v)[0]
    kind = type(v)
    if kind is int or kind is float:
        return cast(int | float, v)
    if kind is Decimal and cast(Decimal, v).is_finite():
        return cast(Decimal, v)
    if kind is str:
        number = Decimal(cast(str, v))
        if number.is_finite():
            return number
    raise ValueError(v)


def read_count(v: object) -> int:
    n = read_number(v)
    if type(n) is int:
        return n
    if type(n) is float and n.is_integer():
        return int(n)
    if type(n) is Decimal and n == n.to_integral_value():
        return int(n)
    raise ValueError(v)


def read_flag(v: object) -> bool:
    if type(v) is dict:
        v = unpack(v)[0]
    if v is True or v is False:
        return v
    if type(v) is str:
        word = v.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    elif type(v) is int or type(v) is Decimal:
        if v == 1:
            return True
        if v == 0:
            return False
    raise ValueError(v)


def read_level(v: object, table: Mapping[str, int]) -> int:
    if type(v) is dict:
        v = unpack(v)[0]
    if type(v) is str:
        text = v.strip()
        if text in table:
            return table[text]
        folded = [name for name in table if name.lower() == text.lower()]
        if len(folded) == 1:
            return table[folded[0]]
    raise ValueError(v)


# --- the inline code of each style ------------------------------------------------------------


def number_lines(style: Style, low: int, high: int) -> list[str]:
    """Check the answer in ``v`` is a number from ``low`` to ``high``; leave it comparable."""
    inside = f"{low} <= v <= {high}"
    if style == "integer":
        return [f"if type(v) is not int or not {inside}:", "    raise ValueError(v)"]
    if style == "float":  # NaN fails the range check
        inside = f"{low}.0 <= v <= {high}.0"
        return [f"if type(v) is not float or not {inside}:", "    raise ValueError(v)"]
    if style == "Decimal":  # comparing a NaN raises
        return [f"if type(v) is not Decimal or not {inside}:", "    raise ValueError(v)"]
    if style == "decimal text":
        return [
            "if type(v) is not str:",
            "    raise ValueError(v)",
            "v = Decimal(v)",
            f"if not {inside}:",
            "    raise ValueError(v)",
        ]
    if style == "mix":
        return [
            "if type(v) is not int:",
            "    v = read_number(v)",
            f"if not {inside}:",
            "    raise ValueError(v)",
        ]
    raise AssertionError(style)


def count_lines(style: Style, most: int | None = None) -> list[str]:
    """Check the answer in ``v`` is a whole number of items (at most ``most``); an int."""
    limit = f" or v > {most}" if most is not None else ""
    if style == "integer":
        return [f"if type(v) is not int or v < 0{limit}:", "    raise ValueError(v)"]
    if style == "float":
        return [
            f"if type(v) is not float or not v.is_integer() or v < 0{limit}:",
            "    raise ValueError(v)",
            "v = int(v)",
        ]
    if style == "Decimal":
        return [
            f"if type(v) is not Decimal or v != v.to_integral_value() or v < 0{limit}:",
            "    raise ValueError(v)",
            "v = int(v)",
        ]
    if style == "decimal text":
        return [
            "if type(v) is not str:",
            "    raise ValueError(v)",
            "v = int(v)",
            f"if v < 0{limit}:",
            "    raise ValueError(v)",
        ]
    if style == "mix":
        return [
            "if type(v) is not int:",
            "    v = read_count(v)",
            f"if v < 0{limit}:",
            "    raise ValueError(v)",
        ]
    raise AssertionError(style)


def add_lines(style: Style, target: str) -> list[str]:
    """``target += v`` exactly (a float means its repr; sums in the exact context)."""
    if style == "integer":
        return [f"{target} += v"]
    if style == "float":
        return [f"{target} = EXACT.add({target}, Decimal(repr(v)))"]
    if style == "mix":
        return [
            "if type(v) is int:",
            f"    {target} += v",
            "else:",
            f"    {target} = EXACT.add({target}, Decimal(repr(v)) if type(v) is float else v)",
        ]
    return [f"{target} = EXACT.add({target}, v)"]


def flag_lines(style: Style, statement: str) -> list[str]:
    if style == "mix":
        return ["if v is True or (v is not False and read_flag(v)):", f"    {statement}"]
    return ["if v is True:", f"    {statement}", "elif v is not False:", "    raise ValueError(v)"]


def level_lines(style: Style, table: str) -> list[str]:
    if style == "mix":
        return [f"v = {table}[v] if type(v) is str and v in {table} else read_level(v, {table})"]
    return [f"v = {table}[v]"]


_DIRECTIVE = re.compile(r"^(?P<indent> *)@(?P<name>\w+) ?(?P<rest>.*)$")
#: a comparison of the answer with an integer edge, as a float program writes it: ``v < 50.0``
_EDGE = re.compile(r"(\bv [<>]=? )(\d+)\b(?!\.)")


def expand(template: str, style: Style) -> str:
    """The template's source for ``style``: ``@`` lines replaced by that style's code."""
    out: list[str] = []
    keep = [True]  # a stack: inside ``@if mix`` / ``@else``
    compared = False  # the lines after ``@number`` compare the answer with the edges
    for line in template.splitlines():
        match = _DIRECTIVE.match(line)
        if match is None:
            if line.lstrip().startswith("v = "):
                compared = False
            elif compared and style == "float":  # float constants: a float program's edges
                line = _EDGE.sub(r"\g<1>\g<2>.0", line)
            if all(keep):
                out.append(line)
            continue
        indent, name, rest = match["indent"], match["name"], match["rest"]
        if name == "if":
            keep.append(style in rest.split(","))
            continue
        if name == "else":
            keep[-1] = not keep[-1]
            continue
        if name == "endif":
            keep.pop()
            continue
        if not all(keep):
            continue
        args = rest.split()
        compared = name == "number"
        if name == "number":
            lines = number_lines(style, int(args[0]), int(args[1]))
        elif name == "count":
            lines = count_lines(style, int(args[0]) if args else None)
        elif name == "add":
            lines = add_lines(style, rest)
        elif name == "flag":
            lines = flag_lines(style, rest)
        elif name == "level":
            lines = level_lines(style, rest)
        else:
            raise ValueError(f"unknown directive @{name}")
        out += [indent + text for text in lines]
    return "\n".join(out) + "\n"


def build(template: str, style: Style, tables: Mapping[str, object], name: str) -> HandScorer:
    """Compile the template's code for ``style``; ``tables`` are its constants."""
    namespace: dict[str, Any] = {
        "Decimal": Decimal,
        "Fraction": Fraction,
        "EXACT": EXACT,
        "NA_WORDS": NA_WORDS,
        "unpack": unpack,
        "read_number": read_number,
        "read_count": read_count,
        "read_flag": read_flag,
        "read_level": read_level,
        **tables,
    }
    code = compile(expand(template, style), f"<hand-written {name}, {style}>", "exec")
    exec(code, namespace)
    return cast(HandScorer, namespace["hand"])


# --- the synthetic 40-leaf rubric of issue 6 ---------------------------------------------------

_SYNTHETIC_GROUP = """\
    # group {g}
    s = 0
    v = a["g{g}_b1"]
    @flag s = 30
    v = a["g{g}_b2"]
    @flag s += 20
    v = a["g{g}_b3"]
    @flag s += 20
    v = a["g{g}_l1"]
    @level LEVELS
    s += v
    v = a["g{g}_l2"]
    @level LEVELS
    s += v
    v = a["g{g}_n1"]
    @number 0 100
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g{g}_n2"]
    @number 0 100
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g{g}_d1"]
    @count 10
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
"""

SYNTHETIC = (
    """\
def hand(a, f):
    if len(a) != 40 or len(f) != 3:
        raise ValueError("unknown or missing answers")
    total = 0
"""
    + "".join(_SYNTHETIC_GROUP.replace("{g}", str(g)) for g in range(1, 6))
    + """\
    ko1, ko2, ko3 = f["ko1"], f["ko2"], f["ko3"]
    if type(ko1) is not bool or type(ko2) is not bool or type(ko3) is not bool:
        raise ValueError("knock-out flags must be true or false")
    tier = None
    if not (ko1 or ko2 or ko3):
        if total >= 900:
            tier = "star5"
        elif total >= 800:
            tier = "star4"
        elif total >= 700:
            tier = "star3"
        elif total >= 600:
            tier = "star2"
        elif total >= 500:
            tier = "star1"
    return Decimal(total) / 10, tier is not None, tier
"""
)
_SYNTHETIC_TABLES = {"LEVELS": {"full": 40, "good": 30, "fair": 15, "none": 0}}

# --- the shipped Bắc Giang rubric ---------------------------------------------------------------

BAC_GIANG = """\
def hand(a, f):
    if len(a) != 20 or len(f) > 1:
        raise ValueError("unknown or missing answers")
    # g1: a flag (4), a choice, 1.5 per item (at most 4), a flag (2), a 3-band value
    g1 = 0
    v = a["g1.1.1"]
    @flag g1 += 40
    v = a["g1.1.2"]
    @level TKTY
    g1 += v
    v = a["g1.2.1"]
    @count 4
    g1 += 15 * v
    v = a["g1.2.2"]
    @flag g1 += 20
    v = a["g1.2.3"]
    @number 0 100
    g1 += 0 if v < 50 else 10 if v < 100 else 20
    # g2: 5 bands, two choices and a flag, linear 0..50 -> 0..5 points (last: it may be a
    # Decimal from there on, added in the exact context)
    v = a["g2.1"]
    @number 0 100
    g2 = 0 if v < 80 else 30 if v < 90 else 50 if v < 95 else 70 if v < 100 else 80
    v = a["g2.3"]
    @level DAT
    g2 += v
    v = a["g2.4"]
    @flag g2 += 30
    v = a["g2.5"]
    @level NGAY
    g2 += v
    v = a["g2.2"]
    @number 0 100
    if v < 50:
        @add g2
    else:
        g2 += 50
    # g3: two flags, a choice, a deduction from 6 by 2
    g3 = 0
    v = a["g3.1"]
    @flag g3 += 40
    v = a["g3.2"]
    @flag g3 += 40
    v = a["g3.3"]
    @level TKTY
    g3 += v
    v = a["g3.4"]
    @count
    if v < 3:
        g3 += 60 - 20 * v
    # g4: 1.5 per item up to 6, 4 bands (N/A with a justification: full points), a deduction
    v = a["g4.1"]
    @count
    g4 = 15 * v if v < 4 else 60
    v = a["g4.2"]
    @if mix
    just = None
    if type(v) is dict:
        v, just = unpack(v)
    if type(v) is str and v.strip().lower() in NA_WORDS:
        if just is not None and just.strip():
            g4 += 50
    else:
        @number 0 100
        g4 += 0 if v < 70 else 20 if v < 85 else 40 if v < 100 else 50
    @else
    @number 0 100
    g4 += 0 if v < 70 else 20 if v < 85 else 40 if v < 100 else 50
    @endif
    v = a["g4.3"]
    @count
    if v < 2:
        g4 += 40 - 20 * v
    # g5: three 5-band values (N/A leaves the third out: the group rescaled from 15 to 20)
    v = a["g5.1"]
    @number 0 100
    g5 = 0 if v < 50 else 20 if v < 70 else 30 if v < 80 else 40 if v < 90 else 50
    v = a["g5.2"]
    @number 0 100
    g5 += 0 if v < 50 else 40 if v < 70 else 60 if v < 80 else 80 if v < 90 else 100
    v = a["g5.3"]
    @if mix
    if type(v) is dict:
        v = unpack(v)[0]
    if type(v) is str and v.strip().lower() in NA_WORDS:
        g5 = Fraction(4 * g5, 3)
    else:
        @number 0 100
        g5 += 0 if v < 50 else 20 if v < 70 else 30 if v < 80 else 40 if v < 90 else 50
    @else
    @number 0 100
    g5 += 0 if v < 50 else 20 if v < 70 else 30 if v < 80 else 40 if v < 90 else 50
    @endif
    total = (g1 if g1 < 200 else 200) + (g3 if g3 < 200 else 200) + (g4 if g4 < 150 else 150)
    total += g5 if g5 < 200 else 200
    g2 = g2 if g2 < 250 else 250
    @if integer
    total += g2
    @else
    if type(g2) is int:
        total += g2
    @if mix
    elif type(total) is Fraction:
        total += Fraction(g2)
    @endif
    else:
        total = EXACT.add(total, g2)
    @endif
    knocked = f.get("head_disciplined_or_prosecuted", False)
    if knocked is not True and knocked is not False:
        raise ValueError("head_disciplined_or_prosecuted")
    tier = None
    if not knocked:
        if total >= 960:
            tier = "sao-5"
        elif total >= 920:
            tier = "sao-4"
        elif total >= 880:
            tier = "sao-3"
        elif total >= 840:
            tier = "sao-2"
        elif total >= 800:
            tier = "sao-1"
    @if integer
    return Decimal(total) / 10, tier is not None, tier
    @else
    if type(total) is int:
        return Decimal(total) / 10, tier is not None, tier
    @if mix
    if type(total) is Fraction:
        return total / 10, tier is not None, tier
    @endif
    return EXACT.divide(total, 10), tier is not None, tier
    @endif
"""
_BAC_GIANG_TABLES = {
    "TKTY": {"tot": 60, "kha": 40, "trung_binh": 20, "yeu": 0},
    "DAT": {"dat": 50, "dat_mot_phan": 25, "chua_dat": 0},
    "NGAY": {"moi_ngay": 40, "mot_so_ngay": 20, "khong": 0},
}

#: rubric id -> (template, constants)
TEMPLATES: dict[str, tuple[str, Mapping[str, object]]] = {
    "synthetic40": (SYNTHETIC, _SYNTHETIC_TABLES),
    "bac_giang_friendly_gov": (BAC_GIANG, _BAC_GIANG_TABLES),
}


def hand_scorer(rubric_id: str, style: Style) -> HandScorer | None:
    """The hand-written scorer of a rubric for answers in ``style``; None when there is none."""
    found = TEMPLATES.get(rubric_id)
    if found is None:
        return None
    template, tables = found
    return build(template, style, tables, rubric_id)


def all_scorers(rubric_id: str) -> dict[Style, HandScorer]:
    return {style: s for style in STYLES if (s := hand_scorer(rubric_id, style)) is not None}
