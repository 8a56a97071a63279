"""Text made safe for where it is shown: terminals, Markdown, JSON and spreadsheets.

Unit names, rubric titles, answers and the messages that quote them are other people's text.
Shown raw, a newline or an ANSI escape in a unit name prints a fake ``Total:`` line on a
terminal, a bidi override reorders what is read, a ``|`` breaks a Markdown table and
``=HYPERLINK(...)`` runs as a formula in a spreadsheet.  Each output escapes what is
dangerous *there*, visibly and so that the original can be read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: bidi embeddings, overrides and isolates (the "Trojan Source" characters), the line and
#: paragraph separators, which some viewers break lines at, and the marks a reader cannot
#: see: zero-width space, non-joiner and joiner, the left-to-right and right-to-left marks,
#: the Arabic letter mark and the byte-order mark (zero-width no-break space)
_INVISIBLE = (
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
    *range(0x200B, 0x2010),
    0x061C,
    0xFEFF,
)


def _escape(code: int) -> str:
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code)
    if named is not None:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


#: C0 controls, DEL, C1 controls and the characters above, each to its visible escape
_CONTROLS = {code: _escape(code) for code in (*range(0x20), *range(0x7F, 0xA0), *_INVISIBLE)}
_CONTROL = re.compile("[" + "".join(f"\\u{code:04x}" for code in _CONTROLS) + "]")
_LINES = {code: text for code, text in _CONTROLS.items() if code != 0x0A}


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\x1b``,
    ``\\u202e``): nothing in it can move the cursor, recolour, clear or reorder what a
    terminal shows.  Text without such characters is returned as it is."""
    if _CONTROL.search(text) is None:
        return text
    return text.translate(_CONTROLS)


def text_of_lines(lines: Iterable[str]) -> str:
    """``lines`` as text, one per line, each shown with :func:`visible`: a line break inside
    a line (from a name or a title) is shown as ``\\n`` and cannot start a line of its own."""
    return "".join(visible(line) + "\n" for line in lines)


def visible_lines(text: str) -> str:
    """:func:`visible` for text made of lines: its own newlines are kept."""
    if _CONTROL.search(text) is None:
        return text
    return text.translate(_LINES)


def quoted(text: str) -> str:
    """``text`` in double quotes as JSON and YAML write a string: ``"`` and ``\\`` escaped
    by a backslash, and every character a reader cannot see (a line break, a tab, a
    no-break space, a bidi override) as its escape (``\\n``, ``\\u00a0``), so that the
    text reads the same on one line wherever it is shown, and, pasted into a YAML or JSON
    file, is that very text."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            import json  # seldom needed: 'tiercert check' loads no json (start-up)

            out.append(json.dumps(ch)[1:-1])  # \n, \t, \u00a0; a pair beyond the BMP
    out.append('"')
    return "".join(out)


#: half of a UTF-16 surrogate pair: a Python text can hold one (a JSON escape ``\\ud800``
#: read, a file name), no UTF-8 output can; JSON writes it as the escape it came from
_SURROGATES = {code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)}
_SURROGATE = re.compile("[\ud800-\udfff]")
#: characters JSON text may hold raw that a terminal acts on (json.dumps escapes C0 itself)
_JSON = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0), *_INVISIBLE)}
_JSON_UNSAFE = re.compile("[" + "".join(f"\\u{code:04x}" for code in _JSON) + "\ud800-\udfff]")
_JSON.update(_SURROGATES)


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1 controls, bidi
    overrides and lone surrogates written as ``\\uXXXX`` escapes: the same JSON value, safe to
    print and to encode as UTF-8."""
    if _JSON_UNSAFE.search(text) is None:
        return text
    return text.translate(_JSON)


def lone_surrogate(text: str) -> str | None:
    """The first half of a UTF-16 surrogate pair in ``text``, as its escape (``\\ud800``), or
    None when there is none."""
    found = _SURROGATE.search(text)
    return None if found is None else f"\\u{ord(found.group()):04x}"


def json_encodable(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with lone surrogates written as
    ``\\uXXXX`` escapes, and nothing else changed: the same JSON value, encodable as UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return text.translate(_SURROGATES)


#: a cell starting with one of these is read as a formula by spreadsheet programs (OWASP,
#: "CSV injection")
FORMULA_STARTS = frozenset("=+-@\t\r")
#: a number as tiercert writes it (a sign, digits and separators): never a formula
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*(?:…|\.\.\.)?")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet program would read ``text`` as a formula: it starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return and is not a number like ``-5``."""
    return text[:1] in FORMULA_STARTS and _NUMBER.fullmatch(text) is None


def spreadsheet_text(text: str) -> str:
    """A CSV cell that a spreadsheet program shows as the text it is, never as a formula:
    text that :func:`starts_formula` gets a ``'`` in front, and so does text that starts
    with ``'`` (so that one rule undoes both).  A number such as ``-5`` is left as it is.
    The original is the cell without its first character when that is a ``'``
    (:func:`original_text`)."""
    if text[:1] == "'" or starts_formula(text):
        return "'" + text
    return text


def original_text(cell: str) -> str:
    """The text :func:`spreadsheet_text` was given."""
    return cell[1:] if cell[:1] == "'" else cell


#: what openpyxl refuses to store (XML 1.0 cannot hold these C0 controls)
_XML_ILLEGAL = {code: _escape(code) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)}
_XML_UNSAFE = re.compile("[" + "".join(f"\\u{code:04x}" for code in _XML_ILLEGAL) + "]")


def xml_text(text: str) -> str:
    """``text`` with the control characters an XLSX cell cannot hold shown as escapes
    (``\\x07``); tabs and line breaks are kept."""
    if _XML_UNSAFE.search(text) is None:
        return text
    return text.translate(_XML_ILLEGAL)


# an underscore inside a word never starts emphasis in CommonMark; only these need escaping
_EMPHASIS = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def markdown_text(text: str) -> str:
    """Text safe in a Markdown table cell or list item: one line, and nothing in it is read
    as markup (``|``, ``*``, backquotes, brackets, angle brackets; ``_`` where it could start
    emphasis, so ids like ``g1_a`` keep theirs)."""
    out = text.replace("\\", "\\\\").replace("\n", " ")
    for char in "|*`[]<>":
        out = out.replace(char, "\\" + char)
    return _EMPHASIS.sub(r"\\_", out)


#: the widest a column of a text table is padded to: a longer cell (a unit attribute's value
#: or a label of a page of text) overflows its own line, and the others stay as short as they
#: are, so that a table's size is never the number of rows times its longest cell (a sheet of
#: 3,000 districts, one named by 100,000 characters, printed 300 MB)
PADDED = 200


def column_widths(rows: Iterable[Sequence[str]]) -> list[int]:
    """The width each column of a text table is padded to: its longest cell's, at most
    :data:`PADDED`."""
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            width = min(len(cell), PADDED)
            if i == len(widths):
                widths.append(width)
            elif width > widths[i]:
                widths[i] = width
    return widths
