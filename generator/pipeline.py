"""The pipeline as plain functions: seeds in, a corpus out, then pages and a site.

`build_corpus` gathers everything (reads, cleans, analyzes, links) before
anything is written; `build` then writes the pages and runs MkDocs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .analyze.actor_registry import ActorRegistry, load_actor_registry
from .analyze.actors import extract_actors, merge_actors
from .analyze.model import ActorIndex, ArticleActors, ArticleTopics, TopicIndex
from .corpus import Corpus
from .analyze.taxonomy import Taxonomy, load_taxonomy
from .analyze.topics import assign_topics, merge_topics, suggest_phrases
from .clean import clean_document
from .ingest import DEFAULT_MAX_BYTES, SeedFile, decode_seed, read_seeds
from .link import assign_ids, merge_copies
from .normalize import normalize
from .records import Article, Rejection

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REGISTRY_DIR = REPO_ROOT / "registry"


@dataclass(slots=True, kw_only=True, frozen=True)
class Registries:
    """The editor-controlled data: actor registry and topic taxonomy."""

    actors: ActorRegistry
    topics: Taxonomy


def load_registries(registry_dir: Path = DEFAULT_REGISTRY_DIR) -> Registries:
    """Read actors.yml and topics.yml; raises RegistryError/TaxonomyError on bad data."""
    return Registries(
        actors=load_actor_registry(registry_dir / "actors.yml"),
        topics=load_taxonomy(registry_dir / "topics.yml"),
    )


def process_seed(seed: SeedFile) -> Article | Rejection:
    """Decode, clean and normalize one seed: a pure function of its bytes and sidecar."""
    raw = decode_seed(seed)
    if isinstance(raw, Rejection):
        return raw
    cleaned = clean_document(raw)
    if isinstance(cleaned, Rejection):
        return cleaned
    return normalize(cleaned, source=seed.source)


def analyze_article(
    article: Article, registries: Registries
) -> tuple[ArticleActors, ArticleTopics]:
    """Per-article analysis, independent of every other article."""
    return extract_actors(article, registries.actors), assign_topics(article, registries.topics)


Progress = Callable[[str, int], None]


def build_corpus(
    inputs: Sequence[SeedFile | Rejection],
    registries: Registries,
    *,
    progress: Progress | None = None,
) -> Corpus:
    """Everything the site and the export need, computed before anything is written."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    rejected = [item for item in inputs if isinstance(item, Rejection)]
    cleaned: list[Article] = []
    for item in inputs:
        if isinstance(item, Rejection):
            continue
        result = process_seed(item)
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            cleaned.append(result)
        if progress:
            progress("clean", 1)
    timings["clean"] = time.perf_counter() - started

    started = time.perf_counter()
    articles, duplicates = merge_copies(cleaned)
    assign_ids(articles)
    for dup in duplicates:
        log.info("merged %s into %s (%.0f%% shared)", dup.copy, dup.original, dup.containment * 100)
    timings["link"] = time.perf_counter() - started

    started = time.perf_counter()
    per_actors: list[ArticleActors] = []
    per_topics: list[ArticleTopics] = []
    for article in articles:
        found_actors, found_topics = analyze_article(article, registries)
        per_actors.append(found_actors)
        per_topics.append(found_topics)
        if progress:
            progress("analyze", 1)
    actor_index = merge_actors(per_actors, registries.actors)
    topic_index = merge_topics(per_topics, registries.topics, actor_index)
    topic_index.suggestions = suggest_phrases(articles, topic_index, registries.topics)
    attach_analysis(articles, actor_index, topic_index)
    timings["analyze"] = time.perf_counter() - started

    return Corpus(
        articles=sorted(articles, key=lambda a: a.id),
        rejected=sorted(rejected, key=lambda r: r.source),
        actors=actor_index,
        topics=topic_index,
        duplicates=duplicates,
        stage_seconds=timings,
    )


def attach_analysis(articles: Sequence[Article], actors: ActorIndex, topics: TopicIndex) -> None:
    """Record each article's actor ids (first-mention order) and topic ids."""
    for article in articles:
        seen: dict[str, None] = {}
        for mention in actors.mentions.get(article.id, []):
            seen.setdefault(mention.actor_id, None)
        article.actors = list(seen)
        assigned = topics.assignments.get(article.id)
        article.topics = list(assigned.topics) if assigned else []


def corpus_from_seeds(
    seeds_dir: Path,
    registries: Registries,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> Corpus:
    started = time.perf_counter()
    inputs = read_seeds(seeds_dir, max_bytes=max_bytes)
    read_seconds = time.perf_counter() - started
    corpus = build_corpus(inputs, registries, progress=progress)
    corpus.stage_seconds = {"ingest": read_seconds, **corpus.stage_seconds}
    return corpus
