"""A programme's stage rows share one reader per sheet, as a batch's rows do: the columns of
a header and the messages of unknown columns are worked out once, not for every stage row
(leftovers, fourteenth round: a rejected row cost a new reader per stage), and the output is
byte for byte what a reader per stage row wrote."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
import tiercert._columns
from conftest import ROOT
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
