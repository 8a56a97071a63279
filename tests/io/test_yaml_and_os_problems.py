"""What the YAML reader and the operating system report is said in the reader's language,
with what to do: never their English words inside a Vietnamese message."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tiercert import check_source
from tiercert._i18n import in_lang
from tiercert.checking import check_file
from tiercert.errors import os_error_text

CASES = [
    # (source, position, English start, the reader's own words that must not be shown)
    ("a:\n  b: 1\n\tc: 2\n", (3, 1), "a tab is used to indent here", "tab character"),
    ("a:\n\t- 1\n", (2, 1), "a tab is used to indent here", "cannot start any token"),
    ("a: b: c\n", (1, 5), "a ':' followed by a space", "mapping values"),
    ("a:\n  - 1\n  b: 2\n", (3, 3), "this line sits in a list", "'-' indicator"),
    ("a:\n    b: 1\n  c: 2\n", (3, 3), "the indentation of this line", "expected key"),
    ('x: 1\na: "abc\nb: 1\n', (2, 4), "a quote opened here is never closed", "end of stream"),
    ("a: [1, 2\nb: 3\n", (1, 4), "a '[' opened here is never closed", "expected ','"),
    ("a: {x: 1\nb: 2\n", (1, 4), "a '{' opened here is never closed", "expected ','"),
    ("a: 1\nb\nc: 2\n", (2, 1), "a key without ':' after it", "could not find"),
    ("a: @x\n", (1, 4), "a value cannot start with '@'", "cannot start any token"),
    ('a: "\\q"\n', (1, 5), "a '\\' in double quotes starts an unknown escape", "escape character"),
    ("a: ]\n", (1, 4), "a value is missing here", "node content"),
]


@pytest.mark.parametrize(("source", "where", "english", "reader"), CASES)
def test_the_common_yaml_problems_say_what_to_do_in_each_language(
    source: str, where: tuple[int, int], english: str, reader: str
) -> None:
    [problem] = check_source(source).problems
    assert problem.code == "yaml.invalid"
    assert (problem.line, problem.column) == where
    assert problem.message.startswith(english)
    assert reader not in problem.message
    assert reader not in problem.text("vi")
    assert problem.text("vi").isascii() is False  # written in Vietnamese


def test_an_unknown_yaml_problem_quotes_the_readers_words() -> None:
    [problem] = check_source("%FOO\n---\na: 1\n").problems
    assert problem.message.startswith(
        "not valid YAML: the reader says 'found unknown directive name'"
    )
    assert problem.text("vi").startswith(
        "YAML không hợp lệ: trình đọc báo 'found unknown directive name'"
    )


def test_a_missing_file_and_a_folder_are_said_in_the_readers_language(tmp_path: Path) -> None:
    [missing] = check_file(tmp_path / "khong_co.yaml").problems
    assert missing.code == "file.unreadable"
    assert "no such file or folder" in missing.message
    assert "không có tệp hoặc thư mục này" in missing.text("vi")
    [folder] = check_file(tmp_path).problems
    assert "it is a folder, not a file" in folder.message
    assert "đây là thư mục, không phải tệp" in folder.text("vi")
    assert "Is a directory" not in folder.text("vi")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_a_file_that_may_not_be_read_is_said_in_the_readers_language(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("format: 1\n", encoding="utf-8")
    path.chmod(0)
    [problem] = check_file(path).problems
    assert "permission denied" in problem.message
    assert "không có quyền truy cập" in problem.text("vi")


@pytest.mark.parametrize(
    ("number", "english", "vietnamese"),
    [
        (errno.ENOENT, "no such file or folder", "không có tệp hoặc thư mục này"),
        (errno.EISDIR, "it is a folder, not a file", "đây là thư mục, không phải tệp"),
        (errno.EACCES, "permission denied", "không có quyền truy cập"),
        (errno.ENOSPC, "no space left on the disk", "ổ đĩa đã hết chỗ trống"),
        (errno.EIO, "the system says 'No space left'", "hệ thống báo 'No space left'"),
    ],
)
def test_each_common_os_error_has_its_own_words(number: int, english: str, vietnamese: str) -> None:
    said = os_error_text(OSError(number, "No space left"))
    assert str(said) == english
    assert in_lang(said, "vi") == vietnamese
