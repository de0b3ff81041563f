"""Login, throttling of failed logins, logout, password change, CSRF and secure headers."""

import datetime as dt
import json

import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from cchc.orgunits import throttle
from tests.conftest import PASSWORD, vn


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_in_and_lands_on_the_home_page(client, personas):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page
    response = _login(client, "cv.a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_it_says_so_in_vietnamese_when_the_password_is_wrong(client, personas):
    response = _login(client, "cv.a", "sai")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_it_locks_an_account_after_five_failures_for_fifteen_minutes(client, personas):
    with time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False):
        for _ in range(4):
            assert "mật khẩu không đúng" in _login(client, "cv.a", "sai").content.decode()
        # The fifth locks the account, and says so.
        fifth = _login(client, "cv.a", "sai")
        assert fifth.status_code == 429 and "Đăng nhập sai quá nhiều lần" in fifth.content.decode()
        # Even the right password is refused while locked, without being checked.
        response = _login(client, "cv.a", PASSWORD)
        assert response.status_code == 429 and "Đăng nhập sai quá nhiều lần" in response.content.decode()
        assert response["Retry-After"] == "900"
        # Another account from another address is not affected.
        assert _login(Client(), "ld.a", PASSWORD, ip="10.0.0.2").status_code == 302
    with time_machine.travel(vn(2021, 3, 1, 9, 14), tick=False):
        assert "Đăng nhập sai quá nhiều lần" in _login(client, "CV.A", PASSWORD).content.decode()
    with time_machine.travel(vn(2021, 3, 1, 9, 16), tick=False):
        assert _login(client, "cv.a", PASSWORD).status_code == 302
        assert not AccessAttempt.objects.filter(username="cv.a").exists()


def test_it_locks_an_address_that_tries_many_accounts(client, personas):
    with time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False):
        for i in range(throttle.ADDRESS_LIMIT):
            _login(client, f"doan-{i}", "sai", ip="10.9.9.9")
        assert "Đăng nhập sai quá nhiều lần" in _login(client, "cv.a", PASSWORD, ip="10.9.9.9").content.decode()
        assert _login(Client(), "cv.a", PASSWORD, ip="10.0.0.3").status_code == 302


def test_it_forgets_failures_more_than_fifteen_minutes_apart(client, personas):
    """Failures count together while each follows the last within 15 minutes (django-axes' cool-off)."""
    with time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False):
        for _ in range(4):
            _login(client, "cv.a", "sai")
    with time_machine.travel(vn(2021, 3, 1, 9, 16), tick=False):
        assert "mật khẩu không đúng" in _login(client, "cv.a", "sai").content.decode()  # 1, not 5
        assert _login(client, "cv.a", PASSWORD).status_code == 302


def test_a_trusted_header_cannot_pick_a_fresh_address(client, personas):
    """X-Forwarded-For is anyone's to write: the lock follows the peer's address."""
    for i in range(throttle.ADDRESS_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"doan-{i}", "password": "sai"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"172.16.0.{i}",
        )
    response = client.post(
        reverse("login"),
        {"username": "cv.a", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="172.16.1.1",
    )
    assert response.status_code == 429


def _admin_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": username, "password": password, "next": "/quan-tri/"},
        REMOTE_ADDR=ip,
    )


def test_the_admin_login_is_throttled_like_the_others(client, personas):
    """Review: 25 wrong passwords for the coordinator at /quan-tri/login/, then the right one logged in."""
    for i in range(25):
        _admin_login(client, "noivu.test", f"sai-{i}", ip=f"10.1.{i}.1")
    response = _admin_login(client, "noivu.test", PASSWORD, ip="10.2.0.1")
    assert response.status_code == 429 and "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/quan-tri/").status_code == 302  # still sent to the login


def test_one_lock_holds_on_every_login_path(client, personas):
    """Locked at the admin's login: the main login and the API refuse too; and the other way round."""
    for i in range(throttle.ACCOUNT_LIMIT):
        _admin_login(client, "noivu.test", f"sai-{i}")
    assert _login(Client(), "noivu.test", PASSWORD, ip="10.3.0.1").status_code == 429
    api = Client().post(
        "/api/v1/token",
        data=json.dumps({"username": "noivu.test", "password": PASSWORD}),
        content_type="application/json",
        REMOTE_ADDR="10.3.0.2",
    )
    assert api.status_code == 429 and "quá nhiều lần" in api.json()["detail"]

    for i in range(throttle.ACCOUNT_LIMIT):
        Client().post(
            "/api/v1/token",
            data=json.dumps({"username": "cv.a", "password": f"sai-{i}"}),
            content_type="application/json",
            REMOTE_ADDR=f"10.4.0.{i}",
        )
    assert _admin_login(Client(), "cv.a", PASSWORD, ip="10.5.0.1").status_code == 429
    assert _login(Client(), "cv.a", PASSWORD, ip="10.5.0.2").status_code == 429


def test_a_superuser_created_by_hand_is_throttled_too(client, personas):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root.test", "root@example.vn", PASSWORD)
    for i in range(throttle.ACCOUNT_LIMIT):
        _admin_login(client, "root.test", f"sai-{i}")
    assert _admin_login(client, "root.test", PASSWORD).status_code == 429


def test_it_logs_out_only_by_post(client_as):
    client = client_as("officer_a")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_changes_the_password_and_audits_it(client, personas):
    from cchc.audit.models import AuditEntry

    client.force_login(personas["officer_a"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Bao-cao-CCHC-2021!", "new_password2": "Bao-cao-CCHC-2021!"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    personas["officer_a"].refresh_from_db()
    assert personas["officer_a"].check_password("Bao-cao-CCHC-2021!")
    assert AuditEntry.objects.filter(action="password.change", username="cv.a").exists()


def test_it_refuses_a_post_without_its_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["officer_a"])
    response = client.post(reverse("report", args=["NGO-MAY", "2021-Q1"]), {"v-1.1.1": "5", "action": "save"})
    assert response.status_code == 403 and "Phiên làm việc" in response.content.decode()


def test_it_sends_secure_headers_and_a_strict_content_policy(client_as):
    response = client_as("officer_a").get(reverse("report", args=["NGO-MAY", "2021-Q1"]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    # No inline script or style in our pages: they would be blocked by the policy.
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page and " onclick=" not in page


def test_it_ends_a_session_after_a_working_day(client, personas, settings):
    with time_machine.travel(vn(2021, 3, 1, 8, 0), tick=False):
        assert _login(client, "cv.a", PASSWORD).status_code == 302
        assert client.get(reverse("home")).status_code == 302
        assert client.get(reverse("unit_reports", args=["NGO-MAY", 2021])).status_code == 200
    with time_machine.travel(vn(2021, 3, 1, 8, 0) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        response = client.get(reverse("unit_reports", args=["NGO-MAY", 2021]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
