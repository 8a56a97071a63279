"""The command line, in-process, against golden files in tests/examples/.

Layout (paths relative to ``tests/examples/``, which is also the working directory of every
command, so the file names in the outputs are short and stable):

- ``valid/*.yaml``: rubrics that pass ``check`` (exit 0); ``valid/golden/NAME.check.txt`` is
  what ``check`` prints, ``valid/golden/NAME.template.yaml`` what ``template`` prints;
- ``valid/assessments/NAME/CASE.yaml``: assessments for ``valid/NAME.yaml``;
  ``CASE.score.txt`` and ``CASE.score.json`` are what ``score`` prints (exit 0);
- ``invalid/*.yaml``: rubrics that fail ``check`` (exit 1), each next to ``NAME.expected.txt``;
- ``invalid/assessments/NAME/CASE.yaml``: assessments ``score`` refuses (exit 1) against
  ``valid/NAME.yaml``, each next to ``CASE.expected.txt``.

To add a case, add its YAML file and regenerate the goldens, then read the diff before
committing (a golden is only as good as the review of its first version)::

    python tools/regen.py
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS, golden
from tiercert import cli, parse_assessment
from tiercert.cli import main

EXAMPLES = TESTS / "examples"
VALID = EXAMPLES / "valid"
INVALID = EXAMPLES / "invalid"


@pytest.fixture(autouse=True)
def _in_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _rel(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _names(pattern: str, folder: Path) -> list[str]:
    return sorted(_rel(p) for p in folder.glob(pattern))


# --- check ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rubric", _names("*.yaml", VALID))
def test_every_valid_example_passes_check(rubric: str) -> None:
    status, out, err = run("check", rubric)
    assert (status, err) == (0, "")
    golden(VALID / "golden" / (Path(rubric).stem + ".check.txt"), out)
    english = run("check", "--lang", "en", rubric)[1]
    assert english.splitlines()[-1].startswith(f"{rubric}: valid (0 errors, ")


@pytest.mark.parametrize("rubric", _names("*.yaml", INVALID))
def test_every_invalid_example_fails_check_with_the_expected_output(rubric: str) -> None:
    status, out, err = run("check", rubric)
    assert (status, err) == (1, "")
    golden(EXAMPLES / rubric.replace(".yaml", ".expected.txt"), out)
    for line in out.splitlines()[:-1]:
        # FILE:LINE:COL: error|warning: PATH: MESSAGE [code], or FILE: ... when no position
        assert line.startswith(rubric + ":")
        assert line.endswith("]")
        assert ": error: $" in line or ": warning: $" in line


def test_every_golden_file_belongs_to_an_example() -> None:
    expected = {
        p.with_name(p.name.replace(".expected.txt", ".yaml"))
        for p in INVALID.rglob("*.expected.txt")
    }
    assert {p for p in expected if not p.exists()} == set()
    stems = {p.stem for p in VALID.glob("*.yaml")}
    for path in (VALID / "golden").iterdir():
        assert path.name.split(".")[0] in stems, path


def test_check_reports_several_files_and_fails_if_any_fails() -> None:
    status, out, _ = run("check", "valid/minimal.yaml", "invalid/no_criteria.yaml")
    assert status == 1
    assert out.splitlines() == [
        "valid/minimal.yaml: valid (0 errors, 0 warnings); 0 provisional elements",
        "invalid/no_criteria.yaml:5:11: error: $.criteria: the rubric has no criteria; add at "
        "least one under 'criteria:' [rubric.empty]",
        "invalid/no_criteria.yaml: invalid (1 error, 0 warnings); 0 provisional elements",
    ]


def test_warnings_pass_unless_strict() -> None:
    status, out, _ = run("check", "valid/warnings.yaml")
    assert status == 0
    assert out.splitlines()[-1] == (
        "valid/warnings.yaml: valid (0 errors, 4 warnings); 0 provisional elements"
    )
    status, out, _ = run("check", "--strict", "valid/warnings.yaml")
    assert status == 1
    assert out.splitlines()[-1] == (
        "valid/warnings.yaml: invalid (0 errors, 4 warnings); 0 provisional elements"
    )


def test_check_json_is_the_same_problems_as_data() -> None:
    status, out, err = run("check", "--format", "json", "invalid/tiers.yaml", "valid/minimal.yaml")
    assert (status, err) == (1, "")
    golden(INVALID / "tiers.expected.json", out)
    reports = json.loads(out)
    assert [(r["file"], r["valid"], r["errors"]) for r in reports] == [
        ("invalid/tiers.yaml", False, 6),
        ("valid/minimal.yaml", True, 0),
    ]
    first = reports[0]["problems"][0]
    assert list(first) == ["file", "line", "column", "severity", "path", "message", "code", "text"]
    text = run("check", "invalid/tiers.yaml")[1].splitlines()[0]
    assert text == (
        f"{first['file']}:{first['line']}:{first['column']}: {first['severity']}: "
        f"{first['path']}: {first['text']} [{first['code']}]"
    )
    # in Vietnamese: the same problem, its message for people translated, the rest as it was
    vi = json.loads(run("check", "--format", "json", "--lang", "vi", "invalid/tiers.yaml")[1])
    said = vi[0]["problems"][0]
    assert {k: v for k, v in said.items() if k != "text"} == {
        k: v for k, v in first.items() if k != "text"
    }
    assert said["text"] != said["message"]


# --- score ------------------------------------------------------------------------------------


def _assessments(folder: Path) -> list[str]:
    return sorted(_rel(p) for p in folder.glob("assessments/*/*.yaml"))


@pytest.mark.parametrize("assessment", _assessments(VALID))
def test_score_text_and_json(assessment: str) -> None:
    path = EXAMPLES / assessment
    rubric = f"valid/{path.parent.name}.yaml"
    status, out, err = run("score", rubric, assessment)
    assert (status, err) == (0, "")
    golden(path.with_suffix(".score.txt"), out)
    status, out, err = run("score", rubric, assessment, "--format", "json")
    assert (status, err) == (0, "")
    golden(path.with_suffix(".score.json"), out)
    data = json.loads(out)
    assert data["rubric"]["id"] == parse_assessment(path.read_bytes()).rubric_id or (
        data["rubric"]["id"] == "all-features"  # those assessments do not name their rubric
    )
    assert isinstance(data["total"], str)


@pytest.mark.parametrize("assessment", _assessments(INVALID))
def test_score_refuses_bad_assessments_with_the_expected_output(assessment: str) -> None:
    path = EXAMPLES / assessment
    status, out, err = run("score", f"valid/{path.parent.name}.yaml", assessment)
    assert (status, out) == (1, "")  # problems are messages: standard error
    golden(path.with_suffix(".expected.txt"), err)


def test_score_json_is_deterministic() -> None:
    args = ("score", "valid/all_features.yaml", "valid/assessments/all_features/mixed.yaml")
    assert run(*args, "--format", "json") == run(*args, "--format", "json")


def test_score_with_an_invalid_rubric_lists_the_rubric_problems() -> None:
    args = ("score", "invalid/tiers.yaml", "valid/assessments/commune/exactly_80.yaml")
    status, out, err = run(*args)
    assert (status, out) == (1, "")
    assert err == (INVALID / "tiers.expected.txt").read_text().rsplit("\n", 2)[0] + "\n"


def test_score_refuses_answers_for_another_rubric() -> None:
    args = ("score", "valid/all_features.yaml", "valid/assessments/commune/exactly_80.yaml")
    status, _, err = run(*args)
    assert status == 1
    assert err.splitlines()[0] == (
        "valid/assessments/commune/exactly_80.yaml:2:9: error: $.rubric: these answers are for "
        "the rubric 'commune', not 'all-features'; use the matching rubric [assessment.rubric]"
    )


def test_score_missing_option(tmp_path: Path) -> None:
    empty = tmp_path / "blank.yaml"
    empty.write_text("answers: {}\n")
    status, _, err = run("score", "valid/minimal.yaml", str(empty))
    assert status == 1
    assert "no answer for 'q1'" in err
    status, out, _ = run("score", "valid/minimal.yaml", str(empty), "--missing", "zero")
    assert status == 0
    assert "Total: 0 / 1 (0%)" in out
    assert "[no answer, 0]" in out


# --- template ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rubric", _names("*.yaml", VALID))
def test_template_lists_every_answer_and_loads_back(rubric: str, tmp_path: Path) -> None:
    status, out, err = run("template", rubric)
    assert (status, err) == (0, "")
    golden(VALID / "golden" / (Path(rubric).stem + ".template.yaml"), out)
    # the blank template is a valid assessment: scored with missing answers as zero
    blank = tmp_path / "blank.yaml"
    blank.write_text(out, encoding="utf-8")
    status, scored, err = run("score", rubric, str(blank), "--missing", "zero", "--format", "json")
    if status == 1:  # facts without defaults must still be filled in: said in JSON
        assert {p["code"] for p in json.loads(scored)["problems"]} == {"fact.missing"}
    else:
        assert (status, err) == (0, "")
        assert json.loads(scored)["total"] == "0" or Path(rubric).stem == "all_features"


def test_template_json() -> None:
    status, out, err = run("template", "valid/commune.yaml", "--format", "json")
    assert (status, err) == (0, "")
    golden(VALID / "golden" / "commune.template.json", out)
    entries = json.loads(out)
    assert [e["id"] for e in entries if e["kind"] == "answer"] == [
        "g1.1",
        "g1.2",
        "g2.1",
        "g2.2",
        "g2.3",
    ]


def test_template_of_an_invalid_rubric_fails() -> None:
    status, out, err = run("template", "invalid/bands.yaml")
    assert (status, out) == (1, "")
    assert "[band.gap]" in err


# --- exit codes, usage and robustness ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "tiercert: the following arguments are required: command\ntry 'tiercert --help'\n"),
        (["bogus"], "tiercert: argument command: invalid choice: 'bogus'"),
        (
            ["check"],
            "tiercert check: the following arguments are required: RUBRIC\n"
            "try 'tiercert check --help'\n",
        ),
        (
            ["score", "valid/commune.yaml"],
            "tiercert score: the following arguments are required: ASSESSMENT\n"
            "try 'tiercert score --help'\n",
        ),
        (["check", "--format", "xml", "valid/minimal.yaml"], "invalid choice: 'xml'"),
        (["check", "--nope", "valid/minimal.yaml"], "unrecognized arguments: --nope"),
    ],
)
def test_usage_errors_exit_2_on_stderr(argv: list[str], message: str) -> None:
    status, out, err = run(*argv)
    assert (status, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--version")[0] == 0
    assert "tiercert 0." in capsys.readouterr().out
    assert run("check", "--help")[0] == 0
    assert "--strict" in capsys.readouterr().out


def test_unreadable_files_exit_2() -> None:
    status, out, _ = run("check", "missing.yaml")
    assert status == 2
    assert out.splitlines()[0] == (
        "missing.yaml: error: $: cannot read the file: no such file or folder; check the "
        "path and its permissions [file.unreadable]"
    )
    assert run("score", "valid/minimal.yaml", "missing.yaml")[0] == 2
    assert run("score", "missing.yaml", "valid/assessments/commune/exactly_80.yaml")[0] == 2
    assert run("template", "valid")[0] == 2  # a folder


def test_an_internal_error_exits_3_and_says_it_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(cli._COMMANDS, "check", broken)
    status, out, err = run("check", "valid/minimal.yaml")
    assert (status, out) == (3, "")
    assert err.startswith("tiercert: internal error (this is a bug in tiercert, not in your files")
    assert "RuntimeError: boom" in err


def test_a_closed_pipe_is_not_an_error() -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    assert main(["check", "valid/minimal.yaml"], stdout=Closed(), stderr=io.StringIO()) == 0


def test_python_dash_m_tiercert_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tiercert", "check", "valid/minimal.yaml"],
        capture_output=True,
        text=True,
        check=False,
        cwd=EXAMPLES,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout == "valid/minimal.yaml: valid (0 errors, 0 warnings); 0 provisional elements\n"
    )
