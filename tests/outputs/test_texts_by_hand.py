"""Texts a rubric gives in its languages, written for a reader by hand: a stage's label or a
level's name (``_i18n.Given``) and what a unit's dossier lacks (``DossierTitles``), each
language, fallback and id where no title is given worked out here."""

from __future__ import annotations

import pickle

from tiercert import parse_rubric
from tiercert._i18n import Given, in_lang
from tiercert._programme_texts import DossierTitles


def test_a_given_text_in_the_reader_s_language_else_the_rubric_s_else_the_first() -> None:
    given = Given({"fr": "Auto", "vi": "Tự đánh giá", "*": "Self-assessment"})
    # written as it is (English, no "en"): the rubric's own text
    assert str(given) == "Self-assessment"
    assert in_lang(given, "vi") == "Tự đánh giá"
    assert in_lang(given, "en") == "Self-assessment"
    assert given.in_lang("fr") == "Auto"
    # neither the reader's language nor the rubric's own: the first given
    first = Given({"fr": "Auto", "vi": "Tự"})
    assert (str(first), first.in_lang("de"), first.in_lang("vi")) == ("Auto", "Auto", "Tự")
    # a text left empty in the reader's language is not written
    assert Given({"vi": "", "*": "Own"}).in_lang("vi") == "Own"
    assert (str(Given({})), Given({}).in_lang("vi")) == ("", "")


def test_a_given_text_keeps_its_languages_through_pickling() -> None:
    given = Given({"vi": "Tự đánh giá", "en": "Self-assessment"})
    back = pickle.loads(pickle.dumps(given))
    assert type(back) is Given
    assert (str(back), back.in_lang("vi")) == ("Self-assessment", "Tự đánh giá")


RUBRIC = """
format: 1
id: t
version: "1"
title: T
language: vi
criteria:
  - id: a
    title: {vi: Dịch vụ, en: Services}
    children: [{id: a1, title: A1, rule: {kind: boolean, points: 50}}]
  - id: b
    title: ""
    children: [{id: b1, title: B1, rule: {kind: boolean, points: 50}}]
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
"""

DOSSIER = """
dossier:
  evidence: true
  documents:
    - {id: letter, title: {vi: Thư, en: Letter}}
    - {id: report, title: ""}
"""


def test_what_a_dossier_lacks_by_title_in_the_reader_s_language() -> None:
    rubric = parse_rubric(RUBRIC + DOSSIER)
    english = DossierTitles(rubric, "en")
    assert english.lang == "en"
    assert english.lacks(["letter", "report", "zz"], ["a", "b", "yy"]) == (
        "Letter",
        "report",  # no title: the id
        "zz",  # no such document: as written
        "evidence file for Services",
        "evidence file for b",
        "evidence file for yy",
    )
    # no language asked: the rubric's own, Vietnamese
    for lang in (None, "vi"):
        vietnamese = DossierTitles(rubric, lang)
        assert vietnamese.lang == "vi"
        assert vietnamese.lacks(["report", "letter"], ["b", "a"]) == (
            "report",
            "Thư",
            "tệp minh chứng của b",
            "tệp minh chứng của Dịch vụ",
        )
    assert english.lacks([], []) == ()
    assert english.lacks(["letter"], []) == ("Letter",)
    assert english.lacks([], ["a"]) == ("evidence file for Services",)


def test_a_rubric_without_a_dossier_names_documents_by_id() -> None:
    titles = DossierTitles(parse_rubric(RUBRIC), "en")
    assert titles.lacks(["letter"], ["a"]) == ("letter", "evidence file for Services")
