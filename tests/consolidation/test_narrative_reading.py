"""When the units' texts are too long for one page (a province's hundred units writing a page each),
the consolidation page stops assembling them into its draft and the coordinator reads them part by
part, a page of units at a time; the Word file still carries the whole draft."""

import io

import pytest
import time_machine

from tests.conftest import vn

from .conftest import file_report

LONG = "Đơn vị đã triển khai đầy đủ các nhiệm vụ cải cách hành chính theo kế hoạch của thị xã. " * 40  # ~3,500 chars


@pytest.fixture
def wordy(quarter, unit, ankhe):
    """2021-Q1 plus 30 wards that each sent a long text on difficulties (≈ 105,000 characters)."""
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{n:02d}", name=f"UBND xã Thử {n:02d}", kind="commune", parent=ankhe, position=200 + n)
        for n in range(30)
    )
    for n in range(30):
        file_report(
            unit(f"XA-{n:02d}"),
            quarter,
            {"2.1": n},
            at=vn(2021, 3, 3, 9, 0),
            narrative={"difficulties": f"Xã {n:02d}. {LONG}", "results": {"2": "Một cửa vận hành tốt."}},
        )
    return quarter


def test_the_kept_length_is_the_texts_own(quarter, unit):
    from cchc.consolidation.narrative import draft_size
    from cchc.reporting.models import Report

    tp = Report.objects.get(unit=unit("TP"), period=quarter)
    assert tp.narrative_chars == len("Thẩm định 3 dự thảo VBQPPL.") + len("Rà soát văn bản của phòng.") + len(
        "Thiếu công chức pháp chế."
    )
    # Counted reports with text only (Tư pháp, Văn phòng, Ngô Mây): An Bình's draft is left out.
    units, chars = draft_size(quarter)
    assert units == 3 and chars == sum(
        Report.objects.counted().filter(period=quarter).values_list("narrative_chars", flat=True)
    )


def test_a_small_draft_stays_on_the_page(quarter, client_as):
    page = client_as("coordinator").get("/tong-hop/ky/2021-Q1/").content.decode()
    assert "UBND phường Ngô Mây: Ban hành kế hoạch CCHC của phường." in page
    assert "quá dài để ghép" not in page
    assert "/tong-hop/ky/2021-Q1/noi-dung-don-vi/kho-khan/" in page  # the parts are there to read anyway


def test_a_long_draft_is_read_part_by_part(wordy, client_as):
    client = client_as("coordinator")
    response = client.get("/tong-hop/ky/2021-Q1/")
    page = response.content.decode()
    assert "quá dài để ghép" in page and "Xã 07." not in page
    assert "tệp Word của báo cáo tổng hợp mang nội dung Phòng Nội vụ đã viết" in page  # not a promise of the draft
    assert len(response.content) < 150 * 1024
    # The difficulties, 20 units a page in the units' order: Tư pháp (position of the departments) first.
    first = client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/kho-khan/").content.decode()
    assert "Thiếu công chức pháp chế." in first and "Xã 00." in first and "Xã 18." in first
    assert "Xã 19." not in first and "Trang 1 / 2" in first and "31 đơn vị" in first
    second = client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/kho-khan/?trang=2").content.decode()
    assert "Xã 19." in second and "Xã 29." in second and "Xã 00." not in second
    # A long text is cut on this page, with the way to the unit's whole report.
    assert "đọc đủ trong báo cáo của đơn vị" in second and "/bao-cao/XA-29/2021-Q1/" in second


def test_thematic_reports_lead_their_areas(wordy, client_as):
    page = client_as("coordinator").get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/linh-vuc-2/").content.decode()
    assert page.index("Công bố 12 TTHC mới") < page.index("Niêm yết công khai TTHC")
    assert "báo cáo chuyên đề về" in page
    # Area 1: Tư pháp's thematic report, not Văn phòng's.
    area1 = client_as("coordinator").get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/linh-vuc-1/").content.decode()
    assert "Thẩm định 3 dự thảo VBQPPL." in area1 and "Công bố 12 TTHC mới" not in area1


def test_drafts_and_returned_reports_are_not_read(quarter, client_as):
    page = client_as("viewer").get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/to-chuc-thuc-hien/").content.decode()
    assert "Ban hành kế hoạch CCHC của phường." in page and "Bản nháp không được tổng hợp." not in page


def test_the_word_file_carries_the_towns_text_not_every_units(wordy, client_as, personas):
    """The official document holds what the coordinator wrote (python-docx took 24 s for the
    draft of 6,000 units' texts); a small draft still goes in whole, as on the page."""
    from docx import Document

    from cchc.consolidation.narrative import consolidated_narrative, empty_narrative, save_narrative

    def word_text():
        with time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False):
            response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/tai-ve/docx/")
        return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)

    assert consolidated_narrative(wordy) == empty_narrative()
    assert "Xã 00." not in word_text()
    save_narrative(wordy, dict(empty_narrative(), difficulties="Nhiều xã thiếu công chức."), by=personas["coordinator"])
    assert "Nhiều xã thiếu công chức." in word_text()


def test_a_small_draft_goes_into_the_word_file(quarter, client_as):
    from docx import Document

    with time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False):
        response = client_as("coordinator").get("/tong-hop/ky/2021-Q1/tai-ve/docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "UBND phường Ngô Mây: Ban hành kế hoạch CCHC của phường." in text


@pytest.mark.parametrize("who,status", [("officer_a", 403), ("leader_b", 403), ("viewer", 200), ("coordinator", 200)])
def test_only_the_overview_reads_every_units_text(quarter, client_as, who, status):
    assert client_as(who).get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/kho-khan/").status_code == status


def test_an_unknown_part_or_period_is_not_found(quarter, client_as):
    client = client_as("coordinator")
    assert client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/linh-vuc-9/").status_code == 404
    assert client.get("/tong-hop/ky/2099-Q1/noi-dung-don-vi/kho-khan/").status_code == 404
    assert client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/kho-khan/?trang=abc").status_code == 200


def test_the_reading_page_costs_the_same_whatever_the_units(wordy, client_as, django_assert_max_num_queries):
    client = client_as("coordinator")
    client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/linh-vuc-2/")
    with django_assert_max_num_queries(14):
        assert client.get("/tong-hop/ky/2021-Q1/noi-dung-don-vi/linh-vuc-2/").status_code == 200
