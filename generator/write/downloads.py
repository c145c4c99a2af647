"""The data served with the site under `data/`: the corpus as JSON, and CSV tables.

`data/corpus.json` is exactly what `export` writes (`model.export`); the CSV
files are flat views of it for spreadsheets and dataframes. Their columns are
documented on the About page (`docs/about.md`, "Data downloads").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..model.corpus import Corpus
from ..model.export import corpus_to_dict, dumps

DATA_DIR = "data"
ARTICLE_COLUMNS = (
    "id",
    "title",
    "author",
    "published",
    "publisher",
    "url",
    "sources",
    "paragraphs",
    "actors",
    "topics",
)
ACTOR_COLUMNS = ("id", "name", "type", "wikidata", "description", "aliases", "articles")
MENTION_COLUMNS = ("article", "actor", "paragraph", "start", "end", "surface")
# A cell a spreadsheet would run as a formula (OWASP "CSV injection") gets a leading
# apostrophe; scraped text decides what the cells say, never what they compute.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def data_files(corpus: Corpus) -> dict[str, str]:
    """{site-relative path: text} of every download."""
    articles = _table(
        ARTICLE_COLUMNS,
        (
            (
                a.id,
                a.title,
                a.author,
                a.published,
                a.publisher,
                a.url,
                LIST_SEPARATOR.join(a.sources),
                len(a.paragraphs),
                LIST_SEPARATOR.join(a.actors),
                LIST_SEPARATOR.join(a.topics),
            )
            for a in corpus.articles
        ),
    )
    actors = _table(
        ACTOR_COLUMNS,
        (
            (
                a.id,
                a.name,
                a.type,
                a.wikidata,
                a.description,
                LIST_SEPARATOR.join(a.aliases),
                len(a.articles),
            )
            for a in corpus.actors.actors
        ),
    )
    mentions = _table(
        MENTION_COLUMNS,
        (
            (article_id, m.actor_id, m.paragraph + 1, m.start, m.end, m.surface)
            for article_id in sorted(corpus.actors.mentions)
            for m in corpus.actors.mentions[article_id]
        ),
    )
    return {
        f"{DATA_DIR}/corpus.json": dumps(corpus_to_dict(corpus)),
        f"{DATA_DIR}/articles.csv": articles,
        f"{DATA_DIR}/actors.csv": actors,
        f"{DATA_DIR}/mentions.csv": mentions,
    }
