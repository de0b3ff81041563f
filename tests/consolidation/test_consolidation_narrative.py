"""The town's narrative: assembled from the units' counted reports, or the coordinator's saved edit."""

import pytest

from cchc.consolidation.narrative import consolidated_narrative, save_narrative


def test_it_puts_each_thematic_report_under_its_reform_area_first(quarter):
    n = consolidated_narrative(quarter)
    assert set(n) == {"organisation", "results", "difficulties", "proposals"}
    assert list(n["results"]) == ["1", "2", "3", "4", "5", "6"]
    # Tư pháp's thematic report leads area 1, before its own text of that area.
    area1 = n["results"]["1"]
    assert area1.startswith("Phòng Tư pháp (báo cáo chuyên đề về cải cách thể chế):\nThẩm định 3 dự thảo VBQPPL.")
    assert "Phòng Tư pháp: Rà soát văn bản của phòng." in area1
    assert area1.index("chuyên đề") < area1.index("Rà soát")
    # Văn phòng's thematic report covers procedures (2) and e-government (6).
    assert "Công bố 12 TTHC mới" in n["results"]["2"] and "Công bố 12 TTHC mới" in n["results"]["6"]
    assert n["results"]["2"].endswith("Văn phòng HĐND và UBND thị xã: Niêm yết công khai TTHC tại bộ phận một cửa.")
    assert n["organisation"] == "UBND phường Ngô Mây: Ban hành kế hoạch CCHC của phường."
    assert n["difficulties"] == "Phòng Tư pháp: Thiếu công chức pháp chế."
    assert n["proposals"] == "UBND phường Ngô Mây: Bổ sung máy scan."
    # An Bình's draft never enters.
    assert "Bản nháp" not in str(n)


def test_it_returns_the_coordinators_edit_once_saved_and_audits_it(quarter, personas):
    from cchc.audit.models import AuditEntry

    draft = consolidated_narrative(quarter)
    edited = dict(draft, organisation="UBND thị xã đã ban hành Kế hoạch CCHC năm 2021.")
    save_narrative(quarter, edited, by=personas["coordinator"])
    n = consolidated_narrative(quarter)
    assert n["organisation"] == "UBND thị xã đã ban hành Kế hoạch CCHC năm 2021."
    assert n["results"] == draft["results"]
    entry = AuditEntry.objects.filter(action="consolidated_narrative_save").get()
    assert entry.period == "2021-Q1" and entry.username == "noivu.test"


def test_it_refuses_a_malformed_narrative(quarter, personas):
    from cchc.reporting.actions import ReportError

    with pytest.raises(ReportError):
        save_narrative(quarter, {"results": {"9": "?"}}, by=personas["coordinator"])


def test_it_puts_the_coordinators_edit_into_the_towns_word_report(quarter, personas, cchc, tmp_path):
    from docx import Document

    edited = consolidated_narrative(quarter)
    edited["results"]["4"] = "Thị xã đã rà soát vị trí việc làm tại 12 cơ quan chuyên môn."
    save_narrative(quarter, edited, by=personas["coordinator"])
    out = tmp_path / "tong-hop.docx"
    cchc("consolidate", "--period", "2021-Q1", "--format", "docx", "-o", str(out))
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "Thị xã đã rà soát vị trí việc làm tại 12 cơ quan chuyên môn." in text
    assert "Thẩm định 3 dự thảo VBQPPL." in text  # the thematic report, from the draft kept in the edit
