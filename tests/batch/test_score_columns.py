"""Batch outputs with chosen score columns (issue 14): ``--columns`` ids or ``--depth N``, in
``tiercert batch`` (CSV, XLSX, JSON Lines), ``score_records``/``ResultTable`` and tiercert.dask;
a scheme whose sections sit one level down keeps them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import dask
import dask.dataframe as dd
import openpyxl
import pandas as pd
import pytest
import yaml

from conftest import run_cli
from tiercert import Rubric, rubric_from_mapping
from tiercert.batch import ResultTable, score_columns, score_records
from tiercert.dask import score_dataframe

# BREEAM-like: the sections sit under a weighted group, innovation beside it
RUBRIC = """\
format: 1
id: sections
version: "1"
title: Sections
criteria:
  - id: main
    title: Main
    aggregate: weighted
    max: 100
    children:
      - id: energy
        title: Energy
        weight: 3
        children:
          - {id: e1, title: E1, max: 10, rule: {kind: direct}}
      - id: water
        title: Water
        weight: 1
        children:
          - {id: w1, title: W1, max: 10, rule: {kind: direct}}
  - {id: innovation, title: Innovation, max: 10, bonus: true, rule: {kind: direct}}
tiers: []
"""
SHEET = "unit_id,e1,w1,innovation\nu1,5,10,2\nu2,10,0,0\n"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "units.csv").write_text(SHEET, encoding="utf-8")
    return tmp_path


def _rubric() -> Rubric:
    return rubric_from_mapping(yaml.safe_load(RUBRIC))


def test_score_columns_by_default_ids_and_depth() -> None:
    rubric = _rubric()
    assert score_columns(rubric) == ("main", "innovation")
    assert score_columns(rubric, depth=2) == ("main", "energy", "water", "innovation")
    assert score_columns(rubric, ids=["water", "energy"]) == ("water", "energy")
    with pytest.raises(ValueError, match="no criterion has the id 'enrgy'; did you mean 'energy'"):
        score_columns(rubric, ids=["enrgy"])
    with pytest.raises(ValueError, match="1 or more"):
        score_columns(rubric, depth=0)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_batch_csv_with_depth_and_columns(files: Path) -> None:
    rubric, units = str(files / "rubric.yaml"), str(files / "units.csv")
    status, out, _ = run_cli("batch", rubric, units, "--depth", "2", "--summary", "none")
    assert status == 0
    rows = _csv(out)
    # energy 50% x 3, water 100% x 1: 62.5 of 100; the sections' own scores are shown
    wanted = {"main.score": "62.5", "energy.score": "5", "water.score": "10"}
    assert {k: rows[0][k] for k in wanted} == wanted
    assert rows[0]["innovation.score"] == "2"
    status, out, _ = run_cli("batch", rubric, units, "--columns", "water, e1", "--summary", "none")
    assert status == 0
    header = next(csv.reader(io.StringIO(out)))
    assert [c for c in header if c.endswith(".score")] == ["water.score", "e1.score"]
    assert [r["e1.score"] for r in _csv(out)] == ["5", "10"]


def test_batch_refuses_an_unknown_column_without_a_traceback(files: Path) -> None:
    status, _, err = run_cli(
        "batch", str(files / "rubric.yaml"), str(files / "units.csv"), "--columns", "enrgy"
    )
    assert status == 2
    assert err == "tiercert batch: no criterion has the id 'enrgy'; did you mean 'energy'?\n"


def test_batch_xlsx_and_jsonl_keep_the_chosen_columns(files: Path) -> None:
    rubric, units = str(files / "rubric.yaml"), str(files / "units.csv")
    xlsx, jsonl = files / "out.xlsx", files / "out.jsonl"
    assert run_cli("batch", rubric, units, "--depth", "2", "-o", str(xlsx))[0] == 0
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert "energy.score" in header
    assert sheet.cell(2, header.index("energy.score") + 1).value == 5
    assert run_cli("batch", rubric, units, "--depth", "2", "-o", str(jsonl))[0] == 0
    first = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    assert (first["energy.score"], first["water.score"]) == ("5", "10")


def test_score_records_and_result_table() -> None:
    rubric = _rubric()
    records = [{"unit_id": "u1", "e1": "5", "w1": "10", "innovation": "2"}]
    (out,) = score_records(rubric, records, as_text=True, scores=["energy", "water"])
    assert (out["energy.score"], out["water.score"]) == ("5", "10")
    assert "main.score" not in out
    assert ResultTable(rubric, scores=["w1"]).columns[12] == "w1.score"


def test_dask_builds_the_same_columns() -> None:
    rubric = _rubric()
    frame = dd.from_pandas(pd.read_csv(io.StringIO(SHEET), dtype=str), npartitions=2)
    with dask.config.set(scheduler="synchronous"):
        scored = score_dataframe(frame, rubric, scores=["energy", "water"])
        results, _ = scored.compute()
    assert list(results.columns) == scored.columns
    assert list(results["energy.score"]) == ["5", "10"]
    with pytest.raises(ValueError, match="did you mean 'water'"):
        score_dataframe(frame, rubric, scores=["watr"])
