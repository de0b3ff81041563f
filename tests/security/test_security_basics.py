"""The security basics every page and the API share: headers (CSP and friends), CSRF, sessions that
expire, hashed and validated passwords, bounded uploads, and no secrets in the repository."""

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/dang-nhap/", "/api/v1/units", "/api/v1/openapi.json", "/api/v1/docs"])
def test_it_sends_the_security_headers_everywhere(client, ankhe, path):
    r = client.get(path)
    csp = r.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_it_refuses_a_form_post_without_the_csrf_token(ankhe, personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    r = strict.post("/dang-nhap/", {"username": "cv.a", "password": "Mat-khau-thu-2021"})
    assert r.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_it_does_not_let_a_browser_session_call_the_api(client_as):
    # The API takes bearer tokens only, never the session cookie: a page on another site cannot
    # make the browser of a logged-in officer write through it (no CSRF on the API).
    client = client_as("officer_a")
    assert client.get("/api/v1/units").status_code == 401
    r = client.put("/api/v1/reports/NGO-MAY/2021-Q1", data='{"values": {}}', content_type="application/json")
    assert r.status_code == 401


def test_it_ends_sessions_after_a_working_day(client, personas):
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert django_settings.SESSION_COOKIE_HTTPONLY and django_settings.SESSION_COOKIE_AGE <= 12 * 3600
    start = dt.datetime(2021, 3, 5, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(personas["officer_a"])
        assert "/dang-nhap/" not in client.get("/").get("Location", "")
    with time_machine.travel(start + dt.timedelta(seconds=django_settings.SESSION_COOKIE_AGE + 60), tick=False):
        r = client.get("/")
        assert r.status_code == 302 and "/dang-nhap/" in r["Location"]


@pytest.mark.real_passwords
def test_it_hashes_passwords_and_refuses_weak_ones(cchc, ankhe):
    from django.contrib.auth import get_user_model

    r = cchc(
        "user", "add", "yeu", "--unit", "NGO-MAY", "--role", "staff", "--password-stdin", stdin="12345678\n", expect=1
    )
    assert "mật khẩu" in r.stderr.lower()
    cchc(
        "user",
        "add",
        "manh",
        "--unit",
        "NGO-MAY",
        "--role",
        "staff",
        "--password-stdin",
        stdin="Cai-cach-hanh-chinh-2021\n",
    )
    stored = get_user_model().objects.get(username="manh").password
    assert stored.startswith(("pbkdf2_sha256$", "argon2$", "scrypt$")) and "Cai-cach" not in stored


def test_it_bounds_request_bodies_and_uploads(client_as, settings):
    assert 0 < django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert 0 < django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert 0 < django_settings.CCHC_UPLOAD_MAX_BYTES <= 10 * 1024 * 1024
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CCHC_UPLOAD_MAX_BYTES = 50_000
    big = SimpleUploadedFile("bao-cao.xlsx", b"PK" + b"\0" * 60_000)
    r = client_as("officer_a").post("/bao-cao/NGO-MAY/2021-Q1/tai-len/", {"file": big})
    assert r.status_code == 413 and "MB" in r.content.decode()


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"""SECRET_KEY\s*=\s*['"][^'"]{20,}['"]"""),
    re.compile(r"postgres(ql)?://[^:/@\s]+:[^@\s]{3,}@"),  # a URL with a password in it
    re.compile(r"AKIA[0-9A-Z]{16}"),
]


def test_it_keeps_no_secrets_in_the_repository():
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    assert not [f for f in files if f.startswith("var/") or f.endswith(("secret_key", ".sqlite3", ".pem", ".key"))]
    found = []
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or name.startswith("tests/security/"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{name}: {p.pattern}" for p in SECRET_PATTERNS if p.search(text)]
    assert not found
