"""``explain --format markdown`` says what the text tree says (twenty-first round): it left
out the maximum, issuer, recognising authority and units, a gate's fix, what lies below the
tiers, the programme's targets, attributes, stages and dossier, and the sources.  Everything a
rubric brings is escaped: a ``|`` never splits a table, ``*`` and backquotes are no markup, a
line break never ends a list item, and ``#``, ``-``, ``>`` or ``1.`` at the start of an item
never make a heading, a list or a quote."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

RUBRIC = """\
format: 1
id: whole
version: "1"
language: en
title: Whole
issuer: The | province
authority: The *Chairman*
units: Communes `and` wards
criteria:
  - {id: a, title: A, max: 50, rule: {kind: direct}}
  - {id: b, title: B, max: 50, rule: {kind: direct}}
facts:
  - {id: head, title: "Head | disciplined *now*", type: boolean, default: false}
gates:
  - id: clean
    title: Clean
    require: {fact: head, equals: false}
    fix: "Fix `this` | now\\nplease"
    tiers: [gold]
tiers:
  - {id: silver, label: Silver, rank: 1, min: 50}
  - {id: gold, label: "Gold | *A*", rank: 2, min: 80}
targets:
  - {period: "2025", share: 30, tier: gold, note: "target note"}
attributes:
  - {id: district, title: "# District", type: text, required: true}
stages:
  - {id: own, label: "- Self\\nassessment", note: "stage note"}
  - {id: board, label: "1. Board", decides: true, tolerance: {points: 2}}
dossier:
  documents:
    - {id: letter, title: "> Letter"}
sources:
  - id: dec
    title: "Decision 7 | `x`"
    publisher: "People's Committee"
    date: "2024"
    note: "source note"
"""


def _explain(tmp_path: Path, *extra: str) -> str:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    status, out, err = run_cli("explain", str(rubric), "--format", "markdown", *extra)
    assert status == 0, err
    return out


def test_markdown_says_what_the_text_says(tmp_path: Path) -> None:
    out = _explain(tmp_path)
    for said in (
        "id `whole`, version 1, maximum 100 points",
        "issuer: The \\| province",
        "recognised by: The \\*Chairman\\*",
        "units: Communes \\`and\\` wards",
        "| Head \\| disciplined \\*now\\* |",  # the fact, in the facts table
        "| Fix \\`this\\` \\| now please |",  # the gate's fix, one line
        "below the lowest tier: not certified",
        "## Programme targets\n\n- 2025: 30% of units at Gold \\| \\*A\\* or above\n",
        "## Unit attributes\n\n- attribute:district # District \\[text; required\\]\n",
        "## Appraisal stages (in order)\n\n- stage:own - Self assessment\n",
        "- stage:board 1. Board \\[decides; flag a group cut by more than 2 points\\]\n",
        "## Dossier\n\n- document:letter \\> Letter\n",
        "## Sources\n\n- \\[dec\\] Decision 7 \\| \\`x\\` — People's Committee, 2024\n",
    ):
        assert said in out, (said, out)
    assert "note" not in out  # notes only when asked, as in text


def test_markdown_tables_keep_their_columns_and_lists_their_items(tmp_path: Path) -> None:
    out = _explain(tmp_path, "--notes")
    assert "- 2025: 30% of units at Gold \\| \\*A\\* or above\n  - note: target note\n" in out
    assert "  - note: stage note\n" in out
    assert "  - note: source note\n" in out
    columns = None
    for line in out.splitlines():
        pipes = len(re.findall(r"(?<!\\)\|", line))
        if not line.startswith("|"):
            columns = None
            assert pipes == 0, line  # a pipe of the rubric's outside a table is escaped too
            assert not re.match(r"(#+ .*[*`]|[*`])", line.replace("\\*", "").replace("\\`", ""))
            continue
        columns = pipes if columns is None else columns
        assert pipes == columns, line  # no cell split by a pipe of the rubric's


def test_every_part_of_the_text_tree_has_its_markdown_section(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    for lang in ("en", "vi"):
        _, text, _ = run_cli("explain", str(rubric), "--lang", lang)
        markdown = _explain(tmp_path, "--lang", lang)
        headings = [line.rstrip(":") for line in text.splitlines() if line.endswith(":")]
        assert len(headings) == 9, headings
        for i, heading in enumerate(headings):
            if lang == "vi" and i < 4:  # the tables' headings are shorter in Vietnamese
                continue
            short = heading.split(" (")[0].split(";")[0]
            if i == 1:  # the facts: a table after the gates' (render_gates_markdown)
                assert heading.startswith(("Facts", "Thông tin")), heading
                short = "| " + ("Fact" if lang == "en" else "Thông tin")
            assert f"## {short}" in markdown or (short.startswith("|") and short in markdown), (
                heading,
                markdown,
            )
