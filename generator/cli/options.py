"""Command-line options several sub-commands share (`build`, `export`, `add`, `check`, ...)."""

from __future__ import annotations

import argparse
import os
from dataclasses import fields
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UserError
from ..runtime.options import (
    DEFAULT_CACHE_DIR,
    DEFAULT_MAX_BYTES,
    DEFAULT_REGISTRY_DIR,
    PROJECT_MARKER,
    BuildOptions,
    RunOptions,
    is_project,
    project_root,
    project_sources,
)

# The deploy workflow sets this from actions/configure-pages (`--site-url` wins).
SITE_URL_ENV = "NEWSWIKI_SITE_URL"


def project_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """--project DIR, before or after the sub-command (`newswiki --project DIR build`)."""
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        # On a sub-command: absent leaves the top-level value alone.
        default=None if top_level else argparse.SUPPRESS,
        help="the wiki project (mkdocs.yml, registry/, docs/, seeds/); default: the current folder",
    )


def explicit_project(args: argparse.Namespace) -> Path | None:
    project = getattr(args, "project", None)
    return Path(project) if project is not None else None


def require_project(args: argparse.Namespace) -> Path:
    """The project folder a command needs (its mkdocs.yml, docs/ or registry/), or a UserError."""
    explicit = explicit_project(args)
    root = project_root(explicit)
    if root is None:
        raise UserError(
            f"no wiki project in {Path.cwd()} (no {PROJECT_MARKER}): run in a project folder, "
            "pass --project DIR, or create one with `newswiki init DIR`"
        )
    if not is_project(root):
        raise UserError(f"{root} is not a wiki project: it has no {PROJECT_MARKER}")
    return root


def _relative_default(args: argparse.Namespace, value: Path | None, name: str | Path) -> Path:
    """An explicit value as given; else `name` inside --project DIR, or in the current folder."""
    if value is not None:
        return Path(value)
    explicit = explicit_project(args)
    return explicit / name if explicit is not None else Path(name)


def registry_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "registry", None)
    return Path(given) if given is not None else require_project(args) / "registry"


def site_url(value: str | None) -> str | None:
    """The published base URL, checked and ending in "/" (MkDocs joins page paths onto it)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--site-url must be an http(s) address, got {value!r}")
    return value if value.endswith("/") else value + "/"


def seed_options(
    parser: argparse.ArgumentParser,
    *,
    registry: bool = True,
    strict: bool = False,
    scheduler: bool = False,
) -> None:
    """--seeds, --registry, --max-bytes, --no-cache, --cache-dir, --jobs (and --strict,
    --scheduler where the command has them)."""
    parser.add_argument("--seeds", type=Path, help="raw dumps (default: the project's seeds/)")
    if registry:
        parser.add_argument(
            "--registry",
            type=Path,
            help="folder with actors.yml and topics.yml (default: the project's registry/)",
        )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"reject seed files larger than this (default: {DEFAULT_MAX_BYTES})",
    )
    if strict:
        parser.add_argument("--strict", action="store_true", help="exit 1 if any input is rejected")
    parser.add_argument("--no-cache", action="store_true", help="recompute every article")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help=f"per-article result cache (default: {DEFAULT_CACHE_DIR} in the project)",
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    if scheduler:
        parser.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="run clean and analyze on a Dask cluster (tcp://HOST:PORT; needs the dask extra)",
        )


def run_options(args: argparse.Namespace) -> RunOptions:
    """The one options object of a command that reads seeds, from its parsed arguments."""
    return RunOptions(
        seeds_dir=_relative_default(args, args.seeds, "seeds"),
        # `add` has no --registry: it reads no registry.
        registry_dir=registry_dir(args) if hasattr(args, "registry") else DEFAULT_REGISTRY_DIR,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        cache_dir=None
        if args.no_cache
        else _relative_default(args, args.cache_dir, DEFAULT_CACHE_DIR),
        scheduler=getattr(args, "scheduler", None),
    )


def build_options(args: argparse.Namespace) -> BuildOptions:
    """`run_options` plus the project's site sources, the site folder, --strict and
    --site-url (or $NEWSWIKI_SITE_URL), for `build`."""
    run = run_options(args)
    shared = {f.name: getattr(run, f.name) for f in fields(RunOptions)}
    url = getattr(args, "site_url", None)
    if url is None:
        url = os.environ.get(SITE_URL_ENV)
    return BuildOptions(
        **shared,
        site_dir=_relative_default(args, args.site, "site"),
        strict=args.strict,
        site_sources=project_sources(require_project(args)),
        site_url=site_url(url),
    )
