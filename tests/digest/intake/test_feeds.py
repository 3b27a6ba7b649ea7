"""Feed documents, character sets, topic keywords and garbled text, without a network."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.intake.charsets import decode_markup
from digest.intake.documents import (
    DayContext,
    Rejected,
    build_article,
    decode,
    extract_page,
    read_file,
)
from digest.intake.feed_entries import ParsedFeed
from digest.intake.feeds import parse_feed, plain_text
from digest.intake.topics import on_topic

BASE = "https://news.example/feeds/world.xml"
RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91"><channel><title>Old</title><link>https://news.example/</link>
<description>d</description><language>en</language>
<item><title>Caf\xe9 in Kyiv reopens</title><link>/stories/1</link>
<description>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; more</description></item></channel></rss>"""


def test_rss091_latin1_relative_link_and_html_summary() -> None:
    feed = parse_feed(RSS091, url=BASE)
    [entry] = feed.entries
    assert feed.title == "Old"
    assert entry.title == "Café in Kyiv reopens"
    assert entry.link == "https://news.example/stories/1"
    assert entry.summary == "Bold & more"
    assert entry.published is None
    assert entry.keys == (entry.link,)


def test_atom_time_zone_and_missing_title() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
    <updated>2025-11-29T00:00:00Z</updated>
    <entry><title>Talks</title><link href="https://news.example/t"/><id>urn:1</id>
    <published>2025-11-29T22:30:00-05:00</published></entry>
    <entry><title></title><link href="https://news.example/u"/><id>urn:2</id></entry>
    <entry><title>FTP</title><link href="ftp://news.example/f"/><id>urn:3</id></entry></feed>"""
    feed = parse_feed(atom, url=BASE)
    [entry] = feed.entries
    assert entry.published == datetime(2025, 11, 30, 3, 30, tzinfo=UTC)
    assert entry.keys == ("urn:1", "https://news.example/t")
    assert feed.problems == [
        "entry 2: no title (https://news.example/u)",
        "entry 3: bad link (not a web address (http or https)): 'ftp://news.example/f'",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty document"),
        (b'<rss version="2.0"><', "invalid XML: unclosed token at line 1; nothing readable"),
        (b"<!-- x --><!DOCTYPE html><html><body>Hi</body></html>", "an HTML page, not a feed"),
        (b'{"items": []}', "unsupported format: JSON, but not a JSON Feed"),
        (b'{"items": [', "unsupported format: not a feed (invalid JSON"),
        (
            b"<!-- CDF --><CHANNEL><ITEM><TITLE>t</TITLE></ITEM></CHANNEL>",
            "unsupported format: Cha",
        ),
        (b"<?xml version='1.0'?><note>hi</note>", "not an RSS or Atom feed (no rss, RDF or Atom"),
        (
            "<rss><title>Київ</title></rss>".encode("cp1251"),
            "not UTF-8 (bad byte at offset 12) and",
        ),
        (b'<?xml version="1.0" encoding="utf-8"?><rss>\xe9</rss>', "not the UTF-8 they declare"),
        (
            b'<?xml version="1.0" encoding="utf-16"?><rss>\xe9</rss>',
            "not match the declared charset (utf-16)",
        ),
    ],
)
def test_unreadable_feeds_rejected_with_reason(data: bytes, message: str) -> None:
    with pytest.raises(Rejected, match=re.escape(message)):
        parse_feed(data, url=BASE)


@pytest.mark.parametrize(
    ("data", "header", "expected"),
    [
        ("Київ".encode(), "iso-8859-1", "Київ"),  # valid UTF-8 wins over a wrong label
        ("<meta charset='windows-1251'>Київ".encode("cp1251"), "utf-8", "Київ"),
        (b'<?xml version="1.0" encoding="koi8-u"?>' + "Київ".encode("koi8-u"), None, "Київ"),
        ("\ufeffKyiv".encode("utf-16"), None, "Kyiv"),
        ('<?xml version="1.0" encoding="utf-16"?><rss>Київ'.encode("utf-16-le"), None, "Київ"),
        ('<?xml version="1.0"?><rss>Київ'.encode("utf-32-be"), None, "Київ"),
        ("<meta charset='iso-8859-1'>Caf\u00e9 \u2014".encode("cp1252"), None, "Café —"),
        ("<meta charset='gb2312'>\u9555".encode("gbk"), None, "\u9555"),  # GBK, not in GB2312
    ],
)
def test_decode_markup_follows_declarations(data: bytes, header: str | None, expected: str) -> None:
    assert decode_markup(data, header).endswith(expected)


def test_http_charset_wins_over_the_xml_declaration_of_a_feed() -> None:
    data = '<?xml version="1.0" encoding="iso-8859-1"?><rss>Київ</rss>'.encode("koi8-u")
    assert decode_markup(data, "koi8-u", header_first=True).endswith("Київ</rss>")
    assert "Київ" not in decode_markup(data, "koi8-u")  # a page: its own declaration first


def test_declared_utf8_with_a_character_cut_in_a_long_page_is_read() -> None:
    teaser = b"<aside>Kyiv teaser " + "Київ".encode()[:3] + b"...</aside>"
    page = b"<meta charset='utf-8'>" + teaser + b"<p>Story text. </p>" * 800
    assert decode_markup(page).count("\ufffd") == 1  # the article text is refused if it has one
    with pytest.raises(Rejected, match="not the UTF-8 they declare"):
        decode_markup(page[:9000])  # one cut character in 9,000 bytes is more than a slip


def test_ingest_reads_a_file_by_its_meta_charset_as_fetch_does() -> None:
    html = "<html><head><meta charset='iso-8859-1'><title>Caf\u00e9 talks</title></head><body>"
    html += f"<article><p>{STORY} The caf\u00e9 \u2014 near the port \u2014 was shut.</p></article>"
    data = (html + "</body></html>").encode("cp1252")
    [article] = read_file(Path("page.html"), data, CONTEXT).articles
    assert article.title == "Café talks" and "café — near the port —" in article.text
    assert decode_markup(data) == decode(data)


def test_bom_less_utf16_needs_ascii_markup_at_the_start() -> None:
    with pytest.raises(Rejected, match="not UTF-8"):
        decode_markup("<\x00\u4e00\u4e01 text".encode("utf-8") + b"\xff")


def test_decode_markup_rejects_bytes_that_fit_no_declared_charset() -> None:
    with pytest.raises(Rejected, match=r"do not match the declared charset \(ascii\)"):
        decode_markup("Київ".encode("cp1251"), "us-ascii")


def test_entities_and_bare_ampersands_are_read_leniently_with_a_note() -> None:
    rss = b"""<rss version="2.0"><channel><title>Caf&eacute; news</title>
    <item><title>Talks in Gen&egrave;ve</title><link>https://news.example/a?x=1&y=2</link>
    <pubDate>Sat, 29 Nov 2025 10:00:00 +0000</pubDate></item>
    <item><title>No link here</title></item></channel></rss>"""
    feed = parse_feed(rss, url=BASE)
    assert feed.title == "Café news"
    [entry] = feed.entries
    assert (entry.title, entry.link) == ("Talks in Genève", "https://news.example/a?x=1&y=2")
    assert entry.published == datetime(2025, 11, 29, 10, tzinfo=UTC)
    assert feed.problems == ["entry 2: no link"]
    assert feed.notes == ["read leniently: the XML is not well-formed (undefined entity at line 1)"]


def test_json_feed() -> None:
    data = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
    "items": [{"id": 7, "url": "/a/1", "title": "Kyiv talks", "content_html": "<p>A &amp; B</p>",
               "date_published": "2025-11-29T22:30:00-05:00"},
              {"id": "8", "external_url": "https://other.example/b", "title": "Elsewhere",
               "summary": "Short.", "date_modified": "not a date"},
              {"id": "9", "content_text": "No title, no link"}, "junk"]}"""
    feed = parse_json_feed_via_parse(data)
    first, second = feed.entries
    assert feed.title == "Wire"
    assert (first.link, first.guid, first.summary) == ("https://news.example/a/1", "7", "A & B")
    assert first.published == datetime(2025, 11, 30, 3, 30, tzinfo=UTC)
    assert (second.link, second.summary, second.published) == (
        "https://other.example/b",
        "Short.",
        None,
    )
    assert feed.problems == ["entry 3: no link", "entry 4: not a JSON object"]


def parse_json_feed_via_parse(data: bytes) -> ParsedFeed:
    return parse_feed(data, url="https://news.example/feed.json")


def test_topic_keywords_match_word_starts_only() -> None:
    keywords = ("ukrain", "russia")
    assert on_topic("Ukrainian drones hit a refinery", keywords)
    assert on_topic("RUSSIA says", keywords)
    assert not on_topic("Prussian history museum reopens", keywords)
    assert not on_topic("anything", ())


CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2025, 12, 1), date(2025, 12, 1), "fetch")
STORY = (
    "Russian drones struck the port of Odesa overnight, damaging grain silos and a power "
    "substation, the regional governor said on Sunday. Two dock workers were wounded."
)


@pytest.mark.parametrize(
    "garbled",
    [STORY.replace("Odesa", "Odesa caf\u00c3\u00a9"), STORY.replace("said", "said \ufffd")],
)
def test_garbled_text_is_rejected(garbled: str) -> None:
    with pytest.raises(Rejected, match="garbled text"):
        build_article(garbled, source="Wire", context=CONTEXT)


def test_control_characters_are_removed() -> None:
    article = build_article(STORY.replace("port", "po\x00rt\x07"), source="W", context=CONTEXT)
    assert "\x00" not in article.text and "\x07" not in article.text


def test_extract_page_text_and_stated_publication_time() -> None:
    html = (
        "<html><head><title>Odesa port hit</title>"
        '<meta property="article:published_time" content="2025-11-30T08:00:00+02:00">'
        f"</head><body><article><p>{STORY}</p></article></body></html>"
    )
    page = extract_page(html)
    assert page.text.startswith("Russian drones")
    assert page.dates.published == datetime(2025, 11, 30, 6, tzinfo=UTC)
    with pytest.raises(Rejected, match="no article text"):
        extract_page("<html><body></body></html>")


def test_plain_text_of_html_fragment() -> None:
    assert plain_text("<p>Strikes &amp; <i>talks</i></p>\n\n") == "Strikes & talks"
