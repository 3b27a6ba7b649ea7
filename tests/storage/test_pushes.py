"""The push record and the look for trouble, on SQLite and PostgreSQL: each failure is found
in the one window it happened in, so the administrators hear of it once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine

from storage.db import session_scope
from storage.feeds import record_failure, record_success
from storage.models import FeedRow, JobRunRow
from storage.pushes import last_push, pushes_since, record_push, trouble_between

DAY = date(2025, 11, 29)
T0 = datetime(2025, 11, 30, 8, 0, tzinfo=UTC)
MINUTE, DAY_LONG = timedelta(minutes=1), timedelta(days=1)


def test_failures_are_found_in_the_window_they_happened_in(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_push(session, DAY, T0, T0 + timedelta(seconds=30), Counter(sent=9))
        record_push(session, DAY, T0, T0 + timedelta(seconds=40), Counter(sent=7, failed=2))
        session.add(JobRunRow(name="daily", day=DAY, status="failed", error="boom", finished_at=T0))
        feed = FeedRow(url="https://down.example/rss", name="Down")
        session.add(feed)
        session.flush()
        every = timedelta(minutes=15)
        record_failure(session, feed.id, "timeout", now=T0 - DAY_LONG, poll_every=every)  # type: ignore[arg-type]
        record_failure(session, feed.id, "timeout again", now=T0, poll_every=every)  # type: ignore[arg-type]
    with session_scope(engine) as session:
        found = trouble_between(session, T0, T0 + MINUTE, DAY_LONG)
        assert found.failed_runs == [("daily", DAY, "boom")]
        assert [(push.sent, push.failed) for push in found.failed_pushes] == [(7, 2)]
        assert [(name, error) for name, _since, error in found.feeds_down] == [
            ("Down", "timeout again")
        ]
        later = trouble_between(session, T0 + MINUTE, T0 + 2 * MINUTE, DAY_LONG)
        assert later.failed_runs == later.failed_pushes == later.feeds_down == []
        push = last_push(session)
        assert push is not None and push.failed == 2
        assert pushes_since(session, T0) == (2, 16, 2)
        assert pushes_since(session, T0 + MINUTE) == (0, 0, 0)
        assert push.finished_at - push.started_at == timedelta(seconds=40)  # type: ignore[operator]


def test_a_feed_that_answers_again_is_no_longer_failing(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed = FeedRow(url="https://flaky.example/rss", name="Flaky")
        session.add(feed)
        session.flush()
        every = timedelta(minutes=15)
        record_failure(session, feed.id, "timeout", now=T0 - DAY_LONG, poll_every=every)  # type: ignore[arg-type]
        record_success(session, feed.id, now=T0 - MINUTE, etag=None, last_modified=None, stored=1)  # type: ignore[arg-type]
        assert feed.failing_since is None
    with session_scope(engine) as session:
        assert trouble_between(session, T0, T0 + MINUTE, DAY_LONG).feeds_down == []
