"""A fact's value as a comparison's operand (eighteenth round): ``at_least: {fact: avg, times:
1.1}``, checked, evaluated exactly by both evaluators, said in reasons, explain and JSON."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tiercert import RubricError, parse_rubric
from tiercert.cli import main
from tiercert.explain import render_tree_text
from tiercert.result import Result

RUBRIC = """\
format: 1
id: fact_operand
version: "1"
title: Model commune
facts:
  - {id: thu_nhap, title: Thu nhập, type: number}
  - {id: thu_nhap_tinh, title: Thu nhập của tỉnh, type: number, default: 70}
  - {id: so_thon, title: Số thôn, type: integer, default: 3}
criteria:
  - {id: g1, title: Nhóm 1, max: 10, rule: {kind: direct}}
  - {id: g2, title: Nhóm 2, max: 10, rule: {kind: direct}}
gates:
  - id: thu_nhap_cao
    title: Thu nhập cao hơn 10%
    tiers: [kieu_mau]
    require: {fact: thu_nhap, at_least: {fact: thu_nhap_tinh, times: 1.1}}
  - id: diem_theo_thon
    title: Nhóm 1 trên số thôn
    require: {score: g1, above: {fact: so_thon}}
  - id: moi_nhom
    title: Mỗi nhóm dưới ba lần số thôn, tính theo phần trăm
    require:
      each_child_of: "@criteria"
      measure: percent
      at_most: {fact: so_thon, times: "33.333333333333"}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 5}
  - {id: kieu_mau, label: Kiểu mẫu, rank: 2, min: 8}
"""


def _both(answers: dict[str, Any], facts: dict[str, Any]) -> Result:
    rubric = parse_rubric(RUBRIC)
    assert rubric._fast is not None  # the compiled evaluator writes code for it
    fast = rubric.evaluate(answers, facts=facts)
    reference = rubric.evaluate(answers, facts=facts, engine="reference")
    assert fast == reference
    assert fast.to_json() == reference.to_json()
    assert rubric.verdict(answers, facts=facts) == (fast.total, fast.certified, fast.tier)
    return fast


@pytest.mark.parametrize(
    ("income", "passes"),
    [("77", True), ("76.999999999999", False), ("77.000000000001", True), ("76", False)],
)
def test_the_fact_times_its_constant_is_compared_exactly(income: str, passes: bool) -> None:
    result = _both({"g1": 9, "g2": 5}, {"thu_nhap": income})
    assert ("thu_nhap_cao" not in result.failed_gates) is passes
    assert (result.tier is not None and result.tier.id == "kieu_mau") is passes


def test_a_unit_s_own_value_overrides_the_programme_s_default() -> None:
    assert (
        "thu_nhap_cao"
        in _both({"g1": 9, "g2": 5}, {"thu_nhap": 80, "thu_nhap_tinh": 73}).failed_gates
    )
    assert "thu_nhap_cao" not in _both({"g1": 9, "g2": 5}, {"thu_nhap": 80}).failed_gates


def test_scores_and_each_child_compare_with_a_fact_too() -> None:
    # g1 must be above so_thon (3); each group at most 33.333333333333 x 3 = 99.999999999999%
    assert _both({"g1": 3, "g2": 5}, {"thu_nhap": 1}).failed_gates == (
        "thu_nhap_cao",
        "diem_theo_thon",
    )
    assert (
        "diem_theo_thon"
        not in _both({"g1": 4, "g2": 5}, {"thu_nhap": 1, "so_thon": 3}).failed_gates
    )
    full = _both({"g1": 10, "g2": 5}, {"thu_nhap": 1})
    assert "moi_nhom" in full.failed_gates
    assert "moi_nhom" not in _both({"g1": 9, "g2": 5}, {"thu_nhap": 1, "so_thon": 4}).failed_gates


def test_the_reason_says_where_the_value_came_from_in_both_languages() -> None:
    result = _both({"g1": 9, "g2": 5}, {"thu_nhap": "76.5"})
    gate = next(g for g in result.gates if g.id == "thu_nhap_cao")
    assert gate.reason == ("fact thu_nhap is 76.5, required at least 77 (1.1 × fact thu_nhap_tinh)")
    assert gate.reason_in("vi") == (
        "thông tin thu_nhap là 76,5, yêu cầu tối thiểu 77 (1,1 × thông tin thu_nhap_tinh)"
    )
    failure = gate.failures[0]
    assert failure.expected == Fraction(77)
    assert failure.of == ("thu_nhap_tinh", Fraction(11, 10))


def test_the_json_names_the_fact_and_reads_back() -> None:
    result = _both({"g1": 3, "g2": 5}, {"thu_nhap": "76.5"})
    data = json.loads(result.to_json())
    by_id = {g["id"]: g for g in data["gates"]}
    assert by_id["thu_nhap_cao"]["failures"][0]["of"] == {"fact": "thu_nhap_tinh", "times": "1.1"}
    assert by_id["diem_theo_thon"]["failures"][0]["of"] == {"fact": "so_thon", "times": "1"}
    assert Result.from_dict(data) == result


def test_a_comparison_with_a_constant_writes_no_of() -> None:
    rubric = parse_rubric(RUBRIC.replace("above: {fact: so_thon}", "above: 3"))
    data = json.loads(rubric.evaluate({"g1": 3, "g2": 5}, facts={"thu_nhap": 1}).to_json())
    failure = next(g for g in data["gates"] if g["id"] == "diem_theo_thon")["failures"][0]
    assert "of" not in failure


def test_explain_writes_the_fact_as_a_person_reads_it() -> None:
    text = render_tree_text(parse_rubric(RUBRIC), "en")
    assert "requires: fact thu_nhap ≥ 1.1 × fact thu_nhap_tinh" in text
    assert "requires: score of g1 > fact so_thon" in text


@pytest.mark.parametrize(
    ("operand", "lang", "said"),
    [
        (
            "{fact: thu_nhap_tinhh}",
            "en",
            "rubric.yaml:17:48: error: $.gates[thu_nhap_cao].require.at_least.fact: no fact "
            "has the id 'thu_nhap_tinhh'; did you mean 'thu_nhap_tinh'? [ref.unknown]",
        ),
        (
            "{fact: loai}",
            "en",
            "rubric.yaml:17:48: error: $.gates[thu_nhap_cao].require.at_least.fact: "
            "'at_least' takes its value from the fact 'loai', which is a choice of options, "
            "not a number; name a number or integer fact [condition.value]",
        ),
        (
            "{fact: loai}",
            "vi",
            "rubric.yaml:17:48: lỗi: $.gates[thu_nhap_cao].require.at_least.fact: 'at_least' "
            "lấy giá trị từ thông tin 'loai', là một lựa chọn trong các phương án, không phải "
            "một số; hãy chọn một thông tin kiểu số hoặc số nguyên [condition.value]",
        ),
        (
            "{fact: thu_nhap_tinh, times: 0}",
            "en",
            "rubric.yaml:17:70: error: $.gates[thu_nhap_cao].require.at_least.times: 0 is out "
            "of range: it must be more than 0 [value.range]",
        ),
        (
            "{fakt: thu_nhap_tinh}",
            "en",
            "rubric.yaml:17:42: error: $.gates[thu_nhap_cao].require.at_least.fakt: unknown "
            "key 'fakt'; did you mean 'fact'? [key.unknown]",
        ),
    ],
)
def test_a_wrong_operand_is_told_where_it_is(
    operand: str, lang: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RUBRIC.replace(
        "  - {id: so_thon,",
        "  - {id: loai, title: Loại, type: choice, options: [a, b]}\n  - {id: so_thon,",
    ).replace("{fact: thu_nhap_tinh, times: 1.1}", operand)
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError):
        parse_rubric(text)
    assert main(["check", str(path), "--lang", lang]) == 1
    out = capsys.readouterr().out.replace(str(tmp_path) + "/", "")
    assert said in out, out


def _compiled_only(rubric: Any, answers: dict[str, Any], facts: dict[str, Any]) -> Result:
    """The compiled evaluator's result, with no fallback to the reference (an error in the
    generated code raises), equal to the reference's."""
    fast = rubric._fast
    assert fast is not None  # the compiled evaluator writes code for it
    result = fast.result(answers, facts, False, None, None)
    assert result == rubric.evaluate(answers, facts=facts, engine="reference")
    assert isinstance(result, Result)
    return result


ZERO_MAX = """\
format: 1
id: fact_operand_zero
version: "1"
title: Model commune
facts:
  - {id: duoi, title: Cận dưới, type: number, default: 0}
  - {id: tren, title: Cận trên, type: number, default: 50}
criteria:
  - {id: g0, title: Nhóm không điểm, max: 0, rule: {kind: direct}}
  - {id: g1, title: Nhóm 1, max: 10, rule: {kind: direct}}
gates:
  - id: moi_nhom
    title: Mỗi nhóm giữa hai cận
    require:
      each_child_of: "@criteria"
      measure: percent
      at_least: {fact: duoi}
      at_most: {fact: tren, times: 2}
      below: 101
  - id: tren_khong
    title: Mỗi nhóm trên 0%
    require: {each_child_of: "@criteria", measure: percent, above: 0}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 5}
"""


@pytest.mark.parametrize(
    ("low", "passes"),
    [("-1", True), ("0", True), ("0.000000000001", False), ("1", False)],
)
def test_a_child_of_maximum_0_compares_its_0_percent_with_a_fact(low: str, passes: bool) -> None:
    # g0 has no percentage of its own: the compiled code writes its 0 % as a constant
    # (Generator.static) and compares it with the fact's value when the code runs; g1's
    # 70 % is within both bounds, so g0's 0 % against `duoi` decides
    fast = _compiled_only(parse_rubric(ZERO_MAX), {"g0": 0, "g1": 7}, {"duoi": low})
    assert ("moi_nhom" not in fast.failed_gates) is passes
    assert "tren_khong" in fast.failed_gates  # g0's 0 % is never above 0


TWICE = """\
format: 1
id: fact_operand_twice
version: "1"
title: Model commune
facts:
  - {id: a, title: A, type: number}
  - {id: b, title: B, type: integer}
criteria:
  - {id: g1, title: Nhóm 1, max: 10, rule: {kind: direct}}
gates:
  - id: gap_doi
    title: A at least twice B
    require: {fact: a, at_least: {fact: b, times: 2}}
  - id: duoi_ruoi
    title: A below one and a half times B
    require: {fact: a, below: {fact: b, times: 1.5}}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 5}
"""


@pytest.mark.parametrize(
    ("a", "b", "failed"),
    [
        ("3", "2", ("gap_doi", "duoi_ruoi")),  # 3 < 2 × 2; 3 = 1.5 × 2
        ("4", "2", ("duoi_ruoi",)),  # 4 = 2 × 2; 4 > 1.5 × 2
        ("2.9", "2", ("gap_doi",)),  # 2.9 < 3
        ("4.5", "3", ("gap_doi", "duoi_ruoi")),  # 4.5 < 6; 4.5 = 1.5 × 3
        ("6", "3", ("duoi_ruoi",)),
        ("-1", "-1", ("duoi_ruoi",)),  # -1 ≥ -2; -1 > -1.5
    ],
)
def test_a_factor_of_two_or_a_half_multiplies_the_fact(
    a: str, b: str, failed: tuple[str, ...]
) -> None:
    # the compiled code multiplies the fact's value by 2 (an int) and by 3/2 (a constant)
    fast = _compiled_only(parse_rubric(TWICE), {"g1": 7}, {"a": a, "b": b})
    assert fast.failed_gates == failed


NOT_A_NUMBER = """\
format: 1
id: fact_operand_not_a_number
version: "1"
title: Model commune
facts:
  - {id: san, title: Sàn, type: number, default: 2}
  - {id: tran, title: Trần, type: integer, default: 8}
criteria:
  - {id: q, title: Số hộ, max: 10, na: {counts_as: excluded}, rule: {kind: count, per_item: 1}}
  - {id: c, title: Có điều kiện, rule: {kind: condition, when: {answer: q, at_least: 1}, points: 2}}
  - {id: g1, title: Nhóm 1, max: 10, rule: {kind: direct}}
gates:
  - id: du
    title: Số hộ giữa sàn và trần
    require: {answer: q, at_least: {fact: san}, at_most: {fact: tran, times: 1.5}}
  - id: duoi
    title: Số hộ dưới trần
    require: {answer: q, below: {fact: tran}}
  - id: tinh
    title: Điều kiện trên sàn
    require: {answer: c, above: {fact: san, times: 0.5}}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 5}
"""


@pytest.mark.parametrize(
    ("answers", "missing", "failed"),
    [
        ({"q": "na", "g1": 7}, False, ("du", "duoi", "tinh")),  # N/A: no number to compare
        ({"g1": 7}, True, ("du", "duoi", "tinh")),  # unanswered, scored as zero
        ({"q": 3, "g1": 7}, False, ("tinh",)),  # c never has an answer
        ({"q": 12, "g1": 7}, False, ("duoi", "tinh")),  # 12 = 1.5 × 8, not below 8
        ({"q": 1, "g1": 7}, False, ("du", "tinh")),  # 1 < 2
    ],
)
def test_a_value_that_is_not_a_number_fails_a_fact_operand(
    answers: dict[str, Any], missing: bool, failed: tuple[str, ...]
) -> None:
    # an N/A answer ("na"), a missing one (None) and a computed criterion's answer (None, c
    # has none) are known when generating (Generator.static): each fails an order on a
    # fact's value, as the reference's holds says, without comparing
    rubric = parse_rubric(NOT_A_NUMBER)
    fast = rubric._fast
    assert fast is not None  # the compiled evaluator writes code for it
    result = fast.result(answers, {}, missing, None, None)  # no fallback: an error raises
    reference = rubric.evaluate(answers, engine="reference", missing="zero" if missing else "error")
    assert result == reference
    assert result.failed_gates == failed
