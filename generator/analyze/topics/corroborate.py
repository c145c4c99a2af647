"""Figures several sources agree on, and figures they report differently, within a topic.

A claim is a number with what it counts: "4,000" + North Korean troops +
killed. Claims are read only from a topic's cited paragraphs (the passages
that made the articles about the topic), and grouped by (subject, measure,
period). Within a group, one value reported by two or more articles is
*corroborated*; two or more values are *differing figures*, shown side by side
with their citations for the reader to weigh.

Precision first, because a wrong "corroborated" is worse than a missing one:

- only digits count ("4,000", "1.5 million"); percentages and years do not;
- the subject must be a known kind of person (troops, civilians, people)
  with a nationality or "civilian" to tell whose, read from the words next
  to the number ("4,000 North Korean soldiers", "civilian deaths ... reached
  574") or, for "has lost 4,000 troops", the nearest country named before it
  in the sentence; a claim without both is dropped;
- the measure (killed, wounded, captured, deployed) must be stated by the
  noun ("deaths") or by a verb next to it ("lost their lives"); "casualties"
  counts as killed, since reports use the words interchangeably;
- a figure for a period ("from September to November", "last week") is only
  compared with figures for the same period as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...model.analysis import (
    ArticleTopics,
    Claim,
    CorroboratedClaim,
    Corroboration,
    DifferingFigures,
)
from ...model.records import Article
from .assign import cited_paragraphs, sentence_spans, word_set

_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion))?(?![\w%]|[.,]\d|\s*(?:%|percent|per cent))",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_HEDGE = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|over|more than|at least|"
    r"at most|up to|fewer than|less than|under|an estimated|exceeded|surpassed|topped|"
    r"reached|rose to|climbed to|stood at|stands at|totaled|totalled|estimated at|"
    r"estimated to be(?: around| about| approximately)?)"
)
_HEDGE_BEFORE = re.compile(rf"(?<!\w){_HEDGE}\s+$", re.IGNORECASE)
# Verbs that make "<subject> ... VERB 574" state the subject's count.
_LINK_BEFORE = re.compile(
    r"(?<!\w)(?:exceeded|surpassed|topped|reached|rose to|climbed to|stood at|stands at|"
    r"totall?ed|estimated(?: to be| at)?)\s+(?:(?:around|about|approximately|nearly|some)\s+)?$",
    re.IGNORECASE,
)

# Head nouns: who is counted, or what happened to them.
_PEOPLE = {
    "troops": "troops", "soldiers": "troops", "fighters": "troops", "servicemen": "troops",
    "personnel": "troops", "civilians": "civilians", "people": "people",
    "residents": "people", "children": "children",
}  # fmt: skip
_MEASURE_NOUNS = {
    "deaths": "killed", "fatalities": "killed", "casualties": "killed", "dead": "killed",
    "injuries": "wounded", "wounded": "wounded", "injured": "wounded",
    "prisoners": "captured", "captives": "captured", "pows": "captured",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][\w’'.\-]*")
_POSSESSIVE = re.compile(r"[’']s$")
_MODIFIER_STOPS = word_set(
    "a an the of in on at to for from by with and or as have has had were was are is be been "
    "their its his her our your this that these those who which than more some"
)
_QUALIFIERS = (
    (re.compile(r"(?<!\w)(?:north korea\w*|dprk|pyongyang)(?!\w)", re.I), "North Korean"),
    (re.compile(r"(?<!\w)(?:russia\w*|moscow)(?!\w)", re.I), "Russian"),
    (re.compile(r"(?<!\w)(?:ukrain\w*|kyiv)(?!\w)", re.I), "Ukrainian"),
    (re.compile(r"(?<!\w)civilians?(?!\w)", re.I), "civilian"),
)
_MEASURE_VERBS = (
    (re.compile(r"(?<!\w)(?:lost (?:\w+ )?lives|lost|killed|died|perished)(?!\w)", re.I),
     "killed"),
    (re.compile(r"(?<!\w)(?:wounded|injured)(?!\w)", re.I), "wounded"),
    (re.compile(r"(?<!\w)(?:captured|taken prisoner|surrendered)(?!\w)", re.I), "captured"),
    (re.compile(r"(?<!\w)(?:presence|deployed|deployment|sent|stationed|estimated)(?!\w)", re.I),
     "deployed"),
)  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_PERIOD = re.compile(
    rf"(?<!\w)(?:(?:from|between) {_MONTH}(?: \d{{4}})? (?:to|and|through) {_MONTH}"
    r"|in (?:" + _MONTH + r")|(?:last|this|past|previous) (?:week|month|day|24 hours)"
    r"|(?:per|a|each) (?:day|week|month)|daily|weekly|monthly|overnight|on (?:Mon|Tues|Wednes|"
    r"Thurs|Fri|Satur|Sun)day)(?!\w)",
)
CONTEXT_CHARS = 40  # how far from the number and its noun a measure verb may be
MAX_BACK_WORDS = 12  # "<subject> in Ukraine from September to November last year reached 574"


def extract_claims(article_id: str, paragraph: int, text: str) -> list[Claim]:
    """Every number claim in a paragraph whose subject and measure are clear."""
    claims: list[Claim] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for number in _NUMBER.finditer(sentence):
            claim = _claim(sentence, number)
            if claim is not None:
                subject, measure, value = claim
                hedge = _HEDGE_BEFORE.search(sentence, 0, number.start())
                figure = sentence[hedge.start() if hedge else number.start() : number.end()]
                period = _PERIOD.search(sentence)
                claims.append(
                    Claim(
                        article_id=article_id,
                        paragraph=paragraph,
                        value=value,
                        figure=figure,
                        subject=subject,
                        measure=measure,
                        period=period.group() if period else "",
                        sentence=sentence,
                    )
                )
    return claims


@dataclass(slots=True, frozen=True)
class _Head:
    start: int
    end: int
    word: str  # casefolded: a key of _PEOPLE or _MEASURE_NOUNS
    modifiers: str  # the words before it in its noun phrase ("North Korean")
    after: bool  # the noun follows the number ("4,000 troops"), not precedes it


def _claim(sentence: str, number: re.Match[str]) -> tuple[str, str, float] | None:
    digits = number.group("num")
    if "," not in digits and "." not in digits and 1900 <= int(digits) <= 2100:
        return None  # a year
    value = float(digits.replace(",", "")) * _SCALE.get((number.group("scale") or "").lower(), 1)
    head = _head_after(sentence, number.end()) or _head_before(sentence, number.start())
    if head is None:
        return None
    qualifier = _qualifier(head.modifiers)
    if qualifier is None and head.after and head.word in _PEOPLE:
        # "North Korea ... has lost 4,000 troops": whose troops is named before.
        qualifier = _nearest_qualifier(sentence[: number.start()])
    if head.word in _MEASURE_NOUNS:
        measure: str | None = _MEASURE_NOUNS[head.word]
        kind = "people"
    else:
        kind = _PEOPLE[head.word]
        lo = max(0, min(head.start, number.start()) - CONTEXT_CHARS)
        hi = min(len(sentence), max(head.end, number.end()) + CONTEXT_CHARS)
        measure = next((m for verb, m in _MEASURE_VERBS if verb.search(sentence, lo, hi)), None)
    if measure is None or (qualifier is None and kind != "civilians"):
        return None
    if kind == "civilians" or qualifier == "civilian":
        return "civilians", measure, value
    return f"{qualifier} {kind}", measure, value


def _token(word: re.Match[str]) -> str:
    return _POSSESSIVE.sub("", word.group().rstrip(".’'-"))


def _head_after(sentence: str, pos: int) -> _Head | None:
    """The head noun within three plain words after the number, and the words before it."""
    words: list[str] = []
    for word in _WORD.finditer(sentence, pos):
        if sentence[pos : word.start()].strip():  # punctuation: the noun phrase ended
            return None
        token = _token(word)
        folded = token.casefold()
        if folded in _PEOPLE or folded in _MEASURE_NOUNS:
            end = word.start() + len(token)
            return _Head(start=word.start(), end=end, word=folded, modifiers=" ".join(words),
                         after=True)  # fmt: skip
        if folded in _MODIFIER_STOPS or len(words) == 3:
            return None
        words.append(token)
        pos = word.end()
    return None


def _head_before(sentence: str, pos: int) -> _Head | None:
    """For "<subject> ... exceeded 10,000": the nearest head noun before the linking verb."""
    if _LINK_BEFORE.search(sentence, 0, pos) is None:
        return None
    words = list(_WORD.finditer(sentence, 0, pos))
    for index in range(len(words) - 1, max(-1, len(words) - 2 - MAX_BACK_WORDS), -1):
        token = _token(words[index])
        folded = token.casefold()
        if folded not in _PEOPLE and folded not in _MEASURE_NOUNS:
            continue
        modifiers: list[str] = []
        for before in reversed(words[max(0, index - 3) : index]):
            if _token(before).casefold() in _MODIFIER_STOPS:
                break
            modifiers.insert(0, _token(before))
        start = words[index].start()
        return _Head(start=start, end=start + len(token), word=folded,
                     modifiers=" ".join(modifiers), after=False)  # fmt: skip
    return None


def _qualifier(text: str) -> str | None:
    return next((label for pattern, label in _QUALIFIERS if pattern.search(text)), None)


def _nearest_qualifier(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, label in _QUALIFIERS:
        for match in pattern.finditer(text):
            if best is None or match.start() > best[0]:
                best = (match.start(), label)
    return best[1] if best else None


def corroborate_claims(claims: Sequence[Claim]) -> Corroboration:
    """Group claims by (subject, measure, period); report agreement and disagreement."""
    groups: dict[tuple[str, str, str], dict[float, list[Claim]]] = {}
    reported: set[tuple[str, str, str, float, str, int]] = set()
    for claim in claims:
        by_value = groups.setdefault((claim.subject, claim.measure, claim.period), {})
        same = by_value.setdefault(claim.value, [])
        # One citation per paragraph and value: a repeated sentence is not a second report.
        # (A set, not a scan of `same`: thousands of articles can give the same figure.)
        where = (claim.subject, claim.measure, claim.period, claim.value, claim.article_id,
                 claim.paragraph)  # fmt: skip
        if where not in reported:
            reported.add(where)
            same.append(claim)
    result = Corroboration()
    for key in sorted(groups):
        by_value = groups[key]
        label = next(iter(by_value.values()))[0].label
        for value in sorted(by_value):
            cited = _cited_order(by_value[value])
            if len({c.article_id for c in cited}) >= 2:
                result.corroborated.append(
                    CorroboratedClaim(label=label, figure=_plain_figure(cited), claims=cited)
                )
        if len(by_value) >= 2:
            result.differing.append(
                DifferingFigures(
                    label=label,
                    figures=[(_plain_figure(by_value[v]), _cited_order(by_value[v]))
                             for v in sorted(by_value)],
                )
            )  # fmt: skip
    result.corroborated.sort(key=lambda c: (-c.sources, c.label, c.claims[0].value))
    return result


def topic_corroboration(
    topic_id: str,
    assignments: Mapping[str, ArticleTopics],
    articles: Mapping[str, Article],
) -> Corroboration:
    """Claims from the topic's cited paragraphs, corroborated and compared."""
    claims: list[Claim] = []
    for article_id, paragraphs in cited_paragraphs(topic_id, assignments).items():
        article = articles.get(article_id)
        if article is None:
            continue
        for index in sorted(paragraphs):
            if 0 <= index < len(article.paragraphs):
                claims.extend(extract_claims(article_id, index, article.paragraphs[index]))
    return corroborate_claims(claims)


def _cited_order(claims: Sequence[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.article_id, c.paragraph, c.figure))


def _plain_figure(claims: Sequence[Claim]) -> str:
    """The number as written ("4,000"), without the hedge words of any one report."""
    numbers = sorted(m.group() for c in claims if (m := _NUMBER.search(c.figure)))
    return max(numbers, key=numbers.count) if numbers else claims[0].figure
