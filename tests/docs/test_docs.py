"""Every example in docs/**/*.md and README.md runs, so the documentation cannot drift.

The conventions (also in docs/index.md, "Writing documentation"):

- a ```yaml block whose top level has ``format:`` is a full rubric and must pass
  ``tiercert check --strict``, unless the line just above the fence is ``<!-- invalid -->``:
  then it is a rubric that must *fail* (even one that is not valid YAML), and
  ``<!-- invalid: band.gap ref.unknown -->`` also names problem codes that must be among those
  reported;
- every other ```yaml block must load with tiercert's YAML reader, and one whose top level has
  ``answers:`` must be a well-formed assessment;
- ``<!-- file: NAME -->`` above a ```yaml or ```csv block saves it as NAME for the page's
  commands;
- ``<!-- output of: tiercert ARGS -->`` (optionally ending ``(exit N)``) above a ```text block:
  the command is run in a scratch folder holding the page's saved files (and the repository's
  ``rubrics/``, ``examples/``, ``docs/`` and ``schema/``) and must print exactly the block;
- ```python blocks run in order, one namespace per page, in the repository root.

Comment lines directly above a fence (one or more) are the block's markers.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import tempfile
import textwrap
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT
from tiercert import AssessmentError, parse_assessment
from tiercert._yaml import load_document
from tiercert.cli import main
from tiercert.rubric import check_source

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_MARKER = re.compile(r"^\s*<!--\s*(?P<body>.*?)\s*-->\s*$")
_OUTPUT = re.compile(r"^output of:\s*(?P<command>.+?)(?:\s*\(exit (?P<status>\d+)\))?$")
_LINKED = ("rubrics", "examples", "docs", "schema")
#: the blocks ``<!-- file: NAME -->`` may save for a page's commands
_SAVED = ("yaml", "yml", "csv")


@dataclass
class Block:
    """One fenced code block: its language, text, 1-based line and the markers above it."""

    lang: str
    text: str
    line: int
    markers: list[str] = field(default_factory=list)

    def marker(self, name: str) -> str | None:
        for marker in self.markers:
            if marker == name:
                return ""
            if marker.startswith(name + ":"):
                return marker[len(name) + 1 :].strip()
        return None


def parse_blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order (indented fences included)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        markers: list[str] = []
        j = i - 1
        while j >= 0 and (marker := _MARKER.match(lines[j])):
            markers.insert(0, marker["body"])
            j -= 1
        body: list[str] = []
        k = i + 1
        while k < len(lines):
            close = _FENCE.match(lines[k])
            if (
                close
                and close["fence"][0] == fence[0]
                and len(close["fence"]) >= len(fence)
                and not close["info"].strip()
            ):
                break
            body.append(_dedent(lines[k], indent))
            k += 1
        lang = match["info"].strip().split(" ")[0].lower() if match["info"].strip() else ""
        blocks.append(Block(lang, "\n".join(body) + "\n", i + 1, markers))
        i = k + 1
    return blocks


def _dedent(line: str, indent: int) -> str:
    """``line`` without the fence's indentation (a list item's code block is indented)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


class _Page:
    """Runs one page's blocks in order and collects every failure with its line."""

    def __init__(self, path: Path, scratch: Path) -> None:
        self.path = path
        self.name = path.relative_to(ROOT).as_posix()
        self.scratch = scratch
        self.namespace: dict[str, object] = {"__name__": f"docs:{self.name}"}
        self.python_broken = False
        self.failures: list[str] = []
        for name in _LINKED:
            if (ROOT / name).exists():
                (scratch / name).symlink_to(ROOT / name, target_is_directory=True)

    def fail(self, block: Block, message: str) -> None:
        self.failures.append(f"{self.name}:{block.line}: {message}")

    def run(self, block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
        if block.lang in ("yaml", "yml"):
            self.yaml(block)
        elif block.lang == "python":
            self.python(block, monkeypatch)
        elif block.lang == "text" and block.marker("output of") is not None:
            self.output(block, monkeypatch)
        elif block.lang in _SAVED and block.marker("file"):
            (self.scratch / str(block.marker("file"))).write_text(block.text, encoding="utf-8")

    def yaml(self, block: Block) -> None:
        saved = block.marker("file")
        if saved:
            (self.scratch / saved).write_text(block.text, encoding="utf-8")
        invalid = block.marker("invalid")
        document = load_document(block.text, file=f"{self.name}:{block.line}")
        errors = [p.format() for p in document.problems if p.is_error]
        if errors and invalid is None:
            self.fail(block, "the YAML does not load: " + "; ".join(errors))
            return
        data = document.data
        if invalid is not None or (isinstance(data, dict) and "format" in data):
            report = check_source(block.text, file="rubric.yaml")
            found = {p.code for p in report.problems}
            if invalid is None and not report.ok(strict=True):
                problems = "\n  ".join(p.format() for p in report.problems)
                self.fail(block, f"this rubric does not pass check --strict:\n  {problems}")
            elif invalid is not None and report.ok(strict=True):
                self.fail(block, "marked <!-- invalid --> but check --strict finds no problem")
            elif invalid:
                missing = sorted(set(invalid.split()) - found)
                if missing:
                    self.fail(block, f"expected the codes {missing}, check found {sorted(found)}")
        elif isinstance(data, dict) and "answers" in data:
            try:
                parse_assessment(block.text)
            except AssessmentError as exc:
                self.fail(block, "not a valid assessment: " + str(exc))

    def python(self, block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
        if self.python_broken:
            return  # later blocks build on earlier ones: one failure is enough
        monkeypatch.chdir(ROOT)
        try:
            code = compile(block.text, f"{self.name}:{block.line}", "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, self.namespace)
        except Exception as exc:
            self.python_broken = True
            where = block.line + _failing_line(exc, f"{self.name}:{block.line}")
            self.failures.append(
                f"{self.name}:{where}: the Python example raised {type(exc).__name__}: {exc}"
            )

    def output(self, block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
        match = _OUTPUT.match(next(m for m in block.markers if m.startswith("output of")))
        if match is None:
            self.fail(block, "write the marker as <!-- output of: tiercert ARGS [(exit N)] -->")
            return
        argv = shlex.split(match["command"])
        if argv[:1] != ["tiercert"]:
            self.fail(block, "only 'tiercert ...' commands can be shown with their output")
            return
        monkeypatch.chdir(self.scratch)
        out = io.StringIO()
        status = main(argv[1:], stdout=out, stderr=out)
        expected = int(match["status"] or 0)
        if status != expected:
            self.fail(block, f"{match['command']!r} exited {status}, the page says {expected}")
        shown = _normalise(block.text)
        actual = _normalise(out.getvalue())
        if shown != actual:
            self.fail(
                block,
                f"{match['command']!r} prints something else now; run 'python "
                "tools/regen.py' (or tools/refresh_doc_outputs.py for this page) or replace the "
                "block with:\n" + textwrap.indent(actual, "    "),
            )


def _failing_line(exc: BaseException, filename: str) -> int:
    """The line of the block (1 = the first code line) where ``exc`` was raised."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return exc.lineno or 0
    found = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            found = frame.lineno or 0
    return found


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_examples_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _Page(path, tmp_path)
    for block in parse_blocks(path.read_text(encoding="utf-8")):
        page.run(block, monkeypatch)
    assert not page.failures, "\n".join(page.failures)


# The modules whose problem codes rubric authors and assessors meet (batch, report and other
# commands document their own codes on their pages).
_CORE = (
    "_yaml",
    "_programme_checks",
    "_validate",
    "checks",
    "checking",
    "rubric",
    "assessment",
    "_reference",
    "errors",
    "model",
    "migrate",
)
_CODE = re.compile(
    r'(?:Problem|_error|_warning|fatal|_problem|problem_of)\(\s*"([a-z_]+\.[a-z_]+)"'
    r'|code = "([a-z_]+\.[a-z_]+)"|custom_error_type="([a-z_]+\.[a-z_]+)"'
)


def test_every_problem_code_is_documented() -> None:
    source = ROOT / "src" / "tiercert"
    modules = [source / f"{module}.py" for module in _CORE]
    for package in ("rules", "aggregates", "conditions"):  # and every kind's own checks
        modules += sorted((source / package).glob("*.py"))
    codes = {
        next(group for group in match.groups() if group)
        for module in modules
        for match in _CODE.finditer(module.read_text(encoding="utf-8"))
    }
    assert len(codes) > 50  # the pattern still finds the codes
    docs = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    undocumented = sorted(code for code in codes if f"`{code}`" not in docs)
    assert undocumented == [], "explain these codes in docs/authoring.md or docs/assessments.md"


def _sections(text: str) -> dict[str, str]:
    """The ``## heading`` sections of a page, by heading."""
    parts = re.split(r"(?m)^## ", text)
    return {part.split("\n", 1)[0].strip(): part for part in parts[1:]}


def test_the_cli_reference_covers_every_command_and_option() -> None:
    import argparse

    from tiercert.cli import build_parser

    sections = _sections((ROOT / "docs" / "cli.md").read_text(encoding="utf-8"))
    commands = next(
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    missing = []
    for name, parser in commands.choices.items():
        section = sections.get(name)
        if section is None:
            missing.append(f"a '## {name}' section")
            continue
        for action in parser._actions:
            words = action.option_strings or [str(action.metavar or action.dest).upper()]
            missing += [
                f"{name} {w}" for w in words if w != "-h" and w != "--help" and w not in section
            ]
            missing += [
                f"{name} {action.option_strings[-1]} {choice}"
                for choice in action.choices or []
                if action.option_strings and str(choice) not in section
            ]
    assert missing == [], "document these in docs/cli.md"


def test_the_api_reference_covers_every_public_name() -> None:
    import tiercert

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"(?m)^#{2,4} `?([A-Za-z_][\w.]*)", text))
    missing = sorted(name for name in tiercert.__all__ if name not in headings)
    assert missing == [], "give each name of tiercert.__all__ a heading in docs/api.md"


_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as '-'."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^```.*?^```", "", text)  # headings inside examples do not count
    return {_slug(h) for h in re.findall(r"(?m)^#{1,6} (.+)$", text)}


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_between_pages_resolve(path: Path) -> None:
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text(encoding="utf-8"))
    broken = []
    for match in _LINK.finditer(text):
        target = match["target"]
        if re.match(r"^[a-z]+:", target):
            continue  # a web address
        file, _, anchor = target.partition("#")
        page = (path.parent / file).resolve() if file else path
        if not page.exists():
            broken.append(target)
        elif anchor and page.suffix == ".md" and anchor not in _anchors(page):
            broken.append(target)
    assert broken == [], f"{path.relative_to(ROOT)}: links to nothing: {broken}"


# --- the test's own conventions ---------------------------------------------------------------


def test_blocks_are_found_with_their_markers_and_lines() -> None:
    text = textwrap.dedent(
        """\
        Intro.

        <!-- file: r.yaml -->
        <!-- invalid: band.gap -->
        ```yaml
        format: 1
        ```

        - a list item:

          ```python
          x = 1
          ```

        ````markdown
        ```yaml
        not: closed here
        ```
        ````
        """
    )
    blocks = parse_blocks(text)
    assert [(b.lang, b.line) for b in blocks] == [("yaml", 5), ("python", 11), ("markdown", 15)]
    assert blocks[0].markers == ["file: r.yaml", "invalid: band.gap"]
    assert blocks[0].marker("file") == "r.yaml"
    assert blocks[0].marker("invalid") == "band.gap"
    assert blocks[0].text == "format: 1\n"
    assert blocks[1].text == "x = 1\n"
    assert blocks[1].markers == []
    assert "not: closed here" in blocks[2].text


def _run_page(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    page_file = ROOT / "docs" / "_probe.md"  # only its name is used
    scratch = Path(tempfile.mkdtemp(dir=tmp_path))
    page = _Page(page_file, scratch)
    for block in parse_blocks(textwrap.dedent(text)):
        page.run(block, monkeypatch)
    return page.failures


RUBRIC = """\
    ```yaml
    format: 1
    id: probe
    version: "1"
    title: Probe
    criteria:
      - {id: a, title: A, rule: {kind: boolean, points: 1}}
    tiers: []
    ```
"""


def test_a_clean_rubric_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run_page(RUBRIC, tmp_path, monkeypatch) == []


def test_a_broken_rubric_fails_unless_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = RUBRIC.replace("points: 1", "points: -1")
    (failure,) = _run_page(broken, tmp_path, monkeypatch)
    assert failure.startswith("docs/_probe.md:1: this rubric does not pass")
    assert "[points.negative]" in failure
    marked = "    <!-- invalid: points.negative -->\n" + broken
    assert _run_page(marked, tmp_path, monkeypatch) == []
    wrong_code = "    <!-- invalid: band.gap -->\n" + broken
    assert "expected the codes ['band.gap']" in _run_page(wrong_code, tmp_path, monkeypatch)[0]
    clean_marked = "    <!-- invalid -->\n" + RUBRIC
    assert "finds no problem" in _run_page(clean_marked, tmp_path, monkeypatch)[0]


def test_yaml_that_does_not_load_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "    ```yaml\n    a: 1\n    a: 2\n    ```\n"
    (failure,) = _run_page(text, tmp_path, monkeypatch)
    assert "yaml.duplicate_key" in failure


def test_python_blocks_share_a_namespace_and_stop_at_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = """\
    ```python
    x = 41
    ```
    ```python
    assert x + 1 == 43
    ```
    ```python
    raise SystemError("never reached")
    ```
    """
    (failure,) = _run_page(text, tmp_path, monkeypatch)
    assert failure.startswith("docs/_probe.md:5: the Python example raised AssertionError")


def test_output_blocks_must_match_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = "    <!-- file: r.yaml -->\n" + RUBRIC
    good = saved + (
        "    <!-- output of: tiercert check r.yaml -->\n"
        "    ```text\n"
        "    r.yaml: valid (0 errors, 0 warnings); 0 provisional elements\n"
        "    ```\n"
    )
    assert _run_page(good, tmp_path, monkeypatch) == []
    wrong_status = good.replace("check r.yaml", "check r.yaml (exit 1)")
    assert "exited 0, the page says 1" in _run_page(wrong_status, tmp_path, monkeypatch)[0]
    wrong_text = good.replace("0 errors", "no errors")
    assert "prints something else now" in _run_page(wrong_text, tmp_path, monkeypatch)[0]
