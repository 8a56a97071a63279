"""Readers bound what they read, and a bad row is that row's problem: no traceback, no memory
blow-up, the other rows scored (issue 10, "denial of service from tiny inputs")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tiercert
from tiercert import AssessmentError, load_assessment
from tiercert._yaml import Limits
from tiercert.checking import check_file
from tiercert.tabular import read_yaml_folder

SMALL = Limits(max_bytes=1_000)


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)  # a hole: no disk space, but reading it all would take `size`
    return path


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every size read through a file object opened by tiercert's readers."""
    import builtins
    import io

    sizes: list[int] = []
    real_open = io.open

    class Counting:
        def __init__(self, handle: object) -> None:
            self._handle = handle

        def read(self, size: int = -1) -> bytes:
            data = self._handle.read(size)  # type: ignore[attr-defined]
            sizes.append(len(data))
            return data  # type: ignore[no-any-return]

        def __getattr__(self, name: str) -> object:
            return getattr(self._handle, name)

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()  # type: ignore[attr-defined]

    def opening(*args: object, **kwargs: object) -> object:
        handle = real_open(*args, **kwargs)  # type: ignore[call-overload]
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
        return Counting(handle) if mode == "rb" else handle

    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(io, "open", opening)  # pathlib opens files through io.open
    return sizes


@pytest.mark.parametrize("kind", ["rubric", "assessment", "folder"])
def test_a_huge_file_is_refused_after_reading_no_more_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    path = _sparse(folder / "big.yaml", 50 * SMALL.max_bytes)
    sizes = _counting_reads(monkeypatch)
    if kind == "rubric":
        problems = check_file(path, limits=SMALL).problems
    elif kind == "assessment":
        with pytest.raises(AssessmentError) as caught:
            load_assessment(path, limits=SMALL)
        problems = caught.value.problems
    else:
        [row] = list(read_yaml_folder(folder, limits=SMALL))
        problems = list(row.problems)
    assert [p.code for p in problems] == ["yaml.too_large"]
    assert "50,000 bytes, more than the limit of 1,000" in problems[0].message
    assert sum(sizes) <= SMALL.max_bytes + 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused(tmp_path: Path) -> None:
    problems = check_file("/dev/zero", limits=SMALL).problems
    assert [p.code for p in problems] == ["yaml.too_large"]
    assert "more than the limit of 1,000 bytes" in problems[0].message
    with pytest.raises(AssessmentError):
        load_assessment("/dev/zero", limits=SMALL)
    assert tiercert  # the package imports cleanly with the limits in place
