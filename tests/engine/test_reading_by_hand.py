"""How the reference reads answers and facts, and how it scores what it read, held to examples
worked out by hand: each problem's code, path and message, each leaf's status, score and detail.

These are the functions both evaluators share (``read_leaf``, ``read_direct``, ``parse_fact``,
``tell_penalties``, ``explain_failures``...), so the comparison of the two evaluators cannot see
a mistake in them; the expected values here are written out, not computed by the engine.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from tiercert import Rubric, rubric_from_mapping
from tiercert._reference import Answer, Inputs, parse_fact, read_answers
from tiercert.errors import AssessmentError

F = Fraction


def rubric(*criteria: dict[str, Any], **extra: Any) -> Rubric:
    data: dict[str, Any] = {"format": 1, "id": "t", "version": "1", "title": "T"}
    data["criteria"] = list(criteria)
    data.update(extra)
    return rubric_from_mapping(data)


def leaf(nid: str, points: Any, **extra: Any) -> dict[str, Any]:
    """A yes/no criterion worth ``points``."""
    return {"id": nid, "title": nid, "rule": {"kind": "boolean", "points": points}, **extra}


def problems(r: Rubric, answers: dict[str, Any], **kw: Any) -> list[tuple[str, str, str]]:
    """(code, path, message) of each problem the reference finds in ``answers``."""
    with pytest.raises(AssessmentError) as caught:
        r.evaluate(answers, engine="reference", **kw)
    return [(p.code, ".".join(map(str, p.path)), p.message) for p in caught.value.problems]


def test_a_yes_no_answer_scores_its_points() -> None:
    r = rubric(leaf("a", 2))
    assert r.evaluate({"a": True}, engine="reference").total == F(2)


# --- reading answers (read_answers, _unknown, read_direct, read_leaf) -----------------------

MISSING = (
    "no answer for {!r}; answer it, or score missing answers as zero ('scoring: "
    "{{missing: zero}}' in the rubric, or --missing zero; missing='zero' in Python)"
)


def read(
    r: Rubric, answers: dict[str, Any], facts: dict[str, Any] | None = None, *, zero: bool = True
) -> tuple[Inputs, list[tuple[str, tuple[str, ...], str, object]]]:
    """What ``read_answers`` read, and each problem as (code, path, message, value), in the
    order it found them."""
    inputs, found = read_answers(r._plan, answers, facts or {}, missing_is_zero=zero)
    return inputs, [(p.code, tuple(map(str, p.path)), p.message, p.value) for p in found]


def shared_rubric() -> Rubric:
    """``a`` (2 points), ``g`` (scored directly, or from g1 and the group g2 below it, which may
    be scored directly too), ``c`` (computed from the fact ``f``) and ``s`` (reads a's answer)."""
    return rubric(
        leaf("a", 2),
        group(
            "g",
            leaf("g1", 1),
            group("g2", leaf("g21", 1), direct=True),
            direct=True,
        ),
        {
            "id": "c",
            "title": "c",
            "rule": {"kind": "condition", "points": 1, "when": {"fact": "f", "equals": True}},
        },
        leaf("s", 1, answer_from="a", na={"counts_as": "excluded"}),
        leaf("h", 1),
        facts=[{"id": "f", "title": "f", "type": "boolean", "default": False}],
    )


def group(nid: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "children": list(children), **extra}


def test_each_answer_problem_said_in_full_and_the_rest_read() -> None:
    r = shared_rubric()
    inputs, found = read(
        r,
        {
            "zz": 1,  # unknown first: the answers after it are still read
            "ab": None,  # unknown even with no value
            "a": {"value": "yes", "justification": "j", "url": "http://x"},
            "c": True,
            "s": True,
            "g": "1.5",
            "g1": True,
            "g2": 1,
            "h": "maybe",
            "f": True,
        },
    )
    assert found == [
        (
            "answer.unknown",
            ("answers", "zz"),
            "the rubric has no criterion 'zz'; remove it or fix the id",
            None,
        ),
        (
            "answer.unknown",
            ("answers", "ab"),
            "the rubric has no criterion 'ab'; did you mean 'a'?",
            None,
        ),
        (
            "answer.unknown",
            ("answers", "f"),
            "the rubric has no criterion 'f'; it is a fact, put it under 'facts:'",
            None,
        ),
        (
            "answer.computed",
            ("answers", "c"),
            "'c' is computed by the rubric; remove this answer",
            True,
        ),
        (
            "answer.shared",
            ("answers", "s"),
            "'s' is scored from the answer to 'a'; answer 'a' instead and remove this one",
            True,
        ),
        (
            "answer.invalid",
            ("answers", "h"),
            "expected true or false (yes/no), got 'maybe'",
            "maybe",
        ),
        # g is given directly: what is below it must not be answered, a group scored directly
        # below it included
        (
            "answer.conflict",
            ("answers", "g1"),
            "'g' is scored directly, so its criterion 'g1' "
            "must not be answered too; keep one of them",
            None,
        ),
        (
            "answer.conflict",
            ("answers", "g2"),
            "'g' is scored directly, so its criterion 'g2' "
            "must not be answered too; keep one of them",
            None,
        ),
    ]
    assert inputs.leaves == {"a": Answer(True, "j", "http://x"), "g1": Answer(True)}
    assert inputs.direct == {"g": F(3, 2), "g2": F(1)}
    assert inputs.facts == {"f": False}  # an answer named like a fact is no fact


def test_the_decimal_comma_of_yaml_is_named() -> None:
    # {a: 17,5} in YAML flow style is a: 17 and a key "5" with no value
    r = rubric(leaf("a", 2), leaf("b", 1))
    hint = (
        "the rubric has no criterion '5'; if it is the decimal part of a: 17,5 (YAML reads "
        "the comma as a separator), write 17.5 with a dot"
    )
    assert read(r, {"a": 17, "5": None, "b": True})[1][0] == (
        "answer.unknown",
        ("answers", "5"),
        hint,
        None,
    )
    # the key before may be unknown too; only a whole number (not true, not 17.5, not text)
    # before an all-digit ASCII key is taken for a decimal comma
    assert read(r, {"x": 3, "25": None}, zero=True)[1][1][2] == (
        "the rubric has no criterion '25'; if it is the decimal part of x: 3,25 (YAML reads the "
        "comma as a separator), write 3.25 with a dot"
    )
    plain = "the rubric has no criterion '{}'; remove it or fix the id"
    for answers in (
        {"5": None},
        {"b": True, "5": None},
        {"a": F(17), "5": None},
        {"a": "17", "5": None},
        {"a": 17, "5x": None},
        {"a": 17, "٥": None},  # an Arabic-Indic five: a digit, not ASCII
    ):
        key = list(answers)[-1]
        unknown = [m for code, _, m, _ in read(r, answers)[1] if code == "answer.unknown"]
        assert unknown == [plain.format(key)], answers


def test_a_group_scored_directly_is_read_from_0_to_its_maximum() -> None:
    r = shared_rubric()
    accepted: list[tuple[object, Fraction]] = [(0, F(0)), ("2", F(2)), ({"value": "0.5"}, F(1, 2))]
    for given, score in accepted:
        inputs, found = read(r, {"a": True, "g": given, "c": None, "h": True})
        assert found == [], given
        assert inputs.direct == {"g": score}, given
    refused: list[tuple[object, str]] = [
        (-1, "-1"),
        (F(5, 2), "2.5"),
        ("3", "'3'"),
        ({"value": 3}, "3"),
    ]
    for given, got in refused:
        inputs, found = read(r, {"g": given})
        assert found == [
            (
                "answer.range",
                ("answers", "g"),
                f"the score of 'g' must be a number from 0 to 2, got {got}",
                given["value"] if isinstance(given, dict) else given,
            )
        ], given
        assert inputs.direct == {}
    # not a number: what to write instead
    assert read(r, {"g": "1,5"})[1] == [
        (
            "answer.range",
            ("answers", "g"),
            "the score of 'g' must be a number from 0 to 2, got "
            "'1,5'; use a dot for decimals: write 1.5, or declare that the answers write "
            "decimals with a comma (--decimal-comma; decimal_separator=',' in Python)",
            "1,5",
        )
    ]
    assert read(r, {"g": {"value": 1, "by": "x"}})[1] == [
        (
            "answer.invalid",
            ("answers", "g"),
            "unknown key 'by' in the answer; use value, justification, url or note",
            {"value": 1, "by": "x"},
        )
    ]
    # a group the rubric does not let score directly
    r2 = rubric(group("k", leaf("k1", 1)))
    assert read(r2, {"k": 1, "k1": True})[1] == [
        (
            "answer.group",
            ("answers", "k"),
            "'k' is a group: answer its criteria (the rubric does not allow scoring it directly)",
            1,
        )
    ]


def test_what_is_missing_is_zero_or_a_problem_where_it_was_left_blank() -> None:
    r = shared_rubric()
    # a group scored directly replaces its criteria, even with a score out of range
    inputs, found = read(r, {"a": None, "g": 7, "h": True}, zero=False)
    assert found == [
        (
            "answer.range",
            ("answers", "g"),
            "the score of 'g' must be a number from 0 to 2, got 7",
            7,
        ),
        ("answer.missing", ("answers", "a"), MISSING.format("a"), None),  # left blank: there
    ]
    inputs, found = read(r, {"h": True}, zero=False)
    assert [(code, path) for code, path, _, _ in found] == [
        ("answer.missing", ("answers",)),
        ("answer.missing", ("answers",)),
        ("answer.missing", ("answers",)),
    ]
    assert [message for _, _, message, _ in found] == [
        MISSING.format(n) for n in ("a", "g1", "g21")
    ]
    inputs, found = read(r, {"a": None, "g2": "1", "h": True})
    assert found == []
    assert inputs.direct == {"g2": F(1)}
    assert inputs.leaves == {"h": Answer(True)}
    # scored as zero, and said to be missing (g21 lies under g2, scored directly: not shown)
    result = r.evaluate({"a": None, "g2": "1", "h": True}, engine="reference", missing="zero")
    assert {n.id: n.status for n in result.nodes.values() if n.status == "missing"} == {
        "a": "missing",
        "g1": "missing",
        "s": "missing",
    }


def test_not_applicable_is_read_when_a_reader_allows_it() -> None:
    r = shared_rubric()
    inputs, found = read(r, {"a": {"value": "na", "justification": "j", "url": "u"}, "h": "na"})
    # a's own rule has no N/A, but s (which reads a's answer) has
    assert inputs.leaves == {"a": Answer("na", "j", "u")}
    assert found == [
        (
            "answer.na",
            ("answers", "h"),
            "'h' cannot be marked not applicable; give a real answer",
            "na",
        )
    ]
    # a leaf's own N/A
    inputs, found = read(r, {"s": "N/A"})
    assert found[0][0] == "answer.shared"


# --- facts (parse_fact, _read_facts) ---------------------------------------------------------


def facts_rubric() -> Rubric:
    return rubric(
        leaf("a", 1),
        facts=[
            {"id": "fb", "title": "x", "type": "boolean"},
            {"id": "fn", "title": "x", "type": "number"},
            {"id": "fi", "title": "x", "type": "integer"},
            {"id": "fc", "title": "x", "type": "choice", "options": ["xã", "phường"]},
            {"id": "ft", "title": "x", "type": "text", "default": "mặc định"},
        ],
    )


def test_each_fact_read_as_its_type() -> None:
    r = facts_rubric()
    decomposed = unicodedata.normalize("NFD", "phường")
    assert decomposed != "phường"
    inputs, found = read(
        r,
        {"a": True},
        {"zz": 1, "fb": "có", "fn": "-2.5", "fi": "4.0", "fc": decomposed, "ft": "Hà Nội"},
    )
    assert found == [
        (
            "fact.unknown",
            ("facts", "zz"),
            "the rubric has no fact 'zz'; remove it or fix the id",
            None,
        )
    ]
    assert inputs.facts == {"fb": True, "fn": F(-5, 2), "fi": F(4), "fc": "phường", "ft": "Hà Nội"}
    assert type(inputs.facts["fi"]) is Fraction
    inputs, found = read(
        r, {"a": True}, {"fb": False, "fn": 0, "fi": -3, "fc": "xã", "ft": "Hà Nội"}
    )
    assert found == []
    assert inputs.facts == {
        "fb": False,
        "fn": F(0),
        "fi": F(-3),
        "fc": "xã",
        "ft": "Hà Nội",
    }
    # a text fact's value in NFC
    inputs, _ = read(r, {"a": True}, {"fb": 1, "fn": 1, "fi": 1, "fc": "xã", "ft": decomposed})
    assert inputs.facts["ft"] == "phường"
    assert inputs.facts["fb"] is True


def test_each_fact_problem_said_in_full() -> None:
    r = facts_rubric()
    given = {"fb": "1,5", "fn": "1,5", "fi": "1.5", "fc": "thị trấn", "ft": 5, "a": True}
    inputs, found = read(r, {"a": True}, given)
    assert found == [
        (
            "fact.unknown",
            ("facts", "a"),
            "the rubric has no fact 'a'; it is a criterion, put it under 'answers:'",
            None,
        ),
        ("fact.invalid", ("facts", "fb"), "the fact 'fb' must be true or false, got '1,5'", "1,5"),
        (
            "fact.invalid",
            ("facts", "fn"),
            "the fact 'fn' must be a number, got '1,5'; use a dot for decimals: write 1.5"
            ", or declare that the answers write decimals with a comma (--decimal-comma; "
            "decimal_separator=',' in Python)",
            "1,5",
        ),
        ("fact.invalid", ("facts", "fi"), "the fact 'fi' must be a whole number, got '1.5'", "1.5"),
        (
            "fact.invalid",
            ("facts", "fc"),
            "the fact 'fc' must be one of: xã, phường, got 'thị trấn'",
            "thị trấn",
        ),
        ("fact.invalid", ("facts", "ft"), "the fact 'ft' must be text, got 5", 5),
    ]
    # a fact refused is not missing too, and not given its default
    assert inputs.facts == {}
    assert read(r, {"a": True}, {"fi": F(5, 2), "fc": 1, "fb": "yes"})[1][0][2] == (
        "the fact 'fi' must be a whole number, got 2.5"
    )


def test_a_fact_not_given_takes_its_default_or_is_missing_where_it_was_left_blank() -> None:
    r = facts_rubric()
    inputs, found = read(r, {"a": True}, {"fb": None, "fn": 1, "ft": None})
    assert found == [
        (
            "fact.missing",
            ("facts", "fb"),
            "no value for the fact 'fb'; give it under 'facts:' in an assessment file, or in "
            "its column in a sheet",
            None,
        ),
        (
            "fact.missing",
            ("facts",),
            "no value for the fact 'fi'; give it under 'facts:' in an assessment file, or in "
            "its column in a sheet",
            None,
        ),
        (
            "fact.missing",
            ("facts",),
            "no value for the fact 'fc'; give it under 'facts:' in an assessment file, or in "
            "its column in a sheet",
            None,
        ),
    ]
    assert inputs.facts == {"fn": F(1), "ft": "mặc định"}


def test_the_answers_and_facts_of_some_ids_read_alone() -> None:
    """``read_answers(..., only=ids)`` (a batch's refused cells, read alone): only these ids'
    answers and facts are read and said missing; every other non-empty answer only says
    which groups were scored directly (an empty one scores nothing: its criteria are
    missing, as in the whole reading)."""
    r = rubric(
        leaf("a", 1),
        group("g", leaf("g1", 1), direct=True),
        leaf("h", 1),
        facts=[
            {"id": "fb", "title": "x", "type": "boolean"},
            {"id": "ft", "title": "x", "type": "text", "default": "mặc định"},
            {"id": "fi", "title": "x", "type": "integer"},
        ],
    )
    plan = r._plan
    missing_fi = (
        "no value for the fact 'fi'; give it under 'facts:' in an assessment file, or in its "
        "column in a sheet"
    )
    # g left blank scores nothing, so g1 is missing; h (missing), fb (not a yes/no) and ft
    # (its default) are not these ids': not read, not said missing
    inputs, found = read_answers(
        plan,
        {"a": True, "g": "", "g1": None, "h": None},
        {"fb": "maybe", "fi": None},
        missing_is_zero=False,
        only=frozenset({"g1", "fi"}),
    )
    assert [(p.code, p.path, p.message) for p in found] == [
        ("answer.missing", ("answers", "g1"), MISSING.format("g1")),
        ("fact.missing", ("facts", "fi"), missing_fi),
    ]
    assert (inputs.leaves, inputs.direct, inputs.facts) == ({}, {}, {})
    # g given (not one of the ids) is scored directly: g1 below it is not missing
    inputs, found = read_answers(
        plan,
        {"a": True, "g": "1", "h": True},
        {"fb": True, "fi": "2"},
        missing_is_zero=False,
        only=frozenset({"g1", "fi"}),
    )
    assert found == []
    assert (inputs.leaves, inputs.direct, inputs.facts) == ({}, {}, {"fi": F(2)})
    # g one of the ids but given no score: not scored directly, so g1 below it is read and
    # said missing, as the whole reading says (found by the batch property over drawn rubrics)
    for g in ("", None, "  "):
        _, found = read_answers(
            plan, {"a": True, "g": g, "h": True}, {}, missing_is_zero=False, only=frozenset({"g"})
        )
        assert [(p.code, p.path, p.message) for p in found] == [
            ("answer.missing", ("answers",), MISSING.format("g1"))
        ]
    # g1 answered beside it is read as the whole reading reads it: a bad answer said bad
    _, found = read_answers(
        plan, {"g": "", "g1": "tốtt"}, {}, missing_is_zero=False, only=frozenset({"g"})
    )
    assert [(p.code, p.path) for p in found] == [("answer.invalid", ("answers", "g1"))]


def test_a_group_of_the_ids_given_a_score_leaves_its_criteria_unread() -> None:
    """Only a group of ``only`` given *no* score has its criteria read with it: one given a
    score (a batch's refused group cell) is read alone, its criteria's answers, good or bad,
    neither read nor said missing (mutants 7 and 8 of ``read_answers``, sixteenth round, read
    them for every group of the ids)."""
    r = rubric(leaf("a", 1), group("g", leaf("g1", 1), leaf("g2", 1), direct=True))
    for g, direct, problems in (("1", {"g": F(1)}, []), ("5", {}, ["answer.range"])):
        inputs, found = read_answers(
            r._plan,
            {"a": True, "g": g, "g1": "tốtt", "g2": True},
            {},
            missing_is_zero=False,
            only=frozenset({"g"}),
        )
        assert [(p.code, p.path) for p in found] == [(code, ("answers", "g")) for code in problems]
        assert (inputs.leaves, inputs.direct) == ({}, direct)


def test_parse_fact_by_hand() -> None:
    plan = facts_rubric()._plan
    cases = [
        ("fb", True, True),
        ("fb", 0, False),
        ("fb", "không", False),
        ("fb", 2, None),
        ("fn", "7", F(7)),
        ("fn", F(1, 3), F(1, 3)),
        ("fn", True, None),
        ("fn", "x", None),
        ("fi", 7, F(7)),
        ("fi", "-0", F(0)),
        ("fi", "0.5", None),
        ("fi", None, None),
        ("fc", "xã", "xã"),
        ("fc", "Xã", None),
        ("fc", 1, None),
        ("ft", "", ""),
        ("ft", 1, None),
        ("ft", None, None),
    ]
    for fid, raw, expected in cases:
        got = parse_fact(plan.facts[fid], raw)
        assert got == expected, (fid, raw, got)
        assert type(got) is type(expected), (fid, raw, got)


def test_an_integer_fact_says_what_to_write() -> None:
    r = facts_rubric()
    given = {"fb": True, "fn": 1, "fc": "xã", "fi": "1 000"}
    assert read(r, {"a": True}, given)[1] == [
        (
            "fact.invalid",
            ("facts", "fi"),
            "the fact 'fi' must be a whole number, got '1 000'; numbers have no spaces inside: "
            "write 1000",
            "1 000",
        )
    ]


def test_an_answer_must_suit_every_criterion_that_reads_it() -> None:
    # b reads a's answer with narrower bands: 7 suits a, not b
    r = rubric(
        {"id": "a", "title": "a", "rule": {"kind": "bands", "bands": [
            {"min": 0, "max": 10, "points": 1}]}},
        {"id": "b", "title": "b", "answer_from": "a", "rule": {"kind": "bands", "bands": [
            {"min": 0, "max": 5, "points": 1}]}},
    )  # fmt: skip
    inputs, found = read(r, {"a": 7})
    assert found == [
        ("answer.invalid", ("answers", "a"), "7 is outside the allowed range 0 to 5 (as read by "
         "'b')", 7)
    ]  # fmt: skip
    assert inputs.leaves == {}
    inputs, found = read(r, {"a": {"value": 5, "justification": "j"}})
    assert found == []
    assert inputs.leaves == {"a": Answer(F(5), "j")}
    # a malformed answer: the whole of it is the problem's value
    inputs, found = read(r, {"a": {"value": 7, "x": 1}})
    assert found == [
        ("answer.invalid", ("answers", "a"), "unknown key 'x' in the answer; use value, "
         "justification, url or note", {"value": 7, "x": 1})
    ]  # fmt: skip


def test_an_unknown_key_that_is_no_text_is_named_as_messages_show_numbers() -> None:
    # a YAML key can be a number; one of 5,000 digits has no text of its own (writing it
    # raises), so it is named in words
    r = rubric(leaf("a", 2), leaf("b", 1))
    five: dict[Any, Any] = {5: None, "a": True, "b": True}
    assert read(r, five)[1] == [
        (
            "answer.unknown",
            ("answers", "5"),
            "the rubric has no criterion 5; remove it or fix the id",
            None,
        )
    ]
    words = "a number of more than 1,000 digits"
    long: dict[Any, Any] = {10**5000: None, "a": True, "b": True}
    assert read(r, long)[1] == [
        (
            "answer.unknown",
            ("answers", words),
            f"the rubric has no criterion {words!r}; remove it or fix the id",
            None,
        )
    ]


def test_1_500_as_a_number_fact_and_as_an_integer_fact() -> None:
    # a number fact (a size) refuses 1.500 as ambiguous; an integer fact says what to write
    r = facts_rubric()
    for fid, message in (
        (
            "fn",
            "the fact 'fn' must be a number, got '1.500'; it could mean 1.5 or 1500: write 1.5 "
            "for 1.5, 1500 for 1500 (a dot is a decimal point; numbers have no thousands "
            "separator)",
        ),
        (
            "fi",
            "the fact 'fi' must be a whole number, got '1.500'; write 1500 if the dot separates "
            "thousands (a dot is a decimal point, and 1.5 is not a whole number)",
        ),
    ):
        given = {"fb": True, "fn": 1, "fc": "xã", "fi": 1, fid: "1.500"}
        assert read(r, {"a": True}, given)[1] == [
            ("fact.invalid", ("facts", fid), message, "1.500")
        ]


def test_a_level_is_named_by_text_a_number_or_a_decimal_not_yes_no() -> None:
    # a float (a numeric cell) names the level that is its number; true is no name
    r = rubric(
        {
            "id": "a",
            "title": "a",
            "rule": {
                "kind": "levels",
                "levels": [
                    {"id": "1.5", "points": 2},
                    {"id": "True", "points": 1},
                    {"id": "x", "points": 0},
                ],
            },
        }
    )
    for given, name in ((Decimal("1.5"), "1.5"), ("1.5", "1.5"), ("true", "True"), (1.5, "1.5")):
        inputs, found = read(r, {"a": given})
        assert (found, inputs.leaves["a"].value) == ([], name), given
    refused: list[tuple[object, str, str]] = [(True, "true", "True")]
    for wrong, shown, near in refused:
        message = f"{shown} is not one of the levels: 1.5, True, x; did you mean {near!r}?"
        assert read(r, {"a": wrong})[1] == [("answer.invalid", ("answers", "a"), message, wrong)]


def test_an_answer_with_no_text_of_its_own_is_offered_the_level_it_is_near() -> None:
    # an infinite float and bytes have no text (no loose match is tried): the level their
    # words are near is still offered, by the answer's str
    r = rubric(
        {
            "id": "a",
            "title": "a",
            "rule": {
                "kind": "levels",
                "levels": [{"id": "info", "points": 2}, {"id": "x", "points": 0}],
            },
        }
    )
    for wrong, shown in ((float("inf"), "inf"), (b"inf", "b'inf'")):
        message = f"{shown} is not one of the levels: info, x; did you mean 'info'?"
        assert read(r, {"a": wrong})[1] == [("answer.invalid", ("answers", "a"), message, wrong)]
