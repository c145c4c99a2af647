"""Score a cleaner on the external extraction benchmark from inside pytest.

The benchmark lives in ../shared/bench/extraction (override with the
EXTRACTION_BENCH environment variable); its own evaluate.py does the scoring so
the figures are the same as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.benchmarks.extraction import default_bench_dir, load_evaluate

BENCH_DIR = default_bench_dir()


@dataclass(slots=True, kw_only=True)
class BenchResult:
    f1: float
    precision: float
    recall: float
    docs: int
    cpu_seconds: float

    @property
    def docs_per_cpu_second(self) -> float:
        return self.docs / self.cpu_seconds if self.cpu_seconds else float("inf")


def score(fn: Callable[..., str], input_kind: str) -> BenchResult:
    """Run `fn` over every benchmark page of `input_kind` ('html' or 'textdump')."""
    ev = load_evaluate(BENCH_DIR)
    gold = ev.load_gold(BENCH_DIR)
    docs = ev.load_inputs(BENCH_DIR, input_kind, sorted(gold))
    urls = {k: v.get("url") for k, v in gold.items()}
    outputs, _wall, cpu, _errors = ev.apply(fn, docs, urls)
    summary = ev.summarize(ev.score_predictions(gold, outputs))
    return BenchResult(
        f1=summary["f1"],
        precision=summary["precision"],
        recall=summary["recall"],
        docs=len(docs),
        cpu_seconds=cpu,
    )
