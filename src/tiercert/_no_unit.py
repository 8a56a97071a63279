"""Which refused rows are no unit: the one rule every count of units follows.

A sheet's total or average row (``row.summary``, "Tổng cộng") and a second header row
(``row.header``) are refused, but they are not units whose bad input can be corrected: counted
among the rejected units, each would be a unit that may still be certified, or fail, in every
target ("2 more units needed" where 1 is right).  The summary, the programme's targets and
``progress`` count them apart, by the problems the row was refused for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: the problems that say a refused row is no unit
NO_UNIT_CODES = frozenset({"row.summary", "row.header"})
#: a problem's code as an output's ``problems`` cell writes it: ``... [row.summary]`` at the
#: end of each problem (problems joined by ``; ``)
_WRITTEN_CODE = re.compile(r" \[([a-z_]+(?:\.[a-z_]+)+)\](?=; |$)")


def no_unit(codes: Iterable[str]) -> bool:
    """Whether a refused row whose problems have these ``codes`` is no unit."""
    return any(code in NO_UNIT_CODES for code in codes)


def written_codes(problems: object) -> list[str]:
    """The codes of the problems of an output record's ``problems`` cell: its text (problems
    joined by ``; ``) or the list of problems' texts :class:`~tiercert.batch.ResultTable` gives
    with values."""
    texts = [problems] if isinstance(problems, str) else problems
    if not isinstance(texts, (list, tuple)):
        return []
    return [code for text in texts if isinstance(text, str) for code in _WRITTEN_CODE.findall(text)]
