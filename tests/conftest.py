"""Shared fixtures: the embedded default (An Khê 2021) and the personas every permission test tries.

Personas (STYLE.md): an officer and the leader of ward A (Ngô Mây), an officer and the leader of
ward B (An Bình), the coordinator (Phòng Nội vụ) and a viewer (lãnh đạo UBND thị xã).
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "Mat-khau-thu-2021"
PERSONAS = {
    "officer_a": ("cv.a", "NGO-MAY", "staff"),
    "leader_a": ("ld.a", "NGO-MAY", "leader"),
    "officer_b": ("cv.b", "AN-BINH", "staff"),
    "leader_b": ("ld.b", "AN-BINH", "leader"),
    "coordinator": ("noivu.test", "NV", "coordinator"),
    "viewer": ("lanhdao.test", "ANKHE", "viewer"),
}


def vn(*args):
    """An instant written in Vietnam time: vn(2021, 3, 5, 23, 30)."""
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Every persona's password is hashed at each test's set-up; the production hasher's cost buys
    nothing there. Tests of the hashing itself are marked `real_passwords`."""
    if request.node.get_closest_marker("real_passwords") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ankhe(db):
    """Units, the 2021 form and periods, loaded once per database state (a transactional test
    flushes the database, so this reloads when needed)."""
    from cchc.bootstrap import load_default
    from cchc.orgunits.models import OrgUnit

    if not OrgUnit.objects.filter(code="ANKHE").exists():
        load_default()
    return OrgUnit.objects.get(code="ANKHE")


@pytest.fixture
def personas(ankhe):
    from cchc.orgunits.users import add_user

    return {
        key: add_user(
            username, unit=unit, role=role, password=PASSWORD, full_name=f"Người dùng {key}", check_password=False
        )
        for key, (username, unit, role) in PERSONAS.items()
    }


@pytest.fixture
def unit(ankhe):
    from cchc.orgunits.models import OrgUnit

    return lambda code: OrgUnit.objects.get(code=code)


@pytest.fixture
def period(ankhe):
    from cchc.reporting.models import Period

    return lambda code: Period.objects.get(code=code)


@pytest.fixture
def client_as(client, personas):
    """client_as("officer_a") → a Django test client logged in as that persona."""

    def login(key):
        client.force_login(personas[key])
        return client

    return login


class CommandResult:
    def __init__(self, status, stdout, stderr):
        self.status, self.stdout, self.stderr = status, stdout, stderr

    def json(self):
        import json

        return json.loads(self.stdout)


@pytest.fixture
def cchc(db, capsysbinary, monkeypatch):
    """Run a `cchc` verb in-process, as from the command line (argv parsing, exit status, output).

    Returns a CommandResult; `expect=` asserts the exit status (default 0)."""
    import sys

    from django.db import connections

    from cchc.cli import main

    # A command closes every connection when it ends (run_from_argv); inside a test that would
    # close the connection holding the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv, expect=0, stdin=None):
        capsysbinary.readouterr()
        old_stdin = sys.stdin
        if stdin is not None:
            import io

            sys.stdin = io.StringIO(stdin)
        try:
            status = main(["cchc", *argv]) or 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdin = old_stdin
        out, err = capsysbinary.readouterr()
        result = CommandResult(status, out.decode("utf-8"), err.decode("utf-8"))
        assert status == expect, f"exit {status} (expected {expect})\nstdout: {result.stdout}\nstderr: {result.stderr}"
        return result

    return run


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (several Playwright instances cannot coexist)."""
    import shutil
    from pathlib import Path

    from tests import browsing

    if not shutil.which(browsing.CHROMIUM) and not Path(browsing.CHROMIUM).exists():
        # Never a silent skip: scripts/test installs it, so its absence is a broken set-up.
        pytest.fail("Chromium không có ở /usr/bin/chromium: chạy scripts/test (tự cài bằng apt-get).")
    # The Django test database lives in this process; Playwright's sync API needs no event loop of ours.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=browsing.CHROMIUM, args=browsing.ARGS)
        yield b
        b.close()


@pytest.fixture
def scratch(tmp_path):
    """Fresh empty databases of the test's own on the pass's database engine (tests/scratch.py)."""
    from tests.scratch import Scratch

    s = Scratch(tmp_path)
    yield s
    s.drop_all()
