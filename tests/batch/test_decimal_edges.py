"""Decimal text in the row loop, on and around every edge: each cell of a ``bands`` or
``linear`` criterion met for the first time is read by its ``new<i>`` (the float chain, the
critical floats sending a text on an edge's float to the reference, the exact read between
a linear rule's anchors), remembered in its criterion's memo and its float in the floats the
columns share (``_NUMS``).  The property holds the row loop to the reference (output,
summary and problems) with the memos and the shared floats small, so that they fill and the
bounded paths run; the other test pins how many texts a column of decimal text keeps (the
twenty-third round's bounds: a cell met again is not read again)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import _looped, _raw_csv, _referenced, _scorers_made

import tiercert
import tiercert._fast.rows


def _text(value: Fraction) -> str:
    """A decimal's text for the rubric (every value here has a finite decimal expansion;
    three places written as four, which a rubric reads unambiguously)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text + "0" if len(text.partition(".")[2]) == 3 else text


def _rubric(a: list[Fraction], b: list[Fraction], top: Fraction) -> str:
    """Two ``bands`` criteria over ``[0, top]`` with the inner edges ``a`` and ``b`` (each
    sorted, distinct, inside), and a ``linear`` one from ``a``'s first edge (0 points) to
    ``top`` (12 points)."""

    def bands(edges: list[Fraction]) -> str:
        bounds = [Fraction(0), *edges, top]
        return "\n".join(
            f"        - {{min: {_text(low)}, max: {_text(high)}, points: {k}}}"
            for k, (low, high) in enumerate(itertools.pairwise(bounds))
        )

    return f"""
format: 1
id: edges
version: "1"
title: Edges
max: {len(a) + len(b) + 12}
criteria:
  - id: a
    title: A
    max: {len(a)}
    rule:
      kind: bands
      range: {{min: 0, max: {_text(top)}}}
      bands:
{bands(a)}
  - id: b
    title: B
    max: {len(b)}
    rule:
      kind: bands
      range: {{min: 0, max: {_text(top)}}}
      bands:
{bands(b)}
  - id: l
    title: L
    max: 12
    rule:
      kind: linear
      range: {{min: 0, max: {_text(top)}}}
      start: {{value: {_text(a[0])}, points: 0}}
      end: {{value: {_text(top)}, points: 12}}
tiers:
  - {{id: one, label: One, rank: 1, min: 3}}
  - {{id: two, label: Two, rank: 2, min: 12.5}}
"""


#: an edge: up to three places, among them values whose floats are not theirs (0.1, 0.3)
_EDGES = st.one_of(
    st.builds(lambda n, k: Fraction(n, 10**k), st.integers(1, 99_999), st.integers(0, 3)),
    st.sampled_from((Fraction(1, 10), Fraction(3, 10), Fraction(7, 10), Fraction(145, 2))),
)
#: how far from an edge a text lands: 10^-k (beyond 17 places its float is the edge's)
_STEPS = (0, 1, 2, 3, 6, 15, 16, 17, 18, 20, 24, 25, 30, 40, 60)


def _near(edge: Fraction, k: int, sign: int, zeros: int) -> str:
    """``edge`` (k = 0) or ``edge`` ± 10^-k as plain text, with ``zeros`` trailing zeros."""
    value = Decimal(edge.numerator) / Decimal(edge.denominator)
    if k:
        value += sign * Decimal(1).scaleb(-k)
    text = format(value, "f")
    if zeros:
        text += ("" if "." in text else ".") + "0" * zeros
    return text


def _floats(edge: Fraction, how: int) -> str:
    """A float's text near ``edge``, as a program writes it: the edge's float, the floats
    either side of it, and ``0.1 + 0.2``-style sums (``repr``, up to 17 digits)."""
    near = float(edge)
    if how == 1:
        near = math.nextafter(near, math.inf)
    elif how == 2:
        near = math.nextafter(near, -math.inf)
    elif how == 3:
        near = float(edge - Fraction(1, 10)) + 0.1
    elif how == 4:
        near = float(edge - Fraction(2, 10)) + 0.2
    return repr(near) if near >= 0 else "0"


def _texts(edges: list[Fraction], top: Fraction) -> st.SearchStrategy[str]:
    bounds = [Fraction(0), *edges, top]
    near = st.builds(
        _near,
        st.sampled_from(bounds),
        st.sampled_from(_STEPS),
        st.sampled_from((-1, 1)),
        st.integers(0, 3),
    )
    floats = st.builds(_floats, st.sampled_from(bounds), st.integers(0, 4))
    # long decimal text: up to 99 characters (plain), and past the 100 a plain text may have
    long = st.builds(
        lambda edge, places, over: (
            _near(edge, 0, 1, 0).partition(".")[0] + "." + places + ("0" * 120 if over else "")
        ),
        st.sampled_from(bounds),
        st.text("0123456789", min_size=20, max_size=80),
        st.booleans(),
    )
    # a decimal comma: refused by every reader (the reference says to write the dot)
    comma = near.map(lambda text: text.replace(".", ","))
    spaced = st.builds(lambda text, pad: f"{pad}{text}{pad}", near, st.sampled_from((" ", "\t")))
    taken = st.builds(_taken_by_float, near, st.integers(0, len(_LOOKALIKE) - 1))
    return st.one_of(near, near, floats, long, comma, spaced, taken, st.sampled_from(_WORDS))


#: texts ``float()`` takes whole that no reader reads as written (not plain decimal)
_WORDS = ("nan", "NaN", "inf", "-inf", "Infinity", "1e1", "5E1", "0_0", "0x10", "٣", "１２", "1٣5")


def _taken_by_float(text: str, how: int) -> str:
    """``text`` (plain decimal near an edge) as ``float()`` still takes it but the readers
    do not read it as written (see :data:`_LOOKALIKE`)."""
    return _LOOKALIKE[how](text)


#: float() takes each; a plain text's ``new<i>`` must not (underscores, an exponent, a sign,
#: a leading zero, a dot at either end, non-ASCII digits, spaces inside the cleaning)
_LOOKALIKE: tuple[Callable[[str], str], ...] = (
    lambda t: t[0] + "_" + t[1:] if len(t) > 1 and t[1].isdigit() else t + "_0",
    lambda t: t + "e0",
    lambda t: t.replace(".", "") + "E-" + str(len(t.partition(".")[2])),
    lambda t: "+" + t,
    lambda t: "-" + t,
    lambda t: "0" + t,
    lambda t: t.partition(".")[0] + ".",
    lambda t: "." + t.replace(".", ""),
    lambda t: t.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda t: t[0] + t[1:-1].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + t[-1],
    lambda t: " " + t + "e1 ",
    lambda t: "\t+" + t,
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_decimal_texts_around_every_edge_are_the_references(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Two bands rules and a linear one with random edges (up to three places; 0.1, 0.3,
    72.5 among them), their cells drawn from one pool of texts — plain decimals on, just
    below and just above every edge and bound by 10⁻¹ to 10⁻⁶⁰ with trailing zeros, float
    texts (an edge's float, the floats either side, ``0.1 + 0.2``-style sums), long decimal
    text (also past 100 characters), decimal commas, spaced texts, texts ``float()`` takes but
    no reader reads as written (``1_0``, ``1e1``, ``+5``, ``05``, ``5.``, ``.5``, ``nan``,
    ``inf``, non-ASCII digits, spaced ones) — so that one text meets several columns; memos
    of 8 cells with a pool of 6 (each up to 10) and 5 shared floats, so that all fill: the
    row loop's output, summary and problems are the reference's."""
    a = sorted(set(data.draw(st.lists(_EDGES, min_size=1, max_size=3))))
    b = sorted(set(data.draw(st.lists(_EDGES, min_size=1, max_size=3))))
    top = max(a[-1], b[-1]) + data.draw(
        st.sampled_from((Fraction(1, 10), Fraction(1), Fraction(50)))
    )
    rubric = tiercert.parse_rubric(_rubric(a, b, top))
    pool = data.draw(st.lists(_texts(sorted({*a, *b}), top), min_size=10, max_size=40))
    picks = st.sampled_from(pool)
    rows = [
        [f"u{k}", *data.draw(st.tuples(picks, picks, picks))]
        for k in range(data.draw(st.integers(10, 60)))
    ]
    path = tmp_path_factory.mktemp("edges") / "units.csv"
    _raw_csv(path, ["unit_id", "a", "b", "l"], rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 8)
        patch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 6)
        patch.setattr(tiercert._fast.rows, "_MEMO_GROWN", 10)
        patch.setattr(tiercert._fast.rows, "_NUMBERS_KEPT", 5)
        looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


def test_a_column_of_decimal_text_keeps_its_texts_to_the_grown_bound(tmp_path: Path) -> None:
    """As shipped: a column of decimal text whose memo's share is full grows from the pool
    to :data:`_MEMO_GROWN` texts, and the floats of plain texts are shared up to
    :data:`_NUMBERS_KEPT` (the decimal sheets meet some 5,600 distinct texts a column in
    50,000 rows): two columns, each meeting 3,500 distinct texts of its own twice, read
    each text once (the second meeting is its memo's), and the shared floats hold all
    7,000."""
    from tiercert._fast.rows import _MEMO_GROWN, _NUMBERS_KEPT

    distinct = 3500
    assert distinct <= _MEMO_GROWN
    assert 2 * distinct <= _NUMBERS_KEPT
    rubric = tiercert.parse_rubric(_rubric([Fraction(50)], [Fraction(725, 10)], Fraction(100)))
    texts = [f"{k // 100}.{k % 100:02d}" for k in range(1, 2 * distinct + 1)]
    first, second = texts[:distinct], texts[distinct:]
    pairs = [*zip(first, second, strict=True)] * 2
    rows = [[f"u{k}", x, y, "1"] for k, (x, y) in enumerate(pairs)]
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", "a", "b", "l"], rows)
    read: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        seen = _scorers_made(patch)
        real = tiercert._fast.rows.RowScorer.loop

        def counting(self: Any, *args: Any, **helpers: Any) -> Any:
            for i in self._gen.new_readers[:2]:  # a's and b's readers
                reader = self._helpers[f"new{i}"]

                def counted(raw: str, *more: Any, _reader: Any = reader) -> Any:
                    read.append(raw)
                    return _reader(raw, *more)

                self._helpers[f"new{i}"] = counted
            return real(self, *args, **helpers)

        patch.setattr(tiercert._fast.rows.RowScorer, "loop", counting)
        looped, *_ = _looped(rubric, path)
    (scorer,) = seen
    assert len(looped.splitlines()) == 2 * distinct + 1
    # each text read once in its column: its second meeting there is its memo's
    assert sorted(read) == sorted(texts)
    shared = scorer._helpers["_NUMS"]
    assert set(shared) == {*texts, "1"}  # and l's one text
    assert all(float(text) == number for text, number in shared.items())
