"""Reading a file a stranger controls: only a regular file, never more than a limit.

A seed, a sidecar or a registry file can be a symbolic link (to `/etc/passwd`,
to `/dev/zero`, to a folder, to itself), a FIFO or a device. `open()` on a FIFO
blocks until a writer comes, and `read()` on `/dev/zero` never ends, so the
type is checked before opening (`lstat`), the file is opened without following
a link and without blocking (`O_NOFOLLOW | O_NONBLOCK`), checked again on the
open handle (`fstat`: it may have been swapped meanwhile), and read up to the
limit only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """The path is not a regular file we may read; the message says what it is, one line."""


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ('a regular file' for one)."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def refusal(path: Path, *, follow_symlinks: bool = False) -> str | None:
    """Why `path` is not a regular file to read (None when it is one); never opens it."""
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        return "does not exist" if follow_symlinks else "no such file"
    except OSError as exc:  # a link loop, a permission problem
        return f"cannot be inspected ({exc.strerror or exc})"
    if stat.S_ISREG(info.st_mode):
        return None
    return f"is {kind_of(info.st_mode)}, not a regular file"


def read_regular(path: Path, *, max_bytes: int, follow_symlinks: bool = False) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileRefused saying why not.

    `follow_symlinks` (for files the user names on the command line) lets a
    link to a regular file through; the target must still be a regular file.
    """
    problem = refusal(path, follow_symlinks=follow_symlinks)
    if problem is not None:
        raise FileRefused(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"cannot be opened ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between the check and the open
            raise FileRefused(f"is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise FileRefused(f"is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read
        raise FileRefused(f"is over the {max_bytes:,}-byte limit")
    return data


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every link resolved, is inside `folder` (resolved too)."""
    try:
        return path.resolve(strict=False).is_relative_to(folder.resolve(strict=False))
    except (OSError, RuntimeError):  # a link loop
        return False
