"""Messages of `check` read well in the edge cases found while documenting every code."""

from __future__ import annotations

from tiercert import check_source

HEAD = 'format: 1\nid: x\nversion: "1"\ntitle: X\n'
LEAF = "  - {id: c1, title: C1, rule: {kind: boolean, points: 10}}\n"


def _messages(text: str) -> dict[str, str]:
    return {p.code: p.message for p in check_source(HEAD + text).problems}


def test_a_gate_that_can_never_pass_without_tiers_names_no_empty_list() -> None:
    gate = "gates:\n  - {id: g, title: G, require: {score: c1, at_least: 15}}\n"
    message = _messages("criteria:\n" + LEAF + gate)["tier.unreachable"]
    assert message == "this gate can never pass; fix the condition"
    with_tier = gate + "tiers:\n  - {id: t, label: T, rank: 1, min: 5}\n"
    assert (
        "no unit can reach: t;" in _messages("criteria:\n" + LEAF + with_tier)["tier.unreachable"]
    )


def test_comparing_points_with_true_shows_yaml_words() -> None:
    gate = "gates:\n  - {id: g, title: G, require: {score: c1, equals: true}}\n"
    message = _messages("criteria:\n" + LEAF + gate)["condition.type"]
    assert message == "points are numbers; equals true can never match, use a number"


def test_top_above_the_number_of_children_says_how_many() -> None:
    group = "criteria:\n  - id: g\n    title: G\n    top: 5\n    children:\n  " + LEAF
    assert _messages(group)["top.unused"] == (
        "'top: 5' is more than the number of children (1); it has no effect"
    )


def test_an_unquoted_comma_in_a_flow_title_says_to_quote_the_title() -> None:
    text = (
        "criteria:\n  - {id: c1, title: Health, wellness and safety, max: 1, rule: {kind: direct}}"
    )
    text += "\ntiers: []\n"
    problems = check_source(HEAD + text, file="r.yaml").problems
    assert [p.format() for p in problems] == [
        "r.yaml:6:29: error: $.criteria[c1]['wellness and safety']: unknown key 'wellness and "
        "safety'; it has no value, so it is probably the end of the text before it, cut off by a "
        "comma inside '{...}': put the whole text in quotes, title: \"Health, wellness and "
        'safety" [key.unknown]'
    ]


def test_an_unquoted_comma_in_a_flow_title_mapping_says_to_quote_the_whole_text() -> None:
    """``{vi: thôn, bản, tổ dân phố, en: ...}`` said only ``title.bản: expected text``: each
    key cut off by the comma says to quote the whole text, which it gives; a language left
    empty (``en:``) is not taken for one (fourteenth round)."""
    text = (
        "criteria:\n  - id: c1\n    title: {vi: Hạ tầng đến thôn, bản, tổ dân phố, en: Roads}\n"
        "    rule: {kind: boolean, points: 1}\n"
        "  - id: c2\n    title: {vi: Đường, en: }\n    rule: {kind: boolean, points: 1}\n"
        "tiers: []\n"
    )
    problems = check_source(HEAD + text, file="r.yaml").problems
    said = {p.path[-1]: p.message for p in problems}
    whole = 'put the whole text in quotes, vi: "Hạ tầng đến thôn, bản, tổ dân phố"'
    assert said["bản"].endswith(whole)
    assert said["tổ dân phố"].endswith(whole)
    assert said["en"].endswith("; change the value")
    assert "quotes" not in said["en"]


def test_a_misspelt_key_without_a_value_still_gets_did_you_mean() -> None:
    text = "criteria:\n  - {id: c1, title: T, max: 1, rule: {kind: direct}, provisonal}\n"
    text += "tiers: []\n"
    (problem,) = check_source(HEAD + text).problems
    assert problem.message.endswith("did you mean 'provisional'?")
