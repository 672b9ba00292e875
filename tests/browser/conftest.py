"""Playwright driving Debian's Chromium (/usr/bin/chromium) against the live test server.

Playwright never downloads a browser of its own here. Every page records the
requests it makes, and a request to any host but the test server fails the test.
Screenshots go to tests/browser/screenshots/ (git-ignored).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make themselves (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site_url(live_server):
    """The live server's address, with the fixed page tree in place."""
    from core.setup import ensure_site_structure

    ensure_site_structure()
    return live_server.url


class RequestLog:
    """Every request a page made, to check that none left the test server."""

    def __init__(self, allowed_host):
        self.allowed_host = allowed_host
        self.urls = []

    def record(self, request):
        self.urls.append(request.url)

    def outside(self):
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).netloc != self.allowed_host
        ]


def _open_page(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    log = RequestLog(urlsplit(site_url).netloc)
    page.on("request", log.record)
    page.request_log = log
    return context, page


@pytest.fixture
def phone_page(browser, site_url):
    context, page = _open_page(browser, site_url, PHONE)
    yield page
    context.close()
    assert page.request_log.outside() == [], "the page loaded something from another host"


@pytest.fixture
def desktop_page(browser, site_url):
    context, page = _open_page(browser, site_url, DESKTOP)
    yield page
    context.close()
    assert page.request_log.outside() == [], "the page loaded something from another host"


@pytest.fixture
def open_page(browser, site_url):
    """open_page(viewport, language) opens a page in a new browser context that asks for that language.

    For journeys parametrised by viewport and language. Each page records its
    requests like phone_page and desktop_page do; a request to another host fails the test.
    So does anything the Content Security Policy blocked (an attempt to reach
    another host, say), which never shows up as a request.
    """
    opened = []

    def open_(viewport, language="en"):
        context = browser.new_context(viewport=viewport, locale="ko-KR" if language == "ko" else "en-US")
        page = context.new_page()
        log = RequestLog(urlsplit(site_url).netloc)
        page.on("request", log.record)
        page.request_log = log
        page.csp_reports = []

        def note_csp_report(message):
            if "Content Security Policy" in message.text:
                page.csp_reports.append(message.text)

        page.on("console", note_csp_report)
        opened.append((context, page))
        return page

    yield open_
    for context, _page in opened:
        context.close()
    for _context, page in opened:
        assert page.request_log.outside() == [], "the page loaded something from another host"
        assert page.csp_reports == [], "the Content Security Policy blocked something"


@pytest.fixture
def screenshot():
    """screenshot(page, name) saves a full-page PNG under tests/browser/screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
