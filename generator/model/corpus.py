"""The corpus: every article with its analysis, the unit pages and exports are made from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..link import NearDuplicate
from .analysis import ActorIndex, TopicIndex
from .records import Article, Rejection


@dataclass(slots=True, kw_only=True)
class Corpus:
    articles: list[Article]  # sorted by id
    rejected: list[Rejection]  # sorted by source
    actors: ActorIndex
    topics: TopicIndex
    duplicates: list[NearDuplicate] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
