"""Evidence: what an answer carries besides its value (a justification, a URL), and what a
criterion (or one of its levels, or its N/A) needs for its points to count.

Both evaluators and the batch's row scorer judge evidence here, as bits: 1 for a
justification, 2 for a URL (in its own key, or a link written in the justification).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any, Literal

from ._i18n import msg, translator
from ._records import Record

#: a link written in a justification counts as the URL evidence
URL_IN_TEXT = re.compile(r"https?://\S")
#: what a URL must look like, by the name an ``evidence_rules`` spec gives it: fixed patterns,
#: never text from a rubric (each scans in linear time: no nested or overlapping repeats)
UrlForm = Literal["any", "host_with_dot"]
URL_FORMS: dict[str, re.Pattern[str]] = {
    "any": URL_IN_TEXT,  # http(s):// and one more character
    "host_with_dot": re.compile(r"https?://[^/. ]+\.[^ ]"),  # http(s)://host.x (the badge's)
}
UrlPlace = Literal["url", "justification"]


class EvidenceRules(Record, frozen=True):
    """What makes a justification or a URL count, as a rubric's ``evidence_rules`` say.

    Without rules: a justification that is not blank, and a URL in the answer's ``url`` (not
    blank) or written in the justification (``http(s)://`` and one more character)."""

    min_length: int | None = None  # characters a justification needs, spaces included
    ignore_prefixes: tuple[str, ...] = ()  # a justification starting so counts as none
    url_places: frozenset[UrlPlace] = frozenset(("url", "justification"))
    url_form: UrlForm = "any"


#: the rules of a rubric that states none
DEFAULT_RULES = EvidenceRules()


def rules_of(spec: Any, default: EvidenceRules = DEFAULT_RULES) -> EvidenceRules:
    """The rules an ``evidence_rules`` block states (the rubric's, a criterion's or a level's:
    the same keys), or ``default`` without one.  A block replaces the rules above it whole:
    what it leaves out is the default, not the rules above."""
    if spec is None:
        return default
    text, link = spec.justification, spec.url
    rules = EvidenceRules(
        min_length=text.min_length if text is not None else None,
        ignore_prefixes=tuple(text.ignore_prefixes) if text is not None else (),
        url_places=(
            frozenset(link.where)
            if link is not None and link.where is not None
            else DEFAULT_RULES.url_places
        ),
        url_form=link.form if link is not None else "any",
    )
    return DEFAULT_RULES if rules == DEFAULT_RULES else rules


#: the keys of an answer given as a mapping
ANSWER_KEYS = frozenset({"value", "justification", "url", "note"})
#: each kind of evidence as a bit of :func:`evidence_bits`
EVIDENCE_BITS = {"justification": 1, "url": 2}


def evidence_bits(
    justification: str | None, url: str | None, rules: EvidenceRules = DEFAULT_RULES
) -> int:
    """The evidence an answer carries under ``rules``: 1 for a justification, plus 2 for a URL
    (in ``url``, or a link written in the justification)."""
    text = justification or ""
    if rules is DEFAULT_RULES:  # the common case, kept short
        has_url = bool((url or "").strip()) or URL_IN_TEXT.search(text) is not None
        return (1 if text.strip() else 0) + (2 if has_url else 0)
    if rules.ignore_prefixes and text.startswith(rules.ignore_prefixes):
        text = ""
    # with a minimum, characters are counted as written (the badge counts spaces too)
    has_text = bool(text.strip()) if rules.min_length is None else len(text) >= rules.min_length
    form = URL_FORMS[rules.url_form]
    link = (url or "").strip()
    has_url = (
        "url" in rules.url_places
        and bool(link)
        and (rules.url_form == "any" or form.search(link) is not None)
    ) or ("justification" in rules.url_places and form.search(text) is not None)
    return (1 if has_text else 0) + (2 if has_url else 0)


def rules_text(rules: EvidenceRules, lang: str = "en") -> str:
    """What ``rules`` ask of evidence beyond the defaults, in ``lang`` (empty for the
    defaults): ``a justification of at least 5 characters; a URL written
    http(s)://host.x``."""
    _ = translator(lang).gettext
    said = []
    if rules.min_length is not None:
        said.append(
            _("a justification of at least {count} characters").format(count=rules.min_length)
        )
    if rules.ignore_prefixes:
        prefixes = ", ".join(repr(p) for p in rules.ignore_prefixes)
        said.append(
            _("a justification starting with {prefixes} counts as none").format(prefixes=prefixes)
        )
    if rules.url_form == "host_with_dot":
        said.append(_("a URL written http(s)://host.x (a host with a dot)"))
    if rules.url_places == frozenset(("url",)):
        said.append(_("a URL only in the answer's url"))
    elif rules.url_places == frozenset(("justification",)):
        said.append(_("a URL only written in the justification"))
    return "; ".join(said)


def needed_bits(needs: Collection[str]) -> int:
    """The bits of :func:`evidence_bits` that evidence of these kinds needs."""
    return sum(EVIDENCE_BITS[kind] for kind in set(needs))


def carries(
    needs: Collection[str],
    justification: str | None,
    url: str | None,
    rules: EvidenceRules = DEFAULT_RULES,
) -> bool:
    """Whether an answer with this justification and URL carries the evidence ``needs``."""
    need = needed_bits(needs)
    return evidence_bits(justification, url, rules) & need == need


#: each kind of evidence as a result's detail names it: the answer's key in English (the
#: results' data keep it), what to give and where in another language
EVIDENCE_WORDS = {"justification": msg("justification"), "url": msg("url")}


def evidence_words(needs: Collection[str]) -> str:
    """The kinds of evidence in ``needs`` as a detail names them, in any language: ``justification
    and url`` (the English the results keep)."""
    words = [EVIDENCE_WORDS.get(kind) or kind for kind in needs]
    if not words:
        return ""
    said = words[0]
    for word in words[1:]:
        said = msg("{first} and {then}", first=said, then=word)
    return said


def lacking_detail(needs: Collection[str]) -> str:
    """How a result says which evidence refused a criterion its points: ``needs justification
    and url``, in any language."""
    return msg("needs {evidence}", evidence=evidence_words(needs))


def na_lacking_detail(needs: Collection[str]) -> str:
    """How a result says which evidence refused a criterion its N/A."""
    return msg("N/A needs {evidence}", evidence=evidence_words(needs))


#: a result's detail for an N/A given to a criterion that does not accept it
NA_REFUSED = msg("not applicable is not accepted here")


def unpack(raw: object) -> tuple[object, str | None, str | None, str | None]:
    """(value, justification, url, problem) from a plain answer or a mapping."""
    if isinstance(raw, Mapping):
        extra = set(raw) - ANSWER_KEYS
        if extra:
            return (
                None,
                None,
                None,
                (
                    msg(
                        "unknown key {extra!r} in the answer; use value, justification, url or "
                        "note",
                        extra=sorted(extra)[0],
                    )
                ),
            )
        if "value" not in raw:
            return None, None, None, msg("the answer has no 'value'; add it")
        just, url = raw.get("justification"), raw.get("url")
        return (
            raw["value"],
            str(just) if just is not None else None,
            str(url) if url is not None else None,
            None,
        )
    return raw, None, None, None


__all__ = [
    "ANSWER_KEYS",
    "DEFAULT_RULES",
    "EVIDENCE_BITS",
    "EVIDENCE_WORDS",
    "NA_REFUSED",
    "URL_FORMS",
    "URL_IN_TEXT",
    "EvidenceRules",
    "carries",
    "evidence_bits",
    "evidence_words",
    "lacking_detail",
    "na_lacking_detail",
    "needed_bits",
    "rules_of",
    "rules_text",
    "unpack",
]
