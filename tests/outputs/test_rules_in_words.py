"""Each rule kind in words, by hand: how ``explain`` and the scorecards describe it
(``describe``) and what a template says an answer may be (``hint``), in English and in
Vietnamese, for each of the kind's parameters that changes the words.

A mistake there tells a person something the engine does not do, so every number a rule
holds is looked for in its words.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import tiercert
from tiercert._i18n import in_lang
from tiercert.explain import describe_rule
from tiercert.model import Node
from tiercert.rules import RULES
from tiercert.template import allowed_values

WORDS = """\
format: 1
id: w
version: "1"
title: W
criteria:
  - {id: b, title: B, rule: {kind: boolean, points: 2.5}}
  - {id: k, title: K, rule: {kind: condition, when: {answer: b, equals: true}, points: 1.5}}
  - {id: c1, title: C1, rule: {kind: count, per_item: 0.5, max_items: 4}}
  - {id: c2, title: C2, max: 3, rule: {kind: count, per_item: 1.5}}
  - {id: c3, title: C3, max: 20, rule: {kind: count, per_item: 3.5, max_items: 6}}
  - id: c4
    title: C4
    max: 21
    round: {places: 0}
    rule: {kind: count, per_item: 3.5, max_items: 6}
  - {id: o1, title: O1, max: 5, round: {mode: up, places: 1}, rule: {kind: direct}}
  - {id: o2, title: O2, max: 5, round: {mode: down, places: 2}, rule: {kind: direct}}
  - {id: o3, title: O3, max: 500, round: {places: -1}, rule: {kind: direct}}
  - {id: d1, title: D1, max: 10, rule: {kind: deduction, per_item: 2.5}}
  - {id: d2, title: D2, rule: {kind: deduction, per_item: 1, start: 6, floor: 1.5, max_items: 3}}
  - {id: di, title: DI, max: 7.5, rule: {kind: direct}}
  - id: l1
    title: L1
    rule: {kind: linear, start: {value: 10, points: 0}, end: {value: 90, points: 4.5}}
  - id: l2
    title: L2
    rule:
      kind: linear
      unit: {en: " days", vi: " ngày"}
      range: {min: 0, max: 120}
      start: {value: 30, points: 5}
      end: {value: 60, points: 0}
  - {id: r1, title: R1, rule: {kind: ratio, points: 10}}
  - {id: r2, title: R2, rule: {kind: ratio, points: 10, full_at: 80, floor: 2}}
  - {id: r3, title: R3, rule: {kind: ratio, points: 10, floor: 0.5}}
  - {id: r4, title: R4, rule: {kind: ratio, points: 10, full_at: 99.5}}
  - id: lv
    title: LV
    evidence: [justification]
    rule:
      kind: levels
      levels:
        - {id: good, points: 10, label: {en: Good, vi: Tốt}, evidence: [url, justification]}
        - {id: fair, points: 5, label: {en: fair, vi: Khá}}
        - id: poor
          points: 0
          evidence: [justification]
          evidence_rules: {justification: {min_length: 8}}
tiers: []
"""


@pytest.fixture(scope="module")
def nodes() -> dict[str, Node]:
    return {node.id: node for node in tiercert.parse_rubric(WORDS).spec.criteria}


def _code(text: str) -> str:
    return f"`{text}`"


@pytest.mark.parametrize(
    ("node", "en", "vi"),
    [
        ("b", "yes → 2.5, no → 0", "có → 2,5, không → 0"),
        (
            "k",
            "1.5 when answer to b = true, else 0",
            "1,5 khi câu trả lời cho b = có, nếu không thì 0",
        ),
        (
            "c1",
            "count: 0.5 per item, at most 4 items",
            "đếm: 0,5 điểm mỗi mục, tối đa 4 mục",
        ),
        ("c2", "count: 1.5 per item, capped at 3", "đếm: 1,5 điểm mỗi mục, tối đa 3 điểm"),
        (
            "c3",  # six items give 21: the maximum caps them, and the words say so
            "count: 3.5 per item, at most 6 items, capped at 20",
            "đếm: 3,5 điểm mỗi mục, tối đa 6 mục, tối đa 20 điểm",
        ),
        (
            "c4",
            "count: 3.5 per item, at most 6 items; rounded to a whole number (half_up)",
            "đếm: 3,5 điểm mỗi mục, tối đa 6 mục; làm tròn đến số nguyên (half_up)",
        ),
        (
            "o1",
            "points given by the assessor, 0 to 5; rounded to 1 decimal place (up)",
            "điểm do người chấm cho, từ 0 đến 5; làm tròn đến 1 chữ số thập phân (up)",
        ),
        (
            "o2",
            "points given by the assessor, 0 to 5; rounded to 2 decimal places (down)",
            "điểm do người chấm cho, từ 0 đến 5; làm tròn đến 2 chữ số thập phân (down)",
        ),
        (
            "o3",
            "points given by the assessor, 0 to 500; rounded to a multiple of 10 (half_up)",
            "điểm do người chấm cho, từ 0 đến 500; làm tròn đến bội số của 10 (half_up)",
        ),
        (
            "d1",
            "deduction: 10 minus 2.5 per occurrence, not below 0",
            "trừ điểm: 10 trừ 2,5 mỗi lần vi phạm, không dưới 0",
        ),
        (
            "d2",
            "deduction: 6 minus 1 per occurrence, not below 1.5 (at most 3 occurrences)",
            "trừ điểm: 6 trừ 1 mỗi lần vi phạm, không dưới 1,5 (tối đa 3 lần)",
        ),
        ("di", "points given by the assessor, 0 to 7.5", "điểm do người chấm cho, từ 0 đến 7,5"),
        (
            "l1",
            "proportional: 10 → 0 to 90 → 4.5, clamped outside",
            "tính theo tỷ lệ: 10 → 0 đến 90 → 4,5, ngoài khoảng này giữ ở mức đầu mút",
        ),
        (
            "l2",
            "proportional: 30 days → 5 to 60 days → 0, clamped outside "
            "(answers from 0 days to 120 days)",
            "tính theo tỷ lệ: 30 ngày → 5 đến 60 ngày → 0, ngoài khoảng này giữ ở mức đầu mút "
            "(trả lời từ 0 ngày đến 120 ngày)",
        ),
        ("r1", "ratio n/d: 10 × n ÷ d", "tỷ lệ n/d: 10 × n ÷ d"),
        (
            "r2",
            "ratio n/d: 10 × n ÷ d, full from 80%, not below 2",
            "tỷ lệ n/d: 10 × n ÷ d, đủ điểm từ 80%, không dưới 2",
        ),
        ("r3", "ratio n/d: 10 × n ÷ d, not below 0.5", "tỷ lệ n/d: 10 × n ÷ d, không dưới 0,5"),
        ("r4", "ratio n/d: 10 × n ÷ d, full from 99.5%", "tỷ lệ n/d: 10 × n ÷ d, đủ điểm từ 99,5%"),
    ],
    ids=[
        "b",
        "k",
        "c1",
        "c2",
        "c3",
        "c4",
        "o1",
        "o2",
        "o3",
        "d1",
        "d2",
        "di",
        "l1",
        "l2",
        "r1",
        "r2",
        "r3",
        "r4",
    ],
)
def test_each_kind_is_described_with_its_own_numbers(
    nodes: dict[str, Node], node: str, en: str, vi: str
) -> None:
    # Vietnamese writes the decimal comma, as its other outputs (twenty-second round)
    assert describe_rule(nodes[node], "en") == en
    assert describe_rule(nodes[node], "vi") == vi


def test_a_condition_is_described_in_the_style_asked_for(nodes: dict[str, Node]) -> None:
    assert describe_rule(nodes["k"], "en", _code) == "1.5 when answer to `b` = true, else 0"


def test_levels_are_described_each_with_its_label_points_and_evidence(
    nodes: dict[str, Node],
) -> None:
    # a label the same as the id is not said twice; a level's evidence, and its own rules
    assert describe_rule(nodes["lv"], "en") == (
        "one of: good (Good) → 10 [needs url and justification]; fair → 5; "
        "poor → 0 [needs justification] [a justification of at least 8 characters]; "
        "needs justification"
    )
    assert describe_rule(nodes["lv"], "vi", _code) == (
        # the kinds of evidence in Vietnamese, joined with "và" (an English "and" was left here)
        "một trong: `good` (Tốt) → 10 [cần minh chứng đường dẫn (url) và phần giải trình "
        "(justification)]; `fair` (Khá) → 5; `poor` → 0 [cần minh chứng phần giải trình "
        "(justification)] [phần giải trình dài ít nhất 8 ký tự]; "
        "cần minh chứng phần giải trình (justification)"
    )


@pytest.mark.parametrize(
    ("node", "hint"),
    [
        ("b", "true or false (true gives 2.5)"),
        ("k", "computed by the rubric, do not answer"),
        ("c1", "a whole number of items counted (each gives 0.5), at most 4"),
        ("c2", "a whole number of items counted (each gives 1.5)"),
        ("d1", "a whole number of occurrences (each deducts 2.5)"),
        ("d2", "a whole number of occurrences (each deducts 1), at most 3"),
        ("di", "points from 0 to 7.5"),
        ("l1", "any number"),
        ("l2", "a number from 0 to 120"),
        ("r1", "two counts as n/d, e.g. 24/27 (the share gives up to 10)"),
        ("r2", "two counts as n/d, e.g. 24/27 (the share gives up to 10 from 80%)"),
        ("r3", "two counts as n/d, e.g. 24/27 (the share gives up to 10)"),
        ("r4", "two counts as n/d, e.g. 24/27 (the share gives up to 10 from 99.5%)"),
        (
            "lv",
            "one of: good (10; needs url and justification), fair (5), poor (0; needs "
            "justification; a justification of at least 8 characters); needs justification",
        ),
    ],
    ids=["b", "k", "c1", "c2", "d1", "d2", "di", "l1", "l2", "r1", "r2", "r3", "r4", "lv"],
)
def test_each_kinds_template_hint_says_what_to_write(
    nodes: dict[str, Node], node: str, hint: str
) -> None:
    assert allowed_values(nodes[node], "7.5") == hint


def test_a_level_s_hint_names_its_label_in_the_reader_s_language(nodes: dict[str, Node]) -> None:
    """An answer may name a level by its label: the hint says the label beside the id, in
    the reader's language, unless it is the id itself (``good``/``Good`` in English)."""
    hint = allowed_values(nodes["lv"], "7.5")
    assert in_lang(hint, "en").startswith(
        "one of: good (10; needs url and justification), fair (5), poor (0; "
    )
    assert in_lang(hint, "vi").startswith(
        "một trong: good hoặc Tốt (10; cần minh chứng đường dẫn (url) và phần giải trình "
        "(justification)), fair hoặc Khá (5), poor (0; "
    )
    rubric = tiercert.parse_rubric(
        WORDS.replace("label: {en: Good, vi: Tốt}", "label: {en: Very good, vi: Tốt}")
    )
    (lv,) = (n for n in rubric.spec.criteria if n.id == "lv")
    assert in_lang(allowed_values(lv, "7.5"), "en").startswith(
        "one of: good or Very good (10; needs url and justification), fair (5), poor (0; "
    )


def test_without_a_maximum_the_words_say_what_they_know(nodes: dict[str, Node]) -> None:
    """A rule described without the criterion's maximum (a ``direct`` or ``count`` rule's
    maximum is the criterion's): nothing made up for it."""

    def said(node: str) -> str:
        rule = nodes[node].rule
        assert rule is not None
        return str(RULES[rule.kind].describe(rule, None, "en", _code))

    assert said("di") == "points given by the assessor, 0 to ?"
    assert said("c2") == "count: 1.5 per item"
    assert said("d1") == "deduction: ? minus 2.5 per occurrence, not below 0"
    rule = nodes["d2"].rule
    assert rule is not None
    # a rule's own start is said, whatever the criterion's maximum
    assert "deduction: 6 minus 1" in str(
        RULES["deduction"].describe(rule, Fraction(9), "en", _code)
    )
