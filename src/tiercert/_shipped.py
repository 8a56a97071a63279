"""The rubrics shipped with tiercert: where they are, and a rubric argument turned into a file.

The repository's top-level ``rubrics/`` folder is the one source.  A wheel carries a copy
inside the package (``tiercert/rubrics/``, put there by the build configuration in
``pyproject.toml``), with the JSON Schema beside it (``tiercert/rubric.schema.json``); a
source checkout (an editable install, or the tests run from the repository) has them only at
the top level, next to ``src/``.  :func:`shipped_folder` finds whichever is there.

The rule for a rubric argument (``tiercert check NAME``, ``load_rubric(NAME)``): an existing
path always wins; otherwise a name that is a shipped rubric's id is that rubric; anything
else is a problem that lists the shipped ids (with a "did you mean").

Paths here are ``str`` (``os.path``): ``tiercert check`` passes through this module on every
run, and ``pathlib`` would add its imports (``urllib.parse``, ``ipaddress``) to each start.
"""

from __future__ import annotations

import os

from ._i18n import msg
from ._paths import did_you_mean
from ._records import Record
from .errors import Problem

#: the folder of the ``tiercert`` package
PACKAGE = os.path.dirname(os.path.realpath(__file__))
RUBRIC_SUFFIX = ".yaml"
SCHEMA_NAME = "rubric.schema.json"


def shipped_folder(package: str | os.PathLike[str] = PACKAGE) -> str | None:
    """The folder of the shipped rubrics: inside the package (a wheel), else the top-level
    ``rubrics/`` of the source checkout the package runs from; None when neither is there."""
    packaged = os.path.join(package, "rubrics")
    if os.path.isdir(packaged):
        return packaged
    checkout = _checkout(package)
    if checkout is not None and os.path.isdir(os.path.join(checkout, "rubrics")):
        return os.path.join(checkout, "rubrics")
    return None


def schema_file(package: str | os.PathLike[str] = PACKAGE) -> str | None:
    """The shipped JSON Schema of the rubric format (``tiercert schema`` prints the same)."""
    packaged = os.path.join(package, SCHEMA_NAME)
    if os.path.isfile(packaged):
        return packaged
    checkout = _checkout(package)
    if checkout is not None and os.path.isfile(os.path.join(checkout, "schema", SCHEMA_NAME)):
        return os.path.join(checkout, "schema", SCHEMA_NAME)
    return None


def _checkout(package: str | os.PathLike[str]) -> str | None:
    """The repository root when ``package`` is ``<root>/src/tiercert`` of a source checkout."""
    parent = os.path.dirname(os.fspath(package))
    root = os.path.dirname(parent)
    if os.path.basename(parent) == "src" and os.path.isfile(os.path.join(root, "pyproject.toml")):
        return root
    return None


def shipped_ids(package: str | os.PathLike[str] = PACKAGE) -> list[str]:
    """The ids of the shipped rubrics, sorted (each file is named after its rubric's id)."""
    folder = shipped_folder(package)
    if folder is None:
        return []
    with os.scandir(folder) as entries:
        names = [entry.name for entry in entries]
    return sorted(n[: -len(RUBRIC_SUFFIX)] for n in names if n.endswith(RUBRIC_SUFFIX))


class RubricSource(Record, frozen=True):
    """Where to read a rubric from, and the name its problems give the file."""

    path: str
    label: str
    shipped_id: str | None = None


def shipped_label(ident: str, path: str) -> str:
    """``bac_giang_friendly_gov (shipped: /…/rubrics/bac_giang_friendly_gov.yaml)``: the id
    the user typed, and the file it stands for (to open it, or to copy it and adapt it)."""
    return f"{ident} (shipped: {path})"


def locate_rubric(
    name: str | os.PathLike[str], package: str | os.PathLike[str] = PACKAGE
) -> RubricSource | Problem:
    """The file ``name`` stands for, by the rule in this module's docstring, or the problem
    (``file.unreadable``) to report when it stands for nothing."""
    text = os.fspath(name)
    if os.path.lexists(text):  # an existing path always wins, even over a shipped id
        return RubricSource(text, text)
    ids = shipped_ids(package)
    folder = shipped_folder(package)
    if text in ids and folder is not None:
        path = os.path.join(folder, text + RUBRIC_SUFFIX)
        return RubricSource(path, shipped_label(text, path), text)
    if _looks_like_a_path(text):
        stem = os.path.splitext(os.path.basename(os.path.normpath(text)))[0]
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
        return RubricSource(text, text)  # reading it reports what is wrong, as ever
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
