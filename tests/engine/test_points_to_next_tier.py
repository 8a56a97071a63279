"""Points to the next tier with a gate on the total (twenty-second round): what a unit lacks
is the larger of the tier's minimum and the total each failed gate of that tier needs of this
unit (its facts read), in every output that says it, both evaluators alike.

Every figure below is worked by hand from the rubric, never taken from tiercert's output.
"""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import Assessment, Result, Rubric
from tiercert.cli import main
from tiercert.errors import DataError

ENGINES = ("reference", "fast")

HAI_KHOI_FILE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "gates" / "hai_khoi_xuat_sac.yaml"
)
#: a department (so) needs 90 of 100 for Nhóm I, a district (huyen) the tier's 80; Xuất sắc
#: needs 95 and no violation (one file, shared with the batch's and the engine's tests)
HAI_KHOI = HAI_KHOI_FILE.read_text(encoding="utf-8")

#: each unit's own minimum as a percentage of 200 points, and a gate ``above`` a number
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


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _next(result: Result) -> tuple[str, Fraction, tuple[str, ...]] | None:
    nxt = result.next_tier
    return None if nxt is None else (nxt.tier.id, nxt.points_needed, nxt.blocking_gates)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("khoi", "ok", "points", "expected"),
    [
        # a department at 89: Nhóm I starts at 80, but its gate needs 90 of it
        ("so", True, "89", ("nhom_1", Fraction(1), ("so_nhom_1",))),
        ("so", True, "75", ("nhom_1", Fraction(15), ("so_nhom_1",))),
        ("so", True, "89.25", ("nhom_1", Fraction(3, 4), ("so_nhom_1",))),
        # a district at 75: the gate holds by its kind, the tier's 80 is all
        ("huyen", True, "75", ("nhom_1", Fraction(5), ())),
        # a district at 89 reaches Nhóm I; Xuất sắc's gate needs 95, more than its 85
        ("huyen", True, "89", ("xuat_sac", Fraction(6), ("sach",))),
        # a violation fails that gate at any total: the tier's 85 is told, the gate named
        ("huyen", False, "80", ("xuat_sac", Fraction(5), ("sach",))),
        # a department at 90 reaches Nhóm I; Xuất sắc's gate is not Nhóm I's
        ("so", True, "90", ("xuat_sac", Fraction(5), ("sach",))),
        # Nhóm II has no gate: the failed gate of Nhóm I is not in its way
        ("so", True, "60", ("nhom_2", Fraction(10), ())),
    ],
)
def test_a_gate_on_the_total_is_part_of_the_points_needed(
    engine: str, khoi: str, ok: bool, points: str, expected: Any
) -> None:
    rubric = _rubric(HAI_KHOI)
    result = rubric.evaluate(
        Assessment(answers={"c1": Decimal(points)}, facts={"khoi": khoi, "ok": ok}),
        engine=engine,  # type: ignore[arg-type]
    )
    assert _next(result) == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("nguong", "c1", "c2", "expected"),
    [
        # 90 % of 200 is 180: 165 lacks 15 (the tier's 160 would say 0)
        ("90", "100", "65", ("nhom_1", Fraction(15), ("theo_khoi",))),
        # 80 % of 200 is 160, the tier's minimum itself: 150 lacks 10
        ("80", "100", "50", ("nhom_1", Fraction(10), ("theo_khoi",))),
        ("85.5", "100", "60", ("nhom_1", Fraction(11), ("theo_khoi",))),
        # Xuất sắc needs more than 190: 180 is told the 10 to 190, the gate named
        ("80", "100", "80", ("xuat_sac", Fraction(10), ("tren",))),
        # exactly 190 fails "above 190" with nothing to tell in points: the gate is named
        ("80", "100", "90", ("xuat_sac", Fraction(0), ("tren",))),
    ],
)
def test_a_percentage_against_the_units_own_fact(
    engine: str, nguong: str, c1: str, c2: str, expected: Any
) -> None:
    rubric = _rubric(BY_FACT)
    result = rubric.evaluate(
        Assessment(
            answers={"c1": Decimal(c1), "c2": Decimal(c2)}, facts={"nguong": Decimal(nguong)}
        ),
        engine=engine,  # type: ignore[arg-type]
    )
    assert _next(result) == expected


def test_the_gate_tells_the_total_it_needs_in_json_and_back() -> None:
    rubric = _rubric(HAI_KHOI)
    result = rubric.evaluate(Assessment(answers={"c1": 89}, facts={"khoi": "so", "ok": True}))
    data = result.to_dict()
    gates = {g["id"]: g for g in data["gates"]}
    assert gates["so_nhom_1"]["total_needed"] == "90"
    assert gates["sach"]["total_needed"] == "95"
    assert data["next_tier"]["points_needed"] == "1"  # type: ignore[index]
    assert Result.from_dict(data) == result
    data["next_tier"]["points_needed"] = "0"  # type: ignore[index]
    with pytest.raises(DataError):
        Result.from_dict(data)
    # passed, or failed for a fact whatever the total: no total to tell
    other = rubric.evaluate(Assessment(answers={"c1": 89}, facts={"khoi": "huyen", "ok": False}))
    assert [g.passed for g in other.gates] == [True, False]
    assert ["total_needed" in g for g in other.to_dict()["gates"]] == [False, False]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Next tier: Nhóm I at 80: needs 1 more point and passing so_nhom_1"),
        ("vi", "1 điểm"),
    ],
)
def test_score_says_the_point_the_gate_needs(lang: str, said: str, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(HAI_KHOI, encoding="utf-8")
    answers = tmp_path / "so-89.yaml"
    answers.write_text("facts: {khoi: so, ok: true}\nanswers: {c1: 89}\n", encoding="utf-8")
    status, out, err = _cli("score", str(rubric), str(answers), "--lang", lang)
    assert status == 0, err
    (line,) = [ln for ln in out.splitlines() if "Nhóm I" in ln and "80" in ln]
    assert said in line, out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_scorecards_say_the_points_the_gate_needs(fmt: str, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(HAI_KHOI, encoding="utf-8")
    answers = tmp_path / "so-75.yaml"
    answers.write_text("facts: {khoi: so, ok: true}\nanswers: {c1: 75}\n", encoding="utf-8")
    card_file = tmp_path / f"card.{'md' if fmt == 'markdown' else fmt}"
    status, _, err = _cli(
        "report", str(rubric), str(answers), "--format", fmt, "-o", str(card_file)
    )
    assert status == 0, err
    card = " ".join(card_file.read_text(encoding="utf-8").split())
    assert "15 more points" in card, card  # not the tier's 5
    assert "5 more points" not in card.replace("15 more points", "")
    if fmt == "html":  # the ladder: Nhóm I 15 (its gate), Xuất sắc 20 (its 95)
        assert "needs 20 more points" in card, card


def test_batch_columns_say_what_each_unit_needs(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(HAI_KHOI, encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(
        "unit_id,c1,khoi,ok\nso,89,so,true\nhuyen,75,huyen,true\nso2,75,so,true\n",
        encoding="utf-8",
    )
    for fmt, name in (("csv", "out.csv"), ("jsonl", "out.jsonl")):
        out_file = tmp_path / name
        status, _, err = _cli(
            "batch", str(rubric), str(units), "--summary", "none", "-o", str(out_file)
        )
        assert status == 0, err
        text = out_file.read_text(encoding="utf-8")
        if fmt == "csv":
            rows = [line.split(",") for line in text.splitlines()]
            at = rows[0].index("points_to_next_tier")
            assert [row[at] for row in rows[1:]] == ["1", "5", "15"]
        else:
            import json

            got = [json.loads(line)["points_to_next_tier"] for line in text.splitlines()]
            assert [Fraction(str(v)) for v in got] == [1, 5, 15]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["so", "huyen"]),
    st.booleans(),
    st.fractions(min_value=0, max_value=100, max_denominator=8),
)
def test_the_points_needed_are_exactly_enough(khoi: str, ok: bool, points: Fraction) -> None:
    """The reference is the judge: with the points needed added the unit passes every total
    the next tier compares (its gates on the total hold, or fail for a fact alone); with less
    it does not; and the compiled evaluator says the same."""
    rubric = _rubric(HAI_KHOI)
    facts = {"khoi": khoi, "ok": ok}

    def score(total: Fraction, engine: str = "reference") -> Result:
        return rubric.evaluate(
            Assessment(answers={"c1": total}, facts=facts),
            engine=engine,  # type: ignore[arg-type]
        )

    result = score(points)
    assert score(points, "fast") == result
    nxt = result.next_tier
    if nxt is None:
        return
    tier = nxt.tier.id

    def totals_hold(total: Fraction) -> bool:
        got = score(total)
        if total < nxt.min:
            return False
        return all(
            g.passed or g.total_needed is None
            for g in got.gates
            if g.tiers is None or tier in g.tiers
        )

    needed = nxt.points_needed
    if points + needed <= 100:
        assert totals_hold(points + needed)
    if needed:
        assert not totals_hold(points + needed - Fraction(1, 100))
