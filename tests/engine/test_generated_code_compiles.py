"""The tests' guard that the compiled evaluator's code compiles (``generated_code_compiles`` in
conftest.py): tiercert itself hands a rubric whose code does not compile to the reference, so
without the guard a broken generator would go unseen by every comparison with the reference."""

from __future__ import annotations

import pytest

import tiercert
from conftest import ROOT, GeneratedCodeBroken
from tiercert._fast import evaluator
from tiercert._fast.codegen import Generator

BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"


def test_code_that_does_not_compile_fails_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    written = Generator.write

    def broken(self: Generator) -> str:
        return written(self).replace("def verdict(", "def verdict((", 1)

    monkeypatch.setattr(Generator, "write", broken)
    rubric = tiercert.load_rubric(BAC_GIANG)
    with pytest.raises(GeneratedCodeBroken, match="SyntaxError"):
        rubric.verdict({"g1.1.1": True}, missing="zero")


def test_a_limit_of_the_compiler_is_left_to_the_reference() -> None:
    # the guard lets CPython's own limit through: the evaluator then falls back, as it must
    loops = "".join("    " * (i + 1) + "for _ in ():\n" for i in range(30))
    source = "def f():\n" + loops + "    " * 31 + "pass\n"
    guarded = evaluator.compile  # type: ignore[attr-defined]
    with pytest.raises(SyntaxError, match="too many statically nested blocks"):
        guarded(source, "<deep>", "exec")


def test_the_same_generated_text_is_compiled_once() -> None:
    # the guard keeps what compiled by its text (the suite compiles the same scorers again and
    # again: docs/testing.md, "The suite"); the same text gives the same code object
    guarded = evaluator.compile  # type: ignore[attr-defined]
    source = "def f():\n    return 1\n"
    first = guarded(source, "<memo>", "exec")
    assert guarded(source, "<memo>", "exec") is first
    assert guarded(source, "<memo 2>", "exec") is not first  # (its name is in the code)
    namespace: dict[str, object] = {}
    exec(first, namespace)
    assert namespace["f"]() == 1  # type: ignore[operator]


def test_code_that_does_not_compile_is_not_remembered() -> None:
    guarded = evaluator.compile  # type: ignore[attr-defined]
    for _ in range(2):
        with pytest.raises(GeneratedCodeBroken, match="SyntaxError"):
            guarded("def f((:\n    pass\n", "<broken>", "exec")
