"""A target about some units (``by``) names each attribute by its title in the reader's
language, as people know it, never by its id (``[huyen: Bắc]``): the summaries (text,
Markdown), the dashboard, ``explain`` and ``progress`` (twenty-fifth round)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

RUBRIC = """\
format: 1
id: vt
version: "1"
language: vi
title: {vi: Xã thử, en: Test communes}
criteria:
  - {id: a, title: Dịch vụ, max: 50, rule: {kind: direct}}
  - {id: b, title: Công khai, max: 50, rule: {kind: direct}}
tiers:
  - {id: dong, label: {vi: Đồng, en: Bronze}, rank: 1, min: 50}
attributes:
  - {id: huyen, title: {vi: Huyện, en: District}, type: choice, values: [Bắc, Nam]}
  - {id: year, title: {vi: Năm, en: Year}, type: number, round: true, required: true}
targets:
  - {period: "2024", share: 100, by: {huyen: [Bắc]}}
"""
ROWS = "unit_id,unit_name,huyen,year,a,b\nx1,Xã 1,Bắc,2024,40,40\nx2,Xã 2,Bắc,2024,1,1\n"
#: the line's scope in each language: the title in it, the values as the units give them
SCOPE = {"vi": "[Huyện: Bắc]", "en": "[District: Bắc]"}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "u.csv").write_text(ROWS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_summary_names_the_attribute_by_its_title(files: Path, lang: str, fmt: str) -> None:
    _, said, _ = run_cli(
        "batch", str(files / "r.yaml"), str(files / "u.csv"), "-o", str(files / "o.csv"),
        "--lang", lang, "--summary", fmt,
    )  # fmt: skip
    said = said.replace("\\[", "[").replace("\\]", "]")  # Markdown's escapes
    assert SCOPE[lang] in said
    assert "huyen" not in said


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_dashboard_explain_and_progress_name_it_by_its_title(files: Path, lang: str) -> None:
    board = files / "board.html"
    status, _, _ = run_cli(
        "batch", str(files / "r.yaml"), str(files / "u.csv"), "-o", str(files / "o.csv"),
        "--lang", lang, "--summary-output", str(board),
    )  # fmt: skip
    assert status in (0, 1)
    page = board.read_text(encoding="utf-8")
    assert SCOPE[lang] in page
    assert "[huyen" not in page
    _, tree, _ = run_cli("explain", str(files / "r.yaml"), "--lang", lang)
    assert f"2024 {SCOPE[lang]}" in tree
    assert "[huyen" not in tree
    _, rounds, _ = run_cli(
        "progress", str(files / "o.csv"), "--rubric", str(files / "r.yaml"), "--lang", lang
    )
    assert SCOPE[lang] in rounds
    assert "[huyen" not in rounds
