"""The one reader of YAML a contributor wrote: sidecars, the actor registry, the taxonomy.

Contributors' YAML arrives in pull requests, so it is read as hostile input:

- only a regular file, at most `max_bytes` (`regular_file.read_regular`);
- no anchors or aliases: 450 bytes of nested aliases (a "billion laughs")
  expand to gigabytes in whoever walks the data, and the registries do not
  need them;
- no tags (`!!python/...`, `!!binary`, `!!timestamp`): plain YAML only;
- no scalar over `MAX_SCALAR_CHARS`, no number over `MAX_NUMBER_CHARS` digits
  (Python refuses to convert a 5,000-digit integer, with a traceback), no
  nesting deeper than `MAX_DEPTH`, no key given twice in one mapping;
- dates stay text (`published: 2025-02-30` is a value to validate with a
  reason, not a crash in the loader's date constructor).

Every refusal is one line naming the file, the line and the key. The checks
run over the parser's events (libyaml's C parser when PyYAML has it) before
anything is constructed, so their cost is linear in the file's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .regular_file import FileRefused, read_regular

MAX_YAML_BYTES = 1_000_000  # a registry; actors.yml is about 50 KB
MAX_SIDECAR_BYTES = 16_384  # a sidecar holds three short values
MAX_SCALAR_CHARS = 10_000
MAX_NUMBER_CHARS = 30
MAX_DEPTH = 32
_SHOWN_CHARS = 60  # of a bad key or value, in a message

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml's parser where present) that leaves dates as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(ValueError):
    """Contributor YAML that is refused; the message is one line: file, line, key, reason."""


@dataclass(slots=True, kw_only=True, frozen=True)
class YamlDocument:
    """A document's plain data, with where its top-level keys and its values are."""

    data: object
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line
    value_lines: dict[str, int] = field(default_factory=dict)  # text value -> its first line

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


def shown(value: object) -> str:
    """A value for a one-line message: repr, cut short."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def where(name: str, line: int | None, key: str | None = None) -> str:
    """`name: line N: key 'k'` for the start of a message."""
    out = name
    if line is not None:
        out += f": line {line}"
    if key is not None:
        out += f": key {shown(key)}"
    return out


def read_yaml(path: Path, error: type[ValueError], *, max_bytes: int = MAX_YAML_BYTES) -> object:
    """The file's data; `error` with one line naming the file (line, key) when it is refused."""
    return read_yaml_document(path, error, max_bytes=max_bytes).data


def read_yaml_document(
    path: Path,
    error: type[ValueError] = YamlError,
    *,
    max_bytes: int = MAX_YAML_BYTES,
    follow_symlinks: bool = True,
) -> YamlDocument:
    """`read_yaml` with the lines of keys and values, for messages about values."""
    try:
        data = read_regular(path, max_bytes=max_bytes, follow_symlinks=follow_symlinks)
    except FileRefused as exc:
        raise error(f"{path}: {exc}") from None
    try:
        return parse_yaml(data, name=str(path))
    except YamlError as exc:
        raise error(str(exc)) from None


def parse_yaml(data: bytes | str, *, name: str) -> YamlDocument:
    """Checked, then constructed: plain dicts, lists, text, numbers, booleans and None."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    else:
        text = data
    if len(text) > MAX_YAML_BYTES:
        raise YamlError(f"{name}: over the {MAX_YAML_BYTES:,}-character limit")
    key_lines, value_lines = _check_events(text, name)
    try:
        loaded = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise YamlError(_yaml_problem(exc, name)) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a constructor's complaint
        raise YamlError(f"{name}: not valid YAML ({shown(str(exc))})") from None
    return YamlDocument(data=loaded, key_lines=key_lines, value_lines=value_lines)


@dataclass(slots=True)
class _Frame:
    is_mapping: bool
    expect_key: bool = True
    key: str | None = None
    keys: set[str] = field(default_factory=set)


def _check_events(text: str, name: str) -> tuple[dict[str, int], dict[str, int]]:
    """Refuse what the module docstring lists; the lines of top-level keys and of values."""
    stack: list[_Frame] = []
    key_lines: dict[str, int] = {}
    value_lines: dict[str, int] = {}
    resolver = _Loader("")

    def fail(event: yaml.Event, reason: str) -> YamlError:
        key = next((f.key for f in reversed(stack) if f.is_mapping and f.key), None)
        return YamlError(f"{where(name, _line(event), key)}: {reason}")

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise fail(event, f"aliases (*{event.anchor}) are not allowed; write it out")
            if isinstance(event, yaml.NodeEvent):
                if event.anchor is not None:
                    raise fail(event, f"anchors (&{event.anchor}) are not allowed")
                tag = getattr(event, "tag", None)
                if tag is not None and tag != "!":
                    raise fail(event, f"tags ({shown(tag)}) are not allowed")
            if isinstance(event, yaml.CollectionStartEvent):
                if stack and stack[-1].is_mapping:
                    if stack[-1].expect_key:
                        raise fail(event, "a key must be plain text")
                    stack[-1].expect_key = True
                stack.append(_Frame(is_mapping=isinstance(event, yaml.MappingStartEvent)))
                if len(stack) > MAX_DEPTH:
                    raise fail(event, f"nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                _check_scalar(event, resolver, fail)
                line = _line(event) or 0
                frame = stack[-1] if stack else None
                if frame is not None and frame.is_mapping and frame.expect_key:
                    if event.value in frame.keys:
                        frame.key = event.value
                        raise fail(event, "key given twice")
                    frame.keys.add(event.value)
                    frame.key, frame.expect_key = event.value, False
                    if len(stack) == 1:
                        key_lines.setdefault(event.value, line)
                    continue
                if frame is not None and frame.is_mapping:
                    frame.expect_key = True
                value_lines.setdefault(event.value, line)
    except yaml.YAMLError as exc:
        raise YamlError(_yaml_problem(exc, name)) from None
    return key_lines, value_lines


def _check_scalar(
    event: yaml.ScalarEvent, resolver: yaml.resolver.BaseResolver, fail: object
) -> None:
    assert callable(fail)
    value = event.value
    if len(value) > MAX_SCALAR_CHARS:
        raise fail(event, f"a value of {len(value):,} characters, over {MAX_SCALAR_CHARS:,}")
    if event.implicit[0] and len(value) > MAX_NUMBER_CHARS and _DIGITS.search(value):
        tag = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in _NUMBER_TAGS:
            raise fail(event, f"a number of {len(value):,} characters, over {MAX_NUMBER_CHARS}")


_DIGITS = re.compile(r"[0-9]")


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _yaml_problem(exc: yaml.YAMLError, name: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    line = mark.line + 1 if mark is not None else None
    detail = f" ({shown(problem)[1:-1]})" if problem else ""
    return f"{where(name, line)}: not valid YAML{detail}"
