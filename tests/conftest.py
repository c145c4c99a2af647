"""Shared fixtures: the seeds site, built once per test session."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@cache
def site_extensions() -> tuple[tuple[str, ...], dict[str, Any]]:
    """The Markdown extensions (and their settings) that mkdocs.yml gives the site."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, opts),) = entry.items()
            names.append(name)
            options[name] = opts or {}
        else:
            names.append(entry)
    return tuple(names), options


def site_markdown(text: str) -> str:
    """Markdown to HTML as the site converts it (Python-Markdown, the site's extensions)."""
    names, options = site_extensions()
    return markdown.markdown(text, extensions=list(names), extension_configs=options)


@pytest.fixture(autouse=True)
def _work_in_a_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own temporary folder.

    A relative default (the cache's `.cache/generator`, `site/`) then lands
    there, never in the repository, and no test sees another's cache.
    """
    monkeypatch.chdir(tmp_path)


def run_generator(
    *args: str | Path, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a fresh process, in `cwd` (default: the test's folder).

    For what only a real process shows; `tests/cli.py:invoke` runs the CLI in-process.
    """
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or Path.cwd(),
        capture_output=True,
        text=True,
        input=stdin.decode("utf-8") if stdin is not None else None,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds-site")
    site = folder / "site"
    result = run_generator(
        "build", "--seeds", SEEDS, "--site", site, "--cache-dir", folder / "cache", cwd=folder
    )
    assert result.returncode == 0, result.stderr
    return site


# The address the published-site tests build for: a GitHub Pages project site.
SUB_PATH_SITE_URL = "https://owner.example.org/repo/"


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds site built for publishing under a sub-path (`--site-url .../repo/`)."""
    folder = tmp_path_factory.mktemp("subpath-site")
    site = folder / "site"
    result = run_generator(
        "build",
        "--seeds",
        SEEDS,
        "--site",
        site,
        "--cache-dir",
        folder / "cache",
        "--site-url",
        SUB_PATH_SITE_URL,
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    assert "no --site-url" not in result.stderr
    return site
