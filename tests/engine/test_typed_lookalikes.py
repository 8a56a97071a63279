"""Numbers as people type or paste them, refused with what to write: a no-break or thin
space between the digits (``7 500``), an invisible character pasted with the number (a
zero-width space, a direction mark), a percent sign of another script (``72％``, ``72٪``),
the Arabic decimal separator (``1٫5``), a fraction typed as one character (``½``), and what
a spreadsheet exported instead of a number (``#N/A``, ``=A1*2``).  Each is told the same in
every reader, and the form offered to write is read as the number it stands for."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from test_number_rule import same_in_every_reader

from tiercert import AssessmentError
from tiercert._literals import number_problem, parse_number
from tiercert.rubric import parse_rubric

FIXED = [
    # (typed, the hint, where a number of any kind is asked for)
    ("7\u202f500", "numbers have no spaces inside: write 7500"),
    ("7\u00a0500,5", "numbers have no spaces inside: write 7500.5"),
    ("7\u2009500", "numbers have no spaces inside: write 7500"),
    ("\u200b72", "remove the invisible characters (U+200B): write 72"),
    ("72\u200e", "remove the invisible characters (U+200E): write 72"),
    ("\u202e27", "remove the invisible characters (U+202E): write 27"),
    ("\u200b1,5\u2060", "remove the invisible characters (U+200B, U+2060): write 1.5"),
    ("72％", "write the percent sign as %: write 72%"),
    ("72 ٪", "write the percent sign as %: write 72 %"),
    ("٧٢٪", "use the digits 0 to 9: write 72%"),
    ("1٫5", "use the digits 0 to 9: write 1.5"),
    ("½", "write fractions in digits: write 0.5"),
    ("2¾", "write fractions in digits: write 2.75"),
    ("-½", "write fractions in digits: write -0.5"),
    ("⅓", "write fractions in digits: write 1/3"),
    ("⅙", "write fractions in digits: write 1/6"),
    ("⅕", "write fractions in digits: write 0.2"),
    ("⅒", "write fractions in digits: write 0.1"),
    ("3⅜", "write fractions in digits: write 3.375"),
    ("½%", "write fractions in digits: write 0.5%"),
    ("\u200b½", "remove the invisible characters (U+200B): write 0.5"),
    # signs typed twice or apart from the digits, spaces beside the point (eleventh round)
    ("--5", "a number has one sign, right before its digits: write -5"),
    ("+-5", "a number has one sign, right before its digits: write -5"),
    ("- 5", "a number has one sign, right before its digits: write -5"),
    ("+ 5", "a number has one sign, right before its digits: write +5"),
    ("- 1,5", "a number has one sign, right before its digits: write -1.5"),
    ("1 .5", "numbers have no spaces inside: write 1.5"),
    ("1. 5", "numbers have no spaces inside: write 1.5"),
    ("-1 , 5", "numbers have no spaces inside: write -1.5"),
]
ERROR = (
    "it is a spreadsheet's error value, not a number: correct the formula in the sheet, or "
    "type the number itself"
)
SHEET = [
    ("#N/A", ERROR),
    ("#div/0!", ERROR),
    ("#VALUE!", ERROR),
    (
        "=A1*2",
        "it is a spreadsheet formula, which is not calculated here: type the number it gives",
    ),
]


@pytest.mark.parametrize(("typed", "said"), FIXED)
def test_what_to_write_is_said_and_reads_as_the_number_meant(typed: str, said: str) -> None:
    assert parse_number(typed) is None
    assert number_problem(typed) == said
    offered = said.rpartition("write ")[2]
    meant = parse_number(offered)
    assert meant is not None, offered
    # the form offered is the number typed, read without what was refused
    assert meant == {"½": Fraction(1, 2), "2¾": Fraction(11, 4), "-½": Fraction(-1, 2)}.get(
        typed, meant
    )


@pytest.mark.parametrize(("typed", "said"), SHEET)
def test_what_a_spreadsheet_exported_instead_of_a_number_is_named(typed: str, said: str) -> None:
    assert number_problem(typed) == said
    assert number_problem(typed, whole=True) == said


def test_an_equals_sign_alone_is_no_formula() -> None:
    assert number_problem("=") is None
    assert number_problem("=5") == SHEET[-1][1]


def test_a_number_read_by_the_rule_has_nothing_wrong() -> None:
    from tiercert._literals import numeral_problem

    assert numeral_problem("80") is None
    assert numeral_problem("80%") is None


def test_a_text_is_quoted_as_typed_whatever_its_percent_sign() -> None:
    assert number_problem("1:20％") == (
        "1:20％ looks like a time or a base-60 number, which is not read; write one decimal number"
    )


def test_where_a_whole_number_is_asked_a_fraction_is_said_not_whole() -> None:
    assert number_problem("½", whole=True) == (
        "write fractions in digits: ½ would be 0.5, which is not a whole number"
    )
    assert number_problem("\u200b7", whole=True) == (
        "remove the invisible characters (U+200B): write 7"
    )
    # nothing else to read: said plainly (not "2.5 would be 2.5")
    assert number_problem("\u200b2.5", whole=True) == (
        "remove the invisible characters (U+200B): 2.5 is not a whole number"
    )
    assert number_problem("2.5％", whole=True) == (
        "write the percent sign as %: 2.5% is not a whole number"
    )
    # the text shown again leaves out what cannot be seen (a direction mark would turn it)
    assert number_problem("\u202e2,5", whole=True) == (
        "remove the invisible characters (U+202E): 2,5 would be 2.5, which is not a whole number"
    )


RUBRIC = """\
format: 1
id: d
version: "1"
title: D
criteria:
  - {id: a, title: A, max: 100000, rule: {kind: direct}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
"""


def test_each_is_told_the_same_in_every_reader(tmp_path: Path) -> None:
    rubric = parse_rubric(RUBRIC)
    # (a text =A1*2 written to an XLSX cell is a formula there: cell.formula, see test_tables)
    texts = [typed for typed, _ in FIXED + SHEET if not typed.startswith("=")]
    outcomes = same_in_every_reader(rubric, texts, tmp_path)
    assert all(kind == "problem" for kind, _ in outcomes), outcomes
    for typed, said in FIXED + SHEET:
        for engine in ("fast", "reference"):
            with pytest.raises(AssessmentError) as caught:
                rubric.evaluate({"a": typed, "b": True}, engine=engine)
            assert said in caught.value.problems[0].message, (typed, engine)


def test_the_reason_before_not_whole_is_in_the_reader_s_language() -> None:
    from tiercert._i18n import in_lang

    # a reason with a value of its own (the characters), and one read from the catalog
    hidden = number_problem("\u200b2,5", whole=True)
    comma = number_problem("0,250", whole=True)
    assert comma == "use a dot for decimals: 0,250 would be 0.25, which is not a whole number"
    assert in_lang(hidden, "vi") == (  # type: ignore[arg-type]
        "hãy xóa các ký tự không nhìn thấy (U+200B): 2,5 sẽ là 2.5, không phải số nguyên"
    )
    assert in_lang(comma, "vi") == (
        "số thập phân dùng dấu chấm: 0,250 sẽ là 0.25, không phải số nguyên"
    )


# --- the same for words: yes or no, a level (eleventh round) ---------------------------------

WORDS = """\
format: 1
id: w
version: "1"
title: W
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - id: b
    title: B
    rule: {kind: levels, levels: [{id: good, points: 2}, {id: poor, label: {vi: Kém}, points: 0}]}
"""
SHEET_WORD = (
    "it is a spreadsheet's error value, not an answer: correct the formula in the sheet, or "
    "type the answer itself"
)
HIDDEN = "remove the invisible characters (U+200B)"
WIDE = "write the letters in their ordinary (half-width) form"
WORDS_SAID = [
    # (key, typed, the hint after the generic message)
    ("a", "ＹＥＳ", f"{WIDE}: write YES"),
    ("a", "ｎｏ", f"{WIDE}: write no"),
    ("a", "yes\u200b", f"{HIDDEN}: write yes"),
    ("a", "\u200bĐạt", f"{HIDDEN}: write Đạt"),
    ("a", "#N/A", SHEET_WORD),
    (
        "a",
        "=B2",
        "it is a spreadsheet formula, which is not calculated here: type the answer it gives",
    ),
    ("b", "ｇｏｏｄ", f"{WIDE}: write good"),
    ("b", "good\u200b", f"{HIDDEN}: write good"),
    ("b", "Kém\u200b", f"{HIDDEN}: write poor"),
    ("b", "#N/A", SHEET_WORD),
]


def _word_messages(rubric: object, key: str, typed: str, folder: Path) -> list[str]:
    """The message of the problem with ``key``'s answer ``typed``, from the API (both engines),
    a YAML file, and a CSV, XLSX and JSON Lines row: one each."""
    import csv
    import json

    import openpyxl

    from tiercert import parse_assessment
    from tiercert.batch import evaluate_many
    from tiercert.tabular import read_rows

    other = {"a": "b", "b": "a"}[key]
    answers = {key: typed, other: {"a": "yes", "b": "good"}[other]}
    said = []
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(answers, engine=engine)  # type: ignore[attr-defined]
        said += [p.message for p in caught.value.problems]
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(parse_assessment(f"answers: {json.dumps(answers)}\n"))  # type: ignore[attr-defined]
    said += [p.message for p in caught.value.problems]
    rows = folder / "u.csv"
    with open(rows, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["unit_id", "a", "b"], ["u", answers["a"], answers["b"]]])
    book = openpyxl.Workbook()
    book.active.append(["unit_id", "a", "b"])
    book.active.append(["u", answers["a"], answers["b"]])
    book.save(folder / "u.xlsx")
    (folder / "u.jsonl").write_text(json.dumps({"unit_id": "u", **answers}) + "\n", "utf-8")
    # (a text =B2 written to an XLSX cell is a formula there: cell.formula, see test_tables)
    for name in ("u.csv", "u.jsonl") if typed.startswith("=") else ("u.csv", "u.xlsx", "u.jsonl"):
        for outcome in evaluate_many(rubric, read_rows(folder / name)):  # type: ignore[arg-type]
            said += [p.message for p in outcome.problems]
    return said


@pytest.mark.parametrize(("key", "typed", "hint"), WORDS_SAID)
def test_a_look_alike_word_is_told_what_to_write_in_every_reader(
    key: str, typed: str, hint: str, tmp_path: Path
) -> None:
    rubric = parse_rubric(WORDS)
    said = _word_messages(rubric, key, typed, tmp_path)
    assert len(said) == 5 + (not typed.startswith("="))
    assert len(set(said)) == 1, said
    assert said[0].endswith(f"; {hint}"), said[0]
    fixed = hint.rpartition("write ")[2]
    if "write" in hint:  # the word offered is read as what it stands for
        rubric.evaluate({"a": "yes", "b": "good", key: fixed})


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_look_alike_word_s_message_names_the_answer_as_typed(engine: str) -> None:
    # the whole message, not only its hint: the answer is shown as it was typed (repr), then
    # the hint, for yes/no and for levels alike
    from tiercert._paths import shown

    rubric = parse_rubric(WORDS)
    for key, typed, hint in WORDS_SAID:
        answers = {"a": "yes", "b": "good", key: typed}
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(answers, engine=engine)  # type: ignore[arg-type]
        [problem] = caught.value.problems
        if key == "a":
            expected = f"expected true or false (yes/no), got {shown(typed)}; {hint}"
        else:
            expected = f"{shown(typed)} is not one of the levels: good, poor (Kém); {hint}"
        assert problem.message == expected


def test_a_word_that_is_no_answer_once_cleaned_gets_no_hint() -> None:
    from tiercert._literals import parse_bool, word_problem

    def read(text: str) -> str | None:
        return text if parse_bool(text) is not None else None

    assert word_problem("ＧＯＯＤ", read) is None  # nothing read: the generic message
    assert word_problem("maybe\u200b", read) is None
    assert word_problem("yes", read) is None  # nothing to remove: not this hint
    assert word_problem(True, read) is None
    assert word_problem("  ", read) is None


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_yes_no_answer_that_is_no_word_once_cleaned_gets_the_plain_message(engine: str) -> None:
    # full-width letters that spell no yes or no: nothing to offer (never "write GOOD")
    rubric = parse_rubric(WORDS)
    for typed in ("ＧＯＯＤ", "maybe\u200b"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": typed, "b": "good"}, engine=engine)  # type: ignore[arg-type]
        [problem] = caught.value.problems
        assert problem.message == f"expected true or false (yes/no), got {typed!r}"


NUMBERS = """\
format: 1
id: n
version: "1"
title: N
criteria:
  - {id: a, title: A, max: 100, rule: {kind: direct}}
  - {id: c, title: C, max: 10, rule: {kind: count, per_item: 1}}
"""


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_the_plain_hints_for_what_is_no_number(engine: str) -> None:
    # text is told how numbers are written; a value of another kind (a list) nothing about
    # typing, which it was not
    rubric = parse_rubric(NUMBERS)
    said = {}
    for key, value in (("a", "abc"), ("c", "abc"), ("a", [80]), ("c", [3]), ("a", "yes")):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": 1, "c": 1, key: value}, engine=engine)  # type: ignore[arg-type]
        [problem] = caught.value.problems
        said[key, str(value)] = problem.message
    assert said == {
        ("a", "abc"): "expected a number, got 'abc' (use a dot for decimals: 79.5)",
        ("c", "abc"): (
            "expected a whole number of items (0 or more), got 'abc' (write a whole number in "
            "digits: 12)"
        ),
        ("a", "[80]"): "expected a number, got [80]",
        ("c", "[3]"): "expected a whole number of items (0 or more), got [3]",
        ("a", "yes"): "expected a number, got 'yes' (a number is needed, not yes/no)",
    }
