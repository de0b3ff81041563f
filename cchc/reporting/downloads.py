"""Reports as files over the web: the download of a report or the town's consolidated report in each
format, and the page saying why one could not be made. The unit's report page (views_files), the
consolidation page and the signed copies (cchc.signatures) all answer through these, so no app's
views import another app's views."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from .documents import MEDIA_TYPES, Unavailable
from .errors import ReportError

EXPORT_FORMATS = ("xlsx", "docx", "pdf", "json")


def report_page_url(unit_code: str, period_code: str) -> str:
    """The report's page (where an upload, a download refused or a signature leads back to)."""
    try:
        return reverse("report", args=(unit_code, period_code))
    except NoReverseMatch:
        return reverse("report_upload", args=(unit_code, period_code))


def attachment(content: bytes, filename: str, fmt: str) -> HttpResponse:
    """A file to save, never kept by a shared cache: reports are not public."""
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download(
    request: HttpRequest, fmt: str, stem: str, *, data: Callable[[], dict], render: Callable[[], bytes]
) -> HttpResponse:
    """A report as a file: JSON of `data()`, or the office document `render()` makes. A document
    that cannot be made here (no LibreOffice for PDF) is a page saying so, not an error."""
    if fmt == "json":
        response = JsonResponse(data(), json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    try:
        content = render()
    except (Unavailable, ReportError) as exc:
        # Not a dead end: the same document as .docx is one click away (Word prints or saves PDF).
        alternative = None
        if fmt == "pdf" and request.resolver_match is not None:
            match = request.resolver_match
            alternative = (reverse(match.view_name, kwargs={**match.kwargs, "fmt": "docx"}), "Tải bản Word (.docx)")
        return message_page(request, "Không xuất được tệp", [exc.message], 503, link=alternative)
    return attachment(content, f"{stem}.{fmt}", fmt)


def message_page(
    request: HttpRequest, title: str, lines: list[str], status: int, link: tuple[str, str] | None = None
) -> HttpResponse:
    """A page saying why a file could not be made or taken, with a way on (`link`: (url, text))."""
    return render(
        request, "reporting/upload_message.html", {"title": title, "lines": lines, "link": link}, status=status
    )
