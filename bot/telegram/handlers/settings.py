"""/settings: an inline keyboard to choose the sections received and the delivery hour."""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.delivery.render import TITLES
from bot.telegram.handlers.common import (
    Callback,
    edit_in_place,
    in_rows,
    in_session,
    managers_only,
    send,
    services,
)
from bot.telegram.handlers.subscription import SUBSCRIBE_DATA
from digest.models import READER_SECTIONS
from storage import subscribers
from storage.models import SubscriberRow

SETTINGS_PREFIX = "set:"
HOURS = (6, 7, 8, 9, 12, 18, 21)
"""Delivery hours offered as buttons (local time); few enough for one row."""
DEFAULT_HOUR = "default"


def _view(row: SubscriberRow, context: Callback) -> tuple[str, InlineKeyboardMarkup]:
    settings = services(context).settings
    chosen = subscribers.sections_of(row)
    hour = row.delivery_hour
    when = f"{hour:02d}:00" if hour is not None else f"{settings.digest_time:%H:%M} (default)"
    text = (
        "<b>Settings for this chat</b>\n"
        "Tap a section to turn it on or off, or an hour to receive the digest then.\n"
        f"Delivery: {when}, {settings.timezone} time."
    )
    sections = [
        InlineKeyboardButton(
            f"{'✅' if section in chosen else '▫️'} {TITLES[section]}",
            callback_data=f"{SETTINGS_PREFIX}section:{section}",
        )
        for section in READER_SECTIONS
    ]
    hours = [
        InlineKeyboardButton(
            f"{'✅' if hour == value else ''}{value:02d}",
            callback_data=f"{SETTINGS_PREFIX}hour:{value}",
        )
        for value in HOURS
    ]
    default = InlineKeyboardButton(
        f"{'✅ ' if hour is None else ''}Default time",
        callback_data=f"{SETTINGS_PREFIX}hour:{DEFAULT_HOUR}",
    )
    return text, InlineKeyboardMarkup([*in_rows(sections), hours, [default]])


@managers_only
async def show(update: Update, context: Callback) -> None:
    """/settings: the chat's choices as buttons; only a subscribed chat has choices."""
    chat = update.effective_chat
    assert chat is not None
    row = await in_session(context, lambda session: subscribers.get_subscriber(session, chat.id))
    if row is None or not row.active:
        button = InlineKeyboardButton("Subscribe", callback_data=SUBSCRIBE_DATA)
        await send(
            update,
            "This chat is not subscribed, so there is nothing to set yet. Subscribe first:",
            InlineKeyboardMarkup([[button]]),
        )
        return
    text, keyboard = _view(row, context)
    await send(update, text, keyboard)


OUT_OF_DATE = "That button is out of date; here are the current settings."
LAST_SECTION = "At least one section stays on: turn another on first."


def _apply(session: Session, chat_id: int, choice: str) -> tuple[SubscriberRow, str] | None:
    """Store a pressed choice; the row and the answer for the presser, None if unsubscribed.

    Button data comes from the client and may be forged or from an older keyboard: only
    the choices this keyboard offers are applied, and the answer says when nothing changed.
    """
    row = subscribers.get_subscriber(session, chat_id)
    if row is None or not row.active:
        return None
    kind, _, value = choice.partition(":")
    if kind == "section" and value in READER_SECTIONS:
        before = subscribers.sections_of(row)
        changed = subscribers.toggle_section(session, row, value) != before
        return row, "Saved" if changed else LAST_SECTION
    if kind == "hour" and value == DEFAULT_HOUR:
        subscribers.set_delivery_hour(session, row, None)
        return row, "Saved"
    if kind == "hour" and value.isdigit() and int(value) in HOURS:
        subscribers.set_delivery_hour(session, row, int(value))
        return row, "Saved"
    return row, OUT_OF_DATE


@managers_only
async def button(update: Update, context: Callback) -> None:
    """A settings button: store the choice and redraw the keyboard in place."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and query.data is not None and chat is not None
    choice = query.data.removeprefix(SETTINGS_PREFIX)
    applied = await in_session(context, lambda session: _apply(session, chat.id, choice))
    if applied is None:
        await query.answer("Subscribe first: /subscribe")
        return
    row, answer = applied
    await query.answer(answer)
    text, keyboard = _view(row, context)
    await edit_in_place(query, text, keyboard)
