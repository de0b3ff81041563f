"""The outline of a report's text, written once: its parts as công văn 158 §2.1 lays them out and the six
reform areas its results are told by (Nghị quyết 76/NQ-CP), with the headings every face writes them
under — the report page and its review, the Word report and the Word import, the consolidated page and
document, and the plan, whose tasks are grouped by the same six areas. The JSON keys of the parts are
INTERFACES.md's."""

from __future__ import annotations

ORGANISATION, RESULTS, DIFFICULTIES, PROPOSALS, THEMATIC = (
    "organisation",
    "results",
    "difficulties",
    "proposals",
    "thematic",
)
# The directive's four parts, in order; THEMATIC (the chuyên đề report) is asked only of the
# departments the locality names (cchc.reporting.thematic).
PARTS = (ORGANISATION, RESULTS, DIFFICULTIES, PROPOSALS)
KEYS = (*PARTS, THEMATIC)  # every key of a report's `narrative`
TEXT_PARTS = (ORGANISATION, DIFFICULTIES, PROPOSALS, THEMATIC)  # the parts that are one text each

AREAS = {
    "1": "Cải cách thể chế",
    "2": "Cải cách thủ tục hành chính",
    "3": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "4": "Cải cách chế độ công vụ",
    "5": "Cải cách tài chính công",
    "6": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}

HEADINGS = {
    ORGANISATION: "I. Tình hình tổ chức thực hiện và công tác kiểm tra, tuyên truyền CCHC",
    RESULTS: "II. Kết quả chủ yếu đạt được",
    DIFFICULTIES: "III. Những khó khăn, vướng mắc",
    PROPOSALS: "IV. Kiến nghị, đề xuất",
    THEMATIC: "V. Báo cáo chuyên đề",
}


def area_heading(area: str) -> str:
    """ "2. Cải cách thủ tục hành chính": a reform area as written under heading II."""
    return f"{area}. {AREAS[area]}"


def heading(key: str) -> str:
    """The heading of a part, or of "results.N" (one area's results) standing on its own:
    "II.2. Cải cách thủ tục hành chính"."""
    if key.startswith(f"{RESULTS}."):
        area = key.split(".", 1)[1]
        return f"II.{area_heading(area)}"
    return HEADINGS[key]


def part_keys() -> list[str]:
    """Every part a text can be stored under, in the report's order: organisation, results.1 … results.6,
    difficulties, proposals, thematic."""
    return [ORGANISATION, *(f"{RESULTS}.{a}" for a in AREAS), DIFFICULTIES, PROPOSALS, THEMATIC]
