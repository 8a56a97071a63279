"""Answers in the forms people give them, drawn from any rubric's plan, hitting every edge.

Five **styles**, each a complete, valid assessment for every answerable criterion:

- ``integer``: whole numbers, ``True``/``False`` and level ids (what the benchmarks used to
  give, and all they gave);
- ``decimal text``: every number as text with a dot, as a CSV file gives it (``"72.5"``,
  ``"49.99"``, ``"50.0"``, long ones such as ``"49.99999999999999999999"``); counts as
  ``"3"``;
- ``float``: every number a Python float, as pandas or JSON give it, including values no
  decimal holds exactly: ``29 / 100 * 100`` (28.999999999999996), ``(e - 0.3) + 0.1 + 0.2``,
  and the floats one ulp either side of each edge (``math.nextafter``);
- ``Decimal``: every number a :class:`~decimal.Decimal` (as tiercert's YAML reader gives);
- ``mix``: a realistic mixture: numbers as ints, floats, Decimals or text with spaces around
  (``" 72.5 "``), yes/no as words (``"có"``, ``"không"``, ``" Đạt "``, ``"yes"``, ``1``),
  level ids (sometimes spaced or upper-cased), ``"na"``/``"N/A"`` where the criterion allows
  it, and ``{value, justification, url}`` mappings where a criterion (or a level) needs
  evidence, the evidence sometimes lacking.

In the four number styles only the numbers change: booleans stay ``True``/``False`` and
levels plain ids, so that a style's cost is its numbers' cost.

**Edges.**  A number is drawn near an edge more often than not: exactly on a band edge, a
range bound, a linear anchor or a count where points stop changing, or just below or above
it (by 1 for integers; 0.5, 0.1, 0.01, 10⁻⁶ or 10⁻²⁰ for decimals; one ulp or an
accumulated rounding error for floats); otherwise uniformly in the criterion's range with
one or two decimals.  Every drawn number is kept inside the criterion's range (by its exact
value, the reference's reading: a float means the decimal of its ``repr``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

from common import SEED, Answers, Case, Facts

import tiercert
from tiercert._compile import LeafPlan
from tiercert._literals import parse_number

Style = Literal["integer", "decimal text", "float", "Decimal", "mix"]
STYLES: tuple[Style, ...] = get_args(Style)

#: how far from an edge a decimal answer lands: on it, or just below or above
_DECIMAL_STEPS = (
    Fraction(0),
    Fraction(0),
    Fraction(1, 2),
    Fraction(1, 10),
    Fraction(1, 100),
    Fraction(1, 10**6),
    Fraction(1, 10**20),  # long decimal text: 22 significant digits around 50
)
_TRUE_WORDS: tuple[object, ...] = ("có", "yes", " Đạt ", "TRUE", "x", 1)
_FALSE_WORDS: tuple[object, ...] = ("không", "no", "False", " không đạt ", 0)
_NA_WORDS = ("na", "N/A", " n/a ")
_JUSTIFICATION = "Biên bản kiểm tra số 12/BB-UBND ngày 15/11"
_URL = "https://example.org/evidence/12"


def exact(value: object) -> Fraction | None:
    """What the reference reads a numeric answer as (a float: the decimal of its repr)."""
    return parse_number(value)


def numeric_edges(leaf: LeafPlan) -> tuple[list[Fraction], Fraction, Fraction]:
    """(edges, low, high) of a numeric criterion: band edges, range bounds, linear anchors;
    an open range is closed a little beyond its last edge."""
    edges: set[Fraction] = set()
    kind, params = leaf.kind.name, leaf.params
    if kind == "bands":
        for low, high, _ in params.bands:
            edges.update(e for e in (low, high) if e is not None)
    if kind == "linear":
        edges.update((params.start[0], params.end[0]))
    if kind == "direct":
        edges.update((Fraction(0), leaf.max))
    given_low: Fraction | None = getattr(params, "low", None)
    given_high: Fraction | None = getattr(params, "high", None)
    for bound in (given_low, given_high):
        if bound is not None:
            edges.add(bound)
    ordered = sorted(edges) or [Fraction(0), Fraction(100)]
    low = given_low if given_low is not None else min(ordered[0], Fraction(0))
    high = given_high if given_high is not None else ordered[-1] + max(ordered[-1] / 5, Fraction(1))
    return [e for e in ordered if low <= e <= high], low, high


def count_edges(leaf: LeafPlan) -> tuple[list[int], int]:
    """(edges, most) of a count or deduction: 0, 1, where the points stop changing (the cap
    or the floor) and either side of it, the most items allowed."""
    params = leaf.params
    if params.per_item > 0:
        reach = leaf.max if leaf.kind.name == "count" else params.base - params.floor
        stop = math.ceil(reach / params.per_item)
    else:
        stop = 3
    most = params.max_items if params.max_items is not None else stop + 3
    edges = sorted({n for n in (0, 1, stop - 1, stop, stop + 1, most) if 0 <= n <= most})
    return edges, most


def _decimal_text(value: Fraction, rng: random.Random) -> str:
    """A terminating decimal as text; whole numbers sometimes with trailing zeros (``"50.0"``)."""
    places = 0
    while 10**places % value.denominator and places < 40:
        places += 1
    digits = abs(value.numerator) * (10**places // value.denominator)
    text = str(digits).rjust(places + 1, "0")
    if places:
        text = f"{text[:-places]}.{text[-places:]}"
    elif rng.random() < 0.3:
        text += rng.choice((".0", ".00"))
    return ("-" if value < 0 else "") + text


class Drawer:
    """Draws one style's answers for the criteria of a rubric (a fixed-seed generator)."""

    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng = rng
        self.style = style

    # --- numbers in a range -------------------------------------------------------------

    def number(self, leaf: LeafPlan) -> object:
        edges, low, high = numeric_edges(leaf)
        style = self.style
        if style == "mix":
            style = self.rng.choice(("integer", "decimal text", "decimal text", "float", "Decimal"))
            value = Drawer(self.rng, style).number(leaf)
            if isinstance(value, str) and self.rng.random() < 0.5:
                value = f" {value} "  # a cell typed with spaces
            return value
        if style == "integer":
            return self._integer(edges, low, high)
        if style == "float":
            return self._float(edges, low, high)
        value = self._decimal(edges, low, high)
        if style == "Decimal":
            return Decimal(_decimal_text(value, self.rng))
        return _decimal_text(value, self.rng)

    def _integer(self, edges: Sequence[Fraction], low: Fraction, high: Fraction) -> int:
        rng = self.rng
        lo, hi = math.ceil(low), math.floor(high)
        if lo > hi:  # no whole number in range: the nearest bound's floor
            return int(low)
        if rng.random() < 0.6:
            edge = rng.choice(edges)
            value = rng.choice((math.floor(edge), math.ceil(edge))) + rng.choice((-1, 0, 0, 1))
        else:
            value = rng.randint(lo, hi)
        return min(max(value, lo), hi)

    def _decimal(self, edges: Sequence[Fraction], low: Fraction, high: Fraction) -> Fraction:
        rng = self.rng
        if rng.random() < 0.6:
            step = rng.choice(_DECIMAL_STEPS)
            value = rng.choice(edges) + rng.choice((-step, step))
        else:
            places = rng.choice((1, 1, 2))
            span = (high - low) * 10**places
            value = low + Fraction(rng.randint(0, int(span)), 10**places)
        return min(max(value, low), high)

    def _float(self, edges: Sequence[Fraction], low: Fraction, high: Fraction) -> float:
        rng = self.rng
        if rng.random() < 0.6:
            e = float(rng.choice(edges))
            value = rng.choice(
                (
                    e,
                    e,
                    math.nextafter(e, -math.inf),
                    math.nextafter(e, math.inf),
                    e / 100 * 100,  # 29 / 100 * 100 == 28.999999999999996
                    (e - 0.3) + 0.1 + 0.2,  # an accumulated rounding error
                    e - 0.1,
                    e + 0.5,
                )
            )
        elif rng.random() < 0.5:  # a share computed by a program: done / total * 100
            total = rng.randint(1, 400)
            value = float(low) + float(high - low) * (rng.randint(0, total) / total)
        else:  # a value typed with one or two decimals, read as a float
            value = round(rng.uniform(float(low), float(high)), rng.choice((1, 2)))
        if value != 0 and abs(value) < 1e-12:
            # next to an edge at 0, nextafter gives 5e-324, past the digits numbers may have
            # (refused, as in every reader); a program's share that near 0 is a tiny float
            value = math.copysign(1e-12, value)
        meant = exact(value)
        assert meant is not None
        # out of range: the bound itself (a rubric's bound has few digits: its float reads back
        # as exactly the bound)
        if meant < low:
            return float(low)
        if meant > high:
            return float(high)
        return value

    # --- whole numbers of items -----------------------------------------------------------

    def count(self, leaf: LeafPlan) -> object:
        rng = self.rng
        edges, most = count_edges(leaf)
        n = rng.choice(edges) if rng.random() < 0.6 else rng.randint(0, most)
        style = self.style
        if style == "mix":
            style = rng.choice(("integer", "decimal text", "float", "Decimal"))
        if style == "integer":
            return n
        if style == "decimal text":
            return str(n) if self.style != "mix" or rng.random() < 0.5 else f" {n} "
        if style == "float":
            return float(n)
        return Decimal(n) if rng.random() < 0.7 else Decimal(f"{n}.0")

    # --- everything else --------------------------------------------------------------------

    def flag(self) -> object:
        value = self.rng.random() < 0.75
        if self.style != "mix" or self.rng.random() < 0.4:
            return value
        return self.rng.choice(_TRUE_WORDS if value else _FALSE_WORDS)

    def level(self, leaf: LeafPlan) -> tuple[str, object]:
        """(level id, the answer naming it)."""
        rng = self.rng
        ids = list(leaf.params.levels)
        chosen = rng.choice(ids)
        if self.style != "mix" or rng.random() < 0.7:
            return chosen, chosen
        folded = [i for i in ids if i.lower() == chosen.lower()]
        if len(folded) == 1 and rng.random() < 0.5:
            return chosen, chosen.upper()
        return chosen, f" {chosen} "

    def answer(self, leaf: LeafPlan) -> object:
        """One valid answer to ``leaf`` in this style."""
        rng = self.rng
        mix = self.style == "mix"
        if mix and leaf.na is not None and rng.random() < 0.15:
            word = rng.choice(_NA_WORDS)
            if leaf.na_evidence and rng.random() < 0.8:
                return self._with_evidence(word, leaf.na_evidence)
            return word
        needs: tuple[str, ...] = leaf.evidence
        value: object
        kind = leaf.kind.name
        if kind == "boolean":
            value = self.flag()
        elif kind == "levels":
            chosen, value = self.level(leaf)
            needs = needs or leaf.params.levels[chosen][1]
        elif kind in ("count", "deduction"):
            value = self.count(leaf)
        elif kind in ("bands", "linear", "direct"):
            value = self.number(leaf)
        else:
            raise ValueError(f"no answers drawn for a {kind} rule yet")
        if mix and needs:
            return self._with_evidence(value, needs)
        return value

    def _with_evidence(self, value: object, needs: Sequence[str]) -> dict[str, object]:
        """``{value, justification, url}`` with what ``needs`` asks for, lacking one piece
        in one answer of five."""
        answer: dict[str, object] = {"value": value}
        lacking = self.rng.random() < 0.2
        if "justification" in needs and not lacking:
            answer["justification"] = _JUSTIFICATION
        if "url" in needs and not lacking:
            answer["url"] = _URL
        return answer


def answerable(rubric: tiercert.Rubric) -> list[LeafPlan]:
    """The criteria an assessment answers (not computed, not sharing another's answer)."""
    return [
        node for node in rubric._plan.nodes.values() if isinstance(node, LeafPlan) and node.answered
    ]


def styled_cases(rubric: tiercert.Rubric, style: Style, count: int, seed: int = SEED) -> list[Case]:
    """``count`` valid assessments of ``rubric`` in ``style`` (fixed seed): every criterion
    answered, every fact without a default given (knock-outs rare, as in real programmes)."""
    rng = random.Random(f"{seed}:{rubric.id}:{style}")
    draw = Drawer(rng, style)
    leaves = answerable(rubric)
    facts_plan = [f for f in rubric._plan.facts.values() if f.default is None]
    cases: list[Case] = []
    for _ in range(count):
        answers: Answers = {leaf.id: draw.answer(leaf) for leaf in leaves}
        facts: Facts = {}
        for fact in facts_plan:
            if fact.type == "boolean":
                facts[fact.id] = rng.random() < 0.05
            elif fact.type in ("number", "integer"):
                facts[fact.id] = rng.randint(0, 10)
            elif fact.type == "choice":
                facts[fact.id] = rng.choice(fact.options)
            else:
                facts[fact.id] = "text"
        cases.append((answers, facts))
    return cases
