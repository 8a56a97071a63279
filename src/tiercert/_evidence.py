"""Evidence: what an answer carries besides its value (a justification, a URL), and what a
criterion (or one of its levels, or its N/A) needs for its points to count.

Both evaluators and the batch's row scorer judge evidence here, as bits: 1 for a
justification, 2 for a URL (in its own key, or a link written in the justification).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

#: a link written in a justification counts as the URL evidence
URL_IN_TEXT = re.compile(r"https?://\S")
#: the keys of an answer given as a mapping
ANSWER_KEYS = frozenset({"value", "justification", "url", "note"})
#: each kind of evidence as a bit of :func:`evidence_bits`
EVIDENCE_BITS = {"justification": 1, "url": 2}


def evidence_bits(justification: str | None, url: str | None) -> int:
    """The evidence an answer carries: 1 for a justification, plus 2 for a URL (in ``url``,
    or a link written in the justification)."""
    text = justification or ""
    has_url = bool((url or "").strip()) or URL_IN_TEXT.search(text) is not None
    return (1 if text.strip() else 0) + (2 if has_url else 0)


def needed_bits(needs: Collection[str]) -> int:
    """The bits of :func:`evidence_bits` that evidence of these kinds needs."""
    return sum(EVIDENCE_BITS[kind] for kind in set(needs))


def carries(needs: Collection[str], justification: str | None, url: str | None) -> bool:
    """Whether an answer with this justification and URL carries the evidence ``needs``."""
    need = needed_bits(needs)
    return evidence_bits(justification, url) & need == need


def lacking_detail(needs: Collection[str]) -> str:
    """How a result says which evidence refused a criterion its points."""
    return "needs " + " and ".join(needs)


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
                    f"unknown key {sorted(extra)[0]!r} in the answer; use value, justification, "
                    "url or note"
                ),
            )
        if "value" not in raw:
            return None, None, None, "the answer has no 'value'; add it"
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
    "EVIDENCE_BITS",
    "URL_IN_TEXT",
    "carries",
    "evidence_bits",
    "lacking_detail",
    "needed_bits",
    "unpack",
]
