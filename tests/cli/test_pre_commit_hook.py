"""The pre-commit hooks other repositories use: `tiercert check` on their rubric files (skipping
assessments kept among them), `tiercert check --assessments` on their assessment files."""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT, RUBRICS
from tiercert.cli import main


def _hook(ident: str) -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == ident]
    assert isinstance(hook, dict)
    return hook


def _run(hook: str, *args: str) -> tuple[int, str]:
    """What pre-commit runs: the hook's entry, its args, then the file names."""
    argv = [*shlex.split(_hook(hook)["entry"]), *args]
    assert argv[0] == "tiercert"
    out = io.StringIO()
    status = main(argv[1:], stdout=out, stderr=out)
    return status, out.getvalue()


def test_the_hooks_are_declared_as_documented() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["tiercert-check", "tiercert-score"]
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert hook["language"] == "python"  # pre-commit installs this repository with pip
        assert hook["id"] in docs
    assert shlex.split(_hook("tiercert-check")["entry"]) == [
        "tiercert",
        "check",
        "--skip-assessments",
    ]
    assert "--strict" in _hook("tiercert-check")["description"]
    assert shlex.split(_hook("tiercert-score")["entry"]) == ["tiercert", "check", "--assessments"]


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
def test_the_check_hook_takes_yaml_files_under_a_rubrics_folder(name: str, checked: bool) -> None:
    assert bool(re.search(_hook("tiercert-check")["files"], name)) is checked


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("rubrics/xa_a.yaml", True),
        ("assessments/2025/xa_a.yml", True),
        ("province/assessments/xa_a.yaml", True),
        ("assessments/notes.md", False),
        ("src/x.yaml", False),
    ],
)
def test_the_score_hook_takes_yaml_files_under_rubrics_or_assessments(
    name: str, taken: bool
) -> None:
    assert bool(re.search(_hook("tiercert-score")["files"], name)) is taken


def test_the_check_entry_checks_the_shipped_rubrics_strictly() -> None:
    files = [str(path) for path in sorted(RUBRICS.glob("*.yaml"))]
    assert files
    status, output = _run("tiercert-check", "--strict", *files)
    assert status == 0, output


def test_the_check_entry_fails_a_commit_with_a_broken_rubric(tmp_path: Path) -> None:
    broken = tmp_path / "rubrics" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("format: 1\nid: x\nversion: '1'\ntitle: X\ncriteria: []\n", encoding="utf-8")
    status, output = _run("tiercert-check", str(broken))
    assert status == 1
    assert "[rubric.empty]" in output


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository keeping a rubric and its assessments in one rubrics/ folder (issue 14)."""
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(RUBRICS / "bac_giang_friendly_gov.yaml", folder)
    for example in sorted((EXAMPLES / "bac_giang").glob("*.yaml")):
        shutil.copy(example, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder.parent)) for p in folder.glob("*.yaml"))


def test_the_check_entry_skips_assessments_kept_among_rubrics(mixed: Path) -> None:
    # before: the 6 assessments were checked as rubrics, 8 errors each (issue 14)
    status, output = _run("tiercert-check", "--strict", *_files(mixed))
    assert status == 0, output
    assert output.count(": skipped (an assessment, not a rubric)") == 6
    assert "rubrics/bac_giang_friendly_gov.yaml: valid" in output


def test_the_score_entry_scores_assessments_and_skips_the_rubric(mixed: Path) -> None:
    status, output = _run("tiercert-score", *_files(mixed))
    assert status == 0, output
    assert "rubrics/bac_giang_friendly_gov.yaml: skipped (a rubric, not an assessment)" in output
    assert output.count(": valid (0 errors, 0 warnings)") == 6
    # with the rubric named, and as JSON for tools
    status, output = _run(
        "tiercert-score", "--rubric", "rubrics/bac_giang_friendly_gov.yaml", "--format", "json",
        *_files(mixed),
    )  # fmt: skip
    reports = json.loads(output)
    assert status == 0
    assert [r.get("skipped") for r in reports].count("a rubric, not an assessment") == 1
    assert all(r["valid"] for r in reports)


def test_the_score_entry_fails_a_commit_with_a_bad_assessment(mixed: Path) -> None:
    bad = mixed / "xa_bad.yaml"
    text = (mixed / "xa_mau_a.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("g1.1.1: true", "g1.1.1: maybe", 1), encoding="utf-8")
    assert "maybe" in bad.read_text(encoding="utf-8")
    status, output = _run("tiercert-score", str(bad.relative_to(mixed.parent)))
    assert status == 1
    # in the rubric's language
    where = r"rubrics/xa_bad\.yaml:\d+:\d+: lỗi: \$\.answers\.?\[?.?g1\.1\.1"
    assert re.search(where, output), output


def test_the_score_entry_finds_a_repository_rubric_by_the_assessments_rubric_id(
    mixed: Path,
) -> None:
    own = (mixed / "bac_giang_friendly_gov.yaml").read_text(encoding="utf-8")
    (mixed / "commune.yaml").write_text(
        own.replace("id: bac_giang_friendly_gov", "id: commune", 1), encoding="utf-8"
    )
    unit = (mixed / "xa_mau_a.yaml").read_text(encoding="utf-8")
    (mixed / "sub").mkdir()
    (mixed / "sub" / "xa.yaml").write_text(
        unit.replace("rubric: bac_giang_friendly_gov", "rubric: commune"), encoding="utf-8"
    )
    (mixed / "sub" / "lost.yaml").write_text(
        unit.replace("rubric: bac_giang_friendly_gov", "rubric: nowhere"), encoding="utf-8"
    )
    status, output = _run("tiercert-score", "rubrics/sub/xa.yaml", "rubrics/sub/lost.yaml")
    assert status == 1
    assert "rubrics/sub/xa.yaml: valid" in output
    assert "no rubric 'nowhere'" in output
    assert "[assessment.rubric]" in output


def test_rubric_goes_with_assessments() -> None:
    status, output = _run("tiercert-check", "--rubric", "x.yaml", "y.yaml")
    assert status == 2
    assert "--rubric goes with --assessments" in output


def test_the_docs_pin_a_revision_that_can_exist() -> None:
    """The docs once pinned 'rev: v0.1.0', a tag that was never made (issue 14)."""
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    revs = re.findall(r"(?m)^\s*rev:\s*(\S+)", docs)
    assert revs
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    for rev in revs:
        assert rev in tags or rev == "<full-commit-hash>", rev
