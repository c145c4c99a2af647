"""The editor-controlled data every analysis reads: actor registry and topic taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..runtime.cache import key_of
from ..runtime.options import DEFAULT_REGISTRY_DIR
from .actor_registry import ActorRegistry, load_actor_registry
from .topics.taxonomy import Taxonomy, load_taxonomy


@dataclass(slots=True, kw_only=True, frozen=True)
class Registries:
    """The editor-controlled data: actor registry and topic taxonomy."""

    actors: ActorRegistry
    topics: Taxonomy
    digest: str  # of the registry files' bytes: part of every analysis cache key


def load_registries(registry_dir: Path = DEFAULT_REGISTRY_DIR) -> Registries:
    """Read actors.yml and topics.yml; raises RegistryError/TaxonomyError on bad data."""
    actors_file, topics_file = registry_dir / "actors.yml", registry_dir / "topics.yml"
    return Registries(
        actors=load_actor_registry(actors_file),
        topics=load_taxonomy(topics_file),
        digest=key_of(actors_file.read_bytes(), topics_file.read_bytes()),
    )
