"""Structured data (schema.org JSON-LD) for article and actor pages.

The writer stores the data in the page's front matter (`structured_data`) as
JSON text in which `<`, `>`, `&` and `'` are written as `\\u003c`-style
escapes (`script_json`), as Jinja's `tojson` does: the theme override
(`overrides/main.html`) prints it inside `<script type="application/ld+json">`,
and a scraped title holding `</script><script>` stays a JSON string that can
never end the element. The front matter then holds no raw markup at all, like
every other value the generator writes there.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.analysis import Actor
from ..model.records import Article

# What may not appear raw inside a script element (or an HTML parser's view of one).
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def script_json(data: dict[str, Any]) -> str:
    """`data` as JSON text that is inert inside a script element and parses back to `data`."""
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": ")).translate(_SCRIPT_SAFE)


CONTEXT = "https://schema.org"
SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "country": "Country"}
WIKIDATA = "https://www.wikidata.org/wiki/"


def page_url(site_url: str | None, path: str) -> str | None:
    """The published address of a site-relative page path ("actors/x/"), if known."""
    return site_url + path if site_url is not None else None


def article_data(article: Article, *, site_url: str | None) -> dict[str, Any]:
    """A `NewsArticle`: what the source printed, and where the original lives."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title,
    }
    if article.published:
        data["datePublished"] = article.published
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.url:
        # The original article: this page is a copy of its text with citations.
        data["url"] = article.url
        data["isBasedOn"] = article.url
    here = page_url(site_url, f"articles/{article.id}/")
    if here is not None:
        data["mainEntityOfPage"] = here
    return data


def actor_data(actor: Actor, *, site_url: str | None) -> dict[str, Any]:
    """A `Person`, `Organization` or `Country`, the same as its Wikidata item where the
    registry names one."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SCHEMA_TYPES[actor.type],
        "name": actor.name,
    }
    if actor.description:
        data["description"] = actor.description
    if actor.spellings:
        data["alternateName"] = list(actor.spellings)
    if actor.wikidata:
        data["sameAs"] = [WIKIDATA + actor.wikidata]
    here = page_url(site_url, f"actors/{actor.id}/")
    if here is not None:
        data["url"] = here
    return data
