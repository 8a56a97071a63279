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
import dataclasses, sys
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
print(json.dumps({"status": status, "modules": modules, "dataclasses": made}))
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
#: ``check`` does not score: no results, plans or reports, and no JSON for text output
_NOT_FOR_CHECK = {
    "json",
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
