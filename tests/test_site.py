"""End to end: the seeds become a site whose links, citations and search work."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import markdown
from bs4 import BeautifulSoup

from generator.commands.build import load_corpus
from generator.runtime.options import RunOptions
from generator.write.markup import heading_anchor
from generator.write.site import render_pages

from .cli import invoke
from .conftest import SEEDS, run_generator

CITATION = re.compile(r"^¶\d+$")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file an internal href points to, and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    target_url = urljoin(page_url, parts.path) if parts.path else page_url
    target = site / unquote(target_url).lstrip("/")
    if target_url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        cache[path] = {str(el["id"]) for el in soup.find_all(id=True)}
    return cache[path]


def test_every_internal_link_and_anchor_resolves(seeds_site: Path) -> None:
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in html_pages(seeds_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            resolved = resolve(seeds_site, page, str(a["href"]))
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{page.relative_to(seeds_site)}: {a['href']} (no file)")
            elif fragment and fragment not in ids_of(target, ids):
                broken.append(f"{page.relative_to(seeds_site)}: {a['href']} (no anchor)")
    assert broken == []


def test_citations_land_on_paragraph_anchors(seeds_site: Path) -> None:
    citations = 0
    for page in html_pages(seeds_site):
        rel = page.relative_to(seeds_site).as_posix()
        if not rel.startswith(("actors/", "topics/")):
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for a in soup.select("article a[href]"):
            if not CITATION.match(a.get_text(strip=True)):
                continue
            resolved = resolve(seeds_site, page, str(a["href"]))
            assert resolved is not None
            target, fragment = resolved
            assert "/articles/" in target.as_posix() and re.fullmatch(r"p\d+", fragment), a["href"]
            article = BeautifulSoup(target.read_text("utf-8"), "html.parser")
            paragraph = article.find(id=fragment)
            assert paragraph is not None and paragraph.name == "p", f"{rel}: {a['href']}"
            assert "article-paragraph" in paragraph.get("class", [])
            citations += 1
    assert citations > 0, "actor and topic pages cite no paragraph"


def test_article_pages_have_source_box_and_anchored_paragraphs(seeds_site: Path) -> None:
    articles = [p for p in (seeds_site / "articles").glob("*/index.html")]
    assert len(articles) == 5
    for page in articles:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        box = soup.select_one("article .admonition")
        assert box is not None and "Original file" in box.get_text()
        paragraphs = soup.select("article p.article-paragraph")
        assert paragraphs, page
        assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, len(paragraphs) + 1)]


def test_search_index_contains_every_article_title(seeds_site: Path, tmp_path: Path) -> None:
    export = tmp_path / "corpus.json"
    assert invoke("export", "--seeds", SEEDS, "--out", export).returncode == 0
    titles = [a["title"] for a in json.loads(export.read_text("utf-8"))["articles"]]
    index = json.loads((seeds_site / "search" / "search_index.json").read_text("utf-8"))
    indexed = {BeautifulSoup(doc["title"], "html.parser").get_text() for doc in index["docs"]}
    assert len(titles) == 5
    missing = [t for t in titles if t not in indexed]
    assert missing == []


def test_search_has_no_entries_for_sections_it_leaves_out(seeds_site: Path) -> None:
    """Actor and topic sections are unsearched, headings included: no empty entries."""
    index = json.loads((seeds_site / "search" / "search_index.json").read_text("utf-8"))
    sections = [d for d in index["docs"] if d["location"].startswith(("actors/", "topics/"))]
    assert sections, "the seeds have actor and topic pages"
    assert [d["location"] for d in sections if "#" in d["location"]] == []
    # The headings are still there for readers, with the anchors Markdown gives them.
    page = BeautifulSoup(
        next((seeds_site / "actors").glob("*/index.html")).read_text("utf-8"), "html.parser"
    )
    toc = [a["href"] for a in page.select("nav.md-nav--secondary a.md-nav__link")]
    assert "#articles" in toc
    assert page.select_one("h2#articles") is not None


def test_actor_types_are_shown_but_not_indexed(seeds_site: Path) -> None:
    index = json.loads((seeds_site / "search" / "search_index.json").read_text("utf-8"))
    lists = [
        d["text"]
        for d in index["docs"]
        if d["location"].startswith("articles/") and d["location"].endswith("/#actors")
    ]
    assert lists and all("<li>" in text for text in lists)
    assert not any("(person)" in text or "(country)" in text for text in lists)
    page = next(p for p in html_pages(seeds_site) if p.parent.parent.name == "articles")
    section = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("h2#actors")
    assert section is not None
    listed = section.find_next("ul")
    assert listed is not None and "(country)" in listed.get_text()


def test_heading_anchors_are_those_of_markdown_headings() -> None:
    headings = ["What the articles say", "Appears with", "Key passages", "Actors most involved"]
    for heading in headings:
        converter = markdown.Markdown(extensions=["toc"])
        converter.convert(f"## {heading}")
        assert converter.toc_tokens[0]["id"] == heading_anchor(heading)  # type: ignore[attr-defined]


def test_nav_lists_only_section_pages(seeds_site: Path) -> None:
    soup = BeautifulSoup((seeds_site / "index.html").read_text("utf-8"), "html.parser")
    nav_links = {str(a["href"]) for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert not any("articles/" in h and h.rstrip("/") != "articles" for h in nav_links), nav_links


def test_no_script_or_handler_from_inputs(seeds_site: Path) -> None:
    for page in html_pages(seeds_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        content = soup.select_one("article") or soup
        assert content.find(["script", "iframe", "object", "embed"]) is None, page
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (page, element.name, name)
                if name in ("href", "src"):
                    assert not str(value).strip().lower().startswith(("javascript:", "data:")), page


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(seeds_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_generator("build", "--seeds", SEEDS, "--site", again)
    assert result.returncode == 0, result.stderr
    first, second = tree_digest(seeds_site), tree_digest(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_build_does_not_touch_the_repository(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    before = {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}
    assert invoke("build", "--seeds", SEEDS, "--site", tmp_path / "s").returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}
    assert before == after


def test_review_lists_for_editors_are_in_the_build_output(seeds_site: Path) -> None:
    review = json.loads((seeds_site / "candidates.json").read_text("utf-8"))
    assert set(review) == {"actor_candidates", "topic_suggestions"}
    # The seeds' names are all explained; the phrases no topic covers are listed.
    assert review["actor_candidates"] == []
    assert "Russian troops" in review["topic_suggestions"]


def test_small_corpora_index_article_text_large_ones_only_names(seeds_site: Path) -> None:
    index = json.loads((seeds_site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("articles/"))
    # A phrase from an article body, not from any title or name.
    assert "leading military spenders" in text
    corpus = load_corpus(RunOptions(seeds_dir=SEEDS, cache_dir=None))
    template = "# Home\n"
    small = render_pages(corpus, home_template=template)
    large = render_pages(corpus, home_template=template, full_text_search=False)
    page = next(p for p in small if p.startswith("articles/") and not p.endswith("index.md"))
    assert 'class="article-paragraph" data-search-exclude' not in small[page]
    assert large[page].count('class="article-paragraph" data-search-exclude') > 0
