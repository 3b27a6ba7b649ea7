"""fetch_all in-process on SQLite and PostgreSQL: back-off, entries seen, redirects, politeness."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.intake.polling import fetch_all
from bot.services import Context
from bot.settings import Settings
from storage.db import session_scope
from storage.feeds import feed_states
from tests.support.feed_server import ETAG, FeedServer, Response, page, rss2, serve


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


def _context(engine: Engine, tmp_path: Path, site: FeedServer, feeds: dict[str, str]) -> Context:
    path = tmp_path / "feeds.toml"
    path.write_text(
        "".join(
            f'[[feed]]\nurl = "{site.url(route)}"\nname = "{name}"\n'
            for route, name in feeds.items()
        )
    )
    settings = Settings(
        feeds=path,
        fetch_timeout=1,
        poll_minutes=30,
        per_host_connections=2,
        max_entry_age_days=36500,  # the site's news is dated 2025
    )
    return Context(settings=settings, engine=engine)


async def test_failing_feed_backs_off_until_forced(
    engine: Engine, tmp_path: Path, site: FeedServer
) -> None:
    context = _context(engine, tmp_path, site, {"/missing.xml": "Gone", "/rss1.xml": "RDF"})
    for _ in range(3):
        report = await fetch_all(context)
        assert (report.feeds, report.failed, report.backing_off) == (2, 1, 0)
    with session_scope(engine) as session:
        gone = next(feed for feed in feed_states(session) if feed.name == "Gone")
    assert gone.consecutive_failures == 3 and gone.last_error == "HTTP 404 Not Found"
    assert gone.next_attempt_at is not None and gone.last_checked is not None
    assert gone.next_attempt_at - gone.last_checked == timedelta(minutes=30)

    lines: list[str] = []
    skipped = await fetch_all(context, lines.append)
    assert (skipped.feeds, skipped.backing_off) == (1, 1)
    assert lines[0].startswith(
        "backing off Gone: 3 failures in a row (last: HTTP 404 Not Found); next try after "
    )
    assert len(site.seen("/missing.xml")) == 3

    forced = await fetch_all(context, force=True)
    assert (forced.feeds, forced.failed) == (2, 1)
    assert len(site.seen("/missing.xml")) == 4
    with session_scope(engine) as session:
        [gone] = feed_states(session, [site.url("/missing.xml")])
    assert gone.next_attempt_at is not None and gone.last_checked is not None
    assert gone.next_attempt_at - gone.last_checked == timedelta(minutes=60)
    assert gone.next_attempt_at > datetime.now(UTC)


async def test_changed_feed_fetches_only_its_new_entries(
    engine: Engine, tmp_path: Path, site: FeedServer
) -> None:
    context = _context(engine, tmp_path, site, {"/rss2.xml": "Wire"})
    first = await fetch_all(context)
    assert (first.new_entries, first.stored) == (6, 2)

    story = (
        "Ukraine's parliament dismissed the energy minister on Tuesday after a corruption "
        "investigation, the speaker said. A vote on her successor is expected next week."
    )
    item = (
        f"<item><title>Ukraine minister dismissed</title><link>{site.url('/a/new')}</link>"
        "<pubDate>Tue, 02 Dec 2025 09:00:00 +0000</pubDate><description>Kyiv</description></item>"
    )
    site.routes["/rss2.xml"] = Response(
        200,
        "application/rss+xml",
        rss2(site.base).replace(b"</channel>", item.encode() + b"</channel>"),
        (("ETag", '"v2"'),),
    )
    site.routes["/a/new"] = Response(body=page("Minister dismissed", story))
    lines: list[str] = []
    second = await fetch_all(context, lines.append)
    assert (second.new_entries, second.stored, second.rejected) == (1, 1, 2)
    assert "feed       Wire: 9 entries, 1 new" in lines
    assert [h.get("If-None-Match") for h in site.seen("/rss2.xml")] == [None, ETAG]
    assert len(site.seen("/a/kyiv-strike")) == 1 and len(site.seen("/a/new")) == 1
    with session_scope(engine) as session:
        [wire] = feed_states(session)
    assert wire.articles_stored == 3 and wire.etag == '"v2"'


async def test_redirected_feed_read_with_at_most_two_requests_per_host(
    engine: Engine, tmp_path: Path, site: FeedServer
) -> None:
    for route in ("/a/kyiv-strike", "/a/kyiv-copy", "/a/empty", "/a/report.pdf", "/a/gone"):
        site.routes[route] = replace(site.routes[route], delay=0.2)
    context = _context(engine, tmp_path, site, {"/moved/rss2.xml": "Wire"})
    report = await fetch_all(context)
    assert (report.failed, report.stored) == (0, 2)
    assert site.most_at_once == 2  # pages overlapped, but never more than the per-host limit
    with session_scope(engine) as session:
        [wire] = feed_states(session)
    assert wire.url == site.url("/moved/rss2.xml") and wire.etag == ETAG


async def test_feed_credentials_and_keys_never_reach_the_output(
    engine: Engine, tmp_path: Path, site: FeedServer
) -> None:
    secret_url = site.url("/missing.xml?apikey=K3Y").replace("://", "://reader:s3cret@")
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[feed]]\nurl = "{secret_url}"\nname = "Private"\n')
    context = Context(Settings(feeds=path, fetch_timeout=1), engine)
    lines: list[str] = []
    report = await fetch_all(context, lines.append)
    assert report.failed == 1
    [failed] = [line for line in lines if line.startswith("failed")]
    assert "/missing.xml?…" in failed
    assert not any(secret in line for line in lines for secret in ("s3cret", "K3Y", "reader"))
