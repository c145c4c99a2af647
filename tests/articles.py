"""Article records for tests: one builder, and the five seeds' judged bodies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model.records import Article

DATA = Path(__file__).parent / "data"


def make_article(
    *paragraphs: str, article_id: str = "a1", title: str = "T", **fields: Any
) -> Article:
    """An article with these paragraphs; other fields default to empty (override by name)."""
    values: dict[str, Any] = {
        "id": article_id,
        "sources": [f"{article_id}.txt"],
        "title": title,
        "title_inferred": False,
        "author": None,
        "published": None,
        "publisher": None,
        "url": None,
        "dateline": None,
        "paragraphs": list(paragraphs),
    }
    values.update(fields)
    return Article(**values)


def seed_articles() -> list[Article]:
    """The five seeds' body paragraphs (tests/data/seed_paragraphs.yaml) as articles seed-NNN."""
    data = yaml.safe_load((DATA / "seed_paragraphs.yaml").read_text(encoding="utf-8"))
    return [
        make_article(
            *seed["paragraphs"],
            article_id=f"seed-{seed['source'][:3]}",
            title=seed["title"],
            sources=[seed["source"]],
            title_inferred=seed["title_inferred"],
            author=seed["author"],
        )
        for seed in data["seeds"]
    ]
