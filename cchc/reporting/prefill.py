"""Figures the system offers to fill in before the officer types.

The providers are named in settings (CCHC_PREFILL_PROVIDERS) rather than imported here, so reporting
does not depend on the apps that build on it (planning offers 1.1.1/1.1.2 computed from the plan).
"""

from django.conf import settings
from django.utils.module_loading import import_string


def offered_values(unit, period):
    """{code: (number, source)}; later providers win (a computed figure beats last period's)."""
    offered = {}
    for source, path in settings.CCHC_PREFILL_PROVIDERS:
        for code, value in import_string(path)(unit, period).items():
            offered[code] = (value, source)
    return offered
