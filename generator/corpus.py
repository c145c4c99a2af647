"""The corpus: every article with its analysis, the unit pages and exports are made from."""

from __future__ import annotations

from dataclasses import dataclass, field

from .analyze.model import ActorIndex, TopicIndex
from .link import NearDuplicate
from .records import Article, Rejection


@dataclass(slots=True, kw_only=True)
class Corpus:
    articles: list[Article]  # sorted by id
    rejected: list[Rejection]  # sorted by source
    actors: ActorIndex
    topics: TopicIndex
    duplicates: list[NearDuplicate] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
