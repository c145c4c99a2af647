"""Page front matter, written by a YAML serializer with HTML-escaped values.

MkDocs and Material print `title` and `description` into the HTML without
escaping them, so untrusted values are HTML-escaped before they are stored.
"""

from __future__ import annotations

import html

import yaml


def front_matter(**fields: str | None) -> str:
    data = {k: html.escape(v, quote=True) for k, v in sorted(fields.items()) if v}
    if not data:
        return ""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=1_000_000)
    return f"---\n{dumped}---\n"
