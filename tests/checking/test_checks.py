"""Semantic checks: one case per problem code, with its exact position and readable path.

Each case is a rubric fragment in which a line holding only ``^`` marks the line and column
the problem must be reported at (the line above the caret, the caret's column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import ROOT
from tiercert import check_source
from tiercert.errors import Problem, Severity

HEAD = 'format: 1\nid: demo\nversion: "1"\ntitle: Demo\n'
#: ends a rubric that only scores (without it: the warning 'tiers.none')
SCORES_ONLY = "tiers: []\n"

# a plain, valid tree that cases extend: g1 (a leaf) and g2 with three children
TREE = """\
criteria:
  - id: g1
    title: G1
    rule: {kind: boolean, points: 10}
  - id: g2
    title: G2
    children:
      - {id: g2.1, title: A, rule: {kind: boolean, points: 5}}
      - {id: g2.2, title: B, rule: {kind: boolean, points: 5}}
"""

# the same tree, with g2.2 a future criterion counting from a date
FUTURE_B = TREE.replace("title: B,", "title: B, status: future, counts_from: 2027-01-01,")


def marked(text: str) -> tuple[str, tuple[int, int] | None]:
    """Remove the caret line from ``text``; return the text and the (line, column) marked."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.fullmatch(r" *\^ *", line):
            del lines[i]
            return "\n".join(lines), (i, line.index("^") + 1)
    return text, None


@dataclass(frozen=True)
class Case:
    code: str
    body: str  # appended to HEAD; a '^' line marks the expected position
    where: str
    warning: bool = False
    says: str = ""  # a part of the message

    @property
    def id(self) -> str:
        return f"{self.code}:{self.where}"


def _find(case: Case) -> tuple[Problem, tuple[int, int] | None]:
    text, mark = marked(HEAD + case.body)
    report = check_source(text, file="r.yaml")
    found = [p for p in report.problems if p.code == case.code and p.where == case.where]
    others = [p.format() for p in report.problems]
    assert len(found) == 1, f"expected one {case.code} at {case.where}; got {others}"
    return found[0], mark


CASES = [
    # --- the tree ------------------------------------------------------------------------------
    Case(
        "fact.unused",
        TREE + "facts:\n  - {id: f, title: F, type: boolean}\n         ^\n",
        "$.facts[f].id",
        warning=True,
        says="the fact 'f' is read by no gate, condition or comparison",
    ),
    Case(
        "rubric.empty",
        "criteria: []\n          ^\n",
        "$.criteria",
        says="the rubric has no criteria; add at least one",
    ),
    Case(
        "id.duplicate",
        TREE + "      - {id: g2.1, title: C, rule: {kind: boolean, points: 5}}\n             ^\n",
        "$.criteria[g2].children[g2.1].id",
        says="the criterion id 'g2.1' is used more than once",
    ),
    Case(
        "id.duplicate",
        TREE + "facts:\n  - {id: g1, title: F, type: boolean}\n         ^\n",
        "$.facts[g1].id",
        says="also a criterion id",
    ),
    Case(
        "id.duplicate",
        TREE + "tiers:\n  - {id: t, label: T, rank: 1, min: 1}\n"
        "  - {id: t, label: T, rank: 2, min: 2}\n         ^\n",
        "$.tiers[t].id",
        says="the tier id 't' is used more than once",
    ),
    Case(
        "node.empty_group",
        TREE + "  - id: g3\n    title: G3\n    children: []\n              ^\n",
        "$.criteria[g3].children",
        says="this group has no children",
    ),
    Case(
        "node.no_rule",
        TREE + "  - id: g3\n        ^\n    title: G3\n",
        "$.criteria[g3].id",
        says="add a rule (e.g. 'rule: {kind: boolean, points: 5}') or children",
    ),
    Case(
        "node.rule_and_children",
        TREE + "  - id: g3\n    title: G3\n    rule: {kind: boolean, points: 1}\n"
        "          ^\n    children:\n      - {id: g3.1, title: X, rule: {kind: direct}, max: 1}\n",
        "$.criteria[g3].rule",
    ),
    Case(
        "na.group",
        TREE.replace(
            "    children:\n", "    na: {counts_as: excluded}\n        ^\n    children:\n"
        ),
        "$.criteria[g2].na",
    ),
    Case(
        "direct.leaf",
        TREE.replace(
            "    rule: {kind: boolean, points: 10}\n",
            "    rule: {kind: boolean, points: 10}\n    direct: true\n            ^\n",
        ),
        "$.criteria[g1].direct",
        says="for a leaf scored by hand use 'rule: {kind: direct}'",
    ),
    # --- maxima --------------------------------------------------------------------------------
    Case(
        "max.unreachable",
        TREE.replace("    title: G2\n", "    title: G2\n    max: 20\n         ^\n"),
        "$.criteria[g2].max",
        says="the children can reach only 10 points but the maximum is 20",
    ),
    Case(
        "max.unreachable",
        "criteria:\n  - {id: g1, title: G1, max: 12, rule: {kind: boolean, points: 10}}\n"
        "                             ^\n",
        "$.criteria[g1].max",
        says="the rule gives at most 10 points but the maximum is 12",
    ),
    Case(
        "max.unreachable",
        "max: 100\n     ^\n" + TREE,
        "$.max",
        says="the children can reach only 20 points",
    ),
    Case(
        "max.exceeded",
        TREE.replace("    title: G2\n", "    title: G2\n    max: 8\n         ^\n"),
        "$.criteria[g2].max",
        warning=True,
        says="scores will be capped at 8",
    ),
    Case(
        "max.exceeded",
        "criteria:\n  - {id: g1, title: G1, max: 8, rule: {kind: boolean, points: 10}}\n"
        "                             ^\n",
        "$.criteria[g1].max",
        warning=True,
    ),
    Case(
        "max.missing",
        TREE.replace("    title: G2\n", "    title: G2\n    aggregate: scaled\n               ^\n"),
        "$.criteria[g2].aggregate",
        says="needs its own 'max'",
    ),
    Case(
        "max.missing",
        "criteria:\n  - {id: g1, title: G1, rule: {kind: direct}}\n         ^\n",
        "$.criteria[g1].id",
        says="a 'direct' rule needs the criterion's 'max'",
    ),
    Case(
        "max.missing",
        "criteria:\n  - {id: g1, title: G1, rule: {kind: deduction, per_item: 1}}\n         ^\n",
        "$.criteria[g1].id",
        says="a 'deduction' rule needs 'start' or the criterion's 'max'",
    ),
    Case(
        "points.negative",
        "criteria:\n  - {id: g1, title: G1, rule: {kind: boolean, points: -5}}\n"
        "                                                      ^\n",
        "$.criteria[g1].rule.points",
        says="points cannot be negative (-5)",
    ),
    Case(
        "points.negative",
        TREE.replace("    title: G2\n", "    title: G2\n    bonus_cap: -1\n               ^\n"),
        "$.criteria[g2].bonus_cap",
        says="bonus_cap is negative (-1)",
    ),
    # --- aggregation ---------------------------------------------------------------------------
    Case(
        "bonus.aggregate",
        TREE.replace("    title: G2\n", "    title: G2\n    aggregate: tiered\n               ^\n")
        + "      - {id: g2.3, title: C, bonus: true, rule: {kind: boolean, points: 1}}\n",
        "$.criteria[g2].aggregate",
    ),
    Case(
        "bonus.unused",
        TREE.replace("    title: G2\n", "    title: G2\n    bonus_cap: 3\n               ^\n"),
        "$.criteria[g2].bonus_cap",
        warning=True,
    ),
    Case(
        "bonus.nested",
        TREE.replace("{id: g2.2, title: B,", "{id: g2.2, title: B, bonus: true,").replace(
            "points: 5}}\n      - {id: g2.2", "points: 5}}\n      ^\n      - {id: g2.2"
        ),
        "$.criteria[g2].children",
        warning=True,
        says="mark the whole group 'bonus: true' at the top level",
    ),
    Case(
        "evidence_rules.group",
        TREE.replace(
            "    title: G2\n",
            "    title: G2\n    evidence_rules: {justification: {min_length: 5}}\n"
            "                    ^\n",
        ),
        "$.criteria[g2].evidence_rules",
        says="applies to leaves",
    ),
    Case(
        "penalty.unused",
        TREE.replace("    title: G2\n", "    title: G2\n    penalty_cap: 3\n                 ^\n"),
        "$.criteria[g2].penalty_cap",
        warning=True,
    ),
    Case(
        "penalty.aggregate",
        TREE.replace(
            "    title: G2\n", "    title: G2\n    aggregate: tiered\n               ^\n"
        ).replace("{id: g2.2, title: B,", "{id: g2.2, title: B, penalty: true,"),
        "$.criteria[g2].aggregate",
        says="use 'aggregate: sum'",
    ),
    Case(
        "penalty.bonus",
        TREE.replace(
            "      - {id: g2.2, title: B,",
            "      - {id: g2.2, title: B, bonus: true,\n         penalty: true,\n"
            "                  ^\n        ",
        ),
        "$.criteria[g2].children[g2.2].penalty",
        says="either a bonus (adds points) or a penalty (takes points)",
    ),
    Case(
        "penalty.never",
        TREE.replace(
            "      - {id: g2.2, title: B, rule: {kind: boolean, points: 5}}",
            "      - {id: g2.2, title: B, penalty: true, rule: {kind: boolean, points: 0}}\n"
            "                                      ^",
        ),
        "$.criteria[g2].children[g2.2].penalty",
        warning=True,
        says="its maximum is 0",
    ),
    Case(
        "max_exceeded.unused",
        TREE.replace(
            "    title: G2\n", "    title: G2\n    max_exceeded: intended\n                  ^\n"
        ),
        "$.criteria[g2].max_exceeded",
        warning=True,
        says="cannot exceed 'max'",
    ),
    Case(
        "top.tiered",
        TREE.replace(
            "    title: G2\n", "    title: G2\n    aggregate: tiered\n    top: 1\n         ^\n"
        ),
        "$.criteria[g2].top",
        says="cannot be used with 'aggregate: tiered'",
    ),
    Case(
        "top.unused",
        TREE.replace("    title: G2\n", "    title: G2\n    top: 3\n         ^\n"),
        "$.criteria[g2].top",
        warning=True,
    ),
    Case(
        "weight.missing",
        TREE.replace(
            "    title: G2\n", "    title: G2\n    aggregate: weighted\n    max: 10\n"
        ).replace("{id: g2.1, title: A,", "{id: g2.1, title: A, weight: 1,")
        + "             ^\n",
        "$.criteria[g2].children[g2.2].id",
        says="needs a 'weight'",
    ),
    Case(
        "weight.missing",
        "aggregate: weighted\nmax: 10\n"
        + TREE.replace("    title: G2\n", "    title: G2\n    weight: 1\n").replace(
            "  - id: g1\n", "  - id: g1\n        ^\n"
        ),
        "$.criteria[g1].id",  # the rubric's own criteria: 'criteria', not 'children'
        says="needs a 'weight'",
    ),
    Case(
        "weight.unused",
        TREE.replace("{id: g2.1, title: A,", "{id: g2.1, title: A, weight: 2,").replace(
            "points: 5}}\n      - {id: g2.2", "points: 5}}\n" + " " * 37 + "^\n      - {id: g2.2"
        ),
        "$.criteria[g2].children[g2.1].weight",
        warning=True,
    ),
    Case(
        "weight.zero",
        TREE.replace("    title: G2\n", "    title: G2\n    aggregate: weighted\n    max: 10\n")
        .replace("title: A,", "title: A, weight: 0,")
        .replace("title: B,", "title: B, weight: 0,")
        .replace("  - id: g2\n", "  - id: g2\n    ^\n"),
        "$.criteria[g2]",
    ),
    Case(
        "cap.unused",
        TREE.replace(
            "    title: G2\n", "    title: G2\n    incomplete_cap: 11\n                    ^\n"
        ),
        "$.criteria[g2].incomplete_cap",
        warning=True,
    ),
    # --- rules ---------------------------------------------------------------------------------
    Case(
        "level.duplicate",
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: levels\n      levels:\n"
        "        - {id: good, points: 2}\n        - {id: good, points: 1}\n"
        "               ^\n",
        "$.criteria[g1].rule.levels[good].id",
        says="the level 'good' is listed twice",
    ),
    Case(
        "level.reserved",
        "criteria:\n  - id: g1\n    title: G1\n    na: {}\n    rule:\n      kind: levels\n"
        "      levels:\n        - {id: NA, points: 2}\n               ^\n",
        "$.criteria[g1].rule.levels[NA].id",
        says="'NA' is how an assessment says 'not applicable', so it cannot name a level",
    ),
    Case(
        # without 'na:' too: an answer 'na' would be refused, never read as the level
        "level.reserved",
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: levels\n"
        "      levels:\n        - {id: na, points: 2}\n               ^\n",
        "$.criteria[g1].rule.levels[na].id",
        says="(to allow N/A, add 'na:' to the criterion)",
    ),
    Case(
        "linear.degenerate",
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: linear\n"
        "      start: {value: 5, points: 0}\n      end: {value: 5, points: 10}\n"
        "                   ^\n",
        "$.criteria[g1].rule.end.value",
    ),
    # --- references ----------------------------------------------------------------------------
    Case(
        "ref.unknown",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g2.9, at_least: 1}}\n"
        "                                       ^\n",
        "$.gates[k].require.score",
        says="no criterion has the id 'g2.9'; did you mean 'g2.",
    ),
    Case(
        "ref.unknown",
        TREE + "gates:\n  - {id: k, title: K, require: {fact: late, equals: true}}\n"
        "                                      ^\n",
        "$.gates[k].require.fact",
        says="declare it under facts:",
    ),
    Case(
        "ref.unknown",
        TREE + "gates:\n  - id: k\n    title: K\n    require: {score: g1, at_least: 1}\n"
        "    tiers: [gold]\n            ^\ntiers:\n  - {id: silver, label: S, rank: 1, min: 1}\n",
        "$.gates[k].tiers[0]",
        says="no tier has the id 'gold'; use one of: silver",
    ),
    Case(
        "ref.unknown",
        TREE.replace(
            "    title: G1\n", "    title: G1\n    sources: [decision-1]\n              ^\n"
        ),
        "$.criteria[g1].sources[0]",
        says="no entry under 'sources' has the id 'decision-1'",
    ),
    Case(
        "ref.unknown",
        TREE + "targets:\n  - {period: '2025', share: 50, tier: gold}\n"
        "                                      ^\n",
        "$.targets[0].tier",
    ),
    Case(
        "ref.unknown",
        TREE + "gates:\n  - {id: k, title: K, require: {each_child_of: g9, at_least: 50}}\n"
        "                                               ^\n",
        "$.gates[k].require.each_child_of",
    ),
    Case(
        "ref.leaf",
        TREE + "gates:\n  - {id: k, title: K, require: {each_child_of: g1, at_least: 50}}\n"
        "                                               ^\n",
        "$.gates[k].require.each_child_of",
        says="'g1' has no children; name a group",
    ),
    Case(
        "ref.group",
        TREE + "gates:\n  - {id: k, title: K, require: {answer: g2, equals: true}}\n"
        "                                        ^\n",
        "$.gates[k].require.answer",
        says="compare its 'score' instead",
    ),
    Case(
        "ref.zero_max",
        "criteria:\n  - {id: g1, title: G1, rule: {kind: boolean, points: 0}}\n"
        "gates:\n  - {id: k, title: K, require: {percent: g1, at_least: 50}}\n"
        "                                         ^\n",
        "$.gates[k].require.percent",
    ),
    Case(
        "ref.cycle",
        TREE
        + "      - id: g2.3\n        title: C\n        rule:\n"
        + "          kind: condition\n          ^\n          points: 1\n"
        + "          when: {percent: g2, at_least: 50}\n",
        "$.criteria[g2].children[g2.3].rule",
        says="'g2.3' depends on 'g2', which (directly or through other criteria) depends back",
    ),
    Case(
        "ref.cycle",
        TREE
        + "  - id: g3\n    title: C\n    rule:\n"
        + "      kind: condition\n      ^\n      points: 1\n"
        + "      when: {each_child_of: '@criteria', at_least: 50}\n",
        "$.criteria[g3].rule",
        says="'g3' depends on its own score",
    ),
    Case(
        "condition.operator",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g1}}\n"
        "                               ^\n",
        "$.gates[k].require",
        says="add one of: equals, not_equals, in, at_least, at_most, above, below",
    ),
    Case(
        "condition.type",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g1, equals: high}}\n"
        "                                                   ^\n",
        "$.gates[k].require.equals",
        says="can never match, use a number",
    ),
    Case(
        "condition.type",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g1, in: [5, x]}}\n"
        "                                                   ^\n",
        "$.gates[k].require.in[1]",
        says="in 'x' can never match, use a number",
    ),
    Case(
        "condition.value",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g1, in: []}}\n"
        "                                               ^\n",
        "$.gates[k].require.in",
        says="'in' lists no value, so this condition can never hold",
    ),
    Case(
        "condition.unsatisfiable",
        TREE + "gates:\n  - {id: k, title: K, require: {score: g1, at_least: 11}}\n"
        "                               ^\n",
        "$.gates[k].require",
        says="'g1' scores from 0 to 10",
    ),
    Case(
        "condition.value",
        TREE + "facts:\n  - {id: size, title: S, type: choice, options: [small, large]}\n"
        "gates:\n  - {id: k, title: K, require: {fact: size, equals: smal}}\n"
        "                                                    ^\n",
        "$.gates[k].require.equals",
        says="'smal' is not one of the values of the fact 'size'; use one of: small, large; "
        "did you mean 'small'?",
    ),
    Case(
        "condition.value",
        TREE + "gates:\n  - {id: k, title: K, require: {answer: g1, in: [yes, 1]}}\n"
        "                                                      ^\n",
        "$.gates[k].require.in[1]",
        says="1 can never match: the answer to 'g1' is true or false; compare with true or false",
    ),
    Case(
        "condition.value",
        TREE + "facts:\n  - {id: late, title: L, type: boolean}\n"
        "gates:\n  - {id: k, title: K, require: {fact: late, below: 1}}\n"
        "                                                   ^\n",
        "$.gates[k].require.below",
        says="'below' compares numbers, but the fact 'late' is not a number",
    ),
    # --- facts ---------------------------------------------------------------------------------
    Case(
        "fact.options",
        TREE + "facts:\n  - {id: size, title: Size, type: choice}\n    ^\n",
        "$.facts[size]",
        says="a 'choice' fact needs 'options'",
    ),
    Case(
        "fact.options",
        TREE + "facts:\n  - {id: size, title: Size, type: text, options: [a]}\n    ^\n",
        "$.facts[size]",
        warning=True,
    ),
    Case(
        "fact.default",
        TREE + "facts:\n  - {id: n, title: N, type: integer, default: 2.5}\n"
        "                                              ^\n",
        "$.facts[n].default",
        says="the default 2.5 does not fit this integer fact; use a whole number",
    ),
    # --- tiers ---------------------------------------------------------------------------------
    Case(
        "tier.range",
        TREE + "tiers:\n  - {id: t1, label: T, rank: 1, min: 25}\n"
        "                                     ^\n",
        "$.tiers[t1].min",
        says="the minimum 25 is outside 0..20",
    ),
    Case(
        "tier.rank",
        TREE + "tiers:\n  - {id: t1, label: T, rank: 2, min: 5}\n"
        "  - {id: t2, label: T, rank: 2, min: 10}\n                             ^\n",
        "$.tiers[t2].rank",
        says="give this tier a rank above 2",
    ),
    Case(
        "tier.rank",
        TREE + "tiers:\n  - {id: t1, label: T, rank: 2, min: 5}\n                             ^\n",
        "$.tiers[t1].rank",
        warning=True,
    ),
    Case(
        "tier.order",
        TREE + "tiers:\n  - {id: t1, label: T, rank: 1, min: 10}\n"
        "  - {id: t2, label: T, rank: 2, min: 5}\n                                     ^\n",
        "$.tiers[t2].min",
        says="the minimum 5 is below the previous tier's 10",
    ),
    Case(
        "tier.order",
        TREE + "tiers:\n  - {id: t1, label: T, rank: 1, min: 10}\n"
        "  - {id: t2, label: T, rank: 2, min: 10}\n                                     ^\n",
        "$.tiers[t2].min",
        says="no gate tells them apart",
    ),
    Case(
        "tier.unreachable",
        TREE + "gates:\n  - {id: k, title: K, require: {percent: g2, above: 100}, tiers: [t2]}\n"
        "                               ^\n"
        "tiers:\n  - {id: t1, label: T, rank: 1, min: 10}\n"
        "  - {id: t2, label: T, rank: 2, min: 15}\n",
        "$.gates[k].require",
        says="no unit can reach: t2",
    ),
    Case(
        "text.language",
        "language: vi\ncriteria:\n  - {id: a, title: {en: A}, rule: {kind: boolean, points: 1}}\n"
        + " " * 19
        + "^\n"
        + SCORES_ONLY,
        "$.criteria[a].title",
        warning=True,
        says="not given in 'vi', the rubric's language (only in 'en')",
    ),
    Case(
        "text.language",
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n"
        "tiers:\n  - {id: t1, label: {vi: Đạt}, rank: 1, min: 1}\n" + " " * 20 + "^\n",
        "$.tiers[t1].label",
        warning=True,
        says="add it: {en: ..., vi: ...}",
    ),
    Case(
        "language.country",
        "language: vn\n          ^\n"
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n" + SCORES_ONLY,
        "$.language",
        warning=True,
        says="'vn' is a country's code, not a language's; write the language's: 'vi'",
    ),
    Case(
        "language.country",
        "criteria:\n  - {id: a, title: {en: A, cn: A}, rule: {kind: boolean, points: 1}}\n"
        + " " * 31
        + "^\n"
        + SCORES_ONLY,
        "$.criteria[a].title.cn",
        warning=True,
        says="write the language's: 'zh'",
    ),
    # --- shared answers ------------------------------------------------------------------------
    Case(
        "answer_from.group",
        TREE.replace("    title: G2\n", "    title: G2\n    answer_from: g1\n                 ^\n"),
        "$.criteria[g2].answer_from",
    ),
    Case(
        "answer_from.source",
        TREE + "      - {id: g2.3, title: C, answer_from: g2.3, rule: {kind: boolean, points: 1}}\n"
        "                                          ^\n",
        "$.criteria[g2].children[g2.3].answer_from",
    ),
    Case(
        "answer_from.kind",
        TREE + "      - {id: g2.3, title: C, answer_from: g1, rule: {kind: direct}, max: 1}\n"
        "                                                           ^\n",
        "$.criteria[g2].children[g2.3].rule.kind",
        says="(here 'direct' and 'boolean')",
    ),
    Case(
        "answer_from.levels",
        "criteria:\n  - {id: a, title: A, rule: {kind: levels, levels: [{id: x, points: 1}]}}\n"
        "  - id: b\n    title: B\n    answer_from: a\n"
        "    rule: {kind: levels, levels: [{id: y, points: 1}]}\n"
        "                                 ^\n",
        "$.criteria[b].rule.levels",
        says="the same level ids (x), got: y",
    ),
    # --- criteria with a life cycle ------------------------------------------------------------
    Case(
        "lifecycle.status",
        TREE + '      - {id: g2.3, title: C, counts_from: "2", rule: {kind: boolean, points: 1}}\n'
        "                                          ^\n",
        "$.criteria[g2].children[g2.3].counts_from",
        says="is not marked future",
    ),
    Case(
        "lifecycle.counts_from",
        TREE + "      - {id: g2.3, title: C, status: future, rule: {kind: boolean, points: 1}}\n"
        "                                     ^\n",
        "$.criteria[g2].children[g2.3].status",
        says="does not say when it starts to count",
    ),
    Case(
        "lifecycle.date",
        TREE + "      - {id: g2.3, title: C, status: future, counts_from: 2027-02-30,\n"
        "                                                          ^\n"
        "         rule: {kind: boolean, points: 1}}\n",
        "$.criteria[g2].children[g2.3].counts_from",
        says="'2027-02-30' is not a date of the calendar",
    ),
    Case(  # written the Vietnamese way: was read as a version this rubric (1) had reached
        "lifecycle.date",
        TREE + "      - {id: g2.3, title: C, status: future, counts_from: 01/02/2027,\n"
        "                                                          ^\n"
        "         rule: {kind: boolean, points: 1}}\n",
        "$.criteria[g2].children[g2.3].counts_from",
        says="write 2027-02-01 (or 2027-01-02 if the month comes first)",
    ),
    Case(
        "lifecycle.version",
        TREE + "      - {id: g2.3, title: C, status: future, counts_from: v2,\n"
        "                                                          ^\n"
        "         rule: {kind: boolean, points: 1}}\n",
        "$.criteria[g2].children[g2.3].counts_from",
        says="cannot be compared with this rubric's version '1'",
    ),
    Case(
        "lifecycle.reached",
        TREE + '      - {id: g2.3, title: C, status: future, counts_from: "0.9",\n'
        "                                                          ^\n"
        "         rule: {kind: boolean, points: 1}}\n",
        "$.criteria[g2].children[g2.3].counts_from",
        warning=True,
        says="it counts already",
    ),
    Case(
        "lifecycle.group",
        TREE + "  - id: g3\n"
        "        ^\n"
        "    title: G3\n    children:\n"
        '      - {id: g3.1, title: A, status: future, counts_from: "2",\n'
        "         rule: {kind: boolean, points: 5}}\n",
        "$.criteria[g3].id",
        says="every criterion of 'g3' is marked future",
    ),
    Case(
        "lifecycle.gate",
        FUTURE_B + "gates:\n  - {id: k, title: K, require: {answer: g2.2, equals: true}}\n"
        "                               ^\n",
        "$.gates[k].require",
        warning=True,
        says="the whole gate is not applied until it counts",
    ),
    Case(
        "lifecycle.reads",
        FUTURE_B + "  - {id: h, title: H, rule: {kind: condition, points: 1,\n"
        "                            ^\n"
        "      when: {answer: g2.2, equals: true}}}\n",
        "$.criteria[h].rule",
        warning=True,
        says="'h' reads 'g2.2'",
    ),
    # --- what became of the previous version's criteria ----------------------------------------
    Case(
        "lineage.conflict",
        TREE + "      - {id: g2.3, title: C, renamed_from: a, split_from: b, rule: "
        "{kind: boolean, points: 1}}\n"
        "                                                          ^\n",
        "$.criteria[g2].children[g2.3].split_from",
        says="already has 'renamed_from'",
    ),
    Case(
        "lineage.duplicate",
        TREE + "      - {id: g2.3, title: C, replaces: [a, a], rule: {kind: boolean, points: 1}}\n"
        "                                           ^\n",
        "$.criteria[g2].children[g2.3].replaces[1]",
        says="'a' is listed twice",
    ),
    Case(
        "lineage.kept",
        TREE + "      - {id: g2.3, title: C, renamed_from: g1, rule: {kind: boolean, points: 1}}\n"
        "                                           ^\n",
        "$.criteria[g2].children[g2.3].renamed_from",
        says="'g1' is still a criterion of this rubric",
    ),
    Case(
        "lineage.claimed",
        TREE + "      - {id: g2.3, title: C, renamed_from: a, rule: {kind: boolean, points: 1}}\n"
        "      - {id: g2.4, title: D, split_from: a, rule: {kind: boolean, points: 1}}\n"
        "                                         ^\n",
        "$.criteria[g2].children[g2.4].split_from",
        says="'a' already became 'g2.3'",
    ),
    Case(
        "lineage.carry",
        TREE + "      - {id: g2.3, title: C, carry: all, rule: {kind: boolean, points: 1}}\n"
        "                                    ^\n",
        "$.criteria[g2].children[g2.3].carry",
        says="it needs 'replaces: [old ids]'",
    ),
    Case(
        "lineage.carry",
        TREE + "      - {id: g2.3, title: C, replaces: [a, b], carry: sum, rule: "
        "{kind: boolean, points: 1}}\n"
        "                                                      ^\n",
        "$.criteria[g2].children[g2.3].carry",
        says="'carry: sum' gives a number",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_problem_is_reported_at_its_place(case: Case) -> None:
    problem, mark = _find(case)
    assert (problem.line, problem.column) == mark
    assert problem.file == "r.yaml"
    assert problem.is_error is not case.warning
    assert case.says in problem.message
    # every message says what to do: an instruction after a ';' or a clear consequence
    assert ";" in problem.message or "capped" in problem.message, problem.message


#: the aggregates' problems, said in full: a message is read (and translated) whole
AGGREGATE_MESSAGES = {
    "top.tiered": "'top' cannot be used with 'aggregate: tiered': picking the best children "
    "would reorder them, and a better answer could then lower the score; remove 'top' or use "
    "'aggregate: sum'",
    "weight.missing": "the parent aggregates by weight, so this criterion needs a 'weight'; "
    "add one",
    "weight.zero": "all weights are 0; give at least one criterion a weight",
}


@pytest.mark.parametrize("code", sorted(AGGREGATE_MESSAGES))
def test_an_aggregate_problem_says_it_in_full(code: str) -> None:
    case = next(c for c in CASES if c.code == code)
    problem, _ = _find(case)
    assert problem.message == AGGREGATE_MESSAGES[code]


def test_every_code_of_the_checks_module_has_a_case() -> None:
    source = (ROOT / "src" / "tiercert" / "checks.py").read_text()
    codes = set(re.findall(r'(?:_error|_warning|problem_of)\(\s*"([a-z_]+\.[a-z_]+)"', source))
    assert codes, "the pattern no longer finds codes in checks.py"
    covered = {c.code for c in CASES + BANDS} | {"band.outside", "tiers.none"}  # see below
    assert codes - covered == set()


# --- checks that need more than one problem's view --------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    text = HEAD + (
        "max: 100\n"
        "criteria:\n"
        "  - {id: a, title: A, rule: {kind: boolean, points: -1}}\n"
        "  - {id: a, title: B, rule: {kind: levels, levels: [{id: x, points: 1}, "
        "{id: x, points: 2}]}}\n"
        "tiers:\n  - {id: t, label: T, rank: 1, min: 500}\n"
    )
    codes = [p.code for p in check_source(text).problems]
    assert sorted(codes) == sorted(
        ["max.unreachable", "points.negative", "id.duplicate", "level.duplicate", "tier.range"]
    )


def test_a_valid_rubric_has_no_problems() -> None:
    report = check_source(HEAD + TREE + SCORES_ONLY)
    assert report.problems == []
    assert report.ok(strict=True)


def test_warnings_pass_unless_strict() -> None:
    tree = TREE.replace("    title: G2\n", "    title: G2\n    max: 8\n")
    report = check_source(HEAD + tree + SCORES_ONLY)
    assert [p.code for p in report.problems] == ["max.exceeded"]
    assert report.ok()
    assert not report.ok(strict=True)


def test_bands_without_gaps_edges_and_open_ends_are_valid() -> None:
    rule = (
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: bands\n"
        "      edges: max_inclusive\n      bands:\n"
        "        - {max: 50, points: 0}\n        - {min: 50, max: 80, points: 5}\n"
        "        - {min: 80, points: 10}\n"
    )
    assert check_source(HEAD + rule + SCORES_ONLY).problems == []


@pytest.mark.parametrize(
    ("bands", "edges", "ok"),
    [
        # one value only: allowed when that band is closed at both ends
        ("[{min: 100, max: 100, points: 1}]", "min_inclusive", True),
        ("[{min: 0, max: 100, points: 0}, {min: 100, max: 100, points: 1}]", "min_inclusive", True),
        (
            "[{min: 100, max: 100, points: 1}, {min: 100, max: 200, points: 0}]",
            "min_inclusive",
            False,
        ),
        (
            "[{min: 100, max: 100, points: 1}, {min: 100, max: 200, points: 0}]",
            "max_inclusive",
            True,
        ),
    ],
)
def test_a_single_value_band_needs_a_closed_edge(bands: str, edges: str, ok: bool) -> None:
    text = HEAD + (
        "criteria:\n  - id: g1\n    title: G1\n"
        f"    rule: {{kind: bands, edges: {edges}, bands: {bands}}}\n" + SCORES_ONLY
    )
    codes = [p.code for p in check_source(text).problems]
    assert (codes == []) is ok, codes
    if not ok:
        assert codes == ["band.empty"]


BANDS = [
    Case(
        "band.empty",
        "        - {min: 50, max: 40, points: 5}\n                ^\n",
        "$.criteria[g1].rule.bands[1].min",
        says="this band runs from 50 to 40, so no value falls in it",
    ),
    Case(
        "band.gap",
        "        - {min: 60, max: 100, points: 5}\n                ^\n",
        "$.criteria[g1].rule.bands[1].min",
        says="values from 50 to 60 fall in no band; make this band's 'min' equal the previous",
    ),
    Case(
        "band.overlap",
        "        - {min: 40, max: 100, points: 5}\n                ^\n",
        "$.criteria[g1].rule.bands[1].min",
        says="bands must not overlap: set 'min' to 50",
    ),
    Case(
        "band.open",
        "        - {max: 100, points: 5}\n          ^\n",
        "$.criteria[g1].rule.bands[1].min",
        says="only the first band may leave out 'min'",
    ),
]


@pytest.mark.parametrize("case", BANDS, ids=[c.id for c in BANDS])
def test_band_problems(case: Case) -> None:
    body = (
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: bands\n      bands:\n"
        "        - {min: 0, max: 50, points: 0}\n" + case.body
    )
    problem, mark = _find(Case(case.code, body, case.where))
    assert (problem.line, problem.column) == mark
    assert case.says in problem.message


def _bands(range_: str, *bands: str) -> str:
    lines = "".join(f"        - {b}\n" for b in bands)
    return HEAD + (
        "criteria:\n  - id: g1\n    title: G1\n    rule:\n      kind: bands\n"
        f"      range: {range_}\n      bands:\n{lines}" + SCORES_ONLY
    )


def test_bands_must_cover_the_declared_range() -> None:
    text = _bands(
        "{min: 0, max: 100}", "{min: 10, max: 50, points: 0}", "{min: 50, max: 90, points: 1}"
    )
    found = {(p.code, p.where): p.message for p in check_source(text).problems}
    assert found == {
        ("band.gap", "$.criteria[g1].rule.bands[0].min"): (
            "values from 0 (the range's minimum) to 10 fall in no band; start the first band at 0"
        ),
        ("band.gap", "$.criteria[g1].rule.bands[1].max"): (
            "values from 90 to 100 (the range's maximum) fall in no band; end the last band at 100"
        ),
    }


def test_a_band_outside_the_range_is_reported_once() -> None:
    text = _bands(
        "{min: 0, max: 100}",
        "{min: 0, max: 100, points: 0}",
        "{min: 120, max: 130, points: 1}",
    )
    problems = check_source(text).problems
    # no 'band.gap' from 100 to 120 as well: values above 100 are refused anyway
    assert [(p.code, p.where, p.line, p.column, p.message) for p in problems] == [
        (
            "band.outside",
            "$.criteria[g1].rule.bands[1]",
            13,
            11,
            "this band lies outside 'range' (answers from 0 to 100); remove it or fix its bounds",
        )
    ]


def test_a_band_open_at_its_end_is_reported_at_the_band() -> None:
    text = _bands("{min: 0, max: 100}", "{min: 0, points: 0}", "{min: 50, max: 100, points: 1}")
    problems = check_source(text).problems
    assert [(p.code, p.where, p.message) for p in problems] == [
        (
            "band.open",
            "$.criteria[g1].rule.bands[0].max",
            "only the last band may leave out 'max'; add the upper bound",
        )
    ]


def test_a_number_compared_with_level_ids_that_look_like_numbers() -> None:
    text = HEAD + (
        "criteria:\n"
        "  - {id: a, title: A, rule: {kind: levels, levels: [{id: '1', points: 1}, "
        "{id: '2', points: 2}]}}\n"
        "gates:\n  - {id: k, title: K, require: {answer: a, equals: 2}}\n" + SCORES_ONLY
    )
    [problem] = check_source(text).problems
    assert problem.code == "condition.value"
    assert problem.message.endswith("use one of: 1, 2; these values are text: write '2' in quotes")


# --- a rubric without tiers -------------------------------------------------------------------


@pytest.mark.parametrize("light", [False, True])
def test_a_rubric_that_leaves_out_tiers_is_warned_it_awards_none(light: bool) -> None:
    report = check_source(HEAD + TREE, file="r.yaml", light=light)
    [problem] = report.problems
    assert (problem.code, problem.where, problem.line, problem.column) == ("tiers.none", "$", 1, 1)
    assert not problem.is_error
    assert report.ok()
    assert not report.ok(strict=True)
    assert "write 'tiers: []' to say the rubric only scores" in problem.message
    assert problem.text("vi").startswith("bộ tiêu chí không có hạng nào")


def test_tiers_written_empty_say_the_rubric_only_scores() -> None:
    assert check_source(HEAD + TREE + "tiers: []\n").ok(strict=True)
    with_tier = HEAD + TREE + "tiers:\n  - {id: t, label: T, rank: 1, min: 5}\n"
    assert check_source(with_tier).ok(strict=True)


def test_a_broken_rubric_without_tiers_is_warned_too() -> None:
    """The partial checks of a misshapen rubric say it as the full checks do, and not when
    a misspelt key may be the tiers."""
    broken = HEAD + TREE.replace("points: 10}", "points: 10, pionts: 1}")
    codes = [p.code for p in check_source(broken).problems]
    assert sorted(codes) == ["key.unknown", "tiers.none"]
    misspelt = broken + "teirs: []\n"
    assert "tiers.none" not in [p.code for p in check_source(misspelt).problems]
    assert "tiers.none" not in [p.code for p in check_source(broken + "tiers: []\n").problems]


def test_a_band_problem_says_where_and_what_in_full() -> None:
    text = _bands(
        "{min: 0, max: 100}", "{min: 0, max: 50, points: 0}", "{min: 50, max: 40, points: -5}"
    )
    found = {(p.code, p.where): p.message for p in check_source(text).problems}
    assert found == {
        ("band.empty", "$.criteria[g1].rule.bands[1].min"): (
            "this band runs from 50 to 40, so no value falls in it; 'min' must be below 'max'"
        ),
        ("points.negative", "$.criteria[g1].rule.bands[1].points"): (
            "points cannot be negative (-5); use 0 or more (a 'deduction' rule takes points away)"
        ),
        ("band.gap", "$.criteria[g1].rule.bands[1].max"): (
            "values from 40 to 100 (the range's maximum) fall in no band; end the last band at 100"
        ),
    }


@pytest.mark.parametrize(
    ("range_", "bands", "expected"),
    [
        (  # a band without 'min' does not end the checks of the bands after it
            "{min: 0, max: 100}",
            ("{min: 0, max: 50, points: 0}", "{max: 60, points: 1}", "{min: 70, points: 2}"),
            {
                ("band.open", "$.criteria[g1].rule.bands[1].min"): (
                    "only the first band may leave out 'min'; add the lower bound"
                ),
                ("band.gap", "$.criteria[g1].rule.bands[2].min"): (
                    "values from 60 to 70 fall in no band; make this band's 'min' equal the "
                    "previous band's 'max' (60)"
                ),
            },
        ),
        (  # the band below the range is outside it; the next starts at its minimum: no gap
            "{min: 50, max: 100}",
            ("{min: 0, max: 10, points: 0}", "{min: 50, max: 100, points: 1}"),
            {
                ("band.outside", "$.criteria[g1].rule.bands[0]"): (
                    "this band lies outside 'range' (answers from 50 to 100); "
                    "remove it or fix its bounds"
                ),
            },
        ),
        (  # a range with only a maximum: a gap below it is a gap
            "{max: 100}",
            ("{min: 0, max: 10, points: 0}", "{min: 20, max: 100, points: 1}"),
            {
                ("band.gap", "$.criteria[g1].rule.bands[1].min"): (
                    "values from 10 to 20 fall in no band; make this band's 'min' equal the "
                    "previous band's 'max' (10)"
                ),
            },
        ),
        (  # a gap that runs past the range ends at the range's maximum
            "{min: 0, max: 100}",
            ("{min: 0, max: 90, points: 0}", "{min: 120, max: 130, points: 1}"),
            {
                ("band.outside", "$.criteria[g1].rule.bands[1]"): (
                    "this band lies outside 'range' (answers from 0 to 100); "
                    "remove it or fix its bounds"
                ),
                ("band.gap", "$.criteria[g1].rule.bands[1].min"): (
                    "values from 90 to 100 fall in no band; make this band's 'min' equal the "
                    "previous band's 'max' (90)"
                ),
            },
        ),
        (  # an overlap, said in full
            "{min: 0, max: 100}",
            ("{min: 0, max: 50, points: 0}", "{min: 40, max: 100, points: 1}"),
            {
                ("band.overlap", "$.criteria[g1].rule.bands[1].min"): (
                    "this band starts at 40, inside the previous band (which ends at 50); bands "
                    "must not overlap: set 'min' to 50"
                ),
            },
        ),
        (  # a band ending at the range's minimum holds nothing of it (min_inclusive)
            "{min: 50, max: 100}",
            ("{min: 0, max: 50, points: 0}", "{min: 50, max: 100, points: 1}"),
            {
                ("band.outside", "$.criteria[g1].rule.bands[0]"): (
                    "this band lies outside 'range' (answers from 50 to 100); "
                    "remove it or fix its bounds"
                ),
            },
        ),
        (  # a band, not the last, starting at the range's maximum holds nothing of it
            "{min: 0, max: 100}",
            (
                "{min: 0, max: 100, points: 0}",
                "{min: 100, max: 120, points: 1}",
                "{min: 120, max: 130, points: 2}",
            ),
            {
                ("band.outside", f"$.criteria[g1].rule.bands[{i}]"): (
                    "this band lies outside 'range' (answers from 0 to 100); "
                    "remove it or fix its bounds"
                )
                for i in (1, 2)
            },
        ),
    ],
)
def test_band_gaps_and_the_range_by_hand(
    range_: str, bands: tuple[str, ...], expected: dict[tuple[str, str], str]
) -> None:
    found = {(p.code, p.where): p.message for p in check_source(_bands(range_, *bands)).problems}
    assert found == expected


def test_ambiguous_labels_are_warned_of_each_at_its_level() -> None:
    """A label two or three levels share (case and NFC aside, any language) is warned of at the
    last of them; a label that is another level's id (case aside) names both; a label a level
    shares with its own id, or with the same level in another language, is no problem."""
    rubric = (
        HEAD
        + (
            "criteria:\n"
            "  - id: c\n"
            "    title: C\n"
            "    rule:\n"
            "      kind: levels\n"
            "      levels:\n"
            "        - {id: good, points: 3, label: {vi: Tốt, en: Good}}\n"
            "        - {id: fair, points: 2, label: {vi: Khá, en: Fair}}\n"
            "        - {id: ok, points: 1, label: {vi: TỐT, en: FAIR}}\n"
            "        - {id: none, points: 0, label: {vi: Good, en: NONE}}\n"
            "        - {id: top, points: 4, label: {vi: OK}}\n"
            "        - {id: low, points: 0, label: {en: good}}\n"
        )
        + SCORES_ONLY
    )
    problems = check_source(rubric, file="r.yaml").problems
    found = [(p.code, p.where, p.severity, p.message) for p in problems]
    says = (
        "names more than one level ({}), so an answer written with it is refused; give each "
        "level its own label"
    )
    assert found == [  # in the order of their places, then of their messages
        (
            "level.label_ambiguous",
            "$.criteria[c].rule.levels[ok].label",
            Severity.WARNING,
            f"the label 'fair' {says.format('fair, ok')}",
        ),
        (
            "level.label_ambiguous",
            "$.criteria[c].rule.levels[ok].label",
            Severity.WARNING,
            f"the label 'tốt' {says.format('good, ok')}",
        ),
        (
            "level.label_ambiguous",
            "$.criteria[c].rule.levels[top].label",
            Severity.WARNING,
            f"the label 'ok' {says.format('ok, top')}",
        ),
        (
            "level.label_ambiguous",
            "$.criteria[c].rule.levels[low].label",
            Severity.WARNING,
            f"the label 'good' {says.format('good, low, none')}",
        ),
    ]


COMPARED = """\
format: 1
id: f
version: "1"
title: F
criteria:
  - id: q
    title: Q
    na: {}
    rule:
      kind: levels
      levels: [{id: low, points: 0}, {id: high, points: 5}]
  - {id: p, title: P, rule: {kind: boolean, points: 1}}
  - {id: pn, title: PN, na: {}, rule: {kind: boolean, points: 1}}
  - {id: t, title: T, rule: {kind: levels, levels: [{id: "1", points: 0}, {id: "2", points: 5}]}}
  - {id: u, title: U, rule: {kind: levels, levels: [{id: "12", points: 0}, {id: "20", points: 5}]}}
tiers: []
facts:
  - {id: size, title: Size, type: choice, options: [small, large]}
  - {id: name, title: Name, type: text}
  - {id: n, title: N, type: integer}
gates:
  - {id: k, title: K, require: {%s}}
"""

THREE_DOTTED = (
    "the fact 'n' is a whole number, and 3.000 is written with a dot; it could mean 3 or 3 "
    "thousand: write 3 for 3, 3000 for 3 thousand (a dot is a decimal point; numbers have no "
    "thousands separator)"
)


@pytest.mark.parametrize(
    ("require", "told"),
    [
        (
            "fact: size, not_equals: huge",
            [
                (
                    "$.gates[k].require.not_equals",
                    "'huge' is not one of the values of the fact 'size'; use one of: small, large",
                )
            ],
        ),
        (
            "answer: q, not_equals: medium",
            [
                (
                    "$.gates[k].require.not_equals",
                    "'medium' is not one of the values of the answer to 'q'; use one of: low, "
                    "high, na",
                )
            ],
        ),
        # N/A allowed: 'na' is one of its values, and only it is let through
        ("answer: q, equals: na", []),
        (
            "answer: q, in: [na, medium]",
            [
                (
                    "$.gates[k].require.in[1]",
                    "'medium' is not one of the values of the answer to 'q'; use one of: low, "
                    "high, na",
                )
            ],
        ),
        ("answer: pn, in: [na, true]", []),
        (
            "answer: pn, equals: 5",
            [
                (
                    "$.gates[k].require.equals",
                    "5 can never match: the answer to 'pn' is true or false; compare with true or "
                    "false (or na)",
                )
            ],
        ),
        (
            "answer: t, equals: 1",
            [
                (
                    "$.gates[k].require.equals",
                    "1 is not one of the values of the answer to 't'; use one of: 1, 2; these "
                    "values are text: write '1' in quotes",
                )
            ],
        ),
        (
            "fact: size, equals: 3",
            [
                (
                    "$.gates[k].require.equals",
                    "3 is not one of the values of the fact 'size'; use one of: small, large",
                )
            ],
        ),
        (
            "fact: name, at_least: 1",
            [
                (
                    "$.gates[k].require.at_least",
                    "'at_least' compares numbers, but the fact 'name' is not a number; use equals, "
                    "not_equals or in",
                )
            ],
        ),
        (
            "fact: name, equals: 3",
            [
                (
                    "$.gates[k].require.equals",
                    "3 can never match: the fact 'name' is text; compare with text",
                )
            ],
        ),
        (
            "fact: n, equals: abc",
            [
                (
                    "$.gates[k].require.equals",
                    "'abc' can never match: the fact 'n' is a whole number; compare with a whole "
                    "number",
                )
            ],
        ),
        # each value told, whatever the others are
        (
            "fact: size, in: [small, huge]",
            [
                (
                    "$.gates[k].require.in[1]",
                    "'huge' is not one of the values of the fact 'size'; use one of: small, large",
                )
            ],
        ),
        (
            "fact: size, in: [huge, tiny]",
            [
                (
                    "$.gates[k].require.in[0]",
                    "'huge' is not one of the values of the fact 'size'; use one of: small, large",
                ),
                (
                    "$.gates[k].require.in[1]",
                    "'tiny' is not one of the values of the fact 'size'; use one of: small, large",
                ),
            ],
        ),
        # a number is not offered the text it is close to ('20'): its quotes are the point
        (
            "answer: u, equals: 2",
            [
                (
                    "$.gates[k].require.equals",
                    "2 is not one of the values of the answer to 'u'; use one of: 12, 20",
                )
            ],
        ),
        ("answer: p, in: ['yes', 'no', true]", []),
        # an integer's 12.500: the whole-number rule, not both readings of a number of any size
        (
            "fact: n, equals: 12.500",
            [
                (
                    "$.gates[k].require.equals",
                    "the fact 'n' is a whole number, and 12.500 is written with a dot; write 12500 "
                    "if the dot separates thousands (a dot is a decimal point, and 12.5 is not a "
                    "whole number)",
                )
            ],
        ),
        # a number written with a dot told after text, and after a number written well
        (
            "fact: n, in: [abc, 3.000]",
            [
                (
                    "$.gates[k].require.in[0]",
                    "'abc' can never match: the fact 'n' is a whole number; compare with a whole "
                    "number",
                ),
                (
                    "$.gates[k].require.in[1]",
                    THREE_DOTTED,
                ),
            ],
        ),
        (
            "fact: n, in: [1, 3.000]",
            [
                (
                    "$.gates[k].require.in[1]",
                    THREE_DOTTED,
                )
            ],
        ),
        # N/A not allowed: 'na' is no value of it
        (
            "answer: p, equals: na",
            [
                (
                    "$.gates[k].require.equals",
                    "'na' can never match: the answer to 'p' is true or false; compare with true "
                    "or false",
                )
            ],
        ),
    ],
)
def test_each_value_compared_is_told_at_its_place_and_na_only_where_allowed(
    require: str, told: list[tuple[str, str]]
) -> None:
    report = check_source(COMPARED % require, file="f.yaml")
    # the facts no gate of these cases reads are told unused (fact.unused has its own case)
    problems = [p for p in report.problems if p.code != "fact.unused"]
    assert [(p.where, p.message) for p in problems] == told
    assert {p.code for p in problems} <= {"condition.value"}


def test_a_choice_fact_without_options_is_told_once() -> None:
    source = (COMPARED % "fact: bare, equals: x").replace(
        "facts:\n", "facts:\n  - {id: bare, title: Bare, type: choice}\n"
    )
    report = check_source(source, file="f.yaml")
    problems = [p for p in report.problems if p.code != "fact.unused"]
    assert [(p.code, p.where) for p in problems] == [("fact.options", "$.facts[bare]")]
