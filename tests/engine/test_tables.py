"""The table-driven verdict of a large rubric (``_fast/tables.py``) is the reference's too.

A rubric of ``TABLES_FROM`` criteria or more has its verdict's criteria scored by loops over
tables of their constants.  Here that form is forced on the small rubrics the strategies
draw (``FastEvaluator(tables=0, loops_from=1)``: every criterion that may be in a loop is),
and each verdict, result and list of problems is compared with the reference's.
"""

from __future__ import annotations

import ast
import copy
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fast_equivalence import _damaged, _respelled, _respelled_value, _same

import tiercert
from strategies import DAYS, answers_for, rubric_and_answers, rubric_data, rubrics
from tiercert import Assessment, Rubric, rubric_from_mapping
from tiercert._compile import LeafPlan
from tiercert._fast import FastEvaluator
from tiercert._fast import tables as tables_module
from tiercert._fast.codegen import Generator, Source
from tiercert._fast.tables import TABLES_FROM, split, write_loop


def _tabled(rubric: Rubric, loops_from: int = 1, shared: int | None = None) -> Rubric:
    """``rubric`` with its compiled evaluator in the table-driven form (criteria of one rule
    sharing their memos and typed tables too, unless ``shared`` says from more criteria)."""
    fast = FastEvaluator(rubric._plan, rubric._info, tables=0, loops_from=loops_from, shared=shared)
    rubric.__dict__["_fast"] = fast
    rubric._warm_up = 0
    return rubric


@given(rubric_and_answers())
def test_tables_equal_the_reference(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(_tabled(rubric), assessment)
    # valid answers: the compiled loops decide (a verdict that did not compile would fall back)
    fast = rubric._fast
    assert fast is not None
    zero = rubric.spec.scoring.missing == "zero"
    reference = rubric.evaluate(assessment, engine="reference")
    verdict = fast.verdict(assessment.answers, assessment.facts, zero)
    assert verdict == (reference.total, reference.certified, reference.tier)


@given(_respelled())
def test_tables_read_other_spellings_as_the_reference(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(_tabled(rubric), assessment)


@given(_damaged())
def test_tables_give_the_reference_s_problems(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    _same(_tabled(rubric), assessment)


@given(rubrics(), st.data())
def test_tables_meet_answers_again(rubric: Rubric, data: st.DataObject) -> None:
    # the memos each criterion fills in the loop are its own: answers met again, spelled
    # another way, in another order, score as the reference scores them
    rubric = _tabled(rubric, loops_from=data.draw(st.integers(1, 3)))
    assessments = []
    for _ in range(data.draw(st.integers(2, 4))):
        assessment = data.draw(answers_for(rubric))
        answers = {k: data.draw(_respelled_value(v)) for k, v in assessment.answers.items()}
        assessments.append(Assessment(answers=answers, facts=assessment.facts))
    for assessment in [*assessments, *reversed(assessments)]:
        _same(rubric, assessment)


# one criterion of each rule kind per group, the same kinds in every group: loops of each
KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}, {id: c, points: 0}]}",
    "{kind: bands, range: {min: 0, max: 100}, bands: "
    "[{min: 0, max: EDGE, points: 0}, {min: EDGE, max: 100, points: 2}]}",
    "{kind: deduction, per_item: 1, start: 2}",
)


def _rubric(groups: int, missing: str = "error") -> Rubric:
    lines = ["format: 1", "id: tabled", 'version: "1"', "title: Tabled"]
    lines += [f"scoring: {{missing: {missing}}}", "criteria:"]
    for g in range(groups):
        lines += [f"  - id: g{g}", f"    title: G{g}", "    children:"]
        if g % 2 == 0:  # capped: the verdict tells apart which group a score went to
            lines.insert(-1, "    max: 5")
        for i, kind in enumerate(KINDS):
            rule = kind.replace("EDGE", str(10 + g % 80))  # each bands criterion its own edge
            lines.append(f"      - {{id: g{g}.{i}, title: C{i}, rule: {rule}}}")
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 10}]"]
    return tiercert.parse_rubric("\n".join(lines) + "\n")


def _verdict_source(rubric: Rubric) -> str:
    fast = rubric._fast
    assert fast is not None
    return fast.source.split("\n\n")[0]


def test_a_rubric_of_table_size_gets_loops_and_a_small_one_does_not() -> None:
    small = _rubric(4)
    assert "for " not in _verdict_source(small)  # written out, criterion by criterion
    loops = _verdict_source(_tabled(_rubric(4), loops_from=4))
    assert loops.count("\n        zS = []\n") == len(KINDS)  # one loop per rule kind
    assert loops.count(" zS.append(s)\n") == len(KINDS)
    assert "\n        s1, s6, s11, s16, = zS[0:4]\n" in loops  # the booleans' scores
    assert "g0.0" not in loops  # the ids are in the tables, not in the code
    assert 4 * len(KINDS) < TABLES_FROM


def test_criteria_needing_evidence_get_loops_too() -> None:
    # (fifteenth round: Generator._leaf_value's mutants 291 and 292, the value read from an
    # unpacked answer ``v`` kept in a variable of its own ``n<i>`` rather than the shared
    # ``n``, survived) a criterion whose evidence is checked inline is put in a loop as any
    # other: its block names no numbered variable of its own
    lines = ["format: 1", "id: tabled", 'version: "1"', "title: Tabled", "criteria:"]
    lines += ["  - id: g", "    title: G", "    children:"]
    for i in range(4):
        lines.append(
            f"      - {{id: g.{i}, title: C{i}, evidence: [justification], rule: {{kind: bands,"
            f" range: {{min: 0, max: 100}}, bands: [{{min: 0, max: {10 + i}, points: 0}},"
            f" {{min: {10 + i}, max: 100, points: 2}}]}}}}"
        )
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 1}]"]
    rubric = _tabled(tiercert.parse_rubric("\n".join(lines) + "\n"), loops_from=4)
    loops = _verdict_source(rubric)
    assert loops.count("\n        zS = []\n") == 1, loops
    answers: dict[str, object] = {
        f"g.{i}": {"value": 50, "justification": "Biên bản 12"} for i in range(4)
    }
    answers["g.0"] = {"value": 5, "justification": "Biên bản 12"}
    answers["g.3"] = 50  # lacking its evidence: no points
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert rubric.verdict(Assessment(answers=answers))[:3] == (
        reference.total,
        reference.certified,
        reference.tier,
    )
    assert reference.total == 4


def test_a_rubric_of_exactly_tables_criteria_gets_loops() -> None:
    # (twelfth round) ``tables`` is the number of criteria from which the verdict loops: a
    # rubric of exactly that many gets loops, one fewer does not; (thirteenth round:
    # FastEvaluator.__init__'s mutant 119 survived) the entry variant, tried first, loops as
    # the general scorer does, or these tests would compare loops the entry variant never runs
    rubric = _rubric(4)
    criteria = 4 * len(KINDS)
    for tables, looped in ((criteria, True), (criteria + 1, False)):
        fast = FastEvaluator(rubric._plan, rubric._info, tables=tables, loops_from=4)
        general, entry = fast.source.split("\n\n")[:2]
        assert entry.startswith("\ndef verdict(")  # the entry verdict, written second
        assert ("for " in general) is looped, tables
        assert ("for " in entry) is looped, tables
    # ``loops_from`` too (mutant 129): five criteria of one template needed, four there
    fast = FastEvaluator(rubric._plan, rubric._info, tables=criteria, loops_from=5)
    assert "for " not in "".join(fast.source.split("\n\n")[:2])


def test_a_rubric_of_exactly_shared_criteria_shares_memos() -> None:
    # (mutation testing, thirteenth round: FastEvaluator.__init__'s mutant 68, ``criteria >
    # shared``, survived) ``shared`` is the number of criteria from which criteria of one
    # rule share their memos: a rubric of exactly that many shares them (one memo of points
    # for the deductions), one fewer does not (one memo each)
    rubric = _rubric(4)
    criteria = 4 * len(KINDS)
    deductions = [f"g{g}.3" for g in range(4)]
    for shared, memos in ((criteria, ["g0.3"]), (criteria + 1, deductions)):
        fast = FastEvaluator(rubric._plan, rubric._info, shared=shared)
        assert fast.source  # the memos are made as the verdict's code is written (on first use)
        assert sorted(k for k in fast.numbers._points if k.endswith(".3")) == memos, shared


def test_a_loop_needs_loops_from_criteria_of_one_template() -> None:
    rubric = _tabled(_rubric(3), loops_from=4)
    assert "for " not in _verdict_source(rubric)
    answers: dict[str, object] = {}  # written out, from the loop's depth: still compiled
    for g in range(3):
        answers |= {f"g{g}.0": True, f"g{g}.1": "a", f"g{g}.2": 10 + g, f"g{g}.3": 0}
    fast = rubric._fast
    assert fast is not None
    want = rubric.evaluate(answers, engine="reference")
    assert fast.verdict(answers, {}, False) == (want.total, want.certified, want.tier)
    assert _verdict_source(_tabled(_rubric(4), loops_from=4)).count(" zS.append(s)\n") == len(KINDS)


@pytest.mark.parametrize(
    "answer",
    [7, "7", 7.0, Decimal("7"), 12, "12", 12.5, "12.5", Decimal("12.50"), "na", None, "x"],
)
def test_each_criterion_keeps_its_own_constants_and_memos(answer: Any) -> None:
    # every bands criterion has its own edge (10, 11, 12, 13) and its own memos of points,
    # which start equal (empty): a loop that shared one criterion's would score 12 alike;
    # every other group is capped, so a score handed to another criterion's group shows
    rubric = _tabled(_rubric(4), loops_from=4)
    answers: dict[str, object] = {}
    for g in range(4):
        answers |= {f"g{g}.0": True, f"g{g}.1": "b", f"g{g}.2": answer, f"g{g}.3": 1}
    fast = rubric._fast
    assert fast is not None
    for _ in range(2):  # the second time from the memos
        assessment = Assessment(answers=answers, facts={}, unit_id="u1")
        _same(rubric, assessment)
        if answer not in ("na", None, "x"):  # valid: the loops decide, not the reference
            reference = rubric.evaluate(assessment, engine="reference")
            verdict = fast.verdict(answers, {}, False)
            assert verdict == (reference.total, reference.certified, reference.tier)


def test_the_template_takes_every_constant_out() -> None:
    namespace: dict[str, object] = {"K3": {"a": 1}, "K4_get": {}.get}
    block = [
        "        r = g('g0.1', _M)",
        "        s7 = K3.get(r) if r.__class__ is str else 1.5e-99",
        '        if s7 is None and r.same_quantum(_Q3) and "." in r:',
        "            s7, _ = _slow(7, r, mz, st)",
        "            s7 = K4_get(r)",
    ]
    found = split(block, "s7", namespace)
    assert found is not None
    template, values, texts = found
    assert template == (
        "        r = g(\x00, _M)\n"
        "        s = \x00.get(r) if r.__class__ is str else \x00\n"
        "        if s is None and r.same_quantum(_Q3) and \x00 in r:\n"
        "            s, _ = _slow(\x00, r, mz, st)\n"
        "            s = \x00(r)\n"
    )
    assert values == ["g0.1", namespace["K3"], 1.5e-99, ".", 7, namespace["K4_get"]]
    assert [type(v) for v in values][2:5] == [float, str, int]
    assert texts == ["'g0.1'", "K3", "1.5e-99", '"."', "7", "K4_get"]


@pytest.mark.parametrize("name", ["s8", "a7", "r7", "n7", "w7", "e7"])
def test_a_block_naming_another_variable_stays_written_out(name: str) -> None:
    block = ["        r = g('g0.1', _M)", f"        s7 = {name} + 1"]
    assert split(block, "s7", {}) is None
    assert split(["        s7 = 1"], "s7", {}) is not None


def test_constants_are_told_apart_by_identity_and_type() -> None:
    same = tables_module._same
    memo: dict[str, int] = {}
    assert same((memo, memo, memo))
    assert not same((memo, {}))  # equal now, two memos all the same
    assert not same((1, 1.0))
    assert not same((1, True))
    assert same((1, 1))
    assert same(("a", "a"))
    assert same((2.5, 2.5))
    assert same((int("1000000"), int("1000000")))  # two objects, one literal


def _run_loop(rows: list[list[object]], scores: list[str]) -> tuple[object, ...]:
    """The code ``write_loop`` writes for the template ``s = <c0> + <c1>``, run (the first
    row's constants written ``10`` and ``5``)."""
    gen = SimpleNamespace(src=Source())
    write_loop(gen, "        s = \x00 + \x00\n", rows, ["10", "5"], scores)  # type: ignore[arg-type]
    returned = ", ".join(scores)
    code = "def f():\n" + "\n".join(gen.src.lines) + f"\n    return ({returned},)\n"
    namespace = dict(gen.src.namespace)
    exec(code, namespace)
    return namespace["f"]()  # type: ignore[no-any-return]


def test_a_loop_over_one_constant_or_none() -> None:
    # one column varies (the rows are its values), or none (one criterion)
    assert _run_loop([[10, 5], [20, 5], [30, 5]], ["s3", "s4", "s5"]) == (15, 25, 35)
    assert _run_loop([[10, 5]], ["s3"]) == (15,)
    assert _run_loop([[10, 5], [20, 6]], ["s3", "s4"]) == (15, 26)


def _run_slow_loop(rows: list[list[object]]) -> tuple[tuple[object, ...], str]:
    """The code ``write_loop`` writes for a template whose second constant is only handed
    to the reference (``_slow``), run on answers "a" and "c", and that code."""
    gen = SimpleNamespace(src=Source())
    template = "        s = g(\x00) or _slow(\x00)\n"
    scores = [f"s{n}" for n in range(1, len(rows) + 1)]
    write_loop(gen, template, rows, ["'a'", "3"], scores)  # type: ignore[arg-type]
    code = "def f(g, _slow):\n" + "\n".join(gen.src.lines)
    code += f"\n    return ({', '.join(scores)},)\n"
    namespace = dict(gen.src.namespace)
    exec(code, namespace)
    return namespace["f"]({"a": 1, "c": 2}.get, lambda n: -n), code


def test_a_number_only_the_reference_reads_is_not_in_every_row() -> None:
    # the criterion number handed to the reference is looked up by the row's answer key on
    # that path alone: the loop runs over the keys themselves (no tuple a row, no number)
    found, code = _run_slow_loop([["a", 3], ["b", 4], ["c", 5]])
    assert found == (1, -4, 2)
    assert re.search(r"for z0 in K\d+:", code)
    assert re.search(r"_slow\(K\d+\[z0\]\)", code)
    # keys that repeat cannot tell the rows apart: the number stays in the rows
    found, code = _run_slow_loop([["a", 3], ["b", 4], ["b", 6]])
    assert found == (1, -4, -6)
    assert "for z0, z1 in" in code
    assert "_slow(z1)" in code
    # in a rubric's verdict, no loop's rows carry the number; those of the three kinds whose
    # criteria differ only in it and their key are the keys alone (the bands criteria have
    # edges of their own)
    # (their answers read before the loop, which runs over them: see the next test)
    loops = _verdict_source(_tabled(_rubric(4), loops_from=4))
    assert len(re.findall(_FETCHED_LOOP, loops)) == len(KINDS) - 1
    assert len(re.findall(r"\n        for z0, ", loops)) == 1
    assert re.search(r"_slow\(K\d+\[K\d+\[len\(zS\)\]\], r, mz, st\)", loops)
    assert re.search(r"_slow\(K\d+\[z0\], r, mz, st\)", loops)
    assert not re.search(r"_slow\(z\d", loops)


#: a loop over its answers, read a part of its keys at a time (tables._fetching)
_FETCHED_LOOP = r"\n        for zG, zK in K\d+:\n            for r in _fetch\(A, zG, zK, g, _M\):\n"


@given(st.integers(2, 40), st.integers(1, 12))
def test_the_parts_of_a_loop_s_keys_are_its_keys(count: int, part: int) -> None:
    keys = tuple(f"k{n}" for n in range(count))
    answers = {key: n for n, key in enumerate(keys)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables_module, "FETCH", part)
        parts = tables_module._parts(keys)
    assert tuple(key for _, some in parts for key in some) == keys
    assert all(2 <= len(some) <= max(part, 2) + 1 for _, some in parts)
    assert [getter(answers) for getter, some in parts] == [
        tuple(answers[key] for key in some) for _, some in parts
    ]


def test_only_a_loop_over_distinct_keys_read_by_get_fetches_its_answers() -> None:
    # _fetching takes a loop whose one column is its distinct answer keys (at least two)
    # and whose block begins by reading its answer with g; anything else is looped as before
    fetching = tables_module._fetching
    block = ["        r = g(", ", _M)\n        s = r\n"]
    keys: list[tuple[object, ...]] = [("a", "b")]
    assert fetching(keys, ["z0"], block) == ("a", "b")
    assert fetching([("a",)], ["z0"], block) is None  # one key: itemgetter gives no tuple
    assert fetching([("a", "a")], ["z0"], block) is None
    assert fetching([("a", 1)], ["z0"], block) is None
    assert fetching([("a", "b"), (1, 2)], ["z0"], block) is None
    assert fetching(keys, ["z1"], block) is None
    assert fetching(keys, ["z0"], ["        s = g(", ", _M)\n"]) is None
    assert fetching(keys, ["z0"], ["x = 1; r = g(", ", _M)\n"]) is None
    assert fetching(keys, ["z0"], ["        xr = g(", ", _M)\n"]) is None
    assert fetching(keys, ["z0"], ["        r = g(", ", K3)\n"]) is None
    assert fetching(keys, ["z0"], ["        r = A[", "]\n"]) is None  # the entry scorer's


def test_a_fetched_loop_reads_its_key_by_the_row_s_position_wherever_the_block_uses_it() -> None:
    # a fetched loop has no loop variable for its key: each use of it in the block, bare or
    # looked up, reads the key of the row's position instead
    gen = SimpleNamespace(src=Source())
    template = "        r = g(\x00, _M)\n        s = (r, \x00)\n"
    rows: list[list[object]] = [["a", "a"], ["b", "b"], ["c", "c"]]
    write_loop(gen, template, rows, ["'a'", "'a'"], ["s1", "s2", "s3"])  # type: ignore[arg-type]
    code = "def f(A, g, _M, _fetch):\n" + "\n".join(gen.src.lines)
    code += "\n    return (s1, s2, s3)\n"
    assert "for r in _fetch(A, zG, zK, g, _M):" in code  # (the fetched loop)
    namespace = dict(gen.src.namespace)
    exec(code, namespace)
    answers = {"a": 1, "b": 2, "c": 3}
    got = namespace["f"](answers, answers.get, None, tables_module.fetched)
    assert got == ((1, "a"), (2, "b"), (3, "c"))


class _Answers(dict[str, object]):
    """A dict of answers whose ``[]`` gives what its ``get`` does not (a defaultdict's kind)."""

    def __missing__(self, key: str) -> object:
        self.setdefault(key, True)
        return True


class _Mapping(dict[str, object]):
    pass


@pytest.mark.parametrize("part", [256, 2, 4, 5])
def test_a_loop_over_answer_keys_reads_them_in_parts_as_the_reference(
    part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a loop whose rows are its answers' keys alone reads the answers a part of the keys at
    # a time (an itemgetter each: the keys' reference counts untouched) and runs over them;
    # what it hands the reference names the criterion of the row's position
    monkeypatch.setattr(tables_module, "FETCH", part)
    rubric = _tabled(_rubric(6), loops_from=4)
    loops = _verdict_source(rubric)
    assert len(re.findall(_FETCHED_LOOP, loops)) == len(KINDS) - 1
    assert "for z0 in" not in loops
    answers: dict[str, object] = {}
    for g in range(6):
        answers |= {f"g{g}.0": g % 2 == 0, f"g{g}.1": "abc"[g % 3], f"g{g}.2": 50, f"g{g}.3": g}
    cases: list[dict[str, object]] = [answers]
    # an unusual answer at each position of each loop: the reference reads it (its problem
    # names the criterion), a missing answer, an unknown key
    for g in range(6):
        for i in (0, 1, 3):
            cases.append(answers | {f"g{g}.{i}": "nonsense"})
            cases.append(answers | {f"g{g}.{i}": {"value": "nonsense"}})
            cases.append({k: v for k, v in answers.items() if k != f"g{g}.{i}"})
    cases.append(answers | {"g9.9": 1})
    zero = _tabled(_rubric(6, "zero"), loops_from=4)
    for case in cases:
        _same(rubric, Assessment(answers=case))
        _same(zero, Assessment(answers=case))
    fast = zero._fast
    assert fast is not None
    # the criterion handed to the reference is the row's: a missing answer is noted by its
    # criterion's number
    for g in range(6):
        for i in range(4):
            key = f"g{g}.{i}"
            notes: dict[int, object] = {}
            fast.verdict_function({k: v for k, v in answers.items() if k != key}, {}, True, notes)
            assert set(notes) == {-1, fast.index[key]}, key
    # other mappings are read by their get, as before (a dict subclass's [] may differ: a
    # missing answer must not be made up, nor the caller's mapping changed)
    for kind in (_Answers, _Mapping):
        partial = kind({k: v for k, v in answers.items() if k != "g2.1"})
        reference = zero.evaluate(dict(partial), engine="reference")
        assert zero.evaluate(partial) == reference
        assert fast.verdict(partial, {}, True) == fast.verdict(dict(partial), {}, True)
        assert "g2.1" not in partial


def test_scores_are_unpacked_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "_UNPACK", 2)
    scores = [f"s{n}" for n in range(1, 6)]
    assert _run_loop([[10 * n, 5] for n in range(5)], scores) == (5, 15, 25, 35, 45)
    source = _verdict_source(_tabled(_rubric(3), loops_from=3))
    assert "\n        s1, s6, = zS[0:2]\n        s11, = zS[2:3]\n" in source
    rubric = _tabled(_rubric(5), loops_from=5)
    answers: dict[str, object] = {}
    for g in range(5):
        answers |= {f"g{g}.0": g % 2 == 0, f"g{g}.1": "abc"[g % 3], f"g{g}.2": 12, f"g{g}.3": g}
    fast = rubric._fast
    assert fast is not None
    reference = rubric.evaluate(answers, engine="reference")
    assert fast.verdict(answers, {}, False) == (
        reference.total,
        reference.certified,
        reference.tier,
    )


def test_a_block_a_condition_reads_stays_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # even offered to the tables (Generator._tabled would not), a criterion whose block
    # keeps its answer for a gate (``a<i>``) is written out, and the gate reads it
    def offered(gen: Generator, leaf: LeafPlan) -> bool:
        return gen.tables and leaf.id not in gen.may_exclude

    monkeypatch.setattr(Generator, "_tabled", offered)
    lines = ["format: 1", "id: tabled", 'version: "1"', "title: Tabled", "criteria:"]
    for g in range(4):
        lines += [f"  - id: g{g}", f"    title: G{g}", "    children:"]
        lines += [f"      - {{id: g{g}.{i}, title: C{i}, rule: {KINDS[0]}}}" for i in range(2)]
    lines += [
        "gates: [{id: yes, title: Yes, require: {answer: g0.0, equals: true}}]",
        "tiers: [{id: t1, label: One, rank: 1, min: 1}]",
    ]
    rubric = _tabled(tiercert.parse_rubric("\n".join(lines) + "\n"), loops_from=3)
    source = _verdict_source(rubric)
    assert "\n        r = g('g0.0', _M)\n" in source  # g0.0, written out at the top level
    assert "; a1 = True\n" in source
    assert source.count("zS = []") == 1  # the other seven booleans in one loop
    fast = rubric._fast
    assert fast is not None
    for first in (True, False):
        answers: dict[str, object] = {f"g{g}.{i}": True for g in range(4) for i in range(2)}
        answers["g0.0"] = first
        want = rubric.evaluate(answers, engine="reference")
        assert fast.verdict(answers, {}, False) == (want.total, want.certified, want.tier)


def test_each_literal_is_read_once() -> None:
    # 10,000 criteria write the same points and edges again and again: read once, one object
    first = tables_module._value("2.75")
    assert first == 2.75
    assert type(first) is float
    assert tables_module._value("2.75") is first
    assert tables_module._value("'g0.1'") == "g0.1"


def test_the_loops_names_and_constants_are_numbered_first() -> None:
    # issue 12: CPython numbers a function's locals, names and constants in the order it
    # meets them, and one past 255 takes an EXTENDED_ARG that also keeps its instruction
    # from specialising; a loop written after hundreds of scores were unpacked named its own
    # variables (n, q, z5...) and helpers after them.  tables.pin names them first
    # 600 criteria: 600 scores named; each its own memos (rows of more constants)
    rubric = _tabled(_rubric(150), loops_from=4, shared=TABLES_FROM)
    code = compile(_verdict_source(rubric), "verdict", "exec").co_consts[0]
    assert len(code.co_varnames) > 600
    # a row of many constants (bands: 8) unpacks its first three, the others one tuple
    assert "        for z0, z1, z2, zt in " in _verdict_source(rubric)
    # booleans: 3 (their number, handed only to the reference, is looked up by their key)
    assert "        for z0, z1, z2 in " in _verdict_source(rubric)
    loops = _verdict_source(rubric).split("        if len(A) != ")[0].split("\n")
    body = [line for line in loops if line.startswith("            ")]  # the loops' bodies
    variables = {n for n in code.co_varnames if re.search(rf"\b{n}\b", "\n".join(body))}
    assert {"r", "s", "n", "q", "qk", "z0", "zt"} <= variables
    assert max(code.co_varnames.index(n) for n in variables) < 256
    names = {n for n in code.co_names if re.search(rf"\b{n}\b", "\n".join(body))}
    assert {"_slow", "_HIT", "_Str", "_EXA"} <= names
    assert max(code.co_names.index(n) for n in names) < 128  # LOAD_GLOBAL's argument: 2i+1
    for line in body:  # the constants too
        for number in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?\b", line):
            assert code.co_consts.index(ast.literal_eval(number)) < 256, number
    # and it is code never run: the verdict is the reference's
    answers: dict[str, object] = {}
    for g in range(150):
        answers |= {f"g{g}.0": True, f"g{g}.1": "b", f"g{g}.2": "12.5", f"g{g}.3": 1}
    fast = rubric._fast
    assert fast is not None
    want = rubric.evaluate(answers, engine="reference")
    assert fast.verdict(answers, {}, False) == (want.total, want.certified, want.tier)


def test_pin_numbers_a_loop_s_names_attributes_and_constants_first() -> None:
    # the loop comes after 300 locals, 600 names (globals and attributes) and 300 constants
    loop = [
        "    for z0, z1 in K9:",
        "        r = g(z0, _M)",
        "        if r.__class__ is _Fl and r.is_integer() and r > 2.5:",
        "            s = z1.get(r, 'x')",
        "        zS.append(s)",
    ]
    before = [f"    v{i} = G{i}.a{i} + {i + 1000}" for i in range(300)]
    lines = ["def f(A, F, mz, st):", "    g = A.get", "    zS = []", *before, *loop]
    tables_module.pin(lines, loop)
    assert lines[1:3] == [
        "    if 0:",
        "        g(z0, z1, K9, r, g, _M, _Fl, s, zS, g.__class__, g.is_integer, g.get, g.append,"
        " 2.5, 'x')",
    ]  # names in the order met, then attributes, then constants
    code = compile("\n".join(lines) + "\n", "f", "exec").co_consts[0]
    assert max(code.co_varnames.index(n) for n in ("z0", "z1", "r", "s")) < 256
    assert max(code.co_names.index(n) for n in ("K9", "_M", "_Fl")) < 128
    assert max(code.co_names.index(n) for n in ("__class__", "is_integer", "get")) < 256
    assert max(code.co_consts.index(c) for c in (2.5, "x")) < 256
    assert code.co_names.index("a299") > 256
    assert code.co_consts.index(1299) > 256


# --- criteria of one rule share their memos and typed tables (tables.owners) -----------------


def _twinned(data: dict[str, Any]) -> dict[str, Any]:
    """The rubric mapping ``data`` with a twin after each criterion that has a rule: the same
    mapping (rule, evidence, N/A, flags) under the id with ``t`` added.  Conditions and
    answers read from others still name the originals."""

    def twin(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for node in nodes:
            out.append(node)
            if "children" in node:
                node["children"] = twin(node["children"])
            elif "rule" in node:
                out.append({**copy.deepcopy(node), "id": node["id"] + "t"})
        return out

    data = copy.deepcopy(data)
    data["criteria"] = twin(data["criteria"])
    return data


@st.composite
def _twins(draw: st.DrawFn) -> Rubric:
    data = _twinned(draw(rubric_data()))
    return rubric_from_mapping(data).at(draw(st.sampled_from(DAYS)))


@given(_twins(), st.data(), st.sampled_from([None, TABLES_FROM]))
def test_criteria_of_one_rule_share_memos_and_answer_as_the_reference(
    rubric: Rubric, data: st.DataObject, tables: int | None
) -> None:
    # each criterion with a twin of the same rule: the two share their memos of points,
    # typed readings and tables (in loops, or written out: tables=TABLES_FROM), and are
    # answered differently, the same answers met again by the other, in any order
    fast = FastEvaluator(rubric._plan, rubric._info, tables=tables or 0, shared=0)
    rubric.__dict__["_fast"] = fast
    rubric._warm_up = 0
    owner = tables_module.owners(rubric._plan)
    assert len(set(owner.values())) < len(owner) or not owner  # twins share
    assessments = []
    for _ in range(data.draw(st.integers(2, 4))):
        assessment = data.draw(answers_for(rubric))
        answers = {k: data.draw(_respelled_value(v)) for k, v in assessment.answers.items()}
        if data.draw(st.booleans()):  # a twin answered as its original was (or the reverse)
            for key in list(answers):
                if key + "t" in answers and data.draw(st.booleans()):
                    answers[key + "t"] = answers[key]
        assessments.append(Assessment(answers=answers, facts=assessment.facts))
    for assessment in [*assessments, *reversed(assessments)]:
        _same(rubric, assessment)


@given(_twins(), st.data())
def test_shared_memos_give_the_reference_s_problems(rubric: Rubric, data: st.DataObject) -> None:
    rubric = _tabled(rubric, shared=0)
    assessment = data.draw(answers_for(rubric))
    answers = dict(assessment.answers)
    for key in data.draw(st.lists(st.sampled_from(sorted(answers) or ["x"]), max_size=3)):
        answers[key] = data.draw(st.sampled_from(["12.000", "1.500", "maybe", -1, None, 1e400]))
    for _ in range(2):
        _same(rubric, Assessment(answers=answers, facts=assessment.facts))


def test_criteria_of_one_rule_share_one_memo_and_table() -> None:
    # 40 groups of the four kinds, each bands criterion with its own edge (10 to 49): the
    # booleans, levels and deductions are one rule each, the bands 40 rules
    rubric = _tabled(_rubric(40), loops_from=4)
    fast = rubric._fast
    assert fast is not None
    owner = tables_module.owners(rubric._plan)
    assert owner["g7.0"] == owner["g0.0"] == "g0.0"
    assert owner["g7.1"] == "g0.1"
    assert owner["g7.3"] == "g0.3"
    assert owner["g7.2"] == "g7.2" != owner["g6.2"]
    source = _verdict_source(rubric)
    # a row of the booleans, levels and deductions: its answer's key only (the index is
    # looked up by it where the reference takes over)
    assert len(re.findall(_FETCHED_LOOP, source)) == 3  # the key alone
    assert "        for z0, z1, z2, zt in " in source  # the bands: their own edges and memos
    # one memo of points for the 40 deductions, 40 for the bands
    assert sorted(fast.numbers._points) == sorted(["g0.3", *(f"g{g}.2" for g in range(40))])
    assert len({k for k in fast._readings if k.startswith("g0.0 typed")}) == 4
    assert not any(k.startswith("g1.0") for k in fast._readings)
    # each scored, then met again by another criterion of its rule: the reference's
    answers: dict[str, object] = {}
    for g in range(40):
        answers |= {
            f"g{g}.0": ["yes", True, "no", "N/A"][g % 4],
            f"g{g}.1": [" B ", "a", "c", "b"][g % 4],
            f"g{g}.2": ["30", 30.5, Decimal("12.50"), "na"][g % 4],
            f"g{g}.3": [1, "2", 0.0, Decimal("3")][g % 4],
        }
    for _ in range(2):
        _same(rubric, Assessment(answers=answers, facts={}, unit_id="u1"))
    # and without sharing (a threshold above the rubric): each its own, as before
    alone = _tabled(_rubric(40), loops_from=4, shared=TABLES_FROM)
    assert alone._fast is not None
    assert alone._fast.source  # its memos are made as the verdict's code is written
    assert len(alone._fast.numbers._points) == 80
    assert _verdict_source(alone).count("        for z0, z1 in ") == 0


@pytest.mark.parametrize(
    ("other", "shares"),
    [
        ("{kind: boolean, points: 2}", True),
        ("{kind: boolean, points: 2.0}", True),  # the same Fraction, read from the text
        ("{kind: boolean, points: 3}", False),
        ("{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1}]}", False),
    ],
)
def test_rules_share_only_when_equal(other: str, shares: bool) -> None:
    text = (
        "format: 1\nid: r\nversion: '1'\ntitle: R\ncriteria:\n"
        "  - {id: a, title: A, rule: {kind: boolean, points: 2}}\n"
        f"  - {{id: b, title: B, rule: {other}}}\n"
        "  - {id: c, title: C, rule: {kind: boolean, points: 2}, na: {counts_as: excluded}}\n"
        "  - {id: d, title: D, rule: {kind: boolean, points: 2}, evidence: [justification]}\n"
    )
    owner = tables_module.owners(tiercert.parse_rubric(text)._plan)
    assert (owner["b"] == "a") is shares
    assert owner["c"] == "c"  # N/A, evidence: other memos
    assert owner["d"] == "d"


def test_shared_answers_keep_their_own_memos() -> None:
    # a criterion read by another (answer_from) and its reader are left out of the sharing
    # (the readers' checks refuse answers the rule accepts), even of one rule with a third
    # (mutmut: owners 3, 4 and 9 put one of them with it)
    text = (
        "format: 1\nid: r\nversion: '1'\ntitle: R\ncriteria:\n"
        "  - {id: a, title: A, rule: {kind: boolean, points: 2}}\n"
        "  - {id: b, title: B, answer_from: a, rule: {kind: boolean, points: 2}}\n"
        "  - {id: c, title: C, rule: {kind: boolean, points: 2}}\n"
        "  - {id: d, title: D, rule: {kind: boolean, points: 2}}\n"
    )
    assert tables_module.owners(tiercert.parse_rubric(text)._plan) == {"c": "c", "d": "c"}


def test_canon_tells_types_and_orders_apart() -> None:
    canon = tables_module.canon
    assert canon(1) != canon(True)
    assert canon(1) != canon(1.0)
    assert canon((1, "a")) == canon((1, "a")) != canon([1, "a"])
    assert canon({"a": 1, "b": 2}) != canon({"b": 2, "a": 1})
    assert canon(frozenset({1, 2})) == canon(frozenset({2, 1}))
    # every key and value counts (mutmut: canon 24, 25), every member of a set (30), and a
    # set's members by their types too (26: a frozenset compared as it is, 1 == True)
    assert canon({"a": 1}) != canon({"b": 1})
    assert canon({"a": 1}) != canon({"a": 2})
    assert canon(frozenset({1})) != canon(frozenset({2}))
    assert canon(frozenset({1})) != canon(frozenset({True}))
    assert canon({1, 2}) == canon({2, 1}) != canon(frozenset({1, 2}))

    class Slotted:
        __slots__ = ("x",)

        def __init__(self, x: object) -> None:
            self.x = x

    class Plain:
        def __init__(self, x: object) -> None:
            self.x = x

    assert canon(Slotted(1)) == canon(Slotted(1)) != canon(Slotted(2))
    assert canon(Plain(1)) == canon(Plain(1)) != canon(Plain(True))
    assert canon(Slotted(1)) != canon(Plain(1))
    # a slot never set reads as None (mutmut: canon 63, getattr without its default)
    assert canon(Slotted.__new__(Slotted)) == canon(Slotted.__new__(Slotted))

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __eq__(self, other: object) -> bool:
            return True

    with pytest.raises(TypeError):
        canon(Slotted(Unhashable()))


def _tokens_of_the_pattern(text: str) -> list[tuple[int, int, int]]:
    kinds = tables_module
    return [
        (
            m.start(),
            m.end(),
            kinds._NAME
            if m.group(1) is not None
            else kinds._NUMBER
            if m.group(2) is not None
            else kinds._STRING,
        )
        for m in kinds._TOKEN.finditer(text)
    ]


@given(st.text(alphabet="abK_gets019.eE+-'\"\\\n ()[]=\u00e9\u00b2\u0663", max_size=40))
def test_tokens_are_the_pattern_s_tokens(text: str) -> None:
    # issue 12, thirteenth round: split finds its tokens from the quotes and digits of the
    # text (tables.tokens), not by trying _TOKEN at every character; the same tokens, on
    # names with and without digits, _get, attributes, numbers after a point or a word,
    # exponents, strings with escapes and unclosed ones, non-ASCII letters and digits
    assert tables_module.tokens(text) == _tokens_of_the_pattern(text)


def test_tokens_of_generated_blocks_are_the_pattern_s_tokens() -> None:
    found: list[str] = []
    real_split = tables_module.split

    def kept(block: list[str], own: str, namespace: dict[str, object]) -> Any:
        found.append("\n".join(block))
        return real_split(block, own, namespace)

    tables_module.split = kept
    try:
        for rubric in (
            _rubric(40),
            tiercert.load_rubric("examples/bac_giang_star_bands_example.yaml"),
            tiercert.load_rubric("rubrics/openssf_best_practices.yaml"),
        ):
            # the verdict's code (and its tables) is written on its first use
            assert FastEvaluator(rubric._plan, rubric._info, tables=0, loops_from=2).source
    finally:
        tables_module.split = real_split
    assert len(found) > 100
    for text in found:
        assert tables_module.tokens(text) == _tokens_of_the_pattern(text)


def test_a_whole_number_literal_is_read_as_literal_eval_reads_it() -> None:
    for text in ("0", "7", "1234567890123456789012345", "10"):
        assert tables_module._value(text) == int(text)
        assert type(tables_module._value(text)) is int
    assert tables_module._value("1e5") == 1e5
    assert type(tables_module._value("1e5")) is float


@pytest.mark.parametrize(
    "text",
    ["a_1", "a.5", "a.5 7", "x.5.6 'q' 8", "a1 b", "a1", "s1 = a1 + 2", "1._a1", "12abc3 d4"],
)
def test_tokens_by_hand_are_the_pattern_s_tokens(text: str) -> None:
    # kills tables.tokens mutants the drawn texts missed (mutation run, thirteenth round):
    # an underscore before a digit, digits after a point, a name at the start of the text
    assert tables_module.tokens(text) == _tokens_of_the_pattern(text)


def test_a_literal_is_read_as_literal_eval_reads_it_when_first_met(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the literals' cache is filled by every rubric compiled before: empty it, so that
    # _value reads each text itself (mutation run, thirteenth round)
    monkeypatch.setattr(tables_module, "_VALUES", {})
    for text in ("0", "7", "10", "1234567890123456789012345"):
        assert tables_module._value(text) == int(text)
        assert type(tables_module._value(text)) is int
    for text in ("1e5", "1.5", "2.", "'7'", '"a\\n"'):
        value = tables_module._value(text)
        assert value == ast.literal_eval(text)
        assert type(value) is type(ast.literal_eval(text))
    with pytest.raises(SyntaxError):
        tables_module._value("010")  # a leading zero is no literal, as for literal_eval
