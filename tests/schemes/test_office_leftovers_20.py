"""What a provincial programme office met (twentieth round).

- rule 3 of ``Reader.header_row`` (every answer refused, no two alike) never takes a unit whose
  answers are misspelt level words (each offered a close answer) for a row of titles;
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import tiercert
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.tabular import read_csv

LEVELS = """\
- {id: tot, points: 6, label: {vi: Tốt, en: Good}}
- {id: kha, points: 4, label: {vi: Khá, en: Fair}}
- {id: trung_binh, points: 2, label: {vi: Trung bình, en: Average}}
- {id: yeu, points: 0, label: {vi: Yếu, en: Weak}}"""


def _criterion(cid: str, vi: str, en: str) -> str:
    levels = "\n".join("        " + line for line in LEVELS.splitlines())
    return (
        f"  - id: {cid}\n    title: {{vi: {vi}, en: {en}}}\n    max: 6\n"
        f"    rule:\n      kind: levels\n      levels:\n{levels}\n"
    )


RUBRIC = (
    "format: 1\nid: lv_demo\nversion: '1'\nlanguage: vi\ntitle: {vi: Mẫu, en: Demo}\n"
    "criteria:\n"
    + _criterion("a", "Tiếp dân", "Reception")
    + _criterion("b", "Công khai", "Openness")
    + _criterion("c", "Hài lòng", "Satisfaction")
    + "tiers:\n  - {id: dat, label: {vi: Đạt, en: Passed}, min: 10, rank: 1, certified: true}\n"
)


@pytest.fixture
def levels_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "lv.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- a unit of misspelt level words is no row of titles ---------------------------------------


def test_a_unit_of_misspelt_level_words_is_told_each_cell_not_taken_for_titles(
    levels_rubric: Path, tmp_path: Path
) -> None:
    """Every answer refused and no two alike: rule 3 took the unit ``xa-b`` for a row of
    titles and told the office to delete it; each cell offered a close level ("did you
    mean 'Tốt'?"), so it is a unit, each cell told what to fix; a row of titles is still one
    ``row.header`` problem."""
    sheet = _write(
        tmp_path / "u.csv",
        [
            ["unit_id", "unit_name", "a", "b", "c"],
            ["xa-a", "Xã A", "Tốt", "Khá", "Yếu"],
            ["xa-b", "Xã B", "Tốtt", "Kháa", "Trung bìnhh"],
            ["Mã", "Tên", "Tiếp dân", "Công khai", "Hài lòng"],
        ],
    )
    rubric = tiercert.load_rubric(levels_rubric)
    for engine in ("fast", "reference"):
        first, unit, titles = evaluate_many(rubric, read_csv(sheet), engine=engine)
        assert first.ok
        assert [(p.code, p.where) for p in unit.problems] == [
            ("answer.invalid", "a"),
            ("answer.invalid", "b"),
            ("answer.invalid", "c"),
        ]
        assert "did you mean 'Tốt'?" in unit.problems[0].message
        assert [p.code for p in titles.problems] == ["row.header"]
    status, out, _ = _cli("batch", str(levels_rubric), str(sheet), "--summary", "none")
    assert status == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "row.header" not in rows[1]["problems"]
    assert "row.header" in rows[2]["problems"]


# --- a refused level lists the rubric's labels ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        ("vi", "tot (Tốt), kha (Khá), trung_binh (Trung bình), yeu (Yếu)"),
        ("en", "tot (Tốt / Good), kha (Khá / Fair), trung_binh (Trung bình / Average)"),
    ],
)
def test_a_refused_level_lists_the_rubrics_labels_with_the_readers_beside_them(
    lang: str, listed: str, levels_rubric: Path, tmp_path: Path
) -> None:
    """The sheet of a Vietnamese rubric is typed with its Vietnamese labels: read with
    ``--lang en``, a refused level listed only the English ones (``tot (Good)``), words no
    one typed; the rubric's own come first, the reader's translation beside them."""
    sheet = _write(
        tmp_path / "u.csv",
        [["unit_id", "unit_name", "a", "b", "c"], ["xa-a", "Xã A", "Tuyệt vời", "Khá", "Yếu"]],
    )
    status, out, _ = _cli(
        "batch", str(levels_rubric), str(sheet), "--lang", lang, "--summary", "none"
    )
    assert status == 1
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert listed in row["problems"]


def test_a_rubric_in_english_lists_its_english_labels_first(tmp_path: Path) -> None:
    """The rubric's own language decides, not which label is written first; a label given
    as plain text is the rubric's own; a reader whose language has no label reads the
    rubric's."""
    text = RUBRIC.replace("language: vi", "language: en").replace(
        "{id: yeu, points: 0, label: {vi: Yếu, en: Weak}}", "{id: yeu, points: 0, label: Weak}"
    )
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    sheet = _write(
        tmp_path / "u.csv",
        [["unit_id", "unit_name", "a", "b", "c"], ["xa-a", "Xã A", "Great", "Fair", "Weak"]],
    )
    [outcome] = evaluate_many(rubric, read_csv(sheet))
    [problem] = outcome.problems
    assert "tot (Good / Tốt), kha (Fair / Khá), trung_binh (Average / Trung bình), yeu (Weak)" in (
        problem.text("vi")
    )
    assert "tot (Good), kha (Fair), trung_binh (Average), yeu (Weak)" in problem.text("en")
