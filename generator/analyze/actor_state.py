"""What extract_actors keeps while it reads one article, and the text tests both passes use.

The first pass (actors.py) finds registry spellings and names a role
introduces; the second (actor_second_pass.py) finds what those make
recognisable (surnames, acronyms, role phrases). Both record spans in the
same `State` and ask the same questions of the text around a name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.records import ActorType
from ..text.slugs import RESERVED_IDS, slugify
from .actor_registry import ActorRegistry
from .actor_rules import (
    CAPITALISED_HEADS,
    CAPITALISED_RUN,
    DOMAIN_WORDS,
    LOWER_MODIFIERS,
    NAME_SUFFIXES,
    NAME_TOKEN,
    ORG_HEADS,
    PARTICLES,
    PERSON_HEADS,
    STOP_WORDS,
    THING_HEADS,
)

# Span ranks: at equal length the lower rank wins (a registry spelling beats a
# discovered name, which beats a role phrase).
BLOCK, REGISTRY, DISCOVERED, SECOND_PASS = 0, 1, 2, 3

_NAME_TOKEN_RE = re.compile(NAME_TOKEN)
_TOKEN = re.compile(r"\S+")
HEAD_WORDS = frozenset(
    {h.lower() for h in PERSON_HEADS}
    | {h.lower() for h in CAPITALISED_HEADS}
    | {w.lower() for h in PERSON_HEADS for w in h.split()}
    | set(LOWER_MODIFIERS)
)


@dataclass(slots=True, frozen=True)
class Span:
    paragraph: int
    start: int
    end: int
    actor_id: str  # "" for text that is never an actor (credits, weapons)
    rank: int


@dataclass(slots=True, kw_only=True)
class Paragraph:
    index: int
    text: str
    prose: bool  # False for headlines and chrome: no discovery there
    # Its capitalised runs of two or more words (`capitalised_runs`), read once
    # for the two passes that look at them; empty for a paragraph that is not prose.
    runs: list[list[tuple[str, int, int]]]


@dataclass(slots=True, kw_only=True)
class State:
    registry: ActorRegistry
    author_words: frozenset[str]
    author: str
    spans: list[Span] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    candidates: dict[tuple[str, str], None] = field(default_factory=dict)
    # Discovered actors: provisional id -> (name, type).
    found: dict[str, tuple[str, ActorType]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # "UDCG" -> actor id
    # A single word with a role ("Minister Pistorius"): paragraph, start, end, role.
    lone_names: list[tuple[int, int, int, str]] = field(default_factory=list)

    def bind_role(self, actor_id: str, role: str) -> None:
        if role:
            roles = self.roles.setdefault(actor_id, [])
            if role not in roles:
                roles.append(role)

    def candidate(self, name: str, reason: str) -> None:
        self.candidates.setdefault((name, reason), None)

    def is_author(self, name: str) -> bool:
        words = set(name.split())
        return bool(self.author_words) and (name == self.author or words <= self.author_words)


def discovered_id(name: str, actor_type: ActorType, state: State) -> str:
    """The page id of an actor the registry does not know."""
    actor_id = slugify(name)
    if actor_id in state.registry.by_id or actor_id in RESERVED_IDS:
        # A different actor with a registry actor's slug, or a section page's name.
        actor_id = f"{actor_id}-{actor_type}"
    return actor_id


def resolve(spans: list[Span], fixed: list[Span]) -> list[Span]:
    """Non-overlapping spans: `fixed` ones stay, then the longest (then best-ranked) win.

    Each paragraph's taken ranges are kept sorted and disjoint (`Taken`), so a
    span is checked against its neighbours only: comparing it with every earlier
    range cost 60 s on a 400 KB dump of name lists (2 s for ordinary text).
    """
    kept = list(fixed)
    taken: dict[int, Taken] = {}
    for s in fixed:
        taken.setdefault(s.paragraph, Taken()).add(s.start, s.end)
    for span in sorted(
        set(spans), key=lambda s: (s.paragraph, -(s.end - s.start), s.rank, s.start, s.actor_id)
    ):
        ranges = taken.setdefault(span.paragraph, Taken())
        if ranges.overlaps(span.start, span.end):
            continue
        ranges.add(span.start, span.end)
        kept.append(span)
    return kept


@dataclass(slots=True)
class Taken:
    """Character ranges of one paragraph as sorted, disjoint intervals (touching or
    overlapping ones merged): `overlaps` and `add` cost O(log n) comparisons."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, start: int, end: int) -> None:
        lo = bisect.bisect_left(self.ends, start)  # the first interval that reaches start
        hi = bisect.bisect_right(self.starts, end)  # past the last that begins by end
        if lo < hi:
            start, end = min(start, self.starts[lo]), max(end, self.ends[hi - 1])
        self.starts[lo:hi] = [start]
        self.ends[lo:hi] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)  # the first interval that ends after start
        return i < len(self.starts) and self.starts[i] < end


def capitalised_runs(text: str) -> Iterator[list[tuple[str, int, int]]]:
    """Each run of two or more capitalised words, without a leading sentence word or title.

    Shorter runs are left out: every reader of these runs skips them, and most
    matches are one word, which then need not be split into tokens.
    """
    for match in CAPITALISED_RUN.finditer(text):
        if len(match.group().split()) < 2:
            continue  # one word (str.split and \S+ split alike), too short for any reader
        tokens = tokens_in(text, *match.span())
        while tokens and (tokens[0][0] in STOP_WORDS or tokens[0][0].lower() in HEAD_WORDS):
            tokens = tokens[1:]
        if len(tokens) >= 2:
            yield tokens


def tokens_in(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    # Searching text[start:end] in place: \S+ has no lookaround, so the bounds act as a slice.
    return [(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, end)]


def name_words(
    tokens: list[tuple[str, int, int]], state: State
) -> list[tuple[str, int, int]] | None:
    """The words of a person's name, or None when they are not one."""
    kept: list[tuple[str, int, int]] = []
    for token in tokens:
        word = token[0]
        if word in STOP_WORDS:
            break
        if is_known_word(word, state) or word in ORG_HEADS or word in THING_HEADS:
            return None
        if word.lower() in HEAD_WORDS or word in DOMAIN_WORDS:
            return None
        kept.append(token)
    while kept and (kept[-1][0] in PARTICLES or kept[-1][0] in NAME_SUFFIXES):
        kept.pop()
    if not kept or len(kept) > 4:
        return None
    return kept


def is_known_word(word: str, state: State) -> bool:
    """A country, organisation or demonym word: never part of a person's name."""
    return word in state.registry.place_words


_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"\s+(\S+)")


def name_word_before(text: str, start: int) -> bool:
    """Is the word before `start` a first name ("Jill" in "Jill Biden")?"""
    match = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if match is None:
        return False
    word = match.group(1)
    if not _NAME_TOKEN_RE.fullmatch(word):
        return False
    return word not in STOP_WORDS and word.lower() not in HEAD_WORDS and word not in DOMAIN_WORDS


def name_word_after(text: str, end: int, state: State) -> bool:
    """Is `end` followed by another capitalised name word ("Trump Tower", "Vietnam War")?"""
    match = _NEXT_WORD.match(text, end)
    if match is None:
        return False
    word = match.group(1).rstrip(".,;:!?’'\"”)")
    if not _NAME_TOKEN_RE.fullmatch(word):
        return False
    return not (
        word in STOP_WORDS
        or word.lower() in HEAD_WORDS
        or word in DOMAIN_WORDS
        or word in state.registry.surfaces
    )
