"""`digestbot fetch` of the feeds every reader reads: HTML entities and bare `&` (read with a
note), JSON Feed, UTF-16 without a byte-order mark; and a CDF file refused in one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from storage.articles import articles_of_day
from storage.db import open_database, session_scope
from tests.support.cli import run_cli
from tests.support.feed_server import SANCTIONS, STRIKE, TALKS, FeedServer, Response, page, serve

FAST = {"DIGESTBOT_FETCH_TIMEOUT": "2", "DIGESTBOT_MAX_ENTRY_AGE_DAYS": "36500"}
FEEDS = {
    "/entities.xml": "Entities",
    "/feed.json": "JSON Wire",
    "/utf16.xml": "Wide",
    "/channel.cdf": "CDF",
}


def _routes(server: FeedServer) -> None:
    url = server.url
    entities = f"""<rss version="2.0"><channel><title>Caf&eacute; &amp; Kyiv news</title>
<item><title>Kyiv hit by drones &ndash; four killed</title>
<link>{url("/p/strike")}?id=1&ref=rss</link>
<pubDate>Sat, 29 Nov 2025 23:30:00 +0000</pubDate><description>Kyiv</description></item>
<item><title>Ukraine update without a link</title></item>
</channel></rss>"""
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Wire",
        "items": [
            {
                "id": "talks-1",
                "url": url("/p/talks"),
                "title": "Ukraine peace talks in Geneva",
                "summary": "Talks on Ukraine.",
                "date_published": "2025-11-28T10:00:00+02:00",
            }
        ],
    }
    utf16 = f"""<?xml version="1.0" encoding="utf-16"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Широкий</title><id>urn:wide</id>
<updated>2025-11-29T12:00:00Z</updated>
<entry><title>EU sanctions on Russia</title><link href="{url("/p/sanctions")}"/>
<id>urn:wide:1</id><updated>2025-11-29T12:00:00Z</updated></entry></feed>"""
    cdf = b"""<?xml version="1.0"?><CHANNEL HREF="http://news.example/">
<TITLE>Ukraine news</TITLE><ITEM HREF="http://news.example/a"><TITLE>Kyiv</TITLE></ITEM>
</CHANNEL>"""
    server.routes.update(
        {
            "/entities.xml": Response(200, "application/rss+xml", entities.encode()),
            "/feed.json": Response(200, "application/feed+json", json.dumps(json_feed).encode()),
            "/utf16.xml": Response(200, "application/atom+xml", utf16.encode("utf-16-le")),
            "/channel.cdf": Response(200, "application/x-cdf", cdf),
            "/p/strike?id=1&ref=rss": Response(body=page("Kyiv hit by drones", STRIKE)),
            "/p/talks": Response(body=page("Geneva talks", TALKS)),
            "/p/sanctions": Response(body=page("EU sanctions", SANCTIONS)),
        }
    )


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with serve() as server:
        _routes(server)
        yield server


def test_lenient_json_and_wide_feeds_are_read_and_cdf_refused_in_one_line(
    tmp_path: Path, site: FeedServer
) -> None:
    database = tmp_path / "formats.db"
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        "".join(f'[[feed]]\nurl = "{site.url(r)}"\nname = "{n}"\n\n' for r, n in FEEDS.items())
    )
    env = {**FAST, "DIGESTBOT_FEEDS": str(feeds)}

    result = run_cli("fetch", database=database, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    note = "read leniently: the XML is not well-formed (undefined entity at line 1)"
    assert f"note       Entities: {note}" in out
    assert "rejected   Entities: entry 2: no link" in out
    # The bare `&` of the link is read: the page was fetched (the output hides queries).
    assert any(
        line.startswith(f"stored     Entities: {site.url('/p/strike')}?…  #") for line in out
    )
    assert any(line.startswith(f"stored     JSON Wire: {site.url('/p/talks')}  #") for line in out)
    assert any(line.startswith(f"stored     Wide: {site.url('/p/sanctions')}  #") for line in out)
    cdf = [line for line in out if "CDF" in line]
    assert cdf == [
        f"failed     CDF: {site.url('/channel.cdf')}: unsupported format: Channel Definition "
        "Format (CDF); digestbot reads RSS, Atom and JSON Feed"
    ]
    assert out[-1].startswith("4 feeds polled (0 unchanged, 1 failed, 0 backing off)")

    engine = open_database(f"sqlite:///{database}")
    with session_scope(engine) as session:
        [strike_article] = articles_of_day(session, date(2025, 11, 30))
        [talks] = articles_of_day(session, date(2025, 11, 28))
        [sanctions] = articles_of_day(session, date(2025, 11, 29))
    engine.dispose()
    assert strike_article.title == "Kyiv hit by drones – four killed"
    assert strike_article.url == site.url("/p/strike?id=1&ref=rss")
    assert (talks.source, sanctions.source) == ("JSON Wire", "Wide")

    listing = run_cli("feeds", database=database, env=env).stdout.splitlines()
    entities = listing.index(f"Entities  {site.url('/entities.xml')}")
    assert "1 articles stored, 0 failures in a row" in listing[entities + 1]
    assert listing[entities + 2] == f"  last error: {note}; entry 2: no link"
