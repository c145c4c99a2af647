"""Regex builders: each must mean what the plain pattern it replaces means."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.patterns import longest_first_alternation, space_runs

SPACE_CLASSES = [
    r"\s",
    r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]",
    r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]",
]
_TEXT = st.text(alphabet=st.sampled_from(list("ab. \t\n\u00a0\u2003\u200b\u3000\r")), max_size=30)


@pytest.mark.parametrize("space", SPACE_CLASSES)
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_space_runs_collapse_like_the_plain_pattern(space: str, text: str) -> None:
    assert space_runs(space).sub(" ", text) == re.compile(space + "+").sub(" ", text)


def test_space_runs_leave_single_spaces_alone() -> None:
    assert space_runs(r"\s").search("one two three") is None


_PHRASES = ["North", "North Korea", "North Korean", "NATO", "U.S.", "U.S. Army", "Nat"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PHRASES, " ", "x", "-", "_", "é"]), max_size=8).map("".join))
def test_not_after_is_a_lookbehind_in_front(text: str) -> None:
    guarded = re.compile(longest_first_alternation(_PHRASES, not_after=r"\w"))
    plain = re.compile(rf"(?<!\w)(?:{longest_first_alternation(_PHRASES)})")
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_not_after_refuses_an_empty_phrase() -> None:
    with pytest.raises(ValueError):
        longest_first_alternation(["", "a"], not_after=r"\w")
