"""`build` and `export` as library functions: seeds to a corpus, to a site or to JSON.

The CLI only parses arguments into one options object and calls these;
everything here is usable from Python and raises `UserError` (one line for the
user) on bad input.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from ..analyze.actor_registry import RegistryError
from ..analyze.registries import Registries, load_registries
from ..analyze.topics.taxonomy import TaxonomyError
from ..errors import UserError
from ..model.corpus import Corpus
from ..model.export import corpus_to_dict, dumps
from ..model.records import Rejection
from ..pipeline import corpus_from_seeds, write_site
from ..publish import DocsStats
from ..runtime.cache import CacheStats
from ..runtime.dask_cluster import DaskError, require_dask
from ..runtime.meter import STAGES, Meter
from ..runtime.options import BuildOptions, Progress, Run, RunOptions

log = logging.getLogger(__name__)


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


def gather(run: Run) -> Corpus:
    """The corpus of the run's seeds folder, every analysis done (nothing written)."""
    options = run.options
    if not options.seeds_dir.is_dir():
        raise UserError(f"seeds folder not found: {options.seeds_dir}")
    registries = registries_or_error(options.registry_dir)
    try:
        if options.scheduler is not None:
            require_dask()
        corpus = corpus_from_seeds(registries, run)
    except DaskError as exc:
        raise UserError(str(exc)) from exc
    if run.cache.root is not None:
        stats = run.cache.stats
        log.info(
            "cache: %d hits, %d misses, %d corrupt entries", stats.hits, stats.misses, stats.corrupt
        )
    return corpus


def load_corpus(
    options: RunOptions, *, progress: Progress | None = None, meter: Meter | None = None
) -> Corpus:
    """Seeds to a corpus, as `build` gathers it, without writing a page."""
    return gather(Run.start(options, progress=progress, meter=meter))


def build_site(
    options: BuildOptions, *, progress: Progress | None = None, meter: Meter | None = None
) -> BuildSummary:
    started = time.perf_counter()
    run = Run.start(options, progress=progress, meter=meter)
    corpus = gather(run)
    docs = write_site(corpus, options, run)
    return BuildSummary(
        corpus=corpus,
        seconds=time.perf_counter() - started,
        stage_seconds={k: run.meter.seconds[k] for k in STAGES if k in run.meter.seconds},
        docs=docs,
        cache=run.cache.stats if run.cache.root is not None else None,
    )


def export_corpus(options: RunOptions, out: Path) -> Corpus:
    corpus = load_corpus(options)
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
