"""The report's life through the pages: draft, sign, return with a reason, correct, sign again
(a new version), accept — and the transitions that are refused."""

import time_machine
from django.urls import reverse

from cchc.audit.models import AuditEntry
from cchc.reporting.models import Report
from tests.conftest import vn

from .helpers import post_report, report_url


def test_it_runs_the_whole_cycle_with_server_time_and_versions(client_as, ward_a, q1):
    with time_machine.travel(vn(2021, 3, 4, 9, 0), tick=False):
        officer = client_as("officer_a")
        assert (
            post_report(officer, {"1.1.1": "10", "1.1.2": "4"}, {"organisation": "Triển khai đầy đủ."}).status_code
            == 302
        )
        leader = client_as("leader_a")
        # A submitted_at the client makes up is ignored: the time is the server's.
        response = post_report(
            leader, {"1.1.1": "10", "1.1.2": "4"}, url_name="report_submit", extra={"submitted_at": "2021-01-01T00:00"}
        )
        assert response.status_code == 302
        report = Report.objects.get(unit=ward_a, period=q1)
        assert report.status == "submitted" and report.first_submitted_at == vn(2021, 3, 4, 9, 0)
        assert report.signed_by_id == client_as("leader_a").get(report_url()).wsgi_request.user.pk
        assert "Đã gửi" in client_as("officer_a").get(report_url()).content.decode()

    with time_machine.travel(vn(2021, 3, 6, 8, 0), tick=False):
        coordinator = client_as("coordinator")
        assert (
            coordinator.post(reverse("report_return", args=["NGO-MAY", "2021-Q1"]), {"reason": ""}).status_code == 400
        )  # a reason is required
        response = coordinator.post(
            reverse("report_return", args=["NGO-MAY", "2021-Q1"]), {"reason": "Thiếu số liệu kiểm tra CCHC (mục 1.2)."}
        )
        assert response.status_code == 302
        page = client_as("officer_a").get(report_url()).content.decode()
        assert "Bị trả lại" in page and "Thiếu số liệu kiểm tra CCHC (mục 1.2)." in page
        assert 'name="v-1.2.1"' in page  # editable again for the unit

        officer = client_as("officer_a")
        assert post_report(officer, {"1.1.1": "10", "1.1.2": "4", "1.2.1": "3", "1.2.2": "2"}).status_code == 302
        leader = client_as("leader_a")
        assert (
            post_report(
                leader, {"1.1.1": "10", "1.1.2": "4", "1.2.1": "3", "1.2.2": "2"}, url_name="report_submit"
            ).status_code
            == 302
        )
        report.refresh_from_db()
        assert report.status == "submitted"
        # Resubmitted after the deadline, but lateness is judged on the first submission.
        assert report.first_submitted_at == vn(2021, 3, 4, 9, 0) and report.submitted_at == vn(2021, 3, 6, 8, 0)
        assert report.late_days() == 0
        assert [v.number for v in report.versions.all()] == [1, 2]
        assert (
            report.versions.get(number=2).values["1.2.1"] == 3 and "1.2.1" not in report.versions.get(number=1).values
        )

        # One test client: logging in as someone else replaces the previous session.
        coordinator = client_as("coordinator")
        assert coordinator.post(reverse("report_accept", args=["NGO-MAY", "2021-Q1"])).status_code == 302
        report.refresh_from_db()
        assert report.status == "accepted"
        # The officer may edit the unit's drafts, but an accepted report is locked: 409, not 403.
        assert (
            post_report(client_as("officer_a"), {"1.1.1": "11"}, state={"revision": str(report.revision)}).status_code
            == 409
        )

    history = client_as("officer_a").get(reverse("report_history", args=["NGO-MAY", "2021-Q1"])).content.decode()
    for text in (
        "Lần gửi thứ 1",
        "Lần gửi thứ 2",
        "Trả lại báo cáo",
        "Tiếp nhận báo cáo",
        "Ký ban hành, gửi báo cáo",
        "Lý do: Thiếu số liệu kiểm tra CCHC (mục 1.2).",
        "ld.a",
        "noivu.test",
        "cv.a",
    ):
        assert text in history, text
    # The leader's first sign-off posts without the narrative (a change, so saved); the second posts
    # what is already stored, so no save of theirs is logged.
    actions = list(
        AuditEntry.objects.filter(object_type="Report", object_id=str(report.pk))
        .order_by("at", "id")
        .values_list("username", "action")
    )
    assert actions == [
        ("cv.a", "save"),
        ("ld.a", "save"),
        ("ld.a", "submit"),
        ("noivu.test", "return"),
        ("cv.a", "save"),
        ("ld.a", "submit"),
        ("noivu.test", "accept"),
    ]
    # Each action by its Vietnamese name, never its code; the person by name beside the login.
    assert ">save<" not in history and ">submit<" not in history
    assert 'Người dùng officer_a <span class="muted small">(cv.a)</span>' in history


@time_machine.travel(vn(2021, 3, 2, 9, 0), tick=False)
def test_it_refuses_to_sign_a_report_with_errors_but_keeps_the_draft(client_as, ward_a, q1):
    response = post_report(client_as("leader_a"), {"1.1.1": "3", "1.1.2": "9"}, url_name="report_submit")
    assert response.status_code == 422
    page = response.content.decode()
    assert "chưa thể ký ban hành" in page and "Lỗi:" in page
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.status == "draft" and report.value_map() == {"1.1.1": 3, "1.1.2": 9}
    assert not report.versions.exists()


@time_machine.travel(vn(2021, 3, 7, 15, 30), tick=False)
def test_it_counts_days_late_in_vietnam_days(client_as, ward_a, q1):
    assert post_report(client_as("leader_a"), {"1.1.1": "3"}, url_name="report_submit").status_code == 302
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.late_days() == 2
    listing = client_as("officer_a").get(reverse("unit_reports", args=["NGO-MAY", 2021])).content.decode()
    assert "Trễ hạn 2 ngày" in listing
    board = client_as("coordinator").get(reverse("board", args=["2021-Q1"])).content.decode()
    assert "Trễ hạn 2 ngày" in board


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_records_a_report_received_through_the_document_system_at_its_received_time(client_as, personas, ward_a, q1):
    coordinator = client_as("coordinator")
    response = post_report(
        coordinator,
        {"1.1.1": "8", "1.1.2": "8"},
        url_name="report_receive",
        extra={"received_at": "05/03/2021 16:45", "signed_by_name": "Nguyễn Văn An"},
    )
    assert response.status_code == 302
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.status == "submitted" and report.first_submitted_at == vn(2021, 3, 5, 16, 45)
    assert report.late_days() == 0 and report.received_by == personas["coordinator"]
    assert report.signed_by_name == "Nguyễn Văn An"
    page = client_as("officer_a").get(report_url()).content.decode()
    assert "nhận qua hệ thống văn bản" in page
    # Entered on the unit's behalf: its own action in the log, and named so on the history page.
    assert list(AuditEntry.objects.filter(object_type="Report").order_by("id").values_list("action", flat=True)) == [
        "receive",
        "submit",
    ]
    history = client_as("officer_a").get(reverse("report_history", args=["NGO-MAY", "2021-Q1"])).content.decode()
    assert "Phòng Nội vụ nhập thay báo cáo nhận qua văn bản" in history and "Nhập số liệu từ tệp" not in history


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_takes_the_received_time_typed_day_first_in_vietnam_time(client_as, ward_a, q1):
    coordinator = client_as("coordinator")
    page = coordinator.get(report_url()).content.decode()
    # A text field filled with now as dd/mm/yyyy HH:MM, not the browser's own date picker.
    assert 'type="datetime-local"' not in page
    assert 'name="received_at" id="id_received_at" value="10/03/2021 09:00"' in page
    response = post_report(
        coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": "06/03/2021 07:30"}
    )
    assert response.status_code == 302
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.first_submitted_at == vn(2021, 3, 6, 7, 30) and report.late_days() == 1


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_explains_a_received_time_it_cannot_read(client_as, ward_a, q1):
    coordinator = client_as("coordinator")
    for typed in ("3/6/2021 7:30 PM", "32/03/2021 08:00", ""):
        response = post_report(coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": typed})
        assert response.status_code == 400, typed
        page = response.content.decode()
        assert "dd/mm/yyyy HH:MM" in page or "ví dụ 05/03/2021 16:45" in page
    response = post_report(
        coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": "10/03/2021 09:05"}
    )
    assert response.status_code == 400
    assert "10/03/2021 09:05 còn ở tương lai" in response.content.decode()
    assert not Report.objects.filter(unit=ward_a, period=q1).exists()


@time_machine.travel(vn(2021, 3, 10, 9, 0), tick=False)
def test_it_refuses_a_received_time_in_the_future_or_with_errors_and_stores_nothing(client_as, ward_a, q1):
    coordinator = client_as("coordinator")
    response = post_report(
        coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": "11/03/2021 08:00"}
    )
    assert response.status_code == 400 and "tương lai" in response.content.decode()
    response = post_report(
        coordinator, {"1.1.1": "2", "1.1.2": "8"}, url_name="report_receive", extra={"received_at": "05/03/2021 08:00"}
    )
    assert response.status_code == 422
    assert 'id="v-1.1.2" value="8"' in response.content.decode()
    assert not Report.objects.filter(unit=ward_a, period=q1).exists()


@time_machine.travel(vn(2021, 3, 2, 9, 0), tick=False)
def test_it_lets_the_coordinator_accept_only_a_submitted_report(client_as, personas, ward_a, q1):
    from cchc.reporting.actions import accept_report, save_report, submit_report

    report = accept_report(
        submit_report(save_report(ward_a, q1, values={"1.1.1": 1}), by=personas["leader_a"]), by=personas["coordinator"]
    )
    response = client_as("coordinator").post(reverse("report_accept", args=["NGO-MAY", "2021-Q1"]), follow=True)
    assert "không tiếp nhận được" in response.content.decode()
    assert Report.objects.get(pk=report.pk).revision == report.revision


def test_it_answers_a_period_without_a_form_with_a_message_not_an_error(client_as, personas):
    from cchc.reporting.models import Period

    Period.objects.create(
        code="2031-Q1", kind="Q1", year=2031, data_from="2030-12-15", data_to="2031-02-28", deadline="2031-03-05"
    )
    response = client_as("officer_a").get(report_url(period="2031-Q1"))
    assert response.status_code == 400 and "Chưa có biểu mẫu báo cáo của năm 2031" in response.content.decode()


@time_machine.travel(vn(2021, 3, 2, 9, 0), tick=False)
def test_it_writes_the_signers_name_family_name_first(client_as, ward_a, q1):
    assert post_report(client_as("leader_a"), {"1.1.1": "3"}, url_name="report_submit").status_code == 302
    # Personas are named "Người dùng leader_a": family name "Người dùng", given name "leader_a".
    assert Report.objects.get(unit=ward_a, period=q1).signed_by_name == "Người dùng leader_a"
