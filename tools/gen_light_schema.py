"""Write ``src/tiercert/_light_schema.py``: the rubric models' validation schema as plain data.

    python tools/gen_light_schema.py           # (re)write the module
    python tools/gen_light_schema.py --check   # exit 1 when the module is out of date

``tiercert check`` validates a rubric with pydantic-core directly, using the core schema that
pydantic builds for :class:`tiercert.model.RubricSpec`, so that it starts without importing
pydantic's model machinery (docs/performance.md, "Cold start of check").  This script writes
that schema out as Python literals: model classes become plain classes that subclass their
namesakes in :mod:`tiercert._shapes`, the two validation functions are the ones in
``_shapes``, and pydantic's metadata (JSON-schema hooks) is left out.  ``model.py`` stays the
only definition of the format: run this after changing it (a test fails until you do).
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

from tiercert import _shapes
from tiercert.conditions import condition_kind
from tiercert.model import AssessmentSpec, RubricSpec

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "tiercert" / "_light_schema.py"

_DROPPED = {"metadata", "serialization"}  # JSON-schema hooks and dumping: not validation
_FUNCTIONS = {
    _shapes.as_text: "as_text",
    condition_kind: "condition_kind",
    _shapes.as_number: "as_number",
    _shapes.as_compared_number: "as_compared_number",
    _shapes.as_whole: "as_whole",
    _shapes.as_flag: "as_flag",
    _shapes.as_scalar: "as_scalar",
    _shapes.whole_as_text: "whole_as_text",
    _shapes.operand_kind: "operand_kind",
}
_REF = re.compile(r"^(?P<name>[\w.]+):\d+$")

HEADER = '''"""The rubric models' validation schema as plain data (generated: do not edit).

Written by ``python tools/gen_light_schema.py`` from :mod:`tiercert.model`; a test fails when
it is out of date.  ``tiercert check`` validates with it through pydantic-core alone: the
objects it builds are instances of the plain classes below, which subclass their namesakes
in :mod:`tiercert._shapes` as the models do.
"""

# fmt: off
# ruff: noqa: E501

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pydantic_core
from pydantic_core import SchemaSerializer, SchemaValidator

from . import _shapes
from ._numbers import RoundingMode
from ._shapes import (
    as_compared_number,
    as_flag,
    as_number,
    as_scalar,
    as_text,
    as_whole,
    operand_kind,
    whole_as_text,
)
{kind_imports}
#: the pydantic-core these schemas were written from and tested with; with another one,
#: ``tiercert check`` validates through the models instead (correct, only slower to start)
PYDANTIC_CORE_VERSION = {version!r}
USABLE = pydantic_core.__version__ == PYDANTIC_CORE_VERSION

_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
'''

HELPERS = '''

_validators: dict[str, SchemaValidator] = {}


def _validator(name: str) -> SchemaValidator:
    found = _validators.get(name)
    if found is None:
        found = _validators[name] = SchemaValidator(_SCHEMAS[name])
    return found


def _default(name: str) -> Any:
    """A default_factory: the part built from no keys, as calling the model class builds it."""
    return lambda: _validator(name).validate_python({})


def validate(data: Any) -> Any:
    """``RubricSpec.model_validate(data)`` without the models: raises the same ValidationError."""
    return _validator("RubricSpec").validate_python(data)


def validate_assessment(data: Any) -> Any:
    """``AssessmentSpec.model_validate(data)`` without the models (the same ValidationError)."""
    return _validator("AssessmentSpec").validate_python(data)


_serializers: list[SchemaSerializer] = []


def dump(spec: Any, *, exclude_defaults: bool) -> dict[str, Any]:
    """``spec.model_dump(by_alias=True, exclude_defaults=...)`` of a rubric :func:`validate`
    built, without the models (the rubric's fingerprint, its models built on demand)."""
    if not _serializers:
        _serializers.append(SchemaSerializer(_SCHEMAS["RubricSpec"]))
    data: dict[str, Any] = _serializers[0].to_python(
        spec, by_alias=True, exclude_defaults=exclude_defaults
    )
    if exclude_defaults:
        # a part a default factory makes (``scoring``) is never equal to a fresh one here (the
        # plain classes have no ==), so it dumps as {}: left out, as the model leaves it out
        for name in _FACTORY_DEFAULTS:
            if data.get(name) == {}:
                del data[name]
    return data
'''


class _Writer:
    def __init__(self) -> None:
        self.refs: dict[str, str] = {}
        self.classes: list[type[BaseModel]] = []
        self.defaults: list[type[BaseModel]] = []  # models used as a default_factory

    def ref(self, value: str) -> str:
        # pydantic's refs end in an id() that changes every run: keep the class name only
        match = _REF.match(value)
        if match is None:
            raise SystemExit(f"unexpected schema ref {value!r}")
        name = match["name"].rsplit(".", 1)[-1]
        known = self.refs.setdefault(value, name)
        if sum(n == name for n in self.refs.values()) > 1:
            raise SystemExit(f"two schema refs shorten to {name!r}")
        return known

    def write(self, value: Any, key: str | None = None) -> str:
        if isinstance(value, dict):
            items = [f"{k!r}: {self.write(v, k)}" for k, v in value.items() if k not in _DROPPED]
            return "{" + ", ".join(items) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.write(v) for v in value) + "]"
        if isinstance(value, tuple):
            return "(" + "".join(self.write(v) + ", " for v in value) + ")"
        if key in ("ref", "schema_ref") and isinstance(value, str):
            return repr(self.ref(value))
        if isinstance(value, Enum):  # before str: RoundingMode is a str enum
            return f"{type(value).__name__}.{value.name}"
        if value is None or isinstance(value, bool | int | str):
            return repr(value)
        if isinstance(value, Decimal):
            return f"Decimal({str(value)!r})"
        if isinstance(value, type):
            return self.write_class(value, key)
        if value in _FUNCTIONS:
            return _FUNCTIONS[value]
        raise SystemExit(f"cannot write {value!r} (under {key!r}): extend this script")

    def write_class(self, cls: type, key: str | None) -> str:
        if issubclass(cls, BaseModel):
            plain_base(cls)  # refuses a model without one
            if cls not in self.classes:
                self.classes.append(cls)
            if key == "default_factory":
                if cls not in self.defaults:
                    self.defaults.append(cls)
                return f"_default({cls.__name__!r})"
            return cls.__name__
        if cls in (list, dict):
            return cls.__name__
        if cls.__module__ == "tiercert._numbers":
            return cls.__name__
        raise SystemExit(f"cannot write class {cls!r}: extend this script")


def plain_base(model: type[BaseModel]) -> type:
    """The plain class a model subclasses and is named after: in ``_shapes``, or a kind's
    module (``tiercert.rules.bands.BandsRule``)."""
    for base in model.__mro__[1:]:
        if base.__name__ == model.__name__ and not issubclass(base, BaseModel):
            return base
    raise SystemExit(
        f"model {model.__name__} must subclass a plain class of the same name (in _shapes, "
        "or its kind's module)"
    )


def _base_name(plain: type) -> tuple[str, str | None]:
    """How the generated module names ``plain``, and the import that makes it so."""
    if plain.__module__ == "tiercert._shapes":
        return f"_shapes.{plain.__name__}", None
    package, _, module = plain.__module__.removeprefix("tiercert.").rpartition(".")
    alias = f"_{package}_{module}" if package else f"_{module}"
    source = f"from .{package} import {module}" if package else f"from . import {module}"
    return f"{alias}.{plain.__name__}", f"{source} as {alias}"


def render() -> str:
    writer = _Writer()
    # the rubric's schema, then those of the models that are defaults (``scoring: Scoring()``)
    schemas = {"RubricSpec": writer.write(RubricSpec.__pydantic_core_schema__)}
    # an assessment file's shape: ``tiercert score`` reads one without the models too
    schemas["AssessmentSpec"] = writer.write(AssessmentSpec.__pydantic_core_schema__)
    done = 0
    while done < len(writer.defaults):
        model = writer.defaults[done]
        schemas[model.__name__] = writer.write(model.__pydantic_core_schema__)
        done += 1
    classes, imports = "", {"from .conditions import condition_kind"}
    for cls in sorted(writer.classes, key=lambda c: c.__name__):
        base, source = _base_name(plain_base(cls))
        classes += f"\n\nclass {cls.__name__}({base}):\n    __slots__ = _SLOTS\n"
        if source is not None:
            imports.add(source)
    body = "".join(f"    {name!r}: {schema},\n" for name, schema in schemas.items())
    header = HEADER.replace("{version!r}", repr(pydantic_core.__version__))
    header = header.replace("{kind_imports}", "".join(f"{line}\n" for line in sorted(imports)))
    fields = RubricSpec.model_fields
    factory = [
        fields[name].alias or name
        for name in fields
        if isinstance(fields[name].default_factory, type)
        and issubclass(fields[name].default_factory, BaseModel)  # type: ignore[arg-type]
    ]
    tail = (
        "\n#: the rubric's fields whose default is a part made by a factory\n"
        f"_FACTORY_DEFAULTS = {tuple(factory)!r}\n"
    )
    return header + classes + HELPERS + "\n\n_SCHEMAS: dict[str, Any] = {\n" + body + "}\n" + tail


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Write src/tiercert/_light_schema.py.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is stale")
    args = parser.parse_args(argv)
    source = render()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != source:
            print(
                f"{TARGET.relative_to(ROOT)} is out of date: run python tools/gen_light_schema.py"
            )
            return 1
        return 0
    TARGET.write_text(source, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
