"""The rubrics shipped with tiercert: where they are, and a rubric argument turned into a file.

The repository's top-level ``rubrics/`` folder is the one source.  A wheel carries a copy
inside the package (``tiercert/rubrics/``, put there by the build configuration in
``pyproject.toml``), with the JSON Schema beside it (``tiercert/rubric.schema.json``); a
source checkout (an editable install, or the tests run from the repository) has them only at
the top level, next to ``src/``.  :func:`shipped_folder` finds whichever is there.

The rule for a rubric argument (``tiercert check NAME``, ``load_rubric(NAME)``): an existing
path always wins; otherwise a name that is a shipped rubric's id is that rubric; anything
else is a problem that lists the shipped ids (with a "did you mean").
"""

from __future__ import annotations

import os
from pathlib import Path

from ._i18n import msg
from ._paths import did_you_mean
from ._records import Record
from .errors import Problem

#: the folder of the ``tiercert`` package
PACKAGE = Path(__file__).resolve().parent
RUBRIC_SUFFIX = ".yaml"
SCHEMA_NAME = "rubric.schema.json"


def shipped_folder(package: Path = PACKAGE) -> Path | None:
    """The folder of the shipped rubrics: inside the package (a wheel), else the top-level
    ``rubrics/`` of the source checkout the package runs from; None when neither is there."""
    packaged = package / "rubrics"
    if packaged.is_dir():
        return packaged
    checkout = _checkout(package)
    if checkout is not None and (checkout / "rubrics").is_dir():
        return checkout / "rubrics"
    return None


def schema_file(package: Path = PACKAGE) -> Path | None:
    """The shipped JSON Schema of the rubric format (``tiercert schema`` prints the same)."""
    packaged = package / SCHEMA_NAME
    if packaged.is_file():
        return packaged
    checkout = _checkout(package)
    if checkout is not None and (checkout / "schema" / SCHEMA_NAME).is_file():
        return checkout / "schema" / SCHEMA_NAME
    return None


def _checkout(package: Path) -> Path | None:
    """The repository root when ``package`` is ``<root>/src/tiercert`` of a source checkout."""
    root = package.parent.parent
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def shipped_ids(package: Path = PACKAGE) -> list[str]:
    """The ids of the shipped rubrics, sorted (each file is named after its rubric's id)."""
    folder = shipped_folder(package)
    if folder is None:
        return []
    return sorted(p.name[: -len(RUBRIC_SUFFIX)] for p in folder.glob("*" + RUBRIC_SUFFIX))


class RubricSource(Record, frozen=True):
    """Where to read a rubric from, and the name its problems give the file."""

    path: Path
    label: str
    shipped_id: str | None = None


def shipped_label(ident: str, path: Path) -> str:
    """``bac_giang_friendly_gov (shipped: /…/rubrics/bac_giang_friendly_gov.yaml)``: the id
    the user typed, and the file it stands for (to open it, or to copy it and adapt it)."""
    return f"{ident} (shipped: {path})"


def locate_rubric(name: str | os.PathLike[str], package: Path = PACKAGE) -> RubricSource | Problem:
    """The file ``name`` stands for, by the rule in this module's docstring, or the problem
    (``file.unreadable``) to report when it stands for nothing."""
    text = os.fspath(name)
    if os.path.lexists(text):  # an existing path always wins, even over a shipped id
        return RubricSource(Path(text), text)
    ids = shipped_ids(package)
    folder = shipped_folder(package)
    if text in ids and folder is not None:
        path = folder / (text + RUBRIC_SUFFIX)
        return RubricSource(path, shipped_label(text, path), text)
    if _looks_like_a_path(text):
        stem = Path(text).stem
        if stem in ids:
            return Problem(
                "file.unreadable",
                msg(
                    "cannot read the file: no such file; to use the shipped rubric "
                    "{stem!r}, give its id alone: {stem}",
                    stem=stem,
                ),
                file=text,
            )
        return RubricSource(Path(text), text)  # reading it reports what is wrong, as ever
    listed = ", ".join(ids) if ids else msg("none (this installation has no rubrics folder)")
    # an id is often typed from its start ('bac_giang'): that is closer than letters in common
    starting = [ident for ident in ids if ident.startswith(text.lower())] if text else []
    hint = (
        msg("; did you mean {choice!r}?", choice=starting[0])
        if len(starting) == 1
        else did_you_mean(text, ids)
    )
    return Problem(
        "file.unreadable",
        msg(
            "no such file, and no shipped rubric has the id {text!r}{value} the "
            "path of a rubric file, or the id of a shipped rubric: {listed} "
            "(tiercert list)",
            text=text,
            value=msg("{hint} Give", hint=hint) if hint else msg("; give"),
            listed=listed,
        ),
        file=text,
    )


def _looks_like_a_path(text: str) -> bool:
    """A folder part or a file extension: meant as a path, not as a shipped rubric's id."""
    return any(sep and sep in text for sep in ("/", os.sep, os.altsep)) or "." in text
