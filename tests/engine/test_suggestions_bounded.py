""" "Did you mean" for an unknown id costs a bounded amount of work, whatever the input: a fuzz
test once hit its 20 s watchdog inside difflib (an unknown key against thousands of ids,
each as alike by its letters as the key: difflib compared every one in full, each
comparison costing the product of the two lengths).  Work is counted here (full comparisons
made, lengths compared), not timed; and the suggestion is difflib's own wherever the bounds
do not bite."""

from __future__ import annotations

import difflib
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from tiercert import AssessmentError
from tiercert._paths import SUGGEST_LENGTH, SUGGEST_RATIOS, closest, did_you_mean


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
