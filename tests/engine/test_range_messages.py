"""A number answer's range in what a person reads: an open end is not said ("at least 0",
"từ 0 trở lên"; never "0 to ∞"), in the problems (outside the range, ambiguous in it) and in
explain, in English and Vietnamese."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tiercert import AssessmentError
from tiercert._i18n import in_lang
from tiercert.rubric import parse_rubric
from tiercert.rules._answers import (
    numbers_hint,
    range_text,
    read_in_range,
    read_number,
    thousands_problem,
)

F = Fraction
WHY = (
    "it could mean 1.5 or 1500: write 1.5 for 1.5, 1500 for 1500 (a dot is a decimal point; "
    "numbers have no thousands separator)"
)


@pytest.mark.parametrize(
    ("value", "low", "high", "en", "vi"),
    [
        ("-3", F(0), F(100), "'-3' is outside the allowed range 0 to 100",
         "'-3' nằm ngoài phạm vi cho phép từ 0 đến 100"),
        ("-3", F(0), None, "'-3' is outside the allowed range: at least 0",
         "'-3' nằm ngoài phạm vi cho phép: từ 0 trở lên"),
        ("7.5", None, F(5), "'7.5' is outside the allowed range: at most 5",
         "'7.5' nằm ngoài phạm vi cho phép: từ 5 trở xuống"),
    ],
)  # fmt: skip
def test_outside_the_range(
    value: str, low: Fraction | None, high: Fraction | None, en: str, vi: str
) -> None:
    number, message = read_in_range(value, low, high)
    assert (number, message) == (None, en)
    assert message is not None
    assert in_lang(message, "vi") == vi
    assert read_in_range("2", low, high) == (F(2), None)  # within it: read


@pytest.mark.parametrize(
    ("low", "high", "en", "vi"),
    [
        (F(0), F(2000), "in the allowed range 0 to 2000", "trong phạm vi cho phép từ 0 đến 2000"),
        (F(0), None, "in the allowed range: at least 0", "trong phạm vi cho phép: từ 0 trở lên"),
        (None, F(2000), "in the allowed range: at most 2000",
         "trong phạm vi cho phép: từ 2000 trở xuống"),
        (None, None, "(any number is allowed)", "(cho phép số bất kỳ)"),
    ],
)  # fmt: skip
def test_ambiguous_in_the_range(
    low: Fraction | None, high: Fraction | None, en: str, vi: str
) -> None:
    message = thousands_problem("1.500", low, high)
    assert message == f"'1.500' is ambiguous {en}; {WHY}"
    assert in_lang(message, "vi").startswith(f"'1.500' không rõ nghĩa {vi}; có thể hiểu là 1.5")
    assert read_in_range("1.500", low, high) == (None, message)
    # a thousands reading outside the range: the dot is a decimal point
    assert thousands_problem("1.500", F(0), F(1499)) is None
    assert thousands_problem("1.500", F(1501), None) is None
    assert thousands_problem("1.5", low, high) is None


@pytest.mark.parametrize(
    ("low", "high", "en", "vi"),
    [
        (F(0), F(100), " (answers from 0% to 100%)", " (trả lời từ 0% đến 100%)"),
        (F(0), None, " (answers of at least 0%)", " (trả lời từ 0% trở lên)"),
        # Vietnamese writes the decimal comma, as every Vietnamese output (twenty-second round)
        (None, F(5, 2), " (answers of at most 2.5%)", " (trả lời từ 2,5% trở xuống)"),
        (None, None, " (any number)", " (số bất kỳ)"),
    ],
)
def test_explain_says_the_range(
    low: Fraction | None, high: Fraction | None, en: str, vi: str
) -> None:
    text = range_text(low, high, "%")
    assert (text, in_lang(text, "vi")) == (en, vi)


def test_an_open_range_on_both_engines() -> None:
    rubric = parse_rubric(
        'format: 1\nid: o\nversion: "1"\ntitle: O\ntiers: []\ncriteria:\n'
        "  - {id: a, title: A, rule: {kind: bands, bands: [{min: 0, max: 10, points: 0}, "
        "{min: 10, points: 1}]}}\n"
    )
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": "-3"}, engine=engine)
        (problem,) = caught.value.problems
        assert problem.format("vi") == (
            "<input>: lỗi: $.answers.a: '-3' nằm ngoài phạm vi cho phép: từ 0 trở lên "
            "[answer.invalid]"
        )


@pytest.mark.parametrize(
    ("low", "high", "en", "vi"),
    [
        (F(0), F(100), "a number from 0 to 100", "một số từ 0 đến 100"),
        (F(0), None, "a number of at least 0", "một số từ 0 trở lên"),
        (None, F(5, 2), "a number of at most 2.5", "một số không quá 2.5"),
        (None, None, "any number", "một số bất kỳ"),
    ],
)
def test_the_template_says_the_range(
    low: Fraction | None, high: Fraction | None, en: str, vi: str
) -> None:
    text = numbers_hint(low, high)
    assert (text, in_lang(text, "vi")) == (en, vi)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("yes", "expected a number, got 'yes' (a number is needed, not yes/no)"),
        ("Đạt", "expected a number, got 'Đạt' (a number is needed, not yes/no)"),
        ("abc", "expected a number, got 'abc' (use a dot for decimals: 79.5)"),
        (
            "1,5",
            "expected a number, got '1,5'; use a dot for decimals: write 1.5, or declare that "
            "the answers write decimals with a comma"
            " (--decimal-comma; decimal_separator=',' in Python)",
        ),
        # a decimal comma's reading is suggested as it reads unambiguously: 1.5, 12, never
        # 1.500 or 12.000 (refused as ambiguous where the thousands reading fits too)
        (
            "1,500",
            "expected a number, got '1,500'; write 1500 without a thousands separator (or 1.5 "
            "if the comma is a decimal point: use a dot for decimals), or declare that the "
            "answers write decimals with a comma"
            " (--decimal-comma; decimal_separator=',' in Python)",
        ),
        (
            "12,000",
            "expected a number, got '12,000'; write 12000 without a thousands separator (or 12 "
            "if the comma is a decimal point: use a dot for decimals), or declare that the "
            "answers write decimals with a comma"
            " (--decimal-comma; decimal_separator=',' in Python)",
        ),
    ],
)
def test_what_is_no_number_is_told_what_to_write(text: str, said: str) -> None:
    assert read_number(text) == (None, said)
    assert read_in_range(text, F(0), None) == (None, said)


def test_no_number_where_a_whole_number_is_asked_is_not_told_a_decimal() -> None:
    """A count answered ``abc`` is told to write a whole number, not ``79.5`` (which a count
    refuses), in English and Vietnamese, through the rubric as through the reader."""
    number, said = read_number("abc", whole=True)
    assert number is None
    assert said is not None
    assert said == "expected a number, got 'abc' (write a whole number in digits: 12)"
    assert in_lang(said, "vi") == (
        "cần một số, nhưng nhận được 'abc' (ghi một số nguyên bằng chữ số: 12)"
    )
    rubric = parse_rubric(
        'format: 1\nid: c\nversion: "1"\ntitle: C\ntiers: []\ncriteria:\n'
        "  - id: a\n    title: A\n    max: 10\n    rule: {kind: count, per_item: 2}\n"
    )
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": "abc"}, engine=engine)
        [problem] = caught.value.problems
        assert "79.5" not in problem.message
        assert "(write a whole number in digits: 12)" in problem.message


def test_a_group_score_with_a_decimal_comma_is_told_both_readings() -> None:
    rubric = parse_rubric(
        'format: 1\nid: g\nversion: "1"\ntitle: G\ntiers: []\ncriteria:\n'
        "  - id: a\n    title: A\n    direct: true\n    children:\n"
        "      - {id: a1, title: A1, max: 5000, rule: {kind: direct}}\n"
    )
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": "1,500"}, engine="reference")
    assert caught.value.problems[0].message == (
        "the score of 'a' must be a number from 0 to 5000, got '1,500'; write 1500 without a "
        "thousands separator (or 1.5 if the comma is a decimal point: use a dot for decimals)"
        ", or declare that the answers write decimals with a comma (--decimal-comma; "
        "decimal_separator=',' in Python)"
    )


def test_a_whole_number_asked_for_is_told_a_whole_number() -> None:
    # a count of 1,500: 1500, since 1.5 items is no count
    assert read_number("1,500", whole=True) == (
        None,
        "expected a number, got '1,500'; numbers have no thousands separator: write 1500",
    )
    assert read_number("1,500")[1] != read_number("1,500", whole=True)[1]
