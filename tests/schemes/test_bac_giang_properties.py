"""Properties of the Bắc Giang rubric for any valid answers (hand-written hypothesis strategies)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
from conftest import RUBRICS

RUBRIC = tiercert.load_rubric(RUBRICS / "bac_giang_friendly_gov.yaml")
FACT = "head_disciplined_or_prosecuted"
CENT = Decimal("0.01")

Answers = dict[str, object]
Better = Callable[[object], "st.SearchStrategy[object] | None"]


# --- the answers this rubric accepts, criterion by criterion ---------------------------------


@dataclass(frozen=True)
class Leaf:
    """Valid answers of one criterion, and which of them are better, best and worst."""

    id: str
    values: st.SearchStrategy[object]
    better: Better  # strictly better answers than the given one, or None
    best: st.SearchStrategy[object]
    worst: st.SearchStrategy[object]


def _percent(low: Decimal = Decimal(0), high: Decimal = Decimal(100)) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=low, max_value=high, places=2, allow_nan=False)


def boolean(leaf_id: str) -> Leaf:
    return Leaf(
        leaf_id,
        st.booleans(),
        lambda v: st.just(True) if v is False else None,
        st.just(True),
        st.just(False),
    )


def levels(leaf_id: str, order: list[str]) -> Leaf:
    """``order``: level ids from best to worst."""

    def better(value: object) -> st.SearchStrategy[object] | None:
        above = order[: order.index(str(value))]
        return st.sampled_from(above) if above else None

    return Leaf(
        leaf_id,
        st.sampled_from(order),
        better,
        st.just(order[0]),
        st.just(order[-1]),
    )


def percent(leaf_id: str, edges: list[int], best_from: int, worst_below: int) -> Leaf:
    """A survey or completion percentage; band ``edges`` and the value just below each are
    drawn often, since that is where a rule can go wrong."""
    near = sorted({Decimal(e) for e in edges} | {Decimal(e) - CENT for e in edges if e > 0})

    def better(value: object) -> st.SearchStrategy[object] | None:
        if not isinstance(value, Decimal) or value >= 100:
            return None
        above = [v for v in near if v > value]
        return st.one_of(_percent(value + CENT), st.sampled_from(above or [Decimal(100)]))

    values = st.one_of(_percent(), st.sampled_from(near))
    worst = _percent(high=Decimal(worst_below) - CENT) if worst_below > 0 else st.just(Decimal(0))
    return Leaf(leaf_id, values, better, _percent(Decimal(best_from)), worst)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def count(leaf_id: str, full_at: int, most: int) -> Leaf:
    return Leaf(
        leaf_id,
        st.integers(0, most),
        lambda v: st.integers(_int(v) + 1, most) if _int(v) < most else None,
        st.integers(full_at, most),
        st.just(0),
    )


def deduction(leaf_id: str, zero_at: int) -> Leaf:
    return Leaf(
        leaf_id,
        st.integers(0, 3 * zero_at),
        lambda v: st.integers(0, _int(v) - 1) if _int(v) > 0 else None,
        st.just(0),
        st.integers(zero_at, 3 * zero_at),
    )


def with_na(leaf: Leaf, na: object, *, best: bool) -> Leaf:
    """``na`` is also valid; it is not comparable with a number (never "better" or "worse")."""

    def better(value: object) -> st.SearchStrategy[object] | None:
        return None if value == na else leaf.better(value)

    return Leaf(
        leaf.id,
        st.one_of(leaf.values, st.just(na)),
        better,
        st.one_of(leaf.best, st.just(na)) if best else leaf.best,
        leaf.worst,
    )


NO_COMPLAINT = {"value": "na", "justification": "Không có đơn thư thuộc thẩm quyền trong năm."}
SURVEY_EDGES = [0, 50, 70, 80, 90, 100]
GOOD = ["tot", "kha", "trung_binh", "yeu"]

GROUPS: dict[str, tuple[Decimal, list[Leaf]]] = {
    "g1": (
        Decimal(20),
        [
            boolean("g1.1.1"),
            levels("g1.1.2", GOOD),
            count("g1.2.1", 4, 4),
            boolean("g1.2.2"),
            percent("g1.2.3", [0, 50, 100], 100, 50),
        ],
    ),
    "g2": (
        Decimal(25),
        [
            percent("g2.1", [0, 80, 90, 95, 100], 100, 80),
            percent("g2.2", [0, 25, 50, 100], 50, 0),
            levels("g2.3", ["dat", "dat_mot_phan", "chua_dat"]),
            boolean("g2.4"),
            levels("g2.5", ["moi_ngay", "mot_so_ngay", "khong"]),
        ],
    ),
    "g3": (
        Decimal(20),
        [boolean("g3.1"), boolean("g3.2"), levels("g3.3", GOOD), deduction("g3.4", 3)],
    ),
    "g4": (
        Decimal(15),
        [
            count("g4.1", 4, 30),
            with_na(percent("g4.2", [0, 70, 85, 100], 100, 70), NO_COMPLAINT, best=True),
            deduction("g4.3", 2),
        ],
    ),
    "g5": (
        Decimal(20),
        [
            percent("g5.1", SURVEY_EDGES, 90, 50),
            percent("g5.2", SURVEY_EDGES, 90, 50),
            with_na(percent("g5.3", SURVEY_EDGES, 90, 50), "na", best=False),
        ],
    ),
}
LEAVES = {leaf.id: leaf for _, leaves in GROUPS.values() for leaf in leaves}


def _self_score(maximum: Decimal) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(0), max_value=maximum, places=2, allow_nan=False)


@st.composite
def assessments(
    draw: st.DrawFn, *, pick: Callable[[Leaf], st.SearchStrategy[object]] | None = None
) -> tuple[Answers, dict[str, object]]:
    """Answers for every group (by sub-criteria or, at random, one self-score) and the fact."""
    answers: Answers = {}
    for group, (maximum, leaves) in GROUPS.items():
        # mostly by sub-criteria, where most of the rules are; sometimes one self-score
        if pick is None and draw(st.sampled_from([True, False, False])):
            answers[group] = draw(_self_score(maximum))
        else:
            for leaf in leaves:
                answers[leaf.id] = draw(pick(leaf) if pick else leaf.values)
    disciplined = draw(st.sampled_from([False, False, False, True]))
    return answers, {FACT: disciplined}


def _higher_self_score(maximum: Decimal, value: object) -> st.SearchStrategy[object] | None:
    assert isinstance(value, Decimal)
    if value >= maximum:
        return None
    return st.decimals(min_value=value + CENT, max_value=maximum, places=2, allow_nan=False)


def _rank(result: tiercert.Result) -> int:
    return result.tier.rank if result.tier is not None else 0


def _direct(data: st.DataObject, total: Decimal, places: int = 2) -> Answers:
    """Group self-scores adding up to ``total`` exactly, split at random."""
    unit = Decimal(1).scaleb(-places)
    left = int(total / unit)
    order = data.draw(st.permutations(list(GROUPS)))
    answers: Answers = {}
    for i, group in enumerate(order):
        room = sum(int(GROUPS[g][0] / unit) for g in order[i + 1 :])
        low, high = max(0, left - room), min(int(GROUPS[group][0] / unit), left)
        part = data.draw(st.integers(low, high)) if i < len(order) - 1 else left
        answers[group] = Decimal(part) * unit
        left -= part
    assert left == 0
    return answers


# --- properties -------------------------------------------------------------------------------


@given(assessments())
def test_total_and_every_node_stay_within_their_maximum(
    case: tuple[Answers, dict[str, object]],
) -> None:
    answers, facts = case
    result = RUBRIC.evaluate(answers, facts=facts)
    assert 0 <= result.total <= 100
    for group, (maximum, _) in GROUPS.items():
        assert 0 <= result.nodes[group].score <= maximum
        assert result.nodes[group].max == maximum
    for node in result.nodes.values():
        assert 0 <= node.score <= node.max
    assert result.total == sum((result.nodes[g].score for g in GROUPS), Fraction(0))


@given(assessments())
def test_certified_exactly_when_80_or_more_and_no_gate_fails(
    case: tuple[Answers, dict[str, object]],
) -> None:
    answers, facts = case
    result = RUBRIC.evaluate(answers, facts=facts)
    assert result.certified == (result.total >= 80 and not result.failed_gates)
    assert (result.tier is not None) == result.certified
    assert bool(result.failed_gates) == facts[FACT]


@given(st.data())
def test_a_better_answer_never_lowers_the_total_or_the_star(data: st.DataObject) -> None:
    answers, facts = data.draw(assessments())
    before = RUBRIC.evaluate(answers, facts=facts)
    improvable: list[tuple[str, st.SearchStrategy[object]]] = []
    for key, value in answers.items():
        higher = (
            _higher_self_score(GROUPS[key][0], value)
            if key in GROUPS
            else LEAVES[key].better(value)
        )
        if higher is not None:
            improvable.append((key, higher))
    # every answer that can improve is improved in turn (one at a time): more power per example
    for key, higher in improvable:
        after = RUBRIC.evaluate({**answers, key: data.draw(higher)}, facts=facts)
        assert after.total >= before.total, key
        assert _rank(after) >= _rank(before), key
    if facts[FACT]:
        after = RUBRIC.evaluate(answers, facts={FACT: False})
        assert after.total == before.total
        assert _rank(after) >= _rank(before)


@given(assessments(pick=lambda leaf: leaf.best))
def test_all_best_answers_give_100_and_the_top_star(
    case: tuple[Answers, dict[str, object]],
) -> None:
    answers, _ = case
    result = RUBRIC.evaluate(answers, facts={FACT: False})
    assert result.total == 100
    assert result.tier is not None
    assert result.tier.id == RUBRIC.spec.tiers[-1].id
    assert result.next_tier is None


@given(assessments(pick=lambda leaf: leaf.worst))
def test_all_worst_answers_give_0_and_no_tier(case: tuple[Answers, dict[str, object]]) -> None:
    answers, facts = case
    result = RUBRIC.evaluate(answers, facts=facts)
    assert result.total == 0
    assert result.tier is None
    assert not result.certified


def test_all_best_and_all_worst_self_scores() -> None:
    best = RUBRIC.evaluate({g: maximum for g, (maximum, _) in GROUPS.items()})
    worst = RUBRIC.evaluate(dict.fromkeys(GROUPS, 0))
    assert best.total == 100
    assert best.tier is not None
    assert best.tier.rank == 5
    assert worst.total == 0
    assert worst.tier is None


def _stars_for(total: Fraction) -> list[str]:
    """Tiers whose band [min, next min) holds ``total`` (the last band is closed at 100)."""
    tiers = RUBRIC.spec.tiers
    found = []
    for i, tier in enumerate(tiers):
        upper = Fraction(tiers[i + 1].min) if i + 1 < len(tiers) else Fraction(100)
        closed = i + 1 == len(tiers)
        if Fraction(tier.min) <= total and (total < upper or (closed and total == upper)):
            found.append(tier.id)
    return found


TIER_EDGES = [Decimal(t.min) for t in RUBRIC.spec.tiers] + [Decimal(100)]


@given(st.data())
def test_every_total_from_80_to_100_has_exactly_one_star(data: st.DataObject) -> None:
    places = data.draw(st.sampled_from([0, 2, 4]))
    edge = st.sampled_from(TIER_EDGES)
    near_edge = edge.map(lambda e: max(Decimal(80), e - Decimal(1).scaleb(-places)))
    anywhere = st.decimals(min_value=80, max_value=100, places=places, allow_nan=False)
    total = data.draw(st.one_of(edge, near_edge, anywhere))
    result = RUBRIC.evaluate(_direct(data, total, places))
    assert result.total == total
    [expected] = _stars_for(Fraction(total))
    assert result.tier is not None
    assert result.tier.id == expected
    # edges are inclusive at the bottom: a band's minimum belongs to it
    if total in TIER_EDGES[:-1]:
        assert RUBRIC.spec.tiers[result.tier.rank - 1].min == total


def test_the_star_bands_partition_80_to_100() -> None:
    mins = [Decimal(t.min) for t in RUBRIC.spec.tiers]
    assert mins[0] == 80
    assert mins == sorted(set(mins))
    assert mins[-1] < 100


@given(st.data())
def test_exactly_80_certifies_and_79_99_does_not(data: st.DataObject) -> None:
    at_80 = RUBRIC.evaluate(_direct(data, Decimal(80)))
    below = RUBRIC.evaluate(_direct(data, Decimal("79.99")))
    assert at_80.total == 80
    assert at_80.certified
    assert at_80.tier is not None
    assert at_80.tier.rank == 1
    assert below.total == Decimal("79.99")
    assert not below.certified
    assert below.next_tier is not None
    assert below.next_tier.points_needed == CENT


@given(st.data())
def test_the_order_of_answers_does_not_matter(data: st.DataObject) -> None:
    answers, facts = data.draw(assessments())
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    first = RUBRIC.evaluate(answers, facts=facts)
    second = RUBRIC.evaluate(shuffled, facts=facts)
    assert first.to_dict() == second.to_dict()


# --- Vietnamese text --------------------------------------------------------------------------

_VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VI_ALPHABET = _VI_LETTERS + _VI_LETTERS.upper() + " 0123456789,.-–'\"()/:#"
vietnamese = (
    st.text(alphabet=VI_ALPHABET, min_size=1, max_size=60)
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(lambda s: s.strip() == s and s != "")
)


@given(vietnamese)
def test_vietnamese_unit_names_round_trip_through_yaml_and_json(name: str) -> None:
    document = {
        "rubric": RUBRIC.id,
        "unit": {"id": "x", "name": name},
        "answers": dict.fromkeys(GROUPS, 15),
    }
    text = yaml.safe_dump(document, allow_unicode=True)
    result = RUBRIC.evaluate(tiercert.parse_assessment(text))
    assert result.unit_name == name
    assert json.loads(result.to_json())["unit"]["name"] == name
    assert json.loads(result.to_json(indent=None))["unit"]["name"] == name


# each example builds and checks three rubrics: fewer examples keep the suite quick
@settings(max_examples=max(10, settings().max_examples // 4))
@given(vietnamese, vietnamese)
def test_vietnamese_titles_round_trip_through_yaml_and_json(title: str, label: str) -> None:
    data = RUBRIC.to_data()
    data["criteria"][0]["title"]["vi"] = title
    data["tiers"][0]["label"]["vi"] = label
    edited = tiercert.rubric_from_mapping(data)
    via_yaml = tiercert.parse_rubric(edited.to_yaml())
    via_json = tiercert.rubric_from_mapping(json.loads(json.dumps(data, ensure_ascii=False)))
    for rubric in (edited, via_yaml, via_json):
        assert rubric.spec.criteria[0].title["vi"] == title
        assert rubric.spec.tiers[0].label["vi"] == label
        assert rubric.fingerprint == edited.fingerprint


def test_the_shipped_rubric_round_trips_through_yaml_and_json() -> None:
    via_yaml = tiercert.parse_rubric(RUBRIC.to_yaml())
    via_json = tiercert.rubric_from_mapping(json.loads(json.dumps(RUBRIC.to_data())))
    for rubric in (via_yaml, via_json):
        assert rubric.fingerprint == RUBRIC.fingerprint
        assert rubric.to_data() == RUBRIC.to_data()
        for (nid, _, node), (_, _, original) in zip(
            rubric.iter_nodes(), RUBRIC.iter_nodes(), strict=True
        ):
            assert node.title == original.title, nid
            assert unicodedata.is_normalized("NFC", node.title["vi"])
