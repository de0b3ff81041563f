"""The report endpoints with every persona: reading, saving drafts (optimistic locking), signing,
returning and accepting — and the refusals, each a JSON 4xx with a Vietnamese message."""

import pytest

from cchc.audit.models import AuditEntry
from cchc.reporting.models import Report

Q1 = "/reports/NGO-MAY/2021-Q1"


def test_it_refuses_anonymous_callers_with_401(api_as):
    anonymous = api_as(None)
    for path in ("/units", "/periods?year=2021", "/catalog", Q1, "/status/2021-Q1", "/consolidation/2021-Q1"):
        r = anonymous.get(path)
        assert r.status_code == 401, path
        assert "Bearer" in r.json()["detail"] and r["WWW-Authenticate"] == "Bearer"
    assert anonymous.put(Q1, {"values": {}}).status_code == 401


def test_it_refuses_a_made_up_or_expired_token(api_as, personas):
    import datetime as dt

    import time_machine

    from cchc.api.models import Token

    assert api_as(None).get("/units", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    _, raw = Token.issue(personas["officer_a"])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)):
        assert api_as(None).get("/units", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert api_as(None).get("/units", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_it_stores_only_a_hash_of_the_token(api_as, personas):
    from cchc.api.models import Token

    _, raw = Token.issue(personas["officer_a"])
    stored = list(Token.objects.values_list("key_hash", flat=True))
    assert raw not in stored and all(len(h) == 64 for h in stored)


def test_it_lets_an_officer_read_and_save_the_own_units_report(api_as, good_values):
    officer = api_as("officer_a")
    r = officer.get(Q1)
    assert r.status_code == 200
    assert r.json()["status"] == "not_started" and r.json()["revision"] == 0
    r = officer.put(
        Q1, {"values": good_values, "narrative": {"organisation": "Đã triển khai kế hoạch."}, "revision": 0}
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "draft" and body["revision"] == 1 and body["values"] == good_values
    assert body["narrative"]["organisation"] == "Đã triển khai kế hoạch."
    assert r["ETag"] == '"1"'
    assert AuditEntry.objects.filter(action="save", unit="NGO-MAY", username="cv.a").exists()
    # What was stored is what GET returns.
    assert officer.get(Q1).json()["values"] == good_values


def test_it_hides_other_units_reports_with_404(api_as):
    for who in ("officer_b", "leader_b"):
        client = api_as(who)
        r = client.get(Q1)
        assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy báo cáo."
        assert client.put(Q1, {"values": {"1.1.1": 1}}).status_code == 404
        assert client.post(Q1 + "/submit").status_code == 404
    assert not Report.objects.filter(unit__code="NGO-MAY").exists()


def test_it_lets_the_viewer_read_everything_and_change_nothing(api_as, good_values):
    api_as("officer_a").put(Q1, {"values": good_values})
    viewer = api_as("viewer")
    assert viewer.get(Q1).status_code == 200
    r = viewer.put(Q1, {"values": {"1.1.1": 99}})
    assert r.status_code == 403 and "quyền" in r.json()["detail"]
    assert viewer.post(Q1 + "/submit").status_code == 403
    assert viewer.post(Q1 + "/accept").status_code == 403
    assert viewer.get("/status/2021-Q1").status_code == 200
    assert viewer.get("/consolidation/2021-Q1").status_code == 200


def test_it_gives_409_to_a_stale_write_and_keeps_the_newer_one(api_as, good_values):
    a, b = api_as("officer_a"), api_as("leader_a")
    a.put(Q1, {"values": good_values, "revision": 0})
    read_by_a = a.get(Q1).json()["revision"]
    read_by_b = b.get(Q1).json()["revision"]
    assert b.put(Q1, {"values": {**good_values, "1.1.1": 16}, "revision": read_by_b}).status_code == 200
    r = a.put(Q1, {"values": {**good_values, "1.1.1": 99}, "revision": read_by_a})
    assert r.status_code == 409
    assert "sau khi bạn mở" in r.json()["detail"]
    assert a.get(Q1).json()["values"]["1.1.1"] == 16


def test_it_reads_the_revision_from_if_match(api_as, good_values):
    a = api_as("officer_a")
    a.put(Q1, {"values": good_values})
    etag = a.get(Q1)["ETag"]
    changed = {**good_values, "1.1.1": 16}
    assert a.put(Q1, {"values": changed}, headers={"If-Match": etag}).status_code == 200
    assert a.put(Q1, {"values": good_values}, headers={"If-Match": etag}).status_code == 409
    r = a.put(Q1, {"values": good_values}, headers={"If-Match": "abc"})
    assert r.status_code == 400 and "If-Match" in r.json()["detail"]
    r = a.put(Q1, {"values": good_values, "revision": 1}, headers={"If-Match": '"2"'})
    assert r.status_code == 422 and "If-Match" in r.json()["detail"]  # well formed, contradictory


def test_it_accepts_a_write_without_revision_as_last_writer_wins(api_as, good_values):
    a = api_as("officer_a")
    a.put(Q1, {"values": good_values})
    r = a.put(Q1, {"values": {**good_values, "1.1.1": 17}})
    assert r.status_code == 200 and r.json()["revision"] == 2


def test_it_keeps_the_values_when_only_the_narrative_is_sent(api_as, good_values):
    a = api_as("officer_a")
    a.put(Q1, {"values": good_values})
    r = a.put(Q1, {"narrative": {"proposals": "Đề nghị tập huấn."}})
    assert r.status_code == 200
    assert r.json()["values"] == good_values and r.json()["narrative"]["proposals"] == "Đề nghị tập huấn."


def test_it_names_the_bad_row_in_vietnamese_and_stores_nothing(api_as):
    a = api_as("officer_a")
    r = a.put(Q1, {"values": {"1.1.1": "mười", "9.9.9": 3, "3.4.2": 120}})
    assert r.status_code == 422
    body = r.json()
    codes = {e["code"] for e in body["errors"]}
    assert {"1.1.1", "9.9.9", "3.4.2"} <= codes
    assert "«9.9.9» không có trong biểu mẫu" in body["detail"]
    assert "tỷ lệ phải từ 0 đến 100" in body["detail"]
    assert not Report.objects.filter(unit__code="NGO-MAY").exists()


def test_it_reads_vietnamese_number_writing(api_as):
    r = api_as("officer_a").put(Q1, {"values": {"1.1.1": "1.234", "3.4.2": "95,5%"}})
    assert r.status_code == 200
    assert r.json()["values"] == {"1.1.1": 1234, "3.4.2": 95.5}


def test_it_lets_only_the_leader_sign_and_then_locks_the_report(api_as, good_values):
    api_as("officer_a").put(Q1, {"values": good_values})
    r = api_as("officer_a").post(Q1 + "/submit")
    assert r.status_code == 403 and "lãnh đạo" in r.json()["detail"]
    leader = api_as("leader_a")
    r = leader.post(Q1 + "/submit")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted" and r.json()["signed_by"]
    # Signed: no more edits, no second submission — the state locks it (409), not the person.
    r = api_as("officer_a").put(Q1, {"values": good_values})
    assert r.status_code == 409 and "Đã gửi" in r.json()["detail"]
    assert leader.post(Q1 + "/submit").status_code == 409
    assert Report.objects.get(unit__code="NGO-MAY").versions.count() == 1


def test_it_refuses_to_sign_a_report_with_errors(api_as, good_values):
    api_as("officer_a").put(Q1, {"values": {**good_values, "1.1.2": 40}})  # done > planned: a cross-row error
    r = api_as("leader_a").post(Q1 + "/submit")
    assert r.status_code == 422
    assert r.json()["errors"] and all(e["code"] for e in r.json()["errors"])
    assert Report.objects.get(unit__code="NGO-MAY").status == "draft"


def test_it_lets_only_the_coordinator_return_and_accept(api_as, good_values):
    api_as("officer_a").put(Q1, {"values": good_values})
    api_as("leader_a").post(Q1 + "/submit")
    for who in ("officer_a", "leader_a", "viewer"):
        assert api_as(who).post(Q1 + "/accept").status_code == 403, who
        assert api_as(who).post(Q1 + "/return", {"reason": "x"}).status_code == 403, who
    coordinator = api_as("coordinator")
    r = coordinator.post(Q1 + "/return", {"reason": "  "})
    assert r.status_code == 400 and "lý do" in r.json()["detail"]
    r = coordinator.post(Q1 + "/return", {"reason": "Thiếu số liệu mục 4."})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert r.json()["returned_reason"] == "Thiếu số liệu mục 4."
    assert coordinator.post(Q1 + "/accept").status_code == 409  # returned: nothing to accept
    api_as("leader_a").post(Q1 + "/submit")
    r = coordinator.post(Q1 + "/accept")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert set(AuditEntry.objects.filter(unit="NGO-MAY").values_list("action", flat=True)) >= {
        "save",
        "submit",
        "return",
        "accept",
    }


def test_it_lets_only_the_units_leader_sign(api_as, good_values):
    """Ký ban hành is the unit's leader's alone (công văn 158 §2.2), on the API as on the web: the
    coordinator may type a draft in on the unit's behalf, but not sign it (a paper report is recorded
    on the report page or by `cchc import --submit`)."""
    assert api_as("coordinator").put(Q1, {"values": good_values}).status_code == 200
    for who in ("coordinator", "officer_a", "viewer"):
        r = api_as(who).post(Q1 + "/submit")
        assert r.status_code == 403 and "lãnh đạo đơn vị" in r.json()["detail"], who
    for who in ("officer_b", "leader_b"):
        assert api_as(who).post(Q1 + "/submit").status_code == 404, who
    report = Report.objects.get(unit__code="NGO-MAY")
    assert report.status == "draft" and report.received_by is None and report.signed_by is None
    r = api_as("leader_a").post(Q1 + "/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # Signed already: the leader may sign, but not now (409); the coordinator still may not (403).
    assert api_as("leader_a").post(Q1 + "/submit").status_code == 409
    assert api_as("coordinator").post(Q1 + "/submit").status_code == 403


def test_it_refuses_review_of_a_report_nobody_sent(api_as):
    r = api_as("coordinator").post(Q1 + "/accept")
    assert r.status_code == 409


def test_it_treats_unknown_codes_as_not_found(api_as):
    c = api_as("coordinator")
    for path in (
        "/reports/NOPE/2021-Q1",
        "/reports/NGO-MAY/2099-Q1",
        "/reports/NGO%00MAY/2021-Q1",
        "/reports/%F0%9F%98%80/2021-Q1",
        "/status/2099-Q1",
        "/consolidation/%E2%80%AE",
    ):
        r = c.get(path)
        assert r.status_code == 404, path
        assert r.json()["detail"]


@pytest.mark.parametrize(
    "raw, status",
    [
        ('{"values": {"1.1.1": 1', 400),  # malformed JSON
        ("[1, 2, 3]", 400),  # not an object
        ('{"values": [1, 2]}', 422),  # wrong type
        ('{"values": {"1.1.1": {"x": 1}}}', 422),  # a value that is no number
        ('{"values": {"1.1.1": true}}', 422),
        ('{"values": {"1.1.1": 1e400}}', 422),  # infinity
        ('{"values": {"1.1.1": -1e28, "3.4.2": 1e30}}', 422),  # beyond Decimal's 28 digits
        ('{"values": {"1.1.1": "\\u0000"}}', 400),  # NUL
        ('{"narrative": {"organisation": "\\ud800"}}', 400),  # a lone surrogate
        ('{"narrative": {"organisation": 5}}', 400),
        ('{"narrative": {"nonsense": "x"}}', 400),
        ('{"revision": "abc"}', 422),
        ('{"revision": 99999999999999999999999}', 422),
        ("\xff\xfe", 400),
        ('{"values": ' + "[" * 5000 + "]" * 5000 + "}", 400),  # absurd nesting
    ],
)
def test_it_answers_bad_bodies_with_a_clean_4xx(api_as, raw, status):
    r = api_as("officer_a").put(Q1, raw=raw)
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["detail"]


def test_it_refuses_a_huge_body_with_413(api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    r = api_as("officer_a").put(Q1, {"narrative": {"organisation": "x" * 20_000}})
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]
