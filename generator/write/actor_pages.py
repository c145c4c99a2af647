"""Actor pages (`docs/actors/<id>.md`) and the actors index (`docs/actors/index.md`).

The writer formats what `analyze.profiles` gathered (statements, quotes,
co-actors, topics); it decides nothing itself. Every scraped string goes
through `markup.text()`; every link is one the generator builds from ids
(`page_link`, `citation`), relative, to a `.md` page, so MkDocs strict mode
checks it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ..model.analysis import Actor, ActorIndex, ActorProfile
from ..model.records import Article, newest_first
from . import markup
from .feeds import actor_feed
from .frontmatter import front_matter
from .structured import actor_data, script_json

MAX_CO_ACTORS = 15
DESCRIPTION_CHARS = 160

TYPE_LABELS = {"person": "Person", "organization": "Organisation", "country": "Country"}
SECTIONS = (("person", "People"), ("organization", "Organisations"), ("country", "Countries"))


def render_actor_page(
    actor: Actor,
    *,
    profile: ActorProfile,
    articles: Mapping[str, Article],
    actor_names: Mapping[str, str],
    topic_names: Mapping[str, str],
    site_url: str | None = None,
) -> str:
    own = [articles[a] for a in actor.articles if a in articles]
    sources = {source for article in own for source in article.sources}
    summary = actor.description or f"{TYPE_LABELS[actor.type]} in {len(own)} articles"
    lines = [
        front_matter(
            title=actor.name,
            description=summary[:DESCRIPTION_CHARS],
            meta={
                "feed": actor_feed(actor.id),
                "structured_data": script_json(actor_data(actor, site_url=site_url)),
            },
        ),
        f"# {markup.text(actor.name)}",
        "",
        f"**Type:** {TYPE_LABELS[actor.type]}",
        "",
    ]
    if actor.description:
        lines += [markup.text(actor.description), ""]
    if actor.spellings:
        # Only the spellings these articles use; the registry's other forms
        # (other languages, old transliterations) would suggest sources that say so.
        written = ", ".join(markup.text(a) for a in actor.spellings)
        lines += [f"**Also written as:** {written}", ""]
    lines += [
        f"**In {_count(len(own), 'article')}** from {_count(len(sources), 'source file')}.",
        "",
    ]

    statements = profile.statements
    if statements:
        lines += markup.unsearched_section(
            "What the articles say",
            [
                f"- {markup.text(f.text)} {markup.citation(f.article_id, f.paragraph + 1)}"
                for f in statements
            ],
        )

    said = profile.quotes
    if said:
        lines += markup.unsearched_section(
            "Quotes",
            [
                f"- “{markup.inline(f.text.strip())}” "
                f"{markup.citation(f.article_id, f.paragraph + 1)}"
                for f in said
            ],
        )

    if profile.co_actors:
        lines += markup.unsearched_section(
            "Appears with",
            [
                f"- {markup.page_link(markup.text(actor_names[other]), f'{other}.md')} "
                f"({_count(shared, 'article')})"
                for other, shared in profile.co_actors[:MAX_CO_ACTORS]
            ],
        )

    if profile.topics:
        lines += markup.unsearched_section(
            "Topics",
            [
                f"- {markup.page_link(markup.text(topic_names[t]), f'../topics/{t}.md')} "
                f"({_count(n, 'article')})"
                for t, n in profile.topics
            ],
        )

    if own:
        listed: list[str] = []
        for article in newest_first(own):
            details = [markup.text(x) for x in (article.published, article.publisher) if x]
            suffix = f" — {', '.join(details)}" if details else ""
            link = markup.page_link(markup.text(article.title), f"../articles/{article.id}.md")
            listed.append(f"- {link}{suffix}")
        lines += markup.unsearched_section("Articles", listed)
    return "\n".join(lines)


def render_actors_index(index: ActorIndex) -> str:
    """All actors grouped by type, most covered first (ties by name)."""
    lines = [front_matter(title="Actors", unsearched=True), "# Actors", ""]
    if not index.actors:
        lines += ["No actors yet.", ""]
        return "\n".join(lines)
    counts = Counter(a.type for a in index.actors)
    lines += [
        f"{_count(counts['person'], 'person', 'people')}, "
        f"{_count(counts['organization'], 'organisation')} and "
        f"{_count(counts['country'], 'country', 'countries')}, most covered first.",
        "",
    ]
    for actor_type, heading in SECTIONS:
        group = [a for a in index.actors if a.type == actor_type]
        if not group:
            continue
        lines += [f"## {heading}", ""]
        for actor in sorted(group, key=lambda a: (-len(a.articles), a.name.casefold(), a.id)):
            link = markup.page_link(markup.text(actor.name), f"{actor.id}.md")
            about = f" — {markup.text(_shorten(actor.description))}" if actor.description else ""
            lines.append(f"- {link} ({_count(len(actor.articles), 'article')}){about}")
        lines.append("")
    return "\n".join(lines)


def _shorten(value: str, limit: int = 100) -> str:
    """One index line per actor: a long description is cut at a word."""
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + "…"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
