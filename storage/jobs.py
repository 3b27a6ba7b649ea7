"""Runs of scheduled jobs, one row per (job, day).

The row is both the lock that lets exactly one bot instance do a day's work, however many
run, and the record that a run missed while the bot was down has been caught up.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from storage.db import insert_new
from storage.models import JobRunRow, utcnow

RUNNING, DONE, EMPTY, FAILED = "running", "done", "empty", "failed"


def claim_run(session: Session, name: str, day: date, owner: str, stale_after: timedelta) -> bool:
    """True if `owner` may run job `name` for `day` now; commits the claim.

    Allowed when nobody ran it, when its last run failed, or when a run was left
    `running` longer than `stale_after` (its instance died mid-way).
    """
    now = utcnow()
    row = {"name": name, "day": day, "status": RUNNING, "owner": owner, "started_at": now}
    claimed = insert_new(session, JobRunRow.__table__, [row], ["name", "day"]) == 1  # type: ignore[attr-defined]
    if not claimed:
        retry = or_(
            col(JobRunRow.status) == FAILED,
            and_(col(JobRunRow.status) == RUNNING, col(JobRunRow.started_at) < now - stale_after),
        )
        result = session.execute(
            update(JobRunRow)
            .where(col(JobRunRow.name) == name, col(JobRunRow.day) == day, retry)
            .values(status=RUNNING, owner=owner, started_at=now, finished_at=None)
        )
        claimed = result.rowcount == 1  # type: ignore[attr-defined]
    session.commit()
    return claimed


def finish_run(session: Session, name: str, day: date, owner: str, status: str) -> None:
    """Record how `owner`'s run ended: done, empty (nothing to do) or failed."""
    mine = (col(JobRunRow.name) == name, col(JobRunRow.day) == day, col(JobRunRow.owner) == owner)
    session.execute(update(JobRunRow).where(*mine).values(status=status, finished_at=utcnow()))


def run_status(session: Session, name: str, day: date) -> str | None:
    """The state of job `name` for `day`, or None if it never started."""
    return session.exec(
        select(JobRunRow.status).where(JobRunRow.name == name, JobRunRow.day == day)
    ).first()
