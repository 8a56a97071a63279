"""The rubric's own group options (round, top, caps, aggregate) act on the total."""

from __future__ import annotations

from fractions import Fraction

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
