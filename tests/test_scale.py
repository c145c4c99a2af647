"""Scale: the benchmark corpus, the bench command, and what makes big builds fast and safe.

Parallel and cached builds must give exactly what a one-process uncached build
gives; corrupt and stale cache entries are recomputed; the faster algorithms
(near-duplicate index, topic screen, phrase suggestions, surname blocking) give
what the plain definitions give.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyze import actor_merge
from generator.analyze.registries import load_registries
from generator.analyze.topics.assign import assign_topics
from generator.analyze.topics.phrases import (
    _TITLES,
    MAX_SUGGESTIONS,
    _covered,
    _key,
    _runs,
    article_phrases,
    suggest_phrases,
)
from generator.analyze.topics.taxonomy import RuleScreen
from generator.benchmarks.scale.corpus import generate_articles, write_corpus
from generator.benchmarks.scale.material import Material, load_material
from generator.benchmarks.scale.run import BenchOptions, run_bench
from generator.commands.build import build_site, export_corpus
from generator.ingest import SeedFile, read_seeds
from generator.link import MAX_POSTINGS, find_near_duplicates, merge_copies
from generator.model.export import (
    analysis_from_json,
    analysis_to_json,
    outcome_from_json,
    outcome_to_json,
)
from generator.model.records import Article
from generator.pipeline import process_seed
from generator.runtime.cache import DATABASE_NAME, Cache
from generator.runtime.options import BuildOptions, RunOptions

from .benchscore import BENCH_DIR
from .cli import invoke
from .conftest import REPO
from .phrase_reference import noun_phrases

pytestmark = pytest.mark.skipif(
    not (BENCH_DIR / "ground-truth.json").is_file(),
    reason=f"extraction benchmark not found at {BENCH_DIR} (set EXTRACTION_BENCH)",
)
CORPUS_SIZE = 40


@pytest.fixture(scope="module")
def material() -> Material:
    return load_material(BENCH_DIR, REPO / "seeds", load_registries().actors)


@pytest.fixture(scope="module")
def corpus(material: Material, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench-corpus") / "seeds"
    write_corpus(folder, material, CORPUS_SIZE)
    return folder


@pytest.fixture(scope="module")
def articles(corpus: Path) -> list[Article]:
    cleaned = [process_seed(s) for s in read_seeds(corpus) if isinstance(s, SeedFile)]
    found = [a for a in cleaned if isinstance(a, Article)]
    assert len(found) == CORPUS_SIZE
    return found


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- the corpus generator ---------------------------------------------------------------


def test_corpus_is_deterministic_and_grows_by_appending(material: Material) -> None:
    first = [a.data for a in generate_articles(material, 12)]
    assert first == [a.data for a in generate_articles(material, 12)]
    longer = list(generate_articles(material, 15))
    assert [a.data for a in longer[:12]] == first
    assert len({a.name for a in longer}) == 15


def test_corpus_has_both_kinds_and_real_chrome(material: Material) -> None:
    generated = list(generate_articles(material, CORPUS_SIZE))
    assert Counter(a.kind for a in generated).keys() == {"html", "text"}
    chrome = {line for t in material.templates for line in (*t.header, *t.inline, *t.footer)}
    for article in generated:
        if article.kind != "text":
            continue
        lines = [ln for ln in article.data.decode("utf-8").splitlines() if ln]
        body = {article.title, *article.paragraphs}
        other = [ln for ln in lines if ln not in body and not ln.startswith("By ")]
        # What is neither body nor headline block is a real page's chrome (or the date).
        assert all(ln in chrome or ln[-4:].isdigit() for ln in other), article.name


def test_corpus_has_no_near_duplicates_once_cleaned(articles: list[Article]) -> None:
    kept, duplicates = merge_copies(articles)
    assert duplicates == []
    assert len(kept) == CORPUS_SIZE


def test_corpus_names_people_and_countries(corpus: Path) -> None:
    exported = corpus.parent / "export.json"
    export_corpus(RunOptions(seeds_dir=corpus, jobs=1, cache_dir=None), exported)
    data = json.loads(exported.read_text("utf-8"))
    types = Counter(a["type"] for a in data["actors"])
    assert types["person"] >= 10 and types["country"] >= 5, types
    per_article = sum(len(a["actors"]) for a in data["articles"]) / len(data["articles"])
    assert per_article >= 2, per_article


def test_write_corpus_reuses_and_trims(material: Material, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    first = write_corpus(folder, material, 6, spares=1)
    assert not first.reused and len(first.spares) == 1
    (folder / "contributed.txt").write_text("a contributor's own file\n")
    again = write_corpus(folder, material, 6, spares=1)
    assert again.reused
    smaller = write_corpus(folder, material, 4)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert len(names) == 5 and "contributed.txt" in names, names
    assert smaller.articles == 4


# --- the bench command -------------------------------------------------------------------


def test_bench_measures_every_stage_floors_and_add_one(tmp_path: Path) -> None:
    result = run_bench(BenchOptions(articles=20, work_dir=tmp_path, jobs=1))
    assert set(result["stages"]) == {"ingest", "clean", "link", "analyze", "write", "mkdocs"}
    for figures in result["stages"].values():
        assert set(figures) == {"wall_s", "cpu_s", "peak_mb"}
        assert figures["peak_mb"] > 0
    assert result["total_s"] == pytest.approx(
        sum(f["wall_s"] for f in result["stages"].values()), abs=0.05
    )
    assert set(result["floors"]) == {"trafilatura", "plain_mkdocs"}
    assert all(v is not None and v > 0 for v in result["ratios"].values())
    assert result["corpus"]["articles_built"] == 20
    assert result["corpus"]["merged_as_duplicates"] == 0
    added = result["incremental"]
    # One new article: cleaned once, analysed once; everything else from the cache.
    assert added["cache_misses"] == 2
    assert 0 < added["pages_written"] < added["pages_total"] / 2
    assert result["site"]["html_pages"] > 20 and result["site"]["search_index_mb"] > 0


def test_bench_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = invoke(
        "bench", "--articles", "8", "--json", out, "--work-dir", tmp_path / "w", "--no-add-one"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["articles"] == 8 and data["total_s"] > 0
    assert "incremental" not in data
    assert "end to end" in result.stderr


# --- identical output, however it is computed --------------------------------------------


def test_jobs_1_and_all_cores_export_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    one, many = tmp_path / "one.json", tmp_path / "many.json"
    serial = invoke("export", "--seeds", corpus, "--out", one, "--no-cache", "--jobs", "1")
    assert serial.returncode == 0, serial.stderr
    parallel = invoke("export", "--seeds", corpus, "--out", many, "--no-cache")
    assert parallel.returncode == 0, parallel.stderr
    assert one.read_bytes() == many.read_bytes()


def _build(corpus: Path, site: Path, cache: Path | None, jobs: int) -> None:
    build_site(BuildOptions(seeds_dir=corpus, site_dir=site, cache_dir=cache, jobs=jobs))


def test_cached_parallel_and_uncached_serial_sites_are_identical(
    corpus: Path, tmp_path: Path
) -> None:
    _build(corpus, tmp_path / "plain", None, 1)
    _build(corpus, tmp_path / "cold", tmp_path / "cache", 0)
    _build(corpus, tmp_path / "warm", tmp_path / "cache", 0)
    plain = tree(tmp_path / "plain")
    assert tree(tmp_path / "cold") == plain
    assert tree(tmp_path / "warm") == plain


def _rows(cache: Path, namespace: str) -> list[tuple[str, str, bytes]]:
    with closing(sqlite3.connect(cache / DATABASE_NAME)) as db:
        query = "SELECT key, sha256, payload FROM entries WHERE namespace = ? ORDER BY key"
        return list(db.execute(query, (namespace,)))


def _set_row(cache: Path, namespace: str, key: str, sha: str, payload: bytes) -> None:
    with closing(sqlite3.connect(cache / DATABASE_NAME)) as db, db:
        db.execute(
            "UPDATE entries SET sha256 = ?, payload = ? WHERE namespace = ? AND key = ?",
            (sha, payload, namespace, key),
        )


def test_corrupt_and_stale_cache_entries_are_recomputed(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    export_corpus(
        RunOptions(seeds_dir=corpus, cache_dir=cache_dir, jobs=1), tmp_path / "first.json"
    )
    clean_rows = _rows(cache_dir, "clean")
    analyze_rows = _rows(cache_dir, "analyze")
    # Corrupt: a flipped byte in a payload. Stale: another entry's row under this key.
    key, sha, payload = clean_rows[0]
    damaged = bytearray(payload)
    damaged[-3] ^= 0x01
    _set_row(cache_dir, "clean", key, sha, bytes(damaged))
    _set_row(cache_dir, "analyze", analyze_rows[0][0], analyze_rows[1][1], analyze_rows[1][2])
    cache = Cache(root=cache_dir)
    assert len(cache.get_many("clean", [k for k, _, _ in clean_rows[1:]])) == len(clean_rows) - 1
    assert cache.get("clean", clean_rows[0][0]) is None
    assert cache.get("analyze", analyze_rows[0][0]) is None
    assert cache.stats.corrupt == 2
    export_corpus(
        RunOptions(seeds_dir=corpus, cache_dir=cache_dir, jobs=1), tmp_path / "second.json"
    )
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()
    # The recomputed entries were written back and are good again.
    fresh = Cache(root=cache_dir)
    assert fresh.get("clean", clean_rows[0][0]) is not None
    assert fresh.get("analyze", analyze_rows[0][0]) is not None


def test_a_registry_edit_leaves_no_dead_analyses_behind(corpus: Path, tmp_path: Path) -> None:
    """Analyses made with the old registries can never be hit again: the build drops them."""
    cache_dir = tmp_path / "cache"
    registry = tmp_path / "registry"
    shutil.copytree(REPO / "registry", registry)
    export_corpus(
        RunOptions(seeds_dir=corpus, registry_dir=registry, cache_dir=cache_dir),
        tmp_path / "first.json",
    )
    first = {key for key, _, _ in _rows(cache_dir, "analyze")}
    cleaned = _rows(cache_dir, "clean")
    topics = registry / "topics.yml"
    topics.write_text(topics.read_text("utf-8") + "\n# an editor's comment\n", "utf-8")
    export_corpus(
        RunOptions(seeds_dir=corpus, registry_dir=registry, cache_dir=cache_dir),
        tmp_path / "second.json",
    )
    second = {key for key, _, _ in _rows(cache_dir, "analyze")}
    assert len(first) == len(second) == CORPUS_SIZE
    assert first.isdisjoint(second)  # every analysis was made again, and only the new ones kept
    assert _rows(cache_dir, "clean") == cleaned  # cleaning does not read the registries
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


def test_an_unreadable_cache_file_is_replaced(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    export_corpus(
        RunOptions(seeds_dir=corpus, cache_dir=cache_dir, jobs=1), tmp_path / "first.json"
    )
    (cache_dir / DATABASE_NAME).write_bytes(b"not a database" * 100)
    export_corpus(
        RunOptions(seeds_dir=corpus, cache_dir=cache_dir, jobs=1), tmp_path / "second.json"
    )
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()
    assert len(_rows(cache_dir, "clean")) == CORPUS_SIZE


def test_incremental_build_rewrites_only_changed_pages_and_matches_a_fresh_one(
    material: Material, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    info = write_corpus(seeds, material, 15, spares=1)
    cache = tmp_path / "cache"
    _build(seeds, tmp_path / "site", cache, 1)
    shutil.copyfile(info.spares[0], seeds / info.spares[0].name)
    summary = build_site(
        BuildOptions(seeds_dir=seeds, site_dir=tmp_path / "site", cache_dir=cache, jobs=1)
    )
    assert summary.cache is not None and summary.cache.misses == 2
    assert summary.docs is not None and 0 < summary.docs.written < summary.docs.files / 2
    _build(seeds, tmp_path / "fresh", tmp_path / "fresh-cache", 1)
    assert tree(tmp_path / "site") == tree(tmp_path / "fresh")
    assert tree(cache / "docs") == tree(tmp_path / "fresh-cache" / "docs")
    # Taking the article out again removes its pages from the kept docs folder.
    (seeds / info.spares[0].name).unlink()
    again = build_site(
        BuildOptions(seeds_dir=seeds, site_dir=tmp_path / "site", cache_dir=cache, jobs=1)
    )
    assert again.docs is not None and again.docs.removed >= 1
    _build(seeds, tmp_path / "fresh2", None, 1)
    assert tree(tmp_path / "site") == tree(tmp_path / "fresh2")


# --- serialisation -----------------------------------------------------------------------


def test_records_round_trip_through_json(articles: list[Article]) -> None:
    registries = load_registries()
    from generator.pipeline import analyze_article

    for article in articles[:10]:
        assert outcome_from_json(json.loads(json.dumps(outcome_to_json(article)))) == article
        actors, topics = analyze_article(article, registries=registries)
        data = json.loads(json.dumps(analysis_to_json(actors, topics)))
        assert analysis_from_json(data) == (actors, topics)


# --- faster algorithms, same answers ------------------------------------------------------


def _reference_near_duplicates(
    prints: list[tuple[str, frozenset[int]]], threshold: float = 0.5
) -> list[tuple[str, str]]:
    """The definition: compare each document with every earlier one."""
    frequency: Counter[int] = Counter(v for _, p in prints for v in p)
    found = []
    for position, (key, mine) in enumerate(prints):
        for other in range(position):
            okey, theirs = prints[other]
            shared = sum(1 for v in mine & theirs if frequency[v] <= MAX_POSTINGS)
            if shared / (min(len(mine), len(theirs)) or 1) >= threshold:
                found.append((okey, key))
                break
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 40), max_size=12), min_size=1, max_size=25))
def test_near_duplicate_index_matches_the_definition(sets: list[frozenset[int]]) -> None:
    prints = [(f"{i:03d}", s) for i, s in enumerate(sets)]
    found = [(d.original, d.copy) for d in find_near_duplicates(prints)]
    assert found == _reference_near_duplicates(prints)


def test_topic_screen_changes_no_result(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    taxonomy = load_registries().topics
    screened = [assign_topics(a, taxonomy) for a in articles]
    seeds = [process_seed(s) for s in read_seeds(REPO / "seeds") if isinstance(s, SeedFile)]
    screened_seeds = [assign_topics(a, taxonomy) for a in seeds if isinstance(a, Article)]
    every_rule = frozenset(range(sum(len(t.rules) for t in taxonomy.topics)))
    monkeypatch.setattr(RuleScreen, "possible", lambda self, words: every_rule)
    assert [assign_topics(a, taxonomy) for a in articles] == screened
    unscreened_seeds = [assign_topics(a, taxonomy) for a in seeds if isinstance(a, Article)]
    assert unscreened_seeds == screened_seeds


def _reference_suggestions(articles: list[Article]) -> list[str]:
    """suggest_phrases as defined: every occurrence of every phrase, then one sort."""
    taxonomy = load_registries().topics
    seen_in: dict[tuple[str, ...], set[str]] = {}
    surfaces: dict[tuple[str, ...], Counter[str]] = {}
    names: set[tuple[str, ...]] = set()
    for article in articles:
        for paragraph in article.paragraphs:
            for run in _runs(paragraph):
                for start, words in noun_phrases(run):
                    key = _key(words)
                    seen_in.setdefault(key, set()).add(article.id)
                    surfaces.setdefault(key, Counter())[" ".join(words)] += 1
                    capitalised = all(w[0].isupper() for w in words)
                    if capitalised and start > 0 and run[start - 1].casefold() in _TITLES:
                        names.add(key)
    recurring = {k: ids for k, ids in seen_in.items() if len(ids) >= 2 and k not in names}
    subsumed = {
        part
        for key, ids in recurring.items()
        if len(key) == 3
        for part in (_key(key[:2]), key[1:])
        if recurring.get(part) == ids
    }

    def spelled(key: tuple[str, ...]) -> str:
        return min(surfaces[key].items(), key=lambda item: (-item[1], item[0]))[0]

    kept = sorted(
        (-len(ids), spelled(k).casefold(), k)
        for k, ids in recurring.items()
        if k not in subsumed and not _covered(spelled(k), taxonomy)
    )
    return [spelled(k) for _, _, k in kept[:MAX_SUGGESTIONS]]


def test_suggestions_match_the_definition(articles: list[Article]) -> None:
    merged, _ = merge_copies(articles)
    taxonomy = load_registries().topics
    read = {a.id: article_phrases(a) for a in merged}
    expected = _reference_suggestions(merged)
    assert expected, "the corpus should have recurring phrases"
    assert suggest_phrases(merged, None, taxonomy, phrases=read) == expected  # type: ignore[arg-type]
    assert suggest_phrases(merged, None, taxonomy) == expected  # type: ignore[arg-type]


_SURNAMES = ["zelensky", "zelenskyy", "zelenski", "kim", "kimm", "smith", "smyth", "xi", "li"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_SURNAMES), st.sampled_from(_SURNAMES), st.text("abcdez", max_size=7))
def test_surname_keys_find_every_pair_the_rule_may_call_close(a: str, b: str, c: str) -> None:
    for left, right in ((a, b), (a + c, b), (a, a + c), (c, b)):
        verdict = actor_merge._verdict(("anna", left), ("anna", right))
        if verdict != "different":
            assert actor_merge._family_keys(left) & actor_merge._family_keys(right)


def _shuffled_people(seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    given_names = ["Anna", "Ana", "Boris", "Dmitry", "Dmitri", "Joe", "Jill", "Kim"]
    surnames = ["Zelensky", "Zelenskyy", "Peskov", "Biden", "Bidem", "Jong", "Smith"]
    for _ in range(40):
        yield f"{rng.choice(given_names)} {rng.choice(surnames)}"


def test_surname_blocking_merges_like_comparing_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.model.analysis import ArticleActors, Mention
    from generator.text.slugs import slugify

    registry = load_registries().actors
    found = []
    for number, name in enumerate(_shuffled_people(7)):
        mention = Mention(actor_id=slugify(name), paragraph=0, start=0, end=len(name), surface=name)
        found.append(
            ArticleActors(article_id=f"a{number:02d}", mentions=[mention], roles={}, candidates=[])
        )
    blocked = actor_merge.merge_actors(found, registry)
    # Every key in one bucket: every pair is compared, as the plain rule does.
    monkeypatch.setattr(actor_merge, "_family_keys", lambda family: {"all"})
    assert actor_merge.merge_actors(found, registry) == blocked


def test_dataclass_replace_keeps_analysis_inputs(articles: list[Article]) -> None:
    # Workers get the article without its removed-text audit trail; analysis must not need it.
    registries = load_registries()
    from generator.pipeline import analyze_article

    article = articles[0]
    assert analyze_article(replace(article, removed=[]), registries=registries) == analyze_article(
        article, registries=registries
    )
