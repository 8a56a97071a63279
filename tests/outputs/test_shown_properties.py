"""Every number shown agrees with the decision, in every output (issue 10), on generated
rubrics whose values have no finite decimal form and whose minimums, gate thresholds and
targets sit right at those values or one 12th-place unit off (``strategies.edge_cases``).

A number shown stands for where its exact value lies: ``79.99`` for exactly 79.99, a number cut
down (``79.999999999999…``) for a value a little above its digits, one cut up for a value a
little below.  The property: the exact value lies there, and no minimum or threshold it is
compared with falls strictly inside, so the number shown compares with each of them as the
exact value does.  The numbers shown are read back from the outputs with plain Fraction
arithmetic, never with tiercert's helpers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from strategies import edge_cases, rubric_and_answers
from tiercert import Assessment, Result, Rubric
from tiercert.batch import ResultTable, score_records, score_rows
from tiercert.report import render_html, render_markdown, render_text
from tiercert.summary import SummaryBuilder, summarise, summary_text
from tiercert.tabular import CsvWriter

Toward = Literal["floor", "ceiling"]
Case = tuple[Rubric, list[Assessment]]

_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?…?"


@dataclass(frozen=True)
class Words:
    """How one language writes the numbers and sentences this test reads back (written out
    here, not taken from tiercert's catalogs: the test holds the catalogs to them)."""

    number: str
    total: str  # the Markdown row of the total
    needs: str
    reason: str  # (subject) (target) (actual) (operator) (expected)
    operators: dict[str, str]  # the operator's words -> its name
    html_total: str
    html_strong_needs: str
    html_rung: str
    html_reason: str  # (target) (verb) (actual) (operator) (expected)
    html_percent_verb: str


def _words(lang: str) -> Words:
    if lang == "en":
        n = _NUMBER
        operators = {w: w.replace(" ", "_") for w in ("at least", "at most", "above", "below")}
        return Words(
            n,
            r"\| Total \| (.*) \|",
            rf"({n}) more points?",
            rf"(score|percentage of) (\S+) is ({n}), required (at least|at most|above|below) ({n})",
            operators,
            rf'<span class="big num">({n})</span><span class="of">of ({n}) points.*?'
            rf'<span class="num">({n})%</span>',
            rf"<strong>({n}) more points?</strong>",
            rf'<td class="num">({n})</td>\n<td class="state">needs ({n}) more points?',
            rf"\((\S+)\) (is at|has) ({n})%? (?:of its maximum|points), required "
            rf"(at least|at most|above|below) ({n})",
            "is at",
        )
    n = r"-?[0-9]+(?:,[0-9]+)?…?"  # Vietnamese: the decimal comma
    operators = {"tối thiểu": "at_least", "tối đa": "at_most", "trên": "above", "dưới": "below"}
    ops = "|".join(operators)
    return Words(
        n,
        r"\| Tổng điểm \| (.*) \|",
        rf"thêm ({n}) điểm",
        rf"(điểm của|tỷ lệ điểm của) (\S+) là ({n}), yêu cầu ({ops}) ({n})",
        operators,
        rf'<span class="big num">({n})</span><span class="of">trên ({n}) điểm.*?'
        rf'<span class="num">({n})%</span>',
        rf"<strong>thêm ({n}) điểm</strong>",
        rf'<td class="num">({n})</td>\n<td class="state">cần thêm ({n}) điểm',
        rf"\((\S+)\) (đạt|được) ({n})%? (?:điểm tối đa|điểm), yêu cầu ({ops}) ({n})",
        "đạt",
    )


def _fraction(text: str) -> Fraction:
    """A number as shown, read with plain Fraction arithmetic (either decimal mark)."""
    return Fraction(text.replace(",", "."))


def where(text: str, toward: Toward) -> tuple[Fraction, Fraction]:
    """The bounds of the exact value a number shown stands for: equal bounds for an exact
    number; for one marked cut, the open interval of one unit of its last place above
    (``floor``) or below (``ceiling``) its digits."""
    cut = text.endswith("…")
    digits = text.removesuffix("…")
    value = _fraction(digits)
    if not cut:
        return value, value
    unit = Fraction(1, 10 ** len(digits.replace(",", ".").partition(".")[2]))
    return (value, value + unit) if toward == "floor" else (value - unit, value)


def check_shown(
    text: str, exact: Fraction, toward: Toward, thresholds: tuple[Fraction, ...] = ()
) -> None:
    low, high = where(text, toward)
    if low == high:
        assert exact == low, (text, exact)
        return
    assert low < exact < high, (text, exact, toward)
    for threshold in thresholds:  # the shown number decides each comparison as exact does
        assert not low < threshold < high, (text, exact, threshold)


def fails_shown(shown: str, toward: Toward, operator: str, expected: str) -> bool:
    """True when every value ``shown`` stands for fails the comparison with ``expected``."""
    low, high = where(shown, toward)
    bound = _fraction(expected)
    exact = low == high
    if operator == "at least":
        return high < bound or (not exact and high <= bound)
    if operator == "above":
        return high <= bound
    if operator == "at most":
        return low > bound or (not exact and low >= bound)
    return low >= bound  # below


def _tier_mins(rubric: Rubric) -> list[Fraction]:
    return [Fraction(t.min) for t in rubric.spec.tiers]


def _gate_thresholds(rubric: Rubric, node: str, subject: str) -> list[Fraction]:
    found = []
    for gate in rubric.spec.gates:
        assert isinstance(gate.require, BaseModel)  # a loaded rubric's parts are models
        condition = gate.require.model_dump(by_alias=True, exclude_none=True)
        if condition.get(subject) == node:
            found += [Fraction(v) for k, v in condition.items() if k != subject]
    return found


def _check_total_line(line: str, rubric: Rubric, result: Result, words: Words) -> None:
    n = words.number
    found = re.search(rf"({n}) / ({n}) \(({n})%\)", line)
    assert found is not None, line
    total, maximum, percentage = found.groups()
    check_shown(total, result.total, "floor", tuple(_tier_mins(rubric)))
    check_shown(maximum, result.max, "floor")
    check_shown(percentage, result.percentage, "floor")


def _check_needs(text: str, result: Result, words: Words) -> None:
    needs = re.findall(words.needs, text)
    if result.next_tier is None or not result.next_tier.points_needed:
        assert needs == []
        return
    (shown,) = set(needs)
    check_shown(shown, result.next_tier.points_needed, "ceiling", (Fraction(0),))


def _check_reasons(text: str, result: Result, words: Words) -> None:
    failures = [f for gate in result.gates for f in gate.failures]
    reasons = re.findall(words.reason, text)
    assert len(reasons) == len(failures)
    for (_, target, shown, said, expected), failure in zip(reasons, failures, strict=True):
        operator = words.operators[said].replace("_", " ")
        assert (target, operator.replace(" ", "_")) == (failure.target, failure.operator)
        toward: Toward = "ceiling" if operator in ("at most", "below") else "floor"
        assert isinstance(failure.actual, Fraction)
        check_shown(shown, failure.actual, toward, (_fraction(expected),))
        assert fails_shown(shown, toward, operator, expected), (shown, operator, expected)


def _check_html(html: str, rubric: Rubric, result: Result, words: Words) -> None:
    """The scorecard page: its total, the points each tier needs, the failed comparisons."""
    total, maximum, percentage = re.findall(words.html_total, html)[0]
    check_shown(total, result.total, "floor", tuple(_tier_mins(rubric)))
    check_shown(maximum, result.max, "floor")
    check_shown(percentage, result.percentage, "floor")
    needs = re.findall(words.html_strong_needs, html)
    if result.next_tier is None or not result.next_tier.points_needed:
        assert needs == []
    else:
        (shown,) = needs
        check_shown(shown, result.next_tier.points_needed, "ceiling", (Fraction(0),))
    for minimum, shown in re.findall(words.html_rung, html):  # the tiers above, each its gap
        gap = _fraction(minimum) - result.total
        assert gap > 0
        check_shown(shown, gap, "ceiling", (Fraction(0),))
    failures = [f for gate in result.gates for f in gate.failures]
    reasons = re.findall(words.html_reason, html)
    assert len(reasons) == len(failures)
    for (target, verb, shown, said, expected), failure in zip(reasons, failures, strict=True):
        operator = words.operators[said].replace("_", " ")
        assert (target, operator.replace(" ", "_")) == (failure.target, failure.operator)
        assert (verb == words.html_percent_verb) is (failure.subject == "percent")
        toward: Toward = "ceiling" if operator in ("at most", "below") else "floor"
        assert isinstance(failure.actual, Fraction)
        check_shown(shown, failure.actual, toward, (_fraction(expected),))
        assert fails_shown(shown, toward, operator, expected), (shown, operator, expected)


@pytest.mark.parametrize("lang", ["en", "vi"])
@settings(max_examples=100)
@given(case=edge_cases())
def test_every_number_shown_agrees_with_the_decision(lang: str, case: Case) -> None:
    """In English and in Vietnamese (its decimal comma): the same numbers, the same rule."""
    words = _words(lang)
    n = words.number
    rubric, assessments = case
    for assessment in assessments:
        result = rubric.evaluate(assessment)
        assert result == rubric.evaluate(assessment, engine="reference")
        # a declared percentage rounding never carries the percentage across a minimum
        for minimum in _tier_mins(rubric):
            edge = minimum * 100 / result.max
            assert (result.percentage >= edge) == (result.total >= minimum)
        text = render_text(result, rubric, lang=lang)
        lines = text.splitlines()
        _check_total_line(lines[1], rubric, result, words)
        _check_needs(text, result, words)
        _check_reasons(text, result, words)
        for line in lines:
            row = re.match(rf"^ +(\S+) +({n}) / ({n})  ", line)
            if row and row.group(1) in result.nodes:
                node = result.nodes[row.group(1)]
                check_shown(
                    row.group(2),
                    node.score,
                    "floor",
                    tuple(_gate_thresholds(rubric, node.id, "score")),
                )
        markdown = render_markdown(result, rubric, lang=lang)
        _check_total_line(re.findall(words.total, markdown)[0], rubric, result, words)
        _check_needs(markdown, result, words)
        _check_reasons(markdown, result, words)
        _check_html(render_html(result, rubric, lang=lang), rubric, result, words)
        data = json.loads(result.to_json())  # the JSON's reasons: English, whatever the language
        reasons = json.dumps([g["reason"] for g in data["gates"]], ensure_ascii=False)
        _check_reasons(reasons, result, _words("en"))


@given(edge_cases())
def test_json_gives_back_exactly_the_result(case: Case) -> None:
    rubric, assessments = case
    for assessment in assessments:
        result = rubric.evaluate(assessment)
        text = result.to_json()
        again = Result.from_json(text)
        assert again == result
        assert again.to_json() == text
        assert Fraction(json.loads(text)["total"]) == result.total  # any reader gets it exactly


@given(rubric_and_answers())
def test_json_gives_back_any_result(pair: tuple[Rubric, Assessment]) -> None:
    # every rule, aggregate, gate and fact kind of the general strategies (text facts too)
    rubric, assessment = pair
    for engine in ("fast", "reference"):
        result = rubric.evaluate(assessment, engine=engine)
        again = Result.from_json(result.to_json())
        assert again == result
        assert again.to_json() == result.to_json()


def _records(assessments: list[Assessment]) -> list[dict[str, object]]:
    def cell(value: object) -> str:
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    records: list[dict[str, object]] = []
    for a in assessments:
        record: dict[str, object] = {"unit_id": a.unit_id, "unit_name": a.unit_name}
        records.append(record | {key: cell(value) for key, value in a.answers.items()})
    return records


@settings(max_examples=100)
@given(edge_cases(units=4))
def test_batch_outputs_agree_with_single_results(case: Case) -> None:
    rubric, assessments = case
    results = [rubric.evaluate(a) for a in assessments]
    table = ResultTable(rubric)
    out = io.StringIO()
    with CsvWriter(table.columns, out) as writer:
        list(score_rows(rubric, _records(assessments), writer))
    shown = list(csv.DictReader(io.StringIO(out.getvalue())))  # what people read
    exact = list(score_records(rubric, _records(assessments), as_text=True))  # for programs
    values = list(score_records(rubric, _records(assessments)))
    groups = [node.id for node in rubric.spec.criteria]
    builder = SummaryBuilder(rubric)
    for result, text, lossless, value in zip(results, shown, exact, values, strict=True):
        builder.add_record(lossless)
        for key, number in (("total", result.total), ("percentage", result.percentage)):
            assert value[key] == Fraction(str(lossless[key])) == number
        check_shown(text["total"], result.total, "floor", tuple(_tier_mins(rubric)))
        check_shown(text["percentage"], result.percentage, "floor")
        nxt = result.next_tier
        if nxt is not None:
            needed = nxt.points_needed
            assert value["points_to_next_tier"] == needed
            assert Fraction(str(lossless["points_to_next_tier"])) == needed
            check_shown(text["points_to_next_tier"], needed, "ceiling", (Fraction(0),))
        for group in groups:
            node, key = result.nodes[group], f"{group}.score"
            if node.status == "excluded":
                assert text[key] == lossless[key] == value[key] == "na"
                continue
            assert value[key] == Fraction(str(lossless[key])) == node.score
            check_shown(text[key], node.score, "floor")
        assert text["certified"] == lossless["certified"] == str(result.certified).lower()
    assert builder.summary() == summarise(results, rubric)
    summary = summarise(results, rubric)
    lines = summary_text(summary, "en").splitlines()
    share = Fraction(100 * sum(r.certified for r in results), len(results))
    certified = re.search(
        rf"\(({_NUMBER})%\)", next(line for line in lines if line.startswith("Certified"))
    )
    assert certified is not None
    check_shown(certified.group(1), share, "floor")
    for target, line in zip(
        summary.targets, [line for line in lines if " target " in line], strict=True
    ):
        found = re.search(
            rf"target ({_NUMBER})% certified: ({_NUMBER})% reached \((\d+)/(\d+); (met|not met)",
            line,
        )
        assert found is not None, line
        shown_target, reached, count, units, verdict = found.groups()
        assert (int(count), int(units)) == (target.count, len(results))
        assert Fraction(shown_target) == target.target
        check_shown(reached, share, "floor", (target.target,))
        assert (verdict == "met") is (share >= target.target) is target.met
