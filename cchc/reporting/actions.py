"""Every write on reports: one verb each, in one transaction, with its own audit row.

The states in which each verb is possible are cchc.reporting.access's STATES, checked here under the
report's row lock (the web, the API and the commands all end here)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connections, transaction
from django.db.models import Subquery
from django.utils import timezone

from cchc.audit.log import record
from cchc.catalog import lineage
from cchc.catalog import narrative as outline
from cchc.catalog.validation import FormSpec, validate
from cchc.notifications import notify
from cchc.office.names import person_name
from cchc.office.numbers import format_number
from cchc.prebuilt import Prebuilt

from . import access, totals
from .errors import ReportError, StaleReport, ValidationFailed, WrongState
from .models import Period, Report, ReportVersion, Value, to_number
from .received import ReceivedAtError, check_received_at

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from cchc.catalog.validation import Result
    from cchc.orgunits.models import OrgUnit

__all__ = [
    "ReportError",
    "StaleReport",
    "ValidationFailed",
    "WrongState",
    "accept_report",
    "check",
    "clean_narrative",
    "previous_report",
    "previous_values",
    "receive_report",
    "report_json",
    "return_report",
    "save_report",
    "spec_for",
    "submit_report",
]

MAX_NARRATIVE = 200_000  # characters per part: a long report is ~20 pages


def clean_narrative(raw: Any) -> dict[str, Any]:
    """The directive's four parts (§2.1) plus the thematic report, as plain strings."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ReportError("Phần nội dung báo cáo (narrative) phải là một đối tượng JSON.")
    unknown = set(raw) - set(outline.KEYS)
    if unknown:
        raise ReportError(f"Phần nội dung không hợp lệ: {', '.join(sorted(unknown))}.")
    out = {}
    for key in outline.KEYS:
        value = raw.get(key)
        if key == outline.RESULTS:
            value = value or {}
            if not isinstance(value, dict) or set(value) - set(outline.AREAS):
                raise ReportError("Phần kết quả (results) phải theo 6 lĩnh vực cải cách, mã từ 1 đến 6.")
            out[key] = {area: _text(value.get(area), f"kết quả lĩnh vực {area}") for area in outline.AREAS}
        else:
            out[key] = _text(value, key)
    return out


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReportError(f"Nội dung «{what}» phải là văn bản.")
    if len(value) > MAX_NARRATIVE:
        raise ReportError(f"Nội dung «{what}» quá dài (tối đa {format_number(MAX_NARRATIVE)} ký tự).")
    return value.replace("\r\n", "\n")


# The reads of every save, their SQL built once (cchc.prebuilt).
_PREVIOUS_VALUES = Prebuilt(
    lambda unit, deadline: Value.objects.filter(
        report=Subquery(
            Report.objects.counted()
            .filter(unit_id=unit, period__deadline__lt=deadline)
            .order_by("-period__deadline")
            .values("pk")[:1]
        )
    ).values_list("indicator__code", "value", "indicator__kind", "indicator__form__year"),
    unit=int,
    deadline=dt.date,
)
_LOCKED_REPORT = Prebuilt(
    lambda unit, period: Report.objects.select_for_update().filter(unit_id=unit, period_id=period), unit=int, period=int
)


def _earlier_counted(unit, period):
    return (
        Report.objects.counted().filter(unit=unit, period__deadline__lt=period.deadline).order_by("-period__deadline")
    )


def previous_report(unit: OrgUnit, period: Period) -> Report | None:
    """The unit's latest counted report of an earlier period — what jumps are judged against and
    stock figures are carried over from."""
    return _earlier_counted(unit, period).first()


def previous_values(unit: OrgUnit, period: Period) -> dict[str, Any]:
    """The values of previous_report(), in one query (every save validates against them), keyed by
    this period's codes: last year's report is read through the form's lineage (Mã năm trước)."""
    rows = _PREVIOUS_VALUES.rows(unit=unit.pk, deadline=period.deadline)
    values = {code: to_number(v, kind) for code, v, kind, _ in rows}
    year = rows[0][3] if rows else period.year
    return values if year == period.year else lineage.carry_forward(values, year, period.year)


def spec_for(period: Period) -> FormSpec:
    spec = FormSpec.for_year(period.year)
    if spec is None:
        raise ReportError(f"Chưa có biểu mẫu báo cáo của năm {period.year}.")
    return spec


def check(unit: OrgUnit, period: Period, values: dict[str, Any]) -> Result:
    """Full validation of raw values as they would be stored for unit and period."""
    return validate(spec_for(period), values, previous_values(unit, period))


@transaction.atomic
def save_report(
    unit: OrgUnit,
    period: Period,
    *,
    values: dict[str, Any],
    narrative: dict[str, Any] | None = None,
    by: User | str | None = None,
    expected_revision: int | None = None,
    prefilled: dict[str, str] | None = None,
    at: dt.datetime | None = None,
    action: str = "save",
) -> Report:
    """Store a draft: all its values at once, or nothing.

    Values that are not numbers of the right kind are refused (nothing stored); cross-row errors
    are kept in the draft and shown — they block only submission. A caller that read revision N
    must pass it: if the report has moved on, StaleReport is raised and nothing is written.
    """
    spec = spec_for(period)
    result = validate(spec, values, previous_values(unit, period))
    if result.value_errors:
        raise ValidationFailed("Số liệu không hợp lệ, chưa lưu.", result)
    narrative_clean = clean_narrative(narrative) if narrative is not None else None
    report = _locked_report(unit, period)
    if expected_revision is not None and expected_revision != report.revision:
        raise StaleReport(
            f"Báo cáo đã được {report.updated_by or 'người khác'} lưu lúc "
            f"{timezone.localtime(report.updated_at):%d/%m/%Y %H:%M} sau khi bạn mở; hãy xem thay đổi rồi lưu lại."
        )
    access.check_state(access.EDIT, report)
    before = report.value_map()
    after = {c: to_number(v, spec.indicators[c].kind) for c, v in result.values.items()}
    report.spec = spec
    if prefilled is not None:
        new_prefilled = {c: src for c, src in prefilled.items() if c in result.values}
    else:
        # A figure typed over is no longer "pre-filled".
        new_prefilled = {
            c: src for c, src in (report.prefilled or {}).items() if c in after and before.get(c) == after[c]
        }
    unchanged = (
        report.revision > 0
        and before == after
        and new_prefilled == (report.prefilled or {})
        and (narrative_clean is None or narrative_clean == report.narrative)
    )
    if unchanged:
        # Saving what is already stored changes nothing and must not make someone else's next
        # save look stale (a leader pressing "Ký ban hành" on a report that still has errors).
        report.validation = result
        report.remember_values(before)
        return report
    if narrative_clean is not None:
        report.narrative = narrative_clean
        report.narrative_chars = Report.narrative_length(narrative_clean)
        report.has_narrative = report.narrative_chars > 0
    report.prefilled = new_prefilled
    report.revision += 1
    report.updated_by = by if getattr(by, "is_authenticated", False) else None
    # Only what a draft save changes: status, signature and dates belong to the other verbs.
    report.save(
        update_fields=[
            "narrative",
            "has_narrative",
            "narrative_chars",
            "prefilled",
            "revision",
            "updated_by",
            "updated_at",
        ]
    )
    changed = sorted(c for c in set(before) | set(after) if before.get(c) != after.get(c))
    _write_values(report, spec, result.values, changed, stored=before)
    report.remember_values(after)
    record(action, user=by, unit=unit, period=period, obj=report, at=at, revision=report.revision, changed=changed)
    report.validation = result
    return report


def _locked_report(unit: OrgUnit, period: Period) -> Report:
    """The unit's report for the period, locked for this transaction; created (revision 0) if new.
    Two first saves racing each other must not fail: the loser of the insert takes the winner's row."""
    report = _LOCKED_REPORT.first(unit=unit.pk, period=period.pk)
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return Report.objects.create(
                unit=unit, period=period, status=Report.Status.DRAFT, revision=0, narrative=clean_narrative({})
            )
    except IntegrityError:
        return Report.objects.select_for_update().get(unit=unit, period=period)


def _write_values(report, spec, values, changed, stored):
    """Bring the report's Value rows to `values`, touching only the indicators in `changed`;
    `stored` is what the rows held, read under the report's lock.

    A figure that changes is updated in place: one statement, and on PostgreSQL no foreign-key
    checks (the keys do not change) — on the 5th of the month every saved row counts. Blanked
    figures lose their row (a blank is no row, never a zero); new figures get one."""
    if not changed:
        return
    existing = set(stored)
    gone = [spec.indicators[c].pk for c in changed if c not in values]
    if gone:
        Value.objects.filter(report=report, indicator_id__in=gone).delete()
    updated = {spec.indicators[c].pk: values[c] for c in changed if c in values and c in existing}
    if updated:
        _update_values(report, updated)
    Value.objects.bulk_create(
        Value(
            report=report,
            indicator_id=spec.indicators[c].pk,
            period_id=report.period_id,
            unit_id=report.unit_id,
            counted=report.counted,
            value=values[c],
        )
        for c in changed
        if c in values and c not in existing
    )


def _update_values(report, by_indicator):
    """UPDATE … SET value = CASE indicator_id WHEN … END for one report: the ORM's bulk_update
    writes the same statement but costs more to build than the database takes to run it."""
    field = Value._meta.get_field("value")
    connection = connections[Value.objects.db]
    qn = connection.ops.quote_name
    cases, params = [], []
    for indicator_id, number in by_indicator.items():
        cases.append("WHEN %s THEN %s")
        params += [indicator_id, field.get_db_prep_save(number, connection)]
    ids = list(by_indicator)
    sql = (
        f"UPDATE {qn(Value._meta.db_table)} SET {qn('value')} = CASE {qn('indicator_id')} {' '.join(cases)} END "
        f"WHERE {qn('report_id')} = %s AND {qn('indicator_id')} IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, report.pk, *ids])


@transaction.atomic
def submit_report(
    report: Report,
    *,
    by: User | str | None = None,
    at: dt.datetime | None = None,
    signed_by_name: str | None = None,
    received_by: User | None = None,
    logged_at: dt.datetime | None = None,
) -> Report:
    """Sign and send (ký ban hành): the report is frozen as a new version and counts from now.

    The time is the server's unless a coordinator records when a paper report was received. The
    audit row is written now unless `logged_at` says when the act happened (the demo's sample year).
    """
    # Lock the report row only (of=self): FOR UPDATE over the join would also lock the period's row,
    # and every submission of the period — and every save's foreign-key check on it — would queue.
    report = Report.objects.select_for_update(of=("self",)).select_related("unit", "period").get(pk=report.pk)
    access.check_state(access.SUBMIT, report)
    values = report.value_map()
    report.spec = spec_for(report.period)
    result = validate(report.spec, values, previous_values(report.unit, report.period))
    if result.errors:
        raise ValidationFailed("Báo cáo còn lỗi, chưa thể ký ban hành.", result)
    at = at or timezone.now()
    name = signed_by_name or (person_name(by) if getattr(by, "is_authenticated", False) else "")
    report.status = Report.Status.SUBMITTED
    report.submitted_at = at
    if report.first_submitted_at is None:
        report.first_submitted_at = at
    report.signed_by_name = name
    report.signed_by = by if getattr(by, "is_authenticated", False) and not received_by else None
    report.received_by = received_by
    report.returned_reason = ""
    # A new submission is signed as it is made: a digital signature of an earlier one no longer applies.
    report.digital_signer, report.digitally_signed_at = "", None
    report.revision += 1
    report.save()
    Value.objects.filter(report=report).update(counted=True)
    totals.report_counted(report)
    number = report.versions.count() + 1
    ReportVersion.objects.create(
        report=report, number=number, values=values, narrative=report.narrative, submitted_at=at, signed_by_name=name
    )
    report.remember_values(values)
    record(
        "submit",
        user=received_by or by,
        unit=report.unit,
        period=report.period,
        obj=report,
        at=logged_at,
        submitted_at=at.isoformat(),
        version=number,
        signed_by=name,
        on_behalf=bool(received_by),
    )
    notify.report_submitted(report, at=at, by=received_by or by, version=number)
    return report


@transaction.atomic
def return_report(report: Report, *, by: User | str | None, reason: str, at: dt.datetime | None = None) -> Report:
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Phải ghi lý do trả lại báo cáo.")
    report = Report.objects.select_for_update(of=("self",)).select_related("unit", "period").get(pk=report.pk)
    access.check_state(access.RETURN, report)
    report.status = Report.Status.RETURNED
    report.returned_reason = reason
    report.digital_signer, report.digitally_signed_at = "", None
    returned_version = report.versions.count()
    report.accepted_at = None
    report.revision += 1
    report.save()
    Value.objects.filter(report=report).update(counted=False)
    totals.report_uncounted(report)
    record(
        "return",
        user=by,
        unit=report.unit,
        period=report.period,
        obj=report,
        at=at,
        reason=reason,
        version=returned_version,
    )
    notify.report_returned(report, at=at, reason=reason, by=by)
    return report


@transaction.atomic
def accept_report(report: Report, *, by: User | str | None, at: dt.datetime | None = None) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("unit", "period").get(pk=report.pk)
    access.check_state(access.ACCEPT, report)
    report.status = Report.Status.ACCEPTED
    report.accepted_at = at or timezone.now()
    report.revision += 1
    report.save()
    record("accept", user=by, unit=report.unit, period=report.period, obj=report, at=at)
    notify.report_accepted(report, at=report.accepted_at, by=by)
    return report


def prefill_from_previous(unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Stock figures (staff, procedures in force, units…) of the unit's previous counted report,
    to offer as a starting point: {code: number}."""
    prev = previous_report(unit, period)
    if prev is None:
        return {}
    spec = spec_for(period)
    stock = {c for c, ind in spec.indicators.items() if ind.stock}
    values = prev.value_map()
    if prev.period.year != period.year:
        values = lineage.carry_forward(values, prev.period.year, period.year)
    return {c: v for c, v in values.items() if c in stock}


def report_json(report: Report | None, unit: OrgUnit | None = None, period: Period | None = None) -> dict[str, Any]:
    """The report as INTERFACES.md writes it (blanks absent)."""
    if report is None:
        return {
            "unit": unit.code,
            "period": period.code,
            "status": Report.Status.NOT_STARTED,
            "values": {},
            "narrative": clean_narrative({}),
        }
    spec = getattr(report, "spec", None) or spec_for(report.period)
    values = report.value_map()
    ordered = {c: values[c] for c in spec.indicators if c in values}
    out = {
        "unit": report.unit.code,
        "period": report.period.code,
        "status": report.status,
        "revision": report.revision,
        "values": ordered,
        "narrative": clean_narrative(report.narrative or {}),
    }
    if report.first_submitted_at:
        out["submitted_at"] = timezone.localtime(report.submitted_at).isoformat()
        out["first_submitted_at"] = timezone.localtime(report.first_submitted_at).isoformat()
        out["late_days"] = report.late_days()
        out["signed_by"] = report.signed_by_name
    if report.returned_reason:
        out["returned_reason"] = report.returned_reason
    if report.prefilled:
        out["prefilled"] = report.prefilled
    return out


@transaction.atomic
def receive_report(
    unit: OrgUnit,
    period: Period,
    *,
    values: dict[str, Any],
    narrative: dict[str, Any] | None = None,
    by: User | str | None = None,
    submit: bool = False,
    submitted_at: dt.datetime | None = None,
    signed_by_name: str | None = None,
    action: str = "import",
) -> Report:
    """Store a report that arrived as a file (`cchc import`, an upload): the whole file or nothing.
    With `submit`, it is recorded as signed and received at `submitted_at` (the document system's
    time for a report sent on paper), on the unit's behalf. `action` names the save in the audit
    log ("receive" when Phòng Nội vụ types a paper report in on the web)."""
    if submitted_at is not None:
        try:
            check_received_at(submitted_at)
        except ReceivedAtError as exc:
            raise ReportError(exc.message) from None
    report = save_report(unit, period, values=values, narrative=narrative, by=by, action=action)
    validation = report.validation
    if submit:
        report = submit_report(
            report,
            by=by,
            at=submitted_at,
            signed_by_name=signed_by_name,
            received_by=by if getattr(by, "is_authenticated", False) else None,
        )
        report.validation = validation
    return report
