"""The values of batch's output columns are codes a program reads, the same in every
language, but for the two columns of text the docs name (``docs/batch.md``, "Codes and text
in the columns", and the Vietnamese quick guide): checked on a programme's results, written
in English and in Vietnamese, with a rejected row and flags.  (A stranger read the English
``flags`` of a Vietnamese output as a missing translation: they are codes, documented now in
both languages.)"""

from __future__ import annotations

import csv
import io
import re

from conftest import EXAMPLES, ROOT, run_cli

BATCH = ROOT / "docs" / "batch.md"
QUICK_GUIDE = ROOT / "docs" / "vi" / "huong-dan-nhanh.md"
#: a flag as the docs write its form: STAGE (from BEFORE): WHAT OLD -> NEW
FLAG = re.compile(r"^(\S+) \(from (\S+)\): (\S+) (\S+) -> (\S+)$")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    following = text.find("\n### ", start + 1)
    ends = [e for e in (end, following) if e != -1]
    return text[start : min(ends) if ends else len(text)]


def _text_columns() -> set[str]:
    section = _section(BATCH.read_text(encoding="utf-8"), "### Codes and text in the columns")
    text_item = section.split("- **text,", 1)[1].split("\n- **codes", 1)[0]
    return set(re.findall(r"`([a-z_.]+)` \(", text_item))


def _rows(tmp_path: object, lang: str) -> list[dict[str, str]]:
    sheet = (EXAMPLES / "bac_giang_programme" / "round_2024.csv").read_text(encoding="utf-8")
    lines = sheet.splitlines()
    header = lines[0].split(",")
    bad = lines[1].split(",")
    bad[header.index("unit_id")] = "bad-row"
    bad[header.index("district:g1")] = "many"  # a group score that is no number
    path = f"{tmp_path}/sheet_{lang}.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join([*lines, ",".join(bad)]) + "\n")
    status, stdout, err = run_cli(
        "batch", "bac_giang_friendly_gov", path, "--summary", "none", "--lang", lang
    )
    assert status == 1, err
    return list(csv.DictReader(io.StringIO(stdout)))


def test_only_the_documented_text_columns_change_with_the_language(tmp_path: object) -> None:
    text = _text_columns()
    assert text == {"tier_label", "problems"}
    english, vietnamese = _rows(tmp_path, "en"), _rows(tmp_path, "vi")
    assert len(english) == len(vietnamese) == 10
    changed = {
        column
        for en, vi in zip(english, vietnamese, strict=True)
        for column in en
        if en[column] != vi[column]
    }
    assert changed == text  # both do change: a label and a problem
    flags = [f for row in english if row["flags"] for f in row["flags"].split("; ")]
    assert flags
    for flag in flags:
        found = FLAG.match(flag)
        assert found is not None, flag
        what = found.group(3)
        assert what in ("tier", "certified") or re.fullmatch(r"g\d", what), flag


def test_both_languages_document_the_codes() -> None:
    english = _section(BATCH.read_text(encoding="utf-8"), "### Codes and text in the columns")
    vietnamese = _section(
        QUICK_GUIDE.read_text(encoding="utf-8"), "### Mã và chữ trong bảng kết quả"
    )
    assert "STAGE (from BEFORE): WHAT OLD -> NEW" in english
    assert "BƯỚC (from BƯỚC-TRƯỚC): CÁI-GÌ CŨ -> MỚI" in vietnamese
    for page in (english, vietnamese):
        for code in ("`tier_label`", "`problems`", "`flags`", "`status`", "`certified`"):
            assert code in page, code
