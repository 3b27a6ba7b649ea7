"""The bot's clock, on PTB's JobQueue (APScheduler 3 in the bot's event loop).

- every DIGESTBOT_POLL_MINUTES: poll the feeds (when a feeds file is set);
- at DIGESTBOT_DIGEST_TIME in DIGESTBOT_TIMEZONE: the daily run (bot.delivery.daily),
  re-armed after each run for the next wall-clock time;
- every minute, and a second after start: the daily run if its time has passed and it is
  not done (never run, failed, or left running by a dead instance), then the deliveries
  that are due (and any a dead sender left); then what went wrong since the last tick (a
  failed run, a push with failures, a feed down for a day), told to the administrators
  (bot.telegram.notices).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from telegram.ext import Application, ContextTypes, JobQueue

from bot.delivery.daily import DAILY, daily_digest, missed, next_daily_run
from bot.delivery.sender import deliver_due
from bot.intake.polling import fetch_all
from bot.services import Context
from bot.telegram.client import TelegramMessenger
from bot.telegram.handlers.common import CONTEXT_KEY, reading_session, services
from bot.telegram.notices import tell_trouble
from digest.errors import ConfigError
from storage.pushes import trouble_between

log = logging.getLogger(__name__)
TICK_EVERY = 60.0
FEED_DOWN_AFTER = timedelta(days=1)
"""A feed failing this long is worth an administrator's look."""
LOOKED_KEY = "trouble looked at until"
JOB_OPTIONS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
Callback = ContextTypes.DEFAULT_TYPE


def _arm_daily(queue: JobQueue, context: Context) -> None:  # type: ignore[type-arg]
    """Schedule the next daily run; each run arms the one after it."""
    settings = context.settings
    when = next_daily_run(datetime.now(UTC), settings.digest_time, settings.tz)
    queue.run_once(_daily_job, when, name=DAILY, job_kwargs=JOB_OPTIONS)


async def _daily_job(callback: Callback) -> None:
    context = services(callback)
    try:
        log.info(await daily_digest(context, TelegramMessenger(callback.bot), datetime.now(UTC)))
    finally:
        assert callback.job_queue is not None
        _arm_daily(callback.job_queue, context)


async def _tick_job(callback: Callback) -> None:
    context, now = services(callback), datetime.now(UTC)
    messenger = TelegramMessenger(callback.bot)
    if missed(context, now):
        log.info("catching up: %s", await daily_digest(context, messenger, now))
    outcomes = await deliver_due(context, messenger)
    if outcomes:
        log.info("sent due deliveries: %s", dict(outcomes))
    await _look_for_trouble(callback)


async def _look_for_trouble(callback: Callback) -> None:
    """Tell the admins what failed since the last look (the first looks one tick back)."""
    now = datetime.now(UTC)
    start = callback.bot_data.get(LOOKED_KEY, now - timedelta(seconds=TICK_EVERY))
    trouble = await reading_session(
        callback, lambda session: trouble_between(session, start, now, FEED_DOWN_AFTER)
    )
    callback.bot_data[LOOKED_KEY] = now
    await tell_trouble(callback, trouble)


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
