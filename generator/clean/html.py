"""HTML cleaning: trafilatura for the body, its metadata helpers, then our chrome filter.

Measured on the extraction benchmark (../shared/bench/extraction, see
tests/test_extraction_quality_html.py): trafilatura's precision mode is the
best single setting, but it sometimes keeps the wrong block (a print-rights
notice instead of the story); those pages come back short, and the balanced
mode finds the story. The chrome filter (html_chrome.py) then drops what
publishers put inside the article container around the story.

trafilatura's cascade runs its own extractor, then readability and justext to
second-guess it. That second guess is 60% of the precision mode's time. On the
benchmark it changed the result on six pages: on five, trafilatura's own
extractor had come back with under 60 words; on the sixth it replaced the
whole story (143 words) with 683 words of the page. So the full cascade runs
only after a short result (`_body`): F1 0.975 -> 0.978, and faster than
trafilatura's default settings.
"""

from __future__ import annotations

import re
from contextlib import suppress
from copy import copy
from datetime import date

import trafilatura
from htmldate import find_date
from lxml.etree import LxmlError  # type: ignore[import-untyped]  # no stubs installed
from lxml.html import HtmlElement  # type: ignore[import-untyped]
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, Extractor
from trafilatura.utils import load_html

from ..model.records import Extraction, Removal
from ..text.patterns import space_runs
from .html_bounds import bound_tree
from .html_chrome import strip_chrome, words
from .textdump_meta import find_dateline

# Below this many words the precision run probably kept the wrong block; the
# balanced run is tried too and wins when it finds more. An article body is
# longer than this (clean.MIN_BODY_WORDS is 40).
SHORT_BODY_WORDS = 60
# Pages larger than this are cut before parsing: no article is this long, and
# lxml's time and memory grow with the page (the 25 MB hostile fixture).
MAX_HTML_CHARS = 5_000_000

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_BY = re.compile(r"^\s*(?:written\s+|posted\s+|words\s+)?by[:\s]+", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SPACE = space_runs(r"\s")


# trafilatura raises ValueError for a page it cannot parse; lxml raises its
# own errors (and ValueError for some unparseable strings), and both can hit
# the recursion limit on absurdly deep trees. A bad page must become an empty
# Extraction, never stop the build.
_EXTRACTION_ERRORS = (ValueError, LxmlError, RecursionError)


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Main text and metadata of an HTML page; empty paragraphs when there is no body."""
    tree = _parse(html[:MAX_HTML_CHARS])
    if tree is None:
        return Extraction(paragraphs=[], url=url)
    bound_tree(tree)  # spans and attributes cannot multiply trafilatura's work
    meta = _metadata(tree, url)
    paragraphs = _body(tree, url=meta.url or url)

    publisher = _collapse(meta.sitename)
    title = strip_site_suffix(meta.title, publisher)
    titles = [t for t in (title, _collapse(meta.title)) if t]
    kept, dropped = strip_chrome(paragraphs, titles)
    return Extraction(
        paragraphs=kept,
        title=title,
        author=clean_author(meta.author, publisher),
        published=_date(meta.date),
        publisher=publisher,
        url=meta.url or url,
        dateline=find_dateline(kept[0]) if kept else None,
        removed=[Removal(text=text, reason=reason) for text, reason in dropped],
    )


def _parse(html: str) -> HtmlElement | None:
    if not html.strip():
        return None
    try:
        tree = load_html(html)
    except _EXTRACTION_ERRORS:
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura.extract_metadata without categories, tags and license.

    Those three cost about a third of the metadata time and the record has no
    place for them; the rest follows extract_metadata in trafilatura 2.3.1.
    """
    try:
        meta = examine_meta(tree)
        if meta.author and " " not in meta.author:
            meta.author = None  # a single token is a handle or the site, not a byline
        # Malformed JSON-LD must not cost the rest of the metadata;
        # trafilatura's own extract_metadata swallows every error here.
        with suppress(ValueError, TypeError, KeyError, AttributeError):
            meta = extract_meta_json(tree, meta)
        meta.title = meta.title or extract_title(tree)
        meta.author = meta.author or extract_author(tree)
        meta.url = meta.url or extract_url(tree, url)
        # Only markup dates (meta tags, JSON-LD, <time>, the URL): htmldate's
        # extensive search guesses from free text and links to other stories,
        # which the record must not present as a fact.
        meta.date = find_date(
            tree,
            url=meta.url,
            original_date=True,
            extensive_search=False,
            max_date=date.today().isoformat(),
        )
        meta.sitename = meta.sitename or extract_sitename(tree)
        if meta.sitename:
            meta.sitename = meta.sitename.lstrip("@")
        elif meta.url and (match := META_URL.match(meta.url)):
            meta.sitename = match[1]
        meta.clean_and_trim()
    except _EXTRACTION_ERRORS:
        return Document()
    return meta


def _extractor(*, precision: bool, fast: bool) -> Extractor:
    """trafilatura's settings for one mode of `_run`, without a URL."""
    return Extractor(
        output_format="python",
        precision=precision,
        # fast: trafilatura's own extractor only, without the readability and
        # justext comparison.
        fast=fast,
        comments=False,
        # Tables hold real article text (results, figures): +0.007 F1.
        tables=True,
        with_metadata=False,
    )


# Building an Extractor reads trafilatura's configuration (configparser), a
# few percent of cleaning a page; `_run` copies one of these instead. The
# copy gets the page's URL; nothing else in them depends on the page.
_EXTRACTORS = {
    (precision, fast): _extractor(precision=precision, fast=fast)
    for precision in (False, True)
    for fast in (False, True)
}


def _run(tree: HtmlElement, url: str | None, *, precision: bool, fast: bool) -> list[str]:
    options = copy(_EXTRACTORS[precision, fast])
    # What Extractor(url=url) sets: the URL, and the same as the name it logs.
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    try:
        # bare_extraction prunes the tree it gets; it copies a tree it did not parse.
        doc = trafilatura.bare_extraction(tree, options=options)
    except _EXTRACTION_ERRORS:
        return []
    text = getattr(doc, "text", None) or ""
    # trafilatura's txt output puts each block (paragraph, heading, list item,
    # table row) on its own line.
    return [line for line in (_collapse(raw) for raw in text.split("\n")) if line]


def _body(tree: HtmlElement, url: str | None) -> list[str]:
    paragraphs = _run(tree, url, precision=True, fast=True)
    if not _is_short(paragraphs):
        return paragraphs
    # Short: trafilatura's own extractor may have kept the wrong block, which is
    # what its readability/justext comparison is for.
    paragraphs = _run(tree, url, precision=True, fast=False)
    if _is_short(paragraphs):
        balanced = _run(tree, url, precision=False, fast=False)
        if _word_count(balanced) > 2 * _word_count(paragraphs):
            return balanced
    return paragraphs


def _is_short(paragraphs: list[str]) -> bool:
    """Fewer than SHORT_BODY_WORDS words; counts only as far as it needs to."""
    count = 0
    for paragraph in paragraphs:
        count += len(words(paragraph))
        if count >= SHORT_BODY_WORDS:
            return False
    return True


def _word_count(paragraphs: list[str]) -> int:
    return sum(len(words(p)) for p in paragraphs)


def _collapse(value: str | None) -> str | None:
    if not value:
        return None
    return _SPACE.sub(" ", value).strip() or None


def strip_site_suffix(raw: str | None, publisher: str | None) -> str | None:
    """The headline without a trailing " | Site Name" when that is the publisher."""
    title = _collapse(raw)
    if title is None or publisher is None:
        return title
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    # Cut at the last separator only, so "Talks: What Next | Site" keeps its colon.
    last = separators[-1]
    if words(title[last.end() :]) == words(publisher) and title[: last.start()].strip():
        return title[: last.start()].strip()
    return title


def clean_author(raw: str | None, publisher: str | None) -> str | None:
    """A byline name: no "By", spaces collapsed, and not the site's own name."""
    author = _collapse(raw)
    if author is None:
        return None
    author = _BY.sub("", author).strip(" ,;|") or None
    if author is None:
        return None
    if publisher and words(author) == words(publisher):
        return None  # "By Reuters" on reuters.com is a site name, not a byline
    return author


def _date(raw: str | None) -> str | None:
    """YYYY-MM-DD of a real calendar date, else None."""
    match = _ISO_DATE.match(raw or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None
