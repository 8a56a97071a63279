"""A portal scores one submitted form at a time with ``score_records``: the row scorer of the
form's columns is written and compiled once per rubric, not on every call (a portal
developer's pass, eighteenth round)."""

from __future__ import annotations

import gc
import random
from collections.abc import Mapping
from typing import Any, cast

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


def test_records_of_other_columns_share_the_rubric_s_layout(
    made: list[row_code.RowScorer],
) -> None:
    """Records are laid out in the rubric's columns whatever keys they have and in whatever
    order (a form posts only the fields filled in: each subset was a layout of its own, and
    past the 8 kept every call wrote and compiled one, nineteenth round): one row scorer per
    reading of missing answers; one more with evidence columns, and one for each record with
    a column of its own (a note), which keeps its own layout."""
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
        [told] = tiercert.score_records(rubric, [without_g5])
        assert told["status"] == "rejected"
    assert len(made) == 1
    for _ in range(2):
        [zero] = tiercert.score_records(rubric, [without_g5], missing="zero")
        assert zero["total"] == 71
    assert len(made) == 2
    [shown] = tiercert.score_records(rubric, [{**FORM, "g4.2.justification": "biên bản"}])
    assert shown["total"] == 88.5
    [noted] = tiercert.score_records(rubric, [{**FORM, "#note": "x"}])
    assert noted["total"] == 88.5
    assert len(made) == 4


def _subsets(count: int) -> list[dict[str, str]]:
    """``count`` forms of other fields and orders, every one scored with missing as zero."""
    chosen = random.Random(19)
    fields = [key for key in ALL_FIELDS if key != "unit_id"]
    forms = []
    for n in range(count):
        # every fifth form whole (in its own order): with missing answers an error, scored
        some = chosen.sample(fields, len(fields) if n % 5 == 0 else chosen.randint(0, len(fields)))
        forms.append({"unit_id": f"xa-{n}", **{key: ALL_FIELDS[key] for key in some}})
    return forms


#: every field of a form (examples/bac_giang/xa_mau_a.yaml, as texts)
ALL_FIELDS = {
    "unit_id": "xa-a",
    "unit_name": "Xã A",
    **dict.fromkeys(("g1.1.1", "g1.2.2", "g2.4", "g3.1", "g3.2"), "true"),
    "g1.1.2": "kha",
    "g1.2.1": "4",
    "g1.2.3": "92.5",
    "g2.1": "96.4",
    "g2.2": "31",
    "g2.3": "dat",
    "g2.5": "moi_ngay",
    "g3.3": "tot",
    "g3.4": "1",
    "g4.1": "5",
    "g4.2": "88.9",
    "g4.3": "0",
    "g5.1": "85",
    "g5.2": "78.6",
    "g5.3": "82",
    "head_disciplined_or_prosecuted": "false",
}


@pytest.mark.parametrize("missing", ["zero", "error"])
def test_forms_of_any_fields_share_one_row_scorer_and_give_the_reference_s_records(
    made: list[row_code.RowScorer], missing: Any
) -> None:
    """60 forms posting random subsets of the fields, in random orders, one record a call:
    one row scorer made, and every record (scored, or rejected with its problems placed as
    they were) the reference's, which scores the record as it came."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    reference = tiercert.load_rubric("bac_giang_friendly_gov")
    forms = _subsets(60)
    for form in forms:
        for as_text in (False, True):
            [record] = tiercert.score_records(rubric, [form], missing=missing, as_text=as_text)
            [expected] = tiercert.score_records(
                reference, [form], missing=missing, as_text=as_text, engine="reference"
            )
            assert record == expected
    statuses = {
        record["status"]
        for form in forms
        for record in tiercert.score_records(rubric, [form], missing=missing)
    }
    assert statuses == ({"scored"} if missing == "zero" else {"scored", "rejected"})
    assert len(made) == 1
    # one call of them all (a batch of JSON lines): one row scorer too, the same records
    together = list(tiercert.score_records(rubric, forms, missing=missing))
    alone = list(tiercert.score_records(reference, forms, missing=missing, engine="reference"))
    assert together == alone
    assert len(made) == 1


def test_the_row_scorers_kept_are_bounded(
    made: list[row_code.RowScorer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record with a column of its own (a note) keeps its own layout: a rubric keeps the
    last few (here 2), the oldest dropped first; a rubric of more than 1,000 nodes keeps one."""
    monkeypatch.setattr(evaluator_module, "_ROW_SCORERS_KEPT", 2)
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    forms = [
        {"#a": "", **FORM},
        {"#a": "", "#b": "", **FORM},
        {"#a": "", "#b": "", "#c": "", **FORM},
    ]
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


def test_an_empty_field_and_an_absent_one_keep_their_own_problems() -> None:
    """Both are no answer (the reference reads them alike, and so does ``evaluate``), but a
    missing answer names its field when the field was posted empty: laid out in the
    rubric's columns, a record the row scorer cannot vouch for is read as it came."""
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    absent = {k: v for k, v in ALL_FIELDS.items() if k != "g5.1"}
    empty = {**absent, "g5.1": ""}
    wheres = []
    for form in (absent, empty):
        [record] = tiercert.score_records(rubric, [form])
        [expected] = tiercert.score_records(rubric, [form], engine="reference")
        assert record == expected
        assert record["status"] == "rejected"
        wheres.append(cast(tuple[str, ...], record["problems"])[0].split(":")[0])
        [zero] = tiercert.score_records(rubric, [form], missing="zero")
        assert zero["status"] == "scored"
    assert wheres == ["$", "g5.1"]
    facts = {"head_disciplined_or_prosecuted": False}
    caught = []
    totals = set()
    forms: list[Mapping[str, str | None]] = [absent, empty, {**absent, "g5.1": None}]
    for given in forms:
        answers = {k: v for k, v in given.items() if k.startswith("g")}
        with pytest.raises(tiercert.AssessmentError) as told:
            rubric.evaluate(answers, facts=facts)
        caught.append([(p.code, p.message, p.path) for p in told.value.problems])
        totals.add(rubric.evaluate(answers, facts=facts, missing="zero").total)
    # the same problem, placed at the answer when it was given empty (None is "asked, not
    # answered"); the same total with missing answers as zero
    assert caught[0] == [(code, message, ("answers",)) for code, message, _ in caught[1]]
    assert caught[1] == caught[2]
    assert caught[1][0][2] == ("answers", "g5.1")
    assert len(totals) == 1
