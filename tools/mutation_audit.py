"""Which functions of the core changed since their mutation score was measured.

docs/testing.md records many mutation runs, each on the code of some commit. A score stands
only for the code it was measured on: this tool compares each measured function's syntax tree
at that commit (``git show COMMIT:path``) with the one in the work tree, and lists the
functions of the core's modules that no run measured. Comments and layout do not count (they
make no mutant); anything else that changes the tree does.

    python tools/mutation_audit.py             # a Markdown table, one row a function
    python tools/mutation_audit.py --changed   # only what is changed, new or gone

``MEASURED`` is taken from docs/testing.md (and docs/performance.md for ``_remember``): add a
line there each time a run is recorded. A later line for the same function replaces an earlier
one.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
SRC = "src/tiercert/"

# the modules whose mutation score is the core's (issue 19; docs/testing.md)
CORE: tuple[str, ...] = (
    "_numbers.py",
    "_maxima.py",
    "_reference.py",
    "_literals.py",
    "_compile.py",
    "_renamed.py",
    "aggregates/_rescale.py",
    "aggregates/scaled.py",
    "aggregates/sum.py",
    "aggregates/tiered.py",
    "aggregates/weighted.py",
    "rules/_answers.py",
    "rules/bands.py",
    "rules/boolean.py",
    "rules/condition.py",
    "rules/count.py",
    "rules/deduction.py",
    "rules/direct.py",
    "rules/levels.py",
    "rules/linear.py",
    "rules/ratio.py",
    "summary.py",
    "_counted_columns.py",
    "_fast/codegen.py",
    "_fast/rows.py",
    "_fast/evaluator.py",
    "_fast/counted.py",
    "_fast/numbers.py",
    "_fast/chunks.py",
)


@dataclass(frozen=True)
class Run:
    """Functions of one module measured on one commit; a name may end in ``*`` (a glob)."""

    module: str
    names: tuple[str, ...]
    commit: str
    section: str


def _run(module: str, names: str, commit: str, section: str) -> Run:
    return Run(module, tuple(names.split()), commit, section)


CORE_RUN = "The score of the core"
GEN = "The code generator"
ROWS = "The batch row scorer"
ROWS_AGAIN = "Measured again after the merges"
GEN_REST = "The rest of the code generator"
ROWS_REST = "The rest of the row scorer"
DEC = "Direct-score decimals"
RESULTS = "The compiled evaluator's results"
MERGED = "Measured on the merged code"
LEFT11 = "The stranger's leftovers, eleventh round"
SPEED = "docs/performance-history.md, The generator's changed code"
AUDIT = "Measured again on the sixth session's code"
CONDITIONS = "The code generator's conditions"
NUMBERS_NOW = "Numbers, measured on the fifth session's code"
ROWS_NOW = "The row scorer, measured on the fifth session's code"
PLUMBING = "The compiled evaluator's plumbing"
READERS = "Answer readers, sixth session"
SPEED_NOW = "The speed work's functions, sixth session"
LITERALS = "How text is read (`_literals.py`), sixth session"
FAST_NUMBERS = "The compiled code's numbers (`_fast/numbers.py`), sixth session"
FAST_NUMBERS_REST = "The rest of the module, seventh session (`_fast/numbers.py`)"
SCORING_REST = "The rest of the core's scoring, sixth session"
PLAN = "The plan both evaluators score from (`_compile.py`), sixth session"
SPEED_7 = "The speed work's functions, seventh session"
RULE_WORDS = "What the rules check and say, seventh session"
EVALUATOR_REST = "The compiled evaluator, the rest, seventh session"
PLAN_REST = "The plan, answer ranges and label helpers, seventh session"
TYPED = "Answers as people type them, compiled, seventh session"
LEFTOVERS = "The leftovers' readers and hints, seventh session"
LEAF_WHOLE = "The compiled leaf, measured whole on the final code, seventh session"
DESCRIBE_FINAL = "`levels._describe` on the final code, seventh session"
PLUMBING_LAST = "The compiled evaluator's plumbing, a last run, seventh session"
NODES8 = "The full results' reading, eighth round"
FINER = "The finer scorer of `linear` shares, eighth session"
TABLES = "Loops over tables for large rubrics (`_fast/tables.py`), eighth session"
PLUMBING_WHOLE = "The compiled evaluator's plumbing, measured whole, eighth session"
LEVELS_8 = "`rules/levels.py` after the leftovers, eighth session"
ROW_TALLY = "The row loop's summary tally, eighth session"
TYPED_EIGHTH = "Answers as people type them, compiled, eighth session"
HINTS_9 = "The leftovers' hints, ninth round"
DRIFT9 = "What drifted, ninth session"
PIN9 = "Loops' names pinned, ninth round"
NODES9 = "The full results, ninth round"
CODEGEN9 = "The code generator after the ninth round"
AFTER9 = "The evaluator, rows and rules after the ninth round"
LEVELS10 = "`rules/levels.py` and `_answers.py` after the ninth session's review, tenth round"
UNCLASSIFIED10 = "The survivors left not classified, tenth round"
PLAN10 = "`compile_rubric` and `RowGenerator.__init__` on the final code, tenth round"
STRANGERS10 = "Numbers as strangers type them, tenth round"
LEFT10 = "The new user's leftovers, tenth round"
SHARED10 = "Criteria of one rule sharing memos (`_fast/tables.py`), tenth round's evaluator"
COUNT11 = "`count._describe` after the eleventh round's review"
DECIMAL10 = "A Decimal read by its text (`_fast/numbers.py`), tenth round's evaluator"
BREAKDOWN10 = (
    "`FastEvaluator._helpers`' last survivors and the evaluator's breakdown,"
    " tenth round's evaluator"
)
CODEGEN10_NEW = "The code generator's new functions, tenth round"
CODEGEN10_PATHS = "The code generator's changed answer paths, tenth round"
SHARES11 = "The group shares' rounding (`_fast/numbers.py`), eleventh round"
CODEGEN11 = "The code generator's unmeasured functions, eleventh round"
DECIMAL11 = "The Decimal limits' helper and its callers (`_fast/numbers.py`), eleventh round"
SUMMARY11 = "The summary read from the rubric's plain parts (`summary.py`), eleventh round"
LEVELS11 = "`levels._read_text` after its yes/no hint, eleventh round"
PARSE11 = "`_literals.parse_number` with numpy's numbers, eleventh round"
SHARES12 = "The group shares and rescaled groups (`_fast/codegen.py`), eleventh round"
NEW_READER12 = "The row loop's reader of a new cell (`_fast/rows.py`), eleventh round"
TOTALS12 = "The row loop's total texts (`_fast/rows.py`), eleventh round"
READERS12 = "This round's readers of answers, eleventh round"
CODEGEN_TWELFTH = "The code generator's unmeasured functions, twelfth round"
PLAIN13 = "The aggregates' divisor and one-key mappings, twelfth round"
LEFT12 = "The stranger's leftovers, twelfth round"
MERGE12 = "`SummaryBuilder.merge` refusing counts that do not add up, twelfth round"
RULES13 = "The rules changed since measured, twelfth round"
EVALUATOR13 = "The compiled evaluator's `__init__` and `_helpers`, twelfth round"
LOOKED_UP13 = "A loop's rows without the reference's index (`_fast/tables.py`), twelfth round"
WORDING13 = "The row loop's wording of refused cells (`_fast/rows.py`), twelfth round"
CODEGEN_LAST12 = "The code generator's last unmeasured functions, twelfth round"
REVIEW13 = "A stranger's pass, thirteenth round"
MARKER13 = "The markers pickled by name (`_fast/numbers.py` `_Marker`), thirteenth round"
READERS13 = "The reference's readers of answers and facts (`_reference.py`), thirteenth round"
INIT13 = "The compiled evaluator's `__init__` measured whole, thirteenth round"
COMPARED13 = "The compiled leaf's comparisons as floats (`_fast/codegen.py`), thirteenth round"
ROWS13 = "The row scorer's unmeasured functions (`_fast/rows.py`), thirteenth round"
CODEGEN13 = "The code generator's other unmeasured functions, thirteenth round"
WORD13 = "`_literals.word_problem` with unaccented words, thirteenth round"
YESNO13 = "Yes and no read by their value, and the summary's count, thirteenth round"
FLOATREAD14 = "`read_number` reading a float from its repr's digits, fourteenth round"
FACTS13 = "`Generator._facts` with blank text facts, thirteenth round (in part)"
FULL13 = "The compiled evaluator's full scorers written on first use, thirteenth round"
TOKENS13 = "The large rubrics' tokens and literals (`_fast/tables.py`), thirteenth round"
WRITE13 = "The row scorer's `write` and the code generator's last functions, thirteenth round"
MAPPED14 = "`Generator._mapped_hit`'s last survivors, fourteenth round"
ROWINIT14 = "`RowGenerator.__init__` on main's code, fourteenth round"
READ14 = "`_reference.read_answers` after the thirteenth round's review, fourteenth round"
EVAL14 = (
    "The compiled evaluator's changed lines (`FastEvaluator._helpers`, `__init__`),"
    " fourteenth round"
)
LEAF14 = (
    "The code generator's `_leaf`, `_choices_with_evidence`, `write`, fourteenth round (in part)"
)
WORK14 = (
    "This round's speed and attack work's functions (`_fast/evaluator.py`, `_fast/rows.py`,"
    " `summary.py`, `_reference.py`, `rules/levels.py`), fourteenth round"
)
CHUNKS14 = "The large rubrics' parts (`_fast/chunks.py`, `_run`, `write`), fourteenth round"
CACHE15 = "The large rubrics' fetched loops (`_fast/tables.py`), fifteenth round"
FULLMAX15 = "The plan's full maximum and the readers' invisible characters, fifteenth round"
LEAFREST15 = (
    "The compiled leaf on its changed lines (`Generator._leaf_value`), the never-run rest,"
    " fifteenth round"
)
EVIDENCED15 = (
    "A level that needs evidence, compiled (`Generator._choices_with_evidence`), fifteenth round"
)
LOCKS15 = (
    "The evaluator's and tables' changed functions (first-use locks, fetched loops),"
    " fifteenth round"
)
BATCH15 = (
    "The batch work's changed functions (`summary.py`, `_reference.py`, `_fast/rows.py`),"
    " fifteenth round (in part)"
)
WRITE16 = "The code generator's `write`, measured, sixteenth round"
BATCH16 = (
    "The batch work's changed functions, the rest (`_reference.py`, `_fast/rows.py`),"
    " sixteenth round"
)
LEAD16 = (
    "The lead's and the unit ids' changed lines (`read_answers`, `write_loop`), sixteenth round"
)
ANSWERS17 = (
    "This round's answers and summaries (`_reference.py`, `rules/_answers.py`, `summary.py`),"
    " seventeenth round"
)
CELLS17 = "The row loop's cell readers (`_fast/rows.py`), seventeenth round"
NUMBERS17 = "The new total texts (`_fast/numbers.py`, `_fast/rows.py`), seventeenth round"
NUMBERS17_REST = (
    "The new total texts, the rest (`Numbers._gap`, `amount`, `text`), seventeenth round"
)
REST18 = "The row loop's readers and needed texts, the rest, eighteenth round"
ROWS18 = (
    "The row loop's cells in place, whole amounts and layouts (`_fast/rows.py`), eighteenth round"
)
FACTS18 = "A fact as a comparison's operand, compiled (`_fast/codegen.py`), eighteenth round"
SUMMARY18 = "The summary's typed data errors (`summary.py`), eighteenth round"
READER18 = (
    "The new cell reader's last mutants and the kept row scorers (`_fast/rows.py`,"
    " `_fast/evaluator.py`), eighteenth round"
)
SUMMARY19 = "Summaries merged and added (`summary.py`), nineteenth round"
NEWKEY19 = "A new key's amount and kept texts (`_fast/numbers.py`), nineteenth round"

STATIC19 = "The code generator's static operands and the head texts, nineteenth round"
READERS19 = "Exact numbers, N/A words and dates quoted as shown, nineteenth round"

LEVELS19 = "Levels listed with labels, and reserved labels (`rules/levels.py`), nineteenth round"

REFERENCE19 = (
    "A group scored directly outside a partial reading (`_reference.py`), nineteenth round"
)
SUMMARY20B = "Summaries' records and counts line (`summary.py`), twentieth round"

LEVELS20 = "Levels in the rubric's own language (`rules/levels.py`, `_compile.py`), twentieth round"

SUMMARY20A = "Summaries' bounds and rows that are no unit (`summary.py`), twentieth round"

COUNTED20 = "What counted: the plan, the aggregates and the compiled results, twentieth round"

COUNTED20_REFERENCE = "What counted, told by the reference (`_reference.py`), twentieth round"

JOINT20 = "Joint look-ups and the unit's name in the row loop (`_fast/rows.py`), twentieth round"

TERMS20 = "Numbers of bounded terms (`_literals.py`), twentieth round"

FIN20_REFERENCE = COUNTED20_REFERENCE

FIN20_SUMMARY = SUMMARY20A

RESCALE21 = "Rescaled groups' picks and the compiled evaluator's set-up, twenty-first round"

CUTS21 = "What a cap cut, planned (`_compile._cuts`), twenty-first round"

TOTALGATE21 = (
    "A gate on the total, told by the reference (`_reference.py`, `_compile.py`), "
    "twenty-first round"
)

EXACT21 = (
    "A linear rule's exact read in the row loop (`_fast/rows.py`), and a vulgar fraction's"
    " bound (`_literals.py`), twenty-first round"
)

RATING21 = (
    "Rating-only summaries and whole floats (`summary.py`, `_numbers.py`), twenty-first round"
)

COLUMNS21 = (
    "Counted points in the batch columns (`_counted_columns.py`, `_fast/rows.py`),"
    " twenty-first round"
)

ROWLOOP22 = (
    "The row loop's exact read and the evaluator's plumbing (`_fast/rows.py`,"
    " `_fast/evaluator.py`), twenty-second round"
)

COUNTED22 = (
    "What a group counted, for results and batch columns (`_reference.counted_of`,"
    " `_counted_columns.py`), twenty-second round"
)

GROUPCOUNTS22 = "Counted points told by the breakdown (`_fast/counted.py`), twenty-second round"


CODEGEN22 = (
    "The code generator's total and the evaluator's counted breakdown (`_fast/codegen.py`,"
    " `_fast/evaluator.py`), twenty-second round"
)

NOTES22 = (
    "The notes breakdown's counted points (`_fast/counted.py`, `_fast/evaluator.py`,"
    " `_fast/codegen.py`), twenty-second round"
)

NEEDED22 = (
    "Points to the next tier with a gate on the total (`_reference.py`, `_fast/evaluator.py`,"
    " `_numbers.py`), twenty-second round"
)

LEFTOUT23 = (
    "What a group left out counted, planned and told by the reference (`_compile.py`,"
    " `_reference.py`, `_counted_columns.py`), twenty-third round"
)
BONUSFAST23 = (
    "What a group left out counted, told by the compiled breakdown (`_fast/counted.py`,"
    " `_fast/evaluator.py`, `_fast/codegen.py`), twenty-third round"
)
ROWGATE23 = "The row scorer with a gate on the total (`_fast/rows.py`), twenty-third round"
ROWMEMO23 = (
    "The row loop's decimal memos and a gate's memo key (`_fast/rows.py`), twenty-third round"
)
NEEDS24 = (
    "The row scorer's least totals for a gate on the total (`_fast/rows.py`), twenty-fourth round"
)
ROWSREST24 = (
    "The row scorer's changed lines after a gate on the total (`_fast/rows.py`), twenty-fourth"
    " round"
)
RULESPLAN24 = (
    "The rules' checks, a calculation's hint and the plan's base children (`rules/bands.py`,"
    " `rules/ratio.py`, `rules/_answers.py`, `_compile.py`, `_fast/evaluator.py`),"
    " twenty-fourth round"
)
MAXIMA24 = (
    "The highest score and percentage a node reaches, and its maximum while criteria wait"
    " (`_maxima.py`), twenty-fourth round"
)
RENAMED25 = (
    "An earlier version's id, told by every reader (`_renamed.py`, `_reference.py`,"
    " `_compile.py`), twenty-fifth round"
)
VITEXT25 = (
    "Numbers told in the reader's decimal mark and targets named by titles (`rules/boolean.py`,"
    " `rules/count.py`, `rules/deduction.py`, `rules/ratio.py`, `rules/levels.py`, `summary.py`),"
    " twenty-fifth round"
)

# in the order they were measured: a later run of a function replaces an earlier one
COMMA25 = (
    "A declared decimal comma's refusals and the answers' messages (`_literals.py`,"
    " `rules/_answers.py`, `_reference.py`), twenty-fifth round"
)
XLSXNUM25 = (
    "A shown number that crosses no edge and weights on two scales (`_numbers.py`,"
    " `_reference.py`, `aggregates/weighted.py`), twenty-fifth round"
)

MEASURED: tuple[Run, ...] = (
    _run("_numbers.py", "*", "2cfb8a6", CORE_RUN),
    _run("_maxima.py", "*", "2cfb8a6", CORE_RUN),
    _run("aggregates/_rescale.py", "*", "2cfb8a6", CORE_RUN),
    _run("aggregates/scaled.py", "*", "2cfb8a6", CORE_RUN),
    _run("aggregates/sum.py", "*", "2cfb8a6", CORE_RUN),
    _run("aggregates/tiered.py", "*", "2cfb8a6", CORE_RUN),
    _run("aggregates/weighted.py", "*", "2cfb8a6", CORE_RUN),
    _run(
        "_reference.py",
        "round_as finish_leaf finish_group aggregate percentage_of score score_answer"
        " Scoring.group Scoring.condition",
        "2cfb8a6",
        CORE_RUN,
    ),
    _run("rules/bands.py", "*", "be8f73a", CORE_RUN),
    _run(
        "summary.py",
        "SummaryBuilder.summary SummaryBuilder._count SummaryBuilder._add_up"
        " SummaryBuilder._ordered SummaryBuilder._median _add _sum_of _share",
        "be8f73a",
        CORE_RUN,
    ),
    _run(
        "_reference.py",
        "Scoring.__init__ Scoring.node Scoring.leaf Scoring._record tell_penalties tell_future"
        " waiting_gates explain_failures has_evidence read_answers _unknown read_direct"
        " read_leaf _check_value parse_fact _read_facts",
        "3fc4d8a",
        CORE_RUN,
    ),
    _run(
        "summary.py",
        "_counts_line _opt _pct _record_flag _record_number _record_score _shown _tier_label"
        " _writers render_summary summarise summary_json summary_markdown summary_text"
        " GroupLoss.to_dict SummaryBuilder.__init__ SummaryBuilder.add SummaryBuilder.add_record"
        " SummaryBuilder.add_values SummaryBuilder.counts SummaryBuilder.merge Summary.to_dict"
        " TargetProgress.describe TargetProgress.to_dict TierCount.to_dict",
        "3fc4d8a",
        CORE_RUN,
    ),
    _run(
        "_fast/codegen.py",
        "Generator._group Generator._add_up Generator._general_group Generator._sum_group"
        " Generator._hide Generator._fetch Generator._compute Generator._excluded_leaf"
        " Generator._leaf Generator._choices_with_evidence Generator.round_code Generator.cap"
        " Generator.natural Generator.final Generator.sc Generator.scaled Generator._decide"
        " Generator._reached",
        "5f91fb0",
        GEN,
    ),
    _run(
        "_fast/rows.py",
        "RowGenerator.write_loop RowScorer.loop RowScorer.state RowScorer.amounts"
        " RowScorer.total_texts RowScorer.needed RowScorer.needed_text RowScorer.value"
        " RowScorer.text RowGenerator.__init__ RowGenerator._fetch_row RowGenerator._leaf"
        " RowGenerator._facts_row RowGenerator._must_be_empty RowGenerator._cell"
        " RowGenerator._direct RowGenerator._read RowGenerator._ids_below",
        "e290595",
        ROWS,
    ),
    _run("_fast/codegen.py", "Generator._remember", "8c4b046", SPEED),
    _run(
        "_fast/rows.py",
        "RowScorer.total_texts RowScorer._ratio_texts RowScorer.needed_text"
        " RowGenerator.write_loop _natural",
        "2f2379e",
        ROWS_AGAIN,
    ),
    _run(
        "_fast/codegen.py",
        "Generator.__init__ Generator._scan Generator._direct Generator._conditions"
        " Generator._collect_answers Generator._groups_below lit integer referenced _base"
        " scale_places _inline_evidence own_rules points_for choices_of Source.__init__"
        " Source.add Source.const Generator._facts Generator._topological node_keys"
        " Generator.add Generator.const Generator.integer Generator.exact Generator.unsupported"
        " Generator.v Generator._slow Generator._memo Generator.static Generator.typed"
        " Generator.numbers Generator.write Generator._return_full Generator._cmp",
        "103a82d",
        GEN_REST,
    ),
    _run(
        "_fast/rows.py",
        "RowScorer.__init__ RowGenerator.write RowGenerator._compared_cell",
        "103a82d",
        ROWS_REST,
    ),
    _run("_fast/codegen.py", "fine_places", "3c20c31", DEC),
    _run("rules/linear.py", "_emit", "22ac970", DEC),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.result FastEvaluator._told FastEvaluator.materialize"
        " FastEvaluator._usual_builder _result_maker _FlatNodes.* _FlatValues.* _FlatItems.*"
        " _Nodes.__reduce__",
        "0b55153",
        RESULTS,
    ),
    _run(
        "_fast/codegen.py",
        "Generator.grouped grouped_test Generator._compared_as_floats Generator._leaf_value"
        " Generator._numbers",
        "2d8ceb6",
        MERGED,
    ),
    _run("_fast/codegen.py", "write_nodes", "9fa9bbc", MERGED),
    # the sixth session (this audit): measured on the branch, these functions as at d719e90
    _run(
        "_reference.py",
        "score Scoring.group score_answer explain_failures read_answers _unknown _read_facts"
        " Answer.is_na",
        "d719e90",
        AUDIT,
    ),
    _run("_maxima.py", "node_max children_max bonus_max", "d719e90", AUDIT),
    _run(
        "summary.py",
        "SummaryBuilder.summary SummaryBuilder._add_up SummaryBuilder._count_many target_verdict"
        " target_note target_scope Summary.weakest Summary.units _group_title",
        "d719e90",
        AUDIT,
    ),
    _run("rules/direct.py", "_emit", "d719e90", AUDIT),
    _run("rules/condition.py", "_score", "d719e90", AUDIT),
    _run("rules/ratio.py", "_score _read counts", "d719e90", AUDIT),
    _run("rules/count.py", "_emit _score _best", "d719e90", AUDIT),
    _run("rules/deduction.py", "_emit _score", "d719e90", AUDIT),
    _run("rules/boolean.py", "_score", "d719e90", AUDIT),
    _run("rules/linear.py", "_score", "d719e90", AUDIT),
    _run("rules/levels.py", "_score", "d719e90", AUDIT),
    _run("rules/bands.py", "_score _facts", "d719e90", AUDIT),
    _run("aggregates/tiered.py", "_check", "d719e90", AUDIT),
    _run("aggregates/weighted.py", "_check", "d719e90", AUDIT),
    # the sixth session's other runs (a function measured only in part is left out: its
    # section says which mutants ran)
    _run(
        "_fast/codegen.py",
        "Generator.cond Generator.guarded Generator.excludable Generator._static Generator._domain",
        "d719e90",
        CONDITIONS,
    ),
    _run(
        "_fast/codegen.py",
        "Generator._typed Generator._strings Generator._numbers",
        "c98e748",
        CONDITIONS,
    ),
    _run("_numbers.py", "exact_number _display _exact_ratio ratio_text", "fa6888c", NUMBERS_NOW),
    _run("_fast/rows.py", "RowScorer.__init__ RowGenerator._numbers_read", "d719e90", ROWS_NOW),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._outcome FastEvaluator._failed_gates FastEvaluator._explain_gates"
        " FastEvaluator._explain FastEvaluator._direct_given FastEvaluator._unscored"
        " FastEvaluator._provisional _score_key _number_facts",
        "d719e90",
        PLUMBING,
    ),
    _run(
        "rules/_answers.py",
        "why_not _not_a_number_hint read_number read_in_range _outside _outside_message"
        " thousands_problem read_count negative_points refused_count range_text numbers_hint"
        " plain",
        "176b79d",
        READERS,
    ),
    _run("_reference.py", "read_direct parse_fact _number_fact_problem", "176b79d", READERS),
    _run(
        "_fast/codegen.py",
        "Generator._compared_as_floats Generator.decimal_grouped Generator.three_places",
        "7ccc928",
        SPEED_NOW,
    ),
    # levels._read and Generator._decide: their first mutants in AUDIT (d719e90, the same
    # functions), the rest here
    _run("rules/levels.py", "_read _evidence _needs _option _compile", "c018587", SCORING_REST),
    _run("rules/linear.py", "_compile _accepted", "c018587", SCORING_REST),
    _run("rules/deduction.py", "_compile _answer_range", "c018587", SCORING_REST),
    _run("rules/count.py", "_answer_range", "c018587", SCORING_REST),
    _run("rules/direct.py", "_score", "c018587", SCORING_REST),
    _run("_fast/codegen.py", "Generator._decide", "c018587", SCORING_REST),
    _run(
        "summary.py",
        "SummaryBuilder.__init__ GroupLoss.to_dict TargetProgress.describe TargetProgress.to_dict"
        " Summary.to_dict summary_text summary_markdown",
        "c018587",
        SCORING_REST,
    ),
    _run("rules/bands.py", "band_detail _describe", "c018587", SCORING_REST),
    _run("_literals.py", "*", "1a95281", LITERALS),
    _run(
        "_fast/numbers.py",
        "Numbers.round Numbers.text beside image _Images.__missing__ _Missing.__repr__",
        "fb53817",
        FAST_NUMBERS,
    ),
    # image_of 1-33 above, 34-43 here (the module unchanged since fb53817); forget makes no mutant
    _run(
        "_fast/numbers.py",
        "norm Numbers.__init__ Numbers.points_memos Numbers.forget Numbers.scaled Numbers.natural"
        " points_bound read_number small image_of edge_floats edge_sides read_compared"
        " read_remembered float_image",
        "1e7618e",
        FAST_NUMBERS_REST,
    ),
    # the properties make no mutant (mutmut leaves decorated functions alone): held by hand
    _run(
        "_compile.py",
        "_round _children descendants _value compile_condition _fact_value answerable"
        " _thousands_admitted reads _flags_read _leaf LeafPlan.answered GroupPlan.full_max"
        " GroupPlan.base_count GroupPlan.has_penalties Test.subject Logic.op",
        "c018587",
        PLAN,
    ),
    # the seventh session: _leaf_value only in part (its mutants 1-21), left out here
    _run(
        "_fast/codegen.py",
        "Generator._compared_as_floats Generator._memo Generator.decimal_key"
        " Generator.keep_textual",
        "1925607",
        SPEED_7,
    ),
    _run(
        "_fast/numbers.py",
        "Numbers._memos Numbers.points_memos Numbers.decimal_memo",
        "1925607",
        SPEED_7,
    ),
    # the rule kinds' checks and words (bands.py's: CORE_RUN)
    _run("rules/boolean.py", "_check _describe _hint Params.__init__ _read", "1c54fb8", RULE_WORDS),
    _run("rules/condition.py", "_check _describe Params.__init__", "1c54fb8", RULE_WORDS),
    _run("rules/count.py", "_check _describe _hint Params.__init__", "1c54fb8", RULE_WORDS),
    _run("rules/deduction.py", "_check _describe _hint Params.__init__", "1c54fb8", RULE_WORDS),
    _run("rules/direct.py", "_check _describe Params.__init__", "1c54fb8", RULE_WORDS),
    _run(
        "rules/levels.py",
        "_check _describe _hint Params.__init__ _ambiguous _unused_rules _labels _shared"
        " _accents_left_out _within",
        "1c54fb8",
        RULE_WORDS,
    ),
    _run("rules/linear.py", "_check _describe Params.__init__", "1c54fb8", RULE_WORDS),
    _run("rules/ratio.py", "_check _describe _hint Params.__init__", "1c54fb8", RULE_WORDS),
    # _always_fall_back, _not_generated, Generator.floating (a property), _is_number and
    # _roles make no mutant
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.verdict FastEvaluator._run FastEvaluator._percentage"
        " FastEvaluator._provisional_for _answer_key _bool_words _always_fall_back"
        " _not_generated",
        "1c54fb8",
        EVALUATOR_REST,
    ),
    _run("_fast/codegen.py", "Generator.floating _is_number _roles", "1c54fb8", EVALUATOR_REST),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._built FastEvaluator._compile_builder FastEvaluator._node_facts"
        " FastEvaluator._make_node _Nodes.*",
        "1c54fb8",
        EVALUATOR_REST,
    ),
    # the seventh session: compile_rubric whole, after its dead 'nodes' dict was removed
    _run("_compile.py", "compile_rubric", "41dc192", PLAN_REST),
    # refused_range: its mutants 1-42 in READERS (176b79d, the same function), 43-61 here
    _run("rules/_answers.py", "refused_range", "41dc192", PLAN_REST),
    _run("rules/boolean.py", "_read", "41dc192", PLAN_REST),
    _run("rules/levels.py", "_accents_left_out _within _labels _shared", "41dc192", PLAN_REST),
    # a Protocol's property: no mutant (decorated, its body '...')
    _run("summary.py", "_HasResult.result", "41dc192", PLAN_REST),
    # of _choices_with_evidence and _leaf_value only this session's lines ran: not listed
    _run(
        "_fast/codegen.py",
        "typed_reading na_reading TypedReadings.__init__ TypedReadings.__missing__"
        " Generator._typed_hit Generator._typed_memo Generator._na_hit Generator._typed_tables",
        "4fc899b",
        TYPED,
    ),
    _run("rules/levels.py", "_read _written _same_number", "fac787f", LEFTOVERS),
    _run(
        "_literals.py",
        "numeral_problem grouped_problem _comma_problem _normal _not_whole",
        "fac787f",
        LEFTOVERS,
    ),
    # the seventh session's end: _leaf_value whole, every speed branch merged
    _run(
        "_fast/codegen.py",
        "Generator._leaf_value evidence_reader Generator.__init__ Generator._choices_with_evidence",
        "381ccd8",
        LEAF_WHOLE,
    ),
    _run("_fast/numbers.py", "Numbers.__init__ Numbers.forget points_bound", "381ccd8", LEAF_WHOLE),
    _run("rules/levels.py", "_describe", "d69219a", DESCRIBE_FINAL),
    # _answered_node, _compile and row_scorer ran too, but with survivors not classified
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._deferred FastEvaluator._node_facts_once FastEvaluator.forget",
        "677faec",
        PLUMBING_LAST,
    ),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.result _FlatNodes.values _FlatNodes.items _FlatValues.__iter__",
        "1e3964a",
        NODES8,
    ),
    _run("_fast/codegen.py", "write_nodes _float_answers", "1e3964a", NODES8),
    # the eighth session: the hand-over of linear shares to a finer scorer
    _run(
        "_fast/codegen.py",
        "Generator.share decimal_unit Generator.write Generator.__init__",
        "1321385",
        FINER,
    ),
    _run("_fast/evaluator.py", "_fine_verdict _finer FastEvaluator.forget", "1321385", FINER),
    _run("rules/linear.py", "_emit", "1321385", FINER),
    _run("_fast/tables.py", "*", "4678e49", TABLES),
    _run("_fast/codegen.py", "Generator._tabled Generator._flush", "4678e49", TABLES),
    # the eighth session: the last run's 18 survivors classified (1 killed, 17 equivalent)
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._answered_node FastEvaluator._compile FastEvaluator.row_scorer",
        "677faec",
        PLUMBING_LAST,
    ),
    # _maker and build outside mutmut; _helpers only in part: not listed
    _run(
        "_fast/evaluator.py",
        "_maker _results_order forget_answers build FastEvaluator.__init__",
        "dce4c95",
        PLUMBING_WHOLE,
    ),
    _run(
        "rules/levels.py", "_written _read _hint _option _named _unused_rules", "1f1e098", LEVELS_8
    ),
    _run("_fast/rows.py", "RowGenerator.write_loop", "5e84c45", ROW_TALLY),
    # _typed_hit and _mapped_hit ran too, but with survivors not classified
    _run(
        "_fast/codegen.py",
        "evidence_reader points_reader Generator._unpack Generator._points Generator._reading"
        " Generator._na_hit",
        "cfe57d5",
        TYPED_EIGHTH,
    ),
    # the ninth round's leftovers: the levels hint, the comma and grouped hints
    _run("rules/levels.py", "_option _option_in _named _label", "b13b9a1", HINTS_9),
    _run("_literals.py", "_comma_problem grouped_problem", "ece0a18", HINTS_9),
    _run(
        "_literals.py", "numeral_problem whole_problem _percent _percent_typed", "3c9a8ee", HINTS_9
    ),
    # the ninth session: _typed_hit ran whole, its survivor 30 not classified; _helpers and
    # _mapped_hit only in part
    _run("_fast/evaluator.py", "_FlatValues.__iter__", "7722879", DRIFT9),
    _run("_fast/codegen.py", "Generator._choice_missed", "7722879", DRIFT9),
    _run("_fast/tables.py", "pin", "91d6bec", PIN9),
    # the ninth round: a linear criterion's facts for results built after the fact
    _run("rules/linear.py", "_facts _not_capped", "69348c4", NODES9),
    # the code generator's functions new or changed by the ninth round (_known_mapping and
    # decimal_key, static methods, make no mutant: measured through their callers)
    _run(
        "_fast/codegen.py",
        "Generator._na_text Generator._known_mapping Generator.decimal_key Generator.keep_textual"
        " Generator.decimal_grouped Generator._compared_as_floats evidence_reader Generator._unpack"
        " Generator._mapped_hit"
        " Generator._typed_hit",
        "9070d85",
        CODEGEN9,
    ),
    # after the ninth round: result and RowScorer.__init__ ran whole, 1 and 9 survivors not
    # classified (not listed)
    _run("_fast/evaluator.py", "FastEvaluator.fine_rows FastEvaluator.forget", "9070d85", AFTER9),
    _run("_fast/numbers.py", "_Passing.__missing__", "9070d85", AFTER9),
    _run("rules/_answers.py", "refused_count", "9070d85", AFTER9),
    _run("rules/direct.py", "_emit", "9070d85", AFTER9),
    _run("rules/linear.py", "_emit", "9070d85", AFTER9),
    _run("_fast/tables.py", "write_loop", "9070d85", AFTER9),
    # the tenth round: the ninth session's review of levels and a count's hint
    _run(
        "rules/levels.py",
        "_key _spaced _unquoted _read_text _labels _compile _read _option_in",
        "5e0353a",
        LEVELS10,
    ),
    _run("rules/_answers.py", "_not_a_number_hint read_number", "5e0353a", LEVELS10),
    # result and RowScorer.__init__ (run whole on 9070d85, code unchanged since): their last
    # survivors classified
    _run("_fast/evaluator.py", "FastEvaluator.result", "9070d85", UNCLASSIFIED10),
    _run("_fast/rows.py", "RowScorer.__init__", "9070d85", UNCLASSIFIED10),
    _run("_compile.py", "compile_rubric", "5e0353a", PLAN10),
    _run("_fast/rows.py", "RowGenerator.__init__", "5e0353a", PLAN10),
    # the tenth round's review
    _run("_literals.py", "_unspaced _not_whole _vulgar", "8e460b8", STRANGERS10),
    _run("rules/levels.py", "_written", "8e460b8", STRANGERS10),
    _run(
        "_literals.py",
        "numeral_problem _written parse_number number_problem",
        "4da9558",
        STRANGERS10,
    ),
    _run("rules/_answers.py", "read_count", "2d0f7bc", LEFT10),
    _run("rules/levels.py", "_describe shown_label", "2d0f7bc", LEFT10),
    _run("rules/bands.py", "_describe", "2d0f7bc", LEFT10),
    _run("_literals.py", "parse_number parse_bool", "2d0f7bc", LEFT10),
    # the tenth round's evaluator, measured on the merged code
    _run("_fast/tables.py", "canon rule_key owners", "a6a17d1", SHARED10),
    _run("_fast/numbers.py", "read_decimal compare_decimal", "a6a17d1", DECIMAL10),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.forget FastEvaluator._make_node FastEvaluator._answered_node"
        " FastEvaluator._compile_builder",
        "a6a17d1",
        BREAKDOWN10,
    ),
    # _helpers: run whole on 5e0353a; the two entries a6a17d1 added (its mutants 309-312)
    # and the four survivors left not classified, on a6a17d1
    _run("_fast/evaluator.py", "FastEvaluator._helpers", "a6a17d1", BREAKDOWN10),
    # the tenth round's code generator (a6a17d1): its new functions
    _run(
        "_fast/codegen.py",
        "Generator._looked_up Generator._gets Generator._exact_first Generator.mine"
        " Generator.made Generator.keep_decimal Generator._make_typed_tables",
        "a6a17d1",
        CODEGEN10_NEW,
    ),
    # its changed answer paths (_reading ran whole, its 2 survivors left not classified
    # killed in the eleventh round: listed below)
    _run(
        "_fast/codegen.py",
        "Generator._na_hit Generator._na_text Generator._typed_tables Generator._memo"
        " Generator.grouped",
        "a6a17d1",
        CODEGEN10_PATHS,
    ),
    # the eleventh round's rounding of a share from its two integers (f695cf1)
    _run("_fast/numbers.py", "Numbers.round Numbers.round_ratio _rounded", "f695cf1", SHARES11),
    # the eleventh round's review
    _run("rules/count.py", "_describe", "a2f2d79", COUNT11),
    _run("rules/deduction.py", "_check", "1799900", LEFT11),
    _run("rules/_answers.py", "with_unit range_text _not_a_number_hint", "1799900", LEFT11),
    _run("rules/boolean.py", "_yes_or_no", "1799900", LEFT11),
    _run("rules/levels.py", "_numeric _written _read", "1799900", LEFT11),
    # the eleventh round: the code generator's functions changed since measured (53e82db);
    # _reading as run whole on a6a17d1 (unchanged since), its last two survivors killed
    _run("_fast/codegen.py", "Generator._reading", "a6a17d1", CODEGEN11),
    _run(
        "_fast/codegen.py",
        "Generator.exact Generator.share Generator._points",
        "53e82db",
        CODEGEN11,
    ),
    # the eleventh round (53e82db): the Decimal limits' test made one helper
    _run(
        "_fast/numbers.py",
        "_decimal_within image_of read_decimal compare_decimal",
        "53e82db",
        DECIMAL11,
    ),
    _run("summary.py", "SummaryBuilder.__init__ SummaryBuilder.summary", "53e82db", SUMMARY11),
    _run("rules/levels.py", "_read_text", "53e82db", LEVELS11),
    _run("_literals.py", "parse_number", "53e82db", PARSE11),
    # the eleventh round (b5c79d9): the group shares and rescaled groups of w15/mix
    _run(
        "_fast/codegen.py",
        "Generator._divided Generator._pairs Generator.divide_by Generator._rescaled",
        "b5c79d9",
        SHARES12,
    ),
    _run("aggregates/scaled.py", "_plain", "b5c79d9", SHARES12),
    # the eleventh round (b5c79d9): the row loop's reader of a new cell (w15/batch)
    _run("_fast/rows.py", "RowGenerator._new_reader", "b5c79d9", NEW_READER12),
    _run("_fast/rows.py", "RowScorer.total_texts", "b5c79d9", TOTALS12),
    # the eleventh round (b5c79d9): the readers of answers the eleventh round's merges changed
    _run(
        "_literals.py",
        "word_problem _spreadsheet _visible _one_sign _exact_decimal _other_real _array_bool"
        " empty_value empty_value_problem numeral_problem _unspaced number_problem"
        " parse_number parse_bool",
        "b5c79d9",
        READERS12,
    ),
    # the twelfth round (960dc0c): an aggregate's plain code returns its divisor (w17/mix)
    _run("aggregates/scaled.py", "_plain", "960dc0c", PLAIN13),
    _run("aggregates/sum.py", "_plain", "960dc0c", PLAIN13),
    _run("_fast/codegen.py", "Generator._known_mapping Generator._sum_group", "972289a", PLAIN13),
    # the twelfth round's leftovers (75dca81): look-alike facts, one wording of targets
    _run("_reference.py", "_word_fact_problem", "75dca81", LEFT12),
    _run("summary.py", "TargetProgress.describe", "75dca81", LEFT12),
    # the twelfth round's review: merge refuses counts that do not add up
    _run("summary.py", "SummaryBuilder.merge", "a4cf6e2", MERGE12),
    # the twelfth round (ec9c7c1): the rules changed since measured; _read_text by its changed
    # line's mutants (1-6) and 64 more, the rest the code measured whole on 53e82db
    _run("rules/bands.py", "_describe", "ec9c7c1", RULES13),
    _run("rules/linear.py", "_describe", "ec9c7c1", RULES13),
    _run("rules/boolean.py", "_read", "ec9c7c1", RULES13),
    _run("rules/levels.py", "_read _level_of _read_text", "ec9c7c1", RULES13),
    # _helpers: its one new entry's mutants (338, 339), the rest the code measured whole on
    # 5e0353a and a6a17d1 (FastEvaluator.__init__ ran in part: not listed)
    _run("_fast/evaluator.py", "FastEvaluator._helpers", "ec9c7c1", EVALUATOR13),
    # the twelfth round (71f1ac3): a loop's rows without the reference's index (w17/large)
    _run("_fast/tables.py", "_looked_up write_loop", "71f1ac3", LOOKED_UP13),
    # the twelfth round (ec9c7c1): the code generator's functions changed since measured
    _run(
        "_fast/codegen.py",
        "Generator._group Generator._sum Generator.made TypedReadings.__init__"
        " TypedReadings.preset TypedReadings.clear",
        "ec9c7c1",
        CODEGEN_TWELFTH,
    ),
    # Generator.__init__ as run on 53e82db (its code again since w17/mix took its _divisor
    # line out), its mutant 3 classified in the twelfth round
    _run("_fast/codegen.py", "Generator.__init__", "53e82db", CODEGEN_TWELFTH),
    # the twelfth round (60319ef): the row loop words rows with refused cells (w17/batch)
    _run(
        "_fast/rows.py",
        "RowScorer.problem_keys RowGenerator._noting_body RowGenerator._new_reader",
        "60319ef",
        WORDING13,
    ),
    # the twelfth round (60319ef): the code generator's last functions changed since measured
    _run("_fast/codegen.py", "Generator._finish", "60319ef", CODEGEN_LAST12),
    # the thirteenth round's review (44b9f45): empty text, dates, units, choice names
    _run("_reference.py", "_empty _as_read _word_fact_problem", "44b9f45", REVIEW13),
    _run("rules/_answers.py", "_not_a_number_hint", "44b9f45", REVIEW13),
    # the thirteenth round (7faf5c4): MISSING and EXCLUDED one class, pickled by name
    _run(
        "_fast/numbers.py",
        "_Marker.__init__ _Marker.__repr__ _Marker.__reduce__",
        "7faf5c4",
        MARKER13,
    ),
    # the thirteenth round: the reference's readers on main (7faf5c4); _read_facts on the code
    # that gives a text fact the empty-value help (13f91f3, found by its run on 7faf5c4)
    _run("_reference.py", "_file_shaped read_answers", "7faf5c4", READERS13),
    _run("_reference.py", "_read_facts", "13f91f3", READERS13),
    # the thirteenth round: FastEvaluator.__init__ whole, on main's code (7faf5c4)
    _run("_fast/evaluator.py", "FastEvaluator.__init__", "7faf5c4", INIT13),
    # the thirteenth round (7faf5c4): _compared_as_floats whole (_leaf_value started, not finished)
    _run("_fast/codegen.py", "Generator._compared_as_floats", "7faf5c4", COMPARED13),
    # the thirteenth round: needed_text as run on 60319ef (its survivors classified), __init__
    # on 7faf5c4 (rows.py the same since 60319ef)
    _run("_fast/rows.py", "RowScorer.needed_text", "60319ef", ROWS13),
    _run(
        "_fast/rows.py",
        "RowScorer.__init__ RowGenerator._compared_cell RowGenerator.write_loop",
        "7faf5c4",
        ROWS13,
    ),
    # the thirteenth round (7faf5c4, codegen.py as on 60319ef): write_nodes' mutants 154-191,
    # its 1-153 run by the twelfth round on the same code; _typed_hit whole
    _run("_fast/codegen.py", "write_nodes Generator._typed_hit", "7faf5c4", CODEGEN13),
    # the thirteenth round: the large-rubric work's tables.tokens (new), split, _value on main
    # (2ff8d5a)
    _run("_fast/tables.py", "tokens split _value", "2ff8d5a", TOKENS13),
    # the thirteenth round: word_problem's unaccented words (w19/review), on main (2ff8d5a)
    _run("_literals.py", "word_problem", "2ff8d5a", WORD13),
    # the thirteenth round: _facts (w19/review; 118 of 120 mutants) and the evaluator's full
    # scorers written on first use (w19/large), on main (2ff8d5a)
    _run("_fast/codegen.py", "Generator._facts", "2ff8d5a", FACTS13),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._full_written FastEvaluator.source FastEvaluator._node_keys"
        " FastEvaluator._nodes_code FastEvaluator._notes_code FastEvaluator._positions"
        " FastEvaluator._gates_read FastEvaluator._deferred",
        "2ff8d5a",
        FULL13,
    ),
    # the thirteenth round: RowGenerator.write whole on main's code (f13939b)
    _run("_fast/rows.py", "RowGenerator.write", "f13939b", WRITE13),
    _run("_fast/codegen.py", "Generator._fetch", "f13939b", WRITE13),
    # the thirteenth round: yes/no numbers by their value, the summary's count (w19/edges), on
    # main (37959b9)
    _run("_literals.py", "parse_bool", "37959b9", YESNO13),
    _run("rules/boolean.py", "_read _numeral", "37959b9", YESNO13),
    _run("summary.py", "SummaryBuilder.summary", "37959b9", YESNO13),
    _run("_fast/numbers.py", "read_number", "53383b1", FLOATREAD14),
    # the fourteenth round, on main (b15b1e4): _mapped_hit's run of the thirteenth round (on
    # f13939b, codegen.py the same but a docstring) with its six survivors classified;
    # RowGenerator.__init__ whole
    _run("_fast/codegen.py", "Generator._mapped_hit", "b15b1e4", MAPPED14),
    _run("_fast/rows.py", "RowGenerator.__init__", "b15b1e4", ROWINIT14),
    # the fourteenth round: read_answers' mutants of its lines changed since 7faf5c4 (where it
    # was measured whole) on main (b15b1e4), all killed
    _run("_reference.py", "read_answers", "b15b1e4", READ14),
    # the fourteenth round, on main (b15b1e4): the mutants of the lines changed since each was
    # measured whole (_helpers on ec9c7c1, __init__ on 7faf5c4, _leaf on 5f91fb0), all killed
    _run("_fast/evaluator.py", "FastEvaluator._helpers FastEvaluator.__init__", "b15b1e4", EVAL14),
    _run("_fast/codegen.py", "Generator._leaf", "b15b1e4", LEAF14),
    # the fourteenth round, on main (df3c745): share, _verdict_written, source, _median whole;
    # the mutants of the lines changed since each was measured of the others, all killed or
    # equivalent
    _run(
        "_fast/rows.py",
        "RowGenerator.share RowScorer.__init__ RowGenerator.__init__",
        "df3c745",
        WORK14,
    ),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._verdict_written FastEvaluator.source FastEvaluator.__init__",
        "df3c745",
        WORK14,
    ),
    _run("summary.py", "SummaryBuilder._median summary_text", "df3c745", WORK14),
    _run("_reference.py", "_read_facts", "df3c745", WORK14),
    _run("rules/levels.py", "_read _read_text", "df3c745", WORK14),
    _run(
        "_fast/chunks.py", "_assigned _code local_names names statements cut", "df3c745", CHUNKS14
    ),
    _run("_fast/evaluator.py", "FastEvaluator._run", "df3c745", CHUNKS14),
    _run("_fast/tables.py", "_fetching _parts fetched", "36db118", CACHE15),
    # the fifteenth round, on w23/leftovers (188beb8): full_max worked out once per plan, and
    # _visible's category from _escape.FORMAT, all killed
    _run("_compile.py", "_full_max GroupPlan.__post_init__", "188beb8", FULLMAX15),
    _run("_literals.py", "_visible", "188beb8", FULLMAX15),
    # the fifteenth round, on main (1386ba4; _leaf_value unchanged since 7faf5c4): the 207
    # mutants of _leaf_value the fourteenth round did not run; with its two runs (b15b1e4,
    # df3c745) every one of the 592 has run
    _run("_fast/codegen.py", "Generator._leaf_value", "1386ba4", LEAFREST15),
    # the fifteenth round, on main (1386ba4): _choices_with_evidence whole, all killed or
    # equivalent
    _run("_fast/codegen.py", "Generator._choices_with_evidence", "1386ba4", EVIDENCED15),
    # the fifteenth round, on main (0b29388): _after_fork_in_child and _fine_verdict whole; the
    # mutants of the lines changed since 1386ba4 of the others (source's by hand: mutmut does
    # not mutate a cached_property), all killed or equivalent
    _run(
        "_fast/evaluator.py",
        "_after_fork_in_child _fine_verdict FastEvaluator.__init__ FastEvaluator.source"
        " FastEvaluator._deferred FastEvaluator.fine_rows FastEvaluator.materialize"
        " FastEvaluator._usual_builder FastEvaluator._helpers",
        "0b29388",
        LOCKS15,
    ),
    _run("_fast/tables.py", "write_loop", "0b29388", LOCKS15),
    # the fifteenth round, on main (0b29388): count_rows and _first_score (new) whole, the
    # other summary functions and RowGenerator.__init__ on all their lines changed since
    # 1386ba4, all killed or equivalent; _no_row (new) has no mutant.  RowGenerator.write,
    # RowScorer.__init__, read_answers, _read_facts only partly run: not here
    _run(
        "summary.py",
        "SummaryBuilder.count_rows SummaryBuilder.__init__ SummaryBuilder.add"
        " SummaryBuilder._count_many SummaryBuilder.summary",
        "0b29388",
        BATCH15,
    ),
    _run(
        "_fast/rows.py", "RowGenerator.__init__ RowScorer._first_score _no_row", "0b29388", BATCH15
    ),
    # the sixteenth round, on main (b856474; codegen.py last changed in 188beb8): Generator.write
    # whole, its 181 mutants each in a fresh process, all killed or equivalent
    _run("_fast/codegen.py", "Generator.write", "b856474", WRITE16),
    # the sixteenth round, on main (b856474; the files as on 0b29388): the rest of the mutants
    # of the lines changed since 1386ba4 of read_answers, _read_facts, RowGenerator.write and
    # RowScorer.__init__, all killed or equivalent; with the fifteenth round's, every one of
    # their changed lines' mutants has run
    _run("_reference.py", "read_answers _read_facts", "b856474", BATCH16),
    _run("_fast/rows.py", "RowGenerator.write RowScorer.__init__", "b856474", BATCH16),
    # the sixteenth round, on main (5cc2dff): the mutants of the lines changed since b856474
    # of read_answers (0efd2dc: a blank group of only has its criteria read) and
    # RowGenerator.write_loop (the w25/ids merge: the bulk loop's id line), all killed; with
    # the runs above (read_answers' changed lines on b856474, write_loop whole on 7faf5c4,
    # the same code until b856474) every mutant of their code has run
    _run("_reference.py", "read_answers", "5cc2dff", LEAD16),
    _run("_fast/rows.py", "RowGenerator.write_loop", "5cc2dff", LEAD16),
    # the seventeenth round, on main (8f2e639): typed_with_unit (new) whole; the mutants of the
    # lines changed since 4ddb60d (the code of their last runs) of _empty (every line),
    # _number_fact_problem, summary_text, summary_markdown and SummaryBuilder.merge (its
    # annotated line), all killed or equivalent.  Summary.to_dict and SummaryBuilder.counts
    # changed their return annotations only: no mutant on a changed line, their last runs'
    # figures stand for this code
    _run("_reference.py", "_empty _number_fact_problem", "8f2e639", ANSWERS17),
    _run("rules/_answers.py", "typed_with_unit", "8f2e639", ANSWERS17),
    _run(
        "summary.py",
        "summary_text summary_markdown Summary.to_dict SummaryBuilder.counts SummaryBuilder.merge",
        "8f2e639",
        ANSWERS17,
    ),
    # the seventeenth round, on main (643567d; rows.py as on ff5d8ed, the w27/newcell merge):
    # the mutants of RowGenerator.__init__'s lines changed since 4ddb60d and of the lines of
    # RowScorer.__init__ the newcell merge changed, all killed or equivalent; with the runs
    # above (both measured on b856474, unchanged until 4ddb60d) every mutant of their code
    # has run but those of RowScorer.__init__'s `_hundred` line (the w27/newkey merge),
    # measured by the eighteenth round's run below (REST18).  RowGenerator._new_reader not
    # run here
    _run("_fast/rows.py", "RowGenerator.__init__ RowScorer.__init__", "643567d", CELLS17),
    # the seventeenth round, on main (8f2e639, the w27/newkey merge): _lacking, _part, _cut
    # and head_texts (new) whole, Numbers.__init__ and total_texts on their lines changed since
    # 4ddb60d (the rest measured on 381ccd8 and b5c79d9, the same code until 4ddb60d), all
    # killed or equivalent. Numbers.text, amount, _gap, needed_text, RowScorer.__init__ not
    # run: not here
    _run(
        "_fast/numbers.py",
        "Numbers.__init__ Numbers._lacking Numbers._part Numbers._cut",
        "8f2e639",
        NUMBERS17,
    ),
    _run("_fast/rows.py", "RowScorer.head_texts RowScorer.total_texts", "8f2e639", NUMBERS17),
    _run("_fast/numbers.py", "Numbers._gap Numbers.amount Numbers.text", "2bc2fda", NUMBERS17_REST),
    # the eighteenth round, on main (e10eca0; rows.py as on ff5d8ed): the mutants of
    # RowScorer.__init__'s `_hundred` line (the w27/newkey merge; 44-48 on this code) and of
    # needed_text's lines changed since 4ddb60d, all killed or equivalent; with the runs above
    # (__init__: b856474 and 643567d; needed_text: 60319ef, the same code until 4ddb60d) every
    # mutant of their code has run.  RowGenerator._new_reader only partly run (its changed
    # lines' mutants the seventeenth round left): not here
    _run("_fast/rows.py", "RowScorer.__init__ RowScorer.needed_text", "e10eca0", REST18),
    # the eighteenth round, on main (0cda2a4: the batch-speed and unseen-scheme merges):
    # _cells_in_place, RowScorer.whole_amount and RowLayout.key (new) whole; the mutants of the
    # lines changed since their last runs of RowGenerator._noting_body (since 60319ef),
    # RowGenerator.write_loop (since 5cc2dff: the _SUMMARY test) and RowScorer._first_score
    # (since 0b29388: the first-use lock), all killed, timed out or equivalent; with the runs
    # above every mutant of their code has run
    _run(
        "_fast/rows.py",
        "_cells_in_place RowScorer.whole_amount RowLayout.key RowGenerator._noting_body"
        " RowGenerator.write_loop RowScorer._first_score",
        "0cda2a4",
        ROWS18,
    ),
    # the eighteenth round, on main (1828174, the w28/general merge: a fact as a comparison's
    # operand): the mutants of Generator._cmp's lines changed since 103a82d (1-9, the fact's
    # branch), all killed; with the run on 103a82d (the same code until 568743e) every mutant of
    # its code has run.  Generator._static only partly run: not here
    _run("_fast/codegen.py", "Generator._cmp", "1828174", FACTS18),
    # the eighteenth round, on main (0cda2a4; summary.py as on 01cc425, the portal pass's typed
    # DataErrors): _adding_up, _not_counts, _at, _mapping_at, _count_at, _text_at, _exact_at,
    # _record_value (new) whole; the mutants of the lines changed since 3fc4d8a of add_values,
    # _record_number, _record_flag (the rest measured on 3fc4d8a), all killed or equivalent.
    # merge and add_record (changed) not run: not here
    _run(
        "summary.py",
        "SummaryBuilder._adding_up _not_counts _at _mapping_at _count_at _text_at _exact_at"
        " _record_value SummaryBuilder.add_values _record_number _record_flag",
        "0cda2a4",
        SUMMARY18,
    ),
    # the eighteenth round, on main (0cda2a4; _new_reader as on ff5d8ed): _new_reader's last 14
    # changed-line mutants (225-232, 246-251), all killed; with the seventeenth round's start
    # (643567d) and REST18's run (e10eca0) every one of its 193 changed-line mutants has run or
    # is classified, the rest of its 252 measured on 60319ef (the same code until 8f2e639).
    # FastEvaluator.__init__ (lines changed since 0b29388) and row_scorer (whole: its body is
    # new) of the w28/portal merge, all killed or equivalent; forget's changed line (a call
    # with no argument) makes no mutant, its last run's figures (a6a17d1) stand for this code
    _run("_fast/rows.py", "RowGenerator._new_reader", "0cda2a4", READER18),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.__init__ FastEvaluator.forget FastEvaluator.row_scorer",
        "0cda2a4",
        READER18,
    ),
    # the nineteenth round, on w29/mutsum (e88c7c9: summary.py's data-error fix on main's
    # 09ffd1c; merge unchanged since 01cc425): the mutants of SummaryBuilder.merge's lines
    # changed since 8f2e639 (1-17, 22-183 of 215): 178 killed (4 by a new test), 183
    # equivalent; with the runs up to 8f2e639 (its other 36) every mutant of its code has
    # run.  add_record, add_values, _record_number and _given_value (new) not run: not here
    _run("summary.py", "SummaryBuilder.merge", "e88c7c9", SUMMARY19),
    # the nineteenth round, on main (09ffd1c; codegen.py as on 568743e): Generator._static's
    # 41 mutants (its body is new since d719e90) all run again from scratch, all killed or
    # equivalent; every mutant of its code has run.  RowScorer.head_texts on the branch's
    # change (2e2b167: its shortcut's test taken from whole_amount): the mutants of its lines
    # changed since 8f2e639 (1-11), all killed; with the run on 8f2e639 every mutant of its
    # code has run (whole_amount changed only in its docstring: its 0cda2a4 run stands)
    _run("_fast/codegen.py", "Generator._static", "09ffd1c", STATIC19),
    _run("_fast/rows.py", "RowScorer.head_texts", "2e2b167", STATIC19),
    # the nineteenth round, on main (a71c3b5; levels.py the same on 75589f0): _options (new)
    # whole (55), and the mutants of the lines changed since their last run of _check (54-81,
    # since 1c54fb8), _read_text (65) and _read (41, 45, since df3c745), _compile (28, 34, 45,
    # since 5e0353a), Params.__init__ (10-14, since 1c54fb8): all 94 killed (18 by new tests);
    # with the earlier runs every mutant of their code has run
    _run(
        "rules/levels.py",
        "_options _check _read_text _read _compile Params.__init__",
        "a71c3b5",
        LEVELS19,
    ),
    # the nineteenth round's second run, on main (12e9bea; summary.py the same on 75589f0):
    # _given_value and _record_tier (new) whole, all killed (6 by a new test); the mutants of
    # the lines changed since measured of _record_number (1, 2, 4-10, since 0cda2a4), add_values
    # (26-77, since 0cda2a4; 26, 44, 46 equivalent) and add_record (1, 2, 10-110, since
    # 3fc4d8a; 3 killed by new tests, 106 equivalent); the rest of each on its older commit
    _run(
        "summary.py",
        "_given_value _record_tier _record_number SummaryBuilder.add_values"
        " SummaryBuilder.add_record",
        "12e9bea",
        SUMMARY19,
    ),
    # the nineteenth round, on main (a71c3b5): _not_exact (new) whole (8) and the mutants of
    # the lines changed since measured of read_exact_number (5-43, since 2cfb8a6), is_na
    # (1-3, since 1a95281), number_problem (7-20, since b5c79d9) and _as_read (3, since
    # 44b9f45): 61 killed (20 by new tests), 4 equivalent (read_exact_number 21, 24, 27, 28:
    # the fallback of get_int_max_str_digits, never reached); with the earlier runs every
    # mutant of their code has run
    _run("_numbers.py", "_not_exact read_exact_number", "a71c3b5", READERS19),
    _run("_literals.py", "is_na number_problem", "a71c3b5", READERS19),
    _run("_reference.py", "_as_read", "a71c3b5", READERS19),
    # the nineteenth round, on main (12e9bea, the w29/newkey merge): Numbers._tail, _split and
    # kept_texts (new) whole, and the mutants of the lines changed since measured of
    # Numbers.amount (25-30, 42-71; since 2bc2fda), _gap (4-5; since 2bc2fda) and __init__
    # (15; since 8f2e639): 133 killed (10 by new tests), kept_texts 20 and amount 68
    # equivalent; with the runs above every mutant of their code has run
    _run(
        "_fast/numbers.py",
        "Numbers._tail Numbers._split Numbers.kept_texts Numbers.amount Numbers._gap"
        " Numbers.__init__",
        "12e9bea",
        NEWKEY19,
    ),
    # the nineteenth round, on main (c3f0989): _reference._direct_groups (new) whole, and the
    # mutants of read_answers' lines changed by c3f0989 (2, 4, 5, 111-121): 24 killed (none by
    # new tests), read_answers 2 equivalent (given_order's first value, never read); with the
    # runs above every mutant of their code has run
    _run("_reference.py", "_direct_groups read_answers", "c3f0989", REFERENCE19),
    # the twentieth round, on main (8eaae63; summary.py the same on 6cf12b3): the mutants of the
    # lines changed since measured of _record_number (1-8, 29-33, since 12e9bea; 6, 7
    # equivalent), add_values (26-30, 47-53, since 12e9bea; 27, 47, 50 equivalent), add_record
    # (7-17, since 12e9bea), add (17, 18, 33), __init__ (23, 24), summary (3, 4, 166, 175, 186,
    # 195, 206-209; these three since 0b29388), _adding_up (4, 7, 8, since 0cda2a4),
    # Summary.to_dict (18, 19, since 8f2e639) and _counts_line (12-34, since 3fc4d8a): 74
    # killed (none by new tests); with the earlier runs every mutant of their code has run
    _run(
        "summary.py",
        "_record_number SummaryBuilder.add_values SummaryBuilder.add_record SummaryBuilder.add"
        " SummaryBuilder.__init__ SummaryBuilder._adding_up SummaryBuilder.summary"
        " Summary.to_dict _counts_line",
        "8eaae63",
        SUMMARY20B,
    ),
    # the twentieth round, on main (0b369c7; levels.py and _compile.py the same on f587a19):
    # _in_language (new) whole (5), and the mutants of the lines changed since their last run
    # of _options (4, 16-37, since a71c3b5), _leaf (14-28, 32, 45, since c018587) and
    # compile_rubric (112-121, since 5e0353a): all 55 killed (6 by new tests); with the
    # earlier runs every mutant of their code has run
    _run("rules/levels.py", "_in_language _options", "0b369c7", LEVELS20),
    _run("_compile.py", "_leaf compile_rubric", "0b369c7", LEVELS20),
    # the twentieth round (w30/mutsumA), on main (8eaae63; summary.py as on 6cf12b3, the
    # summaries merge: not_units, merge's size bounds): _too_many_digits, _fits, _wide,
    # _too_wide, SummaryBuilder._figures_fit, SummaryBuilder._refused (new) whole; the mutants
    # of the lines changed since measured of merge (58-64, 176-197, 203-204; since e88c7c9),
    # counts (7-8; since 8f2e639), _count_at (8-27) and _exact_at (6-16; since 0cda2a4):
    # 188 killed (38 by new tests), 7 equivalent (_fits 2, _wide 3-5, 7, 8, _figures_fit 39);
    # with the earlier runs every mutant of their code has run.  _in_order (SummaryBuilder.
    # _ordered moved out unchanged) whole: 13 killed, 3 and 4 equivalent.  _median_of (_median
    # moved out unchanged) not run: not here
    _run(
        "summary.py",
        "_too_many_digits _fits _wide _too_wide SummaryBuilder._figures_fit"
        " SummaryBuilder._refused SummaryBuilder.merge SummaryBuilder.counts _count_at _exact_at"
        " _in_order",
        "8eaae63",
        SUMMARY20A,
    ),
    # the twentieth round, on main (0b369c7, the w30/counted merge; branch w30/mutcnt2 adds
    # tests only): _compile._most and aggregates/tiered._counts (new) whole, and the mutants
    # of the lines changed since measured of GroupPlan.__post_init__ (3-4; since 188beb8) and
    # FastEvaluator.materialize (29-32; since 0b29388): all 13 killed (_most 1 by a new
    # test); with the runs above every mutant of their code has run.  _cuts (only 1-12 run),
    # best_first, every and FastEvaluator.__init__'s changed lines: not measured
    _run("_compile.py", "_most GroupPlan.__post_init__", "0b369c7", COUNTED20),
    _run("aggregates/tiered.py", "_counts", "0b369c7", COUNTED20),
    _run("_fast/evaluator.py", "FastEvaluator.materialize", "0b369c7", COUNTED20),
    # the twentieth round, on main (0b369c7, the w30/counted merge): tell_counted (new) whole
    # (90): 84 killed (5 by new tests), 6 equivalent (a zip's strict, a child's
    # result never None, the guard of a group not computed); every mutant of its code has run.
    # _fill, _tell (new) and Scoring.group's changed lines not run: not here
    _run("_reference.py", "tell_counted", "0b369c7", COUNTED20_REFERENCE),
    # the twentieth round, on main (0b369c7): _fast/rows.py _joint_reads (new) whole (203):
    # 194 killed (4 by a new test), 3 timed out (135, 136, 185: the scan never advances), 6
    # equivalent (26, 111, 112, 113, 163, 191).  write_loop, _noting_body,
    # RowGenerator.__init__, RowScorer.__init__ and RowScorer.loop not run: not here
    _run("_fast/rows.py", "_joint_reads", "0b369c7", JOINT20),
    # the twentieth round, on main (b0a63a6; _fast/rows.py as on 0b369c7), branch w30/mutfin2:
    # the mutants of the lines changed since measured of RowGenerator.__init__ (2, since
    # 643567d), RowScorer.__init__ (9, since e10eca0), RowGenerator._noting_body (9) and
    # write_loop (30, since 0cda2a4), RowScorer.loop (21, since e290595): 66 killed, 5
    # equivalent (RowGenerator.__init__ 19, 20: joints set before it is read; loop 25, 30, 31:
    # _run's name only in compile's file name); with the earlier runs every mutant of their
    # code has run
    _run(
        "_fast/rows.py",
        "RowGenerator.__init__ RowScorer.__init__ RowGenerator._noting_body RowScorer.loop"
        " RowGenerator.write_loop",
        "0b369c7",
        JOINT20,
    ),
    # the twentieth round, on main (0b369c7): _fraction_fits (new) whole (5) and the mutants of
    # the lines changed since measured of parse_number (2-5, since b5c79d9), numeral_problem
    # (78-83, 87-93, since b5c79d9), number_problem (30-35, since a71c3b5) and _vulgar (2-5,
    # since 8e460b8); _vulgar's line fixed on the branch (199aa5f: the number to write told
    # exactly) on 8976bfb (21-24): all 36 killed (4 by new tests); with the earlier runs every
    # mutant of their code has run
    _run(
        "_literals.py",
        "_fraction_fits parse_number numeral_problem number_problem",
        "0b369c7",
        TERMS20,
    ),
    # the twentieth round (w30/mutfin1), on main (b0a63a6): _fill (7), _tell (15) new, whole,
    # and the mutants of the lines changed since measured of tell_counted (13-19, 53-61: the
    # two early returns, since 0b369c7) and Scoring.group (87-91, since d719e90): 38 killed
    # (_tell 11 by a new test), 5 equivalent (_tell 5, 8, 9: a zip's strict; tell_counted 59,
    # 61: returning later with the same result); with the earlier runs every mutant of their
    # code has run
    _run("_reference.py", "_fill _tell tell_counted Scoring.group", "b0a63a6", FIN20_REFERENCE),
    # the twentieth round (w30/mutfin1), on main (b0a63a6): _median_of (SummaryBuilder._median
    # moved out unchanged) whole (36): 34 killed (4 and 8 by the test written
    # for them), 14 and 21 equivalent; every mutant of its code has run
    _run("summary.py", "_median_of", "b0a63a6", FIN20_SUMMARY),
    _run("_literals.py", "_vulgar", "8976bfb", TERMS20),
    # the twenty-first round (w31/mutrescale), on main (af4f27c; _rescale.py and evaluator.py
    # as on 0b369c7): aggregates/_rescale.py best_first (14) and every (2) new, whole, and the
    # mutants of FastEvaluator.__init__'s lines changed since 0cda2a4 (97-99, 103-109:
    # _leaving_out, _plain): 25 killed, best_first 12 equivalent (order[:None] is the whole
    # order); with the earlier runs every mutant of their code has run
    _run("aggregates/_rescale.py", "best_first every", "af4f27c", RESCALE21),
    _run("_fast/evaluator.py", "FastEvaluator.__init__", "af4f27c", RESCALE21),
    # the twenty-first round (w31/mutcuts), on main (af4f27c; _compile.py the same on 37ac803):
    # _cuts (new) whole (63): 57 killed (27, 33, 35, 41, 48, 53 by new tests: groups planned
    # to cut what they cannot), 6 equivalent (7, 12, 13: a zip's strict; 32, 46: a sum from
    # the integer 0; 34: base[:None]); every mutant of its code has run
    _run("_compile.py", "_cuts", "af4f27c", CUTS21),
    # the twenty-first round (w31/mutgateA), on main (f4605e7): the mutants of the lines the
    # gates on the total changed since measured: Scoring.__init__ 16 (equivalent: the total's
    # first value is never read), explain_failures 18, percentage_of 18-24 (19, 22 by a new
    # test: a percentage exactly on a gate's number), score 25, compile_rubric 263-267: 14
    # killed; with the earlier runs every mutant of their code has run
    _run(
        "_reference.py",
        "Scoring.__init__ explain_failures percentage_of score",
        "f4605e7",
        TOTALGATE21,
    ),
    _run("_compile.py", "compile_rubric", "f4605e7", TOTALGATE21),
    # the twenty-first round (w31/mutexact), on main (f4605e7): the mutants of the lines changed
    # since measured of RowGenerator._new_reader (184: self._plain = text; 226: its reset in the
    # finally; since 0cda2a4) and RowScorer.__init__ (302, 327-335: the exact read's helpers;
    # since 0b369c7): all 12 killed; with the earlier runs every mutant of their code has run.
    # RowGenerator.exact (1-6 of 56), RowGenerator.__init__ and _literals._vulgar only partly
    # run or not run: not here
    _run("_fast/rows.py", "RowGenerator._new_reader RowScorer.__init__", "f4605e7", EXACT21),
    # the twenty-first round (w31/mutrating), on main (8ae894e; summary.py and _numbers.py the
    # same on 7730aac): _numbers.whole_float (7) and summary._rates_only (2) new, whole, and the
    # mutants of summary_text's lines changed since 8f2e639 (13, 15-19: the Certified line left
    # out for a rating-only rubric): 20 killed, whole_float 1-3 equivalent (a whole float below
    # 2**53 read by its repr is the same integer); with the earlier runs every mutant of their
    # code has run (summary_markdown's 14 not run: still listed)
    _run("_numbers.py", "whole_float", "8ae894e", RATING21),
    _run("summary.py", "_rates_only summary_text", "8ae894e", RATING21),
    # the twenty-first round (w31/mutcolumns), on main (3c2f14a): _counted_columns.py
    # counted_ids (new) whole (28): 25 killed (19, 20, 25 by new tests: a criterion not shown,
    # a penalty, a bonus its cap never cuts given a counted column), 3 equivalent (12, 17, 18:
    # a zip's strict); counted_value, counted_children, ChildrenCounted, _keep and the changed
    # lines of write_loop, RowScorer.loop not run: not here
    _run("_counted_columns.py", "counted_ids", "3c2f14a", COLUMNS21),
    # the twenty-second round (w32/mutrowloop), on main (d47dad3; rows.py as on 3c2f14a,
    # evaluator.py as on 7730aac): RowGenerator.exact (new) whole (56: 54 killed, 55 and 56
    # equivalent: a block's only line indented deeper; _compared not read after exact), and
    # the mutants of the lines changed since measured of RowGenerator.__init__ (34),
    # write_loop (1, 108-129), RowScorer.loop (1, 3-13) (since 0b369c7: the exact read's
    # _plain, the counted columns), FastEvaluator._gates_read (3-9, since 2ff8d5a, run in a
    # copy with the cached_property written out; 5 equivalent: the total always in the key),
    # forget (3-5, since 0cda2a4), _explain (52, 60, 65, 66, since d719e90),
    # _compile_builder (23, 24, since a6a17d1): all others killed; with the earlier runs
    # every mutant of their code has run
    _run(
        "_fast/rows.py",
        "RowGenerator.exact RowGenerator.__init__ RowGenerator.write_loop RowScorer.loop",
        "d47dad3",
        ROWLOOP22,
    ),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._gates_read FastEvaluator.forget FastEvaluator._explain"
        " FastEvaluator._compile_builder",
        "d47dad3",
        ROWLOOP22,
    ),
    # the twenty-second round (w32/mutcolumns), on main (d47dad3): _reference.counted_of (42),
    # _counted_columns counted_value (8), counted_children (2), ChildrenCounted.__init__ (17)
    # and ChildrenCounted.__call__ (38) new, whole: 97 killed (counted_of 29, 32 and
    # counted_children 1, 2 by new tests: a bonus beside base criteria all N/A, the children's
    # points from their scores alone), 10 equivalent (counted_of 4: cuts.base false counts every
    # score whole; __init__ 10, 16, 17 and __call__ 25, 28, 29, 33, 36, 37: a zip's strict);
    # and the mutants of the lines changed since measured of tell_counted (62-82, since
    # b0a63a6: counted_of's call, the _tells under it), _literals._vulgar (21-42, since
    # 8976bfb) and summary.summary_markdown (42-55, since 8f2e639): all 57 killed; with the
    # earlier runs every mutant of their code has run
    _run(
        "_counted_columns.py",
        "counted_value counted_children ChildrenCounted.__init__ ChildrenCounted.__call__",
        "d47dad3",
        COUNTED22,
    ),
    _run("_reference.py", "counted_of tell_counted", "d47dad3", COUNTED22),
    _run("_literals.py", "_vulgar", "d47dad3", COUNTED22),
    _run("summary.py", "summary_markdown", "d47dad3", COUNTED22),
    # the twenty-second round (w32/mutgroupcounts), on main (d47dad3; counted.py the same since
    # 6a23b0a): _fast/counted.py GroupCounts (new) whole: tell 49, _kept 13, _work 108,
    # _counting 47, __init__ 70 (287): 245 killed (17 by new tests: what it remembers, a
    # complete group capped below its incomplete_cap, the rubric's own cuts, points in
    # thirds, a whole share of KEPT), 42 equivalent (a zip's strict, cast's type, norm or
    # ALL_OF_IT giving equal values, what a plain rubric never has); forget makes no mutant
    _run(
        "_fast/counted.py",
        "GroupCounts.tell GroupCounts._kept GroupCounts._work GroupCounts._counting"
        " GroupCounts.__init__ GroupCounts.forget",
        "d47dad3",
        GROUPCOUNTS22,
    ),
    # the twenty-second round (w32/mutcodegen), on main (d47dad3): Generator.total (6),
    # FastEvaluator._counted_specs (29) and _counted (36), never measured, whole: 53 killed
    # (_counted_specs 23 by a new test: a best-of group told nothing when the first tier is
    # reached), 18 equivalent (total 2-4: an Unsupported's message is never read; a zip's
    # strict; penalty and waiting flags false in a plain evaluator; a group asked, or taken
    # for the root, though nothing was cut: the same outcome; make: the same NodeResult);
    # every mutant of their code has run. The changed lines of Generator.__init__, _decide,
    # write_nodes, FastEvaluator.__init__ and _full_written not run: not here
    _run("_fast/codegen.py", "Generator.total", "d47dad3", CODEGEN22),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._counted_specs FastEvaluator._counted",
        "d47dad3",
        CODEGEN22,
    ),
    # the twenty-second round (w32/mutnotes), on main (26f7dd8, the w32/matcounted merge): the
    # mutants of the lines changed since measured of GroupCounts.tell (1, 12-19, 23-36) and
    # _work (4-7, 53-59, 70-72, 85-100) (since d47dad3: the children N/A left out, noted),
    # FastEvaluator._full_written (38-46, 50, 52-63, since 2ff8d5a, run in a copy with the
    # cached_property written out), write_nodes (1, 2, 169-202, since 7faf5c4: the counted
    # loop, noted), Generator.__init__ (39, 40, since 53e82db), Generator._decide (30, 31, since
    # c018587), FastEvaluator.__init__ (103-107, since af4f27c); materialize's new lines (since
    # 0b369c7) make no mutant: 100 killed, 20 equivalent (tell 1 and write_nodes 188: no child
    # of a usual result is left out; tell 33: capped read only for an inner group; a zip's
    # strict; defaults the only caller gives; a position never 0; a block's line indented
    # deeper; a trailing comma; Generator.__init__ 39, 40: the total asked before it is known
    # only by a rubric the checks refuse); with the earlier runs every mutant of their code
    # has run
    _run("_fast/counted.py", "GroupCounts.tell GroupCounts._work", "26f7dd8", NOTES22),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator.materialize FastEvaluator._full_written FastEvaluator.__init__",
        "26f7dd8",
        NOTES22,
    ),
    _run(
        "_fast/codegen.py", "write_nodes Generator.__init__ Generator._decide", "26f7dd8", NOTES22
    ),
    # the twenty-second round (w32/mutneeded), on main (26f7dd8): _reference.total_needed (25)
    # and _numbers.number_words (9), never measured, whole: 33 killed (number_words 1, 2, 5 by
    # a new test: a value of many places cut with the default toward), 1 equivalent
    # (total_needed 2: the total is never None where it is called, and a gate that does not
    # compare the total has no edge: least_total gives None); and the mutants of the lines
    # changed since measured of score (29-48, 89-106, since f4605e7), explain_failures
    # (19-24, since f4605e7), FastEvaluator._told (10-33, since 0b55153), _explain_gates (3-21,
    # since d719e90), RowScorer.__init__ (2-6, since f4605e7), display_number (15-18, since
    # 2cfb8a6): 64 killed (score 43 and _told 10 by new tests: a passed gate at its edge, a
    # failed gate on the total beside the top tier reached), 3 equivalent (an Unsupported's
    # message is never read); _explain's change (its return annotation) makes no mutant
    _run("_reference.py", "total_needed score explain_failures", "26f7dd8", NEEDED22),
    _run("_numbers.py", "number_words display_number", "26f7dd8", NEEDED22),
    _run(
        "_fast/evaluator.py",
        "FastEvaluator._told FastEvaluator._explain_gates FastEvaluator._explain",
        "26f7dd8",
        NEEDED22,
    ),
    _run("_fast/rows.py", "RowScorer.__init__", "26f7dd8", NEEDED22),
    # and the mutants of the lines changed since measured (the decimal comma: number_words)
    # of the rules' _describe (bands 58 of 167, boolean 7 of 7, condition 3 of 13, count 8 of
    # 43, deduction 14 of 31, direct 7 of 11, levels 8 of 64, linear 1 of 49, ratio 28 of 30)
    # and rules/_answers.py with_unit (18 of 18), range_text (1-18 of 46): all 170 killed
    _run("rules/bands.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/boolean.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/condition.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/count.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/deduction.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/direct.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/levels.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/linear.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/ratio.py", "_describe", "26f7dd8", NEEDED22),
    _run("rules/_answers.py", "with_unit range_text", "26f7dd8", NEEDED22),
    # the twenty-third round (w33/mutbonusref), on main (a2fe4925): _reference._picks (2) and
    # _compile.may_be_left_out (27), never measured, whole: 26 killed (may_be_left_out 14, 15
    # by a new test: a group below left out beside a penalty or a future child), 3 equivalent
    # (strict: a plan's role tuples are made together); and the mutants of the lines changed
    # since measured of tell_counted (4-28, 61-64) and counted_of (28-33) (since d47dad3),
    # Scoring.group (71-75, since b0a63a6), _cuts (14-23, 55-78, since af4f27c) and
    # counted_ids (23-25, since 3c2f14a): 71 killed, 5 equivalent (tell_counted 4, 11, 12: a
    # group scored directly or below one has no child result to tell; 26 and counted_of 32:
    # counted_of tells nothing more where the plan cuts nothing); with the earlier runs every
    # mutant of their code has run
    _run("_reference.py", "_picks tell_counted counted_of Scoring.group", "a2fe4925", LEFTOUT23),
    _run("_compile.py", "_cuts may_be_left_out", "a2fe4925", LEFTOUT23),
    _run("_counted_columns.py", "counted_ids", "a2fe4925", LEFTOUT23),
    # the twenty-third round (w33/mutbonusfast), on main (a2fe4925, the merge of w33/bonusna: a
    # bonus beside base criteria all N/A counts nothing): GroupCounts._none_counted (12), never
    # measured, whole; and the mutants of the lines changed since measured of
    # GroupCounts._work (8-13, since 26f7dd8), FastEvaluator._counted_specs (2-4, 23-55, since
    # d47dad3) and write_nodes (169, 172-194, since 26f7dd8): 78 mutants, 67 killed
    # (write_nodes 186 and 183 by a new test: a group that cuts only when left out, met
    # without notes, ended the loop; an excluded flag not an integer), 11 equivalent
    # (_none_counted 8: ALL_OF_IT and 0 of a score of 0 are the same counted points;
    # _counted_specs 32: None is false as () is, 38, 43, 44: a zip's strict, 41, 42: no
    # penalty nor waiting child in a plain rubric, 47: a group's excluded flag is its base
    # children's all set; write_nodes 174: a group that never cuts gives its children back,
    # 176, 177: a position never 0)
    _run(
        "_fast/counted.py", "GroupCounts._work GroupCounts._none_counted", "a2fe4925", BONUSFAST23
    ),
    _run("_fast/evaluator.py", "FastEvaluator._counted_specs", "a2fe4925", BONUSFAST23),
    _run("_fast/codegen.py", "write_nodes", "a2fe4925", BONUSFAST23),
    # the row scorer with a gate on the total (w33/totalgate), new, whole: RowGenerator.total
    # (1), _read_by (34), GateTotal.__init__ (1), __eq__ (2), __hash__ (1): 18 killed
    # (_read_by 9 and __eq__ 1, 2 by new tests: a gate that reads a score or an answer beside
    # the total, gate totals equal by their total), 21 equivalent (no memo, or one keyed by
    # every name the gate reads: only the cost differs; one hash for every gate total);
    # GateTotal.__repr__, RowScorer._least and head_texts' changed lines make no mutant.
    # Not measured (the round's stop): _needs (16 of 144 run), _number (4 of 6), _tries, and
    # the changed lines of RowGenerator.__init__, write, RowScorer.__init__, state,
    # whole_amount, needed_text, needed
    _run(
        "_fast/rows.py",
        "RowGenerator.total RowGenerator._read_by GateTotal.__init__ GateTotal.__eq__"
        " GateTotal.__hash__ GateTotal.__repr__ RowScorer._least RowScorer.head_texts",
        "cc8a938",
        ROWGATE23,
    ),
    # the twenty-third round, on main (b59cb416): the mutants of the lines changed since
    # measured of RowGenerator._read_by (22-34, since cc8a9385: the flags of a group given
    # directly no longer a memo's key), RowScorer.__init__ (306, 329, 330, since cc8a9385: the
    # _GROWN helper) and RowGenerator._new_reader (203-230, since f4605e7: a memo beyond its
    # share from the shared pool, in the generated code): all killed (_read_by 24, 30, 31, 33,
    # 34 by a new test: the memo of least totals turned off) or equivalent (_read_by 26-28, 32:
    # the name sR never read by a gate on the total; _new_reader 215: the same code indented).
    # RowScorer.__init__ is not entered: its lines changed by w33/totalgate (since 26f7dd8)
    # did not run, so it stays listed as changed
    _run(
        "_fast/rows.py",
        "RowGenerator._read_by RowGenerator._new_reader",
        "b59cb416",
        ROWMEMO23,
    ),
    # the twenty-fourth round, on main (ddc269c): RowGenerator._needs, RowGenerator._number and
    # _tries (new with w33/totalgate, never measured) whole, the twenty-third round's 16 + 3
    # kills of _needs and _number counted, not run again (the same code): all killed
    # (_number 2, 4, 5, 6 and _needs 86 by new tests: an edge no whole number of the scale, a
    # least total keyed by the total itself) or equivalent (casts, an empty string for None,
    # the same code indented, a whole edge as a named Fraction)
    _run("_fast/rows.py", "RowGenerator._needs RowGenerator._number _tries", "ddc269c", NEEDS24),
    # the twenty-fourth round (w34/mutrowsrest), on main (ddc269c; _fast/rows.py as at
    # b59cb416): the mutants of the lines changed since measured of RowGenerator.__init__
    # (35, 36, since d47dad3), write (94-101, 109, 110, since b856474), RowScorer.__init__
    # (57-60, 352-357, since 26f7dd8; 306, 329, 330 killed by the run above), state (9-11,
    # 24-34, since e290595), whole_amount (2-6, since 0cda2a4), needed_text (1, 2, since
    # e10eca0), needed (1-8, since e290595): 51 mutants, 46 killed (needed_text 1 by the
    # broader set: its text made through a Fraction), 5 equivalent (__init__ 35, 36:
    # _total_at "" is false as None is, total_gates set by _needs before any read; write 98:
    # R is the reached tier's expression; state 30: a GateTotal of the tier's minimum gives
    # its points and texts; needed 7: least == total lacks 0 either way)
    _run(
        "_fast/rows.py",
        "RowGenerator.__init__ RowGenerator.write RowScorer.__init__ RowScorer.state"
        " RowScorer.whole_amount RowScorer.needed_text RowScorer.needed",
        "ddc269c",
        ROWSREST24,
    ),
    # the twenty-fourth round (w34/mutrules), on main (5214bae: the stranger's check numbers in
    # the reader's decimal mark and a calculation's hint, GroupPlan.base_children): the
    # mutants of the lines changed since measured of _not_a_number_hint (13-16, since
    # 44b9f45), bands._check (since be8f73a), ratio._check (since 1c54fb8),
    # GroupPlan.__post_init__ (3-18, since 0b369c7), _cuts (1, 28-45) and may_be_left_out (6)
    # (since a2fe4925), FastEvaluator._counted_specs (33-36, since a2fe4925);
    # GroupPlan.base_count's changed line makes no mutant (mutmut never mutates len()): 135
    # mutants, 126 killed, 9 equivalent (__post_init__ 8, 13, 14 and _cuts 32, 36, 37: a zip's
    # strict, a plan's role tuples made together; _cuts 42: extra only compared, 0 as
    # Fraction(0); _counted_specs 35: a group's excluded flag is its base children's all set;
    # bands._check 272: range_text's unit None is "")
    _run("rules/_answers.py", "_not_a_number_hint", "5214bae", RULESPLAN24),
    _run("rules/bands.py", "_check", "5214bae", RULESPLAN24),
    _run("rules/ratio.py", "_check", "5214bae", RULESPLAN24),
    _run(
        "_compile.py",
        "GroupPlan.__post_init__ GroupPlan.base_count _cuts may_be_left_out",
        "5214bae",
        RULESPLAN24,
    ),
    _run("_fast/evaluator.py", "FastEvaluator._counted_specs", "5214bae", RULESPLAN24),
    # the twenty-fourth round (w34/mutmaxima), on main (5ffeb09, the merge of w34/checkleft:
    # check judges a group's score and percentage with its bonus, the total's percentage while
    # future criteria wait): score_top (10), percent_top (21), waiting_max (9), _future (9),
    # never measured, whole: 49 killed (percent_top 3 by a new test: a node worth 0 given a
    # top of 100, a second error, tier.unreachable, beside ref.zero_max), none equivalent
    _run("_maxima.py", "score_top percent_top waiting_max _future", "5ffeb09", MAXIMA24),
    # the twenty-fifth round (w35/mutrename), on main (6587eeb6, the merge of w35/renames: an
    # earlier version's id in a file or an API's answers names the criteria that took it over,
    # Plan.earlier; _renamed.py added to CORE): taken_over (11), earlier_hint (25), never
    # measured, whole; the mutants of the lines changed since measured of _unknown (1, 2,
    # 13-31, since d719e90) and compile_rubric (96, 98, 170, 184, 198, 267, since f4605e7):
    # 63 mutants, 61 killed (_unknown 14, 16 by a new test: a fact under an earlier
    # criterion's id told "answer b2 instead"), 2 equivalent (taken_over 3: the keys None and
    # a criterion's own id are never asked; _unknown 2: in_file's default never read)
    _run("_renamed.py", "taken_over earlier_hint", "6587eeb6", RENAMED25),
    _run("_reference.py", "_unknown", "6587eeb6", RENAMED25),
    _run("_compile.py", "compile_rubric", "6587eeb6", RENAMED25),
    # the twenty-fifth round (w35/mutvitext), on main (dcd93eb5, the merge of w35/vitext: numbers
    # told to a Vietnamese reader with the decimal comma in the rules' hints; target lines name
    # attributes by title): the mutants of the lines changed since measured of the rules'
    # _hint (boolean 7 of 7, count 2 of 17, deduction 2 of 17, ratio 5 of 19, since 1c54fb8),
    # levels._option_in (10 of 44, since 5e0353a) and TargetProgress.describe (9 of 109, since
    # 75dca81): 35 killed by the aimed tests, none survived
    _run("rules/boolean.py", "_hint", "dcd93eb5", VITEXT25),
    _run("rules/count.py", "_hint", "dcd93eb5", VITEXT25),
    _run("rules/deduction.py", "_hint", "dcd93eb5", VITEXT25),
    _run("rules/ratio.py", "_hint", "dcd93eb5", VITEXT25),
    _run("rules/levels.py", "_option_in", "dcd93eb5", VITEXT25),
    _run("summary.py", "TargetProgress.describe", "dcd93eb5", VITEXT25),
    # the twenty-fifth round (w35/mutcomma), on main (8fd17614, the merges of w35/comma,
    # w35/renames, w35/vitext): _literals._comma_point (12) and _or_declare (6), never
    # measured, whole; the mutants of the lines changed since measured of numeral_problem
    # (1, 2, 162-243, since 0b369c7), _comma_problem (1, 2, 64-108, since ece0a18),
    # number_problem (1, 2, 22-27, since 0b369c7), rules/_answers.why_not (3-10, since
    # 176b79d) and _reference.read_answers (1, 37-43, 172-189, since c3f0989): 96 killed
    # (numeral_problem 240-242 and _comma_problem 77 by new tests: a count's comma that reads
    # whole, an answer's 0,250), 4 equivalent (numeral_problem 171: comma is read only once a
    # bool; _comma_problem 1, 2: defaults its one caller never leaves; read_answers 1: the
    # callers that leave in_file read no unknown answer id)
    _run(
        "_literals.py",
        "numeral_problem _comma_problem number_problem _comma_point _or_declare",
        "8fd17614",
        COMMA25,
    ),
    _run("rules/_answers.py", "why_not", "8fd17614", COMMA25),
    _run("_reference.py", "read_answers", "8fd17614", COMMA25),
    # the twenty-fifth round (w35/mutxlsx), on main (cb5b653a, the merges of w35/xlsxnum: a
    # number's XLSX cell and the shown percentage guarded by _numbers.never_across; and
    # w35/percent: weights on two scales warned): never_across (24) and weighted._two_scales
    # (69), never measured, whole; the mutants of the lines changed since measured of
    # percentage_of (12-24, since f4605e7) and weighted._check (43-46, since d719e90): 109
    # killed (never_across 14 and _two_scales 27, 62, 66, 67 by new tests: 79.6 shown as 80
    # beside a tier at 80, check --format json crashing, a group's warning placed at
    # criteria; percentage_of 14, 15 by test_evaluate.py's rounding across a tier), 1
    # equivalent (never_across 6: shown == exact has returned before the order is taken)
    _run("_numbers.py", "never_across", "cb5b653a", XLSXNUM25),
    _run("_reference.py", "percentage_of", "cb5b653a", XLSXNUM25),
    _run("aggregates/weighted.py", "_check _two_scales", "cb5b653a", XLSXNUM25),
)

Status = Literal["unchanged", "changed", "never measured", "gone"]


@dataclass(frozen=True)
class Row:
    """One function of the core and what the audit says of it."""

    module: str
    name: str
    status: Status
    run: Run | None


def functions(source: str) -> dict[str, str]:
    """Each module function and method (``Class.method``), as its syntax tree's dump.

    mutmut mutates these and nothing else (a nested function is part of the one around it).
    A docstring is left out: mutmut makes no mutant of it, so editing one changes no figure.
    """
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = _without_docstring(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found[f"{node.name}.{item.name}"] = _without_docstring(item)
    return found


def _without_docstring(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    body = function.body
    if (
        len(body) > 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        function.body = body[1:]
    return ast.dump(function)


def _at(commit: str, module: str, root: Path) -> dict[str, str]:
    shown = subprocess.run(
        ["git", "show", f"{commit}:{SRC}{module}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return functions(shown.stdout) if shown.returncode == 0 else {}


def audit(root: Path = ROOT, runs: tuple[Run, ...] = MEASURED) -> list[Row]:
    """Every function of the core (now, or measured and gone), each with its last run."""
    then: dict[tuple[str, str], dict[str, str]] = {}
    last: dict[tuple[str, str], tuple[Run, str]] = {}
    for run in runs:
        old = then.setdefault((run.commit, run.module), _at(run.commit, run.module, root))
        for name, tree in old.items():
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in run.names):
                last[(run.module, name)] = (run, tree)
    rows: list[Row] = []
    modules = dict.fromkeys([*CORE, *(run.module for run in runs)])
    for module in modules:
        path = root / SRC / module
        now = functions(path.read_text(encoding="utf-8")) if path.exists() else {}
        for name, tree in now.items():
            measured = last.get((module, name))
            if measured is None:
                rows.append(Row(module, name, "never measured", None))
            else:
                same = measured[1] == tree
                rows.append(Row(module, name, "unchanged" if same else "changed", measured[0]))
        for (where, name), (run, _) in last.items():
            if where == module and name not in now:
                rows.append(Row(module, name, "gone", run))
    return rows


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| function | measured on | since |", "| --- | --- | --- |"]
    for row in rows:
        where = f"`{row.run.commit}` ({row.run.section})" if row.run else "never"
        lines.append(f"| `{row.module}` `{row.name}` | {where} | {row.status} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--changed", action="store_true", help="only what changed, is new or is gone"
    )
    args = parser.parse_args(argv)
    rows = audit()
    if args.changed:
        rows = [row for row in rows if row.status != "unchanged"]
    sys.stdout.write(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
