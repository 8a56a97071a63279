"""Programme statistics: tiers, totals, groups losing points, targets; three renderings."""

from __future__ import annotations

import datetime
import itertools
import json
import statistics
import types
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import ROOT, TESTS
from tiercert import Result, Rubric
from tiercert._i18n import Given
from tiercert._programme_texts import target_scope
from tiercert.batch import Outcome, evaluate_many
from tiercert.summary import (
    GroupLoss,
    Summary,
    SummaryBuilder,
    TargetProgress,
    render_summary,
    summarise,
    summary_json,
    summary_markdown,
    summary_text,
    target_note,
    target_verdict,
)
from tiercert.summary import _group_title as group_title

INPUTS = TESTS / "golden" / "batch" / "inputs"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.load_rubric(INPUTS / "rubric.yaml")


def _unit(
    uid: str, g1: object, share: object, late: int = 0, dialogues: int = 4, out: bool = False
) -> dict[str, object]:
    return {
        "unit_id": uid,
        "g1": g1,
        "g2.1": share,
        "g2.2": late,
        "g2.3": dialogues,
        "bi_ky_luat": out,
    }


# totals: 100 (s3), 75 (s1), 62.5 (s1), 55 (none), 90 (gate fails: none)
UNITS = [
    _unit("a", 40, 85),
    _unit("b", 30, "79.99", late=1),
    _unit("c", "22.5", 50, late=2),
    _unit("d", 0, 80, dialogues=2),
    _unit("e", 40, 70, out=True),
]
BAD = {"unit_id": "f", "g1": 99}


def _outcomes(rubric: Rubric, units: list[dict[str, object]]) -> list[Outcome]:
    return list(evaluate_many(rubric, units))


def test_counts_shares_and_totals(rubric: Rubric) -> None:
    summary = summarise(_outcomes(rubric, [*UNITS, BAD]), rubric)
    assert (summary.units, summary.scored, summary.rejected) == (6, 5, 1)
    assert [(t.id, t.count, t.share) for t in summary.tiers] == [
        ("none", 2, Fraction(40)),
        ("s1", 2, Fraction(40)),
        ("s2", 0, Fraction(0)),
        ("s3", 1, Fraction(20)),
    ]
    assert (summary.certified, summary.certified_share) == (3, Fraction(60))
    assert summary.mean == Fraction("76.5")  # (100 + 75 + 62.5 + 55 + 90) / 5
    assert summary.median == Fraction(75)
    assert (summary.min, summary.max) == (Fraction(55), Fraction(100))
    assert summary.max_total == Fraction(100)
    assert summary.provisional == 5  # g2.3 is provisional and scored in every unit


def test_groups_ranked_by_points_lost(rubric: Rubric) -> None:
    summary = summarise(_outcomes(rubric, UNITS), rubric)
    # g1 lost 0 + 10 + 17.5 + 40 + 0 = 67.5 over 5 units; g2 lost 0 + 15 + 20 + 5 + 10 = 50
    assert [(g.id, g.mean_lost, g.units) for g in summary.groups] == [
        ("g1", Fraction("13.5"), 5),
        ("g2", Fraction(10), 5),
    ]
    assert summary.groups[0].share_lost == Fraction("33.75")
    assert summary.groups[1].title == "Sự hài lòng của người dân"


def test_targets_from_the_rubric(rubric: Rubric) -> None:
    summary = summarise(_outcomes(rubric, UNITS), rubric)
    assert [t.describe() for t in summary.targets] == [
        "2023 target 30% certified: 60% reached (3/5; met)",
        "2025 target 100% certified: 60% reached (3/5; not met, 2 more units needed)",
        "2025 target 20% at 3 sao or above: 20% reached (1/5; met)",
    ]
    assert summary.targets[2].count == 1


def test_units_short_rounds_up_to_whole_units(rubric: Rubric) -> None:
    # 3 units, 1 certified: 30% of 3 is 0.9 units, so the target is met with 1
    units = [_unit("a", 40, 85), _unit("b", 0, 40), _unit("c", 0, 30)]
    first, second, _ = summarise(_outcomes(rubric, units), rubric).targets
    assert (first.met, first.units_short) == (True, 0)
    assert (second.met, second.units_short) == (False, 2)


def test_an_empty_batch(rubric: Rubric) -> None:
    summary = summarise([], rubric)
    assert (summary.scored, summary.mean, summary.median, summary.certified_share) == (
        0,
        None,
        None,
        None,
    )
    assert all(not t.met for t in summary.targets)
    for format in ("text", "json", "markdown"):
        assert render_summary(summary, format)
    assert "no units" in summary_text(summary, "en")
    assert "không có đơn vị nào" in summary_text(summary)  # the rubric's language


def test_results_can_be_summarised_directly(rubric: Rubric) -> None:
    results: list[Result] = [o.result for o in _outcomes(rubric, UNITS) if o.result is not None]
    assert summarise(results, rubric) == summarise(_outcomes(rubric, UNITS), rubric)


def test_median_of_an_even_count(rubric: Rubric) -> None:
    summary = summarise(_outcomes(rubric, UNITS[:4]), rubric)  # 55, 62.5, 75, 100
    assert summary.median == Decimal("68.75")


def test_a_mean_without_an_end_is_exact(rubric: Rubric) -> None:
    units = [_unit("a", 40, 85), _unit("b", 40, 85), _unit("c", 39, 85)]
    summary = summarise(_outcomes(rubric, units), rubric)
    assert summary.mean == Fraction(299, 3)
    assert json.loads(summary_json(summary))["total"]["mean"] == "299/3"
    assert "mean 99.66…" in summary_text(summary, "en")  # cut down, never rounded up
    assert "trung bình 99,66…" in summary_text(summary)  # Vietnamese: the decimal comma


# --- renderings -------------------------------------------------------------------------------


def test_text_rendering(rubric: Rubric) -> None:
    text = summary_text(summarise(_outcomes(rubric, [*UNITS, BAD]), rubric), "en")
    assert text.splitlines()[:4] == [
        "Bộ tiêu chí thử nghiệm (thu-nghiem 1)",
        "Units: 5 scored, 1 rejected for bad input (not counted below)",
        "Certified: 3 of 5 (60%)",
        "Tiers:",
    ]
    assert "Total (of 100): mean 76.5, median 75, min 55, max 100" in text
    # met even if the rejected unit is not certified (3 of 6), and the rejected unit said
    assert "  2023 target 30% certified: 60% reached (3/5; met; 1 rejected, not counted)" in text


def test_json_rendering(rubric: Rubric) -> None:
    data = json.loads(summary_json(summarise(_outcomes(rubric, UNITS), rubric)))
    assert data["rubric"] == {"id": "thu-nghiem", "version": "1"}
    assert data["total"] == {
        "max": "100",
        "mean": "76.5",
        "median": "75",
        "min": "55",
        "max_reached": "100",
    }
    assert data["tiers"][3] == {
        "id": "s3",
        "label": "3 sao",
        "rank": 3,
        "certified": True,
        "count": 1,
        "share": "20",
    }
    assert data["targets"][1]["units_short"] == 2
    assert data["groups"][0]["id"] == "g1"


def test_markdown_rendering_keeps_vietnamese_and_escapes_tables(rubric: Rubric) -> None:
    data = rubric.to_data()
    data["criteria"][1]["title"] = {"vi": "Sự hài lòng | mức độ *[x]*", "en": "Satisfaction"}
    tricky = tiercert.rubric_from_mapping(data)
    markdown = summary_markdown(summarise(_outcomes(tricky, UNITS), tricky), "en")
    assert markdown.startswith("# Bộ tiêu chí thử nghiệm\n")
    assert "| 3 sao | 1 | 20% |" in markdown
    assert "Sự hài lòng \\| mức độ \\*\\[x\\]\\*" in markdown  # no emphasis, no link
    assert "- 2025 target 20% at 3 sao or above: 20% reached (1/5; met)" in markdown


def test_english_labels_on_request(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric, lang="en")
    for outcome in _outcomes(rubric, UNITS):
        builder.add(outcome)
    summary = builder.summary()
    assert summary.title == "Test rubric"
    assert summary.tiers[3].label == "3 stars"


# --- properties -------------------------------------------------------------------------------

_G1 = st.decimals(min_value=0, max_value=40, places=1)


@given(st.lists(_G1, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_statistics_are_exact_and_order_free(g1s: list[Decimal], random: object) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    units = [_unit(f"u{i}", g1, 85) for i, g1 in enumerate(g1s)]
    outcomes = _outcomes(rubric, units)
    summary: Summary = summarise(outcomes, rubric)
    totals = [Fraction(o.result.total) for o in outcomes if o.result is not None]
    assert Fraction(summary.median or 0) == statistics.median(totals)
    assert Fraction(summary.min or 0) == min(totals)
    assert summary.certified == sum(1 for t in totals if t >= 60)
    shuffled = list(outcomes)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert summarise(shuffled, rubric) == summary


_UNIT = st.builds(
    _unit,
    st.just("x"),
    _G1,
    st.sampled_from([85, "79.99", 50, 80, 100]),
    st.integers(0, 3),
    st.integers(0, 4),
    st.booleans(),
)


@given(st.lists(_UNIT, max_size=14), st.lists(st.integers(0, 14), max_size=4))
def test_counts_merged_from_parts_give_the_whole(
    units: list[dict[str, object]], cuts: list[int]
) -> None:
    # parts scored apart (workers of a cluster) and merged after a trip through JSON
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    units = [{**u, "unit_id": f"u{i}"} for i, u in enumerate(units)] + [BAD]
    outcomes = _outcomes(rubric, units)
    whole = summarise(outcomes, rubric)
    edges = sorted({0, len(outcomes), *(c for c in cuts if c < len(outcomes))})
    merged = SummaryBuilder(rubric)
    for start, end in itertools.pairwise(edges):
        part = SummaryBuilder(rubric)
        for outcome in outcomes[start:end]:
            part.add(outcome)
        merged.merge(json.loads(json.dumps(part.counts())))
    assert merged.summary() == whole


@pytest.mark.parametrize("as_text", [False, True])
def test_result_records_count_like_outcomes(rubric: Rubric, as_text: bool) -> None:
    records = list(tiercert.score_records(rubric, [*UNITS, BAD], as_text=as_text))
    builder = SummaryBuilder(rubric)
    for record in records:
        builder.add_record(record)
    assert builder.summary() == summarise(_outcomes(rubric, [*UNITS, BAD]), rubric)


def test_counts_of_another_rubric_or_garbage_are_refused(rubric: Rubric) -> None:
    other = tiercert.load_rubric(ROOT / "rubrics" / "vn_ocop_products.yaml")
    builder = SummaryBuilder(rubric)
    with pytest.raises(ValueError, match="another rubric"):
        builder.merge(SummaryBuilder(other))
    with pytest.raises(ValueError, match=r"\$\.scored: expected a whole number, got 'many'"):
        builder.merge({"rubric": rubric.fingerprint, "scored": "many"})
    with pytest.raises(ValueError, match=r"\$\.certified: a scored record needs the column"):
        builder.add_record({"status": "scored", "total": "lots"})
    # a number cut for reading (from a CSV output) is not the exact value: refused, not guessed
    with pytest.raises(ValueError, match="cut for reading, not the exact value"):
        builder.add_record({"status": "scored", "total": "79.999999999999…", "certified": "false"})
    assert builder.summary().scored == 0


def test_counts_added_up_by_hand_between_summaries(rubric: Rubric) -> None:
    # g1 is worth 40, g2 60; every unit totals 50 and reaches no tier
    builder = SummaryBuilder(rubric)
    builder.add_values(Fraction(50), None, False, False, ["na", Fraction(59)])
    builder.add_values(Fraction(50), None, False, False, [Fraction(39), Fraction(60)])
    first = builder.summary()
    lost = {g.id: (g.mean_lost, g.units) for g in first.groups}
    # g1: N/A, then 1 lost (counted after an N/A); g2: 1 lost (exactly one point), then none
    assert lost == {"g1": (Fraction(1), 1), "g2": (Fraction(1, 2), 2)}
    builder.add_values(Fraction(50), None, False, False, [Fraction(40), Fraction(60)])
    second = builder.summary()  # counts added after a summary join the ones before
    lost = {g.id: (g.mean_lost, g.units) for g in second.groups}
    assert lost == {"g1": (Fraction(1, 2), 2), "g2": (Fraction(1, 3), 3)}
    assert (second.scored, second.totals, second.median) == (3, ((Fraction(50), 3),), Fraction(50))
    assert second.tiers[0].to_dict() == {
        "id": "none",
        "label": "no tier",
        "rank": 0,
        "certified": False,
        "count": 3,
        "share": "100",
    }


def test_one_unit_by_hand(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric, lang="en")
    builder.add_values(Fraction(199, 2), "s3", True, False, [Fraction(40), Fraction(119, 2)])
    summary = builder.summary()
    # g2 lost half a point, g1 nothing: an exact zero, ranked after it
    assert [(g.id, g.title, g.mean_lost) for g in summary.groups] == [
        ("g2", "Citizens' satisfaction", Fraction(1, 2)),
        ("g1", "Grassroots democracy", Fraction(0)),
    ]
    assert type(summary.groups[1].mean_lost) is Fraction
    # targets: 30% certified and 20% at s3 are met by one unit of one
    certified, _, at_s3 = summary.targets
    assert (certified.met, certified.tier, certified.tier_label) == (True, None, None)
    assert (at_s3.met, at_s3.tier, at_s3.count) == (True, "s3", 1)
    assert at_s3.to_dict()["provisional"] is False


def test_units_short_of_a_target_are_whole(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    for _ in range(3):
        builder.add_values(Fraction(20), None, False, False, [Fraction(10), Fraction(10)])
    first = builder.summary().targets[0]  # 30% of 3 units is 0.9: one unit short
    assert (first.met, first.units_short) == (False, 1)
    assert type(first.units_short) is int


def test_totals_ordered_exactly_where_floats_cannot_tell(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    big = 10**17  # big and big + 1 are the same float, times 3 (the common denominator)
    for total in (Fraction(big + 1), Fraction(big), Fraction(1, 3)):
        builder.add_values(total, None, False, False, [Fraction(0), Fraction(0)])
    summary = builder.summary()
    assert (summary.min, summary.median, summary.max) == (
        Fraction(1, 3),
        Fraction(big),
        Fraction(big + 1),
    )


def test_values_for_each_group_or_refused(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    with pytest.raises(ValueError, match="1 group values for 2 top-level criteria"):
        builder.add_values(Fraction(50), None, False, False, [Fraction(40)])
    with pytest.raises(ValueError, match="3 group values for 2 top-level criteria"):
        builder.add_values(Fraction(50), "t1", True, False, [Fraction(40)] * 3)
    refused = builder.summary()  # a refused unit is not counted, not even in part
    assert (refused.scored, refused.certified, refused.provisional) == (0, 0, 0)
    assert refused.min is None


# --- renderings and counts, by hand -----------------------------------------------------------


def _three_units(rubric: Rubric, lang: str | None = None) -> SummaryBuilder:
    """Totals 99.5 (s3), 65 (s1) and 100/3 (no tier), one of them provisional, and a unit
    rejected.  g1 (max 40) scores 40, N/A, 10: 30 lost over 2 units; g2 (max 60) scores 59.5,
    65 (a bonus above the maximum: nothing lost), not scored: 0.5 lost over 2 units."""
    builder = SummaryBuilder(rubric, lang=lang)
    builder.add_values(Fraction(199, 2), "s3", True, True, [Fraction(40), Fraction(119, 2)])
    builder.add_values(Fraction(65), "s1", True, False, ["na", Fraction(65)])
    builder.add_values(Fraction(100, 3), None, False, False, [Fraction(10), None])
    builder.add(Outcome(3, "u4", None, None))  # a row with no result: rejected
    return builder


def test_every_figure_by_hand(rubric: Rubric) -> None:
    summary = _three_units(rubric).summary()
    assert summary.to_dict() == {
        "rubric": {"id": "thu-nghiem", "version": "1"},
        "as_of": None,
        "units": 4,
        "scored": 3,
        "rejected": 1,
        "not_units": 0,
        "certified": 2,
        "certified_share": "200/3",  # 2 of 3, in percent
        "total": {
            "max": "100",
            "mean": "1187/18",  # (597 + 390 + 200) / 6 / 3
            "median": "65",
            "min": "100/3",
            "max_reached": "99.5",
        },
        "tiers": [
            {
                "id": "none",
                "label": "no tier",
                "rank": 0,
                "certified": False,
                "count": 1,
                "share": "100/3",
            },
            {
                "id": "s1",
                "label": "1 sao",
                "rank": 1,
                "certified": True,
                "count": 1,
                "share": "100/3",
            },
            {"id": "s2", "label": "2 sao", "rank": 2, "certified": True, "count": 0, "share": "0"},
            {
                "id": "s3",
                "label": "3 sao",
                "rank": 3,
                "certified": True,
                "count": 1,
                "share": "100/3",
            },
        ],
        "groups": [
            {
                "id": "g1",
                "title": "Dân chủ ở cơ sở",
                "max": "40",
                "mean_lost": "15",
                "share_lost": "37.5",
                "units": 2,
                "penalty": False,
                "counted": True,
            },
            # 0.25 of 60 is 5/12 percent
            {
                "id": "g2",
                "title": "Sự hài lòng của người dân",
                "max": "60",
                "mean_lost": "0.25",
                "share_lost": "5/12",
                "units": 2,
                "penalty": False,
                "counted": True,
            },
        ],
        "targets": [
            {
                "period": "2023",
                "target": "30",
                "tier": None,
                "by": {},
                "units": 3,
                "count": 2,
                "reached": "200/3",
                "met": True,
                "decided": True,
                "rejected": 1,
                "units_short": 0,
                "provisional": False,
            },
            # 100% of 4 units (the rejected one too): 2 more
            {
                "period": "2025",
                "target": "100",
                "tier": None,
                "by": {},
                "units": 3,
                "count": 2,
                "reached": "200/3",
                "met": False,
                "decided": True,
                "rejected": 1,
                "units_short": 2,
                "provisional": False,
            },
            {
                "period": "2025",
                "target": "20",
                "tier": "s3",
                "by": {},
                "units": 3,
                "count": 1,
                "reached": "100/3",
                "met": True,
                "decided": True,
                "rejected": 1,
                "units_short": 0,
                "provisional": False,
            },
        ],
        "provisional": 1,
    }
    assert (
        summary_json(summary) == json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )
    assert render_summary(summary, "json") == summary_json(summary)
    assert summary.totals == ((Fraction(100, 3), 1), (Fraction(65), 1), (Fraction(199, 2), 1))
    assert summary.max_total == Fraction(100)
    assert summary.lang == "vi"


TEXT_EN = """\
Bộ tiêu chí thử nghiệm (thu-nghiem 1)
Units: 3 scored, 1 rejected for bad input (not counted below)
Certified: 2 of 3 (66.6…%)
Tiers:
  3 sao         1  33.3…%
  2 sao         0      0%
  1 sao         1  33.3…%
  no tier       1  33.3…%
Total (of 100): mean 65.94…, median 65, min 33.33…, max 99.5
Points lost per unit, by group, of each group's own maximum (not points of the total; most first):
  g1      15 of 40   (37.5%)   Dân chủ ở cơ sở
  g2    0.25 of 60   (0.4…%)   Sự hài lòng của người dân
Targets:
  2023 target 30% certified: 66.6…% reached (2/3; met; 1 rejected, not counted)
  2025 target 100% certified: 66.6…% reached (2/3; not met, 2 more units needed; 1 rejected, not counted)
  2025 target 20% at 3 sao or above: 33.3…% reached (1/3; met; 1 rejected, not counted)
Provisional: 1 result(s) depend on rubric elements not confirmed by the sources
"""  # noqa: E501 (the lines of the output as they are)

TEXT_VI = """\
Bộ tiêu chí thử nghiệm (thu-nghiem 1)
Đơn vị: 3 được chấm, 1 bị từ chối do dữ liệu sai (không tính ở dưới)
Đạt chuẩn: 2 trên 3 (66,6…%)
Các hạng:
  3 sao               1  33,3…%
  2 sao               0      0%
  1 sao               1  33,3…%
  chưa xếp hạng       1  33,3…%
Tổng điểm (trên 100): trung bình 65,94…, trung vị 65, thấp nhất 33,33…, cao nhất 99,5
Điểm bị mất bình quân mỗi đơn vị, theo nhóm tiêu chí, trên điểm tối đa của riêng nhóm (không phải điểm của tổng điểm; nhiều nhất trước):
  g1      15 trên 40   (37,5%)   Dân chủ ở cơ sở
  g2    0,25 trên 60   (0,4…%)   Sự hài lòng của người dân
Chỉ tiêu:
  Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 66,6…% (2/3; đạt chỉ tiêu; 1 bị từ chối, không được tính)
  Chỉ tiêu 2025: 100% đạt chuẩn: đã đạt 66,6…% (2/3; chưa đạt, cần thêm 2 đơn vị; 1 bị từ chối, không được tính)
  Chỉ tiêu 2025: 20% đạt 3 sao trở lên: đã đạt 33,3…% (1/3; đạt chỉ tiêu; 1 bị từ chối, không được tính)
Tạm tính: 1 kết quả phụ thuộc vào nội dung của bộ tiêu chí chưa được văn bản nguồn xác nhận
"""  # noqa: E501 (the lines of the output as they are)

MARKDOWN_EN = """\
# Bộ tiêu chí thử nghiệm

Rubric `thu-nghiem` version 1.

Units: 3 scored, 1 rejected for bad input (not counted below).
Certified: **2 of 3 (66.6…%)**.

## Tiers

| Tier | Units | Share |
|---|---:|---:|
| 3 sao | 1 | 33.3…% |
| 2 sao | 0 | 0% |
| 1 sao | 1 | 33.3…% |
| no tier | 1 | 33.3…% |

## Totals

Out of 100: mean 65.94…, median 65, lowest 33.33…, highest 99.5.

## Where units lose points

Each group's own points, of its own maximum: not points of the total (weights, `top`, caps and the bonus stand between them).

| Group | Title | Mean own points lost | Own maximum | Share of own maximum lost |
|---|---|---:|---:|---:|
| g1 | Dân chủ ở cơ sở | 15 | 40 | 37.5% |
| g2 | Sự hài lòng của người dân | 0.25 | 60 | 0.4…% |

## Targets

- 2023 target 30% certified: 66.6…% reached (2/3; met; 1 rejected, not counted)
- 2025 target 100% certified: 66.6…% reached (2/3; not met, 2 more units needed; 1 rejected, not counted)
- 2025 target 20% at 3 sao or above: 33.3…% reached (1/3; met; 1 rejected, not counted)

_1 result(s) depend on rubric elements not confirmed by the sources (provisional)._
"""  # noqa: E501 (the lines of the output as they are)

MARKDOWN_VI = """\
# Bộ tiêu chí thử nghiệm

Bộ tiêu chí `thu-nghiem` bản 1.

Đơn vị: 3 được chấm, 1 bị từ chối do dữ liệu sai (không tính ở dưới).
Đạt chuẩn: **2 trên 3 (66,6…%)**.

## Các hạng

| Hạng | Đơn vị | Tỷ lệ |
|---|---:|---:|
| 3 sao | 1 | 33,3…% |
| 2 sao | 0 | 0% |
| 1 sao | 1 | 33,3…% |
| chưa xếp hạng | 1 | 33,3…% |

## Tổng điểm

Trên 100 điểm: trung bình 65,94…, trung vị 65, thấp nhất 33,33…, cao nhất 99,5.

## Các đơn vị bị mất điểm ở đâu

Điểm của riêng từng nhóm, trên điểm tối đa của nhóm: không phải điểm của tổng điểm (trọng số, `top`, mức trần và điểm thưởng nằm giữa hai con số này).

| Nhóm | Tên | Điểm của nhóm bị mất bình quân | Tối đa của nhóm | Tỷ lệ bị mất trên tối đa của nhóm |
|---|---|---:|---:|---:|
| g1 | Dân chủ ở cơ sở | 15 | 40 | 37,5% |
| g2 | Sự hài lòng của người dân | 0,25 | 60 | 0,4…% |

## Chỉ tiêu

- Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 66,6…% (2/3; đạt chỉ tiêu; 1 bị từ chối, không được tính)
- Chỉ tiêu 2025: 100% đạt chuẩn: đã đạt 66,6…% (2/3; chưa đạt, cần thêm 2 đơn vị; 1 bị từ chối, không được tính)
- Chỉ tiêu 2025: 20% đạt 3 sao trở lên: đã đạt 33,3…% (1/3; đạt chỉ tiêu; 1 bị từ chối, không được tính)

_1 kết quả phụ thuộc vào nội dung của bộ tiêu chí chưa được văn bản nguồn xác nhận (tạm tính)._
"""  # noqa: E501 (the lines of the output as they are)


def test_the_renderings_in_full(rubric: Rubric) -> None:
    # shares and statistics cut down (never rounded up) and marked; the summary's own
    # language by default
    summary = _three_units(rubric).summary()
    assert summary_text(summary, "en") == TEXT_EN
    assert summary_text(summary) == TEXT_VI
    assert summary_markdown(summary, "en") == MARKDOWN_EN
    assert summary_markdown(summary) == MARKDOWN_VI
    assert render_summary(summary) == TEXT_VI
    assert render_summary(summary, "text", "en") == TEXT_EN
    assert render_summary(summary, "markdown") == MARKDOWN_VI
    assert render_summary(summary, "markdown", "en") == MARKDOWN_EN


def test_the_renderings_of_no_units_and_of_none_rejected(rubric: Rubric) -> None:
    data = rubric.to_data()
    # a target with two decimal places is shown with two; a provisional one says so
    data["targets"] = [{"period": "2030", "share": "12.25", "tier": "s2", "provisional": True}]
    r = tiercert.rubric_from_mapping(data)
    empty = SummaryBuilder(r).summary()
    assert summary_text(empty, "en") == (
        "Bộ tiêu chí thử nghiệm (thu-nghiem 1)\n"
        "Units: 0 scored, none rejected\n"
        "Targets:\n"
        "  2030 target 12.25% at 2 sao or above: no units in this period (provisional target)\n"
    )
    assert summary_markdown(empty, "en") == (
        "# Bộ tiêu chí thử nghiệm\n\nRubric `thu-nghiem` version 1.\n\n"
        "Units: 0 scored, none rejected.\n\n## Targets\n\n"
        "- 2030 target 12.25% at 2 sao or above: no units in this period (provisional target)\n"
    )
    assert empty.targets[0].describe("vi") == (
        "Chỉ tiêu 2030: 12,25% đạt 2 sao trở lên: không có đơn vị nào trong kỳ này "
        "(chỉ tiêu tạm tính)"
    )
    builder = SummaryBuilder(r, lang="en")
    for total in (Fraction(85), Fraction(80), Fraction(79)):
        builder.add_values(
            total, "s2" if total >= 80 else None, total >= 80, False, [Fraction(40), total - 40]
        )
    summary = builder.summary()
    # 2 of 3 at s2 or above: 66.66...% against 12.25%
    assert summary.targets[0].describe() == (
        "2030 target 12.25% at 2 stars or above: 66.66…% reached (2/3; met, provisional target)"
    )
    text = summary_text(summary)
    assert "Units: 3 scored, none rejected\n" in text
    assert "Provisional" not in text
    # g2 lost 15, 20 and 21: 56/3 a unit, 31.11...% of 60
    assert "  g2  18.66… of 60   (31.1…%)  Citizens' satisfaction\n" in text
    assert "provisional)" not in summary_markdown(summary)


def test_counts_and_their_merge_by_hand(rubric: Rubric) -> None:
    builder = _three_units(rubric)
    counts = builder.counts()
    assert counts == {
        "rubric": rubric.fingerprint,
        "scored": 3,
        "rejected": 1,
        "not_units": 0,
        "certified": 2,
        "provisional": 1,
        "tiers": {"s3": 1, "s1": 1, "none": 1},
        "totals": {"99.5": 1, "65": 1, "100/3": 1},
        "groups": {"g1": {"seen": 2, "lost": "30"}, "g2": {"seen": 2, "lost": "0.5"}},
    }
    # merged twice into a builder that has counted a unit of its own (total 65, s1)
    merged = SummaryBuilder(rubric)
    merged.add_values(Fraction(65), "s1", True, False, [Fraction(39), Fraction(26)])
    merged.merge(json.loads(json.dumps(counts)))
    merged.merge(builder)
    assert merged.counts() == {
        "rubric": rubric.fingerprint,
        "scored": 7,
        "rejected": 2,
        "not_units": 0,
        "certified": 5,
        "provisional": 2,
        "tiers": {"s1": 3, "s3": 2, "none": 2},
        "totals": {"65": 3, "99.5": 2, "100/3": 2},
        # g1 lost 1 (40 - 39) and 30 twice; g2 lost 34 (60 - 26) and 0.5 twice
        "groups": {"g1": {"seen": 5, "lost": "61"}, "g2": {"seen": 5, "lost": "35"}},
    }
    summary = merged.summary()
    # (65 * 3 + 99.5 * 2 + 100/3 * 2) / 7 = (195 + 199 + 200/3) / 7 = 1382/21
    assert (summary.mean, summary.median) == (Fraction(1382, 21), Fraction(65))
    assert [(g.id, g.mean_lost) for g in summary.groups] == [
        ("g1", Fraction(61, 5)),
        ("g2", Fraction(7)),
    ]


def test_counts_of_every_tier_merge(rubric: Rubric) -> None:
    # every tier of the rubric and "none" at once: all known, so merged (not refused)
    ids = [tier.id for tier in rubric.parts.tiers] + ["none"]
    good = _three_units(rubric).counts()
    every = {**good, "scored": len(ids), "tiers": dict.fromkeys(ids, 1), "totals": {"65": len(ids)}}
    builder = SummaryBuilder(rubric)
    builder.merge(every)
    assert builder.counts()["tiers"] == dict.fromkeys(ids, 1)


def test_counts_refused_say_why(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    with pytest.raises(tiercert.DataError) as refused:
        builder.merge({"rubric": "abc"})
    [problem] = refused.value.problems
    assert (problem.code, problem.path) == ("counts.rubric", ("rubric",))
    assert problem.message == (
        "these counts are of another rubric (or another version of it): 'abc', not "
        f"{rubric.fingerprint!r}"
    )
    good = _three_units(rubric).counts()
    for key, bad in (
        ("scored", "many"),
        ("rejected", None),
        ("certified", "1.5"),
        ("provisional", []),
        ("tiers", {"s1": "x"}),
        ("tiers", []),
        ("totals", {"lots": 1}),
        ("totals", {"65": "x"}),
        ("groups", {"g1": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": {"seen": 1}, "g2": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": {"seen": 1, "lost": "x"}, "g2": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": {"seen": "x", "lost": "0"}, "g2": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": [], "g2": {"seen": 1, "lost": "0"}}),
        # well typed, but not counts: their summary failed (IndexError) or was wrong
        ("scored", 4),
        ("scored", 10**30),
        ("rejected", -1),
        ("certified", 4),
        ("provisional", -1),
        ("provisional", 4),
        ("tiers", {"s3": 1, "s1": 1, "none": 2}),
        ("tiers", {"s3": 1, "s1": 1, "gold": 1}),
        ("tiers", {"s3": 4, "s1": -1, "none": 0}),
        ("totals", {"99.5": 1, "65": 1}),
        ("totals", {"99.5": 1, "65": 3, "100/3": -1}),
        ("groups", {"g1": {"seen": 4, "lost": "0"}, "g2": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": {"seen": -1, "lost": "0"}, "g2": {"seen": 1, "lost": "0"}}),
        ("groups", {"g1": {"seen": 1, "lost": "-1"}, "g2": {"seen": 1, "lost": "0"}}),
    ):
        with pytest.raises(tiercert.DataError) as refused:
            builder.merge({**good, key: bad})
        [problem] = refused.value.problems
        assert problem.code in ("counts.type", "counts.key", "counts.sum", "counts.size")
        # a sum names the key it does not add up at (a total scored too high: the tiers')
        assert problem.path[0] == key or problem.code == "counts.sum"
        assert problem.path[0] in good
    with pytest.raises(tiercert.DataError) as refused:
        builder.merge({**good, "certified": 4})
    [problem] = refused.value.problems
    assert (problem.code, problem.path) == ("counts.sum", ("certified",))
    assert problem.message == (
        "not the counts of a SummaryBuilder: they do not add up (negative, more than the units "
        "scored, or tiers the rubric does not have)"
    )
    partial = dict(good)
    del partial["provisional"]
    with pytest.raises(tiercert.DataError) as refused:
        builder.merge(partial)
    [problem] = refused.value.problems
    assert (problem.code, problem.path) == ("counts.key", ("provisional",))
    # nothing refused was counted, not even in part
    assert builder.counts() == {
        "rubric": rubric.fingerprint,
        "scored": 0,
        "rejected": 0,
        "not_units": 0,
        "certified": 0,
        "provisional": 0,
        "tiers": {},
        "totals": {},
        "groups": {"g1": {"seen": 0, "lost": "0"}, "g2": {"seen": 0, "lost": "0"}},
    }


def test_a_group_never_scored_and_a_language_without_a_catalog(rubric: Rubric) -> None:
    # g1 N/A in both units: nothing to average ("-"); g2 lost 10 of 60 in each
    builder = SummaryBuilder(rubric)
    for _ in range(2):
        builder.add_values(Fraction(50), None, False, True, ["na", Fraction(50)])
    summary = builder.summary()
    text = summary_text(summary, "en")
    assert text.splitlines()[9:12] == [
        "Points lost per unit, by group, of each group's own maximum (not points of the total; "
        "most first):",
        "  g2      10 of 60   (16.6…%)  Sự hài lòng của người dân",
        "  g1       - of 40   (-)       Dân chủ ở cơ sở",
    ]
    assert text.splitlines()[12:] == [
        "Targets:",
        "  2023 target 30% certified: 0% reached (0/2; not met, 1 more unit needed)",
        "  2025 target 100% certified: 0% reached (0/2; not met, 2 more units needed)",
        "  2025 target 20% at 3 sao or above: 0% reached (0/2; not met, 1 more unit needed)",
        "Provisional: 2 result(s) depend on rubric elements not confirmed by the sources",
    ]
    markdown = summary_markdown(summary, "en")
    assert "| g1 | Dân chủ ở cơ sở | - | 40 | - |\n" in markdown
    assert markdown.endswith(
        "_2 result(s) depend on rubric elements not confirmed by the sources (provisional)._\n"
    )
    # a language without a catalog reads the English (plural forms included)
    assert summary_text(summary, "fr") == text
    assert summary_markdown(summary, "fr") == markdown


def test_groups_of_ids_of_any_length_and_maxima_with_decimals() -> None:
    r = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {"id": "a", "title": "A", "max": "2.5", "rule": {"kind": "direct"}},
                {"id": "long_id", "title": "L", "max": "7.5", "rule": {"kind": "direct"}},
            ],
        }
    )
    builder = SummaryBuilder(r, lang="vi")
    builder.add_values(Fraction(5), None, False, False, [Fraction(1), Fraction(4)])
    summary = builder.summary()
    # a lost 1.5 of 2.5 (60%); long_id 3.5 of 7.5 (46.66...%): most first
    assert summary_text(summary).splitlines()[-3:] == [
        "Điểm bị mất bình quân mỗi đơn vị, theo nhóm tiêu chí, trên điểm tối đa của riêng nhóm "
        "(không phải điểm của tổng điểm; nhiều nhất trước):",
        "  long_id     3,5 trên 7,5  (46,6…%)  L",
        "  a           1,5 trên 2,5  (60%)     A",
    ]
    assert summary_markdown(summary).splitlines()[-2:] == [
        "| long_id | L | 3,5 | 7,5 | 46,6…% |",
        "| a | A | 1,5 | 2,5 | 60% |",
    ]


def test_records_counted_with_values_or_text_by_hand(rubric: Rubric) -> None:
    builder = SummaryBuilder(rubric)
    builder.add_record({"status": "rejected"})
    builder.add_record({"status": "error"})
    # an int, a Decimal; a flag left empty; a score left empty (not scored) or "na"
    builder.add_record(
        {"status": "scored", "total": 50, "certified": "", "provisional": "",
         "g1.score": "", "g2.score": Decimal("50")}
    )  # fmt: skip
    builder.add_record(
        {"status": "scored", "total": Decimal("50.0"), "certified": False, "g1.score": "na",
         "g2.score": "50", "provisional": "true", "tier": ""}
    )  # fmt: skip
    assert builder.counts() == {
        "rubric": rubric.fingerprint,
        "scored": 2,
        "rejected": 2,
        "not_units": 0,
        "certified": 0,
        "provisional": 1,
        "tiers": {"none": 2},
        "totals": {"50": 2},
        "groups": {"g1": {"seen": 0, "lost": "0"}, "g2": {"seen": 2, "lost": "20"}},
    }
    for record, why in (
        ({"status": "scored", "total": True, "certified": False}, "a number, not True"),
        ({"status": "scored", "total": "1", "certified": "yes"}, "true or false, not 'yes'"),
        (
            {"status": "scored", "total": "1…", "certified": False},
            "'1…' is a number cut for reading, not the exact value; count records with their "
            "values (as_text=False) or read the JSON Lines output",
        ),
    ):
        with pytest.raises(tiercert.DataError) as refused:
            builder.add_record(record)
        [problem] = refused.value.problems
        assert problem.code == "record.value"
        assert problem.message == f"{problem.path[0]!r}: {why}"
    with pytest.raises(tiercert.DataError) as refused:
        builder.add_values(Fraction(50), None, False, False, [Fraction(40)])
    assert refused.value.problems[0].message == (
        "1 group values for 2 top-level criteria; give one per top-level criterion, in the "
        "rubric's order"
    )
    assert builder.counts()["scored"] == 2


def test_results_with_a_criterion_left_out_and_rows_rejected() -> None:
    r = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {"id": "a", "title": "A", "na": {"counts_as": "excluded"},
                 "rule": {"kind": "boolean", "points": 10}},
                {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 10}},
            ],
        }
    )  # fmt: skip
    left_out = r.evaluate({"a": "na", "b": False})
    scored = r.evaluate({"a": False, "b": True})
    builder = SummaryBuilder(r)
    for item in (left_out, Outcome(2, "x", None, None), scored, Outcome(4, "y", None, None)):
        builder.add(item)
    summary = builder.summary()
    assert (summary.scored, summary.rejected) == (2, 2)
    # a: N/A in the first unit (not counted), 10 lost in the second; b: 10 lost, then none
    assert [(g.id, g.mean_lost, g.units) for g in summary.groups] == [
        ("a", Fraction(10), 1),
        ("b", Fraction(5), 2),
    ]


def test_a_targets_verdict_note_and_scope_by_hand() -> None:
    # 1 of 2 units meets 50 %; with one more unit rejected it may or may not: undecided
    assert target_verdict(Fraction(50), 1, 2) == (True, True, 0)
    assert target_verdict(Fraction(50), 1, 2, 1) == (False, False, 1)
    assert target_verdict(Fraction(50), 0, 0) == (False, True, 0)
    # 0 of 1 and one rejected: 50 % if it is certified, exactly the target: undecided
    assert target_verdict(Fraction(50), 0, 1, 1) == (False, False, 1)
    assert target_note(False, False, 0, 2, "en", False) == (
        "undecided until the rejected rows are corrected; 2 rejected, not counted"
    )
    assert target_note(False, True, 1, 1, "en", True) == (
        "not met, 1 more unit needed; 1 rejected, not counted, provisional target"
    )
    assert target_scope({}) == ""
    scope = {"region": ("Bắc", "Nam"), "size": ("big",)}
    assert target_scope(scope) == " [region: Bắc, Nam] [size: big]"  # no titles: the ids
    titles = {"region": Given({"vi": "Vùng", "en": "Region"})}
    assert target_scope(scope, titles, "vi") == " [Vùng: Bắc, Nam] [size: big]"
    assert target_scope(scope, titles, "en") == " [Region: Bắc, Nam] [size: big]"


def test_the_weakest_groups_and_the_titles_of_penalties_and_future_criteria() -> None:
    def loss(gid: str, lost: Fraction | None, **flags: bool) -> GroupLoss:
        return GroupLoss(gid, gid.upper(), Fraction(4), lost, None, 3, **flags)

    groups = (
        loss("a", Fraction(2)),
        loss("b", Fraction(0)),  # lost nothing
        loss("n", None),  # never scored
        loss("p", Fraction(1), penalty=True),  # a penalty's points are not lost
        loss("f", Fraction(1), counted=False),  # does not count yet
    )
    assert Summary.weakest(types.SimpleNamespace(groups=groups)) == (groups[0],)  # type: ignore[arg-type]
    both = loss("g", Fraction(1), penalty=True, counted=False)
    assert group_title(groups[0], "en") == "A"
    assert group_title(groups[3], "en") == (
        "P (penalty: its own points, before the penalty cap and the floor at 0)"
    )
    assert group_title(groups[4], "en") == "F (not counted yet)"
    assert group_title(both, "en") == (
        "G (penalty: its own points, before the penalty cap and the floor at 0; not counted yet)"
    )
    assert group_title(groups[4], "vi") == "F (chưa được tính)"


def test_a_target_after_one_by_attribute_and_a_future_criterion_in_a_summary() -> None:
    # a target about some units (by) is counted elsewhere (grouping), not skipped with the
    # ones after it; a future criterion's group is listed, not counted yet
    rubric = tiercert.parse_rubric(
        """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 50, rule: {kind: direct}}
  - {id: f, title: F, max: 50, rule: {kind: direct}, status: future, counts_from: "2.0"}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 25}
attributes:
  - {id: region, title: Region, type: choice, values: [North, South], required: true}
targets:
  - {period: "2024", share: 100, by: {region: [North]}}
  - {period: "2024", share: 60}
"""
    )
    builder = SummaryBuilder(rubric, lang="en")
    builder.add_values(Fraction(30), "bronze", True, False, [Fraction(30), Fraction(10)])
    summary = builder.summary()
    assert [(t.period, t.target, t.met) for t in summary.targets] == [("2024", Fraction(60), True)]
    assert [(g.id, g.counted, g.mean_lost) for g in summary.groups] == [
        ("f", False, Fraction(40)),
        ("a", True, Fraction(20)),
    ]


def test_a_bonus_first_an_undecided_target_and_the_day_in_a_summary() -> None:
    # a bonus is no group of the summary, and the groups after it are; a target that the
    # rejected rows can still change is undecided; a rubric scored for a day says which
    rubric = tiercert.parse_rubric(
        """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: x, title: X, bonus: true, rule: {kind: boolean, points: 5}}
  - {id: a, title: A, max: 50, rule: {kind: direct}}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 25}
targets:
  - {period: "2024", share: 60}
"""
    )
    builder = SummaryBuilder(rubric.at(datetime.date(2025, 1, 2)), lang="en")
    builder.add_values(Fraction(30), "bronze", True, False, [Fraction(0), Fraction(30)])
    builder.add_record({"status": "rejected"})
    summary = builder.summary()
    assert [g.id for g in summary.groups] == ["a"]
    # 1 of 2 units (one rejected): 50 % now, 100 % if the rejected one is certified
    (target,) = summary.targets
    assert (target.met, target.decided, target.rejected) == (False, False, 1)
    assert summary.as_of == datetime.date(2025, 1, 2)
    assert SummaryBuilder(rubric).summary().as_of is None
    # the day in each rendering, right after the title (text) or the rubric's line (Markdown)
    assert summary.to_dict()["as_of"] == "2025-01-02"
    assert summary_text(summary).splitlines()[1] == "Scored as of 2 January 2025."
    assert summary_markdown(summary).splitlines()[2:4] == [
        "Rubric `t` version 1.",
        "Scored as of 2 January 2025.",
    ]


def test_what_a_penalty_took_on_average_by_hand() -> None:
    # a top-level penalty's "lost" is what it took: 1, 1, 1.5, 0.5 and 0 points over five
    # units
    rubric = tiercert.parse_rubric(
        """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
  - {id: p, title: P, max: 3, penalty: true, rule: {kind: direct}}
tiers: []
"""
    )
    builder = SummaryBuilder(rubric, lang="en")
    for taken in (Fraction(1), Fraction(1), Fraction(3, 2), Fraction(1, 2), Fraction(0)):
        builder.add_values(Fraction(10 - taken), None, False, False, [Fraction(10), taken])
    groups = {g.id: g for g in builder.summary().groups}
    assert (groups["p"].penalty, groups["p"].units, groups["p"].mean_lost) == (
        True,
        5,
        Fraction(4, 5),
    )
    assert groups["p"].share_lost == Fraction(80, 3)
    assert groups["a"].mean_lost == 0


def test_a_target_about_some_units_in_json_by_hand() -> None:
    # the units a target is about, each attribute's values as a list (JSON has no tuple)
    target = TargetProgress(
        period="2024",
        target=Fraction(50),
        tier=None,
        tier_label=None,
        count=1,
        reached=Fraction(100),
        met=True,
        units_short=0,
        provisional=False,
        by={"region": ("North", "South")},
        units=1,
    )
    assert target.to_dict() == {
        "period": "2024",
        "target": "50",
        "tier": None,
        "by": {"region": ["North", "South"]},
        "units": 1,
        "count": 1,
        "reached": "100",
        "met": True,
        "decided": True,
        "rejected": 0,
        "units_short": 0,
        "provisional": False,
    }


def test_a_targets_line_with_no_units_and_about_some_units_by_hand() -> None:
    # nothing scored: "no units", with what was rejected and whether the target is
    # provisional; about some units: of how many; in English unless told
    def target(**given: object) -> TargetProgress:
        fields: dict[str, object] = {
            "period": "2024",
            "target": Fraction(50),
            "tier": None,
            "tier_label": None,
            "count": 0,
            "reached": None,
            "met": False,
            "units_short": 0,
            "provisional": False,
        }
        fields.update(given)
        return TargetProgress(**fields)  # type: ignore[arg-type]

    assert target().describe() == "2024 target 50% certified: no units in this period"
    assert target(rejected=2, provisional=True).describe() == (
        "2024 target 50% certified: no units in this period "
        "(2 rejected, not counted; provisional target)"
    )
    assert target(rejected=1).describe() == (
        "2024 target 50% certified: no units in this period (1 rejected, not counted)"
    )
    assert target(provisional=True).describe() == (
        "2024 target 50% certified: no units in this period (provisional target)"
    )
    some = target(target=Fraction(25, 2), count=1, reached=Fraction(100, 3), units=3, met=True)
    assert some.describe() == "2024 target 12.5% certified: 33.3…% reached (1/3; met)"


def test_a_builder_counting_rows_only(rubric: Rubric) -> None:
    """``counting=False`` (a batch with no summary shown): rows scored and rejected are
    counted, added one at a time (outcomes or results) or many at once, and nothing else;
    no summary, and no rows counted alone by a builder that counts what they scored."""
    outcomes = _outcomes(rubric, [*UNITS[:2], BAD])
    builder = SummaryBuilder(rubric, counting=False)
    for outcome in outcomes:
        builder.add(outcome)
    builder.add(outcomes[0].result)  # type: ignore[arg-type]
    assert (builder.scored, builder.rejected) == (3, 1)

    class Row:  # a row the row loop scored: what it counts is known without its Result
        _tally = ()

        @property
        def result(self) -> Result:
            raise AssertionError("a row counted only is not made a Result")

    builder.add(Row())
    assert (builder.scored, builder.rejected) == (4, 1)
    builder.count_rows(3)
    builder.count_rows(2)
    builder._count_many([(((1, 1), None, False, False), 4), (((2, 1), "s1", True, False), 5)], [])
    assert (builder.scored, builder.rejected) == (18, 1)
    with pytest.raises(AssertionError, match=r"^a builder counting rows only has no summary$"):
        builder.summary()
    with pytest.raises(AssertionError, match=r"^rows are counted with what they scored$"):
        SummaryBuilder(rubric).count_rows(1)
