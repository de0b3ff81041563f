"""Deadline reminders by e-mail (`cchc remind`, run daily from cron).

Occasions for a unit whose report is not counted yet (not started, draft or returned):
- before the deadline: settings.CCHC_REMIND_DAYS_BEFORE days before it (default 5 and 1) — kinds
  "before-5", "before-1";
- after it, while the report is still missing: the day after the deadline, then every
  CCHC_REMIND_EVERY_DAYS_AFTER days (default 3: days 1, 4, 7 …) up to CCHC_REMIND_AFTER_LIMIT days
  (default 30) — kinds "after-1", "after-4", …

A run sends, per unit and period, only the latest occasion that has come (a run missed on the 5th day
before is made good on the 4th, but never two e-mails at once), and only if no ReminderLog row holds
it yet. The row is written in the same transaction that sends: its unique (unit, period, kind) makes
repeated or concurrent runs send nothing twice. A failed delivery (no address, SMTP refused) is
logged with its error and retried by the next run while the occasion is still the latest.
All days are Vietnam calendar days.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from cchc.audit.log import record
from cchc.office.dates import VN, now_vn
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period, Report

from .models import ReminderLog

log = logging.getLogger(__name__)


def days_before():
    return sorted({int(d) for d in settings.CCHC_REMIND_DAYS_BEFORE if int(d) > 0}, reverse=True)


def after_days():
    every = max(1, int(getattr(settings, "CCHC_REMIND_EVERY_DAYS_AFTER", 3)))
    limit = int(getattr(settings, "CCHC_REMIND_AFTER_LIMIT", 30))
    return list(range(1, limit + 1, every))


def occasion(period, today):
    """The latest reminder occasion of a period that has come by `today`, or None:
    ("before-5", 5) — days left — or ("after-4", -4) — days past the deadline."""
    left = period.days_left(today)
    if left >= 0:
        due = [d for d in days_before() if d >= left]
        return (f"before-{min(due)}", left) if due else None
    past = -left
    due = [d for d in after_days() if d <= past]
    return (f"after-{max(due)}", left) if due and past <= max(after_days()) else None


def recipients(unit, user_emails):
    seen, out = set(), []
    for email in unit.email_list() + user_emails.get(unit.pk, []):
        if email.lower() not in seen:
            seen.add(email.lower())
            out.append(email)
    return out


def _user_emails(units):
    out = {}
    User = get_user_model()
    for unit_id, email in (
        User.objects.filter(is_active=True, membership__unit__in=units)
        .exclude(email="")
        .order_by("membership__unit_id", "username")
        .values_list("membership__unit_id", "email")
    ):
        out.setdefault(unit_id, []).append(email)
    return out


def sender_words():
    """(the directive the regime rests on, the coordinating office's name), from the locality's words."""
    from cchc.locality.words import current_locality

    locality = current_locality()
    office = OrgUnit.objects.filter(code=locality.coordinator).values_list("name", flat=True).first()
    return locality.directive, office or "Cơ quan tổng hợp"


def report_link(unit, period):
    site = settings.CCHC_SITE_URL.rstrip("/")
    for name in ("report_detail", "report"):
        try:
            return site + reverse(name, args=(unit.code, period.code))
        except NoReverseMatch:
            continue
    return site + "/"


def message_for(unit, period, kind, left, status, words):
    directive, office = words
    deadline = f"{period.deadline:%d/%m/%Y}"
    title = period.summary_title
    if left > 0:
        subject = f"[CCHC] Còn {left} ngày đến hạn gửi báo cáo CCHC {title} (hạn {deadline})"
        when = f"Hạn gửi báo cáo là ngày {deadline}, còn {left} ngày."
    elif left == 0:
        subject = f"[CCHC] Hôm nay ({deadline}) là hạn gửi báo cáo CCHC {title}"
        when = f"Hôm nay, ngày {deadline}, là hạn cuối gửi báo cáo."
    else:
        subject = f"[CCHC] Quá hạn {-left} ngày: chưa nhận được báo cáo CCHC {title}"
        when = (
            f"Hạn gửi báo cáo là ngày {deadline}; đến nay đã quá hạn {-left} ngày mà {office} "
            f"chưa nhận được báo cáo của đơn vị."
        )
    state = {
        Report.Status.DRAFT: "Báo cáo của đơn vị đang ở trạng thái đang soạn, chưa được lãnh đạo ký ban hành.",
        Report.Status.RETURNED: "Báo cáo của đơn vị đã bị trả lại, đề nghị hoàn thiện và gửi lại.",
    }.get(status, "Đơn vị chưa lập báo cáo trên hệ thống.")
    body = (
        f"Kính gửi: {unit.name}\n\n"
        f"Thực hiện {f'{directive} về ' if directive else ''}chế độ báo cáo cải cách hành "
        f"chính định kỳ, {office} nhắc đơn vị gửi báo cáo CCHC {title} (số liệu từ ngày "
        f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}).\n\n"
        f"{when}\n{state}\n\n"
        f"Lập và gửi báo cáo tại: {report_link(unit, period)}\n\n"
        f"Báo cáo phải do lãnh đạo cơ quan, đơn vị ký ban hành. Nếu đơn vị đã gửi báo cáo qua Hệ thống quản "
        f"lý văn bản và điều hành, xin bỏ qua thư này.\n\n"
        f"Thư này được gửi tự động từ hệ thống báo cáo CCHC; vui lòng không trả lời thư.\n"
    )
    return subject, body


def due_reminders(at=None):
    """[(unit, period, kind, days_left, status)] that a run at `at` would send (before the log is
    consulted for earlier sends)."""
    at = at or now_vn()
    today = at.astimezone(VN).date()
    horizon_before = max(days_before(), default=0)
    horizon_after = max(after_days(), default=0)
    periods = Period.objects.filter(
        deadline__gte=today - dt.timedelta(days=horizon_after), deadline__lte=today + dt.timedelta(days=horizon_before)
    ).order_by("deadline")
    out = []
    units = list(OrgUnit.objects.reporting())
    for period in periods:
        occ = occasion(period, today)
        if occ is None:
            continue
        kind, left = occ
        status = dict(Report.objects.filter(period=period).values_list("unit_id", "status"))
        for unit in units:
            s = status.get(unit.pk, Report.Status.NOT_STARTED)
            if s in Report.COUNTED:
                continue
            out.append((unit, period, kind, left, s))
    return out


def send_due(at=None, dry_run=False, connection=None):
    """Send every reminder due now that has not gone out yet. Returns [dict] — one per reminder
    considered: unit, period, kind, recipients, sent (bool), skipped (already sent), error."""
    from django.core.mail import get_connection

    at = at or now_vn()
    due = due_reminders(at)
    if not due:
        return []
    words = sender_words()
    user_emails = _user_emails({u.pk for u, *_ in due})
    done = set(
        ReminderLog.objects.filter(period__in={p.pk for _, p, *_ in due}, error="").values_list(
            "unit_id", "period_id", "kind"
        )
    )
    results = []
    if dry_run:
        connection = None
    own = connection is None and not dry_run
    if own:
        connection = get_connection()
    try:
        _run(due, done, words, user_emails, at, dry_run, connection, results)
    finally:
        if own:
            connection.close()
    return results


def _run(due, done, words, user_emails, at, dry_run, connection, results):
    for unit, period, kind, left, status in due:
        to = recipients(unit, user_emails)
        entry = {
            "unit": unit.code,
            "period": period.code,
            "kind": kind,
            "recipients": to,
            "sent": False,
            "skipped": False,
            "error": "",
        }
        results.append(entry)
        if (unit.pk, period.pk, kind) in done:
            entry["skipped"] = True
            continue
        subject, body = message_for(unit, period, kind, left, status, words)
        entry["subject"] = subject
        if dry_run:
            continue
        _send_one(unit, period, kind, to, subject, body, at, connection, entry)


def _send_one(unit, period, kind, to, subject, body, at, connection, entry, by="cchc remind"):
    try:
        with transaction.atomic():
            row = ReminderLog.objects.select_for_update().filter(unit=unit, period=period, kind=kind).first()
            if row is not None and not row.error:
                entry["skipped"] = True  # another run sent it meanwhile
                return
            if row is None:
                row = ReminderLog.objects.create(
                    unit=unit, period=period, kind=kind, sent_at=at, recipients=to, subject=subject
                )
            row.sent_at, row.recipients, row.subject, row.error = at, to, subject, ""
            if not to:
                row.error = "Đơn vị chưa có địa chỉ e-mail nhận nhắc hạn."
            else:
                try:
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()
                except Exception as exc:  # the SMTP server's refusal is logged and retried next run
                    row.error = f"Không gửi được: {exc}"[:1000]
                    log.warning("Nhắc hạn %s %s %s: %s", unit.code, period.code, kind, exc)
            row.save()
            record(
                "remind", user=by, unit=unit, period=period, obj=row, at=at, kind=kind, recipients=to, error=row.error
            )
            entry["sent"] = not row.error
            entry["error"] = row.error
    except IntegrityError:
        entry["skipped"] = True  # a concurrent run inserted the same occasion first


def manual_kind(at):
    """ "Gửi nhắc ngay" by Phòng Nội vụ: one occasion a day, so a double click writes once; a
    failed delivery is sent again by the next press, as the daily run retries its own."""
    return f"manual-{at.astimezone(VN):%Y-%m-%d}"


def manual_preview(period, at=None):
    """Who "gửi nhắc ngay" would write to now: every reporting unit whose report of the period is
    not sent (not started, draft, returned), with its addresses, and whether today's manual
    reminder already went out. [{unit, status, recipients, sent}]"""
    at = at or now_vn()
    units = list(OrgUnit.objects.reporting())
    status = dict(Report.objects.filter(period=period).values_list("unit_id", "status"))
    waiting = [u for u in units if status.get(u.pk, Report.Status.NOT_STARTED) not in Report.COUNTED]
    emails = _user_emails({u.pk for u in waiting})
    sent = set(
        ReminderLog.objects.filter(period=period, kind=manual_kind(at), error="").values_list("unit_id", flat=True)
    )
    return [
        {
            "unit": u,
            "status": status.get(u.pk, Report.Status.NOT_STARTED),
            "recipients": recipients(u, emails),
            "sent": u.pk in sent,
        }
        for u in waiting
    ]


def send_manual(period, *, by, at=None, connection=None):
    """Send the manual reminder now to every unit manual_preview lists (those not sent today).
    Returns the entries as send_due does."""
    from django.core.mail import get_connection

    at = at or now_vn()
    kind = manual_kind(at)
    left = period.days_left(at)
    words = sender_words()
    own = connection is None
    if own:
        connection = get_connection()
    results = []
    try:
        for item in manual_preview(period, at):
            unit, to = item["unit"], item["recipients"]
            entry = {
                "unit": unit.code,
                "period": period.code,
                "kind": kind,
                "recipients": to,
                "sent": False,
                "skipped": item["sent"],
                "error": "",
            }
            results.append(entry)
            if item["sent"]:
                continue
            subject, body = message_for(unit, period, kind, left, item["status"], words)
            _send_one(unit, period, kind, to, subject, body, at, connection, entry, by=by)
    finally:
        if own:
            connection.close()
    return results


def reminders_for(period, units=None):
    """{unit id: [ReminderLog, …]} of a period, oldest first — for the coordinator's board. One query."""
    qs = ReminderLog.objects.filter(period=period).order_by("sent_at", "id")
    if units is not None:
        qs = qs.filter(unit_id__in=[getattr(u, "pk", u) for u in units])
    out = {}
    for row in qs:
        out.setdefault(row.unit_id, []).append(row)
    return out
