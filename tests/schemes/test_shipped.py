"""The shipped rubrics travel with the package and answer to their ids (issue 18).

Where they are found is tested for both installations: a source checkout (what the tests run
from: the repository's top-level rubrics/) and a wheel (built here from the repository, then
imported from its unpacked files in a fresh process, away from the checkout).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import tiercert
from conftest import EXAMPLES, ROOT, RUBRICS
from tiercert._shipped import (
    RubricSource,
    locate_rubric,
    schema_file,
    shipped_folder,
    shipped_ids,
)
from tiercert.cli import main
from tiercert.errors import Problem

IDS = sorted(p.stem for p in RUBRICS.glob("*.yaml"))
BAC_GIANG = "bac_giang_friendly_gov"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# --- where they are ---------------------------------------------------------------------------


def test_a_checkout_reads_the_top_level_rubrics_and_schema() -> None:
    assert shipped_folder() == str(RUBRICS)
    assert schema_file() == str(ROOT / "schema" / "rubric.schema.json")
    assert shipped_ids() == IDS


def test_each_shipped_file_is_named_after_its_rubric_id() -> None:
    for ident in IDS:
        assert tiercert.check_file(ident, light=True).spec.id == ident  # type: ignore[union-attr]


def _package(base: Path, *, packaged: bool, checkout: bool) -> Path:
    """A fake ``tiercert`` package folder, laid out as a wheel or a source checkout has it."""
    package = base / "src" / "tiercert"
    package.mkdir(parents=True)
    if packaged:
        (package / "rubrics").mkdir()
        (package / "rubrics" / "in_wheel.yaml").write_text("x", encoding="utf-8")
        (package / "rubric.schema.json").write_text("{}", encoding="utf-8")
    if checkout:
        (base / "pyproject.toml").write_text("", encoding="utf-8")
        (base / "rubrics").mkdir()
        (base / "rubrics" / "in_checkout.yaml").write_text("x", encoding="utf-8")
        (base / "schema").mkdir()
        (base / "schema" / "rubric.schema.json").write_text("{}", encoding="utf-8")
    return package


def test_the_packaged_copy_comes_first(tmp_path: Path) -> None:
    package = _package(tmp_path, packaged=True, checkout=True)
    assert shipped_folder(package) == str(package / "rubrics")
    assert schema_file(package) == str(package / "rubric.schema.json")
    assert shipped_ids(package) == ["in_wheel"]


def test_a_checkout_without_a_packaged_copy_reads_the_repository(tmp_path: Path) -> None:
    package = _package(tmp_path, packaged=False, checkout=True)
    assert shipped_folder(package) == str(tmp_path / "rubrics")
    assert schema_file(package) == str(tmp_path / "schema" / "rubric.schema.json")
    assert shipped_ids(package) == ["in_checkout"]


def test_a_folder_above_a_package_that_is_no_checkout_is_not_read(tmp_path: Path) -> None:
    package = _package(tmp_path, packaged=False, checkout=True)
    (tmp_path / "pyproject.toml").unlink()  # site-packages/../.. is no repository
    assert shipped_folder(package) is None
    assert schema_file(package) is None
    assert shipped_ids(package) == []
    problem = locate_rubric("in_checkout", package)
    assert isinstance(problem, Problem)
    assert "no rubrics folder" in problem.message


# --- the rule: an existing path wins, then a shipped id, else a problem -------------------


def test_an_id_stands_for_the_shipped_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = locate_rubric(BAC_GIANG)
    assert source == RubricSource(
        str(RUBRICS / f"{BAC_GIANG}.yaml"),
        f"{BAC_GIANG} (shipped: {RUBRICS / f'{BAC_GIANG}.yaml'})",
        BAC_GIANG,
    )


def test_an_existing_path_of_the_same_name_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / BAC_GIANG).write_text(
        (RUBRICS / "vn_ocop_products.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert locate_rubric(BAC_GIANG) == RubricSource(BAC_GIANG, BAC_GIANG)
    assert tiercert.load_rubric(BAC_GIANG).id == "vn_ocop_products"
    status, out, _ = _cli("check", BAC_GIANG)
    assert (status, out.splitlines()[-1].split(":")[0]) == (0, BAC_GIANG)
    # tiercert list still lists the shipped rubric, not the file in the current folder
    listed = {r.id: r for r in tiercert.shipped_rubrics()}
    assert listed[BAC_GIANG].version == tiercert.load_rubric(RUBRICS / f"{BAC_GIANG}.yaml").version


def test_an_unknown_id_lists_the_shipped_ones_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _cli("check", "bac_giang")
    assert status == 2
    first = out.splitlines()[0]
    assert first.startswith("bac_giang: error: $: no such file, and no shipped rubric")
    assert "did you mean 'bac_giang_friendly_gov'?" in first
    assert ", ".join(IDS) in first
    assert first.endswith("[file.unreadable]")
    status, out, _ = _cli("check", "vn_ocop_product")  # a letter short: difflib's suggestion
    assert "did you mean 'vn_ocop_products'?" in out
    status, out, _ = _cli("check", "zzz")
    assert "did you mean" not in out
    assert "; give the path of a rubric file" in out


def test_a_missing_path_named_like_a_shipped_rubric_is_told_to_use_the_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _cli("check", f"rubrics/{BAC_GIANG}.yaml")
    assert status == 2
    assert f"give its id alone: {BAC_GIANG} [file.unreadable]" in out
    # any other missing path: the message it always had
    status, out, _ = _cli("check", "rubrics/mine.yaml")
    assert status == 2
    assert "cannot read the file: no such file or folder; check the path" in out


def test_problems_name_a_shipped_rubric_by_id_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _cli("check", BAC_GIANG, "--format", "json")
    (report,) = json.loads(out)
    assert status == 0
    assert report["file"] == f"{BAC_GIANG} (shipped: {RUBRICS / BAC_GIANG}.yaml)"
    assert report["valid"] is True


# --- every command and the API take ids ---------------------------------------------------


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with copies of the example files, far from the repository."""
    shutil.copy(EXAMPLES / "bac_giang" / "xa_mau_a.yaml", tmp_path)
    shutil.copytree(EXAMPLES / "bac_giang", tmp_path / "units")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_takes_a_shipped_id(elsewhere: Path) -> None:
    by_path = str(RUBRICS / f"{BAC_GIANG}.yaml")
    for argv in (
        ["score", "{}", "xa_mau_a.yaml"],
        ["score", "{}", "xa_mau_a.yaml", "--format", "json"],
        ["template", "{}"],
        ["template", "{}", "--format", "csv"],
        ["explain", "{}"],
        ["report", "{}", "xa_mau_a.yaml"],
        ["batch", "{}", "units", "--summary", "json"],
    ):
        by_id = _cli(*(a.format(BAC_GIANG) for a in argv))
        assert by_id[0] == 0, by_id
        assert by_id == _cli(*(a.format(by_path) for a in argv)), argv


def test_the_api_takes_a_shipped_id(elsewhere: Path) -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    assert rubric.evaluate(tiercert.load_assessment("xa_mau_a.yaml")).total == Decimal("85.1")
    assert tiercert.check_file(BAC_GIANG).ok(strict=True)
    assert rubric.fingerprint == tiercert.load_rubric(RUBRICS / f"{BAC_GIANG}.yaml").fingerprint


# --- tiercert list ------------------------------------------------------------------------


def test_list_shows_every_shipped_rubric_with_its_titles_and_provisional_count() -> None:
    status, out, _ = _cli("list", "--format", "json")
    listed = json.loads(out)
    assert status == 0
    assert [r["id"] for r in listed] == IDS
    for entry in listed:
        report = tiercert.check_file(RUBRICS / f"{entry['id']}.yaml")
        assert report.spec is not None
        assert entry["version"] == report.spec.version
        assert entry["provisional"] == len(report.provisional)
        assert next(iter(entry["title"])) == report.spec.language  # its own language first
        assert set(entry["title"]) == {
            report.spec.language if k == "*" else k for k in report.spec.title
        }
        assert Path(entry["file"]) == RUBRICS / f"{entry['id']}.yaml"
    bac_giang = listed[IDS.index(BAC_GIANG)]
    assert list(bac_giang["title"]) == ["vi", "en"]
    status, text, _ = _cli("list")
    assert text.count("\n  vi: ") == sum("vi" in r["title"] for r in listed)
    assert text.splitlines()[-1].startswith(f"{len(IDS)} shipped rubrics;")


# --- in a wheel ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this repository, built as a release is (``python -m build``), without
    network access: the build backend is the one installed with the test extra."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("tiercert-*.whl")
    return built


def test_the_wheel_carries_the_shipped_rubrics_and_the_schema(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in RUBRICS.glob("*.yaml"):
            assert archive.read(f"tiercert/rubrics/{path.name}") == path.read_bytes()
        schema = (ROOT / "schema" / "rubric.schema.json").read_bytes()
        assert archive.read("tiercert/rubric.schema.json") == schema
    assert {n for n in names if n.startswith("tiercert/rubrics/")} == {
        f"tiercert/rubrics/{p.name}" for p in RUBRICS.glob("*.yaml")
    }


_PROBE = """
import io, json, sys
from pathlib import Path
import tiercert
from tiercert._shipped import shipped_folder, schema_file
from tiercert.cli import main
out = io.StringIO()
statuses = [main(argv, stdout=out, stderr=out) for argv in (
    ["check", "bac_giang_friendly_gov"],
    ["score", "bac_giang_friendly_gov", "xa_mau_a.yaml", "--format", "json"],
)]
print(json.dumps({
    "module": tiercert.__file__,
    "folder": str(shipped_folder()),
    "schema": str(schema_file()),
    "ids": [r.id for r in tiercert.shipped_rubrics()],
    "statuses": statuses,
    "version": tiercert.load_rubric("bac_giang_friendly_gov").version,
}))
"""


def test_an_installed_wheel_finds_its_own_rubrics(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(EXAMPLES / "bac_giang" / "xa_mau_a.yaml", work)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)  # before the editable install's path to src/
    found = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(found.stdout)
    assert seen["module"] == str(site / "tiercert" / "__init__.py")
    assert seen["folder"] == str(site / "tiercert" / "rubrics")
    assert seen["schema"] == str(site / "tiercert" / "rubric.schema.json")
    assert seen["ids"] == IDS
    assert seen["statuses"] == [0, 0]
    assert seen["version"] == tiercert.load_rubric(BAC_GIANG).version
