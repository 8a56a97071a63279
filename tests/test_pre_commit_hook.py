"""The pre-commit hook other repositories use runs `tiercert check` on their rubric files."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, RUBRICS
from tiercert.cli import main


def _hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert isinstance(hook, dict)
    return hook


def test_the_hook_is_declared_as_documented() -> None:
    hook = _hook()
    assert hook["id"] == "tiercert-check"
    assert hook["language"] == "python"  # pre-commit installs this repository with pip
    assert shlex.split(hook["entry"]) == ["tiercert", "check"]
    assert "--strict" in hook["description"]
    assert "tiercert-check" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "checked"),
    [
        ("rubrics/vn_ocop_products.yaml", True),
        ("policy/rubrics/stars.yml", True),
        ("rubrics/sub/dir/x.yaml", True),
        ("rubrics/README.md", False),
        ("examples/bac_giang/xa_mau_a.yaml", False),
        ("my_rubrics/x.yaml", False),
    ],
)
def test_the_hook_checks_yaml_files_under_a_rubrics_folder(name: str, checked: bool) -> None:
    assert bool(re.search(_hook()["files"], name)) is checked


def test_the_entry_checks_the_shipped_rubrics_strictly() -> None:
    files = [str(path) for path in sorted(RUBRICS.glob("*.yaml"))]
    assert files
    out, err = io.StringIO(), io.StringIO()
    argv = [*shlex.split(_hook()["entry"])[1:], "--strict", *files]
    assert main(argv, stdout=out, stderr=err) == 0, out.getvalue() + err.getvalue()


def test_the_entry_fails_a_commit_with_a_broken_rubric(tmp_path: Path) -> None:
    broken = tmp_path / "rubrics" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("format: 1\nid: x\nversion: '1'\ntitle: X\ncriteria: []\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main([*shlex.split(_hook()["entry"])[1:], str(broken)], stdout=out, stderr=err) == 1
    assert "[rubric.empty]" in out.getvalue()
