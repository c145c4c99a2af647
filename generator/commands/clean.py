"""`clean` as a library function: raw dumps to their article records, one by one.

Each file goes through clean, normalize and (with registries) the per-article
analysis, with no corpus around it: what a contributor runs to see why a
block was dropped or which rule matched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..analyze.registries import Registries
from ..ingest import SeedFile, iter_inputs
from ..model.analysis import ArticleActors, ArticleTopics
from ..model.export import article_to_json, hit_records
from ..model.records import Article, Rejection
from ..pipeline import analyze_article, process_seed


@dataclass(slots=True, kw_only=True)
class CleanResult:
    """One file through clean, normalize and per-article analysis, for `clean`."""

    source: str
    outcome: Article | Rejection
    actors: ArticleActors | None = None
    topics: ArticleTopics | None = None

    def body_text(self) -> str:
        if isinstance(self.outcome, Rejection):
            return ""
        return "\n\n".join(self.outcome.paragraphs) + "\n"

    def record(self) -> dict[str, Any]:
        if isinstance(self.outcome, Rejection):
            return {"source": self.source, "rejected": self.outcome.reason}
        article = self.outcome
        data = article_to_json(article)  # the export's record and what was removed
        if self.actors is not None:
            data["actors"] = sorted({m.actor_id for m in self.actors.mentions})
            data["actor_mentions"] = [
                {"actor": m.actor_id, "paragraph": m.paragraph + 1, "text": m.surface}
                for m in self.actors.mentions
            ]
            data["actor_candidates"] = [
                {"name": name, "reason": reason} for name, reason in self.actors.candidates
            ]
        if self.topics is not None:
            data["topics"] = list(self.topics.topics)
            data["topic_matches"] = hit_records(self.topics.hits)
        return data


def clean_seed(seed: SeedFile, registries: Registries | None) -> CleanResult:
    outcome = process_seed(seed)
    result = CleanResult(source=seed.source, outcome=outcome)
    if registries is not None and isinstance(outcome, Article):
        result.actors, result.topics = analyze_article(outcome, registries=registries)
    return result


def read_clean_inputs(
    files: Sequence[str], *, max_bytes: int, stdin: BinaryIO
) -> list[SeedFile | Rejection]:
    """The named files (`-`: standard input) as seeds, or rejections with their reasons."""
    inputs: list[SeedFile | Rejection] = []
    paths: list[Path] = []
    for name in files:
        if name == "-":
            inputs.append(SeedFile(source="stdin", data=stdin.read(), sidecar={}))
        else:
            paths.append(Path(name))
    inputs.extend(iter_inputs(paths, max_bytes=max_bytes))
    return inputs


def clean_inputs(
    inputs: Sequence[SeedFile | Rejection], registries: Registries | None
) -> Iterator[CleanResult | Rejection]:
    """Each input cleaned in turn (a rejected input passes through as it is)."""
    for item in inputs:
        yield item if isinstance(item, Rejection) else clean_seed(item, registries)
