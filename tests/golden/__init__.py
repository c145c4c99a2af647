"""Golden output: the five seeds' generated Markdown and export JSON, committed.

Like pelican's functional tests: `tests/test_golden.py` rebuilds both from
`seeds/` and compares them file by file with `tests/golden/seeds/`. When a
change to the output is intended, regenerate and review the diff:

    .venv/bin/python -m tests.golden

The snapshot is made without a cache and with the repository's registries and
`docs/index.md`, so it depends on nothing but the tracked files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).resolve().parent / "seeds"


def generate() -> dict[str, str]:
    """{snapshot-relative path: text}: every generated page under docs/, and export.json."""
    from generator.commands.build import load_corpus
    from generator.model.export import corpus_to_dict, dumps
    from generator.runtime.options import RunOptions
    from generator.write.site import render_pages

    options = RunOptions(
        seeds_dir=REPO / "seeds", registry_dir=REPO / "registry", jobs=1, cache_dir=None
    )
    corpus = load_corpus(options)
    home = (REPO / "docs" / "index.md").read_text("utf-8")
    pages = render_pages(corpus, home_template=home)
    files = {f"docs/{path}": text for path, text in pages.items()}
    files["export.json"] = dumps(corpus_to_dict(corpus))
    return dict(sorted(files.items()))


def snapshot() -> dict[str, str]:
    """The committed snapshot, read back."""
    return {
        path.relative_to(SNAPSHOT).as_posix(): path.read_text("utf-8")
        for path in sorted(SNAPSHOT.rglob("*"))
        if path.is_file()
    }


def regenerate() -> int:
    files = generate()
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    for relative, text in files.items():
        target = SNAPSHOT / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return len(files)
