"""Per-unit scorecards: plain text, Markdown and printable HTML."""

from __future__ import annotations

import html
import html.parser

import pytest

import tiercert
from conftest import TESTS
from tiercert import Assessment, Result, Rubric
from tiercert._evidence import lacking_detail, na_lacking_detail
from tiercert._i18n import Message, in_lang
from tiercert.report import render_html, render_markdown, render_text

INPUTS = TESTS / "golden" / "batch" / "inputs"
TRICKY = '<script>alert("x")</script> | *Xã* _Ea_ Sol & Co'


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.load_rubric(INPUTS / "rubric.yaml")


def _result(rubric: Rubric, name: str = "Xã An Hà", **answers: object) -> Result:
    given: dict[str, object] = {
        "g1.1": {"value": True, "justification": "QĐ 12"},
        "g1.2": "kha",
        "g2.1": "79.99",
        "g2.2": 1,
        "g2.3": 4,
    }
    given.update({k.replace("_", "."): v for k, v in answers.items()})
    facts = {"bi_ky_luat": given.pop("bi.ky.luat", False)}
    return rubric.evaluate(Assessment(answers=given, facts=facts, unit_id="xa-a", unit_name=name))


def test_markdown_scorecard(rubric: Rubric) -> None:
    markdown = render_markdown(_result(rubric), rubric)
    lines = markdown.splitlines()
    assert lines[0] == "# Xã An Hà (xa-a)"
    # the rubric's language, Vietnamese: its words and its decimal comma
    assert "| Tổng điểm | 75 / 100 (75%) |" in lines
    assert "| Hạng | 1 sao (bậc 1, đạt chuẩn) |" in lines
    assert "| Hạng tiếp theo | 2 sao từ 80 điểm |" in lines
    assert "| g1 | Dân chủ ở cơ sở | 30 | 40 |" in lines
    assert "- đạt khong_ky_luat Người đứng đầu không bị kỷ luật" in lines
    assert "## Để đạt 2 sao từ 80 điểm" in lines
    assert "- thêm 5 điểm" in lines
    assert "- tổng điểm có thể tăng thêm tối đa 10 điểm nhờ tiêu chí g1.2 Mức độ thực hiện" in lines
    assert (
        "| g2.1 | Tỷ lệ người dân hài lòng (%) | 20 | 30 | trả lời: 79,99, khoảng thứ 2 |" in lines
    )
    assert lines[-1].startswith("_Kết quả này phụ thuộc vào 1 nội dung chưa được văn bản nguồn")
    english = render_markdown(_result(rubric), rubric, lang="en").splitlines()
    assert "| Total | 75 / 100 (75%) |" in english
    assert "| g2.1 | Share of citizens satisfied (%) | 20 | 30 | answer 79.99, band 2 |" in english


def test_markdown_gate_failure_and_fix(rubric: Rubric) -> None:
    markdown = render_markdown(_result(rubric, bi_ky_luat=True), rubric, lang="en")
    assert "| Tier | none (not certified) |" in markdown
    assert (
        "- **FAIL** khong_ky_luat The head was not disciplined: fact bi_ky_luat is "
        "yes, required equals no" in markdown
    )
    assert (
        "- pass the gate khong_ky_luat (The head was not disciplined): No tier can be "
        "recognised this year." in markdown
    )
    # points are not what is missing: no list of points to gain
    assert "available in" not in markdown


def test_a_gate_on_yes_no_says_yes_and_no_in_the_readers_language(rubric: Rubric) -> None:
    """Not ``true``/``false`` inside Vietnamese: the words the criteria list uses (``có``),
    in every format; the JSON keeps the values themselves."""
    result = _result(rubric, bi_ky_luat=True)
    said = "thông tin bi_ky_luat là có, yêu cầu bằng không"
    assert said in render_text(result, rubric)
    assert said in render_markdown(result, rubric)
    assert "bi_ky_luat) là có, yêu cầu bằng không" in render_html(result, rubric)
    gate = result.to_dict()["gates"][0]
    assert gate["reason"] == "fact bi_ky_luat is yes, required equals no"
    assert gate["failures"][0]["actual"] is True
    assert gate["failures"][0]["expected"] is False


def test_markdown_escapes_what_would_break_the_page(rubric: Rubric) -> None:
    markdown = render_markdown(_result(rubric, name=TRICKY), rubric)
    heading = markdown.splitlines()[0]
    assert heading == (
        '# \\<script\\>alert("x")\\</script\\> \\| \\*Xã\\* \\_Ea\\_ Sol & Co (xa-a)'
    )


def test_markdown_top_tier_and_evidence_missing(rubric: Rubric) -> None:
    result = _result(rubric, g1_1=True, g1_2="tot", g2_1=100, g2_2=0)
    markdown = render_markdown(result, rubric)
    assert "thiếu minh chứng, 0 điểm (cần minh chứng phần giải trình (justification))" in markdown
    best = _result(rubric, g1_2="tot", g2_1=100, g2_2=0)
    assert best.next_tier is None
    assert "Để đạt" not in render_markdown(best, rubric)


def test_evidence_and_band_details_in_the_readers_language(rubric: Rubric) -> None:
    """The details a rule or the evidence gives a result are catalog messages: each scorecard
    writes them in its language, a result read back from JSON too, and the data keeps the
    English."""
    scored = _result(rubric, g1_1=True, g1_2="na")
    assert scored.nodes["g1.1"].detail == "needs justification"
    assert scored.nodes["g2.1"].detail == "band 2"
    assert isinstance(scored.nodes["g1.1"].detail, Message)
    assert isinstance(scored.nodes["g2.1"].detail, Message)
    read_back = Result.from_json(scored.to_json())
    assert read_back.nodes["g1.1"].detail == "needs justification"
    vietnamese = "cần minh chứng phần giải trình (justification)"
    for result in (scored, read_back):
        assert vietnamese in render_text(result, rubric)
        assert vietnamese in render_markdown(result, rubric)
        assert vietnamese in html.unescape(render_html(result, rubric))
        assert "khoảng thứ 2" in render_text(result, rubric)
        english = render_text(result, rubric, lang="en")
        assert "(needs justification)" in english
        assert "band 2" in english


def test_evidence_words_join_in_the_readers_language() -> None:
    assert lacking_detail(("justification", "url")) == "needs justification and url"
    assert in_lang(lacking_detail(("justification", "url")), "vi") == (
        "cần minh chứng phần giải trình (justification) và đường dẫn (url)"
    )
    assert (
        in_lang(na_lacking_detail(("url",)), "vi")
        == "“không áp dụng” cần minh chứng đường dẫn (url)"
    )


class _Collect(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_scorecard_is_escaped_and_complete(rubric: Rubric) -> None:
    page = render_html(_result(rubric, name=TRICKY, bi_ky_luat=True), rubric, date="2024-12-20")
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">')
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; | *Xã* _Ea_ Sol &amp; Co" in page
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags
    assert TRICKY in parser.text  # the name, shown exactly as given
    assert "Chưa đạt chuẩn: bị điểm liệt" in parser.text
    assert "Dân chủ ở cơ sở" in page
    assert "20/12/2024" in parser.text  # the day, as a Vietnamese reader writes it


def test_html_shows_control_characters_as_escapes(rubric: Rubric) -> None:
    page = render_html(_result(rubric, name="Xã\x1b[2J An\u202eHà\nB"), rubric)
    assert "\x1b" not in page
    assert "\u202e" not in page
    assert "Xã\\x1b[2J An\\u202eHà\\nB" in page


def test_text_scorecard_is_unchanged(rubric: Rubric) -> None:
    text = render_text(_result(rubric), rubric)
    assert text.splitlines()[:3] == [
        "Xã An Hà (xa-a): Bộ tiêu chí thử nghiệm [thu-nghiem 1]",
        "Tổng điểm: 75 / 100 (75%)",
        "Xếp hạng: 1 sao (bậc 1, đạt chuẩn)",
    ]
