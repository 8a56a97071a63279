"""A unit id holding a character that does not print is refused on every path that reads ids
(sixteenth round): two ids that look the same on screen and in a spreadsheet must not name two
units.  "Does not print" is ``_escape.NOT_PRINTING`` (controls, format characters, line and
paragraph separators, surrogates, private-use and unassigned code points), the definition the
terminal's escaping uses.  Before, only format characters (``Cf``) were refused, and only in a
sheet's cell: a tab, an escape, a NUL, a line separator, a private-use or unassigned code point
made a unit of its own, and an id in an assessment file or a file's name was never tested."""

from __future__ import annotations

import csv
import json
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tiercert
from conftest import EXAMPLES, TESTS, run_cli
from tiercert import Rubric
from tiercert._columns import hidden_in_id
from tiercert._escape import NOT_PRINTING, prints, visible
from tiercert.batch import evaluate_many
from tiercert.errors import Problem
from tiercert.migrate import migrate_rows, plan_migration
from tiercert.programme import ProgrammeReader
from tiercert.tabular import TableError, read_csv, read_jsonl, read_xlsx, read_yaml_folder

INPUTS = TESTS / "golden" / "batch" / "inputs"
RUBRIC = INPUTS / "rubric.yaml"
HEADER = ["unit_id", "unit_name", "g1.1", "g1.1.justification", "g1.2", "g2.1", "g2.2", "g2.3"]
HEADER += ["bi_ky_luat"]
CELLS = ["Xã Một", "có", "QĐ 1", "tot", "85", "0", "4", "không"]
DOCUMENT = {"answers": {"g1": 35, "g2.1": 85, "g2.2": 0, "g2.3": 4}, "facts": {"bi_ky_luat": False}}
ROUND = EXAMPLES / "bac_giang_programme" / "round_2023.csv"
MIGRATE = TESTS / "versions" / "migrate"

#: (id, what the message names) of one character of each category that does not print
KINDS = {
    "Cc": ("xa-\x1b1", "\\x1b"),
    "Cf": ("xa-\u200b1", "\\u200b (ZERO WIDTH SPACE)"),
    "Zl": ("xa-\u20281", "\\u2028 (LINE SEPARATOR)"),
    "Zp": ("xa-\u20291", "\\u2029 (PARAGRAPH SEPARATOR)"),
    "Co": ("xa-\ue0001", "\\ue000"),
    "Cn": ("xa-\u03781", "\\u0378"),
}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.load_rubric(RUBRIC)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    # a lone surrogate cannot be UTF-8: written as the bytes a broken program would write
    with open(path, "w", encoding="utf-8", newline="", errors="surrogatepass") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _sheet(tmp_path: Path, unit_id: str) -> Path:
    return _write_csv(tmp_path / "units.csv", HEADER, [[unit_id, *CELLS]])


def _unit_id_problems(problems: object) -> list[Problem]:
    return [p for p in problems if p.code == "unit.id"]  # type: ignore[attr-defined]


def _message(unit_id: str, named: str) -> str:
    plain = "".join(c for c in unit_id if prints(c))
    return (
        f"unit_id {unit_id!r} holds a character that does not print, {named}: it would be a unit "
        f"of its own that looks like another; retype the id without it: {plain!r}"
    )


# --- the message ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_message_names_the_character_and_says_to_retype_the_id(kind: str) -> None:
    unit_id, named = KINDS[kind]
    assert hidden_in_id(unit_id) == _message(unit_id, named)


def test_several_characters_are_named_each_once_and_an_id_of_none_is_retyped_whole() -> None:
    said = hidden_in_id("\ufeffxa\t\u200b\x1b\u200b1")
    assert said == (
        "unit_id '\\ufeffxa\\t\\u200b\\x1b\\u200b1' holds characters that do not print: \\ufeff "
        "(ZERO WIDTH NO-BREAK SPACE), \\t, \\u200b (ZERO WIDTH SPACE) and 1 more: it would be a "
        "unit of its own that looks like another; retype the id without them: 'xa1'"
    )
    assert str(hidden_in_id("\u200b\u200c")).endswith("; retype the id")  # nothing left to suggest
    # printing characters, spaces and Vietnamese (composed or not) included, are no problem
    for unit_id in ("xa-1", "Xã Hòa", unicodedata.normalize("NFD", "Xã"), "a\u00a0b", "a\u3000b"):
        assert hidden_in_id(unit_id) is None


def test_the_message_is_in_vietnamese_too(tmp_path: Path) -> None:
    status, _, err = run_cli("batch", str(RUBRIC), str(_sheet(tmp_path, "xa-\x1b1")))
    assert status == 1
    assert (
        "units.csv, dòng 2, cột A: lỗi: unit_id: unit_id 'xa-\\x1b1' có một ký tự không hiển "
        "thị, \\x1b: mã này sẽ là một đơn vị riêng trông giống một đơn vị khác; hãy gõ lại mã, "
        "không có ký tự đó: 'xa-1'"
    ) in err


# --- each path that reads an id ---------------------------------------------------------------


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_sheet_s_id_is_refused_on_the_usual_path_and_by_the_row_scorer(
    tmp_path: Path, rubric: Rubric, engine: Literal["fast", "reference"], kind: str
) -> None:
    """``Reader._cells`` (the usual path) and ``batch._unit_of`` (the row scorer's) tested
    only ids that are not ASCII, and only for format characters."""
    unit_id, named = KINDS[kind]
    (outcome,) = evaluate_many(rubric, read_csv(_sheet(tmp_path, unit_id)), engine=engine)
    assert not outcome.ok
    (problem,) = _unit_id_problems(outcome.problems)
    assert (problem.line, problem.column, problem.where) == (2, 1, "unit_id")
    assert problem.message == _message(unit_id, named)


@pytest.mark.parametrize("unit_id", ["xa-\x1b1", "xa-\t1", "xa-\x001", "xa-\x7f1"])
def test_the_bulk_row_loop_hands_an_ascii_id_with_a_control_character_over(
    tmp_path: Path, unit_id: str
) -> None:
    """The bulk loop (a CSV written straight from a CSV) took an ASCII id as it was, stripped:
    ``xa-\\x1b1`` was scored as a unit of its own.  Now ``_clean`` marks it for the usual path,
    which refuses it; the ids around it are scored by the loop as before."""
    rows = [["xa-1", *CELLS], [unit_id, *CELLS], ["xa-2", *CELLS]]
    path = _write_csv(tmp_path / "units.csv", HEADER, rows)
    out = tmp_path / "out.csv"
    status, _, err = run_cli("batch", str(RUBRIC), str(path), "-o", str(out), "--lang", "en")
    assert status == 1
    assert f"units.csv:3:1: error: unit_id: unit_id {unit_id!r} holds a character" in err
    with open(out, encoding="utf-8-sig", newline="") as f:
        written = [(r["unit_id"], r["status"]) for r in csv.DictReader(f)]
    # (its row shows it as a CSV cell shows what does not print: as its escape)
    assert written == [("xa-1", "scored"), (visible(unit_id), "rejected"), ("xa-2", "scored")]


def test_surrounding_whitespace_is_stripped_from_a_sheet_s_id_as_before(
    tmp_path: Path, rubric: Rubric
) -> None:
    """A tab or a line break around a cell's id is stripped, as spaces are (and was before):
    only one inside the id is refused.  Decomposed Vietnamese is read in NFC, as before."""
    decomposed = unicodedata.normalize("NFD", "xã-1")
    rows = [["\txa-1 ", *CELLS], [f"{decomposed}\n", *CELLS]]
    path = _write_csv(tmp_path / "units.csv", HEADER, rows)
    for engine in ("reference", "fast"):
        outcomes = list(evaluate_many(rubric, read_csv(path), engine=engine))
        assert [(o.ok, o.unit_id) for o in outcomes] == [(True, "xa-1"), (True, "xã-1")]
    out = tmp_path / "out.csv"
    status, _, _ = run_cli("batch", str(RUBRIC), str(path), "-o", str(out))
    assert status == 0


@pytest.mark.parametrize("unit_id", ["xa-\t1", "xa-\x851", "xa-\x7f1", "xa-\u20281", "xa-\ue0001"])
def test_a_workbook_s_id_is_refused(tmp_path: Path, rubric: Rubric, unit_id: str) -> None:
    path = tmp_path / "units.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([unit_id, *CELLS])
    book.save(path)
    (outcome,) = evaluate_many(rubric, read_xlsx(path))
    (problem,) = _unit_id_problems(outcome.problems)
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message.startswith(f"unit_id {unit_id!r} holds a character that does not")


def test_a_json_line_s_id_is_refused_flat_and_in_an_assessment(
    tmp_path: Path, rubric: Rubric
) -> None:
    """A JSON line shaped like a sheet's row was tested for format characters only; one
    shaped like an assessment file (``unit: {id: ...}``) was not tested at all."""
    path = tmp_path / "units.jsonl"
    flat = dict(zip(HEADER, ["xa-\x001", *CELLS], strict=True))
    document = {"unit": {"id": "xa-\u200b2"}, **DOCUMENT}
    path.write_text(json.dumps(flat) + "\n" + json.dumps(document) + "\n", encoding="utf-8")
    outcomes = list(evaluate_many(rubric, read_jsonl(path)))
    said = [(p.line, p.where, p.message) for o in outcomes for p in _unit_id_problems(o.problems)]
    assert said == [
        (1, "unit_id", _message("xa-\x001", "\\x00")),
        (2, "$.unit.id", _message("xa-\u200b2", "\\u200b (ZERO WIDTH SPACE)")),
    ]


def test_an_assessment_file_s_id_is_refused_at_its_line(tmp_path: Path, rubric: Rubric) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "answers: {g1: 35, g2.1: 85, g2.2: 0, g2.3: 4}\nfacts: {bi_ky_luat: false}\n"
        'unit:\n  name: Xã A\n  id: "xa-\\u20601"\n',
        encoding="utf-8",
    )
    (outcome,) = evaluate_many(rubric, read_yaml_folder(folder))
    (problem,) = _unit_id_problems(outcome.problems)
    assert (Path(problem.file or "").name, problem.line, problem.column) == ("a.yaml", 5, 7)
    assert problem.message == _message("xa-\u20601", "\\u2060 (WORD JOINER)")
    status, _, err = run_cli("batch", str(RUBRIC), str(folder), "--lang", "en")
    assert status == 1
    assert "a.yaml:5:7: error: $.unit.id: unit_id 'xa-\\u20601' holds a character" in err


def test_a_file_name_that_gives_the_id_is_refused(tmp_path: Path, rubric: Rubric) -> None:
    """A folder's file without ``unit: {id: ...}`` is named by its file's name, which can hold
    a tab or a zero-width space as well as a cell can."""
    folder = tmp_path / "units"
    folder.mkdir()
    for name in ("xa-\t1.yaml", "xa-\u200b2.yaml", "xa-3.yaml"):
        (folder / name).write_text(json.dumps(DOCUMENT), encoding="utf-8")
    outcomes = list(evaluate_many(rubric, read_yaml_folder(folder)))
    assert [o.ok for o in outcomes] == [False, True, False]  # name order: xa-\t1, xa-3, xa-\u200b2
    said = [p.message for o in outcomes for p in _unit_id_problems(o.problems)]
    assert said == [
        "the file's name gives the unit id 'xa-\\t1', which holds a character that does not "
        "print, \\t: it would be a unit of its own that looks like another; rename the file, or "
        "write the id in it: unit: {id: ...}",
        "the file's name gives the unit id 'xa-\\u200b2', which holds a character that does not "
        "print, \\u200b (ZERO WIDTH SPACE): it would be a unit of its own that looks like "
        "another; rename the file, or write the id in it: unit: {id: ...}",
    ]
    assert {Path(p.file or "").name for o in outcomes for p in o.problems} == {
        "xa-\t1.yaml",
        "xa-\u200b2.yaml",
    }


def _round(tmp_path: Path, unit_id: str) -> Path:
    with open(ROUND, encoding="utf-8", newline="") as f:
        header, first, *_ = csv.reader(f)
    return _write_csv(tmp_path / "round.csv", header, [first, [unit_id, *first[1:]]])


def test_a_programme_round_s_id_is_refused(tmp_path: Path) -> None:
    """A programme's row is read stage by stage (its shared cells with each stage's): the id
    is refused once, at its cell; in an assessment file with stages, at its line."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    outcomes = list(ProgrammeReader(rubric).read(read_csv(_round(tmp_path, "xa-\u20281"))))
    assert [o.ok for o in outcomes] == [True, False]
    said = [(p.line, p.column, p.message) for p in _unit_id_problems(outcomes[1].problems)]
    assert said == [(3, 1, _message("xa-\u20281", "\\u2028 (LINE SEPARATOR)"))]
    document = tmp_path / "unit.yaml"
    stages = {"self": {"answers": {"g1": 17, "g2": 22, "g3": 17, "g4": 12, "g5": 17}}}
    unit = {"id": "xa-\x1b1", "district": "Huyện Mẫu Một", "unit_type": "xã", "year": 2023}
    data = {"unit": unit, "stages": stages, "facts": {"head_disciplined_or_prosecuted": False}}
    document.write_text(json.dumps(data), encoding="utf-8")
    folder_rows = read_yaml_folder(tmp_path)
    (outcome,) = ProgrammeReader(rubric).read(folder_rows)
    assert [p.message for p in _unit_id_problems(outcome.problems)] == [
        _message("xa-\x1b1", "\\x1b")
    ]


def test_migrate_refuses_the_id_of_a_sheet_and_of_an_assessment_file(tmp_path: Path) -> None:
    plan = plan_migration(tiercert.load_rubric(MIGRATE / "old.yaml"), tiercert.load_rubric(
        MIGRATE / "new.yaml"))  # fmt: skip
    with open(MIGRATE / "units.csv", encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    rows[1][0] = "xa-\ue000b"
    sheet = _write_csv(tmp_path / "units.csv", header, rows)
    migration = migrate_rows(plan, read_csv(sheet))
    said = [
        (u.unit_id, [p.message for p in _unit_id_problems(u.problems)]) for u in migration.units
    ]
    assert said == [("xa-a", []), ("xa-\ue000b", [_message("xa-\ue000b", "\\ue000")])]
    assert migration.status == 2
    folder = tmp_path / "units"
    folder.mkdir()
    text = (MIGRATE / "units" / "xa-b.yaml").read_text(encoding="utf-8")
    assert "id: xa-b" in text
    (folder / "xa-b.yaml").write_text(text.replace("id: xa-b", 'id: "xa-\\tb"'), encoding="utf-8")
    (unit,) = migrate_rows(plan, read_yaml_folder(folder)).units
    assert [p.message for p in _unit_id_problems(unit.problems)] == [_message("xa-\tb", "\\t")]
    status, out, _ = run_cli(
        "migrate", str(MIGRATE / "old.yaml"), str(MIGRATE / "new.yaml"), str(sheet), "--lang", "en"
    )
    assert status == 2
    assert "units.csv:3:1: error: unit_id: unit_id 'xa-\\ue000b' holds a character" in out


def test_progress_leaves_out_a_round_s_unit_whose_id_does_not_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``progress`` compares a programme's rounds by unit id: an id that does not print in a
    round's output (written by hand, or by a version that took it) would be a unit of its own
    in every round, never certified; it is said and left out."""
    monkeypatch.chdir(tmp_path)
    status, _, err = run_cli("batch", "bac_giang_friendly_gov", str(ROUND), "-o", "round.csv")
    assert status == 0, err
    with open("round.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert (rows[0][1], rows[1][1]) == ("unit_id", "xa-an-hoa")
    rows[1][1] = "xa-\u2028an-hoa"
    with open("round.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    status, out, err = run_cli("progress", "round.csv", "--lang", "en")
    assert status == 1
    assert (
        "round.csv:2:1: error: unit_id 'xa-\\u2028an-hoa' holds a character that does not "
        "print, \\u2028 (LINE SEPARATOR): it would be a unit of its own that looks like another; "
        "retype the id without it: 'xa-an-hoa'; the row is left out [unit.id]"
    ) in err
    assert "Round 2023: 2/8 certified (25%); units: 8;" in out  # of 9 rows, 8 units counted
    assert "an-hoa" not in out


# --- every path, any character ----------------------------------------------------------------

#: the printable characters an id is made of in the property: letters, marks, digits,
#: punctuation, symbols and spaces
PRINTING = st.characters(categories=["L", "M", "N", "P", "S", "Zs"])
#: a character of a category that does not print (``_escape.NOT_PRINTING``), surrogates too
CATEGORIES: list[Literal["Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"]] = [
    "Cc",
    "Cf",
    "Zl",
    "Zp",
    "Cs",
    "Co",
    "Cn",
]
NOT_PRINTING_CHARS = st.characters(categories=CATEGORIES)


@st.composite
def printable_ids(draw: st.DrawFn) -> str:
    """An id of characters that print, as a reader keeps it: starting with a letter or a digit
    (a sheet's ``#`` starts a comment, ``=`` a formula), no space around it, in NFC."""
    first = draw(st.characters(categories=["L", "N"]))
    text = first + draw(st.text(PRINTING, max_size=12))
    text = text.rstrip()
    assume(unicodedata.normalize("NFC", text) == text and text.strip() == text)
    return text


@st.composite
def hidden_ids(draw: st.DrawFn) -> str:
    """A printable id with a character that does not print inside it (between two that print:
    a reader strips what surrounds an id)."""
    text = draw(printable_ids()) + draw(st.characters(categories=["L", "N"]))
    at = draw(st.integers(1, len(text) - 1))
    return text[:at] + draw(NOT_PRINTING_CHARS) + text[at:]


def _read_sheet(
    kind: Literal["fast", "reference"],
) -> Callable[[Rubric, Path, str], tuple[bool, str | None]]:
    def read(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
        (outcome,) = evaluate_many(rubric, read_csv(_sheet(tmp, unit_id)), engine=kind)
        return outcome.ok, outcome.unit_id

    return read


def _read_bulk(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    assume(unit_id != "xa-0")
    path = _write_csv(tmp / "units.csv", HEADER, [["xa-0", *CELLS], [unit_id, *CELLS]])
    status, _, _ = run_cli("batch", str(RUBRIC), str(path), "-o", str(tmp / "out.csv"))
    if status == 2:  # the file as a whole (a surrogate is no UTF-8)
        return False, None
    with open(tmp / "out.csv", encoding="utf-8-sig", newline="") as f:
        row = list(csv.DictReader(f))[1]
    return row["status"] == "scored", row["unit_id"]


def _read_xlsx(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    # an XLSX cell cannot hold the C0 controls but tab and line breaks, nor surrogates: such an
    # id never comes from a workbook
    assume(all(c in "\t\n\r" or (c >= " " and not "\ud800" <= c <= "\udfff") for c in unit_id))
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([unit_id, *CELLS])
    book.save(tmp / "units.xlsx")
    (outcome,) = evaluate_many(rubric, read_xlsx(tmp / "units.xlsx"))
    return outcome.ok, outcome.unit_id


def _read_jsonl(document: bool) -> Callable[[Rubric, Path, str], tuple[bool, str | None]]:
    def read(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
        data = (
            {"unit": {"id": unit_id}, **DOCUMENT}
            if document
            else dict(zip(HEADER, [unit_id, *CELLS], strict=True))
        )
        (tmp / "units.jsonl").write_text(json.dumps(data) + "\n", encoding="utf-8")
        (outcome,) = evaluate_many(rubric, read_jsonl(tmp / "units.jsonl"))
        return outcome.ok, outcome.unit_id

    return read


def _yaml_text(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, each character that does not print escaped."""
    out = []
    for c in text:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _read_yaml(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    (tmp / "a.yaml").write_text(
        f"unit: {{id: {_yaml_text(unit_id)}}}\n"
        f"answers: {json.dumps(DOCUMENT['answers'])}\nfacts: {json.dumps(DOCUMENT['facts'])}\n",
        encoding="utf-8",
    )
    (outcome,) = evaluate_many(rubric, read_yaml_folder(tmp))
    return outcome.ok, outcome.unit_id


def _read_file_name(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    # a file's name holds no '/' nor NUL, nor (on Linux, in UTF-8) a lone surrogate
    assume(not any(c in "/\x00" or "\ud800" <= c <= "\udfff" for c in unit_id))
    assume(len(unit_id.encode()) < 200 and not unit_id.startswith("."))
    (tmp / f"{unit_id}.yaml").write_text(json.dumps(DOCUMENT), encoding="utf-8")
    (outcome,) = evaluate_many(rubric, read_yaml_folder(tmp))
    return outcome.ok, outcome.unit_id


def _read_programme(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    programme = tiercert.load_rubric("bac_giang_friendly_gov")
    outcomes = list(ProgrammeReader(programme).read(read_csv(_round(tmp, unit_id))))
    return outcomes[1].ok, outcomes[1].unit_id


def _read_migrate(rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    plan = plan_migration(
        tiercert.load_rubric(MIGRATE / "old.yaml"), tiercert.load_rubric(MIGRATE / "new.yaml")
    )
    with open(MIGRATE / "units.csv", encoding="utf-8", newline="") as f:
        header, first, *_ = csv.reader(f)
    sheet = _write_csv(tmp / "units.csv", header, [[unit_id, *first[1:]]])
    (unit,) = migrate_rows(plan, read_csv(sheet)).units
    return not unit.problems, unit.unit_id


PATHS: dict[str, Callable[[Rubric, Path, str], tuple[bool, str | None]]] = {
    "csv (usual path)": _read_sheet("reference"),
    "csv (row scorer)": _read_sheet("fast"),
    "csv (bulk row loop)": _read_bulk,
    "xlsx": _read_xlsx,
    "jsonl": _read_jsonl(False),
    "jsonl assessment": _read_jsonl(True),
    "yaml assessment": _read_yaml,
    "file name": _read_file_name,
    "programme round": _read_programme,
    "migrate": _read_migrate,
}


def _read(path: str, rubric: Rubric, tmp: Path, unit_id: str) -> tuple[bool, str | None]:
    fresh = Path(tempfile.mkdtemp(dir=tmp))  # hypothesis runs each example in one tmp_path
    try:
        return PATHS[path](rubric, fresh, unit_id)
    except TableError:  # the input as a whole refused (a surrogate is no UTF-8 in a file)
        return False, None


@pytest.mark.parametrize("path", sorted(PATHS))
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_id=hidden_ids())
def test_an_id_with_a_character_that_does_not_print_is_refused_on_every_path(
    tmp_path: Path, rubric: Rubric, path: str, unit_id: str
) -> None:
    assert not all(map(prints, unit_id))
    assert _read(path, rubric, tmp_path, unit_id)[0] is False


@pytest.mark.parametrize("path", sorted(PATHS))
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit_id=printable_ids())
def test_an_id_of_characters_that_print_is_accepted_unchanged_on_every_path(
    tmp_path: Path, rubric: Rubric, path: str, unit_id: str
) -> None:
    assert _read(path, rubric, tmp_path, unit_id) == (True, unit_id)


def test_the_readers_and_the_terminal_share_one_definition() -> None:
    """The id test is ``_escape.not_printing``: what :func:`~tiercert._escape.visible`
    escapes, no more and no less (the root's docs say an id may hold what prints)."""
    from tiercert._escape import not_printing, visible

    assert set(CATEGORIES) == NOT_PRINTING  # the property draws from every category
    sample = "a\x00\x1b\x7f\x85\xad\u200b\u2028\u2029\ue000\u0378\U000e0041 \u00a0\u3000ãb"
    assert "".join(not_printing(sample)) == "".join(c for c in sample if visible(c) != c)
