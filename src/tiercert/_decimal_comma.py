"""A decimal comma, declared: answers typed ``17,5`` (as a Vietnamese Excel writes them) read
as 17.5 where, and only where, the caller says the answers write decimals with a comma.

The separator is never guessed: ``1,500`` is 1.5 to one office and 1500 to another, and "the
same text means the same number" in every reader.  Declared (``decimal_separator=","`` in
Python, ``--decimal-comma`` on the command line), each answer typed with a comma is rewritten
once, before any reader sees it, into the text the rule reads as the same number (``17,5`` ->
``17.5``; ``1,500`` -> ``1.5``, never the ``1.500`` a whole number refuses as ambiguous).  So
every reader, both evaluators and the row scorer read it as they read the dot; nothing in them
knows of the setting.  Declared, the dot is the suspicious character: ``17.5`` and ``1.500``
are refused with what to write under the setting, and so are thousands groups (``1.000,5``).
Numbers that are no text (a spreadsheet's numeric cell, a JSON or YAML number) are numbers
already and are not touched; what tiercert writes is unchanged (exact, with a dot).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from ._i18n import Joined, Message, msg
from ._literals import dot_grouped, read_numeral, unambiguous
from ._paths import shown
from .errors import Path, Problem

#: how the answers write the decimal point: ``"."`` (the rule) or ``","`` (declared)
DecimalSeparator = Literal[".", ","]

DECIMAL_SEPARATORS: tuple[DecimalSeparator, ...] = (".", ",")

# (patterns compiled by ``re`` when first used: a run that declares nothing pays nothing)
# a decimal written with a comma: 17,5  -3,5  0,25  ,5  1,5e3 (one comma, no dot)
_COMMA_DECIMAL = r"[+-]?[0-9]*,[0-9]+(?:[eE][+-]?[0-9]+)?\Z"
# thousands groups, by either mark: 1.000,5  1,000.5  1.234.567  1,000,000
_BOTH = r"[+-]?[0-9]{1,3}(?:([.,])[0-9]{3})+([.,])[0-9]+\Z"
_GROUPS = r"[+-]?[0-9]{1,3}(?:([.,])[0-9]{3}){2,}\Z"


def check_separator(separator: object) -> DecimalSeparator:
    """``separator`` when it is one of :data:`DECIMAL_SEPARATORS`; else a ValueError."""
    if separator == "." or separator == ",":
        return "." if separator == "." else ","
    raise ValueError(f"decimal_separator must be '.' or ',', not {separator!r}")


def _split_percent(text: str) -> tuple[str, str]:
    if text.endswith("%") and len(text) > 1:
        body = text[:-1].rstrip()
        return body, text[len(body) :]
    return text, ""


def comma_text(raw: object) -> tuple[object, str | None]:
    """``raw``, an answer of answers that declare a decimal comma, as the rule reads it: a
    text typed with a decimal comma as the text of the same number with a dot; anything else
    as it is.  The second item: why ``raw`` is refused under the setting (a dot, a thousands
    separator), and what to write; else None."""
    if raw.__class__ is not str:
        return raw, None
    assert isinstance(raw, str)
    if "," not in raw and "." not in raw:
        return raw, None  # 80, có, na, 31%: the same under either setting
    body, percent = _split_percent(raw.strip())
    if re.match(_COMMA_DECIMAL, body):
        dotted = body.replace(",", ".")
        if read_numeral(dotted) is None:
            return raw, None  # beyond the limits, a leading 0: refused as typed
        if dot_grouped(dotted):  # 1,500 is 1.5, declared: never the ambiguous 1.500
            number, _, places = dotted.partition(".")
            dotted = unambiguous(f"{number}.{places.rstrip('0')}".rstrip("."))
        return dotted + percent, None
    both = re.match(_BOTH, body)
    groups = both if both is not None and both.group(1) != both.group(2) else None
    groups = groups or re.match(_GROUPS, body)
    if groups is not None:
        mark = groups.group(1)
        whole = body.replace(mark, "")
        return raw, msg(
            "got {value}: numbers have no thousands separator; write {fixed}",
            value=repr(raw),
            fixed=whole.replace(".", ",") + percent,
        )
    if "." in body and read_numeral(body) is not None:
        with_comma = body.replace(".", ",")
        if dot_grouped(body):  # 1.500: the dot of a Vietnamese sheet separates thousands
            return raw, msg(
                "got {value}: these answers declare a decimal comma, and numbers have no "
                "thousands separator; write {whole} if the dot separates thousands, {decimal} "
                "if it is the decimal point",
                value=repr(raw),
                whole=body.replace(".", "") + percent,
                decimal=with_comma.rstrip("0") + percent,
            )
        return raw, msg(
            "got {value}: these answers declare a decimal comma; write {fixed}",
            value=repr(raw),
            fixed=with_comma + percent,
        )
    return raw, None


def comma_answers(
    answers: Mapping[str, object], where: str = "answers", typed: dict[Path, str] | None = None
) -> tuple[dict[str, object], list[Problem]]:
    """``answers`` (criterion or fact id -> answer) read under a declared decimal comma
    (:func:`comma_text`; an answer given with its evidence, ``{"value": ...}``, by its value),
    and the problems of those refused, at ``(where, id)``; a refused answer is kept as it was
    typed (a problem at its path, or none, as it reads by the rule: the caller drops them).
    ``typed``: filled with what was typed, by path, of each answer rewritten (:func:`as_typed`).
    """
    read: dict[str, object] = {}
    problems: list[Problem] = []
    for key, raw in answers.items():
        value = raw.get("value") if isinstance(raw, Mapping) else raw
        made, refused = comma_text(value)
        if refused is not None:
            problems.append(Problem("answer.invalid", refused, (where, key), value=value))
        if made is not value:
            if typed is not None:
                typed[(where, key)] = str(value)
            if isinstance(raw, Mapping):
                made = {**raw, "value": made}
        read[key] = made
    return read, problems


def as_typed(problem: Problem, typed: Mapping[Path, str]) -> Problem:
    """``problem``, of an answer rewritten (``typed``: what was typed, by path), repeating the
    answer as it was typed (``got '1,5'``), never as the rule read it (``'1.5'``)."""
    text = typed.get(problem.path[:2])
    if text is None or not isinstance(problem.value, str):
        return problem
    message = _retyped(problem.message, shown(problem.value), shown(text))
    return replace(problem, message=message, value=text)


def _retyped(message: str, made: str, text: str) -> str:
    """``message`` with each value that repeats ``made`` as ``text``, in every language."""
    if not isinstance(message, Message) or isinstance(message, Joined):
        return message
    params = {
        name: text
        if value == made
        else _retyped(value, made, text)
        if isinstance(value, str)
        else value
        for name, value in message.params
    }
    return Message(message.template, params)
