"""The CLI in-process: `main([...])` with its output captured, like sqlite-utils' CliRunner.

Use `invoke` to test what the command line does with arguments; keep the
subprocess (`conftest.run_generator`) for what only a real process shows
(`python -m generator` itself, signals, a fresh interpreter).
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from generator.cli import main


@dataclass(slots=True, frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str | Path, stdin: bytes = b"") -> Result:
    """`python -m generator ARGS` in this process; argparse's exits become return codes."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old_stdin
    return Result(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())
