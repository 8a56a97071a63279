"""A file whose name starts with '-' (``-units.csv``) is taken by argparse for an option: the
usage error said only that ``INPUT`` is missing, or that ``-o`` expects one argument, with the
file named right there (twentieth round).  It now says why, and what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

RUBRIC = str(EXAMPLES / "penalties" / "rubric.yaml")
HINT = (
    "'{word}' starts with '-' and is read as an option: for the file of that name write './{word}'"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-units.csv").write_text("unit_id,e1\nx1,5\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["batch", RUBRIC, "-units.csv"], "-units.csv"),  # an input that exists
        (["batch", RUBRIC, "units.csv", "-o", "-results.csv"], "-results.csv"),  # to be written
        (["report", RUBRIC, "-x1.yaml"], "-x1.yaml"),
    ],
)
def test_a_file_name_taken_for_an_option_is_said_so(here: Path, argv: list[str], word: str) -> None:
    status, out, err = run_cli(*argv, "--lang", "en")
    assert status == 2
    assert out == ""
    assert err.endswith(HINT.format(word=word) + "\n")
    status, _, err = run_cli(*argv, "--lang", "vi")
    assert f"'{word}' bắt đầu bằng '-' nên được đọc là một tùy chọn" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["batch", RUBRIC, "units.csv", "--jobs", "-1"],  # a value, not a file
        ["batch", RUBRIC, "units.csv", "-q"],  # an option no command has: no file named so
        ["-units.csv", "batch"],  # the command is what is wrong
        ["batch", "-ofoo.csv"],  # '-o foo.csv': the file is not there, the arguments are
        ["batch", RUBRIC, "--", "-missing.csv", "-o"],  # after '--' a word is no option
    ],
)
def test_no_hint_where_no_file_name_was_taken_for_an_option(here: Path, argv: list[str]) -> None:
    status, _, err = run_cli(*argv, "--lang", "en")
    assert status == 2
    assert "is read as an option" not in err


def test_the_file_written_as_said_is_read(here: Path) -> None:
    status, out, _ = run_cli("batch", RUBRIC, "./-units.csv", "--lang", "en")
    assert status in (0, 1)
    assert out.startswith("row,unit_id,")
