"""Metadata a text dump still prints: headline, byline, date, dateline.

Everything here reads only what is on the page. A date is returned only when
one is printed near the headline or labelled "Published"/"Updated"; nothing
is guessed from other stories' dates in side lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textdump_blocks import STOP_WORDS, Stats, vocabulary

# How far above the first body block the headline, byline and date may sit.
HEADER_WINDOW = 14
MAX_TITLE_WORDS = 30
MAX_INFERRED_TITLE = 80

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    # January 14, 2025 / Jan. 14 2025 / Nov. 19, 2019 8:03 am ET
    re.compile(
        _MONTH_NAME + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b",
        re.IGNORECASE,
    ),
    # 14 January 2025 / 14 Jan, 2025
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(?P<year>(?:19|20)\d{2})\b",
        re.IGNORECASE,
    ),
    # 2025-01-14 / 2025/01/14 / 2025.01.14
    re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
)
_DATE_LABEL = re.compile(r"\b(?:published|updated|posted|date)\b\s*:?", re.IGNORECASE)

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|di|le|la|bin|al-\w+)){1,3}"
_BY_LINE = re.compile(r"^(?:written\s+)?by:?\s+(?P<name>" + _NAME + r")", re.IGNORECASE)
# "Daniel Kim Views", "Jane Doe 3 min read", "Jane Doe | Comments 4": a name then a counter.
_NAME_COUNTER = re.compile(
    r"^(?P<name>" + _NAME + r")\s*(?:[|·•]\s*)?"
    r"(?i:views?|comments?\s*\d*|\d+\s*(?:min(?:ute)?s?\s+read|views?|comments?))\s*$"
)
_NAME_ONLY = re.compile(r"^(?P<name>" + _NAME + r")$")
_EMAIL = re.compile(r"^\S+@\S+\.\w+$")
_NAME_STOP = vocabulary(
    "the a an and of in on for to with news staff reporter editor agency press "
    "updated published posted views comments share"
)

# "KYIV, Ukraine — ", "WASHINGTON (Reuters) - ", "LONDON: "
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,40}?)?)"
    r"\s*(?:\((?:AP|AFP|Reuters|dpa|UPI|Xinhua|Yonhap|[A-Z][\w ]{1,20})\)\s*)?"
    r"(?:—|–|--|-|:)\s+\S"
)
_CLAUSE_CUT = re.compile(r"(?<=[.!?])\s|[,;:—–]\s|\s(?:while|as|after|amid|because|but)\s")
_TRAILING = " .,;:—–-…"
_LATIN = re.compile(r"[^\W\d_]+")
# Last resort for a long lead clause: cut before a linking word, so the title
# ends on a content word ("... continued discussions" rather than "... with").
_LINK_WORD = re.compile(
    r"\s(?=(?:with|to|for|on|in|at|regarding|about|over|from|by|which|who|amid|after)\s)"
)


@dataclass(slots=True, kw_only=True)
class Header:
    """What `find_header` read, with the block positions it came from."""

    title: str | None = None
    title_index: int | None = None
    title_inferred: bool = False
    author: str | None = None
    author_indexes: tuple[int, ...] = ()
    published: str | None = None
    date_indexes: tuple[int, ...] = ()


def parse_date(text: str) -> str | None:
    """The first printed calendar date in `text` as YYYY-MM-DD, else None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text, 0)
            day, year = int(match.group("day")), int(match.group("year"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _author(text: str, following: str | None) -> str | None:
    """The person a byline-like block names, or None."""
    for pattern in (_BY_LINE, _NAME_COUNTER):
        match = pattern.match(text)
        if match:
            return _person(match.group("name"))
    match = _NAME_ONLY.match(text)
    if match and following is not None and _EMAIL.match(following):
        # A bare name followed by an e-mail address: the reporter's signature.
        return _person(match.group("name"))
    return None


def _person(name: str) -> str | None:
    words = name.split()
    # "By Staff Reporter", "By The Associated Press" are agencies, not people.
    if any(w.lower() in _NAME_STOP for w in words) or len(words) < 2:
        return None
    return " ".join(words).rstrip(".,")


def is_headline(text: str, stats: Stats) -> bool:
    """A line shaped like a headline: a few words, no full stop, not chrome."""
    if not 3 <= stats.words <= MAX_TITLE_WORDS or len(text) > 200:
        return False
    if text.endswith((".", ":", ",", ";")) or text.endswith("..."):
        return False
    if stats.bullet or stats.counter or stats.url or stats.byline or stats.all_caps:
        return False
    if stats.share or stats.account or stats.legal or stats.comment_head or stats.end_marker:
        return False
    if stats.date and stats.words <= 8:
        return False
    return stats.latin == 0 or stats.title_ratio >= 0.5 or stats.words >= 6


def find_header(texts: list[str], stats: list[Stats], keep: list[bool]) -> Header:
    """Headline, author and date from the blocks around the start of the body."""
    header = Header()
    # The body starts at the first kept block that reads as prose; anything the
    # classifier kept above it (a headline, a byline) is header material.
    kept = [i for i, k in enumerate(keep) if k]
    first = next(
        (i for i in kept if stats[i].words >= 10 and stats[i].terminal),
        kept[0] if kept else len(texts),
    )
    start = max(0, first - HEADER_WINDOW)
    # The headline is usually the nearest headline-shaped line above the body,
    # with the byline, the date and a photo caption between them.
    for i in range(first - 1, start - 1, -1):
        if stats[i].words >= 4 and is_headline(texts[i], stats[i]) and not stats[i].caption:
            header.title, header.title_index = texts[i], i
            break
    low = header.title_index if header.title_index is not None else start
    window = range(max(0, low - 2), min(len(texts), first + 1))
    authors: list[int] = []
    dates: list[int] = []
    for i in window:
        following = texts[i + 1] if i + 1 < len(texts) else None
        if header.author is None and stats[i].words <= 12:
            name = _author(texts[i], following)
            if name:
                header.author = name
                authors.append(i)
                if following is not None and _EMAIL.match(following):
                    authors.append(i + 1)
        if header.published is None and stats[i].words <= 20 and stats[i].date:
            date = parse_date(texts[i])
            if date:
                header.published = date
                dates.append(i)
    if header.author is None:
        _signature_after_body(texts, stats, keep, header, authors)
    if header.published is None:
        _labelled_date(texts, stats, header, dates)
    header.author_indexes = tuple(authors)
    header.date_indexes = tuple(dates)
    return header


def _signature_after_body(
    texts: list[str], stats: list[Stats], keep: list[bool], header: Header, authors: list[int]
) -> None:
    """A reporter's name (and e-mail) printed right after the last body block."""
    last = max((i for i, k in enumerate(keep) if k), default=-1)
    for i in range(last + 1, min(len(texts), last + 4)):
        following = texts[i + 1] if i + 1 < len(texts) else None
        if stats[i].words <= 6:
            name = _author(texts[i], following)
            if name:
                header.author = name
                authors.append(i)
                return


def _labelled_date(texts: list[str], stats: list[Stats], header: Header, dates: list[int]) -> None:
    """A date anywhere on the page when a label says it is this page's date."""
    for i, text in enumerate(texts):
        if stats[i].date and stats[i].words <= 20 and _DATE_LABEL.search(text):
            date = parse_date(text)
            if date:
                header.published = date
                dates.append(i)
                return


def find_dateline(paragraph: str) -> str | None:
    """The place a news lead opens with ("KYIV, Ukraine — ..."), else None."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip()
    head = place.split(",")[0]
    # The city is printed in capitals; "The" or "A" would be a sentence start.
    if not head.replace(" ", "").replace(".", "").isupper() or len(head) < 3:
        return None
    return place


def without_dateline(paragraph: str) -> str:
    """The lead with its dateline ("LONDON (AP) — ") taken off."""
    match = _DATELINE.match(paragraph)
    if not match or find_dateline(paragraph) is None:
        return paragraph
    rest = paragraph[match.end() - 1 :]
    return rest[:1].upper() + rest[1:]


def headline_in_body(texts: list[str], stats: list[Stats], kept: list[int]) -> int | None:
    """A second headline inside the body (a dump carrying the story twice)."""
    for position, i in enumerate(kept):
        if position == 0:
            continue
        s = stats[i]
        if s.words >= 6 and not s.terminal and _title_case(texts[i]) and is_headline(texts[i], s):
            return i
    return None


def _title_case(text: str) -> bool:
    """Headline capitalisation: nearly every word but the function words capitalised."""
    content: list[str] = [w for w in _LATIN.findall(text) if w.lower() not in STOP_WORDS]
    if len(content) < 3:
        return False
    return sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def short_title(lead: str) -> str:
    """A readable title from a lead sentence, cut at a clause boundary."""
    lead = lead.strip()
    sentence_end = re.search(r"(?<=[.!?])\s", lead)
    if sentence_end:
        lead = lead[: sentence_end.start()]
    lead = lead.rstrip(_TRAILING)
    if len(lead) <= MAX_INFERRED_TITLE:
        return lead
    # The first clause long enough to say something is usually the news.
    best = next(
        (
            lead[: m.start()]
            for m in _CLAUSE_CUT.finditer(lead)
            if 30 <= m.start() <= MAX_INFERRED_TITLE
        ),
        "",
    )
    if not best:
        cuts = [m.start() for m in _LINK_WORD.finditer(lead) if 30 <= m.start() <= 90]
        best = lead[: cuts[-1]] if cuts else lead[: MAX_INFERRED_TITLE + 1].rsplit(" ", 1)[0]
    return best.rstrip(_TRAILING)
