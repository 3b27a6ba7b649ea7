"""Admin commands, failing handlers, the webhook secret, `digestbot run` without a token."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bot.i18n import LANGUAGES
from bot.telegram.handlers.errors import APOLOGY
from storage.db import session_scope
from storage.models import FeedRow
from storage.subscribers import subscribe
from tests.support.bot_harness import (
    ADMIN,
    READER,
    RunningBot,
    bot_settings,
    running_bot,
    sample_digest,
)
from tests.support.cli import run_cli
from tests.support.fake_telegram import Chat, FakeTelegram, Fault


async def test_non_admin_push_is_refused_and_nothing_is_sent(
    telegram_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    group = Chat.group()
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, group.id, group.type, group.title)
    telegram_bot.store(sample_digest())
    with caplog.at_level(logging.INFO, logger="bot.telegram.handlers.admin"):
        for command in ("push", "build", "fetch", "stats"):
            refusal = await telegram_bot.ask(command)
            assert refusal.plain_text == "Sorry, this command is for the bot's administrators."
    assert telegram_bot.fake.sent(group.id) == []
    assert f"refused '/push' to user {READER.id}" in caplog.text
    help_text = (await telegram_bot.ask("help", user=ADMIN)).plain_text
    assert "For administrators\n/build" in help_text


async def test_admin_stats_and_bad_dates(
    telegram_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, 11, "private", None)
        subscribe(session, 12, "private", None)
        session.add(FeedRow(url="https://x.example/rss", name="X & Y", consecutive_failures=3,
                            last_error="no answer <timeout>"))  # fmt: skip
    await telegram_bot.ask("stop", user=READER)  # never subscribed: nothing changes
    telegram_bot.store(sample_digest())
    with caplog.at_level(logging.INFO, logger="bot.telegram.handlers.admin"):
        stats = (await telegram_bot.ask("stats", user=ADMIN)).plain_text
    assert "Subscribers: 2 active, 0 unsubscribed, 0 gone" in stats
    assert "Last digest: Saturday 29 November 2025, built " in stats
    assert "Its deliveries: none yet." in stats
    assert "Feed X & Y failing: 3 in a row (last: no answer <timeout>)." in stats
    assert f"admin {ADMIN.id} (@admin) runs '/stats'" in caplog.text
    for command in ("build", "push"):
        answer = await telegram_bot.ask(command, "yesterday", user=ADMIN)
        assert answer.plain_text.startswith("“yesterday” is not a date")


async def test_a_failing_handler_apologises_and_the_bot_goes_on(
    telegram_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    with telegram_bot.engine.begin() as connection:
        connection.execute(text("DROP TABLE subscriber"))
    with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers.errors"):
        assert (await telegram_bot.ask("subscribe")).plain_text == APOLOGY
    assert "no such table: subscriber" in caplog.text
    assert telegram_bot.fake.token not in caplog.text
    assert (await telegram_bot.ask("help")).plain_text.startswith("Commands")


async def test_a_failure_is_reported_to_the_admins_once_an_hour(telegram_bot: RunningBot) -> None:
    with telegram_bot.engine.begin() as connection:
        connection.execute(text("DROP TABLE subscriber"))
    for _ in range(3):
        assert (await telegram_bot.ask("subscribe")).plain_text == APOLOGY
    [report] = telegram_bot.fake.sent(ADMIN.id)
    assert report.plain_text.startswith("⚠️ Error while handling update ")
    assert "OperationalError: (sqlite3.OperationalError) no such table: subscriber" in (
        report.plain_text
    )


def test_run_without_token_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_cli("run", database=tmp_path / "x.db", env={"DIGESTBOT_TELEGRAM_TOKEN": ""})
    assert result.returncode == 2
    assert result.stderr == (
        "digestbot: DIGESTBOT_TELEGRAM_TOKEN is not set; put the token from @BotFather there\n"
    )
    assert not (tmp_path / "x.db").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_checks_telegrams_secret(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    port = _free_port()
    settings = bot_settings(fake_telegram, tmp_path, webhook_port=port)
    url = f"http://127.0.0.1:{port}/telegram/hook"
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": READER.id, "type": "private"},
            "from": READER.to_api(),
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    async with running_bot(fake_telegram, settings, webhook_url=url):
        assert fake_telegram.webhook["url"] == url
        secret = fake_telegram.webhook["secret_token"]
        assert len(secret) >= 32
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            assert forged.status_code == 403
            real = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
            )
            assert real.status_code == 200
        [answer] = await fake_telegram.wait_for_async(1)
        assert answer.plain_text.startswith("Commands")


async def test_admin_commands_are_in_the_admins_menu_only(telegram_bot: RunningBot) -> None:
    fake = telegram_bot.fake
    assert ("chat", ADMIN.id, "") not in fake.scoped_commands  # not known to Telegram at start
    await telegram_bot.ask("help", user=ADMIN)  # the first contact sets it, in each language
    menus = {("chat", ADMIN.id, "" if code == "en" else code) for code in LANGUAGES}
    await fake.wait_until_async(lambda: menus <= fake.scoped_commands.keys())
    admin_menu = [c["command"] for c in fake.scoped_commands[("chat", ADMIN.id, "")]]
    everyone = [c["command"] for c in fake.scoped_commands[("default", None, "")]]
    assert {"push", "build", "fetch", "stats"} <= set(admin_menu)
    assert set(everyone) < set(admin_menu) and "push" not in everyone
    calls = fake.calls["setMyCommands"]
    await telegram_bot.ask("help", user=ADMIN)
    assert fake.calls["setMyCommands"] == calls  # once per process


async def test_stats_show_the_delivery_rate_and_the_last_push(telegram_bot: RunningBot) -> None:
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, 11, "private", None)
        subscribe(session, 12, "private", None)
    telegram_bot.fake.fail_next(Fault.blocked(), chat_id=12)
    telegram_bot.store(sample_digest())
    await telegram_bot.ask("push", user=ADMIN)
    [_, report] = await telegram_bot.fake.wait_for_async(2, chat_id=ADMIN.id)
    assert report.plain_text.startswith("2025-11-29: 1 sent, 1 failed")
    stats = (await telegram_bot.ask("stats", user=ADMIN)).plain_text
    assert "Its deliveries: 50.0% delivered; 1 sent, 1 failed." in stats
    assert (
        "Last push: Saturday 29 November 2025: 1 sent, 1 failed, 0 skipped, 1 chats gone, in "
    ) in stats
    assert "Last 7 days: 1 push, 50.0% delivered (1 sent, 1 failed)." in stats
