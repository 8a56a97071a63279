"""``1.500`` where a decimal is read: one and a half by the rule (a dot is a decimal point),
fifteen hundred to a reader who groups thousands with a dot (Vietnamese).  A ``number`` fact
(a population, an area) refuses it, as a programme's number attribute does; a number answer
refuses it where its rule's range admits the thousands reading too (visitors a year), and
reads it by the rule where the range rules that out (``72.500`` in a percentage).  The same
text gets the same outcome, and the same message, in every reader, on both engines and the
batch row path.  See docs/assessments.md, "How values are read"."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_number_rule import by_api, by_xlsx, documented, same_in_every_reader

from tiercert import AssessmentError, Rubric
from tiercert._fast.numbers import Fallback
from tiercert._i18n import in_lang
from tiercert.batch import score_records
from tiercert.rubric import parse_rubric, rubric_from_mapping

TEMPLATE = """\
format: 1
id: g
version: "1"
title: G
criteria:
  - {{id: a, title: A, {rule}}}
  - {{id: b, title: B, rule: {{kind: boolean, points: 1}}}}
tiers: []
"""

#: rules by the range they admit: whether 1500 (the thousands reading of 1.500) is in it
RULES = {
    # visitors a year: no upper bound
    "open": "rule: {kind: bands, bands: [{min: 0, max: 1500, points: 1}, {min: 1500, points: 2}]}",
    # up to 1500 exactly: 1.500 is ambiguous, 1.501 (1501 is refused) is 1.501
    "edge": "rule: {kind: bands, bands: [{min: 0, max: 1.5, points: 1}, "
    "{min: 1.5, max: 1500, points: 2}]}",
    # a percentage: the thousands reading is impossible, 72.500 is 72.5
    "percent": "rule: {kind: bands, range: {min: 0, max: 100}, bands: [{max: 72.5, points: 0}, "
    "{min: 72.5, points: 1}]}",
    "linear": "rule: {kind: linear, start: {value: 0, points: 0}, end: {value: 2000, points: 10}}",
    "direct": "max: 100000, rule: {kind: direct}",
}


def rubric_of(name: str) -> Rubric:
    return parse_rubric(TEMPLATE.format(rule=RULES[name]))


def problems(rubric: Rubric, value: object, engine: str) -> list[str] | Any:
    """The messages of the problems ``value`` as the answer to ``a`` has, or its reading."""
    try:
        return rubric.evaluate({"a": value, "b": True}, engine=engine).nodes["a"].answer  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.message for p in exc.problems]


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        ("open", "1.500", True),
        ("open", "12.000", True),
        ("open", " 1.500 ", True),
        ("open", "1.500%", True),
        ("open", Decimal("1.500"), True),
        ("open", "1.5", False),
        ("open", "1.50", False),
        ("open", "1.5000", False),
        ("open", "0.500", False),
        ("open", "1500", False),
        ("edge", "1.500", True),
        ("edge", "1.499", True),
        ("edge", "1.501", False),  # 1501 is out of range: only 1.501 is meant
        ("percent", "72.500", False),
        ("percent", "1.000", False),
        ("linear", "1.999", True),
        ("linear", "2.500", True),  # 2500 is clamped, not refused: it is admitted
        ("direct", "1.000", True),  # the criterion's max is 100000
        ("direct", "99.999", True),
    ],
)
def test_a_number_answer_is_refused_where_its_thousands_reading_is_admitted(
    name: str, text: object, refused: bool
) -> None:
    rubric = rubric_of(name)
    for engine in ("fast", "reference"):
        outcome = by_api(rubric, text, engine)
        assert outcome[0] == ("problem" if refused else "value"), (engine, text)
        if refused:
            assert outcome[1] == ["answer.invalid"]


def test_the_message_says_what_to_write() -> None:
    rubric = rubric_of("open")
    assert problems(rubric, "1.500", "fast") == [
        "'1.500' is ambiguous in the allowed range: at least 0; it could mean 1.5 or 1500: write "
        "1.5 for 1.5, 1500 for 1500 (a dot is a decimal point; numbers have no thousands "
        "separator)"
    ]
    (message,) = problems(rubric, "12.000", "fast")
    assert "it could mean 12 or 12 thousand: write 12 for 12, 12000 for 12 thousand" in message
    assert "có thể hiểu là 12 hoặc 12 nghìn" in in_lang(message, "vi")
    assert "không rõ nghĩa" in in_lang(problems(rubric, "1.500", "fast")[0], "vi")


def test_equal_decimals_are_told_apart_by_the_compiled_evaluator() -> None:
    # Decimal("1.5") == Decimal("1.500"), and the compiled evaluator remembers the points of
    # answers met before: the second must still be refused, in either order, and on the path
    # of a rule whose answers are compared as floats
    for name in ("open", "linear"):
        rubric = rubric_of(name)
        for _ in range(3):
            for value in (Decimal("1.5"), "1.5", Decimal("1.500"), "1.500"):
                refused = value in ("1.500",) or str(value) == "1.500"
                assert by_api(rubric, value)[0] == ("problem" if refused else "value"), value


def test_a_numeric_spreadsheet_cell_is_a_number(tmp_path: Path) -> None:
    # only text is ambiguous: a cell holding the number 1500 (shown 1.500 in a Vietnamese
    # Excel) is fifteen hundred, one holding 1.5 is one and a half
    assert by_xlsx(rubric_of("open"), [1500, 1.5, "1.500"], tmp_path) == [
        ("value", 1500),
        ("value", Decimal("1.5")),
        ("problem", ["answer.invalid"]),
    ]


# --- number facts -----------------------------------------------------------------------------

FACT = """\
format: 1
id: f
version: "1"
title: F
facts:
  - {id: dan_so, title: Dân số, type: number}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, rule: {kind: condition, when: {fact: dan_so, at_least: 1000}, points: 1}}
tiers: []
"""


@pytest.mark.parametrize("text", ["12.000", "1.500", "1.000", "-1.500", "1.500%", "1.234.567"])
def test_a_number_fact_refuses_it(text: str) -> None:
    rubric = parse_rubric(FACT)
    as_decimal = re.fullmatch(r"-?[0-9]+\.[0-9]+", text)  # a YAML or JSON number token
    for value in (text, Decimal(text)) if as_decimal else (text,):
        messages = set()
        for engine in ("fast", "reference"):
            with pytest.raises(AssessmentError) as caught:
                rubric.evaluate({"a": True}, facts={"dan_so": value}, engine=engine)
            assert [p.code for p in caught.value.problems] == ["fact.invalid"], (engine, value)
            messages.add(caught.value.problems[0].message)
        (message,) = messages  # the same on both engines
        assert "write" in message, message
        (record,) = score_records(rubric, [{"unit_id": "u", "a": "yes", "dan_so": text}])
        assert record["status"] == "rejected"
        assert "[fact.invalid]" in " ".join(record["problems"])  # type: ignore[arg-type]


def test_a_number_fact_message() -> None:
    rubric = parse_rubric(FACT)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": True}, facts={"dan_so": "1.500"})
    assert caught.value.problems[0].message == (
        "the fact 'dan_so' must be a number, got '1.500'; it could mean 1.5 or 1500: write 1.5 "
        "for 1.5, 1500 for 1500 (a dot is a decimal point; numbers have no thousands separator)"
    )


@pytest.mark.parametrize(("value", "total"), [("1.5", 1), ("12.0", 1), ("0.500", 1), (1500, 2)])
def test_a_number_fact_written_otherwise_is_read_by_the_rule(value: object, total: int) -> None:
    rubric = parse_rubric(FACT)
    for engine in ("fast", "reference"):
        assert rubric.evaluate({"a": True}, facts={"dan_so": value}, engine=engine).total == total


# --- the same text, every reader --------------------------------------------------------------

#: the thousands readings on the rules' edges, and beside them
_EDGES = [1000, 1499, 1500, 1501, 2000, 2001, 12000, 72500, 99999, 100000, 100001]
_ON_EDGES = st.builds(
    lambda n, sign, percent: f"{sign}{n // 1000}.{n % 1000:03d}{percent}",
    st.sampled_from(_EDGES),
    st.sampled_from(["", "", "-", "+"]),
    st.sampled_from(["", "", "%"]),
)
TEXTS = st.one_of(
    _ON_EDGES,
    st.from_regex(r"[+-]?[0-9]{1,4}(\.[0-9]{2,4}){1,2}%?", fullmatch=True),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{0,5})?", fullmatch=True),
    st.text(st.sampled_from([*"0123456789.,% -"]), min_size=1, max_size=9),
).filter(lambda t: t.strip() != "")


def expected(name: str, text: str) -> bool:
    """Whether ``text`` is refused as ambiguous by the rule ``name``, written out from the
    docs: a dot then groups of three digits, whose thousands reading is within the range."""
    core = text.strip()
    core = core[:-1].rstrip() if core.endswith("%") else core
    if not re.fullmatch(r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+", core) or core.count(".") > 1:
        return False
    thousands = Fraction(core.replace(".", ""))
    low, high = {
        "open": (0, None),
        "edge": (0, 1500),
        "percent": (0, 100),
        "linear": (None, None),
        "direct": (0, 100000),
    }[name]
    return (low is None or thousands >= low) and (high is None or thousands <= high)


def every_reader_agrees(
    rubric: Rubric, texts: list[str], folder: Path, refused: Callable[[str], bool]
) -> list[Any]:
    """What the API makes of each text for ``a``, held to be what every reader, both engines
    (word for word) and the batch row scorer make of it; a text ``refused`` says is refused as
    ambiguous."""
    api = same_in_every_reader(rubric, texts, folder)
    rows = list(
        score_records(
            rubric, [{"unit_id": f"u{i}", "a": text, "b": "yes"} for i, text in enumerate(texts)]
        )
    )
    for text, outcome, record in zip(texts, api, rows, strict=True):
        # the same problems, word for word, on both engines
        told = problems(rubric, text, "reference")
        assert problems(rubric, text, "fast") == told, text
        if refused(text):
            assert outcome == ("problem", ["answer.invalid"]), text
            assert any("ambiguous" in m or "thousand" in m for m in told), (text, told)
        # the batch row scorer agrees: scored with the reference's total, or rejected
        if outcome[0] == "value":
            total = rubric.evaluate({"a": text, "b": True}, engine="reference").total
            assert (record["status"], record["total"]) == ("scored", total), text
        else:
            assert record["status"] == "rejected", text
            shown = " ".join(record["problems"])  # type: ignore[arg-type]
            said = problems(rubric, text.strip(), "reference")  # a batch strips its cells
            assert all(message in shown for message in said), (text, shown, said)
    return api


@pytest.mark.parametrize("name", sorted(RULES))
@settings(max_examples=15, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=15))
@example(texts=["1.500", "1.5", "1.500", "1.501", "1.499", "72.500", "12.000", "1.500%"])
def test_the_same_text_means_the_same_in_every_reader(
    name: str, texts: list[str], tmp_path_factory: Any
) -> None:
    rubric = rubric_of(name)
    folder = tmp_path_factory.mktemp("grouped")
    api = every_reader_agrees(rubric, texts, folder, lambda text: expected(name, text))
    for text, outcome in zip(texts, api, strict=True):
        if outcome[0] == "value" and not expected(name, text):
            assert Fraction(outcome[1]) == documented(text), text


def test_an_answer_read_by_another_criterion_is_refused_by_the_reader_s_range_too() -> None:
    """``a`` is a percentage (1.500 is 1.5 there) that ``b`` reads with an open range (1500
    fits it): the text is ambiguous for ``b``, so refused, by the compiled code itself as by
    the reference (the readers' ranges count in the compiled test, ``Generator.grouped``)."""
    rubric = parse_rubric(
        TEMPLATE.format(rule=RULES["percent"]).replace(
            "  - {id: b, title: B, rule: {kind: boolean, points: 1}}",
            "  - {id: b, title: B, answer_from: a, "
            "rule: {kind: bands, bands: [{min: 0, max: 1500, points: 1}, {min: 1500, points: 2}]}}",
        )
    )
    fast = rubric._fast
    assert fast is not None
    for text in ("1.500", Decimal("1.500")):
        with pytest.raises(AssessmentError) as reference:
            rubric.evaluate({"a": text}, engine="reference")
        with pytest.raises(AssessmentError) as through_fast:
            rubric.evaluate({"a": text}, engine="fast")
        assert [p.message for p in through_fast.value.problems] == [
            p.message for p in reference.value.problems
        ]
        with pytest.raises(Fallback):  # the compiled code hands it to the reference
            fast.result({"a": text}, {}, False, None, None)
    # 72.5 is read alike by both, by the compiled code itself
    assert fast.result({"a": "72.5"}, {}, False, None, None) == rubric.evaluate(
        {"a": "72.5"}, engine="reference"
    )


# --- a group scored directly ------------------------------------------------------------------

GROUP = """\
format: 1
id: gd
version: "1"
title: GD
criteria:
  - id: a
    title: A
    direct: true
    children:
      - {{id: a1, title: A1, max: {top}, rule: {{kind: direct}}}}
      - {{id: a2, title: A2, rule: {{kind: boolean, points: 1}}}}
  - {{id: b, title: B, rule: {{kind: boolean, points: 1}}}}
tiers: []
"""

#: a group's score is a number answer from 0 to its maximum: 1.500 is refused where 1500 is a
#: score the group can have too (its maximum 1000 or more), read as 1.5 where it is not
GROUPS = {"big": 99999, "edge": 1499, "small": 99}


def group_of(name: str) -> Rubric:
    return parse_rubric(GROUP.format(top=GROUPS[name]))


def group_refuses(name: str, text: str) -> bool:
    """Whether the docs say ``text`` given as the score of ``a`` is refused as ambiguous: a dot
    then groups of three digits, its thousands reading within 0 to the group's maximum."""
    core = text.strip()
    core = core[:-1].rstrip() if core.endswith("%") else core
    if not re.fullmatch(r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+", core) or core.count(".") > 1:
        return False
    return 0 <= Fraction(core.replace(".", "")) <= GROUPS[name] + 1


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        ("big", "1.500", True),
        ("big", Decimal("1.500"), True),
        ("big", "12.000", True),
        ("big", "1.5", False),
        ("big", "0.500", False),
        ("edge", "1.500", True),  # the maximum is 1500 (1499 + 1)
        ("edge", "1.501", False),  # 1501 is no score of the group: only 1.501 is meant
        ("small", "1.500", False),  # at most 100 points: 1.500 is 1.5
    ],
)
def test_a_group_score_is_refused_where_its_thousands_reading_is_a_score(
    name: str, text: object, refused: bool
) -> None:
    rubric = group_of(name)
    messages = []
    for engine in ("fast", "reference"):
        outcome = by_api(rubric, text, engine)
        assert outcome[0] == ("problem" if refused else "value"), (engine, text)
        if refused:
            assert outcome[1] == ["answer.invalid"]
            messages.append(problems(rubric, text, engine))
        else:
            assert rubric.evaluate({"a": text, "b": True}, engine=engine).nodes["a"].score == (
                Fraction(str(text))
            )
    if refused:
        assert messages[0] == messages[1]
        written = repr(text) if isinstance(text, str) else str(text)
        assert messages[0] == [
            f"{written} is ambiguous in the allowed range 0 to {GROUPS[name] + 1}; "
            + str(messages[0][0]).split("; ", 1)[1]
        ]
        assert "it could mean" in messages[0][0]


@pytest.mark.parametrize("name", sorted(GROUPS))
@settings(max_examples=15, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=15))
@example(texts=["1.500", "1.5", "1.500", "1.501", "1.499", "72.500", "12.000", "1.500%"])
def test_a_group_score_means_the_same_in_every_reader(
    name: str, texts: list[str], tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("group")
    every_reader_agrees(group_of(name), texts, folder, lambda text: group_refuses(name, text))


def test_an_integer_fact_says_a_whole_number_is_asked_for() -> None:
    """``12.500`` for an integer fact is no "1.5 or 1500" case: 12.5 is not whole, so only
    the thousands reading is offered (as a count says it)."""
    rubric = parse_rubric(FACT.replace("type: number", "type: integer"))
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": True}, facts={"dan_so": "12.500"}, engine=engine)
        assert caught.value.problems[0].message == (
            "the fact 'dan_so' must be a whole number, got '12.500'; write 12500 if the dot "
            "separates thousands (a dot is a decimal point, and 12.5 is not a whole number)"
        )


def test_a_group_score_s_problem_holds_its_place_and_value() -> None:
    rubric = group_of("big")
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": {"value": "1.500"}, "b": True}, engine=engine)
        (problem,) = caught.value.problems
        assert (problem.code, problem.path, problem.where) == (
            "answer.invalid",
            ("answers", "a"),
            "$.answers.a",
        )
        assert problem.value == "1.500"  # the score as given, out of its mapping


OPEN_BANDS = {
    "kind": "bands",
    "bands": [{"min": 0, "max": 1500, "points": 1}, {"min": 1500, "points": 2}],
}
PERCENT_BANDS = {
    "kind": "bands",
    "range": {"min": 0, "max": 100},
    "bands": [{"max": 72.5, "points": 0}, {"min": 72.5, "points": 1}],
}


def test_a_reader_hidden_by_a_direct_score_refuses_it_too() -> None:
    """``b`` reads the percentage ``a`` with an open range, inside a group scored directly:
    ``b``'s own code never runs, so ``a``'s test must hold ``b``'s range (``Generator.grouped``
    passes the readers): the compiled code hands ``1.500`` to the reference, which refuses it,
    instead of scoring ``a`` as 1.5."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {"id": "a", "title": "A", "rule": PERCENT_BANDS},
                {
                    "id": "g",
                    "title": "G",
                    "direct": True,
                    "max": 2,
                    "children": [{"id": "b", "title": "B", "answer_from": "a", "rule": OPEN_BANDS}],
                },
            ],
        }
    )
    fast = rubric._fast
    assert fast is not None
    for text in ("1.500", Decimal("1.500")):
        answers = {"a": text, "g": 1}
        for engine in ("fast", "reference"):
            with pytest.raises(AssessmentError) as refused:
                rubric.evaluate(answers, engine=engine)
            assert [p.code for p in refused.value.problems] == ["answer.invalid"]
        with pytest.raises(Fallback):
            fast.result(answers, {}, False, None, None)
        with pytest.raises(Fallback):
            fast.verdict(answers, {}, False)
    # 72.5 is read alike by both, by the compiled code itself
    answers = {"a": "72.5", "g": 1}
    assert fast.result(answers, {}, False, None, None) == rubric.evaluate(
        answers, engine="reference"
    )


def handed_over(rubric: Rubric, answers: dict[str, Any]) -> tuple[list[str], Any]:
    """The criteria the compiled full scorer hands to the reference one by one (``_slow``),
    and its result (or ``Fallback``).  ``rubric`` must not have scored anything yet."""
    fast = rubric._fast
    assert fast is not None
    read: list[str] = []
    slow = fast._helper_table["_slow"]
    assert callable(slow)

    def spy(i: int, *args: Any) -> Any:
        read.append(fast.order[i].id)
        return slow(i, *args)

    fast._helper_table["_slow"] = spy
    try:
        return read, fast.result(answers, {}, False, None, None)
    except Fallback:
        return read, Fallback


@pytest.mark.parametrize("text", ["1.500", Decimal("1.500"), "12.000"])
def test_an_ambiguous_text_is_handed_to_the_reference_by_its_criterion(text: object) -> None:
    # the compiled test (grouped_test) says 1.500 is refused, and the code hands that one
    # answer to the reference (which refuses it: Fallback); a test that broke (raised) would
    # give up on the whole assessment instead, handing nothing over
    # (the entry scorer, then the general one, each hand it over)
    read, outcome = handed_over(rubric_of("open"), {"a": text, "b": True})
    assert (set(read), outcome) == ({"a"}, Fallback)


@pytest.mark.parametrize("text", ["1.501", Decimal("1.501")])
def test_a_grouped_text_the_range_reads_one_way_is_scored_by_the_compiled_code(
    text: object,
) -> None:
    # 1501 is out of the range: 1.501 is only 1.501, scored by the compiled code itself
    rubric = rubric_of("edge")
    expected = rubric_of("edge").evaluate({"a": text, "b": True}, engine="reference")
    assert handed_over(rubric, {"a": text, "b": True}) == ([], expected)


def _whole() -> Rubric:
    """Two criteria read as whole numbers of items (``Emitter.whole``), nothing remembered."""
    return parse_rubric(
        """\
format: 1
id: whole
version: "1"
title: Whole numbers of items
criteria:
  - {id: d, title: D, rule: {kind: deduction, per_item: 1, start: 5}}
  - {id: c, title: C, rule: {kind: count, per_item: 1, max_items: 3}}
tiers: [{id: t1, label: One, rank: 1, min: 1}]
"""
    )


@pytest.mark.parametrize(
    "answers",
    [
        {"d": "2.000", "c": 1},  # 2 or 2 thousand: refused, whatever the range
        {"d": 2, "c": Decimal("1.000")},
        {"d": Decimal("2.000"), "c": " 1.000 "},
    ],
)
def test_a_whole_number_with_three_places_is_refused_by_the_compiled_code(
    answers: dict[str, Any],
) -> None:
    # (fifteenth round: Generator._leaf_value's mutant 347, a whole number's test of a dot
    # that may group thousands (``_DOTG``) replaced by the rule's own test of its range,
    # survived) a count or deduction given 2.000 gets the reference's problem from the
    # compiled code too, though 2000 is past the rule's range
    rubric = _whole()
    problems = []
    for engine in ("reference", "fast"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(answers, engine=engine)
        problems.append([p.format() for p in caught.value.problems])
    assert problems[0] == problems[1]
    assert "2 thousand" in problems[0][0] or "1 thousand" in problems[0][0]


def test_a_whole_number_with_a_dot_is_scored_by_the_compiled_verdict() -> None:
    # (fifteenth round: mutants 349 and 350, the name of that test misspelt in the written
    # code, survived: the NameError handed the answer to the reference) 2.0 and 1.50 are read
    # by the compiled verdict itself, as the reference reads them
    rubric = _whole()
    fast = rubric._fast
    assert fast is not None
    for answers in ({"d": "2.0", "c": "1.0"}, {"d": " 3.00 ", "c": Decimal("2.0")}):
        reference = rubric.evaluate(answers, engine="reference")
        assert fast.verdict(answers, {}, False)[:3] == (
            reference.total,
            reference.certified,
            reference.tier,
        )


def test_three_places_where_no_thousands_reading_fits_stay_in_the_compiled_verdict() -> None:
    # (fifteenth round: Generator._leaf_value's mutant 348, every rule given the whole
    # numbers' test of a dot that may group thousands (``_DOTG``), survived: 1.500 was handed
    # to the reference) where 1500 is past the range, 1.500 can only be 1.5: the compiled
    # verdict scores it itself, as the reference does (a gate reads the answer: it is read
    # exactly, not as a float compared)
    rubric = parse_rubric(
        """\
format: 1
id: places
version: "1"
title: Places
criteria:
  - id: b
    title: B
    rule:
      kind: bands
      range: {min: 0, max: 100}
      bands: [{max: 1, points: 0}, {min: 1, points: 2}]
gates: [{id: k, title: K, require: {answer: b, at_least: 1}}]
tiers: [{id: t1, label: One, rank: 1, min: 1}]
"""
    )
    fast = rubric._fast
    assert fast is not None
    for answers in ({"b": "1.500"}, {"b": Decimal("1.500")}, {"b": " 0.250 "}):
        reference = rubric.evaluate(answers, engine="reference")
        assert fast.verdict(answers, {}, False)[:3] == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    assert fast._scored == {}  # the reference scored none of them for the compiled code
