"""A fact's own checks, message for message: ``options`` (a choice fact needs them, another
kind takes none) and a ``default`` written ``12.000`` or ``1.500`` (refused as the fact's
answers refuse it: by the whole-number rule for an integer fact, both readings for a
number fact, not at all for text)."""

from __future__ import annotations

import pytest

from tiercert import check_source
from tiercert._i18n import in_lang

HEAD = """\
format: 1
id: f
version: "1"
title: F
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
tiers: []
facts:
"""


def _told(fact: str) -> list[tuple[str, str, str, bool]]:
    report = check_source(HEAD + f"  - {fact}\n", file="f.yaml")
    # no rule reads these facts: fact.unused is told of each (tests/schemes/
    # test_office_leftovers_19.py), and is not what these tests are about
    return [
        (p.code, p.where, p.message, p.is_error) for p in report.problems if p.code != "fact.unused"
    ]


def test_a_choice_fact_needs_options() -> None:
    ((code, where, message, error),) = _told("{id: size, title: Size, type: choice}")
    assert (code, where, error) == ("fact.options", "$.facts[size]", True)
    assert message == "a 'choice' fact needs 'options'; list the allowed values"
    assert in_lang(message, "vi").startswith("thông tin loại 'choice' cần có 'options'")


def test_options_of_another_kind_of_fact_are_told_unused() -> None:
    ((code, where, message, error),) = _told("{id: size, title: Size, type: text, options: [a]}")
    assert (code, where, error) == ("fact.options", "$.facts[size]", False)
    assert message == "'options' is only used by 'choice' facts; remove it"
    assert _told("{id: size, title: Size, type: choice, options: [a, b], default: a}") == []


@pytest.mark.parametrize(
    ("fact", "said"),
    [
        (
            "{id: n, title: N, type: number, default: 1.500}",
            "the default of this number fact is written 1.500; it could mean 1.5 or 1500: write "
            "1.5 for 1.5, 1500 for 1500 (a dot is a decimal point; numbers have no thousands "
            "separator)",
        ),
        (
            "{id: n, title: N, type: integer, default: 12.000}",
            "the default of this integer fact is written 12.000; it could mean 12 or 12 "
            "thousand: write 12 for 12, 12000 for 12 thousand (a dot is a decimal point; "
            "numbers have no thousands separator)",
        ),
    ],
)
def test_a_default_written_like_thousands_is_refused(fact: str, said: str) -> None:
    assert _told(fact) == [("fact.default", "$.facts[n].default", said, True)]


@pytest.mark.parametrize(
    "fact",
    [
        '{id: n, title: N, type: text, default: "12.000"}',  # text: as written
        '{id: n, title: N, type: choice, options: ["1.500"], default: "1.500"}',
        "{id: n, title: N, type: number, default: 1.5}",
    ],
)
def test_other_defaults_are_taken(fact: str) -> None:
    assert _told(fact) == []


@pytest.mark.parametrize(
    ("fact", "said"),
    [
        (
            "{id: n, title: N, type: boolean, default: maybe}",
            "the default 'maybe' does not fit this boolean fact; use true or false",
        ),
        (
            "{id: n, title: N, type: number, default: abc}",
            "the default 'abc' does not fit this number fact; use a number",
        ),
        (
            "{id: n, title: N, type: integer, default: 1.5}",
            "the default 1.5 does not fit this integer fact; use a whole number",
        ),
        (
            "{id: n, title: N, type: text, default: 12}",
            "the default 12 does not fit this text fact; use text",
        ),
        (
            "{id: n, title: N, type: choice, options: [a, b], default: c}",
            "the default 'c' does not fit this choice fact; use one of the options: a, b",
        ),
    ],
)
def test_a_default_that_does_not_fit_its_fact_says_what_to_write(fact: str, said: str) -> None:
    assert _told(fact) == [("fact.default", "$.facts[n].default", said, True)]


@pytest.mark.parametrize(
    "fact",
    [
        "{id: n, title: N, type: boolean, default: false}",
        "{id: n, title: N, type: boolean, default: 'yes'}",
        "{id: n, title: N, type: integer, default: 12}",
        "{id: n, title: N, type: number, default: 0}",
        "{id: n, title: N, type: text, default: ''}",
        "{id: n, title: N, type: choice, options: [a, b], default: b}",
    ],
)
def test_a_default_that_fits_its_fact_is_taken(fact: str) -> None:
    assert _told(fact) == []
