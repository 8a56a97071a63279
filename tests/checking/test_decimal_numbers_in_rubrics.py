"""Decimal numbers of the rubric itself (points, a maximum, a band's edge, a tier's minimum, a
cap, a weight) written like ``1.000`` or ``1.500``: refused saying what to write for each
reading (one, or one thousand with a dot between thousands, as Vietnamese writes it), where
they were read as 1 and 1.5 without a word.  The values a condition compares keep the rule of
what they are compared with: an answer's range, a fact's type, a score's maximum, 0 to 100 for
a percentage (``test_whole_numbers_in_rubrics.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiercert
from conftest import run_cli

RUBRIC = """\
format: 1
id: d
version: "1"
title: D
incomplete_cap: {cap}
criteria:
  - {{id: d, title: D, max: {max}, rule: {{kind: direct}}}}
  - {{id: a, title: A, rule: {{kind: boolean, points: {points}}}}}
  - id: b
    title: B
    rule: {{kind: bands, bands: [{{min: 0, max: {edge}, points: 0}}, {{min: {edge}, points: 2}}]}}
  - {{id: c, title: C, rule: {{kind: ratio, points: 2, full_at: {full_at}}}}}
gates:
  - {{id: g, title: G, require: {{score: d, at_least: {score}}}}}
  - {{id: h, title: H, require: {{percent: a, at_least: {percent}}}}}
tiers:
  - {{id: t, label: T, rank: 1, min: {min}}}
"""

GIVEN = {
    "max": "2000",
    "cap": "1999",
    "points": "1",
    "edge": "50",
    "full_at": "80",
    "score": "1",
    "percent": "50",
    "min": "1",
}


def _check(tmp_path: Path, lang: str = "en", **values: str) -> tuple[int, list[str]]:
    rubric = tmp_path / "d.yaml"
    rubric.write_text(RUBRIC.format(**{**GIVEN, **values}), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", lang)
    return status, [line.split("d.yaml:", 1)[1] for line in out.splitlines()[:-1]]


def _said(value: str, one: str, thousand: str, one_written: str = "") -> str:
    """What the check says of ``value``, written like thousands, in English."""
    if one.isdigit():
        return (
            f"it could mean {one} or {one} thousand: write {one} for {one}, {thousand} for "
            f"{one} thousand (a dot is a decimal point; numbers have no thousands separator)"
        )
    return (
        f"it could mean {one} or {thousand}: write {one_written or one} for {one}, {thousand} "
        f"for {thousand} (a dot is a decimal point; numbers have no thousands separator)"
    )


def test_decimal_numbers_of_the_rubric_written_like_thousands_are_refused(
    tmp_path: Path,
) -> None:
    """Each at its own place (file:line:column), saying what to write for each reading; the
    points ``1.000`` were read as 1 point, where a Vietnamese author may have meant 1000."""
    status, lines = _check(
        tmp_path,
        max="1.000",
        cap='"2.500"',
        points="1.000",
        edge="1.500",
        full_at="7.375",
        min="2.000",
    )
    assert status == 1
    grouped = "[value.number]"
    assert lines == [
        f"5:17: error: $.incomplete_cap: expected a number, got '2.500'; "
        f"{_said('2.500', '2.5', '2500')} {grouped}",
        f"7:28: error: $.criteria[d].max: expected a number, got 1.000; "
        f"{_said('1.000', '1', '1000')} {grouped}",
        f"8:53: error: $.criteria[a].rule.points: expected a number, got 1.000; "
        f"{_said('1.000', '1', '1000')} {grouped}",
        f"11:47: error: $.criteria[b].rule.bands[0].max: expected a number, got 1.500; "
        f"{_said('1.500', '1.5', '1500')} {grouped}",
        f"11:72: error: $.criteria[b].rule.bands[1].min: expected a number, got 1.500; "
        f"{_said('1.500', '1.5', '1500')} {grouped}",
        f"12:63: error: $.criteria[c].rule.full_at: expected a number, got 7.375; "
        f"{_said('7.375', '7.375', '7375', '7.3750')} {grouped}",
        f"17:37: error: $.tiers[t].min: expected a number, got 2.000; "
        f"{_said('2.000', '2', '2000')} {grouped}",
    ]


def test_the_vietnamese_check_says_it_in_vietnamese(tmp_path: Path) -> None:
    status, lines = _check(tmp_path, "vi", points="1.000")
    assert status == 1
    assert lines == [
        "8:53: lỗi: $.criteria[a].rule.points: cần một số, nhưng nhận được 1.000; có thể hiểu "
        "là 1 hoặc 1 nghìn: ghi 1 nếu là 1, 1000 nếu là 1 nghìn (dấu chấm là dấu thập phân; số "
        "không có dấu phân cách hàng nghìn) [value.number]"
    ]


def test_the_models_refuse_it_too(tmp_path: Path) -> None:
    """``load_rubric`` (the pydantic models) agrees with ``check`` (the light schema)."""
    rubric = tmp_path / "d.yaml"
    rubric.write_text(RUBRIC.format(**{**GIVEN, "points": "1.000"}), encoding="utf-8")
    with pytest.raises(tiercert.RubricError) as refused:
        tiercert.load_rubric(rubric)
    assert [(p.code, p.line, p.column) for p in refused.value.problems] == [("value.number", 8, 53)]


@pytest.mark.parametrize(
    "values",
    [
        # one reading only: no group of three digits after the dot, or a 0 before it
        {"max": "1000.0", "points": "1.0", "edge": "1.50", "full_at": "7.3750", "min": "0.125"},
        {"cap": '"1999"', "points": '"1"', "edge": "12.5", "min": "1.5"},
        # a value compared with a percentage runs from 0 to 100: 72.500 can only be 72.5
        {"percent": "72.500"},
        # a score threshold whose thousands reading is above the score's maximum: 1.5 only
        {"score": "1.500", "max": "2"},
    ],
)
def test_other_ways_of_writing_decimal_numbers_still_read(
    tmp_path: Path, values: dict[str, str]
) -> None:
    status, lines = _check(tmp_path, **values)
    assert [line for line in lines if "error" in line] == []
    assert status == 0


SCORED = """\
format: 1
id: s
version: "1"
title: S
criteria:
  - {id: diem, title: Points given, max: 2000, rule: {kind: direct}}
gates:
  - {id: g, title: G, require: {score: diem, at_least: 1.500}}
tiers: []
"""


def test_a_score_threshold_is_refused_where_both_readings_are_scores(tmp_path: Path) -> None:
    """A criterion scoring up to 2000 points takes both 1.5 and 1500: its threshold ``1.500``
    is refused as an answer of 1.500 to it would be."""
    rubric = tmp_path / "s.yaml"
    rubric.write_text(SCORED, encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", "en")
    assert status == 1
    assert out.splitlines()[0].split("s.yaml:", 1)[1] == (
        "8:56: error: $.gates[g].require.at_least: compared with the score of 'diem', 1.500 is "
        "ambiguous in the allowed range 0 to 2000; "
        + _said("1.500", "1.5", "1500")
        + " [condition.value]"
    )
    _, vi, _ = run_cli("check", str(rubric), "--lang", "vi")
    assert "so với điểm của 'diem', 1.500 không rõ nghĩa" in vi


EACH = """\
format: 1
id: e
version: "1"
title: E
criteria:
  - id: g
    title: G
    children:
      - {{id: a, title: A, max: {max}, rule: {{kind: direct}}}}
      - {{id: b, title: B, rule: {{kind: boolean, points: 2}}}}  # 1.5 within reach
gates:
  - {{id: s, title: S, require: {{each_child_of: g, measure: score, at_least: {score}}}}}
  - {{id: p, title: P, require: {{each_child_of: g, at_least: {percent}}}}}
tiers: []
"""


def test_each_childs_threshold_is_refused_where_both_readings_are_in_its_range(
    tmp_path: Path,
) -> None:
    """Children scoring up to 2000 points take 1.5 and 1500; a percentage only 1.5."""
    rubric = tmp_path / "e.yaml"
    rubric.write_text(EACH.format(max=2000, score="1.500", percent="1.500"), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", "en")
    assert status == 1
    assert [line.split("e.yaml:", 1)[1] for line in out.splitlines()[:-1]] == [
        "12:77: error: $.gates[s].require.at_least: compared with each child's score, 1.500 "
        "is ambiguous in the allowed range 0 to 2000; "
        + _said("1.500", "1.5", "1500")
        + " [condition.value]"
    ]
    _, vi, _ = run_cli("check", str(rubric), "--lang", "vi")
    assert "so với điểm của mỗi tiêu chí thành phần, 1.500 không rõ nghĩa" in vi
    rubric.write_text(EACH.format(max=2, score="1.500", percent="72.500"), encoding="utf-8")
    assert run_cli("check", str(rubric), "--lang", "en")[0] == 0
