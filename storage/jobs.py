"""Runs of scheduled jobs, one row per (job, day).

The row is both the lock that lets exactly one bot instance do a day's work, however many
run, and the record of how that work went: a failed run, or one whose instance died, is
taken again — a limited number of times, further and further apart, so a permanent bug does
not rebuild every minute — and what happened stays for /stats.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.db import insert_new
from storage.models import JobRunRow, utcnow

RUNNING, DONE, EMPTY, FAILED = "running", "done", "empty", "failed"
MAX_TRIES = 3
"""Runs of one job and day, crashed ones included, before it is left to an administrator."""
RETRY_AFTER = timedelta(minutes=15)
"""The wait from a failed run's start to the next; it doubles after each further failure."""
ERROR_LENGTH = 300

OwnerDied = Callable[[str], bool]


def _never_died(_owner: str) -> bool:
    return False


def _may_take(
    row: JobRunRow | None, now: datetime, stale_after: timedelta, died: OwnerDied
) -> bool:
    """Whether a run may start now, given the recorded one (None: never started)."""
    if row is None:
        return True
    if row.attempts >= MAX_TRIES:
        return False
    if row.status == FAILED:
        return row.started_at + RETRY_AFTER * 2 ** (row.attempts - 1) <= now
    return row.status == RUNNING and (row.started_at < now - stale_after or died(row.owner))


def _recorded(session: Session, name: str, day: date) -> JobRunRow | None:
    return session.exec(
        select(JobRunRow).where(JobRunRow.name == name, JobRunRow.day == day)
    ).first()


def may_run(
    session: Session,
    name: str,
    day: date,
    stale_after: timedelta,
    died: OwnerDied = _never_died,
    now: datetime | None = None,
) -> bool:
    """True if a claim of job `name` for `day` would succeed now (a read, no claim)."""
    return _may_take(_recorded(session, name, day), now or utcnow(), stale_after, died)


def claim_run(
    session: Session,
    name: str,
    day: date,
    owner: str,
    stale_after: timedelta,
    died: OwnerDied = _never_died,
    now: datetime | None = None,
) -> bool:
    """True if `owner` may run job `name` for `day` now; commits the claim.

    Allowed when nobody ran it, when its last run failed and its back-off has passed, or
    when a run was left `running` longer than `stale_after` or by an owner that `died`;
    never after MAX_TRIES runs. The claim is a compare-and-set on the row read, so of
    instances claiming at once exactly one wins. `now` is the run's start (default: now).
    """
    now = now or utcnow()
    row = {"name": name, "day": day, "status": RUNNING, "owner": owner, "started_at": now}
    claimed = insert_new(session, JobRunRow.__table__, [row], ["name", "day"]) == 1  # type: ignore[attr-defined]
    if not claimed:
        found = _recorded(session, name, day)
        if found is not None and _may_take(found, now, stale_after, died):
            result = session.execute(
                update(JobRunRow)
                .where(
                    col(JobRunRow.id) == found.id,
                    col(JobRunRow.status) == found.status,
                    col(JobRunRow.owner) == found.owner,
                    col(JobRunRow.attempts) == found.attempts,
                )
                .values(
                    status=RUNNING,
                    owner=owner,
                    started_at=now,
                    finished_at=None,
                    attempts=found.attempts + 1,
                )
            )
            claimed = result.rowcount == 1  # type: ignore[attr-defined]
    session.commit()
    return claimed


def finish_run(
    session: Session, name: str, day: date, owner: str, status: str, error: str | None = None
) -> None:
    """Record how `owner`'s run ended: done, empty (nothing to do) or failed (and why)."""
    mine = (col(JobRunRow.name) == name, col(JobRunRow.day) == day, col(JobRunRow.owner) == owner)
    values = {"status": status, "finished_at": utcnow(), "error": error and error[:ERROR_LENGTH]}
    session.execute(update(JobRunRow).where(*mine).values(**values))
