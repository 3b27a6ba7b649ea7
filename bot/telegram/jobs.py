"""The bot's clock, on PTB's JobQueue (APScheduler 3 in the bot's event loop).

- every DIGESTBOT_POLL_MINUTES: poll the feeds (when a feeds file is set);
- at DIGESTBOT_DIGEST_TIME in DIGESTBOT_TIMEZONE: build the digest of the day that just
  ended and queue one delivery per subscriber, due at the hour each chose;
- every minute: send the deliveries that are due (and finish any a dead sender left);
- once at start: catch up the daily run if its time has passed and nobody did it.

The daily run is claimed in the job_run table first, so it happens once per day however
many instances run and however often they restart.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta

from telegram.ext import Application, ContextTypes

from bot.delivery.building import NothingToBuild, build_and_store
from bot.delivery.sender import PacedBot, deliver_due, worker_name
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
SEND_EVERY = 60.0
JOB_OPTIONS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
Callback = ContextTypes.DEFAULT_TYPE


def due_at(hour: int | None, built: datetime) -> datetime:
    """When a chat gets the digest built at `built` (local time): at its chosen local hour
    that day, never before it is built; `hour` None means at once."""
    if hour is None:
        return built
    return max(built.replace(hour=hour, minute=0, second=0, microsecond=0), built)


def daily_day(now: datetime, context: Context) -> date:
    """The day a daily run at `now` digests: the one that just ended, in the time zone."""
    return now.astimezone(context.settings.tz).date() - timedelta(days=1)


async def daily_digest(context: Context, bot: PacedBot, now: datetime) -> str:
    """Build and queue the digest of the day before `now`, unless another run has; then send.

    Returns what happened, for the log.
    """
    day, owner = daily_day(now, context), worker_name()
    with session_scope(context.engine) as session:
        if not jobs.claim_run(session, DAILY, day, owner, STALE_RUN):
            return f"daily run of {day} already done or running elsewhere"
    status = jobs.FAILED
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
    finally:
        with session_scope(context.engine) as session:
            jobs.finish_run(session, DAILY, day, owner, status)
    outcomes = await deliver_due(context, bot, now)
    return f"daily run of {day}: {queued} deliveries queued, {outcomes['sent']} sent now"


def missed(context: Context, now: datetime) -> bool:
    """True if today's daily run time has passed and no run of it is recorded."""
    local = now.astimezone(context.settings.tz)
    if local.time() < context.settings.digest_time:
        return False
    with session_scope(context.engine) as session:
        return jobs.run_status(session, DAILY, daily_day(now, context)) is None


async def _daily_job(callback: Callback) -> None:
    log.info(await daily_digest(services(callback), callback.bot, datetime.now().astimezone()))


async def _catch_up_job(callback: Callback) -> None:
    context, now = services(callback), datetime.now().astimezone()
    if missed(context, now):
        log.info("catching up: %s", await daily_digest(context, callback.bot, now))


async def _send_job(callback: Callback) -> None:
    outcomes = await deliver_due(services(callback), callback.bot)
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
    settings = application.bot_data[CONTEXT_KEY].settings
    options = {"job_kwargs": JOB_OPTIONS}
    if settings.feeds is not None:
        queue.run_repeating(_poll_job, settings.poll_minutes * 60, first=5, name="poll", **options)
    at = settings.digest_time.replace(tzinfo=settings.tz)
    queue.run_daily(_daily_job, at, name=DAILY, **options)
    queue.run_repeating(_send_job, SEND_EVERY, first=SEND_EVERY, name="send", **options)
    queue.run_once(_catch_up_job, 1, name="catch-up")
