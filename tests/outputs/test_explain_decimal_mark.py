"""``explain`` in Vietnamese writes a number's decimal comma as the other Vietnamese outputs
do (twenty-second round): rules, bands, levels, conditions, maxima and tier edges; English
keeps its point; the digits never change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tiercert.cli import main

RUBRIC = """
format: 1
id: dau_phay
version: "1"
title: Dấu phẩy
language: vi
criteria:
  - id: c1
    title: Tỷ lệ
    max: 10
    rule: {kind: linear, start: {value: 0, points: 0}, end: {value: 2.5, points: 10}}
  - id: c2
    title: Khoảng
    max: 7.5
    rule: {kind: bands, bands: [{min: 0, max: 1.5, points: 2.5}, {min: 1.5, points: 7.5}]}
  - id: c3
    title: Mức
    max: 2.5
    rule: {kind: levels, levels: [{id: a, label: A, points: 2.5}, {id: b, label: B, points: 0.5}]}
  - id: c4
    title: Thưởng
    max: 1.5
    rule: {kind: condition, when: {percent: c1, at_least: 62.5}, points: 1.5}
gates:
  - {id: g, title: Cổng, require: {score: c1, at_least: 7.5}}
tiers:
  - {id: lo, label: Đạt, rank: 1, min: 12.5}
"""

#: what each Vietnamese line says, with the comma (the English with the point)
SAID = [
    ("0 → 0 đến 2,5 → 10", "0 → 0 to 2.5 → 10"),
    ("0 ≤ v < 1,5 → 2,5; v ≥ 1,5 → 7,5", "0 ≤ v < 1.5 → 2.5; v ≥ 1.5 → 7.5"),
    ("a (A) → 2,5; b (B) → 0,5", "a (A) → 2.5; b (B) → 0.5"),
    ("1,5 khi c1 đạt ≥ 62,5% điểm tối đa", "1.5 when c1 ≥ 62.5% of its maximum"),
    ("điểm của c1 ≥ 7,5", "score of c1 ≥ 7.5"),
    ("12,5 ≤ tổng điểm ≤ 21,5", "12.5 ≤ total ≤ 21.5"),
    ("tối đa 7,5", "max 7.5"),
]


def _explain(path: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["explain", str(path), *args], stdout=out, stderr=err) == 0, err.getvalue()
    return " ".join(out.getvalue().replace("\\<", "<").split())


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_vietnamese_explain_writes_the_decimal_comma(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    vi = _explain(path, "--lang", "vi", "--format", fmt)
    en = _explain(path, "--lang", "en", "--format", fmt)
    for said_vi, said_en in SAID:
        if fmt == "markdown":  # ids are code there
            said_vi = said_vi.replace("c1", "`c1`").replace("a (A)", "`a` (A)")
            said_vi = said_vi.replace("b (B)", "`b` (B)")
            said_en = said_en.replace("c1", "`c1`").replace("a (A)", "`a` (A)")
            said_en = said_en.replace("b (B)", "`b` (B)")
        if "tối đa" in said_vi and fmt == "markdown":
            continue  # the table's column says the maximum
        assert said_vi in vi, (said_vi, vi)
        assert said_en in en, (said_en, en)
    for number in ("2.5", "7.5", "1.5", "0.5", "12.5", "62.5"):
        assert number not in vi, (number, vi)
