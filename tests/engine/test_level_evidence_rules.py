"""Evidence rules per level (issue 14): a level of a ``levels`` rule may say what makes its
own evidence count, with the keys of the rubric's ``evidence_rules``; held to a plain reading
of docs/authoring.md ("Evidence rules per level") written out in this test."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from test_evidence_rules import PIECES, _host_with_dot

from tiercert import check_source, parse_rubric, rubric_from_mapping
from tiercert.errors import Severity

EvidenceKind = Literal["justification", "url"]


def _plain_bits(justification: str, url: str, rules: dict[str, Any] | None) -> set[str]:
    """The evidence an answer carries under an ``evidence_rules`` block (None: the defaults),
    as the docs say it, character by character."""
    text_rules = (rules or {}).get("justification") or {}
    url_rules = (rules or {}).get("url") or {}
    text = justification
    if any(text.startswith(prefix) for prefix in text_rules.get("ignore_prefixes", [])):
        text = ""
    least = text_rules.get("min_length")
    has_text = len(text) >= least if least is not None else text.strip() != ""
    where = url_rules.get("where") or ["url", "justification"]
    form = url_rules.get("form", "any")

    def link_in(written: str) -> bool:
        if form == "host_with_dot":
            return _host_with_dot(written)
        return any(
            written[i + len(scheme) : i + len(scheme) + 1].strip() != ""
            for scheme in ("http://", "https://")
            for i in range(len(written))
            if written.startswith(scheme, i)
        )

    by_key = "url" in where and url.strip() != "" and (form == "any" or _host_with_dot(url))
    has_url = by_key or ("justification" in where and link_in(text))
    return {kind for kind, has in (("justification", has_text), ("url", has_url)) if has}


def _plain_score(
    level: dict[str, Any],
    criterion: dict[str, Any],
    rubric_rules: dict[str, Any] | None,
    justification: str,
    url: str,
) -> int:
    """The level's points when its evidence is there (or it gives none), else 0: the level's
    own rules, else the criterion's, else the rubric's, each block whole."""
    needs = level.get("evidence", criterion.get("evidence", []))
    rules = level.get("evidence_rules", criterion.get("evidence_rules", rubric_rules))
    points: int = level["points"]
    if points and not set(needs) <= _plain_bits(justification, url, rules):
        return 0
    return points


_KINDS: list[list[EvidenceKind]] = [[], ["justification"], ["url"], ["justification", "url"]]
_BLOCKS = st.fixed_dictionaries(
    {},
    optional={
        "justification": st.fixed_dictionaries(
            {},
            optional={
                "min_length": st.sampled_from([1, 3, 8]),
                "ignore_prefixes": st.sampled_from([["// "], ["x", "http"]]),
            },
        ),
        "url": st.fixed_dictionaries(
            {},
            optional={
                "where": st.sampled_from([["url"], ["justification"], ["url", "justification"]]),
                "form": st.sampled_from(["any", "host_with_dot"]),
            },
        ),
    },
)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], int]:
    """A criterion with up to three levels, the answer naming one of them; the level answered
    mostly has rules of its own and evidence to judge (where a mistake would show)."""
    count = draw(st.integers(1, 3))
    chosen = draw(st.integers(0, count - 1))
    levels = []
    for i in range(count):
        level: dict[str, Any] = {"id": f"l{i}", "points": draw(st.integers(0 if i else 1, 3))}
        if draw(st.booleans()):
            level["evidence"] = draw(st.sampled_from(_KINDS))
        if draw(st.integers(0, 3)) if i == chosen else draw(st.booleans()):
            level["evidence_rules"] = draw(_BLOCKS)
        levels.append(level)
    criterion: dict[str, Any] = {
        "id": "c",
        "title": "C",
        "evidence": draw(st.sampled_from(_KINDS[1:])),
        "rule": {"kind": "levels", "levels": levels},
    }
    if draw(st.booleans()):
        criterion["evidence_rules"] = draw(_BLOCKS)
    rubric: dict[str, Any] = {
        "format": 1,
        "id": "lv",
        "version": "1",
        "title": "Levels with their own evidence rules",
        "criteria": [criterion],
        "tiers": [],
    }
    rubric_rules = draw(st.none() | _BLOCKS)
    if rubric_rules is not None:
        rubric["evidence_rules"] = rubric_rules
    justification = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=6)))
    url = draw(st.sampled_from(["", " ", "x", "http://x", "https://a.b"]))
    answer = {"value": levels[chosen]["id"], "justification": justification, "url": url}
    expected = _plain_score(levels[chosen], criterion, rubric_rules, justification, url)
    return rubric, answer, expected


#: a case where judging by the criterion's rules instead of the level's gives the points
_SHORT = (
    {
        "format": 1,
        "id": "lv",
        "version": "1",
        "title": "T",
        "criteria": [
            {
                "id": "c",
                "title": "C",
                "evidence": ["justification"],
                "rule": {
                    "kind": "levels",
                    "levels": [
                        {
                            "id": "l0",
                            "points": 2,
                            "evidence_rules": {"justification": {"min_length": 8}},
                        }
                    ],
                },
            }
        ],
        "tiers": [],
    },
    {"value": "l0", "justification": "short", "url": ""},
    0,
)


@given(_cases())
@example(_SHORT)
def test_a_levels_own_rules_judge_its_evidence_as_the_docs_say(
    case: tuple[dict[str, Any], dict[str, Any], int],
) -> None:
    rubric_data, answer, expected = case
    rubric = rubric_from_mapping(rubric_data)
    reference = rubric.evaluate({"c": answer}, engine="reference")
    assert reference.nodes["c"].score == expected, (rubric_data, answer)
    assert rubric.evaluate({"c": answer}, engine="fast") == reference


LEVELS = """\
format: 1
id: vi_du
version: "1"
title: T
criteria:
  - id: c
    title: C
    evidence: [url]
    rule:
      kind: levels
      levels:
        - {id: hi, points: 2, evidence_rules: {url: {form: host_with_dot, where: [url]}}}
        - {id: lo, points: 1}
tiers: []
"""


@pytest.mark.parametrize(
    ("answer", "score", "status"),
    [
        ({"value": "hi", "url": "https://localhost"}, 0, "evidence_missing"),
        ({"value": "hi", "url": "https://example.org"}, 2, "answered"),
        # the level's rules replace the criterion's: a link in the justification is not counted
        ({"value": "hi", "justification": "https://example.org"}, 0, "evidence_missing"),
        # another level keeps the criterion's (here the defaults)
        ({"value": "lo", "url": "https://localhost"}, 1, "answered"),
        ({"value": "lo", "justification": "see https://localhost"}, 1, "answered"),
    ],
)
def test_a_higher_level_needs_a_real_url(answer: dict[str, str], score: int, status: str) -> None:
    rubric = parse_rubric(LEVELS)
    node = rubric.evaluate({"c": answer}).nodes["c"]
    assert node.score == score
    assert node.status == status
    if status == "evidence_missing":
        assert node.detail == "needs url"


def test_rules_that_judge_nothing_are_warned_at_their_place() -> None:
    text = LEVELS.replace("    evidence: [url]\n", "").replace(
        "{id: lo, points: 1}",
        "{id: lo, points: 1, evidence: [justification], evidence_rules: {url: {form: any}}}",
    )
    report = check_source(text, file="r.yaml")
    found = [(p.code, p.where, p.line, p.column, p.is_error) for p in report.problems]
    assert found == [  # at the block, and at its 'url' rules
        ("evidence_rules.unused", "$.criteria[c].rule.levels[hi].evidence_rules", 11, 47, False),
        (
            "evidence_rules.unused",
            "$.criteria[c].rule.levels[lo].evidence_rules.url",
            12,
            80,
            False,
        ),
    ]
    assert [p.severity for p in report.problems] == [Severity.WARNING] * 2
    assert [p.message for p in report.problems] == [
        "the level 'hi' needs no evidence, so its 'evidence_rules' judge nothing; give the "
        "level 'evidence: [...]' or remove its 'evidence_rules'",
        "the level 'lo' needs no URL, so its 'url' rules judge nothing; add url to the "
        "level's 'evidence' or remove the 'url' rules",
    ]
    assert "mức 'hi' không cần minh chứng" in report.problems[0].text("vi")


def test_a_level_without_evidence_of_its_own_judges_the_criterion_s() -> None:
    """``hi`` lists no evidence: it needs the criterion's URL, so its 'url' rules judge
    something and no warning is given."""
    assert check_source(LEVELS, file="r.yaml").problems == []


def test_a_level_without_rules_of_its_own_is_passed_over() -> None:
    """``lo`` has no rules of its own: the check goes on to ``hi``, whose rules judge nothing
    (neither the level nor the criterion needs evidence)."""
    hi = (
        "        - {id: hi, points: 2, "
        "evidence_rules: {url: {form: host_with_dot, where: [url]}}}\n"
    )
    lo = "        - {id: lo, points: 1}\n"
    text = LEVELS.replace("    evidence: [url]\n", "").replace(hi + lo, lo + hi)
    assert lo + hi in text
    report = check_source(text, file="r.yaml")
    assert [(p.code, p.where) for p in report.problems] == [
        ("evidence_rules.unused", "$.criteria[c].rule.levels[hi].evidence_rules")
    ]


def test_a_levels_criterion_whose_id_is_used_twice_is_checked_without_a_crash() -> None:
    """The criterion's evidence is looked up by its rule; with its id given twice it may not be
    found, and the check still reports the duplicate id (no traceback)."""
    text = LEVELS.replace(
        "tiers: []\n", "  - {id: c, title: C again, rule: {kind: boolean, points: 1}}\ntiers: []\n"
    )
    report = check_source(text, file="r.yaml")
    assert "id.duplicate" in [p.code for p in report.problems]


def test_an_unknown_key_in_a_levels_rules_is_named_where_it_is() -> None:
    text = LEVELS.replace("form: host_with_dot", "fom: host_with_dot")
    [problem] = check_source(text, file="r.yaml").problems
    assert (problem.code, problem.where) == (
        "key.unknown",
        "$.criteria[c].rule.levels[hi].evidence_rules.url.fom",
    )
    assert (problem.line, problem.column) == (12, 54)  # at 'fom'


def test_the_hint_names_each_level_its_points_and_its_own_evidence_rules() -> None:
    """A sheet's hint for a ``levels`` answer (the template's input message): each level with
    its points, and what its own evidence rules ask, written out; a level without rules of its
    own says nothing more."""
    from tiercert.rules import RULES

    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "evidence": ["url"],
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {
                                "id": "good",
                                "points": 10,
                                "evidence_rules": {"url": {"form": "host_with_dot"}},
                            },
                            {"id": "some", "points": "2.5"},
                            {"id": "none", "points": 0},
                        ],
                    },
                }
            ],
        }
    )
    rule = rubric.spec.criteria[0].rule
    assert RULES["levels"].hint(rule, "10") == (
        "one of: good (10; a URL written http(s)://host.x (a host with a dot)), some (2.5), "
        "none (0)"
    )
