"""The checks of a rubric's programme declarations (attributes, stages, dossier, targets by
attribute), through both validation paths (light and models)."""

from __future__ import annotations

import pytest

from tiercert.checking import check_source

BASE = """
format: 1
id: p
version: "1"
title: P
criteria: [{id: a, title: A, rule: {kind: boolean, points: 10}}]
tiers: [{id: ok, label: OK, rank: 1, min: 5}]
"""


@pytest.mark.parametrize(
    ("extra", "code", "where"),
    [
        ("attributes: [{id: a, title: A}]", "id.duplicate", "$.attributes[a].id"),
        ("attributes: [{id: unit_id, title: U}]", "id.duplicate", "$.attributes[unit_id].id"),
        (
            "attributes: [{id: r, title: R}, {id: r, title: R}]",
            "id.duplicate",
            "$.attributes[r].id",
        ),
        (
            "attributes: [{id: r, title: R, type: choice}]",
            "programme.declaration",
            "$.attributes[r].values",
        ),
        (
            "attributes: [{id: r, title: R, values: [x]}]",
            "programme.declaration",
            "$.attributes[r].values",
        ),
        (
            "attributes: [{id: y, title: Y, round: true}, {id: z, title: Z, round: true}]",
            "programme.declaration",
            "$.attributes[z].round",
        ),
        (
            "stages: [{id: s, label: S, decides: true}, {id: t, label: T, decides: true}]",
            "programme.declaration",
            "$.stages[t].decides",
        ),
        (
            "stages: [{id: s, label: S, tolerance: {percent: 120}}]",
            "value.range",
            "$.stages[s].tolerance.percent",
        ),
        (
            "stages: [{id: s, label: S, tolerance: {points: -1}}]",
            "value.range",
            "$.stages[s].tolerance.points",
        ),
        (
            "dossier: {documents: [{id: d, title: D}, {id: d, title: D}]}",
            "id.duplicate",
            "$.dossier.documents[d].id",
        ),
        (
            "targets: [{period: '2024', share: 50, by: {region: [N]}}]",
            "ref.unknown",
            "$.targets[0].by.region",
        ),
        (
            "attributes: [{id: region, title: R, type: choice, values: [North]}]\n"
            "targets: [{period: '2024', share: 50, by: {region: [Nort]}}]",
            "value.choice",
            "$.targets[0].by.region[0]",
        ),
        ("stages: [{id: s, label: S, sources: [nope]}]", "ref.unknown", "$.stages[s].sources[0]"),
        ("dossier: {fact: done}", "ref.unknown", "$.dossier.fact"),
        (
            "facts: [{id: done, title: D, type: number}]\ndossier: {fact: done}",
            "programme.declaration",
            "$.dossier.fact",
        ),
    ],
)
@pytest.mark.parametrize("light", [False, True])
def test_programme_declarations_are_checked(extra: str, code: str, where: str, light: bool) -> None:
    report = check_source(BASE + extra + "\n", file="rubric.yaml", light=light)
    found = [(p.code, p.where) for p in report.problems]
    assert (code, where) in found, found


def test_a_sound_programme_is_clean() -> None:
    extra = """
attributes:
  - {id: region, title: Region, type: choice, values: [North, South], fixed: true}
  - {id: year, title: Year, type: number, round: true}
stages:
  - {id: own, label: Own}
  - {id: review, label: Review, decides: true, tolerance: {points: 2, percent: 10}}
dossier: {evidence: true, documents: [{id: letter, title: Letter}]}
targets: [{period: "2024", share: 50, by: {region: [North]}}]
"""
    for light in (False, True):
        assert check_source(BASE + extra, file="rubric.yaml", light=light).problems == []


@pytest.mark.parametrize(
    ("extra", "vi"),
    [
        (
            "stages: [{id: s, label: S, tolerance: {percent: 120}}]",
            "sai số cho phép trong percent phải từ 0 đến 100, không phải 120",
        ),
        (
            "stages: [{id: s, label: S, tolerance: {points: -1}}]",
            "sai số cho phép trong points phải từ 0 trở lên, không phải -1",
        ),
        (
            "stages: [{id: s, label: S}, {id: s, label: T}]",
            "mã bước 's' được dùng nhiều lần; hãy đổi tên một trong số đó",
        ),
        (
            "attributes: [{id: r, title: R}, {id: r, title: R}]",
            "mã thuộc tính 'r' được dùng nhiều lần; hãy đổi tên một trong số đó",
        ),
        (
            "dossier: {documents: [{id: d, title: D}, {id: d, title: E}]}",
            "mã tài liệu 'd' được dùng nhiều lần; hãy đổi tên một trong số đó",
        ),
    ],
)
def test_programme_problems_are_all_in_the_readers_language(extra: str, vi: str) -> None:
    """The words a programme check put into its message (the kind of id, a tolerance's
    limit) were English in Vietnamese output: "mã stage 's'", "phải from 0 to 100"."""
    problems = check_source(BASE + extra + "\n", file="r.yaml").problems
    assert [p.text("vi") for p in problems] == [vi]
