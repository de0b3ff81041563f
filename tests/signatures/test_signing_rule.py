"""Who may sign a unit's report digitally is decided by the one access.decide (SUBMIT: signing is
«Ký ban hành»), not by a rule of the signatures app's own. Every persona, with the report as a draft and
once sent: the «Ký số» card, the web upload and the API upload agree with access.decide — a copy of the
rule that let one more role through (or one less) fails here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.api.models import Token
from cchc.reporting import access
from cchc.reporting.actions import submit_report
from cchc.reporting.models import Report
from cchc.signatures import rules
from tests.conftest import PERSONAS

NOT_A_SIGNATURE = b"%PDF-1.7\n% kh\xf4ng c\xf3 ch\xfc k\xfd\n%%EOF\n"


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_every_face_of_signing_follows_access_decide(client, client_as, personas, draft, state):
    if state == "submitted":
        submit_report(draft, by=personas["leader_a"])
    report = Report.objects.select_related("unit").get(pk=draft.pk)
    unit = report.unit
    for who in PERSONAS:
        user = personas[who]
        decision = access.decide(user, access.SUBMIT, unit, report)
        assert rules.may_sign_report(user, unit, report) == decision.allowed, who

        page = client_as(who).get(reverse("report", args=["NGO-MAY", "2021-Q1"]))
        offered = "Tải lên bản đã ký số" in page.content.decode()
        assert offered == decision.allowed, who

        upload = client_as(who).post(
            reverse("report_signed_upload", args=["NGO-MAY", "2021-Q1"]),
            {"file": SimpleUploadedFile("bao-cao.pdf", NOT_A_SIGNATURE, "application/pdf")},
        )
        token = Token.issue(user)[1]
        api = client.generic(
            "POST",
            "/api/v1/reports/NGO-MAY/2021-Q1/signed",
            data=NOT_A_SIGNATURE,
            content_type="application/pdf",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if decision.allowed:
            # Past the permission: refused for the file itself (not signed), never for the person.
            assert upload.status_code == api.status_code == 422, who
        else:
            assert upload.status_code == api.status_code == decision.status, who
    assert Report.objects.get(pk=draft.pk).status == state
