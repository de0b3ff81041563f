"""The dashboard's charts draw in a real Chromium under the site's CSP (Chart.js from node_modules,
data from json_script, no inline script), and the consolidation page fits an office screen and a phone."""

import pytest

from tests.browsing import OFFICE, PHONE, Person

pytestmark = pytest.mark.browser


def test_it_draws_the_dashboard_charts(browser, live_server, quarter):
    from django.conf import settings

    if not any(isinstance(d, tuple) and d[0] == "vendor" for d in settings.STATICFILES_DIRS):
        pytest.skip("node_modules/ is missing: run `npm ci`")
    viewer = Person(browser, live_server.url, "lanhdao.test")
    viewer.go("/tong-hop/?chi-tieu=2.1&don-vi=NGO-MAY")
    viewer.page.wait_for_function("window.Chart && Chart.getChart('chart-series')")
    drawn = viewer.page.evaluate("""() => ['chart-progress', 'chart-rates', 'chart-series'].map(id => {
        const c = Chart.getChart(id); return c ? c.data.datasets.length : 0; })""")
    assert drawn == [1, 3, 2]
    legend = viewer.page.evaluate("Chart.getChart('chart-series').data.datasets.map(d => d.label)")
    assert legend == ["Thị xã", "UBND phường Ngô Mây"]
    viewer.shot("consolidation-dashboard")
    viewer.close()


def test_it_draws_a_percentage_series_and_a_readable_unit_picker(browser, live_server, quarter):
    from django.conf import settings

    if not any(isinstance(d, tuple) and d[0] == "vendor" for d in settings.STATICFILES_DIRS):
        pytest.skip("node_modules/ is missing: run `npm ci`")
    viewer = Person(browser, live_server.url, "lanhdao.test")
    viewer.go("/tong-hop/?chi-tieu=3.3.3&don-vi=NGO-MAY&don-vi=TP")
    page = viewer.page
    page.wait_for_function("window.Chart && Chart.getChart('chart-series')")
    scale = page.evaluate("""() => { const c = Chart.getChart('chart-series'); const y = c.scales.y;
        return {min: y.min, max: y.max, first: y.ticks[0].label, legend: c.options.plugins.legend.labels.usePointStyle,
                style: c.options.plugins.legend.labels.pointStyle}; }""")
    assert 0 < scale["min"] <= 80 and scale["max"] >= 100 and scale["first"].endswith("%")
    assert scale["legend"] is True and scale["style"] == "line"
    # The legend of the unit list sits above the list, which shows about eight names at once.
    legend = page.locator(".unit-picker legend").bounding_box()
    checks = page.locator(".unit-checks").bounding_box()
    row = page.locator(".unit-checks label").first.bounding_box()
    assert legend["y"] + legend["height"] <= checks["y"] + 1
    assert checks["height"] >= 7 * row["height"]
    indicator_label = page.locator("label[for=chi-tieu]").bounding_box()
    indicator = page.locator("#chi-tieu").bounding_box()
    assert indicator_label["y"] + indicator_label["height"] <= indicator["y"] + 1
    # The filter box narrows the list, ignoring diacritics; no more than eight can be ticked.
    page.fill("#loc-don-vi", "an phu")
    visible = page.locator(".unit-checks label:visible").all_inner_texts()
    assert visible and all("An Ph" in t for t in visible)
    page.fill("#loc-don-vi", "")
    boxes = page.locator(".unit-checks input")
    for i in range(boxes.count()):
        if boxes.nth(i).is_enabled() and not boxes.nth(i).is_checked():
            boxes.nth(i).check()
    assert page.locator(".unit-checks input:checked").count() == 8
    assert page.locator("[data-chosen-count]").inner_text() == "8"
    viewer.shot("consolidation-dashboard-percent")
    viewer.close()


def test_it_fits_the_consolidation_page_on_an_office_screen_and_a_phone(browser, live_server, quarter):
    for viewport in (OFFICE, PHONE):
        coordinator = Person(browser, live_server.url, "noivu.test", viewport)
        coordinator.go("/tong-hop/ky/2021-Q1/")
        assert coordinator.page.locator("h1").inner_text() == "Báo cáo tổng hợp CCHC Quý I năm 2021"
        assert not coordinator.overflows()
        coordinator.shot(f"consolidation-report-{viewport['width']}")
        coordinator.close()
