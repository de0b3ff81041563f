"""Driving Debian's Chromium with Playwright in tests: window sizes, screenshots, one user per
browser context. The session's single browser is the `browser` fixture of tests/conftest.py."""

import os
from pathlib import Path

from tests.conftest import PASSWORD

SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
OFFICE = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 740}
# Whole-page pictures of a 100-row form take seconds each; set CCHC_FULL_SCREENSHOTS=1 to get them.
FULL_PAGE = os.environ.get("CCHC_FULL_SCREENSHOTS") == "1"


class Person:
    """One user in their own browser context (own cookies), at a given window size."""

    def __init__(self, browser, base, username, viewport=OFFICE):
        self.context = browser.new_context(viewport=viewport, locale="vi-VN")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: d.accept())
        self.base, self.username = base, username
        self.page.goto(base + "/dang-nhap/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def go(self, path):
        self.page.goto(self.base + path)

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=FULL_PAGE)

    def overflows(self):
        return self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    def close(self):
        # CSP violations and missing files show up as console errors.
        assert not self.errors, self.errors
        self.context.close()
