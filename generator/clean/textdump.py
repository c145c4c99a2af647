"""Plain-text dump cleaning: the article body and metadata of a page's innerText.

Steps, each in its own module:

1. `textdump_blocks.segment` splits the dump into blocks (lines, hard-wrapped
   prose joined) and computes cheap per-block statistics and features.
2. `textdump_model` scores every block with a two-stage logistic regression
   trained, with document-grouped cross-validation, on an external benchmark;
   stage 2 sees each block's neighbours and the main run of prose.
3. Here: a reader-comment section after the body is cut, the headline, byline
   and date are read (`textdump_meta`) and taken out of the body, repeated and
   near-duplicate paragraphs are dropped (`dedupe`), and every dropped block is
   recorded with a reason an editor can audit.
"""

from __future__ import annotations

from ..model.records import Extraction, Removal
from .dedupe import dedupe_paragraphs
from .textdump_blocks import (
    Stats,
    block_stats,
    is_prose,
    local_features,
    repeated_flags,
    segment,
    short_runs,
)
from .textdump_meta import (
    find_dateline,
    find_header,
    headline_in_body,
    short_title,
    without_dateline,
)
from .textdump_model import BlockModel, block_probabilities, load_model

MODEL = load_model()
# A comment section needs this much body above it, and two comment markers.
COMMENT_MIN_BODY_WORDS = 50
COMMENT_MIN_MARKERS = 2


def extract_text_dump(text: str, *, audit: bool = True) -> Extraction:
    """Body paragraphs and metadata of a plain-text dump of a news page.

    `audit=False` leaves out why each dropped block was dropped (`removed`),
    which a corpus build does not keep.
    """
    return extract_with_model(text, MODEL, audit=audit)


def extract_with_model(text: str, model: BlockModel, *, audit: bool = True) -> Extraction:
    """`extract_text_dump` with an explicit classifier (cross-validation uses it)."""
    blocks = segment(text)
    texts = [b.text for b in blocks]
    stats = [block_stats(t) for t in texts]
    repeated = repeated_flags(texts)
    local = [local_features(b, s, r) for b, s, r in zip(blocks, stats, repeated, strict=True)]
    runs = short_runs(stats)
    probabilities = block_probabilities(model, local, stats, runs)
    keep = [p >= model.threshold for p in probabilities]
    reasons: dict[int, str] = {}
    _cut_comments(stats, keep, reasons)
    if not any(keep):
        # The classifier found nothing: fall back to plain prose lines rather
        # than return an empty article.
        keep = [is_prose(s) for s in stats]

    header = find_header(texts, stats, keep)
    title, title_inferred = header.title, False
    if header.title_index is not None:
        _drop(keep, reasons, header.title_index, "headline kept as title")
    for i in header.author_indexes:
        _drop(keep, reasons, i, "byline")
    for i in header.date_indexes:
        _drop(keep, reasons, i, "date line")

    kept = [i for i, k in enumerate(keep) if k]
    if title is None:
        inner = headline_in_body(texts, stats, kept)
        if inner is not None:
            title, title_inferred = texts[inner], True
            _drop(keep, reasons, inner, "mid-text headline")
            kept.remove(inner)

    paragraphs, duplicates = dedupe_paragraphs([texts[i] for i in kept])
    dateline = find_dateline(paragraphs[0]) if paragraphs else None
    if title is None and paragraphs:
        title, title_inferred = short_title(without_dateline(paragraphs[0])), True

    removed: list[Removal] = []
    if audit:
        removed = [
            Removal(
                text=texts[i],
                reason=reasons.get(i)
                or ("byline" if texts[i] == header.author else None)
                or _reason(i, texts, stats, runs, repeated),
            )
            for i, k in enumerate(keep)
            if not k
        ]
        removed.extend(duplicates)
    return Extraction(
        paragraphs=paragraphs,
        title=title,
        title_inferred=title_inferred,
        author=header.author,
        published=header.published,
        dateline=dateline,
        removed=removed,
        deduplicated=True,
    )


def _drop(keep: list[bool], reasons: dict[int, str], index: int, reason: str) -> None:
    keep[index] = False
    reasons[index] = reason


def _cut_comments(stats: list[Stats], keep: list[bool], reasons: dict[int, str]) -> None:
    """Drop everything from the start of a reader-comment section on.

    Comments read like prose, so the classifier alone keeps some. A comment
    section is recognised structurally: comment markers ("N comments", "jdoe
    says:", "2 days ago at 07:52 am") below a body that has already started.
    """
    markers_left = sum(s.comment_head for s in stats)
    body = 0
    for i, s in enumerate(stats):
        if s.comment_head:
            if body >= COMMENT_MIN_BODY_WORDS and markers_left >= COMMENT_MIN_MARKERS:
                for j in range(i, len(keep)):
                    if keep[j]:
                        _drop(keep, reasons, j, "reader comment")
                return
            markers_left -= 1
        if keep[i]:
            body += s.words


def _reason(
    i: int, texts: list[str], stats: list[Stats], runs: list[int], repeated: list[bool]
) -> str:
    """A short, machine-readable-ish reason why block `i` is not body text."""
    s = stats[i]
    if s.bullet and runs[i] >= 2:
        return "numbered list of headlines"
    if s.counter:
        return "counter"
    if s.comment_head:
        return "comment marker"
    if s.end_marker:
        lowered = texts[i].lower()
        if "source" in lowered or "related" in lowered:
            return "related-sources footer"
        return "list heading"
    if s.legal:
        lowered = texts[i].lower()
        if "©" in lowered or "rights reserved" in lowered or "copyright" in lowered:
            return "copyright line"
        return "cookie or legal notice"
    if s.share:
        return "share prompt"
    if s.account:
        return "subscribe or sign-in prompt"
    if s.byline:
        return "byline"
    if s.caption:
        return "duplicate caption" if repeated[i] else "photo caption"
    if s.url:
        return "link or e-mail"
    if s.all_caps and s.words <= 3:
        return "category label"
    if s.date and s.words <= 12:
        return "date line"
    if not s.terminal and s.words >= 4 and s.title_ratio >= 0.5:
        return "headline of another story"
    if runs[i] >= 3:
        return "navigation run"
    if repeated[i]:
        return "repeated line"
    return "outside the main text"
