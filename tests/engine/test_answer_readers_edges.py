"""Edges of how answers are read and what is said about them (``_literals.py``), each found
by a mutant that the readers' tests let live (docs/testing.md, "This round's readers of
answers, eleventh round")."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tiercert._literals import _exact_decimal, _one_sign, empty_value, number_problem, parse_bool

np = pytest.importorskip("numpy")


class _BoolTyped:
    """An object with an array library's boolean ``dtype`` but no ``ndim``: not numpy's
    ``bool_``, and no answer; never an AttributeError."""

    dtype = np.dtype(bool)

    def __bool__(self) -> bool:
        return True


def test_a_bool_dtype_without_ndim_is_no_yes_or_no() -> None:
    assert parse_bool(_BoolTyped()) is None
    assert parse_bool(np.True_) is True


def test_an_array_of_one_bool_is_no_yes_or_no() -> None:
    # 0-dimensional, of a boolean dtype, but unhashable: an array, not a scalar
    assert parse_bool(np.array(True)) is None
    assert parse_bool(np.array(False)) is None


def test_a_tiny_float32_s_exact_value_is_written_in_full_not_in_exponent_form() -> None:
    said = number_problem(np.float32(1e-8))
    assert said is not None
    assert "exact value, 0.00000000999999993922529029077850282192230224609375, " in said, said
    assert _exact_decimal(Fraction(-1, 2**30)) == "-0.000000000931322574615478515625"


def test_a_sign_spaced_from_its_digits_by_any_space_is_one_sign() -> None:
    # a no-break space or a tab after the sign, as a word processor or a sheet leaves it
    assert _one_sign("-\u00a05") == "-5"
    assert _one_sign("+\t-5") == "-5"
    assert number_problem("-\u00a05") == "a number has one sign, right before its digits: write -5"


class _Incomparable(float):
    """A real number whose ``!=`` raises: not a NaN."""

    def __ne__(self, other: object) -> bool:
        raise TypeError("not comparable")

    __hash__ = float.__hash__


def test_only_pandas_empty_markers_and_nans_are_empty_values() -> None:
    pd = pytest.importorskip("pandas")
    for empty in (pd.NA, pd.NaT, float("nan")):
        assert empty_value(empty)
    assert not empty_value(pd.Timestamp("2024-01-01"))  # pandas', but a value
    assert not empty_value(_Incomparable(1.0))


def test_an_exponent_beyond_what_a_decimal_holds_is_said_to_be_unreadable() -> None:
    # Decimal() itself refuses an exponent this large: said plainly, never a traceback
    assert number_problem("1e9999999999999999999999999") == (
        "the number is too large or too small to be read; check it"
    )


def test_an_infinite_float32_is_said_to_be_no_finite_number() -> None:
    # its as_integer_ratio raises: no exact value to show, and nothing about binary floats
    for value in (np.float32("inf"), np.float16("-inf")):
        assert number_problem(value) == (
            "it is not a finite number; give a number such as 80 or 79.5"
        )
