"""The command line's own help and usage errors in the reader's language (docs/languages.md):
chosen before parsing, from ``--lang`` among the words, else ``TIERCERT_LANG``, else the locale's
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from conftest import TESTS
from tiercert._cli_parser import Parser, UsageError, help_language
from tiercert._i18n import ENVIRONMENT, in_lang, locale_language
from tiercert.cli import _COMMANDS, build_parser, main

EXAMPLES = TESTS / "examples"


@pytest.fixture(autouse=True)
def _in_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    monkeypatch.delenv(ENVIRONMENT, raising=False)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_help_in_vietnamese_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENVIRONMENT, "vi")
    assert run("score", "--help")[0] == 0
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: tiercert score [-h]")
    assert "\ntham số theo vị trí:\n" in shown
    assert "\ntùy chọn:\n" in shown
    assert "hiện hướng dẫn này rồi thoát" in shown
    assert "tệp bộ tiêu chí, hoặc mã của một bộ tiêu chí có sẵn" in shown
    for english in ("usage:", "options:", "positional arguments", "show this help", "a rubric"):
        assert english not in shown
    assert run("--help")[0] == 0
    top = capsys.readouterr().out
    assert "chấm một tệp chấm điểm theo bộ tiêu chí" in top  # the commands' list
    # --lang wins over the environment, wherever it is among the words
    assert run("score", "--help", "--lang", "en")[0] == 0
    english_help = capsys.readouterr().out
    assert english_help.startswith("usage: tiercert score [-h]")
    assert "\noptions:\n" in english_help
    assert "a rubric file, or the id of a shipped rubric" in english_help


def test_help_in_english_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", "--help")[0] == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: tiercert check")
    assert "treat warnings as errors" in shown
    assert run("check", "--help", "--lang=vi")[0] == 0
    assert "coi cảnh báo là lỗi" in capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *_COMMANDS])
def test_every_help_text_is_translated(command: str | None) -> None:
    """A help text not marked for the catalogs (or not translated) would read English.  The
    parser keeps each text as marked and its formatter writes it in the parser's language."""
    parser = build_parser(command, "vi")
    english = build_parser(command, "en")
    parsers = [(parser, english)]
    if command is not None:
        (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        (sub_en,) = (a for a in english._actions if isinstance(a, argparse._SubParsersAction))
        parsers.append((sub.choices[command], sub_en.choices[command]))
    for vi, en in parsers:
        in_vi, in_en = vi._get_formatter(), en._get_formatter()
        for shown, told in zip(vi._actions, en._actions, strict=True):
            if told.help and told.help is not argparse.SUPPRESS:
                written = in_vi._get_help_string(shown)
                assert written != in_en._get_help_string(told), (command, told.help)
        if en.description and vi.description:
            assert in_vi._format_text(vi.description) != in_en._format_text(en.description)


def test_every_argument_of_every_command_says_what_it_is() -> None:
    # a new reader sees what each option takes (--format, ASSESSMENT had no help at all)
    parser = build_parser(None, "vi")
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    bare = [
        (name, action.option_strings or action.dest)
        for name, command in sub.choices.items()
        for action in command._actions
        if not action.help
    ]
    assert bare == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["score", "valid/commune.yaml", "--lang", "vi"],
            "tiercert score: còn thiếu các tham số bắt buộc: ASSESSMENT\n"
            "xem 'tiercert score --help'\n",
        ),
        (
            ["check", "--format", "xml", "valid/minimal.yaml", "--lang", "vi"],
            "tiercert check: tham số --format: không có lựa chọn 'xml' (hãy chọn một trong "
            "'text', 'json')\nxem 'tiercert check --help'\n",
        ),
        # a command misspelt: named in Vietnamese ('command' is argparse's name for it)
        (["scor", "--lang", "vi"], "tiercert: tham số lệnh: không có lựa chọn 'scor'"),
        (
            ["check", "--nope", "valid/minimal.yaml", "--lang", "vi"],
            "tiercert: không hiểu các tham số: --nope\nxem 'tiercert --help'\n",
        ),
        (
            ["score", "a.yaml", "b.yaml", "--as-of", "2027-13-01", "--lang", "vi"],
            "tiercert score: tham số --as-of: '2027-13-01' không phải là một ngày",
        ),
        (
            ["check", "valid/minimal.yaml", "--rubric", "valid/minimal.yaml", "--lang", "vi"],
            "tiercert check: --rubric chỉ dùng cùng --assessments\n",
        ),
        (
            [
                "report",
                "valid/minimal.yaml",
                "a.yaml",
                "-o",
                "card.md",
                "--format",
                "html",
                "--lang",
                "vi",
            ],
            "'card.md' là tên tệp markdown nhưng --format là html; hãy đặt tên tệp cho html",
        ),
    ],
)
def test_usage_errors_in_vietnamese_exit_2(argv: list[str], message: str) -> None:
    status, out, err = run(*argv)
    assert (status, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_usage_errors_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT, "vi")
    status, _, err = run("score")
    assert status == 2
    assert err.startswith("tiercert score: còn thiếu các tham số bắt buộc: RUBRIC, ASSESSMENT")
    assert "the following" not in run("bogus")[2]
    assert "không có lựa chọn 'bogus'" in run("bogus")[2]
    # no command: named in Vietnamese, not by argparse's English name for it ('command')
    assert run() == (
        2,
        "",
        "tiercert: còn thiếu các tham số bắt buộc: lệnh\nxem 'tiercert --help'\n",
    )
    assert "tham số lệnh: không có" in run("bogus")[2]


@pytest.mark.parametrize(
    ("argv", "english"),
    [
        ([], "the following arguments are required"),
        (["--count", "x", "a"], "invalid int value"),
        (["--kind", "c", "a"], "invalid choice"),
        (["--count"], "expected one argument"),
        (["--co", "1", "a"], "ambiguous option"),
        (["--one", "--two", "a"], "not allowed with argument"),
        (["--flag=1", "a"], "ignored explicit argument"),
        (["a", "b"], "unrecognized arguments"),
    ],
)
def test_every_argparse_error_is_read_into_the_catalog(argv: list[str], english: str) -> None:
    """The words of argparse's errors on this Python are the ones the catalog translates."""
    parser = Parser(prog="p", lang="vi")
    parser.add_argument("item")
    parser.add_argument("--count", type=int)
    parser.add_argument("--colour")
    parser.add_argument("--kind", choices=["a", "b"])
    parser.add_argument("--flag", action="store_true")
    both = parser.add_mutually_exclusive_group()
    both.add_argument("--one", action="store_true")
    both.add_argument("--two", action="store_true")
    with pytest.raises(UsageError) as raised:
        parser.parse_args(argv)
    said = in_lang(raised.value.args[0], "vi")
    assert english in str(raised.value.args[0])  # the English argparse wrote
    assert english not in said
    assert said.startswith("p: ")
    assert said.endswith("\nxem 'p --help'")


def test_the_embedding_process_keeps_argparse_in_its_own_language() -> None:
    """Nothing global changes: a plain parser built after a Vietnamese one writes English."""
    build_parser("score", "vi").format_help()
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_help().startswith("usage: x")
    assert "options:" in plain.format_help()


@pytest.mark.parametrize(
    ("words", "environment", "lang"),
    [
        (["score", "--lang", "vi"], "", "vi"),
        (["score", "--lang=vi"], "en", "vi"),
        (["score", "--lang", "en"], "vi", "en"),
        (["score"], "vi", "vi"),
        (["score"], "", "en"),
        (["score", "--", "--lang", "vi"], "", "en"),  # after --, a file named --lang
    ],
)
def test_the_help_language_is_chosen_before_parsing(
    monkeypatch: pytest.MonkeyPatch, words: list[str], environment: str, lang: str
) -> None:
    monkeypatch.setenv(ENVIRONMENT, environment)
    assert help_language(words) == lang


# --- an invalid rubric is reported in the language it declares --------------------------------

INVALID_VI = """\
format: 1
id: r
version: "1"
language: vi
title: Thử
criteria:
  - {id: tiêu_chí_1, title: Tiêu chí 1, max: 10, rule: {kind: direct}}
tiers: []
"""

COMMANDS = [
    ("check", "r.yaml"),
    ("score", "r.yaml", "a.yaml"),
    ("report", "r.yaml", "a.yaml"),
    ("batch", "r.yaml", "a.csv"),
    ("explain", "r.yaml"),
    ("template", "r.yaml"),
    ("diff", "r.yaml", "r.yaml"),
    ("migrate", "r.yaml", "r.yaml", "a.yaml"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_invalid_rubric_is_reported_in_its_declared_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """Every command as ``check``: flag > TIERCERT_LANG > the rubric's language > English."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIERCERT_LANG", raising=False)
    (tmp_path / "r.yaml").write_text(INVALID_VI, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("answers: {x: 5}\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("unit_id,x\nu1,5\n", encoding="utf-8")
    status, out, err = run(*command)
    assert status != 0
    assert "r.yaml:7:10: lỗi: " in out + err
    assert "không phải mã hợp lệ" in out + err
    assert " error: " not in out + err
    status, out, err = run(*command, "--lang", "en")
    assert "r.yaml:7:10: error: " in out + err
    monkeypatch.setenv("TIERCERT_LANG", "en")
    status, out, err = run(*command)
    assert "r.yaml:7:10: error: " in out + err


UNREADABLE_VI = (
    'format: 1\nid: r\nversion: "1"\nlanguage: vi  # tiếng Việt\ntitle: Trường học\n'
    "criteria:\n  - id: a\n\t  title: Cây xanh\n"
)


@pytest.mark.parametrize(
    ("encoding", "problem", "message"),
    [
        ("utf-8", "r.yaml:8:1: lỗi: ", "thụt lề bằng phím tab"),
        ("utf-16", "r.yaml: lỗi: ", "tệp là văn bản UTF-16"),
        ("utf-16-le", "r.yaml: lỗi: ", "tệp là văn bản UTF-16"),
        ("cp1258", "r.yaml:5:10: lỗi: ", "không phải văn bản UTF-8"),
    ],
)
@pytest.mark.parametrize("command", COMMANDS[:2], ids=lambda c: c[0])
def test_a_rubric_that_is_not_yaml_is_reported_in_the_language_its_line_declares(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    encoding: str,
    problem: str,
    message: str,
) -> None:
    """A rubric author's pass: a Vietnamese rubric indented with a tab, or saved by Notepad
    as UTF-16 or in the Windows code page, is refused in Vietnamese, not in English."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIERCERT_LANG", raising=False)
    written = UNREADABLE_VI.encode("utf-8" if encoding == "cp1258" else encoding)
    if encoding == "cp1258":  # "Trường" as Windows' Vietnamese code page writes it (iconv)
        written = written.replace("ường".encode(), b"\xfd\xf5\xccng")
    (tmp_path / "r.yaml").write_bytes(written)
    (tmp_path / "a.yaml").write_text("answers: {a: yes}\n", encoding="utf-8")
    status, out, err = run(*command)
    assert status != 0
    assert problem in out + err
    assert message in out + err
    assert " error: " not in out + err
    status, out, err = run(*command, "--lang", "en")
    assert problem.replace("lỗi", "error") in out + err


# --- the locale's environment: LC_ALL > LC_MESSAGES > LANG, after --lang and TIERCERT_LANG ---


@pytest.mark.parametrize(
    ("variables", "language"),
    [
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "vi"}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "vi_VN", "LANG": "en_US.UTF-8"}, "vi"),
        ({"LC_ALL": "vi_VN.UTF-8", "LC_MESSAGES": "en_GB", "LANG": "en_US"}, "vi"),
        # the first one set decides, as POSIX reads them: C is no language with a catalog
        ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, None),
        ({"LC_ALL": "", "LANG": "vi_VN@euro"}, "vi"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_s_language(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], language: str | None
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert locale_language() == language


def test_the_command_line_follows_the_locale_where_no_rubric_says_a_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    english = "valid/commune.yaml: valid (0 errors, 0 warnings); 0 provisional elements\n"
    vietnamese = "valid/commune.yaml: hợp lệ (0 lỗi, 0 cảnh báo); 0 mục tạm tính\n"
    two = ("check", "valid/minimal.yaml", "valid/commune.yaml")  # no one rubric's language
    assert "valid (0 errors" in run(*two)[1]  # no locale: English
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert "hợp lệ (0 lỗi" in run(*two)[1]
    assert run("score")[2].startswith("tiercert score: còn thiếu các tham số bắt buộc")
    assert help_language(["check"]) == "vi"
    assert run("check", "--help")[0] == 0
    assert capsys.readouterr().out.startswith("cách dùng: tiercert check")
    # the flag and TIERCERT_LANG come first; LC_ALL (even C) before LANG
    assert "valid (0 errors" in run(*two, "--lang", "en")[1]
    monkeypatch.setenv("LC_ALL", "C")
    assert "valid (0 errors" in run(*two)[1]
    monkeypatch.setenv("LC_ALL", "vi_VN.UTF-8")
    monkeypatch.setenv(ENVIRONMENT, "en")
    assert "valid (0 errors" in run(*two)[1]
    # after the rubric's own language (valid/commune.yaml says vi; a rubric that says none is
    # English, the model's default): a machine set up in English still reads a Vietnamese
    # scheme in Vietnamese, and the flag still comes first
    monkeypatch.delenv(ENVIRONMENT)
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert run("check", "valid/commune.yaml") == (0, vietnamese, "")
    assert run("check", "valid/commune.yaml", "--lang", "en") == (0, english, "")
    monkeypatch.setenv("LC_ALL", "vi_VN.UTF-8")
    assert run("check", "valid/minimal.yaml")[1].endswith("0 provisional elements\n")
    assert run("check", "valid/commune.yaml") == (0, vietnamese, "")


def test_a_language_is_named_in_any_case_and_region_and_refused_when_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # EN, vi_VN, vi-VN name the catalogs' languages; a language tiercert does not write in is
    # refused (exit 2, what to write), never half-applied: its English words around a
    # rubric's Vietnamese titles
    english = run("check", "valid/commune.yaml", "--lang", "en")
    vietnamese = run("check", "valid/commune.yaml", "--lang", "vi")
    assert english[1] != vietnamese[1]
    assert run("check", "valid/commune.yaml", "--lang", "EN") == english
    assert run("check", "valid/commune.yaml", "--lang=vi_VN") == vietnamese
    assert run("check", "valid/commune.yaml", "--lang", "vi-VN") == vietnamese
    status, out, err = run("check", "valid/commune.yaml", "--lang", "fr")
    assert (status, out) == (2, "")
    assert "--lang 'fr': tiercert writes in vi or en: write --lang vi or en" in err
    assert help_language(["check", "--lang", "EN"]) == "en"
    assert help_language(["check", "--lang", "fr"]) == "en"  # the help still gets written
    monkeypatch.setenv(ENVIRONMENT, "EN")
    assert run("check", "valid/commune.yaml") == english
    monkeypatch.setenv(ENVIRONMENT, "fr")
    status, out, err = run("check", "valid/commune.yaml")
    assert (status, out) == (2, "")
    assert "TIERCERT_LANG='fr': tiercert writes in vi or en: set it to vi or en" in err
    assert run("check", "valid/commune.yaml", "--lang", "vi") == vietnamese  # the flag first
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    status, _, err = run("check", "valid/commune.yaml")
    assert status == 2
    assert "tiercert viết bằng tiếng Việt (vi) hoặc tiếng Anh (en)" in err
