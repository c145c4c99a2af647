"""Publish stage: generated pages plus the hand-written docs, built by MkDocs.

The Markdown goes into a docs folder first (`sync_docs`): a temporary one, or
with a cache a persistent one (`<cache>/docs`) in which only pages whose bytes
changed are rewritten and pages no longer generated are removed, so an
incremental build touches only what changed. Either way the folder holds
exactly the same files, so the site is the same.

The HTML build happens in a staging folder beside the target site folder; only
a successful build replaces the previous site, by renaming, so a failure at any
point leaves the old site exactly as it was and nothing behind beside it.
MkDocs runs as a subprocess (`python -m mkdocs build --strict`): the project
depends on its command line and config file, not on its internals.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml

from .runtime.options import SiteSources
from .write.site import remove_other_files, write_files

log = logging.getLogger(__name__)

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # not on Windows: builds sharing a cache folder are then not serialised
    fcntl = None


class PublishError(Exception):
    """The site could not be built; the message is one line for the user."""


class SiteDirError(PublishError):
    """The target site folder cannot be used (the user can fix this)."""


@dataclass(slots=True, kw_only=True, frozen=True)
class DocsStats:
    """What `sync_docs` did to the docs folder."""

    files: int  # files the folder holds now
    written: int  # new or changed
    removed: int  # no longer part of the site


def sync_docs(pages: Mapping[str, str], sources: SiteSources, docs_out: Path) -> DocsStats:
    """Make docs_out hold the hand-written docs with the generated pages over them (generated
    win), writing only files whose bytes differ and removing every other file."""
    wanted: dict[str, bytes] = {}
    if sources.docs_dir.is_dir():
        for path in sorted(sources.docs_dir.rglob("*")):
            if path.is_file():
                wanted[path.relative_to(sources.docs_dir).as_posix()] = path.read_bytes()
    for relative, content in pages.items():
        wanted[relative] = content.encode("utf-8")
    docs_out.mkdir(parents=True, exist_ok=True)
    written = write_files(wanted, docs_out)
    removed = remove_other_files(docs_out, set(wanted))
    return DocsStats(files=len(wanted), written=written, removed=removed)


def prepare_docs(pages: Mapping[str, str], sources: SiteSources, docs_out: Path) -> None:
    """Hand-written docs first, generated pages over them (generated win)."""
    sync_docs(pages, sources, docs_out)


@contextmanager
def docs_workspace(persistent: Path | None, site_dir: Path) -> Iterator[Path]:
    """The folder to write the Markdown into, locked against a concurrent build.

    `persistent` None: a temporary folder beside the site folder, removed after.
    """
    if persistent is None:
        temp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.docs-", dir=site_dir.parent))
        try:
            yield temp / "docs"
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return
    persistent.mkdir(parents=True, exist_ok=True)
    with (persistent.parent / f"{persistent.name}.lock").open("a") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        yield persistent


def read_config(sources: SiteSources) -> dict[str, object]:
    try:
        config = yaml.safe_load(sources.config.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PublishError(f"cannot read {sources.config}: {exc}") from exc
    if not isinstance(config, dict):
        raise PublishError(f"{sources.config} is not a MkDocs configuration mapping")
    return config


def site_name(sources: SiteSources) -> str:
    """The project's `site_name` (feeds and structured data name the site by it)."""
    try:
        name = read_config(sources).get("site_name")
    except PublishError:
        name = None
    return name if isinstance(name, str) and name.strip() else "News Wiki"


def write_config(
    sources: SiteSources,
    *,
    docs_dir: Path,
    site_dir: Path,
    target: Path,
    site_url: str | None = None,
    preview: bool = False,
) -> None:
    """The project's mkdocs.yml with the folders of this build, and `site_url` when given
    (it wins over the file's). `preview`: for `mkdocs serve`, which needs no address."""
    config = read_config(sources)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url is not None:
        config["site_url"] = site_url
    elif not config.get("site_url") and not preview:
        log.warning(
            "no --site-url: sitemap.xml lists no page and pages get no canonical link "
            "(fine for a local preview; the deploy passes the published address)"
        )
    # The config is copied into a staging folder: keep the theme overrides it
    # names relative to the original file.
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((sources.config.parent / theme["custom_dir"]).resolve())
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")


def check_site_dir(site_dir: Path) -> None:
    """Refuse a target that is not (or not yet) a generated site: never clobber a folder."""
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteDirError(f"site path {site_dir} exists and is not a folder")
    looks_built = (site_dir / "sitemap.xml").exists() or (site_dir / "index.html").exists()
    if site_dir.is_dir() and any(site_dir.iterdir()) and not looks_built:
        raise SiteDirError(
            f"site folder {site_dir} is not empty and does not look like a built site; "
            "refusing to replace it"
        )
    parent = site_dir.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True)
        except OSError as exc:
            raise SiteDirError(f"cannot create {parent}: {exc.strerror}") from exc
    if not os.access(parent, os.W_OK):
        raise SiteDirError(f"cannot write to {parent}: permission denied")


def run_mkdocs(config_file: Path, *, epoch: int) -> None:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(epoch)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONHASHSEED"] = "0"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        detail = "; ".join(lines[-5:]) if lines else f"exit code {proc.returncode}"
        raise PublishError(f"mkdocs build failed: {detail}")


def build_html(
    docs_dir: Path,
    *,
    sources: SiteSources,
    site_dir: Path,
    epoch: int,
    extra_files: Mapping[str, bytes] | None = None,
    site_url: str | None = None,
) -> None:
    """MkDocs over docs_dir into a staging folder, then swapped into place."""
    site_dir = site_dir.resolve()
    check_site_dir(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        built = staging / "site"
        config_file = staging / "mkdocs.yml"
        write_config(
            sources,
            docs_dir=docs_dir.resolve(),
            site_dir=built,
            target=config_file,
            site_url=site_url,
        )
        run_mkdocs(config_file, epoch=epoch)
        for name, data in sorted((extra_files or {}).items()):
            (built / name).write_bytes(data)
        _swap(built, site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(
    pages: Mapping[str, str],
    *,
    sources: SiteSources,
    site_dir: Path,
    epoch: int,
    extra_files: Mapping[str, bytes] | None = None,
    docs_dir: Path | None = None,
) -> DocsStats:
    """Write the docs (into `docs_dir` if given, kept for the next build), build, swap in."""
    site_dir = site_dir.resolve()
    check_site_dir(site_dir)
    with docs_workspace(docs_dir, site_dir) as docs_out:
        stats = sync_docs(pages, sources, docs_out)
        build_html(
            docs_out, sources=sources, site_dir=site_dir, epoch=epoch, extra_files=extra_files
        )
    return stats


def _swap(built: Path, site_dir: Path, staging: Path) -> None:
    """Replace site_dir by built with two renames on the same file system."""
    old = staging / "previous"
    if site_dir.exists():
        site_dir.rename(old)
    try:
        built.rename(site_dir)
    except OSError:
        if old.exists():
            old.rename(site_dir)
        raise
