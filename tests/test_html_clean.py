"""The HTML cleaner on small handcrafted pages: body, metadata, chrome, broken input."""

from __future__ import annotations

import pytest

from generator.clean.html import clean_author, extract_html, strip_site_suffix
from generator.clean.html_chrome import chrome_anywhere, chrome_tail, is_timestamp, strip_chrome

BODY = [
    "Officials in the capital said on Tuesday that the talks would continue next week, "
    "and that both delegations had agreed to meet again in the same city.",
    "The negotiators spent most of the day discussing the exchange of prisoners of war, "
    "according to two people familiar with the meetings who asked not to be named.",
    "A spokesperson for the foreign ministry described the atmosphere as constructive "
    "and said a joint statement could follow by the end of the month.",
    "Observers cautioned that earlier rounds had collapsed over the same questions, "
    "and that much would depend on the ceasefire holding along the front line.",
]


def page(
    *,
    head: str = "",
    title: str = "Talks Resume After Pause | Daily Planet",
    body_extra: str = "",
    tail: str = "",
) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>Talks Resume After Pause</h1>
{body_extra}
{paragraphs}
{tail}
</article>
<footer><p>Copyright 2024 Daily Planet. All rights reserved.</p></footer>
</body></html>"""


FULL_HEAD = """
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="Talks Resume After Pause | Daily Planet">
<meta name="author" content="By  Jane
   Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://planet.example/world/talks-resume">
"""


def text_of(paragraphs: list[str]) -> str:
    return " ".join(paragraphs)


def test_body_and_metadata() -> None:
    ex = extract_html(page(head=FULL_HEAD))
    assert ex.paragraphs == BODY
    assert ex.title == "Talks Resume After Pause"
    assert ex.publisher == "Daily Planet"
    assert ex.author == "Jane Doe"
    assert ex.published == "2024-03-05"
    assert ex.url == "https://planet.example/world/talks-resume"
    assert not ex.title_inferred


@pytest.mark.parametrize(
    ("og_title", "expected"),
    [
        ("Talks Resume: What Comes Next | Analysis", "Talks Resume: What Comes Next | Analysis"),
        ("Talks Resume After Pause - Daily Planet", "Talks Resume After Pause"),
        ("Talks Resume After Pause — DAILY PLANET", "Talks Resume After Pause"),
        ("Daily Planet - Talks Resume", "Daily Planet - Talks Resume"),
    ],
)
def test_title_suffix_stripped_only_when_it_is_the_site_name(og_title: str, expected: str) -> None:
    head = (
        '<meta property="og:site_name" content="Daily Planet">'
        f'<meta property="og:title" content="{og_title}">'
    )
    assert extract_html(page(head=head, title=og_title)).title == expected


def test_author_that_is_the_site_name_is_dropped() -> None:
    head = (
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta name="author" content="Daily Planet">'
    )
    assert extract_html(page(head=head)).author is None


def test_no_date_is_invented() -> None:
    # Dates in the prose and in a side list are not the publication date.
    extra = "<p>The previous round, on 12 January 2023, ended without agreement.</p>"
    ex = extract_html(page(body_extra=extra))
    assert ex.published is None


def test_url_falls_back_to_the_given_one() -> None:
    ex = extract_html(page(), url="https://given.example/a")
    assert ex.url == "https://given.example/a"


def test_headline_and_trailing_chrome_are_removed_with_reasons() -> None:
    tail = (
        "<p>Follow us on Twitter and Facebook for the latest updates.</p>"
        "<p>Sign up for our newsletter to get the day's top headlines.</p>"
    )
    ex = extract_html(page(head=FULL_HEAD, tail=tail))
    assert ex.paragraphs == BODY
    reasons = {r.text: r.reason for r in ex.removed}
    assert reasons["Talks Resume After Pause"] == "headline repeated in the body"
    assert "follow" in reasons["Follow us on Twitter and Facebook for the latest updates."]
    assert "Sign up for our newsletter to get the day's top headlines." in reasons


def test_script_and_style_do_not_leak_into_text() -> None:
    extra = (
        "<script>var secret = 'tracking-code-42'; alert('x');</script>"
        "<style>.x { color: red }</style>"
        "<noscript>Please enable JavaScript</noscript>"
    )
    text = text_of(extract_html(page(body_extra=extra)).paragraphs)
    assert "tracking-code-42" not in text
    assert "color: red" not in text
    assert "Officials in the capital" in text


def test_markup_shown_as_text_stays_text() -> None:
    extra = (
        "<p>The page printed &lt;script&gt;alert(1)&lt;/script&gt; as a literal string, "
        "which readers noticed at once.</p>"
    )
    text = text_of(extract_html(page(body_extra=extra)).paragraphs)
    assert "<script>alert(1)</script>" in text


def test_truncated_page_keeps_what_is_there() -> None:
    html = page(head=FULL_HEAD)
    cut = html[: html.index(BODY[3][:20])]
    ex = extract_html(cut)
    assert BODY[0] in ex.paragraphs
    assert ex.title == "Talks Resume After Pause"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><head></head><body></body></html>",
        "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><p>unclosed <b>tags <i>everywhere",
        "\x00\x01\x02 binary garbage \xff\xfe",
        "<" * 10_000,
        "<div>" * 50_000 + "deep",
    ],
)
def test_broken_or_empty_pages_never_raise(html: str) -> None:
    ex = extract_html(html)
    assert isinstance(ex.paragraphs, list)
    assert ex.published is None


def test_empty_page_has_no_paragraphs() -> None:
    assert extract_html("<html></html>").paragraphs == []


def test_huge_page_is_bounded() -> None:
    filler = "<p>" + "word " * 200 + "</p>\n"
    html = page(head=FULL_HEAD, tail=filler * 40_000)  # about 40 MB
    ex = extract_html(html)
    assert BODY[0] in ex.paragraphs


def test_dateline_is_read_from_the_lead() -> None:
    extra = (
        "<p>KYIV, Ukraine (AP) — Officials said the talks on prisoner exchanges had "
        "made progress overnight, and that a new round was planned.</p>"
    )
    ex = extract_html(page(body_extra=extra, title="Talks Resume After Pause"))
    assert ex.dateline == "KYIV, Ukraine"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Related: Five things to know about the talks", "link to another story"),
        ("READ MORE: Ceasefire holds for a third day", "link to another story"),
        ("You may also like", "widget label"),
        ("Most read in world news", "widget label"),
        ("Related talks are planned for next spring, the ministry said.", None),
        ("More than 300 delegates attended the opening session of the summit on Monday.", None),
    ],
)
def test_chrome_anywhere(line: str, expected: str | None) -> None:
    assert chrome_anywhere(line) == expected


@pytest.mark.parametrize(
    ("line", "is_chrome"),
    [
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", True),
        ("Write to Jane Doe at jane.doe@example.com", True),
        ("Reporting by Jane Doe; Editing by John Smith", True),
        ("Associated Press writer John Smith contributed to this report.", True),
        ("Filed under: Politics |", True),
        ("Updated at 1:23 p.m.", True),
        ("- Sign up for the service with the same email address", False),
        ("The ministry said the talks would resume after the holiday.", False),
    ],
)
def test_chrome_tail(line: str, is_chrome: bool) -> None:
    assert (chrome_tail(line) is not None) is is_chrome


def test_timestamps() -> None:
    assert is_timestamp("November 20, 2019 - 11:28 AMT")
    assert is_timestamp("5:45 AM PST 11/19/2019 by Patrick Shanley")
    assert not is_timestamp("In 2019 the talks broke down twice.")


def test_tail_scan_stops_at_the_story() -> None:
    paragraphs = [*BODY, "Sign up for our newsletter.", BODY[0]]
    kept, removed = strip_chrome(paragraphs, [])
    # A prompt followed by story text is not in the tail; nothing goes.
    assert kept == paragraphs and removed == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("by:  Jane\n  Doe ", "Jane Doe"),
        ("Written by Jane Doe", "Jane Doe"),
        ("Daily Planet", None),
        ("By DAILY PLANET", None),
        ("Bystrova Anna", "Bystrova Anna"),
        ("", None),
        (None, None),
    ],
)
def test_author_normalisation(raw: str | None, expected: str | None) -> None:
    assert clean_author(raw, "Daily Planet") == expected


def test_site_suffix() -> None:
    assert strip_site_suffix("A  headline\n | Daily Planet", "Daily Planet") == "A headline"
    assert strip_site_suffix("A headline | Daily Planet", None) == "A headline | Daily Planet"
    assert strip_site_suffix("Daily Planet", "Daily Planet") == "Daily Planet"
