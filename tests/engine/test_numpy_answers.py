"""Answers as pandas hands them over (``DataFrame.to_dict("records")``, ``itertuples``):
numpy's ``float64`` is a ``float`` and is read as that float, by its shortest form, in both
engines (it writes itself ``np.float64(72.5)``, which read as text was a traceback); numpy's
integers are whole numbers (``numbers.Integral``), read as the int they equal.  A ``float32``
is read where its exact value is the number it shows (72.5), refused saying both where they
differ (0.1);
``bool_`` is the yes or no it is; NaN and ``pd.NA`` are said to be no answer; an array is
refused as the answer's problem, never a traceback."""

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
@pytest.mark.parametrize("value", [np.float32(0.1), np.bool_(True), np.array([80]), np.array(True)])
def test_other_numpy_values_are_the_answer_s_problem(engine: str, value: object) -> None:
    for key in ("share", "items", "level"):
        assert _score(key, value, engine) == ("problem", ["answer.invalid"])


YES_NO = RUBRIC.replace(
    "tiers: []", "  - {id: flag, title: Flag, rule: {kind: boolean, points: 3}}\ntiers: []"
)


def _said(key: str, value: object, engine: str) -> str:
    """The message of the one problem with ``value`` for ``key``."""
    rubric = parse_rubric(YES_NO)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({**BASE, "flag": True, key: value}, engine=engine)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    return problem.message


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_float32_is_read_where_its_exact_value_is_the_number_it_shows(engine: str) -> None:
    # 72.5 and 1.5 are exact in binary: the number shown, typed and held are one
    assert _score("share", np.float32(72.5), engine) == ("score", 0)
    assert _score("share", np.float32(80), engine) == ("score", 5)
    assert _score("level", np.float32(1.5), engine) == ("score", 2)
    assert _score("items", np.float32(3), engine) == ("score", 3)
    assert _score("items", np.float16(2), engine) == ("score", 2)
    # 0.1 shows 0.1 but holds 0.100000001490116119384765625: either reading could be wrong
    said = _said("share", np.float32(0.1), engine)
    assert said == (
        "expected a number, got np.float32(0.1); it is a binary floating-point number of "
        "float32 whose exact value, 0.100000001490116119384765625, is not the 0.1 it shows; "
        "give the number as text ('0.1') or a Decimal"
    )


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_numpy_bool_is_the_yes_or_no_it_is(engine: str) -> None:
    rubric = parse_rubric(YES_NO)
    for value, points in ((np.True_, 3), (np.False_, 0)):
        result = rubric.evaluate({**BASE, "flag": value}, engine=engine)  # type: ignore[arg-type]
        assert result.nodes["flag"].score == points
        assert result.nodes["flag"].answer is bool(value)
    # as a number: what a yes/no gets, never advice on commas
    assert _said("share", np.True_, engine) == (
        "expected a number, got np.True_ (a number is needed, not yes/no)"
    )


EMPTY = (
    "it is an empty value (NaN or NA, as pandas marks an empty cell), not an answer: leave it "
    "out of the answers where there is none, or give the answer"
)


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("key", ["share", "items", "level", "flag"])
def test_an_empty_cell_s_nan_or_na_is_said_to_be_no_answer(engine: str, key: str) -> None:
    pd = pytest.importorskip("pandas")
    for value in (pd.NA, np.nan, np.float32("nan"), pd.NaT, float("nan")):
        said = _said(key, value, engine)
        assert said.endswith(f"; {EMPTY}"), said
        assert "dot for decimals" not in said


def test_a_numpy_float_reads_as_its_shortest_form() -> None:
    assert _score("share", np.float64(80.0), "fast") == ("score", Fraction(5))


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_float32_names_the_level_whose_id_writes_its_number_otherwise(engine: str) -> None:
    # as a float does: 2.5 names the level "2.50", 3 names "3.0" (and a str "2.5" does not)
    rubric = parse_rubric(
        RUBRIC.replace(
            '{id: "1", points: 1}, {id: "1.5", points: 2}',
            '{id: "2.50", points: 1}, {id: "3.0", points: 2}',
        )
    )
    for value, points in ((np.float32(2.5), 1), (np.float32(3), 2), (2.5, 1)):
        result = rubric.evaluate({**BASE, "level": value}, engine=engine)  # type: ignore[arg-type]
        assert result.nodes["level"].score == points, value
    # an int keeps its own text (3), which is not the id "3.0": refused, as ever
    with pytest.raises(AssessmentError):
        rubric.evaluate({**BASE, "level": 3}, engine=engine)  # type: ignore[arg-type]
