"""/help, /sources, and the pointer to /help for anything else said in private."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Update

from bot.i18n import Translator
from bot.logs import redact_urls, site_of
from bot.telegram.handlers.common import (
    Callback,
    chat_translator,
    in_session,
    send,
    services,
    today,
)
from storage.stats import SourceCount, sources_since

SOURCE_DAYS = 7
MAX_SOURCES = 40
"""Feeds listed by /sources; the rest are counted, so the answer stays one message."""


def help_command(
    help_text: Callable[[Translator, bool], str],
) -> Callable[[Update, Callback], Awaitable[None]]:
    """The /help handler: `help_text(tr, admin)` in the chat's language; administrators also
    see their commands."""

    async def help_(update: Update, context: Callback) -> None:
        user = update.effective_user
        admin = user is not None and user.id in services(context).settings.admin_ids
        await send(update, help_text(await chat_translator(update, context), admin))

    return help_


def _source_line(source: SourceCount, tr: Translator) -> str:
    name = html.escape(source.name)
    site = site_of(source.url) if source.url else None
    if site:  # never the feed's own URL: it may hold credentials or an API key
        name = f'<a href="{html.escape(site)}">{name}</a>'
    state = ""
    if source.last_error:
        error = html.escape(redact_urls(source.last_error)[:80])
        state = tr.gettext(" — <i>failing: {error}</i>").format(error=error)
    elif source.url and source.last_success is None:
        state = tr.gettext(" — <i>not fetched yet</i>")
    count = source.articles
    articles = tr.ngettext("{count} article", "{count} articles", count).format(count=count)
    return f"• {name}: {articles}{state}"


async def sources(update: Update, context: Callback) -> None:
    """/sources: the feeds and outlets, with their articles over the last days."""
    since = today(context) - timedelta(days=SOURCE_DAYS - 1)
    found = await in_session(context, lambda session: sources_since(session, since))
    tr = await chat_translator(update, context)
    if not found:
        text = tr.gettext("No sources yet: no feed is configured and no article was stored.")
        await send(update, text)
        return
    heading = tr.ngettext(
        "<b>Sources</b>, articles of the last {days} day:",
        "<b>Sources</b>, articles of the last {days} days:",
        SOURCE_DAYS,
    )
    lines = [heading.format(days=SOURCE_DAYS)]
    lines += [_source_line(source, tr) for source in found[:MAX_SOURCES]]
    if len(found) > MAX_SOURCES:
        lines.append(tr.gettext("… and {count} more.").format(count=len(found) - MAX_SOURCES))
    await send(update, "\n".join(lines))


async def unknown(update: Update, context: Callback) -> None:
    """Anything else in a private chat: say where the commands are."""
    tr = await chat_translator(update, context)
    await send(
        update, tr.gettext("I answer commands only. /help lists them; /latest shows the digest.")
    )
