"""/start, /subscribe, /unsubscribe (/stop): joining and leaving; repeating one is harmless."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.telegram.handlers.channels import channel_rights_changed
from bot.telegram.handlers.common import (
    Callback,
    in_session,
    managers_only,
    send,
    services,
)
from digest.models import SECTIONS
from storage import subscribers

SUBSCRIBE_DATA = "subscribe"
OFFERED = f"{', '.join(SECTIONS[:-1])} and {SECTIONS[-1]}" if len(SECTIONS) > 1 else SECTIONS[0]
"""The registry's sections as /start names them: "strikes, talks and politics"."""


async def start(update: Update, context: Callback) -> None:
    """Say what the bot sends, when, and how to stop, with a button to subscribe."""
    settings = services(context).settings
    when = f"{settings.digest_time:%H:%M} ({settings.timezone})"
    text = (
        "<b>Daily war digest</b>\n"
        "Every morning a short, sourced summary of the war and the diplomacy around it: "
        f"{OFFERED}, with the day's key figures.\n"
        f"It arrives at {when}; /settings changes the hour and the sections.\n"
        "/latest shows the latest digest now, /help lists everything, /stop ends it."
    )
    button = InlineKeyboardButton("Subscribe", callback_data=SUBSCRIBE_DATA)
    await send(update, text, InlineKeyboardMarkup([[button]]))


async def _subscribe(update: Update, context: Callback) -> str:
    """Subscribe the chat (the caller has checked that the sender may) and say so."""
    chat = update.effective_chat
    assert chat is not None
    new = await in_session(
        context, lambda session: subscribers.subscribe(session, chat.id, chat.type, chat.title)
    )
    if new:
        return "Subscribed: the digest arrives every morning. /settings to choose, /stop to end."
    return "This chat is already subscribed. /settings to choose, /stop to end."


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
    if was:
        await send(update, "Unsubscribed: no more digests. /subscribe brings them back.")
    else:
        await send(update, "This chat is not subscribed. /subscribe to receive the digest.")


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
