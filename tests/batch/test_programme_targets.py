"""A programme's targets in every summary of a batch: targets about some units (``by``) are
counted over their units, and a target line says how many units of its group were rejected,
never "met" where the rejected units could make it unmet (tests run the CLI in-process)."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import pytest

from tiercert.cli import main
from tiercert.summary import target_verdict

RUBRIC = """\
format: 1
id: tg
version: "1"
title: Targets
criteria:
  - {id: a, title: A, max: 50, rule: {kind: direct}}
  - {id: b, title: B, max: 50, rule: {kind: direct}}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: gold, label: Gold, rank: 2, min: 90}
attributes:
  - {id: region, title: Region, type: choice, values: [North, South], required: true}
  - {id: year, title: Year, type: number, round: true, required: true}
stages:
  - {id: review, label: Review}
targets:
  - {period: "2024", share: 60}
  - {period: "2024", share: 100, by: {region: [North]}}
"""
HEAD = "unit_id,unit_name,region,year,review:a,review:b\n"


def run(tmp_path: Path, rows: str, *args: str) -> tuple[int, str, str]:
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "u.csv").write_text(HEAD + rows, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(tmp_path / "r.yaml"), str(tmp_path / "u.csv"), "--lang", "en"]
    status = main([*argv, "-o", str(tmp_path / "o.csv"), *args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


UNMET = "n1,One,North,2024,20,20\nn2,Two,South,2024,45,45\nn3,Three,South,2024,45,45\n"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_by_target_is_in_every_summary_even_unmet(tmp_path: Path, fmt: str) -> None:
    _, err, _ = run(tmp_path, UNMET, "--summary", fmt)
    err = err.replace("\\[", "[").replace("\\]", "]")  # Markdown's escapes
    assert "2024 [Region: North] target 100% certified: 0% reached" in err
    assert "(0/1; not met, 1 more unit needed)" in err


def test_a_by_target_is_in_the_json_summary_and_the_dashboard(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path, UNMET, "--summary", "json")
    targets = json.loads(out)["targets"]
    north = [t for t in targets if t["by"]]
    assert north == [
        {
            "period": "2024", "target": "100", "tier": None, "by": {"region": ["North"]},
            "units": 1, "count": 0, "reached": "0", "met": False, "decided": True,
            "rejected": 0, "units_short": 1, "provisional": False,
        }
    ]  # fmt: skip
    run(tmp_path, UNMET, "--summary-output", str(tmp_path / "board.html"))
    page = (tmp_path / "board.html").read_text(encoding="utf-8")
    assert "100% certified [Region: North]" in page
    # drawn on the bar of all units: only the target about all of them
    assert page.count('<line class="target"') == 1


# North: 3 units, one rejected (a word for a number), one of 2024 scored gold, one of 2023
LEFT_OUT = (
    "n1,One,North,2024,45,45\nn2,Two,North,2023,20,20\n"
    "n3,Three,North,2024,20,forty\nn4,Four,South,2024,45,45\n"
)


def test_a_target_line_says_the_rejected_units_of_its_group(tmp_path: Path) -> None:
    _, err, _ = run(tmp_path, LEFT_OUT, "--by", "region", "--summary", "text")
    row = next(line for line in err.splitlines() if line.startswith("North "))
    assert row.split()[:5] == ["North", "3", "1", "1", "50%"]  # the table beside the targets
    lines = [line.strip() for line in err.splitlines() if " target " in line]
    assert lines == [
        "North: 2024 target 60% certified: 100% reached (1/1; undecided until the rejected "
        "rows are corrected; 1 rejected, not counted)",
        "North: 2024 [Region: North] target 100% certified: 100% reached (1/1; undecided "
        "until the rejected rows are corrected; 1 rejected, not counted)",
        "South: 2024 target 60% certified: 100% reached (1/1; met)",
        # 2 of 3 certified even if the rejected unit is not: met, and said
        "all units: 2024 target 60% certified: 100% reached (2/2; met; 1 rejected, not counted)",
        "all units: 2024 [Region: North] target 100% certified: 100% reached (1/1; undecided "
        "until the rejected rows are corrected; 1 rejected, not counted)",
    ]
    _, out, _ = run(tmp_path, LEFT_OUT, "--summary", "json")
    north = next(t for t in json.loads(out)["targets"] if t["by"])
    assert (north["met"], north["decided"], north["rejected"]) == (False, False, 1)


def test_the_verdict_holds_whatever_the_rejected_units_turn_out_to_be() -> None:
    for share in (Fraction(0), Fraction(30), Fraction(60), Fraction(100), Fraction(200, 3)):
        for scored in range(5):
            for count in range(scored + 1):
                for rejected in range(4):
                    met, decided, short = target_verdict(share, count, scored, rejected)
                    outcomes = {
                        scored + rejected > 0 and (count + k) * 100 >= share * (scored + rejected)
                        for k in range(rejected + 1)
                    }
                    assert met == (scored > 0 and outcomes == {True})
                    if scored:
                        assert decided == (len(outcomes) == 1)
                    if not met and decided and scored:
                        # as many more units certified as it says meet it, one fewer does not
                        base = scored + rejected
                        assert (count + short) * 100 >= share * base
                        assert short == 0 or (count + short - 1) * 100 < share * base


@pytest.mark.parametrize("year", ["2.024", "2024.5", "2024.0", " 2.024 ", "+2024"])
def test_a_round_that_is_not_a_whole_number_is_the_rows_problem(tmp_path: Path, year: str) -> None:
    rows = f'n1,One,North,2024,45,45\nn2,Two,North,"{year}",45,45\n'
    status, _, err = run(tmp_path, rows, "--summary", "none")
    assert status == 1
    assert err.startswith(f"{tmp_path / 'u.csv'}:3:4: error: year: the 'year' is a round: ")
    assert "is not a whole number; write it in digits only, without a dot or a comma: 2024" in err
    results = (tmp_path / "o.csv").read_text(encoding="utf-8-sig").splitlines()
    assert results[1].startswith("2,n1,One,North,2024,scored,")
    assert ",n2,Two,North,,rejected," in results[2]


@pytest.mark.parametrize(("year", "write"), [("2024,0", "2024"), ("２０２４", "2024")])
def test_a_round_written_like_a_number_otherwise_is_offered_as_a_round(
    tmp_path: Path, year: str, write: str
) -> None:
    # 2024,0: the rule's reading would be 2024.0, which a round refuses: offered as 2024
    rows = f'n1,One,North,2024,45,45\nn2,Two,North,"{year}",45,45\n'
    status, _, err = run(tmp_path, rows, "--summary", "none")
    assert status == 1
    assert err.startswith(f"{tmp_path / 'u.csv'}:3:4: error: year: the 'year' must be a number")
    assert err.rstrip().endswith(f": write {write} [attribute.value]"), err
    rows = f'n1,One,North,2024,45,45\nn2,Two,North,"{write}",45,45\n'
    assert run(tmp_path, rows, "--summary", "none")[0] == 0


def test_a_round_in_a_typed_cell_is_read_by_its_value(tmp_path: Path) -> None:
    from tiercert import parse_rubric
    from tiercert.programme import ProgrammeReader
    from tiercert.tabular import Row

    rubric = parse_rubric(RUBRIC)
    header = ["unit_id", "unit_name", "region", "year", "review:a", "review:b"]
    years = [2024, 2024.0, Fraction(2024), 2024.5, Fraction(4049, 2)]
    outcomes = list(
        ProgrammeReader(rubric).read(
            Row(i + 2, tuple(header), (f"n{i}", "N", "North", y, 45, 45))
            for i, y in enumerate(years)
        )
    )
    assert [u.attributes.get("year") for u in outcomes] == ["2024", "2024", "2024", None, None]


def test_results_read_back_from_csv_are_the_texts_written(tmp_path: Path) -> None:
    # the CSV writer quotes text a spreadsheet would run ('-2+3); progress and recognition
    # read tiercert's own results, so the quote is the writer's, and comes off
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    for year, score in (("2023", 30), ("2024", 45)):
        (tmp_path / f"u{year}.csv").write_text(
            HEAD + f"-2+3,=SUM(1),South,{year},{score},{score}\n'n2,Two,North,{year},45,45\n",
            encoding="utf-8",
        )
    quiet = io.StringIO()
    for year, suffix in (("2023", "jsonl"), ("2024", "csv")):
        argv = ["batch", str(tmp_path / "r.yaml"), str(tmp_path / f"u{year}.csv")]
        target = str(tmp_path / f"o{year}.{suffix}")
        assert main([*argv, "-o", target, "--summary", "none"], stderr=quiet) == 0
    written = (tmp_path / "o2024.csv").read_text(encoding="utf-8-sig")
    assert "'-2+3,'=SUM(1)," in written
    assert "''n2," in written
    files = [str(tmp_path / "o2023.jsonl"), str(tmp_path / "o2024.csv")]
    files += ["--rubric", str(tmp_path / "r.yaml")]
    out = io.StringIO()
    assert main(["progress", *files, "--lang", "en", "--format", "json"], stdout=out) == 0
    moves = json.loads(out.getvalue())["moved_up"]
    assert [(m["unit_id"], m["unit_name"]) for m in moves] == [("-2+3", "=SUM(1)")]
    out = io.StringIO()
    assert main(["recognition", *files[1:], "--lang", "en"], stdout=out) == 0
    assert "| -2+3 |" in out.getvalue()
    assert "| 'n2 |" in out.getvalue()


def test_an_empty_unit_id_is_the_unit_s_problem_not_a_stage_s(tmp_path: Path) -> None:
    status, _, err = run(tmp_path, ",One,North,2024,20,20\n", "--summary", "none")
    assert status == 1
    assert err.strip() == (
        f"{tmp_path / 'u.csv'}:2:1: error: unit_id: unit_id is empty; give each unit a unique id "
        "[unit.id]"
    )


def test_the_results_problems_are_in_the_reader_s_language(tmp_path: Path) -> None:
    rows = "n1,One,North,2024,20,abc\n"
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "u.csv").write_text(HEAD + rows, encoding="utf-8")
    for lang, said in (
        ("vi", "bước Review: cần một số, nhưng nhận được 'abc'"),
        ("en", "stage Review: expected a number, got 'abc'"),
    ):
        for fmt in ("csv", "jsonl"):
            out = tmp_path / f"o.{fmt}"
            argv = ["batch", str(tmp_path / "r.yaml"), str(tmp_path / "u.csv"), "--lang", lang]
            assert main([*argv, "-o", str(out), "--summary", "none"], stdout=io.StringIO(),
                        stderr=io.StringIO()) == 1  # fmt: skip
            assert f"b: {said}" in out.read_text(encoding="utf-8-sig"), (lang, fmt)
