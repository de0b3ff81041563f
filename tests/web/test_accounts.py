"""Login, throttling of failed logins, logout, password change, CSRF and secure headers."""
import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from cchc.orgunits import throttle
from cchc.orgunits.throttle import LoginFailure
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
        for _ in range(5):
            _login(client, "cv.a", "sai")
        # Even the right password is refused while locked, without being checked.
        response = _login(client, "cv.a", PASSWORD)
        assert response.status_code == 200 and "Đăng nhập sai quá nhiều lần" in response.content.decode()
        # Another account from another address is not affected.
        assert _login(Client(), "ld.a", PASSWORD, ip="10.0.0.2").status_code == 302
    with time_machine.travel(vn(2021, 3, 1, 9, 14), tick=False):
        assert "Đăng nhập sai quá nhiều lần" in _login(client, "CV.A", PASSWORD).content.decode()
    with time_machine.travel(vn(2021, 3, 1, 9, 16), tick=False):
        assert _login(client, "cv.a", PASSWORD).status_code == 302
        assert not LoginFailure.objects.filter(username="cv.a").exists()


def test_it_locks_an_address_that_tries_many_accounts(client, personas):
    with time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False):
        for i in range(20):
            _login(client, f"doan-{i}", "sai", ip="10.9.9.9")
        assert throttle.blocked("cv.a", "10.9.9.9")
        assert "Đăng nhập sai quá nhiều lần" in _login(client, "cv.a", PASSWORD, ip="10.9.9.9").content.decode()
        assert _login(Client(), "cv.a", PASSWORD, ip="10.0.0.3").status_code == 302


def test_it_does_not_lock_for_failures_spread_over_more_than_the_window(db):
    for minute in (0, 5, 10, 16, 21):
        throttle.failed("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, minute))
    assert not throttle.blocked("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, 22))
    # Five within 15 minutes (9:10 … 9:24): locked.
    throttle.failed("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, 23))
    throttle.failed("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, 24))
    assert throttle.blocked("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, 25))
    throttle.succeeded("cv.a", "10.0.0.1")
    assert not throttle.blocked("cv.a", "10.0.0.1", now=vn(2021, 3, 1, 9, 24))


def test_it_logs_out_only_by_post(client_as):
    client = client_as("officer_a")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_changes_the_password_and_audits_it(client, personas):
    from cchc.audit.models import AuditEntry

    client.force_login(personas["officer_a"])
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Bao-cao-CCHC-2021!", "new_password2": "Bao-cao-CCHC-2021!"})
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
