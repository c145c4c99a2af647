"""Regular expressions built from word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def longest_first_alternation(phrases: Iterable[str], *, not_after: str | None = None) -> str:
    r"""One regex for many phrases, as a character trie that prefers the longest.

    At any position the pattern takes the longest phrase that fits ("North
    Korean" over "North", "U.S. Department of Defense" over "U.S."), backing off
    to a shorter one when what follows fails. A flat longest-first alternation
    means the same, but Python's engine tries every one of its hundreds of
    branches at every position of every paragraph; the trie tries one.

    `not_after` (a one-character class such as r"\w") is `(?<!not_after)` in
    front of the pattern, but checked after the first character: a pattern
    that starts with a lookbehind is tried at every position, one that starts
    with a literal only where that character is (where phrases start with
    capitals, about one position in twenty).
    """
    trie: dict[str, Any] = {}
    for phrase in sorted(set(phrases)):
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not_after is None:
        return _trie_pattern(trie)
    if _END in trie:
        raise ValueError("an empty phrase has no first character to check after")
    branches = [
        f"{re.escape(char)}(?<!{not_after}{re.escape(char)}){_trie_pattern(child)}"
        for char, child in sorted(trie.items())
    ]
    return "(?:" + "|".join(branches) + ")"


_END = ""  # trie key marking the end of a phrase (no character is empty)


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [
        re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy `?`: the longer phrase first, this one if the rest does not fit.
    return f"(?:{body})?" if _END in node else body


def space_runs(space: str) -> re.Pattern[str]:
    """The runs of `space` characters (a character class) other than one plain space.

    `space_runs(c).sub(" ", text)` is `re.compile(c + "+").sub(" ", text)`:
    every run becomes one space. It leaves the text's single spaces alone
    instead of replacing each with another, which was most of the cost.
    """
    # A space character that is not " " or has another after it, and the rest of
    # the run. Opening with the class lets the engine skip ahead to the next
    # space character instead of trying every position.
    return re.compile(f"{space}(?:(?<! )|(?={space})){space}*")
