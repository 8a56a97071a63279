"""The HTML pages as text (tiercert._pages and its templates): every text a person reads is
marked for translation, every value escaped, nothing loaded from elsewhere, colours that meet
WCAG AA.  What a browser makes of them is tests/test_browser.py."""

from __future__ import annotations

import gettext
import html.parser
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import EXAMPLES, ROOT
from tiercert import _pages, scorecard
from tiercert._escape import visible
from tiercert._numbers import display_number
from tiercert.dashboard import UnitList, render_dashboard
from tiercert.report import render_html
from tiercert.scorecard import build_card
from tiercert.summary import SummaryBuilder

BAC_GIANG = EXAMPLES / "bac_giang"
STYLE = ROOT / "src" / "tiercert" / "templates" / "style.css"

#: text colour -> the backgrounds it is used on (style.css): each pair must reach 4.5:1
CONTRAST = {
    "--ink": ["--paper", "--wash", "--ok-wash", "--warn-wash", "--bad-wash", "--accent-wash"],
    "--muted": ["--paper", "--wash", "--accent-wash"],
    "--accent": ["--paper", "--accent-wash"],
    "--ok": ["--paper", "--ok-wash"],
    "--bad": ["--paper", "--bad-wash"],
    "--warn": ["--paper", "--warn-wash"],
    "--paper": ["--ok", "--bad", "--warn", "--muted"],  # badges: white on colour
}
#: graphics that carry meaning need 3:1 against their background (WCAG 1.4.11)
GRAPHICS = {
    "--bar": ["--paper"],
    "--bar-weak": ["--paper"],
    "--star-edge": ["--paper", "--ok-wash"],
    "--star-off-edge": ["--paper", "--wash"],
}


class _Page(html.parser.HTMLParser):
    """The tags, the text of <body> and the attributes people read, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self._in_body = False
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_body = self._in_body or tag == "body"
        self._style = tag == "style"
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value:
                self.attributes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._style and data.strip():
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


class _Marking(gettext.NullTranslations):
    """A catalog that marks every message it translates: ⟦message⟧."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"


@pytest.fixture
def marking(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _pages._environment.cache_clear()
    monkeypatch.setattr(_pages, "translations", lambda lang: _Marking())
    # what the card's data says in words (a rule's detail: "band 2") is translated there
    monkeypatch.setattr(scorecard, "translator", lambda lang: _Marking())
    yield
    _pages._environment.cache_clear()


_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
#: what may be left of a page's texts once the messages and the data are taken out
_LEFT = re.compile(r"[\s\d.,:;/()%·+…—–\-◆▶?!\"'“”]*")


def _unmarked(texts: list[str], data: set[str]) -> list[str]:
    """Texts that are neither a translated message nor data (names, titles, ids, numbers)."""
    left = []
    for text in texts:
        while _MARKED.search(text):
            text = _MARKED.sub(" ", text)
        for value in sorted(data, key=len, reverse=True):
            if value:
                text = text.replace(value, " ")
        if not _LEFT.fullmatch(text):
            left.append(text.strip())
    return left


def _data_of(rubric: tiercert.Rubric, *results: tiercert.Result) -> set[str]:
    """Every text and number of the rubric and the results: what a page shows as data."""
    found: set[str] = {rubric.id, rubric.version, "2024", "2024-12-20", tiercert.__version__}
    for text in (rubric.spec.title, rubric.spec.issuer, rubric.spec.units):
        found.update((text or {}).values())
    for nid, _, node in rubric.iter_nodes():
        found.add(nid)
        found.update(node.title.values())
        for level in getattr(node.rule, "levels", None) or ():
            found.add(level.id)
            found.update((level.label or {}).values())
    for gate in rubric.spec.gates:
        found.add(gate.id)
        found.update(gate.title.values())
        found.update((gate.fix or {}).values())
    for fact in rubric.spec.facts:
        found.add(fact.id)
        found.update(fact.title.values())
    for tier in rubric.spec.tiers:
        found.add(tier.id)
        found.update(tier.label.values())
    for target in rubric.spec.targets:
        found.add(target.period)
    for result in results:
        found.update(filter(None, (result.unit_id, result.unit_name, result.fingerprint)))
        found.update(filter(None, (node.detail for node in result.nodes.values())))
    return found


def _examples(rubric: tiercert.Rubric) -> list[tiercert.Result]:
    return [
        rubric.evaluate(tiercert.load_assessment(path)) for path in sorted(BAC_GIANG.glob("*.yaml"))
    ]


def test_every_text_of_a_scorecard_is_marked_for_translation(marking: None) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    results = _examples(rubric)
    stages = [("Tự chấm", results[0]), ("Huyện thẩm định", results[1])]
    for result in results:
        page = _parse(render_html(result, rubric, date="2024-12-20", round="2024", stages=stages))
        data = _data_of(rubric, *results) | {"Tự chấm", "Huyện thẩm định"}
        assert _unmarked(page.text, data) == []
        assert _unmarked(page.attributes, data) == []
    law = tiercert.load_rubric("vn_access_to_law")
    answers = {"tc1": 5, "tc2": 20, "tc3": 10, "tc4": 10, "tc5": 10}
    failed = law.evaluate(answers, facts={"head_disciplined": True, "head_prosecuted": False})
    page = _parse(render_html(failed, law, lang="en", date="2024-12-20"))
    assert _unmarked(page.text + page.attributes, _data_of(law, failed)) == []


def test_every_text_of_the_dashboard_is_marked_for_translation(marking: None) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    results = _examples(rubric)
    builder = SummaryBuilder(rubric)
    units = UnitList(rubric)
    for result in results:
        builder.add(result)
    summary = builder.summary()
    page = _parse(
        render_dashboard(
            summary,
            rubric,
            units,
            date="2024-12-20",
            round="2024",
            breakdowns={"huyện": {"Huyện Mẫu": summary}},
        )
    )
    data = _data_of(rubric, *results) | {"huyện", "Huyện Mẫu"}
    assert _unmarked(page.text, data) == []
    assert _unmarked(page.attributes, data) == []


def test_the_marking_test_finds_an_unmarked_text() -> None:
    assert _unmarked(["⟦Tiers⟧", "Xã Mẫu A", "85.1"], {"Xã Mẫu A"}) == []
    assert _unmarked(["Next tier: ⟦x⟧"], set()) == ["Next tier:"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_language_is_the_output_language(lang: str) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    result = _examples(rubric)[3]  # xa_mau_a
    page = render_html(result, rubric, lang=lang)
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    label = {"vi": "Chính quyền thân thiện 2 sao", "en": "Friendly government, 2 stars"}[lang]
    assert f'<p class="tier-name">{label}</p>' in page


def test_pages_load_nothing_and_run_nothing() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    results = _examples(rubric)
    builder = SummaryBuilder(rubric)
    for result in results:
        builder.add(result)
    pages = [render_html(r, rubric) for r in results]
    pages.append(render_dashboard(builder.summary(), rubric))
    for page in pages:
        parsed = _parse(page)
        assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
        assert not re.search(r"\b(src|srcset)=|@import|url\(|https?://", page)
        assert "Content-Security-Policy\" content=\"default-src 'none'" in page


names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).filter(lambda s: s.strip())


@given(name=names)
def test_any_unit_name_is_text_on_the_page(name: str) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    result = rubric.evaluate({"g1": 18, "g2": 23, "g3": 18, "g4": 14, "g5": 17}, unit_name=name)
    page = render_html(result, rubric, date="2024-12-20")
    parsed = _parse(page)
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    unescaped = html.unescape(heading)
    assert unescaped == visible(result.unit_name or "")  # NFC, control characters as escapes
    assert parsed.tags.count("h1") == 1
    assert "script" not in parsed.tags


def _colours() -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-f]{6});", STYLE.read_text()))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("pairs", "least"), [(CONTRAST, 4.5), (GRAPHICS, 3.0)], ids=["text", "graphics"]
)
def test_colours_meet_wcag_aa(pairs: dict[str, list[str]], least: float) -> None:
    colours = _colours()
    weak = [
        f"{fore} on {back}: {contrast(colours[fore], colours[back]):.2f}"
        for fore, backs in pairs.items()
        for back in backs
        if contrast(colours[fore], colours[back]) < least
    ]
    assert weak == []
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


def test_bars_are_drawn_from_exact_values_and_labelled_by_the_display_rule() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    just_below = Fraction(20) - Fraction(1, 3 * 10**12)  # shown as 19.999999999999…, never 20
    result = rubric.evaluate({"g1": just_below, "g2": 23, "g3": 18, "g4": 14, "g5": 17})
    card = build_card(result, rubric, date="2024-12-20")
    page = render_html(result, rubric, lang="en", date="2024-12-20")
    shown = display_number(card.groups[0].score)
    assert shown == "19.999999999999…"
    vietnamese = render_html(result, rubric, date="2024-12-20")  # the rubric's language
    assert "19,999999999999… / 20" in vietnamese
    assert ">20 / 20<" not in vietnamese
    assert f"{shown} / 20" in page
    assert ">20 / 20<" not in page
    assert _pages.width(just_below, 20) == "100"  # the bar: as long as the value is, to the pixel
    assert _pages.width(Fraction(1), 3) == "33.333"


def test_source_date_epoch_sets_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1734652800")
    assert _pages.today() == "2024-12-20"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", _pages.today())


def test_the_templates_are_package_data() -> None:
    folder = Path(tiercert.__file__).parent / "templates"
    assert {p.name for p in folder.iterdir()} >= {
        "_base.html.j2",
        "_charts.html.j2",
        "scorecard.html.j2",
        "dashboard.html.j2",
        "style.css",
    }
