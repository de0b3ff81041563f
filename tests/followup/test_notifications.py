"""In-app notifications: who hears of a submission, a return, an acceptance and a deadline; each
person sees and marks only their own (web and API)."""

import pytest
import time_machine

from tests.api.conftest import ApiClient
from tests.conftest import vn


def kinds(user):
    from cchc.notifications.models import Notification

    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_it_tells_the_coordinator_of_a_submission_and_the_unit_of_a_return_and_an_acceptance(personas, submitted):
    from cchc.reporting.actions import accept_report, return_report, submit_report

    report = submitted()
    assert kinds(personas["coordinator"]) == ["submitted"]
    assert kinds(personas["officer_a"]) == [] and kinds(personas["leader_a"]) == []

    return_report(report, by=personas["coordinator"], reason="Thiếu số liệu mục 1.2.")
    assert kinds(personas["officer_a"]) == ["returned"] and kinds(personas["leader_a"]) == ["returned"]
    assert "Thiếu số liệu mục 1.2." in personas["officer_a"].notifications.get().text
    # Nobody outside the unit hears of it; the coordinator who returned it is not told his own act.
    assert kinds(personas["officer_b"]) == [] and kinds(personas["coordinator"]) == ["submitted"]

    report = submit_report(report, by=personas["leader_a"], at=vn(2021, 3, 8, 9, 0))
    texts = list(personas["coordinator"].notifications.values_list("text", flat=True))
    assert any("lần gửi thứ 2" in t for t in texts)
    accept_report(report, by=personas["coordinator"])
    assert kinds(personas["officer_a"]) == ["accepted", "returned"]
    assert kinds(personas["viewer"]) == []


def test_it_creates_no_notice_when_the_action_is_refused(personas, submitted):
    from cchc.reporting.actions import ReportError, accept_report

    report = submitted()
    accept_report(report, by=personas["coordinator"])
    with pytest.raises(ReportError):
        accept_report(report, by=personas["coordinator"])
    assert kinds(personas["officer_a"]) == ["accepted"]


def test_it_creates_deadline_notices_once_from_the_daily_run(personas, cchc, settings, submitted, unit):
    from cchc.notifications.models import Notification

    settings.CCHC_REMIND_DAYS_BEFORE = [5, 1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Quý I 2021 is due on 05/03/2021: 5 days before is 28/02.
    with time_machine.travel(vn(2021, 2, 28, 7, 0), tick=False):
        cchc("remind")
        cchc("remind")
    soon = Notification.objects.filter(user=personas["officer_a"], kind="deadline_soon")
    assert soon.count() == 1 and "Còn 5 ngày" in soon.get().text
    assert Notification.objects.filter(user=personas["coordinator"]).count() == 0
    with time_machine.travel(vn(2021, 3, 4, 7, 0), tick=False):
        cchc("remind")
    assert soon.count() == 2
    # Ngô Mây sends on the 4th; An Bình does not: only An Bình hears that the deadline passed.
    submitted(at=vn(2021, 3, 4, 10, 0))
    with time_machine.travel(vn(2021, 3, 6, 7, 0), tick=False):
        cchc("remind")
        cchc("remind")
    assert Notification.objects.filter(user=personas["officer_a"], kind="overdue").count() == 0
    overdue = Notification.objects.filter(user=personas["officer_b"], kind="overdue")
    assert overdue.count() == 1 and "quá hạn" in overdue.get().text.lower()
    assert overdue.get().unit == unit("AN-BINH")


def test_it_shows_the_bell_and_marks_notices_read_on_the_web(client_as, personas, submitted):
    from cchc.reporting.actions import return_report

    return_report(submitted(), by=personas["coordinator"], reason="Bổ sung mục 1.2.")
    client = client_as("officer_a")
    page = client.get("/don-vi/NGO-MAY/2021/").content.decode()
    assert 'id="bell-count">1<' in page
    listing = client.get("/thong-bao/").content.decode()
    assert "Bổ sung mục 1.2." in listing and 'data-read="0"' in listing
    notice = personas["officer_a"].notifications.get()
    response = client.post(f"/thong-bao/{notice.pk}/da-doc/", {"go": "report"})
    assert response.status_code == 302 and response["Location"] == "/bao-cao/NGO-MAY/2021-Q1/"
    notice.refresh_from_db()
    assert notice.read
    assert 'id="bell-count"' not in client.get("/don-vi/NGO-MAY/2021/").content.decode()


def test_it_keeps_each_persons_notices_their_own(client, client_as, personas, submitted):
    from cchc.reporting.actions import return_report

    return_report(submitted(), by=personas["coordinator"], reason="Bổ sung.")
    mine = personas["officer_a"].notifications.get()
    for key in ("officer_b", "leader_b", "coordinator", "viewer"):
        c = client_as(key)
        assert "Bổ sung." not in c.get("/thong-bao/").content.decode()
        assert c.post(f"/thong-bao/{mine.pk}/da-doc/").status_code == 404
    mine.refresh_from_db()
    assert not mine.read
    client.logout()
    assert client.get("/thong-bao/").status_code == 302


def test_it_lists_and_marks_notifications_through_the_api(client, personas, submitted):
    from cchc.api.models import Token
    from cchc.reporting.actions import return_report

    return_report(submitted(), by=personas["coordinator"], reason="Bổ sung mục 1.2.")
    officer = ApiClient(client, Token.issue(personas["officer_a"])[1])
    listed = officer.get("/notifications").json()
    assert len(listed) == 1
    n = listed[0]
    assert set(n) == {"id", "kind", "unit", "period", "at", "read", "text"}
    assert (n["kind"], n["unit"], n["period"], n["read"]) == ("returned", "NGO-MAY", "2021-Q1", False)
    assert n["at"].endswith("+07:00")

    other = ApiClient(client, Token.issue(personas["officer_b"])[1])
    assert other.get("/notifications").json() == []
    assert other.post(f"/notifications/{n['id']}/read").status_code == 404
    assert other.post("/notifications/99999999999999999999/read").status_code in (404, 422)
    coordinator = ApiClient(client, Token.issue(personas["coordinator"])[1])
    assert [x["kind"] for x in coordinator.get("/notifications").json()] == ["submitted"]

    done = officer.post(f"/notifications/{n['id']}/read")
    assert done.status_code == 200 and done.json()["read"] is True
    assert officer.get("/notifications?unread=true").json() == []
    assert ApiClient(client).get("/notifications").status_code == 401
