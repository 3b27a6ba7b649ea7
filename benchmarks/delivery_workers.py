"""Whether two senders on one PostgreSQL ledger push faster than one, and how much.

Run by hand: `python benchmarks/delivery_workers.py --database URL [--write-readme]` (the
database is emptied). Each run queues one digest for `--subscribers` new chats on a fresh
ledger, then starts one or two sender processes at the same moment; each works through the
due rows as the minute job does (`deliver_due`: claim a batch, render, send with
python-telegram-bot, record), at DIGESTBOT_RATE_LIMIT=1000, against benchmarks/fast_bot_api.py
in its own process. One worker and two alternate, run after run, so their ratio is measured
under the same load of the machine. The throughput is every message sent over the time from
the first worker's start to the last one's end; the fake's count of sendMessage calls and the
ledger's rows show that nothing was lost or sent twice; the workers' CPU time per message
(their process time while sending, summed) shows whether a second worker costs the ledger
more, or only finds no core to run on. With `--before DIR` (a checkout of
earlier code with this script, harness.py and fast_bot_api.py copied into its benchmarks/)
that code's workers run too, in turn with this code's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from delivery_speed import TOKEN, TOP_RATE, a_digest
from fast_bot_api import BotApiProcess
from harness import in_fresh_processes, write_block
from sqlalchemy import func, text
from sqlmodel import select

from bot.delivery.sender import deliver_due
from bot.services import Context
from bot.settings import Settings
from bot.telegram.client import sending_bot
from storage import deliveries
from storage.db import insert_new, open_database, session_scope
from storage.digests import save_digest
from storage.models import DeliveryRow, SubscriberRow, utcnow

START_AFTER = 8.0
"""Seconds from launching the workers to their common start: time to import and connect."""


def prepare_ledger(url: str, subscribers: int) -> None:
    """Empty the database at `url`, then queue one digest for `subscribers` new chats."""
    engine = open_database(url)
    with session_scope(engine) as session:
        for table in ("delivery", "push_run", "subscriber", "digest"):
            session.execute(text(f"DELETE FROM {table}"))
        digest_id = save_digest(session, a_digest())
        rows = (
            {"chat_id": 10_000 + n, "chat_type": "private", "watch": ""} for n in range(subscribers)
        )
        insert_new(session, SubscriberRow.__table__, rows, ["chat_id"])  # type: ignore[attr-defined]
        deliveries.enqueue(session, digest_id, lambda _hour: utcnow())
    engine.dispose()


def ledger_counts(url: str) -> dict[str, Any]:
    """The ledger's rows by state, and the most parts any row records as sent."""
    engine = open_database(url)
    with session_scope(engine) as session:
        by_status = dict(
            session.exec(
                select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
            ).all()
        )
        most_parts = session.exec(select(func.max(DeliveryRow.parts_sent))).one()
    engine.dispose()
    return {"by_status": by_status, "most_parts": most_parts}


def measure_worker(base_url: str, database_url: str, start_at: float) -> dict[str, Any]:
    """One sender working through the due rows from `start_at` (wall time); run in a fresh
    process."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        telegram_token=TOKEN,
        telegram_api_url=base_url,
        timezone="UTC",
        rate_limit=TOP_RATE,
    )
    context = Context(settings, open_database(settings.database_url))

    async def work() -> dict[str, Any]:
        async with sending_bot(context) as bot:
            await asyncio.sleep(max(0.0, start_at - time.time()))
            started, cpu = time.time(), time.process_time()
            outcomes = await deliver_due(context, bot)
            cpu_seconds = time.process_time() - cpu
            return {"started": started, "ended": time.time(), "cpu": cpu_seconds, **outcomes}

    return asyncio.run(work())


def measure_run(
    server: BotApiProcess, script: str, url: str, subscribers: int, workers: int
) -> dict[str, Any]:
    """One run of `workers` senders (of `script`'s code) on a fresh ledger: messages/s and
    the checks."""
    prepare_ledger(url, subscribers)
    server.stats()  # forget earlier arrivals
    start_at = f"{time.time() + START_AFTER:.3f}"
    orders = [("--measure-worker", server.base_url, url, start_at)] * workers
    results = in_fresh_processes(script, orders)
    counted = server.stats()
    seconds = max(r["ended"] for r in results) - min(r["started"] for r in results)
    sent = sum(r.get("sent", 0) for r in results)
    return {
        "workers": workers,
        "seconds": seconds,
        "rate": sent / seconds,
        "sent": sent,
        "received": counted["sent"],
        "busiest": counted["busiest"],
        "shares": sorted(r.get("sent", 0) for r in results),
        "cpu_ms": 1000 * sum(r["cpu"] for r in results) / max(sent, 1),
        **ledger_counts(url),
    }


def _table(runs: dict[tuple[str, int], list[dict[str, Any]]], subscribers: int, load: str) -> str:
    rows = [
        "| code | workers | push time (s) | messages/s | busiest second"
        " | sent / received by the fake"
        " | rows sent | most parts of a row | CPU per message (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rates = {}
    for (code, workers), measured in runs.items():
        rates[code, workers] = statistics.median(m["rate"] for m in measured)
        rows.append(
            f"| {code} | {workers} | {statistics.median(m['seconds'] for m in measured):.1f}"
            f" | {rates[code, workers]:,.0f} | {max(m['busiest'] for m in measured):,}"
            f" | {sum(m['sent'] for m in measured):,} / {sum(m['received'] for m in measured):,}"
            f" | {sum(m['by_status'].get('sent', 0) for m in measured):,}"
            f" | {max(m['most_parts'] for m in measured)}"
            f" | {statistics.median(m['cpu_ms'] for m in measured):.2f} |"
        )
    lines = [*rows, ""]
    for code in dict.fromkeys(code for code, _ in runs):
        pairs = zip(runs[code, 1], runs[code, 2], strict=True)
        ratios = [two["rate"] / one["rate"] for one, two in pairs]
        listed = ", ".join(f"{ratio:.2f}" for ratio in ratios)
        lines.append(
            f"{code}: two workers pushed {statistics.median(ratios):.2f}× as fast as one"
            f" (median of {len(ratios)} side-by-side pairs: {listed})."
        )
    repeat = len(ratios)
    return "\n".join(
        [
            *lines,
            "",
            f"Measured with `python benchmarks/delivery_workers.py` on {time.strftime('%Y-%m-%d')},"
            f" {os.cpu_count()} cores shared with other work (load average {load} at the start),"
            f" Python {platform.python_version()}, one PostgreSQL ledger on the same machine,"
            f" {subscribers:,} subscribers a run, DIGESTBOT_RATE_LIMIT=1000 for each worker"
            " (the busiest second of two workers adds both), the fake Bot API in its own"
            f" process; times and rates are medians of {repeat} runs of each, alternating.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL URL; its tables are emptied")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="a checkout of earlier code to run alongside")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--measure-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_worker:
        base_url, database_url, start_at = args.measure_worker
        print(json.dumps(measure_worker(base_url, database_url, float(start_at))))
        return
    if not args.database:
        parser.error("--database URL (PostgreSQL) is required")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    scripts = {"this": __file__}
    if args.before:
        scripts["before"] = str(Path(args.before) / "benchmarks" / Path(__file__).name)
    server = BotApiProcess()
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {
        (code, workers): [] for code in scripts for workers in (1, 2)
    }
    for _ in range(args.repeat):
        for code, workers in runs:
            measured = measure_run(server, scripts[code], args.database, args.subscribers, workers)
            runs[code, workers].append(measured)
            print(
                f"{code} {workers} worker(s): {measured['rate']:,.0f}/s, sent {measured['sent']:,},"
                f" received {measured['received']:,}, shares {measured['shares']}",
                flush=True,
            )
    server.stop()
    table = _table(runs, args.subscribers, load)
    print(table)
    if args.write_readme:
        write_block("delivery-workers", table)


if __name__ == "__main__":
    main()
