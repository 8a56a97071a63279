"""A rejected row costs what is needed once: the reference reads it once, and its missing
answers are placed at their (empty) columns from the sheet's layout (``Reader.pinpoint``),
with the same problems, byte for byte, as reading it again with its empty cells marked."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import sheets

import tiercert._reference
import tiercert.rubric
from conftest import ROOT
from tiercert import Rubric, load_rubric
from tiercert._columns import Missing, Prepared, Reader
from tiercert.assessment import Assessment
from tiercert.batch import ResultTable, evaluate_many, score_rows
from tiercert.errors import AssessmentError, Problem
from tiercert.tabular import CsvWriter, read_csv, write_table
from tiercert.template import template_columns


def _marked_again(
    self: Reader, problems: Sequence[Problem], prepared: Prepared, missing: Missing
) -> Sequence[Problem]:
    """What ``Reader.pinpoint`` did before: the reference reads the row a second time, with
    its empty cells given as None, to say which missing answers have a column."""
    cols, assessment = prepared.columns, prepared.assessment
    vague = any(p.code in ("answer.missing", "fact.missing") and len(p.path) < 2 for p in problems)
    if cols is None or assessment is None or not vague:
        return problems
    answers = dict(assessment.answers)
    for _, ident in cols.answers:
        answers.setdefault(ident, None)
    facts = dict(assessment.facts)
    for _, ident in cols.facts:
        facts.setdefault(ident, None)
    marked = Assessment(answers=answers, facts=facts, unit_id=assessment.unit_id)
    try:
        self.rubric.evaluate(marked, missing=missing, engine="reference")
    except AssessmentError as exc:
        return exc.problems
    raise AssertionError("the same answers cannot start passing")


def _written(rubric: Rubric, path: Path, missing: Missing) -> tuple[str, list[str]]:
    """The CSV a batch writes of the sheet at ``path`` and every problem as people read it
    (through the row path and through the usual one)."""
    out = io.StringIO()
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        outcomes = list(score_rows(rubric, read_csv(path), writer, missing=missing))
    usual = list(evaluate_many(rubric, read_csv(path), missing=missing))
    return out.getvalue(), [p.format("vi") for o in [*outcomes, *usual] for p in o.problems]


@settings(max_examples=80, deadline=None)
@given(sheets(), st.data())
def test_a_rejected_rows_problems_are_those_of_reading_it_again(
    tmp_path_factory: pytest.TempPathFactory,
    sheet: tuple[Rubric, list[str], list[list[str]]],
    data: st.DataObject,
) -> None:
    rubric, header, rows = sheet
    # cells left blank here and there, and rows with nothing but their unit id
    for row in rows:
        for i in range(len(row)):
            if header[i] != "unit_id" and data.draw(st.integers(0, 3)) == 0:
                row[i] = ""
    if data.draw(st.booleans()):
        rows.append(["u-only" if c == "unit_id" else "" for c in header])
    missing: Missing = data.draw(st.sampled_from([None, "error", "zero"]))
    path = tmp_path_factory.mktemp("rejected") / "units.csv"
    write_table(path, header, rows)
    now = _written(rubric, path, missing)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            Reader,
            "pinpoint",
            lambda self, problems, prepared: _marked_again(self, problems, prepared, missing),
        )
        before = _written(rubric, path, missing)
    assert now == before  # every output byte, every problem as people read it


@pytest.fixture
def unit_ids_only(tmp_path: Path) -> tuple[Rubric, Path, int]:
    """A shipped rubric that rejects missing answers and a sheet of rows with a unit id only."""
    rubric = load_rubric(ROOT / "rubrics" / "vn_access_to_law.yaml")
    header = [c.id for c in template_columns(rubric)]
    rows = [[f"u{i}" if c == "unit_id" else "" for c in header] for i in range(40)]
    path = tmp_path / "ids.csv"
    write_table(path, header, rows)
    return rubric, path, len(rows)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    read = tiercert._reference.read_answers

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return read(*args, **kwargs)

    monkeypatch.setattr(tiercert.rubric, "read_answers", counted)
    return calls


def test_the_reference_reads_a_rejected_row_once(
    unit_ids_only: tuple[Rubric, Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rubric, path, count = unit_ids_only
    calls = _counting(monkeypatch)
    outcomes = list(evaluate_many(rubric, read_csv(path)))
    assert all(not o.ok for o in outcomes)
    # each missing answer named by its column all the same
    assert all(p.where != "$" for o in outcomes for p in o.problems)
    assert len(calls) == count  # once per row (twice before: to find it refused, to place)
    calls.clear()
    with CsvWriter(ResultTable(rubric).columns, io.StringIO()) as writer:
        assert len(list(score_rows(rubric, read_csv(path), writer))) == count
    assert len(calls) == count
