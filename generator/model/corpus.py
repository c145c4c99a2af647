"""The corpus: every article with its analysis, the unit pages and exports are made from."""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import ActorIndex, ActorProfile, TopicIndex, TopicProfile
from .records import Article, NearDuplicate, Rejection


@dataclass(slots=True, kw_only=True)
class Corpus:
    articles: list[Article]  # sorted by id
    rejected: list[Rejection]  # sorted by source
    actors: ActorIndex
    topics: TopicIndex
    duplicates: list[NearDuplicate] = field(default_factory=list)
    # What the actor and topic pages show, by id (analyze.profiles), gathered before writing.
    actor_profiles: dict[str, ActorProfile] = field(default_factory=dict)
    topic_profiles: dict[str, TopicProfile] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
