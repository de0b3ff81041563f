"""What the reporting pages share: refusals answered as pages, the no-membership page, a report's timing."""
import functools

from django.db import transaction
from django.shortcuts import render

from . import actions
from .models import Report


class PageAnswer(Exception):
    """Ends a request early with this page (a refused save shown again with the user's input kept),
    so a helper that normally returns a value still returns one type."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _refusals(view):
    """A write or page refused by the reporting rules (no form for the year, wrong state…) is
    answered with its Vietnamese message and its status, never a server error."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PageAnswer as answer:
            return answer.response
        except actions.ReportError as exc:
            response = render(request, "reporting/message.html",
                              {"title": "Không thực hiện được", "message": exc.message}, status=exc.status)
            # A refused request leaves nothing behind (a save made before a refused signature); the
            # page is rendered first, since a transaction marked for rollback takes no more queries.
            if transaction.get_connection().in_atomic_block:
                transaction.set_rollback(True)
            return response
    return wrapped


def _no_membership(request):
    return render(request, "reporting/no_access.html", status=403)


def _timing(period, report, today):
    """Days left before the deadline, or days late: for a sent report, judged on its first
    submission (INTERFACES.md); for one not sent yet, counted to today — all in Vietnam days."""
    status = report.status if report else Report.Status.NOT_STARTED
    if report is not None and report.first_submitted_at:
        late = period.late_days(report.first_submitted_at)  # what report.late_days() says, without a query
        return {"status": status, "late_days": late, "days_left": None, "category": "late" if late else "on_time"}
    left = period.days_left(today)
    return {"status": status, "late_days": -left if left < 0 else None, "days_left": left if left >= 0 else None,
            "category": status}
