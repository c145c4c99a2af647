"""Normalize stage: a cleaner's extraction to an article record."""

from __future__ import annotations

import re
import unicodedata

from .clean.dedupe import dedupe_paragraphs
from .model.records import Article, Extraction, Removal
from .text.invisible import visible
from .text.patterns import space_runs
from .text.slugs import slugify

_SPACES = space_runs(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
_SENTENCE_CUT = re.compile(r"(?<=[.!?])\s|[,;:—–]\s")
MAX_INFERRED_TITLE = 90


def normalize_text(value: str) -> str:
    """NFC, no control, direction or zero-width characters, single spaces."""
    value = unicodedata.normalize("NFC", value)
    value = visible(_CONTROL.sub("", value))
    return _SPACES.sub(" ", value).strip()


def inferred_title(paragraphs: list[str]) -> str:
    """A readable title from the lead sentence, cut at a clause boundary."""
    lead = paragraphs[0] if paragraphs else "Untitled article"
    if len(lead) <= MAX_INFERRED_TITLE:
        return lead.rstrip(".")
    for match in _SENTENCE_CUT.finditer(lead):
        if 30 <= match.start() <= MAX_INFERRED_TITLE:
            candidate = lead[: match.start()].rstrip(".,;:—– ")
            if candidate:
                return candidate
    words = lead[:MAX_INFERRED_TITLE].rsplit(" ", 1)[0]
    return words.rstrip(".,;:—– ") + "…"


def normalize(extraction: Extraction, *, source: str) -> Article:
    """Clean text, paragraphs kept once (exact and near duplicates), a title, an id.

    The id is the title's slug; `link.assign_ids` makes it unique across the corpus.
    """
    removed = list(extraction.removed)
    paragraphs = [p for p in (normalize_text(p) for p in extraction.paragraphs) if p]
    # dedupe_paragraphs is idempotent: its own unchanged output needs no second pass.
    if not (extraction.deduplicated and paragraphs == extraction.paragraphs):
        paragraphs, dropped = dedupe_paragraphs(paragraphs)
        removed.extend(dropped)
    title = normalize_text(extraction.title or "")
    title_inferred = extraction.title_inferred
    if not title:
        title, title_inferred = inferred_title(paragraphs), True
    if paragraphs and normalize_text(paragraphs[0]) == title:
        # The headline line is the title, not the first paragraph.
        removed.append(Removal(text=paragraphs.pop(0), reason="headline kept as title"))
    return Article(
        id=slugify(title, fallback="article"),
        sources=[source],
        title=title,
        title_inferred=title_inferred,
        author=_clean_optional(extraction.author),
        published=_clean_optional(extraction.published),
        publisher=_clean_optional(extraction.publisher),
        url=_clean_optional(extraction.url),
        dateline=_clean_optional(extraction.dateline),
        paragraphs=paragraphs,
        removed=removed,
    )


def _clean_optional(value: str | None) -> str | None:
    if value is None:
        return None
    return normalize_text(value) or None
