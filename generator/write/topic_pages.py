"""Topic pages (`docs/topics/<id>.md`) and the topics index (`docs/topics/index.md`).

The writer formats what `analyze.profiles` gathered (key passages,
corroboration, actors, related topics); it decides nothing itself. Every
scraped string goes through `markup.text()`/`markup.inline()`; every link is
one the generator builds from ids (`page_link`, `citation`), relative and to a
`.md` page, so MkDocs strict mode checks it. Taxonomy names and descriptions
are escaped too: they come from a pull request, not from us.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model.analysis import Claim, Topic, TopicIndex, TopicProfile
from ..model.records import Article, newest_first
from ..text.shorten import clip
from . import markup
from .feeds import topic_feed
from .frontmatter import front_matter

MAX_ACTORS = 12
MAX_CLAIM_CHARS = 240
DESCRIPTION_CHARS = 160

Section = tuple[str, list[str]]  # (heading, body lines); an empty body: no section


def render_topic_page(
    topic: Topic,
    *,
    profile: TopicProfile,
    articles: Mapping[str, Article],
    actor_names: Mapping[str, str],
    topic_names: Mapping[str, str],
) -> str:
    own = newest_first(articles[a] for a in topic.articles if a in articles)
    sources = {source for article in own for source in article.sources}
    lines = [
        front_matter(
            title=topic.name,
            description=topic.description[:DESCRIPTION_CHARS],
            meta={"feed": topic_feed(topic.id)},
        ),
        f"# {markup.text(topic.name)}",
        "",
        markup.text(topic.description),
        "",
        f"**{_count(len(own), 'article')}** from {_count(len(sources), 'source file')}.",
        "",
    ]
    # The search indexes the name and description; the sections stay out of it.
    for heading, body in (
        _key_passages(profile, articles),
        _corroboration(profile, articles),
        _actors(profile, actor_names),
        _related(profile, topic_names),
        ("Articles", [f"- {_article_line(article)}" for article in own]),
    ):
        if body:
            lines += markup.unsearched_section(heading, body)
    return "\n".join(lines)


def render_topics_index(index: TopicIndex, articles: Mapping[str, Article]) -> str:
    """Topics with articles, most covered first; topics nothing matched yet, unlinked."""
    covered = [t for t in index.topics if any(a in articles for a in t.articles)]
    empty = [t for t in index.topics if t not in covered]
    total = len({a for t in covered for a in t.articles if a in articles})
    lines = [front_matter(title="Topics"), "# Topics", ""]
    if not covered:
        lines += ["No topics yet.", ""]
    else:
        lines += [
            f"{_count(len(covered), 'topic')} covering {_count(total, 'article')}, "
            "most covered first.",
            "",
        ]
        for topic in sorted(covered, key=lambda t: (-_article_count(t, articles), t.name, t.id)):
            link = markup.page_link(markup.text(topic.name), f"{topic.id}.md")
            count = _count(_article_count(topic, articles), "article")
            lines.append(f"- {link} ({count}) — {markup.text(topic.description)}")
        lines.append("")
    if empty:
        names = ", ".join(markup.text(t.name) for t in empty)
        lines += [f"No articles yet: {names}.", ""]
    return "\n".join(lines)


# --- Sections -----------------------------------------------------------------------------


def _key_passages(profile: TopicProfile, articles: Mapping[str, Article]) -> Section:
    lines: list[str] = []
    for passage in profile.passages:
        article = articles[passage.article_id]
        title = markup.page_link(markup.text(article.title), f"../articles/{article.id}.md")
        lines.append(
            f"- {title}: “{markup.inline(passage.text).strip()}” "
            f"{markup.citation(article.id, passage.paragraph + 1)}"
        )
    return "Key passages", [*lines, ""]


def _corroboration(profile: TopicProfile, articles: Mapping[str, Article]) -> Section:
    found = profile.corroboration
    if not found.corroborated and not found.differing:
        return "Corroboration", [
            "No figure in these passages is reported by two sources or reported differently.",
            "",
        ]
    lines: list[str] = []
    if found.corroborated:
        lines += ["Figures reported by more than one source:", ""]
        for claim in found.corroborated:
            lines.append(
                f"- **{markup.inline(claim.label)}: {markup.inline(claim.figure)}** — "
                f"reported by {_count(claim.sources, 'source')}"
            )
            lines += [f"    - {_claim_line(c, articles)}" for c in claim.claims]
        lines.append("")
    for group in found.differing:
        lines += [f"**{markup.inline(group.label)}** — the sources give different figures:", ""]
        lines += ["| Figure | Reported as | Source |", "| --- | --- | --- |"]
        for figure, claims in group.figures:
            as_written = "; ".join(markup.text(c.figure) for c in claims)
            cited = "; ".join(_source_cell(c, articles) for c in claims)
            lines.append(f"| {markup.text(figure)} | {as_written} | {cited} |")
        lines.append("")
    return "Corroboration", lines


def _claim_line(claim: Claim, articles: Mapping[str, Article]) -> str:
    quoted = markup.inline(clip(claim.sentence, MAX_CLAIM_CHARS)).strip()
    return f"{_source_cell(claim, articles)}: “{quoted}”"


def _source_cell(claim: Claim, articles: Mapping[str, Article]) -> str:
    article = articles.get(claim.article_id)
    title = article.title if article else claim.article_id
    link = markup.page_link(markup.text(title), f"../articles/{claim.article_id}.md")
    return f"{link} {markup.citation(claim.article_id, claim.paragraph + 1)}"


def _actors(profile: TopicProfile, actor_names: Mapping[str, str]) -> Section:
    lines = [
        f"- {markup.page_link(markup.text(actor_names[a]), f'../actors/{a}.md')} "
        f"({_count(n, 'mention')} in the key paragraphs)"
        for a, n in profile.actors[:MAX_ACTORS]
    ]
    return "Actors most involved", [*lines, ""] if lines else []


def _related(profile: TopicProfile, topic_names: Mapping[str, str]) -> Section:
    lines = [
        f"- {markup.page_link(markup.text(topic_names[other]), f'{other}.md')} "
        f"({_count(shared, 'shared article')})"
        for other, shared in profile.related
    ]
    return "Related topics", [*lines, ""] if lines else []


# --- Helpers ------------------------------------------------------------------------------


def _article_line(article: Article) -> str:
    link = markup.page_link(markup.text(article.title), f"../articles/{article.id}.md")
    details = [markup.text(x) for x in (article.published, article.publisher) if x]
    return f"{link} — {', '.join(details)}" if details else link


def _article_count(topic: Topic, articles: Mapping[str, Article]) -> int:
    return sum(1 for a in topic.articles if a in articles)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
