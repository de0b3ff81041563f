"""The data entry page: the form's rows, inputs per kind, Vietnamese numbers, blanks, validation
beside rows, pre-fill and the draft's saving."""

import time_machine

from cchc.reporting.models import Report
from tests.conftest import vn

from .helpers import page_state, post_report, report_url, row_html


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_shows_every_row_with_its_input(client_as, ward_a, q1):
    page = client_as("officer_a").get(report_url()).content.decode()
    # One section per part of the appendix, and the rows' kinds get the right input.
    for n in range(1, 8):
        assert f'id="phan-{n}"' in page
    assert 'name="v-1.1.1"' in page and 'inputmode="numeric"' in page
    assert 'name="v-1.1"' not in page  # headings take no input
    assert '<select name="v-1.4.2"' in page and "1 — Phát phiếu" in page
    assert 'name="v-3.4.1"' in page and 'inputmode="decimal"' in page
    # A "Trong đó" row has no STT and says so.
    row = row_html(page, "3.1.3.a")
    assert '<td class="stt"></td>' in row and "Trong đó" in row
    # The narrative parts; no thematic report for a ward.
    for field in ("n-organisation", "n-results-1", "n-results-6", "n-difficulties", "n-proposals"):
        assert f'name="{field}"' in page
    assert 'name="n-thematic"' not in page


def test_it_asks_a_thematic_report_only_of_the_named_departments(client_as, personas):
    client = client_as("coordinator")
    assert 'name="n-thematic"' in client.get(report_url("TP")).content.decode()
    assert 'name="n-thematic"' in client.get(report_url("KT")).content.decode()
    assert 'name="n-thematic"' not in client.get(report_url("NV")).content.decode()


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_reads_and_shows_numbers_the_vietnamese_way_and_keeps_blanks(client_as, ward_a, q1):
    client = client_as("officer_a")
    response = post_report(
        client,
        {"1.4.1": "1.234", "3.4.1": "95,5", "1.4.2": "2", "1.1.1": "", "1.1.2": "0"},
        {"organisation": "Đã triển khai kế hoạch."},
    )
    assert response.status_code == 302
    report = Report.objects.get(unit=ward_a, period=q1)
    values = report.value_map()
    assert values["1.4.1"] == 1234 and values["3.4.1"] == 95.5 and values["1.4.2"] == 2
    assert "1.1.1" not in values  # blank stays blank
    assert values["1.1.2"] == 0  # and a typed zero stays zero
    assert report.narrative["organisation"] == "Đã triển khai kế hoạch."
    page = client.get(report_url()).content.decode()
    assert 'id="v-1.4.1" value="1.234"' in page
    assert 'id="v-3.4.1" value="95,5"' in page
    assert 'id="v-1.1.1" value=""' in page
    assert '<option value="2" selected>' in page


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_refuses_a_bad_value_keeps_the_input_and_saves_nothing(client_as, ward_a, q1):
    client = client_as("officer_a")
    response = post_report(client, {"1.1.1": "12", "3.4.1": "120", "1.4.1": "mười"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "has-error" in row_html(page, "3.4.1") and "has-error" in row_html(page, "1.4.1")
    assert "has-error" not in row_html(page, "1.1.1")
    assert "tỷ lệ phải từ 0 đến 100" in page
    assert "«mười» không phải là số" in page
    # The user's input is kept, the valid figure too.
    assert 'id="v-3.4.1" value="120"' in page and 'id="v-1.1.1" value="12"' in page
    assert not Report.objects.filter(unit=ward_a, period=q1).exists()


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_saves_a_draft_with_cross_row_errors_and_shows_them_until_fixed(client_as, ward_a, q1):
    client = client_as("officer_a")
    assert post_report(client, {"1.1.1": "5", "1.1.2": "9"}).status_code == 302
    page = client.get(report_url()).content.decode()
    # The rule "completed ≤ planned" is shown beside the row it speaks of (1.1.2).
    row = row_html(page, "1.1.2")
    assert "has-error" in row and "Lỗi:" in row and "STT 1.1.1" in row
    assert "Lỗi:" not in row_html(page, "1.1.1")
    assert "1 lỗi" in page
    assert post_report(client, {"1.1.1": "9", "1.1.2": "5"}).status_code == 302
    page = client.get(report_url()).content.decode()
    assert "Lỗi:" not in page


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_prefills_only_blank_fields_and_marks_them(client_as, ward_a, q1, personas):
    from cchc.reporting.actions import accept_report, save_report, submit_report
    from cchc.reporting.models import Period

    # Last year's year report is the previous counted report of Q1 2021: make one (a 2020 form is
    # not bundled, so use Q1 as "previous" of H1 instead).
    h1 = Period.objects.get(code="2021-H1")
    report = save_report(ward_a, q1, values={"1.1.1": 20, "4.2.1": 30, "4.2.2": 28, "3.1.3": 100})
    accept_report(submit_report(report, by=personas["leader_a"]), by=personas["coordinator"])
    client = client_as("officer_a")
    response = post_report(client, {"4.2.1": "31"}, period=h1.code, action="prefill")
    assert response.status_code == 302
    stored = Report.objects.get(unit=ward_a, period=h1)
    values = stored.value_map()
    assert values["4.2.1"] == 31  # typed, not overwritten
    assert values["4.2.2"] == 28 and values["3.1.3"] == 100  # stock figures carried over
    assert "1.1.2" not in values
    assert stored.prefilled.get("4.2.2") == "previous" and "4.2.1" not in stored.prefilled
    page = client.get(report_url(period=h1.code)).content.decode()
    assert "điền sẵn: kỳ trước" in row_html(page, "4.2.2")
    assert "điền sẵn" not in row_html(page, "4.2.1")
    # Typing over a pre-filled figure takes its mark away.
    post_report(client, {"4.2.1": "31", "4.2.2": "29", "3.1.3": "100"}, period=h1.code)
    stored.refresh_from_db()
    assert "4.2.2" not in stored.prefilled and stored.prefilled.get("3.1.3") == "previous"


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_tells_the_second_of_two_editors_what_changed_and_keeps_their_input(client, personas, ward_a, q1):
    first, second = personas["officer_a"], personas["leader_a"]
    client.force_login(first)
    post_report(client, {"1.1.1": "10", "1.1.2": "4"})
    state_first = page_state(client)
    client.force_login(second)
    state_second = page_state(client)
    assert post_report(client, {"1.1.1": "12", "1.1.2": "4"}, state=state_second).status_code == 302
    client.force_login(first)
    response = post_report(client, {"1.1.1": "10", "1.1.2": "5"}, state=state_first)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Báo cáo đã được người khác lưu" in page
    assert "lưu lúc 20/02/2021 09:00 sau khi bạn mở" in page  # day first, as everywhere in the app
    changes = page.split('id="stale-changes"')[1].split("</div>")[0]
    assert "STT 1.1.1" in changes and "lúc bạn mở <strong>10</strong>, hiện tại <strong>12</strong>" in changes
    assert "STT 1.1.2" not in changes  # unchanged by the other editor
    assert 'id="v-1.1.2" value="5"' in page  # their input kept
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.value_map()["1.1.1"] == 12  # nothing overwritten silently
    # Saving again from the page shown (which now carries the new revision) goes through.
    import html
    import re

    state = {
        n: html.unescape(v)
        for n, v in re.findall(
            r'<input type="hidden" name="(revision|loaded-values|loaded-narrative)" value="([^"]*)">', page
        )
    }
    assert int(state["revision"]) == report.revision
    assert post_report(client, {"1.1.1": "10", "1.1.2": "5"}, state=state).status_code == 302
    assert Report.objects.get(pk=report.pk).value_map() == {"1.1.1": 10, "1.1.2": 5}


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_names_a_narrative_part_someone_else_changed(client, personas, ward_a, q1):
    client.force_login(personas["officer_a"])
    post_report(client, {"1.1.1": "1"}, {"difficulties": "Thiếu người."})
    mine = page_state(client)
    client.force_login(personas["leader_a"])
    post_report(client, {"1.1.1": "1"}, {"difficulties": "Thiếu người, thiếu kinh phí."})
    client.force_login(personas["officer_a"])
    response = post_report(client, {"1.1.1": "1"}, {"difficulties": "Thiếu người và máy."}, state=mine)
    assert response.status_code == 409
    changes = response.content.decode().split('id="stale-changes"')[1].split("</div>")[0]
    assert "III. Những khó khăn, vướng mắc: nội dung đã được sửa." in changes
    assert "STT 1.1.1" not in changes
    assert "Thiếu người và máy." in response.content.decode()


@time_machine.travel(vn(2021, 3, 4, 23, 30), tick=False)
def test_it_counts_days_left_in_vietnam_days(client_as, personas):
    from django.urls import reverse

    # 23:30 on 4 March in Vietnam is still the 4th there (16:30 UTC): one day left to the 5th.
    page = client_as("officer_a").get(reverse("unit_reports", args=["NGO-MAY", 2021])).content.decode()
    row = page.split('data-period="2021-Q1"')[1].split("</tr>")[0]
    assert "còn 1 ngày" in row and "04/03/2021" not in row
    assert "15/12/2020 – 28/02/2021" in row and "05/03/2021" in row


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_survives_tampered_hidden_fields(client_as, ward_a, q1):
    client = client_as("officer_a")
    post_report(client, {"1.1.1": "1"})
    response = post_report(
        client,
        {"1.1.1": "2"},
        state={"revision": "x", "loaded-values": '{"1.1.1": "abc", "9": [1]}', "loaded-narrative": "không phải JSON"},
    )
    assert response.status_code == 409 and "STT 1.1.1" in response.content.decode()


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_does_not_make_the_officers_next_save_stale_when_signing_fails(client, personas, ward_a, q1):
    client.force_login(personas["officer_a"])
    assert post_report(client, {"1.1.1": "3", "1.1.2": "9"}).status_code == 302  # a cross-row error, kept
    officer_page = page_state(client)
    client.force_login(personas["leader_a"])
    # The leader signs what is stored; refused for the error, and nothing is written.
    assert post_report(client, {"1.1.1": "3", "1.1.2": "9"}, url_name="report_submit").status_code == 422
    report = Report.objects.get(unit=ward_a, period=q1)
    assert report.revision == int(officer_page["revision"]) and report.status == "draft"
    client.force_login(personas["officer_a"])
    response = post_report(client, {"1.1.1": "9", "1.1.2": "9"}, state=officer_page)
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).value_map() == {"1.1.1": 9, "1.1.2": 9}


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_tells_truly_which_errors_block_saving_and_which_only_signing(client_as, ward_a, q1):
    page = client_as("officer_a").get(report_url()).content.decode()
    assert "Lưu bản nháp bất cứ lúc nào" not in page
    assert "Số liệu sai kiểu (chữ trong ô số, số âm, tỷ lệ trên 100%) phải sửa thì mới lưu được." in page
    assert "vẫn được lưu trong bản nháp, chỉ chặn việc ký ban hành" in page


@time_machine.travel(vn(2021, 2, 20, 9, 0), tick=False)
def test_it_shows_the_unit_of_measure_under_the_row_for_phones(client_as, ward_a, q1):
    page = client_as("officer_a").get(report_url()).content.decode()
    # The measure column is hidden on a phone (CSS); the same words sit under the indicator's name.
    row = row_html(page, "1.1.1")
    name_cell = row.split('<td class="name">')[1].split("</td>")[0]
    measure = row.split('<td class="measure">')[1].split("</td>")[0].strip()
    assert measure and f'<span class="measure-narrow">Đơn vị tính: {measure}</span>' in name_cell
    assert "measure-narrow" not in row_html(page, "1.4.2")  # a choice has no unit of measure
