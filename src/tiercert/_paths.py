"""What messages say, written for people: paths into documents (list items named by their
``id``), "did you mean" hints, and the values a message repeats."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._i18n import N_, msg
from ._literals import decimal_fits, dot_grouped, loose
from ._numbers import exact_number
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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'children'?"`` or ``""`` when nothing is close; what is typed with
    other capitals or without its accents is close too (``tot`` for ``Tốt``)."""
    import difflib  # only a problem needs it (start-up time: docs/performance.md)

    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        bare: dict[str, str] = {}
        for choice in choices:
            bare.setdefault(loose(choice), choice)
        near = difflib.get_close_matches(loose(word), list(bare), n=1, cutoff=0.6)
        close = [bare[near[0]]] if near else []
    return msg("; did you mean {choice!r}?", choice=close[0]) if close else ""


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


def shown(value: object) -> str:
    """A value as a message repeats it: numbers exactly as given (``17.5``, ``1/3``), true and
    false, ``nothing`` for None, text quoted and cut after :data:`SHOWN_TEXT` characters."""
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
