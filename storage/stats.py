"""Read-only counts for /sources and /stats: where the news comes from and how the bot is doing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, func, select

from storage.jobs import FAILED, RUNNING
from storage.models import (
    ArticleRow,
    DeliveryRow,
    DigestRow,
    FeedRow,
    JobRunRow,
    PushRunRow,
    SubscriberRow,
)
from storage.pushes import last_push, pushes_since


@dataclass(frozen=True)
class SourceCount:
    """A feed (or, for articles not from a feed, an outlet) and its recent article count."""

    name: str
    articles: int
    url: str | None = None
    last_success: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class UnfinishedRun:
    """A job run of a day that has no digest: failed, or still (or last seen) running."""

    name: str
    day: date
    status: str
    tries: int
    error: str | None


@dataclass(frozen=True)
class BotStats:
    """What an administrator checks: audience, intake, the last build and its delivery."""

    active: int
    unsubscribed: int
    gone: int
    articles_per_day: list[tuple[date, int]]
    last_digest_day: date | None = None
    last_built_at: datetime | None = None
    deliveries: dict[str, int] = field(default_factory=dict)
    jobs: list[tuple[str, date, str]] = field(default_factory=list)
    failing_feeds: list[tuple[str, int, str | None]] = field(default_factory=list)
    """(name, failures in a row, last error) of each feed whose last poll failed."""
    unfinished: list[UnfinishedRun] = field(default_factory=list)
    """Runs since the first day asked for that left their day without a digest."""
    last_push: PushRunRow | None = None
    recent_pushes: tuple[int, int, int] = (0, 0, 0)
    """(pushes, sent, failed) since the first day asked for."""


def sources_since(session: Session, since: date) -> list[SourceCount]:
    """Every feed with its articles since `since`, then other outlets (ingested files)."""
    per_feed = dict(
        session.exec(
            select(ArticleRow.feed_id, func.count())
            .where(ArticleRow.day >= since, col(ArticleRow.feed_id).is_not(None))
            .group_by(col(ArticleRow.feed_id))
        ).all()
    )
    feeds = session.exec(select(FeedRow).order_by(col(FeedRow.name)))
    counts = [
        SourceCount(
            feed.name, per_feed.get(feed.id, 0), feed.url, feed.last_success, feed.last_error
        )
        for feed in feeds
    ]
    outlets = session.exec(
        select(ArticleRow.source, func.count())
        .where(ArticleRow.day >= since, col(ArticleRow.feed_id).is_(None))
        .group_by(col(ArticleRow.source))
        .order_by(func.count().desc(), col(ArticleRow.source))
    )
    counts.extend(SourceCount(name, count) for name, count in outlets)
    return counts


def bot_stats(session: Session, since: date) -> BotStats:
    """Subscribers by state, articles per day since `since`, the latest digest's deliveries,
    recent job runs, the days since `since` that a run left without a digest and the feeds
    that are failing."""
    states = dict(
        session.exec(
            select(SubscriberRow.inactive_reason, func.count())
            .where(col(SubscriberRow.active).is_(False))
            .group_by(col(SubscriberRow.inactive_reason))
        ).all()
    )
    active = session.exec(select(func.count()).where(col(SubscriberRow.active).is_(True))).one()
    unsubscribed = states.pop("unsubscribed", 0)
    per_day = session.exec(
        select(ArticleRow.day, func.count())
        .where(ArticleRow.day >= since)
        .group_by(col(ArticleRow.day))
        .order_by(col(ArticleRow.day))
    ).all()
    jobs = session.exec(
        select(JobRunRow.name, JobRunRow.day, JobRunRow.status)
        .order_by(col(JobRunRow.started_at).desc())
        .limit(4)
    ).all()
    digest = session.exec(select(DigestRow).order_by(col(DigestRow.day).desc())).first()
    deliveries = (
        session.exec(
            select(DeliveryRow.status, func.count())
            .where(DeliveryRow.digest_id == digest.id)
            .group_by(col(DeliveryRow.status))
        ).all()
        if digest
        else []
    )
    failing = session.exec(
        select(FeedRow.name, FeedRow.consecutive_failures, FeedRow.last_error)
        .where(col(FeedRow.consecutive_failures) > 0)
        .order_by(col(FeedRow.consecutive_failures).desc(), col(FeedRow.name))
    ).all()
    unfinished = session.exec(
        select(JobRunRow.name, JobRunRow.day, JobRunRow.status, JobRunRow.attempts, JobRunRow.error)
        .outerjoin(DigestRow, col(DigestRow.day) == JobRunRow.day)
        .where(
            JobRunRow.day >= since,
            col(JobRunRow.status).in_((FAILED, RUNNING)),
            col(DigestRow.id).is_(None),
        )
        .order_by(col(JobRunRow.day))
    ).all()
    return BotStats(
        active=active,
        unsubscribed=unsubscribed,
        gone=sum(states.values()),
        articles_per_day=[(day, count) for day, count in per_day],
        last_digest_day=digest.day if digest else None,
        last_built_at=digest.built_at if digest else None,
        deliveries=dict(deliveries),
        jobs=[(name, day, status) for name, day, status in jobs],
        failing_feeds=[(name, failures, error) for name, failures, error in failing],
        unfinished=[UnfinishedRun(*row) for row in unfinished],
        last_push=last_push(session),
        recent_pushes=pushes_since(session, datetime.combine(since, time(), UTC)),
    )
