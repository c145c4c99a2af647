"""A content-addressed cache for per-article results (clean and analyze).

Keys are hashes of everything a result depends on: the input bytes, the
registries where relevant, and the generator's own source code, so a code or
registry change can never serve a stale result.

All entries live in one SQLite file, `<root>/cache.sqlite`: a build reads and
writes thousands of them, and one file per entry cost a millisecond of system
calls each (a twentieth of a cold build). Each row stores its payload (JSON,
written and read by orjson: the standard library's encoder was a tenth of a
cold build's analyze stage) with the SHA-256 of the namespace, the key and
the payload together. A row whose checksum does not match (a damaged
payload, or another entry's payload under this key) is treated as missing
and recomputed, never trusted; a cache file SQLite cannot read is deleted
and started afresh.

Each row also records its generation: what every key of its namespace was
made with (the code version, and for analyses the registries). A build's
keys all belong to the current generation, so rows of another one can never
be hit again; `prune` deletes them, and the cache holds about one build's
worth of entries however often the code or the registries change.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole generator package
DATABASE_NAME = "cache.sqlite"
# Another build writing to the same cache holds the lock for well under this.
LOCK_TIMEOUT_S = 60.0
# SQLite's default limit on the parameters of one statement is 999 (older builds).
_BATCH = 500

# PRAGMA user_version of a cache file with this layout; a file with another
# one (an earlier layout) has its table dropped and made anew.
SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    payload BLOB NOT NULL,
    generation TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""


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


def entry_checksum(namespace: str, key: str, payload: bytes) -> str:
    """What a row must carry: binds the payload to its own namespace and key."""
    return key_of(namespace, key, payload)


@dataclass(slots=True, kw_only=True)
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0


@dataclass(slots=True, kw_only=True)
class Cache:
    """Entries in root/cache.sqlite; root None disables caching.

    Each call opens the database, does its batch in one transaction and closes
    it again, so a Cache holds no open handle between calls and can be created
    anywhere a build needs one.
    """

    root: Path | None
    stats: CacheStats = field(default_factory=CacheStats)

    @property
    def path(self) -> Path | None:
        return self.root / DATABASE_NAME if self.root is not None else None

    def problem(self) -> str | None:
        """Why the cache folder cannot be used (a file in its place, unwritable), or None."""
        if self.root is None:
            return None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            return exc.strerror or str(exc)
        return None

    def get(self, namespace: str, key: str) -> Any | None:
        return self.get_many(namespace, [key]).get(key)

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, Any]:
        """The good entries among `keys`; missing and corrupt ones are counted and left out."""
        if self.root is None or not keys:
            return {}
        rows: dict[str, tuple[str, bytes]] = {}
        unique = list(dict.fromkeys(keys))
        try:
            with closing(self._connect(create=False)) as db:
                for start in range(0, len(unique), _BATCH):
                    batch = unique[start : start + _BATCH]
                    marks = ",".join("?" * len(batch))
                    query = (
                        "SELECT key, sha256, payload FROM entries "
                        f"WHERE namespace = ? AND key IN ({marks})"
                    )
                    for key, sha, payload in db.execute(query, (namespace, *batch)):
                        rows[key] = (sha, bytes(payload))
        except FileNotFoundError:
            pass
        except sqlite3.DatabaseError as exc:
            self._discard(exc)
        found: dict[str, Any] = {}
        for key in unique:
            row = rows.get(key)
            if row is None:
                self.stats.misses += 1
                continue
            value = _decode(namespace, key, *row)
            if value is _BAD:
                self.stats.corrupt += 1
                self.stats.misses += 1
                continue
            self.stats.hits += 1
            found[key] = value
        return found

    def put(self, namespace: str, key: str, payload: Any, *, generation: str = "") -> None:
        self.put_many(namespace, {key: payload}, generation=generation)

    def put_many(self, namespace: str, entries: Mapping[str, Any], *, generation: str = "") -> None:
        """Write entries in one transaction; a cache that cannot be written only costs time."""
        if self.root is None or not entries:
            return
        rows = [(*row, generation) for row in _encode(namespace, entries.items())]
        for attempt in (1, 2):
            try:
                with closing(self._connect(create=True)) as db, db:
                    db.executemany(
                        "INSERT OR REPLACE INTO entries "
                        "(namespace, key, sha256, payload, generation) VALUES (?, ?, ?, ?, ?)",
                        rows,
                    )
                return
            except OSError as exc:
                log.warning("cache not written (%s)", exc.strerror or exc)
                return
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or not self._discard(exc):
                    log.warning("cache not written (%s)", exc)
                    return

    def prune(self, namespace: str, *, keep: str) -> int:
        """Delete the namespace's entries of any generation but `keep`; how many went."""
        if self.root is None:
            return 0
        try:
            with closing(self._connect(create=False)) as db, db:
                cursor = db.execute(
                    "DELETE FROM entries WHERE namespace = ? AND generation != ?",
                    (namespace, keep),
                )
                return max(cursor.rowcount, 0)
        except FileNotFoundError:
            return 0
        except (OSError, sqlite3.DatabaseError) as exc:
            log.warning("cache not pruned (%s)", exc)
            return 0

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        path = self.path
        assert path is not None
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.is_file():
            raise FileNotFoundError(path)
        db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)
        try:
            # WAL: one build's writes do not block another build's reads.
            db.execute("PRAGMA journal_mode=WAL")
            if _schema_version(db) != SCHEMA_VERSION:
                _start_afresh(db)
        except BaseException:
            db.close()
            raise
        return db

    def _discard(self, exc: sqlite3.DatabaseError) -> bool:
        """Delete a database SQLite cannot read (it is only a cache); True if that worked."""
        path = self.path
        assert path is not None
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return False  # busy for longer than LOCK_TIMEOUT_S: not broken, leave it
        log.warning("cache %s is unreadable (%s); starting a new one", path, exc)
        self.stats.corrupt += 1
        try:
            for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
                path.with_name(name).unlink(missing_ok=True)
        except OSError:
            return False
        return True


def _schema_version(db: sqlite3.Connection) -> int:
    (version,) = db.execute("PRAGMA user_version").fetchone()
    return int(version)


def _start_afresh(db: sqlite3.Connection) -> None:
    """A new file, or one of an earlier layout: (re)create the table, under the write lock.

    Another build may have done it meanwhile; the version is read again once
    the lock is held, so its entries are not dropped.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        if _schema_version(db) != SCHEMA_VERSION:
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _encode(
    namespace: str, entries: Iterable[tuple[str, Any]]
) -> Iterable[tuple[str, str, str, bytes]]:
    for key, value in entries:
        payload = orjson.dumps(value)
        yield namespace, key, entry_checksum(namespace, key, payload), payload


_BAD = object()  # what _decode returns for an entry that cannot be trusted (None is a value)


def _decode(namespace: str, key: str, sha: str, payload: bytes) -> Any:
    if sha != entry_checksum(namespace, key, payload):
        return _BAD
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:  # a ValueError
        return _BAD
