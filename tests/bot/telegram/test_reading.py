"""Readers' commands against the fake Bot API: what they type, what the bot sends back."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from bot.telegram.handlers.common import ADMINS_ONLY
from digest.models import DigestItem
from storage import deliveries
from storage.db import session_scope
from storage.digests import digest_ref
from storage.models import DeliveryRow, FeedRow, utcnow
from storage.subscribers import get_subscriber, sections_of, subscribe
from tests.support.bot_harness import DAY, READER, RunningBot, sample_digest
from tests.support.fake_telegram import MAX_MESSAGE_LENGTH, Chat, User, utf16_length


async def test_menu_matches_the_commands(telegram_bot: RunningBot) -> None:
    names = [command["command"] for command in telegram_bot.fake.commands]
    assert names[:3] == ["start", "subscribe", "unsubscribe"]
    assert {"latest", "talks", "digest", "settings", "sources", "help"} <= set(names)
    assert "push" not in names


async def test_start_subscribe_and_stop(telegram_bot: RunningBot) -> None:
    welcome = await telegram_bot.ask("start")
    assert "every morning" in welcome.plain_text.lower()
    assert "/stop" in welcome.plain_text
    assert welcome.button_data() == ["subscribe"]
    telegram_bot.fake.queue_callback(welcome, "subscribe")
    [_, confirmed] = await telegram_bot.fake.wait_for_async(2, chat_id=READER.id)
    assert confirmed.plain_text.startswith("Subscribed")
    again = await telegram_bot.ask("subscribe")
    assert again.plain_text.startswith("This chat is already subscribed")
    assert (await telegram_bot.ask("stop")).plain_text.startswith("Unsubscribed")
    assert (await telegram_bot.ask("unsubscribe")).plain_text.startswith("This chat is not")
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None and not row.active


async def test_latest_without_and_with_a_digest(telegram_bot: RunningBot) -> None:
    assert (await telegram_bot.ask("latest")).plain_text.startswith("No digest yet")
    telegram_bot.store(sample_digest())
    telegram_bot.store(sample_digest(DAY - timedelta(days=1)))
    latest = await telegram_bot.ask("latest")
    assert latest.plain_text.startswith("War digest · Saturday 29 November 2025")
    assert "Drones hit Kharkiv overnight. — Kyiv Independent (3 sources)" in latest.plain_text
    assert '<a href="https://k.example/1">Drones hit Kharkiv overnight.</a>' in latest.text
    assert latest.button_data() == [
        f"show:{DAY}:strikes",
        f"show:{DAY}:talks",
        f"show:{DAY}:politics",
        f"show:{DAY}:figures",
    ]


async def test_section_command_and_button_edit_in_place(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    talks = await telegram_bot.ask("talks")
    assert "🤝 Talks\n• Envoys met in Geneva. — Reuters" in talks.plain_text
    assert "Strikes\n" not in talks.plain_text
    fake = telegram_bot.fake
    fake.queue_callback(talks, f"show:{DAY}:figures")
    [edit] = await fake.wait_for_async(1, method="editMessageText")
    assert edit.message_id == talks.message_id
    assert "📊 Key figures\n• Drones launched: 120 — Ukrinform" in edit.plain_text
    fake.queue_callback(fake.message(edit.chat_id, edit.message_id), f"show:{DAY}:figures")
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 2)
    await telegram_bot.ask("help")  # pressing the section already shown was not an error
    assert [m.plain_text[:4] for m in fake.sent(READER.id)] == ["War ", "Comm"]


async def test_digest_of_a_day(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    bad = await telegram_bot.ask("digest", "29/11/2025")
    assert bad.plain_text.startswith("“29/11/2025” is not a date. Use YYYY-MM-DD, e.g. /digest 20")
    hostile = await telegram_bot.ask("digest", "<b>&")
    assert hostile.plain_text.startswith("“<b>&” is not a date")
    missing = await telegram_bot.ask("digest", "2025-11-28")
    assert missing.plain_text == (
        "No digest for Friday 28 November 2025. /latest shows the most recent one."
    )
    assert "\n" not in missing.plain_text
    found = await telegram_bot.ask("digest", "2025-11-29")
    assert found.plain_text.startswith("War digest · Saturday 29 November 2025")
    assert (await telegram_bot.ask("digest")).plain_text.startswith("Which day?")


async def test_group_uses_command_with_bot_name(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    group = Chat.group()
    reply = await telegram_bot.ask("latest", chat=group, mention=True)
    assert reply.chat_id == group.id
    assert reply.plain_text.startswith("War digest")


async def test_only_group_admins_manage_the_group(telegram_bot: RunningBot) -> None:
    fake, group, member = telegram_bot.fake, Chat.group(), User(id=55, username=None)
    refused = await telegram_bot.ask("subscribe", user=member, chat=group, mention=True)
    assert refused.plain_text == ADMINS_ONLY
    fake.set_chat_admins(group.id, READER.id)
    subscribed = await telegram_bot.ask("subscribe", chat=group, mention=True)
    assert subscribed.plain_text.startswith("Subscribed")
    panel = await telegram_bot.ask("settings", chat=group)
    fake.queue_callback(panel, "set:hour:6", user=member)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["text"] == ADMINS_ONLY
    assert (await telegram_bot.ask("stop", user=member, chat=group)).plain_text == ADMINS_ONLY
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, group.id)
        assert row is not None
        assert (row.active, row.delivery_hour, row.title) == (True, None, "Newsroom")


async def test_long_hostile_digest_is_split_in_order(telegram_bot: RunningBot) -> None:
    digest = sample_digest()
    digest.sections["strikes"] = [
        DigestItem(f"Strike {n} <script>&amp; 😀 " + "שלום " * 80, "<Src & Co>", f"https://x/{n}")
        for n in range(40)
    ]
    telegram_bot.store(digest)
    fake = telegram_bot.fake
    fake.queue_command("strikes")
    fake.queue_command("help")  # updates are handled in order: its answer comes last
    await fake.wait_until_async(
        lambda: bool(fake.outbox) and fake.outbox[-1].plain_text.startswith("Commands")
    )
    messages = fake.sent(READER.id)[:-1]
    assert len(messages) >= 4
    assert all(utf16_length(m.plain_text) <= MAX_MESSAGE_LENGTH for m in messages)
    shown = "\n".join(m.plain_text for m in messages)
    positions = [shown.index(f"Strike {n} <script>&amp; 😀") for n in range(40)]
    assert positions == sorted(positions)
    assert messages[-1].button_data()[0] == f"show:{DAY}:strikes"
    assert not any(m.reply_markup for m in messages[:-1])


async def test_settings_toggle_and_hour_are_stored(telegram_bot: RunningBot) -> None:
    refused = await telegram_bot.ask("settings")
    assert refused.plain_text.startswith("This chat is not subscribed")
    await telegram_bot.ask("subscribe")
    panel = await telegram_bot.ask("settings")
    assert "set:section:talks" in panel.button_data()
    fake = telegram_bot.fake
    fake.queue_callback(panel, "set:section:talks")
    await fake.wait_for_async(1, method="editMessageText")
    fake.queue_callback(fake.message(READER.id, panel.message_id), "set:hour:18")
    [_, edited] = await fake.wait_for_async(2, method="editMessageText")
    assert "Delivery: 18:00, UTC time." in edited.plain_text
    labels = [button["text"] for row in edited.reply_markup["inline_keyboard"] for button in row]
    assert "▫️ 🤝 Talks" in labels and "✅18" in labels
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None
        assert (sections_of(row), row.delivery_hour) == (["strikes", "politics", "figures"], 18)
    telegram_bot.store(sample_digest())
    latest = await telegram_bot.ask("latest")
    assert "Talks" not in latest.plain_text.split("\n", 3)[-1]


async def test_sources_help_and_unknown_text(telegram_bot: RunningBot) -> None:
    assert (await telegram_bot.ask("sources")).plain_text.startswith("No sources yet")
    help_text = (await telegram_bot.ask("help")).plain_text
    assert "/digest — A past day" in help_text
    assert "administrators" not in help_text
    telegram_bot.fake.queue_message("what happened today?")
    [*_, pointer] = await telegram_bot.fake.wait_for_async(3, chat_id=READER.id)
    assert "/help" in pointer.plain_text
    group = Chat.group()
    telegram_bot.fake.queue_message("chatter in a group", chat=group)
    await telegram_bot.ask("help", chat=group)
    assert len(telegram_bot.fake.sent(group.id)) == 1


async def test_blocking_or_removing_the_bot_ends_the_subscription(
    telegram_bot: RunningBot,
) -> None:
    group = Chat.group()
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, READER.id, "private", None)
        subscribe(session, group.id, group.type, group.title)
    telegram_bot.fake.queue_bot_removed(Chat.private(READER))
    telegram_bot.fake.queue_bot_removed(group)
    await telegram_bot.ask("help")  # a user's updates are handled in order
    with session_scope(telegram_bot.engine) as session:
        states = [get_subscriber(session, chat_id) for chat_id in (READER.id, group.id)]
        assert [(row.active, row.inactive_reason) for row in states if row] == [
            (False, "blocked: the bot was blocked"),
            (False, "blocked: the bot was removed"),
        ]


async def test_one_malformed_url_never_breaks_the_day(telegram_bot: RunningBot) -> None:
    digest = sample_digest()
    digest.sections["strikes"].append(
        DigestItem("A bad link must not hide the day.", "Wire", "http://[oops/x", 9)
    )
    digest.figures[0].url = "https://[::1"
    telegram_bot.store(digest)
    for command in ("latest", "strikes", "figures"):
        reply = await telegram_bot.ask(command)
        assert "A bad link" in reply.plain_text or "Drones launched" in reply.plain_text
    day = await telegram_bot.ask("digest", str(DAY))
    assert "• A bad link must not hide the day. — Wire" in day.plain_text
    assert "http://[oops" not in day.text


async def test_edited_messages_never_run_commands(telegram_bot: RunningBot) -> None:
    await telegram_bot.ask("subscribe")
    telegram_bot.fake.queue_edited_message("/unsubscribe", user=READER)
    telegram_bot.fake.queue_edited_message("an edited remark", user=READER)
    answer = await telegram_bot.ask("help")  # updates are handled in order
    assert answer.plain_text.startswith("Commands")
    assert len(telegram_bot.fake.sent(READER.id)) == 2
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None and row.active


async def test_a_members_button_press_in_a_group_gets_only_an_alert(
    telegram_bot: RunningBot,
) -> None:
    fake, group, member = telegram_bot.fake, Chat.group(), User(id=55, username=None)
    welcome = await telegram_bot.ask("start", user=member, chat=group)
    fake.queue_callback(welcome, "subscribe", user=member)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 1)
    assert fake.callback_answers[0]["text"] == ADMINS_ONLY
    assert fake.callback_answers[0]["show_alert"] in (True, "true")
    await telegram_bot.ask("help", chat=group)
    assert [m.plain_text[:8] for m in fake.sent(group.id)] == ["Daily wa", "Commands"]
    with session_scope(telegram_bot.engine) as session:
        assert get_subscriber(session, group.id) is None


async def test_forged_settings_data_is_not_saved(telegram_bot: RunningBot) -> None:
    await telegram_bot.ask("subscribe")
    panel = await telegram_bot.ask("settings")
    fake = telegram_bot.fake
    for forged in ("set:hour:99", "set:section:weather", "set:nonsense"):
        fake.queue_callback(fake.message(READER.id, panel.message_id), forged)
    await fake.wait_until_async(lambda: len(fake.callback_answers) == 3)
    assert {answer.get("text") for answer in fake.callback_answers} == {
        "That button is out of date; here are the current settings."
    }
    with session_scope(telegram_bot.engine) as session:
        row = get_subscriber(session, READER.id)
        assert row is not None and row.delivery_hour is None
        assert sections_of(row) == ["strikes", "talks", "politics", "figures"]


async def test_only_plain_iso_days_are_accepted(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    for written in ("20251129", "2025-W48-6", "2025-11-29T00:00", "+2025-11-29"):
        answer = await telegram_bot.ask("digest", written)
        assert answer.plain_text.startswith(f"“{written}” is not a date. Use YYYY-MM-DD")


async def test_sources_show_each_feeds_site_only(telegram_bot: RunningBot) -> None:
    with session_scope(telegram_bot.engine) as session:
        error = "HTTP 500 at https://news.example/rss?apikey=K3Y"
        session.add(FeedRow(url="https://bob:pw@news.example/rss?apikey=K3Y", name="Wire",
                            last_error=error))  # fmt: skip
    reply = await telegram_bot.ask("sources")
    assert "• Wire: 0 articles — failing: HTTP 500 at https://news.example/rss?…" in (
        reply.plain_text
    )
    assert '<a href="https://news.example">Wire</a>' in reply.text
    assert "K3Y" not in reply.text and "pw@" not in reply.text


async def test_a_digest_dated_after_today_is_never_the_latest(telegram_bot: RunningBot) -> None:
    telegram_bot.store(sample_digest())
    future = sample_digest(date(2099, 1, 1))
    future.sections["strikes"] = [DigestItem("Misdated story.", "Wire", None)]
    telegram_bot.store(future)
    latest = await telegram_bot.ask("latest")
    assert latest.plain_text.startswith("War digest · Saturday 29 November 2025")
    strikes = await telegram_bot.ask("strikes")
    assert "Misdated story." not in strikes.plain_text
    assert "Drones hit Kharkiv overnight." in strikes.plain_text


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription_and_deliveries(
    telegram_bot: RunningBot,
) -> None:
    group, supergroup = Chat(id=-5001, type="group", title="Newsroom"), -1005001
    telegram_bot.store(sample_digest())
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, group.id, group.type, group.title)
        digest_id = digest_ref(session, DAY, today=DAY)[1]  # type: ignore[index]
        deliveries.enqueue(session, digest_id, lambda _hour: utcnow() + timedelta(hours=5))
    telegram_bot.fake.queue_chat_migrated(group, supergroup)
    await telegram_bot.ask("help")  # one user's updates are handled in order
    with session_scope(telegram_bot.engine) as session:
        assert get_subscriber(session, group.id) is None
        moved = get_subscriber(session, supergroup)
        assert moved is not None and (moved.active, moved.chat_type) == (True, "supergroup")
        [pending] = session.exec(select(DeliveryRow)).all()
    assert (pending.chat_id, pending.status) == (supergroup, "pending")
