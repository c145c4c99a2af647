"""Topic pages: cited, linked only to pages that exist, and inert for hostile text."""

from __future__ import annotations

import re
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag

from generator.analyze.profiles import topic_profiles
from generator.analyze.topics.assign import assign_topics, merge_topics
from generator.analyze.topics.passages import MAX_EXCERPT_CHARS
from generator.analyze.topics.taxonomy import taxonomy_from_data
from generator.model.analysis import Actor, ActorIndex, Mention, Topic, TopicIndex, TopicProfile
from generator.model.records import Article
from generator.write.topic_pages import render_topic_page, render_topics_index
from tests.articles import make_article, seed_articles
from tests.conftest import site_markdown
from tests.test_topics import taxonomy

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
CITATION = re.compile(r"^\.\./articles/([a-z0-9-]+)\.md#p(\d+)$")

# Hand-made actors: (id, name, type, spellings found in the text).
ACTORS = [
    ("emmanuel-macron", "Emmanuel Macron", "person", ("Macron",)),
    ("north-korea", "North Korea", "country", ("North Korea",)),
    ("vladimir-putin", "Vladimir Putin", "person", ("Putin",)),
    ("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person", ("Zelenskyy", "Zelensky")),
]


def to_html(page: str) -> BeautifulSoup:
    body = FRONT_MATTER.sub("", page)
    return BeautifulSoup(site_markdown(body), "html.parser")


def hand_actor_index(articles: dict[str, Article]) -> ActorIndex:
    mentions: dict[str, list[Mention]] = {}
    found: dict[str, set[str]] = {}
    for article in articles.values():
        for index, text in enumerate(article.paragraphs):
            for actor_id, _, _, spellings in ACTORS:
                for spelling in spellings:
                    for match in re.finditer(rf"\b{re.escape(spelling)}\b", text):
                        mentions.setdefault(article.id, []).append(
                            Mention(
                                actor_id=actor_id,
                                paragraph=index,
                                start=match.start(),
                                end=match.end(),
                                surface=spelling,
                            )
                        )
                        found.setdefault(actor_id, set()).add(article.id)
    actors = [
        Actor(id=i, name=n, type=t, articles=sorted(found.get(i, ())))  # type: ignore[arg-type]
        for i, n, t, _ in ACTORS
    ]
    for items in mentions.values():
        items.sort(key=lambda m: (m.paragraph, m.start))
    return ActorIndex(actors=actors, mentions=mentions)


def seeds() -> tuple[TopicIndex, dict[str, Article], ActorIndex]:
    articles = {a.id: a for a in seed_articles()}
    articles["seed-001"].published = "2025-01-14"
    articles["seed-002"].published = "2025-04-02"
    actor_index = hand_actor_index(articles)
    loaded = taxonomy()
    index = merge_topics([assign_topics(a, loaded) for a in articles.values()], loaded, actor_index)
    return index, articles, actor_index


def page_of(
    topic: Topic, index: TopicIndex, articles: dict[str, Article], actor_index: ActorIndex
) -> str:
    """The topic's page as the build makes it: profiles gathered first, then rendered."""
    profile = topic_profiles(index, actor_index, articles).get(topic.id)
    return render_topic_page(
        topic,
        profile=profile or TopicProfile(topic_id=topic.id),
        articles=articles,
        actor_names={a.id: a.name for a in actor_index.actors},
        topic_names={t.id: t.name for t in index.topics},
    )


def render(topic_id: str) -> tuple[str, TopicIndex, dict[str, Article], ActorIndex]:
    index, articles, actor_index = seeds()
    topic = next(t for t in index.topics if t.id == topic_id)
    page = page_of(topic, index, articles, actor_index)
    return page, index, articles, actor_index


def section(soup: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements between an H2 and the next H2."""
    start = soup.find("h2", string=heading)
    assert isinstance(start, Tag), f"no section {heading}"
    out: list[Tag] = []
    for sibling in start.find_next_siblings():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


def hrefs(tags: list[Tag] | BeautifulSoup) -> list[str]:
    items = tags if isinstance(tags, list) else [tags]
    return [unquote(str(a["href"])) for tag in items for a in tag.find_all("a")]


def test_every_link_resolves_to_a_page_or_paragraph() -> None:
    index, articles, actor_index = seeds()
    published = {t.id for t in index.topics if t.articles}
    actor_ids = {a.id for a in actor_index.actors}
    for topic in index.topics:
        if not topic.articles:
            continue
        page = page_of(topic, index, articles, actor_index)
        links = hrefs(to_html(page))
        assert links
        for href in links:
            if cited := CITATION.match(href):
                article = articles[cited.group(1)]
                assert 1 <= int(cited.group(2)) <= len(article.paragraphs), href
            elif href.startswith("../articles/"):
                assert href.removeprefix("../articles/").removesuffix(".md") in articles
            elif href.startswith("../actors/"):
                assert href.removeprefix("../actors/").removesuffix(".md") in actor_ids
            else:
                assert re.fullmatch(r"[a-z0-9-]+\.md", href), href
                assert href.removesuffix(".md") in published, href


def test_page_structure_and_counts() -> None:
    page, _, _, _ = render("north-korean-troops")
    soup = to_html(page)
    h1 = soup.find("h1")
    assert h1 is not None and h1.get_text() == "North Korean troops fighting for Russia"
    assert [h.get_text() for h in soup.find_all("h2")] == [
        "Key passages",
        "Corroboration",
        "Actors most involved",
        "Related topics",
        "Articles",
    ]
    assert "2 articles from 2 source files." in soup.get_text()
    assert page.startswith("---\ndescription: North Korea")


def test_key_passages_quote_the_cited_paragraph() -> None:
    page, _, articles, _ = render("western-troops-for-ukraine")
    items = [li for tag in section(to_html(page), "Key passages") for li in tag.find_all("li")]
    assert len(items) == 5  # one per article
    for item in items:
        cited = [CITATION.match(h) for h in hrefs([item])]
        (match,) = [m for m in cited if m]
        paragraph = articles[match.group(1)].paragraphs[int(match.group(2)) - 1]
        excerpt = item.get_text().split("“", 1)[1].rsplit("”", 1)[0]
        assert len(excerpt) <= MAX_EXCERPT_CHARS + 2
        for piece in excerpt.split(" … "):
            assert " ".join(piece.removesuffix(" …").split()) in " ".join(paragraph.split())


def test_corroborated_claim_cites_every_source() -> None:
    page, _, _, _ = render("north-korean-troops")
    part = section(to_html(page), "Corroboration")
    text = " ".join(tag.get_text(" ") for tag in part)
    assert "North Korean troops killed: 4,000" in text
    assert "reported by 2 sources" in text
    assert {h for h in hrefs(part) if "#p" in h} == {
        "../articles/seed-000.md#p6",
        "../articles/seed-004.md#p3",
    }


def test_differing_figures_are_side_by_side_with_citations() -> None:
    page, _, _, _ = render("civilian-casualties")
    part = section(to_html(page), "Corroboration")
    tables = [t for tag in part for t in ([tag] if tag.name == "table" else tag.find_all("table"))]
    (table,) = tables
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr")
    ]
    rows = [r for r in rows if r]
    assert [r[:2] for r in rows] == [
        ["10,000", "exceeded 10,000"],
        ["12,300", "approximately 12,300"],
    ]
    assert [h for h in hrefs([table]) if "#p" in h] == ["../articles/seed-000.md#p10"] * 2


def test_actors_ranked_by_mentions_in_key_paragraphs() -> None:
    page, _, _, _ = render("north-korean-troops")
    items = [
        li.get_text()
        for tag in section(to_html(page), "Actors most involved")
        for li in tag.find_all("li")
    ]
    counts = [int(re.search(r"\((\d+) mentions?", item).group(1)) for item in items]  # type: ignore[union-attr]
    assert items[0].startswith("North Korea")
    assert counts == sorted(counts, reverse=True)
    assert not any(item.startswith("Emmanuel Macron") for item in items)  # not in NK paragraphs


def test_related_topics_by_shared_articles() -> None:
    page, index, _, _ = render("north-korean-troops")
    part = section(to_html(page), "Related topics")
    mine = set(next(t for t in index.topics if t.id == "north-korean-troops").articles)
    shared = {
        t.id: len(mine & set(t.articles)) for t in index.topics if t.id != "north-korean-troops"
    }
    links = [h.removesuffix(".md") for h in hrefs(part)]
    assert set(links) == {t for t, n in shared.items() if n}
    assert [shared[t] for t in links] == sorted((shared[t] for t in links), reverse=True)


def test_articles_newest_first_then_undated_by_title() -> None:
    page, _, articles, _ = render("western-troops-for-ukraine")
    links = [h for h in hrefs(section(to_html(page), "Articles"))]
    ids = [h.removeprefix("../articles/").removesuffix(".md") for h in links]
    undated = sorted((a for a in ids if not articles[a].published), key=lambda a: articles[a].title)
    assert ids == ["seed-002", "seed-001", *undated]


def test_index_lists_covered_topics_with_counts_and_empty_ones_unlinked() -> None:
    index, articles, _ = seeds()
    index.topics.append(Topic(id="empty-topic", name="Nothing yet", description="None."))
    soup = to_html(render_topics_index(index, articles))
    links = hrefs(soup)
    assert "empty-topic.md" not in links
    assert "Nothing yet" in soup.get_text()
    assert links[0] == "western-troops-for-ukraine.md"
    assert "Western troops or peacekeepers for Ukraine (5 articles)" in soup.get_text()


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> &amp;"


def test_hostile_text_stays_literal() -> None:
    tax = taxonomy_from_data(
        {
            "topics": [
                {
                    "id": "evil",
                    "name": f"Drones {HOSTILE}",
                    "description": f"About {HOSTILE}",
                    "all_of": [[["drone*"], ["strike*"]]],
                },
                {"id": "other", "name": "Other", "description": "D.", "any_of": ["drone"]},
            ]
        },
        source="test.yml",
    )
    article = make_article(
        f"A drone strike hit {HOSTILE}. Another drone strike followed.",
        f"{HOSTILE} More drone strikes were reported by 4,000 {HOSTILE}.",
        article_id="bad",
        title=f"Title {HOSTILE}",
    )
    article.publisher = HOSTILE
    article.published = "2025-01-01"
    actor_index = ActorIndex(
        actors=[Actor(id="bad-actor", name=f"Actor {HOSTILE}", type="person")],
        mentions={"bad": [Mention(actor_id="bad-actor", paragraph=0, start=0, end=1, surface="A")]},
    )
    index = merge_topics([assign_topics(article, tax)], tax, actor_index)
    pages = [page_of(t, index, {"bad": article}, actor_index) for t in index.topics]
    pages.append(render_topics_index(index, {"bad": article}))
    for page in pages:
        soup = to_html(page)
        assert not soup.find_all(["script", "img"])
        for link in soup.find_all("a"):
            href = str(link["href"])
            assert not href.startswith(("javascript:", "http", "/")), href
        assert HOSTILE in soup.get_text() or "Other" in soup.get_text()
    evil = to_html(pages[0])
    assert evil.find("h1").get_text() == f"Drones {HOSTILE}"  # type: ignore[union-attr]
    assert "<script>alert(1)</script>" in evil.get_text()
    assert "[x](javascript:alert(1))" in evil.get_text()
