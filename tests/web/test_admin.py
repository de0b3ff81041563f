"""The admin, for Phòng Nội vụ's rarer tasks: in Vietnamese, audited, the audit log read only."""
from django.urls import reverse

from cchc.audit.models import AuditEntry


def test_it_lets_the_coordinator_manage_units_users_periods_and_forms(client_as):
    client = client_as("coordinator")
    index = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống báo cáo CCHC" in index
    for name in ("orgunits_orgunit", "orgunits_membership", "auth_user", "reporting_period", "catalog_reportform",
                 "catalog_indicator", "catalog_validationrule", "audit_auditentry"):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name


def test_it_audits_a_change_made_in_the_admin(client_as, period):
    client = client_as("coordinator")
    q1 = period("2021-Q1")
    response = client.post(reverse("admin:reporting_period_change", args=[q1.pk]), {
        "code": q1.code, "kind": q1.kind, "year": q1.year, "data_from": "15/12/2020", "data_to": "28/02/2021",
        "deadline": "08/03/2021"})
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
    response = client.post(reverse("admin:orgunits_membership_change", args=[m.pk]),
                           {"user": m.user_id, "unit": m.unit_id, "role": "coordinator"})
    assert response.status_code == 302
    personas["officer_b"].refresh_from_db()
    assert personas["officer_b"].is_staff and personas["officer_b"].groups.filter(name="Phòng Nội vụ").exists()
    client.post(reverse("admin:orgunits_membership_change", args=[m.pk]),
                {"user": m.user_id, "unit": m.unit_id, "role": "staff"})
    personas["officer_b"].refresh_from_db()
    assert not personas["officer_b"].is_staff
