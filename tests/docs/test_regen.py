"""``python tools/regen.py``: the one command that refreshes every generated file."""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

import pytest

from conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regen", ROOT / "tools" / "regen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool() -> dict[str, Any]:
    return vars(_load())


def test_the_files_it_makes_are_current() -> None:
    tool = _tool()
    # the golden files and the docs' command outputs are compared by their own tests
    for step in ("light_schema", "json_schema", "openssf_rubric", "doc_blocks"):
        assert tool[step](True) == [], f"{step} is stale: run python tools/regen.py"


def test_check_names_a_stale_file_and_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    tool = _load()
    schema = ROOT / "schema" / "rubric.schema.json"
    before = schema.read_bytes()
    monkeypatch.setattr(tool, "render_schema", lambda: "{}\n")  # as if the models had changed
    assert tool.json_schema(True) == ["schema/rubric.schema.json"]
    assert schema.read_bytes() == before


def test_every_step_is_run_and_every_golden_test_module_exists() -> None:
    tool = _tool()
    names = [name for name, _ in tool["STEPS"]]
    assert names == [
        "light schema",
        "JSON Schema",
        "generated OpenSSF rubric",
        "generated blocks in the docs",
        "message catalogs",
        "command outputs in the docs",
        "golden files",
    ]
    for module in tool["GOLDEN_TESTS"]:
        assert (ROOT / module).exists()
        assert "golden" in (ROOT / module).read_text(encoding="utf-8")
