"""All generated pages of a corpus, as {docs-relative path: Markdown}.

Pure: rendering needs no file system, so the whole site is decided before a
single file is written (`write_files` is the writing edge).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Set
from pathlib import Path

from ..model.corpus import Corpus
from ..model.records import Article, newest_first
from . import markup
from .actor_pages import render_actor_page, render_actors_index
from .article_pages import article_path, markupped_link, render_article_page
from .downloads import data_files
from .feeds import FeedSite, render_feeds
from .frontmatter import front_matter
from .topic_pages import render_topic_page, render_topics_index

HOME_MARKER = "<!-- corpus-summary -->"


# Up to this many articles the search also indexes article text: at 500 bench
# articles Material's lunr index is 1.6 MB and the first search answers in
# 1.1 s. Above it only titles, names and descriptions are indexed
# (docs/performance.md: the full text of 10,000 articles made a 39 MB index and
# a 10 s first search).
FULL_TEXT_SEARCH_MAX_ARTICLES = 500


def render_pages(
    corpus: Corpus,
    *,
    home_template: str,
    full_text_search: bool | None = None,
    feed_site: FeedSite | None = None,
) -> dict[str, str]:
    """`full_text_search`: index article text; by default only for small corpora.

    `feed_site`: the site's name, published URL and fallback date; with it the
    pages come with their Atom feeds and the data downloads (`data/`), files
    MkDocs copies as they are.
    """
    site_url = feed_site.site_url if feed_site is not None else None
    if full_text_search is None:
        full_text_search = len(corpus.articles) <= FULL_TEXT_SEARCH_MAX_ARTICLES
    by_id = {a.id: a for a in corpus.articles}
    actors = {a.id: a for a in corpus.actors.actors}
    actor_names = {a.id: a.name for a in corpus.actors.actors}
    topic_names = {t.id: t.name for t in corpus.topics.topics}
    pages: dict[str, str] = {}
    for article in corpus.articles:
        pages[article_path(article.id)] = render_article_page(
            article,
            mentions=corpus.actors.mentions.get(article.id, []),
            actors=actors,
            topic_names=topic_names,
            searchable_text=full_text_search,
            site_url=site_url,
        )
    for actor in corpus.actors.actors:
        pages[f"actors/{actor.id}.md"] = render_actor_page(
            actor,
            profile=corpus.actor_profiles[actor.id],
            articles=by_id,
            actor_names=actor_names,
            topic_names=topic_names,
            site_url=site_url,
        )
    for topic in corpus.topics.topics:
        if topic.articles:
            pages[f"topics/{topic.id}.md"] = render_topic_page(
                topic,
                profile=corpus.topic_profiles[topic.id],
                articles=by_id,
                actor_names=actor_names,
                topic_names=topic_names,
            )
    pages["articles/index.md"] = render_articles_index(corpus.articles)
    pages["actors/index.md"] = render_actors_index(corpus.actors)
    pages["topics/index.md"] = render_topics_index(corpus.topics, by_id)
    pages["report.md"] = render_report(corpus)
    pages["index.md"] = render_home(corpus, home_template)
    if feed_site is not None:
        pages.update(render_feeds(corpus, feed_site))
        pages.update(data_files(corpus))
    return dict(sorted(pages.items()))


def render_articles_index(articles: list[Article]) -> str:
    lines = [front_matter(title="Articles", unsearched=True), "# Articles", ""]
    lines.append(f"{len(articles)} articles, newest first.")
    lines.append("")
    for article in newest_first(articles):
        details = [markup.text(x) for x in (article.published, article.publisher) if x]
        suffix = f" — {', '.join(details)}" if details else ""
        lines.append(f"- {markupped_link(article.title, f'{article.id}.md')}{suffix}")
    lines.append("")
    return "\n".join(lines)


def render_home(corpus: Corpus, template: str) -> str:
    sources = sum(len(a.sources) for a in corpus.articles)
    published_topics = sum(1 for t in corpus.topics.topics if t.articles)
    summary = "\n".join(
        [
            "| | |",
            "| --- | --- |",
            f"| [Articles](articles/index.md) | {len(corpus.articles)} from {sources} sources |",
            f"| [Actors](actors/index.md) | {len(corpus.actors.actors)} people, "
            "organisations and countries |",
            f"| [Topics](topics/index.md) | {published_topics} |",
        ]
    )
    latest = newest_first(corpus.articles)[:5]
    if latest:
        summary += "\n\n## Latest articles\n\n" + "\n".join(
            f"- {markupped_link(a.title, article_path(a.id))}" for a in latest
        )
    if HOME_MARKER in template:
        return template.replace(HOME_MARKER, summary)
    return template.rstrip("\n") + "\n\n" + summary + "\n"


def render_report(corpus: Corpus) -> str:
    """The editors' report: what was rejected, merged, and left for review."""
    lines = [front_matter(title="Build report", unsearched=True), "# Build report", ""]
    lines += ["## Rejected inputs", ""]
    if corpus.rejected:
        lines += [f"- {markup.text(r.source)}: {markup.text(r.reason)}" for r in corpus.rejected]
    else:
        lines.append("None.")
    lines += ["", "## Merged copies", ""]
    if corpus.duplicates:
        lines += [
            f"- {markup.text(d.copy)} merged into {markup.text(d.original)} "
            f"({d.containment:.0%} of the text shared)"
            for d in corpus.duplicates
        ]
    else:
        lines.append("None.")
    lines += ["", "## Actor candidates for review", ""]
    if corpus.actors.candidates:
        lines += [
            f"- {markup.text(c.name)}: {markup.text(c.reason)} "
            f"({', '.join(markupped_link(a, f'articles/{a}.md') for a in c.articles)})"
            for c in corpus.actors.candidates
        ]
    else:
        lines.append("None.")
    lines += ["", "## Recurring phrases no topic covers", ""]
    if corpus.topics.suggestions:
        lines += [f"- {markup.text(s)}" for s in corpus.topics.suggestions]
    else:
        lines.append("None.")
    lines.append("")
    return "\n".join(lines)


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> int:
    """Write pages under docs_dir, only where content changed; returns pages written."""
    return write_files({path: content.encode("utf-8") for path, content in pages.items()}, docs_dir)


def write_files(files: Mapping[str, bytes], docs_dir: Path) -> int:
    """Write files under docs_dir, only where the bytes differ; returns files written.

    Paths are built by the generator from slugs ([a-z0-9-]); the check below
    makes sure that stays true, so no input can steer a write elsewhere.
    """
    root = docs_dir.resolve()
    written = 0
    for relative, data in files.items():
        target = (root / relative).resolve()
        if root not in target.parents:
            raise ValueError(f"refusing to write outside the docs folder: {relative}")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written += 1
    return written


def remove_other_files(docs_dir: Path, keep: Set[str]) -> int:
    """Delete files under docs_dir whose relative path is not in `keep`, and emptied folders."""
    root = docs_dir.resolve()
    removed = 0
    for folder, dirs, files in os.walk(root, topdown=False):
        here = Path(folder)
        for name in files:
            path = here / name
            if path.relative_to(root).as_posix() not in keep:
                path.unlink()
                removed += 1
        for name in dirs:
            sub = here / name
            if not sub.is_symlink() and not any(sub.iterdir()):
                sub.rmdir()
    return removed
