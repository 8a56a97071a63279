"""Every hint on a number written with commas or groups (``1,500``, ``-0,250``,
``1,000,000``, ``1.125``) suggests only forms that every reader takes as written (no
ambiguous ``1.500`` offered back) and that mean one of the readings the text can have: its
separators marking thousands, or its last one a decimal point.  Where a whole number is
asked for, a suggested form is whole."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from test_number_rule import same_in_every_reader

from tiercert import AssessmentError, Rubric, parse_assessment
from tiercert._literals import (
    dot_grouped,
    grouped_problem,
    number_problem,
    parse_number,
    whole_problem,
)
from tiercert.batch import evaluate_many, score_records
from tiercert.rubric import parse_rubric
from tiercert.tabular import read_rows

#: "write X" and "(or X if", and "write X for Y, Z for W": the forms a hint offers (a percent
#: sign typed after the number is kept in them: 0,250% -> write 0.25%)
_OFFERED = re.compile(r"(?:write|\(or) ([+-]?[0-9][0-9.]*%?)(?= |$|\))")
_FOR = re.compile(r"(?:write |, )([+-]?[0-9][0-9.]*%?) for ([+-]?[0-9][0-9.]*)( thousand)?")


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
#: the same, a percent sign typed after some
_TYPED = st.builds(lambda text, percent: text + percent, _GROUPED, st.sampled_from(["", "%"]))


@given(_TYPED, st.booleans())
@example("+0,250%", False)
@example("12.000%", True)
@example("-0,250", False)
@example("0,250", True)
@example("1,000,000", False)
@example("1,125", False)
@example("01,500", False)
@example("1.125", False)
def test_every_suggested_form_is_read_as_the_number_it_is_said_to_be(
    text: str, whole: bool
) -> None:
    for hint, asked in (
        (number_problem(text, whole=whole), whole),
        (grouped_problem(text), False),
        (whole_problem(text), True),
    ):
        _check(text, hint, whole=asked)
        if hint is not None:
            # a form to write keeps the percent sign typed, and adds none
            written = _offered(hint) + [form for form, _, _ in _FOR.findall(hint)]
            assert all(f.endswith("%") == text.endswith("%") for f in written), (text, hint)


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


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("+0,250%", "use a dot for decimals: write +0.25%"),
        ("17,5 %", "use a dot for decimals: write 17.5 %"),  # the sign as it was typed
        ("1,000,000%", "numbers have no thousands separator: write 1000000%"),
        (
            "1,500%",
            "write 1500% without a thousands separator (or 1.5% if the comma is a decimal "
            "point: use a dot for decimals)",
        ),
        ("022%", "a number does not start with 0: write 22%"),
        ("1_000%", "numbers have no '_': write 1000%"),
        ("1 000%", "numbers have no spaces inside: write 1000%"),
        ("١٨%", "use the digits 0 to 9: write 18%"),
        ("−5%", "use the digits 0 to 9: write -5%"),
        ("0x10%", "0x10% is a hexadecimal number; write the number in decimal: 16%"),
        (
            "1:20%",
            "1:20% looks like a time or a base-60 number, which is not read; write one "
            "decimal number",
        ),
        (
            "١.٥٠٠%",
            "use the digits 0 to 9: it could mean 1.5 or 1500: write 1.5% for 1.5, 1500% for "
            "1500 (a dot is a decimal point; numbers have no thousands separator)",
        ),
        ("5,5%%", None),  # two signs: no number to suggest, and not 5.5 either
    ],
)
def test_a_hint_keeps_the_percent_sign_typed(text: str, said: str | None) -> None:
    assert number_problem(text) == said


def test_a_hint_keeps_the_percent_sign_where_a_whole_number_is_asked_for() -> None:
    assert number_problem("+0,250%", whole=True) == (
        "use a dot for decimals: +0,250% would be +0.25%, which is not a whole number"
    )
    assert whole_problem("12.000%") == (
        "it could mean 12 or 12 thousand: write 12% for 12, 12000% for 12 thousand (a dot is a "
        "decimal point; numbers have no thousands separator)"
    )
    assert grouped_problem("12.500 %") == (
        "it could mean 12.5 or 12500: write 12.5 % for 12.5, 12500 % for 12500 (a dot is a "
        "decimal point; numbers have no thousands separator)"
    )


#: refused texts with a sign before and a percent sign after, and the number meant
_SIGNED_PERCENTS = [
    ("+0,250%", Fraction(1, 4)),
    ("-17,5 %", Fraction(-35, 2)),
    ("022%", Fraction(22)),
    ("1.000.000%", Fraction(1000000)),
    ("+١٨%", Fraction(18)),
]


def test_the_hint_and_what_it_offers_are_the_same_in_every_reader(tmp_path: Path) -> None:
    """The text typed gets the same hint in YAML, a CSV or XLSX cell, a JSON line and the
    API (both engines, and the batch row scorer); the form it offers, typed back in each of
    them, reads as the number meant (the percent sign kept: 0.25% is 0.25, as 0,250% meant)."""
    rubric = parse_rubric(RUBRIC)
    texts = [text for text, _ in _SIGNED_PERCENTS]
    hints = [number_problem(text) or "" for text in texts]
    for text, hint in zip(texts, hints, strict=True):
        assert hint, text
        assert "%" in hint.rpartition("write ")[2], (text, hint)
        for engine in ("fast", "reference"):
            assert hint in _api_messages(rubric, text, engine), (text, engine)
        assert hint in _yaml_messages(rubric, json.dumps(text, ensure_ascii=False)), text
    for read in (_csv_messages, _xlsx_messages, _jsonl_messages):
        for text, hint, said in zip(texts, hints, read(rubric, texts, tmp_path), strict=True):
            assert hint in said, (read.__name__, text, said)
    records = score_records(
        rubric, [{"unit_id": f"u{i}", "a": t, "b": "yes"} for i, t in enumerate(texts)]
    )
    for text, hint, record in zip(texts, hints, records, strict=True):
        assert record["status"] == "rejected", text
        assert hint in " ".join(record["problems"]), text  # type: ignore[arg-type]
    # what each hint says to write, typed back: the number meant, in every reader
    offered = [_OFFERED.findall(hint)[-1] for hint in hints]
    outcomes = same_in_every_reader(rubric, offered, tmp_path)
    assert outcomes == [("value", number) for _, number in _SIGNED_PERCENTS], offered


RUBRIC = """\
format: 1
id: n
version: "1"
title: N
criteria:
  - {id: a, title: A, rule: {kind: bands, range: {min: -100, max: 2000000}, bands: [{points: 1}]}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
tiers: []
"""


def _api_messages(rubric: Rubric, text: str, engine: str) -> str:
    try:
        rubric.evaluate({"a": text, "b": True}, engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return " ".join(p.message for p in exc.problems)
    return ""


def _yaml_messages(rubric: Rubric, scalar: str) -> str:
    try:
        rubric.evaluate(parse_assessment(f"answers:\n  a: {scalar}\n  b: yes\n"))
    except AssessmentError as exc:
        return " ".join(p.message for p in exc.problems)
    return ""


def _rows(rubric: Rubric, path: Path) -> list[str]:
    return [" ".join(p.message for p in o.problems) for o in evaluate_many(rubric, read_rows(path))]


def _csv_messages(rubric: Rubric, texts: list[str], folder: Path) -> list[str]:
    path = folder / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "a", "b"])
        writer.writerows([f"u{i}", text, "yes"] for i, text in enumerate(texts))
    return _rows(rubric, path)


def _xlsx_messages(rubric: Rubric, texts: list[str], folder: Path) -> list[str]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_id", "a", "b"])
    for i, text in enumerate(texts):
        sheet.append([f"u{i}", text, "yes"])
    path = folder / "units.xlsx"
    book.save(path)
    return _rows(rubric, path)


def _jsonl_messages(rubric: Rubric, texts: list[str], folder: Path) -> list[str]:
    path = folder / "units.jsonl"
    lines = [
        json.dumps({"unit_id": f"u{i}", "a": text, "b": True}, ensure_ascii=False)
        for i, text in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _rows(rubric, path)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a whole number asked for: a form with a point is offered as the whole number it is
        ("2024,0", "use a dot for decimals: write 2024"),
        ("12,0%", "use a dot for decimals: write 12%"),
        ("-12,0", "use a dot for decimals: write -12"),
        ("1,5e3", "use a dot for decimals: write 1500"),
        ("١٢.٠", "use the digits 0 to 9: write 12"),
        ("-0,0", "use a dot for decimals: write 0"),
        # a form already a whole number in digits is offered as the step made it, its sign
        # kept: as where any number is asked for
        ("-00", "a number does not start with 0: write -0"),
        ("+007", "a number does not start with 0: write +7"),
    ],
)
def test_a_whole_number_asked_for_is_offered_without_a_point(text: str, said: str) -> None:
    assert number_problem(text, whole=True) == said
    assert parse_number(said.rpartition("write ")[2]) == parse_number(
        number_problem(text, whole=False).rpartition("write ")[2]  # type: ignore[union-attr]
    )
