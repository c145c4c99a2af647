"""CPU seconds of the generated worst cases of tests/test_hostile_round2.py beside a normal
input of the same size: `python -m tests.hostile_costs [HTML_BYTES] [DUMP_BYTES]`."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from generator.clean.html import extract_html

from . import test_hostile_round2 as cases


def main(html_bytes: int = 600_000, dump_bytes: int = 250_000) -> None:
    for kind, page in cases._html_cases(html_bytes, random.Random(16)).items():
        started = time.process_time()
        extract_html(page)
        print(f"html {len(page):,} bytes, {kind}: {time.process_time() - started:.2f} s CPU")
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as folder:
        for kind, text in (
            ("normal", cases._normal_dump(dump_bytes, rng)),
            ("names", cases._names_dump(dump_bytes, rng)),
        ):
            seeds = Path(folder) / kind
            seeds.mkdir()
            (seeds / f"001_{kind}.txt").write_text(text, "utf-8")
            seconds = cases._cpu_seconds(seeds)
            print(f"text dump {len(text):,} bytes, {kind}: {seconds:.2f} s CPU (load_corpus)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
