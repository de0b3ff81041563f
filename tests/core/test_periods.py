"""Reporting periods: 2021 exactly as công văn 158 §2.2, the same rule for other years, and the
Ministry's regime as a setting."""

import datetime as dt

import pytest

from cchc.reporting.periods import RULES, ensure_periods, layout
from tests.conftest import vn

D = dt.date


def test_it_lays_out_2021_exactly_as_the_directive(cchc, ankhe):
    rows = cchc("periods", "--year", "2021", "--format", "json").json()
    assert rows == [
        {"code": "2021-Q1", "kind": "Q1", "data_from": "2020-12-15", "data_to": "2021-02-28", "deadline": "2021-03-05"},
        {"code": "2021-H1", "kind": "H1", "data_from": "2020-12-15", "data_to": "2021-05-31", "deadline": "2021-06-05"},
        {"code": "2021-Q3", "kind": "Q3", "data_from": "2021-06-01", "data_to": "2021-08-31", "deadline": "2021-09-05"},
        {"code": "2021-Y", "kind": "Y", "data_from": "2020-12-15", "data_to": "2021-11-30", "deadline": "2021-12-05"},
    ]


def test_a_leap_year_ends_the_first_quarter_on_29_february():
    q1 = layout(2024, RULES["an-khe-2021"])[0]
    assert q1 == ("2024-Q1", "Q1", D(2023, 12, 15), D(2024, 2, 29), D(2024, 3, 5))
    assert layout(2100, RULES["an-khe-2021"])[0][3] == D(2100, 2, 28)  # 2100 is not a leap year


def test_the_ministry_regime_is_a_setting(settings, db):
    assert [(c, f, t, d) for c, _, f, t, d in layout(2021, RULES["bnv"])] == [
        ("2021-Q1", D(2020, 12, 15), D(2021, 3, 14), D(2021, 3, 20)),
        ("2021-H1", D(2020, 12, 15), D(2021, 6, 14), D(2021, 6, 20)),
        ("2021-Q3", D(2021, 6, 15), D(2021, 9, 14), D(2021, 9, 20)),
        ("2021-Y", D(2020, 12, 15), D(2021, 12, 14), D(2021, 12, 20)),
    ]
    settings.CCHC_PERIOD_RULE = "bnv"
    ensure_periods(2030)
    from cchc.reporting.models import Period

    assert Period.objects.get(code="2030-Q1").deadline == D(2030, 3, 20)


def test_generation_never_overwrites_a_period_the_office_moved(ankhe, period):
    q1 = period("2021-Q1")
    q1.deadline = D(2021, 3, 8)
    q1.save()
    assert ensure_periods(2021) == 0
    q1.refresh_from_db()
    assert q1.deadline == D(2021, 3, 8)


@pytest.mark.parametrize(
    "at, late",
    [
        (vn(2021, 3, 5, 23, 30), 0),  # on the deadline day, Vietnam time
        (vn(2021, 3, 6, 0, 10), 1),  # ten minutes into the next day
        (dt.datetime(2021, 3, 5, 17, 10, tzinfo=dt.UTC), 1),  # = 00:10 on 06/03 in Vietnam
        (dt.datetime(2021, 3, 5, 16, 30, tzinfo=dt.UTC), 0),  # = 23:30 on 05/03 in Vietnam
        (vn(2021, 2, 1, 8, 0), 0),
        (vn(2021, 3, 15, 9, 0), 10),
    ],
)
def test_lateness_is_whole_vietnam_days_after_the_deadline_day(ankhe, period, at, late):
    q1 = period("2021-Q1")
    assert q1.late_days(at) == late
    assert q1.deadline_passed(at) == (late > 0)


def test_an_unknown_rule_is_a_clear_error(settings, db):
    settings.CCHC_PERIOD_RULE = "nope"
    with pytest.raises(ValueError, match="Quy tắc kỳ báo cáo không hợp lệ"):
        layout(2021)
