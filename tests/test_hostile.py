"""Untrusted input: hostile pages stay inert text; broken files never stop a build."""

from __future__ import annotations

import json
import resource
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.publish import PublishError, publish
from generator.runtime.options import SiteSources

from .cli import invoke
from .conftest import REPO, SEEDS, run_generator

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
EXPECTED_REJECTED = {
    "empty.txt": "empty",
    "whitespace-only.txt": "empty",
    "image-saved-as.txt": "binary",
    "only-chrome.txt": "no article body",
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, object]]:
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    for fixture in FIXTURES.iterdir():
        if fixture.name != "README.md":
            shutil.copy(fixture, seeds / fixture.name)
    site = root / "site"
    result = invoke("build", "--seeds", seeds, "--site", site)
    assert result.returncode == 0, result.stderr
    export = root / "corpus.json"
    assert invoke("export", "--seeds", seeds, "--out", export).returncode == 0
    return site, result.stderr, json.loads(export.read_text("utf-8"))


def article_by_source(corpus: dict[str, object], source: str) -> dict[str, object]:
    articles = corpus["articles"]
    assert isinstance(articles, list)
    for article in articles:
        if source in article["sources"]:
            return dict(article)
    raise AssertionError(f"{source} produced no article")


def test_broken_files_are_rejected_with_reasons(
    hostile_build: tuple[Path, str, dict[str, object]],
) -> None:
    site, stderr, corpus = hostile_build
    rejected = {r["source"]: r["reason"] for r in corpus["rejected"]}  # type: ignore[union-attr]
    for name, reason_word in EXPECTED_REJECTED.items():
        assert name in rejected, f"{name} was not rejected"
        assert reason_word in rejected[name], rejected[name]
        assert name in stderr, f"{name} not reported in the build output"
    on_site = json.loads((site / "rejected.json").read_text("utf-8"))
    assert {r["source"] for r in on_site} == set(rejected)
    # Every real seed still built.
    for seed in SEEDS.iterdir():
        article_by_source(corpus, seed.name)


def test_legacy_encodings_are_decoded_not_rejected(
    hostile_build: tuple[Path, str, dict[str, object]],
) -> None:
    _site, _stderr, corpus = hostile_build
    cp1252 = article_by_source(corpus, "cp1252.txt")
    # Distinct stories: neither may be merged into another fixture or seed.
    assert cp1252["sources"] == ["cp1252.txt"]
    text = " ".join([str(cp1252["title"]), *cp1252["paragraphs"]])  # type: ignore[misc]
    assert "“without delay”" in text and "–" in text and "Kyiv’s" in text
    assert "â€" not in text
    latin1 = article_by_source(corpus, "latin1.txt")
    assert latin1["sources"] == ["latin1.txt"]
    text = " ".join([str(latin1["title"]), *latin1["paragraphs"]])  # type: ignore[misc]
    assert "Zürich" in text and "São Tomé" in text and "señor" in text


def test_no_markup_from_inputs_reaches_the_site(
    hostile_build: tuple[Path, str, dict[str, object]],
) -> None:
    site, _stderr, _corpus = hostile_build
    offenders = []
    # Hand-written pages (About shows the screenshots) may carry images; none is generated.
    hand_written = {site / p.stem / "index.html" for p in (REPO / "docs").glob("*.md")}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        article = soup.select_one("article")
        embedded = ["script", "iframe", "object", "embed"]
        if page not in hand_written:
            embedded.append("img")
        if article is not None and article.find(embedded):
            offenders.append(f"{page}: element in content")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                if name.lower().startswith("on"):
                    offenders.append(f"{page}: {element.name} {name}")
                if name in ("href", "src") and str(value).strip().lower().startswith(
                    ("javascript:", "data:")
                ):
                    offenders.append(f"{page}: {name}={value}")
        for script in soup.find_all("script"):
            src = script.get("src")
            if src is not None:
                assert "assets/javascripts/" in str(src), f"{page}: foreign script {src}"
            elif script.get("type") == "application/ld+json":
                # Structured data carries scraped text as data: one JSON value that
                # parses whole (so no text escaped the element) and is never run.
                assert isinstance(json.loads(script.get_text()), dict), page
            else:
                assert "alert" not in script.get_text() and "cookie" not in script.get_text(), page
    assert offenders == []


def test_hostile_text_is_shown_literally(
    hostile_build: tuple[Path, str, dict[str, object]],
) -> None:
    site, _stderr, corpus = hostile_build
    article = article_by_source(corpus, "script-in-text.txt")
    page = site / "articles" / str(article["id"]) / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    content = soup.select_one("article")
    assert content is not None
    visible = " ".join(content.get_text(" ").split())
    heading = content.find("h1")
    assert heading is not None and '<script>alert("title")</script>' in heading.get_text()
    for literal in (
        "<img src=x onerror=\"alert('img')\">",
        '<iframe src="https://evil.example/"></iframe>',
        "[click here](javascript:alert('md'))",
        "{{ config.site_name }}",
        "{% include 'secret' %}",
        "# Not a heading",
        "> Not a quote block",
        "| not | a | table |",
        "- not a list item",
        "1. not an ordered list",
    ):
        assert literal in visible, literal
    assert (
        content.find(
            ["h2", "blockquote", "table", "ol", "pre", "code"],
            string=lambda s: bool(s and "Not" in s),
        )
        is None
    )
    assert not content.select("blockquote, table, pre, ol")


def test_hostile_html_metadata_is_escaped(
    hostile_build: tuple[Path, str, dict[str, object]],
) -> None:
    site, _stderr, corpus = hostile_build
    article = article_by_source(corpus, "hostile.html")
    page = (site / "articles" / str(article["id"]) / "index.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title is not None and "<script>" not in str(soup.title).replace(
        "&lt;script&gt;", ""
    )
    assert article["url"] is None or str(article["url"]).startswith("http")
    for a in soup.select("article a[href]"):
        assert not str(a["href"]).startswith("javascript:")


def test_oversized_dump_is_rejected_and_a_larger_limit_stays_in_memory(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    paragraph = (SEEDS / "001_3be5df2c263e1e66.txt").read_text("utf-8")
    big = seeds / "huge.txt"
    with big.open("w", encoding="utf-8") as out:
        i = 0
        while out.tell() < 25 * 1024 * 1024:
            out.write(f"Line {i} of a very long dump. " + paragraph[: 200 + i % 300] + "\n")
            i += 1
    result = run_generator("build", "--seeds", seeds, "--site", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "huge.txt" in result.stderr and "limit" in result.stderr
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    raised = run_generator(
        "build", "--seeds", seeds, "--site", tmp_path / "site", "--max-bytes", str(40 * 1024 * 1024)
    )
    assert raised.returncode == 0, raised.stderr
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kib, before) < 2 * 1024 * 1024, f"peak {peak_kib / 1024:.0f} MiB"


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    good = SiteSources(config=REPO / "mkdocs.yml", docs_dir=REPO / "docs")
    publish({"index.md": "# Home\n"}, sources=good, site_dir=site, epoch=0)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = tmp_path / "broken.yml"
    broken.write_text("site_name: x\ntheme:\n  name: no-such-theme\n")
    with pytest.raises(PublishError):
        publish(
            {"index.md": "# Changed\n"},
            sources=SiteSources(config=broken, docs_dir=REPO / "docs"),
            site_dir=site,
            epoch=0,
        )
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yml", "site"], (
        "staging left behind"
    )


def test_interrupted_writes_leave_nothing_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.publish as publish_module

    def explode(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_module, "run_mkdocs", explode)
    good = SiteSources(config=REPO / "mkdocs.yml", docs_dir=REPO / "docs")
    with pytest.raises(KeyboardInterrupt):
        publish({"index.md": "# Home\n"}, sources=good, site_dir=tmp_path / "site", epoch=0)
    assert list(tmp_path.iterdir()) == []
