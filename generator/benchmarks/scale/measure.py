"""A pipeline meter that records wall seconds, CPU seconds and peak memory per stage.

CPU seconds are this process's plus those of its children that ended during
the stage (worker pools and the MkDocs subprocess are started and ended inside
their stage, so each stage is billed its own). Peak memory is sampled: a thread
adds up the proportional set size (PSS, Linux `/proc/<pid>/smaps_rollup`) of
this process and all its descendants every 100 ms, so memory shared
by forked workers is counted once. Where /proc is missing, the peak resident
size of this process and of its largest child is used instead.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1
_PROC = Path("/proc")


@dataclass(slots=True, kw_only=True)
class StageFigures:
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mb: float = 0.0

    def to_json(self) -> dict[str, float]:
        return {
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "peak_mb": round(self.peak_mb, 1),
        }


def cpu_seconds() -> float:
    """User + system seconds of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(_PROC / str(pid) / "task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = (_PROC / str(pid) / "task" / task / "children").read_text()
        except OSError:
            continue
        found.extend(int(x) for x in text.split())
    return found


def _memory_bytes(pid: int) -> int:
    """PSS of one process (RSS where PSS is not available); 0 if it is gone."""
    try:
        for line in (_PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        pages = int((_PROC / str(pid) / "statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def tree_memory_bytes(root: int) -> int:
    """Memory of a process and all its descendants."""
    total = 0
    pending = [root]
    seen: set[int] = set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _memory_bytes(pid)
        pending.extend(_children(pid))
    return total


def _fallback_peak_bytes() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, child) * 1024  # KiB on Linux


@dataclass(slots=True, kw_only=True)
class _Sampler:
    interval: float
    peak: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        pid = os.getpid()
        while True:
            self.peak = max(self.peak, tree_memory_bytes(pid))
            if self.stop.wait(self.interval):
                return


@dataclass(slots=True, kw_only=True)
class BenchMeter:
    """Satisfies generator.runtime.meter.Meter; a stage entered twice adds up (peak: the max)."""

    seconds: dict[str, float] = field(default_factory=dict)
    figures: dict[str, StageFigures] = field(default_factory=dict)
    interval: float = SAMPLE_SECONDS

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        sampler = _Sampler(interval=self.interval)
        thread = threading.Thread(target=sampler.run, name=f"memory-{name}", daemon=True)
        proc_available = (_PROC / str(os.getpid()) / "statm").exists()
        if proc_available:
            thread.start()
        cpu_started = cpu_seconds()
        started = time.perf_counter()
        try:
            yield
        finally:
            wall = time.perf_counter() - started
            cpu = cpu_seconds() - cpu_started
            if proc_available:
                sampler.stop.set()
                thread.join()
                peak = sampler.peak
            else:
                peak = _fallback_peak_bytes()
            figures = self.figures.setdefault(name, StageFigures())
            figures.wall_s += wall
            figures.cpu_s += cpu
            figures.peak_mb = max(figures.peak_mb, peak / 1024 / 1024)
            self.seconds[name] = figures.wall_s
