"""Plain-text dump cleaning (first version; see issue 3)."""

from __future__ import annotations

from ..records import Extraction


def extract_text_dump(text: str) -> Extraction:
    """Body paragraphs of a text dump: every non-empty line, first one as title."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Extraction(paragraphs=lines)
