"""The programme dashboard and the folder of scorecards (tiercert.dashboard), and the batch
options that write them: ``--summary html``, ``--summary-output``, ``--cards``, ``--round``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tiercert
from conftest import EXAMPLES, run_cli
from tiercert.dashboard import (
    UnitList,
    build_dashboard,
    card_file_name,
    histogram,
    render_dashboard,
)
from tiercert.summary import SummaryBuilder

ROUND = EXAMPLES / "bac_giang_round_2024.csv"
UNITS = EXAMPLES / "bac_giang_units.csv"  # 6 good rows, 4 bad ones


@pytest.fixture(scope="module")
def rubric() -> tiercert.Rubric:
    return tiercert.load_rubric("bac_giang_friendly_gov")


def _summary(rubric: tiercert.Rubric, totals: Sequence[int | F]) -> tiercert.Summary:
    builder = SummaryBuilder(rubric)
    for total in totals:
        builder.add_values(F(total), None, False, False, [None] * 5)
    return builder.summary()


@given(st.lists(st.fractions(min_value=0, max_value=100, max_denominator=20), min_size=1))
def test_the_histogram_counts_every_unit_once(totals: list[F]) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    found = histogram(_summary(rubric, totals), rubric, "vi")
    assert found is not None
    assert sum(b.count for b in found.bins) == len(totals)
    assert found.bins[0].low <= min(totals)
    assert found.bins[-1].high >= max(totals)
    for total in totals:  # each in the bin that holds it: [low, high), the last closed
        (home,) = [
            b
            for i, b in enumerate(found.bins)
            if b.low <= total < b.high or (i == len(found.bins) - 1 and total == b.high)
        ]
        assert home.count > 0
    widths = {b.high - b.low for b in found.bins}
    assert len(widths) == 1
    assert len(found.bins) <= 40
    assert [c.at for c in found.cutoffs] == [
        m for m in (F(80), F(84), F(88), F(92), F(96)) if found.low < m <= found.high
    ]


def test_the_histogram_of_a_round(rubric: tiercert.Rubric) -> None:
    found = histogram(_summary(rubric, [65, 72, 80, 80, F("83.5"), 97, 100]), rubric, "vi")
    assert found is not None
    assert (found.low, found.high, found.bins[0].high - found.bins[0].low) == (F(64), F(100), F(2))
    assert {b.low: b.count for b in found.bins if b.count} == {
        64: 1,
        72: 1,
        80: 2,
        82: 1,
        96: 1,
        98: 1,  # 100: in the last bin, closed
    }
    assert found.cutoffs[0].label == "Chính quyền thân thiện 1 sao"
    assert histogram(_summary(rubric, []), rubric, "vi") is None


def test_tier_shares_are_one_bar_highest_first(rubric: tiercert.Rubric) -> None:
    builder = SummaryBuilder(rubric)
    for total, tier in [(97, "sao-5"), (85, "sao-2"), (81, "sao-1"), (70, None)]:
        builder.add_values(F(total), tier, tier is not None, False, [None] * 5)
    board = build_dashboard(builder.summary(), rubric, date="2024-12-20")
    assert [t.id for t in board.tiers] == ["sao-5", "sao-4", "sao-3", "sao-2", "sao-1", "none"]
    assert sum(t.share for t in board.tiers) == 100
    assert [t.start for t in board.tiers] == [0, 25, 25, 25, 50, 75]
    (t2023, t2025) = board.targets
    assert (t2023.share, t2023.met, t2025.share, t2025.units_short) == (F(30), True, F(100), 1)


def test_the_unit_list_keeps_the_first_units(rubric: tiercert.Rubric) -> None:
    outcomes = tiercert.evaluate_many(rubric, tiercert.read_rows(str(UNITS)))
    units = UnitList(rubric, limit=7)
    for outcome in outcomes:
        units.add(outcome, None)
    assert (len(units.lines), units.more) == (7, 3)
    rejected = [u for u in units.lines if u.total is None]
    assert [u.row for u in rejected] == [7, 8]
    # in the dashboard's language (the rubric's: Vietnamese), the missing g5 in one line
    assert "phải là một số từ 0 đến 25" in rejected[0].problems[0]
    assert rejected[1].problems == (
        "g5.1: 3 tiêu chí của nhóm 'g5' chưa có câu trả lời: g5.1, g5.2, g5.3; hãy trả lời, "
        "hoặc tính câu chưa trả lời là 0 điểm ('scoring: {missing: zero}' trong bộ tiêu chí, "
        "hoặc --missing zero; missing='zero' trong Python)",
    )
    scored = units.lines[0]
    assert (scored.unit_name, scored.total, scored.tier, scored.stars) == (
        "Xã Mẫu H",
        F(90),
        "Chính quyền thân thiện 3 sao",
        3,
    )
    page = render_dashboard(rubric_summary(rubric), rubric, units, date="2024-12-20")
    assert "… và 3 đơn vị khác: xem tệp kết quả." in page


def rubric_summary(rubric: tiercert.Rubric) -> tiercert.Summary:
    return tiercert.summarise(
        tiercert.evaluate_many(rubric, tiercert.read_rows(str(UNITS))), rubric
    )


def test_a_table_per_attribute_value(rubric: tiercert.Rubric) -> None:
    summary = rubric_summary(rubric)
    page = render_dashboard(
        summary, rubric, breakdowns={"District": {"Huyện A": summary, "Huyện B": summary}}
    )
    assert '<h2 id="by-1">Theo District</h2>' in page
    assert page.count('<th scope="row">Huyện ') == 2


@given(st.text(max_size=120), st.integers(1, 10**6))
def test_card_file_names_are_safe(unit_id: str, row: int) -> None:
    taken: set[str] = set()
    name = card_file_name(unit_id, row, taken)
    assert name.endswith(".html")
    assert name == Path(name).name  # no folder in it
    assert not name.startswith(".")
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert len(name) <= 100
    assert name.lower() in taken
    again = card_file_name(unit_id, row + 1, taken)
    assert again != name  # never the same file twice


#: ids whose safe names meet: 'a?' is 'a', 'A' is 'a' to a file system that ignores case
_CLASHING = ["a", "A", "a?", "a-row3", "a-row4", "a-row4-2", "row-3", ""]


@given(st.permutations(_CLASHING) | st.lists(st.sampled_from(_CLASHING), max_size=8))
@example(["a-row4", "a", "a?"])
def test_the_cards_of_one_batch_never_share_a_file(ids: list[str]) -> None:
    """Twentieth round: a unit whose safe name was taken got ``<name>-row<N>.html`` without a
    look whether another unit's id had made that name already: the card of ``a-row4`` (row 2)
    was replaced by that of ``a?`` (row 4, after ``a``)."""
    taken: set[str] = set()
    names = [card_file_name(unit_id, row, taken) for row, unit_id in enumerate(ids, 2)]
    assert len({name.lower() for name in names}) == len(names)


def test_a_card_named_as_another_units_fallback_is_kept(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,water\na-row4,First,1\na,Second,2\na?,Third,3\n", "utf-8")
    cards = tmp_path / "cards"
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(
        'format: 1\nid: t\nversion: "1"\ntitle: T\ncriteria:\n'
        "  - {id: water, title: Water, max: 10, rule: {kind: direct}}\n"
        "tiers:\n  - {id: s1, label: one, rank: 1, min: 5}\n",
        "utf-8",
    )
    status, _, _ = run_cli(
        "batch",
        str(rubric),
        str(units),
        "-o",
        str(tmp_path / "r.csv"),
        "--missing",
        "zero",
        "--cards",
        str(cards),
        "--lang",
        "en",
    )
    assert status in (0, 1)
    names = {p.name: p.read_text(encoding="utf-8") for p in cards.glob("*.html")}
    assert sorted(names) == ["a-row4-2.html", "a-row4.html", "a.html", "index.html"]
    assert "<h1>First" in names["a-row4.html"]
    assert "<h1>Second" in names["a.html"]
    assert "<h1>Third" in names["a-row4-2.html"]


@pytest.mark.parametrize(
    ("unit_id", "name"),
    [
        ("xa-mau-a", "xa-mau-a.html"),
        ("Xã Mẫu A", "Xa_Mau_A.html"),
        ("../../etc/passwd", "etc_passwd.html"),
        ("CON", "unit-CON.html"),
        ("index", "unit-index.html"),
        ("", "row-7.html"),
        (None, "row-7.html"),
    ],
)
def test_card_file_name_examples(unit_id: str | None, name: str) -> None:
    assert card_file_name(unit_id, 7, set()) == name


def test_batch_writes_a_card_per_unit_and_the_dashboard(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    results = tmp_path / "results.csv"
    status, out, err = run_cli(
        "batch",
        "bac_giang_friendly_gov",
        str(UNITS),
        "-o",
        str(results),
        "--cards",
        str(cards),
        "--round",
        "2024",
        "--summary",
        "none",
    )
    assert status == 1  # four bad rows
    assert out == ""
    assert f"đã ghi 6 phiếu kết quả và {cards / 'index.html'}\n" in err
    written = sorted(p.name for p in cards.iterdir())
    assert written == [
        "index.html",
        "phuong-mau-k.html",
        "thi-tran-mau-l.html",
        "xa-mau-h.html",
        "xa-mau-i.html",
        "xa-mau-n.html",
        "xa-mau-q.html",
    ]
    index = (cards / "index.html").read_text(encoding="utf-8")
    assert '<a href="xa-mau-h.html">Xã Mẫu H</a>' in index
    assert "Kỳ đánh giá</dt><dd>2024" in index
    # a unit's stars stand beside its tier's label, which says them: a picture of 3 stars
    # alone read aloud as "3 trên 3 sao" (3 of 3) told a full mark it is not
    assert 'class="stars-small"' in index
    assert not re.search(r"(\d+) trên \1 sao", index)
    card = (cards / "xa-mau-q.html").read_text(encoding="utf-8")
    assert "Chưa đạt chuẩn: bị điểm liệt" in card


def test_summary_html_to_a_file_links_the_cards(tmp_path: Path) -> None:
    page = tmp_path / "reports" / "dashboard.html"
    page.parent.mkdir()
    status, out, err = run_cli(
        "batch",
        "bac_giang_friendly_gov",
        str(ROUND),
        "-o",
        str(tmp_path / "r.csv"),
        "--cards",
        str(tmp_path / "cards"),
        "--summary-output",
        str(page),
    )
    assert status == 0, err
    assert out == ""
    text = page.read_text(encoding="utf-8")
    assert '<a href="../cards/xa-02.html">Xã Mẫu 02</a>' in text
    assert f"đã ghi {page}\n" in err


def test_summary_html_on_standard_output(tmp_path: Path) -> None:
    status, out, _ = run_cli(
        "batch",
        "bac_giang_friendly_gov",
        str(ROUND),
        "-o",
        str(tmp_path / "r.csv"),
        "--summary",
        "html",
    )
    assert status == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<a href" not in out  # no cards to link
    assert "Xã Mẫu 02" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--summary", "html"], "the dashboard is a page, not for the terminal"),
        (["--summary-output", "s.pdf"], "cannot write 's.pdf': it writes text (.txt)"),
        (
            ["--summary-output", "s.md", "--summary", "json"],
            "'s.md' names a markdown file but --summary is json",
        ),
        (["--summary-output", "s.md", "--summary", "none"], "--summary none writes no"),
    ],
)
def test_summary_options_that_do_not_fit(tmp_path: Path, args: list[str], message: str) -> None:
    status, _, err = run_cli("batch", "bac_giang_friendly_gov", str(ROUND), *args)
    assert status == 2
    assert message in err


def test_summary_output_takes_its_format_from_its_name(tmp_path: Path) -> None:
    for name, start in [("s.json", "{"), ("s.md", "# "), ("s.txt", "Xã, phường")]:
        status, out, _ = run_cli(
            "batch",
            "bac_giang_friendly_gov",
            str(ROUND),
            "-o",
            str(tmp_path / "r.csv"),
            "--summary-output",
            str(tmp_path / name),
        )
        assert (status, out) == (0, "")
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_cards_in_a_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    status, _, err = run_cli(
        "batch",
        "bac_giang_friendly_gov",
        str(ROUND),
        "-o",
        str(tmp_path / "r.csv"),
        "--cards",
        str(blocker / "cards"),
        "--lang",
        "en",
    )
    assert status == 2
    assert "cannot make the folder for the scorecards: a part of the path is not a folder" in err
    assert "[file.unwritable]" in err
    assert not (tmp_path / "r.csv").exists()
    args = ["batch", "bac_giang_friendly_gov", str(ROUND), "--cards", str(blocker / "cards")]
    status, _, err = run_cli(*args, "-o", str(tmp_path / "r.csv"))
    assert "một phần của đường dẫn không phải là thư mục" in err  # not the system's English
    assert "Not a directory" not in err
