"""`init DIR`: a new wiki project (the analogue of `mkdocs new`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..commands.init import init_project

P = TypeVar("P", bound=argparse.ArgumentParser)


def add_parser(
    sub: argparse._SubParsersAction[P], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    init = sub.add_parser(
        "init",
        help="create a new wiki project",
        description="Create a wiki project in DIR (new or empty): mkdocs.yml, theme overrides, "
        "docs/, registry/, an empty seeds/ and the GitHub workflows that test and publish it.",
    )
    init.add_argument("directory", type=Path, metavar="DIR", help="the new project's folder")
    common(init)
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    result = init_project(args.directory)
    if not args.quiet:
        print(
            f"Done: created a wiki project in {result.root} ({len(result.files)} files). "
            f"Next: add raw dumps to {result.root / 'seeds'} and run "
            f"`newswiki --project {result.root} build`",
            file=sys.stderr,
        )
    return 0
