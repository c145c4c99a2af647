"""The CLI as wiring: arguments reach the library, errors are one clear line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .cli import invoke
from .conftest import SEEDS, run_generator

SEED = SEEDS / "002_c9af6c0a41a0197d.txt"


def one_line_error(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("command", [[], ["build"], ["export"], ["clean"]])
def test_help(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    """The one test that needs a real process: `python -m generator` reaches `cli.main`."""
    result = run_generator("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("python -m generator ")


def test_unknown_option_is_a_usage_error() -> None:
    result = invoke("build", "--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in one_line_error(result.stderr)


def test_missing_seeds_folder(tmp_path: Path) -> None:
    result = invoke("build", "--seeds", tmp_path / "nope", "--site", tmp_path / "site")
    assert result.returncode == 2
    assert "seeds folder not found" in one_line_error(result.stderr)


def test_site_path_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke("build", "--seeds", SEEDS, "--site", blocker, "-q")
    assert result.returncode == 2
    assert "is not a folder" in one_line_error(result.stderr)


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    result = invoke("build", "--seeds", SEEDS, "--site", precious, "-q")
    assert result.returncode == 2
    assert "refusing to replace it" in one_line_error(result.stderr)
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_unwritable_site_parent(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = invoke("build", "--seeds", SEEDS, "--site", locked / "site", "-q")
    finally:
        locked.chmod(0o700)
    if result.returncode == 0:
        pytest.skip("running as a user who can write anywhere (root)")
    assert result.returncode == 2
    one_line_error(result.stderr)


def test_site_folder_that_cannot_be_made(tmp_path: Path) -> None:
    # Fails for root too: the "parent folder" is a regular file.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke("build", "--seeds", SEEDS, "--site", blocker / "site", "-q")
    assert result.returncode == 2
    one_line_error(result.stderr)
    assert "Traceback" not in result.stderr


def test_clean_prints_paragraphs_separated_by_blank_lines() -> None:
    result = invoke("clean", SEED)
    assert result.returncode == 0, result.stderr
    paragraphs = result.stdout.strip().split("\n\n")
    assert len(paragraphs) >= 5
    assert all("\n" not in p for p in paragraphs)
    assert "Related Sources" not in result.stdout


def test_clean_from_stdin_matches_file() -> None:
    from_file = invoke("clean", SEED)
    from_stdin = invoke("clean", "-", stdin=SEED.read_bytes())
    assert from_stdin.returncode == 0
    assert from_stdin.stdout == from_file.stdout


def test_clean_json_has_record_and_removals() -> None:
    result = invoke("clean", "--json", SEEDS / "000_83c88b85fb6a7bf1.txt")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in ("id", "title", "author", "published", "paragraphs", "removed", "actors", "topics"):
        assert key in record
    assert record["removed"], "the 000 dump is full of chrome; removals must be listed"
    assert all({"text", "reason"} <= set(r) for r in record["removed"])


def test_clean_many_files_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = sorted(SEEDS.glob("*.txt"))
    result = invoke("clean", *files, "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name + ".txt" for f in files)


def test_strict_fails_on_rejection_but_still_builds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "empty.txt").write_bytes(b"")
    site = tmp_path / "site"
    lenient = invoke("build", "--seeds", seeds, "--site", site)
    assert lenient.returncode == 0
    assert "empty.txt" in lenient.stderr and "file is empty" in lenient.stderr
    strict = invoke("build", "--seeds", seeds, "--site", site, "--strict")
    assert strict.returncode == 1
    assert (site / "index.html").is_file()


def test_export_contract(tmp_path: Path) -> None:
    out = tmp_path / "corpus.json"
    result = invoke("export", "--seeds", SEEDS, "--out", out)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    assert {"articles", "actors", "topics", "rejected"} <= set(data)
    article_ids = {a["id"] for a in data["articles"]}
    actor_ids = {a["id"] for a in data["actors"]}
    topic_ids = {t["id"] for t in data["topics"]}
    for article in data["articles"]:
        assert article["sources"] and all((SEEDS / s).is_file() for s in article["sources"])
        assert set(article["actors"]) <= actor_ids
        assert set(article["topics"]) <= topic_ids
        assert article["published"] is None or len(article["published"]) == 10
    for actor in data["actors"]:
        assert actor["type"] in ("person", "organization", "country")
        assert set(actor["articles"]) <= article_ids
    for topic in data["topics"]:
        assert set(topic["articles"]) <= article_ids
