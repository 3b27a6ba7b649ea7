"""One decoder for files, pages and feeds: by what the bytes and the server declare, no guessing.

A wrong guess turns "Київ" into "Êè¿â" and the digest quotes it; bytes that fit no
declared character set are rejected instead, with a message that says so.
"""

from __future__ import annotations

import codecs
import re

from digest.errors import Rejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_MARKUP = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
"""How a document that starts with `<` begins in UTF-32 and UTF-16 without a byte-order mark
(XML 1.0 Appendix F). Their NUL bytes are valid UTF-8, so UTF-8 must not be tried first."""
_XML_DECLARATION = re.compile(r"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(r"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEAD = 4096
"""Declarations must sit at the start of a document; searching further invites false hits."""
_NOT_BY_LABEL = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
"""Labels that never decide alone: UTF-8 was tried already, and UTF-16/32 text shows itself
by its byte-order mark or its first bytes; 8-bit bytes labelled UTF-16 (a common slip) would
decode into pages of random CJK letters."""
_DAMAGE_PER_BYTES = 10_000
_SUPERSETS = {
    "iso8859-1": ("cp1252", "iso8859-1"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "euc_kr": ("cp949",),
    "big5": ("big5hkscs",),
    "shift_jis": ("cp932",),
}
"""What browsers read for these labels (the WHATWG Encoding Standard): pages labelled
iso-8859-1 or gb2312 are written in windows-1252 or GBK far more often than not."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None


def _wide_unicode(data: bytes) -> str | None:
    """The UTF-32 or UTF-16 codec of markup without a byte-order mark, if its start reads as
    ASCII in it (a `<` then a NUL alone is no evidence)."""
    for start, codec in _WIDE_MARKUP:
        if data.startswith(start):
            width = 4 if "32" in codec else 2
            return codec if data[: 16 * width].decode(codec, "replace").isascii() else None
    return None


def _nearly_utf8(data: bytes) -> str | None:
    """Declared UTF-8 with at most one bad byte sequence per 10,000 bytes (a teaser cut inside
    a character), with U+FFFD in their place; None when there are more. Text that keeps a
    U+FFFD is refused as garbled later, so only damage outside the article is forgiven."""
    text = data.decode("utf-8", "replace")
    damage = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if damage <= len(data) // _DAMAGE_PER_BYTES else None


def declared_charsets(
    data: bytes, header_charset: str | None, *, header_first: bool = False
) -> list[str]:
    """The declared character sets in order of trust (codec names, no duplicates).

    For HTML the page's own declaration comes first, because servers often send one
    default charset for every file while the author's declaration describes the bytes.
    For XML (`header_first`) the HTTP header wins, as RFC 7303 and feed readers have it.
    """
    head = data[:_HEAD].decode("latin-1")
    found = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    document, header = _codec(found[1] if found else None), _codec(header_charset)
    candidates = [header, document] if header_first else [document, header]
    return list(dict.fromkeys(name for name in candidates if name))


def decode_markup(
    data: bytes, header_charset: str | None = None, *, header_first: bool = False
) -> str:
    """The text of a document (plain text, HTML or XML); Rejected when its bytes fit no
    declared charset.

    In order: a byte-order mark; UTF-32 or UTF-16 markup without one (Appendix F); bytes
    that are valid UTF-8 are UTF-8 whatever the labels say (other encodings almost never
    form valid UTF-8 by chance, while wrong labels are common); otherwise a declared
    charset (see `declared_charsets`), read as a browser reads its label, must decode them;
    a document declared UTF-8 may have a few bad bytes (`_nearly_utf8`).
    """
    if not data.strip():
        raise Rejected("empty document")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise Rejected(f"invalid {codec} text after its byte-order mark") from error
    if wide := _wide_unicode(data):
        try:
            return data.decode(wide)
        except UnicodeDecodeError as error:
            raise Rejected(f"invalid {wide} text (no byte-order mark)") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_byte = error.start
    declared = declared_charsets(data, header_charset, header_first=header_first)
    for label in (name for name in declared if name not in _NOT_BY_LABEL):
        for codec in _SUPERSETS.get(label, (label,)):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    if declared == ["utf-8"] and (repaired := _nearly_utf8(data)):
        return repaired
    if declared:
        raise Rejected(
            f"the bytes do not match the declared charset ({', '.join(declared)})"
            if declared != ["utf-8"]
            else f"the bytes are not the UTF-8 they declare (bad byte at offset {bad_byte})"
        )
    raise Rejected(
        f"the bytes are not UTF-8 (bad byte at offset {bad_byte}) and no other charset is declared"
    )
