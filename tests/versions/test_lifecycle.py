"""Criteria with a life cycle (docs/versions.md): ``status: future`` with ``counts_from``.

Hand-worked examples of what counts and when, in both engines; results, scorecards, explain
and templates; ``--as-of``; ``diff`` and ``migrate``.  The property tests of both engines, the
batch row scorer and the oracle (tests/oracle.py) draw future criteria too (tests/strategies.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pytest

from conftest import run_cli
from tiercert import Result, Rubric, RubricError, rubric_from_mapping
from tiercert._lifecycle import (
    compare_versions,
    iso_forms,
    looks_like_date,
    reached,
    read_date,
    version_key,
)
from tiercert.diff import diff_rubrics
from tiercert.explain import render_tree_text
from tiercert.migrate import migrate_answers, plan_migration
from tiercert.report import render_html, render_markdown, render_text
from tiercert.template import render_yaml_template

Engine = Literal["reference", "fast"]
ENGINES: tuple[Engine, ...] = ("reference", "fast")
F = Fraction


def _boolean(ident: str, points: int, **more: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "title": ident.upper(),
        "rule": {"kind": "boolean", "points": points},
        **more,
    }


def _rubric(*criteria: dict[str, Any], version: str = "1.0", **more: Any) -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "x",
            "version": version,
            "title": "X",
            "criteria": list(criteria),
            **more,
        }
    )


def _openssf_like(version: str = "1.0") -> Rubric:
    """A badge with a criterion announced for version 2.0 and one for a date, inside a
    group, and a gate on the first."""
    return _rubric(
        _boolean("a", 6),
        _boolean("b", 4, status="future", counts_from="2.0"),
        {
            "id": "g",
            "title": "G",
            "children": [
                _boolean("g1", 5),
                _boolean("g2", 5, status="future", counts_from="2027-01-01"),
            ],
        },
        version=version,
        gates=[{"id": "k", "title": "K", "require": {"answer": "b", "equals": True}}],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 14}],
    )


ALL_YES = {"a": True, "b": False, "g1": True, "g2": True}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_future_criterion_is_scored_but_not_counted(engine: Engine) -> None:
    rubric = _openssf_like()
    result = rubric.evaluate(ALL_YES, engine=engine)
    # a 6 + g1 5 count; b (version 2.0) and g2 (no date given) are scored, not counted
    assert (result.total, result.max) == (F(11), F(11))
    assert result.nodes["g"].score == 5
    assert result.nodes["g"].max == 5
    assert result.nodes["g2"].score == 5  # scored all the same
    assert [(n, result.nodes[n].counted) for n in result.nodes] == [
        ("a", True),
        ("b", False),
        ("g", True),
        ("g1", True),
        ("g2", False),
    ]
    assert result.nodes["b"].counts_from == "2.0"
    assert result.nodes["a"].counts_from is None
    assert result.not_counted == ("b", "g2")
    assert result.tier is None  # 11 < 14
    assert result.as_of is None
    # the gate reads b, which does not count yet: not applied (passed, marked so)
    (gate,) = result.gates
    assert (gate.id, gate.passed, gate.counted, gate.failures) == ("k", True, False, ())
    assert result.failed_gates == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_date_counts_from_that_day_given_explicitly(engine: Engine) -> None:
    rubric = _openssf_like()
    before = rubric.evaluate(ALL_YES, engine=engine, as_of=date(2026, 12, 31))
    on = rubric.evaluate(ALL_YES, engine=engine, as_of=date(2027, 1, 1))
    assert (before.total, before.max) == (F(11), F(11))
    assert (on.total, on.max, on.nodes["g"].max) == (F(16), F(16), F(10))
    assert on.tier is not None  # 16 >= 14
    assert on.nodes["g2"].counted
    assert on.nodes["g2"].counts_from == "2027-01-01"  # said, though it counts
    assert on.not_counted == ("b",)
    assert on.as_of == date(2027, 1, 1)
    assert rubric.verdict(ALL_YES, as_of=date(2027, 1, 1)).total == 16
    assert rubric.verdict(ALL_YES).total == 11


@pytest.mark.parametrize("engine", ENGINES)
def test_a_version_counts_once_the_rubric_reaches_it(engine: Engine) -> None:
    result = _openssf_like("2.0").evaluate(ALL_YES, engine=engine)
    assert (result.total, result.max) == (F(11), F(15))  # b counts (and was answered no)
    assert result.nodes["b"].counted
    (gate,) = result.gates
    assert (gate.passed, gate.counted) == (False, True)  # the gate applies now, and fails


@pytest.mark.parametrize("engine", ENGINES)
def test_a_future_group_counts_nothing_below_it(engine: Engine) -> None:
    rubric = _rubric(
        _boolean("a", 2),
        {
            "id": "g",
            "title": "G",
            "status": "future",
            "counts_from": "3",
            "children": [_boolean("g1", 3), _boolean("g2", 1, status="future", counts_from="4")],
        },
    )
    result = rubric.evaluate({"a": True, "g1": True, "g2": True}, engine=engine)
    assert (result.total, result.max) == (F(2), F(2))
    assert result.not_counted == ("g",)  # what lies below is listed with it
    assert [(n.id, n.counted, n.counts_from) for n in result.nodes.values()] == [
        ("a", True, None),
        ("g", False, "3"),
        ("g1", False, "3"),
        ("g2", False, "4"),
    ]
    assert result.nodes["g"].score == 3  # g2 waits inside g too


@pytest.mark.parametrize("engine", ENGINES)
def test_weighted_bonus_penalty_and_na_children_that_wait(engine: Engine) -> None:
    rubric = _rubric(
        {
            "id": "w",
            "title": "W",
            "aggregate": "weighted",
            "max": 10,
            "children": [
                _boolean("w1", 1, weight=1),
                # weight 3 would dominate the mean: until it counts, w1 alone decides
                _boolean("w2", 1, weight=3, status="future", counts_from="2"),
            ],
        },
        {
            "id": "s",
            "title": "S",
            "children": [
                _boolean("s1", 4),
                _boolean("s2", 4, na={"counts_as": "excluded"}, status="future", counts_from="2"),
                _boolean("s3", 2, bonus=True, status="future", counts_from="2"),
                _boolean("s4", 3, penalty=True, status="future", counts_from="2"),
            ],
        },
    )
    answers = {"w1": True, "w2": False, "s1": True, "s2": "na", "s3": True, "s4": True}
    result = rubric.evaluate(answers, engine=engine)
    # w: w1 alone, full: 10; s: s1 alone (s2's N/A, s3's bonus, s4's penalty all wait): 4 of 4
    assert (result.nodes["w"].score, result.nodes["s"].score) == (F(10), F(4))
    assert (result.nodes["s"].max, result.total, result.max) == (F(4), F(14), F(14))
    assert result.nodes["s2"].status == "excluded"
    later = _rubric(*rubric.to_data()["criteria"], version="2").evaluate(answers, engine=engine)
    # all count: w = 10 * (1*1 + 3*0) / 4; s: s1's 4 rescaled to s's 8 (s2 is N/A), + 2
    # bonus, - 3 penalty
    assert (later.nodes["w"].score, later.nodes["s"].score) == (F(5, 2), F(7))
    assert later.nodes["s"].max == 10  # 8 base + 2 bonus


def test_at_gives_the_rubric_for_a_day_and_remembers_it() -> None:
    rubric = _openssf_like()
    day = rubric.at(date(2027, 1, 1))
    assert day.as_of == date(2027, 1, 1)
    assert rubric.as_of is None
    assert rubric.at(date(2027, 1, 1)) is day
    assert rubric.at(datetime(2027, 1, 1, 23, 59)) is day  # the day of a moment
    assert day.at(None).as_of is None
    assert rubric.at(None) is rubric
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        rubric.at("2027-01-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_results_with_future_criteria_survive_json(engine: Engine) -> None:
    result = _openssf_like().evaluate(ALL_YES, engine=engine, as_of=date(2026, 6, 1))
    data = json.loads(result.to_json())
    assert data["format"] == 3
    assert data["as_of"] == "2026-06-01"
    assert [(n["id"], n["counted"], n["counts_from"]) for n in data["nodes"]][1] == (
        "b",
        False,
        "2.0",
    )
    assert data["gates"][0]["counted"] is False
    again = Result.from_json(result.to_json())
    assert again == result
    assert again.to_json() == result.to_json()


def test_a_format_2_result_is_still_read() -> None:
    result = _rubric(_boolean("a", 1)).evaluate({"a": True})
    data: dict[str, Any] = json.loads(result.to_json())  # (edited into another format)
    data["format"] = 2
    del data["as_of"]
    for node in data["nodes"]:
        del node["counted"], node["counts_from"]
    for gate in data["gates"]:
        del gate["counted"]
    assert Result.from_dict(data) == result
    data["format"] = 1
    with pytest.raises(ValueError, match="reads formats 2, 3"):
        Result.from_dict(data)


def test_versions_are_compared_part_by_part() -> None:
    assert compare_versions("1.10", "1.9") == 1
    assert compare_versions("2.0", "2.0") == 0
    assert compare_versions("2.0", "2.0.1") == -1
    assert compare_versions("25-2021.2", "25-2021.3") == -1
    assert compare_versions("v4-nc.1", "v4-nc.2") == -1
    assert compare_versions("1.0", "v2") is None  # a number and a text
    assert reached("2.0", "2.0", None)
    assert not reached("2027-01-01", "9.9", None)  # a date needs a day given
    assert reached("2027-01-01", "1", date(2027, 1, 1))


def test_only_ascii_digits_are_numbers_in_versions_and_dates() -> None:
    # "²" passes str.isdigit() but int() refuses it (a traceback once); "٢" int() reads as 2
    assert version_key("1²") == (1, "²")
    assert version_key("٢٠٢١.2") == ("٢٠٢١", 2)
    assert compare_versions("1²", "1.2") is None  # a text and a number
    assert not looks_like_date("２０２７-01-01")
    assert read_date("２０２７-01-01") is None


def test_a_date_written_another_way_is_not_read_as_a_version() -> None:
    """``counts_from: 01/01/2027`` was a version the rubric "2026.1" had reached: the
    criterion counted on 2026-12-05 and a warning advised removing its future marking."""
    assert iso_forms("01/01/2027") == ("2027-01-01",)
    assert iso_forms("1.2.2027") == ("2027-02-01", "2027-01-02")  # day first, then month first
    assert iso_forms("31-12-2027") == ("2027-12-31",)
    assert iso_forms("12/31/2027") == ("2027-12-31",)  # only month first is a date
    assert iso_forms("2027/1/1") == ("2027-01-01",)
    assert iso_forms("2027-1-1") == ("2027-01-01",)
    for version in ["2027.1.1", "2.0", "25-2021.2", "2027-01-01", "31/02/2027", "1/2/27"]:
        assert iso_forms(version) == (), version  # a version, an ISO date, not a date at all
    spec = {
        "format": 1,
        "id": "x",
        "version": "2026.1",
        "title": "X",
        "criteria": [
            _boolean("c1", 80),
            _boolean("c2", 20, status="future", counts_from="01/01/2027"),
        ],
        "tiers": [{"id": "ok", "label": "OK", "rank": 1, "min": 80}],
    }
    with pytest.raises(RubricError) as caught:
        rubric_from_mapping(spec)
    (problem,) = [p for p in caught.value.problems if p.is_error]
    assert problem.code == "lifecycle.date"
    assert "write 2027-01-01" in problem.message
    said = problem.format("vi")
    assert "2027-01-01" in said
    assert "write" not in said


def test_scorecards_show_future_criteria_apart_in_both_languages() -> None:
    rubric = _openssf_like()
    result = rubric.evaluate(ALL_YES)
    text = render_text(result, rubric, lang="en")
    assert "[answer no, not counted yet: counts from version 2.0]" in text
    assert "  [not applied yet] k K" in text
    assert (
        "Not counted yet (future criteria, scored and listed apart): b 0 / 4 (counts from "
        "version 2.0); g2 5 / 5 (counts from 1 January 2027)." in text
    )
    assert "No scoring date was given" in text
    markdown = render_markdown(result, rubric, lang="en")
    assert "| b | B | 0 | 4 | answer no, not counted yet: counts from version 2.0 |" in markdown
    page = render_html(result, rubric, lang="en", date="2026-01-01")
    assert 'class="gate is-waiting"' in page
    assert "yes, not counted yet: counts from 1 January 2027" in page
    vi = render_text(result, rubric, lang="vi")
    assert "chưa được tính" in vi
    assert "Not counted" not in vi
    dated = render_text(rubric.evaluate(ALL_YES, as_of=date(2027, 1, 1)), rubric, lang="en")
    assert "Scored as of 1 January 2027." in dated  # a date for people; the JSON's is ISO
    assert "No scoring date" not in dated


def test_explain_and_templates_mark_future_criteria() -> None:
    rubric = _openssf_like()
    assert "  b  B  [max 4, future: counts from version 2.0]" in render_tree_text(rubric, "en")
    assert "# B (max 4): future: counts from version 2.0; true or false" in (
        render_yaml_template(rubric, "en")
    )


def test_the_command_line_scores_for_the_day_given(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(_openssf_like().to_yaml(), encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("answers: {a: yes, b: no, g1: yes, g2: yes}\n", encoding="utf-8")
    status, out, _ = run_cli("score", str(rubric), str(answers), "--format", "json")
    assert (status, json.loads(out)["total"]) == (0, "11")
    status, out, _ = run_cli(
        "score", str(rubric), str(answers), "--format", "json", "--as-of", "2027-01-01"
    )
    assert (status, json.loads(out)["total"], json.loads(out)["as_of"]) == (0, "16", "2027-01-01")
    status, _, err = run_cli("score", str(rubric), str(answers), "--as-of", "2027-02-30")
    assert status == 2
    assert "'2027-02-30' is not a date; write it year-month-day (2027-01-01)" in err
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,a,b,g1,g2\nu1,yes,no,yes,yes\n", encoding="utf-8")
    status, out, _ = run_cli("batch", str(rubric), str(sheet), "--as-of", "2027-01-01")
    assert status == 0
    assert ",16," in out


def test_batch_summaries_and_the_dashboard_say_the_day_scored_for(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(_openssf_like().to_yaml(), encoding="utf-8")
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,a,b,g1,g2\nu1,yes,no,yes,yes\n", encoding="utf-8")
    base = ("batch", str(rubric), str(sheet), "-o", str(tmp_path / "out.csv"))

    def summary(*more: str) -> str:
        status, out, _ = run_cli(*base, "--summary", *more)
        assert status == 0
        return out

    day = ("--as-of", "2027-01-01")
    assert json.loads(summary("json", *day))["as_of"] == "2027-01-01"
    assert json.loads(summary("json"))["as_of"] is None
    assert "\nScored as of 1 January 2027.\n" in summary("text", *day, "--lang", "en")
    assert "Chấm điểm tính đến ngày 01/01/2027." in summary("markdown", *day, "--lang", "vi")
    assert "Scored as of" not in summary("text", "--lang", "en")
    status, _, _ = run_cli(*base, *day, "--cards", str(tmp_path / "cards"), "--lang", "en")
    assert status == 0
    page = (tmp_path / "cards" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Scored as of</dt><dd>1 January 2027</dd>" in page


def test_diff_impact_scores_both_rubrics_for_the_day_given(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_openssf_like("1.0").to_yaml(), encoding="utf-8")
    new.write_text(_openssf_like("2.0").to_yaml(), encoding="utf-8")
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,a,b,g1,g2\nu1,yes,yes,yes,yes\n", encoding="utf-8")

    def totals(*more: str) -> tuple[str, str, list[tuple[str, str, str]]]:
        status, out, _ = run_cli(
            "diff", str(old), str(new), "--impact", str(sheet), "--format", "json", *more
        )
        assert status == 1
        data = json.loads(out)
        unit = data["impact"]["units_listed"][0]
        maxima = [(m["id"], m["old"], m["new"]) for m in data["maxima"]]
        return unit["old"]["total"], unit["new"]["total"], maxima

    # without a day g2 (from 2027-01-01) counts under neither; with it, under both
    assert totals() == ("11", "15", [("", "11", "15")])
    assert totals("--as-of", "2027-01-01") == ("16", "20", [("", "16", "20")])


def test_diff_lists_the_life_cycle_and_the_maxima_it_changes() -> None:
    old, new = _openssf_like("1.0"), _openssf_like("2.0")
    diff = diff_rubrics(old, new)
    # b reaches its version: the total's maximum grows; nothing else of b changed
    assert [(m.id, m.old, m.new) for m in diff.maxima] == [("", F(11), F(15))]
    data = new.to_data()
    data["criteria"][2]["children"][1].update(counts_from="2026-01-01")
    data["criteria"][1].pop("status")
    data["criteria"][1].pop("counts_from")
    changes = diff_rubrics(new, rubric_from_mapping(data)).changes
    assert sorted((c.id, c.field, c.aspect, c.old, c.new) for c in changes) == [
        ("b", "counts_from", "lineage", "2.0", None),
        ("b", "status", "lineage", "future", "current"),
        ("g2", "counts_from", "lineage", "2027-01-01", "2026-01-01"),
    ]


def test_migrate_keeps_the_answers_of_future_criteria() -> None:
    old, new = _openssf_like("1.0"), _openssf_like("2.0")
    migrated = migrate_answers(plan_migration(old, new), ALL_YES, {})
    assert migrated.answers == ALL_YES
    assert migrated.complete
    assert migrated.retired == ()
