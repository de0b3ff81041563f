"""Every persona × every action on a report × every state of the report, on the web AND the API,
against one table written here from the rules (not from the code): who may do what, and in which
states. The answers must agree between the two faces and with cchc.reporting.access.decide:
404 — the person may not even see the report (another unit's); 403 — may see it, may not do this;
409 — may do this, but not in the report's state; otherwise it is done (200 on the API, the page or
a redirect on the web)."""

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from cchc.reporting import access
from cchc.reporting.actions import accept_report, return_report, save_report, submit_report
from cchc.reporting.models import Report
from tests.conftest import vn

PERSONAS = ("officer_a", "leader_a", "officer_b", "leader_b", "coordinator", "viewer")
STATES = ("not_started", "draft", "submitted", "accepted", "returned")

# Who (ward A = Ngô Mây owns the report; officer_b and leader_b are another ward's, who see nothing).
WHO = {
    "view": {"officer_a", "leader_a", "coordinator", "viewer"},
    "edit": {"officer_a", "leader_a", "coordinator"},  # Phòng Nội vụ types in a draft on the unit's behalf
    "submit": {"leader_a"},  # ký ban hành: the unit's own leader, nobody else
    "accept": {"coordinator"},
    "return": {"coordinator"},
    "receive": {"coordinator"},  # a report received through the document system
}
# When.
WHEN = {
    "view": set(STATES),
    "edit": {"not_started", "draft", "returned"},
    "submit": {"draft", "returned"},
    "accept": {"submitted"},
    "return": {"submitted", "accepted"},
    "receive": {"not_started", "draft", "returned"},
}
UNSEEN = {"officer_b", "leader_b"}

GOOD = {"1.1.1": 15, "1.1.2": 4, "1.1.3": 2, "3.1.3.b": 111, "3.4.2": 100, "4.2.1": 21, "4.2.2": 20}
WEB_ROUTE = {
    "view": "report",
    "edit": "report",
    "submit": "report_submit",
    "accept": "report_accept",
    "return": "report_return",
    "receive": "report_receive",
}


def expected(persona, action, state, *, web=False):
    if persona in UNSEEN:
        return 404
    if persona not in WHO[action]:
        return 403
    states = WHEN[action]
    if web and action == "submit":
        states = states | {"not_started"}  # the page saves the draft first, then signs it
    if state not in states:
        return 409
    return 200


@pytest.fixture
def ward_a(unit):
    return unit("NGO-MAY")


@pytest.fixture
def q1(period):
    return period("2021-Q1")


@pytest.fixture
def report_in(personas, ward_a, q1):
    def make(state):
        if state == "not_started":
            return None
        report = save_report(ward_a, q1, values=GOOD, by=personas["officer_a"])
        if state == "draft":
            return report
        report = submit_report(report, by=personas["leader_a"])
        if state == "accepted":
            report = accept_report(report, by=personas["coordinator"])
        elif state == "returned":
            report = return_report(report, by=personas["coordinator"], reason="Thiếu số liệu.")
        return report

    return make


def _web(client, persona_user, action, report):
    client.force_login(persona_user)
    url = reverse(WEB_ROUTE[action], args=["NGO-MAY", "2021-Q1"])
    if action == "view":
        return client.get(url).status_code
    data = {f"v-{c}": str(v) for c, v in GOOD.items()}
    data.update(
        revision=str(report.revision if report else 0),
        reason="Thiếu số liệu mục 4.",
        received_at="28/02/2021 10:00",
        action="save",
    )
    return client.post(url, data).status_code


def _api(api, action):
    path = "/reports/NGO-MAY/2021-Q1"
    if action == "view":
        return api.get(path).status_code
    if action == "edit":
        return api.put(path, {"values": GOOD}).status_code
    return api.post(f"{path}/{action}", {"reason": "Thiếu số liệu mục 4."} if action == "return" else None).status_code


@pytest.mark.parametrize("state", STATES)
@time_machine.travel(vn(2021, 3, 1, 9, 0), tick=False)
def test_it_gives_each_persona_the_same_answer_on_the_web_the_api_and_in_access(
    state, client, personas, api_as, ward_a, report_in
):
    report = report_in(state)
    apis = {p: api_as(p) for p in PERSONAS}
    wrong = []
    for persona in PERSONAS:
        for action in WHO:
            want = expected(persona, action, state)
            got = access.decide(personas[persona], action, ward_a, report).status
            if got != want:
                wrong.append(f"access {persona} {action} on {state}: {got}, expected {want}")
            want_web = expected(persona, action, state, web=True)
            with transaction.atomic():
                got = _web(client, personas[persona], action, report)
                transaction.set_rollback(True)
            ok = got in (200, 302) if want_web == 200 else got == want_web
            if not ok:
                wrong.append(f"web {persona} {action} on {state}: {got}, expected {want_web}")
            if action == "receive":
                continue  # no API route: a paper report is typed in on the page or imported by `cchc import`
            client.logout()
            with transaction.atomic():
                got = _api(apis[persona], action)
                transaction.set_rollback(True)
            if got != want:
                wrong.append(f"api {persona} {action} on {state}: {got}, expected {want}")
    assert not wrong, "\n" + "\n".join(wrong)


def test_it_leaves_the_report_untouched_when_the_coordinator_tries_to_sign(client, personas, ward_a, q1, api_as):
    """The case the review found: the API let Phòng Nội vụ sign a unit's report (200)."""
    draft = save_report(ward_a, q1, values=GOOD, by=personas["officer_a"])
    r = api_as("coordinator").post("/reports/NGO-MAY/2021-Q1/submit")
    assert r.status_code == 403 and "lãnh đạo đơn vị" in r.json()["detail"]
    client.force_login(personas["coordinator"])
    data = {f"v-{c}": "9" for c in ("1.1.1",)} | {"revision": str(draft.revision)}
    assert client.post(reverse("report_submit", args=["NGO-MAY", "2021-Q1"]), data).status_code == 403
    after = Report.objects.get(pk=draft.pk)
    assert after.status == "draft" and after.revision == draft.revision and after.value_map()["1.1.1"] == 15


def test_it_names_the_state_in_a_409_and_the_rule_in_a_403(personas, ward_a, report_in):
    report = report_in("submitted")
    locked = access.decide(personas["officer_a"], access.EDIT, ward_a, report)
    assert locked.status == 409 and "«Đã gửi»" in locked.message and not locked
    refused = access.decide(personas["coordinator"], access.SUBMIT, ward_a, report)
    assert refused.status == 403 and "lãnh đạo đơn vị" in refused.message
    # Judging the person alone: the leader may sign (a later draft), the coordinator never.
    assert access.decide(personas["leader_a"], access.SUBMIT, ward_a, report, mind_state=False)
    assert not access.decide(personas["coordinator"], access.SUBMIT, ward_a, report, mind_state=False)


def test_it_answers_a_locked_report_on_every_writing_page_with_a_message_not_a_traceback(client, personas, report_in):
    """The upload page asks access for "edit" like the report page: on a signed report the unit's
    officer gets a 409 page saying why, the viewer a 403 — from whichever view raises it."""
    report_in("submitted")
    url = reverse("report_upload", args=["NGO-MAY", "2021-Q1"])
    client.force_login(personas["officer_a"])
    r = client.get(url)
    assert r.status_code == 409 and "«Đã gửi»" in r.content.decode()
    client.force_login(personas["viewer"])
    assert client.get(url).status_code == 403
