"""A deterministic benchmark corpus: N distinct articles made from real material.

Article `i` is a function of the material, the seed and `i` only (and of the
articles before it, which it must not duplicate), so the corpus of N + 1
articles is the corpus of N plus one file: that is how the incremental
benchmark adds one article.

Each article has 5-10 paragraphs. A paragraph is a run of one to three
consecutive sentences of one real passage, often followed by a run from a
second one: there are far more such runs than passages, so articles share
little text even at 10,000 of them, and an article the cleaner cuts short
still shares too little with any other to look like a copy. The lead
paragraph names someone. People and countries are recast with a cast drawn
for the article (registry actors and people from the material, famous ones
more often, so actor pages exist at scale and some actors recur across
thousands of articles). The chrome of one real page goes around the body, and
the article is written either as a plain-text dump (like the seeds) or as an
HTML page. A draw that shares too much text with an earlier article is
redrawn, checked the way `generator.link` checks near-duplicates, with a wide
margin below its threshold.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ...link import MAX_POSTINGS, fingerprint
from .material import Country, Material, Passage, Person, Template

DEFAULT_SEED = 20_251_101
MANIFEST = ".bench-corpus.json"
FORMAT_VERSION = 1
# generator.link merges at 0.5 shared; redraw well below that, since the
# cleaner may keep or drop a line the intended body has.
MAX_CONTAINMENT = 0.25
MAX_DRAWS = 200
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 5, 10
HTML_SHARE = 0.5
PEOPLE_PER_ARTICLE = (1, 4)
MAX_RUN_SENTENCES = 3
MIN_RUN_WORDS = 15
SECOND_RUN_SHARE = 0.5
TITLE_WORDS = 11
# The cast is drawn with weights 1 / (rank + ZIPF_OFFSET): a few actors in many
# articles, a long tail in one or two, as in news.
ZIPF_OFFSET = 3
RECOMBINED_PEOPLE = 6_000  # given names and surnames of the material, recombined
FIRST_DAY = 737_060  # 2019-01-01 as a proleptic Gregorian ordinal
DAYS = 6 * 365
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_FILE = re.compile(r"^\d{6}_[0-9a-f]{16}\.(?:txt|html)$")


@dataclass(slots=True, kw_only=True, frozen=True)
class GeneratedArticle:
    name: str  # file name: NNNNNN_<16 hex>.txt|html
    kind: str  # "text" | "html"
    data: bytes
    title: str
    paragraphs: tuple[str, ...]  # the intended body
    people: tuple[str, ...]  # the cast's names


@dataclass(slots=True, kw_only=True)
class _Cast:
    people: dict[str, Person] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class _Pools:
    people: list[Person]
    people_weights: list[float]
    countries: list[Country]
    country_weights: list[float]
    leads: list[int]  # indexes of passages that name someone
    others: list[int]


@dataclass(slots=True, kw_only=True)
class _Index:
    """Sampled shingles of the articles so far, as generator.link indexes them."""

    postings: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    sizes: list[int] = field(default_factory=list)

    def containment(self, prints: frozenset[int]) -> float:
        shared: Counter[int] = Counter()
        for value in prints:
            plist = self.postings.get(value, [])
            if len(plist) < MAX_POSTINGS:
                shared.update(plist)
        best = 0.0
        for other, count in shared.items():
            best = max(best, count / (min(len(prints), self.sizes[other]) or 1))
        return best

    def add(self, prints: frozenset[int]) -> None:
        position = len(self.sizes)
        self.sizes.append(len(prints))
        for value in prints:
            self.postings[value].append(position)


def generate_articles(
    material: Material, count: int, *, seed: int = DEFAULT_SEED
) -> Iterator[GeneratedArticle]:
    """The first `count` articles of the benchmark corpus, in order."""
    pools = _pools(material, seed)
    index = _Index()
    for number in range(count):
        for draw in range(MAX_DRAWS):
            rng = random.Random(f"{seed}:{number}:{draw}")
            article = _article(material, pools, rng, number)
            prints = fingerprint(article.paragraphs)
            if index.containment(prints) < MAX_CONTAINMENT:
                index.add(prints)
                yield article
                break
        else:
            raise RuntimeError(f"article {number}: no distinct draw in {MAX_DRAWS} tries")


def _pools(material: Material, seed: int) -> _Pools:
    rng = random.Random(f"{seed}:people")
    people = list(material.people)
    known = {p.name for p in people}
    for _ in range(RECOMBINED_PEOPLE):
        given = rng.choice(material.given_names)
        surname = rng.choice(material.surnames)
        name = f"{given} {surname}"
        if name not in known and given != surname:
            known.add(name)
            people.append(Person(name=name, surname=surname))
    countries = list(material.countries)
    leads = [i for i, p in enumerate(material.passages) if p.slots]
    others = [i for i, p in enumerate(material.passages) if not p.slots]
    return _Pools(
        people=people,
        people_weights=[1 / (rank + ZIPF_OFFSET) for rank in range(len(people))],
        countries=countries,
        country_weights=[1 / (rank + ZIPF_OFFSET) for rank in range(len(countries))],
        leads=leads,
        others=others,
    )


def _article(
    material: Material, pools: _Pools, rng: random.Random, number: int
) -> GeneratedArticle:
    size = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
    named = rng.randint(2, max(2, size // 2))
    sources = [rng.choice(pools.leads) for _ in range(named)]
    sources += [rng.choice(pools.others) for _ in range(size - named)]
    lead, rest = sources[0], sources[1:]
    rng.shuffle(rest)
    cast = _Cast()
    wanted = rng.randint(*PEOPLE_PER_ARTICLE)
    draws = rng.choices(pools.people, weights=pools.people_weights, k=wanted)
    cast_people = list(dict.fromkeys(draws))
    paragraphs: list[str] = []
    for position, source in enumerate([lead, *rest]):
        passage = material.passages[source]
        pieces = [_window(passage, cast, cast_people, pools, rng, lead=position == 0)]
        if rng.random() < SECOND_RUN_SHARE:
            other = material.passages[rng.randrange(len(material.passages))]
            pieces.append(_window(other, cast, cast_people, pools, rng, lead=False))
        paragraphs.append(" ".join(pieces))
    template = material.templates[rng.randrange(len(material.templates))]
    title = _title(paragraphs[0])
    author = f"{rng.choice(material.given_names)} {rng.choice(material.surnames)}"
    day = FIRST_DAY + rng.randrange(DAYS)
    kind = "html" if rng.random() < HTML_SHARE else "text"
    if kind == "html":
        text = _html_page(template, title, author, day, paragraphs, rng, number)
    else:
        text = _text_dump(template, title, author, day, paragraphs, rng)
    data = text.encode("utf-8")
    digest = hashlib.blake2b(data, digest_size=8).hexdigest()
    return GeneratedArticle(
        name=f"{number:06d}_{digest}.{'html' if kind == 'html' else 'txt'}",
        kind=kind,
        data=data,
        title=title,
        paragraphs=tuple(paragraphs),
        people=tuple(p.name for p in cast.people.values()),
    )


def _window(
    passage: Passage,
    cast: _Cast,
    wanted: list[Person],
    pools: _Pools,
    rng: random.Random,
    *,
    lead: bool,
) -> str:
    """One to three consecutive sentences of the passage (at least MIN_RUN_WORDS), recast.

    The lead run starts at a sentence that names someone, when there is one.
    """
    sentences = passage.sentences
    starts = list(range(len(sentences)))
    if lead:
        named = [
            i for i, (a, b) in enumerate(sentences) if any(a <= s.start < b for s in passage.slots)
        ]
        starts = named or starts
    first = rng.choice(starts)
    last = min(len(sentences), first + rng.randint(1, MAX_RUN_SENTENCES)) - 1
    while last + 1 < len(sentences) and _words(passage, first, last) < MIN_RUN_WORDS:
        last += 1
    while first > 0 and _words(passage, first, last) < MIN_RUN_WORDS:
        first -= 1
    return _recast(passage, sentences[first][0], sentences[last][1], cast, wanted, pools, rng)


def _words(passage: Passage, first: int, last: int) -> int:
    return len(passage.text[passage.sentences[first][0] : passage.sentences[last][1]].split())


def _recast(
    passage: Passage,
    start: int,
    end: int,
    cast: _Cast,
    wanted: list[Person],
    pools: _Pools,
    rng: random.Random,
) -> str:
    """passage.text[start:end] with its people and countries replaced by the article's cast."""
    out: list[str] = []
    cursor = start
    for slot in passage.slots:
        if slot.start < start or slot.end > end:
            continue
        surface = passage.text[slot.start : slot.end]
        if slot.kind in ("person", "surname"):
            person = cast.people.get(slot.actor)
            if person is None:
                person = wanted.pop(0) if wanted else _draw_person(pools, rng)
                cast.people[slot.actor] = person
            replacement = person.name if slot.kind == "person" else person.surname
        else:
            country = cast.countries.get(slot.actor)
            if country is None:
                country = rng.choices(pools.countries, weights=pools.country_weights)[0]
                cast.countries[slot.actor] = country
            if slot.kind == "country":
                replacement = country.name
            elif slot.plural:
                replacement = country.plural or surface
            else:
                replacement = country.demonym
        out.append(passage.text[cursor : slot.start])
        out.append(replacement)
        cursor = slot.end
    out.append(passage.text[cursor:end])
    return "".join(out).strip()


def _draw_person(pools: _Pools, rng: random.Random) -> Person:
    return rng.choices(pools.people, weights=pools.people_weights)[0]


def _title(lead: str) -> str:
    sentence = _SENTENCE.split(lead, maxsplit=1)[0]
    words = sentence.split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(".,;:!?")
    return title if len(words) <= TITLE_WORDS else title + "…"


def _date(day: int) -> tuple[str, str]:
    """(ISO date, "March 3, 2024")."""
    value = date.fromordinal(day)
    return value.isoformat(), f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def _some(lines: Sequence[str], rng: random.Random, share: float) -> list[str]:
    return [line for line in lines if rng.random() < share]


def _text_dump(
    template: Template,
    title: str,
    author: str,
    day: int,
    paragraphs: Sequence[str],
    rng: random.Random,
) -> str:
    """Like a page's innerText: menus, the headline block, blank-separated paragraphs, footer."""
    _, printed = _date(day)
    lines = _some(template.header, rng, 0.8)
    lines += ["", title, "", f"By {author}", printed, ""]
    inline = list(template.inline)
    for number, paragraph in enumerate(paragraphs):
        lines += [paragraph, ""]
        if inline and number and rng.random() < 0.25:
            lines += [inline[rng.randrange(len(inline))], ""]
    lines += _some(template.footer, rng, 0.8)
    return "\n".join(lines) + "\n"


def _html_page(
    template: Template,
    title: str,
    author: str,
    day: int,
    paragraphs: Sequence[str],
    rng: random.Random,
    number: int,
) -> str:
    iso, printed = _date(day)
    e = html.escape
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    url = f"https://{template.host}/{iso[:4]}/{iso[5:7]}/{slug}-{number}"
    nav = "".join(
        f'<li><a href="/{i}">{e(line)}</a></li>'
        for i, line in enumerate(_some(template.header, rng, 0.8))
    )
    body: list[str] = []
    inline = list(template.inline)
    for position, paragraph in enumerate(paragraphs):
        body.append(f"<p>{e(paragraph)}</p>")
        if inline and position and rng.random() < 0.25:
            body.append(f'<div class="ad">{e(inline[rng.randrange(len(inline))])}</div>')
    footer = "".join(f"<li>{e(line)}</li>" for line in _some(template.footer, rng, 0.8))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{e(title)} | '
        f"{e(template.publisher)}</title>"
        f'<meta property="og:title" content="{e(title)}">'
        f'<meta property="og:site_name" content="{e(template.publisher)}">'
        f'<meta name="author" content="{e(author)}">'
        f'<meta property="article:published_time" content="{iso}T08:00:00Z">'
        f'<link rel="canonical" href="{e(url)}"></head>\n'
        f"<body><header><nav><ul>{nav}</ul></nav></header>\n<main><article>"
        f'<h1>{e(title)}</h1><p class="byline">By {e(author)}</p>'
        f'<time datetime="{iso}">{printed}</time>\n' + "\n".join(body) + "\n</article></main>\n"
        f"<footer><ul>{footer}</ul></footer></body></html>\n"
    )


# --- writing a corpus folder ----------------------------------------------------------


@dataclass(slots=True, kw_only=True, frozen=True)
class CorpusInfo:
    folder: Path
    articles: int
    html: int
    text: int
    bytes: int
    reused: bool  # the folder already held this corpus
    spares: tuple[Path, ...]  # the next articles, kept aside in SPARE_DIR


SPARE_DIR = ".spare"  # hidden: not a seed until the benchmark moves one in


def write_corpus(
    folder: Path, material: Material, count: int, *, seed: int = DEFAULT_SEED, spares: int = 0
) -> CorpusInfo:
    """The first `count` articles as files in `folder`, the next `spares` aside in .spare/.

    The folder's manifest records what it holds, so an unchanged corpus is not
    generated again; generated files not in this corpus are removed, other
    files are left alone.
    """
    folder.mkdir(parents=True, exist_ok=True)
    spare_dir = folder / SPARE_DIR
    manifest = folder / MANIFEST
    identity = {
        "format": FORMAT_VERSION,
        "material": material.digest,
        "seed": seed,
        "generator": _generator_digest(),
    }
    try:
        existing = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        existing = {}
    if existing.get("identity") == identity and existing.get("count") == count:
        files = existing.get("files", [])
        spare_files = existing.get("spares", [])[:spares]
        if (
            len(spare_files) == spares
            and all((folder / name).is_file() for name in files)
            and all((spare_dir / name).is_file() for name in spare_files)
        ):
            return _info(folder, files, spare_files, reused=True)
    names: list[str] = []
    spare_names: list[str] = []
    for article in generate_articles(material, count + spares, seed=seed):
        if len(names) < count:
            target = folder / article.name
            names.append(article.name)
        else:
            spare_dir.mkdir(exist_ok=True)
            target = spare_dir / article.name
            spare_names.append(article.name)
        if not target.is_file() or target.read_bytes() != article.data:
            target.write_bytes(article.data)
    keep = set(names)
    for path in folder.iterdir():
        if _FILE.match(path.name) and path.name not in keep:
            path.unlink()
    manifest.write_text(
        json.dumps(
            {"identity": identity, "count": count, "files": names, "spares": spare_names},
            indent=1,
        ),
        "utf-8",
    )
    return _info(folder, names, spare_names, reused=False)


def _generator_digest() -> str:
    """The corpus is a function of this code too: a change regenerates it."""
    digest = hashlib.sha256()
    for module in ("corpus.py", "material.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def _info(folder: Path, names: Sequence[str], spares: Sequence[str], *, reused: bool) -> CorpusInfo:
    html_files = sum(1 for n in names if n.endswith(".html"))
    return CorpusInfo(
        folder=folder,
        articles=len(names),
        html=html_files,
        text=len(names) - html_files,
        bytes=sum((folder / n).stat().st_size for n in names),
        reused=reused,
        spares=tuple(folder / SPARE_DIR / n for n in spares),
    )
