"""Adapters for the extraction benchmark's scorer (`evaluate.py --extractor`).

    python ../shared/bench/extraction/evaluate.py --extractor generator.clean.bench:html_body
    python ../shared/bench/extraction/evaluate.py --input textdump \
        --extractor generator.clean.bench:text_body
"""

from __future__ import annotations

from .html import extract_html
from .textdump import extract_text_dump


def html_body(doc: str, url: str | None = None) -> str:
    """Body text the HTML cleaner keeps, paragraphs separated by a blank line."""
    return "\n\n".join(extract_html(doc, url=url).paragraphs)


def text_body(doc: str) -> str:
    """Body text the text-dump cleaner keeps, paragraphs separated by a blank line."""
    return "\n\n".join(extract_text_dump(doc).paragraphs)
