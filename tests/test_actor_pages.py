"""Actor pages: cited, linked to pages that exist, and inert for hostile names."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from generator.analyze.actor_registry import load_actor_registry
from generator.analyze.actors import extract_actors, merge_actors
from generator.analyze.profiles import actor_profiles
from generator.model.analysis import Actor, ActorIndex, Mention, Topic, TopicIndex
from generator.model.records import Article
from generator.write.actor_pages import render_actor_page, render_actors_index
from tests.articles import seed_articles
from tests.conftest import site_markdown
from tests.test_actors import REPO, article

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def to_html(page: str) -> BeautifulSoup:
    body = FRONT_MATTER.sub("", page)
    return BeautifulSoup(site_markdown(body), "html.parser")


def seeds_index() -> tuple[ActorIndex, dict[str, Article]]:
    registry = load_actor_registry(REPO / "registry" / "actors.yml")
    articles = {a.id: a for a in seed_articles()}
    articles["seed-001"].published = "2025-01-14"
    articles["seed-002"].published = "2025-04-02"
    index = merge_actors([extract_actors(a, registry) for a in articles.values()], registry)
    return index, articles


def render(actor_id: str) -> tuple[str, ActorIndex, dict[str, Article]]:
    index, articles = seeds_index()
    actor = next(a for a in index.actors if a.id == actor_id)
    for article_id in actor.articles:
        articles[article_id].topics = ["diplomacy"]
    topic = Topic(id="diplomacy", name="Diplomacy", description="", articles=actor.articles)
    page = page_of(actor, index, articles, TopicIndex(topics=[topic], assignments={}))
    return page, index, articles


def page_of(
    actor: Actor,
    index: ActorIndex,
    articles: dict[str, Article],
    topics: TopicIndex | None = None,
) -> str:
    """The actor's page as the build makes it: profiles gathered first, then rendered."""
    topics = topics or TopicIndex(topics=[], assignments={})
    return render_actor_page(
        actor,
        profile=actor_profiles(index, topics, articles)[actor.id],
        articles=articles,
        actor_names={a.id: a.name for a in index.actors},
        topic_names={t.id: t.name for t in topics.topics},
    )


def test_every_link_resolves_to_a_page_and_paragraph() -> None:
    page, index, articles = render("volodymyr-zelenskyy")
    soup = to_html(page)
    actor_ids = {a.id for a in index.actors}
    hrefs = [unquote(str(a["href"])) for a in soup.find_all("a")]
    assert hrefs
    citations = 0
    for href in hrefs:
        assert href.endswith(".md") or ".md#p" in href, href
        if href.startswith("../articles/"):
            target, _, anchor = href.removeprefix("../articles/").partition("#")
            assert target.removesuffix(".md") in articles
            if anchor:
                number = int(anchor.removeprefix("p"))
                assert 1 <= number <= len(articles[target.removesuffix(".md")].paragraphs)
                citations += 1
        elif href.startswith("../topics/"):
            assert href == "../topics/diplomacy.md"
        else:
            assert "/" not in href and href.removesuffix(".md") in actor_ids, href
    assert citations >= 3


def test_statements_are_cited_to_the_paragraph_that_contains_them() -> None:
    page, _, articles = render("boris-pistorius")
    soup = to_html(page)
    heading = soup.find("h2", string="What the articles say")
    assert heading is not None
    items = heading.find_next("ul").find_all("li")
    assert items
    for item in items:
        link = item.find("a")
        article_id, _, anchor = str(link["href"]).removeprefix("../articles/").partition(".md#p")
        statement = item.get_text().rsplit(" ¶", 1)[0]
        assert statement in articles[article_id].paragraphs[int(anchor) - 1]


def test_page_sections_and_article_order() -> None:
    page, _, _ = render("volodymyr-zelenskyy")
    soup = to_html(page)
    assert soup.h1 is not None and soup.h1.get_text() == "Volodymyr Zelenskyy"
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings == ["What the articles say", "Quotes", "Appears with", "Topics", "Articles"]
    text = soup.get_text()
    assert "Also written as:" in text and "Zelensky" in text
    # Only spellings the articles use, not the registry's German forms.
    assert "Selenskyj" not in text
    assert "In 5 articles from 5 source files." in text
    articles = soup.find("h2", string="Articles").find_next("ul").find_all("a")
    order = [str(a["href"]) for a in articles]
    # Dated newest first, then undated by title.
    assert order[:2] == ["../articles/seed-002.md", "../articles/seed-001.md"]
    assert len(order) == 5


def test_hostile_names_render_as_literal_text() -> None:
    hostile = "<script>alert(1)</script>"
    link = "[x](javascript:alert(1))"
    story = article(f"{hostile} met {link} in Kyiv.", article_id="evil")
    actor = Actor(
        id="evil-actor",
        name=hostile,
        type="person",
        aliases=[link, "<img src=x onerror=alert(1)>"],
        spellings=[link, "<img src=x onerror=alert(1)>"],
        description="*bold* <b>desc</b> {{ macro }}",
        articles=["evil"],
    )
    other = Actor(id="other", name=link, type="organization", articles=["evil"])
    index = ActorIndex(
        actors=[actor, other],
        mentions={
            "evil": [
                Mention(
                    actor_id="evil-actor", paragraph=0, start=0, end=len(hostile), surface=hostile
                ),
                Mention(
                    actor_id="other",
                    paragraph=0,
                    start=len(hostile) + 5,
                    end=len(hostile) + 5 + len(link),
                    surface=link,
                ),
            ]
        },
    )
    page = page_of(actor, index, {"evil": story})
    soup = to_html(page)
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert all(not str(a["href"]).startswith("javascript") for a in soup.find_all("a"))
    assert soup.h1 is not None and soup.h1.get_text() == hostile
    text = soup.get_text()
    assert link in text and "<img src=x onerror=alert(1)>" in text
    assert "*bold* <b>desc</b>" in text
    index_page = to_html(render_actors_index(index))
    assert index_page.find("script") is None
    assert hostile in index_page.get_text()
    front = FRONT_MATTER.match(page)
    assert front is not None and "<script>" not in front.group()


def test_index_groups_by_type_most_covered_first() -> None:
    index, _ = seeds_index()
    soup = to_html(render_actors_index(index))
    assert [h.get_text() for h in soup.find_all("h2")] == ["People", "Organisations", "Countries"]
    people = soup.find("h2", string="People").find_next("ul").find_all("li")
    assert (
        people[0].get_text()
        == "Volodymyr Zelenskyy (5 articles) — President of Ukraine since 2019."
    )
    counts = [int(re.search(r"\((\d+) article", li.get_text()).group(1)) for li in people]
    assert counts == sorted(counts, reverse=True)
    for link in soup.find_all("a"):
        assert re.fullmatch(r"[a-z0-9-]+\.md", str(link["href"]))


def test_empty_index(tmp_path: Path) -> None:
    page = render_actors_index(ActorIndex(actors=[], mentions={}))
    assert "No actors yet." in page
