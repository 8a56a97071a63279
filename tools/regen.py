"""Refresh every generated file of the repository, or check that none is stale.

    python tools/regen.py           # rewrite whatever is out of date, and say what changed
    python tools/regen.py --check   # change nothing; exit 1 naming what is out of date

The files, in the order they depend on each other:

1. ``src/tiercert/_light_schema.py``, from the models (``tools/gen_light_schema.py``);
2. ``schema/rubric.schema.json``, from the models (``tiercert schema``);
3. ``rubrics/openssf_best_practices.yaml``, from ``data/openssf_best_practices/``
   (``tools/gen_openssf_best_practices.py``);
4. the generated blocks of ``docs/**/*.md``: the rubrics' tables and the lists of kinds, from
   the rubrics and the registries (``tiercert.explain.refresh_markdown_blocks``);
5. the message catalogs ``src/tiercert/locale/*/LC_MESSAGES/tiercert.po`` (the messages the
   code and the templates mark, each language's translations kept) and the ``.mo`` compiled
   from each (``tools/catalogs.py``, with Babel);
6. the command outputs shown in ``docs/*.md`` and ``README.md``
   (``tools/refresh_doc_outputs.py``), written in the languages the catalogs give;
7. the golden files under ``tests/golden/`` and the expected outputs under
   ``tests/examples/``, written by the tests that compare with them when ``TIERCERT_REGEN=1``
   is set (the one environment variable for all of them).

Each step is also guarded by a test that fails when its files are stale and names this
command.  After a refresh, read the diff: every change must be one you meant.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
sys.path.insert(0, str(ROOT / "src"))

from tiercert.explain import refresh_markdown_blocks  # noqa: E402
from tiercert.schema import SCHEMA_FILE, render_schema  # noqa: E402

#: the environment variable that makes golden tests write their files instead of comparing
GOLDEN_VARIABLE = "TIERCERT_REGEN"
#: the test modules that compare outputs with golden files
GOLDEN_TESTS = (
    "tests/cli/test_cli.py",
    "tests/outputs/test_shown_numbers.py",
    "tests/outputs/test_scorecard.py",
    "tests/batch/test_batch_cli.py",
    "tests/outputs/test_explain.py",
    "tests/versions/test_diff_cli.py",
    "tests/versions/test_migrate.py",
)


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def _write(path: Path, text: str, check: bool) -> list[str]:
    """``path`` made to hold ``text``; its name when it did not (nothing written on check)."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return []
    if not check:
        path.write_text(text, encoding="utf-8", newline="\n")
    return [str(path.relative_to(ROOT))]


def light_schema(check: bool) -> list[str]:
    gen = _tool("gen_light_schema")
    return _write(gen.TARGET, gen.render(), check)


def json_schema(check: bool) -> list[str]:
    return _write(ROOT / SCHEMA_FILE, render_schema(), check)


def openssf_rubric(check: bool) -> list[str]:
    gen = _tool("gen_openssf_best_practices")
    return _write(gen.OUTPUT, gen.generate(gen.DATA.read_bytes()), check)


def doc_blocks(check: bool) -> list[str]:
    stale = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if ":start " in text:
            stale += _write(page, refresh_markdown_blocks(text, root=ROOT), check)
    return stale


def doc_outputs(check: bool) -> list[str]:
    tool = _tool("refresh_doc_outputs")
    stale = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        if "<!-- output of:" in page.read_text(encoding="utf-8"):
            stale += _write(page, tool.refreshed(page), check)
    return stale


def message_catalogs(check: bool) -> list[str]:
    """Each language's ``.po`` with exactly the messages of the code, and its ``.mo``."""
    tool = _tool("catalogs")
    found = tool.extract()
    stale = []
    for lang in tool.LANGUAGES:
        po = tool.merged(lang, found)
        stale += _write(tool.po_path(lang), po, check)
        mo = tool.compiled(po, lang)
        path = tool.mo_path(lang)
        if not path.exists() or path.read_bytes() != mo:
            if not check:
                path.write_bytes(mo)
            stale.append(str(path.relative_to(ROOT)))
    return stale


def goldens(check: bool) -> list[str]:
    """Run the golden tests: comparing (on check) or writing their files; the golden files
    git sees changed are what was stale."""
    env = {k: v for k, v in os.environ.items() if k != GOLDEN_VARIABLE}
    if not check:
        env[GOLDEN_VARIABLE] = "1"
    before = _changed(*_GOLDEN_FOLDERS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *GOLDEN_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        if done.returncode == 0:
            return []
        return [
            f"golden files under {', '.join(_GOLDEN_FOLDERS)} (pytest: {' '.join(GOLDEN_TESTS)})"
        ]
    if done.returncode != 0:
        print(done.stdout[-3000:], file=sys.stderr)
        raise SystemExit("the golden tests failed even when writing their files: fix that first")
    return sorted(_changed(*_GOLDEN_FOLDERS) - before)


#: where the golden files are (the expected outputs of tests/examples/ too)
_GOLDEN_FOLDERS = ("tests/golden", "tests/examples")


def _changed(*folders: str) -> set[str]:
    """Files under ``folders`` that differ from git's index (nothing when git is not there)."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--", *folders],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {line[3:] for line in done.stdout.splitlines()}


STEPS: list[tuple[str, Callable[[bool], list[str]]]] = [
    ("light schema", light_schema),
    ("JSON Schema", json_schema),
    ("generated OpenSSF rubric", openssf_rubric),
    ("generated blocks in the docs", doc_blocks),
    # the catalogs before the outputs: the outputs are written in their languages
    ("message catalogs", message_catalogs),
    ("command outputs in the docs", doc_outputs),
    ("golden files", goldens),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything is stale"
    )
    args = parser.parse_args(argv)
    stale_anywhere = False
    for name, step in STEPS:
        stale = step(args.check)
        stale_anywhere |= bool(stale)
        verb = "out of date" if args.check else "refreshed"
        for path in stale:
            print(f"{name}: {path} {verb}")
    if args.check and stale_anywhere:
        print("run: python tools/regen.py (then read the diff)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
