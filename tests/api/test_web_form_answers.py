"""Answers as a web form posts them (a portal's pass, seventeenth round): every value a
string, ``""`` for a field left blank, ``"on"`` for a ticked checkbox, ``"72,5"`` typed with
a decimal comma.  What the API does with each is what docs/assessments.md says, the same
as a sheet's cells, and a refusal says what to write."""

from __future__ import annotations

from typing import Literal

import pytest

import tiercert
from conftest import TESTS

COMMUNE = TESTS / "examples" / "valid" / "commune.yaml"
FORM = {"g1.2": "kha", "g2.1": "72.5", "g2.2": "1", "g2.3": "3"}


@pytest.fixture(scope="module")
def rubric() -> tiercert.Rubric:
    return tiercert.load_rubric(COMMUNE)


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("blank", ["", "  ", None])
@pytest.mark.parametrize("evidence", [{"url": "https://xa.gov.vn/thu-tuc"}, {"url": ""}, {}])
def test_an_answer_with_a_blank_value_beside_its_evidence_is_no_answer(
    rubric: tiercert.Rubric,
    engine: Literal["fast", "reference"],
    blank: str | None,
    evidence: dict[str, str],
) -> None:
    """A form with a checkbox and a URL field for one criterion, the box left blank: the
    answer is not given, as the same cells of a sheet are (``g1.1`` empty, ``g1.1.url``
    filled), not "expected true or false, got ''" (the value was refused)."""
    answers: dict[str, object] = {**FORM, "g1.1": {"value": blank, **evidence}}
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate(answers, engine=engine)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("answer.missing", ("answers", "g1.1"))
    ]
    result = rubric.evaluate(answers, missing="zero", engine=engine)
    assert result.nodes["g1.1"].status == "missing"
    assert result.nodes["g1.1"].score == 0
    assert rubric.verdict(answers, missing="zero").total == result.total
    # the same unit as sheet cells: the same outcome
    row = {
        "unit_id": "xa-a",
        **FORM,
        "g1.1": blank or "",
        **{f"g1.1.{k}": v for k, v in evidence.items()},
    }
    (outcome,) = tiercert.evaluate_many(rubric, [row], missing="zero")
    assert outcome.result is not None
    assert outcome.result.total == result.total


def test_a_blank_value_beside_an_unknown_key_still_names_the_key(rubric: tiercert.Rubric) -> None:
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({**FORM, "g1.1": {"value": "", "link": "https://x"}}, missing="zero")
    assert [p.code for p in caught.value.problems] == ["answer.invalid"]
    assert "unknown key 'link'" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("typed", "read"),
    [("on", True), ("off", False), ("yes", True), ("có", True), ("không", False)],
)
def test_a_checkbox_s_on_is_yes(rubric: tiercert.Rubric, typed: str, read: bool) -> None:
    answer = {"value": typed, "url": "https://xa.gov.vn"}
    result = rubric.evaluate({**FORM, "g1.1": answer})
    assert (result.nodes["g1.1"].answer, result.nodes["g1.1"].status) == (read, "answered")


@pytest.mark.parametrize(
    ("typed", "write"),
    [("72,5", "write 72.5"), ("72,5%", "write 72.5%"), ("1.000", None), ("1,0", "write 1")],
)
def test_a_refusal_says_what_to_write(
    rubric: tiercert.Rubric, typed: str, write: str | None
) -> None:
    criterion = "g2.2" if typed in ("1.000", "1,0") else "g2.1"
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({**FORM, "g1.1": {"value": "on", "url": "https://x"}, criterion: typed})
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("answer.invalid", ("answers", criterion))
    if write is None:  # 1.000 items: one, or a thousand
        assert "write 1 for 1, 1000 for 1 thousand" in problem.message
    else:
        assert write in problem.message
    # what it says to write is read
    if write is not None:
        fixed = write.removeprefix("write ")
        rubric.evaluate({**FORM, "g1.1": {"value": "on", "url": "https://x"}, criterion: fixed})


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_blank_value_beside_every_kind_of_evidence_is_no_answer(
    rubric: tiercert.Rubric, engine: Literal["fast", "reference"]
) -> None:
    """A form that posts every key an answer may have (a justification, a URL and a note
    beside the value), the value left blank: still no answer, as with fewer keys."""
    blank = {"value": "", "justification": "đã niêm yết", "url": "https://x", "note": "xem"}
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({**FORM, "g1.1": blank}, engine=engine)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("answer.missing", ("answers", "g1.1"))
    ]
