"""``tiercert check`` validates without pydantic's models (for start-up time) and says the same.

The light path (:mod:`tiercert._light_schema`, generated from ``model.py``) must accept exactly
what the models accept, build parts with the same values, and end in the same report.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from strategies import rubric_data
from tiercert import _shapes, model
from tiercert._yaml import Document, load_document
from tiercert.checking import CheckReport, check_document
from tiercert.conditions import CONDITIONS
from tiercert.rules import RULES

SOURCES = sorted(
    [
        *(ROOT / "rubrics").glob("*.yaml"),
        *(ROOT / "tests" / "examples").glob("*/*.yaml"),
        *(ROOT / "examples" / "bac_giang").glob("*.yaml"),  # assessments: refused alike
    ]
)


def _plain(value: Any) -> Any:
    """A part as plain data, whichever kind of object it is (model or light)."""
    if isinstance(value, _shapes.Spec):
        fields = {k: _plain(v) for k, v in vars(value).items() if not k.startswith("__")}
        return (type(value).__name__, fields)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    return value


def _same_report(document: Document) -> None:
    full = check_document(document)
    light = check_document(copy.deepcopy(document), light=True)
    assert [p.format() for p in light.problems] == [p.format() for p in full.problems]
    assert (light.spec is None) == (full.spec is None)
    if full.spec is not None:
        assert isinstance(full.spec, model.RubricSpec)
        assert not isinstance(light.spec, model.RubricSpec)  # it did take the light path
        assert _plain(light.spec) == _plain(full.spec)
        assert light.provisional == full.provisional


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_file_is_reported_alike(path: Path) -> None:
    _same_report(load_document(path.read_bytes(), file=str(path)))


@given(rubric_data())
def test_generated_rubrics_are_reported_alike(data: dict[str, Any]) -> None:
    _same_report(Document(data))


_JUNK: list[Any] = [None, "", "x", -1, 0, 1.5, Decimal("2.5"), True, [], {}, {"kind": "boolean"}]


@st.composite
def _damaged(draw: st.DrawFn) -> dict[str, Any]:
    """A generated rubric with one value somewhere replaced by junk."""
    data = copy.deepcopy(draw(rubric_data(max_depth=2, max_children=3)))
    places: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            places.append((node, key))
            if isinstance(value, dict | list):
                walk(value)

    walk(data)
    container, key = draw(st.sampled_from(places))
    container[key] = draw(st.sampled_from(_JUNK))
    return data


@given(_damaged())
def test_damaged_rubrics_are_reported_alike(data: dict[str, Any]) -> None:
    _same_report(Document(data))


def test_every_rubric_model_subclasses_its_shape() -> None:
    shapes = [
        cls
        for cls in vars(_shapes).values()
        if isinstance(cls, type) and issubclass(cls, _shapes.Spec)
    ]
    for kind in RULES.values():  # the rules' classes are their kinds' own
        shapes += [kind.fields, *kind.parts]
    shapes += [kind.fields for kind in CONDITIONS.values()]  # and the conditions'

    shapes = list(dict.fromkeys(shapes))
    assert len(shapes) > 30
    for shape in shapes:
        assert issubclass(getattr(model, shape.__name__), shape), shape.__name__


def test_the_light_schema_was_written_for_this_pydantic_core() -> None:
    import pydantic_core

    from tiercert import _light_schema

    # the test extra pins pydantic; after raising the pin, run tools/gen_light_schema.py
    assert pydantic_core.__version__ == _light_schema.PYDANTIC_CORE_VERSION
    assert _light_schema.USABLE


def test_with_another_pydantic_core_check_uses_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiercert import _light_schema

    monkeypatch.setattr(_light_schema, "USABLE", False)
    path = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
    report = check_document(load_document(path.read_bytes()), light=True)
    assert isinstance(report.spec, model.RubricSpec)
    assert report.ok()


def test_the_light_schema_is_generated_from_the_models() -> None:
    path = ROOT / "tools" / "gen_light_schema.py"
    spec = importlib.util.spec_from_file_location("gen_light_schema", path)
    assert spec is not None
    assert spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = (ROOT / "src" / "tiercert" / "_light_schema.py").read_text(encoding="utf-8")
    assert gen.render() == committed, "run: python tools/regen.py"


def test_the_light_report_has_a_plain_spec() -> None:
    source = b"format: 1\nid: x\nversion: '1'\ntitle: T\n"
    report = check_document(load_document(source), light=True)
    assert isinstance(report, CheckReport)
    assert isinstance(report.spec, _shapes.RubricSpec)
    assert report.spec.id == "x"
    assert report.spec.scoring.missing == "error"  # a default part, built light too


_PROBE = """
import sys
from tiercert.cli import main
status = main(sys.argv[1:])
loaded = ("pydantic.main", "tiercert.model", "tiercert._fast", "jinja2")
heavy = sorted(m for m in loaded if m in sys.modules)
print(status, ",".join(heavy) or "-")
"""


@pytest.mark.parametrize(
    ("rubric", "expected"),
    [
        # a well-shaped rubric is checked without pydantic's models or the evaluator
        ("rubrics/bac_giang_friendly_gov.yaml", "0 -"),
        # a misshapen one is explained with the models' help
        ("tests/examples/invalid/unknown_keys.yaml", "1 pydantic.main,tiercert.model"),
    ],
)
def test_check_loads_only_what_it_needs(rubric: str, expected: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "check", rubric],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == expected, done.stderr


def _same_rubric(document: Document) -> None:
    """A rubric loaded light (plain parts, as ``load_rubric`` loads) fingerprints, dumps and
    builds its models exactly as one loaded through the models."""
    from tiercert.rubric import Rubric, fingerprint

    full = check_document(document)
    light = check_document(copy.deepcopy(document), light=True)
    if full.spec is None or full.errors:
        return
    assert light.spec is not None
    assert not isinstance(light.spec, model.RubricSpec)
    assert fingerprint(light.spec) == fingerprint(full.spec)  # byte-equal: goldens hold them
    by_models, by_parts = Rubric(full.spec, report=full), Rubric(light.spec, report=light)
    assert by_parts.to_data() == by_models.to_data()
    assert by_parts.to_yaml() == by_models.to_yaml()
    assert by_parts.spec == by_models.spec  # the models, built on demand from the parts
    assert isinstance(by_parts.spec, model.RubricSpec)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_rubric_fingerprints_alike_light(path: Path) -> None:
    _same_rubric(load_document(path.read_bytes(), file=str(path)))


@given(rubric_data())
def test_generated_rubrics_fingerprint_alike_light(data: dict[str, Any]) -> None:
    _same_rubric(Document(data))


_ASSESSMENTS = sorted((ROOT / "examples").glob("**/*.yaml"))


@pytest.mark.parametrize("path", _ASSESSMENTS, ids=lambda p: p.name)
def test_assessments_are_read_alike_light(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tiercert import _light_schema
    from tiercert.assessment import load_assessment
    from tiercert.errors import AssessmentError

    def read() -> Any:
        try:
            return load_assessment(path)
        except AssessmentError as exc:
            return [p.format() for p in exc.problems]

    light = read()
    monkeypatch.setattr(_light_schema, "USABLE", False)  # through the models
    assert read() == light


def test_score_loads_no_models() -> None:
    # one unit scored from files: no pydantic models (most of a fresh process's start-up)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            "score",
            "rubrics/bac_giang_friendly_gov.yaml",
            "examples/bac_giang/xa_mau_a.yaml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "0 -", done.stderr
