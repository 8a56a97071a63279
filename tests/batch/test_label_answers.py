"""Levels answered as people type them (issue 13): by id or by label, in either language,
any case, NFC or NFD, surrounding spaces, some accents left out; the same scores from a
sheet typed with labels as from one typed with ids, in both evaluators and the batch row
scorer; ambiguous labels refused, near misses given the label they were meant to be."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Literal

import openpyxl
import pytest

import tiercert
from conftest import ROOT, run_cli
from tiercert._compile import LeafPlan
from tiercert.rules.levels import LevelsRule

EXAMPLES = ROOT / "examples" / "bac_giang"
UNITS = [
    "xa_mau_a",
    "xa_mau_d_top_star",
    "thi_tran_mau_c_lowest_star",
    "phuong_mau_b_not_certified",
    "xa_mau_e_knocked_out",
]


@pytest.fixture(scope="module")
def rubric() -> tiercert.Rubric:
    return tiercert.load_rubric("bac_giang_friendly_gov")


def _labels(rubric: tiercert.Rubric) -> dict[str, dict[str, dict[str, str]]]:
    """Criterion -> level id -> its labels by language."""
    found = {}
    for nid, _, node in rubric.iter_nodes():
        if isinstance(node.rule, LevelsRule):
            found[nid] = {lv.id: dict(lv.label or {}) for lv in node.rule.levels}
    return found


def _bare(text: str) -> str:
    """Every accent left out (``Đạt đầy đủ`` -> ``Dat day du``)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _typed(labels: dict[str, str], turn: int) -> str:
    """A level's label as an official types it, a different way each turn: as written, upper
    case, lower case with spaces, NFD, no accents at all, the English label in capitals."""
    vi = labels["vi"]
    styles = [vi, vi.upper(), f"  {vi.lower()} ", unicodedata.normalize("NFD", vi), _bare(vi)]
    styles.append(labels["en"].upper())
    return styles[turn % len(styles)]


def _sheets(rubric: tiercert.Rubric, folder: Path) -> tuple[Path, Path]:
    """The example units twice: levels by id, and by label (a different style per cell)."""
    labels = _labels(rubric)
    units = [tiercert.load_assessment(EXAMPLES / f"{name}.yaml") for name in UNITS]
    header = ["unit_id", "unit_name", *sorted({k for u in units for k in u.answers})]
    header.append("head_disciplined_or_prosecuted")
    paths = []
    for by_label in (False, True):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        turn = 0
        for unit in units:
            row: list[object] = [unit.unit_id, unit.unit_name]
            for column in header[2:-1]:
                value = unit.answers.get(column)
                if isinstance(value, dict):
                    value = value["value"]
                if by_label and column in labels and isinstance(value, str) and value != "na":
                    value = _typed(labels[column][value], turn)
                    turn += 1
                row.append(
                    str(value) if value is not None and not isinstance(value, bool | int) else value
                )
            row.append("có" if unit.facts["head_disciplined_or_prosecuted"] else "không")
            sheet.append(row)
        path = folder / ("labels.xlsx" if by_label else "ids.xlsx")
        book.save(path)
        paths.append(path)
    return paths[0], paths[1]


def test_a_sheet_typed_with_labels_scores_as_the_sheet_with_ids(
    rubric: tiercert.Rubric, tmp_path: Path
) -> None:
    ids, labels = _sheets(rubric, tmp_path)
    results = []
    for sheet in (ids, labels):
        out = tmp_path / f"{sheet.stem}.csv"
        args = [str(sheet), "-o", str(out), "--summary", "none"]
        status, _, err = run_cli("batch", "bac_giang_friendly_gov", *args)
        assert (status, err) == (0, "")
        results.append(out.read_text(encoding="utf-8"))
    assert results[0] == results[1]
    typed = [c.value for row in openpyxl.load_workbook(labels).active.iter_rows() for c in row]
    assert "TỐT" in typed or "KHÁ" in typed  # the labels were really typed differently
    assert any(isinstance(v, str) and v.isascii() and " " in v.strip() for v in typed)


@pytest.mark.parametrize(
    "answer",
    ["Khá", "khá", "KHÁ", unicodedata.normalize("NFD", "Khá"), "  Fair ", "kha", "KHA", "Kha"],
)
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_one_answer_by_label(
    rubric: tiercert.Rubric, answer: str, engine: Literal["fast", "reference"]
) -> None:
    unit = tiercert.load_assessment(EXAMPLES / "xa_mau_a.yaml")
    answers = dict(unit.answers) | {"g1.1.2": answer}
    result = rubric.evaluate(answers, facts=unit.facts, engine=engine)
    assert result.nodes["g1.1.2"].answer == "kha"
    assert result.to_dict()["nodes"] == rubric.evaluate(unit, engine=engine).to_dict()["nodes"]


@pytest.mark.parametrize(
    ("answer", "meant"),
    [("Trung bnh", "Trung bình"), ("tọt", "Tốt"), ("Tốtt", "Tốt"), ("yeu lam", "Yếu")],
)
def test_a_near_miss_is_refused_with_the_label_it_was_meant_to_be(
    rubric: tiercert.Rubric, answer: str, meant: str
) -> None:
    unit = tiercert.load_assessment(EXAMPLES / "xa_mau_a.yaml")
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate(dict(unit.answers) | {"g1.1.2": answer}, facts=unit.facts)
    (problem,) = caught.value.problems
    assert problem.message.endswith(f"did you mean {meant!r}?"), problem.message


AMBIGUOUS = """
format: 1
id: r
version: "1"
title: {vi: Thử}
language: vi
max: 10
criteria:
  - id: c1
    title: {vi: Một}
    max: 10
    rule:
      kind: levels
      levels:
        - {id: a, points: 10, label: {vi: Tốt}}
        - {id: b, points: 5, label: {vi: TỐT}}
        - {id: c, points: 0, label: {vi: Chưa}}
tiers:
  - {id: t, label: {vi: Đạt}, rank: 1, min: 5}
"""


def test_an_ambiguous_label_is_warned_of_and_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(AMBIGUOUS, encoding="utf-8")
    status, out, _ = run_cli("check", str(path), "--lang", "en")
    assert status == 0  # a warning: the rubric is usable
    assert "level.label_ambiguous" in out
    assert "names more than one level (a, b)" in out
    rubric = tiercert.load_rubric(path)
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        with pytest.raises(tiercert.AssessmentError) as caught:
            rubric.evaluate({"c1": "tốt"}, engine=engine)
        assert caught.value.problems[0].message == (
            "'tốt' is the label of more than one level (a, b); answer with the level's id"
        )
        assert rubric.evaluate({"c1": "chưa"}, engine=engine).nodes["c1"].answer == "c"


def test_a_mistyped_label_is_answered_with_the_label_it_is_near() -> None:
    """A typo near a level's label names the label as written (trimmed), not its id."""
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "language": "vi",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "max": 10,
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {"id": "done", "points": 10, "label": {"vi": " Hoàn thành "}},
                            {"id": "none", "points": 0},
                        ],
                    },
                }
            ],
        }
    )
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        with pytest.raises(tiercert.AssessmentError) as caught:
            rubric.evaluate({"a": "hoan thanhh"}, engine=engine)
        assert caught.value.problems[0].message == (
            "'hoan thanhh' is not one of the levels: done (Hoàn thành), none; did you mean "
            "'Hoàn thành'?"
        )


def _one_levels_criterion(*levels: dict[str, object]) -> tiercert.Rubric:
    """A rubric of one criterion ``a`` (at most 10 points) scored by these levels."""
    return tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "language": "vi",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "max": 10,
                    "rule": {"kind": "levels", "levels": list(levels)},
                }
            ],
        }
    )


def test_a_label_typed_in_full_names_its_level_beside_one_that_differs_by_accents() -> None:
    """``Tot`` and ``Tốt`` label two levels: each typed in full names its own (the exact
    label first), though ``Tot`` could be ``Tốt`` with its accents left out."""
    rubric = _one_levels_criterion(
        {"id": "good", "points": 10, "label": {"vi": "Tốt"}},
        {"id": "fair", "points": 5, "label": {"vi": "Tot"}},
    )
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        assert rubric.evaluate({"a": "Tot"}, engine=engine).nodes["a"].answer == "fair"
        assert rubric.evaluate({"a": "tốt"}, engine=engine).nodes["a"].answer == "good"


def test_accents_left_out_by_hand() -> None:
    """Letter by letter (both texts folded, NFC): an accent may be left out, never changed or
    added; ``d`` is ``đ`` without its stroke; a text of another length is another text."""
    from tiercert.rules.levels import _accents_left_out, _within

    for typed, letter in [("o", "ố"), ("ô", "ố"), ("ó", "ố"), ("d", "đ"), ("a", "ạ")]:
        assert _within(typed, letter), (typed, letter)
    for typed, letter in [("ọ", "ố"), ("ố", "ô"), ("ò", "ố"), ("đ", "d"), ("o", "đ"), ("e", "ố")]:
        assert not _within(typed, letter), (typed, letter)
    assert _accents_left_out("tot", "tốt")
    assert _accents_left_out("tôt", "tốt")
    assert _accents_left_out("dat", "đạt")
    assert not _accents_left_out("tọt", "tốt")
    # 'o' with a tilde below has no letter of its own in NFC: four characters, not three
    assert not _accents_left_out("to\u0330t", "tốt")
    assert not _accents_left_out("tot", "to\u0330t")


def test_a_label_typed_with_some_accents_left_out_names_its_level_and_no_other() -> None:
    """``tôt`` (one accent of ``Tốt`` left out) and ``dat`` (``Đạt`` without its stroke and dot)
    name their levels; an accent changed (``tọt``) or added, even one NFC writes as a letter
    and a mark (``to̰t``), names none."""
    rubric = _one_levels_criterion(
        {"id": "good", "points": 10, "label": {"vi": "Tốt"}},
        {"id": "pass", "points": 5, "label": {"vi": "Đạt"}},
        {"id": "none", "points": 0},
    )
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        assert rubric.evaluate({"a": "tôt"}, engine=engine).nodes["a"].answer == "good"
        assert rubric.evaluate({"a": "TÓT"}, engine=engine).nodes["a"].answer == "good"
        assert rubric.evaluate({"a": "dat"}, engine=engine).nodes["a"].answer == "pass"
        assert rubric.evaluate({"a": "Dạt"}, engine=engine).nodes["a"].answer == "pass"
        for typed in ("tọt", "to\u0330t", "dất"):
            with pytest.raises(tiercert.AssessmentError) as caught:
                rubric.evaluate({"a": typed}, engine=engine)
            assert caught.value.problems[0].message.startswith(
                f"'{typed}' is not one of the levels: good (Tốt), pass (Đạt), none"
            ), (engine, typed)


def test_a_mistyped_id_is_answered_with_the_id_it_is_near() -> None:
    """A typo near the id of a level with no label names that id (the suggestions of
    ``levels._compile`` hold the ids too, by their loose form)."""
    rubric = _one_levels_criterion({"id": "Good", "points": 10}, {"id": "poor", "points": 0})
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        with pytest.raises(tiercert.AssessmentError) as caught:
            rubric.evaluate({"a": "goood"}, engine=engine)
        assert caught.value.problems[0].message == (
            "'goood' is not one of the levels: Good, poor; did you mean 'Good'?"
        )


def test_a_level_with_evidence_of_its_own_needs_that_evidence_not_the_criterions() -> None:
    """A level's own ``evidence`` replaces its criterion's: ``good`` needs a URL, however
    the criterion asks for a justification; ``fair`` needs the criterion's justification."""
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "max": 10,
                    "evidence": ["justification"],
                    "rule": {
                        "kind": "levels",
                        "levels": [
                            {"id": "good", "points": 10, "evidence": ["url"]},
                            {"id": "fair", "points": 5},
                        ],
                    },
                }
            ],
        }
    )
    said = {"justification": "seen on site"}
    linked = {"url": "https://example.org/a"}
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        totals = [
            rubric.evaluate({"a": {"value": value, **evidence}}, engine=engine).total
            for value in ("good", "fair")
            for evidence in (said, linked)
        ]
        assert totals == [0, 10, 5, 0], engine


def test_an_empty_answer_to_levels_is_not_one_of_them() -> None:
    """An empty text (or spaces) is no level, said plainly: not taken for a label in quotes,
    by the levels rule's reader.  Through the API it is no answer at all, as a sheet's empty
    cell is (test_same_text_every_reader.py), also as the value of an answer's mapping (a
    web form's blank field beside its URL field: test_web_form_answers.py), so the reader is
    asked directly, as the reference asks it."""
    rubric = _one_levels_criterion({"id": "good", "points": 10}, {"id": "poor", "points": 0})
    leaf = rubric._plan.nodes["a"]
    assert isinstance(leaf, LeafPlan)
    assert leaf.kind.read is not None
    for typed in ("", "   "):
        assert leaf.kind.read(leaf.params, typed) == (
            None,
            f"{typed!r} is not one of the levels: good, poor",
        )
        engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
        for engine in engines:
            with pytest.raises(tiercert.AssessmentError) as caught:
                rubric.evaluate({"a": {"value": typed}}, engine=engine)
            assert [p.code for p in caught.value.problems] == ["answer.missing"]


def test_an_empty_label_in_quotes_names_its_level() -> None:
    """A level labelled with an empty text is named by that label in double quotes
    (``""``, as the template's hint quotes it), the shortest quoted label."""
    rubric = _one_levels_criterion(
        {"id": "good", "points": 10, "label": {"vi": ""}}, {"id": "poor", "points": 0}
    )
    engines: tuple[Literal["fast", "reference"], ...] = ("fast", "reference")
    for engine in engines:
        assert rubric.evaluate({"a": '""'}, engine=engine).nodes["a"].answer == "good"
