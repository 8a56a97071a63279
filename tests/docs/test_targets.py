"""``benchmarks/targets.py``, the one command behind docs/performance.md's "Where it stands":
its arguments, how it judges a target and how it writes its tables, on made-up results.
Nothing here times anything or runs a benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import targets
from common import table


def test_arguments() -> None:
    args = targets.parse([])
    assert (args.quick, args.markdown, args.only) == (False, None, None)
    args = targets.parse(["--quick", "--markdown", "out.md", "--only", "cold", "--only", "batch"])
    assert (args.quick, args.markdown, args.only) == (True, Path("out.md"), ["cold", "batch"])
    assert set(targets.GROUPS) == {"engines", *targets.MEASURES}


def test_an_unknown_group_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        targets.parse(["--only", "everything"])
    assert "invalid choice" in capsys.readouterr().err


def test_met_names_what_missed_its_target() -> None:
    assert targets.at_most(1.2, {"text": 1.19, "float": 1.2}) == "yes"
    assert targets.at_most(1.2, {"text": 1.21, "float": 1.0, "mix": 2.5}) == "no: text, mix"
    assert targets.at_most(1.2, {"text": None}) == "—"  # nothing measured: not judged
    assert targets.at_least(7.0, {"": 7.0}) == "yes"
    assert targets.at_least(7.0, {"static": 6.9}) == "no: static"
    assert targets.met(False) == "no"
    assert targets.at_most(1.3, {"": 1.31}) == "no"  # a row of one value names nothing
    assert targets.times(1.234) == "1.23×"
    assert targets.times(None) == ""


def test_a_group_is_written_as_markdown() -> None:
    group = targets.Group(
        "Cold starts",
        "bench_startup.py 10",
        ["command", "CPU ÷ baseline", "target", "met?"],
        [["check", "1.24×", "≤ 1.5×", "yes"], ["score", "2.10×", "≤ 2×", "no: CPU"]],
        ["baseline: import pydantic, yaml"],
    )
    assert targets.render(group) == (
        "### Cold starts\n"
        "\n"
        "`bench_startup.py 10`\n"
        "\n"
        "| command | CPU ÷ baseline | target | met?    |\n"
        "|---------|----------------|--------|---------|\n"
        "| check   | 1.24×          | ≤ 1.5× | yes     |\n"
        "| score   | 2.10×          | ≤ 2×   | no: CPU |\n"
        "\n"
        "- baseline: import pydantic, yaml\n"
    )
    text = targets.report(["## Where it stands", "", "- nproc 2"], [group, group], ["(ran in 1 s)"])
    assert text.startswith("## Where it stands\n\n- nproc 2\n\n### Cold starts\n")
    assert text.count("### Cold starts") == 2
    assert text.endswith("(ran in 1 s)\n")
    costs = targets.Group("What answers cost", "bench_answers.measure", ["answer"], [["float"]])
    costs.level = 2
    assert targets.render(costs).startswith("## What answers cost\n")
    text = targets.report(["## Where it stands"], [costs, group])  # a section of its own: last
    assert text.index("### Cold starts") < text.index("## What answers cost")


def test_the_machine_is_told() -> None:
    lines = targets.machine_lines((1.5, 2.25, 3.0))
    assert lines[0].startswith("- nproc ")
    assert ", CPU " in lines[0]
    assert lines[1].startswith("- Python ")
    assert lines[2] == "- load average at the start: 1.50, 2.25, 3.00"
    assert " UTC, git commit " in lines[3]


def test_the_startup_table_is_read_back() -> None:
    """The rows as ``bench_startup.py`` prints them (its columns, through ``common.table``)."""
    printed = table(
        [
            ['python -c "import pydantic, yaml"', "143 ms", "1.00", "69 ms", "1.00", ""],
            [
                "python -m tiercert check rubrics/x.yaml",
                "178 ms",
                "1.24",
                "86 ms",
                "1.25",
                "≤ 1.5×",
            ],
        ],
        ["command", "wall time", "ratio", "CPU time", "CPU ratio", "target"],
    )
    found = targets.startup_rows("Median of 10 rounds.\n\n" + printed)
    assert list(found) == [
        'python -c "import pydantic, yaml"',
        "python -m tiercert check rubrics/x.yaml",
    ]
    check = found["python -m tiercert check rubrics/x.yaml"]
    assert (check["wall"], check["ratio"], check["cpu"], check["cpu_ratio"]) == (
        "178",
        "1.24",
        "86",
        "1.25",
    )
    assert check["target"] == "≤ 1.5×"
    assert found['python -c "import pydantic, yaml"']["target"] == ""
