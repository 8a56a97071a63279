"""The row loop's shortcuts for a key and a score met anew (``_RowPath.bulk``'s ``head``,
``plumb`` and ``text``): number texts joined to the row as they stand (the csv module writes
them unquoted: digits, a point, a minus sign, the cut mark), the state's cells written once
and kept by the state, ``Numbers.amount`` called directly where ``RowScorer.head_texts``
would call it (``RowScorer.whole_amount``), a score's text without ``RowScorer.text``'s
call.  Each must write what the reference writes, byte for byte: maxima other than 100,
declared rounding, totals finer than the scale (Fractions), tier minimums, N/A scores."""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch_rows import _SHIPPED_SCORER, _bare_scorer, _looped, _raw_csv, _referenced
from test_number_texts import _NUMBERS, _PLACES, _scaled

import tiercert
from tiercert._fast.numbers import EXCLUDED

#: the characters the csv module quotes a cell for (QUOTE_MINIMAL, the writer's dialect)
_QUOTED = ('"', ",", "\n", "\r")


def _bare(text: str) -> bool:
    """Whether the csv module writes ``text`` as it stands within a row (no quotes)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow((text, text))
    return buffer.getvalue() == f"{text},{text}\n" and not any(c in text for c in _QUOTED)


@settings(max_examples=400)
@given(st.data())
def test_number_texts_are_cells_as_they_stand(data: st.DataObject) -> None:
    """Every text of a scaled value the row loop joins to its row without a look: a score's
    (``Numbers.text``, of an integer or a Fraction), a total's and what it lacks
    (``Numbers.amount``, cut down and up), at every scale, either sign, cut or not."""
    places = data.draw(st.sampled_from(_PLACES))
    numbers = _NUMBERS[places]
    value = data.draw(_scaled(places))
    least = data.draw(st.sampled_from((value + 1, value - 1, 0)) | _scaled(places))
    fraction = Fraction(value, data.draw(st.integers(1, 10**6)))
    texts = [
        numbers.text(value),
        numbers.text(value, "ceiling"),
        numbers.text(fraction),
        numbers.text(fraction, "ceiling"),
        *numbers.amount(value, least)[::3],
    ]
    for text in texts:
        assert text, (places, value, least)
        assert _bare(text), (places, value, least, text)


@settings(max_examples=200)
@given(
    st.sampled_from((0, 1, 12, 13, 24)),
    st.integers(0, 100 * 10**24),
    st.integers(1, 7),
)
def test_head_texts_are_cells_as_they_stand(places: int, total: int, finer: int) -> None:
    """The shipped rubric's texts of a total (whole at the scale or finer: a Fraction), its
    percentage and what it lacks for each tier, and a score's text (N/A: ``"na"``)."""
    scorer = _SHIPPED_SCORER
    unit = 10 ** (scorer.evaluator.numbers.places - places)
    for value in (total // unit * unit, Fraction(total, finer)):
        for tier in (None, *range(len(scorer.evaluator._min_scaled))):
            texts = scorer.head_texts(value, tier)
            assert texts is not None
            shown, percentage, _, lacking = texts
            for text in (shown, percentage, lacking, scorer.text(value)):
                assert (text == "" and lacking == text) or _bare(text), (value, tier, text)
    assert _bare(scorer.text(EXCLUDED))


_RUBRIC = """
format: 1
id: plumb
version: "1"
title: t
max: {maximum}{rounding}
criteria:
  - id: a
    title: A
    max: {a}
    rule:
      kind: linear
      range: {{min: 0, max: 100}}
      start: {{value: 0, points: 0}}
      end: {{value: 100, points: {a}}}
  - id: b
    title: B
    max: {b}
    na: {{counts_as: excluded}}
    rule:
      kind: bands
      range: {{min: 0, max: 100}}
      bands:
        - {{min: 0, max: 50, points: 0}}
        - {{min: 50, max: 100, points: {half}}}
        - {{min: 100, max: 100, points: {b}}}
facts:
  - id: bad
    title: Bad
    type: boolean
gates:
  - id: good
    title: Good
    require: {{fact: bad, equals: false}}
tiers:
  - {{id: t1, label: "One, \\"first\\"", rank: 1, min: {low}}}
  - {{id: t2, label: Two, rank: 2, min: {high}}}
"""


def _rubric(maximum: int, rounded: bool) -> tiercert.Rubric:
    """A rubric of ``maximum`` points (a linear criterion of 3/5 of it, a bands one of the
    rest that may be N/A), a gate, two tiers (at 3/8 and about 2/3 of it: 37.5 and
    66.666666666667 of 100), its percentage rounded when
    ``rounded``."""
    a, b = Fraction(3 * maximum, 5), Fraction(2 * maximum, 5)
    text = _RUBRIC.format(
        maximum=maximum,
        rounding="\nrounding:\n  percentage: {mode: half_up, places: 1}" if rounded else "",
        a=_decimal(a),
        b=_decimal(b),
        half=_decimal(b / 2),
        low=_decimal(Fraction(3 * maximum, 8)),
        high=_decimal(round(Fraction(2 * maximum, 3), 12)),
    )
    return tiercert.parse_rubric(text)


def _decimal(value: Fraction) -> str:
    """The decimal text of a Fraction of a finite decimal."""
    return str(Decimal(value.numerator) / Decimal(value.denominator))


_RUBRICS = {
    (maximum, rounded): _rubric(maximum, rounded)
    for maximum in (100, 50, 200, 8)
    for rounded in (False, True)
}


def _number(rng: random.Random) -> str:
    """An answer from 0 to 100: whole, of 1 or 2 places, of 30 places (finer than the
    scale: the total a Fraction), or on a band's edge or a hair off it."""
    kind = rng.randrange(6)
    if kind == 0:
        return str(rng.randint(0, 100))
    if kind == 1:
        return rng.choice(("50", "49.99", "50.01", "100", "0", "37.5", "62.5"))
    if kind == 2:
        return f"{rng.uniform(0, 99.9):.30f}"
    return f"{rng.uniform(0, 100):.{rng.randint(1, 2)}f}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(sorted(_RUBRICS)),
    st.integers(20, 120),
    st.randoms(use_true_random=False),
)
def test_new_keys_and_scores_are_written_as_the_reference_writes_them(
    tmp_path: Path, which: tuple[int, bool], count: int, rng: random.Random
) -> None:
    """Sheets of decimal answers (nearly every total and score new), N/A now and then, the
    gate failed now and then: the row loop's output, summary and problems are the
    reference's, for a maximum of 100 (``Numbers.amount``'s shortcut), of 50, 200 and 8
    (the percentage not the total's text), with the percentage rounded as declared (the
    general way) and totals finer than the scale (Fractions: ``head_texts``)."""
    rubric = _RUBRICS[which]
    rows = [
        [
            f"u{i}",
            f"Unit {i}",
            _number(rng),
            "na" if rng.random() < 0.15 else _number(rng),
            "true" if rng.random() < 0.1 else "false",
        ]
        for i in range(count)
    ]
    path = tmp_path / f"units-{rng.random()}.csv"
    _raw_csv(path, ["unit_id", "unit_name", "a", "b", "bad"], rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted == count  # every row through the row loop


def test_the_rubrics_take_each_way() -> None:
    """The rubrics above: the shortcut of ``Numbers.amount`` for a maximum of 100 alone
    (no rounding declared), ``head_texts`` for the others (None for a declared rounding:
    the general way)."""
    for (maximum, rounded), rubric in _RUBRICS.items():
        scorer = _bare_scorer(rubric)
        assert scorer is not None
        whole = scorer.whole_amount(1)
        assert (whole is not None) == (maximum == 100 and not rounded), (maximum, rounded)
        assert scorer.whole_amount(None) == (None if whole is None else (whole[0], None))
        total = scorer.evaluator.numbers.scaled(Fraction(75, 2))
        assert (scorer.head_texts(total, 0) is None) == rounded


@pytest.mark.parametrize("maximum", [100, 50])
def test_whole_amount_is_head_texts(maximum: int) -> None:
    """Where ``whole_amount`` gives ``Numbers.amount`` and a minimum, ``amount(total, least)``
    is ``head_texts`` (the total's text twice: its percentage's), for totals around each
    tier's minimum; elsewhere None."""
    scorer = _bare_scorer(_RUBRICS[(maximum, False)])
    assert scorer is not None
    minimums = scorer.evaluator._min_scaled
    for tier in (None, *range(len(minimums))):
        whole = scorer.whole_amount(tier)
        if maximum != 100:
            assert whole is None
            continue
        assert whole is not None
        amount, least = whole
        assert least == (None if tier is None else minimums[tier])
        for edge in minimums:
            assert isinstance(edge, int)  # whole at the scale
            for total in (edge - 1, edge, edge + 1, 0, edge * 2):
                shown, numerator, denominator, lacking = amount(total, least)
                texts = (shown, shown, (numerator, denominator), lacking)
                assert texts == scorer.head_texts(total, tier), (total, tier)
