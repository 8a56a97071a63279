"""``_records.Record``: value classes declared like dataclasses, held to what a dataclass with
``slots=True`` (and ``frozen=True``) does, side by side."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass
from dataclasses import field as dataclass_field

import pytest

from tiercert._records import Record, field


class Mark(Record, frozen=True):
    code: str
    points: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkAsDataclass:
    code: str
    points: int = 0
    notes: tuple[str, ...] = ()


class Tally(Record):
    name: str
    seen: list[str] = field(default_factory=list)


class Scored(Mark, frozen=True):
    tier: str | None = None


@dataclass
class TallyAsDataclass:
    name: str
    seen: list[str] = dataclass_field(default_factory=list)


def test_a_frozen_record_behaves_as_the_frozen_dataclass() -> None:
    for make in (Mark, MarkAsDataclass):
        a, b = make("g1", 3), make(code="g1", points=3)
        assert a == b
        assert hash(a) == hash(b)
        assert a != make("g1", 4)
        assert a != make("g2", 3)
        assert (a.code, a.points, a.notes) == ("g1", 3, ())
        with pytest.raises(AttributeError):
            a.points = 4  # type: ignore[misc]
        assert not hasattr(a, "__dict__")
        assert copy.copy(a) == a
        assert copy.deepcopy(a) == a
        assert pickle.loads(pickle.dumps(a)) == a
        match a:
            case Mark(code, points) | MarkAsDataclass(code, points):
                assert (code, points) == ("g1", 3)
    with pytest.raises(AttributeError):  # (a frozen slots dataclass raises TypeError here)
        Mark("g1").other = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        MarkAsDataclass("g1").points = 1  # type: ignore[misc]
    assert repr(Mark("g1", 3)) == "Mark(code='g1', points=3, notes=())"
    assert repr(MarkAsDataclass("g1", 3)) == "MarkAsDataclass(code='g1', points=3, notes=())"
    assert Mark("g1") != MarkAsDataclass("g1")  # another class is never equal


def test_a_mutable_record_behaves_as_the_dataclass() -> None:
    for make in (Tally, TallyAsDataclass):
        a, b = make("x"), make("x")
        a.seen.append("u1")
        assert b.seen == []  # a default made for each record
        assert a != b
        b.seen.append("u1")
        assert a == b
        with pytest.raises(TypeError):
            hash(a)  # compared by value and mutable: unhashable
        a.name = "y"
        assert a.name == "y"


def test_fields_are_inherited_in_order() -> None:
    scored = Scored("g1", 2, ("n",), "gold")
    assert (scored.code, scored.points, scored.notes, scored.tier) == ("g1", 2, ("n",), "gold")
    assert Scored("g1") == Scored(code="g1", tier=None)
    assert Scored("g1") != Mark("g1")
    assert Scored.__match_args__ == ("code", "points", "notes", "tier")


def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them() -> None:
    for make in (Mark, MarkAsDataclass):
        with pytest.raises(TypeError):
            make()  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            make("g1", nope=1)  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            make("g1", 1, (), 4)  # type: ignore[call-arg]
