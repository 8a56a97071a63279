"""What the JSON parser refused, in the reader's language: its own text (``Expecting ','
delimiter``) is English whatever the user reads, so each of its messages is worded here from
the catalogs; the place (line and column) is the caller's to give."""

from __future__ import annotations

from json import JSONDecodeError

from ._i18n import msg


def json_trouble(exc: JSONDecodeError) -> str:
    """What is wrong at the place the parser stopped (``exc.lineno``, ``exc.colno``): a
    catalog message, never the parser's English."""
    what = exc.msg
    if what == "Expecting value":
        return msg(
            "a value (a number, text in double quotes, true, false or null) is expected here"
        )
    if what in ("Expecting ',' delimiter", "Expecting ':' delimiter"):
        return msg("{mark} is missing between two parts", mark=repr(what[11]))
    if what.startswith("Expecting property name"):
        return msg(
            'a key in double quotes is expected here (keys are written "like this"; no comma '
            "after the last pair)"
        )
    if what.startswith("Unterminated string"):
        return msg("a text is not closed with its double quote")
    if what.startswith("Invalid control character"):
        return msg("a tab or line break inside a text: write it as \\t or \\n")
    if what == "Extra data":
        return msg("more follows the first JSON value: one object a line")
    if what.startswith("Invalid") and "escape" in what:
        return msg("a backslash escape JSON does not know: write \\\\ for a backslash")
    if what.startswith("Illegal trailing comma"):
        return msg("a comma before the closing bracket: remove it")
    return msg("the JSON parser stopped here")
