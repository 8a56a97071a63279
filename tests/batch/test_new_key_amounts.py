"""A key and a score the row loop meets anew (nineteenth round): ``Numbers.amount`` takes a
total's places' text, ratio and the places of its gap to the next whole number from one
memo (``Numbers._tail``) and, for a tier minimum whole at the scale, what the total lacks
from the whole numbers' difference and those places; ``Numbers.kept_texts`` gives a score's
text in one call; the row loop keeps 4,096 scores' texts.  Each text must be the
reference's (``display_number``, down for a value, up for what is lacking), whatever the
memos hold from the totals met before."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import _bac_giang_rows, _looped, _raw_csv
from test_number_texts import _NUMBERS, _PLACES, _scaled

import tiercert
from tiercert._compile import LeafPlan
from tiercert._fast import RowScorer
from tiercert._fast.numbers import _PARTS_BOUND, EXCLUDED, Numbers
from tiercert._numbers import DISPLAY_PLACES, display_number

BAC_GIANG = Path(__file__).parents[2] / "rubrics" / "bac_giang_friendly_gov.yaml"


@st.composite
def _places_part(draw: st.DrawFn, places: int) -> int:
    """Places of a total (0 <= part < scale): none, shown exactly (up to ``DISPLAY_PLACES``
    digits), cut, or a hair above zero or below one (their gap cut up to a whole number)."""
    scale: int = 10**places
    if not places:
        return 0
    past: int = 10 ** max(places - DISPLAY_PLACES, 0)
    return draw(
        st.sampled_from((0, 1, past - 1, past, past + 1, scale - 1, scale - past, scale // 2))
        .filter(lambda part: 0 <= part < scale)
        .map(int)
        | st.integers(0, scale // past - 1).map(lambda units: units * past)
        | st.integers(0, scale - 1)
    )


@settings(max_examples=300)
@given(st.data())
def test_totals_and_what_they_lack_are_display_number_s(data: st.DataObject) -> None:
    """``amount(value, least)`` for wholes sharing places (the memo met again), a minimum
    whole at the scale above the value, one with places, one at or below it, and none: the
    value's text cut down, its reduced ratio, and what it lacks cut up (``"0"``, ``""``)."""
    places = data.draw(st.sampled_from(_PLACES))
    numbers = _NUMBERS[places]
    scale = numbers.scale
    part = data.draw(_places_part(places))
    wholes = data.draw(st.lists(st.sampled_from((0, 1, 79, 99, 254, 255, 256, 10**6)), min_size=1))
    for whole in wholes:
        value = whole * scale + part
        above = data.draw(st.sampled_from((1, 2, 5, 300)))
        leasts = (
            None,
            (whole + above) * scale,  # whole at the scale: the remembered gap's places
            (whole + above) * scale + data.draw(_places_part(places)),  # with places
            value,
            max(value - data.draw(st.integers(0, 3 * scale)), 0),
            data.draw(_scaled(places)),
        )
        exact = Fraction(value, scale)
        for least in leasts:
            if least is None:
                needed = ""
            else:
                lacking = Fraction(least, scale) - exact
                needed = display_number(lacking, "ceiling") if lacking > 0 else "0"
            want = (display_number(exact), exact.numerator, exact.denominator, needed)
            assert numbers.amount(value, least) == want, (places, value, least)


@settings(max_examples=300)
@given(st.data())
def test_kept_texts_are_the_scores_texts(data: st.DataObject) -> None:
    """``kept_texts``: ``"na"`` for N/A, else ``display_number`` of the score (an integer of
    either sign, cut down, or a Fraction), kept while the memo has room, never beyond."""
    places = data.draw(st.sampled_from(_PLACES))
    numbers = _NUMBERS[places]
    bound = data.draw(st.integers(0, 4))
    kept: dict[Any, str] = {}
    text = numbers.kept_texts(kept, bound)
    scores = data.draw(
        st.lists(
            _scaled(places)
            | st.just(EXCLUDED)
            | st.builds(Fraction, st.integers(-(10**30), 10**30), st.integers(2, 10**6)),
            min_size=1,
            max_size=8,
        )
    )
    for score in scores:
        want = "na" if score is EXCLUDED else display_number(Fraction(score) / numbers.scale)
        assert text(score) == want, (places, score)
    assert len(kept) <= bound
    for score, shown in kept.items():
        assert shown == (
            "na" if score is EXCLUDED else display_number(Fraction(score) / numbers.scale)
        )


def test_the_places_of_a_hair_below_one_are_cut_up_to_a_whole() -> None:
    """A total a hair above a whole number at 24 places: what it lacks for the next whole
    minimum is cut up to that many whole points and marked (never ``…1.000000000000…``)."""
    numbers = Numbers(24)
    scale = numbers.scale
    for _ in range(2):  # the second time from the memo
        assert numbers.amount(79 * scale + 1, 80 * scale)[3] == "1.000000000000\u2026"
        assert numbers.amount(79 * scale + 1, 84 * scale)[3] == "5.000000000000\u2026"
        assert numbers.amount(79 * scale + 10**12 + 1, 80 * scale)[3] == "0.999999999999\u2026"


def test_scores_met_again_are_not_made_again(tmp_path: Path, monkeypatch: Any) -> None:
    """5,000 rows of new scores, then the same answers under other ids: each score's text is
    made once (the row loop keeps 4,096; 1,024 made the second half's anew), the rows met
    again written as the first time."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 5000, 41)
    rng = random.Random(42)
    for k, nid in enumerate(header):
        node = rubric._plan.nodes.get(nid)
        if isinstance(node, LeafPlan) and node.kind.name in ("bands", "linear"):
            for row in rows:  # nearly every score new: three places
                row[k] = f"{rng.uniform(0, 100):.3f}"
    id_column = header.index("unit_id")
    again = [[*row] for row in rows]
    for n, row in enumerate(again):
        row[id_column] = f"again-{n}"
    path = tmp_path / "units.csv"
    _raw_csv(path, header, [*rows, *again])
    scores: list[Any] = []
    real_loop = RowScorer.loop

    def loop(self: RowScorer, *args: Any, **helpers: Any) -> Any:
        text = helpers["_text"]

        def noted_text(score: Any) -> Any:
            scores.append(score)
            return text(score)

        return real_loop(self, *args, **{**helpers, "_text": noted_text})

    monkeypatch.setattr(RowScorer, "loop", loop)
    lines = _looped(rubric, path)[0].splitlines()[1:]
    # the second half's rows (met again) as the first half's: their ids and numbers aside
    first, second = lines[: len(lines) // 2], lines[len(lines) // 2 :]
    assert len(first) == len(second) > 4000
    assert [line.split(",", 2)[2] for line in first] == [line.split(",", 2)[2] for line in second]
    assert 1024 < len(set(scores)) <= 4096  # beyond the old bound, within the new
    assert len(scores) == len(set(scores))


def test_a_score_whose_places_were_met_is_written_from_the_memos(monkeypatch: Any) -> None:
    """``kept_texts`` writes a whole score at or above zero whose places a total met (cut or
    not, 0 too: ``Numbers._tail``) or a text shown exactly met (``Numbers._part``) from those
    memos, without :meth:`Numbers.text`; wholes past the small wholes' table (256, 1000) as
    ``display_number`` writes them."""
    numbers = Numbers(24)
    scale = numbers.scale
    cut = 10**12 + 1  # more places than are shown: only in the memo of totals' places
    shown = scale // 4  # .25: only in the memo of places shown exactly
    numbers.amount(3 * scale + cut)
    numbers.amount(5 * scale)  # a whole total: places 0
    numbers.text(7 * scale + shown)
    assert cut in numbers._tails
    assert cut not in numbers._parts
    assert shown in numbers._parts
    assert shown not in numbers._tails
    made: list[object] = []
    real_text = numbers.text

    def text_made(value: Any, *args: Any) -> str:
        made.append(value)
        return real_text(value, *args)

    monkeypatch.setattr(numbers, "text", text_made)
    kept: dict[Any, str] = {}
    text = numbers.kept_texts(kept, 16)
    for whole in (0, 9, 255, 256, 1000):
        for part in (0, cut, shown):
            score = whole * scale + part
            assert text(score) == display_number(Fraction(score, scale)), score
    assert made == []
    assert text(scale // 8) == "0.125"  # places met by neither memo: made
    assert made == [scale // 8]


def test_a_totals_cut_places_and_their_gap_are_remembered_boundedly(monkeypatch: Any) -> None:
    """A total's places cut down keep the text of their gap cut up (``Numbers._tail``): what
    a total lacks for a whole minimum comes from it, not from :meth:`Numbers._gap`; no more
    than ``_PARTS_BOUND`` places are kept, the texts right past the bound."""
    numbers = Numbers(24)
    scale = numbers.scale
    gaps: list[object] = []
    real_gap = numbers._gap

    def gap_made(least: int, whole: int, part: int) -> str:
        gaps.append(least)
        return real_gap(least, whole, part)

    monkeypatch.setattr(numbers, "_gap", gap_made)
    value = 79 * scale + 10**12 + 1
    assert numbers.amount(value, 80 * scale)[3] == "0.999999999999\u2026"
    least = 80 * scale + 7  # a minimum with places: _gap
    lacking = display_number(Fraction(least - value, scale), "ceiling")
    assert numbers.amount(value, least)[3] == lacking == "1.000000000000\u2026"
    assert gaps == [least]
    numbers = Numbers(6)
    for part in range(1, _PARTS_BOUND + 100):
        assert numbers.amount(part)[0] == display_number(Fraction(part, 10**6))
    assert len(numbers._tails) == _PARTS_BOUND


def test_a_gap_of_256_whole_points_past_the_table() -> None:
    """What a total lacks for a whole minimum, 256 whole points and more (the first past the
    small wholes' table), with or without places, as ``display_number`` writes it up."""
    numbers = Numbers(2)
    assert numbers.amount(0, 25600)[3] == "256"
    assert numbers.amount(50, 25700)[3] == "256.5"
    assert numbers.amount(100, 25800)[3] == "257"
