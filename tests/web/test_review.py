"""Phòng Nội vụ's review of a sent report: at the top of the page, with distinct, confirmed buttons."""

import re

import time_machine
from django.contrib.staticfiles import finders

from tests.conftest import vn

from .helpers import post_report, report_url


def _sent_late(client_as):
    with time_machine.travel(vn(2021, 3, 7, 10, 0), tick=False):
        assert post_report(client_as("leader_a"), {"1.1.1": "3"}, url_name="report_submit").status_code == 302


@time_machine.travel(vn(2021, 3, 8, 9, 0), tick=False)
def test_it_puts_the_review_with_status_time_and_lateness_at_the_top(client_as, ward_a, q1):
    _sent_late(client_as)
    page = client_as("coordinator").get(report_url()).content.decode()
    bar = page.split('id="review"')[1].split("</section>")[0]
    assert page.index('id="review"') < page.index('id="report-form"') < page.index('id="phan-1"')
    # Timeliness is judged on the first submission, which the box names as such (issue 14).
    assert 'Gửi lần đầu lúc <strong id="first-submitted">07/03/2021 10:00</strong>' in bar and "Trễ hạn 2 ngày" in bar
    assert 'id="btn-accept"' in bar and 'id="btn-return"' in bar and 'name="reason"' in bar


@time_machine.travel(vn(2021, 3, 8, 9, 0), tick=False)
def test_it_asks_before_returning_accepting_or_recording_a_report(client_as, ward_a, q1):
    _sent_late(client_as)
    page = client_as("coordinator").get(report_url()).content.decode()
    for button in ("btn-accept", "btn-return"):
        tag = re.search(rf'<button [^>]*id="{button}"[^>]*>', page).group(0)
        assert 'data-confirm="' in tag, button
    assert re.search(r'class="button button-success" id="btn-accept"', page)
    assert re.search(r'class="button button-danger" id="btn-return"', page)
    unsent = client_as("coordinator").get(report_url("NV")).content.decode()
    assert re.search(r'<button [^>]*id="btn-receive"[^>]*data-confirm="', unsent)
    # One script asks, for every page; no inline script (CSP script-src 'self').
    script = open(finders.find("cchc/js/base.js"), encoding="utf-8").read()
    assert "dataset.confirm" in script and "window.confirm" in script
    assert "<script>" not in page


def test_it_lets_the_colour_modifiers_outweigh_the_base_button_rule():
    css = open(finders.find("cchc/css/cchc.css"), encoding="utf-8").read()
    # `button.button` (0,1,1) beats a lone `.button-danger` (0,1,0): each modifier is qualified.
    assert "button.button" in css
    for modifier in ("danger", "success", "secondary"):
        assert re.search(rf"^\.button-{modifier}\s*{{", css, re.M) is None, modifier
        assert re.search(rf"^\.button\.button-{modifier}\s*{{", css, re.M), modifier


@time_machine.travel(vn(2021, 3, 8, 9, 0), tick=False)
def test_it_says_sent_only_once_in_the_status_line(client_as, ward_a, q1):
    _sent_late(client_as)
    page = client_as("officer_a").get(report_url()).content.decode()
    status = page.split("Trạng thái:")[1].split("</li>")[0]
    assert "Đã gửi" in status and "Trễ hạn 2 ngày" in status and "gửi trễ" not in status
    assert "Hạn gửi" in page
