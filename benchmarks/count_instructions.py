"""The work of the compiled verdict, for runs under callgrind: instructions do not vary with load.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/count_instructions.py openssf_best_practices 0 0
    # ... 30 0 and 0 30: (instructions of "30 0" - of "0 0") / 3,000 is one integer verdict
    # RUBRIC: a name under rubrics/, synthetic40, or scale<N> (bench_scale.py's, N criteria)

Draws 100 assessments of the rubric in the integer style and 100 in the mix style
(``answers.py``), scores each once (compiling the scorer, filling the memos as any pass
after the first finds them), then runs the compiled verdict function over the integer ones
``INTEGER_PASSES`` times and over the mix ones ``MIX_PASSES`` times.  On a shared machine
the timings of ``bench_engines.py`` move by 10 % from one run to the next; the instructions
(callgrind's count, hash seed fixed) do not.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import yaml
from answers import Style, styled_cases
from common import ROOT, synthetic_data

import tiercert


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    name, integer_passes, mix_passes = args[0], int(args[1]), int(args[2])
    if name == "synthetic40":
        rubric = tiercert.rubric_from_mapping(synthetic_data())
    elif name.startswith("scale"):  # bench_scale.py's rubric of that many criteria
        from bench_scale import rubric_yaml

        rubric = tiercert.rubric_from_mapping(yaml.safe_load(rubric_yaml(int(name[5:]))))
        rubric._warm_up = 0  # compiled now, as a large rubric's 17th call would be
    else:
        rubric = tiercert.load_rubric(ROOT / "rubrics" / f"{name}.yaml")
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    runs = []
    styles: tuple[tuple[Style, int], ...] = (("integer", integer_passes), ("mix", mix_passes))
    for style, passes in styles:
        cases = styled_cases(rubric, style, 100)
        for answers, facts in cases:
            fast.verdict(answers, facts, zero)
        runs.append((cases, passes))
    verdict = fast.verdict_function
    for cases, passes in runs:
        for _ in range(passes):
            for answers, facts in cases:
                verdict(answers, facts, zero, {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
