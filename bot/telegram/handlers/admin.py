"""/build, /push, /fetch, /stats for the administrators in DIGESTBOT_ADMIN_IDS.

Anyone else gets a polite refusal and nothing happens. Every attempt is logged with the
user id, so an administrator can see who did what.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from datetime import timedelta

from telegram import Update

from bot.delivery.building import build_and_store
from bot.delivery.render import long_day
from bot.delivery.sender import push_digest
from bot.intake.polling import fetch_all
from bot.logs import redact_urls
from bot.telegram.client import TelegramMessenger
from bot.telegram.handlers.common import (
    Callback,
    Handler,
    day_argument,
    in_session,
    send,
    services,
    today,
)
from bot.telegram.notices import push_line
from digest.models import SECTIONS
from storage.deliveries import FAILED, SENT
from storage.stats import BotStats, bot_stats

log = logging.getLogger(__name__)
STATS_DAYS = 7


def admin_only(handler: Handler) -> Handler:
    """Run `handler` for administrators only; log every attempt with who made it."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Callback) -> None:
        user = update.effective_user
        message = update.effective_message
        command = message.text if message and message.text else handler.__name__
        if user is None or user.id not in services(context).settings.admin_ids:
            log.warning("refused %r to user %s", command, user.id if user else "unknown")
            await send(update, "Sorry, this command is for the bot's administrators.")
            return
        log.info("admin %s (@%s) runs %r", user.id, user.username, command)
        await handler(update, context)

    return guarded


@admin_only
async def build(update: Update, context: Callback) -> None:
    """/build [YYYY-MM-DD]: build (or rebuild) a day's digest now; default today."""
    day = day_argument(context, "build") or today(context)
    await send(update, f"Building the digest of {long_day(day)}…")
    digest = await asyncio.to_thread(build_and_store, services(context), day)
    counts = ", ".join(f"{len(digest.sections.get(name, []))} {name}" for name in SECTIONS)
    await send(
        update,
        f"Built the digest of {long_day(day)} from {digest.articles} articles: "
        f"{counts}, {len(digest.figures)} figures.",
    )


@admin_only
async def push(update: Update, context: Callback) -> None:
    """/push [YYYY-MM-DD]: send a day's digest (default the latest) to subscribers now.

    The push runs beside the bot (it may take minutes at 30 messages/s), which keeps
    answering meanwhile; the administrator gets the summary when it is done.
    """
    day = day_argument(context, "push")

    async def pushing() -> None:  # its errors reach the error handler with the update
        report = await push_digest(services(context), TelegramMessenger(context.bot), day)
        await send(update, html.escape(report.summary()))

    await send(update, "Pushing the digest to subscribers…")
    context.application.create_task(pushing(), update=update)


@admin_only
async def fetch(update: Update, context: Callback) -> None:
    """/fetch: poll every feed now."""
    await send(update, "Polling the feeds…")
    report = await fetch_all(services(context))  # no feeds file: a ConfigError, answered
    await send(update, html.escape(report.summary()))


def stats_text(stats: BotStats) -> str:
    """The /stats answer: one line per topic."""
    days = " · ".join(f"{day:%m-%d}: {count}" for day, count in stats.articles_per_day)
    lines = [
        "<b>Stats</b>",
        f"Subscribers: {stats.active} active, {stats.unsubscribed} unsubscribed, "
        f"{stats.gone} gone (blocked the bot or deleted).",
        f"Articles per day: {days or 'none in the last days'}.",
    ]
    if stats.last_digest_day and stats.last_built_at:
        lines.append(
            f"Last digest: {long_day(stats.last_digest_day)}, "
            f"built {stats.last_built_at:%Y-%m-%d %H:%M} UTC."
        )
        by_status = sorted(stats.deliveries.items(), key=lambda pair: (pair[0] != SENT, pair[0]))
        deliveries = ", ".join(f"{count} {status}" for status, count in by_status)
        sent, failed = stats.deliveries.get(SENT, 0), stats.deliveries.get(FAILED, 0)
        rate = f"{sent / (sent + failed):.1%} delivered; " if sent + failed else ""
        lines.append(f"Its deliveries: {rate}{deliveries or 'none yet'}.")
    if stats.last_push is not None:
        lines.append(f"Last push: {push_line(stats.last_push)}.")
    else:
        lines.append("No digest built yet.")
    lines += [f"Job {name} of {day}: {status}." for name, day, status in stats.jobs]
    lines += [
        html.escape(
            f"No digest for {long_day(run.day)}: {run.name} run {run.status} "
            f"({run.tries} {'try' if run.tries == 1 else 'tries'}"
            + (f"; last: {run.error})." if run.error else ").")
        )
        for run in stats.unfinished
    ]
    lines += [
        html.escape(redact_urls(f"Feed {name} failing: {failures} in a row (last: {error})."))
        for name, failures, error in stats.failing_feeds
    ]
    return "\n".join(lines)


@admin_only
async def stats(update: Update, context: Callback) -> None:
    """/stats: subscribers, articles per recent day, the last build and delivery."""
    since = today(context) - timedelta(days=STATS_DAYS - 1)
    found = await in_session(context, lambda session: bot_stats(session, since))
    await send(update, stats_text(found))
