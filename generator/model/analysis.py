"""Records produced by the analyze stage and consumed by link and write.

Paragraph indices are 0-based positions in `Article.paragraphs`; pages show
and anchor them 1-based (`#p1` is paragraph 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import ActorType


@dataclass(slots=True, kw_only=True, frozen=True)
class Mention:
    """One occurrence of an actor in an article paragraph."""

    actor_id: str
    paragraph: int
    start: int  # character offsets into the paragraph text
    end: int
    surface: str  # the text as written ("Zelensky", "the Ukrainian leader")


@dataclass(slots=True, kw_only=True)
class ArticleActors:
    """Per-article result of actor extraction: cacheable, independent of other articles."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    # Role phrases the article binds to an actor ("German Defense Minister").
    roles: dict[str, list[str]] = field(default_factory=dict)
    # Names found but not trusted enough for a page: (surface, reason).
    candidates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Actor:
    id: str
    name: str
    type: ActorType
    aliases: list[str] = field(default_factory=list)
    # The aliases the articles actually use (a subset: the registry knows more).
    spellings: list[str] = field(default_factory=list)
    description: str | None = None
    articles: list[str] = field(default_factory=list)  # article ids, sorted


@dataclass(slots=True, kw_only=True)
class Candidate:
    """An uncertain actor or merge for editors to review; never a page."""

    name: str
    reason: str
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ActorIndex:
    actors: list[Actor]  # sorted by id
    mentions: dict[str, list[Mention]]  # article id -> mentions, in text order
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, frozen=True)
class TopicHit:
    """A topic rule that matched a paragraph: the explanation for an assignment."""

    topic_id: str
    paragraph: int
    rule: str  # the rule or phrase from the taxonomy that matched
    matched: str  # the text it matched


@dataclass(slots=True, kw_only=True)
class ArticleTopics:
    article_id: str
    hits: list[TopicHit] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # article-level assignments
    # The article's phrases for the editors' suggestions (phrases.article_phrases),
    # read with the rest of the analysis; None when not read.
    phrase_spellings: dict[str, dict[str, int]] | None = None
    phrase_names: list[str] | None = None


@dataclass(slots=True, kw_only=True)
class Topic:
    id: str
    name: str
    description: str
    articles: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class TopicIndex:
    topics: list[Topic]  # taxonomy order
    assignments: dict[str, ArticleTopics]  # article id -> hits and topics
    suggestions: list[str] = field(default_factory=list)  # uncovered recurring phrases
