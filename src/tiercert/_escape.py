"""Text made safe for where it is shown: terminals, Markdown, JSON and spreadsheets.

Unit names, rubric titles, answers and the messages that quote them are other people's text.
Shown raw, a newline or an ANSI escape in a unit name prints a fake ``Total:`` line on a
terminal, a bidi override reorders what is read, a ``|`` breaks a Markdown table and
``=HYPERLINK(...)`` runs as a formula in a spreadsheet.  Each output escapes what is
dangerous *there*, visibly and so that the original can be read back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

#: the general categories of the characters Unicode says do not print (what
#: :meth:`str.isprintable` refuses, but for the spaces): controls (``Cc``: C0, DEL, C1), format
#: characters (``Cf``: the bidi embeddings, overrides and isolates of "Trojan Source", the
#: zero-width space, joiners and word joiner, the direction marks, the soft hyphen, the
#: byte-order mark, the tag characters), the line and paragraph separators (``Zl``, ``Zp``),
#: which some viewers break lines at, halves of surrogate pairs (``Cs``), private-use (``Co``)
#: and unassigned (``Cn``) code points.  The one definition of "does not print": the terminal,
#: JSON and the readers (a unit id holding any of them is refused, see
#: ``_columns.hidden_in_id``; an answer holding a format character is told what to write, see
#: ``_literals._visible``) all take it from here.  Letters with their combining marks (``Mn``,
#: Vietnamese decomposed or not) and the spaces (``Zs``) print.
NOT_PRINTING = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
#: the format characters, of :data:`NOT_PRINTING` the ones pasted unseen with a word or an id
FORMAT = "Cf"


def prints(char: str) -> bool:
    """False when ``char`` is of a category that does not print (:data:`NOT_PRINTING`)."""
    return unicodedata.category(char) not in NOT_PRINTING


def not_printing(text: str) -> list[str]:
    """The characters of ``text`` that do not print (:data:`NOT_PRINTING`), each once, in the
    order met; none in text that prints, which is almost all (tested at C speed first:
    :meth:`str.isprintable` refuses every one of them, and the spaces)."""
    if text.isprintable():
        return []
    return list(dict.fromkeys(c for c in text if not prints(c)))


def _escape(code: int) -> str:
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code)
    if named is not None:
        return named
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(code: int) -> str:
    """``code`` as a JSON escape: ``\\u2060``, a pair of them beyond the BMP."""
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class _Shown(dict[int, "str | int"]):
    """A :meth:`str.translate` table: a code point that does not print to its escape, any
    other to itself, worked out the first time it is met (no table could list the code points
    of every category ahead at start-up); at most :data:`_REMEMBERED` are kept."""

    __slots__ = ("_escape", "_kept")

    def __init__(self, escape: Callable[[int], str], kept: Iterable[int] = ()) -> None:
        super().__init__()
        self._escape = escape
        self._kept = frozenset(kept)

    def __missing__(self, code: int) -> str | int:
        if code in self._kept or prints(chr(code)):
            shown: str | int = code
        else:
            shown = self._escape(code)
        if len(self) < _REMEMBERED:
            self[code] = shown
        return shown


#: how many code points a table of escapes remembers (a text of every code point cannot grow
#: it without end)
_REMEMBERED = 4096
#: every character that does not print, to its visible escape
_CONTROLS = _Shown(_escape)
#: the same, a line break kept
_LINES = _Shown(_escape, kept=(0x0A,))


def visible(text: str) -> str:
    """``text`` with every character that does not print (:data:`NOT_PRINTING`) shown as an
    escape (``\\n``, ``\\x1b``, ``\\u202e``, ``\\u2060``, ``\\U000e0041``): nothing in it can
    move the cursor, recolour, clear or reorder what a terminal shows, or hide in it.  Text
    without such characters (Vietnamese, composed or not, too) is returned as it is."""
    if text.isprintable():
        return text
    return text.translate(_CONTROLS)


def text_of_lines(lines: Iterable[str]) -> str:
    """``lines`` as text, one per line, each shown with :func:`visible`: a line break inside
    a line (from a name or a title) is shown as ``\\n`` and cannot start a line of its own."""
    return "".join(visible(line) + "\n" for line in lines)


#: the same, both line breaks kept (a spreadsheet's cell holds them: CSV writes ``\r`` as
#: ``\n``)
_CELL_LINES = _Shown(_escape, kept=(0x0A, 0x0D))


def sheet_text(text: str) -> str:
    """``text`` as a spreadsheet's cell shows it (CSV and XLSX): every character that does not
    print (:data:`NOT_PRINTING`: an escape, a tab, NUL, a C1 control, a bidi override, a
    zero-width space) as its escape (``\x1b``, ``\u202e``), as on a terminal, line breaks
    kept.  A spreadsheet program shows such a character as nothing or reorders the cell by
    it, and a CSV file printed on a terminal would run it; the escape is read back as the
    text it stands for (:func:`visible`)."""
    if text.isprintable():
        return text
    return text.translate(_CELL_LINES)


def visible_lines(text: str) -> str:
    """:func:`visible` for text made of lines: its own newlines are kept."""
    if text.isprintable():
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
#: every character JSON text may hold raw that does not print, to its JSON escape
#: (json.dumps escapes the C0 controls in a string itself; those left are its own layout)
_JSON = _Shown(_json_escape, kept=range(0x20))


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every character that does
    not print (:data:`NOT_PRINTING`: DEL, C1 controls, bidi overrides, a word joiner, a tag,
    lone surrogates) written as ``\\uXXXX`` escapes: the same JSON value, safe to print and to
    encode as UTF-8."""
    if text.isascii() and "\x7f" not in text:
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
