"""The one JSON shape: the export contract (DESIGN.md) and the per-article cache records.

`corpus_to_dict` is the export. The cache and the worker processes carry the
same article record (`article_record`, plus its audit trail) and the per-
article analysis, written out field by field rather than with
`dataclasses.asdict`, which deep-copies every value and was a tenth of a
10,000-article build. `tests/test_scale.py` checks the round trip.
"""

from __future__ import annotations

import json
from typing import Any

from .analysis import (
    ActorProfile,
    ArticleActors,
    ArticleTopics,
    Claim,
    Mention,
    TopicHit,
    TopicProfile,
)
from .corpus import Corpus
from .records import Article, Rejection, Removal


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
                "wikidata": actor.wikidata,
                "articles": list(actor.articles),
                **actor_profile_record(corpus.actor_profiles.get(actor.id)),
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
                **topic_profile_record(corpus.topic_profiles.get(topic.id)),
            }
            for topic in corpus.topics.topics
        ],
        "rejected": rejected_records(corpus),
        "merged": [
            {"source": d.copy, "into": d.original, "shared": round(d.containment, 3)}
            for d in corpus.duplicates
        ],
        **review_records(corpus),
    }


def rejected_records(corpus: Corpus) -> list[dict[str, str]]:
    return [{"source": r.source, "reason": r.reason} for r in corpus.rejected]


def review_records(corpus: Corpus) -> dict[str, Any]:
    """What editors review: names that got no page, phrases no topic covers."""
    return {
        "actor_candidates": [
            {"name": c.name, "reason": c.reason, "articles": list(c.articles)}
            for c in corpus.actors.candidates
        ],
        "topic_suggestions": list(corpus.topics.suggestions),
    }


def _cited(article_id: str, paragraph: int, text: str) -> dict[str, Any]:
    return {"article": article_id, "paragraph": paragraph + 1, "text": text}


def actor_profile_record(profile: ActorProfile | None) -> dict[str, Any]:
    """What the actor's page shows, beyond the contract's fields (paragraphs 1-based)."""
    if profile is None:
        return {}
    return {
        "statements": [_cited(f.article_id, f.paragraph, f.text) for f in profile.statements],
        "quotes": [_cited(f.article_id, f.paragraph, f.text) for f in profile.quotes],
        "appears_with": [{"actor": a, "articles": n} for a, n in profile.co_actors],
        "topics": [{"topic": t, "articles": n} for t, n in profile.topics],
    }


def _claim_record(claim: Claim) -> dict[str, Any]:
    return {
        **_cited(claim.article_id, claim.paragraph, claim.sentence),
        "figure": claim.figure,
        "value": claim.value,
    }


def topic_profile_record(profile: TopicProfile | None) -> dict[str, Any]:
    """What the topic's page shows, beyond the contract's fields (paragraphs 1-based)."""
    if profile is None:
        return {}
    found = profile.corroboration
    return {
        "key_passages": [_cited(p.article_id, p.paragraph, p.text) for p in profile.passages],
        "corroboration": {
            "corroborated": [
                {
                    "label": c.label,
                    "figure": c.figure,
                    "sources": c.sources,
                    "claims": [_claim_record(x) for x in c.claims],
                }
                for c in found.corroborated
            ],
            "differing": [
                {
                    "label": d.label,
                    "figures": [
                        {"figure": figure, "claims": [_claim_record(x) for x in claims]}
                        for figure, claims in d.figures
                    ],
                }
                for d in found.differing
            ],
        },
        "actors_most_involved": [{"actor": a, "mentions": n} for a, n in profile.actors],
        "related_topics": [{"topic": t, "shared_articles": n} for t, n in profile.related],
    }


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys are not used, the field order is the contract's."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- Per-article records to and from JSON values (cache, workers) ---------------------------


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
