"""Hypothesis strategies that break inputs the way people and attackers do.

- :func:`mutated_bytes`: a seed file with byte flips, cuts, YAML syntax, tags, anchors and
  aliases, huge numbers, other encodings, BOMs, NULs and deep nesting put in;
- :func:`mutated_data`: plain data (a rubric, an assessment) with numbers changed, keys dropped
  or added, kinds swapped, lists reordered, items and ids duplicated, types changed;
- :func:`answer_form`: an answer written in one of the ways a value reaches tiercert (int,
  float with nan/inf/-0.0, Decimal, Fraction, numeric text with spaces, signs, exponents,
  commas, underscores and other scripts' digits, yes/no words in any case or NFD, level ids
  and labels, N/A, mappings with evidence, lists, None, junk);
- :func:`hostile_text`: text that must be escaped wherever it is shown.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

import tiercert
from tiercert.aggregates import AGGREGATES
from tiercert.conditions import CONDITION_KEYS
from tiercert.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "rubrics").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))

# --- seeds ------------------------------------------------------------------------------------

SMALL_RUBRIC = b"""\
format: 1
id: vi_du
version: "1"
title: {vi: V\xc3\xad d\xe1\xbb\xa5, en: Example}
scoring: {missing: zero}
criteria:
  - id: g1
    title: Nh\xc3\xb3m 1
    children:
      - {id: g1.1, title: A, rule: {kind: boolean, points: 10}}
      - id: g1.2
        title: B
        rule:
          kind: bands
          bands:
            - {min: 0, max: 50, points: 0}
            - {min: 50, max: 100, points: 10}
      - id: g1.3
        title: C
        rule:
          kind: levels
          levels: [{id: tot, label: "T\xe1\xbb\x91t", points: 5}, {id: kem, points: 0}]
tiers:
  - {id: pass, label: {vi: \xc4\x90\xe1\xba\xa1t}, min_score: 12.5}
"""

SMALL_ASSESSMENT = b"""\
rubric: vi_du
unit: {id: xa-1, name: "X\xc3\xa3 M\xe1\xba\xabu"}
answers:
  g1.1: yes
  g1.2: {value: 72.5, justification: "bi\xc3\xaan b\xe1\xba\xa3n", url: "https://example.org"}
  g1.3: tot
facts: {}
"""

ALIAS_BOMB = b"""\
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


@cache
def seeds() -> tuple[bytes, ...]:
    """Real files to start from: the shipped rubrics, the examples, small hand-made ones."""
    files = [p.read_bytes() for p in (*SHIPPED, *EXAMPLES)]
    return (SMALL_RUBRIC, SMALL_ASSESSMENT, ALIAS_BOMB, *files)


# --- bytes ------------------------------------------------------------------------------------

#: pieces of YAML syntax and values that have broken readers before
TOKENS: tuple[bytes, ...] = (
    b": ",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b", ",
    b"? ",
    b"|\n",
    b">-\n",
    b"'",
    b'"',
    b"#",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"&a [*a]",
    b"%YAML 1.1\n",
    b"%YAML 1.2\n---\n",
    b"%TAG !e! tag:example.com,2000:\n",
    b"---\n",
    b"...\n",
    b"!e!x ",
    b"!!python/object/apply:os.system ['true'] ",
    b"!!python/name:os.system ",
    b"!!binary aGk= ",
    b"!!str ",
    b"!!int ",
    b"!!float ",
    b"!!bool ",
    b"!!null ",
    b"!!map ",
    b"!!seq ",
    b"!!set ",
    b"!!omap ",
    b"!!timestamp ",
    b"!local ",
    b"! ",
    b"\t",
    b"\r\n",
    b"\r",
    b"\n",
    b"\x00",
    b"\x1b[2J",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xe2\x80\xae",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"1e999999999",
    b"-1e-999999999",
    b"9" * 5000,
    b"1" + b"0" * 4400,
    b"0." + b"3" * 200,
    b"0x10",
    b"022",
    b"0o17",
    b"0b11",
    b"1_000",
    b"1:20",
    b"17,5",
    b".inf",
    b"-.Inf",
    b".nan",
    b"1/3",
    b"-0",
    b"+.5",
    b"1e",
    b"NaN",
    b"Infinity",
    b"yes",
    b"No",
    b"ON",
    b"~",
    b"null",
    b"2024-01-31",
    b"2001-12-14t21:59:43.10-05:00",
    b"12:30:00",
    "١٨".encode(),
    "１８".encode(),
    "có".encode(),
    unicodedata.normalize("NFD", "không đạt").encode(),
    b"[" * 250,
    b"{a: " * 120,
    b"- " * 60,
    b"  " * 100,
)

_OPS = ("flip", "byte", "delete", "insert", "token", "duplicate", "truncate", "line", "indent")


@st.composite
def _mutate_once(draw: st.DrawFn, data: bytes) -> bytes:
    op = draw(st.sampled_from(_OPS))
    at = draw(st.integers(0, len(data)))
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
    if op == "byte":
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)) :]
    if op == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    if op == "token":
        return data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
    if op == "duplicate":
        span = data[at : at + draw(st.integers(1, 200))]
        return data[:at] + span * draw(st.integers(2, 4)) + data[at:]
    if op == "truncate":
        return data[:at]
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    if op == "line":  # a line of the file put somewhere else
        j = draw(st.integers(0, len(lines) - 1))
        lines.insert(j, lines[i])
    else:  # indentation changed
        lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
    return b"\n".join(lines)


_ENCODINGS = ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1258")


@st.composite
def mutated_bytes(draw: st.DrawFn, base: Sequence[bytes] | None = None) -> bytes:
    """A seed with up to eight mutations, sometimes saved in another encoding."""
    data = draw(st.sampled_from(tuple(base) if base else seeds()))
    for _ in range(draw(st.integers(0, 8))):
        data = draw(_mutate_once(data))
    if draw(st.integers(0, 9)) == 0:
        encoding = draw(st.sampled_from(_ENCODINGS))
        data = data.decode("utf-8", "replace").encode(encoding, "replace")
    if draw(st.integers(0, 9)) == 0:
        data = data.replace(b"\n", draw(st.sampled_from((b"\r\n", b"\r", b"\n\r"))))
    return data


# --- data -------------------------------------------------------------------------------------

#: what a "kind" may be swapped to: every registered rule kind, aggregate and condition key
#: (from the registries, so a new kind is fuzzed at once), and near misses
KINDS = (
    *RULES,
    *AGGREGATES,
    *CONDITION_KEYS,
    *("top", "at_least", "above", "at_most", "below", "equals", "percentage", "bool", ""),
)
WEIRD_NUMBERS: tuple[object, ...] = (
    # 1e9999999, not 1e999999999: the same bugs show, a hundred times cheaper (a value quoted
    # in full in a message is 10 MB, not 1 GB: test_a_value_in_a_message_is_cut)
    0,
    -1,
    1,
    7,
    10**120,
    -(10**5000),
    Decimal("1e9999999"),
    Decimal("-1e-9999999"),
    Decimal("NaN"),
    Decimal("-Infinity"),
    Decimal("sNaN"),
    Decimal("0.1"),
    Decimal("-0.0"),
    Decimal("1" + "0" * 150),
    float("nan"),
    float("inf"),
    -0.0,
    0.1,
    1e308,
    5e-324,
    Fraction(1, 3),
    Fraction(-7, 2),
    True,
    False,
    None,
    "80",
    "1e3",
    "022",
    "1_0",
    "17,5",
    "١٨",
    "1/3",
    "",
    "abc",
    [],
    {},
)
UNKNOWN_KEYS = ("mx", "maximum", "children ", "Max", "kind2", "__class__", "!!python", "ghi_chú")
JUNK: tuple[object, ...] = (None, "", "x", 0, -1, [], {}, [None], {"": None}, True, "na")


def _paths(data: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every position in ``data`` (the root first), depth first."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*path, i))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _ids(data: object) -> list[str]:
    return [
        value
        for path in _paths(data)
        if path and path[-1] == "id" and isinstance(value := _get(data, path), str)
    ]


def _ordinary(node: object) -> bool:
    """A number as rubrics write them (not one that an earlier change made huge)."""
    if isinstance(node, bool):
        return False
    if isinstance(node, int):
        return abs(node) < 10**20
    return isinstance(node, Decimal) and node.is_finite() and abs(node.adjusted()) < 20


@st.composite
def _change(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with one change at a random place (``data`` itself is not touched)."""
    data = copy.deepcopy(data)
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    node = _get(data, path)
    parent = _get(data, path[:-1]) if path else None
    op = draw(
        st.sampled_from(
            (
                "number",
                "drop",
                "duplicate",
                "collide",
                "kind",
                "unknown",
                "reorder",
                "retype",
                "graft",
                "text",
            )
        )
    )
    if op == "number" or (op == "text" and not path):
        value = draw(st.sampled_from(WEIRD_NUMBERS))
        if _ordinary(node):  # a number of the rubric's: near it too (edges move)
            near = (node * 2, -node, Decimal(node) + Decimal("0.001"), Decimal(node) / 3)
            value = draw(st.sampled_from((value, *near)))
    elif op == "drop" and isinstance(parent, dict | list):
        del parent[path[-1]]
        return data
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(path[-1], copy.deepcopy(node))
        return data
    elif op == "collide" and isinstance(node, dict) and "id" in node and _ids(data):
        node["id"] = draw(st.sampled_from(_ids(data)))
        return data
    elif op == "kind":
        holder = node if isinstance(node, dict) else parent if isinstance(parent, dict) else None
        if holder is not None:
            holder["kind"] = draw(st.sampled_from(KINDS))
        return data
    elif op == "unknown" and isinstance(node, dict):
        node[draw(st.sampled_from(UNKNOWN_KEYS))] = draw(st.sampled_from(JUNK))
        return data
    elif op == "reorder" and isinstance(node, list) and len(node) > 1:
        node[:] = draw(st.permutations(node))
        return data
    elif op == "graft" and len(paths) > 1:  # a subtree copied over another place
        value = copy.deepcopy(_get(data, draw(st.sampled_from(paths[1:]))))
    elif op == "text":
        value = draw(hostile_text())
    else:  # retype
        value = draw(st.sampled_from((*JUNK, [node], {"value": node})))
    if not path:
        return value
    assert isinstance(parent, dict | list)
    parent[path[-1]] = value
    return data


@st.composite
def mutated_data(draw: st.DrawFn, data: Any, changes: int = 4) -> Any:
    """``data`` with one to ``changes`` changes."""
    for _ in range(draw(st.integers(1, changes))):
        data = draw(_change(data))
    return data


# --- answers ----------------------------------------------------------------------------------

_DIGITS = ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९")


def _other_digits(text: str, script: str) -> str:
    return "".join(script[int(c)] if c.isdigit() and c.isascii() else c for c in text)


def _number_text(draw: st.DrawFn, value: Decimal) -> str:
    text = str(value)
    return draw(
        st.sampled_from(
            (
                text,
                f" {text} ",
                f"\t{text}\n",
                f"+{text}",
                f"{text}e0",
                f"{value:E}",
                f"{value:f}",
                text.replace(".", ","),
                text.replace(".", "_") if "." in text else f"{text[:1]}_{text[1:]}",
                f"0{text}",
                f"{text}%",
                f"{text}.0",
                _other_digits(text, draw(st.sampled_from(_DIGITS))),
                f"{Fraction(value).numerator}/{Fraction(value).denominator}",
                f"{text} điểm",
            )
        )
    )


@st.composite
def number_form(draw: st.DrawFn, value: Decimal) -> object:
    """``value`` as a Python number of another type, or as text in one of many spellings."""
    options: list[object] = [value, float(value), Fraction(value), value if value else -0.0]
    if value == value.to_integral_value():
        options.append(int(value))
    options.append(_number_text(draw, value))
    options += [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("1e999999")]
    options += [Decimal("sNaN"), Decimal("-Infinity")]  # Decimal(text) of a form's "snan"
    return draw(st.sampled_from(options))


_YES = ("yes", "YES", "Yes", "y", "x", "X", "1", "true", "True", "on", "met", "có", "CÓ", "đạt")
_NO = ("no", "NO", "n", "0", "false", "off", "unmet", "không", "KHÔNG", "không đạt", "Không Đạt")


@st.composite
def bool_form(draw: st.DrawFn, value: bool) -> object:
    word = draw(st.sampled_from(_YES if value else _NO))
    options: list[object] = [
        value,
        int(value),
        float(value),
        Decimal(int(value)),
        Fraction(int(value)),
        word,
        f" {word} ",
        unicodedata.normalize("NFD", word),
        word + "\u200b",
        "yes/no",
        "có lẽ",
        Decimal("sNaN"),
    ]
    return draw(st.sampled_from(options))


@st.composite
def text_form(draw: st.DrawFn, value: str) -> object:
    """A level id or a choice written another way (case, spaces, NFD, a near miss)."""
    options: list[object] = [
        value,
        value.upper(),
        value.title(),
        f"  {value}\t",
        unicodedata.normalize("NFD", value),
        value[:-1],
        value + "x",
        value.replace("o", "ó"),
    ]
    return draw(st.sampled_from(options))


NA_FORMS = ("na", "NA", "N/A", "n/a", " na ", "N / A", "không áp dụng", "-")


def hostile_text() -> st.SearchStrategy[str]:
    """Text that must be escaped wherever it is shown: controls, bidi overrides, formula
    starts, markup, Markdown table syntax, lone surrogates (from the API only)."""
    pieces = st.sampled_from(
        (
            '=HYPERLINK("http://x","y")',
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=1",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            '"><svg onload=x>',
            "&amp;",
            "]]>",
            "| a | b |",
            "\\|",
            "`code`",
            "*",
            "_",
            "# h",
            "\n\nTotal: 100 / 100",
            "\x1b[31m",
            "\x1b]0;t\x07",
            "\x00",
            "\x07",
            "\x08",
            "\x0b",
            "\x0c",
            "\x7f",
            "\x85",
            "\x9b",
            "\u202e",
            "\u2066",
            "\u2028",
            "\u2029",
            "\ufeff",
            "\u200b",
            "Xã Mẫu",
            unicodedata.normalize("NFD", "Xã Mẫu"),
            "🙂",
            "x" * 300,
        )
    )
    return st.lists(st.one_of(pieces, st.text(max_size=8)), min_size=1, max_size=5).map("".join)


JUNK_ANSWERS: tuple[object, ...] = (
    None,
    [],
    {},
    [1],
    [True, False],
    {"value": None},
    {"value": [1]},
    {"value": {"value": 1}},
    {"justification": "x"},
    {"value": 1, "reason": "x"},
    {"value": 1, "url": 5},
    {"value": 1, "justification": None},
    b"1",
    complex(1, 1),
    {1, 2},
    (1,),
    object,
    Ellipsis,
    "",
    " ",
    "\x00",
    "1e999999999",
    "9" * 5000,
    "0x10",
    "1:20",
)


def _as_decimal(value: int | Decimal | Fraction | float) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


@st.composite
def answer_form(draw: st.DrawFn, value: object) -> object:
    """The answer ``value`` (as :func:`strategies.answers_for` draws it) written another way,
    wrapped in an evidence mapping, or replaced by junk."""
    evidence = None
    if isinstance(value, dict) and "value" in value:
        evidence, value = value, value["value"]
    if isinstance(value, bool):
        form = draw(bool_form(value))
    elif isinstance(value, int | Decimal | Fraction | float):
        form = draw(number_form(_as_decimal(value)))
    elif isinstance(value, str) and value.lower() in ("na", "n/a"):
        form = draw(st.sampled_from(NA_FORMS))
    elif isinstance(value, str):
        form = draw(text_form(value))
    else:
        form = value
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.sampled_from(JUNK_ANSWERS))
    if choice == 1:
        return draw(st.sampled_from(NA_FORMS))
    if evidence is not None or choice == 2:
        wrapped = dict(evidence or {})
        wrapped["value"] = form
        if draw(st.booleans()):
            wrapped[draw(st.sampled_from(("justification", "url", "note", "Justification")))] = (
                draw(st.one_of(hostile_text(), st.sampled_from(JUNK)))
            )
        return wrapped
    return form


# --- YAML text of plain data ------------------------------------------------------------------


class _Dumper(yaml.CSafeDumper):  # the C emitter: the pure-Python one is most of the time
    pass


def _decimal(dumper: yaml.CSafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _fraction(dumper: yaml.CSafeDumper, value: Fraction) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(Fraction, _fraction)


def yaml_text(data: object) -> bytes | None:
    """``data`` as YAML, or None when YAML cannot write it (junk objects)."""
    try:
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode(
            "utf-8", "surrogatepass"
        )
    except (yaml.YAMLError, ValueError):  # ValueError: an int of more than 4,300 digits
        return None


class _Loader(yaml.CSafeLoader):
    pass


def _exact(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _exact)


@cache
def shipped_data(path: Path) -> Any:
    """A shipped rubric as plain data (decimals exact), through the rubric's own YAML."""
    return yaml.load(tiercert.load_rubric(path).to_yaml(), Loader=_Loader)


__all__ = [
    "SHIPPED",
    "answer_form",
    "hostile_text",
    "mutated_bytes",
    "mutated_data",
    "seeds",
    "shipped_data",
    "yaml_text",
]
