"""A content-addressed cache for per-article results (clean and analyze).

Keys are hashes of everything a result depends on: the input bytes, the
registries where relevant, and the generator's own source code, so a code or
registry change can never serve a stale result. Each entry stores a checksum
of its payload; an entry that is unreadable or whose checksum does not match
is treated as missing and recomputed, never trusted.
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


def _checksum(payload_text: str) -> str:
    return hashlib.sha256(payload_text.encode("utf-8")).hexdigest()


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
            envelope = json.loads(path.read_text("utf-8"))
            payload_text = envelope["payload"]
            if envelope.get("key") != key or envelope.get("sha256") != _checksum(payload_text):
                raise ValueError("checksum mismatch")
            payload = json.loads(payload_text)
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):
            self.stats.corrupt += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return payload

    def put(self, namespace: str, key: str, payload: Any) -> None:
        if self.root is None:
            return
        payload_text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        envelope = {"key": key, "sha256": _checksum(payload_text), "payload": payload_text}
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(envelope, ensure_ascii=False), "utf-8")
            tmp.replace(path)
        except OSError:
            # A cache that cannot be written only costs time on the next build.
            return
