"""The commands as library functions: build a site, export a corpus, clean files.

The CLI only parses arguments and calls these; everything here is usable
from Python and raises `UserError` (one line for the user) on bad input.
"""

from __future__ import annotations

import calendar
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..analyze.actor_registry import RegistryError
from ..analyze.topics.taxonomy import TaxonomyError
from ..ingest import DEFAULT_MAX_BYTES, SeedFile
from ..model.analysis import ArticleActors, ArticleTopics
from ..model.corpus import Corpus
from ..model.export import corpus_to_dict, dumps, hit_records
from ..model.records import Article, Rejection
from ..model.serialize import article_to_json
from ..pipeline import (
    DEFAULT_REGISTRY_DIR,
    REPO_ROOT,
    Progress,
    Registries,
    analyze_article,
    corpus_from_seeds,
    load_registries,
    process_seed,
)
from ..publish import (
    DocsStats,
    PublishError,
    SiteDirError,
    SiteSources,
    build_html,
    check_site_dir,
    docs_workspace,
    sync_docs,
)
from ..runtime.cache import Cache, CacheStats
from ..runtime.dask_cluster import DaskError, require_dask
from ..runtime.meter import STAGES, Meter, WallMeter
from ..write.site import render_pages

log = logging.getLogger(__name__)

# Per-article results are cached here unless --no-cache (relative to the working folder).
DEFAULT_CACHE_DIR = Path(".cache") / "generator"
# Used when no article prints a date: 1980-01-01, the earliest ZIP timestamp.
FALLBACK_EPOCH = 315_532_800


class UserError(Exception):
    """A problem the user can fix; its message is printed as one line."""


class SiteBuildError(Exception):
    """MkDocs could not build the generated pages (a bug or a broken theme setup)."""


@dataclass(slots=True, kw_only=True)
class BuildOptions:
    seeds_dir: Path
    site_dir: Path
    registry_dir: Path = DEFAULT_REGISTRY_DIR
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # 0: all cores
    cache_dir: Path | None = DEFAULT_CACHE_DIR  # None: no cache
    scheduler: str | None = None  # a Dask scheduler address: clean and analyze run there
    # Index article text in the site search; None: only for small corpora
    # (write.site.FULL_TEXT_SEARCH_MAX_ARTICLES).
    full_text_search: bool | None = None
    site_sources: SiteSources = field(
        default_factory=lambda: SiteSources(
            config=REPO_ROOT / "mkdocs.yml", docs_dir=REPO_ROOT / "docs"
        )
    )


@dataclass(slots=True, kw_only=True)
class BuildSummary:
    corpus: Corpus
    seconds: float
    stage_seconds: dict[str, float]
    docs: DocsStats | None = None  # what the write stage changed in the docs folder
    cache: CacheStats | None = None

    @property
    def rejected(self) -> list[Rejection]:
        return self.corpus.rejected

    def line(self) -> str:
        c = self.corpus
        return (
            f"Done: {len(c.articles)} articles, {len(c.actors.actors)} actors, "
            f"{sum(1 for t in c.topics.topics if t.articles)} topics, "
            f"{len(c.rejected)} rejected, in {self.seconds:.1f} s"
        )


def registries_or_error(registry_dir: Path) -> Registries:
    try:
        return load_registries(registry_dir)
    except (RegistryError, TaxonomyError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"cannot read registry in {registry_dir}: {exc.strerror or exc}") from exc


def load_corpus(
    seeds_dir: Path,
    *,
    registry_dir: Path = DEFAULT_REGISTRY_DIR,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: Path | None = None,
    jobs: int = 0,
    progress: Progress | None = None,
    scheduler: str | None = None,
    meter: Meter | None = None,
    cache: Cache | None = None,
) -> Corpus:
    if not seeds_dir.is_dir():
        raise UserError(f"seeds folder not found: {seeds_dir}")
    registries = registries_or_error(registry_dir)
    if cache is None:
        cache = Cache(root=cache_dir)
    try:
        if scheduler is not None:
            require_dask()
        corpus = corpus_from_seeds(
            seeds_dir,
            registries,
            max_bytes=max_bytes,
            cache=cache,
            jobs=jobs,
            progress=progress,
            scheduler=scheduler,
            meter=meter,
        )
    except DaskError as exc:
        raise UserError(str(exc)) from exc
    if cache.root is not None:
        stats = cache.stats
        log.info(
            "cache: %d hits, %d misses, %d corrupt entries", stats.hits, stats.misses, stats.corrupt
        )
    return corpus


def source_date_epoch(corpus: Corpus) -> int:
    """The newest printed publication date: the build depends on inputs, not the clock."""
    dates = sorted(a.published for a in corpus.articles if a.published)
    for value in reversed(dates):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue
        return calendar.timegm(day.timetuple())
    return FALLBACK_EPOCH


def build_site(
    options: BuildOptions, *, progress: Progress | None = None, meter: Meter | None = None
) -> BuildSummary:
    started = time.perf_counter()
    meter = meter if meter is not None else WallMeter()
    cache = Cache(root=options.cache_dir)
    corpus = load_corpus(
        options.seeds_dir,
        registry_dir=options.registry_dir,
        max_bytes=options.max_bytes,
        jobs=options.jobs,
        progress=progress,
        scheduler=options.scheduler,
        meter=meter,
        cache=cache,
    )
    # With a cache, the Markdown stays in <cache>/docs between builds and only
    # changed pages are rewritten; without, it goes to a temporary folder.
    persistent = options.cache_dir / "docs" if options.cache_dir is not None else None
    try:
        site_dir = options.site_dir.resolve()
        check_site_dir(site_dir)
        with docs_workspace(persistent, site_dir) as docs_out:
            with meter.stage("write"):
                home = options.site_sources.docs_dir / "index.md"
                template = home.read_text("utf-8") if home.is_file() else "# News Wiki\n"
                pages = render_pages(
                    corpus, home_template=template, full_text_search=options.full_text_search
                )
                docs = sync_docs(pages, options.site_sources, docs_out)
            with meter.stage("mkdocs"):
                exported = corpus_to_dict(corpus)
                report = json.dumps(exported["rejected"], ensure_ascii=False, indent=2)
                # What editors review: names that got no page, phrases no topic covers.
                review = json.dumps(
                    {
                        "actor_candidates": exported["actor_candidates"],
                        "topic_suggestions": exported["topic_suggestions"],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                build_html(
                    docs_out,
                    sources=options.site_sources,
                    site_dir=site_dir,
                    epoch=source_date_epoch(corpus),
                    extra_files={
                        "rejected.json": (report + "\n").encode("utf-8"),
                        "candidates.json": (review + "\n").encode("utf-8"),
                    },
                )
    except SiteDirError as exc:
        raise UserError(str(exc)) from exc
    except PublishError as exc:
        raise SiteBuildError(str(exc)) from exc
    except OSError as exc:
        raise UserError(
            f"cannot write the site to {options.site_dir}: {exc.strerror or exc}"
        ) from exc
    return BuildSummary(
        corpus=corpus,
        seconds=time.perf_counter() - started,
        stage_seconds={k: meter.seconds[k] for k in STAGES if k in meter.seconds},
        docs=docs,
        cache=cache.stats if options.cache_dir is not None else None,
    )


def export_corpus(
    seeds_dir: Path,
    out: Path,
    *,
    registry_dir: Path = DEFAULT_REGISTRY_DIR,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: Path | None = None,
    jobs: int = 0,
    scheduler: str | None = None,
) -> Corpus:
    corpus = load_corpus(
        seeds_dir,
        registry_dir=registry_dir,
        max_bytes=max_bytes,
        cache_dir=cache_dir,
        jobs=jobs,
        scheduler=scheduler,
    )
    text = dumps(corpus_to_dict(corpus))
    try:
        if str(out) == "-":
            print(text, end="")
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, "utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return corpus


@dataclass(slots=True, kw_only=True)
class CleanResult:
    """One file through clean, normalize and per-article analysis, for `clean`."""

    source: str
    outcome: Article | Rejection
    actors: ArticleActors | None = None
    topics: ArticleTopics | None = None

    def body_text(self) -> str:
        if isinstance(self.outcome, Rejection):
            return ""
        return "\n\n".join(self.outcome.paragraphs) + "\n"

    def record(self) -> dict[str, Any]:
        if isinstance(self.outcome, Rejection):
            return {"source": self.source, "rejected": self.outcome.reason}
        article = self.outcome
        data = article_to_json(article)  # the export's record and what was removed
        if self.actors is not None:
            data["actors"] = sorted({m.actor_id for m in self.actors.mentions})
            data["actor_mentions"] = [
                {"actor": m.actor_id, "paragraph": m.paragraph + 1, "text": m.surface}
                for m in self.actors.mentions
            ]
            data["actor_candidates"] = [
                {"name": name, "reason": reason} for name, reason in self.actors.candidates
            ]
        if self.topics is not None:
            data["topics"] = list(self.topics.topics)
            data["topic_matches"] = hit_records(self.topics.hits)
        return data


def clean_seed(seed: SeedFile, registries: Registries | None) -> CleanResult:
    outcome = process_seed(seed)
    result = CleanResult(source=seed.source, outcome=outcome)
    if registries is not None and isinstance(outcome, Article):
        result.actors, result.topics = analyze_article(outcome, registries=registries)
    return result
