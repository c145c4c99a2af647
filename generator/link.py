"""Link stage: corpus-level decisions that need every article at once.

* Syndicated copies (the same story from another file, wrapped in other
  chrome) are merged into the earliest source: one article, several sources.
* Article ids are made unique, deterministically.

Near-duplicate search uses sampled word shingles and an inverted index, so
its cost grows with the corpus size, not with its square.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .model.records import Article, NearDuplicate
from .text.slugs import RESERVED_IDS

SHINGLE_WORDS = 5
# Keep one shingle in SAMPLE_MOD (by hash): plenty for articles of a few
# hundred words, and it keeps the index small for large corpora.
SAMPLE_MOD = 4
# Two bodies are the same story when this share of the smaller one's sampled
# shingles appear in the other. Rewritten stories on the same subject share
# well under a tenth; syndicated copies share nearly all.
CONTAINMENT_THRESHOLD = 0.5
# A shingle found in this many articles is boilerplate, not evidence.
MAX_POSTINGS = 50

_WORD = re.compile(r"\w+")


def fingerprint(paragraphs: Iterable[str]) -> frozenset[int]:
    """Sampled hashes of the body's word 5-grams, case-folded.

    CRC-32 rather than a cryptographic hash: it is stable across processes and
    machines (the fingerprint is cached), and half the cost of blake2b per
    shingle. Its 32 bits are plenty: two different shingles of the corpus
    share a value about once in four billion, which moves no containment.
    """
    words = _WORD.findall(" ".join(paragraphs).casefold())
    if len(words) < SHINGLE_WORDS:
        words = words + [""] * (SHINGLE_WORDS - len(words))
    encoded = [word.encode("utf-8") for word in words]
    join = b" ".join
    values = (
        zlib.crc32(join(encoded[i : i + SHINGLE_WORDS]))
        for i in range(len(encoded) - SHINGLE_WORDS + 1)
    )
    return frozenset(value for value in values if value % SAMPLE_MOD == 0)


def find_near_duplicates(
    fingerprints: Sequence[tuple[str, frozenset[int]]],
    *,
    threshold: float = CONTAINMENT_THRESHOLD,
) -> list[NearDuplicate]:
    """Pairs (earlier, later) whose bodies are the same story, in input order.

    Each later document is paired with the earliest document it duplicates.
    Documents are indexed as they are visited, so each is compared with the
    earlier ones only; a shingle counts only if the whole corpus has it in at
    most MAX_POSTINGS documents, unless most of the document's shingles are
    that common (mass copies).
    """
    frequency: Counter[int] = Counter()
    for _key, prints in fingerprints:
        frequency.update(prints)
    postings: dict[int, list[int]] = defaultdict(list)
    found: list[NearDuplicate] = []
    for position, (key, prints) in enumerate(fingerprints):
        earlier: list[int] = []  # every earlier document, once per evidence shingle it shares
        # A document made mostly of shingles that many documents share is one of
        # many copies (60 identical seeds), not an article with some boilerplate:
        # then its frequent shingles count too, against the earliest MAX_POSTINGS
        # documents that hold each, so the cost stays bounded.
        rare = sum(1 for value in prints if frequency[value] <= MAX_POSTINGS)
        mass_copy = rare * 2 < len(prints)
        for value in prints:
            plist = postings[value]
            if mass_copy or frequency[value] <= MAX_POSTINGS:
                earlier.extend(plist)
            if len(plist) < MAX_POSTINGS:
                plist.append(position)
        shared = Counter(earlier)
        for other in sorted(shared):
            smaller = min(len(prints), len(fingerprints[other][1])) or 1
            containment = shared[other] / smaller
            if containment >= threshold:
                found.append(
                    NearDuplicate(
                        original=fingerprints[other][0], copy=key, containment=containment
                    )
                )
                break
    return found


def merge_copies(
    articles: Sequence[Article], *, fingerprints: Mapping[str, frozenset[int]] | None = None
) -> tuple[list[Article], list[NearDuplicate]]:
    """Merge each syndicated copy into the earliest article (by source name).

    The copy's sources follow the original's; its publisher becomes "also
    published by". The copy's text is not kept: the first source is canonical.
    `fingerprints` (source name -> `fingerprint(paragraphs)`) saves computing
    them again when the clean stage already did.
    """
    ordered = sorted(articles, key=lambda a: a.sources[0])
    known = fingerprints or {}
    duplicates = find_near_duplicates(
        [(a.sources[0], known.get(a.sources[0]) or fingerprint(a.paragraphs)) for a in ordered]
    )
    by_source = {a.sources[0]: a for a in ordered}
    # Resolve chains (c copies b copies a) to the root original.
    parent = {d.copy: d.original for d in duplicates}

    def root(source: str) -> str:
        while source in parent:
            source = parent[source]
        return source

    for dup in duplicates:
        original = by_source[root(dup.copy)]
        copy = by_source[dup.copy]
        original.sources.extend(copy.sources)
        for name in (copy.publisher, *copy.also_published_by):
            if name and name != original.publisher and name not in original.also_published_by:
                original.also_published_by.append(name)
    kept = [a for a in ordered if a.sources[0] not in parent]
    return kept, duplicates


def assign_ids(articles: Sequence[Article]) -> None:
    """Make every article id unique; the earliest source keeps the plain slug.

    Later ones get a short suffix from their source's name, which does not
    change when other articles are added.
    """
    taken: set[str] = set(RESERVED_IDS)  # articles/index.md is the Articles section page
    for article in sorted(articles, key=lambda a: a.sources[0]):
        base = article.id
        candidate = base
        if candidate in taken:
            suffix = hashlib.sha256(article.sources[0].encode("utf-8")).hexdigest()
            length = 6
            candidate = f"{base}-{suffix[:length]}"
            while candidate in taken:
                length += 2
                candidate = f"{base}-{suffix[:length]}"
        taken.add(candidate)
        article.id = candidate
