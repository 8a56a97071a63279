"""Safe YAML loading that remembers where every value came from.

Rubric authors need ``file:line:column`` for every problem, so we build plain Python data from
the parser's *events* ourselves instead of calling ``yaml.safe_load``.  That also lets us:

- use libyaml's C parser when present (about 10x faster than the pure-Python one);
- read plain values by the YAML 1.2 core schema, with numbers read by the one rule every reader
  uses (:mod:`tiercert._literals`): ``022`` is not octal 18, ``yes`` is not a boolean until
  a reader that wants one says so, and decimals are exact :class:`~decimal.Decimal`
  (``79.99`` must never become a binary float);
- refuse duplicate keys, unknown tags, too-deep nesting and alias bombs with a clear message,
  without recursion (a 10,000-deep file cannot overflow the stack);
- keep mapping keys as the text the author wrote (``no:`` stays ``"no"``, not ``False``);
- normalise text to Unicode NFC, noting where the file was not.
"""

from __future__ import annotations

import gc
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from ._i18n import N_, msg
from ._literals import read_numeral
from ._records import Record
from .errors import Path, Problem, Severity

try:  # the C parser is an optional part of PyYAML builds
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
#: tags that say which kind of value a scalar is (anything else it writes stays text)
_TYPED_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", _BOOL, _NULL}
_SAFE_SCALAR_TAGS = {_STR, "tag:yaml.org,2002:timestamp", *_TYPED_TAGS}
# the YAML 1.2 core schema's null and booleans (YAML 1.1 also read yes/no/on/off as booleans)
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_WORDS = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_NUMBER_STARTS = frozenset("0123456789+-.")
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"}


class Limits(Record, frozen=True):
    """Bounds that stop hostile or accidental giant inputs early, with a clear error."""

    max_bytes: int = 10_000_000
    max_depth: int = 200
    #: values built, counting each alias as the size of what it points to
    max_nodes: int = 2_000_000


DEFAULT_LIMITS = Limits()

#: problems about a key itself (not its value): located at the key
_AT_KEY = frozenset({"key.unknown", "answer.unknown", "fact.unknown"})


class Document:
    """Plain data loaded from YAML, with the source position of each value and key.

    Positions are found when first asked for (a problem to locate): reading records none,
    and keeps the text to read again, with positions, if it has to.  A clean 10 MB rubric
    so never holds a position per value (see docs/performance.md, "Large rubrics")."""

    __slots__ = (
        *("_asked", "_key_positions", "_limits", "_positions", "_source"),
        *("data", "file", "language", "problems"),
    )

    def __init__(
        self,
        data: Any,
        file: str | None = None,
        positions: dict[Path, tuple[int, int]] | None = None,
        key_positions: dict[Path, tuple[int, int]] | None = None,
        problems: list[Problem] | None = None,
        *,
        source: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        language: str | None = None,
    ) -> None:
        self.data = data
        self.file = file
        #: the language a document that could not be read says it is in (``language: vi`` on
        #: a line of its own): the language to report why it could not be read in
        self.language = language
        self.problems: list[Problem] = [] if problems is None else problems
        self._positions = {} if positions is None else positions
        self._key_positions = {} if key_positions is None else key_positions
        #: the text the data was read from, until its positions are found
        self._source = source
        self._limits = limits
        #: the paths whose positions (and their parents') were found by ``prepare``
        self._asked: set[Path] = set()

    def __repr__(self) -> str:
        return f"Document(file={self.file!r}, problems={len(self.problems)})"

    def _find_positions(self) -> None:
        """Read the text again, recording every position (it was read once: it cannot fail)."""
        if self._source is None:
            return
        builder = _Builder(self.file, self._limits, track=True)
        builder.run(self._source)
        self._positions, self._key_positions = builder.positions, builder.key_positions
        self._source = None

    def text_only(self) -> Document:
        """A document holding what locating needs (the text, the positions found), not the
        data: what a loaded rubric keeps to locate its warnings when they are asked for."""
        kept = Document(None, self.file, self._positions, self._key_positions, source=self._source)
        kept._limits, kept._asked = self._limits, set(self._asked)
        return kept

    def prepare(self, paths: Iterable[Path]) -> None:
        """Find the positions of ``paths`` and of their parents (where a path not in the file
        is located), in one more reading of the text, keeping no others: locating a few
        problems of a 10 MB rubric then holds a few positions, not one per value.  Asking
        :meth:`position` for any other path reads them all."""
        if self._source is None:
            return
        needed = {path[:n] for path in paths for n in range(len(path) + 1)}
        wanted = needed - self._asked
        if not wanted:
            return
        builder = _Builder(self.file, self._limits, track=True, wanted=wanted, enter=needed)
        builder.run(self._source)
        self._positions.update(builder.positions)
        self._key_positions.update(builder.key_positions)
        self._asked |= wanted

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        """Where each value starts, by path."""
        self._find_positions()
        return self._positions

    @property
    def key_positions(self) -> dict[Path, tuple[int, int]]:
        """Where each mapping key starts, by the path of its value."""
        self._find_positions()
        return self._key_positions

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The closest known position for ``path`` (walking up to its parents)."""
        if path not in self._asked:
            self._find_positions()
        first, second = (
            (self._key_positions, self._positions)
            if key
            else (self._positions, self._key_positions)
        )
        probe = path
        while True:
            found = first.get(probe) or second.get(probe)
            if found is not None or not probe:
                return found
            probe = probe[:-1]

    def locate(self, problem: Problem) -> Problem:
        """Fill in ``problem``'s file, line and column from this document."""
        # an unknown key or id is pointed at where it is written, not at its value
        pos = self.position(problem.path, key=problem.code in _AT_KEY)
        line, column = pos if pos else (None, None)
        return problem.located(self.file, line, column)


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_mark", "nodes_at_start", "path")

    def __init__(self, container: Any, path: Path, anchor: str | None, nodes: int) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.nodes_at_start = nodes
        self.key: str | None = None
        self.key_mark: tuple[int, int] | None = None


class _Fatal(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _character_at(text: str, mark: Any) -> str:
    """The character the YAML reader stopped at ("" past the end)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


#: the YAML reader's common problems (libyaml's and the pure-Python reader's words) -> what
#: they mean to an author, and what to do; the reader's own words are quoted only for others
_YAML_PROBLEMS = (
    (
        ("tab character",),
        N_(
            "a tab is used to indent here, and YAML indents with spaces only; replace the tab "
            "with spaces"
        ),
    ),
    (
        ("mapping values are not allowed",),
        N_(
            "a ':' followed by a space inside a value, or a key indented under a value; put the "
            'value in quotes ("..."), or line the key up with the keys above it'
        ),
    ),
    (
        ("expected '-' indicator",),
        N_(
            "this line sits in a list but does not start with '- '; start it with '- ', or "
            "line it up with the key that holds the list"
        ),
    ),
    (
        ("did not find expected key", "expected <block end>"),
        N_(
            "the indentation of this line does not fit the lines above; line up the keys of "
            "one block at the same column (with spaces)"
        ),
    ),
    (
        ("could not find expected ':'",),
        N_("a key without ':' after it; write 'key: value' (a space after the ':')"),
    ),
    (
        ("found unexpected end of stream",),
        N_(
            "a quote opened here is never closed; add the closing quote (\" or ') at the end "
            "of the value"
        ),
    ),
    (
        ("expected ',' or ']'",),
        N_("a '[' opened here is never closed; add the ']', and separate the items with ','"),
    ),
    (
        ("expected ',' or '}'",),
        N_("a '{{' opened here is never closed; add the '}}', and separate the entries with ','"),
    ),
    (
        ("duplicate anchor",),
        N_("an anchor ('&name') is defined twice; give each anchor its own name"),
    ),
    (
        ("unknown escape character",),
        N_(
            "a '\\' in double quotes starts an unknown escape; write '\\\\', or put the "
            "value in single quotes"
        ),
    ),
    (
        ("expected node content", "expected the node content"),
        N_(
            "a value is missing here, or starts with a character YAML keeps for itself; put "
            "the value in quotes"
        ),
    ),
)


def yaml_problem(problem: str, context: str = "", character: str = "") -> str:
    """What a YAML reader's ``problem`` (in ``context``, stopped at ``character``) means, as a
    catalog message in the reader's language; the reader's words, quoted, when nothing
    better is known."""
    if "cannot start any token" in problem:
        if character == "\t" or "'\\t'" in problem:
            return msg(_YAML_PROBLEMS[0][1])
        if character:
            return msg(
                'a value cannot start with {character!r}; put the value in quotes ("...")',
                character=character,
            )
    said = f"{problem} {context}"
    for signs, meaning in _YAML_PROBLEMS:
        if any(sign in said for sign in signs):
            return msg(meaning)
    return msg(
        "not valid YAML: the reader says {what!r}; check the indentation and quoting on this line",
        what=problem,
    )


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def other_unicode(raw: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``raw`` starts as text in that encoding does: with its
    byte-order mark, or with the zero bytes of a first character that UTF-8 writes in one
    byte.  None for anything else (UTF-8 among them)."""
    head = raw[:4]
    if head in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    if len(head) == 4 and head[0] != head[3] and 0 in (head[0], head[3]):
        if head[1:3] == b"\x00\x00":
            return "UTF-32"
        if (head[1], head[3]) == (0, 0) or (head[0], head[2]) == (0, 0):
            return "UTF-16"
    return None


def encoding_problem(name: str, file: str | None) -> Problem:
    """The problem of a file in ``name`` (UTF-16 or UTF-32) where UTF-8 is read."""
    notepad = msg(" (Notepad calls it 'Unicode')") if name == "UTF-16" else ""
    return Problem(
        "yaml.encoding",
        msg(
            "the file is {name} text{notepad}, not UTF-8; save it as UTF-8 (in "
            "Notepad: File, Save as, Encoding 'UTF-8'; in a spreadsheet program: "
            "'CSV UTF-8')",
            name=name,
            notepad=notepad,
        ),
        file=file,
    )


def decode(raw: bytes, file: str | None = None) -> tuple[str | None, Problem | None]:
    """UTF-8 text from ``raw`` (a BOM is accepted), or a problem saying where it is not text
    (and which encoding it is in, when it is UTF-16 or UTF-32 text)."""
    other = other_unicode(raw)
    if other is not None:
        return None, encoding_problem(other, file)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            "yaml.encoding",
            msg(
                "the byte at position {start} of the file (counting from 0) is not UTF-8 "
                "text; save the file as UTF-8 (in a spreadsheet program: 'CSV UTF-8' or "
                "'YAML' as plain text)",
                start=exc.start,
            ),
            file=file,
            line=line,
            column=column,
        )


_LANGUAGE_LINE = re.compile(
    r"""^language:[ \t]*(["']?)([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\1[ \t]*(?:#.*)?$""",
    re.MULTILINE,
)


def sniff_language(source: str | bytes) -> str | None:
    """The language a file that cannot be read as YAML declares on a top-level line of its own
    (``language: vi``), in UTF-8, UTF-16 or UTF-32 or a legacy encoding (the line is ASCII: the
    zero bytes of UTF-16 and UTF-32 dropped, the rest read a byte a character); else None."""
    if isinstance(source, bytes):
        source = source[:_SNIFFED].replace(b"\0", b"").decode("latin-1")
    found = _LANGUAGE_LINE.search(source[:_SNIFFED].replace("\r", ""))
    return found.group(2) if found else None


#: how much of a file is searched for its language (the line comes near the top)
_SNIFFED = 65_536


def read_source(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes | Document:
    """The bytes of a rubric or assessment file, reading at most one byte more than the limit
    (a sparse 4 GB file or ``/dev/zero`` is not read into memory first); a Document holding
    the problem when the file is larger.  Raises OSError when it cannot be read."""
    with open(path, "rb") as handle:
        raw = handle.read(limits.max_bytes + 1)
        if len(raw) <= limits.max_bytes:
            return raw
        size = os.fstat(handle.fileno()).st_size
    return Document(None, str(path), problems=[_too_large(size, limits, str(path))])


def _too_large(size: int, limits: Limits, file: str | None) -> Problem:
    shown = msg("{size:,} bytes, more", size=size) if size > limits.max_bytes else msg("more")
    return Problem(
        "yaml.too_large",
        msg(
            "the file is {shown} than the limit of {max_bytes:,} bytes; check that "
            "this is the right file (a rubric or assessment is far smaller), or "
            "split it",
            shown=shown,
            max_bytes=limits.max_bytes,
        ),
        file=file,
    )


def load_document(
    source: str | bytes, *, file: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Parse one YAML document.  Never raises for bad input: problems are in ``.problems``.

    When a problem is fatal (syntax error, limits exceeded) ``data`` is ``None``.
    """
    size = len(source.encode("utf-8")) if isinstance(source, str) else len(source)
    if size > limits.max_bytes:
        return Document(None, file, problems=[_too_large(size, limits, file)])
    if isinstance(source, bytes):
        text, problem = decode(source, file)
        if problem is not None or text is None:
            return Document(
                None, file, problems=[problem] if problem else [], language=sniff_language(source)
            )
    else:
        text = source
    builder = _Builder(file, limits, track=False)
    try:
        builder.run(text)
    except _Fatal as fatal:
        return Document(None, file, problems=[fatal.problem], language=sniff_language(text))
    problems = builder.problems
    if problems:  # a key twice: its path names it (answers.C1), not only "$"
        from dataclasses import replace

        from ._paths import render_path

        problems = [
            replace(p, where=render_path(p.path, builder.result)) if p.path else p for p in problems
        ]
    return Document(builder.result, file, problems=problems, source=text, limits=limits)


class _Builder:
    """Turns a stream of parser events into plain data and problems, and with ``track`` the
    position of every value and key (kept only when a problem has to be located)."""

    def __init__(
        self,
        file: str | None,
        limits: Limits,
        *,
        track: bool,
        wanted: set[Path] | None = None,
        enter: set[Path] | None = None,
    ) -> None:
        self.file = file
        self.limits = limits
        self.track = track
        #: with ``enter`` (every parent of the paths wanted), a list or mapping at any other
        #: path is read past, unbuilt: nothing in it is wanted (see ``Document.prepare``)
        self.enter = enter
        self.result: Any = None
        #: with ``wanted``, only the positions of those paths are kept
        self.positions: dict[Path, tuple[int, int]] = {} if wanted is None else _Only(wanted)
        self.key_positions: dict[Path, tuple[int, int]] = {} if wanted is None else _Only(wanted)
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0

    def fatal(self, code: str, message: str, mark: tuple[int, int] | None) -> _Fatal:
        line, column = mark if mark else (None, None)
        return _Fatal(Problem(code, message, file=self.file, line=line, column=column))

    def run(self, text: str) -> None:
        loader = None
        try:
            loader = _Loader(text)  # the pure-Python reader already checks characters here
            self._consume(loader)
        except yaml.reader.ReaderError as exc:
            # a control character (NUL...) is usually a sign of a binary or corrupted file
            raise self.fatal(
                "yaml.character",
                msg(
                    "the file contains a control character (code {character:#06x}) that "
                    "YAML does not allow; remove it (is this really a text file?)",
                    character=exc.character,
                ),
                _position(text, exc.position),
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or exc.context or "invalid YAML"
            # an unclosed quote or bracket, a key without ':': where it starts
            opened = any(s in what for s in ("end of stream", "expected ',' or", "expected ':'"))
            if opened and exc.context_mark is not None:
                mark = exc.context_mark
            where = (mark.line + 1, mark.column + 1) if mark else None
            if "nesting depth" in what:  # libyaml's own limit, met before ours in flow style
                raise self.fatal(
                    "yaml.too_deep",
                    msg(
                        "nesting is deeper than {max_depth} levels; flatten the structure",
                        max_depth=self.limits.max_depth,
                    ),
                    where,
                ) from None
            said = yaml_problem(what, exc.context or "", _character_at(text, mark))
            raise self.fatal("yaml.invalid", said, where) from None
        except yaml.YAMLError:
            # (every error of the reader and the parser is placed, above: none is left that
            # says more than this, and its text is English)
            said = msg("not valid YAML: the YAML reader refused it without saying where")
            raise self.fatal("yaml.invalid", said, None) from None
        finally:
            if loader is not None:
                loader.dispose()

    def _consume(self, loader: Any) -> None:
        # one loop over every event of the file: kept flat, and the common case (a scalar
        # value) first, since a 10 MB rubric has millions of events
        stack: list[_Frame] = []
        track = self.track
        positions = self.positions
        max_nodes = self.limits.max_nodes
        get_event = loader.get_event
        while (event := get_event()) is not None:
            cls = event.__class__
            if cls is _ScalarEvent:
                self.nodes += 1
                if self.nodes > max_nodes:
                    self._count(0, event)
                if not stack or track or event.anchor is not None:
                    top = stack[-1] if stack else None
                    if top is not None and top.key is None and top.container.__class__ is dict:
                        self._key(top, event)
                        continue
                    value = self._value(event, stack)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                    self._add(stack, value, event, track, positions)
                    continue
                # the usual case, inline: a key or a value in a list or mapping, no position
                # kept, no anchor (what _key, _value and _add do for it)
                top = stack[-1]
                container: Any = top.container
                if container.__class__ is list:
                    container.append(self._value(event, stack))
                    continue
                key = top.key
                if key is None:
                    raw = event.value
                    if raw.isascii() and raw not in container:
                        top.key = raw
                    else:
                        self._key(top, event)
                    continue
                value = self._value(event, stack)
                if key is not _DUPLICATE:
                    container[key] = value
                top.key = None
            elif cls is _MappingStart or cls is _SequenceStart:
                self._check_tag(event, _CONTAINER_TAGS)
                if len(stack) >= self.limits.max_depth:
                    raise self.fatal(
                        "yaml.too_deep",
                        msg(
                            "nesting is deeper than {max_depth} levels; flatten the structure",
                            max_depth=self.limits.max_depth,
                        ),
                        _mark(event),
                    )
                path = self._child_path(stack, event)
                if self.enter is not None and path not in self.enter:
                    self._skip(get_event, event)
                    self._attach(stack, None, path)  # its key stays taken: duplicates found
                    continue
                self._count(1, event)
                made: Any = {} if cls is _MappingStart else []
                if track:
                    positions[path] = _mark(event)
                stack.append(_Frame(made, path, event.anchor, self.nodes))
            elif cls is _MappingEnd or cls is _SequenceEnd:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (
                        frame.container,
                        self.nodes - frame.nodes_at_start + 1,
                    )
                self._attach(stack, frame.container, frame.path)
            elif cls is _AliasEvent:
                if event.anchor not in self.anchors:  # pragma: no cover - parser rejects these
                    raise self.fatal(
                        "yaml.alias",
                        msg("unknown alias *{anchor}", anchor=event.anchor),
                        _mark(event),
                    )
                value, size = self.anchors[event.anchor]
                self._count(size, event)
                top = stack[-1] if stack else None
                if top is not None and top.key is None and top.container.__class__ is dict:
                    raise self.fatal(
                        "yaml.complex_key",
                        msg(
                            "a mapping key must be plain text, not an alias, list or mapping; "
                            "write the key as a plain word (or quoted text) before the ':'"
                        ),
                        _mark(event),
                    )
                self._add(stack, value, event, track, positions)
            elif cls is _DocumentStart:
                self.documents += 1
                if self.documents > 1:
                    raise self.fatal(
                        "yaml.multiple_documents",
                        msg(
                            "the file holds more than one YAML document ('---'); keep one rubric "
                            "or assessment per file"
                        ),
                        _mark(event),
                    )

    def _skip(self, get_event: Any, event: Any) -> None:
        """Read past the list or mapping that ``event`` starts, keeping its anchors known (an
        alias after it may name one; only its position is then kept).  The text was read once
        already: it ends, and within the limits."""
        depth = 1
        anchor = event.anchor
        while True:
            if anchor is not None:
                self.anchors[anchor] = (None, 1)
            event = get_event()
            cls = event.__class__
            anchor = None
            if cls is _ScalarEvent:
                anchor = event.anchor
            elif cls is _MappingStart or cls is _SequenceStart:
                depth += 1
                anchor = event.anchor
            elif cls is _MappingEnd or cls is _SequenceEnd:
                depth -= 1
                if not depth:
                    return

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise self.fatal(
                "yaml.too_many_nodes",
                msg(
                    "the document expands to more than {max_nodes:,} values (aliases count "
                    "as copies); remove repeated aliases",
                    max_nodes=self.limits.max_nodes,
                ),
                _mark(event),
            )

    def _check_tag(self, event: Any, allowed: set[str]) -> None:
        tag = event.tag
        if tag is not None and tag not in allowed:
            raise self.fatal(
                "yaml.tag",
                msg(
                    "the YAML tag {tag!r} is not allowed; remove it (only plain values, "
                    "lists and mappings are read)",
                    tag=tag,
                ),
                _mark(event),
            )

    def _child_path(self, stack: list[_Frame], event: Any) -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if top.container.__class__ is list:
            return (*top.path, len(top.container))
        if top.key is None:
            raise self.fatal(
                "yaml.complex_key",
                msg(
                    "a mapping key must be plain text, not a list or mapping; write the "
                    "key as a plain word (or quoted text) before the ':'"
                ),
                _mark(event),
            )
        return (*top.path, top.key)

    def _key(self, top: _Frame, event: Any) -> None:
        """A mapping's key (kept as written: 'no' is not False), refused when repeated."""
        raw: str = event.value
        key = raw if raw.isascii() else self._text(raw, event, (*top.path, raw))
        if event.anchor is not None:
            self.anchors[event.anchor] = (key, 1)
        if key in top.container:
            line, column = _mark(event)
            self.problems.append(
                Problem(
                    "yaml.duplicate_key",
                    msg(
                        "the key {key!r} appears twice in this mapping; keep one (YAML and JSON "
                        "readers silently keep only the last)",
                        key=key,
                    ),
                    path=(*top.path, key),
                    file=self.file,
                    line=line,
                    column=column,
                )
            )
            key = _DUPLICATE
        top.key = key
        if self.track:
            top.key_mark = _mark(event)

    def _value(self, event: Any, stack: list[_Frame]) -> Any:
        """A scalar's value by the YAML 1.2 core schema, with numbers read by the one rule of
        :mod:`tiercert._literals`: ``022``, ``0x10``, ``1_000`` or ``1:20`` stay text (YAML 1.1
        would read 18, 16, 1000 and 80), and whoever expects a number there refuses the text
        saying what to write, as it would a CSV cell.  ``yes``/``no`` stay text too: each
        reader that wants true or false reads them with the one list of spellings."""
        raw: str = event.value
        tag = event.tag
        if tag is None and not event.implicit[0]:
            tag = _STR  # quoted, or a block scalar: text
        elif tag == "!":
            tag = _STR  # the non-specific tag: text
        if tag is None or tag in _TYPED_TAGS:
            if (tag is None or tag == _NULL) and raw in _NULL_WORDS:
                return None
            if tag is None or tag == _BOOL:
                flag = _BOOL_WORDS.get(raw)
                if flag is not None:
                    return flag
            # exponent forms stay text, read as numbers where a number is expected: YAML 1.1
            # writers (PyYAML) leave '1e3' unquoted as text, so a name '1e3' stays '1e3'
            if tag != _NULL and tag != _BOOL and raw[:1] in _NUMBER_STARTS and raw.isascii():
                number = read_numeral(raw) if "e" not in raw and "E" not in raw else None
                if number is not None:
                    return number
        elif tag not in _SAFE_SCALAR_TAGS:
            raise self.fatal(
                "yaml.tag",
                msg(
                    "the YAML tag {tag!r} is not allowed; remove it (only plain values, "
                    "lists and mappings are read)",
                    tag=tag,
                ),
                _mark(event),
            )
        # text, dates (the models parse them), and anything a typed tag did not fit
        if raw.isascii():
            return raw
        return self._text(raw, event, self._child_path(stack, event))

    def _text(self, raw: str, event: Any, path: Path) -> str:
        if raw.isascii() or unicodedata.is_normalized("NFC", raw):
            return raw
        line, column = _mark(event)
        self.problems.append(
            Problem(
                "text.not_nfc",
                msg(
                    "letters and their accents are stored as separate characters here (as "
                    "some editors and copy-paste do); they were read as the usual combined "
                    "letters, re-type the text or save the file in Unicode NFC form to "
                    "silence this"
                ),
                severity=Severity.WARNING,
                file=self.file,
                line=line,
                column=column,
                path=path,
            )
        )
        return unicodedata.normalize("NFC", raw)

    def _add(
        self,
        stack: list[_Frame],
        value: Any,
        event: Any,
        track: bool,
        positions: dict[Path, tuple[int, int]],
    ) -> None:
        """A value (scalar or alias) into its container."""
        if not stack:
            self.result = value
            if track:
                positions[()] = _mark(event)
            return
        top = stack[-1]
        container = top.container
        if container.__class__ is list:
            if track:
                path = (*top.path, len(container))
                positions[path] = _mark(event)
            container.append(value)
            return
        key = top.key
        assert key is not None  # a key is read by _key, an alias as a key refused
        if track:
            path = (*top.path, key)
            positions[path] = _mark(event)
            if key is not _DUPLICATE and top.key_mark is not None:
                self.key_positions[path] = top.key_mark
            top.key_mark = None
        if key is not _DUPLICATE:
            container[key] = value
        top.key = None

    def _attach(self, stack: list[_Frame], value: Any, path: Path) -> None:
        """A finished list or mapping into its container (its path was made at its start)."""
        if not stack:
            self.result = value
            return
        top = stack[-1]
        if top.container.__class__ is list:
            top.container.append(value)
            return
        key = top.key
        if key is not None and key is not _DUPLICATE:
            top.container[key] = value
            if top.key_mark is not None:
                self.key_positions[path] = top.key_mark
        top.key = None
        top.key_mark = None


class _Only(dict[Path, tuple[int, int]]):
    """Positions kept only for the paths wanted (see ``Document.prepare``)."""

    __slots__ = ("wanted",)

    def __init__(self, wanted: set[Path]) -> None:
        super().__init__()
        self.wanted = wanted

    def __setitem__(self, path: Path, mark: tuple[int, int]) -> None:
        if path in self.wanted:
            super().__setitem__(path, mark)


_ScalarEvent = yaml.ScalarEvent
_AliasEvent = yaml.AliasEvent
_MappingStart = yaml.MappingStartEvent
_SequenceStart = yaml.SequenceStartEvent
_MappingEnd = yaml.MappingEndEvent
_SequenceEnd = yaml.SequenceEndEvent
_DocumentStart = yaml.DocumentStartEvent


# A sentinel key for a duplicate: its value is parsed (to report later problems) then dropped.
_DUPLICATE = "\x00duplicate"


@contextmanager
def paused_collector(*, kept: bool = False) -> Iterator[None]:
    """Python's cycle collector paused while a rubric's many objects are made (read, checked,
    planned, its scorers written): each collection walks every object still alive, and none
    of these is garbage, so a 10,000-criterion rubric was walked again and again (a third of
    its load time).  Collection resumes after; a collector already paused stays paused.

    With ``kept`` (what was made is kept: a loaded rubric, its scorers), the young objects are
    collected first, and on a normal exit everything made meanwhile is put in the oldest
    generation (``gc.freeze`` then ``gc.unfreeze``, which moves lists, not objects): as young
    objects, the next two collections would walk all of them again, one after the other
    (about 0.15 s CPU in the first verdict of a 10,000-criterion rubric).  Not when objects
    are frozen already (``gc.freeze`` by the program): those stay frozen."""
    if not gc.isenabled():
        yield
        return
    if kept:
        gc.collect(1)  # the caller's young garbage, collected now: only what is made is moved
    gc.disable()
    full = False
    try:
        yield
        if kept and not gc.get_freeze_count():  # (nothing frozen: an empty list, no walk)
            # what the load made, less what it freed (no collection ran since the one above)
            made = gc.get_count()[0]
            gc.freeze()
            full = _moved(made)
            gc.unfreeze()
    finally:
        gc.enable()
    if full:
        gc.collect()
        gc.freeze()  # (moves lists, not objects: how many objects the collection kept)
        _TRACKED_AT_FULL[0] = gc.get_freeze_count()
        _MOVED_SINCE_FULL[0] = 0
        gc.unfreeze()


#: the objects the last full collection kept (or the process's objects when the first rubric
#: was loaded), and the objects loads have moved to the oldest generation since (see _moved)
_TRACKED_AT_FULL = [0]
_MOVED_SINCE_FULL = [0]


def _moved(made: int) -> bool:
    """Whether a full collection is due now that a load moved the ``made`` objects it made to
    the oldest generation (called with every object frozen).  Objects moved there by
    ``gc.unfreeze`` are not counted by Python's own rule (a full collection when the objects
    moved there since the last one are a quarter of those it kept), so without this no full
    collection came: a portal loading 800 rubrics one after the other, keeping none, grew to
    1.1 GB (1.35 MB a rubric of 30 criteria, their cycles never collected).  The same rule
    here, counted as it goes: ``gc.get_freeze_count`` walks every object frozen one by one, so
    counting the heap at each load cost a process of millions of objects (a portal, a test
    worker) a walk of all of them per rubric; it is walked once, at the first load, and after
    each full collection, which walks it anyway."""
    if not _TRACKED_AT_FULL[0]:
        _TRACKED_AT_FULL[0] = gc.get_freeze_count()
        return False
    _MOVED_SINCE_FULL[0] += made
    return _MOVED_SINCE_FULL[0] > _TRACKED_AT_FULL[0] // 4
