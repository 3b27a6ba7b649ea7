"""The record of pushes (a sender's run that delivered something) and what went wrong
lately, for /stats and the administrators' notices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from storage.jobs import FAILED
from storage.models import FeedRow, JobRunRow, PushRunRow


def record_push(
    session: Session,
    day: date,
    started_at: datetime,
    finished_at: datetime,
    outcomes: Mapping[str, int],
) -> PushRunRow:
    """Keep one push's duration and outcomes (`outcomes` as the sender counts them)."""
    row = PushRunRow(
        day=day,
        started_at=started_at,
        finished_at=finished_at,
        **{key: outcomes.get(key, 0) for key in ("sent", "failed", "skipped", "gone")},
    )
    session.add(row)
    session.flush()
    return row


def last_push(session: Session) -> PushRunRow | None:
    return session.exec(select(PushRunRow).order_by(col(PushRunRow.id).desc()).limit(1)).first()


def pushes_since(session: Session, since: datetime) -> tuple[int, int, int]:
    """(pushes, messages sent, failed) of the pushes that started at `since` or later."""
    count, sent, failed = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(PushRunRow.sent), 0),
            func.coalesce(func.sum(PushRunRow.failed), 0),
        ).where(col(PushRunRow.started_at) >= since)
    ).one()
    return int(count), int(sent), int(failed)


@dataclass(frozen=True)
class Trouble:
    """What went wrong between two moments: each is told to the administrators once."""

    failed_runs: list[tuple[str, date, str | None]]
    """(job, day, error) of the runs that failed."""
    failed_pushes: list[PushRunRow]
    """Pushes that finished with failures."""
    feeds_down: list[tuple[str, datetime, str | None]]
    """(name, failing since, last error) of feeds whose failures reached `down_after`."""


def trouble_between(
    session: Session, start: datetime, end: datetime, down_after: timedelta
) -> Trouble:
    """The failures that happened in [start, end): a run or a push that ended so, and a
    feed whose run of failures grew `down_after` long in that time."""
    runs = session.exec(
        select(JobRunRow.name, JobRunRow.day, JobRunRow.error).where(
            JobRunRow.status == FAILED,
            col(JobRunRow.finished_at) >= start,
            col(JobRunRow.finished_at) < end,
        )
    ).all()
    pushes = session.exec(
        select(PushRunRow).where(
            col(PushRunRow.failed) > 0,
            col(PushRunRow.finished_at) >= start,
            col(PushRunRow.finished_at) < end,
        )
    ).all()
    feeds = session.exec(
        select(FeedRow.name, FeedRow.failing_since, FeedRow.last_error).where(
            col(FeedRow.failing_since) >= start - down_after,
            col(FeedRow.failing_since) < end - down_after,
        )
    ).all()
    return Trouble(
        failed_runs=[(name, day, error) for name, day, error in runs],
        failed_pushes=list(pushes),
        feeds_down=[(name, since, error) for name, since, error in feeds],  # type: ignore[misc]
    )
