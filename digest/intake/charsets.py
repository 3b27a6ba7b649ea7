"""Decoding downloaded XML and HTML by what the bytes and the server declare, never by guessing.

A wrong guess turns "Київ" into "Êè¿â" and the digest quotes it; a page whose bytes do not
match any declared character set is rejected instead, with a message that says so.
"""

from __future__ import annotations

import codecs
import re

from digest.intake.documents import Rejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEAD = 4096
"""Declarations must sit at the start of a document; searching further invites false hits."""


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def declared_charsets(data: bytes, header_charset: str | None) -> list[str]:
    """The declared character sets in order of trust: in-document declaration, then HTTP header.

    The document's own declaration comes first because servers often send one default
    charset for every file while the author's declaration describes the bytes.
    """
    head = data[:_HEAD]
    found = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    candidates = [_codec(found[1]) if found else None, _codec(header_charset)]
    return list(dict.fromkeys(name for name in candidates if name))


def decode_markup(data: bytes, header_charset: str | None = None) -> str:
    """The text of an XML or HTML document; Rejected when its bytes fit no declared charset.

    A byte-order mark decides; otherwise bytes that are valid UTF-8 are UTF-8 whatever
    the labels say (other encodings almost never form valid UTF-8 by chance, while wrong
    labels are common); otherwise a declared charset must decode them.
    """
    if not data.strip():
        raise Rejected("empty document")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise Rejected(f"invalid {codec} text after its byte-order mark") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [name for name in declared_charsets(data, header_charset) if name != "utf-8"]
    for codec in declared:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if declared:
        raise Rejected(f"the bytes do not match the declared charset ({', '.join(declared)})")
    raise Rejected("the bytes are not UTF-8 and no other charset is declared")
