"""What the fuzzer found, as regression tests, and tests of the fuzzing net itself.

A bug found and not yet fixed is an ``xfail(strict=True)`` test here (its reason says what is
wrong) and an entry of ``fuzzing.KNOWN_BUGS`` that keeps the fuzz targets from failing on it
meanwhile.  The fix makes the test pass, which fails it as strict: then remove the marker and
the entry.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import fuzzing
import pytest
from fuzzing import KNOWN_BUGS, Hung, Target, assert_error, hang_guard, run
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from oracles import engines_agree

import tiercert

_RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "vi_du",
    "version": "1",
    "title": "Ví dụ",
    "criteria": [{"id": "c1", "title": "C1", "rule": {"kind": "boolean", "points": 10}}],
}


@pytest.fixture(autouse=True)
def _ci_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests run targets of their own: in CI mode, even in a long run of tests/fuzz."""
    monkeypatch.delenv("TIERCERT_FUZZ_SECONDS", raising=False)
    monkeypatch.delenv("TIERCERT_FUZZ_STATS", raising=False)


def _with_criterion_key(key: str, value: object) -> dict[str, Any]:
    criterion = {**_RUBRIC["criteria"][0], key: value}
    return {**_RUBRIC, "criteria": [criterion]}


# --- findings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "key"),
    [
        ("rubric", "provisional"),
        ("rubric", "title"),
        ("rubric", "id"),
        ("assessment", "name"),
        ("assessment", "id"),
    ],
)
def test_huge_int_outside_a_number_field_is_a_problem(build: str, key: str) -> None:
    """An int of more than 4,300 digits where text or yes/no is wanted is a problem: its
    message quoted it with repr() (rubric), the model turned it into text (assessment unit),
    and Python's int-string limit raised ValueError, a traceback."""
    huge = 10**5000
    caught: pytest.ExceptionInfo[tiercert.ProblemsError]
    if build == "rubric":
        with pytest.raises(tiercert.RubricError) as caught:
            tiercert.rubric_from_mapping(_with_criterion_key(key, huge))
    else:
        with pytest.raises(tiercert.AssessmentError) as caught:
            tiercert.assessment_from_mapping({"unit": {"id": "u", key: huge}, "answers": {}})
    assert_error(caught.value)


def test_huge_int_as_a_key_or_a_choice_is_a_problem() -> None:
    """Found by the fuzzer (test_rubric_data, blob AEEDQQFBBkEAQQU=): an int of 5,000 digits as
    a rule's kind made the "did you mean" hint write it (ValueError); as a key of the rubric,
    of a rule, or of the answers, or as an answer of either engine, the same."""
    huge = 10**5000
    rule: dict[Any, Any] = {"kind": "boolean", "points": 10}
    rubric_key: dict[Any, Any] = {**_RUBRIC, huge: 1}
    for data in [
        _with_criterion_key("rule", {**rule, "kind": huge}),
        _with_criterion_key("rule", {**rule, huge: 1}),
        rubric_key,
        _with_criterion_key("rule", {**rule, "points": huge}),
    ]:
        with pytest.raises(tiercert.RubricError) as caught:
            tiercert.rubric_from_mapping(data)
        assert_error(caught.value)
    rubric = tiercert.rubric_from_mapping(_RUBRIC)
    for engine in ("fast", "reference"):
        keys: list[dict[Any, object]] = [{"c1": True, huge: 1}, {"c1": True, Fraction(1, huge): 1}]
        for answers in keys:
            with pytest.raises(tiercert.AssessmentError) as said:
                rubric.evaluate(answers, engine=engine)
            assert_error(said.value)
            assert "a number of more than 1,000 digits" in str(said.value)
        with pytest.raises(tiercert.AssessmentError):
            rubric.evaluate({"c1": huge}, engine=engine)


@pytest.mark.parametrize("key", ["provisional", "title", "id"])
@pytest.mark.parametrize("value", ["1e9999999", "-1e-9999999"])
def test_a_value_in_a_message_is_cut(key: str, value: str) -> None:
    """A Decimal where the rubric wants text or yes/no is quoted short: _validate._describe
    wrote it in full positional notation, Decimal('1e999999999') a 1 GB message and
    Decimal('-1e-999999999') a billion zeros after the point (a long fuzz run grew to 12.6 GB
    and was killed); 1e9999999 and -1e-9999999 here made 10 MB."""
    with pytest.raises(tiercert.RubricError) as caught:
        tiercert.rubric_from_mapping(_with_criterion_key(key, Decimal(value)))
    longest = max(len(p.message) for p in caught.value.problems)
    assert longest <= fuzzing.MAX_MESSAGE, f"a message of {longest:,} characters"


@pytest.mark.parametrize("kind", ["xlsx", "jsonl"])
def test_batch_row_scorer_checks_the_unit_name(tmp_path: Path, kind: str) -> None:
    """A row whose unit_name is not text (a date in XLSX, true in JSON Lines) is rejected
    with unit.name by every path: the compiled row scorer (score_records, 'tiercert batch')
    scored it, the name silently dropped."""
    rubric = tiercert.rubric_from_mapping(_RUBRIC)
    path = tmp_path / f"units.{kind}"
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["unit_id", "unit_name", "c1"])
        book.active.append(["u1", dt.datetime(2024, 1, 1, 12, 30), "yes"])
        book.save(path)
    else:
        path.write_text('{"unit_id": "u1", "unit_name": true, "c1": true}\n', encoding="utf-8")
    (outcome,) = tiercert.evaluate_many(rubric, tiercert.read_rows(path))
    assert [p.code for p in outcome.problems] == ["unit.name"]
    for engine in ("fast", "reference"):
        (record,) = tiercert.score_records(rubric, tiercert.read_rows(path), engine=engine)
        assert record["status"] == "rejected", engine


def test_a_csv_header_with_a_carriage_return_stays_one_row(tmp_path: Path) -> None:
    """A header cell holding a CR is written like a body cell's (as a quoted \\n): it split
    the header row in two, and a header '\\r=1' put a formula at a line's start."""
    path = tmp_path / "table.csv"
    tiercert.write_table(path, ["unit_id", "Tên\rđơn vị", "\r=1"], [["u1", "x", "y"]])
    text = path.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2, rows
    assert len(rows[0]) == 3, rows
    assert rows[0][2] == "'\n=1", rows  # one cell, neutralised (spreadsheet_text)


def test_a_rubric_from_python_is_read_as_its_yaml() -> None:
    """rubric_from_mapping reads text in NFC, as files are read: it kept NFD text (from a web
    form), so the rubric saved with to_yaml() and loaded had another fingerprint."""
    decomposed = unicodedata.normalize("NFD", "Xã Mẫu")
    rubric = tiercert.rubric_from_mapping({**_RUBRIC, "title": {"vi": decomposed}})
    assert rubric.title("vi") == "Xã Mẫu"
    assert tiercert.parse_rubric(rubric.to_yaml()).fingerprint == rubric.fingerprint


@pytest.mark.parametrize("text", ["Ví\x85dụ", "\x85Ví dụ\x85", "Ví\u2028dụ\u2029", "Ví\r\ndụ\r"])
def test_to_yaml_keeps_every_line_break(text: str) -> None:
    """Rubric.to_yaml() double-quotes text holding a line break YAML reads besides \\n: it
    wrote U+0085 (NEL) raw, which loads back as a space (another text, another fingerprint)."""
    rubric = tiercert.rubric_from_mapping({**_RUBRIC, "title": text})
    again = tiercert.parse_rubric(rubric.to_yaml())
    assert again.title() == rubric.title()
    assert again.fingerprint == rubric.fingerprint


# found by the fuzzer; batch fixed on main by 2aa8a86 (summary.py: _escape.markdown_text)
@pytest.mark.parametrize("command", ["batch", "explain"])
def test_markdown_outputs_escape_markup(tmp_path: Path, command: str) -> None:
    """Markdown from 'batch --summary markdown' and 'explain --format markdown' escapes the
    rubric's text: '<script>' in a title was raw HTML in the Markdown (explain's _cell escaped
    only |)."""
    from tiercert.cli import main

    title = "<script>alert(1)</script>"
    criterion = {**_RUBRIC["criteria"][0], "title": title}
    rubric = tiercert.rubric_from_mapping({**_RUBRIC, "title": title, "criteria": [criterion]})
    (tmp_path / "rubric.yaml").write_text(rubric.to_yaml(), encoding="utf-8")
    (tmp_path / "units.csv").write_text("unit_id,c1\nu1,yes\n", encoding="utf-8")
    argv = [command, str(tmp_path / "rubric.yaml")]
    if command == "batch":
        argv += [str(tmp_path / "units.csv"), "-o", str(tmp_path / "out.csv"), "--summary"]
    argv += ["markdown"] if command == "batch" else ["--format", "markdown"]
    out = io.StringIO()
    assert main(argv, stdout=out, stderr=io.StringIO()) == 0
    assert "\\<script\\>" in out.getvalue()
    assert re.search(r"(?<!\\)<script", out.getvalue()) is None


# found by the fuzzer; fixed on main by 86b8536 (_literals.parse_bool: a NaN is no yes/no)
@pytest.mark.parametrize("entry", ["fast", "reference", "verdict", "rubric"])
def test_a_signalling_nan_is_a_problem(entry: str) -> None:
    """Decimal('sNaN') (what Decimal() makes of a form's 'snan') where a yes/no is read is a
    problem, not decimal.InvalidOperation from comparing it."""
    snan = Decimal("sNaN")
    if entry == "rubric":
        with pytest.raises(tiercert.RubricError):
            tiercert.rubric_from_mapping(_with_criterion_key("provisional", snan))
        return
    rubric = tiercert.rubric_from_mapping(_RUBRIC)
    engine: Any = entry
    score = (
        rubric.verdict if entry == "verdict" else functools.partial(rubric.evaluate, engine=engine)
    )
    with pytest.raises(tiercert.AssessmentError):
        score({"c1": snan})


@pytest.mark.parametrize("failure", [None, "x", {"subject": "fact", "target": ["x"]}])
def test_result_from_dict_refuses_a_failure_that_is_not_a_mapping(failure: object) -> None:
    """Result.from_dict raises its documented ValueError for a gate failure that is not a
    mapping (it raised AttributeError) or whose target is a list (TypeError: unhashable)."""
    rubric = tiercert.load_rubric(fuzzing.ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    unit = tiercert.load_assessment(
        fuzzing.ROOT / "examples" / "bac_giang" / "xa_mau_e_knocked_out.yaml"
    )
    # as JSON gives it back: any value may be put anywhere
    data: dict[str, Any] = json.loads(rubric.evaluate(unit).to_json())
    gate = next(g for g in data["gates"] if g["failures"])
    gate["failures"][0] = failure
    with pytest.raises(ValueError, match=r"."):
        tiercert.Result.from_dict(data)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(["0"], "1"), ("0", [["0", "1/3"]]), ([["2"]], [["0"], "na"])],
)
def test_a_failure_whose_values_are_lists_writes_json(actual: object, expected: object) -> None:
    """A failure read back with a list (or a list of lists) of numbers as its values wrote
    them as Fractions, which json.dumps refused (TypeError in Result.to_json): the fuzz
    target result_dicts found it. Now any list is written as the list it was read from."""
    rubric = tiercert.load_rubric(fuzzing.ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    unit = tiercert.load_assessment(
        fuzzing.ROOT / "examples" / "bac_giang" / "xa_mau_e_knocked_out.yaml"
    )
    data = rubric.evaluate(unit).to_dict()
    gate = next(g for g in data["gates"] if g["failures"])
    gate["failures"][0] = {**gate["failures"][0], "actual": actual, "expected": expected}
    result = tiercert.Result.from_dict(data)
    written = result.to_dict()
    failure = next(g for g in written["gates"] if g["failures"])["failures"][0]
    assert isinstance(failure, dict)
    assert (failure["actual"], failure["expected"]) == (actual, expected)
    assert tiercert.Result.from_dict(written) == result
    assert json.loads(result.to_json()) == written


def test_the_strategies_cut_a_tier_minimum_to_12_places() -> None:
    """The shared strategies drew, rarely, a tier minimum of 13 places (a grid point over a
    maximum of nested quarters), which check refuses: the fuzz targets filtered such rubrics
    out, now they draw none (oracles.drawn_rubrics is strategies.rubrics, unfiltered)."""
    from strategies import _rubric_number

    drawn = Fraction("1.2490478515625")
    with pytest.raises(tiercert.RubricError, match=r"value\.places"):
        tiercert.rubric_from_mapping(_with_tier_minimum(drawn))
    cut = _rubric_number(drawn)
    assert cut == Fraction("1.249047851562")
    tiercert.rubric_from_mapping(_with_tier_minimum(cut))
    assert _rubric_number(Fraction(5, 4)) == Fraction(5, 4)


def _with_tier_minimum(minimum: Fraction) -> dict[str, Any]:
    shown = Decimal(minimum.numerator) / Decimal(minimum.denominator)
    return {**_RUBRIC, "tiers": [{"id": "t1", "label": "T", "rank": 1, "min": shown}]}


def test_every_known_bug_has_its_xfail_test() -> None:
    here = globals()
    for bug in KNOWN_BUGS:
        test = here.get(bug.test)
        assert test is not None, f"KNOWN_BUGS names {bug.test}, which is not in this file"
        marks = [m for m in getattr(test, "pytestmark", []) if m.name == "xfail"]
        marks += [  # or one of its cases, pytest.param(..., marks=xfail)
            m
            for p in getattr(test, "pytestmark", [])
            if p.name == "parametrize"
            for case in p.args[1]
            for m in getattr(case, "marks", ())
            if m.name == "xfail"
        ]
        assert marks, f"{bug.test} must be xfail(strict=True)"
        assert marks[0].kwargs.get("strict"), f"{bug.test} must be xfail(strict=True)"


# --- the net catches what it is meant to catch ------------------------------------------------


def _fails(target: Target) -> BaseException:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - any failure, that is the point
        run(target)
    return caught.value


def test_an_unexpected_exception_fails_the_target() -> None:
    def check(text: str) -> None:
        if "x" in text:
            raise KeyError(text)

    # texts that hold an "x" half the time: found at once (st.text() could miss it in 200)
    texts = st.sampled_from(["ok", "x"])
    failure = _fails(Target("planted", texts, check, examples=200))
    assert isinstance(failure, KeyError)


def test_an_undocumented_problem_code_fails_the_target() -> None:
    def check(_: object) -> None:
        assert_error(tiercert.AssessmentError([tiercert.Problem("no.such_code", "m")]))

    assert "undocumented problem code" in str(_fails(Target("code", st.none(), check, 1)))


def test_raw_controls_are_recognised() -> None:
    assert fuzzing.raw_control("Total: 80\x1b[2J") == repr("\x1b")
    assert fuzzing.raw_control("a\u202eb") == repr("\u202e")
    assert fuzzing.raw_control("dòng 1\ndòng 2") is None


def test_engines_that_disagree_fail_the_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled engine that gets one thing wrong is caught by the answers oracle."""
    evaluate = tiercert.Rubric.evaluate

    def off_by_a_bit(self: tiercert.Rubric, *args: Any, **kwargs: Any) -> tiercert.Result:
        result = evaluate(self, *args, **kwargs)
        if kwargs.get("engine", "fast") == "fast":
            # below the maximum: a result that contradicts itself is refused when read back
            return dataclasses.replace(result, total=result.total - Fraction(1, 100))
        return result

    monkeypatch.setattr(tiercert.Rubric, "evaluate", off_by_a_bit)
    rubric = tiercert.parse_rubric(
        "format: 1\nid: x\nversion: '1'\ntitle: X\nscoring: {missing: zero}\n"
        "criteria: [{id: c1, title: C, rule: {kind: boolean, points: 1}}]\n"
    )

    def check(_: None) -> None:
        engines_agree(rubric, {"c1": True})

    target = Target("disagree", st.none(), check, examples=1)
    assert isinstance(_fails(target), AssertionError)


def test_a_known_bug_is_set_aside_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    planted = fuzzing.KnownBug("test_planted", KeyError, r"^'planted'$")
    monkeypatch.setattr(fuzzing, "KNOWN_BUGS", (planted,))

    def check(_: object) -> None:
        raise KeyError("planted")

    target = Target("known", st.none(), check, examples=1)
    with pytest.raises(Unsatisfiable):  # its only example was set aside
        run(target)
    assert target.stats.known == {"test_planted": 1}


def test_the_hang_guard_stops_a_hang() -> None:
    def spin() -> None:
        while True:
            pass

    with pytest.raises(Hung), hang_guard(0.05):
        spin()


def test_a_long_run_collects_distinct_failures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("TIERCERT_FUZZ_SECONDS", "2")
    monkeypatch.setenv("TIERCERT_FUZZ_FINDINGS", str(tmp_path))
    stats = tmp_path / "stats.jsonl"
    monkeypatch.setenv("TIERCERT_FUZZ_STATS", str(stats))

    def check(n: int) -> None:
        if n == 7:
            raise KeyError(n)
        if n == 11:
            raise IndexError(n)

    with pytest.raises(AssertionError, match=r"2 distinct failure\(s\)"):
        run(Target("two_bugs", st.integers(0, 20), check))
    saved = sorted(p.name for p in tmp_path.glob("two_bugs-*.txt"))
    assert saved == ["two_bugs-1.txt", "two_bugs-2.txt"]
    text = "".join(p.read_text() for p in tmp_path.glob("two_bugs-*.txt"))
    assert re.search(r"(?:Falsifying example|Failing test case): fuzz_two_bugs\(\s*value=7", text)
    assert '"failures": 2' in stats.read_text()
    assert re.search(r'"slowest_example": "\d+"', stats.read_text())  # what to look at
