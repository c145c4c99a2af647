"""The plain-text-dump cleaner: chrome patterns, metadata, seeds, dedupe."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean.dedupe import CONTAINMENT, JACCARD, MIN_FUZZY_WORDS, _words, dedupe_paragraphs
from generator.clean.textdump import extract_text_dump
from generator.clean.textdump_blocks import (
    _ACCOUNT_FINDER,
    _ANY_CHROME_PHRASE,
    _COMMENT_HEAD,
    _ELLIPSIS,
    _ELLIPSIS_CLOSERS,
    _ELLIPSIS_ENDINGS,
    _LEGAL_FINDER,
    _MONTH,
    _NAV_FINDER,
    _SENTENCE_BREAK,
    _SENTENCE_MARK,
    _SHARE_FINDER,
    _TERMINAL,
    _TERMINAL_CLOSERS,
    _TERMINAL_ENDINGS,
    _ends_in,
    _folds_like_ascii,
    _may_be_comment_head,
    _may_be_date,
    segment,
)
from generator.clean.textdump_meta import find_dateline, parse_date, short_title
from generator.model.records import Extraction

REPO = Path(__file__).resolve().parents[1]
BENCH_TEXTDUMPS = REPO.parent / "shared" / "bench" / "extraction" / "textdump"
EXPECTATIONS = yaml.safe_load(
    (REPO / "tests" / "data" / "seed_expectations.yaml").read_text(encoding="utf-8")
)["seeds"]

HEADLINE = "City Council Approves New Budget for Public Libraries After Long Debate"
BODY = [
    "The city council voted on Tuesday to approve a new budget for the public libraries, "
    "ending a debate that had lasted for more than six months.",
    "The budget adds four million dollars for longer opening hours, and it pays for new "
    "staff in the three branches that serve the northern districts of the city.",
    "Supporters said the money was overdue. Opponents argued that the city should first "
    "repair the roads, but they did not have the votes to block the plan.",
    "The mayor said she would sign the budget this week. The new hours are expected to "
    "start in the spring, once the libraries have hired and trained the new staff.",
    "Library workers welcomed the decision and said that the extra hours would help "
    "students who have no quiet place to study at home in the evening.",
]


def dump(
    *, before: Sequence[str] = (), after: Sequence[str] = (), body: Sequence[str] = tuple(BODY)
) -> str:
    """A dump in innerText style: paragraphs between blank lines, chrome around."""
    return "\n\n".join([*before, *body, *after]) + "\n"


def body_text(extraction: Extraction) -> str:
    return "\n".join(extraction.paragraphs)


def assert_body_intact(extraction: Extraction) -> None:
    for paragraph in BODY:
        assert paragraph in extraction.paragraphs


# --------------------------------------------------------------------------
# Chrome patterns
# --------------------------------------------------------------------------


def test_navigation_run_above_the_article_is_dropped() -> None:
    menu = "\n".join(["Home", "World", "Business", "Sports", "Opinion", "Life & Arts", "Video"])
    result = extract_text_dump(dump(before=[menu, HEADLINE]))
    assert_body_intact(result)
    assert "Business" not in body_text(result)
    assert any(r.reason == "navigation run" for r in result.removed)


def test_numbered_list_of_headlines_after_the_article_is_dropped() -> None:
    most_read = [
        "Most Read",
        "\n".join(
            [
                "1. Storm Knocks Out Power to Thousands Across the Region",
                "2. Local Team Wins Championship in Overtime Thriller",
                "3. New Bridge Opens to Traffic Two Years Late",
                "4. Schools Plan Longer Days Next Year",
            ]
        ),
    ]
    result = extract_text_dump(dump(before=[HEADLINE], after=most_read))
    assert_body_intact(result)
    assert "Storm Knocks Out Power" not in body_text(result)
    assert "Most Read" not in body_text(result)


def test_counters_and_category_labels_are_dropped() -> None:
    chrome = ["Comments0", "300", "Views 1.2k", "WORLD", "BUSINESS"]
    result = extract_text_dump(dump(before=[HEADLINE, "Comments0"], after=chrome))
    assert_body_intact(result)
    for item in chrome:
        assert item not in result.paragraphs
    assert any(r.reason == "counter" for r in result.removed)


def test_share_subscribe_cookie_and_copyright_lines_are_dropped() -> None:
    after = [
        "Share this article on Facebook Twitter Email",
        "Subscribe to our newsletter to get the latest news in your inbox every morning.",
        "We use cookies to improve your experience. By continuing you accept our privacy policy.",
        "© 2025 Example Media Group. All rights reserved.",
    ]
    result = extract_text_dump(dump(before=[HEADLINE], after=after))
    assert_body_intact(result)
    text = body_text(result)
    for line in after:
        assert line not in text
    reasons = {r.reason for r in result.removed}
    assert "copyright line" in reasons
    assert "share prompt" in reasons


def test_related_sources_footer_is_dropped() -> None:
    result = extract_text_dump(
        dump(before=[HEADLINE], after=["Related Sources:", "• Source 1 • Source 2"])
    )
    assert_body_intact(result)
    assert "Source 1" not in body_text(result)
    assert "related-sources footer" in {r.reason for r in result.removed}


def test_caption_printed_twice_is_not_kept_twice() -> None:
    caption = "Council members vote on the library budget at city hall on Tuesday. / City News"
    result = extract_text_dump(dump(before=[HEADLINE, f"{caption}\n{caption}"]))
    assert_body_intact(result)
    assert sum(caption in p for p in result.paragraphs) <= 1
    assert any(r.reason == "duplicate caption" for r in result.removed)


def test_reader_comments_below_the_article_are_cut() -> None:
    comments = [
        "12 comments",
        "jdoe says:",
        "I think this is a great decision and the libraries really needed the money for years.",
        "mary_k says:",
        "Finally some good news from the council, although the roads are still a disaster here.",
    ]
    result = extract_text_dump(dump(before=[HEADLINE], after=comments))
    assert_body_intact(result)
    assert "great decision" not in body_text(result)
    assert "roads are still" not in body_text(result)


def test_every_dropped_line_is_recorded_with_a_reason() -> None:
    before = ["Home\nWorld\nSports", HEADLINE, "By Jane Doe", "Comments0"]
    result = extract_text_dump(dump(before=before, after=["© 2025 Example Media"]))
    removed = [r.text for r in result.removed]
    for line in ("Home", "World", "Sports", HEADLINE, "By Jane Doe", "Comments0"):
        assert line in removed
    assert all(r.reason for r in result.removed)


# --------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------


def test_headline_above_body_is_the_title_not_a_paragraph() -> None:
    result = extract_text_dump(dump(before=[HEADLINE]))
    assert result.title == HEADLINE
    assert result.title_inferred is False
    assert HEADLINE not in result.paragraphs


def test_by_line_becomes_author_and_printed_date_becomes_published() -> None:
    result = extract_text_dump(dump(before=[HEADLINE, "By Jane Doe", "January 14, 2025"]))
    assert result.author == "Jane Doe"
    assert result.published == "2025-01-14"
    assert "By Jane Doe" not in body_text(result)


def test_name_next_to_counter_is_a_byline() -> None:
    result = extract_text_dump(dump(before=[HEADLINE, "Jane Doe Views"]))
    assert result.author == "Jane Doe"


def test_no_date_is_guessed_when_none_is_printed() -> None:
    result = extract_text_dump(dump(before=[HEADLINE]))
    assert result.published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 14, 2025", "2025-01-14"),
        ("Updated: Jan. 4, 2025 8:03 am ET", "2025-01-04"),
        ("14 Jan 2025", "2025-01-14"),
        ("2025-01-14", "2025-01-14"),
        ("Posted 3 hours ago", None),
        ("Room 2025", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("lead", "dateline"),
    [
        (
            "KYIV, Ukraine — President Zelenskyy said on Monday that talks went well.",
            "KYIV, Ukraine",
        ),
        ("LONDON (Reuters) - Britain's economy grew faster than expected.", "LONDON"),
        ("The minister said — in a rare interview — that talks went well.", None),
        ("A BIG day for the city, the mayor said.", None),
    ],
)
def test_dateline(lead: str, dateline: str | None) -> None:
    assert find_dateline(lead) == dateline


def test_dateline_paragraph_text_is_kept_intact() -> None:
    lead = "KYIV, Ukraine — " + BODY[0]
    result = extract_text_dump(dump(body=[lead, *BODY[1:]]))
    assert result.dateline == "KYIV, Ukraine"
    assert result.paragraphs[0] == lead


def test_inferred_title_is_short_and_clean_when_no_headline() -> None:
    result = extract_text_dump(dump())
    assert result.title_inferred is True
    assert result.title
    assert len(result.title) <= 90
    assert not result.title.endswith(("…", "...", ",", " "))


def test_short_title_cuts_at_a_clause_boundary() -> None:
    lead = (
        "Western military leaders are set to convene in Paris next week, officials said, "
        "to discuss the deployment of troops to Ukraine after a ceasefire."
    )
    title = short_title(lead)
    assert title == "Western military leaders are set to convene in Paris next week"


# --------------------------------------------------------------------------
# Segmentation and robustness
# --------------------------------------------------------------------------


def test_hard_wrapped_dump_is_joined_into_paragraphs() -> None:
    text = " ".join(BODY)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(line) + len(word) + 1 > 72:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    blocks = segment("\n".join(lines))
    assert len(blocks) == 1
    assert blocks[0].text == text


def test_innertext_lines_are_not_joined() -> None:
    assert len(segment(dump())) == len(BODY)


def test_cjk_dump_keeps_its_prose() -> None:
    paragraphs = [
        "市議会は火曜日、公共図書館の新しい予算を承認し、半年以上続いた議論に終止符を打った。",
        "予算には開館時間の延長のための四百万ドルが含まれ、北部地区の三つの分館に新しい職員を配置する。",
        "市長は今週中に予算案に署名すると述べた。新しい開館時間は春から始まる見込みだ。",
    ]
    result = extract_text_dump(dump(before=["ホーム\nニュース\nスポーツ"], body=paragraphs))
    for paragraph in paragraphs:
        assert paragraph in result.paragraphs


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Home"])
def test_degenerate_input_does_not_crash(text: str) -> None:
    result = extract_text_dump(text)
    assert isinstance(result.paragraphs, list)


# --------------------------------------------------------------------------
# Seeds (annotated expectations in tests/data/seed_expectations.yaml)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(EXPECTATIONS))
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Extraction]:
    name: str = request.param
    text = (REPO / "seeds" / name).read_text(encoding="utf-8")
    return EXPECTATIONS[name], extract_text_dump(text)


def test_seed_metadata(seed: tuple[dict[str, Any], Extraction]) -> None:
    expected, result = seed
    for key in ("title", "title_inferred", "author", "dateline", "published"):
        assert getattr(result, key) == expected[key], key


def test_seed_body(seed: tuple[dict[str, Any], Extraction]) -> None:
    expected, result = seed
    low, high = expected["paragraphs"]
    assert low <= len(result.paragraphs) <= high
    for sentence in expected["must_keep"]:
        assert any(sentence in p for p in result.paragraphs), sentence
    for junk in expected["must_drop"]:
        assert not any(junk in p for p in result.paragraphs), junk


# --------------------------------------------------------------------------
# dedupe_paragraphs
# --------------------------------------------------------------------------

SEED_003_A = (
    '"We talked about the deployment of contingents from allied countries and the training '
    'of our troops," Zelensky revealed in his evening speech, where he also explained that '
    "both leaders discussed the funding for the acquisition of ammunition for Ukraine."
)
SEED_003_B = (
    '"We also discussed the deployment of contingents from allied countries and the training '
    'of our troops," Zelensky said in his evening address to the nation, where he also '
    "explained that he discussed with Macron the funding for the acquisition of ammunition."
)
SAME_SUBJECT = (
    "Macron already raised the possibility last year of sending French troops to Ukraine to "
    "help contain the Russian advance, an idea most European countries rejected."
)


def test_dedupe_drops_rewritten_paragraph_and_keeps_the_first() -> None:
    kept, removed = dedupe_paragraphs([SEED_003_A, SAME_SUBJECT, SEED_003_B])
    assert kept == [SEED_003_A, SAME_SUBJECT]
    assert [r.text for r in removed] == [SEED_003_B]
    assert removed[0].reason == "near-duplicate paragraph"


def test_dedupe_keeps_different_paragraphs_about_the_same_subject() -> None:
    paragraphs = [BODY[0], BODY[3], SEED_003_A, SAME_SUBJECT]
    assert dedupe_paragraphs(paragraphs)[0] == paragraphs


def test_dedupe_drops_exact_repeats_of_short_lines_only() -> None:
    kept, removed = dedupe_paragraphs(["Advertisement", BODY[0], "Advertisement", "Ad"])
    assert kept == ["Advertisement", BODY[0], "Ad"]
    assert removed[0].reason == "duplicate paragraph"


_paragraph = st.lists(
    st.sampled_from(
        [
            "the",
            "troops",
            "allied",
            "talks",
            "Kyiv",
            "Macron",
            "budget",
            "city",
            "library",
            "vote",
            "new",
        ]
    ),
    min_size=1,
    max_size=24,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_paragraph, max_size=12))
def test_dedupe_output_is_an_idempotent_subsequence(paragraphs: list[str]) -> None:
    kept, removed = dedupe_paragraphs(paragraphs)
    iterator = iter(paragraphs)
    assert all(any(p == q for q in iterator) for p in kept)  # order-preserving subsequence
    assert len(kept) + len(removed) == len(paragraphs)
    again, removed_again = dedupe_paragraphs(kept)
    assert again == kept
    assert removed_again == []


def reference_dedupe(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """dedupe_paragraphs by its definition: every paragraph against every kept one."""
    kept: list[str] = []
    kept_grams: list[frozenset[tuple[str, str]]] = []
    removed: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        words = [w.casefold() for w in re.findall(r"\w+", paragraph)]
        key = tuple(words) if words else (paragraph.strip(),)
        kept_keys = [
            tuple(w.casefold() for w in re.findall(r"\w+", k)) or (k.strip(),) for k in kept
        ]
        if key in kept_keys:
            removed.append((paragraph, "duplicate paragraph"))
            continue
        grams = frozenset(itertools.pairwise(words)) if len(words) >= MIN_FUZZY_WORDS else None
        if grams and any(
            len(grams & other) / len(grams) >= CONTAINMENT
            or len(grams & other) / len(grams | other) >= JACCARD
            for other in kept_grams
        ):
            removed.append((paragraph, "near-duplicate paragraph"))
            continue
        kept.append(paragraph)
        if grams:
            kept_grams.append(grams)
    return kept, removed


@st.composite
def _rewrites(draw: st.DrawFn) -> list[str]:
    """Paragraphs that are light rewrites of a few others, so near-duplicates are common."""
    bases = draw(st.lists(_paragraph, min_size=1, max_size=3))
    paragraphs = []
    for _ in range(draw(st.integers(min_value=1, max_value=10))):
        words = draw(st.sampled_from(bases)).split(" ")
        cut = draw(st.integers(min_value=0, max_value=len(words)))
        extra = draw(st.lists(st.sampled_from(["said", "the", "new", "talks"]), max_size=3))
        paragraphs.append(" ".join(words[:cut] + extra + words[cut + len(extra) :]))
    return paragraphs


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_paragraph, max_size=12), _rewrites()))
def test_dedupe_matches_its_definition(paragraphs: list[str]) -> None:
    kept, removed = dedupe_paragraphs(paragraphs)
    assert (kept, [(r.text, r.reason) for r in removed]) == reference_dedupe(paragraphs)


# Characters whose case folding is special: "İ" folds to two characters, the
# second no word character; "ß" to "ss"; "µ" leaves Latin-1; U+0345 is no word
# character but folds to one.
_FOLD_TEXT = st.text(
    alphabet=st.sampled_from(list("aZ ’“—-.,\n0ßµÀÿİıΣςﬁ\u0345\u2070\u00aa_")), max_size=40
)


@settings(max_examples=500, deadline=None)
@given(_FOLD_TEXT)
def test_dedupe_words_are_folded_word_by_word(text: str) -> None:
    assert _words(text) == [w.casefold() for w in re.findall(r"\w+", text)]


# Text made of the pieces the two patterns look for, so that matches are common.
_PIECES = st.sampled_from(
    [
        "said:",
        "says :",
        "wrote:",
        " ",
        "jan 3",
        "Posted",
        "UPDATED",
        "12:30",
        "3 comments",
        "Leave a Reply",
        "responses to",
        "join the discussion",
        "ſ",
        "İ",
        "K",
        "1",
        "x",
        "at 4:47 pm",
        "comment",
        "Comments (2)",
        "5 minutes ago",
        "2 replies",
        "12 likes",
        "3 votes",
        "10 points",
        "COMMENTS",
        "Jane says:",
        "sign in",
        "Read more",
        "© ",
        "(c) 2019",
        "E-mail this",
        "most viewed",
        "’",
        "ı",
        "\xa0",
        "\n",
        "2019-05-01",
        "May",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=8).map("".join))
def test_the_regex_prefilters_never_skip_a_match(text: str) -> None:
    lowered = text.lower()
    digits = sum(map(str.isdigit, text))
    if _MONTH.search(text):
        assert _may_be_date(text, lowered, digits)
    if _COMMENT_HEAD.search(text):
        assert _may_be_comment_head(text, lowered, digits)
    if _SENTENCE_BREAK.search(text):
        assert _SENTENCE_MARK.search(text)
    finders = (_SHARE_FINDER, _ACCOUNT_FINDER, _LEGAL_FINDER, _NAV_FINDER)
    if any(finder.search(lowered) for finder in finders):
        assert _ANY_CHROME_PHRASE.search(lowered)


def test_only_four_characters_fold_to_ascii_letters() -> None:
    """What _folds_like_ascii relies on, over all of Unicode."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    ascii_letters = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    folding = [
        chr(c)
        for c in range(0x80, 0x110000)
        if not 0xD800 <= c <= 0xDFFF
        and (letter.match(chr(c)) or ascii_letters & set(chr(c).lower()))
    ]
    assert folding == ["\u0130", "\u0131", "\u017f", "\u212a"]
    assert not any(_folds_like_ascii(c) for c in folding)
    assert _folds_like_ascii("café “quoted”")


_ENDS = st.lists(st.sampled_from([*".!?…。x \"”’')»]\n", "..."]), max_size=8).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=6), _ENDS)
def test_ends_in_is_the_end_anchored_patterns(head: str, tail: str) -> None:
    text = head + tail
    terminal = _ends_in(text, _TERMINAL_ENDINGS, _TERMINAL_CLOSERS)
    assert terminal == (_TERMINAL.search(text) is not None)
    ellipsis = _ends_in(text, _ELLIPSIS_ENDINGS, _ELLIPSIS_CLOSERS)
    assert ellipsis == (_ELLIPSIS.search(text) is not None)


def test_without_the_audit_only_the_reasons_are_missing() -> None:
    """A corpus build cleans with audit=False: the same article, no `removed` list."""
    dumps = sorted((REPO / "seeds").glob("*.txt")) + sorted(BENCH_TEXTDUMPS.glob("*.txt"))[:40]
    audited = 0
    for path in dumps:
        text = path.read_text(encoding="utf-8")
        full, lean = extract_text_dump(text), extract_text_dump(text, audit=False)
        audited += bool(full.removed)
        assert lean.removed == []
        assert replace(full, removed=[]) == lean, path.name
    assert audited >= 40, "the dumps should have dropped blocks to compare"
