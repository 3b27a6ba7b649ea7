"""Reading RSS 0.9x/1.0/2.0 and Atom documents into entries, with a clear reason when they are not.

feedparser is given the bytes we downloaded, wrapped in a stream: handed a string or bytes
it would try them as a URL or a file name first.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time
from urllib.parse import urljoin

import feedparser

from digest.intake.charsets import decode_markup
from digest.intake.documents import Rejected, clean_field
from digest.intake.urls import MAX_URL_BYTES, url_problem

_XML_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")
_TAG = re.compile(r"<[^<>]+>")
"""No `<` inside a tag: a run of unclosed `<` is then scanned once, not once per `<`."""
_SPACE = re.compile(r"\s+")
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
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


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed with what the fetcher needs: where to read it and when it appeared."""

    title: str
    link: str
    guid: str | None
    summary: str
    published: datetime | None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the entry may have been seen under before (its guid and its link)."""
        return tuple(dict.fromkeys(key for key in (self.guid, self.link) if key))


@dataclass
class ParsedFeed:
    """The usable entries of a feed, and one line for each entry that is not usable."""

    title: str
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def plain_text(fragment: str) -> str:
    """Text of a feed's HTML fragment (a summary or title): tags dropped, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def _moment(value: struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to UTC.
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _entry(raw: feedparser.FeedParserDict, base: str) -> FeedEntry:
    title = plain_text(str(raw.get("title") or ""))
    link = str(raw.get("link") or "").strip()
    guid = clean_field(str(raw.get("id") or ""))
    if len(guid.encode()) > MAX_URL_BYTES:  # a unique key: PostgreSQL cannot index it
        guid = ""
    if not link:
        raise Rejected("no link")
    try:
        link = urljoin(base, link)
    except ValueError:
        raise Rejected(f"bad link (not a well-formed web address): {link[:80]!r}") from None
    if problem := url_problem(link):
        raise Rejected(f"bad link ({problem}): {clean_field(link[:80])!r}")
    if not title:
        raise Rejected(f"no title ({link})")
    summary = next(
        (plain_text(str(raw[name])) for name in ("summary", "description") if raw.get(name)), ""
    )
    # dict.get: FeedParserDict's own get maps "updated" to "published" with a warning.
    published = _moment(dict.get(raw, "published_parsed")) or _moment(
        dict.get(raw, "updated_parsed")
    )
    return FeedEntry(
        title=title, link=link, guid=guid or None, summary=summary, published=published
    )


def parse_feed(data: bytes, *, url: str, header_charset: str | None = None) -> ParsedFeed:
    """The entries of a downloaded feed; Rejected when it is not a readable feed at all."""
    text = decode_markup(data, header_charset)
    if _HTML_START.match(text):
        raise Rejected("an HTML page, not a feed (is the feed URL right?)")
    # The text is decoded already: tell feedparser it is UTF-8 so it cannot guess again.
    text = _CHARACTER_REFERENCE.sub(_xml_char, text.removeprefix("\ufeff"))
    utf8 = _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode()
    parsed = feedparser.parse(
        io.BytesIO(utf8),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,
        },
    )
    problem = parsed.get("bozo_exception")
    # Only XML errors count: feedparser's other "bozo" notes (a charset it overrode, a
    # content type) concern the bytes, which are decoded correctly already.
    xml_error = problem.getMessage() if hasattr(problem, "getMessage") else None
    if not parsed.get("version"):
        raise Rejected(
            f"not an RSS or Atom feed (invalid XML: {xml_error})"
            if xml_error
            else "not an RSS or Atom feed (no rss, RDF or Atom feed element)"
        )
    if xml_error:
        raise Rejected(f"invalid XML: {xml_error}")
    feed = ParsedFeed(title=plain_text(str(parsed.feed.get("title") or "")))
    for number, raw in enumerate(parsed.entries, start=1):
        try:
            feed.entries.append(_entry(raw, url))
        except Rejected as reason:
            feed.problems.append(f"entry {number}: {reason}")
    return feed
