"""Stage timing: every pipeline stage runs inside `meter.stage(name)`.

The pipeline only needs wall seconds (the build summary prints them); the
benchmark passes a meter that also records CPU seconds and peak memory
(`generator.benchmarks.scale.measure`). A meter is an explicit argument, never a
global, so two builds in one process cannot mix their figures.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol

# The order stages run in, and the order reports list them.
STAGES = ("ingest", "clean", "link", "analyze", "write", "mkdocs")


class Meter(Protocol):
    seconds: dict[str, float]  # wall seconds per stage

    def stage(self, name: str) -> AbstractContextManager[None]: ...


@dataclass(slots=True, kw_only=True)
class WallMeter:
    """Wall seconds per stage; a stage entered twice adds up."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
