"""The yearly compliance table (thi đua) and its ranking, on the page, in JSON and in xlsx."""

import pytest
import time_machine

from cchc.consolidation.compliance import year_compliance
from tests.conftest import vn
from tests.consolidation.conftest import file_report


def _first_half(quarter, period, unit):
    h1 = period("2021-H1")
    file_report(unit("TP"), h1, {"2.1": 6}, at=vn(2021, 6, 20, 9, 0))  # 15 days late
    file_report(unit("NV"), h1, {"1.1.1": 30}, at=vn(2021, 6, 5, 17, 0))
    file_report(unit("NGO-MAY"), h1, {"2.1": 1}, at=vn(2021, 6, 1, 8, 0))
    return h1


def test_it_scores_and_ranks_a_year(quarter, period, unit):
    _first_half(quarter, period, unit)
    periods, rows = year_compliance(2021, today=vn(2021, 6, 10, 9, 0).date())
    assert [p.code for p in periods] == ["2021-Q1", "2021-H1", "2021-Q3", "2021-Y"]
    by = {r.unit.code: r for r in rows}
    assert [c.state for c in by["TP"].cells] == ["on_time", "late", "pending", "pending"]
    assert by["TP"].cells[1].late_days == 15 and by["TP"].cells[1].score == 2  # 10 − 15, floored at 2
    assert [c.state for c in by["NGO-MAY"].cells[:2]] == ["late", "on_time"]
    assert by["AN-PHU"].cells[0].state == "returned" and by["AN-PHU"].cells[0].returns == 1
    assert by["AN-TAN"].cells[0].state == "on_time" and by["AN-TAN"].cells[0].returns == 1
    assert by["AN-BINH"].cells[0].state == "missing"
    scores = {code: by[code].score for code in ("NV", "NGO-MAY", "TP", "VP", "AN-TAN", "AN-PHU", "AN-BINH")}
    # An Phú, returned and never sent again, scores like a missing report (0), not as its first
    # (on-time) submission; An Tân, sent again, is judged on its first submission less the return.
    assert scores == {"NV": 20, "NGO-MAY": 19, "TP": 12, "VP": 10, "AN-TAN": 8, "AN-PHU": 0, "AN-BINH": 0}
    assert [(r.unit.code, r.rank) for r in rows[:5]] == [("NV", 1), ("NGO-MAY", 2), ("TP", 3), ("VP", 4), ("AN-TAN", 5)]
    assert rows[5].rank == 6 and rows[-1].rank == 6 and rows[-1].score == 0
    assert (by["AN-PHU"].on_time, by["AN-PHU"].late, by["AN-PHU"].returned, by["AN-PHU"].missing) == (0, 0, 1, 1)
    assert (by["AN-TAN"].on_time, by["AN-TAN"].returned) == (1, 0)


def test_it_follows_the_offices_score_settings(quarter, settings):
    settings.CCHC_COMPLIANCE_SCORE = {"on_time": 5, "late_day": 2, "missing": -5}
    _, rows = year_compliance(2021, today=vn(2021, 4, 1, 9, 0).date())
    by = {r.unit.code: r for r in rows}
    assert by["TP"].score == 5 and by["NGO-MAY"].score == 3 and by["AN-BINH"].score == -5


def test_it_exports_the_table_for_the_emulation_council(quarter, period, unit, cchc, tmp_path):
    from openpyxl import load_workbook

    _first_half(quarter, period, unit)
    out = tmp_path / "thi-dua.xlsx"
    with time_machine.travel(vn(2021, 6, 10, 9, 0), tick=False):
        cchc("compliance", "--year", "2021", "--format", "xlsx", "-o", str(out))
        data = cchc("compliance", "--year", "2021", "--format", "json").json()
    ws = load_workbook(out).active
    assert ws["A1"].value.startswith("KẾT QUẢ THỰC HIỆN CHẾ ĐỘ BÁO CÁO CẢI CÁCH HÀNH CHÍNH")
    assert ws["A1"].font.name == "Times New Roman"
    headers = [c.value for c in ws[4]]
    assert headers[:4] == ["STT", "Đơn vị", "Quý I năm 2021", "6 tháng đầu năm 2021"]
    assert headers[-2:] == ["Điểm", "Xếp hạng"]
    first = [c.value for c in ws[5]]
    assert first[1] == "Phòng Nội vụ" and first[-2:] == [20, 1]
    tp = next([c.value for c in row] for row in ws.iter_rows(min_row=5) if row[1].value == "Phòng Tư pháp")
    assert tp[2:4] == ["Đúng hạn", "Trễ hạn 15 ngày"] and tp[-2:] == [12, 3]
    assert data["units"][0]["unit"] == "NV" and data["units"][0]["score"] == 20
    assert data["units"][0]["periods"]["2021-H1"] == {"state": "on_time", "late_days": 0, "returns": 0, "score": 10}


def test_it_refuses_a_year_without_periods(ankhe, cchc):
    result = cchc("compliance", "--year", "1999", "--format", "json", expect=2)
    assert "1999" in result.stderr


def test_it_scores_a_returned_report_like_a_missing_one_until_it_is_sent_again(quarter, unit, period):
    from cchc.reporting.actions import submit_report
    from cchc.reporting.models import Report

    q1 = quarter
    # Before the deadline a returned report is not scored yet, like a missing one.
    _, rows = year_compliance(2021, today=vn(2021, 3, 3, 9, 0).date())
    cell = {r.unit.code: r for r in rows}["AN-PHU"].cells[0]
    assert cell.state == "returned" and cell.score is None
    _, rows = year_compliance(2021, today=vn(2021, 4, 1, 9, 0).date())
    an_phu = {r.unit.code: r for r in rows}["AN-PHU"]
    assert an_phu.cells[0].state == "returned" and an_phu.cells[0].label == "Bị trả lại, chưa gửi lại"
    assert an_phu.score == 0 and an_phu.on_time == 0 and an_phu.late_days == 0
    # Sent again (late): the first submission decides once more, less 2 for the return.
    submit_report(
        Report.objects.get(unit=unit("AN-PHU"), period=q1),
        at=vn(2021, 3, 20, 9, 0),
        signed_by_name="Chủ tịch UBND phường",
    )
    _, rows = year_compliance(2021, today=vn(2021, 4, 1, 9, 0).date())
    an_phu = {r.unit.code: r for r in rows}["AN-PHU"]
    assert an_phu.cells[0].state == "on_time" and an_phu.score == 8 and an_phu.returned == 0


def test_it_scores_a_returned_report_as_the_office_scores_a_missing_one(quarter, settings):
    settings.CCHC_COMPLIANCE_SCORE = {"missing": -5}
    _, rows = year_compliance(2021, today=vn(2021, 4, 1, 9, 0).date())
    by = {r.unit.code: r for r in rows}
    assert by["AN-PHU"].score == -5 == by["AN-BINH"].score


def test_it_states_the_returned_rule_on_the_page_and_in_the_sheet(quarter, client_as, cchc, tmp_path):
    from openpyxl import load_workbook

    rule = "bị trả lại mà chưa gửi lại tính như không báo cáo (0 điểm) cho đến khi gửi lại"
    with time_machine.travel(vn(2021, 4, 1, 9, 0), tick=False):
        page = client_as("coordinator").get("/tong-hop/thi-dua/2021/").content.decode()
        out = tmp_path / "thi-dua.xlsx"
        cchc("compliance", "--year", "2021", "--format", "xlsx", "-o", str(out))
    assert rule in page and "Bị trả lại, chưa gửi lại" in page
    ws = load_workbook(out).active
    assert any(rule in str(c.value) for row in ws.iter_rows() for c in row if c.value)
    headers = [c.value for c in ws[4]]
    an_phu = next([c.value for c in row] for row in ws.iter_rows(min_row=5) if row[1].value == "UBND phường An Phú")
    assert an_phu[headers.index("Số kỳ bị trả lại, chưa gửi lại")] == 1
    assert an_phu[headers.index("Số kỳ đúng hạn")] == 0 and an_phu[headers.index("Điểm")] == 0


@pytest.mark.parametrize("day", [(2021, 3, 1), (2021, 3, 10), (2021, 12, 31), (2022, 6, 1)])
def test_the_ranking_by_the_database_equals_the_table_computed_in_python(quarter, day, settings):
    """The compliance page ranks and pages in SQL (RankedUnits); it must give every unit the score
    order and rank of year_compliance(), before and after deadlines, with any points."""
    import datetime as dt

    from cchc.consolidation.compliance import RankedUnits, compliance_page, year_compliance
    from cchc.reporting.models import Period

    today = dt.date(*day)
    for rules in (None, {"on_time": 5, "late_day": 0.5, "late_min": 1, "missing": -1, "returned": 3}):
        periods, rows = year_compliance(2021, today=today, rules=rules)
        ranked = RankedUnits(
            2021, list(Period.objects.filter(year=2021).order_by("deadline")), today=today, rules=rules
        ).query()
        assert [(u, rank) for u, _score, _late, rank in ranked] == [(r.unit.pk, r.rank) for r in rows]
        assert [float(score) for _u, score, _l, _r in ranked] == [float(r.score) for r in rows]
        _, page, total = compliance_page(2021, 2, per_page=5, today=today, rules=rules)
        assert total == len(rows)
        assert [(r.unit.pk, r.rank, r.score) for r in page.object_list] == [
            (r.unit.pk, r.rank, r.score) for r in rows[5:10]
        ]
