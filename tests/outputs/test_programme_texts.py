"""Every text the programme's reports show has its Vietnamese: each literal passed to ``tr``
in the programme's modules is in the Vietnamese catalog, translated (a new text without its
translation fails here; ``python tools/regen.py`` extracts it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tiercert
from tiercert._i18n import translator
from tiercert._programme_texts import tr

MODULES = ("grouping.py", "progress.py", "recognition.py", "stages.py", "programme.py")
SOURCE = Path(tiercert.__file__).parent


def _texts(module: str) -> list[str]:
    tree = ast.parse((SOURCE / module).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
            first = node.args[0]
            assert isinstance(first, ast.Constant), f"{module}: tr() of a non-literal text"
            assert isinstance(first.value, str)
            found.append(first.value)
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_text_has_its_vietnamese(module: str) -> None:
    texts = _texts(module)
    assert texts, f"{module} shows no texts through tr()"
    vietnamese = translator("vi")
    assert [t for t in texts if vietnamese.gettext(t) == t] == []


@pytest.mark.parametrize("module", MODULES)
def test_the_translations_keep_the_places_of_values(module: str) -> None:
    import string

    vietnamese = translator("vi")
    for english in _texts(module):
        names = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        said = vietnamese.gettext(english)
        assert {f for _, f, _, _ in string.Formatter().parse(said) if f} == names, english


def test_a_text_is_english_unless_vietnamese_is_asked() -> None:
    assert tr("units", "vi") == "đơn vị"
    assert tr("units", "en") == tr("units", None) == "units"
    assert tr("{stage} (from {before}): {change}", "vi", stage="a", before="b", change="c") == (
        "a (so với b): c"
    )
