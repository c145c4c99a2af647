"""`serve` as a library function: the pages of a corpus previewed with `mkdocs serve`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

from ..pipeline import corpus_pages, stage_preview
from ..runtime.options import RunOptions, SiteSources, repository_sources
from .build import load_corpus


def serve(options: RunOptions, *, dev_addr: str, sources: SiteSources | None = None) -> int:
    """Gather the corpus, stage its pages in a temporary folder, serve until stopped.

    `sources`: the project's mkdocs.yml and docs/ (default: the source checkout's).
    """
    corpus = load_corpus(options)
    sources = sources if sources is not None else repository_sources()
    pages = corpus_pages(corpus, sources)
    staging = Path(tempfile.mkdtemp(prefix="newswiki-serve-"))
    try:
        config_file = stage_preview(pages, sources, staging)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file)]
        command += ["--dev-addr", dev_addr]
        print(f"Serving {len(pages)} pages on http://{dev_addr}/", file=sys.stderr)
        return run_until_stopped(command, env=env)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_until_stopped(command: list[str], *, env: dict[str, str]) -> int:
    """Run a server in the foreground; Ctrl-C or SIGTERM stops it too, never leaves it behind."""
    proc = subprocess.Popen(command, env=env)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            # SIGINT, as Ctrl-C: mkdocs then removes its own temporary folder.
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
