"""The search index stays small: the first search of a bench site answers in a browser.

The 10,000-article figure is measured by hand (`bench --search-browser`,
docs/performance.md); here a small bench site shows the probe works and that
what the index leaves out (article bodies, long lists) does not stop a reader
from finding articles by an actor's name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.benchmarks.scale.run import BenchOptions, run_bench
from generator.benchmarks.scale.search_probe import first_search

from ..benchscore import BENCH_DIR
from .conftest import browser_skip_reason

pytestmark = pytest.mark.browser


@pytest.mark.skipif(browser_skip_reason() is not None, reason=str(browser_skip_reason()))
@pytest.mark.skipif(not (BENCH_DIR / "ground-truth.json").is_file(), reason="no bench material")
def test_first_search_on_a_bench_site(tmp_path: Path) -> None:
    result = run_bench(
        # Indexed as a large corpus is: no article text (small ones index it all).
        BenchOptions(
            articles=30,
            work_dir=tmp_path,
            jobs=1,
            floors=False,
            add_one=False,
            full_text_search=False,
        )
    )
    site = tmp_path / "30" / "site"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    article_docs = [d for d in index["docs"] if d["location"].startswith("articles/")]
    # Article bodies are not indexed; titles and the actors' names are.
    assert all("¶" not in d["text"] for d in article_docs)
    assert any(d["location"].endswith("#actors") and d["text"] for d in article_docs)
    top = max(
        (
            a
            for a in index["docs"]
            if a["location"].startswith("actors/") and "#" not in a["location"]
        ),
        key=lambda d: d["location"],
    )
    found = first_search(site, top["title"], repeat=1)
    assert found["results_shown"] > 0
    assert found["from_navigation_s"] < 20
    assert result["site"]["search_index_mb"] == found["index_mb"]
