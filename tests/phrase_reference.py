"""The noun-ish phrases of one run of words, by the rules: the definition tests compare with.

`phrases.article_phrases` reads an article's runs in one pass; this is the
same rule written run by run, the way it reads.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.analyze.topics.phrases import _STOP_OR_VERB, _STOP_WORDS


def noun_phrases(run: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(start, words) of each two- and three-word phrase of a run: all pairs, then triples.

    No stop word anywhere, no verb at either end; a past tense or an adverb
    does not end a phrase, and a lower-case -ing or -ly word does not start one.
    """
    folded = [w.casefold() for w in run]
    usable = [f not in _STOP_OR_VERB for f in folded]
    can_start = [
        ok and not (w.islower() and f.endswith(("ly", "ing")))
        for w, f, ok in zip(run, folded, usable, strict=True)
    ]
    can_end = [
        ok and not f.endswith(("ed", "ly", "ing")) for f, ok in zip(folded, usable, strict=True)
    ]
    for i in range(len(run) - 1):
        if can_start[i] and can_end[i + 1]:
            yield i, run[i : i + 2]
    for i in range(len(run) - 2):
        if can_start[i] and can_end[i + 2] and folded[i + 1] not in _STOP_WORDS:
            yield i, run[i : i + 3]
