"""Who reported for a period, when, and how late (INTERFACES.md, `status --format json`).

Lateness is judged on the first submission, in whole Vietnam calendar days after the deadline day
(công văn 158 §2.2: received by the 5th of the period's last month).
"""
from django.utils import timezone

from cchc.reporting.models import Report

from .figures import reporting_units

# Board categories, in the order the coordinator reads them.
NOT_STARTED, DRAFT, ON_TIME, LATE, RETURNED, ACCEPTED = "not_started", "draft", "on_time", "late", "returned", "accepted"


def period_status(period, units=None):
    """[{unit (OrgUnit), status, first_submitted_at, submitted_at, late_days, report_id, revision,
    category}] for every unit that owes a report (or the given units), in unit order. Two queries."""
    units = list(reporting_units() if units is None else units)
    reports = {r["unit_id"]: r for r in Report.objects.filter(period=period, unit__in=[u.pk for u in units]).values(
        "id", "unit_id", "status", "first_submitted_at", "submitted_at", "revision", "returned_reason")}
    rows = []
    for unit in units:
        r = reports.get(unit.pk)
        status = r["status"] if r else Report.Status.NOT_STARTED
        late = period.late_days(r["first_submitted_at"]) if r else None
        if status == Report.Status.SUBMITTED:
            category = LATE if late else ON_TIME
        else:
            category = status
        rows.append({"unit": unit, "status": status, "category": category, "late_days": late,
                     "first_submitted_at": r["first_submitted_at"] if r else None,
                     "submitted_at": r["submitted_at"] if r else None,
                     "report_id": r["id"] if r else None, "revision": r["revision"] if r else None,
                     "returned_reason": r["returned_reason"] if r else ""})
    return rows


def status_json(period):
    def iso(at):
        return timezone.localtime(at).isoformat() if at else None

    return {
        "period": period.code,
        "deadline": period.deadline.isoformat(),
        "units": {row["unit"].code: {"status": row["status"], "submitted_at": iso(row["first_submitted_at"]),
                                     "last_submitted_at": iso(row["submitted_at"]), "late_days": row["late_days"]}
                  for row in period_status(period)},
    }
