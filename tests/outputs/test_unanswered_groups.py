"""A group none of whose criteria is answered is one line for a person ("6 criteria of group
'g1' unanswered: a, b, ...") in the CLI's score, report and batch and on the dashboard; as
data (the API, JSON) its missing answers stay one problem per criterion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from tiercert import AssessmentError, Rubric
from tiercert._i18n import msg
from tiercert._unanswered import for_people
from tiercert.assessment import parse_assessment
from tiercert.batch import evaluate_many
from tiercert.dashboard import UnitList
from tiercert.errors import Problem
from tiercert.rubric import parse_rubric

RUBRIC = """\
format: 1
id: r
version: "1"
language: vi
title: R
criteria:
  - id: g1
    title: G1
    children:
      - {id: a, title: A, rule: {kind: boolean, points: 1}}
      - {id: b, title: B, rule: {kind: boolean, points: 1}}
      - id: g1.n
        title: N
        children:
          - {id: c, title: C, rule: {kind: boolean, points: 1}}
          - {id: d, title: D, rule: {kind: boolean, points: 1}}
      - {id: e, title: E, rule: {kind: boolean, points: 1}}
      - {id: f, title: F, rule: {kind: boolean, points: 1}}
  - id: g2
    title: G2
    children:
      - {id: x, title: X, rule: {kind: boolean, points: 1}}
      - {id: y, title: Y, rule: {kind: boolean, points: 1}}
  - id: g3
    title: G3
    children:
      - {id: z, title: Z, rule: {kind: boolean, points: 1}}
tiers: []
"""

ADVICE = (
    "answer them, or score missing answers as zero ('scoring: {missing: zero}' in the rubric, "
    "or --missing zero; missing='zero' in Python) [answer.missing]"
)


def _missing(rubric: Rubric, answers: dict[str, object]) -> list[str]:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(answers)
    return [p.format("en") for p in for_people(caught.value.problems, rubric._plan)]


def test_the_outermost_group_with_no_answer_is_one_line() -> None:
    rubric = parse_rubric(RUBRIC)
    lines = _missing(rubric, {"x": True})
    assert lines == [
        "<input>: error: $.answers: 6 criteria of group 'g1' unanswered: a, b, c, d, e, …; "
        + ADVICE,
        "<input>: error: $.answers: no answer for 'y'; answer it, or score missing answers as "
        "zero ('scoring: {missing: zero}' in the rubric, or --missing zero; missing='zero' in "
        "Python) [answer.missing]",
        "<input>: error: $.answers: no answer for 'z'; answer it, or score missing answers as "
        "zero ('scoring: {missing: zero}' in the rubric, or --missing zero; missing='zero' in "
        "Python) [answer.missing]",
    ]
    # one answer in g1: its inner group, still unanswered, is the line; the rest one each
    lines = _missing(rubric, {"a": True, "x": True, "y": True, "z": True})
    assert [line.split(": ", 3)[3] for line in lines] == [
        "no answer for 'b'; answer it, or score missing answers as zero ('scoring: {missing: "
        "zero}' in the rubric, or --missing zero; missing='zero' in Python) [answer.missing]",
        f"2 criteria of group 'g1.n' unanswered: c, d; {ADVICE}",
        "no answer for 'e'; answer it, or score missing answers as zero ('scoring: {missing: "
        "zero}' in the rubric, or --missing zero; missing='zero' in Python) [answer.missing]",
        "no answer for 'f'; answer it, or score missing answers as zero ('scoring: {missing: "
        "zero}' in the rubric, or --missing zero; missing='zero' in Python) [answer.missing]",
    ]


def test_other_problems_are_kept_as_they_are() -> None:
    rubric = parse_rubric(RUBRIC)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": True, "b": True, "c": True, "d": True, "e": True, "f": 7})
    told = for_people(caught.value.problems, rubric._plan)
    assert [p.code for p in told] == ["answer.missing", "answer.missing", "answer.invalid"]
    assert "2 criteria of group 'g2' unanswered: x, y" in told[0].message
    assert "no answer for 'z'" in told[1].message
    assert told[2] is caught.value.problems[-1]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    rubric, assessment = tmp_path / "r.yaml", tmp_path / "a.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    assessment.write_text("rubric: r\nanswers:\n  x: yes\n  z: yes\n", encoding="utf-8")
    return rubric, assessment


@pytest.mark.parametrize("command", ["score", "report"])
def test_score_and_report_tell_a_person_one_line_a_group(tmp_path: Path, command: str) -> None:
    rubric, assessment = _files(tmp_path)
    status, _, err = run_cli(command, str(rubric), str(assessment), "--lang", "en")
    assert status == 1
    assert [line.split(": ", 3)[3] for line in err.splitlines()] == [
        f"6 criteria of group 'g1' unanswered: a, b, c, d, e, …; {ADVICE}",
        "no answer for 'y'; answer it, or score missing answers as zero ('scoring: {missing: "
        "zero}' in the rubric, or --missing zero; missing='zero' in Python) [answer.missing]",
    ]
    _, _, vi = run_cli(command, str(rubric), str(assessment))
    assert "lỗi: $.answers: 6 tiêu chí của nhóm 'g1' chưa có câu trả lời: a, b, c, d, e, …; " in vi
    assert len(vi.splitlines()) == 2


def test_json_keeps_one_problem_a_criterion(tmp_path: Path) -> None:
    rubric, assessment = _files(tmp_path)
    status, out, _ = run_cli("score", str(rubric), str(assessment), "--format", "json")
    assert status == 1
    problems = json.loads(out)["problems"]
    assert [p["message"].split(";")[0] for p in problems] == [
        f"no answer for '{c}'" for c in ("a", "b", "c", "d", "e", "f", "y")
    ]


def test_a_batch_and_its_dashboard_tell_a_row_s_unanswered_group_once(tmp_path: Path) -> None:
    rubric, _ = _files(tmp_path)
    sheet = tmp_path / "s.csv"
    sheet.write_text("unit_id,a,b,c,d,e,f,x,y,z\nu1,,,,,,,yes,yes,yes\n", encoding="utf-8")
    status, _, err = run_cli(
        "batch", str(rubric), str(sheet), "-o", str(tmp_path / "out.csv"), "--lang", "en"
    )
    assert status == 1
    (line,) = [line for line in err.splitlines() if "[answer.missing]" in line]
    assert line.endswith(f"6 criteria of group 'g1' unanswered: a, b, c, d, e, …; {ADVICE}")
    loaded = parse_rubric(RUBRIC)
    units = UnitList(loaded, lang="vi")
    for outcome in evaluate_many(loaded, [{"unit_id": "u1", "x": "yes", "y": "yes", "z": "có"}]):
        units.add(outcome)
    (unit,) = units.lines
    assert len(unit.problems) == 1
    assert "6 tiêu chí của nhóm 'g1' chưa có câu trả lời" in unit.problems[0]


def test_a_programme_s_stage_is_told_one_line_a_group(tmp_path: Path) -> None:
    """A programme's unit has its problems said per stage (``stage Self-assessment by the
    unit: ...``, by its label): its unanswered groups are one line each, in that stage's
    words."""
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "unit_id,unit_name,district,unit_type,year,self:g1.1.1,head_disciplined_or_prosecuted\n"
        "xa-a,Xã A,Yên Dũng,xã,2024,có,không\n",
        encoding="utf-8",
    )
    rubric = Path(__file__).parents[2] / "rubrics" / "bac_giang_friendly_gov.yaml"
    _, _, err = run_cli(
        "batch", str(rubric), str(sheet), "-o", str(tmp_path / "out.csv"), "--summary", "none"
    )
    # (a problem of the whole row names no column: no path "$")
    told = [line.split(": lỗi: ")[1] for line in err.splitlines() if "[answer.missing]" in line]
    assert [line.split(";")[0] for line in told] == [
        "bước Xã tự chấm: chưa có câu trả lời cho 'g1.1.2'",
        "bước Xã tự chấm: 3 tiêu chí của nhóm 'g1.2' chưa có câu trả lời: g1.2.1, g1.2.2, g1.2.3",
        "bước Xã tự chấm: 5 tiêu chí của nhóm 'g2' chưa có câu trả lời: g2.1, g2.2, g2.3, g2.4, "
        "g2.5",
        "bước Xã tự chấm: 4 tiêu chí của nhóm 'g3' chưa có câu trả lời: g3.1, g3.2, g3.3, g3.4",
        "bước Xã tự chấm: 3 tiêu chí của nhóm 'g4' chưa có câu trả lời: g4.1, g4.2, g4.3",
        "bước Xã tự chấm: 3 tiêu chí của nhóm 'g5' chưa có câu trả lời: g5.1, g5.2, g5.3",
    ]


def test_what_is_not_a_group_s_every_answer_is_kept_as_it_is() -> None:
    rubric = parse_rubric(RUBRIC)
    answered = dict.fromkeys("abcdefxyz", True)
    # no missing answer, one, or one group's two (exactly two: told as the group)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({k: v for k, v in answered.items() if k != "z"})
    assert for_people(caught.value.problems, rubric._plan) == list(caught.value.problems)
    assert for_people([], rubric._plan) == []
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({k: v for k, v in answered.items() if k not in "xy"})
    (line,) = for_people(caught.value.problems, rubric._plan)
    assert line.message == f"2 criteria of group 'g2' unanswered: x, y; {ADVICE[:-17]}"
    # an answer.missing that names no criterion (as a sheet's missing column could)
    other = Problem("answer.missing", msg("no column {name!r}", name="x"), ("answers",))
    assert for_people([other, other], rubric._plan) == [other, other]


def test_the_group_s_line_is_in_the_place_of_its_first_criterion() -> None:
    # 'a' is not written at all, 'b' is written empty (on its own line): the line is a's
    assessment = parse_assessment(
        "rubric: r\nanswers:\n  b:\n  x: yes\n  y: yes\n  z: yes\n", file="u.yaml"
    )
    rubric = parse_rubric(RUBRIC)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment)
    (line,) = for_people(caught.value.problems, rubric._plan)
    first = next(p for p in caught.value.problems if "'a'" in p.message)
    assert (line.where, line.line, line.column) == (first.where, first.line, first.column)
    assert line.where == "$.answers"
