"""`cchc init` loads the embedded default, idempotently; `--demo` adds accounts and sample reports."""

from django.http import HttpRequest

from cchc.bootstrap import DEMO_PASSWORD, DEMO_USERS
from cchc.catalog.models import Indicator
from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period, Report


def test_init_is_idempotent_and_demo_adds_accounts(cchc, client):
    cchc("init")
    counts = (OrgUnit.objects.count(), Indicator.objects.count(), Period.objects.count())
    assert counts == (25, 108, 4)
    first = cchc("init", "--demo").stderr
    # The accounts are printed, so whoever ran scripts/start knows how to sign in.
    assert f"Tài khoản dùng thử (mật khẩu {DEMO_PASSWORD}):" in first and "  noivu " in first
    from django.contrib.auth import get_user_model

    hashes = dict(get_user_model().objects.values_list("username", "password"))
    cchc("init", "--demo")
    assert (OrgUnit.objects.count(), Indicator.objects.count(), Period.objects.count()) == counts
    # A second start adds nothing and re-hashes no password (that was most of its 7.6 s).
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    for username, _unit, _role, _ in DEMO_USERS:
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), username
    # A year of reporting: every period has sent, late, draft and missing units, and one returned report.
    statuses = set(Report.objects.filter(period__year=2021).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned"}
    # The sample year is logged at its own dates, signed by people's names, not "Thủ trưởng đơn vị".
    from cchc.audit.models import AuditEntry

    submits = AuditEntry.objects.filter(action="submit")
    assert submits.exists() and not submits.exclude(at__year=2021).exists()
    signers = set(Report.objects.exclude(signed_by_name="").values_list("signed_by_name", flat=True))
    assert signers and not any("Thủ trưởng" in s or "đơn vị" in s for s in signers)
    # Each unit with demo accounts has a report left to work on.
    from cchc.bootstrap import DEMO_OPEN

    for code in DEMO_OPEN:
        assert Report.objects.filter(unit__code=code, status__in=("draft", "returned")).exists(), code
    status = cchc("status", "--period", "2021-Q1", "--format", "json").json()["units"]
    assert status["NV"]["status"] == "submitted" and status["VP"]["late_days"] > 0
    assert {u["status"] for u in status.values()} >= {"submitted", "not_started"}
