"""Suggestions for editors: recurring phrases no topic rule covers.

A phrase is a two- or three-word noun-ish run of words (no stop words, no
verb at either end, never across punctuation). Each article's distinct
phrases are read once, by `article_phrases`, where the article is analysed
(in a worker, and cached with the analysis); `suggest_phrases` then needs
only those: it counts articles per phrase, and looks at spellings only for
the phrases it may report, a few count levels at a time. The result is the
one a pass over every phrase occurrence of the corpus gives.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...model.analysis import TopicIndex
from ...model.records import Article
from .taxonomy import Taxonomy, rule_matches


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(text.split())


MAX_SUGGESTIONS = 40
SPELLING_BATCH = 4 * MAX_SUGGESTIONS  # phrases spelled per pass over the articles
MIN_ARTICLES = 2
# Punctuation that ends a phrase: n-grams never span a comma, bracket, quote or dash.
_CHUNK_BREAK = re.compile(r"[,;:()\[\]\"“”‘—–/!?…]|[’']\s|\s[’']|\.(?=\s|$)")
# A plain word: what a phrase is made of.
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
# Every whitespace-separated token, in order: group 1 is the token as a plain
# word with its possessive "’s" dropped, or "" when it is no plain word. (The
# first branch must reach the token's end, the second takes any token whole;
# \S and str.split agree on whitespace.) One search per chunk instead of a
# substitution and a full match per token.
_TOKEN_WORD = re.compile(r"(?<!\S)(?:(" + _WORD.pattern + r")(?:[’']s)?(?!\S)|\S+)")
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
_STOP_OR_VERB = _STOP_WORDS | _VERBS  # no phrase starts or ends with one
# What a phrase's words may not be: "" separates runs (`_run_words`).
_NOT_INNER = _STOP_WORDS | {""}
_NOT_USABLE = _STOP_OR_VERB | {""}
_TITLES = word_set(
    """president minister chancellor general secretary commissioner leader counterpart prime
    premier spokesman spokeswoman spokesperson ambassador envoy mr mrs ms dr senator governor
    mayor commander chief president-elect"""
)


def _key(words: Sequence[str]) -> tuple[str, ...]:
    """Case- and plural-insensitive n-gram identity: "Russian advances" = "russian advance"."""
    *head, last = (w.casefold() for w in words)
    return (*head, _singular(last))


def _singular(last: str) -> str:
    """A phrase's casefolded last word as its key has it."""
    if last.endswith("ies") and len(last) > 4:
        return last[:-3] + "y"
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        return last[:-1]
    return last


def _runs(text: str) -> Iterable[list[str]]:
    """Runs of plain words between punctuation, possessives dropped."""
    for chunk in _CHUNK_BREAK.split(text):
        run: list[str] = []
        for word in _TOKEN_WORD.findall(chunk):
            if word:
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


@dataclass(slots=True, kw_only=True, frozen=True)
class ArticlePhrases:
    """An article's distinct phrases, each with how the article spells it and how often.

    Keys are casefolded words, the last one singular, joined by spaces.
    """

    spellings: dict[str, dict[str, int]]  # key -> {as written: occurrences}
    names: tuple[str, ...]  # keys the article writes capitalised after a title: names


def article_phrases(article: Article) -> ArticlePhrases:
    """Every phrase occurrence of the article, counted by key.

    A phrase is two or three words of one run (`_runs`): no stop words, no verb
    at either end, a cheap stand-in for a tagger. Past tenses and adverbs do
    not end a noun phrase ("Zelenskyy expressed"), and a lower-case -ing word
    does not start one ("deploying troops"). A capitalised phrase right after
    a title ("President Emmanuel Macron") is a name. The runs are read as one
    word list (`_run_words`) rather than one by one: an article has hundreds
    of runs of a few words each, and a pass per run cost a third of the time.
    """
    words = _run_words(article.paragraphs)
    folded = [w.casefold() for w in words]  # _key's casefolding, once per word
    inner = [f not in _NOT_INNER for f in folded]
    ends = [f not in _NOT_USABLE and not f.endswith(("ed", "ly", "ing")) for f in folded]
    starts = [
        i
        for i, f in enumerate(folded)
        if f not in _NOT_USABLE and not (f.endswith(("ly", "ing")) and words[i].islower())
    ]
    spellings: dict[str, dict[str, int]] = {}
    names: dict[str, None] = {}
    # A separator is never inner and never ends a phrase, so neither loop
    # crosses one; words[0] is one, so words[i - 1] is always there.
    for i in starts:
        if ends[i + 1]:
            _count(
                spellings, names, f"{folded[i]} {_singular(folded[i + 1])}",
                words, folded, i, i + 2,
            )  # fmt: skip
    for i in starts:
        if inner[i + 1] and ends[i + 2]:
            _count(
                spellings, names, f"{folded[i]} {folded[i + 1]} {_singular(folded[i + 2])}",
                words, folded, i, i + 3,
            )  # fmt: skip
    return ArticlePhrases(spellings=spellings, names=tuple(names))


def _run_words(paragraphs: Sequence[str]) -> list[str]:
    """The words of every run (`_runs`) in order, with "" before each run and after the last.

    `_TOKEN_WORD` already gives "" for a token that ends a run; a chunk's end
    ends one too.
    """
    words = [""]
    for paragraph in paragraphs:
        for chunk in _CHUNK_BREAK.split(paragraph):
            words += _TOKEN_WORD.findall(chunk)
            words.append("")
    return words


def _count(
    spellings: dict[str, dict[str, int]],
    names: dict[str, None],
    key: str,
    words: list[str],
    folded: list[str],
    first: int,
    end: int,
) -> None:
    """One occurrence of the phrase words[first:end], whose key is `key`."""
    surface = " ".join(words[first:end])
    written = spellings.get(key)
    if written is None:
        spellings[key] = {surface: 1}
    else:
        written[surface] = written.get(surface, 0) + 1
    if folded[first - 1] in _TITLES and all(w[0].isupper() for w in words[first:end]):
        names.setdefault(key, None)


def suggest_phrases(
    articles: Sequence[Article],
    index: TopicIndex,
    taxonomy: Taxonomy,
    phrases: Mapping[str, ArticlePhrases] | None = None,
) -> list[str]:
    """Recurring two- and three-word phrases (in two or more articles) no topic rule covers.

    For editors growing the taxonomy; deterministic. Phrases with stop words
    or titles are skipped, and so are personal names: a capitalised phrase
    that follows a title anywhere ("President Emmanuel Macron") is a name,
    and actors have their own registry. A phrase is dropped when a longer one
    containing it occurs in exactly the same articles. Ranked by the number of
    articles, then alphabetically by the spelling shown (the most used one).
    `phrases` (article id -> article_phrases) saves reading them again; `index`
    is unused today; it is the place to rank phrases by the topics of their
    articles.
    """
    del index
    known = phrases or {}
    # Phrases are looked up by id; where two articles share one (ids are unique
    # only after link.assign_ids), each is read from its own text.
    shared_ids = {i for i, n in Counter(a.id for a in articles).items() if n > 1}
    read = [
        (None if article.id in shared_ids else known.get(article.id)) or article_phrases(article)
        for article in articles
    ]
    per_article: dict[str, set[str]] = {}
    names: set[str] = set()
    for article, found in zip(articles, read, strict=True):
        per_article.setdefault(article.id, set()).update(found.spellings)
        names.update(found.names)
    frequency: Counter[str] = Counter()
    for keys in per_article.values():
        frequency.update(keys)
    recurring = {k: n for k, n in frequency.items() if n >= MIN_ARTICLES and k not in names}
    subsumed = _subsumed(recurring, per_article)
    # Highest counts first; a whole count level at a time, so ties are settled as
    # a full sort would settle them.
    levels: dict[int, list[str]] = {}
    for key, count in recurring.items():
        if key not in subsumed:
            levels.setdefault(count, []).append(key)
    kept: list[tuple[int, str, tuple[str, ...], str]] = []
    pending = sorted(levels, reverse=True)
    while pending and len(kept) < MAX_SUGGESTIONS:
        # Spell a batch of levels with one pass over the articles that have them.
        batch: list[int] = []
        size = 0
        while pending and (not batch or size < SPELLING_BATCH):
            batch.append(pending.pop(0))
            size += len(levels[batch[-1]])
        spellings = _spellings({k for c in batch for k in levels[c]}, read)
        for count in batch:
            for key in levels[count]:
                surface = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
                if not _covered(surface, taxonomy):
                    kept.append((-count, surface.casefold(), tuple(key.split(" ")), surface))
            if len(kept) >= MAX_SUGGESTIONS:
                break
    kept.sort()
    return [surface for _, _, _, surface in kept[:MAX_SUGGESTIONS]]


def _subsumed(recurring: Mapping[str, int], per_article: Mapping[str, set[str]]) -> set[str]:
    """Pairs inside a recurring triple found in exactly the same articles: they add nothing."""
    candidates: list[tuple[str, str]] = []
    for key, count in recurring.items():
        if key.count(" ") != 2:
            continue
        first, second, third = key.split(" ")
        # The pair keys inside the triple key (already case-folded): "a b" with b
        # made singular as a pair's last word, and "b c" as it stands.
        for part in (f"{first} {_singular(second)}", f"{second} {third}"):
            if recurring.get(part) == count:  # same number of articles: compare the sets
                candidates.append((key, part))
    if not candidates:
        return set()
    wanted = {k for pair in candidates for k in pair}
    where: dict[str, set[str]] = {k: set() for k in wanted}
    for article_id, keys in per_article.items():
        for key in keys & wanted:
            where[key].add(article_id)
    return {part for key, part in candidates if where[key] == where[part]}


def _spellings(wanted: set[str], read: Sequence[ArticlePhrases]) -> dict[str, Counter[str]]:
    """How often each wanted phrase is written each way, over all articles."""
    spellings: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    for found in read:
        for key in wanted.intersection(found.spellings):
            spellings[key].update(found.spellings[key])
    return spellings
