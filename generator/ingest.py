"""Ingest stage: the seeds folder to decoded raw documents.

This is the reading edge of the pipeline. A file that cannot become a
document (too large, binary, undecodable) is returned as a `Rejection` with
its reason; it never stops the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model.records import RawDocument, Rejection
from .runtime.options import DEFAULT_MAX_BYTES
from .text.encoding import decode_bytes, looks_binary, sniff_kind

# A contributor's metadata for `seed.txt` lives in `seed.txt.meta.yaml`.
SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = ("url", "publisher", "published")
SEED_SUFFIXES = (".txt", ".html", ".htm", ".text", ".md", ".xhtml")


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
    """Seed files in a stable order; hidden files and sidecars are not seeds."""
    paths = []
    for path in seeds_dir.iterdir():
        name = path.name
        if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
            continue
        if path.is_file() and not path.is_symlink():
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


def read_seed(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SeedFile | Rejection:
    name = path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Rejection(
                source=name,
                reason=f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
            )
        data = path.read_bytes()
    except OSError as exc:
        return Rejection(source=name, reason=f"cannot read file: {exc.strerror or exc}")
    sidecar, problem = _read_sidecar(path.with_name(name + SIDECAR_SUFFIX))
    if problem:
        return Rejection(source=name, reason=problem)
    return SeedFile(source=name, data=data, sidecar=sidecar)


def _read_sidecar(path: Path) -> tuple[dict[str, str], str | None]:
    if not path.is_file():
        return {}, None
    try:
        loaded = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, f"unreadable sidecar {path.name}: {type(exc).__name__}"
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        return {}, f"sidecar {path.name} is not a mapping"
    return sidecar_values(loaded), None


def sidecar_values(loaded: dict[object, object]) -> dict[str, str]:
    """The known keys of a parsed sidecar that have a value, as text."""
    return {k: str(loaded[k]) for k in SIDECAR_KEYS if loaded.get(k) not in (None, "")}


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
        if not path.is_file():
            yield Rejection(source=path.name, reason="no such file")
            continue
        yield read_seed(path, max_bytes=max_bytes)
