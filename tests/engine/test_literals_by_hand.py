"""``tiercert._literals`` by hand: each function of the one reading rule held to values worked
out by hand (not from another reader), at the edges of its limits and patterns.  Written for
the mutation run of docs/testing.md ("How text is read (`_literals.py`), sixth session")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tiercert import _literals
from tiercert._literals import (
    YES_NO,
    decimal_fits,
    dot_grouped,
    fold,
    grouped_problem,
    is_na,
    loose,
    nfc,
    number_problem,
    numeral_problem,
    parse_bool,
    parse_number,
    plain_id,
    read_numeral,
    unambiguous,
    whole_problem,
    yes_no_table,
)

TOO_LARGE = (
    "the number is too large: numbers are read up to 1e100 (101 digits before the point); check it"
)
TOO_SMALL = "the number is too small: numbers are read down to 1e-100; write 0 or round it"
TOO_LONG = "the number has more than 100 significant digits; round it"


def comma(whole: str, decimal: str) -> str:
    return (
        f"write {whole} without a thousands separator "
        f"(or {decimal} if the comma is a decimal point: use a dot for decimals)"
    )


@pytest.mark.parametrize(
    ("text", "bare"),
    [("Tốt", "tot"), ("ĐẠT", "dat"), ("đạt", "dat"), ("  Chưa Đạt ", "chua dat"), ("d", "d")],
)
def test_loose_drops_case_accents_and_the_bar_of_d(text: str, bare: str) -> None:
    assert loose(text) == bare


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("tiêu chí 1", "tieu_chi_1"),
        ("Điểm", "Diem"),
        ("đạt", "dat"),
        ("_.-x", "x"),
        ("x-", "x-"),
        ("Xa", "Xa"),
        ("a  b", "a_b"),
        ("!!!", None),
        ("  ", None),
    ],
)
def test_plain_id_keeps_what_an_id_may_hold(text: str, plain: str | None) -> None:
    assert plain_id(text) == plain


def test_nfc_and_fold_combine_accents() -> None:
    decomposed = "To\u0302\u0301t"  # Tốt in NFD
    assert nfc(decomposed) == "Tốt"
    assert fold(f"  {decomposed.upper()} ") == "tốt"
    assert nfc("abc") == "abc"


def test_the_yes_no_table_names_a_language_it_does_not_know_by_its_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(YES_NO, "fr", (("oui",), ("non",)))
    table = yes_no_table()
    assert table.endswith("| fr | `oui` | `non` |\n")
    assert "| any | `1`, `x` | `0` |\n" in table


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (Fraction(1), True),
        (Decimal("0.0"), False),
        (2, None),
        (Decimal("NaN"), None),
        (Decimal("sNaN"), None),
        (" Có ", True),
        ("KHÔNG ĐẠT", False),
        ("x", True),
        ("maybe", None),
        (None, None),
        (1.0, True),  # a number by its value, whatever its type (thirteenth round)
        (-0.0, False),
        (2.0, None),
        (float("nan"), None),
        ("1.0", None),  # text by its spelling
    ],
)
def test_parse_bool(raw: object, flag: bool | None) -> None:
    assert parse_bool(raw) is flag


@pytest.mark.parametrize(
    ("raw", "na"), [(" N/A ", True), ("na", True), ("NA", True), ("n.a", False), (None, False)]
)
def test_is_na(raw: object, na: bool) -> None:
    assert is_na(raw) is na


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        (Decimal(0), True),
        (Decimal("0E+999"), True),
        (Decimal("1E+100"), True),
        (Decimal("1E+101"), False),
        (Decimal("9.9E+100"), True),
        (Decimal("1E-100"), True),
        (Decimal("1E-101"), False),
        (Decimal("1" * 100), True),
        (Decimal("1" * 101), False),
        (Decimal("1" * 100 + "0" * 50), False),  # 150 places before the point
        (Decimal("1" * 100 + ".000"), True),  # trailing zeros are not significant
        (Decimal("0." + "1" * 100), True),
        (Decimal("-" + "1" * 101), False),
        (Decimal("0." + "1" * 101 + "0"), False),  # 101 significant digits, then a zero
    ],
)
def test_decimal_fits(value: Decimal, fits: bool) -> None:
    assert decimal_fits(value) is fits


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("80", 80),
        ("+7", 7),
        ("-0", 0),
        ("-2.5", Decimal("-2.5")),
        (".5", Decimal("0.5")),
        ("12.", Decimal("12")),
        ("1e3", Decimal("1E+3")),
        ("1.5e0000000001", Decimal(15)),
        ("0e999999999", Decimal(0)),
        ("0.0", Decimal(0)),
        ("1e100", Decimal("1E+100")),
        ("1e-100", Decimal("1E-100")),
        ("0." + "0" * 99 + "1", Decimal("1E-100")),
        ("1" + "0" * 100, 10**100),
        ("1" * 100, int("1" * 100)),
        ("1" * 100 + ".0", Decimal("1" * 100)),
        ("5." + "0" * 120, Decimal(5)),
        ("-5." + "0" * 120, Decimal(-5)),
        ("25" + "0" * 99 + ".0", Decimal(25 * 10**99)),
    ],
)
def test_read_numeral_reads(text: str, number: int | Decimal) -> None:
    read = read_numeral(text)
    assert read == number
    assert type(read) is type(number)


@pytest.mark.parametrize(
    "text",
    [
        "000",
        "1_0",
        " 1",
        "1.5.2",
        "1e101",
        "1e-101",
        "1e-1000000000",
        "1" + "0" * 101,
        "1" * 101,
        "0." + "0" * 100 + "1",
        "1" * 101 + ".0",
    ],
)
def test_read_numeral_refuses(text: str) -> None:
    assert read_numeral(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("10e99", Decimal("1E+100")),
        ("100e99", None),
        ("0.01e-98", Decimal("1E-100")),
        ("0.01e-99", None),
        (".5e-99", Decimal("5E-100")),
        (".5e-100", None),
        (".1e101", Decimal("1E+100")),
    ],
)
def test_an_exponent_counts_from_the_first_significant_digit(
    text: str, number: Decimal | None
) -> None:
    assert read_numeral(text) == number


def test_a_decimal_keeps_the_digits_as_written_up_to_the_limit() -> None:
    # 12.000 read from YAML stays Decimal("12.000"): dot_grouped() sees it as it was written
    assert read_numeral("1." + "0" * 99).as_tuple().exponent == -99  # type: ignore[union-attr]
    assert read_numeral("1." + "0" * 100) == 1


def test_an_exponent_of_many_zeros_is_no_exponent() -> None:
    assert read_numeral("1e" + "0" * 12) == Decimal(1)
    assert read_numeral("1e" + "0" * 11 + "5") == Decimal("1E+5")
    assert read_numeral("1e1000000000") is None


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("80", Fraction(80)),
        (" 2.5 ", Fraction(5, 2)),
        ("31%", Fraction(31)),
        ("31 %", Fraction(31)),
        ("2.5%", Fraction(5, 2)),
        ("2/3", Fraction(2, 3)),
        (" 7 / 10 ", Fraction(7, 10)),
        ("-1/4", Fraction(-1, 4)),
        ("0/5", Fraction(0)),
        ("1" * 100 + "/3", Fraction(int("1" * 100), 3)),
        ("2/" + "1" * 100, Fraction(2, int("1" * 100))),
        ("1/0", None),
        ("1" * 101 + "/2", None),
        ("2/" + "1" * 101, None),
        ("abc%", None),
        ("%", None),
        (True, None),
        (5, Fraction(5)),
        (Fraction(1, 3), Fraction(1, 3)),
        (0.1, Fraction(1, 10)),
        (1e100, Fraction(10**100)),
        (1e101, None),
        (float("nan"), None),
        (float("inf"), None),
        (float("-inf"), None),
        (Decimal("Infinity"), None),
        (Decimal("1E+101"), None),
        (Decimal("2.50"), Fraction(5, 2)),
        (None, None),
    ],
)
def test_parse_number(raw: object, number: Fraction | None) -> None:
    assert parse_number(raw) == number


def test_a_decimal_beyond_the_limits_is_refused_each_time_it_is_met() -> None:
    _literals._DECIMALS.clear()
    for _ in range(2):
        assert parse_number(Decimal("1E+101")) is None
        assert parse_number(Decimal("1E+100")) == 10**100


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (Decimal("1E+101"), TOO_LARGE),
        (Decimal("1E-101"), TOO_SMALL),
        (Decimal("1" * 101), TOO_LONG),
        # its first digit at the smallest place read: too long, not too small
        (Decimal("0." + "0" * 99 + "1" * 101), TOO_LONG),
        ("1e101", TOO_LARGE),
        ("1e-101", TOO_SMALL),
        ("1" + "0" * 101, TOO_LARGE),
        ("1" * 101, TOO_LONG),
        ("1" * 101 + ".0", TOO_LONG),
        (1e101, TOO_LARGE),
        (1e-101, TOO_SMALL),
        (
            float("nan"),  # as pandas marks an empty cell: no answer (eleventh round)
            "it is an empty value (NaN or NA, as pandas marks an empty cell), not an answer: "
            "leave it out of the answers where there is none, or give the answer",
        ),
        (float("-inf"), "it is not a finite number; give a number such as 80 or 79.5"),
        (Decimal("-Infinity"), "it is not a finite number; give a number such as 80 or 79.5"),
        ("-inf", "it is not a finite number; give a number such as 80 or 79.5"),
        (".NaN", "it is not a finite number; give a number such as 80 or 79.5"),
        (True, None),
        (None, None),
        ("80", None),
        (80, None),
        ("abc", None),
        ("1/0", "a ratio cannot divide by 0"),
        ("0x1F", "0x1F is a hexadecimal number; write the number in decimal: 31"),
        ("-0b101", "-0b101 is a binary number; write the number in decimal: -5"),
        ("0O17", "0O17 is an octal number; write the number in decimal: 15"),
        ("0x1_F", "0x1_F is a hexadecimal number; write the number in decimal: 31"),
        ("0b12", "0b12 is a binary number; write the number in decimal"),
        (
            "0x" + "1" * 31,
            "0x" + "1" * 31 + " is a hexadecimal number; write the number in decimal",
        ),
        (
            "0x" + "1" * 30,
            "0x"
            + "1" * 30
            + f" is a hexadecimal number; write the number in decimal: {int('1' * 30, 16)}",
        ),
        (
            "1:20",
            "1:20 looks like a time or a base-60 number, which is not read; "
            "write one decimal number",
        ),
        ("2024-05-01", "2024-05-01 looks like a date, not a number; give the number itself"),
        ("1/5/2024", "1/5/2024 looks like a date, not a number; give the number itself"),
        (
            "1,500",
            comma("1500", "1.5"),
        ),
        (
            "1,000",
            comma("1000", "1"),
        ),
        (
            "1,000,000",  # several commas are never a decimal point
            "numbers have no thousands separator: write 1000000",
        ),
        (
            "1,050",
            comma("1050", "1.05"),
        ),
        ("10%", None),
        ("1,5%", "use a dot for decimals: write 1.5%"),  # the percent sign kept
        ("１８", "use the digits 0 to 9: write 18"),
        ("−5", "use the digits 0 to 9: write -5"),
        ("1_000", "numbers have no '_': write 1000"),
        ("1 000 000", "numbers have no spaces inside: write 1000000"),
        ("1 000,5", "numbers have no spaces inside: write 1000.5"),
        ("1.000.000", "numbers have no thousands separator: write 1000000"),
        ("1,000.5", "numbers have no thousands separator: write 1000.5"),
        ("1.000,5", "numbers have no thousands separator: write 1000.5"),
        ("17,5", "use a dot for decimals: write 17.5"),
        (",5", "use a dot for decimals: write .5"),
        ("1,5e3", "use a dot for decimals: write 1.5e3"),
        ("022", "a number does not start with 0: write 22"),
        ("-007.5", "a number does not start with 0: write -7.5"),
        ("０２２", "use the digits 0 to 9: write 22"),
        ("1_0_0 0", "numbers have no '_': write 1000"),
        ("1 2 3x", None),
        ("٥%", "use the digits 0 to 9: write 5%"),
        ("٥ %", "use the digits 0 to 9: write 5 %"),  # as typed
        ("0x1__F", "0x1__F is a hexadecimal number; write the number in decimal: 31"),
        ("1 .5", "numbers have no spaces inside: write 1.5"),
        ("- 5", "a number has one sign, right before its digits: write -5"),
        ("5,", None),
        (Decimal("2.5"), None),
        (2.5, None),
    ],
)
def test_number_problem_says_what_to_write(raw: object, said: str | None) -> None:
    assert number_problem(raw) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "1,000",
            comma("1000", "1"),
        ),
        ("1,500", "numbers have no thousands separator: write 1500"),
        ("12,345,678", "numbers have no thousands separator: write 12345678"),
        (
            "2,000,000",
            "numbers have no thousands separator: write 2000000",
        ),
        (
            "1,000%",
            comma("1000%", "1%"),
        ),
        ("1,500%", "numbers have no thousands separator: write 1500%"),
        ("", None),
        ("%", None),
    ],
)
def test_a_whole_number_is_suggested_where_one_is_asked_for(text: str, said: str | None) -> None:
    assert numeral_problem(text, whole=True) == said
    assert number_problem(text, whole=True) == said


def test_what_a_step_makes_is_told_when_it_reads_two_ways() -> None:
    # ١.٥٠٠ in Arabic-Indic digits becomes 1.500, itself 1.5 or 1500: the step's reason, then
    # what is said of 1.500 (a whole number asked for: only 1500 is offered)
    reason = "use the digits 0 to 9: "
    assert numeral_problem("١.٥٠٠") == reason + (
        "it could mean 1.5 or 1500: write 1.5 for 1.5, 1500 for 1500 (a dot is a decimal "
        "point; numbers have no thousands separator)"
    )
    assert numeral_problem("١.٥٠٠", whole=True) == reason + (
        "write 1500 if the dot separates thousands (a dot is a decimal point, and 1.5 is not a "
        "whole number)"
    )
    # what a step made is no whole number: said so, with what was typed and what it reads as
    assert numeral_problem("٠,٢٥", whole=True) == reason + (
        "٠,٢٥ would be 0.25, which is not a whole number"
    )
    assert numeral_problem("٠,٥", whole=True) == reason + (
        "٠,٥ would be 0.5, which is not a whole number"
    )


@pytest.mark.parametrize(
    ("raw", "grouped"),
    [
        ("12.000", True),
        (" 12.000 % ", True),
        ("-1.234.567", True),
        ("+999.999", True),
        (Decimal("12.000"), True),
        (Decimal("12"), False),
        ("1000.000", False),
        ("012.000", False),
        ("12.00", False),
        ("12.0000", False),
        ("12000", False),
        (12.0, False),
        (12, False),
        (None, False),
    ],
)
def test_dot_grouped(raw: object, grouped: bool) -> None:
    assert dot_grouped(raw) is grouped


@pytest.mark.parametrize(
    ("text", "written"),
    [("7.375", "7.3750"), ("7.5", "7.5"), ("12", "12"), ("1.234.567", "1.234.5670")],
)
def test_unambiguous(text: str, written: str) -> None:
    assert unambiguous(text) == written


TWELVE = (
    "it could mean 12 or 12 thousand: write 12 for 12, 12000 for 12 thousand "
    "(a dot is a decimal point; numbers have no thousands separator)"
)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("12.000", TWELVE),
        (Decimal("12.000"), TWELVE),
        (" 12.000% ", TWELVE.replace("write 12 ", "write 12% ").replace("12000 ", "12000% ")),
        (
            "12.500",
            "write 12500 if the dot separates thousands (a dot is a decimal point, "
            "and 12.5 is not a whole number)",
        ),
        ("1.234.567", "numbers have no thousands separator: write 1234567"),
        ("12.5", None),
        ("12", None),
        (12000, None),
    ],
)
def test_whole_problem(raw: object, said: str | None) -> None:
    assert whole_problem(raw) == said
    if said is not None:
        assert number_problem(raw, whole=True) == said


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (
            "12.500",
            "it could mean 12.5 or 12500: write 12.5 for 12.5, 12500 for 12500 "
            "(a dot is a decimal point; numbers have no thousands separator)",
        ),
        ("12.000", TWELVE),
        ("1.234.567", "numbers have no thousands separator: write 1234567"),
        ("12.5", None),
        (12.5, None),
    ],
)
def test_grouped_problem(raw: object, said: str | None) -> None:
    assert grouped_problem(raw) == said


def test_a_whole_number_s_dot_grouped_text_is_refused_though_the_rule_reads_it() -> None:
    assert number_problem("12.000") is None
    assert number_problem("12.000", whole=True) == TWELVE
    assert number_problem("12.5", whole=True) is None
    assert number_problem("abc", whole=True) is None


class _AgreeingDecimal(Decimal):
    """A Decimal subclass whose ``==`` says yes to everything (a hostile or careless class a
    caller's library may hand over)."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = Decimal.__hash__


def test_parse_bool_reads_a_decimal_subclass_by_the_number_it_holds() -> None:
    """Not by what its ``==`` says: 5 is no yes or no, whatever the class claims, and 1 is yes."""
    assert parse_bool(_AgreeingDecimal(5)) is None
    assert parse_bool(_AgreeingDecimal(1)) is True
    assert parse_bool(_AgreeingDecimal("0.0")) is False
    assert parse_bool(_AgreeingDecimal("NaN")) is None
