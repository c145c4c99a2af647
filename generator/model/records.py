"""Typed records passed between pipeline stages.

Every stage is a plain function from one of these records to the next; only
ingest (reading) and write/publish (writing) touch the file system.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["html", "text"]
ActorType = Literal["person", "organization", "country"]


@dataclass(slots=True, kw_only=True, frozen=True)
class RawDocument:
    """One seed file as read from disk, decoded."""

    source: str  # file name relative to the seeds directory
    data: bytes
    text: str
    encoding: str
    kind: DocumentKind
    # Metadata a contributor supplied with `add` (url, publisher, published).
    sidecar: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, frozen=True)
class Rejection:
    """An input that produced no article, and why. A value, never an exception."""

    source: str
    reason: str


@dataclass(slots=True, kw_only=True, frozen=True)
class Removal:
    """A block the cleaner dropped, kept so an editor can audit the decision."""

    text: str
    reason: str


@dataclass(slots=True, kw_only=True)
class Extraction:
    """What a cleaner makes of one document: body paragraphs plus metadata."""

    paragraphs: list[str]
    title: str | None = None
    title_inferred: bool = False
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD, only when printed in the page
    publisher: str | None = None
    url: str | None = None
    dateline: str | None = None
    removed: list[Removal] = field(default_factory=list)
    # The paragraphs are dedupe_paragraphs' output (the text-dump cleaner's last step).
    deduplicated: bool = False


@dataclass(slots=True, kw_only=True)
class Article:
    """A normalized article: deduplicated paragraphs and a stable id."""

    id: str
    sources: list[str]
    title: str
    title_inferred: bool
    author: str | None
    published: str | None
    publisher: str | None
    url: str | None
    dateline: str | None
    paragraphs: list[str]
    removed: list[Removal] = field(default_factory=list)
    # Filled by the analyze and link stages.
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    also_published_by: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, frozen=True)
class NearDuplicate:
    """A seed whose text is (mostly) another's: a syndicated or re-saved copy."""

    original: str  # key of the earlier document
    copy: str
    containment: float  # share of the copy's text found in the original


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones; ties by title, then id."""
    by_title = sorted(articles, key=lambda a: (a.title, a.id))
    dated = sorted(
        (a for a in by_title if a.published), key=lambda a: a.published or "", reverse=True
    )
    return dated + [a for a in by_title if not a.published]
