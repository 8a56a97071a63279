"""Files tiercert names itself in a folder it fills (``batch --cards DIR``, ``migrate ... -o
DIR``, :meth:`tiercert.dask.ScoredFrame.write_parts`): each written whole or not at all, and
never through or over what is already there and is not a regular file — a symbolic link (to
a file outside the folder, planted by whoever else can write there), a device or a FIFO —
where a single output named by the user keeps its link or is written in place
(tests/io/test_output_files.py)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_cli
from tiercert.tabular import FolderEntry, TableError, write_table, write_text

UNITS = EXAMPLES / "bac_giang_units.csv"  # 6 good rows (xa-mau-h.html...), 4 bad ones


@pytest.fixture(autouse=True)
def _in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERCERT_LANG", "en")


def _cards(folder: Path) -> tuple[int, str]:
    status, _, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(UNITS), "--cards", str(folder), "--summary", "none"
    )
    return status, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_card_is_never_written_through_a_link_in_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("someone else's\n", encoding="utf-8")
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "xa-mau-h.html").symlink_to(outside)
    status, err = _cards(cards)
    assert status == 2
    assert f"{cards / 'xa-mau-h.html'}: error: $: cannot write: it is a symbolic link" in err
    assert "remove the link, or name another folder [file.unwritable]" in err
    assert "Traceback" not in err
    assert outside.read_text(encoding="utf-8") == "someone else's\n"
    assert (cards / "xa-mau-h.html").is_symlink()
    assert _leftovers(cards) == []


def test_the_cards_index_is_never_a_fifo_or_device_written_in_place(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    fifo = cards / "index.html"
    os.mkfifo(fifo)
    # a reader, so that the old way (written in place) did not wait for one
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status, err = _cards(cards)
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert status == 2
    assert f"{fifo}: error: $: cannot write: it is a device, a named pipe or a socket" in err
    assert received == b""
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _leftovers(cards) == []


def test_a_regular_card_is_replaced_and_a_link_to_the_folder_is_followed(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    old = real / "xa-mau-h.html"
    old.write_text("old card\n", encoding="utf-8")
    other = tmp_path / "other-name"
    os.link(old, other)  # a hard link: replaced by name, the other name keeps the old card
    (tmp_path / "cards").symlink_to(real)  # the folder the user named: a link is theirs
    status, _ = _cards(tmp_path / "cards")
    assert status == 1  # the four bad rows
    assert old.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert other.read_text(encoding="utf-8") == "old card\n"
    assert (real / "index.html").is_file()


def test_migrate_never_writes_through_a_link_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("mine\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "xa-a.yaml").symlink_to(outside)
    status, _, err = run_cli(
        "migrate",
        "tests/versions/migrate/old.yaml",
        "tests/versions/migrate/new.yaml",
        "tests/versions/migrate/units",
        "-o",
        str(out),
    )
    assert status == 2
    assert "xa-a.yaml: error: $: cannot write: it is a symbolic link" in err
    assert outside.read_text(encoding="utf-8") == "mine\n"


def test_every_writer_given_a_folder_entry_refuses_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("kept\n", encoding="utf-8")
    (tmp_path / "part-00000.csv").symlink_to(outside)
    (tmp_path / "part-00001.xlsx").symlink_to(outside)
    with pytest.raises(TableError, match="it is a symbolic link"):
        write_table(FolderEntry(tmp_path, "part-00000.csv"), ["a"], [["1"]])
    with pytest.raises(TableError, match="it is a symbolic link"):
        write_table(FolderEntry(tmp_path, "part-00001.xlsx"), ["a"], [["1"]])
    (tmp_path / "sub").mkdir()
    with pytest.raises(TableError, match="it is a folder; remove it"):
        write_text(FolderEntry(tmp_path, "sub"), "x")
    assert outside.read_text(encoding="utf-8") == "kept\n"
    # the same name given as a path (a single output the user named): through the link
    write_table(tmp_path / "part-00000.csv", ["a"], [["1"]])
    assert outside.read_text(encoding="utf-8-sig") == "a\n1\n"
    # sent to a Dask worker and back, it is still one
    entry = pickle.loads(pickle.dumps(FolderEntry(tmp_path, "part-00002.csv")))
    assert isinstance(entry, FolderEntry)
    assert os.fspath(entry) == str(tmp_path / "part-00002.csv")


def test_dask_parts_are_never_written_through_a_link(tmp_path: Path) -> None:
    import dask
    import dask.dataframe as dd
    import pandas as pd

    from tiercert.dask import score_dataframe

    outside = tmp_path / "outside.csv"
    outside.write_text("kept\n", encoding="utf-8")
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-00000.csv").symlink_to(outside)
    frame = dd.from_pandas(  # type: ignore[no-untyped-call]
        pd.read_csv(UNITS, dtype=str, keep_default_na=False), npartitions=1
    )
    with (
        dask.config.set(scheduler="synchronous"),
        pytest.raises(TableError, match="it is a symbolic link"),
    ):
        score_dataframe(frame, "bac_giang_friendly_gov").write_parts(parts)
    assert outside.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "a\0b"])
def test_a_folder_entry_is_one_name_of_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not the name of a file in a folder"):
        FolderEntry(tmp_path, name)


def test_batch_outputs_that_would_replace_one_another_are_refused(tmp_path: Path) -> None:
    """``--summary-output cards/xa-mau-h.html --cards cards`` replaced that unit's scorecard
    with the dashboard without a word; ``-o out --summary-output out`` (no extension: any
    format) replaced the results with the summary."""
    cards = tmp_path / "cards"
    base = ("batch", "bac_giang_friendly_gov", str(UNITS))
    for summary in ("xa-mau-h.html", "index.html", "x.HTM"):
        status, out, err = run_cli(
            *base, "--cards", str(cards), "--summary-output", str(cards / summary)
        )
        assert (status, out) == (2, "")
        assert f"is in the folder of --cards {str(cards)!r}, whose HTML files" in err
    assert not cards.exists()  # refused before anything was read
    (tmp_path / "link").symlink_to(tmp_path / "out")
    for second in ("out", "link"):
        status, _, err = run_cli(
            *base, "-o", str(tmp_path / "out"), "--summary-output", str(tmp_path / second)
        )
        assert status == 2
        assert "are one file; the one written last would replace the other" in err
    assert not (tmp_path / "out").exists()
    # beside the cards, or another kind of file in their folder: written as ever
    status, _, err = run_cli(
        *base,
        "--cards",
        str(cards),
        "-o",
        str(cards / "results.csv"),
        "--summary-output",
        str(tmp_path / "dashboard.html"),
    )
    assert status == 1, err  # the sheet's bad rows
    assert (cards / "results.csv").is_file()
    assert (tmp_path / "dashboard.html").is_file()


def test_a_link_planted_while_writing_is_replaced_never_followed(tmp_path: Path) -> None:
    """A link put in the folder between the check and the write is replaced by name: the file
    it points to keeps its content, and the new file does not take its permissions."""
    outside = tmp_path / "outside.txt"
    outside.write_text("kept\n", encoding="utf-8")
    outside.chmod(0o600)
    cards = tmp_path / "cards"
    cards.mkdir()
    from tiercert.tabular import AtomicFile

    file = AtomicFile(FolderEntry(cards, "a.html"))
    (cards / "a.html").symlink_to(outside)  # after the check
    with file.open("w", encoding="utf-8") as handle:
        handle.write("card\n")
    file.commit()
    assert not (cards / "a.html").is_symlink()
    assert (cards / "a.html").read_text(encoding="utf-8") == "card\n"
    assert outside.read_text(encoding="utf-8") == "kept\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((cards / "a.html").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(outside.stat().st_mode) == 0o600
