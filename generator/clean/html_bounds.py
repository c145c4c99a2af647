"""A pre-pass that bounds trafilatura's work on a parsed page, before it runs.

trafilatura's cost is not only the page's size. A table cell's `colspan` is
expanded into that many cells of output: a 1.5 MB page of `colspan="1000"`
cells took 92 s and printed 10 MB (an ordinary page of that size: 10 s).
Attributes are matched against its boilerplate patterns one element at a
time, so a page of elements with thousands of attributes, or megabyte-long
attribute values, costs far more than its text. None of this carries article
text, so it is cut here, in place, in one pass over the tree:

- `colspan` and `rowspan` are capped at `MAX_SPAN`;
- an element keeps at most `MAX_ATTRIBUTES` attributes (those trafilatura and
  the metadata read first), each value cut at `MAX_ATTRIBUTE_CHARS`;
- trafilatura's cost follows the number of elements, and a page of one-word
  cells or spans has thirty times more per byte than an article: on a page of
  more than `MAX_ELEMENTS`, or of more than `MIN_ELEMENTS` most of which are
  inline wrappers (`span`, `font`, ...), those wrappers are unwrapped (their
  text stays);
- a table keeps the rows of its first `MAX_TABLE_CELLS` cells (spans counted):
  no article is written in a table that large.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

MAX_SPAN = 4  # trafilatura repeats a spanning cell this many times
MAX_ATTRIBUTES = 32
MAX_ATTRIBUTE_CHARS = 2_000
MAX_ELEMENTS = 10_000  # an article page has a few thousand
# Inline wrappers are also unwrapped on a page of more than MIN_ELEMENTS where they
# are most of the elements (a flood of attribute-laden spans, not a news page).
MIN_ELEMENTS = 2_000
MAX_TABLE_CELLS = 5_000
_INLINE = ("span", "font", "small", "big", "abbr", "bdi", "bdo", "data", "u", "s", "mark", "nobr")
_SPANS = ("colspan", "rowspan")
# What extraction and metadata read, kept first when an element has too many.
_WANTED = (
    "class",
    "id",
    "itemprop",
    "itemtype",
    "itemscope",
    "property",
    "name",
    "content",
    "href",
    "rel",
    "role",
    "lang",
    "datetime",
    "type",
    "src",
    "colspan",
    "rowspan",
)


def bound_tree(tree: HtmlElement) -> int:
    """Cap spans, attribute counts and attribute lengths in place; how many elements changed."""
    changed = 0
    elements = inline = 0
    for element in tree.iter():
        elements += 1
        inline += element.tag in _INLINE
        attrib = element.attrib
        if not attrib:
            continue
        touched = False
        if len(attrib) > MAX_ATTRIBUTES:
            kept = [(k, attrib[k]) for k in _WANTED if k in attrib]
            kept += [(k, v) for k, v in attrib.items() if k not in _WANTED]
            attrib.clear()
            for key, value in kept[:MAX_ATTRIBUTES]:
                attrib[key] = value
            touched = True
        for key, value in attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                attrib[key] = value[:MAX_ATTRIBUTE_CHARS]
                touched = True
        for key in _SPANS:
            value = attrib.get(key)
            if value is not None and not _small_number(value):
                attrib[key] = str(MAX_SPAN)
                touched = True
        changed += touched
    for table in tree.iter("table"):
        cells = 0
        for row in list(table.iter("tr")):
            cells += sum(_span(cell) for cell in row)
            if cells > MAX_TABLE_CELLS:
                row.getparent().remove(row)
                changed += 1
    if elements > MAX_ELEMENTS or (elements > MIN_ELEMENTS and inline * 2 > elements):
        etree.strip_tags(tree, *_INLINE)
        changed += 1
    return changed


def _span(cell: HtmlElement) -> int:
    value = cell.get("colspan", "1").strip()
    return int(value) if value.isdigit() else 1


def _small_number(value: str) -> bool:
    text = value.strip()
    return text.isdigit() and len(text) <= 3 and int(text) <= MAX_SPAN
