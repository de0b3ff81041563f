"""cchc.prebuilt: the save path's reads, compiled once, must give exactly what the ORM gives —
the same instances (related rows included), the same converted values — on both databases."""

import datetime as dt
from decimal import Decimal

import pytest

from cchc.prebuilt import Prebuilt


@pytest.fixture
def saved(ankhe, unit, period):
    from cchc.reporting.actions import save_report, submit_report

    report = save_report(unit("NGO-MAY"), period("2021-Q1"), values={"1.1.1": 12, "3.4.1": "95,5", "5.3.1": 1}, by="t")
    submit_report(report, by="t")
    return report


def test_objects_are_the_orms_own_with_related_rows(saved):
    from cchc.reporting.models import Report

    query = Prebuilt(
        lambda unit, period: Report.objects.select_related("unit", "period").filter(
            unit__code=unit, period__code=period
        ),
        unit=str,
        period=str,
    )
    got = query.first(unit="NGO-MAY", period="2021-Q1")
    orm = Report.objects.select_related("unit", "period").get(unit__code="NGO-MAY", period__code="2021-Q1")
    assert got.pk == orm.pk and got.status == orm.status == "submitted" and got.revision == orm.revision
    assert got.narrative == orm.narrative and got.first_submitted_at == orm.first_submitted_at
    # The related rows came in the same query, as select_related would give them.
    assert (
        "unit" in got._state.fields_cache and got.unit.code == "NGO-MAY" and got.period.deadline == orm.period.deadline
    )
    # Another set of parameters on the same compiled SQL; nothing found is None, not an error.
    assert query.first(unit="AN-BINH", period="2021-Q1") is None
    assert query.first(unit="NGO-MAY", period="2099-Q1") is None


def test_rows_are_converted_as_the_orm_converts_them(saved):
    from cchc.reporting.models import Value

    query = Prebuilt(
        lambda report: (
            Value.objects.filter(report_id=report)
            .order_by("indicator__position")
            .values_list("indicator__code", "value")
        ),
        report=int,
    )
    orm = list(
        Value.objects.filter(report_id=saved.pk).order_by("indicator__position").values_list("indicator__code", "value")
    )
    got = query.rows(report=saved.pk)
    assert got == orm and ("3.4.1", Decimal("95.5")) in got
    # SQLite hands decimals back as floats: the field's converter made them Decimals again.
    assert all(isinstance(v, Decimal) for _, v in got)


def test_a_date_parameter_and_constants_of_the_query(saved, unit):
    from cchc.reporting.models import Report

    query = Prebuilt(
        lambda unit, before: (
            Report.objects.counted().filter(unit_id=unit, period__deadline__lt=before).values_list("period__code")
        ),
        unit=int,
        before=dt.date,
    )
    ngo_may = unit("NGO-MAY").pk
    assert query.rows(unit=ngo_may, before=dt.date(2021, 3, 6)) == [("2021-Q1",)]
    assert query.rows(unit=ngo_may, before=dt.date(2021, 3, 5)) == []  # the deadline itself is not before it
    # The statuses of counted() stayed constants of the SQL: a draft is not found.
    Report.objects.filter(pk=saved.pk).update(status="draft")
    assert query.rows(unit=ngo_may, before=dt.date(2021, 3, 6)) == []


def test_a_parameter_the_sql_does_not_hold_fails_at_first_use(ankhe):
    from cchc.reporting.models import Report

    query = Prebuilt(lambda unit, period: Report.objects.filter(unit__code=unit), unit=str, period=str)
    with pytest.raises(ValueError, match="period"):
        query.rows(unit="NGO-MAY", period="2021-Q1")
    good = Prebuilt(lambda unit: Report.objects.filter(unit__code=unit), unit=str)
    with pytest.raises(TypeError):
        good.rows(unit="NGO-MAY", period="2021-Q1")
