"""Property test: batches of arbitrary Telegram updates (commands with hostile arguments,
edited messages, forged button data, group and private chats, admins and not) never make a
handler fail, and the bot answers the next command afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.telegram.app import ADMIN_COMMANDS, READER_COMMANDS
from bot.telegram.handlers.errors import APOLOGY
from tests.support.bot_harness import (
    ADMIN,
    READER,
    RunningBot,
    bot_settings,
    running_bot,
    sample_digest,
)
from tests.support.fake_telegram import Chat, FakeTelegram, User

Action = Callable[[RunningBot], None]
COMMANDS = [c.name for c in (*READER_COMMANDS, *ADMIN_COMMANDS)] + ["help", "stop", "nosuch"]
MEMBER = User(id=4242, first_name="<b>&amp;", username=None)
GROUP = Chat.group()
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
"""Anything a Telegram client can send: Telegram's JSON never carries lone surrogates."""
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(["2025-11-29", "2025-02-30", "9999-12-31", "0001-01-01", "<b>", "&", "\u202e"]),
    st.text("0123456789-W:T+", max_size=40),
)
WHO = st.sampled_from([(READER, None), (ADMIN, None), (MEMBER, GROUP), (ADMIN, GROUP)])
DATA = st.one_of(
    TEXT.map(lambda text: text[:60]),
    st.builds(
        "{}{}".format,
        st.sampled_from(["show:", "set:", "set:section:", "set:hour:", "subscribe", "show:2025-"]),
        st.text("0123456789-:abcdefghijklmnopqrstuvwxyz", max_size=40),
    ),
)


def _command(name: str, args: list[str], who: tuple[User, Chat | None], edited: bool) -> Action:
    user, chat = who
    text = " ".join([f"/{name}", *args])

    def act(bot: RunningBot) -> None:
        queue = bot.fake.queue_edited_message if edited else bot.fake.queue_message
        queue(text, user=user, chat=chat)

    return act


def _press(data: str, who: tuple[User, Chat | None]) -> Action:
    user, chat = who

    def act(bot: RunningBot) -> None:
        target = (chat or Chat.private(user)).id
        panels = bot.fake.sent(target)
        if panels:  # a button press needs a message of the bot's in that chat
            bot.fake.queue_callback(panels[-1], data, user=user)

    return act


ACTIONS = st.one_of(
    st.builds(_command, st.sampled_from(COMMANDS), st.lists(HOSTILE, max_size=3), WHO,
              st.booleans()),
    st.builds(_press, DATA, WHO),
    st.builds(lambda text, who: lambda bot: bot.fake.queue_message(text, user=who[0], chat=who[1]),
              TEXT.filter(lambda text: not text.startswith("/")), WHO),
)  # fmt: skip


async def _run(actions: list[Action], folder: Path) -> None:
    with FakeTelegram() as fake:
        settings = bot_settings(fake, folder)
        async with running_bot(fake, settings) as bot:
            bot.store(sample_digest())
            fake.set_chat_admins(GROUP.id, ADMIN.id)
            for user, chat in ((READER, None), (ADMIN, GROUP)):
                await bot.ask("settings", user=user, chat=chat)  # something to press
            for act in actions:
                act(bot)
                await asyncio.sleep(0)
            answer = await bot.ask("help", user=User(id=777))
            assert answer.plain_text.startswith("Commands")
            assert not [m for m in fake.sent(None, method=None) if m.plain_text == APOLOGY]


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a bot per try: shrinking takes minutes
)
@given(st.lists(ACTIONS, min_size=60, max_size=90))
def test_arbitrary_updates_never_break_a_handler(actions: list[Action]) -> None:
    with TemporaryDirectory() as folder:
        asyncio.run(_run(actions, Path(folder)))
