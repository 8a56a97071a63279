"""Words for yes and no (and 1 and 0) typed to a yes/no criterion of a large rubric's verdict,
whose criteria are scored by loops over tables (``_fast/tables.py``): read by the generated
code itself (``Generator._typed_hit``'s path for a rubric of loops: by the memo's subscript
alone), not handed to the reference one by one (``_slow``), which would give the same verdict
more slowly and hide a mistake in that code (thirteenth round: ``_typed_hit`` 13 read them as
N/A only).  Each rubric is built inside its test: a mutation run forks each mutant after the
test modules are imported (docs/testing.md, "Mutation testing")."""

from __future__ import annotations

from typing import Any

import pytest
from test_shared_helpers import leaf, rubric, verdict_reads

from tiercert import Rubric
from tiercert._fast import FastEvaluator


def _in_loops(r: Rubric) -> FastEvaluator:
    """``r``'s compiled evaluator in the table-driven form, every criterion in a loop."""
    fast = FastEvaluator(r._plan, r._info, tables=0, loops_from=1)
    r.__dict__["_fast"] = fast
    r._warm_up = 0
    return fast


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
    assert verdict_reads(r, answers) == []
    # and met again, from the memo
    assert verdict_reads(r, answers) == []


def test_a_yes_or_no_given_as_a_mapping_is_looked_up_by_the_subscript_alone() -> None:
    """A yes/no answer given as a mapping (``{"value": "yes", ...}``) is looked up in the memo
    of typed points by its subscript alone (``Generator._mapped_hit``), as its plain words are
    (``_typed_hit``): not by the memo's bound ``get`` first, so that in a large rubric's loops
    a yes/no criterion's row stays four constants, all unpacked, not a pair of the memos and
    their ``get``s to index (fourteenth round: ``_mapped_hit`` 33, 37, 38 gave the same
    verdict that way).  The mappings are still read by the generated code."""
    r = rubric(*(leaf(f"c{k}", k + 1) for k in range(8)))
    plain = FastEvaluator(r._plan, r._info).source.split("\n\n")[0]
    fast = _in_loops(r)
    loops = fast.source.split("\n\n")[0]
    for verdict in (plain, loops):
        assert "(vm := " in verdict  # the generated code reads a mapping's value itself
        assert "_get[" not in verdict
    assert "for z0, z1, z2, z3 in " in loops
    words = ("yes", "no", "có", "không")
    answers: dict[str, Any] = {f"c{k}": {"value": words[k % 4]} for k in range(8)}
    answers["c1"] = {"value": "no", "justification": "seen"}
    assert verdict_reads(r, answers) == []
    assert verdict_reads(r, answers) == []
