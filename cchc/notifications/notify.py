"""Who hears of what, written once and called from the verbs that cause it.

- the unit's officers and leader: their report returned (with the reason) or accepted, and its
  deadline 5 or 1 days away (CCHC_REMIND_DAYS_BEFORE) or passed while it is not sent;
- Phòng Nội vụ's coordinators: each submission (the first and every resubmission).

The report verbs (cchc.reporting.actions) call these inside their own transaction, so a notice
exists exactly when the action does. Deadline notices are created by the daily `cchc remind` run
(deadline_notices), once per person and occasion whatever the number of runs.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cchc.office.dates import now_vn
from cchc.orgunits.models import Role
from cchc.reporting.timeliness import sent_label

from .models import Notification


def unit_people(unit_ids):
    """{unit id: [user id]} of the active officers and leaders of the units."""
    out = {}
    rows = (
        get_user_model()
        .objects.filter(is_active=True, membership__unit__in=unit_ids, membership__role__in=[Role.STAFF, Role.LEADER])
        .values_list("membership__unit_id", "pk")
    )
    for unit_id, user_id in rows:
        out.setdefault(unit_id, []).append(user_id)
    return out


def coordinators():
    return list(
        get_user_model().objects.filter(is_active=True, membership__role=Role.COORDINATOR).values_list("pk", flat=True)
    )


def _create(user_ids, *, kind, report, at, text, exclude=None):
    skip = getattr(exclude, "pk", None)
    Notification.objects.bulk_create(
        Notification(
            user_id=uid,
            kind=kind,
            unit_id=report.unit_id,
            period_id=report.period_id,
            at=at or timezone.now(),
            text=text,
        )
        for uid in user_ids
        if uid != skip
    )


def report_submitted(report, *, at, by=None, version=1):
    when = sent_label(report.late_days()).lower()
    again = f"gửi lại (lần gửi thứ {version})" if version > 1 else "gửi"
    text = f"{report.unit.name} đã {again} báo cáo CCHC {report.period.summary_title}, {when}."
    _create(coordinators(), kind=Notification.Kind.SUBMITTED, report=report, at=at, text=text, exclude=by)


def report_returned(report, *, at, reason, by=None):
    text = f"Báo cáo CCHC {report.period.summary_title} bị Phòng Nội vụ trả lại. Lý do: {reason}"
    _create(
        unit_people([report.unit_id]).get(report.unit_id, []),
        kind=Notification.Kind.RETURNED,
        report=report,
        at=at,
        text=text,
        exclude=by,
    )


def report_accepted(report, *, at, by=None):
    text = f"Báo cáo CCHC {report.period.summary_title} đã được Phòng Nội vụ tiếp nhận."
    _create(
        unit_people([report.unit_id]).get(report.unit_id, []),
        kind=Notification.Kind.ACCEPTED,
        report=report,
        at=at,
        text=text,
        exclude=by,
    )


def deadline_notices(at=None):
    """Create the deadline notices due at `at` (default now) that do not exist yet: for every unit
    whose report is not sent, 5 and 1 days before the deadline and once after it has passed. A run
    that missed a day makes good only the latest occasion, as the e-mails do. Returns how many
    notices were created."""
    from cchc.consolidation.reminders import due_reminders

    at = at or now_vn()
    due = due_reminders(at)
    rows = []
    people = unit_people({u.pk for u, *_ in due})
    for unit, period, kind, left, _status in due:
        if left >= 0:
            key, notice = f"{period.code}:{kind}", Notification.Kind.DEADLINE_SOON
            text = (
                f"Hôm nay ({period.deadline:%d/%m/%Y}) là hạn gửi báo cáo CCHC {period.summary_title}."
                if left == 0
                else f"Còn {left} ngày đến hạn gửi báo cáo CCHC {period.summary_title} "
                f"(hạn {period.deadline:%d/%m/%Y}); báo cáo của đơn vị chưa được ký ban hành."
            )
        else:
            # One notice that the deadline passed; the e-mails keep chasing after it.
            key, notice = f"{period.code}:overdue", Notification.Kind.OVERDUE
            text = (
                f"Đã quá hạn gửi báo cáo CCHC {period.summary_title} (hạn {period.deadline:%d/%m/%Y}) "
                f"mà đơn vị chưa gửi; đề nghị hoàn thiện và ký ban hành ngay."
            )
        for uid in people.get(unit.pk, []):
            rows.append(Notification(user_id=uid, kind=notice, unit=unit, period=period, at=at, text=text, key=key))
    if not rows:
        return 0
    existing = set(
        Notification.objects.filter(user_id__in={r.user_id for r in rows}, key__in={r.key for r in rows}).values_list(
            "user_id", "key"
        )
    )
    fresh = [r for r in rows if (r.user_id, r.key) not in existing]
    # ignore_conflicts: a concurrent run that inserted the same occasion first wins, quietly.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def for_user(user):
    return Notification.objects.filter(user=user).select_related("unit", "period")


def unread_count(user):
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids=None, at=None):
    """Mark the user's own notices read (all of them when ids is None). Someone else's id is not
    found: a user sees only their own. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=at or timezone.now())


def as_json(n):
    return {
        "id": n.pk,
        "kind": n.kind,
        "unit": n.unit.code,
        "period": n.period.code,
        "at": timezone.localtime(n.at).isoformat(),
        "read": n.read_at is not None,
        "text": n.text,
    }
