"""The pipeline as plain functions: gather a corpus, then write the site.

Gather, then write (mkdocs `build()`, pelican's `generate_context` then
`generate_output`): `build_corpus` reads, cleans, links and analyzes every
seed and gathers what every page will show (`analyze.profiles`) before a
single page is rendered; `write_site` then only formats the corpus into
Markdown and runs MkDocs. Every function takes the run's one options object
(`runtime.options.Run`), never a list of loose keywords.
"""

from __future__ import annotations

import calendar
import gc
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from .analyze.actors import extract_actors, merge_actors
from .analyze.profiles import actor_profiles, topic_profiles
from .analyze.registries import Registries
from .analyze.topics.assign import assign_topics, merge_topics, suggest_phrases
from .analyze.topics.phrases import ArticlePhrases, article_phrases
from .clean import clean_document
from .errors import SiteBuildError, UserError
from .ingest import SeedFile, decode_seed, read_seeds
from .link import assign_ids, fingerprint, merge_copies
from .model.analysis import ActorIndex, ArticleActors, ArticleTopics, TopicIndex
from .model.corpus import Corpus
from .model.export import (
    analysis_from_json,
    analysis_to_json,
    outcome_from_json,
    outcome_to_json,
    rejected_records,
    review_records,
)
from .model.records import Article, Rejection
from .normalize import normalize
from .publish import (
    DocsStats,
    PublishError,
    SiteDirError,
    build_html,
    check_site_dir,
    docs_workspace,
    prepare_docs,
    site_name,
    sync_docs,
    write_config,
)
from .runtime.cache import key_of
from .runtime.meter import STAGES
from .runtime.options import BuildOptions, Run, SiteSources
from .runtime.stage_map import cached_map
from .write.feeds import FeedSite
from .write.site import render_pages

log = logging.getLogger(__name__)

# Used when no article prints a date: 1980-01-01, the earliest ZIP timestamp.
FALLBACK_EPOCH = 315_532_800
# The last midnight a gzip header's 32-bit mtime can hold (2106-02-07).
MAX_EPOCH = (2**32 - 1) // 86_400 * 86_400


# --- One article ----------------------------------------------------------------------------


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
    `clean --json` (`commands.build.clean_seed`) still reports it for any one file.
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


# --- Every article: cached, in parallel ----------------------------------------------------


def _clean_key(seed: SeedFile, version: str) -> str:
    sidecar = json.dumps(seed.sidecar, sort_keys=True)
    return key_of(version, seed.source, sidecar, seed.digest)


def _analysis_key(article: Article, registries_digest: str, version: str) -> str:
    # Analysis reads the paragraphs and the author (a byline is no actor) and
    # labels its result with the id; nothing else of the article.
    return key_of(version, registries_digest, article.id, article.author or "", *article.paragraphs)


def clean_seeds(seeds: Sequence[SeedFile], run: Run) -> list[Cleaned]:
    """clean_seed_for_corpus over every seed, in order: cached first, the rest in parallel."""
    return cached_map(
        "clean",
        clean_seed_for_corpus,
        seeds,
        run,
        key=partial(_clean_key, version=run.version),
        # Entries of another code version can never be hit again.
        generation=run.version,
        to_json=_cleaned_to_json,
        from_json=_cleaned_from_json,
    )


def clean_all(seeds: Sequence[SeedFile], run: Run) -> list[Article | Rejection]:
    """process_seed over every seed (without the audit trail): cached, in parallel."""
    return [c.outcome for c in clean_seeds(seeds, run)]


def _analysis_to_json(analysis: tuple[ArticleActors, ArticleTopics]) -> dict[str, Any]:
    return analysis_to_json(*analysis)


def analyze_all(
    articles: Sequence[Article], registries: Registries, run: Run
) -> list[tuple[ArticleActors, ArticleTopics]]:
    """analyze_article over every article, in order: cached first, the rest in parallel."""
    return cached_map(
        "analyze",
        partial(analyze_article, registries=registries),
        articles,
        run,
        key=partial(_analysis_key, registries_digest=registries.digest, version=run.version),
        # Nor can analyses made with other code or other registries.
        generation=key_of(run.version, registries.digest),
        to_json=_analysis_to_json,
        from_json=analysis_from_json,
    )


# --- Gather ---------------------------------------------------------------------------------


def corpus_from_seeds(registries: Registries, run: Run) -> Corpus:
    """The seeds folder of the run's options, read and gathered into a corpus."""
    with run.meter.stage("ingest"):
        inputs = read_seeds(run.options.seeds_dir, max_bytes=run.options.max_bytes)
    return build_corpus(inputs, registries, run)


def build_corpus(
    inputs: Sequence[SeedFile | Rejection], registries: Registries, run: Run
) -> Corpus:
    """Everything the site and the export need, computed before anything is written."""
    with collector_paused():
        return _build_corpus(inputs, registries, run)


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
    inputs: Sequence[SeedFile | Rejection], registries: Registries, run: Run
) -> Corpus:
    rejected = [item for item in inputs if isinstance(item, Rejection)]
    seeds = [item for item in inputs if isinstance(item, SeedFile)]
    cleaned: list[Article] = []
    prints: dict[str, frozenset[int]] = {}
    with run.meter.stage("clean"):
        for found in clean_seeds(seeds, run):
            if isinstance(found.outcome, Rejection):
                rejected.append(found.outcome)
            else:
                cleaned.append(found.outcome)
                prints[found.outcome.sources[0]] = found.fingerprint

    with run.meter.stage("link"):
        articles, duplicates = merge_copies(cleaned, fingerprints=prints)
        assign_ids(articles)
        for dup in duplicates:
            log.info(
                "merged %s into %s (%.0f%% shared)", dup.copy, dup.original, dup.containment * 100
            )

    with run.meter.stage("analyze"):
        analyses = analyze_all(articles, registries, run)
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
        # What the actor and topic pages will show: decided here, formatted by write/.
        by_id = {a.id: a for a in articles}
        actor_pages = actor_profiles(actor_index, topic_index, by_id)
        topic_pages = topic_profiles(topic_index, actor_index, by_id)

    return Corpus(
        articles=sorted(articles, key=lambda a: a.id),
        rejected=sorted(rejected, key=lambda r: r.source),
        actors=actor_index,
        topics=topic_index,
        duplicates=duplicates,
        actor_profiles=actor_pages,
        topic_profiles=topic_pages,
        stage_seconds={k: run.meter.seconds[k] for k in STAGES if k in run.meter.seconds},
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


# --- Write ----------------------------------------------------------------------------------


def source_date_epoch(corpus: Corpus) -> int:
    """The newest printed publication date: the build depends on inputs, not the clock.

    Only dates MkDocs can stamp count: its gzip files hold a 32-bit unsigned
    timestamp, so a date before 1970 or after 2106 (which a page or a sidecar
    may give: sidecar dates go from 1900 to 2099) would fail the whole build.
    """
    dates = sorted(a.published for a in corpus.articles if a.published)
    for value in reversed(dates):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue
        epoch = calendar.timegm(day.timetuple())
        if 0 <= epoch <= MAX_EPOCH:
            return epoch
    return FALLBACK_EPOCH


def corpus_pages(
    corpus: Corpus,
    sources: SiteSources,
    *,
    full_text_search: bool | None = None,
    site_url: str | None = None,
) -> dict[str, str]:
    """Every generated file, as {docs-relative path: text}: the Markdown pages (the home
    page from docs/index.md), the Atom feeds and the data downloads."""
    home = sources.docs_dir / "index.md"
    template = home.read_text("utf-8") if home.is_file() else "# News Wiki\n"
    feed_site = FeedSite(
        name=site_name(sources),
        site_url=site_url,
        fallback=datetime.fromtimestamp(source_date_epoch(corpus), UTC).date(),
    )
    return render_pages(
        corpus, home_template=template, full_text_search=full_text_search, feed_site=feed_site
    )


def editor_files(corpus: Corpus) -> dict[str, bytes]:
    """The JSON files served beside the site: rejected inputs, and what editors review."""
    # Only these parts of the export: the whole of it (profiles included) is built
    # once, for the data downloads, not again here.
    report = json.dumps(rejected_records(corpus), ensure_ascii=False, indent=2)
    review = json.dumps(review_records(corpus), ensure_ascii=False, indent=2)
    return {
        "rejected.json": (report + "\n").encode("utf-8"),
        "candidates.json": (review + "\n").encode("utf-8"),
    }


def write_site(corpus: Corpus, options: BuildOptions, run: Run) -> DocsStats:
    """Render the corpus to Markdown, then MkDocs into `options.site_dir`, swapped in whole.

    Raises UserError for a site folder the user can fix, SiteBuildError when
    MkDocs fails. With a cache, the Markdown stays in `<cache>/docs` between
    builds and only changed pages are rewritten; without, it goes to a
    temporary folder.
    """
    cache_dir = run.cache.root  # None also when the options' cache folder is unusable
    persistent = cache_dir / "docs" if cache_dir is not None else None
    try:
        site_dir = options.site_dir.resolve()
        check_site_dir(site_dir)
        with docs_workspace(persistent, site_dir) as docs_out:
            with run.meter.stage("write"):
                pages = corpus_pages(
                    corpus,
                    options.site_sources,
                    full_text_search=options.full_text_search,
                    site_url=options.site_url,
                )
                docs = sync_docs(pages, options.site_sources, docs_out)
            with run.meter.stage("mkdocs"):
                build_html(
                    docs_out,
                    sources=options.site_sources,
                    site_dir=site_dir,
                    epoch=source_date_epoch(corpus),
                    extra_files=editor_files(corpus),
                    site_url=options.site_url,
                )
    except SiteDirError as exc:
        raise UserError(str(exc)) from exc
    except PublishError as exc:
        raise SiteBuildError(str(exc)) from exc
    except OSError as exc:
        raise UserError(
            f"cannot write the site to {options.site_dir}: {exc.strerror or exc}"
        ) from exc
    return docs


def stage_preview(pages: Mapping[str, str], sources: SiteSources, staging: Path) -> Path:
    """The pages and an mkdocs.yml in `staging`, for `mkdocs serve`; returns the config file."""
    docs_out = staging / "docs"
    try:
        prepare_docs(pages, sources, docs_out)
        config_file = staging / "mkdocs.yml"
        write_config(
            sources, docs_dir=docs_out, site_dir=staging / "site", target=config_file, preview=True
        )
    except PublishError as exc:
        raise UserError(str(exc)) from exc
    return config_file
