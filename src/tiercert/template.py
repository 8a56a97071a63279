"""Blank assessments: every answer and fact a rubric asks for, ready to fill in."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from ._escape import text_of_lines, xml_text
from ._evidence import EVIDENCE_WORDS, evidence_words
from ._i18n import Numeral, in_lang, localized, msg, translator
from ._kinds import NumberRange
from ._lifecycle import future_mark
from ._literals import NA_SPELLINGS, YES_NO
from ._maxima import node_max
from ._numbers import ZERO, exact_number
from ._numbers import display_number as _num
from ._parts import Fact, Node
from ._programme_checks import STAGE_SEPARATOR
from .errors import Problem
from .rubric import Rubric, text_in
from .rules import RULES
from .tabular import (
    CsvWriter,
    TableError,
    atomic_open,
    openpyxl_module,
    save_workbook,
    xlsx_text_cell,
)


def answer_range(node: Node) -> NumberRange | None:
    """The numbers an answer to ``node`` may be, or None when its answer is not a number."""
    rule = node.rule
    if rule is None:
        return None
    numbers = RULES[rule.kind].answer_range
    return numbers(rule, node_max(node)) if numbers is not None else None


def allowed_values(node: Node, maximum: str, *, top: bool = False) -> str:
    """What an answer to ``node`` may be, in words; ``top``: the node is at the top of the
    rubric (a penalty there comes off the total, not off a group)."""
    rule = node.rule
    assert rule is not None
    text = RULES[rule.kind].hint(rule, maximum)
    if node.penalty:
        whole = msg("the total") if top else msg("its group")
        text = msg("a penalty: {text}; these points are taken off {whole}", text=text, whole=whole)
    needs = node.evidence
    if needs:
        text = msg("{text}; needs {evidence}", text=text, evidence=evidence_words(needs))
    if node.na is not None and node.na.evidence:  # an N/A without it is refused
        return msg(
            "{text} or na (with {evidence})", text=text, evidence=evidence_words(node.na.evidence)
        )
    return msg("{text} or na", text=text) if node.na is not None else text


def _group_values(node: Node, maximum: str) -> str:
    if node.direct:
        return msg("answer its criteria or give its score from 0 to {maximum}", maximum=maximum)
    return msg("answer its criteria")


def fact_values(fact: Fact) -> str:
    if fact.type == "choice":
        return msg("one of: {options}", options=", ".join(fact.options or []))
    return {
        "boolean": msg("true or false"),
        "number": msg("a number"),
        "integer": msg("a whole number"),
        "text": msg("text"),
    }[fact.type]


def template_entries(rubric: Rubric, lang: str | None = None) -> list[dict[str, Any]]:
    """One entry per answer and fact: id, kind, title, allowed values, max, depth."""
    lang = lang or rubric.spec.language
    entries: list[dict[str, Any]] = []
    # an answer shared with criteria that accept N/A may be N/A even where this one does not
    na_elsewhere = {
        node.answer_from
        for _, _, node in rubric.iter_nodes()
        if node.answer_from is not None and node.na is not None
    }
    for nid, depth, node in rubric.iter_nodes():
        maximum = _num(node_max(node) or ZERO)
        is_group = node.children is not None
        allowed = (
            _group_values(node, maximum)
            if is_group
            else allowed_values(node, maximum, top=depth == 0)
        )
        if nid in na_elsewhere and node.na is None:
            allowed = msg("{text} or na (counted only where N/A is allowed)", text=allowed)
        if node.status == "future" and node.counts_from is not None:
            allowed = f"{future_mark(node.counts_from, lang)}; {allowed}"
        entries.append(
            {
                "id": nid,
                "kind": "group" if is_group else "answer",
                "title": text_in(node.title, lang),
                "allowed": allowed,
                "max": maximum,
                "depth": depth,
                "direct": node.direct,
                # computed rules and shared answers (answer_from) need no answer here
                "computed": (node.rule is not None and RULES[node.rule.kind].computed)
                or node.answer_from is not None,
            }
        )
    for fact in rubric.spec.facts:
        entries.append(
            {
                "id": fact.id,
                "kind": "fact",
                "title": text_in(fact.title, lang),
                "allowed": fact_values(fact),
                "max": None,
                "depth": 0,
                "direct": False,
                "computed": False,
                "default": fact.default,
            }
        )
    return entries


def render_yaml_template(rubric: Rubric, lang: str | None = None) -> str:
    """A commented YAML assessment with every answer left empty (``null``), its comments in
    ``lang`` (default: the rubric's language).  Of a programme (docs/programme.md): its
    attributes under ``unit:``, the answers once per stage (``stages: {STAGE: {answers:
    ...}}``; the facts once, shared) and the ``dossier:``, as the sheet template lists them."""
    entries = template_entries(rubric, lang)
    said = lang or rubric.spec.language
    _ = translator(said).gettext
    spec = rubric.spec
    title = rubric.title(lang)
    out = [
        "# "
        + _("Assessment for {title} ({id}, version {version}).").format(
            title=title, id=rubric.id, version=rubric.version
        ),
        "# "
        + _("Replace every null with an answer; the comment above each line says what is allowed."),
        # the hints quote the rubric's numbers (1.5 points): a reader who writes 1,5 and
        # 1.500 (Vietnamese) is told how numbers are written here
        "# "
        + _(
            "Numbers: use a dot for decimals: 1.5 (not 1,5); no thousands separator: 1500 "
            "(not 1.500)."
        ),
        "# "
        + _(
            "An answer may also be a mapping: {{value: ..., justification: ..., url: ...}}."
        ).format(),
        f"rubric: {rubric.id}",
        "unit:",
        '  id: ""    # ' + _("a short unique id for the unit"),
        '  name: ""  # ' + _("its name"),
    ]
    for attribute in spec.attributes:
        column = _attribute_column(attribute, said)
        out.append(f"  # {column.title}: {in_lang(column.allowed, said)}")
        out.append(f"  {json.dumps(attribute.id)}: null")
    if spec.stages:
        out.append("stages:")
        out.append(
            "  # "
            + _(
                "each stage's answers, in the order the stages happen; remove a stage the unit "
                "has not reached yet"
            )
        )
        for stage in spec.stages:
            out.append(f"  {json.dumps(stage.id)}:  # {text_in(stage.label, said)}")
            out.append("    answers:")
            out += _answer_lines(entries, "    ", _, said)
    else:
        out.append("answers:")
        out += _answer_lines(entries, "", _, said)
    facts = [e for e in entries if e["kind"] == "fact"]
    if facts:
        out.append("facts:")
        for entry in facts:
            default = entry.get("default")
            value = (
                "null"
                if default is None
                else json.dumps(default)
                if isinstance(default, bool | str)
                else exact_number(default)  # a number stays a number
            )
            out.append(f"  # {entry['title']}: {in_lang(entry['allowed'], said)}")
            out.append(f"  {json.dumps(entry['id'])}: {value}")
    if spec.dossier is not None:
        out.append("dossier:")
        named = ", ".join(f"{d.id} ({text_in(d.title, said)})" for d in spec.dossier.documents)
        out.append(
            "  # " + _("the ids of the documents filed: {documents}").format(documents=named)
        )
        out.append("  documents: []")
        if spec.dossier.evidence:
            groups = ", ".join(node.id for node in spec.criteria)
            out.append(
                "  # "
                + _("the top-level groups whose evidence file is filed: {groups}").format(
                    groups=groups
                )
            )
            out.append("  evidence: []")
    # a line break in a title would end its comment and add to the YAML
    return text_of_lines(out)


def _answer_lines(entries: Sequence[dict[str, Any]], at: str, _: Any, said: str) -> list[str]:
    """The commented ``null`` answers of a template, indented by ``at`` beyond
    ``answers:``'s own."""
    out = []
    for entry in entries:
        if entry["kind"] == "fact" or entry["computed"]:
            continue
        indent = at + "  " + "  " * entry["depth"]
        key = json.dumps(entry["id"])
        # the points told in the reader's mark; an answer's bounds keep the dot it is written in
        most = _("max {points}").format(points=localized(entry["max"], said))
        if entry["kind"] == "group":
            out.append(f"{indent}# {entry['id']} {entry['title']} ({most})")
            if entry["direct"]:
                out.append(
                    f"{indent}#   {key}: null  # "
                    + _(
                        "uncomment to score the whole group directly (0 to {max}) instead of "
                        "its criteria"
                    ).format(max=entry["max"])
                )
            continue
        allowed = in_lang(entry["allowed"], said)
        out.append(f"{indent}# {entry['title']} ({most}): {allowed}")
        out.append(f"{at}  {key}: null")
    return out


# --- sheets: unit columns, evidence columns, validations -------------------------------------

#: the columns that say which unit a row is
UNIT_ID = "unit_id"
UNIT_NAME = "unit_name"
#: the version (or fingerprint) of the rubric a sheet's row was answered against (optional)
RUBRIC_VERSION = "rubric_version"
#: Column names with a meaning of their own in tabular inputs.
RESERVED_COLUMNS = (UNIT_ID, UNIT_NAME)
#: the columns of an answer's evidence: ``<criterion id>.justification`` and ``.url``
EVIDENCE_SUFFIXES = {".justification": "justification", ".url": "url"}


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    """One column of a blank sheet: its id (the header), title and what it accepts."""

    id: str
    title: str
    allowed: str
    kind: str  # unit | attribute | answer | group | evidence | fact | dossier
    choices: tuple[str, ...] = ()
    #: the numbers the column takes, when it takes numbers
    numbers: NumberRange | None = None
    #: whether ``na`` (not applicable) is accepted besides the numbers
    na: bool = False


def _evidence_kinds(node: Node) -> list[str]:
    kinds: list[str] = list(node.evidence)
    if node.na is not None:
        kinds += node.na.evidence
    rule = node.rule
    answers_own = RULES[rule.kind].evidence if rule is not None else None
    if answers_own is not None:
        kinds += answers_own(rule)  # what some answers need of their own (a level's)
    return [k for k in ("justification", "url") if k in kinds]


def template_columns(rubric: Rubric, lang: str | None = None) -> list[TemplateColumn]:
    """The columns of a blank sheet: unit id and name, each answer (and the evidence columns
    of answers that need evidence), each group that may be scored directly, each fact (a
    programme's parts left out: see :func:`sheet_columns`)."""
    answers, facts = _answer_columns(rubric, lang)
    return [*_unit_columns(), *answers, *facts]


def _unit_columns() -> list[TemplateColumn]:
    return [
        TemplateColumn(UNIT_ID, msg("unit id"), msg("a short id, unique in the sheet"), "unit"),
        TemplateColumn(UNIT_NAME, msg("unit name"), msg("the unit's name"), "unit"),
    ]


def sheet_columns(rubric: Rubric, lang: str | None = None) -> list[TemplateColumn]:
    """The columns of the sheet ``tiercert template`` writes: :func:`template_columns`, and
    of a programme (docs/programme.md) its attributes after the name, the answer columns
    once per stage (``STAGE:ID``; the facts once, shared), then ``dossier:DOCUMENT`` and
    ``evidence:GROUP`` columns, so that the filled sheet feeds ``batch``, ``progress`` and
    ``recognition``."""
    spec = rubric.spec
    if not (spec.attributes or spec.stages or spec.dossier is not None):
        return template_columns(rubric, lang)
    columns = _unit_columns()
    for attribute in spec.attributes:
        columns.append(_attribute_column(attribute, lang or spec.language))
    answers, facts = _answer_columns(rubric, lang)
    if not spec.stages:
        columns += answers
    for stage in spec.stages:
        label = text_in(stage.label, lang or spec.language)
        columns += [
            replace(
                c,
                id=f"{stage.id}{STAGE_SEPARATOR}{c.id}",
                title=msg("{stage}: {title}", stage=label, title=c.title),
            )
            for c in answers
        ]
    columns += facts
    if spec.dossier is not None:
        filed = msg("filed: true or false (empty: not filed)")
        for document in spec.dossier.documents:
            title = text_in(document.title, lang or spec.language)
            columns.append(
                TemplateColumn(
                    f"dossier{STAGE_SEPARATOR}{document.id}", title, filed, "dossier",
                    ("true", "false"),
                )
            )  # fmt: skip
        if spec.dossier.evidence:
            for node in spec.criteria:
                columns.append(
                    TemplateColumn(
                        f"evidence{STAGE_SEPARATOR}{node.id}",
                        msg(
                            "evidence file for {group}",
                            group=text_in(node.title, lang or spec.language) or node.id,
                        ),
                        filed, "dossier", ("true", "false"),
                    )
                )  # fmt: skip
    return columns


def _attribute_column(attribute: Any, lang: str) -> TemplateColumn:
    """The column of a programme attribute (a district, a year...)."""
    title = text_in(attribute.title, lang)
    choices: tuple[str, ...] = ()
    numbers = None
    if attribute.type == "choice":
        choices = tuple(attribute.values or ())
        allowed = msg("one of: {values}", values=", ".join(choices))
    elif attribute.type == "number" and attribute.round:
        numbers = NumberRange(whole=True)
        allowed = msg("the round, a whole number in digits: 2024")
    elif attribute.type == "number":
        numbers = NumberRange()
        allowed = msg("a number")
    else:
        allowed = msg("text")
    if attribute.required:
        allowed = msg("{allowed} (required)", allowed=allowed)
    return TemplateColumn(attribute.id, title, allowed, "attribute", choices, numbers)


def _answer_columns(
    rubric: Rubric, lang: str | None
) -> tuple[list[TemplateColumn], list[TemplateColumn]]:
    """The answer, direct-group and evidence columns, and the fact columns."""
    specs = {nid: node for nid, _, node in rubric.iter_nodes()}
    columns: list[TemplateColumn] = []
    facts: list[TemplateColumn] = []
    for entry in template_entries(rubric, lang):
        ident, kind = entry["id"], entry["kind"]
        if kind == "fact":
            fact = next(f for f in rubric.spec.facts if f.id == ident)
            choices: tuple[str, ...] = (
                ("true", "false") if fact.type == "boolean" else tuple(fact.options or ())
            )
            numbers = (
                NumberRange(whole=fact.type == "integer")
                if fact.type in ("number", "integer")
                else None
            )
            facts.append(
                TemplateColumn(ident, entry["title"], entry["allowed"], "fact", choices, numbers)
            )
            continue
        if entry["computed"]:
            continue
        # the points told in the reader's mark; an answer's bounds keep the dot it is written in
        titled = msg("{title} (max {points})", title=entry["title"], points=Numeral(entry["max"]))
        if kind == "group":
            if entry["direct"]:
                columns.append(
                    TemplateColumn(
                        ident,
                        titled,
                        msg(
                            "points from 0 to {max} for the whole group, or leave empty and "
                            "answer its criteria",
                            max=entry["max"],
                        ),
                        "group",
                        numbers=NumberRange(ZERO, node_max(specs[ident]) or ZERO),
                    )
                )
            continue
        node = specs[ident]
        rule = node.rule
        choices = RULES[rule.kind].sheet_choices(rule) if rule is not None else ()
        if choices and node.na is not None:
            choices += ("na",)
        na = node.na is not None
        columns.append(
            TemplateColumn(
                ident,
                titled,
                entry["allowed"],
                "answer",
                choices,
                answer_range(node),
                na,
            )
        )
        for evidence in _evidence_kinds(node):
            columns.append(
                TemplateColumn(
                    f"{ident}.{evidence}",
                    msg(
                        "{evidence} for {criterion}",
                        evidence=EVIDENCE_WORDS[evidence],
                        criterion=ident,
                    ),
                    msg("text") if evidence == "justification" else msg("a link (https://...)"),
                    "evidence",
                )
            )
    return columns, facts


def template_notes(columns: Sequence[TemplateColumn], lang: str = "en") -> list[str]:
    """The notes row of a CSV template, in ``lang``: starts with '#', so batch skips it."""
    notes = [f"{in_lang(c.title, lang)}: {in_lang(c.allowed, lang)}" for c in columns]
    ignored = translator(lang).gettext("(rows whose unit_id starts with # are ignored)")
    notes[0] = "# " + notes[0] + " " + ignored
    return notes


def write_template(
    rubric: Rubric,
    target: str | os.PathLike[str] | TextIO,
    *,
    format: str = "csv",
    lang: str | None = None,
) -> None:
    """Write a blank sheet to fill in: CSV (header, then a notes row) or XLSX (a sheet to
    fill with a header row, drop-down lists where the answers are a few words, and an
    instructions sheet)."""
    columns = sheet_columns(rubric, lang)
    header = [c.id for c in columns]
    if format not in ("csv", "xlsx"):
        raise ValueError(f"a template sheet is csv or xlsx, not {format!r}")
    if format == "csv":
        with CsvWriter(header, target) as writer:
            writer.write(template_notes(columns, lang or rubric.spec.language))
        return
    if not isinstance(target, str | os.PathLike):
        raise TableError(
            [Problem("file.format", msg("an XLSX template needs a file name (-o units.xlsx)"))]
        )
    _write_xlsx_template(rubric, columns, target, lang)


def _write_xlsx_template(
    rubric: Rubric,
    columns: Sequence[TemplateColumn],
    target: str | os.PathLike[str],
    lang: str | None,
) -> None:
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # the sheets named in the reader's language (the reader reads the first sheet, by any name)
    shown = lang or rubric.spec.language
    words = translator(shown)
    _ = words.gettext
    units_sheet = _sheet_name(words.pgettext("sheet name", "units"), "units")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = units_sheet
    bold = Font(bold=True)
    header = [xlsx_text_cell(sheet, column.id) for column in columns]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    # yes and no in the words of the rubric's language and of the sheet's
    languages = tuple(dict.fromkeys((rubric.spec.language, shown)))
    labels = _choice_labels(rubric, shown)
    for i, column in enumerate(columns, 1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.id) + 4))
        if _is_text(column):  # a code typed 07210 stays 07210, never the number 7210
            sheet.column_dimensions[letter].number_format = "@"
        named = labels.get(column.id)
        if named is not None:  # the drop-down offers the labels people read (both are read)
            column = replace(column, choices=tuple(named.get(c, c) for c in column.choices))
        validation = _validation(column, f"{letter}2", languages, shown)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
    sheet.freeze_panes = "C2"
    notes = book.create_sheet(
        _sheet_name(words.pgettext("sheet name", "instructions"), "instructions")
    )

    def texts(*values: str) -> list[Any]:  # rubric text: never a formula, never refused
        return [xlsx_text_cell(notes, value) for value in values]

    title = rubric.title(lang)
    notes.append(texts(f"{title} ({rubric.id} {rubric.version})"))
    notes.append(
        [
            _(
                "Fill one row per unit in the '{sheet}' sheet. An empty cell is no answer. "
                "Columns starting with # are notes and ignored. Then run: tiercert batch "
                "RUBRIC this.xlsx"
            ).format(sheet=units_sheet)
        ]
    )
    notes.append([])
    notes.append([_("column"), _("title"), _("allowed values")])
    for cell in notes[4]:
        cell.font = bold
    for column in columns:
        notes.append(texts(column.id, in_lang(column.title, shown), in_lang(column.allowed, shown)))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 60
    notes.column_dimensions["C"].width = 60
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_open(target) as handle:
        save_workbook(book, handle)


def _is_text(column: TemplateColumn) -> bool:
    """Whether a template column holds text people type (a unit's id and name, a text
    attribute such as a district): formatted as text, so that a spreadsheet program keeps
    what is typed (``07210``, ``1/2``) instead of making a number or a date of it."""
    if column.kind == "unit":
        return True
    return column.kind == "attribute" and column.numbers is None and not column.choices


#: rows of an XLSX template that its data validations cover
_TEMPLATE_ROWS = 10_000


def _choice_labels(rubric: Rubric, lang: str) -> dict[str, dict[str, str]]:
    """Criterion id -> (choice -> its label in ``lang``) for the rules whose choices have
    labels (a ``levels`` rule's levels): what a drop-down offers people, who may answer with
    the label as with the id."""
    found: dict[str, dict[str, str]] = {}
    for nid, _depth, node in rubric.iter_nodes():
        options = getattr(node.rule, "levels", None) or ()
        named = {o.id: text_in(o.label, lang) for o in options if getattr(o, "label", None)}
        if named and len(set(named.values())) == len(named):
            found[nid] = named
    return found


def _validation(
    column: TemplateColumn, first: str, languages: Sequence[str], lang: str = "en"
) -> Any:
    """The data validation of a template column: a drop-down list or a range of numbers that
    refuses anything else with a message saying what is allowed, and shows what the column
    takes when a cell is selected (Excel's "input message").  ``first`` is the column's
    first cell, which a formula's relative references start from.  None: free text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    _ = translator(lang).gettext
    if column.choices:
        choices = column.choices
        if choices[:2] == ("true", "false"):  # and yes and no in the sheet's languages
            words = [w for language in languages for pair in YES_NO.get(language, ()) for w in pair]
            choices = tuple(dict.fromkeys((*choices[:2], *words, *choices[2:])))
        literal = xml_text(",".join(choices))  # XML cannot hold every character
        if len(literal) > 250 or '"' in literal or any("," in c for c in choices):
            return None  # Excel cannot list these: the prompt still says what is allowed
        validation = DataValidation(type="list", formula1=f'"{literal}"', allow_blank=True)
        wanted = _("choose one of: {choices}").format(choices=", ".join(choices))
    elif column.numbers is not None:
        numbers = column.numbers
        tests = [f"ISNUMBER({first})"]
        if numbers.low is not None:
            tests.append(f"{first}>={exact_number(numbers.low)}")
        if numbers.high is not None:
            tests.append(f"{first}<={exact_number(numbers.high)}")
        if numbers.whole:
            tests.append(f"{first}=INT({first})")
        formula = tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"
        if column.na:
            na_words = ",".join(f'{first}="{word}"' for word in NA_SPELLINGS)
            formula = f"OR({formula},{na_words})"
        validation = DataValidation(type="custom", formula1=formula, allow_blank=True)
        wanted = column.allowed
    else:
        return None
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    # the column by its title in the reader's language (the header above holds the id)
    named = in_lang(column.title, lang).strip() or column.id
    not_accepted = _("{column}: not accepted").format(column=named)
    validation.errorTitle = _clip(xml_text(not_accepted), 32)
    # (the English says whether the column says so already)
    empty = "" if "leave empty" in wanted else _("; or leave the cell empty (no answer)")
    said = in_lang(wanted, lang)
    validation.error = _clip(xml_text(f"{named} ({column.id}): {said}{empty}"), 255)
    validation.showInputMessage = True
    validation.promptTitle = _clip(xml_text(named), 32)
    validation.prompt = _clip(xml_text(in_lang(column.allowed, lang)), 255)
    return validation


#: what Excel refuses in a sheet's name
_NOT_IN_SHEET_NAMES = frozenset("[]:*?/\\")


def _sheet_name(name: str, fallback: str) -> str:
    """A translated sheet name Excel takes (at most 31 characters, none of ``[]:*?/\\``),
    else ``fallback``."""
    name = name.strip().strip("'")
    if not name or len(name) > 31 or _NOT_IN_SHEET_NAMES & set(name):
        return fallback
    return name


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "EVIDENCE_SUFFIXES",
    "RESERVED_COLUMNS",
    "RUBRIC_VERSION",
    "UNIT_ID",
    "UNIT_NAME",
    "NumberRange",
    "TemplateColumn",
    "allowed_values",
    "answer_range",
    "fact_values",
    "render_yaml_template",
    "sheet_columns",
    "template_columns",
    "template_entries",
    "template_notes",
    "write_template",
]
