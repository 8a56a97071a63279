"""Loading a rubric and writing its scorers pause Python's cycle collector, and always give
it back as it was (see ``tiercert._yaml.paused_collector``)."""

from __future__ import annotations

import gc

import pytest

import tiercert
from conftest import ROOT
from tiercert._yaml import paused_collector

BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        rubric = tiercert.load_rubric(BAC_GIANG)
        assert gc.isenabled() is enabled
        with pytest.raises(tiercert.AssessmentError):  # scorers written, then the reference
            rubric.verdict({"g1.1.1": True})
        assert rubric._fast is not None
        assert gc.isenabled() is enabled
        with pytest.raises(tiercert.RubricError):
            tiercert.parse_rubric("format: 1\nid: x\n")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def _fail_while_paused() -> None:
    with paused_collector():
        assert not gc.isenabled()
        raise ValueError("boom")


def test_paused_inside_and_resumed_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"):
        _fail_while_paused()
    assert gc.isenabled()
