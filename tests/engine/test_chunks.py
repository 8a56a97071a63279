"""A large rubric's full scorer is compiled in parts of bounded size (``_fast/chunks.py``).

Written as one function, the full scorer of a 10,000-criterion rubric was 14 MB of source
whose ``compile()`` peaked at about a gigabyte (docs/performance-history.md, fourteenth
round).  Its body is now cut into functions of at most ``CHUNK_LINES`` lines, each compiled
alone, which run the same statements in the same order on the same values.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
from tiercert._fast import chunks

KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}, {id: c, points: 0}]}",
    "{kind: bands, range: {min: 0, max: 100}, bands: "
    "[{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 2}]}",
    "{kind: linear, range: {min: 0, max: 100}, start: {value: 0, points: 0}, "
    "end: {value: 50, points: 2}}",
    "{kind: count, per_item: 0.5, max_items: 4}",
)
_TOP_DEF = re.compile(r"^(?=def )", re.MULTILINE)


def _rubric(groups: int) -> tiercert.Rubric:
    lines = ["format: 1", "id: big", 'version: "1"', "title: Big", "criteria:"]
    for g in range(groups):
        lines += [f"  - id: g{g}", f"    title: G{g}", "    children:"]
        lines += [f"      - {{id: g{g}.{i}, title: C{i}, rule: {KINDS[i % 5]}}}" for i in range(10)]
    lines += [
        "tiers: [{id: t1, label: One, rank: 1, min: 10}, {id: t2, label: Two, rank: 2, min: 100}]"
    ]
    return tiercert.parse_rubric("\n".join(lines) + "\n")


#: answers of each kind, in KINDS' order: people's text, Decimals, floats, refused ones
_VALUES: tuple[tuple[object, ...], ...] = (
    (True, False, "có", "N/A"),
    ("a", "b", " B ", "c"),
    (Decimal("49.5"), "50", 50.0, "72.25", 7),
    ("33.3", 0.1 + 0.2, Decimal("99.999"), 100),
    (3, "4", 2.0, Decimal("1"), 9),
)


def _answers(groups: int, seed: int) -> dict[str, object]:
    return {
        f"g{g}.{i}": _VALUES[i % 5][(g * 7 + i + seed) % len(_VALUES[i % 5])]
        for g in range(groups)
        for i in range(10)
    }


def _outcome(rubric: tiercert.Rubric, answers: dict[str, object], engine: str) -> object:
    """The result, or the problems of a refused input."""
    try:
        return rubric.evaluate(answers, engine=engine)  # type: ignore[arg-type]
    except tiercert.AssessmentError as error:
        return error.problems


def _functions(source: str) -> dict[str, list[str]]:
    return {
        piece.split("(", 1)[0][4:]: piece.splitlines()
        for piece in _TOP_DEF.split(source)
        if piece.startswith("def ")
    }


def test_a_large_full_scorer_is_compiled_in_parts_of_bounded_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # cut from 10,000 lines here (the default, 40,000, would need a rubric of some 1,100
    # criteria, slow to build in a test)
    monkeypatch.setattr(chunks, "CHUNK_FROM", 10_000)
    groups = 60  # 600 criteria: a full scorer of some 20,000 lines
    rubric = _rubric(groups)
    fast = rubric._fast  # compiled at once (600 criteria)
    assert fast is not None
    source = fast._full_written.pair[0][1]
    functions = _functions(source)
    parts = [name for name in functions if name.startswith("_full_")]
    assert len(parts) > 5  # one function of 20,000 lines before
    # a part: its def, a line of names that start as None per 200, its lines, its return
    assert max(len(functions[name]) for name in parts) <= chunks.CHUNK_LINES + 10
    # the scorer itself: its start, one call per part, the total and tiers' return
    assert len(functions["full"]) <= len(parts) + 20
    # compiled (not handed to the reference for good), and scoring as the reference does
    for seed in range(4):
        answers = _answers(groups, seed)
        assert _outcome(rubric, answers, "fast") == _outcome(rubric, answers, "reference")
        assert fast._full.__name__ == "full"


def test_the_shipped_rubrics_full_scorers_stay_one_function() -> None:
    for name in ("bac_giang_friendly_gov", "openssf_best_practices", "leed_v4_bd_c"):
        rubric = tiercert.load_rubric(f"rubrics/{name}.yaml")
        fast = rubric._fast
        assert fast is not None
        assert "def _full_" not in fast.source


@pytest.mark.parametrize(
    "name",
    [
        "bac_giang_friendly_gov",
        "dong_nai_friendly_gov",
        "leed_v4_bd_c",
        "openssf_best_practices",
        "openssf_scorecard",
        "vn_access_to_law",
        "vn_ocop_products",
    ],
)
def test_the_names_taken_for_locals_are_the_compiled_scorer_s_locals(name: str) -> None:
    # what chunks.local_names takes for the full scorer's own names (by how the generator
    # names its namespace) is exactly what Python compiles as its arguments and locals
    rubric = tiercert.load_rubric(f"rubrics/{name}.yaml")
    fast = rubric._fast
    assert fast is not None
    for _, source in fast._full_written.pair:
        (function,) = [
            const
            for const in compile(source, "<full>", "exec").co_consts
            if hasattr(const, "co_varnames")
        ]
        assert chunks.local_names(source.split("\n", 1)[1]) | {"A", "F", "mz", "st"} == set(
            function.co_varnames
        )


def test_the_names_taken_for_locals_in_a_large_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "CHUNK_FROM", 10_000)  # 600 criteria cut, as above
    rubric = _rubric(60)
    fast = rubric._fast
    assert fast is not None
    source = fast._full_written.pair[0][1]
    assert "def _full_0(" in source
    for piece in _TOP_DEF.split(source):
        if piece:
            (function,) = [
                const
                for const in compile(piece, "<full>", "exec").co_consts
                if hasattr(const, "co_varnames")
            ]
            head, text = piece.split("\n", 1)
            params = set(head[head.index("(") + 1 : head.index(")")].split(", ")) - {""}
            assert chunks.local_names(text) | params == set(function.co_varnames)


# random bodies of statements: the cut function does what the whole one does


def _program(draw: st.DrawFn) -> tuple[list[str], int]:
    """A function ``f(A, B)`` of random statements at depth 1 (assignments, branches that
    assign in both arms, temporaries and walruses read where they were set, a raise),
    returning every name it surely set; and where its body starts."""
    lines = ["def f(A, B):", "    q = None", "    x = A"]
    sure = ["A", "B", "q", "x"]
    for n in range(draw(st.integers(1, 40))):
        pick = draw(st.integers(0, 5))
        a, b = draw(st.sampled_from(sure)), draw(st.sampled_from(sure))
        k = draw(st.integers(-3, 3))
        v = draw(st.sampled_from([f"v{n}", "x", "q", f"v{max(n - 1, 0)}"]))
        if pick == 0:
            lines.append(f"    {v} = ({a} or 0) + {k}")
        elif pick == 1:
            lines += [
                f"    if ({a} or 0) > {k}:",
                f"        t = ({b} or 0) * 2",
                f"        {v} = t + 1",
                "    else:",
                f"        {v} = {k}",
            ]
        elif pick == 2:
            lines += [f"    {v}, u{n} = ({a} or 0) - 1, (w := {k} * 3)", f"    {v} += w"]
            sure.append(f"u{n}")
        elif pick == 3:
            lines += [f"    if ({a} or 0) == {k} * 97:", "        raise TypeError"]
            continue
        elif pick == 4:
            lines += [
                f"    if ({a} or 0) < {k}:",
                f"        q = {b}",
                "    if q is not None:",
                f"        {v} = q",
                "        q = None",
                "    else:",
                f"        {v} = -1",
            ]
        else:
            lines.append(f"    {v} = {a} if {b} else {k}")
        if v not in sure:
            sure.append(v)
    end = len(lines)
    lines.append("    return (" + "".join(f"{name}, " for name in sure) + ")")
    return lines, end


_programs = st.composite(_program)


def _run(lines: list[str], parts: list[str], a: int, b: int) -> object:
    namespace: dict[str, object] = {}
    for piece in _TOP_DEF.split("\n".join([*parts, *lines]) + "\n"):
        if piece:
            exec(compile(piece, "<test>", "exec"), namespace)
    try:
        return namespace["f"](a, b)  # type: ignore[operator]
    except TypeError:
        return TypeError


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(1, 12))
def test_a_cut_function_does_what_the_whole_one_does(data: st.DataObject, size: int) -> None:
    lines, end = data.draw(_programs())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_FROM", 1)
        patch.setattr(chunks, "CHUNK_LINES", size)
        parts, cut = chunks.cut(lines, 3, end, "f", ("A", "B"))
    assert parts  # cut, into functions of at most ``size`` statements' lines each
    for piece in _TOP_DEF.split("\n".join(parts)):
        if piece:
            body = piece.rstrip("\n").splitlines()[1:-1]  # without its def and its return
            if body and body[0].startswith("    ") and body[0].endswith(" = None"):
                body = body[1:]  # the names handed back that may be left unset
            assert len(body) <= size or len(chunks.statements(body, 1)) == 1
    for a in (-5, -1, 0, 1, 4, 97, -291):
        for b in (0, 2, -2):
            assert _run(cut, parts, a, b) == _run(lines, [], a, b)


def test_a_body_that_returns_is_not_cut() -> None:
    lines = ["def f(A):", "    x = A", "    if x:", "        return 1", "    y = 2", "    return y"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_FROM", 1)
        patch.setattr(chunks, "CHUNK_LINES", 1)
        assert chunks.cut(lines, 1, 5, "f", ("A",)) == ([], lines)


@pytest.mark.parametrize("size", [1, 7, 60])
def test_a_small_full_scorer_cut_into_parts_scores_as_the_reference(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # every rubric's full scorer cut (the threshold at one line), into parts of ``size``
    # lines: the same results and problems as the reference, by the compiled scorer itself
    monkeypatch.setattr(chunks, "CHUNK_FROM", 1)
    monkeypatch.setattr(chunks, "CHUNK_LINES", size)
    groups = 6  # 60 criteria: the least whose points reach the second tier
    rubric = _rubric(groups)
    fast = rubric._fast
    assert fast is not None
    accepted = (
        (True, False),
        ("a", "b", " B "),
        (Decimal("49.5"), "50", 50.0),
        ("33.3", 100),
        (3, "4"),
    )
    for seed in range(5):
        answers = _answers(groups, seed)
        if seed > 2:  # none refused: scored by the compiled scorer itself
            answers = {
                f"g{g}.{i}": accepted[i % 5][(g + i + seed) % len(accepted[i % 5])]
                for g in range(groups)
                for i in range(10)
            }
        expected = _outcome(rubric, answers, "reference")
        assert _outcome(rubric, answers, "fast") == expected
        if seed > 2:
            assert isinstance(expected, tiercert.Result)
            # by the cut scorer itself (it raises Fallback when it hands the input over)
            assert fast.result(answers, {}, False, None, None) == expected
            # one answer missing, counted as zero (the parts are handed ``mz``)
            del answers[f"g1.{seed}"]
            zero = rubric.evaluate(answers, missing="zero", engine="reference")
            assert fast.result(answers, {}, True, None, None) == zero
    source = fast._full_written.pair[0][1]
    functions = _functions(source)
    parts = [name for name in functions if name.startswith("_full_")]
    assert len(parts) > 3
    assert fast._full.__name__ == "full"


@pytest.mark.parametrize("size", [1, 7, 60])
def test_a_verdict_cut_into_parts_decides_as_the_reference(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # the verdict's scorer is cut as the full one is (a rubric of 10,000 criteria not written
    # as loops grew the process by about 1.8 GB compiling it whole): cut here at one line,
    # into parts of ``size`` lines, it decides as the reference does, by itself
    monkeypatch.setattr(chunks, "CHUNK_FROM", 1)
    monkeypatch.setattr(chunks, "CHUNK_LINES", size)
    groups = 6
    rubric = _rubric(groups)
    fast = rubric._fast
    assert fast is not None
    accepted = ((True, False), ("a", " B "), (Decimal("49.5"), "50", 50.0), ("33.3", 100), (3, "4"))
    for seed in range(4):
        answers: dict[str, object] = {
            f"g{g}.{i}": accepted[i % 5][(g + i + seed) % len(accepted[i % 5])]
            for g in range(groups)
            for i in range(10)
        }
        expected = rubric.evaluate(answers, engine="reference")
        # the compiled verdict itself (it raises the fallback when it hands the input over)
        verdict = fast.verdict_function(answers, {}, False, {})
        assert tuple(verdict) == (expected.total, expected.certified, expected.tier)
        del answers[f"g2.{seed}"]  # one answer missing, counted as zero (parts are given mz)
        zero = rubric.evaluate(answers, missing="zero", engine="reference")
        verdict = fast.verdict_function(answers, {}, True, {})
        assert tuple(verdict) == (zero.total, zero.certified, zero.tier)
    parts = [name for name in _functions(fast.source) if name.startswith("_verdict_")]
    assert len(parts) > 3  # one function before


def test_the_names_a_statement_assigns_outright() -> None:
    assert chunks._assigned("a, b = c = f(x)") == ["a", "b", "c"]
    assert chunks._assigned("s2 = None") == ["s2"]
    assert chunks._assigned("r4, _ = g('a = b', _M)") == ["r4", "_"]
    # not outright: augmented, subscripted, attribute, a condition, a walrus
    for line in ("x += 1", "d[k] = 1", "a.b = 1", "if x == 1:", "(w := 3)"):
        assert chunks._assigned(line) == []


@pytest.mark.parametrize("depth", [1, 2])
def test_a_statement_keeps_its_inner_lines_and_its_other_arms(depth: int) -> None:
    lines = [
        "try:", "    x = 1", "except KeyError:", "    x = 2", "else:", "    y = 1",
        "finally:", "    z = 3",
        "if a:", "    b = 1", "elif c:", "    b = 2", "else:", "    b = 3",
        "d = 4",
        "e = 5",
    ]  # fmt: skip
    indented = ["    " * depth + line for line in lines]
    assert chunks.statements(indented, depth) == [
        indented[0:8],
        indented[8:14],
        indented[14:15],
        indented[15:16],
    ]


def test_a_part_is_filled_up_to_chunk_lines() -> None:
    # the statements are packed in order, as many as fit: the fewest parts, the fewest calls
    lines = ["def f(A):", "    a = A", "    b = a", "    c = b", "    d = c", "    return d"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_FROM", 1)
        patch.setattr(chunks, "CHUNK_LINES", 2)
        parts, cut = chunks.cut(lines, 1, 5, "f", ("A",))
    assert [line for line in parts if line.startswith("def ")] == ["def _f_0(A):", "def _f_1(b):"]
    # a name its part surely assigns does not start as None
    assert not [line for line in parts if line.endswith(" = None")]
    assert cut == ["def f(A):", "    b, = _f_0(A)", "    d, = _f_1(b)", "    return d"]


def test_more_than_two_hundred_names_left_unset_all_start_as_none() -> None:
    names = [f"v{i}" for i in range(450)]
    lines = ["def f(A, B):", "    if A:", *[f"        {n} = 1" for n in names], "    y = A"]
    end = len(lines)
    lines.append("    return (" + "".join(f"{n}, " for n in names) + "y)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_FROM", 1)
        parts, cut = chunks.cut(lines, 1, end, "f", ("A", "B"))
    assert parts
    assert _run(cut, parts, 1, 0) == _run(lines, [], 1, 0)
    # left unset (the whole function would not read them then): every one is None, not unbound
    assert _run(cut, parts, 0, 0) == (None,) * len(names) + (0,)


def test_a_name_read_on_any_line_after_the_stretch_is_handed_back() -> None:
    lines = ["def f(A, B):", "    x = A", "    y = x + 1", "    z = y", "    w = z", "    return w"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_FROM", 1)
        patch.setattr(chunks, "CHUNK_LINES", 1)
        parts, cut = chunks.cut(lines, 1, 3, "f", ("A", "B"))
    assert parts
    assert _run(cut, parts, 4, 0) == 5
