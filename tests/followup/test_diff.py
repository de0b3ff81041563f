"""What changed in a report: since the version returned, or against the unit's previous period
(GET /api/v1/reports/{unit}/{period}/diff, and the review box of the report page)."""

from tests.api.conftest import ApiClient
from tests.conftest import vn


def _returned_and_resubmitted(personas, submitted, unit, period, good_values):
    from cchc.reporting.actions import return_report, save_report, submit_report

    report = submitted()
    return_report(report, by=personas["coordinator"], reason="Thiếu số liệu kiểm tra (mục 1.2).")
    values = dict(good_values, **{"1.2.1": 3, "1.2.2": 3, "1.1.3": None})
    values.pop("1.1.3")
    report = save_report(
        unit("NGO-MAY"),
        period("2021-Q1"),
        values=values,
        narrative={"organisation": "Đã ban hành kế hoạch.", "difficulties": "Thiếu cán bộ chuyên trách."},
        by=personas["officer_a"],
    )
    return submit_report(report, by=personas["leader_a"], at=vn(2021, 3, 8, 9, 0))


def test_it_compares_a_resubmitted_report_with_the_version_returned(
    client, personas, submitted, unit, period, good_values
):
    from cchc.api.models import Token

    _returned_and_resubmitted(personas, submitted, unit, period, good_values)
    api = ApiClient(client, Token.issue(personas["coordinator"])[1])
    data = api.get("/reports/NGO-MAY/2021-Q1/diff").json()
    assert data["against"] == "version:1"
    assert {c["code"]: (c["before"], c["after"]) for c in data["changes"]} == {
        "1.1.3": (2, None),
        "1.2.1": (None, 3),
        "1.2.2": (None, 3),
    }
    assert all(set(c) >= {"code", "before", "after"} for c in data["changes"])
    assert data["narrative_changed"] == ["difficulties"]
    assert api.get("/reports/NGO-MAY/2021-Q1/diff?against=version:2").json()["changes"] == []
    assert api.get("/reports/NGO-MAY/2021-Q1/diff?against=version:9").status_code == 404
    bad = api.get("/reports/NGO-MAY/2021-Q1/diff?against=hom-qua")
    assert bad.status_code == 422 and "against" in bad.json()["detail"]


def test_it_compares_with_the_previous_period_and_marks_big_moves(client, personas, submitted, good_values):
    from cchc.api.models import Token

    submitted()
    submitted(
        values=dict(good_values, **{"1.1.1": 60, "1.1.2": 4, "4.2.1": 22}), code="2021-H1", at=vn(2021, 6, 4, 9, 0)
    )
    api = ApiClient(client, Token.issue(personas["leader_a"])[1])
    data = api.get("/reports/NGO-MAY/2021-H1/diff").json()  # never returned: previous period by default
    assert data["against"] == "previous-period" and data["against_period"] == "2021-Q1"
    moves = {c["code"]: (c["before"], c["after"], c["big"]) for c in data["changes"]}
    assert moves == {"1.1.1": (15, 60, True), "4.2.1": (21, 22, False)}
    assert data["narrative_changed"] == []


def test_it_answers_the_diff_with_the_reports_own_permissions(client, personas, submitted):
    from cchc.api.models import Token

    submitted()
    for key, status in (
        ("officer_a", 200),
        ("leader_a", 200),
        ("coordinator", 200),
        ("viewer", 200),
        ("officer_b", 404),
        ("leader_b", 404),
    ):
        api = ApiClient(client, Token.issue(personas[key])[1])
        assert api.get("/reports/NGO-MAY/2021-Q1/diff").status_code == status, key
    assert ApiClient(client).get("/reports/NGO-MAY/2021-Q1/diff").status_code == 401


def test_it_shows_the_coordinator_what_changed_and_every_return_reason(
    client_as, personas, submitted, unit, period, good_values
):
    from cchc.reporting.actions import return_report, submit_report

    report = _returned_and_resubmitted(personas, submitted, unit, period, good_values)
    return_report(report, by=personas["coordinator"], reason="Lần 2: ghi rõ nguồn số liệu.")
    from cchc.reporting.actions import save_report

    report = save_report(
        unit("NGO-MAY"),
        period("2021-Q1"),
        values=dict(good_values, **{"1.2.1": 3, "1.2.2": 2}),
        narrative={"organisation": "Đã ban hành kế hoạch.", "difficulties": "Thiếu cán bộ."},
        by=personas["officer_a"],
    )
    submit_report(report, by=personas["leader_a"], at=vn(2021, 3, 10, 9, 0))
    page = client_as("coordinator").get("/bao-cao/NGO-MAY/2021-Q1/").content.decode()
    box = page[page.index('id="review-changes"') :]
    assert "Thiếu số liệu kiểm tra (mục 1.2)." in box and "Lần 2: ghi rõ nguồn số liệu." in box
    assert "so với lần gửi thứ 2" in box
    assert 'data-changed="1.2.2"' in box and 'data-changed="1.1.3"' in box
    assert 'data-changed="1.2.1"' not in box
    # The rows and parts are highlighted in the form from these lists (report.js; see the browser test).
    assert 'data-codes="1.1.3 1.2.2"' in box and 'data-parts="difficulties"' in box
    # Timeliness is judged on the first submission: both dates are shown.
    review = page[page.index('id="review"') :]
    assert "04/03/2021 10:00" in review and "10/03/2021 09:00" in review and "lần gửi đầu tiên" in review


def test_it_shows_any_report_beside_the_units_previous_period(client_as, submitted, good_values):
    submitted()
    submitted(values=dict(good_values, **{"1.1.1": 60, "4.2.1": 22}), code="2021-H1", at=vn(2021, 6, 4, 9, 0))
    for key in ("officer_a", "coordinator", "viewer"):
        page = client_as(key).get("/bao-cao/NGO-MAY/2021-H1/so-sanh/").content.decode()
        assert "Quý I năm 2021 (kỳ trước)" in page
        table = page[page.index('id="compare-table"') :]
        assert 'data-code="1.1.1" class="big"' in table and 'data-code="4.2.1">' in table
        assert "1.1.2" not in table
    assert client_as("officer_b").get("/bao-cao/NGO-MAY/2021-H1/so-sanh/").status_code == 404
    bad = client_as("coordinator").get("/bao-cao/NGO-MAY/2021-H1/so-sanh/?so-voi=version:7")
    assert bad.status_code == 404 and "lần gửi thứ 7" in bad.content.decode()


def test_it_compares_a_draft_never_sent_with_the_previous_period(
    client, personas, submitted, unit, period, good_values
):
    from cchc.api.models import Token
    from cchc.reporting.actions import save_report

    submitted()
    save_report(unit("NGO-MAY"), period("2021-H1"), values=dict(good_values, **{"1.1.1": 16}), by=personas["officer_a"])
    api = ApiClient(client, Token.issue(personas["officer_a"])[1])
    data = api.get("/reports/NGO-MAY/2021-H1/diff").json()
    assert data["against"] == "previous-period" and [c["code"] for c in data["changes"]] == ["1.1.1"]
    # A report not started is compared with the last one sent (a draft does not count): all blank now.
    fresh = api.get("/reports/NGO-MAY/2021-Q3/diff").json()
    assert fresh["against_period"] == "2021-Q1" and len(fresh["changes"]) == len(good_values)
    assert all(c["after"] is None for c in fresh["changes"])
