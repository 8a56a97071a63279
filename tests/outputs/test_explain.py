"""`tiercert explain` and the Markdown tables generated into the docs."""

from __future__ import annotations

import io
import runpy
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from conftest import ROOT, RUBRICS
from conftest import golden as check_golden
from tiercert._kinds import NumberRange
from tiercert.aggregates import AGGREGATES
from tiercert.cli import main
from tiercert.conditions import CONDITIONS
from tiercert.explain import (
    describe_rule,
    refresh_markdown_blocks,
    render_gates_markdown,
    render_kinds_markdown,
    render_tiers_markdown,
    render_tree_markdown,
    render_tree_text,
    tier_band,
)
from tiercert.rules import RULES
from tiercert.template import allowed_values, answer_range

GOLDEN = ROOT / "tests" / "golden" / "explain"
DEMO = GOLDEN / "rubric.yaml"
BAC_GIANG = RUBRICS / "bac_giang_friendly_gov.yaml"
# python tools/regen.py rewrites the expected outputs (TIERCERT_REGEN=1)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _rubric(text: str) -> tiercert.Rubric:
    return tiercert.parse_rubric(text)


SMALL = """
format: 1
id: small
version: "1"
title: Small
criteria:
  - id: a
    title: A
    rule:
      kind: bands
      bands:
        - {min: 0, max: 50, points: 0}
        - {min: 50, max: 100, points: 5}
        - {min: 100, max: 100, points: 10}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 5}
  - {id: pass-plus, label: Pass plus, rank: 2, min: 5}
gates:
  - {id: full, title: Full, require: {score: a, at_least: 10}, tiers: [pass-plus]}
"""


# --- golden outputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "golden"),
    [
        (("--lang", "en", "--notes"), "tree_en_notes.txt"),
        ((), "tree_vi.txt"),
        (("--format", "markdown", "--lang", "en", "--also", "vi"), "tables_en_vi.md"),
    ],
)
def test_explain_output_matches_golden(argv: tuple[str, ...], golden: str) -> None:
    status, out, err = _run("explain", str(DEMO), *argv)
    assert (status, err) == (0, "")
    check_golden(GOLDEN / golden, out)


# --- the text tree ----------------------------------------------------------------------------


def test_titles_follow_the_chosen_language() -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    vi = render_tree_text(rubric)  # the rubric's own language
    en = render_tree_text(rubric, "en")
    assert "g2  Công tác cải cách hành chính  [tối đa 25]" in vi  # the words too (issue 13)
    assert "g2  Administrative reform  [max 25]" in en
    assert "Công tác cải cách hành chính" not in en
    assert "bậc 1  sao-1  Chính quyền thân thiện 1 sao  [80 ≤ tổng điểm < 84]" in vi
    assert "rank 5  sao-5  Friendly government, 5 stars  [96 ≤ total ≤ 100]  (provisional)" in en


def test_every_provisional_element_is_marked() -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    text = render_tree_text(rubric, "en")
    assert f"{len(rubric.provisional)} provisional elements" in text
    # element lines start with the id, tier lines with "rank N" then the id
    ids = [
        line.split()[2] if line.split()[0] == "rank" else line.split()[0]
        for line in text.splitlines()
        if line.endswith("(provisional)")
    ]
    assert sorted(ids) == sorted(rubric.provisional)
    assert {t.id for t in rubric.spec.tiers} & set(ids) == {"sao-2", "sao-3", "sao-4", "sao-5"}


def test_notes_are_shown_only_on_request() -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    note = "Modelled on the access-to-law standard"
    assert note not in render_tree_text(rubric, "en")
    assert note in render_tree_text(rubric, "en", notes=True)


def test_band_edges_are_written_exactly() -> None:
    rubric = _rubric(SMALL)
    [node] = rubric.spec.criteria
    assert describe_rule(node, "en") == "bands: 0 ≤ v < 50 → 0; 50 ≤ v < 100 → 5; v = 100 → 10"


def test_tier_bands_with_a_tie_and_the_top() -> None:
    rubric = _rubric(SMALL)
    assert tier_band(rubric.spec, 0) == "total ≥ 5"  # tied with pass-plus: the gate decides
    assert tier_band(rubric.spec, 1) == "5 ≤ total ≤ 10"
    table = render_tiers_markdown(rubric)
    assert "| 2 | `pass-plus` | Pass plus | 5 ≤ total ≤ 10 | passes `full` |" in table


# --- Markdown ---------------------------------------------------------------------------------


def _unescaped_pipes(line: str) -> int:
    return line.count("|") - line.count("\\|")


def test_markdown_rows_are_well_formed() -> None:
    rubric = tiercert.load_rubric(DEMO)
    table = render_tree_markdown(rubric, "en", also="vi")
    lines = table.splitlines()
    assert len({_unescaped_pipes(line) for line in lines}) == 1
    assert "Group A \\| basics" in table  # a pipe in a title cannot break the table
    assert len(lines) == 2 + sum(1 for _ in rubric.iter_nodes()) + 1  # header, rows, total


def test_markdown_shows_the_rubrics_text_as_text() -> None:
    """Titles, labels and fact options are escaped; ids and option values stay code spans,
    fenced past a backquote they hold, a pipe in one escaped (a table splits on it)."""
    from tiercert.explain import render_markdown

    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "vi_du",
            "version": "1",
            "title": "<b>T</b>",
            "facts": [{"id": "f", "title": "F *x*", "type": "choice", "options": ["a`|b", "c"]}],
            "gates": [{"id": "g", "title": "G", "require": {"fact": "f", "equals": "a`|b"}}],
            "criteria": [
                {
                    "id": "c1",
                    "title": "C1 [x](y)",
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {"id": "l1", "label": "<img src=x>", "points": 1},
                            {"id": "l2", "points": 0},
                        ],
                    },
                }
            ],
        }
    )
    text = render_markdown(rubric)
    assert "# \\<b\\>T\\</b\\>" in text
    assert "| c1 | C1 \\[x\\](y) | 1 | one of: `l1` (\\<img src=x\\>) → 1; `l2` → 0 |" in text
    assert "| fact `f` = ``a`\\|b`` |" in text
    assert "| F \\*x\\* | one of: a\\`\\|b, c |" in text


def test_status_column_only_when_something_is_provisional() -> None:
    assert "Status" not in render_tree_markdown(_rubric(SMALL), "en")
    assert "Status" in render_tree_markdown(tiercert.load_rubric(DEMO), "en")


def test_bac_giang_tree_table_shows_both_languages_and_points() -> None:
    table = render_tree_markdown(tiercert.load_rubric(BAC_GIANG), "en", also="vi")
    assert table.splitlines()[0] == (
        "| Id | Criterion (en) | Criterion (vi) | Points | How it is scored | Status |"
    )
    assert (
        "| **g4** | **Meetings and dialogue with citizens; settling complaints and "
        "denunciations** | **Tổ chức tiếp xúc, đối thoại và giải quyết đơn thư khiếu nại, tố cáo**"
        " | **15** | sum of its criteria; may be scored directly | confirmed |"
    ) in table
    assert table.splitlines()[-1] == "|  | **Total** |  | **100** |  |  |"


# --- the CLI ----------------------------------------------------------------------------------


def test_explain_an_invalid_rubric_lists_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("rank: 2", "rank: 1"), encoding="utf-8")
    status, out, err = _run("explain", str(bad))
    assert (status, out) == (1, "")
    assert "error:" in err
    assert "[tier.rank]" in err


def test_explain_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    status, out, err = _run("explain", str(tmp_path / "nope.yaml"))
    assert (status, out) == (2, "")
    assert "cannot read the file" in err


def test_explain_refuses_an_unknown_format() -> None:
    status, _, err = _run("explain", str(DEMO), "--format", "html")
    assert status == 2
    assert "invalid choice" in err


# --- generated blocks in docs -----------------------------------------------------------------


def _page(kind: str, params: str, body: str = "stale\n") -> str:
    return f"Intro\n\n<!-- {kind}:start {params} -->\n{body}<!-- {kind}:end -->\n\nMore.\n"


def test_refresh_rewrites_a_stale_block_and_is_idempotent() -> None:
    page = _page("tree", "rubric=rubrics/bac_giang_friendly_gov.yaml lang=en")
    fresh = refresh_markdown_blocks(page, root=ROOT)
    assert "stale" not in fresh
    assert fresh.startswith("Intro\n\n<!-- tree:start rubric=rubrics/bac_giang_friendly_gov.yaml")
    assert fresh.endswith("<!-- tree:end -->\n\nMore.\n")
    table = render_tree_markdown(tiercert.load_rubric(BAC_GIANG), "en")
    assert table in fresh
    assert refresh_markdown_blocks(fresh, root=ROOT) == fresh


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (_page("graph", "rubric=rubrics/bac_giang_friendly_gov.yaml"), "unknown block kind"),
        (_page("tree", "lang=en"), "say which rubric"),
        (_page("tree", "rubric=rubrics/bac_giang_friendly_gov.yaml colour=red"), "colour=red"),
    ],
)
def test_refresh_explains_a_malformed_block(page: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refresh_markdown_blocks(page, root=ROOT)


def test_refresh_reports_a_broken_rubric(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("format: 1\nid: x\n", encoding="utf-8")
    with pytest.raises(tiercert.RubricError):
        refresh_markdown_blocks(_page("tiers", "rubric=r.yaml"), root=tmp_path)


def _docs_with_blocks() -> list[Path]:
    return [
        page
        for page in sorted((ROOT / "docs").rglob("*.md"))
        if ":start " in page.read_text(encoding="utf-8")
    ]


def test_docs_pages_show_their_rubrics_as_they_are() -> None:
    pages = _docs_with_blocks()
    assert ROOT / "docs" / "rubrics" / "bac_giang_friendly_gov.md" in pages
    assert ROOT / "docs" / "authoring.md" in pages  # the lists of kinds
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert refresh_markdown_blocks(text, root=ROOT) == text, (
            f"{page.relative_to(ROOT)} is out of date: run python tools/regen.py"
        )


def test_bac_giang_page_embeds_the_tree_and_the_bands() -> None:
    text = (ROOT / "docs" / "rubrics" / "bac_giang_friendly_gov.md").read_text(encoding="utf-8")
    rubric = tiercert.load_rubric(BAC_GIANG)
    assert render_tree_markdown(rubric, "en", also="vi") in text
    assert render_tiers_markdown(rubric, "en", also="vi") in text


def test_refresh_tool_checks_and_rewrites(tmp_path: Path) -> None:
    tool: Callable[[list[str]], int] = runpy.run_path(
        str(ROOT / "tools" / "refresh_rubric_docs.py")
    )["main"]
    assert tool(["--check"]) == 0
    page = tmp_path / "page.md"
    page.write_text(_page("tiers", "rubric=rubrics/bac_giang_friendly_gov.yaml"), encoding="utf-8")
    assert tool(["--check", str(page)]) == 1
    assert "stale" in page.read_text(encoding="utf-8")  # --check changes nothing
    assert tool([str(page)]) == 0
    assert tool(["--check", str(page)]) == 0
    assert "| 5 | `sao-5` |" in page.read_text(encoding="utf-8")


def test_the_docs_list_every_registered_kind() -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for of, names in (("rules", RULES), ("aggregates", AGGREGATES), ("conditions", CONDITIONS)):
        table = render_kinds_markdown(of)
        assert table in text
        assert [line.split("`")[1] for line in table.splitlines()[2:]] == list(names)
    with pytest.raises(ValueError, match="of='rule' is not one of"):
        render_kinds_markdown("rule")


def test_explain_speaks_the_readers_language() -> None:
    """The words around the rubric's own (issue 13): headings, how each criterion is scored,
    conditions, tiers; nothing English left in the Vietnamese but ids, keys and kinds."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    vi = render_tree_text(rubric, "vi")
    assert "Tiêu chí (điểm tối đa):" in vi
    assert "có → 4, không → 0" in vi
    assert "một trong: tot (Tốt) → 6; kha (Khá) → 4" in vi
    assert "[mọi hạng (điểm liệt)]" in vi
    # a yes/no value in the reader's words, as the fact's type is said ("có hoặc không"); the
    # id stays as written
    assert "yêu cầu: thông tin head_disciplined_or_prosecuted = không" in vi
    for english in ("Criteria", "points", "one of", "every tier", "requires", "rank ", "false"):
        assert english not in vi
    table = render_gates_markdown(rubric, "vi")
    assert table.splitlines()[0] == (
        "| Điều kiện bắt buộc | Tên (vi) | Áp dụng cho | Yêu cầu | Nếu không đạt | Tình trạng |"
    )


BANDS_IN_WORDS = """
format: 1
id: words
version: "1"
title: Words
criteria:
  - id: a
    title: A
    rule:
      kind: bands
      edges: max_inclusive
      unit: {vi: " ngày", en: " days"}
      range: {min: 0, max: 30}
      bands:
        - {min: 0, max: 10, points: 5, label: {vi: Nhanh, en: Fast}}
        - {min: 10, points: 1}
  - id: b
    title: B
    rule: {kind: bands, bands: [{points: 2}]}
  - id: c
    title: C
    rule: {kind: bands, bands: [{min: 0, max: 5, points: 0}, {min: 5, max: 8.5, points: 1}]}
"""


def test_bands_in_words_by_hand() -> None:
    a, b, c = _rubric(BANDS_IN_WORDS).spec.criteria
    # max_inclusive: the first band is closed at both ends, the others open below; the unit and
    # the label in the reader's language; the range shown because the last band is open
    assert describe_rule(a, "en") == (
        "bands: 0 days ≤ v ≤ 10 days → 5 (Fast); v > 10 days → 1 (answers from 0 days to 30 days)"
    )
    assert describe_rule(a, "vi") == (
        "theo khoảng: 0 ngày ≤ v ≤ 10 ngày → 5 (Nhanh); v > 10 ngày → 1 "
        "(trả lời từ 0 ngày đến 30 ngày)"
    )
    assert describe_rule(b, "en") == "bands: any v → 2"  # one band, open at both ends
    # what a template says an answer may be: the range, else the outer bands' edges
    assert answer_range(a) == NumberRange(Fraction(0), Fraction(30))
    assert allowed_values(a, "") == "a number from 0 to 30"
    assert answer_range(b) == NumberRange(None, None)
    assert allowed_values(b, "") == "any number"
    assert answer_range(c) == NumberRange(Fraction(0), Fraction(17, 2))  # no range: the edges
    assert allowed_values(c, "") == "a number from 0 to 8.5"


def test_counts_answer_ranges_by_hand() -> None:
    """A template's range for a count of items (``count``, ``deduction``): whole numbers from
    0, up to ``max_items`` when the rule has one, open above when it has none."""
    a, b, c, d = _rubric(
        """
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 6, rule: {kind: count, per_item: 2, max_items: 3}}
  - {id: b, title: B, max: 10, rule: {kind: count, per_item: 2}}
  - {id: c, title: C, max: 10, rule: {kind: deduction, per_item: 2, max_items: 4}}
  - {id: d, title: D, max: 10, rule: {kind: deduction, per_item: 2}}
"""
    ).spec.criteria
    assert answer_range(a) == NumberRange(Fraction(0), Fraction(3), whole=True)
    assert answer_range(b) == NumberRange(Fraction(0), None, whole=True)
    assert answer_range(c) == NumberRange(Fraction(0), Fraction(4), whole=True)
    assert answer_range(d) == NumberRange(Fraction(0), None, whole=True)
    for node in (a, c):  # the bounds are exact numbers, as the other kinds' are
        span = answer_range(node)
        assert span is not None
        assert (type(span.low), type(span.high)) == (Fraction, Fraction)


def test_a_range_with_one_end_is_shown_with_the_edge_the_bands_enforce() -> None:
    # range gives only the top; the first band's min (0) is the lowest answer accepted, as the
    # template hint says: explain must not show "-∞" for it
    rubric = _rubric(
        """
format: 1
id: x
version: "1"
title: X
tiers: []
criteria:
  - id: d
    title: Days
    rule:
      kind: bands
      range: {max: 30}
      bands:
        - {min: 0, max: 10, points: 5}
        - {min: 10, points: 2}
"""
    )
    (days,) = rubric.spec.criteria
    assert describe_rule(days, "en") == "bands: 0 ≤ v < 10 → 5; v ≥ 10 → 2 (answers from 0 to 30)"
    assert allowed_values(days, "") == "a number from 0 to 30"


UNITS = """
format: 1
id: units
version: "1"
title: Units
criteria:
  - id: energy
    title: Energy
    rule:
      kind: bands
      unit: kWh/m²
      range: {min: 0, max: 200}
      bands: [{max: 50, points: 5}, {min: 50, points: 0}]
  - id: heat
    title: Heat
    rule: {kind: linear, unit: °C, start: {value: 18, points: 0}, end: {value: 22, points: 2}}
  - id: share
    title: Share
    rule: {kind: linear, unit: "%", start: {value: 0, points: 0}, end: {value: 50, points: 2}}
  - id: days
    title: Days
    rule:
      kind: linear
      unit: {en: " days", vi: " ngày"}
      start: {value: 30, points: 5}
      end: {value: 60, points: 0}
tiers: []
"""


def test_a_unit_is_written_after_a_space_except_a_percent_sign(tmp_path: Path) -> None:
    # 50 kWh/m², 20 °C, as quantities are written (SI); 50% and a unit written with its own
    # space (" days") as they were; the same in the text and the Markdown of explain
    energy, heat, share, days = _rubric(UNITS).spec.criteria
    assert describe_rule(energy, "en") == (
        "bands: v < 50 kWh/m² → 5; v ≥ 50 kWh/m² → 0 (answers from 0 kWh/m² to 200 kWh/m²)"
    )
    assert describe_rule(energy, "vi").startswith("theo khoảng: v < 50 kWh/m² → 5")
    assert describe_rule(heat, "en").startswith("proportional: 18 °C → 0 to 22 °C → 2")
    assert describe_rule(share, "en").startswith("proportional: 0% → 0 to 50% → 2")
    assert describe_rule(days, "vi").startswith("tính theo tỷ lệ: 30 ngày → 5 đến 60 ngày → 0")
    # a range open at one end says the other, with its unit
    below = UNITS.replace("range: {min: 0, max: 200}", "range: {max: 200}")
    assert describe_rule(_rubric(below).spec.criteria[0], "en").endswith(
        "(answers of at most 200 kWh/m²)"
    )
    above = UNITS.replace("range: {min: 0, max: 200}", "range: {min: 0}")
    assert describe_rule(_rubric(above).spec.criteria[0], "en").endswith(
        "(answers of at least 0 kWh/m²)"
    )
    open_range = UNITS.replace("{kind: linear, unit: °C,", "{kind: linear, range: {}, unit: °C,")
    assert describe_rule(_rubric(open_range).spec.criteria[1], "en") == (
        "proportional: 18 °C → 0 to 22 °C → 2, clamped outside (any number)"
    )
    file = tmp_path / "units.yaml"
    file.write_text(UNITS, encoding="utf-8")
    for form in ("text", "markdown"):
        status, out, _ = _run("explain", "--format", form, str(file))
        assert status == 0
        assert "v ≥ 50 kWh/m² → 0" in out
        assert "18 °C → 0" in out
        assert "50kWh" not in out


@pytest.mark.parametrize(
    ("unit", "written"),
    [
        ("%", "5%"),
        ("% improvement", "5% improvement"),
        ("‰", "5‰"),
        ("°", "5°"),
        ("°C", "5 °C"),
        ("°C/h", "5 °C/h"),
        ("kWh/m²", "5 kWh/m²"),
        (" days", "5 days"),
        ("", "5"),
    ],
)
def test_with_unit_writes_a_quantity_as_si_does(unit: str, written: str) -> None:
    from tiercert.rules._answers import with_unit

    assert with_unit("5", unit) == written


def test_a_fact_s_type_is_said_in_the_chosen_language() -> None:
    """``[choice: xa, phuong]`` and ``[boolean]`` were English words in a Vietnamese
    ``explain`` (thirteenth round): a fact's type is said as its problems say it."""
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "f",
            "version": "1",
            "language": "vi",
            "title": "F",
            "facts": [
                {"id": "loai", "title": "Loại", "type": "choice", "options": ["xa", "phuong"]},
                {"id": "ky_luat", "title": "Kỷ luật", "type": "boolean", "default": False},
                {"id": "dan_so", "title": "Dân số", "type": "integer"},
            ],
            "criteria": [{"id": "c1", "title": "C", "rule": {"kind": "boolean", "points": 1}}],
            "tiers": [],
        }
    )
    vi, en = render_tree_text(rubric), render_tree_text(rubric, "en")
    assert "loai  Loại  [một trong: xa, phuong]" in vi
    assert "dan_so  Dân số  [một số nguyên]" in vi
    assert "ky_luat  Kỷ luật  [có hoặc không" in vi
    assert "loai  Loại  [one of: xa, phuong]" in en
    assert "ky_luat  Kỷ luật  [true or false" in en
    for word in ("choice", "boolean", "integer"):
        assert word not in vi


def test_a_programme_s_attributes_and_targets_are_said_whole_in_the_chosen_language() -> None:
    """``[choice of ...]``, ``[number]`` were English words in a Vietnamese ``explain``, and a
    target about some units (``by``) lost them: ``2024: 40%`` and ``2024: 60%`` read as two
    targets of one period contradicting each other (fourteenth round)."""
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "p",
            "version": "1",
            "language": "vi",
            "title": "P",
            "criteria": [{"id": "c1", "title": "C", "rule": {"kind": "boolean", "points": 1}}],
            "tiers": [{"id": "dat", "label": "Đạt", "rank": 1, "min": 1}],
            "attributes": [
                {"id": "huyen", "title": "Huyện", "type": "choice", "values": ["A", "B"]},
                {"id": "nam", "title": "Năm", "type": "number", "round": True},
                {"id": "ghi", "title": "Ghi chú", "type": "text"},
            ],
            "targets": [
                {"period": "2024", "share": 40},
                {"period": "2024", "share": 60, "by": {"huyen": ["B"]}},
            ],
        }
    )
    vi, en = render_tree_text(rubric), render_tree_text(rubric, "en")
    assert "attribute:huyen  Huyện  [lựa chọn gồm A, B]" in vi
    assert "attribute:nam  Năm  [số; kỳ đánh giá]" in vi
    assert "attribute:ghi  Ghi chú  [văn bản]" in vi
    assert "attribute:huyen  Huyện  [choice of A, B]" in en
    assert "attribute:nam  Year" not in en
    assert "attribute:nam  Năm  [number; the round]" in en
    assert "  2024: 40% đơn vị đạt chuẩn\n  2024 [Huyện: B]: 60% đơn vị đạt chuẩn\n" in vi
    assert "  2024 [Huyện: B]: 60% of units certified\n" in en  # the title it has
    for word in ("choice", "number", "text"):
        assert word not in vi
