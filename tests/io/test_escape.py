"""Text made safe for terminals, Markdown, JSON and spreadsheets (tiercert._escape), and every
text output using it: nothing in a unit name, a rubric title, an answer or a message can draw
a fake line on a terminal, break a table or become a formula."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import run_cli
from tiercert._escape import (
    NOT_PRINTING,
    json_text,
    original_text,
    prints,
    quoted,
    sheet_text,
    spreadsheet_text,
    visible,
    visible_lines,
    xml_text,
)
from tiercert.batch import ResultTable, table_records
from tiercert.cli import main
from tiercert.errors import Problem

SPOOF = "Xã A\r\nTotal: 100 / 100 (100%)\nTier: \x1b[1mGold\x1b[0m \u202eevil\u202c \x9b2J"


run = run_cli


# --- the functions ------------------------------------------------------------------------------


def test_visible_shows_every_control_character_as_an_escape() -> None:
    assert visible("a\nb\r\tc\x1b[2J\x00\x7f\x9b\u202e\u2066\u2028") == (
        "a\\nb\\r\\tc\\x1b[2J\\x00\\x7f\\x9b\\u202e\\u2066\\u2028"
    )
    assert visible("Xã Đông Sơn, 80% ≥ 79.99…") == "Xã Đông Sơn, 80% ≥ 79.99…"
    assert visible_lines("a\x1b\nb\r\n") == "a\\x1b\nb\\r\n"


#: the marks a reader cannot see, which a reviewer found shown raw (fourteenth round)
UNSEEN = (*range(0x200B, 0x2010), 0x061C, 0xFEFF)


def test_visible_shows_the_invisible_marks_as_escapes() -> None:
    """A zero-width space, the joiners, the direction marks, the Arabic letter mark and a
    byte-order mark were printed raw: ``u1`` and ``\\ufeffu1`` looked the same."""
    for code in UNSEEN:
        assert visible(f"u{chr(code)}1") == f"u\\u{code:04x}1"
        assert json.loads(json_text(json.dumps(chr(code), ensure_ascii=False))) == chr(code)
        assert chr(code) not in json_text(json.dumps(chr(code), ensure_ascii=False))


#: characters that do not print which a reviewer found shown raw (fifteenth round): a word
#: joiner, a soft hyphen, a tag character, a private-use code point (of the BMP and of plane
#: 15), an unassigned one, a half of a surrogate pair
UNPRINTED = {
    "\u2060": "\\u2060",
    "\u00ad": "\\xad",
    "\U000e0041": "\\U000e0041",
    "\ue000": "\\ue000",
    "\U000f0000": "\\U000f0000",
    "\u0378": "\\u0378",
    "\ud800": "\\ud800",
    "\u2029": "\\u2029",
}


def test_visible_shows_every_character_that_does_not_print() -> None:
    for char, escape in UNPRINTED.items():
        assert visible(f"u{char}1") == f"u{escape}1"
        assert visible_lines(f"u{char}1\n") == f"u{escape}1\n"
        assert json.loads(json_text(json.dumps(char, ensure_ascii=False))) == char
        assert char not in json_text(json.dumps(char, ensure_ascii=False))


#: every character, surrogate halves too
ANY_TEXT = st.text(st.characters(exclude_categories=()))
#: text of characters that print, spaces and combining marks among them
PRINTED = st.text(st.characters(exclude_categories=sorted(NOT_PRINTING)))  # type: ignore[arg-type]
#: Vietnamese letters, composed (NFC) and decomposed (NFD, the combining marks apart)
VIETNAMESE = st.text(st.sampled_from("aăâeêioôơuưyđAĂÂĐ \u0300\u0301\u0303\u0309\u0323")).flatmap(
    lambda text: st.sampled_from([text, unicodedata.normalize("NFC", text)])
)


@given(ANY_TEXT)
def test_visible_text_holds_no_character_that_does_not_print(text: str) -> None:
    for shown in (visible(text), visible_lines(text).replace("\n", "")):
        assert all(unicodedata.category(c) not in NOT_PRINTING for c in shown)
    assert all(prints(c) for c in json_text(json.dumps(text, ensure_ascii=False)))


@given(st.one_of(PRINTED, VIETNAMESE))
def test_text_that_prints_is_shown_as_it_is(text: str) -> None:
    assert visible(text) == text
    assert visible_lines(text + "\n" + text) == text + "\n" + text
    assert json_text(json.dumps(text, ensure_ascii=False)) == json.dumps(text, ensure_ascii=False)


def test_prints_is_what_str_isprintable_says_but_for_spaces() -> None:
    for code in range(0x110000):
        char = chr(code)
        assert prints(char) == (char.isprintable() or unicodedata.category(char) == "Zs")


@given(st.text())
def test_json_text_is_the_same_json_value_with_nothing_a_terminal_acts_on(text: str) -> None:
    dumped = json_text(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(dumped) == {"name": text}
    assert visible(dumped) == dumped


@given(st.text())
def test_a_spreadsheet_cell_never_starts_a_formula_and_gives_back_the_original(text: str) -> None:
    cell = spreadsheet_text(text)
    assert original_text(cell) == text
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or cell.lstrip("+-")[:1].isdigit()


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("-5", "-5"),
        ("+2.5", "+2.5"),
        ("-3.33…", "-3.33…"),
        ("79.99", "79.99"),
        ("Xã An Hà", "Xã An Hà"),
        ("", ""),
    ],
)
def test_formula_starts_are_quoted_and_numbers_are_not(text: str, cell: str) -> None:
    assert spreadsheet_text(text) == cell


def test_xml_text_keeps_tabs_and_line_breaks() -> None:
    assert xml_text("a\tb\nc\r\x07\x1b\x00") == "a\tb\nc\r\\x07\\x1b\\x00"


def test_a_problem_is_one_line_whatever_it_quotes() -> None:
    problem = Problem("x.y", SPOOF, file="a\nb.csv", line=3)
    line = problem.format()
    assert [c for c in ("\n", "\r", "\x1b", "\u202e") if c in line] == []
    assert "Xã A\\r\\nTotal: 100 / 100 (100%)\\nTier: \\x1b[1mGold" in line
    assert line.startswith("a\\nb.csv:3:1: error: ")
    assert problem.message == SPOOF  # the record keeps the text; only its display escapes it


# --- every output ---------------------------------------------------------------------------------

RUBRIC = r"""format: 1
id: spoof
version: "1"
title: "Rubric\e[2J\nTotal: 100 / 100 (100%)\u202e"
criteria:
  - id: g1
    title: "A | B\nTier: Gold\e[0m\x9b"
    rule: {kind: boolean, points: 10}
  - id: g2
    title: "=HYPERLINK(\"http://evil\",\"click\")"
    rule: {kind: levels, levels: [{id: tot, points: 5}, {id: kem, points: 0}]}
tiers:
  - {id: gold, label: "Gold\nTotal: 999", rank: 1, min: 10}
"""
NAME = "Xã A\r\nTotal: 100 / 100 (100%)\nTier: Gold <script>alert(1)</script> | x \u202eevil\x9b"
ASSESSMENT = r"""rubric: spoof
unit:
  id: "xa\e[31m"
  name: "Xã A\r\nTotal: 100 / 100 (100%)\nTier: Gold <script>alert(1)</script> | x \
    \u202eevil\x9b"
answers: {g1: no, g2: kem}
"""
RAW = ("\x1b", "\x9b", "\u202e", "\r")


@pytest.fixture
def spoof(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ASSESSMENT, encoding="utf-8")
    return tmp_path


def _clean(text: str) -> None:
    found = [char for char in RAW if char in text]
    assert found == [], f"raw control characters in the output: {found}"


def test_the_text_scorecard_shows_one_total_and_one_tier(spoof: Path) -> None:
    status, out, err = run("score", "r.yaml", "a.yaml")
    assert (status, err) == (0, "")
    _clean(out)
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("Total:")] == ["Total: 0 / 15 (0%)"]
    assert [line for line in lines if line.startswith("Tier:")] == ["Tier: none (not certified)"]
    assert lines[0].startswith("Xã A\\r\\nTotal: 100 / 100 (100%)\\nTier: Gold <script>")


def test_explain_and_the_template_show_titles_on_their_own_line(spoof: Path) -> None:
    status, out, _ = run("explain", "r.yaml")
    assert status == 0
    _clean(out)
    assert out.splitlines()[0] == "Rubric\\x1b[2J Total: 100 / 100 (100%)\\u202e"
    status, out, _ = run("template", "r.yaml")
    assert status == 0
    _clean(out)
    # a title's newline cannot end the YAML comment it is in and add an answer
    assessment = tiercert.parse_assessment(out)
    assert assessment.answers == {"g1": None, "g2": None}


def test_markdown_keeps_its_table_rows_whole(spoof: Path) -> None:
    status, out, _ = run("score", "r.yaml", "a.yaml", "--format", "markdown")
    assert status == 0
    _clean(out)
    rows = [line for line in out.splitlines() if line.startswith("| g")]
    assert len(rows) == 4  # g1 and g2 in the groups table and in the criteria table
    for row in rows:
        cells = row.replace("\\|", "").split("|")
        assert len(cells) in (6, 7)  # four or five cells between the outer pipes
    status, out, _ = run("explain", "r.yaml", "--format", "markdown")
    assert status == 0
    _clean(out)


def test_html_shows_markup_as_text(spoof: Path) -> None:
    status, out, _ = run("report", "r.yaml", "a.yaml", "--format", "html")
    assert status == 0
    _clean(out)
    assert "<script>" not in out
    assert "Tier: Gold &lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_json_is_the_exact_text_escaped(spoof: Path) -> None:
    status, out, _ = run("score", "r.yaml", "a.yaml", "--format", "json")
    assert status == 0
    _clean(out)
    assert json.loads(out)["unit"]["name"] == NAME


def test_batch_outputs_and_messages(spoof: Path) -> None:
    sheet = spoof / "units.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "unit_name", "g1", "g2"])
        writer.writerow(["=1+1", NAME, "no", "kem"])
        writer.writerow(["=1+1", NAME, "yes", "tot"])  # a duplicate: a problem quoting the id
        writer.writerow(["-5", "@SUM(A1)", "\x1b[2Jyes", "tot"])
    status, out, err = run("batch", "r.yaml", "units.csv", "-o", "r.csv")
    assert status == 1
    _clean(out + err)
    assert out.splitlines()[0] == "Rubric\\x1b[2J\\nTotal: 100 / 100 (100%)\\u202e (spoof 1)"
    assert len(err.splitlines()) == 2
    rows = list(csv.reader((spoof / "r.csv").read_text(encoding="utf-8-sig").splitlines(True)))
    # a cell shows what does not print as its escape (the bidi override, the C1 control),
    # its line breaks kept
    shown = sheet_text(NAME.replace("\r\n", "\n"))
    assert "\\u202e" in shown
    assert "\n" in shown
    assert [row[1:3] for row in rows[1:]] == [
        ["'=1+1", shown],
        ["'=1+1", shown],
        ["-5", "'@SUM(A1)"],
    ]
    assert original_text(rows[1][1]) == "=1+1"
    status, _, _ = run("batch", "r.yaml", "units.csv", "-o", "r.xlsx")
    book = openpyxl.load_workbook(spoof / "r.xlsx")
    cells = [row[1:3] for row in book["results"].iter_rows(min_row=2)]
    assert [(a.value, a.data_type, b.value) for a, b in cells] == [
        ("=1+1", "s", shown),
        ("=1+1", "s", shown),
        ("-5", "s", "@SUM(A1)"),
    ]
    assert [cells[0][0].quotePrefix, cells[2][1].quotePrefix, cells[2][0].quotePrefix] == [
        True,
        True,
        False,
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_on_a_terminal_and_in_a_pipe_is_shown_escaped(spoof: Path) -> None:
    (spoof / "units.csv").write_text(
        'unit_id,unit_name,g1,g2\nxa,"\x1b[2JXã A\nTotal: 1",no,kem\n', encoding="utf-8"
    )
    out = _Terminal()
    assert main(["batch", "r.yaml", "units.csv"], stdout=out, stderr=io.StringIO()) == 0
    _clean(out.getvalue())
    assert '"\\x1b[2JXã A\nTotal: 1"' in out.getvalue()
    piped = io.StringIO()
    assert main(["batch", "r.yaml", "units.csv"], stdout=piped, stderr=io.StringIO()) == 0
    assert '"\\x1b[2JXã A\nTotal: 1"' in piped.getvalue()  # as a CSV file holds it


def test_an_xlsx_template_takes_any_title(spoof: Path) -> None:
    # a control character made openpyxl raise IllegalCharacterError; '=...' became a formula
    text = RUBRIC.replace('title: "A | B', 'title: "\\a bell | B').replace("\\e[0m", "\\v")
    text = text.replace("id: spoof", "id: spoof\nfacts:\n  - {id: f, title: \"=1+1\\x01\", "
                        "type: choice, options: [\"a\\x02\", \"=b\"]}")  # fmt: skip
    (spoof / "r.yaml").write_text(text, encoding="utf-8")
    status, _, err = run("template", "r.yaml", "-o", "t.xlsx")
    assert (status, "Traceback" in err) == (0, False), err
    book = openpyxl.load_workbook(spoof / "t.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(c.data_type in ("s", "n") for c in cells if c.value is not None)
    texts = [str(c.value) for c in cells if c.value is not None]
    assert any(t.startswith("\\x07 bell | B") for t in texts)
    assert any(t.startswith("=1+1\\x01") for t in texts)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_csv_text_of_results_is_quoted_on_both_paths(engine: str) -> None:
    rubric = tiercert.parse_rubric(
        'format: 1\nid: q\nversion: "1"\ntitle: Q\n'
        "criteria:\n  - {id: g1, title: G, max: 10, rule: {kind: direct}}\n"
        "tiers:\n  - {id: t, label: '=HYPERLINK(\"x\")', rank: 1, min: 0}\n"
    )
    records = [
        {"unit_id": "@a", "unit_name": "+b", "g1": "5"},
        {"unit_id": "-7", "unit_name": "-c", "g1": "5"},
        {"unit_id": "x", "unit_name": "=d", "g1": "99"},  # rejected: out of range
    ]
    table = ResultTable(rubric, text=True)  # the text of tiercert batch's CSV file
    rows = list(table_records(rubric, records, table, None, True, engine, None, None))  # type: ignore[arg-type]
    assert [(r["unit_id"], r["unit_name"], r["tier_label"]) for r in rows] == [
        ("'@a", "'+b", '\'=HYPERLINK("x")'),
        ("-7", "'-c", '\'=HYPERLINK("x")'),
        ("x", "'=d", ""),
    ]
    assert str(rows[2]["problems"]).startswith("g1: ")
    # exact records (score_records' text, as JSON results hold it) keep every text as it is
    exact = list(tiercert.score_records(rubric, records, as_text=True, engine=engine))  # type: ignore[arg-type]
    assert [(r["unit_id"], r["unit_name"], r["tier_label"]) for r in exact] == [
        ("@a", "+b", '=HYPERLINK("x")'),
        ("-7", "-c", '=HYPERLINK("x")'),
        ("x", "=d", ""),
    ]


@given(st.text())
def test_quoted_is_the_text_in_json_and_yaml_and_shows_every_character(text: str) -> None:
    import yaml

    said = quoted(text)
    assert json.loads(said) == text
    assert said.isprintable()  # a line break, a bidi override: an escape, on one line
    if not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) > 0xFFFF for c in text):
        assert yaml.safe_load(said) == text  # pasted into a YAML answer: the text itself


def test_quoted_by_hand() -> None:
    assert quoted('Khá "ổn", tạm') == '"Khá \\"ổn\\", tạm"'
    assert quoted("Yếu\nkém\u00a0x\u202e") == '"Yếu\\nkém\\u00a0x\\u202e"'
    assert quoted("a\\b") == '"a\\\\b"'
