"""The interface in Ukrainian, through the fake Bot API: replies, menus, /language, the push."""

from __future__ import annotations

import re
from pathlib import Path

from bot.telegram.app import ADMIN_COMMANDS, READER_COMMANDS
from storage.db import session_scope
from storage.models import FeedRow
from storage.subscribers import get_subscriber, subscribe
from tests.support.bot_harness import (
    ADMIN,
    DAY,
    READER,
    RunningBot,
    bot_settings,
    running_bot,
    sample_digest,
)
from tests.support.fake_telegram import Chat, FakeTelegram, User

UK_READER = User(id=2002, first_name="Оксана", username="oksana", language_code="uk")
UK_ADMIN = User(id=ADMIN.id, first_name="Admin", username="admin", language_code="uk-UA")
CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)

READER_ANSWERS = {
    "start": "Щоденний воєнний дайджест\nЩоранку — стислий підсумок війни",
    "subscribe": "Підписано: дайджест надходитиме щоранку.",
    "latest": "Воєнний дайджест · субота, 29 листопада 2025\nОпрацьовано 14 статей.",
    "strikes": "Воєнний дайджест · субота, 29 листопада 2025",
    "talks": "Воєнний дайджест",
    "politics": "Воєнний дайджест",
    "figures": "Воєнний дайджест",
    "digest": "Який день? Формат РРРР-ММ-ДД, напр. /digest ",
    "settings": "Налаштування цього чату\nТоркніться розділу",
    "watch": "Стежте за місцями й словами\n/watch Харків — рядки",
    "unwatch": "Стежте за місцями й словами",
    "language": "Виберіть мову, якою бот писатиме тут",
    "sources": "Джерела, статті за останні 7 днів:\n• Wire: 0 статей — ще не завантажено",
    "channel": "Дайджест у каналі\n1. Додайте мене до каналу адміністратором",
    "help": "Команди\n/start — Що надсилає бот і коли",
    "unsubscribe": "Підписку скасовано: дайджестів більше не буде.",
}
ADMIN_ANSWERS = {
    "build": ["Збираю дайджест дня (", "Нічого не зібрано: "],
    "push": ["Надсилаю дайджест підписникам…", f"{DAY}: 0 sent"],  # the summary: English
    "fetch": ["Опитую стрічки…", "no feeds file"],  # a configuration error: English
    "stats": ["Статистика\nПідписники: активних 0, відписалися 1, зникли 0"],
}
"""The administrators' answers: what the bot says is Ukrainian; the push and fetch summaries
(also the command line's) and configuration errors are in English, as the logs are."""


async def test_every_command_answers_a_ukrainian_user_in_ukrainian(
    telegram_bot: RunningBot,
) -> None:
    telegram_bot.store(sample_digest())
    with session_scope(telegram_bot.engine) as session:
        session.add(FeedRow(url="https://news.example/rss", name="Wire"))
    names = [command.name for command in READER_COMMANDS] + ["help"]
    assert sorted(READER_ANSWERS) == sorted(names)  # a new command needs its line here
    for name in READER_ANSWERS:  # /unsubscribe last
        reply = await telegram_bot.ask(name, user=UK_READER)
        assert reply.plain_text.startswith(READER_ANSWERS[name]), (name, reply.plain_text)
    assert sorted(ADMIN_ANSWERS) == sorted(command.name for command in ADMIN_COMMANDS)
    fake = telegram_bot.fake
    for name, answers in ADMIN_ANSWERS.items():
        refusal = await telegram_bot.ask(name, user=UK_READER)
        assert refusal.plain_text == "Вибачте, ця команда лише для адміністраторів бота."
        before = len(fake.sent(UK_ADMIN.id))
        fake.queue_command(name, user=UK_ADMIN)
        replies = (await fake.wait_for_async(before + len(answers), chat_id=UK_ADMIN.id))[before:]
        for reply, answer in zip(replies, answers, strict=True):
            assert reply.plain_text.startswith(answer), (name, reply.plain_text)
    again = await telegram_bot.ask("stop", user=UK_READER)
    assert again.plain_text == "Цей чат не підписаний. /subscribe — щоб отримувати дайджест."
    telegram_bot.fake.queue_message("що сталося?", user=UK_READER)
    [*_, pointer] = await telegram_bot.fake.wait_for_async(
        len(telegram_bot.fake.sent(UK_READER.id)) + 1, chat_id=UK_READER.id
    )
    assert pointer.plain_text.startswith("Я відповідаю лише на команди.")


async def test_a_ukrainian_digest_keeps_the_article_text(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    latest = await telegram_bot.ask("latest", user=UK_READER)
    assert "💥 Удари\n• Drones hit Kharkiv overnight. — Kyiv Independent (3 джерела)" in (
        latest.plain_text
    )
    assert "🤝 Переговори\n• Envoys met in Geneva. — Reuters" in latest.plain_text
    assert "📊 Ключові цифри\n• Випущено дронів: 120 — Ukrinform" in latest.plain_text
    labels = [button["text"] for row in latest.reply_markup["inline_keyboard"] for button in row]  # type: ignore[index]
    assert labels == ["💥 Удари", "🤝 Переговори", "🏛 Політика", "📊 Ключові цифри"]
    missing = await telegram_bot.ask("digest", "2025-11-28", user=UK_READER)
    assert missing.plain_text == (
        "Немає дайджесту за цей день (пʼятниця, 28 листопада 2025). /latest покаже найсвіжіший."
    )
    bad = await telegram_bot.ask("digest", "29.11.2025", user=UK_READER)
    assert bad.plain_text.startswith("«29.11.2025» — не дата. Формат РРРР-ММ-ДД")


async def test_the_menu_is_set_in_each_language(telegram_bot: RunningBot) -> None:
    fake = telegram_bot.fake
    english = {command["command"]: command["description"] for command in fake.commands}
    ukrainian = {c["command"]: c["description"] for c in fake.localized_commands["uk"]}
    assert english.keys() == ukrainian.keys()
    assert english["strikes"] == "Attacks and their toll"
    assert ukrainian["strikes"] == "Атаки та їхні наслідки"
    assert ukrainian["language"] == "Мова бота: English, Українська"
    assert all(CYRILLIC.search(text) for text in ukrainian.values())


async def test_language_switches_a_chat_both_ways(telegram_bot: RunningBot) -> None:
    fake = telegram_bot.fake
    refused = await telegram_bot.ask("language")
    assert refused.plain_text.startswith("This chat is not subscribed")
    await telegram_bot.ask("subscribe")
    panel = await telegram_bot.ask("language")
    assert panel.button_data() == ["lang:en", "lang:uk"]
    assert panel.reply_markup["inline_keyboard"][0][0]["text"] == "✅ English"  # type: ignore[index]
    fake.queue_callback(panel, "lang:uk")
    [done] = await fake.wait_for_async(1, method="editMessageText")
    assert done.plain_text == "Готово: тепер бот пише в цьому чаті українською."
    assert fake.callback_answers[-1]["text"] == "Збережено"
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None and row.language == "uk"
    assert (await telegram_bot.ask("help")).plain_text.startswith("Команди")
    fake.queue_callback(fake.message(READER.id, panel.message_id), "lang:en")
    [_, back] = await fake.wait_for_async(2, method="editMessageText")
    assert back.plain_text == "Done: the bot now writes in this chat in English."
    assert (await telegram_bot.ask("help")).plain_text.startswith("Commands")
    fake.queue_callback(fake.message(READER.id, panel.message_id), "lang:xx")
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 3)
    assert fake.callback_answers[-1]["text"].startswith("That button is out of date")
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None and row.language == "en"


async def test_only_group_admins_choose_its_language(telegram_bot: RunningBot) -> None:
    fake, group = telegram_bot.fake, Chat.group()
    refused = await telegram_bot.ask("language", user=UK_READER, chat=group, mention=True)
    assert refused.plain_text.startswith("Змінювати підписку й налаштування цього чату")
    fake.set_chat_admins(group.id, UK_READER.id)
    await telegram_bot.ask("subscribe", user=UK_READER, chat=group)
    panel = await telegram_bot.ask("language", user=UK_READER, chat=group)
    fake.queue_callback(panel, "lang:en", user=User(id=55, username=None))
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["show_alert"] in (True, "true")
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, group.id)
        assert row is not None and row.language == "uk"  # from the subscribing admin


async def test_subscribing_takes_the_telegram_language_the_bot_has(
    telegram_bot: RunningBot,
) -> None:
    speakers = {
        3001: "uk",
        3002: "uk-UA",
        3003: "de",
        3004: "en-GB",
    }
    for user_id, code in speakers.items():
        await telegram_bot.ask("subscribe", user=User(id=user_id, language_code=code))
    with session_scope(telegram_bot.engine) as session:
        stored = {chat: get_subscriber(session, chat).language for chat in speakers}  # type: ignore[union-attr]
        row = get_subscriber(session, 3001)
        assert row is not None
        row.language = "en"  # chosen with /language: a new subscription keeps it
        session.add(row)
    assert stored == {3001: "uk", 3002: "uk", 3003: None, 3004: "en"}
    await telegram_bot.ask("stop", user=User(id=3001, language_code="uk"))
    again = await telegram_bot.ask("subscribe", user=User(id=3001, language_code="uk"))
    assert again.plain_text.startswith("Subscribed")
    german = await telegram_bot.ask("help", user=User(id=3003, language_code="de"))
    assert german.plain_text.startswith("Commands")


async def test_a_ukrainian_chat_receives_the_push_in_ukrainian(telegram_bot: RunningBot) -> None:
    english, ukrainian = Chat.group(-1001), Chat.group(-1002)
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, english.id, english.type, english.title)
        subscribe(session, ukrainian.id, ukrainian.type, ukrainian.title, "uk")
    digest = sample_digest()
    digest.articles = 21
    telegram_bot.store(digest)
    fake = telegram_bot.fake
    fake.queue_command("push", str(DAY), user=ADMIN)
    await fake.wait_for_async(2, chat_id=ADMIN.id)
    [pushed] = fake.sent(ukrainian.id)
    assert pushed.plain_text.startswith(
        "Воєнний дайджест · субота, 29 листопада 2025\nОпрацьовано 21 статтю.\n\n💥 Удари\n"
        "• Drones hit Kharkiv overnight. — Kyiv Independent (3 джерела)"
    )
    assert "🏛 Політика\n• A minister resigned. — BBC" in pushed.plain_text
    [other] = fake.sent(english.id)
    assert other.plain_text.startswith("War digest · Saturday 29 November 2025\nFrom 21 articles.")


async def test_the_default_language_can_be_ukrainian(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, interface_language="uk")
    async with running_bot(fake_telegram, settings) as bot:
        assert (await bot.ask("help")).plain_text.startswith("Команди")
        english = await bot.ask("help", user=User(id=4001, language_code="en"))
        assert english.plain_text.startswith("Commands")
        assert fake_telegram.commands[0]["description"] == "Що надсилає бот і коли"
        assert fake_telegram.localized_commands["en"][0]["description"] == (
            "What this bot sends, and when"
        )
