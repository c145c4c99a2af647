"""The pipeline as plain functions: seeds in, a corpus out, then pages and a site.

`build_corpus` gathers everything (reads, cleans, analyzes, links) before
anything is written; `build` then writes the pages and runs MkDocs.
"""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from .analyze.actor_registry import ActorRegistry, load_actor_registry
from .analyze.actors import extract_actors, merge_actors
from .analyze.topics.assign import assign_topics, merge_topics, suggest_phrases
from .analyze.topics.phrases import ArticlePhrases, article_phrases
from .analyze.topics.taxonomy import Taxonomy, load_taxonomy
from .clean import clean_document
from .ingest import DEFAULT_MAX_BYTES, SeedFile, decode_seed, read_seeds
from .link import assign_ids, fingerprint, merge_copies
from .model.analysis import ActorIndex, ArticleActors, ArticleTopics, TopicIndex
from .model.corpus import Corpus
from .model.records import Article, Rejection
from .model.serialize import (
    analysis_from_json,
    analysis_to_json,
    outcome_from_json,
    outcome_to_json,
)
from .normalize import normalize
from .runtime.cache import Cache, code_version, key_of
from .runtime.meter import STAGES, Meter, WallMeter
from .runtime.parallel import map_ordered

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


def process_seed(seed: SeedFile, *, audit: bool = True) -> Article | Rejection:
    """Decode, clean and normalize one seed: a pure function of its bytes and sidecar.

    `audit=False` spares the text-dump cleaner the reasons for what it drops.
    """
    raw = decode_seed(seed)
    if isinstance(raw, Rejection):
        return raw
    cleaned = clean_document(raw, audit=audit)
    if isinstance(cleaned, Rejection):
        return cleaned
    return normalize(cleaned, source=seed.source)


def analyze_article(
    article: Article, *, registries: Registries
) -> tuple[ArticleActors, ArticleTopics]:
    """Per-article analysis, independent of every other article."""
    topics = assign_topics(article, registries.topics)
    phrases = article_phrases(article)
    # article_phrases built these dicts for this article alone: no copy needed.
    topics.phrase_spellings = phrases.spellings
    topics.phrase_names = list(phrases.names)
    return extract_actors(article, registries.actors), topics


def _clean_key(seed: SeedFile, version: str) -> str:
    sidecar = json.dumps(seed.sidecar, sort_keys=True)
    return key_of(version, seed.source, sidecar, seed.digest)


def _analysis_key(article: Article, registries_digest: str, version: str) -> str:
    # Analysis reads the paragraphs and the author (a byline is no actor) and
    # labels its result with the id; nothing else of the article.
    return key_of(version, registries_digest, article.id, article.author or "", *article.paragraphs)


Progress = Callable[[str, int], None]


def _stage_progress(progress: Progress | None, stage: str) -> Callable[[int], None] | None:
    return partial(progress, stage) if progress else None


@dataclass(slots=True, kw_only=True, frozen=True)
class Cleaned:
    """One seed through clean and normalize, with what the link stage needs of it."""

    outcome: Article | Rejection
    fingerprint: frozenset[int]  # link.fingerprint of the paragraphs; empty for a rejection


def clean_seed_for_corpus(seed: SeedFile) -> Cleaned:
    """process_seed plus the near-duplicate fingerprint, computed where the cleaning runs.

    The article comes without its `removed` audit trail (every dropped block and
    why): nothing a corpus makes reads it, and at 10,000 articles it was a third
    of the cache, of what travels back from the workers and of the memory.
    `clean --json` (`build.clean_seed`) still reports it for any one file.
    """
    outcome = process_seed(seed, audit=False)
    if isinstance(outcome, Rejection):
        return Cleaned(outcome=outcome, fingerprint=frozenset())
    return Cleaned(
        outcome=replace(outcome, removed=[]), fingerprint=fingerprint(outcome.paragraphs)
    )


def _cleaned_to_json(cleaned: Cleaned) -> dict[str, Any]:
    return {"outcome": outcome_to_json(cleaned.outcome), "fingerprint": sorted(cleaned.fingerprint)}


def _cleaned_from_json(data: dict[str, Any]) -> Cleaned:
    return Cleaned(
        outcome=outcome_from_json(data["outcome"]), fingerprint=frozenset(data["fingerprint"])
    )


def clean_all(
    seeds: Sequence[SeedFile],
    *,
    cache: Cache,
    jobs: int,
    version: str,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[Article | Rejection]:
    """process_seed over every seed: cached results first, the rest in parallel."""
    found = clean_seeds(
        seeds, cache=cache, jobs=jobs, version=version, progress=progress, scheduler=scheduler
    )
    return [c.outcome for c in found]


def clean_seeds(
    seeds: Sequence[SeedFile],
    *,
    cache: Cache,
    jobs: int,
    version: str,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[Cleaned]:
    """clean_seed_for_corpus over every seed, in order: cached first, the rest in parallel."""
    caching = cache.root is not None
    keys = [_clean_key(seed, version) for seed in seeds] if caching else []
    results: list[Cleaned | None] = [None] * len(seeds)
    if caching:
        cached = cache.get_many("clean", keys)
        for i, key in enumerate(keys):
            if key in cached:
                results[i] = _cleaned_from_json(cached[key])
    todo = [i for i, r in enumerate(results) if r is None]
    computed = map_ordered(
        clean_seed_for_corpus,
        [seeds[i] for i in todo],
        jobs=jobs,
        on_done=_stage_progress(progress, "clean"),
        scheduler=scheduler,
    )
    for i, cleaned in zip(todo, computed, strict=True):
        results[i] = cleaned
    if caching:
        cache.put_many(
            "clean",
            {keys[i]: _cleaned_to_json(c) for i, c in zip(todo, computed, strict=True)},
            generation=version,
        )
        # Entries of another code version can never be hit again.
        cache.prune("clean", keep=version)
    return [r for r in results if r is not None]


def analyze_all(
    articles: Sequence[Article],
    registries: Registries,
    *,
    cache: Cache,
    jobs: int,
    version: str,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[tuple[ArticleActors, ArticleTopics]]:
    caching = cache.root is not None
    keys = [_analysis_key(a, registries.digest, version) for a in articles] if caching else []
    results: list[tuple[ArticleActors, ArticleTopics] | None] = [None] * len(articles)
    if caching:
        cached = cache.get_many("analyze", keys)
        for i, key in enumerate(keys):
            if key in cached:
                results[i] = analysis_from_json(cached[key])
    todo = [i for i, r in enumerate(results) if r is None]
    work = partial(analyze_article, registries=registries)
    computed = map_ordered(
        work,
        [articles[i] for i in todo],
        jobs=jobs,
        on_done=_stage_progress(progress, "analyze"),
        scheduler=scheduler,
    )
    for i, analysis in zip(todo, computed, strict=True):
        results[i] = analysis
    if caching:
        generation = key_of(version, registries.digest)
        cache.put_many(
            "analyze",
            {keys[i]: analysis_to_json(*a) for i, a in zip(todo, computed, strict=True)},
            generation=generation,
        )
        # Nor can analyses made with other code or other registries.
        cache.prune("analyze", keep=generation)
    return [r for r in results if r is not None]


def build_corpus(
    inputs: Sequence[SeedFile | Rejection],
    registries: Registries,
    *,
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    scheduler: str | None = None,
    meter: Meter | None = None,
) -> Corpus:
    """Everything the site and the export need, computed before anything is written."""
    with collector_paused():
        return _build_corpus(
            inputs, registries, cache=cache, jobs=jobs, progress=progress, scheduler=scheduler,
            meter=meter,
        )  # fmt: skip


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a corpus is assembled, then as it was.

    Assembling a corpus creates millions of objects that all stay alive (the
    articles, their mentions, hits and phrases); the collector kept scanning
    them, which was a third of a warm 10,000-article clean + analyze. Nothing
    here makes reference cycles worth collecting, and worker processes turn the
    collector back on (`parallel.map_ordered`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_corpus(
    inputs: Sequence[SeedFile | Rejection],
    registries: Registries,
    *,
    cache: Cache | None,
    jobs: int,
    progress: Progress | None,
    scheduler: str | None,
    meter: Meter | None,
) -> Corpus:
    cache = cache if cache is not None else Cache(root=None)
    meter = meter if meter is not None else WallMeter()
    version = code_version() if cache.root is not None else ""
    rejected = [item for item in inputs if isinstance(item, Rejection)]
    seeds = [item for item in inputs if isinstance(item, SeedFile)]
    cleaned: list[Article] = []
    prints: dict[str, frozenset[int]] = {}
    with meter.stage("clean"):
        for found in clean_seeds(
            seeds,
            cache=cache,
            jobs=jobs,
            version=version,
            progress=progress,
            scheduler=scheduler,
        ):
            if isinstance(found.outcome, Rejection):
                rejected.append(found.outcome)
            else:
                cleaned.append(found.outcome)
                prints[found.outcome.sources[0]] = found.fingerprint

    with meter.stage("link"):
        articles, duplicates = merge_copies(cleaned, fingerprints=prints)
        assign_ids(articles)
        for dup in duplicates:
            log.info(
                "merged %s into %s (%.0f%% shared)", dup.copy, dup.original, dup.containment * 100
            )

    with meter.stage("analyze"):
        analyses = analyze_all(
            articles,
            registries,
            cache=cache,
            jobs=jobs,
            version=version,
            progress=progress,
            scheduler=scheduler,
        )
        per_actors = [found_actors for found_actors, _ in analyses]
        per_topics = [found_topics for _, found_topics in analyses]
        actor_index = merge_actors(per_actors, registries.actors)
        topic_index = merge_topics(per_topics, registries.topics, actor_index)
        read = {
            t.article_id: ArticlePhrases(spellings=t.phrase_spellings, names=tuple(t.phrase_names))
            for t in per_topics
            if t.phrase_spellings is not None and t.phrase_names is not None
        }
        topic_index.suggestions = suggest_phrases(
            articles, topic_index, registries.topics, phrases=read
        )
        attach_analysis(articles, actor_index, topic_index)

    return Corpus(
        articles=sorted(articles, key=lambda a: a.id),
        rejected=sorted(rejected, key=lambda r: r.source),
        actors=actor_index,
        topics=topic_index,
        duplicates=duplicates,
        stage_seconds={k: meter.seconds[k] for k in STAGES if k in meter.seconds},
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
    scheduler: str | None = None,
    meter: Meter | None = None,
) -> Corpus:
    meter = meter if meter is not None else WallMeter()
    with meter.stage("ingest"):
        inputs = read_seeds(seeds_dir, max_bytes=max_bytes)
    return build_corpus(
        inputs,
        registries,
        cache=cache,
        jobs=jobs,
        progress=progress,
        scheduler=scheduler,
        meter=meter,
    )
