"""Display helpers shared by every page: Vietnamese numbers and dates, and the navigation's
period and year (so base.html can link to the other apps' pages without each view passing them)."""

from django import template
from django.utils import timezone

from cchc.office.dates import ddmmyyyy
from cchc.office.names import person_name
from cchc.office.numbers import format_number

register = template.Library()


@register.filter
def vn_number(value):
    """1234 → "1.234", 95.5 → "95,5"; blank stays blank (never "0")."""
    return format_number(value)


@register.filter
def vn_figure(value, indicator):
    """A figure of `indicator` as everywhere else: "1.234", "95,5", a code with its label "2 - Kết hợp"."""
    from cchc.reporting.xlsx import display_value

    return display_value(indicator.kind, indicator.choices, value)


@register.filter
def vn_date(value):
    """dd/mm/yyyy for a date, dd/mm/yyyy HH:MM (Vietnam time) for an instant."""
    return ddmmyyyy(value)


@register.simple_tag(takes_context=True)
def nav_period(context):
    """The period the navigation links to: the one in the page if any, else the current one.
    Cached on the request so a page asks the database at most once."""
    if context.get("period") is not None and hasattr(context["period"], "code"):
        return context["period"]
    request = context.get("request")
    cached = getattr(request, "_cchc_nav_period", False)
    if cached is not False:
        return cached
    from cchc.reporting.periods_ui import current_period

    found = current_period(timezone.localdate())
    if request is not None:
        request._cchc_nav_period = found
    return found


@register.simple_tag
def role_of(user):
    """The user's role code (staff, leader, coordinator, viewer) or "" — for showing links only;
    every page still checks access itself through cchc.reporting.access."""
    from cchc.reporting.access import role_of as _role_of

    return _role_of(user) or ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


register.filter("person_name", person_name)
