"""Corroboration: figures several sources agree on, and differing figures, within a topic."""

from __future__ import annotations

import pytest

from generator.analyze.topics.assign import assign_topics, merge_topics
from generator.analyze.topics.corroborate import (
    corroborate_claims,
    extract_claims,
    topic_corroboration,
)
from generator.model.analysis import ActorIndex, ArticleTopics, Claim, Corroboration, TopicHit
from tests.articles import make_article, seed_articles
from tests.test_topics import taxonomy


def seeds_corroboration(topic_id: str) -> Corroboration:
    articles = {a.id: a for a in seed_articles()}
    loaded = taxonomy()
    index = merge_topics(
        [assign_topics(a, loaded) for a in articles.values()],
        loaded,
        ActorIndex(actors=[], mentions={}),
    )
    return topic_corroboration(topic_id, index.assignments, articles)


def cites(claims: list[Claim]) -> list[tuple[str, int]]:
    return [(c.article_id, c.paragraph) for c in claims]


def test_seeds_corroborate_4000_north_korean_soldiers_killed() -> None:
    found = seeds_corroboration("north-korean-troops")
    (claim,) = found.corroborated
    assert claim.label == "North Korean troops killed"
    assert claim.figure == "4,000"
    assert claim.sources == 2
    # 000 ¶6 "has lost 4,000 troops"; 004 ¶3 "around 4,000 North Korean soldiers ... lost"
    assert cites(claim.claims) == [("seed-000", 5), ("seed-004", 2)]
    # The 12,000 deployed are another measure, not a differing figure for the dead.
    assert found.differing == []


def test_seeds_show_10000_and_12300_civilian_deaths_as_differing_figures() -> None:
    found = seeds_corroboration("civilian-casualties")
    assert found.corroborated == []
    (group,) = found.differing
    assert group.label == "Civilians killed"
    assert [figure for figure, _ in group.figures] == ["10,000", "12,300"]
    assert [[c.figure for c in claims] for _, claims in group.figures] == [
        ["exceeded 10,000"],
        ["approximately 12,300"],
    ]
    assert all(cites(claims) == [("seed-000", 9)] for _, claims in group.figures)


def test_seed_claims_are_read_precisely() -> None:
    claims = [
        (c.article_id, c.figure, c.label)
        for article in seed_articles()
        for index, text in enumerate(article.paragraphs)
        for c in extract_claims(article.id, index, text)
    ]
    assert claims == [
        ("seed-000", "4,000", "North Korean troops killed"),
        ("seed-000", "exceeded 10,000", "Civilians killed"),
        ("seed-000", "approximately 12,300", "Civilians killed"),
        ("seed-000", "reached 574", "Civilians killed (from September to November)"),
        ("seed-004", "estimated to be around 12,000", "North Korean troops deployed"),
        ("seed-004", "around 4,000", "North Korean troops killed"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow's defenses shot down more than 200 Ukrainian drones.",  # not a person count
        "Deaths rose to 574, a 30% increase.",  # whose deaths? and a percentage
        "In 2024 the army lost 4,000 troops.",  # whose troops is not said
        "Ukraine has over 100 brigades engaged in the conflict.",
        "The front line runs approximately 1,000 kilometers.",
        "Ukrainian officials counted 4,000 North Korean soldiers.",  # counted how: no measure
    ],
)
def test_no_claim_without_clear_subject_and_measure(text: str) -> None:
    assert extract_claims("a", 0, text) == []


def test_scale_words_and_context_qualifier() -> None:
    (claim,) = extract_claims("a", 0, "Russia has lost 1.5 million soldiers, Kyiv says.")
    assert (claim.value, claim.subject, claim.measure) == (1_500_000, "Russian troops", "killed")
    (deployed,) = extract_claims("a", 0, "Pyongyang sent 12,000 troops to Kursk.")
    assert deployed.label == "North Korean troops deployed"


def claim(article: str, paragraph: int, value: float, period: str = "") -> Claim:
    return Claim(
        article_id=article,
        paragraph=paragraph,
        value=value,
        figure=f"{value:,.0f}",
        subject="North Korean troops",
        measure="killed",
        period=period,
        sentence="…",
    )


def test_one_article_repeating_a_figure_does_not_corroborate_it() -> None:
    found = corroborate_claims([claim("a", 1, 4000), claim("a", 5, 4000)])
    assert found.corroborated == [] and found.differing == []


def test_same_figure_from_two_articles_corroborates_and_a_third_differs() -> None:
    found = corroborate_claims(
        [claim("b", 2, 4000), claim("a", 1, 4000), claim("a", 1, 4000), claim("c", 0, 3000)]
    )
    (agreed,) = found.corroborated
    assert (agreed.figure, agreed.sources, cites(agreed.claims)) == (
        "4,000",
        2,
        [("a", 1), ("b", 2)],
    )
    (group,) = found.differing
    assert [(f, cites(cs)) for f, cs in group.figures] == [
        ("3,000", [("c", 0)]),
        ("4,000", [("a", 1), ("b", 2)]),
    ]


def test_figures_for_different_periods_are_not_compared() -> None:
    found = corroborate_claims(
        [claim("a", 0, 574, "from September to November"), claim("b", 0, 12300)]
    )
    assert found.corroborated == [] and found.differing == []


def test_only_cited_paragraphs_of_assigned_articles_are_read() -> None:
    articles = {
        "a": make_article(
            "Filler.", "Around 4,000 North Korean soldiers were killed.", article_id="a"
        ),
        "b": make_article("Around 4,000 North Korean soldiers were killed.", article_id="b"),
        "c": make_article("Around 4,000 North Korean soldiers were killed.", article_id="c"),
    }

    def hit(paragraph: int) -> TopicHit:
        return TopicHit(topic_id="t", paragraph=paragraph, rule="r", matched="m")

    assignments = {
        "a": ArticleTopics(article_id="a", hits=[hit(1)], topics=["t"]),
        "b": ArticleTopics(article_id="b", hits=[hit(0)], topics=["t"]),
        # c matched once but was not assigned the topic: its figure is not the topic's.
        "c": ArticleTopics(article_id="c", hits=[hit(0)], topics=[]),
    }
    (agreed,) = topic_corroboration("t", assignments, articles).corroborated
    assert cites(agreed.claims) == [("a", 1), ("b", 0)]
    assignments["a"] = ArticleTopics(article_id="a", hits=[hit(0)], topics=["t"])
    assert topic_corroboration("t", assignments, articles).corroborated == []
