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
import struct
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

#: the languages with a catalog; English is also the language the messages are written in
LANGUAGES = ("en", "vi")
#: the catalogs' domain: ``locale/<lang>/LC_MESSAGES/tiercert.mo``
DOMAIN = "tiercert"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "locale")
#: the environment variable that chooses the language when no ``--lang`` is given
ENVIRONMENT = "TIERCERT_LANG"
#: the language of a rubric that names none, and of anything without a rubric
DEFAULT = "en"


#: the locale's variables, in the order POSIX reads them for the language of messages
LOCALE_ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")


def locale_language() -> str | None:
    """The language the locale's environment names: the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set (POSIX's order), when its language has a
    catalog (``vi_VN.UTF-8``: ``vi``); None when none is set or the first set names no such
    language (``C``, ``POSIX``, ``C.UTF-8``, ``fr_FR``)."""
    for name in LOCALE_ENVIRONMENT:
        value = os.environ.get(name, "").strip()
        if value:
            return language_code(value)
    return None


def language_code(text: str) -> str | None:
    """The language ``text`` names, as the catalogs are named (``vi``, ``en``), its case and a
    region left out (``EN``, ``vi_VN``, ``vi-VN``, ``vi_VN.UTF-8``); None when it names no
    language tiercert has a catalog for (``fr``, ``C``, ``""``)."""
    base = text.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def environment_language() -> str | None:
    """The language the environment chooses: ``TIERCERT_LANG``, else the locale's
    (:func:`locale_language`); None when neither says one."""
    return language_code(os.environ.get(ENVIRONMENT, "")) or locale_language()


def choose(flag: str | None, rubric_language: str | None = None) -> str:
    """The language to write in: the ``--lang`` flag, else ``TIERCERT_LANG``, else the
    rubric's ``language``, else the locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else
    English.  The rubric comes before the locale: its author chose the language its readers
    read, where a machine's locale is often whatever it was installed with (an office's
    ``en_US.UTF-8`` must not turn a Vietnamese scheme's scorecards English); the flag and
    ``TIERCERT_LANG`` are the reader's own choice and come first."""
    return (
        flag
        or language_code(os.environ.get(ENVIRONMENT, ""))
        or rubric_language
        or locale_language()
        or DEFAULT
    )


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
    with open(os.path.join(LOCALE_DIR, base, "LC_MESSAGES", f"{DOMAIN}.mo"), "rb") as catalog:
        return Catalog(catalog.read())


class Catalog(gettext.NullTranslations):
    """A compiled catalog (``.mo``, UTF-8, as ``tools/catalogs.py`` writes it) whose messages
    are decoded when first asked for.  It answers as ``gettext.GNUTranslations`` does (a test
    holds it to that for every message of every catalog), but that class decodes all of a
    catalog's thousand messages when it is opened (2 ms, a tenth of what ``tiercert check``
    adds to its imports) where a command writes a few of them.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__()
        magic, _version, count, ids_at, texts_at = struct.unpack_from("<5I", data)
        if magic != gettext.GNUTranslations.LE_MAGIC:
            raise OSError(0, "not a little-endian .mo catalog")
        ids = struct.unpack_from(f"<{2 * count}I", data, ids_at)  # (length, offset) pairs
        keys = [data[at : at + size] for size, at in zip(ids[::2], ids[1::2], strict=True)]
        self._data = data
        #: a message's key in the file (``context\x04id``, ``id\x00plural``) -> its entry
        self._entries = dict(zip(keys, range(count), strict=True))
        self._texts = struct.unpack_from(f"<{2 * count}I", data, texts_at)
        self._found: dict[str, str] = {}
        self._plural: Callable[[int], int] | None = None

    def _text(self, key: str) -> str | None:
        """The translation stored for ``key`` (decoded once), None when the catalog has none
        (a text that is no message is not remembered: it may be any text)."""
        found = self._found.get(key)
        if found is None:
            entry = self._entries.get(key.encode())
            if entry is None:
                return None
            size, at = self._texts[2 * entry], self._texts[2 * entry + 1]
            found = self._found[key] = self._data[at : at + size].decode()
        return found

    def _form(self, n: int) -> int:
        """Which plural form ``n`` takes (the catalog's ``Plural-Forms``)."""
        if self._plural is None:
            self._plural = lambda n: int(n != 1)  # gettext's default, as GNUTranslations
            for line in (self._text("") or "").splitlines():
                name, _, value = line.partition(":")
                if name.strip().lower() == "plural-forms":
                    self._plural = gettext.c2py(value.split(";")[1].split("plural=")[1])
        return self._plural(n)

    def gettext(self, message: str) -> str:
        return self._text(message) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._text(f"{context}\x04{message}") or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._plural_text(f"{msgid1}\x00{msgid2}", msgid1, msgid2, n)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._plural_text(f"{context}\x04{msgid1}\x00{msgid2}", msgid1, msgid2, n)

    def _plural_text(self, key: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = (self._text(key) or "").split("\x00")
        form = self._form(n)
        if 0 <= form < len(forms) and forms[form]:
            return forms[form]
        return msgid1 if n == 1 else msgid2


def decimal_mark(lang: str) -> str:
    """The decimal mark people of ``lang`` read: ``","`` in Vietnamese (85,1), ``"."`` in
    English; the catalog says (message ``"."`` in the context ``decimal mark``)."""
    return translator(lang).pgettext("decimal mark", ".")


def localized(number: str, lang: str) -> str:
    """A number's text as tiercert writes it (``7.5``, :func:`~tiercert._numbers.display_number`)
    with the decimal mark of ``lang`` (``7,5`` in Vietnamese): the one place a shown number
    takes the reader's mark."""
    return number if lang == DEFAULT else number.replace(".", decimal_mark(lang))


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


#: the months' names, for a date written out (``7 December 2026``)
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


class _Month(int):
    """A month in a date's message: ``{month}`` writes its name in the language,
    ``{month:02}`` its number (``12``), so that each language's message chooses its form."""

    said: gettext.NullTranslations

    def __new__(cls, number: int, said: gettext.NullTranslations) -> _Month:
        self = super().__new__(cls, number)
        self.said = said
        return self

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.said.gettext(MONTHS[self - 1])
        return format(int(self), spec)


def day_text(day: date | str, lang: str, said: gettext.NullTranslations | None = None) -> str:
    """A date as people of ``lang`` read it: ``7 December 2026`` in English, ``07/12/2026``
    in Vietnamese; the catalog says (the message ``{day} {month} {year}`` in the context
    ``date``).  ``day`` may be ISO text (``2026-12-07``), the form data files keep; other
    text (a date a caller wrote its own way) is shown as it is.  ``said``: the catalog to
    word it with, when not ``lang``'s own (a page's)."""
    if isinstance(day, str):
        from datetime import date as _date

        try:
            when = _date.fromisoformat(day)
        except ValueError:
            return day
    else:
        when = day
    said = said or translator(lang)
    pattern = said.pgettext("date", "{day} {month} {year}")
    return pattern.format(day=when.day, month=_Month(when.month, said), year=when.year)


def column_letters(number: int) -> str:
    """A sheet's column by its letters, as a spreadsheet shows it: 1 is ``A``, 27 ``AA``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Column(int):
    """A sheet's column in a message, by its number (``4``): ``{column}`` writes the number,
    ``{column:letter}`` the letters a spreadsheet shows (``D``), so that each language's
    message chooses the form its readers look for."""

    def __format__(self, spec: str) -> str:
        if spec == "letter":
            return column_letters(self)
        return format(int(self), spec)


def columns_moved(text: str, moved: Callable[[int], int | None]) -> str:
    """``text`` with every column it names (a :class:`Column` value, in it or in a message
    it holds) renumbered by ``moved``: a row cut from a wider one (a programme stage's cells)
    names its columns as the sheet has them.  ``moved`` gives None for a column to leave."""
    if type(text) is not Message:
        return text
    params: dict[str, object] = {}
    changed = False
    for key, value in text.params:
        new = value
        if isinstance(value, Column):
            at = moved(int(value))
            new = value if at is None else Column(at)
        elif isinstance(value, Message):
            new = columns_moved(value, moved)
        changed = changed or new is not value
        params[key] = new
    return Message(text.template, params) if changed else text


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


class Given(Message):
    """A text the rubric gives in its languages (a stage's label: ``{vi: Tự đánh giá, en:
    Self-assessment}``), written in the reader's language, else the rubric's own (``*``),
    else the first it gives: a value a message names a rubric's part by."""

    texts: tuple[tuple[str, str], ...]

    def __new__(cls, texts: Mapping[str, str]) -> Given:
        given = tuple(texts.items())
        self = str.__new__(cls, _given(given, DEFAULT))
        self.template, self.params, self.texts = "", (), given
        return self

    def __getnewargs__(self) -> tuple[dict[str, str]]:  # type: ignore[override]
        return (dict(self.texts),)

    def in_lang(self, lang: str) -> str:
        return _given(self.texts, lang)


class Numeral(Message):
    """A number a message names (``7.5``: a rule's points, a condition's threshold), written
    with the reader's decimal mark (:func:`localized`) wherever the message is written in
    another language (``7,5``), as :func:`~tiercert._numbers.display_number` writes one."""

    def __new__(cls, number: str) -> Numeral:
        self = str.__new__(cls, number)
        self.template, self.params = "", ()
        return self

    def __getnewargs__(self) -> tuple[str]:  # type: ignore[override]
        return (str.__str__(self),)

    def in_lang(self, lang: str) -> str:
        return localized(str.__str__(self), lang)


def _given(texts: tuple[tuple[str, str], ...], lang: str) -> str:
    by_lang = dict(texts)
    return by_lang.get(lang) or by_lang.get("*") or (texts[0][1] if texts else "")


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
    """``text`` in ``lang`` when it is a :class:`Message`, else as it is.  In English a
    message is the text it is already (written from the same template and values when it was
    made, as are :class:`Joined` and :class:`Given`): not written again, value by value."""
    if isinstance(text, Message):
        return str.__str__(text) if lang == DEFAULT else text.in_lang(lang)
    return text
