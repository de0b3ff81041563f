"""Searching without diacritics in a real Chromium (issue 14): the status board's search box and the
dashboard's unit picker, which asks the server once a province's list no longer fits on the page."""

import pytest

from tests.browsing import Person

pytestmark = pytest.mark.browser


def test_the_board_finds_ngo_may_typed_without_diacritics(browser, live_server, personas):
    coordinator = Person(browser, live_server.url, "noivu.test")
    coordinator.go("/theo-doi/2021-Q1/")
    page = coordinator.page
    page.fill("#f-q", "ngo may")
    with page.expect_navigation():
        page.click("#board-filter button[type=submit]")
    rows = page.locator("#board tbody tr[data-unit]")
    assert rows.count() == 1 and rows.first.get_attribute("data-unit") == "NGO-MAY"
    assert "Ngô Mây" in rows.first.inner_text()
    assert page.input_value("#f-q") == "ngo may"
    coordinator.close()


def test_the_dashboard_picker_searches_every_unit_of_a_province(browser, live_server, personas):
    from django.conf import settings

    from cchc.orgunits.models import OrgUnit

    if not any(isinstance(d, tuple) and d[0] == "vendor" for d in settings.STATICFILES_DIRS):
        pytest.fail("node_modules/ is missing: run `npm ci` (scripts/test does)")
    town = OrgUnit.objects.get(code="ANKHE")
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"XA-{n}", name=f"UBND xã Đắk Pơ {n}", kind="commune", parent=town, position=100 + n).fill_search()
        for n in range(200)
    )
    viewer = Person(browser, live_server.url, "lanhdao.test")
    viewer.go("/tong-hop/?chi-tieu=2.1")
    page = viewer.page
    assert page.locator(".unit-checks input[value='XA-177']").count() == 0  # not carried by the page
    page.fill("#loc-don-vi", "dak po 177")
    page.wait_for_selector(".unit-checks input[value='XA-177']")
    visible = page.locator(".unit-checks label:visible").all_inner_texts()
    assert [t.strip() for t in visible] == ["UBND xã Đắk Pơ 177"]
    page.check(".unit-checks input[value='XA-177']")
    with page.expect_navigation():
        page.click(".series-submit button")
    page.wait_for_function("window.Chart && Chart.getChart('chart-series')")
    legend = page.evaluate("Chart.getChart('chart-series').data.datasets.map(d => d.label)")
    assert legend == ["Thị xã", "UBND xã Đắk Pơ 177"]
    viewer.close()
