"""The work of the compiled verdict, for runs under callgrind: instructions do not vary with load.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/count_instructions.py openssf_best_practices 0 0
    # ... 30 0 and 0 30: (instructions of "30 0" - of "0 0") / 3,000 is one integer verdict
    # ... 0 30 Decimal: the second style another than the mix (integer, decimal text, float,
    # Decimal or mix; "decimal text" quoted)
    # ... 0 30 Decimal 30 and 0 0 Decimal 30: each pass of the second style on new Decimal
    # objects (30 renewed copies made before any pass, in both runs)

    # one run for several styles: PASSES passes of each, each between two markers
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
        --dump-before='os_getppid*' \
        python benchmarks/count_instructions.py synthetic40 phases 10 integer mix Decimal
    grep -H '^totals:' /tmp/cg.out.*   # .2, .3, .4: the styles in order; / 1,000 a verdict

    # RUBRIC: a name under rubrics/, synthetic40, or scale<N> (bench_scale.py's, N criteria)

Draws 100 assessments of the rubric in the integer style and 100 in the mix style
(``answers.py``), scores each once (compiling the scorer, filling the memos as any pass
after the first finds them), then runs the compiled verdict function over the integer ones
``INTEGER_PASSES`` times and over the mix ones ``MIX_PASSES`` times (or those of the style
given fourth).  A fifth argument ``RENEW`` makes that many copies of the second style's
assessments with new ``Decimal`` objects of the same texts (``common.renewed``) before any
pass, and each pass scores a copy of its own while there are copies: a reader gives new
Decimals, whose hashes are not computed yet (the same objects again have theirs cached).
Give the same ``RENEW`` to the run it is subtracted from.  On a shared machine
the timings of ``bench_engines.py`` move by 10 % from one run to the next; the instructions
(callgrind's count, hash seed fixed) do not.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import yaml
from answers import STYLES, Style, styled_cases
from common import ROOT, Case, renewed, synthetic_data

import tiercert


def renewed_copies(cases: list[Case], count: int) -> list[list[Case]]:
    """``count`` copies of ``cases`` with new Decimal objects (``common.renewed``)."""
    return [[renewed(case) for case in cases] for _ in range(count)]


def phases(rubric: tiercert.Rubric, passes: int, styles: Sequence[str]) -> None:
    """Each style's ``passes`` passes over 100 assessments between calls of ``os.getppid``
    (the marker: run under ``--dump-before='os_getppid*'`` callgrind writes a file of counts
    at each, see the module's docstring), every pass on new Decimal objects; everything else
    (import, compiling, drawing, the copies, the first verdicts) before the first marker."""
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    runs = []
    for style in styles:
        if style not in STYLES:
            raise SystemExit(f"style: one of {', '.join(STYLES)}")
        cases = styled_cases(rubric, style, 100)
        for answers, facts in cases:
            fast.verdict(answers, facts, zero)
        runs.append(renewed_copies(cases, passes))
    verdict = fast.verdict_function
    for copies in runs:
        os.getppid()
        for cases in copies:
            for answers, facts in cases:
                verdict(answers, facts, zero, {})
    os.getppid()


def named_rubric(name: str) -> tiercert.Rubric:
    """A rubric under rubrics/, ``synthetic40`` or ``scale<N>`` (bench_scale.py's, N criteria)."""
    if name == "synthetic40":
        return tiercert.rubric_from_mapping(synthetic_data())
    if name.startswith("scale"):
        from bench_scale import rubric_yaml

        rubric = tiercert.rubric_from_mapping(yaml.safe_load(rubric_yaml(int(name[5:]))))
        rubric._warm_up = 0  # compiled now, as a large rubric's 17th call would be
        return rubric
    return tiercert.load_rubric(ROOT / "rubrics" / f"{name}.yaml")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[1] == "phases":
        phases(named_rubric(args[0]), int(args[2]), args[3:])
        return 0
    name, integer_passes, mix_passes = args[0], int(args[1]), int(args[2])
    other = args[3] if len(args) > 3 else "mix"
    renew = int(args[4]) if len(args) > 4 else 0
    if other not in STYLES:
        raise SystemExit(f"style: one of {', '.join(STYLES)}")
    rubric = named_rubric(name)
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    runs = []
    styles: tuple[tuple[Style, int], ...] = (
        ("integer", integer_passes),
        (other, mix_passes),
    )
    for style, passes in styles:
        cases = styled_cases(rubric, style, 100)
        for answers, facts in cases:
            fast.verdict(answers, facts, zero)
        runs.append((cases, passes, [] if style == "integer" else renewed_copies(cases, renew)))
    verdict = fast.verdict_function
    for cases, passes, copies in runs:
        for i in range(passes):
            for answers, facts in copies[i] if i < len(copies) else cases:
                verdict(answers, facts, zero, {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
