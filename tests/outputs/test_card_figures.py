"""The figures cards and summaries show for penalties, bonus caps, best-N, weights and capped
groups: each one worked out by hand, each one what the exact decision says."""

from __future__ import annotations

from fractions import Fraction

import pytest

import tiercert
from conftest import EXAMPLES
from tiercert import Assessment, Result, Rubric
from tiercert._whatif import FEWEST, RESCORED, rescored
from tiercert.batch import evaluate_many
from tiercert.dashboard import render_dashboard
from tiercert.report import render_html, render_markdown, render_text
from tiercert.scorecard import build_card
from tiercert.summary import summarise, summary_markdown, summary_text
from tiercert.tabular import read_csv

PENALTY = """
format: 1
id: pen
version: "1"
title: Penalty
criteria:
  - {id: work, title: Work, max: 100, rule: {kind: direct}}
  - {id: fine, title: Fine for late reporting, penalty: true, rule: {kind: boolean, points: 10}}
tiers:
  - {id: ok, label: Pass, rank: 1, min: 50}
"""

CAPPED_PENALTIES = """
format: 1
id: pcap
version: "1"
title: Capped penalties
penalty_cap: 6
criteria:
  - {id: work, title: Work, max: 100, rule: {kind: direct}}
  - {id: f1, title: First fine, penalty: true, rule: {kind: boolean, points: 4}}
  - {id: f2, title: Second fine, penalty: true, rule: {kind: boolean, points: 3}}
tiers:
  - {id: ok, label: Pass, rank: 1, min: 50}
"""

BONUS = """
format: 1
id: bon
version: "1"
title: Bonus
max: 100
bonus_cap: 10
criteria:
  - {id: work, title: Work, max: 100, rule: {kind: direct}}
  - id: extra
    title: Initiatives
    bonus: true
    max: 12
    children:
      - {id: i1, title: I1, rule: {kind: boolean, points: 6}}
      - {id: i2, title: I2, rule: {kind: boolean, points: 6}}
tiers:
  - {id: ok, label: Pass, rank: 1, min: 50}
"""

TOP = """
format: 1
id: top
version: "1"
title: Best two of three
criteria:
  - id: g
    title: Group
    max: 20
    top: 2
    children:
      - {id: x, title: X, max: 10, rule: {kind: direct}}
      - {id: y, title: Y, max: 10, rule: {kind: direct}}
      - {id: z, title: Z, max: 10, rule: {kind: direct}}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 19}
"""

WEIGHTED = """
format: 1
id: w
version: "1"
language: vi
title: Trọng số
max: 100
aggregate: weighted
criteria:
  - {id: a, title: Hồ sơ, weight: 1, max: 100, rule: {kind: direct}}
  - {id: b, title: Hài lòng, weight: 9, max: 10, rule: {kind: direct}}
tiers:
  - {id: s1, label: Đạt, rank: 1, min: 80}
"""

CAPPED_GROUP = """
format: 1
id: cap
version: "1"
title: Capped group
criteria:
  - id: g
    title: Group
    max: 10
    max_exceeded: intended
    children:
      - {id: c1, title: C1, max: 8, rule: {kind: direct}}
      - {id: c2, title: C2, max: 8, rule: {kind: direct}}
  - {id: h, title: H, max: 10, rule: {kind: direct}}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 19}
"""


def _score(rubric: Rubric, unit: str = "u", **answers: object) -> Result:
    return rubric.evaluate(Assessment(answers=answers, unit_id=unit), missing="zero")


def _groups_table(markdown: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index("## Groups")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return [line for line in lines[start:end] if line.startswith("| ") and "---" not in line][1:]


def _to_reach(markdown: str) -> list[str]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## To reach"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return [line for line in lines[start:end] if line.startswith("- ")]


def _bars(page: str) -> str:
    return page.split('id="groups-heading"')[1].split("</section>")[0]


# --- penalties ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def penalty() -> Rubric:
    return tiercert.parse_rubric(PENALTY)


def test_card_shows_a_penalty_by_what_it_took(penalty: Rubric) -> None:
    result = _score(penalty, work=100, fine=True)
    assert result.total == 90
    rows = _groups_table(render_markdown(result, penalty, lang="en"))
    # never "10 | 10", which reads as full marks
    assert rows == [
        "| work | Work | 100 | 100 |",
        "| fine | Fine for late reporting (penalty: took 10 from the total) | −10 |  |",
    ]
    page = render_html(result, penalty, lang="en", date="2026-12-05")
    assert '<span class="num">−10</span>' in page
    assert "10 / 10" not in _bars(page)
    assert "penalty: took 10 from the total" in page
    card = build_card(result, penalty, lang="en", date="2026-12-05")
    fine = next(bar for bar in card.groups if bar.id == "fine")
    assert (fine.role, fine.adds) == ("penalty", Fraction(-10))


def test_a_penalty_that_took_nothing_is_not_the_weakest_group(penalty: Rubric) -> None:
    card = build_card(_score(penalty, work=60, fine=False), penalty, lang="en", date="2026-12-05")
    assert not any(bar.weakest for bar in card.groups)  # one group: nothing to compare
    rows = _groups_table(render_markdown(_score(penalty, work=60, fine=False), penalty, lang="en"))
    assert rows[1] == "| fine | Fine for late reporting (penalty: takes nothing) | 0 |  |"


def test_capped_penalties_show_what_each_took_in_order() -> None:
    rubric = tiercert.parse_rubric(CAPPED_PENALTIES)
    result = _score(rubric, work=100, f1=True, f2=True)
    assert result.total == 94  # 4 + 3 = 7 taken, capped at 6
    rows = _groups_table(render_markdown(result, rubric, lang="en"))
    assert rows[1] == "| f1 | First fine (penalty: took 4 from the total) | −4 |  |"
    assert rows[2] == (
        "| f2 | Second fine (penalty: took 2 from the total, not 3: the penalty cap or the floor "
        "at 0 kept the rest) | −2 |  |"
    )
    vi = render_markdown(result, rubric, lang="vi")
    assert "trừ 2 điểm của tổng điểm, không phải 3" in vi


def test_every_place_a_card_shows_a_capped_penalty_says_what_it_took() -> None:
    """Worked by hand: work 100, f1 takes 4, f2's 3 meet the cap of 6 after 4: f2 takes 2;
    total 94.  The text card, the Markdown and HTML criteria tables say 4 and 2 (as the bars),
    never 4 and 3 (100 - 7 is not the total)."""
    rubric = tiercert.parse_rubric(CAPPED_PENALTIES)
    result = _score(rubric, work=100, f1=True, f2=True)
    assert result.total == 94
    capped = "took 2 from the total, not 3: the penalty cap or the floor at 0 kept the rest"
    text = render_text(result, rubric, lang="en")
    f1 = next(line for line in text.splitlines() if line.startswith("  f1 "))
    f2 = next(line for line in text.splitlines() if line.startswith("  f2 "))
    assert "penalty: took 4 from the total" in f1
    assert capped in f2
    assert "takes 3" not in f2
    markdown = render_markdown(result, rubric, lang="en")
    criteria = markdown.split("## Criteria")[1]
    assert capped in criteria
    assert "takes 3" not in criteria
    page = render_html(result, rubric, lang="en", date="2026-12-05")
    table = page.split('id="criteria-heading"')[1].split("</table>")[0]
    row = table.split("Second fine")[1].split("</tr>")[0]
    assert capped in row
    assert ">−2</td>" in row
    assert "−3" not in row
    card = build_card(result, rubric, lang="en", date="2026-12-05")
    taken = {line.id: line.adds for line in card.criteria if line.adds is not None}
    assert taken == {"f1": Fraction(-4), "f2": Fraction(-2)}
    assert "trừ 2 điểm của tổng điểm, không phải 3" in render_text(result, rubric, lang="vi")


def test_summary_loses_what_a_penalty_took(penalty: Rubric) -> None:
    results = [_score(penalty, f"u{i}", work=100, fine=i == 4) for i in range(1, 5)]
    summary = summarise(results, penalty)
    assert summary.mean == Fraction(195, 2)  # 97.5: 2.5 lost per unit, all of it to the fine
    fine = next(g for g in summary.groups if g.id == "fine")
    assert (fine.mean_lost, fine.share_lost) == (Fraction(5, 2), Fraction(25))  # not 7.5 (75%)
    assert fine.penalty
    assert summary.to_dict()["groups"][0] == {
        "id": "fine",
        "title": "Fine for late reporting",
        "max": "10",
        "mean_lost": "2.5",
        "share_lost": "25",
        "units": 4,
        "penalty": True,
        "counted": True,
    }
    text = summary_text(summary)
    note = "penalty: its own points, before the penalty cap and the floor at 0"
    assert f"  fine     2.5 of 10   (25%)     Fine for late reporting ({note})" in (
        text.splitlines()
    )
    assert "7.5 of" not in text
    assert f"| fine | Fine for late reporting ({note}) | 2.5 | 10 | 25% |" in (
        summary_markdown(summary).splitlines()
    )
    page = render_dashboard(summary, penalty, date="2026-12-05")
    assert "2.5 of 10" in page
    assert "7.5 of" not in page
    assert note in page


def test_summary_says_its_group_losses_are_own_points_not_points_of_the_total() -> None:
    """Worked by hand: total = a / 10 + 9 b (weights 1 and 9, the total out of 100).  A unit
    with a 100 and b 5 has 10 + 45 = 55: b lost 5 of its own 10 points, and 45 of the total.
    The summary's 5 is b's own points, and every rendering says so where the figure is."""
    rubric = tiercert.parse_rubric(WEIGHTED)
    summary = summarise([_score(rubric, a=100, b=5)], rubric)
    assert summary.mean == 55
    b = next(g for g in summary.groups if g.id == "b")
    assert (b.mean_lost, b.max) == (
        Fraction(5),
        Fraction(10),
    )  # its own points: not the 45 the total lost
    text = summary_text(summary, "en")
    assert (
        "Points lost per unit, by group, of each group's own maximum (not points of the total; "
        "most first):" in text.splitlines()
    )
    markdown = summary_markdown(summary, "en").splitlines()
    assert "| Group | Title | Mean own points lost | Own maximum | Share of own maximum lost |" in (
        markdown
    )
    assert (
        "Each group's own points, of its own maximum: not points of the total (weights, `top`, "
        "caps and the bonus stand between them)." in markdown
    )
    page = render_dashboard(summary, rubric, lang="en", date="2026-12-05")
    assert "each group's own points, of its own maximum, not points of the total" in page
    vi = summary_text(summary, "vi")
    assert "không phải điểm của tổng điểm" in vi


def test_the_weakest_group_is_never_a_penalty(penalty: Rubric) -> None:
    """Two units each lose 5 points of work and take the fine's 10: the fine comes first in
    the list of losses (10 against 5), but the weakest group is work."""
    results = [_score(penalty, f"u{i}", work=95, fine=True) for i in (1, 2)]
    summary = summarise(results, penalty)
    assert [(g.id, g.mean_lost) for g in summary.groups] == [
        ("fine", Fraction(10)),
        ("work", Fraction(5)),
    ]
    assert [g.id for g in summary.weakest()] == ["work"]
    page = render_dashboard(
        summary, penalty, lang="en", date="2026-12-05", breakdowns={"Region": {"North": summary}}
    )
    row = page.split('<th scope="row">North</th>')[1].split("</tr>")[0]
    assert row.endswith("<td>Work</td>")


FUTURE_GROUP = """
format: 1
id: fut
version: "1"
title: A group that counts from version 2
criteria:
  - {id: now, title: Now, max: 10, rule: {kind: direct}}
  - {id: later, title: Later, status: future, counts_from: "2", max: 10, rule: {kind: direct}}
tiers:
  - {id: ok, label: Pass, rank: 1, min: 5}
"""


def test_summary_marks_a_group_that_does_not_count_yet() -> None:
    """``later`` lost 8 of its 10 points but counts only from version 2: the total is now's 9
    alone.  The summary lists its loss marked as not counted, never as the weakest group."""
    rubric = tiercert.parse_rubric(FUTURE_GROUP)
    summary = summarise([_score(rubric, now=9, later=2)], rubric)
    assert summary.mean == 9
    later = next(g for g in summary.groups if g.id == "later")
    assert (later.mean_lost, later.counted) == (Fraction(8), False)
    assert summary.to_dict()["groups"][0]["counted"] is False
    assert [g.id for g in summary.weakest()] == ["now"]
    assert "Later (not counted yet)" in summary_text(summary, "en")
    assert "| later | Later (not counted yet) | 8 | 10 | 80% |" in summary_markdown(summary, "en")
    page = render_dashboard(summary, rubric, lang="en", date="2026-12-05")
    assert "(not counted yet)" in page.split('id="lost-heading"')[1].split("</section>")[0]


def test_the_cards_stages_show_what_a_penalty_took_at_each_stage(penalty: Rubric) -> None:
    """Worked by hand.  Own score: work 5, the fine's 10 take only 5 (the total stops at 0).
    Review: work 60, the fine takes its 10: total 50.  The stages side by side say -5 and -10
    for the fine, not its own 10 at both stages."""
    own = _score(penalty, work=5, fine=True)
    review = _score(penalty, work=60, fine=True)
    assert (own.total, review.total) == (Fraction(0), Fraction(50))
    card = build_card(
        review, penalty, lang="en", date="2026-12-05", stages=[("Own", own), ("Review", review)]
    )
    first, last = card.stages
    assert (first.groups["fine"], last.groups["fine"]) == (Fraction(-5), Fraction(-10))
    assert (first.groups["work"], last.groups["work"]) == (Fraction(5), Fraction(60))
    page = render_html(
        review, penalty, lang="en", date="2026-12-05", stages=[("Own", own), ("Review", review)]
    )
    table = page.split('id="stages-heading"')[1].split("</table>")[0]
    row = table.split("Fine for late reporting")[1].split("</tr>")[0]
    assert "(penalty: what it took from the total)" in row
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["-5", "-10", "-5"]


def test_the_cards_stages_mark_a_group_that_does_not_count_yet() -> None:
    rubric = tiercert.parse_rubric(FUTURE_GROUP)
    own, review = _score(rubric, now=9, later=2), _score(rubric, now=8, later=4)
    page = render_html(
        review, rubric, lang="en", date="2026-12-05", stages=[("Own", own), ("Review", review)]
    )
    table = page.split('id="stages-heading"')[1].split("</table>")[0]
    assert 'Later <span class="muted">(not counted yet)</span>' in table
    assert "Now <span" not in table


# --- bonus ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bonus() -> Rubric:
    return tiercert.parse_rubric(BONUS)


def test_card_shows_the_bonus_that_counted(bonus: Rubric) -> None:
    result = _score(bonus, work=100, i1=True, i2=True)
    assert result.total == 110
    rows = _groups_table(render_markdown(result, bonus, lang="en"))
    # the groups shown add up to the total: 100 + 10
    assert rows == [
        "| work | Work | 100 | 100 |",
        "| extra | Initiatives (bonus: 12 earned, 10 counted, the bonus cap left out the rest) "
        "| +10 | 12 |",
    ]
    page = render_html(result, bonus, lang="en", date="2026-12-05")
    assert '<span class="num">+10</span>' in page
    assert "12 / 12" not in _bars(page)  # the criteria table has its own points
    half = _groups_table(render_markdown(_score(bonus, work=90, i1=True), bonus, lang="en"))
    assert half[1] == "| extra | Initiatives (bonus: 6 counted on top of the total) | +6 | 12 |"


def test_summary_does_not_count_bonus_not_earned_as_lost(bonus: Rubric) -> None:
    summary = summarise([_score(bonus, "a", work=80), _score(bonus, "b", work=100)], bonus)
    assert [g.id for g in summary.groups] == ["work"]
    assert "extra" not in summary_text(summary)
    page = render_dashboard(summary, bonus, date="2026-12-05")
    assert "Initiatives" not in page.split('id="lost-heading"')[1].split("</section>")[0]


# --- what each criterion can still add to the total -----------------------------------------


def test_best_two_offers_what_a_criterion_adds_to_the_total() -> None:
    rubric = tiercert.parse_rubric(TOP)
    result = _score(rubric, x=10, y=8, z=0)  # best two: 10 + 8 = 18
    # z at 10: best two 10 + 10 = 20, +2 (not its own 10); y at 10: likewise +2
    assert _to_reach(render_markdown(result, rubric, lang="en")) == [
        "- 1 more point",
        "- up to 2 points more on the total from y Y",
        "- up to 2 points more on the total from z Z",
    ]
    card = build_card(result, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [("y", Fraction(2)), ("z", Fraction(2))]
    page = render_html(result, rubric, lang="en", date="2026-12-05")
    assert "up to 2 points more on the total from Z" in page
    assert "10 points" not in page.split("more on the total")[1]


def test_weights_rank_what_a_criterion_adds_to_the_total() -> None:
    rubric = tiercert.parse_rubric(WEIGHTED)
    result = _score(rubric, a=0, b=5)
    # total 100 * (1 * 0/100 + 9 * 5/10) / 10 = 45; a at 100: 55 (+10); b at 10: 90 (+45)
    assert result.total == 45
    assert _to_reach(render_markdown(result, rubric).replace("## Để đạt", "## To reach")) == [
        "- thêm 35 điểm",
        "- tổng điểm có thể tăng thêm tối đa 45 điểm nhờ tiêu chí b Hài lòng",
        "- tổng điểm có thể tăng thêm tối đa 10 điểm nhờ tiêu chí a Hồ sơ",
    ]


def test_a_capped_group_offers_what_its_cap_leaves() -> None:
    rubric = tiercert.parse_rubric(CAPPED_GROUP)
    result = _score(rubric, c1=8, c2=0, h=0)  # g: 8 of 10
    # c2 at 8: g = min(16, 10) = 10, +2 (not its own 8); h at 10: +10
    card = build_card(result, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [("h", Fraction(10)), ("c2", Fraction(2))]


def test_a_penalty_that_took_points_is_where_points_are() -> None:
    rubric = tiercert.parse_rubric(PENALTY)
    result = _score(rubric, work=40, fine=True)  # 30: 20 short of Pass
    card = build_card(result, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [
        ("work", Fraction(60)),
        ("fine", Fraction(10)),
    ]
    untouched = build_card(_score(rubric, work=40, fine=False), rubric, date="2026-12-05")
    assert [(g.id, g.points) for g in untouched.gains] == [
        ("work", Fraction(60))
    ]  # nothing in fine


BY_GROUP = """
format: 1
id: reach
version: "1"
title: Groups scored directly, a penalty group
criteria:
  - id: a
    title: Service
    max: 50
    direct: true
    children: [{id: a1, title: Desk, rule: {kind: boolean, points: 50}}]
  - id: b
    title: Openness
    max: 50
    direct: true
    children: [{id: b1, title: Files, rule: {kind: boolean, points: 50}}]
  - id: pen
    title: Breaches
    penalty: true
    children: [{id: p1, title: Discipline, rule: {kind: boolean, points: 10}}]
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: gold, label: Gold, rank: 2, min: 90}
"""


def test_groups_scored_directly_and_penalty_groups_are_where_points_are() -> None:
    """Worked by hand.  a 50, b 38 (given as group scores), pen takes 10 (p1 yes): 78, 12
    short of Gold.  b at its 50 gives 12; pen taking nothing gives back 10; a is full.  Answered
    by leaves (a1 yes, b1 no, p1 yes): 40, 10 short of Bronze: b1 gives 50, pen 10 (not p1 on
    its own: the penalty group is offered as a whole, by what it took)."""
    rubric = tiercert.parse_rubric(BY_GROUP)
    by_group = _score(rubric, a=50, b=38, p1=True)
    assert by_group.total == 78
    card = build_card(by_group, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [("b", Fraction(12)), ("pen", Fraction(10))]
    assert _to_reach(render_markdown(by_group, rubric, lang="en")) == [
        "- 12 more points",
        "- up to 12 points more on the total from b Openness",
        "- up to 10 points more on the total from pen Breaches",
    ]
    by_leaf = _score(rubric, a1=True, b1=False, p1=True)
    assert by_leaf.total == 40
    card = build_card(by_leaf, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [("b1", Fraction(50)), ("pen", Fraction(10))]


def test_every_bac_giang_card_short_of_a_tier_says_where_points_are() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    rows = read_csv(EXAMPLES / "bac_giang_round_2024.csv")  # groups scored directly
    results = [o.result for o in evaluate_many(rubric, rows) if o.result is not None]
    short = [r for r in results if r.next_tier is not None and r.next_tier.points_needed]
    assert short
    for result in short:
        assert build_card(result, rubric, lang="en", date="2026-12-05").gains, result.unit_id


def test_a_gain_too_small_to_show_is_left_out() -> None:
    """Worked by hand: near 9.99999999999999 of 10 can add 10^-14, which shown cut down
    reads 0.000000000000…: left out (rounded up it could read as enough for the tier).
    far 5 of 10 can add 5; the unit needs 5.00000000000001 for Pass (at 20)."""
    rubric = tiercert.parse_rubric(
        "format: 1\nid: tiny\nversion: '1'\ntitle: Tiny\ncriteria:\n"
        "  - {id: near, title: Near, max: 10, rule: {kind: direct}}\n"
        "  - {id: far, title: Far, max: 10, rule: {kind: direct}}\n"
        "tiers:\n  - {id: pass, label: Pass, rank: 1, min: 20}\n"
    )
    result = _score(rubric, near="9.99999999999999", far=5)
    assert 20 - result.total == Fraction(5) + Fraction(1, 10**14)
    card = build_card(result, rubric, lang="en", date="2026-12-05")
    assert [(g.id, g.points) for g in card.gains] == [("far", Fraction(5))]
    assert _to_reach(render_markdown(result, rubric, lang="en")) == [
        "- 5.000000000001… more points",
        "- up to 5 points more on the total from far Far",
    ]
    page = render_html(result, rubric, lang="en", date="2026-12-05")
    assert "0.000000000000" not in page


def test_a_big_rubric_scores_fewer_criteria_again() -> None:
    small = tiercert.parse_rubric(TOP)
    assert rescored(small) == RESCORED
    leaves = "\n".join(
        f"      - {{id: c{i}, title: C, max: 1, rule: {{kind: direct}}}}" for i in range(3000)
    )
    big = tiercert.parse_rubric(
        "format: 1\nid: big\nversion: '1'\ntitle: Big\ncriteria:\n  - id: g\n    title: G\n"
        f"    children:\n{leaves}\ntiers:\n  - {{id: p, label: P, rank: 1, min: 3000}}\n"
    )
    assert rescored(big) == FEWEST
    result = big.evaluate(Assessment(answers={f"c{i}": 0 for i in range(3000)}))
    card = build_card(result, big, lang="en", date="2026-12-05")
    assert len(card.gains) == 5
    assert all(gain.points == 1 for gain in card.gains)
