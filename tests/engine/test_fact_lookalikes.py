"""Look-alike help for facts and a programme's attributes, as answers get it: a yes/no or
choice fact, or a choice attribute, typed in full-width letters (``ＹＥＳ``), pasted with a
zero-width space, or showing a spreadsheet's ``#N/A`` is told what to write instead (they got
only "must be true or false" or a did-you-mean).  The same helpers as answers'
(``word_problem``, ``empty_value_problem``), through every engine and ``batch``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tiercert
from conftest import run_cli
from tiercert import AssessmentError

RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "facts",
    "version": "1",
    "title": "Facts",
    "facts": [
        {"id": "ok", "title": "OK", "type": "boolean"},
        {"id": "kind", "title": "Kind", "type": "choice", "options": ["urban", "rural"]},
    ],
    "criteria": [{"id": "c1", "title": "C1", "rule": {"kind": "boolean", "points": 10}}],
    "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 10}],
}
PROGRAMME = """format: 1
id: towns
version: "1"
title: Towns
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 10}}
tiers:
  - {id: t, label: T, rank: 1, min: 10}
attributes:
  - {id: region, title: Region, type: choice, values: [North, South], required: true}
"""

CASES = [
    ("ＹＥＳ", "write the letters in their ordinary (half-width) form: write YES"),
    ("yes\u200b", "remove the invisible characters (U+200B): write yes"),
    ("#N/A", "it is a spreadsheet's error value, not an answer"),
    (float("nan"), "it is an empty value (NaN or NA"),
]


def _problems(facts: dict[str, object], engine: Any) -> list[tiercert.Problem]:
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": "yes"}, facts={"ok": True, "kind": "urban", **facts}, engine=engine)
    return list(caught.value.problems)


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(("typed", "said"), CASES)
def test_a_yes_no_fact_gets_the_help_an_answer_gets(typed: object, said: str, engine: Any) -> None:
    (problem,) = _problems({"ok": typed}, engine)
    assert problem.code == "fact.invalid"
    assert problem.message.startswith("the fact 'ok' must be true or false, got ")
    assert said in problem.message
    # an answer typed the same way is told the same
    with pytest.raises(AssessmentError) as caught:
        tiercert.rubric_from_mapping(RUBRIC).evaluate(
            {"c1": typed}, facts={"ok": True, "kind": "urban"}, engine=engine
        )
    assert said in caught.value.problems[0].message


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_choice_fact_gets_it_too(engine: Any) -> None:
    (problem,) = _problems({"kind": "ｒｕｒａｌ"}, engine)
    assert "ordinary (half-width) form: write rural" in problem.message
    assert "dạng thường (nửa độ rộng): hãy ghi rural" in problem.text("vi")
    (problem,) = _problems({"kind": "suburb"}, engine)  # nothing like an option: as before
    assert problem.message == "the fact 'kind' must be one of: urban, rural, got 'suburb'"


def test_a_sheets_fact_cell_gets_it_in_batch(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    import yaml

    rubric.write_text(yaml.safe_dump(RUBRIC, allow_unicode=True), encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("unit_id,c1,ok,kind\nu1,yes,#N/A,urban\n", encoding="utf-8")
    _, _, err = run_cli("batch", str(rubric), str(sheet), "--summary", "none", "--lang", "vi")
    assert "đây là giá trị lỗi của bảng tính" in err


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Ｎｏｒｔｈ", "write the letters in their ordinary (half-width) form: write North"),
        ("North\u200b", "remove the invisible characters (U+200B): write North"),
        ("#N/A", "it is a spreadsheet's error value, not an answer"),
    ],
)
def test_a_programme_attribute_gets_it(tmp_path: Path, typed: str, said: str) -> None:
    rubric = tmp_path / "p.yaml"
    rubric.write_text(PROGRAMME, encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text(f"unit_id,region,a\nu1,{typed},yes\n", encoding="utf-8")
    _, _, err = run_cli("batch", str(rubric), str(sheet), "--summary", "none", "--lang", "en")
    assert "[attribute.value]" in err
    assert said in err, err


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_the_whole_messages_and_what_they_do_not_say(engine: Any) -> None:
    (problem,) = _problems({"ok": "ＹＥＳ"}, engine)
    assert problem.message == (
        "the fact 'ok' must be true or false, got 'ＹＥＳ'; write the letters in their "
        "ordinary (half-width) form: write YES"
    )
    assert (problem.path, problem.value) == (("facts", "ok"), "ＹＥＳ")
    # cleaned, it is still no yes or no, no option: nothing is suggested
    (problem,) = _problems({"ok": "ｍａｙｂｅ"}, engine)
    assert problem.message == "the fact 'ok' must be true or false, got 'ｍａｙｂｅ'"
    (problem,) = _problems({"kind": "ｓｕｂｕｒｂ"}, engine)
    assert problem.message == "the fact 'kind' must be one of: urban, rural, got 'ｓｕｂｕｒｂ'"


def test_every_fact_is_read_past_an_unknown_one() -> None:
    rubric = tiercert.rubric_from_mapping(
        {**RUBRIC, "facts": [*RUBRIC["facts"], {"id": "n", "title": "N", "type": "number"}]}
    )
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(
            {"c1": "yes"},
            facts={"zzz": 1, "ok": "maybe", "kind": "urban", "n": "1,5"},
            engine="reference",
        )
    said = {p.path: p.message for p in caught.value.problems}
    assert set(said) == {("facts", "zzz"), ("facts", "ok"), ("facts", "n")}
    assert said[("facts", "n")].startswith("the fact 'n' must be a number, got '1,5'; ")
    assert "write 1.5" in said[("facts", "n")]


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_text_fact_given_an_empty_value_is_told_so_as_every_other_fact(engine: Any) -> None:
    # (mutation testing, thirteenth round: _reference._read_facts' mutant 85, which gave a
    # text fact the help the other facts get, survived; the help was missing) a text fact is
    # refused only when it is no text: NaN, pandas's empty cell, is told it is an empty value,
    # as yes/no, choice and number facts are; other values get nothing more
    facts = [{"id": "name", "title": "Name", "type": "text"}, *RUBRIC["facts"]]
    rubric = tiercert.rubric_from_mapping({**RUBRIC, "facts": facts})
    for value, more in ((float("nan"), "; it is an empty value (NaN or NA"), (5, "")):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(
                {"c1": "yes"}, facts={"ok": True, "kind": "urban", "name": value}, engine=engine
            )
        (problem,) = caught.value.problems
        assert (problem.code, problem.path) == ("fact.invalid", ("facts", "name"))
        assert problem.message.startswith(f"the fact 'name' must be text, got {value!r}{more}")
        if not more:
            assert problem.message == f"the fact 'name' must be text, got {value!r}"
