"""Signed PDFs in the admin (looked at, never edited: they come from the signing pages), and the
trusted root CAs in use — with a warning when none is configured, since then no signature is trusted."""

from django.contrib import admin

from cchc.audit.admin import ReadOnlyAdmin

from .models import SignedPdf
from .verify import roots_summary


@admin.register(SignedPdf)
class SignedPdfAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "unit",
        "period",
        "version",
        "signer_name",
        "signer_issuer",
        "signed_at",
        "uploaded_at",
        "sealed",
    )
    list_filter = ("kind", "period", "sealed")
    search_fields = ("unit__code", "unit__name", "signer_name", "signer_serial")
    list_select_related = ("unit", "period")
    exclude = ("content",)
    readonly_fields = [f.name for f in SignedPdf._meta.fields if f.name != "content"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, dict(extra_context or {}, trust=trust_context()))


def trust_context():
    path, roots, error = roots_summary()
    return {"path": path, "roots": roots, "error": error}
