"""What every handler needs: the app's Context, database work off the event loop, replies."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlmodel import Session
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.context import Context
from storage.db import session_scope

CONTEXT_KEY = "digestbot"
"""Where build_application keeps the Context in `application.bot_data`."""

T = TypeVar("T")
Callback = ContextTypes.DEFAULT_TYPE


def services(context: Callback) -> Context:
    """The settings and database of the running bot."""
    app_context: Context = context.bot_data[CONTEXT_KEY]
    return app_context


async def in_session(context: Callback, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on a worker thread, so a slow query never stalls the bot."""

    def run() -> T:
        with session_scope(services(context).engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


async def send(
    update: Update,
    messages: str | Sequence[str],
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send one message or several in order to the update's chat; buttons go on the last."""
    chat = update.effective_chat
    assert chat is not None, "handlers are registered for updates that have a chat"
    parts = [messages] if isinstance(messages, str) else list(messages)
    sent: Message | None = None
    for index, text in enumerate(parts):
        last = index == len(parts) - 1
        sent = await chat.send_message(text, reply_markup=reply_markup if last else None)
    assert sent is not None, "there is always at least one message to send"
    return sent


async def edit_in_place(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup) -> None:
    """Replace the pressed message; pressing the button already shown changes nothing."""
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


def today(context: Callback) -> date:
    """Today in the configured time zone: the day readers mean."""
    return datetime.now(services(context).settings.tz).date()


class BadDay(ValueError):
    """A command's date argument is malformed; the message is the one-line answer."""


def day_argument(context: Callback, command: str) -> date | None:
    """The command's YYYY-MM-DD argument, None when absent, BadDay when malformed."""
    if not context.args:
        return None
    text = context.args[0]
    try:
        return date.fromisoformat(text)
    except ValueError:
        example = f"/{command} {today(context).isoformat()}"
        shown = html.escape(text[:40])
        raise BadDay(f"“{shown}” is not a date. Use YYYY-MM-DD, e.g. {example}") from None
