"""End to end in a real headless Chromium (Debian's package, driven by Playwright): the ward officer
fills in, the leader signs, Phòng Nội vụ returns it, the unit corrects and signs again, Phòng Nội vụ
accepts. Screenshots of every page go to artifacts/screenshots/ (not committed)."""

import pytest

from tests.browsing import OFFICE, PHONE, Person

pytestmark = pytest.mark.browser


def test_it_runs_a_report_from_entry_to_acceptance_in_a_browser(browser, live_server, personas):
    base = live_server.url
    report = "/bao-cao/NGO-MAY/2021-Q1/"

    officer = Person(browser, base, "cv.a")
    page = officer.page
    assert "/don-vi/NGO-MAY/" in page.url and "Báo cáo CCHC năm" in page.content()
    officer.shot("01-officer-home")
    page.click(f"a[href='{report}']")
    assert not officer.overflows()
    page.fill("#v-1\\.1\\.1", "4")
    page.fill("#v-1\\.1\\.2", "6")
    page.select_option("#v-1\\.4\\.2", "1")
    page.fill("#v-3\\.4\\.1", "97,5")
    page.fill("#n-organisation", "Đã ban hành kế hoạch CCHC năm 2021 và kế hoạch tuyên truyền.")
    page.click("#btn-save")
    # Completed tasks (1.1.2) cannot exceed planned tasks (1.1.1): shown beside 1.1.2.
    row = page.locator("#row-1\\.1\\.2")
    assert "has-error" in row.get_attribute("class")
    assert "Lỗi:" in row.inner_text()
    officer.shot("02-officer-validation-error")
    page.fill("#v-1\\.1\\.1", "8")
    page.click("#btn-save")
    assert "Đã lưu bản nháp." in page.content()
    assert "has-error" not in (page.locator("#row-1\\.1\\.2").get_attribute("class") or "")
    assert page.input_value("#v-3\\.4\\.1") == "97,5"
    officer.shot("03-officer-saved")

    leader = Person(browser, base, "ld.a")
    leader.go(report)
    assert leader.page.locator("#btn-submit").is_visible()
    leader.page.click("#btn-submit")
    assert "Đã ký ban hành" in leader.page.content()
    assert leader.page.locator("[data-status=submitted]").count() == 1
    leader.shot("04-leader-submitted")

    coordinator = Person(browser, base, "noivu.test")
    assert "/theo-doi/" in coordinator.page.url
    coordinator.go("/theo-doi/2021-Q1/")
    assert coordinator.page.locator("tr[data-unit=NGO-MAY]").get_attribute("data-category") in ("on_time", "late")
    assert not coordinator.overflows()
    coordinator.shot("05-coordinator-board")
    coordinator.go(report)
    coordinator.page.click("#review summary")  # "Trả lại đơn vị…" opens the reason box
    coordinator.page.fill("#id_reason", "Đề nghị bổ sung số liệu kiểm tra CCHC (mục 1.2).")
    coordinator.page.click("#btn-return")
    assert "Đã trả lại" in coordinator.page.content()
    coordinator.shot("06-coordinator-returned")

    officer.go(report)
    assert "Đề nghị bổ sung số liệu kiểm tra CCHC (mục 1.2)." in officer.page.inner_text("#returned-reason")
    officer.page.fill("#v-1\\.2\\.1", "3")
    officer.page.fill("#v-1\\.2\\.2", "3")
    officer.page.click("#btn-save")
    assert "Đã lưu bản nháp." in officer.page.content()
    officer.shot("07-officer-corrected")

    leader.go(report)
    leader.page.click("#btn-submit")
    assert "lần gửi thứ 2" in leader.page.content()
    leader.shot("08-leader-resubmitted")

    coordinator.go(report)
    coordinator.page.click("#btn-accept")
    assert "Đã tiếp nhận báo cáo" in coordinator.page.content()
    coordinator.shot("09-coordinator-accepted")
    coordinator.go(report + "lich-su/")
    assert "Lần gửi thứ 2" in coordinator.page.content()
    coordinator.shot("10-history")

    # Read-only for the unit now.
    officer.go(report)
    assert officer.page.locator("#btn-save").count() == 0
    for person in (officer, leader, coordinator):
        person.close()


def test_it_fits_an_office_screen_and_a_phone(browser, live_server, personas):
    for label, viewport in (("office", OFFICE), ("phone", PHONE)):
        officer = Person(browser, live_server.url, "cv.a", viewport)
        for name, path in (("home", "/don-vi/NGO-MAY/2021/"), ("report", "/bao-cao/NGO-MAY/2021-Q1/")):
            officer.go(path)
            officer.shot(f"layout-{label}-{name}")
            assert not officer.overflows(), (label, name)
        officer.close()
        coordinator = Person(browser, live_server.url, "noivu.test", viewport)
        coordinator.go("/theo-doi/2021-Q1/")
        coordinator.shot(f"layout-{label}-board")
        assert not coordinator.overflows(), (label, "board")
        if viewport is PHONE:
            # The menu folds behind a button on a phone.
            assert not coordinator.page.locator("#site-nav").is_visible()
            coordinator.page.click("[data-nav-toggle]")
            assert coordinator.page.locator("#site-nav").is_visible()
        coordinator.close()


def test_it_fits_the_plan_and_review_on_a_phone_with_distinct_confirmed_buttons(browser, live_server, personas):
    """The QA walkthrough's layout faults: the plan page and the report's plan-task box at 375 px,
    the unit of measure on a phone, red/green review buttons that ask first, the admin's order box."""
    from cchc.orgunits.models import OrgUnit
    from cchc.planning.demo import load_demo_plan
    from cchc.reporting.actions import save_report, submit_report
    from cchc.reporting.models import Period

    load_demo_plan()
    submit_report(
        save_report(OrgUnit.objects.get(code="NGO-MAY"), Period.objects.get(code="2021-Q1"), values={"1.1.1": 2}),
        by=personas["leader_a"],
    )
    coordinator = Person(browser, live_server.url, "noivu.test", PHONE)
    coordinator.go("/ke-hoach/2021/")
    coordinator.shot("qa-phone-plan")
    assert not coordinator.overflows(), "plan page"
    coordinator.close()

    officer = Person(browser, live_server.url, "cv.a", PHONE)
    officer.go("/bao-cao/NGO-MAY/2021-H1/")
    assert officer.page.locator("#ke-hoach .task-progress-form").count() >= 1
    officer.shot("qa-phone-report-plan-tasks")
    assert not officer.overflows(), "report page with the plan's tasks"
    assert officer.page.locator("#row-1\\.1\\.1 .measure-narrow").is_visible()
    officer.close()

    coordinator = Person(browser, live_server.url, "noivu.test")
    asked = []
    coordinator.page.on("dialog", lambda d: asked.append(d.message))
    coordinator.go("/bao-cao/NGO-MAY/2021-Q1/")
    colour = "el => getComputedStyle(el).backgroundColor"
    accept = coordinator.page.eval_on_selector("#btn-accept", colour)
    coordinator.page.click("#review summary")
    ret = coordinator.page.eval_on_selector("#btn-return", colour)
    # Green and red (--green, --red), not the plain buttons' blue (#1f4e8c).
    assert accept == "rgb(26, 127, 55)" and ret == "rgb(180, 35, 24)", (accept, ret)
    coordinator.shot("qa-review-bar")
    coordinator.page.click("#btn-accept")
    assert asked and "Tiếp nhận" in asked[0]
    assert "Đã tiếp nhận báo cáo" in coordinator.page.content()
    coordinator.go("/quan-tri/orgunits/orgunit/")
    # Not cut off by the list's own scroll box, nor by the window.
    fits = coordinator.page.evaluate("""() => {
        const box = document.querySelector("td.field-position input").getBoundingClientRect();
        const list = document.querySelector("#result_list").parentElement.getBoundingClientRect();
        const table = document.querySelector("#result_list").getBoundingClientRect();
        return [box.right <= list.right, box.right <= window.innerWidth, table.right <= list.right + 1];
    }""")
    coordinator.shot("qa-admin-units")
    assert fits == [True, True, True], fits
    coordinator.close()
