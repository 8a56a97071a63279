"""Fuzz the batch readers: CSV, XLSX and JSON Lines sheets of answers, mutated.

Whatever the file: reading it gives rows or a ``TableError`` with documented problems; a bad
row is that row's problem and the good rows are still scored; the compiled engine (the row
scorer) and the reference give the same outcomes; each row scored alone gives what it got in
the batch (only "unit id used twice" depends on other rows); ``score_records`` gives one
record per outcome; and ``tiercert batch`` writes outputs that open, hold no formula, and
one row per outcome.
"""

from __future__ import annotations

import io
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from fuzzing import Target, assert_error, assert_problems, problem_keys, run
from hypothesis import event
from hypothesis import strategies as st
from mutations import SHIPPED
from oracles import (
    check_csv_output,
    check_jsonl_output,
    check_result,
    check_text_output,
    check_xlsx_output,
    drawn_rubrics,
)
from sheets import sheet

import tiercert


@cache
def _shipped(index: int) -> tiercert.Rubric:
    return tiercert.load_rubric(SHIPPED[index])


def _key(outcome: tiercert.Outcome) -> tuple[Any, ...]:
    result = outcome.result
    return (
        outcome.number,
        outcome.unit_id,
        outcome.unit_name,
        None if result is None else result.to_json(),
        problem_keys(outcome.problems),
    )


def _outcomes(
    rubric: tiercert.Rubric, path: Path, engine: str
) -> list[tiercert.Outcome] | list[tuple[str, str, str]]:
    try:
        return list(tiercert.evaluate_many(rubric, tiercert.read_rows(path), engine=engine))  # type: ignore[arg-type]
    except tiercert.TableError as exc:
        assert_error(exc)
        return problem_keys(exc.problems)


def check_sheet(rubric: tiercert.Rubric, kind: str, data: bytes, cli: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"units.{kind}"
        path.write_bytes(data)
        fast = _outcomes(rubric, path, "fast")
        reference = _outcomes(rubric, path, "reference")
        if not fast or not isinstance(fast[0], tiercert.Outcome):
            assert fast == reference, "the engines refuse the sheet differently"
            event(f"{kind}: {'no rows' if not fast else 'refused'}")
            return
        scored = sum(1 for o in fast if isinstance(o, tiercert.Outcome) and o.ok)
        rejected = len(fast) - scored
        event(
            f"{kind}: {'some' if scored else 'no'} scored, {'some' if rejected else 'no'} rejected"
        )
        assert all(isinstance(o, tiercert.Outcome) for o in reference)
        assert [_key(o) for o in fast] == [_key(o) for o in reference]  # type: ignore[arg-type]
        rows = {row.number: row for row in tiercert.read_rows(path)}
        for outcome in fast:
            assert isinstance(outcome, tiercert.Outcome)
            assert_problems(outcome.problems)
            assert outcome.ok != bool(outcome.problems)
            if outcome.result is not None:
                check_result(outcome.result)
            alone = list(tiercert.evaluate_many(rubric, [rows[outcome.number]], unique_ids=False))
            assert len(alone) == 1
            if outcome.ok or "unit.duplicate" not in {p.code for p in outcome.problems}:
                assert _key(alone[0]) == _key(outcome), "a row scores otherwise alone"
        for engine in ("fast", "reference"):
            records = tiercert.score_records(rubric, tiercert.read_rows(path), engine=engine)
            _same_status(
                [r["status"] == "scored" for r in records], fast, f"score_records ({engine})"
            )
        texts = list(tiercert.score_records(rubric, tiercert.read_rows(path), as_text=True))
        assert all(isinstance(v, str) for r in texts for v in r.values())
        if cli is not None:
            _batch(rubric, path, Path(folder), fast, cli)


def _same_status(scored: list[bool], outcomes: list[Any], what: str) -> None:
    """Output rows say "scored" exactly for the outcomes that are (in order)."""
    assert len(scored) == len(outcomes), f"{what}: {len(scored)} rows for {len(outcomes)} units"
    for ok, outcome in zip(scored, outcomes, strict=True):
        codes = sorted({p.code for p in outcome.problems})
        assert ok == outcome.ok, (
            f"{what} {'scored' if ok else 'rejected'} row {outcome.number} that evaluate_many "
            f"{'scored' if outcome.ok else 'rejected'}: {codes}"
        )


def _batch(
    rubric: tiercert.Rubric, path: Path, folder: Path, outcomes: list[Any], kind: str
) -> None:
    """``tiercert batch`` of the sheet, written as ``kind``."""
    from tiercert.cli import main

    rubric_file = folder / "rubric.yaml"
    rubric_file.write_text(rubric.to_yaml(), encoding="utf-8")
    output = folder / f"results.{kind}"
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(rubric_file), str(path), "-o", str(output)]
    code = main(argv, stdout=out, stderr=err)
    assert code in (0, 1), f"exit {code}: {err.getvalue()[-2000:]}"
    check_text_output(out.getvalue())
    check_text_output(err.getvalue())
    if kind == "csv":
        rows: list[Any] = check_csv_output(output.read_bytes())
        status = [row[3] == "scored" for row in rows[1:]]
    elif kind == "xlsx":
        rows = check_xlsx_output(output)
        status = [row[3] == "scored" for row in rows[1:]]
    else:
        status = [line["status"] == "scored" for line in check_jsonl_output(output.read_bytes())]
    _same_status(status, outcomes, f"tiercert batch -o {output.name}")


@st.composite
def _case(draw: st.DrawFn) -> tuple[tiercert.Rubric, str, bytes, str | None]:
    if draw(st.booleans()):
        rubric = draw(st.integers(0, len(SHIPPED) - 1).map(_shipped))
    else:
        rubric = draw(drawn_rubrics(max_depth=2, max_children=3))
    kind, data = draw(sheet(rubric))
    cli = draw(st.sampled_from((None, None, None, "csv", "xlsx", "jsonl")))
    return rubric, kind, data, cli


SHEETS = Target("sheets", _case(), lambda case: check_sheet(*case), examples=60)


def test_sheets() -> None:
    run(SHEETS)
