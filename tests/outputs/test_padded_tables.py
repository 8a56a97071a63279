"""A text table's size is bounded by its cells', never by the number of rows times its
longest cell: each column is padded to its longest cell up to ``PADDED`` characters, and a
longer cell overflows its own line only (a sheet of 3,000 districts, one of them named by
100,000 characters, printed a 300 MB table with ``batch --by district``)."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from tiercert._escape import PADDED, column_widths


@given(st.lists(st.lists(st.text(max_size=PADDED * 3), min_size=3, max_size=3), min_size=1))
def test_a_column_is_padded_to_its_longest_cell_or_to_the_bound(rows: list[list[str]]) -> None:
    widths = column_widths(rows)
    for i, width in enumerate(widths):
        assert width == min(max(len(row[i]) for row in rows), PADDED)


def test_one_long_attribute_value_does_not_pad_every_row(tmp_path: Path) -> None:
    status, _out, _err = run_cli(
        "template", "bac_giang_friendly_gov", "--format", "csv", "-o", str(tmp_path / "t.csv")
    )
    header = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    sheet = tmp_path / "units.csv"
    with sheet.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in range(200):
            row = dict.fromkeys(header, "")
            district = "x" * 20_000 if i == 0 else f"d{i}"
            row.update(unit_id=f"u{i}", district=district, unit_type="xã", year="2024")
            writer.writerow([row[h] for h in header])
    argv = ["batch", "bac_giang_friendly_gov", str(sheet), "--missing", "zero", "--by", "district"]
    status, out, _err = run_cli(*argv, "-o", str(tmp_path / "out.csv"))
    assert status == 0
    lines = out.splitlines()
    assert sum(len(line) > 20_000 for line in lines) == 1  # the long district's own line
    assert max(len(line) for line in lines if "x" * 1000 not in line) < 30 * PADDED


def test_one_long_tier_label_does_not_pad_every_tier_of_an_impact(tmp_path: Path) -> None:
    # diff --impact padded every tier's line to the longest label: a 200 kB rubric of 2,000
    # tiers, one labelled by 100,000 characters, printed 200 MB
    tiers = "".join(
        f"  - {{id: t{i}, label: {'L' * 20_000 if i == 0 else f't{i}'}, rank: {i + 1}, "
        f"min: {i + 1}}}\n"
        for i in range(300)
    )
    text = (
        "format: 1\nid: tl\nversion: '1'\ntitle: T\n"
        "criteria:\n  - {id: c1, title: C, max: 5000, rule: {kind: direct}}\ntiers:\n" + tiers
    )
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(text.replace("'1'", "'2'", 1), encoding="utf-8")
    (tmp_path / "units.csv").write_text("unit_id,c1\nu1,3\nu2,7\n", encoding="utf-8")
    argv = ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--impact"]
    _status, out, _err = run_cli(*argv, str(tmp_path / "units.csv"))
    assert "Units per tier:" in out
    assert sum(len(line) >= 20_000 for line in out.splitlines()) <= 2
    assert len(out) < 200_000
