"""Paths into documents, written for people: list items are named by their ``id``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .errors import Path


def render_path(path: Path, data: Any) -> str:
    """``('criteria', 1, 'max')`` -> ``$.criteria[g2].max`` when item 1 has ``id: g2``."""
    out = "$"
    current = data
    for part in path:
        if isinstance(part, int):
            item = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            current = item
        else:
            out += f".{part}" if _is_plain(part) else f"[{part!r}]"
            current = current.get(part) if isinstance(current, dict) else None
    return out


def _is_plain(key: str) -> bool:
    return key.replace("_", "a").replace("-", "a").isalnum() and not key[:1].isdigit()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'children'?"`` or ``""`` when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
