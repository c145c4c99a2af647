"""Contributing: add a raw dump to the seeds, and check the seeds as a pull request would.

`add_seed` copies (or downloads) one dump into the seeds folder under a stable,
safe name with a metadata sidecar, and refuses what would not become a new
article: an exact copy, a near-duplicate of an existing seed (a syndicated copy
in other chrome), or a file with no article in it. The pull-request check is
`seed_check`. Refusals are values; `UserError` is raised only for arguments the
user can fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from configparser import ConfigParser
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from trafilatura.downloads import fetch_response
from trafilatura.settings import use_config

from ..errors import UserError
from ..ingest import (
    SIDECAR_SUFFIX,
    SeedFile,
    decode_seed,
    list_seed_paths,
    read_seeds,
)
from ..link import find_near_duplicates, fingerprint
from ..model.records import Article, Rejection
from ..model.sidecar import meta_problems, url_problem
from ..pipeline import clean_all, process_seed
from ..runtime.options import DEFAULT_MAX_BYTES, Run, RunOptions
from ..text.regular_file import FileRefused, read_regular

# `<NNN>_<first 16 hex digits of the sha256 of the bytes>.<txt|html>`
SEED_NAME = re.compile(r"^(\d+)_([0-9a-f]{16})\.[a-z]+$")
NUMBER_WIDTH = 3
HASH_CHARS = 16

Fetch = Callable[[str], bytes]


class DownloadError(Exception):
    """A URL could not be downloaded; the message is one line for the user."""


# ---------------------------------------------------------------- metadata


@dataclass(slots=True, kw_only=True, frozen=True)
class SeedMeta:
    """What a contributor says about a dump; written to `<seed>.meta.yaml`."""

    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD

    def as_dict(self) -> dict[str, str]:
        values = {"url": self.url, "publisher": self.publisher, "published": self.published}
        return {key: value for key, value in values.items() if value}


def make_meta(
    *, url: str | None = None, publisher: str | None = None, published: str | None = None
) -> SeedMeta:
    """Validated metadata; raises UserError naming the first bad value."""
    meta = SeedMeta(
        url=url.strip() if url else None,
        publisher=" ".join(publisher.split()) if publisher else None,
        published=published.strip() if published else None,
    )
    # The same validator as a sidecar's in the build and the check; `add` may read the clock.
    problems = meta_problems(meta.as_dict(), today=date.today())
    if problems:
        raise UserError(problems[0])
    return meta


def sidecar_text(meta: SeedMeta) -> str:
    return yaml.safe_dump(meta.as_dict(), sort_keys=False, allow_unicode=True)


# ---------------------------------------------------------------- add


@dataclass(slots=True, kw_only=True)
class AddResult:
    """The outcome of `add_seed`: a new seed, or why it was refused."""

    source: str  # what the user gave: a path or a URL
    name: str | None = None  # the new seed's file name
    path: Path | None = None
    sidecar: Path | None = None
    article: Article | None = None
    refused: str | None = None  # reason, one line
    existing: str | None = None  # the existing seed it duplicates, when that is the reason

    @property
    def ok(self) -> bool:
        return self.refused is None

    def line(self) -> str:
        if self.refused is not None:
            return f"refused {self.source}: {self.refused}"
        title = self.article.title if self.article else "?"
        return f"added {self.path} ({title!r})"


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def seed_name(data: bytes, *, number: int, kind: str) -> str:
    """`NNN_<16 hex of sha256>.txt` (or `.html` for an HTML dump)."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_CHARS]
    suffix = "html" if kind == "html" else "txt"
    return f"{number:0{NUMBER_WIDTH}d}_{digest}.{suffix}"


def next_number(names: Sequence[str]) -> int:
    """One more than the highest `NNN_` prefix among the seed file names."""
    numbers = [int(m.group(1)) for m in map(SEED_NAME.match, names) if m]
    return max(numbers, default=-1) + 1


def trafilatura_config(*, max_bytes: int, allow_private_hosts: bool = False) -> ConfigParser:
    """trafilatura's defaults, capped at max_bytes, never falling back to unverified TLS."""
    config = use_config()
    config["DEFAULT"]["MAX_FILE_SIZE"] = str(max_bytes)
    config["DEFAULT"]["INSECURE_SSL_FALLBACK"] = "off"
    # Only tests against a local server turn this off.
    config["DEFAULT"]["SSRF_PROTECTION"] = "off" if allow_private_hosts else "on"
    return config


def download(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private_hosts: bool = False
) -> bytes:
    """The raw bytes at `url` (not decoded: a seed is kept exactly as served)."""
    config = trafilatura_config(max_bytes=max_bytes, allow_private_hosts=allow_private_hosts)
    response = fetch_response(url, decode=False, config=config)
    if response is None or response.data is None:
        raise DownloadError(f"cannot download {url}")
    if response.status != 200:
        raise DownloadError(f"cannot download {url}: HTTP status {response.status}")
    data = bytes(response.data)
    if len(data) > max_bytes:
        raise DownloadError(f"{url} is over the {max_bytes:,}-byte limit")
    return data


def _read_source(source: str | Path, *, max_bytes: int, fetch: Fetch | None) -> bytes:
    if is_url(source):
        problem = url_problem(str(source))
        if problem:
            raise UserError(problem)
        getter = fetch or (lambda u: download(u, max_bytes=max_bytes))
        try:
            return getter(str(source))
        except DownloadError as exc:
            raise UserError(str(exc)) from exc
    path = Path(source)
    try:
        return read_regular(path, max_bytes=max_bytes, follow_symlinks=True)
    except FileRefused as exc:
        raise UserError(f"cannot add {path}: it {exc}") from None


def _existing_articles(seeds: Sequence[SeedFile], run: Run) -> list[Article]:
    return [item for item in clean_all(seeds, run) if isinstance(item, Article)]


def find_duplicate_of(article: Article, existing: Sequence[Article]) -> tuple[str, float] | None:
    """The earliest existing seed whose cleaned body is the same story, and the share."""
    ordered = sorted(existing, key=lambda a: a.sources[0])
    prints = [(a.sources[0], fingerprint(a.paragraphs)) for a in ordered]
    key = "\x00new"  # never a file name; last in the list, so compared with every seed
    prints.append((key, fingerprint(article.paragraphs)))
    for dup in find_near_duplicates(prints):
        if dup.copy == key:
            return dup.original, dup.containment
    return None


def add_seed(
    source: str | Path,
    options: RunOptions,
    *,
    url: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    fetch: Fetch | None = None,
) -> AddResult:
    """Add one raw dump (a file path, or an http(s) URL to download) to the seeds folder.

    The options name the seeds folder, the byte limit, and the cache and
    workers used to clean the existing seeds for the near-duplicate test.

    Raises UserError for bad arguments (metadata, missing file, failed
    download); returns a refused AddResult for a dump that is an exact or near
    duplicate of an existing seed, or that yields no article.
    """
    seeds_dir, max_bytes = options.seeds_dir, options.max_bytes
    if not seeds_dir.is_dir():
        raise UserError(f"seeds folder not found: {seeds_dir}")
    if url is None and is_url(source):
        url = str(source)
    meta = make_meta(url=url, publisher=publisher, published=published)
    data = _read_source(source, max_bytes=max_bytes, fetch=fetch)
    result = AddResult(source=str(source))

    inputs = read_seeds(seeds_dir, max_bytes=max_bytes)
    existing = [item for item in inputs if isinstance(item, SeedFile)]
    digest = hashlib.sha256(data).hexdigest()
    for seed in existing:
        if seed.digest == digest:
            result.refused = f"identical to the existing seed {seed.source}"
            result.existing = seed.source
            return result

    candidate = SeedFile(source=str(source), data=data, sidecar=meta.as_dict())
    raw = decode_seed(candidate)
    if isinstance(raw, Rejection):
        result.refused = f"no article: {raw.reason}"
        return result
    names = [p.name for p in list_seed_paths(seeds_dir)]
    name = seed_name(data, number=next_number(names), kind=raw.kind)
    outcome = process_seed(SeedFile(source=name, data=data, sidecar=meta.as_dict()))
    if isinstance(outcome, Rejection):
        result.refused = f"no article: {outcome.reason}"
        return result
    result.article = outcome

    duplicate = find_duplicate_of(outcome, _existing_articles(existing, Run.start(options)))
    if duplicate is not None:
        original, share = duplicate
        result.refused = (
            f"near-duplicate of the existing seed {original} "
            f"({share:.0%} of the shorter article's text is shared)"
        )
        result.existing = original
        return result

    path = seeds_dir / name
    sidecar = seeds_dir / (name + SIDECAR_SUFFIX)
    _write_new(path, data)
    if meta.as_dict():
        try:
            _write_new(sidecar, sidecar_text(meta).encode("utf-8"))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        result.sidecar = sidecar
    result.name, result.path = name, path
    return result


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`; never replaces an existing file."""
    try:
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError as exc:
        raise UserError(f"{path} already exists") from exc
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
