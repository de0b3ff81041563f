"""What the reporting pages share: refusals answered as pages (RefusalMiddleware), the no-membership page, a report's timing."""

from django.shortcuts import render

from . import actions
from .models import Report
from .timeliness import label, sent_label, timeliness


class PageAnswer(Exception):
    """Ends a request early with this page (a refused save shown again with the user's input kept),
    so a helper that normally returns a value still returns one type."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class RefusalMiddleware:
    """A page or post refused by the reporting rules (wrong state, no form for the year…) is answered
    with its Vietnamese message and its status, never a server error, whichever view raised it. The
    exception has already left the request's transaction (ATOMIC_REQUESTS), so a refused request
    leaves nothing behind — not even the draft saved before a refused signature. The API answers
    the same errors itself, as JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, PageAnswer):
            return exc.response
        if isinstance(exc, actions.ReportError):
            return render(
                request,
                "reporting/message.html",
                {"title": "Không thực hiện được", "message": exc.message},
                status=exc.status,
            )
        return None


def _no_membership(request):
    return render(request, "reporting/no_access.html", status=403)


def _timing(period, report, today):
    """Days left before the deadline, or days late: for a sent report, judged on its first
    submission (INTERFACES.md); for one not sent yet, counted to today — all in Vietnam days."""
    status = report.status if report else Report.Status.NOT_STARTED
    first = report.first_submitted_at if report else None
    category, late = timeliness(period, status, first)  # the board's and the compliance table's rule
    common = {
        "status": status,
        "status_label": Report.Status(status).label,
        "category": category,
        "category_label": label(category, late),
    }
    if first is not None:
        return {**common, "late_days": late, "days_left": None, "sent_label": sent_label(late)}
    left = period.days_left(today)
    return {**common, "late_days": -left if left < 0 else None, "days_left": left if left >= 0 else None}
