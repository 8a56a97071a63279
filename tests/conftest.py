"""Shared test set-up: hypothesis profiles, paths to the project's files, the command line
run in-process."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from tiercert._i18n import LOCALE_ENVIRONMENT

#: the tests' own folder (tests grouped by concern in its subfolders: checking, engine, io...)
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
RUBRICS = ROOT / "rubrics"
EXAMPLES = ROOT / "examples"
#: the batch tests' rubric, sheets and folder of assessments
BATCH_INPUTS = TESTS / "golden" / "batch" / "inputs"


# the command line follows the locale's language (LC_ALL, LC_MESSAGES, LANG) when neither --lang
# nor TIERCERT_LANG says one: the tests set it where they mean it, never the machine's locale
for _name in LOCALE_ENVIRONMENT:
    os.environ.pop(_name, None)

#: set to 1 (python tools/regen.py does) to make golden tests write their files, not compare
REGENERATE = os.environ.get("TIERCERT_REGEN") == "1"


def golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the committed golden file, or write it when regenerating."""
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path}; run python tools/regen.py"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is meant, run python tools/regen.py and read the diff"
    )


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``tiercert ARGV`` in-process: the exit status, standard output, standard error."""
    from tiercert.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


#: what CPython says of code too deep to compile: the compiled evaluator then leaves the
#: rubric to the reference, as it should (a limit of the interpreter, not a defect)
_LIMITS = ("too many statically nested blocks", "too deeply nested", "too many nested")


#: the code objects of the generated code compiled so far in this process, by its text (see
#: generated_code_compiles): the same text compiles to the same code object, and the suite
#: compiles the same scorers again and again (a rubric loaded afresh by each test or example,
#: the helper functions every rubric's scorers share); only code that compiled is kept
_COMPILED: dict[tuple[str, str, str], object] = {}
#: at most this many characters of source are kept (then the memo starts again)
_COMPILED_CHARS = 64_000_000
_compiled_chars = [0]
_COMPILED_STATS = [0, 0]  # hits, compiles (TIERCERT_COMPILED_STATS=1 prints them)


def _remember_compiled(key: tuple[str, str, str], code: object) -> None:
    if _compiled_chars[0] + len(key[0]) > _COMPILED_CHARS:
        _COMPILED.clear()
        _compiled_chars[0] = 0
    _COMPILED[key] = code
    _compiled_chars[0] += len(key[0])


def pytest_sessionfinish(session: pytest.Session) -> None:
    if os.environ.get("TIERCERT_COMPILED_STATS") == "1":
        hits, compiles = _COMPILED_STATS
        print(f"\ngenerated code: {compiles} compiled, {hits} taken from the memo", flush=True)


class GeneratedCodeBroken(Exception):
    """The compiled evaluator wrote code that does not compile (caught nowhere in tiercert)."""


@pytest.fixture(autouse=True)
def generated_code_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Code the compiled evaluator writes must compile. tiercert hands a rubric whose code
    does not compile to the reference (a rubric too deep for CPython's compiler), so a bug
    in the generator would only make a test slower, never fail it: here a syntax error that
    is not such a limit raises an exception nothing in tiercert catches."""
    from tiercert._fast import evaluator

    def compiled(source: str, filename: str, mode: str) -> object:
        key = (source, filename, mode)
        code = _COMPILED.get(key)
        if code is not None:
            _COMPILED_STATS[0] += 1
            return code
        try:
            code = compile(source, filename, mode)
        except SyntaxError as exc:
            if any(limit in str(exc) for limit in _LIMITS):
                raise
            raise GeneratedCodeBroken(f"{filename}: {exc!r}") from exc
        _COMPILED_STATS[1] += 1
        _remember_compiled(key, code)
        return code

    monkeypatch.setattr(evaluator, "compile", compiled, raising=False)


@pytest.fixture
def batch_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the batch inputs as the working directory."""
    folder = tmp_path / "work"
    shutil.copytree(BATCH_INPUTS, folder)
    monkeypatch.chdir(folder)
    return folder


# "dev" (the default) is quick, for local runs; "ci" is thorough and the default where CI=true
# (as CI sets it). Choose one with HYPOTHESIS_PROFILE=ci (or dev).
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
# "mutation": quick and the same examples every run, so that a mutant survives or dies for the
# mutant's sake, not the draw's (docs/testing.md, "Mutation testing"); no shrinking: a failing
# example kills the mutant as it is, and shrinking it took minutes on a busy machine, past the
# timeout (the kill was then counted as a timeout)
settings.register_profile(
    "mutation",
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)
