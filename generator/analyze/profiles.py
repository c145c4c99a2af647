"""What every actor and topic page shows, gathered before any page is written.

Gather, then write (mkdocs `build()`, pelican's `generate_context`): the
writers only format these records, and the export carries them too, so the
JSON and the site say the same thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..model.analysis import ActorIndex, ActorProfile, Passage, TopicIndex, TopicProfile
from ..model.records import Article, newest_first
from .actor_facts import Memo, co_actors, key_statements, quotes
from .topics.assign import actor_counts
from .topics.corroborate import topic_corroboration
from .topics.passages import key_passage


def actor_profiles(
    index: ActorIndex, topics: TopicIndex, articles: Mapping[str, Article]
) -> dict[str, ActorProfile]:
    """A profile for every actor (every actor has a page), by actor id."""
    known = {a.id for a in index.actors}
    names = {t.id: t.name for t in topics.topics}
    profiles: dict[str, ActorProfile] = {}
    memo: Memo = {}  # per-article work the actors share (actor_facts)
    for actor in index.actors:
        covered: Counter[str] = Counter()
        for article_id in actor.articles:
            article = articles.get(article_id)
            if article is not None:
                covered.update(t for t in dict.fromkeys(article.topics) if t in names)
        profiles[actor.id] = ActorProfile(
            actor_id=actor.id,
            statements=key_statements(actor, index=index, articles=articles, memo=memo),
            quotes=quotes(actor, index=index, articles=articles, memo=memo),
            co_actors=[(i, n) for i, n in co_actors(actor, index=index, memo=memo) if i in known],
            topics=sorted(covered.items(), key=lambda item: (-item[1], names[item[0]], item[0])),
        )
    return profiles


def topic_profiles(
    index: TopicIndex, actors: ActorIndex, articles: Mapping[str, Article]
) -> dict[str, TopicProfile]:
    """A profile for every topic that has articles (the others get no page), by topic id."""
    known = {a.id for a in actors.actors}
    profiles: dict[str, TopicProfile] = {}
    for topic in index.topics:
        if not topic.articles:
            continue
        own = newest_first(articles[a] for a in topic.articles if a in articles)
        counts = actor_counts(topic.id, index.assignments, actors)
        profiles[topic.id] = TopicProfile(
            topic_id=topic.id,
            passages=_passages(topic.id, own, index),
            corroboration=topic_corroboration(topic.id, index.assignments, articles),
            actors=[(a, n) for a, n in counts if a in known],
            related=_related(topic.id, index),
        )
    return profiles


def _passages(topic_id: str, own: Sequence[Article], index: TopicIndex) -> list[Passage]:
    found: list[Passage] = []
    for article in own:
        assigned = index.assignments.get(article.id)
        hits = [h for h in assigned.hits if h.topic_id == topic_id] if assigned else []
        passage = key_passage(article, hits)
        if passage is not None:
            paragraph, excerpt = passage
            found.append(Passage(article_id=article.id, paragraph=paragraph, text=excerpt))
    return found


def _related(topic_id: str, index: TopicIndex) -> list[tuple[str, int]]:
    """Other topics sharing articles with this one: most shared first, then by name."""
    mine = next(set(t.articles) for t in index.topics if t.id == topic_id)
    related = [
        (len(mine.intersection(other.articles)), other)
        for other in index.topics
        if other.id != topic_id
    ]
    related = [(n, other) for n, other in related if n]
    related.sort(key=lambda item: (-item[0], item[1].name, item[1].id))
    return [(other.id, n) for n, other in related]
