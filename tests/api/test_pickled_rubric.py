"""A rubric pickles (to send it to another process: multiprocessing, a dask worker) and the
copy scores exactly as the original: the same results, verdicts and problems.  It could not
be pickled at all: its rule kinds hold lambdas (``rules/boolean``), which pickle cannot
write; they are now pickled by their registered name, and the compiled scorers are left out
(the copy compiles its own)."""

from __future__ import annotations

import pickle
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiercert
from conftest import EXAMPLES, RUBRICS
from strategies import answers_for
from tiercert import AssessmentError
from tiercert._kinds import registered_aggregate, registered_condition, registered_rule
from tiercert.aggregates import AGGREGATES
from tiercert.conditions import CONDITIONS
from tiercert.rules import RULES

SHIPPED = sorted(p.stem for p in RUBRICS.glob("*.yaml"))


def _outcome(rubric: tiercert.Rubric, assessment: Any, engine: Any) -> object:
    try:
        return rubric.evaluate(assessment, engine=engine).to_dict()
    except AssessmentError as exc:
        return [(p.code, p.path, p.message) for p in exc.problems]


def test_every_kind_pickles_as_the_very_same_kind() -> None:
    for kind in [*RULES.values(), *CONDITIONS.values(), *AGGREGATES.values()]:
        assert pickle.loads(pickle.dumps(kind)) is kind
    assert registered_rule("boolean") is RULES["boolean"]
    assert registered_aggregate("sum") is AGGREGATES["sum"]
    assert registered_condition("fact") is CONDITIONS["fact"]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_pickled_shipped_rubric_scores_the_examples_identically(name: str) -> None:
    rubric = tiercert.load_rubric(name)
    fresh = pickle.loads(pickle.dumps(rubric))
    assert (fresh.id, fresh.version, fresh.fingerprint) == (
        rubric.id,
        rubric.version,
        rubric.fingerprint,
    )
    # the copy compiles its own scorers, the same code (a copied aggregate was refused by the
    # code generator, which writes code for the registered ones only: the copy scored every
    # assessment by the reference, the same results, slowly)
    assert rubric._fast is not None
    assert fresh._fast is not None
    assert fresh._fast.source == rubric._fast.source
    for path in sorted(EXAMPLES.glob("**/*.yaml")):
        try:
            assessment = tiercert.load_assessment(path)
        except Exception:  # not an assessment (a programme's rubric)
            continue
        if assessment.rubric_id not in (None, rubric.id):
            continue
        for engine in ("fast", "reference"):
            assert _outcome(fresh, assessment, engine) == _outcome(rubric, assessment, engine)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_a_rubric_pickled_after_use_scores_identically(data: st.DataObject) -> None:
    # after its scorers were compiled and another day's plan was made (both kept inside it)
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    assessment = data.draw(answers_for(rubric))
    before = _outcome(rubric, assessment, "fast")
    rubric.verdict(dict(assessment.answers), facts=dict(assessment.facts))
    rubric.at(date(2030, 1, 1))
    fresh = pickle.loads(pickle.dumps(rubric))
    assert _outcome(fresh, assessment, "fast") == before
    assert _outcome(fresh, assessment, "reference") == before
    if isinstance(before, dict):
        plain = dict(assessment.answers), dict(assessment.facts)
        assert fresh.verdict(plain[0], facts=plain[1]) == rubric.verdict(plain[0], facts=plain[1])
