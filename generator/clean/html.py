"""HTML cleaning with trafilatura (first version; see issue 3)."""

from __future__ import annotations

import trafilatura

from ..records import Extraction


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Main text and metadata of an HTML page."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    if doc is None:
        return Extraction(paragraphs=[])
    text = doc.text or ""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    return Extraction(
        paragraphs=paragraphs,
        title=doc.title or None,
        author=doc.author or None,
        published=doc.date or None,
        publisher=doc.sitename or None,
        url=doc.url or url,
    )
