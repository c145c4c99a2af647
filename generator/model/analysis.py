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
    wikidata: str | None = None  # the registry's Wikidata item id ("Q42"), if any


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


# --- What pages show, computed before any page is written (pipeline.gather_profiles) ---


@dataclass(slots=True, kw_only=True, frozen=True)
class Fact:
    """A sentence or quote about an actor, with the paragraph it came from."""

    article_id: str
    paragraph: int  # 0-based, as in Article.paragraphs
    text: str


_LABEL_MEASURE = {"killed": "killed", "wounded": "wounded", "captured": "captured",
                  "deployed": "deployed"}  # fmt: skip


@dataclass(slots=True, kw_only=True, frozen=True)
class Claim:
    article_id: str
    paragraph: int  # 0-based
    value: float
    figure: str  # as written, with its hedge: "approximately 12,300", "exceeded 10,000"
    subject: str  # "North Korean troops", "civilians"
    measure: str  # killed | wounded | captured | deployed
    period: str  # "" for a running total, else as written: "from September to November"
    sentence: str

    @property
    def label(self) -> str:
        label = f"{self.subject} {_LABEL_MEASURE[self.measure]}"
        label = label[0].upper() + label[1:]
        return f"{label} ({self.period})" if self.period else label


@dataclass(slots=True, kw_only=True)
class CorroboratedClaim:
    label: str
    figure: str  # the plain number, as most often written
    claims: list[Claim]

    @property
    def sources(self) -> int:
        return len({c.article_id for c in self.claims})


@dataclass(slots=True, kw_only=True)
class DifferingFigures:
    label: str
    figures: list[tuple[str, list[Claim]]]  # (number as written, its claims), smallest first


@dataclass(slots=True, kw_only=True)
class Corroboration:
    corroborated: list[CorroboratedClaim] = field(default_factory=list)
    differing: list[DifferingFigures] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, frozen=True)
class Passage:
    """The sentences of one article's paragraph that carry a topic."""

    article_id: str
    paragraph: int  # 0-based
    text: str  # trimmed to its best sentences ("…" where sentences were skipped)


@dataclass(slots=True, kw_only=True)
class ActorProfile:
    """Everything an actor's page shows beyond the actor record itself."""

    actor_id: str
    statements: list[Fact] = field(default_factory=list)  # best first
    quotes: list[Fact] = field(default_factory=list)  # article and paragraph order
    co_actors: list[tuple[str, int]] = field(default_factory=list)  # (actor id, shared articles)
    topics: list[tuple[str, int]] = field(default_factory=list)  # (topic id, articles)


@dataclass(slots=True, kw_only=True)
class TopicProfile:
    """Everything a topic's page shows beyond the topic record itself."""

    topic_id: str
    passages: list[Passage] = field(default_factory=list)  # newest article first
    corroboration: Corroboration = field(default_factory=Corroboration)
    actors: list[tuple[str, int]] = field(default_factory=list)  # (actor id, mentions)
    related: list[tuple[str, int]] = field(default_factory=list)  # (topic id, shared articles)
