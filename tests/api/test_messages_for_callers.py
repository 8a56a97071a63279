"""A message a Python caller can meet that names a command-line flag (``--missing zero``)
names the API's parameter beside it (``missing='zero' in Python``), as the ``as_of``
message does: a caller of :meth:`Rubric.evaluate` has no ``--missing`` to give (twenty-fifth
round).  Only the command line's own modules may name a flag alone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tiercert

SOURCE = Path(tiercert.__file__).parent
#: the command line's own modules: their messages reach no Python caller
CLI_ONLY = {"cli.py", "_cli_parser.py"}
FLAG = re.compile(r"(?<![\w-])--[a-z][\w-]*")


def catalog_messages(path: Path) -> list[tuple[int, str]]:
    """The messages ``path`` writes through the catalogs (``msg``, ``N_``, ``_``, ``tr``,
    ``gettext``: the first argument, a constant text), with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        catalog = name in {"msg", "N_", "_", "tr", "gettext", "Message"}
        if catalog and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
    return found


def test_a_message_naming_a_flag_names_the_api_too() -> None:
    alone = [
        f"{path.relative_to(SOURCE)}:{line}: {text}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name not in CLI_ONLY
        for line, text in catalog_messages(path)
        if FLAG.search(text) and "in Python" not in text
    ]
    assert alone == []


def test_a_python_caller_is_told_the_parameter(tmp_path: Path) -> None:
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "m",
            "version": "1",
            "title": "M",
            "criteria": [{"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 1}}],
            "tiers": [{"id": "t", "label": "T", "rank": 1, "min": 1}],
        }
    )
    try:
        rubric.evaluate({})
    except tiercert.AssessmentError as exc:
        said = str(exc)
    else:  # pragma: no cover - the answer is missing
        raise AssertionError("a missing answer was scored")
    assert "missing='zero' in Python" in said
    assert rubric.evaluate({}, missing="zero").total == 0
