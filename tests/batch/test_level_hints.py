"""What a template says a ``levels`` answer may be (``tot or Tốt (6), kha or Khá (4)``): each
option read one way only, whatever its label holds (a comma, a quote, parentheses, a line
break, the word ``or``), so that what it offers, typed back as the answer, is that level; the
same text in the YAML comment and the CSV notes row; the level's evidence rules said in the
reader's language."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import AssessmentError, Rubric, parse_assessment
from tiercert._i18n import in_lang, msg
from tiercert._literals import fold
from tiercert.batch import evaluate_many
from tiercert.rubric import rubric_from_mapping
from tiercert.rules import RULES
from tiercert.rules.levels import LevelsRule
from tiercert.tabular import read_rows
from tiercert.template import render_yaml_template, sheet_columns, write_template

IDS = ["tot", "kha", "yeu", "x1", "z"]


def rubric_of(labels: Sequence[dict[str, str] | None], *, rules: bool = False) -> Rubric:
    levels: list[dict[str, object]] = []
    for i, label in enumerate(labels):
        level: dict[str, object] = {"id": IDS[i], "points": len(labels) - i}
        if label is not None:
            level["label"] = label
        levels.append(level)
    if rules:
        levels[0]["evidence"] = ["url", "justification"]
        levels[0]["evidence_rules"] = {
            "url": {"form": "host_with_dot"},
            "justification": {"min_length": 10},
        }
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "lv",
            "version": "1",
            "title": "LV",
            "language": "vi",
            "criteria": [
                {"id": "a", "title": "A", "rule": {"kind": "levels", "levels": levels}},
            ],
            "tiers": [],
        }
    )


def hint(rubric: Rubric, lang: str) -> str:
    """The hint of ``a`` in ``lang``, as the YAML template's comment shows it."""
    [line] = [
        line for line in render_yaml_template(rubric, lang).splitlines() if line.startswith("  # A")
    ]
    return line.partition(": ")[2]


def options(text: str, lang: str) -> list[tuple[str, str | None, str]]:
    """The options a hint offers, read back: (id, label or None, what is in parentheses)."""
    head = in_lang(msg("one of: {options}", options="\0"), lang).split("\0")[0]
    joiner = in_lang(msg("{level} or {label}", level="\0", label="\0"), lang).split("\0")[1]
    assert text.startswith(head), text
    i, found = len(head), []
    while True:
        ident = re.match(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", text[i:])
        assert ident is not None, text[i:]
        i += ident.end()
        label = None
        if text.startswith(joiner, i):
            i += len(joiner)
            if text[i] == '"':  # quoted as JSON (and YAML) write a string
                label, i = json.JSONDecoder().raw_decode(text, i)
            else:  # a plain label holds no parenthesis: it ends where the points start
                end = text.index(" (", i)
                label, i = text[i:end], end
        assert text.startswith(" (", i), text[i:]
        depth, start = 0, i + 1
        for j in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            if depth == 0:
                break
        found.append((ident.group(), label, text[start + 1 : j]))
        i = j + 1
        if i == len(text):
            return found
        assert text.startswith(", ", i), text[i:]
        i += 2


def answered(rubric: Rubric, value: object) -> object:
    """The level ``value`` names, by both engines (the same), or the problems' messages."""
    got = []
    for engine in ("fast", "reference"):
        try:
            got.append(rubric.evaluate({"a": value}, engine=engine).nodes["a"].answer)
        except AssessmentError as exc:
            got.append([p.message for p in exc.problems])
    assert got[0] == got[1], got
    return got[0]


AWKWARD = [
    {"vi": "Tốt", "en": "Good"},
    {"vi": 'Khá "ổn", tạm', "en": 'Fair, "ok"'},
    {"vi": "Yếu\nkém", "en": "Weak\nbad"},
    {"vi": "a or b (7)", "en": "c; d"},
    None,
]


def test_labels_that_hold_the_hint_s_marks_are_quoted() -> None:
    rubric = rubric_of(AWKWARD)
    assert hint(rubric, "vi") == (
        'một trong: tot hoặc Tốt (5), kha hoặc "Khá \\"ổn\\", tạm" (4), yeu hoặc "Yếu\\nkém" '
        '(3), x1 hoặc "a or b (7)" (2), z (1)'
    )
    assert hint(rubric, "en") == (
        'one of: tot or Good (5), kha or "Fair, \\"ok\\"" (4), yeu or "Weak\\nbad" (3), '
        'x1 or "c; d" (2), z (1)'
    )


def test_the_word_joining_an_id_to_its_label_is_quoted_in_its_own_language() -> None:
    rubric = rubric_of([{"vi": "tốt hoặc khá", "en": "good or fair"}, {"vi": "or", "en": "hoặc"}])
    assert hint(rubric, "vi") == 'một trong: tot hoặc "tốt hoặc khá" (2), kha hoặc or (1)'
    assert hint(rubric, "en") == 'one of: tot or "good or fair" (2), kha or hoặc (1)'


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_option_typed_back_names_its_level(lang: str) -> None:
    rubric = rubric_of(AWKWARD)
    for ident, label, points in options(hint(rubric, lang), lang):
        assert answered(rubric, ident) == ident
        if label is not None:
            assert answered(rubric, label) == ident, label
        assert points.isdigit()


def test_a_label_s_line_break_shows_the_same_in_the_yaml_comment_and_the_csv_notes() -> None:
    rubric = rubric_of(AWKWARD)
    for lang in ("vi", "en"):
        out = io.StringIO()
        write_template(rubric, out, format="csv", lang=lang)
        header, notes = list(csv.reader(io.StringIO(out.getvalue())))
        cell = notes[header.index("a")]
        assert "\n" not in cell
        assert cell.endswith(": " + hint(rubric, lang)), (cell, hint(rubric, lang))


def test_the_quoted_label_pasted_into_a_yaml_answer_is_the_label() -> None:
    rubric = rubric_of(AWKWARD)
    for ident, label, _ in options(hint(rubric, "vi"), "vi"):
        if label is None:
            continue
        pasted = json.dumps(label, ensure_ascii=False)
        source = f"answers:\n  a: {pasted}\n"
        assert rubric.evaluate(parse_assessment(source)).nodes["a"].answer == ident


def test_evidence_rules_are_said_in_the_reader_s_language() -> None:
    rubric = rubric_of([{"vi": "Tốt", "en": "Good"}, None], rules=True)
    assert hint(rubric, "vi") == (
        "một trong: tot hoặc Tốt (2; cần minh chứng đường dẫn (url) và phần giải trình "
        "(justification); phần giải trình dài ít nhất 10 ký tự; đường dẫn dạng "
        "http(s)://tên-miền.x (tên miền có dấu chấm)), kha (1)"
    )
    assert hint(rubric, "en") == (
        "one of: tot or Good (2; needs url and justification; a justification of at least 10 "
        "characters; a URL written http(s)://host.x (a host with a dot)), kha (1)"
    )
    # a level without a label says its rules in the reader's language too
    levels = rubric_of([None, None], rules=True)
    assert "kha (1)" in hint(levels, "vi")
    assert hint(levels, "vi").startswith("một trong: tot (2; cần minh chứng đường dẫn (url)")


def test_the_evidence_a_level_needs_is_said_in_its_option() -> None:
    """A level that needs evidence (and states no rules of its own) says so in the template's
    hint, in the reader's language: without it the level scores 0."""
    spec = rubric_from_mapping(
        {
            "format": 1,
            "id": "lv",
            "version": "1",
            "title": "LV",
            "language": "vi",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {"id": "tot", "points": 2, "evidence": ["justification"]},
                            {"id": "kha", "points": 1},
                        ],
                    },
                },
            ],
            "tiers": [],
        }
    )
    assert hint(spec, "vi") == (
        "một trong: tot (2; cần minh chứng phần giải trình (justification)), kha (1)"
    )
    assert hint(spec, "en") == "one of: tot (2; needs justification), kha (1)"


# --- any label --------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [*"aAbđốạ19 ,;()\"'\\\n\t", "\u00a0", "\u202e", "\u200b", " or ", " hoặc ", "or", "na"]
)
LABELS = st.lists(_PIECES, min_size=1, max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(st.tuples(LABELS, LABELS), min_size=1, max_size=len(IDS)))
@example(labels=[('Khá "ổn", tạm', 'Fair, "ok"'), ("Yếu\nkém", "x\\ny")])
@example(labels=[("a\u202eb", "a (1), kha or b"), ("na (2)", " hoặc ")])
def test_any_label_typed_back_names_its_level(
    labels: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    spec = [{"vi": vi, "en": en} for vi, en in labels]
    # a label two levels share, or another level's id, is refused as ambiguous (check warns)
    for i, level in enumerate(spec):
        for text in level.values():
            assume(fold(text) and fold(text) not in ("na", "n/a"))
            others = {fold(t) for j, lv in enumerate(spec) if j != i for t in lv.values()}
            assume(fold(text) not in others | {fold(ident) for ident in IDS})
    rubric = rubric_of(list(spec))
    folder = tmp_path_factory.mktemp("hints")
    for lang in ("vi", "en"):
        said = hint(rubric, lang)
        offered = options(said, lang)
        assert [ident for ident, _, _ in offered] == IDS[: len(spec)], said
        for ident, label, _ in offered:
            assert answered(rubric, ident) == ident
            if label is None:
                continue
            assert answered(rubric, label) == ident, (said, label)
            # pasted into a YAML answer as the hint writes it, and typed into a CSV cell
            source = f"answers:\n  a: {json.dumps(label, ensure_ascii=False)}\n"
            assert rubric.evaluate(parse_assessment(source)).nodes["a"].answer == ident
            path = folder / "units.csv"
            with open(path, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([["unit_id", "a"], ["u", label]])
            [outcome] = evaluate_many(rubric, read_rows(path))
            assert outcome.result is not None, outcome.problems
            assert outcome.result.nodes["a"].answer == ident
        # the same text in the CSV notes row as in the YAML comment
        notes = [c for c in sheet_columns(rubric, lang) if c.id == "a"]
        assert in_lang(notes[0].allowed, lang) == said


#: the shipped rubrics with levels
SHIPPED = ["bac_giang_friendly_gov", "leed_v4_bd_c", "openssf_best_practices"]


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_rubrics_hints_read_back(name: str) -> None:
    rubric = tiercert.load_rubric(name)
    seen = 0
    for nid, _, node in rubric.iter_nodes():
        if not isinstance(node.rule, LevelsRule) or node.answer_from is not None:
            continue
        for lang in ("vi", "en"):
            said = in_lang(RULES["levels"].hint(node.rule, ""), lang)
            for ident, label, _ in options(said, lang):
                for value in (ident, label) if label is not None else (ident,):
                    result = rubric.evaluate({nid: value}, missing="zero", engine="reference")
                    assert result.nodes[nid].answer == ident, (nid, value)
                    seen += 1
    assert seen


def test_the_evidence_a_criterion_needs_is_named_in_the_reader_s_language() -> None:
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "ev",
            "version": "1",
            "title": "EV",
            "language": "vi",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "evidence": ["justification", "url"],
                    "rule": {"kind": "boolean", "points": 1},
                }
            ],
            "tiers": [],
        }
    )
    vi = {c.id: (in_lang(c.title, "vi"), in_lang(c.allowed, "vi")) for c in sheet_columns(rubric)}
    assert vi["a"][1].endswith(
        "; cần minh chứng phần giải trình (justification) và đường dẫn (url)"
    )
    assert vi["a.justification"][0] == "phần giải trình (justification) cho a"
    assert vi["a.url"][0] == "đường dẫn (url) cho a"
    en = {c.id: (in_lang(c.title, "en"), in_lang(c.allowed, "en")) for c in sheet_columns(rubric)}
    assert en["a"][1].endswith("; needs justification and url")
    assert en["a.justification"][0] == "justification for a"
    assert "cần minh chứng phần giải trình (justification) và đường dẫn (url)" in (
        render_yaml_template(rubric)
    )


def _typed_in_sheets(rubric: Rubric, typed: str, folder: object) -> list[object]:
    """The level ``typed`` names in a CSV cell and an XLSX cell (or the problems)."""
    from pathlib import Path

    import openpyxl

    got: list[object] = []
    base = Path(str(folder))
    with open(base / "u.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["unit_id", "a"], ["u", typed]])
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_id", "a"])
    sheet.append(["u", typed])
    book.save(base / "u.xlsx")
    for name in ("u.csv", "u.xlsx"):
        [outcome] = evaluate_many(rubric, read_rows(base / name))
        got.append(
            outcome.result.nodes["a"].answer
            if outcome.result is not None
            else [p.message for p in outcome.problems]
        )
    return got


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_quoted_option_typed_as_shown_names_its_level(lang: str, tmp_path: object) -> None:
    """The hint shows ``"Yếu\\nkém"`` in quotes: typed so (quotes and all) in a CSV or XLSX
    cell, or passed to evaluate, it is that level; and the label's line break typed as a
    space (``Yếu kém``) is too."""
    from tiercert._escape import quoted

    rubric = rubric_of(AWKWARD)
    said = hint(rubric, lang)
    for ident, label, _ in options(said, lang):
        if label is None or quoted(label) not in said:
            continue
        for typed in (quoted(label), " ".join(label.split())):
            assert answered(rubric, typed) == ident, typed
            assert _typed_in_sheets(rubric, typed, tmp_path) == [ident, ident], typed


def test_did_you_mean_typed_back_names_the_level() -> None:
    """A near miss of a label with a line break is told the label as it can be typed
    (``Yếu kém``), and that, typed back, is the level."""
    rubric = rubric_of(AWKWARD)
    problems = answered(rubric, "Yeu  kemm")
    assert isinstance(problems, list)
    [message] = problems
    suggested = re.search(r"did you mean '(.*)'\?", message)
    assert suggested is not None, message
    assert suggested.group(1) == "Yếu kém"
    assert answered(rubric, suggested.group(1)) == "yeu"


def test_an_n_a_that_needs_evidence_says_so_in_the_hint() -> None:
    """``na`` is offered with the evidence it needs (an N/A without it is refused), in the
    reader's language; an N/A that needs none is offered as before."""

    def rubric(na: dict[str, object]) -> Rubric:
        return rubric_from_mapping(
            {
                "format": 1,
                "id": "lv",
                "version": "1",
                "title": "LV",
                "language": "vi",
                "criteria": [
                    {"id": "a", "title": "A", "na": na, "rule": {"kind": "boolean", "points": 2}}
                ],
                "tiers": [],
            }
        )

    needs = rubric({"evidence": ["justification"]})
    assert hint(needs, "en").endswith(" or na (with justification)")
    assert hint(needs, "vi").endswith(
        " hoặc na (không áp dụng, kèm minh chứng phần giải trình (justification))"
    )
    assert hint(rubric({}), "en").endswith(" or na")
