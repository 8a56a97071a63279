"""A target's line says one fact in one wording, whichever command shows it: ``batch --by``
(a target per group, :class:`~tiercert.grouping.TargetCheck`) and a summary or ``diff
--impact`` (:class:`~tiercert.summary.TargetProgress`).  ``batch --by`` built its line from
words of its own ("2024 chỉ tiêu 50% đạt chuẩn: 100% đạt được" where ``diff --impact`` says
"Chỉ tiêu 2024: 50% đạt chuẩn: đã đạt 100%")."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES, run_cli
from tiercert.grouping import TargetCheck
from tiercert.summary import TargetProgress

_SHARES = st.fractions(min_value=0, max_value=100, max_denominator=400)


@st.composite
def group_targets(draw: st.DrawFn) -> TargetCheck:
    units = draw(st.integers(0, 50))
    count = draw(st.integers(0, units))
    reached = None if units == 0 else Fraction(100 * count, units)
    tier = draw(st.sampled_from([None, "sao-2"]))
    return TargetCheck(
        period=draw(st.sampled_from(["2024", "2025-H1"])),
        share=draw(_SHARES),
        tier=tier,
        tier_label=None if tier is None else "2 sao",
        by=draw(st.sampled_from([{}, {"district": ("Bắc", "Nam")}])),
        units=units,
        count=count,
        reached=reached,
        met=draw(st.booleans()),
        short=draw(st.integers(0, 9)),
        provisional=draw(st.booleans()),
        rejected=draw(st.integers(0, 3)),
        decided=draw(st.booleans()),
    )


@given(group_targets(), st.sampled_from(["en", "vi", None]))
def test_batch_by_words_a_target_as_the_summary_and_diff_impact_do(
    target: TargetCheck, lang: str | None
) -> None:
    t = target
    progress = TargetProgress(t.period, t.share, t.tier, t.tier_label, t.count, t.reached,
                              t.met, t.short, t.provisional, by=t.by, units=t.units,
                              rejected=t.rejected, decided=t.decided)  # fmt: skip
    assert target.describe(lang) == progress.describe(lang or "en")


def test_batch_by_in_vietnamese(tmp_path: Path) -> None:
    sheet = EXAMPLES / "bac_giang_programme" / "round_2023.csv"
    status, out, err = run_cli(
        "batch",
        "bac_giang_friendly_gov",
        str(sheet),
        "-o",
        str(tmp_path / "r.csv"),
        "--by",
        "district",
    )
    assert status == 0, err
    lines = [line.strip() for line in out.splitlines() if "đạt chuẩn:" in line]
    assert lines == [
        "Huyện Mẫu Hai: Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 33,3…% (1/3; đạt chỉ tiêu)",
        "Huyện Mẫu Một: Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 33,3…% (1/3; đạt chỉ tiêu)",
        "Thành phố Mẫu: Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 33,3…% (1/3; đạt chỉ tiêu)",
        "toàn bộ: Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 33,3…% (3/9; đạt chỉ tiêu)",
    ]


_PERIOD = re.compile(r"Chỉ tiêu (\S+):")


def test_batch_by_judges_the_targets_the_summary_judges(tmp_path: Path) -> None:
    """A target of a period the batch has no units of is left out of the whole of ``--by``
    as of the summary (and of each group): one rule (``grouping.batch_targets``); the whole
    listed every target of the rubric ("no units in this period")."""
    for year in ("2023", "2024", "2025"):
        sheet = str(EXAMPLES / "bac_giang_programme" / f"round_{year}.csv")
        out_file = str(tmp_path / "r.csv")
        status, by, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", out_file,
                                  "--by", "district")  # fmt: skip
        assert status == 0, err
        status, summary, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", out_file)
        assert status == 0, err
        whole = [_PERIOD.findall(line) for line in by.splitlines() if "toàn bộ:" in line]
        said = [found for line in summary.splitlines() if (found := _PERIOD.findall(line))]
        assert whole == said
        assert all(periods == [year] for periods in whole)


def test_the_summary_and_batch_by_s_whole_word_a_target_alike(tmp_path: Path) -> None:
    """The summary said "(đạt chỉ tiêu)" where ``batch --by``'s whole said "(3/9; đạt chỉ
    tiêu)" of the same target: every target line now says of how many units (thirteenth
    round)."""
    for year in ("2023", "2024", "2025"):
        sheet = str(EXAMPLES / "bac_giang_programme" / f"round_{year}.csv")
        out_file = str(tmp_path / "r.csv")
        status, by, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", out_file,
                                  "--by", "district")  # fmt: skip
        assert status == 0, err
        status, summary, err = run_cli("batch", "bac_giang_friendly_gov", sheet, "-o", out_file)
        assert status == 0, err
        whole = [line.strip().split("toàn bộ: ", 1)[1] for line in by.splitlines()
                 if "toàn bộ:" in line]  # fmt: skip
        said = [line.strip() for line in summary.splitlines() if _PERIOD.search(line)]
        assert whole == said
        assert all(re.search(r"\(\d+/\d+; ", line) for line in said)
