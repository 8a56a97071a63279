"""What ``tiercert check`` refuses in each rule kind's parameters, by hand: the code, the place
(the path people read), the severity and what the message says, one kind at a time.

A mistake in a kind's ``_check`` lets a broken rubric through or points at the wrong field, so
each case names the field and the values either side of each limit.
"""

from __future__ import annotations

import pytest

from tiercert import check_source

HEAD = 'format: 1\nid: r\nversion: "1"\ntitle: R\n'
TAIL = "tiers: []\n"


def problems(rule: str, node: str = "", more: str = "") -> list[tuple[str, str, str, str]]:
    """(code, where, severity, message) of each problem of a rubric with one criterion ``c``."""
    text = f"{HEAD}criteria:\n  - {{id: c, title: C, {node}rule: {rule}}}\n{more}{TAIL}"
    report = check_source(text)
    return [(p.code, p.where, p.severity.value, p.text()) for p in report.problems]


def in_vietnamese(rule: str) -> list[str]:
    """The messages in Vietnamese: each a catalog's translation, not the English text."""
    text = f"{HEAD}criteria:\n  - {{id: c, title: C, rule: {rule}}}\n{TAIL}"
    return [p.text("vi") for p in check_source(text).problems]


def codes(rule: str, node: str = "", more: str = "") -> list[tuple[str, str, str]]:
    return [(code, where, severity) for code, where, severity, _ in problems(rule, node, more)]


RULE = "$.criteria[c].rule"
RATIO = "{{kind: ratio, points: 10, full_at: {}}}"
LINEAR = "{{kind: linear, start: {{value: 0, points: {}}}, end: {{value: 9, points: {}}}}}"
NEGATIVE = "points cannot be negative ({}); use 0 or more"


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ("{kind: boolean, points: -5}", "points"),
        ("{kind: condition, when: {answer: d, equals: true}, points: -5}", "points"),
        ("{kind: count, per_item: -5}", "per_item"),
        ("{kind: deduction, per_item: -5}", "per_item"),
        ("{kind: deduction, per_item: 1, floor: -5}", "floor"),
        ("{kind: deduction, per_item: 1, start: -5}", "start"),
        (
            "{kind: linear, start: {value: 0, points: -5}, end: {value: 9, points: 1}}",
            "start.points",
        ),
        (LINEAR.format(1, -5), "end.points"),
        ("{kind: ratio, points: -5, floor: -6}", "points"),
    ],
    ids=[
        "boolean",
        "condition",
        "count",
        "deduction",
        "deduction-floor",
        "deduction-start",
        "linear-start",
        "linear-end",
        "ratio",
    ],
)
def test_a_negative_amount_is_refused_at_its_own_field(rule: str, field: str) -> None:
    more = "  - {id: d, title: D, rule: {kind: boolean, points: 1}}\n"
    found = [p for p in problems(rule, "max: 9, ", more) if p[0] == "points.negative"]
    assert [(where, severity) for _, where, severity, _ in found][:1] == [
        (f"{RULE}.{field}", "error")
    ]
    if not rule.startswith("{kind: deduction") or field == "start":  # deduction: below
        assert NEGATIVE.format(-5) in found[0][3]


def test_a_deduction_s_negative_floor_or_per_item_says_what_to_write() -> None:
    # a deduction's floor and per_item in the rule's own words, not "points cannot be
    # negative (a 'deduction' rule takes points away)", at the field's line and column
    text = (
        f"{HEAD}criteria:\n  - id: c\n    title: C\n    max: 9\n"
        "    rule: {kind: deduction, per_item: -2.5, floor: -5}\n"
        f"{TAIL}"
    )
    found = [(p.line, p.column, p.where, p.text()) for p in check_source(text).problems]
    row = HEAD.count("\n") + 5
    line = text.splitlines()[row - 1]
    assert found == [
        (
            row,
            line.index("-2.5") + 1,
            f"{RULE}.per_item",
            "per_item is the points taken away for each occurrence, written without a minus "
            "sign (-2.5); write per_item: 2.5",
        ),
        (
            row,
            line.index("-5") + 1,
            f"{RULE}.floor",
            "the floor cannot be negative (-5): it is the lowest score the criterion gets, and "
            "points are never negative; write floor: 0 (the default) or more",
        ),
    ]
    vi = in_vietnamese("{kind: deduction, per_item: -2.5, floor: -5, start: 9}")
    assert len(vi) == 2
    assert "per_item: 2.5" in vi[0]
    assert vi[0] != found[0][3]
    assert "floor: 0" in vi[1]
    assert vi[1] != found[1][3]


def test_each_negative_amount_of_a_rule_is_refused_and_none_other() -> None:
    rule = "{kind: deduction, per_item: -1, floor: -2, start: -3}"
    assert codes(rule) == [
        ("points.negative", f"{RULE}.per_item", "error"),
        ("points.negative", f"{RULE}.floor", "error"),
        ("points.negative", f"{RULE}.start", "error"),
    ]
    ratio = problems("{kind: ratio, points: -1, floor: -2}")
    assert [(code, where) for code, where, _, _ in ratio] == [
        ("points.negative", f"{RULE}.points"),
        ("points.negative", f"{RULE}.floor"),
    ]
    assert NEGATIVE.format(-2) in ratio[1][3]
    levels = "{kind: levels, levels: [{id: a, points: 1}, {id: b, points: -2}]}"
    assert codes(levels) == [("points.negative", f"{RULE}.levels[b].points", "error")]


@pytest.mark.parametrize(
    "rule",
    [
        "{kind: boolean, points: 1}",
        "{kind: count, per_item: 0}",
        "{kind: deduction, per_item: 0, floor: 0, start: 1}",
        "{kind: deduction, per_item: 1}",
        "{kind: direct}",
        "{kind: linear, start: {value: 0, points: 0}, end: {value: 1, points: 1}}",
        "{kind: ratio, points: 1}",
        "{kind: levels, levels: [{id: a, points: 0}, {id: b, points: 1}]}",
    ],
    ids=[
        "boolean",
        "count",
        "deduction",
        "deduction-default",
        "direct",
        "linear",
        "ratio",
        "levels",
    ],
)
def test_zero_and_the_defaults_are_accepted(rule: str) -> None:
    assert problems(rule, "max: 1, ") == []


def test_a_conditions_rule_has_its_condition_checked_where_it_is() -> None:
    found = problems("{kind: condition, when: {answer: nowhere, equals: true}, points: 1}")
    assert [(code, where) for code, where, _, _ in found] == [
        ("ref.unknown", f"{RULE}.when.answer")
    ]
    assert "nowhere" in found[0][3]


def test_linear_anchors_of_one_value_are_refused_at_the_end() -> None:
    rule = "{kind: linear, start: {value: 5, points: 0}, end: {value: 5, points: 10}}"
    [(code, where, severity, message)] = problems(rule)
    assert (code, where, severity) == ("linear.degenerate", f"{RULE}.end.value", "error")
    assert "'start' and 'end' have the same value" in message
    assert "use 'bands' or move one anchor" in message
    assert in_vietnamese(rule) == [
        "'start' và 'end' có cùng giá trị nên không tính tỷ lệ được; hãy dùng 'bands' hoặc "
        "đổi một trong hai mốc"
    ]


@pytest.mark.parametrize("full_at", ["0", "-1", "100.5", "101", "120"])
def test_ratio_full_at_outside_0_to_100_is_refused(full_at: str) -> None:
    [(code, where, severity, message)] = problems(
        f"{{kind: ratio, points: 10, full_at: {full_at}}}"
    )
    assert (code, where, severity) == ("ratio.full_at", f"{RULE}.full_at", "error")
    assert f"'full_at' is a percentage above 0 and at most 100, got {full_at}" in message
    assert "write 80 for full points from 80%" in message
    [vi] = in_vietnamese(RATIO.format(full_at))
    assert f"không quá 100, nhưng nhận được {full_at}; ghi 80 nếu đạt 80%" in vi


@pytest.mark.parametrize(("full_at", "meant"), [("1", "100"), ("0.8", "80"), ("0.005", "0.5")])
def test_ratio_full_at_written_as_a_share_is_warned_of(full_at: str, meant: str) -> None:
    [(code, where, severity, message)] = problems(
        f"{{kind: ratio, points: 10, full_at: {full_at}}}"
    )
    assert (code, where, severity) == ("ratio.full_at", f"{RULE}.full_at", "warning")
    assert f"{full_at} means {full_at}%; for {meant}% write {meant}" in message
    [vi] = in_vietnamese(RATIO.format(full_at))
    # the percentages told with the decimal comma; what is written in the file, with its dot
    said, told = full_at.replace(".", ","), meant.replace(".", ",")
    assert f"{full_at} nghĩa là {said}%; muốn {told}% thì ghi {meant}" in vi


@pytest.mark.parametrize("full_at", ["1.01", "2", "80", "100"])
def test_ratio_full_at_as_a_percentage_is_accepted(full_at: str) -> None:
    assert problems(RATIO.format(full_at)) == []


def test_ratio_floor_above_the_points_is_refused_at_the_floor() -> None:
    [(code, where, severity, message)] = problems("{kind: ratio, points: 10, floor: 10.5}")
    assert (code, where, severity) == ("ratio.floor", f"{RULE}.floor", "error")
    assert "the floor 10.5 is above the points 10" in message
    assert "lower 'floor' or raise 'points'" in message
    [vi] = in_vietnamese("{kind: ratio, points: 10, floor: 10.5}")
    assert vi.startswith("điểm sàn 10,5 cao hơn số điểm 10")
    assert vi.endswith("hãy giảm 'floor' hoặc tăng 'points'")
    assert problems("{kind: ratio, points: 10, floor: 10}") == []


def test_ratio_full_at_and_floor_both_wrong_are_both_said() -> None:
    assert codes("{kind: ratio, points: 1, full_at: 0, floor: 2}") == [
        ("ratio.full_at", f"{RULE}.full_at", "error"),
        ("ratio.floor", f"{RULE}.floor", "error"),
    ]


def test_levels_duplicate_ids_are_refused_at_the_second() -> None:
    rule = "{kind: levels, levels: [{id: a, points: 1}, {id: b, points: 2}, {id: a, points: 3}]}"
    found = problems(rule)
    assert [(c, w, s) for c, w, s, _ in found] == [
        ("level.duplicate", f"{RULE}.levels[a].id", "error")
    ]
    assert "the level 'a' is listed twice; give each level its own id" in found[0][3]
    assert in_vietnamese(rule) == ["mức 'a' được liệt kê hai lần; hãy cho mỗi mức một mã riêng"]
    # the path of the second 'a': its index, not the first's
    from tiercert.rubric import check_source as check

    report = check(f"{HEAD}criteria:\n  - {{id: c, title: C, rule: {rule}}}\n{TAIL}", file="r.yaml")
    assert [p.path[-2:] for p in report.problems] == [(2, "id")]


@pytest.mark.parametrize("name", ["na", "NA", "Na"])
def test_levels_an_id_na_is_refused_in_any_case(name: str) -> None:
    rule = f"{{kind: levels, levels: [{{id: ok, points: 1}}, {{id: {name}, points: 2}}]}}"
    found = problems(rule)
    assert [(c, w, s) for c, w, s, _ in found] == [
        ("level.reserved", f"{RULE}.levels[{name}].id", "error")
    ]
    assert f"'{name}' is how an assessment says 'not applicable'" in found[0][3]
    assert "rename the level (to allow N/A, add 'na:' to the criterion)" in found[0][3]
    [vi] = in_vietnamese(rule)
    assert vi.startswith(f"'{name}' là cách tệp chấm điểm ghi “không áp dụng”")
    assert vi.endswith("thì thêm 'na:' vào tiêu chí)")


def test_levels_ids_near_na_are_accepted() -> None:
    rule = (
        "{kind: levels, levels: [{id: nay, points: 1}, {id: n, points: 2}, {id: xna, points: 0}]}"
    )
    assert problems(rule) == []


def test_levels_every_problem_is_said_at_once() -> None:
    rule = (
        "{kind: levels, levels: [{id: na, points: -1}, {id: na, points: 2},"
        " {id: b, points: 1, label: {en: B2}}, {id: c, points: 0, label: {en: b2}}]}"
    )
    found = [(c, w) for c, w, _, _ in problems(rule)]
    assert found == [
        ("level.reserved", f"{RULE}.levels[na].id"),
        ("points.negative", f"{RULE}.levels[na].points"),
        ("level.duplicate", f"{RULE}.levels[na].id"),
        ("level.reserved", f"{RULE}.levels[na].id"),
        ("level.label_ambiguous", f"{RULE}.levels[c].label"),
    ]


READER = (
    "  - {id: a, title: A, rule: {kind: levels, levels: [{id: x, points: 1}, {id: y, points: 0}]}}"
    "\n"
    "  - {id: b, title: B, answer_from: a, rule: {kind: levels, levels: %s}}\n"
)


def _reader(levels: str) -> list[tuple[str, str, str, str]]:
    report = check_source(f"{HEAD}criteria:\n{READER % levels}{TAIL}")
    return [(p.code, p.where, p.text(), p.text("vi")) for p in report.problems]


def test_levels_read_from_another_criterion_need_its_ids_in_any_order() -> None:
    [(code, where, en, vi)] = _reader("[{id: y, points: 1}, {id: z, points: 0}]")
    assert (code, where) == ("answer_from.levels", "$.criteria[b].rule.levels")
    # the source named, its ids and this criterion's, each in its own order
    assert "reads the answer to 'a', so it needs the same level ids (x, y), got: y, z;" in en
    assert "câu trả lời của 'a', nên cần cùng các mã mức (x, y), nhưng nhận được: y, z;" in vi
    assert _reader("[{id: y, points: 1}, {id: x, points: 0}]") == []


LEVEL_RULES = (
    "{kind: levels, levels: [{id: hi, points: 1, evidence_rules: {url: {form: any}}},"
    " {id: lo, points: 0}]}"
)


def test_a_levels_rules_judge_the_evidence_its_criterion_needs() -> None:
    # the level needs no evidence of its own: the criterion's (a URL) is what its rules judge
    assert problems(LEVEL_RULES, "evidence: [url], ") == []
    assert codes(LEVEL_RULES, "evidence: [justification], ") == [
        ("evidence_rules.unused", f"{RULE}.levels[hi].evidence_rules.url", "warning")
    ]


def test_a_levels_rules_under_a_duplicate_id_are_checked_without_a_crash() -> None:
    # the second criterion 'c' hides the first from the checks' map of ids: its levels rule
    # is still checked, and the duplicate said
    more = "  - {id: c, title: D, rule: {kind: boolean, points: 1}}\n"
    found = codes(LEVEL_RULES, "evidence: [url], ", more)
    # only the error: which evidence the hidden criterion needs is not known, so no warning
    # that its level needs none
    assert found == [("id.duplicate", "$.criteria[c].id", "error")]


def test_only_the_levels_rules_that_judge_nothing_are_warned_of() -> None:
    rule = (
        "{kind: levels, levels: [{id: lo, points: 0},"
        " {id: mid, points: 1, evidence: [justification],"
        " evidence_rules: {justification: {min_length: 8}}},"
        " {id: hi, points: 2, evidence: [justification], evidence_rules: {url: {form: any}}},"
        " {id: top, points: 3, evidence: [], evidence_rules: {url: {form: any}}}]}"
    )
    found = problems(rule)
    assert [(code, where, severity) for code, where, severity, _ in found] == [
        ("evidence_rules.unused", f"{RULE}.levels[hi].evidence_rules.url", "warning"),
        ("evidence_rules.unused", f"{RULE}.levels[top].evidence_rules", "warning"),
    ]
    assert found[0][3].startswith("the level 'hi' needs no URL, so its 'url' rules judge nothing")
    assert found[1][3].startswith("the level 'top' needs no evidence")
    vi = in_vietnamese(rule)
    assert vi[0].startswith("mức 'hi' không cần đường dẫn (URL)")
    assert vi[1].startswith("mức 'top' không cần minh chứng")


def test_a_label_is_ambiguous_when_two_levels_share_it_or_it_is_another_levels_id() -> None:
    # a level's own id as its label, and labels of their own: nothing to say
    rule = (
        "{kind: levels, levels: [{id: a, points: 1, label: {en: A}},"
        " {id: b, points: 0, label: {en: Bee}}]}"
    )
    assert problems(rule) == []
    # a label that is another level's id (however cased): an answer 'B' could mean either
    rule = "{kind: levels, levels: [{id: a, points: 1, label: {en: B}}, {id: b, points: 0}]}"
    [(code, where, severity, message)] = problems(rule)
    assert (code, where, severity) == (
        "level.label_ambiguous",
        f"{RULE}.levels[a].label",
        "warning",
    )
    assert message.startswith("the label 'b' names more than one level (a, b), so an answer")
    [vi] = in_vietnamese(rule)
    assert vi.startswith("nhãn 'b' dùng cho nhiều mức (a, b)")
    assert vi.endswith("hãy cho mỗi mức một nhãn riêng")
