"""The two floors a build is compared with, measured on the same inputs in the same run.

* Bare trafilatura: `trafilatura.extract()` with its defaults on every input,
  spread over the same workers as the clean stage. An HTML page goes in as it
  is; a text dump goes in with each non-empty line wrapped in `<p>` (as in the
  extraction benchmark's `textdump-p` input, and in DESIGN.md's figures), since
  trafilatura given bare text finds nothing. Inputs are decoded the way the
  pipeline decodes them; only the extraction is different.
* Plain MkDocs: `python -m mkdocs build` of the very Markdown the build wrote,
  with the repository's configuration, into a throwaway folder.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import trafilatura

from ...ingest import SeedFile
from ...publish import PublishError, write_config
from ...runtime.options import SiteSources
from ...runtime.parallel import map_ordered
from ...text.encoding import decode_bytes, sniff_kind


def as_trafilatura_input(seed: SeedFile) -> str:
    text, _encoding = decode_bytes(seed.data)
    if sniff_kind(text) == "html":
        return text
    lines = (html.escape(line.strip()) for line in text.splitlines() if line.strip())
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"


def bare_trafilatura(seed: SeedFile) -> int:
    """Characters trafilatura extracts from one input (the text stays in the worker)."""
    return len(trafilatura.extract(as_trafilatura_input(seed)) or "")


def trafilatura_floor(
    seeds: list[SeedFile], *, jobs: int, scheduler: str | None = None
) -> list[int]:
    return map_ordered(bare_trafilatura, seeds, jobs=jobs, scheduler=scheduler)


def plain_mkdocs(docs_dir: Path, sources: SiteSources) -> None:
    """`mkdocs build` of docs_dir with the site's configuration; the output is thrown away."""
    scratch = Path(tempfile.mkdtemp(prefix="newswiki-mkdocs-floor-"))
    try:
        config = scratch / "mkdocs.yml"
        write_config(sources, docs_dir=docs_dir.resolve(), site_dir=scratch / "site", target=config)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode != 0:
            raise PublishError(f"plain mkdocs build failed: {proc.stderr.strip()[-300:]}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
