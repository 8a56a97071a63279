"""The safe positional YAML loader: exact numbers, positions, and clear problems for bad input."""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from tiercert import _yaml
from tiercert._yaml import Limits, load_document
from tiercert.errors import Severity
from tiercert.rubric import check_file, check_source

# --- what is read -----------------------------------------------------------------------------


def test_floats_are_exact_decimals_and_integers_stay_integers() -> None:
    doc = load_document("a: 79.99\nb: 80\nc: 1.5e+3\nd: 1_000.5\ne: -0.1\nf: 1e3\n")
    assert doc.data == {
        "a": Decimal("79.99"),
        "b": 80,
        # exponent forms stay text (PyYAML writes '1e3' unquoted as text); where a number is
        # expected, the text is read by the same rule: 1500
        "c": "1.5e+3",
        "f": "1e3",
        "d": "1_000.5",  # not YAML 1.1's 1000.5: whoever expects a number says "write 1000.5"
        "e": Decimal("-0.1"),
    }
    assert isinstance(doc.data["a"], Decimal)
    assert type(doc.data["b"]) is int
    assert doc.problems == []


def test_keys_stay_as_written_and_values_follow_yaml_1_2() -> None:
    # YAML 1.1 read yes/off as booleans; 1.2 (and tiercert) leave them as text, which the
    # readers of true-or-false values read with the one list of yes/no spellings
    doc = load_document("no: yes\n1: off\nnull: ~\nt: True\nf: FALSE\n")
    assert doc.data == {"no": "yes", "1": "off", "null": None, "t": True, "f": False}


def test_dates_and_non_finite_numbers_stay_text() -> None:
    doc = load_document("date: 2024-01-02\ninf: .inf\nnan: .NaN\nsexagesimal: 1:30:00\n")
    assert doc.data == {
        "date": "2024-01-02",
        "inf": ".inf",
        "nan": ".NaN",
        "sexagesimal": "1:30:00",
    }


def test_a_byte_order_mark_is_accepted() -> None:
    assert load_document(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_small_aliases_are_copies() -> None:
    doc = load_document("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_an_empty_document_is_none_without_problems() -> None:
    for text in ("", "# only a comment\n", "---\n"):
        doc = load_document(text)
        assert doc.data is None
        assert doc.problems == []


# --- positions --------------------------------------------------------------------------------


def test_every_value_and_key_has_its_position() -> None:
    doc = load_document("criteria:\n  - id: g1\n    max: 40\n    title: {vi: Xã}\n")
    assert doc.positions[("criteria",)] == (2, 3)
    assert doc.positions[("criteria", 0, "max")] == (3, 10)
    assert doc.positions[("criteria", 0, "title", "vi")] == (4, 17)
    assert doc.key_positions[("criteria", 0, "max")] == (3, 5)


def test_positions_are_found_only_when_asked_for() -> None:
    # reading records none (a 10 MB rubric would hold one per value); the first question
    # reads the text again, recording them, and the same positions come back
    text = "criteria:\n  - id: g1\n    max: 40\n    title: {vi: Xã}\n"
    doc = load_document(text)
    assert doc._positions == {}
    assert doc._key_positions == {}
    assert doc.position(("criteria", 0, "title", "vi")) == (4, 17)
    assert doc._positions[("criteria", 0, "max")] == (3, 10)
    assert doc._source is None  # read once more, then let go


def test_positions_prepared_for_some_paths_keep_only_those() -> None:
    # locating a few problems reads the text once more and keeps their positions (and their
    # parents', where a missing key is located), not one per value; another path reads all
    text = "criteria:\n  - id: g1\n    max: 40\n    title: {vi: Xã}\n  - id: g2\n"
    doc = load_document(text)
    doc.prepare([("criteria", 0, "max"), ("criteria", 1, "children", 0)])
    assert doc.position(("criteria", 0, "max")) == (3, 10)
    assert doc.position(("criteria", 0, "max"), key=True) == (3, 5)
    assert doc.position(("criteria", 1, "children", 0)) == (5, 5)  # the closest parent
    assert set(doc._positions) == {(), ("criteria",), ("criteria", 0), ("criteria", 1)} | {
        ("criteria", 0, "max")
    }
    assert doc._source is not None  # not all read yet
    assert doc.position(("criteria", 0, "title", "vi")) == (4, 17)  # another: all of them
    assert doc._source is None


_TRICKY = (
    "a: &x {b: [1, {c: 2}], d: 3}\nl:\n  - *x\n  - [4, &y 5]\n  - {e: *y, f: [6]}\n"
    "a: {dup: 1}\nn\u0303o: {m: 7}\nz: [[8, [9]], {k: &w [10]}, *w]\n"
)


def _every_path(data: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        found += _every_path(value, (*path, key))
    return found


@pytest.mark.parametrize(
    "text",
    [
        _TRICKY,
        *(path.read_text(encoding="utf-8") for path in sorted(Path("rubrics").glob("*.yaml"))[:3]),
    ],
)
def test_positions_prepared_for_some_paths_are_those_of_a_full_reading(text: str) -> None:
    # preparing reads past every list and mapping holding no path asked for (issue 12: a
    # rubric of 10,000 criteria and 1,000 warnings read the whole text again, built): what
    # it finds is what reading every position finds, for any paths, asked one after another
    full = load_document(text)
    positions, keys = full.positions, full.key_positions
    paths = _every_path(full.data)
    paths += [(*p, "missing") for p in paths[::7]]  # located at a parent
    rng = random.Random(12)
    for _ in range(30):
        doc = load_document(text)
        asked: list[tuple[str | int, ...]] = []
        for _ in range(rng.randint(1, 3)):
            some = rng.sample(paths, rng.randint(1, 6))
            doc.prepare(some)
            asked += some
            for path in asked:
                for key in (False, True):
                    assert doc.position(path, key=key) == full.position(path, key=key), path
        assert doc._source is not None
        assert all(doc._positions[p] == positions[p] for p in doc._positions)
        assert all(doc._key_positions[p] == keys[p] for p in doc._key_positions)


def test_preparing_builds_no_value_outside_the_paths_asked_for() -> None:
    # the mechanism: values under a list or mapping that holds no path asked for are not read
    text = "criteria:\n" + "".join(
        f"  - {{id: g{i}, max: 18, children: [1, 2, 3]}}\n" for i in range(50)
    )
    doc = load_document(text)
    read: list[object] = []
    original = _yaml._Builder._value

    def counted(self: _yaml._Builder, event: object, stack: list[object]) -> object:
        read.append(event)
        return original(self, event, stack)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_yaml._Builder, "_value", counted)
        doc.prepare([("criteria", 3, "max")])
    assert doc.position(("criteria", 3, "max")) == (5, 19)
    assert len(read) <= 4  # g3's id and max (and its children list's values, not entered)


def test_an_unknown_path_takes_the_position_of_its_closest_parent() -> None:
    doc = load_document("criteria:\n  - id: g1\n    max: 40\n")
    assert doc.position(("criteria", 0, "children", 3, "id")) == (2, 5)
    assert doc.position(("criteria", 0, "max"), key=True) == (3, 5)
    assert doc.position(("criteria", 0, "max")) == (3, 10)


# --- problems ---------------------------------------------------------------------------------


def _one(source: str | bytes, code: str, limits: Limits | None = None) -> tuple[int, int] | None:
    doc = load_document(source, file="x.yaml", limits=limits or Limits())
    [problem] = doc.problems
    assert problem.code == code, problem.format()
    assert problem.file == "x.yaml"
    assert ";" in problem.message  # what is wrong; what to do
    if problem.line is None or problem.column is None:
        return None
    return (problem.line, problem.column)


def test_invalid_yaml_is_reported_at_its_line() -> None:
    # an unclosed bracket: where it opened ("a '[' opened here is never closed")
    assert _one("a: [1, 2\nb: 3\n", "yaml.invalid") == (1, 4)
    assert load_document("a: [1, 2\nb: 3\n").data is None


def test_tabs_for_indentation_are_invalid_yaml_with_a_position() -> None:
    assert _one("a:\n\t- 1\n", "yaml.invalid") == (2, 1)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !foo x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!python/tuple [1, 2]\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    assert _one(text, "yaml.tag") == (1, 4)


def test_a_list_as_a_key_is_refused() -> None:
    assert _one("? [a]\n: 1\n", "yaml.complex_key") == (1, 3)


def test_an_alias_as_a_key_is_refused() -> None:
    assert _one("a: &k x\n*k : 1\n", "yaml.complex_key") == (2, 1)


def test_a_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    doc = load_document("a: 1\nb:\n  c: 2\n  c: 3\n", file="x.yaml")
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column, problem.path) == (
        "yaml.duplicate_key",
        4,
        3,
        ("b", "c"),
    )
    assert doc.data == {"a": 1, "b": {"c": 2}}


def test_more_than_one_document_is_refused() -> None:
    assert _one("a: 1\n---\nb: 2\n", "yaml.multiple_documents") == (2, 1)


def test_text_not_in_nfc_is_normalised_with_a_warning_at_its_place() -> None:
    decomposed = unicodedata.normalize("NFD", "Xã")
    doc = load_document(f"title:\n  vi: {decomposed}\n", file="x.yaml")
    assert doc.data == {"title": {"vi": "Xã"}}
    [problem] = doc.problems
    assert problem.code == "text.not_nfc"
    assert problem.severity is Severity.WARNING
    assert (problem.line, problem.column, problem.path) == (2, 7, ("title", "vi"))
    report = check_source(f"title:\n  vi: {decomposed}\n", file="x.yaml")
    assert any(p.where == "$.title.vi" and p.code == "text.not_nfc" for p in report.problems)


# --- hostile input: every one ends in a clear problem, never an exception ---------------------


def test_an_alias_bomb_stops_with_a_clear_problem() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    position = _one("\n".join(lines) + "\n", "yaml.too_many_nodes")
    assert position is not None
    assert position[0] <= 10


def test_a_50_mb_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    report = check_file(big)
    [problem] = report.problems
    assert problem.code == "yaml.too_large"
    assert "52,428,804 bytes, more than the limit of 10,000,000" in problem.message
    assert problem.format().startswith(f"{big}: error: $: the file is")


@pytest.mark.parametrize(
    "text",
    [
        "- " * 10_000 + "x\n",  # block sequences on one line
        "[" * 10_000 + "]" * 10_000,  # flow sequences (libyaml has its own limit)
        "{a: " * 10_000 + "x" + "}" * 10_000,  # flow mappings
        "".join("  " * i + f"k{i}:\n" for i in range(10_000)),  # indented mappings, 100 MB
    ],
)
def test_10_000_deep_nesting_stops_with_a_clear_problem(text: str) -> None:
    report = check_source(text, file="deep.yaml")
    [problem] = report.problems
    assert problem.code in {"yaml.too_deep", "yaml.too_large"}
    if problem.code == "yaml.too_deep":
        assert problem.message == "nesting is deeper than 200 levels; flatten the structure"
        assert problem.line == 1


def test_nesting_limit_can_be_set() -> None:
    assert _one("a: {b: {c: {d: 1}}}\n", "yaml.too_deep", Limits(max_depth=3)) == (1, 12)
    assert load_document("a: {b: {c: 1}}\n", limits=Limits(max_depth=3)).problems == []


def test_binary_junk_is_reported_as_not_utf8_at_the_first_bad_byte() -> None:
    assert _one(b"format: 1\nid: \xff\xfe\x00\x01junk\n", "yaml.encoding") == (2, 5)


def test_a_nul_byte_is_reported_at_its_place() -> None:
    assert _one(b"format: 1\nid: x\x00y\n", "yaml.character") == (2, 6)
    assert _one("a: 1\n\x07\n", "yaml.character") == (2, 1)


def test_unreadable_files_are_problems_not_exceptions(tmp_path: Path) -> None:
    missing = check_file(tmp_path / "nope.yaml")
    [problem] = missing.problems
    assert problem.code == "file.unreadable"
    assert problem.message == (
        "cannot read the file: no such file or folder; check the path and its permissions"
    )
    [problem] = check_file(tmp_path).problems
    assert problem.code == "file.unreadable"
    assert "it is a folder, not a file" in problem.message


def test_a_rubric_that_is_not_a_mapping_is_one_clear_problem() -> None:
    [problem] = check_source("- 1\n- 2\n", file="x.yaml").problems
    assert problem.format() == (
        "x.yaml:1:1: error: $: a rubric is a mapping ('key: value' lines) with format, id, "
        "version, title and criteria [type.invalid]"
    )
    [problem] = check_source("", file="x.yaml").problems
    assert problem.code == "rubric.empty"


def test_yaml_1_1_booleans_are_text_that_the_readers_of_yes_and_no_read() -> None:
    # YAML 1.1 read on/off/yes/no as booleans: a level called 'on' could not be named, a unit
    # called 'No' became false.  Now they are text, and whoever wants true or false reads
    # them with the one list of yes/no spellings (gates, fact defaults, flags, answers).
    from tiercert import parse_assessment
    from tiercert.rubric import parse_rubric

    rubric = parse_rubric(
        """\
format: 1
id: yn
version: "1"
title: YN
facts:
  - {id: f, title: F, type: boolean, default: no}
criteria:
  - {id: b, title: B, provisional: yes, rule: {kind: boolean, points: 1}}
  - {id: l, title: L, rule: {kind: levels, levels: [{id: on, points: 2}, {id: off, points: 0}]}}
  - {id: c, title: C, rule: {kind: condition, points: 4, when: {fact: f, equals: off}}}
gates:
  - {id: g, title: G, require: {answer: b, equals: yes}}
tiers:
  - {id: t, label: T, rank: 1, min: 1}
"""
    )
    result = rubric.evaluate(parse_assessment("unit: {name: No}\nanswers: {b: on, l: on}\n"))
    assert result.unit_name == "No"
    assert (result.nodes["b"].answer, result.nodes["l"].answer) == (True, "on")
    assert result.total == 7  # b 1, l 2, c 4: the fact's default 'no' is false
    assert result.failed_gates == ()
    assert result.provisional == ("b",)


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark: what Notepad saves as "Unicode"
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_a_file_in_another_unicode_encoding_is_named(encoding: str, name: str) -> None:
    raw = "answers:\n  g1: có\n".encode(encoding)
    [problem] = load_document(raw, file="a.yaml").problems
    assert problem.code == "yaml.encoding"
    assert problem.file == "a.yaml"
    assert f"the file is {name} text" in problem.message
    assert "save it as UTF-8" in problem.message
    # every word in the reader's language: Notepad's name for UTF-16 was English in Vietnamese
    vietnamese = problem.text("vi")
    assert "Notepad calls" not in vietnamese
    assert ("Unicode" in vietnamese) == (name == "UTF-16")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_sheets_in_another_unicode_encoding_are_named(tmp_path: Path, suffix: str) -> None:
    from tiercert.tabular import TableError, read_rows

    for encoding, name in (("utf-16", "UTF-16"), ("utf-32", "UTF-32")):
        path = tmp_path / f"units{suffix}"
        path.write_bytes('{"unit_id": "a"}\n'.encode(encoding))
        with pytest.raises(TableError) as caught:
            list(read_rows(path))
        [problem] = caught.value.problems
        assert problem.code == "file.encoding"
        assert f"the file is {name} text; save it " in problem.message


def test_a_byte_order_mark_is_accepted_in_text_too() -> None:
    assert load_document("\ufeffa: 1\n").data == {"a": 1}
    report = check_source(
        "\ufeffformat: 1\nid: x\nversion: '1'\ntitle: T\n"
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n"
    )
    assert report.ok()


# --- the usual scalar, read inline ------------------------------------------------------------

_SHAPES = (
    _TRICKY,
    "a: 1\nb: [x, 'y', \"z\", 2.50, -3, null, ~, true, yes, 1e3, 022]\nc: {d: e, f: [g, {h: i}]}\n",
    "k: 1\nk: 2\nn\u0303: 3\nl: [n\u0303o, {n\u0303: 4}]\nm: {p: 1, p: {q: 2}}\n",
    "- &a x\n- *a\n- {&k key: v, w: &v [1]}\n- *v\n- !!str 5\n- ! 6\n- !!int 7\n",
    "'quoted key': 1\n\"\": 2\n? plain\n: value\nempty:\nlist:\n- \n- a\n",
)


@pytest.mark.parametrize(
    "text",
    [*_SHAPES, *(p.read_text(encoding="utf-8") for p in sorted(Path("rubrics").glob("*.yaml")))],
)
def test_a_plain_reading_builds_what_the_reading_with_positions_builds(text: str) -> None:
    # a reading that keeps no position takes a scalar in a list or mapping inline (issue 12:
    # a tenth of reading 10,000 criteria); the reading that keeps positions goes through
    # _key, _value and _add: both build the same data and the same problems
    plain = _yaml._Builder(None, Limits(), track=False)
    plain.run(text)
    tracked = _yaml._Builder(None, Limits(), track=True)
    tracked.run(text)
    assert plain.result == tracked.result
    assert repr(plain.result) == repr(tracked.result)  # the same types (1 and 1.0, True and 1)
    assert plain.problems == tracked.problems
    assert plain.nodes == tracked.nodes


def test_the_usual_key_and_value_are_read_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("_key", "_add"):
        general = getattr(_yaml._Builder, name)

        def counted(self: object, *args: object, _general=general, _name=name) -> object:  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _general(self, *args)

        monkeypatch.setattr(_yaml._Builder, name, counted)
    doc = load_document("a: 1\nb: [x, {c: 2.5}]\n")
    assert doc.data == {"a": 1, "b": ["x", {"c": Decimal("2.5")}]}
    assert calls == []  # was: a call of _key per key, of _add per value
    load_document("a: 1\na: 2\n")
    assert calls == ["_key"]  # a repeated key goes the general way, with its problem
