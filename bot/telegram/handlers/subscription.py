"""/start, /subscribe, /unsubscribe (/stop): joining and leaving; repeating one is harmless."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.i18n import Translator, supported
from bot.telegram.handlers.channels import channel_rights_changed
from bot.telegram.handlers.common import (
    Callback,
    chat_translator,
    in_session,
    managers_only,
    send,
    services,
)
from digest.sections import REGISTRY
from storage import subscribers

SUBSCRIBE_DATA = "subscribe"


def _offered(tr: Translator) -> str:
    """The registry's sections as /start names them: "💥 Strikes, 🤝 Talks and 🏛 Politics"."""
    *rest, last = [tr.gettext(section.title) for section in REGISTRY]
    if not rest:
        return last
    return tr.gettext("{sections} and {last}").format(sections=", ".join(rest), last=last)


def subscribe_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    """The one button under /start (and /settings in a chat not subscribed)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr.gettext("Subscribe"), callback_data=SUBSCRIBE_DATA)]]
    )


async def start(update: Update, context: Callback) -> None:
    """Say what the bot sends, when, and how to stop, with a button to subscribe."""
    settings = services(context).settings
    tr = await chat_translator(update, context)
    when = f"{settings.digest_time:%H:%M} ({settings.timezone})"
    text = tr.gettext(
        "<b>Daily war digest</b>\n"
        "Every morning a short, sourced summary of the war and the diplomacy around it: "
        "{sections}, with the day's key figures.\n"
        "It arrives at {when}; /settings changes the hour and the sections, /language the "
        "language.\n"
        "/latest shows the latest digest now, /help lists everything, /stop ends it."
    ).format(sections=_offered(tr), when=when)
    await send(update, text, subscribe_keyboard(tr))


async def _subscribe(update: Update, context: Callback) -> str:
    """Subscribe the chat (the caller has checked that the sender may) and say so, in the
    chat's language: a new chat takes the subscriber's Telegram language if the bot has it."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    spoken = supported(user.language_code) if user is not None else None
    new = await in_session(
        context,
        lambda session: subscribers.subscribe(session, chat.id, chat.type, chat.title, spoken),
    )
    tr = await chat_translator(update, context)
    if new:
        return tr.gettext(
            "Subscribed: the digest arrives every morning. /settings to choose, /stop to end."
        )
    return tr.gettext("This chat is already subscribed. /settings to choose, /stop to end.")


@managers_only
async def subscribe(update: Update, context: Callback) -> None:
    await send(update, await _subscribe(update, context))


@managers_only
async def subscribe_button(update: Update, context: Callback) -> None:
    """The button under /start does what /subscribe does; a refusal is the presser's alone."""
    query = update.callback_query
    assert query is not None
    answer = await _subscribe(update, context)
    await query.answer()
    await send(update, answer)


@managers_only
async def unsubscribe(update: Update, context: Callback) -> None:
    chat = update.effective_chat
    assert chat is not None
    was = await in_session(context, lambda session: subscribers.unsubscribe(session, chat.id))
    tr = await chat_translator(update, context)
    if was:
        await send(
            update, tr.gettext("Unsubscribed: no more digests. /subscribe brings them back.")
        )
    else:
        await send(
            update, tr.gettext("This chat is not subscribed. /subscribe to receive the digest.")
        )


async def bot_removed(update: Update, context: Callback) -> None:
    """The user blocked the bot, or a group removed it: stop deliveries there at once.
    (A channel may also take away the right to post: see channels.channel_rights_changed.)"""
    change = update.my_chat_member
    assert change is not None
    if change.chat.type == ChatType.CHANNEL:
        await channel_rights_changed(update, context)
        return
    if change.new_chat_member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return
    reason = f"blocked: the bot was {'blocked' if change.chat.type == 'private' else 'removed'}"
    await in_session(
        context, lambda session: subscribers.unsubscribe(session, change.chat.id, reason)
    )


async def chat_migrated(update: Update, context: Callback) -> None:
    """A group became a supergroup (a new chat id): its subscription, choices and pending
    deliveries follow. Telegram posts this in both chats; the second finds nothing to move."""
    message = update.effective_message
    assert message is not None
    if message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        old, new = message.chat.id, message.migrate_to_chat_id
    assert new is not None, "filters.StatusUpdate.MIGRATE"
    await in_session(context, lambda session: subscribers.migrate_chat(session, old, new))
