"""Reading RSS 0.9x/1.0/2.0, Atom and JSON Feed documents into entries, with a clear reason
when they are not.

feedparser is given the bytes we downloaded, wrapped in a stream: handed a string or bytes
it would try them as a URL or a file name first.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from time import struct_time

import feedparser

from digest.errors import Rejected
from digest.intake.charsets import decode_markup
from digest.intake.feed_entries import ParsedFeed, plain_text
from digest.intake.json_feed import parse_json_feed

_XML_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_CDF_START = re.compile(
    r"\A\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<channel\b", re.I | re.S
)
"""A CHANNEL root element: Microsoft's Channel Definition Format, not RSS."""
_FEED_FIELDS = ("title", "link", "subtitle")
"""What a leniently read feed must have at least one of, if it has no entries."""
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _xml_char(match: re.Match[str]) -> str:
    """A reference to a character XML forbids (a lone surrogate, NUL) as U+FFFD instead.

    feedparser's fallback parser crashes on them, taking the whole feed down; U+FFFD
    makes only that entry garbled, and it is rejected on its own.
    """
    digits = match[1] or match[2]
    code = int(digits, 16 if match[1] else 10) if len(digits) <= 8 else -1
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF
    return match[0] if allowed and code not in (0xFFFE, 0xFFFF) else "&#xFFFD;"


def _moment(value: struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to UTC.
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _add_entry(feed: ParsedFeed, number: int, raw: feedparser.FeedParserDict, base: str) -> None:
    summary = next((str(raw[name]) for name in ("summary", "description") if raw.get(name)), "")
    # dict.get: FeedParserDict's own get maps "updated" to "published" with a warning.
    published = _moment(dict.get(raw, "published_parsed")) or _moment(
        dict.get(raw, "updated_parsed")
    )
    feed.add(
        number,
        title=plain_text(str(raw.get("title") or "")),
        link=str(raw.get("link") or ""),
        guid=str(raw.get("id") or ""),
        summary=plain_text(summary),
        published=published,
        base=base,
    )


def _xml_problem(parsed: feedparser.FeedParserDict) -> str | None:
    """feedparser's XML error with its line, or None. Only XML errors count: its other
    "bozo" notes (a charset it overrode, a content type) concern the bytes, which are
    decoded correctly already."""
    problem = parsed.get("bozo_exception")
    if not hasattr(problem, "getMessage"):
        return None
    line = problem.getLineNumber() if hasattr(problem, "getLineNumber") else None
    return f"{problem.getMessage()} at line {line}" if line else str(problem.getMessage())


def parse_feed(data: bytes, *, url: str, header_charset: str | None = None) -> ParsedFeed:
    """The entries of a downloaded feed (RSS, Atom or JSON Feed); Rejected when it is not a
    readable feed at all.

    A feed that is not well-formed XML (an HTML entity such as `&eacute;`, a bare `&`, an
    unclosed tag) is read by feedparser's lenient parser, as feed readers do, with a note
    saying so; it is refused only when nothing at all can be read from it.
    """
    # XML's own rule (RFC 7303): the HTTP charset wins over the XML declaration.
    text = decode_markup(data, header_charset, header_first=True).removeprefix("\ufeff")
    if text.lstrip().startswith(("{", "[")):
        return parse_json_feed(text, url=url)
    if _HTML_START.match(text):
        raise Rejected("an HTML page, not a feed (is the feed URL right?)")
    # The text is decoded already: tell feedparser it is UTF-8 so it cannot guess again.
    # With no declaration of its own feedparser adds one and a line break, which would put
    # every error it reports one line late.
    text = _CHARACTER_REFERENCE.sub(_xml_char, text)
    if text.lstrip().startswith("<?xml"):
        text = _XML_ENCODING.sub(r'\1"utf-8"', text.lstrip(), count=1)
    else:
        text = '<?xml version="1.0" encoding="utf-8"?>' + text
    utf8 = text.encode()
    parsed = feedparser.parse(
        io.BytesIO(utf8),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,
        },
    )
    xml_error = _xml_problem(parsed)
    if not parsed.get("version"):
        if _CDF_START.match(text):
            raise Rejected(
                "unsupported format: Channel Definition Format (CDF); "
                "digestbot reads RSS, Atom and JSON Feed"
            )
        raise Rejected(
            f"not an RSS or Atom feed (invalid XML: {xml_error})"
            if xml_error
            else "not an RSS or Atom feed (no rss, RDF or Atom feed element)"
        )
    feed = ParsedFeed(title=plain_text(str(parsed.feed.get("title") or "")))
    if xml_error:
        if not parsed.entries and not any(parsed.feed.get(key) for key in _FEED_FIELDS):
            raise Rejected(f"invalid XML: {xml_error}; nothing readable in it")
        feed.notes.append(f"read leniently: the XML is not well-formed ({xml_error})")
    for number, raw in enumerate(parsed.entries, start=1):
        _add_entry(feed, number, raw, url)
    return feed
