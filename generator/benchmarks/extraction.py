"""The external extraction benchmark: where it is, its scorer, and adapters for it.

    python ../shared/bench/extraction/evaluate.py \
        --extractor generator.benchmarks.extraction:html_body
    python ../shared/bench/extraction/evaluate.py --input textdump \
        --extractor generator.benchmarks.extraction:text_body
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

from ..clean.html import extract_html
from ..clean.textdump import extract_text_dump

BENCH_ENV = "EXTRACTION_BENCH"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def default_bench_dir() -> Path:
    """$EXTRACTION_BENCH, else ../shared/bench/extraction beside the repository."""
    configured = os.environ.get(BENCH_ENV)
    if configured:
        return Path(configured)
    return _REPO_ROOT.parent / "shared" / "bench" / "extraction"


def load_evaluate(bench_dir: Path) -> ModuleType:
    """The benchmark's own evaluate.py, imported from `bench_dir` (it is not a package)."""
    spec = importlib.util.spec_from_file_location("extraction_evaluate", bench_dir / "evaluate.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(bench_dir / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_body(doc: str, url: str | None = None) -> str:
    """Body text the HTML cleaner keeps, paragraphs separated by a blank line."""
    return "\n\n".join(extract_html(doc, url=url).paragraphs)


def text_body(doc: str) -> str:
    """Body text the text-dump cleaner keeps, paragraphs separated by a blank line."""
    return "\n\n".join(extract_text_dump(doc).paragraphs)
