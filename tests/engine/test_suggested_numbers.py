"""Every hint on a number written with commas or groups (``1,500``, ``-0,250``,
``1,000,000``, ``1.125``) suggests only forms that every reader takes as written (no
ambiguous ``1.500`` offered back) and that mean one of the readings the text can have: its
separators marking thousands, or its last one a decimal point.  Where a whole number is
asked for, a suggested form is whole."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tiercert._literals import (
    dot_grouped,
    grouped_problem,
    number_problem,
    parse_number,
    whole_problem,
)

#: "write X" and "or X if", and "write X for Y, Z for W": the forms a hint offers
_OFFERED = re.compile(r"(?:write|or) ([+-]?[0-9][0-9.]*)(?= |$|\))")
_FOR = re.compile(r"(?:write |, )([+-]?[0-9][0-9.]*) for ([+-]?[0-9][0-9.]*)( thousand)?")


def _readings(text: str) -> set[Fraction]:
    """The numbers ``text`` (digits and separators) can mean to a person: every separator a
    thousands mark, or the last one a decimal point (the others thousands marks)."""
    body = text.removesuffix("%")
    separators = [c for c in body if c in ".,"]
    readings = set()
    digits = re.sub(r"[.,]", "", body)
    if digits.lstrip("+-"):
        readings.add(Fraction(int(digits)))
    if separators:
        head, _, tail = body.rpartition(separators[-1])
        readings.add(Fraction(re.sub(r"[.,]", "", head) + "." + tail))
    return readings


def _offered(hint: str) -> list[str]:
    return _OFFERED.findall(hint)


def _check(text: str, hint: str | None, *, whole: bool) -> None:
    if hint is None:
        return
    readings = _readings(text)
    for form in _offered(hint):
        number = parse_number(form)
        assert number is not None, (text, hint, form)
        assert not dot_grouped(form), (text, hint, form)  # no reader refuses it
        assert number in readings, (text, hint, form, readings)
        if whole and "if the comma is a decimal point" not in hint:
            # a whole number is asked for: the form offered to write is whole
            assert number.denominator == 1 or "not a whole number" in hint, (text, hint)
    for form, meant, thousand in _FOR.findall(hint):
        said = Fraction(meant) * (1000 if thousand else 1)
        assert parse_number(form) == said, (text, hint, form, meant)


#: digits in groups with commas and dots, a sign, a decimal tail: how numbers are typed
_GROUPED = st.builds(
    lambda sign, first, groups, tail: sign + first + "".join(groups) + tail,
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"[0-9]{1,3}", fullmatch=True),
    st.lists(st.from_regex(r"[.,][0-9]{3}", fullmatch=True), min_size=1, max_size=3),
    st.sampled_from(["", ",5", ".25", ",0", ",125"]),
)


@given(_GROUPED, st.booleans())
@example("-0,250", False)
@example("0,250", True)
@example("1,000,000", False)
@example("1,125", False)
@example("01,500", False)
@example("1.125", False)
def test_every_suggested_form_is_read_as_the_number_it_is_said_to_be(
    text: str, whole: bool
) -> None:
    _check(text, number_problem(text, whole=whole), whole=whole)
    _check(text, grouped_problem(text), whole=False)
    _check(text, whole_problem(text), whole=True)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a first group of 0 marks no thousands: the comma is a decimal point
        ("-0,250", "use a dot for decimals: write -0.25"),
        ("0,250", "use a dot for decimals: write 0.25"),
        ("+0,250", "use a dot for decimals: write +0.25"),  # the sign kept, a 0 before the point
        # several commas cannot be a decimal point
        ("1,000,000", "numbers have no thousands separator: write 1000000"),
        # the decimal reading offered as no reader refuses it (1.125 could be 1125)
        (
            "1,125",
            "write 1125 without a thousands separator (or 1.1250 if the comma is a decimal "
            "point: use a dot for decimals)",
        ),
        (
            "01,500",
            "write 1500 without a thousands separator (or 1.5 if the comma is a decimal "
            "point: use a dot for decimals)",
        ),
    ],
)
def test_a_comma_hint_offers_what_was_most_likely_meant(text: str, said: str) -> None:
    assert number_problem(text) == said


def test_a_whole_number_asked_for_is_told_plainly_when_the_comma_can_only_be_decimal() -> None:
    assert number_problem("0,250", whole=True) == (
        "use a dot for decimals: 0,250 would be 0.25, which is not a whole number"
    )


def test_a_grouped_decimal_is_offered_back_as_no_reader_refuses_it() -> None:
    assert grouped_problem("1.125") == (
        "it could mean 1.125 or 1125: write 1.1250 for 1.125, 1125 for 1125 (a dot is a "
        "decimal point; numbers have no thousands separator)"
    )
