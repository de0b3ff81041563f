"""The JSON shapes of INTERFACES.md for reference data — units, periods, the form's rows — written once.
`cchc units|periods|catalog --format json` and the API's GET /units, /periods, /catalog both call these,
so the two faces cannot drift apart."""

from __future__ import annotations

from typing import Any

from cchc.catalog.models import ReportForm
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period


def unit_json(unit: OrgUnit) -> dict[str, Any]:
    """`{"code", "name", "kind", "parent"}`; select_related("parent") on a list."""
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent else None,
    }


def period_json(period: Period) -> dict[str, Any]:
    return {
        "code": period.code,
        "kind": period.kind,
        "data_from": period.data_from.isoformat(),
        "data_to": period.data_to.isoformat(),
        "deadline": period.deadline.isoformat(),
    }


def form_of(year: int | None, drafts: bool = False) -> ReportForm | None:
    """The form of `year`, or the newest form when no year is given. A draft form (being edited by
    the coordinator) counts only with `drafts`; without a year, the newest published one."""
    forms = ReportForm.objects.all() if drafts else ReportForm.objects.filter(published=True)
    if year is not None:
        return forms.filter(year=year).first()
    return ReportForm.objects.filter(published=True).order_by("-year").first()


def catalog_json(form: ReportForm) -> list[dict[str, Any]]:
    """The form's rows in order: `{"code", "stt", "name", "measure", "kind", "choices", "responsible", "parent"}`."""
    return [
        {
            "code": i.code,
            "stt": i.stt,
            "name": i.name,
            "measure": i.measure,
            "kind": i.kind,
            "choices": i.choices if i.kind == "choice" else None,
            "responsible": i.responsible.code if i.responsible else None,
            "parent": i.parent_code or None,
        }
        for i in form.indicators.select_related("responsible").order_by("position")
    ]
