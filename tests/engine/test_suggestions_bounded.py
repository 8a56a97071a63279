""" "Did you mean" for an unknown id costs a bounded amount of work, whatever the input: a fuzz
test once hit its 20 s watchdog inside difflib (an unknown key against thousands of ids,
each as alike by its letters as the key: difflib compared every one in full, each
comparison costing the product of the two lengths).  Work is counted here (full comparisons
made, lengths compared), not timed; and the suggestion is difflib's own wherever the bounds
do not bite."""

from __future__ import annotations

import difflib
import random
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from tiercert import AssessmentError
from tiercert._paths import LISTED, SUGGEST_LENGTH, SUGGEST_RATIOS, closest, did_you_mean, listed


class Work:
    """The full comparisons difflib makes, and the longest text it is given."""

    def __init__(self) -> None:
        self.ratios = 0
        self.longest = 0


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Work:
    counted = Work()
    ratio = difflib.SequenceMatcher.ratio
    set_seq1 = difflib.SequenceMatcher.set_seq1
    set_seq2 = difflib.SequenceMatcher.set_seq2

    def counting_ratio(self: difflib.SequenceMatcher[str]) -> float:
        counted.ratios += 1
        return ratio(self)

    def seq1(self: difflib.SequenceMatcher[str], a: Any) -> None:
        counted.longest = max(counted.longest, len(a))
        set_seq1(self, a)

    def seq2(self: difflib.SequenceMatcher[str], b: Any) -> None:
        counted.longest = max(counted.longest, len(b))
        set_seq2(self, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting_ratio)
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", seq1)
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq2", seq2)
    return counted


def _hostile(count: int, length: int) -> tuple[str, list[str]]:
    """A word and ``count`` ids made of the very same letters, shuffled: each passes
    difflib's cheap bounds, so each would be compared in full."""
    rng = random.Random(7)
    letters = [chr(ord("a") + i % 26) for i in range(length)]
    ids = []
    for _ in range(count):
        rng.shuffle(letters)
        ids.append("".join(letters))
    rng.shuffle(letters)
    return "".join(letters), ids


def test_thousands_of_alike_ids_are_not_all_compared_in_full(work: Work) -> None:
    word, ids = _hostile(5000, 120)
    did_you_mean(word, ids)
    assert work.ratios <= 2 * SUGGEST_RATIOS  # (difflib's own: 10,000)


def test_an_endless_key_is_never_given_to_difflib(work: Work) -> None:
    did_you_mean("g" * 1_000_000, ["g1", "g" * 150, "g" * 100_000])
    assert work.longest <= SUGGEST_LENGTH


def test_an_unknown_answer_key_of_a_large_rubric_is_bounded(work: Work) -> None:
    word, ids = _hostile(3000, 60)
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "big",
            "version": "1",
            "title": "Big",
            "scoring": {"missing": "zero"},
            "criteria": [
                {"id": i, "title": "C", "rule": {"kind": "boolean", "points": 1}} for i in ids
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )
    work.ratios = 0
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({word: "yes", word[::-1]: "no"}, engine="reference")
    assert [p.code for p in caught.value.problems] == ["answer.unknown"] * 2
    assert work.ratios <= 2 * 2 * SUGGEST_RATIOS


_WORDS = st.text("abcdeéE", max_size=7)


@given(_WORDS, st.lists(_WORDS, max_size=SUGGEST_RATIOS), st.sampled_from([0.0, 0.6, 0.8]))
def test_the_suggestion_is_difflibs_where_the_bounds_do_not_bite(
    word: str, choices: list[str], cutoff: float
) -> None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    assert closest(word, choices, cutoff) == (found[0] if found else None)


def test_a_typo_is_still_suggested() -> None:
    assert did_you_mean("g2.9", ["g1.1", "g2.3", "g3.1"]) == "; did you mean 'g2.3'?"
    assert did_you_mean("tot", ["Tốt", "Khá"]) == "; did you mean 'Tốt'?"


def _levels_rubric(labels: list[str], facts: tuple[dict[str, Any], ...] = ()) -> tiercert.Rubric:
    return tiercert.rubric_from_mapping(
        {
            "format": 1,
            "facts": list(facts),
            "id": "many_levels",
            "version": "1",
            "title": "Many levels",
            "criteria": [
                {
                    "id": "c1",
                    "title": "C",
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {"id": f"l{i}", "label": label, "points": i % 3}
                            for i, label in enumerate(labels)
                        ],
                    },
                }
            ],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_wrong_level_of_thousands_is_told_in_a_short_message(
    engine: Literal["fast", "reference"],
) -> None:
    # the message listed every level: a rubric of 15,000 levels wrote 100 kB per wrong cell
    rubric = _levels_rubric([f"Label {i}" for i in range(3000)])
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": "nothing like it"}, engine=engine)
    (problem,) = caught.value.problems
    assert problem.code == "answer.invalid"
    assert len(problem.message) < 500
    # each level with its label (nineteenth round), the first LISTED of them
    assert f"l{LISTED - 1} (Label {LISTED - 1}), … (and {3000 - LISTED} more)" in problem.message
    assert f"l{LISTED} (" not in problem.message


def test_a_level_among_few_is_listed_with_all_others() -> None:
    rubric = _levels_rubric([f"Label {i}" for i in range(LISTED)])
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": "nothing like it"}, engine="reference")
    listed_ = ", ".join(f"l{i} (Label {i})" for i in range(LISTED))
    assert listed_ in caught.value.problems[0].message
    assert "more)" not in caught.value.problems[0].message
    assert listed(["a", "b"]) == "a, b"


def test_a_wrong_label_against_thousands_of_alike_labels_is_bounded(work: Work) -> None:
    # the labels were compared with difflib's get_close_matches: every label in full
    word, labels = _hostile(2000, 60)
    rubric = _levels_rubric(labels)
    work.ratios = 0
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": word}, engine="reference")
    assert [p.code for p in caught.value.problems] == ["answer.invalid"]
    assert work.ratios <= 2 * 2 * SUGGEST_RATIOS


def test_a_label_typed_with_a_typo_is_still_suggested() -> None:
    rubric = _levels_rubric(["Tốt", "Khá", "Kém"])
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": "Tot lam"}, engine="reference")
    assert "did you mean 'Tốt'?" in caught.value.problems[0].message


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_wrong_choice_of_thousands_is_told_in_a_short_message(
    engine: Literal["fast", "reference"],
) -> None:
    options = [f"o{i}" for i in range(3000)]
    rubric = _levels_rubric(
        ["A", "B"], ({"id": "k", "title": "K", "type": "choice", "options": options},)
    )
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"c1": "l0"}, facts={"k": "nothing"}, engine=engine)
    (problem,) = caught.value.problems
    assert problem.code == "fact.invalid"
    assert len(problem.message) < 400
    assert f"(and {3000 - LISTED} more)" in problem.message
