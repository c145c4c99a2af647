"""The README documents every sub-command and option the command line has."""

from __future__ import annotations

import argparse
import re

import pytest

from generator.cli import make_parser

from .conftest import REPO


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in ("--help", "--version")
    )


README = (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_subcommand_is_in_the_usage_table(command: str) -> None:
    assert re.search(rf"^\| `{re.escape(command)}\b", README, re.M), command


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name, parser in sorted(_subcommands().items())
        for option in _options(parser)
    ],
)
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert re.search(rf"`[^`]*{re.escape(option)}\b[^`]*`", README), f"{command} {option}"
