"""A content-addressed cache for per-article results (clean and analyze).

Keys are hashes of everything a result depends on: the input bytes, the
registries where relevant, and the generator's own source code, so a code or
registry change can never serve a stale result. An entry is one file: a JSON
header line with its key and the SHA-256 of the payload, then the payload
(JSON). An entry that is unreadable, names another key or whose checksum does
not match is treated as missing and recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def code_version() -> str:
    """Digest of the generator's Python sources and data files."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".yaml", ".yml"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key_of(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _checksum(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


@dataclass(slots=True, kw_only=True)
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0


@dataclass(slots=True, kw_only=True)
class Cache:
    """Entries under root/<namespace>/<key[:2]>/<key>.json; root None disables caching."""

    root: Path | None
    stats: CacheStats = field(default_factory=CacheStats)

    def _path(self, namespace: str, key: str) -> Path:
        assert self.root is not None
        return self.root / namespace / key[:2] / f"{key}.json"

    def get(self, namespace: str, key: str) -> Any | None:
        if self.root is None:
            return None
        path = self._path(namespace, key)
        try:
            data = path.read_bytes()
            header_bytes, _, payload_bytes = data.partition(b"\n")
            header = json.loads(header_bytes)
            if header.get("key") != key or header.get("sha256") != _checksum(payload_bytes):
                raise ValueError("checksum mismatch")
            payload = json.loads(payload_bytes)
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return payload

    def put(self, namespace: str, key: str, payload: Any) -> None:
        if self.root is None:
            return
        payload_bytes = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        header = json.dumps({"key": key, "sha256": _checksum(payload_bytes)}).encode("ascii")
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(header + b"\n" + payload_bytes)
            tmp.replace(path)
        except OSError:
            # A cache that cannot be written only costs time on the next build.
            return
