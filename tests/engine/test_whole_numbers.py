"""Whole numbers (counts, deductions, a ratio's counts, integer facts) refuse ``12.000``: a
dot then three digits is twelve by the rule and twelve thousand to a reader who groups
thousands with a dot (Vietnamese).  The same text gets the same outcome in every reader, on
both engines and the batch row path.  See docs/assessments.md, "How values are read"."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_number_rule import (
    Outcome,
    by_api,
    by_jsonl,
    by_xlsx,
    by_yaml,
    documented,
    same_in_every_reader,
)

from tiercert import AssessmentError, Rubric
from tiercert._i18n import in_lang
from tiercert.batch import score_records
from tiercert.rubric import parse_rubric, rubric_from_mapping

COUNT = """\
format: 1
id: w
version: "1"
title: W
criteria:
  - {id: a, title: A, max: 1000000, rule: {kind: count, per_item: 1}}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
tiers: []
"""

DEDUCTION = COUNT.replace("{kind: count, per_item: 1}", "{kind: deduction, per_item: 1}")

FACT = """\
format: 1
id: f
version: "1"
title: F
facts:
  - {id: k, title: K, type: integer}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, rule: {kind: condition, when: {fact: k, equals: 12}, points: 1}}
tiers: []
"""

RATIO = """\
format: 1
id: r
version: "1"
title: R
criteria:
  - {id: a, title: A, rule: {kind: ratio, points: 1}}
tiers: []
"""

# a dot then three digits (and more groups): refused as ambiguous, whatever it reads as
_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def documented_count(text: str) -> Fraction | None:
    """What docs/assessments.md says ``text`` means as a count: a whole number, 0 or more, by
    the number rule, unless written like 12.000 (a dot then groups of three digits)."""
    core = text.strip()
    core = core[:-1].rstrip() if core.endswith("%") else core
    if _GROUPED.fullmatch(core):
        return None
    value = documented(text)
    return value if value is not None and value.denominator == 1 and value >= 0 else None


@pytest.fixture(scope="module")
def count() -> Rubric:
    return parse_rubric(COUNT)


AMBIGUOUS = ["12.000", "1.000", "100.000", "12.500", "-1.000", " 12.000 ", "12.000%", "1.234.567"]
KEPT = {"12": 12, "12.0": 12, "12.00": 12, "12.0000": 12, "0.000": 0, "12000": 12000, "1e3": 1000}


@pytest.mark.parametrize("text", AMBIGUOUS)
@pytest.mark.parametrize("source", [COUNT, DEDUCTION])
def test_a_count_written_with_a_dot_between_thousands_is_refused(source: str, text: str) -> None:
    rubric = parse_rubric(source)
    for engine in ("fast", "reference"):
        assert by_api(rubric, text, engine) == ("problem", ["answer.invalid"]), (engine, text)


@pytest.mark.parametrize(("text", "value"), KEPT.items())
def test_a_count_written_otherwise_is_read_by_the_rule(
    count: Rubric, text: str, value: int
) -> None:
    for engine in ("fast", "reference"):
        assert by_api(count, text, engine) == ("value", value), (engine, text)


def test_the_message_says_what_to_write(count: Rubric) -> None:
    with pytest.raises(AssessmentError) as caught:
        count.evaluate({"a": "12.000", "b": True})
    (problem,) = caught.value.problems
    assert problem.message == (
        "expected a whole number of items (0 or more), got '12.000'; it could mean 12 or 12 "
        "thousand: write 12 for 12, 12000 for 12 thousand (a dot is a decimal point; numbers "
        "have no thousands separator)"
    )
    assert "12000 nếu là 12 nghìn" in in_lang(problem.message, "vi")
    from tiercert._literals import whole_problem

    assert whole_problem("12.500") == (
        "write 12500 if the dot separates thousands (a dot is a decimal point, and 12.5 is "
        "not a whole number)"
    )
    # the comma rule's advice in a whole number suggests a whole number, never 1.000
    with pytest.raises(AssessmentError) as caught:
        count.evaluate({"a": "1,000", "b": True})
    assert "write 1000 without a thousands separator (or 1 if the comma" in str(caught.value)


def test_a_yaml_or_json_number_is_refused_as_it_was_written(count: Rubric, tmp_path: Path) -> None:
    # YAML and JSON read 12.000 as Decimal("12.000"), which keeps its three places
    assert by_yaml(count, "12.000") == ("problem", ["answer.invalid"])
    assert by_yaml(count, "12.0") == ("value", 12)
    assert by_jsonl(count, ["12.000"], tmp_path, raw=True) == [("problem", ["answer.invalid"])]
    assert by_jsonl(count, ["12.0"], tmp_path, raw=True) == [("value", 12)]
    with pytest.raises(AssessmentError, match=r"got 12\.000; it could mean 12"):
        count.evaluate({"a": Decimal("12.000"), "b": True})


def test_equal_decimals_are_told_apart_by_the_compiled_evaluator(count: Rubric) -> None:
    # Decimal("12.0") == Decimal("12.000"), and the compiled evaluator remembers answers met
    # before: the second must still be refused, in either order
    for first, second in ((Decimal("12.0"), Decimal("12.000")), ("12.0", "12.000")):
        rubric = parse_rubric(COUNT)
        for _ in range(3):
            assert by_api(rubric, first) == ("value", 12)
            assert by_api(rubric, second) == ("problem", ["answer.invalid"])


def test_equal_decimals_are_told_apart_where_the_reference_reads_the_answer() -> None:
    # found by tests/batch/test_batch_rows.py: an answer the compiled code hands to the
    # reference is remembered with what the reference made of it, which Decimal("2") must not
    # give Decimal("2.000") (equal, and hashed alike)
    leaf = {"id": "c1.1", "title": "C", "max": 4.75, "rule": {"kind": "direct"}}
    later = {"id": "c1.2", "title": "C", "max": 1, "bonus": True, "rule": {"kind": "direct"}}
    later |= {"status": "future", "counts_from": "0.9"}
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "r",
            "version": "1",
            "title": "R",
            "facts": [{"id": "f1", "title": "F1", "type": "boolean"}],
            "criteria": [
                {
                    "id": "c1",
                    "title": "C1",
                    "max": 1.1875,
                    "direct": True,
                    "children": [leaf, later],
                },
                {
                    "id": "c2",
                    "title": "C2",
                    "max": 2,
                    "evidence": ["justification", "url"],
                    "rule": {"kind": "deduction", "per_item": 0, "max_items": 2},
                },
            ],
            "aggregate": "tiered",
            "rounding": {"leaves": {"mode": "half_up", "places": 0}},
        }
    )
    for _ in range(2):
        for value, expected in ((Decimal("2"), "value"), (Decimal("2.000"), "problem")):
            try:
                rubric.evaluate({"c1": Decimal("0.000"), "c2": value}, facts={"f1": False})
                outcome = "value"
            except AssessmentError:
                outcome = "problem"
            assert outcome == expected, value


def test_a_numeric_spreadsheet_cell_is_a_number(count: Rubric, tmp_path: Path) -> None:
    # only text is ambiguous: a cell holding the number 12000 (shown 12.000 in a Vietnamese
    # Excel) is twelve thousand
    assert by_xlsx(count, [12000, 12.0, "12.000", "12"], tmp_path) == [
        ("value", 12000),
        ("value", 12),
        ("problem", ["answer.invalid"]),
        ("value", 12),
    ]


@pytest.mark.parametrize("text", ["12.000", "1.000", "12.500", "1.234.567"])
def test_an_integer_fact_refuses_it_too(text: str) -> None:
    rubric = parse_rubric(FACT)
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": True}, facts={"k": text}, engine=engine)
        assert [p.code for p in caught.value.problems] == ["fact.invalid"]
        assert "thousand" in caught.value.problems[0].message
    assert rubric.evaluate({"a": True}, facts={"k": "12.0"}).certified is False  # read


def test_a_ratio_refuses_it_in_either_count() -> None:
    rubric = parse_rubric(RATIO)
    for text in ("1.000/2000", "1/2.000", "1.500/2000"):
        assert by_api(rubric, text) == ("problem", ["answer.invalid"]), text
    assert by_api(rubric, "1.0/2") == ("value", Fraction(1, 2))


def test_a_decimal_answer_keeps_the_dot_rule() -> None:
    # 72.500 in a percentage is 72.5: a dot is always the decimal point where decimals are
    # read, since a comma is never read as a separator there either (1,000 is refused)
    # (where the rule's range rules out 72500; see tests/engine/test_grouped_numbers.py)
    rubric = parse_rubric(
        COUNT.replace(
            "max: 1000000, rule: {kind: count, per_item: 1}", "max: 100, rule: {kind: direct}"
        )
    )
    assert by_api(rubric, "72.500") == ("value", Decimal("72.5"))
    assert by_api(rubric, "1,000") == ("problem", ["answer.invalid"])


# --- the same text, every reader --------------------------------------------------------------

_GROUPS = st.from_regex(r"[+-]?[0-9]{1,4}(\.[0-9]{2,4}){1,2}%?", fullmatch=True)
TEXTS = st.one_of(
    _GROUPS,
    st.from_regex(r"[0-9]{1,7}(\.0{0,5})?", fullmatch=True),
    st.text(st.sampled_from([*"0123456789.,% -"]), min_size=1, max_size=9),
).filter(lambda t: t.strip() != "")


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=20))
@example(texts=["12.000", "12.0", "12", "12.000", "1.000.000", "0.000", "12.500", "12.000%"])
def test_a_count_is_the_same_in_every_reader(texts: list[str], tmp_path_factory: Any) -> None:
    rubric = parse_rubric(COUNT)
    api = same_in_every_reader(rubric, texts, tmp_path_factory.mktemp("counts"))
    for text, outcome in zip(texts, api, strict=True):
        expected = documented_count(text)
        refused: Outcome = ("problem", ["answer.invalid"])
        assert outcome == (refused if expected is None else ("value", expected)), text


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=20))
@example(texts=["12.000", "12.0", "12.000", "7", "12.500"])
def test_the_batch_row_scorer_reads_counts_as_the_reference(texts: list[str]) -> None:
    # the row loop (score_records) reads cells with its own shortcuts and memos: the points
    # are the count itself here, so any misread shows
    rubric = parse_rubric(COUNT)
    records = [{"unit_id": f"u{i}", "a": text, "b": "yes"} for i, text in enumerate(texts)]
    for text, record in zip(texts, score_records(rubric, records), strict=True):
        expected = documented_count(text)
        if expected is None:
            assert record["status"] == "rejected", text
            assert "[answer.invalid]" in " ".join(record["problems"]), text  # type: ignore[arg-type]
        else:
            points = min(expected, Fraction(1000000)) + 1  # the count, capped; and b
            assert (record["status"], record["total"]) == ("scored", points), text


@settings(max_examples=20, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=10))
@example(texts=["12.000", "12.0", "12", "-3", "12.5"])
def test_an_integer_fact_is_the_same_in_every_reader(texts: list[str]) -> None:
    rubric = parse_rubric(FACT)

    def outcome(value: object, engine: str = "fast") -> Outcome:
        try:
            result = rubric.evaluate({"a": True}, facts={"k": value}, engine=engine)  # type: ignore[arg-type]
            return ("value", result.total)  # 2 when the fact reads as 12, else 1
        except AssessmentError as exc:
            return ("problem", sorted({p.code for p in exc.problems}))

    records = [{"unit_id": f"u{i}", "a": "yes", "k": text} for i, text in enumerate(texts)]
    rows = list(score_records(rubric, records))
    for text, record in zip(texts, rows, strict=True):
        expected = documented(text)
        core = text.strip()
        whole = (
            expected is not None
            and expected.denominator == 1
            and not _GROUPED.fullmatch(core[:-1].rstrip() if core.endswith("%") else core)
        )
        got = outcome(text)
        assert got == outcome(text, "reference"), text
        total = 1 + (expected == 12)
        assert got == (("value", total) if whole else ("problem", ["fact.invalid"])), text
        assert record["status"] == ("scored" if whole else "rejected"), text
        assert record["total"] == (total if whole else None), text
