"""Numbers shown never contradict the decision: command-line outputs at the edges (issue 10).

The inputs in ``tests/golden/display/inputs/`` are units whose exact values lie just below a
minimum: Bắc Giang communes at 80 - 1/3e12 (1 star at 80) and 84 - 1/3e12 (2 stars at 84),
and an access-to-law commune whose first criterion is at 49.99...% (a gate at 50%).  Every
output format is compared with its golden file, and checked for the contradiction itself.

Regenerate the golden files after an intended change and read the diff::

    python tools/regen.py
"""

from __future__ import annotations

import io
import json
import shutil
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

import tiercert
from conftest import RUBRICS, TESTS
from conftest import golden as check_golden
from tiercert.cli import main

GOLDEN = TESTS / "golden" / "display"
INPUTS = GOLDEN / "inputs"
BAC_GIANG = str(RUBRICS / "bac_giang_friendly_gov.yaml")
ACCESS = str(RUBRICS / "vn_access_to_law.yaml")
EDGE_80 = 80 - Fraction(1, 3 * 10**12)
EDGE_84 = 84 - Fraction(1, 3 * 10**12)

CASES = [
    (BAC_GIANG, "bac_giang_edge_80.yaml"),
    (BAC_GIANG, "bac_giang_edge_84.yaml"),
    (ACCESS, "access_to_law_half.yaml"),
]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(INPUTS, folder)
    monkeypatch.chdir(folder)
    return folder


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def test_the_inputs_lie_where_their_comments_say() -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    edge_80 = rubric.evaluate(tiercert.load_assessment(INPUTS / "bac_giang_edge_80.yaml"))
    edge_84 = rubric.evaluate(tiercert.load_assessment(INPUTS / "bac_giang_edge_84.yaml"))
    assert (edge_80.total, edge_80.certified, edge_80.tier) == (EDGE_80, False, None)
    assert edge_84.total == EDGE_84
    assert edge_84.tier is not None
    assert edge_84.tier.id == "sao-1"
    half = tiercert.load_rubric(ACCESS).evaluate(
        tiercert.load_assessment(INPUTS / "access_to_law_half.yaml")
    )
    assert half.failed_gates == ("each_criterion_half",)
    assert half.gates[0].failures[0].actual == 50 - Fraction(1, 6 * 10**12)


@pytest.mark.parametrize(("rubric", "name"), CASES)
def test_score_text(work: Path, rubric: str, name: str) -> None:
    status, out, err = run("score", rubric, name)
    assert (status, err) == (0, "")
    golden(name.replace(".yaml", ".score.txt"), out)
    for contradiction in ("Total: 80 ", "Total: 84 ", "Total: 90 "):
        assert contradiction not in out
    assert "needs nothing more" not in out
    assert "is 50, required at least 50" not in out


@pytest.mark.parametrize(("rubric", "name"), CASES)
def test_score_json_is_exact_and_reads_back(work: Path, rubric: str, name: str) -> None:
    status, out, err = run("score", rubric, name, "--format", "json")
    assert (status, err) == (0, "")
    golden(name.replace(".yaml", ".score.json"), out)
    data = json.loads(out)
    total = tiercert.read_exact_number(data["total"])
    if data["next_tier"] is not None:
        least = tiercert.read_exact_number(data["next_tier"]["min"])
        needed = tiercert.read_exact_number(data["next_tier"]["points_needed"])
        assert needed == max(least - total, 0)
    result = tiercert.Result.from_dict(data)
    assert result.to_json() + "\n" == out
    expected = tiercert.load_rubric(rubric).evaluate(tiercert.load_assessment(name))
    assert result == expected


@pytest.mark.parametrize(("rubric", "name"), CASES)
def test_score_markdown(work: Path, rubric: str, name: str) -> None:
    status, out, err = run("score", rubric, name, "--format", "markdown")
    assert (status, err) == (0, "")
    golden(name.replace(".yaml", ".score.md"), out)
    assert "| Total | 80 " not in out
    assert "| Total | 84 " not in out
    assert "| Tổng điểm | 80 " not in out  # the rubric's language: Vietnamese
    assert "| Tổng điểm | 84 " not in out


def test_report_html(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1734652800")  # the page's date: 2024-12-20
    status, _out, err = run("report", BAC_GIANG, "bac_giang_edge_80.yaml", "-o", "card.html")
    assert (status, err) == (0, "đã ghi card.html\n")  # standard error: what was done
    html = (work / "card.html").read_text(encoding="utf-8")
    golden("bac_giang_edge_80.report.html", html)
    # the rubric's language, Vietnamese: the decimal comma, the same cut toward the decision
    assert '<span class="big num">79,999999999999…</span>' in html
    assert '<span class="num">79,999999999999…%</span>' in html
    assert "<strong>thêm 0,000000000001… điểm</strong>" in html
    assert ">80<" not in html.split('<section class="panel groups"')[0].split("</svg>")[0]


def test_batch_csv_and_summary(work: Path) -> None:
    status, out, err = run("batch", BAC_GIANG, "bac_giang_edges.csv")
    assert status == 0
    golden("bac_giang_edges.out.csv", out)
    golden("bac_giang_edges.summary.txt", err)
    rows = out.splitlines()
    assert rows[1].startswith("2,xa-bien-80,Xã Biên 80,scored,79.999999999999…,")
    assert ",false,,,sao-1,0.000000000001…," in rows[1]
    assert "Đạt chuẩn: 2 trên 3 (66,6…%)" in err
    status, _, err = run("batch", BAC_GIANG, "bac_giang_edges.csv", "--lang", "en")
    assert "Certified: 2 of 3 (66.6…%)" in err


def test_batch_jsonl_is_exact_and_agrees_with_single_results(work: Path) -> None:
    status, out, _ = run("batch", BAC_GIANG, "bac_giang_edges.csv", "-o", "results.jsonl")
    assert status == 0
    text = (work / "results.jsonl").read_text(encoding="utf-8")
    golden("bac_giang_edges.out.jsonl", text)
    golden("bac_giang_edges.summary.stdout.txt", out)
    rubric = tiercert.load_rubric(BAC_GIANG)
    for line, name in zip(
        text.splitlines(), ["bac_giang_edge_80.yaml", "bac_giang_edge_84.yaml"], strict=False
    ):
        record = json.loads(line)
        single = rubric.evaluate(tiercert.load_assessment(name)).to_dict()
        assert record["total"] == single["total"]
        assert record["percentage"] == single["percentage"]
        assert single["next_tier"] is not None
        assert record["points_to_next_tier"] == single["next_tier"]["points_needed"]
        assert record["g5.score"] == "32/3"


def test_batch_xlsx_cells_show_what_the_text_shows(work: Path) -> None:
    status, _, _ = run("batch", BAC_GIANG, "bac_giang_edges.csv", "-o", "results.xlsx")
    assert status == 0
    book = openpyxl.load_workbook(work / "results.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    edge = dict(zip(header, sheet[2], strict=True))
    exact = dict(zip(header, sheet[4], strict=True))
    # a number whose float Excel would show as 80 (a tier's minimum), or 0, is text, as
    # people read it, cut toward the decision
    assert edge["total"].value == "79.999999999999…"
    assert edge["points_to_next_tier"].value == "0.000000000001…"
    # one far from every number its column was compared with is the float nearest it, its
    # 12 places fixed: a number Excel adds (twenty-fifth round)
    assert edge["g5.score"].value == float(f"{32 / 3:.16g}")
    assert edge["g5.score"].number_format == "0.000000000000"
    # exact numbers stay numbers, with their own decimal places fixed (never rounded by Excel)
    assert (exact["total"].value, exact["total"].number_format) == (85.1, "0.0")
    assert exact["g1.score"].value == 17
    book.close()


def test_batch_summary_json(work: Path) -> None:
    status, out, _ = run(
        "batch", BAC_GIANG, "bac_giang_edges.csv", "-o", "results.csv", "--summary", "json"
    )
    assert status == 0
    golden("bac_giang_edges.summary.json", out)
    data = json.loads(out)
    mean = (EDGE_80 + EDGE_84 + Fraction("85.1")) / 3
    assert tiercert.read_exact_number(data["total"]["mean"]) == mean


def test_gate_message_in_every_scorecard(work: Path) -> None:
    reason = "percentage of tc1 is 49.999999999999…, required at least 50"
    vietnamese = "tỷ lệ điểm của tc1 là 49,999999999999…, yêu cầu tối thiểu 50"
    for format in ("text", "json", "markdown"):
        for lang in ("en", "vi"):
            args = ("score", ACCESS, "access_to_law_half.yaml", "--format", format, "--lang", lang)
            status, out, _ = run(*args)
            assert status == 0
            # the JSON's reason is data: English in every language
            assert (reason if lang == "en" or format == "json" else vietnamese) in out, format


def test_the_readme_main_command_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's main command (issue 13): the Bắc Giang rubric's language is Vietnamese,
    so the scorecard is Vietnamese; ``--lang en`` or ``TIERCERT_LANG=en`` make it English."""
    monkeypatch.delenv("TIERCERT_LANG", raising=False)
    unit = str(RUBRICS.parent / "examples" / "bac_giang" / "xa_mau_a.yaml")
    status, vietnamese, err = run("score", BAC_GIANG, unit)
    assert (status, err) == (0, "")
    golden("readme_xa_mau_a.vi.txt", vietnamese)
    assert vietnamese.splitlines()[1] == "Tổng điểm: 85,1 / 100 (85,1%)"
    status, english, err = run("score", BAC_GIANG, unit, "--lang", "en")
    assert (status, err) == (0, "")
    golden("readme_xa_mau_a.en.txt", english)
    assert english.splitlines()[1] == "Total: 85.1 / 100 (85.1%)"
    monkeypatch.setenv("TIERCERT_LANG", "en")  # the environment over the rubric's language
    assert run("score", BAC_GIANG, unit)[1] == english
    assert run("score", BAC_GIANG, unit, "--lang", "vi")[1] == vietnamese  # the flag over both
