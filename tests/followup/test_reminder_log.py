"""The reminder log in the app and "gửi nhắc ngay": the coordinator sees who would be written to
before sending; the sending goes over real SMTP (aiosmtpd on loopback) and is logged."""

import time_machine

from tests.conftest import vn
from tests.consolidation.test_reminders import smtp  # noqa: F401  (the loopback SMTP server fixture)


def test_it_previews_then_sends_reminders_now_and_logs_them(client_as, personas, smtp, submitted):  # noqa: F811
    from cchc.consolidation.models import ReminderLog
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.filter(code="AN-BINH").update(emails="anbinh@ankhe.example.vn")
    submitted()  # Ngô Mây has sent: it is not reminded
    client = client_as("coordinator")
    with time_machine.travel(vn(2021, 3, 3, 8, 0), tick=False):
        preview = client.get("/tong-hop/ky/2021-Q1/nhac-han/?xem-truoc=1").content.decode()
        table = preview[preview.index('id="remind-preview-table"') :]
        assert 'data-unit="AN-BINH"' in table and "anbinh@ankhe.example.vn" in table
        assert 'data-unit="NGO-MAY"' not in table
        assert "chưa có địa chỉ e-mail" in table  # units without an address are told before sending
        assert smtp.take() == [] and not ReminderLog.objects.exists()  # a preview sends nothing

        response = client.post("/tong-hop/ky/2021-Q1/nhac-han/gui/")
        assert response.status_code == 302
        mail = smtp.take()
        assert [m["to"] for m in mail] == [["anbinh@ankhe.example.vn"]]
        assert "Còn 2 ngày" in mail[0]["subject"]
        client.post("/tong-hop/ky/2021-Q1/nhac-han/gui/")  # a second press the same day sends nothing again
        assert smtp.take() == []

        log = client.get("/tong-hop/ky/2021-Q1/nhac-han/").content.decode()
    table = log[log.index('id="reminder-log"') :]
    assert 'data-unit="AN-BINH" data-delivered="1"' in table and "03/03/2021 08:00" in table
    assert 'data-delivered="0"' in table and "chưa có địa chỉ" in table  # a failed one shows its error
    row = ReminderLog.objects.get(unit__code="AN-BINH")
    from cchc.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="remind", object_id=str(row.pk), username="noivu.test").exists()


def test_it_keeps_the_reminder_log_to_the_coordinator(client_as, personas):
    for key in ("officer_a", "leader_a", "viewer"):
        c = client_as(key)
        assert c.get("/tong-hop/ky/2021-Q1/nhac-han/").status_code == 403
        assert c.post("/tong-hop/ky/2021-Q1/nhac-han/gui/").status_code == 403
    assert client_as("coordinator").get("/tong-hop/ky/2099-Q1/nhac-han/").status_code == 404


def test_a_provinces_reminders_are_read_a_page_at_a_time(client_as, personas, ankhe):
    """Thousands of reminders a period at a province's or a nation's scale: the log is paged and the
    preview lists its first units, with counts that cover them all."""
    import datetime as dt

    from cchc.consolidation.models import ReminderLog
    from cchc.orgunits.models import OrgUnit
    from cchc.reporting.models import Period

    q1 = Period.objects.get(code="2021-Q1")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{n:03d}", name=f"UBND xã Thử {n:03d}", kind="commune", parent=ankhe, position=300 + n)
        for n in range(130)
    )
    at = dt.datetime(2021, 3, 1, 1, 0, tzinfo=dt.UTC)
    ReminderLog.objects.bulk_create(
        ReminderLog(
            unit=u,
            period=q1,
            kind="before-5",
            sent_at=at + dt.timedelta(minutes=n),
            recipients=["x@example.vn"],
            error="" if n % 10 else "SMTP từ chối",
        )
        for n, u in enumerate(units)
    )
    client = client_as("coordinator")
    first = client.get("/tong-hop/ky/2021-Q1/nhac-han/").content.decode()
    table = first[first.index('id="reminder-log"') :]
    assert table.count("<tr data-unit=") == 100 and 'data-unit="XA-129"' in table and 'data-unit="XA-000"' not in table
    assert "130 thư nhắc: 117 đã gửi, 13 lỗi." in first and "Trang 1 / 2" in first
    second = client.get("/tong-hop/ky/2021-Q1/nhac-han/?trang=2").content.decode()
    assert second[second.index('id="reminder-log"') :].count("<tr data-unit=") == 30 and 'data-unit="XA-000"' in second
    with time_machine.travel(vn(2021, 3, 3, 8, 0), tick=False):
        preview = client.get("/tong-hop/ky/2021-Q1/nhac-han/?xem-truoc=1").content.decode()
    shown = preview[
        preview.index('id="remind-preview-table"') : preview.index(
            "</table>", preview.index('id="remind-preview-table"')
        )
    ]
    assert shown.count("<tr data-unit=") == 100
    waiting = OrgUnit.objects.reporting().count()  # nobody has sent: every reporting unit waits
    assert f"{waiting} đơn vị chưa gửi báo cáo sẽ nhận thư nhắc" in preview
    assert f"cả {waiting - 100} đơn vị còn lại" in preview
