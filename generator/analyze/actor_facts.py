"""What the articles say about an actor: key statements, direct quotes, co-actors.

Pure functions over the actor index and the articles; every fact carries the
article id and the 0-based paragraph it came from, so a page can cite it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

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


def co_actors(actor: Actor, *, index: ActorIndex) -> list[tuple[str, int]]:
    """Other actors in the same articles: (actor id, articles shared), most shared first."""
    counts: Counter[str] = Counter()
    for article_id in actor.articles:
        others = {m.actor_id for m in index.mentions.get(article_id, [])} - {actor.id}
        counts.update(others)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def key_statements(
    actor: Actor,
    *,
    index: ActorIndex,
    articles: Mapping[str, Article],
    limit: int = MAX_STATEMENTS,
    per_article: int = STATEMENTS_PER_ARTICLE,
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
        for paragraph, text, sentences, own, other in _sentences_with(actor, article, index):
            for start, end in sentences:
                sentence = text[start:end].strip()
                mine = [m for m in own if start <= m.start < end]
                if not mine or not _is_statement(sentence):
                    continue
                others = {m.actor_id for m in other if start <= m.start < end}
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
) -> list[Fact]:
    """Direct quotes attributed to the actor, in article and paragraph order.

    The speaker is the person named next to the quote in its sentence (the one
    closest to it when there are several), else, for "he said" / "she said",
    the last person named in the sentences before; with no person, a single
    organisation named with a speech verb ("the ministry said").
    """
    types = {a.id: a.type for a in index.actors}
    found: list[Fact] = []
    seen: set[str] = set()
    for article_id in actor.articles:
        article = articles.get(article_id)
        mentions = index.mentions.get(article_id, [])
        if article is None:
            continue
        by_paragraph: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_paragraph.setdefault(mention.paragraph, []).append(mention)
        for number, text in enumerate(article.paragraphs):
            for match in _QUOTE.finditer(text):
                inner = (match.group("curly") or match.group("straight") or "").strip()
                # "…in Ukraine,” Zelenskyy said": the comma belongs to the sentence.
                inner = inner.rstrip(",;: ")
                if len(inner.split()) < 3:
                    continue
                speaker = _speaker(text, match.start(), match.end(), number, by_paragraph, types)
                key = " ".join(inner.lower().split())
                if speaker == actor.id and key not in seen:
                    seen.add(key)
                    found.append(Fact(article_id=article_id, paragraph=number, text=inner))
    return found[:limit]


def _sentences_with(
    actor: Actor, article: Article, index: ActorIndex
) -> list[tuple[int, str, list[tuple[int, int]], list[Mention], list[Mention]]]:
    """Paragraphs that mention the actor, with their sentences and mentions split by actor."""
    mentions = index.mentions.get(article.id, [])
    paragraphs = sorted({m.paragraph for m in mentions if m.actor_id == actor.id})
    out = []
    for paragraph in paragraphs:
        if paragraph >= len(article.paragraphs):
            continue
        text = article.paragraphs[paragraph]
        here = [m for m in mentions if m.paragraph == paragraph]
        own = [m for m in here if m.actor_id == actor.id]
        other = [m for m in here if m.actor_id != actor.id]
        out.append((paragraph, text, sentence_spans(text), own, other))
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
) -> str | None:
    sentences = sentence_spans(text)
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
