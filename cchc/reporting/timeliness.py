"""Who reported for a period, when, and how late (INTERFACES.md, `status --format json`).

Lateness is judged on the first submission, in whole Vietnam calendar days after the deadline day
(công văn 158 §2.2: received by the 5th of the period's last month).
"""

from django.utils import timezone

from cchc.office.numbers import format_number
from cchc.orgunits.models import OrgUnit

from .models import Report

# Board categories, in the order the coordinator reads them.
NOT_STARTED, DRAFT, ON_TIME, LATE, RETURNED, ACCEPTED = (
    "not_started",
    "draft",
    "on_time",
    "late",
    "returned",
    "accepted",
)
BOARD_CATEGORIES = (NOT_STARTED, DRAFT, ON_TIME, LATE, RETURNED, ACCEPTED)
# The compliance table's two more (consolidation.compliance): never sent and the deadline passed;
# never sent and the deadline still ahead.
MISSING, PENDING = "missing", "pending"
# The words of every category, written once: the board, the unit's and the report's pages, the
# compliance table, the dashboard, and the files made of them (the board's and the compliance
# workbooks, the urging letter, `cchc status`) all take them from here. A category that is a report
# status reads as the status (Report.Status).
LABELS = {
    NOT_STARTED: Report.Status.NOT_STARTED.label,
    DRAFT: Report.Status.DRAFT.label,
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
    # Returned and not sent again: no report for now, neither on time nor late.
    RETURNED: "Bị trả lại, chưa gửi lại",
    ACCEPTED: Report.Status.ACCEPTED.label,
    MISSING: "Không báo cáo",
    PENDING: "Chưa đến hạn",
}
# not_started and draft together: what the dashboard counts as not sent yet.
NOT_SENT = "Chưa gửi"


def label(category: str, late_days: int | None = None) -> str:
    """The words of a category; a late one with its days: "Trễ hạn 3 ngày"."""
    if category == LATE and late_days:
        return f"{LABELS[LATE]} {format_number(late_days)} ngày"
    return LABELS[category]


def sent_label(late_days: int) -> str:
    """How the first submission went, whatever happened after: "Đúng hạn" or "Trễ hạn 3 ngày"."""
    return label(LATE if late_days else ON_TIME, late_days)


def timeliness(period, status, first_submitted_at, end=None):
    """(category, late_days) of one report — the README's compliance rule, written once: a report
    returned and not sent again is RETURNED, neither on time nor late; a report sent (submitted or
    accepted) is ON_TIME or LATE by its first submission, in whole Vietnam days; one never sent is
    NOT_STARTED or DRAFT. late_days is the first submission's lateness whenever there was one.
    `end` (period.deadline_end()) may be passed in by callers judging many reports of one period."""
    if first_submitted_at is None:
        return (DRAFT if status == Report.Status.DRAFT else NOT_STARTED), None
    # Most reports are on time: comparing instants settles them without a calendar conversion.
    late = 0 if first_submitted_at < (end or period.deadline_end()) else period.late_days(first_submitted_at)
    if status == Report.Status.RETURNED:
        return RETURNED, late
    return (LATE if late else ON_TIME), late


def board_category(status, timeliness_category):
    """The status board's column: the timeliness category, except that a report Phòng Nội vụ has
    accepted stands in its own column (its timeliness still counts in on_time_total / late_total)."""
    return ACCEPTED if status == Report.Status.ACCEPTED else timeliness_category


def period_status(period, units=None):
    """[{unit (OrgUnit), status, first_submitted_at, submitted_at, late_days, report_id, revision,
    category, label, digital_signer, digitally_signed_at}] for every unit that owes a report (or the given
    units), in unit order. Two queries."""
    everyone = units is None
    units = list(OrgUnit.objects.reporting() if everyone else units)
    # For every unit, the period's reports as they are: no list of ten thousand ids in the query.
    reports = Report.objects.filter(period=period)
    if not everyone:
        reports = reports.filter(unit__in=[u.pk for u in units])
    reports = {
        r["unit_id"]: r
        for r in reports.values(
            "id",
            "unit_id",
            "status",
            "first_submitted_at",
            "submitted_at",
            "revision",
            "returned_reason",
            "digital_signer",
            "digitally_signed_at",
        )
    }
    end = period.deadline_end()
    rows = []
    for unit in units:
        r = reports.get(unit.pk)
        status = r["status"] if r else Report.Status.NOT_STARTED
        first = r["first_submitted_at"] if r else None
        timely, late = timeliness(period, status, first, end)
        category = board_category(status, timely)
        rows.append(
            {
                "unit": unit,
                "status": status,
                "category": category,
                "late_days": late,
                "label": label(category, late),
                "first_submitted_at": r["first_submitted_at"] if r else None,
                "submitted_at": r["submitted_at"] if r else None,
                "report_id": r["id"] if r else None,
                "revision": r["revision"] if r else None,
                "returned_reason": r["returned_reason"] if r else "",
                "digital_signer": r["digital_signer"] if r else "",
                "digitally_signed_at": r["digitally_signed_at"] if r else None,
            }
        )
    return rows


def status_json(period):
    def iso(at):
        return timezone.localtime(at).isoformat() if at else None

    return {
        "period": period.code,
        "deadline": period.deadline.isoformat(),
        "units": {
            row["unit"].code: {
                "status": row["status"],
                "submitted_at": iso(row["first_submitted_at"]),
                "last_submitted_at": iso(row["submitted_at"]),
                "late_days": row["late_days"],
            }
            for row in period_status(period)
        },
    }


def period_counts(period, units=None):
    """How many units are in each board category, counted in SQL (a couple of queries, whatever
    the number of units): {not_started, draft, on_time, late, returned, accepted, total,
    on_time_total, late_total} — the last two count accepted reports by their own timeliness."""
    return period_counts_bulk([period], units)[0]


def _status_counts(reports, periods, leave_out=None):
    """[(period id, status, reports, sent by the deadline, ever sent)] of a queryset of reports,
    the reports of the units `leave_out` (a queryset of ids) not counted."""
    from django.db.models import Count, Q

    on_time = Q()
    for p in periods:
        on_time |= Q(period_id=p.pk, first_submitted_at__lt=p.deadline_end())
    kept = ~Q(unit_id__in=leave_out) if leave_out is not None else Q()
    return list(
        reports.filter(period__in=periods)
        .values("period_id", "status")
        .annotate(
            n=Count("id", filter=kept),
            on_time=Count("id", filter=on_time & kept),
            submitted=Count("id", filter=Q(first_submitted_at__isnull=False) & kept),
        )
        .order_by()
        .values_list("period_id", "status", "n", "on_time", "submitted")
    )


def period_counts_bulk(periods, units=None):
    """period_counts of several periods in a few queries (the dashboard's on-time rate by period)."""
    periods = list(periods)
    if not periods:
        return []
    if units is None:
        # Every report counted from the (period, status, first sent, unit) index alone, less those
        # of the few units that no longer report: a join with ten thousand reporting units would
        # make the database fetch every report row (SQLite: 104 → 24 ms for 68,000 reports).
        units = OrgUnit.objects.reporting()
        # (The few ids are a subquery the database computes once, not a join.)
        gone = OrgUnit.objects.exclude(active=True, reports=True).order_by().values("pk")
        rows = _status_counts(Report.objects.all(), periods, leave_out=gone)
    else:
        rows = _status_counts(Report.objects.filter(unit__in=units), periods)
    total = units.count()
    out = {}
    for p in periods:
        c = out[p.pk] = {k: 0 for k in (NOT_STARTED, DRAFT, ON_TIME, LATE, RETURNED, ACCEPTED)}
        c["on_time_total"] = c["late_total"] = 0
        c["total"] = total
        c["_seen"] = 0
    for period_id, status, n, on_time, submitted in rows:
        c = out[period_id]
        c["_seen"] += n
        late = submitted - on_time
        if status == Report.Status.SUBMITTED:
            c[ON_TIME] += on_time
            c[LATE] += late
        else:
            c[status] = c.get(status, 0) + n
        if status in Report.COUNTED:
            c["on_time_total"] += on_time
            c["late_total"] += late
    result = []
    for p in periods:
        c = out[p.pk]
        c[NOT_STARTED] += total - c.pop("_seen")
        result.append(c)
    return result


def board_units(period, *, category="", kind="", query=""):
    """The reporting units the board lists for these filters, as an ordered queryset, so the board
    counts and pages in SQL: (status category, unit kind, a search of code and name that ignores
    case and diacritics)."""
    units = OrgUnit.objects.reporting()
    if kind:
        units = units.filter(kind=kind)
    if query:
        units = units.search(query)
    if category:
        reports = Report.objects.filter(period=period)
        end = period.deadline_end()
        if category == NOT_STARTED:
            units = units.exclude(pk__in=reports.values("unit_id"))
        elif category == ON_TIME:
            units = units.filter(
                pk__in=reports.filter(status=Report.Status.SUBMITTED, first_submitted_at__lt=end).values("unit_id")
            )
        elif category == LATE:
            units = units.filter(
                pk__in=reports.filter(status=Report.Status.SUBMITTED, first_submitted_at__gte=end).values("unit_id")
            )
        else:
            units = units.filter(pk__in=reports.filter(status=category).values("unit_id"))
    return units


def period_status_page(period, *, category="", kind="", query="", page=1, per_page=50):
    """One page of the board, filtered in SQL: (rows as period_status gives them, number of
    matching units)."""
    units = board_units(period, category=category, kind=kind, query=query)
    total = units.count()
    page = max(1, int(page))
    chosen = list(units[(page - 1) * per_page : page * per_page])
    return period_status(period, chosen), total
