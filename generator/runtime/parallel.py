"""Run a per-article function over many items: in this process, in worker processes, or on a
Dask cluster, always with the results in input order.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Starting workers and importing trafilatura in each costs about a second;
# below this many items per worker, one process is faster.
MIN_ITEMS_PER_WORKER = 8
# Items go to workers in chunks: a few per worker is enough to balance the load
# (articles cost about the same), and every chunk costs a round trip.
CHUNKS_PER_WORKER = 8


def effective_jobs(jobs: int) -> int:
    """0 means all cores."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def map_ordered(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    on_done: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> list[R]:
    """`[fn(x) for x in items]`, results in input order whatever the worker count.

    `fn` must be picklable (a module-level function or a functools.partial of
    one). `on_done(n)` is called as results arrive, for a progress bar. With
    `scheduler` (a Dask scheduler address, `tcp://host:port`) the items run on
    that cluster's workers instead of local processes.
    """
    if scheduler is not None:
        from .dask_cluster import map_on_cluster  # Dask is an optional extra

        return map_on_cluster(fn, items, address=scheduler, on_done=on_done)
    workers = min(effective_jobs(jobs), max(1, len(items) // MIN_ITEMS_PER_WORKER))
    results: list[R] = []
    if workers <= 1:
        for item in items:
            results.append(fn(item))
            if on_done:
                on_done(1)
        return results
    chunksize = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
    # gc.freeze: the objects a worker inherits (the corpus so far) are left out
    # of the collections it runs (`_start_worker`).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start_worker, initargs=(fn,)
        ) as pool:
            for result in pool.map(_call_worker_fn, items, chunksize=chunksize):
                results.append(result)
                if on_done:
                    on_done(1)
    finally:
        gc.unfreeze()
    return results


# The function a worker process runs, set once per worker by `_start_worker`.
# pool.map(fn, ...) would pickle fn with every chunk of items, and unpickling
# a partial that carries the registries costs 60 ms each time; forked workers
# inherit it instead (spawned ones get it pickled once).
_worker_fn: Callable[[Any], Any] | None = None


def _start_worker(fn: Callable[[Any], Any]) -> None:
    global _worker_fn
    _worker_fn = fn
    # A worker forked while the corpus is assembled (collector paused,
    # pipeline.collector_paused) collects its own garbage as usual.
    gc.enable()


def _call_worker_fn(item: Any) -> Any:
    assert _worker_fn is not None, "worker started without _start_worker"
    return _worker_fn(item)
