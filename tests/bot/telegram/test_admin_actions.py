"""/build, /push and /fetch by an administrator, end to end through the real modules."""

from __future__ import annotations

from pathlib import Path

from digest.models import Article
from storage.articles import save_article
from storage.db import session_scope
from storage.subscribers import subscribe
from tests.support.bot_harness import (
    ADMIN,
    DAY,
    RunningBot,
    bot_settings,
    running_bot,
    sample_digest,
)
from tests.support.fake_telegram import Chat, FakeTelegram


async def test_admin_push_sends_the_digest_to_subscribers(telegram_bot: RunningBot) -> None:
    group = Chat.group()
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, group.id, group.type, group.title)
    telegram_bot.store(sample_digest())
    fake = telegram_bot.fake
    fake.queue_command("push", str(DAY), user=ADMIN)
    [started, summary] = await fake.wait_for_async(2, chat_id=ADMIN.id)
    assert started.plain_text.startswith("Pushing")
    assert summary.plain_text.startswith(f"{DAY}: 1 sent, 0 failed")
    [digest] = fake.sent(group.id)
    assert digest.plain_text.startswith("War digest · Saturday 29 November 2025")


async def test_admin_push_without_a_digest_says_so(telegram_bot: RunningBot) -> None:
    telegram_bot.fake.queue_command("push", user=ADMIN)
    [_started, answer] = await telegram_bot.fake.wait_for_async(2, chat_id=ADMIN.id)
    assert answer.plain_text == "Nothing pushed: no digest built yet."


async def test_admin_build_stores_the_day(telegram_bot: RunningBot) -> None:
    text = (
        "Russian drones struck an energy facility in Kharkiv overnight, killing two people, "
        "the regional governor said. Envoys met in Geneva to discuss the peace plan."
    )
    with session_scope(telegram_bot.engine) as session:
        save_article(session, Article("Strike on Kharkiv", text, "Ukrinform", DAY, "test"))
    fake = telegram_bot.fake
    fake.queue_command("build", str(DAY), user=ADMIN)
    [started, built] = await fake.wait_for_async(2, chat_id=ADMIN.id)
    assert started.plain_text == "Building the digest of Saturday 29 November 2025…"
    assert built.plain_text.startswith("Built the digest of Saturday 29 November 2025 from 1")
    answer = await telegram_bot.ask("digest", str(DAY))
    assert answer.plain_text.startswith("War digest · Saturday 29 November 2025")


async def test_admin_fetch_without_feeds_file_says_why(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, feeds=tmp_path / "missing.toml")
    async with running_bot(fake_telegram, settings) as bot:
        bot.fake.queue_command("fetch", user=ADMIN)
        [started, answer] = await bot.fake.wait_for_async(2, chat_id=ADMIN.id)
    assert started.plain_text == "Polling the feeds…"
    assert "missing.toml" in answer.plain_text


async def test_admin_build_of_a_day_without_articles_says_so(telegram_bot: RunningBot) -> None:
    telegram_bot.fake.queue_command("build", str(DAY), user=ADMIN)
    [_started, answer] = await telegram_bot.fake.wait_for_async(2, chat_id=ADMIN.id)
    assert answer.plain_text == (
        "Nothing built: no articles for 2025-11-29; ingest or fetch some first."
    )
