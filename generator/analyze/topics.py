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

from ..records import Article
from .model import ActorIndex, ArticleTopics, Topic, TopicHit, TopicIndex
from .taxonomy import Rule, Taxonomy, TopicRules, Vocabulary, rule_matches

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


def _rule_hits(
    rule: Rule, text: str, spans: Sequence[tuple[int, int]], words: Vocabulary
) -> Iterable[tuple[int, str]]:
    """(sentence index, matched text) for each sentence in which every group matches."""
    if not all(group.may_match(words) for group in rule.groups):
        return
    per_group: list[list[re.Match[str]]] = []
    for group in rule.groups:
        found = list(group.pattern.finditer(text))
        if not found:  # a group absent from the paragraph rules out every sentence
            return
        per_group.append(found)
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
    spans: Sequence[tuple[int, int]],
    words: Vocabulary,
) -> list[tuple[int, Rule, TopicHit]]:
    vetoed: dict[int, bool] = {}
    hits: list[tuple[int, Rule, TopicHit]] = []
    for rule in topic.rules:
        for sentence, matched in _rule_hits(rule, text, spans, words):
            if topic.exclude is not None:
                if sentence not in vetoed:
                    start, end = spans[sentence]
                    vetoed[sentence] = topic.exclude.search(text, start, end) is not None
                if vetoed[sentence]:
                    continue
            hit = TopicHit(topic_id=topic.id, paragraph=paragraph, rule=rule.label, matched=matched)
            hits.append((sentence, rule, hit))
    return hits


def assign_topics(article: Article, taxonomy: Taxonomy) -> ArticleTopics:
    """Hits and article-level topics for one article; pure and deterministic."""
    spans = [sentence_spans(p) for p in article.paragraphs]
    vocabularies = [Vocabulary.of(p) for p in article.paragraphs]
    hits: list[TopicHit] = []
    assigned: list[str] = []
    for topic in taxonomy.topics:
        sentences: set[tuple[int, int]] = set()
        leads_paragraph = False
        seen: set[TopicHit] = set()
        for index, text in enumerate(article.paragraphs):
            for sentence, rule, hit in _paragraph_hits(
                topic, index, text, spans[index], vocabularies[index]
            ):
                sentences.add((index, sentence))
                if rule.strong and sentence == 0 and len(spans[index]) >= 2:
                    leads_paragraph = True
                if hit not in seen:
                    seen.add(hit)
                    hits.append(hit)
        in_scope = topic.within is None or any(
            topic.within.search(text) for text in article.paragraphs
        )
        if in_scope and (len(sentences) >= 2 or leads_paragraph):
            assigned.append(topic.id)
    return ArticleTopics(article_id=article.id, hits=hits, topics=assigned)


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


# --- Suggestions for editors -------------------------------------------------------------

MAX_SUGGESTIONS = 40
MIN_ARTICLES = 2
# Punctuation that ends a phrase: n-grams never span a comma, bracket, quote or dash.
_CHUNK_BREAK = re.compile(r"[,;:()\[\]\"“”‘—–/!?…]|[’']\s|\s[’']|\.(?=\s|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
_POSSESSIVE = re.compile(r"[’']s$")
_STOP_WORDS = word_set(
    """a about above across after again against ago all almost along already also although
    always am among an and another any anyone are around as at away back be because been
    before being below between both but by can could did do does doing done down during each
    either else enough even ever every few for from further had has have having he her here
    hers him his how however i if in into is it its itself just last least less like made
    make many may me might more most much must my near nearly never new next no nor not now
    of off on once one only onto or other others our out over own per perhaps rather said
    same says see seen several shall she should since so some still such than that the their
    them then there these they this those though three through thus to today too toward
    towards two under until up upon us very via was we were what when where whether which
    while who whom whose why will with within without would yet you your
    according added amid amidst announced asked called comes continue continues including
    noted recent recently reported reportedly says stated told week weeks year years month
    months day days time times first second third last next previous potential possible
    significant significantly currently further part way number approximately largely
    president minister prime chancellor general secretary commissioner deputy leader leaders
    counterpart spokesman spokeswoman spokesperson ambassador envoy official officials mr mrs
    ms dr senator governor mayor commander chief head state-elect president-elect"""
)
# Verbs that would otherwise pass as nouns ("compel Russia", "situation remains").
_VERBS = word_set(
    """call calls compel continue ensure face faces force give gives help keep make meet
    remain remains say seek seeks send take takes tell urge urges want wants"""
)
_TITLES = word_set(
    """president minister chancellor general secretary commissioner leader counterpart prime
    premier spokesman spokeswoman spokesperson ambassador envoy mr mrs ms dr senator governor
    mayor commander chief president-elect"""
)


def _noun_phrases(run: Sequence[str]) -> Iterable[tuple[int, Sequence[str]]]:
    """(start, words) of the two- and three-word noun-ish phrases of a run of words.

    A cheap stand-in for a tagger: no stop words, no verb at either end. Past
    tenses and adverbs do not end a noun phrase ("Zelenskyy expressed"), and a
    lower-case -ing word does not start one ("deploying troops").
    """
    folded = [w.casefold() for w in run]
    stop = [f in _STOP_WORDS for f in folded]
    can_start = [
        not stop[i]
        and folded[i] not in _VERBS
        and not (run[i].islower() and folded[i].endswith(("ly", "ing")))
        for i in range(len(run))
    ]
    can_end = [
        not stop[i] and folded[i] not in _VERBS and not folded[i].endswith(("ed", "ly", "ing"))
        for i in range(len(run))
    ]
    for size in (2, 3):
        for first in range(len(run) - size + 1):
            last = first + size - 1
            if can_start[first] and can_end[last] and not any(stop[first + 1 : last]):
                yield first, run[first : last + 1]


def _key(words: Sequence[str]) -> tuple[str, ...]:
    """Case- and plural-insensitive n-gram identity: "Russian advances" = "russian advance"."""
    *head, last = (w.casefold() for w in words)
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return (*head, last)


def _runs(text: str) -> Iterable[list[str]]:
    """Runs of plain words between punctuation, possessives dropped."""
    for chunk in _CHUNK_BREAK.split(text):
        run: list[str] = []
        for token in chunk.split():
            word = _POSSESSIVE.sub("", token)
            if _WORD.fullmatch(word):
                run.append(word)
            else:  # a number, a URL, an abbreviation: the phrase stops here
                if run:
                    yield run
                run = []
        if run:
            yield run


def _covered(phrase: str, taxonomy: Taxonomy) -> bool:
    """Whether some rule would match the phrase on its own (not: shares a word with one)."""
    return any(rule_matches(rule, phrase) for topic in taxonomy.topics for rule in topic.rules)


def suggest_phrases(
    articles: Sequence[Article], index: TopicIndex, taxonomy: Taxonomy
) -> list[str]:
    """Recurring two- and three-word phrases (in two or more articles) no topic rule covers.

    For editors growing the taxonomy; deterministic. Phrases with stop words
    or titles are skipped, and so are personal names: a capitalised phrase
    that follows a title anywhere ("President Emmanuel Macron") is a name,
    and actors have their own registry. A phrase is dropped when a longer one
    containing it occurs in exactly the same articles. `index` is unused
    today; it is the place to rank phrases by the topics of their articles.
    """
    del index
    seen_in: dict[tuple[str, ...], set[str]] = {}
    surfaces: dict[tuple[str, ...], Counter[str]] = {}
    names: set[tuple[str, ...]] = set()
    for article in articles:
        for paragraph in article.paragraphs:
            for run in _runs(paragraph):
                for start, words in _noun_phrases(run):
                    key = _key(words)
                    seen_in.setdefault(key, set()).add(article.id)
                    surfaces.setdefault(key, Counter())[" ".join(words)] += 1
                    capitalised = all(w[0].isupper() for w in words)
                    if capitalised and start > 0 and run[start - 1].casefold() in _TITLES:
                        names.add(key)
    recurring = {
        key: ids for key, ids in seen_in.items() if len(ids) >= MIN_ARTICLES and key not in names
    }
    # A pair inside a recurring triple with the same articles adds nothing.
    subsumed = {
        part
        for key, ids in recurring.items()
        if len(key) == 3
        for part in (_key(key[:2]), key[1:])
        if recurring.get(part) == ids
    }
    kept: list[tuple[int, str, tuple[str, ...]]] = []
    for key, ids in recurring.items():
        if key in subsumed:
            continue
        surface = min(surfaces[key].items(), key=lambda item: (-item[1], item[0]))[0]
        if not _covered(surface, taxonomy):
            kept.append((-len(ids), surface.casefold(), key))
    kept.sort()
    return [
        min(surfaces[key].items(), key=lambda item: (-item[1], item[0]))[0]
        for _, _, key in kept[:MAX_SUGGESTIONS]
    ]
