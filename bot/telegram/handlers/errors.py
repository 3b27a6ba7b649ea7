"""The one error handler, and the bot's one translation of digest.errors.

A problem the user can fix (a UserError) is answered with its one-line message. Anything
else is a bug or an outage: it is logged with its traceback, the user gets a short apology,
the administrators are told in their private chats (bot.telegram.notices: once an hour at
most per kind of error, so a failing database does not flood them), and the bot keeps running.
"""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import N_, Translator
from bot.telegram.handlers.common import Callback, chat_translator
from bot.telegram.notices import admin_notice, admins_translator, notify_admins
from digest.errors import NoDigest, NothingToBuild, PushRunning, UserError

log = logging.getLogger(__name__)
APOLOGY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
ANSWERS: dict[type[UserError], str] = {
    NothingToBuild: N_("Nothing built: {problem}."),
    NoDigest: N_("Nothing pushed: {problem}."),
    PushRunning: N_("Nothing pushed: {problem}."),
}
"""How a UserError is answered in Telegram (the problem itself is as digest/ wrote it, in
English, unless the bot wrote it: a BadDay); the others are answered as they are."""


def user_answer(error: UserError, tr: Translator) -> str:
    """The Telegram answer (HTML) to a problem the user can fix."""
    template = next((text for kind, text in ANSWERS.items() if isinstance(error, kind)), None)
    return html.escape(tr.gettext(template).format(problem=error) if template else str(error))


async def on_error(update: object, context: Callback) -> None:
    """Called by PTB for any exception in a handler (and for polling errors, update=None)."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, UserError):
        if chat is not None:
            tr = await chat_translator(update, context)  # type: ignore[arg-type]
            await _say(update, chat.id, user_answer(error, tr))  # type: ignore[arg-type]
        return
    where = f"update {update.update_id}" if isinstance(update, Update) else "the bot"
    log.error("error while handling %s", where, exc_info=error)
    await _report(context, where, error)
    if chat is not None:
        tr = await chat_translator(update, context)  # type: ignore[arg-type]
        await _say(update, chat.id, tr.gettext(APOLOGY))  # type: ignore[arg-type]


async def _say(update: Update, chat_id: int, text: str) -> None:
    try:
        await update.get_bot().send_message(chat_id, text)
        if update.callback_query:
            await update.callback_query.answer()
    except TelegramError as failure:
        log.warning("could not answer in chat %s: %s", chat_id, failure)


async def _report(context: Callback, where: str, error: BaseException | None) -> None:
    """Tell the administrators, at most once an hour for each kind of error."""
    kind = type(error).__name__
    first_line = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    report = admins_translator(context).gettext("⚠️ Error while handling {where}: {kind}: {error}")
    text = admin_notice(report.format(where=where, kind=kind, error=first_line))
    await notify_admins(context, f"error:{kind}", text)
