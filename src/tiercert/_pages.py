"""HTML pages from templates: the one place that knows Jinja2.

The pages (scorecards, the programme dashboard) are templates in ``tiercert/templates``,
rendered by :func:`render` with autoescaping on (every text a rubric or a sheet brings is
user input) and the translation hooks of ``jinja2.ext.i18n`` in place: every text a person
reads is marked in the templates (``{% trans %}`` or ``_()``), and the language's message
catalog (:mod:`tiercert._i18n`) is installed per environment, one environment per language.

Jinja2 is imported when a page is rendered, never before: ``tiercert check`` does not load it.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import os
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ._escape import visible, visible_lines
from ._i18n import day_text, translator
from ._numbers import HUNDRED, ZERO, Toward, display_number

if TYPE_CHECKING:
    import jinja2


def render(template: str, lang: str, /, **context: Any) -> str:
    """``template`` (a file of ``tiercert/templates``) rendered in ``lang`` with ``context``;
    the template sees ``lang`` too."""
    from . import __version__

    page = _environment(lang).get_template(template)
    # values are shown with visible() as they are printed; a value placed into a translated
    # message (_("... %(name)s", name=...)) is escaped but not finalized: no control
    # character reaches the page, wherever it came from
    return visible_lines(page.render(lang=lang, version=__version__, **context))


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    """One environment per language: translations are installed per environment."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tiercert", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a name missing from the data fails, never blank
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # (a method the i18n extension adds)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = functools.partial(_number, lang=lang)
    # a date given as ISO text, as people of the language read it
    env.filters["day"] = functools.partial(day_text, lang=lang, said=translations(lang))
    env.filters["width"] = width
    env.filters["coord"] = coordinate
    env.filters["target_labels"] = functools.partial(_target_labels, lang=lang)
    return env


def _target_labels(targets: Any, *, lang: str) -> Any:
    """The dashboard's target labels laid out apart (:func:`tiercert.dashboard.target_labels`)."""
    from .dashboard import target_labels  # the dashboard's pages only

    return target_labels(targets, functools.partial(_number, lang=lang))


def translations(lang: str) -> gettext.NullTranslations:
    """The message catalog of ``lang`` for the pages' texts (:func:`tiercert._i18n.translator`:
    English for a language without one)."""
    return translator(lang)


def _finalize(value: object) -> object:
    """Every value a template prints: control characters and bidi overrides from a name or a
    title shown as escapes (as on a terminal), before autoescaping."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def _number(
    value: Fraction | int, toward: Toward = "floor", places: int = 12, *, lang: str = "en"
) -> str:
    """A number as people of ``lang`` read it: :func:`~tiercert._numbers.display_number`,
    never a number that contradicts the decision."""
    return display_number(value, toward, places, lang=lang)


def width(part: Fraction | int, whole: Fraction | int = HUNDRED) -> str:
    """``part / whole`` as a CSS or SVG percentage (``"72.5"``), clamped to 0-100: the
    length of a bar, drawn from the exact value (its label follows the display rule)."""
    if not whole:
        return "0"
    share = min(max(Fraction(part) * HUNDRED / Fraction(whole), ZERO), HUNDRED)
    return f"{float(share):.3f}".rstrip("0").rstrip(".")


def coordinate(value: Fraction | float) -> str:
    """A position on a drawing (``"123.46"``): where a bar or a line is drawn, from the
    exact value; never a number a person reads."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def today() -> str:
    """The date a page is made, ``YYYY-MM-DD``: today, or the date ``SOURCE_DATE_EPOCH``
    says (reproducible builds: the same inputs give the same page)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()
