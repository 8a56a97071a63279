"""The impact of a new rubric version on units: the same as scoring each unit both ways."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from rubric_edits import edited, renamed_ids
from strategies import answers_for, rubric_data
from tiercert import (
    Assessment,
    AssessmentError,
    Result,
    Rubric,
    load_rubric,
    read_rows,
    rubric_from_mapping,
    summarise,
)
from tiercert import load_assessment as tiercert_load
from tiercert.diff import compare_files, diff_rubrics
from tiercert.impact import (
    Standing,
    impact_markdown,
    impact_text,
    render_comparison,
    score_impact,
)


def _ids(rubric: Rubric) -> set[str]:
    return {i for i, _, _ in rubric.iter_nodes()} | {f.id for f in rubric.spec.facts}


def _score(rubric: Rubric, unit: Assessment, other: Rubric) -> tuple[Result | None, list[str]]:
    """The unit scored by ``rubric`` by hand, its answers for ids only ``other`` has left out."""
    aside = _ids(other) - _ids(rubric)
    kept = replace(
        unit,
        answers={k: v for k, v in unit.answers.items() if k not in aside},
        facts={k: v for k, v in unit.facts.items() if k not in aside},
    )
    gone = [k for k in [*unit.answers, *unit.facts] if k in aside]
    try:
        return rubric.evaluate(kept), gone
    except AssessmentError:
        return None, gone


@given(st.data())
def test_the_impact_is_each_unit_scored_under_both_rubrics(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data, _ = data.draw(edited(old_data))
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    units = []
    for i in range(data.draw(st.integers(1, 5))):
        which = data.draw(st.sampled_from((old, new)))  # assessed with either version
        units.append(replace(data.draw(answers_for(which)), unit_id=f"u{i}"))
    impact = score_impact(old, new, units)

    listed = {u.unit_id: u for u in impact.listed}
    counts: dict[str, int] = {}
    before: list[Any] = []
    after: list[Any] = []
    for unit in units:
        a, lost_old = _score(old, unit, new)
        b, lost_new = _score(new, unit, old)
        before.append(a if a is not None else _REJECTED)
        after.append(b if b is not None else _REJECTED)
        shown = listed.get(unit.unit_id)
        old_standing = Standing.of(a, old.spec.language) if a is not None else None
        new_standing = Standing.of(b, new.spec.language) if b is not None else None
        if shown is None:  # unchanged (a tier may have a new label), nothing set aside
            assert a is not None
            assert old_standing is not None
            assert new_standing is not None
            assert replace(old_standing, label=None) == replace(new_standing, label=None)
            assert (lost_old, lost_new) == ([], [])
            counts["same"] = counts.get("same", 0) + 1
            continue
        assert (shown.old, shown.new) == (old_standing, new_standing)
        assert list(shown.not_carried_over) == lost_new
        assert list(shown.new_only) == lost_old
        counts[shown.kind] = counts.get(shown.kind, 0) + 1
        if a is not None and b is not None:
            assert shown.ranks == new_standing.rank - old_standing.rank  # type: ignore[union-attr]
            assert shown.total_change == b.total - a.total
            assert shown.kind == _kind(a, b)
        else:
            assert (
                shown.kind
                == {
                    (True, True): "refused",
                    (True, False): "refused_old",
                    (False, True): "refused_new",
                }[(a is None, b is None)]
            )
    assert {k: n for k, n in impact.counts.items() if n} == counts
    assert impact.units == len(units)
    assert impact.old == summarise(before, old)
    assert impact.new == summarise(after, new)


class _Rejected:
    """A unit refused: what a batch outcome without a result is to the statistics."""

    result = None


_REJECTED = _Rejected()


def _kind(a: Result, b: Result) -> str:
    if a.certified != b.certified:
        return "certified" if b.certified else "decertified"
    ra = a.tier.rank if a.tier else 0
    rb = b.tier.rank if b.tier else 0
    if ra != rb:
        return "tier_up" if rb > ra else "tier_down"
    return "total" if a.total != b.total else "same"


# --- the Bắc Giang example --------------------------------------------------------------------

BANDS = str(EXAMPLES / "bac_giang_star_bands_example.yaml")


def test_other_star_bands_move_two_example_units_down_a_star() -> None:
    _, old, new = compare_files("bac_giang_friendly_gov", BANDS)
    impact = score_impact(old, new, read_rows(EXAMPLES / "bac_giang"))
    assert impact.units == 6
    assert [(u.unit_id, u.kind, u.ranks) for u in impact.changed] == [
        ("phuong-mau-g", "tier_down", -1),
        ("xa-mau-d", "tier_down", -1),
    ]
    assert {t.id: (t.old, t.new) for t in impact.tiers()} == {
        "sao-5": (1, 0),
        "sao-4": (0, 1),
        "sao-3": (1, 0),
        "sao-2": (1, 2),
        "sao-1": (1, 1),
        "none": (2, 2),
    }
    assert impact.transitions[("sao-3", "sao-2")] == 1
    assert impact.transitions[(None, None)] == 2


def test_the_units_with_no_tier_are_named_in_the_readers_language() -> None:
    """As the batch summary names them (``chưa xếp hạng``), in text and Markdown; the JSON
    keeps ``no tier``."""
    _, old, new = compare_files("bac_giang_friendly_gov", BANDS)
    impact = score_impact(old, new, read_rows(EXAMPLES / "bac_giang"))
    text = impact_text(impact, lang="vi").splitlines()
    assert any(line.split() == ["chưa", "xếp", "hạng", "2", "2"] for line in text)
    assert "| chưa xếp hạng | 2 | 2 |" in impact_markdown(impact, lang="vi").splitlines()
    assert "no tier" not in impact_text(impact, lang="vi") + impact_markdown(impact, lang="vi")
    assert any(
        line.split() == ["no", "tier", "2", "2"] for line in impact_text(impact).splitlines()
    )


def test_the_only_changes_from_the_shipped_rubric_are_the_illustrated_bands() -> None:
    """The example must stay a copy of the shipped rubric with other star bands: a change to
    the shipped file that is not carried into the example shows up here."""
    diff, _, _ = compare_files("bac_giang_friendly_gov", BANDS)
    assert {(c.section, c.id, c.field) for c in diff.changes} == {
        ("rubric", "", "version"),
        ("rubric", "", "title"),
        *(("tier", t, f) for t in ("sao-2", "sao-3", "sao-4", "sao-5") for f in ("min", "note")),
    }


def test_bad_rows_are_handled_as_batch_handles_them() -> None:
    _, old, new = compare_files("bac_giang_friendly_gov", BANDS)
    impact = score_impact(old, new, read_rows(EXAMPLES / "bac_giang_units.csv"))
    assert [(u.unit_id, u.number, u.kind) for u in impact.refused] == [
        ("xa-mau-o", 7, "refused"),
        ("xa-mau-p", 8, "refused"),
        ("xa-mau-h", 9, "refused"),
        ("xa-mau-r", 11, "refused"),
    ]
    assert [p.code for p in impact.refused[2].old_problems] == ["unit.duplicate"]
    assert (impact.old.scored, impact.old.rejected) == (6, 4)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_answers_the_new_rubric_has_no_place_for_are_listed_and_not_carried_over(
    tmp_path: Path,
) -> None:
    old = load_rubric("bac_giang_friendly_gov")
    new_data = old.spec.model_dump(by_alias=True)
    g4 = new_data["criteria"][3]["children"]
    assert [c["id"] for c in g4] == ["g4.1", "g4.2", "g4.3"]
    g4[1]["id"], g4[2]["id"] = "g4.5", "g4.4"  # new ids: answers are not carried over
    new = rubric_from_mapping(new_data)
    header = ["unit_id", "g1", "g2", "g3", "g4.1", "g4.2", "g4.2.justification", "g4.3"]
    header += ["g4.4", "g4.5", "g5"]
    sheet = _csv(
        tmp_path / "units.csv",
        [
            header,
            ["a", "18", "23", "18", "5", "90", "biên bản", "0", "", "", "17"],
            ["b", "18", "23", "18", "5", "", "", "", "0", "90", "17"],
            ["c", "18", "23", "18", "5", "x", "", "0", "", "", "17"],
        ],
    )
    impact = score_impact(old, new, read_rows(sheet))
    units = {u.unit_id: u for u in impact.listed}
    assert units["a"].not_carried_over == ("g4.2", "g4.3")
    assert units["a"].kind == "refused_new"  # g4.4 is not answered under the new rubric
    assert [(p.code, p.column) for p in units["a"].new_problems] == [
        ("answer.missing", header.index("g4.4") + 1),
        ("answer.missing", header.index("g4.5") + 1),
    ]
    assert units["b"].new_only == ("g4.4", "g4.5")
    assert units["b"].kind == "refused_old"
    # a bad answer for an id only the old rubric has: refused there, set aside under the new
    assert units["c"].kind == "refused"
    assert [p.code for p in units["c"].old_problems] == ["answer.invalid"]
    assert [p.column for p in units["c"].old_problems] == [header.index("g4.2") + 1]
    assert units["c"].not_carried_over == ("g4.2", "g4.3")
    text = render_comparison(diff_rubrics(old, new), impact, lang="en")
    assert "Answers not carried over (the new rubric has no such criterion or fact):" in text
    assert "  a: g4.2, g4.3" in text


def test_assessments_for_the_old_rubric_id_are_scored_under_a_new_id(tmp_path: Path) -> None:
    unit = tmp_path / "units" / "xa.yaml"
    unit.parent.mkdir()
    unit.write_text(
        "rubric: vn_access_to_law_2021\nunit: {id: xa}\n"
        "answers: {tc1: 18, tc2: 17, tc3: 16, tc4: 15, tc5: 14}\n"
        "facts: {head_disciplined: false, head_prosecuted: false}\n",
        encoding="utf-8",
    )
    _, old, new = compare_files("vn_access_to_law_2021", "vn_access_to_law")
    impact = score_impact(old, new, read_rows(unit.parent))
    assert impact.counts["same"] == 1
    assert (impact.old.certified, impact.new.certified) == (1, 1)
    assert impact.problem() is None
    # answers for a third rubric: refused under both, and the impact says what is wrong
    unit.write_text(unit.read_text().replace("vn_access_to_law_2021", "vn_ocop_products"))
    impact = score_impact(old, new, read_rows(unit.parent))
    problem = impact.problem(str(unit.parent))
    assert problem is not None
    assert problem.code == "impact.unscored"
    assert "none of the 1 units" in problem.message
    assert "[assessment.rubric]" in problem.message


def test_the_json_keys_are_stable() -> None:
    diff, old, new = compare_files("bac_giang_friendly_gov", BANDS)
    impact = score_impact(old, new, read_rows(EXAMPLES / "bac_giang"))
    data = json.loads(render_comparison(diff, impact, "json", source="examples/bac_giang"))
    assert list(data["impact"]) == [
        "source",
        "units",
        "not_units",
        "counts",
        "certified",
        "scored",
        "tiers",
        "transitions",
        "targets",
        "units_listed",
    ]
    first = data["impact"]["units_listed"][0]
    assert first["old"] == {"total": "88", "certified": True, "tier": "sao-3", "rank": 3}
    assert (first["kind"], first["ranks"], first["total_change"]) == ("tier_down", -1, "0")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_unknown_formats_are_refused(fmt: str) -> None:
    diff, _, _ = compare_files("bac_giang_friendly_gov", BANDS)
    assert render_comparison(diff, None, fmt)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format must be"):
        render_comparison(diff, None, "html")  # type: ignore[arg-type]


# --- a new version that declares what became of the old criteria ------------------------------


@given(st.data())
def test_declared_renames_carry_the_answers_into_the_impact(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data = copy.deepcopy(old_data)
    renames = renamed_ids(data.draw, new_data)  # type: ignore[arg-type]
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    units = [
        replace(data.draw(answers_for(old)), unit_id=f"u{i}")
        for i in range(data.draw(st.integers(1, 3)))
    ]
    impact = score_impact(old, new, units)
    # the same criteria under new ids: no unit changes, and every answer is carried
    assert impact.counts["same"] + impact.counts["refused"] == len(units)
    assert all(not u.not_carried_over and not u.new_only for u in impact.listed), renames


def test_the_impact_of_declared_changes_is_each_unit_migrated_then_scored() -> None:
    from tiercert.migrate import migrate_answers, plan_migration

    here = Path(__file__).parent / "migrate"
    old, new = load_rubric(here / "old.yaml"), load_rubric(here / "new.yaml")
    plan = plan_migration(old, new)
    rows = read_rows(here / "units.csv")
    impact = score_impact(old, new, rows, missing="zero")
    by_hand = []
    for name in ("xa-a", "xa-b"):
        unit = tiercert_load(here / "units" / f"{name}.yaml")
        migrated = migrate_answers(plan, unit.answers, unit.facts)
        facts = dict(migrated.facts) or {"dan_so": 800}
        result = new.evaluate(Assessment(answers=migrated.answers, facts=facts), missing="zero")
        by_hand.append(Fraction(result.total))
    assert [u.new.total if u.new else None for u in impact.listed] == by_hand
    # what is not carried is said: the retired criterion
    assert [u.not_carried_over for u in impact.listed] == [("g",), ("g",)]


def test_a_total_row_is_no_unit_in_the_impact_as_in_the_batch(tmp_path: Path) -> None:
    """A reviewer's round ended with its "Tổng cộng" row, which batch counts apart (no unit):
    the impact counted it among the units, as a unit refused under both rubrics ("Impact on
    31 units ... 1 refused under both", where batch said 30 units), twenty-fourth round.  It
    is counted apart, as batch counts it."""
    _, old, new = compare_files("bac_giang_friendly_gov", BANDS)
    header = "unit_id,g1,g2,g3,g4,g5"
    rows = [header, "xa-a,18,22,18,14,18", "xa-b,20,25,20,15,20", "Tổng cộng,38,47,38,29,38"]
    path = tmp_path / "round.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    impact = score_impact(old, new, read_rows(path))
    assert (impact.units, impact.not_units, impact.counts["refused"]) == (2, 1, 0)
    assert impact.refused == ()
    assert impact.old.not_units == impact.new.not_units == 1
    first = impact_text(impact, "round.csv", "en").splitlines()[0]
    assert first.startswith("Impact on 2 units (round.csv): ")
    assert first.endswith(
        "0 refused under both; 1 row that is no unit (a total or a second header row), not counted"
    )
    text = impact_text(impact, "round.csv", "en")
    assert (
        "Rows that are no unit (a total or a second header row), not counted:\n"
        "  Tổng cộng, row 4: 'Tổng cộng' names a row of totals or averages" in text
    )
    assert "Units refused under both" not in text
    heading = impact_markdown(impact, "round.csv", "vi").splitlines()[0]
    assert heading.endswith(
        "; 1 dòng không phải đơn vị (dòng tổng cộng hoặc dòng tiêu đề thứ hai), không được tính"
    )
