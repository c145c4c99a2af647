"""Cross-article actor identity: one page per actor, however the articles spell it.

The registry wins: a registry actor keeps its id, name and description. Names
only the articles know are merged by exact (normalised) spelling, people also
by a conservative spelling-variant rule (same surname and a given name at most
one letter apart, or the other way round; "Joe Biden" is not "Jill Biden").
Countries come only from the registry, so "Prussia" can never become "Russia".
Uncertain cases go to the candidates report. Output is sorted everywhere and
independent of the order of the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model.analysis import Actor, ActorIndex, ArticleActors, Candidate, Mention
from ..model.records import ActorType
from ..text.slugs import RESERVED_IDS, slugify
from .actor_registry import ActorRegistry, SurfaceKind
from .actor_rules import NAME_SUFFIXES, ORG_HEADS, has_lowercase_word, surname_of

_MEDIA_ROLE = re.compile(r"Telegram channel|news agency|outlet|newspaper|broadcaster|think tank")
_ACRONYM = re.compile(r"[A-Z][A-Z&]+")


@dataclass(slots=True, kw_only=True)
class _Seen:
    """Everything the articles say about one provisional id."""

    surfaces: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)


def merge_actors(per_article: Sequence[ArticleActors], registry: ActorRegistry) -> ActorIndex:
    """All articles' actors as one index of canonical, typed, deduplicated actors."""
    ordered = sorted(per_article, key=lambda a: a.article_id)
    seen: dict[str, _Seen] = {}
    candidates: dict[tuple[str, str], set[str]] = {}
    for found in ordered:
        for mention in found.mentions:
            entry = seen.setdefault(mention.actor_id, _Seen())
            entry.surfaces[mention.surface] += 1
            entry.articles.add(found.article_id)
        for actor_id, roles in found.roles.items():
            if actor_id in seen:
                seen[actor_id].roles.update(roles)
        for name, reason in found.candidates:
            candidates.setdefault((name, reason), set()).add(found.article_id)

    final_of, clusters, review = _identify(seen, registry)

    actors = [_actor(final_id, members, seen, registry) for final_id, members in clusters.items()]
    actors.sort(key=lambda a: a.id)
    mentions: dict[str, list[Mention]] = {}
    for found in ordered:
        remapped = {
            Mention(
                actor_id=final_of[m.actor_id],
                paragraph=m.paragraph,
                start=m.start,
                end=m.end,
                surface=m.surface,
            )
            for m in found.mentions
        }
        mentions[found.article_id] = sorted(
            remapped, key=lambda m: (m.paragraph, m.start, m.end, m.actor_id)
        )
    return ActorIndex(
        actors=actors,
        mentions=mentions,
        candidates=_candidates(candidates, review, actors),
    )


def _identify(
    seen: dict[str, _Seen], registry: ActorRegistry
) -> tuple[dict[str, str], dict[str, list[str]], dict[tuple[str, str], set[str]]]:
    """Provisional id -> final id, final id -> provisional ids, and merges left for review."""
    review: dict[tuple[str, str], set[str]] = {}
    parent: dict[str, str] = {actor_id: actor_id for actor_id in seen}

    def root(actor_id: str) -> str:
        while parent[actor_id] != actor_id:
            parent[actor_id] = parent[parent[actor_id]]
            actor_id = parent[actor_id]
        return actor_id

    def union(a: str, b: str) -> None:
        # The registry id, else the smaller id, is the root: deterministic.
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        keep, drop = sorted((ra, rb), key=lambda x: (x not in registry.by_id, x))
        parent[drop] = keep

    discovered = sorted(i for i in seen if i not in registry.by_id)
    names = {i: _full_name(seen[i]) for i in discovered}
    types = {i: _discovered_type(names[i], seen[i]) for i in discovered}

    # Registry spellings, compared without case and accents.
    known: dict[str, str] = {}
    for actor in registry.actors:
        for surface in actor.names:
            known.setdefault(_normal(surface), actor.id)
    people = [a for a in registry.actors if a.type == "person"]
    # Only spellings whose surnames are close can give "same" or "maybe": look
    # those up by surname key instead of comparing every name with every person.
    person_splits = [[_split_name(n, p.surname) for n in p.names] for p in people]
    by_family: dict[str, set[int]] = {}
    for number, splits in enumerate(person_splits):
        for split in splits:
            if split is not None:
                for family_key in _family_keys(split[1]):
                    by_family.setdefault(family_key, set()).add(number)
    for actor_id in discovered:
        key = _normal(names[actor_id])
        target = known.get(key)
        if target is not None and registry.by_id[target].type == types[actor_id]:
            union(actor_id, target)
            continue
        if types[actor_id] == "organization":
            acronyms = [s for s in seen[actor_id].surfaces if _ACRONYM.fullmatch(s)]
            owners = {known.get(_normal(a)) for a in acronyms} - {None}
            if len(owners) == 1:
                (owner,) = owners
                if owner is not None and registry.by_id[owner].type == "organization":
                    union(actor_id, owner)
            continue
        split = _split_name(names[actor_id])
        if split is None:
            continue  # one word: "different" from every person
        close = {n for k in _family_keys(split[1]) for n in by_family.get(k, ())}
        for number in sorted(close):  # people order, as a loop over all of them would go
            person = people[number]
            verdict = _best_verdict(split, person_splits[number])
            if verdict == "same":
                union(actor_id, person.id)
                break
            if verdict == "maybe":
                reason = f"same surname as {person.name}; not merged"
                review.setdefault((names[actor_id], reason), set()).update(seen[actor_id].articles)

    # Discovered among themselves: exact names, then people's spelling variants.
    by_key: dict[tuple[str, str], str] = {}
    for actor_id in discovered:
        typed_key = (types[actor_id], _normal(names[actor_id]))
        if typed_key in by_key:
            union(actor_id, by_key[typed_key])
        else:
            by_key[typed_key] = actor_id
    by_initial: dict[str, list[str]] = {}
    for actor_id in discovered:
        if types[actor_id] == "person":
            surname = _normal(surname_of(names[actor_id]))
            by_initial.setdefault(surname[:1], []).append(actor_id)
    for group in by_initial.values():
        # Every pair in the group, in order, but only those whose surnames are
        # close: any other pair is "different" and changes nothing.
        splits = [_split_name(names[a]) for a in group]
        earlier: dict[str, list[int]] = {}
        pairs: set[tuple[int, int]] = set()
        for j, split in enumerate(splits):
            if split is None:
                continue
            for family_key in _family_keys(split[1]):
                bucket = earlier.setdefault(family_key, [])
                pairs.update((i, j) for i in bucket)
                bucket.append(j)
        for i, j in sorted(pairs):
            a, b = group[i], group[j]
            if root(a) == root(b):
                continue
            verdict = _verdict(splits[i], splits[j])
            if verdict == "same":
                union(a, b)
            elif verdict == "maybe":
                first, second = sorted((names[a], names[b]))
                reason = f"same surname as {first}; not merged"
                review.setdefault((second, reason), set()).update(
                    seen[a].articles | seen[b].articles
                )

    members: dict[str, list[str]] = {}
    for actor_id in sorted(seen):
        members.setdefault(root(actor_id), []).append(actor_id)
    final_of: dict[str, str] = {}
    clusters: dict[str, list[str]] = {}
    used = set(registry.by_id) | RESERVED_IDS  # actors/index.md is the Actors page
    for head in sorted(members, key=lambda h: (_cluster_name(members[h], seen, registry), h)):
        group = members[head]
        if head in registry.by_id:
            final_id = head
        else:
            name = _cluster_name(group, seen, registry)
            final_id = _free_id(slugify(name, fallback="actor"), types[head], used)
        used.add(final_id)
        clusters[final_id] = group
        for actor_id in group:
            final_of[actor_id] = final_id
    return final_of, clusters, review


def _actor(
    final_id: str, group: list[str], seen: dict[str, _Seen], registry: ActorRegistry
) -> Actor:
    surfaces: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    articles: set[str] = set()
    for actor_id in group:
        surfaces.update(seen[actor_id].surfaces)
        roles.update(seen[actor_id].roles)
        articles |= seen[actor_id].articles
    entry = registry.by_id.get(final_id)
    if entry is not None:
        name, actor_type, description = entry.name, entry.type, entry.description
        aliases = set(entry.aliases)
    else:
        name = _cluster_name(group, seen, registry)
        actor_type = _discovered_type(name, _merged(group, seen))
        description = None
        aliases = set()
    if description is None and roles:
        description = min(roles, key=lambda r: (-roles[r], r))
    spellings = {s for s in surfaces if s != name and _is_name_like(s, registry)}
    aliases |= spellings
    aliases.discard(name)
    return Actor(
        id=final_id,
        name=name,
        type=actor_type,
        aliases=sorted(aliases, key=lambda a: (a.casefold(), a)),
        spellings=sorted(spellings, key=lambda a: (a.casefold(), a)),
        description=description,
        articles=sorted(articles),
        wikidata=entry.wikidata if entry is not None else None,
    )


def _candidates(
    found: dict[tuple[str, str], set[str]],
    review: dict[tuple[str, str], set[str]],
    actors: list[Actor],
) -> list[Candidate]:
    """Names the articles left unexplained, plus merges an editor should confirm."""
    known = {n.casefold() for a in actors for n in (a.name, *a.aliases)}
    surnames: dict[str, list[str]] = {}
    for actor in actors:
        if actor.type == "person":
            surnames.setdefault(surname_of(actor.name), []).append(actor.name)
    merged: dict[tuple[str, str], set[str]] = {}
    for (name, reason), articles in found.items():
        if " " not in name and name in surnames:
            reason = f"one name only; possibly {', '.join(sorted(surnames[name]))}"
        elif name.casefold() in known:
            continue  # an actor under this name exists: nothing left to review
        merged.setdefault((name, reason), set()).update(articles)
    for key, articles in review.items():
        merged.setdefault(key, set()).update(articles)
    return [
        Candidate(name=name, reason=reason, articles=sorted(articles))
        for (name, reason), articles in sorted(
            merged.items(), key=lambda item: (item[0][0].casefold(), item[0][0], item[0][1])
        )
    ]


# --- names ----------------------------------------------------------------------------


def _normal(name: str) -> str:
    """Comparison key: no accents, no case, no punctuation, no leading "the"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9 ]+", " ", folded.lower().replace("’", "").replace("'", "")).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _full_name(entry: _Seen) -> str:
    """The fullest spelling: most words, then most used, then alphabetical."""
    names = [s for s in entry.surfaces if not has_lowercase_word(s)] or list(entry.surfaces)
    non_acronyms = [s for s in names if not _ACRONYM.fullmatch(s)] or names
    return min(non_acronyms, key=lambda s: (-len(s.split()), -entry.surfaces[s], s))


def _merged(group: Iterable[str], seen: dict[str, _Seen]) -> _Seen:
    total = _Seen()
    for actor_id in group:
        total.surfaces.update(seen[actor_id].surfaces)
        total.roles.update(seen[actor_id].roles)
    return total


def _cluster_name(group: list[str], seen: dict[str, _Seen], registry: ActorRegistry) -> str:
    for actor_id in group:
        if actor_id in registry.by_id:
            return registry.by_id[actor_id].name
    return _full_name(_merged(group, seen))


def _discovered_type(name: str, entry: _Seen) -> ActorType:
    """Discovery finds people and organisations, never countries."""
    if any(_MEDIA_ROLE.search(r) for r in entry.roles):
        return "organization"
    if any(_ACRONYM.fullmatch(s) for s in entry.surfaces):
        return "organization"
    if any(w in ORG_HEADS for w in name.split()):
        return "organization"
    return "person"


def _is_name_like(surface: str, registry: ActorRegistry) -> bool:
    """Spellings worth listing as "also written as": not "Ukrainian", not "the Ukrainian leader"."""
    known = registry.surfaces.get(surface)
    if known is not None:
        return known[1] == SurfaceKind.NAME
    return not has_lowercase_word(surface)


def _free_id(slug: str, actor_type: str, used: set[str]) -> str:
    if slug not in used:
        return slug
    candidate = f"{slug}-{actor_type}"
    number = 2
    while candidate in used:
        candidate = f"{slug}-{actor_type}-{number}"
        number += 1
    return candidate


def _split_name(name: str, explicit_surname: str | None = None) -> tuple[str, str] | None:
    """(given name, surname), normalised; None for one-word names."""
    words = [w for w in name.split() if w not in NAME_SUFFIXES]
    if len(words) < 2:
        return None
    surname = surname_of(" ".join(words), explicit_surname)
    given = words[1] if words[0] == surname else words[0]
    return _normal(given), _normal(surname)


def _same_person_any(name: str, spellings: Iterable[str], surname: str | None) -> str:
    return _best_verdict(_split_name(name), [_split_name(s, surname) for s in spellings])


def _best_verdict(left: tuple[str, str] | None, spellings: Sequence[tuple[str, str] | None]) -> str:
    verdicts = {_verdict(left, right) for right in spellings}
    for verdict in ("same", "maybe"):
        if verdict in verdicts:
            return verdict
    return "different"


def _family_keys(family: str) -> set[str]:
    """Keys two surnames share whenever `_verdict` may find them close.

    Close means equal, or at most one edit apart when both have five letters or
    more; such a pair always shares the surname itself or one of its one-letter
    deletions (the reverse need not hold: the keys only select pairs to compare).
    """
    keys = {family}
    if len(family) >= 5:
        keys.update(family[:i] + family[i + 1 :] for i in range(len(family)))
    return keys


def _same_person(a: str, b: str, surname_b: str | None = None) -> str:
    """ "same", "maybe" (same surname, same initial, other given name) or "different"."""
    return _verdict(_split_name(a), _split_name(b, surname_b))


def _verdict(left: tuple[str, str] | None, right: tuple[str, str] | None) -> str:
    """`_same_person` on names already split by `_split_name`."""
    if left is None or right is None:
        return "different"
    (given_a, family_a), (given_b, family_b) = left, right
    family_close = family_a == family_b or (
        min(len(family_a), len(family_b)) >= 5 and _distance(family_a, family_b) <= 1
    )
    if not family_close:
        return "different"
    if given_a == given_b:
        return "same"
    if (
        family_a == family_b
        and min(len(given_a), len(given_b)) >= 4
        and _distance(given_a, given_b) <= 1  # Dmitry / Dmitri, Sergey / Sergei
    ):
        return "same"
    if family_a == family_b and given_a[:1] == given_b[:1]:
        return "maybe"
    return "different"


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short names only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
