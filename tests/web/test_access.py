"""Every URL of the web app tried as every persona, another unit's officer and a stranger: access is
decided once, server-side, whatever URL is typed."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from cchc.reporting.actions import save_report, submit_report
from cchc.reporting.models import Report
from tests.conftest import vn

ARGS = ["NGO-MAY", "2021-Q1"]
PAGES = {
    "unit_reports": ["NGO-MAY", 2021],
    "report": ARGS,
    "report_history": ARGS,
    "board": ["2021-Q1"],
    "board_current": [],
}
POSTS = ["report", "report_submit", "report_accept", "report_return", "report_receive"]

# Expected status of each GET page, per persona (ward A = Ngô Mây owns the report).
GET_EXPECTED = {
    "officer_a": {"unit_reports": 200, "report": 200, "report_history": 200, "board": 403, "board_current": 403},
    "leader_a": {"unit_reports": 200, "report": 200, "report_history": 200, "board": 403, "board_current": 403},
    "officer_b": {"unit_reports": 404, "report": 404, "report_history": 404, "board": 403, "board_current": 403},
    "leader_b": {"unit_reports": 404, "report": 404, "report_history": 404, "board": 403, "board_current": 403},
    "coordinator": {"unit_reports": 200, "report": 200, "report_history": 200, "board": 200, "board_current": 302},
    "viewer": {"unit_reports": 200, "report": 200, "report_history": 200, "board": 200, "board_current": 302},
}
# Expected status of each POST on a draft that has no errors. 403/404: not the person's to do;
# 409: the person may, but not in the report's state (cchc.reporting.access decides both).
POST_ON_DRAFT = {
    "officer_a": {
        "report": 302,
        "report_submit": 403,
        "report_accept": 403,
        "report_return": 403,
        "report_receive": 403,
    },
    "leader_a": {
        "report": 302,
        "report_submit": 302,
        "report_accept": 403,
        "report_return": 403,
        "report_receive": 403,
    },
    "officer_b": dict.fromkeys(POSTS, 404),
    "leader_b": dict.fromkeys(POSTS, 404),
    # Only the unit's leader signs: Phòng Nội vụ records a report received on paper (report_receive).
    "coordinator": {
        "report": 302,
        "report_submit": 403,
        "report_accept": 409,
        "report_return": 409,
        "report_receive": 302,
    },
    "viewer": dict.fromkeys(POSTS, 403),
}
# On a submitted report nobody edits or signs (409 for those who otherwise may); only the coordinator reviews.
POST_ON_SUBMITTED = {
    "officer_a": {
        "report": 409,
        "report_submit": 403,
        "report_accept": 403,
        "report_return": 403,
        "report_receive": 403,
    },
    "leader_a": {
        "report": 409,
        "report_submit": 409,
        "report_accept": 403,
        "report_return": 403,
        "report_receive": 403,
    },
    "officer_b": dict.fromkeys(POSTS, 404),
    "leader_b": dict.fromkeys(POSTS, 404),
    "coordinator": {
        "report": 409,
        "report_submit": 403,
        "report_accept": 302,
        "report_return": 302,
        "report_receive": 409,
    },
    "viewer": dict.fromkeys(POSTS, 403),
}
POST_DATA = {
    "revision": "",
    "v-1.1.1": "7",
    "v-1.1.2": "3",
    "reason": "Thiếu số liệu phần 4.",
    "received_at": "2021-02-28T10:00",
    "action": "save",
}


def _post(client, name, report):
    data = dict(POST_DATA, revision=str(report.revision) if report else "0")
    return client.post(reverse(name, args=ARGS), data)


@pytest.fixture
def draft(ward_a, q1):
    return save_report(ward_a, q1, values={"1.1.1": 5, "1.1.2": 2})


def _attempt(client_as, persona, name, report, expected):
    """One post, undone afterwards (a savepoint) so the next persona meets the same report."""
    with transaction.atomic():
        before = Report.objects.get(pk=report.pk)
        response = _post(client_as(persona), name, report)
        assert response.status_code == expected, (persona, name, response.status_code)
        after = Report.objects.get(pk=report.pk)
        if response.status_code >= 400:
            # A refused post leaves nothing behind, not even the draft save before the signing.
            assert after.revision == before.revision and after.value_map() == before.value_map(), (persona, name)
            assert after.status == before.status
        else:
            assert after.revision > before.revision, (persona, name)
        transaction.set_rollback(True)


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_serves_each_page_only_to_whom_may_see_it(client_as, draft):
    for persona, expected in GET_EXPECTED.items():
        client = client_as(persona)
        for name, args in PAGES.items():
            response = client.get(reverse(name, args=args))
            assert response.status_code == expected[name], (persona, name, response.status_code)


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_lets_each_write_through_only_for_its_role(client_as, draft):
    for persona, expected in POST_ON_DRAFT.items():
        for name in POSTS:
            _attempt(client_as, persona, name, draft, expected[name])


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_keeps_a_submitted_report_out_of_everyones_hands_but_the_reviewer(client_as, personas, draft):
    report = submit_report(draft, by=personas["leader_a"])
    for persona, expected in POST_ON_SUBMITTED.items():
        for name in POSTS:
            _attempt(client_as, persona, name, report, expected[name])


def test_it_shows_nothing_to_an_account_without_a_unit(client, ankhe, draft):
    user = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 403
    for name, args in PAGES.items():
        assert client.get(reverse(name, args=args)).status_code == 403, name
    for name in POSTS:
        assert _post(client, name, draft).status_code == 403, name


def test_it_sends_a_stranger_to_the_login_page(client, ankhe, draft):
    for name, args in {**PAGES, "home": []}.items():
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    for name in POSTS:
        response = _post(client, name, draft)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert Report.objects.get(pk=draft.pk).revision == draft.revision


def test_it_answers_404_for_unknown_units_and_periods(client_as, draft):
    client = client_as("coordinator")
    assert client.get(reverse("report", args=["KHONG-CO", "2021-Q1"])).status_code == 404
    assert client.get(reverse("report", args=["NGO-MAY", "2031-Q1"])).status_code == 404
    assert client.get(reverse("board", args=["2031-Q1"])).status_code == 404


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_sends_each_role_home_to_its_work(client_as, personas):
    assert client_as("officer_a").get(reverse("home"))["Location"] == reverse("unit_reports", args=["NGO-MAY", 2021])
    assert client_as("coordinator").get(reverse("home"))["Location"] == reverse("board", args=["2021-Q1"])
    assert client_as("viewer").get(reverse("home"))["Location"] == reverse("board", args=["2021-Q1"])


@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_shows_the_viewer_no_button_that_writes(client_as, draft, personas):
    submit_report(draft, by=personas["leader_a"])
    page = client_as("viewer").get(reverse("report", args=ARGS)).content.decode()
    assert 'name="v-1.1.1"' not in page and "btn-accept" not in page and "btn-return" not in page
    assert "btn-save" not in page
    board = client_as("viewer").get(reverse("board", args=["2021-Q1"])).content.decode()
    assert "Nhập thay" not in board and "Xem xét" not in board
