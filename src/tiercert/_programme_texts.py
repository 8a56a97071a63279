"""The texts people read in the programme's reports (grouped statistics, progress across
rounds, recognition lists, stages side by side), through the message catalogs.

The English text is the message id: :func:`tr` gives it in the language asked for, from the
catalog of that language (``locale/``, extracted with the rest by ``python tools/regen.py``).
"""

from __future__ import annotations

from ._i18n import translator


def tr(text: str, lang: str | None, /, **values: object) -> str:
    """``text`` in ``lang`` (English when ``lang`` is None), with ``values`` put in its
    ``{name}`` places."""
    said = translator(lang or "en").gettext(text)
    return said.format(**values) if values else said


__all__ = ["tr"]
