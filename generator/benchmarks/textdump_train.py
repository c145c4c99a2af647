"""Train the text-dump block classifier with document-grouped cross-validation.

Offline tool, not used at run time. It needs numpy, which the project does not
depend on; run it from a scratch environment that has numpy next to the
project's dependencies:

    python -m generator.benchmarks.textdump_train [--bench DIR] [--folds 5] [--out FILE]

Labels come from the benchmark's human-annotated bodies: a block is body when
at least half of its word 4-grams occur in the gold text (a block of fewer
than four words when its words occur in the gold text *and* a neighbouring
block is body, so a lone "Nutrition" menu item matching a gold word is not).

Every document is scored by the model of the fold that did not train on it,
through the full `extract_with_model` pipeline, with the benchmark's own
scorer; those cross-validated figures are written into the model file. The
shipped weights are then fitted on all documents.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..clean.textdump import extract_with_model
from ..clean.textdump_blocks import (
    CONTEXT_FEATURES,
    LOCAL_FEATURES,
    Stats,
    block_stats,
    context_features,
    local_features,
    repeated_flags,
    segment,
    short_runs,
)
from ..clean.textdump_model import MODEL_PATH, BlockModel, Linear
from .extraction import default_bench_dir, load_evaluate

THRESHOLD = 0.5  # fixed in advance, not tuned on the benchmark
L2 = 1e-3
_WORD = re.compile(r"\w+")


@dataclass(slots=True, kw_only=True)
class Doc:
    id: str
    local: list[list[float]]
    stats: list[Stats]
    runs: list[int]
    labels: list[float]
    weights: list[float]


def _shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    if len(tokens) < 4:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]


def block_labels(texts: list[str], gold: str) -> list[float]:
    """1.0 for blocks of the annotated body, else 0.0 (see the module docstring)."""
    gold_tokens = _WORD.findall(gold)
    gold_shingles = set(_shingles(gold_tokens))
    gold_joined = " " + " ".join(gold_tokens) + " "
    raw: list[float | None] = []
    for text in texts:
        tokens = _WORD.findall(text)
        if len(tokens) >= 4:
            shingles = _shingles(tokens)
            share = sum(s in gold_shingles for s in shingles) / len(shingles)
            raw.append(1.0 if share >= 0.5 else 0.0)
        elif tokens and f" {' '.join(tokens)} " in gold_joined:
            raw.append(None)  # decided by the neighbours below
        else:
            raw.append(0.0)
    labels: list[float] = []
    for i, value in enumerate(raw):
        if value is None:
            near = (raw[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(raw))
            value = 1.0 if any(v == 1.0 for v in near) else 0.0
        labels.append(value)
    return labels


def load_docs(bench: Path, gold: dict[str, Any]) -> tuple[list[Doc], dict[str, str]]:
    docs: list[Doc] = []
    raw_texts: dict[str, str] = {}
    for doc_id in sorted(gold):
        text = (bench / "textdump" / f"{doc_id}.txt").read_text(encoding="utf-8")
        raw_texts[doc_id] = text
        blocks = segment(text)
        texts = [b.text for b in blocks]
        stats = [block_stats(t) for t in texts]
        repeated = repeated_flags(texts)
        local = [local_features(b, s, r) for b, s, r in zip(blocks, stats, repeated, strict=True)]
        # Weight blocks by words (the metric counts words), each document summing
        # to one (the metric is a macro average over documents).
        sizes = [s.words + 1.0 for s in stats]
        total = sum(sizes) or 1.0
        docs.append(
            Doc(
                id=doc_id,
                local=local,
                stats=stats,
                runs=short_runs(stats),
                labels=block_labels(texts, gold[doc_id].get("articleBody", "")),
                weights=[size / total for size in sizes],
            )
        )
    return docs, raw_texts


def fit_logistic(np: Any, rows: Any, labels: Any, weights: Any) -> Linear:
    """Weighted, L2-regularised logistic regression by Newton's method."""
    mean = rows.mean(0)
    scale = rows.std(0) + 1e-9
    z = (rows - mean) / scale
    n_features = z.shape[1]
    design = np.hstack([z, np.ones((z.shape[0], 1))])
    beta = np.zeros(n_features + 1)
    penalty = np.eye(n_features + 1) * L2
    penalty[-1, -1] = 0.0  # the bias is not regularised
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (weights * (p - labels)) + penalty @ beta
        curvature = weights * p * (1 - p) + 1e-12
        hessian = (design.T * curvature) @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    # Fold the standardisation into the weights: the runtime sees raw features.
    coefficients = beta[:-1] / scale
    bias = float(beta[-1] - np.sum(beta[:-1] * mean / scale))
    return Linear(weights=tuple(float(c) for c in coefficients), bias=bias)


def train(np: Any, docs: list[Doc]) -> BlockModel:
    labels = np.array([y for d in docs for y in d.labels])
    weights = np.array([w for d in docs for w in d.weights])
    stage1 = fit_logistic(np, np.array([row for d in docs for row in d.local]), labels, weights)
    rows: list[list[float]] = []
    for d in docs:
        first = [stage1.score(row) for row in d.local]
        context = context_features(first, d.stats, d.runs)
        rows.extend(row + extra for row, extra in zip(d.local, context, strict=True))
    stage2 = fit_logistic(np, np.array(rows), labels, weights)
    return BlockModel(stage1=stage1, stage2=stage2, threshold=THRESHOLD)


def cross_validate(
    np: Any, docs: list[Doc], raw_texts: dict[str, str], folds: int
) -> dict[str, str]:
    """Each document's body as extracted by the fold model that never saw it."""
    predictions: dict[str, str] = {}
    for fold in range(folds):
        # Documents are assigned to folds by their sorted position: grouped by
        # document, so no block of a test page is ever in its training set.
        training = [d for k, d in enumerate(docs) if k % folds != fold]
        model = train(np, training)
        for k, d in enumerate(docs):
            if k % folds == fold:
                extraction = extract_with_model(raw_texts[d.id], model)
                predictions[d.id] = "\n\n".join(extraction.paragraphs)
    return predictions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bench", type=Path, default=default_bench_dir())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    np = importlib.import_module("numpy")
    evaluate = load_evaluate(args.bench)
    gold = evaluate.load_gold(args.bench)
    docs, raw_texts = load_docs(args.bench, gold)
    predictions = cross_validate(np, docs, raw_texts, args.folds)
    summary = evaluate.summarize(evaluate.score_predictions(gold, predictions))
    cv = {key: round(float(value), 4) for key, value in summary.items()}
    print(f"{args.folds}-fold document-grouped CV:", cv)
    model = train(np, docs)
    payload = model.to_json(
        trained_on=f"{len(docs)} pages of {args.bench.name} (textdump)",
        cross_validation={"folds": args.folds, "grouping": "document", **cv},
        labels="block is body when >= half its word 4-grams are in the gold articleBody",
        local_feature_count=len(LOCAL_FEATURES),
        context_feature_count=len(CONTEXT_FEATURES),
    )
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
