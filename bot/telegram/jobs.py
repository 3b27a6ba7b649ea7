"""The bot's clock, on PTB's JobQueue (APScheduler 3 in the bot's event loop).

- every DIGESTBOT_POLL_MINUTES: poll the feeds (when a feeds file is set);
- at DIGESTBOT_DIGEST_TIME in DIGESTBOT_TIMEZONE: build the digest of the day that just
  ended and queue one delivery per subscriber, due at the hour each chose; the next firing
  is computed from the wall time each day (`next_daily_run`), so daylight saving neither
  skips nor repeats a day;
- every minute, and a second after start: run the daily run if its time has passed and it
  is not done (never run, failed, or left running by a dead instance: see storage.jobs),
  then send the deliveries that are due (and finish any a dead sender left).

The daily run is claimed in the job_run table first, so it happens once per day however
many instances run and however often they restart.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram.ext import Application, ContextTypes, JobQueue

from bot.delivery.building import NothingToBuild, build_and_store
from bot.delivery.sender import PacedBot, dead_workers, deliver_due, worker_name
from bot.intake.polling import fetch_all
from bot.services import Context
from bot.settings import ConfigError
from bot.telegram.handlers.common import CONTEXT_KEY, services
from storage import deliveries, jobs
from storage.db import session_scope
from storage.digests import digest_ref

log = logging.getLogger(__name__)
DAILY = "daily"
STALE_RUN = timedelta(hours=1)
"""A daily run still `running` after this long died with its instance and may be redone."""
TICK_EVERY = 60.0
JOB_OPTIONS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
Callback = ContextTypes.DEFAULT_TYPE


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


async def daily_digest(context: Context, bot: PacedBot, now: datetime) -> str:
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
    outcomes = await deliver_due(context, bot, now)
    return f"daily run of {day}: {queued} deliveries queued, {outcomes['sent']} sent now"


def missed(context: Context, now: datetime) -> bool:
    """True if today's daily run time has passed and its run may be claimed now: never
    started, failed (and its back-off is over) or left running by a dead instance."""
    settings = context.settings
    if now < wall_time(now.astimezone(settings.tz).date(), settings.digest_time, settings.tz):
        return False
    with session_scope(context.engine) as session:
        return jobs.may_run(session, DAILY, daily_day(now, context), STALE_RUN, _died, now)


def _arm_daily(queue: JobQueue, context: Context) -> None:  # type: ignore[type-arg]
    """Schedule the next daily run; each run arms the one after it."""
    settings = context.settings
    when = next_daily_run(datetime.now(UTC), settings.digest_time, settings.tz)
    queue.run_once(_daily_job, when, name=DAILY, job_kwargs=JOB_OPTIONS)


async def _daily_job(callback: Callback) -> None:
    context = services(callback)
    try:
        log.info(await daily_digest(context, callback.bot, datetime.now(UTC)))
    finally:
        assert callback.job_queue is not None
        _arm_daily(callback.job_queue, context)


async def _tick_job(callback: Callback) -> None:
    context, now = services(callback), datetime.now(UTC)
    if missed(context, now):
        log.info("catching up: %s", await daily_digest(context, callback.bot, now))
    outcomes = await deliver_due(context, callback.bot)
    if outcomes:
        log.info("sent due deliveries: %s", dict(outcomes))


async def _poll_job(callback: Callback) -> None:
    try:
        report = await fetch_all(services(callback))
    except ConfigError as error:
        log.error("not polling the feeds: %s", error)
        return
    log.info("polled the feeds: %s", report.summary())


def install_jobs(application: Application) -> None:  # type: ignore[type-arg]
    """Register every scheduled job; PTB starts them with the application."""
    queue = application.job_queue
    assert queue is not None, "python-telegram-bot[job-queue] is a dependency"
    context = application.bot_data[CONTEXT_KEY]
    options = {"job_kwargs": JOB_OPTIONS}
    if context.settings.feeds is not None:
        minutes = context.settings.poll_minutes
        queue.run_repeating(_poll_job, minutes * 60, first=5, name="poll", **options)
    _arm_daily(queue, context)
    queue.run_repeating(_tick_job, TICK_EVERY, first=1, name="tick", **options)
