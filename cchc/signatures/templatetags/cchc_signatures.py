"""What the report page and its history show of digital signatures, decided by cchc.reporting.access.
The report page costs no query for it: the current signature is on the report row itself."""

from django import template
from django.conf import settings

from cchc.reporting import access
from cchc.reporting.documents import pdf_unavailable_reason

from .. import rules

register = template.Library()


@register.simple_tag
def report_signature(user, unit, period, report=None):
    """{"can_sign", "pdf", "max_mb"} for the «Ký số» card; {} for who may not read the report."""
    if unit is None or period is None or not access.can(user, access.VIEW, unit, report):
        return {}
    return {
        "can_sign": report is not None and rules.may_sign_report(user, unit, report),
        "pdf": not pdf_unavailable_reason(),
        "max_mb": settings.CCHC_UPLOAD_MAX_BYTES / 1048576,
        "shown": True,
    }


@register.simple_tag
def signed_copies(report):
    """Every signed PDF of the report, oldest first, without their bytes."""
    from ..models import SignedPdf

    if report is None:
        return []
    return list(
        SignedPdf.objects.filter(report=report, kind=SignedPdf.Kind.REPORT)
        .defer("content")
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


@register.simple_tag
def consolidated_signature(user, period):
    """{"can_attach", "seal", "pdf", "copies", "max_mb"} for the consolidated report's «Ký số» card."""
    from ..actions import seal_available
    from ..models import SignedPdf

    if period is None or not access.sees_all_units(user):
        return {}
    copies = list(
        SignedPdf.objects.filter(period=period, kind=SignedPdf.Kind.CONSOLIDATED)
        .defer("content")
        .order_by("uploaded_at", "pk")
    )
    coordinator = rules.may_sign_consolidated(user)
    return {
        "can_attach": coordinator,
        "seal": coordinator and seal_available(),
        "pdf": not pdf_unavailable_reason(),
        "copies": copies,
        "max_mb": settings.CCHC_UPLOAD_MAX_BYTES / 1048576,
        "shown": coordinator or bool(copies),
    }


@register.simple_tag
def trust_roots_status():
    from ..admin import trust_context

    return trust_context()
