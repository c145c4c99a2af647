"""Near-duplicate paragraph removal inside one article.

Scraped pages often carry the same story twice (a rewritten version under a
second headline, a pull quote, a caption repeated under the photo). A
paragraph is dropped when an earlier *kept* paragraph already says nearly the
same thing, measured on lower-cased word bigrams:

* containment of the later paragraph in the earlier one (shared bigrams over
  the later paragraph's bigrams) of at least ``CONTAINMENT``, or
* Jaccard similarity of at least ``JACCARD``.

Bigrams rather than single words because two paragraphs about the same subject
share most of their vocabulary (names, places) but rarely their phrasing; a
light rewrite ("We talked about the deployment of contingents" / "We also
discussed the deployment of contingents") keeps most of the phrasing.

Comparing only against kept paragraphs makes the function idempotent: running
it on its own output changes nothing.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Set as AbstractSet

from ..model.records import Removal

CONTAINMENT = 0.6
JACCARD = 0.5
# Below this many words only an exact (case- and punctuation-insensitive) repeat
# counts: short lines share bigrams by chance ("said the minister").
MIN_FUZZY_WORDS = 8

_WORD = re.compile(r"\w+")
_FOLDS_IN_PLACE = re.compile(r"[\x00-\xff\u2000-\u206f]*")

Bigram = tuple[str, str]


def _bigrams(words: list[str]) -> frozenset[Bigram]:
    return frozenset(itertools.pairwise(words))


def dedupe_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[Removal]]:
    """Paragraphs in order with near-duplicates of earlier ones removed (first kept)."""
    kept: list[str] = []
    removed: list[Removal] = []
    exact: set[tuple[str, ...]] = set()
    kept_sizes: list[int] = []  # number of bigrams of each fuzzy-compared kept paragraph
    # An inverted index bigram -> the kept paragraphs that have it, so a long
    # article costs about its number of bigrams rather than a comparison of
    # every pair: `first` holds the first such paragraph, `later` the rest.
    # Set operations find the few bigrams a paragraph shares with earlier ones
    # (most it shares with none), so only those are walked in Python.
    first: dict[Bigram, int] = {}
    later: dict[Bigram, list[int]] = {}
    for paragraph in paragraphs:
        words = _words(paragraph)
        key = tuple(words) if words else (paragraph.strip(),)
        if key in exact:
            removed.append(Removal(text=paragraph, reason="duplicate paragraph"))
            continue
        grams = _bigrams(words) if len(words) >= MIN_FUZZY_WORDS else frozenset()
        shared = grams & first.keys()
        if shared and _near_duplicate(len(grams), shared, kept_sizes, first, later):
            removed.append(Removal(text=paragraph, reason="near-duplicate paragraph"))
            continue
        exact.add(key)
        kept.append(paragraph)
        if grams:
            position = len(kept_sizes)
            kept_sizes.append(len(grams))
            first.update(dict.fromkeys(grams - shared, position))
            for gram in shared:
                later.setdefault(gram, []).append(position)
    return kept, removed


def _words(paragraph: str) -> list[str]:
    """The paragraph's words (runs of word characters), case-folded one by one.

    Where every character is Latin-1 or general punctuation (’ “ ” —), folding
    the whole text first and then splitting gives the same words, faster:
    there, folding maps word characters to word characters and leaves the
    rest alone. Elsewhere it can change where words end ("İ" folds to "i" and
    a combining dot, which is no word character).
    """
    if paragraph.isascii() or _FOLDS_IN_PLACE.fullmatch(paragraph):
        return _WORD.findall(paragraph.casefold())
    return [w.casefold() for w in _WORD.findall(paragraph)]


def _near_duplicate(
    size: int,
    shared: AbstractSet[Bigram],
    kept_sizes: list[int],
    first: dict[Bigram, int],
    later: dict[Bigram, list[int]],
) -> bool:
    """Whether the paragraph (`size` bigrams, `shared` of them in kept ones) repeats one."""
    counts: dict[int, int] = defaultdict(int)
    for gram in shared:
        counts[first[gram]] += 1
        for position in later.get(gram, ()):
            counts[position] += 1
    for position, count in counts.items():
        if count / size >= CONTAINMENT:
            return True
        if count / (size + kept_sizes[position] - count) >= JACCARD:
            return True
    return False
