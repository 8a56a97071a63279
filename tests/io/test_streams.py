"""What goes where: standard output carries what a command makes, messages go to standard
error, JSON asked for is JSON whatever happens, -o names only formats a command writes, and a
problem printed during a batch is never glued onto the progress bar."""

from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from tiercert._progress import ProgressBar
from tiercert.cli import main

UNIT = "folder/xa-an-ha.yaml"


run = run_cli


@pytest.fixture(autouse=True)
def _in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test rubric is Vietnamese; these tests read where the English problems go (their
    Vietnamese: tests/checking/test_problem_languages.py)."""
    monkeypatch.setenv("TIERCERT_LANG", "en")


@pytest.fixture(autouse=True)
def work(batch_work: Path) -> Path:
    folder = batch_work
    (folder / "bad.yaml").write_text("rubric: thu-nghiem\nanswers: {g9: 1}\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("format: 1\nid: x\n", encoding="utf-8")
    return folder


def _problems(text: str) -> list[str]:
    data = json.loads(text)
    assert list(data) == ["problems"]
    return [p["code"] for p in data["problems"]]


# --- JSON asked for is JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "code"),
    [
        (("score", "rubric.yaml", "bad.yaml"), 1, "answer.unknown"),
        (("score", "rubric.yaml", "missing.yaml"), 2, "file.unreadable"),
        (("score", "broken.yaml", UNIT), 1, "key.missing"),
        (("score", "missing.yaml", UNIT), 2, "file.unreadable"),
        (("template", "broken.yaml"), 1, "key.missing"),
    ],
)
def test_problems_of_a_json_command_are_json_on_standard_output(
    args: tuple[str, ...], status: int, code: str
) -> None:
    got, out, err = run(*args, "--format", "json")
    assert (got, err) == (status, "")
    assert code in _problems(out)


def test_a_json_summary_is_the_only_thing_on_its_stream() -> None:
    # with -o, the summary is on standard output: a batch that cannot start says so there
    status, out, err = run("batch", "broken.yaml", "units.csv", "-o", "r.csv", "--summary", "json")
    assert (status, err) == (1, "")
    assert "key.missing" in _problems(out)
    status, out, _ = run("batch", "rubric.yaml", "nope.csv", "-o", "r.csv", "--summary", "json")
    assert (status, _problems(out)) == (2, ["file.unreadable"])
    # without -o, it is standard error: the results are on standard output
    status, out, err = run("batch", "rubric.yaml", "units.csv", "--summary", "json")
    assert status == 1
    assert json.loads(err)["rejected"] == 5
    assert out.splitlines()[0].startswith("row,unit_id,unit_name,status,")


def test_json_lines_on_standard_output_carry_the_problems() -> None:
    status, out, err = run("batch", "rubric.yaml", "units.csv", "--format", "jsonl")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows].count("rejected") == 5
    assert all(r["problems"] for r in rows if r["status"] == "rejected")
    assert err.count(" error: ") == 5  # and, for people, on standard error


# --- messages are not output --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("score", "rubric.yaml", "bad.yaml"),
        ("score", "broken.yaml", UNIT),
        ("report", "rubric.yaml", "bad.yaml"),
        ("template", "broken.yaml"),
        ("explain", "broken.yaml"),
        ("batch", "broken.yaml", "units.csv"),
    ],
)
def test_problems_go_to_standard_error(args: tuple[str, ...]) -> None:
    status, out, err = run(*args)
    assert (status, out) == (1, "")
    assert " error: " in err


@pytest.mark.parametrize(
    "args",
    [
        ("report", "rubric.yaml", UNIT, "-o", "card.md"),
        ("template", "rubric.yaml", "-o", "units.csv"),
        ("template", "rubric.yaml", "-o", "units.yaml"),
        ("schema", "-o", "rubric.schema.json"),
    ],
)
def test_wrote_is_a_message(args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIERCERT_LANG")
    # in the rubric's language (Vietnamese); schema has no rubric: English
    said = "wrote" if args[0] == "schema" else "đã ghi"
    assert run(*args) == (0, "", f"{said} {args[-1]}\n")


# --- -o names a format the command writes -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "writes"),
    [
        (("report", "rubric.yaml", UNIT, "-o", "card.docx"), "markdown (.md, .markdown), html"),
        (("template", "rubric.yaml", "-o", "units.docx"), "yaml (.yaml, .yml), json (.json)"),
        (("batch", "rubric.yaml", "units.csv", "-o", "x.pdf"), "csv (.csv), jsonl (.jsonl"),
        (("schema", "-o", "x.txt"), "json (.json)"),
    ],
)
def test_an_output_name_the_command_cannot_write_is_refused(
    work: Path, args: tuple[str, ...], writes: str
) -> None:
    status, out, err = run(*args)
    assert (status, out) == (2, "")
    assert err.startswith(f"tiercert {args[0]}: cannot write '{args[-1]}': it writes {writes}")
    assert err.endswith("; name the file with one of these extensions\n")
    assert not (work / args[-1]).exists()


def test_an_output_name_that_says_another_format_than_format_is_refused(work: Path) -> None:
    status, _, err = run("report", "rubric.yaml", UNIT, "-o", "card.md", "--format", "html")
    assert status == 2
    assert err == (
        "tiercert report: 'card.md' names a markdown file but --format is html; name the file "
        "for html, or drop --format\n"
    )
    assert not (work / "card.md").exists()
    # a name without an extension takes the format asked for
    assert run("report", "rubric.yaml", UNIT, "-o", "card", "--format", "html")[0] == 0
    assert (work / "card").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("batch", "rubric.yaml", "units.csv", "-o", "r", "--format", "jsonl")[0] == 1
    assert json.loads((work / "r").read_text(encoding="utf-8").splitlines()[0])["row"] == 3


# --- the progress bar ---------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _screen(text: str) -> list[str]:
    """What a terminal shows for ``text``: a carriage return goes back to the line's start,
    and what follows overwrites what was there."""
    lines = []
    for line in text.split("\n"):
        shown: list[str] = []
        at = 0
        for part in line.split("\r"):
            shown[at : at + len(part)] = part
            at = 0
        lines.append("".join(shown).rstrip())
    return lines


def test_a_problem_is_printed_above_the_progress_bar(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIERCERT_LANG")  # the bar and the problems in the rubric's language
    rows = ["unit_id,unit_name,g1,g2.1,g2.2,g2.3,bi_ky_luat"]
    rows += [f"u{i},Đơn vị {i},{99 if i in (700, 1100) else 40},85,0,4,không" for i in range(1200)]
    (work / "many.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    err = _Terminal()
    status = main(
        ["batch", "rubric.yaml", "many.csv", "-o", "r.csv"], stdout=io.StringIO(), stderr=err
    )
    assert status == 1
    screen = _screen(err.getvalue())
    problems = [line for line in screen if " lỗi: " in line]
    assert len(problems) == 2
    assert all(line.startswith("many.csv, dòng ") for line in problems), problems
    assert screen[-2:] == ["[##############################] 100% 1.200 dòng, 2 bị từ chối", ""]


def test_the_bar_is_drawn_again_after_a_message() -> None:
    stream = _Terminal()
    bar = ProgressBar(stream, lambda: 0.5, every=1)
    bar.above("before any bar\n")

    class Done:
        ok = True

    bar.update(Done())  # type: ignore[arg-type]
    bar.above("a problem\n")
    assert _screen(stream.getvalue()) == [
        "before any bar",
        "a problem",
        "[###############...............]  50% 1 rows, 0 rejected",
    ]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_results_on_a_terminal_show_control_characters_as_escapes(form: str) -> None:
    """``batch`` without ``-o`` writes its rows to standard output: on a terminal, a unit
    name's escape sequence (``\\x1b]0;...\\x07`` retitles the window, ``\\x1b[2J`` clears it)
    or bidi override is shown as an escape, as in every other line tiercert prints; piped or
    redirected, the rows keep the text as it is."""
    from tiercert._writers import open_writer

    name = "Xã\x1b]0;owned\x07 A\u202eB\x1b[2J"
    shown = {}
    for stream in (_Tty(), io.StringIO()):
        with open_writer(stream, ["unit_id", "unit_name"], format=form) as writer:
            writer.write(["u1", name])
        shown[stream.isatty()] = stream.getvalue()
    assert "\x1b" not in shown[True]
    assert "\u202e" not in shown[True]
    assert "\x07" not in shown[True]
    assert ("\\x1b]0;owned" if form == "csv" else "\\u001b]0;owned") in shown[True]
    assert "Xã" in shown[True]
    assert shown[True].count("\n") == shown[False].count("\n") == 2 - (form == "jsonl")
    assert ("\u202e" in shown[False]) or ("\\u202e" in shown[False])


# --- a full disk under standard output ----------------------------------------------------------


class _Full(io.StringIO):
    """Standard output on a full disk (``> /dev/full``): every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "args",
    [
        ("score", "rubric.yaml", UNIT),
        ("score", "rubric.yaml", UNIT, "--format", "json"),
        ("explain", "rubric.yaml"),
        ("template", "rubric.yaml"),
        ("report", "rubric.yaml", UNIT),
        ("check", "rubric.yaml"),
        ("schema",),
        ("list",),
        ("batch", "rubric.yaml", "units.csv", "--summary", "none"),
    ],
)
def test_standard_output_on_a_full_disk_is_a_problem_not_a_bug(args: tuple[str, ...]) -> None:
    # every command but batch stopped with "internal error" and a traceback
    err = io.StringIO()
    status = main(list(args), stdout=_Full(), stderr=err)
    assert "internal error" not in err.getvalue()
    assert err.getvalue().endswith(
        "cannot write to standard output: no space left on the disk; free some space on the "
        "disk, or write elsewhere [file.unwritable]\n"
    )
    assert status == 2


def test_an_error_that_is_not_standard_outputs_is_still_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tiercert.cli

    def failing(*args: object) -> int:
        raise OSError(errno.ENOSPC, "somewhere else")

    monkeypatch.setitem(tiercert.cli._COMMANDS, "list", failing)
    err = io.StringIO()
    assert main(["list"], stdout=io.StringIO(), stderr=err) == 3
    assert "internal error" in err.getvalue()
