"""Shape errors (pydantic) turned into problems: one case per code, at its exact place.

As in test_checks.py, a line holding only ``^`` marks the expected line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from test_checks import HEAD, SCORES_ONLY, marked

from tiercert import RubricError, check_source, rubric_from_mapping

LEAF = "  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n"


@dataclass(frozen=True)
class Case:
    code: str
    body: str
    where: str
    message: str

    @property
    def id(self) -> str:
        return f"{self.code}:{self.where}"


CASES = [
    Case(
        "key.unknown",
        "criteria:\n  - id: g1\n    title: G1\n    childs: []\n    ^\n",
        "$.criteria[g1].childs",
        "unknown key 'childs'; did you mean 'children'?",
    ),
    Case(
        "key.unknown",
        "criteria:\n" + LEAF + "rounding: {totals: {}}\n           ^\n",
        "$.rounding.totals",
        "unknown key 'totals'; did you mean 'total'?",
    ),
    Case(
        "key.unknown",
        "criteria:\n" + LEAF + "scoring: {zzz: 1}\n          ^\n",
        "$.scoring.zzz",
        "unknown key 'zzz'; allowed here: missing",
    ),
    Case(
        # a rule's key written beside the rule, not in it: where it goes
        "key.unknown",
        "criteria:\n  - id: a\n    title: A\n    max: 10\n    max_items: 4\n    ^\n"
        "    rule: {kind: count, per_item: 2.5}\n",
        "$.criteria[a].max_items",
        "unknown key 'max_items'; it belongs inside 'rule': move it there",
    ),
    Case(
        # a key of another kind of rule: no such advice
        "key.unknown",
        "criteria:\n  - id: a\n    title: A\n    per_item: 4\n    ^\n"
        "    rule: {kind: boolean, points: 1}\n",
        "$.criteria[a].per_item",
        "unknown key 'per_item'; allowed here: aggregate, answer_from, bonus, bonus_cap, carry, "
        "children, counts_from, description, direct, evidence, evidence_rules, id, "
        "incomplete_cap, max, max_exceeded, na, note, penalty, penalty_cap, provisional, "
        "renamed_from, replaces, round, rule, sources, split_from, status, title, top, weight",
    ),
    Case(
        # 'score' is both the condition's tag and a key: the path must not stop at it
        "key.unknown",
        "criteria:\n" + LEAF + "gates:\n  - id: k\n    title: K\n"
        "    require: {score: a, at_leest: 1}\n                        ^\n",
        "$.gates[k].require.at_leest",
        "unknown key 'at_leest'; did you mean 'at_least'?",
    ),
    Case(
        "key.missing",
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean}}\n                            ^\n",
        "$.criteria[a].rule.points",
        "the required key 'points' is missing; add it",
    ),
    Case(
        "key.missing",
        "criteria:\n  - {id: a, title: A, rule: {points: 1}}\n                            ^\n",
        "$.criteria[a].rule",
        "the key 'kind' is missing; add it (one of: boolean, levels, bands, linear, count, "
        "deduction, direct, condition, ratio)",
    ),
    Case(
        "key.missing",
        "criteria:\n  - {id: a, rule: {kind: boolean, points: 1}}\n    ^\n",
        "$.criteria[a].title",
        "the required key 'title' is missing; add it",
    ),
    Case(
        "type.invalid",
        "criteria:\n  - {id: a, title: A, max: ten, rule: {kind: boolean, points: 1}}\n"
        "                           ^\n",
        "$.criteria[a].max",
        "expected a number, got 'ten'; change the value",
    ),
    Case(
        "type.invalid",
        "criteria:\n  - {id: a, title: A, weight: true, rule: {kind: boolean, points: 1}}\n"
        "                              ^\n",
        "$.criteria[a].weight",
        "expected a number, got true; change the value",
    ),
    Case(
        "type.invalid",
        "criteria:\n  - {id: a, title: {vi: 5}, rule: {kind: boolean, points: 1}}\n"
        "                        ^\n",
        "$.criteria[a].title.vi",
        'expected text, got the number 5; put it in quotes ("5") to make it text',
    ),
    Case(
        "type.invalid",
        "criteria:\n  - {id: a, title: [A], rule: {kind: boolean, points: 1}}\n"
        "                   ^\n",
        "$.criteria[a].title",
        "expected text, or one text per language such as '{vi: ..., en: ...}'; got a list",
    ),
    Case(
        "type.invalid",
        "criteria: {a: 1}\n          ^\n",
        "$.criteria",
        "expected a list (lines starting with '- '), got a mapping; change the value",
    ),
    Case(
        "type.invalid",
        "criteria:\n  - a\n    ^\n",
        "$.criteria[0]",
        "expected a mapping ('key: value' lines), got 'a'; change the value",
    ),
    Case(
        "type.invalid",
        "criteria:\n" + LEAF + "tiers:\n  - {id: t, label: T, rank: 1.5, min: 1}\n"
        "                            ^\n",
        "$.tiers[t].rank",
        "expected a whole number, got 1.5; change the value",
    ),
    Case(
        "value.choice",
        "criteria:\n  - {id: a, title: A, rule: {kind: bolean, points: 1}}\n"
        "                                   ^\n",
        "$.criteria[a].rule.kind",
        "'bolean' is not allowed here; use one of: boolean, levels, bands, linear, count, "
        "deduction, direct, condition, ratio; did you mean 'boolean'?",
    ),
    Case(
        "value.choice",
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}, na: {counts_as: on}}\n"
        "                                                                        ^\n",
        "$.criteria[a].na.counts_as",
        "'on' is not allowed here; use one of: satisfied, excluded",
    ),
    Case(
        "value.choice",
        "criteria:\n" + LEAF + "rounding: {total: {mode: half_down}}\n                         ^\n",
        "$.rounding.total.mode",
        "'half_down' is not allowed here; use one of: half_up, half_even, down, up; "
        "did you mean 'half_even'?",
    ),
    Case(
        "value.choice",
        "criteria:\n  - {id: a, title: A, evidence: [photo], rule: {kind: boolean, points: 1}}\n"
        "                                 ^\n",
        "$.criteria[a].evidence[0]",
        "'photo' is not allowed here; use one of: justification, url",
    ),
    Case(
        "id.invalid",
        "criteria:\n  - {id: a b, title: A, rule: {kind: boolean, points: 1}}\n         ^\n",
        "$.criteria[a b].id",
        "'a b' is not a valid id: use letters without accents (a–z), digits, '_', '.' or '-', "
        "starting with a letter or digit (no spaces); write 'a_b'",
    ),
    Case(
        "id.invalid",
        "criteria:\n  - {id: tiêu_chí_1, title: A, rule: {kind: boolean, points: 1}}\n         ^\n",
        "$.criteria[tiêu_chí_1].id",
        "'tiêu_chí_1' is not a valid id: use letters without accents (a–z), digits, '_', '.' or "
        "'-', starting with a letter or digit (no spaces); write 'tieu_chi_1'",
    ),
    Case(
        "id.invalid",
        "criteria:\n  - {id: Điểm, title: A, rule: {kind: boolean, points: 1}}\n         ^\n",
        "$.criteria[Điểm].id",
        "'Điểm' is not a valid id: use letters without accents (a–z), digits, '_', '.' or "
        "'-', starting with a letter or digit (no spaces); write 'Diem'",
    ),
    Case(
        "value.range",
        "criteria:\n" + LEAF + "tiers:\n  - {id: t, label: T, rank: 0, min: 1}\n"
        "                            ^\n",
        "$.tiers[t].rank",
        "0 is out of range: it must be at least 1",
    ),
    Case(
        "value.length",
        "criteria:\n  - {id: a, title: A, rule: {kind: levels, levels: []}}\n"
        "                                                   ^\n",
        "$.criteria[a].rule.levels",
        "the list is empty; add at least one entry",
    ),
    Case(
        "value.length",
        "criteria:\n  - {id: '', title: A, rule: {kind: boolean, points: 1}}\n         ^\n",
        "$.criteria[0].id",
        "the text is empty; write something here",
    ),
    Case(
        "condition.kind",
        "criteria:\n" + LEAF + "gates:\n  - {id: k, title: K, require: {facts: x, equals: 1}}\n"
        "                               ^\n",
        "$.gates[k].require",
        "a condition needs one of the keys: all, any, not, fact, answer, score, percent, "
        "each_child_of; did you mean 'fact'?",
    ),
    Case(
        "condition.kind",
        "criteria:\n" + LEAF + "gates:\n  - {id: k, title: K, require: {all: [{scor: a}]}}\n"
        "                                      ^\n",
        "$.gates[k].require.all[0]",
        "a condition needs one of the keys: all, any, not, fact, answer, score, percent, "
        "each_child_of; did you mean 'score'?",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_shape_problem(case: Case) -> None:
    text, mark = marked(HEAD + case.body)
    problems = check_source(text, file="r.yaml").problems
    found = [p for p in problems if p.code == case.code and p.where == case.where]
    assert len(found) == 1, [p.format() for p in problems]
    assert found[0].message == case.message
    assert (found[0].line, found[0].column) == mark


def test_a_number_that_is_not_finite_is_refused() -> None:
    data: dict[str, Any] = {
        "format": 1,
        "id": "x",
        "version": "1",
        "title": "T",
        "criteria": [
            {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": Decimal("Infinity")}}
        ],
        "tiers": [],
    }
    with pytest.raises(RubricError) as caught:
        rubric_from_mapping(data)
    [problem] = caught.value.problems
    assert problem.code == "value.number"
    assert problem.where == "$.criteria[a].rule.points"
    assert problem.message == (
        "Infinity is not a finite number; write a plain number such as 80 or 79.5"
    )
    assert problem.line is None  # a mapping has no file positions


def test_yaml_infinity_is_text_and_refused_as_a_number() -> None:
    text = HEAD + "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: .inf}}\n"
    text += SCORES_ONLY
    [problem] = check_source(text).problems
    assert (problem.code, problem.message) == (
        "value.number",
        "expected a number, got '.inf'; it is not a finite number; give a number such as 80 "
        "or 79.5",
    )


def test_the_wrong_format_version_is_named() -> None:
    text = "format: 2\nid: x\nversion: '1'\ntitle: T\ncriteria:\n" + LEAF + SCORES_ONLY
    [problem] = check_source(text).problems
    assert problem.code == "value.choice"
    assert problem.message == "2 is not allowed here; use one of: 1"
    assert (problem.line, problem.column) == (1, 9)


def test_missing_top_level_keys_are_all_reported() -> None:
    problems = check_source("criteria:\n" + LEAF + SCORES_ONLY).problems
    assert sorted(p.where for p in problems) == ["$.format", "$.id", "$.title", "$.version"]
    assert {p.code for p in problems} == {"key.missing"}


def test_one_problem_per_place_even_when_several_union_members_fail() -> None:
    # a condition that fails as every kind of comparison is still one problem
    text = HEAD + "criteria:\n" + LEAF + "gates:\n  - {id: k, title: K, require: 5}\n" + SCORES_ONLY
    problems = check_source(text).problems
    assert [(p.code, p.where) for p in problems] == [("condition.kind", "$.gates[k].require")]


def test_shape_problems_and_yaml_problems_come_together_in_file_order() -> None:
    text = HEAD + "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: x}}\nid: y\n"
    text += SCORES_ONLY
    problems = check_source(text, file="r.yaml").problems
    assert [p.format() for p in problems] == [
        "r.yaml:6:53: error: $.criteria[a].rule.points: expected a number, got 'x'; change the "
        "value [type.invalid]",
        "r.yaml:7:1: error: $.id: the key 'id' appears twice in this mapping; keep one (YAML and "
        "JSON readers silently keep only the last) [yaml.duplicate_key]",
    ]


def test_a_list_item_without_an_id_is_named_by_its_index() -> None:
    text = HEAD + "criteria:\n  - {title: A, rule: {kind: boolean, points: 1}}\n" + SCORES_ONLY
    [problem] = check_source(text).problems
    assert problem.where == "$.criteria[0].id"


def test_an_id_with_accents_is_told_the_id_without_them_in_vietnamese() -> None:
    source = (
        'format: 1\nid: r\nversion: "1"\nlanguage: vi\ntitle: T\ntiers: []\n'
        "criteria:\n  - {id: tiêu_chí_đủ, title: A, rule: {kind: boolean, points: 1}}\n"
    )
    [problem] = check_source(source).problems
    assert problem.code == "id.invalid"
    said = problem.text("vi")
    assert "chữ cái không dấu (a–z)" in said
    assert said.endswith("; hãy viết 'tieu_chi_du'")


def test_a_number_with_too_many_places_is_quoted_as_written_not_expanded() -> None:
    # 1e-100 is a hundred places: shown as written, not as "0.000… (102 characters)"
    leaf = "  - {id: a, title: A, rule: {kind: count, per_item: 1e-100}}\n"
    source = HEAD + "criteria:\n" + leaf + SCORES_ONLY
    problems = check_source(source, file="r.yaml").problems
    assert [p.code for p in problems] == ["value.places"]
    assert problems[0].message.startswith("1E-100 has more than 12 decimal places"), problems


# --- a rubric author's review on an unseen scheme (twenty-fifth round) -------------------------

#: a scheme's credit and tier as its documents name them: 'OP 1 ...' and 'STARS Gold'
NAMED = (
    "criteria:\n  - {id: op1, title: OP 1 Emissions Inventory, max: 3, rule: {kind: direct}}\n"
    "  - {id: op2, title: OP 2 Emissions, max: 8, rule: {kind: direct}}\n"
    "tiers:\n  - {id: silver, label: {en: STARS Silver, vi: STARS Bạc}, rank: 1, min: 5}\n"
    "  - {id: gold, label: {en: STARS Gold, vi: STARS Vàng}, rank: 2, min: 8}\n"
)


@pytest.mark.parametrize(
    ("require", "named"),
    [
        ("{score: OP 1, above: 0}", "op1"),  # the id spelt as the document prints it
        ("{percent: OP 1 Emissions Inventory, above: 0}", "op1"),  # the criterion's title
        ("{each_child_of: OP 1 emissions inventory, at_least: 40}", "op1"),  # case aside
        ("{score: op9, above: 0}", None),  # a valid id naming nothing: as before
    ],
)
def test_a_reference_written_as_its_title_is_one_problem_naming_the_id(
    require: str, named: str | None
) -> None:
    # 'score: OP 1' was two problems: the id's, and "'OP 1' is not allowed here; use one of:
    # @criteria", as if the total were the only thing a score could compare
    text = HEAD + NAMED + f"gates:\n  - {{id: k, title: K, require: {require}}}\n"
    problems = check_source(text).problems
    if named is None:
        assert [p.code for p in problems] == ["ref.unknown"]
        return
    [problem] = problems
    assert problem.code == "id.invalid"
    assert problem.message.endswith(f"; write its id: '{named}'")
    assert problem.text("vi").endswith(f"; hãy viết mã của nó: '{named}'")


@pytest.mark.parametrize("label", ["STARS Gold", "STARS Vàng", "stars gold"])
def test_a_gate_naming_its_tier_by_its_label_is_told_the_tier_id(label: str) -> None:
    text = (
        HEAD
        + NAMED
        + f"gates:\n  - {{id: k, title: K, tiers: [{label}],"
        + " require: {score: op2, at_least: 4}}\n"
    )
    [problem] = check_source(text).problems
    assert (problem.code, problem.where) == ("id.invalid", "$.gates[k].tiers[0]")
    assert problem.message.endswith("; write its id: 'gold'")  # not 'STARS_Gold', which is none


def test_a_title_two_elements_share_names_neither() -> None:
    text = HEAD + NAMED.replace("OP 2 Emissions", "OP 1 Emissions Inventory")
    text += "gates:\n  - {id: k, title: K, require: {score: OP 1 Emissions Inventory, above: 0}}\n"
    [problem] = check_source(text).problems
    assert problem.message.endswith("; write 'OP_1_Emissions_Inventory'")


def test_an_elements_own_id_is_not_told_to_be_itself() -> None:
    text = HEAD + "criteria:\n  - {id: OP 1, title: OP 1, max: 3, rule: {kind: direct}}\n"
    [problem] = check_source(text + SCORES_ONLY).problems
    assert problem.message.endswith("; write 'OP_1'")


@pytest.mark.parametrize("written", ["true", "yes", "allowed"])
def test_na_written_as_a_yes_is_told_to_write_a_mapping(written: str) -> None:
    leaf = f"  - {{id: a, title: A, na: {written}, rule: {{kind: boolean, points: 1}}}}\n"
    [problem] = check_source(HEAD + "criteria:\n" + leaf + SCORES_ONLY).problems
    assert (problem.code, problem.where) == ("type.invalid", "$.criteria[a].na")
    assert problem.message.endswith(
        "; write a mapping of its keys (counts_as, evidence), or 'na: {}' for none of them"
    )
    assert problem.text("vi").endswith("hoặc 'na: {}' nếu không cần khóa nào")


def test_a_mapping_with_a_required_key_lists_its_keys_without_the_empty_one() -> None:
    text = HEAD + "criteria:\n  - {id: a, title: A, rule: boolean}\n" + SCORES_ONLY
    [problem] = check_source(text).problems
    assert problem.where == "$.criteria[a].rule"
    assert "or 'rule: {}'" not in problem.message


def test_evidence_written_as_one_word_is_told_to_write_a_list() -> None:
    leaf = "  - {id: a, title: A, evidence: justification, rule: {kind: boolean, points: 1}}\n"
    [problem] = check_source(HEAD + "criteria:\n" + leaf + SCORES_ONLY).problems
    assert problem.message == (
        "expected a list (lines starting with '- '), got 'justification'; write it as a list: "
        "[justification]"
    )
    assert problem.text("vi").endswith("; hãy viết thành một danh sách: [justification]")


def test_a_list_of_mappings_given_one_word_is_not_told_to_bracket_it() -> None:
    [problem] = check_source(HEAD + "criteria: a\n" + SCORES_ONLY).problems
    assert problem.message.endswith("; change the value")
