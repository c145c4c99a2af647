"""`init` as a library function: a new wiki project from the templates in the package.

Like `mkdocs new`: the files come from the installed package
(`generator/project_template/`, package data in the wheel), so a project can
be started from `pip install` alone. Two names are renamed on the way, because
setuptools' package-data globs skip hidden paths: `github/` becomes `.github/`
and `gitignore` becomes `.gitignore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ..errors import UserError

TEMPLATE_PACKAGE = "generator"
TEMPLATE_DIR = "project_template"
# Template name -> name in the project (hidden names cannot be package data).
RENAMED = {"github": ".github", "gitignore": ".gitignore"}
# Empty folders a project needs; `.gitkeep` keeps them in git (ingest skips hidden files).
EMPTY_FOLDERS = ("seeds",)


@dataclass(slots=True, kw_only=True, frozen=True)
class InitResult:
    root: Path
    files: list[str]  # project-relative paths written


def template_root() -> Traversable:
    return files(TEMPLATE_PACKAGE).joinpath(TEMPLATE_DIR)


def _walk(node: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], bytes]]:
    out: list[tuple[tuple[str, ...], bytes]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        parts = (*prefix, RENAMED.get(child.name, child.name))
        if child.is_dir():
            out += _walk(child, parts)
        else:
            out.append((parts, child.read_bytes()))
    return out


def init_project(target: Path) -> InitResult:
    """Create a wiki project in `target` (a new or empty folder); refuses anything else."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target} exists and is not an empty folder; choose a new one")
    written: list[str] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for parts, data in _walk(template_root()):
            path = target.joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append("/".join(parts))
        for folder in EMPTY_FOLDERS:
            keep = target / folder / ".gitkeep"
            keep.parent.mkdir(parents=True, exist_ok=True)
            keep.write_bytes(b"")
            written.append(f"{folder}/.gitkeep")
    except OSError as exc:
        raise UserError(f"cannot create the project in {target}: {exc.strerror or exc}") from exc
    return InitResult(root=target, files=sorted(written))
