"""The ``tiercert`` command: a thin layer that parses options, calls the library, sets the exit.

Exit status: 0 success (``check``: valid, warnings allowed unless ``--strict``); 1 problems
found in a rubric or assessment; 2 usage error or a file that cannot be read or written; 3 an
internal error (a bug in tiercert, reported as such); 128 + the signal's number when stopped by
a signal (130 Ctrl+C, 143 SIGTERM).

Streams: standard output carries what the command makes (a report, a scorecard, JSON, results);
messages for people (problems, progress, "wrote FILE") go to standard error.  When JSON was
asked for on standard output, a problem that stops the command is JSON there too:
``{"problems": [...]}``.  See docs/cli.md.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO, cast

from . import __version__
from ._cli_parser import Parser, UsageError, help_language
from ._escape import json_text, visible, visible_lines
from ._i18n import ENVIRONMENT, N_, choose, in_lang, language_code, msg, translator
from ._lifecycle import read_date
from .checking import CheckReport, check_file
from .errors import DataError, Problem, ProblemsError, RubricError, problems_to_json

if TYPE_CHECKING:
    from pathlib import Path

    from .result import Result
    from .rubric import Rubric

# Each command imports what it uses when it runs: 'tiercert check', run on every save by
# editors and pre-commit, never loads the evaluator, the reports or pydantic's models.

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
RUBRIC_HELP = msg("a rubric file, or the id of a shipped rubric (see tiercert list)")
ASSESSMENT_HELP = N_("an assessment file (.yaml or .json): one unit's answers")


class _Skipped:
    """Stands in for the parser of a command that is not being run: building every command's
    parser costs more than checking a rubric does."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass


class _Commands:
    """The subcommands, all of them or only the one named on the command line."""

    def __init__(
        self, commands: argparse._SubParsersAction[Parser], only: str | None, lang: str
    ) -> None:
        self._commands = commands
        self._only = only
        self.lang = lang

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self._only is not None and name != self._only:
            return _Skipped()
        return self._commands.add_parser(name, lang=self.lang, **kwargs)


def build_parser(command: str | None = None, lang: str = "en") -> argparse.ArgumentParser:
    """The parser of every command, or with ``command`` of that one only (same messages), its
    help and usage errors in ``lang`` (docs/languages.md)."""
    parser = Parser(
        prog="tiercert",
        lang=lang,
        description=N_("Tiered certification schemes as data: check rubrics, score units."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"tiercert {__version__}",
        help=N_("show program's version number and exit"),
    )
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands = _Commands(subparsers, command, lang)

    check = commands.add_parser("check", help=N_("check rubric files and report every problem"))
    check.add_argument(
        "rubrics",
        nargs="+",
        metavar="RUBRIC",
        help=msg("{rubric}; with --assessments, FILE", rubric=RUBRIC_HELP),
    )
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=N_("how the problems are written: text (default) or json"),
    )
    check.add_argument(
        "--lang",
        help=N_("language of the messages (default: the rubric's, when one rubric is checked)"),
    )
    check.add_argument("--strict", action="store_true", help=N_("treat warnings as errors"))
    check.add_argument(
        "--skip-assessments",
        action="store_true",
        help=N_(
            "skip files that are assessments (answers: or unit: and no criteria:), as the "
            "tiercert-check pre-commit hook does"
        ),
    )
    check.add_argument(
        "--assessments",
        action="store_true",
        help=N_(
            "the files are assessments: score each against its rubric and report every "
            "problem (rubric files among them are skipped)"
        ),
    )
    check.add_argument(
        "--rubric",
        metavar="RUBRIC",
        help=N_(
            "with --assessments: the rubric (default: the shipped rubric each file's "
            "'rubric:' names)"
        ),
    )
    check.add_argument(
        "--previous",
        metavar="OLD",
        help=N_(
            "also check what the rubrics say became of this previous version's criteria "
            "(renamed_from, replaces, split_from, carry)"
        ),
    )

    shipped = commands.add_parser(
        "list", help=N_("list the shipped rubrics (usable by id wherever a RUBRIC is asked for)")
    )
    shipped.add_argument(
        "--format", choices=["text", "json"], default="text", help=N_("text (default) or json")
    )
    shipped.add_argument(
        "--lang", help=N_("language of the list and its messages (default: the locale's, else en)")
    )

    score = commands.add_parser("score", help=N_("score one assessment against a rubric"))
    score.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    score.add_argument("assessment", metavar="ASSESSMENT", help=ASSESSMENT_HELP)
    score.add_argument(
        "--format",
        choices=["text", "json", "markdown"],
        default="text",
        help=N_("text (default), json or markdown"),
    )
    score.add_argument("--lang", help=N_("language of titles and labels (default: the rubric's)"))
    score.add_argument(
        "--missing",
        choices=["error", "zero"],
        help=N_("what a missing answer does (default: as the rubric says)"),
    )
    _add_as_of(score)
    _add_decimal_comma(score)
    score.add_argument(
        "--strict-version",
        action="store_true",
        help=N_(
            "refuse an assessment answered against another version of the rubric "
            "(rubric_version:) instead of warning"
        ),
    )

    template = commands.add_parser("template", help=N_("print a blank assessment to fill in"))
    template.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    template.add_argument(
        "--format",
        choices=["yaml", "json", "csv", "xlsx"],
        help=N_(
            "yaml (default), json, or a sheet for many units: csv or xlsx (default: from the "
            "-o file name)"
        ),
    )
    template.add_argument("--lang", help=N_("language of titles (default: the rubric's)"))
    template.add_argument(
        "-o", "--output", metavar="FILE", help=N_("write to FILE (needed for xlsx)")
    )
    _add_batch_parsers(commands)
    _add_programme_parsers(commands)

    explain = commands.add_parser(
        "explain", help=N_("print a rubric as a readable tree (criteria, points, gates, tiers)")
    )
    explain.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    explain.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help=N_("text (default) or markdown"),
    )
    explain.add_argument(
        "--lang", help=N_("language of titles and of the words around them (default: the rubric's)")
    )
    explain.add_argument(
        "--also", metavar="LANG", help=N_("markdown: add a title column in this language too")
    )
    explain.add_argument(
        "--notes",
        action="store_true",
        help=N_(
            "show each element's note (provisional why); in Markdown, of the parts told as lists"
        ),
    )

    _add_diff_parser(commands)
    _add_migrate_parser(commands)

    schema = commands.add_parser(
        "schema", help=N_("print the JSON Schema of the rubric format (for editors)")
    )
    schema.add_argument(
        "-o", "--output", metavar="FILE", help=N_("write it to FILE instead of standard output")
    )
    return parser


def program() -> int:
    """The ``tiercert`` program, the process's own (the console script and ``python -m
    tiercert``): :func:`main` on ``sys.argv``, then the process is readied to end at once.
    Code that runs the command line within its own process calls :func:`main`."""
    status = main()
    # Everything the process made is about to go at once: frozen, it is left to the operating
    # system, not walked by the interpreter's last collection on the way out (about a tenth of
    # a cold 'tiercert check', docs/performance.md).  Every file a command writes is closed by
    # then, and the standard streams are flushed on exit all the same.
    gc.freeze()
    return status


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status."""
    out = cast(TextIO, _Watched(stdout or sys.stdout))
    err = stderr or sys.stderr
    words = list(sys.argv[1:] if argv is None else argv)
    # the first word that is not an option names the command (the top level takes no values)
    named = next((w for w in words if not w.startswith("-")), None)
    # the help and the usage errors: a rubric's language is not known before parsing
    lang = help_language(words)
    try:
        args = build_parser(named if named in _COMMANDS else None, lang).parse_args(words)
        _check_output_name(args)
        _check_language(args)
    except UsageError as exc:
        err.write(f"{visible_lines(in_lang(exc.args[0], lang))}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = _COMMANDS[args.command]
    try:
        with _signals_stop():
            return handler(args, out, err)
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt as exc:  # Ctrl+C, SIGTERM: outputs were given up on the way out
        err.write(f"tiercert: {in_lang(_stopped(exc), choose(getattr(args, 'lang', None)))}\n")
        return _stop_status(exc)
    except OSError as exc:
        if exc is not cast(_Watched, out).failed:
            return _internal_error(args, err)
        # standard output cannot take what the command wrote (a full disk: '> /dev/full')
        from ._writers import _stream_failed

        _report_problems(_stream_failed(exc).problems, err, choose(getattr(args, "lang", None)))
        return EXIT_USAGE
    except Exception:  # a bug in tiercert, not the user's mistake: say so, keep the details
        return _internal_error(args, err)


class _Watched:
    """Standard output as the commands write it, keeping the error a write or a flush met
    (``failed``): a full disk under ``> file`` is said as a problem, not as a bug."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed: OSError | None = None

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            self.failed = exc
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            self.failed = exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _internal_error(args: argparse.Namespace, err: TextIO) -> int:
    """A bug in tiercert, not the user's mistake: say so, and keep the details (called
    while the exception is handled)."""
    said = msg(
        "tiercert: internal error (this is a bug in tiercert, not in your files; please "
        "report it with the details below)"
    )
    err.write(in_lang(said, choose(getattr(args, "lang", None))) + "\n")
    import traceback

    err.write(traceback.format_exc())
    return EXIT_BUG


class _Stopped(KeyboardInterrupt):
    """A signal that ends the program (SIGTERM, SIGHUP), raised where the program is, so that
    an output being written is given up and its temporary file removed, as on Ctrl+C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


@contextmanager
def _signals_stop() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`_Stopped` while a command runs (unless the program
    running tiercert handles them itself); the previous handlers come back after."""
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            try:
                previous[signum] = signal.signal(signum, _raise_stopped)
            except ValueError:  # not the main thread: signals are the main thread's to handle
                break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop_status(exc: KeyboardInterrupt) -> int:
    return 128 + (exc.signum if isinstance(exc, _Stopped) else signal.SIGINT)


def _stopped(exc: KeyboardInterrupt) -> str:
    if isinstance(exc, _Stopped):
        return msg("stopped by {signal}", signal=signal.Signals(exc.signum).name)
    return msg("interrupted")


def _json(data: object) -> str:
    """JSON for standard output: indented, non-ASCII text as it is, nothing a terminal acts on."""
    import json

    return json_text(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n"


def _report_problems(problems: Sequence[Problem], out: TextIO, lang: str = "en") -> None:
    for problem in problems:
        out.write(problem.format(lang) + "\n")


def _unreadable(problems: Sequence[Problem]) -> bool:
    return any(p.code == "file.unreadable" for p in problems)


def _refused(
    problems: Sequence[Problem], out: TextIO, err: TextIO, *, as_json: bool, lang: str = "en"
) -> int:
    """Report problems that stop a command and return its exit status: ``{"problems":
    [...]}`` on standard output when the command was asked for JSON there (its messages in
    English), else one line each on standard error, in ``lang``."""
    if as_json:
        out.write(_json({"problems": [p.to_dict() for p in problems]}))
    else:
        _report_problems(problems, err, lang)
    return EXIT_USAGE if _unreadable(problems) else EXIT_PROBLEMS


def _json_out(args: argparse.Namespace) -> bool:
    """True when the command writes JSON to standard output."""
    return getattr(args, "format", None) == "json" and getattr(args, "output", None) is None


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.rubric is not None and not args.assessments:
        _usage(err, args, msg("tiercert check: --rubric goes with --assessments"))
        return EXIT_USAGE
    if args.assessments:
        from .assessment_check import RubricCache, check_assessment_file

        cache = RubricCache()
        reports = [check_assessment_file(p, args.rubric, rubrics=cache) for p in args.rubrics]
    else:
        skip = args.skip_assessments
        reports = [check_file(p, light=True, skip_assessments=skip) for p in args.rubrics]
    lang = _checked_language(args, reports)
    if args.previous is not None:
        if args.assessments:
            _usage(err, args, msg("tiercert check: --previous checks rubrics, not --assessments"))
            return EXIT_USAGE
        from .migrate import with_lineage

        try:
            reports = with_lineage(args.previous, reports)
        except ProblemsError as exc:
            return _refused(exc.problems, out, err, as_json=args.format == "json", lang=lang)
    if args.format == "json":
        out.write(_json([_report_json(r, args.strict, lang) for r in reports]))
    else:
        for report in reports:
            _report_problems(report.problems, out, lang)
            out.write(_summary(report, args.strict, lang) + "\n")
    if any(_unreadable(r.problems) for r in reports):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok(strict=args.strict) for r in reports) else EXIT_PROBLEMS


def _checked_language(args: argparse.Namespace, reports: Sequence[CheckReport]) -> str:
    """The language ``check`` writes in: ``--lang`` (or ``TIERCERT_LANG``), else the language
    of the rubric when one is checked, else the locale's, else English."""
    if args.lang or len(reports) != 1:
        return choose(args.lang)
    return choose(None, reports[0].declared_language)


def _summary(report: CheckReport, strict: bool, lang: str = "en") -> str:
    said = translator(lang)
    if report.skipped is not None:
        line = said.gettext("{file}: skipped ({why})")
        return visible(line.format(file=report.file, why=said.gettext(report.skipped)))
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = (
        said.pgettext("check", "valid")
        if report.ok(strict=strict)
        else said.pgettext("check", "invalid")
    )
    counts = said.gettext("{errors}, {warnings}").format(
        errors=said.ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=said.ngettext("{count} warning", "{count} warnings", warnings).format(
            count=warnings
        ),
    )
    line = said.gettext("{file}: {verdict} ({counts})").format(
        file=report.file, verdict=verdict, counts=counts
    )
    if report.spec is not None:
        n = len(report.provisional)
        line += said.ngettext(
            "; {count} provisional element", "; {count} provisional elements", n
        ).format(count=n)
    return visible(line)


def _report_json(report: CheckReport, strict: bool, lang: str = "en") -> dict[str, object]:
    import json

    problems = json.loads(problems_to_json(report.problems))
    for shown, problem in zip(problems, report.problems, strict=True):
        shown["text"] = problem.text(lang)  # the message in the reader's language
    data: dict[str, object] = {
        "file": report.file,
        "valid": report.ok(strict=strict),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "provisional": report.provisional,
        "problems": problems,
    }
    if report.skipped is not None:
        data["skipped"] = report.skipped
    return data


def _load(
    path: str, out: TextIO, err: TextIO, *, as_json: bool = False, lang: str | None = None
) -> Rubric | int:
    """The rubric, or its problems reported (in ``lang``, else in the language the rubric
    declares when it can be read, as ``check`` does) and the exit status."""
    from .rubric import load_rubric

    try:
        return load_rubric(path)
    except ProblemsError as exc:
        return _refused(exc.problems, out, err, as_json=as_json, lang=_refused_language(lang, exc))


def _refused_language(flag: str | None, exc: ProblemsError) -> str:
    """The language to report a refused rubric in: ``--lang``, ``TIERCERT_LANG``, else the
    language the rubric declares (an invalid rubric may still say ``language: vi``), else the
    locale's, else English."""
    return choose(flag, exc.language if isinstance(exc, RubricError) else None)


def _score_one(
    args: argparse.Namespace, out: TextIO, err: TextIO
) -> tuple[Rubric, Result, Any] | int:
    """Load the rubric and score the assessment named in ``args``: the rubric, the result
    and, for a file with appraisal stages, the unit's stages (else None); or the exit
    status."""
    as_json = _json_out(args)
    rubric = _load(args.rubric, out, err, as_json=as_json, lang=args.lang)
    if isinstance(rubric, int):
        return rubric
    rubric = rubric.at(args.as_of)
    from .assessment import load_assessment, version_problem

    try:
        assessment = load_assessment(args.assessment)
        strict = getattr(args, "strict_version", False)
        stale = version_problem(
            rubric,
            assessment.rubric_version,
            strict=strict,
            name=args.rubric,
            assessment=args.assessment,
        )
        if stale is not None:
            stale = assessment.locate([stale])[0]
            lang = _language(args, rubric)
            if stale.is_error:
                return _refused([stale], out, err, as_json=as_json, lang=lang)
            err.write(stale.format(lang) + "\n")
        unit = None
        # scored stage by stage (the deciding stage's result), or with the dossier it gives
        # judged by the rubric's (a missing file holds the unit off, a dossier fact's gate
        # fails): as a programme's sheet scores the same unit
        if assessment.stages or (assessment.gives_dossier and rubric.parts.dossier is not None):
            from .programme import score_assessment

            unit = score_assessment(
                rubric,
                assessment,
                missing=args.missing,
                decimal_separator=args.decimal_separator,
            )
            result = unit.result
            assert result is not None
        else:
            # one unit: the reference scores it sooner than code can be written and compiled
            # for it (the same result; docs/performance.md, cold starts)
            result = rubric.evaluate(
                assessment,
                missing=args.missing,
                engine="reference",
                decimal_separator=args.decimal_separator,
            )
    except ProblemsError as exc:
        from ._unanswered import for_people

        lang = _language(args, rubric)
        # as data, one missing answer a problem; for a person, one line an unanswered group
        told = exc.problems if as_json else for_people(exc.problems, rubric._plan)
        return _refused(told, out, err, as_json=as_json, lang=lang)
    from ._shares import share_warnings

    # a percentage typed as a share of 1 (0.72 for 72 %): scored as given, told
    shares = share_warnings(rubric.iter_nodes(), assessment.answers, result, args.decimal_separator)
    for problem in assessment.locate(shares):
        err.write(problem.format(_language(args, rubric)) + "\n")
    return rubric, result, unit


def _score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .report import render_markdown as render_scorecard_markdown
    from .report import render_text

    scored = _score_one(args, out, err)
    if isinstance(scored, int):
        return scored
    rubric, result, unit = scored
    if args.format == "json":
        out.write(json_text(result.to_json()) + "\n")
    elif args.format == "markdown":
        out.write(render_scorecard_markdown(result, rubric, lang=args.lang))
    else:
        out.write(render_text(result, rubric, lang=args.lang))
    if unit is not None and args.format != "json":  # the stages side by side
        from .stages import render_stages

        shown = "markdown" if args.format == "markdown" else "text"
        told = render_stages(unit, rubric, shown, args.lang)
        if told:  # a unit scored without stages: only what its dossier lacks, if anything
            out.write("\n" + told)
    return EXIT_OK


def _template(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .template import render_yaml_template, template_entries

    rubric = _load(args.rubric, out, err, as_json=_json_out(args), lang=args.lang)
    if isinstance(rubric, int):
        return rubric
    fmt = _output_format(args, TEMPLATE_FORMATS, "yaml")
    if fmt in ("csv", "xlsx") or args.output is not None:
        return _template_file(rubric, fmt, args, out, err)
    if fmt == "json":
        out.write(_json(template_entries(rubric, args.lang)))
    else:
        out.write(render_yaml_template(rubric, args.lang))
    return EXIT_OK


def _list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .catalog import render_json, render_text, shipped_rubrics

    try:
        rubrics = shipped_rubrics()
    except ProblemsError as exc:  # a damaged installation
        return _refused(
            exc.problems, out, err, as_json=args.format == "json", lang=choose(args.lang)
        )
    if args.format == "json":
        out.write(json_text(render_json(rubrics)))
    else:
        out.write(render_text(rubrics, choose(args.lang)))
    return EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import render_schema

    text = render_schema()
    if args.output is None:
        out.write(text)
        return EXIT_OK
    return _write_output(args.output, text, err)


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .explain import render_markdown, render_tree_text

    rubric = _load(args.rubric, out, err, lang=args.lang)
    if isinstance(rubric, int):
        return rubric
    if args.format == "markdown":
        out.write(render_markdown(rubric, args.lang, also=args.also, notes=args.notes))
    else:
        out.write(render_tree_text(rubric, args.lang, notes=args.notes))
    return EXIT_OK


# --- many units: templates as sheets, batch, printable reports -----------------------------

#: what each command can write, by the extension of the -o file name
TEMPLATE_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
TEMPLATE_FORMATS[".xlsx"] = "xlsx"
REPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
REPORT_FORMATS[".txt"] = "text"
REPORT_FORMATS[".pdf"] = "pdf"
BATCH_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}
SCHEMA_FORMATS = {".json": "json"}
DIFF_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json"}
SUMMARY_FORMATS = {".txt": "text", ".json": "json", ".md": "markdown", ".markdown": "markdown"}
SUMMARY_FORMATS.update({".html": "html", ".htm": "html"})
_OUTPUT_FORMATS = {
    "template": TEMPLATE_FORMATS,
    "report": REPORT_FORMATS,
    "batch": BATCH_FORMATS,
    "schema": SCHEMA_FORMATS,
    "diff": DIFF_FORMATS,
    "progress": {".txt": "text", ".md": "markdown", ".json": "json"},
    "recognition": {".md": "markdown", ".html": "html", ".htm": "html", ".xlsx": "xlsx"},
}


def _check_language(args: argparse.Namespace) -> None:
    """Put in ``args.lang`` the language ``--lang`` names, else ``TIERCERT_LANG`` (the
    rubric's and the locale's come after them: ``choose``), as a catalog's code (``EN``,
    ``vi_VN``: ``en``, ``vi``); refuse a language tiercert does not write in, rather than
    mixing its English words with a rubric's Vietnamese titles."""
    if not hasattr(args, "lang"):
        return
    if args.lang is not None:
        code = language_code(args.lang)
        if code is None:
            wrong = N_("--lang {value!r}: tiercert writes in vi or en: write --lang vi or en")
            raise UsageError(msg(wrong, value=args.lang))
        args.lang = code
        return
    named = os.environ.get(ENVIRONMENT, "").strip()
    if named and language_code(named) is None:
        wrong = N_("TIERCERT_LANG={value!r}: tiercert writes in vi or en: set it to vi or en")
        raise UsageError(msg(wrong, value=named))
    args.lang = language_code(named)  # (None when unset)


def _check_output_name(args: argparse.Namespace) -> None:
    """Refuse an ``-o`` name whose extension is not a format the command writes (``template
    -o card.pdf``), or says another format than ``--format``: such a file would hold something
    else than its name says.  A name without an extension (``/dev/null``) takes any format.
    The same for ``batch --summary-output`` and ``--summary``."""
    if args.command == "batch" and args.summary_output is not None:
        if args.summary == "none":
            raise UsageError(msg("tiercert batch: --summary none writes no --summary-output"))
        _check_name(args, args.summary_output, SUMMARY_FORMATS, args.summary, "--summary")
        _check_not_an_input(args, args.summary_output)
    output = getattr(args, "output", None)
    if args.command == "batch":
        _check_outputs_apart(args)
    if output is None:
        return
    _check_not_an_input(args, output)
    formats = _OUTPUT_FORMATS.get(args.command)
    if formats is not None:
        _check_name(args, output, formats, getattr(args, "format", None), "--format")


#: the options that name a file the command writes (every other file named is read)
_WRITTEN = frozenset({"output", "summary_output", "cards"})


def _check_outputs_apart(args: argparse.Namespace) -> None:
    """Refuse ``batch`` outputs that would replace one another: ``-o`` and
    ``--summary-output`` one file (through a link too), or an HTML file in the ``--cards``
    folder, whose HTML files tiercert names itself (a unit's scorecard, ``index.html``).  A
    device or a FIFO (``/dev/stdout``) is written in place, never replaced: never refused."""
    outputs = [o for o in (args.output, args.summary_output) if o is not None]
    if not outputs:
        return
    import stat

    def replaced(path: str) -> bool:  # (a device or FIFO is appended to, not replaced)
        try:
            return stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            return True  # not there yet: it is made

    where = [os.path.realpath(o) for o in outputs]
    if len(outputs) == 2 and where[0] == where[1] and replaced(outputs[0]):
        raise UsageError(
            msg(
                "tiercert batch: -o {output!r} and --summary-output {summary!r} are one file; "
                "the one written last would replace the other; name two files",
                output=outputs[0],
                summary=outputs[1],
            )
        )
    if args.cards is None:
        return
    cards = os.path.realpath(args.cards)
    for output, path in zip(outputs, where, strict=True):
        if os.path.dirname(path) == cards and _suffix(path) in {".html", ".htm"}:
            raise UsageError(
                msg(
                    "tiercert batch: {output!r} is in the folder of --cards {cards!r}, whose "
                    "HTML files tiercert names itself (the units' scorecards, index.html): one "
                    "would replace the other; name a file outside it (the folder's index.html "
                    "is the dashboard already)",
                    output=output,
                    cards=args.cards,
                )
            )


def _check_not_an_input(args: argparse.Namespace, output: str) -> None:
    """Refuse an output that is one of the files the command reads (``batch units.csv -o
    units.csv`` would replace the answers with the results), also through a link."""
    if not os.path.exists(output):
        return
    for name, given in vars(args).items():
        if name in _WRITTEN:
            continue
        for value in given if isinstance(given, list) else [given]:  # ASSESSMENT... too
            if not isinstance(value, str):
                continue
            try:
                same = os.path.samefile(value, output)
            except (OSError, ValueError):  # not a file here (a shipped rubric's id, a language)
                continue
            if same:
                raise UsageError(
                    msg(
                        "tiercert {command}: {output!r} is also the file it reads ({given!r}); "
                        "writing there would replace it; name another output file",
                        command=args.command,
                        output=output,
                        given=value,
                    )
                )


def _suffix(name: str) -> str:
    """The extension of a file name, lower case (``Path(name).suffix``; ``pathlib`` is imported
    only when a command names an output file: ``check`` never needs it)."""
    from pathlib import PurePath

    return PurePath(name).suffix.lower()


def _check_name(
    args: argparse.Namespace, output: str, formats: dict[str, str], given: str | None, flag: str
) -> None:
    suffix = _suffix(output)
    if not suffix:
        return
    named = formats.get(suffix)
    command = f"tiercert {args.command}"
    if named is None:
        kinds: dict[str, list[str]] = {}
        for extension, kind in formats.items():
            kinds.setdefault(kind, []).append(extension)
        writes = ", ".join(f"{kind} ({', '.join(ext)})" for kind, ext in kinds.items())
        raise UsageError(
            msg(
                "{command}: cannot write {output!r}: it writes {writes}; name the file with "
                "one of these extensions",
                command=command,
                output=output,
                writes=writes,
            )
        )
    if given is not None and given != named:
        raise UsageError(
            msg(
                "{command}: {output!r} names a {named} file but {flag} is {given}; name the "
                "file for {given}, or drop {flag}",
                command=command,
                output=output,
                named=named,
                flag=flag,
                given=given,
            )
        )


def _output_format(args: argparse.Namespace, formats: dict[str, str], default: str) -> str:
    """``--format``, else the format the ``-o`` name says (checked already), else ``default``."""
    if args.format is not None:
        return str(args.format)
    if args.output is not None:
        return formats.get(_suffix(args.output), default)
    return default


def _add_batch_parsers(commands: _Commands) -> None:
    batch = commands.add_parser(
        "batch",
        help=N_("score many units from a CSV, XLSX or JSON Lines file or a folder of assessments"),
    )
    batch.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    batch.add_argument(
        "input",
        metavar="INPUT",
        help=N_(
            "a .csv, .xlsx or .jsonl file, a folder of .yaml files, or - for CSV on standard input"
        ),
    )
    batch.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=N_("results as .csv, .xlsx or .jsonl (default: CSV on standard output)"),
    )
    batch.add_argument(
        "--format",
        choices=["csv", "jsonl", "xlsx"],
        help=N_("the results' format (default: from the -o file name, else csv)"),
    )
    batch.add_argument(
        "--summary",
        choices=["text", "json", "markdown", "html", "none"],
        help=N_(
            "statistics after the batch: text (default), json, markdown, html (the programme "
            "dashboard, a page) or none; to standard output with -o, else to standard error"
        ),
    )
    batch.add_argument(
        "--summary-output",
        metavar="FILE",
        help=N_("write the statistics to FILE (.txt, .json, .md, .html) instead of a stream"),
    )
    batch.add_argument(
        "--cards",
        metavar="DIR",
        help=N_(
            "write a scorecard page per unit into DIR, and the dashboard as DIR/index.html "
            "linking them"
        ),
    )
    batch.add_argument("--round", help=N_("the round shown on the dashboard and cards (e.g. 2024)"))
    batch.add_argument("--sheet", help=N_("xlsx input: the sheet to read (default: the first)"))
    batch.add_argument("--lang", help=N_("language of tier labels and titles"))
    batch.add_argument(
        "--missing",
        choices=["error", "zero"],
        help=N_("what a missing answer does (default: as the rubric says)"),
    )
    _add_as_of(batch)
    _add_decimal_comma(batch)
    batch.add_argument(
        "--strict-version",
        action="store_true",
        help=N_(
            "reject units answered against another version of the rubric (rubric_version) "
            "instead of warning"
        ),
    )
    batch.add_argument(
        "--by",
        metavar="ATTRIBUTE",
        help=N_(
            "statistics per value of a unit attribute the rubric declares (e.g. district), "
            "with its targets, instead of the summary (text, markdown or json)"
        ),
    )
    batch.add_argument(
        "--columns",
        metavar="IDS",
        help=N_(
            "the criteria with a score column, by id, comma-separated (default: the top-level "
            "criteria)"
        ),
    )
    batch.add_argument(
        "--jobs",
        metavar="N",
        help=N_(
            "score a CSV sheet written as CSV on N processes, or auto: as many as this process "
            "may use (default: 1; the output is the same)"
        ),
    )
    batch.add_argument(
        "--depth",
        type=int,
        metavar="N",
        help=N_(
            "a score column for every criterion down to N levels (1: the top level, 2: their "
            "children too)"
        ),
    )

    report = commands.add_parser(
        "report", help=N_("write a printable scorecard for one unit (Markdown, HTML or PDF)")
    )
    report.add_argument("rubric", metavar="RUBRIC", help=RUBRIC_HELP)
    report.add_argument("assessment", metavar="ASSESSMENT", help=ASSESSMENT_HELP)
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=N_("unit.md, unit.html or unit.pdf (default: Markdown on standard output)"),
    )
    report.add_argument(
        "--format",
        choices=["markdown", "html", "pdf", "text"],
        help=N_(
            "default: from the -o file name, else markdown; pdf prints the HTML page with a "
            "headless Chromium"
        ),
    )
    report.add_argument("--round", help=N_("the round shown on the card (e.g. 2024)"))
    report.add_argument("--lang", help=N_("language of titles and labels (default: the rubric's)"))
    report.add_argument(
        "--missing",
        choices=["error", "zero"],
        help=N_("what a missing answer does (default: as the rubric says)"),
    )
    _add_as_of(report)
    _add_decimal_comma(report)


def _add_decimal_comma(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--decimal-comma",
        dest="decimal_separator",
        action="store_const",
        const=",",
        default=".",
        help=N_(
            "the answers write decimals with a comma (17,5), as a Vietnamese spreadsheet "
            "saves them; a dot is then refused (default: a dot, 17.5)"
        ),
    )


def _add_as_of(parser: argparse.ArgumentParser) -> None:
    lang = getattr(parser, "lang", "en")  # a command not being run has no parser
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=lambda text: _day(text, lang),
        help=N_(
            "the day to score for (2027-01-01): future criteria that count from a date on or "
            "before it count (docs/versions.md); without it they do not"
        ),
    )


def _day(text: str, lang: str) -> date:
    """A ``--as-of`` value: an ISO date; else why not, in ``lang``."""
    day = read_date(text.strip())
    if day is None:
        _ = translator(lang).gettext
        raise argparse.ArgumentTypeError(
            _("{given!r} is not a date; write it year-month-day (2027-01-01)").format(given=text)
        )
    return day


def _language(args: argparse.Namespace, rubric: Rubric) -> str:
    """The language a command writes in for people: ``--lang`` (or ``TIERCERT_LANG``, which
    ``main`` has put there), else the rubric's, else the locale's (docs/languages.md)."""
    return choose(args.lang, rubric.parts.language)


def _usage(err: TextIO, args: argparse.Namespace, text: str) -> None:
    """Say a line for people on standard error (how a command was misused, what became of
    an output), in the language the command writes in."""
    err.write(in_lang(text, choose(getattr(args, "lang", None))) + "\n")


def _wrote(path: str, err: TextIO, lang: str) -> None:
    """Say on standard error which file was written, in ``lang``."""
    said = translator(lang).gettext("wrote {file}").format(file=visible(path))
    err.write(said + "\n")


def _write_output(path: str, text: str, err: TextIO, lang: str = "en") -> int:
    from .tabular import TableError, write_text

    try:
        write_text(path, text)
    except TableError as exc:
        _report_problems(exc.problems, err, lang)
        return EXIT_USAGE
    _wrote(path, err, lang)
    return EXIT_OK


def _template_file(
    rubric: Rubric, fmt: str, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    from .template import render_yaml_template, template_entries

    if fmt in ("yaml", "json"):
        if fmt == "json":
            text = _json(template_entries(rubric, args.lang))
        else:
            text = render_yaml_template(rubric, args.lang)
        return _write_output(args.output, text, err, _language(args, rubric))
    if fmt == "xlsx" and args.output is None:
        _usage(err, args, msg("tiercert template: an xlsx template needs a file: -o units.xlsx"))
        return EXIT_USAGE
    from .tabular import TableError
    from .template import write_template

    try:
        write_template(rubric, args.output or out, format=fmt, lang=args.lang)
    except TableError as exc:
        _report_problems(exc.problems, err, _language(args, rubric))
        return EXIT_USAGE
    if args.output is not None:
        _wrote(args.output, err, _language(args, rubric))
    return EXIT_OK


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Shown(io.TextIOBase):
    """A terminal for data: control characters in what is written are shown as escapes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._stream.write(visible_lines(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def _summary_format(args: argparse.Namespace) -> str:
    """``--summary``, else the format the ``--summary-output`` name says, else text."""
    if args.summary is not None:
        return str(args.summary)
    if args.summary_output is not None:
        return SUMMARY_FORMATS.get(_suffix(args.summary_output), "text")
    return "text"


def _batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._programme_checks import is_programme
    from ._progress import ProgressBar
    from ._unanswered import for_people
    from .batch import ResultTable, score_columns, score_rows
    from .summary import SummaryBuilder, render_summary
    from .tabular import TableError, open_writer, read_rows

    summary_format = _summary_format(args)
    # the statistics go to a file, or to standard output with -o, else to standard error; as
    # JSON on a stream, that stream holds the JSON alone, a problem that stops the batch too
    summary_out = out if args.output else err
    as_json = summary_format == "json" and args.summary_output is None
    fmt = _output_format(args, BATCH_FORMATS, "csv")
    if fmt == "xlsx" and args.output is None:
        _usage(err, args, msg("tiercert batch: xlsx results need a file: -o results.xlsx"))
        return EXIT_USAGE
    if summary_format == "html" and args.summary_output is None and args.output is None:
        said = msg(
            "tiercert batch: the dashboard is a page, not for the terminal: write it to a file "
            "with --summary-output dashboard.html (or --cards DIR)"
        )
        _usage(err, args, said)
        return EXIT_USAGE

    def stop(problems: Sequence[Problem], status: int) -> int:
        if as_json:
            summary_out.write(_json({"problems": [p.to_dict() for p in problems]}))
        else:
            _report_problems(problems, err, lang)
        return status

    rubric = _load(args.rubric, summary_out, err, as_json=as_json, lang=args.lang)
    if isinstance(rubric, int):
        return rubric
    rubric = rubric.at(args.as_of)
    lang = _language(args, rubric)
    _ = translator(lang).gettext
    if args.by is not None and args.by not in {a.id for a in rubric.spec.attributes}:
        declared = ", ".join(a.id for a in rubric.spec.attributes) or _("none")
        told = _(
            "--by {by}: the rubric declares no such unit attribute (declared: {declared}); see "
            "docs/programme.md"
        ).format(by=visible(args.by), declared=declared)
        err.write(f"tiercert batch: {told}\n")
        return EXIT_USAGE
    jobs = _jobs(args.jobs)
    if jobs is None:
        told = _("--jobs takes a whole number of processes, 1 or more, or auto; not {given}")
        err.write(f"tiercert batch: {told.format(given=visible(args.jobs))}\n")
        return EXIT_USAGE
    try:
        ids = [i.strip() for i in args.columns.split(",") if i.strip()] if args.columns else None
        scores = score_columns(rubric, ids=ids, depth=args.depth)
    except DataError as exc:
        err.write(f"tiercert batch: {exc.problems[0].text(lang)}\n")
        return EXIT_USAGE
    try:
        wanted = args.cards is not None or summary_format == "html"
        pages = _Pages(args, rubric) if wanted else None  # (makes the cards' folder)
        from ._version_check import VersionCheck

        versions = VersionCheck(
            read_rows(args.input, sheet=args.sheet),
            rubric,
            strict=args.strict_version,
            name=args.rubric,
            source=args.input,
        )
        rows = versions
    except TableError as exc:
        return stop(exc.problems, EXIT_USAGE)
    units = None  # a programme's units: attributes, stages, dossier (docs/programme.md)
    if is_programme(rubric):  # (programme and grouping are imported only when needed)
        from ._programme_checks import Peeked, carries_programme

        try:
            peeked = Peeked(rows)
        except TableError as exc:
            rows.close()
            return stop(exc.problems, EXIT_USAGE)
        if args.by is not None or carries_programme(rubric, peeked.first):
            from .programme import ProgrammeTable

            units = ProgrammeTable(rubric, lang=args.lang)
        rows = cast(Any, peeked)
    # made before the output file, so that a signal between the two leaves no temporary file
    try:
        # no summary shown: the status needs only the rows rejected (see below), so the rows
        # are counted, not what each scored
        shown = not (summary_format == "none" and units is None and pages is None)
        tally = SummaryBuilder(rubric, lang=args.lang, counting=shown)
        groups = None
        if args.by is not None:
            from .grouping import GroupBuilder

            groups = GroupBuilder(rubric, args.by, lang=args.lang)
        lacking: list[Any] = []  # a programme's units scored with an incomplete dossier
        rounds: list[Any] = []  # and what its targets are counted from (see period_targets)
        progress = ProgressBar(err, lambda: rows.fraction, lang=lang)
        # row problems are in the results too; on the stream of a JSON summary they would spoil it
        tell = not (as_json and summary_out is err)
        left = msg("; {file} was left as it was", file=visible(args.output)) if args.output else ""
        # with nothing but the tally to feed, score_rows counts (and may score CSV rows in bulk)
        counting = units is None and groups is None and pages is None
        # the compiled scorers carry the rubric's fingerprint, whose dump builds pydantic-core's
        # serializer the first time: a signal inside that build is an internal error, not a
        # clean stop, so it is made here, before the output file exists
        rubric.fingerprint  # noqa: B018
    except BaseException:  # Ctrl+C, SIGTERM
        rows.close()
        raise
    try:
        # results shown on a terminal are read, not parsed: nothing in them may act on it
        target = args.output or (cast(TextIO, _Shown(out)) if _is_terminal(out) else out)
        if units is not None and (args.columns or args.depth is not None):
            rows.close()
            told = _(
                "--columns and --depth are not available for a programme's units (stages, "
                "attributes, dossier) yet; leave them out"
            )
            err.write(f"tiercert batch: {told}\n")
            return EXIT_USAGE
        header = (
            units.columns if units else ResultTable(rubric, lang=args.lang, scores=scores).columns
        )
        # an XLSX output's sheet named in the reader's language, as the template's are
        sheet = translator(lang).pgettext("sheet name", "results")
        writer = open_writer(target, header, format=fmt, sheet=sheet)
    except TableError as exc:
        rows.close()
        return stop(exc.problems, EXIT_USAGE)
    except KeyboardInterrupt as exc:  # while the writer started: it gave its file up itself
        rows.close()
        err.write(f"tiercert: {in_lang(_stopped(exc), lang)}{in_lang(left, lang)}\n")
        return _stop_status(exc)
    try:
        with writer:
            if units is not None:
                from .grouping import line_of
                from .programme import score_units
            outcomes: Iterator[Any] = (
                score_units(
                    rubric,
                    rows,
                    writer,
                    units,
                    missing=args.missing,
                    decimal_separator=args.decimal_separator,
                )
                if units is not None
                else score_rows(
                    rubric,
                    rows,
                    writer,
                    lang=args.lang,
                    missing=args.missing,
                    scores=scores,
                    tally=tally if counting else None,
                    on_rows=progress.add,
                    jobs=jobs,
                    on_alone=lambda why: progress.above(_told(why, lang)),
                    decimal_separator=args.decimal_separator,
                )
            )
            for outcome in outcomes:
                if outcome.problems and tell:  # one line an unanswered group
                    people = for_people(outcome.problems, rubric._plan)
                    progress.above("".join(p.format(lang) + "\n" for p in people))
                if not counting:
                    tally.add(outcome)
                if groups is not None:
                    groups.add(outcome)
                if units is not None:
                    rounds.append(line_of(outcome, rubric))
                if (
                    units is not None
                    and outcome.ok
                    and (outcome.missing_documents or outcome.missing_evidence)
                ):
                    lacking.append(outcome)
                if pages is not None:
                    pages.add(outcome)
                progress.update(outcome)
    except TableError as exc:
        progress.finish()
        status = stop(exc.problems, EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS)
        if args.output and not any(p.code == "file.unwritable" for p in exc.problems):
            # in the run's language (the rubric's, without --lang), as the problems above
            kept = msg("tiercert: {file} was left as it was", file=visible(args.output))
            err.write(in_lang(kept, lang) + "\n")
        return status
    except KeyboardInterrupt as exc:
        progress.finish()
        err.write(f"tiercert: {in_lang(_stopped(exc), lang)}{in_lang(left, lang)}\n")
        return _stop_status(exc)
    finally:
        rows.close()
    progress.finish()
    stale = versions.warning()
    if stale is not None:
        err.write(stale.format(lang) + "\n")
    if summary_format == "none" and units is None and pages is None:
        # no summary shown: the status needs only the rows rejected (the summary's median
        # and distribution of thousands of distinct totals are not worked out for nothing)
        return EXIT_PROBLEMS if tally.rejected or tally.not_units else EXIT_OK
    summary = tally.summary()
    if units is not None:  # a programme's targets are about the units of their period
        from .grouping import period_targets

        summary = period_targets(summary, rounds, rubric, args.lang)
    if pages is not None and args.cards:
        try:
            index = pages.finish(summary)
        except TableError as exc:
            return stop(exc.problems, EXIT_USAGE)
        said = translator(lang).gettext("wrote {count} scorecards and {index}")
        err.write(said.format(count=pages.written, index=visible(str(index))) + "\n")
    if summary_format != "none":
        if summary_format == "html":
            assert pages is not None
            text = pages.dashboard(
                summary, args.summary_output, grouped=groups.grouped() if groups else None
            )
        elif groups is not None:
            from .grouping import render_grouped

            text = render_grouped(groups.grouped(), summary_format, args.lang)
        else:
            text = render_summary(summary, summary_format, lang)
            if lacking and summary_format in ("text", "markdown"):
                from .programme import dossier_line

                text += dossier_line(lacking, rubric, args.lang, summary_format)
        if args.summary_output is not None:
            if _write_output(args.summary_output, text, err, lang) != EXIT_OK:
                return EXIT_USAGE
        else:
            summary_out.write(json_text(text) if as_json else text)
    return EXIT_PROBLEMS if summary.rejected or summary.not_units else EXIT_OK


def _told(why: str, lang: str) -> str:
    """A notice of ``tiercert batch`` (a catalog message) as its error output says it."""
    return f"tiercert batch: {in_lang(why, lang)}\n"


def _jobs(given: str | None) -> int | None:
    """The processes ``--jobs`` asks for (1 when not given), None when it is not a whole
    number of 1 or more or ``auto`` (the processors this process may use)."""
    if given is None:
        return 1
    text = given.strip()
    if text.lower() == "auto":
        from ._parallel import available_cpus

        return available_cpus()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        return None
    return int(text)


class _Pages:
    """What ``batch`` writes as pages: the units for the dashboard and, with ``--cards``,
    a scorecard per unit and the folder's index."""

    def __init__(self, args: argparse.Namespace, rubric: Rubric) -> None:
        from ._pages import today
        from .dashboard import CardFolder, UnitList

        self.args = args
        self.rubric = rubric
        self.date = today()
        self.units = UnitList(rubric, lang=args.lang)
        self.cards = None
        if args.cards is not None:
            self.cards = CardFolder(
                args.cards, rubric, lang=args.lang, round=args.round, date=self.date
            )
            self.cards.open()
        self.written = 0

    def add(self, outcome: Any) -> None:
        card = self.cards.add(outcome) if self.cards is not None else None
        self.units.add(outcome, card)
        self.written = self.cards.written if self.cards is not None else 0

    def dashboard(
        self, summary: Any, path: str | None, *, index: bool = False, grouped: Any = None
    ) -> str:
        """The dashboard page: as the cards' ``index`` (linking them), written to ``path``
        (linking the cards from there), or for a stream (``path`` None: no links); with the
        statistics by group of ``grouped`` (``--by``)."""
        from .dashboard import render_dashboard

        prefix = None
        if self.cards is not None and index:
            prefix = ""
        elif self.cards is not None and path is not None:
            folder = os.path.dirname(os.path.abspath(path))
            from pathlib import Path

            prefix = Path(os.path.relpath(self.cards.folder.resolve(), folder)).as_posix() + "/"
        return render_dashboard(
            summary,
            self.rubric,
            self.units,
            lang=self.args.lang,
            round=self.args.round,
            date=self.date,
            card_prefix=prefix,
            breakdowns=(
                {grouped.title or grouped.attribute: {g.value: g.summary for g in grouped.groups}}
                if grouped is not None
                else None
            ),
        )

    def finish(self, summary: Any) -> Path:
        assert self.cards is not None
        return self.cards.finish(self.dashboard(summary, None, index=True))


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .report import render_html, render_text
    from .report import render_markdown as render_scorecard_markdown

    scored = _score_one(args, out, err)
    if isinstance(scored, int):
        return scored
    rubric, result, unit = scored
    fmt = _output_format(args, REPORT_FORMATS, "markdown")
    lang = _language(args, rubric)
    if fmt in ("pdf", "html"):
        from .programme import dossier_lacks, stage_pairs

        stages = stage_pairs(unit, rubric, lang) if unit is not None else ()
        lacks = dossier_lacks(unit, rubric, lang) if unit is not None else ()
        page = render_html(result, rubric, lang=lang, round=args.round, stages=stages, lacks=lacks)
        if fmt == "pdf":
            return _report_pdf(page, args, err, lang)
        text = page
    else:
        if fmt == "text":
            text = render_text(result, rubric, lang=args.lang)
        else:
            text = render_scorecard_markdown(result, rubric, lang=args.lang)
        if unit is not None:  # the stages side by side, as the page and `score` show them
            from .stages import render_stages

            told = render_stages(unit, rubric, fmt, args.lang)
            text += "\n" + told if told else ""
    if args.output is None:
        out.write(text)
        return EXIT_OK
    return _write_output(args.output, text, err, lang)


def _report_pdf(page: str, args: argparse.Namespace, err: TextIO, lang: str) -> int:
    from ._browser import print_pdf
    from .tabular import TableError

    if args.output is None:
        _usage(err, args, msg("tiercert report: a PDF needs a file: -o card.pdf"))
        return EXIT_USAGE
    try:
        print_pdf(page, args.output)
    except TableError as exc:
        _report_problems(exc.problems, err, lang)
        return EXIT_USAGE
    _wrote(args.output, err, lang)
    return EXIT_OK


# --- two rubrics compared -------------------------------------------------------------------


def _add_diff_parser(commands: _Commands) -> None:
    diff = commands.add_parser(
        "diff",
        help=N_(
            "compare two rubrics by id (criteria, points, rules, gates, tiers...); with "
            "--impact, score units under both and report who changes"
        ),
    )
    diff.add_argument(
        "old", metavar="OLD", help=msg("the old rubric: {rubric}", rubric=RUBRIC_HELP)
    )
    diff.add_argument(
        "new", metavar="NEW", help=msg("the new rubric: {rubric}", rubric=RUBRIC_HELP)
    )
    diff.add_argument(
        "--impact",
        metavar="UNITS",
        help=N_(
            "a .csv, .xlsx or .jsonl file or a folder of .yaml assessments: score every unit "
            "under both rubrics and report who changes"
        ),
    )
    diff.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        help=N_("default: from the -o file name, else text"),
    )
    diff.add_argument("-o", "--output", metavar="FILE", help=N_("write to FILE (.txt, .md, .json)"))
    diff.add_argument("--lang", help=N_("language of titles, the other shown beside them"))
    diff.add_argument(
        "--force",
        action="store_true",
        help=N_(
            "compare rubrics that look like different schemes (other ids, few criteria in common)"
        ),
    )
    diff.add_argument("--sheet", help=N_("--impact with an xlsx file: the sheet to read"))
    diff.add_argument(
        "--missing",
        choices=["error", "zero"],
        help=N_("--impact: what a missing answer does (default: as each rubric says)"),
    )
    _add_as_of(diff)
    _add_decimal_comma(diff)


def _add_programme_parsers(commands: _Commands) -> None:
    progress = commands.add_parser(
        "progress",
        help=N_("compare a programme's rounds from the outputs of its batches (targets, tiers)"),
    )
    progress.add_argument(
        "results", metavar="RESULTS", nargs="+", help=N_("batch outputs (.csv, .xlsx, .jsonl)")
    )
    progress.add_argument(
        "--rubric", metavar="RUBRIC", help=N_("the rubric (default: the one the results name)")
    )
    progress.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        help=N_("text, markdown or json (default: from the -o file name, else text)"),
    )
    progress.add_argument(
        "-o", "--output", metavar="FILE", help=N_("write to FILE (.txt, .md, .json)")
    )
    progress.add_argument("--lang", help=N_("language of the report (en or vi)"))

    recognition = commands.add_parser(
        "recognition",
        help=N_("the units to propose for recognition, from the outputs of a programme's batches"),
    )
    recognition.add_argument(
        "results", metavar="RESULTS", nargs="+", help=N_("batch outputs (.csv, .xlsx, .jsonl)")
    )
    recognition.add_argument(
        "--rubric", metavar="RUBRIC", help=N_("the rubric (default: the one the results name)")
    )
    recognition.add_argument("--round", help=N_("only the units of this round (e.g. 2024)"))
    recognition.add_argument(
        "--format",
        choices=["markdown", "html", "xlsx"],
        help=N_("markdown, html or xlsx (default: from the -o file name, else markdown)"),
    )
    recognition.add_argument(
        "-o", "--output", metavar="FILE", help=N_("write to FILE (.md, .html, .xlsx)")
    )
    recognition.add_argument("--lang", help=N_("language of the list (default: the rubric's)"))


PROGRESS_FORMATS = _OUTPUT_FORMATS["progress"]
RECOGNITION_FORMATS = _OUTPUT_FORMATS["recognition"]


def _rubric_named_by_results(results: str, ident: str) -> str | None:
    """The rubric a results file's ``rubric_id`` names: a file ``ID.yaml`` (or ``.yml``) in
    its folder or one above it (up to the current one), else the shipped rubric (as ``check
    --assessments`` finds an assessment's); an existing path as before; None for neither."""
    import re
    from pathlib import Path

    from .assessment_check import _named_rubric

    if re.fullmatch(r"[\w.-]+", ident) and ident not in (".", ".."):
        found = _named_rubric(Path(results), ident)
        if found is not None:
            return found
    return ident if os.path.isfile(ident) else None


def _round_lines(args: argparse.Namespace, err: TextIO) -> tuple[Rubric, list[Any]] | int:
    """The rubric and the units of the result files of ``args``, or the exit status."""
    from .progress import NEEDED, not_a_programme_output, read_round_files
    from .tabular import TableError, read_rows

    name = args.rubric
    if name is None:  # the rubric the first row of the first file names
        try:
            rows = read_rows(args.results[0])
            first = next(rows, None)
            rows.close()
        except TableError as exc:
            _report_problems(exc.problems, err, choose(args.lang))
            return EXIT_USAGE
        record = (first.document or first.values) if first is not None else {}
        name = record.get("rubric_id") if record else None
        lacking = [c for c in NEEDED if c not in record] if record else []
        if any(c != "rubric_id" for c in lacking):  # not a programme batch's output at all:
            # say so, rather than ask for the rubric, which would only lead here again
            problem = not_a_programme_output(args.results[0], lacking)
            _report_problems([problem], err, choose(args.lang))
            return EXIT_USAGE
        if not isinstance(name, str) or not name:
            said = msg(
                "tiercert {command}: {file} names no rubric (no rubric_id column); give it "
                "with --rubric",
                command=args.command,
                file=visible(args.results[0]),
            )
            _usage(err, args, said)
            return EXIT_USAGE
        found = _rubric_named_by_results(args.results[0], name)
        if found is None:
            said = msg(
                "tiercert {command}: {file} was scored with the rubric {rubric!r}, which is "
                "neither shipped with tiercert nor a file {rubric}.yaml beside it; give its "
                "file with --rubric FILE",
                command=args.command,
                file=visible(args.results[0]),
                rubric=visible(name),
            )
            _usage(err, args, said)
            return EXIT_USAGE
        name = found
    rubric = _load(name, err, err, lang=args.lang)
    if isinstance(rubric, int):
        return rubric
    try:
        return rubric, list(read_round_files(args.results, rubric))
    except TableError as exc:
        _report_problems(exc.problems, err, _language(args, rubric))
        return EXIT_USAGE


def _progress(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .progress import compare_rounds, render_progress

    loaded = _round_lines(args, err)
    if isinstance(loaded, int):
        return loaded
    rubric, lines = loaded
    progress = compare_rounds(lines, rubric, lang=args.lang)
    _report_problems(progress.problems, err, _language(args, rubric))
    text = render_progress(progress, _output_format(args, PROGRESS_FORMATS, "text"), args.lang)
    if args.output is not None:
        if _write_output(args.output, text, err, _language(args, rubric)) != EXIT_OK:
            return EXIT_USAGE
    else:
        out.write(text)
    return EXIT_PROBLEMS if progress.problems else EXIT_OK


def _recognition(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .recognition import recognition_list, render_html, render_markdown, write_xlsx
    from .tabular import TableError

    fmt = _output_format(args, RECOGNITION_FORMATS, "markdown")
    if fmt == "xlsx" and args.output is None:
        _usage(err, args, msg("tiercert recognition: an xlsx list needs a file: -o list.xlsx"))
        return EXIT_USAGE
    loaded = _round_lines(args, err)
    if isinstance(loaded, int):
        return loaded
    rubric, lines = loaded
    listing = recognition_list(
        (line for line, _ in lines), rubric, round=args.round, lang=args.lang
    )
    if fmt == "xlsx":
        try:
            write_xlsx(listing, args.output)
        except TableError as exc:
            _report_problems(exc.problems, err, _language(args, rubric))
            return EXIT_USAGE
        _wrote(args.output, err, _language(args, rubric))
        return EXIT_OK
    text = render_html(listing) if fmt == "html" else render_markdown(listing)
    if args.output is not None:
        return _write_output(args.output, text, err, _language(args, rubric))
    out.write(text)
    return EXIT_OK


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 when the rubrics are the same, 1 when they differ, 2 for a problem."""
    from .diff import compare_files
    from .impact import Format, render_comparison, score_impact
    from .tabular import TableError, read_rows

    fmt = cast("Format", _output_format(args, DIFF_FORMATS, "text"))
    as_json = fmt == "json" and args.output is None
    if args.impact is None and (
        args.sheet is not None or args.missing is not None or args.decimal_separator != "."
    ):
        _usage(
            err,
            args,
            msg("tiercert diff: --sheet, --missing and --decimal-comma go with --impact"),
        )
        return EXIT_USAGE
    declared: str | None = None  # the new rubric's language, once it is read
    try:
        diff, old, new = compare_files(args.old, args.new, force=args.force, as_of=args.as_of)
        declared = new.spec.language
        impact = None
        if args.impact is not None:
            rows = read_rows(args.impact, sheet=args.sheet)
            words = choose(args.lang, new.spec.language)
            impact = score_impact(
                old,
                new,
                rows,
                missing=args.missing,
                lang=words,
                decimal_separator=args.decimal_separator,
            )
            unscored = impact.problem(args.impact)
            if unscored is not None:
                raise TableError(unscored)
    except ProblemsError as exc:
        known = exc.language if isinstance(exc, RubricError) else declared
        _refused(exc.problems, out, err, as_json=as_json, lang=choose(args.lang, known))
        return EXIT_USAGE
    text = render_comparison(diff, impact, fmt, lang=args.lang, source=args.impact)
    if args.output is None:
        out.write(text)
    elif _write_output(args.output, text, err, choose(args.lang, declared)) != EXIT_OK:
        return EXIT_USAGE
    return EXIT_OK if diff.same else EXIT_PROBLEMS


# --- answers carried to a new version -------------------------------------------------------


def _add_migrate_parser(commands: _Commands) -> None:
    migrate = commands.add_parser(
        "migrate",
        help=N_(
            "carry assessments to a new version of their rubric where that is sound, and "
            "list per unit what must be answered anew"
        ),
    )
    migrate.add_argument(
        "old", metavar="OLD", help=msg("the version answered: {rubric}", rubric=RUBRIC_HELP)
    )
    migrate.add_argument(
        "new", metavar="NEW", help=msg("the new version: {rubric}", rubric=RUBRIC_HELP)
    )
    migrate.add_argument(
        "inputs",
        nargs="+",
        metavar="ASSESSMENT",
        help=N_("assessment files (.yaml), a folder of them, or one .csv, .xlsx or .jsonl sheet"),
    )
    migrate.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=N_(
            "write the migrated assessments: a .yaml file (one input file), a folder "
            "(several files, or a folder), or a .csv, .xlsx or .jsonl sheet (a sheet); without "
            "it, only the report is printed"
        ),
    )
    migrate.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=N_("the report: text (default) or json"),
    )
    migrate.add_argument(
        "--lang", help=N_("language of the report and its messages (default: the new rubric's)")
    )
    migrate.add_argument("--sheet", help=N_("xlsx input: the sheet to read (default: the first)"))


def _migrate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 when every answer carried, 1 when some units must answer criteria anew, 2 for a
    problem (a rubric, a declaration, an input or a unit that cannot be read)."""
    from .migrate import (
        load_plan,
        migrate_rows,
        read_units,
        render_json,
        render_text,
        write_migration,
    )

    as_json = args.format == "json"
    lang: str | None = None  # the new rubric's language, once it is read
    try:
        plan = load_plan(args.old, args.new)
        lang = choose(args.lang, plan.new.spec.language)
        if plan.errors:
            _refused(plan.problems, out, err, as_json=as_json, lang=lang)
            return EXIT_USAGE
        count = len(args.inputs)
        source = args.inputs[0] if count == 1 else msg("{count} files", count=count)
        migration = migrate_rows(plan, read_units(args.inputs, sheet=args.sheet), source)
        written = write_migration(migration, args.output, lang) if args.output is not None else []
    except ProblemsError as exc:
        known = lang or _refused_language(args.lang, exc)
        _refused(exc.problems, out, err, as_json=as_json, lang=known)
        return EXIT_USAGE
    out.write(render_json(migration) if as_json else render_text(migration, lang))
    for name in written:
        _wrote(name, err, lang)
    return migration.status


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "check": _check,
    "list": _list,
    "score": _score,
    "template": _template,
    "explain": _explain,
    "batch": _batch,
    "report": _report,
    "schema": _schema,
    "diff": _diff,
    "migrate": _migrate,
    "progress": _progress,
    "recognition": _recognition,
}
