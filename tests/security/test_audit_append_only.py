"""The audit log is append-only: the ORM refuses to change or delete a row, and the API has no way
to do either (the admin side is checked in test_authorisation_walk.py)."""

import pytest

from cchc.audit.log import record
from cchc.audit.models import AuditEntry


def test_it_refuses_to_change_or_delete_an_entry(db):
    entry = record("save", user="noivu", unit="NV", period="2021-Q1", revision=1)
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "save"


def test_it_only_grows_through_the_api(api_as, good_values):
    before = list(AuditEntry.objects.order_by("id").values())
    officer = api_as("officer_a")
    officer.put("/reports/NGO-MAY/2021-Q1", {"values": good_values})
    api_as("leader_a").post("/reports/NGO-MAY/2021-Q1/submit")
    after = list(AuditEntry.objects.order_by("id").values())
    assert after[: len(before)] == before  # nothing earlier touched
    assert [e["action"] for e in after[len(before) :]][-2:] == ["save", "submit"]
    # No route of the API speaks of the log at all.
    paths = api_as(None).get("/openapi.json").json()["paths"]
    assert not [p for p in paths if "audit" in p or "nhat-ky" in p]
