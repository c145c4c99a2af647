"""Cheap screens in front of analyze's regexes: each must hold wherever its regex matches.

The topic rule screen is checked against its definition, Group.may_match, and
the phrase tokenizer against the per-token code it replaced, and article_phrases
(one pass over an article's words) against its definition run by run.

A screen (a substring test, a smaller regex) lets a paragraph skip a regex
that cannot match it. These tests check the implication on the seeds'
paragraphs, on texts made to match, and on random mixtures of the patterns'
own pieces, so that a later edit of a pattern that breaks its screen fails here.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyze.actor_rules import (
    CAPTION_CREDITS,
    MEDIA_ROLES,
    NAME_THEN_ACRONYM,
    NAME_THEN_ROLE,
    ORG_THEN_ROLE,
    PERSON_HEAD_AT_WORD,
    ROLE_COMMA_NAME,
    ROLE_PHRASE,
    ROLE_THEN_NAME,
    ROLE_THEN_ORG,
)
from generator.analyze.registries import load_registries
from generator.analyze.topics.phrases import (
    _CHUNK_BREAK,
    _TITLES,
    _WORD,
    _key,
    _runs,
    article_phrases,
)
from generator.analyze.topics.taxonomy import Vocabulary
from generator.model.records import Article
from generator.text.patterns import longest_first_alternation

from .articles import make_article, seed_articles
from .phrase_reference import noun_phrases

MATCHING = [
    "German Defense Minister Boris Pistorius said on Monday.",
    "the then UK Home Secretary, Sajid Javid, said",
    "Dmitry Peskov, the Kremlin spokesman, said",
    "Chris Tang, Hong Kong's new police commissioner, said",
    "The Shot Telegram channel reported, citing the news agency Interfax.",
    "Members of the Black Sea Grain Group (BSGG) met.",
    "… in Germany. / Yonhap News",
    "A soldier (Photo: Reuters) stands. Photo by Jane Doe",
    "© AFP 2024",
    "Caroline Hawley, BBC diplomatic correspondent",
    "HANOI, Vietnam (AP) — The talks",
]
PIECES = [
    " ",
    ", ",
    "\n",
    "(",
    ")",
    "/",
    "©",
    "’",
    "'",
    ".",
    "-",
    "the ",
    "Minister ",
    "minister",
    "spokesman",
    "Gen. ",
    "Mr ",
    "MPs",
    "head",
    "ahead",
    "officials",
    "leaders:",
    "Boris ",
    "Pistorius",
    "Al-Nashif",
    "UN",
    "(SCO)",
    "Grain Group",
    "news agency",
    "Telegram channel",
    "think tank",
    "Photo",
    "Photograph",
    "Credit",
    "Courtesy",
    "correspondent",
    "AP",
    " — ",
    "HANOI",
]


def texts() -> list[str]:
    return [p for a in seed_articles() for p in a.paragraphs] + MATCHING


def screens_hold(text: str) -> None:
    if any(p.search(text) for p in (ROLE_THEN_NAME, ROLE_COMMA_NAME, NAME_THEN_ROLE)):
        assert PERSON_HEAD_AT_WORD.search(text), text
    if ORG_THEN_ROLE.search(text) or ROLE_THEN_ORG.search(text):
        assert any(role in text for role in MEDIA_ROLES), text
    if NAME_THEN_ACRONYM.search(text):
        assert "(" in text, text
    for needs, pattern in CAPTION_CREDITS:
        if pattern.search(text):
            assert any(need in text for need in needs), (pattern.pattern, text)


def test_actor_screens_hold_on_seed_paragraphs() -> None:
    for text in texts():
        screens_hold(text)


def test_matching_texts_match() -> None:
    """The hand-made texts do exercise the screened patterns (else the test above is idle)."""
    patterns: list[re.Pattern[str]] = [
        ROLE_THEN_NAME,
        ROLE_COMMA_NAME,
        NAME_THEN_ROLE,
        ORG_THEN_ROLE,
        ROLE_THEN_ORG,
        NAME_THEN_ACRONYM,
        *(pattern for _, pattern in CAPTION_CREDITS),
    ]
    for pattern in patterns:
        assert any(pattern.search(text) for text in MATCHING), pattern.pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_actor_screens_hold_on_mixtures(pieces: list[str]) -> None:
    screens_hold("".join(pieces))


SURFACES = sorted(load_registries().actors.surfaces)
SURFACE_PATTERN = load_registries().actors.surface_pattern
PLAIN_SURFACES = re.compile(rf"(?<!\w)(?:{longest_first_alternation(SURFACES)})(?!\w)")


def test_registry_pattern_is_the_plain_lookbehind_pattern() -> None:
    """not_after moves the lookbehind behind the first character; the matches stay."""
    pattern = SURFACE_PATTERN
    assert pattern is not None
    samples = texts() + [f"x{s} {s}y _{s}, ({s}) {s}" for s in SURFACES[::7]]
    for text in samples:
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in PLAIN_SURFACES.finditer(text)
        ], text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*SURFACES[::25], " ", "a", "-", "’", "_", "é", "1"]), max_size=8))
def test_registry_pattern_on_mixtures(pieces: list[str]) -> None:
    text = "".join(pieces)
    pattern = SURFACE_PATTERN
    assert pattern is not None
    assert [m.span() for m in pattern.finditer(text)] == [
        m.span() for m in PLAIN_SURFACES.finditer(text)
    ]


TAXONOMY = load_registries().topics
RULES = [rule for topic in TAXONOMY.topics for rule in topic.rules]
# Words that hit the screen's index, words that only start like a prefix, and others.
SCREEN_WORDS = sorted(
    {w for rule in RULES for g in rule.groups for w in g.first_words}
    | {p + "s" for rule in RULES for g in rule.groups for p in g.first_prefixes}
    | {p[:-1] for rule in RULES for g in rule.groups for p in g.first_prefixes}
    | {"the", "a", "zz", "troo", "troopers", "ukrainian"}
)


def screened_by_definition(words: Vocabulary) -> frozenset[int]:
    return frozenset(
        n for n, rule in enumerate(RULES) if all(g.may_match(words) for g in rule.groups)
    )


@settings(max_examples=300, deadline=None)
@given(st.frozensets(st.sampled_from(SCREEN_WORDS), max_size=40))
def test_rule_screen_is_may_match_for_all_rules(words: frozenset[str]) -> None:
    assert TAXONOMY.screen is not None
    vocabulary = Vocabulary(words=words)
    assert TAXONOMY.screen.possible(vocabulary) == screened_by_definition(vocabulary)


def test_rule_screen_on_seed_paragraphs() -> None:
    assert TAXONOMY.screen is not None
    for text in texts():
        vocabulary = Vocabulary.of(text)
        assert TAXONOMY.screen.possible(vocabulary) == screened_by_definition(vocabulary)


def reference_runs(text: str) -> list[list[str]]:
    """phrases._runs as first written: a substitution and a full match per token."""
    runs: list[list[str]] = []
    for chunk in _CHUNK_BREAK.split(text):
        run: list[str] = []
        for token in chunk.split():
            word = re.sub(r"[’']s$", "", token)
            if _WORD.fullmatch(word):
                run.append(word)
            else:
                if run:
                    runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


TOKEN_PIECES = [
    "a",
    "b",
    "Zz",
    "-",
    "'",
    "’",
    "s",
    "'s",
    "’s",
    "1",
    ".",
    ",",
    " ",
    "  ",
    "\n",
    "\t",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=30))
def test_phrase_runs_match_their_definition(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert list(_runs(text)) == reference_runs(text)


def test_phrase_runs_on_seed_paragraphs() -> None:
    for text in texts():
        assert list(_runs(text)) == reference_runs(text)


Phrases = tuple[dict[str, dict[str, int]], list[str]]


def reference_phrases(article: Article) -> Phrases:
    """article_phrases by definition: the phrases of each run, keyed by _key."""
    spellings: dict[str, dict[str, int]] = {}
    names: dict[str, None] = {}
    for paragraph in article.paragraphs:
        for run in _runs(paragraph):
            for first, words in noun_phrases(run):
                joined = " ".join(_key(words))
                written = spellings.setdefault(joined, {})
                written[" ".join(words)] = written.get(" ".join(words), 0) + 1
                capitalised = all(w[0].isupper() for w in words)
                if capitalised and first > 0 and run[first - 1].casefold() in _TITLES:
                    names.setdefault(joined, None)
    return spellings, sorted(names)


def phrases_of(article: Article) -> Phrases:
    """What article_phrases found; the order of phrases and names carries no meaning."""
    found = article_phrases(article)
    return {k: dict(v) for k, v in found.spellings.items()}, sorted(found.names)


PHRASE_WORDS = ["President", "Emmanuel", "Macron", "said", "the", "peace", "talks", "troops"]
PHRASE_WORDS += ["deploying", "quickly", "expressed", "Russian", "advances", "cities", "class"]


def test_article_phrases_on_seeds() -> None:
    for article in seed_articles():
        assert phrases_of(article) == reference_phrases(article)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*PHRASE_WORDS, ",", "."]), max_size=12), max_size=4))
def test_article_phrases_match_their_definition(paragraphs: list[list[str]]) -> None:
    article = make_article(*(" ".join(words) for words in paragraphs))
    assert phrases_of(article) == reference_phrases(article)


def test_role_phrase_is_its_lookbehind_first_form() -> None:
    plain = re.compile(
        ROLE_PHRASE.pattern.replace(r"[Tt](?<!\w[Tt])he", r"(?<!\w)[Tt]he", 1), ROLE_PHRASE.flags
    )
    assert plain.pattern != ROLE_PHRASE.pattern
    for text in [
        *texts(),
        "Athe Ukrainian leader",
        "the Ukrainian leader",
        "xthe French president",
    ]:
        assert [m.span() for m in ROLE_PHRASE.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
