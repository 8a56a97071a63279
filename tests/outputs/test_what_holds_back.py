"""The "to reach" advice names what must change behind a failed score or percentage gate, and
each failed gate says which tier it holds back (eighteenth round): a new-rural commune short of
one criterion was told "pass the gate du_19_tieu_chi" and no more, and a BREEAM unit's list of
failed gates mixed Outstanding's minimum standards with those of the tier in reach."""

from __future__ import annotations

import csv
from pathlib import Path

import tiercert
from tiercert.dashboard import UnitList
from tiercert.report import render_html, render_markdown

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
NTM = UNSEEN / "vn_ntm_xa_2021_2025.yaml"
BREEAM = UNSEEN / "breeam_nc_2011.yaml"


def _ntm_card(fmt: str, lang: str) -> str:
    rubric = tiercert.load_rubric(NTM)
    result = rubric.evaluate(tiercert.load_assessment(UNSEEN / "ntm" / "xa-h.yaml"))
    render = render_markdown if fmt == "md" else render_html
    return render(result, rubric, lang=lang)


def test_to_reach_names_the_criteria_behind_a_failed_percentage_gate() -> None:
    card = _ntm_card("md", "en")
    assert (
        "- pass the gate du_19_tieu_chi (All 19 criteria met): Meet the criteria still "
        "missing; short of their maximum: tc19 19. Defence and security (0 / 1)\n" in card
    ), card
    vi = _ntm_card("md", "vi")
    assert "chưa đạt điểm tối đa: tc19 19. Quốc phòng và An ninh (0 / 1)" in vi, vi


def test_the_html_card_names_them_under_the_gate() -> None:
    page = _ntm_card("html", "en")
    assert (
        'Short of their maximum: 19. Defence and security <span class="muted">(tc19)</span> 0 / 1'
        in page
    )


def test_more_than_five_short_criteria_are_counted() -> None:
    rubric = tiercert.load_rubric(NTM)
    answers = dict(tiercert.load_assessment(UNSEEN / "ntm" / "xa-h.yaml").answers)
    answers.update({f"tc{i:02}": "không" for i in range(1, 8)})  # 7 more short: 8 in all
    result = rubric.evaluate(answers, facts={"thu_nhap_so_voi_nang_cao": 150})
    card = render_markdown(result, rubric, lang="en")
    assert "tc05 5. Schools (0 / 1) and 3 more" in card, card
    assert "tc06" not in card.split("## To reach")[1].split("## Criteria")[0]


def test_a_failed_gate_says_which_tier_it_holds_back() -> None:
    rubric = tiercert.load_rubric(BREEAM)
    result = rubric.evaluate(tiercert.load_assessment(UNSEEN / "breeam" / "b-85-ene9.yaml"))
    card = render_markdown(result, rubric, lang="en")
    assert "score ene01 is 9, required at least 10 (holds back Outstanding)" in card, card
    assert (
        "short of their maximum: ene01 Ene 01 Reduction of CO2 emissions (credits) (9 / 15)" in card
    )
    # the data stay complete: every failed gate, whatever tier it holds back
    assert result.to_dict()["failed_gates"] == ["ene01_outstanding"]


def test_a_knock_out_gate_holds_back_every_tier() -> None:
    rubric = tiercert.load_rubric(BREEAM)
    answers = dict(tiercert.load_assessment(UNSEEN / "breeam" / "b-85-ene9.yaml").answers)
    answers["hea01_c1"] = "no"
    card = render_markdown(rubric.evaluate(answers), rubric, lang="en")
    assert "required equals yes (every tier)" in card, card


def test_the_dashboard_says_the_tier_of_each_failed_gate_the_next_tier_s_first() -> None:
    rubric = tiercert.load_rubric(BREEAM)
    with (UNSEEN / "breeam_units.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))  # Excellent at its edge
    answers = {**row, "man01": "1", "ene01": "5", "man04_user_info": "no"}
    units = UnitList(rubric)
    for outcome in tiercert.evaluate_many(rubric, [answers]):
        units.add(outcome, None)
    (line,) = units.lines
    assert line.failed_gates == (
        "Man 04: building user information credit (Excellent and above) (for Excellent)",
        "Ene 01: six credits (Excellent) (for Excellent)",
        "Man 01: two credits (Outstanding) (for Outstanding)",
        "Ene 01: ten credits (Outstanding) (for Outstanding)",
    )
