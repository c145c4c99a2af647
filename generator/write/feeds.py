"""Atom feeds: the newest articles of the whole site, of each topic and of each actor.

Written with feedgenerator (Pelican's maintained standalone copy of Django's
feed writer; a wheel with no dependencies, where feedgen 1.0.0 is published
only as a source archive the deploy would have to build). Nothing here reads
the clock: an entry's dates are the article's printed date (or the build's
date when it prints none, `fallback`), its id is derived from the article id
alone, so two builds of the same seeds write the same bytes and a reader never
sees an entry twice when the site moves to another address.
"""

from __future__ import annotations

import html
import io
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from feedgenerator import Atom1Feed

from ..model.corpus import Corpus
from ..model.records import Article, newest_first

# Entries per feed: feed readers poll the whole file; the newest are what they show.
MAX_ENTRIES = 50
SUMMARY_CHARS = 400
# The namespace of the entry ids: urn:uuid:<uuid5(namespace, "article:<id>")>.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/newswiki/entries")

SITE_FEED = "feeds/articles.xml"
# Characters XML 1.0 forbids (C0 controls but tab, newline, return; lone surrogates;
# U+FFFE/U+FFFF): scraped text can carry them, and one makes the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def topic_feed(topic_id: str) -> str:
    return f"feeds/topics/{topic_id}.xml"


def actor_feed(actor_id: str) -> str:
    return f"feeds/actors/{actor_id}.xml"


@dataclass(slots=True, kw_only=True, frozen=True)
class FeedSite:
    """What every feed needs to know about the site."""

    name: str
    site_url: str | None  # absolute base ending in "/"; None: links relative to the feed
    fallback: date  # the date of an entry whose article prints none


def entry_id(article_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'article:{article_id}')}"


def _href(site: FeedSite, feed_path: str, target: str) -> str:
    """`target` (site-relative, e.g. "articles/x/") as the feed links it: absolute with a
    site URL, else relative to the feed file, which a reader resolves against the feed's
    own address (RFC 3986), under any sub-path."""
    if site.site_url is not None:
        return site.site_url + target
    return "../" * feed_path.count("/") + target


def _day(value: str | None, fallback: date) -> datetime:
    try:
        day = date.fromisoformat(value) if value else fallback
    except ValueError:
        day = fallback
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class _Feed(Atom1Feed):  # type: ignore[misc]  # feedgenerator has no type hints
    """An Atom feed whose `updated` never comes from the clock: an empty feed (a site
    with no article yet) is dated `fallback`, where feedgenerator would use now()."""

    def __init__(self, *, fallback: datetime, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._fallback = fallback

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else self._fallback


def render_feed(
    path: str, *, title: str, page: str, articles: Iterable[Article], site: FeedSite
) -> str:
    """One Atom feed of `articles` (newest first), for the page at site-relative `page`."""
    feed = _Feed(
        fallback=_day(None, site.fallback),
        title=xml_text(title),
        link=_href(site, path, page),
        description=f"The newest articles on {site.name}: {title}",
        language="en",
        author_name=site.name,
        feed_url=_href(site, path, path),
        feed_guid=f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'feed:{path}')}",
    )
    for article in newest_first(articles)[:MAX_ENTRIES]:
        day = _day(article.published, site.fallback)
        lead = article.paragraphs[0] if article.paragraphs else ""
        if len(lead) > SUMMARY_CHARS:
            lead = lead[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
        feed.add_item(
            title=xml_text(article.title),
            link=_href(site, path, f"articles/{article.id}/"),
            # Atom says this summary is HTML: escaped once more, scraped text stays text.
            description=xml_text(html.escape(lead)),
            author_name=xml_text(article.author or article.publisher or site.name),
            pubdate=day,
            updateddate=day,
            unique_id=entry_id(article.id),
        )
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue() + "\n"


def render_feeds(corpus: Corpus, site: FeedSite) -> dict[str, str]:
    """Every feed of the site, as {site-relative path: Atom XML}: the site's (also
    when it has no article yet: the home page links it), each topic's and actor's."""
    by_id: Mapping[str, Article] = {a.id: a for a in corpus.articles}
    feeds: dict[str, str] = {
        SITE_FEED: render_feed(
            SITE_FEED, title=site.name, page="", articles=corpus.articles, site=site
        )
    }
    for topic in corpus.topics.topics:
        own = [by_id[a] for a in topic.articles if a in by_id]
        if own:
            path = topic_feed(topic.id)
            feeds[path] = render_feed(
                path, title=topic.name, page=f"topics/{topic.id}/", articles=own, site=site
            )
    for actor in corpus.actors.actors:
        own = [by_id[a] for a in actor.articles if a in by_id]
        if own:
            path = actor_feed(actor.id)
            feeds[path] = render_feed(
                path, title=actor.name, page=f"actors/{actor.id}/", articles=own, site=site
            )
    return dict(sorted(feeds.items()))
