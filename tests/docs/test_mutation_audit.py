"""``tools/mutation_audit.py``: which measured functions changed since their mutation run."""

from __future__ import annotations

import fnmatch
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mutation_audit", ROOT / "tools" / "mutation_audit.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


FIRST = """
def kept(x):
    "Its first docstring."
    return x + 1


def edited(x):
    return x < 0


def dropped():
    return 1


class Box:
    def open(self):
        return 2
"""

# comments, layout and docstrings make no mutant: `kept` and `Box.open` stay unchanged
SECOND = """
def kept(x):
    \"\"\"Its docstring, rewritten.\"\"\"
    # a comment, and the sum written otherwise
    return (x
            + 1)


def edited(x):
    return x <= 0


class Box:
    def open(self):
        "A docstring added."
        return 2

    def close(self):
        return 3


def added():
    return 4
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changed_new_and_gone_functions_are_told_apart(tmp_path: Path) -> None:
    tool = _load()
    module = tmp_path / "src" / "tiercert" / "m.py"
    module.parent.mkdir(parents=True)
    module.write_text(FIRST, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    commit = _git(tmp_path, "rev-parse", "HEAD")
    module.write_text(SECOND, encoding="utf-8")
    runs = (tool.Run("m.py", ("kept", "edited", "dropped", "Box.*"), commit, "a run"),)
    rows = tool.audit(tmp_path, runs)
    said = {row.name: row.status for row in rows}
    assert said == {
        "kept": "unchanged",
        "edited": "changed",
        "dropped": "gone",
        "Box.open": "unchanged",
        "Box.close": "never measured",
        "added": "never measured",
    }
    text = tool.table(rows)
    assert f"| `m.py` `edited` | `{commit}` (a run) | changed |" in text
    assert "| `m.py` `added` | never | never measured |" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_later_run_replaces_an_earlier_one(tmp_path: Path) -> None:
    tool = _load()
    module = tmp_path / "src" / "tiercert" / "m.py"
    module.parent.mkdir(parents=True)
    module.write_text(FIRST, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    first = _git(tmp_path, "rev-parse", "HEAD")
    module.write_text(SECOND, encoding="utf-8")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "second")
    second = _git(tmp_path, "rev-parse", "HEAD")
    runs = (tool.Run("m.py", ("*",), first, "old"), tool.Run("m.py", ("edited",), second, "new"))
    said = {
        row.name: (row.status, row.run.section) for row in tool.audit(tmp_path, runs) if row.run
    }
    assert said["edited"] == ("unchanged", "new")
    assert said["dropped"] == ("gone", "old")


def test_every_function_listed_was_there_when_it_was_measured() -> None:
    """A name misspelt in ``MEASURED`` would make a measured function look never measured."""
    tool = _load()
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the repository's history")
    for run in tool.MEASURED:
        known = subprocess.run(
            ["git", "cat-file", "-e", f"{run.commit}^{{commit}}"], cwd=ROOT, check=False
        )
        if known.returncode != 0:
            pytest.skip(f"{run.commit} is not in this clone's history")
        there = tool.functions(_git(ROOT, "show", f"{run.commit}:src/tiercert/{run.module}"))
        for pattern in run.names:
            assert fnmatch.filter(there, pattern), (run.commit, run.module, pattern)
