"""Numbers whose digits Python cannot write or read as an int (more than 4,300) are refused by
their own limits, with a placed problem, never a ``ValueError`` (twentieth round).  Before,
a ``Fraction`` answer within a criterion's range but of long terms
(``Fraction(2**20000 + 1, 2**20000)``) was scored, and its exact total could not be written
(a traceback out of ``score_records`` and ``Result.to_dict``); ``Fraction(1, 3**5000)`` gave a
total of 2,400 digits; a ratio typed as text with a 5,000-digit term (``1/333…``) and a
vulgar fraction after 5,000 digits (``333…½``) raised while the problem was being worded, out
of ``batch`` as an internal error."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from conftest import run_cli
from tiercert import AssessmentError, Rubric

RUBRIC = """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers:
  - {id: s1, label: one, rank: 1, min: 5}
"""

FRACTION = "a fraction is read with at most 200 digits above and below its bar; round it"
RATIO = "a ratio is read with at most 100 digits above and below its bar; round it"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.parse_rubric(RUBRIC)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        pytest.param(Fraction(2**20000 + 1, 2**20000), FRACTION, id="fraction-6021-digits"),
        pytest.param(Fraction(1, 3**5000), FRACTION, id="fraction-1-over-2386-digits"),
        pytest.param(Fraction(1, 10**200), FRACTION, id="fraction-1-over-201-digits"),
        pytest.param("1/" + "3" * 5000, RATIO, id="ratio-text-5000-digits"),
        pytest.param("3" * 5000 + "/7", RATIO, id="ratio-text-over-5000-digits"),
        pytest.param("1/" + "3" * 101, RATIO, id="ratio-text-101-digits"),
        pytest.param("3" * 5000 + "½", "the number is too large", id="vulgar-5000-digits"),
    ],
)
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_number_of_long_terms_is_refused(
    rubric: Rubric, value: object, said: str, engine: str
) -> None:
    records = [{"unit_id": "u", "a": value}]
    [record] = tiercert.score_records(rubric, records, as_text=True, engine=engine)  # type: ignore[arg-type]
    problems = str(record["problems"])
    assert record["status"] == "rejected"
    assert problems.startswith("a: expected a number, got ")
    assert said in problems
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": value}, engine=engine)  # type: ignore[arg-type]
    assert said in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("value", "total"),
    [
        (Fraction(1, 3**100), f"1/{3**100}"),
        (Fraction(10**199 + 1, 10**199), "1." + "0" * 198 + "1"),  # a Decimal's, at its limits
        ("1/" + "3" * 100, "1/" + "3" * 100),
        ("2/3", "2/3"),
    ],
)
def test_a_number_of_terms_within_the_limits_is_read_as_before(
    rubric: Rubric, value: object, total: str
) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": "u", "a": value}], as_text=True)
    assert (record["status"], record["total"]) == ("scored", total)


def test_a_long_ratio_in_a_sheet_is_the_rows_problem(tmp_path: Path) -> None:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "units.csv").write_text(
        "unit_id,a\nu1,1/" + "3" * 5000 + "\nu2,5\n", encoding="utf-8"
    )
    status, out, err = run_cli(
        "batch", str(tmp_path / "rubric.yaml"), str(tmp_path / "units.csv"), "--lang", "vi"
    )
    assert status == 1
    assert "Traceback" not in err
    assert "tỷ số chỉ được đọc với tối đa 100 chữ số" in out
    assert "\n3,u2,,scored," in out
