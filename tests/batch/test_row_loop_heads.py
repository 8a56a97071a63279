"""The row loop's output cells of a new total (its status to its failed gates), put together
from the state's cells written once and the total's texts from integers: byte for byte what
the general way (``_RowPath._head``, the csv module writing every cell) and the reference
write, for decimal totals, tier edges, labels the csv module quotes and declared rounding."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from test_batch_rows import BAC_GIANG, _bac_giang_rows, _looped, _raw_csv, _referenced

import tiercert
from tiercert import Rubric
from tiercert.batch import _RowPath


def _decimal_rows(rubric: Rubric, count: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """The shipped rubric's rows with decimal answers (0 to 2 places, nearly every total new),
    and now and then the same number spelt twice (``72.50``, ``72.5``) or a tier's edge."""
    header, rows = _bac_giang_rows(rubric, count, seed)
    rng = random.Random(seed)
    for row in rows:
        for k, cell in enumerate(row):
            if k > 1 and "." in cell and rng.random() < 0.2:
                row[k] = rng.choice(("72.50", "72.5", "80.00", "79.99", "84", "83.999"))
    return header, rows


def _heads_asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The keys the general way is asked for (``_RowPath._head``), as it is asked."""
    asked: list[tuple[Any, ...]] = []
    general = _RowPath._head

    def spy(self: _RowPath, cols: Any, scorer: Any, key: tuple[Any, ...]) -> tuple[Any, ...]:
        asked.append(key)
        return general(self, cols, scorer, key)

    monkeypatch.setattr(_RowPath, "_head", spy)
    return asked


def test_a_new_total_is_written_without_the_general_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The general way once per state (what the key decides beside its total), not once per
    new total; the output, summary and problems the reference's."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _decimal_rows(rubric, 600, 31)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    asked = _heads_asked(monkeypatch)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 400
    totals = {line.split(",")[4] for line in looped.splitlines()[1:]}
    assert len(totals) > 100  # nearly every total new
    states = [key[1:] for key in asked]
    assert len(states) == len(set(states))


def _shipped_with(tmp_path: Path, *changes: tuple[str, str]) -> Rubric:
    """The shipped rubric with each (old, new) text replaced once."""
    text = BAC_GIANG.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return tiercert.load_rubric(path)


@pytest.mark.parametrize(
    "label",
    [
        'Sao 1, \\"một\\"',  # a comma and quotes: quoted, the quotes doubled
        "Sao 1\\nmột",  # a line break: quoted
        "Sao 1\\r\\nmột",  # CR LF: one line break, as the csv writer is given it
    ],
)
def test_tier_labels_the_csv_module_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str
) -> None:
    """A tier's label written once for its state, quoted as the csv module quotes it in a
    row, between totals written anew (the first tier from 40 points: most rows reach it)."""
    rubric = _shipped_with(
        tmp_path,
        ('{vi: "Chính quyền thân thiện 1 sao"', f'{{vi: "{label}"'),
        ("rank: 1\n    min: 80\n", "rank: 1\n    min: 40\n"),
    )
    header, rows = _decimal_rows(rubric, 400, 32)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    asked = _heads_asked(monkeypatch)
    looped, summary, problems, _ = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert looped.count(',"Sao 1') > 100  # the label written, quoted, in most rows
    states = [key[1:] for key in asked]
    assert len(states) == len(set(states))


def test_a_declared_percentage_rounding_takes_the_general_way(tmp_path: Path) -> None:
    """With the percentage rounded as the rubric declares, the totals' texts are the
    Fractions' (``RowScorer.total_texts`` gives none): the general way, the same bytes."""
    rounded = "\nmax: 100\nrounding:\n  percentage: {mode: half_up, places: 0}\n"
    rubric = _shipped_with(tmp_path, ("\nmax: 100\n", rounded))
    header, rows = _decimal_rows(rubric, 300, 33)
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    looped, summary, problems, counted = _looped(rubric, path)
    assert (looped, summary, problems) == _referenced(rubric, path)
    assert counted > 200
