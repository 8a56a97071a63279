"""Words for yes and no (and 1 and 0) typed to a yes/no criterion of a large rubric's verdict,
whose criteria are scored by loops over tables (``_fast/tables.py``): read by the generated
code itself (``Generator._typed_hit``'s path for a rubric of loops: by the memo's subscript
alone), not handed to the reference one by one (``_slow``), which would give the same verdict
more slowly and hide a mistake in that code (thirteenth round: ``_typed_hit`` 13 read them as
N/A only).  Each rubric is built inside its test: a mutation run forks each mutant after the
test modules are imported (docs/testing.md, "Mutation testing")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest
from test_shared_helpers import leaf, rubric

from tiercert import Rubric
from tiercert._fast import FastEvaluator


def _in_loops(r: Rubric) -> FastEvaluator:
    """``r``'s compiled evaluator in the table-driven form, every criterion in a loop."""
    fast = FastEvaluator(r._plan, r._info, tables=0, loops_from=1)
    r.__dict__["_fast"] = fast
    r._warm_up = 0
    return fast


def _verdict_reads(r: Rubric, fast: FastEvaluator, answers: dict[str, Any]) -> list[str]:
    """The criteria the compiled verdict hands to the reference one by one; the verdict
    itself must be the reference's."""
    read: list[str] = []
    helpers = fast._helper_table  # what the scorers are compiled with, on their first call
    slow = cast(Callable[..., Any], helpers["_slow"])

    def spy(i: int, *args: Any) -> Any:
        read.append(fast.order[i].id)
        return slow(i, *args)

    helpers["_slow"] = spy
    expected = r.evaluate(answers, engine="reference")
    found = fast.verdict(answers, {}, r.spec.scoring.missing == "zero")
    assert found == (expected.total, expected.certified, expected.tier)
    return read


@pytest.mark.parametrize(
    "words", [("yes", "no", "có", "không"), (" Yes ", "NO", 1, 0), (True, "yes", False, "no")]
)
def test_words_for_yes_and_no_in_loops_are_read_by_the_generated_code(
    words: tuple[object, ...],
) -> None:
    r = rubric(*(leaf(f"c{k}", k + 1) for k in range(8)))
    fast = _in_loops(r)
    assert "for " in fast.source.split("\n\n")[0]  # the verdict loops
    answers = {f"c{k}": words[k % len(words)] for k in range(8)}
    assert _verdict_reads(r, fast, answers) == []
    # and met again, from the memo
    assert _verdict_reads(r, fast, answers) == []
