"""A loaded rubric's warnings are located in its file when first read, not while loading.

Locating a problem the checks found reads the rubric's text a second time
(``Document.prepare``): for a rubric of 10,000 criteria with a warning in each group, a
sixth of loading it.  ``load_rubric`` and ``parse_rubric`` keep the text and locate the
warnings when ``Rubric.warnings`` is first read: the same problems, at the same places, in the
same order as ``check_file`` reports them, every message kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import tiercert
from tiercert import _yaml
from tiercert.checking import check_file, check_source

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if "criteria:" in p.read_text())


def _warned(groups: int) -> str:
    """A rubric whose every group's children add up to more than its maximum (a warning
    each, located at the group's ``max``), and a text that is not NFC (a warning located
    while reading)."""
    lines = ["format: 1", "id: warned", 'version: "1"', "title: Warned", "criteria:"]
    for g in range(groups):
        lines += [f"  - id: g{g}", f"    title: Gro\u0301up {g}", "    max: 3", "    children:"]
        lines += [f"      - {{id: g{g}.0, title: C, rule: {{kind: boolean, points: 2}}}}"]
        lines += [f"      - {{id: g{g}.x, title: X, rule: {{kind: boolean, points: 2}}}}"]
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 1}]"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each reading of a YAML text, by whether it records positions."""
    seen: list[bool] = []
    run = _yaml._Builder.run

    def counted(self: _yaml._Builder, text: str) -> None:
        seen.append(self.track)
        run(self, text)

    monkeypatch.setattr(_yaml._Builder, "run", counted)
    return seen


def _same(found: list[tiercert.Problem], expected: list[tiercert.Problem]) -> None:
    assert found == expected
    assert [p.format() for p in found] == [p.format() for p in expected]
    assert [p.format("vi") for p in found] == [p.format("vi") for p in expected]


def test_loading_reads_the_text_once_and_locates_warnings_when_read(
    tmp_path: Path, readings: list[bool]
) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(_warned(30), encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    assert readings == [False]  # read once: nothing located yet (was: read twice)
    found = rubric.warnings
    assert readings == [False, True]  # located now, in one more reading
    assert rubric.warnings is found  # and once
    assert readings == [False, True]
    expected = check_file(path, light=True).warnings
    _same(found, expected)
    assert {p.code for p in found} == {"max.exceeded", "text.not_nfc"}
    assert all(p.line is not None for p in found)
    # a rubric for another day is a copy: it shares the warnings, located once
    assert rubric.at(date(2030, 1, 1)).warnings is found


def test_parse_rubric_locates_later_too(readings: list[bool]) -> None:
    text = _warned(3)
    rubric = tiercert.parse_rubric(text, file="w.yaml")
    assert readings == [False]
    _same(rubric.warnings, check_source(text, file="w.yaml", light=True).warnings)


def test_warnings_read_after_scoring_are_the_same(tmp_path: Path) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(_warned(4), encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    answers = {f"g{g}.{i}": True for g in range(4) for i in ("0", "x")}
    rubric.evaluate(answers)
    _same(rubric.warnings, check_file(path).warnings)


def test_a_rubric_with_errors_is_refused_with_every_problem_located(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_warned(2).replace("min: 1}", "min: -1, nope: 2}"), encoding="utf-8")
    with pytest.raises(tiercert.RubricError) as caught:
        tiercert.load_rubric(path)
    expected = check_file(path, light=True).problems
    assert any(not p.is_error for p in expected)
    assert any(p.is_error for p in expected)
    _same(list(caught.value.problems), expected)


@pytest.mark.parametrize("path", SHIPPED + EXAMPLES, ids=lambda p: p.name)
def test_shipped_rubrics_warn_as_checked(path: Path) -> None:
    try:
        rubric = tiercert.load_rubric(path)
    except tiercert.RubricError:
        pytest.skip("not a rubric that loads on its own")
    _same(rubric.warnings, check_file(path, light=True).warnings)


def test_a_rubric_from_a_mapping_keeps_its_warnings() -> None:
    import yaml

    data = yaml.safe_load(_warned(2))
    rubric = tiercert.rubric_from_mapping(data)
    assert {p.code for p in rubric.warnings} == {"max.exceeded"}


def test_warnings_read_by_threads_at_once_are_the_same(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "warned.yaml"
    path.write_text(_warned(60), encoding="utf-8")
    expected = check_file(path, light=True).warnings
    for _ in range(3):
        rubric = tiercert.load_rubric(path)
        with ThreadPoolExecutor(8) as pool:
            found = list(pool.map(lambda r: r.warnings, [rubric] * 16))
        for warnings in found:
            assert warnings == expected
