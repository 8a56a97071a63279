"""Rewrite every ``<!-- output of: tiercert ... -->`` block of the given pages with what it prints.

Run it after a deliberate change to tiercert's output, then read the diff before committing:

    python tools/refresh_doc_outputs.py docs/*.md

(``python tools/regen.py`` runs it on every page, with the other generated files.)

The conventions are the ones ``tests/docs/test_docs.py`` checks (and reuses from here): files saved
with ``<!-- file: NAME -->`` above a ``yaml`` or ``csv`` block, commands run in a scratch
folder holding them, the exit status written as ``(exit N)`` when it is not 0.
"""

from __future__ import annotations

import io
import os
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "docs"))

from test_docs import _LINKED, _OUTPUT, _SAVED, Block, _normalise, parse_blocks  # noqa: E402

from tiercert._i18n import LOCALE_ENVIRONMENT  # noqa: E402
from tiercert.cli import main as tiercert_main  # noqa: E402

# the outputs do not depend on the machine's locale (the command line follows it): as tests run
for _name in LOCALE_ENVIRONMENT:
    os.environ.pop(_name, None)


def _run(command: str, scratch: Path) -> tuple[str, int]:
    here = os.getcwd()
    os.chdir(scratch)
    out = io.StringIO()
    try:
        status = tiercert_main(shlex.split(command)[1:], stdout=out, stderr=out)
    finally:
        os.chdir(here)
    return _normalise(out.getvalue()), status


def refresh(path: Path) -> int:
    """Refresh one page in place; returns how many output blocks it has."""
    text = refreshed(path)
    path.write_text(text, encoding="utf-8")
    return text.count("<!-- output of:")


def refreshed(path: Path) -> str:
    """The page with every output block as the command prints it now."""
    lines = path.read_text(encoding="utf-8").splitlines()
    scratch = Path(tempfile.mkdtemp(prefix="tiercert-docs-"))
    for name in _LINKED:
        if (ROOT / name).exists():
            (scratch / name).symlink_to(ROOT / name, target_is_directory=True)
    edits: list[tuple[Block, str, str]] = []
    for block in parse_blocks("\n".join(lines) + "\n"):
        saved = block.marker("file")
        if block.lang in _SAVED and saved:
            (scratch / saved).write_text(block.text, encoding="utf-8")
        marker = block.marker("output of")
        if block.lang != "text" or marker is None:
            continue
        match = _OUTPUT.match("output of: " + marker)
        if match is None:
            raise SystemExit(f"{path}:{block.line - 1}: unreadable marker: {marker}")
        text, status = _run(match["command"], scratch)
        if status == 3:  # a bug in tiercert: never write a traceback into the docs
            raise SystemExit(f"{path}:{block.line}: {match['command']!r} crashed:\n{text}")
        exit_note = f" (exit {status})" if status else ""
        edits.append((block, f"<!-- output of: {match['command']}{exit_note} -->", text))
    for block, marker, text in reversed(edits):
        fence = block.line - 1  # 0-based index of the opening fence
        indent = lines[fence][: len(lines[fence]) - len(lines[fence].lstrip(" "))]
        close = fence + 1
        while lines[close].strip() != lines[fence].strip()[:3]:
            close += 1
        lines[fence + 1 : close] = [indent + line if line else "" for line in text.splitlines()]
        lines[fence - 1] = indent + marker
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {refresh(Path(name))} output blocks refreshed")
