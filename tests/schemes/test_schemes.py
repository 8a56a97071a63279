"""Golden tests: each shipped scheme gives exactly the numbers its sources publish."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from oracle import round_plainly
from tiercert import AssessmentError, Result, Rubric, check_file, load_rubric

RUBRICS = ROOT / "rubrics"
SCHEMES = [
    "vn_ocop_products",
    "vn_access_to_law",
    "vn_access_to_law_2021",
    "dong_nai_friendly_gov",
    "leed_v4_bd_c",
    "openssf_best_practices",
    "openssf_scorecard",
]
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/rubric.schema.json"


def _load(name: str) -> Rubric:
    return load_rubric(RUBRICS / f"{name}.yaml")


@pytest.fixture(scope="module")
def rubrics() -> dict[str, Rubric]:
    return {name: _load(name) for name in SCHEMES}


def _decimals(*values: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(v) for v in values)


def _tier(result: Result) -> str | None:
    return result.tier.id if result.tier is not None else None


def _leaves(rubric: Rubric) -> Iterator[tuple[str, Any]]:
    """Leaves an assessment answers (not computed, not reading another's answer)."""
    for nid, _, node in rubric.iter_nodes():
        if node.rule is not None and node.rule.kind != "condition" and node.answer_from is None:
            yield nid, node


@pytest.mark.parametrize("name", SCHEMES)
def test_every_scheme_passes_strict_check(name: str) -> None:
    path = RUBRICS / f"{name}.yaml"
    report = check_file(path)
    assert report.ok(strict=True), [p.message for p in report.problems]
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


SHIPPED = sorted(p.stem for p in RUBRICS.glob("*.yaml"))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_number_is_cited_or_provisional(name: str) -> None:
    # a criterion's points, a gate, a tier's minimum, a target: cited (on it or on a group
    # above it) or marked provisional, in the data
    rubric = _load(name)
    spec = rubric.spec
    assert spec.sources, name
    parent = {c.id: n for _, _, n in rubric.iter_nodes() for c in n.children or []}
    for nid, _, node in rubric.iter_nodes():
        chain = [node]
        while chain[-1].id in parent:
            chain.append(parent[chain[-1].id])
        assert any(n.provisional or n.sources for n in chain), f"{name}: {nid}"
    for element_id, element in [
        *((g.id, g) for g in spec.gates),
        *((t.id, t) for t in spec.tiers),
        *((f.id, f) for f in spec.facts),
    ]:
        assert element.provisional or element.sources, f"{name}: {element_id}"
    for target in spec.targets:
        assert target.provisional or target.sources, f"{name}: target {target.period}"


def test_every_shipped_rubric_is_tested_here() -> None:
    assert sorted(SCHEMES) == sorted(s for s in SHIPPED if s != "bac_giang_friendly_gov")


@pytest.mark.parametrize("name", SCHEMES)
def test_every_provisional_element_says_why(name: str) -> None:
    spec = _load(name).spec
    marked = [n for _, _, n in _load(name).iter_nodes() if n.provisional]
    marked += [*spec.facts, *spec.gates, *spec.tiers]
    for element in marked:
        if element.provisional:
            assert element.note, f"{name}: {element.id} is provisional without a note"


def test_vietnamese_schemes_translate_their_labels(rubrics: dict[str, Rubric]) -> None:
    for name in (
        "vn_ocop_products",
        "vn_access_to_law",
        "vn_access_to_law_2021",
        "dong_nai_friendly_gov",
    ):
        spec = rubrics[name].spec
        assert spec.language == "vi"
        labelled = [spec.title, *(n.title for _, _, n in rubrics[name].iter_nodes())]
        labelled += [t.label for t in spec.tiers] + [g.title for g in spec.gates]
        for text in labelled:
            assert {"vi", "en"} <= set(text), text


# --- OCOP ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "stars"),
    [
        (("40", "25", "35"), "star5"),  # 100
        (("40", "25", "25"), "star5"),  # 90: 5★ 90-100
        (("40", "25", "24"), "star4"),  # 89
        (("40", "25", "24.5"), "star4"),  # 89.5: between the bands, keeps the lower star
        (("40", "25", "24.99"), "star4"),
        (("30", "20", "20"), "star4"),  # 70: 4★ 70-89
        (("30", "20", "19"), "star3"),  # 69
        (("20", "10", "20"), "star3"),  # 50: 3★ 50-69
        (("20", "10", "19.5"), "star2"),  # 49.5
        (("10", "10", "10"), "star2"),  # 30: 2★ 30-49
        (("10", "10", "9"), "star1"),  # 29: 1★ under 30
        (("0", "0", "0"), "star1"),  # every product gets a star
    ],
)
def test_ocop_star_bands(rubrics: dict[str, Rubric], parts: tuple[str, ...], stars: str) -> None:
    a, b, c = parts
    result = rubrics["vn_ocop_products"].evaluate({"A": a, "B": b, "C": c})
    assert result.total == Decimal(a) + Decimal(b) + Decimal(c)
    assert _tier(result) == stars
    # recognition starts at 3 stars
    assert result.certified is (stars in {"star3", "star4", "star5"})


def test_ocop_parts_are_40_25_35(rubrics: dict[str, Rubric]) -> None:
    result = rubrics["vn_ocop_products"].evaluate({"A": 0, "B": 0, "C": 0})
    assert {k: str(v.max) for k, v in result.nodes.items()} == {"A": "40", "B": "25", "C": "35"}
    # Decision 148/QĐ-TTg as summarised by thuvienphapluat.vn (25/02/2023): A the product and
    # the community's strength, B marketing ("khả năng tiếp thị"), C product quality
    titles = [n.title["vi"] for n in rubrics["vn_ocop_products"].spec.criteria]
    assert titles == [
        "Phần A: Sản phẩm và sức mạnh cộng đồng",
        "Phần B: Khả năng tiếp thị",
        "Phần C: Chất lượng sản phẩm",
    ]
    with pytest.raises(AssessmentError):
        rubrics["vn_ocop_products"].evaluate({"A": "40.5", "B": 0, "C": 0})


# --- access to law ---------------------------------------------------------------------------
# Decision 25/2021/QĐ-TTg, Điều 4 (quoted by thuvienphapluat.vn and lawnet.vn): 80 points or
# more, every criterion at 50% of its maximum or more, no head disciplined or prosecuted.  The
# rubric in force (Decision 27/2025/QĐ-TTg) keeps these numbers provisionally, so both are
# tested against them.

NO_KNOCKOUT = {"head_disciplined": False, "head_prosecuted": False}
LAW = ["vn_access_to_law", "vn_access_to_law_2021"]


def _law(
    rubric: Rubric, scores: tuple[str, ...], facts: Mapping[str, object] = NO_KNOCKOUT
) -> Result:
    answers = {f"tc{i}": score for i, score in enumerate(scores, start=1)}
    return rubric.evaluate(answers, facts=facts)


@pytest.mark.parametrize("name", LAW)
@pytest.mark.parametrize(
    ("scores", "qualifies", "failed"),
    [
        (("16", "16", "16", "16", "16"), True, ()),  # total 80, each 80%
        (("20", "20", "20", "10", "10"), True, ()),  # total 80, two exactly at 50%
        (("16", "16", "16", "16", "15.99"), False, ()),  # 79.99
        (("20", "20", "20", "20", "9.99"), False, ("each_criterion_half",)),  # 89.99, one < 50%
        (("20", "20", "20", "20", "0"), False, ("each_criterion_half",)),  # 80, one at 0
        (("20", "20", "20", "20", "20"), True, ()),
    ],
)
def test_access_to_law_total_and_each_criterion(
    rubrics: dict[str, Rubric],
    name: str,
    scores: tuple[str, ...],
    qualifies: bool,
    failed: tuple[str, ...],
) -> None:
    result = _law(rubrics[name], scores)
    assert result.total == sum((Decimal(s) for s in scores), Decimal(0))
    assert result.certified is qualifies
    assert result.failed_gates == failed


@pytest.mark.parametrize("name", LAW)
@pytest.mark.parametrize("fact", ["head_disciplined", "head_prosecuted"])
def test_access_to_law_knock_out(rubrics: dict[str, Rubric], name: str, fact: str) -> None:
    result = _law(rubrics[name], ("20",) * 5, {**NO_KNOCKOUT, fact: True})
    assert result.total == 100
    assert not result.certified
    assert result.failed_gates == ("head_not_disciplined_or_prosecuted",)


@pytest.mark.parametrize("name", LAW)
def test_access_to_law_knock_out_must_be_stated(rubrics: dict[str, Rubric], name: str) -> None:
    with pytest.raises(AssessmentError) as caught:
        _law(rubrics[name], ("20",) * 5, {})
    assert {p.code for p in caught.value.problems} == {"fact.missing"}


def test_access_to_law_2021_confirms_all_but_the_maxima(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["vn_access_to_law_2021"]
    result = _law(rubric, ("16",) * 5)
    assert set(result.provisional) == {"tc1", "tc2", "tc3", "tc4", "tc5"}
    assert rubric.provisional == ["tc1", "tc2", "tc3", "tc4", "tc5"]
    assert "superseded" in rubric.spec.title["en"]
    assert "27/2025/QĐ-TTg" in (rubric.spec.description or {})["en"]


def test_access_to_law_2025_marks_every_number_provisional(rubrics: dict[str, Rubric]) -> None:
    # the 2025 decision's criteria, points, thresholds and knock-outs were not read
    rubric = rubrics["vn_access_to_law"]
    spec = rubric.spec
    assert spec.version.startswith("27-2025-provisional")
    assert "đặc khu" in (spec.units or {})["vi"]
    assert [s.id for s in spec.sources] == ["qd-27-2025-qd-ttg", "qd-25-2021-qd-ttg"]
    assert (spec.sources[0].date, spec.sources[0].url is not None) == ("2025-08-04", True)
    assert set(rubric.provisional) == {
        *(f"tc{i}" for i in range(1, 6)),
        "head_disciplined",
        "head_prosecuted",
        "each_criterion_half",
        "head_not_disciplined_or_prosecuted",
        "dat_chuan",
    }
    result = _law(rubric, ("16",) * 5)
    assert result.certified
    assert {"dat_chuan", "each_criterion_half"} <= set(result.provisional)
    # the same numbers as the 2021 decision, for now
    old = rubrics["vn_access_to_law_2021"]
    for scores in [("16",) * 5, ("20", "20", "20", "10", "9.5")]:
        assert _law(rubric, scores).certified is _law(old, scores).certified


# --- Đồng Nai --------------------------------------------------------------------------------


def _dong_nai(rubric: Rubric, total: str, initiatives: str = "0") -> Result:
    # spread a base total over the parts in order of their maxima (15, 15, 20, 50)
    left = Decimal(total)
    answers: dict[str, object] = {}
    for part, maximum in (("admin_reform", 50), ("satisfaction", 20), ("publicity", 15)):
        answers[part] = str(min(left, Decimal(maximum)))
        left -= min(left, Decimal(maximum))
    answers["office_culture"] = str(left)
    answers["initiatives"] = initiatives
    return rubric.evaluate(answers)


@pytest.mark.parametrize(
    ("total", "initiatives", "stars"),
    [
        ("0", "0", "star1"),
        ("79.99", "0", "star1"),  # 1★ under 80
        ("80", "0", "star2"),  # 2★ 80 to under 90
        ("89.99", "0", "star2"),
        ("90", "0", "star3"),  # 3★ 90 to under 95
        ("94.99", "0", "star3"),
        ("95", "0", "star4"),  # 4★ 95 or more
        ("100", "0", "star4"),
        ("92", "3", "star4"),  # initiatives as bonus above the base (provisional)
        ("78", "2", "star2"),
    ],
)
def test_dong_nai_star_levels(
    rubrics: dict[str, Rubric], total: str, initiatives: str, stars: str
) -> None:
    result = _dong_nai(rubrics["dong_nai_friendly_gov"], total, initiatives)
    assert result.total == Decimal(total) + Decimal(initiatives)
    assert _tier(result) == stars


def test_dong_nai_initiatives_reach_105(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["dong_nai_friendly_gov"]
    result = _dong_nai(rubric, "100", "5")
    assert (result.total, result.max, result.bonus_max) == _decimals(105, 100, 5)
    assert "initiatives" in result.provisional
    with pytest.raises(AssessmentError):
        _dong_nai(rubric, "100", "6")


# --- LEED ------------------------------------------------------------------------------------

PREREQUISITES = [
    "SSp1",
    "WEp1",
    "WEp2",
    "WEp3",
    "EAp1",
    "EAp2",
    "EAp3",
    "EAp4",
    "MRp1",
    "MRp2",
    "EQp1",
    "EQp2",
]
# credits scored by points earned, in the order the filler uses them: (id, points, boolean?)
POINT_CREDITS = [
    ("IPc1", 1, True),
    ("EAc2.option2", 6, False),
    ("WEc2", 6, False),
    ("LTc4", 5, False),
    ("LTc5", 5, False),
    ("SSc4", 3, False),
    ("EAc5", 3, False),
    ("EQc2", 3, False),
    ("EQc7", 3, False),
    ("LTc3", 2, False),
    ("SSc2", 2, False),
    ("WEc1", 2, False),
    ("WEc3", 2, False),
    ("EAc4", 2, False),
    ("EAc7", 2, False),
    ("MRc2", 2, False),
    ("MRc3", 2, False),
    ("MRc4", 2, False),
    ("MRc5", 2, False),
    ("EQc1", 2, False),
    ("EQc4", 2, False),
    ("EQc6", 2, False),
]


def _leed_points(points: int, *, prerequisites: bool = True) -> dict[str, object]:
    """Answers earning exactly ``points`` base points (up to 61) from simple credits."""
    answers: dict[str, object] = dict.fromkeys(PREREQUISITES, prerequisites)
    left = points
    for credit, maximum, boolean in POINT_CREDITS:
        take = min(left, maximum)
        answers[credit] = take == 1 if boolean else take
        left -= take
    assert left == 0, "the filler's credits cannot reach that many points"
    return answers


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (0, None),
        (39, None),
        (40, "certified"),  # Certified 40-49
        (49, "certified"),
        (50, "silver"),  # Silver 50-59
        (59, "silver"),
        (60, "gold"),  # Gold 60-79
        (61, "gold"),
    ],
)
def test_leed_levels(rubrics: dict[str, Rubric], points: int, level: str | None) -> None:
    result = rubrics["leed_v4_bd_c"].evaluate(_leed_points(points))
    assert result.total == points
    assert _tier(result) == level
    assert result.failed_gates == ()


def _everything() -> dict[str, object]:
    """Every credit at its best option, every bonus point earned."""
    answers = _leed_points(0)
    for credit, maximum, boolean in POINT_CREDITS:
        answers[credit] = True if boolean else maximum
    answers.update(
        {
            "LTc1": "platinum",
            "SSc1": True,
            "SSc3": True,
            "SSc5": "option1_nonroof_and_roof",
            "SSc6": True,
            "WEc4": True,
            "EAc1.option1": "path2_monitoring_based",
            "EAc1.option2": True,
            "EAc2.option1": 50,
            "EAc3": True,
            "EAc6": True,
            "MRc1": "option1_historic_reuse",
            "EQc3": True,
            "EQc5": True,
            "EQc8": True,
            "EQc9": True,
            "INc1": 5,
            "INc2": True,
        }
    )
    answers.update({f"RPc{i}": True for i in range(1, 7)})
    return answers


def test_leed_110_points_and_the_bonus_caps(rubrics: dict[str, Rubric]) -> None:
    result = rubrics["leed_v4_bd_c"].evaluate(_everything())
    assert (result.total, result.max, result.bonus_max) == _decimals(110, 100, 10)
    assert _tier(result) == "platinum"
    nodes = result.nodes
    assert nodes["IN"].score == 6  # Innovation 5 + LEED AP 1
    assert nodes["RP"].score == 4  # 6 regional credits earned, at most 4 count
    assert nodes["LT"].score == 16  # one path: LTc1 or the other credits
    categories = ("IP", "LT", "SS", "WE", "EA", "MR", "EQ")
    assert [int(nodes[c].score) for c in categories] == [1, 16, 10, 11, 33, 13, 16]


def test_leed_platinum_starts_at_80(rubrics: dict[str, Rubric]) -> None:
    answers = _leed_points(61)
    answers["EAc2.option1"] = 50  # option 1 (18) replaces option 2 (6): 73
    answers.update({"INc1": 5, "INc2": True})  # bonus: 79
    result = rubrics["leed_v4_bd_c"].evaluate(answers)
    assert (result.total, _tier(result)) == (Fraction(79), "gold")
    answers["RPc3"] = True
    result = rubrics["leed_v4_bd_c"].evaluate(answers)
    assert (result.total, _tier(result)) == (Fraction(80), "platinum")


def test_leed_prerequisites_are_a_knock_out(rubrics: dict[str, Rubric]) -> None:
    answers = _everything()
    answers["EAp2"] = False
    result = rubrics["leed_v4_bd_c"].evaluate(answers)
    assert result.total == 110
    assert (_tier(result), result.failed_gates) == (None, ("prerequisites",))
    del answers["EAp2"]  # not shown as met
    assert rubrics["leed_v4_bd_c"].evaluate(answers).failed_gates == ("prerequisites",)


@pytest.mark.parametrize(
    ("improvement", "points"),
    [
        ("0", 0),
        ("5.99", 0),
        ("6", 1),  # 6% improvement: 1 point
        ("7.99", 1),
        ("8", 2),
        ("28.99", 11),
        ("29", 12),
        ("49.99", 17),
        ("50", 18),  # 50%: all 18 points
        ("75", 18),
    ],
)
def test_leed_energy_performance_bands(
    rubrics: dict[str, Rubric], improvement: str, points: int
) -> None:
    result = rubrics["leed_v4_bd_c"].evaluate({"EAc2.option1": improvement})
    assert result.nodes["EAc2.option1"].score == points


def test_leed_options_pick_one_path(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["leed_v4_bd_c"]
    answers = {"EAc2.option1": "10", "EAc2.option2": 4, "LTc1": "certified", "LTc5": 5}
    answers.update({"LTc4": 5, "MRc1": "option3_reuse_50", "EAc1.option1": "path1_enhanced"})
    nodes = rubric.evaluate(answers).nodes
    assert nodes["EAc2"].score == 4  # the better option: 4 (prescriptive) over 3 (10%)
    assert nodes["LT"].score == 10  # the other LT credits (10) over an ND-certified location (8)
    assert nodes["MRc1"].score == 3
    assert nodes["EAc1"].score == 3


# --- OpenSSF Best Practices ------------------------------------------------------------------

ENOUGH = {"value": "met", "justification": "See https://example.org/evidence"}


def _criteria_of(rubric: Rubric, level: str) -> list[str]:
    """Ids answered for ``level`` (its own criteria and the shared ones it reads)."""
    ids = []
    for nid, _, node in rubric.iter_nodes():
        if node.rule is None or node.rule.kind == "condition":
            continue
        if _level_of(rubric, nid) == level:
            ids.append(node.answer_from or nid)
    return ids


def _level_of(rubric: Rubric, nid: str) -> str:
    parents = {c.id: n.id for _, _, n in rubric.iter_nodes() for c in n.children or []}
    while nid in parents:
        nid = parents[nid]
    return nid


@pytest.fixture(scope="module")
def badge() -> Rubric:
    return _load("openssf_best_practices")


def _badge(rubric: Rubric, answers: Mapping[str, object]) -> tuple[int, ...]:
    result = rubric.evaluate(answers)
    levels = [int(result.nodes[level].score) for level in ("passing", "silver", "gold")]
    return (int(result.total), *levels)


def test_badge_levels_have_the_published_sizes(badge: Rubric) -> None:
    assert len(_criteria_of(badge, "passing")) == 67
    assert len(_criteria_of(badge, "silver")) == 54  # + achieve_passing, computed
    assert len(_criteria_of(badge, "gold")) == 22  # + achieve_silver, computed


def test_badge_golden_percentages(badge: Rubric) -> None:
    passing = _criteria_of(badge, "passing")
    assert _badge(badge, dict.fromkeys(passing[:66], ENOUGH))[:2] == (99, 99)  # 66/67 -> 99
    assert _badge(badge, dict.fromkeys(passing[:1], ENOUGH))[:2] == (1, 1)  # 1/67 -> 1
    assert _badge(badge, {})[:2] == (0, 0)  # 0 -> 0
    result = badge.evaluate(dict.fromkeys(passing[:66], ENOUGH))
    assert _tier(result) == "in_progress"
    assert not result.certified


def test_badge_tiered_percentage_and_badge(badge: Rubric) -> None:
    passing = _criteria_of(badge, "passing")
    silver = _criteria_of(badge, "silver")
    gold = _criteria_of(badge, "gold")
    everything = dict.fromkeys(passing + silver + gold, ENOUGH)
    assert _badge(badge, everything) == (300, 100, 100, 100)
    assert _tier(badge.evaluate(everything)) == "gold"
    # criteria answered once and counted again at a higher level
    silver_own = [c for c in silver if c not in passing]
    gold_own = [c for c in gold if c not in passing + silver]
    assert (len(silver) - len(silver_own), len(gold) - len(gold_own)) == (7, 9)
    # passing complete; silver 20 own + 7 shared + achieve_passing = 28 of 55: 50.9 -> 51
    answers = dict.fromkeys(passing + silver_own[:20], ENOUGH)
    assert _badge(badge, answers)[:3] == (151, 100, 51)
    assert _tier(badge.evaluate(answers)) == "passing"
    # silver complete; gold 5 own + 9 shared + achieve_silver = 15 of 23: 65.2 -> 65
    answers = dict.fromkeys(passing + silver + gold_own[:5], ENOUGH)
    assert _badge(badge, answers) == (265, 100, 100, 65)
    assert _tier(badge.evaluate(answers)) == "silver"


def test_badge_higher_levels_count_only_after_the_lower_one(badge: Rubric) -> None:
    passing = _criteria_of(badge, "passing")
    silver = _criteria_of(badge, "silver")
    # silver complete but passing at 66/67: silver's achieve_passing is unmet (54/55 -> 98)
    answers: dict[str, object] = dict.fromkeys(passing[1:] + silver, ENOUGH)
    answers[passing[0]] = "unmet"
    assert passing[0] not in silver  # a shared criterion would lower silver too
    assert _badge(badge, answers)[:3] == (99, 99, 98)


@pytest.mark.parametrize(
    ("criterion", "answer", "enough"),
    [
        # MUST: met is enough; met_url_required needs a URL in the justification (contains_url?)
        ("description_good", "met", True),
        ("description_good", "unmet", False),
        ("contribution", "met", False),
        ("contribution", {"value": "met", "url": "https://example.org/contributing"}, False),
        ("contribution", {"value": "met", "justification": "https://example.org/c"}, True),
        # SHOULD: unmet counts only with a justification
        ("contribution_requirements", {"value": "unmet", "justification": "none yet"}, True),
        ("contribution_requirements", "unmet", False),
        # SUGGESTED: anything but unknown
        ("floss_license_osi", "unmet", True),
        ("floss_license_osi", "unknown", False),
        # N/A where allowed, with the justification it demands; counted as satisfied
        ("documentation_basics", {"value": "N/A", "justification": "a library"}, True),
        ("documentation_basics", "N/A", False),
        # '?' (unknown, or no answer) never counts
        ("description_good", "unknown", False),
    ],
)
def test_badge_enough_rules(badge: Rubric, criterion: str, answer: object, enough: bool) -> None:
    result = badge.evaluate({criterion: answer})
    assert result.nodes[criterion].score == (1 if enough else 0)


# Answers the badge judges by their text (justification_good?, contains_url?): with every
# other passing criterion enough, each keeps the project at 99, "in progress", as on the badge.
PROBES = {
    "short justification": (
        "contribution_requirements",
        {"value": "unmet", "justification": "none"},
    ),
    "'// ' justification": (
        "contribution_requirements",
        {"value": "unmet", "justification": "// no guide yet"},
    ),
    "URL without a dot in its host": (
        "contribution",
        {"value": "met", "justification": "See http://localhost/contributing"},
    ),
    "URL only in 'url'": ("contribution", {"value": "met", "url": "https://example.org/c"}),
    "URL in a '// ' justification": (
        "contribution",
        {"value": "met", "justification": "// https://example.org/contributing"},
    ),
    "N/A with a short justification": (
        "documentation_basics",
        {"value": "na", "justification": "lib"},
    ),
}


@pytest.mark.parametrize("probe", list(PROBES))
def test_badge_judges_answer_text_as_the_badge(badge: Rubric, probe: str) -> None:
    passing = _criteria_of(badge, "passing")
    answers: dict[str, object] = dict.fromkeys(passing, ENOUGH)
    result = badge.evaluate(answers)
    assert result.nodes["passing"].score == 100
    assert _tier(result) == "passing"
    criterion, answer = PROBES[probe]
    answers[criterion] = answer
    engines: tuple[Literal["reference", "fast"], ...] = ("reference", "fast")
    for engine in engines:
        result = badge.evaluate(answers, engine=engine)
        assert result.total == 99
        assert _tier(result) == "in_progress"
        assert not result.certified
        assert result.nodes[criterion].score == 0
    # the same answer written as the badge expects is enough
    good = {"value": answer["value"], "justification": "Written down at https://example.org/x"}
    answers[criterion] = good
    assert badge.evaluate(answers).nodes["passing"].score == 100


def test_badge_should_at_passing_must_at_silver(badge: Rubric) -> None:
    # one answer, two categories: SHOULD at passing, MUST at silver
    result = badge.evaluate(
        {"contribution_requirements": {"value": "unmet", "justification": "no guide yet"}}
    )
    assert result.nodes["contribution_requirements"].score == 1
    assert result.nodes["silver.contribution_requirements"].score == 0
    # N/A allowed at both levels, with a justification demanded only at silver
    result = badge.evaluate({"warnings_strict": "na"})
    assert result.nodes["warnings_strict"].score == 1
    assert result.nodes["silver.warnings_strict"].score == 0
    result = badge.evaluate({"warnings_strict": {"value": "na", "justification": "no compiler"}})
    assert result.nodes["silver.warnings_strict"].score == 1


# The badge keeps one status per criterion and validates it against every level that lists the
# criterion (project.rb, the status validations): N/A allowed at silver but not at passing is
# refused, not scored.
MIXED_NA = ["report_tracker", "tests_documented_added", "dynamic_analysis"]
MIXED_NA += ["dynamic_analysis_enable_assertions"]


@pytest.mark.parametrize("criterion", MIXED_NA)
def test_badge_refuses_na_unless_every_level_allows_it(badge: Rubric, criterion: str) -> None:
    with pytest.raises(AssessmentError) as caught:
        badge.evaluate({criterion: {"value": "na", "justification": "not applicable here"}})
    assert {p.code for p in caught.value.problems} == {"answer.na"}


def test_badge_mixed_na_criteria_are_the_datas() -> None:
    # computed from criteria.yml, not from the rubric: ids whose levels disagree on na_allowed
    data = (ROOT / "data" / "openssf_best_practices" / "criteria.yml").read_text(encoding="utf-8")
    allowed: dict[str, set[bool]] = {}
    for c in _GEN.read_criteria(data):
        allowed.setdefault(c.id, set()).add(c.na_allowed)
    assert sorted(cid for cid, flags in allowed.items() if len(flags) > 1) == sorted(MIXED_NA)


@pytest.mark.parametrize(
    ("answer", "enough"),
    [
        ("met", False),  # SUGGESTED, but Met demands a justification (met_justification_required)
        ({"value": "met", "justification": "tags are signed with GPG"}, True),
        ("unmet", True),  # Unmet is "barely" enough for SUGGESTED, justification or not
        ("unknown", False),
    ],
)
def test_badge_suggested_met_needs_its_justification(
    badge: Rubric, answer: object, enough: bool
) -> None:
    # get_met_result checks met_justification_required whatever the category
    result = badge.evaluate({"version_tags_signed": answer})
    assert result.nodes["version_tags_signed"].score == (1 if enough else 0)


def test_badge_numbers_cite_the_badge_code(badge: Rubric) -> None:
    spec = badge.spec
    code = {s.id: s for s in spec.sources if s.id.startswith("badge-code-")}
    assert set(code) == {"badge-code-percentage", "badge-code-criteria", "badge-code-enough"}
    for source in code.values():  # pinned to the commit that was read
        assert source.url is not None
        assert "/blob/074ec3d3ca1b472a4e39ca7655cea78a9079ea6b/" in source.url
        assert "074ec3d3ca1b472a4e39ca7655cea78a9079ea6b" in (source.note or {})["en"]
    for level in spec.criteria:
        assert level.sources == ["badge-code-percentage", "badge-code-criteria"]
    for nid, _, node in badge.iter_nodes():
        if node.rule is None:
            continue
        wanted = "badge-code-percentage" if node.rule.kind == "condition" else "badge-code-enough"
        assert node.sources == ["bestpractices-criteria", wanted], nid
    assert all(t.sources == ["badge-code-percentage"] for t in spec.tiers)
    assert [(t.id, int(t.min)) for t in spec.tiers] == [
        ("in_progress", 0),
        ("passing", 100),
        ("silver", 200),
        ("gold", 300),
    ]


def test_badge_states_its_text_rules_and_no_known_difference(badge: Rubric) -> None:
    # justification_good? (5 characters or more, not starting with '// ') and contains_url?
    # (https?://[^/. ]+\.[^ ] inside the justification) are the rubric's evidence rules now
    rules = badge.spec.evidence_rules
    assert rules is not None
    assert rules.justification is not None
    assert rules.url is not None
    assert (rules.justification.min_length, rules.justification.ignore_prefixes) == (5, ["// "])
    assert (rules.url.where, rules.url.form) == (["justification"], "host_with_dot")
    for nid, _, node in badge.iter_nodes():
        assert "Known difference" not in (node.note or {}).get("en", ""), nid
    assert "Known difference" not in (badge.spec.description or {}).get("en", "")


def test_badge_rubric_keeps_the_attribution(badge: Rubric) -> None:
    text = (RUBRICS / "openssf_best_practices.yaml").read_text(encoding="utf-8")
    attribution = "OpenSSF Best Practices Badge criteria, CC BY 3.0+"
    assert attribution in text.split("format: 1")[0]  # the header comment
    assert attribution in badge.spec.description["en"]  # type: ignore[index]
    assert attribution in (badge.spec.sources[0].note or {})["en"]
    assert attribution in (ROOT / "data" / "openssf_best_practices" / "SOURCE.md").read_text()


# the generator -------------------------------------------------------------------------------


def _generator() -> ModuleType:
    path = ROOT / "tools" / "gen_openssf_best_practices.py"
    spec = importlib.util.spec_from_file_location("gen_openssf_best_practices", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


_GEN = _generator()


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _GEN


def test_committed_rubric_is_the_generators_output(gen: ModuleType) -> None:
    data = (ROOT / "data" / "openssf_best_practices" / "criteria.yml").read_bytes()
    committed = (RUBRICS / "openssf_best_practices.yaml").read_text(encoding="utf-8")
    assert gen.generate(data) == committed, "run: python tools/regen.py"
    assert gen.main(["--check"]) == 0


def _synthetic(gen: ModuleType, count: int, **flags: object) -> Rubric:
    criteria = [
        gen.Criterion(id=f"c{i}", level="passing", major="M", minor="m", category="MUST", **flags)
        for i in range(count)
    ]
    from tiercert import rubric_from_mapping

    return rubric_from_mapping(gen.build_rubric(criteria, version="test"))


@pytest.mark.parametrize(
    ("enough", "count", "percent"),
    [
        (66, 67, 99),
        (1, 67, 1),
        (1, 8, 13),  # 12.5 rounds half away from zero (Python's round() gives 12)
        (200, 201, 99),  # 99.5 would round to 100: capped at 99 until complete
        (0, 8, 0),
        (8, 8, 100),
        (3, 8, 38),  # 37.5
    ],
)
def test_badge_rounding_golden_values(
    gen: ModuleType, enough: int, count: int, percent: int
) -> None:
    rubric = _synthetic(gen, count)
    result = rubric.evaluate({f"c{i}": "met" for i in range(enough)})
    assert result.nodes["passing"].score == percent
    assert result.total == percent


@given(st.integers(min_value=1, max_value=40), st.data())
def test_badge_percentage_property(count: int, data: st.DataObject) -> None:
    gen = _GEN
    enough = data.draw(st.integers(min_value=0, max_value=count))
    rubric = _synthetic(gen, count)
    result = rubric.evaluate({f"c{i}": "met" for i in range(enough)})
    expected = round_plainly(Fraction(100 * enough, count), 0, "half_up")
    if enough < count:
        expected = min(expected, Fraction(99))
    assert result.nodes["passing"].score == expected


def test_generator_skips_obsolete_and_shows_future_criteria(gen: ModuleType) -> None:
    criteria = [
        gen.Criterion(id=cid, level="passing", major="M", minor="m", category="MUST", **flags)
        for cid, flags in (("a", {}), ("old", {"obsolete": True}), ("new", {"future": True}))
    ]
    from tiercert import rubric_from_mapping

    rubric = rubric_from_mapping(gen.build_rubric(criteria, version="test"))
    ids = [nid for nid, _, _ in rubric.iter_nodes()]
    assert "old" not in ids
    result = rubric.evaluate({"a": "met", "new": "unmet"})
    assert (result.total, result.nodes["new"].max) == _decimals(100, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("'9': []", "unknown level '9'"),
        ("'0': {B: {m: {x: {category: MAYBE}}}}", "category must be one of"),
        ("'0': {B: {m: {x: {category: MUST, na_allowed: 'yes'}}}}", "na_allowed must be true"),
        ("- 1", "expected key/value pairs"),
    ],
)
def test_generator_reports_bad_data(gen: ModuleType, text: str, message: str) -> None:
    with pytest.raises(gen.DataError, match=message):
        gen.read_criteria(text)


# --- OpenSSF Scorecard -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scorecard() -> Rubric:
    return _load("openssf_scorecard")


def _inconclusive(rubric: Rubric) -> dict[str, object]:
    return {nid: "na" for nid, _ in _leaves(rubric)}


# Each check's risk as docs/checks/internal/checks.yaml states it (github.com/ossf/scorecard,
# commit 40c1e35996730d4fdcbdb2e6a23917a2467e29b7), with the line it is on, and the weight of
# each risk in pkg/scorecard/scorecard_result.go (GetAggregateScore, line 86).
RISKS = {
    "Maintained": ("High", 19),
    "Dependency-Update-Tool": ("High", 52),
    "Binary-Artifacts": ("High", 90),
    "Branch-Protection": ("High", 141),
    "CI-Tests": ("Low", 227),
    "CII-Best-Practices": ("Low", 261),
    "Code-Review": ("High", 287),
    "Contributors": ("Low", 360),
    "Fuzzing": ("Medium", 391),
    "Packaging": ("Medium", 423),
    "Pinned-Dependencies": ("Medium", 467),
    "SAST": ("Medium", 533),
    "SBOM": ("Medium", 565),
    "Security-Policy": ("Medium", 604),
    "Signed-Releases": ("High", 655),
    "Token-Permissions": ("High", 694),
    "Vulnerabilities": ("High", 747),
    "Dangerous-Workflow": ("Critical", 772),
    "License": ("Low", 811),
    "Webhooks": ("Critical", 863),
}
RISK_WEIGHT = {"Critical": Fraction(10), "High": Fraction(15, 2), "Medium": Fraction(5)}
RISK_WEIGHT["Low"] = Fraction(5, 2)


def _check_id(name: str) -> str:
    return name.lower().replace("-", "_")


WEIGHTS = {_check_id(name): RISK_WEIGHT[risk] for name, (risk, _) in RISKS.items()}
# the checks whose score is one answer (the others can be scored from measurements)
MODELLED = {"branch_protection", "code_review", "vulnerabilities"}
SIMPLE = [c for c in WEIGHTS if c not in MODELLED]


def test_scorecard_worked_example(scorecard: Rubric) -> None:
    # Critical 10, High 3, Low 10, Medium inconclusive: (100 + 22.5 + 25) / 20 = 7.375 -> 7.4
    answers = _inconclusive(scorecard)
    answers.update({"dangerous_workflow": 10, "binary_artifacts": 3, "license": 10})
    result = scorecard.evaluate(answers)
    assert result.total == Fraction("7.4")
    assert result.tier is None


def test_scorecard_rounds_an_exact_tie_half_to_even(scorecard: Rubric) -> None:
    # four High checks 7, 7, 7, 8: exactly 7.25, shown 7.2 (as Go's %.1f prints it)
    answers = _inconclusive(scorecard)
    answers.update({"binary_artifacts": 7, "dependency_update_tool": 7, "maintained": 7})
    answers["signed_releases"] = 8
    assert scorecard.evaluate(answers).total == Fraction("7.2")


def test_scorecard_weights_by_risk(scorecard: Rubric) -> None:
    # all 20 checks of checks.yaml, each weighted by its documented risk
    assert len(scorecard.spec.criteria) == 20
    assert {n.id: Fraction(n.weight or 0) for n in scorecard.spec.criteria} == WEIGHTS


def test_scorecard_checks_cite_their_risk_and_code(scorecard: Rubric) -> None:
    by_id = {n.id: n for n in scorecard.spec.criteria}
    for name, (risk, line) in RISKS.items():
        node = by_id[_check_id(name)]
        assert node.title == {"*": name}  # a plain title: the same in every language
        assert {"scorecard-aggregate", "scorecard-risks"} <= set(node.sources), name
        assert f"Risk {risk} (checks.yaml line {line})" in (node.note or {})["en"], name
        assert not node.provisional, name
    for source in scorecard.spec.sources:
        if source.id.startswith("scorecard-") and source.id != "scorecard-published-results":
            assert source.url is not None
            assert "/blob/40c1e35996730d4fdcbdb2e6a23917a2467e29b7/" in source.url
    for name in ("webhooks", "sbom"):  # experimental: run only with SCORECARD_EXPERIMENTAL
        assert "scorecard-experimental" in by_id[name].sources


# Published Scorecard v5.0.0 runs (2024-11-13) in github.com/nfallah/github-actions-scorecard-test:
# every check's score as printed (None: "N/A", inconclusive) and the aggregate.  Webhooks and SBOM
# were not run (experimental).  The aggregates recomputed by hand from the weights:
#   ppy/osu:       (10·0 + 7.5·55 + 5·4 + 2.5·26) / (10 + 7.5·8 + 5·4 + 2.5·4) = 497.5/100 = 4.975
#   greenshot:     (7.5·21 + 5·9 + 2.5·20) / (7.5·7 + 5·3 + 2.5·4) = 252.5/77.5 = 3.258...
#   Call-for-Code: (10·10 + 7.5·24 + 5·4 + 2.5·21) / (10 + 7.5·6 + 5·4 + 2.5·4) = 352.5/85 = 4.15
PUBLISHED = {
    "ppy_osu.md (d9a8757c8b21)": (
        "5.0",
        {
            "Binary-Artifacts": 10,
            "Branch-Protection": 8,
            "CI-Tests": 6,
            "CII-Best-Practices": 0,
            "Code-Review": 7,
            "Contributors": 10,
            "Dangerous-Workflow": 0,
            "Dependency-Update-Tool": 10,
            "Fuzzing": 0,
            "License": 10,
            "Maintained": 10,
            "Packaging": None,
            "Pinned-Dependencies": 4,
            "SAST": 0,
            "Security-Policy": 0,
            "Signed-Releases": 0,
            "Token-Permissions": 0,
            "Vulnerabilities": 10,
        },
    ),
    "REPORTS/greenshot_greenshot.md (560e47ad60ca)": (
        "3.3",
        {
            "Binary-Artifacts": 8,
            "Branch-Protection": 0,
            "CI-Tests": 0,
            "CII-Best-Practices": 0,
            "Code-Review": 1,
            "Contributors": 10,
            "Dangerous-Workflow": None,
            "Dependency-Update-Tool": 0,
            "Fuzzing": 0,
            "License": 10,
            "Maintained": 2,
            "Packaging": None,
            "Pinned-Dependencies": None,
            "SAST": 0,
            "Security-Policy": 9,
            "Signed-Releases": 0,
            "Token-Permissions": None,
            "Vulnerabilities": 10,
        },
    ),
    "Call-for-Code_Project-Sample.md (0baebb2f9988)": (
        "4.1",
        {
            "Binary-Artifacts": 10,
            "Branch-Protection": None,
            "CI-Tests": 1,
            "CII-Best-Practices": 0,
            "Code-Review": 3,
            "Contributors": 10,
            "Dangerous-Workflow": 10,
            "Dependency-Update-Tool": 0,
            "Fuzzing": 0,
            "License": 10,
            "Maintained": 1,
            "Packaging": None,
            "Pinned-Dependencies": 0,
            "SAST": 0,
            "Security-Policy": 4,
            "Signed-Releases": None,
            "Token-Permissions": 0,
            "Vulnerabilities": 10,
        },
    ),
}


@pytest.mark.parametrize("run", sorted(PUBLISHED))
def test_scorecard_published_aggregates(scorecard: Rubric, run: str) -> None:
    shown, checks = PUBLISHED[run]
    answers = _inconclusive(scorecard)  # Webhooks and SBOM were not run
    for name, score in checks.items():
        if score is not None:
            for below in [a for a in answers if a.startswith(_check_id(name) + ".")]:
                del answers[below]  # a modelled check takes its reported score directly
            answers[_check_id(name)] = score
    assert scorecard.evaluate(answers).total == Decimal(shown)


@pytest.mark.parametrize(
    ("approved", "score"),
    # reasons printed by published runs: "Found 24/27 approved changesets -- score normalized
    # to 8" (a django run in a README), 13/18 -> 7, 5/15 -> 3 and 5/30 -> 1 (PUBLISHED above)
    [("24/27", 8), ("13/18", 7), ("5/15", 3), ("5/30", 1)],
)
def test_scorecard_code_review_is_proportional(
    scorecard: Rubric, approved: str, score: int
) -> None:
    answers = _inconclusive(scorecard)
    answers["code_review.reviewed"] = approved
    assert scorecard.evaluate(answers).nodes["code_review"].score == score


def test_scorecard_experimental_checks_weigh_when_run(scorecard: Rubric) -> None:
    # Webhooks is Critical (10) and SBOM Medium (5): (10·10 + 7.5·3 + 5·5) / 22.5 = 6.555... -> 6.6
    answers = _inconclusive(scorecard)
    answers.update({"webhooks": 10, "binary_artifacts": 3, "sbom": 5})
    assert scorecard.evaluate(answers).total == Fraction("6.6")


def test_scorecard_extremes(scorecard: Rubric) -> None:
    assert scorecard.evaluate(_inconclusive(scorecard)).total == 0  # nothing conclusive
    answers = dict.fromkeys(WEIGHTS, 10)
    assert scorecard.evaluate(answers).total == 10


@pytest.mark.parametrize(("share", "score"), [("2/3", 6), ("1", 10), ("0", 0), ("29/30", 9)])
def test_scorecard_proportional_rounds_down(scorecard: Rubric, share: str, score: int) -> None:
    answers = _inconclusive(scorecard)
    answers["code_review.reviewed"] = share
    result = scorecard.evaluate(answers)
    assert result.nodes["code_review"].score == score
    assert result.total == score  # the only conclusive check


@pytest.mark.parametrize(("found", "score"), [(0, 10), (3, 7), (10, 0), (12, 0)])
def test_scorecard_deduction_floors_at_zero(scorecard: Rubric, found: int, score: int) -> None:
    answers = _inconclusive(scorecard)
    answers["vulnerabilities.known"] = found
    assert scorecard.evaluate(answers).nodes["vulnerabilities"].score == score


@pytest.mark.parametrize(
    ("tiers", "score"),
    [
        (("1", "1", "1", "1", "1"), 10),
        (("1", "2/3", "1", "1", "1"), 5),  # tier 2 incomplete: tiers above it do not count
        (("1/2", "1", "1", "1", "1"), 1),  # 1.5 rounds down
        (("1", "1", "1", "0", "1"), 8),
        (("0", "1", "1", "1", "1"), 0),
    ],
)
def test_scorecard_tiered_check(scorecard: Rubric, tiers: tuple[str, ...], score: int) -> None:
    answers = _inconclusive(scorecard)
    answers.update({f"branch_protection.tier{i}": t for i, t in enumerate(tiers, start=1)})
    assert scorecard.evaluate(answers).nodes["branch_protection"].score == score


def test_scorecard_modelled_checks_take_the_reported_score_too(scorecard: Rubric) -> None:
    answers = _inconclusive(scorecard)
    for group in sorted(MODELLED):
        for below in [n for n in answers if n.startswith(group + ".")]:
            del answers[below]
        answers[group] = 6
    assert scorecard.evaluate(answers).total == 6


@given(
    st.fixed_dictionaries(
        {c: st.one_of(st.none(), st.integers(min_value=0, max_value=10)) for c in SIMPLE}
    )
)
def test_scorecard_is_the_weighted_mean_of_conclusive_checks(scores: dict[str, int | None]) -> None:
    rubric = _SCORECARD
    answers = _inconclusive(rubric)
    answers.update({c: ("na" if s is None else s) for c, s in scores.items()})
    conclusive = {c: s for c, s in scores.items() if s is not None}
    weight = sum((WEIGHTS[c] for c in conclusive), Fraction(0))
    mean = (
        sum((WEIGHTS[c] * s for c, s in conclusive.items()), Fraction(0)) / weight if weight else 0
    )
    expected = round_plainly(Fraction(mean), 1, "half_even")
    assert rubric.evaluate(answers).total == Decimal(expected.numerator) / expected.denominator


_SCORECARD = _load("openssf_scorecard")


# --- both engines agree on every scheme ------------------------------------------------------

_BADGE = _load("openssf_best_practices")
_BADGE_LEAVES = list(_leaves(_BADGE))
_ANSWERS = st.sampled_from(
    [
        "met",
        "unmet",
        "unknown",
        ENOUGH,
        {"value": "unmet", "justification": "a reason"},
        {"value": "met", "url": "https://example.org/x"},
    ]
)


@given(st.data())
def test_badge_engines_agree(data: st.DataObject) -> None:
    answers: dict[str, object] = {}
    for nid, node in _BADGE_LEAVES:
        choice = data.draw(st.one_of(st.none(), _ANSWERS, st.sampled_from(["na", "N/A"])))
        if choice is None:
            continue
        if choice in ("na", "N/A"):
            # N/A only where some reading of this answer allows it
            readers = [n for _, _, n in _BADGE.iter_nodes() if n.answer_from == nid]
            if node.na is None and not any(r.na is not None for r in readers):
                continue
            choice = data.draw(st.sampled_from([choice, {"value": choice, "justification": "x"}]))
        answers[nid] = choice
    fast = _BADGE.evaluate(answers, engine="fast").to_dict()
    assert fast == _BADGE.evaluate(answers, engine="reference").to_dict()


def _golden_assessments() -> Iterator[tuple[str, dict[str, object], dict[str, object]]]:
    yield "vn_ocop_products", {"A": "36", "B": 20, "C": "33.5"}, {}
    for law in LAW:
        yield (
            law,
            {f"tc{i}": s for i, s in enumerate(["20", "20", "20", "10", "9.5"], 1)},
            {
                "head_disciplined": False,
                "head_prosecuted": True,
            },
        )
    yield (
        "dong_nai_friendly_gov",
        {
            "publicity": 14,
            "office_culture": 14,
            "satisfaction": 18,
            "admin_reform": 46,
            "initiatives": 3,
        },
        {},
    )
    yield "leed_v4_bd_c", _everything(), {}
    yield "leed_v4_bd_c", _leed_points(45), {}
    answers = _inconclusive(_SCORECARD)
    answers.update({"dangerous_workflow": 10, "binary_artifacts": 3, "license": 10})
    answers.update({"code_review.reviewed": "2/3", "vulnerabilities.known": 3})
    yield "openssf_scorecard", answers, {}


@pytest.mark.parametrize(
    ("name", "answers", "facts"), list(_golden_assessments()), ids=lambda v: str(v)[:20]
)
def test_scheme_engines_agree(
    rubrics: dict[str, Rubric], name: str, answers: dict[str, object], facts: dict[str, object]
) -> None:
    rubric = rubrics[name]
    fast = rubric.evaluate(answers, facts=facts, engine="fast").to_dict()
    assert fast == rubric.evaluate(answers, facts=facts, engine="reference").to_dict()
