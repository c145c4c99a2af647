"""Bytes of a seed to text: encoding detection, binary sniffing, HTML vs text dump.

Pure functions; ingest does the reading. The order of decisions in
`decode_bytes` matters and is explained where it is made: a byte order mark is
authoritative, strict UTF-8 is next (valid UTF-8 is almost never an accident),
then what an HTML page declares, then a sparse-high-byte test for Western
single-byte text, then charset-normalizer for everything else.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

import charset_normalizer

# How much of the start of a page is searched for a charset declaration; the
# HTML standard says a <meta charset> must sit within the first 1024 bytes, and
# real pages are sloppier.
DECLARATION_WINDOW = 4096
# How much is looked at to decide binary vs text, and HTML vs text dump.
SNIFF_WINDOW = 8192
# More control characters than this share of the sniffed bytes is not text.
MAX_CONTROL_SHARE = 0.05
# Western single-byte text has isolated high bytes ("café", "’"); CJK and
# Cyrillic single/multi-byte encodings put them in runs. Above this share of
# high bytes that touch another high byte, the text is not Western.
MAX_ADJACENT_HIGH_SHARE = 0.25
# Fewer non-ASCII bytes than this and charset-normalizer is not asked.
MIN_DETECTOR_EVIDENCE = 16

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE starts with the UTF-16 LE mark, so it is tested first.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # ZIP, and so docx/xlsx/epub
    b"PK\x05\x06",  # empty ZIP
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"RIFF",  # WebP, WAV, AVI
    b"\x00\x00\x01\x00",  # ICO
    b"OggS",
    b"ID3",  # MP3
    b"\x7fELF",
    b"MZ",  # Windows executable
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old MS Office
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Windows-1252 maps 0x80-0x9F to punctuation except these five bytes.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Encodings that mean "Western single-byte" when declared or guessed; the WHATWG
# encoding standard decodes a declared ISO-8859-1 or ASCII page as windows-1252.
_WESTERN = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252", "iso8859_15"})

# Two- and three-character sequences that UTF-8 punctuation and Latin letters
# become when their bytes are read as cp1252: "â€™" for ’, "Ã©" for é.
_MOJIBAKE = re.compile(
    "â€[\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122\ufffd]|Ã[\u0080-\u00bf\u2018-\u2122\u0152-\u0178]|Â[\u00a0-\u00bf]"
)

_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|base|article|main|div|section|header|table|p|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SKELETON = re.compile(r"<(?:html|body|head)[\s>]|</(?:html|body|head)>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|div|span|a|li|ul|br|td|tr|h[1-6])\b[^<>]*>", re.IGNORECASE)


# Tab, LF, VT, FF, CR and ESC occur in text; other C0 controls do not.
_UNEXPECTED_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")


def looks_binary(data: bytes) -> bool:
    """Whether the bytes are a file format other than text (an image, a PDF, ...)."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return False  # UTF-16/32 text is full of NUL bytes but is text.
    if data.startswith(_MAGIC):
        return True
    head = data[:SNIFF_WINDOW]
    if not head:
        return False
    if b"\x00" in head:
        return True
    # Counted by deleting them (bytes.translate), not byte by byte in Python.
    controls = len(head) - len(head.translate(None, _UNEXPECTED_CONTROLS))
    return controls / len(head) > MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read as.

    Never raises: the last resort is Windows-1252 with undecodable bytes
    replaced, so a seed with a few broken bytes is still read.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            # A byte order mark settles the question; invalid sequences after
            # it are damage, not a sign of another encoding.
            return data[len(bom) :].decode(name.removesuffix("-sig"), errors="replace"), name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        repaired = repair_mojibake(text)
        return (repaired, "utf-8 (mojibake repaired)") if repaired != text else (text, "utf-8")

    declared = declared_charset(data)
    if declared is not None:
        if declared in _WESTERN:
            return _decode_western(data)
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # The declaration is wrong (pages get re-saved); detect instead.

    # A detector needs evidence; a few stray high bytes in ASCII text are more
    # likely damage or Western accents than a CJK or Cyrillic page.
    if _sparse_high_bytes(data) or sum(byte >= 0x80 for byte in data) < MIN_DETECTOR_EVIDENCE:
        return _decode_western(data)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding is not None:
        name = codecs.lookup(best.encoding).name.replace("-", "_")
        if name not in _WESTERN:
            return str(best), best.encoding
    return _decode_western(data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec name an HTML page declares in a <meta>, when it is a known one."""
    match = _META_CHARSET.search(data[:DECLARATION_WINDOW])
    if match is None:
        return None
    try:
        info = codecs.lookup(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
    name = info.name.replace("-", "_")
    # A page that reached this point is not valid UTF-8, and one that declares
    # UTF-16 while being ASCII-readable is lying (the WHATWG standard ignores it).
    if name.startswith(("utf_8", "utf_16", "utf_32")):
        return None
    return name


def _sparse_high_bytes(data: bytes) -> bool:
    """Whether the non-ASCII bytes stand alone, as accents and curly quotes in Western text do."""
    high = [i for i, byte in enumerate(data) if byte >= 0x80]
    if not high:
        return True
    adjacent = sum(
        1
        for i in high
        if (i > 0 and data[i - 1] >= 0x80) or (i + 1 < len(data) and data[i + 1] >= 0x80)
    )
    return adjacent / len(high) <= MAX_ADJACENT_HIGH_SHARE


def _decode_western(data: bytes) -> tuple[str, str]:
    """Windows-1252 vs ISO-8859-1: the same for 0xA0-0xFF, but 0x80-0x9F are
    curly quotes and dashes in cp1252 and invisible C1 controls in Latin-1. No
    real text contains C1 controls, so cp1252 is chosen whenever those bytes
    occur; the five bytes cp1252 leaves undefined become U+FFFD."""
    if not any(0x80 <= byte <= 0x9F for byte in data):
        return data.decode("latin-1"), "iso-8859-1"
    if any(byte in _CP1252_UNDEFINED for byte in data):
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("cp1252"), "cp1252"


def _cp1252_byte(char: str) -> bytes | None:
    """The byte a character came from when UTF-8 was misread as cp1252 (or Latin-1)."""
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        # Bytes cp1252 leaves undefined survive a Latin-1 misreading as C1 controls.
        return bytes([ord(char)]) if ord(char) < 0x100 else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 ("â€™" → "’") when the whole text is that mistake.

    Guarded three ways so that correct text is never touched: the text must show
    the telltale sequences, every character must map back to one byte, and the
    bytes must then be valid UTF-8. Text mixing real "é" with mojibake fails the
    last test and is left as it is.
    """
    if _MOJIBAKE.search(text) is None:
        return text
    raw = bytearray()
    # "”" is E2 80 9D, and 0x9D is undefined in cp1252, so a misreading that
    # replaced it left "â€�"; no other common character ends that way.
    for char in text.replace("â€\ufffd", "â€\x9d"):
        if char < "\x80":
            raw.append(ord(char))
            continue
        byte = _cp1252_byte(char)
        if byte is None:
            return text
        raw += byte
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)) else text


def sniff_kind(text: str) -> Literal["html", "text"]:
    """Whether decoded text is an HTML document or a plain-text dump.

    A dump may quote markup ("<b>", "<script>alert()</script>") in its prose;
    only a document that opens with markup, or carries the html/head/body
    skeleton plus real block markup, is HTML.
    """
    head = text[:SNIFF_WINDOW].lstrip("\ufeff")
    if _HTML_START.match(head):
        return "html"
    if len(_HTML_SKELETON.findall(head)) >= 2 and len(_BLOCK_TAG.findall(head)) >= 5:
        return "html"
    return "text"
