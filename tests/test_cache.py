"""The per-article cache as a unit: what it returns, and what it refuses to trust."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from generator.runtime.cache import DATABASE_NAME, Cache, entry_checksum


def test_entries_round_trip_by_namespace(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path)
    cache.put_many("clean", {"a": {"x": [1, "é"]}, "b": None})
    cache.put("analyze", "a", [2])
    assert cache.get_many("clean", ["a", "b", "c"]) == {"a": {"x": [1, "é"]}, "b": None}
    assert cache.get("analyze", "a") == [2]
    assert cache.get("analyze", "b") is None
    assert (cache.stats.hits, cache.stats.misses, cache.stats.corrupt) == (3, 2, 0)


def test_a_later_put_replaces_an_entry(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path)
    cache.put("clean", "k", 1)
    cache.put("clean", "k", 2)
    assert cache.get("clean", "k") == 2


def test_no_root_means_no_cache_and_no_files(tmp_path: Path) -> None:
    cache = Cache(root=None)
    cache.put("clean", "k", 1)
    assert cache.get("clean", "k") is None
    assert cache.stats.misses == 0


def test_a_cold_cache_is_all_misses_and_creates_no_file_on_read(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path / "new")
    assert cache.get_many("clean", ["a", "b"]) == {}
    assert cache.stats.misses == 2
    assert not (tmp_path / "new").exists()


def test_a_payload_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path)
    cache.put_many("clean", {"a": "A", "b": "B"})
    with closing(sqlite3.connect(tmp_path / DATABASE_NAME)) as db, db:
        sha, payload = db.execute("SELECT sha256, payload FROM entries WHERE key = 'b'").fetchone()
        db.execute("UPDATE entries SET sha256 = ?, payload = ? WHERE key = 'a'", (sha, payload))
        # The same payload in another namespace is no good either.
        db.execute(
            "INSERT INTO entries VALUES ('analyze', 'b', ?, ?, '')",
            (entry_checksum("clean", "b", payload), payload),
        )
    fresh = Cache(root=tmp_path)
    assert fresh.get_many("clean", ["a", "b"]) == {"b": "B"}
    assert fresh.get("analyze", "b") is None
    assert fresh.stats.corrupt == 2


def test_a_good_checksum_over_bad_json_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path)
    cache.put("clean", "a", 1)
    with closing(sqlite3.connect(tmp_path / DATABASE_NAME)) as db, db:
        db.execute(
            "UPDATE entries SET sha256 = ?, payload = ?",
            (entry_checksum("clean", "a", b"{not json"), b"{not json"),
        )
    assert cache.get("clean", "a") is None
    assert cache.stats.corrupt == 1


def test_an_unreadable_file_is_replaced_by_a_new_cache(tmp_path: Path) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"\x00garbage" * 512)
    cache = Cache(root=tmp_path)
    assert cache.get("clean", "a") is None
    cache.put("clean", "a", 1)
    assert Cache(root=tmp_path).get("clean", "a") == 1


def test_a_cache_that_cannot_be_written_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    cache = Cache(root=blocker / "cache")
    cache.put("clean", "a", 1)
    assert cache.get("clean", "a") is None


def test_prune_keeps_only_the_current_generation(tmp_path: Path) -> None:
    cache = Cache(root=tmp_path)
    cache.put_many("analyze", {"old1": 1, "old2": 2}, generation="registries v1")
    cache.put_many("analyze", {"new": 3}, generation="registries v2")
    cache.put_many("clean", {"c": 4}, generation="code v1")
    assert cache.prune("analyze", keep="registries v2") == 2
    assert cache.get_many("analyze", ["old1", "old2", "new"]) == {"new": 3}
    assert cache.get("clean", "c") == 4  # other namespaces are left alone
    assert cache.prune("analyze", keep="registries v2") == 0
    assert Cache(root=tmp_path / "none").prune("clean", keep="x") == 0
    assert not (tmp_path / "none").exists()


def test_a_cache_of_the_earlier_layout_starts_afresh(tmp_path: Path) -> None:
    """A file written before entries had a generation is emptied, then used as usual."""
    with closing(sqlite3.connect(tmp_path / DATABASE_NAME)) as db, db:
        db.execute(
            "CREATE TABLE entries (namespace TEXT NOT NULL, key TEXT NOT NULL, "
            "sha256 TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (namespace, key)) "
            "WITHOUT ROWID"
        )
        db.execute(
            "INSERT INTO entries VALUES ('clean', 'a', ?, ?)",
            (entry_checksum("clean", "a", b"1"), b"1"),
        )
    cache = Cache(root=tmp_path)
    assert cache.get("clean", "a") is None
    cache.put("clean", "a", 2, generation="g")
    assert Cache(root=tmp_path).get("clean", "a") == 2
