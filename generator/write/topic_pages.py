"""Topic pages (`docs/topics/<id>.md`) and the topics index (`docs/topics/index.md`).

Every scraped string goes through `markup.text()`/`markup.inline()`; every
link is one the generator builds from ids (`page_link`, `citation`), relative
and to a `.md` page, so MkDocs strict mode checks it. Taxonomy names and
descriptions are escaped too: they come from a pull request, not from us.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..analyze.topics.assign import MATCH_JOINER, actor_counts, sentence_spans
from ..analyze.topics.corroborate import Claim, topic_corroboration
from ..model.analysis import ActorIndex, ArticleTopics, Topic, TopicHit, TopicIndex
from ..model.records import Article
from . import markup
from .frontmatter import front_matter

MAX_ACTORS = 12
MAX_EXCERPT_CHARS = 360  # a key passage: the one or two sentences that carry the topic
MAX_CLAIM_CHARS = 240
DESCRIPTION_CHARS = 160


def render_topic_page(
    topic: Topic,
    *,
    index: TopicIndex,
    articles: Mapping[str, Article],
    actor_index: ActorIndex,
) -> str:
    own = newest_first([articles[a] for a in topic.articles if a in articles])
    sources = {source for article in own for source in article.sources}
    lines = [
        front_matter(title=topic.name, description=topic.description[:DESCRIPTION_CHARS]),
        f"# {markup.text(topic.name)}",
        "",
        markup.text(topic.description),
        "",
        f"**{_count(len(own), 'article')}** from {_count(len(sources), 'source file')}.",
        "",
    ]
    # The search indexes the name and description; the sections stay out of it.
    lines += _unsearched_body(_key_passages(topic, own, index.assignments))
    lines += _unsearched_body(_corroboration(topic, own, index.assignments, articles))
    lines += _unsearched_body(_actors(topic, index.assignments, actor_index))
    lines += _unsearched_body(_related(topic, index))
    if own:
        lines += markup.unsearched_section(
            "Articles", [f"- {_article_line(article)}" for article in own]
        )
    return "\n".join(lines)


def _unsearched_body(section: list[str]) -> list[str]:
    """A section ("## heading", blank line, body) left out of the search, heading too."""
    if not section:
        return section
    return markup.unsearched_section(section[0].removeprefix("## "), section[2:])


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


def _key_passages(
    topic: Topic, own: Sequence[Article], assignments: Mapping[str, ArticleTopics]
) -> list[str]:
    lines = ["## Key passages", ""]
    for article in own:
        found = assignments.get(article.id)
        hits = [h for h in found.hits if h.topic_id == topic.id] if found else []
        passage = key_passage(article, hits)
        if passage is None:
            continue
        paragraph, excerpt = passage
        title = markup.page_link(markup.text(article.title), f"../articles/{article.id}.md")
        lines.append(
            f"- {title}: “{markup.inline(excerpt).strip()}” "
            f"{markup.citation(article.id, paragraph + 1)}"
        )
    lines.append("")
    return lines


def key_passage(article: Article, hits: Sequence[TopicHit]) -> tuple[int, str] | None:
    """The best-hit paragraph (most distinct hits, then earliest) trimmed to its best sentences."""
    valid = [h for h in hits if 0 <= h.paragraph < len(article.paragraphs)]
    if not valid:
        return None
    score: dict[int, set[tuple[str, str]]] = {}
    for hit in valid:
        score.setdefault(hit.paragraph, set()).add((hit.rule, hit.matched))
    paragraph = min(score, key=lambda p: (-len(score[p]), p))
    text = article.paragraphs[paragraph]
    pieces = [
        [p.casefold() for p in h.matched.split(MATCH_JOINER)]
        for h in valid
        if h.paragraph == paragraph
    ]
    return paragraph, _trim_to_sentences(text, pieces)


def _trim_to_sentences(text: str, pieces: Sequence[Sequence[str]]) -> str:
    """The sentences most hits were read from, in text order, within MAX_EXCERPT_CHARS."""
    spans = sentence_spans(text)
    scored = []
    for number, (start, end) in enumerate(spans):
        folded = text[start:end].casefold()
        hits = sum(1 for hit in pieces if all(piece in folded for piece in hit))
        scored.append((-hits, number))
    chosen: list[int] = []
    length = 0
    for negative_hits, number in sorted(scored):
        start, end = spans[number]
        if negative_hits == 0 and chosen:
            break
        if chosen and (length + end - start > MAX_EXCERPT_CHARS or len(chosen) == 2):
            break
        chosen.append(number)
        length += end - start
    chosen.sort()
    parts: list[str] = []
    for position, number in enumerate(chosen):
        if position and number != chosen[position - 1] + 1:
            parts.append("…")
        start, end = spans[number]
        parts.append(text[start:end])
    return _clip(" ".join(parts), MAX_EXCERPT_CHARS)


def _corroboration(
    topic: Topic,
    own: Sequence[Article],
    assignments: Mapping[str, ArticleTopics],
    articles: Mapping[str, Article],
) -> list[str]:
    lines = ["## Corroboration", ""]
    found = topic_corroboration(topic.id, assignments, articles)
    if not found.corroborated and not found.differing:
        lines += [
            "No figure in these passages is reported by two sources or reported differently.",
            "",
        ]
        return lines
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
    return lines


def _claim_line(claim: Claim, articles: Mapping[str, Article]) -> str:
    quoted = markup.inline(_clip(claim.sentence, MAX_CLAIM_CHARS)).strip()
    return f"{_source_cell(claim, articles)}: “{quoted}”"


def _source_cell(claim: Claim, articles: Mapping[str, Article]) -> str:
    article = articles.get(claim.article_id)
    title = article.title if article else claim.article_id
    link = markup.page_link(markup.text(title), f"../articles/{claim.article_id}.md")
    return f"{link} {markup.citation(claim.article_id, claim.paragraph + 1)}"


def _actors(
    topic: Topic, assignments: Mapping[str, ArticleTopics], actor_index: ActorIndex
) -> list[str]:
    names = {a.id: a.name for a in actor_index.actors}
    counts = [(a, n) for a, n in actor_counts(topic.id, assignments, actor_index) if a in names]
    if not counts:
        return []
    lines = ["## Actors most involved", ""]
    lines += [
        f"- {markup.page_link(markup.text(names[a]), f'../actors/{a}.md')} "
        f"({_count(n, 'mention')} in the key paragraphs)"
        for a, n in counts[:MAX_ACTORS]
    ]
    lines.append("")
    return lines


def _related(topic: Topic, index: TopicIndex) -> list[str]:
    mine = set(topic.articles)
    shared = [(len(mine.intersection(other.articles)), other) for other in index.topics]
    related = [(n, other) for n, other in shared if other.id != topic.id and n]
    if not related:
        return []
    related.sort(key=lambda item: (-item[0], item[1].name, item[1].id))
    lines = ["## Related topics", ""]
    lines += [
        f"- {markup.page_link(markup.text(other.name), f'{other.id}.md')} "
        f"({_count(shared, 'shared article')})"
        for shared, other in related
    ]
    lines.append("")
    return lines


# --- Helpers ------------------------------------------------------------------------------


def newest_first(articles: Sequence[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones; ties by title, then id."""
    by_title = sorted(articles, key=lambda a: (a.title, a.id))
    dated = sorted(
        (a for a in by_title if a.published), key=lambda a: a.published or "", reverse=True
    )
    return dated + [a for a in by_title if not a.published]


def _article_line(article: Article) -> str:
    link = markup.page_link(markup.text(article.title), f"../articles/{article.id}.md")
    details = [markup.text(x) for x in (article.published, article.publisher) if x]
    return f"{link} — {', '.join(details)}" if details else link


def _article_count(topic: Topic, articles: Mapping[str, Article]) -> int:
    return sum(1 for a in topic.articles if a in articles)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
