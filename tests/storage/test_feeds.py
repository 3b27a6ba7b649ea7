"""Feed rows on SQLite and PostgreSQL: file sync, success, failure, back-off, entries seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from storage.db import session_scope
from storage.feeds import (
    BACKOFF_CAP,
    FeedSpec,
    backoff_delay,
    feed_states,
    mark_seen,
    record_failure,
    record_success,
    record_unchanged,
    seen_keys,
    sync_feeds,
)

NOW = datetime(2025, 11, 30, 12, 0, tzinfo=UTC)
POLL = timedelta(minutes=30)


def test_sync_creates_updates_and_keeps_unlisted_rows(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = sync_feeds(
            session,
            [FeedSpec("https://a.example/rss", "A"), FeedSpec("https://b.example/rss", "B")],
        )
    with session_scope(engine) as session:
        second = sync_feeds(session, [FeedSpec("https://b.example/rss", "Bee", ("ukrain", "kyiv"))])
    assert [row.id for row in second] == [first[1].id]
    with session_scope(engine) as session:
        rows = feed_states(session)
    assert [(row.name, row.keywords) for row in rows] == [("A", ""), ("Bee", "ukrain,kyiv")]


def test_failures_back_off_exponentially_and_success_resets(engine: Engine) -> None:
    with session_scope(engine) as session:
        [feed] = sync_feeds(session, [FeedSpec("https://a.example/rss", "A")])
    assert feed.id is not None
    delays = []
    for _ in range(5):
        with session_scope(engine) as session:
            row = record_failure(session, feed.id, "HTTP 500", now=NOW, poll_every=POLL)
            delays.append(row.next_attempt_at - NOW if row.next_attempt_at else None)
    assert delays == [None, None, POLL, 2 * POLL, 4 * POLL]
    with session_scope(engine) as session:
        [row] = feed_states(session)
    assert (row.consecutive_failures, row.last_error) == (5, "HTTP 500")
    assert row.next_attempt_at == NOW + 4 * POLL  # read back time-zone aware

    with session_scope(engine) as session:
        record_success(
            session,
            feed.id,
            now=NOW,
            etag='"x"',
            last_modified="Sun, 30 Nov 2025 11:00:00 GMT",
            stored=3,
            problems=["entry 2: no link"],
        )
    with session_scope(engine) as session:
        record_unchanged(session, feed.id, now=NOW + POLL)
        [row] = feed_states(session)
    assert (row.consecutive_failures, row.next_attempt_at, row.articles_stored) == (0, None, 3)
    assert (row.etag, row.last_error, row.last_success) == ('"x"', "entry 2: no link", NOW + POLL)


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(1, None), (2, None), (3, POLL), (6, 8 * POLL), (40, BACKOFF_CAP)],
)
def test_backoff_delay(failures: int, expected: timedelta | None) -> None:
    assert backoff_delay(failures, POLL) == expected


def test_entries_seen_under_guid_or_link(engine: Engine) -> None:
    with session_scope(engine) as session:
        [feed] = sync_feeds(session, [FeedSpec("https://a.example/rss", "A")])
        assert feed.id is not None
        mark_seen(session, ["urn:1", "https://a.example/1"], feed.id, "stored")
        mark_seen(session, ["urn:1", "https://a.example/1"], feed.id, "stored")  # no error
        mark_seen(session, ["https://a.example/2"], feed.id, "off-topic")
    with session_scope(engine) as session:
        assert seen_keys(session, ["https://a.example/1", "https://a.example/3"]) == {
            "https://a.example/1"
        }
        assert seen_keys(session, []) == set()
