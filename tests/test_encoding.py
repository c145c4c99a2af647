"""Bytes to text: BOMs, legacy encodings, mojibake, binary sniffing, HTML vs text dump."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.text.encoding import decode_bytes, looks_binary, repair_mojibake, sniff_kind

CURLY = "Kyiv’s “Coalition of the Willing” — talks resume… at 5 °C, 10 € and naïve café"


def test_strict_utf8_first() -> None:
    assert decode_bytes(CURLY.encode("utf-8")) == (CURLY, "utf-8")


@pytest.mark.parametrize(
    ("bom_encoding", "name"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_byte_order_marks(bom_encoding: str, name: str) -> None:
    bom = {"utf-8-sig": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = bom[bom_encoding] + CURLY.encode(bom_encoding)
    text, encoding = decode_bytes(data)
    assert text == CURLY  # the mark itself is not part of the text
    assert encoding == name


def test_cp1252_keeps_curly_quotes_and_dashes() -> None:
    text, encoding = decode_bytes(CURLY.encode("cp1252"))
    assert text == CURLY
    assert encoding == "cp1252"


def test_latin1_accents() -> None:
    source = "Café talks in Zürich, São Tomé and Malmö: señor Ørsted agreed."
    text, _ = decode_bytes(source.encode("latin-1"))
    assert text == source


def test_bytes_undefined_in_cp1252_do_not_raise() -> None:
    data = b"Officials said \x93yes\x94 \x81\x8d\x8f\x90\x9d and left."
    text, encoding = decode_bytes(data)
    assert encoding == "cp1252"
    assert "“yes”" in text and "\ufffd" in text


def test_declared_charset_is_used() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert decode_bytes(html.encode("cp1251")) == (html, "cp1251")
    http_equiv = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body><p>Привет, мир</p></body></html>"
    )
    assert decode_bytes(http_equiv.encode("koi8-r")) == (http_equiv, "koi8_r")


def test_declared_latin1_is_read_as_cp1252() -> None:
    # Browsers (the WHATWG standard) treat a declared ISO-8859-1 page as windows-1252.
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>It’s “quoted”</p></body></html>'
    text, encoding = decode_bytes(html.encode("cp1252"))
    assert text == html and encoding == "cp1252"


def test_wrong_declaration_falls_back_to_detection() -> None:
    html = '<html><head><meta charset="utf-16"></head><body><p>It’s “quoted”</p></body></html>'
    text, _ = decode_bytes(html.encode("cp1252"))
    assert text == html


def test_non_latin_legacy_encoding_is_detected() -> None:
    source = (
        "Переговоры возобновятся на следующей неделе, сообщили в министерстве иностранных дел. " * 3
    )
    text, _ = decode_bytes(source.encode("cp1251"))
    assert text == source


def test_whole_text_mojibake_is_repaired() -> None:
    broken = CURLY.encode("utf-8").decode("cp1252", errors="replace")
    assert "â€" in broken
    text, encoding = decode_bytes(broken.encode("utf-8"))
    assert text == CURLY
    assert "mojibake" in encoding


def test_correct_text_is_never_repaired() -> None:
    # Looks like mojibake in places, but cannot be re-read as UTF-8: leave it alone.
    for text in ("Ã la carte at Café Â", CURLY, "plain ascii", "Â© 2024 and also é"):
        assert repair_mojibake(text) == text


@given(st.text())
def test_any_utf8_text_round_trips(text: str) -> None:
    decoded, _ = decode_bytes(text.encode("utf-8"))
    # The only change allowed is undoing whole-text mojibake, which a random
    # string almost never is; when it is, the result must be valid and shorter.
    assert decoded == text or (len(decoded) < len(text) and decoded == repair_mojibake(text))


CP1252_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,;:!?'\"()-0123456789\n")
        + list("’‘“”–—…€éèàçüöäñÉß°©®™•")
    ),
    min_size=1,
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@given(CP1252_TEXT)
def test_cp1252_text_round_trips(text: str) -> None:
    data = text.encode("cp1252")
    # Valid UTF-8 wins by design ("É©" in cp1252 is the UTF-8 for "ɩ"): such
    # byte strings are ambiguous and real cp1252 prose almost never is one.
    assume(not _is_utf8(data))
    decoded, _ = decode_bytes(data)
    assert decoded == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"some text\x00with a NUL byte",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_is_recognised(data: bytes) -> None:
    assert looks_binary(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Plain text\r\nwith\ttabs and lines\x0c",
        CURLY.encode("cp1252"),
        codecs.BOM_UTF16_LE + CURLY.encode("utf-16-le"),  # NUL bytes, but text
        b"<!DOCTYPE html><html></html>",
    ],
)
def test_text_is_not_binary(data: bytes) -> None:
    assert not looks_binary(data)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>", "html"),
        ("\ufeff  <html lang='en'><body><p>hi</p></body></html>", "html"),
        ("<!-- saved from url=(0042) -->\n<html><body>x</body></html>", "html"),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("<div class='post'><p>A fragment saved from a page.</p></div>", "html"),
        ("Headline\n\nThe minister wrote <b>bold</b> in her post.\n\nMore text.", "text"),
        ('Talks Resume <script>alert("title")</script> After Pause\n\nOfficials said.', "text"),
        ("Menu\nHome\nWorld\n\nThe story about <html> tags in e-mail.", "text"),
        ("", "text"),
    ],
)
def test_sniff_kind(text: str, kind: str) -> None:
    assert sniff_kind(text) == kind


def test_text_dump_with_some_pasted_markup_stays_text() -> None:
    dump = "Title of the story\n\n" + "A paragraph of the story mentions <p> and <div> tags.\n" * 20
    assert sniff_kind(dump) == "text"
