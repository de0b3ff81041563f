"""A report's timeliness category, decided once (cchc.reporting.timeliness.timeliness) and read the
same on the unit's page, the status board and the compliance table — the README's rule: a report
returned and not sent again is "returned", neither on time nor late; a sent report (submitted or
accepted) is on time or late by its first submission."""

import time_machine
from django.urls import reverse

from cchc.consolidation.compliance import year_compliance
from cchc.reporting.actions import accept_report, return_report, save_report, submit_report
from cchc.reporting.timeliness import period_counts, period_status, timeliness
from tests.conftest import vn

GOOD = {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}


def _sent(unit, period, personas, at):
    report = save_report(unit, period, values=GOOD, by=personas["officer_a"])
    return submit_report(report, by=personas["leader_a"], at=at)


@time_machine.travel(vn(2021, 4, 20, 9, 0), tick=False)
def test_it_reads_a_returned_and_an_accepted_report_alike_everywhere(client_as, personas, unit, period):
    q1 = period("2021-Q1")  # due 05/03/2021
    ward_a, ward_b = unit("NGO-MAY"), unit("AN-BINH")
    returned = return_report(
        _sent(ward_a, q1, personas, vn(2021, 3, 4, 10, 0)), by=personas["coordinator"], reason="Thiếu số liệu."
    )
    accepted = accept_report(_sent(ward_b, q1, personas, vn(2021, 3, 8, 10, 0)), by=personas["coordinator"])

    assert timeliness(q1, returned.status, returned.first_submitted_at) == ("returned", 0)
    assert timeliness(q1, accepted.status, accepted.first_submitted_at) == ("late", 3)

    board = {r["unit"].code: r for r in period_status(q1, [ward_a, ward_b])}
    assert board["NGO-MAY"]["category"] == "returned"
    assert board["AN-BINH"]["category"] == "accepted" and board["AN-BINH"]["late_days"] == 3
    counts = period_counts(q1)
    assert counts["returned"] == 1 and counts["accepted"] == 1 and counts["late_total"] == 1
    assert counts["on_time_total"] == 0  # the returned report counts as neither

    _, rows = year_compliance(2021, units=[ward_a, ward_b], today=vn(2021, 4, 20, 9, 0).date())
    cells = {r.unit.code: r.cells[0] for r in rows}
    assert cells["NGO-MAY"].state == "returned" and cells["AN-BINH"].state == "late"

    # The unit's page of the year: it was "gửi đúng hạn" for a returned report before.
    page = client_as("officer_a").get(reverse("unit_reports", args=["NGO-MAY", 2021])).content.decode()
    row = page.split('data-period="2021-Q1"')[1].split("</tr>")[0]
    assert "Bị trả lại, chưa gửi lại" in row and "Đúng hạn" not in row and ">Bị trả lại</span>" in row
    page = client_as("leader_b").get(reverse("unit_reports", args=["AN-BINH", 2021])).content.decode()
    row = page.split('data-period="2021-Q1"')[1].split("</tr>")[0]
    assert "Trễ hạn 3 ngày" in row and "Đã tiếp nhận" in row
