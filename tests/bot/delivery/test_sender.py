"""The sender and its ledger against the fake Bot API, on SQLite and PostgreSQL.

Every active subscriber gets exactly one digest, whatever Telegram answers: flood control,
server errors, timeouts, blocked users; a push killed with SIGKILL and started again
completes without doubles; two senders at once share the ledger.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import math
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.delivery.pacing import CATCH_UP, HEADROOM, Pace
from bot.delivery.render import render_digest
from bot.delivery.sender import PushReport, push_digest
from bot.services import Context
from bot.telegram.client import sending_bot
from digest.models import Digest, DigestItem
from storage import deliveries
from storage.db import session_scope
from storage.digests import digest_ref, load_digest, save_digest
from storage.models import DeliveryRow, SubscriberRow, utcnow
from storage.subscribers import get_subscriber, set_sections, subscribe, unsubscribe
from tests.support.bot_harness import DAY, sample_digest, settings_for
from tests.support.fake_telegram import FakeTelegram, Fault
from tests.support.paths import ROOT

FIRST_CHAT = 5000


@dataclass
class Push:
    """A database with a digest and subscribers, and a way to push it to the fake."""

    fake: FakeTelegram
    context: Context

    async def __call__(self, **settings: Any) -> PushReport:
        context = self.context
        if settings:
            context = Context(context.settings.model_copy(update=settings), context.engine)
        async with sending_bot(context) as bot:
            return await push_digest(context, bot, DAY)

    def subscribe(self, count: int, first: int = FIRST_CHAT) -> list[int]:
        chats = list(range(first, first + count))
        with session_scope(self.context.engine) as session:
            for chat in chats:
                subscribe(session, chat, "private", None)
        return chats

    def rows(self) -> dict[int, DeliveryRow]:
        with session_scope(self.context.engine) as session:
            return {row.chat_id: row for row in session.exec(select(DeliveryRow))}

    def subscriber(self, chat_id: int) -> SubscriberRow:
        with session_scope(self.context.engine) as session:
            row = get_subscriber(session, chat_id)
        assert row is not None
        return row


def store(engine: Engine, digest: Digest) -> None:
    with session_scope(engine) as session:
        save_digest(session, digest)


@pytest.fixture
async def push(
    fake_telegram: FakeTelegram, engine: Engine, database_url: str
) -> AsyncIterator[Push]:
    store(engine, sample_digest())
    yield Push(fake_telegram, Context(settings_for(fake_telegram, database_url), engine))


def long_digest(items: int) -> Digest:
    """A digest of `items` long strike items, numbered, that needs several messages."""
    digest = Digest(day=DAY, articles=40)
    digest.sections["strikes"] = [
        DigestItem(f"Item {n:02d}: " + "drones struck the city overnight. " * 12, "Outlet", None)
        for n in range(items)
    ]
    return digest


def received(fake: FakeTelegram) -> Counter[int]:
    return Counter(message.chat_id for message in fake.sent())


async def test_every_active_subscriber_gets_the_digest_once(push: Push) -> None:
    chats = push.subscribe(5)
    [former] = push.subscribe(1, first=9999)
    with session_scope(push.context.engine) as session:
        unsubscribe(session, former)
    first = await push()
    second = await push()
    assert received(push.fake) == dict.fromkeys(chats, 1)
    assert first.summary() == f"{DAY}: 5 sent, 0 failed, 0 skipped."
    assert second.summary() == f"{DAY}: 0 sent, 0 failed, 0 skipped; 5 had it already."
    message = push.fake.sent(chats[0])[0]
    assert message.plain_text.startswith("War digest · Saturday 29 November 2025")
    assert {row.status for row in push.rows().values()} == {"sent"}
    assert push.rows()[chats[0]].message_ids == str(message.message_id)


async def test_flood_control_waits_retry_after_then_goes_on(push: Push) -> None:
    [chat] = push.subscribe(1)
    push.fake.fail_next(Fault.flood(retry_after=1), chat_id=chat)
    started = time.monotonic()
    report = await push()
    [delivered] = push.fake.sent(chat)
    assert delivered.at - started >= 1.0
    assert report.outcomes["sent"] == 1
    assert received(push.fake) == {chat: 1}


async def test_server_errors_are_retried_a_bounded_number_of_times(push: Push) -> None:
    lucky, unlucky = push.subscribe(2)
    push.fake.fail_next(Fault.server_error(), Fault.server_error(), chat_id=lucky)
    push.fake.fail_next(*[Fault.server_error()] * 3, chat_id=unlucky)
    report = await push(send_retries=2)
    assert report.summary() == f"{DAY}: 1 sent, 1 failed, 0 skipped."
    assert received(push.fake) == {lucky: 1}
    failed = push.rows()[unlucky]
    assert failed.status == "failed"
    assert failed.error == "Internal Server Error (3 tries)"
    again = await push(send_retries=2)  # a later push retries the failed row
    assert again.summary() == f"{DAY}: 1 sent, 0 failed, 0 skipped; 1 had it already."
    assert received(push.fake) == {lucky: 1, unlucky: 1}


async def test_a_timeout_is_retried(push: Push) -> None:
    [chat] = push.subscribe(1)
    push.fake.fail_next(Fault.timeout(1.5, delivered=False), chat_id=chat)
    report = await push()
    assert report.outcomes["sent"] == 1
    assert received(push.fake) == {chat: 1}


async def test_blocked_and_vanished_chats_are_deactivated_never_retried(push: Push) -> None:
    blocked, vanished, reader = push.subscribe(3)
    push.fake.fail_next(Fault.blocked(), chat_id=blocked)
    push.fake.fail_next(Fault.chat_not_found(), chat_id=vanished)
    report = await push()
    assert report.summary() == f"{DAY}: 1 sent, 2 failed, 0 skipped, 2 chats gone (deactivated)."
    for chat in (blocked, vanished):
        assert not push.subscriber(chat).active
    assert (
        push.subscriber(blocked).inactive_reason == "gone: Forbidden: bot was blocked by the user"
    )
    await push()
    assert received(push.fake) == {reader: 1}
    assert push.fake.calls["sendMessage"] == 3


async def test_a_long_digest_arrives_whole_and_in_order(push: Push) -> None:
    digest = long_digest(30)
    store(push.context.engine, digest)
    [chat] = push.subscribe(1)
    await push()
    parts = push.fake.sent(chat)
    assert len(parts) >= 3
    text = "\n".join(part.plain_text for part in parts)
    assert [line[2:9] for line in text.splitlines() if line.startswith("• Item")] == [
        f"Item {n:02d}" for n in range(30)
    ]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(parts)]
    assert min(gaps) >= 0.99  # Telegram's one message a second per chat
    assert push.rows()[chat].parts_sent == len(parts)


async def test_the_overall_rate_limit_spaces_sends(push: Push) -> None:
    push.subscribe(11)
    await push(rate_limit=10)
    times = sorted(message.at for message in push.fake.sent())
    assert times[-1] - times[0] >= 0.95  # 11 sends at 10/s: ten intervals of 0.1 s


def _push_process(fake: FakeTelegram, database_url: str, rate: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DIGESTBOT_DATABASE_URL": database_url,
        "DIGESTBOT_TELEGRAM_TOKEN": fake.token,
        "DIGESTBOT_TELEGRAM_API_URL": fake.base_url,
        "DIGESTBOT_RATE_LIMIT": str(rate),
        "DIGESTBOT_TIMEZONE": "UTC",
    }
    command = [sys.executable, "-m", "bot", "push", "--date", str(DAY)]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


async def test_a_push_killed_midway_resumes_without_doubles(push: Push, database_url: str) -> None:
    chats = push.subscribe(60)
    first = _push_process(push.fake, database_url, rate=40)
    await push.fake.wait_until_async(lambda: push.fake.calls["sendMessage"] >= 20, timeout=30)
    first.send_signal(signal.SIGKILL)
    first.wait()
    before = sum(received(push.fake).values())
    assert before < len(chats)
    second = _push_process(push.fake, database_url, rate=200)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()
    counts = received(push.fake)
    assert set(counts) == set(chats)
    assert sum(counts.values()) - len(chats) <= 1  # only the one in flight at the kill
    assert {row.status for row in push.rows().values()} == {"sent"}


async def test_two_senders_at_once_share_the_ledger(push: Push, database_url: str) -> None:
    chats = push.subscribe(80)
    senders = [_push_process(push.fake, database_url, rate=200) for _ in range(2)]
    outputs = [sender.communicate(timeout=60) for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], outputs
    assert received(push.fake) == dict.fromkeys(chats, 1)
    sent_by_each = [int(out.decode().split(": ")[1].split()[0]) for out, _err in outputs]
    assert sum(sent_by_each) == len(chats)


async def test_pace_keeps_every_second_under_the_limit_even_after_a_stall() -> None:
    pace, loop = Pace(50), asyncio.get_running_loop()
    starts = []
    for n in range(120):
        await pace.wait()
        starts.append(loop.time())
        if n == 30:
            time.sleep(0.3)  # the event loop blocked: only CATCH_UP of it is made up
    per_second = max(bisect.bisect_left(starts, t + 1.0) - i for i, t in enumerate(starts))
    assert per_second <= 50 * HEADROOM
    at_once = max(bisect.bisect_left(starts, t + 0.001) - i for i, t in enumerate(starts))
    assert at_once <= math.ceil(CATCH_UP * 50 * HEADROOM) + 1


def test_pace_makes_up_for_late_wake_ups() -> None:
    """Every sleeper wakes 0.6 of an interval late (a busy loop): the pace keeps its rate
    (never making up lost time, it fell to 1/1.1 of it) and every second under the limit."""
    pace, now, starts = Pace(100), 0.0, []
    interval = 1 / (100 * HEADROOM)
    for _ in range(300):
        now += max(0.0, pace._delay(now)) + 0.6 * interval
        pace._take(now)
        starts.append(now)
    assert (len(starts) - 1) / (starts[-1] - starts[0]) >= 0.99 * 100 * HEADROOM
    per_second = max(bisect.bisect_left(starts, t + 1.0) - i for i, t in enumerate(starts))
    assert per_second <= 100 * HEADROOM


async def test_subscribers_are_queued_a_page_at_a_time(
    push: Push, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deliveries, "PAGE", 2)
    chats = push.subscribe(5)
    await push()
    assert received(push.fake) == dict.fromkeys(chats, 1)


async def test_a_dead_senders_half_sent_digest_is_finished_from_the_next_part(
    push: Push,
) -> None:
    digest = long_digest(20)
    store(push.context.engine, digest)
    [chat] = push.subscribe(1)
    dead = f"{socket.gethostname()}:{2**22 + 1}:dead00"  # above Linux's pid_max: never alive
    with session_scope(push.context.engine) as session:
        digest_id = digest_ref(session, DAY, today=DAY)[1]  # type: ignore[index]
        deliveries.enqueue(session, digest_id, lambda _hour: utcnow())
        session.flush()
        [claimed] = deliveries.claim(
            session, dead, now=utcnow(), limit=1, lease=timedelta(minutes=5)
        )
        assert deliveries.record_part(session, claimed.id, dead, 4242, last=False)
    report = await push()
    parts = render_digest(digest)
    assert [message.text for message in push.fake.sent(chat)] == parts[1:]
    row = push.rows()[chat]
    assert (row.status, row.parts_sent) == ("sent", len(parts))
    assert row.message_ids.split()[0] == "4242"
    assert report.outcomes["sent"] == 1


async def test_push_by_default_sends_the_latest_digest_up_to_today(push: Push) -> None:
    [chat] = push.subscribe(1)
    store(push.context.engine, sample_digest(date(2099, 1, 1)))
    async with sending_bot(push.context) as bot:
        report = await push_digest(push.context, bot)
    assert report.summary() == f"{DAY}: 1 sent, 0 failed, 0 skipped."
    assert push.fake.sent(chat)[0].plain_text.startswith("War digest · Saturday 29 November")


def _rows_sent(engine: Engine, chat: int) -> int:
    with session_scope(engine) as session:
        row = session.exec(select(DeliveryRow).where(DeliveryRow.chat_id == chat)).first()
    return row.parts_sent if row else 0


@pytest.mark.parametrize("change", ["fewer sections", "rebuilt digest"])
async def test_a_resumed_delivery_sends_the_rest_of_what_the_chat_began_to_get(
    push: Push, database_url: str, change: str
) -> None:
    engine = push.context.engine
    digest = long_digest(30)
    digest.sections["talks"] = [DigestItem("Envoys met in Geneva.", "Reuters", None)]
    store(engine, digest)
    chat = -100777
    with session_scope(engine) as session:
        subscribe(session, chat, "supergroup", "Newsroom")  # 3 s between parts: time to kill
        old = render_digest(load_digest(session, DAY))  # type: ignore[arg-type]
    assert len(old) >= 3
    first = _push_process(push.fake, database_url, rate=40)
    deadline = time.monotonic() + 30
    while _rows_sent(engine, chat) < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert len(push.fake.sent(chat)) == 1
    with session_scope(engine) as session:
        if change == "fewer sections":
            row = get_subscriber(session, chat)
            assert row is not None
            set_sections(session, row, ["talks"])
        else:
            save_digest(session, long_digest(12))
    report = await push()
    assert [message.text for message in push.fake.sent(chat)] == old
    row = push.rows()[chat]
    assert (row.status, row.parts_sent, row.parts) == ("sent", len(old), None)
    assert report.outcomes["sent"] == 1


async def test_a_row_half_sent_before_parts_were_stored_is_never_reported_sent_unwritten(
    push: Push,
) -> None:
    [chat] = push.subscribe(1)
    dead = f"{socket.gethostname()}:{2**22 + 1}:dead00"
    with session_scope(push.context.engine) as session:  # as a sender before migration 0002
        digest_id = digest_ref(session, DAY, today=DAY)[1]  # type: ignore[index]
        deliveries.enqueue(session, digest_id, lambda _hour: utcnow())
        session.flush()
        [claimed] = deliveries.claim(
            session, dead, now=utcnow(), limit=1, lease=timedelta(minutes=5)
        )
        for message_id in (4242, 4243):  # two parts of a longer rendering than today's one
            assert deliveries.record_part(session, claimed.id, dead, message_id, last=False)
    report = await push()
    row = push.rows()[chat]
    assert (row.status, row.error) == ("skipped", "had 2 parts of an earlier rendering")
    assert report.outcomes["sent"] == 0
    assert push.fake.sent(chat) == []


async def test_a_group_that_became_a_supergroup_gets_the_digest_at_its_new_id(
    push: Push,
) -> None:
    group, supergroup = -4001, -1004001
    with session_scope(push.context.engine) as session:
        subscribe(session, group, "group", "Newsroom")
        row = get_subscriber(session, group)
        assert row is not None
        set_sections(session, row, ["talks", "figures"])
    push.fake.fail_next(Fault.migrated(supergroup), chat_id=group)
    report = await push()
    assert report.summary() == f"{DAY}: 1 sent, 0 failed, 0 skipped."
    assert received(push.fake) == {supergroup: 1}
    moved = push.subscriber(supergroup)
    assert (moved.active, moved.chat_type, moved.sections) == (True, "supergroup", "talks,figures")
    with session_scope(push.context.engine) as session:
        assert get_subscriber(session, group) is None
    assert push.rows()[supergroup].status == "sent"
    again = await push()  # the supergroup had it already: nothing twice
    assert again.summary() == f"{DAY}: 0 sent, 0 failed, 0 skipped; 1 had it already."


async def test_a_long_digest_reaches_a_channel_at_its_pace_of_20_a_minute(push: Push) -> None:
    store(push.context.engine, long_digest(30))
    channel = -1009876543210
    with session_scope(push.context.engine) as session:
        subscribe(session, channel, "channel", "War Wire")
    await push()
    parts = push.fake.sent(channel)
    assert len(parts) >= 3
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(parts)]
    assert min(gaps) >= 2.99  # Telegram's 20 messages a minute per group or channel


def _queued(engine: Engine, chats: int) -> list[int]:
    """Queue the sample digest for `chats` new private chats; their ledger rows' ids."""
    with session_scope(engine) as session:
        for chat in range(FIRST_CHAT, FIRST_CHAT + chats):
            subscribe(session, chat, "private", None)
        digest_id = digest_ref(session, DAY, today=DAY)[1]  # type: ignore[index]
        deliveries.enqueue(session, digest_id, lambda _hour: utcnow())
    return sorted(row.id for row in push_rows(engine) if row.id is not None)


def push_rows(engine: Engine) -> list[DeliveryRow]:
    with session_scope(engine) as session:
        return list(session.exec(select(DeliveryRow)))


async def test_a_claim_goes_on_after_the_given_row_and_records_only_rows_still_held(
    push: Push,
) -> None:
    engine = push.context.engine
    ids = _queued(engine, 4)
    lease = timedelta(minutes=5)
    with session_scope(engine) as session:
        later = deliveries.claim(session, "a", now=utcnow(), limit=10, lease=lease, after=ids[1])
        assert [claimed.id for claimed in later] == ids[2:]
        earlier = deliveries.claim(session, "b", now=utcnow(), limit=10, lease=lease)
        assert [claimed.id for claimed in earlier] == ids[:2]
    with session_scope(engine) as session:
        sent = [deliveries.SentPart(one, 100 + n, last=True) for n, one in enumerate(ids)]
        assert deliveries.record_parts(session, "a", sent) == [False, False, True, True]
    rows = {row.id: row for row in push_rows(engine)}
    assert [rows[one].status for one in ids] == ["sending", "sending", "sent", "sent"]
    assert [rows[one].message_ids for one in ids[2:]] == ["102", "103"]


async def test_the_chats_claimed_together_share_one_rendering(
    push: Push, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderings = []

    def counted(*args: Any, **kwargs: Any) -> list[str]:
        renderings.append(args)
        return render_digest(*args, **kwargs)

    monkeypatch.setattr("bot.delivery.sender.render_digest", counted)
    chats = push.subscribe(6)
    await push()
    assert received(push.fake) == dict.fromkeys(chats, 1)
    assert len(renderings) == 1
