"""A plain decimal text met for the first time between a ``linear`` rule's anchors is read
exactly from its digits in the row loop (``new<i>``, :meth:`RowGenerator.exact`): the digits
over a power of ten, an int when whole, not a ``Fraction`` read by ``read_number``.  Each
test holds the row loop to the reference (output, summary and problems) on texts a wrong
reading would misread: on, just below and just above every anchor and range bound, long
decimals (more places than the row scorer's scale), trailing zeros, and texts the
reference refuses (``72,5``, signs, exponents, leading zeros)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import _looped, _raw_csv, _referenced, _row_scorer

import tiercert
from tiercert._fast.numbers import Fallback

#: texts the reference refuses or reads otherwise than plain decimal text (handed over)
ODD = ("72,5", "-5", "+5", "-0.5", "1e2", "1E-3", "5.", ".5", "007.5", "0.5e1", "½", "²", "5_0")


def _rubric(anchors: tuple[Fraction, Fraction], points: tuple[Fraction, Fraction]) -> str:
    """A rubric of a ``linear`` criterion (anchors and points as given, a range around
    them) and a ``bands`` one whose edge is an anchor."""
    (a, b), (pa, pb) = anchors, points
    high = max(a, b)
    low = min(a, b) or high  # the bands' edge: an anchor above 0
    top = max(pa, pb)
    return f"""
format: 1
id: plain
version: "1"
title: Plain texts
max: {_text(top + 10)}
criteria:
  - id: l
    title: L
    max: {_text(top)}
    rule:
      kind: linear
      range: {{min: 0, max: {_text(high + 50)}}}
      start: {{value: {_text(a)}, points: {_text(pa)}}}
      end: {{value: {_text(b)}, points: {_text(pb)}}}
  - id: k
    title: K
    max: 10
    rule:
      kind: bands
      range: {{min: 0, max: {_text(high + 50)}}}
      bands:
        - {{min: 0, max: {_text(low)}, points: 0}}
        - {{min: {_text(low)}, max: {_text(high + 50)}, points: 10}}
tiers:
  - {{id: one, label: One, rank: 1, min: 1}}
"""


def _text(value: Fraction) -> str:
    """A decimal's text for the rubric (every value here has a finite decimal expansion;
    three places written as four, which a rubric reads unambiguously)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text + "0" if len(text.partition(".")[2]) == 3 else text


#: an anchor or a points value: up to three places
_DECIMALS = st.builds(lambda n, k: Fraction(n, 10**k), st.integers(0, 99_999), st.integers(0, 3))


def _near(edge: Fraction, k: int, sign: int, zeros: int) -> str:
    """``edge`` (k = 0) or ``edge`` ± 10^-k, as plain text with ``zeros`` trailing zeros."""
    value = Decimal(edge.numerator) / Decimal(edge.denominator)
    if k:
        value += sign * Decimal(1).scaleb(-k)
    text = format(value, "f")
    if zeros:
        text += ("" if "." in text else ".") + "0" * zeros
    return text


def _texts(edges: list[Fraction]) -> st.SearchStrategy[str]:
    near = st.builds(
        _near,
        st.sampled_from(edges),
        st.sampled_from((0, 1, 2, 6, 15, 16, 17, 20, 22, 23, 24, 25, 30, 40)),
        st.sampled_from((-1, 1)),
        st.integers(0, 3),
    )
    anywhere = st.builds(
        lambda whole, places: f"{whole}.{places}" if places else str(whole),
        st.integers(0, 250),
        st.text("0123456789", max_size=30),
    )
    spaced = st.builds(lambda text, pad: f"{pad}{text}{pad}", near, st.sampled_from((" ", "\t")))
    return st.one_of(near, anywhere, spaced, st.sampled_from(ODD))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_plain_texts_between_linear_anchors_are_the_references(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Random ``linear`` rules (anchors and points of up to three places, either way up),
    their cells plain texts on, just below and just above each anchor and bound, by
    10⁻¹ to 10⁻⁴⁰, with trailing zeros, spaced or not; texts of any digits and up to 30
    places; texts the reference refuses.  Many distinct texts, so the memos fill (16 cells
    each here): the row loop's output, summary and problems are the reference's."""
    a, b = data.draw(st.lists(_DECIMALS, min_size=2, max_size=2, unique=True))
    pa, pb = data.draw(st.tuples(_DECIMALS, _DECIMALS))
    pb = pb or Fraction(1)  # some points to give
    rubric = tiercert.parse_rubric(_rubric((a, b), (pa / 100, pb / 100)))
    edges = [Fraction(0), a, b, max(a, b) + 50]
    texts = data.draw(st.lists(_texts(edges), min_size=20, max_size=60))
    rows = [[f"u{k}", text, texts[-1 - k]] for k, text in enumerate(texts)]
    path = tmp_path_factory.mktemp("plain") / "units.csv"
    _raw_csv(path, ["unit_id", "l", "k"], rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 16)
        patch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 0)
        looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


#: SHARED-like: a linear rule whose share of an answer is whole at 10⁻²⁴ only up to 23
#: places (10 points over 80: an eighth of a point a unit)
LINEAR = _rubric((Fraction(0), Fraction(80)), (Fraction(0), Fraction(10)))


def _outcome(read: Any, *args: Any) -> object:
    try:
        return read(*args)
    except Fallback:
        return "refused"


def test_the_linear_reader_scores_plain_texts_from_their_digits(tmp_path: Path) -> None:
    """The linear criterion's ``new<i>`` scores plain texts itself (no hand-over to
    ``_cell``), from their digits (not through ``read_number``), as ``_cell`` scores them:
    whole (``40``, ``40.000``), with places (``12.5``, ``0.000001``), a share whole at the
    scale (``12.34567890123456789012``: 20 places) and one that is not
    (``12.3456789012345678901234567``: a Fraction), and the same number spelt with trailing
    zeros scores alike."""
    rubric = tiercert.parse_rubric(LINEAR)
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", "l", "k"], [["u0", "1", "1"]])
    scorer = _row_scorer(rubric, path)
    i = scorer._gen.order.index(rubric._plan.nodes["l"])
    names = scorer._helpers
    reader = names[f"new{i}"]
    handed: list[object] = []

    def cell(j: int, raw: object, ev: int) -> Any:
        handed.append(raw)
        return names["_cell"](j, raw, ev)

    # the compiled evaluator's exact read (read_remembered: read_number, a Fraction) unused
    shared = reader.__globals__
    exact, read = shared["_num"], []

    def counted(raw: object) -> object:
        read.append(raw)
        return exact(raw)

    shared["_num"] = counted
    texts = ["40", "40.000", "12.5", "12.50", "0.000001", "0.0000010"]
    texts += ["12.34567890123456789012", "12.3456789012345678901234567", "79.9999"]
    try:
        scores = {text: reader(text, 0, cell) for text in texts}
    finally:
        shared["_num"] = exact
    assert handed == []
    assert read == []
    for text, score in scores.items():
        assert score == _outcome(names["_cell"], i, text, 0)
    assert scores["40"] == scores["40.000"] == 5 * 10**24
    assert scores["12.5"] == scores["12.50"]
    assert scores["0.000001"] == scores["0.0000010"] == 125 * 10**15
    assert isinstance(scores["12.3456789012345678901234567"], Fraction)
    assert isinstance(scores["12.34567890123456789012"], int)
