"""The compiled leaf (``Generator._leaf_value``) by hand: which answers the generated code
scores itself and which it hands to the reference one by one (``_slow``), and what it
remembers of an answer it read.  Every case here must also give the reference's results;
a case that must stay compiled is watched through the scorers' ``_slow`` (as
``test_shared_helpers.reference_reads`` does), so code written for it that hands it over
instead, or no longer compiles, fails here rather than silently falling back."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import pytest
from test_remembered_points import _check
from test_shared_helpers import _levels, direct, leaf, reference_reads, rubric, verdict_reads

from tiercert import Rubric
from tiercert._fast.evaluator import forget_answers
from tiercert._fast.numbers import EXACTS, FLOATS, IMAGES

D = Decimal
SATISFIED = {"counts_as": "satisfied"}


def _read_by(reader: dict[str, Any], nid: str, value: Any) -> dict[str, Any]:
    condition = {"kind": "condition", "points": 2, "when": {"answer": nid, "equals": value}}
    return {**reader, "rule": condition}


def _flag_read(value: bool) -> Rubric:
    """A yes/no whose answer a condition reads (the value read is kept for it)."""
    return rubric(leaf("e", 1, na=SATISFIED), _read_by({"id": "c", "title": "c"}, "e", value))


@pytest.mark.parametrize("answer", [True, False, "yes", " No ", 1, 0, "na"])
@pytest.mark.parametrize("value", [True, False])
def test_a_yes_no_a_condition_reads_is_kept_for_it(value: bool, answer: object) -> None:
    # the verdict reads yes and no, their words, 1 and 0 itself, and keeps the value read for
    # the condition (the full scorer hands the words to the reference: its results show them)
    reads = reference_reads(_flag_read(value), {"e": answer})
    assert reads == ([] if answer is True or answer is False else ["e"])
    assert verdict_reads(_flag_read(value), {"e": answer}) == []


@pytest.mark.parametrize(
    "answers", [{"e": True, "f": False}, {"e": False, "f": True}, {"e": False, "f": "na"}]
)
def test_yes_and_no_are_scored_by_the_generated_code(answers: dict[str, Any]) -> None:
    def made() -> Rubric:
        return rubric(leaf("e", 1), leaf("f", 2, na=SATISFIED))

    assert reference_reads(made(), answers) == (["f"] if answers["f"] == "na" else [])
    assert verdict_reads(made(), answers) == []


@pytest.mark.parametrize("answer", [1, 0, "có", " YES ", "na"])
def test_a_yes_no_typed_as_a_word_or_a_number_is_read_by_the_verdict(answer: object) -> None:
    def made() -> Rubric:
        return rubric(leaf("e", 1, na=SATISFIED), leaf("f", 2))

    assert verdict_reads(made(), {"e": answer, "f": answer if answer != "na" else 1}) == []


@pytest.mark.parametrize("word", ["yes", " No ", "na"])
def test_a_word_for_a_yes_no_that_needs_evidence_scores_as_the_reference(word: str) -> None:
    # its evidence is checked inline: the words are not in the tables of plain answers (the
    # verdict may hand them over or read them from its memo of mappings; either way the
    # reference's results)
    def made() -> Rubric:
        return rubric(leaf("a", 1, evidence=["justification"], na=SATISFIED))

    for given in ({"value": word, "justification": "seen"}, {"value": word}, word):
        verdict_reads(made(), {"a": given})
        reference_reads(made(), {"a": given})
    assert verdict_reads(made(), {"a": {"value": True, "justification": "seen"}}) == []


@pytest.mark.parametrize("answer", ["hi", "lo", " HI "])
def test_a_level_is_scored_by_the_generated_code(answer: str) -> None:
    def made() -> Rubric:
        return rubric(
            {"id": "b", "title": "b", "rule": _levels(("hi", 3, None), ("lo", 1, None))},
            leaf("e", 1),
        )

    assert verdict_reads(made(), {"b": answer, "e": True}) == []


@pytest.mark.parametrize("answer", ["hi", "lo", " HI ", "Lo"])
def test_a_level_a_condition_reads_is_kept_for_it(answer: str) -> None:
    def made() -> Rubric:
        levels = _levels(("hi", 3, None), ("lo", 1, None))
        return rubric(
            {"id": "b", "title": "b", "rule": levels},
            _read_by({"id": "c", "title": "c"}, "b", "hi"),
        )

    assert verdict_reads(made(), {"b": answer}) == []
    assert made().verdict({"b": answer}).total == (5 if answer.strip().lower() == "hi" else 1)


@pytest.mark.parametrize("answer", ["na", "N/A", {"value": "na"}, "1/2", "3/4"])
def test_n_a_to_a_ratio_stays_compiled(answer: object) -> None:
    # a ratio is read by the reference, but its N/A, plain or in a mapping, by the verdict:
    # the code that tests both must compile
    def made() -> Rubric:
        ratio = {"id": "x", "title": "x", "rule": {"kind": "ratio", "points": 10}}
        return rubric({**ratio, "na": SATISFIED}, leaf("e", 1))

    reads = verdict_reads(made(), {"x": answer, "e": True})
    assert reads == ([] if answer in ("na", "N/A", {"value": "na"}) else ["x"])
    assert set(reference_reads(made(), {"x": answer, "e": True})) == {"x"}


@pytest.mark.parametrize("answer", ["na", "N/A", "3", D("2.5"), 4, 4.5])
def test_a_number_and_its_n_a_are_scored_by_the_verdict(answer: object) -> None:
    assert verdict_reads(rubric(direct("x", 5, na=SATISFIED)), {"x": answer}) == []
    full = reference_reads(rubric(direct("x", 5, na=SATISFIED)), {"x": answer})
    assert full == (["x"] if answer in ("na", "N/A") else [])


@pytest.mark.parametrize(
    "answer",
    ["na", "N/A", {"value": "na", "justification": "seen"}, {"value": 3, "justification": "j"}],
)
def test_n_a_to_a_number_that_needs_evidence_scores_as_the_reference(answer: object) -> None:
    # the reference judges the evidence of N/A (``ev = need`` after it): never remembered
    for _ in range(2):
        reference_reads(
            rubric(direct("x", 5, evidence=["justification"], na=SATISFIED)), {"x": answer}
        )


def _two_direct() -> Rubric:
    return rubric(direct("d", 8), direct("e", 8))


def _fresh(r: Rubric) -> Any:
    fast = r._fast
    assert fast is not None
    forget_answers()
    for memo in (IMAGES, EXACTS, FLOATS):
        memo.clear()
    return fast


def test_a_text_another_criterion_read_first_is_remembered_too() -> None:
    # "2.5" read exactly for d first: e finds its reading (EXACTS) and still keeps its points
    r = _two_direct()
    fast = _fresh(r)
    _check(r, {"d": "2.5", "e": 1})
    _check(r, {"d": 1, "e": "2.5"})
    scale = fast.numbers.scale
    for nid in "de":
        texts, _ = fast.numbers.points_memos(nid)
        assert texts == {"2.5": D("2.5") * scale}


def test_a_decimal_met_again_is_looked_up_not_read_again() -> None:
    r = _two_direct()
    fast = _fresh(r)
    read: list[object] = []
    helpers = fast._helper_table
    read_decimal = cast(Callable[..., Any], helpers["_RDEC"])

    def spy(raw: object, *args: Any) -> Any:
        read.append(raw)
        return read_decimal(raw, *args)

    helpers["_RDEC"] = spy
    _check(r, {"d": D("7.5"), "e": 3})
    assert read == [D("7.5")]  # once, by the first scorer to meet it
    assert fast.numbers.decimal_memo("d") == {"7.5": D("7.5") * fast.numbers.scale}
    _check(r, {"d": D("7.5"), "e": 3})
    _check(r, {"d": 3, "e": D("7.5")})
    assert read == [D("7.5"), D("7.5")]  # e's first meeting only


# a level some of whose answers need evidence (``Generator._choices_with_evidence``): one
# table per combination of evidence, a level lacking what it needs scoring 0

_URL = "https://x.org"
_EVIDENCED = [
    {"value": "hi", "url": _URL},
    {"value": "hi", "url": _URL, "justification": "seen"},
    {"value": "hi"},
    {"value": "hi", "justification": "seen"},
    {"value": "lo"},
    "lo",
    "no",
    {"value": "both", "url": _URL, "justification": "seen"},
    {"value": "both", "url": _URL},
    {"value": "one", "justification": "seen"},
    {"value": "one"},
    {"value": "zero", "url": _URL},
    {"value": "zero"},
    {"value": "own", "justification": "seen at length"},
    {"value": "own", "justification": "short"},
    {"value": " HI ", "url": _URL},
    {"value": "Lo", "justification": "seen"},
    " NO ",
]


def _evidenced(read: bool = False) -> Rubric:
    """Levels needing a URL, both pieces, a justification (1 point), a URL for 0 points, a
    justification by rules of its own (the reference's to judge), and none."""
    levels = _levels(
        ("hi", 3, ["url"]),
        ("both", 4, ["url", "justification"]),
        ("one", 1, ["justification"]),
        ("zero", 0, ["url"]),
        ("lo", 1, None),
    )
    own = {"id": "own", "points": 2, "evidence": ["justification"]}
    own["evidence_rules"] = {"justification": {"min_length": 8}}
    levels["levels"] += [own, {"id": "no", "points": 0}]
    criteria: list[dict[str, Any]] = [{"id": "b", "title": "b", "rule": levels, "na": SATISFIED}]
    if read:
        criteria.append(_read_by({"id": "c", "title": "c"}, "b", "hi"))
    return rubric(*criteria, leaf("e", 1))


def _value(answer: object) -> str:
    return cast(str, answer["value"] if isinstance(answer, dict) else answer)


def _typed(answer: object) -> bool:
    return _value(answer) != _value(answer).strip().lower()


@pytest.mark.parametrize("read", [False, True], ids=["alone", "read"])
@pytest.mark.parametrize("answer", _EVIDENCED)
def test_a_level_that_needs_evidence_is_scored_by_the_generated_code(
    answer: object, read: bool
) -> None:
    # the full scorer hands a level as typed (" HI ") to the reference: its results show it
    own = _value(answer) == "own"  # judged by rules of its own: the reference's
    reads = reference_reads(_evidenced(read), {"b": answer, "e": True})
    assert reads == (["b", "b"] if own else ["b"] if _typed(answer) else [])
    assert verdict_reads(_evidenced(read), {"b": answer, "e": True}) == (["b"] if own else [])


@pytest.mark.parametrize("answer", ["na", {"value": "na", "url": _URL}, "N/A", {"value": " n/a "}])
def test_n_a_to_a_level_that_needs_evidence_scores_as_the_reference(answer: object) -> None:
    for read in (False, True):
        reference_reads(_evidenced(read), {"b": answer, "e": True})


@pytest.mark.parametrize("read", [False, True], ids=["alone", "read"])
def test_a_level_that_needs_evidence_in_a_verdict_of_loops(read: bool) -> None:
    from tiercert._fast.evaluator import FastEvaluator

    r = _evidenced(read)
    fast = FastEvaluator(r._plan, r._info, tables=1, loops_from=2)
    for answer in [*_EVIDENCED, "na"]:
        expected = r.evaluate({"b": answer, "e": True}, engine="reference")
        got = fast.verdict({"b": answer, "e": True}, {}, False)
        assert got == (expected.total, expected.certified, expected.tier), answer
