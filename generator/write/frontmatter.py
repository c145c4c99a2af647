"""Page front matter, written by a YAML serializer with HTML-escaped values.

MkDocs and Material print `title` and `description` into the HTML without
escaping them, so untrusted values are HTML-escaped before they are stored,
without invisible format characters (a direction override would reverse the
title in the browser tab and the search results).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import yaml

from ..text.invisible import visible

# libyaml's emitter when PyYAML has it: seven times faster over 12,000 pages, and
# it escapes what the pure-Python one writes raw (a NEL inside single quotes,
# which a YAML reader folds into a space).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(
    *, unsearched: bool = False, meta: Mapping[str, object] | None = None, **fields: str | None
) -> str:
    """`unsearched`: leave the whole page out of the site search (an index page).

    `meta`: keys only this project's theme override reads (`feed`,
    `preview_type`, `structured_data`), stored as they are: the writer makes
    them from ids, or escapes them itself (`structured.script_json`).
    """
    data: dict[str, object] = {
        k: html.escape(visible(v), quote=True) for k, v in sorted(fields.items()) if v
    }
    for key, value in sorted((meta or {}).items()):
        data[key] = value
    if unsearched:
        data["search"] = {"exclude": True}
    if not data:
        return ""
    dumped = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1_000_000)
    return f"---\n{dumped}---\n"
