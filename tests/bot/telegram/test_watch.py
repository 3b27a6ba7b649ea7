"""/watch and /unwatch against the fake Bot API: watched lines first, marked, in /latest and
in the pushed digest; the "Your watch" line; the limits and who may change them."""

from __future__ import annotations

from bot.telegram.handlers.common import ADMINS_ONLY
from digest.models import DigestItem
from storage.db import session_scope
from storage.subscribers import get_subscriber, subscribe, watch_of
from tests.support.bot_harness import ADMIN, READER, RunningBot, sample_digest
from tests.support.fake_telegram import Chat


def _digest_with_two_strikes() -> object:
    digest = sample_digest()
    digest.sections["strikes"] = [
        DigestItem("Drones hit Kharkiv overnight.", "Kyiv Independent", "https://k.example/1", 1),
        DigestItem("A missile struck the port of Odesa.", "Reuters", "https://r.example/9", 9),
    ]
    return digest


async def test_watched_lines_come_first_marked_in_latest_and_in_the_push(
    telegram_bot: RunningBot,
) -> None:
    assert (await telegram_bot.ask("watch", "Odesa")).plain_text.startswith("Subscribe first")
    await telegram_bot.ask("subscribe")
    added = await telegram_bot.ask("watch", "odesa, Zaporizhzhia NPP")
    assert added.plain_text == (
        "Now watching: odesa, Zaporizhzhia NPP. Watching (2/20): odesa, Zaporizhzhia NPP."
    )
    telegram_bot.store(_digest_with_two_strikes())
    latest = (await telegram_bot.ask("latest")).plain_text
    assert "Your watch: odesa 1, marked 🔎." in latest
    assert (
        "Strikes\n🔎 A missile struck the port of Odesa. — Reuters\n"
        "• Drones hit Kharkiv overnight. — Kyiv Independent"
    ) in latest
    strikes = (await telegram_bot.ask("strikes")).plain_text
    assert "\n🔎 A missile struck the port of Odesa." in strikes

    await telegram_bot.ask("unwatch", "ODESA")
    await telegram_bot.ask("watch", "Lviv")
    before = len(telegram_bot.fake.sent(READER.id))
    await telegram_bot.ask("push", user=ADMIN)
    received = await telegram_bot.fake.wait_for_async(before + 1, chat_id=READER.id)
    pushed_text = received[before].plain_text
    assert "Your watch: nothing today on Zaporizhzhia NPP, Lviv." in pushed_text
    assert "Strikes\n• Drones hit Kharkiv overnight." in pushed_text


async def test_watch_list_unwatch_all_and_bad_terms(telegram_bot: RunningBot) -> None:
    await telegram_bot.ask("subscribe")
    usage = (await telegram_bot.ask("watch")).plain_text
    assert usage.startswith("Watch places and words")
    assert usage.endswith("This chat watches nothing yet. /watch Kharkiv to start.")
    assert (await telegram_bot.ask("watch", "Kharkiv**")).plain_text.startswith("“Kharkiv**”")
    hostile = await telegram_bot.ask("watch", "<b>Kherson</b>")
    assert "&lt;b&gt;Kherson&lt;/b&gt;" in hostile.text  # shown as typed, never as markup
    again = await telegram_bot.ask("watch", "<B>KHERSON</B>")
    assert again.plain_text.startswith("Already watching that.")
    many = ", ".join(f"Town{n}" for n in range(20))
    assert (await telegram_bot.ask("watch", many)).plain_text.startswith("At most 20")
    assert (await telegram_bot.ask("watch", "list")).plain_text.startswith("Watching (1/20)")
    assert (await telegram_bot.ask("unwatch", "all")).plain_text == "Stopped watching everything."
    with session_scope(telegram_bot.engine) as session:
        assert watch_of(get_subscriber(session, READER.id)) == []


async def test_only_a_groups_administrators_change_its_watch(telegram_bot: RunningBot) -> None:
    group = Chat.group()
    with session_scope(telegram_bot.engine) as session:
        subscribe(session, group.id, group.type, group.title)
    refused = await telegram_bot.ask("watch", "Kharkiv", chat=group, mention=True)
    assert refused.plain_text == ADMINS_ONLY
    telegram_bot.fake.set_chat_admins(group.id, READER.id)
    await telegram_bot.ask("watch", "Kharkiv", chat=group, mention=True)
    with session_scope(telegram_bot.engine) as session:
        assert watch_of(get_subscriber(session, group.id)) == ["Kharkiv"]
