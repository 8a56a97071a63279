"""Data handed back to tiercert that is not what a call reads (a result's JSON form, a
builder's counts, an output record, the score columns asked of a table) raises one typed
exception, ``DataError``, with a stable code and the place: which key, which row (a portal
developer's pass, eighteenth round).  They were plain ``ValueError``s, which a ``DataError``
still is."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import tiercert
from tiercert.errors import DataError

ANSWERS = {"g1": 18, "g2": 22, "g3": 18, "g4": 13, "g5": "17.5"}


@pytest.fixture(scope="module")
def rubric() -> tiercert.Rubric:
    return tiercert.load_rubric("bac_giang_friendly_gov")


def _data(rubric: tiercert.Rubric) -> Any:
    return json.loads(rubric.evaluate(ANSWERS, unit_id="xa-a").to_json())


def _refused(read: Any, *args: Any) -> tiercert.Problem:
    with pytest.raises(tiercert.DataError) as caught:
        read(*args)
    exc = caught.value
    assert isinstance(exc, ValueError)  # what these calls raised before: still caught so
    assert isinstance(exc, tiercert.ProblemsError)
    assert isinstance(exc, tiercert.TiercertError)
    [problem] = exc.problems
    assert str(exc).endswith(f"[{problem.code}]")
    return problem


def test_a_result_s_number_that_is_not_one_is_placed_by_its_key(rubric: tiercert.Rubric) -> None:
    data = _data(rubric)
    data["nodes"][3]["score"] = "13,5"  # a decimal comma, typed by hand
    problem = _refused(tiercert.Result.from_dict, data)
    assert (problem.code, problem.path, problem.where) == (
        "result.number",
        ("nodes", 3, "score"),
        "$.nodes[g4].score",
    )
    assert problem.message == (
        "expected a number written as results write them (79.99 or 2/3), got '13,5'"
    )
    assert problem.text("vi") != problem.message  # in the catalogs


@pytest.mark.parametrize(
    ("edit", "code", "path"),
    [
        (lambda d: d.pop("total"), "result.key", ("total",)),
        (lambda d: d["nodes"][0].pop("status"), "result.key", ("nodes", 0, "status")),
        (lambda d: d.update(certified="yes"), "result.type", ("certified",)),
        (lambda d: d["tier"]["label"].update(en=5), "result.type", ("tier", "label", "en")),
        (lambda d: d["unit"].update(id=7), "result.type", ("unit", "id")),
        (lambda d: d["nodes"][1].update(status="done"), "result.value", ("nodes", 1, "status")),
        (lambda d: d.update(as_of="7/12/2026"), "result.value", ("as_of",)),
        (
            lambda d: d["gates"][0]["failures"].append({"subject": "fact", "target": 3}),
            "result.type",
            ("gates", 0, "failures", 0, "target"),
        ),
        (lambda d: d.update(format=1), "result.format", ("format",)),
        (lambda d: d.update(total="200"), "result.contradiction", ("total",)),
        (lambda d: d.update(failed_gates=["x"]), "result.contradiction", ("failed_gates",)),
        (
            lambda d: d["next_tier"].update(points_needed="1"),
            "result.contradiction",
            ("next_tier", "points_needed"),
        ),
        (
            lambda d: d["nodes"][1].update(parent="g9"),
            "result.contradiction",
            ("nodes", 1, "parent"),
        ),
    ],
)
def test_a_result_s_json_form_that_is_not_one_says_what_and_where(
    rubric: tiercert.Rubric, edit: Any, code: str, path: tuple[object, ...]
) -> None:
    data = _data(rubric)
    edit(data)
    problem = _refused(tiercert.Result.from_dict, data)
    assert (problem.code, problem.path) == (code, path)
    problem = _refused(tiercert.Result.from_json, json.dumps(data))
    assert (problem.code, problem.path) == (code, path)


def test_text_that_is_no_json_is_placed_by_line_and_column() -> None:
    problem = _refused(tiercert.Result.from_json, '{\n  "format": 3,\n}')
    assert (problem.code, problem.line, problem.column) == ("result.json", 3, 1)
    assert problem.format().startswith("<input>:3:1: error: $: not JSON at line 3, column 1: ")
    problem = _refused(tiercert.Result.from_json, b"\xff")
    assert problem.code == "result.json"


def _counts(rubric: tiercert.Rubric) -> Any:
    builder = tiercert.SummaryBuilder(rubric)
    builder.add(rubric.evaluate(ANSWERS))
    builder.add(rubric.evaluate({**ANSWERS, "g1": 10}))
    return json.loads(json.dumps(builder.counts()))


@pytest.mark.parametrize(
    ("edit", "code", "path"),
    [
        (lambda c: c.update(rubric="sha256:0"), "counts.rubric", ("rubric",)),
        (lambda c: c.pop("certified"), "counts.key", ("certified",)),
        (lambda c: c["groups"].pop("g3"), "counts.key", ("groups", "g3")),
        (lambda c: c["groups"]["g2"].pop("lost"), "counts.key", ("groups", "g2", "lost")),
        (lambda c: c.update(scored="2"), "counts.type", ("scored",)),
        (lambda c: c.update(tiers=[]), "counts.type", ("tiers",)),
        (lambda c: c["groups"]["g1"].update(lost="2,5"), "counts.type", ("groups", "g1", "lost")),
        (lambda c: c["groups"]["g1"].update(seen=True), "counts.type", ("groups", "g1", "seen")),
        (lambda c: c.update(rejected=-1), "counts.sum", ("rejected",)),
        (lambda c: c["tiers"].update(sao_9=0), "counts.sum", ("tiers", "sao_9")),
        (lambda c: c.update(certified=3), "counts.sum", ("certified",)),
        (lambda c: c.update(scored=3), "counts.sum", ("tiers",)),
    ],
)
def test_counts_that_are_not_a_builder_s_say_what_and_where(
    rubric: tiercert.Rubric, edit: Any, code: str, path: tuple[object, ...]
) -> None:
    counts = _counts(rubric)
    edit(counts)
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.merge, counts)
    assert (problem.code, problem.path) == (code, path)
    assert builder.summary() == tiercert.SummaryBuilder(rubric).summary()  # nothing counted


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda c: c.update(certified=-1), ("certified",)),
        (lambda c: c.update(provisional=-1), ("provisional",)),
        (lambda c: c["tiers"].update({"sao-3": -1}), ("tiers", "sao-3")),
        (lambda c: c["totals"].update({"88.5": -1}), ("totals", "88.5")),
        (lambda c: c["groups"]["g2"].update(seen=-1), ("groups", "g2", "seen")),
        (lambda c: c["groups"]["g2"].update(lost="-1/3"), ("groups", "g2", "lost")),
        (lambda c: c["totals"].update({"88.5": 2}), ("totals",)),
        (lambda c: c.update(provisional=3), ("provisional",)),
        (lambda c: c["groups"]["g4"].update(seen=3), ("groups", "g4", "seen")),
    ],
)
def test_counts_that_do_not_add_up_name_the_count(
    rubric: tiercert.Rubric, edit: Any, path: tuple[object, ...]
) -> None:
    """Each count checked by ``_adding_up`` is named by its own key: a negative one, a sum
    of the totals that is not the units scored, more units than were scored."""
    counts = _counts(rubric)
    edit(counts)
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.merge, counts)
    assert (problem.code, problem.path) == ("counts.sum", path)
    assert builder.summary() == tiercert.SummaryBuilder(rubric).summary()  # nothing counted


def test_a_count_that_is_not_whole_is_refused_not_cut(rubric: tiercert.Rubric) -> None:
    """``3.7`` units scored were merged as 3 (``int(3.7)``), without a word."""
    counts = _counts(rubric)
    counts["certified"] = 1.7
    problem = _refused(tiercert.SummaryBuilder(rubric).merge, counts)
    assert (problem.code, problem.path) == ("counts.type", ("certified",))
    assert problem.message == "expected a whole number, got 1.7"


def test_a_record_that_cannot_be_counted_names_its_column_and_row(
    rubric: tiercert.Rubric,
) -> None:
    sheet = [{"unit_id": f"xa-{n}", **ANSWERS, "g5": "17.5"} for n in range(3)]
    records = list(tiercert.score_records(rubric, sheet, as_text=True))
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.add_record, {**records[2], "total": "88.499999999999…"})
    assert (problem.code, problem.path, problem.line) == ("record.value", ("total",), 3)
    assert "is a number cut for reading" in problem.message
    assert problem.text("vi") != problem.message
    problem = _refused(builder.add_record, {**records[1], "g4.score": "x"})
    assert (problem.code, problem.path, problem.line) == ("record.value", ("g4.score",), 2)
    record = dict(records[0])
    del record["total"]
    problem = _refused(builder.add_record, record)
    assert (problem.code, problem.path, problem.line) == ("record.column", ("total",), 1)
    problem = _refused(builder.add_values, records[0]["total"], None, False, False, [])
    assert (problem.code, problem.path) == ("record.groups", ("groups",))
    assert builder.summary().scored == 0


def test_score_columns_a_table_cannot_have_say_which(rubric: tiercert.Rubric) -> None:
    problem = _refused(lambda: tiercert.ResultTable(rubric, scores=["g1", "g9"]))
    assert (problem.code, problem.path) == ("columns.unknown", (1,))
    assert problem.message.startswith("no criterion has the id 'g9'")
    problem = _refused(tiercert.score_records(rubric, [], scores=["g1.9"]).__next__)
    assert problem.code == "columns.unknown"
    from tiercert.batch import score_columns

    both = _refused(lambda: score_columns(rubric, ids=["g1"], depth=1))
    assert both.code == "columns.choice"
    assert _refused(lambda: score_columns(rubric, depth=0)).code == "columns.depth"


def test_the_error_is_at_the_top_of_the_package() -> None:
    assert tiercert.DataError is DataError
    assert "DataError" in tiercert.__all__


def test_the_error_says_what_was_refused(rubric: tiercert.Rubric) -> None:
    """Counts are refused as counts, a record as a record: the error's ``what`` and its
    first words say which, whatever the problem."""
    counts = _counts(rubric)
    builder = tiercert.SummaryBuilder(rubric)
    edits: tuple[Any, ...] = (
        lambda c: c.update(rubric="sha256:0"),
        lambda c: c.pop("scored"),
        lambda c: c.update(tiers=[]),
        lambda c: c["tiers"].update({"sao-3": "1"}),
        lambda c: c["groups"]["g1"].update(lost="2,5"),
        lambda c: c["groups"]["g1"].update(lost=2),
        lambda c: c.update(rejected=-1),
    )
    for edit in edits:
        edited = json.loads(json.dumps(counts))
        edit(edited)
        with pytest.raises(tiercert.DataError) as caught:
            builder.merge(edited)
        assert caught.value.what == "counts"
        assert str(caught.value).startswith("invalid counts: ")
    not_a_mapping: Any = []
    with pytest.raises(tiercert.DataError) as caught:
        builder.merge(not_a_mapping)
    assert (caught.value.what, caught.value.problems[0].code) == ("counts", "counts.type")
    records = list(tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}], as_text=True))
    for record in (
        {**records[0], "total": "x"},
        {key: value for key, value in records[0].items() if key != "certified"},
    ):
        with pytest.raises(tiercert.DataError) as caught:
            builder.add_record(record)
        assert caught.value.what == "record"
        assert str(caught.value).startswith("invalid record: ")


@pytest.mark.parametrize(
    ("edit", "path", "message"),
    [
        (lambda c: c.pop("scored"), ("scored",), "a builder's counts need the key 'scored'"),
        (
            lambda c: c["groups"]["g2"].pop("seen"),
            ("groups", "g2", "seen"),
            "a builder's counts need the key 'seen'",
        ),
        (lambda c: c.update(tiers=[]), ("tiers",), "expected a JSON object, got []"),
        (
            lambda c: c["groups"].update(g3="x"),
            ("groups", "g3"),
            "expected a JSON object, got 'x'",
        ),
        (lambda c: c.update(scored="2"), ("scored",), "expected a whole number, got '2'"),
        (
            lambda c: c["tiers"].update({"sao-3": None}),
            ("tiers", "sao-3"),
            "expected a whole number, got None",
        ),
        (
            lambda c: c["groups"]["g1"].update(lost=2),
            ("groups", "g1", "lost"),
            "expected a text, got 2",
        ),
        (lambda c: c["tiers"].update({3: 0}), ("tiers",), "expected a text, got 3"),
        (
            lambda c: c["totals"].update({"8,5": 0}),
            ("totals",),
            "expected a number written as results write them (79.99 or 2/3), got '8,5'",
        ),
    ],
)
def test_counts_that_are_not_a_builder_s_say_why(
    rubric: tiercert.Rubric, edit: Any, path: tuple[object, ...], message: str
) -> None:
    counts = _counts(rubric)
    edit(counts)
    problem = _refused(tiercert.SummaryBuilder(rubric).merge, counts)
    code = "counts.key" if "need the key" in message else "counts.type"
    assert (problem.code, problem.path, problem.message) == (code, path, message)
    assert problem.text("vi") != problem.message  # in the catalogs


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("total", "x", "'total': a number, not 'x'"),
        ("total", 1.5, "'total': a number, not 1.5"),
        ("total", True, "'total': a number, not True"),
        ("certified", "yes", "'certified': true or false, not 'yes'"),
        ("provisional", 2, "'provisional': true or false, not 2"),
        ("g2.score", "-", "'g2.score': a number, not '-'"),
    ],
)
def test_a_record_s_value_that_is_not_one_says_why(
    rubric: tiercert.Rubric, key: str, value: object, message: str
) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.add_record, {**record, key: value})
    assert (problem.code, problem.path, problem.line, problem.message) == (
        "record.value",
        (key,),
        1,
        message,
    )
    assert builder.summary().scored == 0


class _Uncomparable:
    """A value whose comparison raises a TypeError with ``args`` (none: ``()``)."""

    def __init__(self, *args: object) -> None:
        self.args = args

    def __eq__(self, other: object) -> bool:
        raise TypeError(*self.args)

    __hash__ = object.__hash__


@pytest.mark.parametrize(("args", "said"), [((), ""), ((3,), "3"), (("no",), "no")])
def test_a_record_s_value_that_cannot_be_read_says_what_its_reader_said(
    rubric: tiercert.Rubric, args: tuple[object, ...], said: str
) -> None:
    """The reader's own words, whatever its exception carries: no ``IndexError`` of a
    TypeError without arguments."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    problem = _refused(
        tiercert.SummaryBuilder(rubric).add_record, {**record, "certified": _Uncomparable(*args)}
    )
    assert (problem.code, problem.path, problem.message) == (
        "record.value",
        ("certified",),
        f"'certified': {said}",
    )


def test_group_values_that_are_not_one_per_criterion_say_so(rubric: tiercert.Rubric) -> None:
    builder = tiercert.SummaryBuilder(rubric)
    with pytest.raises(tiercert.DataError) as caught:
        builder.add_values(Fraction(80), None, False, False, [Fraction(1)] * 6)
    assert (caught.value.what, str(caught.value).startswith("invalid record: ")) == ("record", True)
    [problem] = caught.value.problems
    assert (problem.code, problem.path, problem.message) == (
        "record.groups",
        ("groups",),
        "6 group values for 5 top-level criteria; give one per top-level criterion, "
        "in the rubric's order",
    )
    assert problem.text("vi") != problem.message
    assert builder.summary().scored == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1e5", "number.exact"),
        ("13,5", "number.exact"),
        (" 80", "number.exact"),
        ("1/0", "number.exact"),
        (80, "number.exact"),  # a number, not the text a result writes
        (None, "number.exact"),
        ("9" * 5000, "number.digits"),  # Python's own limit: was its English advice
        ("1/" + "7" * 5000, "number.digits"),
    ],
)
def test_text_that_is_no_exact_number_is_a_typed_error_with_a_code(text: object, code: str) -> None:
    """``read_exact_number`` raised a plain ``ValueError`` (and, past 4,300 digits, Python's
    advice to raise its limit): a caller could not tell it by type nor by code (a portal
    developer's and an attacker's pass, nineteenth round)."""
    problem = _refused(tiercert.read_exact_number, text)
    assert problem.code == code
    assert problem.text("vi") != problem.message  # in the catalogs
    assert "sys.set_int_max_str_digits" not in problem.message


@pytest.mark.parametrize("text", ["1e5", "9" * 5000])
def test_an_exact_number_refused_says_a_number_was_refused(text: str) -> None:
    """The error says what it refused, a number (``exc.what``, "invalid number: ..."), not
    "data" (the default of a ``DataError``): a log line names what was wrong."""
    with pytest.raises(DataError) as caught:
        tiercert.read_exact_number(text)
    assert caught.value.what == "number"
    assert str(caught.value).startswith("invalid number: ")


@pytest.mark.parametrize("text", ["1e5", None])
def test_an_exact_number_refused_quotes_what_was_given(text: object) -> None:
    problem = _refused(tiercert.read_exact_number, text)
    assert problem.message == (
        f"expected a number written as results write them (79.99 or 2/3), got {text!r}"
    )


@pytest.mark.skipif(
    not hasattr(sys, "set_int_max_str_digits"), reason="no limit on the digits of an integer"
)
def test_the_digits_refused_name_the_limit_in_force() -> None:
    """The advice names the limit Python reads integers with now (a program may change it),
    not its default 4,300."""
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        problem = _refused(tiercert.read_exact_number, "9" * 1000)
        assert tiercert.read_exact_number("9" * 640) == 10**640 - 1
    finally:
        sys.set_int_max_str_digits(before)
    assert problem.code == "number.digits"
    assert problem.message == (
        "the number has more digits than Python reads an integer with (640); "
        "write it with fewer digits"
    )


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        ({"tier": ["sao_3"]}, "tier"),  # a list: was Python's TypeError "unhashable type"
        ({"tier": 3}, "tier"),  # was counted as a tier 3
    ],
)
def test_a_record_s_tier_that_is_no_id_is_refused(
    rubric: tiercert.Rubric, edit: dict[str, object], key: str
) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.add_record, {**record, **edit})
    assert (problem.code, problem.path) == ("record.value", (key,))
    assert builder.summary().scored == 0


def test_a_record_s_row_of_thousands_of_digits_is_no_line(rubric: tiercert.Rubric) -> None:
    """Python's own ValueError (its limit on an integer's digits) escaped ``add_record``."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}], as_text=True)
    problem = _refused(
        tiercert.SummaryBuilder(rubric).add_record, {**record, "row": "7" * 5000, "total": "x"}
    )
    assert (problem.code, problem.line) == ("record.value", None)


def test_a_record_that_is_no_mapping_is_the_program_s_mistake(rubric: tiercert.Rubric) -> None:
    with pytest.raises(TypeError, match="a record is a mapping"):
        tiercert.SummaryBuilder(rubric).add_record(None)  # type: ignore[arg-type]


NOT_FINITE = "it is not a finite number; give a number such as 80 or 79.5"
TOO_LARGE = (
    "the number is too large: numbers are read up to 1e100 (101 digits before the point); check it"
)
TOO_SMALL = "the number is too small: numbers are read down to 1e-100; write 0 or round it"


@pytest.mark.parametrize("key", ["total", "g2.score"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Decimal("NaN"), NOT_FINITE),
        (Decimal("sNaN"), NOT_FINITE),
        (Decimal("Infinity"), NOT_FINITE),
        (Decimal("-Infinity"), NOT_FINITE),
        (Decimal("1E+999999"), TOO_LARGE),
        (Decimal("-1E+101"), TOO_LARGE),
        (Decimal("1E-999999"), TOO_SMALL),
        (Decimal("1." + "1" * 100), "the number has more than 100 significant digits; round it"),
    ],
)
def test_a_record_s_decimal_that_is_no_finite_number_within_the_limits_says_why(
    rubric: tiercert.Rubric, key: str, value: Decimal, problem: str
) -> None:
    """A caller's NaN was a plain ValueError (``Fraction``'s), an infinity said so in
    Python's words, and 1E+999999 was counted: a million-digit integer that no summary could
    then write (nineteenth round)."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    builder = tiercert.SummaryBuilder(rubric)
    refused = _refused(builder.add_record, {**record, key: value})
    assert (refused.code, refused.path, refused.line, refused.message) == (
        "record.value",
        (key,),
        1,
        f"{key!r}: {problem}",
    )
    assert refused.text("vi") != refused.message  # in the catalogs
    assert builder.summary().scored == 0


def test_a_record_s_decimal_within_the_limits_is_counted_exactly(rubric: tiercert.Rubric) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    builder = tiercert.SummaryBuilder(rubric)
    builder.add_record({**record, "total": Decimal("88.50"), "g2.score": Decimal("1E+1")})
    builder.add_record({**record, "total": Decimal("1E-100"), "g2.score": 7})
    counts: Any = builder.counts()
    assert counts["totals"] == {"88.5": 1, "0." + "0" * 99 + "1": 1}
    assert counts["groups"]["g2"] == {"seen": 2, "lost": "33"}  # (25 - 10) + (25 - 7)


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("total", Decimal("NaN"), f"'total': {NOT_FINITE}"),
        ("total", Decimal("-Infinity"), f"'total': {NOT_FINITE}"),
        ("total", Decimal("1E+999999"), f"'total': {TOO_LARGE}"),
        ("total", float("nan"), "'total': a number, not nan"),
        ("total", float("inf"), "'total': a number, not inf"),
        ("total", 79.99, "'total': a number, not 79.99"),
        ("total", "lots", "'total': a number, not 'lots'"),
        ("total", None, "'total': a number, not None"),
        (0, Decimal("sNaN"), f"'g1': {NOT_FINITE}"),
        (3, Decimal("Infinity"), f"'g4': {NOT_FINITE}"),
        (4, Decimal("1E-999999"), f"'g5': {TOO_SMALL}"),
        (1, float("nan"), "'g2': a number, not nan"),
        (2, "x", "'g3': a number, not 'x'"),
    ],
)
def test_values_given_that_are_no_numbers_say_which(
    rubric: tiercert.Rubric, where: str | int, value: object, message: str
) -> None:
    """``add_values`` built a Fraction of whatever it was given: a NaN or an infinity raised
    Python's ``ValueError`` or ``OverflowError``, 1E+999999 and a float were counted (the
    float's binary value, not 79.99), a text was taken apart (nineteenth round)."""
    total: object = Fraction(80)
    groups: list[object] = [Fraction(10)] * 5
    if where == "total":
        total = value
    else:
        assert isinstance(where, int)
        groups[where] = value
    builder = tiercert.SummaryBuilder(rubric)
    with pytest.raises(tiercert.DataError) as caught:
        builder.add_values(total, None, False, False, groups)  # type: ignore[arg-type]
    assert (caught.value.what, str(caught.value).startswith("invalid record: ")) == ("record", True)
    [problem] = caught.value.problems
    path = ("total",) if where == "total" else ("groups", where)
    assert (problem.code, problem.path, problem.message) == ("record.value", path, message)
    assert problem.text("vi") != problem.message  # in the catalogs
    assert builder.summary().scored == 0


def test_values_given_as_a_record_writes_them_are_counted(rubric: tiercert.Rubric) -> None:
    """What ``add_record`` reads, ``add_values`` reads too: an int, a Decimal, exact text, N/A
    and no score."""
    builder = tiercert.SummaryBuilder(rubric)
    builder.add_values(Decimal("88.50"), None, False, False, [7, "na", None, "13.5", Fraction(1)])
    builder.add_values("2/3", None, False, False, [Decimal("0.5"), "", "na", None, 2])
    counts: Any = builder.counts()
    assert counts["totals"] == {"88.5": 1, "2/3": 1}
    groups = counts["groups"]
    assert [groups[gid]["seen"] for gid in ("g1", "g2", "g3", "g4", "g5")] == [2, 0, 0, 1, 2]
    assert groups["g1"]["lost"] == "32.5"  # (20 - 7) + (20 - 0.5)


@pytest.mark.parametrize(
    ("edit", "path", "message"),
    [
        (lambda c: c["totals"].update({"NaN": 0}), ("totals",), "'NaN'"),
        (lambda c: c["totals"].update({"Infinity": 0}), ("totals",), "'Infinity'"),
        (lambda c: c["totals"].update({"1E+999999": 0}), ("totals",), "'1E+999999'"),
        (lambda c: c["groups"]["g1"].update(lost="-Infinity"), ("groups", "g1", "lost"), None),
        (
            lambda c: c["groups"]["g1"].update(lost="1" + "0" * 10**6),
            ("groups", "g1", "lost"),
            None,
        ),
    ],
)
def test_counts_holding_no_finite_number_say_so(
    rubric: tiercert.Rubric, edit: Any, path: tuple[object, ...], message: str | None
) -> None:
    """``merge`` reads numbers only as exact text: a NaN, an infinity or an exponent is no
    such text, and a numeral of a million digits is refused before any integer is built
    (Python's limit on an integer's digits: more than a result's number has, ``counts.size``
    since the twentieth round)."""
    counts = _counts(rubric)
    edit(counts)
    builder = tiercert.SummaryBuilder(rubric)
    problem = _refused(builder.merge, counts)
    if len(str(counts["groups"]["g1"]["lost"])) > 4300:
        assert (problem.code, problem.path) == ("counts.size", path)
        assert problem.message.startswith("these counts make a number of more than 4300 digits")
    else:
        assert (problem.code, problem.path) == ("counts.type", path)
        assert problem.message.startswith("expected a number written as results write them")
    if message is not None:
        assert problem.message.endswith(f"got {message}")
    assert builder.summary() == tiercert.SummaryBuilder(rubric).summary()  # nothing counted


@pytest.mark.parametrize(("given", "shown"), [([], "[]"), ("counts", "'counts'"), (3, "3")])
def test_counts_that_are_no_mapping_say_what_they_are(
    rubric: tiercert.Rubric, given: Any, shown: str
) -> None:
    """What ``merge`` was given instead of counts, in the message, through the catalogs
    (mutation testing, nineteenth round: the message was not read)."""
    problem = _refused(tiercert.SummaryBuilder(rubric).merge, given)
    assert (problem.code, problem.path, problem.message) == (
        "counts.type",
        (),
        f"expected a JSON object, got {shown}",
    )
    assert problem.text("vi") != problem.message


@pytest.mark.parametrize(
    ("tier", "shown"), [(3, "3"), (["sao_3"], "['sao_3']"), (b"sao_3", "b'sao_3'")]
)
def test_a_record_s_tier_that_is_no_id_says_what_it_is(
    rubric: tiercert.Rubric, tier: object, shown: str
) -> None:
    """The refused tier's message names the column and the value given, in the catalogs'
    words (the test above reads only its code and path)."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}])
    problem = _refused(tiercert.SummaryBuilder(rubric).add_record, {**record, "tier": tier})
    assert problem.message == f"'tier': a tier's id or nothing, not {shown}"
    assert problem.text("vi") == f"'tier': mã của một hạng hoặc để trống, không phải {shown}"


@pytest.mark.parametrize("missing", ["total", "certified"])
def test_a_record_s_missing_column_is_named_in_its_message(
    rubric: tiercert.Rubric, missing: str
) -> None:
    """The message names the column missing, in both catalogs (other tests read its code and
    path, or only the message's first words)."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}], as_text=True)
    record = {key: value for key, value in record.items() if key != missing}
    problem = _refused(tiercert.SummaryBuilder(rubric).add_record, record)
    assert (problem.code, problem.path) == ("record.column", (missing,))
    assert problem.message == f"a scored record needs the column {missing!r}"
    assert problem.text("vi") == f"một bản ghi đã chấm điểm cần có cột {missing!r}"


@pytest.mark.parametrize(("row", "line"), [("9" * 20, 10**20 - 1), ("9" * 21, None)])
def test_a_record_s_row_of_up_to_twenty_digits_is_its_line(
    rubric: tiercert.Rubric, row: str, line: int | None
) -> None:
    """A row number read from text is a line up to twenty digits (more than any sheet has),
    none beyond (``int()`` refuses thousands of digits): the limit is where the code says."""
    [record] = tiercert.score_records(rubric, [{"unit_id": "xa", **ANSWERS}], as_text=True)
    problem = _refused(
        tiercert.SummaryBuilder(rubric).add_record, {**record, "row": row, "total": "x"}
    )
    assert (problem.code, problem.path, problem.line) == ("record.value", ("total",), line)
