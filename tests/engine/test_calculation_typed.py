"""An answer typed as a calculation (``0.1+0.2``, ``12*3``: a sum a web form or a hand
passed on unworked) is refused, saying to type the number it gives, not to "use a dot for
decimals", which it already does; a ratio ``2/3`` is still read as one."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tiercert._i18n import in_lang
from tiercert.rules._answers import read_number

SAID = " (a calculation is not worked out here: type the number it gives)"


@pytest.mark.parametrize("typed", ["0.1+0.2", "12*3", " 40 - 2.5 ", "3×4", "100÷4", "-2+3"])
@pytest.mark.parametrize("whole", [False, True])
def test_a_calculation_is_told_to_be_worked_out(typed: str, whole: bool) -> None:
    number, problem = read_number(typed, whole=whole)
    assert number is None
    assert problem is not None
    assert problem == f"expected a number, got '{typed.strip()}'{SAID}"
    assert in_lang(problem, "vi").endswith(
        " (phép tính không được tính ở đây: hãy ghi con số kết quả)"
    )


def test_a_ratio_is_still_a_number() -> None:
    assert read_number("2/3") == (Fraction(2, 3), None)


@pytest.mark.parametrize("typed", ["abc", "1.2.3x"])
def test_other_text_keeps_its_hint(typed: str) -> None:
    _, problem = read_number(typed)
    assert problem is not None
    assert SAID not in problem
