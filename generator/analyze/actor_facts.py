"""What the articles say about an actor: key statements, direct quotes, co-actors.

Pure functions over the actor index and the articles; every fact carries the
article id and the 0-based paragraph it came from, so a page can cite it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.analysis import Actor, ActorIndex, Fact, Mention
from ..model.records import Article
from .actor_rules import is_headline, sentence_spans

MAX_STATEMENTS = 8
STATEMENTS_PER_ARTICLE = 2
MAX_QUOTES = 8
MIN_SENTENCE_CHARS = 40
MAX_SENTENCE_CHARS = 400

_QUOTE = re.compile(r"“(?P<curly>[^“”]{8,}?)”|\"(?P<straight>[^\"]{8,}?)\"")
_QUOTE_CHARS = re.compile(r"[“”\"]")
_SPEECH = re.compile(
    r"\b(?:said|says|stated|states|revealed|told|tells|added|noted|elaborated|explained|"
    r"wrote|warned|declared|announced|stressed|emphasized|emphasised|insisted|asked|"
    r"statement|remarks|according to)\b"
)
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|He|She)\b")
# Openers that make a sentence lean on the one before it.
_DEPENDENT_OPENERS = re.compile(
    r"(?:He|She|It|They|This|That|These|Those|However|But|And|Also|Such)\b"
)
_NUMBER = re.compile(r"\d[\d,.]*")
# What the facts of several actors share, computed once per article (see `_paragraphs_with`).
Memo = dict[Any, Any]


def co_actors(
    actor: Actor, *, index: ActorIndex, memo: Memo | None = None
) -> list[tuple[str, int]]:
    """Other actors in the same articles: (actor id, articles shared), most shared first."""
    memo = {} if memo is None else memo
    counts: Counter[str] = Counter()
    for article_id in actor.articles:
        present = memo.get(("actors", article_id))
        if present is None:
            present = frozenset(m.actor_id for m in index.mentions.get(article_id, []))
            memo[("actors", article_id)] = present
        counts.update(present - {actor.id})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def key_statements(
    actor: Actor,
    *,
    index: ActorIndex,
    articles: Mapping[str, Article],
    limit: int = MAX_STATEMENTS,
    per_article: int = STATEMENTS_PER_ARTICLE,
    memo: Memo | None = None,
) -> list[Fact]:
    """Informative sentences about the actor, best first, at most `per_article` per article.

    A sentence ranks higher when the actor is its subject (named at or near the
    start), when it carries numbers or names other actors, and when it stands on
    its own; quotes are left to `quotes`, headlines and fragments are skipped.
    """
    ranked: list[tuple[float, str, int, int, str]] = []
    for article_id in actor.articles:
        article = articles.get(article_id)
        if article is None:
            continue
        found: list[tuple[float, str, int, int, str]] = []
        for paragraph, facts, own in _paragraphs_with(actor, article, index, memo):
            # Only the sentences that name the actor, each with its own mentions: the
            # cost follows the actor's mentions, not the paragraph's (a list of names).
            for number in sorted({facts.sentence_of[id(m)] for m in own} - {-1}):
                sentence = facts.statements[number]
                if sentence is None:
                    continue
                start = facts.sentences[number][0]
                bucket = facts.buckets[number]
                mine = [m for m in bucket if m.actor_id == actor.id]
                others = {m.actor_id for m in bucket if m.actor_id != actor.id}
                score = _statement_score(sentence, mine[0].start - start, len(others), paragraph)
                found.append((-score, article_id, paragraph, start, sentence))
        ranked += sorted(found)[:per_article]
    chosen: list[Fact] = []
    seen: set[str] = set()
    for _, article_id, paragraph, _, sentence in sorted(ranked):
        key = " ".join(sentence.lower().split())
        if key in seen:
            continue  # the same sentence in a syndicated copy
        seen.add(key)
        chosen.append(Fact(article_id=article_id, paragraph=paragraph, text=sentence))
        if len(chosen) >= limit:
            break
    return chosen


def quotes(
    actor: Actor,
    *,
    index: ActorIndex,
    articles: Mapping[str, Article],
    limit: int = MAX_QUOTES,
    memo: Memo | None = None,
) -> list[Fact]:
    """Direct quotes attributed to the actor, in article and paragraph order.

    The speaker is the person named next to the quote in its sentence (the one
    closest to it when there are several), else, for "he said" / "she said",
    the last person named in the sentences before; with no person, a single
    organisation named with a speech verb ("the ministry said").
    """
    memo = {} if memo is None else memo
    found: list[Fact] = []
    seen: set[str] = set()
    for article_id in actor.articles:
        article = articles.get(article_id)
        if article is None:
            continue
        by_speaker = memo.get(("quotes", article_id))
        if by_speaker is None:  # every quote of the article attributed once, for all actors
            by_speaker = _quotes_by_speaker(article, index, _types(index, memo))
            memo[("quotes", article_id)] = by_speaker
        for number, inner in by_speaker.get(actor.id, []):
            key = " ".join(inner.lower().split())
            if key not in seen:
                seen.add(key)
                found.append(Fact(article_id=article_id, paragraph=number, text=inner))
    return found[:limit]


def _types(index: ActorIndex, memo: Memo) -> dict[str, str]:
    types = memo.get("types")
    if types is None:
        types = memo["types"] = {a.id: a.type for a in index.actors}
    return types


def _quotes_by_speaker(
    article: Article, index: ActorIndex, types: Mapping[str, str]
) -> dict[str, list[tuple[int, str]]]:
    """Each quote of the article (paragraph, text) under the actor who said it."""
    by_paragraph: dict[int, list[Mention]] = {}
    for mention in index.mentions.get(article.id, []):
        by_paragraph.setdefault(mention.paragraph, []).append(mention)
    out: dict[str, list[tuple[int, str]]] = {}
    for number, text in enumerate(article.paragraphs):
        sentences: list[tuple[int, int]] | None = None
        for match in _QUOTE.finditer(text):
            inner = (match.group("curly") or match.group("straight") or "").strip()
            # "…in Ukraine,” Zelenskyy said": the comma belongs to the sentence.
            inner = inner.rstrip(",;: ")
            if len(inner.split()) < 3:
                continue
            sentences = sentence_spans(text) if sentences is None else sentences
            speaker = _speaker(
                text, match.start(), match.end(), number, by_paragraph, types, sentences
            )
            if speaker is not None:
                out.setdefault(speaker, []).append((number, inner))
    return out


@dataclass(slots=True, kw_only=True)
class _ParagraphFacts:
    """One paragraph's sentences, its mentions by sentence, and which sentences are statements."""

    sentences: list[tuple[int, int]]
    buckets: list[list[Mention]]  # the mentions in each sentence, in mention order
    statements: list[str | None]  # the stripped sentence where it can be a statement
    sentence_of: dict[int, int]  # id(mention) -> its sentence's number, -1 for none


def _paragraph_facts(text: str, mentions: Sequence[Mention]) -> _ParagraphFacts:
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    buckets: list[list[Mention]] = [[] for _ in sentences]
    sentence_of: dict[int, int] = {}
    for mention in mentions:
        number = bisect.bisect_right(starts, mention.start) - 1
        if number < 0 or mention.start >= sentences[number][1]:
            number = -1
        else:
            buckets[number].append(mention)
        sentence_of[id(mention)] = number
    statements: list[str | None] = []
    for start, end in sentences:
        sentence = text[start:end].strip()
        statements.append(sentence if _is_statement(sentence) else None)
    return _ParagraphFacts(
        sentences=sentences, buckets=buckets, statements=statements, sentence_of=sentence_of
    )


def _paragraphs_with(
    actor: Actor, article: Article, index: ActorIndex, memo: Memo | None
) -> list[tuple[int, _ParagraphFacts, list[Mention]]]:
    """Paragraphs that mention the actor: their facts (shared through `memo`) and its mentions.

    Computed once per article and paragraph for all actors: once per actor,
    a paragraph listing hundreds of names was split and filtered hundreds of times.
    """
    memo = {} if memo is None else memo
    grouped = memo.get(("paragraphs", article.id))
    if grouped is None:
        grouped = {}  # paragraph -> its mentions, and (actor id, paragraph) -> the actor's
        for mention in index.mentions.get(article.id, []):
            grouped.setdefault(mention.paragraph, []).append(mention)
            grouped.setdefault((mention.actor_id, mention.paragraph), []).append(mention)
        grouped["by actor"] = {}
        for key in grouped:
            if isinstance(key, tuple):
                grouped["by actor"].setdefault(key[0], []).append(key[1])
        memo[("paragraphs", article.id)] = grouped
    out = []
    for paragraph in sorted(grouped["by actor"].get(actor.id, [])):
        if paragraph >= len(article.paragraphs):
            continue
        mine = grouped[(actor.id, paragraph)]
        facts = memo.get(("facts", article.id, paragraph))
        if facts is None:
            facts = _paragraph_facts(article.paragraphs[paragraph], grouped[paragraph])
            memo[("facts", article.id, paragraph)] = facts
        out.append((paragraph, facts, mine))
    return out


def _is_statement(sentence: str) -> bool:
    if not MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS:
        return False
    if _QUOTE_CHARS.search(sentence) or sentence.endswith("?"):
        return False
    return not is_headline(sentence)


def _statement_score(sentence: str, offset: int, other_actors: int, paragraph: int) -> float:
    words_before = len(sentence[:offset].split())
    score = 0.0
    if words_before <= 3:
        score += 3.0  # the actor is the subject
    elif offset <= len(sentence) // 3:
        score += 1.5
    score += min(2, len(_NUMBER.findall(sentence))) * 0.5
    score += min(2, other_actors) * 0.5
    words = len(sentence.split())
    if 12 <= words <= 45:
        score += 1.0
    if _DEPENDENT_OPENERS.match(sentence):
        score -= 2.0
    if paragraph <= 1:
        score += 0.5
    return score


def _speaker(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    by_paragraph: Mapping[int, Sequence[Mention]],
    types: Mapping[str, str],
    sentences: list[tuple[int, int]] | None = None,
) -> str | None:
    sentences = sentence_spans(text) if sentences is None else sentences
    left = max((s for s, _ in sentences if s <= start), default=0)
    right = min((e for _, e in sentences if e >= end), default=len(text))
    here = by_paragraph.get(paragraph, [])
    outside = [m for m in here if left <= m.start < right and not start <= m.start < end]
    context = text[left:start] + " " + text[end:right]
    people = [m for m in outside if types.get(m.actor_id) == "person"]
    if people:
        nearest = min(people, key=lambda m: (min(abs(m.end - start), abs(m.start - end)), m.start))
        return nearest.actor_id
    if _PRONOUN_SPEAKER.search(context) and _SPEECH.search(context):
        earlier = [m for m in here if m.start < left and types.get(m.actor_id) == "person"]
        if not earlier:
            earlier = [
                m for m in by_paragraph.get(paragraph - 1, []) if types.get(m.actor_id) == "person"
            ]
        if earlier:
            return max(earlier, key=lambda m: (m.paragraph, m.start)).actor_id
        return None
    organisations = {m.actor_id for m in outside if types.get(m.actor_id) == "organization"}
    if len(organisations) == 1 and _SPEECH.search(context):
        return organisations.pop()
    return None
