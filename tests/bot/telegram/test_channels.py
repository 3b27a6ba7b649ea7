"""Channels against the fake Bot API: subscribed from a private chat or by a post in the
channel, receiving the push, answering its posts, guarded buttons, and losing the bot."""

from __future__ import annotations

from bot.telegram.handlers.channels import NO_RIGHTS, NOT_A_MANAGER
from bot.telegram.handlers.common import ADMINS_ONLY
from storage.db import session_scope
from storage.subscribers import get_subscriber
from tests.support.bot_harness import ADMIN, READER, RunningBot, sample_digest
from tests.support.fake_telegram import Chat, User

CHANNEL = Chat.channel()
OWNER = User(id=2002, first_name="Taras", username="taras")


def _channel_with(telegram_bot: RunningBot, *, can_post: bool = True) -> None:
    fake = telegram_bot.fake
    fake.add_chat(CHANNEL)
    fake.set_chat_admins(CHANNEL.id, OWNER.id)
    fake.set_bot_rights(CHANNEL.id, can_post=can_post)


async def test_a_channel_added_from_a_private_chat_receives_the_push(
    telegram_bot: RunningBot,
) -> None:
    _channel_with(telegram_bot)
    added = await telegram_bot.ask("channel", "add", "@warwire", user=OWNER)
    assert added.plain_text.startswith("Subscribed: War Wire receives the digest every morning")
    again = await telegram_bot.ask("channel", "add", str(CHANNEL.id), user=OWNER)
    assert again.plain_text.startswith("Already subscribed: War Wire")
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, CHANNEL.id)
        assert row is not None and row.active and row.chat_type == "channel"
    telegram_bot.store(sample_digest())
    await telegram_bot.ask("push", user=ADMIN)
    [digest] = await telegram_bot.fake.wait_for_async(1, chat_id=CHANNEL.id)
    assert digest.plain_text.startswith("War digest · Saturday 29 November 2025")
    stopped = await telegram_bot.ask("channel", "remove", "warwire", user=OWNER)
    assert stopped.plain_text == "Stopped: no more digests in War Wire."


async def test_a_non_admin_or_a_bot_without_rights_cannot_subscribe_a_channel(
    telegram_bot: RunningBot,
) -> None:
    unknown = await telegram_bot.ask("channel", "add", "@nowhere", user=OWNER)
    assert unknown.plain_text.startswith("I cannot see @nowhere")
    _channel_with(telegram_bot, can_post=False)
    refused = await telegram_bot.ask("channel", "add", "@warwire", user=READER)
    assert refused.plain_text == NOT_A_MANAGER
    assert (await telegram_bot.ask("channel", "add", "@warwire", user=OWNER)).plain_text == (
        NO_RIGHTS
    )
    usage = await telegram_bot.ask("channel", user=OWNER)
    assert usage.plain_text.startswith("Digests in a channel")
    with session_scope(telegram_bot.engine) as session:
        assert get_subscriber(session, CHANNEL.id) is None


async def test_commands_posted_in_the_channel_are_answered_there(
    telegram_bot: RunningBot,
) -> None:
    _channel_with(telegram_bot)
    fake = telegram_bot.fake
    telegram_bot.store(sample_digest())
    for post in ("/subscribe", "/latest", "/push", "/settings"):
        fake.queue_channel_post(post, CHANNEL)
    subscribed, latest, settings = await fake.wait_for_async(3, chat_id=CHANNEL.id)
    assert subscribed.plain_text.startswith("Subscribed")
    assert latest.plain_text.startswith("War digest")
    assert settings.plain_text.startswith("Settings for this chat")
    # A reader of the channel pressing the settings buttons is refused, alone.
    fake.queue_callback(settings, "set:section:talks", user=READER)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["text"] == ADMINS_ONLY
    fake.queue_callback(settings, "set:section:talks", user=OWNER)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 2)
    assert fake.callback_answers[1]["text"] == "Saved"
    assert len(fake.sent(CHANNEL.id)) == 3  # /push, an admin command, is not answered there


async def test_a_channel_that_takes_the_right_to_post_is_stopped_and_its_admin_told(
    telegram_bot: RunningBot,
) -> None:
    _channel_with(telegram_bot)
    fake = telegram_bot.fake
    fake.add_chat(Chat.private(OWNER))
    await telegram_bot.ask("channel", "add", "@warwire", user=OWNER)
    fake.queue_bot_rights_changed(CHANNEL, can_post=False, user=OWNER)
    [_, told] = await fake.wait_for_async(2, chat_id=OWNER.id)
    assert told.plain_text.startswith("The digest in the channel War Wire is stopped")
    [notice] = await fake.wait_for_async(1, chat_id=ADMIN.id)
    assert notice.plain_text.startswith("📴 The digest in the channel War Wire is stopped")
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, CHANNEL.id)
        assert row is not None and not row.active
        assert row.inactive_reason == "blocked: the bot may no longer post in the channel"


async def test_the_admin_who_makes_the_bot_a_channel_admin_is_told_how_to_subscribe_it(
    telegram_bot: RunningBot,
) -> None:
    fake = telegram_bot.fake
    fake.add_chat(Chat.private(OWNER))
    fake.queue_bot_rights_changed(CHANNEL, can_post=True, user=OWNER, added=True)
    [told] = await fake.wait_for_async(1, chat_id=OWNER.id)
    assert told.plain_text == (
        "I may now post in the channel War Wire. To receive the daily digest there, send "
        f"/channel add {CHANNEL.id} here, or post /subscribe in the channel."
    )
    with session_scope(telegram_bot.engine) as session:
        assert get_subscriber(session, CHANNEL.id) is None  # told how, not subscribed unasked


async def test_a_reader_of_the_channel_cannot_subscribe_it_with_the_start_button(
    telegram_bot: RunningBot,
) -> None:
    _channel_with(telegram_bot)
    fake = telegram_bot.fake
    fake.queue_channel_post("/start", CHANNEL)
    [welcome] = await fake.wait_for_async(1, chat_id=CHANNEL.id)
    assert welcome.button_data() == ["subscribe"]
    fake.queue_callback(welcome, "subscribe", user=READER)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["text"] == ADMINS_ONLY
    with session_scope(telegram_bot.engine) as session:
        assert get_subscriber(session, CHANNEL.id) is None
    assert len(fake.sent(CHANNEL.id)) == 1  # the refusal was the reader's alone


async def test_channel_is_answered_in_a_private_chat_only(telegram_bot: RunningBot) -> None:
    group = Chat.group()
    pointer = await telegram_bot.ask("channel", "add", "@warwire", chat=group, mention=True)
    assert pointer.plain_text == "Send /channel to me in a private chat."
