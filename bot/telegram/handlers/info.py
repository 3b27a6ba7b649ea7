"""/help, /sources, and the pointer to /help for anything else said in private."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Update

from bot.logs import redact_urls, site_of
from bot.telegram.handlers.common import Callback, in_session, send, services, today
from storage.stats import SourceCount, sources_since

SOURCE_DAYS = 7
MAX_SOURCES = 40
"""Feeds listed by /sources; the rest are counted, so the answer stays one message."""


def help_command(
    public_text: str, admin_text: str
) -> Callable[[Update, Callback], Awaitable[None]]:
    """The /help handler; administrators also see their commands."""

    async def help_(update: Update, context: Callback) -> None:
        user = update.effective_user
        admin = user is not None and user.id in services(context).settings.admin_ids
        await send(update, f"{public_text}\n\n{admin_text}" if admin else public_text)

    return help_


def _source_line(source: SourceCount) -> str:
    name = html.escape(source.name)
    site = site_of(source.url) if source.url else None
    if site:  # never the feed's own URL: it may hold credentials or an API key
        name = f'<a href="{html.escape(site)}">{name}</a>'
    state = ""
    if source.last_error:
        state = f" — <i>failing: {html.escape(redact_urls(source.last_error)[:80])}</i>"
    elif source.url and source.last_success is None:
        state = " — <i>not fetched yet</i>"
    return f"• {name}: {source.articles} article{'s' * (source.articles != 1)}{state}"


async def sources(update: Update, context: Callback) -> None:
    """/sources: the feeds and outlets, with their articles over the last days."""
    since = today(context) - timedelta(days=SOURCE_DAYS - 1)
    found = await in_session(context, lambda session: sources_since(session, since))
    if not found:
        await send(update, "No sources yet: no feed is configured and no article was stored.")
        return
    lines = [f"<b>Sources</b>, articles of the last {SOURCE_DAYS} days:"]
    lines += [_source_line(source) for source in found[:MAX_SOURCES]]
    if len(found) > MAX_SOURCES:
        lines.append(f"… and {len(found) - MAX_SOURCES} more.")
    await send(update, "\n".join(lines))


async def unknown(update: Update, _context: Callback) -> None:
    """Anything else in a private chat: say where the commands are."""
    await send(update, "I answer commands only. /help lists them; /latest shows the digest.")
