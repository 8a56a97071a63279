"""The number helpers: declared rounding, decimal places, and the two ways numbers are written.

The expected values are written out by hand or worked out with plain Fraction arithmetic,
never with the helpers under test.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from tiercert import _numbers
from tiercert._numbers import (
    DISPLAY_PLACES,
    RoundingMode,
    Toward,
    decimal_places,
    display_number,
    exact_number,
    is_terminating,
    read_exact_number,
    round_to,
)
from tiercert.errors import ProblemsError

F = Fraction
ULP = F(1, 10**DISPLAY_PLACES)
JUST_BELOW_80 = 80 - F(1, 3 * 10**12)


@pytest.fixture(autouse=True)
def _nothing_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test works its numbers out afresh: a cache filled by earlier tests (or by the
    process a mutation tool forks from) would hide a mistake in the working-out, e.g. a factor
    10**places / denominator computed as a float."""
    monkeypatch.setattr(_numbers, "_DENOMINATORS", {})
    monkeypatch.setattr(_numbers, "_FRACTIONS", {})


def test_the_caches_stay_bounded() -> None:
    # at most 4096 denominators and 10,000 rubric numbers are remembered, however many pass
    for denominator in range(1, 5001):
        decimal_places(F(1, denominator))
    assert len(_numbers._DENOMINATORS) == 4096
    for n in range(10_500):
        _numbers.to_fraction(Decimal(n) / 4)
    assert len(_numbers._FRACTIONS) == 10_000
    assert _numbers.to_fraction(Decimal(10_499) / 4) == F(10_499, 4)  # still exact, not kept


def test_number_key() -> None:
    # equal numbers, however written, are one key; text ("na") and None are their own keys
    assert _numbers.number_key(F(5, 2)) == _numbers.number_key(Decimal("2.50")) == (5, 2)
    assert _numbers.number_key(3) == (3, 1)
    assert _numbers.number_key("na") == "na"
    assert _numbers.number_key(None) is None


def test_a_rubric_number_is_converted_once() -> None:
    # a rubric repeats the same few numbers thousands of times: equal Decimals (2.5, 2.50)
    # give the very Fraction converted the first time
    first = _numbers.to_fraction(Decimal("2.5"))
    assert first == F(5, 2)
    assert _numbers.to_fraction(Decimal("2.50")) is first


# --- declared rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        # less than one unit of the last place kept
        (F("0.4"), 0, "up", F(1)),
        (F("0.4"), 0, "half_up", F(0)),
        (F("0.4"), 0, "down", F(0)),
        (F("0.4"), 0, "half_even", F(0)),
        (F("0.5"), 0, "half_up", F(1)),
        (F("0.5"), 0, "half_even", F(0)),
        (F("0.5"), 0, "down", F(0)),
        (F("0.5"), 0, "up", F(1)),
        (F("1.5"), 0, "half_even", F(2)),
        (F("0.0004"), 3, "up", F("0.001")),
        (F("0.0004"), 3, "half_up", F(0)),
        (F("0.0005"), 3, "half_up", F("0.001")),
        (F(1, 10**13), 12, "up", F(1, 10**12)),
        (F(1, 10**13), 12, "half_up", F(0)),
        # tens: a value under one ten
        (F(4), -1, "up", F(10)),
        (F(4), -1, "half_up", F(0)),
        (F(5), -1, "half_up", F(10)),
        (F(5), -1, "half_even", F(0)),
        (F("0.5"), -1, "up", F(10)),
        (F("0.5"), -1, "half_up", F(0)),
        # away from zero below zero
        (F("-0.4"), 0, "up", F(-1)),
        (F("-0.5"), 0, "half_up", F(-1)),
        (F("-0.5"), 0, "half_even", F(0)),
        (F("-0.9"), 0, "down", F(0)),
        # values without a finite decimal form
        (F(1, 3), 0, "up", F(1)),
        (F(1, 3), 0, "down", F(0)),
        (F(2, 3), 0, "half_up", F(1)),
        (F(1, 3), 2, "half_even", F("0.33")),
        (F(2, 3), 2, "half_even", F("0.67")),
        (F(1, 6), 1, "half_up", F("0.2")),
        (F(-2, 3), 1, "down", F("-0.6")),
        # already on the grid: unchanged by every mode
        (F("7.25"), 2, "up", F("7.25")),
        (F("7.25"), 3, "down", F("7.25")),
    ],
)
def test_round_to(value: Fraction, places: int, mode: str, expected: Fraction) -> None:
    assert round_to(value, places, RoundingMode(mode)) == expected


# --- decimal places -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places"),
    [
        (F(80), 0),
        (F("79.99"), 2),
        (F(1, 8), 3),
        (F(1, 2**13), 13),  # 0.0001220703125: more than 12 places, still finite
        (F(1, 5**20), 20),
        (F(3, 2**40), 40),
        (F(1, 10**30), 30),
        (F(-7, 20), 2),
        (Decimal("79.990"), 2),
        (Decimal("1E+2"), 0),
        (F(1, 3), None),
        (F(1, 6), None),
        (F(1, 2**13 * 3), None),
        (F(1, 7), None),
    ],
)
def test_decimal_places_and_terminating(
    value: Fraction | Decimal, places: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert decimal_places(value) == places
    assert is_terminating(F(value)) is (places is not None)
    # worked out again with nothing remembered: a cache filled by earlier tests (or by the
    # process a mutation tool forks from) would hide a mistake in the working-out
    monkeypatch.setattr(_numbers, "_DENOMINATORS", {})
    assert decimal_places(value) == places
    assert decimal_places(value) == places  # and remembered
    assert is_terminating(F(value)) is (places is not None)


# --- the display rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "floor", "ceiling"),
    [
        (F(80), "80", "80"),
        (F(0), "0", "0"),
        (F("79.99"), "79.99", "79.99"),
        (F("7.375"), "7.375", "7.375"),
        (F(-15, 2), "-7.5", "-7.5"),
        (F(1, 2**12), "0.000244140625", "0.000244140625"),  # exactly 12 places: exact
        (F(1, 3), "0.333333333333…", "0.333333333334…"),
        (F(2, 3), "0.666666666666…", "0.666666666667…"),
        (F(200, 3), "66.666666666666…", "66.666666666667…"),
        (JUST_BELOW_80, "79.999999999999…", "80.000000000000…"),
        (80 + F(1, 3 * 10**12), "80.000000000000…", "80.000000000001…"),
        (F(1, 2**13), "0.000122070312…", "0.000122070313…"),  # finite, but 13 places
        (F(1, 2**40), "0.000000000000…", "0.000000000001…"),  # tiny: never shown as 0
        (F(-1, 3), "-0.333333333334…", "-0.333333333333…"),
        (F(-2, 3), "-0.666666666667…", "-0.666666666666…"),
        (F(-1, 3 * 10**13), "-0.000000000001…", "-0.000000000000…"),  # keeps its sign
    ],
)
def test_display_number(value: Fraction, floor: str, ceiling: str) -> None:
    assert display_number(value) == floor
    assert display_number(value, "floor") == floor
    assert display_number(value, "ceiling") == ceiling


def test_display_number_takes_decimals_and_integers() -> None:
    assert display_number(Decimal("79.990")) == "79.99"
    assert display_number(Decimal("1E+2")) == "100"
    assert display_number(80) == "80"


@pytest.mark.parametrize(
    ("value", "places", "floor", "ceiling"),
    [
        (F("79.995"), 2, "79.99…", "80.00…"),
        (F("79.99"), 2, "79.99", "79.99"),
        (F(200, 3), 1, "66.6…", "66.7…"),
        (F(100, 3), 0, "33…", "34…"),
        (F("34.375"), 1, "34.3…", "34.4…"),
    ],
)
def test_display_number_with_fewer_places(
    value: Fraction, places: int, floor: str, ceiling: str
) -> None:
    assert display_number(value, "floor", places) == floor
    assert display_number(value, "ceiling", places) == ceiling


# --- the exact form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (F(80), "80"),
        (F("79.99"), "79.99"),
        (F(1, 20), "0.05"),
        (F(-15, 2), "-7.5"),
        (F(1, 3), "1/3"),
        (F(-1, 3), "-1/3"),
        (F(40, 3), "40/3"),
        (JUST_BELOW_80, "239999999999999/3000000000000"),
        (F(1, 2**13), "0.0001220703125"),
        (F(1, 2**40), "0.0000000000009094947017729282379150390625"),
        (Decimal("1E+2"), "100"),
        (Decimal("-0.0"), "0"),
        (Decimal("2.50"), "2.5"),
    ],
)
def test_exact_number(value: Fraction | Decimal, text: str) -> None:
    assert exact_number(value) == text
    assert read_exact_number(text) == F(value)
    assert F(text) == F(value)  # Python reads it too


@pytest.mark.parametrize(
    "text",
    ["", " 1", "1 ", "+1", "1.", ".5", "1e5", "1E+2", "1/0", "1/3.0", "0x10", "1_0", "١٨", "1/-3"],
)
def test_read_exact_number_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="expected a number written as results write them") as e:
        read_exact_number(text)
    assert [p.code for p in cast(ProblemsError, e.value).problems] == ["number.exact"]


def test_the_formatters_are_public() -> None:
    assert tiercert.display_number is display_number
    assert tiercert.exact_number is exact_number
    assert tiercert.read_exact_number is read_exact_number


# --- the rule, for any value --------------------------------------------------------------------

_values = st.fractions(max_denominator=10**15) | st.builds(
    lambda n, k, d: F(n, d * 10**k), st.integers(-(10**16), 10**16), st.integers(0, 14),
    st.sampled_from((1, 3, 7, 9, 11, 2**5, 6)),
)  # fmt: skip
_grid = st.builds(lambda n: F(n, 10**DISPLAY_PLACES), st.integers(-(10**16), 10**16))


def _read_shown(text: str) -> tuple[Fraction, bool]:
    """The digits of a shown number and whether it was cut (read without the helpers)."""
    cut = text.endswith("…")
    return F(text.removesuffix("…")), cut


@given(_values, st.sampled_from(("floor", "ceiling")))
def test_a_shown_value_brackets_the_exact_value(value: Fraction, toward: Toward) -> None:
    shown, cut = _read_shown(display_number(value, toward))
    if not cut:
        assert shown == value
        assert (value * 10**DISPLAY_PLACES).denominator == 1
    elif toward == "floor":
        assert shown < value < shown + ULP
    else:
        assert shown - ULP < value < shown


@given(_values, _grid)
def test_a_shown_value_compares_with_any_rubric_number_as_the_exact_value(
    value: Fraction, threshold: Fraction
) -> None:
    # floor: what reaches a minimum (totals, scores, shares) reads as reaching it, and only that
    shown, cut = _read_shown(display_number(value, "floor"))
    assert (shown >= threshold) == (value >= threshold)
    assert (shown > threshold or (cut and shown == threshold)) == (value > threshold)
    # ceiling: what stays within a maximum (points needed, 'at most') reads so, and only that
    shown, cut = _read_shown(display_number(value, "ceiling"))
    assert (shown <= threshold) == (value <= threshold)
    assert (shown < threshold or (cut and shown == threshold)) == (value < threshold)


@given(_values)
def test_the_exact_form_is_lossless(value: Fraction) -> None:
    assert read_exact_number(exact_number(value)) == value
