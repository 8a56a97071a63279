"""Half of a UTF-16 surrogate pair (``"\\ud800"``) in a text given to the API: a Python text
can hold one (a JSON ``\\ud800`` escape read, a file name decoded with ``surrogateescape``),
no UTF-8 output can. Every JSON the library writes says it as the escape, the same JSON value:
``to_json()`` of a result whose unit id held one could not be encoded (UnicodeEncodeError)."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

import tiercert
from conftest import RUBRICS
from tiercert._escape import json_encodable, json_text
from tiercert.errors import Problem, problems_to_json
from tiercert.result import Result

RUBRIC = tiercert.load_rubric(RUBRICS / "bac_giang_friendly_gov.yaml")

_LONE = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])


def _as_json_reads(text: str) -> str:
    """``text`` as JSON reads it back: a high half followed by a low half is the character
    the two make (JSON's escapes cannot say two halves apart)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_TEXT = st.lists(st.one_of(st.text(max_size=3), _LONE), max_size=6).map("".join)


@given(unit_id=_TEXT, unit_name=_TEXT)
@example(unit_id="e\u0301\ud800", unit_name="\U0002f800")  # changed by NFC
def test_a_results_json_is_utf8_and_reads_back_the_same(unit_id: str, unit_name: str) -> None:
    result = RUBRIC.evaluate({}, unit_id=unit_id, unit_name=unit_name, missing="zero")
    text = result.to_json()
    text.encode("utf-8")  # raised UnicodeEncodeError for a lone surrogate
    read = Result.from_dict(json.loads(text))
    # A result holds its unit's texts in NFC (a CJK compatibility ideograph such as U+2F800
    # becomes its canonical twin), so the JSON gives back the result's texts, not the caller's.
    assert (result.unit_id, result.unit_name) == (_nfc(unit_id), _nfc(unit_name))
    assert (read.unit_id, read.unit_name) == (
        _as_json_reads(_nfc(unit_id)),
        _as_json_reads(_nfc(unit_name)),
    )
    if (unit_id, unit_name) == (read.unit_id, read.unit_name):
        assert read == result


@given(_TEXT)
def test_the_escapes_keep_the_json_value(text: str) -> None:
    written = json.dumps({"k": text}, ensure_ascii=False)
    for escaped in (json_encodable(written), json_text(written)):
        escaped.encode("utf-8")
        assert json.loads(escaped) == {"k": _as_json_reads(text)}
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        assert json_encodable(written) == written  # nothing else changes


def test_problems_as_json_are_utf8() -> None:
    problem = Problem("answer.unknown", "no criterion 'x\ud800'", ("answers", "x\ud800"))
    text = problems_to_json([problem])
    text.encode("utf-8")
    assert json.loads(text) == [problem.to_dict()]


@pytest.mark.parametrize("lone", [chr(0xD800), chr(0xDFFF)])
def test_a_lone_surrogate_is_written_as_its_escape(lone: str) -> None:
    assert json_encodable(json.dumps(lone, ensure_ascii=False)) == f'"\\u{ord(lone):04x}"'


def test_a_rubric_given_a_half_is_refused_where_it_is() -> None:
    """It loaded, and its fingerprint raised UnicodeEncodeError on first use."""
    data = yaml.safe_load((RUBRICS / "bac_giang_friendly_gov.yaml").read_text(encoding="utf-8"))
    data["title"] = {"vi": "Xã\ud800", "en": "ok"}
    data["criteria"][0]["id"] = "g1\udfff"
    with pytest.raises(tiercert.RubricError) as caught:
        tiercert.rubric_from_mapping(data)
    found = sorted((p.code, p.where) for p in caught.value.problems)
    assert found == [
        ("text.surrogate", "$.criteria[g1\\udfff].id"),
        ("text.surrogate", "$.title.vi"),
    ]
    problem = caught.value.problems[0]
    assert "half of a UTF-16 surrogate pair" in problem.message
    assert problem.text("vi").startswith("đoạn chữ có \\u")
    str(caught.value).encode("utf-8")  # the message itself can be printed
