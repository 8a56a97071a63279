"""Tiers that only rate (twenty-first round): a PAR index puts departments in groups, it
certifies nobody.  A unit below every group read "chưa xếp hạng (chưa đạt chuẩn)" and a unit
in Group I "Nhóm I (bậc 2, chưa đạt chuẩn)": a failure the scheme never states.  Every output
(``score``, ``report`` in text, Markdown and HTML, the batch summary and dashboard,
``explain``, ``diff --impact``) now says "not rated" / "chưa xếp hạng" and leaves
"certified" out; a ladder that certifies keeps its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

RATING_ONLY = """\
format: 1
id: par_index
version: "1"
language: vi
title: {vi: Chỉ số CCHC, en: PAR index}
criteria:
  - {id: a, title: {vi: Chỉ đạo, en: Direction}, max: 50, rule: {kind: direct}}
  - {id: b, title: {vi: Thủ tục, en: Procedures}, max: 50, rule: {kind: direct}}
tiers:
  - {id: nhom_2, label: {vi: Nhóm II, en: Group II}, rank: 1, min: 80, certified: false}
  - {id: nhom_1, label: {vi: Nhóm I, en: Group I}, rank: 2, min: 90, certified: false}
"""
#: the same ladder with a tier that certifies on top (OCOP's shape: 1-2 stars rate, 3 certify)
MIXED = RATING_ONLY.replace("id: par_index", "id: mixed").replace(
    "min: 90, certified: false", "min: 90"
)
#: the same ladder, every tier certifying
CERTIFYING = RATING_ONLY.replace("id: par_index", "id: certifying").replace(
    ", certified: false", ""
)
NOT_CERTIFIED = ("chưa đạt chuẩn", "Chưa đạt chuẩn", "not certified", "Not certified")


def _files(tmp_path: Path, rubric: str, a: int, b: int) -> tuple[str, str]:
    rubric_file = tmp_path / "r.yaml"
    rubric_file.write_text(rubric, encoding="utf-8")
    unit = tmp_path / "u.yaml"
    unit.write_text(f"unit: {{id: s1, name: Sở A}}\nanswers: {{a: {a}, b: {b}}}\n", "utf-8")
    return str(rubric_file), str(unit)


def _said(*argv: str) -> str:
    status, out, err = run_cli(*argv)
    assert status == 0, err
    return out


@pytest.mark.parametrize(
    ("lang", "none", "grouped"),
    [
        ("vi", "Xếp hạng: chưa xếp hạng\n", "Nhóm I (bậc 2)\n"),
        ("en", "none (not rated)", "(rank 2)"),
    ],
)
def test_score_and_report_say_not_rated(tmp_path: Path, lang: str, none: str, grouped: str) -> None:
    rubric, unit = _files(tmp_path, RATING_ONLY, 30, 33)
    for fmt in ("text", "markdown"):
        out = _said("score", rubric, unit, "--lang", lang, "--format", fmt)
        assert (none if fmt == "text" else none.strip().split(": ")[-1]) in out, out
        assert not any(word in out for word in NOT_CERTIFIED), out
    _said("report", rubric, unit, "--lang", lang, "-o", str(tmp_path / "card.html"))
    page = (tmp_path / "card.html").read_text("utf-8")
    badge = page.split('id="verdict">', 1)[1].split("</p>", 1)[0]
    assert badge == ("Chưa xếp hạng" if lang == "vi" else "Not rated")
    assert not any(word in page for word in NOT_CERTIFIED)
    rubric, unit = _files(tmp_path, RATING_ONLY, 45, 46)
    out = _said("score", rubric, unit, "--lang", lang)
    assert grouped in out
    assert not any(word in out for word in NOT_CERTIFIED), out
    _said("report", rubric, unit, "--lang", lang, "-o", str(tmp_path / "card.html"))
    page = (tmp_path / "card.html").read_text("utf-8")
    badge = page.split('id="verdict">', 1)[1].split("</p>", 1)[0]
    assert badge == ("Được xếp hạng" if lang == "vi" else "Rated")
    assert not any(word in page for word in NOT_CERTIFIED)


def test_batch_summary_and_dashboard_leave_certified_out(tmp_path: Path) -> None:
    rubric, _ = _files(tmp_path, RATING_ONLY, 0, 0)
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,a,b\ns1,30,33\ns2,45,46\ns3,40,41\n", encoding="utf-8")
    for fmt in ("text", "markdown"):
        for lang in ("vi", "en"):
            out = _said(
                "batch", rubric, str(sheet), "-o", str(tmp_path / "o.csv"),
                "--summary", fmt, "--lang", lang,
            )  # fmt: skip
            assert "Đạt chuẩn" not in out
            assert "Certified" not in out
            assert ("chưa xếp hạng" if lang == "vi" else "no tier") in out, out
    cards = tmp_path / "cards"
    _said("batch", rubric, str(sheet), "--cards", str(cards), "-o", str(tmp_path / "o.csv"))
    board = (cards / "index.html").read_text("utf-8")
    assert "Nhóm I" in board
    assert "đạt chuẩn" not in board.lower(), board


def test_explain_says_what_lies_below_the_ladder(tmp_path: Path) -> None:
    for text, below in (
        (RATING_ONLY, "dưới hạng thấp nhất: chưa xếp hạng"),
        (MIXED, "dưới hạng thấp nhất: chưa xếp hạng"),
        (CERTIFYING, "dưới hạng thấp nhất: chưa đạt chuẩn"),
    ):
        rubric, _ = _files(tmp_path, text, 0, 0)
        assert below in _said("explain", rubric)


def test_a_ladder_that_certifies_keeps_its_words(tmp_path: Path) -> None:
    rubric, unit = _files(tmp_path, CERTIFYING, 30, 33)
    assert "Xếp hạng: chưa xếp hạng (chưa đạt chuẩn)" in _said("score", rubric, unit)
    rubric, unit = _files(tmp_path, MIXED, 30, 33)
    # below a lowest tier that only rates: not rated (and so not certified either)
    assert "Tier: none (not rated)" in _said("score", rubric, unit, "--lang", "en")
    rubric, unit = _files(tmp_path, MIXED, 40, 42)
    out = _said("score", rubric, unit, "--lang", "en")
    assert "Group II (rank 1, not certified)" in out, out


def test_impact_does_not_call_a_rated_unit_not_certified(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(RATING_ONLY, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        RATING_ONLY.replace('version: "1"', 'version: "2"').replace("min: 80", "min: 85"),
        encoding="utf-8",
    )
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,a,b\ns1,41,41\n", encoding="utf-8")
    _, out, err = run_cli("diff", str(old), str(new), "--impact", str(sheet), "--lang", "en")
    assert "82, Group II → 82, no tier" in out, out + err
    assert "not certified" not in out
