"""Command line for contributors: `add`, `check` and `serve`.

Registered into `generator.cli` by `add_parsers`; same conventions as the
other commands: exit 0 done, 1 refused or check failed, 2 usage error (raised
as `UserError`, printed by `cli.main` as one line).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..commands.add import add_seed
from ..commands.check import check_seeds
from ..commands.serve import serve
from ..errors import UserError
from ..runtime.options import project_sources
from ..text.invisible import one_line
from .options import require_project, run_options, seed_options

EXIT_OK, EXIT_FAILED = 0, 1

Command = Callable[[argparse.Namespace], int]
Options = Callable[[argparse.ArgumentParser], None]
P = TypeVar("P", bound=argparse.ArgumentParser)


def add_parsers(sub: argparse._SubParsersAction[P], common: Options) -> dict[str, Command]:
    """Add the `add`, `check` and `serve` sub-commands; returns their handlers by name."""
    add = sub.add_parser(
        "add",
        help="add a raw dump (file or URL) to the seeds",
        description="Copy a raw dump, or download a URL, into the seeds folder under a stable "
        "name with a metadata sidecar. Refuses an exact or near duplicate of an existing "
        "seed (naming it) and a file that yields no article.",
    )
    add.add_argument("source", metavar="PATH|URL", help="dump file, or http(s) URL to download")
    seed_options(add, registry=False)
    add.add_argument("--url", help="the article's address (default: the URL added)")
    add.add_argument("--publisher", help="who published it, e.g. 'Reuters'")
    add.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    common(add)

    check = sub.add_parser(
        "check",
        help="what a pull-request check runs",
        description="Every seed must decode and yield an article, and no two seeds may be "
        "near-duplicates. Prints what the seeds (or the changed seeds) produced and the "
        "new actor candidates for review. Builds the corpus, not the site.",
    )
    seed_options(check)
    check.add_argument(
        "--changed-from",
        metavar="REV",
        help="summarize only seeds added or changed since this git revision",
    )
    check.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    common(check)

    serve = sub.add_parser(
        "serve",
        help="preview the site locally with mkdocs serve",
        description="Generate the pages into a temporary folder and run `mkdocs serve` on it.",
    )
    seed_options(serve)
    serve.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="address to serve on (default: 127.0.0.1:8000)",
    )
    common(serve)
    return {"add": cmd_add, "check": cmd_check, "serve": cmd_serve}


def cmd_add(args: argparse.Namespace) -> int:
    result = add_seed(
        args.source,
        run_options(args),
        url=args.url,
        publisher=args.publisher,
        published=args.published,
    )
    if not result.ok:
        print(f"error: {one_line(result.line())}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"Done: {one_line(result.line())}", file=sys.stderr)
        if result.sidecar is not None:
            print(f"metadata: {result.sidecar}", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    report = check_seeds(run_options(args), changed_from=args.changed_from)
    if args.summary is not None:
        try:
            with args.summary.open("a", encoding="utf-8") as handle:
                handle.write(report.render_markdown())
        except OSError as exc:
            raise UserError(f"cannot write {args.summary}: {exc.strerror or exc}") from exc
    if not args.quiet or not report.ok:
        sys.stdout.write(report.render_text())
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(
        run_options(args),
        dev_addr=args.dev_addr,
        sources=project_sources(require_project(args)),
    )
