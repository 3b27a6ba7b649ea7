"""Channels: /channel add|remove from a private chat, and the bot losing a channel.

In a channel only its administrators can post, so a command posted there (a `channel_post`)
is already an administrator's, and the other handlers answer it in the channel. From a
private chat, /channel checks with getChatMember both that the caller administers the
channel and that the bot may post there, before the channel is subscribed.
"""

from __future__ import annotations

import html
import logging

from telegram import Chat, ChatMember, ChatMemberAdministrator, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.i18n import N_, Translator, supported
from bot.telegram.handlers.common import (
    MANAGERS,
    Callback,
    chat_translator,
    in_session,
    send,
    services,
)
from bot.telegram.notices import admins_translator, notify_admins
from storage import subscribers

log = logging.getLogger(__name__)
USAGE = N_(
    "<b>Digests in a channel</b>\n"
    "1. Add me to the channel as an administrator allowed to post messages.\n"
    "2. Here, send /channel add @yourchannel (or its -100… id), "
    "or post /subscribe in the channel.\n"
    "The digest is then posted there every morning. Post /settings, /watch or /language in the "
    "channel to choose its sections, hour, watched places and language.\n"
    "/channel remove @yourchannel stops it."
)


def may_post(member: ChatMember) -> bool:
    """Whether the bot, as this member of a channel, may post messages there."""
    return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)


async def _channel(context: Callback, reference: str, tr: Translator) -> Chat | str:
    """The channel `reference` names (@username or -100… id), or why it cannot be used."""
    target: str | int = reference
    if reference.lstrip("-").isdigit():
        target = int(reference)
    elif not reference.startswith("@"):
        target = f"@{reference}"
    try:
        chat = await context.bot.get_chat(target)
    except (BadRequest, Forbidden):
        text = tr.gettext(
            "I cannot see {channel}: add me to the channel as an administrator first, "
            "then try again."
        )
        return text.format(channel=html.escape(reference[:64]))
    if chat.type != ChatType.CHANNEL:
        return tr.gettext("That is not a channel. In a group, add me and post /subscribe there.")
    return chat


async def _manages(context: Callback, channel: Chat, user_id: int) -> bool:
    member = await context.bot.get_chat_member(channel.id, user_id)
    return member.status in MANAGERS


async def _may_post_in(context: Callback, channel: Chat) -> bool:
    return may_post(await context.bot.get_chat_member(channel.id, context.bot.id))


NOT_A_MANAGER = N_("Only the channel's administrators can subscribe it or stop its digest.")
NO_RIGHTS = N_(
    "I may not post in that channel: make me an administrator allowed to post messages, "
    "then try again."
)


async def channel(update: Update, context: Callback) -> None:
    """/channel add|remove @name: subscribe a channel this user administers, or stop it."""
    user, chat = update.effective_user, update.effective_chat
    tr = await chat_translator(update, context)
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        await send(update, tr.gettext("Send /channel to me in a private chat."))
        return
    args = context.args or []
    if len(args) != 2 or args[0] not in ("add", "remove"):
        await send(update, tr.gettext(USAGE))
        return
    action, reference = args
    found = await _channel(context, reference, tr)
    if isinstance(found, str):
        await send(update, found)
        return
    if not await _manages(context, found, user.id):
        log.warning("refused /channel %s %s to user %s", action, found.id, user.id)
        await send(update, tr.gettext(NOT_A_MANAGER))
        return
    log.info("user %s runs /channel %s %s", user.id, action, found.id)
    name = html.escape(found.title or reference)
    if action == "remove":
        was = await in_session(context, lambda session: subscribers.unsubscribe(session, found.id))
        if was:
            text = tr.gettext("Stopped: no more digests in {channel}.")
        else:
            text = tr.gettext("{channel} is not subscribed.")
        await send(update, text.format(channel=name))
        return
    if not await _may_post_in(context, found):
        await send(update, tr.gettext(NO_RIGHTS))
        return
    language = supported(user.language_code)  # the channel reads as its subscriber does
    new = await in_session(
        context,
        lambda session: subscribers.subscribe(
            session, found.id, ChatType.CHANNEL, found.title, language
        ),
    )
    settings = services(context).settings
    if new:
        text = tr.gettext(
            "Subscribed: {channel} receives the digest every morning at {time} ({timezone}). "
            "Post /settings, /watch or /language in the channel to tune it."
        )
    else:
        text = tr.gettext(
            "Already subscribed: {channel} receives the digest every morning at {time} "
            "({timezone}). Post /settings, /watch or /language in the channel to tune it."
        )
    when = f"{settings.digest_time:%H:%M}"
    await send(update, text.format(channel=name, time=when, timezone=settings.timezone))


async def channel_rights_changed(update: Update, context: Callback) -> None:
    """The bot may no longer post in a channel (removed, or its right to post taken away):
    deactivate the channel and tell the administrator who did it and the bot's admins.
    Made an administrator who may post: tell the one who did it how to subscribe it."""
    change = update.my_chat_member
    assert change is not None and change.chat.type == ChatType.CHANNEL
    chat = change.chat
    tr = await chat_translator(update, context)
    if may_post(change.new_chat_member):
        if not may_post(change.old_chat_member):
            await _tell(context, change.from_user.id, chat.id, _how_to_subscribe(chat, tr))
        return
    reason = "blocked: the bot may no longer post in the channel"
    was = await in_session(
        context, lambda session: subscribers.unsubscribe(session, chat.id, reason)
    )
    if not was:
        return
    await _tell(context, change.from_user.id, chat.id, _stopped(chat, tr))
    stopped = _stopped(chat, admins_translator(context))
    await notify_admins(context, f"channel:{chat.id}", f"📴 {stopped}")


def _how_to_subscribe(chat: Chat, tr: Translator) -> str:
    text = tr.gettext(
        "I may now post in the channel {channel}. To receive the daily digest there, send "
        "/channel add {id} here, or post /subscribe in the channel."
    )
    return text.format(channel=html.escape(chat.title or str(chat.id)), id=chat.id)


def _stopped(chat: Chat, tr: Translator) -> str:
    text = tr.gettext(
        "The digest in the channel {channel} is stopped: I may no longer post there. "
        "Make me an administrator allowed to post again, then /channel add {id}."
    )
    return text.format(channel=html.escape(chat.title or str(chat.id)), id=chat.id)


async def _tell(context: Callback, user_id: int, chat_id: int, text: str) -> None:
    """Tell the administrator who changed the bot's rights, in their private chat."""
    try:
        await context.bot.send_message(user_id, text)
    except TelegramError as failure:  # they may never have started a chat with the bot
        log.info("could not tell user %s about channel %s: %s", user_id, chat_id, failure)
