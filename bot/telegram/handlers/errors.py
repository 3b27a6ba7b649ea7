"""The one error handler: log the traceback, tell the user briefly, keep the bot running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.telegram.handlers.common import Callback

log = logging.getLogger(__name__)
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


async def on_error(update: object, context: Callback) -> None:
    """Called by PTB for any exception in a handler (and for polling errors, update=None)."""
    where = f"update {update.update_id}" if isinstance(update, Update) else "the bot"
    log.error("error while handling %s", where, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await update.effective_chat.send_message(APOLOGY)
        if update.callback_query:
            await update.callback_query.answer()
    except TelegramError as error:
        log.warning("could not apologise in chat %s: %s", update.effective_chat.id, error)
