"""A decimal comma, declared (twenty-fifth round): answers typed ``17,5`` read as 17.5 where
the caller declares it (``decimal_separator=","``, ``--decimal-comma``), the same through every
reader; a dot refused then, with what to write; nothing changed without it but the refusal's
words, which name the declaration (docs/assessments.md, "A decimal comma, declared")."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from tiercert import AssessmentError, Result, Rubric, evaluate, parse_assessment
from tiercert._decimal_comma import comma_text
from tiercert._literals import number_problem, unambiguous
from tiercert.batch import evaluate_many, score_records
from tiercert.checking import check_source
from tiercert.rubric import load_rubric, parse_rubric
from tiercert.tabular import read_rows

RUBRIC = """\
format: 1
id: n
version: "1"
title: N
criteria:
  - {id: a, title: A, rule: {kind: bands, bands: [{points: 1}]}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, rule: {kind: count, per_item: 1, max_items: 50}}
tiers: []
"""
ROOT = Path(__file__).resolve().parents[2]
Separator = Literal[".", ","]


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


#: a decimal as people type it: a sign, whole digits (perhaps none), a comma or a dot, digits
DECIMALS = st.builds(
    lambda sign, whole, places: (sign, whole, places),
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"(0|[1-9][0-9]{0,5})?", fullmatch=True),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
)


def _typed(parts: tuple[str, str, str], mark: str) -> str:
    sign, whole, places = parts
    return f"{sign}{whole}{mark}{places}"


def _value(parts: tuple[str, str, str]) -> Fraction:
    return Fraction(Decimal(_typed(parts, ".")))


def _answer(result: Result) -> object:
    return result.nodes["a"].answer


def _answers(value: object) -> dict[str, object]:
    return {"a": value, "b": "có", "c": "3"}


# --- one text ---------------------------------------------------------------------------------


@given(DECIMALS)
@example(("", "1", "500"))  # 1,500: 1.5, declared (never the 1.500 a count refuses)
@example(("", "12", "000"))
@example(("", "7", "375"))
@example(("-", "", "5"))
def test_a_comma_text_reads_as_its_dot_text(parts: tuple[str, str, str]) -> None:
    made, refused = comma_text(_typed(parts, ","))
    assert refused is None
    assert isinstance(made, str)
    assert Fraction(Decimal(made)) == _value(parts)
    # and never as text the rule reads two ways (1.500 is 1.5 or 1500)
    assert made == unambiguous(made)


@given(DECIMALS)
def test_a_dot_text_is_refused_under_a_declared_comma(parts: tuple[str, str, str]) -> None:
    text = _typed(parts, ".")
    made, refused = comma_text(text)
    assert made == text
    assert refused is not None
    assert _typed(parts, ",") in refused or text.replace(".", "") in refused


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("17.5", "got '17.5': these answers declare a decimal comma; write 17,5"),
        ("17.5%", "got '17.5%': these answers declare a decimal comma; write 17,5%"),
        (
            "1.500",
            "got '1.500': these answers declare a decimal comma, and numbers have no thousands "
            "separator; write 1500 if the dot separates thousands, 1,5 if it is the decimal "
            "point",
        ),
        ("1.000,5", "got '1.000,5': numbers have no thousands separator; write 1000,5"),
        ("1,000.5", "got '1,000.5': numbers have no thousands separator; write 1000,5"),
        ("1.234.567", "got '1.234.567': numbers have no thousands separator; write 1234567"),
        ("1,000,000", "got '1,000,000': numbers have no thousands separator; write 1000000"),
    ],
)
def test_what_a_declared_comma_refuses_says_what_to_write(
    rubric: Rubric, typed: str, said: str
) -> None:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(_answers(typed), decimal_separator=",")
    [problem] = caught.value.problems
    assert (problem.code, problem.path, problem.message) == (
        "answer.invalid",
        ("answers", "a"),
        said,
    )
    assert "nhận được" in problem.text("vi")  # said in Vietnamese too


@pytest.mark.parametrize(
    "typed", ["80", "1e3", "2/3", "31%", "có", "na", "  7  ", "0x10", "abc", "", "1,5,5"]
)
def test_what_has_no_decimal_mark_reads_alike_under_either_setting(
    rubric: Rubric, typed: str
) -> None:
    def outcome(separator: Separator) -> object:
        try:
            return ("value", _answer(rubric.evaluate(_answers(typed), decimal_separator=separator)))
        except AssessmentError as exc:
            return ("problems", [(p.code, p.path, p.message) for p in exc.problems])

    assert outcome(",") == outcome(".")


def test_typed_numbers_are_numbers_under_either_setting(rubric: Rubric) -> None:
    # a spreadsheet's number cell, a JSON number, Python's numbers: no text, nothing to read
    for value in (Decimal("17.50"), 17.5, Fraction(7, 2), 3):
        declared = rubric.evaluate(_answers(value), decimal_separator=",")
        assert _answer(declared) == _answer(rubric.evaluate(_answers(value)))


def test_the_other_problems_of_the_answers_are_said_beside(rubric: Rubric) -> None:
    answers = {"a": "17.5", "b": "có lẽ", "c": "3"}
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(answers, decimal_separator=",")
    assert [(p.path, p.code) for p in caught.value.problems] == [
        (("answers", "a"), "answer.invalid"),
        (("answers", "b"), "answer.invalid"),
    ]


def test_a_count_of_a_declared_comma(rubric: Rubric) -> None:
    result = rubric.evaluate({**_answers("1"), "c": "12,0"}, decimal_separator=",")
    assert result.nodes["c"].answer == 12
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({**_answers("1"), "c": "1,5"}, decimal_separator=",")
    # repeated as typed, never as the rule read it (got '1.5')
    assert caught.value.problems[0].message == (
        "expected a whole number of items (0 or more), got '1,5'"
    )


def test_a_facts_comma_is_declared_too() -> None:
    rubric = parse_rubric(
        RUBRIC.replace("tiers: []", "facts: [{id: f, type: number, title: F}]\ntiers: []")
    )
    with pytest.raises(AssessmentError):  # undeclared: refused
        rubric.evaluate(_answers("1"), facts={"f": "2,5"})
    rubric.evaluate(_answers("1"), facts={"f": "2,5"}, decimal_separator=",")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(_answers("1"), facts={"f": "2.5"}, decimal_separator=",")
    assert [p.path for p in caught.value.problems] == [("facts", "f")]


def test_an_unknown_separator_is_refused(rubric: Rubric) -> None:
    with pytest.raises(ValueError, match="decimal_separator"):
        rubric.evaluate(_answers("1"), decimal_separator=";")  # type: ignore[arg-type]


# --- without the setting: the refusal names it, for answers only --------------------------------


def test_the_refusal_of_a_comma_names_the_declaration(rubric: Rubric) -> None:
    with pytest.raises(AssessmentError) as caught:
        evaluate(rubric, _answers("17,5"))
    [problem] = caught.value.problems
    assert problem.message.endswith(
        "use a dot for decimals: write 17.5, or declare that the answers write decimals with a "
        "comma (--decimal-comma; decimal_separator=',' in Python)"
    )
    assert problem.text("vi").endswith(
        "hoặc khai báo rằng các câu trả lời viết số thập phân bằng dấu phẩy "
        "(--decimal-comma; decimal_separator=',' trong Python)"
    )
    # both ways named, as every message naming a flag names the API's parameter beside it
    assert problem.message.count("--decimal-comma") == 1
    assert problem.message.count("decimal_separator=','") == 1


def test_a_rubrics_comma_is_not_told_to_declare() -> None:
    report = check_source(RUBRIC.replace("{points: 1}", "{points: '7,5'}"), file="r.yaml")
    [problem] = [p for p in report.problems if p.code == "value.number"]
    assert "write 7.5" in problem.message
    assert "declare" not in problem.message
    assert number_problem("7,5") == "use a dot for decimals: write 7.5"


# --- every reader ---------------------------------------------------------------------------


def _outcomes(outcomes: Any) -> list[object]:
    return [
        ("value", o.result.nodes["a"].answer)
        if o.result is not None
        else ("problems", [p.code for p in o.problems])
        for o in outcomes
    ]


def _sheet(folder: Path, name: str, texts: Sequence[str], delimiter: str) -> Path:
    path = folder / name
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["unit_id", "a", "b", "c"])
        for i, text in enumerate(texts):
            writer.writerow([f"u{i}", text, "có", ""])
    return path


def _xlsx(folder: Path, texts: Sequence[object]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "a", "b", "c"])
    for i, text in enumerate(texts):
        sheet.append([f"u{i}", text, "có", 3])  # text stays text; 3 is a number cell
    path = folder / "units.xlsx"
    book.save(path)
    return path


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(DECIMALS, min_size=1, max_size=6))
def test_every_reader_reads_a_declared_comma_as_the_number_written_with_a_dot(
    rubric: Rubric, tmp_path: Path, decimals: list[tuple[str, str, str]]
) -> None:
    commas = [_typed(d, ",") for d in decimals]
    wanted = [("value", _value(d)) for d in decimals]
    api = [
        ("value", _answer(rubric.evaluate(_answers(t), engine=engine, decimal_separator=",")))
        for engine in ("fast", "reference")
        for t in commas
    ]
    assert api == wanted * 2
    # the same number written with a dot, read by default (as unambiguously as tiercert writes it)
    dotted = [unambiguous(_typed(d, ".")) for d in decimals]
    assert [("value", _answer(rubric.evaluate(_answers(t)))) for t in dotted] == wanted
    for as_json in (False, True):
        for text in commas:
            answers = _answers(text)
            source = (
                json.dumps({"answers": answers})
                if as_json
                else "answers:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in answers.items())
            )
            assessment = parse_assessment(source, file="u.json" if as_json else "u.yaml")
            assert rubric.evaluate(assessment, decimal_separator=",").nodes["a"].answer == _value(
                decimals[commas.index(text)]
            )
    for delimiter in (";", ","):
        path = _sheet(tmp_path, "units.csv", commas, delimiter)
        read = evaluate_many(rubric, read_rows(path), decimal_separator=",", missing="zero")
        assert _outcomes(read) == wanted, delimiter
    read = evaluate_many(rubric, read_rows(_xlsx(tmp_path, commas)), decimal_separator=",")
    assert _outcomes(read) == wanted
    lines = [json.dumps({"unit_id": f"u{i}", **_answers(t)}) for i, t in enumerate(commas)]
    (tmp_path / "units.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = evaluate_many(rubric, read_rows(tmp_path / "units.jsonl"), decimal_separator=",")
    assert _outcomes(read) == wanted
    # a data frame's records, as text, against the dot-typed records read by default
    records = [{"unit_id": f"u{i}", **_answers(t)} for i, t in enumerate(commas)]
    plain = [{"unit_id": f"u{i}", **_answers(t)} for i, t in enumerate(dotted)]
    assert list(score_records(rubric, records, as_text=True, decimal_separator=",")) == list(
        score_records(rubric, plain, as_text=True)
    )


def test_xlsx_number_cells_are_numbers_whatever_is_declared(rubric: Rubric, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [17.5, "17,5"])
    assert _outcomes(evaluate_many(rubric, read_rows(path), decimal_separator=",")) == [
        ("value", Fraction(35, 2)),
        ("value", Fraction(35, 2)),
    ]


# --- the command line, end to end -----------------------------------------------------------


def _vietnamese_excel(source: Path, target: Path) -> None:
    """``source``, a sheet typed with dots, as a Vietnamese Excel saves it: ``;`` between
    cells, a byte-order mark, decimals with a comma."""
    import re

    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in rows:
            writer.writerow(
                [c.replace(".", ",") if re.fullmatch(r"-?[0-9]+\.[0-9]+", c) else c for c in row]
            )


def test_a_vietnamese_excel_sheet_declared_gives_the_outputs_of_the_dot_typed_one(
    tmp_path: Path,
) -> None:
    units = ROOT / "examples" / "bac_giang_units.csv"
    typed = tmp_path / "xa.csv"
    _vietnamese_excel(units, typed)
    text = typed.read_text(encoding="utf-8-sig")
    assert "92,5" in text
    assert ";có;" in text
    assert ";;" in text
    rubric = str(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    dot, comma = tmp_path / "dot.csv", tmp_path / "comma.csv"
    run_cli("batch", rubric, str(units), "-o", str(dot), "--summary", "none")
    run_cli("batch", rubric, str(typed), "-o", str(comma), "--summary", "none", "--decimal-comma")
    assert comma.read_bytes() == dot.read_bytes()
    # undeclared, the same sheet is refused where it has a decimal comma, told of the option
    _status, out, _ = run_cli("batch", rubric, str(typed), "--summary", "none", "--lang", "en")
    assert "92,5" in out
    assert "or declare that the answers write decimals with a comma" in out


#: a score of g1 (0 to 20) typed with decimals
SCORES = st.builds(
    lambda whole, places: ("", whole, places),
    st.from_regex(r"1?[0-9]", fullmatch=True),
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
)


@settings(max_examples=5, deadline=None)
@given(st.lists(SCORES, min_size=1, max_size=8))
def test_the_row_scorer_and_a_declared_comma_write_the_same_batch(
    decimals: list[tuple[str, str, str]],
) -> None:
    import tempfile

    rubric = str(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    # the dot-typed sheet goes through the row scorer, the comma-typed one through evaluate
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        sheets = {}
        for mark, name in ((".", "dot.csv"), (",", "comma.csv")):
            path = base / name
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";" if mark == "," else ",")
                writer.writerow(["unit_id", "g1", "g2", "g3", "g4", "g5"])
                for i, d in enumerate(decimals):
                    g1 = unambiguous(_typed(d, ".")) if mark == "." else _typed(d, ",")
                    writer.writerow([f"u{i}", g1, "20", "16", "12", "14"])
            sheets[mark] = path
        outputs = []
        for mark, path in sheets.items():
            out = base / f"out{mark}.csv"
            flags = ["--decimal-comma"] if mark == "," else []
            run_cli("batch", rubric, str(path), "-o", str(out), "--summary", "none", *flags)
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1]


def test_diff_impact_reads_a_declared_comma(tmp_path: Path) -> None:
    rubric = load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    assert rubric.id
    units = ROOT / "examples" / "bac_giang_units.csv"
    typed = tmp_path / "xa.csv"
    _vietnamese_excel(units, typed)
    path = str(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    dot = run_cli("diff", path, path, "--impact", str(units), "--format", "json")
    comma = run_cli(
        "diff", path, path, "--impact", str(typed), "--format", "json", "--decimal-comma"
    )
    assert json.loads(comma[1])["impact"]["units"] == json.loads(dot[1])["impact"]["units"]


def test_a_programmes_stages_read_a_declared_comma(tmp_path: Path) -> None:
    round_2024 = ROOT / "examples" / "bac_giang_programme" / "round_2024.csv"
    with round_2024.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    own, district = header.index("self:g1"), header.index("district:g1")
    sheets = {}
    for mark in (".", ","):
        typed = [list(row) for row in rows]
        typed[1][own], typed[1][district] = f"17{mark}5", f"16{mark}5"
        path = tmp_path / f"round{mark}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";" if mark == "," else ",").writerows(typed)
        sheets[mark] = path
    outputs = []
    for mark, path in sheets.items():
        out = tmp_path / f"out{mark}.csv"
        flags = ["--decimal-comma"] if mark == "," else []
        run_cli("batch", "bac_giang_friendly_gov", str(path), "-o", str(out), "--summary", "none",
                *flags)  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b",16.5," in outputs[0]  # the deciding stage's g1
    # a stage's dot, declared a comma: refused at its cell, in the stage's words
    status, told, _ = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheets["."]), "--summary", "none", "--lang", "en",
        "--decimal-comma",
    )  # fmt: skip
    assert status == 1
    assert "got '17.5': these answers declare a decimal comma; write 17,5" in told


# --- which refusals name the declaration (mutation audit, twenty-fifth round) ---------------

DECLARE = (
    ", or declare that the answers write decimals with a comma"
    " (--decimal-comma; decimal_separator=',' in Python)"
)


@pytest.mark.parametrize(
    ("typed", "whole", "fix"),
    [
        # a comma read as the decimal point, by its own step or after another one
        ("17,5", False, "use a dot for decimals: write 17.5"),
        ("１７,５", False, "use the digits 0 to 9: write 17.5"),
        ("17 000,5", False, "numbers have no spaces inside: write 17000.5"),
        ("0,250%", False, "use a dot for decimals: write 0.25%"),
        # a whole number asked for: declared only where the comma's reading is whole
        ("2,0", True, "use a dot for decimals: write 2"),
        # digits in groups of three: the decimal reading is one of those said
        (
            "1,500",
            False,
            "write 1500 without a thousands separator (or 1.5 if the comma is a decimal point: "
            "use a dot for decimals)",
        ),
    ],
)
def test_a_comma_reading_names_the_declaration(typed: str, whole: bool, fix: str) -> None:
    assert number_problem(typed, whole=whole, answer=True) == fix + DECLARE
    assert number_problem(typed, whole=whole) == fix  # a rubric's number: never declared


@pytest.mark.parametrize(
    ("typed", "whole", "said"),
    [
        # no comma read as a decimal point: declaring it would change nothing
        ("17 500", False, "numbers have no spaces inside: write 17500"),
        ("1,000,000", False, "numbers have no thousands separator: write 1000000"),
        ("1,500", True, "numbers have no thousands separator: write 1500"),
        # the comma's reading is not whole where a whole number is asked for
        ("17,5", True, "use a dot for decimals: 17,5 would be 17.5, which is not a whole number"),
    ],
)
def test_what_a_declared_comma_would_not_mend_does_not_name_it(
    typed: str, whole: bool, said: str
) -> None:
    assert number_problem(typed, whole=whole, answer=True) == said


@pytest.mark.parametrize(("typed", "declared"), [("2,0", True), ("17,5", False)])
def test_a_counts_comma_names_the_declaration_only_when_it_reads_whole(
    rubric: Rubric, typed: str, declared: bool
) -> None:
    with pytest.raises(AssessmentError) as caught:
        evaluate(rubric, {"a": 1, "b": "yes", "c": typed})
    [problem] = caught.value.problems
    assert problem.message.endswith(DECLARE) is declared
