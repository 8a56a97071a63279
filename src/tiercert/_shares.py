"""A percentage answer that looks typed as a share of 1 (``0.72`` for 72 %): a warning.

A criterion whose rule counts its answer in percent (``unit: "%"``) reads ``0.72`` as 0.72 %,
as it must (0.72 % may be the real figure), so the answer is scored; but a share of 1 typed
where a percentage is asked is a common slip, and it costs nearly all the criterion's points
without a word.  The rule: an answer strictly between 0 and 1, typed without a percent sign
(``0.72%`` says the percentage is meant), in a criterion whose rule's ``unit`` is ``%``.  An
answer of exactly 1 is not told (1 % is as likely as a share of 1).  ``tiercert score`` and
``tiercert check --assessments`` tell it; the answers are scored as given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

from ._i18n import msg
from ._numbers import exact_number, number_words
from .errors import Problem, Severity
from .result import Result


def share_warnings(
    criteria: Iterator[tuple[str, int, Any]],
    answers: Mapping[str, object],
    result: Result,
    decimal_separator: str = ".",
) -> list[Problem]:
    """A warning at each answer of a percentage criterion (of ``criteria``, a rubric's
    ``iter_nodes()``) that ``result`` read as a number between 0 and 1 and ``answers`` (the
    assessment's, as written) gave without a percent sign; the number to write is written
    with ``decimal_separator``, the one the answers were read with."""
    found = []
    for ident, _, node in criteria:
        if not _in_percent(getattr(node, "rule", None)):
            continue
        scored = result.nodes.get(ident)
        if scored is None or scored.status != "answered":
            continue
        value = scored.answer
        if not isinstance(value, Fraction) or not 0 < value < 1:
            continue
        if "%" in _typed(answers.get(ident)):
            continue
        found.append(
            Problem(
                "answer.share",
                msg(
                    "{value} is read as {value}%; if it is a share of 1, the percentage "
                    "is {percent}: write {written}",
                    value=number_words(value),
                    percent=number_words(value * 100),
                    written=exact_number(value * 100).replace(".", decimal_separator),
                ),
                ("answers", ident),
                Severity.WARNING,
            )
        )
    return found


def _in_percent(rule: object) -> bool:
    """Whether ``rule`` counts its answer in percent: its ``unit`` is ``%`` in a language."""
    unit = getattr(rule, "unit", None)
    return isinstance(unit, Mapping) and any(
        isinstance(text, str) and text.strip() == "%" for text in unit.values()
    )


def _typed(raw: object) -> str:
    """The text an answer was typed as (its ``value`` for an answer with evidence); empty
    for a number (a YAML or JSON number has no percent sign)."""
    if isinstance(raw, Mapping):
        raw = raw.get("value")
    return raw if isinstance(raw, str) else ""
