"""The same answer, as people type it, means the same in every reader (thirteenth round).

Each text is fed through the API (as ``str``), a YAML assessment (quoted: text for sure), a
JSON assessment, a CSV cell, an XLSX cell holding the text, a JSON line and a record of
``score_records``; each reader must give the same exact answer, or refuse it with the same
problem, word for word (docs/assessments.md, "How values are read").  Typed values (a
spreadsheet's numeric, boolean, percent and date cells; Python's int, float, Decimal,
Fraction, bool, date) are held to what the same value means from Python.  Texts are drawn as
people type them: decimal commas, grouped thousands, percentages, fraction characters, other
scripts' digits, full-width digits, signs, exponents, hexadecimal, separators, the minus sign
U+2212, no-break and thin spaces, trailing units, yes/no words, empty text and spaces,
leading zeros and very long decimals.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tiercert import AssessmentError, Problem, Result, Rubric, parse_assessment
from tiercert._sheet_dates import date_shown
from tiercert.batch import evaluate_many, score_records
from tiercert.rubric import parse_rubric
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
#: the other criterion's answer, which every reader takes
_OTHER = {"a": "5", "b": "yes"}

Outcome = tuple[str, Any]


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def _message(problem: Problem) -> tuple[str, str]:
    """A problem as a reader-independent pair: its code and its message without the place."""
    text = problem.message
    if text.startswith("$"):  # "$.answers.a: ..." as a row's problem may say it
        text = text.split(": ", 1)[1]
    return problem.code, text


def _outcome(result: Result | None, problems: Sequence[Problem], crit: str) -> Outcome:
    if result is not None:
        answer = result.nodes[crit].answer
        return ("value", (type(answer).__name__, answer))
    return ("problem", sorted(_message(p) for p in problems))


def _answers(crit: str, value: object) -> dict[str, object]:
    answers: dict[str, object] = dict(_OTHER)
    answers[crit] = value
    return answers


def by_api(rubric: Rubric, crit: str, value: object, engine: str = "fast") -> Outcome:
    try:
        return _outcome(rubric.evaluate(_answers(crit, value), engine=engine), (), crit)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return _outcome(None, exc.problems, crit)


def by_document(rubric: Rubric, crit: str, text: str, *, as_json: bool) -> Outcome:
    answers = _answers(crit, text)
    source = (
        json.dumps({"answers": answers})
        if as_json
        else "answers:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in answers.items())
    )
    try:
        assessment = parse_assessment(source, file="u.json" if as_json else "u.yaml")
        return _outcome(rubric.evaluate(assessment), (), crit)
    except AssessmentError as exc:
        return _outcome(None, exc.problems, crit)


def _rows(rubric: Rubric, path: Path, crit: str) -> list[Outcome]:
    return [_outcome(o.result, o.problems, crit) for o in evaluate_many(rubric, read_rows(path))]


def by_csv(rubric: Rubric, crit: str, texts: Sequence[str], folder: Path) -> list[Outcome]:
    path = folder / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "a", "b"])
        for i, text in enumerate(texts):
            row = _answers(crit, text)
            writer.writerow([f"u{i}", row["a"], row["b"]])
    return _rows(rubric, path, crit)


def by_xlsx(
    rubric: Rubric, crit: str, cells: Sequence[object], folder: Path, fmt: str | None = None
) -> list[Outcome]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "a", "b"])
    for i, cell in enumerate(cells):
        row = _answers(crit, cell)
        sheet.append([f"u{i}", row["a"], row["b"]])  # text stays text, even when numeric
        if fmt is not None:
            sheet.cell(row=i + 2, column=2 if crit == "a" else 3).number_format = fmt
    path = folder / "units.xlsx"
    book.save(path)
    return _rows(rubric, path, crit)


def by_jsonl(rubric: Rubric, crit: str, texts: Sequence[str], folder: Path) -> list[Outcome]:
    path = folder / "units.jsonl"
    lines = [json.dumps({"unit_id": f"u{i}", **_answers(crit, t)}) for i, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _rows(rubric, path, crit)


def by_records(rubric: Rubric, crit: str, values: Sequence[object]) -> list[Outcome]:
    """``score_records``' rows: status and problems (its own shape), held to the API's."""
    out: list[Outcome] = []
    records = [{"unit_id": f"u{i}", **_answers(crit, v)} for i, v in enumerate(values)]
    for record in score_records(rubric, records):
        if record["status"] == "scored":
            out.append(("scored", None))
        else:
            shown = record["problems"]
            assert isinstance(shown, tuple | list)
            out.append(("problem", sorted(str(p).split(": ", 1)[1] for p in shown)))
    return out


def _as_record(outcome: Outcome) -> Outcome:
    if outcome[0] == "value":
        return ("scored", None)
    return ("problem", sorted(f"{text} [{code}]" for code, text in outcome[1]))


# --- texts as people type them ----------------------------------------------------------------

TYPED = [
    "72,5", "1.234,5", "1,234.5", "1 000", "80%", "80 %", "½", "2¾", "٣", "٣٫٥", "７２", "+5",
    ".5", "5.", "1e3", "1E+3", "0x10", "0o17", "1_000", "−5", "−.5", "7\u00a0500",
    "7\u2009500", "5\u202f000", "5 điểm", "5đ", "5 points", "TRUE", "có", "x", "không đạt",
    "", " ", "   ", "\t", "007", "00.5", "0.1234567890123456789012345678901234567890",
    "5" * 120, "1.000", "12.500", "1/3", "2/0", "#N/A", "nan", "inf", "2024-05-01", "1:20",
    "5\u200b", "ｙｅｓ", "khong", "Dat", "  7  ", "-0", "+0.0", "1,5%", "--5", "- 5", "1 .5",
]  # fmt: skip

_PIECES = st.sampled_from(
    [*"0123456789", ".", ",", " ", "%", "+", "-", "e", "−", "\u00a0", "\u2009", "٣", "７",
     "½", "_", "x", "đ", "điểm", "có", "yes", "TRUE", "/", ":"]
)  # fmt: skip
PEOPLE = st.one_of(
    st.sampled_from(TYPED),
    st.lists(_PIECES, max_size=6).map("".join),
    st.from_regex(r"[+-]?[0-9]{1,4}([.,][0-9]{1,4}){0,2}( ?%)?", fullmatch=True),
)


def _every_reader(rubric: Rubric, crit: str, texts: list[str], folder: Path) -> None:
    api = [by_api(rubric, crit, t) for t in texts]
    readers = {
        "reference": [by_api(rubric, crit, t, "reference") for t in texts],
        "yaml": [by_document(rubric, crit, t, as_json=False) for t in texts],
        "json": [by_document(rubric, crit, t, as_json=True) for t in texts],
        "csv": by_csv(rubric, crit, texts, folder),
        "xlsx": by_xlsx(rubric, crit, texts, folder),
        "jsonl": by_jsonl(rubric, crit, texts, folder),
    }
    for name, outcomes in readers.items():
        for text, mine, theirs in zip(texts, outcomes, api, strict=True):
            assert _spaced(text, mine) == _spaced(text, theirs), (name, text)
    for text, mine, theirs in zip(texts, by_records(rubric, crit, texts), api, strict=True):
        assert _spaced(text, mine) == _spaced(text, _as_record(theirs)), ("records", text)


def _spaced(text: str, outcome: Outcome) -> Outcome:
    """A sheet strips a cell before reading it; every reader's message repeats the text so,
    without the spaces around it (the API's and YAML's repeated them: ``got '  7  '``), so
    the problems are compared word for word, spaces or not."""
    return outcome


@pytest.mark.parametrize("crit", ["a", "b"])
def test_typed_texts_mean_the_same_in_every_reader(
    rubric: Rubric, crit: str, tmp_path: Path
) -> None:
    _every_reader(rubric, crit, TYPED, tmp_path)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(PEOPLE, min_size=1, max_size=12), crit=st.sampled_from(["a", "b"]))
@example(texts=["", " ", "\u00a0", "5 điểm"], crit="a")
def test_drawn_texts_mean_the_same_in_every_reader(
    rubric: Rubric, texts: list[str], crit: str, tmp_path_factory: Any
) -> None:
    _every_reader(rubric, crit, texts, tmp_path_factory.mktemp("readers"))


@pytest.mark.parametrize("crit", ["a", "b"])
@pytest.mark.parametrize("blank", ["", " ", "\t ", "\u00a0"])
def test_empty_text_is_no_answer_in_every_reader(
    rubric: Rubric, crit: str, blank: str, tmp_path: Path
) -> None:
    """A sheet's empty cell is no answer: so is the same empty text from Python, a YAML or a
    JSON assessment (they refused it as "expected a number, got ''")."""
    missing = by_api(rubric, crit, None)
    assert missing[0] == "problem"
    assert [code for code, _ in missing[1]] == ["answer.missing"]
    assert by_api(rubric, crit, blank) == missing
    assert by_document(rubric, crit, blank, as_json=True) == missing
    assert by_csv(rubric, crit, [blank], tmp_path) == [missing]
    for engine in ("fast", "reference"):  # and scored 0 where missing answers score 0
        result = rubric.evaluate(_answers(crit, blank), missing="zero", engine=engine)
        assert result.nodes[crit].status == "missing"
        assert result.nodes[crit].score == 0


def test_empty_text_is_no_fact_either() -> None:
    rubric = parse_rubric(
        RUBRIC.replace("criteria:", "facts:\n  - {id: f, title: F, type: text}\ncriteria:")
    )
    for blank in ("", "  "):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": 5, "b": True}, facts={"f": blank})
        assert [p.code for p in caught.value.problems] == ["fact.missing"]


# --- typed values: a cell's number, Python's numbers ------------------------------------------

NUMBERS: list[object] = [
    0,
    1,
    5,
    72,
    1000,
    -3,
    72.5,
    0.5,
    1e3,
    1e-7,
    79.99,
    True,
    False,
]


@pytest.mark.parametrize("crit", ["a", "b"])
def test_a_numeric_cell_is_the_number_python_gives(
    rubric: Rubric, crit: str, tmp_path: Path
) -> None:
    api = [by_api(rubric, crit, v) for v in NUMBERS]
    # a sheet keeps no float apart from an int: its 1000.0 is 1000, as Excel shows it
    cells = [int(v) if isinstance(v, float) and v.is_integer() else v for v in NUMBERS]
    assert by_xlsx(rubric, crit, cells, tmp_path) == [by_api(rubric, crit, v) for v in cells]
    assert by_records(rubric, crit, NUMBERS) == [_as_record(o) for o in api]
    for value, outcome in zip(NUMBERS, api, strict=True):
        if isinstance(value, bool):
            continue
        for same in (Decimal(repr(value)), Fraction(Decimal(repr(value)))):
            if outcome[0] == "value":  # the same number, whatever its type
                got = by_api(rubric, crit, same)
                assert got[0] == "value", (value, same)
                assert got[1][1] == outcome[1][1], (value, same)


def test_a_percent_cell_is_the_percentage_it_shows(rubric: Rubric, tmp_path: Path) -> None:
    cells = [0.31, 0.725, 1, 0]
    assert by_xlsx(rubric, "a", cells, tmp_path, "0.0%") == [
        by_api(rubric, "a", text) for text in ("31%", "72.5%", "100%", "0%")
    ]


@pytest.mark.parametrize("crit", ["a", "b"])
@pytest.mark.parametrize(
    "value", [dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 10, 30), dt.time(10, 30)]
)
def test_a_date_is_refused_alike_from_python_a_record_and_a_cell(
    rubric: Rubric, crit: str, value: object, tmp_path: Path
) -> None:
    """A date from Python was refused as "got datetime.date(2024, 5, 1)", saying nothing of
    what to write, while the same date in a record or a cell is "looks like a date"."""
    api = by_api(rubric, crit, value)
    typed = by_api(rubric, crit, value.isoformat())  # type: ignore[attr-defined]
    # refused as its ISO text is, and quoted as a date, not as that text (nineteenth round)
    assert [code for code, _ in api[1]] == [code for code, _ in typed[1]]
    assert f"got {date_shown(value, 'en')!r}" in api[1][0][1]  # type: ignore[arg-type]
    assert by_records(rubric, crit, [value]) == [_as_record(api)]
    if crit == "a":
        assert "looks like a date" in api[1][0][1] or "looks like a time" in api[1][0][1]
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        # the same problem; the cell quoted as its number format shows it (openpyxl writes
        # 'yyyy-mm-dd h:mm:ss' and 'h:mm:ss'), never as its ISO text
        [(status, [(code, said)])] = by_xlsx(rubric, crit, [value], tmp_path)
        assert (status, code) == (api[0], api[1][0][0])
        assert "T10:30" not in said


# --- yes and no typed without their accents ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "word"),
    [("khong", "không"), ("Co", "có"), ("DAT", "đạt"), ("chua dat", "chưa đạt"),
     ("Khong dat", "không đạt")],
)  # fmt: skip
def test_yes_or_no_without_accents_is_told_the_word_to_write(
    rubric: Rubric, typed: str, word: str, tmp_path: Path
) -> None:
    """Refused, never guessed (docs/assessments.md, "Yes and no"), but no longer without a word
    of what to write: ``khong`` is ``không`` typed on a keyboard with no Vietnamese input."""
    outcome = by_api(rubric, "b", typed)
    [(code, message)] = outcome[1]
    assert code == "answer.invalid"
    assert message.endswith(f"; write the word with its accents: write {word}")
    assert by_csv(rubric, "b", [typed], tmp_path) == [outcome]
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(_answers("b", typed), engine=engine)
        assert caught.value.problems[0].text("vi").endswith(f"; viết đủ dấu: hãy ghi {word}")
    facts = parse_rubric(
        RUBRIC.replace("criteria:", "facts:\n  - {id: f, title: F, type: boolean}\ncriteria:")
    )
    with pytest.raises(AssessmentError) as caught:
        facts.evaluate({"a": 5, "b": True}, facts={"f": typed})
    [problem] = caught.value.problems
    assert (problem.code, problem.message.endswith(f"write {word}")) == ("fact.invalid", True)
    assert by_api(rubric, "b", "ko")[1][0][1] == "expected true or false (yes/no), got 'ko'"


# --- a number typed with its unit --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["5 điểm", "18 triệu", "5đ", "5 points", "72,5 ha", "3 cái"])
def test_a_number_with_its_unit_is_told_to_drop_the_unit(
    rubric: Rubric, typed: str, tmp_path: Path
) -> None:
    """Not "use a dot for decimals: 79.5", which was said of ``5 điểm``: the unit is the
    trouble.  The same in every reader, and in Vietnamese."""
    outcome = by_api(rubric, "a", typed)
    [(_, message)] = outcome[1]
    assert message == (
        f"expected a number, got {typed!r} (write the number alone, without its unit, "
        "in the unit the criterion asks for)"
    )
    assert by_csv(rubric, "a", [typed], tmp_path) == [outcome]
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(_answers("a", typed))
    assert (
        caught.value.problems[0]
        .text("vi")
        .endswith("(chỉ ghi con số, không kèm đơn vị, theo đơn vị mà tiêu chí yêu cầu)")
    )
    for other in ("0.5e", "5,", "e5"):  # an exponent, a stray comma: no unit
        assert "unit" not in by_api(rubric, "a", other)[1][0][1]
    # a value that is no text has nothing typed to correct: no hint at all
    assert by_api(rubric, "a", [1, 2])[1] == [("answer.invalid", "expected a number, got [1, 2]")]


# --- a choice fact typed as people name the option ---------------------------------------------


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_choice_fact_typed_as_its_name_suggests_the_option(
    engine: Literal["fast", "reference"],
) -> None:
    """A choice's options are ids (``bac_trung_bo``): an assessor types the region's name
    (``Bắc Trung Bộ``); refused, as before, and now told which option was meant."""
    rubric = parse_rubric(
        RUBRIC.replace(
            "criteria:",
            "facts:\n  - {id: vung, title: Vùng, type: choice, options: [bac_trung_bo, khac]}\n"
            "criteria:",
        )
    )
    for typed, option in (("Bắc Trung Bộ", "bac_trung_bo"), ("Khác", "khac")):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": 5, "b": True}, facts={"vung": typed}, engine=engine)
        [problem] = caught.value.problems
        assert problem.code == "fact.invalid"
        assert problem.message.endswith(f"got {typed!r}; did you mean {option!r}?")
        assert problem.text("vi").endswith(f"; có phải là {option!r} không?")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": 5, "b": True}, facts={"vung": "thon"}, engine=engine)
    assert caught.value.problems[0].message.endswith("got 'thon'")  # nothing close


def test_the_hints_of_text_that_is_no_number_word_for_word(rubric: Rubric) -> None:
    """The hints the differential test above compares between readers, held to their words:
    a mistake in them is the same in every reader, so only this test sees it."""
    assert by_api(rubric, "a", "5,")[1] == [
        ("answer.invalid", "expected a number, got '5,' (use a dot for decimals: 79.5)")
    ]
    count = parse_rubric(
        RUBRIC.replace(
            "kind: bands, bands: [{points: 1}]", "kind: count, per_item: 1, max_items: 3"
        )
    )
    assert by_api(count, "a", "abc")[1] == [
        ("answer.invalid", "expected a whole number of items (0 or more), got 'abc' (write a "
         "whole number in digits: 12)")
    ]  # fmt: skip


# --- a yes or no given as a number (thirteenth round) ------------------------------------------


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_yes_or_no_number_is_read_by_its_value_from_every_reader(
    rubric: Rubric, engine: str, tmp_path: Path
) -> None:
    """A number means yes or no by its value, whatever its type: a float 1.0 or -0.0 (pandas'
    0/1 column with a NaN) was refused while a sheet's -0.0 cell, JSON's 1.0 and
    ``Decimal("1.0")`` were read; now the same everywhere."""
    for value, flag in ((1.0, True), (0.0, False), (-0.0, False)):
        expected = ("value", ("bool", flag))
        assert by_api(rubric, "b", value, engine) == expected
        for same in (Decimal(repr(value)), Fraction(value), int(value)):
            assert by_api(rubric, "b", same, engine) == expected
        source = json.dumps({"answers": {"a": 5, "b": value}})
        assert rubric.evaluate(parse_assessment(source, file="u.json")).nodes["b"].answer is flag
        source = f"answers: {{a: 5, b: {value!r}}}"
        assert rubric.evaluate(parse_assessment(source, file="u.yaml")).nodes["b"].answer is flag
    assert by_xlsx(rubric, "b", [1.0, 0.0, -0.0], tmp_path) == [
        ("value", ("bool", f)) for f in (True, False, False)
    ]
    assert by_api(rubric, "b", 2.0, engine)[0] == "problem"


@pytest.mark.parametrize(("typed", "word"), [("1.0", "1"), ("-0", "0"), ("0.0", "0"), ("+1", "1")])
def test_a_yes_or_no_text_writing_1_or_0_otherwise_is_told_what_to_write(
    rubric: Rubric, typed: str, word: str, tmp_path: Path
) -> None:
    """Text is read by its spelling (``1``, ``0``): ``1.0`` in a CSV cell is refused, as it was,
    and now says to write 1, in every reader and in Vietnamese."""
    outcome = by_api(rubric, "b", typed)
    assert outcome == (
        "problem",
        [
            (
                "answer.invalid",
                f"expected true or false (yes/no), got {typed!r}; "
                f"a yes or no written as a number is 1 or 0: write {word}",
            )
        ],
    )
    assert by_csv(rubric, "b", [typed], tmp_path) == [outcome]
    assert by_api(rubric, "b", typed, "reference") == outcome
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(_answers("b", typed))
    assert caught.value.problems[0].text("vi").endswith(f": hãy ghi {word}")


def test_a_text_is_quoted_without_its_spaces_by_every_reader(
    rubric: Rubric, tmp_path: Path
) -> None:
    """The API and YAML quoted ``got '  7  '`` where sheets quoted ``got '7'``."""
    for engine in ("fast", "reference"):
        got = by_api(rubric, "b", "  7  ", engine)
        assert got == ("problem", [("answer.invalid", "expected true or false (yes/no), got '7'")])
    assert by_document(rubric, "b", "  7  ", as_json=False) == got
    assert by_xlsx(rubric, "b", ["  7  "], tmp_path) == [got]
