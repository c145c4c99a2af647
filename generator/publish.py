"""Publish stage: generated pages plus the hand-written docs, built by MkDocs.

The Markdown goes into a docs folder first (`sync_docs`): a temporary one, or
with a cache a persistent one (`<cache>/docs`) in which only pages whose bytes
changed are rewritten and pages no longer generated are removed, so an
incremental build touches only what changed. Either way the folder holds
exactly the same files, so the site is the same.

The HTML build happens in a staging folder beside the target site folder; only
a successful build replaces the previous site in one atomic exchange of the
two folders, so a failure, or a `kill -9`, at any point leaves the old site
exactly as it was; the working folders a killed build leaves beside it are
removed by the next build.
MkDocs runs as a subprocess (`python -m mkdocs build --strict`): the project
depends on its command line and config file, not on its internals.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
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
        with claimed_folder(site_dir, "docs") as temp:
            yield temp / "docs"
        return
    persistent.mkdir(parents=True, exist_ok=True)
    with (persistent.parent / f"{persistent.name}.lock").open("a") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        yield persistent


# The working folders a build makes beside the site folder: `.<site>.<kind>-XXXX`.
_WORK_KINDS = ("building", "docs")
# A folder this young may belong to a build that has made it but not locked it yet.
_STALE_AFTER_S = 5.0


@contextmanager
def claimed_folder(site_dir: Path, kind: str) -> Iterator[Path]:
    """A new working folder beside the site, locked (`flock`) while this build runs.

    The lock goes with the process, also on `kill -9`: a folder nobody holds
    is left over from a killed build, and `remove_stale_folders` deletes it.
    """
    folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.{kind}-", dir=site_dir.parent))
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def remove_stale_folders(site_dir: Path) -> int:
    """Delete the working folders of killed builds beside `site_dir`; how many went.

    A folder is stale when no process holds its lock. If the site folder is
    missing and a stale staging folder holds the previous site (a build killed
    between the two renames of the fallback swap), that site is put back first.
    """
    if fcntl is None:
        return 0
    removed = 0
    for kind in _WORK_KINDS:
        for folder in sorted(site_dir.parent.glob(f".{site_dir.name}.{kind}-*")):
            if not folder.is_dir() or folder.is_symlink() or not _unclaimed(folder):
                continue
            previous = folder / "previous"
            if not site_dir.exists() and previous.is_dir():
                previous.rename(site_dir)
                log.warning("restored the site from an interrupted build (%s)", folder.name)
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d working folder(s) left by killed builds", removed)
    return removed


def _unclaimed(folder: Path) -> bool:
    assert fcntl is not None
    try:
        if time.time() - folder.stat().st_mtime < _STALE_AFTER_S:
            return False
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a running build holds it
    finally:
        os.close(fd)  # also releases the lock we may have taken
    return True


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
    remove_stale_folders(site_dir)
    with claimed_folder(site_dir, "building") as staging:
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
    """Replace site_dir by built in one system call, so no kill can leave no site.

    No site yet: one rename. Otherwise Linux's `renameat2(RENAME_EXCHANGE)`
    swaps the two folders atomically (the old site lands in the staging
    folder, removed after). Where that call does not exist, two renames; a
    build killed between them leaves the old site in the staging folder, and
    the next build puts it back (`remove_stale_folders`).
    """
    if not site_dir.exists():
        built.rename(site_dir)
        return
    if _exchange(built, site_dir):
        return
    old = staging / "previous"
    site_dir.rename(old)
    try:
        built.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        raise


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a file system without it
    raise OSError(err, os.strerror(err), str(b))
