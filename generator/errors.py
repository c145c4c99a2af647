"""Errors a user can cause, on the ground floor: every layer may raise them.

The CLI prints each as one line and exits with the code documented in
`generator.cli` (2 for `UserError`, 3 for `SiteBuildError`).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; its message is printed as one line."""


class SiteBuildError(Exception):
    """MkDocs could not build the generated pages (a bug or a broken theme setup)."""
