"""Property-based checks (hypothesis) of the pure helpers everything else trusts: the Vietnamese
number parser, the date helpers, the period layout for any year under both rules, and the validator
fed arbitrary input."""

import calendar
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.office.dates import ddmmyyyy, long_date
from cchc.office.numbers import NotANumber, format_number, parse_number
from cchc.reporting.periods import LAST_MONTH, RULES, layout

VN = ZoneInfo("Asia/Ho_Chi_Minh")
figures = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False, allow_infinity=False
)


@given(figures)
def test_it_reads_back_every_number_it_writes(value):
    text = format_number(value)
    assert parse_number(text) == value
    assert parse_number(text + "%") == value


@given(st.integers(min_value=1000, max_value=10**15))
def test_it_groups_thousands_with_dots_and_reads_them_back(n):
    text = format_number(n)
    assert "." in text and "," not in text
    assert parse_number(text) == n
    assert parse_number(text.replace(".", " ")) == n  # "1 234" as some people type it


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_it_takes_integers_as_they_are(n):
    assert parse_number(n) == n


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_it_takes_floats_as_written(x):
    assert parse_number(x) == Decimal(repr(x))


@given(st.one_of(st.text(max_size=40), st.none(), st.booleans(), st.floats(), st.integers()))
def test_it_never_fails_other_than_with_a_vietnamese_refusal(raw):
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        assert str(exc)
        return
    assert value is None or (isinstance(value, Decimal) and value.is_finite())


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_it_writes_dates_the_vietnamese_way(day):
    assert dt.datetime.strptime(ddmmyyyy(day), "%d/%m/%Y").date() == day
    text = long_date(day, place="An Khê")
    # Nghị định 30/2020/NĐ-CP: two-digit days, a leading zero only for January and February.
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    assert text == f"An Khê, ngày {day.day:02d} tháng {month} năm {day.year}"


@given(
    st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from([dt.UTC, VN, ZoneInfo("America/New_York")]),
    )
)
def test_it_shows_instants_in_vietnam_time(at):
    assert ddmmyyyy(at) == at.astimezone(VN).strftime("%d/%m/%Y %H:%M")


@given(st.integers(min_value=2000, max_value=2100), st.sampled_from(sorted(RULES)))
def test_it_lays_out_any_year_under_either_rule(year, rule_name):
    rule = RULES[rule_name]
    rows = layout(year, rule)
    assert [r[0] for r in rows] == [f"{year}-Q1", f"{year}-H1", f"{year}-Q3", f"{year}-Y"]
    for _code, kind, data_from, data_to, deadline in rows:
        assert data_from <= data_to < deadline
        assert deadline == dt.date(year, LAST_MONTH[kind], rule.deadline_day)
        if rule.cutoff_day is None:
            # công văn 158: the window closes at the end of the month before the deadline's month.
            assert data_to + dt.timedelta(days=1) == dt.date(year, LAST_MONTH[kind], 1)
        else:
            assert data_to == dt.date(year, LAST_MONTH[kind], rule.cutoff_day)
    q1, h1, q3, y = rows
    assert q1[3] < h1[3] < q3[3] < y[3]
    assert q1[2] == h1[2] == y[2] == dt.date(year - 1, 12, rule.year_start_day)
    assert q3[2] == h1[3] + dt.timedelta(days=1)  # Q3 picks up the day after the six months end
    if rule.cutoff_day is None:
        assert q1[3] == dt.date(year, 2, 29 if calendar.isleap(year) else 28)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.decimals(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture
def spec(ankhe):
    from cchc.catalog.validation import FormSpec

    return FormSpec.for_year(2021)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None)
@given(
    raw=st.one_of(
        st.dictionaries(
            st.one_of(
                st.text(max_size=10), st.sampled_from(["1.1.1", "3.4.2", "5.3.1", "1", "3.1.3.a"]), st.integers()
            ),
            json_values,
            max_size=8,
        ),
        json_values,
    )
)
def test_it_validates_anything_without_raising_and_names_the_row(spec, raw):
    from cchc.catalog.validation import validate

    result = validate(spec, raw, previous={"1.1.1": 10})
    keys = {str(k).strip().rstrip(".") for k in raw} if isinstance(raw, dict) else set()
    for issue in result.errors + result.warnings:
        assert issue.message
        if issue.rule:
            assert issue.code in spec.indicators
        elif isinstance(raw, dict):
            assert issue.code in keys  # each refused value names its own row
    assert set(result.values) <= set(spec.indicators)
