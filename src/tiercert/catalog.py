"""The rubrics shipped with tiercert, listed: id, version, titles and provisional elements.

Each is usable by its id wherever a rubric file is asked for (see :mod:`tiercert._shipped`
for where they are and the rule when a file of that name exists too).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

from ._escape import text_of_lines
from ._i18n import translator
from ._shipped import shipped_folder, shipped_ids
from .checking import check_file
from .errors import RubricError


@dataclass(frozen=True, slots=True)
class ShippedRubric:
    """One shipped rubric: ``tiercert list`` prints one of these per rubric.

    ``title`` is by language, the rubric's own ``language`` first (a title written without a
    language is listed under the rubric's); ``provisional`` counts the elements the sources do
    not confirm; ``file`` is where the rubric is, to read it or to copy and adapt it.
    """

    id: str
    version: str
    language: str
    title: dict[str, str]
    provisional: int
    file: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (what ``tiercert list --format json`` prints per rubric)."""
        return {
            "id": self.id,
            "version": self.version,
            "language": self.language,
            "title": dict(self.title),
            "provisional": self.provisional,
            "file": self.file,
        }


def shipped_rubrics() -> list[ShippedRubric]:
    """The shipped rubrics, by id.  Raises :class:`RubricError` if one does not pass its
    check (a damaged installation: the tests check every shipped rubric)."""
    folder = shipped_folder()
    if folder is None:
        return []
    listed = []
    for ident in shipped_ids():
        # the shipped file itself: a file of that name in the current folder is not it
        file = os.path.join(folder, f"{ident}.yaml")
        report = check_file(file, light=True)
        if report.spec is None or report.errors:
            raise RubricError(report.problems)
        spec = report.spec
        own = spec.language
        titles = {(own if lang == "*" else lang): text for lang, text in spec.title.items()}
        first = {own: titles[own]} if own in titles else {}
        listed.append(
            ShippedRubric(
                spec.id,
                spec.version,
                spec.language,
                {**first, **titles},
                len(report.provisional),
                file,
            )
        )
    return listed


def render_text(rubrics: Sequence[ShippedRubric], lang: str = "en") -> str:
    """One block per rubric: the id, version and provisional count, then a title per line;
    the words in ``lang``."""
    said = translator(lang)
    lines = []
    for rubric in rubrics:
        n = rubric.provisional
        about = said.ngettext(
            "version {version}; {count} provisional element",
            "version {version}; {count} provisional elements",
            n,
        ).format(version=rubric.version, count=n)
        lines.append(f"{rubric.id}  ({about})")
        lines += [f"  {code}: {text}" for code, text in rubric.title.items()]
    count = len(rubrics)
    lines.append(
        said.ngettext(
            "{count} shipped rubric; give an id wherever a rubric file is asked for: "
            "tiercert explain ID",
            "{count} shipped rubrics; give an id wherever a rubric file is asked for: "
            "tiercert explain ID",
            count,
        ).format(count=count)
    )
    return text_of_lines(lines)


def render_json(rubrics: Sequence[ShippedRubric]) -> str:
    return json.dumps([r.to_dict() for r in rubrics], ensure_ascii=False, indent=2) + "\n"


__all__ = ["ShippedRubric", "render_json", "render_text", "shipped_rubrics"]
