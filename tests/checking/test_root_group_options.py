"""The rubric's own group options (round, top, caps, aggregate) act on the total."""

from __future__ import annotations

from fractions import Fraction

import pytest

import tiercert

HEAD = 'format: 1\nid: x\nversion: "1"\ntitle: X\n'


def _total(options: str, answers: dict[str, object]) -> Fraction:
    rubric = tiercert.parse_rubric(
        HEAD
        + options
        + "criteria:\n"
        + "  - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
        + "  - {id: b, title: B, max: 10, rule: {kind: direct}}\n"
    )
    return rubric.evaluate(answers).total


def test_round_rounds_the_total() -> None:
    assert _total("round: {places: 0}\n", {"a": "7.5", "b": "0.1"}) == 8
    assert _total("round: {places: 0, mode: down}\n", {"a": "7.5", "b": "0.4"}) == 7
    assert _total("", {"a": "7.5", "b": "0.1"}) == Fraction("7.6")


def test_round_and_the_rounding_of_the_total_both_apply() -> None:
    options = "round: {places: 0, mode: down}\nrounding: {total: {places: 0}}\n"
    assert _total(options, {"a": "7", "b": "0.9"}) == 7  # 'rounding.total' alone gives 8


def test_top_incomplete_cap_and_scaled_work_at_the_top_level() -> None:
    assert _total("top: 1\n", {"a": 3, "b": 9}) == 9
    assert _total("incomplete_cap: 15\n", {"a": 10, "b": 9}) == 15
    assert _total("incomplete_cap: 15\n", {"a": 10, "b": 10}) == 20
    assert _total("max: 100\naggregate: scaled\n", {"a": 10, "b": 5}) == 75


# --- the rubric's options are checked as a group's are ----------------------------------------


def _codes(options: str) -> list[tuple[str, str]]:
    text = (
        HEAD
        + options
        + "criteria:\n"
        + "  - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
        + "  - {id: b, title: B, max: 2, bonus: true, rule: {kind: direct}}\n"
    )
    return [(p.code, p.where) for p in tiercert.check_source(text).problems if p.is_error]


@pytest.mark.parametrize("field", ["bonus_cap", "incomplete_cap", "max"])
def test_a_negative_amount_of_the_rubric_is_refused_as_a_groups_is(field: str) -> None:
    # bonus_cap: -1 at the top passed check, and a unit with no points scored -1
    assert ("points.negative", f"$.{field}") in _codes(f"{field}: -1\n")
    group = (
        HEAD
        + "criteria:\n  - id: g\n    title: G\n"
        + f"    {field}: -1\n"
        + "    children:\n"
        + "      - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
        + "      - {id: b, title: B, max: 2, bonus: true, rule: {kind: direct}}\n"
    )
    found = [(p.code, p.where) for p in tiercert.check_source(group).problems if p.is_error]
    assert ("points.negative", f"$.criteria[g].{field}") in found


def test_a_negative_bonus_cap_of_the_rubric_cannot_be_loaded() -> None:
    with pytest.raises(tiercert.RubricError, match=r"\$\.bonus_cap: bonus_cap is negative"):
        tiercert.parse_rubric(
            HEAD
            + "bonus_cap: -1\ncriteria:\n"
            + "  - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
            + "  - {id: b, title: B, max: 2, bonus: true, rule: {kind: direct}}\n"
        )


def test_a_negative_amount_of_the_rubric_is_found_in_a_misshapen_rubric_too() -> None:
    # the checks of the well-shaped parts (a criterion has an unknown key) see the root's too
    text = (
        HEAD
        + "bonus_cap: -1\ncriteria:\n  - id: g\n    title: G\n    bogus: 1\n    children:\n"
        + "      - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
        + "      - {id: b, title: B, max: 2, bonus: true, rule: {kind: direct}}\n"
    )
    codes = [(p.code, p.where) for p in tiercert.check_source(text).problems]
    assert ("key.unknown", "$.criteria[g].bogus") in codes
    assert ("points.negative", "$.bonus_cap") in codes


_OPTIONS = [
    "",
    "max: 15",
    "max: 25",
    "aggregate: scaled\nmax: 100",
    "aggregate: weighted\nmax: 50",
    "aggregate: tiered",
    "top: 1",
    "bonus_cap: 2",
    "bonus_cap: 0",
    "incomplete_cap: 12",
    "round: {places: 0}",
    "max: -1",
    "bonus_cap: -1",
    "incomplete_cap: -1",
    "top: 9",
    "aggregate: scaled",
]
_KIDS = [
    "{id: a, title: A, max: 10, rule: {kind: direct}}",
    "{id: b, title: B, max: 10, weight: 2, rule: {kind: direct}}",
    "{id: c, title: C, max: 4, bonus: true, rule: {kind: direct}}",
]


@pytest.mark.parametrize("options", _OPTIONS)
def test_the_rubrics_options_are_checked_and_scored_as_a_groups(options: str) -> None:
    """The same options on the rubric and on a group holding the same criteria: the same
    problems (bonus.nested aside: it is about groups) and, when valid, the same points from
    both evaluators."""
    lines = [line for line in options.split("\n") if line]
    root = HEAD + "".join(f"{line}\n" for line in lines) + "criteria:\n"
    root += "".join(f"  - {kid}\n" for kid in _KIDS)
    group = HEAD + "criteria:\n  - id: g\n    title: G\n"
    group += "".join(f"    {line}\n" for line in lines) + "    children:\n"
    group += "".join(f"      - {kid}\n" for kid in _KIDS)
    report = tiercert.check_source(root)
    at_root = sorted(p.code for p in report.problems)
    in_group = sorted(p.code for p in tiercert.check_source(group).problems)
    assert at_root == [code for code in in_group if code != "bonus.nested"]
    if not report.ok():
        return
    whole, inner = tiercert.parse_rubric(root), tiercert.parse_rubric(group)
    for a, b, c in [("0", "0", "0"), ("10", "7", "4"), ("3.3", "10", "1"), ("10", "10", "4")]:
        answers = {"a": a, "b": b, "c": c}
        totals = {whole.evaluate(answers, engine=e).total for e in ("fast", "reference")}
        scores = {inner.evaluate(answers, engine=e).nodes["g"].score for e in ("fast", "reference")}
        assert len(totals) == 1
        assert totals == scores, answers
