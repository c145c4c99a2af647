"""Per-article actor extraction: registry spellings, role-introduced names, role phrases.

`extract_actors` is a pure function of one article and the registry, so the
pipeline can cache and parallelise it. It trusts a name only when the text
says who it is (a title or role next to it, "Name (ABBR)") or the registry
knows it; anything else it noticed goes to `candidates` for an editor.

Ids of actors the registry does not know are provisional slugs of the name as
written here; `merge_actors` (re-exported below) settles identity across articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..records import ActorType, Article
from ..slugs import RESERVED_IDS, slugify
from .actor_merge import merge_actors
from .actor_registry import ActorRegistry, SurfaceKind
from .actor_rules import (
    CAPITALISED_HEADS,
    CAPITALISED_RUN,
    DOMAIN_WORDS,
    HONORIFICS,
    LEADER_HEADS,
    LOWER_MODIFIERS,
    MEDIA_ROLES,
    NAME_SUFFIXES,
    NAME_THEN_ACRONYM,
    NAME_THEN_ROLE,
    NAME_TOKEN,
    ORG_HEADS,
    ORG_THEN_ROLE,
    PARTICLES,
    PERSON_HEAD_AT_WORD,
    PERSON_HEADS,
    REPORTING_VERBS,
    ROLE_COMMA_NAME,
    ROLE_PHRASE,
    ROLE_SUFFIX,
    ROLE_THEN_NAME,
    ROLE_THEN_ORG,
    STOP_WORDS,
    SUBJECT_SUFFIXES,
    THING_HEADS,
    caption_credit_spans,
    clean_role,
    is_headline,
    surname_of,
)
from .model import ArticleActors, Mention

__all__ = ["extract_actors", "merge_actors"]

# Span ranks: at equal length the lower rank wins (a registry spelling beats a
# discovered name, which beats a role phrase).
_BLOCK, _REGISTRY, _DISCOVERED, _SECOND_PASS = 0, 1, 2, 3

_NAME_TOKEN_RE = re.compile(NAME_TOKEN)
_TOKEN = re.compile(r"\S+")
_HEAD_WORDS = frozenset(
    {h.lower() for h in PERSON_HEADS}
    | {h.lower() for h in CAPITALISED_HEADS}
    | {w.lower() for h in PERSON_HEADS for w in h.split()}
    | set(LOWER_MODIFIERS)
)
_CONNECTORS = ("of", "for", "on", "the")


@dataclass(slots=True, frozen=True)
class _Span:
    paragraph: int
    start: int
    end: int
    actor_id: str  # "" for text that is never an actor (credits, weapons)
    rank: int


@dataclass(slots=True, kw_only=True)
class _Paragraph:
    index: int
    text: str
    prose: bool  # False for headlines and chrome: no discovery there
    # Its capitalised runs of two or more words (`_capitalised_runs`), read once
    # for the two passes that look at them; empty for a paragraph that is not prose.
    runs: list[list[tuple[str, int, int]]]


@dataclass(slots=True, kw_only=True)
class _State:
    registry: ActorRegistry
    author_words: frozenset[str]
    author: str
    spans: list[_Span] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    candidates: dict[tuple[str, str], None] = field(default_factory=dict)
    # Discovered actors: provisional id -> (name, type).
    found: dict[str, tuple[str, ActorType]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # "UDCG" -> actor id
    # A single word with a role ("Minister Pistorius"): paragraph, start, end, role.
    lone_names: list[tuple[int, int, int, str]] = field(default_factory=list)

    def bind_role(self, actor_id: str, role: str) -> None:
        if role:
            roles = self.roles.setdefault(actor_id, [])
            if role not in roles:
                roles.append(role)

    def candidate(self, name: str, reason: str) -> None:
        self.candidates.setdefault((name, reason), None)

    def is_author(self, name: str) -> bool:
        words = set(name.split())
        return bool(self.author_words) and (name == self.author or words <= self.author_words)


def extract_actors(article: Article, registry: ActorRegistry) -> ArticleActors:
    """Actors mentioned in one article, with paragraph offsets, roles and candidates."""
    author = " ".join((article.author or "").removeprefix("By ").split())
    state = _State(
        registry=registry,
        author=author,
        author_words=frozenset(w for w in author.split() if w[:1].isupper()),
    )
    views: list[_Paragraph] = []
    for index, text in enumerate(article.paragraphs):
        if author and " ".join(text.split()).removeprefix("By ") == author:
            continue  # a byline paragraph names the writer, not an actor
        prose = not is_headline(text)
        runs = list(_capitalised_runs(text)) if prose else []
        views.append(_Paragraph(index=index, text=text, prose=prose, runs=runs))
    for view in views:
        for start, end in caption_credit_spans(view.text):
            state.spans.append(_Span(view.index, start, end, "", _BLOCK))
        _registry_spans(view, state)
        if view.prose:
            _discover_people(view, state)
            _discover_organisations(view, state)
    accepted = _resolve(state.spans, [])
    # Role phrases ("the Ukrainian leader") point at someone already found; they
    # outrank the demonym inside them, so resolve again with them included.
    present = {s.actor_id for s in accepted if s.actor_id}
    for view in views:
        state.spans += _role_phrase_spans(view, state, present)
    accepted = _resolve(state.spans, [])
    accepted = _resolve(_second_pass(views, state, accepted), accepted)
    for view in views:
        if view.prose:
            _name_candidates(view, state, accepted)
    mentions = [
        Mention(
            actor_id=s.actor_id,
            paragraph=s.paragraph,
            start=s.start,
            end=s.end,
            surface=article.paragraphs[s.paragraph][s.start : s.end],
        )
        for s in sorted(accepted, key=lambda s: (s.paragraph, s.start, s.end))
        if s.actor_id
    ]
    present = {m.actor_id for m in mentions}
    return ArticleActors(
        article_id=article.id,
        mentions=mentions,
        roles={k: v for k, v in sorted(state.roles.items()) if k in present},
        candidates=list(state.candidates),
    )


_NAME_JOINER = re.compile(r"(?:[A-Z][\w’'-]*,?\s+(?:and|of|on|for|&)\s+|[A-Z][\w’'-]*,\s+)$")


def _continues_a_name(text: str, start: int) -> bool:
    """Whether capitalised words joined by "and"/"of"/"on"/a comma run up to `start`."""
    return _NAME_JOINER.search(text, max(0, start - 60), start) is not None


# --- first pass: registry spellings and role-introduced names -------------------


def _registry_spans(view: _Paragraph, state: _State) -> None:
    pattern = state.registry.surface_pattern
    if pattern is None:
        return
    for match in pattern.finditer(view.text):
        surface = match.group()
        actor_id, kind = state.registry.surfaces[surface]
        if kind == SurfaceKind.NEVER:
            state.spans.append(_Span(view.index, *match.span(), "", _BLOCK))
            continue
        actor = state.registry.by_id[actor_id]
        if actor.type == "person" and state.is_author(surface):
            continue
        if kind == SurfaceKind.NAME and " " not in surface and actor.type != "organization":
            # "Jill Biden" is not Biden; "Trump Tower" and "Vietnam War" are no actors.
            glued_before = actor.type == "person" and _name_word_before(view.text, match.start())
            glued_after = view.prose and _name_word_after(view.text, match.end(), state)
            if glued_before or glued_after:
                continue
        state.spans.append(_Span(view.index, *match.span(), actor_id, _REGISTRY))


def _discover_people(view: _Paragraph, state: _State) -> None:
    text = view.text
    if not PERSON_HEAD_AT_WORD.search(text):
        return  # each pattern below matches only around such a head
    role_matches = [*ROLE_THEN_NAME.finditer(text), *ROLE_COMMA_NAME.finditer(text)]
    for match in role_matches:
        role = match.group("role")
        tokens = _tokens(text, match.start("run"), match.end("run"))
        if role.split()[-1] in _CONNECTORS:
            # "Commissioner for Human Rights Nada Al-Nashif": the subject words
            # belong to the role, the name is what follows them.
            moved = 0
            while moved < len(tokens) and _is_subject_word(tokens[moved][0], state):
                moved += 1
            if moved == 0:
                continue  # "spokesman for Zelensky": the run is the employer
            role = f"{role} {text[tokens[0][1] : tokens[moved - 1][2]]}"
            tokens = tokens[moved:]
        name_tokens = _name_tokens(tokens, state)
        if name_tokens is None:
            continue
        start, end = name_tokens[0][1], name_tokens[-1][2]
        suffix = ROLE_SUFFIX.match(text, end)
        if suffix and _names_non_person(suffix.group("suffix"), state):
            role = f"{role} {suffix.group('suffix')}"
        _add_person(view, start, end, _role_description(role), state)
    for match in NAME_THEN_ROLE.finditer(text):
        tokens = _tokens(text, match.start("run"), match.end("run"))
        while tokens and tokens[0][0] in STOP_WORDS:
            tokens = tokens[1:]
        name_tokens = _name_tokens(tokens, state)
        if name_tokens is None or len(name_tokens) < 2:
            continue
        start, end = name_tokens[0][1], name_tokens[-1][2]
        _add_person(view, start, end, _role_description(match.group("role")), state)


def _discover_organisations(view: _Paragraph, state: _State) -> None:
    text = view.text
    # Both patterns match only text containing a media role verbatim.
    media = any(role in text for role in MEDIA_ROLES)
    for pattern in (ORG_THEN_ROLE, ROLE_THEN_ORG) if media else ():
        for match in pattern.finditer(text):
            tokens = _tokens(text, match.start("run"), match.end("run"))
            while tokens and tokens[0][0] in STOP_WORDS:
                tokens = tokens[1:]
            if not tokens or any(_is_known_word(t[0], state) for t in tokens):
                continue
            start, end = tokens[0][1], tokens[-1][2]
            if pattern is ORG_THEN_ROLE and _continues_a_name(text, start):
                # "Council on Energy, Environment and Water think tank": the run
                # is only the tail of a longer name; half a name is no page.
                state.candidate(text[start:end], "tail of a longer name")
                continue
            _add_found(view, start, end, "organization", match.group("role"), state)
    if "(" not in text:
        return  # NAME_THEN_ACRONYM needs the bracket around the acronym
    for match in NAME_THEN_ACRONYM.finditer(text):
        abbr = match.group("abbr")
        tokens = _tokens(text, match.start("run"), match.end("run"))
        # "Members of the Black Sea Grain Group (BSGG)": the longest tail whose
        # initials spell the acronym is the name.
        while tokens and not (
            tokens[0][0][:1].isupper()
            and tokens[0][0] not in STOP_WORDS
            and _abbreviates(abbr, [t[0] for t in tokens])
        ):
            tokens = tokens[1:]
        if len(tokens) < 2:
            continue
        start, end = tokens[0][1], tokens[-1][2]
        name = text[start:end]
        known = state.registry.surfaces.get(name)
        abbr_owner = state.registry.surfaces.get(abbr)
        if known is not None and known[1] == SurfaceKind.NAME:
            if abbr_owner is None:
                state.acronyms.setdefault(abbr, known[0])
            continue
        if abbr_owner is not None or state.is_author(name):
            continue  # the registry already says what the acronym is
        if not any(t[0] in ORG_HEADS for t in tokens):
            # "Picture Archiving and Communication Systems (PACS)" names a
            # technology; without an organisation word it is only a candidate.
            state.candidate(name, "bracketed acronym without an organisation word")
            continue
        actor_id = _add_found(view, start, end, "organization", "", state)
        state.acronyms.setdefault(abbr, actor_id)


def _add_person(view: _Paragraph, start: int, end: int, role: str, state: _State) -> None:
    name = view.text[start:end]
    if state.is_author(name):
        return
    known = state.registry.surfaces.get(name)
    if known is not None:
        actor_id, kind = known
        if kind == SurfaceKind.NAME and state.registry.by_id[actor_id].type == "person":
            state.bind_role(actor_id, role)
            state.spans.append(_Span(view.index, start, end, actor_id, _REGISTRY))
        return
    if " " not in name:
        state.lone_names.append((view.index, start, end, role))
        return
    _add_found(view, start, end, "person", role, state)


def _add_found(
    view: _Paragraph, start: int, end: int, actor_type: ActorType, role: str, state: _State
) -> str:
    name = view.text[start:end]
    actor_id = _discovered_id(name, actor_type, state)
    state.found.setdefault(actor_id, (name, actor_type))
    state.bind_role(actor_id, role)
    state.spans.append(_Span(view.index, start, end, actor_id, _DISCOVERED))
    return actor_id


def _discovered_id(name: str, actor_type: ActorType, state: _State) -> str:
    """The page id of an actor the registry does not know."""
    actor_id = slugify(name)
    if actor_id in state.registry.by_id or actor_id in RESERVED_IDS:
        # A different actor with a registry actor's slug, or a section page's name.
        actor_id = f"{actor_id}-{actor_type}"
    return actor_id


# --- second pass: surnames, acronyms, role phrases ------------------------------


def _second_pass(views: list[_Paragraph], state: _State, accepted: list[_Span]) -> list[_Span]:
    registry = state.registry
    promoted = _reused_surname_people(views, state, accepted)
    present = {s.actor_id for s in accepted if s.actor_id} | {s.actor_id for s in promoted}
    # Who in this article can be called by one word.
    by_surname: dict[str, set[str]] = {}
    for actor_id in sorted(present):
        if actor_id in state.found:
            name, actor_type = state.found[actor_id]
            explicit = None
        elif actor_id in registry.by_id:
            entry = registry.by_id[actor_id]
            name, actor_type, explicit = entry.name, entry.type, entry.surname
        else:
            continue
        if actor_type == "person" and " " in name:
            surname = surname_of(name, explicit)
            if surname not in state.author_words:
                by_surname.setdefault(surname, set()).add(actor_id)
    extra: list[_Span] = []
    for surname, owners in sorted(by_surname.items()):
        if len(owners) > 1:
            state.candidate(surname, f"surname shared by {', '.join(sorted(owners))}")
            continue
        if surname in registry.surfaces:
            continue  # the registry already matched it, or it belongs to someone else
        (owner,) = owners
        pattern = re.compile(rf"(?<!\w){re.escape(surname)}(?!\w)")
        for view in views:
            if surname not in view.text:
                continue  # the pattern matches the surname as written
            for match in pattern.finditer(view.text):
                if _name_word_before(view.text, match.start()):
                    continue
                if view.prose and _name_word_after(view.text, match.end(), state):
                    continue
                extra.append(_Span(view.index, *match.span(), owner, _SECOND_PASS))
    for paragraph, start, end, role in state.lone_names:
        word = next(v.text for v in views if v.index == paragraph)[start:end]
        owners = by_surname.get(word, set())
        if len(owners) == 1:
            state.bind_role(next(iter(owners)), role)
        else:
            state.candidate(word, "one name with a role, no full name in the article")
    for abbr, actor_id in sorted(state.acronyms.items()):
        pattern = re.compile(rf"(?<!\w){re.escape(abbr)}(?!\w)")
        for view in views:
            if abbr not in view.text:
                continue  # the pattern matches the acronym as written
            extra += [
                _Span(view.index, *m.span(), actor_id, _SECOND_PASS)
                for m in pattern.finditer(view.text)
            ]
    return promoted + extra


def _reused_surname_people(
    views: list[_Paragraph], state: _State, accepted: list[_Span]
) -> list[_Span]:
    """Full names no rule explained, made people by how the article reuses the surname.

    News style names a person in full once and by surname afterwards. A surname
    that later stands alone after an honorific ("Mr Assange"), or at least twice
    next to a verb of reporting ("Morales said"), shows that the full name is a
    person; a club or a place is not called that way ("Real Madrid" then "Madrid").
    """
    taken: dict[int, list[tuple[int, int]]] = {}
    for span in accepted:
        taken.setdefault(span.paragraph, []).append((span.start, span.end))
    occurrences: dict[str, list[tuple[int, int, int]]] = {}
    for view in views:
        if not view.prose:
            continue
        for tokens in view.runs:
            if not 2 <= len(tokens) <= 3 or _name_tokens(tokens, state) != tokens:
                continue
            start, end = tokens[0][1], tokens[-1][2]
            name = view.text[start:end]
            if any(s < end and start < e for s, e in taken.get(view.index, [])):
                continue
            if state.is_author(name) or any(t[0] in state.author_words for t in tokens):
                continue
            if name in state.registry.surfaces:
                continue
            occurrences.setdefault(name, []).append((view.index, start, end))
    by_surname: dict[str, list[str]] = {}
    for name in occurrences:
        by_surname.setdefault(name.split()[-1], []).append(name)
    spans: list[_Span] = []
    for surname, names in sorted(by_surname.items()):
        if len(names) != 1 or surname in state.registry.surfaces:
            continue
        (name,) = names
        full = occurrences[name]
        if not _surname_marks_a_person(views, surname, full):
            continue
        actor_id = _discovered_id(name, "person", state)
        state.found.setdefault(actor_id, (name, "person"))
        spans += [
            _Span(paragraph, start, end, actor_id, _DISCOVERED) for paragraph, start, end in full
        ]
    return spans


_HONORIFIC_BEFORE = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr)\.?\s+$")
_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")
_WORD_AFTER = re.compile(r"[’']?s?\s+(\w+)")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def _surname_marks_a_person(
    views: list[_Paragraph], surname: str, full: list[tuple[int, int, int]]
) -> bool:
    if sum(view.text.count(surname) for view in views) <= len(full):
        return False  # the surname is never used on its own (the common case: no regex)
    pattern = re.compile(rf"(?<![\w’'.-]){re.escape(surname)}(?![\w-])")
    inside = {(paragraph, end - len(surname)) for paragraph, _start, end in full}
    alone = reported = 0
    for view in views:
        for match in pattern.finditer(view.text):
            if (view.index, match.start()) in inside:
                continue
            before = view.text[max(0, match.start() - 12) : match.start()]
            if _THE_BEFORE.search(before):
                return False  # "the Hill": a title, not a person
            if _HONORIFIC_BEFORE.search(before):
                return True
            if _name_word_before(view.text, match.start()):
                continue  # another name ending in the same word
            alone += 1
            after = _WORD_AFTER.match(view.text, match.end())
            previous = _WORD_BEFORE.search(before)
            if (after is not None and after.group(1) in REPORTING_VERBS) or (
                previous is not None and previous.group(1) in REPORTING_VERBS
            ):
                reported += 1
    return alone >= 2 and reported >= 1


def _role_phrase_spans(view: _Paragraph, state: _State, present: set[str]) -> list[_Span]:
    """ "the Ukrainian leader" -> whoever this article introduced as a Ukrainian leader."""
    spans: list[_Span] = []
    registry = state.registry
    # Every span below goes to an actor in `present`: one given a role in this
    # article, or the owner of a registry role. Without either, nothing to search.
    owns_registry_role = not registry.role_owners.isdisjoint(present)
    if not owns_registry_role and not any(actor_id in present for actor_id in state.roles):
        return spans
    for match in ROLE_PHRASE.finditer(view.text):
        adjective = match.group("adj")
        if registry.surfaces.get(adjective, ("", ""))[1] != SurfaceKind.ADJECTIVE:
            continue
        head = match.group("head").lower()
        owners = {
            actor_id
            for actor_id, roles in state.roles.items()
            if actor_id in present and any(_role_fits(r, adjective, head) for r in roles)
        }
        if not owners:
            owner = registry.roles.get(" ".join(match.group().split()).casefold())
            owners = {owner} if owner in present else set()
        if len(owners) == 1:
            spans.append(_Span(view.index, *match.span(), owners.pop(), _SECOND_PASS))
    if registry.role_pattern is not None and owns_registry_role:
        for match in registry.role_pattern.finditer(view.text):
            owner = registry.roles.get(" ".join(match.group().split()).casefold())
            if owner in present:
                spans.append(_Span(view.index, *match.span(), owner, _SECOND_PASS))
    return spans


def _role_fits(role: str, adjective: str, head: str) -> bool:
    if not re.search(rf"(?<!\w){re.escape(adjective)}(?!\w)", role):
        return False
    lowered = role.lower()
    if lowered.endswith(head):
        return True
    return head in LEADER_HEADS and any(lowered.endswith(h) for h in LEADER_HEADS)


# --- candidates -------------------------------------------------------------------


def _name_candidates(view: _Paragraph, state: _State, accepted: list[_Span]) -> None:
    """Capitalised multi-word names nothing explained: for an editor, never a page."""
    taken = [(s.start, s.end) for s in accepted if s.paragraph == view.index]
    for tokens in view.runs:
        words = [t[0] for t in tokens]
        if len(words) < 2 or len(words) > 5:
            continue
        start, end = tokens[0][1], tokens[-1][2]
        if any(s < end and start < e for s, e in taken):
            continue
        if any(w in STOP_WORDS or w in state.registry.place_words for w in words):
            continue
        name = view.text[start:end]
        if state.is_author(name) or any(w in state.author_words for w in words):
            continue
        if words[-1] in THING_HEADS or all(w in DOMAIN_WORDS for w in words):
            continue
        if words[-1] in ORG_HEADS:
            state.candidate(name, "organisation name with no registry entry or acronym")
        else:
            state.candidate(name, "name seen without a role")


# --- helpers ------------------------------------------------------------------------


def _resolve(spans: list[_Span], fixed: list[_Span]) -> list[_Span]:
    """Non-overlapping spans: `fixed` ones stay, then the longest (then best-ranked) win."""
    kept = list(fixed)
    taken: dict[int, list[tuple[int, int]]] = {}
    for s in fixed:
        taken.setdefault(s.paragraph, []).append((s.start, s.end))
    for span in sorted(
        set(spans), key=lambda s: (s.paragraph, -(s.end - s.start), s.rank, s.start, s.actor_id)
    ):
        ranges = taken.setdefault(span.paragraph, [])
        if any(start < span.end and span.start < end for start, end in ranges):
            continue
        ranges.append((span.start, span.end))
        kept.append(span)
    return kept


def _capitalised_runs(text: str) -> Iterator[list[tuple[str, int, int]]]:
    """Each run of two or more capitalised words, without a leading sentence word or title.

    Shorter runs are left out: every reader of these runs skips them, and most
    matches are one word, which then need not be split into tokens.
    """
    for match in CAPITALISED_RUN.finditer(text):
        if len(match.group().split()) < 2:
            continue  # one word (str.split and \S+ split alike), too short for any reader
        tokens = _tokens(text, *match.span())
        while tokens and (tokens[0][0] in STOP_WORDS or tokens[0][0].lower() in _HEAD_WORDS):
            tokens = tokens[1:]
        if len(tokens) >= 2:
            yield tokens


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    # Searching text[start:end] in place: \S+ has no lookaround, so the bounds act as a slice.
    return [(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, end)]


def _name_tokens(
    tokens: list[tuple[str, int, int]], state: _State
) -> list[tuple[str, int, int]] | None:
    """The words of a person's name, or None when they are not one."""
    kept: list[tuple[str, int, int]] = []
    for token in tokens:
        word = token[0]
        if word in STOP_WORDS:
            break
        if _is_known_word(word, state) or word in ORG_HEADS or word in THING_HEADS:
            return None
        if word.lower() in _HEAD_WORDS or word in DOMAIN_WORDS:
            return None
        kept.append(token)
    while kept and (kept[-1][0] in PARTICLES or kept[-1][0] in NAME_SUFFIXES):
        kept.pop()
    if not kept or len(kept) > 4:
        return None
    return kept


def _is_known_word(word: str, state: _State) -> bool:
    """A country, organisation or demonym word: never part of a person's name."""
    return word in state.registry.place_words


def _is_subject_word(word: str, state: _State) -> bool:
    return (
        word in DOMAIN_WORDS
        or word in ORG_HEADS
        or _is_known_word(word, state)
        or word.lower().endswith(SUBJECT_SUFFIXES)
    )


def _names_non_person(phrase: str, state: _State) -> bool:
    """ "from the Pentagon", "of Ukraine": the rest of a role, naming a known place or body."""
    words = phrase.split()[1:]
    if words and words[0] == "the":
        words = words[1:]
    known = state.registry.surfaces.get(" ".join(words))
    if known is None or known[1] != SurfaceKind.NAME:
        return False
    return state.registry.by_id[known[0]].type != "person"


def _role_description(role: str) -> str:
    cleaned = clean_role(role)
    return "" if cleaned in HONORIFICS or not cleaned else cleaned


def _abbreviates(abbr: str, words: list[str]) -> bool:
    """ "SCO" for "Shanghai Cooperation Organization": letters in order, same first letter."""
    initials = "".join(w if w.isupper() else w[0] for w in words if w[:1].isupper())
    letters = [c for c in abbr if c.isupper()]
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    rest = iter(initials)
    return all(c in rest for c in letters)


_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"\s+(\S+)")


def _name_word_before(text: str, start: int) -> bool:
    """Is the word before `start` a first name ("Jill" in "Jill Biden")?"""
    match = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if match is None:
        return False
    word = match.group(1)
    if not _NAME_TOKEN_RE.fullmatch(word):
        return False
    return word not in STOP_WORDS and word.lower() not in _HEAD_WORDS and word not in DOMAIN_WORDS


def _name_word_after(text: str, end: int, state: _State) -> bool:
    """Is `end` followed by another capitalised name word ("Trump Tower", "Vietnam War")?"""
    match = _NEXT_WORD.match(text, end)
    if match is None:
        return False
    word = match.group(1).rstrip(".,;:!?’'\"”)")
    if not _NAME_TOKEN_RE.fullmatch(word):
        return False
    return not (
        word in STOP_WORDS
        or word.lower() in _HEAD_WORDS
        or word in DOMAIN_WORDS
        or word in state.registry.surfaces
    )
