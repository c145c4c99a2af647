"""The seeds' generated Markdown and export match the committed snapshot, byte for byte.

An intended change of output: `python -m tests.golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import pytest

from tests.golden import generate, snapshot


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return generate()


def test_the_same_files_are_generated(generated: dict[str, str]) -> None:
    assert sorted(generated) == sorted(snapshot())


def test_every_file_is_byte_identical(generated: dict[str, str]) -> None:
    committed = snapshot()
    changed = [path for path, text in generated.items() if committed.get(path) != text]
    assert not changed, (
        f"differs from tests/golden/seeds (regenerate: python -m tests.golden): {changed}"
    )
