"""`digestbot fetch`, `feeds`, `feeds import` and `feeds export` end to end against a local site."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from storage.articles import article_days, articles_of_day
from storage.db import open_database, session_scope
from tests.support.cli import run_cli
from tests.support.feed_server import (
    BAD_FEEDS,
    ETAG,
    GOOD_FEEDS,
    LAST_MODIFIED,
    FeedServer,
    serve,
)

FAST = {
    "DIGESTBOT_FETCH_TIMEOUT": "3",  # the redirect loop's six requests fit even under load
    "DIGESTBOT_MAX_RESPONSE_BYTES": "65536",
    "DIGESTBOT_MAX_ENTRY_AGE_DAYS": "36500",  # the site's news is dated 2025
}


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


def _feeds_file(path: Path, server: FeedServer, feeds: dict[str, str]) -> Path:
    path.write_text(
        "".join(
            f'[[feed]]\nurl = "{server.url(route)}"\nname = "{name}"\n\n'
            for route, name in feeds.items()
        )
    )
    return path


def _line(out: str, start: str) -> str:
    [line] = [line for line in out.splitlines() if line.startswith(start)]
    return line


def test_fetch_stores_good_articles_reports_bad_and_polls_conditionally(
    tmp_path: Path, site: FeedServer
) -> None:
    database = tmp_path / "fetch.db"
    feeds = _feeds_file(tmp_path / "feeds.toml", site, {**GOOD_FEEDS, **BAD_FEEDS})
    env = {**FAST, "DIGESTBOT_FEEDS": str(feeds)}

    first = run_cli("fetch", database=database, env=env)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    url = site.url
    assert "Wire: 8 entries, 6 new" in out
    strike_line = _line(out, "stored     Wire: " + url("/a/kyiv-strike"))
    assert "2025-11-30 (publication time)" in strike_line  # 23:30 UTC is the next day in Kyiv
    assert "2025-11-28 (publication time)" in _line(out, "stored     RDF News:")
    assert "2025-11-30 (publication time)" in _line(out, "stored     Atom News:")
    summary_used = _line(out, "stored     Wire: " + url("/a/gone"))
    assert "feed summary used, article page: HTTP 404 Not Found" in summary_used
    assert f"off-topic  Wire: {url('/a/sudan')}" in out
    assert "rejected   Wire: entry 3: no link" in out
    assert f"rejected   Wire: entry 4: no title ({url('/a/untitled')})" in out
    assert "article page: empty document; summary: no article text" in out
    assert "article page: not an HTML page (application/pdf)" in out
    assert f"near-duplicate Wire: {url('/a/kyiv-copy')}: same story as #" in out
    for expected in (
        "Invalid XML: {}: invalid XML: unclosed token at line 2; nothing readable in it",
        "HTML Page: {}: an HTML page, not a feed",
        "Wrong Charset: {}: the bytes are not the UTF-8 they declare (bad byte at offset 35)",
        "Too Big: {}: response exceeds the 65,536 bytes limit",
        "Never Answers: {}: no complete answer within 3 s",
        "Not Found: {}: HTTP 404 Not Found",
        "Server Error: {}: HTTP 500 Internal Server Error",
        "Redirect Loop: {}: more than 5 redirects (a redirect loop?)",
    ):
        name = expected.split(":")[0]
        route = next(route for route, feed in BAD_FEEDS.items() if feed == name)
        assert "failed     " + expected.format(url(route)) in out
    assert "polling feeds" not in out  # no progress bar when the output is not a terminal
    assert out.splitlines()[-1] == (
        "11 feeds polled (0 unchanged, 8 failed, 0 backing off); 8 new entries: 4 stored "
        "(1 from the feed's summary), 1 duplicates (1 near-duplicates), 1 off topic, 4 rejected"
    )

    engine = open_database(f"sqlite:///{database}")
    with session_scope(engine) as session:
        assert article_days(session) == [
            (date(2025, 11, 28), 1),
            (date(2025, 11, 29), 1),
            (date(2025, 11, 30), 2),
        ]
        # Feeds are polled concurrently, so the day's two articles may be stored either way.
        sanctions, strike = sorted(
            articles_of_day(session, date(2025, 11, 30)), key=lambda article: article.source
        )
        [talks] = articles_of_day(session, date(2025, 11, 28))
        [summary] = articles_of_day(session, date(2025, 11, 29))
    engine.dispose()
    assert strike.source == "Wire" and strike.title == "Kyiv hit by drones"
    assert "rescue crews worked until dawn" in strike.text  # only on the page, not in the feed
    assert "Subscribe" not in strike.text and "Copyright" not in strike.text
    assert "Європа supports the process" in talks.text  # windows-1251 page decoded
    assert sanctions.source == "Atom News"
    assert summary.url == url("/a/gone") and summary.text.startswith("Russian forces shelled")

    second = run_cli("fetch", database=database, env=env)
    assert second.returncode == 0, second.stderr
    assert "unchanged  Wire: not modified since the last poll (HTTP 304)" in second.stdout
    assert second.stdout.splitlines()[-1].startswith(
        "11 feeds polled (3 unchanged, 8 failed, 0 backing off); 0 new entries: 0 stored"
    )
    assert [h.get("If-None-Match") for h in site.seen("/rss2.xml")] == [None, ETAG]
    assert [h.get("If-None-Match") for h in site.seen("/rss1.xml")] == [None, '"rdf-1"']
    assert [h.get("If-Modified-Since") for h in site.seen("/atom.xml")] == [None, LAST_MODIFIED]
    for page in ("/a/kyiv-strike", "/a/kyiv-copy", "/a/gone", "/b/geneva", "/c/sanctions"):
        assert len(site.seen(page)) == 1, page
    assert site.seen("/a/sudan") == []  # off topic: never fetched
    user_agent = site.seen("/rss2.xml")[0]["User-Agent"]
    assert user_agent.startswith("digestbot/")

    listing = run_cli("feeds", database=database, env=env)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    wire = lines.index(f"Wire  {url('/rss2.xml')}")
    assert "2 articles stored, 0 failures in a row" in lines[wire + 1]
    assert (
        lines[wire + 2]
        == "  last error: entry 3: no link; entry 4: no title (" + url("/a/untitled") + ")"
    )
    missing = lines.index(f"Not Found  {url('/missing.xml')}")
    assert lines[missing + 1] == "  last success never, 0 articles stored, 2 failures in a row"
    assert lines[missing + 2] == "  last error: HTTP 404 Not Found"


OPML = b"""<?xml version="1.0"?><opml version="1.0"><head><title>Reader</title></head><body>
<outline text="War"><outline type="rss" text="Kyiv Independent" title="Kyiv Independent"
 xmlUrl="https://kyivindependent.com/news-archive/rss/"/>
<outline type="rss" text="Already &quot;there&quot;" xmlUrl="https://example.com/feed"/></outline>
<outline text="no feed here"/></body></opml>"""


def test_import_appends_to_feeds_file_and_export_round_trips(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('# my feeds\n[[feed]]\nurl = "https://example.com/feed"\nname = "Example"\n')
    (tmp_path / "reader.opml").write_bytes(OPML)
    env = {"DIGESTBOT_FEEDS": str(feeds)}
    database = tmp_path / "x.db"

    result = run_cli("feeds", "import", str(tmp_path / "reader.opml"), database=database, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"1 feeds added to {feeds}, 1 already listed"
    assert feeds.read_text().startswith("# my feeds\n")

    exported = run_cli("feeds", "export", database=database, env=env)
    assert exported.returncode == 0, exported.stderr
    assert 'text="Example" title="Example" xmlUrl="https://example.com/feed"' in exported.stdout
    assert 'title="Kyiv Independent" xmlUrl="https://kyivindependent.com/news-archive/rss/"' in (
        exported.stdout
    )

    (tmp_path / "again.opml").write_text(exported.stdout)
    again = run_cli("feeds", "import", str(tmp_path / "again.opml"), database=database, env=env)
    assert again.stdout.strip() == f"0 feeds added to {feeds}, 2 already listed"
