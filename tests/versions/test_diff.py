"""The rubric diff: every change found, nothing else, whatever the rubric (tiercert.diff)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import RUBRICS
from rubric_edits import edited, renamed_ids
from strategies import reordered, rubric_data, rubrics
from tiercert import ProblemsError, RubricError, parse_rubric, rubric_from_mapping
from tiercert.diff import (
    Change,
    compare_files,
    diff_data,
    diff_rubrics,
    render_json,
    render_markdown,
    render_text,
    show_value,
)
from tiercert.diff import (
    rubric_data as plain_data,
)

SHIPPED = sorted(p.stem for p in RUBRICS.glob("*.yaml"))


def _listed(changes: tuple[Change, ...]) -> set[tuple[str, str, str, str]]:
    return {(c.section, c.id, c.kind, c.field) for c in changes}


# --- properties -------------------------------------------------------------------------------


@given(rubrics())
def test_a_rubric_compared_with_itself_or_a_copy_has_no_changes(rubric: Any) -> None:
    assert diff_rubrics(rubric, rubric).same
    copy_of = rubric_from_mapping(rubric.spec.model_dump(by_alias=True, exclude_defaults=True)).at(
        rubric.as_of
    )
    diff = diff_rubrics(rubric, copy_of)
    assert diff.changes == ()
    assert diff.maxima == ()
    assert diff.hints == ()
    assert diff.counts() == dict.fromkeys(diff.counts(), 0)


@given(rubrics())
def test_a_rubric_and_its_yaml_round_trip_have_no_changes(rubric: Any) -> None:
    again = parse_rubric(rubric.to_yaml())
    assert diff_rubrics(rubric, again).same


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_rubric_and_its_yaml_round_trip_have_no_changes(name: str) -> None:
    diff, rubric, _ = compare_files(name, name)
    assert diff.same
    assert diff_rubrics(rubric, parse_rubric(rubric.to_yaml())).same


@given(st.data())
def test_random_edits_are_listed_exactly(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data, expected = data.draw(edited(old_data))
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    diff = diff_rubrics(old, new)
    assert _listed(diff.changes) == expected
    # the diff is empty exactly when the fingerprints are equal: nothing is ever missed
    assert diff.same == (old.fingerprint == new.fingerprint)
    # and back: the same changes the other way round
    back = diff_rubrics(new, old)
    flipped = {"added": "removed", "removed": "added"}
    assert _listed(back.changes) == {(s, i, flipped.get(k, k), f) for s, i, k, f in expected}


@given(st.data())
def test_declared_renames_are_listed_as_renamed_and_nothing_else(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data = copy.deepcopy(old_data)
    renames = renamed_ids(data.draw, new_data)  # type: ignore[arg-type]
    old, new = rubric_from_mapping(old_data), rubric_from_mapping(new_data)
    diff = diff_rubrics(old, new)
    assert _listed(diff.changes) == {("criterion", n, "renamed", "id") for n in renames.values()}
    assert sorted((c.old, c.new) for c in diff.changes) == sorted(renames.items())
    assert diff.hints == ()
    # the other way round the declaration names nothing the old rubric has: removed and added
    back = diff_rubrics(new, old)
    assert {c.kind for c in back.changes} <= {"added", "removed"}
    assert diff.same == (not renames)


@given(st.data())
def test_reordering_is_only_moves(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    shuffled = data.draw(reordered(rubric))
    diff = diff_rubrics(rubric, shuffled)
    assert {(c.kind, c.field) for c in diff.changes} <= {("moved", "position")}
    assert diff.same == (rubric.fingerprint == shuffled.fingerprint)


@given(st.data())
def test_rendering_never_fails(data: st.DataObject) -> None:
    old_data = data.draw(rubric_data())
    new_data, _ = data.draw(edited(old_data))
    diff = diff_rubrics(rubric_from_mapping(old_data), rubric_from_mapping(new_data))
    assert render_text(diff).count("\n") >= 4
    assert render_markdown(diff, "en").startswith("# Changes from random 1 to random 1")
    assert json.loads(render_json(diff))["same"] is diff.same


# --- each kind of change ----------------------------------------------------------------------

BASE: dict[str, Any] = {
    "format": 1,
    "id": "demo",
    "version": "1",
    "title": {"vi": "Bộ tiêu chí", "en": "Demo rubric"},
    "language": "vi",
    "sources": [{"id": "s1", "title": "Decision 1", "url": "https://example.org/1"}],
    "facts": [{"id": "head_ok", "title": "Head not disciplined", "type": "boolean"}],
    "criteria": [
        {
            "id": "g1",
            "title": {"vi": "Nhóm 1", "en": "Group 1"},
            "children": [
                {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 5}},
                {
                    "id": "b",
                    "title": "B",
                    "rule": {
                        "kind": "levels",
                        "levels": [{"id": "low", "points": 0}, {"id": "high", "points": 5}],
                    },
                },
            ],
        },
        {
            "id": "g2",
            "title": "Nhóm 2",
            "children": [
                {
                    "id": "c",
                    "title": "Tỷ lệ hồ sơ đúng hạn",
                    "rule": {
                        "kind": "bands",
                        "bands": [
                            {"min": 0, "max": 50, "points": 0},
                            {"min": 50, "max": 100, "points": 10},
                        ],
                    },
                },
                {"id": "d", "title": "D", "rule": {"kind": "direct"}, "max": 10},
            ],
        },
    ],
    "gates": [
        {"id": "k1", "title": "Head", "require": {"fact": "head_ok", "equals": True}},
        {"id": "k2", "title": "Half", "require": {"percent": "g1", "at_least": 50}},
    ],
    "tiers": [
        {"id": "t1", "label": "One star", "rank": 1, "min": 15, "sources": ["s1"]},
        {"id": "t2", "label": "Two stars", "rank": 2, "min": 25},
    ],
    "targets": [{"period": "2025", "share": 50}],
}


def _diff(edit: Any) -> set[tuple[str, str, str, str, str]]:
    new = copy.deepcopy(BASE)
    edit(new)
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    return {(c.section, c.id, c.kind, c.field, c.aspect) for c in diff.changes}


def _leaf(data: dict[str, Any], ident: str) -> dict[str, Any]:
    for group in data["criteria"]:
        for child in group["children"]:
            if child["id"] == ident:
                return child  # type: ignore[no-any-return]
    raise KeyError(ident)


CASES: list[tuple[str, Any, set[tuple[str, str, str, str, str]]]] = [
    (
        "points",
        lambda d: _leaf(d, "a")["rule"].update(points=6),
        {("criterion", "a", "changed", "rule.points", "points")},
    ),
    (
        "level points",
        lambda d: _leaf(d, "b")["rule"]["levels"][1].update(points=4),
        {("criterion", "b", "changed", "rule.levels[high].points", "points")},
    ),
    (
        "level added",
        lambda d: _leaf(d, "b")["rule"]["levels"].append({"id": "mid", "points": 2}),
        {("criterion", "b", "changed", "rule.levels[mid]", "levels")},
    ),
    (
        "levels reordered",
        lambda d: _leaf(d, "b")["rule"]["levels"].reverse(),
        {("criterion", "b", "changed", "rule.levels", "levels")},
    ),
    (
        "band edge",
        lambda d: (
            [_leaf(d, "c")["rule"]["bands"][i].update(k) for i, k in ((0, {"max": 60}),)]
            and _leaf(d, "c")["rule"]["bands"][1].update(min=60)
        ),
        {("criterion", "c", "changed", "rule.bands", "bands")},
    ),
    (
        "band edges semantics",
        lambda d: _leaf(d, "c")["rule"].update(edges="max_inclusive"),
        {("criterion", "c", "changed", "rule.edges", "bands")},
    ),
    (
        "rule kind",
        lambda d: _leaf(d, "a").update(rule={"kind": "direct"}, max=5),
        {
            ("criterion", "a", "changed", "rule", "rule"),
            ("criterion", "a", "changed", "max", "maximum"),
        },
    ),
    (
        "maximum",
        lambda d: _leaf(d, "d").update(max=8),
        {("criterion", "d", "changed", "max", "maximum")},
    ),
    (
        "aggregate and weights",
        lambda d: (
            d["criteria"][1].update(aggregate="weighted", max=20)
            or [c.update(weight=1) for c in d["criteria"][1]["children"]]
        ),
        {
            ("criterion", "g2", "changed", "aggregate", "aggregate"),
            ("criterion", "g2", "changed", "max", "maximum"),
            ("criterion", "c", "changed", "weight", "weight"),
            ("criterion", "d", "changed", "weight", "weight"),
        },
    ),
    (
        "N/A",
        lambda d: _leaf(d, "a").update(na={"counts_as": "satisfied"}),
        {("criterion", "a", "changed", "na", "N/A")},
    ),
    (
        "evidence",
        lambda d: _leaf(d, "a").update(evidence=["url"]),
        {("criterion", "a", "changed", "evidence", "evidence")},
    ),
    (
        "gate threshold",
        lambda d: d["gates"][1]["require"].update(at_least=60),
        {("gate", "k2", "changed", "require.at_least", "condition")},
    ),
    (
        "gate condition kind",
        lambda d: d["gates"][1].update(require={"score": "g1", "at_least": 5}),
        {("gate", "k2", "changed", "require", "condition")},
    ),
    (
        "gate scope",
        lambda d: d["gates"][0].update(tiers=["t2"]),
        {("gate", "k1", "changed", "tiers", "scope")},
    ),
    (
        "fact",
        lambda d: d["facts"][0].update(default=True),
        {("fact", "head_ok", "changed", "default", "fact")},
    ),
    (
        "tier minimum",
        lambda d: d["tiers"][1].update(min=26),
        {("tier", "t2", "changed", "min", "threshold")},
    ),
    (
        "tier renamed",
        lambda d: d["tiers"][1].update(label={"vi": "Hai sao", "en": "Two stars"}),
        {("tier", "t2", "renamed", "label", "title")},
    ),
    (
        "confirmed and back",
        lambda d: (
            d["tiers"][1].update(provisional=True, note="not found")
            or d["gates"][0].update(provisional=True)
        ),
        {
            ("tier", "t2", "changed", "provisional", "provisional"),
            ("tier", "t2", "changed", "note", "note"),
            ("gate", "k1", "changed", "provisional", "provisional"),
        },
    ),
    (
        "sources",
        lambda d: (
            d["tiers"][0].update(sources=[]) or d["sources"][0].update(url="https://example.org/2")
        ),
        {
            ("tier", "t1", "changed", "sources", "sources"),
            ("source", "s1", "changed", "url", "source"),
        },
    ),
    (
        "target",
        lambda d: d["targets"][0].update(share=60),
        {("target", "2025", "changed", "share", "target")},
    ),
    (
        "rubric",
        lambda d: d.update(version="2", scoring={"missing": "zero"}),
        {
            ("rubric", "", "changed", "version", "identity"),
            ("rubric", "", "changed", "scoring.missing", "missing answers"),
        },
    ),
    (
        "criterion renamed",
        lambda d: _leaf(d, "a").update(title="A mới"),
        {("criterion", "a", "renamed", "title", "title")},
    ),
    (
        "criterion moved to another group",
        lambda d: d["criteria"][1]["children"].append(d["criteria"][0]["children"].pop(0)),
        {("criterion", "a", "moved", "parent", "position")},
    ),
    (
        "siblings swapped",
        lambda d: d["criteria"][0]["children"].reverse(),
        {("criterion", "a", "moved", "position", "position")},
    ),
    (
        "criterion added and removed",
        lambda d: d["criteria"][1]["children"].__setitem__(
            1, {"id": "e", "title": "E", "rule": {"kind": "boolean", "points": 10}}
        ),
        {
            ("criterion", "e", "added", "", "presence"),
            ("criterion", "d", "removed", "", "presence"),
        },
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_named(edit: Any, expected: set[Any]) -> None:
    assert _diff(edit) == expected


def test_maxima_that_follow_from_the_changes_are_listed_apart() -> None:
    new = copy.deepcopy(BASE)
    _leaf(new, "a")["rule"]["points"] = 7
    _leaf(new, "d")["max"] = 12
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    assert _listed(diff.changes) == {
        ("criterion", "a", "changed", "rule.points"),
        ("criterion", "d", "changed", "max"),
    }
    # d's own max is a change; what follows from both changes is listed apart
    assert [(m.id, m.old, m.new) for m in diff.maxima] == [
        ("g1", Fraction(10), Fraction(12)),
        ("g2", Fraction(20), Fraction(22)),
        ("", Fraction(30), Fraction(34)),
    ]
    assert "total: 30 → 34" in render_text(diff, "en")
    new["max"] = 34  # declared now: a change of the rubric's own, not one that follows
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    assert ("rubric", "", "changed", "max") in _listed(diff.changes)
    assert [m.id for m in diff.maxima] == ["g1", "g2"]


def test_a_removed_and_an_added_criterion_alike_are_possibly_renamed_but_not_applied() -> None:
    new = copy.deepcopy(BASE)
    _leaf(new, "c")["id"] = "c2"
    _leaf(new, "c2")["title"] = "Tỷ lệ hồ sơ giải quyết đúng hạn"
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    assert _listed(diff.changes) == {
        ("criterion", "c2", "added", ""),
        ("criterion", "c", "removed", ""),
    }
    (hint,) = diff.hints
    assert (hint.old, hint.new) == ("c", "c2")
    assert 60 <= hint.similarity < 100
    assert "c → c2: the same rule, titles" in render_text(diff, "en")
    # another rule: no hint, however alike the titles
    _leaf(new, "c2")["rule"]["bands"][1]["points"] = 9
    assert diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new)).hints == ()


# --- a field or a kind the diff does not know -------------------------------------------------


def test_fields_and_kinds_added_to_the_format_later_are_reported_by_their_path() -> None:
    """The diff works on plain data: a field no table names, a rule kind it has never seen and
    a new top-level list of elements are reported all the same (aspect ``other``)."""
    rubric = rubric_from_mapping(BASE)
    old = plain_data(rubric)
    new = copy.deepcopy(old)
    new["criteria"][0]["children"][0]["life_cycle"] = {"from": "2027-01-01"}
    old["criteria"][0]["children"][0]["life_cycle"] = {"from": "2026-01-01"}
    new["criteria"][1]["children"][1]["rule"] = {"kind": "ratio", "of": "c", "points": Decimal(3)}
    old["criteria"][1]["children"][1]["rule"] = {"kind": "ratio", "of": "c", "points": Decimal(2)}
    new["criteria"][0]["children"][1]["rule"] = {"kind": "ratio", "of": "a", "points": Decimal(1)}
    new["widgets"] = [{"id": "w1", "size": Decimal(1)}]
    new["tiers"][0]["colour"] = "gold"
    old["tiers"][0]["colour"] = None
    new["review_every"] = "2y"
    found = {(c.section, c.id, c.kind, c.field, c.aspect) for c in diff_data(old, new)}
    assert found == {
        ("criterion", "a", "changed", "life_cycle.from", "other"),
        ("criterion", "d", "changed", "rule.points", "points"),
        ("criterion", "b", "changed", "rule", "rule"),
        ("widgets", "w1", "added", "", "presence"),
        ("tier", "t1", "changed", "colour", "other"),
        ("rubric", "", "changed", "review_every", "other"),
    }


def test_numbers_are_compared_by_value_but_never_with_booleans_or_text() -> None:
    old = plain_data(rubric_from_mapping(BASE))
    new = copy.deepcopy(old)
    new["facts"][0]["default"] = Decimal("1.0")
    old["facts"][0]["default"] = True
    new["criteria"][0]["children"][0]["rule"]["points"] = Decimal("5.000")
    new["tiers"][0]["min"] = "15"
    found = {(c.id, c.field) for c in diff_data(old, new)}
    assert found == {("head_ok", "default"), ("t1", "min")}


# --- showing values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "(không có)"),
        (True, "true"),
        (Decimal("84.50"), "84.5"),
        ("80", '"80"'),
        ("true", '"true"'),
        ("", '""'),
        ("sum", "sum"),
        ({"vi": "Một", "en": "One"}, "Một (en: One)"),
        ({"*": "Plain"}, "Plain"),
        ([Decimal(1), "a"], "[1, a]"),
        (
            [{"min": None, "max": Decimal(50), "points": Decimal(0), "label": None}],
            "…–50: 0",
        ),
        ({"fact": "x", "equals": False, "in": None}, "{fact: x, equals: false}"),
    ],
)
def test_values_are_shown_unambiguously(value: Any, shown: str) -> None:
    assert show_value(value, "vi", "vi") == shown


def test_titles_are_shown_in_both_languages_the_chosen_one_first() -> None:
    new = copy.deepcopy(BASE)
    new["criteria"][0]["title"] = {"vi": "Nhóm một", "en": "Group one"}
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    assert "title: Nhóm 1 (en: Group 1) → Nhóm một (en: Group one)" in render_text(diff)
    assert "title: Group 1 (vi: Nhóm 1) → Group one (vi: Nhóm một)" in render_text(diff, "en")
    assert "| g1 | Group 1 (vi: Nhóm 1) | Group one (vi: Nhóm một) |" in render_markdown(diff, "en")


def test_other_peoples_text_cannot_break_the_outputs() -> None:
    new = copy.deepcopy(BASE)
    _leaf(new, "a")["title"] = "A | *b* \x1b[2J\nTotal: 100"
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    text = render_text(diff)
    assert "\x1b" not in text
    assert "\\x1b[2J\\nTotal: 100" in text
    markdown = render_markdown(diff)
    assert "A \\| \\*b\\* " in markdown
    assert "\x1b" not in markdown
    data = json.loads(render_json(diff))
    assert data["changes"][0]["new"] == {"*": "A | *b* \x1b[2J\nTotal: 100"}


def test_the_json_keys_are_stable() -> None:
    new = copy.deepcopy(BASE)
    _leaf(new, "a")["rule"]["points"] = 6
    data = json.loads(
        render_json(diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new)))
    )
    assert list(data) == [
        "format",
        "old",
        "new",
        "same",
        "counts",
        "notes",
        "changes",
        "maxima",
        "possibly_renamed",
    ]
    assert list(data["old"]) == ["id", "version", "title", "fingerprint", "source"]
    assert data["changes"] == [
        {
            "section": "criterion",
            "id": "a",
            "kind": "changed",
            "field": "rule.points",
            "aspect": "points",
            "title": {"*": "A"},
            "parent": None,
            "old": "5",
            "new": "6",
        }
    ]
    assert data["maxima"] == [
        {"id": "g1", "old": "10", "new": "11"},
        {"id": "", "old": "30", "new": "31"},
    ]
    assert data["counts"] == {"added": 0, "removed": 0, "renamed": 0, "moved": 0, "changed": 1}


# --- loading two files ------------------------------------------------------------------------


def test_two_unrelated_rubrics_are_refused_unless_forced() -> None:
    with pytest.raises(ProblemsError) as caught:
        compare_files("bac_giang_friendly_gov", "dong_nai_friendly_gov")
    (problem,) = caught.value.problems
    assert problem.code == "diff.unrelated"
    assert "share 0 of 5 criterion ids" in problem.message
    assert "--force" in problem.message
    diff, _, _ = compare_files("bac_giang_friendly_gov", "dong_nai_friendly_gov", force=True)
    assert ("rubric", "", "changed", "id") in _listed(diff.changes)


def test_versions_with_different_ids_are_compared_with_a_note() -> None:
    diff, _, _ = compare_files("vn_access_to_law_2021", "vn_access_to_law")
    (note,) = diff.notes
    assert "different ids" in note
    assert "5 of 5 criterion ids" in note
    assert not diff.same


def test_every_problem_of_both_files_is_reported(tmp_path: Any) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\nversion: '1'\ntitle: X\ncriteria: []\n")
    with pytest.raises(RubricError) as caught:
        compare_files(str(broken), str(tmp_path / "missing.yaml"))
    codes = {(p.file, p.code) for p in caught.value.problems}
    assert codes == {
        (str(broken), "rubric.empty"),
        (str(tmp_path / "missing.yaml"), "file.unreadable"),
    }


@pytest.mark.parametrize(("lang", "shown"), [("en", "(none)"), ("vi", "(không có)")])
def test_no_value_is_said_in_the_readers_language(lang: str, shown: str) -> None:
    new = copy.deepcopy(BASE)
    new["criteria"][0]["note"] = "Added later."
    diff = diff_rubrics(rubric_from_mapping(BASE), rubric_from_mapping(new))
    assert f"note: {shown} → Added later." in render_text(diff, lang)
    assert show_value(None, lang, "vi") == shown
