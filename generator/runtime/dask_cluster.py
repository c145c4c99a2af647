"""The clean and analyze stages on a Dask cluster (`--scheduler tcp://HOST:PORT`).

Dask is an optional extra (`pip install 'newswiki-generator[dask]'`); nothing
imports it unless a scheduler address is given. Work goes out in batches of
articles, one task per batch, and comes back in input order, so the corpus is
the same as on local processes. Every worker must be able to import this
package, at the same version, and so must the scheduler, which unpickles the
tasks (install it where they run); a failure there is reported as one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "pip install 'newswiki-generator[dask]'"
CONNECT_TIMEOUT_S = 20
MAX_BATCH = 64
BATCHES_PER_THREAD = 4


class DaskError(Exception):
    """Dask is missing or the scheduler cannot be used; the message is one line."""


def require_dask() -> None:
    """Fail early, with the fix, when `--scheduler` is used without Dask installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskError(f"--scheduler needs Dask's distributed scheduler: {INSTALL_HINT}") from exc


def _run_batch(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(item) for item in batch]


def batches_of(items: Sequence[T], threads: int) -> list[list[T]]:
    """Consecutive batches: enough per worker thread to balance, few enough to be cheap."""
    size = max(1, min(MAX_BATCH, len(items) // max(1, threads * BATCHES_PER_THREAD)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def map_on_cluster(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    address: str,
    on_done: Callable[[int], None] | None = None,
) -> list[R]:
    """`[fn(x) for x in items]` on the cluster behind `address`, results in input order."""
    require_dask()
    from distributed import Client, as_completed

    if not items:
        return []
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskError(f"cannot connect to the Dask scheduler at {address}: {exc}") from exc
    try:
        threads = sum(client.nthreads().values())
        if threads == 0:
            raise DaskError(f"the Dask scheduler at {address} has no workers")
        batches = batches_of(items, threads)
        futures: list[Any] = client.map(partial(_run_batch, fn), batches, pure=False)
        sizes = {future.key: len(batch) for future, batch in zip(futures, batches, strict=True)}
        for future in as_completed(futures, loop=client.loop):
            if future.status == "error":
                future.result()  # raises the worker's exception here
            if on_done:
                on_done(sizes[future.key])
        gathered: list[list[R]] = client.gather(futures)
    except DaskError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        raise DaskError(
            f"a task failed on the Dask cluster at {address}: {type(exc).__name__}: {first} "
            "(the scheduler and every worker need this package, same version, installed)"
        ) from exc
    finally:
        client.close()
    return [result for batch in gathered for result in batch]
