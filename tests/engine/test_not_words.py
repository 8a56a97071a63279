"""A gate ``not: {...}`` that fails says what held in the reader's language: the condition's
words are a message (``điểm của c tối thiểu 10,5``), never English words inside a Vietnamese
sentence; the English, which the JSON result keeps, is as it was."""

from __future__ import annotations

import json

import pytest

from tiercert import Assessment, Result, parse_rubric
from tiercert.report import render_html, render_markdown

RUBRIC = """\
format: 1
id: khong
version: "1"
language: vi
title: Không
facts:
  - {id: vung, title: Vùng, type: choice, options: [bac, nam]}
  - {id: moc, title: Mốc, type: number}
  - {id: ky_luat, title: Kỷ luật, type: boolean}
criteria:
  - id: g
    title: Nhóm
    children:
      - {id: c, title: C, max: 20.5, rule: {kind: direct}}
      - {id: d, title: D, max: 10, rule: {kind: direct}}
gates:
  - {id: g1, title: G1, require: {not: {score: c, at_least: 10.5}}}
  - {id: g2, title: G2, require: {not: {fact: vung, in: [nam, bac]}}}
  - {id: g3, title: G3, require: {not: {score: "@criteria", at_least: 1.5, below: 99.5}}}
  - {id: g4, title: G4, require: {not: {percent: "@criteria", above: 0.5}}}
  - {id: g5, title: G5, require: {not: {each_child_of: g, measure: percent, at_least: 2.5}}}
  - id: g6
    title: G6
    require: {not: {all: [{fact: ky_luat, equals: true}, {answer: d, at_least: 2.5}]}}
  - {id: g7, title: G7, require: {not: {any: [{score: d, at_most: {fact: moc, times: 1.5}}]}}}
  - {id: g8, title: G8, require: {not: {not: {percent: c, below: 0.5}}}}
tiers:
  - {id: t1, label: T1, rank: 1, min: 1}
"""

ANSWERS = Assessment(answers={"c": 12.5, "d": 5}, facts={"vung": "nam", "moc": 4, "ky_luat": True})

ENGLISH = [
    "score c at least 10.5",
    "fact vung in [nam, bac]",
    "the total at least 1.5 and below 99.5",
    "percentage of the total above 0.5",
    "every child of g at least 2.5",
    "all of (fact ky_luat equals true; answer d at least 2.5)",
    "any of (score d at most 1.5 × fact moc)",
    "not (percentage of c below 0.5)",
]
VIETNAMESE = [
    "điểm của c tối thiểu 10,5",
    "thông tin vung thuộc [nam, bac]",
    "tổng điểm tối thiểu 1,5 và dưới 99,5",
    "tỷ lệ phần trăm của tổng điểm trên 0,5",
    "mọi tiêu chí con của g tối thiểu 2,5",
    "tất cả (thông tin ky_luat bằng có; câu trả lời d tối thiểu 2,5)",
    "một trong (điểm của d tối đa 1,5 × thông tin moc)",
    "không (tỷ lệ điểm của c dưới 0,5)",
]
HELD = {
    "en": "{} holds, but the rubric requires that it does not",
    "vi": "{} xảy ra, nhưng bộ tiêu chí yêu cầu không được xảy ra",
}


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize(("lang", "said"), [("en", ENGLISH), ("vi", VIETNAMESE)])
def test_what_held_is_said_in_the_reader_s_language(
    engine: str, lang: str, said: list[str]
) -> None:
    result = parse_rubric(RUBRIC).evaluate(ANSWERS, engine=engine)  # type: ignore[arg-type]
    assert [g.reason_in(lang) for g in result.gates] == [HELD[lang].format(s) for s in said]


def test_the_json_keeps_the_english_and_reads_back() -> None:
    result = parse_rubric(RUBRIC).evaluate(ANSWERS)
    data = json.loads(json.dumps(result.to_dict()))
    assert [g["failures"][0]["target"] for g in data["gates"]] == ENGLISH
    assert Result.from_dict(data) == result


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_the_scorecard_says_it_in_vietnamese(render: object) -> None:
    rubric = parse_rubric(RUBRIC)
    card = render(rubric.evaluate(ANSWERS), rubric, lang="vi")  # type: ignore[operator]
    assert "điểm của c tối thiểu 10,5 xảy ra" in card
    assert "score c at least" not in card
    assert "every child of" not in card
