"""explain shows a level's (or a band's) label once, the same way in text and in Markdown:
quoted as hints quote it when it holds a mark of the description or a line break (the
tenth round's leftovers)."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tiercert import rubric_from_mapping
from tiercert._escape import quoted
from tiercert._literals import NA_WORDS, fold
from tiercert.explain import render_markdown, render_tree_text


def _rubric(labels: list[str]) -> Any:
    levels = [
        {"id": f"l{i}", "points": i, "label": {"en": label}} for i, label in enumerate(labels)
    ]
    bands = [
        {"min": 0, "max": 50, "points": 0, "label": {"en": labels[0]}},
        {"min": 50, "max": 100, "points": 5},
    ]
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "language": "en",
            "criteria": [
                {"id": "a", "title": "A", "rule": {"kind": "levels", "levels": levels}},
                {"id": "b", "title": "B", "max": 5, "rule": {"kind": "bands", "bands": bands}},
            ],
        }
    )


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(start))


def test_a_label_with_a_line_break_reads_the_same_in_text_and_markdown() -> None:
    rubric = _rubric(["Weak\nbad", "Good"])
    text = _line(render_tree_text(rubric), "one of:")
    assert text.strip() == 'one of: l0 ("Weak\\nbad") → 0; l1 (Good) → 1'
    markdown = render_markdown(rubric)
    # the same escape, written so that Markdown shows a backslash and an n
    assert '`l0` ("Weak\\\\nbad") → 0; `l1` (Good) → 1' in markdown
    assert "Weak bad" not in markdown
    assert '("Weak\\nbad")' in _line(render_tree_text(rubric), "bands:")


def test_labels_holding_the_marks_of_a_description_are_quoted() -> None:
    rubric = _rubric(["Fair, ok", "Good (mostly)", 'Say "yes"', "x; y", "Plain words"])
    text = _line(render_tree_text(rubric), "one of:")
    assert '("Fair, ok")' in text
    assert '("Good (mostly)")' in text
    assert '("Say \\"yes\\"")' in text
    assert '("x; y")' in text
    assert "(Plain words)" in text


# a label that says "not applicable" ('NA', 'n/a', ...) is refused by the checks (level.reserved)
_LABELS = st.text(min_size=1, max_size=12).filter(
    lambda t: t.strip() and t != "l0" and fold(t) not in NA_WORDS
)


@given(_LABELS)
def test_any_label_is_shown_as_itself_or_quoted(label: str) -> None:
    text = _line(render_tree_text(_rubric([label, "Good"])), "one of:")
    shown = text.split("l0 (", 1)[1].rsplit(") → 0; l1", 1)[0]
    label = unicodedata.normalize("NFC", label)  # as the rubric keeps it
    # what a reader sees is the label itself, or the label as YAML and JSON quote it
    assert shown in (label, quoted(label))
    assert "\n" not in shown
