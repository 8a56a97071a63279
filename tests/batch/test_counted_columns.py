"""A batch's output says what of a criterion's points its group counted: a ``<id>.counted``
column beside ``<id>.score`` wherever the group may count only part (only the best ``top``, a
``tiered`` group, a cap, ``incomplete_cap``, the bonus cap), so that the counted columns of a
group's criteria add up to what it counted, as the scorecards' lines do.  The same from every
way through a batch: full results (``--columns``, ``--depth``, the reference engine), the row
scorer (a record at a time, an XLSX output) and the row loop (a CSV file to a CSV file)."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import tiercert
from conftest import ROOT
from strategies import answers_for, rubrics
from tiercert import Rubric, rubric_from_mapping
from tiercert._compile import GroupPlan
from tiercert._counted_columns import counted_children
from tiercert.batch import ResultTable, score_columns, score_records, score_rows
from tiercert.cli import main
from tiercert.summary import SummaryBuilder
from tiercert.tabular import CsvWriter, cell_text, read_csv, write_table
from tiercert.template import template_columns

BADGE = ROOT / "rubrics" / "openssf_best_practices.yaml"
BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
EVIDENCE = "see https://example.org/doc"


def _badge_sheet(path: Path) -> Rubric:
    """Three projects of the Best Practices badge (a tiered total: passing, then silver from
    100, then gold from 200): every criterion met; every one but a gold criterion; every one
    but a passing one, so that its silver and gold points are scored and not counted."""
    badge = tiercert.load_rubric(BADGE)
    columns = [c for c in template_columns(badge) if c.kind == "answer"]
    # the badge counts a URL only inside the justification: one with each answer
    met = {
        name: cell
        for c in columns
        for name, cell in ((c.id, "met"), (f"{c.id}.justification", EVIDENCE))
    }

    def answers(cells: dict[str, str]) -> dict[str, object]:
        """The cells as an assessment's answers (each with its evidence)."""
        found: dict[str, dict[str, str]] = {}
        for name, cell in cells.items():
            nid, _, key = name.partition(".")
            found.setdefault(nid, {})[key or "value"] = cell
        return dict(found)

    def missing(level: str) -> str:
        """The first answer whose ``unmet`` keeps ``level`` below 100, and no level below."""
        lower = ("passing", "silver", "gold")[: ("passing", "silver", "gold").index(level)]
        for column in columns:
            nodes = badge.evaluate(answers({**met, column.id: "unmet"})).nodes
            if nodes[level].score < 100 and all(nodes[n].score == 100 for n in lower):
                return column.id
        raise AssertionError(level)

    rows = [
        ("all-met", met),
        ("gold-gap", {**met, missing("gold"): "unmet"}),
        ("passing-gap", {**met, missing("passing"): "unmet"}),
    ]
    header = ["unit_id", *met]
    write_table(path, header, [[uid, *cells.values()] for uid, cells in rows])
    return badge


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_tiered_total_says_which_levels_counted(tmp_path: Path) -> None:
    """The badge's levels: a project short of passing scores silver and gold points that its
    total does not count; the counted columns say so, and add up to the total."""
    sheet = tmp_path / "projects.csv"
    _badge_sheet(sheet)
    assert main(["batch", str(BADGE), str(sheet), "-o", str(tmp_path / "out.csv")]) == 0
    rows = _read_csv(tmp_path / "out.csv")
    assert list(rows[0])[12:18] == [
        *("passing.score", "passing.counted", "silver.score", "silver.counted"),
        *("gold.score", "gold.counted"),
    ]
    shown = {
        r["unit_id"]: [
            r[f"{level}.{what}"]
            for level in ("passing", "silver", "gold")
            for what in ("score", "counted")
        ]
        for r in rows
    }
    assert shown["all-met"] == ["100", "100", "100", "100", "100", "100"]
    gold_gap = shown["gold-gap"]
    assert gold_gap[:4] == ["100", "100", "100", "100"]
    assert gold_gap[4] == gold_gap[5] != "100"
    passing, _, silver, silver_counted, gold, gold_counted = shown["passing-gap"]
    assert passing == "99"
    assert Fraction(silver) > 0
    assert Fraction(gold) >= 0
    assert (silver_counted, gold_counted) == ("0", "0")  # scored, not counted toward the total
    for r in rows:
        counted = sum(Fraction(r[f"{level}.counted"]) for level in ("passing", "silver", "gold"))
        assert counted == Fraction(r["total"]), r["unit_id"]


def test_every_output_and_engine_says_the_same(tmp_path: Path) -> None:
    """CSV through the row loop, XLSX through the row scorer a record at a time, JSON Lines
    exact, and the reference engine's full results: the same counted columns."""
    sheet = tmp_path / "projects.csv"
    badge = _badge_sheet(sheet)
    for suffix in ("csv", "xlsx", "jsonl"):
        target = tmp_path / f"out.{suffix}"
        assert main(["batch", str(BADGE), str(sheet), "-o", str(target), "--summary", "none"]) == 0
    looped = _read_csv(tmp_path / "out.csv")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert book is not None
    header, *cells = [list(r) for r in book.iter_rows(values_only=True)]
    sheet_rows = [dict(zip(header, r, strict=True)) for r in cells]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    exact = [json.loads(line) for line in lines]
    reference = list(score_records(badge, read_csv(sheet), as_text=True, engine="reference"))
    counted = [c for c in header if c.endswith(".counted")]
    assert counted == ["passing.counted", "silver.counted", "gold.counted"]
    for csv_row, xlsx_row, json_row, ref_row in zip(
        looped, sheet_rows, exact, reference, strict=True
    ):
        for column in counted:
            value = Fraction(str(ref_row[column]))
            assert Fraction(csv_row[column]) == value
            assert Fraction(str(xlsx_row[column])) == value
            assert json_row[column] == ref_row[column]


def _points(nid: str, maximum: int = 10, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "max": maximum, "rule": {"kind": "direct"}, **extra}


GROUPS = rubric_from_mapping(
    {
        "format": 1,
        "id": "counted",
        "version": "1",
        "language": "en",
        "title": "Counted",
        "criteria": [
            {
                "id": "best",
                "title": "Best two",
                "top": 2,
                "children": [
                    *(_points(f"b{i}") for i in (1, 2, 3)),
                    _points("b4", na={"counts_as": "excluded"}),
                ],
            },
            {
                "id": "capped",
                "title": "Up to 15",
                "max": 15,
                "max_exceeded": "intended",
                "children": [_points("p1"), _points("p2")],
            },
            {
                "id": "extra",
                "title": "Bonus capped at 4",
                "bonus_cap": 4,
                "children": [
                    _points("e0"),
                    _points("e1", 3, bonus=True),
                    _points("e2", 3, bonus=True),
                    _points("e3", 3, penalty=True),
                ],
            },
            {"id": "plain", "title": "A plain sum", "children": [_points("s1"), _points("s2")]},
        ],
    }
)
ANSWERS = {
    "b1": 7,
    "b2": 9,
    "b3": 8,
    "b4": "na",
    "p1": 9,
    "p2": 8,
    "e0": 5,
    "e1": 3,
    "e2": 2,
    "e3": 1,
    "s1": 4,
    "s2": 6,
}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_groups_one_level_down(engine: str) -> None:
    """``--depth 2``: the children of a best-of, a capped and a bonus-capped group get a
    counted column (a penalty and a plain sum's children none); a child left out as not
    applicable is ``na`` in both.  The top level gets them too: the bonus of ``extra`` may
    lift it past its own maximum, which the total's maximum caps."""
    scores = score_columns(GROUPS, depth=2)
    (row,) = score_records(
        GROUPS,
        [{"unit_id": "u", **ANSWERS}],
        as_text=True,
        scores=scores,
        engine=engine,  # type: ignore[arg-type]
    )
    shown = {c[: -len(".counted")]: row[c] for c in row if c.endswith(".counted")}
    assert shown == {
        "best": "17",
        "b1": "0",
        "b2": "9",
        "b3": "8",
        "b4": "na",
        "capped": "15",
        "p1": "9",
        "p2": "6",
        "extra": "8",
        "e1": "3",
        "e2": "1",
        "plain": "10",
    }
    assert (row["p2.score"], row["e2.score"], row["e3.score"]) == ("8", "2", "1")
    columns = list(row)
    assert columns.index("b1.counted") == columns.index("b1.score") + 1  # beside its score
    assert not {"e0.counted", "e3.counted", "s1.counted"} & set(row)


def test_each_childs_points_counted_from_the_scores_alone() -> None:
    """``counted_children`` works out from a group's children's scores alone what the full
    results say (``test_groups_one_level_down``): the best two of a best-of, a cap from the
    last counted back, the bonus cap in document order; ``na`` and a penalty as they are."""
    plan = GROUPS._plan
    scores = {nid: Fraction(str(v)) for nid, v in ANSWERS.items() if v != "na"}

    def counted(group: str, ids: str) -> list[Fraction | str]:
        node = plan.nodes[group]
        assert isinstance(node, GroupPlan)
        return counted_children(node, [scores.get(i, "na") for i in ids.split()])

    assert counted("best", "b1 b2 b3 b4") == [0, 9, 8, "na"]
    assert counted("capped", "p1 p2") == [9, 6]
    assert counted("extra", "e0 e1 e2 e3") == [5, 3, 1, 1]
    assert counted("plain", "s1 s2") == [4, 6]


def _bonus_beside(**cap: Any) -> dict[str, Any]:
    """A total of two criteria that allow N/A, two bonus criteria (with ``cap``: a bonus cap)
    and a penalty."""
    return {
        "format": 1,
        "id": "bonus-beside-na",
        "version": "1",
        "language": "en",
        "title": "Bonus beside N/A",
        **cap,
        "criteria": [
            _points("a", na={"counts_as": "excluded"}),
            _points("b", na={"counts_as": "excluded"}),
            _points("e1", 3, bonus=True),
            _points("e2", 3, bonus=True),
            _points("p", 2, penalty=True),
        ],
    }


#: the cells of a, b, e1, e2 and p; the total and the counted columns of e1 and e2 (a and b
#: get none: they count whole) without a bonus cap, and with one of 4
BESIDE = [
    (("na", "na", "3", "2", "1"), ("0", "0", "0"), ("0", "0", "0")),
    (("na", "4", "3", "2", "1"), ("12", "3", "2"), ("11", "3", "1")),  # b's 4 of 10: 8 of 20
    (("na", "na", "0", "0", "0"), ("0", "0", "0"), ("0", "0", "0")),
]


@pytest.mark.parametrize("bonus_cap", [None, 4])
def test_a_bonus_beside_base_criteria_all_left_out_counts_nothing(
    tmp_path: Path, bonus_cap: int | None
) -> None:
    """A total whose base criteria N/A may all leave out (with and without a bonus cap):
    every bonus gets a counted column, 0 where the base was all left out (the total is 0),
    what counted where a base criterion was answered.  CSV to CSV through ``tiercert batch``
    and through the row loop (from the top-level scores alone), records through the row
    scorer, and the reference's full results: the same."""
    data = _bonus_beside(**({} if bonus_cap is None else {"bonus_cap": bonus_cap}))
    rubric = rubric_from_mapping(data)
    counted = ["e1", "e2"]
    assert [c for c in ResultTable(rubric).columns if c.endswith(".counted")] == [
        f"{nid}.counted" for nid in counted
    ]
    header = ["unit_id", "a", "b", "e1", "e2", "p"]
    cells = [[f"u{i}", *answers] for i, (answers, _, _) in enumerate(BESIDE)]
    sheet = tmp_path / "units.csv"
    write_table(sheet, header, cells)
    looped, rows = _csv_batch(rubric, sheet, "fast")
    assert rows == len(BESIDE)  # every row through the row loop
    assert looped == _csv_batch(rubric, sheet, "reference")[0]
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["batch", str(path), str(sheet), "-o", str(out), "--summary", "none"]) == 0
    records = [dict(zip(header, row, strict=True)) for row in cells]
    fast = list(score_records(rubric, records, as_text=True))
    assert fast == list(score_records(rubric, records, as_text=True, engine="reference"))
    written = list(csv.DictReader(io.StringIO(looped)))
    for (answers, without, with_cap), row, cli, record in zip(
        BESIDE, written, _read_csv(out), fast, strict=True
    ):
        expected = without if bonus_cap is None else with_cap
        for shown in (row, cli, record):
            assert (shown["total"], *(shown[f"{nid}.counted"] for nid in counted)) == expected
            assert (shown["e1.score"], shown["e2.score"]) == answers[2:4]  # what they scored


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_group_left_out_beside_its_bonus_one_level_down(engine: str, tmp_path: Path) -> None:
    """``--depth 3``: the bonus children of groups whose base criteria N/A may all leave out
    (without and with a bonus cap, a bonus group below) get a counted column, 0 where the
    group was left out; a bonus beside a base criterion that always counts gets none."""
    na = {"na": {"counts_as": "excluded"}}
    data = {
        "format": 1,
        "id": "left-out",
        "version": "1",
        "language": "en",
        "title": "Left out",
        "criteria": [
            _points("k"),
            {
                "id": "capless",
                "title": "capless",
                "children": [_points("a1", 5, **na), _points("x1", 3, bonus=True)],
            },
            {
                "id": "capped",
                "title": "capped",
                "bonus_cap": 4,
                "children": [
                    _points("c1", 5, **na),
                    _points("y1", 3, bonus=True),
                    _points("y2", 3, bonus=True),
                ],
            },
            {
                "id": "nested",
                "title": "nested",
                "children": [
                    _points("n1", 5, **na),
                    {
                        "id": "inner",
                        "title": "inner",
                        "bonus": True,
                        "bonus_cap": 1,
                        "children": [_points("i1", 10), _points("i2", 2, bonus=True)],
                    },
                ],
            },
            {
                "id": "some",
                "title": "some",
                "children": [
                    _points("s1", 5, **na),
                    _points("s2", 5),
                    _points("z1", 2, bonus=True),
                ],
            },
        ],
    }
    rubric = rubric_from_mapping(data)
    left_out: dict[str, object] = {"a1": "na", "c1": "na", "n1": "na"}
    answered: dict[str, object] = {"a1": 1, "c1": 1, "n1": 1}
    common = {"k": 4, "x1": 3, "y1": 3, "y2": 2, "i1": 10, "i2": 2, "s1": "na", "s2": 3, "z1": 2}
    records = [
        {"unit_id": f"u{i}", **common, **answers} for i, answers in enumerate((left_out, answered))
    ]
    scores = score_columns(rubric, depth=3)
    rows = list(score_records(rubric, records, as_text=True, scores=scores, engine=engine))  # type: ignore[arg-type]
    shown = [{c[: -len(".counted")]: row[c] for c in row if c.endswith(".counted")} for row in rows]
    # the top level's (the total's maximum caps the groups' bonus); i2: told by inner
    top = {"k": "4", "capless": "na", "capped": "na", "nested": "na", "some": "8"}
    assert shown[0] == {**top, "x1": "0", "y1": "0", "y2": "0", "inner": "0", "i2": "1"}
    assert {nid: shown[1][nid] for nid in ("x1", "y1", "y2", "inner", "i2")} == {
        "x1": "3",
        "y1": "3",
        "y2": "1",
        "inner": "11",
        "i2": "1",
    }
    assert not {"a1", "c1", "n1", "i1", "s1", "s2", "z1"} & set(shown[0])
    assert (rows[0]["x1.score"], rows[0]["inner.score"]) == ("3", "11")
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    sheet = tmp_path / "units.csv"
    header = list(records[0])
    write_table(sheet, header, [[cell_text(r[c]) for c in header] for r in records])
    out = tmp_path / "out.csv"
    argv = ["batch", str(path), str(sheet), "-o", str(out), "--depth", "3", "--summary", "none"]
    assert main(argv) == 0

    def points(row: dict[str, Any]) -> dict[str, Any]:
        return {c: v for c, v in row.items() if c.endswith((".score", ".counted", "total"))}

    assert [points(row) for row in _read_csv(out)] == [points(row) for row in rows]


def test_a_rubric_that_counts_every_point_has_no_counted_column(tmp_path: Path) -> None:
    """Bắc Giang's groups count all of their criteria's points: the columns are as they were,
    at any depth."""
    bac_giang = tiercert.load_rubric(BAC_GIANG)
    for scores in (None, score_columns(bac_giang, depth=3)):
        columns = ResultTable(bac_giang, scores=scores).columns
        assert not any(c.endswith(".counted") for c in columns)


def _counted_or_score(node: tiercert.NodeResult | None) -> str:
    if node is None:
        return ""
    if node.status == "excluded":
        return "na"
    points = node.score if node.counted_points is None else node.counted_points
    return cell_text(points, exact=True)


def _cuts_somewhere(rubric: Rubric) -> bool:
    plan = rubric._plan
    return any(
        isinstance(g, GroupPlan) and g.cuts is not None for g in (plan.root, *plan.nodes.values())
    )


def _cells(assessment: tiercert.Assessment) -> dict[str, object]:
    """An assessment's answers and facts as a sheet's cells (evidence in its own columns)."""
    cells: dict[str, object] = {}
    for nid, answer in assessment.answers.items():
        if isinstance(answer, dict):
            cells[nid] = answer.get("value")
            for key in ("justification", "url"):
                if key in answer:
                    cells[f"{nid}.{key}"] = answer[key]
        else:
            cells[nid] = answer
    return {**cells, **assessment.facts}


def _reference_rows(
    rubric: Rubric, records: list[dict[str, object]], scores: tuple[str, ...] | None
) -> tuple[list[dict[str, object]], list[tiercert.Result | None]]:
    """The reference's exact rows, and its full results."""
    results: list[tiercert.Result | None] = []
    rows = score_records(
        rubric,
        records,
        as_text=True,
        scores=scores,
        engine="reference",
        on_outcome=lambda outcome: results.append(outcome.result),
    )
    return list(rows), results


@settings(max_examples=150, deadline=None)
@given(rubrics(), st.data())
def test_counted_columns_are_the_reference_results(rubric: Rubric, data: st.DataObject) -> None:
    """Over random rubrics with best-of, tiered, capped and bonus-capped groups: each counted
    column, at the top level (the row scorer's, from the top-level scores alone) and at every
    depth (from full results), is what the reference's result counted of the criterion (its
    score where it says nothing), and the fast way writes what the reference writes."""
    assume(_cuts_somewhere(rubric))
    records = [{"unit_id": f"u{i}", **_cells(data.draw(answers_for(rubric)))} for i in range(3)]
    for scores in (None, score_columns(rubric, depth=10)):
        reference, results = _reference_rows(rubric, records, scores)
        fast = list(score_records(rubric, records, as_text=True, scores=scores))
        assert fast == reference
        for row, result in zip(fast, results, strict=True):
            for column, value in row.items():
                if column.endswith(".counted"):
                    assert result is not None
                    node = result.nodes.get(column[: -len(".counted")])
                    assert value == _counted_or_score(node), column
            if result is None:
                continue
            # every criterion shown whose group counted only part of its points says it
            told = {n.id for n in result.nodes.values() if n.counted_points is not None}
            for nid in told:
                assert f"{nid}.score" not in row or f"{nid}.counted" in row, nid


def _bonus_counted_beside_left_out(rubric: Rubric, row: dict[str, object]) -> int:
    """In a batch's row: each group whose base criteria's score columns all read ``na`` (left
    out) counted nothing of its bonus criteria shown: their counted columns (their score where
    they have none) add up to 0.  How many such groups had a bonus shown that scored."""
    plan = rubric._plan
    found = 0
    for group in (plan.root, *plan.nodes.values()):
        if not isinstance(group, GroupPlan) or not group.base_count:
            continue
        roles = zip(group.children, group.bonus, group.penalty, group.waiting, strict=True)
        base: list[str] = []
        bonus: list[str] = []
        for child, is_bonus, penalty, waiting in roles:
            if not (penalty or waiting):
                (bonus if is_bonus else base).append(child.id)
        if not all(row.get(f"{nid}.score") == "na" for nid in base):
            continue  # (a criterion not shown, or below a group given directly: unknown)
        shown = [
            row.get(f"{nid}.counted", row[f"{nid}.score"])
            for nid in bonus
            if f"{nid}.score" in row and row[f"{nid}.score"] != "na"
        ]
        assert sum((Fraction(str(v)) for v in shown), Fraction(0)) == 0, group.id
        found += any(
            Fraction(str(row[f"{nid}.score"]))
            for nid in bonus
            if row.get(f"{nid}.score") not in (None, "na")
        )
    return found


@settings(max_examples=60, deadline=None)
@given(rubrics(na_bonus=True, max_depth=2, max_children=3), st.data())
def test_counted_columns_of_a_bonus_beside_base_criteria_left_out(
    tmp_path_factory: pytest.TempPathFactory, rubric: Rubric, data: st.DataObject
) -> None:
    """Over random rubrics with bonus criteria beside criteria N/A often leaves out, answered
    N/A often: at the top level (the row scorer's, and the row loop's CSV) and at every depth
    (full results), each counted column is what the reference's result counted, and a group
    whose base criteria were all left out counted none of its bonus criteria's points."""
    records = [
        {"unit_id": f"u{i}", **_cells(data.draw(answers_for(rubric, na_odds=0 if i else 1)))}
        for i in range(3)
    ]
    scored = 0
    for scores in (None, score_columns(rubric, depth=10)):
        reference, results = _reference_rows(rubric, records, scores)
        fast = list(score_records(rubric, records, as_text=True, scores=scores))
        assert fast == reference
        for row, result in zip(fast, results, strict=True):
            for column, value in row.items():
                if column.endswith(".counted"):
                    assert result is not None
                    assert value == _counted_or_score(result.nodes.get(column[: -len(".counted")]))
            if result is not None:
                scored += _bonus_counted_beside_left_out(rubric, row)
    event(f"groups left out beside a bonus that scored: {min(scored, 2)}")
    if rubric._plan.root.cuts is None:
        return
    header = ["unit_id", *dict.fromkeys(k for r in records for k in r if k != "unit_id")]
    rows = [[cell_text(r.get(c)) for c in header] for r in records]
    path = tmp_path_factory.mktemp("beside") / "units.csv"
    write_table(path, header, rows)
    assert _csv_batch(rubric, path, "fast")[0] == _csv_batch(rubric, path, "reference")[0]


def _csv_batch(rubric: Rubric, path: Path, engine: str) -> tuple[str, int]:
    """A CSV file scored to CSV text, counted into a summary (the row loop's way, for the
    fast engine), and how many rows the row loop scored."""
    out = io.StringIO()
    looped: list[int] = []
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        for _ in score_rows(
            rubric,
            read_csv(path),
            writer,
            engine=engine,  # type: ignore[arg-type]
            tally=SummaryBuilder(rubric),
            on_rows=looped.append,
        ):
            pass
    return out.getvalue(), sum(looped)


@settings(max_examples=100, deadline=None)
@given(rubrics(), st.data())
def test_the_row_loop_writes_the_reference_counted_columns(
    tmp_path_factory: pytest.TempPathFactory, rubric: Rubric, data: st.DataObject
) -> None:
    """A rubric whose total may count part of its top-level criteria: the row loop works the
    counted columns out from the top-level scores, and writes every byte the reference
    writes."""
    assume(rubric._plan.root.cuts is not None)
    records = [_cells(data.draw(answers_for(rubric, complete=True))) for _ in range(4)]
    header = ["unit_id", *dict.fromkeys(k for r in records for k in r)]
    rows = [[f"u{i}", *(cell_text(r.get(c)) for c in header[1:])] for i, r in enumerate(records)]
    path = tmp_path_factory.mktemp("counted") / "units.csv"
    write_table(path, header, rows)
    fast, _ = _csv_batch(rubric, path, "fast")
    reference, _ = _csv_batch(rubric, path, "reference")
    assert fast == reference
    assert ".counted," in fast.splitlines()[0]


def test_a_programme_table_keeps_the_counted_columns() -> None:
    """A programme's results are the batch's columns with its own: the counted ones too."""
    from tiercert.programme import ProgrammeTable

    columns = ProgrammeTable(tiercert.load_rubric(BADGE)).columns
    at = columns.index("silver.score")
    assert columns[at : at + 2] == ["silver.score", "silver.counted"]


def _one_group(*children: dict[str, Any], **group: Any) -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "one",
            "version": "1",
            "language": "en",
            "title": "One group",
            "criteria": [{"id": "g", "title": "g", "children": list(children), **group}],
        }
    )


def test_a_penalty_in_a_best_of_group_has_no_counted_column() -> None:
    """A penalty beside criteria of which only the best count is apart from what the group
    counts (its own detail says what it takes): no counted column, at any depth."""
    rubric = _one_group(_points("a"), _points("b"), _points("c", 3, penalty=True), top=1)
    table = ResultTable(rubric, scores=score_columns(rubric, depth=2))
    assert {c for c in table.columns if c.endswith(".counted")} == {"a.counted", "b.counted"}


def test_a_bonus_its_cap_never_cuts_has_no_counted_column() -> None:
    """A bonus cap the bonuses cannot reach cuts nothing of them, even in a group whose base
    counts only its best: the bonuses get no counted column, the base criteria do."""
    rubric = _one_group(_points("a"), _points("b"), _points("e", 2, bonus=True), top=1, bonus_cap=5)
    table = ResultTable(rubric, scores=score_columns(rubric, depth=2))
    counted = {c for c in table.columns if c.endswith(".counted")}
    assert counted - {"g.counted"} == {"a.counted", "b.counted"}  # (g: the total's cap)


def test_only_the_score_columns_shown_are_counted() -> None:
    """The batch's counted criteria are those of its score columns: a criterion of a best-of
    group left out of ``scores`` is none of them."""
    rubric = _one_group(_points("a"), _points("b"), top=1)
    assert ResultTable(rubric, scores=["g", "a"]).counted == {"a"}
