"""A programme's units: attributes read and checked row by row, stages scored side by side and
flagged, the dossier's gaps, statistics by group, progress across rounds and recognition
lists, on a small rubric that is no scheme in particular (nothing here is Bắc Giang's)."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import parse_rubric
from tiercert.grouping import GroupBuilder, line_of
from tiercert.programme import ProgrammeReader, ProgrammeTable, UnitOutcome
from tiercert.progress import compare_rounds, read_round_files
from tiercert.recognition import recognition_list, render_html, render_markdown
from tiercert.rubric import Rubric
from tiercert.tabular import Row, open_writer

RUBRIC = """
format: 1
id: town_awards
version: "1"
title: Town awards
criteria:
  - id: a
    title: A
    direct: true
    children: [{id: a1, title: A1, rule: {kind: boolean, points: 50}}]
  - id: b
    title: B
    direct: true
    children: [{id: b1, title: B1, rule: {kind: boolean, points: 50}}]
facts:
  - {id: banned, title: Banned, type: boolean, default: false}
gates:
  - {id: not_banned, title: Not banned, require: {fact: banned, equals: false}}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: silver, label: Silver, rank: 2, min: 70}
  - {id: gold, label: Gold, rank: 3, min: 90}
attributes:
  - id: region
    title: Region
    type: choice
    values: [North, South, East]
    required: true
    fixed: true
  - {id: kind, title: Kind, type: choice, values: [town, village]}
  - {id: year, title: Year, type: number, round: true, required: true}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Review, tolerance: {points: 5}}
dossier:
  evidence: true
  documents:
    - {id: letter, title: Letter}
    - {id: report, title: Report}
targets:
  - {period: "2023", share: 50}
  - {period: "2024", share: 100, by: {region: [North]}}
"""

HEADER = ["unit_id", "unit_name", "region", "year", "own:a", "own:b", "review:a", "review:b"]


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def sheet(header: Sequence[str], *rows: Sequence[object]) -> list[Row]:
    head = tuple(header)
    return [Row(i, head, list(r), "units.csv") for i, r in enumerate(rows, 2)]


def read(rubric: Rubric, rows: list[Row]) -> list[UnitOutcome]:
    return list(ProgrammeReader(rubric).read(rows))


def test_stages_are_scored_side_by_side_and_the_latest_decides(rubric: Rubric) -> None:
    [unit] = read(rubric, sheet(HEADER, ["t1", "Town 1", "North", 2023, 45, 50, 45, 30]))
    assert unit.ok
    assert unit.decided_by == "review"
    assert {s: r.total for s, r in unit.stages.items()} == {"own": 95, "review": 75}
    assert unit.result is unit.stages["review"]
    flags = {(f.kind, f.group, f.old, f.new) for f in unit.flags}
    # gold -> silver, and b cut by 20 points (more than the 5 the review may cut unflagged)
    assert flags == {("tier", None, "gold", "silver"), ("cut", "b", "50", "30")}
    assert unit.attributes == {"region": "North", "year": "2023"}


def test_a_cut_within_the_tolerance_is_not_flagged(rubric: Rubric) -> None:
    [unit] = read(rubric, sheet(HEADER, ["t1", "Town 1", "North", 2023, 40, 40, 40, 35]))
    assert unit.flags == ()
    [unit] = read(rubric, sheet(HEADER, ["t1", "Town 1", "North", 2023, 40, 40, 40, 34]))
    assert [(f.kind, f.group) for f in unit.flags] == [("cut", "b")]


def test_a_row_without_stage_columns_is_scored_as_it_is(rubric: Rubric) -> None:
    [unit] = read(
        rubric, sheet(["unit_id", "region", "year", "a", "b"], ["t1", "East", 2024, 50, 40])
    )
    assert unit.ok
    assert unit.decided_by is None
    assert unit.stages == {}
    assert unit.result is not None
    assert unit.result.total == 90


def test_attribute_problems_are_their_rows_and_the_other_rows_are_scored(rubric: Rubric) -> None:
    units = read(
        rubric,
        sheet(
            HEADER,
            ["t1", "Town 1", "North", 2023, 40, 40, 40, 40],
            ["t2", "Town 2", "Nort", 2023, 40, 40, 40, 40],  # unknown region
            ["t3", "Town 3", "", 2023, 40, 40, 40, 40],  # missing region
            ["t1", "Town 1", "South", 2024, 40, 40, 40, 40],  # one id, two regions
            ["t4", "Town 4", "East", 2023, 40, 40, 40, 40],
            ["t4", "Town 4", "East", 2023, 41, 41, 41, 41],  # a round twice
            ["t5", "Town 5", "East", "last", 40, 40, 40, 40],  # not a year
        ),
    )
    codes = {u.number: sorted(p.code for p in u.problems) for u in units}
    assert codes == {
        2: [],
        3: ["attribute.value"],
        4: ["attribute.missing"],
        5: ["unit.attribute"],
        6: [],
        7: ["unit.duplicate"],
        8: ["attribute.value"],
    }
    bad = {u.number: u.problems[0] for u in units if u.problems}
    assert "did you mean 'North'" in bad[3].message
    assert (bad[3].line, bad[3].column) == (3, 3)
    assert "'North' on row 2" in bad[5].message
    assert "round 2023 (row 6)" in bad[7].message
    assert [u.ok for u in units] == [True, False, False, False, True, False, False]


def test_problems_of_a_stage_name_the_stage_and_the_original_column(rubric: Rubric) -> None:
    [unit] = read(rubric, sheet(HEADER, ["t1", "Town 1", "North", 2023, 40, 40, 40, 60]))
    [problem] = unit.problems
    assert problem.message.startswith("stage Review: ")  # by its label; the column keeps the id
    assert (problem.line, problem.column) == (2, 8)


def test_an_unknown_stage_prefix_is_a_problem(rubric: Rubric) -> None:
    header = [*HEADER, "district:a"]
    [unit] = read(rubric, sheet(header, ["t1", "T", "North", 2023, 40, 40, 40, 40, 3]))
    assert [p.code for p in unit.problems] == ["column.unknown"]
    assert "no stage is called 'district'" in unit.problems[0].message


def test_the_dossier_lists_what_is_missing(rubric: Rubric) -> None:
    header = [*HEADER, "dossier:letter", "dossier:report", "evidence:a", "evidence:b"]
    [unit] = read(
        rubric, sheet(header, ["t1", "T", "North", 2023, 40, 40, 40, 40, "yes", "", "có", "no"])
    )
    assert unit.ok
    assert (unit.missing_documents, unit.missing_evidence) == (("report",), ("b",))
    header = [*HEADER, "dossier:leter"]
    [unit] = read(rubric, sheet(header, ["t1", "T", "North", 2023, 40, 40, 40, 40, "yes"]))
    assert [p.code for p in unit.problems] == ["dossier.unknown"]


@pytest.mark.parametrize("typed", ["Co", "maybe", "đã nộp", 2])
def test_a_dossier_cell_neither_yes_nor_no_is_a_problem_at_its_column(
    rubric: Rubric, typed: object
) -> None:
    """``Co`` or ``maybe`` in a dossier or evidence column was read as "not filed", silently:
    it is the row's problem at its column, as an answer's would be, in both languages."""
    header = [*HEADER, "dossier:letter", "dossier:report", "evidence:a", "evidence:b"]
    row = ["t1", "T", "North", 2023, 40, 40, 40, 40, "yes", "yes", typed, "no"]
    [unit] = read(rubric, sheet(header, row))
    assert not unit.ok
    [problem] = unit.problems
    assert problem.code == "dossier.invalid"
    assert (problem.line, problem.column, problem.where) == (2, 11, "evidence:a")
    assert problem.message == f"expected yes or no (filed or not), got {typed!r}"
    assert tiercert._i18n.in_lang(problem.message, "vi").startswith("cần có hoặc không")


def test_a_problem_of_a_stage_names_the_stage_and_its_column(rubric: Rubric) -> None:
    """A stage's answer refused was placed at its column but named by the criterion alone
    (``b``): it is named by the sheet's column (``review:b``), with the stage's label."""
    rows = sheet(HEADER, ["t1", "T", "North", 2023, 40, "abc", 40, 60])
    [unit] = read(rubric, rows)
    said = sorted((p.column, p.where, p.message.split(":")[0]) for p in unit.problems)
    assert said == [(6, "own:b", "stage Own score"), (8, "review:b", "stage Review")]
    # a column shared by the stages keeps its own name
    header = ["unit_id", "region", "year", "own:a", "own:b", "banned"]
    [unit] = read(rubric, sheet(header, ["t1", "North", 2023, 40, 40, "maybe"]))
    assert {p.where for p in unit.problems} == {"banned"}


def test_an_assessment_file_gives_stages_attributes_and_dossier(rubric: Rubric) -> None:
    document = {
        "unit": {"id": "t9", "name": "Town 9", "region": "South", "year": 2025},
        "stages": {
            "own": {"answers": {"a": 50, "b": 50}},
            "review": {"answers": {"a": 50, "b": 38}},
        },
        "dossier": {"documents": ["letter"], "evidence": ["a", "b"]},
    }
    [unit] = read(rubric, [Row(1, document=document, file="t9.yaml")])
    assert unit.ok
    assert unit.decided_by == "review"
    assert unit.result is not None
    assert unit.result.total == 88
    assert unit.attributes == {"region": "South", "year": "2025"}
    assert unit.missing_documents == ("report",)
    assert unit.missing_evidence == ()
    bad = {**document, "stages": {"owner": {"answers": {"a": 1}}}}
    [unit] = read(rubric, [Row(1, document=bad, file="t9.yaml")])
    assert "stage.unknown" in [p.code for p in unit.problems]


# --- properties -------------------------------------------------------------------------------

SCORES = st.integers(min_value=0, max_value=50)


@given(st.lists(st.tuples(SCORES, SCORES, SCORES, SCORES), min_size=1, max_size=8))
def test_a_stage_that_only_lowers_answers_never_raises_the_tier(
    rows: list[tuple[int, int, int, int]],
) -> None:
    rubric = parse_rubric(RUBRIC)
    cells = [
        [f"t{i}", "T", "North", 2023, a, b, max(0, a - ca), max(0, b - cb)]
        for i, (a, b, ca, cb) in enumerate(rows)
    ]
    for unit in read(rubric, sheet(HEADER, *cells)):
        own, review = unit.stages["own"], unit.stages["review"]
        assert (review.tier.rank if review.tier else 0) <= (own.tier.rank if own.tier else 0)
        assert review.certified <= own.certified


UNITS = st.lists(
    st.tuples(
        st.sampled_from(["North", "South", "East", "Nort"]),
        st.sampled_from([2023, 2024]),
        SCORES,
        SCORES,
        st.booleans(),
    ),
    max_size=12,
)


def programme_rows(units: list[tuple[str, int, int, int, bool]]) -> list[Row]:
    header = ["unit_id", "region", "year", "review:a", "review:b", "banned", "dossier:letter"]
    return sheet(
        header,
        *(
            [f"u{i % 5}", region, year, a, b, banned, "no" if i % 3 == 2 else "yes"]
            for i, (region, year, a, b, banned) in enumerate(units)
        ),
    )


@given(UNITS)
def test_statistics_per_group_add_up_to_the_whole(
    units: list[tuple[str, int, int, int, bool]],
) -> None:
    rubric = parse_rubric(RUBRIC)
    builder = GroupBuilder(rubric, "region")
    for unit in read(rubric, programme_rows(units)):
        builder.add(unit)
    grouped = builder.grouped()
    whole = grouped.whole.summary
    parts = [g.summary for g in grouped.groups]
    assert sum(s.scored for s in parts) == whole.scored
    assert sum(s.rejected for s in parts) == whole.rejected
    assert sum(s.certified for s in parts) == whole.certified
    for i, tier in enumerate(whole.tiers):
        assert sum(s.tiers[i].count for s in parts) == tier.count
    assert sum((s.mean or 0) * s.scored for s in parts) == (whole.mean or 0) * whole.scored
    assert sum(g.incomplete for g in grouped.groups) == grouped.whole.incomplete
    for g, whole_group in zip(parts[0].groups if parts else (), whole.groups, strict=False):
        assert g.max == whole_group.max


def written(rubric: Rubric, units: list[UnitOutcome], path: Path) -> Path:
    table = ProgrammeTable(rubric)
    with open_writer(path, table.columns) as writer:
        for unit in units:
            writer.write(table.row(unit))
    return path


@settings(max_examples=15)  # each example writes files (XLSX among them)
@given(UNITS, st.randoms(use_true_random=False))
def test_progress_from_the_files_is_progress_from_the_results_in_any_order(
    units: list[tuple[str, int, int, int, bool]], rng: random.Random
) -> None:
    import tempfile

    rubric = parse_rubric(RUBRIC)
    outcomes = read(rubric, programme_rows(units))
    from_results = compare_rounds([(line_of(u, rubric), None) for u in outcomes], rubric)
    with tempfile.TemporaryDirectory() as folder:
        rounds: dict[str, list[UnitOutcome]] = {}
        for u in outcomes:  # one file per round, as each round's batch writes it
            rounds.setdefault(u.attributes.get("year", "none"), []).append(u)
        paths = []
        for year, members in rounds.items():
            rng.shuffle(members)
            suffix = rng.choice([".csv", ".jsonl", ".xlsx"])
            paths.append(written(rubric, members, Path(folder) / f"round_{year}{suffix}"))
        rng.shuffle(paths)
        from_files = compare_rounds(list(read_round_files(paths, rubric)), rubric)
    assert from_files == from_results


def test_progress_finds_moves_never_certified_and_knock_outs(rubric: Rubric) -> None:
    rows = programme_rows(
        [
            ("North", 2023, 45, 30, False),  # u0 silver
            ("North", 2023, 20, 10, False),  # u1 none
            ("South", 2023, 45, 50, False),  # u2 gold
            ("North", 2024, 50, 45, False),  # u3 (a new id) ...
        ]
    )
    more = sheet(
        ["unit_id", "region", "year", "review:a", "review:b", "banned"],
        ["u0", "North", 2024, 50, 45, False],  # up to gold
        ["u1", "North", 2024, 20, 20, False],  # still none
        ["u2", "South", 2024, 45, 50, True],  # knocked out
    )
    outcomes = read(rubric, rows + more)
    progress = compare_rounds([(line_of(u, rubric), None) for u in outcomes], rubric)
    assert [(m.unit_id, m.old_tier, m.new_tier) for m in progress.up] == [("u0", "silver", "gold")]
    assert [m.unit_id for m in progress.down] == ["u2"]
    assert [m.unit_id for m in progress.knocked_out] == ["u2"]
    assert progress.never_certified == (("u1", None),)
    met = {(t.period, tuple(t.by)): (t.count, t.units, t.met) for t in progress.targets}
    assert met == {("2023", ()): (2, 3, True), ("2024", ("region",)): (2, 3, False)}


def test_rounds_under_another_rubric_version_are_said_so(rubric: Rubric, tmp_path: Path) -> None:
    changed = parse_rubric(
        RUBRIC.replace('version: "1"', 'version: "2"').replace("min: 90", "min: 95")
    )
    first = read(rubric, programme_rows([("North", 2023, 45, 45, False)]))
    second = read(changed, programme_rows([("North", 2024, 50, 45, False)]))
    paths = [
        written(rubric, first, tmp_path / "a.csv"),
        written(changed, second, tmp_path / "b.csv"),
    ]
    progress = compare_rounds(list(read_round_files(paths, changed)), changed)
    assert progress.changed_rubric == (("2023", "2024"),)
    assert [r.versions[0][0] for r in progress.rounds] == ["1", "2"]
    other = parse_rubric(RUBRIC.replace("id: town_awards", "id: other"))
    refused = compare_rounds(list(read_round_files(paths, rubric)), other)
    assert {p.code for p in refused.problems} == {"progress.rubric"}
    assert refused.rounds == ()


def test_the_recognition_list_proposes_certified_units_best_first(rubric: Rubric) -> None:
    header = [*HEADER, "dossier:letter", "dossier:report"]
    outcomes = read(
        rubric,
        sheet(
            header,
            ["t1", "Town <1>", "North", 2023, 40, 40, 40, 40, "yes", "yes"],
            ["t2", "Town 2", "South", 2023, 50, 50, 50, 45, "yes", "yes"],
            ["t3", "Town 3", "East", 2023, 10, 10, 10, 10, "yes", "yes"],
            ["t4", "Town 4", "East", 2023, 50, 50, 50, 50, "yes", "no"],
        ),
    )
    listing = recognition_list(
        [line_of(u, rubric) for u in outcomes], rubric, round="2023", lang="vi"
    )
    assert [r[2] for r in listing.rows] == ["t2", "t1"]
    assert [r[2] for r in listing.incomplete] == ["t4"]
    assert listing.head[0] == "STT"
    assert "Town &lt;1&gt;" in render_html(listing)
    assert "Town <1>" not in render_html(listing)
    assert "2 đơn vị được đề nghị công nhận." in render_markdown(listing)


def test_the_output_keeps_attributes_stages_and_the_rubric(rubric: Rubric) -> None:
    header = [*HEADER, "dossier:letter"]
    [unit] = read(rubric, sheet(header, ["t1", "T", "North", 2023, 45, 50, 45, 30, "no"]))
    buffer = io.StringIO()
    table = ProgrammeTable(rubric)
    with open_writer(buffer, table.columns, format="csv") as writer:
        writer.write(table.row(unit))
    record = next(csv.DictReader(io.StringIO(buffer.getvalue().lstrip("\ufeff"))))
    assert record["region"] == "North"
    assert record["year"] == "2023"
    assert (record["own.total"], record["own.tier"]) == ("95", "gold")
    assert (record["review.total"], record["review.tier"], record["decided_by"]) == (
        "75",
        "silver",
        "review",
    )
    assert record["missing_documents"] == "letter; report"
    assert record["rubric_id"] == "town_awards"
    assert record["rubric_fingerprint"] == rubric.fingerprint
    assert Fraction(record["total"]) == 75


def test_a_dossier_fact_makes_a_complete_dossier_a_gate() -> None:
    gated = parse_rubric(
        RUBRIC.replace(
            "facts:\n", "facts:\n  - {id: complete, title: Complete dossier, type: boolean}\n"
        )
        .replace("dossier:\n  evidence: true\n", "dossier:\n  evidence: true\n  fact: complete\n")
        .replace(
            "gates:\n",
            "gates:\n  - {id: dossier, title: Dossier, require: {fact: complete, equals: true}}\n",
        )
    )
    header = [*HEADER, "dossier:letter", "dossier:report", "evidence:a", "evidence:b"]
    full = ["t1", "T", "North", 2023, 50, 50, 50, 50, "yes", "yes", "yes", "yes"]
    gap = ["t2", "T", "North", 2023, 50, 50, 50, 50, "yes", "no", "yes", "yes"]
    done, short = read(gated, sheet(header, full, gap))
    assert done.result is not None
    assert done.result.certified
    assert short.result is not None
    assert not short.result.certified
    assert short.result.failed_gates == ("dossier",)
    document = {
        "unit": {"id": "t9", "region": "South", "year": 2025},
        "answers": {"a": 50, "b": 50},
        "dossier": {"documents": ["letter", "report"], "evidence": ["a"]},
    }
    [unit] = read(gated, [Row(1, document=document, file="t9.yaml")])
    assert unit.result is not None
    assert unit.result.failed_gates == ("dossier",)
    assert unit.missing_evidence == ("b",)


def test_the_stages_side_by_side(rubric: Rubric) -> None:
    from tiercert.stages import render_stages, stage_lines

    [unit] = read(rubric, sheet(HEADER, ["t1", "Town 1", "North", 2023, 45, 50, 45, 30]))
    lines = {line.id: line.scores for line in stage_lines(unit, rubric)}
    assert lines[""] == (Fraction(95), Fraction(75))
    assert lines["b"] == (Fraction(50), Fraction(30))
    assert "a1" not in lines  # a group scored directly: its criteria were not scored
    text = render_stages(unit, rubric, "text", "en")
    assert "75 (-20)" in text
    assert "30 (-20)" in text
    # for people by the rubric's labels; the flag's own cell keeps the ids
    assert "Review (from Own score): tier Gold -> Silver" in text
    assert "Review (from Own score): b B 50 -> 30" in text
    assert [f.describe() for f in unit.flags] == [
        "review (from own): tier gold -> silver",
        "review (from own): b 50 -> 30",
    ]
    assert "| Total | 95 | 75 (-20) | 100 |" in render_stages(unit, rubric, "markdown", "en")


def test_a_unit_only_self_assessed_awaits_appraisal(rubric: Rubric) -> None:
    outcomes = read(
        rubric,
        sheet(
            HEADER,
            ["t1", "Town 1", "North", 2023, 50, 50, "", ""],  # only its own score
            ["t2", "Town 2", "North", 2023, 50, 50, 50, 50],
        ),
    )
    listing = recognition_list([line_of(u, rubric) for u in outcomes], rubric, lang="en")
    assert [r[2] for r in listing.rows] == ["t2"]
    assert [r[2] for r in listing.awaiting] == ["t1"]
    assert "## Awaiting appraisal" in render_markdown(listing)


def test_names_with_control_characters_are_shown_not_acted_on(rubric: Rubric) -> None:
    from tiercert.progress import render_progress
    from tiercert.stages import render_stages

    name = "Town \x1b[2J\u202e1"
    header = ["unit_id", "unit_name", "region", "year", "review:a", "review:b"]
    outcomes = read(
        rubric,
        sheet(
            header,
            ["t1", name, "North", 2023, 50, 50],
            ["t1", name, "North", 2024, 20, 20],
        ),
    )
    lines = [line_of(u, rubric) for u in outcomes]
    shown = [
        render_progress(compare_rounds([(x, None) for x in lines], rubric), f, "en")
        for f in ("text", "markdown", "json")
    ]
    shown.append(render_markdown(recognition_list(lines, rubric)))
    shown.append(render_stages(outcomes[0], rubric, "text", "en"))
    for text in shown:
        assert "\x1b" not in text
        assert "\u202e" not in text
    assert "Town \\x1b[2J" in shown[0]


STAGED_ROLES = """
format: 1
id: staged_roles
version: "1"
title: Stages with a penalty and a future bonus
criteria:
  - {id: a, title: Work, max: 10, rule: {kind: direct}}
  - {id: p, title: Late report, penalty: true, rule: {kind: boolean, points: 8}}
  - id: x
    title: Initiative
    bonus: true
    status: future
    counts_from: "2"
    rule: {kind: boolean, points: 5}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 5}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Review}
"""


def test_the_stages_show_what_a_penalty_took_and_what_does_not_count_yet() -> None:
    """Worked by hand.  Own score: work 5, the penalty's 8 points take only 5 (the total
    stops at 0), the initiative's 5 do not count before version 2: total 0.  Review: work 9,
    the penalty takes all its 8: total 1.  The penalty's line says what it took (-5, then -8),
    not its own 8 at both stages; the initiative's line is marked as not counted yet."""
    from tiercert.stages import render_stages, stage_lines

    rubric = parse_rubric(STAGED_ROLES)
    header = ["unit_id", "own:a", "own:p", "own:x", "review:a", "review:p", "review:x"]
    [unit] = read(rubric, sheet(header, ["t1", 5, "yes", "yes", 9, "yes", "no"]))
    assert {s: r.total for s, r in unit.stages.items()} == {"own": 0, "review": 1}
    lines = {line.id: line for line in stage_lines(unit, rubric, "en")}
    assert lines[""].scores == (Fraction(0), Fraction(1))
    assert lines["a"].scores == (Fraction(5), Fraction(9))
    assert lines["p"].scores == (Fraction(-5), Fraction(-8))
    assert lines["p"].note == "penalty: what it took from the total"
    assert lines["x"].scores == (
        Fraction(5),
        Fraction(0),
    )  # its own points, which reach no total yet
    assert lines["x"].note == "not counted yet: counts from version 2"
    assert lines["a"].note is None
    text = render_stages(unit, rubric, "text", "en").splitlines()
    assert text[1:] == [
        "                                                         Own score  Review   max",
        "  Total                                                  0          1 (+1)   10",
        "  a Work                                                 5          9 (+4)   10",
        "  p Late report (penalty: what it took from the total)   -5         -8 (-3)  8",
        "  x Initiative (not counted yet: counts from version 2)  5          0 (-5)   5",
    ]
    vi = render_stages(unit, rubric, "markdown", "vi")
    assert "| p Late report (điểm trừ: số điểm đã trừ vào tổng điểm) | -5 | -8 (-3) | 8 |" in vi
    assert "| x Initiative (chưa được tính: được tính từ phiên bản 2) | 5 | 0 (-5) | 5 |" in vi


def test_the_template_of_a_programme_feeds_batch_and_progress(
    rubric: Rubric, tmp_path: Path
) -> None:
    from tiercert.cli import main
    from tiercert.template import sheet_columns, template_columns, write_template

    assert [c.id for c in template_columns(rubric)][:3] == ["unit_id", "unit_name", "a"]
    columns = [c.id for c in sheet_columns(rubric, "en")]
    assert columns[:5] == ["unit_id", "unit_name", "region", "kind", "year"]
    assert columns[5:9] == ["own:a", "own:a1", "own:b", "own:b1"]
    assert columns[9:] == [
        *("review:a", "review:a1", "review:b", "review:b1", "banned"),
        *("dossier:letter", "dossier:report", "evidence:a", "evidence:b"),
    ]
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    sheet = tmp_path / "t.csv"
    write_template(rubric, str(sheet), lang="en")
    header, notes = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert (
        notes[header.index("year")] == "Year: the round, a whole number in digits: 2024 (required)"
    )
    filled = {"unit_id": "t1", "unit_name": "Town", "region": "North", "year": "2024"}
    filled |= {c: "true" for c in header if c.endswith(("a1", "b1")) or "dossier:" in c}
    filled |= {c: "true" for c in header if c.startswith("evidence:")}
    with sheet.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([filled.get(c, "") for c in header])
    err = io.StringIO()
    argv = ["batch", str(tmp_path / "r.yaml"), str(sheet), "-o", str(tmp_path / "o.csv")]
    assert main([*argv, "--summary", "none"], stderr=err) == 0, err.getvalue()
    out = io.StringIO()
    results = [str(tmp_path / "o.csv"), "--rubric", str(tmp_path / "r.yaml")]
    assert main(["progress", *results, "--format", "json"], stdout=out) == 0
    [round_] = json.loads(out.getvalue())["rounds"]
    assert (round_["round"], round_["certified"]) == ("2024", 1)


def test_the_yaml_template_of_a_programme_lists_its_parts_and_scores_when_filled(
    rubric: Rubric, tmp_path: Path
) -> None:
    """The YAML template lacked the attributes, the stages and the dossier the sheet
    templates list: a unit filled from it was scored without them."""
    import yaml

    from tiercert.programme import score_assessment
    from tiercert.template import render_yaml_template

    text = render_yaml_template(rubric, "en")
    assert "  # Year: the round, a whole number in digits: 2024 (required)\n" in text
    assert '  "review":  # Review\n    answers:\n' in text
    assert "  # the ids of the documents filed: letter (Letter), report (Report)\n" in text
    blank = yaml.safe_load(text)
    assert list(blank["unit"]) == ["id", "name", "region", "kind", "year"]
    assert {s: list(v["answers"]) for s, v in blank["stages"].items()} == {
        "own": ["a1", "b1"],
        "review": ["a1", "b1"],
    }
    assert "answers" not in blank
    assert list(blank["facts"]) == ["banned"]
    assert blank["dossier"] == {"documents": [], "evidence": []}
    filled = text.replace('id: ""', "id: t1").replace('"region": null', '"region": North')
    filled = filled.replace('"year": null', '"year": 2024').replace('"kind": null', '"kind": town')
    filled = filled.replace('"a1": null', '"a1": true').replace('"b1": null', '"b1": false')
    filled = filled.replace("documents: []", "documents: [letter, report]")
    unit_file = tmp_path / "t1.yaml"
    unit_file.write_text(filled, encoding="utf-8")
    unit = score_assessment(rubric, tiercert.load_assessment(unit_file))
    assert unit.attributes == {"region": "North", "kind": "town", "year": "2024"}
    assert {s: r.total for s, r in unit.stages.items()} == {"own": 50, "review": 50}
    assert (unit.missing_documents, unit.missing_evidence) == ((), ("a", "b"))
    vi = render_yaml_template(rubric, "vi")
    assert "chưa" in vi or "hồ sơ" in vi
    assert "the ids of the documents filed" not in vi
    assert "remove a stage" not in vi


POPULATION = """
format: 1
id: pop
version: "1"
title: Population
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
tiers:
  - {id: t, label: T, rank: 1, min: 1}
attributes:
  - {id: population, title: Residents, type: number}
"""


def test_a_number_attribute_written_with_a_dot_and_three_digits_is_refused_everywhere(
    tmp_path: Path,
) -> None:
    """``12.000`` residents was read as 12 where a Vietnamese office means twelve thousand:
    refused as whole numbers refuse it, in a sheet, a JSON line, an assessment file and from
    Python, with what to write; a typed XLSX number and other decimals are read as before."""
    from decimal import Decimal

    import openpyxl

    from tiercert.programme import score_assessment
    from tiercert.tabular import read_rows

    rubric = parse_rubric(POPULATION)
    typed = ["12.000", "12.500", "1.234.567", Decimal("12.000"), " 3.000 % "]
    fine = {"12.5": "12.5", "12000": "12000", "12.0": "12", "0.500": "0.5", 12000: "12000"}
    rows = sheet(["unit_id", "population", "a"], *([f"u{i}", v, "yes"] for i, v in
                                                  enumerate([*typed, *fine])))  # fmt: skip
    units = read(rubric, rows)
    for unit in units[: len(typed)]:
        (problem,) = unit.problems
        assert problem.code == "attribute.value"
        assert (problem.line, problem.column) == (unit.number, 2)
    said = [u.problems[0].message for u in units[:3]]
    assert said == [
        "the 'population' is written '12.000'; it could mean 12 or 12 thousand: write 12 for "
        "12, 12000 for 12 thousand (a dot is a decimal point; numbers have no thousands "
        "separator)",
        "the 'population' is written '12.500'; it could mean 12.5 or 12500: write 12.5 for "
        "12.5, 12500 for 12500 (a dot is a decimal point; numbers have no thousands separator)",
        "the 'population' must be a number, not '1.234.567'; numbers have no thousands "
        "separator: write 1234567",
    ]
    assert [u.attributes["population"] for u in units[len(typed) :]] == list(fine.values())
    # the same text, the same outcome, from every reader
    lines = tmp_path / "units.jsonl"
    lines.write_text('{"unit_id": "u1", "population": 12.000, "a": true}\n', encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["unit_id", "population", "a"])
    book.active.append(["u1", "12.000", "yes"])  # text
    book.active.append(["u2", 12000, "yes"])  # a number, whatever the sheet shows
    book.save(tmp_path / "units.xlsx")
    for name, codes in (("units.jsonl", [["attribute.value"]]),
                        ("units.xlsx", [["attribute.value"], []])):  # fmt: skip
        found = read(rubric, list(read_rows(tmp_path / name)))
        assert [[p.code for p in u.problems] for u in found] == codes, name
    unit_file = tmp_path / "u1.yaml"
    unit_file.write_text("unit: {id: u1, population: 12.000}\nanswers: {a: yes}\n", "utf-8")
    with pytest.raises(tiercert.AssessmentError) as refused:
        score_assessment(rubric, tiercert.load_assessment(unit_file))
    (problem,) = refused.value.problems
    assert (problem.code, problem.line, problem.column) == ("attribute.value", 1, 28)
    quoted = tiercert.parse_assessment('unit: {id: u1, population: "12.000"}\nanswers: {a: yes}')
    with pytest.raises(tiercert.AssessmentError) as refused:
        score_assessment(rubric, quoted)
    assert [p.code for p in refused.value.problems] == ["attribute.value"]


STAGED_PENALTY_GROUP = """
format: 1
id: staged_pen
version: "1"
title: Stages with a penalty group and a penalty inside a group
criteria:
  - id: a
    title: Work
    max: 20
    children:
      - {id: a1, title: Desk, rule: {kind: direct}, max: 20}
      - {id: a2, title: Late, penalty: true, rule: {kind: boolean, points: 3}}
  - id: pen
    title: Breaches
    penalty: true
    children: [{id: p1, title: Discipline, rule: {kind: boolean, points: 10}}]
tiers:
  - {id: pass, label: Pass, rank: 1, min: 5}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Review}
"""


def test_the_stages_show_penalties_below_the_top_as_what_they_took() -> None:
    """Worked by hand.  Own score: desk 20, not late, no breach: 20.  Review: desk 20, late
    (a2 takes 3 from a: 17), disciplined (p1: pen takes 10 from the total): 7.  a2 and p1 are
    shown as taken, 0 then -3 and 0 then -10, never as gains (+3, +10)."""
    from tiercert.stages import render_stages, stage_lines

    rubric = parse_rubric(STAGED_PENALTY_GROUP)
    header = ["unit_id", "own:a1", "own:a2", "own:p1", "review:a1", "review:a2", "review:p1"]
    [unit] = read(rubric, sheet(header, ["t1", 20, "no", "no", 20, "yes", "yes"]))
    assert {s: r.total for s, r in unit.stages.items()} == {"own": 20, "review": 7}
    lines = {line.id: line for line in stage_lines(unit, rubric, "en")}
    assert lines["a"].scores == (Fraction(20), Fraction(17))
    assert lines["a2"].scores == (Fraction(0), Fraction(-3))
    assert lines["a2"].note == "penalty: what it took from a"
    assert lines["pen"].scores == (Fraction(0), Fraction(-10))
    assert lines["p1"].scores == (Fraction(0), Fraction(-10))
    assert lines["p1"].note == "part of the penalty pen: what it took"
    assert lines["a1"].note is None
    text = render_stages(unit, rubric, "text", "en")
    assert "(+10)" not in text
    assert "(+3)" not in text
    vi = render_stages(unit, rubric, "markdown", "vi")
    assert (
        "| p1 Discipline (một phần của điểm trừ pen: số điểm đã trừ) | 0 | -10 (-10) | 10 |" in vi
    )


def test_a_flag_is_told_for_people_by_the_rubric_s_labels_in_its_language() -> None:
    from tiercert import load_rubric
    from tiercert.programme import StageFlag

    bac_giang = load_rubric("bac_giang_friendly_gov")
    flags = [
        StageFlag("certified", "district", "self", "true", "false"),
        StageFlag("tier", "district", "self", "sao-4", ""),
        StageFlag("cut", "district", "self", "25", "20", "g2"),
    ]
    assert [f.describe("vi", bac_giang) for f in flags] == [
        "Huyện thẩm định (so với Xã tự chấm): đạt chuẩn có -> không",
        "Huyện thẩm định (so với Xã tự chấm): hạng Chính quyền thân thiện 4 sao -> -",
        "Huyện thẩm định (so với Xã tự chấm): g2 Công tác cải cách hành chính 25 -> 20",
    ]
    # without the rubric (a sheet's cell): the ids, the same in every run
    assert flags[0].describe() == "district (from self): certified true -> false"


def test_an_undeclared_dossier_entry_is_placed_where_it_was_written(
    rubric: Rubric, tmp_path: Path
) -> None:
    """A dossier column or item the rubric does not declare (``dossier:repot``, a group
    ``evidence:c``) was told with no file, line or column (``<input>: error: $: ...``): it is
    now at its sheet's column, or at its item in an assessment file; and a rubric without a
    dossier says so rather than "use one of" nothing."""
    from tiercert.tabular import read_rows

    head = [*HEADER, "dossier:repot", "evidence:c"]
    [unit] = read(rubric, sheet(head, ["t1", "Town 1", "North", 2023, 45, 50, 45, 30, "yes", "no"]))
    found = [(p.file, p.line, p.column, p.where, p.code) for p in unit.problems]
    assert found == [
        ("units.csv", 2, 9, "dossier:repot", "dossier.unknown"),
        ("units.csv", 2, 10, "evidence:c", "dossier.unknown"),
    ]
    assert unit.problems[0].message == "the dossier has no document 'repot'; did you mean 'report'?"
    path = tmp_path / "t1.yaml"
    path.write_text(
        "unit: {id: t1, region: North, year: 2023}\n"
        "stages:\n  own: {answers: {a: 50, b: 50}}\n"
        "dossier: {documents: [letter, repot], evidence: [a, c]}\n",
        encoding="utf-8",
    )
    [unit] = read(rubric, list(read_rows(tmp_path)))
    placed = [(p.line, p.column, p.where) for p in unit.problems]
    assert placed == [(4, 31, "$.dossier.documents[1]"), (4, 53, "$.dossier.evidence[1]")]
    block = RUBRIC[RUBRIC.index("dossier:") : RUBRIC.index("targets:")]
    bare = parse_rubric(RUBRIC.replace(block, ""))
    row = ["t1", "T", "North", 2023, 45, 50, 45, 30, "yes"]
    [unit] = read(bare, sheet([*HEADER, "dossier:letter"], row))
    (problem,) = unit.problems
    assert problem.message == "the rubric declares no dossier documents; remove 'letter'"
    assert problem.text("vi") == ("bộ tiêu chí không khai báo tài liệu hồ sơ nào; hãy bỏ 'letter'")


def test_a_shared_columns_problem_is_said_once(rubric: Rubric) -> None:
    """A column with no stage is shared by every stage's row: its problem (an unknown column,
    a fact's bad value) was said once per stage, each with a stage's label, though no stage
    wrote it. Said once, of no stage, when every stage met it; with its stage's label when
    only some did."""
    head = [*HEADER, "extra", "banned"]
    [unit] = read(rubric, sheet(head, ["t1", "T", "North", 2023, 45, 50, 45, 30, "1", "maybe"]))
    found = [(p.column, p.code, p.message) for p in unit.problems]
    assert found == [
        (9, "column.unknown", found[0][2]),
        (10, "fact.invalid", found[1][2]),
    ]
    assert not any(str(p.message).startswith("stage ") for p in unit.problems)
    # a shared answer that conflicts with one stage's direct score only: that stage's label
    head = ["unit_id", "region", "year", "own:a", "review:b", "a1", "b1"]
    [unit] = read(rubric, sheet(head, ["t1", "North", 2023, 45, 30, "yes", "yes"]))
    said = sorted(str(p.message) for p in unit.problems if p.code == "answer.conflict")
    assert len(said) == 2
    assert said[0].startswith("stage Own score: ")
    assert said[1].startswith("stage Review: ")


def test_a_number_attribute_orders_the_recognition_list_by_its_number() -> None:
    """A reviewer's list put population 12000 before 7000 (sorted as text): a number
    attribute sorts by its number (fourteenth round)."""
    rubric = parse_rubric(POPULATION)
    values = ["12000", "7000", "850.5", "90"]
    rows = ([f"u{i}", v, "yes"] for i, v in enumerate(values))
    outcomes = read(rubric, sheet(["unit_id", "population", "a"], *rows))
    listing = recognition_list([line_of(u, rubric) for u in outcomes], rubric, lang="en")
    at = listing.head.index("Residents")
    assert [row[at] for row in listing.rows] == ["90", "850.5", "7000", "12000"]


def test_number_attributes_are_number_cells_in_the_workbooks(tmp_path: Path) -> None:
    """A reviewer's results.xlsx held ``nam`` and ``dan_so`` as text (``'2024'``,
    ``'7000'``), in the results and in the recognition list: a number attribute is a number
    cell when Excel holds it exactly (the totals' rule), else the text; CSV and JSON keep
    its exact text (fourteenth round)."""
    import openpyxl

    from tiercert.recognition import write_xlsx

    rubric = parse_rubric(POPULATION)
    values = ["7000", "12.5", "1234567890123456789", "0.1234567890123456"]
    rows = ([f"u{i}", v, "yes"] for i, v in enumerate(values))
    outcomes = read(rubric, sheet(["unit_id", "population", "a"], *rows))
    assert all(u.ok for u in outcomes)
    table = ProgrammeTable(rubric)
    at = table.columns.index("population")
    with open_writer(tmp_path / "r.xlsx", table.columns) as writer:
        for u in outcomes:
            writer.write(table.row(u))
    with open_writer(tmp_path / "r.csv", table.columns) as writer:
        for u in outcomes:
            writer.write(table.row(u))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    cells = [r[at] for r in book.iter_rows(min_row=2)]
    expected = [7000, 12.5, "1234567890123456789", "0.1234567890123456"]
    assert [c.value for c in cells] == expected
    assert [c.data_type for c in cells] == ["n", "n", "s", "s"]
    assert cells[1].number_format == "0.0"
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as handle:
        assert [r["population"] for r in csv.DictReader(handle)] == values
    listing = recognition_list([line_of(u, rubric) for u in outcomes], rubric, lang="en")
    write_xlsx(listing, str(tmp_path / "list.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "list.xlsx").worksheets[0]
    head = [c.value for c in book[1]]
    cells = [r[head.index("Residents")] for r in book.iter_rows(min_row=2)]
    assert sorted(map(str, (c.value for c in cells))) == sorted(map(str, expected))
    assert {c.value: c.data_type for c in cells}[7000] == "n"
    assert "| 7000 |" in render_markdown(listing)


def test_a_round_typed_in_a_date_cell_is_told_as_a_date(rubric: Rubric) -> None:
    """A year cell an office's sheet formats as a date holds a date: the problem says it looks
    like a date, as an answer's does, not the Python text ``2024-01-01 00:00:00``."""
    import datetime as dt

    [unit] = read(
        rubric, sheet(HEADER, ["t1", "Town 1", "North", dt.datetime(2024, 1, 1), 45, 50, 45, 50])
    )
    (problem,) = unit.problems
    assert (problem.code, problem.column) == ("attribute.value", 4)
    assert problem.message == (
        "the 'year' must be a number, not '2024-01-01T00:00:00'; 2024-01-01T00:00:00 looks "
        "like a date, not a number; give the number itself"
    )


STAGED_PENALTY_TOLERANCE = """
format: 1
id: staged_penalty_tolerance
version: "1"
title: A penalty and a bonus appraised with a tolerance
bonus_cap: 4
penalty_cap: 15
criteria:
  - {id: a, title: Work, max: 100, rule: {kind: direct}}
  - {id: x, title: Initiatives, bonus: true, max: 6, rule: {kind: count, per_item: 2}}
  - {id: p, title: Violations, penalty: true, max: 20, rule: {kind: count, per_item: 5}}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 50}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Review, tolerance: {percent: 10}}
"""


def test_a_penalty_the_review_adds_is_the_cut_it_flags_never_one_it_removes() -> None:
    """A reviewer's market: the district found two violations the market had not declared
    (the penalty took 10 more points from the total) and was not flagged, while a district
    that struck a declared violation off (the total 5 points higher) was flagged as a cut of
    5 (twenty-fourth round).  A top-level penalty or bonus is cut by what it changes in the
    total, after its cap, as the stages side by side show it."""
    rubric = parse_rubric(STAGED_PENALTY_TOLERANCE)
    header = ["unit_id", "own:a", "own:x", "own:p", "review:a", "review:x", "review:p"]
    added, removed, capped, bonus = read(
        rubric,
        sheet(
            header,
            ["added", 90, 0, 0, 90, 0, 2],  # the review takes 10 more: flagged
            ["removed", 90, 0, 1, 90, 0, 0],  # the review gives 5 back: no cut
            ["capped", 90, 0, 3, 90, 0, 4],  # 15 taken either way (the cap): no cut
            ["bonus", 90, 3, 0, 90, 1, 0],  # 4 counted (the cap) -> 2: 2 of 6, flagged
        ),
    )
    flags = [[(f.kind, f.group, f.old, f.new) for f in u.flags] for u in (added, removed)]
    assert flags == [[("cut", "p", "0", "-10")], []]
    assert capped.flags == ()
    assert [(f.kind, f.group, f.old, f.new) for f in bonus.flags] == [("cut", "x", "4", "2")]
    assert added.flags[0].describe() == "review (from own): p 0 -> -10"


def test_a_flag_told_for_people_shows_its_scores_as_numbers_are_shown() -> None:
    """A reviewer's dashboard read "g2 Quản lý 295/12 -> 15": a group's score with no finite
    decimal form was told to people as the exact fraction a sheet's cell keeps (twenty-fourth
    round).  For people it is shown as every number is, in their language."""
    from tiercert import load_rubric
    from tiercert.programme import StageFlag

    bac_giang = load_rubric("bac_giang_friendly_gov")
    flag = StageFlag("cut", "district", "self", "295/12", "-15/2", "g2")
    assert flag.describe("vi", bac_giang) == (
        "Huyện thẩm định (so với Xã tự chấm): g2 Công tác cải cách hành chính "
        "24,583333333333… -> -7,5"
    )
    assert flag.describe("en", bac_giang).endswith(" 24.583333333333… -> -7.5")
    assert flag.describe() == "district (from self): g2 295/12 -> -15/2"  # a sheet's cell


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_recognition_list_from_results_files_shows_every_total(
    rubric: Rubric, tmp_path: Path, suffix: str
) -> None:
    """A reviewer's list from a round's CSV results left the total cell empty for the units
    whose total has no finite decimal form (77.333333333333… in the file, which was read as
    no number): twenty-fourth round.  It is shown as the file showed it, cut and marked; from
    JSON Lines, which holds it exactly, as any total is shown."""
    from tiercert.progress import read_round_files

    header = ["unit_id", "region", "year", "review:a", "review:b"]
    outcomes = read(
        rubric, sheet(header, ["t1", "North", 2024, "67/3", 50], ["t2", "East", 2024, 30, 30])
    )
    assert [u.result.total for u in outcomes if u.result] == [Fraction(217, 3), 60]
    path = written(rubric, outcomes, tmp_path / f"round{suffix}")
    lines = [line for line, _ in read_round_files([path], rubric)]
    listing = recognition_list(lines, rubric, round="2024", lang="vi")
    at = listing.head.index("Tổng điểm")
    assert [(row[2], row[at]) for row in listing.rows] == [
        ("t1", "72,333333333333…"),
        ("t2", "60"),
    ]
    assert "| 72,333333333333… |" in render_markdown(listing)


DISTRICTS = """
format: 1
id: districts
version: "1"
title: Chợ an toàn
criteria:
  - {id: a, title: A, max: 100, rule: {kind: direct}}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 50}
attributes:
  - {id: huyen, title: Huyện, type: choice, values: [Huyện Đông, Huyện Tây, Thành phố Mẫu]}
  - {id: ghi, title: Ghi chú}
"""


def test_a_choice_attribute_orders_the_groups_and_the_list_as_the_rubric_declares_it() -> None:
    """A reviewer's province declared its districts Huyện Đông, Huyện Tây, Thành phố Mẫu; the
    statistics by district and the recognition list put Huyện Tây first (text order puts Đ
    after every Latin letter): twenty-fourth round.  A choice follows the rubric's order; a
    text attribute keeps its text order, and units without a value come first."""
    rubric = parse_rubric(DISTRICTS)
    rows = [
        ["u1", "Thành phố Mẫu", "b", 60],
        ["u2", "Huyện Tây", "a", 60],
        ["u3", "Huyện Đông", "c", 60],
        ["u4", "", "d", 60],
    ]
    outcomes = read(rubric, sheet(["unit_id", "huyen", "ghi", "a"], *rows))
    groups = GroupBuilder(rubric, "huyen")
    for u in outcomes:
        groups.add(u)
    assert [g.value for g in groups.grouped().groups] == [
        "",
        "Huyện Đông",
        "Huyện Tây",
        "Thành phố Mẫu",
    ]
    listing = recognition_list([line_of(u, rubric) for u in outcomes], rubric, lang="vi")
    assert [row[2] for row in listing.rows] == ["u3", "u2", "u1", "u4"]
    by_text = GroupBuilder(rubric, "ghi")
    for u in outcomes:
        by_text.add(u)
    assert [g.value for g in by_text.grouped().groups] == ["a", "b", "c", "d"]


#: a market's programme with a top-level bonus and a penalty: the dossier asks an evidence
#: file of each group, and of the bonus and the penalty only when they changed the score
MARKETS = """
format: 1
id: cho_van_minh
version: "1"
title: Civilised market
criteria:
  - id: g1
    title: Hygiene
    children: [{id: g1.1, title: Waste, rule: {kind: boolean, points: 60}}]
  - id: extra
    title: Initiatives
    bonus: true
    children: [{id: extra.1, title: Initiative, rule: {kind: boolean, points: 5}}]
  - id: vp
    title: Violations
    penalty: true
    children: [{id: vp.1, title: Violations found, max: 20, rule: {kind: count, per_item: 10}}]
facts:
  - {id: dossier_complete, title: Dossier complete, type: boolean}
gates:
  - {id: complete, title: Dossier complete, require: {fact: dossier_complete, equals: true}}
tiers:
  - {id: dat, label: Recognised, rank: 1, min: 40}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Review}
dossier:
  evidence: true
  fact: dossier_complete
  documents: [{id: letter, title: Letter}]
"""

_MARKET_HEADER = [
    "unit_id", "own:g1.1", "own:extra.1", "own:vp.1", "review:g1.1", "review:extra.1",
    "review:vp.1", "dossier:letter", "evidence:g1", "evidence:extra", "evidence:vp",
]  # fmt: skip


def test_a_penalty_or_bonus_that_changed_nothing_needs_no_evidence_file() -> None:
    """A market with no violation (its penalty scored 0) was held off the recognition list
    for the penalty's missing evidence file (twenty-fifth round).  A group's file is asked
    always; a bonus's or a penalty's only when the deciding stage's result says it awarded
    or removed points; and a missing one makes the dossier incomplete, its fact false and
    its gate failed, as any missing file does."""
    markets = parse_rubric(MARKETS)
    units = read(
        markets,
        sheet(
            _MARKET_HEADER,
            # no violation, no initiative: the group's file is all there is to file
            ["m1", "yes", "no", 0, "yes", "no", 0, "yes", "yes", "", ""],
            # a violation the review found: its file is asked (the own score said none)
            ["m2", "yes", "no", 0, "yes", "no", 1, "yes", "yes", "", ""],
            # an initiative claimed in the own score, struck off by the review: not asked
            ["m3", "yes", "yes", 0, "yes", "no", 0, "yes", "yes", "", ""],
            # a bonus awarded, its file missing; the group's missing as ever
            ["m4", "yes", "yes", 0, "yes", "yes", 0, "yes", "", "", "yes"],
            # a violation, its file filed
            ["m5", "yes", "no", 1, "yes", "no", 1, "yes", "yes", "", "yes"],
        ),
    )
    lacking = {u.unit_id: u.missing_evidence for u in units}
    assert lacking == {"m1": (), "m2": ("vp",), "m3": (), "m4": ("g1", "extra"), "m5": ()}
    assert all(u.ok for u in units)
    certified = {u.unit_id: u.result.certified for u in units if u.result is not None}
    # the dossier's fact is false where a file is missing: the gate on it fails
    assert certified == {"m1": True, "m2": False, "m3": True, "m4": False, "m5": True}
    failed = {u.unit_id: list(u.result.failed_gates) for u in units if u.result}
    assert failed["m2"] == ["complete"]
    assert failed["m1"] == []
    # the recognition list proposes the markets with nothing missing
    listed = recognition_list([line_of(u, markets) for u in units], markets)
    assert [r[2] for r in listed.rows] == ["m1", "m3", "m5"]
    assert not listed.incomplete


def test_a_penalty_s_evidence_file_is_judged_alike_in_a_file_and_a_sheet(tmp_path: Path) -> None:
    """An assessment file's dossier is read by the same rule as a sheet's columns."""
    from tiercert.assessment import parse_assessment
    from tiercert.programme import score_assessment

    markets = parse_rubric(MARKETS)
    for violations, lacking in ((0, ()), (2, ("vp",))):
        text = (
            "unit: {id: m1}\n"
            f"answers: {{g1.1: true, extra.1: false, vp.1: {violations}}}\n"
            "dossier: {documents: [letter], evidence: [g1]}\n"
        )
        unit = score_assessment(markets, parse_assessment(text, file="m1.yaml"))
        assert unit.missing_evidence == lacking
        assert unit.result is not None
        assert unit.result.certified is (not lacking)


def test_score_and_report_of_a_file_without_stages_say_what_its_dossier_lacks(
    tmp_path: Path,
) -> None:
    """``tiercert score`` and ``report`` scored a file without ``stages:`` as plain answers:
    its dossier was never read, so a violation with no evidence file showed nothing missing
    and the dossier's gate passed (twenty-fifth round).  Such a file is a programme's unit
    as a sheet's row is; a unit with nothing missing gets no empty stages table."""
    from conftest import run_cli

    rubric = tmp_path / "markets.yaml"
    rubric.write_text(MARKETS, encoding="utf-8")
    for violations, lacks in ((1, True), (0, False)):
        unit = tmp_path / f"m{violations}.yaml"
        unit.write_text(
            "unit: {id: m1}\n"
            f"answers: {{g1.1: true, extra.1: false, vp.1: {violations}}}\n"
            "dossier: {documents: [letter], evidence: [g1]}\n",
            encoding="utf-8",
        )
        for command in ("score", "report"):
            for lang, incomplete in (("en", "Dossier incomplete"), ("vi", "Hồ sơ chưa đầy đủ")):
                code, out, err = run_cli(command, str(rubric), str(unit), "--lang", lang)
                assert code == 0, err
                assert (incomplete in out) is lacks, out
                assert ("evidence file for Violations" in out) is (lacks and lang == "en")
                # the gate on the dossier's fact decides as the sheet's row would
                certified = "Recognised (" in out  # the label has no translation
                assert certified is (not lacks), out
                assert "Stages" not in out
                assert "Các bước" not in out
