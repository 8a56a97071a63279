"""The pages as a person sees them: rendered by a real headless Chromium (Debian's chromium,
driven by Playwright's client; .ci/run installs it).  On CI (``CI=true``) a missing browser
fails these tests: a skipped browser test proves nothing."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiercert
from conftest import EXAMPLES, ROOT, run_cli
from strategies import answers_for
from tiercert._browser import FLAGS, find_browser
from tiercert.dashboard import UnitList, render_dashboard
from tiercert.report import render_html
from tiercert.summary import SummaryBuilder

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

BAC_GIANG = EXAMPLES / "bac_giang"
PHONE = 360
#: an A4 page in PDF points, and how far a page size may be off (rounding)
A4 = (595.28, 841.89)
SHIPPED = sorted(p.stem for p in (ROOT / "rubrics").glob("*.yaml"))
HOSTILE = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2">Xã Ấp'


def _missing(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the browser tests to run: {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = find_browser()
    if path is None:
        _missing("no headless Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright's client is not installed (the test extra)")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(
            executable_path=path, args=[flag for flag in FLAGS if flag != "--headless"]
        )
        yield found
        found.close()


def _context(browser: Browser, width: int) -> BrowserContext:
    """A window ``width`` pixels wide; a phone's (it obeys the page's viewport tag) at 360."""
    return browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width <= 480)


def _open(browser: Browser, path: Path, width: int = 1000) -> Page:
    context = _context(browser, width)
    page = context.new_page()
    page.goto(path.as_uri())
    return page


def _overflow(page: Page, width: int) -> int:
    """How many pixels the page is wider than the window (0: none)."""
    return max(0, int(page.evaluate("document.documentElement.scrollWidth")) - width)


def _card_file(tmp_path: Path, name: str, lang: str | None = None) -> Path:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    result = rubric.evaluate(tiercert.load_assessment(BAC_GIANG / f"{name}.yaml"))
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(result, rubric, lang=lang, round="2024"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "badge", "tier", "stars"),
    [
        ("xa_mau_a", "Đạt chuẩn", "Chính quyền thân thiện 2 sao", 2),
        ("thi_tran_mau_c_lowest_star", "Đạt chuẩn", "Chính quyền thân thiện 1 sao", 1),
        ("xa_mau_d_top_star", "Đạt chuẩn", "Chính quyền thân thiện 5 sao", 5),
        ("phuong_mau_b_not_certified", "Chưa đạt chuẩn", None, 0),
        ("xa_mau_e_knocked_out", "Chưa đạt chuẩn: bị điểm liệt", None, 0),
    ],
)
def test_the_verdict_and_the_stars_a_person_sees(
    browser: Browser, tmp_path: Path, name: str, badge: str, tier: str | None, stars: int
) -> None:
    page = _open(browser, _card_file(tmp_path, name))
    verdict = page.locator(".verdict")
    assert verdict.locator(".badge").inner_text() == badge
    assert verdict.locator("svg.stars .star-on").count() == stars
    assert verdict.locator("svg.stars .star-off").count() == 5 - stars
    assert verdict.locator("svg.stars").get_attribute("aria-label") == f"{stars} trên 5 sao"
    if tier is not None:
        assert verdict.locator(".tier-name").inner_text() == tier
    else:
        assert verdict.locator(".tier-name").count() == 0
    if name == "xa_mau_e_knocked_out":
        assert "Người đứng đầu cấp ủy, chính quyền" in verdict.inner_text()
    # the badge is seen in colour: certified green, knocked out red
    colour = verdict.locator(".badge").evaluate("e => getComputedStyle(e).backgroundColor")
    expected = {"Đạt chuẩn": "rgb(26, 127, 55)", "Chưa đạt chuẩn": "rgb(87, 96, 106)"}
    assert colour == expected.get(badge, "rgb(180, 35, 24)")


def test_vietnamese_text_is_intact(browser: Browser, tmp_path: Path) -> None:
    page = _open(browser, _card_file(tmp_path, "xa_mau_a"))
    assert page.locator("h1").inner_text() == "Xã Mẫu A"
    text = page.locator("body").inner_text()
    for words in ("Công tác cải cách hành chính", "Mức độ hài lòng", "Đạt đầy đủ", "Tốt"):
        assert words in text
    assert page.evaluate("document.documentElement.lang") == "vi"
    english = _open(browser, _card_file(tmp_path, "xa_mau_a", lang="en"))
    assert english.evaluate("document.documentElement.lang") == "en"
    assert "Friendly government, 2 stars" in english.locator(".verdict").inner_text()


@pytest.mark.parametrize("name", sorted(p.stem for p in BAC_GIANG.glob("*.yaml")))
@pytest.mark.parametrize("width", [PHONE, 1000])
def test_no_horizontal_overflow(browser: Browser, tmp_path: Path, name: str, width: int) -> None:
    page = _open(browser, _card_file(tmp_path, name), width)
    assert page.evaluate("document.querySelector('meta[name=viewport]').content") == (
        "width=device-width, initial-scale=1"
    )
    assert _overflow(page, width) == 0


PENALTIES = EXAMPLES / "penalties"


@pytest.mark.parametrize("width", [PHONE, 1000])
def test_penalties_and_what_passing_the_gate_reaches_as_seen(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    rubric = tiercert.load_rubric(PENALTIES / "rubric.yaml")
    result = rubric.evaluate(tiercert.load_assessment(PENALTIES / "knocked_out.yaml"))
    path = tmp_path / "card.html"
    path.write_text(render_html(result, rubric, lang="vi"), encoding="utf-8")
    page = _open(browser, path, width)
    penalties = page.locator(".criteria tr.is-penalty")
    assert penalties.count() == 3
    seen = [
        (
            row.locator(".cid").inner_text(),
            row.locator(".how").inner_text(),
            row.locator("td.num").inner_text(),
        )
        for row in penalties.all()
    ]
    assert seen == [
        ("leak", "có, điểm trừ: trừ 4 điểm của Energy", "−4"),
        ("noise", "không, điểm trừ: không trừ điểm nào", "0"),
        ("fine", "có, điểm trừ: trừ 2 điểm của tổng điểm", "−2"),
    ]
    # what a penalty took is seen in the warning colour; one that took nothing is not
    taken = penalties.first.locator("td.num")
    assert taken.evaluate("e => getComputedStyle(e).color") == "rgb(180, 35, 24)"
    untouched = penalties.nth(1).locator("td.num")
    assert untouched.evaluate("e => getComputedStyle(e).color") != "rgb(180, 35, 24)"
    once = page.locator(".reach .after-gates")
    assert once.is_visible()
    assert once.inner_text() == (
        "Khi “No violation found” được đáp ứng, tổng điểm đạt 3 sao (từ 80)."
    )
    assert _overflow(page, width) == 0


def _pdf_pages(path: Path) -> list[Any]:
    from pypdf import PdfReader

    return list(PdfReader(path).pages)


@pytest.mark.parametrize("name", sorted(p.stem for p in BAC_GIANG.glob("*.yaml")))
def test_a_bac_giang_card_prints_on_one_a4_page(
    browser: Browser, tmp_path: Path, name: str
) -> None:
    pdf = tmp_path / "card.pdf"
    assessment = str(BAC_GIANG / f"{name}.yaml")
    status, _, err = run_cli("report", "bac_giang_friendly_gov", assessment, "-o", str(pdf))
    assert (status, err) == (0, f"đã ghi {pdf}\n")
    (page,) = _pdf_pages(pdf)
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4, abs=1)
    text = page.extract_text()
    assert "file://" not in text  # no browser header or footer
    assert tiercert.load_assessment(assessment).unit_name in text  # "Xã Mẫu A": diacritics kept
    assert "Công tác cải cách hành chính" in text


def test_a_long_card_repeats_its_table_headings_on_every_page(
    browser: Browser, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.yaml"
    blank.write_text("answers: {}\n", encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    args = ["report", "openssf_best_practices", str(blank), "--missing", "zero", "-o", str(pdf)]
    status, _, err = run_cli(*args)
    assert status == 0, err
    pages = _pdf_pages(pdf)
    assert len(pages) > 2
    for later in pages[1:]:
        assert "CRITERION" in later.extract_text()  # the table's headings repeat


def test_a_unit_name_with_a_script_is_text(browser: Browser, tmp_path: Path) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    result = rubric.evaluate(
        {"g1": 18, "g2": 23, "g3": 18, "g4": 14, "g5": 17}, unit_id="x<b>1</b>", unit_name=HOSTILE
    )
    card = tmp_path / "card.html"
    card.write_text(render_html(result, rubric), encoding="utf-8")
    builder = SummaryBuilder(rubric)
    builder.add(result)
    units = UnitList(rubric)
    units.lines.append(units._line(2, result, "card.html"))
    board = tmp_path / "index.html"
    board.write_text(render_dashboard(builder.summary(), rubric, units, card_prefix=""))
    for path in (card, board):
        page = _open(browser, path)
        assert page.evaluate("document.querySelectorAll('script, img, b').length") == 0
        assert page.evaluate("window.hacked") is None
        assert HOSTILE in page.locator("body").inner_text()
    page = _open(browser, card)
    assert page.locator("h1").inner_text() == HOSTILE
    assert page.title().startswith(HOSTILE)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a round of 48 fictional units, with a scorecard each."""
    folder = tmp_path_factory.mktemp("round")
    sheet = str(EXAMPLES / "bac_giang_round_2024.csv")
    args = ["batch", "bac_giang_friendly_gov", sheet, "-o", str(folder / "results.csv")]
    status, _, err = run_cli(*args, "--cards", str(folder / "cards"), "--round", "2024")
    assert status == 0, err
    return folder / "cards" / "index.html"


def test_the_dashboard_charts_have_text_alternatives(browser: Browser, dashboard: Path) -> None:
    page = _open(browser, dashboard)
    charts = page.locator("svg.chart")
    assert charts.count() == 2  # units per tier with the targets, the histogram of totals
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        title, desc = chart.get_attribute("aria-labelledby").split()  # type: ignore[union-attr]
        assert page.locator(f"#{title}").text_content()
        assert page.locator(f"#{desc}").text_content()
    tiers = page.locator("#tiers-desc").text_content() or ""
    assert "Chính quyền thân thiện 2 sao: 8 đơn vị" in tiers
    assert "chỉ tiêu 2023: 30%" in tiers
    assert page.locator("svg.chart line.target").count() == 2  # 2023 and 2025
    assert page.locator("svg.chart line.cutoff").count() == 5  # where each star starts
    bars = page.locator("svg.chart rect.hbar")
    assert bars.count() > 5
    assert sum(int(t.split(": ")[-1]) for t in bars.locator("title").all_text_contents()) == 48
    # the numbers are in tables too, with real headers
    assert page.locator("table th[scope=col]").count() > 5
    assert page.locator("table.data th[scope=row]").first.inner_text() == (
        "Chính quyền thân thiện 5 sao"
    )
    for bar in page.locator("svg.bar").all():
        assert bar.get_attribute("aria-label")


def test_the_printed_dashboard_shows_the_histogram_s_numbers(
    browser: Browser, dashboard: Path, tmp_path: Path
) -> None:
    """The histogram's numbers sat in a closed ``<details>``: on paper they were gone,
    though the docs say they are under "The numbers" (a reviewer's PDF, fourteenth round).
    On screen they stay folded; in print they are shown, and the PDF holds them."""
    page = _open(browser, dashboard)
    numbers = page.locator("details.data table")
    assert not numbers.is_visible()  # folded on screen
    page.emulate_media(media="print")
    assert numbers.is_visible()
    rows = numbers.locator("tbody tr")
    counts = [int(rows.nth(i).locator("td").last.inner_text()) for i in range(rows.count())]
    assert sum(counts) == 48
    pdf = tmp_path / "board.pdf"
    page.pdf(path=str(pdf))
    text = " ".join(p.extract_text() for p in _pdf_pages(pdf))
    assert "(tính cả mốc này)" in text  # the last bin's "(included)": the table printed


def test_the_dashboard_links_every_card(browser: Browser, dashboard: Path) -> None:
    page = _open(browser, dashboard, PHONE)
    assert _overflow(page, PHONE) == 0
    links = page.locator("table.units a")
    assert links.count() == 48
    first = links.first
    assert first.inner_text() == "Phường Mẫu 01"
    first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/cards/phuong-01.html")
    assert page.locator("h1").inner_text() == "Phường Mẫu 01"
    assert _overflow(page, PHONE) == 0


@pytest.fixture(scope="module")
def shipped_page(browser: Browser) -> Iterator[Page]:
    context = _context(browser, PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("rubric_id", SHIPPED)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_shipped_rubric_renders_whole_on_a_phone(
    shipped_page: Page, tmp_path_factory: pytest.TempPathFactory, rubric_id: str, data: Any
) -> None:
    rubric = tiercert.load_rubric(rubric_id)
    result = rubric.evaluate(data.draw(answers_for(rubric)))
    path = tmp_path_factory.mktemp("shipped") / "card.html"
    path.write_text(render_html(result, rubric), encoding="utf-8")
    page = shipped_page
    page.goto(path.as_uri())
    assert _overflow(page, PHONE) == 0
    assert page.locator("h1").inner_text().strip()
    assert page.locator(".badge").inner_text().strip()
    rows = page.locator("table.criteria th[scope=row]")
    assert rows.count() == len(result.nodes)
    assert all(text.strip() for text in rows.all_inner_texts())  # every criterion labelled
    group_titles = page.locator(".groups .title").all_inner_texts()
    assert len(group_titles) == len(rubric.spec.criteria)
    assert all(text.strip() for text in group_titles)
    body = page.locator("body").inner_text()
    assert not {"None", "undefined", "{{", "{%", "&lt;", "&amp;"} & set(body.split())
    assert page.evaluate(
        "[...document.querySelectorAll('svg[role=img]')]"
        ".every(s => s.getAttribute('aria-label') || s.getAttribute('aria-labelledby'))"
    )


# --- a PDF without a working browser (no browser needed) ----------------------------------


def test_a_pdf_without_chromium_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERCERT_CHROMIUM", str(tmp_path / "no-such-browser"))
    pdf = tmp_path / "card.pdf"
    args = ["report", "bac_giang_friendly_gov", str(BAC_GIANG / "xa_mau_a.yaml"), "-o", str(pdf)]
    status, out, err = run_cli(*args)
    assert (status, out) == (2, "")
    assert "apt-get install chromium" in err
    assert err.rstrip().endswith("[browser.missing]")
    assert not pdf.exists()


def test_a_pdf_without_chromium_says_what_to_do_all_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the install hint was an English text inside the Vietnamese message
    monkeypatch.setenv("TIERCERT_CHROMIUM", str(tmp_path / "no-such-browser"))
    pdf = tmp_path / "card.pdf"
    args = ["report", "bac_giang_friendly_gov", str(BAC_GIANG / "xa_mau_a.yaml"), "-o", str(pdf)]
    status, out, err = run_cli(*args, "--lang", "vi")
    assert (status, out) == (2, "")
    assert "apt-get install chromium" in err
    assert "TIERCERT_CHROMIUM" in err
    for english in ("install Chromium", "other systems", "or set", "print it from any browser"):
        assert english not in err
    assert "cài" in err


def test_a_browser_that_fails_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'Missing X server or $DISPLAY' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("TIERCERT_CHROMIUM", str(fake))
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(b"%PDF-1.4 the old card")
    args = ["report", "bac_giang_friendly_gov", str(BAC_GIANG / "xa_mau_a.yaml"), "-o", str(pdf)]
    status, _, err = run_cli(*args, "--lang", "en")
    assert status == 2
    assert "did not print the page: it exited with status 3 (Missing X server" in err
    assert "[browser.failed]" in err
    assert pdf.read_bytes() == b"%PDF-1.4 the old card"


def test_a_browser_that_cannot_be_started_is_said_in_the_readers_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/no/such/interpreter\n")  # the system cannot start it
    fake.chmod(0o755)
    monkeypatch.setenv("TIERCERT_CHROMIUM", str(fake))
    args = ["report", "bac_giang_friendly_gov", str(BAC_GIANG / "xa_mau_a.yaml")]
    status, _, err = run_cli(*args, "-o", str(tmp_path / "card.pdf"))
    assert status == 2
    # the rubric's language, not the system's English ("No such file or directory")
    assert "không khởi động được: không có tệp hoặc thư mục này" in err
    assert "No such file" not in err


def test_a_pdf_needs_a_file() -> None:
    args = ["report", "bac_giang_friendly_gov", str(BAC_GIANG / "xa_mau_a.yaml")]
    status, out, err = run_cli(*args, "--format", "pdf")
    assert (status, out, err) == (2, "", "tiercert report: a PDF needs a file: -o card.pdf\n")


#: the words of a table's cells that a line break cuts in two (a word seen on two lines)
_CUT_WORDS = """(selector) => {
  const cut = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\\/]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) cut.push(m[0]);
      }
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("width", [PHONE, 1000])
def test_the_programme_dashboard_never_cuts_a_word_in_two(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    """The units table of a programme's dashboard, with its attribute columns (district, unit
    type, year): a cell wraps between words, never inside one ("phư / ờng", "ĐÁN / H GIÁ"
    were seen at 1200 pixels), and the page still fits a phone."""
    board = tmp_path / "board.html"
    sheet = str(EXAMPLES / "bac_giang_programme" / "round_2024.csv")
    args = ["batch", "bac_giang_friendly_gov", sheet, "-o", str(tmp_path / "r.csv")]
    status, _, err = run_cli(*args, "--summary", "html", "--summary-output", str(board))
    assert status == 0, err
    page = _open(browser, board, width)
    assert page.locator("table.units").last.locator("tbody tr").count() == 9
    assert page.evaluate(_CUT_WORDS, "table.units th, table.units td") == []
    assert _overflow(page, width) == 0


@pytest.mark.parametrize("width", [PHONE, 1000])
def test_a_recognition_list_fits_a_phone(browser: Browser, tmp_path: Path, width: int) -> None:
    """The annex of a decision as a page (``recognition -o list.html``): its eight columns
    scroll sideways in their own box on a phone; the page itself never runs off the screen
    (it did, by 118 pixels), and no word is cut in two."""
    results = tmp_path / "r.csv"
    sheet = str(EXAMPLES / "bac_giang_programme" / "round_2025.csv")
    status, _, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", str(results))
    assert status == 0, err
    page_file = tmp_path / "list.html"
    status, _, err = run_cli("recognition", str(results), "--round", "2025", "-o", str(page_file))
    assert status == 0, err
    page = _open(browser, page_file, width)
    assert page.locator("tbody tr").count() == 8  # 7 proposed, 1 with an incomplete dossier
    assert _overflow(page, width) == 0
    assert page.evaluate(_CUT_WORDS, "th, td") == []


def test_a_recognition_list_aligns_its_numbers_right(browser: Browser, tmp_path: Path) -> None:
    """The recognition page's numbers (the row's No. and the Total) are right-aligned, as on
    the scorecards and the dashboard; its words stay left-aligned (the Total was left)."""
    results = tmp_path / "r.csv"
    sheet = str(EXAMPLES / "bac_giang_programme" / "round_2025.csv")
    status, _, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", str(results))
    assert status == 0, err
    page_file = tmp_path / "list.html"
    status, _, err = run_cli(
        "recognition", str(results), "--round", "2025", "-o", str(page_file), "--lang", "en"
    )
    assert status == 0, err
    page = _open(browser, page_file)
    aligned = page.evaluate(
        """() => {
        const table = document.querySelector("table");
        const heads = [...table.querySelectorAll("thead th")];
        const align = (cell) => getComputedStyle(cell).textAlign;
        return [...table.querySelectorAll("tbody tr")].flatMap((tr) =>
            [...tr.children].map((td, i) => [heads[i].textContent, align(td), align(heads[i])]));
    }"""
    )
    by_column = {(name, cell, th) for name, cell, th in aligned}
    assert {(n, c, t) for n, c, t in by_column if n in ("No.", "Total")} == {
        ("No.", "right", "right"),
        ("Total", "right", "right"),
    }
    assert {c for n, c, _ in by_column if n in ("Unit", "Tier")} == {"left"}


#: the dates (2026-12-06) in the elements of a selector that a line break cuts in two
_CUT_DATES = """(selector) => {
  const cut = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\d{4}-\\d{2}-\\d{2}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) cut.push(m[0]);
      }
    }
  }
  return cut;
}"""


def test_the_date_a_card_was_scored_on_is_never_cut_at_its_hyphens(
    browser: Browser, tmp_path: Path
) -> None:
    """The footer's "scored with tiercert 0.1.0 on 2026-12-06" was printed "2026-12-" on one
    line and "06" on the next (a PDF of a card, fourteenth round): at every width, on screen
    and in print, the date stays whole."""
    path = _card_file(tmp_path, "xa_mau_a")
    page = _open(browser, path, PHONE)
    cut = []
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        for width in range(300, 1000, 9):
            page.set_viewport_size({"width": width, "height": 800})
            cut += [(media, width, d) for d in page.evaluate(_CUT_DATES, ".foot p")]
    assert cut == []


def _province_round(path: Path) -> None:
    """A province's round: 209 communes in ten districts, self-scored and appraised."""
    head = ["unit_id", "unit_name", "district", "unit_type", "year"]
    head += [f"{stage}:g{g}" for stage in ("self", "district") for g in range(1, 6)]
    rows: list[list[object]] = [[*head, "head_disciplined_or_prosecuted"]]
    for i in range(209):
        own = [14 + i % 7, 18 + i % 8, 14 + (i * 3) % 7, 10 + i % 6, 14 + (i * 5) % 7]
        appraised = [max(0, s - (i + g) % 3) for g, s in enumerate(own)]
        name = "Xã " + ["Nghĩa Hưng", "Quang Trung Phúc Lâm Đông Bắc Thượng", "Tân Mộc"][i % 3]
        district = f"Huyện Mẫu {['Một', 'Hai', 'Ba', 'Bốn', 'Năm'][i % 5]} {i % 10}"
        rows.append([f"{7000 + i:05d}", name, district, "xã", "2024", *own, *appraised, "không"])
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")


def test_a_printed_heading_stays_with_what_it_heads(browser: Browser, tmp_path: Path) -> None:
    """A province's dashboard of 209 communes, printed: the heading "ĐƠN VỊ" (Units) ended
    page 1 alone, its table starting on page 2.  Headings of the dashboard, a card and a
    recognition list never end a printed page (``break-after: avoid``)."""
    sheet = tmp_path / "round.csv"
    _province_round(sheet)
    board = tmp_path / "board.html"
    args = ["batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "r.csv")]
    status, _, err = run_cli(*args, "--summary-output", str(board), "--by", "district")
    assert status == 0, err
    status, _, err = run_cli("recognition", str(tmp_path / "r.csv"), "-o", str(tmp_path / "l.html"))
    assert status == 0, err
    card = _card_file(tmp_path, "xa_mau_a")
    for path in (board, card, tmp_path / "l.html"):
        page = _open(browser, path)
        page.emulate_media(media="print")
        breaks = page.evaluate(
            "[...document.querySelectorAll('h1, h2, h3')].map(h => getComputedStyle(h).breakAfter)"
        )
        assert breaks
        assert set(breaks) == {"avoid"}, path.name
    page = _open(browser, board)
    page.emulate_media(media="print")
    pdf = tmp_path / "board.pdf"
    page.pdf(path=str(pdf))
    headings = {t.upper() for t in page.locator("h2").all_inner_texts()}
    pages = _pdf_pages(pdf)
    assert len(pages) > 3
    for printed in pages:
        lines = [line.strip() for line in printed.extract_text().splitlines() if line.strip()]
        assert lines[-1].upper() not in headings


@pytest.mark.parametrize(
    "shares",
    [(40, 41, 43), (80, 82, 85, 100), (0, 1, 2, 50, 51), (10, 40, 80, 100)],
    ids=["close", "at-the-right-end", "at-the-left-end", "apart"],
)
def test_the_dashboard_s_target_labels_never_overlap(
    browser: Browser, tmp_path: Path, shares: tuple[int, ...]
) -> None:
    """Targets a few percent apart: each label's box clears every other's, and stays inside
    the chart (their rows pile up above the bar; eighteenth round, they were drawn over each
    other on one row)."""
    text = (ROOT / "tests" / "fixtures" / "unseen" / "vn_ntm_xa_2021_2025.yaml").read_text(
        encoding="utf-8"
    )
    head = text[: text.index("\ntargets:")]
    targets = "".join(
        f'\n  - {{period: "20{21 + i}-{i}", share: {share}, tier: dat_chuan}}'
        for i, share in enumerate(shares)
    )
    rubric_file = tmp_path / "rubric.yaml"
    rubric_file.write_text(head + "\ntargets:" + targets + "\n", encoding="utf-8")
    sheet = ROOT / "tests" / "fixtures" / "unseen" / "ntm_units.csv"
    folder = tmp_path / "round"
    args = ["batch", str(rubric_file), str(sheet), "-o", str(folder / "results.csv")]
    status, _, err = run_cli(*args, "--cards", str(folder / "cards"))
    assert status == 0, err
    page = _open(browser, folder / "cards" / "index.html")
    labels = page.locator("svg.chart text.target-label")
    assert labels.count() == len(shares)
    chart = page.locator("svg.chart").first.bounding_box()
    assert chart is not None
    boxes = []
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= chart["x"] - 0.5
        assert box["x"] + box["width"] <= chart["x"] + chart["width"] + 0.5
        assert box["y"] >= chart["y"] - 0.5
        boxes.append(box)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a, b)


#: the labels of the histogram of totals, each with its row and its box on the screen
_HISTOGRAM_LABELS = """() => [...document.querySelectorAll(
    'section[aria-labelledby=hist-heading] svg text')].map(t => {
        const box = t.getBoundingClientRect();
        return [t.textContent, t.getAttribute('y'), box.left, box.right];
    })"""


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("most", "totals", "minimums"),
    [
        (100, [0, 37, 100], [50]),
        (101, [1, 50, 101], [50]),  # 21 bins: the last bin's edge sat beside the axis' end
        (41, [1, 41], [20]),  # the same with bins of 2
        (85, [1, 85], [50]),  # 17 bins of 5
        (7.5, [0.5, 7.5], [5]),  # decimals, with a comma in Vietnamese
        (1050, [50, 1050], [500]),  # wide numbers
        (100, [1, 100], [85, 87]),  # tiers a few points apart
        (100, [1, 100], [80, 85, 88, 92, 95]),  # stars 3 to 5 points apart
    ],
)
def test_the_histogram_s_labels_never_overlap(
    browser: Browser,
    tmp_path: Path,
    lang: str,
    most: float,
    totals: list[float],
    minimums: list[float],
) -> None:
    """The axis' last two labels were drawn over each other (a bin's low edge a few pixels
    from the high edge's label; a reviewer's dashboard, twenty-fourth round), and so were
    the numbers of tiers a few points apart: each row of labels, measured as the browser
    draws it, has no two boxes over each other, for several ranges of totals."""
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "h",
            "version": "1",
            "title": "H",
            "language": lang,
            "criteria": [{"id": "a", "title": "A", "max": most, "rule": {"kind": "direct"}}],
            "tiers": [
                {"id": f"t{i}", "label": f"T{i}", "rank": i + 1, "min": at}
                for i, at in enumerate(minimums)
            ],
        }
    )
    builder = SummaryBuilder(rubric)
    for total in totals:
        builder.add(rubric.evaluate({"a": total}))
    board = tmp_path / "board.html"
    board.write_text(render_dashboard(builder.summary(), rubric), encoding="utf-8")
    rows: dict[str, list[tuple[str, float, float]]] = {}
    for text, row, left, right in _open(browser, board).evaluate(_HISTOGRAM_LABELS):
        rows.setdefault(row, []).append((text, left, right))
    assert len(rows["186"]) >= 3  # the axis is labelled
    for labels in rows.values():
        labels.sort(key=lambda label: label[1])
        overlaps = [(a[0], b[0]) for a, b in itertools.pairwise(labels) if a[2] > b[1]]
        assert overlaps == []
