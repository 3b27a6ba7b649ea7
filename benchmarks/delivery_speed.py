"""How fast the sender pushes a digest to many subscribers, and whether it keeps the limit.

Run by hand: `python benchmarks/delivery_speed.py [--write-readme]`.

Each push runs in a fresh process on a fresh SQLite ledger, through the real path
(`push_digest`: enqueue, claim, render, send with python-telegram-bot, record), so its peak
memory (`ru_maxrss`) is its own. Measured in the same run:

- the push at the highest rate limit (1,000/s, Telegram's paid-broadcast ceiling), at two
  audience sizes (does memory grow with them?), against benchmarks/fast_bot_api.py (a fake
  that is not the bottleneck), which also counts the busiest one-second window;
- with `--before DIR` (a checkout of earlier code with this script and fast_bot_api.py
  copied into its benchmarks/), the same pushes of that code, alternating with this one's,
  so the two are compared under the same load of the machine;
- python-telegram-bot's own `send_message` in a bare loop at the same concurrency, on its
  httpx transport and on bot.telegram.transport's aiohttp one: the HTTP stack's ceiling;
- the push with the default 30 messages/s against the tests' fake Bot API answering 429
  beyond 30 sends in any second, as Telegram does: achieved rate and 429s received.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fast_bot_api import BotApiProcess
from harness import in_fresh_process, peak_mib, write_block
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.render import render_digest
from bot.delivery.sender import concurrency_for, push_digest
from bot.services import Context
from bot.settings import Settings
from bot.telegram.client import sending_bot
from digest.models import Digest, DigestItem, Figure
from storage.db import insert_new, open_database, session_scope
from storage.digests import save_digest
from storage.models import SubscriberRow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the fake Bot API lives with the tests
from tests.support.fake_telegram import FakeTelegram  # noqa: E402

TOKEN = "123456:BENCH-token"
SIZES = (2_000, 10_000)
LIMITED_SUBSCRIBERS = 900  # 30 s at 30 messages/s
TOP_RATE = 1000.0  # the highest DIGESTBOT_RATE_LIMIT: Telegram's paid-broadcast ceiling


def _serve(connection: Connection, flood_limit: int | None) -> None:
    """The tests' full fake Bot API (it enforces the flood limit), for `BotApiProcess`."""
    with FakeTelegram(TOKEN, flood_limit=flood_limit) as fake:
        connection.send(fake.base_url)
        while connection.recv() != "stop":
            times = [message.at for message in fake.outbox]
            span = times[-1] - times[0] if len(times) > 1 else 0.0
            connection.send({"sent": len(times), "floods": fake.floods, "span": span})


def a_digest() -> Digest:
    """A digest of a usual size: five items a section, four figures (about 3 KB)."""
    digest = Digest(day=date(2025, 11, 29), articles=120)
    sentence = "Officials said {n} drones and missiles were launched at {place} overnight. "
    for section, place in (("strikes", "Kyiv"), ("talks", "Geneva"), ("politics", "Brussels")):
        digest.sections[section] = [
            DigestItem(sentence.format(n=n * 7, place=place) * 2, "Outlet", f"https://x.org/{n}")
            for n in range(5)
        ]
    digest.figures = [Figure(kind, 10 + n, "Kyiv", "Outlet") for n, kind in enumerate(
        ("killed", "wounded", "missiles", "drones"))]  # fmt: skip
    return digest


def measure_push(base_url: str, subscribers: int, rate: float) -> dict[str, float]:
    """One push to `subscribers` new chats on a fresh ledger; run in a fresh process."""
    folder = tempfile.mkdtemp(prefix="digestbot-bench-")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite:///{folder}/bench.db",
        telegram_token=TOKEN,
        telegram_api_url=base_url,
        timezone="UTC",
        rate_limit=rate,
    )
    context = Context(settings, open_database(settings.database_url))
    with session_scope(context.engine) as session:
        save_digest(session, a_digest())
        rows = (
            {"chat_id": 10_000 + n, "chat_type": "private", "watch": ""} for n in range(subscribers)
        )
        insert_new(session, SubscriberRow.__table__, rows, ["chat_id"])  # type: ignore[attr-defined]

    async def push() -> tuple[float, dict[str, int]]:
        async with sending_bot(context) as bot:
            started = time.perf_counter()
            report = await push_digest(context, bot)
            return time.perf_counter() - started, dict(report.outcomes)

    seconds, outcomes = asyncio.run(push())
    return {"subscribers": subscribers, "seconds": seconds, "peak_mib": peak_mib(), **outcomes}


def measure_bare(base_url: str, messages: int, transport: str) -> dict[str, float]:
    """python-telegram-bot's send_message alone, as many at a time as the sender at its top
    rate: no ledger, no rendering, no pacing; on PTB's httpx transport or on aiohttp."""
    from bot.telegram.transport import AiohttpRequest

    concurrency = concurrency_for(TOP_RATE)
    [text] = render_digest(a_digest())  # the very message the push sends

    async def send_all() -> float:
        request = (
            HTTPXRequest(connection_pool_size=concurrency)
            if transport == "httpx"
            else AiohttpRequest(concurrency, 10.0)
        )
        async with Bot(TOKEN, base_url=base_url, request=request) as bot:
            gate = asyncio.Semaphore(concurrency)

            async def one(chat: int) -> None:
                async with gate:
                    await bot.send_message(chat, text, parse_mode="HTML")

            started = time.perf_counter()
            await asyncio.gather(*(one(50_000 + n) for n in range(messages)))
            return time.perf_counter() - started

    return {"messages": messages, "seconds": asyncio.run(send_all())}


def _table(
    pushes: list[dict[str, Any]],
    bare: dict[str, dict[str, Any]],
    limited: dict[str, Any],
    load: str,
) -> str:
    rows = [
        "| code | subscribers | push time (s) | messages/s | busiest second | peak memory (MiB)"
        " | sent | failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for push in pushes:
        rows.append(
            f"| {push['code']} | {push['subscribers']:,} | {push['seconds']:.1f}"
            f" | {push['subscribers'] / push['seconds']:,.0f} | {push['busiest']:,}"
            f" | {push['peak_mib']:,.0f} | {push.get('sent', 0):,} | {push.get('failed', 0):,} |"
        )
    lines = [*rows, ""]
    rate = {(p["code"], p["subscribers"]): p["subscribers"] / p["seconds"] for p in pushes}
    for (code, size), value in rate.items():
        if code == "before" and ("this", size) in rate:
            lines.append(
                f"At {size:,} subscribers this code pushed {rate[('this', size)] / value:.2f}×"
                " as fast as the code before, in the same run."
            )
    bare_rates = {name: run["messages"] / run["seconds"] for name, run in bare.items()}
    achieved = limited["subscribers"] / limited["seconds"]
    top = max(p["subscribers"] for p in pushes)
    return "\n".join(
        [
            *lines,
            "",
            "python-telegram-bot's bare `send_message` loop reached"
            f" {bare_rates['httpx']:,.0f} messages/s on its httpx transport and"
            f" {bare_rates['aiohttp']:,.0f}/s on aiohttp against the same fake; the push of"
            f" {top:,} keeps {rate[('this', top)] / bare_rates['aiohttp']:.0%} of the latter.",
            "",
            f"With the default limit of 30 messages/s, {limited['subscribers']:,} subscribers"
            f" took {limited['seconds']:.1f} s: {achieved:.2f} messages/s counting the push's"
            f" start, {limited['arrival_rate']:.2f}/s from the first message to the last"
            f" ({(limited['arrival_rate'] - 30) / 30:+.1%} off 30/s); {limited['floods']} answers"
            " 429 from a fake that refuses more than 30 sends in any second.",
            "",
            f"Measured with `python benchmarks/delivery_speed.py` on {time.strftime('%Y-%m-%d')},"
            f" {os.cpu_count()} cores shared with other work (load average {load} at the start),"
            f" Python {platform.python_version()}, SQLite ledger, each fake Bot API in its own"
            " process on 127.0.0.1; push times are the median of"
            f" {pushes[0]['repeat']} fresh processes, peak memory the largest `ru_maxrss`,"
            " busiest second the most sendMessage calls the fake received in any one-second"
            " window of any of those pushes.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limited", type=int, default=LIMITED_SUBSCRIBERS)
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--measure-push", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--before", help="a checkout of earlier code to push alongside")
    parser.add_argument("--measure-bare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_push:
        url, count, rate = args.measure_push
        print(json.dumps(measure_push(url, int(count), float(rate))))
        return
    if args.measure_bare:
        url, count, transport = args.measure_bare
        print(json.dumps(measure_bare(url, int(count), transport)))
        return

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    scripts = {"this": __file__}
    if args.before:
        scripts["before"] = str(Path(args.before) / "benchmarks" / Path(__file__).name)
    server = BotApiProcess()
    pushes = []
    for size in args.sizes:
        runs: dict[str, list[dict[str, Any]]] = {code: [] for code in scripts}
        for _ in range(args.repeat):
            for code, script in scripts.items():
                order = ("--measure-push", server.base_url, str(size), str(TOP_RATE))
                runs[code].append(in_fresh_process(script, *order))
                runs[code][-1]["busiest"] = server.stats()["busiest"]
        for code, measured in runs.items():
            push = {**measured[0], "seconds": statistics.median(m["seconds"] for m in measured)}
            push |= {
                "code": code,
                "peak_mib": max(m["peak_mib"] for m in measured),
                "busiest": max(m["busiest"] for m in measured),
                "repeat": args.repeat,
            }
            pushes.append(push)
            print(f"{code:>6} {size:>7,}: {push['seconds']:.1f} s, {push['busiest']} busiest")
    bare = {
        transport: in_fresh_process(
            __file__, "--measure-bare", server.base_url, str(max(args.sizes)), transport
        )
        for transport in ("httpx", "aiohttp")
    }
    server.stop()
    limited_server = BotApiProcess(_serve, 30)
    limited = in_fresh_process(
        __file__, "--measure-push", limited_server.base_url, str(args.limited), "30"
    )
    stats = limited_server.stats()
    limited |= {"floods": stats["floods"], "arrival_rate": (stats["sent"] - 1) / stats["span"]}
    limited_server.stop()
    table = _table(pushes, bare, limited, load)
    print(table)
    if args.write_readme:
        write_block("delivery-benchmark", table)


if __name__ == "__main__":
    main()
