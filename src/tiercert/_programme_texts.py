"""The texts people read in the programme's reports (grouped statistics, progress across
rounds, recognition lists, stages side by side), through the message catalogs.

The English text is the message id: :func:`tr` gives it in the language asked for, from the
catalog of that language (``locale/``, extracted with the rest by ``python tools/regen.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._i18n import translator

if TYPE_CHECKING:
    from .rubric import Rubric


def tr(text: str, lang: str | None, /, **values: object) -> str:
    """``text`` in ``lang`` (English when ``lang`` is None), with ``values`` put in its
    ``{name}`` places."""
    said = translator(lang or "en").gettext(text)
    return said.format(**values) if values else said


def dossier_lacks(
    documents: Sequence[str], evidence: Sequence[str], rubric: Rubric, lang: str | None
) -> tuple[str, ...]:
    """What a unit's dossier lacks, for people reading ``lang``: each document by its title,
    each group's evidence file by the group's title (``evidence file for Services``); an id
    where the rubric gives no title."""
    if not documents and not evidence:
        return ()
    from .rubric import text_in  # the rubric's module imports much; a report has it loaded

    spec = rubric.spec
    lang = lang or spec.language
    titles = (
        {d.id: text_in(d.title, lang) or d.id for d in spec.dossier.documents}
        if (spec.dossier)
        else {}
    )
    groups = {node.id: text_in(node.title, lang) or node.id for node in spec.criteria}
    return (
        *(titles.get(d, d) for d in documents),
        *(tr("evidence file for {group}", lang, group=groups.get(g, g)) for g in evidence),
    )


__all__ = ["dossier_lacks", "tr"]
