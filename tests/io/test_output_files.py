"""Output files written so that nothing is lost (tiercert.tabular.AtomicFile, used by every
writer): a regular file is replaced whole or not at all, a device or FIFO is written in place,
a symbolic link keeps pointing where it did, a full disk is a problem and not a traceback, and
no temporary file is left behind, even by a process that was terminated or killed."""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import BATCH_INPUTS, run_cli
from tiercert.cli import main
from tiercert.tabular import AtomicFile, TableError, write_table, write_text

INPUTS = BATCH_INPUTS


run = run_cli


@pytest.fixture(autouse=True)
def _in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test rubric is Vietnamese; these tests read the English problems of writing files
    (their Vietnamese: tests/checking/test_problem_languages.py)."""
    monkeypatch.setenv("TIERCERT_LANG", "en")


@pytest.fixture
def work(batch_work: Path) -> Path:
    return batch_work


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


REPORT = ("report", "rubric.yaml", "folder/xa-an-ha.yaml", "--format", "text")


# --- what the target is -------------------------------------------------------------------------


def test_a_fifo_is_written_in_place(work: Path) -> None:
    fifo = work / "pipe"
    os.mkfifo(fifo)
    # a reader that is already there, so that opening the FIFO to write does not wait
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status, _, err = run(*REPORT, "-o", "pipe")
        assert (status, err) == (0, "wrote pipe\n")  # TIERCERT_LANG=en here
        received = os.read(reader, 1 << 16).decode("utf-8")
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received.startswith("Xã An Hà (xa-a): Test rubric")  # in English (TIERCERT_LANG)
    assert _leftovers(work) == []


def test_a_device_is_written_in_place(work: Path) -> None:
    node = work / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    for args in (REPORT, ("batch", "rubric.yaml", "units.csv", "--format", "jsonl")):
        status, _, _ = run(*args, "-o", "null")
        assert status in (0, 1)
        assert stat.S_ISCHR(node.lstat().st_mode)
    assert _leftovers(work) == []


def test_a_symbolic_link_stays_and_its_file_is_replaced(work: Path) -> None:
    (work / "cards").mkdir()
    real = work / "cards" / "card.txt"
    real.write_text("old\n", encoding="utf-8")
    link = work / "card.txt"
    link.symlink_to(real)
    assert run(*REPORT, "-o", "card.txt")[0] == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("Xã An Hà (xa-a)")
    assert _leftovers(work) + _leftovers(work / "cards") == []


def test_a_link_to_nothing_or_a_folder_is_refused(work: Path) -> None:
    (work / "gone.txt").symlink_to(work / "nowhere.txt")
    status, out, err = run(*REPORT, "-o", "gone.txt")
    assert (status, out) == (2, "")
    assert "gone.txt: error: $: cannot write: it is a symbolic link to " in err
    assert "which does not exist" in err
    assert (work / "gone.txt").is_symlink()
    assert not (work / "nowhere.txt").exists()
    (work / "out.txt").mkdir()
    status, _, err = run(*REPORT, "-o", "out.txt")
    assert status == 2
    assert "out.txt: error: $: cannot write: it is a folder" in err


def test_a_missing_folder_and_a_folder_that_takes_no_files_are_told_apart(work: Path) -> None:
    status, _, err = run(*REPORT, "-o", "no-such-folder/out.txt")
    assert status == 2
    assert "the folder does not exist: create it first" in err
    if not os.path.isdir("/proc/self"):
        return  # no /proc: only the first half applies
    # /proc exists but refuses a new file with "no such file": its folder is there
    status, _, err = run(*REPORT, "-o", "/proc/version")
    assert status == 2
    assert "the folder takes no new files: write elsewhere" in err
    assert "does not exist" not in err.split("cannot write: ", 1)[1].split(";", 1)[1]


def test_an_output_that_is_a_file_read_is_refused_and_left_as_it_was(work: Path) -> None:
    sheet = (work / "units.csv").read_bytes()
    rubric = (work / "rubric.yaml").read_bytes()
    (work / "link.csv").symlink_to(work / "units.csv")
    cases = [
        (("batch", "rubric.yaml", "units.csv", "-o", "units.csv"), "units.csv"),
        (("batch", "rubric.yaml", "units.csv", "-o", "link.csv"), "units.csv"),  # a link to it
        (("batch", "rubric.yaml", "./units.csv", "-o", "units.csv"), "./units.csv"),
        (("template", "rubric.yaml", "-o", "rubric.yaml"), "rubric.yaml"),
    ]
    for words, read in cases:
        status, out, err = run(*words)
        assert (status, out) == (2, ""), words
        assert f"is also the file it reads ({read!r}); writing there would replace it" in err
    assert (work / "units.csv").read_bytes() == sheet
    assert (work / "rubric.yaml").read_bytes() == rubric
    # an output beside its input is written as ever (1: the sheet has a row with a problem)
    assert run("batch", "rubric.yaml", "units.csv", "-o", "results.csv")[0] == 1
    assert (work / "results.csv").read_text(encoding="utf-8-sig").startswith("row,unit_id,")


def test_standard_output_through_a_link_to_it(tmp_path: Path) -> None:
    link = tmp_path / "stdout.txt"
    link.symlink_to("/proc/self/fd/1")  # as /dev/stdout is
    done = subprocess.run(
        [sys.executable, "-m", "tiercert", *REPORT, "-o", str(link)],
        cwd=INPUTS,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Xã An Hà (xa-a)")
    assert link.is_symlink()


def test_a_file_reached_through_standard_output_is_appended_to(tmp_path: Path) -> None:
    # 'tiercert report ... -o /dev/stdout >> log.txt': the log is the shell's open file, to
    # be written where it is, not replaced (its earlier lines would be lost)
    link = tmp_path / "stdout.txt"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n", encoding="utf-8")
    with log.open("a", encoding="utf-8") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "tiercert", *REPORT, "-o", str(link)],
            cwd=INPUTS,
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\nXã An Hà (xa-a)")
    assert _leftovers(tmp_path) == []


# --- a full disk --------------------------------------------------------------------------------


class _FullDisk(io.RawIOBase):
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, handle: Any, room: int) -> None:
        self._handle = handle
        self._room = room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        written: int = self._handle.write(data)
        return written

    def close(self) -> None:
        self._handle.close()
        super().close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every output file tiercert opens takes 100 bytes, then the disk is full."""
    real = AtomicFile.open

    def opened(self: AtomicFile, mode: str = "wb", **kwargs: Any) -> Any:
        handle = real(self, "wb")
        full = io.BufferedWriter(_FullDisk(handle, 100), buffer_size=16)
        if "b" in mode:
            return full
        return io.TextIOWrapper(full, **kwargs, write_through=True)

    monkeypatch.setattr(AtomicFile, "open", opened)


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (("batch", "rubric.yaml", "units.csv"), "r.csv"),
        (("batch", "rubric.yaml", "units.csv"), "r.jsonl"),
        (("batch", "rubric.yaml", "units.csv"), "r.xlsx"),
        (REPORT, "card.txt"),
        (("template", "rubric.yaml"), "t.yaml"),
        (("template", "rubric.yaml"), "t.csv"),
        (("template", "rubric.yaml"), "t.xlsx"),
        (("schema",), "s.json"),
    ],
)
def test_a_full_disk_is_a_problem_and_the_previous_file_stays(
    work: Path, full_disk: None, args: tuple[str, ...], target: str
) -> None:
    (work / target).write_bytes(b"previous")
    status, _, err = run(*args, "-o", target)
    assert status == 2
    assert "Traceback" not in err
    # a sheet's problem of the whole file names no path ("$"); other files' do
    path = "" if target.endswith((".csv", ".xlsx")) else "$: "
    assert f"{target}: error: {path}cannot write: no space left on the disk; free some" in err
    assert "the file was left as it was [file.unwritable]" in err
    assert (work / target).read_bytes() == b"previous"
    assert _leftovers(work) == []


def test_a_full_disk_is_said_in_the_readers_language(tmp_path: Path, full_disk: None) -> None:
    with pytest.raises(TableError) as caught:
        write_text(tmp_path / "a.txt", "x" * 1000)
    said = caught.value.problems[0].text("vi")
    assert "ổ đĩa đã hết chỗ trống" in said
    assert "No space left" not in said


def test_a_full_disk_on_standard_output_is_a_problem(work: Path) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    err = io.StringIO()
    assert main(["batch", "rubric.yaml", "units.csv"], stdout=Full(), stderr=err) == 2
    assert "cannot write to standard output: no space left on the disk" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_a_really_full_disk(tmp_path: Path) -> None:
    """The same on a real 64 KB file system, where one can be mounted (root, Linux)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        rows = ["unit_id,unit_name,g1,g2.1,g2.2,g2.3,bi_ky_luat"]
        rows += [f"u{i},Đơn vị số {i} của tỉnh,40,85,0,4,không" for i in range(3000)]
        sheet = tmp_path / "many.csv"
        sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
        previous = disk / "r.csv"
        previous.write_bytes(b"previous")
        for name in ("r.csv", "r.jsonl", "r.xlsx"):
            target = disk / name
            target.write_bytes(b"previous") if not target.exists() else None
            out, err = io.StringIO(), io.StringIO()
            status = main(
                ["batch", str(INPUTS / "rubric.yaml"), str(sheet), "-o", str(target)],
                stdout=out,
                stderr=err,
            )
            assert status == 2, err.getvalue()
            assert "no space left on the disk" in err.getvalue()
            assert "Traceback" not in err.getvalue()
            assert target.read_bytes() == b"previous"
            assert _leftovers(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_schema_does_not_truncate_the_old_file_when_it_cannot_write(
    tmp_path: Path, full_disk: None
) -> None:
    target = tmp_path / "rubric.schema.json"
    target.write_text("{}\n", encoding="utf-8")
    status, _, _ = run("schema", "-o", str(target))
    assert status == 2
    assert target.read_text(encoding="utf-8") == "{}\n"


def test_the_library_raises_a_table_error(tmp_path: Path, full_disk: None) -> None:
    with pytest.raises(TableError, match="no space left on the disk"):
        write_text(tmp_path / "a.txt", "x" * 1000)
    with pytest.raises(TableError, match="no space left on the disk"):
        write_table(tmp_path / "a.csv", ["a"], [["x" * 50]] * 10)
    assert _leftovers(tmp_path) == []


# --- stopped and killed -------------------------------------------------------------------------


def _signals_as_from_a_terminal() -> None:
    """In the child: the signals' default actions, as a command started at a terminal has them
    (a test run in the background, as ``pytest &`` in sh, ignores SIGINT, and its children
    would inherit that: Python then never raises KeyboardInterrupt)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _batch_from_a_pipe(target: Path) -> subprocess.Popen[bytes]:
    """A batch reading CSV from a pipe that stays open: it runs until it is stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tiercert", "batch", "rubric.yaml", "-", "-o", str(target)],
        cwd=INPUTS,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_signals_as_from_a_terminal,
    )
    assert process.stdin is not None
    process.stdin.write(b"unit_id,unit_name,g1,g2.1,g2.2,g2.3,bi_ky_luat\n")
    process.stdin.write(b"".join(b"u%d,X,40,85,0,4,false\n" % i for i in range(2000)))
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not _leftovers(target.parent) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _leftovers(target.parent), "the batch never started writing"
    return process


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_batch_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "r.csv"
    target.write_text("previous\n", encoding="utf-8")
    process = _batch_from_a_pipe(target)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert err.decode().endswith(f"{target} was left as it was\n")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_a_signal_while_the_writer_starts_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """The window the signal tests above can only hit by chance: a signal raised after the
    temporary file is made and before the caller's ``with`` holds the writer."""
    from tiercert import _writers

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_writers.CsvWriter, "_start", interrupted)
    monkeypatch.setattr(_writers.JsonlWriter, "_start", interrupted)
    monkeypatch.setattr(_writers.XlsxWriter, "_cell", interrupted)
    target = tmp_path / f"r{suffix}"
    with pytest.raises(KeyboardInterrupt):
        _writers.open_writer(target, ["a"])
    assert _leftovers(tmp_path) == []


def test_a_signal_while_the_batch_sets_up_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the batch makes after its output file is opened runs inside the writer's ``with``
    (the tally was made in between, and a SIGTERM there left the temporary file behind)."""
    from tiercert import summary

    def interrupted(self: object, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(summary.SummaryBuilder, "__init__", interrupted)
    target = tmp_path / "r.csv"
    target.write_text("previous\n", encoding="utf-8")
    monkeypatch.chdir(INPUTS)
    status = main(["batch", "rubric.yaml", "units.csv", "-o", str(target)], stderr=io.StringIO())
    assert status == 128 + signal.SIGINT
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _leftovers(tmp_path) == []
    # and while the writer starts: it says the output was left as it was, as later on
    monkeypatch.undo()
    monkeypatch.setenv("TIERCERT_LANG", "en")
    from tiercert import _writers

    monkeypatch.setattr(_writers.CsvWriter, "_start", interrupted)
    monkeypatch.chdir(INPUTS)
    err = io.StringIO()
    status = main(["batch", "rubric.yaml", "units.csv", "-o", str(target)], stderr=err)
    assert status == 128 + signal.SIGINT
    assert err.getvalue().endswith(f"{target} was left as it was\n")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _leftovers(tmp_path) == []


def test_a_killed_batchs_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    process = _batch_from_a_pipe(target)
    process.kill()
    process.communicate(timeout=60)
    (left,) = _leftovers(tmp_path)
    assert left.startswith(".r.csv.tiercert-")
    assert f"-{process.pid}-" in left
    other = tmp_path / ".other.csv.tiercert-x.part"
    other.write_text("not ours")  # another target's, or a name we did not make: kept
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == [other.name]


def test_a_live_writers_temporary_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    first = AtomicFile(target)
    second = AtomicFile(target)  # the same process: alive
    assert first.path != second.path
    assert _leftovers(tmp_path) == sorted([first.path.name, second.path.name])
    second.commit()
    assert first.path.exists()
    first.abort()
    assert _leftovers(tmp_path) == []


# --- every command: an output is never a file it reads ------------------------------------------

_PROGRAMME = """\
format: 1
id: tg
version: "1"
title: Chỉ tiêu
language: vi
criteria:
  - {id: a, title: Dịch vụ, max: 50, rule: {kind: direct}}
  - {id: b, title: Công khai, max: 50, rule: {kind: direct}}
tiers:
  - {id: dong, label: Đồng, rank: 1, min: 50}
attributes:
  - {id: year, title: Năm, type: number, round: true, required: true}
"""


def test_no_command_writes_over_a_file_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate`` and ``recognition`` wrote over their inputs (the old rubric, the sheet
    through a link, the round's results), exit 0: every file named but the outputs is read."""
    monkeypatch.chdir(tmp_path)
    old = _PROGRAMME
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(old.replace('"1"', '"2"', 1), encoding="utf-8")
    (tmp_path / "u.csv").write_text("unit_id,year,a,b\nn1,2024,45,45\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to("u.csv")
    (tmp_path / "x1.yaml").write_text("unit: {id: x1}\nanswers: {a: 1, b: 2}\n", "utf-8")
    assert run("batch", "old.yaml", "u.csv", "-o", "out.csv", "--summary", "none")[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.is_symlink()}
    cases = [
        (("migrate", "old.yaml", "new.yaml", "x1.yaml", "-o", "old.yaml"), "old.yaml"),
        (("migrate", "old.yaml", "new.yaml", "x1.yaml", "-o", "new.yaml"), "new.yaml"),
        (("migrate", "old.yaml", "new.yaml", "x1.yaml", "-o", "x1.yaml"), "x1.yaml"),
        (("migrate", "old.yaml", "new.yaml", "u.csv", "-o", "link.csv"), "u.csv"),
        (("recognition", "out.csv", "--rubric", "old.yaml", "-o", "out.csv"), "out.csv"),
        (("progress", "out.csv", "--rubric", "old.yaml", "-o", "old.yaml"), "old.yaml"),
    ]
    for words, read in cases:
        status, out, err = run(*words)
        assert (status, out) == (2, ""), words
        assert f"is also the file it reads ({read!r}); writing there would replace it" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.is_symlink()} == before


def test_migrate_does_not_write_assessments_over_the_files_it_migrates(work: Path) -> None:
    rubric = (work / "rubric.yaml").read_text(encoding="utf-8")
    (work / "new.yaml").write_text(rubric.replace('version: "1"', 'version: "2"'), "utf-8")
    folder = work / "folder"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(before) > 1
    status, _, err = run("migrate", "rubric.yaml", "new.yaml", "folder", "-o", "folder")
    assert status == 2
    assert "is also the file it reads" in err
    files = [f"folder/{name}" for name in sorted(before) if name.endswith(".yaml")]
    status, _, err = run("migrate", "rubric.yaml", "new.yaml", *files, "-o", "./folder/")
    assert status == 2
    assert "would replace the assessment file it was migrated from; name another folder" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_migrate_writes_a_sheet_to_a_name_without_an_extension_as_csv(work: Path) -> None:
    rubric = (work / "rubric.yaml").read_text(encoding="utf-8")
    (work / "new.yaml").write_text(rubric.replace('version: "1"', 'version: "2"'), "utf-8")
    _, _, err = run("migrate", "rubric.yaml", "new.yaml", "units.csv", "-o", "/dev/null")
    assert err.endswith("wrote /dev/null\n"), err  # (2: the sheet has a row with a problem)
    run("migrate", "rubric.yaml", "new.yaml", "units.csv", "-o", "migrated")
    assert (work / "migrated").read_text(encoding="utf-8-sig").startswith("unit_id,")


def test_every_command_says_what_it_wrote_in_the_rubrics_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``progress``, ``recognition`` and ``diff`` said "wrote …" in English for a Vietnamese
    rubric (the language was not passed on)."""
    monkeypatch.delenv("TIERCERT_LANG")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.yaml").write_text(_PROGRAMME, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_PROGRAMME.replace('"1"', '"2"', 1), "utf-8")
    (tmp_path / "u.csv").write_text("unit_id,year,a,b\nn1,2024,45,45\n", encoding="utf-8")
    assert run("batch", "old.yaml", "u.csv", "-o", "out.csv", "--summary", "none")[0] == 0
    # migrate carries answers alone (a programme's attribute columns are refused)
    (tmp_path / "answers.csv").write_text("unit_id,a,b\nn1,45,45\n", encoding="utf-8")
    for words, target in [
        (("progress", "out.csv", "--rubric", "old.yaml", "-o", "p.md"), "p.md"),
        (("recognition", "out.csv", "--rubric", "old.yaml", "-o", "r.html"), "r.html"),
        (("recognition", "out.csv", "--rubric", "old.yaml", "-o", "r.md"), "r.md"),
        (("diff", "old.yaml", "new.yaml", "-o", "d.md"), "d.md"),
        (("migrate", "old.yaml", "new.yaml", "answers.csv", "-o", "m.csv"), "m.csv"),
    ]:
        _, _, err = run(*words)
        assert f"đã ghi {target}\n" in err, (words, err)
        assert "wrote" not in err, words


def test_the_rubric_is_dumped_before_the_output_file_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dump behind the rubric's fingerprint (which the compiled scorers carry) builds
    pydantic-core's serializer the first time; a signal during that build came out as an
    internal error on CI (``Error building `list` serializer: ... KeyboardInterrupt``). The
    batch makes it before it opens its output, where a stop leaves nothing behind."""
    import tiercert.rubric
    import tiercert.tabular

    events: list[str] = []
    dump, open_writer = tiercert.rubric.fingerprint, tiercert.tabular.open_writer

    def dumped(spec: Any) -> str:
        events.append("fingerprint")
        return dump(spec)

    def opened(*args: Any, **kwargs: Any) -> Any:
        events.append("output")
        return open_writer(*args, **kwargs)

    monkeypatch.setattr(tiercert.rubric, "fingerprint", dumped)
    monkeypatch.setattr(tiercert.tabular, "open_writer", opened)
    rubric = BATCH_INPUTS / "rubric.yaml"
    status, _, err = run_cli(
        "batch", str(rubric), str(BATCH_INPUTS / "units.csv"), "-o", str(tmp_path / "r.csv")
    )
    assert status in (0, 1), err
    assert events[:2] == ["fingerprint", "output"]


def test_a_long_name_the_file_system_takes_is_written(work: Path) -> None:
    """A name of 80 Vietnamese letters is 244 bytes, which the file system takes; its
    temporary file's name (the name, then ``.tiercert-HOST-PID-N.part``) was not, and the
    output was refused as 'File name too long', in English in both languages."""
    name = "ệ" * 80 + ".csv"
    assert len(os.fsencode(name)) <= 255
    write_table(work / name, ["a"], [["1"]])
    assert (work / name).read_text(encoding="utf-8-sig") == "a\n1\n"
    assert _leftovers(work) == []
    # one the file system does not take is refused, said in the reader's language
    longer = "ệ" * 90 + ".csv"
    with pytest.raises(TableError) as caught:
        write_table(work / longer, ["a"], [["1"]])
    [problem] = caught.value.problems
    assert problem.message == (
        "cannot write: the name is longer than the file system allows; name it shorter"
    )
    assert "tên dài hơn mức hệ thống tệp cho phép" in problem.text("vi")


def test_a_loop_of_links_is_said_in_the_readers_language(work: Path) -> None:
    (work / "a.csv").symlink_to(work / "b.csv")
    (work / "b.csv").symlink_to(work / "a.csv")
    with pytest.raises(TableError) as caught:
        write_table(work / "a.csv", ["a"], [["1"]])
    [problem] = caught.value.problems
    assert problem.message == "cannot write: the path goes round in a loop of symbolic links"
    assert "vòng lặp liên kết tượng trưng" in problem.text("vi")
