"""The message catalogs (issue 13): complete in every language, current with the code, their
compiled files current with their sources, each translation true to its message's
placeholders; the language chosen flag > ``TIERCERT_LANG`` > the locale's > the rubric's >
English; two languages side by side in one process."""

from __future__ import annotations

import gettext
import importlib.util
import re
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import tiercert
from conftest import ROOT
from tiercert import _i18n
from tiercert._numbers import display_number
from tiercert.report import render_html, render_markdown, render_text


def _catalogs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CATALOGS = _catalogs()


def _messages(lang: str) -> Iterator[tuple[str | tuple[str, ...], str | None, tuple[str, ...]]]:
    """(id, context, translations) of each message of ``lang``'s ``.po``."""
    for message in CATALOGS.read(lang):
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message.id, message.context, tuple(strings)


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    missing = [mid for mid, _, strings in _messages(lang) if not all(strings)]
    assert missing == [], f"untranslated in {lang}: fill them in its .po, then tools/regen.py"


def _extracted() -> set[tuple[str | tuple[str, ...], str | None]]:
    return {(m.id, m.context) for m in CATALOGS.extract() if m.id}


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_each_catalog_holds_exactly_the_messages_of_the_code(lang: str) -> None:
    """The extraction check: a message added, changed or removed in the code or the
    templates makes the catalog stale (run python tools/regen.py, then translate)."""
    held = {(mid, context) for mid, context, _ in _messages(lang)}
    found = _extracted()
    assert sorted(map(str, found - held)) == [], "not in the catalog"
    assert sorted(map(str, held - found)) == [], "in the catalog, gone from the code"
    assert CATALOGS.po_path(lang).read_text(encoding="utf-8") == CATALOGS.merged(lang)


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_every_marked_text_is_in_the_catalog_however_deeply_nested(lang: str) -> None:
    """Read from the syntax tree, not by Babel, which misses a ``msg()`` inside another
    marker's arguments (``msg("...{hint}", hint=msg("..."))``): each is in the catalog."""
    held = {(mid, context) for mid, context, _ in _messages(lang)}
    marked = set(CATALOGS.marked_texts())
    assert (" (use a dot for decimals: 79.5)", None) in marked
    assert sorted(map(str, marked - held)) == [], "not in the catalog: run tools/regen.py"


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_each_compiled_catalog_is_current(lang: str) -> None:
    po = CATALOGS.po_path(lang).read_text(encoding="utf-8")
    assert CATALOGS.mo_path(lang).read_bytes() == CATALOGS.compiled(po, lang)


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_the_catalog_read_on_demand_answers_as_gettext_does(lang: str) -> None:
    """``_i18n.Catalog`` decodes a message when first asked for (docs/performance.md, cold
    starts): for every message of the catalog, singular, plural and in a context, and for
    texts it does not hold, it answers exactly as ``gettext.GNUTranslations`` reading the
    same file does."""
    with CATALOGS.mo_path(lang).open("rb") as file:
        reference = gettext.GNUTranslations(file)
    ours = _i18n.translator(lang)
    assert isinstance(ours, _i18n.Catalog)
    asked = 0
    for mid, context, _ in _messages(lang):
        if isinstance(mid, tuple):
            single, plural = mid
            for n in (0, 1, 2, 5, 21, 101):
                if context is None:
                    got, wanted = (
                        ours.ngettext(single, plural, n),
                        reference.ngettext(single, plural, n),
                    )
                else:
                    got, wanted = (
                        ours.npgettext(context, single, plural, n),
                        reference.npgettext(context, single, plural, n),
                    )
                assert got == wanted, (context, mid, n)
        elif context is None:
            assert ours.gettext(mid) == reference.gettext(mid), mid
        else:
            assert ours.pgettext(context, mid) == reference.pgettext(context, mid), mid
        asked += 1
    assert asked > 500
    for text in ("not a message", "Total: {total} ", "", "\x00", "\x04"):
        assert ours.gettext(text) == reference.gettext(text)
        assert ours.pgettext("decimal mark", text) == reference.pgettext("decimal mark", text)
        for n in (1, 2):
            assert ours.ngettext(text, text + "s", n) == reference.ngettext(text, text + "s", n)


_PERCENT = re.compile(r"%\((\w+)\)s")


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message: ``{total}`` (the code's messages) or
    ``%(total)s`` (the templates')."""
    if _PERCENT.search(text):
        return set(_PERCENT.findall(text))
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_placeholders_are_named() -> None:
    for mid, _, _ in _messages("en"):
        for text in mid if isinstance(mid, tuple) else (mid,):
            fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
            assert all(fields), f"a positional placeholder in {text!r}: name it"
            assert "%s" not in text.replace("%%", ""), text


@pytest.mark.parametrize("lang", CATALOGS.LANGUAGES)
def test_each_translation_uses_exactly_its_messages_placeholders(lang: str) -> None:
    for mid, _, strings in _messages(lang):
        wanted = set().union(
            *(placeholders(t) for t in (mid if isinstance(mid, tuple) else (mid,)))
        )
        for text in strings:
            assert placeholders(text) == wanted, (mid, text)


def test_the_check_sees_a_wrong_placeholder() -> None:
    assert placeholders("Tổng điểm: {tong}") != placeholders("Total: {total}")
    assert placeholders("%(n)s điểm") == placeholders("%(n)s points")


def test_the_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_i18n.ENVIRONMENT, raising=False)
    assert _i18n.choose(None, None) == "en"
    assert _i18n.choose(None, "vi") == "vi"
    monkeypatch.setenv(_i18n.ENVIRONMENT, "en")
    assert _i18n.choose(None, "vi") == "en"
    assert _i18n.choose("vi", "en") == "vi"


def test_a_language_without_a_catalog_reads_english() -> None:
    assert _i18n.translator("fr").gettext("Total: {total}") == "Total: {total}"
    assert _i18n.translator("vi_VN").gettext("Total: {total}") == "Tổng điểm: {total}"
    assert _i18n.decimal_mark("fr") == "."


def test_numbers_in_vietnamese_have_the_decimal_comma_and_nothing_else_changes() -> None:
    from fractions import Fraction

    assert display_number(Fraction(851, 10), lang="vi") == "85,1"
    assert display_number(Fraction(80) - Fraction(1, 3 * 10**12), lang="vi") == "79,999999999999…"
    assert display_number(Fraction(1, 3), "ceiling", 2, lang="vi") == "0,34…"
    assert display_number(Fraction(80), lang="vi") == "80"
    assert display_number(Fraction(851, 10)) == "85.1"


def test_whole_numbers_have_the_readers_thousands_separator() -> None:
    assert _i18n.whole_number(12_000_003, "vi") == "12.000.003"
    assert _i18n.whole_number(12_000_003, "en") == "12,000,003"
    assert _i18n.whole_number(-999, "vi") == "-999"


def _every_placeholder(template: str, value: object) -> dict[str, object]:
    return {name: value for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_writes_its_thousands_as_the_reader_does() -> None:
    """Each ``{count:,}`` of the catalogs: ``12.000.003`` in Vietnamese, never
    ``12,000,003`` (the English one, which the JSON keeps)."""
    grouped = [
        mid
        for mid, _, _ in _messages("vi")
        if isinstance(mid, str) and ":,}" in mid and "%(" not in mid
    ]
    assert len(grouped) >= 8  # file and YAML limits, long texts, tabular limits
    for template in grouped:
        message = _i18n.Message(template, _every_placeholder(template, 12_000_003))
        assert "12,000,003" in str(message)
        assert "12.000.003" in message.in_lang("vi"), template
        assert "12,000,003" not in message.in_lang("vi"), template


def test_two_languages_in_one_process_do_not_interfere() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    result = rubric.evaluate(tiercert.load_assessment(ROOT / "examples/bac_giang/xa_mau_a.yaml"))
    first = {
        lang: (
            render_text(result, rubric, lang=lang),
            render_html(result, rubric, lang=lang, date="2024-12-20"),
        )
        for lang in ("vi", "en")
    }
    for lang in ("en", "vi", "en"):
        again = (
            render_text(result, rubric, lang=lang),
            render_html(result, rubric, lang=lang, date="2024-12-20"),
        )
        assert again == first[lang]
    assert "Tổng điểm: 85,1 / 100 (85,1%)" in first["vi"][0]
    assert "Total: 85.1 / 100 (85.1%)" in first["en"][0]
    assert "| Total | 85.1 / 100 (85.1%) |" in render_markdown(result, rubric, lang="en")


def test_json_stays_english_whatever_the_language() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    failed = rubric.evaluate(
        tiercert.load_assessment(ROOT / "examples/bac_giang/xa_mau_e_knocked_out.yaml")
    )
    gate = next(g for g in failed.gates if not g.passed)
    assert gate.reason.startswith("fact ")
    assert gate.reason_in("vi").startswith("thông tin ")
    assert '"reason": "fact ' in failed.to_json()


def test_a_problem_is_written_in_the_readers_language_and_stays_english_as_data() -> None:
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"g1": 21, "g2": 20, "g3": 20, "g4": 15})
    by_code = {p.code: p for p in caught.value.problems}
    missing, range_ = by_code["answer.missing"], by_code["answer.range"]
    assert missing.message.startswith("no answer for 'g5")  # the API's message: English
    assert missing.to_dict()["message"] == missing.message
    assert missing.format() == missing.format("en")
    assert "chưa có câu trả lời cho 'g5" in missing.format("vi")
    assert missing.format("vi").endswith("[answer.missing]")  # the code is never translated
    assert range_.text("vi") == "điểm của 'g1' phải là một số từ 0 đến 20, nhưng nhận được 21"


def test_did_you_mean_ignores_case_and_accents() -> None:
    from tiercert._paths import did_you_mean

    assert did_you_mean("tot", ["Tốt", "Khá"]) == "; did you mean 'Tốt'?"
    assert did_you_mean("DAT DAY DU", ["Đạt đầy đủ", "Chưa đạt"]) == "; did you mean 'Đạt đầy đủ'?"
    assert did_you_mean("g9", ["Tốt", "Khá"]) == ""


def test_no_message_is_marked_inside_an_f_string() -> None:
    """``f"## {_('Gates')}"`` is never extracted (Babel skips f-strings): the message is
    missing from every catalog and stays English. Write ``"## " + _("Gates")``."""
    import ast

    hidden = []
    for path in sorted((ROOT / "src" / "tiercert").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", None))
                    in ("_", "gettext", "ngettext", "pgettext", "msg", "N_")
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.name}:{call.lineno}")
    assert hidden == []


def test_the_yaml_and_csv_templates_speak_the_readers_language(tmp_path: Path) -> None:
    """Every comment of the YAML template and every note of the CSV template is in the
    sheet's language (issue 13): what each answer may be, the instructions, the unit's
    columns; English only with --lang en."""
    from tiercert.template import render_yaml_template, write_template

    rubric = tiercert.load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    vi = render_yaml_template(rubric)
    assert "# Thay mỗi chữ null bằng câu trả lời" in vi
    assert "(tối đa 4): có hoặc không (có: 4 điểm)" in vi
    english = ("true or false", "a number", "max ", "Replace every", "one of", "needs ")
    comments = [line for line in vi.splitlines() if line.lstrip().startswith("#")]
    assert not [line for line in comments if any(word in line for word in english)]
    assert "(max 4): true or false (true gives 4)" in render_yaml_template(rubric, "en")
    write_template(rubric, tmp_path / "vi.csv", format="csv")
    notes = (tmp_path / "vi.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert notes.startswith('"# mã đơn vị: mã ngắn, không trùng trong bảng')
    assert not any(word in notes for word in english)


def test_the_template_says_where_a_penalty_comes_off() -> None:
    """A top-level penalty comes off the total, one in a group off its group; never "yes
    earns 3 points"."""
    from tiercert.template import render_yaml_template

    rubric = tiercert.parse_rubric(
        'format: 1\nid: r\nversion: "1"\nlanguage: vi\ntitle: T\ntiers: []\n'
        "criteria:\n  - {id: a, title: A, max: 10, rule: {kind: direct}}\n"
        "  - {id: fine, title: Vi phạm, penalty: true, rule: {kind: boolean, points: 3}}\n"
        "  - id: g\n    title: G\n    children:\n"
        "      - {id: b, title: B, rule: {kind: boolean, points: 2}}\n"
        "      - {id: late, title: Chậm, penalty: true, rule: {kind: boolean, points: 1}}\n"
    )
    vi = render_yaml_template(rubric)
    assert (
        "# Vi phạm (tối đa 3): điểm trừ: có hoặc không (có: 3 điểm); "
        "số điểm này bị trừ vào tổng điểm" in vi
    )
    assert (
        "điểm trừ: có hoặc không (có: 1 điểm); số điểm này bị trừ vào nhóm tiêu chí chứa nó" in vi
    )
    assert "có được" not in vi
    english = render_yaml_template(rubric, "en")
    assert (
        "a penalty: true or false (true gives 3); these points are taken off the total" in english
    )
    assert "(true gives 1); these points are taken off its group" in english


def test_the_template_says_how_its_numbers_are_written() -> None:
    """An answer is written with the dot, the only decimal mark the readers take: the
    Vietnamese template says so in Vietnamese, since a Vietnamese reader writes 1,5 for one and
    a half and 1.500 for fifteen hundred; the English one too.  The points a hint tells (not
    written by the reader) take the reader's mark, as every Vietnamese number told does
    (``1,5 điểm``; the twenty-fifth round, where they kept the rubric's dot)."""
    from tiercert.template import render_yaml_template

    rubric = tiercert.load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    vi = render_yaml_template(rubric).splitlines()
    assert "(mỗi mục được 1,5 điểm)" in "\n".join(vi)  # points told, in the reader's mark...
    said = (
        "# Số: dùng dấu chấm cho phần thập phân: 1.5 (không viết 1,5); không dùng dấu phân "
        "cách hàng nghìn: 1500 (không viết 1.500)."
    )
    assert said in vi[:4]  # ...and, before any hint, how to write an answer
    english = render_yaml_template(rubric, "en").splitlines()
    assert (
        "# Numbers: use a dot for decimals: 1.5 (not 1,5); no thousands separator: 1500 "
        "(not 1.500)." in english[:4]
    )
    # what the line says is what the readers do
    assert rubric.evaluate({"g1": "1.5"}, missing="zero").nodes["g1"].score == 1.5
    with pytest.raises(tiercert.AssessmentError):
        rubric.evaluate({"g2.1": "1,5"}, missing="zero")


def test_what_a_penalty_took_is_said_in_the_readers_language() -> None:
    """A penalty's detail ("penalty: takes 2.5 from g1", its group's "positive points 10,
    penalties 2.5") is a catalog message: the Vietnamese card says it in Vietnamese, with the
    decimal comma; the result's data keeps the English."""
    rubric = tiercert.parse_rubric(
        'format: 1\nid: pen\nversion: "1"\ntitle: T\nlanguage: vi\ncriteria:\n'
        "  - id: g1\n    title: G1\n    children:\n"
        "      - {id: a, title: A, rule: {kind: boolean, points: 10}}\n"
        "      - {id: p, title: P, penalty: true,"
        " rule: {kind: count, per_item: 2.5, max_items: 2}}\n"
    )
    result = rubric.evaluate(tiercert.parse_assessment("answers: {a: true, p: 1}"))
    assert result.nodes["p"].detail == "penalty: takes 2.5 from g1"
    text = render_text(result, rubric)
    assert "[điểm cộng 10, điểm trừ 2,5]" in text
    assert "[trả lời: 1, điểm trừ: trừ 2,5 điểm của g1]" in text
    assert "[answer 1, penalty: takes 2.5 from g1]" in render_text(result, rubric, lang="en")
