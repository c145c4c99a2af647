"""Property: whatever text a scraped page holds, its page shows it literally.

For any title, author, publisher, dateline and paragraph text, the rendered
article page, converted by Python-Markdown with the site's own extensions
(read from mkdocs.yml), shows each string as visible text and contains no
element or attribute the generator did not write. A second property runs the
whole pipeline and MkDocs on drawn dumps and checks the built HTML.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.model.analysis import Actor, Mention
from generator.model.records import Article
from generator.write.article_pages import render_article_page

from .cli import invoke
from .conftest import site_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src=//evil.example>",
    "[x](javascript:alert(1))",
    "![i](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ config }}",
    "{% include 'x' %}",
    "# ",
    "> ",
    "| a | b |",
    "- ",
    "1. ",
    "    ",
    "*",
    "_",
    "`",
    "\\",
    "&amp;",
    "&#x3C;",
    "<!--",
    "-->",
    "<http://a.example>",
    "!!! note",
    "---",
    '"',
    "'",
    "\n",
]
PROSE = [
    "The harbour master said the first convoy of grain ships would leave before the weekend, "
    "escorted by naval patrols from three countries and watched by insurers.",
    "Insurers had refused to cover the route for most of the summer, citing the mines that "
    "drifted into the shipping lanes after every storm in the autumn.",
    "Farmers in the south told reporters that their silos were already full again and that "
    "prices at the local market had fallen for the third month running.",
    "The ministry expects exports to double by the end of the year if the corridor holds and "
    "the railway to the western border is repaired on time.",
    "Teachers in the capital walked out on Monday over pay and the state of the schools, "
    "closing more than two hundred classrooms across the city.",
    "The union said talks with the education office had broken down after three weeks of "
    "meetings in which neither side moved on the question of salaries.",
    "Parents were asked to keep their children at home until the end of the strike, and "
    "several libraries opened their doors to pupils during the day.",
    "A court will hear the government's request to end the walkout on Thursday morning, "
    "lawyers for both sides confirmed in separate statements.",
    "Engineers found cracks in two piers of the old bridge during an inspection in May and "
    "warned that the repairs could take most of next year.",
    "The council voted to close the bridge to lorries while repairs are carried out, after a "
    "debate that lasted late into the evening.",
    "Hauliers said the detour would add forty minutes to every delivery to the port and asked "
    "for compensation from the regional budget.",
    "A temporary crossing could open in the spring, the city's transport office said, if the "
    "army lends the pontoons it used during last year's floods.",
]
# Elements and attributes the generator's own Markdown produces on an article page.
ALLOWED_TAGS = {"h1", "h2", "p", "a", "ul", "li", "strong", "div", "span"}
ALLOWED_ATTRS = {"id", "class", "href", "title", "data-search-exclude"}


scraped = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    ),
    min_size=1,
    max_size=8,
).map("".join)


def visible(value: str) -> str:
    return " ".join(value.split())


def render(article: Article, mentions: list[Mention], actors: dict[str, Actor]) -> BeautifulSoup:
    page = render_article_page(article, mentions=mentions, actors=actors, topic_names={})
    front, body = page.removeprefix("---\n").split("\n---\n", 1)
    meta = yaml.safe_load(front)
    # Material prints these into the HTML as they are: they must be HTML-escaped.
    assert html.unescape(meta["title"]) == article.title
    assert "<" not in meta["title"] and '"' not in meta["title"]
    converted = site_markdown(body)
    return BeautifulSoup(converted, "html.parser")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=scraped.filter(lambda s: bool(s.strip())),
    author=scraped,
    publisher=scraped,
    dateline=scraped,
    paragraphs=st.lists(scraped.filter(lambda s: bool(s.strip())), min_size=1, max_size=3),
    cut=st.integers(min_value=0, max_value=40),
)
def test_article_page_shows_every_string_literally(
    title: str,
    author: str,
    publisher: str,
    dateline: str,
    paragraphs: list[str],
    cut: int,
) -> None:
    # An actor mention over part of the first paragraph, as the analysis makes them.
    first = paragraphs[0]
    start = min(cut, len(first) - 1)
    end = min(len(first), start + 5)
    actor = Actor(id="someone", name=title, type="person", articles=["a"])
    mentions = [Mention(actor_id="someone", paragraph=0, start=start, end=end, surface="x")]
    article = Article(
        id="a",
        sources=["a.txt"],
        title=title,
        title_inferred=False,
        author=author or None,
        published=None,
        publisher=publisher or None,
        url="javascript:alert(1)",
        dateline=dateline or None,
        paragraphs=paragraphs,
        actors=["someone"],
    )
    soup = render(article, mentions, {"someone": actor})

    heading = soup.find("h1")
    assert isinstance(heading, Tag) and visible(heading.get_text()) == visible(title)
    for number, paragraph in enumerate(paragraphs, 1):
        element = soup.find("p", id=f"p{number}")
        assert isinstance(element, Tag), number
        shown = visible(element.get_text())
        assert shown == visible(f"{paragraph} ¶{number}")
    box = visible(soup.get_text())
    for value in (author, publisher, dateline):
        assert visible(value) in box
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, element.name
        assert set(element.attrs) <= ALLOWED_ATTRS, element.attrs
        href = element.get("href")
        if href is not None:
            assert re.match(r"^(?:#p\d+|\.\./actors/someone\.md)$", str(href)), href


@settings(
    max_examples=3,
    deadline=None,
    # Each example is a whole build: report a failure as drawn, without shrinking it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    stories=st.lists(
        st.tuples(scraped, st.lists(scraped, min_size=3, max_size=4)), min_size=2, max_size=3
    )
)
def test_built_site_shows_drawn_dumps_literally(
    tmp_path_factory: Any, stories: list[tuple[str, list[str]]]
) -> None:
    root = tmp_path_factory.mktemp("drawn")
    seeds = root / "seeds"
    seeds.mkdir()
    for number, (headline, lines) in enumerate(stories):
        # Enough distinct prose around the drawn text that the cleaner keeps an
        # article and no two stories or paragraphs are near-duplicates.
        body = [f"{line} {PROSE[number * 4 + i]}" for i, line in enumerate(lines)]
        text = "\n\n".join([f"Story {number} {headline}".replace("\n", " "), *body])
        (seeds / f"{number:03d}.txt").write_text(text, "utf-8")
    site, export = root / "site", root / "corpus.json"
    assert invoke("build", "--seeds", seeds, "--site", site, "--no-cache").returncode == 0
    assert invoke("export", "--seeds", seeds, "--out", export).returncode == 0
    corpus = json.loads(export.read_text("utf-8"))
    assert corpus["articles"], corpus["rejected"]
    for article in corpus["articles"]:
        page = site / "articles" / article["id"] / "index.html"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        content = soup.select_one("article")
        assert content is not None
        assert visible(article["title"]) in visible(content.get_text())
        for number, paragraph in enumerate(article["paragraphs"], 1):
            element = content.find("p", id=f"p{number}")
            assert isinstance(element, Tag)
            assert visible(paragraph) in visible(element.get_text())
        title = soup.find("title")
        assert isinstance(title, Tag) and visible(article["title"]) in visible(title.get_text())
        for element in content.find_all(["script", "iframe", "img", "object", "embed", "style"]):
            raise AssertionError(f"{page}: {element.name} in content")
        for element in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in element.attrs), element
