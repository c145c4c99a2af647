"""Publish stage: generated pages plus the hand-written docs, built by MkDocs.

The build happens in a staging folder beside the target site folder; only a
successful build replaces the previous site, by renaming, so a failure at any
point leaves the old site exactly as it was and nothing behind beside it.
MkDocs runs as a subprocess (`python -m mkdocs build --strict`): the project
depends on its command line and config file, not on its internals.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .write.site import write_pages


class PublishError(Exception):
    """The site could not be built; the message is one line for the user."""


class SiteDirError(PublishError):
    """The target site folder cannot be used (the user can fix this)."""


@dataclass(slots=True, kw_only=True, frozen=True)
class SiteSources:
    config: Path  # the repository's mkdocs.yml
    docs_dir: Path  # hand-written pages and assets


def prepare_docs(pages: Mapping[str, str], sources: SiteSources, docs_out: Path) -> None:
    """Hand-written docs first, generated pages over them (generated win)."""
    if sources.docs_dir.is_dir():
        shutil.copytree(sources.docs_dir, docs_out, dirs_exist_ok=True)
    docs_out.mkdir(parents=True, exist_ok=True)
    write_pages(pages, docs_out)


def write_config(sources: SiteSources, *, docs_dir: Path, site_dir: Path, target: Path) -> None:
    try:
        config = yaml.safe_load(sources.config.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PublishError(f"cannot read {sources.config}: {exc}") from exc
    if not isinstance(config, dict):
        raise PublishError(f"{sources.config} is not a MkDocs configuration mapping")
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
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


def publish(
    pages: Mapping[str, str],
    *,
    sources: SiteSources,
    site_dir: Path,
    epoch: int,
    extra_files: Mapping[str, bytes] | None = None,
) -> None:
    """Build the site into a staging folder, then swap it into place."""
    site_dir = site_dir.resolve()
    check_site_dir(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        docs_out = staging / "docs"
        built = staging / "site"
        prepare_docs(pages, sources, docs_out)
        config_file = staging / "mkdocs.yml"
        write_config(sources, docs_dir=docs_out, site_dir=built, target=config_file)
        run_mkdocs(config_file, epoch=epoch)
        for name, data in sorted((extra_files or {}).items()):
            (built / name).write_bytes(data)
        _swap(built, site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
