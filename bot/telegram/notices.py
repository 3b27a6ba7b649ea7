"""Notices to the bot's administrators, in their private chats, throttled per kind.

Unhandled errors, failed daily runs, feeds failing for a day, pushes with failures and
channels lost all end up here. A kind ("error:OperationalError", "run:daily", "feed:Reuters") is
told at most once per NOTICE_EVERY, so an outage that repeats every minute costs the
admins one message an hour, not sixty.
"""

from __future__ import annotations

import html
import logging
import time
from datetime import datetime

from telegram.error import TelegramError

from bot.i18n import Translator, translator
from bot.logs import redact_urls
from bot.telegram.handlers.common import Callback, services
from storage.models import PushRunRow
from storage.pushes import Trouble

log = logging.getLogger(__name__)
NOTICE_EVERY = 3600.0
"""Seconds between two notices of the same kind."""
TOLD_KEY = "admin notices told"
NOTICE_LENGTH = 1000
"""Characters of a notice's detail kept: a traceback's first line, not a wall of text."""


def admin_notice(text: str) -> str:
    """`text` as a safe notice: URLs' secrets redacted, escaped for Telegram's HTML, short."""
    return html.escape(redact_urls(text)[:NOTICE_LENGTH])


def admins_translator(context: Callback) -> Translator:
    """The language the administrators are told in: the bot's default."""
    return translator(services(context).settings.interface_language)


async def notify_admins(context: Callback, kind: str, text: str) -> None:
    """Send `text` (Telegram HTML) to every admin, unless `kind` was told within
    NOTICE_EVERY."""
    told: dict[str, float] = context.bot_data.setdefault(TOLD_KEY, {})
    now = time.monotonic()
    if now - told.get(kind, -NOTICE_EVERY) < NOTICE_EVERY:
        return
    told[kind] = now
    for admin in services(context).settings.admin_ids:
        try:
            await context.bot.send_message(admin, text)
        except TelegramError as failure:  # an admin who never started the bot, say
            log.warning("could not tell admin %s (%s): %s", admin, kind, failure)


def duration(start: datetime, end: datetime, tr: Translator) -> str:
    """How long from `start` to `end`, as an admin reads it: "42 s", "6 min 51 s", "1 h 3 min"."""
    seconds = max(0, round((end - start).total_seconds()))
    if seconds < 60:
        return tr.gettext("{seconds} s").format(seconds=seconds)
    if seconds < 3600:
        text = tr.gettext("{minutes} min {seconds} s")
        return text.format(minutes=seconds // 60, seconds=seconds % 60)
    text = tr.gettext("{hours} h {minutes} min")
    return text.format(hours=seconds // 3600, minutes=seconds % 3600 // 60)


def push_line(push: PushRunRow, tr: Translator) -> str:
    """One push: its day, outcomes and duration."""
    line = tr.gettext("{day}: {sent} sent, {failed} failed, {skipped} skipped").format(
        day=tr.long_day(push.day), sent=push.sent, failed=push.failed, skipped=push.skipped
    )
    if push.gone:
        line += tr.gettext(", {gone} chats gone").format(gone=push.gone)
    if push.finished_at is not None:
        took = duration(push.started_at, push.finished_at, tr)
        line += tr.gettext(", in {duration}").format(duration=took)
    return line


def trouble_notices(trouble: Trouble, tr: Translator) -> list[tuple[str, str]]:
    """(kind, notice) for each thing that went wrong, in the order they are told."""
    notices = []
    for name, day, error in trouble.failed_runs:
        text = tr.gettext("❌ The {name} run of {day} failed: {error}. /stats shows more.")
        text = text.format(name=name, day=tr.long_day(day), error=error or "?")
        notices.append((f"run:{name}", admin_notice(text)))
    for push in trouble.failed_pushes:
        text = tr.gettext("📮 A push had failures. {push}.").format(push=push_line(push, tr))
        notices.append(("push", admin_notice(text)))
    for name, since, error in trouble.feeds_down:
        text = tr.gettext("📡 Feed {name} has been failing since {time} UTC (last: {error}).")
        text = text.format(name=name, time=f"{since:%Y-%m-%d %H:%M}", error=error or "?")
        notices.append((f"feed:{name}", admin_notice(text)))
    return notices


async def tell_trouble(context: Callback, trouble: Trouble) -> None:
    """Tell the administrators what went wrong since the last look (see storage.pushes), in
    the bot's default language."""
    for kind, text in trouble_notices(trouble, admins_translator(context)):
        await notify_admins(context, kind, text)
