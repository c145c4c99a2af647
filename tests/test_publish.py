"""The site as the open web reads it: base URL, sitemap, canonical links, feeds,
structured data, previews, data downloads, and what the deploy does with a
rejected seed."""

from __future__ import annotations

import csv
import json
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from generator.analyze.actor_registry import RegistryError
from generator.analyze.registries import load_registries
from generator.write.feeds import entry_id

from .cli import invoke
from .conftest import REPO, SEEDS, SUB_PATH_SITE_URL

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOSTILE_TITLE = 'Talks </script><script>alert(1)</script> resume "at once" & <b>now</b>'


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def published_url(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return SUB_PATH_SITE_URL + ("" if folder == "." else folder + "/")


def soup_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text("utf-8"), "html.parser")


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return str(tag["content"]) if isinstance(tag, Tag) else None


def json_ld(soup: BeautifulSoup) -> list[dict[str, object]]:
    return [
        json.loads(script.get_text())
        for script in soup.find_all("script", attrs={"type": "application/ld+json"})
    ]


def corpus_of(site: Path) -> dict[str, list[dict[str, object]]]:
    data = json.loads((site / "data" / "corpus.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------- base URL


def test_sitemap_lists_every_page_under_the_sub_path(subpath_site: Path) -> None:
    tree = ET.parse(subpath_site / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)}
    expected = {published_url(subpath_site, page) for page in html_pages(subpath_site)}
    assert len(expected) > 50
    assert listed == expected


def test_every_page_has_its_canonical_link(subpath_site: Path) -> None:
    for page in html_pages(subpath_site):
        link = soup_of(page).find("link", rel="canonical")
        assert isinstance(link, Tag), page
        assert link["href"] == published_url(subpath_site, page)


def test_404_page_loads_its_assets_from_the_sub_path(subpath_site: Path) -> None:
    soup = soup_of(subpath_site / "404.html")
    targets = [str(tag.get("href") or tag.get("src") or "") for tag in soup.find_all(True)]
    local = [url for url in targets if url and not urlsplit(url).scheme]
    assert any("assets/stylesheets/main" in url for url in local)
    # Absolute paths under /repo/: they work whatever the missing page's depth.
    assert all(url.startswith("/repo/") or url.startswith("#") for url in local), local
    for url in local:
        path = urlsplit(url).path.removeprefix("/repo/")
        if path not in ("", ".") and "." in path.rsplit("/", 1)[-1]:
            assert (subpath_site / path).is_file(), url


def test_without_a_site_url_the_build_says_so_once(tmp_path: Path) -> None:
    result = invoke("build", "--seeds", SEEDS, "--site", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no --site-url") == 1
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text("utf-8")
    assert "<url>" not in sitemap
    home = soup_of(tmp_path / "site" / "index.html")
    assert home.find("link", rel="canonical") is None
    # The feeds still work: their links are relative to the feed file.
    feed = feedparser.parse((tmp_path / "site" / "feeds" / "articles.xml").read_bytes())
    assert not feed.bozo
    feed_url = "http://127.0.0.1:8000/any/sub/path/feeds/articles.xml"
    for entry in feed.entries:
        target = urlsplit(urljoin(feed_url, entry.link)).path.removeprefix("/any/sub/path/")
        assert (tmp_path / "site" / target / "index.html").is_file(), entry.link


def test_the_site_url_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWIKI_SITE_URL", "https://example.net/wiki")
    result = invoke("build", "--seeds", SEEDS, "--site", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "no --site-url" not in result.stderr
    link = soup_of(tmp_path / "site" / "about" / "index.html").find("link", rel="canonical")
    assert isinstance(link, Tag) and link["href"] == "https://example.net/wiki/about/"


@pytest.mark.parametrize("bad", ["ftp://example.org/", "example.org/repo", "https://"])
def test_a_bad_site_url_is_a_usage_error(bad: str, tmp_path: Path) -> None:
    result = invoke("build", "--seeds", SEEDS, "--site", tmp_path / "s", "--site-url", bad)
    assert result.returncode == 2
    assert "--site-url" in result.stderr and not (tmp_path / "s").exists()


# --------------------------------------------------------------------------- feeds


def test_every_feed_parses_and_its_entries_point_at_article_pages(subpath_site: Path) -> None:
    corpus = corpus_of(subpath_site)
    ids = {str(a["id"]) for a in corpus["articles"]}
    feeds = sorted((subpath_site / "feeds").rglob("*.xml"))
    topics = [t for t in corpus["topics"] if t["articles"]]
    assert len(feeds) == 1 + len(topics) + len(corpus["actors"])
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.feed.title and feed.feed.updated_parsed is not None
        assert feed.entries, path
        for entry in feed.entries:
            article_id = entry.link.removeprefix(SUB_PATH_SITE_URL + "articles/").rstrip("/")
            assert article_id in ids, entry.link
            # Stable: derived from the article id alone, not the address or the clock.
            assert entry.id == entry_id(article_id)
            assert entry.updated_parsed is not None and entry.title
    site_feed = feedparser.parse((subpath_site / "feeds" / "articles.xml").read_bytes())
    assert len(site_feed.entries) == len(ids)


def test_topic_and_actor_pages_link_their_feed(subpath_site: Path) -> None:
    corpus = corpus_of(subpath_site)
    pages = [("topics", str(t["id"])) for t in corpus["topics"] if t["articles"]]
    pages += [("actors", str(a["id"])) for a in corpus["actors"]]
    pages.append(("", ""))  # the home page: the site's feed
    for section, page_id in pages:
        folder = subpath_site / section / page_id if section else subpath_site
        page = folder / "index.html"
        soup = soup_of(page)
        want = f"feeds/{section}/{page_id}.xml" if section else "feeds/articles.xml"
        base = published_url(subpath_site, page)
        alternates = [
            urljoin(base, str(link["href"]))
            for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
        ]
        assert SUB_PATH_SITE_URL + want in alternates, (page, alternates)
        visible = soup.select_one("p.feed-link a")
        assert isinstance(visible, Tag), page
        assert urljoin(base, str(visible["href"])) == SUB_PATH_SITE_URL + want
        assert (subpath_site / want).is_file()


# --------------------------------------------------------------------------- structured data


def test_every_page_has_open_graph_and_twitter_tags(subpath_site: Path) -> None:
    for page in [*html_pages(subpath_site), subpath_site / "404.html"]:
        soup = soup_of(page)
        for key in ("og:site_name", "og:title", "og:description", "og:type", "twitter:card"):
            assert meta(soup, key), (page, key)
        if page.name == "index.html":
            assert meta(soup, "og:url") == published_url(subpath_site, page)


def test_article_pages_carry_a_news_article(subpath_site: Path) -> None:
    for article in corpus_of(subpath_site)["articles"]:
        page = subpath_site / "articles" / str(article["id"]) / "index.html"
        soup = soup_of(page)
        [data] = json_ld(soup)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == article["title"]
        assert data.get("datePublished") == article["published"]
        author = data.get("author")
        assert (
            (author == {"@type": "Person", "name": article["author"]})
            if article["author"]
            else author is None
        )
        if article["publisher"]:
            assert data["publisher"] == {"@type": "Organization", "name": article["publisher"]}
        if article["url"]:
            assert data["isBasedOn"] == data["url"] == article["url"]
        assert data["mainEntityOfPage"] == published_url(subpath_site, page)
        assert meta(soup, "og:type") == "article"


def test_actor_pages_carry_their_type_and_wikidata_item(subpath_site: Path) -> None:
    types = {"person": "Person", "organization": "Organization", "country": "Country"}
    registry = yaml.safe_load((REPO / "registry" / "actors.yml").read_text("utf-8"))
    wikidata = {a["id"]: a["wikidata"] for a in registry["actors"] if a.get("wikidata")}
    same_as = 0
    for actor in corpus_of(subpath_site)["actors"]:
        page = subpath_site / "actors" / str(actor["id"]) / "index.html"
        [data] = json_ld(soup_of(page))
        assert data["@type"] == types[str(actor["type"])] and data["name"] == actor["name"]
        assert data["url"] == published_url(subpath_site, page)
        item = wikidata.get(str(actor["id"]))
        assert actor["wikidata"] == item
        if item:
            assert data["sameAs"] == [f"https://www.wikidata.org/wiki/{item}"]
            same_as += 1
        else:
            assert "sameAs" not in data
    assert same_as >= 15  # the seeds' best-known actors: Zelenskyy, Putin, NATO, Ukraine...


def test_a_hostile_title_stays_data_in_json_ld_open_graph_and_feeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "Negotiators from both delegations met on Tuesday in Geneva for a third round of "
            "talks on the exchange of prisoners and the return of deported children.",
            "The mediators said the sides had agreed on a list of names and on the route the "
            "buses would take, but that the date of the exchange was still open.",
            "Officials on both sides declined to comment on the details before the next "
            "meeting, which is expected to take place in the second half of the month.",
        )
    )
    escaped = HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (seeds / "hostile.html").write_text(
        f"<!doctype html><html><head><title>{escaped}</title></head><body><article>"
        f"<h1>{escaped}</h1>{body}</article></body></html>",
        "utf-8",
    )
    site = tmp_path / "site"
    result = invoke("build", "--seeds", seeds, "--site", site, "--site-url", SUB_PATH_SITE_URL)
    assert result.returncode == 0, result.stderr
    [article] = corpus_of(site)["articles"]
    assert article["title"] == HOSTILE_TITLE
    page = site / "articles" / str(article["id"]) / "index.html"
    raw = page.read_text("utf-8")
    assert "<script>alert(1)" not in raw and "<b>now" not in raw
    soup = soup_of(page)
    [data] = json_ld(soup)
    assert data["headline"] == HOSTILE_TITLE
    for script in soup.find_all("script"):
        assert "alert(1)" not in script.get_text() or script.get("type") == "application/ld+json"
    assert meta(soup, "og:title") == HOSTILE_TITLE
    assert meta(soup, "twitter:title") == HOSTILE_TITLE
    feed = feedparser.parse((site / "feeds" / "articles.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == HOSTILE_TITLE


# --------------------------------------------------------------------------- data downloads


def test_corpus_download_is_the_export(subpath_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert invoke("export", "--seeds", SEEDS, "--out", out).returncode == 0
    assert (subpath_site / "data" / "corpus.json").read_bytes() == out.read_bytes()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_downloads_match_the_corpus(subpath_site: Path) -> None:
    corpus = corpus_of(subpath_site)
    articles = {str(a["id"]): a for a in corpus["articles"]}
    rows = _rows(subpath_site / "data" / "articles.csv")
    assert [r["id"] for r in rows] == list(articles)
    for row in rows:
        article = articles[row["id"]]
        assert row["title"] == article["title"]
        assert row["actors"].split("; ") == article["actors"]
        assert int(row["paragraphs"]) == len(article["paragraphs"])  # type: ignore[arg-type]
    actors = _rows(subpath_site / "data" / "actors.csv")
    assert [r["id"] for r in actors] == [a["id"] for a in corpus["actors"]]
    mentions = _rows(subpath_site / "data" / "mentions.csv")
    assert len(mentions) > 100
    for row in mentions:
        article = articles[row["article"]]
        assert row["actor"] in article["actors"]  # type: ignore[operator]
        paragraph = article["paragraphs"][int(row["paragraph"]) - 1]  # type: ignore[index]
        assert paragraph[int(row["start"]) : int(row["end"])] == row["surface"]


def test_home_and_about_link_the_downloads(subpath_site: Path) -> None:
    for page in (subpath_site / "index.html", subpath_site / "about" / "index.html"):
        base = published_url(subpath_site, page)
        links = {urljoin(base, str(a["href"])) for a in soup_of(page).find_all("a", href=True)}
        for name in ("corpus.json", "articles.csv", "actors.csv", "mentions.csv"):
            assert SUB_PATH_SITE_URL + "data/" + name in links, (page, name)
    about = " ".join(soup_of(subpath_site / "about" / "index.html").get_text().split())
    assert "Licence" in about and "belongs to its publishers" in about


def test_a_malformed_wikidata_id_stops_with_a_message(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(REPO / "registry", registry)
    actors = registry / "actors.yml"
    actors.write_text(
        actors.read_text("utf-8").replace("wikidata: Q7184", "wikidata: NATO", 1), "utf-8"
    )
    with pytest.raises(RegistryError, match="wikidata"):
        load_registries(registry)


# --------------------------------------------------------------------------- the deploy


def _deploy_steps() -> dict[str, str]:
    doc = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text("utf-8"))
    return {str(s["name"]): str(s["run"]) for s in doc["jobs"]["build"]["steps"] if "run" in s}


def _as_invoked(run: str, **env: str) -> list[str]:
    args = shlex.split(run)
    assert args[:3] == ["python", "-m", "generator"], run
    return [env.get(a.removeprefix("$"), a) for a in args[3:]]


def test_the_deploy_fails_loudly_on_a_rejected_seed_and_lists_it(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "999_empty.txt").write_bytes(b"")
    summary = tmp_path / "summary.md"
    steps = _deploy_steps()
    env = {"GITHUB_STEP_SUMMARY": str(summary), "NEWSWIKI_SITE_URL": SUB_PATH_SITE_URL}
    check = invoke(*_as_invoked(steps["Check the seeds"], **env), "--seeds", seeds)
    assert check.returncode == 1
    assert "999_empty.txt" in summary.read_text("utf-8")
    build = invoke(*_as_invoked(steps["Build the site"], **env), "--seeds", seeds)
    assert build.returncode == 1 and "999_empty.txt" in build.stderr
    # The same steps pass on the seeds as they are.
    assert invoke(*_as_invoked(steps["Check the seeds"], **env), "--seeds", SEEDS).returncode == 0
