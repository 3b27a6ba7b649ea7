"""/language: the chat's interface language, chosen with a button (English, Українська, …).

The choice is stored with the chat's subscription, so the digest pushed to it follows too.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import LANGUAGES, language_name, translator
from bot.telegram.handlers.common import (
    Callback,
    chat_language,
    edit_in_place,
    in_rows,
    in_session,
    managers_only,
    send,
)
from bot.telegram.handlers.subscription import subscribe_keyboard
from storage import subscribers
from storage.models import SubscriberRow

LANGUAGE_PREFIX = "lang:"


def _keyboard(current: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if language == current else ''}{language_name(language)}",
            callback_data=f"{LANGUAGE_PREFIX}{language}",
        )
        for language in LANGUAGES
    ]
    return InlineKeyboardMarkup(in_rows(buttons))


@managers_only
async def show(update: Update, context: Callback) -> None:
    """/language: the languages as buttons; a chat needs its subscription row to keep one."""
    chat = update.effective_chat
    assert chat is not None
    row = await in_session(context, lambda session: subscribers.get_subscriber(session, chat.id))
    tr = translator(chat_language(row, update, context))
    if row is None:
        text = tr.gettext(
            "This chat is not subscribed, so it has no language to set yet. Subscribe first:"
        )
        await send(update, text, subscribe_keyboard(tr))
        return
    text = tr.gettext(
        "Choose the language the bot writes in here, the digest included; the articles "
        "stay as their sources wrote them."
    )
    await send(update, text, _keyboard(tr.language))


def _store(session: Session, chat_id: int, language: str) -> SubscriberRow | None:
    row = subscribers.get_subscriber(session, chat_id)
    if row is not None:
        subscribers.set_language(session, row, language)
    return row


@managers_only
async def button(update: Update, context: Callback) -> None:
    """A language button: store it and answer in that language, in place."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and query.data is not None and chat is not None
    language = query.data.removeprefix(LANGUAGE_PREFIX)
    if language not in LANGUAGES:  # forged, or from a version that had more
        tr = translator(chat_language(None, update, context))
        await query.answer(
            tr.gettext("That button is out of date: /language shows the current ones.")
        )
        return
    row = await in_session(context, lambda session: _store(session, chat.id, language))
    tr = translator(language)
    if row is None:
        await query.answer(tr.gettext("Subscribe first: /subscribe"))
        return
    await query.answer(tr.gettext("Saved"))
    # TRANSLATORS: "in English" means in this catalog's language ("українською").
    done = tr.gettext("Done: the bot now writes in this chat in English.")
    await edit_in_place(query, done, _keyboard(language))
