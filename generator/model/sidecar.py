"""A seed's metadata sidecar (`<seed>.meta.yaml`): its keys and the one validator of its values.

`add` validates what a contributor types, ingest validates what a sidecar
holds (a bad value rejects the seed, the build goes on), and `check` does the
same and also refuses dates in the future: all three call `value_problem`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = ("url", "publisher", "published")
MAX_PUBLISHER_CHARS = 200
MAX_URL_CHARS = 2048
# Publication dates a sidecar may give. The build reads no clock, so its upper
# bound is fixed: a later date cannot be a real publication for decades, and
# from 2106 on it would overflow the 32-bit timestamps of the site's gzip files.
# `check` (which may read the clock) refuses any date after today.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Direction overrides and other invisible format characters (text.invisible).
_FORMAT = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def url_problem(url: str) -> str | None:
    """Why `url` is not an acceptable source URL (absolute http or https), or None."""
    if len(url) > MAX_URL_CHARS:
        return f"URL is longer than {MAX_URL_CHARS} characters"
    if _CONTROL.search(url) or _FORMAT.search(url) or any(c.isspace() for c in url):
        return "URL contains whitespace, control or invisible characters"
    parts = urlsplit(url)
    try:
        host = parts.hostname
    except ValueError:
        host = None
    if parts.scheme not in ("http", "https") or not host:
        return f"not an http(s) URL: {url[:80]!r}"
    return None


def published_problem(value: str, *, today: date | None = None) -> str | None:
    """Why `value` is not a YYYY-MM-DD date from 1900 to LATEST_DATE (or `today`), or None."""
    if not _DATE.match(value):
        return f"published date must be YYYY-MM-DD, got {value[:40]!r}"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"not a calendar date: {value!r}"
    if day < EARLIEST_DATE:
        return f"published date {value} is before {EARLIEST_DATE.isoformat()}"
    latest = min(today, LATEST_DATE) if today is not None else LATEST_DATE
    if day > latest:
        what = "in the future" if today is not None and today < LATEST_DATE else "too late"
        return f"published date {value} is {what} (the latest accepted is {latest.isoformat()})"
    return None


def publisher_problem(value: str) -> str | None:
    if not value.strip():
        return "publisher is empty"
    if _CONTROL.search(value) or _FORMAT.search(value):
        return "publisher contains control, direction or invisible characters or line breaks"
    if len(value) > MAX_PUBLISHER_CHARS:
        return f"publisher is longer than {MAX_PUBLISHER_CHARS} characters"
    return None


def value_problem(key: str, value: object, *, today: date | None = None) -> str | None:
    """Why a sidecar's `key: value` is not acceptable, or None (unknown keys are not judged)."""
    if key not in SIDECAR_KEYS or value is None or value == "":
        return None
    if not isinstance(value, str):
        return f"expected text, got {type(value).__name__} (quote the value)"
    if key == "url":
        return url_problem(value)
    if key == "publisher":
        return publisher_problem(value)
    return published_problem(value, today=today)


def meta_problems(meta: Mapping[str, object], *, today: date | None = None) -> list[str]:
    """Every problem with a sidecar's values (empty when it is fine)."""
    problems = (value_problem(key, meta.get(key), today=today) for key in SIDECAR_KEYS)
    return [p for p in problems if p]


def sidecar_values(loaded: Mapping[object, object]) -> dict[str, str]:
    """The known keys of a validated sidecar that have a value."""
    return {k: str(loaded[k]) for k in SIDECAR_KEYS if loaded.get(k) not in (None, "")}
