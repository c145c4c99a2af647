"""Actors on text the rules were not written for: twelve benchmark news articles.

The seeds' gold (tests/data/actors_gold.yaml) is in-sample: the registry and the
rules were built while reading those five articles. This gold list was judged on
articles from the external extraction benchmark. Four fixes were made after
reading them (dateline agency credits, box bylines, honorifics without a full stop,
roles in commas) and WikiLeaks, Voice of America and "Ecuadorean" joined the
registry, so the set is out-of-domain rather than blind; no entry was added to
the registry for any other name the extractor missed here. Its figures are in
docs/quality.md; run `pytest tests/test_actors_heldout.py -s` to print them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.analyze.actor_registry import load_actor_registry
from generator.analyze.actors import extract_actors, merge_actors
from generator.model.records import Article

from .articles import make_article
from .benchscore import BENCH_DIR

REPO = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "data" / "actors_heldout.yaml"
TYPES = ("person", "organization", "country")

# Measured 2026-12-02: person P 1.000 R 0.826 (38 found, 46 in gold), organisation
# P 1.000 R 0.458 (22, 48), country P 1.000 R 1.000 (46, 46). Pinned a little under
# the figures; they only move up, and only deliberately.
PRECISION_FLOOR = {"person": 0.95, "organization": 0.95, "country": 0.95}
RECALL_FLOOR = {"person": 0.80, "organization": 0.43, "country": 0.95}

pytestmark = pytest.mark.skipif(
    not (BENCH_DIR / "ground-truth.json").is_file(),
    reason=f"extraction benchmark not found at {BENCH_DIR} (set EXTRACTION_BENCH)",
)


def heldout_articles(gold: dict[str, dict[str, object]]) -> list[Article]:
    truth = json.loads((BENCH_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    articles = []
    for prefix in gold:
        (key,) = [k for k in truth if k.startswith(prefix)]
        body = truth[key]["articleBody"]
        articles.append(
            make_article(
                *(line.strip() for line in body.split("\n") if line.strip()),
                article_id=prefix,
                title="",
                sources=[key],
                url=truth[key].get("url"),
            )
        )
    return articles


def test_heldout_precision_and_recall() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["articles"]
    registry = load_actor_registry(REPO / "registry" / "actors.yml")
    articles = heldout_articles(gold)
    index = merge_actors([extract_actors(a, registry) for a in articles], registry)
    types = {a.id: a.type for a in index.actors}
    names = {a.id: a.name.casefold() for a in index.actors}
    predicted = {
        (article_id, m.actor_id) for article_id, found in index.mentions.items() for m in found
    }
    lines = []
    for actor_type in TYPES:
        want = {(a, i) for a, entry in gold.items() for i in entry.get(actor_type) or []}
        got = {(a, i) for a, i in predicted if types[i] == actor_type}
        hits = len(want & got)
        precision = hits / len(got) if got else 1.0
        recall = hits / len(want) if want else 1.0
        lines.append((actor_type, precision, recall, len(got), len(want), got - want, want - got))
    for actor_type, precision, recall, n_got, n_want, extra, missing in lines:
        print(
            f"{actor_type:13} precision {precision:.3f} ({n_got} found) "
            f"recall {recall:.3f} ({n_want} in gold)"
        )
        print(f"{'':13} spurious {sorted(extra)}\n{'':13} missed {sorted(missing)}")
    for actor_type, precision, recall, *_ in lines:
        assert precision >= PRECISION_FLOOR[actor_type], actor_type
        assert recall >= RECALL_FLOOR[actor_type], actor_type
    for article_id, entry in gold.items():
        own = {names[i] for a, i in predicted if a == article_id}
        for bad in entry.get("not_actors") or []:
            assert bad.casefold() not in own, (article_id, bad)
