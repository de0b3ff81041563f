"""The admin, for Phòng Nội vụ's rarer tasks: in Vietnamese, audited, the audit log read only."""

from django.urls import reverse

from cchc.audit.models import AuditEntry


def test_it_lets_the_coordinator_manage_units_users_periods_and_forms(client_as):
    client = client_as("coordinator")
    index = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống báo cáo CCHC" in index
    for name in (
        "orgunits_orgunit",
        "orgunits_membership",
        "auth_user",
        "reporting_period",
        "catalog_reportform",
        "catalog_indicator",
        "catalog_validationrule",
        "audit_auditentry",
    ):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name


def test_it_audits_a_change_made_in_the_admin(client_as, period):
    client = client_as("coordinator")
    q1 = period("2021-Q1")
    response = client.post(
        reverse("admin:reporting_period_change", args=[q1.pk]),
        {
            "code": q1.code,
            "kind": q1.kind,
            "year": q1.year,
            "data_from": "15/12/2020",
            "data_to": "28/02/2021",
            "deadline": "08/03/2021",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    q1.refresh_from_db()
    assert q1.deadline.isoformat() == "2021-03-08"
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.username == "noivu.test" and entry.detail["fields"] == ["deadline"]


def test_it_keeps_the_audit_log_read_only(client_as):
    client = client_as("coordinator")
    client.get(reverse("admin:index"))
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    response = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "khác"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_it_keeps_unit_users_out_of_the_admin(client_as):
    response = client_as("leader_a").get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_keeps_the_coordinator_from_granting_more_than_roles_give(client_as, personas):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    boss = User.objects.create_superuser("quantri", password="x")
    client = client_as("coordinator")
    assert client.get(reverse("admin:auth_user_change", args=[boss.pk])).status_code in (302, 404)
    page = client.get(reverse("admin:auth_user_change", args=[personas["officer_a"].pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_it_gives_admin_access_with_the_coordinator_role_set_in_the_admin(client_as, personas):
    from cchc.orgunits.models import Membership

    client = client_as("coordinator")
    m = Membership.objects.get(user=personas["officer_b"])
    response = client.post(
        reverse("admin:orgunits_membership_change", args=[m.pk]),
        {"user": m.user_id, "unit": m.unit_id, "role": "coordinator"},
    )
    assert response.status_code == 302
    personas["officer_b"].refresh_from_db()
    assert personas["officer_b"].is_staff and personas["officer_b"].groups.filter(name="Phòng Nội vụ").exists()
    client.post(
        reverse("admin:orgunits_membership_change", args=[m.pk]),
        {"user": m.user_id, "unit": m.unit_id, "role": "staff"},
    )
    personas["officer_b"].refresh_from_db()
    assert not personas["officer_b"].is_staff


def test_it_shows_years_without_a_thousands_separator(client_as, period):
    period("2021-Q1")
    page = client_as("coordinator").get(reverse("admin:reporting_period_changelist")).content.decode()
    assert '<td class="field-year_shown">2021</td>' in page and "2.021" not in page


def test_it_speaks_vietnamese_where_djangos_translation_falls_short(client_as, personas):
    client = client_as("coordinator")
    for name in ("reporting_period", "orgunits_orgunit", "auth_user", "audit_auditentry"):
        assert "Show counts" not in client.get(reverse(f"admin:{name}_changelist")).content.decode(), name
    add = client.get(reverse("admin:auth_user_add")).content.decode()
    for english in ("After you’ve created a user", "Password-based authentication", "Single Sign-On"):
        assert english not in add
    assert "Đăng nhập bằng mật khẩu" in add and "sau khi tạo tài khoản" in add
    change = client.get(reverse("admin:auth_user_change", args=[personas["officer_a"].pk])).content.decode()
    assert "Raw passwords are not stored" not in change and "Mật khẩu không được lưu ở dạng đọc được" in change
    assert "Reset password" not in change and ">Đặt lại mật khẩu</a>" in change


def test_it_lists_the_audit_log_in_vietnamese_with_names(client_as, personas, ward_a, q1):
    from cchc.reporting.actions import save_report

    save_report(ward_a, q1, values={"1.1.1": 1}, by=personas["officer_a"])
    page = client_as("coordinator").get(reverse("admin:audit_auditentry_changelist")).content.decode()
    for header in ("Thời điểm", "Người thực hiện", "Thao tác", "Đơn vị", "Kỳ báo cáo", "Đối tượng"):
        assert f">{header}</a>" in page or f">{header}</span>" in page, header
    row = page.split('<td class="field-who">Người dùng officer_a (cv.a)</td>')[1].split("</tr>")[0]
    assert "Lưu bản nháp" in row and "NGO-MAY" in row and "2021-Q1" in row and "Báo cáo #" in row


def test_it_names_every_audit_action_the_code_writes():
    import re
    from pathlib import Path

    from cchc.audit.labels import ACTION_LABELS

    root = Path(__file__).resolve().parents[2] / "cchc"
    written = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'\brecord\(\s*"([\w.]+)"', text))
        # action="save" and the typed default action: str = "save"; minus argparse's store_true.
        written |= set(re.findall(r'\baction(?:: str)?\s?=\s?"([\w.]+)"', text)) - {"store_true"}
    written |= {"admin.change", "admin.add"}  # written through a conditional expression
    assert written - set(ACTION_LABELS) == set()
    assert {"save", "import", "upload", "receive", "submit", "return", "accept"} <= written


def test_it_has_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("cchc/favicon.svg")


def test_it_shows_the_coordinator_the_reminders_sent_read_only(client_as, unit, period):
    """README: every reminder is logged in the admin ("Nhắc hạn"); the coordinator got 403 there."""
    from django.utils import timezone

    from cchc.consolidation.models import ReminderLog

    log = ReminderLog.objects.create(
        unit=unit("NGO-MAY"),
        period=period("2021-Q1"),
        kind="before-5",
        sent_at=timezone.now(),
        recipients=["ngomay@example.vn"],
        subject="Nhắc hạn báo cáo",
    )
    client = client_as("coordinator")
    listing = client.get("/quan-tri/consolidation/reminderlog/")
    assert listing.status_code == 200 and "before-5" in listing.content.decode()
    assert client.get(f"/quan-tri/consolidation/reminderlog/{log.pk}/change/").status_code == 200
    assert client.get("/quan-tri/consolidation/consolidatedreport/").status_code == 200
    # Read only: the log is what `cchc remind` did, not something to rewrite.
    assert client.get("/quan-tri/consolidation/reminderlog/add/").status_code == 403
    assert client.post(f"/quan-tri/consolidation/reminderlog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ReminderLog.objects.filter(pk=log.pk).exists()


def test_it_brings_an_existing_coordinator_group_up_to_date_on_migrate(personas, client):
    """A database made before the reminder log was given to Phòng Nội vụ gets it at the next migrate."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from cchc.orgunits.users import COORDINATOR_GROUP

    group = Group.objects.get(name=COORDINATOR_GROUP)
    group.permissions.remove(*group.permissions.filter(content_type__app_label="consolidation"))
    client.force_login(personas["coordinator"])
    assert client.get("/quan-tri/consolidation/reminderlog/").status_code == 403
    call_command("migrate", verbosity=0)
    client.force_login(personas["coordinator"])
    assert client.get("/quan-tri/consolidation/reminderlog/").status_code == 200
