"""The site as a reader uses it, in a real browser: search, follow links and citations,
read on a phone, with no errors, nothing loaded from elsewhere, and no serious
accessibility problem.

Runs Debian's Chromium through Playwright against the built seeds site served on
127.0.0.1 (fixtures in conftest.py). `UPDATE_SCREENSHOTS=1` also refreshes the
screenshots in docs/assets/screenshots/.
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import (
    AXE_JS,
    DESKTOP,
    MOBILE,
    SCREENSHOTS,
    PageLog,
    Reader,
    axe_skip_reason,
    browser_skip_reason,
    is_local,
)

if reason := browser_skip_reason():
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)

from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CITATION = re.compile(r"^¶(\d+)$")
ARTICLE_LINK = re.compile(r"/articles/([^/#?]+)/")
SERIOUS = {"serious", "critical"}


# --- what the built site contains (read from its files, not hard-coded) -------------


@dataclass
class EntityPage:
    path: str  # site path: "actors/volodymyr-zelenskyy/"
    name: str  # the page's <h1>
    articles: set[str] = field(default_factory=set)  # ids of the articles it links to
    citations: list[str] = field(default_factory=list)  # hrefs of its ¶N links, site paths


@dataclass
class SiteMap:
    actors: list[EntityPage]  # most articles first
    topics: list[EntityPage]
    articles: list[str]  # site paths "articles/<id>/"
    pages: set[str]  # every built page as a site path ("", "actors/", ...), 404 excluded

    def __repr__(self) -> str:
        return (
            f"<site: {len(self.pages)} pages, {len(self.actors)} actors, {len(self.topics)} topics>"
        )


def _entity(site: Path, html: Path) -> EntityPage:
    path = html.parent.relative_to(site).as_posix() + "/"
    soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    h1 = soup.select_one("article h1")
    page = EntityPage(path=path, name=h1.get_text(" ", strip=True) if h1 else "")
    for a in soup.select("article a[href]"):
        target = urlsplit(urljoin("/" + path, str(a["href"])))
        if match := ARTICLE_LINK.fullmatch(target.path):
            page.articles.add(match.group(1))
            if CITATION.match(a.get_text(strip=True)):
                page.citations.append(target.path.lstrip("/") + "#" + target.fragment)
    return page


@pytest.fixture(scope="session")
def site_map(seeds_site: Path) -> SiteMap:
    def entities(section: str) -> list[EntityPage]:
        files = sorted((seeds_site / section).glob("*/index.html"))
        return [_entity(seeds_site, f) for f in files]

    actors = sorted(entities("actors"), key=lambda e: (-len(e.articles), -len(e.citations), e.path))
    pages = {
        "" if f.parent == seeds_site else f.parent.relative_to(seeds_site).as_posix() + "/"
        for f in seeds_site.rglob("index.html")
    }
    articles = sorted(p for p in pages if ARTICLE_LINK.fullmatch("/" + p))
    return SiteMap(actors=actors, topics=entities("topics"), articles=articles, pages=pages)


@pytest.fixture(scope="session")
def top_actor(site_map: SiteMap) -> EntityPage:
    assert site_map.actors, "the seeds site has no actor pages"
    return site_map.actors[0]


def site_path(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


# --- search --------------------------------------------------------------------------


def search(page: Page, query: str) -> list[str]:
    """Open Material's search as a reader does (keyboard), type, return result site paths."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(query, delay=10)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible(timeout=10_000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    return [site_path(h) for h in hrefs]


def test_search_finds_the_most_covered_actor_and_opens_its_page(
    reader: Reader, page: Page, top_actor: EntityPage
) -> None:
    reader.open(page, "")
    found = search(page, top_actor.name)
    assert top_actor.path in found, f"search for {top_actor.name!r} lists {found}"
    articles = {m.group(1) for p in found if (m := ARTICLE_LINK.fullmatch("/" + p))}
    assert articles & top_actor.articles, (
        f"search for {top_actor.name!r} lists none of its articles "
        f"{sorted(top_actor.articles)}: {found}"
    )
    result = page.locator(f'.md-search-result__link[href*="{top_actor.path}"]').first
    result.click()
    page.wait_for_url(re.compile(re.escape(top_actor.path)))
    expect(page.locator("article h1")).to_have_text(top_actor.name)


def test_search_finds_zelenskyy(reader: Reader, page: Page, site_map: SiteMap) -> None:
    zelenskyy = [a for a in site_map.actors if "Zelenskyy" in a.name]
    assert zelenskyy, (
        "no actor page named Zelenskyy: he is in every seed article, so the actor "
        f"analysis missed him (actors: {[a.name for a in site_map.actors]})"
    )
    reader.open(page, "")
    found = search(page, "Zelenskyy")
    assert zelenskyy[0].path in found, f"search for 'Zelenskyy' lists {found}"


# --- following links and citations ----------------------------------------------------


def test_actor_link_in_an_article_opens_the_actor_page(
    reader: Reader, page: Page, top_actor: EntityPage
) -> None:
    article = sorted(top_actor.articles)[0]
    reader.open(page, f"articles/{article}/")
    link = page.locator(f'.article-paragraph a[href$="{top_actor.path}"]').first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(top_actor.path) + "$"))
    expect(page.locator("article h1")).to_have_text(top_actor.name)
    back = page.locator(f'article a[href*="/articles/{article}/"]')
    assert back.count() > 0, f"{top_actor.path} does not link back to the article {article}"


PARAGRAPH_STYLE = """el => {
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  return {background: s.backgroundColor, outline: `${s.outlineStyle} ${s.outlineColor}`,
          top: r.top, bottom: r.bottom, height: window.innerHeight,
          headerBottom: header ? header.getBoundingClientRect().bottom : 0,
          target: el.matches(':target')};
}"""


def deepest(citations: list[str]) -> str:
    """The citation of the furthest paragraph: the jump to it has to scroll."""
    return max(citations, key=lambda c: int(c.rsplit("#p", 1)[1]))


def assert_citation_lands(page: Page, source: EntityPage, citation: str) -> None:
    link = page.locator(f'article a[href$="{citation}"]').first
    expect(link).to_have_text(CITATION)
    link.click()
    page.wait_for_url(re.compile(re.escape(citation) + "$"))
    anchor = citation.rsplit("#", 1)[1]
    cited = page.locator(f"#{anchor}")
    expect(cited).to_have_class(re.compile(r"\barticle-paragraph\b"))
    page.wait_for_timeout(100)  # let the browser finish scrolling to the fragment
    marked = cited.evaluate(PARAGRAPH_STYLE)
    others = page.locator(f".article-paragraph:not(#{anchor})")
    assert others.count() > 0, f"{citation}: the article has only the cited paragraph"
    plain = others.first.evaluate(PARAGRAPH_STYLE)
    where = f"{source.path} -> {citation}"
    assert marked["target"], f"{where}: the cited paragraph is not the :target"
    assert (marked["background"], marked["outline"]) != (plain["background"], plain["outline"]), (
        f"{where}: the cited paragraph looks like any other ({marked} vs {plain})"
    )
    assert marked["headerBottom"] <= marked["top"] < marked["height"], (
        f"{where}: the cited paragraph is not visible below the header after the jump: {marked}"
    )


def test_citation_on_an_actor_page_opens_the_marked_paragraph(
    reader: Reader, page: Page, top_actor: EntityPage
) -> None:
    assert top_actor.citations, f"{top_actor.path} cites no paragraph"
    reader.open(page, top_actor.path)
    assert_citation_lands(page, top_actor, deepest(top_actor.citations))


def test_citation_on_a_topic_page_opens_the_marked_paragraph(
    reader: Reader, page: Page, site_map: SiteMap
) -> None:
    cited = [t for t in site_map.topics if t.citations]
    assert cited, (
        "no topic page cites a paragraph: "
        f"{[t.path for t in site_map.topics] or 'there are no topic pages'}"
    )
    topic = max(cited, key=lambda t: len(t.citations))
    reader.open(page, topic.path)
    assert_citation_lands(page, topic, deepest(topic.citations))


# --- every page: errors, requests, links, sideways scrolling --------------------------

SCROLL_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@dataclass
class Crawl:
    logs: dict[str, PageLog]  # site path -> what went wrong there
    links: dict[str, set[str]]  # internal URL without fragment -> pages linking to it
    external_links: set[str]
    too_wide: dict[str, list[str]]  # viewport name -> "page: scrollWidth > innerWidth"
    seconds: float

    def __repr__(self) -> str:  # pytest prints it above every failure
        return f"<crawl of {len(self.logs)} pages in {self.seconds:.1f} s>"


@pytest.fixture(scope="module")
def crawl(make_reader: Callable[..., Reader], site_url: str) -> Crawl:
    """Every page reachable from home, opened at 1280 px, then again at 375 px."""
    started = time.perf_counter()
    desktop = make_reader(DESKTOP)
    page = desktop.new_page()
    links: dict[str, set[str]] = {}
    external: set[str] = set()
    too_wide: dict[str, list[str]] = {"1280 px": [], "375 px": []}
    queue, seen = [site_url], {site_url}
    while queue:
        url = queue.pop(0)
        desktop.open(page, url)
        width, inner = page.evaluate(SCROLL_WIDTH)
        if width > inner:
            too_wide["1280 px"].append(f"{site_path(url) or '/'}: {width} > {inner}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urldefrag(href).url
            if not is_local(target, site_url):
                if target.startswith(("http:", "https:")):
                    external.add(target)
                continue
            links.setdefault(target, set()).add(site_path(url) or "/")
            if target not in seen and (target.endswith("/") or target.endswith(".html")):
                seen.add(target)
                queue.append(target)
    page.close()

    mobile = make_reader(MOBILE)
    page = mobile.new_page()
    for url in sorted(seen):
        mobile.open(page, url)
        width, inner = page.evaluate(SCROLL_WIDTH)
        if width > inner:
            too_wide["375 px"].append(f"{site_path(url) or '/'}: {width} > {inner}")
    page.close()
    desktop.close()
    mobile.close()

    logs: dict[str, PageLog] = {}
    for reader in (desktop, mobile):
        for url, log in reader.logs.items():
            merged = logs.setdefault(site_path(url), PageLog())
            for name in ("console_errors", "failed_requests", "external_requests", "requests"):
                getattr(merged, name).extend(getattr(log, name))
    return Crawl(logs, links, external, too_wide, time.perf_counter() - started)


def test_crawl_reaches_every_built_page(crawl: Crawl, site_map: SiteMap) -> None:
    unreachable = sorted(site_map.pages - set(crawl.logs) - {"404.html"})
    assert not unreachable, f"pages no link from home leads to: {unreachable}"
    assert len(crawl.logs) >= 10, f"the crawl found only {sorted(crawl.logs)}"


def by_problem(problems: dict[str, set[str]], title: str) -> str:
    """One line per problem with the pages it happened on (a few of them)."""
    lines = [title]
    for problem, pages in sorted(problems.items()):
        shown = ", ".join(sorted(p or "/" for p in pages)[:5])
        more = f" and {len(pages) - 5} more" if len(pages) > 5 else ""
        lines.append(f"  {problem}\n      on {len(pages)} page(s): {shown}{more}")
    return "\n".join(lines)


def test_no_page_has_console_errors_or_failed_requests(crawl: Crawl) -> None:
    problems: dict[str, set[str]] = {}
    origin = next(iter(crawl.links), "").split("/", 3)[:3]
    for path, log in crawl.logs.items():
        for problem in log.console_errors + [f"failed: {r}" for r in log.failed_requests]:
            problems.setdefault(problem.replace("/".join(origin), ""), set()).add(path)
    assert not problems, by_problem(problems, "console errors and failed requests:")


def test_nothing_is_loaded_from_outside_the_site(crawl: Crawl) -> None:
    external: dict[str, set[str]] = {}
    for path, log in crawl.logs.items():
        for url in log.external_requests:
            external.setdefault(url, set()).add(path)
    assert not external, by_problem(external, "requests to other hosts (self-host these):")
    assert sum(len(log.requests) for log in crawl.logs.values()) > len(crawl.logs)


def _status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_internal_link_answers_200(crawl: Crawl) -> None:
    broken = [
        f"{url} -> {status} (linked from {', '.join(sorted(pages)[:3])})"
        for url, pages in sorted(crawl.links.items())
        if (status := _status(url)) != 200
    ]
    assert not broken, "\n".join(["broken internal links:", *broken])


@pytest.mark.parametrize("viewport", ["375 px", "1280 px"])
def test_no_page_scrolls_sideways(crawl: Crawl, viewport: str) -> None:
    wide = crawl.too_wide[viewport]
    title = f"{len(wide)} page(s) wider than the {viewport} viewport (scrollWidth > innerWidth):"
    assert not wide, "\n  ".join([title, *wide[:20]])


def test_the_crawl_is_quick(crawl: Crawl) -> None:
    # Not a benchmark: a guard that the whole browser file stays well under two minutes.
    assert crawl.seconds < 60, f"crawling {len(crawl.logs)} pages took {crawl.seconds:.0f} s"


# --- accessibility (axe-core) ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample(site_map: SiteMap, top_actor: EntityPage) -> dict[str, str]:
    """One page of each kind a reader sees: name -> site path."""
    assert site_map.topics, "the seeds site has no topic pages"
    topic = max(site_map.topics, key=lambda t: (len(t.citations), t.path))
    return {
        "home": "",
        "article": f"articles/{sorted(top_actor.articles)[0]}/",
        "actor": top_actor.path,
        "topic": topic.path,
    }


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:3])
    more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} at {where}{more}"


@pytest.mark.parametrize("kind", ["home", "article", "actor", "topic"])
def test_no_serious_accessibility_violation(
    reader: Reader, page: Page, sample: dict[str, str], kind: str
) -> None:
    if reason := axe_skip_reason():
        pytest.skip(reason)
    reader.open(page, sample[kind])
    violations = run_axe(page)
    serious = [describe(v) for v in violations if v["impact"] in SERIOUS]
    assert not serious, "\n".join([f"axe on {kind} page /{sample[kind]}:", *serious])


# --- screenshots for the docs (only when asked) ---------------------------------------


@pytest.mark.skipif(
    os.environ.get("UPDATE_SCREENSHOTS") != "1", reason="set UPDATE_SCREENSHOTS=1 to refresh"
)
@pytest.mark.parametrize("kind", ["home", "article", "actor", "topic"])
def test_update_screenshots(reader: Reader, page: Page, sample: dict[str, str], kind: str) -> None:
    reader.open(page, sample[kind])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{kind}.png"
    page.screenshot(path=str(target), full_page=False, animations="disabled", caret="hide")
    assert target.stat().st_size > 0
