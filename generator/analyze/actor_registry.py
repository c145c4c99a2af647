"""The actor registry (`registry/actors.yml`): known actors, their spellings and roles.

Loading validates the whole file and fails with one line naming the file and
the entry, so an editor's pull request gets an actionable message. The loaded
registry carries its compiled matchers: it is built once per run and passed
explicitly to the per-article extraction (it pickles, for worker processes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..model.records import ActorType
from ..text.patterns import longest_first_alternation
from ..text.slugs import RESERVED_IDS
from ..text.yaml_file import read_yaml

ACTOR_TYPES: frozenset[str] = frozenset({"person", "organization", "country"})
_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ENTRY_KEYS = frozenset(
    {"id", "name", "type", "description", "aliases", "roles", "adjectives", "surname", "wikidata"}
)
# A Wikidata item id: the only form of identifier a page links as `sameAs`.
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_TOP_KEYS = frozenset({"actors", "never_actors"})


class RegistryError(ValueError):
    """The registry file is malformed; the message is one line naming file and entry."""


@dataclass(slots=True, kw_only=True, frozen=True)
class RegistryActor:
    id: str
    name: str
    type: ActorType
    description: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # "the Ukrainian president": refers to the actor
    adjectives: tuple[str, ...] = ()  # "Ukrainian": refers to the country
    surname: str | None = None  # the short name used alone, when not the last word
    wikidata: str | None = None  # "Q42": the page's `sameAs` in its structured data

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias: the spellings that are this actor's name."""
        return (self.name, *self.aliases)


class SurfaceKind:
    NAME = "name"
    ADJECTIVE = "adjective"
    NEVER = "never"


@dataclass(slots=True, kw_only=True, frozen=True)
class ActorRegistry:
    source: str
    actors: tuple[RegistryActor, ...]  # sorted by id
    never_actors: tuple[str, ...]
    by_id: Mapping[str, RegistryActor] = field(default_factory=dict)
    # Exact surface -> (actor id or "" for a never-actor, kind).
    surfaces: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Casefolded role phrase -> actor id.
    roles: Mapping[str, str] = field(default_factory=dict)
    role_owners: frozenset[str] = frozenset()  # the ids `roles` names
    # Longest-first alternation of every surface; None when the registry is empty.
    surface_pattern: re.Pattern[str] | None = None
    role_pattern: re.Pattern[str] | None = None
    # One-word country and organisation names and demonyms ("Ukrainian",
    # "Kremlin"): a capitalised run containing one is no person's name.
    place_words: frozenset[str] = frozenset()


def build_registry(
    actors: Sequence[RegistryActor], never_actors: Sequence[str] = (), *, source: str = "<registry>"
) -> ActorRegistry:
    """Index and compile a registry; raises RegistryError on conflicting entries."""
    surfaces: dict[str, tuple[str, str]] = {}
    roles: dict[str, str] = {}
    by_id: dict[str, RegistryActor] = {}
    for actor in actors:
        if actor.id in by_id:
            raise RegistryError(f"{source}: actor '{actor.id}': id is used twice")
        by_id[actor.id] = actor
        for surface, kind in (
            *((s, SurfaceKind.NAME) for s in actor.names),
            *((s, SurfaceKind.ADJECTIVE) for s in actor.adjectives),
        ):
            owner = surfaces.get(surface)
            if owner is not None and owner[0] != actor.id:
                raise RegistryError(
                    f"{source}: actor '{actor.id}': alias '{surface}' is already "
                    f"claimed by '{owner[0]}'"
                )
            surfaces[surface] = (actor.id, kind)
        for role in actor.roles:
            key = role.casefold()
            if roles.get(key, actor.id) != actor.id:
                raise RegistryError(
                    f"{source}: actor '{actor.id}': role '{role}' is already claimed by "
                    f"'{roles[key]}'"
                )
            roles[key] = actor.id
    for name in never_actors:
        owner = surfaces.get(name)
        if owner is not None:
            raise RegistryError(
                f"{source}: never_actors: '{name}' is also an alias of '{owner[0]}'"
            )
        surfaces[name] = ("", SurfaceKind.NEVER)
    surface_pattern = (
        re.compile(longest_first_alternation(surfaces, not_after=r"\w") + r"(?!\w)")
        if surfaces
        else None
    )
    # Lowercased: under (?i) two trie branches "T" and "t" would both match.
    role_alternation = longest_first_alternation(r.lower() for a in actors for r in a.roles)
    role_pattern = re.compile(rf"(?<!\w)(?i:{role_alternation})(?!\w)") if roles else None
    place_words = frozenset(
        surface
        for actor in actors
        if actor.type != "person"
        for surface in (*actor.names, *actor.adjectives)
        if " " not in surface
    )
    return ActorRegistry(
        source=source,
        place_words=place_words,
        actors=tuple(sorted(actors, key=lambda a: a.id)),
        never_actors=tuple(never_actors),
        by_id=by_id,
        surfaces=surfaces,
        roles=roles,
        role_owners=frozenset(roles.values()),
        surface_pattern=surface_pattern,
        role_pattern=role_pattern,
    )


def load_actor_registry(path: Path) -> ActorRegistry:
    """Read and validate an actors.yml; RegistryError names the file and the entry."""
    return registry_from_data(read_yaml(path, RegistryError), source=str(path))


def registry_from_data(data: object, *, source: str) -> ActorRegistry:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RegistryError(f"{source}: expected a mapping with 'actors' and 'never_actors'")
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise RegistryError(f"{source}: unknown top-level key '{unknown[0]}'")
    raw_actors = data.get("actors") or []
    if not isinstance(raw_actors, list):
        raise RegistryError(f"{source}: 'actors' must be a list")
    actors = [_parse_actor(entry, number, source) for number, entry in enumerate(raw_actors, 1)]
    never = _string_list(data.get("never_actors"), f"{source}: never_actors")
    return build_registry(actors, never, source=source)


def _parse_actor(entry: object, number: int, source: str) -> RegistryActor:
    where = f"{source}: actor #{number}"
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: expected a mapping with id, name and type")
    raw = cast(dict[object, object], entry)
    if isinstance(raw.get("id"), str):
        where = f"{source}: actor #{number} '{raw['id']}'"
    unknown = sorted(str(k) for k in raw if k not in _ENTRY_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key '{unknown[0]}'")
    actor_id = raw.get("id")
    if not isinstance(actor_id, str) or not _SAFE_ID.fullmatch(actor_id):
        raise RegistryError(f"{where}: id must be lowercase letters, digits and hyphens")
    if actor_id in RESERVED_IDS:
        raise RegistryError(f"{where}: id '{actor_id}' is reserved for the actors index page")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{where}: name is missing")
    actor_type = raw.get("type")
    if actor_type not in ACTOR_TYPES:
        raise RegistryError(f"{where}: type must be one of person, organization, country")
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        raise RegistryError(f"{where}: description must be text")
    surname = raw.get("surname")
    if surname is not None and not (isinstance(surname, str) and surname.strip()):
        raise RegistryError(f"{where}: surname must be text")
    wikidata = raw.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.fullmatch(wikidata)):
        raise RegistryError(f"{where}: wikidata must be an item id like Q42")
    aliases = _string_list(raw.get("aliases"), f"{where}: aliases")
    roles = _string_list(raw.get("roles"), f"{where}: roles")
    adjectives = _string_list(raw.get("adjectives"), f"{where}: adjectives")
    if adjectives and actor_type != "country":
        raise RegistryError(f"{where}: only countries have adjectives")
    return RegistryActor(
        id=actor_id,
        name=name.strip(),
        type=cast(ActorType, actor_type),
        description=description.strip() if description else None,
        aliases=tuple(dict.fromkeys(a for a in aliases if a != name.strip())),
        roles=tuple(dict.fromkeys(roles)),
        adjectives=tuple(dict.fromkeys(adjectives)),
        surname=surname.strip() if isinstance(surname, str) else None,
        wikidata=wikidata,
    )


def _string_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RegistryError(f"{where}: expected a list")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RegistryError(f"{where}: entries must be non-empty text, got {item!r}")
        out.append(" ".join(item.split()))
    return out
