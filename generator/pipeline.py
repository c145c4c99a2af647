"""The pipeline as plain functions: seeds in, a corpus out, then pages and a site.

`build_corpus` gathers everything (reads, cleans, analyzes, links) before
anything is written; `build` then writes the pages and runs MkDocs.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .analyze.actor_registry import ActorRegistry, load_actor_registry
from .analyze.actors import extract_actors, merge_actors
from .analyze.model import ActorIndex, ArticleActors, ArticleTopics, TopicIndex
from .analyze.taxonomy import Taxonomy, load_taxonomy
from .analyze.topics import assign_topics, merge_topics, suggest_phrases
from .cache import Cache, code_version, key_of
from .clean import clean_document
from .corpus import Corpus
from .ingest import DEFAULT_MAX_BYTES, SeedFile, decode_seed, read_seeds
from .link import assign_ids, merge_copies
from .normalize import normalize
from .parallel import map_ordered
from .records import Article, Rejection
from .serialize import analysis_from_json, analysis_to_json, outcome_from_json, outcome_to_json

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REGISTRY_DIR = REPO_ROOT / "registry"


@dataclass(slots=True, kw_only=True, frozen=True)
class Registries:
    """The editor-controlled data: actor registry and topic taxonomy."""

    actors: ActorRegistry
    topics: Taxonomy
    digest: str  # of the registry files' bytes: part of every analysis cache key


def load_registries(registry_dir: Path = DEFAULT_REGISTRY_DIR) -> Registries:
    """Read actors.yml and topics.yml; raises RegistryError/TaxonomyError on bad data."""
    actors_file, topics_file = registry_dir / "actors.yml", registry_dir / "topics.yml"
    return Registries(
        actors=load_actor_registry(actors_file),
        topics=load_taxonomy(topics_file),
        digest=key_of(actors_file.read_bytes(), topics_file.read_bytes()),
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
    article: Article, *, registries: Registries
) -> tuple[ArticleActors, ArticleTopics]:
    """Per-article analysis, independent of every other article."""
    return extract_actors(article, registries.actors), assign_topics(article, registries.topics)


def _clean_key(seed: SeedFile, version: str) -> str:
    sidecar = json.dumps(seed.sidecar, sort_keys=True)
    return key_of(version, seed.source, sidecar, seed.digest)


def _analysis_key(article: Article, registries_digest: str, version: str) -> str:
    return key_of(version, registries_digest, article.id, json.dumps(outcome_to_json(article)))


Progress = Callable[[str, int], None]


def _stage_progress(progress: Progress | None, stage: str) -> Callable[[int], None] | None:
    return partial(progress, stage) if progress else None


def clean_all(
    seeds: Sequence[SeedFile],
    *,
    cache: Cache,
    jobs: int,
    version: str,
    progress: Progress | None = None,
) -> list[Article | Rejection]:
    """process_seed over every seed: cached results first, the rest in parallel."""
    keys = [_clean_key(seed, version) for seed in seeds]
    results: list[Article | Rejection | None] = []
    for key in keys:
        cached = cache.get("clean", key)
        results.append(outcome_from_json(cached) if cached is not None else None)
    todo = [i for i, r in enumerate(results) if r is None]
    computed = map_ordered(
        process_seed,
        [seeds[i] for i in todo],
        jobs=jobs,
        on_done=_stage_progress(progress, "clean"),
    )
    for i, outcome in zip(todo, computed, strict=True):
        results[i] = outcome
        cache.put("clean", keys[i], outcome_to_json(outcome))
    return [r for r in results if r is not None]


def analyze_all(
    articles: Sequence[Article],
    registries: Registries,
    *,
    cache: Cache,
    jobs: int,
    version: str,
    progress: Progress | None = None,
) -> list[tuple[ArticleActors, ArticleTopics]]:
    keys = [_analysis_key(a, registries.digest, version) for a in articles]
    results: list[tuple[ArticleActors, ArticleTopics] | None] = []
    for key in keys:
        cached = cache.get("analyze", key)
        results.append(analysis_from_json(cached) if cached is not None else None)
    todo = [i for i, r in enumerate(results) if r is None]
    work = partial(analyze_article, registries=registries)
    computed = map_ordered(
        work,
        [articles[i] for i in todo],
        jobs=jobs,
        on_done=_stage_progress(progress, "analyze"),
    )
    for i, analysis in zip(todo, computed, strict=True):
        results[i] = analysis
        cache.put("analyze", keys[i], analysis_to_json(*analysis))
    return [r for r in results if r is not None]


def build_corpus(
    inputs: Sequence[SeedFile | Rejection],
    registries: Registries,
    *,
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Corpus:
    """Everything the site and the export need, computed before anything is written."""
    cache = cache if cache is not None else Cache(root=None)
    version = code_version() if cache.root is not None else ""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    rejected = [item for item in inputs if isinstance(item, Rejection)]
    seeds = [item for item in inputs if isinstance(item, SeedFile)]
    cleaned: list[Article] = []
    for outcome in clean_all(seeds, cache=cache, jobs=jobs, version=version, progress=progress):
        if isinstance(outcome, Rejection):
            rejected.append(outcome)
        else:
            cleaned.append(outcome)
    timings["clean"] = time.perf_counter() - started

    started = time.perf_counter()
    articles, duplicates = merge_copies(cleaned)
    assign_ids(articles)
    for dup in duplicates:
        log.info("merged %s into %s (%.0f%% shared)", dup.copy, dup.original, dup.containment * 100)
    timings["link"] = time.perf_counter() - started

    started = time.perf_counter()
    analyses = analyze_all(
        articles, registries, cache=cache, jobs=jobs, version=version, progress=progress
    )
    per_actors = [found_actors for found_actors, _ in analyses]
    per_topics = [found_topics for _, found_topics in analyses]
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
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Corpus:
    started = time.perf_counter()
    inputs = read_seeds(seeds_dir, max_bytes=max_bytes)
    read_seconds = time.perf_counter() - started
    corpus = build_corpus(inputs, registries, cache=cache, jobs=jobs, progress=progress)
    corpus.stage_seconds = {"ingest": read_seconds, **corpus.stage_seconds}
    return corpus
