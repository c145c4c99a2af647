"""The text-dump block classifier: two logistic regressions stacked.

Stage 1 scores each block on its own features (`LOCAL_FEATURES`). Stage 2
sees the same features plus how each block sits among the stage-1 scores of
its neighbours and relative to the main run of prose (`CONTEXT_FEATURES`), so
a short line between two body paragraphs (a subhead) can be kept while the
same line in a menu is not.

The weights live in ``generator/data/textdump_model.json``, written by
`generator.benchmarks.textdump_train` with document-grouped cross-validation; the file records the
cross-validated benchmark figures next to the weights. Pure Python at run time.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .textdump_blocks import CONTEXT_FEATURES, LOCAL_FEATURES, Stats, context_features

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "textdump_model.json"
FORMAT = 1


@dataclass(slots=True, kw_only=True, frozen=True)
class Linear:
    """A logistic regression over raw (unstandardized) feature values."""

    weights: tuple[float, ...]
    bias: float

    def score(self, row: list[float]) -> float:
        if len(row) != len(self.weights):
            raise ValueError(f"expected {len(self.weights)} features, got {len(row)}")
        # map(mul) adds the same products in the same order as a generator would,
        # without a Python frame per feature.
        z = self.bias + sum(map(operator.mul, self.weights, row))
        # Clamp so a wild feature value cannot overflow exp().
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(slots=True, kw_only=True, frozen=True)
class BlockModel:
    """Both stages and the probability a block needs to be kept."""

    stage1: Linear
    stage2: Linear
    threshold: float

    def to_json(self, **extra: Any) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "local_features": list(LOCAL_FEATURES),
            "context_features": list(CONTEXT_FEATURES),
            "stage1": {"weights": list(self.stage1.weights), "bias": self.stage1.bias},
            "stage2": {"weights": list(self.stage2.weights), "bias": self.stage2.bias},
            "threshold": self.threshold,
            **extra,
        }


def model_from_json(data: dict[str, Any]) -> BlockModel:
    """A model from its JSON form; refuses weights trained on other features."""
    if data.get("format") != FORMAT:
        raise ValueError(f"text-dump model format {data.get('format')!r}, expected {FORMAT}")
    if (
        tuple(data["local_features"]) != LOCAL_FEATURES
        or tuple(data["context_features"]) != CONTEXT_FEATURES
    ):
        raise ValueError("text-dump model was trained on different features; retrain it")
    return BlockModel(
        stage1=_linear(data["stage1"], len(LOCAL_FEATURES)),
        stage2=_linear(data["stage2"], len(LOCAL_FEATURES) + len(CONTEXT_FEATURES)),
        threshold=float(data["threshold"]),
    )


def _linear(data: dict[str, Any], size: int) -> Linear:
    weights = tuple(float(w) for w in data["weights"])
    if len(weights) != size:
        raise ValueError(f"expected {size} weights, got {len(weights)}")
    return Linear(weights=weights, bias=float(data["bias"]))


def load_model(path: Path = MODEL_PATH) -> BlockModel:
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))


def block_probabilities(
    model: BlockModel, local: list[list[float]], stats: list[Stats], runs: list[int]
) -> list[float]:
    """Probability that each block is article body."""
    first = [model.stage1.score(row) for row in local]
    context = context_features(first, stats, runs)
    return [model.stage2.score(row + extra) for row, extra in zip(local, context, strict=True)]
