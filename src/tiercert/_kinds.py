"""What every kind of rule, aggregate and condition provides: the specs its registration meets.

A kind lives in one module (``tiercert/rules/bands.py``, ``tiercert/aggregates/weighted.py``,
``tiercert/conditions/fact.py``) that holds everything about it, and ends in one registration
object built from a class here.  The package's ``__init__`` lists the modules in a registry
(:data:`tiercert.rules.RULES`...), and everything else is derived from the registries: the
models' discriminated unions (:mod:`tiercert.model`), the light schema, the JSON Schema, the
compiled evaluator's allow-list, the docs' list of kinds.  Nothing outside a kind's module
branches on its name.

Like pluggy's hook specs, a registration says what the kind must provide, and a missing or
inconsistent piece is an error when the registry is built, at import (:func:`registry`), not
a silent default later.  The few optional pieces have documented defaults (an answer needs
only the criterion's evidence, a rule shares answers without further checks...).

Kind modules import only the foundations at run time (this module, ``_numbers``,
``_literals``, ``errors``, ``_paths``): ``tiercert check`` imports them for maxima and checks
and must start fast.  Their fields are plain annotated classes: the pydantic models subclass
them (:mod:`tiercert.model` resolves the annotations' names, such as ``Number``, there), and
so do the plain objects of a light check; code tests parts against them with ``isinstance``.
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar, get_args

from . import _shapes

if TYPE_CHECKING:
    from ._compile import CondPlan, GroupPlan, LeafPlan, Plan
    from ._evidence import EvidenceRules
    from ._fast.codegen import Generator
    from ._parts import Fact, GroupFields, Node
    from ._reference import Scoring
    from .errors import Path, Problem
    from .model import Condition
    from .result import Failure

#: What an answer's value is, once read: the closed set every reader of answers dispatches on.
#:
#: - ``flag``: True or False (``boolean``): conditions compare true/false, sheets offer yes/no;
#: - ``choice``: one of a few texts (``levels``): conditions compare the text;
#: - ``number``: an exact number (``bands``, ``linear``, ``count``...);
#: - ``computed``: no answer at all, the rubric computes the score (``condition``): the value
#:   is whether its condition held.
AnswerType = Literal["flag", "choice", "number", "computed"]
ANSWER_TYPES: tuple[AnswerType, ...] = get_args(AnswerType)

#: The types a fact may have (``type:`` of a fact).
FactType = Literal["boolean", "number", "integer", "text", "choice"]
#: The id conditions use for the rubric's top level (``each_child_of: "@criteria"``).
ROOT_ID = "@criteria"
#: A value an answer is read into (``"na"`` for not applicable).
Value = bool | Fraction | str
#: How an id or answer is shown by explain: as is in text, as ``code`` in Markdown.
Style = Callable[[str], str]
#: A score in the compiled evaluator: an integer in units of ``1/S``, or a Fraction of them.
Scaled = int | Fraction

R = TypeVar("R")
P = TypeVar("P")
C = TypeVar("C")


class NumberRange(NamedTuple):
    """The numbers an answer may be: from ``low`` to ``high`` (None: open), whole or not."""

    low: Fraction | None = None
    high: Fraction | None = None
    whole: bool = False


class RuleFields(_shapes.Spec):
    """Base of every rule kind's fields: the ``kind`` tag that names the rule."""

    __slots__ = ()
    kind: str


class TotalSpan(NamedTuple):
    """The rubric's total as a gate's check sees it: its maximum without bonus points (the
    base of its percentage) and the most it can reach with them; None when not known (a
    criterion's maximum is not)."""

    base: Fraction | None
    top: Fraction | None
    #: the maximum without bonus while every future criterion waits (it shrinks by theirs):
    #: the least base of its percentage; None: ``base``
    least: Fraction | None = None


class CheckContext(NamedTuple):
    """What a kind's checks may look up besides its own part: the rubric's criteria and facts
    by id, the ids of the top-level criteria, the checks of a condition (at a path), and the
    total's span where the total is known when the condition is decided (a gate's; None in a
    condition rule's ``when``, decided while the total is added up), and the criteria that
    wait to count where that matters."""

    nodes: Mapping[str, Node]
    facts: Mapping[str, Fact]
    top: Sequence[str]
    condition: Callable[[Condition, Path], Iterator[Problem]]
    total: TotalSpan | None = None
    #: where the check asks what a condition reads while future criteria wait to count (the
    #: life cycle's warnings): those criteria, which ``each_child_of`` does not compare yet
    waiting: frozenset[str] = frozenset()
    #: the future criteria that may wait to count in this version (those from a later version
    #: or a date, and what lies under them), each with its ``counts_from``: a comparison no
    #: unit can pass once one counts holds while it waits
    may_wait: Mapping[str, str] = {}


# Plain classes, not dataclasses: ``tiercert check`` imports every kind, and a dataclass costs
# a millisecond to create (its methods are generated), a plain class a few microseconds.


# --- rules ------------------------------------------------------------------------------------


class Emitter(Generic[P]):
    """How the compiled evaluator scores a number answer of one rule kind in generated code.

    The generator (:class:`tiercert._fast.codegen.Generator`) reads the answer into a variable, a
    number (int or Fraction) or None; ``refused(gen, params, var)`` is a Python expression that
    is true when the rule does not take that number (the reference then reads the answer and
    says why), and ``emit(gen, leaf, var, score, depth)`` writes the lines that set the variable
    ``score`` to the leaf's score, scaled, capped and rounded (see ``Generator``'s methods for
    kinds).  ``constants(params)`` are the rule's numbers that enter scores: the scale is chosen
    so that they are whole.  ``facts(params, maximum)`` optionally gives a function from a
    number answer to (capped, detail) as the reference's result says them, for results built
    after the fact; by default ``score`` tells.  ``compares``: the code written only compares
    the answer with constants given by ``gen.natural`` (and calls ``gen.exact`` on it before
    any arithmetic), so the answer may be held as a float where comparing it is exact.
    ``whole``: the answer is a whole number (a count), so text written like ``12.000`` goes
    to the reference, which refuses it as ambiguous whatever it reads as
    (:func:`~tiercert._literals.whole_problem`).  ``fine``: the answer enters the score as
    it is (a direct score), so the rubric's scale is made fine enough
    (:data:`~tiercert._fast.codegen.FINE_PLACES`) that a decimal answer of up to that many
    places, and nearly every float, is a whole number of its units: every sum above it
    then stays an ``int`` (an answer finer still is a ``Fraction``, exact as before).
    """

    __slots__ = ("compares", "constants", "emit", "facts", "fine", "refused", "whole")

    def __init__(
        self,
        *,
        constants: Callable[[P], Iterable[Fraction]],
        refused: Callable[[Generator, P, str], str],
        emit: Callable[[Generator, LeafPlan, str, str, int], None],
        facts: Callable[[P, Fraction], Callable[[Scaled], tuple[bool, str | None]]] | None = None,
        compares: bool = False,
        whole: bool = False,
        fine: bool = False,
    ) -> None:
        self.compares = compares
        self.whole = whole
        self.fine = fine
        self.constants = constants
        self.refused = refused
        self.emit = emit
        self.facts = facts


class RuleKind(Generic[R, P]):
    """Everything about one rule kind: how a leaf turns its answer into points.

    ``R`` is the kind's fields class (what a rubric writes), ``P`` its compiled parameters
    (what evaluation reads, with exact Fractions).  The pieces, by the layer that uses them:

    the format
        ``name`` (the ``kind`` tag), ``fields`` and the nested ``parts`` classes the model
        derives too (a ``levels`` rule's ``Level``), ``answer`` (:data:`AnswerType`),
        ``summary`` (one line for the docs and the JSON Schema), ``help`` (a text per field
        for editors: ``"points"`` for the rule's own, ``"Level.points"`` for a part's) and
        ``example`` (a rule editors offer ready-made).
    checking
        ``best(rule, declared)``: the most points the rule can give, or None when only the
        criterion's ``max`` (``declared``) can tell; ``max_missing``: what to say when neither
        can (empty when ``best`` always tells); ``check(rule, path, context)``: the rule's own
        problems, with ``codes`` listing every code it may yield (each about the rule at its
        path; a code about another part needs a rule in ``_partial``); ``shared(rule, source,
        source_id, path)`` (optional): what is wrong with reading the answer of the leaf
        ``source_id``, whose rule is ``source`` (``answer_from``), beyond being the same kind.
    evaluating
        ``compile(rule, maximum, evidence)``: the parameters (``maximum`` is the criterion's,
        ``evidence`` what its answers need); ``read(params, value)``: the checked value of an
        answer, or a message saying what is wrong (None for ``computed`` kinds, which have no
        answer); ``score(params, value)``: (points before the criterion's cap and rounding,
        detail for the result); ``values(params)``: every value an answer can have when they
        are few (flags, choices; for ``computed`` whether the condition held), else None;
        ``needs(params, value, evidence)`` (optional): the evidence an answer with this value
        needs (default: the criterion's); ``judged_by(params, value)`` (optional): the
        evidence rules that answer's evidence is judged by, or None for the criterion's (a
        level's own ``evidence_rules``); ``condition(rule)``: the condition a ``computed``
        rule reads; ``emitter``: how generated code scores a ``number`` answer (None: the
        reference reads and scores each answer of the kind, the rest stays compiled).
    outputs
        ``describe(rule, maximum, lang, code)``: the rule in one line for ``explain``;
        ``hint(rule, maximum_text)``: what an answer may be, for templates;
        ``answer_range(rule, maximum)`` (optional): the numbers a sheet may accept;
        ``compared_range(rule, maximum)`` (optional): the numbers a condition comparing the
        answer reads, where they are not the answers typed (a ``ratio``'s share 0 to 1, read
        from ``n/d``; None: ``answer_range``), by which ``check`` judges such a comparison;
        ``choices(rule)``: the answers a sheet lists (required for choices; flags list true
        and false); ``evidence(rule)`` (optional): evidence some answers need besides the
        criterion's (a level's own); ``own_language(rule, params, language)`` (optional): the
        parameters of a rubric whose own words are in ``language`` (a refused level's message
        lists the labels the sheet is typed with, the reader's translation beside them).

    Every piece is a keyword argument: one left out is a TypeError at import (and an error of
    the type checker), and the pieces are checked to fit together (:meth:`_problems`).
    """

    __slots__ = (
        "answer",
        "answer_range",
        "best",
        "check",
        "choices",
        "codes",
        "compared_range",
        "compile",
        "condition",
        "describe",
        "emitter",
        "evidence",
        "example",
        "fields",
        "help",
        "hint",
        "judged_by",
        "max_missing",
        "name",
        "needs",
        "own_language",
        "parts",
        "read",
        "score",
        "shared",
        "summary",
        "values",
    )

    def __reduce__(self) -> tuple[Callable[[str], RuleKind[Any, Any]], tuple[str]]:
        """Pickled by reference, as its registered name (its pieces are functions and
        lambdas of its module, which pickle cannot write): a pickled rubric reads back with
        the very same kind."""
        from tiercert.rules import RULES

        if RULES.get(self.name) is not self:
            raise pickle.PicklingError(f"the rule kind {self.name!r} is not registered")
        return registered_rule, (self.name,)

    def __init__(
        self,
        *,
        name: str,
        fields: type[R],
        answer: AnswerType,
        summary: str,
        help: Mapping[str, str],
        example: Mapping[str, Any],
        best: Callable[[R, Fraction | None], Fraction | None],
        check: Callable[[R, Path, CheckContext], Iterator[Problem]],
        codes: frozenset[str],
        compile: Callable[[R, Fraction, tuple[str, ...]], P],
        read: Callable[[P, object], tuple[Value | None, str | None]] | None,
        score: Callable[[P, Value], tuple[Fraction, str | None]],
        values: Callable[[P], tuple[Value, ...] | None],
        describe: Callable[[R, Fraction | None, str, Style], str],
        hint: Callable[[R, str], str],
        emitter: Emitter[P] | None,
        max_missing: str = "",
        parts: tuple[type, ...] = (),
        condition: Callable[[R], Condition] | None = None,
        needs: Callable[[P, Value, tuple[str, ...]], tuple[str, ...]] | None = None,
        judged_by: Callable[[P, Value], EvidenceRules | None] | None = None,
        shared: Callable[[R, R, str, Path], Iterator[Problem]] | None = None,
        answer_range: Callable[[R, Fraction | None], NumberRange | None] | None = None,
        compared_range: Callable[[R, Fraction | None], NumberRange | None] | None = None,
        choices: Callable[[R], tuple[str, ...]] | None = None,
        evidence: Callable[[R], tuple[str, ...]] | None = None,
        own_language: Callable[[R, P, str], P] | None = None,
    ) -> None:
        self.name = name
        self.fields = fields
        self.answer = answer
        self.summary = summary
        self.help = help
        self.example = example
        self.best = best
        self.check = check
        self.codes = codes
        self.compile = compile
        self.read = read
        self.score = score
        self.values = values
        self.describe = describe
        self.hint = hint
        self.emitter = emitter
        self.max_missing = max_missing
        self.parts = parts
        self.condition = condition
        self.needs = needs
        self.judged_by = judged_by
        self.shared = shared
        self.answer_range = answer_range
        self.compared_range = compared_range or answer_range
        self.choices = choices
        self.evidence = evidence
        self.own_language = own_language
        problems = self._problems()
        if problems:
            raise TypeError(f"rule kind {name!r}: " + "; ".join(problems))

    def __repr__(self) -> str:
        return f"<rule kind {self.name}>"

    def _problems(self) -> list[str]:
        """What does not fit together in this registration."""
        problems = []
        if self.answer not in ANSWER_TYPES:
            problems.append(f"answer must be one of {ANSWER_TYPES}, not {self.answer!r}")
        if not issubclass(self.fields, RuleFields):
            problems.append("its fields class must subclass _kinds.RuleFields")
        elif _tag(self.fields) != f'Literal["{self.name}"]':
            problems.append(f'its fields class must declare kind: Literal["{self.name}"]')
        computed = self.answer == "computed"
        if computed != (self.condition is not None):
            problems.append("a computed kind (and only one) gives the condition it reads")
        if computed != (self.read is None):
            problems.append("every kind but a computed one reads answers (read)")
        if (self.answer == "choice") != (self.choices is not None):
            problems.append("a choice kind (and only one) lists its choices")
        if self.emitter is not None and self.answer != "number":
            problems.append("only number answers have an emitter; others are scored by table")
        if not self.summary or not self.example:
            problems.append("summary and example are what editors and the docs show")
        if self.example.get("kind") != self.name:
            problems.append("its example is a rule of this kind")
        return problems

    @property
    def computed(self) -> bool:
        """Whether the rubric computes the score: such a leaf takes no answer."""
        return self.answer == "computed"

    def answers_needs(self, params: P, value: Value, evidence: tuple[str, ...]) -> tuple[str, ...]:
        """The evidence an answer with ``value`` needs (the criterion's, unless the kind says)."""
        return evidence if self.needs is None else self.needs(params, value, evidence)

    def answers_rules(self, params: P, value: Value, rules: EvidenceRules) -> EvidenceRules:
        """The evidence rules an answer with ``value`` is judged by: the criterion's ``rules``,
        unless the kind says (a level's own)."""
        own = self.judged_by(params, value) if self.judged_by is not None else None
        return rules if own is None else own

    def sheet_choices(self, rule: R) -> tuple[str, ...]:
        """The answers a sheet lists for this rule (true and false for flags)."""
        if self.choices is not None:
            return self.choices(rule)
        return ("true", "false") if self.answer == "flag" else ()


def _tag(fields: type) -> str:
    """The ``kind`` annotation a fields class declares, as written (quotes made double)."""
    written = inspect.get_annotations(fields).get("kind", "")
    return str(written).replace("'", '"').replace(" ", "")


# --- aggregates -------------------------------------------------------------------------------

#: A base child of a group as aggregates see it: (score, maximum, weight); the scores and
#: maxima in exact points or in the compiled evaluator's scaled units.
Entry = tuple[Any, Any, Fraction]


class AggregateKind:
    """Everything about one way a group combines its children's scores (``aggregate:``).

    ``name`` is the tag; ``summary`` how ``explain`` says it; ``help`` what the JSON Schema
    says.  ``normalised``: the group's maximum is its own ``max`` (then required), not what its
    children reach; ``weights``: the children carry weights; ``bonus``: bonus children may add
    to it, on top of its value; ``penalties``: penalty children may take points from it (only a
    sum of points, after its cap).  ``check(group, children, path)`` yields the aggregate's own
    problems, with ``codes`` listing them.  ``combine(group, base)`` is the raw score before the
    group's caps, from the base children that count (not excluded, as :data:`Entry`), in
    whatever units the caller uses.  ``plain(gen, group, base, depth)`` (optional) writes code
    that turns ``x``, the sum of the base children's scores when none is excluded and no ``top``
    applies, into that raw score times a positive integer divisor, and returns what the
    children's maxima must not exceed for the group's cap never to bite, and that divisor (1:
    ``x`` is the raw score; else the group's code divides, exactly); without it, generated code
    calls ``combine`` through the reference.  ``counts(group, base)`` is the base children
    ``combine`` counts (their indices in ``base``), in the order they count: a cap takes its
    points off the last first; ``ladder``: it may count only some of its children without
    ``top`` (results then say which counted: :attr:`~tiercert.NodeResult.counted_points`).
    """

    __slots__ = (
        "bonus",
        "check",
        "codes",
        "combine",
        "counts",
        "help",
        "ladder",
        "name",
        "normalised",
        "penalties",
        "plain",
        "summary",
        "weights",
    )

    def __reduce__(self) -> tuple[Callable[[str], AggregateKind], tuple[str]]:
        """Pickled by reference, as its registered name (see :meth:`RuleKind.__reduce__`): the
        compiled evaluator writes code only for the registered aggregates themselves, so a
        copy would leave a pickled rubric to the reference for good."""
        from tiercert.aggregates import AGGREGATES

        if AGGREGATES.get(self.name) is not self:
            raise pickle.PicklingError(f"the aggregate {self.name!r} is not registered")
        return registered_aggregate, (self.name,)

    def __init__(
        self,
        *,
        name: str,
        summary: str,
        help: str,
        combine: Callable[[GroupPlan, list[Entry]], Any],
        check: Callable[[GroupFields, Sequence[Node], Path], Iterator[Problem]],
        codes: frozenset[str],
        normalised: bool,
        weights: bool,
        bonus: bool,
        penalties: bool,
        plain: Callable[[Generator, GroupPlan, list[Any], int], tuple[Fraction, int]] | None,
        counts: Callable[[GroupPlan, list[Entry]], list[int]],
        ladder: bool = False,
    ) -> None:
        self.name = name
        self.summary = summary
        self.help = help
        self.combine = combine
        self.check = check
        self.codes = codes
        self.normalised = normalised
        self.weights = weights
        self.bonus = bonus
        self.penalties = penalties
        self.plain = plain
        self.counts = counts
        self.ladder = ladder

    def __repr__(self) -> str:
        return f"<aggregate {self.name}>"


# --- conditions -------------------------------------------------------------------------------


class ConditionFields(_shapes.Spec):
    """Base of every condition kind's fields."""

    __slots__ = ()


class ConditionKind(Generic[C]):
    """Everything about one kind of condition (a gate's ``require``, a condition rule's
    ``when``): a comparison with a fact, an answer or a score, or ``all``/``any``/``not`` of
    conditions.

    The format: ``key``, the key that names the kind in a mapping (``{fact: ..., equals:
    ...}``), looked for in the registry's order; ``fields``; ``compares``: it compares a
    value named by its key with operators (a fact, a criterion), not other conditions;
    ``summary`` and ``help`` (per field) for editors.  Checking: ``check(cond, path,
    context)`` yields its problems (``codes`` lists them; ``context.condition`` checks a
    nested condition); ``reads(cond, context, inner)`` (optional) the ids of the criteria whose
    scores it reads, for cycles (``inner`` reads a nested condition's); ``never(cond,
    context, inner)`` (optional) whether it can never hold.  Evaluating: ``compile(cond,
    inner)`` is its plan (``inner`` compiles a nested condition); on the plan,
    ``evaluate(run, plan, inner)`` is (holds, failures) as the reference finds them (``run``
    the reference's :class:`~tiercert._reference.Scoring`), ``emit(gen, plan, inner)`` a
    Python expression for generated code, ``targets(plan, rubric, inner)`` (optional) the
    criteria whose scores it reads, in the reference's order, ``answers(plan, rubric)``
    (optional) the answered leaves whose values it reads, and ``words(plan, inner)`` the plan
    in words (how a ``not`` says what held).  Outputs: ``describe(cond, code, inner)`` for
    ``explain``.
    """

    __slots__ = (
        "answers",
        "check",
        "codes",
        "compares",
        "compile",
        "describe",
        "emit",
        "evaluate",
        "fields",
        "help",
        "key",
        "never",
        "reads",
        "summary",
        "targets",
        "words",
    )

    def __reduce__(self) -> tuple[Callable[[str], ConditionKind[Any]], tuple[str]]:
        """Pickled by reference, as its registered key (see :meth:`RuleKind.__reduce__`)."""
        from tiercert.conditions import CONDITIONS

        if CONDITIONS.get(self.key) is not self:
            raise pickle.PicklingError(f"the condition kind {self.key!r} is not registered")
        return registered_condition, (self.key,)

    def __init__(
        self,
        *,
        key: str,
        fields: type[C],
        compares: bool,
        summary: str,
        help: Mapping[str, str],
        check: Callable[[C, Path, CheckContext], Iterator[Problem]],
        codes: frozenset[str],
        compile: Callable[[C, Callable[[Condition], CondPlan]], CondPlan],
        evaluate: Callable[
            [Scoring, Any, Callable[[CondPlan], tuple[bool, list[Failure]]]],
            tuple[bool, list[Failure]],
        ],
        emit: Callable[[Generator, Any, Callable[[CondPlan], str]], str],
        words: Callable[[Any, Callable[[CondPlan], str]], str],
        describe: Callable[[C, Style, Callable[[Condition, Style], str]], str],
        reads: Callable[[C, CheckContext, Callable[[Condition], set[str]]], set[str]] | None = None,
        never: Callable[[C, CheckContext, Callable[[Condition], bool]], bool] | None = None,
        targets: Callable[[Any, Plan, Callable[[CondPlan], list[str]]], list[str]] | None = None,
        answers: Callable[[Any, Plan], list[str]] | None = None,
    ) -> None:
        self.key = key
        self.fields = fields
        self.compares = compares
        self.summary = summary
        self.help = help
        self.check = check
        self.codes = codes
        self.compile = compile
        self.evaluate = evaluate
        self.emit = emit
        self.words = words
        self.describe = describe
        self.reads = reads
        self.never = never
        self.targets = targets
        self.answers = answers
        if not issubclass(fields, ConditionFields):
            raise TypeError(f"condition kind {key!r}: its fields must subclass ConditionFields")

    def __repr__(self) -> str:
        return f"<condition kind {self.key}>"


# --- registries -------------------------------------------------------------------------------

K = TypeVar("K")


def registry(package: str, modules: Iterable[str], spec: type[K], name: str) -> dict[str, K]:
    """The kinds of ``package`` by name: each module named in ``modules`` (in the order messages
    and editors list them) provides its registration as ``KIND``, an instance of ``spec``.  A
    module without one, or two kinds of one name, is an error at import."""
    found: dict[str, K] = {}
    for module in modules:
        kind = getattr(import_module(f"{package}.{module}"), "KIND", None)
        if not isinstance(kind, spec):
            raise TypeError(f"{package}.{module} must define KIND, a {spec.__name__}")
        key = getattr(kind, name)
        if key in found:
            raise TypeError(f"two kinds in {package} are named {key!r}")
        found[key] = kind
    return found


def registered_rule(name: str) -> RuleKind[Any, Any]:
    """The registered rule kind ``name`` (what a pickled kind reads back as)."""
    from tiercert.rules import RULES

    return RULES[name]


def registered_aggregate(name: str) -> AggregateKind:
    """The registered aggregate ``name`` (what a pickled aggregate reads back as)."""
    from tiercert.aggregates import AGGREGATES

    return AGGREGATES[name]


def registered_condition(key: str) -> ConditionKind[Any]:
    """The registered condition kind ``key`` (what a pickled kind reads back as)."""
    from tiercert.conditions import CONDITIONS

    return CONDITIONS[key]


__all__ = [
    "ANSWER_TYPES",
    "ROOT_ID",
    "AggregateKind",
    "AnswerType",
    "CheckContext",
    "ConditionFields",
    "ConditionKind",
    "Emitter",
    "Entry",
    "FactType",
    "NumberRange",
    "RuleFields",
    "RuleKind",
    "Scaled",
    "Style",
    "TotalSpan",
    "Value",
    "registry",
]
