"""POST /api/v1/token (with throttling of failures) and the reference data, which must be the
very JSON of the matching `cchc` commands."""

import json

import pytest

from cchc.audit.models import AuditEntry

PASSWORD = "Mat-khau-thu-2021"  # the personas' password, tests/conftest.py


def _token(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/api/v1/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_it_issues_a_token_that_opens_the_api(client, personas):
    r = _token(client, "cv.a", PASSWORD)
    assert r.status_code == 200
    token = r.json()["token"]
    assert len(token) >= 40 and r.json()["expires_at"]
    r = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and [u["code"] for u in r.json()] == ["NGO-MAY"]
    assert AuditEntry.objects.filter(action="api.token", username="cv.a").count() == 1


def test_it_refuses_a_wrong_password_in_vietnamese(client, personas):
    r = _token(client, "cv.a", "sai-mat-khau")
    assert r.status_code == 401 and r.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert _token(client, "khong-co-ai", "x").status_code == 401


def test_it_refuses_an_inactive_account(client, personas):
    personas["officer_a"].is_active = False
    personas["officer_a"].save()
    assert _token(client, "cv.a", PASSWORD).status_code == 401


def test_a_token_stands_for_its_account_with_unit_in_one_query(personas, django_assert_num_queries):
    import datetime as dt

    from django.contrib.auth import get_user_model

    from cchc.api.models import Token

    officer = personas["officer_a"]
    issued, raw = Token.issue(officer)
    with django_assert_num_queries(1):
        user = Token.user_for(raw)
        assert (user.pk, user.membership.role, user.membership.unit.code) == (officer.pk, "staff", "NGO-MAY")
    assert user.membership.user is user
    assert Token.user_for(raw, at=issued.expires_at) is None  # expired at that instant
    assert Token.user_for(raw, at=issued.expires_at - dt.timedelta(seconds=1)).pk == officer.pk
    assert Token.user_for(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    # An account switched off after the token was issued loses it at once.
    officer.is_active = False
    officer.save()
    assert Token.user_for(raw) is None
    # An account with no unit yet: found, but with no membership (the access rules refuse it).
    loner = get_user_model().objects.create_user("chua.gan", password="x" * 12)
    user = Token.user_for(Token.issue(loner)[1])
    assert user.pk == loner.pk and not hasattr(user, "membership")


def test_it_throttles_repeated_failures_per_account(client, personas):
    from cchc.orgunits import throttle

    for i in range(throttle.ACCOUNT_LIMIT - 1):
        assert _token(client, "cv.a", f"sai-{i}", ip=f"10.0.1.{i}").status_code == 401
    assert _token(client, "cv.a", "sai-cuoi", ip="10.0.1.9").status_code == 429  # the fifth locks
    # Locked now: even the right password is refused without being checked, from any address.
    r = _token(client, "cv.a", PASSWORD, ip="10.0.2.1")
    assert r.status_code == 429 and "quá nhiều lần" in r.json()["detail"] and r["Retry-After"]
    # Another account is not affected.
    assert _token(client, "ld.a", PASSWORD, ip="10.0.2.1").status_code == 200


def test_it_throttles_repeated_failures_per_address(client, personas):
    from cchc.orgunits import throttle

    for i in range(throttle.ADDRESS_LIMIT):
        _token(client, f"doan-{i}", "x", ip="10.9.9.9")
    assert _token(client, "cv.a", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _token(client, "cv.a", PASSWORD, ip="10.9.9.8").status_code == 200


def test_it_lifts_the_lock_after_a_while(client, personas):
    import datetime as dt

    import time_machine

    from cchc.orgunits import throttle

    start = dt.datetime(2021, 3, 5, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for i in range(throttle.ACCOUNT_LIMIT):
            _token(client, "cv.a", f"sai-{i}")
        assert _token(client, "cv.a", PASSWORD).status_code == 429
    with time_machine.travel(start + throttle.LOCK + dt.timedelta(minutes=1), tick=False):
        assert _token(client, "cv.a", PASSWORD).status_code == 200


@pytest.mark.parametrize(
    "body",
    ['{"username": "cv.a"}', '{"username": 5, "password": []}', "nope", '{"username": "\\u0000", "password": "x"}'],
)
def test_it_answers_bad_token_requests_with_4xx(client, personas, body):
    r = client.post("/api/v1/token", data=body, content_type="application/json")
    assert r.status_code in (400, 422) and r.json()["detail"]


def test_it_serves_units_periods_and_catalog_as_the_commands_print_them(api_as, cchc):
    coordinator = api_as("coordinator")
    assert coordinator.get("/units").json() == cchc("units", "--format", "json").json()
    assert coordinator.get("/periods?year=2021").json() == cchc("periods", "--year", "2021", "--format", "json").json()
    assert coordinator.get("/catalog?year=2021").json() == cchc("catalog", "--year", "2021", "--format", "json").json()
    assert api_as("officer_b").get("/catalog").json() == coordinator.get("/catalog?year=2021").json()
    assert coordinator.get("/periods?year=1999").json() == []
    r = coordinator.get("/catalog?year=1999")
    assert r.status_code == 404 and "1999" in r.json()["detail"]
    assert coordinator.get("/periods?year=nam-nay").status_code == 422


def test_it_shows_an_officer_only_the_own_unit(api_as):
    assert [u["code"] for u in api_as("officer_b").get("/units").json()] == ["AN-BINH"]
    assert len(api_as("viewer").get("/units").json()) > 10


def test_it_serves_status_and_consolidation_as_the_commands_print_them(api_as, cchc, good_values):
    api_as("officer_a").put("/reports/NGO-MAY/2021-Q1", {"values": good_values})
    api_as("leader_a").post("/reports/NGO-MAY/2021-Q1/submit")
    coordinator = api_as("coordinator")
    status = coordinator.get("/status/2021-Q1").json()
    assert status == cchc("status", "--period", "2021-Q1", "--format", "json").json()
    assert status["units"]["NGO-MAY"]["status"] == "submitted"
    figures = coordinator.get("/consolidation/2021-Q1").json()
    assert figures == cchc("consolidate", "--period", "2021-Q1", "--format", "json").json()
    assert figures["indicators"]["1.1.1"]["rollup"] == 15
    for who in ("officer_a", "leader_a", "officer_b"):
        assert api_as(who).get("/status/2021-Q1").status_code == 403
        assert api_as(who).get("/consolidation/2021-Q1").status_code == 403


def test_it_publishes_its_openapi_document_and_local_docs(client, ankhe):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert {"/api/v1/token", "/api/v1/reports/{unit}/{period}", "/api/v1/status/{period}"} <= set(paths)
    assert {"get", "put"} <= set(paths["/api/v1/reports/{unit}/{period}"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Everything from our own origin: the CSP forbids CDNs, and the office network may not reach them.
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
