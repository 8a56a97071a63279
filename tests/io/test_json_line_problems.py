"""A JSON Lines record the JSON parser refuses: our message, in the reader's language, at the
line and column where the parser stopped, saying what to write (it was the parser's English
text, "Expecting value", inside a Vietnamese message, with no column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiercert.errors import Problem
from tiercert.tabular import read_jsonl

#: what each refused line is told (English), and the column the parser stopped at
CASES = [
    ("not json", 1, "a value (a number, text in double quotes, true, false or null)"),
    ('{"unit_id": "a", "g1": }', 24, "a value (a number"),
    ('{"unit_id": "a",}', 17, "a key in double quotes is expected here"),
    ("{unit_id: 1}", 2, "a key in double quotes is expected here"),
    ('{"unit_id" "a"}', 12, "':' is missing between two parts"),
    ('{"unit_id": "a" "g1": 1}', 17, "',' is missing between two parts"),
    ('{"unit_id": "a', 13, "a text is not closed with its double quote"),
    ('{"unit_id": "a\tb"}', 15, "a tab or line break inside a text"),
    ('{"unit_id": "a"} {"unit_id": "b"}', 18, "more follows the first JSON value"),
    ('{"unit_id": "a\\qb"}', 15, "a backslash escape JSON does not know"),
]


def _problem(tmp_path: Path, line: str) -> Problem:
    path = tmp_path / "units.jsonl"
    path.write_text('{"unit_id": "ok"}\n' + line + "\n", encoding="utf-8")
    stream = read_jsonl(path)
    rows = list(stream)
    stream.close()
    assert rows[0].problems == ()  # the good line is still read
    (problem,) = rows[1].problems
    return problem


@pytest.mark.parametrize(("line", "column", "said"), CASES)
def test_a_refused_line_says_what_and_where(
    tmp_path: Path, line: str, column: int, said: str
) -> None:
    problem = _problem(tmp_path, line)
    assert (problem.code, problem.line, problem.column) == ("row.json", 2, column)
    assert problem.message.startswith(f"not valid JSON at column {column}: {said}")
    assert problem.message.endswith("; fix this line")
    vietnamese = problem.text("vi")
    assert vietnamese.startswith(f"JSON không hợp lệ ở ký tự thứ {column} của dòng: ")
    # nothing of the parser's English is left in the Vietnamese text
    for english in ("Expecting", "delimiter", "Unterminated", "Invalid", "Extra data", "value"):
        assert english not in vietnamese


@pytest.mark.parametrize("name", ["NaN", "Infinity", "-Infinity"])
def test_a_constant_json_does_not_allow_is_named(tmp_path: Path, name: str) -> None:
    problem = _problem(tmp_path, '{"unit_id": "a", "g1": ' + name + "}")
    assert problem.message == (
        f"{name} is not a number JSON allows; write the number, or leave the answer out"
    )
    assert problem.text("vi").startswith(f"{name} không phải là số JSON cho phép")
