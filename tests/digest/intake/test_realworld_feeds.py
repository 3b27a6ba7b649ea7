"""Every feed of the real-world corpus (../shared/realworld/feeds) gets its expected outcome.

Read as `digestbot fetch` reads a download (the `Content-type` charset of feedparser's
`Header:` lines given as the HTTP charset). A well-formed feed must give feedparser's own
result (`feedparser` in expected.jsonl) in our data model: the same feed title and the same
entries with a title and a link; ill-formed ones are salvaged or refused on purpose; other
formats are refused as such, or read (JSON Feed); garbage is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from digest.errors import Rejected
from digest.intake.feed_entries import ParsedFeed, plain_text
from tests.support.realworld import expected, require_realworld
from tests.support.realworld_feeds import header_charset, read

REFUSED_ON_PURPOSE = {
    **{
        f"feeds/illformed/chardet/{name}.xml": "not UTF-8 (bad byte"
        for name in (
            "big5",
            "eucjp",
            "euckr",
            "gb2312",
            "koi8r",
            "shiftjis",
            "tis620",
            "windows1255",
        )
    },
    # No charset declared and not UTF-8: only a guess could read them, and a wrong guess
    # stores garbled text (feedparser's guess depends on which chardet is installed).
    "feeds/encoding/bozo_encoding_mismatch_crash.xml": "not UTF-8 (bad byte",
    # Declares UTF-8 and is not: feedparser falls back to windows-1252 and reads mojibake.
    "feeds/encoding/bozo_linenoise.xml": "not the UTF-8 they declare",
}
"""Ill-formed feeds ("recover") refused, with the reason their line must give."""
WIDE_WITHOUT_BOM = (
    *("u16.xml", "utf16.xml", "utf_16.xml", "utf_32.xml"),
    *(f"utf-{width}{order}{kind}.xml" for width in (16, 32) for order in ("be", "le")
      for kind in ("", "-autodetect")),
)  # fmt: skip
"""UTF-16 and UTF-32 without a byte-order mark: their NUL bytes are valid UTF-8."""
NON_WEB_LINKS = {"feeds/trafilatura-resources/feed1.atom": 1}
"""Entries whose link feedparser keeps but the fetcher cannot fetch (a `urn:uuid:`)."""


def _rows(*verdicts: str) -> list[dict[str, Any]]:
    require_realworld()
    return [row for row in expected("feeds") if row["verdict"] in verdicts]


def _read(row: dict[str, Any]) -> ParsedFeed:
    outcome = read(row)
    if isinstance(outcome, Rejected):
        pytest.fail(f"{row['file']} ({row['verdict']}) refused: {outcome}")
    return outcome


def _as_feedparser_read_it(row: dict[str, Any], feed: ParsedFeed) -> list[str]:
    """How `feed` differs from feedparser's reading of the same file (none: an empty list)."""
    result = row["feedparser"]
    wrong = []
    if feed.title != plain_text(result["feed_title"] or ""):
        wrong.append(f"title {feed.title!r}, feedparser {result['feed_title']!r}")
    entries = result["entries_with_title_and_link"] - NON_WEB_LINKS.get(row["file"], 0)
    if len(feed.entries) != entries:
        wrong.append(f"{len(feed.entries)} entries, feedparser {entries} ({feed.problems})")
    xml_error = bool(result["bozo"]) and "SAXParseException" in (result["bozo_exception"] or "")
    if bool(feed.notes) != xml_error:
        wrong.append(f"notes {feed.notes}, feedparser's error {result['bozo_exception']}")
    return wrong


def test_every_well_formed_feed_is_read_as_feedparser_reads_it() -> None:
    rows = _rows("accept")
    wrong = {row["file"]: _as_feedparser_read_it(row, _read(row)) for row in rows}
    assert {name: problems for name, problems in wrong.items() if problems} == {}
    assert len(rows) == 276


def test_feeds_not_well_formed_are_read_with_a_note() -> None:
    lenient = [
        row
        for row in _rows("accept", "recover")
        if "SAXParseException" in (row["feedparser"]["bozo_exception"] or "")
        and row["file"] not in REFUSED_ON_PURPOSE
    ]
    for row in lenient:
        [note] = _read(row).notes
        assert note.startswith("read leniently: the XML is not well-formed ("), row["file"]
    assert sum(row["file"].startswith("feeds/entities/") for row in lenient) == 40


def test_ill_formed_feeds_are_salvaged_or_refused_with_a_named_reason() -> None:
    rows = _rows("recover")
    for row in rows:
        outcome = read(row)
        if row["file"] in REFUSED_ON_PURPOSE:
            assert isinstance(outcome, Rejected), row["file"]
            assert REFUSED_ON_PURPOSE[row["file"]] in str(outcome), row["file"]
        else:
            assert not isinstance(outcome, Rejected), f"{row['file']}: {outcome}"
            assert _as_feedparser_read_it(row, outcome) == [], row["file"]
    assert len(rows) - len(REFUSED_ON_PURPOSE) == 11


def test_http_charset_wins_and_text_is_decoded_right() -> None:
    rows = {row["file"]: row for row in _rows("accept")}
    for name in ("http_text_xml_charset_2.xml", "http_text_xml_charset_overrides_encoding_2.xml"):
        row = rows[f"feeds/encoding/{name}"]
        assert header_charset(row) == "windows-1252"  # the prolog says iso-8859-1 or nothing
        [entry] = _read(row).entries
        assert entry.summary == "This is a \xa3\u201ctest.\u201d"
    gb2312 = rows["feeds/encoding/http_application_atom_xml_gb2312_charset_overrides_encoding.xml"]
    assert header_charset(gb2312) == "'gb2312'"  # httpx keeps the quotes; the decoder drops them
    assert _read(gb2312).notes == []


def test_bom_less_utf16_and_utf32_feeds_are_read() -> None:
    rows = {row["file"]: row for row in _rows("accept")}
    for name in WIDE_WITHOUT_BOM:
        row = rows[f"feeds/encoding/{name}"]
        assert row["bom"] is None
        assert _read(row).title == plain_text(row["feedparser"]["feed_title"] or ""), name


def test_entries_of_the_sample_feeds_with_title_link_and_date() -> None:
    rows = {row["file"]: row for row in _rows("accept")}
    [robots] = _read(rows["feeds/trafilatura-resources/feed1.atom"]).entries
    assert robots.title == "Atom-Powered Robots Run Amok"
    assert robots.link == "http://example.org/2003/12/13/atom03"
    assert robots.published == datetime(2003, 12, 13, 18, 30, 2, tzinfo=UTC)
    [entry] = _read(rows["feeds/trafilatura-resources/feed2.rss"]).entries
    assert (entry.title, entry.link) == ("Example entry", "http://www.example.com/blog/post/1")
    assert entry.published == datetime(2009, 9, 6, 16, 20, tzinfo=UTC)


def test_cdf_is_refused_as_an_unsupported_format_and_json_feed_is_read() -> None:
    rows = {row["file"]: row for row in _rows("unsupported")}
    cdf = [name for name in rows if name.startswith("feeds/wellformed/cdf/")]
    for name in cdf:
        assert str(read(rows[name])).startswith("unsupported format: Channel Definition Format")
    assert len(cdf) == 14
    example = _read(rows["feeds/json/example.json"])
    assert example.title == "My Example Feed"
    assert [entry.link for entry in example.entries] == ["https://example.org/second-item"]
    assert example.problems == ["entry 2: no title (https://example.org/initial-post)"]
    npr = _read(rows["feeds/trafilatura-resources/feed.json"])
    assert (npr.title, len(npr.entries), npr.problems) == ("Technology", 25, [])
    first = npr.entries[0]
    assert first.title == "Keller Rinaudo: How can delivery drones save lives?"
    assert first.link.startswith("https://www.npr.org/2021/10/29/1050315385/")
    assert first.published == datetime(2021, 10, 29, 14, 26, tzinfo=UTC)


def test_garbage_is_refused() -> None:
    rows = _rows("garbage")
    reasons = {row["file"].split("/")[-1]: str(read(row)) for row in rows}
    assert reasons == {
        "bozo_invalid-bytes-with-bom.xml": "invalid utf-8-sig text after its byte-order mark",
        "aaa_illformed.xml": "invalid XML: unclosed token at line 6; nothing readable in it",
        "rss_empty_document.xml": (
            "not an RSS or Atom feed (invalid XML: no element found at line 5)"
        ),
    }
