"""One rule for numbers: the same text means the same number (or the same problem) in a YAML
file, a CSV or XLSX cell, a JSON line and the API, in both evaluators.  See
docs/assessments.md, "How values are read"."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import AssessmentError, Rubric, parse_assessment
from tiercert._literals import MAX_DIGITS, MAX_PLACES, parse_number
from tiercert.batch import evaluate_many, score_records
from tiercert.rubric import check_source, parse_rubric
from tiercert.tabular import read_rows

RUBRIC = """\
format: 1
id: n
version: "1"
title: N
criteria:
  - {id: a, title: A, rule: {kind: bands, bands: [{points: 1}]}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
tiers: []
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


# --- the rule, written out independently of the code: the property tests' oracle --------------

_DOCUMENTED = re.compile(r"[+-]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def documented(text: str) -> Fraction | None:
    """What docs/assessments.md says ``text`` means: decimal digits 0-9, a dot for decimals,
    no leading zero, at most MAX_DIGITS significant digits, the first of them at most
    MAX_PLACES places from the point; or a ratio a/b, or a percentage N%."""
    core = text.strip()
    if core.endswith("%"):
        core = core[:-1].rstrip()
    elif "/" in core:
        over, _, under = core.partition("/")
        over, under = over.strip(), under.strip()
        whole = rf"(?:0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}})"
        if re.fullmatch(r"[+-]?" + whole, over) and re.fullmatch(whole, under):
            return Fraction(int(over), int(under)) if int(under) else None
        return None
    if not _DOCUMENTED.fullmatch(core):
        return None
    mantissa, _, exponent = core.lower().partition("e")
    if not mantissa.strip("+-.0"):
        return Fraction(0)
    if len(exponent.lstrip("+-").lstrip("0")) > 12:
        return None  # far beyond the limits (and beyond what Decimal holds)
    value = Decimal(core)
    _, digits, power = value.as_tuple()
    assert isinstance(power, int)
    significant = "".join(map(str, digits)).rstrip("0")
    first = power + len(digits) - 1
    if len(significant) > MAX_DIGITS or not -MAX_PLACES <= first <= MAX_PLACES:
        return None
    return Fraction(value)


# --- what each reader makes of a text ---------------------------------------------------------

Outcome = tuple[str, Any]


def _from_result(result: tiercert.Result) -> Outcome:
    return ("value", result.nodes["a"].answer)


def _from_problems(problems: Sequence[tiercert.Problem]) -> Outcome:
    return ("problem", sorted({p.code for p in problems}))


def by_api(rubric: Rubric, text: object, engine: str = "fast") -> Outcome:
    answers = {"a": text, "b": True} if "b" in rubric._plan.nodes else {"a": text}
    try:
        return _from_result(rubric.evaluate(answers, engine=engine))  # type: ignore[arg-type]
    except AssessmentError as exc:
        return _from_problems(exc.problems)


def by_yaml(rubric: Rubric, scalar: str) -> Outcome:
    try:
        assessment = parse_assessment(f"answers:\n  a: {scalar}\n  b: yes\n", file="u.yaml")
        return _from_result(rubric.evaluate(assessment))
    except AssessmentError as exc:
        return _from_problems(exc.problems)


def _rows(rubric: Rubric, path: Path) -> list[Outcome]:
    out: list[Outcome] = []
    for outcome in evaluate_many(rubric, read_rows(path)):
        if outcome.result is not None:
            out.append(_from_result(outcome.result))
        else:
            out.append(_from_problems(outcome.problems))
    return out


def by_csv(rubric: Rubric, texts: Sequence[str], folder: Path) -> list[Outcome]:
    path = folder / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "a", "b"])
        writer.writerows([f"u{i}", text, "yes"] for i, text in enumerate(texts))
    return _rows(rubric, path)


def by_xlsx(rubric: Rubric, cells: Sequence[object], folder: Path) -> list[Outcome]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "a", "b"])
    for i, cell in enumerate(cells):
        sheet.append([f"u{i}", cell, "yes"])  # text stays text, even when it looks numeric
    path = folder / "units.xlsx"
    book.save(path)
    return _rows(rubric, path)


def by_jsonl(
    rubric: Rubric, values: Sequence[str], folder: Path, *, raw: bool = False
) -> list[Outcome]:
    """Each value as a JSON string, or (``raw``) written as it is: a JSON number token."""
    path = folder / "units.jsonl"
    lines = []
    for i, value in enumerate(values):
        cell = value if raw else json.dumps(value)
        lines.append(f'{{"unit_id": "u{i}", "a": {cell}, "b": true}}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _rows(rubric, path)


# --- YAML 1.1 numbers, in assessments and rubrics ---------------------------------------------

YAML_11 = [
    ("022", "a number does not start with 0: write 22"),
    ("0x10", "0x10 is a hexadecimal number; write the number in decimal: 16"),
    ("0o17", "0o17 is an octal number; write the number in decimal: 15"),
    ("1_000", "numbers have no '_': write 1000"),
    (
        "1:20",
        "1:20 looks like a time or a base-60 number, which is not read; write one decimal number",
    ),
    ("-1:20:30", "looks like a time or a base-60 number"),
]


@pytest.mark.parametrize(("text", "message"), YAML_11)
def test_yaml_1_1_numbers_in_an_assessment_are_refused_saying_what_to_write(
    rubric: Rubric, text: str, message: str
) -> None:
    assessment = parse_assessment(f"answers:\n  a: {text}\n  b: yes\n", file="u.yaml")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment)
    [problem] = caught.value.problems
    assert (problem.code, problem.file, problem.line, problem.column) == (
        "answer.invalid",
        "u.yaml",
        2,
        6,
    )
    assert f"expected a number, got {text!r}; " in problem.message
    assert message in problem.message


@pytest.mark.parametrize(("text", "message"), YAML_11)
def test_the_same_text_in_a_csv_cell_gets_the_same_problem(
    rubric: Rubric, text: str, message: str, tmp_path: Path
) -> None:
    [outcome] = evaluate_many(rubric, read_rows(_csv(tmp_path, [["u", text, "yes"]])))
    [problem] = outcome.problems
    assert (problem.code, problem.line, problem.column) == ("answer.invalid", 2, 2)
    assert message in problem.message


def _csv(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "a", "b"])
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(("text", "message"), YAML_11)
def test_yaml_1_1_numbers_in_a_rubric_are_refused_with_their_position(
    text: str, message: str
) -> None:
    source = RUBRIC.replace("{points: 1}]", f"{{points: {text}}}]")
    report = check_source(source, file="r.yaml")
    [problem] = report.problems
    assert (problem.code, problem.where, problem.line) == (
        "value.number",
        "$.criteria[a].rule.bands[0].points",
        6,
    )
    assert message in problem.message


def test_quoted_numbers_in_a_rubric_follow_the_same_rule() -> None:
    # pydantic alone reads "022" as 22, "1_000" as 1000 and "١٨" as 18
    for text, fix in (('"022"', "write 22"), ('"1_000"', "write 1000"), ('"١٨"', "write 18")):
        source = RUBRIC.replace("{points: 1}]", f"{{points: {text}}}]")
        [problem] = check_source(source, file="r.yaml").problems
        assert problem.code == "value.number"
        assert fix in problem.message
    accepted = RUBRIC.replace("{points: 1}]", '{points: "2.5"}]')
    assert check_source(accepted).ok()


def test_text_places_keep_what_was_written(rubric: Rubric) -> None:
    # a commune code 022 is an id, not octal 18
    assessment = parse_assessment("unit: {id: 022, name: No}\nanswers: {a: 1, b: on}\n")
    result = rubric.evaluate(assessment)
    assert (result.unit_id, result.unit_name) == ("022", "No")
    assert result.nodes["b"].answer is True


def test_exponent_forms_are_numbers_where_numbers_are_expected(rubric: Rubric) -> None:
    assessment = parse_assessment("answers: {a: 1.5e+2, b: yes}\n")
    assert rubric.evaluate(assessment).nodes["a"].answer == 150
    source = RUBRIC.replace("{points: 1}]", "{points: 2.5e0}]")
    assert parse_rubric(source).evaluate({"a": 1, "b": True}).max == Decimal("3.5")


# --- sloppy numbers, digits and limits --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("_1_0_", "numbers have no '_': write 10"),
        ("١٨", "use the digits 0 to 9: write 18"),
        ("１８", "use the digits 0 to 9: write 18"),
        ("17,5", "use a dot for decimals: write 17.5"),
        ("1 000", "numbers have no spaces inside: write 1000"),
        ("1e999999999", "the number is too large"),
        ("1e-999999999", "the number is too small"),
        ("9" * (MAX_DIGITS + 1), f"more than {MAX_DIGITS} significant digits"),
        ("1" * 5000, "the number is too large"),
        ("0." + "1" * 200, f"more than {MAX_DIGITS} significant digits"),
        ("2024-05-01", "looks like a date, not a number"),
        ("nan", "not a finite number"),
        ("2/0", "a ratio cannot divide by 0"),
    ],
)
def test_sloppy_numbers_are_refused_saying_what_to_write(
    rubric: Rubric, text: str, message: str
) -> None:
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": text, "b": True}, engine=engine)
        [problem] = caught.value.problems
        assert problem.code == "answer.invalid"
        assert message in problem.message
        assert len(problem.message) < 400  # a 5,000-digit answer is not repeated in full


@pytest.mark.parametrize("value", ["Đạt", "TRUE", "không", True])
def test_a_yes_no_answer_to_a_number_is_told_a_number_is_needed(
    rubric: Rubric, value: object
) -> None:
    """Not "use a dot for decimals": the answer was a yes/no, in any language."""
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": value, "b": True}, engine=engine)
        [problem] = caught.value.problems
        assert problem.message.endswith("(a number is needed, not yes/no)")
        assert problem.text("vi").endswith("(tiêu chí này cần một số, không phải có/không)")


@pytest.mark.parametrize(
    "value", [Decimal("1e999999999"), Decimal("1e-999999999"), 1e300, Decimal(10) ** 200]
)
def test_numbers_beyond_the_limits_from_python_are_refused(rubric: Rubric, value: object) -> None:
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": value, "b": True}, engine=engine)
        assert [p.code for p in caught.value.problems] == ["answer.invalid"]


def test_the_limits_themselves_are_read(rubric: Rubric) -> None:
    largest = "9" * MAX_DIGITS + "e" + str(MAX_PLACES - MAX_DIGITS + 1)
    for text in ("1e100", "1e-100", largest, "5." + "0" * 500, "0e999999999"):
        assert by_api(rubric, text)[0] == "value", text


def test_huge_numbers_in_yaml_quoted_text_csv_and_jsonl_are_one_problem_each(
    rubric: Rubric, tmp_path: Path
) -> None:
    # the 11-byte answer that used to build a billion-digit integer, and one over Python's
    # 4,300-digit limit for int(text): a problem each, and the next rows are still scored
    huge = ["1e999999999", "1" * 5000, "1E1000000000000000000"]  # the last: beyond Decimal
    for text in huge:
        assert by_yaml(rubric, text) == ("problem", ["answer.invalid"])
        assert by_yaml(rubric, json.dumps(text)) == ("problem", ["answer.invalid"])
    rows = [*huge, "7"]
    refused = [("problem", ["answer.invalid"])] * len(huge)
    assert by_csv(rubric, rows, tmp_path) == [*refused, ("value", 7)]
    assert by_jsonl(rubric, rows, tmp_path, raw=True) == [*refused, ("value", 7)]


def test_huge_numbers_in_a_rubric_are_a_problem_not_a_crash() -> None:
    for text in ("1e999999999", "1" * 5000, '"1e999999999"'):
        source = RUBRIC.replace("{points: 1}]", f"{{points: {text}}}]")
        [problem] = check_source(source, file="r.yaml").problems
        assert (problem.code, problem.line) == ("value.number", 6)


def test_a_percentage_is_the_number_before_the_sign(rubric: Rubric) -> None:
    assert by_api(rubric, "31%") == ("value", 31)
    assert by_api(rubric, "12.5 %") == ("value", Decimal("12.5"))


# --- the same text, every reader --------------------------------------------------------------

_ALPHABET = st.sampled_from([*"0123456789+-.eE,_:%/ x", "١", "８", "−"])
_NUMERALS = st.from_regex(_DOCUMENTED, fullmatch=True).filter(lambda t: len(t) < 40)
TEXTS = st.one_of(
    st.text(_ALPHABET, min_size=1, max_size=10),
    _NUMERALS,
    st.builds(lambda a, b: f"{a}/{b}", st.integers(-99, 99), st.integers(0, 99)),
    st.builds(lambda n: f"1e{n}", st.integers(-(10**9), 10**9)),
    st.from_regex(r"[+-]?0[0-9]{1,3}(\.[0-9]{0,3})?", fullmatch=True),  # leading zeros
    st.builds(lambda n, z: "7" * n + "." + "0" * z, st.integers(1, 120), st.integers(0, 150)),
).filter(lambda t: t.strip() != "")


@given(TEXTS)
@example("022")
@example("1e999999999")
@example("-0")
@example(".5")
@example("5.")
def test_a_text_is_the_documented_number_or_refused(text: str) -> None:
    expected = documented(text)
    assert parse_number(text) == expected


@settings(max_examples=40)
@given(texts=st.lists(TEXTS, min_size=1, max_size=25))
@example(texts=["0E1000000000000000000"])  # a JSON number Decimal cannot hold: a traceback
@example(texts=["022", "1" * 101, "9" * 100, "7" * 99 + ".5", "5." + "0" * 200, "0.50"])
def test_the_same_text_means_the_same_in_every_reader(
    texts: list[str], tmp_path_factory: Any
) -> None:
    same_in_every_reader(parse_rubric(RUBRIC), texts, tmp_path_factory.mktemp("readers"))


def same_in_every_reader(rubric: Rubric, texts: list[str], folder: Path) -> list[Outcome]:
    """What the API makes of each text, held to be what every other reader makes of it."""
    api = [by_api(rubric, text) for text in texts]
    assert [by_api(rubric, text, "reference") for text in texts] == api
    assert by_csv(rubric, texts, folder) == api
    assert by_xlsx(rubric, texts, folder) == api
    assert by_jsonl(rubric, texts, folder) == api
    for text, outcome in zip(texts, api, strict=True):
        assert by_yaml(rubric, json.dumps(text)) == outcome  # quoted: text for sure
        plain = re.fullmatch(r"[0-9+.\-][0-9+.\-eE_x:/]*", text)
        if plain and text not in ("-", "+") and not re.search(r":$|^(---|\.\.\.)", text):
            # plain: YAML reads it as a number or text, never by YAML 1.1 rules
            assert by_yaml(rubric, text) == outcome, text
        if re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", text):
            # a JSON number token means what the same text means
            assert by_jsonl(rubric, [text], folder, raw=True) == [outcome]
    return api


DIRECT = """\
format: 1
id: d
version: "1"
title: D
criteria:
  - {id: a, title: A, max: 1000000, rule: {kind: direct}}
"""


@settings(max_examples=60)
@given(texts=st.lists(TEXTS, min_size=1, max_size=30))
@example(texts=["022", "00.5", "0.50", "1" * 101, "9" * 100, "5." + "0" * 200, "1e5", "12"])
def test_the_batch_row_scorer_reads_numbers_as_the_reference(texts: list[str]) -> None:
    # the row scorer of a batch (score_records, CSV output) takes its own shortcuts for
    # numbers: the points it gives are the answer itself here, so any misread shows
    rubric = parse_rubric(DIRECT)
    records = [{"unit_id": f"u{i}", "a": text} for i, text in enumerate(texts)]
    for text, record in zip(texts, score_records(rubric, records), strict=True):
        outcome = by_api(rubric, text, "reference")
        if outcome[0] == "value":
            expected = rubric.evaluate({"a": text}, engine="reference").total
            assert (record["status"], record["total"]) == ("scored", expected), text
        else:
            assert record["status"] == "rejected", text
            shown = " ".join(record["problems"])  # type: ignore[arg-type]
            assert all(f"[{code}]" in shown for code in outcome[1]), text


def test_numbers_beyond_the_limits_in_a_rubric_built_in_python() -> None:
    from tiercert import RubricError, rubric_from_mapping

    def rubric(points: object, equals: object) -> dict[str, object]:
        return {
            "format": 1,
            "id": "p",
            "version": "1",
            "title": "P",
            "facts": [{"id": "f", "title": "F", "type": "number"}],
            "criteria": [{"id": "a", "title": "A", "rule": {"kind": "boolean", "points": points}}],
            "gates": [{"id": "g", "title": "G", "require": {"fact": "f", "equals": equals}}],
            "tiers": [],
        }

    for points, equals in ((Decimal("1e999999999"), 1), (1, Decimal("1e999999999")), (10**5000, 1)):
        with pytest.raises(RubricError) as caught:
            rubric_from_mapping(rubric(points, equals))
        assert [p.code for p in caught.value.problems] == ["value.number"]


@pytest.mark.parametrize("light", [False, True])
def test_check_reads_rubric_numbers_by_the_rule_either_way(light: bool) -> None:
    source = RUBRIC.replace("{points: 1}]", "{points: 022}]")
    [problem] = check_source(source, file="r.yaml", light=light).problems
    assert (problem.code, problem.line) == ("value.number", 6)
    assert "write 22" in problem.message
