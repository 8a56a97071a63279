"""Rubrics written for people: the criteria tree, gates and tiers as plain text or Markdown."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from ._escape import markdown_text, text_of_lines, visible_lines
from ._evidence import evidence_words
from ._i18n import N_, in_lang, joined, msg, translator
from ._kinds import Style
from ._lifecycle import future_mark
from ._maxima import bonus_max, node_max
from ._numbers import ZERO, number_words
from ._numbers import display_number as _num
from ._parts import (
    Fact,
    Gate,
    Node,
    Provenance,
    Rounding,
    RubricSpec,
    Tier,
)
from ._programme_texts import target_scope
from ._rating import below_is_unrated
from .aggregates import AGGREGATES
from .checks import iter_nodes, node_max_of_rubric
from .conditions import CONDITIONS, kind_of
from .rules import RULES

if TYPE_CHECKING:
    from .model import Condition
from .rubric import Rubric, load_rubric, text_in


def _plain(text: str) -> str:
    return text


def _scalar(value: object, code: Style) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | Fraction | int):
        return number_words(value)
    return code(str(value))


# --- rules and conditions ---------------------------------------------------------------------


def _rounded(rounding: Rounding) -> str:
    places, mode = rounding.places, rounding.mode.value
    if places == 0:
        return msg("rounded to a whole number ({mode})", mode=mode)
    if places == 1:
        return msg("rounded to 1 decimal place ({mode})", mode=mode)
    if places < 0:
        return msg("rounded to a multiple of {step} ({mode})", step=10**-places, mode=mode)
    return msg("rounded to {places} decimal places ({mode})", places=places, mode=mode)


def describe_rule(node: Node, lang: str, code: Style = _plain) -> str:
    """How a leaf turns its answer into points, in one line (``yes → 4, no → 0``), in
    ``lang``."""
    rule = node.rule
    text = RULES[rule.kind].describe(rule, node_max(node), lang, code) if rule is not None else ""
    extras = []
    if node.na is not None:
        how = (
            msg("counts as met")
            if node.na.counts_as == "satisfied"
            else msg("left out, the parent is rescaled")
        )
        extras.append(
            msg(
                "N/A allowed ({how}, needs {evidence})",
                how=how,
                evidence=evidence_words(node.na.evidence),
            )
            if node.na.evidence
            else msg("N/A allowed ({how})", how=how)
        )
    if node.evidence:
        extras.append(msg("needs {evidence}", evidence=evidence_words(node.evidence)))
    if node.round is not None:
        extras.append(_rounded(node.round))
    return in_lang(joined("; ", [text, *extras]), lang)


def describe_condition(cond: Condition, code: Style = _plain) -> str:
    """A condition in words: ``fact head_disciplined = false``, ``all of (…; …)`` (a
    :class:`~tiercert._i18n.Message`: ``in_lang`` writes it in another language)."""
    kind = kind_of(cond)
    assert kind is not None, cond
    return kind.describe(cond, code, describe_condition)


def describe_group(node: Node, lang: str, code: Style = _plain) -> str:
    """How a group combines its criteria (``sum of its criteria; may be scored directly``),
    in ``lang``."""
    parts = _group_parts(node, node.children or ())
    if node.direct:
        parts.append(msg("may be scored directly"))
    return in_lang(joined("; ", parts), lang)


def describe_rubric_total(spec: RubricSpec, lang: str) -> str | None:
    """How the top-level criteria make the total, in ``lang``, when it is not their plain sum
    (a scaled or weighted rubric, the best N, caps, rounding); None for a plain sum."""
    parts = _group_parts(spec, spec.criteria)
    if spec.rounding.total is not None and spec.round is None:
        parts.append(_rounded(spec.rounding.total))
    if len(parts) == 1 and spec.aggregate == "sum":
        return None
    return in_lang(joined("; ", parts), lang)


def _group_parts(node: Node | RubricSpec, children: Sequence[Node]) -> list[str]:
    parts: list[str] = [msg(AGGREGATES[node.aggregate].summary)]
    if node.top is not None:
        parts.append(msg("only the best {top} count", top=node.top))
    if node.bonus_cap is not None:
        parts.append(msg("bonus capped at {cap}", cap=number_words(node.bonus_cap)))
    if node.incomplete_cap is not None:
        parts.append(
            msg(
                "at most {cap} unless every criterion is full",
                cap=number_words(node.incomplete_cap),
            )
        )
    if any(child.penalty for child in children):
        parts.append(
            msg(
                "then penalties taken, never below 0 (at most {cap} taken)",
                cap=number_words(node.penalty_cap),
            )
            if node.penalty_cap is not None
            else msg("then penalties taken, never below 0")
        )
    if node.max_exceeded is not None:
        parts.append(msg("capped at its maximum on purpose"))
    if node.round is not None:
        parts.append(_rounded(node.round))
    return parts


def _node_marks(node: Node, lang: str) -> list[str]:
    said = translator(lang)
    marks = []
    if node.status == "future" and node.counts_from is not None:
        marks.append(future_mark(node.counts_from, lang))
    if node.bonus:
        marks.append(said.gettext("bonus"))
    if node.penalty:
        marks.append(said.gettext("penalty"))
    if node.weight is not None:
        marks.append(said.gettext("weight {weight}").format(weight=_num(node.weight, lang=lang)))
    return marks


# --- tiers ------------------------------------------------------------------------------------


def rubric_top(spec: RubricSpec) -> Fraction:
    """The most points a unit can score: the base maximum plus the capped bonus."""
    base = node_max_of_rubric(spec) or ZERO
    return base + bonus_max(spec, spec.criteria)


def tier_band(spec: RubricSpec, index: int, lang: str = "en") -> str:
    """The total a tier needs, with its exact edges: ``80 ≤ total < 84`` (``tổng điểm`` in
    Vietnamese)."""
    tier = spec.tiers[index]
    later = [t for t in spec.tiers[index + 1 :] if t.min > tier.min]
    low = _num(tier.min, lang=lang)
    total = translator(lang).pgettext("explain", "total")
    if later:
        return f"{low} ≤ {total} < {_num(later[0].min, lang=lang)}"
    top = rubric_top(spec)
    if tier.min == top:  # only full marks: "300 ≤ total ≤ 300" said it twice
        return f"{total} = {low}"
    if index + 1 < len(spec.tiers):  # tied with the next tier: gates tell them apart
        return f"{total} ≥ {low}"
    return f"{low} ≤ {total} ≤ {_num(top, lang=lang)}"


def _tier_needs(spec: RubricSpec, tier: Tier, code: Style) -> str:
    needs = []
    gates = [g.id for g in spec.gates if g.tiers is not None and tier.id in g.tiers]
    if gates:
        needs.append(msg("passes {gates}", gates=", ".join(code(g) for g in gates)))
    if not tier.requires_lower:
        needs.append(msg("does not need the tier below"))
    return joined("; ", needs)


def _gate_scope(spec: RubricSpec, gate: Gate, code: Style) -> str:
    if gate.tiers is None:
        return msg("every tier (knock-out)")
    named = ", ".join(code(t) for t in gate.tiers)
    above = _held_back_above(spec, gate.tiers)
    if not above:
        return msg("only {tiers}", tiers=named)
    # a tier that needs the tier below is out of reach when the gate fails: say so, or a
    # reader takes "only very_good" for "not excellent"
    return msg(
        "{tiers}; also {above}, which need the tier below",
        tiers=named,
        above=", ".join(code(t) for t in above),
    )


def _held_back_above(spec: RubricSpec, named: Sequence[str]) -> list[str]:
    """The tiers not named that a unit failing a gate of the ``named`` tiers cannot reach
    either: each needs the tier just below it (``requires_lower``), which is held back."""
    held = set(named)
    above = []
    for lower, tier in zip(spec.tiers, spec.tiers[1:], strict=False):
        if tier.id not in held and tier.requires_lower and lower.id in held:
            held.add(tier.id)
            above.append(tier.id)
    return above


# --- plain text -------------------------------------------------------------------------------


def _provisional(item: Provenance, lang: str) -> str:
    if not item.provisional:
        return ""
    return "  " + translator(lang).gettext("(provisional)")


def _note_lines(item: Provenance, lang: str, indent: str, notes: bool) -> list[str]:
    if not notes or item.note is None:
        return []
    note = _one_line(text_in(item.note, lang))
    return [indent + translator(lang).gettext("note: {note}").format(note=note)]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _walk(nodes: Sequence[Node]) -> Iterator[tuple[Node, int]]:
    """Every node with its depth (0 at the top), in document order."""
    for node, path, _ in iter_nodes(nodes):
        yield node, path.count("children")


def _head_lines(rubric: Rubric, lang: str, code: Style) -> list[str]:
    """What ``explain`` says under the title: id, version and maximum (``code`` styles the
    id), who issues and who recognises, the units, how many elements are provisional."""
    spec = rubric.spec
    _ = translator(lang).gettext
    top = _num(rubric_top(spec), lang=lang)
    if _has_bonus(spec):
        base = _num(node_max_of_rubric(spec) or ZERO, lang=lang)
        head = _("id {id}, version {version}, maximum {top} points (base {base} + bonus)")
    else:
        base = ""
        head = _("id {id}, version {version}, maximum {top} points")
    lines = [head.format(id=code(spec.id), version=spec.version, top=top, base=base)]
    for name, value in (
        (_("issuer"), spec.issuer),
        (_("recognised by"), spec.authority),
        (_("units"), spec.units),
    ):
        if value:
            lines.append(f"{name}: {_one_line(text_in(value, lang))}")
    count = len(rubric.provisional)
    if count:
        lines.append(
            translator(lang)
            .ngettext(
                "{count} provisional element (not confirmed by the sources), each marked "
                '"(provisional)".',
                "{count} provisional elements (not confirmed by the sources), each marked "
                '"(provisional)".',
                count,
            )
            .format(count=count)
        )
    return lines


#: a part of ``explain`` told as a list: its heading and its items, each a line and the lines
#: under it (its note)
Section = tuple[str, list[tuple[str, list[str]]]]


def _below_tiers(spec: RubricSpec, lang: str) -> str:
    _ = translator(lang).gettext
    if below_is_unrated(spec.tiers):
        return _("below the lowest tier: not rated")
    return _("below the lowest tier: not certified")


def _item(item: Provenance, line: str, lang: str, notes: bool) -> tuple[str, list[str]]:
    """A list item: ``line`` marked provisional when the element is, with its note."""
    return line + _provisional(item, lang), [n.strip() for n in _note_lines(item, lang, "", notes)]


def _text_sections(sections: Sequence[Section]) -> list[str]:
    lines: list[str] = []
    for heading, items in sections:
        lines += ["", heading]
        for line, under in items:
            lines.append("  " + line)
            lines += ["      " + u for u in under]
    return lines


def render_tree_text(rubric: Rubric, lang: str | None = None, *, notes: bool = False) -> str:
    """The rubric as a readable tree: criteria with points and rules, facts, gates, tiers.

    Titles, labels and the words around them are in ``lang`` (default: the rubric's
    language); ``notes`` adds each element's note (why it is provisional, what it was
    modelled on).
    """
    spec = rubric.spec
    lang = lang or spec.language
    _ = translator(lang).gettext
    lines = [_one_line(text_in(spec.title, lang)), *_head_lines(rubric, lang, _plain)]
    lines += ["", _("Criteria (maximum points):")]
    total = describe_rubric_total(spec, lang)
    if total is not None:
        lines.append("  " + _("the total: {how}").format(how=total))
    for node, depth in _walk(spec.criteria):
        indent = "  " * (depth + 1)
        maximum = node_max(node)
        shown = _num(maximum, lang=lang) if maximum is not None else "?"
        marks = ", ".join([_("max {points}").format(points=shown), *_node_marks(node, lang)])
        lines.append(
            f"{indent}{node.id}  {_one_line(text_in(node.title, lang))}  [{marks}]"
            + _provisional(node, lang)
        )
        how = describe_group(node, lang) if node.children is not None else describe_rule(node, lang)
        lines.append(f"{indent}    {how}")
        lines += _note_lines(node, lang, indent + "    ", notes)
    if spec.facts:
        lines += ["", _("Facts (not scored, used by gates):")]
        for fact in spec.facts:
            lines.append(
                f"  {fact.id}  {_one_line(text_in(fact.title, lang))}  [{_fact_type(fact, lang)}]"
                + _provisional(fact, lang)
            )
            lines += _note_lines(fact, lang, "      ", notes)
    if spec.gates:
        lines += ["", _("Gates (must pass whatever the points):")]
        for gate in spec.gates:
            title = _one_line(text_in(gate.title, lang))
            scope = in_lang(_gate_scope(spec, gate, _plain), lang)
            lines.append(f"  {gate.id}  {title}  [{scope}]" + _provisional(gate, lang))
            said = in_lang(describe_condition(gate.require), lang)
            lines.append("      " + _("requires: {condition}").format(condition=said))
            if gate.fix:
                fix = _one_line(text_in(gate.fix, lang))
                lines.append("      " + _("if it fails: {fix}").format(fix=fix))
            lines += _note_lines(gate, lang, "      ", notes)
    if spec.tiers:
        lines += ["", _("Tiers (a minimum is inclusive):")]
        for i, tier in enumerate(spec.tiers):
            extra = [tier_band(spec, i, lang)]
            needs = in_lang(_tier_needs(spec, tier, _plain), lang)
            if needs:
                extra.append(needs)
            if not tier.certified:
                extra.append(_("not a certification"))
            label = _one_line(text_in(tier.label, lang))
            lines.append(
                "  "
                + _("rank {rank}").format(rank=tier.rank)
                + f"  {tier.id}  {label}  [{'; '.join(extra)}]"
                + _provisional(tier, lang)
            )
            lines += _note_lines(tier, lang, "      ", notes)
        lines.append("  " + _below_tiers(spec, lang))
    lines += _text_sections(_sections(spec, lang, notes))
    return text_of_lines(lines)


def _sections(spec: RubricSpec, lang: str, notes: bool) -> list[Section]:
    """The parts of ``explain`` after the tiers, told as lists the same in text and Markdown:
    the programme's targets and parts (docs/programme.md), each item starting with its element
    id as ``check`` counts provisional elements (``attribute:district``, ``stage:self``...),
    then the sources."""
    _ = translator(lang).gettext
    sections: list[Section] = []
    if spec.targets:
        # a tier by its label, as the summaries' target lines and the tiers above name it
        labels = {t.id: _one_line(text_in(t.label, lang)) for t in spec.tiers}
        titles = {a.id: _one_line(text_in(a.title, lang)) for a in spec.attributes}
        items = []
        for target in spec.targets:
            said = (
                _("{period}: {share}% of units at {tier} or above")
                if target.tier
                else _("{period}: {share}% of units certified")
            )
            # the units it is about, as the summaries say it (``2024 [region: North]``): two
            # targets of one period for other units must not read as one contradicting another
            scope = target_scope(target.by or {}, titles, lang)
            tier = labels.get(target.tier, target.tier) if target.tier is not None else None
            line = said.format(
                period=target.period + scope, share=_num(target.share, lang=lang), tier=tier
            )
            items.append(_item(target, line, lang, notes))
        sections.append((_("Programme targets:"), items))
    if spec.attributes:
        tr = translator(lang)
        types = {  # the attribute's type in the reader's words (the key is the YAML's)
            "text": tr.pgettext("attribute type", "text"),
            "number": tr.pgettext("attribute type", "number"),
            "choice": tr.pgettext("attribute type", "choice"),
        }
        items = []
        for a in spec.attributes:
            shown = types.get(a.type, a.type)
            kind = [
                _("{type} of {values}").format(type=shown, values=", ".join(a.values))
                if a.values
                else shown
            ]
            kind += [word for word, on in ((_("required"), a.required), (_("fixed to the unit"),
                     a.fixed), (_("the round"), a.round)) if on]  # fmt: skip
            line = f"attribute:{a.id}  {_one_line(text_in(a.title, lang))}  [{'; '.join(kind)}]"
            items.append(_item(a, line, lang, notes))
        sections.append((_("Unit attributes:"), items))
    if spec.stages:
        items = []
        for stage in spec.stages:
            extra = [_("decides")] if stage.decides else []
            tolerance = stage.tolerance
            if tolerance is not None and tolerance.points is not None:
                extra.append(
                    _("flag a group cut by more than {points} points").format(
                        points=_num(tolerance.points, lang=lang)
                    )
                )
            if tolerance is not None and tolerance.percent is not None:
                extra.append(
                    _("flag a group cut by more than {percent}%").format(
                        percent=_num(tolerance.percent, lang=lang)
                    )
                )
            shown = f"  [{'; '.join(extra)}]" if extra else ""
            line = f"stage:{stage.id}  {_one_line(text_in(stage.label, lang))}{shown}"
            items.append(_item(stage, line, lang, notes))
        sections.append((_("Appraisal stages (in order):"), items))
    dossier = spec.dossier
    if dossier is not None:
        evidence = _("; one evidence file per group") if dossier.evidence else ""
        if dossier.evidence and any(n.bonus or n.penalty for n in spec.criteria):
            evidence = _(
                "; one evidence file per group (a bonus's or a penalty's when it awarded or "
                "removed points)"
            )
        sets = _("; sets the fact {fact}").format(fact=dossier.fact) if dossier.fact else ""
        heading = _("Dossier{evidence}{sets}:").format(evidence=evidence, sets=sets)
        items = [
            _item(d, f"document:{d.id}  {_one_line(text_in(d.title, lang))}", lang, notes)
            for d in dossier.documents
        ]
        sections.append((heading + _provisional(dossier, lang), items))
    if spec.sources:
        items = []
        for source in spec.sources:
            about = ", ".join(x for x in (source.publisher, source.date, source.url) if x)
            line = f"[{source.id}] {_one_line(source.title)}" + (f" — {about}" if about else "")
            under = []
            if notes and source.note is not None:
                under.append(_("note: {note}").format(note=_one_line(text_in(source.note, lang))))
            items.append((line, under))
        sections.append((_("Sources:"), items))
    return sections


def _has_bonus(spec: RubricSpec) -> bool:
    return bonus_max(spec, spec.criteria) > 0


#: what a fact of each type takes, in the words its problems use (``fact.invalid``): a
#: Vietnamese reader read ``choice``, ``boolean``, English words, in ``explain``
_FACT_TYPES = {
    "boolean": N_("true or false"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "text": N_("text"),
}


def _fact_type(fact: Fact, lang: str) -> str:
    said = translator(lang).gettext
    if fact.options:
        text = said("one of: {options}").format(options=", ".join(fact.options))
    else:
        text = said(_FACT_TYPES.get(fact.type, fact.type))
    if fact.default is not None:
        default = _scalar(fact.default, _plain)
        if isinstance(fact.default, bool):  # as the type is said: "có hoặc không, mặc định không"
            default = said(_FACT_DEFAULTS[fact.default])
        text += translator(lang).gettext(", default {value}").format(value=default)
    return text


#: a yes/no fact's default, in the words its type is said in (``true or false``)
_FACT_DEFAULTS = {True: N_("true"), False: N_("false")}


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text from the rubric safe inside a Markdown table cell: one line, and nothing in it read
    as markup (``<script>`` in a title stays text)."""
    return markdown_text(_one_line(text))


def _code_span(text: str) -> str:
    """``text`` as a Markdown code span in a table cell: fenced with more backquotes than it
    holds in a row, pipes escaped (a table splits on them even inside a span)."""
    text = _one_line(text)
    runs = [len(run) for run in re.findall("`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _described(describe: Callable[..., str], *args: object, lang: str = "en") -> str:
    """A description (``describe(*args, code)``, in ``lang``) for a Markdown cell: the parts
    it styles as code are code spans, everything else (labels, units, evidence from the
    rubric) escaped."""
    spans: list[str] = []

    def code(text: str) -> str:
        spans.append(text)
        return _SPAN

    pieces = in_lang(describe(*args, code), lang).split(_SPAN)
    if len(pieces) != len(spans) + 1:  # the rubric's own text holds the mark: no code spans
        return _cell(in_lang(describe(*args, _plain), lang))
    # the text between spans keeps its spaces at the edges ("one of: `a` (A) → 1")
    out = [_escaped(pieces[0])]
    for span, piece in zip(spans, pieces[1:], strict=True):
        out += [_code_span(span), _escaped(piece)]
    return _one_line("".join(out))


def _escaped(piece: str) -> str:
    return markdown_text(re.sub(r"\s+", " ", piece))


#: where a code span was, in a description being escaped (NUL: not in text people write)
_SPAN = "\x00"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _langs(rubric: Rubric, lang: str | None, also: str | None) -> list[str]:
    first = lang or rubric.spec.language
    return [first] if also is None or also == first else [first, also]


def _status(item: Provenance, lang: str) -> str:
    _ = translator(lang).gettext
    return "**" + _("provisional") + "**" if item.provisional else _("confirmed")


def render_tree_markdown(
    rubric: Rubric, lang: str | None = None, *, also: str | None = None
) -> str:
    """The criteria tree as a Markdown table: id, title, maximum points, how it is scored.

    ``also`` adds a second title column in another language.  A status column (confirmed or
    provisional) is added when the rubric marks anything provisional.
    """
    spec = rubric.spec
    langs = _langs(rubric, lang, also)
    words = langs[0]
    _ = translator(words).gettext
    with_status = bool(rubric.provisional)
    header = [
        _("Id"),
        *(_("Criterion ({lang})").format(lang=code) for code in langs),
        _("Points"),
        _("How it is scored"),
    ]
    align = ["---", *("---" for _code in langs), "---:", "---"]
    if with_status:
        header.append(_("Status"))
        align.append("---")
    lines = [_row(header), _row(align)]
    for node, depth in _walk(spec.criteria):
        group = node.children is not None
        maximum = node_max(node)
        bold: Style = (lambda t: f"**{t}**") if group else _plain
        describe = describe_group if group else describe_rule
        how = "; ".join([*_node_marks(node, words), _described(describe, node, words)])
        cells = [
            "&emsp;" * depth + bold(_cell(node.id)),
            *(bold(_cell(text_in(node.title, code))) for code in langs),
            bold(_num(maximum, lang=words) if maximum is not None else "?"),
            how,
        ]
        if with_status:
            cells.append(_status(node, words))
        lines.append(_row(cells))
    top = rubric_top(spec)
    total = [
        "",
        "**" + _("Total") + "**",
        *("" for _code in langs[1:]),
        f"**{_num(top, lang=words)}**",
        "",
    ]
    if with_status:
        total.append("")
    lines.append(_row(total))
    return text_of_lines(lines)


def render_tiers_markdown(
    rubric: Rubric, lang: str | None = None, *, also: str | None = None
) -> str:
    """The tiers as a Markdown table: rank, id, label, score band with exact edges."""
    spec = rubric.spec
    langs = _langs(rubric, lang, also)
    words = langs[0]
    _ = translator(words).gettext
    needs = [
        "; ".join(
            x
            for x in (
                _described(_tier_needs, spec, t, lang=words),
                "" if t.certified else _("not a certification"),
            )
            if x
        )
        for t in spec.tiers
    ]
    with_needs = any(needs)
    with_status = any(t.provisional for t in spec.tiers)
    header = [
        _("Rank"),
        _("Tier"),
        *(_("Label ({lang})").format(lang=code) for code in langs),
        _("Total"),
    ]
    header += [_("Also needs")] if with_needs else []
    header += [_("Status")] if with_status else []
    lines = [_row(header), _row(["---:", *("---" for _ in header[1:])])]
    for i, tier in enumerate(spec.tiers):
        cells = [
            str(tier.rank),
            _code_span(tier.id),
            *(_cell(text_in(tier.label, code)) for code in langs),
            tier_band(spec, i, words),
        ]
        cells += [needs[i]] if with_needs else []
        cells += [_status(tier, words)] if with_status else []
        lines.append(_row(cells))
    return text_of_lines(lines)


def render_gates_markdown(
    rubric: Rubric, lang: str | None = None, *, also: str | None = None
) -> str:
    """The gates (and the facts they read) as Markdown tables."""
    spec = rubric.spec
    langs = _langs(rubric, lang, also)
    words = langs[0]
    _ = translator(words).gettext
    header = [
        _("Gate"),
        *(_("Title ({lang})").format(lang=code) for code in langs),
        _("Applies to"),
        _("Requires"),
    ]
    with_fix = any(gate.fix for gate in spec.gates)
    header += [_("If it fails")] if with_fix else []
    header.append(_("Status"))
    lines = [_row(header), _row(["---" for _ in header])]
    for gate in spec.gates:
        cells = [
            _code_span(gate.id),
            *(_cell(text_in(gate.title, code)) for code in langs),
            _described(_gate_scope, spec, gate, lang=words),
            _described(describe_condition, gate.require, lang=words),
        ]
        cells += [_cell(text_in(gate.fix, words)) if gate.fix else ""] if with_fix else []
        cells.append(_status(gate, words))
        lines.append(_row(cells))
    if spec.facts:
        header = [
            _("Fact"),
            *(_("Title ({lang})").format(lang=code) for code in langs),
            _("Type"),
            _("Status"),
        ]
        lines += ["", _row(header), _row(["---" for _ in header])]
        for fact in spec.facts:
            lines.append(
                _row(
                    [
                        _code_span(fact.id),
                        *(_cell(text_in(fact.title, code)) for code in langs),
                        _cell(_fact_type(fact, words)),
                        _status(fact, words),
                    ]
                )
            )
    return text_of_lines(lines)


def render_markdown(
    rubric: Rubric, lang: str | None = None, *, also: str | None = None, notes: bool = False
) -> str:
    """The whole rubric in Markdown, with what the text tree says: a heading with the id,
    version, maximum, issuer and units, the criteria, the gates (with what to do when one
    fails) and facts, the tiers and what lies below them, the programme's targets, attributes,
    stages and dossier, and the sources; ``notes`` adds the notes of the parts told as lists.
    Everything the rubric brings is escaped."""
    spec = rubric.spec
    words = lang or spec.language
    _ = translator(words).gettext
    parts = [f"# {_cell(text_in(spec.title, words))}\n"]
    head = [_described(lambda code: _head_lines(rubric, words, code)[0], lang=words)]
    head += [_cell(line) for line in _head_lines(rubric, words, _plain)[1:]]
    parts.append("  \n".join(head) + "\n")
    parts.append("## " + _("Criteria") + "\n")
    total = describe_rubric_total(spec, words)
    if total is not None:
        parts.append(_cell(_("the total: {how}").format(how=total)) + "\n")
    parts.append(render_tree_markdown(rubric, lang, also=also))
    if spec.gates or spec.facts:
        parts += ["## " + _("Gates") + "\n", render_gates_markdown(rubric, lang, also=also)]
    if spec.tiers:
        parts += ["## " + _("Tiers") + "\n", render_tiers_markdown(rubric, lang, also=also)]
        parts.append(_cell(_below_tiers(spec, words)) + "\n")
    for heading, items in _sections(spec, words, notes):
        lines = ["## " + _list_line(heading.rstrip(":")) + "\n"]
        for line, under in items:
            lines.append("- " + _list_line(line))
            lines += ["  - " + _list_line(u) for u in under]
        parts.append("\n".join(lines) + "\n")
    return visible_lines("\n".join(parts))


def _list_line(text: str) -> str:
    """Text from the rubric safe as a list item or a heading: escaped as in a table cell, and
    a start that would begin a block (``# ``, ``- ``, ``> ``, ``1. ``) kept as text."""
    text = _cell(text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return "\\" + text if text[:1] in ("#", "-", "+", ">", "=") else text


# --- generated blocks in documentation pages --------------------------------------------------

_RENDERERS: Mapping[str, Callable[..., str]] = {
    "tree": render_tree_markdown,
    "tiers": render_tiers_markdown,
    "gates": render_gates_markdown,
}


def render_kinds_markdown(of: str) -> str:
    """The registered kinds of ``of`` (``rules``, ``aggregates`` or ``conditions``) as a
    Markdown table: the docs' lists of kinds, derived from the registries."""
    rows: list[tuple[str, str]]
    if of == "rules":
        rows = [(kind.name, kind.summary) for kind in RULES.values()]
        header = ["`kind`", "what it does"]
    elif of == "aggregates":
        rows = [(kind.name, kind.summary) for kind in AGGREGATES.values()]
        header = ["`aggregate`", "how the group adds up"]
    elif of == "conditions":
        rows = [(kind.key, kind.summary) for kind in CONDITIONS.values()]
        header = ["key", "holds when"]
    else:
        raise ValueError(f"kinds block: of={of!r} is not one of rules, aggregates, conditions")
    lines = [_row(header), _row(["---", "---"])]
    lines += [_row([f"`{name}`", summary]) for name, summary in rows]
    return text_of_lines(lines)


_BLOCK = re.compile(
    r"(?P<open><!-- (?P<kind>[a-z]+):start (?P<params>[^>]*?) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- (?P=kind):end -->)",
    re.DOTALL,
)


def refresh_markdown_blocks(text: str, *, root: str | Path = ".") -> str:
    """``text`` with every generated block rewritten from its rubric.

    A block is ``<!-- tree:start rubric=rubrics/x.yaml lang=en also=vi -->`` … ``<!-- tree:end
    -->`` (kinds: tree, tiers, gates); ``rubric`` is relative to ``root``.  A block
    ``<!-- kinds:start of=rules -->`` lists the registered kinds (rules, aggregates,
    conditions).  Raises
    :class:`ValueError` for a malformed block and :class:`~tiercert.RubricError` for a rubric
    with errors.
    """
    cache: dict[str, Rubric] = {}

    def render(match: re.Match[str]) -> str:
        kind = match["kind"]
        if kind == "kinds":
            of = match["params"].strip().removeprefix("of=")
            return match["open"] + render_kinds_markdown(of) + match["close"]
        renderer = _RENDERERS.get(kind)
        if renderer is None:
            raise ValueError(
                f"unknown block kind {kind!r}; use one of: {', '.join(_RENDERERS)}, kinds"
            )
        params: dict[str, str] = {}
        for word in shlex.split(match["params"]):
            key, sep, value = word.partition("=")
            if not sep or key not in ("rubric", "lang", "also"):
                raise ValueError(
                    f"{kind} block: {word!r} is not one of rubric=PATH, lang=CODE, also=CODE"
                )
            params[key] = value
        if "rubric" not in params:
            raise ValueError(f"{kind} block: say which rubric, e.g. rubric=rubrics/x.yaml")
        path = params["rubric"]
        if path not in cache:
            cache[path] = load_rubric(Path(root) / path)
        body = renderer(cache[path], params.get("lang"), also=params.get("also"))
        return match["open"] + body + match["close"]

    return _BLOCK.sub(render, text)


__all__ = [
    "describe_condition",
    "describe_group",
    "describe_rule",
    "refresh_markdown_blocks",
    "render_gates_markdown",
    "render_kinds_markdown",
    "render_markdown",
    "render_tiers_markdown",
    "render_tree_markdown",
    "render_tree_text",
    "rubric_top",
    "tier_band",
]
