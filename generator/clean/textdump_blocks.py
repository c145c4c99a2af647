"""Text-dump segmentation and per-block features.

A text dump (`document.body.innerText` of a rendered page) has lost its markup,
but not all of its structure: the browser puts a blank line around every
``<p>`` and a single line break around other block elements (menus, list
items, headings), so "flanked by blank lines" is nearly "was a paragraph".
Menus survive as runs of short lines, lists of headlines as runs of Title Case
lines without a final full stop, and the article as the densest run of long,
punctuated, stop-word-rich lines.

This module turns a dump into `Block`s and each block into a fixed vector of
numbers (`LOCAL_FEATURES`, `CONTEXT_FEATURES`) for the classifier in
`textdump_model`. Features are language-agnostic where they can be (length,
punctuation, position, layout); the stop-word ratio falls back to a neutral
value on text with few Latin-script words (CJK pages).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from ..text.patterns import longest_first_alternation, space_runs

# --------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------

_SPACES = space_runs(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
# Some CMSs leak a literal entity into the rendered text ("WORLD&nbsp").
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|#160|#8203);?", re.IGNORECASE)
_WRAP_MIN_LINES = 8


@dataclass(slots=True, kw_only=True)
class Block:
    """One candidate paragraph: a dump line, or hard-wrapped lines joined."""

    text: str
    blank_before: bool
    blank_after: bool
    indented: bool


def clean_line(line: str) -> str:
    """One dump line with entities and odd spaces normalized, ends stripped."""
    if "&" in line:
        line = _ENTITY.sub(" ", line)
    return _SPACES.sub(" ", line).strip()


def segment(text: str) -> list[Block]:
    """The dump's non-empty lines as blocks, hard-wrapped prose joined first."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = [clean_line(line) for line in raw]
    width = _wrap_width(cleaned)
    blocks: list[Block] = []
    count = len(raw)
    for i, line in enumerate(cleaned):
        if not line:
            continue
        blank_before = i == 0 or not cleaned[i - 1]
        if width and blocks and not blank_before and _continues(cleaned[i - 1], line, width):
            last = blocks[-1]
            last.text = f"{last.text} {line}"
            last.blank_after = i == count - 1 or not cleaned[i + 1]
            continue
        blocks.append(
            Block(
                text=line,
                blank_before=blank_before,
                blank_after=i == count - 1 or not cleaned[i + 1],
                indented=raw[i][:1] in (" ", "\t"),
            )
        )
    return blocks


def _wrap_width(lines: list[str]) -> int:
    """The column a hard-wrapped dump breaks at, or 0 when it is not wrapped.

    innerText never wraps, but a dump pasted from a terminal or an e-mail does:
    then most long lines end within a few columns of one width.
    """
    lengths = [len(line) for line in lines if len(line) >= 40]
    if len(lengths) < _WRAP_MIN_LINES:
        return 0
    width = max(lengths)
    if width > 120:
        return 0
    near = sum(1 for n in lengths if n >= width - 20)
    return width if near >= 0.6 * len(lengths) else 0


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` continues the hard-wrapped `previous` line.

    In a wrapped dump only a line that stops well short of the wrap column ends
    its paragraph (a full-width line ending in a full stop is just a wrap).
    """
    return len(previous) >= width - 25 and bool(line)


# --------------------------------------------------------------------------
# Per-block text statistics
# --------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž]+")
# On ASCII text these find what _LATIN_WORD and str.isdigit find, in half the time.
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_ASCII_DIGIT = re.compile(r"[0-9]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# _TERMINAL and _ELLIPSIS are what block_stats computes, by `_ends_in`.
_TERMINAL = re.compile(r"[.!?。！？…][\"”’'»)\]]*$")
_TERMINAL_ENDINGS, _TERMINAL_CLOSERS = tuple(".!?。！？…"), "\"”’'»)]"
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"”’)\]]*$")
_ELLIPSIS_ENDINGS, _ELLIPSIS_CLOSERS = ("...", "…"), '"”’)]'
# Every _SENTENCE_BREAK match has one of these.
_SENTENCE_MARK = re.compile("[.!?。！？]")
_SENTENCE_BREAK = re.compile(r"[a-z0-9)\"”’][.!?][\"”’)]?\s+[\"“‘(]?[A-Z]|[。！？]")
_BULLET = re.compile(r"^(?:[•·▪►◦■□●○*+>»–-]\s*|\d{1,2}[.)]\s+|\d{1,2}$)")
_SEPARATORS = re.compile(r"\s[|•·/»>]\s|\s-\s")
_URL_OR_EMAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_COUNTER = re.compile(r"^[\W_]*\d[\d.,]*[kKmM]?\W*$|\w\d+$")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}\b|\b(?:updated|published|posted)\b",
    re.IGNORECASE,
)
# Reader comments: "Jane on May 2, 2019 at 4:47 pm said:", "jdoe says:",
# "[ 167 comments ]", "2 days ago at 07:52 am", "12 likes".
_COMMENT_HEAD = re.compile(
    r"^\S+(?: \S+){0,3} (?:said|says|wrote|writes)\s*:$|\d\s*(?:am|pm)?,? (?:said|says|wrote)\s*:$"
    r"|^[\[(]?\s*\d+\s+(?:comments?|replies|responses?)\s*[\])]?$"
    r"|^(?:top rated |reader |user |show |view |all )?comments?\s*(?:\(\d+\)|\d+)?$"
    r"|\bleave a (?:comment|reply)\b|\bresponses? to\b|\bjoin the (?:discussion|conversation)\b"
    r"|\bpost a comment\b|\bcomments are closed\b"
    r"|^\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:at|@)\s+\d{1,2}:\d{2}\s*(?:am|pm)?$|^\d+\s+(?:likes?|votes?|points?)$",
    re.IGNORECASE,
)
# The words _may_be_comment_head looks for, lower-case.
_SAYS = re.compile("said|says|wrote|writes")
_COMMENT_WORD = re.compile("comment|respons|leave a|join the")
_COUNTED_WORD = re.compile("repl|ago|like|vote|point")
_ASCII_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
# Headings that close an article: what follows is apparatus, not body.
_END_MARKER = re.compile(
    r"^(?:sources?|references?|notes|related(?: \w+){0,2}|read (?:more|next|also)|see also"
    r"|more (?:stories|news|from \w+(?: \w+)?)|about (?:this|the) (?:author|statement)"
    r"|tags?|topics|filed under|share this(?: \w+)?|you may also like|recommended(?: \w+)?"
    r"|most (?:read|popular|viewed)|popular now|latest(?: \w+)?|trending(?: \w+)?)\s*:?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|por|par|von|di|oleh)\s+\S", re.IGNORECASE)


def vocabulary(text: str) -> frozenset[str]:
    """A word set written as one space-separated string, for readability."""
    return frozenset(text.split())


# Chrome vocabulary, grouped so the model can weigh the groups separately.
# Single words are looked up in the block's lower-cased word set and phrases
# as substrings: much cheaper than one big case-insensitive regex per block.
_SHARE_WORDS = vocabulary(
    "share shares shared tweet facebook twitter pinterest linkedin whatsapp reddit "
    "instagram youtube flipboard telegram"
)
_SHARE_PHRASES = ("email this", "e-mail this", "print this", "copy link")
_ACCOUNT_WORDS = vocabulary(
    "subscribe subscription subscriptions subscriber subscribers newsletter newsletters "
    "login register unsubscribe inbox premium membership paywall signup"
)
_ACCOUNT_PHRASES = (
    "sign in",
    "sign up",
    "log in",
    "log out",
    "create an account",
    "my account",
    "free trial",
)
_LEGAL_WORDS = vocabulary(
    "cookie cookies privacy trademark trademarks affiliate commission consent gdpr"
)
_LEGAL_PHRASES = (
    "©",
    "all rights reserved",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "ad choices",
    "adchoices",
    "(c) 20",
    "(c) 19",
)
_NAV_WORDS = vocabulary(
    "related recommended popular trending latest menu search home advertisement "
    "sponsored comment comments replies reply permalink watch listen more"
)
_NAV_PHRASES = (
    "read more",
    "most read",
    "most viewed",
    "most shared",
    "you may also",
    "you might also",
    "see all",
    "view all",
    "skip to",
    "back to top",
    "next article",
    "previous article",
    "click here",
    "ad feedback",
)
_CAPTION_WORDS = vocabulary(
    "photo photos photograph image images picture credit getty afp illustration "
    "courtesy shutterstock caption"
)
_CAPTION_TAIL = re.compile(r"\s/\s*\w+(?:\s+news)?$|\((?:ap|afp|reuters|getty)[^)]*\)$", re.I)


def phrase_finder(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds any of `phrases` as a substring: `any(p in text ...)`, in C."""
    return re.compile("|".join(map(re.escape, phrases)))


_SHARE_FINDER = phrase_finder(_SHARE_PHRASES)
_ACCOUNT_FINDER = phrase_finder(_ACCOUNT_PHRASES)
_LEGAL_FINDER = phrase_finder(_LEGAL_PHRASES)
_NAV_FINDER = phrase_finder(_NAV_PHRASES)


_CHROME_WORDS = _SHARE_WORDS | _ACCOUNT_WORDS | _LEGAL_WORDS | _NAV_WORDS | _CAPTION_WORDS
# Any chrome phrase at all, as one trie: half the time of the four finders,
# which then run only on the few blocks it finds something in.
_ANY_CHROME_PHRASE = re.compile(
    longest_first_alternation([*_SHARE_PHRASES, *_ACCOUNT_PHRASES, *_LEGAL_PHRASES, *_NAV_PHRASES])
)


def _has(
    words: frozenset[str], lowered: str, vocabulary: frozenset[str], phrases: re.Pattern[str]
) -> bool:
    return not words.isdisjoint(vocabulary) or phrases.search(lowered) is not None


# Frequent function words of the languages the benchmark and the seeds use.
# Only the ratio matters, so a word belonging to two languages does no harm.
STOP_WORDS = vocabulary(
    """
    a about after all also an and any are as at be been but by can could did do
    does for from had has have he her his how i if in into is it its just more
    most my no not of on one only or other our out over said says she so some
    than that the their them then there these they this those to up was we were
    what when which who will with would you your
    el la los las de del que y en un una por con para es se su al lo como más
    o pero sus le ya fue ha
    o os as da do das dos em no na nos nas um uma com não para por mais foi ao
    le les des du et est pour dans pas sur au avec il elle ce qui ne sont
    der die das und ist nicht ein eine zu den mit sich auf für im dem von auch
    il di che è per non una sono della nel alla
    yang dan di ke dari ini itu dengan untuk tidak akan pada
    и в не на что с по это как он к но из у за то о же от
    """
)

# A neutral stop-word ratio for blocks with too few Latin words to measure one.
_NEUTRAL_STOP = 0.3


@dataclass(slots=True, kw_only=True)
class Stats:
    """Cheap statistics of one block, shared by features, metadata and rules."""

    words: int  # \w+ tokens, CJK characters counted two to a word
    latin: int
    stop_ratio: float
    title_ratio: float
    terminal: bool
    ellipsis: bool
    sentences: int
    digits: float
    commas: float
    bullet: bool
    all_caps: bool
    separators: int
    url: bool
    counter: bool
    date: bool
    byline: bool
    share: bool
    account: bool
    legal: bool
    nav: bool
    caption: bool
    quote: bool
    colon: bool
    comment_head: bool
    end_marker: bool


def _folds_like_ascii(text: str) -> bool:
    """Whether re.IGNORECASE matches ASCII words in `text` where they are in text.lower().

    The only non-ASCII characters it matches to ASCII letters are "İ", "ı", "ſ"
    and the Kelvin sign "K" (checked over all of Unicode in the tests).
    """
    return text.isascii() or _ASCII_FOLDS.search(text) is None


def _may_be_date(text: str, lowered: str, digits: int) -> bool:
    """False only where `_MONTH` cannot match: most blocks skip the regex.

    Every alternative of `_MONTH` needs a digit or one of three words.
    `digits` counts str.isdigit characters, which include every decimal digit.
    """
    if digits or not _folds_like_ascii(text):
        return True
    return "updated" in lowered or "published" in lowered or "posted" in lowered


def _may_be_comment_head(text: str, lowered: str, digits: int) -> bool:
    """False only where `_COMMENT_HEAD` cannot match (as `_may_be_date`).

    The alternatives with a colon need "said", "says", "wrote" or "writes",
    or a digit; the others need one of _COMMENT_WORD, or a digit and one of
    _COUNTED_WORD ("3 replies", "5 minutes ago", "12 likes").
    """
    if not _folds_like_ascii(text):
        return True
    if ":" in text and (digits or _SAYS.search(lowered) is not None):
        return True
    if _COMMENT_WORD.search(lowered) is not None:
        return True
    return digits > 0 and _COUNTED_WORD.search(lowered) is not None


def _ends_in(text: str, endings: tuple[str, ...], closers: str) -> bool:
    """Whether text ends in one of `endings` and then only `closers` ("(?:endings)[closers]*$").

    Read from the end instead of searching the whole block; like `$`, it
    allows one final line break.
    """
    if text.endswith("\n"):
        text = text[:-1]
    return text.rstrip(closers).endswith(endings)


def block_stats(text: str) -> Stats:
    """Statistics of one block's text."""
    tokens = _WORD.findall(text)
    if text.isascii():  # nine blocks in ten: the same counts by cheaper means
        cjk = 0
        latin = _ASCII_WORD.findall(text)
        digits = len(_ASCII_DIGIT.findall(text))
    else:
        cjk = len(_CJK.findall(text))
        latin = _LATIN_WORD.findall(text)
        digits = sum(map(str.isdigit, text))
    words = len(tokens) + (cjk // 2 if cjk > 3 else 0)
    lowered = text.lower()
    # The block's lower-cased words that are in some chrome vocabulary: usually none.
    vocabulary = _CHROME_WORDS.intersection(map(str.lower, tokens))
    if len(latin) >= 3:
        stop_ratio = sum(map(STOP_WORDS.__contains__, map(str.lower, latin))) / len(latin)
    else:
        stop_ratio = _NEUTRAL_STOP
    capitals = sum(map(str.isupper, map(itemgetter(0), latin)))
    # The text the phrase finders search: "" where no chrome phrase occurs.
    phrased = lowered if _ANY_CHROME_PHRASE.search(lowered) else ""
    title_ratio = capitals / len(latin) if latin else 0.0
    return Stats(
        words=words,
        latin=len(latin),
        stop_ratio=stop_ratio,
        title_ratio=title_ratio,
        terminal=_ends_in(text, _TERMINAL_ENDINGS, _TERMINAL_CLOSERS),
        ellipsis=_ends_in(text, _ELLIPSIS_ENDINGS, _ELLIPSIS_CLOSERS),
        sentences=len(_SENTENCE_BREAK.findall(text)) if _SENTENCE_MARK.search(text) else 0,
        digits=digits / len(text),
        commas=text.count(",") / max(words, 1),
        bullet=_BULLET.match(text) is not None,
        all_caps=text == text.upper() and text != lowered and len(text) >= 2,
        separators=len(_SEPARATORS.findall(text)),
        url=("@" in text or "http" in lowered or "www." in lowered)
        and _URL_OR_EMAIL.search(text) is not None,
        counter=words <= 3 and digits > 0 and _COUNTER.search(text) is not None,
        date=words <= 40
        and _may_be_date(text, lowered, digits)
        and _MONTH.search(text) is not None,
        byline=_BYLINE.match(text) is not None,
        share=_has(vocabulary, phrased, _SHARE_WORDS, _SHARE_FINDER),
        account=_has(vocabulary, phrased, _ACCOUNT_WORDS, _ACCOUNT_FINDER),
        legal=_has(vocabulary, phrased, _LEGAL_WORDS, _LEGAL_FINDER),
        nav=_has(vocabulary, phrased, _NAV_WORDS, _NAV_FINDER),
        caption=not vocabulary.isdisjoint(_CAPTION_WORDS)
        # Each alternative of _CAPTION_TAIL has a slash or a closing bracket.
        or (("/" in text or ")" in text) and _CAPTION_TAIL.search(text) is not None),
        quote=text[:1] in "\"“‘'«",
        colon=text.endswith(":"),
        comment_head=words <= 16
        and _may_be_comment_head(text, lowered, digits)
        and _COMMENT_HEAD.search(text) is not None,
        end_marker=words <= 5 and _END_MARKER.match(text) is not None,
    )


# --------------------------------------------------------------------------
# Feature vectors
# --------------------------------------------------------------------------

LOCAL_FEATURES: tuple[str, ...] = (
    "log_words",
    "short",
    "very_long",
    "terminal",
    "ellipsis",
    "log_sentences",
    "stop_ratio",
    "stop_ratio_x_long",
    "title_ratio",
    "title_x_no_terminal",
    "digits",
    "commas",
    "bullet",
    "all_caps",
    "separators",
    "url",
    "counter",
    "date_short",
    "byline",
    "share",
    "account",
    "legal",
    "nav_short",
    "nav_long",
    "caption",
    "quote",
    "colon",
    "blank_both",
    "blank_one",
    "indented",
    "repeated",
    "comment_head",
    "end_marker",
    "long_unpunctuated",
)


def is_prose(stats: Stats) -> bool:
    """A block that reads like an article sentence, whatever the page."""
    return stats.words >= 12 and stats.terminal and not stats.legal


def local_features(block: Block, stats: Stats, repeated: bool) -> list[float]:
    """The block's own features, in `LOCAL_FEATURES` order."""
    log_words = math.log1p(stats.words)
    short = stats.words < 6
    long = stats.words >= 15
    return [
        log_words,
        float(short),
        float(stats.words >= 60),
        float(stats.terminal),
        float(stats.ellipsis),
        math.log1p(stats.sentences),
        stats.stop_ratio,
        stats.stop_ratio * float(long),
        stats.title_ratio,
        stats.title_ratio * float(not stats.terminal),
        stats.digits,
        min(stats.commas, 1.0),
        float(stats.bullet),
        float(stats.all_caps),
        min(stats.separators, 5) / 5,
        float(stats.url),
        float(stats.counter),
        float(stats.date and stats.words <= 12),
        float(stats.byline and stats.words <= 10),
        float(stats.share),
        float(stats.account),
        float(stats.legal),
        float(stats.nav and stats.words <= 8),
        float(stats.nav and stats.words > 8),
        float(stats.caption),
        float(stats.quote),
        float(stats.colon),
        float(block.blank_before and block.blank_after),
        float(block.blank_before != block.blank_after),
        float(block.indented),
        float(repeated),
        float(stats.comment_head),
        float(stats.end_marker),
        float(stats.words >= 20 and stats.sentences == 0 and not stats.terminal),
    ]


CONTEXT_FEATURES: tuple[str, ...] = (
    "score",
    "prev_score",
    "next_score",
    "window3",
    "window10",
    "in_region",
    "before_region",
    "after_region",
    "log_gap",
    "body_before",
    "body_after",
    "short_run",
    "position",
    "comment_heads_before",
    "end_markers_before",
)


def repeated_flags(texts: list[str]) -> list[bool]:
    """Whether each block's text occurs more than once in the dump."""
    counts = Counter(texts)
    return [counts[t] > 1 for t in texts]


def short_runs(stats: list[Stats]) -> list[int]:
    """Length of the run of consecutive short, unpunctuated blocks each one is in.

    Menus and headline lists are such runs; a lone subhead is a run of one.
    """
    n = len(stats)
    runs = [0] * n
    i = 0
    while i < n:
        if stats[i].words < 10 and not stats[i].terminal:
            j = i
            while j < n and stats[j].words < 10 and not stats[j].terminal:
                j += 1
            for k in range(i, j):
                runs[k] = j - i
            i = j
        else:
            i += 1
    return runs


def main_region(scores: list[float], weights: list[int]) -> tuple[int, int]:
    """The contiguous run of blocks [start, end) with the most body evidence.

    Maximum-subarray over word-weighted (score - 0.5): prose blocks pull the
    region wider, chrome between them pushes back. This is the "densest run of
    prose" a reader sees as the article.
    """
    best = (0, 0)
    best_sum = 0.0
    start = 0
    running = 0.0
    for i, (score, weight) in enumerate(zip(scores, weights, strict=True)):
        running += (score - 0.5) * (1 + weight)
        if running <= 0:
            running = 0.0
            start = i + 1
        elif running > best_sum:
            best_sum = running
            best = (start, i + 1)
    return best


def context_features(scores: list[float], stats: list[Stats], runs: list[int]) -> list[list[float]]:
    """Features that relate each block to its neighbours and the main region."""
    n = len(scores)
    weights = [s.words for s in stats]
    start, end = main_region(scores, weights)
    weighted = [s * w for s, w in zip(scores, weights, strict=True)]
    total = sum(weighted) or 1.0
    prefix = [0.0]
    for value in weighted:
        prefix.append(prefix[-1] + value)
    plain = [0.0]
    for value in scores:
        plain.append(plain[-1] + value)
    rows: list[list[float]] = []
    heads = 0
    ends = 0
    for i in range(n):
        lo3, hi3 = max(0, i - 3), min(n, i + 4)
        lo10, hi10 = max(0, i - 10), min(n, i + 11)
        window3 = (plain[hi3] - plain[lo3] - scores[i]) / max(hi3 - lo3 - 1, 1)
        window10 = (plain[hi10] - plain[lo10] - scores[i]) / max(hi10 - lo10 - 1, 1)
        if i < start:
            gap = start - i
        elif i >= end:
            gap = i - end + 1
        else:
            gap = 0
        rows.append(
            [
                scores[i],
                scores[i - 1] if i > 0 else 0.0,
                scores[i + 1] if i + 1 < n else 0.0,
                window3,
                window10,
                float(start <= i < end),
                float(i < start),
                float(i >= end),
                math.log1p(gap),
                prefix[i] / total,
                (total - prefix[i + 1]) / total,
                math.log1p(runs[i]),
                i / max(n - 1, 1),
                math.log1p(heads),
                math.log1p(ends),
            ]
        )
        # Counted after the row: a marker itself is judged on its own features.
        heads += stats[i].comment_head
        ends += stats[i].end_marker
    return rows
