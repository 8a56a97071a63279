"""A gate on the total (twenty-first round): ``score: "@criteria"`` and ``percent:
"@criteria"`` compare the total the tiers compare (after ``rounding.total``) and its exact
percentage of the rubric's maximum, with numbers or a fact's value, in both evaluators alike;
a condition rule's ``when``, decided while the total is added up, may not (``ref.cycle``).

Every verdict below is worked by hand from the rubric, never taken from tiercert's output.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import tiercert
from strategies import answers_for, rubric_data
from tiercert import Assessment, AssessmentError, Result, Rubric
from tiercert.cli import main

HERE = Path(__file__).resolve().parent
HAI_KHOI = HERE.parent / "fixtures" / "unseen" / "cchc" / "hai_khoi.yaml"
ENGINES = ("reference", "fast")

#: the same scheme as a percentage of 200 points, each unit giving its own minimum for Nhóm I
#: (a department 90 %, a district 80 %), and the total rounded to whole points
BY_FACT = """
format: 1
id: nguong
version: "1"
title: Ngưỡng theo đơn vị
facts:
  - {id: nguong, title: Ngưỡng Nhóm I, type: number}
criteria:
  - {id: c1, title: Phần 1, max: 100, rule: {kind: direct}}
  - {id: c2, title: Phần 2, max: 100, rule: {kind: direct}}
rounding:
  total: {places: 0, mode: half_up}
gates:
  - id: nhom_1_theo_khoi
    title: Đạt ngưỡng Nhóm I của khối mình
    tiers: [nhom_1]
    require: {percent: "@criteria", at_least: {fact: nguong}}
tiers:
  - {id: nhom_2, label: Nhóm II, rank: 1, min: 140}
  - {id: nhom_1, label: Nhóm I, rank: 2, min: 160}
"""


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _rubric(text: str) -> Rubric:
    return tiercert.rubric_from_mapping(yaml.safe_load(text))


def _tier(result: Result) -> str | None:
    return result.tier.id if result.tier is not None else None


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("khoi", "points", "tier", "passed"),
    [
        ("so", "89", "nhom_2", False),  # 89 >= 80 (the tier), < 90 (the gate)
        ("so", "89.99", "nhom_2", False),
        ("so", "90", "nhom_1", True),
        ("so", "100", "nhom_1", True),
        ("so", "79", "nhom_2", False),  # the gate fails; Nhóm II does not need it
        ("so", "69.99", None, False),
        ("huyen", "79", "nhom_2", True),  # a district passes the gate by its kind
        ("huyen", "79.99", "nhom_2", True),
        ("huyen", "80", "nhom_1", True),
        ("huyen", "69", None, True),
    ],
)
def test_a_department_needs_90_and_a_district_80(
    engine: str, khoi: str, points: str, tier: str | None, passed: bool
) -> None:
    rubric = tiercert.load_rubric(HAI_KHOI)
    result = rubric.evaluate(
        Assessment(answers={"c1": Decimal(points)}, facts={"khoi": khoi}),
        engine=engine,  # type: ignore[arg-type]
    )
    assert result.total == Fraction(points)
    assert _tier(result) == tier
    assert result.gates[0].passed is passed


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_gate_on_the_total_says_the_total_in_both_languages(engine: str) -> None:
    rubric = tiercert.load_rubric(HAI_KHOI)
    result = rubric.evaluate(
        Assessment(answers={"c1": 89}, facts={"khoi": "so"}),
        engine=engine,  # type: ignore[arg-type]
    )
    gate = result.gates[0]
    assert gate.reason_in("en").endswith("the nearest: the total is 89, required at least 90")
    assert gate.reason_in("vi").endswith("tổng điểm là 89, yêu cầu tối thiểu 90")
    (failure,) = [f for f in gate.failures if f.subject == "score"]
    assert (failure.target, failure.actual, failure.expected) == ("@criteria", 89, 90)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("nguong", "c1", "c2", "tier", "total", "said"),
    [
        # a department (90 %): 179 of 200 is 89.5 %; 180 is 90 %
        ("90", "100", "79", "nhom_2", "179", "is 89.5, required at least 90"),
        ("90", "100", "80", "nhom_1", "180", None),
        # the total is rounded first, as the tiers compare it: 179.5 is 180, so 90 %
        ("90", "100", "79.5", "nhom_1", "180", None),
        ("90", "100", "79.4", "nhom_2", "179", "is 89.5, required at least 90"),
        # a district (80 %): 159 is 79.5 %; 160 is 80 %, also the tier's minimum
        ("80", "80", "79", "nhom_2", "159", "is 79.5, required at least 80"),
        ("80", "80", "80", "nhom_1", "160", None),
        # 80 % of 200 a department would need 90 % for
        ("90", "80", "80", "nhom_2", "160", "is 80, required at least 90"),
    ],
)
def test_a_percentage_of_the_total_against_a_fact(
    engine: str, nguong: str, c1: str, c2: str, tier: str | None, total: str, said: str | None
) -> None:
    rubric = _rubric(BY_FACT)
    result = rubric.evaluate(
        Assessment(
            answers={"c1": Decimal(c1), "c2": Decimal(c2)}, facts={"nguong": Decimal(nguong)}
        ),
        engine=engine,  # type: ignore[arg-type]
    )
    assert result.total == Fraction(total)
    assert _tier(result) == tier
    assert result.gates[0].passed is (said is None)
    if said is not None:
        (failure,) = result.gates[0].failures
        assert failure.describe("en") == f"the total's percentage {said} (fact nguong)"
        # in Vietnamese: a decimal comma
        worded = said.replace("is", "là").replace("required at least", "yêu cầu tối thiểu")
        worded = worded.replace(".", ",")
        said_vi = f"tỷ lệ phần trăm của tổng điểm {worded} (thông tin nguong)"
        assert failure.describe("vi") == said_vi


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("points", "shown", "tier"),
    [
        ("89.6", "89.6", "dat"),  # rounded it would be 90: beside a failed gate at 90 %
        ("90.4", "90.4", "tot"),  # rounded it would be 90, onto the gate's number
        ("91.4", "91", "tot"),  # far from it: rounded as the rubric says
        ("88.6", "89", "dat"),
    ],
)
def test_the_shown_percentage_is_not_rounded_onto_a_gate_on_the_total(
    engine: str, points: str, shown: str, tier: str
) -> None:
    text = """
format: 1
id: tron
version: "1"
title: Làm tròn tỷ lệ
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
rounding:
  percentage: {places: 0, mode: half_up}
gates:
  - {id: tot_90, title: Từ 90%, tiers: [tot], require: {percent: "@criteria", at_least: 90}}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 50}
  - {id: tot, label: Tốt, rank: 2, min: 50}
"""
    result = _rubric(text).evaluate(
        Assessment(answers={"c1": Decimal(points)}),
        engine=engine,  # type: ignore[arg-type]
    )
    assert result.percentage == Fraction(shown)
    assert _tier(result) == tier


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("gate", "points"),
    [
        ("90.4", "90.4"),  # exactly on the gate: rounded it would be 90, below it
        ("89.6", "89.6"),  # exactly on the gate: rounded it would be 90, above it
    ],
)
def test_a_percentage_exactly_on_a_gate_is_not_rounded_off_it(
    engine: str, gate: str, points: str
) -> None:
    """A percentage that is exactly a gate's number stays on it: rounded off it (90 beside a
    passed gate at 90.4 %, or past a gate at 89.6 % it only just reached) it would say
    something else than the comparison that was made."""
    text = f"""
format: 1
id: tron
version: "1"
title: Làm tròn tỷ lệ
criteria:
  - {{id: c1, title: Điểm, max: 100, rule: {{kind: direct}}}}
rounding:
  percentage: {{places: 0, mode: half_up}}
gates:
  - {{id: tot, title: Tốt, tiers: [tot], require: {{percent: "@criteria", at_least: {gate}}}}}
tiers:
  - {{id: dat, label: Đạt, rank: 1, min: 50}}
  - {{id: tot, label: Tốt, rank: 2, min: 50}}
"""
    result = _rubric(text).evaluate(
        Assessment(answers={"c1": Decimal(points)}),
        engine=engine,  # type: ignore[arg-type]
    )
    assert result.gates[0].passed
    assert result.percentage == Fraction(points)
    assert _tier(result) == "tot"


def test_the_compiled_verdict_compares_the_total_in_its_own_code() -> None:
    """The gate is written in the generated code (not left to the reference): ``T``, the total
    in units of the scale, against the threshold; rubric text never becomes code."""
    rubric = tiercert.load_rubric(HAI_KHOI)
    verdict = rubric.verdict(Assessment(answers={"c1": 89}, facts={"khoi": "so"}))
    assert verdict[2] is not None
    assert verdict[2].id == "nhom_2"
    fast = rubric._fast
    assert fast is not None
    gates = [line.strip() for line in fast.source.splitlines() if line.strip().startswith("G0 =")]
    assert gates
    assert all(" or (T >= " in line for line in gates), gates


# --- refused where it would make a cycle, or means nothing ----------------------------------

_RULE_RUBRIC = """format: 1
id: vong
version: "1"
title: Vòng
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
  - id: c2
    title: Thưởng
    max: 5
    rule:
      kind: condition
      points: 5
      when: WHEN
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 50}
"""


@pytest.mark.parametrize(
    ("when", "where"),
    [
        ('{score: "@criteria", at_least: 90}', "when.score"),
        ('{percent: "@criteria", at_least: 90}', "when.percent"),
        ('{all: [{score: c1, at_least: 1}, {score: "@criteria", above: 9}]}', "when.all[1].score"),
        ('{any: [{not: {percent: "@criteria", below: 9}}]}', "when.any[0].not.percent"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_condition_rule_may_not_compare_the_total(
    when: str, where: str, lang: str, tmp_path: Path
) -> None:
    # placed at the id it names: ``when:`` is at column 7 of line 13, its value at 13
    column = 13 + when.index('"@criteria"')
    path = tmp_path / "vong.yaml"
    path.write_text(_RULE_RUBRIC.replace("WHEN", when), encoding="utf-8")
    status, out, _ = _cli("check", str(path), "--lang", lang)
    assert status == 1
    said = {
        "en": "its points are part of the total, so its condition cannot compare the total",
        "vi": "điểm của nó là một phần của tổng điểm, nên điều kiện của nó không thể so sánh",
    }[lang]
    line = f"{path}:13:{column}: "
    assert any(
        row.startswith(line) and f"$.criteria[c2].rule.{where}: " in row and said in row
        for row in out.splitlines()
    ), out
    assert out.count("[ref.cycle]") == 1, out


_GATE_RUBRIC = """format: 1
id: cong
version: "1"
title: Cổng
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
  - {id: b1, title: Thưởng, max: 10, bonus: true, rule: {kind: direct}}
gates:
  - {id: g1, title: Cổng, require: REQUIRE}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 50}
"""


@pytest.mark.parametrize(
    ("require", "code", "en", "vi"),
    [
        (
            '{score: "@criteria", at_least: 111}',
            "condition.unsatisfiable",
            "the total runs from 0 to 110; change its numbers",
            "tổng điểm chỉ từ 0 đến 110; hãy sửa các số",
        ),
        (
            '{percent: "@criteria", above: 110}',
            "condition.unsatisfiable",
            "the total's percentage runs from 0 to 110; change its numbers",
            "tỷ lệ phần trăm của tổng điểm chỉ từ 0 đến 110",
        ),
        (
            '{score: "@criteria", equals: "cao"}',
            "condition.type",
            "points are numbers; equals 'cao' can never match",
            "điểm là số",
        ),
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_gate_on_the_total_is_checked_against_what_the_total_can_be(
    require: str, code: str, en: str, vi: str, lang: str, tmp_path: Path
) -> None:
    path = tmp_path / "cong.yaml"
    path.write_text(_GATE_RUBRIC.replace("REQUIRE", require), encoding="utf-8")
    status, out, _ = _cli("check", str(path), "--lang", lang)
    assert status == 1
    rows = [row for row in out.splitlines() if row.endswith(f"[{code}]")]
    assert rows, out
    assert rows[0].startswith(f"{path}:9:"), out
    assert (en if lang == "en" else vi) in rows[0], out


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "compared with the total, 1.500 is ambiguous in the allowed range 0 to 2010"),
        ("vi", "so với tổng điểm, 1.500"),
    ],
)
def test_a_number_like_1_500_against_a_large_total_is_refused(
    lang: str, said: str, tmp_path: Path
) -> None:
    # 1.5 or 1500: both within 0..2010, the most a unit can score here
    path = tmp_path / "cong.yaml"
    text = _GATE_RUBRIC.replace("REQUIRE", '{score: "@criteria", at_least: 1.500}')
    path.write_text(text.replace("max: 100", "max: 2000"), encoding="utf-8")
    status, out, _ = _cli("check", str(path), "--lang", lang)
    assert status == 1
    assert f"{path}:9:67: " in out, out
    assert said in out
    assert "[condition.value]" in out


def test_a_gate_at_the_highest_total_with_bonus_is_accepted(tmp_path: Path) -> None:
    # 110 points with the bonus, 110 % of the maximum of 100: reachable, so not refused
    for require in ('{score: "@criteria", at_least: 110}', '{percent: "@criteria", above: 100}'):
        path = tmp_path / "cong.yaml"
        path.write_text(_GATE_RUBRIC.replace("REQUIRE", require), encoding="utf-8")
        status, out, _ = _cli("check", str(path), "--lang", "en")
        assert status == 0, out


def test_a_percentage_of_a_total_worth_nothing_is_refused(tmp_path: Path) -> None:
    text = _GATE_RUBRIC.replace("max: 100", "max: 0").replace("max: 10, bonus: true, ", "max: 0, ")
    path = tmp_path / "zero.yaml"
    path.write_text(
        text.replace("REQUIRE", '{percent: "@criteria", at_least: 0}').replace("min: 50", "min: 0"),
        encoding="utf-8",
    )
    status, out, _ = _cli("check", str(path), "--lang", "en")
    assert status == 1
    assert "the rubric's maximum is 0, so the total has no percentage" in out
    assert "[ref.zero_max]" in out


# --- displays --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "fmt", "said"),
    [
        ("en", "text", "requires: any of (fact khoi = huyen; the total ≥ 90)"),
        ("vi", "text", "tổng điểm ≥ 90)"),
        ("en", "markdown", "the total ≥ 90) |"),
        ("vi", "markdown", "tổng điểm ≥ 90) |"),
    ],
)
def test_explain_says_the_total(lang: str, fmt: str, said: str) -> None:
    status, out, _ = _cli("explain", str(HAI_KHOI), "--lang", lang, "--format", fmt)
    assert status == 0
    assert said in out, out
    assert "@criteria" not in out


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "the total ≥ fact `nguong` of the rubric's maximum"),
        ("vi", "tổng điểm đạt ≥ thông tin `nguong` điểm tối đa của bộ tiêu chí"),
    ],
)
def test_explain_says_the_totals_percentage(lang: str, said: str, tmp_path: Path) -> None:
    path = tmp_path / "nguong.yaml"
    path.write_text(BY_FACT, encoding="utf-8")
    status, out, _ = _cli("explain", str(path), "--lang", lang, "--format", "markdown")
    assert status == 0
    assert said in out, out


@pytest.mark.parametrize(
    ("lang", "fmt", "said"),
    [
        ("en", "markdown", "the nearest: the total is 89, required at least 90"),
        ("vi", "markdown", "tổng điểm là 89, yêu cầu tối thiểu 90"),
        ("en", "html", "the total is 89 points, required at least 90"),
        ("vi", "html", "tổng điểm là 89 điểm, yêu cầu tối thiểu 90"),
    ],
)
def test_scorecards_say_the_total(lang: str, fmt: str, said: str, tmp_path: Path) -> None:
    answers = tmp_path / "so-89.yaml"
    answers.write_text("facts: {khoi: so}\nanswers: {c1: 89}\n", encoding="utf-8")
    out_file = tmp_path / f"card.{'md' if fmt == 'markdown' else fmt}"
    status, _, err = _cli(
        "report", str(HAI_KHOI), str(answers), "--lang", lang, "--format", fmt, "-o", str(out_file)
    )
    assert status == 0, err
    card = out_file.read_text(encoding="utf-8")
    assert said in " ".join(card.split()), card
    assert "@criteria" not in card


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "the total is 89, required at least 90"), ("vi", "tổng điểm là 89, yêu cầu")],
)
def test_score_says_the_total(lang: str, said: str, tmp_path: Path) -> None:
    answers = tmp_path / "so-89.yaml"
    answers.write_text("facts: {khoi: so}\nanswers: {c1: 89}\n", encoding="utf-8")
    status, out, _ = _cli("score", str(HAI_KHOI), str(answers), "--lang", lang)
    assert status == 0
    assert said in out, out


def test_a_not_around_the_total_says_what_held() -> None:
    text = HAI_KHOI.read_text(encoding="utf-8").replace(
        '- {score: "@criteria", at_least: 90}', '- {not: {score: "@criteria", below: 90}}'
    )
    rubric = _rubric(text)
    for engine in ENGINES:
        result = rubric.evaluate(
            Assessment(answers={"c1": 89}, facts={"khoi": "so"}),
            engine=engine,  # type: ignore[arg-type]
        )
        assert _tier(result) == "nhom_2"
        said = result.gates[0].reason_in("en")
        assert "the total below 89 holds" not in said
        assert said.endswith("the total below 90 holds, but the rubric requires that it does not")


def test_the_json_schema_offers_the_total() -> None:
    status, out, _ = _cli("schema")
    assert status == 0
    import json

    schema = json.loads(out)["$defs"]
    for kind, key in (("ScoreIs", "score"), ("PercentIs", "percent")):
        choices = schema[kind]["properties"][key]["anyOf"]
        assert {"const": "@criteria", "type": "string"} in choices


# --- both evaluators alike over random rubrics ----------------------------------------------


@st.composite
def _with_total_gates(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    """A random rubric with one to three gates on the total, against numbers or facts (a
    kind of unit, a minimum per unit), nested in ``any``/``all``/``not`` now and then."""
    data = draw(rubric_data())
    base = tiercert.rubric_from_mapping(data)._plan.root
    top, maximum = base.full_max, base.max
    data = copy.deepcopy(data)
    data.setdefault("facts", []).extend(
        [
            {"id": "khoi", "title": "Khối", "type": "choice", "options": ["so", "huyen"]},
            {"id": "nguong", "title": "Ngưỡng", "type": "number"},
        ]
    )
    gates = data.setdefault("gates", [])
    for k in range(draw(st.integers(1, 3))):
        percent = bool(maximum) and draw(st.booleans())
        high = top * 100 / maximum if percent else top
        op = draw(st.sampled_from(("at_least", "above", "at_most", "below", "equals")))
        step = draw(st.integers(0, 8))
        value: Any = Decimal(int(high * step / 8 * 1000)) / 1000  # a 1000th: no 1.500 ambiguity
        if op == "above" and value >= high:
            op = "at_least"
        if op == "below" and value <= 0:
            op = "at_most"
        if op in ("at_least", "above", "at_most", "below") and draw(st.integers(0, 2)) == 0:
            times = draw(st.sampled_from((None, Decimal("0.5"), Decimal(1), Decimal("1.1"))))
            value = {"fact": "nguong"} if times is None else {"fact": "nguong", "times": times}
        comparison: dict[str, Any] = {("percent" if percent else "score"): "@criteria", op: value}
        shape = draw(st.sampled_from(("alone", "any", "not", "all")))
        require: dict[str, Any] = comparison
        if shape == "any":
            require = {"any": [{"fact": "khoi", "equals": "huyen"}, comparison]}
        elif shape == "not":
            require = {"not": comparison}
        elif shape == "all":
            require = {"all": [comparison, {"fact": "khoi", "in": ["so", "huyen"]}]}
        gate: dict[str, Any] = {"id": f"tong{k}", "title": f"Tổng {k}", "require": require}
        tiers = [t["id"] for t in data.get("tiers", [])]
        limited = draw(st.booleans())  # to one tier, when the rubric has some
        if tiers and limited:
            gate["tiers"] = [draw(st.sampled_from(tiers))]
        gates.append(gate)
    rubric = tiercert.rubric_from_mapping(data)
    assessment = draw(answers_for(rubric))
    facts = dict(assessment.facts)
    facts["khoi"] = draw(st.sampled_from(("so", "huyen")))
    nguong = draw(st.sampled_from((Decimal(0), Decimal("45.5"), Decimal(80), Decimal(90))))
    facts["nguong"] = nguong
    return rubric, Assessment(answers=assessment.answers, facts=facts, unit_id="u1")


def _outcome(rubric: Rubric, assessment: Assessment, engine: str) -> Result | list[str]:
    try:
        return rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]


@given(_with_total_gates())
def test_compiled_equals_reference_with_gates_on_the_total(
    pair: tuple[Rubric, Assessment],
) -> None:
    rubric, assessment = pair
    assert rubric._fast is not None, "a gate on the total is written in the generated code"
    reference = _outcome(rubric, assessment, "reference")
    fast = _outcome(rubric, assessment, "fast")
    if isinstance(reference, Result):
        assert isinstance(fast, Result), fast
        assert fast.to_json() == reference.to_json()
        assert fast == reference
        verdict = rubric.verdict(assessment)
        assert verdict == (reference.total, reference.certified, reference.tier)
        # the gate compared the total the result shows, as tiers do
        for gate in reference.gates:
            for failure in gate.failures:
                if failure.target == "@criteria" and failure.subject == "score":
                    assert failure.actual == reference.total
    else:
        assert fast == reference


def test_each_unit_is_told_its_own_total() -> None:
    """The compiled evaluator remembers a failed gate's reasons by what the gates read: the
    total is among it once a gate compares it (85 and 89 fail alike, with their own total)."""
    rubric = _rubric(HAI_KHOI.read_text(encoding="utf-8"))
    for points in (85, 89, 85):
        result = rubric.evaluate(
            Assessment(answers={"c1": points}, facts={"khoi": "so"}), engine="fast"
        )
        said = result.gates[0].reason_in("en")
        assert said.endswith(f"the total is {points}, required at least 90"), said


def test_a_broken_criterion_leaves_the_totals_range_unknown(tmp_path: Path) -> None:
    """On a rubric with a broken part the checks still run on the rest, but what the total can
    reach is not known: 150 may be within reach once the broken criterion is fixed."""
    path = tmp_path / "broken.yaml"
    path.write_text(
        _GATE_RUBRIC.replace("REQUIRE", '{score: "@criteria", at_least: 150}').replace(
            "rule: {kind: direct}}\n  - {id: b1", "rule: {kind: nonsense}}\n  - {id: b1"
        ),
        encoding="utf-8",
    )
    status, out, _ = _cli("check", str(path), "--lang", "en")
    assert status == 1
    assert "[value.choice]" in out
    assert "[condition.unsatisfiable]" not in out, out
    assert "[tier.unreachable]" not in out, out


def test_criteria_not_a_list_leave_the_totals_range_unknown(tmp_path: Path) -> None:
    """With no readable list of criteria the checks see none: the total's range is 0 to 0
    to them, which says nothing of the rubric written."""
    path = tmp_path / "no_list.yaml"
    text = _GATE_RUBRIC.replace("REQUIRE", '{score: "@criteria", at_least: 150}')
    start, end = text.index("criteria:\n"), text.index("gates:")
    path.write_text(text[:start] + "criteria: c1\n" + text[end:], encoding="utf-8")
    status, out, _ = _cli("check", str(path), "--lang", "en")
    assert status == 1
    assert "$.criteria: " in out, out
    assert "[condition.unsatisfiable]" not in out, out
