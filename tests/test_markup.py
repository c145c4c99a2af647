"""Escaping: scraped text is shown literally and never becomes markup."""

from __future__ import annotations

import html

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.write import markup
from generator.write.frontmatter import front_matter
from tests.conftest import site_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "[click](javascript:alert(1))",
    "![img](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ config.site_name }} {% include 'x' %}",
    "# heading",
    "> quote",
    "| a | b |",
    "- item",
    "1. item",
    "    indented code",
    "*emphasis* _under_ `code` \\ back",
    "&lt;already escaped&gt; &amp;",
    "<http://autolink.example>",
]


def render_inline(fragment: str) -> BeautifulSoup:
    page = f'<p id="p1" markdown>{fragment}</p>'
    return BeautifulSoup(site_markdown(page), "html.parser")


def test_hostile_strings_render_as_literal_text() -> None:
    for value in HOSTILE:
        soup = render_inline(markup.text(value))
        assert soup.get_text() == " ".join(value.split()), value
        assert [t.name for t in soup.find_all(True)] == ["p"], value


def test_external_link_only_http() -> None:
    assert markup.external_link("x", "javascript:alert(1)") is None
    assert markup.external_link("x", "data:text/html,hi") is None
    assert markup.external_link("x", "ftp://example.com/") is None
    assert markup.external_link("x", "https://") is None
    assert markup.external_link("x", 'https://a.example/"onmouseover=') is None
    link = markup.external_link("x", "https://example.com/a_(b)?q=1")
    assert link is not None
    soup = BeautifulSoup(markdown.markdown(link), "html.parser")
    assert soup.a is not None and soup.a["href"] == "https://example.com/a_(b)?q=1"


def test_citation_targets_paragraph_anchor() -> None:
    assert markup.citation("some-article", 3) == "[¶3](../articles/some-article.md#p3)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_any_text_is_literal(value: str) -> None:
    soup = render_inline(markup.text(value))
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text() == " ".join(value.split())


@pytest.mark.parametrize("value", ["\x85next line", "emoji 😀", "a: b", "- x", "'s", "\u2028"])
def test_front_matter_reads_back_as_written(value: str) -> None:
    # The YAML emitter must escape what a reader would fold or drop (NEL, U+2028).
    text = front_matter(title=value, description=f"{value} more")
    loaded = yaml.safe_load(text.strip().removeprefix("---").removesuffix("---"))
    assert loaded == {"title": html.escape(value), "description": html.escape(f"{value} more")}
