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


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _tracked_generation(thing: object) -> int | None:
    for generation in range(3):
        if any(o is thing for o in gc.get_objects(generation=generation)):
            return generation
    return None


def test_a_loaded_rubric_is_put_in_the_oldest_generation() -> None:
    # made while the collector was paused, the rubric's objects were all young: the next two
    # collections walked every one of them (0.15 s in a 10,000-criterion rubric's first
    # verdict); kept, they go to the oldest generation at once
    import weakref

    assert gc.isenabled()
    assert not gc.get_freeze_count()
    garbage = _Cycle()
    gone = weakref.ref(garbage)
    del garbage
    rubric = tiercert.load_rubric(BAC_GIANG)
    assert gone() is None  # the caller's young garbage was collected, not moved
    assert _tracked_generation(rubric._plan) == 2
    assert _tracked_generation(rubric.parts) == 2
    assert not gc.get_freeze_count()  # nothing left frozen
    assert _tracked_generation(rubric._fast) == 2  # the scorers too


def test_objects_frozen_by_the_program_stay_frozen() -> None:
    kept = _Cycle()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen
        rubric = tiercert.load_rubric(BAC_GIANG)
        assert gc.get_freeze_count() == frozen  # not unfrozen by loading
        assert _tracked_generation(kept) is None  # still in the permanent generation
        assert _tracked_generation(rubric._plan) in (0, 1, 2)  # the rubric is not frozen
    finally:
        gc.unfreeze()


def test_a_load_does_not_count_the_whole_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    # gc.get_freeze_count walks every frozen object one by one: counted at each load, with the
    # heap frozen for the count, a process of millions of objects (a portal, a test worker)
    # walked all of them per rubric loaded; now only the first load and each full collection
    # (which walks them anyway) count them
    from tiercert import _yaml

    walks: list[int] = []
    count = gc.get_freeze_count

    def counted() -> int:
        frozen = count()
        if frozen:
            walks.append(frozen)
        return frozen

    monkeypatch.setattr(gc, "get_freeze_count", counted)
    # no full collection due (a heap counted once, far larger than five loads make)
    monkeypatch.setattr(_yaml, "_TRACKED_AT_FULL", [10**12])
    monkeypatch.setattr(_yaml, "_MOVED_SINCE_FULL", [0], raising=False)
    for _ in range(5):
        tiercert.load_rubric(BAC_GIANG)
    assert walks == []
    assert _yaml._MOVED_SINCE_FULL[0] > 0  # what the loads made, counted as they went
