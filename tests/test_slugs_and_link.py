"""Stable ids and syndicated-copy merging."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.link import assign_ids, find_near_duplicates, fingerprint, merge_copies
from generator.model.records import Article
from generator.text.slugs import slugify

from .articles import make_article

STORY = [
    "Ukrainian President Volodymyr Zelenskyy has called on Western allies to deploy troops "
    "to Ukraine, saying partner contingents are the most effective way to compel peace.",
    "He noted that some partners, including the United Kingdom, have given positive signals "
    "about the French proposal made last year.",
    "Civilian deaths in Ukraine from September to November reached 574, a 30% increase "
    "compared to the same period in the previous year, according to the UN.",
]
OTHER = [
    "Serbia proposed to host a meeting between leaders of the United States and Russia, "
    "offering itself as neutral ground for talks about the war.",
    "Russian Prime Minister Mikhail Mishustin visited Vietnam to strengthen economic ties "
    "and discuss energy projects with the government in Hanoi.",
]


def article(
    source: str, paragraphs: list[str], *, title: str = "Title", publisher: str | None = None
) -> Article:
    return make_article(
        *paragraphs, article_id=slugify(title), title=title, sources=[source], publisher=publisher
    )


@given(st.text(max_size=200))
def test_slug_is_safe(value: str) -> None:
    slug = slugify(value)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 60


def test_slug_examples() -> None:
    assert (
        slugify("Ukraine’s Zelenskyy Urges Western Troops")
        == "ukraines-zelenskyy-urges-western-troops"
    )
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Café crème") == "cafe-creme"
    assert slugify("!!!") == "item"


def test_syndicated_copy_with_other_chrome_is_merged() -> None:
    original = article("a.txt", STORY, publisher="Outlet A")
    copy = article(
        "b.txt",
        ["Subscribe to our newsletter!", *STORY, "Most read: other news"],
        publisher="Outlet B",
    )
    unrelated = article("c.txt", OTHER, title="Other story")
    kept, dups = merge_copies([copy, unrelated, original])
    assert [a.sources for a in kept] == [["a.txt", "b.txt"], ["c.txt"]]
    assert kept[0].also_published_by == ["Outlet B"]
    assert [(d.original, d.copy) for d in dups] == [("a.txt", "b.txt")]


def test_same_subject_different_story_is_not_merged() -> None:
    rewritten = [
        "Zelenskyy asked allies for troops, calling foreign contingents the best guarantee.",
        "Britain signalled it was open to the idea, he told the meeting at Ramstein.",
    ]
    found = find_near_duplicates([("a", fingerprint(STORY)), ("b", fingerprint(rewritten))])
    assert found == []


def test_ids_are_unique_and_stable() -> None:
    first = article("001.txt", STORY, title="Same Title")
    second = article("002.txt", OTHER, title="Same Title")
    index_page = article("003.txt", OTHER, title="Index")
    assign_ids([second, first, index_page])
    assert first.id == "same-title"
    assert second.id.startswith("same-title-") and len(second.id) == len("same-title-") + 6
    assert index_page.id != "index"
    # Adding another article does not change existing ids.
    again = [
        article("001.txt", STORY, title="Same Title"),
        article("002.txt", OTHER, title="Same Title"),
        article("000.txt", OTHER, title="Unrelated"),
    ]
    assign_ids(again)
    assert [a.id for a in again[:2]] == [first.id, second.id]
