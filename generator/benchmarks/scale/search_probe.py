"""How long the first search takes in a real browser: headless Chromium over the built site.

The site is served from 127.0.0.1; Chromium (Debian's, `/usr/bin/chromium` or
$CHROMIUM, never downloaded) opens the home page and a reader types a query at
once, as someone who came to search would. Reported: seconds from navigation
to the first result on screen (this includes downloading and loading the
search index), and from the last keystroke to the first result; the median of
a few runs, each in a new browser, since a shared machine makes single runs
noisy.
Playwright is a development dependency; without it this raises UserError.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ...errors import UserError

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
TIMEOUT_MS = 60_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_search(site: Path, query: str, *, repeat: int = 3) -> dict[str, Any]:
    """The first search, `repeat` times, each in a fresh browser; the median and every run."""
    # Its own thread: Playwright's sync API refuses a thread with a running event
    # loop (a notebook, or a test session that already drives a browser).
    with ThreadPoolExecutor(max_workers=1) as thread:
        runs = [thread.submit(_first_search_once, site, query).result() for _ in range(repeat)]
    ordered = sorted(runs, key=lambda r: float(r["from_navigation_s"]))
    middle = ordered[len(ordered) // 2]
    return {
        **middle,
        "runs_from_navigation_s": [r["from_navigation_s"] for r in runs],
        "index_mb": round((site / "search" / "search_index.json").stat().st_size / 1e6, 2),
    }


def _first_search_once(site: Path, query: str) -> dict[str, Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise UserError("--search-browser needs Playwright (a development dependency)") from exc
    if not CHROMIUM.exists():
        raise UserError(f"--search-browser needs Chromium at {CHROMIUM} (set CHROMIUM)")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = browser.new_page()
                url = f"http://127.0.0.1:{server.server_address[1]}/"
                started = time.perf_counter()
                page.goto(url, wait_until="domcontentloaded")
                loaded = time.perf_counter()
                page.keyboard.press("/")
                box = page.locator("input.md-search__input")
                box.press_sequentially(query)
                typed = time.perf_counter()
                results = page.locator(".md-search-result__item")
                results.first.wait_for(state="visible", timeout=TIMEOUT_MS)
                answered = time.perf_counter()
                count = results.count()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "query": query,
        "page_load_s": round(loaded - started, 2),
        "from_navigation_s": round(answered - started, 2),
        "after_typing_s": round(answered - typed, 2),
        "results_shown": count,
    }
