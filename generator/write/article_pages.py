"""Article pages: source box, anchored paragraphs, linked actors and topics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model.analysis import Actor, Mention
from ..model.records import Article
from . import markup
from .frontmatter import front_matter
from .structured import article_data, script_json

DESCRIPTION_CHARS = 160


def article_path(article_id: str) -> str:
    return f"articles/{article_id}.md"


def render_article_page(
    article: Article,
    *,
    mentions: Sequence[Mention],
    actors: Mapping[str, Actor],
    topic_names: Mapping[str, str],
    searchable_text: bool = False,
    site_url: str | None = None,
) -> str:
    """The article page; `searchable_text` lets the site search index its paragraphs."""
    lead = article.paragraphs[0] if article.paragraphs else ""
    parts = [
        front_matter(
            title=article.title,
            description=_shorten(lead, DESCRIPTION_CHARS),
            meta={
                "preview_type": "article",
                "structured_data": script_json(article_data(article, site_url=site_url)),
            },
        ),
        f"# {markup.text(article.title)}",
        "",
        # The search indexes the title and the names of the actors and topics; the
        # body stays out, or the index is too big for a browser at 10,000 articles
        # (docs/performance.md: with lead paragraphs, the first search took 2.1 s).
        *markup.unsearched([_source_box(article)]),
    ]
    by_paragraph: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_paragraph.setdefault(mention.paragraph, []).append(mention)
    for index, paragraph in enumerate(article.paragraphs):
        number = index + 1
        body = _linked_paragraph(paragraph, by_paragraph.get(index, []), actors)
        excluded = "" if searchable_text else " data-search-exclude"
        parts.append(
            f'<p id="p{number}" class="article-paragraph"{excluded} markdown>{body} '
            f'[¶{number}](#p{number} "Link to paragraph {number}")</p>'
        )
        parts.append("")
    if article.actors:
        parts += ["## Actors", ""]
        for actor_id in article.actors:
            actor = actors.get(actor_id)
            if actor is not None:
                link = markupped_link(actor.name, f"../actors/{actor.id}.md")
                # The type is for the reader; in the search index "person" would be
                # a word of nearly every article.
                parts.append(f"- {link} <span data-search-exclude>({actor.type})</span>")
        parts.append("")
    if article.topics:
        parts += ["## Topics", ""]
        for topic_id in article.topics:
            if topic_id in topic_names:
                parts.append(
                    f"- {markupped_link(topic_names[topic_id], f'../topics/{topic_id}.md')}"
                )
        parts.append("")
    return "\n".join(parts)


def markupped_link(label: str, target: str) -> str:
    return markup.page_link(markup.text(label), target)


def _source_box(article: Article) -> str:
    rows: list[str] = []
    if article.publisher:
        rows.append(f"**Publisher:** {markup.text(article.publisher)}")
    if article.also_published_by:
        names = ", ".join(markup.text(n) for n in article.also_published_by)
        rows.append(f"**Also published by:** {names}")
    rows.append(f"**Author:** {markup.text(article.author) if article.author else 'not given'}")
    published = markup.text(article.published) if article.published else "not printed in the source"
    rows.append(f"**Published:** {published}")
    if article.dateline:
        rows.append(f"**Dateline:** {markup.text(article.dateline)}")
    label = "Original file" if len(article.sources) == 1 else "Original files"
    rows.append(f"**{label}:** " + ", ".join(markup.text(s) for s in article.sources))
    url_link = markup.external_link(markup.text(article.url or ""), article.url)
    if url_link:
        rows.append(f"**URL:** {url_link}")
    if article.title_inferred:
        rows.append("**Title:** inferred from the text (the source has no headline)")
    body = "\n".join(f"    - {row}" for row in rows)
    return f'!!! info "Source"\n\n{body}'


def _linked_paragraph(text: str, mentions: Sequence[Mention], actors: Mapping[str, Actor]) -> str:
    """Escaped paragraph text in which each actor's first mention links to its page."""
    out: list[str] = []
    cursor = 0
    linked: set[str] = set()
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.actor_id in linked or mention.start < cursor or mention.actor_id not in actors:
            continue
        if not (0 <= mention.start < mention.end <= len(text)):
            continue
        out.append(markup.inline(text[cursor : mention.start]))
        label = markup.inline(text[mention.start : mention.end])
        out.append(markup.page_link(label, f"../actors/{mention.actor_id}.md"))
        cursor = mention.end
        linked.add(mention.actor_id)
    out.append(markup.inline(text[cursor:]))
    return "".join(out).strip()


def _shorten(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0] + "…"
