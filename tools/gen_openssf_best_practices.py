"""Generate rubrics/openssf_best_practices.yaml from data/openssf_best_practices/criteria.yml.

Run it again whenever the criteria data changes::

    python tools/gen_openssf_best_practices.py          # rewrite the rubric
    python tools/gen_openssf_best_practices.py --check  # exit 1 if the rubric is out of date

How the badge's rules become rubric data (nothing here is special-cased in the engine):

- each badge level (passing, silver, gold) is a group scored ``scaled`` to 100 over its
  active criteria, rounded half away from zero and capped at 99 unless every criterion is
  enough (``incomplete_cap``); the root adds the levels ``tiered`` (silver counts only once
  passing is 100, gold once silver is), which is the badge's "tiered percentage";
- each criterion is a ``levels`` leaf (met / unmet / unknown, or ``na``) worth 1 when its
  answer is *enough* for its category: met (with the URL or justification the criterion
  demands), N/A where allowed (with a justification where demanded), unmet with a
  justification for SHOULD, anything but unknown for SUGGESTED;
- a criterion listed at several levels (SHOULD at passing, MUST at silver...) is answered
  once: its later occurrences read that answer (``answer_from``) with their own category;
- ``achieve_passing`` and ``achieve_silver`` are computed (``condition``) from the level below.

Every number comes from the badge application's code, read at commit ``BADGE_COMMIT``, and
the rubric cites the function for each (``sources`` of every level, leaf and tier):
``to_percentage`` (half away from zero, the 99 cap), ``compute_tiered_percentage`` and
``badge_level`` (the tiers at 100, 200, 300), ``update_prereqs`` (``achieve_*``), ``enough?``
with ``get_met_result``, ``get_na_result`` and ``get_unmet_result`` (points per answer, for
every category), the status validations (N/A only where every level allows it), and
``justification_good?`` and ``contains_url?`` (the rubric's ``evidence_rules``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "openssf_best_practices" / "criteria.yml"
OUTPUT = ROOT / "rubrics" / "openssf_best_practices.yaml"

ATTRIBUTION = "OpenSSF Best Practices Badge criteria, CC BY 3.0+"
#: level key in criteria.yml -> (rubric id, label)
LEVELS = {"0": ("passing", "Passing"), "1": ("silver", "Silver"), "2": ("gold", "Gold")}
#: criteria the badge computes: "enough" when the named level is complete (at 100)
AUTOMATIC = {"achieve_passing": "passing", "achieve_silver": "silver"}
CATEGORIES = ("MUST", "SHOULD", "SUGGESTED")

#: the badge application's code that computes every number, as read for this generator
BADGE_REPO = "https://github.com/coreinfrastructure/best-practices-badge"
BADGE_COMMIT = "074ec3d3ca1b472a4e39ca7655cea78a9079ea6b"
BADGE_COMMIT_DATE = "2026-06-11"
CRITERIA_COMMIT = "3b4f21b03b5df673bc6d989640411c56513a2a4c"  # last change of criteria.yml
CRITERIA_COMMIT_DATE = "2026-03-02"
CRITERIA_URL = f"{BADGE_REPO}/blob/{CRITERIA_COMMIT}/criteria/criteria.yml"


def _code_url(path: str, line: int) -> str:
    return f"{BADGE_REPO}/blob/{BADGE_COMMIT}/{path}#L{line}"


#: source id -> (title, file and line, what it gives the rubric)
CODE_SOURCES = {
    "badge-code-percentage": (
        "Badge application: level percentages, tiered percentage, badge level",
        _code_url("app/models/project.rb", 1296),
        "app/models/project.rb: calculate_badge_percentage (line 411) counts the criteria that "
        "are enough? over Criteria.active(level), 1 point each; to_percentage (line 1296) gives "
        "0 when none is enough, 100 when all are, else ((portion * 100.0) / total).round (Ruby "
        "rounds half away from zero: half_up) capped with [result, 99].min (incomplete_cap 99); "
        "compute_tiered_percentage (line 614) gives p0 if p0 < 100, else 100 + p1 if p1 < 100, "
        "else 200 + p2 (aggregate tiered); badge_level (line 403) is BADGE_LEVELS[tiered / 100] "
        "with BADGE_LEVELS = in_progress, passing, silver, gold (line 62), so the tiers start at "
        "0, 100, 200 and 300; update_badge_percentage (line 604) runs update_prereqs (line "
        "1346), which sets achieve_passing / achieve_silver to Met when the level below is at "
        "100 or more, before the level's own percentage.",
    ),
    "badge-code-criteria": (
        "Badge application: the criteria a level counts",
        _code_url("app/models/criteria.rb", 44),
        "app/models/criteria.rb: Criteria.active(level) (line 44) rejects future and obsolete "
        "criteria, so they are not in a level's denominator.",
    ),
    "badge-code-enough": (
        "Badge application: when an answer is enough",
        _code_url("app/models/project.rb", 1237),
        "app/models/project.rb: enough? (line 1237) is criterion_passing or criterion_barely "
        "(WHAT_IS_ENOUGH, line 1211); get_criterion_result (line 450): '?' is never enough; "
        "get_met_result (line 1254): with met_url_required the justification must contain a "
        "URL (contains_url?, line 431), with met_justification_required it must be good "
        "(justification_good?, line 1284), whatever the category; get_na_result (line 1266): "
        "with na_justification_required the justification must be good, whatever the "
        "category; get_unmet_result (line 1276): SUGGESTED is enough, SHOULD only with a good "
        "justification, MUST never. The status validations (line 373) accept N/A for a "
        "criterion only if every level listing it has na_allowed. justification_good? needs "
        "5 or more characters (MIN_SHOULD_LENGTH, line 51) not starting with '// '; "
        "contains_url? needs text not starting with '// ' that matches "
        "https?://[^/. ]+\\.[^ ]. Mirrored for the browser in "
        "app/assets/javascripts/project-form.js (containsURL, justificationGood).",
    ),
}

HEADER = """\
# yaml-language-server: $schema=../schema/rubric.schema.json
#
# GENERATED by tools/gen_openssf_best_practices.py from data/openssf_best_practices/criteria.yml:
# do not edit by hand; change the data or the generator and run it again.
#
# Criteria: {attribution}
# (coreinfrastructure/best-practices-badge, criteria/criteria.yml;
# see data/openssf_best_practices/SOURCE.md).
# Rules: the badge application's code, app/models/project.rb at commit {commit}.
"""


class DataError(Exception):
    """The criteria data does not have the expected shape."""


@dataclass(frozen=True)
class Criterion:
    """One criterion at one badge level, as criteria.yml states it."""

    id: str
    level: str  # "passing" | "silver" | "gold"
    major: str
    minor: str
    category: str
    na_allowed: bool = False
    na_justification_required: bool = False
    met_justification_required: bool = False
    met_url_required: bool = False
    future: bool = False
    obsolete: bool = False
    rationale: str | None = None


def _pairs(value: object, where: str) -> list[tuple[str, Any]]:
    """An ``!!omap`` (a list of pairs or one-key mappings) or a plain mapping, in order."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    if not isinstance(value, list):
        raise DataError(f"{where}: expected an ordered map, got {type(value).__name__}")
    out: list[tuple[str, Any]] = []
    for item in value:
        if isinstance(item, tuple) and len(item) == 2:
            out.append((str(item[0]), item[1]))
        elif isinstance(item, dict) and len(item) == 1:
            ((key, inner),) = item.items()
            out.append((str(key), inner))
        else:
            raise DataError(f"{where}: expected key/value pairs, got {item!r}")
    return out


def _flag(fields: dict[str, Any], name: str, where: str) -> bool:
    value = fields.get(name, False)
    if not isinstance(value, bool):
        raise DataError(f"{where}: {name} must be true or false, got {value!r}")
    return value


def read_criteria(text: str) -> list[Criterion]:
    """Every criterion of every level, in the data's order.  Raises DataError."""
    data = yaml.safe_load(text)
    criteria: list[Criterion] = []
    for level_key, majors in _pairs(data, "criteria"):
        if level_key not in LEVELS:
            raise DataError(f"unknown level {level_key!r}; expected one of {sorted(LEVELS)}")
        level = LEVELS[level_key][0]
        for major, minors in _pairs(majors, level):
            for minor, items in _pairs(minors, f"{level}/{major}"):
                for cid, fields in _pairs(items, f"{level}/{major}/{minor}"):
                    where = f"{level}/{cid}"
                    if not isinstance(fields, dict):
                        raise DataError(f"{where}: expected the criterion's fields")
                    category = fields.get("category")
                    if category not in CATEGORIES:
                        raise DataError(f"{where}: category must be one of {CATEGORIES}")
                    rationale = fields.get("rationale")
                    criteria.append(
                        Criterion(
                            id=cid,
                            level=level,
                            major=major,
                            minor=minor,
                            category=category,
                            na_allowed=_flag(fields, "na_allowed", where),
                            na_justification_required=_flag(
                                fields, "na_justification_required", where
                            ),
                            met_justification_required=_flag(
                                fields, "met_justification_required", where
                            ),
                            met_url_required=_flag(fields, "met_url_required", where),
                            future=_flag(fields, "future", where),
                            obsolete=_flag(fields, "obsolete", where),
                            rationale=" ".join(str(rationale).split()) if rationale else None,
                        )
                    )
    return criteria


# --- building the rubric ----------------------------------------------------------------------


class Flow(dict[str, Any]):
    """A mapping written on one line (``{id: met, points: 1}``) to keep the rubric readable."""


class FlowList(list[str]):
    """A list written on one line (``[a, b]``)."""


#: the badge's tests of an answer's text (justification_good?, contains_url?), as evidence rules
EVIDENCE_RULES = {
    "justification": Flow(min_length=5, ignore_prefixes=FlowList(["// "])),
    "url": Flow(where=FlowList(["justification"]), form="host_with_dot"),
}


def slug(name: str) -> str:
    """``"Basic project website content"`` -> ``"basic_project_website_content"``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _levels(c: Criterion) -> list[Flow]:
    """met / unmet / unknown with the points and evidence that make each one "enough"
    (get_met_result and get_unmet_result in the badge's project.rb)."""
    if c.future:  # shown, not counted
        return [Flow(id=i, points=0) for i in ("met", "unmet", "unknown")]
    met = Flow(id="met", points=1)
    # Met needs the URL and justification its flags demand, in every category (a SUGGESTED
    # criterion too: Met without them is not enough, while Unmet is)
    needs = [
        kind
        for kind, flag in (
            ("justification", c.met_justification_required),
            ("url", c.met_url_required),
        )
        if flag
    ]
    if needs:
        met["evidence"] = needs
    unmet = Flow(id="unmet", points=0)
    if c.category == "SUGGESTED":
        unmet["points"] = 1  # Unmet is "barely" enough, with or without a justification
    elif c.category == "SHOULD":
        unmet.update(points=1, evidence=["justification"])
    return [met, unmet, Flow(id="unknown", points=0)]


def _leaf(c: Criterion, first_level: dict[str, str], na_everywhere: set[str]) -> dict[str, Any]:
    future = ", future: not counted" if c.future else ""
    node: dict[str, Any] = {"id": c.id, "title": f"{c.id} ({c.category}{future})"}
    if c.rationale:
        node["description"] = c.rationale
    if c.id in AUTOMATIC:
        node["sources"] = FlowList(["bestpractices-criteria", "badge-code-percentage"])
        node["rule"] = {
            "kind": "condition",
            "when": Flow(score=AUTOMATIC[c.id], at_least=100),
            "points": 1,
        }
        return node
    node["sources"] = FlowList(["bestpractices-criteria", "badge-code-enough"])
    notes = []
    if first_level[c.id] != c.level:
        node["id"] = f"{c.level}.{c.id}"
        node["answer_from"] = c.id
    # one status per criterion, validated at every level that lists it: N/A is refused
    # unless all of them allow it
    na = c.na_allowed and c.id in na_everywhere
    if na:
        node["na"] = Flow(counts_as="satisfied")
        if c.na_justification_required:
            node["na"]["evidence"] = ["justification"]
    elif c.na_allowed:
        notes.append(
            "criteria.yml allows N/A here, but another level of this criterion does not, and "
            "the badge validates the one status against every level: N/A is refused "
            "(badge-code-enough)."
        )
    if notes:
        node["note"] = {"en": " ".join(notes)}
    node["rule"] = {"kind": "levels", "levels": _levels(c)}
    return node


def _grouped(items: Iterable[Criterion], key: str) -> list[tuple[str, list[Criterion]]]:
    groups: dict[str, list[Criterion]] = {}
    for item in items:
        groups.setdefault(getattr(item, key), []).append(item)
    return list(groups.items())


def build_rubric(criteria: Sequence[Criterion], *, version: str) -> dict[str, Any]:
    """The rubric as plain data, ready for :func:`render`."""
    active = [c for c in criteria if not c.obsolete]
    first_level: dict[str, str] = {}
    for c in active:
        first_level.setdefault(c.id, c.level)
    na_everywhere = {c.id for c in active} - {c.id for c in criteria if not c.na_allowed}
    levels = []
    for level, label in LEVELS.values():
        majors = []
        for major, in_major in _grouped((c for c in active if c.level == level), "major"):
            minors = [
                {
                    "id": f"{level}.{slug(major)}.{slug(minor)}",
                    "title": minor,
                    "children": [_leaf(c, first_level, na_everywhere) for c in in_minor],
                }
                for minor, in_minor in _grouped(in_major, "minor")
            ]
            majors.append({"id": f"{level}.{slug(major)}", "title": major, "children": minors})
        if not majors:
            continue
        levels.append(
            {
                "id": level,
                "title": f"{label}: share of criteria met (percent)",
                "max": 100,
                "aggregate": "scaled",
                "incomplete_cap": 99,
                "round": Flow(mode="half_up", places=0),
                "sources": FlowList(["badge-code-percentage", "badge-code-criteria"]),
                "children": majors,
            }
        )
    # one sources list per tier: a shared one would be written as a YAML alias
    tiers = [Flow(id="in_progress", label="In progress", rank=1, min=0, certified=False)]
    tiers += [
        Flow(id=level, label=label, rank=rank, min=100 * (rank - 1))
        for rank, (level, label) in enumerate(LEVELS.values(), start=2)
        if any(entry["id"] == level for entry in levels)
    ]
    for tier in tiers:
        tier["sources"] = FlowList(["badge-code-percentage"])
    return {
        "format": 1,
        "id": "openssf_best_practices",
        "version": version,
        "title": {"en": "OpenSSF Best Practices badge"},
        "language": "en",
        "issuer": {"en": "Open Source Security Foundation (OpenSSF)"},
        "units": {"en": "Free/libre and open source software projects"},
        "description": {
            "en": (
                "Criteria: " + ATTRIBUTION + " (coreinfrastructure/best-practices-badge, "
                "criteria/criteria.yml). Answer each criterion once by its id: met, unmet, "
                "unknown (or leave it out) or na where allowed, with a justification and a URL "
                "(in the justification, as on the badge) where the criterion demands them. A "
                "level's "
                "score is the percentage of its criteria that are enough, rounded half away "
                "from zero and capped at 99 until all are enough; the total is the badge's "
                "tiered percentage (passing, then 100 + silver, then 200 + gold) and the tier "
                "is the badge. Every number is the badge application's (app/models/project.rb, "
                f"commit {BADGE_COMMIT[:12]}), and so are its tests of an answer's text "
                "(evidence_rules): a justification counts with 5 or more characters, not "
                "starting with '// ', and a URL only inside it, as http(s)://host.x."
            )
        },
        "sources": [
            {
                "id": "bestpractices-criteria",
                "title": "OpenSSF Best Practices Badge criteria (criteria/criteria.yml)",
                "url": CRITERIA_URL,
                "publisher": "Open Source Security Foundation (OpenSSF)",
                "date": CRITERIA_COMMIT_DATE,
                "note": {
                    "en": (
                        ATTRIBUTION + ". The badge project's code is MIT licensed; its "
                        "criteria text is released under CC BY 3.0 or later. Copied unchanged "
                        "to data/openssf_best_practices/criteria.yml (the file as of commit "
                        f"{CRITERIA_COMMIT}, {CRITERIA_COMMIT_DATE}; unchanged at "
                        f"{BADGE_COMMIT}). Gives the criteria, their levels, categories and "
                        "flags."
                    )
                },
            },
            *(
                {
                    "id": source_id,
                    "title": title,
                    "url": url,
                    "publisher": "Open Source Security Foundation (OpenSSF), MIT licensed code",
                    "date": BADGE_COMMIT_DATE,
                    "note": {"en": f"Read at commit {BADGE_COMMIT} ({BADGE_COMMIT_DATE}). {what}"},
                }
                for source_id, (title, url, what) in CODE_SOURCES.items()
            ),
        ],
        "scoring": {"missing": "zero"},
        "evidence_rules": EVIDENCE_RULES,
        "aggregate": "tiered",
        "criteria": levels,
        "tiers": tiers,
    }


# --- writing ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _flow_list(dumper: yaml.SafeDumper, data: FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(Flow, _flow)
_Dumper.add_representer(FlowList, _flow_list)


def render(rubric: dict[str, Any]) -> str:
    """The rubric file's text: the header comment, then block-style YAML."""
    body = yaml.dump(
        rubric,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return HEADER.format(attribution=ATTRIBUTION, commit=BADGE_COMMIT) + body


def generate(data: bytes) -> str:
    """The rubric text for the criteria file's bytes (its version names the data's hash and
    the commit of the badge's code the rules were read from)."""
    version = f"criteria-sha256-{hashlib.sha256(data).hexdigest()[:12]}.code-{BADGE_COMMIT[:12]}"
    return render(build_rubric(read_criteria(data.decode("utf-8")), version=version))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="criteria.yml to read")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="rubric file to write")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the output is out of date"
    )
    args = parser.parse_args(argv)
    try:
        text = generate(args.data.read_bytes())
    except (OSError, DataError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
