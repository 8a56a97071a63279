"""The texts of scaled integers made by integer division (``Numbers.text``,
``Numbers.amount``, and through them ``RowScorer.total_texts`` and ``needed_text``): the places'
text and ratio remembered by the places, a cut value's digits from one division, the
percentage of a maximum of 100 the total's own text.  Each must be ``display_number`` of the
exact value, byte for byte, cut down for a score or a total and up for what a total lacks,
whatever the memo holds already (the same :class:`Numbers` serves every draw of a scale)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import _SHIPPED_SCORER, _bare_scorer

import tiercert
from tiercert._fast.numbers import _PARTS_BOUND, _SPLITS_BOUND, Numbers
from tiercert._numbers import display_number
from tiercert.tabular import cell_text

#: scales of no places, of fewer places than are shown, of exactly as many, of one more and of
#: the shipped rubric's row scorer (24), and beyond
_PLACES = (0, 1, 2, 6, 11, 12, 13, 14, 20, 24, 30)
#: one Numbers per scale for every draw: what a draw leaves in the memo of places must not
#: change the texts of the next
_NUMBERS = {places: Numbers(places) for places in _PLACES}


@st.composite
def _scaled(draw: st.DrawFn, places: int) -> int:
    """A scaled integer of a given scale: a whole part (small, at the small wholes' table's
    edge at 255/256, or large), places of 0, 12, 13 or 24 digits (or any number up to the
    scale's), their last digits 9s or 0s, and a hair (one unit of the scale) either way, of
    either sign."""
    scale: int = 10**places
    whole = draw(
        st.sampled_from((0, 1, 79, 80, 99, 100, 255, 256, 1023, 10**6)) | st.integers(0, 10**30)
    )
    shown = draw(st.sampled_from((0, 12, 13, 24)) | st.integers(0, places))
    shown = min(shown, places)
    unit: int = 10 ** (places - shown)
    top: int = 10**shown
    digits = draw(st.sampled_from((0, 1, 5, top - 1, top // 2)) | st.integers(0, top - 1))
    hair = draw(st.sampled_from((0, 0, 1, -1)))
    value = whole * scale + digits * unit + hair
    return -value if draw(st.booleans()) else value


@settings(max_examples=600)
@given(st.data())
def test_scaled_integers_are_written_as_display_number_writes_them(data: st.DataObject) -> None:
    """Down and up, twice (the second time from the memo of places): the text of the exact
    value; ``amount`` adds the value reduced and what it lacks for a minimum, cut up."""
    places = data.draw(st.sampled_from(_PLACES))
    numbers = _NUMBERS[places]
    value = data.draw(_scaled(places))
    # a tier's minimum: near the value (a place shown or a hair away), or anywhere
    least = data.draw(
        st.sampled_from((value, value + 1, value - 1, value + 10**places, 0)) | _scaled(places)
    )
    exact = Fraction(value, numbers.scale)
    lacking = Fraction(least, numbers.scale) - exact
    needed = display_number(lacking, "ceiling") if lacking > 0 else "0"
    for _ in range(2):
        assert numbers.text(value) == display_number(exact), (places, value)
        assert numbers.text(value, "ceiling") == display_number(exact, "ceiling"), (places, value)
        shown = display_number(exact)
        assert numbers.amount(value) == (shown, exact.numerator, exact.denominator, "")
        assert numbers.amount(value, least) == (
            *(shown, exact.numerator, exact.denominator, needed),
        ), (places, value, least)


@given(
    st.sampled_from(_PLACES),
    st.integers(-(10**40), 10**40),
    st.integers(1, 10**30),
)
def test_fractions_of_scaled_units_are_written_as_display_number_writes_them(
    places: int, numerator: int, denominator: int
) -> None:
    """A scaled value that is a Fraction (an answer finer than the scale): its natural value's
    text, down and up."""
    numbers = _NUMBERS[places]
    value = Fraction(numerator, denominator)
    exact = value / numbers.scale
    assert numbers.text(value) == display_number(exact)
    assert numbers.text(value, "ceiling") == display_number(exact, "ceiling")


@settings(max_examples=400)
@given(st.data())
def test_gaps_on_and_around_tier_edges(data: st.DataObject) -> None:
    """The shipped rubric (24 places): totals on a tier's minimum, a last place shown (0, 12,
    13 or 24 places) below or above it, and a hair off that: what each lacks for every tier
    is shown exactly or cut up (never below what is lacking, never 0 while something is),
    and the total's and percentage's texts are those of the Fractions."""
    scorer = _SHIPPED_SCORER
    numbers = scorer.evaluator.numbers
    minimums = scorer.evaluator._min_scaled
    edge = data.draw(st.sampled_from(minimums))
    places = data.draw(st.sampled_from((0, 1, 2, 12, 13, 24)))
    steps = data.draw(st.integers(-3, 3))
    hair = data.draw(st.sampled_from((0, 1, -1)))
    total = max(0, edge + steps * 10 ** (numbers.places - places) + hair)
    exact, percentage = scorer.amounts(total)
    texts = (display_number(exact), cell_text(percentage), (exact.numerator, exact.denominator))
    assert scorer.total_texts(total) == texts
    assert scorer.head_texts(total, None) == (*texts, "")
    for tier, least in enumerate(minimums):
        text = scorer.needed_text(total, tier)
        assert text == cell_text(scorer.needed(total, tier), "ceiling"), (total, tier)
        assert (text == "0") == (total >= least)
        assert scorer.head_texts(total, tier) == (*texts, text)


FIFTY_POINTS = """
format: 1
id: fifty
version: "1"
title: t
max: 50
criteria:
  - id: a
    title: A
    max: 50
    rule:
      kind: linear
      range: {min: 0, max: 100}
      start: {value: 0, points: 0}
      end: {value: 100, points: 50}
tiers:
  - {id: t, label: T, rank: 1, min: 37.5}
"""


def test_the_percentage_of_another_maximum_is_not_the_total() -> None:
    """A maximum of 50: the percentage is twice the total (its own text), not the total's;
    with what the total lacks or without."""
    scorer = _bare_scorer(tiercert.parse_rubric(FIFTY_POINTS))
    assert scorer is not None
    numbers = scorer.evaluator.numbers
    for points in (Fraction(75, 2), Fraction(1, 3), Fraction(49999, 1000), Fraction(0)):
        total = numbers.scaled(points)
        texts = scorer.total_texts(total)
        assert texts is not None
        assert texts[:2] == (display_number(points), display_number(points * 2)), points
        lacking = display_number(max(Fraction(75, 2) - points, Fraction(0)), "ceiling")
        assert scorer.head_texts(total, 0) == (*texts, lacking)
        assert scorer.head_texts(total, None) == (*texts, "")


def test_values_cut_by_hand() -> None:
    """At 24 places: a hair below zero cut up keeps its sign, a hair below a whole number cut
    up reaches it, places past the twelfth cut either way, and places that end by the twelfth
    shown as they are (from the memo the second time)."""
    numbers = Numbers(24)
    hair = 1  # 10**-24 of a point
    cases = {
        -hair: ("-0.000000000001…", "-0.000000000000…"),
        hair: ("0.000000000000…", "0.000000000001…"),
        80 * 10**24 - hair: ("79.999999999999…", "80.000000000000…"),
        -80 * 10**24 + hair: ("-80.000000000000…", "-79.999999999999…"),
        725 * 10**23: ("72.5", "72.5"),
        -725 * 10**23: ("-72.5", "-72.5"),
        10**12: ("0.000000000001", "0.000000000001"),
        256 * 10**24 + 10**23: ("256.1", "256.1"),
    }
    for _ in range(2):
        for value, (down, up) in cases.items():
            assert (numbers.text(value), numbers.text(value, "ceiling")) == (down, up), value
            exact = Fraction(value, numbers.scale)
            assert (down, up) == (display_number(exact), display_number(exact, "ceiling"))


def test_a_total_finer_than_the_scale_takes_the_general_way() -> None:
    """A total that is a Fraction of the scale's units (finer than the scale) of a maximum of
    100: ``head_texts`` gives what ``total_texts`` and ``needed_text`` give (the texts of the
    Fractions), not the scaled integers' shortcut (``Numbers.amount`` takes integers only)."""
    scorer = _SHIPPED_SCORER
    scale = scorer.evaluator.numbers.scale
    for points in (Fraction(79, 3), Fraction(1, 7), Fraction(95, 3)):
        total = points * scale
        texts = scorer.total_texts(total)
        assert texts is not None
        assert texts[:2] == (display_number(points), display_number(points))
        assert scorer.head_texts(total, None) == (*texts, "")
        for tier in range(len(scorer.evaluator._min_scaled)):
            assert scorer.head_texts(total, tier) == (*texts, scorer.needed_text(total, tier))


def test_a_whole_total_of_a_maximum_of_100_takes_one_division(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped rubric (a maximum of 100, no percentage rounding declared): ``head_texts``
    of a whole scaled total takes ``Numbers.amount``, never the general way
    (``total_texts``, ``needed_text``), and gives its texts, every tier and none."""
    scorer = _SHIPPED_SCORER
    numbers = scorer.evaluator.numbers
    tiers = range(len(scorer.evaluator._min_scaled))
    totals = [numbers.scaled(points) for points in (Fraction(0), Fraction(1001, 20), Fraction(100))]
    expected = {}
    for total in totals:
        texts = scorer.total_texts(total)
        assert texts is not None
        expected[total] = [(*texts, "")] + [(*texts, scorer.needed_text(total, t)) for t in tiers]

    def general(*args: object) -> None:
        raise AssertionError("the general way")

    monkeypatch.setattr(scorer, "total_texts", general)
    monkeypatch.setattr(scorer, "needed_text", general)
    for total in totals:
        assert type(total) is int
        heads = [scorer.head_texts(total, None)] + [scorer.head_texts(total, t) for t in tiers]
        assert heads == expected[total], total


def test_the_places_met_are_remembered_boundedly() -> None:
    """``Numbers`` remembers the text and reduced ratio of each places it has shown (``.5``:
    1/2), read back the second time, and no more than ``_PARTS_BOUND`` of them: a sheet of
    many different places keeps its texts right past the bound, its memory bounded."""
    numbers = Numbers(2)
    assert numbers.text(150) == "1.5"
    assert numbers._parts[50] == (".5", 1, 2)
    assert numbers.amount(250) == ("2.5", 5, 2, "")
    numbers = Numbers(6)
    for part in range(1, _PARTS_BOUND + 100):
        assert numbers.text(part) == display_number(Fraction(part, 10**6))
    assert len(numbers._parts) == _PARTS_BOUND


def test_the_minimums_met_are_remembered_boundedly() -> None:
    """``Numbers.amount`` splits a tier's minimum by the scale once (``_gap``): the split is
    looked up by the minimum, kept, and read back for the next value below the same minimum;
    no more than ``_SPLITS_BOUND`` minimums are kept, the gaps past the bound still right."""
    asked: list[object] = []

    class Seen(dict[int, tuple[int, int]]):
        def get(self, key: object, default: object = None) -> object:  # type: ignore[override]
            asked.append(key)
            return super().get(key, default)  # type: ignore[call-overload]

    numbers = Numbers(2)
    numbers._splits = Seen()
    assert numbers.amount(150, 400) == ("1.5", 3, 2, "2.5")
    assert numbers._splits == {400: (4, 0)}
    assert numbers.amount(275, 400) == ("2.75", 11, 4, "1.25")
    assert asked == [400, 400]
    numbers = Numbers(2)
    for least in range(1, _SPLITS_BOUND + 20):
        lacking = display_number(Fraction(100 * least - 1, 100), "ceiling")
        assert numbers.amount(1, 100 * least)[3] == lacking
    assert len(numbers._splits) == _SPLITS_BOUND


def test_a_gap_reads_the_places_remembered() -> None:
    """A gap's places and a value's are looked up in the memo of places by their part
    (``.5``: 50 at two places), not made again (a total's, once: see ``Numbers._tail``); a
    gap of a whole number past the small wholes' table (256, 1000) is written as
    ``display_number`` writes it."""
    asked: list[object] = []

    class Seen(dict[int, tuple[str, int, int]]):
        def get(self, key: object, default: object = None) -> object:  # type: ignore[override]
            asked.append(key)
            return super().get(key, default)  # type: ignore[call-overload]

    numbers = Numbers(2)
    assert numbers.text(150) == "1.5"
    numbers._parts = Seen(numbers._parts)
    assert numbers.amount(100, 250) == ("1", 1, 1, "1.5")
    assert asked == [50]
    asked.clear()
    # a total's places met first: its places and its gap's (1 - .5) read back once, then
    # kept with the total's ratio (Numbers._tail), the memo of places not asked again
    assert numbers.amount(350) == ("3.5", 7, 2, "")
    assert asked == [50, 50]
    asked.clear()
    assert numbers.amount(350, 400) == ("3.5", 7, 2, "0.5")
    assert asked == []
    assert numbers.text(450) == "4.5"
    assert asked == [50]
    assert numbers.amount(1, 25601) == ("0.01", 1, 100, "256")
    assert numbers.amount(1, 25651)[3] == "256.5"
    assert numbers.amount(0, 100_000)[3] == "1000"
