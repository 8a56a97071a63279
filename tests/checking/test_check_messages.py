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


def test_a_decimal_comma_in_a_flow_mapping_says_to_write_a_dot() -> None:
    """A rubric author's pass (sixteenth round): ``{..., min: 72,5}`` reads as ``min: 72`` and a
    key ``5``, which said only "unknown key '5'; allowed here: ..."; it now says what to write,
    and in Vietnamese too. A text before the key still gets the quotes' hint."""
    text = (
        "criteria:\n  - id: c1\n    title: C1\n    rule:\n      kind: levels\n"
        "      levels:\n        - {id: tot, label: Tốt, points: 8,5}\n"
        "        - {id: kem, label: Kém, points: -1,25}\n"
        "tiers:\n  - {id: t, label: T, rank: 1, min: 72,5}\n"
        "  - {id: u, label: U, rank: 2, min: 80, 5}\n"
    )
    problems = check_source(HEAD + text, file="r.yaml").problems
    assert [(p.where, p.message.split("; ", 1)[1]) for p in problems] == [
        (
            "$.criteria[c1].rule.levels[tot]['5']",
            "it has no value, so it is probably the decimals of the number before it, cut off by "
            "a comma inside '{...}': use a dot for decimals, points: 8.5",
        ),
        (
            "$.criteria[c1].rule.levels[kem]['25']",
            "it has no value, so it is probably the "
            "decimals of the number before it, cut off by a comma inside '{...}': use a dot for "
            "decimals, points: -1.25",
        ),
        (
            "$.tiers[t]['5']",
            "it has no value, so it is probably the decimals of the number "
            "before it, cut off by a comma inside '{...}': use a dot for decimals, min: 72.5",
        ),
        (
            "$.tiers[u]['5']",
            "it has no value, so it is probably the decimals of the number "
            "before it, cut off by a comma inside '{...}': use a dot for decimals, min: 80.5",
        ),
    ]
    assert problems[2].text("vi") == (
        "khóa lạ '5'; khóa này không có giá trị, có lẽ là phần thập phân của số trước nó, bị "
        "dấu phẩy trong '{...}' cắt ra: số thập phân viết bằng dấu chấm, min: 72.5"
    )
    title = "criteria:\n" + LEAF + "tiers:\n  - {id: t, label: Mức 1, 5, rank: 1, min: 5}\n"
    (quoted,) = check_source(HEAD + title).problems
    assert quoted.message.endswith('put the whole text in quotes, label: "Mức 1, 5"')


def test_a_percent_sign_on_a_rubric_number_says_to_leave_it_out() -> None:
    """``max: 30%`` or ``min: 72,5%`` in a band said "expected a number, got '30%'; change the
    value", and ``20,5%`` was told to write ``20.5%``, refused in turn (sixteenth round)."""
    text = (
        "criteria:\n  - id: c1\n    title: C1\n    rule:\n      kind: bands\n"
        '      unit: "%"\n      bands:\n        - {max: 30%, points: 0}\n'
        "        - min: 30\n          max: 72,5 %\n          points: 5\n"
        "        - {min: 72.5, points: 10}\n"
        "tiers: []\n"
    )
    problems = check_source(HEAD + text).problems
    assert [(p.code, p.message) for p in problems] == [
        (
            "value.number",
            "expected a number, got '30%'; a rubric's numbers are written without a percent "
            "sign: write 30",
        ),
        (
            "value.number",
            "expected a number, got '72,5 %'; a rubric's numbers are written without a percent "
            "sign; use a dot for decimals: write 72.5",
        ),
    ]
    # in a flow mapping the comma cuts '72,5 %' in two: the decimals' hint, without the sign
    flow = "        - {min: 30, max: 72,5 %, points: 5}\n"
    block = "        - min: 30\n          max: 72,5 %\n          points: 5\n"
    (cut,) = check_source(HEAD + text.replace(block, flow).replace("30%", "30")).problems
    assert cut.message.endswith("use a dot for decimals, max: 72.5")
    assert problems[0].text("vi") == (
        "cần một số, nhưng nhận được '30%'; số trong bộ tiêu chí viết không kèm dấu phần trăm: "
        "hãy ghi 30"
    )


def test_a_country_s_code_for_a_language_says_which_language_s_to_write() -> None:
    """``language: vn`` (Viet Nam; Vietnamese is ``vi``) was taken as a language with no
    catalog: English messages, and a ``text.language`` warning on every Vietnamese text,
    none naming the mistake. One warning now says it, once for the rubric's language and once
    per text that names the language so (sixteenth round)."""
    text = (
        "language: vn\ncriteria:\n  - id: c1\n    title: {vn: Cây xanh, en: Trees}\n"
        "    rule: {kind: boolean, points: 1}\n  - id: c2\n    title: {vi: Sân, en: Yard}\n"
        "    rule: {kind: boolean, points: 1}\ntiers: []\n"
    )
    problems = check_source(HEAD + text).problems
    assert [(p.code, p.where, p.message) for p in problems] == [
        (
            "language.country",
            "$.language",
            "'vn' is a country's code, not a language's; write the language's: 'vi'",
        ),
        (
            "language.country",
            "$.criteria[c1].title.vn",
            "'vn' is a country's code, not a language's; write the language's: 'vi'",
        ),
    ]
    assert problems[0].text("vi") == (
        "'vn' là mã quốc gia, không phải mã ngôn ngữ; hãy ghi mã ngôn ngữ: 'vi'"
    )
    assert not check_source(HEAD + text.replace("vn", "vi")).problems
