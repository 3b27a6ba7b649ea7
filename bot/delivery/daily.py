"""The daily run: poll, build the day that just ended, queue its deliveries, send.

It is claimed in the job_run table first, so it happens once per day however many
instances run and however often they restart; a run that failed, or that a dead instance
left running, may be claimed again (see storage.jobs). The next firing is computed from
the wall time each day (`next_daily_run`), so daylight saving neither skips nor repeats a
day. The Telegram room's scheduler (bot.telegram.jobs) calls it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.building import build_and_store
from bot.delivery.sender import Messenger, dead_workers, deliver_due, worker_name
from bot.intake.polling import fetch_all
from bot.services import Context
from digest.errors import ConfigError, NothingToBuild
from storage import deliveries, jobs
from storage.db import session_scope
from storage.digests import digest_ref

log = logging.getLogger(__name__)
DAILY = "daily"
STALE_RUN = timedelta(hours=1)
"""A daily run still `running` after this long died with its instance and may be redone."""


def due_at(hour: int | None, built: datetime) -> datetime:
    """When a chat gets the digest built at `built` (local time): at its chosen local hour
    that day, never before it is built; `hour` None means at once."""
    if hour is None:
        return built
    return max(built.replace(hour=hour, minute=0, second=0, microsecond=0), built)


def next_daily_run(after: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The first moment after `after` at which the clock in `tz` shows `at`.

    Found from the wall time day by day, so a daylight-saving change moves no run to
    another day. In the autumn's repeated hour the first of the two moments counts (a day
    fires once); a time the spring change skips fires when the gap ends (03:30 in Kyiv on
    the spring day: 04:00+03:00), not an hour late.
    """
    day = after.astimezone(tz).date()
    while (moment := wall_time(day, at, tz)) <= after:
        day += timedelta(days=1)
    return moment


def wall_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`day` at `at` in `tz`, in UTC: the first of two in a repeated hour, the gap's end in
    a gap. (UTC because Python never finds a time in a repeated hour equal to another zone's.)"""
    wall = datetime.combine(day, at)
    while True:
        moment = wall.replace(tzinfo=tz).astimezone(UTC)
        if moment.astimezone(tz).replace(tzinfo=None) == wall:
            return moment
        # inside a gap the clock never shows this time: step on to the gap's end
        wall = wall.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _died(owner: str) -> bool:
    return bool(dead_workers([owner]))


def daily_day(now: datetime, context: Context) -> date:
    """The day a daily run at `now` digests: the one that just ended, in the time zone."""
    return now.astimezone(context.settings.tz).date() - timedelta(days=1)


async def daily_digest(context: Context, messenger: Messenger, now: datetime) -> str:
    """Build and queue the digest of the day before `now`, unless another run has; then send.

    Returns what happened, for the log.
    """
    day, owner = daily_day(now, context), worker_name()
    with session_scope(context.engine) as session:
        if not jobs.claim_run(session, DAILY, day, owner, STALE_RUN, _died, now):
            return f"daily run of {day} already done or running elsewhere"
    status, reason = jobs.FAILED, "stopped before it finished"
    try:
        if context.settings.feeds is not None:
            try:
                await fetch_all(context)
            except ConfigError as error:  # the feeds file is broken: build from what we have
                log.error("daily run of %s: not polling the feeds: %s", day, error)
        try:
            await asyncio.to_thread(build_and_store, context, day)
        except NothingToBuild as error:
            status = jobs.EMPTY
            return f"daily run of {day}: {error}"
        built = now.astimezone(context.settings.tz)
        with session_scope(context.engine) as session:
            found = digest_ref(session, day, today=day)
            assert found is not None, "build_and_store stored it"
            queued = deliveries.enqueue(session, found[1], lambda hour: due_at(hour, built))
        status = jobs.DONE
    except Exception as failure:  # recorded for /stats; a later tick tries again
        reason = f"{type(failure).__name__}: {failure}"
        log.exception("daily run of %s failed", day)
        return f"daily run of {day} failed: {reason}"
    finally:
        with session_scope(context.engine) as session:
            failure_reason = reason if status == jobs.FAILED else None
            jobs.finish_run(session, DAILY, day, owner, status, failure_reason)
    outcomes = await deliver_due(context, messenger, now)
    return f"daily run of {day}: {queued} deliveries queued, {outcomes['sent']} sent now"


def missed(context: Context, now: datetime) -> bool:
    """True if today's daily run time has passed and its run may be claimed now: never
    started, failed (and its back-off is over) or left running by a dead instance."""
    settings = context.settings
    if now < wall_time(now.astimezone(settings.tz).date(), settings.digest_time, settings.tz):
        return False
    with session_scope(context.engine) as session:
        return jobs.may_run(session, DAILY, daily_day(now, context), STALE_RUN, _died, now)
