"""Answers carried to a new rubric version: ``tiercert migrate``, its plan and its checks.

The fixture in tests/versions/migrate/ has one criterion of each kind of change: kept,
renamed (``b`` → ``b2``), merged with ``carry: all`` (``c1``, ``c2`` → ``c``), levels mapped
to yes or no (``d``), split (``e`` → ``e1`` carried, ``e2`` re-assessed), merged with
``carry: sum`` (``h1``, ``h2`` → ``h``), retired (``g``) and new (``n``).
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from conftest import golden as golden_file
from rubric_edits import edited, rename, renamed_ids
from strategies import answers_for, rubric_data
from tiercert import Assessment, AssessmentError, Rubric, load_rubric, rubric_from_mapping
from tiercert._reference import read_answers
from tiercert.migrate import (
    Migrated,
    MigrationPlan,
    migrate_answers,
    plan_migration,
)

HERE = Path(__file__).parent / "migrate"
GOLDEN = ROOT / "tests" / "golden" / "migrate"
OLD, NEW = "tests/versions/migrate/old.yaml", "tests/versions/migrate/new.yaml"


@pytest.fixture(autouse=True)
def _in_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # these rubrics are Vietnamese; the tests here read the English messages and reports (the
    # Vietnamese: test_migrate_speaks_the_rubrics_language, tests/checking/test_problem_languages)
    monkeypatch.setenv("TIERCERT_LANG", "en")


@pytest.fixture(scope="module")
def plan() -> MigrationPlan:
    return plan_migration(load_rubric(HERE / "old.yaml"), load_rubric(HERE / "new.yaml"))


def _answerable(rubric: Rubric, answers: dict[str, Any]) -> set[str]:
    """The criteria an assessment must answer: not groups answered directly, nor the criteria
    in a group answered directly."""
    sources = plan_migration(rubric, rubric).sources
    return {s.id for s in sources if not s.optional and not any(g in answers for g in s.groups)}


def _given(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answers.items() if v is not None}


def _score(rubric: Rubric, answers: dict[str, Any], facts: dict[str, Any]) -> Any:
    try:
        result = rubric.evaluate(Assessment(answers=answers, facts=facts))
    except AssessmentError as exc:
        return sorted(p.code for p in exc.problems)
    return result.total, result.tier, result.certified


def _reads_cleanly(rubric: Rubric, migrated: Migrated) -> list[str]:
    """The problems the new rubric finds in the migrated answers, missing ones aside."""
    _, problems = read_answers(rubric._plan, migrated.answers, migrated.facts, missing_is_zero=True)
    return [p.format() for p in problems if p.path[:1] == ("answers",)]


# --- properties ------------------------------------------------------------------------------


@given(st.data())
def test_migrating_to_the_same_rubric_is_the_identity(data: st.DataObject) -> None:
    rubric = rubric_from_mapping(data.draw(rubric_data()))
    unit = data.draw(answers_for(rubric))
    plan = plan_migration(rubric, rubric)
    assert plan.problems == ()
    assert plan.retired == ()
    migrated = migrate_answers(plan, unit.answers, unit.facts)
    assert migrated.answers == _given(dict(unit.answers))
    assert migrated.facts == _given(dict(unit.facts))
    # only what was not answered is to answer, and it was not answered before either
    assert {a.code for a in migrated.anew} <= {"unanswered"}
    expected = _answerable(rubric, migrated.answers) - set(migrated.answers)
    assert {a.id for a in migrated.anew} == expected
    assert _score(rubric, migrated.answers, migrated.facts) == _score(
        rubric, dict(unit.answers), dict(unit.facts)
    )


@given(st.data())
def test_a_rename_only_edit_carries_every_answer_and_scores_the_same(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data = copy.deepcopy(old_data)
    renames = renamed_ids(data.draw, new_data)  # type: ignore[arg-type]
    for _ in range(data.draw(st.integers(0, 2))):  # new titles too (tests/rubric_edits.py)
        rename(data.draw, new_data, set(), 0)  # type: ignore[arg-type]
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    unit = data.draw(answers_for(old))
    migrated = migrate_answers(plan_migration(old, new), unit.answers, unit.facts)
    expected = {renames.get(k, k): v for k, v in _given(dict(unit.answers)).items()}
    assert migrated.answers == expected
    assert {a.code for a in migrated.anew} <= {"unanswered"}
    assert _score(new, migrated.answers, migrated.facts) == _score(
        old, dict(unit.answers), dict(unit.facts)
    )


@given(st.data())
def test_what_migrates_reads_cleanly_and_the_rest_is_listed(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data, _ = data.draw(edited(old_data))
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    unit = data.draw(answers_for(old))
    plan = plan_migration(old, new)
    assert plan.errors == []  # nothing declared, so nothing wrongly declared
    migrated = migrate_answers(plan, unit.answers, unit.facts)
    assert _reads_cleanly(new, migrated) == []
    # every criterion of the new rubric is carried or listed, never both, never neither
    listed = [a.id for a in migrated.anew]
    assert len(listed) == len(set(listed))
    assert set(listed).isdisjoint(migrated.answers)
    assert set(listed) | set(migrated.answers) >= _answerable(new, migrated.answers)
    # an answer carried is the answer given, under the same id (nothing declared a rename)
    for ident, answer in migrated.answers.items():
        assert unit.answers[ident] == answer


# --- the plan and one unit ---------------------------------------------------------------------


def test_the_plan_says_what_becomes_of_each_criterion(plan: MigrationPlan) -> None:
    how = {s.id: (s.how, s.old, s.carry) for s in plan.sources}
    assert how == {
        "a": ("kept", ("a",), "answer"),
        "b2": ("renamed", ("b",), "answer"),
        "c": ("merged", ("c1", "c2"), "all"),
        "d": ("kept", ("d",), {"tot": "yes", "kha": "yes", "kem": "no"}),
        "e1": ("split", ("e",), "answer"),
        "e2": ("split", ("e",), "reassess"),
        "f": ("kept", ("f",), "answer"),
        "h": ("merged", ("h1", "h2"), "sum"),
        "n": ("new", (), "reassess"),
    }
    assert plan.retired == ("g",)
    assert plan.problems == ()


def test_answers_are_carried_as_declared(plan: MigrationPlan) -> None:
    answers = {
        "a": True,
        "b": {"value": "yes", "justification": "có trang web"},
        "c1": "yes",
        "c2": True,
        "d": "kha",
        "e": 92,
        "f": 4,
        "g": "yes",
        "h1": 2,
        "h2": "3",
    }
    migrated = migrate_answers(plan, answers, {"dan_so": 12000, "gone": 1})
    assert migrated.answers == {
        "a": True,
        "b2": {"value": "yes", "justification": "có trang web"},
        "c": True,
        "d": "yes",
        "e1": 92,
        "f": 4,
        "h": Decimal(5),
    }
    assert migrated.facts == {"dan_so": 12000}
    assert [(a.id, a.code) for a in migrated.anew] == [("e2", "reassess"), ("n", "new")]
    assert migrated.retired == ("g",)


@pytest.mark.parametrize(
    ("change", "anew"),
    [
        ({"c2": "na"}, ("c", "value")),  # all/any combine yes and no only: never guess N/A
        ({"c2": None}, ("c", "unanswered")),
        ({"h2": "many"}, ("h", "value")),
        ({"d": "rat_tot"}, ("d", "value")),  # not in the mapping
        ({"e": 120}, ("e1", "invalid")),  # outside the new rule's range: the new reader says
        ({"b": None}, ("b2", "unanswered")),
    ],
)
def test_what_cannot_be_carried_soundly_is_listed_not_converted(
    plan: MigrationPlan, change: dict[str, Any], anew: tuple[str, str]
) -> None:
    answers: dict[str, Any] = {"a": True, "b": True, "c1": True, "c2": False, "d": "tot"}
    answers |= {"e": 50, "f": 1, "h1": 1, "h2": 1, **change}
    migrated = migrate_answers(plan, answers, {})
    found = {a.id: a.code for a in migrated.anew}
    assert found[anew[0]] == anew[1]
    assert anew[0] not in migrated.answers
    assert _reads_cleanly(plan.new, migrated) == []


def test_levels_the_new_rule_lacks_are_answered_anew() -> None:
    old = load_rubric(HERE / "old.yaml")
    data = old.to_data()
    data["version"] = "2"
    levels = data["criteria"][4]["rule"]["levels"]
    assert [x["id"] for x in levels] == ["tot", "kha", "kem"]
    levels[1] = {"id": "trung_binh", "points": 5}
    new = rubric_from_mapping(data)
    plan = plan_migration(old, new)
    assert [(p.code, p.severity.value) for p in plan.problems] == [("lineage.levels", "warning")]
    assert "the answers kha of 'd' are not levels of this rule" in plan.problems[0].message
    moved = migrate_answers(plan, {"d": "kha"}, {})
    assert [(a.id, a.code) for a in moved.anew if a.id == "d"] == [("d", "value")]
    assert migrate_answers(plan, {"d": "tot"}, {}).answers["d"] == "tot"


# --- the declarations checked against the previous version -------------------------------------


def _check_previous(tmp_path: Path, new_text: str) -> tuple[int, str]:
    path = tmp_path / "new.yaml"
    path.write_text(new_text, encoding="utf-8")
    status, out, err = run_cli("check", str(path), "--previous", OLD, "--lang", "en")
    assert err == ""
    return status, out.replace(str(path), "new.yaml")


NEW_TEXT = (HERE / "new.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (
            ("renamed_from: b,", "renamed_from: bb,"),
            "new.yaml:11:28: error: $.criteria[b2].renamed_from: the previous version "
            "(xa_mau 2024.1) has no criterion 'bb'; did you mean 'b'?",
        ),
        (
            ("carry: {tot: yes, kha: yes, kem: no}", "carry: answer"),
            "new.yaml:21:12: error: $.criteria[d].carry: the answers of 'd' cannot be carried: "
            "the rule changed from a levels rule to a boolean rule; map the old answers",
        ),
        (
            ("carry: {tot: yes, kha: yes, kem: no}", ""),
            "new.yaml:22:11: warning: $.criteria[d].rule: the answers of 'd' will be answered "
            "anew: the rule changed from a levels rule to a boolean rule",
        ),
        (
            ("kha: yes,", "kha: yes, tb: no,"),
            "new.yaml:21:12: error: $.criteria[d].carry: 'tb' is not an answer of the old "
            "criterion 'd' (its answers: tot, kha, kem, na)",
        ),
        (
            ("replaces: [h1, h2], carry: sum", "replaces: [h1, g], carry: sum"),
            "error: $.criteria[h].carry: 'carry: sum' combines answers that are numbers, and g "
            "is not answered so",
        ),
    ],
)
def test_check_previous_reports_each_declaration_at_its_place(
    tmp_path: Path, edit: tuple[str, str], line: str
) -> None:
    assert edit[0] in NEW_TEXT
    status, out = _check_previous(tmp_path, NEW_TEXT.replace(edit[0], edit[1]))
    assert line in out, out
    assert status == (0 if "warning" in line else 1)


def test_check_previous_passes_the_fixture(tmp_path: Path) -> None:
    # the fixture's fact is carried by migrate and read by no gate: said, not an error
    assert _check_previous(tmp_path, NEW_TEXT) == (
        0,
        "new.yaml:7:10: warning: $.facts[dan_so].id: the fact 'dan_so' is read by no gate, "
        "condition or comparison, so what a unit gives for it changes no result; read it where "
        "it counts (a gate's require: {fact: dan_so, ...}), or remove it [fact.unused]\n"
        "new.yaml: valid (0 errors, 1 warning); 0 provisional elements\n",
    )


def test_migrate_refuses_declarations_that_do_not_fit_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    path.write_text(NEW_TEXT.replace("renamed_from: b,", "renamed_from: x,"), encoding="utf-8")
    status, out, err = run_cli("migrate", OLD, str(path), "tests/versions/migrate/units")
    assert (status, out) == (2, "")
    assert "[lineage.unknown]" in err
    assert "Traceback" not in err


# --- the command --------------------------------------------------------------------------------

CLI_CASES = [
    ("folder.txt", [OLD, NEW, "tests/versions/migrate/units"], 1),
    ("folder.json", [OLD, NEW, "tests/versions/migrate/units", "--format", "json"], 1),
    ("sheet.txt", [OLD, NEW, "tests/versions/migrate/units.csv"], 1),
    ("same.txt", [OLD, OLD, "tests/versions/migrate/units/xa-a.yaml"], 0),
    (
        "bac_giang_bands.txt",
        [
            "bac_giang_friendly_gov",
            "examples/bac_giang_star_bands_example.yaml",
            "examples/bac_giang",
        ],
        0,
    ),
]


@pytest.mark.parametrize(("name", "argv", "status"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_the_outputs(name: str, argv: list[str], status: int) -> None:
    found, out, err = run_cli("migrate", *argv)
    assert (found, err) == (status, "")
    golden_file(GOLDEN / name, out)
    if name.endswith(".json"):
        assert json.loads(out)["status"] == status


def test_a_migrated_folder_validates_and_scores_under_the_new_rubric(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    status, _, err = run_cli(
        "migrate", OLD, NEW, "tests/versions/migrate/units", "-o", str(out_dir)
    )
    assert status == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["xa-a.yaml", "xa-b.yaml"]
    assert err.count("wrote ") == 2
    text = (out_dir / "xa-a.yaml").read_text(encoding="utf-8")
    assert "rubric: xa_mau\nrubric_version: '2025.1'\n" in text
    assert "  e2: null\n  f: 4\n  h: 5\n  n: null\n" in text
    # once the listed criteria are answered, the new rubric scores it, with no version warning
    filled = text.replace("e2: null", "e2: 60").replace("n: null", "n: yes")
    (out_dir / "xa-a.yaml").write_text(filled, encoding="utf-8")
    status, out, err = run_cli("score", NEW, str(out_dir / "xa-a.yaml"), "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out)["total"] == "78"
    # migrating the migrated file again is the identity
    status, out, _ = run_cli("migrate", NEW, NEW, str(out_dir / "xa-a.yaml"))
    assert status == 0
    assert "nothing to answer anew" in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_migrated_sheet_is_batch_scored_under_the_new_rubric(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"units{suffix}"
    status, _, err = run_cli(
        "migrate", OLD, NEW, "tests/versions/migrate/units.csv", "-o", str(target)
    )
    assert (status, err) == (1, f"wrote {target}\n")
    _, out, _ = run_cli("migrate", NEW, NEW, str(target), "--format", "json")
    report = json.loads(out)
    # the sheet names the new version, its answers read as the new rubric's, the notes kept
    assert [u["problems"] for u in report["units"]] == [[], []]
    assert [sorted(a["id"] for a in u["anew"]) for u in report["units"]] == [["e2", "n"]] * 2
    status, out, _ = run_cli("batch", NEW, str(target), "--missing", "zero", "--summary", "none")
    assert status == 0, out


def test_a_unit_that_is_not_the_old_version_is_its_own_problem(tmp_path: Path) -> None:
    units = tmp_path / "units"
    shutil.copytree(HERE / "units", units)
    xa_a = (units / "xa-a.yaml").read_text(encoding="utf-8")
    (units / "xa-c.yaml").write_text(xa_a.replace('"2024.1"', '"2023.9"'), encoding="utf-8")
    (units / "xa-d.yaml").write_text(
        xa_a.replace("rubric: xa_mau", "rubric: khac"), encoding="utf-8"
    )
    (units / "xa-e.yaml").write_text(xa_a.replace("  g: yes", "  gg: yes"), encoding="utf-8")
    out_dir = tmp_path / "out"
    status, out, _ = run_cli("migrate", OLD, NEW, str(units), "-o", str(out_dir))
    assert status == 2
    assert (
        f"{units}/xa-c.yaml:3:17: error: $.rubric_version: answered against version 2023.9" in out
    )
    assert f"{units}/xa-d.yaml:2:9: error: $.rubric: these answers are for the rubric 'khac'" in out
    assert (
        f"{units}/xa-e.yaml:12:7: error: $.answers.gg: xa_mau 2024.1 has no criterion 'gg'" in out
    )
    # the good units are written all the same
    assert sorted(p.name for p in out_dir.iterdir()) == ["xa-a.yaml", "xa-b.yaml"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["missing.yaml", NEW, "x.yaml"], "[file.unreadable]"),
        (
            [OLD, NEW, "tests/versions/migrate/units.csv", "tests/versions/migrate/units"],
            "[migrate.inputs]",
        ),
        ([OLD, NEW, "nothing.csv"], "[file.unreadable]"),
    ],
)
def test_a_user_s_mistake_is_a_problem_never_a_traceback(argv: list[str], says: str) -> None:
    status, _, err = run_cli("migrate", *argv)
    assert status == 2
    assert says in err
    assert "Traceback" not in err


def test_migrate_writes_one_file_atomically_and_refuses_a_folder_that_is_a_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "xa-b.yaml"
    status, _, _ = run_cli(
        "migrate", OLD, NEW, "tests/versions/migrate/units/xa-b.yaml", "-o", str(target)
    )
    assert status == 1
    assert "rubric_version: '2025.1'" in target.read_text(encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    status, _, err = run_cli(
        "migrate", OLD, NEW, "tests/versions/migrate/units", "-o", str(blocker)
    )
    assert status == 2
    assert "[file.folder]" in err
    assert blocker.read_text(encoding="utf-8") == "x"


# --- the version an assessment was answered against --------------------------------------------


def test_scoring_another_version_warns_and_refuses_when_strict() -> None:
    xa_a = "tests/versions/migrate/units/xa-a.yaml"
    status, _, err = run_cli("score", NEW, xa_a, "--lang", "en")
    assert err.startswith(
        f"{xa_a}:3:17: warning: $.rubric_version: answered against version 2024.1 of xa_mau, "
        f"not 2025.1: scores may be wrong where the criteria changed; carry the answers to "
        f"this version with tiercert migrate OLD {NEW} {xa_a} -o NEW_FILE"
    )
    assert "[assessment.version]" in err
    status, _, err = run_cli("score", NEW, xa_a, "--strict-version")
    assert status == 1
    assert err.count("\n") == 1
    assert "error: $.rubric_version" in err
    # the version it was answered against: no warning; the fingerprint names it too
    status, _, err = run_cli("score", OLD, xa_a)
    assert (status, err) == (0, "")


def test_an_assessment_names_its_version_or_fingerprint() -> None:
    from tiercert.migrate import answered_version, version_problem

    old = load_rubric(HERE / "old.yaml")
    assert answered_version(old, None)
    assert answered_version(old, "2024.1")
    assert answered_version(old, old.fingerprint)
    assert not answered_version(old, "2025.1")
    problem = version_problem(old, "2025.1")
    assert problem is not None
    assert not problem.is_error
    strict = version_problem(old, "2025.1", strict=True)
    assert strict is not None
    assert strict.is_error
    unit = replace(Assessment(answers={}), rubric_version="2024.1")
    assert unit.rubric_version == "2024.1"


def test_check_assessments_warns_of_another_version_and_fails_when_strict(tmp_path: Path) -> None:
    xa_a = tmp_path / "xa-a.yaml"
    status, _, _ = run_cli(
        "migrate", OLD, NEW, "tests/versions/migrate/units/xa-a.yaml", "-o", str(xa_a)
    )
    assert status == 1
    filled = (
        xa_a.read_text(encoding="utf-8").replace("e2: null", "e2: 60").replace("n: null", "n: no")
    )
    xa_a.write_text(filled, encoding="utf-8")
    assert run_cli("check", "--assessments", "--rubric", NEW, str(xa_a))[0] == 0
    status, out, _ = run_cli("check", "--assessments", "--rubric", OLD, str(xa_a), "--lang", "en")
    assert status == 1  # the answers are the new version's: the old rubric refuses them
    assert "warning: $.rubric_version: answered against version 2025.1 of xa_mau, not 2024.1" in out
    stale = tmp_path / "stale.yaml"
    stale.write_text(
        (HERE / "units" / "xa-a.yaml").read_text(encoding="utf-8").replace('"2024.1"', '"2023.1"'),
        encoding="utf-8",
    )
    status, out, _ = run_cli("check", "--assessments", "--rubric", OLD, str(stale))
    assert status == 0
    assert "[assessment.version]" in out
    assert run_cli("check", "--assessments", "--strict", "--rubric", OLD, str(stale))[0] == 1


_ODD = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.decimals(allow_nan=True)
    | st.text(max_size=8)
    | st.sampled_from(["na", "yes", "tot", "1/3", " 80 ", "NaN", "1e999"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@given(st.data())
def test_any_answers_give_a_migration_never_a_crash(data: st.DataObject) -> None:
    plan = plan_migration(load_rubric(HERE / "old.yaml"), load_rubric(HERE / "new.yaml"))
    ids = ["a", "b", "c1", "c2", "d", "e", "f", "g", "h1", "h2", "x"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), _ODD, max_size=8))
    facts = data.draw(st.dictionaries(st.sampled_from(["dan_so", "y"]), _ODD, max_size=2))
    migrated = migrate_answers(plan, answers, facts)
    assert _reads_cleanly(plan.new, migrated) == []
    assert set(migrated.answers).isdisjoint(a.id for a in migrated.anew)


def test_batch_warns_of_units_of_another_version_and_rejects_them_when_strict(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "units-2025.csv"
    assert (
        run_cli("migrate", OLD, NEW, "tests/versions/migrate/units.csv", "-o", str(sheet))[0] == 1
    )
    argv = ["batch", NEW, str(sheet), "--missing", "zero", "--summary", "none"]
    status, out, err = run_cli(*argv)
    assert (status, err) == (0, "")  # the sheet's own version: no warning
    argv = ["batch", OLD, str(sheet), "--summary", "none", "--lang", "en"]
    status, out, err = run_cli(*argv)
    assert err.endswith(
        f"{sheet}: warning: 2 units were answered against another version of xa_mau than "
        f"2024.1 (2025.1: 2, 3): scores may be wrong where the criteria changed; carry the "
        f"answers to this version with tiercert migrate OLD {OLD} {sheet} -o NEW_FILE "
        "[assessment.version]\n"
    )
    status, out, err = run_cli(*argv, "--strict-version")
    assert status == 1
    assert f"{sheet}:2:3: error: rubric_version: answered against version 2025.1" in err
    assert "warning" not in err
    assert out.count(",rejected,") == 2
    # a folder names its files
    status, out, err = run_cli("batch", NEW, "tests/versions/migrate/units", "--summary", "none")
    assert "(2024.1: xa-a.yaml)" in err


def test_json_lines_of_assessments_are_migrated_into_a_sheet(tmp_path: Path) -> None:
    lines = tmp_path / "units.jsonl"
    lines.write_text(
        json.dumps({"unit": {"id": "xa-a"}, "answers": {"b": True, "c1": "yes", "c2": "no"}})
        + "\n"
        + json.dumps({"unit_id": "xa-b", "b": "no", "d": "tot"})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    status, _, err = run_cli("migrate", OLD, NEW, str(lines), "-o", str(target))
    assert (status, err) == (1, f"wrote {target}\n")
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["unit_id"], r["b2"], r["c"], r["d"]) for r in rows] == [
        ("xa-a", True, False, None),
        ("xa-b", "no", None, "yes"),
    ]


def test_facts_the_new_version_needs_are_given_anew(tmp_path: Path) -> None:
    text = NEW_TEXT.replace(
        "facts:\n", "facts:\n  - {id: loai, title: Loại, type: choice, options: [xa, phuong]}\n"
    ).replace("type: integer}", "type: choice, options: [nho, lon]}")
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    plan = plan_migration(load_rubric(HERE / "old.yaml"), load_rubric(path))
    migrated = migrate_answers(plan, {"a": True}, {"dan_so": 12000})
    facts = [(a.id, a.code) for a in migrated.anew if a.fact]
    assert facts == [("dan_so", "invalid"), ("loai", "new")]  # 12000 is no longer an option
    assert migrated.facts == {}
    target = tmp_path / "xa-a.yaml"
    argv = ["migrate", OLD, str(path), "tests/versions/migrate/units/xa-a.yaml", "-o", str(target)]
    assert run_cli(*argv)[0] == 1
    assert "facts:\n  dan_so: null\n  loai: null\n" in target.read_text(encoding="utf-8")


def test_migrate_speaks_the_rubrics_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report in the new rubric's language (issue 13): what becomes of the answers, each
    unit, why a criterion must be answered anew; ``--lang en`` for English."""
    monkeypatch.delenv("TIERCERT_LANG")
    status, out, _ = run_cli("migrate", OLD, NEW, "tests/versions/migrate/units")
    assert status == 1
    assert out.startswith("Chuyển câu trả lời: xa_mau 2024.1 → xa_mau 2025.1")
    assert "Câu trả lời được chuyển thế nào" in out
    assert "; cần trả lời lại:" in out
    english = run_cli("migrate", OLD, NEW, "tests/versions/migrate/units", "--lang", "en")[1]
    assert english.startswith("Migrate: xa_mau 2024.1 → xa_mau 2025.1")


def test_a_level_given_by_its_label_or_in_another_case_is_carried_as_the_old_rubric_reads_it() -> (
    None
):
    def rubric(version: str, criterion: dict[str, Any]) -> Rubric:
        data = {"format": 1, "id": "xa", "version": version, "language": "vi", "title": "Xã"}
        return rubric_from_mapping({**data, "criteria": [criterion], "tiers": []})

    levels = [
        {"id": "tot", "label": "Tốt", "points": 10},
        {"id": "kha", "label": "Khá", "points": 5},
        {"id": "kem", "label": "Kém", "points": 0},
    ]
    old = rubric("1", {"id": "d", "title": "D", "rule": {"kind": "levels", "levels": levels}})
    new = rubric(
        "2",
        {
            "id": "d",
            "title": "D",
            "carry": {"tot": "yes", "kha": "yes", "kem": "no"},
            "rule": {"kind": "boolean", "points": 10},
        },
    )
    plan = plan_migration(old, new)
    # the old rubric scores each of these as 'tot' (10 points): each carries as 'tot' does
    for typed in ("tot", "Tốt", "TOT", "tốt", {"value": "Tốt", "justification": "x"}):
        assert old.evaluate({"d": typed}).total == 10
        migrated = migrate_answers(plan, {"d": typed}, {})
        expected = {**typed, "value": "yes"} if isinstance(typed, dict) else "yes"
        assert (migrated.answers, migrated.anew) == ({"d": expected}, ())
    assert migrate_answers(plan, {"d": "Kém"}, {}).answers == {"d": "no"}
    # what the old rubric does not read stays refused, as typed
    (anew,) = migrate_answers(plan, {"d": "Rất tốt"}, {}).anew
    assert (anew.id, anew.code) == ("d", "value")
    assert "'Rất tốt'" in anew.reason


SHIPPED = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
ROUND = "examples/bac_giang_programme/round_2024.csv"


def _next_version(tmp_path: Path, *drop: str) -> Path:
    """The shipped Bắc Giang rubric as a next version: group g5 renamed g5m (its answers and
    its evidence file follow it), and the list items whose first line is in ``drop`` (an
    attribute, a stage, a dossier document: ``  - id: unit_type``) taken out."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    skipping = None
    for line in lines:
        if skipping is not None:
            if line.startswith(skipping + " ") or not line.strip():
                continue
            skipping = None
        if line.strip() in drop:
            skipping = line[: len(line) - len(line.lstrip())]
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    text = text.replace('version: "2023-provisional.1"', 'version: "2024.1"', 1)
    text = text.replace("  - id: g5\n", "  - id: g5m\n    renamed_from: g5\n", 1)
    path = tmp_path / "next.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_cli("check", str(path), "--previous", str(SHIPPED))[0] == 0
    return path


def _comparable(line: dict[str, Any]) -> dict[str, Any]:
    """A batch output row without what a new version changes by itself (its version, its
    fingerprint, the row numbers of another format) and with g5's id made g5m."""
    out = {
        k: v for k, v in line.items() if k not in ("row", "rubric_version", "rubric_fingerprint")
    }
    if "g5.score" in out:
        out["g5m.score"] = out.pop("g5.score")
    out["flags"] = [f.replace(" g5 ", " g5m ") for f in out["flags"]]
    return out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_programme_s_round_is_carried_and_scores_the_same(tmp_path: Path, suffix: str) -> None:
    """The shipped Bắc Giang round (attributes, two stages, a dossier, notes) was refused
    (migrate.programme): its stages are now migrated as answers are, the attributes, the
    dossier and the notes kept; the new version scores it as the old one did, stage by
    stage, flags and dossier gaps included."""
    new = _next_version(tmp_path)
    target = tmp_path / f"migrated{suffix}"
    status, out, err = run_cli("migrate", str(SHIPPED), str(new), ROUND, "-o", str(target))
    assert status == 0, out + err
    assert (
        "9 units: 9 carried whole"
        in run_cli("migrate", str(SHIPPED), str(new), ROUND, "--lang", "en")[1]
    )
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    assert run_cli("batch", str(SHIPPED), ROUND, "-o", str(before), "--summary", "none")[0] == 0
    assert run_cli("batch", str(new), str(target), "-o", str(after), "--summary", "none")[0] == 0
    old_rows = [json.loads(line) for line in before.read_text(encoding="utf-8").splitlines()]
    new_rows = [json.loads(line) for line in after.read_text(encoding="utf-8").splitlines()]
    assert [_comparable(r) for r in new_rows] == [_comparable(r) for r in old_rows]
    assert new_rows[1]["flags"] == [
        "district (from self): tier sao-4 -> sao-1",
        "district (from self): g2 25 -> 20",
    ]
    assert {r["district"] for r in new_rows} >= {"Huyện Mẫu Một"}
    if suffix == ".csv":
        header = target.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert header[:6] == ["unit_id", "unit_name", "rubric_version", "district", "unit_type",
                              "year"]  # fmt: skip
        assert "self:g5m" in header
        assert "evidence:g5m" in header
        assert "#ghi_chu" in header
        assert "g1" not in header  # answers given by stage stay by stage


def test_a_file_s_stages_are_carried_and_score_the_same(tmp_path: Path) -> None:
    from tiercert.programme import score_assessment

    new = _next_version(tmp_path)
    unit = tmp_path / "xa-u.yaml"
    unit.write_text(
        "rubric: bac_giang_friendly_gov\n"
        "unit: {id: xa-u, name: Xã U, district: Huyện A, unit_type: xã, year: 2024}\n"
        "facts: {head_disciplined_or_prosecuted: false}\n"
        "stages:\n"
        "  self: {answers: {g1: 18, g2: 23, g3: 18, g4: 13, g5: 18}}\n"
        "  district:\n"
        "    answers: {g1: 17, g2: 20, g3: 18, g4: 13, g5: {value: 15, justification: PKS}}\n"
        "dossier: {documents: [to_trinh, bao_cao], evidence: [g1, g5]}\n",
        encoding="utf-8",
    )
    target = tmp_path / "xa-u-2024.1.yaml"
    status, out, err = run_cli("migrate", str(SHIPPED), str(new), str(unit), "-o", str(target))
    assert status == 0, out + err
    text = target.read_text(encoding="utf-8")
    assert "g5m:\n        value: 15\n        justification: PKS\n" in text
    assert "  evidence:\n  - g1\n  - g5m\n" in text
    was = score_assessment(load_rubric(SHIPPED), tiercert_load(unit))
    now = score_assessment(load_rubric(new), tiercert_load(target))
    assert now.attributes == was.attributes == {
        "district": "Huyện A", "unit_type": "xã", "year": "2024"
    }  # fmt: skip
    assert {s: r.total for s, r in now.stages.items()} == {"self": 90, "district": 83}
    assert {s: r.total for s, r in now.stages.items()} == {
        s: r.total for s, r in was.stages.items()
    }
    assert now.missing_documents == was.missing_documents
    assert now.missing_evidence == ("g2", "g3", "g4")
    assert was.missing_evidence == ("g2", "g3", "g4")
    assert [f.describe() for f in now.flags] == [
        f.describe().replace(" g5 ", " g5m ") for f in was.flags
    ]


def test_a_folder_mixing_files_with_and_without_stages_carries_each(tmp_path: Path) -> None:
    """The first file decided for the folder: a file with stages after one without would
    have been carried without its stages."""
    new = _next_version(tmp_path)
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text(  # no attribute, stage nor dossier
        "unit: {id: xa-a}\nfacts: {head_disciplined_or_prosecuted: false}\n"
        "answers: {g1: 18, g2: 23, g3: 18, g4: 13, g5: 17}\n",
        encoding="utf-8",
    )
    (folder / "b.yaml").write_text(
        "unit: {id: xa-b}\nfacts: {head_disciplined_or_prosecuted: false}\n"
        "stages:\n  self: {answers: {g1: 18, g2: 23, g3: 18, g4: 13, g5: 18}}\n",
        encoding="utf-8",
    )
    target = tmp_path / "out"
    status, out, err = run_cli("migrate", str(SHIPPED), str(new), str(folder), "-o", str(target))
    assert status == 0, out + err
    assert "g5m: 17" in (target / "a.yaml").read_text(encoding="utf-8")
    assert "stages:\n  self:\n    answers:" in (target / "b.yaml").read_text(encoding="utf-8")
    assert "g5m: 18" in (target / "b.yaml").read_text(encoding="utf-8")


def tiercert_load(path: Path) -> Assessment:
    from tiercert import load_assessment

    return load_assessment(path)


def test_programme_parts_the_new_version_drops_are_the_unit_s_problem(tmp_path: Path) -> None:
    """Only what the new version cannot take is refused, with the place and what to do: an
    attribute it no longer declares, a stage, a dossier document."""
    new = _next_version(tmp_path, "- id: unit_type", "- id: district", "- id: phe_duyet")
    target = tmp_path / "migrated.csv"
    status, out, _ = run_cli(
        "migrate", str(SHIPPED), str(new), ROUND, "-o", str(target), "--lang", "en"
    )
    assert status == 2
    first = [line for line in out.splitlines() if "round_2024.csv:2:" in line]
    # the attributes district and unit_type, the stage district (once), the document
    assert [line.split(": error: ")[0].strip() for line in first] == [
        f"{ROUND}:2:3",
        f"{ROUND}:2:4",
        f"{ROUND}:2:11",
        f"{ROUND}:2:21",
    ], out
    assert all("[migrate.programme]" in line for line in first), first
    said = "\n".join(first)
    assert (
        "the units give the attribute 'unit_type', which bac_giang_friendly_gov 2024.1 "
        "does not declare: it would be lost; declare it" in said
    )
    assert "no stage is called 'district'" in said
    assert "the dossier has no document 'phe_duyet'" in said
    assert "then migrate them again" in said
    assert "9 units: 0 carried whole, 0 with criteria to answer anew, 9 not migrated" in out


PROGRAMME = """
format: 1
id: towns
version: "{version}"
title: Towns
criteria:
  - id: a
    title: A
    max: 50
    direct: true
    children: [{{id: a1, title: A1, rule: {{kind: boolean, points: 50}}}}]
  - {{id: {b}, title: B, max: 50, direct: true,
     children: [{{id: b1, title: B1, rule: {{kind: boolean, points: 50}}}}]}}
facts:
  - {{id: banned, title: Banned, type: boolean, default: false}}
gates:
  - {{id: not_banned, title: Not banned, require: {{fact: banned, equals: false}}}}
tiers:
  - {{id: bronze, label: Bronze, rank: 1, min: 50}}
attributes:
  - {{id: region, title: Region, type: choice, values: [North, South], required: true}}
stages:
  - {{id: own, label: Own score}}
  - {{id: review, label: Review}}
dossier:
  evidence: true
  documents: [{{id: letter, title: Letter}}]
"""


def test_a_stage_s_own_facts_stay_with_it_and_a_renamed_group_keeps_its_evidence(
    tmp_path: Path,
) -> None:
    """Worked by hand: t1 own 45 + 50, review 45 + 30 (decides: 75, bronze); t2 only its own
    stage, banned there (80, the gate fails).  Under version 2 (b renamed bb) the same."""
    old, new = tmp_path / "p1.yaml", tmp_path / "p2.yaml"
    old.write_text(PROGRAMME.format(version="1", b="b"), encoding="utf-8")
    new.write_text(PROGRAMME.format(version="2", b="bb, renamed_from: b"), encoding="utf-8")
    units = tmp_path / "r.csv"
    units.write_text(
        "unit_id,region,own:a,own:b,own:banned,review:a,review:b,dossier:letter,evidence:b\n"
        "t1,North,45,50,no,45,30,yes,yes\n"
        "t2,South,40,40,yes,,,yes,no\n",
        encoding="utf-8",
    )
    target = tmp_path / "r2.csv"
    assert run_cli("migrate", str(old), str(new), str(units), "-o", str(target))[0] == 0
    header, *rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert header == (
        "unit_id,unit_name,rubric_version,region,own:a,own:a1,own:bb,own:b1,review:a,"
        "review:a1,review:bb,review:b1,own:banned,dossier:letter,evidence:bb"
    )
    assert rows == ["t1,,2,North,45,,50,,45,,30,,no,yes,yes", "t2,,2,South,40,,40,,,,,,yes,yes,no"]
    out = tmp_path / "o.jsonl"
    assert run_cli("batch", str(new), str(target), "-o", str(out), "--summary", "none")[0] == 0
    scored = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["total"], r["own.total"], r["review.total"]) for r in scored] == [
        ("75", "95", "75"),
        ("80", "80", None),
    ]
    assert [r["failed_gates"] for r in scored] == [[], ["not_banned"]]
    assert [r["missing_evidence"] for r in scored] == [["a"], ["a", "bb"]]


def test_a_file_s_attributes_are_kept_when_the_new_version_declares_no_programme(
    tmp_path: Path,
) -> None:
    # the shipped example files give attributes under unit: a rubric without a programme
    # keeps them as the unit's text, as before
    assert run_cli(
        "migrate", "bac_giang_friendly_gov", "examples/bac_giang_star_bands_example.yaml",
        "examples/bac_giang",
    )[0] == 0  # fmt: skip


def test_a_csv_answers_sheet_never_carries_the_formula_guard(tmp_path: Path) -> None:
    # read back as data, a leading ' would be the user's: a unit id '-2+3 is not -2+3; and
    # without the guard a spreadsheet program would run it. So a CSV sheet refuses it.
    units = tmp_path / "units.csv"
    text = (HERE / "units.csv").read_text(encoding="utf-8")
    units.write_text(text.replace("xa-b,Xã B,", "-2+3,=SUM(1),"), encoding="utf-8")
    target = tmp_path / "migrated.csv"
    status, _, err = run_cli("migrate", OLD, NEW, str(units), "-o", str(target))
    assert status == 2
    assert (
        f"{target}:3:1: error: unit_id: '-2+3' starts like a spreadsheet formula: "
        "a CSV answers sheet cannot keep it both safe to open and exact when read back; "
        "write the sheet as .xlsx or .jsonl [file.formula]"
    ) in err
    assert not target.exists()
    # as JSON Lines the texts are kept as they are, and read back as they were
    lines = tmp_path / "migrated.jsonl"
    assert run_cli("migrate", OLD, NEW, str(units), "-o", str(lines))[0] == 1
    status, out, _ = run_cli("migrate", NEW, NEW, str(lines), "--format", "json")
    assert [u["unit_id"] for u in json.loads(out)["units"]] == ["xa-a", "-2+3"]


_OPEN_RANGE = """format: 1
id: visits
version: "{version}"
title: Visits
criteria:
  - id: visitors
    title: Visitors a year (thousands)
    max: 100000
    rule: {{kind: direct}}
tiers:
  - {{id: pass, label: Pass, rank: 1, min: 1}}
"""


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_migrated_number_reads_back_as_it_was_meant(tmp_path: Path, suffix: str) -> None:
    """7.375 given as a spreadsheet's number, where 7375 fits the rule too: written back as
    ``7.375`` it would be refused as ambiguous when read again, so it is written ``7.3750``."""
    import openpyxl

    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(_OPEN_RANGE.format(version="1"), encoding="utf-8")
    new.write_text(_OPEN_RANGE.format(version="2"), encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_id", "rubric_version", "visitors"])
    sheet.append(["u1", "1", 7.375])
    book.save(tmp_path / "units.xlsx")
    target = tmp_path / f"out{suffix}"
    status, _, err = run_cli(
        "migrate", str(old), str(new), str(tmp_path / "units.xlsx"), "-o", str(target)
    )
    assert status == 0, err
    scored = tmp_path / "scored.csv"
    status, out, err = run_cli(
        "batch", str(new), str(target), "-o", str(scored), "--summary", "none"
    )
    assert status == 0, out + err
    assert "7.375" in scored.read_text(encoding="utf-8")


def test_numbers_tiercert_writes_in_yaml_and_json_read_back_as_meant() -> None:
    import yaml

    from tiercert._literals import unambiguous
    from tiercert.migrate import _json_ready
    from tiercert.rubric import _YamlDumper

    assert [unambiguous(t) for t in ("7.375", "12.000", "7.37", "7.3750", "1234.5")] == [
        "7.3750", "12.0000", "7.37", "7.3750", "1234.5",
    ]  # fmt: skip
    written = yaml.dump({"a": Decimal("7.375"), "b": Decimal("2.5")}, Dumper=_YamlDumper)
    assert written == "a: 7.3750\nb: 2.5\n"
    assert _json_ready({"a": Decimal("7.375"), "b": [Decimal("1.5")]}) == {
        "a": "7.3750",
        "b": ["1.5"],
    }


_PERCENT = """format: 1
id: fibre
version: "{version}"
title: Fibre
criteria:
  - id: share
    title: Households with fibre (%)
    rule:
      kind: bands
      range: {{min: 0, max: 100}}
      bands: [{{min: 0, max: 80, points: 0}}, {{min: 80, max: 100, points: 10}}]
  - {{id: part, title: A part, max: 30, rule: {{kind: direct}}}}
tiers:
  - {{id: pass, label: Pass, rank: 1, min: 10}}
"""


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_a_migrated_number_the_results_would_cut_is_written_exactly(
    tmp_path: Path, suffix: str
) -> None:
    """A percentage cell holding 0.799999999999999 (shown as 80%; fifteen significant
    digits, as a spreadsheet keeps them) is the answer 79.9999999999999, and an answer
    ``67/3`` is 67/3: the migrated sheet is read back as answers, so they are written
    exactly, never cut for reading (``79.999999999999…``, which no reader takes, nor
    ``22.333333333333…``)."""
    import openpyxl

    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(_PERCENT.format(version="1"), encoding="utf-8")
    new.write_text(_PERCENT.format(version="2"), encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit_id", "rubric_version", "share", "part"])
    sheet.append(["u1", "1", 0.799999999999999, "67/3"])
    sheet.cell(2, 3).number_format = "0%"
    book.save(tmp_path / "units.xlsx")
    target = tmp_path / f"out{suffix}"
    status, _, err = run_cli(
        "migrate", str(old), str(new), str(tmp_path / "units.xlsx"), "-o", str(target)
    )
    assert status == 0, err
    scored = tmp_path / "scored.jsonl"
    status, out, err = run_cli(
        "batch", str(new), str(target), "-o", str(scored), "--summary", "none"
    )
    assert status == 0, out + err
    (row,) = [json.loads(line) for line in scored.read_text(encoding="utf-8").splitlines()]
    assert (row["status"], row["total"]) == ("scored", "67/3")  # 79.99…: no points for share


def test_a_unit_id_used_twice_is_said_as_batch_says_it(tmp_path: Path) -> None:
    """``migrate`` carried both rows of a unit id used twice in a sheet (a folder, a
    programme's round), unflagged: it now refuses the second with the problem ``batch`` gives
    it (``unit.duplicate``), in the same words, and migrates the first."""
    sheet = tmp_path / "units.csv"
    rows = (HERE / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    sheet.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    folder = tmp_path / "units"
    shutil.copytree(HERE / "units", folder)
    shutil.copy(folder / "xa-a.yaml", folder / "xa-z.yaml")
    round_ = tmp_path / "round.csv"
    rows = (ROOT / ROUND).read_text(encoding="utf-8-sig").splitlines()
    round_.write_text("\n".join([*rows[:3], rows[2]]) + "\n", encoding="utf-8")
    new = _next_version(tmp_path)
    for old, to, units in [(OLD, NEW, sheet), (OLD, NEW, folder), (str(SHIPPED), str(new), round_)]:
        status, out, _ = run_cli("migrate", old, to, str(units), "--lang", "en")
        said = [line.strip() for line in out.splitlines() if "[unit.duplicate]" in line]
        _, _, err = run_cli(
            "batch", old, str(units), "--lang", "en", "-o", str(tmp_path / "r.jsonl")
        )
        assert said == [line for line in err.splitlines() if "[unit.duplicate]" in line]
        assert len(said) == 1, out
        assert status == 2
        assert "1 not migrated" in out


def test_last_year_s_sheet_names_the_criteria_that_took_its_columns_over() -> None:
    """A reviewer scored last year's sheet with this year's rubric, where ``g2.2`` was
    renamed ``g2.3``: the column was told "did you mean 'g3.2'?", another criterion, where
    the answers belong to ``g2.3`` (twenty-fourth round).  A column named by an id this
    version's criteria took over (renamed, split, merged) says which, and how to carry the
    answers; an evidence column of one too."""
    from tiercert import evaluate_many
    from tiercert.tabular import Row

    new = load_rubric(HERE / "new.yaml")
    header = ("unit_id", "b", "c1", "e", "e.justification", "h1", "zz")
    row = Row(2, header, ["xa-a", "yes", "yes", 80, "report", 3, 1], "units.csv")
    [outcome] = list(evaluate_many(new, [row]))
    said = {p.path[0]: p.message for p in outcome.problems if p.code == "column.unknown"}
    carry = ": carry the answers to this version with tiercert migrate OLD NEW FILE -o NEW_FILE"
    why = " (OLD: the earlier version's rubric, FILE: this sheet or file)"
    assert said["b"] == (
        f"unknown column 'b'; in an earlier version of the rubric this was the id of what is "
        f"now b2{carry}{why}"
    )
    assert said["c1"].endswith(f"the id of what is now c{carry}{why}")
    assert "what is now e1, e2:" in said["e"]
    assert said["e.justification"].startswith(
        "unknown column 'e.justification': the rubric has no criterion 'e'; in an earlier"
    )
    assert "what is now h:" in said["h1"]
    assert "earlier version" not in said["zz"]  # an id no criterion took over: as before


#: last year's answers (``tests/versions/migrate/old.yaml``'s ids) given to this year's rubric
_LAST_YEAR = {"a": True, "b": True, "c1": True, "c2": True, "d": True, "e": 95, "f": 2}


def _unknown_said(problems: list[Any]) -> dict[str, str]:
    return {p.path[1]: p.message for p in problems if p.code == "answer.unknown"}


def test_an_earlier_id_in_an_api_s_answers_names_the_criteria_to_answer() -> None:
    """An API's answers under last year's ids were told "did you mean" the id spelt alike
    (``c1`` -> ``c``... or ``e`` -> ``a``, another criterion), or to remove them (twenty-fifth
    round).  The caller is told which criteria took the id over and to answer them; no
    command to run (a Python caller has no sheet to migrate)."""
    new = load_rubric(HERE / "new.yaml")
    with pytest.raises(AssessmentError) as raised:
        new.evaluate(_LAST_YEAR)
    said = _unknown_said(raised.value.problems)
    assert said["b"] == (
        "the rubric has no criterion 'b'; in an earlier version of the rubric this was the id "
        "of what is now b2: answer b2 instead (answers given under the earlier version are "
        "carried by tiercert.migrate.migrate_answers)"
    )
    assert "what is now c: answer c instead" in said["c1"]
    assert "what is now c: answer c instead" in said["c2"]
    assert "what is now e1, e2: answer e1, e2 instead" in said["e"]
    assert all("did you mean" not in m and "tiercert migrate" not in m for m in said.values())


def test_a_fact_under_an_earlier_criterion_s_id_is_a_fact_the_rubric_lacks() -> None:
    """Only an answer's id names the criteria that took it over: facts are not criteria, and
    a fact under last year's criterion id (``b``, now ``b2``; ``e``, now ``e1, e2``) is told
    as any unknown fact is, never "answer b2 instead" (mutation score, twenty-fifth round:
    ``_reference._unknown`` asked the rename history for facts too)."""
    new = load_rubric(HERE / "new.yaml")
    with pytest.raises(AssessmentError) as raised:
        new.evaluate({"a": True}, facts={"b": 1, "e": 95, "dan_so": 100})
    said = {p.path[1]: p.message for p in raised.value.problems if p.code == "fact.unknown"}
    assert said == {
        "b": "the rubric has no fact 'b'; remove it or fix the id",
        "e": "the rubric has no fact 'e'; remove it or fix the id",
    }


def test_an_earlier_id_in_an_assessment_file_is_placed_and_told_how_to_migrate(
    tmp_path: Path,
) -> None:
    """``tiercert score`` of last year's file: each old id at its line and column, the
    criteria that took it over, and ``tiercert migrate`` to carry the file; in Vietnamese
    too."""
    path = tmp_path / "xa-a.yaml"
    lines = [f"  {key}: {json.dumps(value)}" for key, value in _LAST_YEAR.items()]
    path.write_text("rubric: xa_mau\nanswers:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    status, _, out = run_cli("score", NEW, str(path), "--lang", "en")
    assert status == 1, out
    assert (
        f"{path}:4:3: error: $.answers.b: the rubric has no criterion 'b'; in an earlier "
        "version of the rubric this was the id of what is now b2: carry the answers to this "
        "version with tiercert migrate OLD NEW FILE -o NEW_FILE (OLD: the earlier version's "
        "rubric, FILE: this sheet or file) [answer.unknown]"
    ) in out
    assert f"{path}:8:3: error: $.answers.e:" in out
    assert "what is now e1, e2: carry" in out
    assert "did you mean" not in out
    _, _, out = run_cli("score", NEW, str(path), "--lang", "vi")
    assert (
        "bộ tiêu chí không có tiêu chí 'b'; ở một phiên bản trước của bộ tiêu chí, đây là mã "
        "của tiêu chí nay là b2: hãy chuyển câu trả lời sang phiên bản này bằng tiercert migrate"
    ) in out


@given(st.data())
def test_every_reader_says_the_same_of_an_earlier_id(data: st.DataObject) -> None:
    """Renamed criteria of a drawn rubric: an answer under an old id, in an API's answers,
    in a file, and as a batch's column, names the criterion that took it over, the same one
    in all three, and none of them says "did you mean" (it may name another criterion)."""
    from tiercert import evaluate_many
    from tiercert.assessment import parse_assessment
    from tiercert.tabular import Row

    old_data = data.draw(rubric_data())
    new_data = copy.deepcopy(old_data)
    renames = renamed_ids(data.draw, new_data)  # type: ignore[arg-type]
    new = rubric_from_mapping(new_data)
    for was, now in renames.items():
        said = []
        with pytest.raises(AssessmentError) as raised:
            new.evaluate({was: True})
        said.append(_unknown_said(raised.value.problems)[was])
        in_a_file = parse_assessment(f"answers:\n  {was}: true\n", file="a.yaml")
        with pytest.raises(AssessmentError) as raised:
            new.evaluate(in_a_file)
        [in_file] = [p for p in raised.value.problems if p.code == "answer.unknown"]
        assert (in_file.line, in_file.column) == (2, 3)
        said.append(in_file.message)
        [outcome] = list(evaluate_many(new, [Row(2, ("unit_id", was), ["u", "yes"], "u.csv")]))
        said += [p.message for p in outcome.problems if p.code == "column.unknown"]
        assert len(said) == 3
        for message in said:
            assert f"this was the id of what is now {now}: " in message, message
            assert "did you mean" not in message
        assert "tiercert migrate" not in said[0]
        assert "tiercert migrate" in said[1]
        assert "tiercert migrate" in said[2]
