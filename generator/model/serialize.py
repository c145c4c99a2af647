"""Per-article records to and from plain JSON values (for the cache and workers).

Written out field by field rather than with `dataclasses.asdict`, which deep-
copies every value and was a tenth of a 10,000-article build; the JSON shape
is the same. `tests/test_scale.py` checks the round trip.
"""

from __future__ import annotations

from typing import Any

from .analysis import ArticleActors, ArticleTopics, Mention, TopicHit
from .export import article_record, removal_records
from .records import Article, Rejection, Removal


def article_to_json(article: Article) -> dict[str, Any]:
    # The export's record plus what a cached article also needs: its audit trail.
    return {**article_record(article), "removed": removal_records(article.removed)}


def outcome_to_json(outcome: Article | Rejection) -> dict[str, Any]:
    if isinstance(outcome, Rejection):
        return {"rejection": {"source": outcome.source, "reason": outcome.reason}}
    return {"article": article_to_json(outcome)}


def outcome_from_json(data: dict[str, Any]) -> Article | Rejection:
    if "rejection" in data:
        return Rejection(**data["rejection"])
    fields = dict(data["article"])
    fields["removed"] = [Removal(**r) for r in fields["removed"]]
    return Article(**fields)


def analysis_to_json(actors: ArticleActors, topics: ArticleTopics) -> dict[str, Any]:
    return {
        "actors": {
            "article_id": actors.article_id,
            "mentions": [
                {
                    "actor_id": m.actor_id,
                    "paragraph": m.paragraph,
                    "start": m.start,
                    "end": m.end,
                    "surface": m.surface,
                }
                for m in actors.mentions
            ],
            "roles": {k: list(v) for k, v in actors.roles.items()},
            "candidates": [[name, reason] for name, reason in actors.candidates],
        },
        "topics": {
            "article_id": topics.article_id,
            "hits": [
                {
                    "topic_id": h.topic_id,
                    "paragraph": h.paragraph,
                    "rule": h.rule,
                    "matched": h.matched,
                }
                for h in topics.hits
            ],
            "topics": list(topics.topics),
            "phrase_spellings": topics.phrase_spellings,
            "phrase_names": topics.phrase_names,
        },
    }


def analysis_from_json(data: dict[str, Any]) -> tuple[ArticleActors, ArticleTopics]:
    a = data["actors"]
    actors = ArticleActors(
        article_id=a["article_id"],
        mentions=[Mention(**m) for m in a["mentions"]],
        roles={k: list(v) for k, v in a["roles"].items()},
        candidates=[(name, reason) for name, reason in a["candidates"]],
    )
    t = data["topics"]
    topics = ArticleTopics(
        article_id=t["article_id"],
        hits=[TopicHit(**h) for h in t["hits"]],
        topics=list(t["topics"]),
        phrase_spellings=t.get("phrase_spellings"),
        phrase_names=t.get("phrase_names"),
    )
    return actors, topics
