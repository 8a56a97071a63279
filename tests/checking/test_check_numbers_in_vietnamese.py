"""``tiercert check`` writes the numbers it tells about (a maximum, a reach, a tier's
minimum, a band's edges) with the reader's decimal mark, as every other Vietnamese output
does (``50,5``), while what it tells to write in the file keeps the dot the file needs
(``set 'min' to 2.5``); a band outside a range open at one end names the range in words,
never ``None..100``."""

from __future__ import annotations

from tiercert import check_source

RUBRIC = """\
format: 1
id: so
version: "1"
language: vi
title: Số thập phân
max: 50.5
criteria:
  - id: g1
    title: Nhóm 1
    max: 12.5
    incomplete_cap: 13.5
    children:
      - {id: a, title: A, max: 7.5, rule: {kind: boolean, points: 2.5}}
      - {id: b, title: B, max: 2.5, rule: {kind: boolean, points: 7.5}}
      - {id: r, title: R, rule: {kind: ratio, points: 2.5, full_at: 0.8, floor: 3.5}}
      - id: bd
        title: BD
        rule:
          kind: bands
          range: {max: 10.5}
          bands:
            - {max: 2.5, points: 1}
            - {min: 3.5, max: 5.5, points: 2}
            - {min: 4.5, max: 10.5, points: 3}
            - {min: 11.5, points: 4}
  - {id: c, title: C, max: 30.5, rule: {kind: direct}}
gates:
  - {id: g, title: G, require: {score: c, at_least: 31.5}}
  - {id: t, title: T, require: {score: "@criteria", at_least: 60.5}}
tiers:
  - {id: t1, label: T1, rank: 1, min: 60.5}
  - {id: t2, label: T2, rank: 2, min: 40.5}
"""

VIETNAMESE = {
    "max.unreachable": [
        "các tiêu chí thành phần chỉ đạt được tối đa 43 điểm nhưng điểm tối đa là 50,5",
        "quy tắc chấm cho nhiều nhất 2,5 điểm nhưng điểm tối đa là 7,5",
    ],
    "max.exceeded": [
        "các tiêu chí thành phần cộng lại được 17,5, vượt điểm tối đa 12,5; điểm sẽ bị giới "
        "hạn ở 12,5",
        "quy tắc chấm có thể cho 7,5 điểm, vượt điểm tối đa 2,5",
    ],
    "cap.unused": ["'incomplete_cap' 13,5 cao hơn điểm tối đa"],
    "ratio.full_at": ["0.8 nghĩa là 0,8%; muốn 80% thì ghi 80"],
    "ratio.floor": ["điểm sàn 3,5 cao hơn số điểm 2,5"],
    "band.gap": ["các giá trị từ 2,5 đến 3,5 không thuộc khoảng nào", "(2,5)"],
    "band.overlap": ["bắt đầu từ 4,5, nằm trong khoảng trước (kết thúc ở 5,5)", "là 5.5"],
    "band.outside": ["nằm ngoài 'range' (trả lời từ 10,5 trở xuống)"],
    "condition.unsatisfiable": [
        "điểm của 'c' chỉ từ 0 đến 30,5",
        "tổng điểm chỉ từ 0 đến 50,5",
    ],
    "tier.range": ["điểm tối thiểu 60,5 nằm ngoài 0..50,5"],
    "tier.order": ["điểm tối thiểu 40,5 thấp hơn của hạng trước (60,5)"],
}


def _texts(lang: str) -> dict[str, str]:
    problems = check_source(RUBRIC).problems
    by_code: dict[str, str] = {}
    for problem in problems:
        by_code[problem.code] = by_code.get(problem.code, "") + " | " + problem.text(lang)
    return by_code


def test_the_numbers_told_are_written_with_the_decimal_comma() -> None:
    found = _texts("vi")
    for code, parts in VIETNAMESE.items():
        for part in parts:
            assert part in found.get(code, ""), (code, part, found.get(code))


def test_english_keeps_the_dot_and_an_open_range_is_said_in_words() -> None:
    found = _texts("en")
    assert "the maximum is 50.5" in found["max.unreachable"]
    assert "'c' scores from 0 to 30.5" in found["condition.unsatisfiable"]
    assert "the minimum 60.5 is outside 0..50.5" in found["tier.range"]
    assert "set 'min' to 5.5" in found["band.overlap"]
    assert "outside 'range' (answers of at most 10.5)" in found["band.outside"]
    assert "None" not in found["band.outside"]
