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
