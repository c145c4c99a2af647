"""Contributing: `add` puts a dump in the seeds (or refuses it), `check` gates a pull request."""

from __future__ import annotations

import hashlib
import http.server
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import yaml

from generator.commands.add import add_seed, download, next_number, seed_name
from generator.commands.check import changed_seed_names, check_seeds
from generator.errors import UserError
from generator.ingest import SIDECAR_SUFFIX, SeedFile, read_seed
from generator.runtime.options import RunOptions

from .cli import invoke
from .conftest import REPO, SEEDS

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
NAME = re.compile(r"^(\d{3})_([0-9a-f]{16})\.(txt|html)$")
LAST = sorted(SEEDS.glob("0*.txt"))[-1]


def copy_seeds(target: Path, *, skip: tuple[str, ...] = ()) -> Path:
    target.mkdir()
    for path in sorted(SEEDS.iterdir()):
        if path.is_file() and path.name not in skip:
            shutil.copy2(path, target / path.name)
    return target


def wrapped_in_chrome(seed: Path) -> bytes:
    """The same article as another site would serve it: other menus, other footer."""
    head = "Home | World | Business | Sport\nSubscribe to our newsletter\nLog in\n\n"
    tail = "\n\nMost read\nWeather: sunny spells\nCopyright 2025 The Other Paper.\n"
    return head.encode() + seed.read_bytes() + tail.encode()


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.parametrize("command", ["add", "check", "serve"])
def test_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


# ---------------------------------------------------------------- names


def test_seed_name_follows_the_pattern() -> None:
    assert seed_name(b"abc", number=7, kind="text") == f"007_{sha16(b'abc')}.txt"
    assert seed_name(b"abc", number=12, kind="html").endswith(".html")


def test_next_number_ignores_names_that_do_not_follow_the_pattern() -> None:
    names = ["000_83c88b85fb6a7bf1.txt", "004_e8782edaaa53b61e.txt", "notes.txt", "9_x.txt"]
    assert next_number(names) == 5
    assert next_number([]) == 0


# ---------------------------------------------------------------- add


def test_add_from_path(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    result = add_seed(
        LAST,
        RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None),
        url="https://example.com/news/zelensky",
        publisher="Example News",
        published="2025-01-09",
    )
    assert result.ok, result.refused
    assert result.path is not None and result.name is not None
    match = NAME.match(result.name)
    assert match, result.name
    assert match.group(1) == "004"  # the next free number
    assert match.group(2) == sha16(LAST.read_bytes())
    assert result.path.read_bytes() == LAST.read_bytes()
    sidecar = seeds / (result.name + SIDECAR_SUFFIX)
    assert result.sidecar == sidecar
    assert yaml.safe_load(sidecar.read_text("utf-8")) == {
        "url": "https://example.com/news/zelensky",
        "publisher": "Example News",
        "published": "2025-01-09",
    }
    # The pipeline reads the sidecar back as written.
    seed = read_seed(result.path)
    assert isinstance(seed, SeedFile)
    assert seed.sidecar == {
        "url": "https://example.com/news/zelensky",
        "publisher": "Example News",
        "published": "2025-01-09",
    }
    assert result.article is not None and result.article.published == "2025-01-09"


def test_add_without_metadata_writes_no_sidecar(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    result = add_seed(LAST, RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))
    assert result.ok, result.refused
    assert result.sidecar is None
    assert not list(seeds.glob("*" + SIDECAR_SUFFIX))


def test_add_refuses_an_exact_duplicate(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    before = sorted(p.name for p in seeds.iterdir())
    result = add_seed(
        SEEDS / "002_c9af6c0a41a0197d.txt", RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None)
    )
    assert not result.ok
    assert result.existing == "002_c9af6c0a41a0197d.txt"
    assert "identical" in (result.refused or "")
    assert sorted(p.name for p in seeds.iterdir()) == before


def test_add_refuses_a_syndicated_copy_in_other_chrome(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    before = sorted(p.name for p in seeds.iterdir())
    dump = tmp_path / "copy.txt"
    original = SEEDS / "000_83c88b85fb6a7bf1.txt"
    dump.write_bytes(wrapped_in_chrome(original))
    result = add_seed(
        dump, RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None), publisher="The Other Paper"
    )
    assert not result.ok
    assert result.existing == original.name
    assert "near-duplicate" in (result.refused or "")
    assert sorted(p.name for p in seeds.iterdir()) == before


def test_add_refuses_a_file_without_an_article(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    for name in ("only-chrome.txt", "image-saved-as.txt", "empty.txt"):
        result = add_seed(HOSTILE / name, RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))
        assert not result.ok, name
        assert (result.refused or "").startswith("no article"), result.refused
    assert len(list(seeds.iterdir())) == len(list(SEEDS.iterdir()))


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("published", "2025-13-01"),
        ("published", "09/01/2025"),
        ("published", "20250109"),
        ("url", "javascript:alert(1)"),
        ("url", "ftp://example.com/a"),
        ("url", "https://exa mple.com/"),
        ("publisher", "Example\x07News"),
        ("publisher", "x" * 300),
    ],
)
def test_add_refuses_bad_metadata(tmp_path: Path, option: str, value: str) -> None:
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    kwargs: dict[str, str] = {option: value}
    with pytest.raises(UserError):
        add_seed(LAST, RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None), **kwargs)
    assert len(list(seeds.iterdir())) == len(list(SEEDS.iterdir())) - 1


def test_cli_add_invalid_published_is_a_usage_error(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    result = invoke("add", LAST, "--seeds", seeds, "--published", "2025-02-30", "--no-cache")
    assert result.returncode == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "2025-02-30" in lines[0], result.stderr
    assert len(list(seeds.iterdir())) == len(list(SEEDS.iterdir())) - 1


def test_cli_add_refusal_names_the_existing_seed(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    dump = tmp_path / "copy.txt"
    dump.write_bytes(wrapped_in_chrome(SEEDS / "000_83c88b85fb6a7bf1.txt"))
    result = invoke("add", dump, "--seeds", seeds, "--no-cache", "--jobs", "1")
    assert result.returncode == 1
    assert "000_83c88b85fb6a7bf1.txt" in result.stderr


def test_cli_add_then_check(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    added = invoke(
        "add", LAST, "--seeds", seeds, "--published", "2025-01-09", "--no-cache", "--jobs", "1"
    )
    assert added.returncode == 0, added.stderr
    checked = invoke("check", "--seeds", seeds, "--no-cache", "--jobs", "1")
    assert checked.returncode == 0, checked.stdout + checked.stderr


# ---------------------------------------------------------------- add from a URL


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 serving a folder; never the internet."""
    root = tmp_path / "www"
    root.mkdir()
    handler = partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_add_from_url(tmp_path: Path, local_server: tuple[str, Path]) -> None:
    base, root = local_server
    (root / "story.txt").write_bytes(LAST.read_bytes())
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    url = f"{base}/story.txt"
    result = add_seed(
        url,
        RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None),
        publisher="Example News",
        fetch=partial(download, allow_private_hosts=True),
    )
    assert result.ok, result.refused
    assert result.path is not None and result.name is not None
    assert result.path.read_bytes() == LAST.read_bytes()  # kept as served, not re-encoded
    meta = yaml.safe_load((seeds / (result.name + SIDECAR_SUFFIX)).read_text("utf-8"))
    assert meta == {"url": url, "publisher": "Example News"}


def test_add_from_url_that_is_missing(tmp_path: Path, local_server: tuple[str, Path]) -> None:
    base, _root = local_server
    seeds = copy_seeds(tmp_path / "seeds")
    with pytest.raises(UserError, match="404"):
        add_seed(
            f"{base}/nope.txt",
            RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None),
            fetch=partial(download, allow_private_hosts=True),
        )


def test_default_download_will_not_fetch_a_private_address(
    tmp_path: Path, local_server: tuple[str, Path]
) -> None:
    """`add URL` refuses loopback and private hosts (trafilatura's SSRF protection)."""
    base, root = local_server
    (root / "story.txt").write_bytes(LAST.read_bytes())
    seeds = copy_seeds(tmp_path / "seeds", skip=(LAST.name,))
    with pytest.raises(UserError, match="cannot download"):
        add_seed(f"{base}/story.txt", RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))


# ---------------------------------------------------------------- check


def test_check_passes_on_the_real_seeds() -> None:
    report = check_seeds(RunOptions(seeds_dir=SEEDS, jobs=1, cache_dir=None))
    assert report.ok, report.render_text()
    assert report.seeds == report.articles == len(list(SEEDS.glob("0*.txt")))
    assert "FAILED" not in report.render_text()


def test_check_fails_on_a_broken_file(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    shutil.copy(HOSTILE / "image-saved-as.txt", seeds / "005_broken.txt")
    shutil.copy(HOSTILE / "only-chrome.txt", seeds / "006_chrome.txt")
    report = check_seeds(RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))
    assert not report.ok
    assert {p.source for p in report.problems} == {"005_broken.txt", "006_chrome.txt"}
    text = report.render_text()
    assert "005_broken.txt" in text and "006_chrome.txt" in text


def test_check_fails_on_a_near_duplicate_pair_naming_both(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / "005_copy.txt").write_bytes(wrapped_in_chrome(SEEDS / "001_3be5df2c263e1e66.txt"))
    report = check_seeds(RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))
    assert not report.ok
    [problem] = report.problems
    assert problem.source == "005_copy.txt"
    assert "001_3be5df2c263e1e66.txt" in problem.message
    result = invoke("check", "--seeds", seeds, "--no-cache", "--jobs", "1")
    assert result.returncode == 1
    assert "005_copy.txt" in result.stdout and "001_3be5df2c263e1e66.txt" in result.stdout


def test_check_fails_on_a_bad_hand_written_sidecar(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / ("001_3be5df2c263e1e66.txt" + SIDECAR_SUFFIX)).write_text(
        "published: 'last tuesday'\nurl: 'javascript:alert(1)'\n", "utf-8"
    )
    (seeds / ("009_gone.txt" + SIDECAR_SUFFIX)).write_text("publisher: X\n", "utf-8")
    report = check_seeds(RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None))
    assert not report.ok
    sources = [p.source for p in report.problems]
    assert sources.count("001_3be5df2c263e1e66.txt" + SIDECAR_SUFFIX) == 2
    assert "009_gone.txt" + SIDECAR_SUFFIX in sources


def test_check_summary_is_escaped_markdown(tmp_path: Path) -> None:
    seeds = copy_seeds(tmp_path / "seeds")
    shutil.copy(HOSTILE / "script-in-text.txt", seeds / "005_hostile.txt")
    report = check_seeds(
        RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None), changed=["005_hostile.txt"]
    )
    markdown = report.render_markdown()
    assert "005_hostile.txt" in markdown
    # GitHub Markdown: every "<" and "&" of the input is backslash-escaped (shown, not parsed).
    assert re.search(r"(?<!\\)[<&]", markdown) is None
    assert "&#x27;" not in markdown and "&amp;" not in markdown
    assert "000_83c88b85fb6a7bf1.txt" not in markdown  # only the changed seed is summarized


def test_cli_check_writes_the_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", "utf-8")
    result = invoke("check", "--seeds", SEEDS, "--summary", summary, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n")  # appended, as $GITHUB_STEP_SUMMARY expects
    assert "Seed check passed" in text
    for path in SEEDS.glob("0*.txt"):
        assert path.name in text


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_changed_seeds_from_a_base_revision(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    seeds = copy_seeds(repo / "seeds", skip=(LAST.name,))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    assert changed_seed_names(base, seeds, repo=repo) == []
    result = add_seed(
        LAST, RunOptions(seeds_dir=seeds, jobs=1, cache_dir=None), published="2025-01-09"
    )
    assert result.ok and result.name is not None
    (seeds / ("000_83c88b85fb6a7bf1.txt" + SIDECAR_SUFFIX)).write_text("publisher: Yonhap\n")
    (repo / "README.md").write_text("not a seed\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "add a seed")
    assert changed_seed_names(base, seeds, repo=repo) == sorted(
        [result.name, "000_83c88b85fb6a7bf1.txt"]
    )
    with pytest.raises(UserError):
        changed_seed_names("--output=/tmp/x", seeds, repo=repo)


# ---------------------------------------------------------------- serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_previews_the_site_and_cleans_up(tmp_path: Path) -> None:
    port = _free_port()
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "generator", "serve", "--no-cache", "--jobs", "1"),
            *("--seeds", str(SEEDS), "--dev-addr", f"127.0.0.1:{port}"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/", timeout=5) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "<title>" in page, proc.stderr.read().decode() if proc.poll() is not None else ""
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    # The staging folder and mkdocs' own temporary folder are gone, and so is the server.
    assert not list(tmp_path.iterdir())
    with pytest.raises(ConnectionRefusedError), socket.socket() as sock:
        sock.connect(("127.0.0.1", port))
