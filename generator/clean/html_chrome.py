"""Page chrome trafilatura keeps inside the article body, and the rules that drop it.

trafilatura finds the article container well, but keeps what publishers put
inside that container around the story: the headline repeated as the first
line, a reading-time or timestamp line, "Related:"/"READ MORE:" link lines in
the middle, and a tail of follow/subscribe/newsletter prompts, reporter
credits and comment counters. The annotated benchmark (and a reader of the
wiki) counts none of that as article text.

Every rule here is deliberately narrow: a line must be short and match a
phrase publishers use for chrome, and tail rules apply only to the run of
lines at the very end, so a real paragraph that merely mentions a newsletter
in the middle of a story is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines longer than this are prose, whatever words they contain.
MAX_CHROME_WORDS = 25
MAX_TAIL_WORDS = 60
# The headline is repeated within the first few lines, after at most a kicker.
HEADLINE_WINDOW = 3
MAX_KICKER_WORDS = 4
MAX_STAMP_WORDS = 12
MAX_STAMP_BYLINE_EXTRA = 5  # "by" and a name of up to three words, plus a time zone

_WORD = re.compile(r"\w+")

# A whole line that is only a section label or a widget heading.
_LABEL = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|posts?|stories|story|content|coverage|links?))?|"
    r"comments?|\d+\s+comments?|tags?|share(?:\s+this(?:\s+(?:article|story))?)?|"
    r"advertisement|don'?t\s+miss|you\s+(?:may|might)\s+also\s+like|"
    r"most\s+(?:read|popular)(?:\s+in\s+[\w ]+)?|recommended(?:\s+for\s+you)?|"
    r"more\s+from\s+[\w .]+|trending(?:\s+now)?)\W*$",
    re.IGNORECASE,
)
# A line that introduces a link to another story: "Related: ...", "READ MORE: ...".
_LINK_PREFIX = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|posts?|stories|story|content|coverage))?|"
    r"read\s+more|see\s+more|read\s+also|also\s+read|more|also|"
    r"recommended|most\s+read|don'?t\s+miss)\s*[:|»>\]]|^also\s+on\s+[\w-]+\.[a-z]{2,}\s",
    re.IGNORECASE,
)
# Promotional links tagged in capitals, as tabloids do: "... [VIDEO]", "... [INSIGHT]".
_TAGGED_PROMO = re.compile(r"\[[A-Z][A-Z ]{2,}\]\W*$")
MIN_PROMO_WORDS = 4  # "[CNET]" alone is a source credit, not a promo
_READING_TIME = re.compile(
    r"^\W*(?:\d+\s*(?:min(?:ute)?s?|mins?)\.?\s*(?:read|de\s+leitura|de\s+lectura|lesezeit)|"
    r"(?:reading\s+time|tempo\s+de\s+leitura|tiempo\s+de\s+lectura|lesezeit)\b)",
    re.IGNORECASE,
)
# Prompts and credits publishers append after the story.
_TAIL = re.compile(
    r"\b(?:follow\s+(?:us|him|her|them|@?\w+(?:\s+\S+){0,6}\s+(?:on|at)\s+(?:twitter|facebook|instagram|https?://))|"
    r"subscribe|newsletters?|sign\s+up|share\s+(?:it|this)|like\s+this\s+(?:story|article)|"
    r"have\s+a\s+(?:news\s+)?tip|click\s+here|tell\s+us\s+what\s+you\s+think|"
    r"if\s+you\s+enjoyed\s+this|delivered\s+(?:right\s+)?(?:to|in)\s+your\s+inbox|"
    r"all\s+rights\s+reserved|copyright|contributed\s+(?:to\s+this\s+report|reporting)|"
    r"additional\s+reporting|reporting\s+by|editing\s+by|writing\s+by)\b|©",
    re.IGNORECASE,
)
_TAIL_START = re.compile(
    r"^\W*(?:source|filed\s+under|posted\s+in|tags|categories)\s*:", re.IGNORECASE
)
# "Write to Jane Doe at jane@example.com", "Reach the reporters on Twitter at ...".
_CONTACT_PROMPT = re.compile(
    r"^\W*(?:write\s+to|e-?mail|reach|contact)\b.*(?:\S@\S|twitter\.com|@\w)", re.IGNORECASE
)
# A line that is only contact handles: e-mail addresses, @names, URLs.
_CONTACT = re.compile(
    r"^(?:\s*(?:\S+@\S+\.[a-z]{2,}|@\w+|(?:https?://)?(?:www\.)?"
    r"(?:twitter|x|facebook|instagram|linkedin)\.com/\S*)[\s,;|]*)+$",
    re.IGNORECASE,
)

# Words a date/time stamp is made of (English, plus the Romance "de", "às").
_STAMP_VOCABULARY = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue wed thu fri sat sun monday "
    "tuesday wednesday thursday friday saturday sunday am pm a m p at on updated published "
    "posted last gmt utc est edt pst pdt cet bst ist et pt de às em le el du"
)
_STAMP_WORDS = frozenset(_STAMP_VOCABULARY.split())
_STAMP_LABEL = re.compile(r"^\W*(?:updated|published|posted|last\s+updated)\b", re.IGNORECASE)
_STAMP_CLOCK = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b")


@dataclass(slots=True, kw_only=True, frozen=True)
class Verdict:
    """Why a line is chrome."""

    reason: str


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def same_text(a: str, b: str) -> bool:
    """Equal up to case, punctuation and spacing (a headline reprinted in the body)."""
    wa = words(a)
    return bool(wa) and wa == words(b)


def is_timestamp(line: str) -> bool:
    """A dateline stamp such as "November 20, 2019 - 11:28 AMT" or "Updated at 1:23 p.m."."""
    tokens = words(line)
    if (
        not tokens
        or len(tokens) > MAX_STAMP_WORDS
        # A sentence is not a stamp, but "1:23 p.m." ends with a full stop.
        or (line.rstrip().endswith((".", "?", "!")) and not re.search(r"\b[ap]\.m\.$", line))
    ):
        return False
    if not _STAMP_CLOCK.search(line):
        return False
    other = [
        t
        for t in tokens
        if not t.isdigit() and t not in _STAMP_WORDS and not re.fullmatch(r"\d+(?:st|nd|rd|th)", t)
    ]
    if "by" in other:
        # "5:45 AM PST 11/19/2019 by Jane Doe": a stamp with its byline.
        return len(other) <= MAX_STAMP_BYLINE_EXTRA
    # A time zone or a place may remain; more is prose.
    return len(other) <= 2


def chrome_anywhere(line: str) -> str | None:
    """Reason a line is chrome wherever it stands, or None.

    Only a line of at most MAX_CHROME_WORDS words can be; the patterns are
    tried first because they are cheap and rarely match, and counting a long
    paragraph's words is not.
    """
    if _LABEL.match(line):
        reason, least = "widget label", 1
    elif _LINK_PREFIX.match(line):
        reason, least = "link to another story", 1
    elif "[" in line and _TAGGED_PROMO.search(line):
        reason, least = "tagged promotional link", MIN_PROMO_WORDS
    else:
        return None
    n = len(words(line))
    return reason if least <= n <= MAX_CHROME_WORDS else None


def chrome_tail(line: str) -> str | None:
    """Reason a line at the end of the body is an appended prompt or credit, or None."""
    n = len(words(line))
    if n == 0 or n > MAX_TAIL_WORDS:
        return None
    if _TAIL_START.match(line):
        return "filing label"
    if _CONTACT.match(line) or _CONTACT_PROMPT.match(line):
        return "contact handles"
    # A list item that says "sign up" is an instruction in the story.
    if not line.startswith("- ") and _TAIL.search(line):
        return "follow/subscribe prompt or credit"
    # Only a labelled stamp: an unlabelled date at the end may be an event's date.
    if _STAMP_LABEL.match(line) and is_timestamp(line):
        return "timestamp"
    return chrome_anywhere(line)


def chrome_lead(line: str) -> str | None:
    """Reason a line at the start of the body is a stamp or reading time, or None."""
    if _READING_TIME.match(line):
        return "reading time"
    if is_timestamp(line):
        return "timestamp"
    return None


def strip_chrome(
    paragraphs: list[str], titles: list[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The paragraphs without chrome, and the (text, reason) of each dropped one."""
    keep = [True] * len(paragraphs)
    reasons: dict[int, str] = {}

    def drop(index: int, reason: str) -> None:
        keep[index] = False
        reasons[index] = reason

    # Headline reprinted as the first line, possibly after a short kicker
    # ("Review", "Opinion") that belongs to the same header.
    for index, line in enumerate(paragraphs[:HEADLINE_WINDOW]):
        if any(same_text(line, title) for title in titles):
            for before in range(index):
                if len(words(paragraphs[before])) <= MAX_KICKER_WORDS:
                    drop(before, "kicker above the headline")
            drop(index, "headline repeated in the body")
            break
    # Stamps and reading times in the header, before the first real paragraph.
    for index, line in enumerate(paragraphs[: HEADLINE_WINDOW + 1]):
        reason = chrome_lead(line)
        if reason is not None:
            drop(index, reason)
    for index, line in enumerate(paragraphs):
        if keep[index]:
            reason = chrome_anywhere(line)
            if reason is not None:
                drop(index, reason)
    # The run of prompts and credits at the very end.
    for index in range(len(paragraphs) - 1, -1, -1):
        if not keep[index]:
            continue
        reason = chrome_tail(paragraphs[index])
        if reason is None:
            break
        drop(index, reason)
    kept = [p for p, k in zip(paragraphs, keep, strict=True) if k]
    removed = [(paragraphs[i], reasons[i]) for i in sorted(reasons)]
    return kept, removed
