"""Key passages: the paragraph of an article most about a topic, trimmed to its best sentences."""

from __future__ import annotations

from collections.abc import Sequence

from ...model.analysis import TopicHit
from ...model.records import Article
from ...text.shorten import clip
from .assign import MATCH_JOINER, sentence_spans

MAX_EXCERPT_CHARS = 360  # a key passage: the one or two sentences that carry the topic


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
    return clip(" ".join(parts), MAX_EXCERPT_CHARS)
