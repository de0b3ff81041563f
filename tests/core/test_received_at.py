"""When a paper report was received: one parser (cchc.reporting.received.parse_received_at) and one
limit on the future (FUTURE_TOLERANCE, applied by actions.receive_report), the same for the receive form
on the report page, `cchc import --submitted-at` and a direct call of the action. Each face is tried just
inside and just outside the limit, so a face with a limit of its own fails here."""

import datetime as dt
import json

import pytest
import time_machine

from cchc.reporting.actions import ReportError, receive_report
from cchc.reporting.models import Report
from cchc.reporting.received import FUTURE_TOLERANCE, ReceivedAtError, check_received_at, parse_received_at
from tests.conftest import vn
from tests.web.helpers import post_report

NOW = vn(2021, 3, 10, 9, 0)
INSIDE, OUTSIDE = NOW + FUTURE_TOLERANCE, NOW + FUTURE_TOLERANCE + dt.timedelta(minutes=1)


def test_it_reads_the_ways_a_receipt_time_is_written():
    for text in (
        "05/03/2021 16:45",
        "5/3/2021 16:45",
        " 05/03/2021   16:45 ",
        "05/03/2021 16:45:00",
        "2021-03-05T16:45",
        "2021-03-05T16:45:00+07:00",
        "2021-03-05T09:45:00Z",
    ):
        assert parse_received_at(text) == vn(2021, 3, 5, 16, 45), text
    assert parse_received_at("05/03/2021") == parse_received_at("2021-03-05") == vn(2021, 3, 5, 0, 0)
    for text in ("3/6/2021 7:30 PM", "32/03/2021 08:00", "", None, "hôm qua"):
        with pytest.raises(ReceivedAtError, match="ví dụ 05/03/2021 16:45"):
            parse_received_at(text)


def test_it_allows_the_same_time_ahead_of_now_whoever_asks():
    check_received_at(INSIDE, now=NOW)
    with pytest.raises(ReceivedAtError, match=f"{OUTSIDE:%d/%m/%Y %H:%M} còn ở tương lai"):
        check_received_at(OUTSIDE, now=NOW)


@time_machine.travel(NOW, tick=False)
def test_the_form_the_command_and_the_action_share_the_limit(client_as, cchc, unit, period, personas, tmp_path):
    q1 = period("2021-Q1")
    # The action itself (any caller that passes an instant).
    with pytest.raises(ReportError, match="còn ở tương lai"):
        receive_report(
            unit("TP"), q1, values={"1.1.1": 1}, by=personas["coordinator"], submit=True, submitted_at=OUTSIDE
        )
    receive_report(unit("TP"), q1, values={"1.1.1": 1}, by=personas["coordinator"], submit=True, submitted_at=INSIDE)
    assert Report.objects.get(unit__code="TP").first_submitted_at == INSIDE

    # The receive form on the report page.
    coordinator = client_as("coordinator")
    refused = post_report(
        coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": f"{OUTSIDE:%d/%m/%Y %H:%M}"}
    )
    assert refused.status_code == 400 and "còn ở tương lai" in refused.content.decode()
    assert not Report.objects.filter(unit__code="NGO-MAY").exists()
    taken = post_report(
        coordinator, {"1.1.1": "8"}, url_name="report_receive", extra={"received_at": f"{INSIDE:%d/%m/%Y %H:%M}"}
    )
    assert taken.status_code == 302
    assert Report.objects.get(unit__code="NGO-MAY").first_submitted_at == INSIDE

    # `cchc import --submitted-at`.
    path = tmp_path / "an-binh.json"
    path.write_text(json.dumps({"unit": "AN-BINH", "period": "2021-Q1", "values": {"1.1.1": 3}}), encoding="utf-8")
    out = cchc("import", str(path), "--period", "2021-Q1", "--submit", "--submitted-at", OUTSIDE.isoformat(), expect=1)
    assert "còn ở tương lai" in out.stdout and not Report.objects.filter(unit__code="AN-BINH").exists()
    cchc("import", str(path), "--period", "2021-Q1", "--submit", "--submitted-at", f"{INSIDE:%d/%m/%Y %H:%M}")
    assert Report.objects.get(unit__code="AN-BINH").first_submitted_at == INSIDE
    unreadable = cchc("import", str(path), "--period", "2021-Q1", "--submit", "--submitted-at", "hôm qua", expect=2)
    assert "ví dụ 05/03/2021 16:45" in unreadable.stderr + unreadable.stdout
