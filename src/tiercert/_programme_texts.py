"""The texts people read in the programme's reports (grouped statistics, progress across
rounds, recognition lists, stages side by side), through the message catalogs.

The English text is the message id: :func:`tr` gives it in the language asked for, from the
catalog of that language (``locale/``, extracted with the rest by ``python tools/regen.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ._i18n import Given, in_lang, translator

if TYPE_CHECKING:
    from .rubric import Rubric


def tr(text: str, lang: str | None, /, **values: object) -> str:
    """``text`` in ``lang`` (English when ``lang`` is None), with ``values`` put in its
    ``{name}`` places."""
    said = translator(lang or "en").gettext(text)
    return said.format(**values) if values else said


def target_scope(
    by: Mapping[str, Sequence[str]], titles: Mapping[str, str] | None = None, lang: str = "en"
) -> str:
    """The units a target is about, ``[Huyện: Bắc, Nam]`` (empty: all of them): each attribute
    by its title in ``lang`` (``titles``: id -> title, a :class:`~tiercert._i18n.Given`), as
    people know it, by its id where no title is given."""
    named = titles or {}
    return "".join(f" [{in_lang(named.get(k, k), lang)}: {', '.join(v)}]" for k, v in by.items())


def attribute_titles(rubric: Rubric) -> dict[str, str]:
    """Each unit attribute's title in every language the rubric gives it (a
    :class:`~tiercert._i18n.Given`), for :func:`target_scope`."""
    return {a.id: Given(a.title) for a in rubric.spec.attributes if a.title}


class DossierTitles:
    """How a unit's dossier names what it lacks, for people reading ``lang``: each document by
    its title, each group's evidence file by the group's title (``evidence file for
    Services``); an id where the rubric gives no title. Built once per report, not per unit."""

    def __init__(self, rubric: Rubric, lang: str | None) -> None:
        from .rubric import text_in  # the rubric's module imports much; a report has it loaded

        spec = rubric.spec
        self.lang = lang or spec.language
        documents = spec.dossier.documents if spec.dossier else []
        self._documents = {d.id: text_in(d.title, self.lang) or d.id for d in documents}
        self._groups = {n.id: text_in(n.title, self.lang) or n.id for n in spec.criteria}

    def lacks(self, documents: Sequence[str], evidence: Sequence[str]) -> tuple[str, ...]:
        """What a unit lacks: its missing documents, then its groups' missing evidence files."""
        return (
            *(self._documents.get(d, d) for d in documents),
            *(
                tr("evidence file for {group}", self.lang, group=self._groups.get(g, g))
                for g in evidence
            ),
        )


__all__ = ["DossierTitles", "tr"]
