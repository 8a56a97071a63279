"""A generated national programme for the shipped Bắc Giang rubric: a CSV sheet of many units
as a programme office receives them, deterministic for a seed.

Most rows are good; the mix is what real sheets hold: group self-scores (the province's portal)
and criterion-by-criterion answers, decimals written several ways, yes/no in Vietnamese and
English, level ids in capitals, N/A (with and without the justification it needs), names in
decomposed Unicode or with commas, note columns, comment and empty rows, and some bad rows
(a decimal comma, a score above the maximum, a misspelt level, a missing answer, an empty or
repeated unit id). Used by tests/batch/test_dask.py and benchmarks/bench_dask.py.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

RUBRIC = "bac_giang_friendly_gov"
SEED = 20250918

HEADER = [
    *("unit_id", "unit_name", "#note"),
    *("g1", "g1.1.1", "g1.1.2", "g1.2.1", "g1.2.2", "g1.2.3"),
    *("g2", "g2.1", "g2.2", "g2.3", "g2.4", "g2.5"),
    *("g3", "g3.1", "g3.2", "g3.3", "g3.4"),
    *("g4", "g4.1", "g4.2", "g4.2.justification", "g4.3"),
    *("g5", "g5.1", "g5.2", "g5.3"),
    "head_disciplined_or_prosecuted",
]
GROUP_MAX = {"g1": 20, "g2": 25, "g3": 20, "g4": 15, "g5": 20}
YES = ("true", "true", "yes", "có", "Có", "1", "TRUE", "đạt")
NO = ("false", "no", "không", "0", "FALSE")
PLACES = ("Xã", "Phường", "Thị trấn")


def _share(rng: random.Random, low: float, high: float) -> str:
    """A percentage written as people write it: 92.5, 96.40, 88, " 71.25 "."""
    value = rng.uniform(low, high)
    form = rng.random()
    if form < 0.5:
        return f"{value:.1f}"
    if form < 0.7:
        return f"{value:.2f}"
    if form < 0.9:
        return str(round(value))
    return f" {value:.2f} "


def _bool(rng: random.Random, yes: float) -> str:
    return rng.choice(YES) if rng.random() < yes else rng.choice(NO)


def _level(rng: random.Random, levels: tuple[str, ...]) -> str:
    level = rng.choice(levels)
    return level.upper() if rng.random() < 0.05 else level


def _group_score(rng: random.Random, top: int) -> str:
    quarters = rng.randint(int(top * 4 * 0.55), top * 4)
    value = quarters / 4
    return f"{value:g}" if rng.random() < 0.8 else f"{value:.2f}"


def unit_row(rng: random.Random, i: int, used: list[str]) -> dict[str, str]:
    """One unit's row (column -> cell)."""
    row = dict.fromkeys(HEADER, "")
    kind = PLACES[i % 3]
    name = f"{kind} Thử Nghiệm {i}"
    if rng.random() < 0.02:
        name = unicodedata.normalize("NFD", name)  # typed on a system that decomposes
    if rng.random() < 0.02:
        name += ", huyện Mẫu"
    row["unit_id"] = f"bg-{i:06d}"
    row["unit_name"] = name
    if rng.random() < 0.05:
        row["#note"] = "đã xác minh tại cơ sở"
    if rng.random() < 0.3:  # the portal: one self-score per group
        for group, top in GROUP_MAX.items():
            row[group] = _group_score(rng, top)
    else:
        row["g1.1.1"] = _bool(rng, 0.9)
        row["g1.1.2"] = _level(rng, ("tot", "kha", "kha", "trung_binh", "yeu"))
        row["g1.2.1"] = str(rng.randint(0, 4))
        row["g1.2.2"] = _bool(rng, 0.85)
        row["g1.2.3"] = _share(rng, 40, 100)
        row["g2.1"] = _share(rng, 60, 100)
        row["g2.2"] = _share(rng, 5, 80)
        row["g2.3"] = _level(rng, ("dat", "dat", "dat_mot_phan", "chua_dat"))
        row["g2.4"] = _bool(rng, 0.8)
        row["g2.5"] = _level(rng, ("moi_ngay", "mot_so_ngay", "khong"))
        row["g3.1"] = _bool(rng, 0.9)
        row["g3.2"] = _bool(rng, 0.85)
        row["g3.3"] = _level(rng, ("tot", "tot", "kha", "trung_binh", "yeu"))
        row["g3.4"] = str(rng.choice((0, 0, 0, 1, 2)))
        row["g4.1"] = str(rng.randint(0, 6))
        if rng.random() < 0.1:  # no complaint received: N/A, justified
            row["g4.2"] = rng.choice(("na", "N/A", "n/a"))
            row["g4.2.justification"] = "Không nhận được đơn thư nào trong năm"
        else:
            row["g4.2"] = _share(rng, 30, 100)
        row["g4.3"] = str(rng.choice((0, 0, 0, 1)))
        row["g5.1"] = _share(rng, 50, 100)
        row["g5.2"] = _share(rng, 50, 100)
        row["g5.3"] = "na" if rng.random() < 0.15 else _share(rng, 40, 100)
    row["head_disciplined_or_prosecuted"] = _bool(rng, 0.03)
    _spoil(rng, row, used)
    return row


def _spoil(rng: random.Random, row: dict[str, str], used: list[str]) -> None:
    """About one row in 50 gets a mistake people make."""
    if rng.random() >= 0.02:
        return
    mistake = rng.randrange(8)
    answered = [c for c in HEADER[3:] if row[c]]
    if mistake == 0:  # a decimal comma
        numbers = [c for c in answered if row[c].replace(".", "", 1).strip().isdigit()]
        if numbers:
            column = rng.choice(numbers)
            row[column] = row[column].strip().replace(".", ",") + (
                "" if "." in row[column] else ",5"
            )
    elif mistake == 1:  # above the maximum
        row["g2"] = "26"
    elif mistake == 2:  # a misspelt level
        row["g3.3"] = "tốtt"
    elif mistake == 3:  # a missing answer
        row[rng.choice(answered)] = ""
    elif mistake == 4:  # no unit id
        row["unit_id"] = ""
    elif mistake == 5 and used:  # a unit id used before, maybe far above
        row["unit_id"] = rng.choice(used)
    elif mistake == 6:  # N/A without the justification it needs
        row["g4.2"], row["g4.2.justification"] = "na", ""
    else:  # a value in a column for notes that is not one
        row["g5.3"] = "không có doanh nghiệp"


def write_programme(path: Path, units: int, seed: int = SEED) -> None:
    """``units`` rows (plus a few comment and empty rows) in a UTF-8 CSV file with a BOM."""
    rng = random.Random(seed)
    used: list[str] = []
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(units):
            if rng.random() < 0.001:
                writer.writerow(["# rows below: huyện Mẫu", *[""] * (len(HEADER) - 1)])
            if rng.random() < 0.001:
                writer.writerow([""] * len(HEADER))  # a row of empty cells (not a blank line)
            row = unit_row(rng, i, used)
            if row["unit_id"]:
                used.append(row["unit_id"])
            writer.writerow([row[c] for c in HEADER])
