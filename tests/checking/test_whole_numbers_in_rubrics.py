"""Whole numbers in the rubric itself (a tier's rank, a group's ``top``, a count's
``max_items``, an integer fact's default and the values compared with it) written like
``12.000``: refused as whole-number answers refuse them (twelve, or twelve thousand?), with
the place and what to write, where they were read as 12."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiercert
from conftest import run_cli

RUBRIC = """\
format: 1
id: w
version: "1"
title: W
facts:
  - {{id: people, title: People, type: integer, default: {default}}}
criteria:
  - id: g
    title: G
    top: {top}
    children:
      - {{id: a, title: A, rule: {{kind: count, per_item: 1, max_items: {items}}}}}
      - {{id: b, title: B, rule: {{kind: boolean, points: 1}}}}
gates:
  - {{id: many, title: Many, require: {{fact: people, at_least: {least}, in: [{one}]}}}}
tiers:
  - {{id: t, label: T, rank: {rank}, min: 1}}
"""

SAID = (
    "it could mean {n} or {n} thousand: write {n} for {n}, {n}000 for {n} thousand (a dot is "
    "a decimal point; numbers have no thousands separator)"
)


def _check(tmp_path: Path, **values: str) -> tuple[int, list[str]]:
    given = {"default": "5", "top": "2", "items": "10", "least": "3", "one": "4", "rank": "1"}
    rubric = tmp_path / "w.yaml"
    rubric.write_text(RUBRIC.format(**{**given, **values}), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", "en")
    return status, [line.split("w.yaml:", 1)[1] for line in out.splitlines()[:-1]]


def test_whole_numbers_of_the_model_written_with_a_dot_are_refused(tmp_path: Path) -> None:
    status, lines = _check(tmp_path, top="2.000", items="10.000", rank="1.000")
    assert status == 1
    assert lines == [
        f"10:10: error: $.criteria[g].top: expected a whole number, got 2.000; "
        f"{SAID.format(n=2)} [value.number]",
        f"12:71: error: $.criteria[g].children[a].rule.max_items: expected a whole number, got "
        f"10.000; {SAID.format(n=10)} [value.number]",
        f"17:29: error: $.tiers[t].rank: expected a whole number, got 1.000; "
        f"{SAID.format(n=1)} [value.number]",
    ]


def test_an_integer_fact_s_default_and_compared_values_written_with_a_dot_are_refused(
    tmp_path: Path,
) -> None:
    status, lines = _check(tmp_path, default="12.000", least="3.000", one="4.000")
    assert status == 1
    assert lines == [
        f"6:57: error: $.facts[people].default: the default of this integer fact is written "
        f"12.000; {SAID.format(n=12)} [fact.default]",
        f"15:63: error: $.gates[many].require.at_least: the fact 'people' is a whole number, "
        f"and 3.000 is written with a dot; {SAID.format(n=3)} [condition.value]",
        f"15:75: error: $.gates[many].require.in[0]: the fact 'people' is a whole number, and "
        f"4.000 is written with a dot; {SAID.format(n=4)} [condition.value]",
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"top": "2.0", "items": "10.00", "rank": "1.0000"},  # no thousands grouped by 1, 2, 4
        {"default": "12", "least": "0.000", "one": "4.0", "top": '"2"'},
        {"items": "1000", "least": "3.5"},  # a decimal bound of a whole number is fine
    ],
)
def test_other_ways_of_writing_whole_numbers_still_read(
    tmp_path: Path, values: dict[str, str]
) -> None:
    status, lines = _check(tmp_path, **values)
    assert (status, lines) == (0, [])


def test_the_models_refuse_it_too(tmp_path: Path) -> None:
    """``Rubric.spec`` (the pydantic models) and the light check agree."""
    rubric = tmp_path / "w.yaml"
    rubric.write_text(
        RUBRIC.format(default="5", top="2.000", items="10", least="3", one="4", rank="1"),
        encoding="utf-8",
    )
    with pytest.raises(tiercert.RubricError) as refused:
        tiercert.load_rubric(rubric)
    assert [p.code for p in refused.value.problems] == ["value.number"]


NUMBER_FACT = """\
format: 1
id: n
version: "1"
title: N
facts:
  - {{id: dan_so, title: Dân số, type: number, default: {default}}}
criteria:
  - {{id: a, title: A, rule: {{kind: boolean, points: 1}}}}
gates:
  - {{id: lon, title: Lớn, require: {{fact: dan_so, at_least: {least}, in: [{one}]}}}}
tiers:
  - {{id: t, label: T, rank: 1, min: 1}}
"""


def _check_number(tmp_path: Path, **values: str) -> tuple[int, list[str]]:
    given = {"default": "5", "least": "3", "one": "4"}
    rubric = tmp_path / "n.yaml"
    rubric.write_text(NUMBER_FACT.format(**{**given, **values}), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", "en")
    return status, [line.split("n.yaml:", 1)[1] for line in out.splitlines()[:-1]]


def test_a_number_fact_s_default_and_compared_values_written_with_a_dot_are_refused(
    tmp_path: Path,
) -> None:
    """A number fact is a size (a population): its answers refuse ``1.500`` and ``12.000``
    (1.5 or 1500?), and so does ``check`` in the rubric, with the place and what to write."""
    status, lines = _check_number(tmp_path, default="12.000", least="1.500", one="2.000")
    assert status == 1
    assert lines == [
        f"6:56: error: $.facts[dan_so].default: the default of this number fact is written "
        f"12.000; {SAID.format(n=12)} [fact.default]",
        "10:61: error: $.gates[lon].require.at_least: the fact 'dan_so' is a number of any "
        "size, and 1.500 is written with a dot; it could mean 1.5 or 1500: write 1.5 for 1.5, "
        "1500 for 1500 (a dot is a decimal point; numbers have no thousands separator) "
        "[condition.value]",
        "10:73: error: $.gates[lon].require.in[0]: the fact 'dan_so' is a number of any size, "
        f"and 2.000 is written with a dot; {SAID.format(n=2)} [condition.value]",
    ]
    rubric = tmp_path / "n.yaml"
    _, vi, _ = run_cli("check", str(rubric), "--lang", "vi")
    assert "giá trị mặc định của thông tin dạng số này được ghi là 12.000" in vi
    assert "thông tin 'dan_so' là một số (lớn nhỏ tùy ý), còn 1.500 được ghi có dấu chấm" in vi


@pytest.mark.parametrize(
    "values",
    [
        # (the gate's values agree: an 'in' value below 'at_least' is a contradiction)
        {"default": "1.5", "least": "12.0", "one": "12.50"},
        {"default": "1.5", "least": "0.0", "one": "0.500"},
        {"default": "1500", "least": "1.50", "one": "1.5000"},
    ],
)
def test_other_ways_of_writing_a_number_fact_s_values_still_read(
    tmp_path: Path, values: dict[str, str]
) -> None:
    status, lines = _check_number(tmp_path, **values)
    assert (status, lines) == (0, [])


ANSWERED = """\
format: 1
id: k
version: "1"
title: K
criteria:
  - id: khach
    title: Visitors a year
    rule: {{kind: bands, bands: [{{min: 0, max: 1000, points: 0}}, {{min: 1000, points: 2}}]}}
  - id: hai_long
    title: Satisfaction (%)
    rule:
      kind: bands
      range: {{min: 0, max: 100}}
      bands: [{{max: 70, points: 0}}, {{min: 70, points: 1}}]
  - {{id: ho_so, title: Files, rule: {{kind: count, per_item: 1, max_items: 20}}}}
gates:
  - {{id: g1, title: Many, require: {{answer: khach, at_least: {visitors}}}}}
  - {{id: g2, title: Happy, require: {{answer: hai_long, above: {percent}}}}}
  - {{id: g3, title: Filed, require: {{answer: ho_so, in: [{files}, 3]}}}}
tiers: []
"""


def _check_answers(tmp_path: Path, lang: str = "en", **values: str) -> tuple[int, list[str]]:
    given = {"visitors": "1500", "percent": "72.5", "files": "12"}
    rubric = tmp_path / "k.yaml"
    rubric.write_text(ANSWERED.format(**{**given, **values}), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", lang)
    return status, [line.split("k.yaml:", 1)[1] for line in out.splitlines()[:-1]]


def test_values_compared_with_a_number_answer_are_refused_as_its_answers_are(
    tmp_path: Path,
) -> None:
    """A condition comparing a criterion's answer with ``1.500`` refuses it where the answer
    itself would be refused (its rule's range takes 1500 too), with the same words; a whole
    answer (a count) refuses ``12.000`` whatever it reads as."""
    status, lines = _check_answers(tmp_path, visitors="1.500", files="12.000")
    assert status == 1
    assert lines == [
        "17:62: error: $.gates[g1].require.at_least: compared with the answer to 'khach', "
        "1.500 is ambiguous in the allowed range: at least 0; it could mean 1.5 or 1500: write "
        "1.5 for 1.5, 1500 for 1500 (a dot is a decimal point; numbers have no thousands "
        "separator) [condition.value]",
        "19:58: error: $.gates[g3].require.in[0]: the answer to 'ho_so' is a whole number, and "
        f"12.000 is written with a dot; {SAID.format(n=12)} [condition.value]",
    ]
    _, vi = _check_answers(tmp_path, "vi", visitors="1.500", files="12.000")
    assert "so với câu trả lời cho 'khach', 1.500 không rõ nghĩa trong phạm vi cho phép" in vi[0]
    assert "câu trả lời cho 'ho_so' là số nguyên, còn 12.000 được ghi có dấu chấm" in vi[1]


@pytest.mark.parametrize(
    "values",
    [
        {"percent": "72.500"},  # a percentage cannot be 72500: 72.5
        {"visitors": "1.5", "files": "12"},
        {"visitors": "1.50", "percent": "72.50"},
    ],
)
def test_values_compared_with_a_number_answer_that_read_one_way_still_read(
    tmp_path: Path, values: dict[str, str]
) -> None:
    status, lines = _check_answers(tmp_path, **values)
    assert (status, lines) == (0, [])


COMPARED = """\
format: 1
id: k
version: "1"
title: K
criteria:
  - id: khach
    title: Visitors a year
    rule: {kind: bands, bands: [{min: 0, max: 1000, points: 0}, {min: 1000, points: 2}]}
  - {id: diem, title: Points given, max: 2000, rule: {kind: direct}}
  - {id: ti_le, title: Share, rule: {kind: ratio, points: 1}}
gates:
  - {id: g1, title: Some, require: {answer: khach, equals: 1.500}}
  - {id: g2, title: Not, require: {answer: khach, not_equals: 2.500}}
  - {id: g3, title: Given, require: {answer: diem, at_least: 1.500}}
  - {id: g4, title: Shared, require: {answer: ti_le, at_least: 1.500}}
tiers: []
"""


def test_each_value_compared_is_refused_at_its_own_place(tmp_path: Path) -> None:
    """``equals`` and ``not_equals`` are told at their own keys; a direct score's answers run
    up to its maximum (2000 takes both 1.5 and 1500); a ratio's answer (the share, 0 to 1)
    is passed by neither reading: the comparison is told impossible, not ambiguous."""
    rubric = tmp_path / "k.yaml"
    rubric.write_text(COMPARED, encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric))
    lines = [line.split("k.yaml:", 1)[1] for line in out.splitlines()[:-1]]
    said = (
        "compared with the answer to {t!r}, {x} is ambiguous in the allowed range{r}; it could "
        "mean {v} or {w}: write {v} for {v}, {w} for {w} (a dot is a decimal point; numbers have "
        "no thousands separator) [condition.value]"
    )
    assert status == 1
    assert lines == [
        "12:60: error: $.gates[g1].require.equals: "
        + said.format(t="khach", x="1.500", r=": at least 0", v="1.5", w="1500"),
        "13:63: error: $.gates[g2].require.not_equals: "
        + said.format(t="khach", x="2.500", r=": at least 0", v="2.5", w="2500"),
        "14:62: error: $.gates[g3].require.at_least: "
        + said.format(t="diem", x="1.500", r=" 0 to 2000", v="1.5", w="1500"),
        "15:38: error: $.gates[g4].require: no unit can satisfy this comparison: the answer "
        "to 'ti_le' is a number from 0 to 1; compare it with numbers in that range "
        "[condition.unsatisfiable]",
        "15:38: error: $.gates[g4].require: this gate can never pass; fix the condition "
        "[tier.unreachable]",
    ]
