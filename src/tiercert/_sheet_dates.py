"""A date cell of a sheet as a message quotes it: as the person who typed it sees it.

An XLSX date cell holds a number that the cell's number format shows as a date (``20/05/2024``);
openpyxl gives it as a :class:`datetime.datetime`, which the engine reads as its ISO text
(``2024-05-20T00:00:00``, refused where a number or a level is asked: "looks like a date").  A
message quoting that text showed the user something they never typed.  :class:`SheetDate` is
that ISO text (so every reader refuses it as before) and a :class:`~tiercert._i18n.Message`
written in the reader's language as the cell shows it: by the cell's own number format when it
is one of day, month, year, hour, minute and second fields (``dd/mm/yyyy``, ``yyyy-mm-dd
hh:mm``); else (Excel's built-in short date, which each computer shows in its own way, or a
format with month names) as people of the language write a date: ``20/05/2024`` in Vietnamese,
``2024-05-20`` in English, with ``13:30`` after it when the cell holds a time of day too.
"""

from __future__ import annotations

import datetime as _dt
import re

from ._i18n import Message

#: a custom number format's fields that :func:`_by_format` writes; anything else (a month's
#: name, AM/PM, text) leaves the date to the language's own way
_FIELD = re.compile(r"y+|m+|d+|h+|s+", re.IGNORECASE)
#: the widths of each field that are numbers (``mmm`` is a month's name, ``ddd`` a weekday's)
_WIDTHS = {"y": (2, 4), "m": (1, 2), "d": (1, 2), "h": (1, 2), "s": (1, 2)}
#: what may stand between two fields
_BETWEEN = re.compile(r"(?:[\s/.\-:,]|\\.)+")
#: the parts of a number format that show nothing (a locale or colour, a quoted or escaped
#: separator is kept: see _plain)
_HIDDEN = re.compile(r"\[[^\]]*\]|;@$")


class Dated(_dt.datetime):
    """A sheet's date cell with its custom number format (``dd/mm/yyyy``), as the XLSX reader
    gives it: a :class:`datetime.datetime` wherever one is read."""

    number_format: str

    @classmethod
    def of(cls, value: _dt.datetime, number_format: str) -> Dated:
        made = cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
        made.number_format = number_format
        return made

    def __reduce__(self) -> tuple[object, ...]:
        plain = _dt.datetime(
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond
        )
        return (Dated.of, (plain, self.number_format))


class SheetDate(Message):
    """A date or time cell: its ISO text, written for people as the cell shows it."""

    value: _dt.date | _dt.time
    number_format: str | None

    def __new__(cls, value: _dt.date | _dt.time) -> SheetDate:
        self = str.__new__(cls, value.isoformat())
        self.template, self.params = "", ()
        self.value = value
        self.number_format = getattr(value, "number_format", None)
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (SheetDate, (self.value,))

    def in_lang(self, lang: str) -> str:
        return date_shown(self.value, lang, self.number_format)


def date_shown(value: _dt.date | _dt.time, lang: str, number_format: str | None = None) -> str:
    """``value`` as a sheet shows it: by ``number_format`` when :func:`_by_format` can write
    it, else as ``lang``'s people write a date (and a time of day, when there is one)."""
    if number_format:
        written = _by_format(value, number_format)
        if written is not None:
            return written
    if isinstance(value, _dt.time):
        return _clock(value)
    day = value.date() if isinstance(value, _dt.datetime) else value
    text = f"{day.day:02}/{day.month:02}/{day.year:04}" if lang == "vi" else day.isoformat()
    if isinstance(value, _dt.datetime) and value.time() != _dt.time():
        text += " " + _clock(value.time())
    return text


def _clock(value: _dt.time) -> str:
    return f"{value:%H:%M}" if not value.second and not value.microsecond else f"{value:%H:%M:%S}"


def _by_format(value: _dt.date | _dt.time, number_format: str) -> str | None:
    """``value`` written by a custom number format made of numeric fields (``dd/mm/yyyy``,
    ``d.m.yy``, ``yyyy-mm-dd hh:mm:ss``), or None for any other format."""
    fmt = _HIDDEN.sub("", number_format.split(";")[0]).replace('"', "")
    parts: list[str] = []
    fields: list[str] = []
    at = 0
    while at < len(fmt):
        found = _FIELD.match(fmt, at)
        if found is not None:
            field = found.group().lower()
            if len(field) not in _WIDTHS[field[0]]:
                return None  # a month's or a day's name, a year of three letters
            fields.append(field)
            parts.append("\0")
            at = found.end()
            continue
        gap = _BETWEEN.match(fmt, at)
        if gap is None:
            return None  # a month's name, AM/PM, a digit placeholder: not a plain date
        parts.append(gap.group().replace("\\", ""))
        at = gap.end()
    if not fields:
        return None
    when = (
        value
        if isinstance(value, _dt.datetime)
        else _dt.datetime.combine(_dt.date(1899, 12, 30), value)
        if isinstance(value, _dt.time)
        else _dt.datetime.combine(value, _dt.time())
    )
    written = []
    for i, field in enumerate(fields):
        # an "m" right after an hour or right before a second is minutes, as in Excel
        minutes = field in ("m", "mm") and (
            (i > 0 and fields[i - 1][0] == "h") or (i + 1 < len(fields) and fields[i + 1][0] == "s")
        )
        written.append(_field(when, field, minutes))
    out = iter(written)
    return "".join(next(out) if part == "\0" else part for part in parts)


def _field(when: _dt.datetime, field: str, minutes: bool) -> str:
    kind, width = field[0], len(field)
    number = {
        "y": when.year % 100 if width == 2 else when.year,
        "m": when.minute if minutes else when.month,
        "d": when.day,
        "h": when.hour,
        "s": when.second,
    }[kind]
    return f"{number:0{2 if width == 2 else 1}}" if kind != "y" or width == 2 else str(number)


class QuotedDate(Message):
    """A :class:`SheetDate` quoted, as a message repeats a value (``'20/05/2024'``)."""

    date: SheetDate

    def __new__(cls, date: SheetDate) -> QuotedDate:
        self = str.__new__(cls, repr(date.in_lang("en")))
        self.template, self.params = "", ()
        self.date = date
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (QuotedDate, (self.date,))

    def in_lang(self, lang: str) -> str:
        return repr(self.date.in_lang(lang))
