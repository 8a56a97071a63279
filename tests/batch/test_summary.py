"""Programme statistics: tiers, totals, groups losing points, targets; three renderings."""

from __future__ import annotations

import itertools
import json
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from conftest import ROOT, TESTS
from tiercert import Result, Rubric
from tiercert.batch import Outcome, evaluate_many
from tiercert.summary import (
    Summary,
    SummaryBuilder,
    render_summary,
    summarise,
    summary_json,
    summary_markdown,
    summary_text,
)

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
        "2023 target 30% certified: 60% reached (met)",
        "2025 target 100% certified: 60% reached (not met, 2 more units needed)",
        "2025 target 20% at 3 sao or above: 20% reached (met)",
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
    assert "  2023 target 30% certified: 60% reached (met)" in text


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
    assert "- 2025 target 20% at 3 sao or above: 20% reached (met)" in markdown


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
    with pytest.raises(ValueError, match="not the counts"):
        builder.merge({"rubric": rubric.fingerprint, "scored": "many"})
    with pytest.raises(ValueError, match="not a scored result record"):
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
