"""The message catalogs: extracted from the code, merged into each language's ``.po``,
compiled to the ``.mo`` the package reads (``python tools/regen.py`` runs it; Babel, from
the ``test`` extra, does the extraction and the compiling).

- :func:`extract`: every message the code and the templates mark (``_()``, ``ngettext``,
  ``pgettext``), as a Babel catalog;
- :func:`merged`: a language's ``.po`` text with exactly the extracted messages, keeping the
  translations it has (English: a new message reads as written);
- :func:`compiled`: the ``.mo`` bytes of a ``.po`` text.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "tiercert"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("en", "vi")
#: which files hold messages, and how they are read
METHODS = [("**.py", "python"), ("templates/**.j2", "jinja2")]
OPTIONS = {"templates/**.j2": {"extensions": "jinja2.ext.do"}}
#: ``problem_of(code, message, ...)``: a problem's catalog message (tiercert.errors)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "problem_of": (2,),
    "msg": None,
    "N_": None,
}
#: a fixed date: the files change only when their messages do
DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "tiercert.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "tiercert.mo"


def _catalog(lang: str | None) -> Catalog:
    return Catalog(
        locale=lang,
        domain="tiercert",
        project="tiercert",
        version="1",
        copyright_holder="The tiercert developers",
        msgid_bugs_address="",
        creation_date=DATE,
        revision_date=DATE,
        fuzzy=False,
    )


def extract() -> Catalog:
    """Every marked message of the package's code and templates."""
    catalog = _catalog(None)
    for _file, _line, message, _comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, context=context)
    for message in _tr_texts():
        catalog.add(message, None)
    for message, context in marked_texts():
        if catalog.get(message, context) is None:
            catalog.add(message, None, context=context)
    return catalog


#: the markers whose first literal argument is a message (``problem_of``: its second)
_MARKERS = {"_": 0, "gettext": 0, "msg": 0, "N_": 0, "problem_of": 1}


def marked_texts() -> list[tuple[str, str | None]]:
    """Every literal message a marker call is given, read from the syntax tree, however deeply
    the call is nested: Babel's extractor misses a ``msg()`` written inside another marker's
    arguments (``msg("...{hint}", hint=msg("..."))``)."""
    import ast

    found: list[tuple[str, str | None]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "pgettext" and len(node.args) >= 2:
                context, text = node.args[0], node.args[1]
                if _literal(context) and _literal(text):
                    found.append((text.value, context.value))  # type: ignore[attr-defined]
                continue
            index = _MARKERS.get(name or "")
            if index is not None and len(node.args) > index and _literal(node.args[index]):
                found.append((node.args[index].value, None))  # type: ignore[attr-defined]
    return found


def _literal(node: object) -> bool:
    import ast

    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _tr_texts() -> list[str]:
    """The texts the programme's reports pass to ``tr`` (tiercert._programme_texts), read from
    the syntax tree: Babel's extractor does not look into f-strings, where many of them are."""
    import ast

    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
                first = node.args[0]
                if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
                    raise ValueError(
                        f"{path.name}:{node.lineno}: tr() of a text that is not a literal"
                    )
                found.append(first.value)
    return found


def read(lang: str) -> Catalog:
    """The ``.po`` catalog of ``lang`` (empty when there is none yet)."""
    path = po_path(lang)
    if not path.exists():
        return _catalog(lang)
    with path.open("rb") as stream:
        return read_po(stream, locale=lang)


def merged(lang: str, found: Catalog | None = None) -> str:
    """The ``.po`` text of ``lang`` holding exactly the extracted messages, with the
    translations it already has; a new message is untranslated (English: as written)."""
    found = found if found is not None else extract()
    old = read(lang)
    catalog = _catalog(lang)
    for message in found:
        if not message.id:
            continue
        known = old.get(message.id, message.context)
        had = known.string if known is not None else None
        strings: tuple[str, ...] = (had,) if isinstance(had, str) else tuple(map(str, had or ()))
        if lang == "en" and not any(strings):  # English: the message as written
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = tuple(map(str, ids))
        if isinstance(message.id, tuple):
            plural = tuple(strings) + ("",) * (catalog.num_plurals - len(strings))
            catalog.add(message.id, plural[: catalog.num_plurals], context=message.context)
        else:
            catalog.add(message.id, strings[0] if strings else "", context=message.context)
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    # the header names no Babel version: the files depend on the messages only
    lines = out.getvalue().decode("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith('"Generated-By:'))


def compiled(po_text: str, lang: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` text."""
    catalog = read_po(io.BytesIO(po_text.encode("utf-8")), locale=lang)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
