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
from bot.delivery.sender import push_digest
from bot.i18n import Translator
from bot.intake.polling import fetch_all
from bot.logs import redact_urls
from bot.telegram.client import TelegramMessenger
from bot.telegram.handlers.common import (
    Callback,
    Handler,
    chat_translator,
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
            tr = await chat_translator(update, context)
            await send(update, tr.gettext("Sorry, this command is for the bot's administrators."))
            return
        log.info("admin %s (@%s) runs %r", user.id, user.username, command)
        await handler(update, context)

    return guarded


@admin_only
async def build(update: Update, context: Callback) -> None:
    """/build [YYYY-MM-DD]: build (or rebuild) a day's digest now; default today."""
    tr = await chat_translator(update, context)
    day = day_argument(context, "build", tr) or today(context)
    await send(update, tr.gettext("Building the digest of {day}…").format(day=tr.long_day(day)))
    digest = await asyncio.to_thread(build_and_store, services(context), day)
    counts = ", ".join(f"{len(digest.sections.get(name, []))} {name}" for name in SECTIONS)
    built = tr.ngettext(
        "Built the digest of {day} from {count} article: {sections}, {figures} figures.",
        "Built the digest of {day} from {count} articles: {sections}, {figures} figures.",
        digest.articles,
    )
    await send(
        update,
        built.format(
            day=tr.long_day(day),
            count=digest.articles,
            sections=counts,
            figures=len(digest.figures),
        ),
    )


@admin_only
async def push(update: Update, context: Callback) -> None:
    """/push [YYYY-MM-DD]: send a day's digest (default the latest) to subscribers now.

    The push runs beside the bot (it may take minutes at 30 messages/s), which keeps
    answering meanwhile; the administrator gets the summary when it is done.
    """
    tr = await chat_translator(update, context)
    day = day_argument(context, "push", tr)

    async def pushing() -> None:  # its errors reach the error handler with the update
        report = await push_digest(services(context), TelegramMessenger(context.bot), day)
        await send(update, html.escape(report.summary()))

    await send(update, tr.gettext("Pushing the digest to subscribers…"))
    context.application.create_task(pushing(), update=update)


@admin_only
async def fetch(update: Update, context: Callback) -> None:
    """/fetch: poll every feed now."""
    await send(update, (await chat_translator(update, context)).gettext("Polling the feeds…"))
    report = await fetch_all(services(context))  # no feeds file: a ConfigError, answered
    await send(update, html.escape(report.summary()))


def stats_text(stats: BotStats, tr: Translator) -> str:
    """The /stats answer: one line per topic; states, job names and errors as stored."""
    days = " · ".join(f"{day:%m-%d}: {count}" for day, count in stats.articles_per_day)
    subscribers = tr.gettext(
        "Subscribers: {active} active, {unsubscribed} unsubscribed, "
        "{gone} gone (blocked the bot or deleted)."
    )
    lines = [
        tr.gettext("<b>Stats</b>"),
        subscribers.format(active=stats.active, unsubscribed=stats.unsubscribed, gone=stats.gone),
        tr.gettext("Articles per day: {days}.").format(
            days=days or tr.gettext("none in the last days")
        ),
    ]
    if stats.last_digest_day and stats.last_built_at:
        last = tr.gettext("Last digest: {day}, built {time} UTC.")
        built = f"{stats.last_built_at:%Y-%m-%d %H:%M}"
        lines.append(last.format(day=tr.long_day(stats.last_digest_day), time=built))
        by_status = sorted(stats.deliveries.items(), key=lambda pair: (pair[0] != SENT, pair[0]))
        deliveries = ", ".join(f"{count} {status}" for status, count in by_status)
        sent, failed = stats.deliveries.get(SENT, 0), stats.deliveries.get(FAILED, 0)
        if sent + failed:
            rate = tr.gettext("{rate} delivered; {deliveries}")
            deliveries = rate.format(rate=f"{sent / (sent + failed):.1%}", deliveries=deliveries)
        its = tr.gettext("Its deliveries: {deliveries}.")
        lines.append(its.format(deliveries=deliveries or tr.gettext("none yet")))
    if stats.last_push is not None:
        lines.append(tr.gettext("Last push: {push}.").format(push=push_line(stats.last_push, tr)))
    pushes, sent, failed = stats.recent_pushes
    if pushes:
        text = tr.ngettext(
            "Last {days} days: {count} push, {rate} delivered ({sent} sent, {failed} failed).",
            "Last {days} days: {count} pushes, {rate} delivered ({sent} sent, {failed} failed).",
            pushes,
        )
        rate = f"{sent / (sent + failed):.1%}" if sent + failed else "—"
        lines.append(
            text.format(
                days=STATS_DAYS,
                count=pushes,
                rate=rate,
                sent=tr.number(sent),
                failed=tr.number(failed),
            )
        )
    else:
        lines.append(tr.gettext("No digest built yet."))
    job = tr.gettext("Job {name} of {day}: {status}.")
    lines += [job.format(name=name, day=day, status=status) for name, day, status in stats.jobs]
    for run in stats.unfinished:
        if run.error:
            unfinished = tr.ngettext(
                "No digest for {day}: {name} run {status} ({tries} try; last: {error}).",
                "No digest for {day}: {name} run {status} ({tries} tries; last: {error}).",
                run.tries,
            )
        else:
            unfinished = tr.ngettext(
                "No digest for {day}: {name} run {status} ({tries} try).",
                "No digest for {day}: {name} run {status} ({tries} tries).",
                run.tries,
            )
        values = {"name": run.name, "status": run.status, "tries": run.tries, "error": run.error}
        lines.append(html.escape(unfinished.format(day=tr.long_day(run.day), **values)))
    failing = tr.gettext("Feed {name} failing: {failures} in a row (last: {error}).")
    lines += [
        html.escape(redact_urls(failing.format(name=name, failures=failures, error=error)))
        for name, failures, error in stats.failing_feeds
    ]
    return "\n".join(lines)


@admin_only
async def stats(update: Update, context: Callback) -> None:
    """/stats: subscribers, articles per recent day, the last build and delivery."""
    since = today(context) - timedelta(days=STATS_DAYS - 1)
    found = await in_session(context, lambda session: bot_stats(session, since))
    await send(update, stats_text(found, await chat_translator(update, context)))
