"""Text from the API is read as files and sheets read it: Unicode NFC.  A web form may send
Vietnamese decomposed (NFD: letters and accents as separate characters)."""

from __future__ import annotations

import unicodedata

import pytest

from tiercert import Assessment, Rubric, assessment_from_mapping
from tiercert.rubric import parse_rubric

RUBRIC = """\
format: 1
id: u
version: "1"
title: U
facts:
  - {id: loai, title: Loại, type: choice, options: [xã, phường]}
  - {id: ghi_chu, title: Ghi chú, type: text, default: ""}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - {id: b, title: B, na: {counts_as: excluded}, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, rule: {kind: condition, points: 2, when: {fact: loai, equals: phường}}}
  - id: d
    title: D
    rule: {kind: condition, points: 4, when: {fact: ghi_chu, equals: "đã kiểm tra"}}
"""


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


ANSWERS = {"a": nfd("không đạt"), "b": nfd("có")}
FACTS = {"loai": nfd("phường"), "ghi_chu": nfd("đã kiểm tra")}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_decomposed_answers_facts_and_unit_are_read_as_nfc(rubric: Rubric, engine: str) -> None:
    result = rubric.evaluate(
        dict(ANSWERS),
        facts=dict(FACTS),
        unit_id=nfd("xã-a"),
        unit_name=nfd("Xã Mẫu"),
        engine=engine,  # type: ignore[arg-type]
    )
    assert (result.nodes["a"].answer, result.nodes["b"].answer) == (False, True)
    assert result.total == 7  # b 1, c 2, d 4
    assert (result.unit_id, result.unit_name) == ("xã-a", "Xã Mẫu")


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_assessments_built_in_python_are_nfc(rubric: Rubric, engine: str) -> None:
    mapping = {
        "unit": {"id": nfd("xã-b"), "name": nfd("Phường Mẫu")},
        "answers": dict(ANSWERS),
        "facts": dict(FACTS),
    }
    for assessment in (
        assessment_from_mapping(mapping),
        Assessment(ANSWERS, FACTS, unit_id=nfd("xã-b"), unit_name=nfd("Phường Mẫu")),
    ):
        assert (assessment.unit_id, assessment.unit_name) == ("xã-b", "Phường Mẫu")
        result = rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
        assert result.total == 7
        assert (result.unit_id, result.unit_name) == ("xã-b", "Phường Mẫu")
        assert rubric.verdict(assessment).total == 7
