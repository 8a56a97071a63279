"""The ``tiercert`` command: a thin layer that parses options, calls the library, sets the exit.

Exit status: 0 success (``check``: valid, warnings allowed unless ``--strict``); 1 problems
found in a rubric or assessment; 2 usage error or unreadable file; 3 an internal error (a bug
in tiercert, reported as such).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .checking import CheckReport, check_file
from .errors import Problem, ProblemsError, problems_to_json

if TYPE_CHECKING:
    from .result import Result
    from .rubric import Rubric

# Each command imports what it uses when it runs: 'tiercert check', run on every save by
# editors and pre-commit, never loads the evaluator, the reports or pydantic's models.

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
RUBRIC_HELP = "a rubric file, or the id of a shipped rubric (see tiercert list)"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # point at the help of the command that was misused: 'tiercert score --help'
        raise _UsageError(f"{self.prog}: {message}\ntry '{self.prog} --help'")


class _Skipped:
    """Stands in for the parser of a command that is not being run: building every command's
    parser costs more than checking a rubric does."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass


class _Commands:
    """The subcommands, all of them or only the one named on the command line."""

    def __init__(self, commands: argparse._SubParsersAction[_Parser], only: str | None) -> None:
        self._commands = commands
        self._only = only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self._only is not None and name != self._only:
            return _Skipped()
        return self._commands.add_parser(name, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or with ``command`` of that one only (same messages)."""
    parser = _Parser(
        prog="tiercert",
        description="Tiered certification schemes as data: check rubrics, score units.",
    )
    parser.add_argument("--version", action="version", version=f"tiercert {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands = _Commands(subparsers, command)

    check = commands.add_parser("check", help="check rubric files and report every problem")
    check.add_argument(
        "rubrics", nargs="+", metavar="RUBRIC", help=RUBRIC_HELP + "; with --assessments, FILE"
    )
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--skip-assessments",
        action="store_true",
        help="skip files that are assessments (answers: or unit: and no criteria:), as the "
        "tiercert-check pre-commit hook does",
    )
    check.add_argument(
        "--assessments",
        action="store_true",
        help="the files are assessments: score each against its rubric and report every "
        "problem (rubric files among them are skipped)",
    )
    check.add_argument(
        "--rubric",
        metavar="RUBRIC",
        help="with --assessments: the rubric (default: the shipped rubric each file's "
        "'rubric:' names)",
    )

    shipped = commands.add_parser(
        "list", help="list the shipped rubrics (usable by id wherever a RUBRIC is asked for)"
    )
    shipped.add_argument("--format", choices=["text", "json"], default="text")

    score = commands.add_parser("score", help="score one assessment against a rubric")
    score.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    score.add_argument("assessment", metavar="ASSESSMENT")
    score.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    score.add_argument("--lang", help="language of titles and labels (default: the rubric's)")
    score.add_argument(
        "--missing",
        choices=["error", "zero"],
        help="what a missing answer does (default: as the rubric says)",
    )

    template = commands.add_parser("template", help="print a blank assessment to fill in")
    template.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    template.add_argument(
        "--format",
        choices=["yaml", "json", "csv", "xlsx"],
        help="yaml (default), json, or a sheet for many units: csv or xlsx (default: from the "
        "-o file name)",
    )
    template.add_argument("--lang", help="language of titles (default: the rubric's)")
    template.add_argument("-o", "--output", metavar="FILE", help="write to FILE (needed for xlsx)")
    _add_batch_parsers(commands)

    explain = commands.add_parser(
        "explain", help="print a rubric as a readable tree (criteria, points, gates, tiers)"
    )
    explain.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    explain.add_argument("--format", choices=["text", "markdown"], default="text")
    explain.add_argument("--lang", help="language of titles (default: the rubric's)")
    explain.add_argument(
        "--also", metavar="LANG", help="markdown: add a title column in this language too"
    )
    explain.add_argument(
        "--notes", action="store_true", help="text: show each element's note (provisional why)"
    )

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the rubric format (for editors)"
    )
    schema.add_argument(
        "-o", "--output", metavar="FILE", help="write it to FILE instead of standard output"
    )
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    words = list(sys.argv[1:] if argv is None else argv)
    # the first word that is not an option names the command (the top level takes no values)
    named = next((w for w in words if not w.startswith("-")), None)
    try:
        args = build_parser(named if named in _COMMANDS else None).parse_args(words)
    except _UsageError as exc:
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = _COMMANDS[args.command]
    try:
        return handler(args, out, err)
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except Exception:  # a bug in tiercert, not the user's mistake: say so, keep the details
        err.write(
            "tiercert: internal error (this is a bug in tiercert, not in your files; please "
            "report it with the details below)\n"
        )
        err.write(traceback.format_exc())
        return EXIT_BUG


def _report_problems(problems: Sequence[Problem], out: TextIO) -> None:
    for problem in problems:
        out.write(problem.format() + "\n")


def _unreadable(problems: Sequence[Problem]) -> bool:
    return any(p.code == "file.unreadable" for p in problems)


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.rubric is not None and not args.assessments:
        err.write("tiercert check: --rubric goes with --assessments\n")
        return EXIT_USAGE
    if args.assessments:
        from .assessment_check import RubricCache, check_assessment_file

        cache = RubricCache()
        reports = [check_assessment_file(p, args.rubric, rubrics=cache) for p in args.rubrics]
    else:
        skip = args.skip_assessments
        reports = [check_file(p, light=True, skip_assessments=skip) for p in args.rubrics]
    if args.format == "json":
        out.write(
            json.dumps(
                [_report_json(r, args.strict) for r in reports], ensure_ascii=False, indent=2
            )
            + "\n"
        )
    else:
        for report in reports:
            _report_problems(report.problems, out)
            out.write(_summary(report, args.strict) + "\n")
    if any(_unreadable(r.problems) for r in reports):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok(strict=args.strict) for r in reports) else EXIT_PROBLEMS


def _summary(report: CheckReport, strict: bool) -> str:
    if report.skipped is not None:
        return f"{report.file}: skipped ({report.skipped})"
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "valid" if report.ok(strict=strict) else "invalid"
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    line = f"{report.file}: {verdict} ({counts})"
    if report.spec is not None:
        n = len(report.provisional)
        line += f"; {n} provisional element{'s' * (n != 1)}"
    return line


def _report_json(report: CheckReport, strict: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "file": report.file,
        "valid": report.ok(strict=strict),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "provisional": report.provisional,
        "problems": json.loads(problems_to_json(report.problems)),
    }
    if report.skipped is not None:
        data["skipped"] = report.skipped
    return data


def _load(path: str, out: TextIO) -> Rubric | int:
    from .rubric import load_rubric

    try:
        return load_rubric(path)
    except ProblemsError as exc:
        _report_problems(exc.problems, out)
        return EXIT_USAGE if _unreadable(exc.problems) else EXIT_PROBLEMS


def _score_one(args: argparse.Namespace, out: TextIO) -> tuple[Rubric, Result] | int:
    """Load the rubric and score the assessment named in ``args``, or the exit status."""
    rubric = _load(args.rubric, out)
    if isinstance(rubric, int):
        return rubric
    from .assessment import load_assessment

    try:
        assessment = load_assessment(args.assessment)
        result = rubric.evaluate(assessment, missing=args.missing)
    except ProblemsError as exc:
        _report_problems(exc.problems, out)
        return EXIT_USAGE if _unreadable(exc.problems) else EXIT_PROBLEMS
    return rubric, result


def _score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .report import render_markdown as render_scorecard_markdown
    from .report import render_text

    scored = _score_one(args, out)
    if isinstance(scored, int):
        return scored
    rubric, result = scored
    if args.format == "json":
        out.write(result.to_json() + "\n")
    elif args.format == "markdown":
        out.write(render_scorecard_markdown(result, rubric, lang=args.lang))
    else:
        out.write(render_text(result, rubric, lang=args.lang))
    return EXIT_OK


def _template(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .template import render_yaml_template, template_entries

    rubric = _load(args.rubric, out)
    if isinstance(rubric, int):
        return rubric
    fmt = args.format or _format_from_name(args.output, TEMPLATE_FORMATS, "yaml")
    if fmt in ("csv", "xlsx") or args.output is not None:
        return _template_file(rubric, fmt, args, out, err)
    if args.format == "json":
        entries = template_entries(rubric, args.lang)
        out.write(json.dumps(entries, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        out.write(render_yaml_template(rubric, args.lang))
    return EXIT_OK


def _list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .catalog import render_json, render_text, shipped_rubrics

    try:
        rubrics = shipped_rubrics()
    except ProblemsError as exc:  # a damaged installation
        _report_problems(exc.problems, out)
        return EXIT_PROBLEMS
    out.write(render_json(rubrics) if args.format == "json" else render_text(rubrics))
    return EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import render_schema

    text = render_schema()
    if args.output is None:
        out.write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        err.write(f"tiercert: cannot write {args.output}: {exc.strerror}\n")
        return EXIT_USAGE
    out.write(f"wrote {args.output}\n")
    return EXIT_OK


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .explain import render_markdown, render_tree_text

    rubric = _load(args.rubric, out)
    if isinstance(rubric, int):
        return rubric
    if args.format == "markdown":
        out.write(render_markdown(rubric, args.lang, also=args.also))
    else:
        out.write(render_tree_text(rubric, args.lang, notes=args.notes))
    return EXIT_OK


# --- many units: templates as sheets, batch, printable reports -----------------------------

TEMPLATE_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
TEMPLATE_FORMATS[".xlsx"] = "xlsx"
REPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
REPORT_FORMATS[".txt"] = "text"


def _add_batch_parsers(commands: _Commands) -> None:
    batch = commands.add_parser(
        "batch",
        help="score many units from a CSV, XLSX or JSON Lines file or a folder of assessments",
    )
    batch.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    batch.add_argument(
        "input",
        metavar="INPUT",
        help="a .csv, .xlsx or .jsonl file, a folder of .yaml files, or - for CSV on standard "
        "input",
    )
    batch.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="results as .csv, .xlsx or .jsonl (default: CSV on standard output)",
    )
    batch.add_argument(
        "--summary",
        choices=["text", "json", "markdown", "none"],
        default="text",
        help="statistics printed after the batch (to standard output with -o, else to "
        "standard error)",
    )
    batch.add_argument("--sheet", help="xlsx input: the sheet to read (default: the first)")
    batch.add_argument("--lang", help="language of tier labels and titles")
    batch.add_argument(
        "--missing",
        choices=["error", "zero"],
        help="what a missing answer does (default: as the rubric says)",
    )

    report = commands.add_parser(
        "report", help="write a printable scorecard for one unit (Markdown or HTML)"
    )
    report.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    report.add_argument("assessment", metavar="ASSESSMENT")
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="unit.md or unit.html (default: Markdown on standard output)",
    )
    report.add_argument(
        "--format",
        choices=["markdown", "html", "text"],
        help="default: from the -o file name, else markdown",
    )
    report.add_argument("--lang", help="language of titles and labels (default: the rubric's)")
    report.add_argument(
        "--missing",
        choices=["error", "zero"],
        help="what a missing answer does (default: as the rubric says)",
    )


def _format_from_name(name: str | None, known: dict[str, str], default: str) -> str:
    if name is None:
        return default
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return known.get(suffix, default)


def _write_output(path: str, text: str, out: TextIO, err: TextIO) -> int:
    from .tabular import TableError, write_text

    try:
        write_text(path, text)
    except TableError as exc:
        _report_problems(exc.problems, err)
        return EXIT_USAGE
    out.write(f"wrote {path}\n")
    return EXIT_OK


def _template_file(
    rubric: Rubric, fmt: str, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from .template import render_yaml_template, template_entries

    if fmt in ("yaml", "json"):
        if fmt == "json":
            entries = template_entries(rubric, args.lang)
            text = json.dumps(entries, ensure_ascii=False, indent=2, default=str) + "\n"
        else:
            text = render_yaml_template(rubric, args.lang)
        return _write_output(args.output, text, out, err)
    if fmt == "xlsx" and args.output is None:
        err.write("tiercert template: an xlsx template needs a file: -o units.xlsx\n")
        return EXIT_USAGE
    from .batch import write_template
    from .tabular import TableError

    try:
        write_template(rubric, args.output or out, format=fmt, lang=args.lang)
    except TableError as exc:
        _report_problems(exc.problems, err)
        return EXIT_USAGE
    if args.output is not None:
        out.write(f"wrote {args.output}\n")
    return EXIT_OK


def _batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .batch import ProgressBar, ResultTable, score_rows
    from .summary import SummaryBuilder, render_summary
    from .tabular import TableError, open_writer, read_rows

    rubric = _load(args.rubric, err)
    if isinstance(rubric, int):
        return rubric
    try:
        rows = read_rows(args.input, sheet=args.sheet)
    except TableError as exc:
        _report_problems(exc.problems, err)
        return EXIT_USAGE
    try:
        writer = open_writer(args.output or out, ResultTable(rubric, lang=args.lang).columns)
    except TableError as exc:
        rows.close()
        _report_problems(exc.problems, err)
        return EXIT_USAGE
    tally = SummaryBuilder(rubric, lang=args.lang)
    progress = ProgressBar(err, lambda: rows.fraction)
    try:
        with writer:
            for outcome in score_rows(rubric, rows, writer, lang=args.lang, missing=args.missing):
                _report_problems(outcome.problems, err)
                tally.add(outcome)
                progress.update(outcome)
    except TableError as exc:
        progress.finish()
        _report_problems(exc.problems, err)
        if args.output:
            err.write(f"tiercert: {args.output} was left as it was\n")
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    except KeyboardInterrupt:
        progress.finish()
        left = f"; {args.output} was left as it was" if args.output else ""
        err.write(f"tiercert: interrupted{left}\n")
        return 130
    finally:
        rows.close()
    progress.finish()
    summary = tally.summary()
    if args.summary != "none":
        (out if args.output else err).write(render_summary(summary, args.summary))
    return EXIT_PROBLEMS if summary.rejected else EXIT_OK


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .report import render_html, render_text
    from .report import render_markdown as render_scorecard_markdown

    scored = _score_one(args, out)
    if isinstance(scored, int):
        return scored
    rubric, result = scored
    fmt = args.format or _format_from_name(args.output, REPORT_FORMATS, "markdown")
    if fmt == "html":
        text = render_html(result, rubric, lang=args.lang)
    elif fmt == "text":
        text = render_text(result, rubric, lang=args.lang)
    else:
        text = render_scorecard_markdown(result, rubric, lang=args.lang)
    if args.output is None:
        out.write(text)
        return EXIT_OK
    return _write_output(args.output, text, out, err)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "check": _check,
    "list": _list,
    "score": _score,
    "template": _template,
    "explain": _explain,
    "batch": _batch,
    "report": _report,
    "schema": _schema,
}
