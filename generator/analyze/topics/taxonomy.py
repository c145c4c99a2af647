"""The topic taxonomy (`registry/topics.yml`): topics editors define and their matching rules.

A topic has an id, a plain-words name, a one-line description and rules:

- `any_of`: strong phrases; one of them in a sentence is a hit.
- `all_of`: a list of rules; each rule is a list of two or more groups of
  alternative phrases, and every group must occur in the same sentence
  ("troops" + "deploy" + "Ukraine"). Sentences, not paragraphs: words that
  co-occur in one sentence are about one thing far more often.
- `none_of`: phrases that veto every hit of the topic in a sentence containing
  one ("North Korean" keeps North Korea's deployment out of Western troops).
- `examples`: phrases the topic must match; checked on load, so an edit that
  breaks a rule fails the pull request instead of silently matching nothing.
- `within`: phrases of which one must occur somewhere in the article for the
  topic to be assigned at all: the wiki's subject ("Ukrain*"), so that a story
  about Israeli settlements does not land on the page about peace talks in
  Ukraine. Hits are still recorded, to explain the near miss.

Phrase syntax: words match whole words, case-insensitively; spaces and hyphens
between words match either ("long-range" = "long range"); `'` matches both
apostrophes; a trailing `*` on a word matches any ending ("deploy*":
deploy, deployed, deployment). `re:` starts a raw regular expression, still
case-insensitive and whole-word (`re:(?-i:US)` for a case-sensitive "US").

Loading validates the whole file and fails with one line naming the file and
the entry. The result carries compiled patterns and pickles, so it is built
once per run and passed to per-article workers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ...text.safe_regex import pattern_problem
from ...text.slugs import RESERVED_IDS
from ...text.yaml_file import read_yaml_document

_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC_KEYS = frozenset(
    {"id", "name", "description", "any_of", "all_of", "none_of", "examples", "within"}
)
_WORD_GAP = r"[\s\-‐‑–]+"
_APOSTROPHE = re.compile(r"['’]")
_WORD_RUN = re.compile(r"\w+")
# Text on which a pattern that can match nothing (a bare `*`, `re:x?`) shows it.
_EMPTY_PROBE = " Word, 12 - word. "
# An all_of rule with this many groups is as specific as a strong phrase.
STRONG_GROUPS = 3
# Bounds on what an editor can make every sentence pay for (CONTRIBUTING.md).
MAX_PHRASES = 20_000  # in the whole file; topics.yml has about 700
MAX_GROUP_PHRASES = 500  # in one group (any_of is one group per phrase)
MAX_GROUPS = 8  # in one all_of rule
MAX_PHRASE_CHARS = 200


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message is one line naming file and entry."""

    def __init__(self, message: str, *, phrase: str | None = None) -> None:
        super().__init__(message)
        self.phrase = phrase  # the phrase at fault, to find its line in the file


@dataclass(slots=True, kw_only=True, frozen=True)
class Group:
    """Alternative phrases, any one of which satisfies the group."""

    phrases: tuple[str, ...]
    pattern: re.Pattern[str]
    # A cheap screen before the regex: a phrase can only match where its first
    # word is one of the paragraph's words (or starts one, for `word*`).
    first_words: frozenset[str] = frozenset()
    first_prefixes: tuple[str, ...] = ()
    unscreened: bool = False  # a `re:` phrase: always run the regex

    def may_match(self, words: Vocabulary) -> bool:
        """False only when no phrase can match the text these words were read from."""
        return (
            self.unscreened
            or not self.first_words.isdisjoint(words.words)
            or any(words.has_prefix(p) for p in self.first_prefixes)
        )


@dataclass(slots=True, frozen=True)
class Vocabulary:
    """The lowercased \\w+ words of a text, for Group.may_match."""

    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        return cls(words=frozenset(_WORD_RUN.findall(text.lower())))

    def has_prefix(self, prefix: str) -> bool:
        # The definition; RuleScreen.possible answers it for all prefixes at once.
        return any(word.startswith(prefix) for word in self.words)


@dataclass(slots=True, kw_only=True, frozen=True)
class Rule:
    """One way a sentence can be about a topic: every group must match in it."""

    label: str  # how hits name the rule: 'any_of "peace talks"', 'all_of #1 (troop* & deploy*)'
    groups: tuple[Group, ...]
    strong: bool  # an any_of phrase or an all_of rule of STRONG_GROUPS or more groups


@dataclass(slots=True, kw_only=True, frozen=True)
class TopicRules:
    id: str
    name: str
    description: str
    rules: tuple[Rule, ...]
    exclude: re.Pattern[str] | None = None
    exclude_phrases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    within: re.Pattern[str] | None = None
    within_phrases: tuple[str, ...] = ()

    def phrases(self) -> tuple[str, ...]:
        """Every phrase of every rule, for coverage checks."""
        return tuple(p for rule in self.rules for group in rule.groups for p in group.phrases)


@dataclass(slots=True, kw_only=True, frozen=True)
class RuleScreen:
    """Which rules may match a text, from its words: `Group.may_match` for all rules at once.

    Rules are numbered in taxonomy order (topic by topic, rule by rule) and
    groups likewise; a rule may match when each of its groups may. Instead of
    asking every group, the text's words are looked up in an index of the
    groups' first words, so the cost is the text's length, not the taxonomy's.
    """

    by_word: Mapping[str, tuple[int, ...]]  # first word -> groups
    by_prefix: Mapping[str, tuple[int, ...]]  # first-word prefix (`word*`) -> groups
    prefix_lengths: tuple[int, ...]  # the lengths of the keys of by_prefix
    # Their first head_length letters: a word starting otherwise has none of them.
    prefix_heads: frozenset[str]
    head_length: int
    always: tuple[int, ...]  # groups with a `re:` phrase: never screened out
    rules_of: tuple[tuple[int, ...], ...]  # group -> the rules it is in
    groups_in: tuple[int, ...]  # rule -> number of distinct groups
    topic_rules: tuple[tuple[int, ...], ...]  # topic -> its rules

    @classmethod
    def of(cls, topics: Sequence[TopicRules]) -> RuleScreen:
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        always: list[int] = []
        rules_of: list[list[int]] = []
        groups_in: list[int] = []
        topic_rules: list[tuple[int, ...]] = []
        for topic in topics:
            numbers: list[int] = []
            for rule in topic.rules:
                number = len(groups_in)
                numbers.append(number)
                groups_in.append(len(rule.groups))
                for group in rule.groups:
                    key = len(rules_of)
                    rules_of.append([number])
                    if group.unscreened:
                        always.append(key)
                    for word in sorted(group.first_words):
                        by_word.setdefault(word, []).append(key)
                    for prefix in group.first_prefixes:
                        by_prefix.setdefault(prefix, []).append(key)
            topic_rules.append(tuple(numbers))
        head_length = min(map(len, by_prefix), default=0)
        return cls(
            by_word={word: tuple(keys) for word, keys in by_word.items()},
            by_prefix={prefix: tuple(keys) for prefix, keys in by_prefix.items()},
            prefix_lengths=tuple(sorted({len(prefix) for prefix in by_prefix})),
            prefix_heads=frozenset(prefix[:head_length] for prefix in by_prefix),
            head_length=head_length,
            always=tuple(always),
            rules_of=tuple(tuple(r) for r in rules_of),
            groups_in=tuple(groups_in),
            topic_rules=tuple(topic_rules),
        )

    def possible(self, words: Vocabulary) -> frozenset[int]:
        """Numbers of the rules whose every group may match text with these words."""
        groups = set(self.always)
        for word in words.words:
            keys = self.by_word.get(word)
            if keys:
                groups.update(keys)
            if word[: self.head_length] in self.prefix_heads:
                # word[:n] is always a prefix of word, and a word with prefix p
                # has word[:len(p)] == p: so these lookups find exactly its prefixes.
                for length in self.prefix_lengths:
                    keys = self.by_prefix.get(word[:length])
                    if keys:
                        groups.update(keys)
        met: dict[int, int] = {}
        for key in groups:
            for rule in self.rules_of[key]:
                met[rule] = met.get(rule, 0) + 1
        return frozenset(rule for rule, count in met.items() if count == self.groups_in[rule])


@dataclass(slots=True, kw_only=True, frozen=True)
class Taxonomy:
    source: str
    topics: tuple[TopicRules, ...]  # file order: the order pages and exports list them
    screen: RuleScreen | None = field(default=None, compare=False)  # built on load

    def topic(self, topic_id: str) -> TopicRules | None:
        return next((t for t in self.topics if t.id == topic_id), None)


def phrase_regex(phrase: str) -> str:
    """The regular expression (without word boundaries) for one taxonomy phrase."""
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:]})"
    parts: list[str] = []
    for word in re.split(_WORD_GAP, phrase.strip()):
        stem = word.rstrip("*")
        if not stem:
            continue
        literal = _APOSTROPHE.sub(lambda _: "['’]", re.escape(stem))
        parts.append(literal + (r"\w*" if word.endswith("*") else ""))
    return _WORD_GAP.join(parts)


def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive, whole-word alternation; longest first so the longest wins."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    body = "|".join(phrase_regex(p) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and validate a topics.yml; TaxonomyError names the file, the line and the entry."""
    document = read_yaml_document(path, TaxonomyError)
    try:
        return taxonomy_from_data(document.data, source=str(path))
    except TaxonomyError as exc:
        line = document.value_lines.get(exc.phrase) if exc.phrase is not None else None
        if line is None:
            raise
        message = str(exc).removeprefix(f"{path}: ")
        raise TaxonomyError(f"{path}: line {line}: {message}", phrase=exc.phrase) from None


def taxonomy_from_data(data: object, *, source: str) -> Taxonomy:
    if not isinstance(data, dict) or set(map(str, data)) != {"topics"}:
        raise TaxonomyError(f"{source}: expected a mapping with one key, 'topics'")
    entries = data["topics"]
    if not isinstance(entries, list) or not entries:
        raise TaxonomyError(f"{source}: 'topics' must be a non-empty list")
    # Every phrase is compiled and tried on every sentence: bound the total
    # before any work (the file's own size limit bounds the walk).
    phrases = _count_texts(entries)
    if phrases > MAX_PHRASES:
        raise TaxonomyError(f"{source}: {phrases:,} phrases, over the limit of {MAX_PHRASES:,}")
    topics: list[TopicRules] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        topic = _parse_topic(entry, f"{source}: topic #{number}")
        if topic.id in seen:
            raise TaxonomyError(f"{source}: topic #{number} '{topic.id}': id is used twice")
        seen.add(topic.id)
        topics.append(topic)
    return Taxonomy(source=source, topics=tuple(topics), screen=RuleScreen.of(topics))


def _parse_topic(entry: object, where: str) -> TopicRules:
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where}: expected a mapping with id, name, description and rules")
    raw = cast(dict[object, object], entry)
    if isinstance(raw.get("id"), str):
        where = f"{where} '{raw['id']}'"
    unknown = sorted(str(k) for k in raw if k not in _TOPIC_KEYS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown key '{unknown[0]}'")
    topic_id = raw.get("id")
    if not isinstance(topic_id, str) or not _SAFE_ID.fullmatch(topic_id):
        raise TaxonomyError(f"{where}: id must be lowercase letters, digits and hyphens")
    if topic_id in RESERVED_IDS:
        raise TaxonomyError(f"{where}: id '{topic_id}' is reserved for the topics index page")
    name = _one_line(raw.get("name"), f"{where}: name")
    description = _one_line(raw.get("description"), f"{where}: description")

    rules: list[Rule] = []
    for phrase in _phrases(raw.get("any_of"), f"{where}: any_of"):
        group = _group((phrase,), f"{where}: any_of")
        rules.append(Rule(label=f'any_of "{phrase}"', groups=(group,), strong=True))
    raw_all = raw.get("all_of") or []
    if not isinstance(raw_all, list):
        raise TaxonomyError(f"{where}: all_of must be a list of rules")
    for number, raw_rule in enumerate(raw_all, 1):
        rules.append(_all_of_rule(raw_rule, f"{where}: all_of #{number}", number))
    if not rules:
        raise TaxonomyError(f"{where}: needs at least one rule (any_of or all_of)")

    excluded = _phrases(raw.get("none_of"), f"{where}: none_of")
    exclude = _group(excluded, f"{where}: none_of").pattern if excluded else None
    scope = _phrases(raw.get("within"), f"{where}: within")
    topic = TopicRules(
        id=topic_id,
        name=name,
        description=description,
        rules=tuple(rules),
        exclude=exclude,
        exclude_phrases=excluded,
        examples=_phrases(raw.get("examples"), f"{where}: examples"),
        within=_group(scope, f"{where}: within").pattern if scope else None,
        within_phrases=scope,
    )
    for example in topic.examples:
        if not any(rule_matches(rule, example) for rule in topic.rules):
            raise TaxonomyError(f"{where}: example '{example}' is matched by none of its rules")
        if exclude is not None and exclude.search(example):
            raise TaxonomyError(f"{where}: example '{example}' is vetoed by its none_of")
    return topic


def rule_matches(rule: Rule, text: str) -> bool:
    return all(group.pattern.search(text) for group in rule.groups)


def _all_of_rule(raw_rule: object, where: str, number: int) -> Rule:
    if not isinstance(raw_rule, list) or len(raw_rule) < 2:
        raise TaxonomyError(
            f"{where}: needs a list of at least two groups of phrases (use any_of for one phrase)"
        )
    if len(raw_rule) > MAX_GROUPS:
        raise TaxonomyError(f"{where}: {len(raw_rule)} groups, over {MAX_GROUPS}")
    groups = tuple(
        _group(_phrases(raw_group, f"{where} group {n}", required=True), f"{where} group {n}")
        for n, raw_group in enumerate(raw_rule, 1)
    )
    heads = " & ".join(group.phrases[0] for group in groups)
    return Rule(
        label=f"all_of #{number} ({heads})", groups=groups, strong=len(groups) >= STRONG_GROUPS
    )


def _count_texts(value: object) -> int:
    if isinstance(value, str):
        return 1
    if isinstance(value, dict):
        return sum(_count_texts(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_texts(v) for v in value)
    return 0


def _group(phrases: tuple[str, ...], where: str) -> Group:
    if len(phrases) > MAX_GROUP_PHRASES:
        raise TaxonomyError(
            f"{where}: {len(phrases)} phrases in one group, over {MAX_GROUP_PHRASES}",
            phrase=phrases[0],
        )
    for phrase in phrases:
        if len(phrase) > MAX_PHRASE_CHARS:
            raise TaxonomyError(
                f"{where}: a phrase of {len(phrase):,} characters, over {MAX_PHRASE_CHARS}",
                phrase=phrase,
            )
        if phrase.startswith("re:"):
            problem = pattern_problem(phrase[3:])
            # An invalid expression is reported by the compile below, with re's reason.
            if problem is not None and not problem.startswith("not a valid expression"):
                raise TaxonomyError(f"{where}: '{phrase}' is refused: {problem}", phrase=phrase)
        try:
            single = compile_phrases((phrase,))
        except re.error as exc:
            raise TaxonomyError(
                f"{where}: '{phrase}' is not a valid expression ({exc})", phrase=phrase
            ) from None
        if any(m.end() == m.start() for m in single.finditer(_EMPTY_PROBE)):
            raise TaxonomyError(f"{where}: '{phrase}' would match empty text", phrase=phrase)
    words: set[str] = set()
    prefixes: set[str] = set()
    unscreened = False
    for phrase in phrases:
        first = re.split(_WORD_GAP, phrase.strip())[0]
        runs = _WORD_RUN.findall(first)
        if phrase.startswith("re:") or not runs or not re.match(r"\w", first):
            unscreened = True
        elif len(runs) == 1 and first.endswith("*"):
            prefixes.add(runs[0].lower())
        else:
            words.add(runs[0].lower())
    return Group(
        phrases=phrases,
        pattern=compile_phrases(phrases),
        first_words=frozenset(words),
        first_prefixes=tuple(sorted(prefixes)),
        unscreened=unscreened,
    )


def _phrases(value: object, where: str, *, required: bool = False) -> tuple[str, ...]:
    """A phrase or a list of phrases; each non-empty text."""
    if value is None and not required:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or (required and not items):
        raise TaxonomyError(f"{where}: expected a phrase or a list of phrases")
    phrases: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise TaxonomyError(f"{where}: every phrase must be non-empty text, got {item!r}")
        phrases.append(item.strip())
    return tuple(phrases)


def _one_line(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where} is missing")
    if "\n" in value.strip():
        raise TaxonomyError(f"{where} must be one line")
    return value.strip()
