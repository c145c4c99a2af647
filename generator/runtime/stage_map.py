"""One cached, parallel map for every per-article stage (clean, analyze).

A result is a pure function of its item and of the code and registries that
made it, so it is cached under a key of all of them; only the misses run, in
worker processes or on a Dask cluster (`parallel.map_ordered`), and results
come back in input order. Entries of another generation (older code or
registries) can never be hit again and are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from .options import Run
from .parallel import map_ordered

T = TypeVar("T")
R = TypeVar("R")


def cached_map(
    namespace: str,
    work: Callable[[T], R],
    items: Sequence[T],
    run: Run,
    *,
    key: Callable[[T], str],
    generation: str,
    to_json: Callable[[R], Any],
    from_json: Callable[[Any], R],
) -> list[R]:
    """`[work(x) for x in items]`: cached results first, the rest in parallel.

    `namespace` names the cache table's rows and the progress stage; `work`
    must be picklable (a module-level function or a partial of one).
    """
    caching = run.cache.root is not None
    keys = [key(item) for item in items] if caching else []
    results: list[R | None] = [None] * len(items)
    if caching:
        cached = run.cache.get_many(namespace, keys)
        for i, k in enumerate(keys):
            if k in cached:
                results[i] = from_json(cached[k])
    todo = [i for i, r in enumerate(results) if r is None]
    computed = map_ordered(
        work,
        [items[i] for i in todo],
        jobs=run.options.jobs,
        on_done=partial(run.progress, namespace) if run.progress else None,
        scheduler=run.options.scheduler,
    )
    for i, result in zip(todo, computed, strict=True):
        results[i] = result
    if caching:
        run.cache.put_many(
            namespace,
            {keys[i]: to_json(r) for i, r in zip(todo, computed, strict=True)},
            generation=generation,
        )
        run.cache.prune(namespace, keep=generation)
    return [r for r in results if r is not None]
