"""A programme's stage rows share one reader per sheet, as a batch's rows do: the columns of
a header and the messages of unknown columns are worked out once, not for every stage row
(leftovers, fourteenth round: a rejected row cost a new reader per stage), and the output is
byte for byte what a reader per stage row wrote.  A group's full maximum is worked out once
per plan, not at every read of every stage row (fifteenth round)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
import tiercert._columns
from conftest import ROOT
from strategies import rubrics
from tiercert._compile import GroupPlan
from tiercert.batch import Outcome, evaluate_many
from tiercert.programme import ProgrammeReader, ProgrammeTable, score_units
from tiercert.tabular import CsvWriter, Row, read_csv

RUBRIC = tiercert.load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
STAGES = ("self", "district", "province")
GROUPS = ("g1", "g2", "g3", "g4", "g5")
#: shared columns, then each stage's, then two a rubric does not know (one per kind)
HEADER = (
    "unit_id", "unit_name", "district", "unit_type", "year",
    *(f"{stage}:{g}" for stage in STAGES for g in GROUPS),
    "self:g9", "gx",
)  # fmt: skip
CELLS = ("12", "12.5", "18,5", "26", "-1", "", "", "abc", "na", "20", " 7 ")


class _FreshReaders(ProgrammeReader):
    """The code before: every stage row through ``evaluate_many``, with a reader of its own."""

    def _evaluate(self, item: Row) -> Outcome | None:
        outcomes = evaluate_many(self.rubric, [item], missing=self.missing, unique_ids=False)
        return next(iter(outcomes), None)


def _written(reader: ProgrammeReader, path: Path) -> tuple[str, list[list[str]]]:
    table = ProgrammeTable(RUBRIC)
    out = io.StringIO()
    problems = []
    with CsvWriter(table.columns, out) as writer:
        for unit in reader.read(read_csv(path)):
            writer.write(table.row(unit))
            problems.append([p.format("vi") for p in unit.problems])
    return out.getvalue(), problems


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["u1", "u2", "u3", "", "#c"]),
            st.lists(st.sampled_from(CELLS), min_size=17, max_size=17),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_one_reader_writes_what_a_reader_per_stage_row_wrote(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, list[str]]]
) -> None:
    """Drawn sheets: good and refused cells, empty stages (a stage row's header changes with
    the cells given), unknown columns, ids used again, comment rows: the same bytes and the
    same problems, in Vietnamese, as a reader per stage row."""
    path = tmp_path_factory.mktemp("programme") / "units.csv"
    lines = [",".join(HEADER)]
    for unit_id, cells in rows:
        quoted = [f'"{c}"' if "," in c else c for c in cells]
        lines.append(",".join([unit_id, "Xã A", "Huyện 1", "xã", "2024", *quoted]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _written(ProgrammeReader(RUBRIC), path) == _written(_FreshReaders(RUBRIC), path)


def test_a_sheet_of_rejected_rows_makes_one_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50 units, three stages each, every one refused (g2 of the district's stage above its
    maximum): one reader for the sheet; before, one per stage row (150)."""
    made: list[object] = []
    init = tiercert._columns.Reader.__init__

    def counted(self: Any, rubric: Any) -> None:
        made.append(self)
        init(self, rubric)

    lines = [",".join(HEADER[:-2])]
    for i in range(50):
        cells = ["12"] * 15
        cells[STAGES.index("district") * 5 + 1] = "26"
        lines.append(",".join([f"u{i}", "Xã A", "Huyện 1", "xã", "2024", *cells]))
    path = tmp_path / "units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(tiercert._columns.Reader, "__init__", counted)
    table = ProgrammeTable(RUBRIC)
    with CsvWriter(table.columns, io.StringIO()) as writer:
        units = list(score_units(RUBRIC, read_csv(path), writer, table))
    assert len(units) == 50
    assert all(u.problems and u.problems[0].code == "answer.range" for u in units)
    assert len(made) == 1


def _score_units(rubric: tiercert.Rubric, path: Path, units: int, *, rejected: bool) -> int:
    lines = [",".join(HEADER[:-2])]
    for i in range(units):
        cells = ["12.5"] * 15
        if rejected:
            cells[STAGES.index("district") * 5 + 1] = "26"
        lines.append(",".join([f"u{i}", "Xã A", "Huyện 1", "xã", "2024", *cells]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = ProgrammeTable(rubric)
    with CsvWriter(table.columns, io.StringIO()) as writer:
        scored = list(score_units(rubric, read_csv(path), writer, table))
    assert all(bool(u.problems) == rejected for u in scored)
    return len(scored)


@pytest.mark.parametrize("rejected", [True, False])
def test_a_group_s_full_maximum_is_worked_out_once_per_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rejected: bool
) -> None:
    """Scoring 50 units (150 stage rows, read through the reference's group reader) works out
    no group's full maximum: the plans hold it (the rubric's, and the compiled evaluator's
    scaled copy, made with the evaluator by the first unit).  Before, a property added the
    base maximum and the bonus at each read, about 40 times a unit (41,000 for 1,000 rejected
    units)."""
    worked: list[GroupPlan] = []
    full_max = tiercert._compile._full_max

    def counted(group: GroupPlan) -> Any:
        worked.append(group)
        return full_max(group)

    monkeypatch.setattr(tiercert._compile, "_full_max", counted)
    rubric = tiercert.load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    groups = [n for n in rubric._plan.nodes.values() if isinstance(n, GroupPlan)]
    assert len(worked) == len(groups) + 1  # each group and the root, once
    assert _score_units(rubric, tmp_path / "first.csv", 1, rejected=rejected) == 1
    assert len(worked) <= 2 * (len(groups) + 1)  # the compiled evaluator's copy, once
    before = len(worked)
    assert _score_units(rubric, tmp_path / "units.csv", 50, rejected=rejected) == 50
    assert len(worked) == before


@settings(max_examples=50, deadline=None)
@given(rubrics(), st.fractions(min_value=0, max_value=100))
def test_a_group_s_full_maximum_is_its_maximum_and_bonus(
    rubric: tiercert.Rubric, bonus: Any
) -> None:
    """Drawn rubrics, each scored for a drawn day (a future criterion that does not count yet
    is left out of its group's maxima): each group's full maximum is its base maximum and its
    bonus, and a plan made from another (``dataclasses.replace``) works its own out."""
    plan = rubric._plan
    for group in [plan.root, *(n for n in plan.nodes.values() if isinstance(n, GroupPlan))]:
        assert group.full_max == group.max + group.bonus_max
        assert dataclasses.replace(group, bonus_max=bonus).full_max == group.max + bonus
