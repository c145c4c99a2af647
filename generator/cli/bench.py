"""`python -m generator bench`: the scale benchmark on the command line.

Prints the figures as a table on stderr; `--json FILE` writes them all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..benchmarks.scale.run import DEFAULT_WORK_DIR, BenchOptions, run_bench, summary_lines
from ..errors import UserError
from ..runtime.options import DEFAULT_REGISTRY_DIR


def add_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    bench = sub.add_parser(
        "bench",
        help="generate N articles from real material, build them, measure every stage",
        description="The scale benchmark: a deterministic corpus of N articles built end to "
        "end, with per-stage wall seconds, CPU seconds and peak memory, the two floors "
        "(bare trafilatura, plain mkdocs build) and an incremental add-one build.",
    )
    bench.add_argument("--articles", type=int, required=True, metavar="N", help="corpus size")
    bench.add_argument("--json", type=Path, dest="json_file", metavar="FILE", help="write figures")
    bench.add_argument(
        "--work-dir",
        type=Path,
        default=DEFAULT_WORK_DIR,
        help=f"corpus, cache and site go to DIR/N (default: {DEFAULT_WORK_DIR})",
    )
    bench.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    bench.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (tcp://HOST:PORT)")
    bench.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY_DIR)
    bench.add_argument(
        "--bench-dir",
        type=Path,
        help="the extraction benchmark (default: $EXTRACTION_BENCH or ../shared/bench/extraction)",
    )
    bench.add_argument("--no-floors", action="store_true", help="skip the two floors")
    bench.add_argument("--no-add-one", action="store_true", help="skip the incremental build")
    bench.add_argument(
        "--search-browser",
        action="store_true",
        help="time the first search in headless Chromium (needs Playwright and /usr/bin/chromium)",
    )
    common(bench)
    bench.set_defaults(handler=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.articles < 1:
        raise UserError("--articles must be at least 1")
    result = run_bench(
        BenchOptions(
            articles=args.articles,
            work_dir=args.work_dir,
            jobs=args.jobs,
            scheduler=args.scheduler,
            registry_dir=args.registry,
            bench_dir=args.bench_dir,
            floors=not args.no_floors,
            add_one=not args.no_add_one,
            search_browser=args.search_browser,
        )
    )
    if not args.quiet:
        for line in summary_lines(result):
            print(line, file=sys.stderr)
    if args.json_file is not None:
        text = json.dumps(result, indent=2, sort_keys=False) + "\n"
        try:
            if str(args.json_file) == "-":
                sys.stdout.write(text)
            else:
                args.json_file.parent.mkdir(parents=True, exist_ok=True)
                args.json_file.write_text(text, "utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.json_file}: {exc.strerror or exc}") from exc
    return 0
