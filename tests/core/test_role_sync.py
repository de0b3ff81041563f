"""Admin access follows the role, by one rule (cchc.orgunits.users.sync_role) whichever way the role was
set: `cchc user add`, a membership changed or deleted in the admin, the account's page in the admin. The
same role ends in the same staff flag and group on every path."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cchc.orgunits.models import Membership
from cchc.orgunits.users import COORDINATOR_GROUP, add_user

ROLES = ("staff", "leader", "coordinator", "viewer")


def access(username):
    user = get_user_model().objects.get(username=username)
    return user.is_staff, user.groups.filter(name=COORDINATOR_GROUP).exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_command_and_the_admin_give_a_role_the_same_access(cchc, client_as, role):
    cchc("user", "add", f"cli.{role}", "--unit", "NV", "--role", role)
    expected = (role == "coordinator", role == "coordinator")
    assert access(f"cli.{role}") == expected

    # The same role set in the admin, from the opposite role.
    start = "staff" if role == "coordinator" else "coordinator"
    m = Membership.objects.get(user=add_user(f"admin.{role}", unit="NV", role=start))
    admin = client_as("coordinator")
    response = admin.post(
        reverse("admin:orgunits_membership_change", args=[m.pk]), {"user": m.user_id, "unit": m.unit_id, "role": role}
    )
    assert response.status_code == 302
    assert access(f"admin.{role}") == expected


def test_a_membership_deleted_in_the_admin_takes_the_admin_away(client_as, personas):
    add_user("nv.cu", unit="NV", role="coordinator")
    m = Membership.objects.get(user__username="nv.cu")
    response = client_as("coordinator").post(reverse("admin:orgunits_membership_delete", args=[m.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Membership.objects.filter(pk=m.pk).exists()
    assert access("nv.cu") == (False, False)


def test_a_superuser_keeps_the_admin_whatever_its_role(ankhe):
    root = get_user_model().objects.create_superuser("root", password="Mat-khau-rat-dai-2021")
    add_user("root", unit="NV", role="staff")
    root.refresh_from_db()
    assert root.is_staff and root.is_superuser
