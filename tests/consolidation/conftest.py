"""A first quarter with every kind of unit the coordinator meets: on time at the last minute, late by
ten minutes past midnight, a draft, a returned report, one returned and sent again, an accepted one,
and the rest missing."""

import pytest

from tests.conftest import vn


def file_report(unit, period, values, *, at=None, narrative=None, submit=True, by=None):
    from cchc.reporting.actions import save_report, submit_report

    report = save_report(unit, period, values=values, narrative=narrative)
    if submit:
        report = submit_report(report, at=at, signed_by_name="Thủ trưởng đơn vị", by=by)
    return report


@pytest.fixture
def quarter(ankhe, unit, period, personas):
    """2021-Q1 (deadline 05/03/2021) filled in as described above; returns the period."""
    import datetime as dt

    from cchc.reporting.actions import accept_report, return_report

    q1 = period("2021-Q1")
    coordinator = personas["coordinator"]
    # TP: 23:30 on the deadline day, Vietnam time — on time.
    file_report(
        unit("TP"),
        q1,
        {"2.1": 5, "3.3.3": 80},
        at=vn(2021, 3, 5, 23, 30),
        narrative={
            "thematic": "Thẩm định 3 dự thảo VBQPPL.",
            "results": {"1": "Rà soát văn bản của phòng."},
            "difficulties": "Thiếu công chức pháp chế.",
        },
    )
    # VP: the same instant written in UTC (16:30Z = 23:30 in Hà Nội) — on time.
    file_report(
        unit("VP"),
        q1,
        {"3.1.3": 300, "3.1.3.a": 200, "3.1.3.b": 100, "3.3.3": 90, "1.4.2": 2},
        at=dt.datetime(2021, 3, 5, 16, 30, tzinfo=dt.UTC),
        narrative={
            "thematic": "Công bố 12 TTHC mới; một cửa điện tử vận hành ổn định.",
            "results": {"2": "Niêm yết công khai TTHC tại bộ phận một cửa."},
        },
    )
    # Ngô Mây: ten minutes past midnight after the deadline — one day late.
    file_report(
        unit("NGO-MAY"),
        q1,
        {"2.1": 1, "3.1.3.b": 100, "3.3.3": 100, "1.4.2": 1},
        at=vn(2021, 3, 6, 0, 10),
        narrative={"organisation": "Ban hành kế hoạch CCHC của phường.", "proposals": "Bổ sung máy scan."},
    )
    # An Bình: still a draft — never counts.
    file_report(
        unit("AN-BINH"),
        q1,
        {"2.1": 50, "3.3.3": 10},
        submit=False,
        narrative={"organisation": "Bản nháp không được tổng hợp."},
    )
    # An Phú: sent on time, returned, not sent again — does not count.
    r = file_report(unit("AN-PHU"), q1, {"2.1": 7}, at=vn(2021, 3, 2, 9, 0))
    return_report(r, by=coordinator, reason="Thiếu số liệu mục 3.")
    # An Tân: first sent on time, returned, sent again a week late — counts, on time (first submission).
    r = file_report(unit("AN-TAN"), q1, {"2.1": 4, "3.1.3.b": 95}, at=vn(2021, 3, 4, 8, 0))
    return_report(r, by=coordinator, reason="Số TTHC cấp xã chưa đúng.")
    from cchc.reporting.actions import submit_report

    submit_report(r, at=vn(2021, 3, 12, 10, 0), signed_by_name="Chủ tịch UBND phường")
    # Nội vụ: sent early and accepted.
    r = file_report(unit("NV"), q1, {"1.1.1": 30, "1.1.2": 10, "4.2.1": 120, "4.2.2": 110}, at=vn(2021, 3, 1, 8, 0))
    accept_report(r, by=coordinator)
    return q1
