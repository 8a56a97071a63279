"""Percentages and weights read silently or advised wrongly (twenty-fifth round, a rubric
author's review of an abridged AASHE STARS): a percentage answer typed as a share of 1
(``0.72`` for 72 %) is told, a number typed with ``%`` under a key that counts points is
told what that key takes, and weights written on two scales (``0.25`` among ``25``) are
told."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from tiercert import check_source
from tiercert.checking import check_file

ROOT = Path(__file__).resolve().parents[2]

POINTS = """\
format: 1
id: pct
version: "1"
title: Raw points
criteria:
  - {id: a, title: A, max: 150, rule: {kind: direct}}
  - id: b
    title: B
    rule:
      kind: levels
      levels:
        - {id: full, points: 54}
        - {id: half, points: 54}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 100}
gates:
  - {id: g, title: G, require: {score: a, at_least: 10}}
"""


def _messages(source: str, lang: str = "en") -> dict[str, str]:
    report = check_source(source)
    return {p.where or "": p.format(lang) for p in report.problems}


def test_a_tier_s_min_typed_as_a_percentage_is_given_in_points_of_the_maximum() -> None:
    # the maximum is 150 + 54 = 204: 25 % of it is 51 (the old advice was "write 25")
    said = _messages(POINTS.replace("min: 100", "min: 25%"))["$.tiers[bronze].min"]
    assert "25% of the maximum 204 is 51: write 51" in said
    assert "write 25" not in said


def test_a_tier_s_min_as_a_percentage_keeps_its_exact_points_and_the_reader_s_mark() -> None:
    source = POINTS.replace("min: 100", "min: 33.3%").replace("language: en\n", "")
    said = _messages(source, "vi")["$.tiers[bronze].min"]
    # 33.3 % of 204 is 67.932 exactly: told with the reader's mark, to write with a dot
    assert "67,932" in said
    assert "67.932" in said


def test_a_tier_s_min_as_a_percentage_of_an_unreadable_rubric_says_what_to_work_out() -> None:
    source = POINTS.replace("min: 100", "min: 25%").replace("max: 150", "max: many")
    said = _messages(source)["$.tiers[bronze].min"]
    assert "write the points that are 25% of the rubric's maximum" in said


def test_a_level_s_points_typed_as_a_percentage_says_the_key_takes_points() -> None:
    source = POINTS.replace("{id: half, points: 54}", "{id: half, points: 50%}")
    said = _messages(source)["$.criteria[b].rule.levels[half].points"]
    assert "'points' is a number of points, not a percentage" in said
    assert "write 50" not in said


def test_a_score_comparison_typed_as_a_percentage_is_pointed_to_percent() -> None:
    said = _messages(POINTS.replace("at_least: 10", "at_least: 50%"))["$.gates[g].require.at_least"]
    assert "write percent: a instead of score: a, with at_least: 50" in said


@pytest.mark.parametrize(
    "require",
    [
        "{percent: a, at_least: 50%}",  # a percentage already: the number alone is right
        "{each_child_of: '@criteria', measure: percent, at_least: 50%}",
    ],
)
def test_a_percentage_key_keeps_the_plain_number_advice(require: str) -> None:
    source = POINTS.replace("{score: a, at_least: 10}", require)
    (said,) = [m for m in _messages(source).values() if "50%" in m]
    assert "write 50 [value.number]" in said


WEIGHTED = """\
format: 1
id: w
version: "1"
title: W
max: 100
aggregate: weighted
criteria:
  - {id: a, title: A, weight: 25, max: 10, rule: {kind: direct}}
  - {id: b, title: B, weight: 25, max: 10, rule: {kind: direct}}
  - {id: c, title: C, weight: 0.25, max: 10, rule: {kind: direct}}
tiers: []
"""


def test_a_weight_written_as_a_share_among_percentages_is_told() -> None:
    report = check_source(WEIGHTED)
    (problem,) = [p for p in report.problems if p.code == "weight.scales"]
    assert not problem.is_error  # a warning: the rubric is scored as written
    assert problem.to_dict()["severity"] == "warning"  # as check --format json writes it
    assert problem.where == "$.criteria[c].weight"
    assert "c weighs 0.25 and a 25, 100 times as much" in problem.format("en")
    assert problem.format("en").endswith("write 25 [weight.scales]")


@pytest.mark.parametrize(("small", "large"), [("0.5", "2"), ("0.2", "19.5"), ("1", "100")])
def test_weights_of_one_scale_are_not_told(small: str, large: str) -> None:
    source = WEIGHTED.replace("weight: 0.25", f"weight: {small}").replace(
        "weight: 25", f"weight: {large}"
    )
    assert not [p for p in check_source(source).problems if p.code == "weight.scales"]


@pytest.mark.parametrize(
    "extra",
    [
        "{id: z, title: Z, weight: 0, max: 10, rule: {kind: direct}}",  # counts for nothing
        "{id: z, title: Z, bonus: true, max: 5, rule: {kind: direct}}",  # needs no weight
        "{id: z, title: Z, bonus: true, weight: 0.1, max: 5, rule: {kind: direct}}",
    ],
)
def test_a_weight_of_0_or_a_bonus_s_is_not_on_a_scale(extra: str) -> None:
    """A weight of 0 (no times 0 makes 25) and a bonus criterion's (added after the weighted
    mean, with or without a weight) are not told beside 25, nor do they stop the check."""
    source = WEIGHTED.replace("weight: 0.25", "weight: 1") + f"  - {extra}\n"
    source = source.replace("tiers: []\n  - " + extra + "\n", "  - " + extra + "\ntiers: []\n")
    report = check_source(source)
    assert not [p for p in report.problems if p.code == "weight.scales"]
    assert report.ok(), [p.format("en") for p in report.problems]


def test_two_scales_in_a_group_name_its_children() -> None:
    source = WEIGHTED.replace(
        "aggregate: weighted\ncriteria:\n",
        "criteria:\n  - id: g\n    title: G\n    aggregate: weighted\n    children:\n",
    ).replace("\n  - {id:", "\n      - {id:")
    (problem,) = [p for p in check_source(source).problems if p.code == "weight.scales"]
    assert problem.where == "$.criteria[g].children[c].weight"


def test_the_shipped_rubrics_have_no_weights_on_two_scales() -> None:
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        assert not [p for p in check_file(path).problems if p.code == "weight.scales"], path


SHARES = """\
format: 1
id: s
version: "1"
title: S
criteria:
  - id: p
    title: P
    rule: {kind: linear, unit: "%", range: {min: 0, max: 100}, start: {value: 0, points: 0},
           end: {value: 100, points: 10}}
  - id: q
    title: Q
    rule:
      kind: bands
      unit: "%"
      range: {min: 0, max: 100}
      bands:
        - {max: 50, points: 0}
        - {min: 50, points: 5}
  - {id: d, title: D, max: 5, rule: {kind: direct}}
tiers: []
"""


def _score(tmp_path: Path, answers: str, *argv: str) -> tuple[int, str, str]:
    rubric = tmp_path / "s.yaml"
    rubric.write_text(SHARES, encoding="utf-8")
    unit = tmp_path / "u.yaml"
    unit.write_text(f"unit: {{id: u}}\nanswers:\n{answers}", encoding="utf-8")
    return run_cli(*argv[:1], *argv[1:], str(rubric), str(unit), "--lang", "en")


def test_a_percentage_typed_as_a_share_is_told_by_score_and_check(tmp_path: Path) -> None:
    answers = "  p: 0.72\n  q: 2/3\n  d: 0.5\n"
    status, out, err = _score(tmp_path, answers, "score")
    assert status == 0  # scored as given: 0.72 % may be the real figure
    assert "0.072 / 10" in out
    assert "$.answers.p: 0.72 is read as 0.72%; if it is a share of 1, the percentage is 72" in err
    assert "write 72 [answer.share]" in err
    # 2/3: the percentage has no finite decimal; the exact fraction is what to write
    assert "the percentage is 66.666666666666…: write 200/3 [answer.share]" in err
    assert "answers.d" not in err  # a number without a unit: no percentage to take it for
    status, out, err = _score(tmp_path, answers, "check", "--assessments", "--rubric")
    assert status == 0
    assert out.count("[answer.share]") == 2
    assert "u.yaml:3:6: warning: $.answers.p" in out


@pytest.mark.parametrize(
    "answer", ['"0.72%"', "72", "1", "0", "{value: '0.5 %', justification: x}"]
)
def test_a_percentage_typed_as_one_is_not_told(tmp_path: Path, answer: str) -> None:
    status, _out, err = _score(tmp_path, f"  p: {answer}\n  q: 60\n  d: 1\n", "score")
    assert status == 0, err
    assert "answer.share" not in err


def test_the_percentage_to_write_keeps_a_declared_decimal_comma(tmp_path: Path) -> None:
    # with --decimal-comma a dot is refused: the number to write is written with the comma
    status, _out, err = _score(
        tmp_path, '  p: "0,725"\n  q: 60\n  d: 1\n', "score", "--decimal-comma"
    )
    assert status == 0, err
    assert "the percentage is 72.5: write 72,5 [answer.share]" in err
