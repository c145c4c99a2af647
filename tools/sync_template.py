"""Copy the repository's site configuration into the `newswiki init` template.

`generator/project_template/` is what `newswiki init DIR` creates. Most of it
is this repository's own configuration, copied: mkdocs.yml (without the nav
entries of pages only this repository has), the theme overrides, the
stylesheet, the home page and the registries. Run this after changing any of
them; `tests/test_init.py` fails while the template is out of date.

    python tools/sync_template.py          # update the template
    python tools/sync_template.py --check  # exit 1 and name what differs
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "generator" / "project_template"
# Nav entries of pages a new project does not have.
REPO_ONLY_NAV = ("  - Quality: quality.md\n", "  - Performance: performance.md\n")
COPIED = (
    "overrides/main.html",
    "overrides/partials/search.html",
    "docs/index.md",
    "docs/assets/stylesheets/extra.css",
    "registry/actors.yml",
    "registry/topics.yml",
)


def wanted() -> dict[str, bytes]:
    """{template-relative path: bytes} of every copied file."""
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    for line in REPO_ONLY_NAV:
        config = config.replace(line, "")
    files = {"mkdocs.yml": config.encode("utf-8")}
    for relative in COPIED:
        files[relative] = (REPO / relative).read_bytes()
    return files


def differences() -> list[str]:
    out = []
    for relative, data in sorted(wanted().items()):
        target = TEMPLATE / relative
        if not target.is_file() or target.read_bytes() != data:
            out.append(relative)
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = differences()
        for relative in stale:
            print(f"template out of date: {relative} (run python tools/sync_template.py)")
        return 1 if stale else 0
    for relative, data in sorted(wanted().items()):
        target = TEMPLATE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
