"""The notifications page: the user's own, newest first, read and unread."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import notify

PAGE_SIZE = 30


@login_required
def notification_list(request):
    qs = notify.for_user(request.user)
    only_unread = request.GET.get("chua-doc") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "only_unread": only_unread,
            "unread": notify.unread_count(request.user),
            "query_string": "chua-doc=1" if only_unread else "",
            "base_url": reverse("notifications"),
        },
    )


@login_required
@require_POST
def notification_open(request, notification_id):
    """Mark one notice read and go where it points: the report it is about."""
    found = notify.for_user(request.user).filter(pk=notification_id).first()
    if found is None:
        raise Http404("Không có thông báo này.")
    notify.mark_read(request.user, [found.pk])
    if request.POST.get("go") == "report":
        return redirect("report", unit_code=found.unit.code, period_code=found.period.code)
    return redirect(_back(request))


@login_required
@require_POST
def notification_read_all(request):
    notify.mark_read(request.user)
    return redirect(_back(request))


def _back(request):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse("notifications")
