"""Stable, safe slugs for page names."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 60
# Page names a section already uses: `articles/index.md` and the like are the
# section index pages, so no article, actor or topic may be called that.
RESERVED_IDS = frozenset({"index"})


def slugify(value: str, *, fallback: str = "item", max_length: int = MAX_SLUG_LENGTH) -> str:
    """ASCII, lowercase, hyphen-separated; safe as a file name on any system.

    The result only ever contains [a-z0-9-], so nothing in the input can make
    a path that leaves the folder it is written to.
    """
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", folded.lower().replace("’", "").replace("'", "")).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    return slug or fallback
