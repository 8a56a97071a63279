"""Turn pydantic's validation errors into problems people can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ._i18n import N_, msg
from ._literals import decimal_fits, plain_id
from ._paths import did_you_mean
from ._percent_keys import percent_advice
from .conditions import CONDITION_KEYS as _CONDITION_KEYS
from .errors import Path, Problem

_TYPE_NAMES = {
    "bool": N_("true or false"),
    "decimal": N_("a number"),
    "int": N_("a whole number"),
    "str": N_("text"),
    "string": N_("text"),
    "list": N_("a list (lines starting with '- ')"),
    "dict": N_("a mapping ('key: value' lines)"),
    "model": N_("a mapping ('key: value' lines)"),
}


def problems_from_validation(
    error: ValidationError, data: Any, model: type[BaseModel]
) -> list[Problem]:
    """One problem per distinct place; union members failing at the same place are merged."""
    seen: set[Path] = set()
    problems = []
    for detail in error.errors(include_url=False):
        path, rest = _data_path(detail["loc"], data, model)
        # several missing keys of one mapping share its path: tell them apart by the key
        place = (*path, *rest)
        if place in seen:
            continue
        seen.add(place)
        problems.append(_problem(detail, path, rest, data, model))
    return _without_misspelled(problems)


def _without_misspelled(problems: list[Problem]) -> list[Problem]:
    """Drop "required key X is missing" when an unknown key nearby is X misspelled.

    ``titel: ...`` is reported once, as "unknown key 'titel'; did you mean 'title'?", not also
    as "the required key 'title' is missing".
    """
    missing = {p.path: p for p in problems if p.code == "key.missing" and p.path}
    explained: set[Path] = set()
    for problem in problems:
        if problem.code != "key.unknown" or not problem.path:
            continue
        parent, key = problem.path[:-1], str(problem.path[-1])
        here = [str(path[-1]) for path in missing if path[:-1] == parent]
        close = difflib.get_close_matches(key, here, n=1, cutoff=0.6)
        if close:
            explained.add((*parent, close[0]))
    return [p for p in problems if not (p.code == "key.missing" and p.path in explained)]


def _data_path(loc: tuple[int | str, ...], data: Any, model: type[BaseModel]) -> tuple[Path, Path]:
    """The part of ``loc`` that exists in ``data`` (union tags dropped), and the rest.

    A union tag can look like a data key (the condition ``{score: g1, at_leest: 3}`` fails at
    ``('require', 'score', 'at_leest')`` where ``score`` is the tag), so the model's types are
    walked alongside the data to tell tags from keys.
    """
    path: list[str | int] = []
    current = data
    types: list[Any] = [model]
    for i, item in enumerate(loc):
        if isinstance(item, str) and _is_tag(types, item):
            types = [m for tp in types for m in _flat_union(tp) if item in _tags(m)]
            continue
        types = [nxt for tp in types for nxt in _step(tp, item)]
        if isinstance(current, list) and isinstance(item, int) and 0 <= item < len(current):
            current = current[item]
        elif isinstance(current, dict) and isinstance(item, str) and item in current:
            current = current[item]
        elif i == len(loc) - 1:
            if not isinstance(current, dict):
                # a union's member failing on a plain value ('constrained-str' and
                # "literal['@criteria']" for 'score: OP 1'): the place is the value itself, so
                # the members' failures make one problem, not one per member
                return tuple(path), ()
            return tuple(path), (item,)
        else:
            continue  # a union tag such as 'boolean' in ('rule', 'boolean', 'points')
        path.append(item)
    return tuple(path), ()


def _is_tag(types: list[Any], item: str) -> bool:
    for tp in types:
        members = _flat_union(tp)
        if len(members) > 1 and any(item in _tags(m) for m in members):
            return True
    return False


def _types_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[Any]:
    """The types the model expects at pydantic's ``loc`` (union tags followed)."""
    types: list[Any] = [model]
    for item in loc:
        if isinstance(item, str) and _is_tag(types, item):
            types = [m for tp in types for m in _flat_union(tp) if item in _tags(m)]
        else:
            types = [nxt for tp in types for nxt in _step(tp, item)]
    return types


def _is_text(types: list[Any]) -> bool:
    """True when the value is translatable text (``Text``: a string or language -> string)."""
    return any(
        get_origin(member) is dict and get_args(member) == (str, str)
        for tp in types
        for member in _members(tp)
    )


def _parent(data: Any, path: Path) -> dict[Any, Any] | None:
    """The mapping that holds the key at ``path`` in the data as read, if it is one."""
    parent = data
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return None
    return parent if isinstance(parent, dict) else None


#: what a language's key in a text mapping looks like (``vi``, ``en``, ``pt-BR``)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*\Z")


def _comma_hint(data: Any, path: Path, key: str) -> str:
    """A key without a value right after a text value is most often the rest of that text,
    cut off by an unquoted comma in a ``{...}`` mapping: say to quote the whole text."""
    parent = _parent(data, path)
    if parent is None:
        return ""
    keys = list(parent)
    at = keys.index(key) if key in keys else 0
    start = at - 1  # the text cut off: back over the keys without a value (a, b, c)
    while start > 0 and parent[keys[start]] is None:
        start -= 1
    before = parent[keys[start]] if start >= 0 else None
    if not isinstance(before, str):
        return ""
    end = at + 1  # and on over those after it, to the end of the text
    while end < len(keys) and parent[keys[end]] is None and isinstance(keys[end], str):
        end += 1
    whole = ", ".join([before, *map(str, keys[start + 1 : end])]).replace('"', '\\"')
    return msg(
        "; it has no value, so it is probably the end of the text before it, "
        "cut off by a comma inside '{{...}}': put the whole text in quotes, "
        '{keys}: "{whole}"',
        keys=keys[start],
        whole=whole,
    )


def _decimal_comma_hint(data: Any, path: Path, key: str) -> str:
    """A key of digits without a value right after a whole number is most often that number's
    decimals, cut off by a decimal comma in a ``{...}`` mapping (``{min: 72,5}`` reads as
    ``min: 72`` and a key ``5``): say to write the decimals with a dot."""
    parent = _parent(data, path)
    decimals = key.removesuffix("%").rstrip()  # {max: 72,5 %}: a rubric's numbers have no '%'
    if parent is None or not decimals.isascii() or not decimals.isdigit():
        return ""
    keys = list(parent)
    at = keys.index(key) if key in keys else 0
    before = parent[keys[at - 1]] if at > 0 else None
    if not isinstance(before, int) or isinstance(before, bool):
        return ""
    number = f"{before}.{decimals}"
    return msg(
        "; it has no value, so it is probably the decimals of the number before it, cut off "
        "by a comma inside '{{...}}': use a dot for decimals, {keys}: {number}",
        keys=keys[at - 1],
        number=number,
    )


def _inside_hint(
    data: Any, path: Path, key: str, model: type[BaseModel], loc: tuple[int | str, ...]
) -> str:
    """A key written beside a mapping it belongs in (``max_items`` beside ``rule:``, not in
    it): say where it goes."""
    parent = _parent(data, path)
    if parent is None:
        return ""
    for inside, value in parent.items():
        if not isinstance(inside, str) or not isinstance(value, dict):
            continue
        tag = value.get("kind")
        allowed = None
        if isinstance(tag, str):
            allowed = _allowed_keys(model, (*loc, inside, tag))
        if allowed is None:
            allowed = _allowed_keys(model, (*loc, inside))
        if allowed and key in allowed and key not in value:
            return msg("; it belongs inside {inside!r}: move it there", inside=inside)
    return ""


def _problem(
    detail: ErrorDetails, path: Path, rest: Path, data: Any, model: type[BaseModel]
) -> Problem:
    kind = detail["type"]
    given = detail.get("input")
    ctx = detail.get("ctx") or {}
    where_key = rest[-1] if rest else (path[-1] if path else "")
    code = "type.invalid"
    if kind == "missing":
        code = "key.missing"
        message = msg("the required key {where_key!r} is missing; add it", where_key=where_key)
        path = (*path, *rest)
    elif kind == "extra_forbidden":
        code = "key.unknown"
        allowed = _allowed_keys(model, detail["loc"][:-1])
        hint = did_you_mean(str(where_key), allowed) if allowed else ""
        if not hint:
            hint = _inside_hint(data, path, str(where_key), model, detail["loc"][:-1])
        if not hint and allowed:
            hint = msg("; allowed here: {allowed}", allowed=", ".join(sorted(allowed)))
        if given is None and not hint.startswith("; did you mean"):
            where = str(where_key)
            hint = _decimal_comma_hint(data, path, where) or _comma_hint(data, path, where) or hint
        message = msg(
            "unknown key {where_key!r}{value}",
            where_key=where_key,
            value=hint or msg("; remove it or check its spelling"),
        )
    elif kind in {"union_tag_invalid", "literal_error", "enum"}:
        code = "value.choice"
        expected = str(ctx.get("expected_tags") or ctx.get("expected") or "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        shown = ctx.get("tag", given)
        message = msg(
            "{shown} is not allowed here; use one of: {options}{hint}",
            shown=_describe(shown),
            options=", ".join(options),
            hint=did_you_mean(str(shown), options),
        )
        tag_key = str(ctx.get("discriminator", "")).strip("'")
        if kind == "union_tag_invalid" and isinstance(given, dict) and tag_key in given:
            path = (*path, tag_key)  # point at the wrong word itself, e.g. 'kind: bool'
    elif kind == "union_tag_not_found":
        code = "key.missing"
        unions = [_flat_union(tp) for tp in _types_at(model, detail["loc"])]
        kinds = list(dict.fromkeys(t for members in unions for m in members for t in _tags(m)))
        listed = msg(" (one of: {kinds})", kinds=", ".join(kinds)) if kinds else ""
        message = msg(
            "the key {value!s} is missing; add it{listed}",
            value=ctx.get("discriminator", "kind"),
            listed=listed,
        )
    elif kind == "condition.kind":
        code = "condition.kind"
        keys = list(given) if isinstance(given, dict) else []
        hint = next((h for h in (did_you_mean(k, _CONDITION_KEYS) for k in keys) if h), "")
        message = msg(
            "a condition needs one of the keys: {keys}{hint}",
            keys=", ".join(_CONDITION_KEYS),
            hint=hint,
        )
    elif kind == "string_pattern_mismatch":
        code = "id.invalid"
        plain = plain_id(given) if isinstance(given, str) else None
        named = _named_id(data, given) if isinstance(given, str) and where_key != "id" else None
        if named is not None:  # a reference written as the title or label it shows
            hint = msg("; write its id: {found!r}", found=named)
        else:
            hint = msg("; write {plain!r}", plain=plain) if plain and plain != given else ""
        message = msg(
            "{given} is not a valid id: use letters without accents (a–z), digits, '_', '.' "
            "or '-', starting with a letter or digit (no spaces){hint}",
            given=_describe(given),
            hint=hint,
        )
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        code = "value.range"
        bound = next(iter(ctx.values()), "")
        relation = {
            "greater_than_equal": N_("at least"),
            "less_than_equal": N_("at most"),
            "greater_than": N_("more than"),
            "less_than": N_("less than"),
        }[kind]
        message = msg(
            "{given} is out of range: it must be {relation} {bound}",
            given=_describe(given),
            relation=msg(relation),
            bound=bound,
        )
    elif kind == "too_short":
        code = "value.length"
        least = ctx.get("min_length", 1)
        message = (
            msg("the list is empty; add at least one entry")
            if not ctx.get("actual_length")
            else msg("the list needs at least {least} entries; add more", least=least)
        )
    elif kind == "too_long":
        code = "value.length"
        message = msg(
            "the list has more than {value} entries; remove some", value=ctx.get("max_length")
        )
    elif kind == "string_too_short":
        code = "value.length"
        message = msg("the text is empty; write something here")
    elif kind == "string_too_long":
        code = "value.length"
        message = msg(
            "the text is longer than {value} characters; shorten it", value=ctx.get("max_length")
        )
    elif kind == "dict_type" and _is_text(_types_at(model, detail["loc"])):
        message = msg(
            "expected text, or one text per language such as '{{vi: ..., en: ...}}'; got {given}",
            given=_describe(given),
        )
    elif kind == "string_type" and isinstance(given, bool | int | Decimal):
        shown = _describe(given)
        # a value cut or described by its size is not shown as the text to write
        quoted = "" if "…" in shown or shown.startswith("a ") else f'("{shown}") '
        if not shown.startswith("a "):  # "a whole number of about 5,001 digits" says what it is
            shown = (
                msg("the value {shown}", shown=shown)
                if isinstance(given, bool)
                else msg("the number {shown}", shown=shown)
            )
        message = msg(
            "expected text, got {shown}; put it in quotes {quoted}to make it text",
            shown=shown,
            quoted=quoted,
        )
    elif kind == "decimal_max_places":
        code = "value.places"
        message = msg(
            "{given} has more than {value} decimal places; round it to at most 12 "
            "(results show numbers to 12 places)",
            given=_describe(given),
            value=ctx.get("decimal_places", 12),
        )
    elif kind == "value.number":  # raised by _shapes.as_number: the message says it all
        code = "value.number"
        values = dict(ctx)
        message = msg(str(values.pop("message")), **values)
        # 25% where the key counts points: the plain number would be the wrong advice
        advice = percent_advice(given, (*path, *rest), data)
        if advice is not None:
            values["why"] = msg("; {why}", why=advice)
            message = msg(str(ctx["message"]), **values)
    elif kind == "finite_number":
        code = "value.number"
        message = msg(
            "{given} is not a finite number; write a plain number such as 80 or 79.5",
            given=_describe(given),
        )
    elif (
        kind == "string_type"
        and given is None
        and isinstance(where_key, str)
        and not _LANGUAGE_TAG.match(where_key)
        and _is_text(_types_at(model, detail["loc"][:-1]))
        and (hint := _comma_hint(data, path, where_key))
    ):  # {vi: thôn, bản, ...}: 'bản' is a key of the title, cut off by the comma
        message = msg("expected text, got {given}{hint}", given=_describe(given), hint=hint)
    else:
        wanted = _expected_from_type(kind)
        message = (
            msg(
                "expected {wanted}, got {given}; {todo}",
                wanted=wanted,
                given=_describe(given),
                todo=_what_to_write(kind, given, model, detail["loc"], where_key),
            )
            if wanted
            else msg("{detail}; change the value", detail=detail["msg"])
        )
    return Problem(code, message, path=path, value=given)


def _what_to_write(
    kind: str, given: Any, model: type[BaseModel], loc: tuple[int | str, ...], key: str | int
) -> str:
    """What to write where a list or a mapping was expected and one plain value was given:
    ``evidence: justification`` is the list ``[justification]``; ``na: true`` is the mapping of
    ``na``'s own keys, ``na: {}`` when none is required. Otherwise: change the value."""
    expected = [member for tp in _types_at(model, loc) for member in _members(tp)]
    if kind == "list_type" and isinstance(given, str | int | Decimal) and "\n" not in str(given):
        items = [m for tp in expected if get_origin(tp) is list for m in _members(get_args(tp)[0])]
        if items and not any(isinstance(m, type) and issubclass(m, BaseModel) for m in items):
            return msg("write it as a list: [{given}]", given=str(given).strip())
    if kind in {"model_type", "dict_type"} and isinstance(given, str | int | bool | Decimal):
        fields = [
            (f.alias or name, f.is_required())
            for member in expected
            if isinstance(member, type) and issubclass(member, BaseModel)
            for name, f in member.model_fields.items()
        ]
        if fields and isinstance(key, str):
            keys = ", ".join(dict.fromkeys(name for name, _ in fields))
            if not any(required for _, required in fields):
                return msg(
                    "write a mapping of its keys ({keys}), or '{key}: {{}}' for none of them",
                    keys=keys,
                    key=key,
                )
            return msg("write a mapping of its keys: {keys}", keys=keys)
    return msg("change the value")


def _named_id(data: Any, text: str) -> str | None:
    """The id of the criterion, fact, gate or tier that ``text`` names by its title or label
    (in any language) or by its id spelt loosely (``OP 1`` for ``op1``), when one alone does: a
    reference written as people read it."""

    def loose(value: str) -> str:
        return "".join(c for c in value.casefold() if c.isalnum())

    wanted = loose(text)
    found: set[str] = set()

    def visit(items: Any) -> None:
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            texts = [item["id"]]
            for key in ("title", "label"):
                value = item.get(key)
                texts += value.values() if isinstance(value, dict) else [value]
            if wanted and any(isinstance(t, str) and loose(t) == wanted for t in texts):
                found.add(item["id"])
            visit(item.get("children"))

    if isinstance(data, dict):
        for section in ("criteria", "facts", "gates", "tiers"):
            visit(data.get(section))
    return found.pop() if len(found) == 1 else None


def _expected_from_type(kind: str) -> str | None:
    for prefix, name in _TYPE_NAMES.items():
        if kind.startswith(prefix):
            return msg(name)
    return None


#: the most characters of a value a message quotes (a message stays a line, whatever is given)
_QUOTED = 80
#: whole numbers from this on are described by their size, not written out (writing out one of
#: over 4,300 digits raises ValueError; a Decimal such as -1e-999999999 in full is a gigabyte)
_LONG_WHOLE = 10**_QUOTED


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return msg("a list")
    if value is None:
        return msg("nothing (empty value)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not -_LONG_WHOLE < value < _LONG_WHOLE:
        return msg(
            "a whole number of about {digits:,} digits",
            digits=int(value.bit_length() * 0.30103) + 1,
        )
    if isinstance(value, Decimal):
        shown = format(value, "f") if value.is_finite() and decimal_fits(value) else str(value)
        if len(shown) > _QUOTED and len(str(value)) <= _QUOTED:
            shown = str(value)  # 1E-100 as written, not a hundred zeros cut short
    else:
        shown = repr(value)
    if len(shown) <= _QUOTED:
        return shown
    return msg("{start}… ({length:,} characters)", start=shown[: _QUOTED - 1], length=len(shown))


# --- which keys are allowed at a location -----------------------------------------------------


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str] | None:
    """The key names the model accepts at ``loc`` (pydantic's loc, union tags included)."""
    candidates: list[Any] = [model]
    for item in loc:
        candidates = [nxt for tp in candidates for nxt in _step(tp, item)]
        if not candidates:
            return None
    names: set[str] = set()
    for tp in candidates:
        for member in _members(tp):
            if isinstance(member, type) and issubclass(member, BaseModel):
                names.update(f.alias or name for name, f in member.model_fields.items())
    return names or None


def _members(tp: Any) -> Iterator[Any]:
    """The concrete types inside Annotated / Optional / Union wrappers."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        yield from _members(get_args(tp)[0])
    elif origin is typing.Union or origin is types.UnionType:
        for arg in get_args(tp):
            yield from _members(arg)
    elif tp is not type(None):
        yield tp


def _tags(tp: Any) -> set[str]:
    """Tags that select ``tp`` in a union: a Tag() marker or the literal of its ``kind``."""
    found: set[str] = set()
    if get_origin(tp) is typing.Annotated:
        for meta in get_args(tp)[1:]:
            tag = getattr(meta, "tag", None)
            if isinstance(tag, str):
                found.add(tag)
        tp = get_args(tp)[0]
    if isinstance(tp, type) and issubclass(tp, BaseModel) and "kind" in tp.model_fields:
        annotation = tp.model_fields["kind"].annotation
        if get_origin(annotation) is Literal:
            found.update(str(a) for a in get_args(annotation))
    return found


def _flat_union(tp: Any) -> list[Any]:
    """Union members, keeping each member's own Annotated wrapper (where Tags live)."""
    origin = get_origin(tp)
    if origin is typing.Annotated and get_origin(get_args(tp)[0]) in (
        typing.Union,
        types.UnionType,
    ):
        return _flat_union(get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in get_args(tp) for m in _flat_union(arg)]
    return [tp]


def _step(tp: Any, item: int | str) -> list[Any]:
    out: list[Any] = []
    members = _flat_union(tp)
    if len(members) > 1 and isinstance(item, str):
        tagged = [m for m in members if item in _tags(m)]
        if tagged:
            return tagged
    for member in _members(tp):
        origin = get_origin(member)
        if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(item, str):
            for name, field in member.model_fields.items():
                if item in (name, field.alias):
                    out.append(field.annotation)
        elif origin in (list, tuple) and isinstance(item, int):
            out.append(get_args(member)[0])
        elif origin is dict and isinstance(item, str):
            out.append(get_args(member)[1])
    return out
