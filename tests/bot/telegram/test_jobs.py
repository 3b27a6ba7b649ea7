"""The schedule: the daily run builds and queues once per day, however many instances run
and however often they restart; each chat gets the digest at its chosen hour."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.delivery.daily import daily_digest, due_at, missed, next_daily_run
from bot.i18n import ENGLISH
from bot.services import Context
from bot.telegram.app import build_application
from bot.telegram.client import sending_bot
from bot.telegram.handlers.admin import stats_text
from bot.telegram.jobs import install_jobs
from digest.models import Article
from storage.articles import save_article
from storage.db import open_database, session_scope
from storage.jobs import RETRY_AFTER
from storage.models import DeliveryRow, JobRunRow
from storage.stats import bot_stats
from storage.subscribers import get_subscriber, set_delivery_hour, subscribe
from tests.support.bot_harness import ADMIN, bot_settings, running_bot, settings_for
from tests.support.fake_telegram import Chat, FakeTelegram

NOW = datetime(2025, 11, 30, 8, 0, tzinfo=UTC)
YESTERDAY = NOW.date() - timedelta(days=1)
TEXT = (
    "Russian drones struck an energy facility in Kharkiv overnight, killing two people, "
    "the regional governor said. Envoys met in Geneva to discuss the peace plan."
)


def add_news(engine: Engine, day: date, *chats: int) -> None:
    with session_scope(engine) as session:
        article = Article("Strike on Kharkiv", TEXT, "Ukrinform", day, "test")
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
    assert (run.name, run.day, run.status, run.error) == ("daily", YESTERDAY, "done", None)


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
            await asyncio.sleep(2)  # the minute tick first runs one second after start
    assert len(fake_telegram.sent(31)) == 1


KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(*fields: int) -> datetime:
    """A Kyiv wall time; in the autumn's repeated hour, its first occurrence (fold 0)."""
    return datetime(*fields, tzinfo=KYIV)  # type: ignore[misc]


def summer(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=timezone(timedelta(hours=3)))  # type: ignore[misc]


def winter(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=timezone(timedelta(hours=2)))  # type: ignore[misc]


@pytest.mark.parametrize(
    ("after", "at", "expected"),
    [
        # spring 2026 (29 March, 03:00 -> 04:00): no day skipped after midnight ...
        (winter(2026, 3, 29, 0, 30), time(0, 30), summer(2026, 3, 30, 0, 30)),
        (winter(2026, 3, 28, 0, 0), time(0, 0), winter(2026, 3, 29, 0, 0)),
        (winter(2026, 3, 29, 0, 0), time(0, 0), summer(2026, 3, 30, 0, 0)),
        # ... and a time inside the gap fires when the gap ends, not an hour late
        (winter(2026, 3, 28, 3, 30), time(3, 30), summer(2026, 3, 29, 4, 0)),
        (summer(2026, 3, 29, 4, 0), time(3, 30), summer(2026, 3, 30, 3, 30)),
        # autumn 2026 (25 October, 04:00 -> 03:00): the repeated hour fires once
        (summer(2026, 10, 24, 3, 30), time(3, 30), summer(2026, 10, 25, 3, 30)),
        (summer(2026, 10, 25, 3, 30), time(3, 30), winter(2026, 10, 26, 3, 30)),
        (winter(2026, 10, 25, 3, 30), time(3, 30), winter(2026, 10, 26, 3, 30)),
        (summer(2026, 10, 25, 0, 30), time(0, 30), winter(2026, 10, 26, 0, 30)),
        # 2027: 28 March and 31 October
        (winter(2027, 3, 28, 0, 30), time(0, 30), summer(2027, 3, 29, 0, 30)),
        (winter(2027, 3, 27, 3, 0), time(3, 0), summer(2027, 3, 28, 4, 0)),
        (summer(2027, 10, 30, 3, 59), time(3, 59), summer(2027, 10, 31, 3, 59)),
        (summer(2027, 10, 31, 3, 59), time(3, 59), winter(2027, 11, 1, 3, 59)),
    ],
)
def test_the_next_daily_run_keeps_the_wall_time_across_daylight_saving(
    after: datetime, at: time, expected: datetime
) -> None:
    found = next_daily_run(after, at, KYIV)
    assert found.astimezone(UTC) == expected.astimezone(UTC)  # never equal in a repeated hour
    assert found.astimezone(KYIV).utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("at", [time(0, 0), time(0, 59), time(3, 0), time(3, 30), time(8, 0)])
def test_two_years_of_daily_runs_fire_once_every_day(at: time) -> None:
    moment, fired = kyiv(2025, 12, 31, 23, 59, 59), []
    for _day in range(2 * 365):
        moment = next_daily_run(moment, at, KYIV)
        fired.append(moment.astimezone(KYIV))
    days = [local.date() for local in fired]
    assert days == [date(2026, 1, 1) + timedelta(days=n) for n in range(2 * 365)]
    odd = {local.date(): local.time() for local in fired if local.time() != at}
    gap_days = {date(2026, 3, 29), date(2027, 3, 28)}
    assert odd == (dict.fromkeys(gap_days, time(4, 0)) if time(3, 0) <= at < time(4, 0) else {})


def test_the_daily_job_is_armed_for_the_next_wall_time(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, timezone="Europe/Kyiv")
    context = Context.load(settings)
    application = build_application(context)
    install_jobs(application)
    context.engine.dispose()
    assert application.job_queue is not None
    [daily] = application.job_queue.get_jobs_by_name("daily")
    armed = daily.job.trigger.run_date
    assert armed == next_daily_run(datetime.now(UTC), settings.digest_time, KYIV)


DEAD = f"{socket.gethostname()}:{2**22 + 1}:dead00"  # above Linux's pid_max: never alive


def add_run(engine: Engine, owner: str, status: str, started: datetime, tries: int = 1) -> None:
    with session_scope(engine) as session:
        session.add(
            JobRunRow(
                name="daily", day=YESTERDAY, status=status, owner=owner, started_at=started,
                attempts=tries,
            )
        )  # fmt: skip


async def test_a_run_left_running_by_a_dead_process_is_taken_over_at_once(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 41)
    add_run(engine, DEAD, "running", NOW - timedelta(minutes=1))
    context = Context(settings_for(fake_telegram, database_url), engine)
    assert missed(context, NOW)
    async with sending_bot(context) as bot:
        result = await daily_digest(context, bot, NOW)
    assert result == f"daily run of {YESTERDAY}: 1 deliveries queued, 1 sent now"
    assert len(fake_telegram.sent(41)) == 1


async def test_another_hosts_run_is_taken_over_only_when_stale(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 42)
    add_run(engine, "elsewhere:123:abcdef", "running", NOW - timedelta(minutes=30))
    context = Context(settings_for(fake_telegram, database_url), engine)
    assert not missed(context, NOW)
    later = NOW + timedelta(hours=1)
    assert missed(context, later)
    async with sending_bot(context) as bot:
        assert "already done or running elsewhere" in await daily_digest(context, bot, NOW)
        assert "1 sent now" in await daily_digest(context, bot, later)


async def test_a_failing_day_is_retried_with_back_off_then_given_up_and_shown(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 43)
    good = Context(settings_for(fake_telegram, database_url), engine)
    broken = Context(good.settings.model_copy(update={"summarizer": "broken"}), engine)
    now, results = NOW, []
    async with sending_bot(good) as bot:
        while missed(broken, now):
            results.append(await daily_digest(broken, bot, now))
            assert not missed(broken, now + timedelta(minutes=1))  # backs off, not every minute
            now += timedelta(hours=2)
        assert not missed(good, now + timedelta(hours=3))  # given up, that day included
    assert len(results) == 3
    assert all(f"daily run of {YESTERDAY} failed" in result for result in results)
    assert fake_telegram.sent(43) == []
    with session_scope(engine) as session:
        text = stats_text(bot_stats(session, YESTERDAY), ENGLISH)
    assert "No digest for Saturday 29 November 2025: daily run failed (3 tries; last: " in text


async def test_a_failed_day_is_retried_and_delivered_after_the_back_off(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> None:
    add_news(engine, YESTERDAY, 44)
    good = Context(settings_for(fake_telegram, database_url), engine)
    broken = Context(good.settings.model_copy(update={"summarizer": "broken"}), engine)
    async with sending_bot(good) as bot:
        assert "failed" in await daily_digest(broken, bot, NOW)
        assert not missed(good, NOW + timedelta(minutes=5))
        later = NOW + RETRY_AFTER
        assert missed(good, later)
        assert "1 sent now" in await daily_digest(good, bot, later)
    assert len(fake_telegram.sent(44)) == 1
    assert not missed(good, NOW + timedelta(hours=5))


async def test_the_bot_takes_over_a_run_its_dead_predecessor_left_running(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, digest_time=time(0, 0))
    engine = open_database(settings.database_url)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    add_news(engine, yesterday, 45)
    with session_scope(engine) as session:
        started = datetime.now(UTC) - timedelta(minutes=2)
        session.add(JobRunRow(name="daily", day=yesterday, owner=DEAD, started_at=started))
    engine.dispose()
    async with running_bot(fake_telegram, settings, jobs=True):
        await fake_telegram.wait_for_async(1, chat_id=45, timeout=15)


async def test_the_admins_are_told_once_when_the_daily_run_fails(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, tmp_path, digest_time=time(0, 0))
    settings = settings.model_copy(update={"summarizer": "broken"})  # every build fails
    engine = open_database(settings.database_url)
    add_news(engine, datetime.now(UTC).date() - timedelta(days=1), 46)
    engine.dispose()
    fake_telegram.add_chat(Chat.private(ADMIN))
    async with running_bot(fake_telegram, settings, jobs=True):
        [notice] = await fake_telegram.wait_for_async(1, chat_id=ADMIN.id, timeout=15)
    assert notice.plain_text.startswith("❌ The daily run of ")
    assert "failed: " in notice.plain_text and notice.plain_text.endswith("/stats shows more.")
    assert fake_telegram.sent(46) == []
