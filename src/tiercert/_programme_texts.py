"""The texts people read in the programme's reports (grouped statistics, progress across
rounds, recognition lists), in English and Vietnamese.

The English text is the message id, as in a gettext catalog: :func:`tr` gives it in the
language asked for.  tests/outputs/test_programme_texts.py holds every text the programme's
modules pass to :func:`tr` to have its Vietnamese here.
"""

from __future__ import annotations

#: the Vietnamese of each English text
VI: dict[str, str] = {
    "Programme by {attribute}": "Chương trình theo {attribute}",
    "(none)": "(không có)",
    "units": "đơn vị",
    "scored": "đã chấm",
    "rejected": "bị từ chối",
    "certified": "đạt chuẩn",
    "share certified": "tỷ lệ đạt chuẩn",
    "mean total": "điểm trung bình",
    "no tier": "không xếp hạng",
    "weakest groups": "nhóm yếu nhất",
    "all units": "toàn bộ",
    "Targets": "Chỉ tiêu",
    "target": "chỉ tiêu",
    "reached": "đạt được",
    "met": "đạt",
    "not met": "chưa đạt",
    "{n} more units needed": "cần thêm {n} đơn vị",
    "no units in this period": "không có đơn vị nào trong kỳ này",
    "provisional target": "chỉ tiêu tạm thời",
    "at {tier} or above": "từ {tier} trở lên",
    "Progress across rounds": "Tiến độ qua các kỳ đánh giá",
    "Round": "Kỳ",
    "Rubric": "Bộ tiêu chí",
    "The rubric changed between rounds {old} and {new} (fingerprints differ): tiers are "
    "compared by their ids, ranked as each version ranks them.": (
        "Bộ tiêu chí đã thay đổi giữa kỳ {old} và kỳ {new} (dấu vân tay khác nhau): hạng được so "
        "sánh theo mã, xếp bậc theo từng phiên bản."
    ),
    "Moved up a tier": "Lên hạng",
    "Moved down a tier": "Xuống hạng",
    "Never certified": "Chưa từng đạt chuẩn",
    "Newly knocked out": "Mới bị loại (điểm liệt)",
    "none": "không có",
    "Recognition list": "Danh sách đề nghị công nhận",
    "Decided by": "Cơ quan quyết định",
    "No.": "STT",
    "Unit": "Đơn vị",
    "Unit id": "Mã đơn vị",
    "Tier": "Mức công nhận",
    "Total": "Tổng điểm",
    "Stage": "Vòng thẩm định",
    "{n} units proposed for recognition.": "{n} đơn vị được đề nghị công nhận.",
    "Round {round}": "Kỳ {round}",
    "Rubric {id} version {version}": "Bộ tiêu chí {id}, phiên bản {version}",
    "Dossier incomplete": "Hồ sơ chưa đầy đủ",
    "Stages": "Các vòng thẩm định",
    "Flagged": "Cần xem lại",
    "max": "tối đa",
    "dossier incomplete": "hồ sơ thiếu",
    "Awaiting appraisal": "Chờ thẩm định",
    "tier": "hạng",
    "{stage} (from {before}): {change}": "{stage} (so với {before}): {change}",
}


def tr(text: str, lang: str | None, /, **values: object) -> str:
    """``text`` in ``lang`` (Vietnamese when ``lang`` is ``vi`` and a translation is known;
    English otherwise), with ``values`` put in its ``{name}`` places."""
    if lang == "vi":
        text = VI.get(text, text)
    return text.format(**values) if values else text
