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

from ..records import Removal

CONTAINMENT = 0.6
JACCARD = 0.5
# Below this many words only an exact (case- and punctuation-insensitive) repeat
# counts: short lines share bigrams by chance ("said the minister").
MIN_FUZZY_WORDS = 8

_WORD = re.compile(r"\w+")

Bigram = tuple[str, str]


def _bigrams(words: list[str]) -> frozenset[Bigram]:
    return frozenset(itertools.pairwise(words))


def dedupe_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[Removal]]:
    """Paragraphs in order with near-duplicates of earlier ones removed (first kept)."""
    kept: list[str] = []
    removed: list[Removal] = []
    exact: set[tuple[str, ...]] = set()
    kept_grams: list[frozenset[Bigram]] = []
    # Inverted index bigram -> positions in kept_grams, so a long article costs
    # about its number of bigrams rather than a comparison of every pair.
    index: dict[Bigram, list[int]] = defaultdict(list)
    for paragraph in paragraphs:
        words = [w.casefold() for w in _WORD.findall(paragraph)]
        key = tuple(words) if words else (paragraph.strip(),)
        if key in exact:
            removed.append(Removal(text=paragraph, reason="duplicate paragraph"))
            continue
        grams = _bigrams(words) if len(words) >= MIN_FUZZY_WORDS else frozenset()
        if grams and _near_duplicate(grams, kept_grams, index):
            removed.append(Removal(text=paragraph, reason="near-duplicate paragraph"))
            continue
        exact.add(key)
        kept.append(paragraph)
        if grams:
            position = len(kept_grams)
            kept_grams.append(grams)
            for gram in grams:
                index[gram].append(position)
    return kept, removed


def _near_duplicate(
    grams: frozenset[Bigram],
    kept_grams: list[frozenset[Bigram]],
    index: dict[Bigram, list[int]],
) -> bool:
    shared: dict[int, int] = defaultdict(int)
    for gram in grams:
        for position in index.get(gram, ()):
            shared[position] += 1
    for position, count in shared.items():
        other = kept_grams[position]
        if count / len(grams) >= CONTAINMENT:
            return True
        if count / (len(grams) + len(other) - count) >= JACCARD:
            return True
    return False
