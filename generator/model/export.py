"""The normalized corpus as JSON (the export contract in DESIGN.md)."""

from __future__ import annotations

import json
from typing import Any

from .analysis import ArticleTopics, TopicHit
from .corpus import Corpus
from .records import Article, Removal


def article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "sources": list(article.sources),
        "title": article.title,
        "title_inferred": article.title_inferred,
        "author": article.author,
        "published": article.published,
        "publisher": article.publisher,
        "url": article.url,
        "dateline": article.dateline,
        "also_published_by": list(article.also_published_by),
        "paragraphs": list(article.paragraphs),
        "actors": list(article.actors),
        "topics": list(article.topics),
    }


def removal_records(removed: list[Removal]) -> list[dict[str, str]]:
    return [{"text": r.text, "reason": r.reason} for r in removed]


def hit_records(hits: list[TopicHit]) -> list[dict[str, Any]]:
    return [
        {"topic": h.topic_id, "paragraph": h.paragraph + 1, "rule": h.rule, "matched": h.matched}
        for h in hits
    ]


def corpus_to_dict(corpus: Corpus) -> dict[str, Any]:
    return {
        "articles": [article_record(a) for a in corpus.articles],
        "actors": [
            {
                "id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "aliases": list(actor.aliases),
                "description": actor.description,
                "articles": list(actor.articles),
            }
            for actor in corpus.actors.actors
        ],
        "topics": [
            {
                "id": topic.id,
                "name": topic.name,
                "description": topic.description,
                "articles": list(topic.articles),
                "actors": list(topic.actors),
            }
            for topic in corpus.topics.topics
        ],
        "rejected": [{"source": r.source, "reason": r.reason} for r in corpus.rejected],
        "merged": [
            {"source": d.copy, "into": d.original, "shared": round(d.containment, 3)}
            for d in corpus.duplicates
        ],
        "actor_candidates": [
            {"name": c.name, "reason": c.reason, "articles": list(c.articles)}
            for c in corpus.actors.candidates
        ],
        "topic_suggestions": list(corpus.topics.suggestions),
    }


def explain_topics(assignment: ArticleTopics | None) -> list[dict[str, Any]]:
    return hit_records(assignment.hits) if assignment else []


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys are not used, the field order is the contract's."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
