"""The ``ratio`` rule: two counts n/d, points in proportion to the share (docs/authoring.md,
"ratio: points for a share of two counts")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

import pytest

from tiercert import AssessmentError, Result, rubric_from_mapping
from tiercert.batch import evaluate_many
from tiercert.explain import render_tree_text
from tiercert.rubric import Rubric, check_source
from tiercert.rules.ratio import counts
from tiercert.tabular import read_rows
from tiercert.template import render_yaml_template, template_columns

F = Fraction
Engine = Literal["fast", "reference"]


def _rubric(rule: dict[str, object], **node: object) -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "r",
            "version": "1",
            "title": "R",
            "criteria": [{"id": "c1", "title": "C1", "rule": {"kind": "ratio", **rule}, **node}],
            "gates": [{"id": "g", "title": "G", "require": {"answer": "c1", "at_least": 0.5}}],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 0}],
        }
    )


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(
    "answer", ["24/27", " 24 / 27 ", [24, 27], (24, 27), [Decimal(24), "27"], {"value": "24/27"}]
)
def test_the_counts_are_read_in_every_form(answer: object, engine: Engine) -> None:
    result = _rubric({"points": 10}).evaluate({"c1": answer}, engine=engine)
    assert result.total == F(80, 9)
    assert result.nodes["c1"].answer == F(24, 27)  # the share
    assert result.nodes["c1"].rule == "ratio"


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("3/0", "nothing was counted (3/0), so there is no share; answer na where"),
        ("28/27", "28/27 counts more than the whole; write the part first, then the whole"),
        ("2.5/10", "each count is a whole number, 0 or more: '2.5' is not"),
        ("-1/4", "each count is a whole number, 0 or more: '-1' is not"),
        ("024/27", "'024' is not; a number does not start with 0: write 24"),
        ("0.75", "expected two counts written n/d (e.g. 24/27), got '0.75'"),
        (0.75, "expected two counts written n/d (e.g. 24/27), got 0.75"),
        (True, "expected two counts written n/d (e.g. 24/27), got true"),
        ([1, 2, 3], "expected two counts written n/d (e.g. 24/27), got [1, 2, 3]"),
        ("2024-03-04", "a spreadsheet may have turned it into a date: format the column as text"),
    ],
)
def test_answers_that_are_not_two_counts_are_refused_saying_why(
    answer: object, says: str, engine: Engine
) -> None:
    with pytest.raises(AssessmentError) as caught:
        _rubric({"points": 10}).evaluate({"c1": answer}, engine=engine)
    [problem] = caught.value.problems
    assert problem.code == "answer.invalid"
    assert says in problem.message


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_points_follow_the_share_full_from_full_at_and_not_below_the_floor(engine: Engine) -> None:
    threshold = _rubric({"points": 20, "full_at": 80, "floor": 2})
    scores = {
        answer: threshold.evaluate({"c1": answer}, engine=engine).total
        for answer in ("150/200", "18/20", "1/20", "0/5", "5/5")
    }
    assert scores == {
        "150/200": F(75, 4),  # 20 x 75% / 80% = 18.75
        "18/20": 20,  # 90% is past 80%: full
        "1/20": 2,  # 20 x 5% / 80% = 1.25: below the floor
        "0/5": 2,
        "5/5": 20,
    }


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_the_criterion_rounds_the_points_as_scorecard_does(engine: Engine) -> None:
    # OpenSSF Scorecard's Code-Review: 10 x approved / total, rounded down
    rubric = _rubric({"points": 10}, round={"mode": "down", "places": 0})
    assert rubric.evaluate({"c1": "24/27"}, engine=engine).total == 8
    assert rubric.evaluate({"c1": "13/18"}, engine=engine).total == 7


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_whole_of_zero_is_answered_na_where_allowed(engine: Engine) -> None:
    rubric = _rubric({"points": 10}, na={"counts_as": "excluded"})
    result = rubric.evaluate({"c1": "na"}, engine=engine)
    assert result.nodes["c1"].status == "excluded"


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_conditions_compare_the_share(engine: Engine) -> None:
    rubric = _rubric({"points": 10})
    assert rubric.evaluate({"c1": "1/2"}, engine=engine).failed_gates == ()
    failed = rubric.evaluate({"c1": "1/3"}, engine=engine)
    assert failed.failed_gates == ("g",)
    assert failed.gates[0].reason == ("answer c1 is 0.333333333333…, required at least 0.5")


def test_the_rubric_stays_compiled_and_its_results_survive_json() -> None:
    rubric = _rubric({"points": 10})
    assert rubric._fast is not None  # only the ratio's answers go through the reference
    result = rubric.evaluate({"c1": "2/3"})
    assert Result.from_dict(result.to_dict()) == result
    assert result.to_dict()["nodes"][0]["answer"] == "2/3"


def test_a_batch_reads_the_counts_from_a_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,c1\na,24/27\nb,3/0\nc,27/27\n", encoding="utf-8")
    outcomes = list(evaluate_many(_rubric({"points": 10}), read_rows(sheet)))
    assert [o.ok for o in outcomes] == [True, False, True]
    assert [o.result.total for o in outcomes if o.result is not None] == [F(80, 9), 10]
    assert "nothing was counted" in outcomes[1].problems[0].message


def test_checks_catch_a_percentage_written_as_a_share_and_a_floor_above_the_points() -> None:
    head = 'format: 1\nid: r\nversion: "1"\ntitle: R\ncriteria:\n'
    leaf = "  - {id: c1, title: C, rule: {kind: ratio, points: 10, %s}}\n"

    def found(extra: str) -> list[tuple[str, str]]:
        report = check_source(head + leaf % extra + "tiers: []\n")
        return [(p.code, p.severity.value) for p in report.problems]

    assert found("full_at: 0.8") == [("ratio.full_at", "warning")]
    assert found("full_at: 0") == [("ratio.full_at", "error")]
    assert found("full_at: 120") == [("ratio.full_at", "error")]
    assert found("floor: 12") == [("ratio.floor", "error")]
    assert found("floor: -1") == [("points.negative", "error")]
    assert found("full_at: 80, floor: 2") == []


def test_explain_and_templates_say_what_to_write() -> None:
    rubric = _rubric({"points": 20, "full_at": 80, "floor": 2})
    assert "ratio n/d: 20 × n ÷ d, full from 80%, not below 2" in render_tree_text(rubric)
    hint = "two counts as n/d, e.g. 24/27 (the share gives up to 20 from 80%)"
    assert hint in render_yaml_template(rubric)
    [column] = [c for c in template_columns(rubric) if c.id == "c1"]
    assert (column.allowed, column.choices, column.numbers) == (hint, (), None)


def test_what_is_wrong_with_two_counts_said_in_full() -> None:
    expected = "expected two counts written n/d (e.g. 24/27), got {}"
    assert counts("12") == (None, expected.format("'12'"))
    assert counts([1, 2, 3]) == (None, expected.format("[1, 2, 3]"))
    assert counts("2024-03-05") == (
        None,
        expected.format("'2024-03-05'")
        + "; a spreadsheet may have turned it into a date: format the column as text",
    )
    # the first slash splits: 24 of "27/30"
    assert counts("24/27/30") == (None, "each count is a whole number, 0 or more: '27/30' is not")
    assert counts("24/27") == ((24, 27), None)
    assert counts("5/0") == (
        None,
        "nothing was counted (5/0), so there is no share; answer na where the criterion allows it",
    )
    assert counts("5/3") == (
        None,
        "5/3 counts more than the whole; write the part first, then the whole",
    )
    each = "each count is a whole number, 0 or more: {} is not"
    assert counts("12.000/30") == (
        None,
        each.format("'12.000'") + "; it could mean 12 or 12 thousand: write 12 for 12, 12000 "
        "for 12 thousand (a dot is a decimal point; numbers have no thousands separator)",
    )
    assert counts("1.5/3") == (None, each.format("'1.5'"))
    assert counts([True, 3]) == (None, each.format("true"))
    assert counts(["1,5", 3]) == (
        None,
        # a count is whole: 1.5 is not offered, it would be refused too
        each.format("'1,5'") + "; use a dot for decimals: 1,5 would be 1.5, which is not a "
        "whole number",
    )
