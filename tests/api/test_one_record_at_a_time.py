"""A portal scores one submitted form at a time with ``score_records``: the row scorer of the
form's columns is written and compiled once per rubric, not on every call (a portal
developer's pass, eighteenth round)."""

from __future__ import annotations

import gc
from typing import Any

import pytest

import tiercert
from tiercert._fast import evaluator as evaluator_module
from tiercert._fast import rows as row_code
from tiercert._fast.evaluator import FastEvaluator

FORM = {"unit_id": "xa-a", "g1": "18", "g2": "22", "g3": "18", "g4": "13", "g5": "17.5"}


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[row_code.RowScorer]:
    """Every row scorer made (written and compiled)."""
    scorers: list[row_code.RowScorer] = []
    make = row_code.RowScorer.__init__

    def counting(self: row_code.RowScorer, *args: Any, **kwargs: Any) -> None:
        scorers.append(self)
        make(self, *args, **kwargs)

    monkeypatch.setattr(row_code.RowScorer, "__init__", counting)
    return scorers


def test_one_record_per_call_compiles_one_row_scorer(made: list[row_code.RowScorer]) -> None:
    """Each call wrote and compiled a row scorer for its record's columns (some 120 times
    ``evaluate``); now the rubric keeps it, and every call gives what the first gave."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    first = list(tiercert.score_records(rubric, [FORM], as_text=True))
    again = [
        list(tiercert.score_records(rubric, [{**FORM, "g5": g5}], as_text=True))
        for g5 in ("17.5", "16", "19.25")
    ]
    assert len(made) == 1
    assert again[0] == first
    assert [records[0]["total"] for records in again] == ["88.5", "87", "90.25"]
    # the same as a fresh rubric's first call, the reference's too
    for g5, records in zip(("17.5", "16", "19.25"), again, strict=True):
        fresh = tiercert.load_rubric("bac_giang_friendly_gov")
        form = {**FORM, "g5": g5}
        assert list(tiercert.score_records(fresh, [form], as_text=True)) == records
        assert (
            list(tiercert.score_records(fresh, [form], as_text=True, engine="reference")) == records
        )


def test_records_of_other_columns_or_readings_get_their_own_row_scorer(
    made: list[row_code.RowScorer],
) -> None:
    """The kept row scorer is that of the columns (the same ones in another order are
    another layout) and of the reading of missing answers; a unit's name is no part of it."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    reordered = dict(reversed(FORM.items()))
    without_g5 = {k: v for k, v in FORM.items() if k != "g5"}
    for _ in range(2):
        [plain] = tiercert.score_records(rubric, [FORM])
        assert plain["total"] == 88.5
        [named] = tiercert.score_records(rubric, [{**FORM, "unit_name": "Xã A"}])
        assert (named["unit_name"], named["total"]) == ("Xã A", 88.5)
        [turned] = tiercert.score_records(rubric, [reordered])
        assert turned["total"] == 88.5
        [zero] = tiercert.score_records(rubric, [without_g5], missing="zero")
        assert zero["total"] == 71
        [told] = tiercert.score_records(rubric, [without_g5])
        assert told["status"] == "rejected"
    assert len(made) == 4


def test_the_row_scorers_kept_are_bounded(
    made: list[row_code.RowScorer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form posting ever other fields is ever another layout: a rubric keeps the last few
    (here 2), the oldest dropped first; a rubric of more than 1,000 nodes keeps one."""
    monkeypatch.setattr(evaluator_module, "_ROW_SCORERS_KEPT", 2)
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    without_g5 = {k: v for k, v in FORM.items() if k != "g5"}
    forms = [without_g5, dict(reversed(FORM.items())), FORM]
    for form in forms:
        list(tiercert.score_records(rubric, [form]))
    fast = rubric._fast
    assert fast is not None
    assert len(fast._row_scorers) == 2
    assert list(fast._row_scorers.values()) == made[1:]
    list(tiercert.score_records(rubric, [forms[0]]))  # dropped: made again
    assert len(made) == 4
    assert FastEvaluator(rubric._plan, rubric._info)._row_scorers_kept == 2
    monkeypatch.setattr(evaluator_module, "_ROW_SCORERS_LARGE", 10)
    assert FastEvaluator(rubric._plan, rubric._info)._row_scorers_kept == 1


def test_a_rubric_of_as_many_nodes_as_the_bound_keeps_the_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a rubric of *more* nodes than ``_ROW_SCORERS_LARGE`` keeps one row scorer: one of
    exactly that many keeps the few (killed mutant 176 of ``FastEvaluator.__init__``, ``<``)."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    nodes = len(rubric._plan.nodes)
    monkeypatch.setattr(evaluator_module, "_ROW_SCORERS_LARGE", nodes)
    kept = FastEvaluator(rubric._plan, rubric._info)._row_scorers_kept
    assert kept == evaluator_module._ROW_SCORERS_KEPT > 1
    monkeypatch.setattr(evaluator_module, "_ROW_SCORERS_LARGE", nodes - 1)
    assert FastEvaluator(rubric._plan, rubric._info)._row_scorers_kept == 1


def test_a_dropped_rubric_s_row_scorers_are_freed() -> None:
    """The kept row scorers go with their rubric (a portal loads and drops rubrics for
    months: benchmarks/many_rubrics.py)."""

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, row_code.RowScorer) for o in gc.get_objects())

    before = alive()
    for _ in range(3):
        rubric = tiercert.load_rubric("bac_giang_friendly_gov")
        [record] = tiercert.score_records(rubric, [FORM])
        assert record["status"] == "scored"
        assert alive() == before + 1
        del rubric
    assert alive() == before


def test_forgetting_answers_forgets_the_row_scorers(made: list[row_code.RowScorer]) -> None:
    """What measures answers met for the first time (``forget_answers``) finds no row scorer
    whose memos hold them."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    list(tiercert.score_records(rubric, [FORM]))
    evaluator_module.forget_answers()
    list(tiercert.score_records(rubric, [FORM]))
    assert len(made) == 2
