"""Command-line options several sub-commands share (`build`, `export`, `add`, `check`, ...)."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from ..runtime.options import (
    DEFAULT_CACHE_DIR,
    DEFAULT_MAX_BYTES,
    DEFAULT_REGISTRY_DIR,
    BuildOptions,
    RunOptions,
)


def seed_options(
    parser: argparse.ArgumentParser,
    *,
    registry: bool = True,
    strict: bool = False,
    scheduler: bool = False,
) -> None:
    """--seeds, --registry, --max-bytes, --no-cache, --cache-dir, --jobs (and --strict,
    --scheduler where the command has them)."""
    parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="raw dumps (default: seeds)"
    )
    if registry:
        parser.add_argument(
            "--registry",
            type=Path,
            default=DEFAULT_REGISTRY_DIR,
            help="folder with actors.yml and topics.yml (default: the repository's registry/)",
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
        default=DEFAULT_CACHE_DIR,
        help=f"per-article result cache (default: {DEFAULT_CACHE_DIR})",
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
        seeds_dir=args.seeds,
        registry_dir=getattr(args, "registry", DEFAULT_REGISTRY_DIR),
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        cache_dir=None if args.no_cache else Path(args.cache_dir),
        scheduler=getattr(args, "scheduler", None),
    )


def build_options(args: argparse.Namespace) -> BuildOptions:
    """`run_options` plus the site folder and --strict, for `build`."""
    run = run_options(args)
    shared = {f.name: getattr(run, f.name) for f in fields(RunOptions)}
    return BuildOptions(**shared, site_dir=args.site, strict=args.strict)
