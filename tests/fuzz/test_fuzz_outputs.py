"""Fuzz the writers and the command line's outputs with hostile text.

Rubric titles, tier labels, unit names and ids, and table cells hold control characters, bidi
overrides, formula starts, markup and Markdown table syntax.  Whatever they hold: CSV and XLSX
outputs contain no formula (and a CSV cell gives the original back by the documented rule),
text output holds no raw control character, JSON parses (a score result round-trips through
``Result.from_dict`` byte for byte), HTML parses with the text escaped, Markdown tables keep
their columns, and no command ends in an internal error.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from fuzzing import Target, assert_error, run
from hypothesis import assume
from hypothesis import strategies as st
from mutations import hostile_text, yaml_text
from oracles import (
    check_csv_output,
    check_html_output,
    check_json_output,
    check_jsonl_output,
    check_markdown_output,
    check_result,
    check_text_output,
    check_to_yaml,
    check_xlsx_output,
)

import tiercert
from strategies import answers_for, rubric_data
from tiercert._escape import sheet_text

# --- the writers (API) ------------------------------------------------------------------------

_CELLS = st.one_of(
    hostile_text(),
    st.sampled_from((None, True, False, Fraction(1, 3), Fraction(-5), Fraction(799, 10), "-5")),
    st.lists(hostile_text(), max_size=3).map(tuple),
)


@st.composite
def _table(draw: st.DrawFn) -> tuple[str, list[str], list[list[object]]]:
    width = draw(st.integers(1, 5))
    header = draw(st.lists(hostile_text(), min_size=width, max_size=width))
    rows: list[list[object]] = draw(
        st.lists(st.lists(_CELLS, min_size=width, max_size=width), max_size=4)
    )
    return draw(st.sampled_from(("csv", "xlsx", "jsonl"))), header, rows


def _original(cell: str) -> str:
    """The text a CSV cell was written from (docs/batch.md: a leading ' is taken off)."""
    return cell[1:] if cell.startswith("'") else cell


def _lines(text: str) -> str:
    """A text as the CSV writer writes it: each character that does not print as its escape,
    as a sheet's cell shows it (docs/batch.md), and a CR as a LF."""
    return sheet_text(text).replace("\r\n", "\n").replace("\r", "\n")


def check_writer(case: tuple[str, list[str], list[list[object]]]) -> None:
    kind, header, rows = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table.{kind}"
        try:
            written = tiercert.write_table(path, header, rows)
        except tiercert.TableError as exc:
            assert_error(exc)
            return
        assert written == len(rows)
        if kind == "csv":
            text = path.read_text("utf-8-sig")
            back = list(csv.reader(io.StringIO(text, newline="")))
            wrote = [_original(c) for c in back[0]] if back else []
            if wrote != [_lines(name) for name in header]:  # before the formula check:
                # a broken header row can put any of its text at the start of a line
                cr = "\r" in "".join(header)
                broke = "a CSV header cell with a CR breaks the row" if cr else "the CSV header"
                raise AssertionError(f"{broke}: {header!r} read back as {back[:2]!r}")
            check_csv_output(path.read_bytes())
            for row, cells in zip(rows, back[1:], strict=True):
                for value, cell in zip(row, cells, strict=True):
                    if isinstance(value, str):
                        assert _original(cell) == _lines(value), f"{value!r} written as {cell!r}"
        elif kind == "xlsx":
            read = check_xlsx_output(path)
            # a row of empty cells at the end is not kept (a sheet has no empty rows at its end)
            while rows and all(v is None for v in rows[-1]):
                rows = rows[:-1]
            assert len(read) == len(rows) + 1, f"{len(read) - 1} rows read back of {len(rows)}"
        else:
            lines = check_jsonl_output(path.read_bytes())
            assert len(lines) == len(rows)
            for row, line in zip(rows, lines, strict=True):
                for name, value in zip(header, row, strict=True):
                    if isinstance(value, str) and list(header).count(name) == 1:
                        assert line[name] == value, f"{value!r} written as {line[name]!r}"


WRITERS = Target("writers", _table(), check_writer, examples=100)


def test_writers() -> None:
    run(WRITERS)


# --- the command line -------------------------------------------------------------------------


def _titled(draw: st.DrawFn, data: Any) -> Any:
    """``data`` (a rubric) with hostile text in titles, labels and descriptions."""
    data = copy.deepcopy(data)
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("title", "label", "description", "issuer", "note") and draw(
                    st.booleans()
                ):
                    item[key] = draw(hostile_text())
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return data


_COMMANDS = (
    ("score", "--format", "text"),
    ("score", "--format", "json"),
    ("score", "--format", "markdown"),
    ("report", "--format", "html"),
    ("report", "--format", "markdown"),
    ("report", "--format", "text"),
    ("explain", "--format", "text"),
    ("explain", "--format", "markdown"),
    ("template", "--format", "yaml"),
    ("template", "--format", "json"),
    ("template", "-o", "template.csv"),
    ("template", "-o", "template.xlsx"),
    ("check", "--format", "text"),
    ("check", "--format", "json"),
    ("batch", "-o", "results.csv"),
    ("batch", "-o", "results.xlsx"),
    ("batch", "-o", "results.jsonl", "--summary", "json"),
    ("batch", "-o", "results.csv", "--summary", "markdown"),
)


@st.composite
def _case(draw: st.DrawFn) -> tuple[tiercert.Rubric, dict[str, Any], list[tuple[str, ...]]]:
    data = _titled(draw, draw(rubric_data(max_depth=2, max_children=3)))
    try:
        rubric = tiercert.rubric_from_mapping(data)
    except tiercert.RubricError:  # a title the rubric format refuses (say, an empty one)
        assume(False)
        raise
    answers = draw(answers_for(rubric))
    unit = {
        "id": draw(st.one_of(st.just("xa-1"), hostile_text())),
        "name": draw(st.one_of(st.just("Xã Mẫu"), hostile_text())),
    }
    document = {"rubric": rubric.id, "unit": unit, "answers": answers.answers}
    if answers.facts:
        document["facts"] = answers.facts
    commands = draw(st.lists(st.sampled_from(_COMMANDS), min_size=1, max_size=3, unique=True))
    return rubric, document, commands


def _cli(folder: Path, *argv: str) -> tuple[int, str, str]:
    from tiercert.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    assert status != 3, f"internal error: {err.getvalue()[-3000:]}"
    assert status in (0, 1), f"tiercert {' '.join(argv)}: exit {status}: {err.getvalue()[:2000]}"
    check_text_output(err.getvalue())
    return status, out.getvalue(), err.getvalue()


def check_cli(case: tuple[tiercert.Rubric, dict[str, Any], list[tuple[str, ...]]]) -> None:
    rubric, document, commands = case
    source = yaml_text(document)
    assume(source is not None)
    assert source is not None
    saved = tiercert.parse_rubric(rubric.to_yaml())  # what the commands read
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "rubric.yaml").write_text(rubric.to_yaml(), encoding="utf-8")
        (folder / "units").mkdir()
        (folder / "units" / "unit.yaml").write_bytes(source)
        try:
            expected: tiercert.Result | None = saved.evaluate(
                tiercert.parse_assessment(source, file="unit.yaml")
            )
        except tiercert.AssessmentError as exc:
            assert_error(exc)
            expected = None
        if expected is not None:
            check_result(expected)
        for command, *options in commands:
            files = {
                "score": ["rubric.yaml", "units/unit.yaml"],
                "report": ["rubric.yaml", "units/unit.yaml"],
                "batch": ["rubric.yaml", "units"],
            }.get(command, ["rubric.yaml"])
            where = [str(folder / f) for f in files]
            if "-o" in options:
                options[options.index("-o") + 1] = str(folder / options[options.index("-o") + 1])
            _, out, _ = _cli(folder, command, *where, *options)
            _check_output(command, options, out, folder, expected)
    check_to_yaml(rubric)  # last: while it is a known bug, the commands still run


def _check_output(
    command: str, options: list[str], out: str, folder: Path, expected: tiercert.Result | None
) -> None:
    fmt = options[options.index("--format") + 1] if "--format" in options else None
    if fmt == "json" or (command == "batch" and "json" in options):
        data = check_json_output(out)
        if command == "score" and "problems" not in data:
            back = tiercert.Result.from_dict(data)
            assert back.to_dict() == data
            assert expected is not None
            assert json.loads(expected.to_json()) == data, "score --format json is not the result"
    elif fmt == "html":
        check_html_output(out)
    elif fmt == "markdown" or "markdown" in options:
        check_text_output(out)
        try:
            check_markdown_output(out)
        except AssertionError as exc:
            raise AssertionError(f"{command} {' '.join(options[:2])}: {exc}") from None
    else:
        check_text_output(out)
    if "-o" in options:
        output = Path(options[options.index("-o") + 1])
        if output.suffix == ".csv":
            rows = check_csv_output(output.read_bytes())
            assert all(len(row) == len(rows[0]) for row in rows), "ragged CSV output"
        elif output.suffix == ".xlsx":
            check_xlsx_output(output)
        else:
            check_jsonl_output(output.read_bytes())


CLI = Target("cli_outputs", _case(), check_cli, examples=50)


def test_cli_outputs() -> None:
    run(CLI)
