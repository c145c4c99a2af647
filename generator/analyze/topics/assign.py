"""Topic assignment: explainable hits per sentence, then an article-level decision.

Hits. Every rule of the taxonomy is tried on every sentence of every
paragraph; a hit records the topic, the paragraph, the rule and the text it
matched, so `clean --json` and the build report can say why an article got a
topic. Hits of topics the article did *not* get are kept too: they explain
near misses to an editor. Pages and merges use only hits of assigned topics.

Article level (precision before recall: one sentence in passing does not make
an article about a topic). A topic is assigned when

1. its rules hit two or more sentences of the article (in one paragraph or
   several), or
2. a strong rule (an `any_of` phrase, or an `all_of` rule with three or more
   groups) hits the *opening* sentence of a paragraph of two or more
   sentences: a paragraph that opens with the topic is about it.

Titles are not evidence: a hit must be citable as a paragraph. A topic with a
`within` scope is assigned only to articles that mention the scope somewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ...model.analysis import ActorIndex, ArticleTopics, Topic, TopicHit, TopicIndex
from ...model.records import Article
from .phrases import suggest_phrases
from .taxonomy import Rule, RuleScreen, Taxonomy, TopicRules, Vocabulary

__all__ = ["assign_topics", "merge_topics", "sentence_spans", "suggest_phrases", "word_set"]

MATCH_JOINER = " … "  # between the pieces an all_of rule matched, in text order


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(text.split())


# A sentence ends at . ! ? or … (and closing quotes or brackets), before
# whitespace and a capital letter, digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
# Words whose trailing period is not a sentence end ("Gen. Ryder", "Dec. 5").
_ABBREVIATIONS = word_set(
    "mr mrs ms dr gen lt col sgt capt cmdr adm maj st no nos prof sen rep gov pres jr sr "
    "inc co corp ltd vs etc approx jan feb mar apr jun jul aug sep sept oct nov dec"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, whitespace trimmed.

    Initials and dotted abbreviations ("U.S. President", "Gen. Ryder") do not
    end a sentence: a missed split only merges two sentences, a false split
    would cut a rule's words apart.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        before = _LAST_WORD.search(text, 0, end_mark.start() + 1)
        word = before.group(1).strip("\"“‘'([").rstrip(".!?…") if before else ""
        if text[end_mark.start()] == "." and (
            len(word) == 1 or "." in word or word.casefold() in _ABBREVIATIONS
        ):
            continue
        spans.append((start, end_mark.end()))
        start = end_mark.end()
    spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(slots=True)
class _Sentences:
    """An article's sentence spans per paragraph, split when a rule first needs them.

    Most paragraphs have no rule whose every group occurs in them, and those
    need no split at all.
    """

    paragraphs: Sequence[str]
    split: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def of(self, paragraph: int) -> list[tuple[int, int]]:
        if paragraph not in self.split:
            self.split[paragraph] = sentence_spans(self.paragraphs[paragraph])
        return self.split[paragraph]


def _rule_hits(
    rule: Rule, text: str, sentences: _Sentences, paragraph: int
) -> Iterable[tuple[int, str]]:
    """(sentence index, matched text) for each sentence in which every group matches."""
    per_group: list[list[re.Match[str]]] = []
    for group in rule.groups:
        found = list(group.pattern.finditer(text))
        if not found:  # a group absent from the paragraph rules out every sentence
            return
        per_group.append(found)
    spans = sentences.of(paragraph)
    for number, (start, end) in enumerate(spans):
        firsts = [next((m for m in found if start <= m.start() < end), None) for found in per_group]
        if any(m is None for m in firsts):
            continue
        pieces = sorted({(m.start(), m.group()) for m in firsts if m is not None})
        yield number, MATCH_JOINER.join(piece for _, piece in pieces)


def _paragraph_hits(
    topic: TopicRules,
    paragraph: int,
    text: str,
    sentences: _Sentences,
    rules: Sequence[int],
    possible: frozenset[int],
) -> list[tuple[int, Rule, TopicHit]]:
    vetoed: dict[int, bool] = {}
    hits: list[tuple[int, Rule, TopicHit]] = []
    for rule, number in zip(topic.rules, rules, strict=True):
        if number not in possible:
            continue  # some group's first words are not in the paragraph
        for sentence, matched in _rule_hits(rule, text, sentences, paragraph):
            if topic.exclude is not None:
                if sentence not in vetoed:
                    start, end = sentences.of(paragraph)[sentence]
                    vetoed[sentence] = topic.exclude.search(text, start, end) is not None
                if vetoed[sentence]:
                    continue
            hit = TopicHit(topic_id=topic.id, paragraph=paragraph, rule=rule.label, matched=matched)
            hits.append((sentence, rule, hit))
    return hits


def assign_topics(article: Article, taxonomy: Taxonomy) -> ArticleTopics:
    """Hits and article-level topics for one article; pure and deterministic."""
    screen = taxonomy.screen or RuleScreen.of(taxonomy.topics)
    possible = [screen.possible(Vocabulary.of(p)) for p in article.paragraphs]
    # Sentences are split only where some rule's groups all occur (the same split, fewer times).
    sentences = _Sentences(paragraphs=article.paragraphs)
    hits: list[TopicHit] = []
    assigned: list[str] = []
    # Topics share one `within` scope (the file's anchor): look for it once.
    scopes: dict[tuple[str, ...], bool] = {}
    for topic, rules in zip(taxonomy.topics, screen.topic_rules, strict=True):
        hit_sentences: set[tuple[int, int]] = set()
        leads_paragraph = False
        seen: set[TopicHit] = set()
        for index, text in enumerate(article.paragraphs):
            if possible[index].isdisjoint(rules):
                continue
            for sentence, rule, hit in _paragraph_hits(
                topic, index, text, sentences, rules, possible[index]
            ):
                hit_sentences.add((index, sentence))
                if rule.strong and sentence == 0 and len(sentences.of(index)) >= 2:
                    leads_paragraph = True
                if hit not in seen:
                    seen.add(hit)
                    hits.append(hit)
        if (len(hit_sentences) >= 2 or leads_paragraph) and _in_scope(topic, article, scopes):
            assigned.append(topic.id)
    return ArticleTopics(article_id=article.id, hits=hits, topics=assigned)


def _in_scope(topic: TopicRules, article: Article, scopes: dict[tuple[str, ...], bool]) -> bool:
    """Whether the article mentions the topic's `within` scope (always, without one)."""
    if topic.within is None:
        return True
    if topic.within_phrases not in scopes:
        pattern = topic.within
        scopes[topic.within_phrases] = any(pattern.search(text) for text in article.paragraphs)
    return scopes[topic.within_phrases]


def cited_paragraphs(
    topic_id: str, assignments: Mapping[str, ArticleTopics]
) -> dict[str, set[int]]:
    """Article id -> paragraphs with hits of the topic, for articles assigned the topic."""
    cited: dict[str, set[int]] = {}
    for article_id in sorted(assignments):
        found = assignments[article_id]
        if topic_id in found.topics:
            cited[article_id] = {h.paragraph for h in found.hits if h.topic_id == topic_id}
    return cited


def actor_counts(
    topic_id: str, assignments: Mapping[str, ArticleTopics], actor_index: ActorIndex
) -> list[tuple[str, int]]:
    """(actor id, mentions in the topic's cited paragraphs), most mentioned first, then id."""
    known = {a.id for a in actor_index.actors}
    counts: Counter[str] = Counter()
    for article_id, paragraphs in cited_paragraphs(topic_id, assignments).items():
        counts.update(
            m.actor_id
            for m in actor_index.mentions.get(article_id, [])
            if m.paragraph in paragraphs and m.actor_id in known
        )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def merge_topics(
    per_article: Sequence[ArticleTopics], taxonomy: Taxonomy, actor_index: ActorIndex
) -> TopicIndex:
    """The corpus-wide topic index, in taxonomy order; topics without articles stay listed."""
    assignments = {a.article_id: a for a in sorted(per_article, key=lambda a: a.article_id)}
    topics: list[Topic] = []
    for rules in taxonomy.topics:
        articles = sorted(a for a, found in assignments.items() if rules.id in found.topics)
        actors = [actor for actor, _ in actor_counts(rules.id, assignments, actor_index)]
        topics.append(
            Topic(
                id=rules.id,
                name=rules.name,
                description=rules.description,
                articles=articles,
                actors=actors,
            )
        )
    return TopicIndex(topics=topics, assignments=assignments)
