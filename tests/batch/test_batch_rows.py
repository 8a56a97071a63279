"""The batch's fast row path (compiled row scorers) writes exactly what the reference writes."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
import re
from collections.abc import Generator, Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tiercert
from conftest import ROOT, TESTS
from strategies import answers_for, rubrics
from tiercert import Rubric
from tiercert._compile import LeafPlan
from tiercert._fast import RowScorer
from tiercert._fast.codegen import FINE_PLACES, own_rules
from tiercert._fast.numbers import IMAGES, Fallback, Numbers
from tiercert._numbers import display_number, number_key, ratio_text
from tiercert.batch import (
    Outcome,
    ResultTable,
    _Scored,
    score_records,
    score_rows,
)
from tiercert.rules.bands import BandsRule
from tiercert.rules.linear import LinearRule
from tiercert.summary import SummaryBuilder, SummaryData
from tiercert.tabular import CsvWriter, Row, cell_text, read_csv, write_table
from tiercert.template import template_columns

BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
INPUTS = TESTS / "golden" / "batch" / "inputs"

#: what people type into a cell instead of a clean answer
ODD_CELLS = (
    *("abc", "-1", "0", "1", "2", "5", "7.5", "100", "999", "1e1", "2/3", "+3", "1.50", "0.0"),
    *("na", "N/A", "n/a ", "yes", "Yes", "có", "Không", "x", "true", "FALSE", "maybe"),
    *(" 5 ", "  ", "tot", "fair", "good", "Good", "a", "c", "see https://example.org"),
)
#: evidence as typed, some of it refused by evidence rules (short, commented out, no dot)
EVIDENCE_TEXTS = (
    *("Biên bản họp số 12", "see https://example.org/doc", "ok", "", "  "),
    *("// see https://example.org/x", "see http://localhost/x", " padded to five "),
)


def _text(draw: st.DrawFn, value: object) -> str:
    """An answer as a cell holds it, sometimes spelt another way a person might."""
    if isinstance(value, bool):
        spellings = ("true", "yes", "1", "có") if value else ("false", "no", "0", "không")
        return draw(st.sampled_from(spellings))
    if isinstance(value, Decimal) and draw(st.integers(0, 4)) == 0:
        return f"{value:.3f}"  # trailing zeros: the same number
    return cell_text(value)


@st.composite
def sheets(draw: st.DrawFn) -> tuple[Rubric, list[str], list[list[str]]]:
    """A rubric and a sheet of units for it: answers, evidence and direct group scores as
    text, with columns left out, odd values, N/A, unknown columns, answers that clash with a
    group's score, duplicate and empty unit ids, comment and blank rows."""
    rubric = draw(rubrics())
    leave_out = draw(st.integers(0, 3)) == 0  # a sheet without some criteria's columns
    header = ["unit_id", "unit_name"]
    for nid, _, node in rubric.iter_nodes():
        if node.children is not None:
            if node.direct or draw(st.integers(0, 9)) == 0:
                header.append(nid)
            continue
        if not leave_out or draw(st.integers(0, 4)):
            header.append(nid)
        for kind in ("justification", "url"):
            if draw(st.integers(0, 2)) == 0:
                header.append(f"{nid}.{kind}")
    header += [f.id for f in rubric.spec.facts if draw(st.integers(0, 9))]
    header += draw(st.sampled_from([[], ["# note"], ["zz_unknown"], [""]]))
    draw(st.randoms(use_true_random=False)).shuffle(header)
    rows: list[list[str]] = []
    for u in range(draw(st.integers(1, 6))):
        assessment = draw(answers_for(rubric))
        cells: dict[str, str] = {"unit_id": f"u{u}", "unit_name": "Xã Mẫu"}
        for nid, answer in assessment.answers.items():
            value = answer["value"] if isinstance(answer, Mapping) else answer
            cells[nid] = _text(draw, value)
            if isinstance(answer, Mapping):
                for kind in ("justification", "url"):
                    if kind in answer:
                        cells[f"{nid}.{kind}"] = str(answer[kind])
        for fid, value in assessment.facts.items():
            cells[fid] = _text(draw, value)
        odd = draw(st.lists(st.sampled_from(header), max_size=2)) if draw(st.booleans()) else []
        for column in odd:
            if column.endswith((".justification", ".url")):
                cells[column] = draw(st.sampled_from(EVIDENCE_TEXTS))
            else:
                cells[column] = draw(st.sampled_from(ODD_CELLS))
        if draw(st.integers(0, 7)) == 0:
            cells["unit_id"] = draw(st.sampled_from(["", "u0", "#comment", " u1 "]))
        row = [cells.get(column, "") for column in header]
        if draw(st.integers(0, 9)) == 0:
            row = [""] * len(header)
        rows.append(row)
    return rubric, header, rows


def _batch(rubric: Rubric, rows: Iterable[Row], engine: str) -> tuple[str, list[Any]]:
    """The CSV a batch writes and its outcomes, scored with ``engine``."""
    out = io.StringIO()
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        outcomes = list(score_rows(rubric, rows, writer, engine=engine))  # type: ignore[arg-type]
    return out.getvalue(), outcomes


def _summary(rubric: Rubric, outcomes: Sequence[Outcome]) -> SummaryData:
    builder = SummaryBuilder(rubric)
    for outcome in outcomes:
        builder.add(outcome)
    return builder.summary().to_dict()


def _levels_own_rules(rubric: Rubric) -> bool:
    """Whether some level of the rubric states evidence rules other than its criterion's."""
    return any(
        own_rules(leaf, value)
        for leaf in rubric._plan.nodes.values()
        if isinstance(leaf, LeafPlan)
        for value in leaf.kind.values(leaf.params) or ()
    )


def _problems(outcomes: Iterable[Outcome]) -> list[str]:
    return [p.format() for o in outcomes for p in o.problems]


@settings(max_examples=150)
@given(sheets())
def test_fast_rows_write_what_the_reference_writes(
    tmp_path_factory: pytest.TempPathFactory, sheet: tuple[Rubric, list[str], list[list[str]]]
) -> None:
    rubric, header, rows = sheet
    path = tmp_path_factory.mktemp("rows") / "units.csv"
    write_table(path, header, rows)
    fast, fast_outcomes = _batch(rubric, read_csv(path), "fast")
    reference, reference_outcomes = _batch(rubric, read_csv(path), "reference")
    assert fast == reference  # every output byte
    assert _problems(fast_outcomes) == _problems(reference_outcomes)
    assert _summary(rubric, fast_outcomes) == _summary(rubric, reference_outcomes)
    for mine, theirs in zip(fast_outcomes, reference_outcomes, strict=True):
        # a row the reference scores is scored by the row scorer: valid rows stay fast, with
        # the rubric's evidence rules too (but for a rubric with a level's own evidence rules,
        # whose rows are read into assessments first; a gate on the total too, its points to
        # the next tier from the row's own least totals)
        fast_rows = not _levels_own_rules(rubric)
        assert isinstance(mine, _Scored) == (theirs.ok and fast_rows)
        if theirs.result is not None:  # the full result, built when asked for, is the same
            assert mine.result is not None
            assert mine.result.to_json() == theirs.result.to_json()
    # one by one, each row alone through the reference evaluator, gives the same rows
    if len({r[header.index("unit_id")].strip() for r in rows}) == len(rows):
        lines = fast.splitlines()
        expected = [lines[0]]
        for row in read_csv(path):
            expected += _batch(rubric, [row], "reference")[0].splitlines()[1:]
        assert lines == expected


def _typed(value: str, rng: random.Random) -> object:
    """A cell as a spreadsheet or a JSON line types it."""
    if value in ("true", "false") and rng.random() < 0.5:
        return value == "true"
    if value.isdigit() and rng.random() < 0.5:
        return int(value) if rng.random() < 0.5 else float(value)
    if value and value.replace(".", "", 1).isdigit() and rng.random() < 0.5:
        return Decimal(value)
    if value == "" and rng.random() < 0.5:
        return None if rng.random() < 0.5 else float("nan")
    return value


@settings(max_examples=60)
@given(sheets(), st.randoms(use_true_random=False))
def test_typed_cells_and_records_agree(
    sheet: tuple[Rubric, list[str], list[list[str]]], rng: random.Random
) -> None:
    rubric, header, rows = sheet
    if "" in header:
        header = [h or "unnamed" for h in header]
    records = [
        {h: _typed(v, rng) for h, v in zip(header, row, strict=True)}
        for row in rows
        if rng.random() < 0.9
    ]
    for as_text in (False, True):
        fast = list(score_records(rubric, records, as_text=as_text))
        reference = list(score_records(rubric, records, as_text=as_text, engine="reference"))
        assert fast == reference


# --- the shipped rubric and the golden sheet --------------------------------------------------


def _bac_giang_rows(rubric: Rubric, count: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """Rows for the shipped rubric, as a filled template (as benchmarks/ makes them), with a
    group scored directly now and then and a few values it refuses."""
    rng = random.Random(seed)
    columns = template_columns(rubric)
    rules = {nid: node.rule for nid, _, node in rubric.iter_nodes()}
    rows = []
    for i in range(count):
        row = []
        for column in columns:
            rule = rules.get(column.id)
            if column.kind == "evidence":
                row.append(rng.choice(["biên bản số 12/BB-UBND", "", "https://x.vn/a"]))
            elif column.kind == "fact":
                row.append(rng.choice(["false"] * 8 + ["true", ""]))
            elif column.kind == "group":
                row.append("12.5" if i % 9 == 0 else "")
            elif column.choices:
                row.append(rng.choice(column.choices))
            elif isinstance(rule, BandsRule | LinearRule):
                row.append(f"{rng.uniform(0, 100):.{rng.randint(0, 2)}f}")
            else:
                row.append(str(rng.randint(0, 4)))
        if i % 50 == 0:
            row[rng.randrange(2, len(row))] = rng.choice(ODD_CELLS)
        row[0], row[1] = f"xa-{i}", f"Xã {i}"
        rows.append(row)
    return [c.id for c in columns], rows


def test_shipped_rubric_rows_take_the_fast_path(tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 400, 7)
    path = tmp_path / "units.csv"
    write_table(path, header, rows)
    fast, fast_outcomes = _batch(rubric, read_csv(path), "fast")
    reference, reference_outcomes = _batch(rubric, read_csv(path), "reference")
    assert fast == reference
    assert _summary(rubric, fast_outcomes) == _summary(rubric, reference_outcomes)
    scored = [o for o in reference_outcomes if o.ok]
    assert len(scored) > 300  # most rows are fine; the group scores clash with answers
    assert sum(isinstance(o, _Scored) for o in fast_outcomes) == len(scored)


def _near_edges(edges: Sequence[Fraction], rng: random.Random) -> str:
    """A cell on, next to or far from one of ``edges``: decimal text with few or many places,
    the repr of the edge's float or of its neighbours (as pandas writes floats), spaced."""
    edge = rng.choice(list(edges))
    form = rng.randrange(5)
    if form == 0:
        x = float(edge)
        return repr(rng.choice([x, math.nextafter(x, -math.inf), math.nextafter(x, math.inf)]))
    if form == 1:
        return repr(float(edge) + rng.choice([-0.1, 0.1, -1e-9, 1e-9]) + 0.2 - 0.2)
    step = Fraction(1, 10 ** rng.choice([0, 1, 2, 6, 15, 16, 17, 20, 25]))
    value = edge + rng.choice([-1, 0, 0, 1]) * step
    places = rng.choice([0, 1, 2, 30])
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"
    if Fraction(text) != value:  # not exact at those places: written out in full
        with localcontext() as context:
            context.prec = 200
            text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return f" {text} " if rng.random() < 0.1 else text


def _on_edges(
    rubric: Rubric,
    header: Sequence[str],
    rows: list[list[str]],
    rng: random.Random,
    odd: Sequence[str],
) -> None:
    """Every number of a compared criterion (bands, linear) near one of its edges (see
    :func:`_near_edges`), or now and then (3 %) one of ``odd``; odd cells stay."""
    nodes = rubric._plan.nodes
    for column, nid in enumerate(header):
        leaf = nodes.get(nid)
        emitter = getattr(getattr(leaf, "kind", None), "emitter", None)
        if emitter is None or not emitter.compares:
            continue
        edges = emitter.constants(leaf.params)  # type: ignore[union-attr]
        for row in rows:
            if row[column] not in ODD_CELLS:
                row[column] = (
                    rng.choice(odd) if odd and rng.random() < 0.03 else _near_edges(edges, rng)
                )


def test_decimal_and_float_cells_on_every_edge_write_what_the_reference_writes(
    tmp_path: Path,
) -> None:
    """The shipped rubric's sheet with its numbers on, one ulp around and just off every
    band edge, range bound and anchor, as decimal text and as floats write themselves: the
    row scorer (which compares them as floats where that is exact) writes every byte the
    reference writes."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 600, 11)
    _on_edges(rubric, header, rows, random.Random(12), ())
    path = tmp_path / "units.csv"
    write_table(path, header, rows)
    fast, fast_outcomes = _batch(rubric, read_csv(path), "fast")
    reference, reference_outcomes = _batch(rubric, read_csv(path), "reference")
    assert fast == reference
    assert _problems(fast_outcomes) == _problems(reference_outcomes)
    scored = sum(o.ok for o in reference_outcomes)
    assert scored > 100  # values below a range's minimum, clashing group scores: refused
    assert sum(isinstance(o, _Scored) for o in fast_outcomes) == scored


def test_memos_stay_small_whatever_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 5)
    # beyond its share a memo grows from a pool all share: 4 more entries in all, 7 at most
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 4)
    monkeypatch.setattr(tiercert._fast.rows, "_MEMO_GROWN", 7)
    monkeypatch.setattr(tiercert.batch, "_REMEMBER", 3)
    monkeypatch.setattr(tiercert.batch, "_TOTALS", 3)
    monkeypatch.setattr(tiercert.batch, "_KEYS_KEPT", 3)
    monkeypatch.setattr(tiercert.batch, "_TEXTS_KEPT", 3)
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 200, 11)
    path = tmp_path / "units.csv"
    write_table(path, header, rows)
    seen = _scorers_made(monkeypatch)
    fast = _batch(rubric, read_csv(path), "fast")[0]
    assert fast == _batch(rubric, read_csv(path), "reference")[0]
    (scorer,) = seen
    names = scorer.score.__globals__
    memos = [
        v
        for k, v in names.items()
        if re.fullmatch(r"K\d+", k)
        and isinstance(v, dict | list)
        and not (isinstance(v, dict) and v and all(isinstance(x, float) for x in v))
    ]  # (a dict of floats is the edges of a rule compared as floats, no memo)
    sizes = [len(d) for m in memos for d in (m if isinstance(m, list) else [m])]
    assert max(sizes) <= 7
    assert sum(size - 5 for size in sizes if size > 5) == 4


def test_golden_sheet_goes_both_ways(tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    fast, fast_outcomes = _batch(rubric, read_csv(INPUTS / "units.csv"), "fast")
    reference, _ = _batch(rubric, read_csv(INPUTS / "units.csv"), "reference")
    assert fast == reference
    # the good rows went the fast way, the others the usual way
    assert [o.unit_id for o in fast_outcomes if isinstance(o, _Scored)] == [
        "xa-a",
        "xa-b",
        "xa-c",
        "tt-g",
    ]


def test_a_fast_row_read_by_another_table(tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    _, outcomes = _batch(rubric, read_csv(INPUTS / "units.csv"), "fast")
    fast = next(o for o in outcomes if isinstance(o, _Scored))
    english = ResultTable(rubric, lang="en")
    row = english.row(fast)  # labels in English: from the full result, built now
    assert row[8] == "1 star"
    _, reference = _batch(rubric, read_csv(INPUTS / "units.csv"), "reference")
    same = next(o for o in reference if o.number == fast.number)
    assert row == english.row(same)


def test_spreadsheet_types_and_dates(tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    header: tuple[str, ...] = ("unit_id", "unit_name", "g1", "g1.1", "g1.1.justification")
    header += ("g1.2", "g2.1", "g2.2", "g2.3", "bi_ky_luat")
    rows = [
        Row(2, header, [12.0, "Xã Số", None, True, dt.date(2024, 5, 1), "tot", 79.99, 1, 4, 0]),
        Row(3, header, [13, None, 40, None, None, None, 85, 0, 4.0, False]),
        Row(4, header, ["a", "", None, "có", " ", "na", Decimal("80.00"), 0, 2, "không"]),
    ]
    fast = list(score_records(rubric, [r.values for r in rows]))
    assert fast == list(score_records(rubric, [r.values for r in rows], engine="reference"))
    out: list[str] = []
    for engine in ("fast", "reference"):
        buffer = io.StringIO()
        with CsvWriter(ResultTable(rubric).columns, buffer) as writer:
            list(score_rows(rubric, rows, writer, engine=engine))
        out.append(buffer.getvalue())
    assert out[0] == out[1]


HIDDEN_READER = """
format: 1
id: r
version: "1"
title: t
max: 20
criteria:
  - id: g1
    title: G1
    max: 10
    children:
      - id: a
        title: A
        max: 10
        rule:
          kind: bands
          range: {min: 0, max: 100}
          bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 10}]
  - id: g2
    title: G2
    max: 10
    direct: true
    children:
      - id: b
        title: B
        max: 10
        answer_from: a
        rule:
          kind: bands
          range: {min: 0, max: 60}
          bands: [{min: 0, max: 30, points: 0}, {min: 30, max: 60, points: 10}]
tiers:
  - {id: t, label: T, rank: 1, min: 10}
"""


def test_a_hidden_reader_still_checks_the_shared_answer() -> None:
    # b reads a's answer with a narrower range; g2, scored directly, hides b. The compiled
    # evaluator used to check a's answer against a's range alone and score 80 (fixed).
    rubric = tiercert.parse_rubric(HIDDEN_READER)
    for engine in ("fast", "reference"):
        with pytest.raises(tiercert.AssessmentError, match=r"as read by 'b'"):
            rubric.evaluate({"a": 80, "g2": 5}, engine=engine)
    assert rubric.evaluate({"a": 55, "g2": 5}).total == 15
    records = [{"unit_id": "x", "a": "80", "g2": "5"}, {"unit_id": "y", "a": "55", "g2": "5"}]
    fast = list(score_records(rubric, records, as_text=True))
    assert fast == list(score_records(rubric, records, as_text=True, engine="reference"))
    assert [r["status"] for r in fast] == ["rejected", "scored"]


@given(st.integers(0, 16), st.integers(-(10**18), 10**18))
def test_scaled_text_is_the_display_text(places: int, value: int) -> None:
    numbers = Numbers(places)
    assert numbers.text(value) == cell_text(numbers.natural(value))
    assert numbers.text(Fraction(value, 3)) == cell_text(numbers.natural(Fraction(value, 3)))


def test_only_so_many_layouts_get_a_row_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiercert.batch, "_LAYOUTS", 2)
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    answers = {"g1": "40", "g2.1": "85", "g2.2": "0", "g2.3": "4", "bi_ky_luat": "no"}
    # JSON lines with none, one or two notes before their keys: three layouts (keys in
    # another order, or fewer of them, are laid out in the rubric's columns: one layout)
    notes: list[dict[str, str]] = [{}, {"#a": ""}, {"#a": "", "#b": ""}]
    records = [{**notes[i % 3], "unit_id": f"u{i}", **answers} for i in range(9)]
    out = io.StringIO()
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        outcomes = list(score_rows(rubric, records, writer))
    assert [isinstance(o, _Scored) for o in outcomes] == [True, True, False] * 3
    assert all(o.ok for o in outcomes)
    assert (
        out.getvalue()
        == _batch(
            rubric, [tiercert.tabular.json_row(r, n) for n, r in enumerate(records, 1)], "reference"
        )[0]
    )


SHARED_ANSWERS = """
format: 1
id: shared
version: "1"
title: Shared answers
max: 40
criteria:
  - id: g1
    title: G1
    max: 20
    direct: true
    children:
      - id: a
        title: A
        max: 10
        evidence: [justification]
        rule:
          kind: bands
          range: {min: 0, max: 100}
          bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 10}]
      - id: b
        title: B
        max: 10
        rule:
          kind: levels
          levels: [{id: x, points: 10}, {id: y, points: 5}, {id: z, points: 0}]
  - id: g2
    title: G2
    max: 20
    children:
      - id: c
        title: C
        max: 10
        answer_from: a
        rule:
          kind: bands
          range: {min: 0, max: 60}
          bands: [{min: 0, max: 30, points: 2.5}, {min: 30, max: 60, points: 10}]
      - id: d
        title: D
        max: 10
        answer_from: b
        na: {counts_as: excluded}
        rule:
          kind: levels
          levels: [{id: x, points: 2.5}, {id: y, points: 10}, {id: z, points: 0}]
gates:
  - id: not_z
    title: B is not z
    require: {answer: b, not_equals: z}
tiers:
  - {id: t1, label: One, rank: 1, min: 10}
  - {id: t2, label: Two, rank: 2, min: 25}
"""


@pytest.mark.parametrize("missing", [None, "zero"])
def test_answers_read_by_other_criteria(tmp_path: Path, missing: str | None) -> None:
    rubric = tiercert.parse_rubric(SHARED_ANSWERS)
    header = ["unit_id", "g1", "a", "a.justification", "b"]
    rng = random.Random(5)
    rows = [
        [
            f"u{i}",
            rng.choice(["", "", "", "15", "25"]),
            rng.choice(["0", "30", "55", "59.5", "60", "61", "80", "100", "abc", "", "na"]),
            rng.choice(["", "QĐ 7", "https://x.vn"]),
            rng.choice(["x", "y", "z", "na", "X", "", "w"]),
        ]
        for i in range(300)
    ]
    path = tmp_path / "units.csv"
    write_table(path, header, rows)
    outputs = []
    for engine in ("fast", "reference"):
        out = io.StringIO()
        with CsvWriter(ResultTable(rubric).columns, out) as writer:
            outcomes = list(
                score_rows(rubric, read_csv(path), writer, engine=engine, missing=missing)  # type: ignore[arg-type]
            )
        outputs.append((out.getvalue(), _problems(outcomes), _summary(rubric, outcomes)))
        if engine == "fast":
            assert sum(isinstance(o, _Scored) for o in outcomes) == sum(o.ok for o in outcomes)
            assert sum(o.ok for o in outcomes) > 30
    assert outputs[0] == outputs[1]


# --- the row loop: a CSV file's records scored in chunks, as ``tiercert batch`` does -----------


def _raw_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A CSV file with the cells exactly as given (spaces, decomposed Vietnamese...)."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _looped(rubric: Rubric, path: Path) -> tuple[str, SummaryData, list[str], int]:
    """What ``tiercert batch`` makes of a CSV file: the output, the summary, the problems
    (in order) and how many rows the row loop scored without an outcome each."""
    out = io.StringIO()
    tally = SummaryBuilder(rubric)
    counted: list[int] = []
    problems: list[str] = []
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        for outcome in score_rows(
            rubric, read_csv(path), writer, tally=tally, on_rows=counted.append
        ):
            problems += [p.format() for p in outcome.problems]
    return out.getvalue(), tally.summary().to_dict(), problems, sum(counted)


def _referenced(rubric: Rubric, path: Path) -> tuple[str, SummaryData, list[str]]:
    reference, outcomes = _batch(rubric, read_csv(path), "reference")
    return reference, _summary(rubric, outcomes), _problems(outcomes)


def _spelt(cell: str, rng: random.Random) -> str:
    """A cell as people leave it: spaces around, Vietnamese decomposed (NFD); an empty cell
    stays empty (one of spaces only is an odd cell of its own, see ``ODD_CELLS``)."""
    import unicodedata

    if cell and rng.random() < 0.15:
        cell = f" {cell} " if rng.random() < 0.5 else f"\t{cell}"
    if rng.random() < 0.2:
        cell = unicodedata.normalize("NFD", cell)
    return cell


@settings(max_examples=120)
@given(sheets(), st.integers(1, 4), st.integers(1, 6), st.randoms(use_true_random=False))
def test_the_row_loop_writes_what_the_reference_writes(
    tmp_path_factory: pytest.TempPathFactory,
    sheet: tuple[Rubric, list[str], list[list[str]]],
    chunk: int,
    counted: int,
    rng: random.Random,
) -> None:
    """Every byte, every problem (in order, with its row and column) and the summary: the
    row loop over raw records (spaced, decomposed, in chunks of any size, counted into the
    summary a few chunks at a time) and the reference one row at a time."""
    rubric, header, rows = sheet
    rows = [[_spelt(cell, rng) for cell in row] for row in rows]
    path = tmp_path_factory.mktemp("loop") / "units.csv"
    _raw_csv(path, header, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiercert.batch, "_CHUNK", chunk)
        patch.setattr(tiercert.batch, "_COUNTED", counted)
        looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


#: numbers as people type them into a cell, the odd ones refused as the reference refuses them
TYPED_NUMBERS = (
    *("1e2", "1E1", "7.5e1", "1,000", "1.000,5", "72,5", "+50", "050", "50.", ".5", "-0"),
    *("0.0000000000000000000001", "49.99999999999999999999999999", "50.000000000000000000001"),
    *("١٢", "５０", "0x10", "1_000", "inf", "nan", "50%", " 80 ", "8 0", "100.0000000000001"),
)


def test_the_row_loop_on_every_edge_and_odd_number(tmp_path: Path) -> None:
    """The shipped rubric with its numbers on, one ulp around and just off every edge, as
    long decimal text, floats' reprs, ``1e2``, thousands separators and other text that must
    be refused: the row loop writes and counts what the reference does, row by row."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 900, 13)
    rng = random.Random(14)
    _on_edges(rubric, header, rows, rng, TYPED_NUMBERS)
    rows = [[_spelt(cell, rng) if k > 1 else cell for k, cell in enumerate(row)] for row in rows]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    reference, expected_summary, expected_problems = _referenced(rubric, path)
    for mine, theirs in zip(looped.splitlines(), reference.splitlines(), strict=True):
        assert mine == theirs
    assert (summary, problems) == (expected_summary, expected_problems)
    # every row scored went through the loop (about one in eight is refused)
    assert counted > 100
    assert counted == sum(line.split(",")[3] == "scored" for line in looped.splitlines()[1:])


def test_the_row_loop_hands_over_what_it_cannot_vouch_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows the loop leaves to the usual path, around chunk ends: a record the csv module
    refuses, a blank line, a row too wide, too short or with extra cells, a duplicate, a
    comment, an id or a name that a spreadsheet would run or that holds a line break, and
    the rows around them: the same output, problems and summary as the reference."""
    monkeypatch.setattr(tiercert.batch, "_CHUNK", 3)
    monkeypatch.setattr(tiercert.tabular, "MAX_COLUMNS", 40)
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 60, 15)
    import csv

    lines = []
    for row in rows:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(row)
        lines.append(text.getvalue())
    width = len(header)
    odd = {
        3: 'xa-bad,"Xã "x,1\n',  # the csv module refuses it: this row's problem
        5: "\n",
        8: ",".join(["xa-wide"] + ["1"] * 45) + "\n",
        11: ",".join(["xa-short", "Xã"]) + "\n",
        12: lines[12].rstrip("\n") + ",,\n",
        14: lines[2].replace("xa-2,", "xa-2,", 1),  # a duplicate of row 2's unit
        17: "#comment," + "," * (width - 2) + "\n",
        20: lines[20].replace("xa-20,", "=cmd|x,", 1),
        23: lines[23].replace("Xã 23", "@Xã 23", 1),
        26: lines[26].replace("Xã 26", '"Xã\r26"', 1),
        29: lines[29].replace("xa-29,", " xa-29 ,", 1),
        32: lines[32].replace("xa-32,", ",", 1),
    }
    path = tmp_path / "units.csv"
    path.write_text(
        ",".join(header) + "\n" + "".join(odd.get(i, line) for i, line in enumerate(lines)),
        encoding="utf-8",
    )
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert 30 < counted < 60
    assert "row.cell" in "".join(problems)
    assert "row.columns" in "".join(problems)


@pytest.mark.parametrize(("chunk", "counted"), [(2048, 2048), (7, 2048), (7, 20), (1, 3)])
def test_rows_written_are_counted_however_the_reading_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, counted: int
) -> None:
    """The summary counts every row the loop wrote, whether its counts were waiting for more
    chunks or not: when the caller stops at a row with a problem, when the whole
    sheet is read, and when bytes that are not UTF-8 stop the reading half way (the rows of
    the chunk not written are not counted either)."""
    monkeypatch.setattr(tiercert.batch, "_CHUNK", chunk)
    monkeypatch.setattr(tiercert.batch, "_COUNTED", counted)
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 240, 17)
    rows[130][5] = "72,5"  # a row with a problem, where the caller stops
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    data = path.read_bytes()

    def scored(written: str) -> int:
        return sum(line.split(",")[3] == "scored" for line in written.splitlines()[1:])

    def run(stop_early: bool) -> tuple[str, int]:
        out, tally = io.StringIO(), SummaryBuilder(rubric)
        with CsvWriter(ResultTable(rubric).columns, out) as writer:
            outcomes = cast(
                Generator[Outcome, None, None],
                score_rows(rubric, read_csv(path), writer, tally=tally),
            )
            try:
                for outcome in outcomes:  # (score_rows counts them into the tally)
                    if stop_early and outcome.number > 100:
                        break
            finally:
                outcomes.close()
        return out.getvalue(), tally.summary().scored

    written, count = run(True)
    assert scored(written) == count > 50
    written, count = run(False)
    assert scored(written) == count > 200
    cut = data.index(b"xa-200,")
    path.write_bytes(data[:cut] + b"xa-\xff," + data[cut + 7 :])
    out, tally = io.StringIO(), SummaryBuilder(rubric)
    with (
        pytest.raises(tiercert.tabular.TableError),
        CsvWriter(ResultTable(rubric).columns, out) as writer,
    ):
        for _ in score_rows(rubric, read_csv(path), writer, tally=tally):
            pass
    assert tally.summary().scored == scored(out.getvalue()) > 100


def test_the_row_loop_stops_where_the_reader_does(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 half way: the same problem (row and all) as reading rows."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 600, 16)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    data = path.read_bytes()
    cut = data.index(b"xa-517,")  # past the first blocks decoded
    path.write_bytes(data[:cut] + b"xa-\xff," + data[cut + 7 :])
    found = []
    for run in (_looped, _referenced):
        with pytest.raises(tiercert.tabular.TableError) as caught:
            run(rubric, path)
        found.append([p.format() for p in caught.value.problems])
    assert found[0] == found[1]
    assert "near row 2)" not in found[0][0]


def test_the_command_scores_a_programme_sheet_through_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tiercert batch`` reads the first row ahead (does it carry a programme?), then hands
    the rest of the file to the row loop: output and summary as the usual path makes them."""
    from conftest import run_cli

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 120, 17)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped: list[int] = []
    real = tiercert.summary.SummaryBuilder._count_many

    def spy(self: SummaryBuilder, units: Any, groups: Any) -> None:
        units = list(units)
        looped.append(sum(n for _, n in units))
        real(self, units, groups)

    monkeypatch.setattr(tiercert.summary.SummaryBuilder, "_count_many", spy)
    status, out, _ = run_cli(
        "batch", str(BAC_GIANG), str(path), "-o", str(tmp_path / "out.csv"), "--summary", "json"
    )
    reference, summary, _ = _referenced(rubric, path)
    assert status == 1  # a few rows are refused
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig") == reference
    assert json.loads(out) == summary
    assert sum(looped) > 100


# --- a total's texts from its two integers ----------------------------------------------------


def _bare_scorer(rubric: Rubric) -> RowScorer | None:
    """A row scorer of ``rubric`` for a sheet with no answer columns (its totals' texts);
    None when the rubric has none (a level's own evidence rules)."""
    from tiercert._columns import cell_value, is_empty
    from tiercert._fast.rows import RowLayout

    evaluator = rubric._fast
    assert evaluator is not None
    return evaluator.row_scorer(
        RowLayout({}, {}, {}, ()), True, is_empty=is_empty, cell_value=cell_value
    )


def _totals_near(scorer: RowScorer, draw: st.DrawFn) -> Any:
    """A scaled total on, just below or just above a tier's minimum, a shown value's last
    place or anywhere: a whole number or a Fraction of any denominator (thirds, powers of ten
    past the places shown, 2**k, huge ones)."""
    numbers = scorer.evaluator.numbers
    edges = [*scorer.evaluator._min_scaled, 0, numbers.scaled(scorer.evaluator.plan.root.max)]
    edge = draw(st.sampled_from(edges) | st.integers(-(10**9), 10**12))
    denominator = draw(
        st.sampled_from((1, 2, 3, 7, 10**12, 10**13, 3 * 10**13, 2**40, 10**20 + 1))
        | st.integers(1, 10**30)
    )
    # a whole number of the last place shown (10**-12 of a point), or a hair around it
    step = Fraction(numbers.scale, 10**12)
    offset = draw(st.integers(-3, 3)) * step + Fraction(draw(st.integers(-2, 2)), denominator)
    total = Fraction(edge) + offset
    return total.numerator if total.denominator == 1 else total


def _expected_texts(scorer: RowScorer, total: Any) -> tuple[str, str, tuple[int, int]]:
    exact, percentage = scorer.amounts(total)
    return display_number(exact), cell_text(percentage), number_key(exact)


@settings(max_examples=400)
@given(st.data())
def test_total_texts_from_integers_are_the_display_texts(data: st.DataObject) -> None:
    """The shipped rubric: a total's texts made from its integers are those of the Fractions,
    byte for byte, on and around every tier's minimum and every place a cut falls."""
    scorer = _SHIPPED_SCORER
    total = data.draw(st.composite(lambda draw: _totals_near(scorer, draw))())
    assert scorer.total_texts(total) == _expected_texts(scorer, total)
    for tier in range(len(scorer.evaluator._min_scaled)):
        needed = scorer.needed(total, tier)
        assert scorer.needed_text(total, tier) == cell_text(needed, "ceiling")


@settings(max_examples=80)
@given(rubrics(), st.data())
def test_total_texts_on_any_rubric(rubric: Rubric, data: st.DataObject) -> None:
    """Any maximum (a percentage of 100/30 points), any scale, rounded percentages (then the
    Fractions say): the same texts as the Fractions give."""
    scorer = _bare_scorer(rubric)
    assume(scorer is not None)
    assert scorer is not None
    total = data.draw(st.composite(lambda draw: _totals_near(scorer, draw))())
    texts = scorer.total_texts(total)
    if rubric._plan.percentage_round is not None or not rubric._plan.root.max:
        assert texts is None
    else:
        assert texts == _expected_texts(scorer, total)
    for tier in range(len(scorer.evaluator._min_scaled)):
        assert scorer.needed_text(total, tier) == cell_text(scorer.needed(total, tier), "ceiling")


def test_total_texts_of_cut_totals() -> None:
    """By hand: a third of a point below the top tier, 13 places, a sum of floats' reprs."""
    scorer = _SHIPPED_SCORER
    scale = scorer.evaluator.numbers.scale
    top = scorer.evaluator._min_scaled[-1]
    cases = {
        # (in points: a scaled total is its points times the scale, 24 places here)
        top - Fraction(scale, 3 * 10**5): (
            *("95.999996666666…", "95.999996666666…", "0.000003333334…"),
        ),
        Fraction(565000000000001, 10**13) * scale + Fraction(scale, 3 * 10**20): (
            *("56.500000000000…", "56.500000000000…", None),
        ),
        Fraction(20 * scale, 3): ("6.666666666666…", "6.666666666666…", None),
    }
    for total, (shown, percentage, needed) in cases.items():
        texts = scorer.total_texts(total)
        assert texts is not None
        assert texts[:2] == (shown, percentage)
        if needed is not None:
            assert scorer.needed_text(total, len(scorer.evaluator._min_scaled) - 1) == needed


_SHIPPED = _bare_scorer(tiercert.load_rubric(BAC_GIANG))
assert _SHIPPED is not None
_SHIPPED_SCORER: RowScorer = _SHIPPED


def test_texts_of_whole_totals_at_24_places_from_their_digits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped rubric's row scorer is made at 24 places (its linear shares): a whole
    total of at most 12 places once its zeros are gone gets its texts (total, percentage,
    points needed) from its digits, with no ratio worked out (on main: every one through
    ``ratio_text``); one of 13 places and more still through the two integers, cut as
    ``display_number`` cuts (the points needed up). Every text is the Fractions'."""
    scorer = _SHIPPED_SCORER
    numbers = scorer.evaluator.numbers
    assert numbers.places > 12
    top = scorer.evaluator._min_scaled[-1]
    tiers = range(len(scorer.evaluator._min_scaled))
    ratios: list[object] = []
    real = tiercert._fast.rows.RowScorer._ratio_texts

    def counted(self: RowScorer, *args: Any) -> Any:
        ratios.append(args)
        return real(self, *args)

    monkeypatch.setattr(tiercert._fast.rows.RowScorer, "_ratio_texts", counted)
    cuts: list[object] = []

    def cut(*args: Any) -> str:
        cuts.append(args)
        return ratio_text(*args)

    monkeypatch.setattr(tiercert._fast.rows, "ratio_text", cut)
    for places in range(numbers.places + 1):
        for total in (top - 7 * 10 ** (numbers.places - places), 3 * 10 ** (24 - places) + 1):
            texts = scorer.total_texts(total)
            assert texts == _expected_texts(scorer, total)
            for tier in tiers:
                needed = cell_text(scorer.needed(total, tier), "ceiling")
                assert scorer.needed_text(total, tier) == needed
            if places <= 12 and total % 10 ** (numbers.places - 12) == 0:
                assert not ratios, (places, total)
                assert not cuts, (places, total)
            ratios.clear()
            cuts.clear()


HALF_POINT_TIER = """
format: 1
id: half-point
version: "1"
title: t
max: 10
criteria:
  - id: a
    title: A
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 10}
      bands: [{min: 0, max: 5, points: 0}, {min: 5, max: 10, points: 10}]
tiers:
  - {id: t, label: T, rank: 1, min: 7.5}
"""


def test_the_text_of_what_a_total_lacks_at_a_scale_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row scorer of an evaluator made at fewer places than its rubric's (for measuring):
    at no places the tier's minimum of 7.5 points is no whole number of the units, and what
    a total lacks is the Fraction's text, cut up (a third of a point: ``0.333333333334…``);
    at one place a whole total's text is made from its digits, no ratio worked out."""
    from tiercert._columns import cell_value, is_empty
    from tiercert._fast.evaluator import FastEvaluator
    from tiercert._fast.rows import RowLayout

    rubric = tiercert.parse_rubric(HALF_POINT_TIER)
    layout = RowLayout({}, {}, {}, ())
    coarse = FastEvaluator(rubric._plan, rubric._info, places=0).row_scorer(
        layout, True, is_empty=is_empty, cell_value=cell_value
    )
    assert coarse is not None
    assert coarse.evaluator._min_scaled == [Fraction(15, 2)]
    cases: dict[int | Fraction, str] = {
        Fraction(43, 6): "0.333333333334…",
        0: "7.5",
        7: "0.5",
        Fraction(1, 7): "7.357142857143…",
        Fraction(15, 2): "0",
        8: "0",
    }
    for total, text in cases.items():
        assert coarse.needed_text(total, 0) == text, total
        assert text == cell_text(coarse.needed(total, 0), "ceiling")
    one = FastEvaluator(rubric._plan, rubric._info, places=1).row_scorer(
        layout, True, is_empty=is_empty, cell_value=cell_value
    )
    assert one is not None
    assert one.evaluator.numbers.places == 1
    assert one.evaluator._min_scaled == [75]

    def no_ratio(*args: object) -> str:
        raise AssertionError(f"ratio_text{args}")

    monkeypatch.setattr(tiercert._fast.rows, "ratio_text", no_ratio)
    for total, text in {0: "7.5", 1: "7.4", 25: "5", 74: "0.1", 75: "0", 100: "0"}.items():
        assert one.needed_text(total, 0) == text, total


# --- rows with a problem ----------------------------------------------------------------------


def test_a_refused_cell_is_read_by_the_reference_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same wrong cells again and again (a decimal comma, a level mistyped, an empty
    answer, a bad group score and fact): each is read by the reference's reading of one
    answer once, whatever the number of rows holding it, and the compiled evaluator never
    tries those rows; every problem is still told, in order, with its row and column, and the
    rows around them are written as the reference writes them."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    evaluator = rubric._fast
    assert evaluator is not None
    header, rows = _bac_giang_rows(rubric, 120, 21)
    rows = [row for i, row in enumerate(rows) if i % 50]  # no odd cell of its own
    wrong = {
        "g2.1": "72,5",
        "g1.1.2": "tốtt",
        "g3.1": "",
        "g4": "200",
        "head_disciplined_or_prosecuted": "maybe",
    }
    for i, row in enumerate(rows):
        if i % 3 == 1:
            column = list(wrong)[i % len(wrong)]
            if column == "g4" or not row[header.index("g4")]:
                row[header.index(column)] = wrong[column]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    expected = _referenced(rubric, path)
    read: list[object] = []
    tried: list[object] = []

    def spy(name: str, log: list[object]) -> None:
        real = getattr(evaluator, name)

        def spied(*args: Any) -> Any:
            log.append(args[1])
            return real(*args)

        monkeypatch.setattr(evaluator, name, spied)

    for name in ("_score_one", "_read_direct", "_read_fact"):
        spy(name, read)
    result = type(evaluator).result

    def tries(self: Any, *args: Any) -> Any:
        tried.append(args)
        return result(self, *args)

    monkeypatch.setattr(type(evaluator), "result", tries)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == expected
    assert len(problems) >= 35
    assert tried == []  # no row with a problem went to the compiled evaluator
    refused = [raw for raw in read if raw in ("72,5", "tốtt", "200", "maybe")]
    assert sorted(refused) == sorted(set(refused))


def _scorers_made(patch: pytest.MonkeyPatch) -> list[RowScorer]:
    """Every row scorer made from now on (``RowScorer.__init__`` watched through ``patch``)."""
    seen: list[RowScorer] = []
    real = tiercert._fast.RowScorer.__init__

    def spy(self: RowScorer, *args: Any) -> None:
        real(self, *args)
        seen.append(self)

    patch.setattr(tiercert._fast.RowScorer, "__init__", spy)
    return seen


def _long_linear_sheet(rubric: Rubric, tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """A Bắc Giang sheet whose ``linear`` cells hold decimals with more places than the
    compiled evaluator's scale (``49.99999999999999999999``, ``0.000001``), and its rows."""
    header, rows = _bac_giang_rows(rubric, 80, 21)
    nodes = rubric._plan.nodes
    linear = [
        k
        for k, nid in enumerate(header)
        if isinstance(nodes.get(nid), LeafPlan) and cast(LeafPlan, nodes[nid]).kind.name == "linear"
    ]
    assert linear
    longs = ("49.99999999999999999999", "0.000001", "70.00000000000000000001", "33.3333333")
    for n, row in enumerate(rows):
        for k in linear:
            row[k] = longs[(n + k) % len(longs)]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    return path, rows


def _row_totals(scorer: RowScorer, rows: list[list[str]]) -> list[object]:
    """The total ``scorer`` gives each row it scores itself (rows it hands over left out)."""
    totals: list[object] = []
    for row in rows:
        try:
            totals.append(scorer.score(row)[0][0])
        except Fallback:
            continue
    return totals


def test_long_decimal_shares_keep_a_rows_sums_integers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``linear`` share of an answer with more places than the compiled evaluator's scale
    (``49.99999999999999999999``, ``0.000001``) is not whole at that scale: the row scorer is
    then made at ``FINE_PLACES`` places (``FastEvaluator.fine_rows``), where it is, so that a
    row's sums stay integers instead of ``Fraction``s; and the loop writes, counts and reports
    what the reference does."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    path, rows = _long_linear_sheet(rubric, tmp_path)
    seen = _scorers_made(monkeypatch)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 40
    (scorer,) = seen
    assert scorer.evaluator.numbers.places == FINE_PLACES
    totals = _row_totals(scorer, rows)
    assert len(totals) > 40
    assert all(type(total) is int for total in totals)


def test_a_row_scorer_without_a_finer_scale_writes_its_shares_as_fractions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no evaluator of ``FINE_PLACES`` places can be made, the row scorer is written at
    the evaluator's own scale, each share not whole there the exact ``Fraction`` of its two
    integers (``RowGenerator.share`` handing both on; its mutants 3 and 4, fourteenth round,
    gave ``None`` for one, and the loop's fallback hid it): rows are scored by it, as the
    reference scores them."""
    from tiercert._fast.evaluator import FastEvaluator

    rubric = tiercert.load_rubric(BAC_GIANG)
    path, rows = _long_linear_sheet(rubric, tmp_path)
    seen = _scorers_made(monkeypatch)
    monkeypatch.setattr(FastEvaluator, "fine_rows", lambda self: None)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    (scorer,) = seen
    assert scorer.evaluator.numbers.places < FINE_PLACES
    totals = _row_totals(scorer, rows)
    assert len(totals) > 40
    assert any(type(total) is Fraction for total in totals)


def _kept(rubric: Rubric, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """The entries the row loop of a batch of ``path`` keeps at its end (its memos and the
    totals it has seen), and the float images of cells it added to ``numbers.IMAGES``."""
    seen = _scorers_made(monkeypatch)
    heads: list[dict[Any, Any]] = []
    real_loop = tiercert._fast.RowScorer.loop

    def loop(self: RowScorer, *args: Any, **helpers: Any) -> Any:
        heads.append(helpers["_HEADS"])
        return real_loop(self, *args, **helpers)

    monkeypatch.setattr(tiercert._fast.RowScorer, "loop", loop)
    images = len(IMAGES)
    _looped(rubric, path)
    (scorer,) = seen
    names = scorer.score.__globals__
    memos = [v for k, v in names.items() if re.fullmatch(r"K\d+", k) and isinstance(v, dict | list)]
    sizes = [len(d) for m in memos for d in (m if isinstance(m, list) else [m])]
    return sum(sizes) + sum(len(h) for h in heads), len(IMAGES) - images


def test_what_the_row_loop_keeps_stops_growing_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory flat in the rows: with every number a new decimal (six places, 0 to 100), what
    the row loop keeps (its memos, the totals it has seen, the cells' float images) is full
    within the first 5,000 rows and the same after 6,500; the float images of the cells are
    not kept beside what the cells score (``numbers.PASSING``)."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    kept = []
    for count in (5000, 6500):
        header, rows = _bac_giang_rows(rubric, count, 31)
        rng = random.Random(32)
        for k, nid in enumerate(header):
            node = rubric._plan.nodes.get(nid)
            if isinstance(node, LeafPlan) and node.kind.name in ("bands", "linear"):
                for row in rows:  # nearly every cell new: six places
                    row[k] = f"{rng.uniform(0, 100):.6f}"
        path = tmp_path / f"units-{count}.csv"
        _raw_csv(path, header, rows)
        with monkeypatch.context() as patch:
            kept.append(_kept(rubric, path, patch))
    (small, small_images), (large, large_images) = kept
    assert small_images == large_images == 0
    # full after 5,000 rows: 1,500 rows later, only a few more spellings of yes/no and levels
    assert small <= large <= small + 20


def test_row_scorers_read_float_images_without_keeping_them() -> None:
    """``numbers.PASSING`` reads a text or Decimal as ``numbers.IMAGES`` does (its nearest
    float, the refusal, ``UNKEPT`` for one too long to be kept) and keeps nothing."""
    from tiercert._fast import numbers

    passing = numbers.PASSING
    longest = "1" * numbers._KEPT_LENGTH
    for raw in ("72.5", " 49.99 ", Decimal("0.1"), "abc", "72,5", longest, Decimal(longest)):
        assert passing[raw] == numbers.image_of(raw)
        assert passing[raw] is not numbers.UNKEPT
    assert passing["72.5"] == 72.5
    for raw in (longest + "1", Decimal(longest + "1")):
        assert passing[raw] is numbers.UNKEPT
    assert len(passing) == 0


class _Writes(io.StringIO):
    """A text stream that counts its writes."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_the_row_loop_writes_its_rows_as_the_csv_module_does(tmp_path: Path) -> None:
    """The row loop puts each output row together as text (the cells of its key and scores
    as the csv module wrote them once, see ``CsvWriter.fields``) and writes a chunk in one
    piece: ids and names holding a comma, a quote or a line break, and tier labels holding
    both, are quoted exactly as the csv module quotes them, byte for byte the reference's
    output; and the stream gets one write a chunk, not one a row."""
    text = BAC_GIANG.read_text(encoding="utf-8").replace(
        '"Chính quyền thân thiện 1 sao"', "'Chính quyền \"thân thiện\", 1 sao'", 1
    )
    # 1 star from 40 points, which some of the drawn rows reach
    text = text.replace("    rank: 1\n    min: 80\n", "    rank: 1\n    min: 40\n", 1)
    assert 'thân thiện", 1 sao' in text
    assert "min: 40" in text
    source = tmp_path / "rubric.yaml"
    source.write_text(text, encoding="utf-8")
    rubric = tiercert.load_rubric(source)
    header, rows = _bac_giang_rows(rubric, 120, 16)
    for i, row in enumerate(rows):
        if i % 4 == 1:
            # (an id holding a line break is refused since the sixteenth round: names keep theirs)
            row[0] = ("xa,", 'xa"', "x, a", 'x,"')[i // 4 % 4] + str(i)
        if i % 3 == 1:
            row[1] = ("Xã, ", 'Xã "A" ', "Xã\nB ", ",")[i // 3 % 4] + str(i)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 100
    assert '"Chính quyền ""thân thiện"", 1 sao"' in looped  # the label, quoted
    assert '"xa,1"' in looped
    assert '"xa""5"' in looped
    assert '"x, a9"' in looped
    assert '"x,""13"' in looped
    # one write a chunk (and one for the header, and for each row the usual path writes)
    stream = _Writes()
    with CsvWriter(ResultTable(rubric).columns, stream) as writer:
        list(score_rows(rubric, read_csv(path), writer, tally=SummaryBuilder(rubric)))
    assert stream.getvalue() == looped
    assert stream.writes < counted / 2  # the usual path writes its rows one by one


def _row_scorer(rubric: Rubric, path: Path) -> RowScorer:
    """The row scorer the row loop of a batch of ``path`` uses."""
    with pytest.MonkeyPatch.context() as patch:
        seen = _scorers_made(patch)
        _looped(rubric, path)
    (scorer,) = seen
    return scorer


class _CountedPassing(dict[object, object]):
    """``numbers.PASSING`` that counts the texts it reads (the chain of a first read)."""

    read: list[object] = []  # noqa: RUF012 - one list per test, set below

    def __missing__(self, raw: Any) -> object:
        self.read.append(raw)
        from tiercert._fast import numbers

        return numbers.PASSING[raw]


@pytest.mark.parametrize("full", [False, True], ids=["room", "memos-full"])
def test_a_plain_decimal_met_for_the_first_time_is_read_in_one_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    """A cell of a bands or linear criterion met for the first time that is plain decimal
    text (``72.5``, ``49.999999``, ``100``) is read by the criterion's own reader
    (``new<i>``: its float, the float copy's comparisons, the memo) in one call, not
    through ``_cell``'s chain (the reader's cleaning, ``cell_value``, ``num<i>``, the float
    image through ``PASSING``); other spellings (spaced, a leading zero, an exponent, on an
    edge, out of range) still go that way. The output, summary and problems are the
    reference's. Also once the memos are full (``full``: 16 cells each, no spare pool): the
    reader still scores the cell itself, only without remembering it (a mutant of
    ``_new_reader`` that returned only when it remembered went through ``_cell``)."""
    if full:
        monkeypatch.setattr(tiercert._fast.rows, "_MEMO_LIMIT", 16)
        monkeypatch.setattr(tiercert._fast.rows, "_MEMO_SPARE", 0)
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 300, 41)
    rng = random.Random(42)
    odd = ("050", " 72.5 ", "7.5e1", "100.01", "0.50", "-1")
    plain: set[str] = set()
    for k, nid in enumerate(header):
        node = rubric._plan.nodes.get(nid)
        if isinstance(node, LeafPlan) and node.kind.name in ("bands", "linear"):
            for row in rows:
                if rng.random() < 0.05:
                    row[k] = rng.choice(odd)
                else:  # nearly every cell new, none on an edge
                    row[k] = f"{rng.uniform(0.001, 99.999):.{rng.choice((1, 3, 6, 12))}f}"
                    plain.add(row[k])
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    read: list[object] = []
    monkeypatch.setattr(_CountedPassing, "read", read)
    monkeypatch.setattr(tiercert._fast.rows, "PASSING", _CountedPassing())
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 100
    assert not plain & set(read)  # on main: every plain cell, read through PASSING
    assert {"7.5e1", "100.01", "050", "-1"} <= set(read)  # the other spellings as before


#: plain decimal text a reader of a cell met for the first time may take, and spellings it
#: must leave to ``_cell``
_PLAIN = st.one_of(
    st.integers(0, 10**6).map(str),
    st.builds(
        lambda whole, part: f"{whole}.{part}",
        st.integers(0, 200),
        st.text("0123456789", min_size=1, max_size=40),
    ),
    st.sampled_from(
        (*TYPED_NUMBERS, *ODD_CELLS, "00", "0", "0.0", "1" * 100, "1" * 101, "5" + "0" * 99)
    ),
)


_SCORERS: list[RowScorer] = []


@settings(max_examples=400)
@given(st.data())
def test_the_reader_of_a_new_cell_is_cell(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Each ``new<i>(text, ev)`` of the shipped rubric's row scorer scores a text as
    ``_cell(i, text, ev)`` does, or hands it over (the same points, or the same refusal):
    texts on, one step beside and far from every edge of the criterion, long expansions,
    leading zeros, exponents, too long to read fast (101 digits), odd cells."""
    if not _SCORERS:  # one scorer: new<i> and _cell keep what they read alike
        path = tmp_path_factory.mktemp("reader") / "units.csv"
        rubric = tiercert.load_rubric(BAC_GIANG)
        header, rows = _bac_giang_rows(rubric, 2, 43)
        _raw_csv(path, header, rows)
        _SCORERS.append(_row_scorer(rubric, path))
    (scorer,) = _SCORERS
    readers = scorer._gen.new_readers
    assert len(readers) >= 5
    names = scorer._helpers
    i = data.draw(st.sampled_from(readers))
    leaf = cast(LeafPlan, scorer._gen.order[i])
    edges = leaf.kind.emitter.constants(leaf.params)  # type: ignore[union-attr]
    near = st.builds(
        lambda edge, k, sign, places: (
            str(Decimal(edge.numerator) / Decimal(edge.denominator) + sign * Decimal(1).scaleb(-k))
            if k
            else format(Decimal(edge.numerator) / Decimal(edge.denominator), f".{places}f")
        ),
        st.sampled_from(list(edges)),
        st.integers(0, 40),
        st.sampled_from((-1, 1)),
        st.integers(0, 3),
    )
    text = data.draw(st.one_of(_PLAIN, near))
    ev = 0  # (the evidence bits choose the memo; a number the rule takes scores alike)

    def outcome(read: Any, *args: Any) -> object:
        try:
            return read(*args)
        except Fallback:
            return Fallback

    # (a text _cell refused is refused again at once; new<i> reads it first)
    assert outcome(names[f"new{i}"], text, ev) == outcome(names["_cell"], i, text, ev)


#: cells a row scorer refuses, few so that they come again (blanks: a missing answer where
#: missing answers are errors)
REFUSED_CELLS = ("abc", "-1", "999", "72,5", "tốtt", "", "  ", "1e1", "maybe", "2/3", "N/A")


@settings(max_examples=100)
@given(
    sheets(),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(REFUSED_CELLS)), min_size=1, max_size=4),
    st.lists(
        st.tuples(st.integers(0, 5), st.lists(st.integers(0, 3), min_size=1, max_size=3)),
        min_size=2,
        max_size=40,
    ),
    st.integers(1, 4),
    st.randoms(use_true_random=False),
)
def test_rows_with_refused_cells_are_worded_as_the_reference_words_them(
    tmp_path_factory: pytest.TempPathFactory,
    sheet: tuple[Rubric, list[str], list[list[str]]],
    pool: list[tuple[int, str]],
    drawn: list[tuple[int, list[int]]],
    chunk: int,
    rng: random.Random,
) -> None:
    """Rows whose cells the loop refuses, the same bad cells again and again, one or many a
    row, beside good rows, blanks, N/A, evidence (refused or not) and rows the loop hands
    over for other reasons: the loop reads every cell of such a row and words its problems
    from those the usual path gave the same cells before; every byte, every problem (in
    order, with its row and column) and the summary are the reference's."""
    rubric, header, rows = sheet
    rows = [[_spelt(cell, rng) for cell in row] for row in rows]  # each spelt once: met again
    cells = [k for k, name in enumerate(header) if name not in ("unit_id", "unit_name")]
    sheet_rows = []
    for n, (which, bad) in enumerate(drawn):
        row = list(rows[which % len(rows)])
        if row[header.index("unit_id")].startswith("u"):
            # a new unit (some rows keep odd ids), or now and then the last row's again
            row[header.index("unit_id")] = f"u{n - 1}" if len(bad) == 2 else f"u{n}"
        for k in bad:
            column, text = pool[k % len(pool)]
            if not cells:
                break
            at = cells[column % len(cells)]
            if header[at].endswith((".justification", ".url")):
                text = rng.choice(EVIDENCE_TEXTS)
            row[at] = text
        sheet_rows.append(row)
    path = tmp_path_factory.mktemp("worded") / "units.csv"
    _raw_csv(path, header, sheet_rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiercert.batch, "_CHUNK", chunk)
        looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)


def test_the_loop_words_a_row_whose_refused_cells_it_has_met(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused cell met again (a decimal comma, a misspelt level, an answer left blank,
    alone or two in a row, one with evidence) is worded from the problems the reference's
    reader gave it the first time, when that reader read the row's refused cells alone (no
    evaluation of the row): the output, problems and summary are the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 120, 21)
    for i, row in enumerate(rows):
        if i % 50 == 0:
            row[2:] = rows[1][2:]  # no refused cell but those below
        for k in range(2, len(row)):
            if header[k] in ("g1", "g2", "g3", "g4", "g5"):
                row[k] = ""  # no group scored directly: every criterion's cell is read
    bad = {"g5.3": "72,5", "g1.1.2": "tốtt", "g2.1": "", "g4.2": "khoảng 80"}
    for i in range(10, 120, 3):
        columns = list(bad)[(i // 3) % 4 :][:2] if i % 2 else [list(bad)[(i // 3) % 4]]
        for column in columns:
            rows[i][header.index(column)] = bad[column]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    calls: list[str] = []
    evaluate = Rubric.evaluate

    def counted(self: Rubric, *args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("engine", "fast"))
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(Rubric, "evaluate", counted)
    looped, summary, problems, scored = _looped(rubric, path)
    assert (looped, summary, problems) == reference
    assert len(problems) > 40
    assert scored == 120 - 37
    # no row evaluated by the reference: the first row with each bad cell has its cells read
    # alone by the reference's reader (read_answers(only=...)), the others are worded
    assert calls == []


@pytest.mark.parametrize(
    ("column", "text"),
    [("g2", "abc"), ("g2", "72,5"), ("g2", "-1"), ("head_disciplined_or_prosecuted", "maybe")],
)
def test_the_loop_words_a_row_whose_refused_group_score_or_fact_it_has_met(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, text: str
) -> None:
    """A refused cell of a group scored directly or of a fact, met again (alone, or beside a
    refused criterion's cell), is worded from the problems the usual path gave it the first
    time, as a criterion's is: the reference reads only the first rows with them, and the
    output, problems and summary are the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 60, 21)
    assert column in header
    for row in rows:
        for k in range(2, len(row)):
            if header[k] in ("g1", "g2", "g3", "g4", "g5"):
                row[k] = ""
    for i in range(10, 60, 2):
        rows[i][header.index(column)] = text
        for k, name in enumerate(header):
            if name.startswith(f"{column}."):
                rows[i][k] = ""  # a group scored directly has no answers below it
        if i % 4 == 0:
            rows[i][header.index("g5.3")] = "72,5"
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    calls: list[str] = []
    evaluate = Rubric.evaluate

    def counted(self: Rubric, *args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("engine", "fast"))
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(Rubric, "evaluate", counted)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == reference
    assert len(problems) >= 25
    # none: the first row with the group's or fact's cell (alone, or with the criterion's)
    # has its refused cells read alone by the reference's reader, not the row evaluated
    assert calls == []


GROUPED_RANGE = """
format: 1
id: grouped
version: "1"
title: t
max: 10
criteria:
  - id: g1
    title: G1
    max: 10
    children:
      - id: a
        title: A
        max: 10
        rule:
          kind: bands
          range: {min: 0, max: 5000}
          bands: [{min: 0, max: 2.5, points: 0}, {min: 2.5, max: 5000, points: 10}]
tiers:
  - {id: t, label: T, rank: 1, min: 10}
"""


def test_a_new_cell_that_may_be_a_thousands_figure_is_not_read_fast(tmp_path: Path) -> None:
    """``new<i>`` hands ``1.500`` (1500 is in the range too) to ``_cell``, as ``num<i>``
    does, which refuses it with the reference's problem; a cell met for the first time with
    a dot and no such double reading is read at once."""
    rubric = tiercert.parse_rubric(GROUPED_RANGE)
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", "a"], [["u0", "3"], ["u1", "4"]])
    scorer = _row_scorer(rubric, path)
    (i,) = scorer._gen.new_readers
    new, cell = scorer._helpers[f"new{i}"], scorer._helpers["_cell"]
    with pytest.raises(Fallback):
        cell(i, "1.500", 0)
    with pytest.raises(Fallback):
        new("1.500", 0)
    assert new("2.75", 0) == cell(i, "2.75", 0)
    rows = [["u0", "3"], ["u1", "1.500"], ["u2", "1.25"], ["u3", "2.750"]]
    _raw_csv(path, ["unit_id", "a"], rows)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert len(problems) == 2, problems


GATED_ANSWER = """
format: 1
id: gated
version: "1"
title: t
max: 20
criteria:
  - id: p
    title: P
    max: 10
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 10}]
  - {id: q, title: Q, max: 10, rule: {kind: boolean, points: 10}}
gates:
  - {id: g, title: G, require: {answer: p, at_least: 60}}
tiers:
  - {id: one, label: One, rank: 1, min: 10}
"""


def test_the_loop_reads_on_past_a_refused_answer_a_gate_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused cell of a criterion whose answer a gate reads (its reader gives the points
    and the answer, and the loop's stand-in for a refused one both): the loop reads the rest
    of the row past it, so a row refusing cells met before is worded from their problems,
    not read by the reference (the first row with each: ``72,5``, ``abc``, and ``72,5``
    beside ``maybe``, has those cells read alone by the reference's reader, the row not
    evaluated); output, problems and summary are the reference's."""
    rubric = tiercert.parse_rubric(GATED_ANSWER)
    rows = [[f"u{i}", "70", "yes"] for i in range(12)]
    for i in range(2, 12, 2):
        rows[i][1] = "72,5" if i % 4 else "abc"
        if i % 3 == 0:
            rows[i][2] = "maybe"
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", "p", "q"], rows)
    reference = _referenced(rubric, path)
    calls: list[str] = []
    evaluate = Rubric.evaluate

    def counted(self: Rubric, *args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("engine", "fast"))
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(Rubric, "evaluate", counted)
    looped, summary, problems, scored = _looped(rubric, path)
    assert (looped, summary, problems) == reference
    assert len(problems) >= 5
    assert scored == 7
    assert calls == []  # the first rows with each: their refused cells read alone


def test_the_text_of_what_a_whole_total_lacks_is_made_from_integers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``needed_text`` of a whole scaled total, for a tier whose minimum is whole on the
    scale, is made from the integers (never through :meth:`RowScorer.needed`'s Fraction),
    and is the text of what it lacks."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 3, 21)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    scorer = _row_scorer(rubric, path)
    least = scorer.evaluator._min_scaled
    assert least
    assert all(type(m) is int for m in least)
    scale = scorer.evaluator.numbers.scale
    totals = [0, 1, scale, 37 * scale // 2, *least, *(m - 1 for m in least), max(least) + 5]
    expected = {
        (t, k): display_number(scorer.needed(t, k), "ceiling")
        for t in totals
        for k in range(len(least))
    }

    def no_fraction(total: object, tier: int) -> Fraction:
        raise AssertionError("needed_text went through needed")

    monkeypatch.setattr(scorer, "needed", no_fraction)
    for (t, k), text in expected.items():
        assert scorer.needed_text(t, k) == text


def test_the_command_builds_one_row_scorer_for_a_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tiercert batch`` reads a CSV sheet's first row ahead (its version, a programme's
    columns), and that row takes the usual way in: it is scored by the row loop's own row
    scorer (cells cleaned already, which cleaning leaves as they are), not by a second one
    written and compiled for the same layout; the output is the reference's, also with
    cells spaced or decomposed and rows the loop hands over."""
    from tiercert.cli import main

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 40, 5)
    rng = random.Random(5)
    rows = [[row[0], *(_spelt(cell, rng) for cell in row[1:])] for row in rows]
    rows[7][header.index("g2.1")] = "72,5"  # handed over by the loop
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)[0]
    built: list[object] = []
    init = RowScorer.__init__

    def counted(self: RowScorer, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(RowScorer, "__init__", counted)
    out = tmp_path / "out.csv"
    status = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "none"])
    assert status == 1  # the row with a decimal comma
    assert out.read_text(encoding="utf-8-sig") == reference
    assert len(built) == 1


def test_the_command_writes_no_verdict_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch whose rows the row loop scores writes the code of its row scorers only: the
    verdict scorers' code (general and entry) is written on the verdict's first call, which
    the rows never make; the output is the reference's, with a row handed over."""
    from tiercert._fast import codegen
    from tiercert._fast.rows import RowGenerator
    from tiercert.cli import main

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 30, 9)
    rows[4][header.index("g2.1")] = "72,5"  # handed over by the loop
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)[0]
    written: list[str] = []
    write = codegen.Generator.write

    def counted(self: codegen.Generator) -> str:
        written.append("full" if self.full else "verdict")
        return write(self)

    monkeypatch.setattr(codegen.Generator, "write", counted)
    row_write = RowGenerator.write

    def row_counted(self: RowGenerator) -> str:
        written.append("row")
        return row_write(self)

    monkeypatch.setattr(RowGenerator, "write", row_counted)
    out = tmp_path / "out.csv"
    status = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "none"])
    assert status == 1
    assert out.read_text(encoding="utf-8-sig") == reference
    assert "row" in written
    assert "verdict" not in written


def test_a_duplicate_row_whose_answers_the_row_scorer_takes_is_not_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row rejected for its unit id (used before) is read by the usual path for the
    problems of its answers; when the row scorer takes its cells there are none, and its
    result is not wanted: it is not built (``Rubric.evaluate`` not called).  A duplicate
    with a refused cell is still read and worded as the reference words it; the output,
    the summary and the problems are the reference's."""
    from collections import Counter

    from tiercert import rubric as rubric_module

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 40, 11)
    rng = random.Random(11)
    rows = [[row[0], *(_spelt(cell, rng) for cell in row[1:])] for row in rows]
    evaluated: list[str | None] = []
    evaluate = rubric_module.Rubric.evaluate

    def counted(self: Rubric, assessment: Any, *args: Any, **kwargs: Any) -> Any:
        evaluated.append(getattr(assessment, "unit_id", None))
        return evaluate(self, assessment, *args, **kwargs)

    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    with monkeypatch.context() as patch:
        patch.setattr(rubric_module.Rubric, "evaluate", counted)
        _looped(rubric, path)
    before = Counter(evaluated)
    fine = [row for row in rows if row[0] not in before]  # rows scored by the row scorer
    assert len(fine) >= 7
    bad = header.index("g2.1")
    rows += [
        [fine[0][0], *fine[1][1:]],  # a duplicate, answers fine
        [f" {fine[2][0]} ", *fine[3][1:]],  # a duplicate (spaced id), answers fine
        [fine[4][0], *fine[5][1:bad], "72,5", *fine[5][bad + 1 :]],  # and a refused cell
        [fine[0][0], *fine[6][1:]],  # the first duplicate's id again
    ]
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    evaluated.clear()
    monkeypatch.setattr(rubric_module.Rubric, "evaluate", counted)
    looped = _looped(rubric, path)
    assert looped[:3] == reference
    assert Counter(evaluated) == before + Counter([fine[4][0]])  # that duplicate alone more


@pytest.mark.parametrize("refused", [False, True])
def test_no_summary_is_worked_out_when_none_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: bool
) -> None:
    """``--summary none``: the exit status needs only whether a row was rejected, so the
    summary (its median and the distribution of every distinct total) is not worked out;
    the status and the output are as before (1 with a rejected row, else 0)."""
    from tiercert.cli import main

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 30, 13)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    rejected = bool(reference[1]["rejected"])
    if refused and not rejected:
        rows[2][header.index("g2.1")] = "72,5"
    elif not refused and rejected:
        rows = [row for row in rows if _referenced_row_ok(rubric, header, row, tmp_path)]
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    assert bool(reference[1]["rejected"]) is refused
    made: list[object] = []
    summary = SummaryBuilder.summary

    def counted(self: SummaryBuilder) -> Any:
        made.append(self)
        return summary(self)

    monkeypatch.setattr(SummaryBuilder, "summary", counted)
    out = tmp_path / "out.csv"
    status = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "none"])
    assert status == (1 if refused else 0)
    assert out.read_text(encoding="utf-8-sig") == reference[0]
    assert made == []
    status = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "json"])
    assert status == (1 if refused else 0)
    assert len(made) == 1


def _referenced_row_ok(rubric: Rubric, header: list[str], row: list[str], tmp: Path) -> bool:
    """Whether the reference scores ``row`` alone (no problem)."""
    path = tmp / "one.csv"
    _raw_csv(path, header, [row])
    return not _referenced(rubric, path)[1]["rejected"]


def test_a_row_scorer_needing_the_finer_scale_is_not_written_at_the_coarse_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bắc Giang's ``linear`` shares are not whole at its own scale: its row scorer is made
    at :data:`FINE_PLACES` places, and the writing at the coarse scale stops at its first
    such share (its code would be thrown away); when no finer evaluator can be made, the
    coarse one is written out (sums as Fractions).  Either way the reference's output."""
    from tiercert._fast.evaluator import FastEvaluator
    from tiercert._fast.rows import RowGenerator

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 30, 17)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    written: list[tuple[int, bool]] = []
    write = RowGenerator.write

    def counted(self: RowGenerator) -> str:
        written.append((self.num.places, False))
        code = write(self)
        written[-1] = (self.num.places, True)
        return code

    monkeypatch.setattr(RowGenerator, "write", counted)
    assert _looped(rubric, path)[:3] == reference
    coarse = rubric._fast.numbers.places if rubric._fast is not None else 0
    assert coarse < FINE_PLACES
    assert written == [(coarse, False), (FINE_PLACES, True)]
    written.clear()
    fresh = tiercert.load_rubric(BAC_GIANG)
    monkeypatch.setattr(FastEvaluator, "fine_rows", lambda self: None)
    assert _looped(fresh, path)[:3] == reference
    assert written == [(coarse, False), (coarse, True)]


def test_the_command_compiles_the_row_body_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV file written as CSV is scored by the row loop, which holds the row scorer's
    body: the row function (the same body again) is compiled only when a row asks for it,
    and neither the row read ahead (to look for a programme) nor a duplicate whose answers
    are vouched for (read by the loop, with no id seen) asks; the output, the summary and
    the problems are the reference's.  A row scorer asked to score a row compiles it then."""
    from tiercert._columns import Reader, cell_value, is_empty
    from tiercert._fast.evaluator import FastEvaluator
    from tiercert.cli import main

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 30, 9)
    rows = [row for row in rows if _referenced_row_ok(rubric, header, row, tmp_path)]
    assert len(rows) >= 6
    rows[4][header.index("g2.1")] = "72,5"  # handed over by the loop
    rows.append([rows[1][0], *rows[2][1:]])  # a duplicate, answers fine
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    reference = _referenced(rubric, path)
    compiled: list[str] = []
    run = FastEvaluator._run

    def counted(self: FastEvaluator, code: str, *args: Any) -> dict[str, Any]:
        compiled.append(code)
        return run(self, code, *args)

    monkeypatch.setattr(FastEvaluator, "_run", counted)
    out = tmp_path / "out.csv"
    status = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "none"])
    assert status == 1
    assert out.read_text(encoding="utf-8-sig") == reference[0]
    assert any(code.startswith("def rows(") for code in compiled)
    assert not any("def row(c):" in code for code in compiled)
    assert _looped(rubric, path)[:3] == reference
    scorer = RowScorer(
        cast(Any, rubric._fast),
        Reader(rubric).columns(tuple(header), True).layout(),
        False,
        is_empty,
        cell_value,
    )
    assert not any("def row(c):" in code for code in compiled)
    compiled.clear()
    key, tops = scorer.score(rows[0])
    assert [code.startswith("def row(c):") for code in compiled] == [True]
    assert scorer.score(rows[0]) == (key, tops)
    assert len(compiled) == 1


def test_the_reader_of_some_answers_finds_a_conflict_with_a_group_given_outside_them() -> None:
    """A group scored directly (``g1``) outside ``only``, a criterion below it answered inside:
    the whole reading says they conflict, and ``only=`` read the group's score only to know it
    was given, so it said nothing (hypothesis found it, nineteenth round)."""
    from tiercert._reference import read_answers

    plan = tiercert.load_rubric(BAC_GIANG)._plan
    answers = {"g1": 17, "g1.1.1": True, "g1.1.2": "maybe", "g2": 25, "g3": 20, "g4": 15}
    answers["g5"] = 20
    facts = {"head_disciplined_or_prosecuted": False}
    _, whole = read_answers(plan, answers, facts, missing_is_zero=False)
    only = frozenset({"g1.1.1", "g1.1.2"})
    _, alone = read_answers(plan, answers, facts, missing_is_zero=False, only=only)
    assert [(p.code, p.path) for p in whole] == [
        ("answer.invalid", ("answers", "g1.1.2")),
        ("answer.conflict", ("answers", "g1.1.1")),
    ]
    assert [(p.code, p.path, p.text()) for p in alone] == [
        (p.code, p.path, p.text()) for p in whole
    ]


@settings(max_examples=80)
@given(st.data())
def test_the_reader_of_some_answers_finds_what_the_whole_reading_finds_of_them(
    data: st.DataObject,
) -> None:
    """``read_answers(..., only=ids)`` (a batch's refused cells read alone, see
    ``_RowPath._read_refused``): when every other answer and fact is read without a problem,
    its problems are the whole reading's, in the same order and words: bad answers (a
    decimal comma, a misspelt level, a word), answers left out, facts bad or left out,
    groups scored directly, with missing answers an error or zero."""
    from tiercert._reference import read_answers

    rubric = data.draw(rubrics())
    assessment = data.draw(answers_for(rubric))
    plan = rubric._plan
    answers = dict(assessment.answers)
    facts = dict(assessment.facts)
    zero = data.draw(st.booleans())
    _, before = read_answers(plan, answers, facts, missing_is_zero=zero)
    assume(not before)
    keys = [*(("a", k) for k in answers), *(("f", k) for k in facts)]
    keys += [("a", n.id) for n in plan.nodes.values() if n.id not in answers]
    keys += [("f", f) for f in plan.facts if f not in facts]
    spoilt = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=True))
    for kind, key in spoilt:
        bad = data.draw(st.sampled_from(["72,5", "tốtt", "", "khoảng 80", "-1", "maybe"]))
        (answers if kind == "a" else facts)[key] = bad
    ids = frozenset(key for _, key in spoilt)
    _, whole = read_answers(plan, answers, facts, missing_is_zero=zero)
    _, alone = read_answers(plan, answers, facts, missing_is_zero=zero, only=ids)
    named = [p for p in whole if len(p.path) < 2 or p.path[1] in ids]
    assume(named == whole)  # every problem is of a spoilt answer (a conflict may not be)
    assert [(p.code, p.path, p.text()) for p in alone] == [
        (p.code, p.path, p.text()) for p in whole
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_score_is_counted_when_no_summary_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """``--summary none``: the status needs only whether a row was rejected, so the row loop's
    rows are counted, not what each scored (no count of keys or scores: ``Counter`` is not
    called, ``_count_many`` not either); the output, the problems and the status are those of
    the same command with a summary, one process or two."""
    from tiercert import batch
    from tiercert.cli import main

    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 3000, 17)
    rows[2500][header.index("g2.1")] = "72,5"
    rows.append([rows[10][0], *rows[11][1:]])  # a duplicate
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    out = tmp_path / "out.csv"
    shown = main(["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "json"])
    expected = out.read_text(encoding="utf-8-sig"), capsys.readouterr().err
    assert shown == 1
    counted: list[object] = []
    monkeypatch.setattr(batch, "Counter", lambda *a: counted.append(a))
    monkeypatch.setattr(SummaryBuilder, "_count_many", lambda *a: counted.append(a))
    status = main(
        ["batch", str(BAC_GIANG), str(path), "-o", str(out), "--summary", "none", "--jobs", jobs]
    )
    assert status == shown
    assert (out.read_text(encoding="utf-8-sig"), capsys.readouterr().err) == expected
    assert counted == []
    builder = SummaryBuilder(rubric, counting=False)
    builder.count_rows(3)
    assert (builder.scored, builder.rejected) == (3, 0)
