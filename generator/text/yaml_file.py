"""Reading an editor-controlled YAML file (the actor registry, the topic taxonomy)."""

from __future__ import annotations

from pathlib import Path

import yaml


def read_yaml(path: Path, error: type[ValueError]) -> object:
    """The file's data; `error` with one line naming the file (and line) when it cannot be read."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark is not None else ""
        raise error(f"{path}:{where} not valid YAML") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
