"""A key given twice in one object of a JSON Lines record: our message, in the reader's
language, at the line and column of the second key, saying what to write (it was the JSON
parser's English text, "the key 'unit_id' appears twice", at column 1 inside a Vietnamese
message)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from tiercert.errors import Problem
from tiercert.tabular import duplicate_key_at, parse_json_line, read_jsonl


def _problem(tmp_path: Path, line: str) -> Problem:
    path = tmp_path / "units.jsonl"
    path.write_text('{"unit_id": "ok"}\n' + line + "\n", encoding="utf-8")
    stream = read_jsonl(path)
    rows = list(stream)
    stream.close()
    (problem,) = rows[1].problems
    return problem


@pytest.mark.parametrize(
    ("line", "key", "first", "column"),
    [
        ('{"unit_id":"a","unit_id":"b","g1":1}', "unit_id", 2, 16),
        ('{"unit_id": "a", "answers": {"g1": 1, "g2": 2, "g1": 3}}', "g1", 30, 48),
        # the same key spelt with an escape; a key of an inner object is not the outer's
        ('{"a": {"b": 1}, "b": 2, "a\\u0062": 3, "ab": 4}', "ab", 25, 39),
        # a key's text inside a string value is no key
        ('{"x": "a \\"b\\": 1", "b": 1, "b": 2}', "b", 21, 29),
    ],
)
def test_the_second_key_is_said_where_it_is(
    tmp_path: Path, line: str, key: str, first: int, column: int
) -> None:
    problem = _problem(tmp_path, line)
    assert (problem.code, problem.line, problem.column) == ("row.json", 2, column)
    assert problem.message == (
        f"the key {key!r} is given twice in one object (columns {first} and {column}); keep "
        "one of the two, with the value meant"
    )
    assert problem.text("vi") == (
        f"khóa {key!r} được ghi hai lần trong cùng một đối tượng (ở ký tự thứ {first} và thứ "
        f"{column} của dòng); "
        "chỉ giữ một trong hai, với giá trị đúng"
    )


def test_batch_says_it_in_each_language(tmp_path: Path) -> None:
    path = tmp_path / "units.jsonl"
    path.write_text('{"unit_id":"a","unit_id":"b"}\n', encoding="utf-8")
    for lang, said in (
        (
            "en",
            "units.jsonl:1:16: error: the key 'unit_id' is given twice in one object (columns 2 "
            "and 16)",
        ),
        (  # placed as people read it (eighteenth round)
            "vi",
            "units.jsonl, dòng 1, ký tự 16: lỗi: khóa 'unit_id' được ghi hai lần trong cùng một "
            "đối tượng (ở ký tự thứ 2 và thứ 16 của dòng)",
        ),
    ):
        _, _, err = run_cli("batch", "bac_giang_friendly_gov", str(path), "--lang", lang)
        assert said in err
        assert "appears twice" not in err


_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=4)


@given(st.lists(_KEYS, min_size=1, max_size=6), st.data())
def test_the_key_found_is_the_one_given_twice(keys: list[str], data: st.DataObject) -> None:
    # any keys, escaped or not, one of them given again at the end of the object
    again = data.draw(st.sampled_from(keys))
    unique = list(dict.fromkeys(keys))
    pairs = [f"{json.dumps(k, ensure_ascii=data.draw(st.booleans()))}: 1" for k in unique]
    line = "{" + ", ".join([*pairs, f"{json.dumps(again)}: 2"]) + "}"
    with pytest.raises(ValueError, match="appears twice"):
        parse_json_line(line)
    found = duplicate_key_at(line)
    assert found is not None
    assert found[0] == again
    assert line[found[2] - 1 :].startswith(json.dumps(again))
