"""Invisible format characters: removed from every text that is displayed or logged.

Unicode direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a
title display reversed or reordered text ("Trojan Source"); the marks (LRM,
RLM, ALM), zero-width space, word joiner, invisible operators, interlinear
annotation controls and the tag characters (U+E0000 block, used to smuggle
hidden ASCII) hide text from a reader. None carries meaning in a news article,
so they are removed. Zero-width joiner and non-joiner (U+200C, U+200D) stay:
scripts such as Persian and emoji sequences need them.
"""

from __future__ import annotations

import re

INVISIBLE = re.compile(
    "[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# C0 and C1 controls other than tab and line breaks: a terminal reads them as commands.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(value: str) -> str:
    """`value` without invisible format characters."""
    return INVISIBLE.sub("", value)


def printable(value: str) -> str:
    """For a log line or terminal: no format characters, controls shown as `\\xNN`."""
    value = INVISIBLE.sub("", value)
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def one_line(value: str) -> str:
    """`printable`, with line breaks shown as `\\n`: text that cannot start a new log line."""
    return printable(value.replace("\r", "\\r").replace("\n", "\\n"))
