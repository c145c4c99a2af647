"""Per-article actor extraction: registry spellings, role-introduced names, role phrases.

`extract_actors` is a pure function of one article and the registry, so the
pipeline can cache and parallelise it. It trusts a name only when the text
says who it is (a title or role next to it, "Name (ABBR)") or the registry
knows it; anything else it noticed goes to `candidates` for an editor.

Ids of actors the registry does not know are provisional slugs of the name as
written here; `merge_actors` (re-exported below) settles identity across articles.

This module is the first pass (registry spellings, names a role introduces,
organisations with their acronym) and the candidates for editors; the second
pass is `actor_second_pass`, and the state and text tests both share are in
`actor_state`.
"""

from __future__ import annotations

import re

from ..model.analysis import ArticleActors, Mention
from ..model.records import ActorType, Article
from .actor_merge import merge_actors
from .actor_registry import ActorRegistry, SurfaceKind
from .actor_rules import (
    DOMAIN_WORDS,
    HONORIFICS,
    MEDIA_ROLES,
    NAME_THEN_ACRONYM,
    NAME_THEN_ROLE,
    ORG_HEADS,
    ORG_THEN_ROLE,
    PERSON_HEAD_AT_WORD,
    ROLE_COMMA_NAME,
    ROLE_SUFFIX,
    ROLE_THEN_NAME,
    ROLE_THEN_ORG,
    STOP_WORDS,
    SUBJECT_SUFFIXES,
    THING_HEADS,
    caption_credit_spans,
    clean_role,
    is_headline,
)
from .actor_second_pass import role_phrase_spans, second_pass
from .actor_state import (
    BLOCK,
    DISCOVERED,
    REGISTRY,
    Paragraph,
    Span,
    State,
    Taken,
    capitalised_runs,
    discovered_id,
    is_known_word,
    name_word_after,
    name_word_before,
    name_words,
    resolve,
    tokens_in,
)

__all__ = ["extract_actors", "merge_actors"]

_CONNECTORS = ("of", "for", "on", "the")


def extract_actors(article: Article, registry: ActorRegistry) -> ArticleActors:
    """Actors mentioned in one article, with paragraph offsets, roles and candidates."""
    author = " ".join((article.author or "").removeprefix("By ").split())
    state = State(
        registry=registry,
        author=author,
        author_words=frozenset(w for w in author.split() if w[:1].isupper()),
    )
    views: list[Paragraph] = []
    for index, text in enumerate(article.paragraphs):
        if author and " ".join(text.split()).removeprefix("By ") == author:
            continue  # a byline paragraph names the writer, not an actor
        prose = not is_headline(text)
        runs = list(capitalised_runs(text)) if prose else []
        views.append(Paragraph(index=index, text=text, prose=prose, runs=runs))
    for view in views:
        for start, end in caption_credit_spans(view.text):
            state.spans.append(Span(view.index, start, end, "", BLOCK))
        _registry_spans(view, state)
        if view.prose:
            _discover_people(view, state)
            _discover_organisations(view, state)
    accepted = resolve(state.spans, [])
    # Role phrases ("the Ukrainian leader") point at someone already found; they
    # outrank the demonym inside them, so resolve again with them included.
    present = {s.actor_id for s in accepted if s.actor_id}
    for view in views:
        state.spans += role_phrase_spans(view, state, present)
    accepted = resolve(state.spans, [])
    accepted = resolve(second_pass(views, state, accepted), accepted)
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


def _registry_spans(view: Paragraph, state: State) -> None:
    pattern = state.registry.surface_pattern
    if pattern is None:
        return
    for match in pattern.finditer(view.text):
        surface = match.group()
        actor_id, kind = state.registry.surfaces[surface]
        if kind == SurfaceKind.NEVER:
            state.spans.append(Span(view.index, *match.span(), "", BLOCK))
            continue
        actor = state.registry.by_id[actor_id]
        if actor.type == "person" and state.is_author(surface):
            continue
        if kind == SurfaceKind.NAME and " " not in surface and actor.type != "organization":
            # "Jill Biden" is not Biden; "Trump Tower" and "Vietnam War" are no actors.
            glued_before = actor.type == "person" and name_word_before(view.text, match.start())
            glued_after = view.prose and name_word_after(view.text, match.end(), state)
            if glued_before or glued_after:
                continue
        state.spans.append(Span(view.index, *match.span(), actor_id, REGISTRY))


def _discover_people(view: Paragraph, state: State) -> None:
    text = view.text
    if not PERSON_HEAD_AT_WORD.search(text):
        return  # each pattern below matches only around such a head
    role_matches = [*ROLE_THEN_NAME.finditer(text), *ROLE_COMMA_NAME.finditer(text)]
    for match in role_matches:
        role = match.group("role")
        tokens = tokens_in(text, match.start("run"), match.end("run"))
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
        name_tokens = name_words(tokens, state)
        if name_tokens is None:
            continue
        start, end = name_tokens[0][1], name_tokens[-1][2]
        suffix = ROLE_SUFFIX.match(text, end)
        if suffix and _names_non_person(suffix.group("suffix"), state):
            role = f"{role} {suffix.group('suffix')}"
        _add_person(view, start, end, _role_description(role), state)
    for match in NAME_THEN_ROLE.finditer(text):
        tokens = tokens_in(text, match.start("run"), match.end("run"))
        while tokens and tokens[0][0] in STOP_WORDS:
            tokens = tokens[1:]
        name_tokens = name_words(tokens, state)
        if name_tokens is None or len(name_tokens) < 2:
            continue
        start, end = name_tokens[0][1], name_tokens[-1][2]
        _add_person(view, start, end, _role_description(match.group("role")), state)


def _discover_organisations(view: Paragraph, state: State) -> None:
    text = view.text
    # Both patterns match only text containing a media role verbatim.
    media = any(role in text for role in MEDIA_ROLES)
    for pattern in (ORG_THEN_ROLE, ROLE_THEN_ORG) if media else ():
        for match in pattern.finditer(text):
            tokens = tokens_in(text, match.start("run"), match.end("run"))
            while tokens and tokens[0][0] in STOP_WORDS:
                tokens = tokens[1:]
            if not tokens or any(is_known_word(t[0], state) for t in tokens):
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
        tokens = tokens_in(text, match.start("run"), match.end("run"))
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


def _add_person(view: Paragraph, start: int, end: int, role: str, state: State) -> None:
    name = view.text[start:end]
    if state.is_author(name):
        return
    known = state.registry.surfaces.get(name)
    if known is not None:
        actor_id, kind = known
        if kind == SurfaceKind.NAME and state.registry.by_id[actor_id].type == "person":
            state.bind_role(actor_id, role)
            state.spans.append(Span(view.index, start, end, actor_id, REGISTRY))
        return
    if " " not in name:
        state.lone_names.append((view.index, start, end, role))
        return
    _add_found(view, start, end, "person", role, state)


def _add_found(
    view: Paragraph, start: int, end: int, actor_type: ActorType, role: str, state: State
) -> str:
    name = view.text[start:end]
    actor_id = discovered_id(name, actor_type, state)
    state.found.setdefault(actor_id, (name, actor_type))
    state.bind_role(actor_id, role)
    state.spans.append(Span(view.index, start, end, actor_id, DISCOVERED))
    return actor_id


# --- candidates -------------------------------------------------------------------


def _name_candidates(view: Paragraph, state: State, accepted: list[Span]) -> None:
    """Capitalised multi-word names nothing explained: for an editor, never a page."""
    taken = Taken()  # sorted intervals: a name list costs O(n log n), not O(n²)
    for s in accepted:
        if s.paragraph == view.index:
            taken.add(s.start, s.end)
    for tokens in view.runs:
        words = [t[0] for t in tokens]
        if len(words) < 2 or len(words) > 5:
            continue
        start, end = tokens[0][1], tokens[-1][2]
        if taken.overlaps(start, end):
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


def _is_subject_word(word: str, state: State) -> bool:
    return (
        word in DOMAIN_WORDS
        or word in ORG_HEADS
        or is_known_word(word, state)
        or word.lower().endswith(SUBJECT_SUFFIXES)
    )


def _names_non_person(phrase: str, state: State) -> bool:
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
