"""The site published under a sub-path, as GitHub Pages serves a project site.

A local server answers `/repo/...` from the site built with `--site-url
.../repo/` and anything else with the site's 404.html and status 404, the way
Pages does. A reader who lands on a missing page, however deep, gets the
styled 404 page whose links lead back into the site.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PREFIX = "/repo/"


def _handler(site: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class PagesLike(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def translate_path(self, path: str) -> str:
            if not path.startswith(PREFIX):
                return str(site / "no-such-file")
            return super().translate_path("/" + path.removeprefix(PREFIX))

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return PagesLike


@pytest.fixture(scope="module")
def pages_server(subpath_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(subpath_site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("missing", ["repo/no-such-page/", "repo/actors/nobody/at/all/"])
def test_the_404_page_is_styled_and_leads_back_under_a_sub_path(
    browser: Browser, pages_server: str, missing: str
) -> None:
    context = browser.new_context(service_workers="block")
    failed: list[str] = []
    try:
        # Only the local server: anything else would be a link out of the site.
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(pages_server)
                else route.abort("blockedbyclient")
            ),
        )
        page = context.new_page()
        page.on(
            "response",
            lambda r: (
                failed.append(r.url)
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )
        response = page.goto(f"{pages_server}/{missing}", wait_until="load")
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text() == "404 - Not found"
        # Material's stylesheet applied: its header bar is fixed-height and coloured.
        header = page.locator("header.md-header")
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"
        assert failed == []  # every stylesheet, script and icon loaded
        # The header's link to the home page leads to the site, not to another 404.
        page.locator("a.md-header__button.md-logo").click()
        page.wait_for_load_state("load")
        assert page.url == f"{pages_server}{PREFIX}"
        assert page.locator("h1").first.inner_text() == "News Wiki"
    finally:
        context.close()
