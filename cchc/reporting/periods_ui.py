"""Which period a page opens on when none is named."""

from .models import Period


def current_period(today):
    """The period being collected now: the first whose deadline is today or later, else the
    latest one (after the year's last deadline the office still works on the year report)."""
    return (
        Period.objects.filter(deadline__gte=today).order_by("deadline").first()
        or Period.objects.order_by("-deadline").first()
    )
