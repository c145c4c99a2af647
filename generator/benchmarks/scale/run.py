"""`python -m generator bench`: generate a corpus, build it end to end, measure every stage.

One run does, in order:

CPU seconds count this machine's processes only: with `scheduler`, the work
done on the cluster's workers is not in them.

1. the corpus: N articles from real material (`corpus.py`), reused from an
   earlier run when nothing changed (not part of the build figures);
2. a cold build (empty cache) with wall seconds, CPU seconds and peak memory per
   stage; `total_s` is its end-to-end wall time;
3. the floors on the same inputs: bare trafilatura, and a plain `mkdocs build`
   of the Markdown the build wrote (`floors.py`);
4. the incremental build: one more article added, built with the warm cache,
   with the pages rewritten and the cache misses counted; then it is removed;
5. the site's size and its search index (and, with `search_browser`, the time
   the first search takes in headless Chromium, `search_probe.py`).
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...commands.build import BuildSummary, build_site, registries_or_error
from ...errors import UserError
from ...ingest import SeedFile, read_seeds
from ...runtime.meter import STAGES
from ...runtime.options import (
    DEFAULT_REGISTRY_DIR,
    BuildOptions,
    SiteSources,
    repository_sources,
)
from ...runtime.parallel import effective_jobs
from ..extraction import default_bench_dir
from .corpus import CorpusInfo, write_corpus
from .floors import plain_mkdocs, trafilatura_floor
from .material import MaterialError, default_seeds_dir, load_material
from .measure import BenchMeter, StageFigures

DEFAULT_WORK_DIR = Path(".cache") / "bench"
SEARCH_INDEX = Path("search") / "search_index.json"


@dataclass(slots=True, kw_only=True)
class BenchOptions:
    articles: int
    work_dir: Path = DEFAULT_WORK_DIR  # <work_dir>/<N>/{seeds,cache,site}
    jobs: int = 0
    scheduler: str | None = None
    registry_dir: Path = DEFAULT_REGISTRY_DIR
    bench_dir: Path | None = None  # default: $EXTRACTION_BENCH or ../shared/bench/extraction
    material_seeds: Path | None = None  # default: the repository's seeds/
    floors: bool = True
    add_one: bool = True
    search_browser: bool = False
    full_text_search: bool | None = None  # None: the build's own rule (by corpus size)
    site_sources: SiteSources = field(default_factory=repository_sources)


def _stages(meter: BenchMeter) -> dict[str, dict[str, float]]:
    return {name: meter.figures[name].to_json() for name in STAGES if name in meter.figures}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b > 0 else None


def _build(
    options: BenchOptions, seeds: Path, cache: Path, site: Path
) -> tuple[BuildSummary, BenchMeter]:
    meter = BenchMeter()
    summary = build_site(
        BuildOptions(
            seeds_dir=seeds,
            site_dir=site,
            registry_dir=options.registry_dir,
            jobs=options.jobs,
            cache_dir=cache,
            scheduler=options.scheduler,
            full_text_search=options.full_text_search,
            site_sources=options.site_sources,
        ),
        meter=meter,
    )
    return summary, meter


def site_figures(site: Path) -> dict[str, Any]:
    """Size of the site, of its pages, and of the search index."""
    total = 0
    pages: list[int] = []
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                pages.append(size)
    index = site / SEARCH_INDEX
    return {
        "mb": round(total / 1e6, 1),
        "html_pages": len(pages),
        "median_page_kb": round(statistics.median(pages) / 1e3, 1) if pages else 0.0,
        "search_index_mb": round(index.stat().st_size / 1e6, 2) if index.is_file() else None,
    }


def run_bench(options: BenchOptions) -> dict[str, Any]:
    """The whole benchmark; returns the figures as plain JSON values."""
    if options.articles < 1:
        raise UserError("--articles must be at least 1")
    root = options.work_dir / str(options.articles)
    seeds, cache, site = root / "seeds", root / "cache", root / "site"
    registries = registries_or_error(options.registry_dir)
    started = time.perf_counter()
    try:
        material = load_material(
            options.bench_dir or default_bench_dir(),
            options.material_seeds or default_seeds_dir(),
            registries.actors,
        )
    except MaterialError as exc:
        raise UserError(str(exc)) from exc
    info = write_corpus(seeds, material, options.articles, spares=1 if options.add_one else 0)
    corpus_seconds = time.perf_counter() - started

    shutil.rmtree(cache, ignore_errors=True)
    summary, meter = _build(options, seeds, cache, site)
    total = sum(f.wall_s for f in meter.figures.values())
    result: dict[str, Any] = {
        "articles": options.articles,
        "jobs": effective_jobs(options.jobs) if options.scheduler is None else None,
        "scheduler": options.scheduler,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        },
        "corpus": _corpus_figures(info, summary, corpus_seconds),
        "total_s": round(total, 2),
        "seconds_per_1000_articles": round(total / options.articles * 1000, 2),
        "peak_mb": round(max(f.peak_mb for f in meter.figures.values()), 1),
        "stages": _stages(meter),
        "site": site_figures(site),
    }
    top = max(summary.corpus.actors.actors, key=lambda a: (len(a.articles), a.id), default=None)
    query = top.name if top else "news"
    del summary  # the corpus: the next builds should not pay for holding it
    if options.floors:
        result["floors"], result["ratios"] = _floors(options, seeds, cache / "docs", meter)
    if options.add_one and info.spares:
        result["incremental"] = _add_one(options, info, cache, site)
    if options.search_browser:
        from .search_probe import first_search  # Playwright is a development dependency

        result["search"] = first_search(site, query)
    return result


def _corpus_figures(info: CorpusInfo, summary: BuildSummary, seconds: float) -> dict[str, Any]:
    corpus = summary.corpus
    mentions = sum(len(m) for m in corpus.actors.mentions.values())
    types = [a.type for a in corpus.actors.actors]
    return {
        "generated_s": round(seconds, 2),
        "reused": info.reused,
        "files": info.articles,
        "html_files": info.html,
        "text_files": info.text,
        "input_mb": round(info.bytes / 1e6, 1),
        "articles_built": len(corpus.articles),
        "rejected": len(corpus.rejected),
        "merged_as_duplicates": len(corpus.duplicates),
        "actors": {t: types.count(t) for t in ("person", "organization", "country")},
        "actor_mentions_per_article": round(mentions / max(1, len(corpus.articles)), 1),
        "articles_with_topics": sum(1 for a in corpus.articles if a.topics),
    }


def _floors(
    options: BenchOptions, seeds: Path, docs: Path, build: BenchMeter
) -> tuple[dict[str, Any], dict[str, Any]]:
    floor = BenchMeter()
    inputs = [s for s in read_seeds(seeds) if isinstance(s, SeedFile)]
    with floor.stage("trafilatura"):
        trafilatura_floor(inputs, jobs=options.jobs, scheduler=options.scheduler)
    with floor.stage("plain_mkdocs"):
        plain_mkdocs(docs, options.site_sources)
    figures = {name: f.to_json() for name, f in floor.figures.items()}
    stage = build.figures
    normalize = StageFigures(
        wall_s=stage["clean"].wall_s + stage["analyze"].wall_s,
        cpu_s=stage["clean"].cpu_s + stage["analyze"].cpu_s,
    )
    trafilatura, mkdocs = floor.figures["trafilatura"], floor.figures["plain_mkdocs"]
    total = sum(f.wall_s for f in stage.values())
    # On a cluster, CPU seconds are only this machine's: no CPU ratio then.
    local = options.scheduler is None
    ratios = {
        "clean_analyze_vs_trafilatura_wall": _ratio(normalize.wall_s, trafilatura.wall_s),
        "clean_analyze_vs_trafilatura_cpu": (
            _ratio(normalize.cpu_s, trafilatura.cpu_s) if local else None
        ),
        # The clean stage alone is the part that does what trafilatura does.
        "clean_vs_trafilatura_wall": _ratio(stage["clean"].wall_s, trafilatura.wall_s),
        "clean_vs_trafilatura_cpu": (
            _ratio(stage["clean"].cpu_s, trafilatura.cpu_s) if local else None
        ),
        "write_share_of_total": _ratio(stage["write"].wall_s, total),
        "mkdocs_vs_plain_mkdocs_wall": _ratio(stage["mkdocs"].wall_s, mkdocs.wall_s),
    }
    return figures, ratios


def _add_one(options: BenchOptions, info: CorpusInfo, cache: Path, site: Path) -> dict[str, Any]:
    """Build again with one more article and the warm cache, then take it out again."""
    spare = info.spares[0]
    added = info.folder / spare.name
    shutil.copyfile(spare, added)
    try:
        summary, meter = _build(options, info.folder, cache, site)
    finally:
        added.unlink()
    stages = _stages(meter)
    docs = summary.docs
    stats = summary.cache
    return {
        "added": spare.name,
        "total_s": round(sum(f.wall_s for f in meter.figures.values()), 2),
        "clean_analyze_s": round(
            meter.figures["clean"].wall_s + meter.figures["analyze"].wall_s, 2
        ),
        "stages": stages,
        "cache_misses": stats.misses if stats else None,
        "cache_hits": stats.hits if stats else None,
        "pages_written": docs.written if docs else None,
        "pages_removed": docs.removed if docs else None,
        "pages_total": docs.files if docs else None,
    }


def summary_lines(result: dict[str, Any]) -> list[str]:
    """The figures as a few readable lines."""
    lines = [
        f"{result['articles']} articles, {result['jobs'] or result['scheduler']} workers: "
        f"{result['total_s']:.1f} s end to end, peak {result['peak_mb']:.0f} MB, "
        f"{result['seconds_per_1000_articles']:.1f} s per 1000 articles",
        f"{'stage':<13} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}",
    ]
    rows = dict(result["stages"])
    rows.update(result.get("floors", {}))
    for name, f in rows.items():
        lines.append(f"{name:<13} {f['wall_s']:>8.2f} {f['cpu_s']:>8.2f} {f['peak_mb']:>8.0f}")
    for name, value in result.get("ratios", {}).items():
        lines.append(f"{name}: {value}")
    site = result["site"]
    lines.append(
        f"site: {site['mb']} MB, {site['html_pages']} pages, median {site['median_page_kb']} KB, "
        f"search index {site['search_index_mb']} MB"
    )
    inc = result.get("incremental")
    if inc:
        lines.append(
            f"add one article: {inc['total_s']:.1f} s, "
            f"clean+analyze {inc['clean_analyze_s']:.2f} s, {inc['cache_misses']} cache misses, "
            f"{inc['pages_written']} of {inc['pages_total']} pages rewritten"
        )
    corpus = result["corpus"]
    lines.append(
        f"corpus: {corpus['files']} files ({corpus['html_files']} HTML), "
        f"{corpus['merged_as_duplicates']} merged as duplicates, {corpus['rejected']} rejected, "
        f"actors {corpus['actors']}, {corpus['actor_mentions_per_article']} mentions per article"
    )
    search = result.get("search")
    if search:
        lines.append(f"search: {search}")
    return lines
