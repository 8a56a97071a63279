"""A claim checked by the twentieth round's attack, which held and had no test: no text of a
rubric or of a unit becomes markup, a link or a style in the HTML tiercert writes (the
scorecard of ``report``, the cards and dashboard of ``batch --cards``).  Every text is
escaped, and the only links are the dashboard's to the card files tiercert named itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import run_cli

HOSTILE = (
    '"><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    "<img src=x onerror=alert(3)></style><style>*{background:url(javascript:alert(4))}"
)
RUBRIC = f"""\
format: 1
id: t
version: "1"
title: '{HOSTILE}'
criteria:
  - {{id: a, title: '{HOSTILE}', max: 10, rule: {{kind: direct}}}}
tiers:
  - {{id: s1, label: '{HOSTILE}', rank: 1, min: 5}}
"""


class _Markup(HTMLParser):
    """The tags of a page, and the values of its attributes that may hold a link or a style."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "style", "xlink:href") or name.startswith("on"):
                self.links.append(f"{name}={value}")


def _markup(html: str) -> tuple[list[str], list[str]]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags, parser.links


def test_hostile_texts_never_become_markup_or_links(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    unit = tmp_path / "x1.yaml"
    unit.write_text(f"unit: {{id: x1, name: '{HOSTILE}'}}\nanswers: {{a: 7}}\n", encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(f'unit_id,unit_name,a\nx1,"{HOSTILE.replace(chr(34), chr(34) * 2)}",7\n')
    status, _, _ = run_cli("report", str(rubric), str(unit), "-o", str(tmp_path / "card.html"))
    assert status == 0
    cards = tmp_path / "cards"
    status, _, _ = run_cli(
        "batch", str(rubric), str(units), "-o", str(tmp_path / "r.csv"), "--cards", str(cards)
    )
    assert status == 0
    pages = [tmp_path / "card.html", *sorted(cards.glob("*.html"))]
    assert len(pages) == 3  # the report, the unit's card, the dashboard
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the text is there, escaped
        tags, links = _markup(html)
        assert "script" not in tags
        assert "img" not in tags
        assert tags.count("style") <= 1  # the page's own stylesheet
        assert not any("javascript" in link.lower() for link in links)
        for link in links:  # the dashboard's links to its cards; tiercert's own colours
            assert re.fullmatch(r"href=[A-Za-z0-9_.-]+\.html|style=[a-z-]+: #[0-9a-f]{6}", link)
