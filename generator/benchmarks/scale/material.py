"""Real material for the benchmark corpus: body passages, page chrome and names.

Everything comes from two places: the external extraction benchmark
(`../shared/bench/extraction`: 181 real pages, their rendered text dumps and
the annotated article bodies) and the repository's seeds. Nothing is made up:

* passages are the annotated body paragraphs of the benchmark pages (English
  ones) and the body paragraphs of the seeds as the project's cleaner reads them,
  with their sentence boundaries;
* page templates are each page's own chrome (menus before the body, "most
  read" lists and footers after it, captions and ad lines inside it), that is
  the dump lines that are not part of the annotated body;
* names are the registry's actors plus the people the project's own actor
  extraction finds in those passages. Each passage records where it names a
  person or a country (`Slot`), so the corpus generator can recast it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ...analyze.actor_merge import merge_actors
from ...analyze.actor_registry import ActorRegistry
from ...analyze.actor_rules import sentence_spans
from ...analyze.actors import extract_actors
from ...ingest import read_seeds
from ...model.records import Article, Rejection
from ...pipeline import process_seed
from ...runtime.options import REPO_ROOT
from ..extraction import BENCH_ENV

MIN_PASSAGE_WORDS = 15
MIN_ASCII_SHARE = 0.95  # English pages only: the registry and taxonomy are English
# The last lines before a page's body hold its own headline, byline and date:
# a template leaves them out, the generated article brings its own.
HEADER_TAIL_LINES = 8
MAX_TEMPLATE_LINES = 120
# Chrome lines longer than this (reader comments, teaser paragraphs) read like
# prose; every article with the template would carry them, so they are left out.
MAX_CHROME_WORDS = 20


@dataclass(slots=True, kw_only=True, frozen=True)
class Slot:
    """Where a passage names someone the generator may recast."""

    start: int
    end: int
    actor: str  # the actor id the project's extraction gave it in its own page
    kind: str  # "person" (full name) | "surname" | "country" | "demonym"
    plural: bool = False  # "Ukrainians"


@dataclass(slots=True, kw_only=True, frozen=True)
class Passage:
    text: str
    origin: str  # benchmark page id or seed file name
    slots: tuple[Slot, ...]
    sentences: tuple[tuple[int, int], ...]  # (start, end) of each sentence in `text`


@dataclass(slots=True, kw_only=True, frozen=True)
class Template:
    """One real page's chrome, in reading order."""

    origin: str
    publisher: str
    host: str
    header: tuple[str, ...]
    inline: tuple[str, ...]
    footer: tuple[str, ...]


@dataclass(slots=True, kw_only=True, frozen=True)
class Person:
    name: str
    surname: str


@dataclass(slots=True, kw_only=True, frozen=True)
class Country:
    name: str
    demonym: str
    plural: str | None


@dataclass(slots=True, kw_only=True, frozen=True)
class Material:
    passages: tuple[Passage, ...]
    templates: tuple[Template, ...]
    people: tuple[Person, ...]  # the registry's people first, then the material's
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]
    countries: tuple[Country, ...]
    digest: str  # of every input file: part of the generated corpus's identity


def default_seeds_dir() -> Path:
    return REPO_ROOT / "seeds"


class MaterialError(Exception):
    """The benchmark material is missing or unreadable (one line for the user)."""


def load_material(bench_dir: Path, seeds_dir: Path, registry: ActorRegistry) -> Material:
    gold_file = bench_dir / "ground-truth.json"
    try:
        gold = json.loads(gold_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise MaterialError(
            f"benchmark material not found or unreadable: {gold_file} "
            f"(set {BENCH_ENV} to the extraction benchmark folder)"
        ) from exc
    digest = hashlib.sha256(gold_file.read_bytes())
    passages: list[Passage] = []
    templates: list[Template] = []
    people: dict[str, Person] = {}
    for page_id in sorted(gold):
        body = str(gold[page_id].get("articleBody", ""))
        if not body or sum(c.isascii() for c in body) / len(body) < MIN_ASCII_SHARE:
            continue
        dump_file = bench_dir / "textdump" / f"{page_id}.txt"
        try:
            dump = dump_file.read_text("utf-8")
        except OSError as exc:
            raise MaterialError(f"cannot read {dump_file}: {exc.strerror or exc}") from exc
        digest.update(dump.encode("utf-8"))
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        host = urlsplit(str(gold[page_id].get("url") or "")).hostname or "example.org"
        host = host.removeprefix("www.")
        templates.append(_template(page_id, host, host, dump.split("\n"), set(paragraphs)))
        passages += _passages(page_id, paragraphs, registry, people)
    for seed in read_seeds(seeds_dir):
        if isinstance(seed, Rejection):
            continue
        outcome = process_seed(seed)
        if not isinstance(outcome, Article):
            continue
        digest.update(seed.data)
        text = seed.data.decode("utf-8", "replace")
        publisher = outcome.publisher or "seeds"
        templates.append(
            _template(
                seed.source, publisher, "example.org", text.split("\n"), set(outcome.paragraphs)
            )
        )
        passages += _passages(seed.source, outcome.paragraphs, registry, people)
    registry_people = [
        Person(name=a.name, surname=a.surname or a.name.split()[-1])
        for a in registry.actors
        if a.type == "person" and len(a.name.split()) >= 2
    ]
    known = {p.name for p in registry_people}
    found = [people[name] for name in sorted(people) if name not in known]
    everyone = registry_people + found
    countries = []
    for actor in registry.actors:
        singular = [a for a in actor.adjectives if not a.endswith("s")]
        if actor.type == "country" and singular:
            plural = next((a for a in actor.adjectives if a.endswith("s")), None)
            countries.append(Country(name=actor.name, demonym=singular[0], plural=plural))
    return Material(
        passages=tuple(passages),
        templates=tuple(templates),
        people=tuple(everyone),
        given_names=tuple(sorted({p.name.split()[0] for p in everyone})),
        surnames=tuple(sorted({p.surname for p in everyone})),
        countries=tuple(countries),
        digest=digest.hexdigest(),
    )


def _template(origin: str, publisher: str, host: str, lines: list[str], body: set[str]) -> Template:
    stripped = [" ".join(line.split()) for line in lines]
    body_at = [i for i, line in enumerate(stripped) if line in body]
    first, last = (body_at[0], body_at[-1]) if body_at else (len(stripped), len(stripped))

    def chrome(part: list[str]) -> list[str]:
        return [line for line in part if line and len(line.split()) <= MAX_CHROME_WORDS]

    header = chrome(stripped[:first])[:-HEADER_TAIL_LINES]
    inline = [line for line in chrome(stripped[first:last]) if line not in body]
    footer = chrome(stripped[last + 1 :])
    return Template(
        origin=origin,
        publisher=publisher,
        host=host,
        header=tuple(header[:MAX_TEMPLATE_LINES]),
        inline=tuple(inline[:MAX_TEMPLATE_LINES]),
        footer=tuple(footer[:MAX_TEMPLATE_LINES]),
    )


def _passages(
    origin: str, paragraphs: list[str], registry: ActorRegistry, people: dict[str, Person]
) -> list[Passage]:
    """The page's paragraphs with the people and countries the project's extraction finds."""
    article = Article(
        id="material",
        sources=[origin],
        title="",
        title_inferred=False,
        author=None,
        published=None,
        publisher=None,
        url=None,
        dateline=None,
        paragraphs=paragraphs,
    )
    index = merge_actors([extract_actors(article, registry)], registry)
    types = {a.id: a.type for a in index.actors}
    for actor in index.actors:
        words = actor.name.split()
        if (
            actor.type == "person"
            and actor.id not in registry.by_id
            and 2 <= len(words) <= 3
            and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
        ):
            people.setdefault(actor.name, Person(name=actor.name, surname=words[-1]))
    slots: dict[int, list[Slot]] = {}
    for mention in index.mentions.get(article.id, []):
        slot = _slot(mention.actor_id, mention.surface, types.get(mention.actor_id), registry)
        if slot is not None:
            slots.setdefault(mention.paragraph, []).append(
                Slot(
                    start=mention.start,
                    end=mention.end,
                    actor=mention.actor_id,
                    kind=slot[0],
                    plural=slot[1],
                )
            )
    return [
        Passage(
            text=text,
            origin=origin,
            slots=tuple(_non_overlapping(slots.get(i, []))),
            sentences=tuple(sentence_spans(text)) or ((0, len(text)),),
        )
        for i, text in enumerate(paragraphs)
        if len(text.split()) >= MIN_PASSAGE_WORDS
    ]


def _slot(
    actor_id: str, surface: str, actor_type: str | None, registry: ActorRegistry
) -> tuple[str, bool] | None:
    words = surface.split()
    if actor_type == "person":
        if not all(w[:1].isupper() for w in words):
            return None  # a role phrase ("the Ukrainian leader"): left as written
        return ("person", False) if len(words) >= 2 else ("surname", False)
    entry = registry.by_id.get(actor_id)
    if actor_type != "country" or entry is None:
        return None
    if surface in entry.names:
        return "country", False
    if surface in entry.adjectives:
        return "demonym", surface.endswith("s")
    return None


def _non_overlapping(slots: list[Slot]) -> list[Slot]:
    kept: list[Slot] = []
    for slot in sorted(slots, key=lambda s: (s.start, -s.end)):
        if not kept or slot.start >= kept[-1].end:
            kept.append(slot)
    return kept
