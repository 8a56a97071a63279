"""What messages say, written for people: paths into documents (list items named by their
``id``), "did you mean" hints, and the values a message repeats."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._i18n import N_, Joined, Message, msg
from ._literals import decimal_fits, dot_grouped, loose
from ._numbers import exact_number
from ._sheet_dates import QuotedDate, SheetDate
from .errors import Path


def render_path(path: Path, data: Any) -> str:
    """``('criteria', 1, 'max')`` -> ``$.criteria[g2].max`` when item 1 has ``id: g2``."""
    out = "$"
    current = data
    for part in path:
        if isinstance(part, int):
            item = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            current = item
        else:
            out += f".{part}" if _is_plain(part) else f"[{part!r}]"
            current = current.get(part) if isinstance(current, dict) else None
    return out


def _is_plain(key: str) -> bool:
    return key.replace("_", "a").replace("-", "a").isalnum() and not key[:1].isdigit()


#: the longest text a suggestion compares (an id has at most 120 characters): a longer typed
#: word or choice is never suggested, since comparing two texts costs their lengths' product
SUGGEST_LENGTH = 200
#: the most full comparisons (``SequenceMatcher.ratio``) one suggestion makes: the choices
#: are compared best bound first, so this cuts only hostile input (thousands of choices each
#: as alike by their letters as the typed word)
SUGGEST_RATIOS = 32


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word`` (``difflib.get_close_matches(word, choices, n=1,
    cutoff)``'s), or None, at a bounded cost: texts longer than :data:`SUGGEST_LENGTH` are
    not compared, and the full comparison, whose cost is the product of two lengths, is made
    for at most :data:`SUGGEST_RATIOS` choices, those whose cheap upper bound
    (``quick_ratio``) is highest, stopping as soon as no other can do better."""
    import difflib  # only a problem needs it (start-up time: docs/performance.md)

    if len(word) > SUGGEST_LENGTH:
        return None
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounds: list[tuple[float, str]] = []
    for choice in choices:
        if len(choice) > SUGGEST_LENGTH:
            continue
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounds.append((bound, choice))
    bounds.sort(key=lambda pair: pair[0], reverse=True)
    best: tuple[float, str] | None = None
    for bound, choice in bounds[:SUGGEST_RATIOS]:
        if best is not None and bound < best[0]:
            break  # no choice left can be as alike as the best found
        matcher.set_seq1(choice)
        found = (matcher.ratio(), choice)
        if found[0] >= cutoff and (best is None or found > best):
            best = found
    return best[1] if best is not None else None


#: the most choices a message lists: a rubric may give a criterion thousands of levels, and a
#: message for a wrong answer, written once per row of a sheet, must not list them all
LISTED = 20


def listed(choices: Iterable[str], separator: str = ", ", total: int | None = None) -> str:
    """``choices`` joined by ``separator``, the first :data:`LISTED` of them only: ``"a, b,
    … (and 5 more)"``, so that a message naming them stays short whatever the rubric or the
    sheet.  ``total``: how many there are, when ``choices`` holds only the first of them."""
    choices = list(choices)
    total = len(choices) if total is None else total
    shown_ = separator.join(choices[:LISTED])
    if total <= LISTED:
        return shown_
    return msg(
        "{choices}{separator}… (and {count} more)",
        choices=shown_,
        separator=separator,
        count=total - LISTED,
    )


#: the template of a "did you mean" hint (:func:`did_you_mean`, and a level's label spelt
#: nearly alike): :func:`suggests` looks for it
DID_YOU_MEAN = "; did you mean {choice!r}?"


def suggests(message: object) -> bool:
    """Whether ``message`` (a problem's) offers an answer close to what was typed ("did you
    mean"): what was typed was then meant as such an answer, misspelt."""
    if not isinstance(message, Message):
        return False
    if message.template == DID_YOU_MEAN:
        return True
    if isinstance(message, Joined):
        return any(suggests(item) for item in message.items)
    return any(suggests(value) for _, value in message.params)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'children'?"`` or ``""`` when nothing is close; what is typed with
    other capitals or without its accents is close too (``tot`` for ``Tốt``).  Its cost is
    bounded, whatever the input (:func:`closest`)."""
    choices = list(choices)
    close = closest(word, choices)
    if close is None:
        bare: dict[str, str] = {}
        for choice in choices:
            bare.setdefault(loose(choice), choice)
        near = closest(loose(word), bare)
        close = bare[near] if near is not None else None
    return msg("; did you mean {choice!r}?", choice=close) if close is not None else ""


def choose(word: str, choices: Collection[str], what: str) -> str:
    """A did-you-mean hint, else the ids to choose from (when there are few), else a fix."""
    hint = did_you_mean(word, choices)
    if hint:
        return hint
    if choices and len(choices) <= 8:
        return msg("; use one of: {choices}", choices=", ".join(sorted(choices)))
    return msg("; use the id of a {what} in this rubric", what=msg(what))


#: the words :func:`choose` is given for what an id names, for the catalogs
_WHAT = (
    N_("attribute"),
    N_("criterion"),
    N_("document"),
    N_("fact"),
    N_("group"),
    N_("stage"),
    N_("tier"),
    N_("value"),
)


#: characters of a text a message repeats (a cell may hold 100,000)
SHOWN_TEXT = 60


#: a whole number or a fraction's part longer than this is described, not written out (int's
#: own text stops at 4,300 digits: writing it would raise)
_SHOWN_DIGITS = 1_000
_SHOWN_BITS = 3_322  # 2 ** 3322 has 1,001 digits


def _too_long(value: int | Fraction) -> bool:
    parts = (value.numerator, value.denominator) if isinstance(value, Fraction) else (value,)
    return any(part.bit_length() > _SHOWN_BITS for part in parts)


def shown_key(key: object) -> object:
    """A mapping key as messages and paths can name it: itself, or :func:`shown`'s words for
    a number too long to write."""
    if isinstance(key, int | Fraction) and _too_long(key):
        return shown(key)
    return key


def cut(text: str) -> str:
    """``text`` as a message quotes it with ``!r`` (a column's name, an id it did not
    know): its first :data:`SHOWN_TEXT` characters and ``…`` when longer (a header cell may
    hold 100,000)."""
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT] + "…"


def shown(value: object) -> str:
    """A value as a message repeats it: numbers exactly as given (``17.5``, ``1/3``), true and
    false, ``nothing`` for None, text quoted and cut after :data:`SHOWN_TEXT` characters,
    without the spaces typed around it (a sheet's cell is read stripped: every reader quotes
    ``'  7  '`` as ``'7'``), unless it is all spaces."""
    if isinstance(value, SheetDate):  # a date cell: as the sheet shows it
        return QuotedDate(value)
    if isinstance(value, str) and value.strip() and value != value.strip():
        value = value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal) and not (value.is_finite() and decimal_fits(value)):
        return str(value)  # NaN, Infinity or beyond the limits: shown as it is, not converted
    if isinstance(value, Decimal) and dot_grouped(value):
        return str(value)  # 12.000 from YAML or JSON: as written (not 12), which is the point
    if isinstance(value, int | Fraction) and _too_long(value):
        return msg("a number of more than {digits:,} digits", digits=_SHOWN_DIGITS)
    if isinstance(value, Decimal | Fraction | int):
        return exact_number(Fraction(value))
    if value is None:
        return msg("nothing")
    if isinstance(value, str) and len(value) > SHOWN_TEXT:
        return msg(
            "{start} ({length:,} characters)",
            start=repr(value[:SHOWN_TEXT] + "…"),
            length=len(value),
        )
    return repr(value)
