"""Fast evaluation: each rubric's plan becomes Python source once, compiled, then just called.

The reference evaluator (:mod:`tiercert._reference`) walks the plan for every assessment; here the
walk happens once, at build time, and what is left is straight-line code per rubric: one dict
lookup and a comparison or two per criterion, with the answer checks generated into it.

**Numbers.**  Every score is held as an integer in units of ``1/S`` with ``S = 10**(k+4)``,
``k`` the most decimal places any number of the rubric has (``2.5`` points and ``0.25``
weights: k = 2), four more so that answers with a decimal or two more than the rubric's
numbers (a direct score of 7.25, a linear share of 79.5 %) stay integers.  Sums, caps,
bands, counts, deductions, tier minimums and gate thresholds are then plain integer
operations, exact by construction.  Where the rules divide (linear rules, ``scaled`` and
``weighted`` groups, N/A rescaling, rounding to fewer places) the value becomes an exact
:class:`~fractions.Fraction` of those units when it is not whole in them; Python mixes the
two types exactly, so nothing else changes.  Percentages are compared by cross-multiplying,
never by dividing.

**Same answers as the reference, by construction.**  The generated code handles the plain,
common inputs itself (``True``/``False``, an exact level id, a number in range, an absent answer
when missing answers score zero).  Anything else about one answer (a mapping with evidence,
``"na"``, text to parse, an answer of a kind without an emitter) is handed to the reference's
own functions for that one criterion, and unusual aggregates to the reference's own
``finish_group``.  On any doubt about the whole input (an unknown or extra key, a value the
reference would refuse, ``None``) the code raises :class:`Fallback` and the caller runs the
reference evaluator, which then reports exactly the problems it always reports.  Gate failures
are explained by the reference over the values computed here.  This package uses only the
reference's documented seam (``read_leaf``, ``read_direct``, ``score_answer``,
``finish_leaf``, ``finish_group``, ``explain_failures``, ``parse_fact``, ``percentage_of``,
and ``tell_counted``'s own step ``_fill``: see :mod:`tiercert._reference`),
never its classes' insides.  The property tests in
``tests/engine/test_fast_equivalence.py`` compare both engines on generated rubrics and answers.

**Where things are.**  :mod:`~tiercert._fast.numbers` (scaled numbers, the number shortcuts),
:mod:`~tiercert._fast.codegen` (the generator; each kind writes its own piece through it),
:mod:`~tiercert._fast.evaluator` (compiling on first use, building results),
:mod:`~tiercert._fast.counted` (what counted of children's points, in a usual result),
:mod:`~tiercert._fast.rows` (row scorers for batches).

**Two scorers per rubric** (each as a verdict and a full variant): an entry scorer for the
usual input, every criterion answered and no group scored directly, which reads
``answers[key]`` and carries none of the direct-score bookkeeping, and a general scorer that it
hands everything else to (a ``KeyError``, a count that does not add up, any doubt).

**Safety of the generated code.**  No text from a rubric or an assessment ever becomes code.
The source is assembled from fixed templates; variable names are built from positions
(``s12``, ``f3``), never from ids; integers are written with ``repr`` of values checked to be
``int``, and a rule's constants compared as floats with ``repr`` of the finite ``float`` made
from them (``float(Fraction)``: digits, a point, an exponent); ids appear only as ``repr`` of
strings re-checked here against the id pattern (letters,
digits, ``_ . -``), and every other value (level names, fact options, expected strings,
Fractions, result records) is passed in the namespace under a generated name.  The
plan itself comes from a rubric validated by the pydantic models and checked by
:mod:`tiercert.checks`.  ``exec`` runs with that namespace and no builtins but ``len``,
``int``, ``str``, ``TypeError`` and ``KeyError``.  Anything the generator does not know (a kind
that is not registered, a new plan field) raises :class:`Unsupported`, and the rubric is
evaluated by the reference only.
"""

from __future__ import annotations

from tiercert._fast.evaluator import FastEvaluator, build
from tiercert._fast.numbers import Fallback, Unsupported
from tiercert._fast.rows import RowLayout, RowScorer

__all__ = ["Fallback", "FastEvaluator", "RowLayout", "RowScorer", "Unsupported", "build"]
