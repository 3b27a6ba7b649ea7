"""`digestbot fetch` in-process against hostile feed entries, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli import app
from storage.articles import article_days, articles_of_day
from storage.db import open_database, session_scope
from storage.feeds import feed_states
from tests.support.feed_server import (
    SANCTIONS,
    STRIKE,
    SUMMARY_ONLY,
    TALKS,
    FeedServer,
    Response,
    page,
    serve,
)

NOW = datetime.now(UTC)
SUMMARY = (
    "Russian drones struck Odesa overnight, damaging port infrastructure and a grain "
    "terminal, the regional governor said. Two people were wounded, officials said."
)


def incompressible(length: int) -> str:
    """Random CJK letters (3 bytes each in UTF-8), which PostgreSQL cannot compress below its
    index row limit: a repeated letter would let it, hiding the problem."""
    chooser = random.Random(length)
    return "".join(chr(chooser.randrange(0x4E00, 0x9FFF)) for _ in range(length))


BUDGET = (
    "Ukraine's parliament approved next year's budget on Thursday, with most of the spending "
    "going to defence, lawmakers said. The vote passed with 257 deputies in favour."
)


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


def _item(
    title: str, link: str, published: datetime | str, summary: str = SUMMARY, guid: str = ""
) -> str:
    when = published if isinstance(published, str) else format_datetime(published)
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{guid or link}</guid>"
        f"<pubDate>{when}</pubDate><description>{summary}</description></item>"
    )


def hostile_feed(site: FeedServer) -> bytes:
    url = site.url
    items = [
        _item("Ukraine: far future", url("/h/future"), "Fri, 31 Dec 9999 23:59:59 +0000", TALKS),
        _item("Ukraine: 2099", url("/h/2099"), datetime(2099, 1, 1, tzinfo=UTC), SANCTIONS),
        _item("Ukraine: 1970", url("/h/1970"), datetime(1970, 1, 1, tzinfo=UTC)),
        _item("Ukraine &#xD800; broken", url("/h/surrogate"), NOW),
        _item(
            "Ukraine: long link",
            url("/h/" + incompressible(1200)),
            NOW,
        ),
        _item("Ukraine: bad link", "https://news.example:99999/x", NOW, SUMMARY_ONLY),
        _item("Kyiv hit by drones", url("/h/good"), NOW - timedelta(hours=1)),
        _item(
            "Ukraine: long guid",
            url("/h/guid"),
            NOW,
            BUDGET,
            guid="urn:" + incompressible(1200),
        ),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>H</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def fetch(database_url: str, tmp_path: Path, site: FeedServer, **env: str) -> tuple[int, str]:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nurl = "{site.url("/hostile.xml")}"\nname = "Hostile"\n')
    environment = {
        "DIGESTBOT_DATABASE_URL": database_url,
        "DIGESTBOT_FEEDS": str(feeds),
        "DIGESTBOT_FETCH_TIMEOUT": "2",
        **env,
    }
    result = CliRunner().invoke(app, ["fetch"], env=environment)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _serve_hostile(site: FeedServer) -> None:
    site.routes["/hostile.xml"] = Response(200, "application/rss+xml", hostile_feed(site))
    site.routes["/h/good"] = Response(body=page("Kyiv hit by drones", STRIKE))


def test_bad_entries_are_rejected_and_the_rest_stored(
    database_url: str, tmp_path: Path, site: FeedServer
) -> None:
    _serve_hostile(site)
    code, out = fetch(database_url, tmp_path, site)
    assert code == 0, out
    assert "Hostile: 8 entries, 6 new" in out
    assert "rejected   Hostile: entry 5: bad link (longer than 2,000 bytes)" in out
    assert "rejected   Hostile: entry 6: bad link (not a well-formed web address)" in out
    assert f"rejected   Hostile: {site.url('/h/1970')}: " in out
    assert "dated 1970-01-01 (publication time), more than 30 days ago" in out
    assert "ignored the publication time 9999-12-31T23:59:59+00:00 (in the future)" in out
    assert "ignored the publication time 2099-01-01T00:00:00+00:00 (in the future)" in out
    assert "garbled text" in out and "/h/surrogate" in out
    assert "failed" not in out.replace("0 failed", "")

    engine = open_database(database_url)
    with session_scope(engine) as session:
        days = article_days(session)
        stored = [a for day, _ in days for a in articles_of_day(session, day)]
    engine.dispose()
    today = NOW.astimezone().date()
    assert all(day <= today + timedelta(days=1) for day, _ in days)
    assert {article.url for article in stored} == {
        site.url(f"/h/{name}") for name in ("good", "future", "2099", "guid")
    }


def test_unexpected_failure_is_recorded_and_backs_off(
    database_url: str, tmp_path: Path, site: FeedServer
) -> None:
    _serve_hostile(site)
    engine = open_database(database_url)
    refuse = (
        [
            "CREATE TRIGGER refuse BEFORE INSERT ON article "
            "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        ]
        if database_url.startswith("sqlite")
        else [
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE 'disk says no'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON article FOR EACH ROW EXECUTE FUNCTION refuse()",
        ]
    )
    with engine.begin() as connection:
        for statement in refuse:
            connection.execute(text(statement))
    for _ in range(3):
        code, out = fetch(database_url, tmp_path, site)
        assert code == 0, out
        assert ": unexpected " in out and "disk says no" in out
    with session_scope(engine) as session:
        [feed] = feed_states(session)
    engine.dispose()
    assert feed.consecutive_failures == 3 and "disk says no" in (feed.last_error or "")
    assert feed.next_attempt_at is not None
    code, out = fetch(database_url, tmp_path, site)
    assert "backing off Hostile: 3 failures in a row" in out


def test_a_page_too_slow_to_read_is_given_up_with_a_clear_line(
    database_url: str, tmp_path: Path, site: FeedServer
) -> None:
    _serve_hostile(site)
    site.routes["/h/good"] = Response(body=page("Kyiv hit by drones", STRIKE * 300))
    code, out = fetch(database_url, tmp_path, site, DIGESTBOT_READ_TIMEOUT="0.005")
    assert code == 0, out
    [line] = [line for line in out.splitlines() if site.url("/h/good") in line]
    assert "article page: took longer than 0.005 s to read" in line
