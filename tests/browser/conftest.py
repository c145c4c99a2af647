"""Fixtures for the reader tests: the built seeds site served on 127.0.0.1, one Chromium.

The browser is Debian's Chromium (`tools/ensure_chromium.sh` installs it), driven by
Playwright for Python; no browser is ever downloaded. Every request the pages make
goes through a route that lets only the local server answer: anything else is
recorded (so a test can list it) and aborted, so the tests never reach the internet.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Response,
        Route,
        ViewportSize,
    )

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
MOBILE: ViewportSize = {"width": 375, "height": 812}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Chromium over the built site (needs /usr/bin/chromium)"
    )


def browser_skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: run tools/ensure_chromium.sh (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.lock)"
    return None


def axe_skip_reason() -> str | None:
    if not AXE_JS.is_file():
        return f"{AXE_JS.relative_to(REPO)} not found: run tools/ensure_axe.sh (npm ci)"
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(seeds_site: Path) -> Iterator[str]:
    """The built seeds site (`seeds_site`, tests/conftest.py) served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(seeds_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def is_local(url: str, site_url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return f"{parts.scheme}://{parts.netloc}/" == site_url


@dataclass
class PageLog:
    """What went wrong while a page was open: console errors, failed and external requests."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL, local or not


class Reader:
    """One browser context (viewport) whose pages log their problems per URL."""

    def __init__(self, context: BrowserContext, site_url: str) -> None:
        self.context = context
        self.site_url = site_url
        self.logs: dict[str, PageLog] = {}
        self.current = PageLog()
        self.pending: set[Any] = set()  # requests in flight, across this context's pages
        self.closed = False
        context.route("**/*", self._route)
        context.on("request", lambda request: self.pending.add(request))
        context.on("requestfinished", lambda request: self.pending.discard(request))
        context.on("requestfailed", lambda request: self.pending.discard(request))

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.current.requests.append(url)
        if is_local(url, self.site_url):
            route.continue_()
        else:
            self.current.external_requests.append(url)
            route.abort("blockedbyclient")

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.current.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        return page

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            if "ERR_BLOCKED_BY_CLIENT" in message.text and not is_local(where, self.site_url):
                return  # our own block of an external request: listed as external_requests
            self.current.console_errors.append(f"{message.text} ({where})".strip())

    def _on_request_failed(self, request: Any) -> None:
        # External requests are listed separately. ERR_ABORTED is the browser cancelling
        # a request because the test moved on (our server never aborts one): not a failure.
        if is_local(request.url, self.site_url) and request.failure != "net::ERR_ABORTED":
            self.current.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.current.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def settle(self, page: Page, timeout: float = 5.0) -> None:
        """Wait until the requests a page started (search worker, favicon) have ended.

        Leaving a page earlier would abort them, and an aborted request is not a failure
        of the site; one that ends in an error after this wait is.
        """
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            page.wait_for_timeout(10)

    def open(self, page: Page, url: str) -> PageLog:
        """Go to `url` (absolute, or relative to the site) and return its problem log."""
        if not urlsplit(url).scheme:
            url = self.site_url + url.lstrip("/")
        self.settle(page)
        self.current = self.logs.setdefault(url, PageLog())
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        return self.current

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.context.close()


@pytest.fixture(scope="session")
def make_reader(browser: Browser, site_url: str) -> Iterator[Callable[..., Reader]]:
    """Factory of `Reader`s (fresh contexts) with a viewport: make_reader(MOBILE)."""
    readers: list[Reader] = []

    def make(viewport: ViewportSize = DESKTOP) -> Reader:
        context = browser.new_context(viewport=viewport, service_workers="block")
        readers.append(Reader(context, site_url))
        return readers[-1]

    yield make
    for reader in readers:
        reader.close()


@pytest.fixture
def reader(make_reader: Callable[..., Reader]) -> Iterator[Reader]:
    """A desktop (1280x800) reader of its own: no cookies or history from other tests."""
    reader = make_reader(DESKTOP)
    yield reader
    reader.close()


@pytest.fixture
def page(reader: Reader) -> Iterator[Page]:
    page = reader.new_page()
    yield page
    page.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder needs the browser: `-m "not browser"` must leave them all out."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            assert item.get_closest_marker("browser"), f"{item.nodeid} lacks the browser marker"
