"""Clean stage: one raw document to its article body and metadata."""

from __future__ import annotations

from ..model.records import Extraction, RawDocument, Rejection
from .html import extract_html
from .textdump import extract_text_dump

MIN_BODY_WORDS = 40  # below this a "body" is chrome or a stub, not an article


def clean_document(raw: RawDocument, *, audit: bool = True) -> Extraction | Rejection:
    """Clean one decoded document; a document with no article body is rejected.

    `audit=False`: the text-dump cleaner need not say why it dropped each block.
    """
    if raw.kind == "html":
        extraction = extract_html(raw.text, url=raw.sidecar.get("url"))
    else:
        extraction = extract_text_dump(raw.text, audit=audit)
    words = sum(len(p.split()) for p in extraction.paragraphs)
    if words < MIN_BODY_WORDS:
        return Rejection(
            source=raw.source,
            reason=f"no article body found ({words} words of text after cleaning)",
        )
    for key in ("url", "publisher", "published"):
        value = raw.sidecar.get(key)
        if value:
            setattr(extraction, key, value)
    return extraction


__all__ = ["MIN_BODY_WORDS", "clean_document", "extract_html", "extract_text_dump"]
