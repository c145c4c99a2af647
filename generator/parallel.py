"""Run a per-article function over many items, in worker processes when it pays."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Starting workers and importing trafilatura in each costs about a second;
# below this many items per worker, one process is faster.
MIN_ITEMS_PER_WORKER = 8


def effective_jobs(jobs: int) -> int:
    """0 means all cores."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def map_ordered(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    on_done: Callable[[int], None] | None = None,
) -> list[R]:
    """`[fn(x) for x in items]`, results in input order whatever the worker count.

    `fn` must be picklable (a module-level function or a functools.partial of
    one). `on_done(1)` is called as each result arrives, for a progress bar.
    """
    workers = min(effective_jobs(jobs), max(1, len(items) // MIN_ITEMS_PER_WORKER))
    results: list[R] = []
    if workers <= 1:
        for item in items:
            results.append(fn(item))
            if on_done:
                on_done(1)
        return results
    chunksize = max(1, len(items) // (workers * 16))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(fn, items, chunksize=chunksize):
            results.append(result)
            if on_done:
                on_done(1)
    return results
