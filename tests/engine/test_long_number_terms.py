"""Numbers whose digits Python cannot write or read as an int (more than 4,300) are refused by
their own limits, with a placed problem, never a ``ValueError`` (twentieth round).  Before,
a ``Fraction`` answer within a criterion's range but of long terms
(``Fraction(2**20000 + 1, 2**20000)``) was scored, and its exact total could not be written
(a traceback out of ``score_records`` and ``Result.to_dict``); ``Fraction(1, 3**5000)`` gave a
total of 2,400 digits; a ratio typed as text with a 5,000-digit term (``1/333…``) and a
vulgar fraction after 5,000 digits (``333…½``) raised while the problem was being worded, out
of ``batch`` as an internal error."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import run_cli
from tiercert import AssessmentError, Rubric
from tiercert._i18n import in_lang
from tiercert._literals import number_problem, parse_number

RUBRIC = """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers:
  - {id: s1, label: one, rank: 1, min: 5}
"""

FRACTION = "a fraction is read with at most 200 digits above and below its bar; round it"
RATIO = "a ratio is read with at most 100 digits above and below its bar; round it"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.parse_rubric(RUBRIC)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        pytest.param(Fraction(2**20000 + 1, 2**20000), FRACTION, id="fraction-6021-digits"),
        pytest.param(Fraction(1, 3**5000), FRACTION, id="fraction-1-over-2386-digits"),
        pytest.param(Fraction(1, 10**200), FRACTION, id="fraction-1-over-201-digits"),
        pytest.param("1/" + "3" * 5000, RATIO, id="ratio-text-5000-digits"),
        pytest.param("3" * 5000 + "/7", RATIO, id="ratio-text-over-5000-digits"),
        pytest.param("1/" + "3" * 101, RATIO, id="ratio-text-101-digits"),
        pytest.param("3" * 5000 + "½", "the number is too large", id="vulgar-5000-digits"),
    ],
)
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_number_of_long_terms_is_refused(
    rubric: Rubric, value: object, said: str, engine: str
) -> None:
    records = [{"unit_id": "u", "a": value}]
    [record] = tiercert.score_records(rubric, records, as_text=True, engine=engine)  # type: ignore[arg-type]
    problems = str(record["problems"])
    assert record["status"] == "rejected"
    assert problems.startswith("a: expected a number, got ")
    assert said in problems
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": value}, engine=engine)  # type: ignore[arg-type]
    assert said in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("value", "total"),
    [
        (Fraction(1, 3**100), f"1/{3**100}"),
        (Fraction(10**199 + 1, 10**199), "1." + "0" * 198 + "1"),  # a Decimal's, at its limits
        ("1/" + "3" * 100, "1/" + "3" * 100),
        ("2/3", "2/3"),
    ],
)
def test_a_number_of_terms_within_the_limits_is_read_as_before(
    rubric: Rubric, value: object, total: str
) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": "u", "a": value}], as_text=True)
    assert (record["status"], record["total"]) == ("scored", total)


def test_a_long_ratio_in_a_sheet_is_the_rows_problem(tmp_path: Path) -> None:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "units.csv").write_text(
        "unit_id,a\nu1,1/" + "3" * 5000 + "\nu2,5\n", encoding="utf-8"
    )
    status, out, err = run_cli(
        "batch", str(tmp_path / "rubric.yaml"), str(tmp_path / "units.csv"), "--lang", "vi"
    )
    assert status == 1
    assert "Traceback" not in err
    assert "tỷ số chỉ được đọc với tối đa 100 chữ số" in out
    assert "\n3,u2,,scored," in out


#: the least term refused: 201 digits (a term is read with at most 200)
TERM = 10**200
#: 200 digits, sharing no factor with TERM or TERM - 1: a Fraction keeps the terms as written
UNDER = 3 * 10**199 + 1


@pytest.mark.parametrize(
    ("over", "under", "read"),
    [
        pytest.param(TERM, UNDER, False, id="201-digits-above"),
        pytest.param(-TERM, UNDER, False, id="minus-201-digits-above"),
        pytest.param(1, TERM, False, id="201-digits-below"),
        pytest.param(TERM - 1, UNDER, True, id="200-nines-above"),
        pytest.param(1 - TERM, UNDER, True, id="minus-200-nines-above"),
        pytest.param(1, TERM - 1, True, id="200-nines-below"),
    ],
)
def test_a_fractions_terms_are_read_up_to_200_digits_each(
    over: int, under: int, read: bool
) -> None:
    """By hand, at the bounds (twentieth round's mutation run): a term of 201 digits above the
    bar, of either sign, or below it is refused; 200 nines are read.  The values are near 3,
    within any range: only the terms' length can refuse them."""
    value = Fraction(over, under)
    assert (value.numerator, value.denominator) == (over, under)
    if read:
        assert (parse_number(value), number_problem(value)) == (value, None)
    else:
        assert parse_number(value) is None
        assert number_problem(value) == FRACTION


def test_a_long_fraction_or_ratio_is_told_in_full_in_both_languages() -> None:
    fraction = number_problem(Fraction(1, TERM))
    ratio = number_problem("1/" + "3" * 101)
    assert fraction == FRACTION
    assert in_lang(fraction, "vi") == (
        "phân số chỉ được đọc với tối đa 200 chữ số ở tử số và ở mẫu số; hãy làm tròn"
    )
    assert ratio == RATIO
    assert in_lang(ratio, "vi") == (
        "tỷ số chỉ được đọc với tối đa 100 chữ số ở tử số và ở mẫu số; hãy làm tròn"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # ↉ (zero thirds): 100 whole digits and a fraction that adds none, a number read
        pytest.param("1" + "0" * 99 + "↉", "write fractions in digits: write ", id="100-digits"),
        pytest.param(
            "000" + "1" + "0" * 99 + "↉",
            "write fractions in digits: write ",
            id="zeros-and-100-digits",
        ),
        pytest.param(
            "3" * 101 + "½",
            "the number has more than 100 significant digits; round it",
            id="101-digits",
        ),
    ],
)
def test_a_vulgar_fraction_after_100_digits_is_too_long(text: str, said: str) -> None:
    """The bound of the whole digits before a one-character fraction, by hand: 100 are told
    what to write, 101 too long."""
    problem = number_problem(text)
    assert problem is not None
    assert problem.startswith(said)


@pytest.mark.parametrize(
    ("text", "made"),
    [
        pytest.param(
            "1234567890123456789012345678½", "1234567890123456789012345678.5", id="28-digits-half"
        ),
        pytest.param(
            "123456789012345678901234567¾",
            "123456789012345678901234567.75",
            id="27-digits-three-quarters",
        ),
        pytest.param("-" + "1" * 40 + "⅛", "-" + "1" * 40 + ".125", id="minus-40-digits-eighth"),
        pytest.param("1" * 40 + "⅓", f"{int('1' * 40) * 3 + 1}/3", id="40-digits-third"),
        pytest.param("1" + "0" * 99 + "↉", "1" + "0" * 99, id="100-digits-zero-thirds"),
        pytest.param("2¾", "2.75", id="two-and-three-quarters"),
    ],
)
def test_a_vulgar_fraction_after_many_digits_is_told_exactly(text: str, made: str) -> None:
    """Decimal's division rounded the number to write to 28 digits: 123…678½ was told to
    write 123…678, its half dropped, a number read without a word (twentieth round)."""
    assert number_problem(text) == f"write fractions in digits: write {made}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" * 100 + "½", id="100-digits-half"),
        pytest.param("9" * 100 + "⅞", id="100-nines-seven-eighths"),
        pytest.param("-" + "7" * 100 + "¼", id="minus-100-digits-quarter"),
    ],
)
def test_a_vulgar_fraction_is_never_told_a_form_that_is_refused_in_turn(text: str) -> None:
    """100 whole digits and a half were told to write 101 significant digits, which are
    refused in turn (twenty-first round): the limit is said instead."""
    assert number_problem(text) == "the number has more than 100 significant digits; round it"


@given(
    units=st.text(alphabet="0123456789", min_size=0, max_size=104),
    sign=st.sampled_from(["", "-", "+"]),
    char=st.sampled_from("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒↉"),
)
def test_every_form_told_for_a_vulgar_fraction_is_read(units: str, sign: str, char: str) -> None:
    """Whatever the digits before a one-character fraction, the form told to write reads as
    a number (or no form is told)."""
    problem = number_problem(sign + units + char)
    assert problem is not None
    told = problem.rpartition("write ")[2]
    if problem.startswith("write fractions in digits: write "):
        assert parse_number(told) is not None, told
