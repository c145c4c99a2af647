"""Shared fixtures: the seeds site, built once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def run_generator(
    *args: str | Path, cwd: Path = REPO, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it (the CLI is tested as wiring)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin.decode("utf-8") if stdin is not None else None,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("seeds-site") / "site"
    result = run_generator("build", "--seeds", SEEDS, "--site", site)
    assert result.returncode == 0, result.stderr
    return site
