"""The report's life: save, submit, return, resubmit, accept — versions kept, every step audited."""

import pytest

from cchc.audit.models import AuditEntry
from cchc.reporting.actions import (
    StaleReport,
    ValidationFailed,
    WrongState,
    accept_report,
    return_report,
    save_report,
    submit_report,
)
from cchc.reporting.models import Report, Value
from tests.conftest import vn


@pytest.fixture
def ngomay(unit, period):
    return unit("NGO-MAY"), period("2021-Q1")


def test_a_draft_keeps_blanks_blank(ngomay):
    report = save_report(*ngomay, values={"1.1.1": 0, "1.1.2": "", "2.1": None})
    assert report.value_map() == {"1.1.1": 0}
    assert Value.objects.filter(report=report).count() == 1


def test_a_value_error_stores_nothing(ngomay):
    save_report(*ngomay, values={"1.1.1": 4})
    with pytest.raises(ValidationFailed) as exc:
        save_report(*ngomay, values={"1.1.1": 5, "3.3.3": 101})
    assert exc.value.result.errors[0].code == "3.3.3"
    assert Report.objects.get().value_map() == {"1.1.1": 4}


def test_a_cross_row_error_is_kept_in_the_draft_but_blocks_submission(ngomay, personas):
    report = save_report(*ngomay, values={"1.1.1": 3, "1.1.2": 5})
    assert [i.rule for i in report.validation.errors] == ["hoan-thanh-le-de-ra"]
    with pytest.raises(ValidationFailed, match="chưa thể ký ban hành"):
        submit_report(report, by=personas["leader_a"])
    assert Report.objects.get().status == "draft"


def test_a_stale_save_is_refused(ngomay):
    report = save_report(*ngomay, values={"1.1.1": 3})
    seen = report.revision
    save_report(*ngomay, values={"1.1.1": 4}, expected_revision=seen)
    with pytest.raises(StaleReport):
        save_report(*ngomay, values={"1.1.1": 5}, expected_revision=seen)
    assert Report.objects.get().value_map() == {"1.1.1": 4}


def test_return_and_resubmit_keep_every_version_and_the_first_submission_time(ngomay, personas):
    leader, coordinator = personas["leader_a"], personas["coordinator"]
    report = save_report(*ngomay, values={"1.1.1": 10, "1.1.2": 2}, by=personas["officer_a"])
    report = submit_report(report, by=leader, at=vn(2021, 3, 5, 23, 30))
    assert Value.objects.filter(report=report, counted=True).count() == 2
    report = return_report(report, by=coordinator, reason="Thiếu số liệu 1.1.3")
    assert report.status == "returned" and not Value.objects.filter(report=report, counted=True).exists()
    report = save_report(*ngomay, values={"1.1.1": 10, "1.1.2": 2, "1.1.3": 1}, by=personas["officer_a"])
    report = submit_report(report, by=leader, at=vn(2021, 3, 9, 8, 0))
    assert report.late_days() == 0  # judged on the first submission
    assert [(v.number, v.values) for v in report.versions.all()] == [
        (1, {"1.1.1": 10, "1.1.2": 2}),
        (2, {"1.1.1": 10, "1.1.2": 2, "1.1.3": 1}),
    ]
    report = accept_report(report, by=coordinator)
    assert report.status == "accepted" and Value.objects.filter(report=report, counted=True).count() == 3
    actions = list(
        AuditEntry.objects.filter(unit="NGO-MAY", period="2021-Q1").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["save", "submit", "return", "save", "submit", "accept"]


def test_illegal_transitions_are_refused(ngomay, personas):
    report = save_report(*ngomay, values={"1.1.1": 1})
    with pytest.raises(WrongState):
        accept_report(report, by=personas["coordinator"])
    with pytest.raises(WrongState):
        return_report(report, by=personas["coordinator"], reason="x")
    report = submit_report(report, by=personas["leader_a"])
    with pytest.raises(WrongState):
        submit_report(report, by=personas["leader_a"])
    with pytest.raises(WrongState):
        save_report(*ngomay, values={"1.1.1": 2})
    with pytest.raises(Exception, match="Phải ghi lý do"):
        return_report(report, by=personas["coordinator"], reason="  ")


def test_the_audit_log_is_append_only(ngomay):
    save_report(*ngomay, values={"1.1.1": 1})
    entry = AuditEntry.objects.get(action="save")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="x")


def test_stock_figures_are_offered_from_the_previous_report(unit, period, personas):
    from cchc.reporting.prefill import offered_values

    ngomay = unit("NGO-MAY")
    report = save_report(ngomay, period("2021-Q1"), values={"4.2.1": 21, "4.2.4": 1, "3.1.3.b": 111})
    submit_report(report, by=personas["leader_a"])
    assert offered_values(ngomay, period("2021-H1")) == {"4.2.1": (21, "previous"), "3.1.3.b": (111, "previous")}
    assert offered_values(unit("AN-BINH"), period("2021-H1")) == {}


def test_the_signature_reads_family_name_first(ngomay):
    from cchc.orgunits.users import add_user

    leader = add_user("ld.test", unit="NGO-MAY", role="leader", full_name="Phạm Văn Cường", check_password=False)
    report = submit_report(save_report(*ngomay, values={"1.1.1": 1}), by=leader)
    assert report.signed_by_name == "Phạm Văn Cường"


def test_saving_what_is_stored_changes_nothing(ngomay):
    report = save_report(*ngomay, values={"1.1.1": 3}, narrative={"organisation": "A"})
    again = save_report(
        *ngomay, values={"1.1.1": "3"}, narrative={"organisation": "A"}, expected_revision=report.revision
    )
    assert again.revision == report.revision
    assert AuditEntry.objects.filter(action="save", unit="NGO-MAY").count() == 1
    # … so a colleague who opened the report before is not told it moved on.
    save_report(*ngomay, values={"1.1.1": 4}, expected_revision=report.revision)


def test_a_save_changes_only_the_figures_that_changed(ngomay):
    report = save_report(*ngomay, values={"1.1.1": 4, "1.1.2": 2, "3.4.1": 95.5})
    rows = dict(Value.objects.filter(report=report).values_list("indicator__code", "pk"))
    report = save_report(*ngomay, values={"1.1.1": 5, "3.4.1": 95.5, "2.1": "0"}, expected_revision=report.revision)
    stored = Value.objects.filter(report=report)
    assert report.value_map() == Report.objects.get(pk=report.pk).value_map() == {"1.1.1": 5, "3.4.1": 95.5, "2.1": 0}
    after = dict(stored.values_list("indicator__code", "pk"))
    # Changed and unchanged figures keep their row; a blanked one loses it (blank is no row, not 0);
    # a new one, even a 0, gets one.
    assert after["1.1.1"] == rows["1.1.1"] and after["3.4.1"] == rows["3.4.1"]
    assert "1.1.2" not in after and "2.1" in after
    assert all(v.unit_id == ngomay[0].pk and v.period_id == ngomay[1].pk and not v.counted for v in stored)
    entry = AuditEntry.objects.filter(action="save").order_by("-id").first()
    assert entry.detail["changed"] == ["1.1.1", "1.1.2", "2.1"]
