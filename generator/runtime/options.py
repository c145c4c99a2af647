"""One options object for a run, passed down from the command to every stage.

Like mkdocs' `config` or trafilatura's `Extractor`: the command line (or a
Python caller) fills `RunOptions` (or `BuildOptions` for a site) once, and the
pipeline reads what it needs from `Run`, which adds the services a run uses
(cache, timing meter, progress callback). No stage receives a loose list of
`jobs=`, `cache=`, `scheduler=`, `progress=` keywords.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, code_version
from .meter import Meter, WallMeter

log = logging.getLogger(__name__)

# The source checkout the package runs from (a clone, or an editable install). An
# installed wheel has no project here: the command line then needs a project folder
# (`project_root`), and a Python caller passes its folders in the options.
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REGISTRY_DIR = REPO_ROOT / "registry"
# What makes a folder a wiki project: the file MkDocs builds it with.
PROJECT_MARKER = "mkdocs.yml"
# Per-article results are cached here unless --no-cache (relative to the working folder).
DEFAULT_CACHE_DIR = Path(".cache") / "generator"
# Larger seed files are rejected without being read whole.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# progress(stage, items done since the last call): a progress bar's update.
Progress = Callable[[str, int], None]


@dataclass(slots=True, kw_only=True, frozen=True)
class SiteSources:
    """What the site is made with besides the generated pages."""

    config: Path  # the repository's mkdocs.yml
    docs_dir: Path  # hand-written pages and assets


def repository_sources() -> SiteSources:
    return project_sources(REPO_ROOT)


def project_sources(root: Path) -> SiteSources:
    """The mkdocs.yml and docs/ of the wiki project in `root`."""
    return SiteSources(config=root / PROJECT_MARKER, docs_dir=root / "docs")


def is_project(folder: Path) -> bool:
    return (folder / PROJECT_MARKER).is_file()


def project_root(explicit: Path | None, *, cwd: Path | None = None) -> Path | None:
    """The wiki project a command works on, or None when there is none.

    `--project DIR` when given; else the current folder when it holds a
    mkdocs.yml (what `newswiki` expects); else the source checkout the package
    runs from, so `python -m generator` inside the repository (or from a test's
    temporary folder) works as it always has. An installed wheel has no such
    checkout, and outside a project it finds nothing.
    """
    if explicit is not None:
        return explicit
    here = cwd if cwd is not None else Path.cwd()
    if is_project(here):
        return here
    if is_project(REPO_ROOT):
        return REPO_ROOT
    return None


@dataclass(slots=True, kw_only=True, frozen=True)
class RunOptions:
    """What the user chose for reading and analysing a seeds folder."""

    seeds_dir: Path
    registry_dir: Path = DEFAULT_REGISTRY_DIR
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # worker processes; 0: all cores
    cache_dir: Path | None = DEFAULT_CACHE_DIR  # None: no cache
    scheduler: str | None = None  # a Dask scheduler address: clean and analyze run there


@dataclass(slots=True, kw_only=True, frozen=True)
class BuildOptions(RunOptions):
    """RunOptions plus where and how the site is built."""

    site_dir: Path
    strict: bool = False
    # Index article text in the site search; None: only for small corpora
    # (write.site.FULL_TEXT_SEARCH_MAX_ARTICLES).
    full_text_search: bool | None = None
    site_sources: SiteSources = field(default_factory=repository_sources)
    # The published base URL ("https://owner.github.io/repo/"): with it the site gets
    # a sitemap, canonical links, absolute feed links and a 404 page that works under
    # the sub-path. None: a local preview without them.
    site_url: str | None = None


@dataclass(slots=True, kw_only=True)
class Run:
    """One run: its options and the services every stage shares."""

    options: RunOptions
    cache: Cache
    meter: Meter
    progress: Progress | None = None
    # The code's version, part of every cache key; "" when nothing is cached.
    version: str = ""

    @classmethod
    def start(
        cls,
        options: RunOptions,
        *,
        progress: Progress | None = None,
        meter: Meter | None = None,
        cache: Cache | None = None,
    ) -> Run:
        """A run with the cache the options name (none with `cache_dir=None`)."""
        if cache is None:
            cache = Cache(root=options.cache_dir)
            problem = cache.problem()
            if problem is not None:
                # Only a cache: the build goes on without it, saying so once.
                log.warning(
                    "cache %s cannot be used (%s); building without it", cache.root, problem
                )
                cache = Cache(root=None)
        return cls(
            options=options,
            cache=cache,
            meter=meter if meter is not None else WallMeter(),
            progress=progress,
            version=code_version() if cache.root is not None else "",
        )
