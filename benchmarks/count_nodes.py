"""The work of full results, for runs under callgrind: instructions do not vary with load.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/count_nodes.py bac_giang_friendly_gov nodes 0
    # ... then 10: (instructions of "10" - of "0") / 1,000 is one assessment

Draws 100 assessments of the rubric in one answer style (``answers.py``; integer unless a
fourth argument names another), scores each once (compiling the scorers, filling the memos
as any pass after the first finds them), then runs ``PASSES`` passes of one measure over
them: ``hand`` (the hand-written scorer), ``verdict`` (the compiled verdict function),
``full`` (the full scorer alone), ``result`` (``FastEvaluator.result``), ``evaluate``
(``Rubric.evaluate``), ``nodes`` (``evaluate()`` then id, score and status of every
``NodeResult``, as ``bench_engines.py`` reads them), ``fresh`` (the same, each pass with
every memo of answers emptied first: answers met for the first time) or ``to_dict``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from answers import Style, styled_cases
from common import ROOT, Answers, Facts, forget, synthetic_data
from hand_written import hand_scorer

import tiercert


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    name, what, passes = args[0], args[1], int(args[2])
    style: Style = args[3] if len(args) > 3 else "integer"  # type: ignore[assignment]
    if name == "synthetic40":
        rubric = tiercert.rubric_from_mapping(synthetic_data())
    else:
        rubric = tiercert.load_rubric(ROOT / "rubrics" / f"{name}.yaml")
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    cases = styled_cases(rubric, style, 100)
    for answers, facts in cases:
        result = rubric.evaluate(answers, facts=facts)
        [(n.id, n.score, n.status) for n in result.nodes.values()]
        result.to_dict()
        fast.verdict(answers, facts, zero)
    hand = hand_scorer(rubric.id, style)

    def read(a: Answers, f: Facts) -> object:
        return [(n.id, n.score, n.status) for n in rubric.evaluate(a, facts=f).nodes.values()]

    measures: dict[str, Callable[[Answers, Facts], object] | None] = {
        "hand": hand,
        "verdict": lambda a, f: fast.verdict_function(a, f, zero, {}),
        "full": lambda a, f: fast._full(a, f, zero, {}),
        "result": lambda a, f: fast.result(a, f, zero, None, None),
        "evaluate": lambda a, f: rubric.evaluate(a, facts=f),
        "nodes": read,
        "fresh": read,
        "to_dict": lambda a, f: rubric.evaluate(a, facts=f).to_dict(),
    }
    measure = measures[what]
    if measure is None:
        raise SystemExit(f"no hand-written scorer for {rubric.id} in the {style} style")
    for _ in range(passes):
        if what == "fresh":
            forget()
        for answers, facts in cases:
            measure(answers, facts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
