"""Per-article records to and from plain JSON values (for the cache and workers)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .analyze.model import ArticleActors, ArticleTopics, Mention, TopicHit
from .records import Article, Rejection, Removal


def outcome_to_json(outcome: Article | Rejection) -> dict[str, Any]:
    if isinstance(outcome, Rejection):
        return {"rejection": asdict(outcome)}
    return {"article": asdict(outcome)}


def outcome_from_json(data: dict[str, Any]) -> Article | Rejection:
    if "rejection" in data:
        return Rejection(**data["rejection"])
    fields = dict(data["article"])
    fields["removed"] = [Removal(**r) for r in fields["removed"]]
    return Article(**fields)


def analysis_to_json(actors: ArticleActors, topics: ArticleTopics) -> dict[str, Any]:
    return {"actors": asdict(actors), "topics": asdict(topics)}


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
    )
    return actors, topics
