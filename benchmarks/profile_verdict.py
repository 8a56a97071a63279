"""Where the compiled verdict's time goes, for one answer style: a cProfile of many verdicts.

    python benchmarks/profile_verdict.py                          # Bắc Giang, decimal text
    python benchmarks/profile_verdict.py --style float --top 20
    python benchmarks/profile_verdict.py --rubric synthetic40 --style mix
    python benchmarks/profile_verdict.py --rubric openssf_scorecard --style float  # any shipped

Draws 2,000 assessments in the style (``answers.py``), scores them all once to compile the
scorer, then profiles the compiled verdict function over them (five passes) and prints the
functions by their own time, then by cumulative time.  The generated scorer itself shows as
``verdict`` (or ``<tiercert scorer ...>``); everything it calls (number parsing, the
reference's helpers) shows by name.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
from collections.abc import Sequence

from answers import STYLES, styled_cases
from common import BAC_GIANG, ROOT, synthetic_data

import tiercert
from tiercert._fast import Fallback


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    shipped = sorted(path.stem for path in (ROOT / "rubrics").glob("*.yaml"))
    parser.add_argument("--rubric", choices=("synthetic40", *shipped))
    parser.add_argument("--style", choices=STYLES, default="decimal text")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    if args.rubric == "synthetic40":
        rubric = tiercert.rubric_from_mapping(synthetic_data())
    else:
        rubric = tiercert.load_rubric(ROOT / "rubrics" / f"{args.rubric or BAC_GIANG.stem}.yaml")
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    cases = styled_cases(rubric, args.style, 2000)
    for a, f in cases:  # compile the scorer, outside the profile
        with contextlib.suppress(Fallback):
            fast.verdict_function(a, f, zero, {})
    verdict = fast.verdict_function

    def run() -> None:
        for _ in range(5):
            for a, f in cases:
                with contextlib.suppress(Fallback):
                    verdict(a, f, zero, {})

    profile = cProfile.Profile()
    profile.runcall(run)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(args.top)
        text = out.getvalue()
        print(f"--- {rubric.id}, {args.style} answers, by {order} ---")
        print(text[text.index("   ncalls") :] if "   ncalls" in text else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
