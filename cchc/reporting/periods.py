"""The rule that lays out a year's reporting periods.

Which rule applies is the locality's data (its `period_rule`, overridden by CCHC_PERIOD_RULE when
set), not a constant: a town may collect on its own directive's rule, the Ministry of Home Affairs on
its own. The coordinating office may still
move any single window or deadline afterwards (admin); generation never overwrites an existing period.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings

KINDS = ("Q1", "H1", "Q3", "Y")
LAST_MONTH = {"Q1": 3, "H1": 6, "Q3": 9, "Y": 12}


@dataclass(frozen=True)
class PeriodRule:
    name: str
    # Day of the period's last month by which reports are due.
    deadline_day: int
    # Cut-off: None = the last day of the month before the period's last month (công văn 158 §2.2);
    # a number = that day of the period's last month (the Ministry's 14th).
    cutoff_day: int | None
    # Cumulative reports (Quý I, 6 tháng, năm) start on this day of December of the previous year.
    year_start_day: int = 15


RULES = {
    "an-khe-2021": PeriodRule("an-khe-2021", deadline_day=5, cutoff_day=None),
    "bnv": PeriodRule("bnv", deadline_day=20, cutoff_day=14),
}


def current_rule():
    """The period rule in force: CCHC_PERIOD_RULE when set, else the locality's `period_rule`."""
    from cchc.locality.words import current_locality

    name = settings.CCHC_PERIOD_RULE or current_locality().period_rule
    try:
        return RULES[name]
    except KeyError:
        raise ValueError(f"Quy tắc kỳ báo cáo không hợp lệ: {name!r} (chọn một trong: {', '.join(RULES)})") from None


def _cutoff(year, kind, rule):
    month = LAST_MONTH[kind]
    if rule.cutoff_day is None:
        first = dt.date(year, month, 1)
        return first - dt.timedelta(days=1)
    return dt.date(year, month, min(rule.cutoff_day, calendar.monthrange(year, month)[1]))


def layout(year, rule=None):
    """[(code, kind, data_from, data_to, deadline)] for a year under a rule."""
    rule = rule or current_rule()
    year_start = dt.date(year - 1, 12, rule.year_start_day)
    h1_end = _cutoff(year, "H1", rule)
    starts = {"Q1": year_start, "H1": year_start, "Q3": h1_end + dt.timedelta(days=1), "Y": year_start}
    out = []
    for kind in KINDS:
        deadline = dt.date(year, LAST_MONTH[kind], rule.deadline_day)
        out.append((f"{year}-{kind}", kind, starts[kind], _cutoff(year, kind, rule), deadline))
    return out


def ensure_periods(year, rule=None):
    """Create the year's periods that do not exist yet; returns how many were created."""
    from .models import Period

    created = 0
    for code, kind, data_from, data_to, deadline in layout(year, rule):
        _, was_created = Period.objects.get_or_create(
            code=code, defaults=dict(kind=kind, year=year, data_from=data_from, data_to=data_to, deadline=deadline)
        )
        created += was_created
    return created
