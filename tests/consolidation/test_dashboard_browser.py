"""The dashboard's charts draw in a real Chromium under the site's CSP (Chart.js from node_modules,
data from json_script, no inline script), and the consolidation page fits an office screen and a phone."""
import pytest

from tests.web.test_browser import OFFICE, PHONE, Person, browser  # noqa: F401 — the fixture

pytestmark = pytest.mark.browser


def test_it_draws_the_dashboard_charts(browser, live_server, quarter):  # noqa: F811
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


def test_it_fits_the_consolidation_page_on_an_office_screen_and_a_phone(browser, live_server, quarter):  # noqa: F811
    for viewport in (OFFICE, PHONE):
        coordinator = Person(browser, live_server.url, "noivu.test", viewport)
        coordinator.go("/tong-hop/ky/2021-Q1/")
        assert coordinator.page.locator("h1").inner_text() == "Báo cáo tổng hợp CCHC Quý I năm 2021"
        assert not coordinator.overflows()
        coordinator.shot(f"consolidation-report-{viewport['width']}")
        coordinator.close()
