"""The languages people read tiercert in: one gettext catalog per language.

Every text tiercert writes for people is an English message id looked up in the catalog of
the reader's language (``locale/<lang>/LC_MESSAGES/tiercert.mo``, compiled from the ``.po``
beside it by ``python tools/regen.py``).  A renderer is given the language and asks
:func:`translator` for its catalog; nothing here is global or mutable, so two languages can be
written side by side in one process (a portal serves both).

Messages name their placeholders (``"Total: {total}"``, formatted after the lookup): a
translation may reorder them, and a test holds each translation to its message's placeholders.
Problem codes, JSON keys and machine formats are never translated.
"""

from __future__ import annotations

import functools
import gettext
import os
import string
from collections.abc import Iterable, Mapping
from pathlib import Path

#: the languages with a catalog; English is also the language the messages are written in
LANGUAGES = ("en", "vi")
#: the catalogs' domain: ``locale/<lang>/LC_MESSAGES/tiercert.mo``
DOMAIN = "tiercert"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: the environment variable that chooses the language when no ``--lang`` is given
ENVIRONMENT = "TIERCERT_LANG"
#: the language of a rubric that names none, and of anything without a rubric
DEFAULT = "en"


def choose(flag: str | None, rubric_language: str | None = None) -> str:
    """The language to write in: the ``--lang`` flag, else ``TIERCERT_LANG``, else the
    rubric's ``language``, else English."""
    return flag or os.environ.get(ENVIRONMENT, "").strip() or rubric_language or DEFAULT


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The message catalog of ``lang`` (``vi``, ``en``; a region is dropped: ``vi_VN``); a
    language without a catalog reads English (the message ids).  Catalogs are read once and
    never changed."""
    base = lang.replace("-", "_").split("_")[0].lower()
    if base not in LANGUAGES:
        return gettext.NullTranslations()
    # read straight from its file: gettext.translation would first try the locale's variants
    # of the name (importing ``locale`` to list them) where only ``locale/<lang>`` is shipped
    with (LOCALE_DIR / base / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as catalog:
        return gettext.GNUTranslations(catalog)


def decimal_mark(lang: str) -> str:
    """The decimal mark people of ``lang`` read: ``","`` in Vietnamese (85,1), ``"."`` in
    English; the catalog says (message ``"."`` in the context ``decimal mark``)."""
    return translator(lang).pgettext("decimal mark", ".")


def thousands_separator(lang: str) -> str:
    """The mark between thousands people of ``lang`` read: ``"."`` in Vietnamese
    (``12.000.003``), ``","`` in English; the catalog says (message ``","`` in the context
    ``thousands separator``)."""
    return translator(lang).pgettext("thousands separator", ",")


def whole_number(count: int, lang: str) -> str:
    """A whole number for people of ``lang``, its thousands marked: ``12.000.003`` in
    Vietnamese, ``12,000,003`` in English.  The digits never change."""
    text = f"{count:,}"
    return text if lang == DEFAULT else text.replace(",", thousands_separator(lang))


class _Formatter(string.Formatter):
    """``str.format`` whose ``{count:,}`` writes the thousands as the language does."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "," and isinstance(value, int) and not isinstance(value, bool):
            return whole_number(value, self.lang)
        return str(super().format_field(value, format_spec))


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs where it is written (a constant, a table), to be
    translated where it is shown (:func:`msg`, ``gettext``)."""
    return message


class Message(str):
    """A text for people that can be written in any language: the English text it is (so it
    goes wherever a ``str`` goes: a problem's ``message``, the JSON, a sort key), and the
    catalog message and named values it was written from (:meth:`in_lang`).

    A value may itself be a :class:`Message` (a "did you mean" hint, a word such as
    ``criterion``): it is written in the same language.  Joining a message to other text
    (``message + hint``) makes a plain ``str``, English only: put the hint in a placeholder.
    """

    template: str
    params: tuple[tuple[str, object], ...]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Message:
        values = tuple((params or {}).items())
        self = super().__new__(cls, _fill(template, values, DEFAULT))
        self.template = template
        self.params = values
        return self

    def __getnewargs__(self) -> tuple[str, dict[str, object]]:  # type: ignore[override]
        return self.template, dict(self.params)

    def in_lang(self, lang: str) -> str:
        """The text in ``lang`` (English when the language has no catalog)."""
        return _fill(self.template, self.params, lang)


class Joined(Message):
    """Texts joined by a separator (``"; "``), each written in the reader's language when it
    is a :class:`Message`: a list of described conditions, of rule options."""

    separator: str
    items: tuple[str, ...]

    def __new__(cls, separator: str, items: Iterable[str]) -> Joined:
        parts = tuple(items)
        self = str.__new__(cls, separator.join(parts))
        self.template, self.params = "", ()
        self.separator, self.items = separator, parts
        return self

    def __getnewargs__(self) -> tuple[str, tuple[str, ...]]:  # type: ignore[override]
        return self.separator, self.items

    def in_lang(self, lang: str) -> str:
        return self.separator.join(in_lang(item, lang) for item in self.items)


def joined(separator: str, items: Iterable[str]) -> str:
    """``separator.join(items)`` that keeps each item's languages (:class:`Joined`)."""
    return Joined(separator, items)


def _fill(template: str, params: tuple[tuple[str, object], ...], lang: str) -> str:
    if not template:
        return ""  # gettext("") is the catalog's header
    text = template if lang == DEFAULT else translator(lang).gettext(template)
    values = {k: v.in_lang(lang) if isinstance(v, Message) else v for k, v in params}
    if lang != DEFAULT and ":,}" in text:  # thousands, written as the language writes them
        return _Formatter(lang).vformat(text, (), values)
    return text.format(**values)


def msg(template: str, /, **params: object) -> str:
    """The catalog message ``template`` (English, named placeholders: ``"unknown id
    {id!r}"``; a brace written ``{{``) with its values: a :class:`Message`, typed as the
    ``str`` it is wherever a message goes, written in another language by :func:`in_lang`.
    ``tools/catalogs.py`` extracts every ``msg("...")``."""
    return Message(template, params)


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Message`, else as it is."""
    return text.in_lang(lang) if isinstance(text, Message) else text
