"""What to write for a rubric's number typed with a percent sign, told by the key it is under.

:func:`tiercert._shapes.as_number` refuses ``25%`` wherever a number is read and suggests the
number alone (``write 25``): right where the key already counts a percentage (a ``percent:``
comparison, an answer's ``range`` in a ``unit: "%"`` rule), wrong where it counts points.
Only the place in the rubric tells which, so :mod:`tiercert._validate` asks this module with
the problem's path: a tier's ``min`` is given in points of the rubric's maximum (worked out
when the rest of the rubric can be read), a ``score:`` comparison is pointed to ``percent:``,
and the keys that take points say so.  None where the plain number is the right advice.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._i18n import msg
from ._literals import read_numeral
from ._numbers import exact_number, number_words
from .errors import Path

#: the comparison keys of a ``score:`` or ``percent:`` condition
_COMPARED = frozenset({"at_least", "above", "at_most", "below", "equals", "between"})


def percent_advice(given: object, path: Path, data: Any) -> str | None:
    """What to write for ``given`` (text such as ``25%``) at ``path`` of the rubric ``data``,
    when the key there does not count a percentage; None when the plain number is right."""
    body = _percent_body(given)
    if body is None or not path:
        return None
    key = path[-1]
    parent = _at(data, path[:-1])
    if key == "min" and len(path) == 3 and path[0] == "tiers":
        return _tier_min(body, data)
    if isinstance(parent, dict) and key in _COMPARED:
        if "score" in parent and isinstance(parent["score"], str):
            return msg(
                "score compares points, not a percentage; to compare the percentage of "
                "{target}'s maximum write percent: {target} instead of score: {target}, "
                "with {key}: {body}",
                target=parent["score"],
                key=key,
                body=body,
            )
        if parent.get("measure") == "score":
            return msg(
                "measure: score compares points, not a percentage; to compare each child's "
                "percentage of its maximum write measure: percent, with {key}: {body}",
                key=key,
                body=body,
            )
        return None
    if _takes_points(path):
        return msg(
            "{key!r} is a number of points, not a percentage: work out the points {percent} "
            "stands for and write them",
            key=key,
            percent=body + "%",
        )
    return None


def _percent_body(given: object) -> str | None:
    """The number before the percent sign of ``given`` (``25%``, ``72.5 %``), else None."""
    if not isinstance(given, str):
        return None
    text = given.strip()
    if not text.endswith("%") or len(text) < 2:
        return None
    body = text[:-1].rstrip()
    return body if read_numeral(body) is not None else None


def _at(data: Any, path: Path) -> Any:
    for item in path:
        if isinstance(data, dict) and item in data:
            data = data[item]
        elif isinstance(data, list) and isinstance(item, int) and 0 <= item < len(data):
            data = data[item]
        else:
            return None
    return data


def _takes_points(path: Path) -> bool:
    """Whether the key at ``path`` is a number of points: a rule's or a level's ``points``,
    a count's ``per_item``, a rubric's ``bonus_cap``, a criterion's or the rubric's ``max``
    (a band's or a range's ``max`` is an answer's value)."""
    key = path[-1]
    if key in ("points", "per_item", "bonus_cap"):
        return "range" not in path
    if key == "max":
        return len(path) == 1 or (len(path) >= 3 and path[-3] in ("criteria", "children"))
    return False


def _tier_min(body: str, data: Any) -> str:
    """A tier's ``min`` written as a percentage: its points of the rubric's maximum, worked
    out exactly when the rubric, its other percent-signed numbers read as plain numbers,
    is valid; else what to work out."""
    numeral = read_numeral(body)
    assert numeral is not None
    maximum = _maximum(data)
    if maximum is None:
        return msg(
            "a tier's min is in points, not a percentage: write the points that are {percent} "
            "of the rubric's maximum",
            percent=body + "%",
        )
    share = Fraction(numeral if isinstance(numeral, int) else Decimal(numeral))
    points = share * maximum / 100
    return msg(
        "a tier's min is in points, not a percentage: {percent} of the maximum {maximum} is "
        "{points}: write {written}",
        percent=body + "%",
        maximum=number_words(maximum),
        points=number_words(points),
        written=exact_number(points),
    )


def _maximum(data: Any) -> Fraction | None:
    """The rubric's maximum (without bonus points), read from ``data`` with every number
    typed with a percent sign read as the number before it; None when that cannot be read."""
    from pydantic import ValidationError

    from ._maxima import children_max
    from ._numbers import to_fraction
    from .model import RubricSpec

    try:
        spec = RubricSpec.model_validate(_without_percent(data, 0))
        return to_fraction(spec.max) if spec.max is not None else children_max(spec, spec.criteria)
    except (ValidationError, ArithmeticError, RecursionError):
        return None


def _without_percent(value: Any, depth: int) -> Any:
    if depth > 64:  # as deep as a rubric's criteria go: farther, leave it as it is
        return value
    if isinstance(value, dict):
        return {k: _without_percent(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_percent(v, depth + 1) for v in value]
    body = _percent_body(value)
    return body if body is not None else value
