"""Answers as people type them, read by the compiled verdict itself (issue 12, seventh round):
yes/no as words, level ids spaced or in capitals, labels, N/A, and evidence mappings.

The reference is the judge: every spelling its readers accept (docs/assessments.md), and
every one they refuse, gives the same results, NodeResults and problems through both
engines; the memos of readings and of evidence carry across assessments (one rubric per
evidence rules, each assessment scored twice).  Separately: the usual typed answers never
reach the reference (``FastEvaluator._scored`` stays empty), and the memos stay bounded.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert import Assessment, AssessmentError, Result, Rubric, rubric_from_mapping
from tiercert._evidence import evidence_bits, rules_of
from tiercert._fast import Fallback, FastEvaluator
from tiercert._fast.codegen import (
    EVIDENCE_BOUND,
    NA_READ,
    READINGS_BOUND,
    TypedReadings,
    evidence_reader,
    points_reader,
)
from tiercert._literals import BOOLEAN_WORDS, unambiguous

_LEVELS: list[dict[str, Any]] = [
    {"id": "good", "points": 3, "label": {"vi": "Tốt", "en": "Good"}},
    {"id": "fair", "points": 1, "label": {"vi": "Khá", "en": "Fair"}},
    {"id": "Poor", "points": 0, "label": {"vi": "Kém", "en": "Fair"}},  # "Fair": two levels
]
_EVIDENCE_LEVELS: list[dict[str, Any]] = [
    {"id": "met", "points": 2, "evidence": ["justification"], "label": {"vi": "Đạt", "en": "Có"}},
    {"id": "linked", "points": 2, "evidence": ["url"]},
    {"id": "both", "points": 2, "evidence": ["justification", "url"]},
    {"id": "unmet", "points": 0, "label": {"vi": "Chưa đạt"}},
    {
        "id": "own",  # its own evidence rules: the reference judges it
        "points": 1,
        "evidence": ["justification"],
        "evidence_rules": {"justification": {"min_length": 20}},
    },
]
#: the reader's labels of the shared levels: "Có" two levels' (refused when the source
#: accepts it: ``en`` of its "met"), "Đạt" another level's than the source's
_READER_LABELS = {
    "met": {"vi": "Có"},
    "linked": {"vi": "Có"},
    "unmet": {"vi": "Đạt", "en": "Chưa đạt"},
}
_CASE_LEVELS: list[dict[str, Any]] = [  # two ids one letter-case apart: " OK " names neither
    {"id": "ok", "points": 1},
    {"id": "OK", "points": 2},
    {"id": "no", "points": 0},
]


_BANDS: dict[str, Any] = {
    "kind": "bands",
    "range": {"min": 0, "max": 100},
    "bands": [{"min": 0, "max": 50, "points": 0}, {"min": 50, "max": 100, "points": 2}],
}


def _leaf(ident: str, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": ident, "title": ident, "rule": rule, **extra}


def _rubric_data(rules: dict[str, Any] | None) -> dict[str, Any]:
    levels = {"kind": "levels", "levels": _LEVELS}
    evidence_levels = {"kind": "levels", "levels": _EVIDENCE_LEVELS}
    satisfied = {"counts_as": "satisfied"}
    data: dict[str, Any] = {
        "format": 1,
        "id": "typed",
        "version": "1",
        "title": "Typed answers",
        "scoring": {"missing": "zero"},
        "criteria": [
            {
                "id": "flags",
                "title": "Flags",
                "children": [
                    _leaf("b_plain", {"kind": "boolean", "points": 2}, na=satisfied),
                    _leaf(
                        "b_out",
                        {"kind": "boolean", "points": 3},
                        na={"counts_as": "excluded", "evidence": ["justification"]},
                    ),
                    _leaf("b_none", {"kind": "boolean", "points": 1}),
                    _leaf("b_ev", {"kind": "boolean", "points": 2}, evidence=["url"], na=satisfied),
                    _leaf("b_round", {"kind": "boolean", "points": 1.5}, round={"places": 0}),
                    _leaf("b_read", {"kind": "boolean", "points": 1}, na=satisfied),  # a gate's
                ],
            },
            {
                "id": "levels",
                "title": "Levels",
                "children": [
                    _leaf("lv", levels, na={"counts_as": "excluded"}),
                    _leaf("lv_case", {"kind": "levels", "levels": _CASE_LEVELS}),
                    _leaf(
                        "lv_ev",
                        evidence_levels,
                        na={"counts_as": "satisfied", "evidence": ["justification", "url"]},
                    ),
                    _leaf("lv_read", levels),  # a gate reads its answer
                    _leaf("lv_ev_read", evidence_levels),  # and this one's
                ],
            },
            {
                "id": "numbers",
                "title": "Numbers",
                "children": [
                    _leaf("n_sat", _BANDS, na=satisfied),
                    _leaf(
                        "n_out", _BANDS, na={"counts_as": "excluded", "evidence": ["justification"]}
                    ),
                    _leaf("n_none", _BANDS),
                    _leaf("n_ev", _BANDS, evidence=["justification"], na=satisfied),
                ],
            },
            {
                "id": "shared",
                "title": "Shared",
                "children": [
                    _leaf("src", evidence_levels),
                    _leaf(
                        "src.reader",
                        {  # the same ids, other labels and points
                            "kind": "levels",
                            "levels": [
                                {
                                    **lv,
                                    "points": 1 if lv["points"] else 3,
                                    "label": _READER_LABELS.get(lv["id"]),
                                }
                                for lv in _EVIDENCE_LEVELS
                            ],
                        },
                        answer_from="src",
                        na={"counts_as": "satisfied", "evidence": ["justification"]},
                    ),
                    _leaf("flag_src", {"kind": "boolean", "points": 1}),
                    _leaf(
                        "flag_reader",
                        {"kind": "boolean", "points": 2},
                        answer_from="flag_src",
                        na={"counts_as": "excluded"},
                    ),
                ],
            },
        ],
        "gates": [
            {"id": "read", "title": "Read", "require": {"answer": "lv_read", "equals": "good"}},
            {"id": "flag", "title": "Flag", "require": {"answer": "b_read", "equals": True}},
            {"id": "ev", "title": "Ev", "require": {"answer": "lv_ev_read", "equals": "met"}},
        ],
        "tiers": [
            {"id": "low", "label": "Low", "rank": 1, "min": 0},
            {"id": "high", "label": "High", "rank": 2, "min": 12},
        ],
    }
    if rules is not None:
        data["evidence_rules"] = rules
    return data


#: the rubric's evidence rules: none (the defaults), and the OpenSSF Best Practices badge's
RULES: dict[str, dict[str, Any] | None] = {
    "default": None,
    "badge": {
        "justification": {"min_length": 5, "ignore_prefixes": ["// "]},
        "url": {"where": ["justification"], "form": "host_with_dot"},
    },
}
#: one rubric per evidence rules for the whole module: memos carry across assessments
RUBRICS = {name: rubric_from_mapping(_rubric_data(rules)) for name, rules in RULES.items()}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _spellings(word: str) -> list[str]:
    return [word, word.upper(), word.title(), f" {word} ", f"\t{word.upper()}\n", _nfd(word)]


_WORDS = sorted({s for word in BOOLEAN_WORDS for s in _spellings(word)})
_NA = ["na", "NA", "N/A", " n/a ", "Na", "n / a", "n/a.", "không áp dụng"]
_JUNK: list[Any] = ["", "  ", "maybe", "yes please", "Có lẽ", 2, -1, 10**30, None, 1.0, 0.0]
_JUNK += [Decimal("1"), Decimal("0.0"), Decimal("NaN"), [], ["yes"], "x" * 300, "\u00a0yes"]
_LEVEL_TEXTS = sorted(
    {
        s
        for lv in (*_LEVELS, *_EVIDENCE_LEVELS, *_CASE_LEVELS)
        for text in (lv["id"], *lv.get("label", {}).values())
        for s in _spellings(text)
    }
    | {"tot", "Tôt", "Kha", "dat", "chua dat", "Chưa  đạt", "goood", "fai", "Fair", "FAIR"}
)
_NUMBERS: list[Any] = [50, " 50 ", "72.5", 49.99, Decimal("50.0"), "1.500", "100", "-1"]
_PLAIN: list[Any] = [True, False, 1, 0, *_WORDS, *_NA, *_JUNK, *_LEVEL_TEXTS, *_NUMBERS]

_JUSTIFICATIONS: list[Any] = [
    "",
    "   ",
    "ok",
    "Biên bản kiểm tra số 12",
    "// not yet",
    "see https://example.org/x",
    "http://host",
    12345,
    "y" * 300,
]
_URLS: list[Any] = ["", " ", "https://example.org/e", "http://nohost", "not a url", 7]


class _Text(str):
    """Text of a subclass of str: read by ``str()``, as the reference reads it."""


class _Told(str):
    """Text equal to a justification, which ``str()`` tells as blank (the reference reads
    ``str()`` of it: never the bits of the text it equals)."""

    def __str__(self) -> str:
        return " "


#: what a mapping's justification or URL may also be: given as None (the key there), text of
#: a subclass of str
_ODD_TEXTS: list[Any] = [None, _Text("Biên bản kiểm tra số 12"), _Text("https://example.org/e")]
_ODD_TEXTS += [_Told("Biên bản kiểm tra số 12"), _Told("https://example.org/e")]


@st.composite
def typed_answer(draw: st.DrawFn) -> Any:
    """A plain answer, or one in a mapping with some evidence, or a mapping the reference
    refuses (no value, an unknown key)."""
    value = draw(st.sampled_from(_PLAIN))
    shape = draw(st.sampled_from(["plain", "plain", "mapping", "mapping", "broken"]))
    if shape == "plain":
        return value
    answer: dict[str, Any] = {"value": value}
    if draw(st.booleans()):
        answer["justification"] = draw(st.sampled_from([*_JUSTIFICATIONS, *_ODD_TEXTS]))
    if draw(st.booleans()):
        answer["url"] = draw(st.sampled_from([*_URLS, *_ODD_TEXTS]))
    if draw(st.booleans()):
        answer["note"] = "ghi chú"
    if shape == "broken":
        if draw(st.booleans()):
            del answer["value"]
        else:
            answer["evidence"] = "x"
    return answer


_CRITERIA = [
    "b_plain",
    "b_out",
    "b_none",
    "b_ev",
    "b_round",
    "b_read",
    "n_sat",
    "n_out",
    "n_none",
    "n_ev",
    "lv",
    "lv_case",
    "lv_ev",
    "lv_read",
    "lv_ev_read",
    "src",
    "flag_src",
]


def _outcome(rubric: Rubric, answers: dict[str, Any], engine: str) -> Result | list[str]:
    try:
        return rubric.evaluate(Assessment(answers=answers), engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


def _same(rubric: Rubric, answers: dict[str, Any]) -> None:
    """Both engines agree: the verdict, the result (NodeResults, JSON), or the problems."""
    reference = _outcome(rubric, answers, "reference")
    try:
        verdict: object = rubric.verdict(Assessment(answers=answers))
    except AssessmentError as exc:
        verdict = [p.format() for p in exc.problems]
    fast = _outcome(rubric, answers, "fast")
    if isinstance(reference, Result):
        assert verdict == (reference.total, reference.certified, reference.tier)
        assert isinstance(fast, Result), fast
        assert fast == reference
        assert dict(fast.nodes) == dict(reference.nodes)
        assert fast.to_json() == reference.to_json()
    else:
        assert verdict == reference
        assert fast == reference


@pytest.mark.parametrize("rules", list(RULES))
@given(data=st.data())
def test_typed_answers_are_scored_as_the_reference_scores_them(
    rules: str, data: st.DataObject
) -> None:
    rubric = RUBRICS[rules]
    answers = {
        key: data.draw(typed_answer(), label=key)
        for key in _CRITERIA
        if data.draw(st.integers(0, 9), label=f"{key} given") > 0
    }
    _same(rubric, answers)
    _same(rubric, answers)  # met again: from the memos


#: every criterion answered plainly, as the compiled code reads without the reference
_PLAIN_ANSWERS: dict[str, Any] = {
    "b_plain": True,
    "b_out": False,
    "b_none": True,
    "b_ev": {"value": True, "url": "https://example.org/e"},
    "b_round": True,
    "b_read": True,
    "n_sat": 50,
    "n_out": "72.5",
    "n_none": 10,
    "n_ev": {"value": 60, "justification": "Biên bản kiểm tra số 12"},
    "lv": "good",
    "lv_case": "OK",
    "lv_ev": {"value": "met", "justification": "Biên bản kiểm tra số 12"},
    "lv_read": "fair",
    "lv_ev_read": "unmet",
    "src": "unmet",
    "flag_src": False,
}


@pytest.mark.parametrize("rules", list(RULES))
@given(data=st.data())
def test_one_typed_answer_among_plain_ones(rules: str, data: st.DataObject) -> None:
    # every other answer valid: a refused typed answer is the only problem, and an accepted
    # one leaves the result otherwise plain
    rubric = RUBRICS[rules]
    answers = dict(_PLAIN_ANSWERS)
    key = data.draw(st.sampled_from(_CRITERIA))
    answers[key] = data.draw(typed_answer())
    _same(rubric, answers)
    _same(rubric, answers)


def _evaluator(rubric: Rubric) -> FastEvaluator:
    fast = rubric._fast
    assert fast is not None
    return fast


#: answers as people type them that the reference accepts
_USUAL: list[dict[str, Any]] = [
    {"b_plain": "có", "b_none": " Yes ", "flag_src": "KHÔNG", "b_out": 1, "b_round": "x"},
    {"b_plain": "N/A", "b_out": " na "},  # (N/A in a mapping here: the reference's)
    {"b_out": "NA", "b_none": 0, "b_round": _nfd(" Đạt ")},
    {"lv": " GOOD ", "lv_case": "ok", "src": "Chưa đạt", "flag_src": 0},
    {"lv": "Tốt", "lv_ev": {"value": " Đạt ", "justification": "Biên bản 12"}},
    {"lv": "kha", "lv_ev": {"value": "N/A", "justification": "Biên bản", "url": "https://e.org/x"}},
    {"lv": "na", "src": {"value": "MET", "justification": "Biên bản 12"}, "lv_ev": " n/a "},
    {"src": {"value": " both ", "justification": "see https://e.org/x"}, "lv_case": " no "},
    # typed, lacking the evidence its level needs: no points, as the reference says
    {"lv_ev": " MET ", "src": {"value": "BOTH", "justification": "Biên bản 12"}},
    {"lv_ev": {"value": "Linked", "justification": "Biên bản 12"}, "src": {"value": " met "}},
    {"lv_ev": {"value": "n/a", "justification": "Biên bản"}, "b_out": " N/A "},
    # a condition reads the value read; N/A to numbers
    {"b_read": " có ", "lv_read": " GOOD ", "n_sat": "N/A", "n_out": " na ", "n_ev": "NA"},
    {"b_read": "na", "lv_read": "Tốt", "n_sat": " n/a "},
    {"b_read": 0, "lv_read": " fair ", "n_out": "N/A"},
    {"lv_ev_read": {"value": " MET ", "justification": "Biên bản 12"}, "b_read": " yes "},
    {"lv_ev_read": {"value": "Đạt"}, "lv_read": "GOOD"},  # lacking its evidence
    {"lv_ev_read": {"value": "met", "justification": "Biên bản 12"}},
    # the source's label of "met", the reader's of "unmet": read as the source reads it
    {"src": {"value": " Đạt ", "justification": "Biên bản 12"}},
    # in a mapping to a criterion that needs no evidence of its values: N/A (with or without
    # the evidence N/A needs), a word, a level as typed (eighth round)
    {"b_out": {"value": "N/A", "justification": "Biên bản 12"}, "n_out": {"value": " na "}},
    {"n_out": {"value": "NA", "justification": "Biên bản 12", "url": "https://e.org/x"}},
    {"b_plain": {"value": " n/a ", "url": "https://e.org/x"}, "n_sat": {"value": "N/A"}},
    {"b_none": {"value": " Có ", "justification": "x"}, "lv": {"value": " na ", "url": "x"}},
    {"lv": {"value": " GOOD ", "justification": "Biên bản 12"}, "lv_case": {"value": "no"}},
]


@pytest.mark.parametrize("typed", _USUAL)
def test_typed_answers_stay_in_the_compiled_verdict(typed: dict[str, Any]) -> None:
    rubric = rubric_from_mapping(_rubric_data(None))  # its own: nothing remembered yet
    fast = _evaluator(rubric)
    answers = {**_PLAIN_ANSWERS, **typed}
    for _ in range(2):
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        assert fast.verdict(answers, {}, True) == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    # the reference read none of them (it remembers each answer it scores for the compiled
    # code); the levels and labels the readings give are constants, never code
    assert fast._scored == {}
    for level in (*_LEVELS, *_EVIDENCE_LEVELS, *_CASE_LEVELS):
        assert repr(level["id"]) not in fast.source
        for label in level.get("label", {}).values():
            assert label not in fast.source


#: typed answers the reference refuses: each is its problem, through both engines
_REFUSED: list[dict[str, Any]] = [
    {"n_sat": "maybe"},  # not a number, not N/A
    {"n_none": "N/A"},  # N/A not allowed
    {"b_plain": "maybe"},
    {"b_none": "na"},
    {"flag_src": 2},
    {"lv": " fai "},  # no level
    {"lv_case": "Ok"},  # two ids one letter-case apart
    {"src": " Có "},  # the source's label of one level, the reader's of two
    {"lv_ev": {"value": " gooood ", "justification": "Biên bản 12"}},
]


@pytest.mark.parametrize("typed", _REFUSED)
def test_refused_typed_answers_give_the_references_problems(typed: dict[str, Any]) -> None:
    rubric = RUBRICS["default"]
    answers = {**_PLAIN_ANSWERS, **typed}
    with pytest.raises(Fallback):  # the compiled verdict hands it to the reference
        _evaluator(rubric).verdict(answers, {}, True)
    problems = _outcome(rubric, answers, "reference")
    assert isinstance(problems, list)
    assert problems
    _same(rubric, answers)


def test_typed_readings_are_the_references_and_bounded() -> None:
    reads: list[object] = []

    def read(raw: object) -> object:
        reads.append(raw)
        return raw if raw != "bad" else None

    memo = TypedReadings(read)
    assert memo["x"] == "x"
    assert memo["x"] == "x"
    assert reads == ["x"]
    assert memo["bad"] is None
    assert "bad" in memo
    assert memo[1] == 1
    assert 1 in memo
    long_text = "y" * 257
    assert memo[long_text] == long_text
    assert long_text not in memo
    assert memo["y" * 256]
    assert "y" * 256 in memo
    assert memo[256] == 256
    assert 256 in memo
    assert memo[257] == 257
    assert 257 not in memo
    assert memo[10**6] == 10**6
    assert 10**6 not in memo
    assert memo[-256] == -256
    assert -256 in memo
    for n in range(2 * READINGS_BOUND):
        memo[f"t{n}"]
    assert len(memo) == READINGS_BOUND


def test_typed_reading_of_a_shared_answer_needs_every_reader() -> None:
    rubric = RUBRICS["default"]
    fast = _evaluator(rubric)
    with pytest.raises(Fallback):  # refused: the reference says why
        fast.verdict({"src": " Có ", "flag_src": " x "}, {}, True)
    # " Có ": the source's label of one level, the reader's of two: refused, reading None
    assert fast._readings["src"]["Có"] is None
    assert fast._readings["src"]["Đạt"] == "met"  # the reader's "unmet": as the source reads
    assert fast._readings["src"][" MET "] == "met"
    assert fast._readings["flag_src"][" x "] is True
    assert fast._readings["flag_src"]["N/A"] == NA_READ
    assert fast._readings["flag_src"][2] is None


@pytest.mark.parametrize("rules", list(RULES))
def test_evidence_bits_are_remembered_by_text_only(rules: str) -> None:
    spec = RULES[rules]
    judged = rules_of(_rules_spec(spec))
    known: dict[tuple[Any, ...], int] = {}
    evidence = evidence_reader(judged, known)
    for just in [*_JUSTIFICATIONS, None]:
        for url in [*_URLS, None]:
            raw: dict[str, Any] = {"value": "v"}
            if just is not None:
                raw["justification"] = just
            if url is not None:
                raw["url"] = url
            expected = evidence_bits(
                None if just is None else str(just), None if url is None else str(url), judged
            )
            for _ in range(2):
                assert evidence(raw) == ("v", expected)
            kept = (just, url) in known
            texts = all(x is None or (isinstance(x, str) and len(x) <= 256) for x in (just, url))
            assert kept == texts, (just, url)
            # by the mapping's size too: its keys are exactly "value" and the texts given
            assert ((len(raw), just, url) in known) == texts, (just, url)
            if texts:
                assert known[len(raw), just, url] == expected
            # a key given as None, a note: the same bits, never kept by the mapping's size
            for key in ("justification", "url", "note"):
                if key in raw:
                    continue
                odd = {**raw, key: "n" if key == "note" else None}
                assert evidence(odd) == ("v", expected)
                assert (len(odd), just, url) not in known, odd
    assert evidence({"justification": "x"}) == (None, 0)  # no value
    assert evidence({"value": 1, "evidence": "x"}) == (None, 0)  # an unknown key
    for n in range(2 * EVIDENCE_BOUND):
        evidence({"value": 1, "justification": f"j{n}"})
    assert len(known) == EVIDENCE_BOUND


def _rules_spec(spec: dict[str, Any] | None) -> Any:
    """The rubric model's ``evidence_rules`` block of ``spec`` (None: no block)."""
    if spec is None:
        return None
    data = _rubric_data(spec)
    return rubric_from_mapping(data).spec.evidence_rules


#: number criteria whose answers gates read, N/A allowed: the compiled verdict keeps the
#: value read (``a<i>``) for the gate, N/A included
_READ_NUMBERS = rubric_from_mapping(
    {
        "format": 1,
        "id": "read_numbers",
        "version": "1",
        "title": "Numbers read by gates",
        "scoring": {"missing": "zero"},
        "criteria": [
            {
                "id": "g",
                "title": "G",
                "children": [
                    _leaf("n", _BANDS, na={"counts_as": "satisfied"}),
                    _leaf("m", _BANDS, na={"counts_as": "excluded"}),
                ],
            }
        ],
        "gates": [
            {"id": "gn", "title": "Gn", "require": {"answer": "n", "at_least": 60}},
            {"id": "gm", "title": "Gm", "require": {"answer": "m", "at_least": 60}},
        ],
        "tiers": [
            {"id": "low", "label": "Low", "rank": 1, "min": 0},
            {"id": "high", "label": "High", "rank": 2, "min": 3},
        ],
    }
)


@pytest.mark.parametrize(
    "answers",
    [{"n": "N/A", "m": 70}, {"n": 70, "m": " n/a"}, {"n": " NA ", "m": "na"}, {"n": 70, "m": 70}],
)
def test_na_to_a_number_a_gate_reads_in_the_compiled_verdict(answers: dict[str, Any]) -> None:
    # the N/A test of the compiled verdict is for answers no condition reads: one a gate
    # reads goes to the reference, which gives the gate its value
    _same(_READ_NUMBERS, answers)


def test_evidence_reader_at_its_edges() -> None:
    judged = rules_of(_rules_spec(None))
    known: dict[tuple[Any, ...], int] = {}
    evidence = evidence_reader(judged, known)
    # every key an answer may have, the note included
    full = {"value": 1, "justification": "Biên bản 12", "url": "https://x.org", "note": "n"}
    assert evidence(full) == (1, evidence_bits("Biên bản 12", "https://x.org", judged))
    # texts of 256 characters are kept, 257 not
    for size, kept in [(256, True), (257, False)]:
        just, url = "j" * size, "https://x.org/" + "u" * (size - 14)
        assert evidence({"value": 1, "justification": just})[1] == 1
        assert known.get((just, None)) == (1 if kept else None)
        assert evidence({"value": 1, "url": url})[1] == evidence_bits(None, url, judged)
        assert ((None, url) in known) is kept
    # what is kept is what is given back (planted: the memo is read, not recomputed)
    known[("planted", None)] = 3
    assert evidence({"value": 1, "justification": "planted"}) == (1, 3)
    assert known[(2, "planted", None)] == 3  # and kept by the mapping's size too
    # the memo is bounded for both keys: full, nothing more is kept by either
    for n in range(2 * EVIDENCE_BOUND):
        evidence({"value": 1, "url": f"u{n}"})
    assert len(known) == EVIDENCE_BOUND


def test_a_level_a_gate_reads_judged_by_the_reference_stays_in_the_verdict() -> None:
    # "own" has evidence rules of its own: the reference scores that one answer, and the
    # compiled verdict goes on (no Fallback for the whole assessment)
    rubric = RUBRICS["default"]
    answers = {**_PLAIN_ANSWERS, "lv_ev_read": {"value": "own", "justification": "j" * 25}}
    verdict = _evaluator(rubric).verdict(answers, {}, True)
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert verdict[:3] == (reference.total, reference.certified, reference.tier)


def _scorer_namespaces(fast: FastEvaluator) -> list[dict[str, Any]]:
    """The namespaces of the compiled verdict functions (the entry variant's, the general's)."""
    spaces = [fast.verdict_function.__globals__]
    general = spaces[0].get("_general")
    if general is not None:
        spaces.append(general.__globals__)
    return spaces


@pytest.mark.parametrize("rules", list(RULES))
def test_evidence_mappings_met_again_are_read_without_a_call(rules: str) -> None:
    # (eighth round) an evidence mapping met before is read inline, by its size and texts in
    # the memo of evidence: _evd is not called again; a mapping of other keys (a key given
    # as None, a note, an unknown key) still goes through _evd, and is read as before
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    usual = [
        {**_PLAIN_ANSWERS, "lv_ev": {"value": "met", "justification": "Biên bản kiểm tra 12"}},
        {**_PLAIN_ANSWERS, "lv_ev": {"value": " BOTH ", "url": "https://example.org/e"}},
        {**_PLAIN_ANSWERS, "b_ev": {"value": True}, "src": {"value": "linked", "url": "x"}},
    ]
    for answers in usual:
        fast.verdict(answers, {}, True)  # met for the first time: through _evd
    calls: list[object] = []
    for space in _scorer_namespaces(fast):
        read = space["_evd"]

        def counted(raw: Any, read: Any = read) -> Any:
            calls.append(raw)
            return read(raw)

        space["_evd"] = counted
    for answers in usual:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        assert fast.verdict(answers, {}, True)[:3] == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    assert calls == []
    justification = "Biên bản kiểm tra 12"
    other_keys = [
        {"value": "met", "justification": justification, "url": None},
        {"value": "met", "justification": justification, "note": "n"},
        {"value": "met", "justification": justification, "evidence": "x"},
        {"value": "met", "justification": _Text(justification)},
        {"value": "met", "justification": _Told(justification)},  # str() of it: blank
        {"value": " BOTH ", "url": _Told("https://example.org/e")},
    ]
    for mapping in other_keys:
        _same(rubric, {**_PLAIN_ANSWERS, "lv_ev": mapping})
    assert len(calls) >= len(other_keys)


def test_typed_points_are_remembered_by_the_answer_as_typed() -> None:
    # (eighth round) the points of an answer as typed are kept by the answer (one lookup
    # met again): what the criterion's table gives for the reading of the answer
    readings = TypedReadings(lambda raw: str(raw).strip().lower() or None)
    points = TypedReadings(points_reader({"good": 3, "fair": 1}, readings))
    assert points[" GOOD "] == 3
    assert points["Fair"] == 1
    assert points["poor"] is None  # read, but no points there: the reference decides
    assert points[""] is None
    assert set(points) == {" GOOD ", "Fair", "poor", ""}
    assert set(readings) == {" GOOD ", "Fair", "poor", ""}
    long_text = " " * 297 + "good"  # 301 characters: read each time, never kept
    assert points[long_text] == 3
    assert long_text not in points


def test_forget_empties_the_memos_of_typed_points() -> None:
    rubric = rubric_from_mapping(_rubric_data(None))
    fast = _evaluator(rubric)
    fast.verdict({**_PLAIN_ANSWERS, "lv": " GOOD ", "n_out": {"value": "N/A"}}, {}, True)
    kept = {key for key, memo in fast._readings.items() if memo}
    assert "lv typed 0" in kept
    assert "n_out na 0" in kept
    fast.forget()
    # what was met is forgotten: a choice's memo of typed points keeps only the points of
    # its level ids as written (tenth round: TypedReadings.preset)
    assert all(set(memo) == set(memo._preset) for memo in fast._readings.values())
    assert " GOOD " not in fast._readings["lv typed 0"]
    assert set(fast._readings["lv typed 0"]) == {level["id"] for level in _LEVELS}
    assert not fast._readings["n_out na 0"]


class _Counted(dict[object, object]):
    """A stand-in for a memo the generated code indexes (``_IMGS[raw]``): counts every read."""

    def __init__(self, memo: Any, calls: list[object]) -> None:
        super().__init__()
        self._memo, self._calls = memo, calls

    def __getitem__(self, raw: object) -> object:
        self._calls.append(("_IMGS", raw))
        return self._memo[raw]


#: N/A to number criteria, plain or in a mapping, and N/A in a mapping to other criteria
#: whose evidence is not checked inline (ninth round: looked up before the number readers)
_NA_MET_AGAIN: list[dict[str, Any]] = [
    {"n_sat": "N/A", "n_out": " na "},
    {"n_sat": " n/a ", "n_out": {"value": "NA", "justification": "Biên bản kiểm tra 12"}},
    {"n_sat": {"value": "N/A"}, "n_out": {"value": "na", "url": "https://example.org/e"}},
    {"lv": {"value": " na ", "url": "https://example.org/e"}, "b_out": {"value": "N/A"}},
    {"b_out": {"value": "N/A", "justification": "Biên bản kiểm tra 12"}, "n_sat": "NA"},
]


@pytest.mark.parametrize("rules", list(RULES))
def test_na_met_again_skips_the_number_readers_and_evd(rules: str) -> None:
    # (ninth round) N/A met before, to a number criterion, is one lookup after the memo of
    # points (no number reader: _IMGS, _EXA, _cmp); N/A in a mapping met before is read
    # inline by the memo of evidence (no _evd), to a number criterion before the number
    # readers; the results are the reference's
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    cases = [{**_PLAIN_ANSWERS, **typed} for typed in _NA_MET_AGAIN]
    for answers in cases:
        fast.verdict(answers, {}, True)  # met for the first time: read, and remembered
    calls: list[object] = []
    for space in _scorer_namespaces(fast):
        for name in ("_EXA", "_cmp", "_evd", "_num", "_slow"):
            read = space[name]

            def counted(*args: Any, read: Any = read, name: str = name) -> Any:
                calls.append((name, *args))
                return read(*args)

            space[name] = counted
        space["_IMGS"] = _Counted(space["_IMGS"], calls)
    for answers in cases:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        for _ in range(2):
            assert fast.verdict(answers, {}, True)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
    assert calls == []


#: N/A and mappings near the paths of the ninth round: text of a subclass of str (never
#: looked up in a memo), a mapping with a key given as None, a note, an unknown key, no value,
#: a value that is no N/A, a justification whose str() is blank, evidence N/A lacks
_NA_NEAR: list[dict[str, Any]] = [
    {"n_sat": _Text("na"), "n_out": _Text(" N/A ")},
    {"n_sat": {"value": "N/A", "url": None}, "n_out": {"value": "na", "justification": None}},
    {"n_sat": {"value": "N/A", "note": "n"}, "n_out": {"value": "NA", "evidence": "x"}},
    {"n_sat": {"justification": "Biên bản kiểm tra 12"}},
    {"n_sat": {"value": "72.5"}, "n_out": {"value": 60, "justification": "Biên bản kiểm tra 12"}},
    {"n_sat": {"value": _Text("na")}, "lv": {"value": _Text("na"), "url": "https://e.org/x"}},
    {"n_out": {"value": "na", "justification": _Told("Biên bản kiểm tra 12")}},
    {"n_out": {"value": "na", "justification": _Text("Biên bản kiểm tra 12")}},
    {"n_out": {"value": "N/A"}, "b_out": {"value": "na", "url": "https://example.org/e"}},
    {"n_out": "maybe", "n_sat": {"value": "maybe"}, "lv": {"value": " fai "}},
    {"n_ev": {"value": "N/A", "justification": "Biên bản kiểm tra 12"}, "n_none": {"value": "na"}},
    {"n_ev": " na ", "lv_ev": {"value": "na", "justification": "Biên bản 12", "url": "x.org"}},
]


@pytest.mark.parametrize("rules", list(RULES))
@pytest.mark.parametrize("typed", _NA_NEAR + _NA_MET_AGAIN)
def test_na_and_mappings_near_the_fast_paths(rules: str, typed: dict[str, Any]) -> None:
    # on the module's rubrics: the memos carry across these and the properties' assessments
    rubric = RUBRICS[rules]
    answers = {**_PLAIN_ANSWERS, **typed}
    _same(rubric, answers)
    _same(rubric, answers)


@pytest.mark.parametrize("rules", list(RULES))
def test_two_key_mappings_are_remembered_by_their_one_text(rules: str) -> None:
    # (ninth round) a mapping of "value" and one text, justification or URL, is kept by that
    # text in its own memo; any other mapping is not (a key given as None, a note, both texts,
    # text of a subclass of str, long text), and the bits are the reference's
    judged = rules_of(_rules_spec(RULES[rules]))
    known: dict[tuple[Any, ...], int] = {}
    alone: tuple[dict[str, int], dict[str, int]] = ({}, {})
    evidence = evidence_reader(judged, known, alone)
    for just in [*_JUSTIFICATIONS, *_ODD_TEXTS]:
        for url in [*_URLS, *_ODD_TEXTS]:
            raw: dict[str, Any] = {"value": "v"}
            if just is not None:
                raw["justification"] = just
            if url is not None:
                raw["url"] = url
            expected = evidence_bits(
                None if just is None else str(just), None if url is None else str(url), judged
            )
            assert evidence(raw) == ("v", expected)
            texts = [x for x in (just, url) if x is not None]
            kept = len(texts) == 1 and type(texts[0]) is str and len(texts[0]) <= 256
            memo = alone[0] if just is not None else alone[1]
            if kept:
                assert memo[texts[0]] == expected
            for odd in ({**raw, "note": "n"}, {**raw, "url": None}, {**raw, "evidence": 1}):
                evidence(odd)
    assert all(type(t) is str and len(t) <= 256 for memo in alone for t in memo)
    assert set(alone[0]) == {j for j in _JUSTIFICATIONS if type(j) is str and len(j) <= 256}
    assert set(alone[1]) == {u for u in _URLS if type(u) is str}
    for n in range(2 * EVIDENCE_BOUND):
        evidence({"value": 1, "justification": f"j{n}"})
        evidence({"value": 1, "url": f"u{n}"})
    assert [len(memo) for memo in alone] == [EVIDENCE_BOUND, EVIDENCE_BOUND]


class _Looked(dict[object, object]):
    """A stand-in for the memo of evidence by size and texts (``_EVK``): counts lookups."""

    def __init__(self, memo: Any, calls: list[object]) -> None:
        super().__init__(memo)
        self._calls = calls

    def get(self, key: object, default: object = None) -> object:
        self._calls.append(("_EVK", key))
        return super().get(key, default)


@pytest.mark.parametrize("rules", list(RULES))
def test_two_key_mappings_met_again_are_read_by_their_text(rules: str) -> None:
    # (ninth round) {value, justification} and {value, url} met before: one lookup by the
    # text (no tuple of size and texts, no _evd), the reference's results; the memos are
    # emptied by forget()
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    justification, url = "Biên bản kiểm tra 12", "https://example.org/e"
    cases = [
        _PLAIN_ANSWERS,  # b_ev, n_ev and lv_ev in mappings of two keys
        {**_PLAIN_ANSWERS, "lv_ev": {"value": "linked", "url": url}},
        {**_PLAIN_ANSWERS, "n_ev": {"value": "na", "justification": justification}},
        {**_PLAIN_ANSWERS, "n_out": {"value": "NA", "justification": justification}},
        {**_PLAIN_ANSWERS, "lv": {"value": " na ", "url": url}, "src": {"value": "met"}},
    ]
    for answers in cases:
        fast.verdict(answers, {}, True)  # met for the first time: through _evd
    calls: list[object] = []
    for space in _scorer_namespaces(fast):
        read = space["_evd"]

        def counted(raw: Any, read: Any = read) -> Any:
            calls.append(("_evd", raw))
            return read(raw)

        space["_evd"] = counted
        space["_EVK"] = _Looked(space["_EVK"], calls)
    for answers in cases:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        assert fast.verdict(answers, {}, True)[:3] == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    # src's {value} alone (no text): the bits of no evidence, a literal (twelfth round; by
    # size in _EVK before), never through _evd
    assert calls == []
    fast.forget()
    assert not any(fast._evidence_alone)


@pytest.mark.parametrize("value", ["yes", "N/A", "no", "có"])
def test_a_mapping_to_a_flag_a_gate_reads_keeps_its_value_in_the_compiled_verdict(
    value: str,
) -> None:
    # "b_read" is read by a gate: a mapping given to it is read by the reference (the
    # compiled test of a mapping keeps no value for the gate), never half-read
    rubric = RUBRICS["default"]
    answers = {**_PLAIN_ANSWERS, "b_read": {"value": value, "justification": "xx"}}
    verdict = _evaluator(rubric).verdict(answers, {}, True)
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert verdict[:3] == (reference.total, reference.certified, reference.tier)


_NA_NEEDS_EVIDENCE = {"counts_as": "satisfied", "evidence": ["justification"]}
#: criteria gates read whose N/A needs a justification (none scored for a plain N/A)
_READ_NA_WITH_EVIDENCE = rubric_from_mapping(
    {
        "format": 1,
        "id": "read_na",
        "version": "1",
        "title": "Read N/A",
        "scoring": {"missing": "zero"},
        "criteria": [
            {
                "id": "g",
                "title": "G",
                "children": [
                    _leaf("f", {"kind": "boolean", "points": 2}, na=_NA_NEEDS_EVIDENCE),
                    _leaf("l", {"kind": "levels", "levels": _LEVELS}, na=_NA_NEEDS_EVIDENCE),
                    _leaf("o", {"kind": "boolean", "points": 1}),
                ],
            }
        ],
        "gates": [
            {"id": "gf", "title": "Gf", "require": {"answer": "f", "equals": True}},
            {"id": "gl", "title": "Gl", "require": {"answer": "l", "equals": "good"}},
        ],
        "tiers": [
            {"id": "low", "label": "Low", "rank": 1, "min": 0},
            {"id": "high", "label": "High", "rank": 2, "min": 1},
        ],
    }
)


@pytest.mark.parametrize(
    "answers",
    [
        {"f": "N/A", "l": "N/A", "o": True},
        {"f": " n/a ", "l": "na", "o": True},
        {"f": "N/A", "l": "good", "o": True},
        {"f": True, "l": "N/A", "o": True},
    ],
)
def test_plain_na_needing_evidence_to_an_answer_a_gate_reads_scores_nothing(
    answers: dict[str, Any],
) -> None:
    # a plain N/A lacks the justification its N/A needs: the table without evidence
    rubric = _READ_NA_WITH_EVIDENCE
    verdict = _evaluator(rubric).verdict(answers, {}, True)
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert verdict[:3] == (reference.total, reference.certified, reference.tier)


#: the answers of ``_USUAL`` no condition reads (a read value is kept: the reference's
#: reading, by the memo's subscript), to criteria other than flags (a flag's word: by the
#: subscript alone, see Generator._looked_up)
_USUAL_UNREAD = [
    {
        key: value
        for key, value in typed.items()
        if not key.endswith("_read") and not key.startswith(("b_", "flag"))
    }
    for typed in _USUAL
]


@pytest.mark.parametrize("rules", list(RULES))
def test_typed_points_met_again_are_looked_up_by_the_memos_get(
    rules: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (tenth round) an answer as typed met before (a word, a level spaced or in capitals,
    # N/A, plain or in a mapping) is found by the bound ``get`` of its memo of points, not by
    # the subscript of a dict subclass (a generic slot that looks ``__getitem__`` up each
    # time); the subscript still reads what is met for the first time; results the
    # reference's
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    cases = [{**_PLAIN_ANSWERS, **typed} for typed in _USUAL_UNREAD if typed]
    subscripts: list[object] = []

    def counted(memo: TypedReadings, raw: object) -> object:
        subscripts.append(raw)
        return dict.__getitem__(memo, raw)

    monkeypatch.setattr(TypedReadings, "__getitem__", counted, raising=False)
    for answers in cases:
        fast.verdict(answers, {}, True)  # met for the first time: read by the subscript
    assert subscripts
    subscripts.clear()
    for answers in cases:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        for _ in range(2):
            assert fast.verdict(answers, {}, True)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
    assert subscripts == []


@pytest.mark.parametrize("rules", list(RULES))
def test_level_ids_are_kept_in_the_memo_of_typed_points(
    rules: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (tenth round) a choice's verdict looks its answer up in one memo, the memo of typed
    # points, preset with the points of each level id as written (also after forget()):
    # a level id and a level as typed met before are one lookup, not two; what is met for
    # the first time is read by the subscript; results the reference's
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    fast.verdict(_PLAIN_ANSWERS, {}, True)  # compiles the scorers
    for _ in range(2):
        for leaf_id, levels in (("lv", _LEVELS), ("lv_case", _CASE_LEVELS)):
            memo = fast._readings[f"{leaf_id} typed 0"]
            for level in levels:
                # (get: no reading of what is not there)
                assert memo.get(level["id"]) == fast.numbers.scaled(Fraction(level["points"]))
        memos = [fast._readings[f"lv_ev typed {ev}"] for ev in range(4)]
        assert memos[3].get("met") == memos[1].get("met") == fast.numbers.scaled(Fraction(2))
        assert memos[0].get("met") == memos[2].get("met") == 0  # lacking its justification
        assert "own" not in memos[3]  # its own evidence rules: the reference judges it
        fast.forget()
    subscripts: list[object] = []

    def counted(memo: TypedReadings, raw: object) -> object:
        subscripts.append(raw)
        return dict.__getitem__(memo, raw)

    monkeypatch.setattr(TypedReadings, "__getitem__", counted, raising=False)
    cases = [
        {**_PLAIN_ANSWERS, "lv": level["id"], "lv_case": case["id"]}
        for level, case in zip(_LEVELS, _CASE_LEVELS, strict=True)
    ]
    cases.append({**_PLAIN_ANSWERS, "lv_ev": {"value": "both", "justification": "Biên bản 12"}})
    for answers in cases:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        assert fast.verdict(answers, {}, True)[:3] == (
            reference.total,
            reference.certified,
            reference.tier,
        )
    assert subscripts == []  # every id found by the memo's get, none read


# --- group shares not whole, and groups rescaled after N/A (eleventh round) -------------------

_MODES = ["half_up", "half_even", "down", "up"]
_CHILD_POINTS: list[Decimal] = [Decimal(p) for p in ("0", "1", "2", "3", "7", "0.5", "2.5")]


@st.composite
def _share_rubric(draw: st.DrawFn) -> dict[str, Any]:
    """A ``sum`` or ``scaled`` group of drawn criteria (yes/no, levels, bands, and a group
    with a bonus child: it may score above its maximum), some left out by N/A; drawn
    maximum, ``incomplete_cap`` and rounding (places and mode)."""
    aggregate = draw(st.sampled_from(["sum", "scaled"]))
    children: list[dict[str, Any]] = []
    reach = Decimal(0)
    for i in range(draw(st.integers(1, 5))):
        cid = f"k{i}"
        na = {"counts_as": draw(st.sampled_from(["excluded", "excluded", "satisfied"]))}
        points = draw(st.sampled_from(_CHILD_POINTS))
        shape = draw(st.sampled_from(["boolean", "levels", "bands", "group"]))
        reach += 4 if shape == "bands" else (points or 1) if shape == "group" else points
        if shape == "boolean":
            children.append(_leaf(cid, {"kind": "boolean", "points": points}, na=na))
        elif shape == "levels":
            levels = [{**lv, "points": min(lv["points"], 1) * points} for lv in _LEVELS]
            children.append(_leaf(cid, {"kind": "levels", "levels": levels}, na=na))
        elif shape == "bands":
            bands = {**_BANDS, "bands": [{**b, "points": b["points"] * 2} for b in _BANDS["bands"]]}
            children.append(_leaf(cid, bands, na=na))
        else:  # up to 1 point above its maximum
            a = _leaf(f"{cid}.a", {"kind": "boolean", "points": points or 1}, na=na)
            b = _leaf(f"{cid}.b", {"kind": "boolean", "points": 1}, bonus=True)
            children.append({"id": cid, "title": cid, "children": [a, b]})
    group: dict[str, Any] = {"id": "g", "title": "g", "children": children}
    maxima = [Decimal(m) for m in ("1", "3", "7", "10", "100", "2.5")]
    if aggregate == "sum":  # at most what the children reach
        maxima = [m for m in maxima if m <= reach]
    if maxima and (aggregate == "scaled" or draw(st.booleans())):
        group["max"] = draw(st.sampled_from(maxima))
    if aggregate == "scaled":
        group["aggregate"] = "scaled"
    top = Decimal(group.get("max", reach))
    if draw(st.booleans()):
        cap = top * draw(st.sampled_from([0, 1, 2, 3])) / 4
        # 1.125 written 1.1250, as a rubric must (1.125 may be 1125)
        group["incomplete_cap"] = Decimal(unambiguous(str(cap)))
    if draw(st.integers(0, 4)):
        group["round"] = {"places": draw(st.integers(-1, 2)), "mode": draw(st.sampled_from(_MODES))}
    return {
        "format": 1,
        "id": "shares",
        "version": "1",
        "title": "Shares",
        "scoring": {"missing": "zero"},
        "criteria": [group, _leaf("other", {"kind": "boolean", "points": 1})],
        "tiers": [
            {"id": "low", "label": "Low", "rank": 1, "min": 0},
            {"id": "high", "label": "High", "rank": 2, "min": 1},
        ],
    }


_SHARE_ANSWERS: dict[str, list[Any]] = {
    "boolean": [True, False, "có", " No ", "N/A", " na ", {"value": "N/A"}],
    "levels": ["good", "fair", "Poor", " GOOD ", "Tốt", "N/A", "na", {"value": " n/a "}],
    "bands": [72, 49, "72.5", 50.0, Decimal("49.99"), "N/A", " NA ", {"value": "na"}],
}


@st.composite
def _share_answers(draw: st.DrawFn, rubric: dict[str, Any]) -> dict[str, Any]:
    group = rubric["criteria"][0]
    answers: dict[str, Any] = {"other": draw(st.booleans())}
    for child in group["children"]:
        leaves = child.get("children", [child])
        for leaf in leaves:
            kind = leaf["rule"]["kind"]
            if leaf.get("bonus"):
                answers[leaf["id"]] = draw(st.booleans())
            else:
                answers[leaf["id"]] = draw(st.sampled_from(_SHARE_ANSWERS[kind]))
    return answers


@given(data=st.data())
def test_group_shares_and_rescaled_groups_are_the_references(data: st.DataObject) -> None:
    # (eleventh round) a share not whole finished from its two integers (caps compared
    # cross-multiplied, rounded by Numbers.round_ratio), a group with children left out by
    # N/A rescaled inline: verdict, result, every NodeResult, JSON, problems as the
    # reference's, with drawn groups, caps, rounding and excluded sets; memos carried across
    # assessments, each scored twice
    spec = data.draw(_share_rubric(), label="rubric")
    rubric = rubric_from_mapping(spec)
    assert rubric._fast is not None
    for _ in range(3):
        answers = data.draw(_share_answers(spec), label="answers")
        _same(rubric, answers)
        _same(rubric, answers)


def _shares_rubric(mode: str) -> Rubric:
    """A ``scaled`` group of three yes/no criteria (a third each: a share not whole) with an
    ``incomplete_cap``, rounded to whole points; a ``sum`` group whose criteria N/A leaves
    out (rescaled), rounded to one place."""
    yes_no = {"kind": "boolean", "points": 1}
    out = {"counts_as": "excluded"}
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "shares",
            "version": "1",
            "title": "Shares",
            "criteria": [
                {
                    "id": "share",
                    "title": "Share",
                    "aggregate": "scaled",
                    "max": 100,
                    "incomplete_cap": 99,
                    "round": {"places": 0, "mode": mode},
                    "children": [_leaf(f"s{i}", yes_no) for i in range(3)],
                },
                {
                    "id": "sum",
                    "title": "Sum",
                    "round": {"places": 1, "mode": mode},
                    "children": [
                        _leaf("n0", {"kind": "boolean", "points": 3}, na=out),
                        _leaf("n1", {"kind": "boolean", "points": 2}, na=out),
                        _leaf("n2", {"kind": "boolean", "points": 2}, na=out),
                    ],
                },
            ],
            "tiers": [{"id": "low", "label": "Low", "rank": 1, "min": 0}],
        }
    )


@pytest.mark.parametrize("mode", _MODES)
def test_group_shares_and_rescales_make_no_fraction_and_call_no_group(mode: str) -> None:
    # (eleventh round) a share not whole (1/3, 2/3 of 100) is finished from its two integers
    # (no _frac), and N/A leaving criteria out of a sum is rescaled in the generated code (no
    # _group): both were the reference's helpers before; every group left out too
    rubric = _shares_rubric(mode)
    fast = _evaluator(rubric)
    whole = {"s0": True, "s1": True, "s2": True, "n0": True, "n1": True, "n2": True}
    fast.verdict(whole, {}, False)  # the scorers written (on the first call)
    calls: list[str] = []
    for space in _scorer_namespaces(fast):
        for name in ("_frac", "_group"):
            helper = space[name]

            def counted(*args: Any, helper: Any = helper, name: str = name) -> Any:
                calls.append(name)
                return helper(*args)

            space[name] = counted
    cases = [
        {"s0": True, "s1": False, "s2": False, "n0": "N/A", "n1": True, "n2": False},
        {"s0": True, "s1": True, "s2": False, "n0": True, "n1": "na", "n2": True},
        {"s0": " yes ", "s1": True, "s2": True, "n0": "N/A", "n1": " N/A ", "n2": "N/A"},
        {"s0": False, "s1": "có", "s2": False, "n0": False, "n1": True, "n2": "N/A"},
    ]
    for answers in cases:
        for _ in range(2):
            reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
            assert fast.verdict(answers, {}, False)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
            _same(rubric, answers)
    assert calls == []


#: yes/no answered as words and as 1 and 0, plain, to flags no condition reads
_FLAG_WORDS: list[dict[str, Any]] = [
    {"b_plain": "có", "b_none": " Yes ", "flag_src": "KHÔNG", "b_out": 1, "b_round": "x"},
    {"b_plain": "N/A", "b_out": " na ", "b_none": 0, "b_round": _nfd(" Đạt "), "b_ev": "no"},
    {"b_plain": " không ", "b_out": "NA", "b_none": "TRUE", "flag_src": 1, "b_ev": " N/A "},
]


@pytest.mark.parametrize("rules", list(RULES))
def test_flag_words_met_again_are_looked_up_by_the_memos_get(
    rules: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (eleventh round) a yes/no word (or 1, 0, N/A) met before, to a flag answered alone, is
    # found by the bound ``get`` of its memo of points, as levels are (a dict subclass's
    # subscript costs about 130 instructions more a hit): the subscript reads only what is
    # met for the first time; results the reference's
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    cases = [{**_PLAIN_ANSWERS, **typed} for typed in _FLAG_WORDS]
    subscripts: list[object] = []

    def counted(memo: TypedReadings, raw: object) -> object:
        subscripts.append(raw)
        return dict.__getitem__(memo, raw)

    monkeypatch.setattr(TypedReadings, "__getitem__", counted, raising=False)
    for answers in cases:
        fast.verdict(answers, {}, True)  # met for the first time: read by the subscript
    assert subscripts
    subscripts.clear()
    for answers in cases:
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        for _ in range(2):
            assert fast.verdict(answers, {}, True)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
            _same(rubric, answers)
    assert subscripts == []


@pytest.mark.parametrize("typed", [" Có ", "có", {"value": "Có", "justification": "Biên bản 12"}])
def test_a_source_reads_what_its_readers_refuse_as_refused(typed: object) -> None:
    # (eleventh round) " Có " is the source's label of one level and its reader's of two: the
    # reference refuses the shared answer, so the compiled verdict must not score the source
    # from its own reading (the memo of the source's typed readings asks every reader); a
    # rubric of its own, compiled in the test (a module's rubric is compiled at import)
    rubric = rubric_from_mapping(_rubric_data(None))
    answers = {**_PLAIN_ANSWERS, "src": typed}
    with pytest.raises(Fallback):  # refused: the reference says why
        _evaluator(rubric).verdict(answers, {}, True)
    _same(rubric, answers)


def _number_then_levels(ident: str) -> dict[str, Any]:
    levels = {"kind": "levels", "levels": [{"id": "hi", "points": 2}, {"id": "lo", "points": 0}]}
    return {
        "format": 1,
        "id": "apart",
        "version": "1",
        "title": "Apart",
        "scoring": {"missing": "zero"},
        "criteria": [
            _leaf("n", _BANDS, na={"counts_as": "satisfied"}),  # its N/A memo made first
            _leaf(ident, levels),
        ],
        "tiers": [{"id": "low", "label": "Low", "rank": 1, "min": 0}],
    }


@pytest.mark.parametrize("ident", ["XXXX", "na", "typed", "n.na"])
def test_the_memo_of_na_text_is_apart_from_every_criterions(ident: str) -> None:
    # (eleventh round) numbers' memo of whether text is N/A is kept under a key no criterion
    # id can be (the empty one): a criterion of any id (here words a key might be made of,
    # and XXXX, mutmut's word for a changed string) reads its answers as typed in its own
    # memo, without the reference, after a number's N/A memo was made
    rubric = rubric_from_mapping(_number_then_levels(ident))
    fast = _evaluator(rubric)
    for answers in ({"n": "N/A", ident: " HI "}, {"n": 60, ident: "Lo"}):
        reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
        for _ in range(2):
            assert fast.verdict(answers, {}, True)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
    assert fast._scored == {}


def test_numbers_share_one_memo_of_na_text() -> None:
    # (eleventh round) whether text is N/A is read once for every criterion whose other
    # answers are numbers (one memo, ``_readings[""]``, of ``is_na`` alone: not each
    # criterion's own reading, which would parse the text as a number too, a memo each)
    rubric = rubric_from_mapping(_rubric_data(None))
    fast = _evaluator(rubric)
    answers = {**_PLAIN_ANSWERS, "n_sat": " N/A ", "n_out": " N/A ", "n_ev": "NA"}
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert fast.verdict(answers, {}, True)[:3] == (
        reference.total,
        reference.certified,
        reference.tier,
    )
    memo = fast._readings[""]
    assert memo[" N/A "] == memo["NA"] == NA_READ
    assert memo["72.5"] is None  # not N/A: what number it is, the number paths read
    for number in ("n_sat", "n_out", "n_none", "n_ev"):
        assert number not in fast._readings


def _halves_rubric(aggregate: str) -> Rubric:
    """A ``sum`` or ``scaled`` group of criteria worth 2.5 and 1.5 points that N/A may leave
    out, with a bonus criterion in a sum: at a scale of no places its maxima are not whole."""
    out = {"counts_as": "excluded"}
    group: dict[str, Any] = {
        "id": "g",
        "title": "g",
        "children": [
            _leaf("h0", {"kind": "boolean", "points": Decimal("2.5")}, na=out),
            _leaf("h1", {"kind": "boolean", "points": Decimal("1.5")}, na=out),
            _leaf("h2", {"kind": "boolean", "points": 1}),
            _leaf("hb", {"kind": "boolean", "points": 1}, bonus=True),
        ],
    }
    if aggregate == "scaled":  # (bonus only in a sum)
        group.update(aggregate="scaled", max=10, children=group["children"][:3])
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "halves",
            "version": "1",
            "title": "Halves",
            "criteria": [group],
            "tiers": [
                {"id": "low", "label": "Low", "rank": 1, "min": 0},
                {"id": "high", "label": "High", "rank": 2, "min": 3},
            ],
        }
    )


@pytest.mark.parametrize("aggregate", ["sum", "scaled"])
def test_a_group_rescaled_at_a_scale_its_maxima_are_not_whole_at(aggregate: str) -> None:
    # (eleventh round, kills Generator._rescaled's mutants of its general branch) at a scale
    # of no places (measuring), 2.5 and 1.5 are not whole: a group N/A may rescale goes to the
    # reference's _group, bonus included, and scores as the reference does
    rubric = _halves_rubric(aggregate)
    measured = FastEvaluator(rubric._plan, rubric._info, places=0)
    assert "_group(" in measured.source
    cases: list[dict[str, object]] = [
        {"h0": True, "h1": "N/A", "h2": True, "hb": True},
        {"h0": "N/A", "h1": True, "h2": False, "hb": True},
        {"h0": "N/A", "h1": "N/A", "h2": True, "hb": False},
        {"h0": True, "h1": False, "h2": True, "hb": True},
    ]
    for answers in cases:
        if aggregate == "scaled":
            answers = {k: v for k, v in answers.items() if k != "hb"}
        expected = rubric.evaluate(Assessment(answers=answers), engine="reference")
        verdict = measured.verdict(answers, {}, False)
        assert tuple(verdict[:3]) == (expected.total, expected.certified, expected.tier)
        full = measured.result(answers, {}, False, None, None)
        assert dict(full.nodes) == dict(expected.nodes)


def _scaled_rubric(top: int, points: list[int], bonus_below: bool = False) -> Rubric:
    """A ``scaled`` group of ``max`` ``top`` over yes/no criteria worth ``points``; with
    ``bonus_below``, one more child: a sum of a 0-point criterion and a bonus point (its
    maximum 0, it may score 1)."""
    children = [_leaf(f"p{i}", {"kind": "boolean", "points": p}) for i, p in enumerate(points)]
    if bonus_below:
        zero = _leaf("z0", {"kind": "boolean", "points": 0})
        extra = _leaf("zb", {"kind": "boolean", "points": 1}, bonus=True)
        children.append({"id": "z", "title": "z", "children": [zero, extra]})
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "scaled",
            "version": "1",
            "title": "Scaled",
            "criteria": [
                {"id": "g", "title": "g", "aggregate": "scaled", "max": top, "children": children},
                _leaf("other", {"kind": "boolean", "points": 1}),
            ],
            "tiers": [
                {"id": "low", "label": "Low", "rank": 1, "min": 0},
                {"id": "high", "label": "High", "rank": 2, "min": 2},
            ],
        }
    )


@pytest.mark.parametrize(
    ("top", "points", "bonus_below"),
    [(10, [2, 3], False), (5, [4, 6], False), (3, [0, 0], True), (7, [3, 0], True)],
)
def test_scaled_groups_whose_factor_is_whole_or_a_half_or_whose_reach_is_zero(
    top: int, points: list[int], bonus_below: bool
) -> None:
    # (eleventh round, kills aggregates.scaled._plain's mutants 14, 21-26) a scaled group whose
    # maximum over its children's is whole (10 / 5), a half (5 / 10), or whose children can
    # reach nothing (a child group of maximum 0 scoring its bonus point): compiled, and
    # scored as the reference scores it
    rubric = _scaled_rubric(top, points, bonus_below)
    fast = _evaluator(rubric)
    assert "_group(" not in fast.source
    for yes in (True, False):
        for other in (True, False):
            answers: dict[str, Any] = {f"p{i}": yes for i in range(len(points))}
            answers["p0"] = not yes
            answers["other"] = other
            if bonus_below:
                answers.update(z0=yes, zb=True)
            assert fast.result(answers, {}, False, None, None) == rubric.evaluate(
                Assessment(answers=answers), engine="reference"
            )
            _same(rubric, answers)


def _rescaled_edges_rubric() -> Rubric:
    """Sum groups N/A may rescale: ``zero`` of a 0-point criterion always there, one N/A may
    leave out (what is left can reach 0) and a bonus point; ``over`` of a child group with a
    bonus point (it may score above its maximum) and a criterion N/A may leave out."""
    out = {"counts_as": "excluded"}
    inner = {
        "id": "inner",
        "title": "inner",
        "children": [
            _leaf("i0", {"kind": "boolean", "points": 1}),
            _leaf("ib", {"kind": "boolean", "points": 1}, bonus=True),
        ],
    }
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "edges",
            "version": "1",
            "title": "Edges",
            "criteria": [
                {
                    "id": "zero",
                    "title": "zero",
                    "children": [
                        _leaf("z0", {"kind": "boolean", "points": 0}),
                        _leaf("z1", {"kind": "boolean", "points": 2}, na=out),
                        _leaf("zb", {"kind": "boolean", "points": 1}, bonus=True),
                    ],
                },
                {
                    "id": "over",
                    "title": "over",
                    "children": [inner, _leaf("o1", {"kind": "boolean", "points": 1}, na=out)],
                },
            ],
            "tiers": [
                {"id": "low", "label": "Low", "rank": 1, "min": 0},
                {"id": "high", "label": "High", "rank": 2, "min": 2},
            ],
        }
    )


def test_rescaled_sums_reaching_zero_or_above_their_maximum() -> None:
    # (eleventh round, kills Generator._rescaled's mutants 124, 139, 140, 143, 155, 158) a
    # rescaled sum whose criteria left reach 0 scores 0 (no division by 0), plus its bonus;
    # one whose child group scores its bonus point is capped at its maximum after rescaling
    rubric = _rescaled_edges_rubric()
    fast = _evaluator(rubric)
    for z1 in (True, False, "N/A"):
        for o1 in (True, False, "N/A"):
            for ib in (True, False):
                answers = {"z0": True, "z1": z1, "zb": ib, "i0": True, "ib": ib, "o1": o1}
                expected = rubric.evaluate(Assessment(answers=answers), engine="reference")
                assert fast.result(answers, {}, False, None, None) == expected
                verdict = fast.verdict(answers, {}, False)
                assert tuple(verdict[:3]) == (expected.total, expected.certified, expected.tier)


@pytest.mark.parametrize(
    ("top", "points", "divisor"),
    [(10, [2, 3], 1), (5, [4, 6], 2), (100, [1, 1, 1], 3), (3, [0, 0], 1)],
)
def test_an_aggregates_plain_code_returns_the_divisor_it_leaves(
    monkeypatch: pytest.MonkeyPatch, top: int, points: list[int], divisor: int
) -> None:
    # (twelfth round) what a group's plain code leaves ``x`` to be divided by is what its
    # ``plain`` returns beside the bound (no state the generator keeps between the two), and
    # the group's code divides by that: the share scored as the reference scores it (kills
    # aggregates.scaled._plain's mutant 15: children reaching 0 leave nothing to divide)
    from tiercert._fast.codegen import Generator
    from tiercert.aggregates import scaled

    returned: list[object] = []
    plain = scaled.KIND.plain
    assert plain is not None

    def recorded(*args: Any) -> Any:
        returned.append(plain(*args))
        return returned[-1]

    monkeypatch.setattr(scaled.KIND, "plain", recorded)
    assert not hasattr(Generator, "divide_by")
    rubric = _scaled_rubric(top, points)
    fast = _evaluator(rubric)
    for yes in (True, False):
        answers: dict[str, Any] = {f"p{i}": yes for i in range(len(points))}
        answers["p0"] = not yes
        answers["other"] = yes
        for _ in range(2):
            expected = rubric.evaluate(Assessment(answers=answers), engine="reference")
            assert fast.result(answers, {}, False, None, None) == expected
            assert tuple(fast.verdict(answers, {}, False)[:3]) == (
                expected.total,
                expected.certified,
                expected.tier,
            )
            _same(rubric, answers)
    assert returned
    assert all(got == (sum(points), divisor) for got in returned)
    assert ("_rq(" in fast.source or "_frac(" in fast.source) == (divisor != 1)


#: one-key mappings: a value alone (no evidence), to criteria checking evidence inline and
#: to ones that do not (a word, a level, N/A, a number); and one key that is not "value"
_ONE_KEY: list[dict[str, Any]] = [
    {"lv_ev": {"value": "met"}, "b_ev": {"value": True}, "n_ev": {"value": 7}},
    {"lv_ev": {"value": " BOTH "}, "b_ev": {"value": "có"}, "n_ev": {"value": "N/A"}},
    {"lv": {"value": " GOOD "}, "b_plain": {"value": "N/A"}, "n_sat": {"value": "na"}},
    {"lv_ev": {"value": "unmet"}, "b_ev": {"value": False}, "lv": {"value": "na"}},
]


@pytest.mark.parametrize("rules", list(RULES))
def test_one_key_mappings_are_read_without_a_call_or_a_memo(rules: str) -> None:
    # (twelfth round) a mapping of one key, "value", carries no evidence: its bits are a
    # literal of the generated code, so even met for the first time it is read without _evd
    # and without the memo of evidence (a mapping of one other key still goes through _evd,
    # and the reference says why it is refused)
    rubric = rubric_from_mapping(_rubric_data(RULES[rules]))
    fast = _evaluator(rubric)
    fast.verdict(_PLAIN_ANSWERS, {}, True)  # the scorers written (on the first call)
    calls: list[dict[str, Any]] = []
    for space in _scorer_namespaces(fast):
        read = space["_evd"]

        def counted(raw: Any, read: Any = read) -> Any:
            calls.append(raw)
            return read(raw)

        space["_evd"] = counted
    fast.forget()
    for typed in _ONE_KEY:
        answers = {**_PLAIN_ANSWERS, **typed}
        for _ in range(2):
            reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
            assert fast.verdict(answers, {}, True)[:3] == (
                reference.total,
                reference.certified,
                reference.tier,
            )
            _same(rubric, answers)
    assert [raw for raw in calls if len(raw) == 1] == []  # (the plain answers' are not)
    for other in ({"justification": "Biên bản 12"}, {"note": "n"}, {"url": "https://x.org"}):
        for name in ("lv_ev", "b_ev", "lv", "n_ev"):
            _same(rubric, {**_PLAIN_ANSWERS, name: other})
    assert [raw for raw in calls if len(raw) == 1]
