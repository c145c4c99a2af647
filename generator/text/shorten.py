"""Cutting text to a length for display, at a word boundary."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """Whitespace folded; longer than `limit`: cut at the last whole word, " …" added."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
