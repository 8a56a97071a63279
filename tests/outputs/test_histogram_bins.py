"""The dashboard's histogram says its bins as its counts are taken (twenty-first round): a
bin holds the totals from its low edge to under its high edge, the last one its high edge
too.  The bars' titles read "từ 64 đến 66", "từ 66 đến 68": a total of 66 in two bins?"""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

import tiercert
from tiercert.dashboard import histogram, render_dashboard
from tiercert.summary import SummaryBuilder

TOTALS = [F(t) for t in ("65", "66", "66", "67", "72", "80", "83.5", "100")]


@pytest.mark.parametrize(
    ("lang", "middle", "last"),
    [
        ("vi", "từ 66 đến dưới 68: 3", "từ 98 đến 100, tính cả 100: 1"),
        ("en", "66 to under 68: 3", "98 to 100, 100 included: 1"),
    ],
)
def test_a_bin_reads_as_half_open_and_the_last_as_closed(lang: str, middle: str, last: str) -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    builder = SummaryBuilder(rubric, lang=lang)
    for total in TOTALS:
        builder.add_values(total, None, False, False, [None] * 5)
    summary = builder.summary()
    found = histogram(summary, rubric, lang)
    assert found is not None
    page = render_dashboard(summary, rubric, lang=lang, date="2024-12-20")
    titles = re.findall(r'<rect class="hbar"[^>]*><title>([^<]*)</title>', page)
    desc = re.search(r'<desc id="hist-desc">([^<]*)</desc>', page)
    assert desc is not None
    assert desc.group(1).split("; ") == titles
    assert middle in titles
    assert titles[-1] == last
    # each title's count is the totals it says it holds, no total in two
    for said in titles:
        numbers = re.findall(r"\d+", said)
        low, high, count = (F(n) for n in (numbers[0], numbers[1], numbers[-1]))
        closed = said == last
        held = [t for t in TOTALS if low <= t < high or (closed and t == high)]
        assert len(held) == count, said
