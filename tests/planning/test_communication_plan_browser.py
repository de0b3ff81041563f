"""In a real Chromium: a ward's officer finds its communication-plan task on its own report page,
reports it done there, and Phòng Nội vụ sees it done on the communication plan's page."""

import pytest

from tests.browsing import PHONE, Person

from .test_plans_of_a_year import CCHC_ROWS, COMMUNICATION_ROWS
from .workbooks import workbook

pytestmark = pytest.mark.browser


def test_a_lead_unit_reports_its_communication_task_from_its_report_page(browser, live_server, personas):
    from cchc.planning.actions import import_plan
    from cchc.planning.models import PlanTask

    import_plan(workbook(CCHC_ROWS)[0], 2021)
    import_plan(
        workbook(COMMUNICATION_ROWS)[0],
        2021,
        kind="tuyen-truyen",
        title="Kế hoạch tuyên truyền CCHC năm 2021",
        number="123/KH-UBND",
    )
    task = PlanTask.objects.get(title__startswith="Treo băng rôn")

    officer = Person(browser, live_server.url, "cv.a")
    officer.go("/bao-cao/NGO-MAY/2021-H1/")
    page = officer.page
    section = page.locator("table[data-plan-kind='tuyen-truyen']")
    assert "Kế hoạch tuyên truyền CCHC năm 2021" in page.locator("#ke-hoach").inner_text()
    assert "Treo băng rôn, pa nô về CCHC tại trụ sở" in section.inner_text()
    row = page.locator(f"#nhiem-vu-{task.pk}")
    row.locator("select[name=status]").select_option("done")
    row.locator("input[name=date]").fill("20/04/2021")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "/bao-cao/NGO-MAY/2021-H1/" in page.url
    assert "Đã hoàn thành" in page.locator(f"#nhiem-vu-{task.pk}").inner_text()
    officer.shot("plan-communication-report-page")
    officer.close()

    coordinator = Person(browser, live_server.url, "noivu.test", PHONE)
    coordinator.go("/ke-hoach/2021/tuyen-truyen/?as_of=30/04/2021")
    row = coordinator.page.locator(f"#nhiem-vu-{task.pk}")
    assert "Đã hoàn thành" in row.inner_text() and "20/04/2021" in row.inner_text()
    assert not coordinator.overflows()
    coordinator.shot("plan-communication-phone")
    coordinator.close()
    task.refresh_from_db()
    assert task.status == "done" and str(task.done_on) == "2021-04-20"
