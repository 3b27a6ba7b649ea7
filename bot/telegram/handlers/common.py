"""What every handler needs: the app's Context, database work off the event loop, replies in
the chat's language."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import N_, Translator, supported, translator
from bot.services import Context
from digest.errors import BadDay
from digest.intake.dates import parse_day
from storage import subscribers
from storage.db import reading, transaction
from storage.models import SubscriberRow

log = logging.getLogger(__name__)
CONTEXT_KEY = "digestbot"
"""Where build_application keeps the Context in `application.bot_data`."""

T = TypeVar("T")
Callback = ContextTypes.DEFAULT_TYPE
BUTTONS_PER_ROW = 2
"""Section buttons side by side; a title with its emoji still fits a phone's width."""


def in_rows(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    """`buttons` laid out BUTTONS_PER_ROW a row, however many sections the registry has."""
    return [list(buttons[i : i + BUTTONS_PER_ROW]) for i in range(0, len(buttons), BUTTONS_PER_ROW)]


def services(context: Callback) -> Context:
    """The settings and database of the running bot."""
    app_context: Context = context.bot_data[CONTEXT_KEY]
    return app_context


async def in_session(context: Callback, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on a worker thread, so a slow query never stalls the bot;
    retried while SQLite is locked by a long writer (an ingest, a build)."""
    return await asyncio.to_thread(transaction, services(context).engine, work)


def chat_language(row: SubscriberRow | None, update: Update, context: Callback) -> str:
    """The chat's interface language: the one stored for it (chosen with /language, or taken
    at subscription), else the sender's Telegram language if the bot has it, else
    DIGESTBOT_INTERFACE_LANGUAGE."""
    if row is not None and row.language:
        return row.language
    user = update.effective_user
    spoken = supported(user.language_code) if user is not None else None
    return spoken or services(context).settings.interface_language


async def chat_translator(update: Update, context: Callback) -> Translator:
    """The translator of the update's chat (see `chat_language`): what a handler writes with,
    `tr.gettext("…")`, `tr.ngettext(…)`, `tr.long_day(day)`.

    When the database cannot say, the sender's language: an answer that needs no other
    data (/help, the apology for that very failure) still goes out.
    """
    chat = update.effective_chat
    row = None
    if chat is not None:
        try:
            row = await reading_session(
                context, lambda session: subscribers.get_subscriber(session, chat.id)
            )
        except SQLAlchemyError as error:
            log.warning("the chat's language is unknown, the database failed: %s", error)
    return translator(chat_language(row, update, context))


async def reading_session(context: Callback, work: Callable[[Session], T]) -> T:
    """`in_session` for `work` that only reads: it never waits for a writer (storage.db's
    `reading`), so a reader is answered on time during a push."""
    return await asyncio.to_thread(reading, services(context).engine, work)


async def send(
    update: Update,
    messages: str | Sequence[str],
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send one message or several in order to the update's chat; buttons go on the last."""
    chat = update.effective_chat
    assert chat is not None, "handlers are registered for updates that have a chat"
    parts = [messages] if isinstance(messages, str) else list(messages)
    for index, text in enumerate(parts):
        last = index == len(parts) - 1
        await chat.send_message(text, reply_markup=reply_markup if last else None)


async def edit_in_place(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup) -> None:
    """Replace the pressed message; pressing the button already shown changes nothing."""
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


MANAGERS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
"""The members who manage a group or a channel."""
ADMINS_ONLY = N_("Only this chat's administrators can change its subscription and settings.")


async def may_manage(update: Update, context: Callback) -> bool:
    """Whether the sender may change this chat's subscription and settings.

    Anyone in a private chat; in a group only its administrators (an anonymous one posts
    as the group itself) and the bot's, so one member cannot stop the digest for all; in a
    channel whoever posts (only its administrators can), and of those pressing a button
    under the bot's post, its administrators only.
    """
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or chat.type == ChatType.PRIVATE:
        return chat is not None
    posted_as_chat = message is not None and update.callback_query is None
    if posted_as_chat and message.sender_chat and message.sender_chat.id == chat.id:
        return True  # not for a button: the bot's own post in a channel is "sent" by it
    if user is None:
        return False
    if user.id in services(context).settings.admin_ids:
        return True
    member = await chat.get_member(user.id)
    return member.status in MANAGERS


Handler = Callable[[Update, Callback], Awaitable[None]]


def managers_only(handler: Handler) -> Handler:
    """Run `handler` only for those who `may_manage` the chat; refuse the others with
    ADMINS_ONLY: as a reply to a command, as an alert to a button's presser alone (never
    posted into the group)."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Callback) -> None:
        if await may_manage(update, context):
            await handler(update, context)
            return
        refusal = (await chat_translator(update, context)).gettext(ADMINS_ONLY)
        if update.callback_query is not None:
            await update.callback_query.answer(refusal, show_alert=True)
        else:
            await send(update, refusal)

    return guarded


def today(context: Callback) -> date:
    """Today in the configured time zone: the day readers mean."""
    return datetime.now(services(context).settings.tz).date()


def day_argument(context: Callback, command: str, tr: Translator) -> date | None:
    """The command's YYYY-MM-DD argument, None when absent, BadDay (in the language of `tr`)
    when malformed."""
    if not context.args:
        return None
    text = context.args[0]
    try:
        return parse_day(text)
    except ValueError:
        example = f"/{command} {today(context).isoformat()}"
        problem = tr.gettext("“{text}” is not a date. Use YYYY-MM-DD, e.g. {example}")
        raise BadDay(problem.format(text=text[:40], example=example)) from None
