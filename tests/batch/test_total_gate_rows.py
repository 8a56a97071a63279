"""The batch's row scorer on a rubric with a gate on the total (twenty-third round): it
scores such rows itself again, its points to the next tier counted to the least total each
failed gate of that tier needs of the row (its facts read), as full results say.

The reference's full results are the judge: every column of the CSV (row by row, and in bulk
with a summary) and of JSON lines is the same, and the row scorer takes every row.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import Rubric
from tiercert._writers import CsvWriter, JsonlWriter
from tiercert.batch import ResultTable, _Scored, score_rows
from tiercert.summary import SummaryBuilder
from tiercert.tabular import read_csv, write_table

HAI_KHOI_FILE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "gates" / "hai_khoi_xuat_sac.yaml"
)
#: a department (so) needs 90 of 100 for Nhóm I, a district (huyen) the tier's 80; Xuất sắc
#: needs 95 and no violation (one file, shared with the batch's and the engine's tests)
HAI_KHOI = HAI_KHOI_FILE.read_text(encoding="utf-8")

#: each unit's own Nhóm I edge as a percentage of 200 points; Xuất sắc above 190 points
BY_FACT = """
format: 1
id: nguong
version: "1"
title: Ngưỡng theo đơn vị
facts:
  - {id: nguong, title: Ngưỡng Nhóm I, type: number}
criteria:
  - {id: c1, title: Phần 1, max: 100, rule: {kind: direct}}
  - {id: c2, title: Phần 2, max: 100, rule: {kind: direct}}
gates:
  - id: theo_khoi
    title: Đạt ngưỡng Nhóm I của khối mình
    tiers: [nhom_1]
    require: {percent: "@criteria", at_least: {fact: nguong, times: 1}}
  - id: tren
    title: Trên 190 điểm cho Xuất sắc
    tiers: [xuat_sac]
    require: {score: "@criteria", above: 190}
tiers:
  - {id: nhom_2, label: Nhóm II, rank: 1, min: 140}
  - {id: nhom_1, label: Nhóm I, rank: 2, min: 160}
  - {id: xuat_sac, label: Xuất sắc, rank: 3, min: 170}
"""


def _rubric(text: str) -> Rubric:
    return tiercert.rubric_from_mapping(yaml.safe_load(text))


def _outputs(rubric: Rubric, path: Path, engine: str) -> dict[str, tuple[str, list[Any]]]:
    """What a batch of the sheet at ``path`` writes with ``engine``, and the outcomes it
    yields: CSV row by row, CSV in bulk (with a summary: the row loop), JSON lines."""
    out: dict[str, tuple[str, list[Any]]] = {}
    for way in ("csv", "bulk", "jsonl"):
        buffer = io.StringIO()
        columns = ResultTable(rubric).columns
        writer = JsonlWriter(columns, buffer) if way == "jsonl" else CsvWriter(columns, buffer)
        tally = SummaryBuilder(rubric) if way == "bulk" else None
        with writer:
            outcomes = list(
                score_rows(rubric, read_csv(path), writer, engine=engine, tally=tally)  # type: ignore[arg-type]
            )
        summary = json.dumps(tally.summary().to_dict(), default=str) if tally else ""
        out[way] = (buffer.getvalue() + summary, outcomes)
    return out


def _same_as_full_results(rubric: Rubric, path: Path, rows: int) -> dict[str, str]:
    """Assert the row scorer's batch writes what full results write, every column in each
    way, and that it scored every row itself; returns the CSV and JSON lines written."""
    fast = _outputs(rubric, path, "fast")
    full = _outputs(rubric, path, "reference")
    for way in fast:
        assert fast[way][0] == full[way][0], way
    # the row scorer took every row: an outcome of its own each, or none (written in bulk)
    assert len(fast["csv"][1]) == rows
    assert all(isinstance(o, _Scored) for o in fast["csv"][1])
    assert all(isinstance(o, _Scored) for o in fast["jsonl"][1])
    assert fast["bulk"][1] == []
    return {way: text for way, (text, _) in fast.items()}


def _column(csv_text: str, name: str) -> list[str]:
    lines = [line.split(",") for line in csv_text.splitlines()]
    at = lines[0].index(name)
    return [line[at] for line in lines[1:] if len(line) == len(lines[0])]


def test_a_department_is_told_the_points_its_gate_needs(tmp_path: Path) -> None:
    """Worked by hand: a department at 89 needs 1 for Nhóm I (its gate's 90, not the tier's
    80), at 75 needs 15; a district at 75 the tier's 5; a district at 89 with no violation
    needs 95 - 89 = 6 for Xuất sắc, with one 5 (its gate names the violation: no total
    helps); a department at 89.99 needs 0.01, at 90 reaches Nhóm I and needs 5."""
    path = tmp_path / "units.csv"
    rows = [
        ["a", "89", "so", "true"],
        ["b", "75", "so", "true"],
        ["c", "75", "huyen", "true"],
        ["d", "89", "huyen", "true"],
        ["e", "80", "huyen", "false"],
        ["f", "89.99", "so", "true"],
        ["g", "90", "so", "true"],
        ["h", "60", "so", "true"],
        ["i", "94.5", "huyen", "true"],
        ["j", "100", "huyen", "true"],
    ]
    write_table(path, ["unit_id", "c1", "khoi", "ok"], rows)
    texts = _same_as_full_results(_rubric(HAI_KHOI), path, len(rows))
    expected = ["1", "15", "5", "6", "5", "0.01", "5", "10", "0.5", ""]
    assert _column(texts["csv"], "points_to_next_tier") == expected
    assert _column(texts["bulk"], "points_to_next_tier") == expected
    told = [json.loads(line)["points_to_next_tier"] for line in texts["jsonl"].splitlines()]
    assert [None if t is None else Fraction(str(t)) for t in told] == [
        None if e == "" else Fraction(e) for e in expected
    ]


def test_each_unit_s_own_edge_is_read_from_its_fact(tmp_path: Path) -> None:
    """Worked by hand: Nhóm I's gate needs ``nguong`` % of 200 points; at 150 points a unit
    of 85 % needs 170 - 150 = 20, one of 80 % the tier's 160 - 150 = 10, one of 80.25 %
    160.5 - 150 = 10.5; at 175 (Nhóm I reached by 80 %) Xuất sắc's gate needs more than 190:
    15 (the total just above 190 passes, 190 itself does not: the gate is named); at 160
    with 85 %: 10; at 170 with 85 % (Nhóm I reached) 190 - 170 = 20; at 190 just beyond
    passes: 0 and the gate named; at 190.5 Xuất sắc is reached: no next tier."""
    path = tmp_path / "units.csv"
    rows = [
        ["a", "100", "50", "85"],
        ["b", "100", "50", "80"],
        ["c", "100", "50", "80.25"],
        ["d", "100", "75", "80"],
        ["e", "100", "60", "85"],
        ["f", "100", "70", "85"],
        ["g", "95", "95", "0"],
        ["h", "100", "90.5", "0"],
    ]
    write_table(path, ["unit_id", "c1", "c2", "nguong"], rows)
    texts = _same_as_full_results(_rubric(BY_FACT), path, len(rows))
    expected = ["20", "10", "10.5", "15", "10", "20", "0", ""]
    assert _column(texts["csv"], "points_to_next_tier") == expected
    assert _column(texts["bulk"], "points_to_next_tier") == expected


# --- a property over rubrics with gates on the total ------------------------------------------

_TIER_IDS = ("mot", "hai", "ba")


@st.composite
def _total_gate_rubrics(draw: st.DrawFn) -> tuple[dict[str, Any], list[Fraction]]:
    """A rubric of two criteria (direct points) whose gates compare the total: its score or
    percentage, with a number or a fact's value (times a factor), within ``any``/``all``
    beside a fact or not, for all tiers or some, the total rounded or not; and the totals
    (in points) where something turns: each tier's minimum, each gate's number."""
    m1 = draw(st.sampled_from([40, 50, 100]))
    m2 = draw(st.sampled_from([10, 50, 60]))
    full = Fraction(m1 + m2)
    mins = sorted(draw(st.sets(st.integers(1, int(full)), min_size=1, max_size=3)))
    tiers = [
        {"id": _TIER_IDS[k], "label": _TIER_IDS[k], "rank": k + 1, "min": value}
        for k, value in enumerate(mins)
    ]
    edges = [Fraction(value) for value in mins]
    gates = []
    for j in range(draw(st.integers(1, 3))):
        percent = draw(st.booleans())
        key = "percent" if percent else "score"
        top = 100 if percent else int(full)
        comparison: dict[str, Any] = {key: "@criteria"}
        op = draw(st.sampled_from(["at_least", "at_least", "above", "below", "at_most", "range"]))
        if draw(st.integers(0, 2)) == 0:
            times = draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal(2)]))
            value: Any = {"fact": "nguong", "times": times}
        else:
            number = draw(st.integers(1, top - 1))
            value = Decimal(number) + draw(st.sampled_from([Decimal(0), Decimal("0.5")]))
            per = full / 100 if percent else Fraction(1)
            edges.append(Fraction(value) * per)
        if op == "range":
            comparison["at_least"] = value
            comparison["below"] = top  # (a second operator: the edge at the top)
        else:
            comparison[op] = value
        shape = draw(st.sampled_from(["alone", "any", "all"]))
        require: dict[str, Any] = comparison
        if shape == "any":
            require = {"any": [{"fact": "khoi", "equals": "huyen"}, comparison]}
        elif shape == "all":
            require = {"all": [{"fact": "ok", "equals": True}, comparison]}
        gate: dict[str, Any] = {"id": f"g{j}", "title": f"Gate {j}", "require": require}
        some: list[str] = draw(st.lists(st.sampled_from(_TIER_IDS[: len(tiers)]), unique=True))
        limited: bool = draw(st.booleans())
        if some and limited:
            gate["tiers"] = some
        gates.append(gate)
    rubric: dict[str, Any] = {
        "format": 1,
        "id": "tong",
        "version": "1",
        "title": "Cổng trên tổng điểm",
        "facts": [
            {"id": "nguong", "title": "Ngưỡng", "type": "number"},
            {"id": "khoi", "title": "Khối", "type": "choice", "options": ["so", "huyen"]},
            {"id": "ok", "title": "Không vi phạm", "type": "boolean"},
        ],
        "criteria": [
            {"id": "c1", "title": "Phần 1", "max": m1, "rule": {"kind": "direct"}},
            {"id": "c2", "title": "Phần 2", "max": m2, "rule": {"kind": "direct"}},
        ],
        "gates": gates,
        "tiers": tiers,
    }
    if draw(st.booleans()):
        places = draw(st.integers(0, 1))
        rubric["rounding"] = {"total": {"mode": "half_up", "places": places}}
    return rubric, edges


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_total_gate_rubrics(), st.data())
def test_rows_on_just_below_and_above_each_edge_are_written_as_full_results_say(
    tmp_path: Path, made: tuple[dict[str, Any], list[Fraction]], data: st.DataObject
) -> None:
    """Totals on, just below and just above each tier's minimum, each gate's number and each
    unit's own edge (its ``nguong`` read as points or as a percentage), with facts that open
    or close the gates beside the total: the row scorer's rows are the full results' rows."""
    spec, edges = made
    rubric = tiercert.rubric_from_mapping(spec)
    m1, m2 = (Fraction(c["max"]) for c in spec["criteria"])
    full = m1 + m2
    rows = []
    for u in range(data.draw(st.integers(1, 8), "rows")):
        nguong = data.draw(st.sampled_from(["40", "50", "62.5", "75", "80.25", "90"]), "nguong")
        # a fact's edge, as points or as a percentage of the maximum (times 1 or 2 or 0.5)
        own = [Fraction(nguong) * k for k in (1, 2, Fraction(1, 2))]
        own += [e * full / 100 for e in own]
        edge = data.draw(st.sampled_from([*edges, *own, Fraction(0), full]), "edge")
        steps = [Fraction(0), Fraction(1, 100), Fraction(1, 2), Fraction(1)]
        step: Fraction = data.draw(st.sampled_from(steps), "step")
        side: int = data.draw(st.sampled_from([-1, 0, 1]), "side")
        total = edge + side * step
        total = min(max(total, Fraction(0)), full)
        # the total cut to two places, written in the two cells
        total = Fraction(int(total * 100), 100)
        c1 = min(total, m1)
        c2 = total - c1
        khoi = data.draw(st.sampled_from(["so", "huyen"]), "khoi")
        ok = data.draw(st.sampled_from(["true", "false"]), "ok")
        rows.append([f"u{u}", _decimal(c1), _decimal(c2), nguong, khoi, ok])
    path = tmp_path / "units.csv"
    write_table(path, ["unit_id", "c1", "c2", "nguong", "khoi", "ok"], rows)
    _same_as_full_results(rubric, path, len(rows))


def _decimal(value: Fraction) -> str:
    """A number of at most two places as a cell's text."""
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@pytest.mark.parametrize("text", [HAI_KHOI, BY_FACT])
def test_the_row_scorer_of_a_rubric_with_a_gate_on_the_total_is_made(text: str) -> None:
    """Such a rubric's row scorer is made (not declined): the batch takes it for its rows."""
    from tiercert._columns import cell_value, is_empty
    from tiercert._fast.rows import RowLayout

    rubric = _rubric(text)
    fast = rubric._fast
    assert fast is not None
    ids = list(rubric._plan.nodes)
    layout = RowLayout(
        {n: k for k, n in enumerate(ids)},
        {f: len(ids) + k for k, f in enumerate(rubric._plan.facts)},
        {},
        (),
    )
    assert fast.row_scorer(layout, False, is_empty=is_empty, cell_value=cell_value) is not None


#: a gate on the total that also reads a criterion below a group given directly (``g``):
#: on a row that gives ``g``, ``a``'s score is not set (found by the counted columns'
#: property: a key made of every score the gate reads raised UnboundLocalError)
BELOW_DIRECT = """
format: 1
id: below_direct
version: "1"
title: Below a group given directly
criteria:
  - id: g
    title: G
    direct: true
    children:
      - {id: a, title: A, max: 10, rule: {kind: direct}}
      - {id: b, title: B, max: 10, rule: {kind: direct}}
  - {id: c, title: C, max: 10, rule: {kind: direct}}
gates:
  - id: both
    title: Total and a
    tiers: [t2]
    require:
      all:
        - {score: "@criteria", at_least: 25}
        - {score: a, at_least: 1}
tiers:
  - {id: t1, label: T1, rank: 1, min: 0}
  - {id: t2, label: T2, rank: 2, min: 20}
"""


def test_a_gate_reading_a_score_below_a_group_given_directly(tmp_path: Path) -> None:
    """Rows that give ``g`` directly and rows that answer its criteria, the gate failed by
    its total or by ``a``: the row scorer writes what full results write (it raised
    UnboundLocalError on the first kind)."""
    path = tmp_path / "units.csv"
    rows = [
        ["u1", "15", "", "", "8"],  # g given: a not scored fails the gate, no total helps
        ["u2", "", "5", "5", "10"],  # 20, a answered: the gate needs 25
        ["u3", "", "0", "10", "10"],  # 20, a at 0: no total helps
        ["u4", "20", "", "", "10"],  # 30, g given: t2's minimum reached, its gate failed
    ]
    write_table(path, ["unit_id", "g", "a", "b", "c"], rows)
    texts = _same_as_full_results(_rubric(BELOW_DIRECT), path, len(rows))
    # where no total helps, the points to the next tier are its minimum's (none past it)
    assert _column(texts["csv"], "points_to_next_tier") == ["0", "5", "0", "0"]


#: Hai needs 70 points and, besides, 80 in all with 10 of c2 (its answer, or its score): a gate
#: that reads the row beside the total, so its least total differs between rows of one total
#: (none when c2 has less than 10: no total helps)
BESIDE_THE_TOTAL = """
format: 1
id: ben_canh
version: "1"
title: Bên cạnh tổng điểm
criteria:
  - {id: c1, title: Phần 1, max: 60, rule: {kind: direct}}
  - {id: c2, title: Phần 2, max: 40, rule: {kind: direct}}
gates:
  - id: c2_va_tong
    title: 10 điểm phần 2 và 80 điểm
    tiers: [hai]
    require:
      all:
        - {KIND: c2, at_least: 10}
        - {score: "@criteria", at_least: 80}
tiers:
  - {id: mot, label: Một, rank: 1, min: 50}
  - {id: hai, label: Hai, rank: 2, min: 70}
"""


@pytest.mark.parametrize("kind", ["answer", "score"])
def test_a_gate_that_reads_the_row_beside_the_total(kind: str, tmp_path: Path) -> None:
    """Worked by hand: at 65 with 15 of c2 the gate needs 80: 15; at 65 with 5 of c2 no total
    helps: the tier's 70, 5; at 80 with 20 Hai is reached (no next tier); at 75 with 15: 5;
    at 60 with 5: 10; at 30 Một's 50: 20 (the gate is Hai's); at 79.5 with 20: 0.5; the first
    two again.  Rows of one total and other c2 are told apart (the least total is not
    remembered by the total alone: by the score beside it, or not at all for an answer's
    value), and the row scorer scores every row itself."""
    path = tmp_path / "units.csv"
    rows = [
        ["a", "50", "15"],
        ["b", "60", "5"],
        ["c", "60", "20"],
        ["d", "60", "15"],
        ["e", "55", "5"],
        ["f", "20", "10"],
        ["g", "59.5", "20"],
        ["h", "50", "15"],
        ["i", "60", "5"],
    ]
    write_table(path, ["unit_id", "c1", "c2"], rows)
    rubric = _rubric(BESIDE_THE_TOTAL.replace("KIND", kind))
    texts = _same_as_full_results(rubric, path, len(rows))
    expected = ["15", "5", "", "5", "10", "20", "0.5", "15", "5"]
    assert _column(texts["csv"], "points_to_next_tier") == expected
    assert _column(texts["bulk"], "points_to_next_tier") == expected


def test_gate_totals_are_equal_by_their_total() -> None:
    """A gate's total is a key of the points' texts beside the tiers' indices: equal (and of
    one hash) when the totals are, else not, and never equal to a tier's index."""
    from tiercert._fast.rows import GateTotal

    assert GateTotal(90) == GateTotal(90)
    assert hash(GateTotal(90)) == hash(GateTotal(90))
    assert GateTotal(90) != GateTotal(91)
    assert GateTotal(Fraction(181, 2)) != GateTotal(90)
    assert GateTotal(1) != 1
    assert {GateTotal(90): "a", GateTotal(91): "b", 2: "c"}[GateTotal(91)] == "b"
    assert repr(GateTotal(90)) == "GateTotal(90)"


#: Hai needs 70 points and a total between the unit's own two edges (two facts' values)
TWO_FACTS = """
format: 1
id: hai_nguong
version: "1"
title: Hai ngưỡng
facts:
  - {id: san, title: Sàn, type: number}
  - {id: tran, title: Trần, type: number}
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
gates:
  - id: giua
    title: Giữa sàn và trần
    tiers: [hai]
    require: {score: "@criteria", at_least: {fact: san}, at_most: {fact: tran}}
tiers:
  - {id: mot, label: Một, rank: 1, min: 50}
  - {id: hai, label: Hai, rank: 2, min: 70}
"""


def test_a_gate_between_two_facts_values(tmp_path: Path) -> None:
    """Worked by hand: at 60 with a floor of 80 the gate needs 80: 20; with 75: 15; with 60.5
    the tier's 70: 10; at 85 between 80 and 95 Hai is reached; the first row again (its least
    total remembered by the total and both facts' values)."""
    path = tmp_path / "units.csv"
    rows = [
        ["a", "60", "80", "95"],
        ["b", "60", "75", "95"],
        ["c", "60", "60.5", "95"],
        ["d", "85", "80", "95"],
        ["e", "60", "80", "95"],
        ["f", "60", "75", "99"],
    ]
    write_table(path, ["unit_id", "c1", "san", "tran"], rows)
    texts = _same_as_full_results(_rubric(TWO_FACTS), path, len(rows))
    expected = ["20", "15", "10", "", "20", "15"]
    assert _column(texts["csv"], "points_to_next_tier") == expected
    assert _column(texts["bulk"], "points_to_next_tier") == expected


def _row_scorer_source(text: str) -> str:
    from tiercert._columns import cell_value, is_empty
    from tiercert._fast.rows import RowLayout

    rubric = _rubric(text)
    fast = rubric._fast
    assert fast is not None
    ids = list(rubric._plan.nodes)
    layout = RowLayout(
        {n: k for k, n in enumerate(ids)},
        {f: len(ids) + k for k, f in enumerate(rubric._plan.facts)},
        {},
        (),
    )
    scorer = fast.row_scorer(layout, False, is_empty=is_empty, cell_value=cell_value)
    assert scorer is not None
    return str(scorer.source)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # a gate reading the total and a score: its least totals remembered by both
        (BELOW_DIRECT.replace("direct: true", "direct: false"), [r"Q = \(T, s\d+, \)"]),
        # gates reading a fact's value: by the total and the fact
        (HAI_KHOI, [r"Q = \(T, f\d+, \)", r"Q = \(T, f\d+, \)"]),
        # a gate reading a fact's value, and one reading the total alone: by the total itself,
        # no tuple made (the twenty-fourth round's ``_needs`` 86 made one)
        (BY_FACT, [r"Q = \(T, f\d+, \)", r"Q = T"]),
        # a score below a group given directly: no memo (the score is not set on a row
        # that gives the group, where a key made of it would not be read)
        (BELOW_DIRECT, []),
    ],
)
def test_a_gate_on_the_total_remembers_its_least_totals_by_what_it_reads(
    text: str, keys: list[str]
) -> None:
    """The speed path of the gates on the total (``RowGenerator._read_by``): rows that
    repeat a total and what else the gate reads are tried once, the least total remembered
    by them (the twenty-third round's mutants that turned the memo off, or on for a flag of
    a group given directly, wrote the same rows, or raised UnboundLocalError)."""
    lines = [line.strip() for line in _row_scorer_source(text).splitlines()]
    found = [line for line in lines if line.startswith("Q = ")]
    assert len(found) == len(keys)
    for line, key in zip(found, keys, strict=True):
        assert re.fullmatch(key, line), line
    assert sum(".get(Q, _NO)" in line for line in lines) == len(keys)


#: Hai needs 4 points of 7 and 62.345 % of them: 4.36415 points, an edge of five places where
#: the row scorer's scale has four (yes/no criteria, no direct score: the rubric's own places
#: and four more), so the edge is no whole number of its units
NOT_WHOLE = """
format: 1
id: phan_tram
version: "1"
title: Phần trăm lẻ
criteria:
  - {id: a, title: A, max: 2, rule: {kind: boolean, points: 2}}
  - {id: b, title: B, max: 2, rule: {kind: boolean, points: 2}}
  - {id: c, title: C, max: 3, rule: {kind: boolean, points: 3}}
gates:
  - id: ty_le
    title: 62,345 % cho Hai
    tiers: [hai]
    require: {percent: "@criteria", at_least: 62.345}
tiers:
  - {id: mot, label: Một, rank: 1, min: 2}
  - {id: hai, label: Hai, rank: 2, min: 4}
"""


def test_a_gate_s_edge_that_is_no_whole_number_of_the_scale(tmp_path: Path) -> None:
    """Worked by hand: 62.345 % of 7 is 4.36415; at 4 a unit needs 0.36415 (the gate's
    edge, not the tier's 4), at 2 needs 2.36415, at 3 1.36415; at 7 and at 5 (71.4 %) Hai is
    reached.  The
    edge is a Fraction of the scale's units in the generated code, not its numerator (the
    twenty-fourth round's ``RowGenerator._number`` mutants: the gate then had no edge below
    the top and the units were told the tier's minimum)."""
    rubric = _rubric(NOT_WHOLE)
    assert rubric._fast is not None
    assert rubric._fast.numbers.scale == 10**4  # (the edge's 43,641.5 units: not whole)
    path = tmp_path / "units.csv"
    rows = [
        ["u1", "true", "true", "false"],
        ["u2", "true", "false", "false"],
        ["u3", "false", "false", "true"],
        ["u4", "true", "true", "true"],
        ["u5", "false", "true", "true"],
    ]
    write_table(path, ["unit_id", "a", "b", "c"], rows)
    texts = _same_as_full_results(rubric, path, len(rows))
    expected = ["0.36415", "2.36415", "1.36415", "", ""]
    assert _column(texts["csv"], "points_to_next_tier") == expected
    assert _column(texts["bulk"], "points_to_next_tier") == expected
