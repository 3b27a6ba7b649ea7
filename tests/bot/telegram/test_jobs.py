"""The schedule: the daily run builds and queues once per day, however many instances run
and however often they restart; each chat gets the digest at its chosen hour."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.delivery.sender import sending_bot
from bot.services import Context
from bot.telegram.jobs import daily_digest, due_at, missed
from digest.intake.documents import ParsedArticle
from storage.articles import save_article
from storage.db import open_database, session_scope
from storage.models import DeliveryRow, JobRunRow
from storage.subscribers import get_subscriber, set_delivery_hour, subscribe
from tests.support.bot_harness import bot_settings, running_bot, settings_for
from tests.support.fake_telegram import FakeTelegram

NOW = datetime(2025, 11, 30, 8, 0, tzinfo=UTC)
YESTERDAY = NOW.date() - timedelta(days=1)
TEXT = (
    "Russian drones struck an energy facility in Kharkiv overnight, killing two people, "
    "the regional governor said. Envoys met in Geneva to discuss the peace plan."
)


def add_news(engine: Engine, day: date, *chats: int) -> None:
    with session_scope(engine) as session:
        article = ParsedArticle("Strike on Kharkiv", TEXT, "Ukrinform", day, "test")
        save_article(session, article)
        for chat in chats:
            subscribe(session, chat, "private", None)


def test_a_chat_gets_the_digest_at_its_hour_never_before_it_is_built() -> None:
    built = datetime(2025, 11, 30, 8, 0, tzinfo=UTC)
    assert due_at(None, built) == built
    assert due_at(19, built) == built.replace(hour=19)
    assert due_at(6, built) == built


def test_a_run_is_missed_only_after_its_time(fake_telegram: FakeTelegram, engine: Engine) -> None:
    settings = settings_for(fake_telegram, str(engine.url), digest_time=time(8, 0))
    context = Context(settings, engine)
    assert not missed(context, NOW - timedelta(minutes=1))
    assert missed(context, NOW)


async def test_two_instances_build_and_send_the_day_once(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 11, 12)
    contexts = [Context(settings_for(fake_telegram, database_url), engine) for _ in range(2)]
    async with sending_bot(contexts[0]) as bot:
        results = await asyncio.gather(*(daily_digest(c, bot, NOW) for c in contexts))
        again = await daily_digest(contexts[0], bot, NOW + timedelta(hours=2))
    skipped = f"daily run of {YESTERDAY} already done or running elsewhere"
    assert sorted(results) == [
        skipped,
        f"daily run of {YESTERDAY}: 2 deliveries queued, 2 sent now",
    ]
    assert again == skipped
    assert Counter(m.chat_id for m in fake_telegram.sent()) == {11: 1, 12: 1}
    with session_scope(engine) as session:
        [run] = session.exec(select(JobRunRow)).all()
    assert (run.name, run.day, run.status) == ("daily", YESTERDAY, "done")


async def test_a_later_hour_waits_in_the_ledger(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 21, 22)
    with session_scope(engine) as session:
        row = get_subscriber(session, 22)
        assert row is not None
        set_delivery_hour(session, row, 19)
    context = Context(settings_for(fake_telegram, database_url), engine)
    async with sending_bot(context) as bot:
        await daily_digest(context, bot, NOW)
    assert [m.chat_id for m in fake_telegram.sent()] == [21]
    with session_scope(engine) as session:
        waiting = session.exec(select(DeliveryRow).where(DeliveryRow.chat_id == 22)).one()
    assert waiting.status == "pending"
    assert waiting.due_at.replace(tzinfo=UTC) == NOW.replace(hour=19)


async def test_a_day_without_news_is_recorded_as_empty(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    context = Context(settings_for(fake_telegram, database_url), engine)
    async with sending_bot(context) as bot:
        result = await daily_digest(context, bot, NOW)
    assert result == (
        f"daily run of {YESTERDAY}: no articles for {YESTERDAY}; ingest or fetch some first"
    )
    with session_scope(engine) as session:
        assert session.exec(select(JobRunRow.status)).one() == "empty"


async def test_the_bot_catches_up_a_missed_run_once(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, digest_time=time(0, 0))
    engine = open_database(settings.database_url)
    add_news(engine, datetime.now(UTC).date() - timedelta(days=1), 31)
    engine.dispose()
    for _start in range(2):  # the second start finds the run done and sends nothing
        async with running_bot(fake_telegram, settings, jobs=True):
            await fake_telegram.wait_for_async(1, chat_id=31, timeout=15)
            await asyncio.sleep(2)  # the catch-up job runs one second after start
    assert len(fake_telegram.sent(31)) == 1
