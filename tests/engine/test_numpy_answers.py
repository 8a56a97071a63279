"""Answers as pandas hands them over (``DataFrame.to_dict("records")``, ``itertuples``):
numpy's ``float64`` is a ``float`` and is read as that float, by its shortest form, in both
engines (it writes itself ``np.float64(72.5)``, which read as text was a traceback); numpy's
integers are whole numbers (``numbers.Integral``), read as the int they equal.  Other numpy
values (``float32``, ``bool_``) are refused as the answer's problem, never a traceback."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tiercert import AssessmentError
from tiercert.rubric import parse_rubric

np = pytest.importorskip("numpy")

RUBRIC = """\
format: 1
id: np
version: "1"
title: Numpy
criteria:
  - id: share
    title: Share
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{max: 80, points: 0}, {min: 80, points: 5}]
  - {id: items, title: Items, max: 10, rule: {kind: count, per_item: 1}}
  - id: level
    title: Level
    rule: {kind: levels, levels: [{id: "1", points: 1}, {id: "1.5", points: 2}]}
tiers: []
"""
BASE = {"share": 50, "items": 1, "level": "1"}


def _score(key: str, value: object, engine: str) -> tuple[str, object]:
    rubric = parse_rubric(RUBRIC)
    try:
        result = rubric.evaluate({**BASE, key: value}, engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return ("problem", sorted(p.code for p in exc.problems))
    return ("score", result.nodes[key].score)


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(
    ("key", "value", "plain"),
    [
        ("share", np.float64(79.99999999999999), 79.99999999999999),
        ("share", np.float64(80.0), 80.0),
        ("share", np.float64(72.5), 72.5),
        ("share", np.int64(80), 80),
        ("items", np.int64(3), 3),
        ("items", np.uint8(12), 12),
        ("items", np.float64(3.0), 3.0),
        ("items", np.float64(2.5), 2.5),
        ("level", np.float64(1.5), 1.5),
        ("level", np.float64(1.0), 1.0),
        ("level", np.float64(1e300), 1e300),
        ("share", np.float64(1e300), 1e300),
        ("share", np.float64("nan"), float("nan")),
    ],
)
def test_a_numpy_number_is_read_as_the_python_number_it_equals(
    engine: str, key: str, value: object, plain: object
) -> None:
    assert _score(key, value, engine) == _score(key, plain, "reference")


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("value", [np.float32(72.5), np.bool_(True), np.array([80])])
def test_other_numpy_values_are_the_answer_s_problem(engine: str, value: object) -> None:
    for key in ("share", "items", "level"):
        assert _score(key, value, engine) == ("problem", ["answer.invalid"])


def test_a_numpy_float_reads_as_its_shortest_form() -> None:
    assert _score("share", np.float64(80.0), "fast") == ("score", Fraction(5))
