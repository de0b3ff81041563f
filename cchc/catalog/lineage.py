"""Which indicator of one year's form is which of another's (lineage).

Forms are revised every year and rows get renumbered. An indicator keeps its code across years unless
the new form's "Mã năm trước" (Indicator.previous_code) names the code it had the year before; a row
whose code another row claims as its old code, and that names none itself, is new. The dashboard's
series, the jump checks and the pre-fill of stock figures translate codes through these maps, one
year at a time, so a chain of renumberings is followed too.
"""

from .models import Indicator

# Written in "Mã năm trước" to say a row is new although its code existed last year.
NO_PREDECESSOR = {"-", "—", "mới", "moi", "new"}


def _rows(year):
    return list(Indicator.objects.filter(form__year=year).values_list("code", "previous_code"))


def step(rows):
    """{code last year: code this year} from this year's (code, previous_code) rows."""
    explicit = {p: c for c, p in rows if p and p.strip().lower() not in NO_PREDECESSOR}
    claimed = set(explicit)
    out = dict(explicit)
    for code, previous in rows:
        if not previous and code not in claimed:
            out.setdefault(code, code)
    return out


def year_map(year):
    """{code in year-1: code in year}, or None when that year has no form (codes carry unchanged)."""
    rows = _rows(year)
    return step(rows) if rows else None


def carry_forward(values, from_year, to_year):
    """A {code: value} map of from_year's codes, keyed by to_year's codes (dropped where a row has no
    successor). Only forward in time: a previous report is compared to a later one."""
    values = dict(values)
    for year in range(from_year + 1, to_year + 1):
        mapping = year_map(year)
        if mapping is not None:
            values = {mapping[c]: v for c, v in values.items() if c in mapping}
    return values


def codes_in_year(codes, year, target_year):
    """{code of year's form: the code it had (or will have) in target_year's form, or None when the
    indicator did not exist then} — one query per year between them, whatever the number of codes."""
    out = {c: c for c in codes}
    if target_year < year:
        for y in range(year, target_year, -1):
            mapping = year_map(y)
            if mapping is not None:
                back = {new: old for old, new in mapping.items()}
                out = {c: back.get(now) if now else None for c, now in out.items()}
    else:
        for y in range(year + 1, target_year + 1):
            mapping = year_map(y)
            if mapping is not None:
                out = {c: mapping.get(now) if now else None for c, now in out.items()}
    return out


def code_in_year(code, year, target_year):
    """codes_in_year() of one code."""
    return codes_in_year([code], year, target_year)[code]
