"""The second pass of extract_actors: what the first pass made recognisable.

A person named in full once is then called by surname ("Pistorius"), an
organisation introduced with its acronym by the acronym, and a leader by a
role phrase ("the Ukrainian leader"); a full name nothing explained becomes
a person when the article reuses its surname the way news style reuses a
person's.
"""

from __future__ import annotations

import re

from .actor_registry import SurfaceKind
from .actor_rules import LEADER_HEADS, REPORTING_VERBS, ROLE_PHRASE, surname_of
from .actor_state import (
    DISCOVERED,
    SECOND_PASS,
    Paragraph,
    Span,
    State,
    Taken,
    discovered_id,
    name_word_after,
    name_word_before,
    name_words,
)


def second_pass(views: list[Paragraph], state: State, accepted: list[Span]) -> list[Span]:
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
    extra: list[Span] = []
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
                if name_word_before(view.text, match.start()):
                    continue
                if view.prose and name_word_after(view.text, match.end(), state):
                    continue
                extra.append(Span(view.index, *match.span(), owner, SECOND_PASS))
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
                Span(view.index, *m.span(), actor_id, SECOND_PASS)
                for m in pattern.finditer(view.text)
            ]
    return promoted + extra


def _reused_surname_people(
    views: list[Paragraph], state: State, accepted: list[Span]
) -> list[Span]:
    """Full names no rule explained, made people by how the article reuses the surname.

    News style names a person in full once and by surname afterwards. A surname
    that later stands alone after an honorific ("Mr Assange"), or at least twice
    next to a verb of reporting ("Morales said"), shows that the full name is a
    person; a club or a place is not called that way ("Real Madrid" then "Madrid").
    """
    taken: dict[int, Taken] = {}  # sorted intervals: a name list costs O(n log n), not O(n²)
    for span in accepted:
        taken.setdefault(span.paragraph, Taken()).add(span.start, span.end)
    occurrences: dict[str, list[tuple[int, int, int]]] = {}
    for view in views:
        if not view.prose:
            continue
        for tokens in view.runs:
            if not 2 <= len(tokens) <= 3 or name_words(tokens, state) != tokens:
                continue
            start, end = tokens[0][1], tokens[-1][2]
            name = view.text[start:end]
            if view.index in taken and taken[view.index].overlaps(start, end):
                continue
            if state.is_author(name) or any(t[0] in state.author_words for t in tokens):
                continue
            if name in state.registry.surfaces:
                continue
            occurrences.setdefault(name, []).append((view.index, start, end))
    by_surname: dict[str, list[str]] = {}
    for name in occurrences:
        by_surname.setdefault(name.split()[-1], []).append(name)
    spans: list[Span] = []
    for surname, names in sorted(by_surname.items()):
        if len(names) != 1 or surname in state.registry.surfaces:
            continue
        (name,) = names
        full = occurrences[name]
        if not _surname_marks_a_person(views, surname, full):
            continue
        actor_id = discovered_id(name, "person", state)
        state.found.setdefault(actor_id, (name, "person"))
        spans += [
            Span(paragraph, start, end, actor_id, DISCOVERED) for paragraph, start, end in full
        ]
    return spans


_HONORIFIC_BEFORE = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr)\.?\s+$")
_THE_BEFORE = re.compile(r"(?:^|\s)[Tt]he\s+$")
_WORD_AFTER = re.compile(r"[’']?s?\s+(\w+)")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def _surname_marks_a_person(
    views: list[Paragraph], surname: str, full: list[tuple[int, int, int]]
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
            if name_word_before(view.text, match.start()):
                continue  # another name ending in the same word
            alone += 1
            after = _WORD_AFTER.match(view.text, match.end())
            previous = _WORD_BEFORE.search(before)
            if (after is not None and after.group(1) in REPORTING_VERBS) or (
                previous is not None and previous.group(1) in REPORTING_VERBS
            ):
                reported += 1
    return alone >= 2 and reported >= 1


def role_phrase_spans(view: Paragraph, state: State, present: set[str]) -> list[Span]:
    """ "the Ukrainian leader" -> whoever this article introduced as a Ukrainian leader."""
    spans: list[Span] = []
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
            spans.append(Span(view.index, *match.span(), owners.pop(), SECOND_PASS))
    if registry.role_pattern is not None and owns_registry_role:
        for match in registry.role_pattern.finditer(view.text):
            owner = registry.roles.get(" ".join(match.group().split()).casefold())
            if owner in present:
                spans.append(Span(view.index, *match.span(), owner, SECOND_PASS))
    return spans


def _role_fits(role: str, adjective: str, head: str) -> bool:
    if not re.search(rf"(?<!\w){re.escape(adjective)}(?!\w)", role):
        return False
    lowered = role.lower()
    if lowered.endswith(head):
        return True
    return head in LEADER_HEADS and any(lowered.endswith(h) for h in LEADER_HEADS)
