"""A long ingest writing to SQLite while the bot answers readers and pushes a digest."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.intake.files import ingest_paths
from storage.db import open_database, session_scope, transaction
from storage.models import SubscriberRow
from storage.subscribers import get_subscriber, subscribe
from tests.support.bot_harness import ADMIN, RunningBot, sample_digest

WORDS = (
    "drones struck the port overnight while envoys met in Geneva to discuss a ceasefire and "
    "ministers announced sanctions on banks as air defence shot down missiles over the region "
    "where power lines failed and rail traffic stopped after shelling near the border"
).split()


def big_jsonl(folder: Path, records: int) -> Path:
    """A .jsonl of distinct articles, enough to keep an ingest writing for seconds."""
    path = folder / "big.jsonl"
    with path.open("w") as out:
        for n in range(records):
            words = " ".join(random.Random(n).choices(WORDS, k=90))
            text = f"Report {n}: {words}. Officials in Kyiv confirmed report {n} on Saturday."
            record = {"text": text, "title": f"Report {n}", "published": "2025-11-28"}
            out.write(json.dumps(record) + "\n")
    return path


async def test_readers_and_a_push_are_served_during_a_long_ingest(
    telegram_bot: RunningBot, tmp_path: Path
) -> None:
    telegram_bot.store(sample_digest())
    chats = [5001, 5002, 5003]
    with session_scope(telegram_bot.engine) as session:
        for chat in chats:
            subscribe(session, chat, "private", None)
    source = big_jsonl(tmp_path, 120)
    writing = threading.Event()

    def echo(_line: str) -> None:
        writing.set()
        time.sleep(0.03)  # an ingest of 120 records lasts seconds, whatever the machine

    ingest = asyncio.create_task(
        asyncio.to_thread(ingest_paths, telegram_bot.engine, [source], ZoneInfo("UTC"), None, echo)
    )
    await asyncio.to_thread(writing.wait, 10)
    latest = await telegram_bot.ask("latest")
    assert latest.plain_text.startswith("War digest")
    before = len(telegram_bot.fake.sent(ADMIN.id))
    telegram_bot.fake.queue_command("push", user=ADMIN)
    answers = await telegram_bot.fake.wait_for_async(before + 2, chat_id=ADMIN.id, timeout=8)
    assert answers[-1].plain_text == "2025-11-29: 3 sent, 0 failed, 0 skipped."
    assert not ingest.done(), "the ingest was still writing all along"
    report = await ingest
    assert report.stored == 120
    assert {message.chat_id for message in telegram_bot.fake.sent()} >= set(chats)


def test_what_a_transaction_read_stays_true_until_it_commits(tmp_path: Path) -> None:
    """Read-then-insert, as subscribe() does: another writer must wait, not slip in between
    (pysqlite's deferred BEGIN ran the read outside the transaction: UNIQUE failed)."""
    engine = open_database(f"sqlite:///{tmp_path / 'race.db'}")
    other = threading.Thread(target=transaction, args=(engine, subscribe, 1, "private", None))
    with session_scope(engine) as session:
        assert get_subscriber(session, 1) is None
        other.start()
        other.join(0.3)  # the other writer commits now, or waits for this transaction
        session.add(SubscriberRow(chat_id=1, chat_type="private"))
        session.flush()
    other.join()
    with session_scope(engine) as session:
        row = get_subscriber(session, 1)
    assert row is not None and row.title is None
    engine.dispose()
