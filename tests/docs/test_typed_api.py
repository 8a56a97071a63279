"""The public API is small, typed and documented (a portal's pass, seventeenth round): every
name of ``tiercert.__all__`` has a docstring of its own and appears in an example of
docs/api.md that the docs tests run, and no public function or method hands ``Any`` back to
a caller checked by ``mypy --strict`` (a value typed ``Any`` turns the caller's checking off
for everything computed from it)."""

from __future__ import annotations

import inspect
import re
import typing

import pytest
from test_docs import parse_blocks

import tiercert
from conftest import ROOT

#: public methods that still hand back ``Any``, each with why (docs/api.md says what they
#: hold): a rubric's own document, open-ended as the YAML it is written in
ANY_LEFT = {
    "Rubric.to_data": "the rubric as plain data: a document shaped like the YAML file",
    "Rubric.iter_nodes": "the node specs are the light parts or the pydantic models",
}


def _return_text(function: object) -> str:
    """The return annotation as written (the package annotates as text, PEP 563)."""
    return str(getattr(function, "__annotations__", {}).get("return", ""))


def _public_callables() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for name in tiercert.__all__:
        value = getattr(tiercert, name)
        if inspect.isclass(value):
            for member, attribute in vars(value).items():
                if member.startswith("_"):
                    continue
                if isinstance(attribute, property):
                    attribute = attribute.fget
                elif isinstance(attribute, classmethod | staticmethod):
                    attribute = attribute.__func__
                elif hasattr(attribute, "func"):  # functools.cached_property
                    attribute = attribute.func
                if callable(attribute):
                    found.append((f"{name}.{member}", attribute))
        elif callable(value):
            found.append((name, value))
    return found


def test_no_public_function_returns_any() -> None:
    leaking = sorted(
        name
        for name, function in _public_callables()
        if re.search(r"\bAny\b", _return_text(function)) and name not in ANY_LEFT
    )
    assert leaking == []


def test_the_main_calls_are_typed_all_the_way_down() -> None:
    """``Result.to_dict()`` and ``Summary.to_dict()`` are TypedDicts: ``data["nodes"][0]
    ["score"]`` is a ``str`` to mypy, not ``Any``."""
    from tiercert.result import NodeData, ResultData
    from tiercert.summary import SummaryData

    assert typing.get_type_hints(tiercert.Result.to_dict)["return"] is ResultData
    assert typing.get_type_hints(tiercert.Summary.to_dict)["return"] is SummaryData
    nodes = typing.get_type_hints(ResultData)["nodes"]
    assert typing.get_args(nodes) == (NodeData,)
    assert typing.get_type_hints(NodeData)["score"] is str
    # and what they describe is what they hold
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    data = rubric.evaluate({"g1": 18, "g2": 22, "g3": 18, "g4": 13, "g5": "17.5"}).to_dict()
    assert list(data) == list(typing.get_type_hints(ResultData))
    assert list(data["nodes"][0]) == list(typing.get_type_hints(NodeData))
    assert (data["total"], data["nodes"][-1]["score"]) == ("88.5", "17.5")


def _api_examples() -> str:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return "\n".join(b.text for b in parse_blocks(text) if b.lang == "python")


@pytest.mark.parametrize("name", tiercert.__all__)
def test_every_public_name_has_a_docstring_and_an_example(name: str) -> None:
    value = getattr(tiercert, name)
    if name != "__version__":
        own = vars(value).get("__doc__") if inspect.isclass(value) else value.__doc__
        assert own, f"give {name} a docstring"
        assert own.strip(), f"give {name} a docstring"
    assert re.search(rf"\b{re.escape(name)}\b", _api_examples()), (
        f"use {name} in an example of docs/api.md (the docs tests run them)"
    )
