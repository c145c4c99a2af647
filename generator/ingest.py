"""Ingest stage: the seeds folder to decoded raw documents.

This is the reading edge of the pipeline. A file that cannot become a
document (too large, binary, undecodable) is returned as a `Rejection` with
its reason; it never stops the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .model.records import RawDocument, Rejection
from .model.sidecar import SIDECAR_KEYS, SIDECAR_SUFFIX, sidecar_values, value_problem
from .runtime.options import DEFAULT_MAX_BYTES
from .text.encoding import decode_bytes, looks_binary, sniff_kind
from .text.regular_file import FileRefused, read_regular, refusal
from .text.yaml_file import MAX_SIDECAR_BYTES, YamlError, read_yaml_document, where

# A contributor's metadata for `seed.txt` lives in `seed.txt.meta.yaml`.
__all__ = ["SIDECAR_KEYS", "SIDECAR_SUFFIX", "SeedFile", "Sidecar", "read_sidecar"]
SEED_SUFFIXES = (".txt", ".html", ".htm", ".text", ".md", ".xhtml")
_NOT_REGULAR = "a seed must be a regular file inside the seeds folder"


@dataclass(slots=True, kw_only=True, frozen=True)
class SeedFile:
    """A seed's bytes as read, before decoding (also the unit the cache keys on)."""

    source: str
    data: bytes
    sidecar: dict[str, str]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def list_seed_paths(seeds_dir: Path) -> list[Path]:
    """Every entry of the seeds folder that would be a seed, in a stable order.

    Hidden files and sidecars are not seeds. Entries that are not regular
    files (links, FIFOs, devices, folders) are listed too: `read_seed` rejects
    them with a reason, without opening them.
    """
    paths = []
    for path in seeds_dir.iterdir():
        name = path.name
        if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
            continue
        paths.append(path)
    return sorted(paths, key=lambda p: p.name)


def read_seeds(
    seeds_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[SeedFile | Rejection]:
    """Read every seed file (and its sidecar). Oversized files are not read whole."""
    out: list[SeedFile | Rejection] = []
    for path in list_seed_paths(seeds_dir):
        out.append(read_seed(path, max_bytes=max_bytes))
    return out


def read_seed(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, follow_symlinks: bool = False
) -> SeedFile | Rejection:
    """A seed's bytes and sidecar, or why not: only a regular file is ever opened.

    `follow_symlinks` is for files named on the command line (`clean FILE`);
    a seed in the seeds folder is never a link.
    """
    name = path.name
    try:
        data = read_regular(path, max_bytes=max_bytes, follow_symlinks=follow_symlinks)
    except FileRefused as exc:
        return Rejection(source=name, reason=f"file {exc}; {_NOT_REGULAR}")
    sidecar = read_sidecar(path.with_name(name + SIDECAR_SUFFIX))
    if sidecar.problems:
        return Rejection(source=name, reason=sidecar.problems[0])
    return SeedFile(source=name, data=data, sidecar=sidecar.values)


@dataclass(slots=True, kw_only=True, frozen=True)
class Sidecar:
    """A sidecar as read: its valid values, or the problems (one line each)."""

    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # keys that are not SIDECAR_KEYS


def read_sidecar(path: Path, *, today: date | None = None) -> Sidecar:
    """Read and validate `<seed>.meta.yaml` (absent: no values, no problem).

    Every problem names the file, the line and the key. `today` (only `check`
    reads the clock) also refuses publication dates after it.
    """
    problem = refusal(path)
    if problem == "no such file":
        return Sidecar()
    if problem is not None:
        return Sidecar(problems=[f"sidecar {path.name} {problem}; {_NOT_REGULAR}"])
    try:
        document = read_yaml_document(path, max_bytes=MAX_SIDECAR_BYTES, follow_symlinks=False)
    except YamlError as exc:
        return Sidecar(problems=[f"sidecar {str(exc).replace(str(path), path.name, 1)}"])
    loaded = document.data
    if loaded is None:
        return Sidecar()
    if not isinstance(loaded, dict):
        keys = ", ".join(SIDECAR_KEYS)
        return Sidecar(problems=[f"sidecar {path.name}: not a mapping of {keys}"])
    problems = []
    for key in SIDECAR_KEYS:
        message = value_problem(key, loaded.get(key), today=today)
        if message:
            problems.append(f"sidecar {where(path.name, document.line_of(key), key)}: {message}")
    unknown = sorted(str(k) for k in loaded if k not in SIDECAR_KEYS)
    return Sidecar(values=sidecar_values(loaded), problems=problems, unknown=unknown)


def decode_seed(seed: SeedFile) -> RawDocument | Rejection:
    """Bytes to a decoded document of a known kind, or the reason it cannot be one."""
    if not seed.data.strip():
        return Rejection(source=seed.source, reason="file is empty")
    if looks_binary(seed.data):
        return Rejection(source=seed.source, reason="file is binary, not text or HTML")
    try:
        text, encoding = decode_bytes(seed.data)
    except UnicodeDecodeError:
        return Rejection(source=seed.source, reason="text encoding could not be determined")
    return RawDocument(
        source=seed.source,
        data=seed.data,
        text=text,
        encoding=encoding,
        kind=sniff_kind(text),
        sidecar=seed.sidecar,
    )


def iter_inputs(paths: list[Path], *, max_bytes: int) -> Iterator[SeedFile | Rejection]:
    """Explicit files (for `clean FILE...`), each read like a seed."""
    for path in paths:
        yield read_seed(path, max_bytes=max_bytes, follow_symlinks=True)
