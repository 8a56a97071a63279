"""What must hold whatever the input: the checks the fuzz targets share.

Each function feeds tiercert through its public API and fails (AssertionError, or the
unexpected exception itself) when the outcome is anything but a clean result or tiercert's
own documented errors, or when two ways of reading the same input disagree.
"""

from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from fuzzing import assert_error, assert_problems, problem_keys, raw_control
from hypothesis import strategies as st
from mutations import answer_form, hostile_text, yaml_text

import tiercert
from strategies import answers_for, rubrics

Engine = Literal["fast", "reference"]


def drawn_rubrics(**options: Any) -> st.SearchStrategy[tiercert.Rubric]:
    """``strategies.rubrics``: every rubric it draws passes ``check`` (it drew, rarely, a tier
    minimum of 13 places, which check refuses; the strategy now cuts minimums to 12)."""
    return rubrics(**options)


# --- rubric text ------------------------------------------------------------------------------


def check_rubric_text(source: bytes | str) -> None:
    """``check`` (both paths) and ``parse_rubric`` on any text: documented problems, the same
    ones on both paths, a rubric exactly when check finds no error, and a rubric's YAML loads
    back to the same rubric."""
    report = tiercert.check_source(source, file="rubric.yaml")
    assert_problems(report.problems)
    light = tiercert.check_source(source, file="rubric.yaml", light=True)
    assert sorted(problem_keys(light.problems)) == sorted(problem_keys(report.problems))
    refused: tiercert.RubricError | None = None
    try:
        rubric = tiercert.parse_rubric(source, file="rubric.yaml")
    except tiercert.RubricError as exc:
        refused = exc
    if refused is not None:
        assert_error(refused)
        assert report.errors, "parse_rubric refused a rubric that check found no error in"
        assert sorted(problem_keys(refused.problems)) == sorted(problem_keys(report.problems))
        return
    assert not report.errors, "parse_rubric accepted a rubric that check refused"
    check_to_yaml(rubric)


def _texts(data: object) -> list[str]:
    if isinstance(data, dict):
        return [t for value in data.values() for t in _texts(value)]
    if isinstance(data, list):
        return [t for value in data for t in _texts(value)]
    return [data] if isinstance(data, str) else []


def check_to_yaml(rubric: tiercert.Rubric) -> tiercert.Rubric:
    """``to_yaml()`` loads back to the same rubric (same fingerprint), as it promises; returns
    the rubric loaded back."""
    saved = tiercert.parse_rubric(rubric.to_yaml())
    if saved.fingerprint != rubric.fingerprint:
        texts = _texts(rubric.to_data())
        why = ""
        if any(not unicodedata.is_normalized("NFC", t) for t in texts):
            why = ": the rubric holds text not in NFC"
        raise AssertionError(f"to_yaml does not load back the same rubric (fingerprint){why}")
    return saved


def check_assessment_text(source: bytes | str) -> None:
    try:
        assessment = tiercert.parse_assessment(source, file="unit.yaml")
    except tiercert.AssessmentError as exc:
        assert_error(exc)
        return
    assert isinstance(assessment, tiercert.Assessment)


# --- results ----------------------------------------------------------------------------------


def check_result(result: tiercert.Result) -> None:
    """A result serialises losslessly: JSON -> result -> JSON gives the same bytes."""
    text = result.to_json()
    data = json.loads(text)
    back = tiercert.Result.from_dict(data)
    assert back == result, "Result.from_dict(to_dict()) is not the result"
    assert back.to_json() == text, "the JSON round trip is not byte for byte"
    assert tiercert.Result.from_json(text).to_dict() == result.to_dict()


Outcome = tiercert.Result | list[tuple[str, str, str]]


def outcome(
    rubric: tiercert.Rubric,
    answers: tiercert.Assessment | Mapping[str, object],
    engine: Engine,
    **options: Any,
) -> Outcome:
    """The result, or the problems (code, path, line) of the error: only documented ones."""
    try:
        result = rubric.evaluate(answers, engine=engine, **options)
    except tiercert.AssessmentError as exc:
        assert_error(exc)
        return problem_keys(exc.problems)
    check_result(result)
    return result


def verdict(
    rubric: tiercert.Rubric,
    answers: tiercert.Assessment | Mapping[str, object],
    **options: Any,
) -> tiercert.Verdict | list[tuple[str, str, str]]:
    try:
        return rubric.verdict(answers, **options)
    except tiercert.AssessmentError as exc:
        assert_error(exc)
        return problem_keys(exc.problems)


def same_outcome(fast: Outcome, reference: Outcome) -> None:
    if isinstance(reference, tiercert.Result):
        assert isinstance(fast, tiercert.Result), f"fast: {fast}; reference: a result"
        assert fast.to_json() == reference.to_json()
        assert fast == reference
    else:
        assert fast == reference, "the engines report different problems"


def engines_agree(
    rubric: tiercert.Rubric,
    answers: tiercert.Assessment | Mapping[str, object],
    **options: Any,
) -> Outcome:
    """Compiled and reference engines give the same result or the same problems, and
    ``verdict()`` agrees with ``evaluate()``."""
    reference = outcome(rubric, answers, "reference", **options)
    fast = outcome(rubric, answers, "fast", **options)
    same_outcome(fast, reference)
    options.pop("unit_id", None), options.pop("unit_name", None)
    decided = verdict(rubric, answers, **options)
    if isinstance(reference, tiercert.Result):
        assert decided == (reference.total, reference.certified, reference.tier)
    else:
        assert decided == reference, "verdict() reports other problems than evaluate()"
    return reference


# --- answers ----------------------------------------------------------------------------------


def mutate_answers(
    data: st.DataObject, answers: Mapping[str, object], ids: list[str], *, odds: int = 2
) -> dict[str, object]:
    """``answers`` with about one in ``odds`` written another way (or dropped), and sometimes
    an answer for an unknown or wrong id added."""
    out: dict[str, object] = {}
    for key, value in answers.items():
        roll = data.draw(st.integers(0, 2 * odds - 1), label=f"roll {key}")
        if roll == 0:
            continue  # dropped
        out[key] = data.draw(answer_form(value), label=key) if roll < 2 else value
    for _ in range(data.draw(st.integers(0, 2), label="extra") if odds <= 2 else 0):
        key = data.draw(
            st.sampled_from([*ids, "g99", "G1", "g1 ", "5", "", "unit", "answers"]), label="key"
        )
        out[key] = data.draw(answer_form(True), label=f"extra {key}")
    return out


def check_engines_agree(rubric: tiercert.Rubric, data: st.DataObject) -> None:
    """Answers drawn for ``rubric``, mutated: the engines agree through every entry (a plain
    mapping, an Assessment, an assessment mapping, its YAML text), and entries agree on
    results."""
    base = data.draw(answers_for(rubric), label="answers")
    ids = [node_id for node_id, _, _ in rubric.iter_nodes()]
    answers = mutate_answers(data, base.answers, ids)
    facts = mutate_answers(data, base.facts, [f.id for f in rubric.spec.facts])
    unit_name = data.draw(st.one_of(st.none(), st.just("Xã Mẫu"), hostile_text()), label="name")
    missing = data.draw(st.sampled_from((None, "error", "zero")), label="missing")

    plain = engines_agree(
        rubric, answers, facts=facts, unit_id="u1", unit_name=unit_name, missing=missing
    )
    built = tiercert.Assessment(answers=answers, facts=facts, unit_id="u1", unit_name=unit_name)
    same_outcome(engines_agree(rubric, built, missing=missing), plain)
    document = {"unit": {"id": "u1", "name": unit_name}, "answers": answers, "facts": facts}
    try:
        read = tiercert.assessment_from_mapping(document)
    except tiercert.AssessmentError as exc:
        assert_error(exc)
        read = None
    if read is not None:
        from_mapping = engines_agree(rubric, read, missing=missing)
        if isinstance(plain, tiercert.Result) and isinstance(from_mapping, tiercert.Result):
            assert from_mapping == plain, "an assessment mapping scores other than the answers"
    source = yaml_text(document)
    if source is not None:
        try:
            parsed = tiercert.parse_assessment(source, file="unit.yaml")
        except tiercert.AssessmentError as exc:
            assert_error(exc)
            return
        from_yaml = engines_agree(rubric, parsed, missing=missing)
        if isinstance(plain, tiercert.Result) and isinstance(from_yaml, tiercert.Result):
            assert from_yaml == plain, "the same answers score otherwise as YAML text"


__all__ = [
    "check_assessment_text",
    "check_engines_agree",
    "check_result",
    "check_rubric_text",
    "check_to_yaml",
    "drawn_rubrics",
    "engines_agree",
    "mutate_answers",
    "outcome",
    "same_outcome",
]


# --- outputs ----------------------------------------------------------------------------------

#: a number as tiercert writes one in a cell (sign, digits, separators, the "not exact" mark)
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*(?:…|\.\.\.)?")


def is_formula(text: str) -> bool:
    """What a spreadsheet program would run (OWASP "CSV injection"): a cell starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, unless it is a plain number."""
    return text[:1] in ("=", "+", "-", "@", "\t", "\r") and _NUMBER.fullmatch(text) is None


def check_csv_output(data: bytes) -> list[list[str]]:
    """A CSV file tiercert wrote: UTF-8, and no cell a spreadsheet would run as a formula."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        for cell in row:
            assert not is_formula(cell), f"a formula in a CSV cell: {cell!r}"
    return rows


def check_xlsx_output(path: Path) -> list[list[object]]:
    """An XLSX file tiercert wrote: it opens, and no cell holds a formula."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    rows: list[list[object]] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # a text cell starting with '=' is text in XLSX (only CSV is read as typed)
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}"
            rows.append([cell.value for cell in row])
    return rows


def check_jsonl_output(data: bytes) -> list[Any]:
    """JSON Lines tiercert wrote: one JSON value per line, nothing a terminal acts on."""
    text = data.decode("utf-8")
    assert raw_control(text.replace("\n", "")) is None, raw_control(text)
    return [json.loads(line) for line in text.splitlines() if line]


def check_text_output(text: str) -> None:
    """Text for a terminal: no raw control character but the line break."""
    assert raw_control(text) is None, f"raw control {raw_control(text)} in text output"


def check_json_output(text: str) -> Any:
    """JSON printed by a command: it parses, and holds nothing a terminal acts on."""
    check_text_output(text)
    return json.loads(text)


#: tags that hostile text would bring in if an HTML page did not escape it
_INJECTED = frozenset({"script", "img", "svg", "iframe", "object", "embed", "math", "x"})
#: the pages' own charts are ``<svg … focusable="false">`` (templates/*.html.j2); no hostile
#: text carries that attribute, so such an ``<svg>`` is the page's, not the input's
_OWN_SVG = ("focusable", "false")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def check_html_output(text: str) -> None:
    """An HTML page: it parses, and holds no tag or event handler that hostile text brought
    in (names and titles are escaped)."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    for tag, attrs in parser.tags:
        own = tag == "svg" and _OWN_SVG in attrs
        assert own or tag not in _INJECTED, f"<{tag}> in the HTML output"
        for name, _ in attrs:
            assert not name.startswith("on"), f"an event handler {name!r} in the HTML output"


def check_markdown_output(text: str) -> None:
    """Markdown: no raw HTML tag from the input, and every table row has as many cells as
    its table's header (a ``|`` in a name must not add a column)."""
    raw = re.search(r"(?<!\\)<(script|img|svg|iframe)", text, re.IGNORECASE)
    assert raw is None, f"raw <{raw and raw.group(1)}> in Markdown output (\\< escapes it)"
    width: int | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        if width is None:
            width = cells
        assert cells == width, f"a table row with {cells - 1} cells, not {width - 1}: {line!r}"
