"""Feeds and their polling state: the feeds file's list mirrored in rows, entries seen, back-off.

A feed that keeps failing is tried less and less often, so a dead site costs one request a
day instead of one every poll, and its state stays visible to `digestbot feeds` and /stats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage.models import FeedEntryRow, FeedRow

BACKOFF_AFTER = 3
"""Failures in a row before a feed is skipped: one or two may be a passing outage."""
BACKOFF_CAP = timedelta(hours=24)
ERROR_LENGTH = 500


@dataclass(frozen=True)
class FeedSpec:
    """A feed as the feeds file lists it; keywords empty means the default topic keywords."""

    url: str
    name: str
    keywords: tuple[str, ...] = ()


def sync_feeds(session: Session, specs: Sequence[FeedSpec]) -> list[FeedRow]:
    """Rows for the listed feeds, in the file's order, created or renamed as the file says.

    Feeds no longer listed keep their row (their articles point to it) but are not returned,
    so they are not polled.
    """
    urls = [spec.url for spec in specs]
    rows = {row.url: row for row in session.exec(select(FeedRow).where(col(FeedRow.url).in_(urls)))}
    result = []
    for spec in specs:
        row = rows.get(spec.url) or FeedRow(url=spec.url, name=spec.name)
        row.name, row.keywords = spec.name, ",".join(spec.keywords)
        session.add(row)
        result.append(row)
    session.flush()
    return result


def backoff_delay(failures: int, poll_every: timedelta) -> timedelta | None:
    """How long to wait before trying a feed again; None below BACKOFF_AFTER failures."""
    if failures < BACKOFF_AFTER:
        return None
    # Doubling past 2**16 polls cannot stay under the cap; stopping there avoids overflow.
    return min(poll_every * 2 ** min(failures - BACKOFF_AFTER, 16), BACKOFF_CAP)


def record_success(
    session: Session,
    feed_id: int,
    *,
    now: datetime,
    etag: str | None,
    last_modified: str | None,
    stored: int,
    problems: Sequence[str] = (),
) -> FeedRow:
    """The feed answered: failures reset, validators kept for the next conditional request.

    Notes on the feed (read leniently: not well-formed XML) and entry-level problems (an
    entry without a link) are kept as the last error, but do not count as a failure.
    """
    row = session.get_one(FeedRow, feed_id)
    row.last_checked = row.last_success = now
    row.etag, row.last_modified = etag, last_modified
    row.consecutive_failures, row.next_attempt_at, row.failing_since = 0, None, None
    row.last_error = "; ".join(problems)[:ERROR_LENGTH] or None
    row.articles_stored += stored
    session.add(row)
    return row


def record_unchanged(session: Session, feed_id: int, *, now: datetime) -> FeedRow:
    """A 304 answer: the feed is healthy and has nothing new (its last error stays on record)."""
    row = session.get_one(FeedRow, feed_id)
    row.last_checked = row.last_success = now
    row.consecutive_failures, row.next_attempt_at, row.failing_since = 0, None, None
    session.add(row)
    return row


def record_failure(
    session: Session, feed_id: int, error: str, *, now: datetime, poll_every: timedelta
) -> FeedRow:
    """The feed could not be read: count it and, after several in a row, back off."""
    row = session.get_one(FeedRow, feed_id)
    row.last_checked = now
    row.last_error = error[:ERROR_LENGTH]
    if not row.consecutive_failures:
        row.failing_since = now
    row.consecutive_failures += 1
    delay = backoff_delay(row.consecutive_failures, poll_every)
    row.next_attempt_at = now + delay if delay else None
    session.add(row)
    return row


def seen_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of `keys` (entry guids and links) were handled before."""
    wanted = list(set(keys))
    if not wanted:
        return set()
    return set(session.exec(select(FeedEntryRow.key).where(col(FeedEntryRow.key).in_(wanted))))


def mark_seen(session: Session, keys: Iterable[str], feed_id: int, outcome: str) -> None:
    """Remember an entry under each of its keys so no later poll fetches it again."""
    known = seen_keys(session, keys)
    for key in dict.fromkeys(keys):
        if key not in known:
            session.add(FeedEntryRow(key=key, feed_id=feed_id, outcome=outcome))
    session.flush()


def feed_states(session: Session, urls: Sequence[str] | None = None) -> list[FeedRow]:
    """Feeds with their polling state, all or those with the given URLs, by name."""
    query = select(FeedRow).order_by(FeedRow.name, FeedRow.id)
    if urls is not None:
        query = query.where(col(FeedRow.url).in_(list(urls)))
    return list(session.exec(query))
