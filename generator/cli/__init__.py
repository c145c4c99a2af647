"""Command line: parse arguments, call the library, print one summary line.

Exit codes:
  0  done (a build also succeeds when some inputs were rejected; they are reported)
  1  --strict and something was rejected, or a check failed
  2  usage or input error the user can fix (message on one line)
  3  the site could not be built
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..commands.build import build_site, export_corpus, registries_or_error
from ..commands.clean import clean_inputs, read_clean_inputs
from ..errors import SiteBuildError, UserError
from ..model.export import dumps
from ..model.records import Rejection
from ..runtime.options import DEFAULT_MAX_BYTES
from ..runtime.progress import ProgressBar
from ..text.invisible import one_line
from . import bench as bench_cli
from . import contrib as cli_contrib
from . import init as init_cli
from .options import build_options, project_option, registry_dir, run_options, seed_options

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3

log = logging.getLogger("generator")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (and exit code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    project_option(parser)


def make_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """`prog`: the name in usage lines (`newswiki` when installed; default from argv[0])."""
    parser = _Parser(prog=prog or _prog_name(), description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    project_option(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build = sub.add_parser("build", help="seeds to a built site", description="Build the site.")
    seed_options(build, strict=True, scheduler=True)
    build.add_argument("--site", type=Path, help="output (default: the project's site/)")
    build.add_argument(
        "--site-url",
        metavar="URL",
        help="the published base URL, e.g. https://owner.github.io/repo/: sitemap, canonical "
        "links, absolute feed links, a 404 page that works under the sub-path "
        "(default: $NEWSWIKI_SITE_URL; without it, a local preview)",
    )
    _common(build)

    export = sub.add_parser("export", help="the normalized corpus as JSON")
    seed_options(export, strict=True, scheduler=True)
    export.add_argument("--out", type=Path, required=True, help="JSON file to write (- for stdout)")
    _common(export)

    clean = sub.add_parser(
        "clean",
        help="raw dumps to cleaned body text",
        description="Print a dump's cleaned body (paragraphs separated by a blank line), "
        "or with --out DIR write DIR/<input file name>.txt for each input.",
    )
    clean.add_argument("files", nargs="+", help="dump files, or - for standard input")
    clean.add_argument("--json", action="store_true", help="print the article record instead")
    clean.add_argument("--out", type=Path, help="write one <name>.txt (or .json) per input here")
    clean.add_argument("--registry", type=Path, help="default: the project's registry/")
    clean.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    _common(clean)
    build.set_defaults(handler=cmd_build)
    export.set_defaults(handler=cmd_export)
    clean.set_defaults(handler=cmd_clean)
    for name, handler in cli_contrib.add_parsers(sub, _common).items():
        sub.choices[name].set_defaults(handler=handler)
    bench_cli.add_parser(sub, _common)
    init_cli.add_parser(sub, _common)
    return parser


def _prog_name() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "newswiki" if name == "newswiki" else "python -m generator"


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING
    if args.quiet:
        level = logging.ERROR
    elif args.verbose >= 2:
        level = logging.DEBUG
    elif args.verbose == 1:
        level = logging.INFO
    # force: a second main() in one process (tests, a caller) sets its own level and
    # stream; the handler writes to sys.stderr as it is when a record is emitted.
    handler = _StderrHandler()
    handler.setFormatter(_OneLineFormatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)


class _OneLineFormatter(logging.Formatter):
    """Messages name input files and quote input text: one line each, nothing invisible.

    A file name with a line break could otherwise start a line of its own,
    which a CI runner may read as a workflow command (`::error ...`).
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Logs to whatever sys.stderr is at the time of each record."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _report_rejections(rejected: Sequence[Rejection]) -> None:
    for item in rejected:
        log.warning("rejected %s: %s", item.source, item.reason)


def cmd_build(args: argparse.Namespace) -> int:
    options = build_options(args)
    with ProgressBar(enabled=not args.quiet) as bar:
        summary = build_site(options, progress=bar.update)
    _report_rejections(summary.rejected)
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    if args.strict and summary.rejected:
        log.error("--strict: %d input(s) rejected", len(summary.rejected))
        return EXIT_STRICT
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    corpus = export_corpus(run_options(args), args.out)
    _report_rejections(corpus.rejected)
    if not args.quiet and str(args.out) != "-":
        print(
            f"Done: exported {len(corpus.articles)} articles to {args.out}, "
            f"{len(corpus.rejected)} rejected",
            file=sys.stderr,
        )
    return EXIT_STRICT if args.strict and corpus.rejected else EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    registries = registries_or_error(registry_dir(args)) if args.json else None
    if args.out is None and len(args.files) > 1:
        raise UserError("several input files need --out DIR")
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create {args.out}: {exc.strerror or exc}") from exc
    failures = 0
    inputs = read_clean_inputs(args.files, max_bytes=args.max_bytes, stdin=sys.stdin.buffer)
    for result in clean_inputs(inputs, registries):
        if isinstance(result, Rejection):
            log.error("%s: %s", result.source, result.reason)
            failures += 1
            continue
        if isinstance(result.outcome, Rejection):
            log.error("%s: %s", result.source, result.outcome.reason)
            failures += 1
        output = dumps(result.record()) if args.json else result.body_text()
        if args.out is None:
            sys.stdout.write(output)
        else:
            suffix = ".json" if args.json else ".txt"
            # Only the base name: an input path cannot place output outside --out.
            (args.out / (Path(result.source).name + suffix)).write_text(output, "utf-8")
    return EXIT_STRICT if failures and args.out is None else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    _configure_logging(args)
    try:
        return int(args.handler(args))
    except UserError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except SiteBuildError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_BUILD
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
