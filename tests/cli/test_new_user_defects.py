"""Small defects a new user met, outside the numbered issues (the tenth round's
leftovers), each pinned by a test that fails on the code before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, RUBRICS, run_cli
from tiercert.checking import check_file

ASSESSMENT = EXAMPLES / "bac_giang" / "xa_mau_a.yaml"


def test_an_assessment_checked_as_a_rubric_says_to_use_assessments() -> None:
    status, out, _ = run_cli("check", str(ASSESSMENT), "--lang", "en")
    assert status == 1
    assert f"write: tiercert check --assessments {ASSESSMENT}" in out
    assert "[file.assessment]" in out
    # one problem, not a dozen about the keys a rubric would have
    assert "(1 error, 0 warnings)" in out
    status, out, _ = run_cli("check", str(ASSESSMENT), "--lang", "vi")
    assert "tiercert check --assessments" in out
    assert "không phải" in out


def test_a_rubric_with_its_criteria_misspelt_is_still_checked_as_a_rubric(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        'format: 1\nid: r\nversion: "1"\ntitle: R\nstages: {}\ncriterias: []\n', encoding="utf-8"
    )
    codes = [p.code for p in check_file(rubric).problems]
    assert "file.assessment" not in codes
    assert "key.unknown" in codes


def test_the_hint_is_given_as_json_too() -> None:
    status, out, _ = run_cli("check", str(ASSESSMENT), "--format", "json")
    (report,) = json.loads(out)
    assert [p["code"] for p in report["problems"]] == ["file.assessment"]
    # and a rubric beside it is checked as before
    status, out, _ = run_cli("check", str(RUBRICS / "vn_ocop_products.yaml"), "--format", "json")
    assert status == 0


def _answers(tmp_path: Path, **changes: str) -> Path:
    """The example commune's assessment with some answers written otherwise."""
    lines = ASSESSMENT.read_text(encoding="utf-8").splitlines()
    for key, value in changes.items():
        lines = [f"  {key}: {value}" if line.startswith(f"  {key}:") else line for line in lines]
    path = tmp_path / "a.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problem(path: Path, lang: str = "en") -> str:
    _, out, _ = run_cli("check", "--assessments", str(path), "--lang", lang)
    return out.splitlines()[0]


def test_a_count_says_what_it_takes_alike_whatever_is_wrong(tmp_path: Path) -> None:
    """'abc' was "expected a number", -1 "expected a whole number of items (0 or more)": one
    description of what a count takes, then what to write instead of what is no number."""
    said = {
        typed: _problem(_answers(tmp_path, **{"g1.2.1": typed}))
        for typed in ("abc", "-1", "1.5", '"yes"')
    }
    for line in said.values():
        assert "expected a whole number of items (0 or more), got " in line, line
        assert "expected a number," not in line
    assert said["abc"].endswith("got 'abc' (write a whole number in digits: 12) [answer.invalid]")
    assert said["-1"].endswith("got -1 [answer.invalid]")
    assert "(a number is needed, not yes/no)" in said['"yes"']
    # what to write instead is said of a whole number: 1,5 is not offered as 1.5
    comma = _problem(_answers(tmp_path, **{"g1.2.1": '"1,5"'}))
    assert comma.endswith(
        "got '1,5'; use a dot for decimals: 1,5 would be 1.5, which is not a whole number "
        "[answer.invalid]"
    )
    # a whole number above the count's max_items (4 here) is told so, not as above
    over = _problem(_answers(tmp_path, **{"g1.2.1": "5"}))
    assert over.endswith("at most 4 items are allowed, got 5 [answer.invalid]")
    vi = _problem(_answers(tmp_path, **{"g1.2.1": "abc"}), "vi")
    assert "cần số mục là số nguyên (từ 0 trở lên), nhưng nhận được 'abc'" in vi


def test_yes_to_a_levels_question_asks_for_a_level_and_suggests_no_label(tmp_path: Path) -> None:
    for typed in ("yes", "có", "no"):
        line = _problem(_answers(tmp_path, **{"g1.1.2": typed}))
        assert (
            f"'{typed}' is not one of the levels: tot (Tốt / Good), kha (Khá / Fair), "
            "trung_binh (Trung bình / Average), yeu (Yếu / Weak)"
        ) in line
        assert "answered with one of its levels, not yes or no" in line
        assert "did you mean" not in line  # not 'Yếu', a level that only looks alike
    vi = _problem(_answers(tmp_path, **{"g1.1.2": "yes"}), "vi")
    assert "không phải có hoặc không" in vi
    assert "có phải là" not in vi
    # a misspelt level still gets its "did you mean"
    assert "did you mean 'Khá'?" in _problem(_answers(tmp_path, **{"g1.1.2": "khaa"}))


def test_check_warns_of_evidence_missing_as_score_reports_it(tmp_path: Path) -> None:
    path = _answers(tmp_path, **{"g4.2": "na"})
    status, out, _ = run_cli("check", "--assessments", str(path), "--lang", "en")
    assert status == 0  # scored all the same: a warning
    assert (
        ":28:9: warning: $.answers['g4.2']: evidence missing, 0 (N/A needs justification) "
        "[evidence.missing]" in out
    )
    assert "(0 errors, 1 warning)" in out
    _, scored, _ = run_cli("score", "bac_giang_friendly_gov", str(path), "--lang", "en")
    assert "evidence missing, 0 (N/A needs justification)" in scored  # the same words
    status, out, _ = run_cli("check", "--assessments", str(path), "--strict", "--lang", "vi")
    assert status == 1
    assert "thiếu minh chứng, 0 điểm" in out
    # with the justification, nothing to say
    given = _answers(tmp_path, **{"g4.2": "{value: na, justification: no complaint received}"})
    status, out, _ = run_cli("check", "--assessments", str(given), "--lang", "en")
    assert (status, "(0 errors, 0 warnings)" in out) == (0, True)


def test_a_key_twice_in_a_json_assessment_is_not_blamed_on_yaml(tmp_path: Path) -> None:
    """A JSON file is read by the YAML reader (JSON is YAML); its duplicate key's message
    spoke of YAML only."""
    answers = tmp_path / "a.json"
    answers.write_text('{"answers": {"a": 1, "a": 2}}', encoding="utf-8")
    status, out, _ = run_cli("check", "--assessments", str(answers), "--lang", "en")
    assert status == 1
    assert f"{answers}:1:22: error:" in out
    assert "(YAML and JSON readers silently keep only the last) [yaml.duplicate_key]" in out
    status, out, _ = run_cli("check", "--assessments", str(answers), "--lang", "vi")
    assert "trình đọc YAML và JSON" in out


def test_a_rubric_given_as_the_assessment_is_one_problem_saying_so(tmp_path: Path) -> None:
    """``tiercert score RUBRIC RUBRIC2`` (the arguments swapped, or the wrong file) gave a
    `key.unknown` for each of the rubric's keys, nine for a small rubric (thirteenth round)."""
    rubric = RUBRICS / "vn_ocop_products.yaml"
    status, out, err = run_cli("score", str(rubric), str(rubric), "--lang", "en")
    assert status == 1
    shown = out + err
    assert "[file.rubric]" in shown
    assert "key.unknown" not in shown
    assert f"tiercert template {rubric}" in shown
    status, out, err = run_cli("score", str(rubric), str(rubric), "--lang", "vi")
    assert "tệp này là một bộ tiêu chí, không phải tệp chấm điểm" in out + err
    # an assessment that also writes criteria is still read as one
    answers = tmp_path / "a.yaml"
    answers.write_text("answers: {}\ncriteria: []\n", encoding="utf-8")
    status, out, err = run_cli("score", str(rubric), str(answers), "--lang", "en")
    assert "file.rubric" not in out + err
