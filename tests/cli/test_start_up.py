"""What a fresh ``tiercert check`` and ``tiercert score`` load: only what they use.

Start-up time is most of what these commands cost (docs/performance.md, cold starts): a
module imported, or a dataclass made, for nothing is paid on every run.  The commands run
in fresh processes here; no time is measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import dataclasses, gettext, sys
parsed = []  # catalogs decoded whole (tiercert._i18n.Catalog decodes a message when asked)
whole = gettext.GNUTranslations._parse
gettext.GNUTranslations._parse = lambda self, fp: (parsed.append(fp), whole(self, fp))[1]
from tiercert.cli import main
status = main(sys.argv[1:])
modules = sorted(sys.modules)
made = sorted(
    f"{name}.{value.__qualname__}"
    for name, module in list(sys.modules.items())
    if name.startswith("tiercert")
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
)
import json
found = {"status": status, "modules": modules, "dataclasses": made, "parsed": len(parsed)}
print(json.dumps(found))
"""

#: what neither command uses: the models, the compiled evaluator and code generator, other
#: commands, HTML, and standard modules only a rare path needs (an internal error's
#: traceback, "did you mean", the help's terminal width)
_NEVER = {
    "pydantic.main",
    "tiercert.model",
    "tiercert._fast",
    "tiercert._fast.codegen",
    "tiercert.batch",
    "tiercert.tabular",
    "tiercert.explain",
    "tiercert.migrate",
    "tiercert.programme",
    "tiercert.template",
    "jinja2",
    "csv",
    "shutil",
    "threading",
    "traceback",
    "difflib",
}
#: ``check`` does not score: no results, plans or reports, and no JSON for text output; no
#: ``pathlib`` and what it imports (paths are ``os.path`` on its way: ``score`` imports it
#: only because pydantic-core does when it first serialises)
_NOT_FOR_CHECK = {
    "json",
    "pathlib",
    "urllib.parse",
    "ipaddress",
    "tiercert.rubric",
    "tiercert.result",
    "tiercert._compile",
    "tiercert._reference",
    "tiercert.report",
    "tiercert.scorecard",
}
#: the dataclasses these commands may make (each costs about a millisecond at import): the
#: rest are records (tiercert._records), which cost nothing until used.  These stay
#: dataclasses because ``dataclasses.replace`` or ``fields`` is used on them.
_DATACLASSES = {
    "tiercert.errors.Problem",
    "tiercert.checking.CheckReport",
    "tiercert.assessment.Assessment",
    "tiercert._compile.LeafPlan",
    "tiercert._compile.GroupPlan",
    "tiercert.result.NodeResult",
    "tiercert.result.Result",
}


def _loaded(*argv: str) -> tuple[set[str], set[str]]:
    """The modules loaded and the dataclasses made by ``tiercert *argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["status"] == 0, done.stderr
    assert found["parsed"] == 0, "a catalog was decoded whole: use tiercert._i18n.translator"
    return set(found["modules"]), set(found["dataclasses"])


@pytest.mark.parametrize(
    ("argv", "never"),
    [
        (["check", "rubrics/bac_giang_friendly_gov.yaml"], _NEVER | _NOT_FOR_CHECK),
        (
            ["score", "rubrics/bac_giang_friendly_gov.yaml", "examples/bac_giang/xa_mau_a.yaml"],
            _NEVER,
        ),
        (
            [
                "score",
                "rubrics/bac_giang_friendly_gov.yaml",
                "examples/bac_giang/xa_mau_a.yaml",
                "--format",
                "json",
            ],
            _NEVER,
        ),
    ],
)
def test_a_command_loads_only_what_it_uses(argv: list[str], never: set[str]) -> None:
    modules, made = _loaded(*argv)
    assert not modules & never, sorted(modules & never)
    assert made <= _DATACLASSES, f"make these records instead: {sorted(made - _DATACLASSES)}"
    if argv[0] == "score":  # the one unit is scored and shown
        assert {"tiercert._reference", "tiercert.report"} <= modules


def test_the_program_leaves_what_it_made_to_the_operating_system() -> None:
    """``program()``, the process's own entry (``python -m tiercert``, the console script),
    freezes what the process made once the command is done, so the interpreter's last
    collection does not walk it on the way out (docs/performance.md, cold starts); ``main()``,
    which tests and embedders call within their own process, does not."""
    rubric = "rubrics/bac_giang_friendly_gov.yaml"
    code = (
        "import gc, sys\n"
        "from tiercert.cli import main, program\n"
        f"assert main(['check', {rubric!r}]) == 0\n"
        "before = gc.get_freeze_count()\n"
        f"sys.argv = ['tiercert', 'check', {rubric!r}]\n"
        "assert program() == 0\n"
        "print(before, gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after = map(int, done.stdout.split()[-2:])
    assert (before, after > 0) == (0, True)
    # the console script (no tomllib: the project supports Python 3.10)
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '\ntiercert = "tiercert.cli:program"\n' in project
    main_module = (ROOT / "src" / "tiercert" / "__main__.py").read_text(encoding="utf-8")
    assert "raise SystemExit(program())" in main_module


@pytest.mark.parametrize("summary", ["text", "json", "none"])
def test_a_batch_builds_no_models(summary: str, tmp_path: Path) -> None:
    """``tiercert batch`` reads the rubric's plain parts (its score columns, tier labels,
    language, targets, whether it declares a programme): building the pydantic models was
    most of its start (about 0.15 s of 0.3 s on the Bắc Giang rubric, docs/performance-history.md,
    tenth round)."""
    # the example's first rows (a later one is bad on purpose: the command would fail)
    lines = (ROOT / "examples" / "bac_giang_units.csv").read_text(encoding="utf-8").splitlines()
    sheet = tmp_path / "units.csv"
    sheet.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    modules, _ = _loaded(
        "batch",
        "rubrics/bac_giang_friendly_gov.yaml",
        str(sheet),
        "-o",
        str(tmp_path / "out.csv"),
        "--summary",
        summary,
    )
    assert "tiercert.batch" in modules  # the batch ran
    assert not modules & {"pydantic.main", "tiercert.model"}, sorted(modules)


def test_the_serializer_imports_nothing_itself() -> None:
    """A rubric's plain parts are dumped (its fingerprint) by pydantic-core's serializer,
    which imports ``uuid`` the first time it runs; without the models (a batch builds none,
    above) that import came inside the serializer, and a SIGTERM or Ctrl+C arriving then
    panicked in its Rust code: an internal error instead of a clean stop
    (tests/io/test_output_files.py, ``test_a_stopped_batch_leaves_no_temporary_file``, failed
    about one run in two).  The import is made in Python first."""
    code = (
        "import sys\n"
        "import tiercert\n"
        "from tiercert import _light_schema\n"
        "rubric = tiercert.load_rubric('rubrics/bac_giang_friendly_gov.yaml')\n"
        "real = _light_schema.dump\n"
        "def dump(*args, **kwargs):\n"
        "    before = set(sys.modules)\n"
        "    dumped = real(*args, **kwargs)\n"
        "    print(sorted(set(sys.modules) - before))\n"
        "    return dumped\n"
        "_light_schema.dump = dump\n"
        "assert rubric.fingerprint.startswith('sha256:')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[-2] == "[]", done.stdout
