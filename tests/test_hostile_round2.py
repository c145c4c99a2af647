"""Hostile inputs, round 2 (issue 16): every case ends in a clear reason, in bounded time,
with the site intact. Each test builds its own fixture (generated where large)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.analyze.topics.taxonomy import TaxonomyError, load_taxonomy
from generator.commands.check import check_seeds, md_text, safe_line
from generator.ingest import read_seeds
from generator.model.records import Rejection
from generator.model.sidecar import SIDECAR_SUFFIX
from generator.pipeline import MAX_EPOCH, source_date_epoch
from generator.runtime.options import RunOptions
from generator.text.invisible import INVISIBLE, one_line
from generator.text.yaml_file import YamlError, parse_yaml
from generator.write import markup
from generator.write.frontmatter import front_matter

from .cli import invoke
from .conftest import REPO, SEEDS

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ARTICLE = (
    "Ministers meet in Kyiv over grain exports\n\n"
    "Ministers from twelve countries met in Kyiv on Tuesday to discuss grain exports "
    "through the Black Sea, officials said after the talks ended late in the evening.\n\n"
    "The talks covered insurance for ships, the mines that still float near the coast, "
    "and the ports that reopened in the spring after months of closure.\n\n"
    "Officials said a second round of talks would follow next month in another capital, "
    "where the same delegations are expected to sign a first agreement.\n"
)


def seeds_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (seeds / name).write_bytes(data)
    return seeds


def rejections(seeds: Path) -> dict[str, str]:
    return {r.source: r.reason for r in read_seeds(seeds) if isinstance(r, Rejection)}


# ------------------------------------------------------------ 1. markup, forged output


def test_direction_overrides_never_reach_pages_export_or_logs(tmp_path: Path) -> None:
    title = f"Talks\u202e{'sknat'} in Kyiv\u2066 end\u2069"
    seeds = seeds_with(tmp_path, {"005_bidi.txt": ARTICLE.replace(ARTICLE.split("\n")[0], title)})
    out = tmp_path / "corpus.json"
    assert invoke("export", "--seeds", seeds, "--out", out, "--no-cache").returncode == 0
    text = out.read_text("utf-8")
    assert not any(c in text for c in BIDI) and "Talks" in text
    # Page text and front matter: removed even where normalize did not run.
    assert not INVISIBLE.search(markup.text(title) + markup.inline(title) + markup.attr(title))
    assert not INVISIBLE.search(front_matter(title=title))
    assert not INVISIBLE.search(one_line(f"rejected {title}"))


def test_file_names_cannot_forge_workflow_commands(tmp_path: Path) -> None:
    names = ["::error file=x.py::forged.txt", "x\n::warning::forged.txt", "::notice::a.txt"]
    seeds = seeds_with(tmp_path, {name: ARTICLE + name for name in names[::2]})
    (seeds / "005_x.txt").write_bytes(ARTICLE.encode() + b" copy")  # a duplicate problem
    result = invoke("check", "--seeds", seeds, "--no-cache", "-v")
    assert "forged" in result.stdout
    for line in (result.stdout + result.stderr).splitlines():
        assert not line.lstrip().startswith("::"), line
    # A line break inside a name never starts a new line.
    assert "\n" not in safe_line(names[1]) and not safe_line("::error::x").startswith("::")


def test_job_summary_is_markdown_with_escaped_text(tmp_path: Path) -> None:
    title = "Kyiv's <b>mayor</b> & [allies](javascript:x) meet over `grain` exports"
    seeds = seeds_with(tmp_path, {"005_q.txt": ARTICLE.replace(ARTICLE.split("\n")[0], title)})
    report = check_seeds(RunOptions(seeds_dir=seeds, cache_dir=None, jobs=1), changed=["005_q.txt"])
    summary = report.render_markdown()
    assert "&#x27;" not in summary and "&amp;" not in summary and "&lt;" not in summary
    assert "Kyiv\\'s" in summary  # an apostrophe, escaped the Markdown way
    assert md_text("a <b> & c") == "a \\<b\\> \\& c"


# ------------------------------------------------------------ 2. sidecars


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        ("published: 2025-02-30\n", "line 1: key 'published': not a calendar date"),
        ("published: " + "9" * 5000 + "\n", "line 1: key 'published': a number of 5,000"),
        ("published: 1899-12-31\n", "line 1: key 'published': published date 1899-12-31 is before"),
        ("url: https://x.example/a\npublished: 2107-01-01\n", "line 2: key 'published'"),
        ("published: [2025, 1]\n", "line 1: key 'published': expected text"),
        ("publisher: !!python/object:os.system x\n", "tags"),
        ("a: &a [x, x]\nb: &b [*a, *a]\n", "anchors"),
    ],
)
def test_a_bad_sidecar_rejects_its_seed_with_file_line_and_key(
    tmp_path: Path, sidecar: str, expected: str
) -> None:
    seed = "000_83c88b85fb6a7bf1.txt"
    seeds = seeds_with(tmp_path, {seed + SIDECAR_SUFFIX: sidecar})
    reason = rejections(seeds)[seed]
    assert reason.startswith(f"sidecar {seed}{SIDECAR_SUFFIX}: line ")
    assert expected in reason and "\n" not in reason and len(reason) < 300


def test_billion_laughs_sidecar_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 600
    seeds = seeds_with(tmp_path, {"000_83c88b85fb6a7bf1.txt" + SIDECAR_SUFFIX: bomb})
    started = time.perf_counter()
    result = invoke("export", "--seeds", seeds, "--out", tmp_path / "c.json", "--no-cache")
    assert result.returncode == 0
    assert time.perf_counter() - started < 30  # was over 50 s for the aliases alone
    assert "anchors (&a) are not allowed" in result.stderr


@pytest.mark.slow
def test_extreme_accepted_dates_build_and_check_refuses_the_future(tmp_path: Path) -> None:
    seeds = seeds_with(
        tmp_path,
        {
            "000_83c88b85fb6a7bf1.txt" + SIDECAR_SUFFIX: "published: '2099-12-31'\n",
            "001_3be5df2c263e1e66.txt" + SIDECAR_SUFFIX: "published: '1900-01-01'\n",
        },
    )
    result = invoke("build", "--seeds", seeds, "--site", tmp_path / "site", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "sitemap.xml.gz").is_file()
    check = invoke("check", "--seeds", seeds, "--no-cache")
    assert check.returncode == 1
    assert "key 'published': published date 2099-12-31 is in the future" in check.stdout


def test_source_date_epoch_only_from_dates_gzip_can_hold() -> None:
    from types import SimpleNamespace

    def epoch(*dates: str) -> int:
        corpus = SimpleNamespace(articles=[SimpleNamespace(published=d) for d in dates])
        return source_date_epoch(corpus)  # type: ignore[arg-type]

    assert 0 < epoch("2107-01-01", "2024-05-01") < MAX_EPOCH
    assert epoch("2024-05-01") == epoch("2107-01-01", "2024-05-01")
    assert epoch("1900-01-01") >= 0


# ------------------------------------------------------------ 3. the file system


def test_links_fifos_devices_and_folders_in_seeds_are_rejected_unopened(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path, {})
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE, "utf-8")
    (seeds / "010_passwd.txt").symlink_to("/etc/passwd")
    (seeds / "011_outside.txt").symlink_to(outside)
    (seeds / "012_zero.txt").symlink_to("/dev/zero")
    (seeds / "013_folder.txt").mkdir()
    (seeds / "014_dirlink.txt").symlink_to(seeds / "013_folder.txt")
    (seeds / "015_loop.txt").symlink_to(seeds / "015_loop.txt")
    os.mkfifo(seeds / "016_fifo.txt")
    found = rejections(seeds)
    for name in ("010_passwd.txt", "011_outside.txt", "012_zero.txt", "014_dirlink.txt"):
        assert "is a symbolic link, not a regular file" in found[name]
    assert "symbolic link" in found["015_loop.txt"]
    assert "is a folder" in found["013_folder.txt"]
    assert "is a FIFO" in found["016_fifo.txt"]


def test_check_never_blocks_on_a_fifo_or_dev_zero_sidecar(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path, {})
    os.mkfifo(seeds / ("000_83c88b85fb6a7bf1.txt" + SIDECAR_SUFFIX))
    (seeds / ("001_3be5df2c263e1e66.txt" + SIDECAR_SUFFIX)).symlink_to("/dev/zero")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--seeds", str(seeds), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "is a FIFO (named pipe), not a regular file" in proc.stdout
    assert "is a symbolic link, not a regular file" in proc.stdout


# ------------------------------------------------------------ 5. registries


def write_topics(tmp_path: Path, phrase: str) -> Path:
    registry = tmp_path / "topics.yml"
    registry.write_text(
        "topics:\n  - id: t\n    name: T\n    description: d\n    any_of:\n"
        f"      - grain\n      - '{phrase}'\n",
        "utf-8",
    )
    return registry


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("re:(a+)+$", "a repeat inside a repeat"),
        ("re:(\\w+\\s?)*x", "a repeat inside a repeat"),
        ("re:(a|aa)*b", "an alternation inside a repeat"),
        ("re:\\w+\\s+\\w+\\s+\\w+\\s+\\w+ said", "unbounded repeats"),
        ("re:.*.*=.*", "'.' repeated without bound"),
        ("re:(x)\\1", "backreferences"),
    ],
)
def test_a_catastrophic_pattern_is_refused_at_load_with_its_line(
    tmp_path: Path, pattern: str, reason: str
) -> None:
    path = write_topics(tmp_path, pattern)
    started = time.perf_counter()
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith(f"{path}: line 7: ")
    assert reason in str(caught.value)


def test_registry_aliases_huge_numbers_and_multiplied_phrases_are_refused(tmp_path: Path) -> None:
    words = ", ".join(f"w{i}" for i in range(200))
    bomb = (
        f"p: &p [{words}]\ntopics:\n  - id: t\n    name: T\n    description: d\n"
        "    all_of:\n" + "".join("      - [*p, *p, *p]\n" for _ in range(200))
    )
    for text, expected in [
        (bomb, "line 1: key 'p': anchors (&p) are not allowed"),
        ("topics: " + "1" * 5000 + "\n", "line 1: key 'topics': a number of 5,000"),
    ]:
        path = tmp_path / "topics.yml"
        path.write_text(text, "utf-8")
        with pytest.raises(TaxonomyError) as caught:
            load_taxonomy(path)
        message = str(caught.value)
        assert expected in message and len(message) < 300, message
    many = "topics:\n  - id: t\n    name: T\n    description: d\n    all_of:\n"
    group = "[" + words + "]"
    many += "".join(f"      - [{group}, {group}, {group}]\n" for _ in range(40))
    path.write_text(many, "utf-8")
    with pytest.raises(TaxonomyError, match="phrases, over the limit"):
        load_taxonomy(path)


def test_yaml_reader_refuses_oversize_and_names_line_and_key() -> None:
    with pytest.raises(YamlError, match="over the"):
        parse_yaml("a: b\n" * 300_000, name="big.yml")
    with pytest.raises(YamlError, match=r"f.yml: line 2: key 'a': key given twice"):
        parse_yaml("a: 1\na: 2\n", name="f.yml")
    assert parse_yaml("published: 2025-01-09\n", name="f").data == {"published": "2025-01-09"}


# ------------------------------------------------------------ 6. mass duplicates


@pytest.mark.parametrize("near", [False, True])
def test_check_refuses_sixty_copies(tmp_path: Path, near: bool) -> None:
    copies = {
        f"{100 + i:03d}_copy.txt": ARTICLE + (f"\nReported by desk {i}.\n" if near else "")
        for i in range(60)
    }
    seeds = seeds_with(tmp_path, copies)
    report = check_seeds(RunOptions(seeds_dir=seeds, cache_dir=None, jobs=1))
    assert not report.ok
    flagged = {p.source for p in report.problems if p.kind == "duplicate"}
    assert flagged == set(sorted(copies)[1:])


# ------------------------------------------------------------ 7. killed builds


def _build(seeds: Path, site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--site", str(site)],
        cwd=site.parent,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.mark.slow
def test_a_killed_build_never_costs_the_site(tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path, {})
    site = tmp_path / "site"
    started = time.perf_counter()
    assert _build(seeds, site).wait(timeout=600) == 0
    duration = time.perf_counter() - started
    rng = random.Random(16)
    for _ in range(5):
        proc = _build(seeds, site)
        time.sleep(rng.uniform(0.2, duration))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert (site / "index.html").is_file() and (site / "sitemap.xml").is_file()
    time.sleep(6)  # past the age under which a folder may be a starting build's
    assert _build(seeds, site).wait(timeout=600) == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def test_next_build_puts_back_a_site_left_between_two_renames(tmp_path: Path) -> None:
    from generator.publish import remove_stale_folders

    site = tmp_path / "site"
    staging = tmp_path / ".site.building-killed"
    (staging / "previous").mkdir(parents=True)
    (staging / "previous" / "index.html").write_text("old", "utf-8")
    old = time.time() - 60
    os.utime(staging, (old, old))
    (tmp_path / ".site.docs-killed").mkdir()
    os.utime(tmp_path / ".site.docs-killed", (old, old))
    assert remove_stale_folders(site) == 2
    assert (site / "index.html").read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# ------------------------------------------------------------ 8. an unusable cache


@pytest.mark.parametrize("damage", ["file", "corrupt"])
def test_an_unusable_cache_is_bypassed_with_one_warning(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    if damage == "file":
        cache.write_text("not a folder", "utf-8")
    else:
        cache.mkdir()
        (cache / "cache.sqlite").write_bytes(b"garbage" * 100)
    out = tmp_path / "corpus.json"
    result = invoke("export", "--seeds", SEEDS, "--out", out, "--cache-dir", cache)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(out.read_text("utf-8"))["articles"]) == 5
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.stderr
    if damage == "corrupt":
        with sqlite3.connect(cache / "cache.sqlite") as db:  # started afresh, and used
            assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


# ------------------------------------------------------------ 4. slow inputs

# A worst case may cost at most this many times a normal input of the same size,
# plus this many CPU seconds (generous: the machine is shared and loaded).
COST_FACTOR = 5
COST_SLACK_S = 2.0


def _vocabulary() -> list[str]:
    words = set()
    for path in SEEDS.glob("*.txt"):
        words.update(w for w in path.read_text("utf-8").split() if w.isalpha() and w.islower())
    return sorted(words)


def _normal_dump(size: int, rng: random.Random) -> str:
    words = _vocabulary()
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < size:
        sentences = (" ".join(rng.choices(words, k=14)).capitalize() + "." for _ in range(5))
        paragraphs.append(" ".join(sentences))
    return "Grain talks in Kyiv\n\n" + "\n\n".join(paragraphs)


def _names_dump(size: int, rng: random.Random) -> str:
    """Long paragraphs that are lists of registry names: every one becomes a mention."""
    import yaml

    registry = yaml.safe_load((REPO / "registry" / "actors.yml").read_text("utf-8"))
    names = sorted({a["name"] for a in registry["actors"]})
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < size:
        paragraphs.append("Present were " + ", ".join(rng.choices(names, k=2000)) + ".")
    return "Who was there in Kyiv\n\n" + "\n\n".join(paragraphs)


def _cpu_seconds(seeds: Path) -> float:
    from generator.commands.build import load_corpus

    started = time.process_time()
    load_corpus(RunOptions(seeds_dir=seeds, cache_dir=None, jobs=1))
    return time.process_time() - started


@pytest.mark.slow
def test_name_lists_cost_a_few_times_a_normal_dump_of_the_same_size(tmp_path: Path) -> None:
    rng = random.Random(16)
    size = 250_000
    costs = {}
    for kind, text in (("normal", _normal_dump(size, rng)), ("names", _names_dump(size, rng))):
        seeds = tmp_path / kind
        seeds.mkdir()
        (seeds / f"001_{kind}.txt").write_text(text, "utf-8")
        costs[kind] = _cpu_seconds(seeds)
    # Before: quadratic in the mentions of a paragraph, 62 s at 400 KB (normal: 2 s).
    assert costs["names"] <= COST_FACTOR * costs["normal"] + COST_SLACK_S, costs


def _html(body: str) -> str:
    return (
        "<html><head><title>Grain talks in Kyiv</title></head><body><article>"
        f"<h1>Grain talks in Kyiv</h1>{body}</article></body></html>"
    )


def _html_cases(size: int, rng: random.Random) -> dict[str, str]:
    words = _vocabulary()

    def sentence() -> str:
        return " ".join(rng.choices(words, k=14)).capitalize() + "."

    def fill(make: Callable[[], str]) -> str:
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(make())
        return "".join(parts)

    intro = "".join(f"<p>{sentence()} {sentence()}</p>" for _ in range(8))
    cell = '<td colspan="1000">{}</td>'
    return {
        "normal": _html(intro + fill(lambda: f"<p>{sentence()} {sentence()} {sentence()}</p>")),
        "wide table": _html(
            intro
            + "<table>"
            + fill(lambda: "<tr>" + "".join(cell.format(w) for w in rng.choices(words, k=20)))
            + "</table>"
        ),
        "many attributes": _html(
            intro
            + fill(
                lambda: (
                    "<p>"
                    + "".join(
                        f'<span class="c{i}" data-x="{w}" title="{w}">{w}</span> '
                        for i, w in enumerate(rng.choices(words, k=50))
                    )
                    + "</p>"
                )
            )
        ),
        "attribute flood": _html(
            intro
            + fill(
                lambda: (
                    "<p "
                    + " ".join(f'data-a{i}="{w}"' for i, w in enumerate(rng.choices(words, k=300)))
                    + f">{sentence()}</p>"
                )
            )
        ),
        "deep nesting": _html(intro + "<div>" * 5_000 + fill(sentence) + "</div>" * 5_000),
    }


@pytest.mark.slow
def test_wide_tables_and_many_attributes_cost_a_few_times_a_normal_page(tmp_path: Path) -> None:
    from generator.clean.html import extract_html

    costs = {}
    for kind, page in _html_cases(600_000, random.Random(16)).items():
        started = time.process_time()
        extraction = extract_html(page)
        costs[kind] = time.process_time() - started
        assert len(page) >= 600_000 and extraction.paragraphs, kind
        assert sum(map(len, extraction.paragraphs)) <= len(page), kind  # no 10x expansion
    for kind, cost in costs.items():
        assert cost <= COST_FACTOR * costs["normal"] + COST_SLACK_S, (kind, costs)
