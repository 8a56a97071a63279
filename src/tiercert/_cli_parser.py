"""The command line's parser in the reader's language: its help, its usage lines and
argparse's own words ("usage:", "options:", "the following arguments are required").

The language is chosen before parsing (:func:`help_language`): ``--lang`` found among the
words, else ``TIERCERT_LANG``, else the locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else
English; a rubric's language is not known until the rubric is read, after parsing.

argparse writes its words through ``gettext.gettext`` of the default domain.  Installing a
catalog there (or swapping ``argparse._``) would change them for the whole process that embeds
tiercert, so instead :class:`Parser` writes its headings, its ``usage:`` and its own ``--help``
line itself, and :func:`error_in` reads each error argparse made back into a catalog message
(an error argparse words in a way this does not know, or that another catalog translated
already, is shown as it is).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from ._i18n import DEFAULT, N_, Message, environment_language, language_code, msg, translator


class UsageError(Exception):
    """A command used wrongly: its text (a catalog message) is written in the reader's
    language, and the command exits with status 2."""


def help_language(words: Sequence[str]) -> str:
    """The language of the help and of the usage errors, chosen before parsing: the last
    ``--lang X`` (or ``--lang=X``) among ``words``, else ``TIERCERT_LANG``, else the locale's
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English."""
    found = ""
    for i, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(words):
            found = words[i + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return language_code(found) or environment_language() or DEFAULT


def said(text: str, lang: str) -> str:
    """A help text in ``lang``: a :class:`~tiercert._i18n.Message` (``msg``) written in it, a
    text marked ``N_`` looked up in its catalog."""
    if isinstance(text, Message):
        return text.in_lang(lang)
    return translator(lang).gettext(text)


#: the errors argparse makes (Python 3.10 to 3.13), each with the catalog message that says it;
#: a value argparse quoted is kept as it wrote it (compiled when an error is made: compiling
#: them costs a few ms of every start, see docs/performance.md, cold starts)
_ERROR_TEXTS: tuple[tuple[str, str], ...] = (
    (r"argument (?P<argument>.+?): (?P<message>.+)", N_("argument {argument}: {message}")),
    (
        r"the following arguments are required: (?P<arguments>.+)",
        N_("the following arguments are required: {arguments}"),
    ),
    (
        r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        N_("invalid choice: {value} (choose from {choices})"),
    ),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", N_("invalid {type} value: {value}")),
    (r"unrecognized arguments: (?P<arguments>.+)", N_("unrecognized arguments: {arguments}")),
    (r"expected one argument", N_("expected one argument")),
    (r"expected at most one argument", N_("expected at most one argument")),
    (r"expected at least one argument", N_("expected at least one argument")),
    (
        r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)",
        N_("ambiguous option: {option} could match {matches}"),
    ),
    (r"not allowed with argument (?P<argument>.+)", N_("not allowed with argument {argument}")),
    (
        r"one of the arguments (?P<arguments>.+) is required",
        N_("one of the arguments {arguments} is required"),
    ),
    (r"ignored explicit argument (?P<value>.+)", N_("ignored explicit argument {value}")),
)


#: the names argparse gives arguments by their ``dest`` (no metavar), as words of the catalog:
#: "the following arguments are required: command" (no command named)
_NAMES = {"command": N_("command")}


@functools.cache
def _errors() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.DOTALL), message) for pattern, message in _ERROR_TEXTS)


def error_in(message: str, lang: str) -> str:
    """An error argparse made (in English) in ``lang``; one it words otherwise as it is."""
    for pattern, template in _errors():
        match = pattern.fullmatch(message)
        if match is not None:
            values = match.groupdict()
            if "message" in values:  # 'argument --format: invalid choice: ...'
                values["message"] = error_in(values["message"], lang)
            for key in ("argument", "arguments"):
                name = _NAMES.get(values.get(key) or "")
                if name is not None:
                    values[key] = translator(lang).gettext(name)
            return translator(lang).gettext(template).format(**values)
    return message


class ArgparseError(Message):
    """An error argparse made, in its English: :meth:`in_lang` reads it into the catalog
    (:func:`error_in`)."""

    def __new__(cls, text: str) -> ArgparseError:
        self = str.__new__(cls, text)
        self.template, self.params = "", ()
        return self

    def __getnewargs__(self) -> tuple[str]:  # type: ignore[override]
        return (str(self),)

    def in_lang(self, lang: str) -> str:
        return error_in(str(self), lang)


def _help_width() -> int:
    """The width argparse gives the help, found as ``shutil.get_terminal_size`` finds it
    (``COLUMNS``, else the terminal's, else 80), less 2: argparse makes a formatter for each
    argument added, and would import ``shutil`` (and its compression modules) to ask."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no standard output, or not a terminal
            columns = 0
    return (columns or 80) - 2


@functools.cache
def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """argparse's help formatter, writing the help in ``lang``: each help text, description
    and section title is looked up in the catalog when the help is written, not as the parser
    is built (a command that shows no help reads no catalog for it)."""

    class Formatter(argparse.HelpFormatter):
        def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
            if len(args) < 3 and kwargs.get("width") is None:
                kwargs["width"] = _help_width()
            super().__init__(prog, *args, **kwargs)

        def add_usage(
            self,
            usage_text: str | None,
            actions: Any,
            groups: Any,
            prefix: str | None = None,
        ) -> None:
            if prefix is None:
                prefix = translator(lang).gettext(N_("usage: "))
            super().add_usage(usage_text, actions, groups, prefix)

        def start_section(self, heading: str | None) -> None:
            super().start_section(said(heading, lang) if heading else heading)

        def _format_text(self, text: str) -> str:
            return super()._format_text(said(text, lang))

        def _get_help_string(self, action: argparse.Action) -> str | None:
            return said(action.help, lang) if action.help else action.help

    return Formatter


#: a word that looks like a file's name: an extension (``-units.csv``, ``-out.xlsx``)
_FILE_NAME = re.compile(r"-.*\.[A-Za-z][A-Za-z0-9]{0,5}")


#: the errors a file name taken for an option makes: a file argument missing, ``-o`` with no
#: file, a word no option knows
_MISSED = re.compile(r"arguments are required|expected one argument|unrecognized arguments")


class Parser(argparse.ArgumentParser):
    """An argument parser that writes its help and its errors in ``lang``: each ``help`` and
    ``description`` given to it (marked ``N_``, or a ``msg``) is looked up in the catalog of
    ``lang`` when the help is written; an error raises :class:`UsageError`, whose message is
    the English and is written in any language."""

    def __init__(self, *args: Any, lang: str = DEFAULT, **kwargs: Any) -> None:
        self.lang = lang
        add_help = kwargs.pop("add_help", True)
        kwargs.update(formatter_class=_formatter(lang), add_help=False)
        super().__init__(*args, **kwargs)
        # argparse's own titles, marked for the catalogs: the formatter translates them
        self._positionals.title = N_("positional arguments")
        self._optionals.title = N_("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=N_("show this help message and exit"),
            )

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        # the words, kept to say what went wrong with one that names a file (see error)
        self.words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:  # type: ignore[override]
        # point at the help of the command that was misused: 'tiercert score --help'
        said = msg(
            "{prog}: {message}\ntry '{prog} --help'", prog=self.prog, message=ArgparseError(message)
        )
        word = self._dash_file(getattr(self, "words", ())) if _MISSED.search(message) else None
        if word is not None:
            said = msg(
                "{said}\n{word!r} starts with '-' and is read as an option: for the file of "
                "that name write {path!r}",
                said=said,
                word=word,
                path="./" + word,
            )
        raise UsageError(said)

    def _dash_file(self, words: Sequence[str]) -> str | None:
        """The first of ``words`` (before ``--``) that is no option of this parser but a file
        name starting with '-' (``-units.csv``): argparse takes it for an option, and says a
        file argument is missing or that ``-o`` expects one."""
        for word in words:
            if word == "--":
                return None
            if len(word) < 2 or word[0] != "-" or word[1] == "-":
                continue
            if word in self._option_string_actions:
                continue  # an option of this command
            if os.path.lexists(word):
                return word
            if word[:2] not in self._option_string_actions and _FILE_NAME.fullmatch(word):
                return word  # ('-oFILE' is '-o FILE' unless the file is there)
        return None
