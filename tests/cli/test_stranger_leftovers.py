"""Small defects a stranger met outside the numbered issues (eleventh round), each held to the
words and places a person reads: the path, line and column of a problem, what was seen and
what to write."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

RUBRIC = """\
format: 1
id: d
version: "1"
title: D
criteria:
  - {id: C1, title: C1, max: 10, rule: {kind: deduction, per_item: 2}}
  - {id: C2, title: C2, max: 10, rule: {kind: deduction, per_item: 2}}
tiers: []
"""


def test_a_key_twice_in_answers_is_named_by_its_path(tmp_path: Path) -> None:
    # the path of a key given twice names it (answers.C1), as every other problem's does;
    # it was "$" in score, check --assessments and batch alike
    rubric = tmp_path / "d.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("unit: {id: u}\nanswers:\n  C1: 1\n  C2: 0\n  C1: 2\n", encoding="utf-8")
    said = f"{answers}:5:3: error: $.answers.C1: the key 'C1' appears twice in this mapping"
    for argv in (
        ("score", str(rubric), str(answers)),
        ("check", "--assessments", "--rubric", str(rubric), str(answers)),
        ("batch", str(rubric), str(tmp_path / "units")),
    ):
        if argv[0] == "batch":
            (tmp_path / "units").mkdir()
            (tmp_path / "units" / "a.yaml").write_bytes(answers.read_bytes())
            said = said.replace(str(answers), str(tmp_path / "units" / "a.yaml"))
        status, out, err = run_cli(*argv, "--lang", "en")
        assert status != 0
        assert said in out + err, argv
    twice = tmp_path / "b.json"
    twice.write_text('{"unit": {"id": "u"}, "unit": {"id": "v"}, "answers": {}}', encoding="utf-8")
    _, out, err = run_cli("score", str(rubric), str(twice), "--lang", "en")
    assert f"{twice}:1:23: error: $.unit: the key 'unit' appears twice" in out + err


TOWN = """\
format: 1
id: town_awards
version: "1"
title: Town awards
criteria:
  - {id: a, title: A, max: 50, children: [{id: a1, title: Desk, rule: {kind: boolean, points: 50}}]}
  - {id: b, title: B, max: 50, children: [{id: b1, title: Rec, rule: {kind: boolean, points: 50}}]}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
attributes:
  - {id: region, title: Region, type: choice, values: [North, South], required: true}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Regional review}
dossier:
  documents:
    - {id: letter, title: Covering letter}
"""
STAGED = """\
rubric: town_awards
unit: {id: u1, name: U, region: West}
stages:
  own:
    answers: {a1: true, b1: true}
  review:
    answers: {a1: maybe, b1: true}
  audit:
    answers: {a1: true, b1: true}
dossier:
  documents: [letter, memo]
"""


def _problem_lines(out: str) -> list[str]:
    return sorted(line for line in out.splitlines() if line.rstrip().endswith("]"))


def test_check_reports_a_staged_file_s_problems_as_score_does(tmp_path: Path) -> None:
    # check --assessments said only "score them stage by stage" of a file with stages; it
    # reports what score reports, in the same words and places (the dossier's names at their
    # line in the file: "<input>: error: $" before)
    rubric = tmp_path / "town_awards.yaml"
    rubric.write_text(TOWN, encoding="utf-8")
    staged = tmp_path / "u1.yaml"
    staged.write_text(STAGED, encoding="utf-8")
    status, scored, err = run_cli("score", str(rubric), str(staged), "--lang", "en")
    assert status != 0
    told = _problem_lines(scored + err)
    assert told == sorted(
        [
            f"{staged}:2:33: error: $.unit.region: 'West' is not a 'region' of this rubric; "
            "use one of: North, South [attribute.value]",
            f"{staged}:7:19: error: $.stages.review.answers.a1: stage Regional review: expected "
            "true or false (yes/no), got 'maybe' [answer.invalid]",
            f"{staged}:9:5: error: $.stages.audit: the rubric has no stage 'audit'; use one of: "
            "own, review [stage.unknown]",
            f"{staged}:11:23: error: $.dossier.documents[1]: the dossier has no document "
            "'memo'; use one of: letter [dossier.unknown]",
        ]
    )
    for argv in (("--rubric", str(rubric)), ()):
        status, checked, _ = run_cli("check", "--assessments", *argv, str(staged), "--lang", "en")
        assert status == 1
        assert _problem_lines(checked) == told
        assert "assessment.stages" not in checked
    # a staged file with nothing wrong is valid, as score scores it
    staged.write_text(
        STAGED.replace("West", "North")
        .replace("maybe", "false")
        .replace(", memo", "")
        .replace("  audit:\n    answers: {a1: true, b1: true}\n", ""),
        encoding="utf-8",
    )
    status, checked, _ = run_cli("check", "--assessments", str(staged), "--lang", "en")
    assert (status, f"{staged}: valid (0 errors, 0 warnings)" in checked) == (0, True)
