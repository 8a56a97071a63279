"""The languages people read tiercert in: one gettext catalog per language.

Every text tiercert writes for people is an English message id looked up in the catalog of
the reader's language (``locale/<lang>/LC_MESSAGES/tiercert.mo``, compiled from the ``.po``
beside it by ``python tools/regen.py``).  A renderer is given the language and asks
:func:`translator` for its catalog; nothing here is global or mutable, so two languages can be
written side by side in one process (a portal serves both).

Messages name their placeholders (``"Total: {total}"``, formatted after the lookup): a
translation may reorder them, and a test holds each translation to its message's placeholders.
Problem codes, JSON keys and machine formats are never translated.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

#: the languages with a catalog; English is also the language the messages are written in
LANGUAGES = ("en", "vi")
#: the catalogs' domain: ``locale/<lang>/LC_MESSAGES/tiercert.mo``
DOMAIN = "tiercert"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: the environment variable that chooses the language when no ``--lang`` is given
ENVIRONMENT = "TIERCERT_LANG"
#: the language of a rubric that names none, and of anything without a rubric
DEFAULT = "en"


def choose(flag: str | None, rubric_language: str | None = None) -> str:
    """The language to write in: the ``--lang`` flag, else ``TIERCERT_LANG``, else the
    rubric's ``language``, else English."""
    return flag or os.environ.get(ENVIRONMENT, "").strip() or rubric_language or DEFAULT


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The message catalog of ``lang`` (``vi``, ``en``; a region is dropped: ``vi_VN``); a
    language without a catalog reads English (the message ids).  Catalogs are read once and
    never changed."""
    base = lang.replace("-", "_").split("_")[0].lower()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[base], fallback=True)


def decimal_mark(lang: str) -> str:
    """The decimal mark people of ``lang`` read: ``","`` in Vietnamese (85,1), ``"."`` in
    English; the catalog says (message ``"."`` in the context ``decimal mark``)."""
    return translator(lang).pgettext("decimal mark", ".")
