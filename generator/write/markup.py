"""Safe Markdown building blocks for generated pages.

Every string that came from a scraped page is untrusted. Generated pages never
pass such a string to Markdown or HTML unescaped: `text()` turns it into inert,
literal text, and links are only built from paths and URLs the generator
constructs itself (`page_link`, `external_link`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

from ..text.invisible import visible
from ..text.patterns import space_runs

# Characters Python-Markdown treats as syntax and lets a backslash escape: its
# ESCAPED_CHARS plus `|` from the tables extension. Escaping any other character
# would print the backslash, so the site enables no extension with more syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_WHITESPACE = space_runs(r"\s")


def text(value: str) -> str:
    """Untrusted text as literal, single-line Markdown.

    Invisible format characters (direction overrides) are removed,
    HTML metacharacters become entities (so no tag or entity from the input
    survives), Markdown syntax is backslash-escaped, and whitespace, including
    newlines and leading indentation, collapses to single spaces so the text
    can never start a block construct (heading, quote, list, code, table).
    """
    collapsed = _WHITESPACE.sub(" ", visible(value)).strip()
    escaped = html.escape(collapsed, quote=True)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def inline(value: str) -> str:
    """Like `text`, for a piece of a line: whitespace collapses but is not stripped."""
    escaped = html.escape(_WHITESPACE.sub(" ", visible(value)), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def attr(value: str) -> str:
    """Untrusted text for an HTML attribute value written by the generator."""
    return html.escape(_WHITESPACE.sub(" ", visible(value)).strip(), quote=True)


def page_link(label_markdown: str, target: str) -> str:
    """A link to another generated page. `target` is a docs-relative path we built."""
    return f"[{label_markdown}]({quote(target, safe='/#.-_~')})"


def external_link(label_markdown: str, url: str | None) -> str | None:
    """A link to an outside URL, only for well-formed http(s) URLs; None otherwise."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "<>\"' \n\r\t`"):
        return None
    safe = quote(parts.geturl(), safe=":/?#[]@!$&'()*+,;=%-._~")
    # Angle brackets keep parentheses in the URL from ending the link early.
    return f"[{label_markdown}](<{safe}>)"


def citation(article_id: str, paragraph: int, *, from_depth: int = 1) -> str:
    """A link to paragraph `paragraph` (1-based) of an article page, labelled ¶N."""
    prefix = "../" * from_depth
    return page_link(f"¶{paragraph}", f"{prefix}articles/{article_id}.md#p{paragraph}")


def unsearched(block: list[str]) -> list[str]:
    """Markdown lines wrapped so the site search leaves them out (`data-search-exclude`).

    The search index holds what identifies a page (titles, names, descriptions);
    article text, long lists and quoted passages stay out of it, so the index
    stays small enough for a browser to load at ten thousand articles.
    """
    return ["<div data-search-exclude markdown>", "", *block, "", "</div>", ""]


def heading_anchor(heading: str) -> str:
    """The id Python-Markdown's table of contents gives a heading of plain words."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower())


def unsearched_section(heading: str, block: list[str]) -> list[str]:
    """A level-2 section the site search leaves out entirely, heading included.

    With only its body unsearched, a section still became an entry of its own
    in the index, titled with its heading and empty ("Quotes" on every actor
    page): a quarter of the entries at 10,000 articles, and results for a
    search for "quotes" or "articles". The heading stays in the page's table of
    contents, with the id the Markdown heading would get. `heading` is the
    generator's own text, never scraped text.
    """
    anchor = heading_anchor(heading)
    return [
        f'<h2 id="{anchor}" data-search-exclude markdown>{html.escape(heading)}</h2>',
        "",
        *unsearched(block),
    ]
