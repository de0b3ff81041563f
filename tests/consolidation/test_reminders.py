"""Deadline reminders over real SMTP (aiosmtpd on loopback), each sent once however often cron runs."""

import datetime as dt
import email
import email.policy
import socket

import pytest
import time_machine

from tests.conftest import vn


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(
            {
                "to": sorted(envelope.rcpt_tos),
                "subject": str(msg["subject"]).strip(),
                "body": msg.get_body().get_content(),
            }
        )
        return "250 OK"

    def take(self):
        out, self.messages = self.messages, []
        return out


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "phongnoivu@ankhe.example.vn"
    settings.CCHC_SITE_URL = "https://cchc.ankhe.example.vn"
    settings.CCHC_REMIND_DAYS_BEFORE = [5, 1]
    settings.CCHC_REMIND_EVERY_DAYS_AFTER = 3
    settings.CCHC_REMIND_AFTER_LIMIT = 30
    yield inbox
    controller.stop()


@pytest.fixture
def contacts(ankhe, personas, unit):
    """Two units with addresses: Ngô Mây (its own list plus its officer's account) and Tư pháp."""
    from cchc.orgunits.models import OrgUnit

    OrgUnit.objects.filter(code="NGO-MAY").update(emails="ngomay@ankhe.example.vn; chutich.ngomay@ankhe.example.vn")
    OrgUnit.objects.filter(code="TP").update(emails="tuphap@ankhe.example.vn")
    officer = personas["officer_a"]
    officer.email = "cv.ngomay@ankhe.example.vn"
    officer.save()
    NGO_MAY = sorted(["ngomay@ankhe.example.vn", "chutich.ngomay@ankhe.example.vn", "cv.ngomay@ankhe.example.vn"])
    return {"NGO-MAY": NGO_MAY, "TP": ["tuphap@ankhe.example.vn"]}


def run(cchc, at, *args):
    with time_machine.travel(at, tick=False):
        return cchc("remind", *args)


def test_it_sends_each_reminder_once_across_repeated_runs(smtp, contacts, cchc, unit, period):
    from cchc.consolidation.models import ReminderLog
    from tests.consolidation.conftest import file_report

    # 00:30 on 28/02 in Vietnam is still 27/02 in UTC: the Vietnam day counts — five days before 05/03.
    run(cchc, dt.datetime(2021, 2, 27, 17, 30, tzinfo=dt.UTC))
    got = {m["to"][0].split("@")[0]: m for m in smtp.take()}
    assert sorted(m["to"] for m in got.values()) == sorted(contacts.values())
    ngo = next(m for m in got.values() if m["to"] == contacts["NGO-MAY"])
    assert ngo["subject"] == "[CCHC] Còn 5 ngày đến hạn gửi báo cáo CCHC quý I năm 2021 (hạn 05/03/2021)"
    assert "Kính gửi: UBND phường Ngô Mây" in ngo["body"]
    assert "Hạn gửi báo cáo là ngày 05/03/2021, còn 5 ngày." in ngo["body"]
    assert "https://cchc.ankhe.example.vn/bao-cao/NGO-MAY/2021-Q1/" in ngo["body"]
    assert "từ ngày 15/12/2020 đến ngày 28/02/2021" in ngo["body"]

    # Cron runs again the same day and the next: nothing new (before-1 is not due yet).
    run(cchc, vn(2021, 2, 28, 7, 0))
    run(cchc, vn(2021, 3, 1, 7, 0))
    assert smtp.take() == []
    assert ReminderLog.objects.filter(kind="before-5", error="").count() == 2

    # Tư pháp submits; the day before the deadline only Ngô Mây is reminded.
    file_report(unit("TP"), period("2021-Q1"), {"2.1": 3}, at=vn(2021, 3, 2, 9, 0))
    run(cchc, vn(2021, 3, 4, 7, 0))
    run(cchc, vn(2021, 3, 4, 15, 0))
    [one] = smtp.take()
    assert one["to"] == contacts["NGO-MAY"] and "Còn 1 ngày" in one["subject"]

    # The day after the deadline, still missing: overdue reminder, then every three days.
    run(cchc, vn(2021, 3, 6, 7, 0))
    [late] = smtp.take()
    assert late["subject"] == "[CCHC] Quá hạn 1 ngày: chưa nhận được báo cáo CCHC quý I năm 2021"
    assert "đã quá hạn 1 ngày" in late["body"] and "chưa lập báo cáo" in late["body"]
    run(cchc, vn(2021, 3, 7, 7, 0))
    run(cchc, vn(2021, 3, 8, 7, 0))
    assert smtp.take() == []
    run(cchc, vn(2021, 3, 9, 7, 0))
    [again] = smtp.take()
    assert "Quá hạn 4 ngày" in again["subject"]
    kinds = list(
        ReminderLog.objects.filter(unit__code="NGO-MAY", error="").order_by("sent_at").values_list("kind", flat=True)
    )
    assert kinds == ["before-5", "before-1", "after-1", "after-4"]


def test_it_logs_units_without_an_address_and_shows_them_on_the_board(smtp, contacts, cchc, period, unit):
    from cchc.consolidation.reminders import reminders_for

    result = run(cchc, vn(2021, 3, 4, 7, 0), "--format", "json").json()
    no_address = [r for r in result if r["unit"] == "TCKH"]
    assert no_address[0]["error"] == "Đơn vị chưa có địa chỉ e-mail nhận nhắc hạn." and not no_address[0]["sent"]
    logs = reminders_for(period("2021-Q1"))
    assert [r.kind for r in logs[unit("NGO-MAY").pk]] == ["before-1"] and logs[unit("NGO-MAY").pk][0].delivered
    assert not logs[unit("TCKH").pk][0].delivered


def test_it_lists_without_sending_on_a_dry_run(smtp, contacts, cchc):
    from cchc.consolidation.models import ReminderLog

    out = run(cchc, vn(2021, 3, 4, 7, 0), "--dry-run").stdout
    assert "Sẽ gửi NGO-MAY 2021-Q1 [before-1]" in out
    assert smtp.take() == [] and not ReminderLog.objects.exists()


def test_it_retries_a_delivery_the_smtp_server_refused(contacts, cchc, settings):
    from cchc.consolidation.models import ReminderLog

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    run(cchc, vn(2021, 3, 4, 7, 0))
    row = ReminderLog.objects.get(unit__code="NGO-MAY")
    assert row.error.startswith("Không gửi được")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(cchc, vn(2021, 3, 4, 8, 0))
    row.refresh_from_db()
    assert row.error == ""
    from django.core import mail

    assert [sorted(m.to) for m in mail.outbox if "Ngô Mây" in m.body] == [contacts["NGO-MAY"]]
