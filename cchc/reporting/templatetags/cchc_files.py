"""What the file buttons of a report page may offer a user, decided by cchc.reporting.access."""

from django import template

from cchc.reporting import access
from cchc.reporting.documents import pdf_unavailable_reason

register = template.Library()


@register.simple_tag
def file_actions(user, unit, period, report=None):
    """{"template", "filled_template", "export", "pdf", "upload", "consolidated"}: booleans for the buttons to
    show; "pdf_off": why the PDF button is greyed out (no LibreOffice Writer here), else ""."""
    if unit is None or period is None or not access.can(user, access.VIEW, unit, report):
        return {}
    pdf_off = (pdf_unavailable_reason() or "") if report is not None else ""
    return {
        "template": True,
        # Offered first once the report holds figures: a copy of the blank form filled in part and
        # sent back would otherwise blank the rest (the upload keeps them by default, but not silently).
        "filled_template": report is not None and report.values.exists(),
        "export": report is not None,
        "pdf": report is not None and not pdf_off,
        "pdf_off": pdf_off,
        "upload": access.can(user, access.EDIT, unit, report),
        "consolidated": access.sees_all_units(user),
    }
