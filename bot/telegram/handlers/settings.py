"""/settings: an inline keyboard to choose the sections received and the delivery hour."""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.delivery.render import TITLES
from bot.i18n import N_, Translator, translator
from bot.telegram.handlers.common import (
    Callback,
    chat_language,
    edit_in_place,
    in_rows,
    in_session,
    managers_only,
    send,
    services,
)
from bot.telegram.handlers.subscription import subscribe_keyboard
from digest.models import READER_SECTIONS
from storage import subscribers
from storage.models import SubscriberRow

SETTINGS_PREFIX = "set:"
HOURS = (6, 7, 8, 9, 12, 18, 21)
"""Delivery hours offered as buttons (local time); few enough for one row."""
DEFAULT_HOUR = "default"


def _view(
    row: SubscriberRow, context: Callback, tr: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    settings = services(context).settings
    chosen = subscribers.sections_of(row)
    hour = row.delivery_hour
    if hour is None:
        when = tr.gettext("{time} (default)").format(time=f"{settings.digest_time:%H:%M}")
    else:
        when = f"{hour:02d}:00"
    text = tr.gettext(
        "<b>Settings for this chat</b>\n"
        "Tap a section to turn it on or off, or an hour to receive the digest then.\n"
        "Delivery: {when}, {timezone} time."
    ).format(when=when, timezone=settings.timezone)
    sections = [
        InlineKeyboardButton(
            f"{'✅' if section in chosen else '▫️'} {tr.gettext(TITLES[section])}",
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
        ("✅ " if hour is None else "") + tr.gettext("Default time"),
        callback_data=f"{SETTINGS_PREFIX}hour:{DEFAULT_HOUR}",
    )
    return text, InlineKeyboardMarkup([*in_rows(sections), hours, [default]])


@managers_only
async def show(update: Update, context: Callback) -> None:
    """/settings: the chat's choices as buttons; only a subscribed chat has choices."""
    chat = update.effective_chat
    assert chat is not None
    row = await in_session(context, lambda session: subscribers.get_subscriber(session, chat.id))
    tr = translator(chat_language(row, update, context))
    if row is None or not row.active:
        await send(
            update,
            tr.gettext(
                "This chat is not subscribed, so there is nothing to set yet. Subscribe first:"
            ),
            subscribe_keyboard(tr),
        )
        return
    text, keyboard = _view(row, context, tr)
    await send(update, text, keyboard)


SAVED = N_("Saved")
OUT_OF_DATE = N_("That button is out of date; here are the current settings.")
LAST_SECTION = N_("At least one section stays on: turn another on first.")


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
        return row, SAVED if changed else LAST_SECTION
    if kind == "hour" and value == DEFAULT_HOUR:
        subscribers.set_delivery_hour(session, row, None)
        return row, SAVED
    if kind == "hour" and value.isdigit() and int(value) in HOURS:
        subscribers.set_delivery_hour(session, row, int(value))
        return row, SAVED
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
        tr = translator(chat_language(None, update, context))
        await query.answer(tr.gettext("Subscribe first: /subscribe"))
        return
    row, answer = applied
    tr = translator(chat_language(row, update, context))
    await query.answer(tr.gettext(answer))
    text, keyboard = _view(row, context, tr)
    await edit_in_place(query, text, keyboard)
