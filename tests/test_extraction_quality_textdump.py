"""The text-dump cleaner on the external extraction benchmark (181 pages).

Scores `generator.benchmarks.extraction:text_body` with the benchmark's own scorer, as on
the command line:

    .venv/bin/python ../shared/bench/extraction/evaluate.py --input textdump \
        --extractor generator.benchmarks.extraction:text_body --bootstrap 0

The shipped classifier was trained on these pages, so the figure measured here
is in-sample; the honest, cross-validated figure (each page scored by a model
that never saw it) is recorded in generator/data/textdump_model.json by
`python -m generator.benchmarks.textdump_train` and checked below as well.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.benchmarks.extraction import text_body
from generator.clean.textdump_model import MODEL_PATH

from .benchscore import BENCH_DIR, score

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (BENCH_DIR / "evaluate.py").is_file() or not (BENCH_DIR / "textdump").is_dir(),
        reason=f"extraction benchmark not found at {BENCH_DIR} (set EXTRACTION_BENCH)",
    ),
]

# Measured 2026-11-22: F1 0.928, P 0.928, R 0.928 (shipped model, in-sample).
# The floor only moves up, deliberately.
FLOOR = 0.923
PFLOOR = 0.923
# Cross-validated figures the training run must have reached (5-fold, grouped
# by document; measured F1 0.914, P 0.920). The floor only moves up, deliberately.
CV_FLOOR = 0.90
CV_PFLOOR = 0.90


def test_textdump_body_quality_and_speed() -> None:
    ours = score(text_body, "textdump")
    assert ours.f1 >= FLOOR, f"F1 {ours.f1:.3f} < {FLOOR}"
    assert ours.precision >= PFLOOR, f"precision {ours.precision:.3f} < {PFLOOR}"

    # Speed: a text dump must cost no more CPU than trafilatura on the same
    # page's HTML. Both are measured in this run, in CPU seconds, so a loaded
    # machine slows both alike.
    trafilatura = pytest.importorskip("trafilatura")

    def trafilatura_html(doc: str) -> str:
        return str(trafilatura.extract(doc, include_comments=False) or "")

    reference = score(trafilatura_html, "html")
    assert ours.docs_per_cpu_second >= reference.docs_per_cpu_second, (
        f"text dumps {ours.docs_per_cpu_second:.0f} docs/cpu-s, "
        f"trafilatura on HTML {reference.docs_per_cpu_second:.0f} docs/cpu-s"
    )


def test_recorded_cross_validation_meets_the_target() -> None:
    model: dict[str, Any] = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    cv = model["cross_validation"]
    assert cv["grouping"] == "document"
    assert cv["folds"] >= 5
    assert cv["f1"] >= CV_FLOOR
    assert cv["precision"] >= CV_PFLOOR
