"""The ``levels`` rule: the answer names one option, and the option gives the points."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import TYPE_CHECKING, Literal

from tiercert._escape import quoted
from tiercert._evidence import (
    EvidenceRules,
    evidence_words,
    lacking_detail,
    rules_of,
    rules_text,
)
from tiercert._i18n import LANGUAGES, Given, in_lang, joined, msg
from tiercert._kinds import CheckContext, RuleFields, RuleKind, Style, Value
from tiercert._literals import (
    NA_WORDS,
    empty_value_problem,
    fold,
    loose,
    nfc,
    parse_bool,
    parse_number,
    word_problem,
)
from tiercert._numbers import (
    display_number,
    exact_number,
    is_terminating,
    number_words,
    to_fraction,
)
from tiercert._paths import LISTED, closest, did_you_mean, listed, shown
from tiercert._shapes import Spec, text_in
from tiercert.errors import Path, Problem, Severity, problem_of

from ._answers import negative_points

if TYPE_CHECKING:
    from tiercert.model import EvidenceKind, EvidenceRulesSpec, Id, NonEmpty, Number, Text

#: how an assessment says "not applicable": no level may be called that
NA = "na"


class Level(Spec):
    """One named option of a ``levels`` rule."""

    __slots__ = ()
    id: Id
    points: Number
    label: Text | None = None
    evidence: list[EvidenceKind] | None = None
    evidence_rules: EvidenceRulesSpec | None = None


class LevelsRule(RuleFields):
    """The answer names one option; the option gives the points."""

    __slots__ = ()
    kind: Literal["levels"]
    levels: NonEmpty[Level]


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("bare", "labels", "levels", "loose", "options", "rules")

    def __init__(
        self,
        levels: dict[str, tuple[Fraction, tuple[str, ...]]],
        labels: dict[str, tuple[str, ...]] | None = None,
        loose: dict[str, str] | None = None,
        bare: dict[str, tuple[tuple[str, str], ...]] | None = None,
        rules: dict[str, EvidenceRules] | None = None,
        options: str | None = None,
    ) -> None:
        # level id -> (points, the evidence an answer naming it needs)
        self.levels = levels
        # level id -> the evidence rules of a level with its own (the others: the criterion's)
        self.rules = rules or {}
        # a label in any language, folded (fold()) -> the ids of the levels it names (more
        # than one: an ambiguous label, refused); prepared once, looked up per answer
        self.labels = labels or {}
        # an id or a label without case or accents (loose()) -> how to write it: suggestions
        self.loose = loose or {}
        # a label without case or accents -> (level id, folded label) of the labels it may be:
        # an answer typed with some accents left out (never changed) names its level when it
        # can name only that one
        self.bare = bare or {}
        # the levels as a refused answer lists them (see _options)
        self.options = options if options is not None else listed(levels)


def _accents_left_out(typed: str, label: str) -> bool:
    """``typed`` is ``label`` (both folded) with some accents left out, none changed or
    added: ``tot``, ``tôt`` and ``tót`` for ``tốt``, never ``tọt``."""
    if len(typed) != len(label):
        return False
    return all(a == b or _within(a, b) for a, b in zip(typed, label, strict=True))


def _within(typed: str, letter: str) -> bool:
    """``typed`` is ``letter`` with some of its accents left out (``ô`` of ``ố``; ``d`` of
    ``đ``)."""
    if letter == "đ":
        return typed == "d"
    a, b = unicodedata.normalize("NFD", typed), unicodedata.normalize("NFD", letter)
    return a[0] == b[0] and all(a[1:].count(mark) <= b[1:].count(mark) for mark in a[1:])


def _key(text: str) -> str:
    """``text`` as an answer is compared with a label: folded (:func:`fold`), each run of
    spaces, line breaks or no-break spaces inside it one space (``Khá ổn`` for the label
    ``Khá\\nổn``: a cell's line break is seldom typed)."""
    folded = fold(text)
    return " ".join(folded.split()) if any(c.isspace() for c in folded) else folded


def _spaced(text: str) -> str:
    """``text`` without surrounding spaces and with each run of spaces inside it one space:
    a label as a suggestion writes it, typable in any cell."""
    return " ".join(nfc(text).split())


def _unquoted(text: str) -> str | None:
    """The text inside ``text`` written in double quotes as a hint shows a label
    (:func:`~tiercert._escape.quoted`: ``"Khá \\"ổn\\""``, ``"Yếu\\nkém"``), as typed in a
    cell or passed as a string; None for any other text."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return None
    import json  # seldom needed (start-up time)

    try:
        inner = json.loads(text)
    except ValueError:
        return None
    return inner if isinstance(inner, str) else None


def _labels(rule: LevelsRule) -> dict[str, tuple[str, ...]]:
    """Label as compared (:func:`_key`) -> the ids of the levels whose label (in some
    language) it is."""
    found: dict[str, list[str]] = {}
    for level in rule.levels:
        for text in (level.label or {}).values():
            ids = found.setdefault(_key(text), [])
            if level.id not in ids:
                ids.append(level.id)
    return {label: tuple(ids) for label, ids in found.items()}


def _check(rule: LevelsRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points(
        [(lv.points, (*path, "levels", i, "points")) for i, lv in enumerate(rule.levels)]
    )
    seen: set[str] = set()
    for i, level in enumerate(rule.levels):
        if level.id in seen:
            yield Problem(
                "level.duplicate",
                msg(
                    "the level {level!r} is listed twice; give each level its own id",
                    level=level.id,
                ),
                (*path, "levels", i, "id"),
            )
        seen.add(level.id)
        if level.id.lower() == NA:  # (labels too: below)
            # an answer 'na' always means "not applicable", so no level can be called that
            yield Problem(
                "level.reserved",
                msg(
                    "{level!r} is how an assessment says 'not applicable', so it cannot "
                    "name a level; rename the level (to allow N/A, add 'na:' to the "
                    "criterion)",
                    level=level.id,
                ),
                (*path, "levels", i, "id"),
            )
        for text in (level.label or {}).values():
            if fold(text) in NA_WORDS:
                # an answer written with this label would be read as "not applicable"
                yield Problem(
                    "level.reserved",
                    msg(
                        "the label {label!r} is how an assessment says 'not applicable', so "
                        "no answer can name this level by it; give the level another label "
                        "(to allow N/A, add 'na:' to the criterion)",
                        label=nfc(text.strip()),
                    ),
                    (*path, "levels", i, "label"),
                )
                break
    yield from _ambiguous(rule, path)
    yield from _unused_rules(rule, path, context)


def _unused_rules(rule: LevelsRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    """A level's ``evidence_rules`` that judge no evidence the level needs: all of them when
    it needs none, the ``url`` rules when it needs no URL."""
    own = [(i, lv, lv.evidence_rules) for i, lv in enumerate(rule.levels)]
    if all(rules is None for _, _, rules in own):
        return
    node = next((n for n in context.nodes.values() if n.rule is rule), None)
    if node is None:  # its criterion's id is another's too (id.duplicate says so): unknown
        return
    criterion = tuple(node.evidence)
    for i, level, rules in own:
        if rules is None:
            continue
        needs = level.evidence if level.evidence is not None else criterion
        where = (*path, "levels", i, "evidence_rules")
        if not needs:
            yield problem_of(
                "evidence_rules.unused",
                "the level {level!r} needs no evidence, so its 'evidence_rules' judge nothing; "
                "give the level 'evidence: [...]' or remove its 'evidence_rules'",
                where,
                severity=Severity.WARNING,
                level=level.id,
            )
        elif rules.url is not None and "url" not in needs:
            yield problem_of(
                "evidence_rules.unused",
                "the level {level!r} needs no URL, so its 'url' rules judge nothing; add url "
                "to the level's 'evidence' or remove the 'url' rules",
                (*where, "url"),
                severity=Severity.WARNING,
                level=level.id,
            )


def _ambiguous(rule: LevelsRule, path: Path) -> Iterator[Problem]:
    """A label two levels share (without case, in any language), or that is another level's
    id: an answer written so is refused, so say it here."""
    ids = {lv.id.casefold(): lv.id for lv in rule.levels}
    for label, named in _labels(rule).items():
        other = ids.get(label)
        if len(named) > 1 or (other is not None and other not in named):
            levels = sorted({*named, *([other] if other is not None else [])})
            i = next(i for i, lv in enumerate(rule.levels) if lv.id == named[-1])
            yield Problem(
                "level.label_ambiguous",
                msg(
                    "the label {label!r} names more than one level ({levels}), so an "
                    "answer written with it is refused; give each level its own label",
                    label=label,
                    levels=", ".join(levels),
                ),
                (*path, "levels", i, "label"),
                Severity.WARNING,
            )


def _shared(rule: LevelsRule, source: LevelsRule, source_id: str, path: Path) -> Iterator[Problem]:
    mine = [lv.id for lv in rule.levels]
    theirs = [lv.id for lv in source.levels]
    if sorted(mine) != sorted(theirs):
        yield Problem(
            "answer_from.levels",
            msg(
                "this criterion reads the answer to {source_id!r}, so it needs the "
                "same level ids ({theirs}), got: {mine}; make the levels match",
                source_id=source_id,
                theirs=", ".join(theirs),
                mine=", ".join(mine),
            ),
            (*path, "rule", "levels"),
        )


def _compile(rule: LevelsRule, maximum: Fraction, evidence: tuple[str, ...]) -> Params:
    suggest: dict[str, str] = {}
    bare: dict[str, set[tuple[str, str]]] = {}
    for level in rule.levels:  # a label before an id: people read the labels
        for text in (level.label or {}).values():
            key = _key(text)
            suggest.setdefault(loose(key), _spaced(text))
            bare.setdefault(loose(key), set()).add((level.id, key))
    for level in rule.levels:
        suggest.setdefault(loose(level.id), level.id)
    return Params(
        {
            lv.id: (
                to_fraction(lv.points),
                tuple(lv.evidence) if lv.evidence is not None else evidence,
            )
            for lv in rule.levels
        },
        _labels(rule),
        suggest,
        {text: tuple(sorted(found)) for text, found in bare.items()},
        {lv.id: rules_of(lv.evidence_rules) for lv in rule.levels if lv.evidence_rules is not None},
        _options(rule),
    )


#: at most about this many characters of levels a refused answer's message lists
_OPTIONS_SHOWN = 300
#: a level's label longer than this is cut in that list
_LABEL_SHOWN = 40


def _options(rule: LevelsRule, own: str | None = None) -> str:
    """The levels as a refused answer lists them: each id with its label (NFC), ``muc_1 (Mức
    1)``: the label in the rubric's own language ``own`` (the words a sheet is typed with),
    and beside it the reader's where the rubric gives another (``tot (Tốt / Good)`` for a
    Vietnamese rubric read in English); without ``own``, the reader's where the rubric gives
    one, else the rubric's own; the first :data:`~tiercert._paths.LISTED` of them and about
    :data:`_OPTIONS_SHOWN` characters at most, then how many more."""
    items: list[str] = []
    width = 0
    for level in rule.levels:
        labels = {}
        for lang, text in (level.label or {}).items():
            label = nfc(text.strip())
            if label and label != level.id:
                if len(label) > _LABEL_SHOWN:
                    label = label[: _LABEL_SHOWN - 1] + "…"
                labels[lang] = label
        mine = labels.get(own, labels.get("*")) if own is not None else None
        texts = {}
        for lang, label in labels.items():
            both = mine is not None and label != mine
            texts[lang] = f"{level.id} ({mine} / {label})" if both else f"{level.id} ({label})"
        if mine is not None:  # a reader with no label of their own reads the rubric's
            texts["*"] = f"{level.id} ({mine})"
        longest = max((len(t) for t in texts.values()), default=len(level.id))
        if items and (len(items) >= LISTED or width + longest > _OPTIONS_SHOWN):
            break
        items.append(Given(texts) if texts else level.id)
        width += longest + 2
    shown_ = joined(", ", items)
    more = len(rule.levels) - len(items)
    if not more:
        return shown_
    return msg(
        "{choices}{separator}… (and {count} more)", choices=shown_, separator=", ", count=more
    )


def _in_language(rule: LevelsRule, params: Params, language: str) -> Params:
    """``params`` of a rubric whose own words are in ``language``: a refused answer lists
    the levels by the rubric's labels, the reader's translation beside them."""
    params.options = _options(rule, language)
    return params


def _written(value: object) -> str | None:
    """The text an answer names a level by: text as typed, a number as it was written (a
    YAML or JSON ``1.5`` is ``Decimal("1.5")``), a float (a spreadsheet's numeric cell, which
    keeps no text) by its shortest form, as numbers are read (``1.5``), a ``Fraction`` (which
    keeps no text either) by its decimal form (``Fraction(3, 2)`` as ``1.5``, as the float
    1.5: the same number, the same level); None for any other value (a ``Fraction`` with no
    finite decimal form included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | Decimal):
        return nfc(str(value).strip())
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)  # a subclass (np.float64) may write itself otherwise
    if isinstance(value, Fraction) and is_terminating(value):
        return exact_number(value)
    if isinstance(value, Real):  # numpy's float32 and int64: the number, where it is exact
        number = parse_number(value)
        if number is not None and is_terminating(number):
            return exact_number(number)
    return None


def _numeric(value: object) -> bool:
    """Whether ``value`` is a number that keeps no text of its own: a float, a ``Fraction``,
    numpy's float32 (not an int, a Decimal or a bool, which do)."""
    return isinstance(value, float | Fraction) or (
        not isinstance(value, str | int | Decimal) and isinstance(value, Real)
    )


def _same_number(levels: Iterable[str], number: Fraction) -> list[str]:
    """The levels whose id is ``number`` written in some way (``2`` and ``2.0`` for 2)."""
    return [lv for lv in levels if parse_number(lv) == number]


def _read(params: Params, value: object) -> tuple[Value | None, str | None]:
    found, problem = _read_text(params, value, _written(value))
    if found is None and isinstance(value, str):
        # a label typed in double quotes, as the template's hint shows it: the label
        inner = _unquoted(nfc(value.strip()))
        if inner is not None:
            label = _read_text(params, inner, _written(inner))
            if label[0] is not None:
                return label
    if found is None:
        # a level's id or label with an invisible character pasted in, in full-width letters,
        # what a spreadsheet showed instead (#N/A), an empty cell's NaN: said, with what to do
        why = word_problem(value, lambda text: _level_of(params, text)) or empty_value_problem(
            value
        )
        if why is not None:
            return None, msg(
                "{value} is not one of the levels: {options}{hint}",
                value=shown(value),
                options=params.options,
                hint=msg("; {why}", why=why),
            )
    return found, problem


def _level_of(params: Params, text: str) -> str | None:
    """The level ``text`` names (its id, or a label), or None."""
    found = _read_text(params, text, _written(text))[0]
    return found if isinstance(found, str) else None


def _read_text(params: Params, value: object, text: str | None) -> tuple[Value | None, str | None]:
    levels = params.levels
    if _numeric(value) and text is not None and text not in levels:
        # a number with no text of its own (a numeric cell typed 2 or 2.0, pandas' 2.0, a
        # Fraction): the one level that is this number, whichever way its id writes it
        same = _same_number(levels, Fraction(text))
        if len(same) == 1:
            return same[0], None
    if text is not None and not isinstance(value, bool):
        if text in levels:
            return text, None
        folded = [lv for lv in levels if lv.lower() == text.lower()]
        if len(folded) == 1:
            return folded[0], None
        typed = _key(text)
        named = params.labels.get(typed, ())
        if len(named) == 1:  # a level's label, in any language, however cased or normalised
            return named[0], None
        if not named:
            named = tuple(
                sorted(
                    {
                        level
                        for level, label in params.bare.get(loose(typed), ())
                        if _accents_left_out(typed, label)
                    }
                )
            )
            if len(named) == 1:  # a label with some accents left out: it can mean only one
                return named[0], None
        if named:
            return None, (
                msg(
                    "{value} is the label of more than one level ({named}); answer with "
                    "the level's id",
                    value=shown(value),
                    named=listed(named),
                )
            )
    options = params.options
    number = parse_number(text) if text is not None else None
    if number is not None:
        # a number: a level whose id is the same number written otherwise (1.0 for 1), or
        # none; never a level that only looks alike (1.25 is not 1.5)
        same = _same_number(levels, number)
        hint = (
            msg("; level ids are text: write {choice!r}, as the rubric writes it", choice=same[0])
            if len(same) == 1
            else ""
        )
    elif parse_bool(value) is not None and loose(_key(str(value))) not in params.loose:
        # yes or no means something else than a level spelt nearly alike ('yes', 'Yếu'): no
        # "did you mean", but what the criterion wants (a level named 'True' is still offered
        # for the answer True)
        hint = msg("; this criterion is answered with one of its levels, not yes or no")
    else:
        near = closest(loose(_key(text)), params.loose) if text else None
        hint = (
            msg("; did you mean {choice!r}?", choice=params.loose[near])
            if near is not None
            else did_you_mean(str(value), levels)
        )
    return None, msg(
        "{value} is not one of the levels: {options}{hint}",
        value=shown(value) if number is None or isinstance(value, str) else text,
        options=options,
        hint=hint,
    )


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, str)
    return params.levels[value][0], None


def _needs(params: Params, value: Value, evidence: tuple[str, ...]) -> tuple[str, ...]:
    found = params.levels.get(value) if isinstance(value, str) else None
    return evidence if found is None else found[1]


def _describe(rule: LevelsRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    options = []
    for level in rule.levels:
        label = text_in(level.label, lang)
        named = code(level.id) + (f" ({shown_label(label)})" if label and label != level.id else "")
        points = number_words(level.points)
        option = (
            msg(
                "{level} → {points} [needs {evidence}]",
                level=named,
                points=points,
                evidence=evidence_words(level.evidence),
            )
            if level.evidence
            else joined(" → ", (named, points))
        )
        if level.evidence_rules is not None:
            judged = rules_text(rules_of(level.evidence_rules), lang)
            if judged:
                option = msg("{option} [{rules}]", option=option, rules=judged)
        options.append(option)
    return msg("one of: {options}", options=joined("; ", options))


def _hint(rule: LevelsRule, maximum: str) -> str:
    return msg("one of: {options}", options=joined(", ", (_option(lv) for lv in rule.levels)))


def _option(level: Level) -> str:
    """``good (10)``; a level with a label, the label too, in the reader's language, as an
    answer may name the level by it: ``tot or Tốt (6)``; with the level's own evidence rules,
    what they ask, in the reader's language too: ``good (10; a URL written
    http(s)://host.x)``.  A label that holds the hint's own marks is quoted (:func:`_label`):
    ``kha or "Fair, ok" (4)``."""
    return Given({lang: _option_in(level, lang) for lang in LANGUAGES})


def _option_in(level: Level, lang: str) -> str:
    judged = rules_text(rules_of(level.evidence_rules), lang) if level.evidence_rules else ""
    # the evidence the level needs (its points are 0 without it), then what judges it
    needs = in_lang(lacking_detail(level.evidence), lang) if level.evidence else ""
    said = "; ".join(part for part in (needs, judged) if part)
    points = f" ({display_number(level.points, lang=lang)}{'; ' + said if said else ''})"
    if not level.label:
        return level.id + points
    # the label said in ``lang``, unless it is the id itself
    return _named(level.id, text_in(level.label, lang), lang) + points


def _named(level: str, label: str, lang: str) -> str:
    """``tot or Tốt`` in ``lang``; the id alone when the label is the id, however cased."""
    if fold(label) == fold(level):
        return level
    # msg makes a Message, typed as the str it is
    return msg("{level} or {label}", level=level, label=_label(label, lang)).in_lang(lang)  # type: ignore[attr-defined,no-any-return]


#: a label a hint shows as it is: words separated by single spaces, without the marks the
#: hint itself writes (``,`` between options, ``(`` ``)`` around points, ``;``) or quotes
_PLAIN = r"[^\s,;()\"'\\]+(?: [^\s,;()\"'\\]+)*\Z"


def _label(label: str, lang: str) -> str:
    """``label`` as a hint in ``lang`` shows it: as it is when it reads only one way there,
    else quoted (:func:`~tiercert._escape.quoted`: ``"Khá \\"ổn\\", tạm"``, ``"Yếu\\nkém"``):
    one that holds a mark of the hint (``,`` ``;`` ``(`` ``)``), a quote or a backslash, a
    character not seen (a line break, a no-break space), spaces at its ends or doubled, or
    the word that joins an id to its label (``or``, ``hoặc``).  Pasted into a YAML or JSON
    answer, the quoted form is the label itself."""
    joiner = in_lang(msg("{level} or {label}", level="\0", label="\0"), lang).split("\0")[1]
    if (
        label.isprintable()
        and re.match(_PLAIN, label)
        and f" {fold(joiner.strip())} " not in f" {fold(label)} "
    ):
        return label
    return quoted(label)


def shown_label(label: str) -> str:
    """``label`` as explain shows it, in parentheses after its level's id (a band's too): as
    it is, or quoted as hints quote it (:func:`_label`) when it holds a mark of the
    description (``,`` ``;`` ``(`` ``)``), a quote, a backslash or a character not seen (a
    line break: ``\\n`` on a terminal and in Markdown alike, never a space in one and an
    escape in the other)."""
    return label if label.isprintable() and re.match(_PLAIN, label) else quoted(label)


def _evidence(rule: LevelsRule) -> tuple[str, ...]:
    return tuple(kind for level in rule.levels for kind in level.evidence or ())


KIND: RuleKind[LevelsRule, Params] = RuleKind(
    name="levels",
    fields=LevelsRule,
    parts=(Level,),
    answer="choice",
    summary="named options: the answer names one level, and the level gives its points",
    help={
        "levels": "The options an assessor chooses from, each with its points.",
        "Level.id": "The option's id; the assessor answers with it (or its label), e.g. good.",
        "Level.points": "Points for this option.",
        "Level.label": "The option's name shown to people.",
        "Level.evidence": "Evidence this option needs to count (overrides the node's).",
        "Level.evidence_rules": (
            "What makes this option's evidence count (same keys as the rubric's; replaces the "
            "criterion's rules for an answer naming this option)."
        ),
    },
    example={
        "kind": "levels",
        "levels": [{"id": "good", "points": 10}, {"id": "poor", "points": 0}],
    },
    best=lambda rule, declared: max(to_fraction(level.points) for level in rule.levels),
    check=_check,
    codes=frozenset(
        {
            "points.negative",
            "level.duplicate",
            "level.reserved",
            "level.label_ambiguous",
            "answer_from.levels",
            "evidence_rules.unused",
        }
    ),
    compile=_compile,
    own_language=_in_language,
    read=_read,
    score=_score,
    values=lambda params: tuple(params.levels),
    needs=_needs,
    judged_by=lambda params, value: params.rules.get(value) if isinstance(value, str) else None,
    shared=_shared,
    describe=_describe,
    hint=_hint,
    choices=lambda rule: tuple(level.id for level in rule.levels),
    evidence=_evidence,
    emitter=None,
)
