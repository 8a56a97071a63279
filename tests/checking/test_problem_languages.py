"""Every problem tiercert reports is written in Vietnamese and in English (issue 13): each
problem code's message is a catalog message with named values, translated in every catalog,
and a Vietnamese ``check`` shows no English but what the user wrote (ids, keys, values).

Two nets: the code (every place a problem is made gives it a catalog message, never a bare
English text), and the problems themselves (the invalid examples, every case of the checks'
catalogue, bad answers), each written in Vietnamese and searched for English words."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, run_cli
from tiercert import check_source
from tiercert._i18n import LANGUAGES, Message, msg, translator
from tiercert.assessment_check import check_assessment_file
from tiercert.checking import check_file
from tiercert.errors import Problem

SOURCE = ROOT / "src" / "tiercert"
INVALID = TESTS / "examples" / "invalid"
HEAD = 'format: 1\nid: x\nversion: "1"\ntitle: X\n'

#: the functions that make a problem, and the position of their message argument
MAKERS = {
    "Problem": 1,
    "problem_of": 1,
    "_error": 1,
    "_warning": 1,
    "problem": 1,
    "row_problem": 1,
    "_unit_problem": 2,
    "_attribute_problem": 1,
    "fatal": 1,
    "_problem": 1,
}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _is_text(node: ast.expr) -> bool:
    """A message written in place: a string, an f-string, text joined with ``+`` or
    ``.format``-ed (English only, whatever the reader's language)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):  # text joined: a plain str, whatever it joins
        return True
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def _made_problems() -> Iterator[tuple[str, int, str, ast.expr, bool]]:
    """(file, line, code, message argument, whether it is a catalog message) of each problem
    the code makes with a code (``problem_of`` takes the catalog message itself)."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or _name(call) not in MAKERS:
                continue
            at = MAKERS[str(_name(call))]
            first = call.args[0] if call.args else None
            code = first.value if isinstance(first, ast.Constant) else None
            if not isinstance(code, str) or not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", code):
                continue
            given = call.args[at] if len(call.args) > at else None
            for keyword in call.keywords:
                if keyword.arg in ("message", "template"):
                    given = keyword.value
            if given is not None:
                where = path.relative_to(ROOT).as_posix()
                yield where, call.lineno, code, given, _name(call) == "problem_of"


def test_every_problem_the_code_makes_has_a_catalog_message() -> None:
    """No problem code is given an English text in place of a catalog message."""
    made = list(_made_problems())
    codes = {code for _, _, code, _, _ in made}
    assert len(codes) > 100, "the walk finds the problem codes"
    bare = [
        f"{file}:{line} [{code}]"
        for file, line, code, given, literal_ok in made
        if _is_text(given) and not (literal_ok and isinstance(given, ast.Constant))
    ]
    assert bare == [], "write these messages with msg(...) (tiercert._i18n)"


def test_every_catalog_message_is_a_literal() -> None:
    """``msg(...)`` of a literal, so that the catalogs hold it; a word chosen from a table
    is marked where it is written (``N_("criterion")``) and passed on as a variable."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and _name(call) in ("msg", "N_") and call.args:
                first = call.args[0]
                if isinstance(first, ast.JoinedStr | ast.BinOp):
                    found.append(f"{path.name}:{call.lineno}")
    assert found == []


def test_the_walk_sees_a_bare_message() -> None:
    assert _is_text(ast.parse('f"no {x}"', mode="eval").body)
    assert _is_text(ast.parse('"no " + x', mode="eval").body)
    assert _is_text(ast.parse("message + hint", mode="eval").body)
    assert not _is_text(ast.parse('msg("no {x}", x=x)', mode="eval").body)


# --- the problems themselves, in Vietnamese ----------------------------------------------------


def _problems() -> Iterator[Problem]:
    for path in sorted(INVALID.glob("*.yaml")):
        yield from check_file(path).problems
    for path in sorted(INVALID.glob("assessments/*/*.yaml")):
        yield from check_assessment_file(path).problems
    from test_checks import CASES  # the checks' catalogue of cases, one or more per code

    for case in CASES:
        yield from check_source(HEAD + case.body.replace("^", " "), file="r.yaml").problems


PROBLEMS = list(_problems())


def _templates(message: object) -> Iterator[str]:
    """The catalog messages a message is written from, its values' too."""
    if isinstance(message, Message):
        yield message.template
        for _, value in message.params:
            yield from _templates(value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_problem_found_is_in_the_catalog_of_each_language(lang: str) -> None:
    catalog = translator(lang)
    codes: set[str] = set()
    for problem in PROBLEMS:
        assert isinstance(problem.message, Message), problem.format()
        codes.add(problem.code)
        for template in _templates(problem.message):
            if template:
                said = catalog.gettext(template)
                assert said is not template or template in catalog._catalog, (lang, template)  # type: ignore[attr-defined]
    assert len(codes) > 60


#: English words that have no business in a Vietnamese message (after what the user wrote,
#: the ids and the YAML keys are taken out)
ENGLISH = re.compile(
    r"\b(the|is|are|not|and|or|use|write|must|has|have|no|add|remove|it|this|of|to|"
    r"with|from|expected|got|did|you|mean|number|text|value|answer|criterion|group|fact)\b"
)
#: what a message quotes: the user's words, ids, keys, YAML snippets
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|`[^`]*`|\{[^}]*\}|\[[^\]]*\]|\([^)]*\)")


def _english_left(text: str) -> list[str]:
    bare = QUOTED.sub(" ", text)
    bare = re.sub(r"[\w.-]*[_.][\w.-]*|--?\w[\w-]*", " ", bare)  # ids, keys and options
    return ENGLISH.findall(bare)


def test_a_vietnamese_problem_has_no_english_left() -> None:
    leaks = {}
    for problem in PROBLEMS:
        said = problem.text("vi")
        if problem.code == "yaml.invalid":  # what the YAML parser says is quoted as it is
            said = said.split(":", 1)[0]
        words = _english_left(said)
        if words:
            leaks[problem.code] = said
    assert leaks == {}


def test_the_english_detector_sees_english() -> None:
    assert _english_left("the rubric has no criterion 'g1'") == ["the", "has", "no", "criterion"]
    assert _english_left("bộ tiêu chí không có tiêu chí 'the g1'") == []


def test_a_message_is_written_in_each_language_from_one_catalog_message() -> None:
    hint = msg("; did you mean {choice!r}?", choice="Tốt")
    said = msg(
        "{value} is not one of the levels: {options}{hint}",
        value="'tot'",
        options="a, b",
        hint=hint,
    )
    assert said == "'tot' is not one of the levels: a, b; did you mean 'Tốt'?"
    assert said.in_lang("vi") == (  # type: ignore[attr-defined]
        "'tot' không phải một trong các mức: a, b; có phải là 'Tốt' không?"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_of_problem_messages_match(lang: str) -> None:
    catalog = translator(lang)
    for problem in PROBLEMS:
        for template in _templates(problem.message):

            def names(text: str) -> set[str | None]:
                return {name for _, name, _, _ in string.Formatter().parse(text)}

            assert names(catalog.gettext(template) if template else "") == names(template)


def test_check_speaks_the_language_of_the_one_rubric_checked(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        HEAD
        + "language: vi\ntiers: []\ncriteria:\n"
        + "  - {id: c1, title: C1, rule: {kind: boolen, points: 5}}\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli("check", str(rubric))
    assert status == 1
    assert "không dùng được 'boolen'" in out
    assert "có phải là 'boolean' không?" in out
    assert out.rstrip().endswith("không hợp lệ (1 lỗi, 0 cảnh báo)")
    english = run_cli("check", "--lang", "en", str(rubric))[1]
    assert "'boolen' is not allowed here" in english
    assert english.rstrip().endswith("invalid (1 error, 0 warnings)")
