"""The compiled code's numbers (``tiercert._fast.numbers``) by hand: scaled values, their
rounding and their text, and the shortcuts by which answers are read, each held to
expectations computed here without the module (``Decimal`` rounding, ``Fraction`` arithmetic
written plainly, the one reading rule ``parse_number``).  The comparisons of the two evaluators
see little of this module: a reading shortcut that gives up hands the answer to the reference,
which scores it alike (docs/testing.md, "The compiled code's numbers")."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    localcontext,
)
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert._fast import numbers
from tiercert._fast.numbers import (
    EXACTS,
    FLOATS,
    IMAGES,
    UNKEPT,
    Numbers,
    beside,
    compare_decimal,
    edge_floats,
    edge_sides,
    float_image,
    image,
    image_of,
    norm,
    points_bound,
    read_compared,
    read_decimal,
    read_number,
    read_remembered,
    small,
)
from tiercert._literals import MAX_DIGITS, decimal_fits, parse_number
from tiercert._numbers import RoundingMode, display_number, round_to

F = Fraction


def _id(raw: object) -> str:
    """A test's id: the repr in ASCII, with no backslash (``\\u0663`` is ``U+0663``): an id
    pytest escapes is not found again when mutmut passes it back to pytest."""
    return ascii(raw).replace("\\u", "U+").replace("\\x", "U+").replace("\\", "/")


@pytest.fixture(autouse=True)
def _empty_memos() -> Iterator[None]:
    """Every test reads its answers for the first time (the memos outlive a test)."""
    for memo in (IMAGES, EXACTS, FLOATS):
        memo.clear()
    yield
    for memo in (IMAGES, EXACTS, FLOATS):
        memo.clear()


# --- scaled values -----------------------------------------------------------------------------


def test_norm_gives_an_int_for_a_whole_fraction() -> None:
    assert type(norm(F(8, 2))) is int
    assert norm(F(8, 2)) == 4
    assert norm(F(1, 2)) == F(1, 2)
    assert type(norm(F(1, 2))) is Fraction
    assert type(norm(7)) is int


def test_scaled_and_natural_by_hand() -> None:
    two = Numbers(2)
    assert two.scale == 100
    assert two.places == 2
    assert two.scaled(F(795, 10)) == 7950
    assert type(two.scaled(F(795, 10))) is int
    assert two.scaled(F(1, 3)) == F(100, 3)
    assert two.natural(7950) == F(795, 10)
    assert type(two.natural(7950)) is Fraction
    assert two.natural(F(100, 3)) == F(1, 3)
    assert two.natural(F(-7, 3)) == F(-7, 300)
    assert two.naturals == {7950: F(795, 10)}  # Fractions are not remembered, ints are
    assert two.natural(7950) is two.naturals[7950]


def test_a_natural_made_once_is_given_back() -> None:
    """Generated code reads ``naturals`` directly, and ``natural`` gives the same object
    again: an integer's natural value is made once (not again at every result)."""
    two = Numbers(2)
    first = two.natural(5)
    assert first == F(5, 100)
    assert two.natural(5) is first
    two.naturals[7] = F(1, 3)  # what the memo holds is given back, not made again
    assert two.natural(7) == F(1, 3)


def test_naturals_are_remembered_up_to_4096() -> None:
    one = Numbers(1)
    for n in range(4100):
        assert one.natural(n) == F(n, 10)
    assert len(one.naturals) == 4096
    assert 4095 in one.naturals
    assert 4096 not in one.naturals


def test_the_memos_of_points_are_kept_by_criterion_and_forgotten_in_place() -> None:
    scaled = Numbers(0)
    texts, floats = scaled.points_memos("a")
    decimals = scaled.decimal_memo("a")
    assert (texts, floats, decimals) == ({}, {}, {})
    texts["7"] = 7
    floats[7.0] = 7
    decimals["7.0"] = 7
    assert scaled.points_memos("a")[0] is texts
    assert scaled.points_memos("a")[1] is floats
    assert scaled.decimal_memo("a") is decimals
    other = scaled.points_memos("b")
    assert other[0] is not texts
    assert other[0] is not other[1]
    assert all(scaled.decimal_memo("b") is not memo for memo in (*other, texts, floats, decimals))
    scaled.forget()
    assert scaled.points_memos("a") == ({}, {})
    assert scaled.decimal_memo("a") == {}
    assert scaled.points_memos("a")[0] is texts  # emptied, not replaced: generated code holds them
    assert scaled.points_memos("a")[1] is floats
    assert scaled.decimal_memo("a") is decimals


@pytest.mark.parametrize(
    ("criteria", "bound"),
    [(0, 4096), (1, 4096), (10, 4096), (11, 3971), (21_845, 2), (21_846, 1), (10**6, 1)],
)
def test_points_bound_by_hand(criteria: int, bound: int) -> None:
    assert points_bound(criteria) == bound


# --- the text of a scaled value ----------------------------------------------------------------


def _text_by_hand(value: int, places: int) -> str:
    """The shortest decimal of ``value / 10**places``, through ``Decimal`` (at most 12 places
    are written exactly; beyond, ``display_number`` cuts and marks it)."""
    exact = Decimal(value).scaleb(-places)
    text = format(exact.normalize(), "f")
    if "." in text and len(text.split(".")[1]) > 12:
        return display_number(F(value, 10**places))
    return text


@pytest.mark.parametrize(
    ("places", "value", "text"),
    [
        (0, 80, "80"),
        (0, -3, "-3"),
        (0, 0, "0"),
        (1, 795, "79.5"),
        (1, 800, "80"),
        (1, -5, "-0.5"),
        (1, 5, "0.5"),
        (1, 0, "0"),
        (2, 7, "0.07"),
        (2, -7, "-0.07"),
        (2, 100, "1"),
        (2, 1010, "10.1"),
        (3, -1500, "-1.5"),
        (12, 1, "0.000000000001"),
        (12, -(10**12) - 1, "-1.000000000001"),
        (13, 1, "0.000000000000…"),
        (13, 10, "0.000000000001"),
        (14, 123, "0.000000000001…"),
        (13, -1, "-0.000000000001…"),
    ],
    ids=_id,
)
def test_text_by_hand(places: int, value: int, text: str) -> None:
    assert Numbers(places).text(value) == text


@given(st.integers(0, 15), st.integers(-(10**20), 10**20))
def test_text_is_the_shortest_decimal(places: int, value: int) -> None:
    assert Numbers(places).text(value) == _text_by_hand(value, places)


@given(st.integers(0, 4), st.fractions(max_denominator=10**15))
def test_text_of_a_fraction_is_display_number(places: int, value: Fraction) -> None:
    scaled = Numbers(places)
    assert scaled.text(value) == display_number(value / 10**places)


# --- rounding a scaled value -------------------------------------------------------------------

_MODES = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
    RoundingMode.DOWN: ROUND_DOWN,
    RoundingMode.UP: ROUND_UP,
}


def _rounded_by_hand(value: Fraction, places: int, mode: RoundingMode) -> Fraction:
    """``value`` rounded to ``places`` places, by counting units of the last place."""
    unit = F(1, 10**places)
    sign = -1 if value < 0 else 1
    size = abs(value)
    low = (size // unit) * unit
    rest = size - low
    if rest == 0:
        return value
    up = {
        RoundingMode.DOWN: False,
        RoundingMode.UP: True,
        RoundingMode.HALF_UP: rest >= unit / 2,
        RoundingMode.HALF_EVEN: rest > unit / 2 or (rest == unit / 2 and (low / unit) % 2 == 1),
    }[mode]
    return sign * (low + unit if up else low)


@pytest.mark.parametrize(
    ("places", "value", "to", "mode", "expected"),
    [
        # a whole scaled value (0.4, 0.5, 2.5, -2.5 at one place) to no places
        (1, 4, 0, RoundingMode.HALF_UP, 0),
        (1, 5, 0, RoundingMode.HALF_UP, 10),
        (1, 4, 0, RoundingMode.UP, 10),
        (1, 5, 0, RoundingMode.DOWN, 0),
        (1, 5, 0, RoundingMode.HALF_EVEN, 0),
        (1, 15, 0, RoundingMode.HALF_EVEN, 20),
        (1, 25, 0, RoundingMode.HALF_EVEN, 20),
        (1, 26, 0, RoundingMode.HALF_EVEN, 30),
        (1, -25, 0, RoundingMode.HALF_UP, -30),
        (1, -25, 0, RoundingMode.HALF_EVEN, -20),
        (1, -21, 0, RoundingMode.UP, -30),
        (1, -29, 0, RoundingMode.DOWN, -20),
        (2, 1234, 1, RoundingMode.HALF_UP, 1230),
        (2, 1235, 1, RoundingMode.HALF_UP, 1240),
        (2, 1235, 2, RoundingMode.UP, 1235),  # as many places as the scale: as it is
        (2, 1235, 3, RoundingMode.UP, 1235),
        # a Fraction (more places than the scale): 1/3 of a unit, 1/2, 2/3
        (0, F(1, 3), 0, RoundingMode.UP, 1),
        (0, F(1, 3), 0, RoundingMode.HALF_UP, 0),
        (0, F(1, 2), 0, RoundingMode.HALF_UP, 1),
        (0, F(1, 2), 0, RoundingMode.HALF_EVEN, 0),
        (0, F(3, 2), 0, RoundingMode.HALF_EVEN, 2),
        (0, F(-3, 2), 0, RoundingMode.HALF_EVEN, -2),
        (0, F(-2, 3), 0, RoundingMode.DOWN, 0),
        (0, F(-2, 3), 0, RoundingMode.HALF_UP, -1),
        (0, F(2, 3), 1, RoundingMode.HALF_UP, F(7, 10)),
        (0, F(2, 3), 1, RoundingMode.DOWN, F(3, 5)),
        (0, F(1, 40), 2, RoundingMode.HALF_EVEN, F(1, 50)),
        (0, F(3, 40), 2, RoundingMode.HALF_EVEN, F(2, 25)),
        (0, F(5, 4), 1, RoundingMode.HALF_EVEN, F(6, 5)),
        (0, F(399, 4), 0, RoundingMode.HALF_EVEN, 100),
        (1, F(1, 3), 0, RoundingMode.UP, 10),
        (1, F(-1, 3), 0, RoundingMode.UP, -10),
        (1, F(7, 3), 2, RoundingMode.HALF_UP, F(23, 10)),
        (2, F(1, 3), 1, RoundingMode.HALF_UP, 0),
        (2, F(50, 3), 1, RoundingMode.HALF_UP, 20),
        (2, F(50, 3), 1, RoundingMode.DOWN, 10),
    ],
)
def test_round_by_hand(
    places: int, value: int | Fraction, to: int, mode: RoundingMode, expected: int | Fraction
) -> None:
    got = Numbers(places).round(value, to, mode)
    assert got == expected
    assert type(got) is type(expected)  # whole values are ints: generated code tests `is int`


@given(
    st.integers(0, 6),
    st.integers(-(10**12), 10**12),
    st.integers(0, 8),
    st.sampled_from(list(RoundingMode)),
)
def test_round_of_a_whole_scaled_value_is_decimal_s(
    places: int, value: int, to: int, mode: RoundingMode
) -> None:
    expected = Decimal(value).scaleb(-places).quantize(Decimal(1).scaleb(-to), _MODES[mode])
    got = Numbers(places).round(value, to, mode)
    assert F(got) == F(expected) * 10**places
    assert type(got) is int or F(got).denominator != 1


@given(
    st.integers(0, 6),
    st.fractions(max_denominator=10**6),
    st.integers(0, 8),
    st.sampled_from(list(RoundingMode)),
)
def test_round_of_a_fraction_is_by_hand(
    places: int, value: Fraction, to: int, mode: RoundingMode
) -> None:
    scaled = Numbers(places)
    got = scaled.round(norm(value), to, mode)
    assert F(got) == _rounded_by_hand(value / 10**places, to, mode) * 10**places
    assert type(got) is int or F(got).denominator != 1


@given(
    st.integers(0, 6),
    st.integers(-(10**12), 10**12),
    st.integers(1, 10**6),
    st.integers(-2, 6),
    st.integers(1, 50),
    st.sampled_from(list(RoundingMode)),
)
def test_round_ratio_is_the_rounding_of_the_quotient(
    places: int, number: int, unit: int, to: int, common: int, mode: RoundingMode
) -> None:
    # (eleventh round) a group's share not whole, rounded from its two integers, unreduced
    # (times ``common``): what round gives for its Fraction, and the reference's round_to
    # (to tens and hundreds too: a rubric's places go down to -6); whole
    to = min(to, places)
    scaled = Numbers(places)
    got = scaled.round_ratio(number * common, unit * common, to, mode)
    assert type(got) is int
    assert got == scaled.round(norm(F(number, unit)), to, mode)
    assert got == round_to(F(number, unit) / 10**places, to, mode) * 10**places
    if to >= 0:
        assert got == _rounded_by_hand(F(number, unit) / 10**places, to, mode) * 10**places


# --- reading answers ---------------------------------------------------------------------------


class _Text(str):
    __slots__ = ()


def _read_by_the_rule(raw: object) -> tuple[type, Fraction] | None:
    value = parse_number(raw)
    if value is None:
        return None
    return (int, value) if value.denominator == 1 else (Fraction, value)


def _read(raw: object) -> tuple[type, Fraction] | None:
    got = read_number(raw)
    return None if got is None else (type(got), F(got))


_TEXTS = (
    *("0", "7", "85", " 85 ", "085", "00", "0085", "٣", "٣.5", "1٣", "+5", "-5", "-5.5"),
    *("79.5", "79.50", "80.0", "80.", ".5", "0.5", "00.5", "01.5", "0.0", "0.00", "5.0.0"),
    *("1e3", "1E-3", "31%", "2/3", "1/0", "", " ", ".", "abc", "7 5", "7,5", "½"),
    *("9" * 100, "9" * 101, "1" + "0" * 99, "1" + "0" * 100, "0." + "0" * 98 + "1"),
    *("5." + "0" * 98, "5." + "0" * 99, "5." + "1" * 98, "1." + "2" * 98 + "0"),
    *("1." + "2" * 99, "0." + "0" * 99 + "1", "9" * 50 + "." + "9" * 49, "9" * 50 + "." + "9" * 50),
)
_DECIMALS = tuple(
    Decimal(text)
    for text in (
        *("0", "-0", "0.0", "0E+5", "7", "-7", "7.0", "7.5", "70E-1", "1E+2", "1E+99", "1E+100"),
        *("-1E+99", "9" * 100, "9" * 101, "-" + "9" * 100, "0.5", "1E-100", "1E-101", "NaN"),
        *("Infinity", "-Infinity", "5" + "0" * 120 + "E-120", "1E+101"),
    )
)
_FLOATS = (
    *(0.0, -0.0, 7.0, -7.0, 7.5, 0.1, 1e16, 1e22, -1e22, 2.0**53, -(2.0**53), 2.0**53 - 1),
    *(-(2.0**53) + 1, 2.0**53 + 2, 1e100, 1e101, 1e-100, 5e-324, math.inf, -math.inf, math.nan),
    # the repr's own digits (no exponent from 1e-4 to below 1e16), and either side of that
    *(1e-4, -1e-4, 9.999e-5, 0.5, -0.5, 0.30000000000000004, 74.99999999999999, -1234.5678),
    *(1e15 + 0.5, 9999999999999998.0, 1e16 - 2.0, 0.00012, 12.000000000000002, 100.25),
)


@pytest.mark.parametrize("raw", [*_TEXTS, *_DECIMALS, *_FLOATS], ids=_id)
def test_read_number_is_the_rule_and_whole_numbers_are_ints(raw: object) -> None:
    assert _read(raw) == _read_by_the_rule(raw)


@pytest.mark.parametrize(
    "raw", [_Text("85"), _Text("79.5"), True, False, None, 3, F(7, 2), [1]], ids=_id
)
def test_read_number_of_other_kinds_is_the_rule(raw: object) -> None:
    assert _read(raw) == _read_by_the_rule(raw)


@given(
    st.one_of(
        st.from_regex(r"\A *[0-9]{0,4}(\.[0-9]{0,4})? *\Z"),
        st.from_regex(r"\A[0-9]{95,101}\Z"),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.text(max_size=6),
    )
)
def test_read_number_agrees_with_the_rule(raw: object) -> None:
    assert _read(raw) == _read_by_the_rule(raw)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.05", F(105, 100)),
        ("0.05", F(5, 100)),
        ("10.010", F(1001, 100)),
        ("0.000700", F(7, 10_000)),
        ("3.0500", F(305, 100)),
        ("9" * 50 + "." + "0" * 48 + "1", F(10**99 - 10**49 + 1, 10**49)),
    ],
)
def test_read_number_of_places_with_zeros_by_hand(text: str, value: Fraction) -> None:
    """Zeros right after the point count (1.05 is not 1.5); trailing zeros do not."""
    got = read_number(text)
    assert got == value
    assert type(got) is Fraction


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (74.99999999999999, F(7499999999999999, 10**14)),
        (-0.5, F(-1, 2)),
        (0.1 + 0.2, F(30000000000000004, 10**17)),
        (1e-4, F(1, 10_000)),
        (1e15 + 0.5, F(2 * 10**15 + 1, 2)),
        (9999999999999998.0, 9999999999999998),
    ],
)
def test_a_float_is_read_from_its_repr_digits_without_the_general_reader(
    raw: float, value: Fraction | int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A float whose repr has no exponent is read from that repr's digits (the decimal it
    writes, as parse_number reads it), never through parse_number's pattern and Decimal
    (fourteenth round: 12 % of the instructions of a full result of float answers met for the
    first time)."""

    def refused(raw: object) -> None:
        raise AssertionError(f"parse_number({raw!r})")

    monkeypatch.setattr(numbers, "parse_number", refused)
    got = read_number(raw)
    assert got == value
    assert type(got) is type(value)


def test_a_float_with_an_exponent_or_of_a_subclass_is_read_by_the_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond the shortcut (an exponent in the repr, nan, inf, a float subclass), the rule."""
    asked: list[object] = []

    def rule(raw: object) -> Fraction | None:
        asked.append(raw)
        return parse_number(raw)

    class Sub(float):
        pass

    monkeypatch.setattr(numbers, "parse_number", rule)
    assert read_number(1e-5) == F(1, 100_000)
    assert read_number(1.5e16) == 15 * 10**15
    assert read_number(math.nan) is None
    assert read_number(-math.inf) is None
    assert read_number(Sub(2.5)) == F(5, 2)
    assert len(asked) == 5


def test_read_number_of_a_long_whole_number() -> None:
    assert read_number("1" + "0" * 99) == 10**99
    assert type(read_number("1" + "0" * 99)) is int
    assert read_number(Decimal("1E+99")) == 10**99
    assert type(read_number(Decimal("1E+99"))) is int
    assert read_number(Decimal("-0")) == 0
    assert type(read_number(Decimal("-0"))) is int
    assert read_number(2.0**53 - 1) == 2**53 - 1
    assert type(read_number(-(2.0**53) + 1)) is int


# --- images: the nearest float of an answer ----------------------------------------------------


def _image_by_the_rule(raw: object) -> float | None:
    value = parse_number(raw)
    return None if value is None else float(value)


@pytest.mark.parametrize(
    "raw",
    [
        *_TEXTS,
        *_DECIMALS,
        Decimal("1." + "0" * 200),
        Decimal("1" + "0" * 99 + "E+1"),
        Decimal("1E-99"),
        Decimal("12345678901234567890E-119"),
        Decimal("1E+100"),
        Decimal("-1E-100"),
        *_FLOATS,
        3,
        F(1, 3),
        True,
    ],
    ids=_id,
)
def test_image_of_is_the_float_of_the_rule_s_number(raw: Any) -> None:
    got = image_of(raw)
    expected = _image_by_the_rule(raw)
    if expected is None:
        assert not isinstance(got, float)
    else:
        assert got == expected
        assert type(got) is float


@given(st.one_of(st.from_regex(r"\A *[0-9]{1,3}(\.[0-9]{0,20})? *\Z"), st.decimals()))
def test_image_of_agrees_with_the_rule(raw: str | Decimal) -> None:
    expected = _image_by_the_rule(raw)
    got = image_of(raw)
    assert got == expected if expected is not None else not isinstance(got, float)


def test_images_are_remembered_when_short() -> None:
    assert image("79.5") == 79.5
    assert IMAGES["79.5"] == 79.5
    refused = image("abc")
    assert not isinstance(refused, float)
    assert IMAGES["abc"] is refused
    long = "0." + "0" * 98 + "1" + " " * 300
    assert image(long) == 1e-99
    assert long not in IMAGES
    assert IMAGES[Decimal("2.5")] == 2.5  # a Decimal not yet met: read and kept
    assert Decimal("2.5") in IMAGES
    assert IMAGES[Decimal("2.5")] == 2.5  # met again: from the memo
    assert IMAGES[long] is UNKEPT
    longest = "7.5".ljust(256)  # as long as a text kept may be
    assert IMAGES[longest] == 7.5
    assert longest in IMAGES
    assert IMAGES["7.25".ljust(257)] is UNKEPT
    assert long not in IMAGES
    assert IMAGES[Decimal("1." + "0" * 300)] is UNKEPT


def test_the_memo_of_images_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numbers, "IMAGES_BOUND", 3)
    for n in range(5):
        assert image(f"{n}.5") == n + 0.5
        assert IMAGES[f"{n}.25"] == n + 0.25
    assert len(IMAGES) == 3
    assert "0.5" in IMAGES
    assert "2.5" not in IMAGES


def test_small_by_hand() -> None:
    assert small("1" * 256)
    assert not small("1" * 257)
    assert small(Decimal("1" * 256))
    assert not small(Decimal("1" * 257))
    # a long text of few digits (its exponent written out), and a short text of many digits
    # cannot be: the text of a Decimal holds every digit of its coefficient
    long_text = Decimal((0, (1,) * 255, -300))
    assert len(str(long_text)) > 256
    assert small(long_text)
    # as many digits as a coefficient kept may have, in a text longer than that
    longest = Decimal((0, (1,) * 256, -300))
    assert len(str(longest)) > 256
    assert small(longest)
    assert not small(Decimal((0, (1,) * 257, -300)))
    assert small(Decimal("1E+300"))


# --- the constants compared, and answers on or beside them --------------------------------------


def test_edge_floats_by_hand() -> None:
    assert edge_floats([F(50), F(1, 10)]) == {50.0: 50, 0.1: F(1, 10)}
    assert type(edge_floats([F(50)])[50.0]) is int
    near = F("0.1000000000000000000001")  # its float is 0.1's, and it is not 0.1
    assert edge_floats([near]) == {0.1: None}
    assert edge_floats([F(1, 10), near]) == {0.1: None}
    assert edge_floats([near, F(1, 10)]) == {0.1: None}
    assert edge_floats([F(1, 10), F(1, 10)]) == {0.1: F(1, 10)}
    assert edge_floats([F(2**53 + 1)]) == {float(2**53): None}
    assert edge_floats([]) == {}


def test_edge_sides_by_hand() -> None:
    near = F("0.1000000000000000000001")
    assert edge_sides([F(50), F(1, 10)]) == {50.0: 50, 0.1: F(1, 10)}
    assert edge_sides([F(1, 10), near]) == {}
    assert edge_sides([near, F(1, 10), F(50)]) == {50.0: 50}
    assert edge_sides([F(1, 10), F(1, 10)]) == {0.1: F(1, 10)}
    assert edge_sides([near]) == {0.1: near}


def test_beside_by_hand() -> None:
    edge = F(1, 10)
    critical = edge_floats([edge, F(50)])
    sides = edge_sides([edge, F(50)])
    above = F("0.1000000000000000000001")
    below = F("0.0999999999999999999999")
    assert beside(above, 0.1, critical, sides) == math.nextafter(0.1, math.inf)
    assert beside(below, 0.1, critical, sides) == math.nextafter(0.1, -math.inf)
    assert beside(edge, 0.1, critical, sides) == edge
    assert type(beside(edge, 0.1, critical, sides)) is Fraction
    assert beside(None, 0.1, critical, sides) is None
    assert beside(50, 50.0, critical, sides) == 50
    assert type(beside(50, 50.0, critical, sides)) is int
    assert beside(above, 0.1, critical, {}) == above  # the edge shares its float
    # the float next to the edge's is another constant's: the exact number
    up = math.nextafter(0.1, math.inf)
    crowded = [edge, F(up)]
    assert beside(above, 0.1, edge_floats(crowded), edge_sides(crowded)) == above
    assert beside(below, 0.1, edge_floats(crowded), edge_sides(crowded)) == math.nextafter(
        0.1, -math.inf
    )
    # no finite float next to the largest one
    top = F(int(1.7976931348623157e308))
    beyond = top + F(1, 3)
    assert beside(beyond, float(top), edge_floats([top]), edge_sides([top])) == beyond
    assert beside(top - F(1, 3), float(top), edge_floats([top]), edge_sides([top])) == (
        math.nextafter(float(top), -math.inf)
    )


def test_read_compared_by_hand() -> None:
    edges = [F(1, 10), F(50), F("0.3000000000000000000001")]
    critical = edge_floats(edges)
    sides = edge_sides(edges)
    for _ in range(2):  # the second time from the memos
        # floats: as they are unless on an edge; on an edge, the edge or read exactly
        assert read_compared(7.5, critical) == 7.5
        assert type(read_compared(7.5, critical)) is float
        assert read_compared(-7.5, critical) == -7.5
        assert read_compared(50.0, critical) == 50
        assert type(read_compared(50.0, critical)) is int
        assert read_compared(0.1, critical) == F(1, 10)
        assert read_compared(0.3, critical) == F(3, 10)  # 0.3's float: read as 0.3
        # below the edge 0.3000000000000000000001 that shares its float: the float below
        assert read_compared(0.3, critical, sides) == math.nextafter(0.3, -math.inf)
        assert read_compared(1e-99, critical) == F(1, 10**99)
        assert read_compared(-1e-99, critical) == F(-1, 10**99)
        assert read_compared(1e99, critical) == 10**99
        assert read_compared(-1e99, critical) == -(10**99)
        assert read_compared(1e100, critical) == 10**100
        assert read_compared(1e101, critical) is None
        assert read_compared(1e-101, critical) is None
        assert read_compared(2e-99, critical) == 2e-99
        assert read_compared(-2e-99, critical) == -2e-99
        assert read_compared(math.nan, critical) is None
        # text and Decimals: a float unless on an edge
        assert read_compared("7.5", critical) == 7.5
        assert type(read_compared("7.5", critical)) is float
        assert read_compared(Decimal("7.5"), critical) == 7.5
        assert type(read_compared(Decimal("7.5"), critical)) is float
        assert read_compared("50", critical) == 50
        assert type(read_compared("50", critical)) is int
        assert read_compared("0.1", critical) == F(1, 10)
        assert read_compared("abc", critical) is None
        assert read_compared("abc", critical, sides) is None
        above = "0.1000000000000000000001"
        assert read_compared(above, critical) == F(above)
        assert read_compared(above, critical, sides) == math.nextafter(0.1, math.inf)
        assert read_compared(Decimal(above), critical, sides) == math.nextafter(0.1, math.inf)
        assert read_compared("50.0000000000000000001", critical, sides) == math.nextafter(
            50.0, math.inf
        )
        assert read_compared("0.1", critical, sides) == F(1, 10)
        # other kinds: read by the rule
        assert read_compared(7, critical) == 7
        assert read_compared(F(1, 3), critical) == F(1, 3)
        assert read_compared(True, critical) is None
        assert read_compared(Decimal("sNaN"), critical) is None
        assert read_compared(Decimal("sNaN"), critical, sides) is None


def test_read_compared_keeps_what_it_read_on_an_edge() -> None:
    critical = edge_floats([F(1, 10)])
    assert read_compared("0.10", critical) == F(1, 10)
    assert IMAGES["0.10"] == 0.1
    assert EXACTS["0.10"] == F(1, 10)
    assert read_compared("7.5", critical) == 7.5
    assert "7.5" not in EXACTS  # off the edges: only its float is needed


def test_read_compared_gives_back_the_image_kept() -> None:
    """An answer met before is not read again: its image is taken from the memo as kept."""
    IMAGES["0.25"] = 7.0  # not 0.25's float: proves the memo is what is given back
    IMAGES[Decimal("0.5")] = 9.0
    assert read_compared("0.25", {}) == 7.0
    assert read_compared(Decimal("0.5"), {}) == 9.0


def test_read_remembered_by_hand() -> None:
    for _ in range(2):
        assert read_remembered(0.1) == F(1, 10)
        assert read_remembered(7.0) == 7
        assert type(read_remembered(7.0)) is int
        assert read_remembered(math.inf) is None
        assert read_remembered("0.1") == F(1, 10)
        assert read_remembered(Decimal("0.10")) == F(1, 10)
        assert read_remembered("abc") is None
        assert read_remembered(Decimal("sNaN")) is None
        assert read_remembered(7) == 7
        assert read_remembered(F(1, 3)) == F(1, 3)
    assert dict(FLOATS) == {0.1: F(1, 10), 7.0: 7, math.inf: None}
    assert dict(EXACTS) == {"0.1": F(1, 10), Decimal("0.10"): F(1, 10), "abc": None}
    long = "0." + "0" * 98 + "1" + " " * 300
    assert read_remembered(long) == F(1, 10**99)
    assert long not in EXACTS


def test_read_remembered_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numbers, "IMAGES_BOUND", 2)
    for n in range(4):
        assert read_remembered(n + 0.5) == F(2 * n + 1, 2)
        assert read_remembered(f"{n}.5") == F(2 * n + 1, 2)
    assert dict(FLOATS) == {0.5: F(1, 2), 1.5: F(3, 2)}
    assert dict(EXACTS) == {"0.5": F(1, 2), "1.5": F(3, 2)}


def test_a_remembered_float_is_what_is_read() -> None:
    FLOATS[0.25] = F(7)  # what is in the memo is given back, not read again
    assert read_remembered(0.25) == 7
    EXACTS["0.25"] = F(8)
    assert read_remembered("0.25") == 8


def test_float_image_by_hand() -> None:
    assert float_image(F(1, 2)) == 0.5
    assert float_image(F(10**400)) is None
    assert float_image(F(-(10**400))) is None


def test_the_marks_say_what_they_are() -> None:
    """The sentinels' reprs, as a failing test or a debugger shows them."""
    assert repr(numbers.MISSING) == "<missing>"
    assert repr(numbers.EXCLUDED) == "<excluded>"
    assert repr(numbers.HIT) == "<points known>"
    assert repr(UNKEPT) == "<too long>"


def test_text_of_a_scaled_integer_is_made_from_its_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is taken: a scaled integer is written from its integers (its division by
    the scale; a cut one's digits from one more division), not through ``display_number``
    (the same text, made at every result shown); only a Fraction goes there."""
    calls: list[object] = []

    def counted(value: Fraction, toward: str = "floor") -> str:
        calls.append(value)
        return display_number(value, toward)  # type: ignore[arg-type]

    monkeypatch.setattr(numbers, "display_number", counted)
    assert Numbers(2).text(7950) == "79.5"
    assert Numbers(2).text(-7) == "-0.07"
    assert Numbers(3).text(1000) == "1"
    assert Numbers(12).text(10**12 + 1) == "1.000000000001"  # 12 places: still the digits
    assert Numbers(0).text(80) == "80"  # no places
    assert Numbers(13).text(1) == "0.000000000000…"  # cut, from the integers too
    assert Numbers(13).text(1, "ceiling") == "0.000000000001…"
    assert calls == []
    assert Numbers(2).text(F(1, 3)) == "0.003333333333…"
    assert calls == [F(1, 300)]


def test_the_shortcuts_read_plain_numbers_without_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole numbers and plain decimals (text from a CSV file, Decimals from YAML, whole
    floats) are read by the shortcuts, not by ``parse_number`` (the same numbers, read for
    every answer of every row); anything else is the rule's."""
    calls: list[object] = []

    def counted(raw: object) -> Fraction | None:
        calls.append(raw)
        return parse_number(raw)

    monkeypatch.setattr(numbers, "parse_number", counted)
    for raw, value in [("85", 85), (" 7 ", 7), ("0", 0), ("79.5", F(159, 2)), ("80.0", 80)]:
        assert read_number(raw) == value
        assert image_of(raw) == float(value)
    assert image_of("0.25") == 0.25
    assert image_of("9" * 100) == float("9" * 100)  # as many digits as the limit
    assert read_number("0.25") == F(1, 4)
    assert read_number(Decimal("7")) == 7
    assert read_number(Decimal("70E-1")) == 7
    assert image_of(Decimal("7.5")) == 7.5
    assert read_number(7.0) == 7
    assert read_number(-7.0) == -7
    # as many characters as the limit: still the shortcuts
    assert read_number("9" * 100) == 10**100 - 1
    assert read_number("9" * 50 + "." + "9" * 49) == F(10**99 - 1, 10**49)
    assert calls == []
    assert read_number("085") is None  # a leading zero: the rule refuses it
    assert image_of("+5") == 5.0
    assert image_of("85.") == 85.0
    assert read_number(Decimal("7.5")) == F(15, 2)
    assert read_number(7.5) == F(15, 2)  # a float's repr digits: a shortcut too
    assert read_number(7.5e-5) == F(75, 10**6)  # written with an exponent: the rule
    assert calls == ["085", "+5", "85.", Decimal("7.5"), 7.5e-5]


class _Decimal(Decimal):
    __slots__ = ()


class _Float(float):
    __slots__ = ()


def test_no_subclass_takes_a_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    """A subclass of str, Decimal or float may change what its methods say: only the exact
    classes are read by the shortcuts, anything else by the rule (``parse_number``)."""
    calls: list[object] = []

    def counted(raw: object) -> Fraction | None:
        calls.append(raw)
        return parse_number(raw)

    monkeypatch.setattr(numbers, "parse_number", counted)
    for raw in (_Text("85"), _Text("79.5"), _Decimal("7"), _Float(7.0)):
        assert read_number(raw) == parse_number(raw)
        assert calls[-1] is raw
    assert len(calls) == 4


def test_decimals_at_the_limits_of_places_are_read_without_counting_digits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Decimal of a short text whose first digit is 100 places from the point, either way
    (as far as the limits go), takes the image's shortcut: its digits are not counted."""
    calls: list[Decimal] = []

    def counted(value: Decimal) -> bool:
        calls.append(value)
        return decimal_fits(value)

    monkeypatch.setattr(numbers, "decimal_fits", counted)
    assert image_of(Decimal("1E-100")) == 1e-100
    assert image_of(Decimal("-1E+100")) == -1e100
    assert image_of(Decimal("7.5E+100")) == 7.5e100
    # a text of MAX_DIGITS characters is short enough; one more is counted (and fits)
    longest, longer = Decimal("1." + "0" * 98), Decimal("1." + "0" * 99)
    assert (len(str(longest)), len(str(longer))) == (MAX_DIGITS, MAX_DIGITS + 1)
    assert image_of(longest) == 1.0
    assert calls == []
    assert image_of(Decimal("1E-101")) is numbers._REFUSED  # beyond: the full count refuses
    assert image_of(Decimal("1E+101")) is numbers._REFUSED
    assert image_of(longer) == 1.0
    assert calls == [Decimal("1E-101"), Decimal("1E+101"), longer]


def test_a_refused_image_is_the_mark_of_refusal() -> None:
    assert image_of("abc") is numbers._REFUSED
    assert image_of(Decimal("NaN")) is numbers._REFUSED
    assert image_of(Decimal("1E+101")) is numbers._REFUSED


#: constants a rule compares with: whole, with places, crowded, past 2**53, tiny and huge
_CONSTANTS = [
    Fraction(0), Fraction(1, 2), Fraction(3, 2), Fraction(29), Fraction(145, 2), Fraction(100),
    Fraction(1, 10), Fraction(2**53 + 1), Fraction(10**-20), Fraction(10**30),
    Fraction(7, 3),
]  # fmt: skip


_EXACT_CONTEXT = Context(prec=400)


@st.composite
def _decimals_near(draw: st.DrawFn) -> Decimal:
    """Decimals on, just below and just above a constant (steps down to 10**-40, so past
    the float's precision), with trailing zeros, any exponent form, or anything a reader
    may give: NaN, sNaN, infinities, signed zero, long coefficients, huge and tiny
    exponents (past the limits on digits and places)."""
    kind = draw(st.sampled_from(("near", "near", "near", "wild", "special")))
    if kind == "special":
        return Decimal(
            draw(
                st.sampled_from(
                    ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "-0", "0E-300", "0E+300",
                     "-0.000", "1E-100", "1E-101", "9.99E+99", "1E+100", "1E+101", "12.000"]
                )
            )
        )  # fmt: skip
    if kind == "wild":
        digits = draw(st.integers(0, 10**300))
        return Decimal((draw(st.integers(0, 1)), tuple(map(int, str(digits))), draw(
            st.integers(-400, 300))))  # fmt: skip
    edge = draw(st.sampled_from(_CONSTANTS))
    step = draw(st.sampled_from((-1, 0, 0, 1))) * Decimal(f"1E-{draw(st.integers(0, 40))}")
    places = draw(st.integers(0, 4))
    with localcontext(_EXACT_CONTEXT):
        # 7/3: no decimal writes it, a decimal of 400 digits next to it
        near = Decimal(edge.numerator) / Decimal(edge.denominator) + step
        exponent = near.as_tuple().exponent
        assert isinstance(exponent, int)
        return near.quantize(Decimal(1).scaleb(exponent - places), context=Context(prec=500))


@given(_decimals_near(), st.lists(st.sampled_from(_CONSTANTS), min_size=1, max_size=5))
def test_a_decimal_is_read_without_its_hash_as_the_readers_read_it(
    raw: Decimal, constants: list[Fraction]
) -> None:
    """``read_decimal`` is ``read_number`` and ``compare_decimal`` is ``read_compared`` for
    Decimals anywhere near any constants (the memos emptied first, so that ``read_compared``
    reads too), without a lookup by the Decimal (which would hash it)."""
    critical = edge_floats(constants)
    sides = edge_sides(constants)
    IMAGES.clear()
    EXACTS.clear()
    numbers.DECIMAL_EXACTS.clear()
    assert read_decimal(raw) == read_number(raw)
    assert type(read_decimal(raw)) is type(read_number(raw))
    text = str(raw)
    for with_sides in (None, sides):
        IMAGES.clear()
        EXACTS.clear()
        numbers.DECIMAL_EXACTS.clear()
        mine = compare_decimal(raw, text, critical, with_sides)
        theirs = read_compared(raw, critical, with_sides)
        assert mine == theirs, (raw, constants)
        assert type(mine) is type(theirs), (raw, constants)
    # and again, from the memo of exact numbers by text
    assert read_decimal(raw, text) == read_number(raw)
    assert read_decimal(Decimal(text)) == read_number(raw)


@pytest.mark.parametrize("with_sides", [False, True])
def test_a_decimal_whose_float_is_an_edge_s_is_read_as_the_readers_read_it(
    with_sides: bool,
) -> None:
    """A Decimal whose nearest float is that of a constant (0.1) but whose number is not:
    without sides its exact number, with sides the float next to the edge on its side, as
    ``read_compared`` gives (mutmut: compare_decimal 18-20, 22, 30, missed by the
    hypothesis test's 15 derandomised examples)."""
    constants = [F(1, 10), F(1, 2)]
    critical = edge_floats(constants)
    sides = edge_sides(constants) if with_sides else None
    for text, side in (("0.1000000000000000000001", 1), ("0.0999999999999999999999", -1)):
        raw = Decimal(text)
        assert float(text) == 0.1
        IMAGES.clear()
        EXACTS.clear()
        numbers.DECIMAL_EXACTS.clear()
        mine = compare_decimal(raw, text, critical, sides)
        assert mine == read_compared(raw, critical, sides)
        if sides is None:
            assert mine == F(text)
        else:
            assert mine == math.nextafter(0.1, side * math.inf)
    # a Decimal on the float of 1/2 that is 1/2: its exact number, whole or not
    numbers.DECIMAL_EXACTS.clear()
    assert compare_decimal(Decimal("0.50"), "0.50", critical, sides) == F(1, 2)


def test_a_decimal_met_again_is_read_from_the_memo_by_its_text() -> None:
    """``read_decimal`` looks its text up in ``DECIMAL_EXACTS`` before reading (mutmut:
    read_decimal 5, the memo looked up by None)."""
    numbers.DECIMAL_EXACTS.clear()
    numbers.DECIMAL_EXACTS["2.5"] = 7  # not 2.5: proves the memo is what is given back
    try:
        assert read_decimal(Decimal("2.5")) == 7
        assert read_decimal(Decimal("2.50")) == F(5, 2)
        assert numbers.DECIMAL_EXACTS["2.50"] == F(5, 2)
    finally:
        numbers.DECIMAL_EXACTS.clear()


def test_a_whole_decimal_is_read_within_the_limits_on_digits() -> None:
    """A whole Decimal of 100 significant digits is read, one of 101 refused, as
    ``read_number`` does; trailing zeros are no digits (mutmut: read_decimal 16, the whole
    numbers' short path taking 101 digits)."""
    for text, whole in (("9" * 100, True), ("9" * 101, False), ("1" + "0" * 100, True)):
        numbers.DECIMAL_EXACTS.clear()
        raw = Decimal(text)
        assert read_decimal(raw) == read_number(raw) == (int(text) if whole else None)
    numbers.DECIMAL_EXACTS.clear()


def test_the_memo_of_decimals_by_text_is_bounded() -> None:
    """``DECIMAL_EXACTS`` keeps texts of up to 256 characters, and at most ``IMAGES_BOUND``
    of them (mutmut: read_decimal 37, a longer text kept; 38, one of 256 not kept; 39, one
    more kept)."""
    memo = numbers.DECIMAL_EXACTS
    memo.clear()
    try:
        kept = "1." + "0" * 254  # 256 characters, as str() writes it
        longer = kept + "0"
        for text in (kept, longer):
            assert str(Decimal(text)) == text
            assert read_decimal(Decimal(text)) == 1
        assert kept in memo
        assert longer not in memo
        memo.clear()
        memo.update((str(i), i) for i in range(numbers.IMAGES_BOUND))
        read_decimal(Decimal("0.125"))
        assert "0.125" not in memo
        assert len(memo) == numbers.IMAGES_BOUND
    finally:
        memo.clear()
