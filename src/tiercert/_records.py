"""Small value classes that cost next to nothing to define: :class:`Record`.

``@dataclass`` writes and compiles four to six functions for every class when its module is
imported (about 1 ms a class on the 2-core machine of docs/performance.md: a third of what a
cold ``tiercert score`` spends importing tiercert).  A :class:`Record` subclass is declared
the same way, with annotated fields and defaults, and behaves as a dataclass with
``slots=True`` would (``frozen=True`` as a class keyword): ``__init__`` by position or keyword,
equality and ``repr`` over the fields, a hash when frozen, ``__match_args__``, copying and
pickling.  The ``__init__`` is written and compiled the first time the class is instantiated
(as fast as a dataclass's from then on), so classes a command never uses cost nothing; the
other methods are shared by every record.  mypy reads a record as a dataclass
(``dataclass_transform``).  ``dataclasses.fields`` and ``replace`` do not apply: keep
``@dataclass`` where those are used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, cast

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import dataclass_transform

T = TypeVar("T")


class _Factory:
    """A default made anew for each record (``field(default_factory=...)``)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made by calling ``default_factory`` for each record."""
    return cast(T, _Factory(default_factory))


def _is_class_variable(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")


def _frozen_delattr(self: object, name: str) -> None:
    raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")


def _write_init(cls: Any) -> Callable[..., None]:
    """The class's ``__init__``, as ``@dataclass`` writes it: field names are identifiers from
    the class body (never data); defaults and factories are passed in the namespace."""
    names = cls._record_fields
    defaults = cls._record_defaults
    params = []
    body = []
    namespace: dict[str, object] = {"_set": object.__setattr__}
    for i, name in enumerate(names):
        value = defaults.get(name, _NO_DEFAULT)
        if isinstance(value, _Factory):
            namespace[f"_f{i}"] = value.make
            params.append(f"{name}=_NO")
            body.append(f"    _set(self, {name!r}, _f{i}() if {name} is _NO else {name})")
            namespace["_NO"] = _NO_DEFAULT
            continue
        if value is _NO_DEFAULT:
            params.append(name)
        else:
            namespace[f"_d{i}"] = value
            params.append(f"{name}=_d{i}")
        body.append(f"    _set(self, {name!r}, {name})")
    code = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(compile(code, f"<record {cls.__qualname__}>", "exec"), namespace)
    return cast(Callable[..., None], namespace["__init__"])


_NO_DEFAULT: Any = object()


def _first_init(cls: type) -> Callable[..., None]:
    def __init__(self: Record, *args: Any, **kwargs: Any) -> None:
        init = _write_init(cls)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


class _RecordType(type):
    """Makes a record class: its fields become ``__slots__`` (their defaults kept aside, as a
    slot and a class attribute cannot share a name) and it gets the shared methods."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], *, frozen: bool = False
    ) -> _RecordType:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, object] = {}
        for base in reversed(bases):
            inherited += getattr(base, "_record_fields", ())
            defaults.update(getattr(base, "_record_defaults", {}))
        own = tuple(
            field_name
            for field_name, annotation in namespace.get("__annotations__", {}).items()
            if not _is_class_variable(annotation)
        )
        for field_name in own:
            if field_name in namespace:
                defaults[field_name] = namespace.pop(field_name)
        names = (*inherited, *own)
        namespace["__slots__"] = own
        namespace["__match_args__"] = names
        namespace["_record_fields"] = names
        namespace["_record_defaults"] = defaults
        getter = attrgetter(*names) if names else None
        if getter is None:
            namespace["_record_values"] = staticmethod(lambda self: ())
        elif len(names) == 1:
            namespace["_record_values"] = staticmethod(lambda self: (getter(self),))
        else:
            namespace["_record_values"] = staticmethod(getter)
        if bases:  # a record class (not Record itself)
            if frozen:
                namespace["__setattr__"] = _frozen_setattr
                namespace["__delattr__"] = _frozen_delattr
                namespace["__hash__"] = _hash
            else:
                namespace["__hash__"] = None  # mutable, compared by value: as a dataclass
        cls = super().__new__(mcs, name, bases, namespace)
        if bases:
            cls.__init__ = _first_init(cls)  # type: ignore[misc]
        return cls


def _hash(self: Record) -> int:
    return hash(self._record_values(self))


@dataclass_transform(field_specifiers=(field,))
class Record(metaclass=_RecordType):
    """Base of a value class declared like a dataclass (``class Mark(Record, frozen=True)``)."""

    _record_fields: ClassVar[tuple[str, ...]]
    _record_defaults: ClassVar[dict[str, object]]

    @staticmethod
    def _record_values(record: Record) -> tuple[object, ...]:
        raise NotImplementedError  # pragma: no cover - set on every record class

    def __init_subclass__(cls, *, frozen: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._record_values(self) == self._record_values(other))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        return type(self), tuple(self._record_values(self))
