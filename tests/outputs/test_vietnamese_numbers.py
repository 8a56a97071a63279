"""Every number a Vietnamese reader is told (points, maxima, a share, what a penalty took) is
written with the decimal comma, as every Vietnamese output writes numbers (``2,5 điểm``);
only the numbers a reader is told to *write* (an answer's bounds, the template's rule for
numbers) keep the dot the file needs (twenty-fifth round).

One rubric with a rule of every kind, each with points and bounds that have decimals, written
in Vietnamese by every output for people: the template (YAML, CSV, XLSX), ``explain``,
``score`` and the Markdown scorecard."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli
from tiercert.rules import RULES

RUBRIC = """\
format: 1
id: va
version: "1"
language: vi
title: Thử số
criteria:
  - id: g
    title: Nhóm một
    max: 52.5
    children:
      - {id: c_yes, title: Có, rule: {kind: boolean, points: 7.5}}
      - {id: c_lv, title: Mức, rule: {kind: levels, levels: [
          {id: tot, label: Tốt, points: 7.5}, {id: kem, points: 2.5}]}}
      - {id: c_bd, title: Dải, max: 7.5, rule: {kind: bands, bands: [
          {min: 0, max: 50.5, points: 0}, {min: 50.5, max: 100, points: 7.5}]}}
      - {id: c_ln, title: Tuyến, rule: {kind: linear,
          start: {value: 0.5, points: 0}, end: {value: 99.5, points: 7.5}}}
      - {id: c_ct, title: Đếm, max: 7.5, rule: {kind: count, per_item: 2.5}}
      - {id: c_rt, title: Tỉ lệ, rule: {kind: ratio, points: 7.5, full_at: 80.5}}
      - {id: c_dr, title: Trực tiếp, max: 7.5, rule: {kind: direct}}
  - id: h
    title: Nhóm hai
    max: 10.5
    children:
      - {id: d_yes, title: Chính, rule: {kind: boolean, points: 10.5}}
      - {id: d_cd, title: Điều kiện, rule: {kind: condition,
          when: {percent: g, at_least: 50.5}, points: 1.5}}
  - {id: t, title: Trừ, penalty: true, max: 5.5, rule: {kind: deduction, per_item: 1.5}}
tiers:
  - {id: dong, label: Đồng, rank: 1, min: 30.5}
  - {id: bac, label: Bạc, rank: 2, min: 50.5}
"""
ANSWERS = """\
rubric: va
unit: {id: x, name: Xã X}
answers: {c_yes: true, c_lv: kem, c_bd: 60.5, c_ln: 40.5, c_ct: 2, c_rt: 24/27, c_dr: 3.5,
          d_yes: false, t: 3}
"""
#: a number written with a dot: ``2.5``, never an id's or a version's (``tiercert 0.1.0``)
DOTTED = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
#: what the reader is told to write, which keeps the dot: an answer's bounds (``từ 0 đến
#: 7.5``) and the template's rule for numbers (``1.5 (không viết 1,5)``)
TO_WRITE = re.compile(r"từ [\d.]+ đến [\d.]+|dùng dấu chấm cho phần thập phân: 1\.5|viết 1\.500")


def told(text: str) -> list[str]:
    """The numbers with a dot in ``text`` that are not what the reader writes."""
    return DOTTED.findall(TO_WRITE.sub("", text))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("vi")
    (here / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (here / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    return here


def test_the_rubric_has_a_rule_of_every_kind() -> None:
    """A new kind of rule is added here too, so its texts are walked."""
    assert set(re.findall(r"kind: (\w+)", RUBRIC)) == set(RULES)


@pytest.mark.parametrize(
    "command",
    [
        ("template", "{r}"),
        ("template", "{r}", "--format", "csv"),
        ("explain", "{r}"),
        ("explain", "{r}", "--format", "markdown"),
        ("score", "{r}", "{a}"),
        ("score", "{r}", "{a}", "--format", "markdown"),
    ],
    ids=" ".join,
)
def test_every_number_told_has_the_decimal_comma(files: Path, command: tuple[str, ...]) -> None:
    argv = [part.format(r=files / "r.yaml", a=files / "a.yaml") for part in command]
    status, out, err = run_cli(*argv)
    assert status in (0, 1), err
    assert "2,5" in out or "7,5" in out  # the numbers are there, in Vietnamese
    assert told(out) == []
    status, english, _ = run_cli(*argv, "--lang", "en")
    assert DOTTED.search(english)  # English keeps its dot


def test_the_xlsx_template_tells_numbers_with_the_decimal_comma(files: Path) -> None:
    book = files / "t.xlsx"
    run_cli("template", str(files / "r.yaml"), "-o", str(book))
    texts = []
    for sheet in openpyxl.load_workbook(book):
        texts += [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        for rule in sheet.data_validations.dataValidation:
            texts += [t for t in (rule.prompt, rule.error) if t]
    assert any("2,5 điểm" in text for text in texts)
    assert [(text, told(text)) for text in texts if told(text)] == []
