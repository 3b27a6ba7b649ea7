"""How long a reader waits for the bot's answer with a year of digests and 100,000
subscribers, while a push runs; and how much memory `digestbot run` takes doing it.

Run by hand: `python benchmarks/answer_latency.py [--write-readme] [--database URL]`.

The bot is `digestbot run` itself (long polling, its jobs, DIGESTBOT_RATE_LIMIT=1000), a
fresh process for each measurement, on a copy of one database: 365 days of digests ending
yesterday, each a real build of a synthetic day (sections, figures and the stored events),
and 100,000 subscribers (some with chosen sections or watched words). The Bot API is a fake
in its own process (benchmarks/fast_bot_api.py's canned answers, plus getUpdates fed from a
plan): it timestamps each update when it arrives at the fake and again when the bot's
answer reaches it (the message with the answer's buttons, or the edited message of a
button), so a latency is what a reader waits, long poll included. Each bot process answers
the same plan twice: idle, then while an administrator's /push to every subscriber is
running. The fake alone is measured the same way with a minimal client in place of the bot
that answers each update at once while it sends broadcasts as fast as it can, so the fake is
shown not to be the bottleneck. Peak memory is the bot process's VmHWM (/proc status).

With `--before DIR` (a checkout of earlier code) its bot is measured in the same run,
alternating with this one's, so the two are compared under the same load of the machine; with
`--push-apart`, this code again with the push run by `digestbot push` in its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from corpus import make_articles
from fast_bot_api import BACKLOG, BotApiProcess, CannedApi, http_answer
from harness import write_block
from sqlalchemy import text

from bot.delivery.daily import DAILY
from digest.build import build_digest
from digest.models import READER_SECTIONS
from storage import jobs
from storage.db import insert_new, open_database, session_scope
from storage.digests import save_digest
from storage.models import SubscriberRow

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-token"
ADMIN = 7
DAYS = 365
SUBSCRIBERS = 100_000
FIRST_CHAT = 1_000_000
READERS = 400
"""Subscribers who ask: each asks at most once every READERS / RATE seconds, well within
Telegram's one message a second per private chat."""
ARTICLES_A_DAY = 300
KINDS = ("latest", "talks", "digest", "button")
WARM_UP = 500
"""Broadcast messages the fake must have received before the plan during the push starts."""
SETTLE = 10.0
"""Seconds after a plan's last update that its answers may still take."""


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.5, 0.99) of `values`, interpolated."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# -- the fake Bot API with updates ------------------------------------------------------------


def _params(body: bytes) -> dict[str, Any]:
    """A call's parameters: JSON (the bot's aiohttp transport) or a form (PTB's httpx)."""
    if not body:
        return {}
    if body.startswith(b"{"):
        return json.loads(body)  # type: ignore[no-any-return]
    return {key: values[0] for key, values in parse_qs(body.decode()).items()}


class ReadersApi(CannedApi):
    """The fast fake, with getUpdates fed from a plan and each answer's latency."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[dict[str, Any]] = []
        self.next_id = 1
        self.arrived = asyncio.Event()
        self.waiting: dict[int, tuple[str, float]] = {}
        """Chat → (kind, arrival time) of its update not answered yet."""
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.polled = False

    def arrive(self, kind: str, chat: int, update: dict[str, Any]) -> None:
        self.queue.append({**update, "update_id": self.next_id})
        self.next_id += 1
        if kind:
            self.waiting[chat] = (kind, time.monotonic())
        self.arrived.set()

    async def respond(self, path: bytes, body: bytes) -> bytes:
        method = path.rsplit(b"/", 1)[-1]
        if method == b"getUpdates":
            return await self._updates(_params(body))
        if method in (b"sendMessage", b"editMessageText"):
            params = _params(body)
            chat = int(params.get("chat_id", 0))
            if chat in self.waiting and "reply_markup" in params:
                kind, arrived = self.waiting.pop(chat)
                self.latencies[kind].append(time.monotonic() - arrived)
        return await super().respond(path, body)

    async def _updates(self, params: dict[str, Any]) -> bytes:
        offset = int(params.get("offset", 0))
        self.queue = [update for update in self.queue if update["update_id"] >= offset]
        self.polled = True
        if not self.queue:
            self.arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), float(params.get("timeout", 0)))
        return http_answer(self.queue)

    async def play(self, plan: list[tuple[float, str, int, dict[str, Any]]]) -> dict[str, Any]:
        """Let each update of `plan` arrive at its time; wait for the answers (SETTLE s at
        most); the latencies, what went unanswered, and the sendMessage rate meanwhile."""
        self.latencies = defaultdict(list)
        began = time.monotonic()
        for at, kind, chat, update in plan:
            await asyncio.sleep(max(0.0, began + at - time.monotonic()))
            self.arrive(kind, chat, update)
        ended = time.monotonic()
        while self.waiting and time.monotonic() < ended + SETTLE:
            await asyncio.sleep(0.05)
        unanswered = len(self.waiting)
        self.waiting.clear()
        during = [at for at in self.arrivals if began <= at <= ended]
        last_second = [at for at in during if at > ended - 1.0]
        return {
            "latencies": dict(self.latencies),
            "unanswered": unanswered,
            "sends_per_second": len(during) / (ended - began),
            "sends_last_second": len(last_second),
        }


def _serve_readers(connection: Connection) -> None:
    """ReadersApi for `BotApiProcess`; orders: "polled", ("play", plan), "sent", "stop"."""
    api = ReadersApi()

    async def main() -> None:
        server = await asyncio.start_server(api.serve, "127.0.0.1", 0, backlog=BACKLOG)
        connection.send(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/bot")
        loop = asyncio.get_running_loop()
        while (order := await loop.run_in_executor(None, connection.recv)) != "stop":
            if order == "polled":
                connection.send(api.polled)
            elif order == "sent":
                connection.send(len(api.arrivals))
            elif order == "reset":
                api.polled, api.queue, api.arrivals = False, [], []
                connection.send(True)
            else:
                connection.send(await api.play(order[1]))
        api.arrived.set()  # a long poll still waiting ends now, not cancelled at the exit
        await asyncio.sleep(0.1)
        server.close()

    asyncio.run(main())


# -- the updates readers send -------------------------------------------------------------------


def _user(chat: int) -> dict[str, Any]:
    return {"id": chat, "is_bot": False, "first_name": f"Reader {chat}"}


def command_update(chat: int, line: str) -> dict[str, Any]:
    command = line.split()[0]
    return {
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": f"Reader {chat}"},
            "from": _user(chat),
            "text": line,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
    }


def button_update(chat: int, data: str) -> dict[str, Any]:
    message = command_update(chat, "/latest")["message"]
    return {
        "callback_query": {
            "id": f"{chat}-{data}",
            "from": _user(chat),
            "chat_instance": str(chat),
            "data": data,
            "message": {**message, "text": "The digest", "from": {**_user(ADMIN), "is_bot": True}},
        }
    }


def make_plan(
    requests: int, rate: float, days: list[date], seed: int
) -> list[tuple[float, str, int, dict[str, Any]]]:
    """`requests` updates `rate` a second, the kinds in turn, readers round-robin."""
    rng = random.Random(seed)
    plan = []
    for n in range(requests):
        kind, chat = KINDS[n % len(KINDS)], FIRST_CHAT + n % READERS
        if kind == "latest":
            update = command_update(chat, "/latest")
        elif kind == "talks":
            update = command_update(chat, "/talks")
        elif kind == "digest":
            update = command_update(chat, f"/digest {rng.choice(days).isoformat()}")
        else:
            section = rng.choice(READER_SECTIONS)
            update = button_update(chat, f"show:{rng.choice(days).isoformat()}:{section}")
        plan.append((n / rate, kind, chat, update))
    return plan


# -- the database --------------------------------------------------------------------------------


def make_database(url: str, yesterday: date) -> list[date]:
    """A year of digests up to `yesterday` and SUBSCRIBERS subscribers at `url`; the days."""
    engine = open_database(url)
    built = build_digest(yesterday, make_articles(ARTICLES_A_DAY))
    days = [yesterday - timedelta(days=back) for back in range(DAYS - 1, -1, -1)]
    with session_scope(engine) as session:
        for day in days:
            events = [replace(event, day=day) for event in built.events]
            save_digest(session, replace(built, day=day, events=events))
        choices = ("strikes,talks", "talks", "politics,figures", "strikes")
        rows = (
            {
                "chat_id": FIRST_CHAT + n,
                "chat_type": "private",
                "sections": choices[n // 10 % 4] if n % 10 == 9 else ",".join(READER_SECTIONS),
                "watch": "Kharkiv\nGeneva" if n % 20 == 3 else "",
            }
            for n in range(SUBSCRIBERS)
        )
        insert_new(session, SubscriberRow.__table__, rows, ["chat_id"])  # type: ignore[attr-defined]
        # Today's daily run is done, as on a bot that has been running: no build mid-benchmark.
        now = datetime.now(UTC)
        jobs.claim_run(session, DAILY, yesterday, "bench", timedelta(hours=1), now=now)
        jobs.finish_run(session, DAILY, yesterday, "bench", jobs.DONE, None)
    engine.dispose()
    return days


def fresh_copy(template: str, folder: Path, run: int) -> str:
    """A database for one bot process: a copy of the SQLite file, or the PostgreSQL one with
    its ledger and push records emptied."""
    if template.startswith("sqlite"):
        source = sqlite3.connect(template.removeprefix("sqlite:///"))
        target_path = folder / f"run-{run}.db"
        target = sqlite3.connect(target_path)
        source.backup(target)
        source.close()
        target.close()
        return f"sqlite:///{target_path}"
    engine = open_database(template)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM delivery"))
        connection.execute(text("DELETE FROM push_run"))
    engine.dispose()
    return template


def server_version(url: str) -> str:
    """The PostgreSQL server's version, for the report."""
    engine = open_database(url)
    with engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar())
    engine.dispose()
    return version.split()[0]


# -- one bot process ----------------------------------------------------------------------------


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of process `pid`, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values


def measure_bot(
    fake: BotApiProcess,
    code: Path,
    database_url: str,
    plan: list[Any],
    log: Path,
    push_apart: bool = False,
) -> dict[str, Any]:
    """Start `digestbot run` of the checkout `code` and play `plan` idle, then during a push:
    an administrator's /push, or with `push_apart` a `digestbot push` in its own process."""
    env = {
        **os.environ,
        "PYTHONPATH": str(code),
        "DIGESTBOT_DATABASE_URL": database_url,
        "DIGESTBOT_TELEGRAM_TOKEN": TOKEN,
        "DIGESTBOT_TELEGRAM_API_URL": fake.base_url,
        "DIGESTBOT_TIMEZONE": "UTC",
        "DIGESTBOT_RATE_LIMIT": "1000",
        "DIGESTBOT_ADMIN_IDS": str(ADMIN),
    }
    fake.ask("reset")
    started = time.monotonic()

    def digestbot(command: str) -> subprocess.Popen[bytes]:
        with log.open("ab") as output:
            return subprocess.Popen(
                [sys.executable, "-m", "bot", command],
                cwd=log.parent,
                env=env,
                stdout=output,
                stderr=output,
            )

    bot, pusher = digestbot("run"), None
    try:
        while not fake.ask("polled"):
            if bot.poll() is not None:
                sys.exit(f"the bot stopped (status {bot.returncode}); see {log}")
            time.sleep(0.05)
        result: dict[str, Any] = {"start_seconds": time.monotonic() - started}
        time.sleep(1.5)  # the minute job's first tick, a second after start
        result["start_mib"] = _memory(bot.pid)["VmRSS"]
        result["idle"] = fake.ask(("play", plan))
        if push_apart:
            pusher = digestbot("push")
        else:
            fake.ask(("play", [(0.0, "", ADMIN, command_update(ADMIN, "/push"))]))
        while fake.ask("sent") < WARM_UP:
            time.sleep(0.05)
        result["push"] = fake.ask(("play", plan))
        result["peak_mib"] = _memory(bot.pid)["VmHWM"]
    finally:
        for process in (bot, pusher):  # mid-push: the ledger is thrown away
            if process is not None:
                process.send_signal(signal.SIGKILL)
                process.wait()
    return result


# -- the fake alone -------------------------------------------------------------------------------


def measure_fake_alone(base_url: str, seconds: float) -> dict[str, float]:
    """A minimal client: answers each update at once while 16 tasks send broadcasts of
    3 KB back to back for `seconds`; run in a fresh process. The broadcasts sent."""
    import aiohttp

    text_body = "x" * 3000

    async def main() -> int:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as session:

            async def call(method: str, payload: dict[str, Any]) -> Any:
                async with session.post(f"{base_url}{TOKEN}/{method}", json=payload) as answer:
                    return (await answer.json())["result"]

            async def answer_updates() -> None:
                offset = 0
                while True:
                    for update in await call("getUpdates", {"offset": offset, "timeout": 10}):
                        offset = update["update_id"] + 1
                        if "callback_query" in update:
                            chat = update["callback_query"]["from"]["id"]
                            await call("editMessageText", {"chat_id": chat, "reply_markup": {}})
                        else:
                            chat = update["message"]["chat"]["id"]
                            await call("sendMessage", {"chat_id": chat, "reply_markup": {}})

            sent = 0
            deadline = time.monotonic() + seconds

            async def broadcast(lane: int) -> None:
                nonlocal sent
                while time.monotonic() < deadline:
                    await call("sendMessage", {"chat_id": 10**9 + lane, "text": text_body})
                    sent += 1

            answering = asyncio.create_task(answer_updates())
            await asyncio.gather(*(broadcast(lane) for lane in range(16)))
            answering.cancel()
            return sent

    return {"broadcasts": asyncio.run(main())}


def fake_alone(fake: BotApiProcess, plan: list[Any], seconds: float) -> dict[str, Any]:
    """The plan answered by the minimal client while it broadcasts (see measure_fake_alone)."""
    fake.ask("reset")
    client = subprocess.Popen(
        [sys.executable, __file__, "--measure-fake", fake.base_url, str(seconds)],
        env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'benchmarks'}"},
        stdout=subprocess.PIPE,
    )
    while not fake.ask("polled"):
        time.sleep(0.05)
    result = fake.ask(("play", plan))
    output, _ = client.communicate()
    return {**result, **json.loads(output)}


# -- the report ----------------------------------------------------------------------------------


def _summary(runs: list[dict[str, Any]], phase: str) -> dict[str, dict[str, float]]:
    """Per kind: the median over runs of each run's p50 and p99 (ms), and the samples."""
    summary = {}
    for kind in KINDS:
        samples = [run[phase]["latencies"].get(kind, []) for run in runs]
        summary[kind] = {
            "p50": statistics.median(percentile(s, 0.5) * 1000 for s in samples),
            "p99": statistics.median(percentile(s, 0.99) * 1000 for s in samples),
            "n": sum(len(s) for s in samples),
        }
    return summary


LABELS = {"latest": "/latest", "talks": "/talks", "digest": "/digest DATE", "button": "a button"}


def _table(results: dict[str, list[dict[str, Any]]], alone: dict[str, Any], setup: str) -> str:
    header = "| code | phase | " + " | ".join(f"{LABELS[k]} p50 / p99 (ms)" for k in KINDS)
    rows = [header + " |", "| --- | --- |" + " ---: |" * len(KINDS)]
    for code, runs in results.items():
        for phase, name in (("idle", "idle"), ("push", "during a push")):
            summary = _summary(runs, phase)
            cells = " | ".join(f"{summary[k]['p50']:.0f} / {summary[k]['p99']:.0f}" for k in KINDS)
            rows.append(f"| {code} | {name} | {cells} |")
    alone_cells = " | ".join(
        f"{percentile(alone['latencies'][k], 0.5) * 1000:.1f}"
        f" / {percentile(alone['latencies'][k], 0.99) * 1000:.1f}"
        for k in KINDS
    )
    rows.append(f"| fake alone | {alone['sends_per_second']:,.0f} broadcasts/s | {alone_cells} |")
    lines = [*rows, ""]
    for code, runs in results.items():
        unanswered = sum(run[phase]["unanswered"] for run in runs for phase in ("idle", "push"))
        lines.append(
            f"{code}: `digestbot run` took {statistics.median(r['start_mib'] for r in runs):.0f}"
            f" MiB once polling (median) and peaked at {max(r['peak_mib'] for r in runs):.0f} MiB"
            " (largest VmHWM) by the end of the push phase; the push sent"
            f" {statistics.median(r['push']['sends_per_second'] for r in runs):,.0f} messages/s"
            " during the readers' plan (median) and was still sending in its last second"
            f" ({min(r['push']['sends_last_second'] for r in runs):,} messages at least);"
            f" {unanswered} requests unanswered within {SETTLE:.0f} s."
        )
    return "\n".join([*lines, "", setup])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=400, help="updates per plan")
    parser.add_argument("--rate", type=float, default=20.0, help="updates a second")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--before", help="a checkout of earlier code to measure alongside")
    parser.add_argument(
        "--push-apart",
        action="store_true",
        help="also measure this code with the push in its own `digestbot push` process",
    )
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--measure-fake", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_fake:
        print(json.dumps(measure_fake_alone(args.measure_fake[0], float(args.measure_fake[1]))))
        return

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    folder = Path(tempfile.mkdtemp(prefix="digestbot-latency-"))
    template = args.database or f"sqlite:///{folder / 'template.db'}"
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    began = time.monotonic()
    days = make_database(template, yesterday)
    print(f"database ready in {time.monotonic() - began:.0f} s", flush=True)
    plan = make_plan(args.requests, args.rate, days, seed=1)
    codes = {"this": (ROOT, False)}
    if args.push_apart:
        codes["this, push apart"] = (ROOT, True)
    if args.before:
        codes["before"] = (Path(args.before).resolve(), False)
    fake = BotApiProcess(_serve_readers)
    alone = fake_alone(fake, plan, args.requests / args.rate + 2)
    results: dict[str, list[dict[str, Any]]] = {code: [] for code in codes}
    for run in range(args.repeat):
        for code, (checkout, push_apart) in codes.items():
            database = fresh_copy(template, folder, run)
            log = folder / f"{code.replace(' ', '-')}.log"
            measured = measure_bot(fake, checkout, database, plan, log, push_apart)
            results[code].append(measured)
            latest = measured["push"]["latencies"].get("latest", [0.0])
            print(
                f"{code} run {run + 1}: /latest p99 during the push"
                f" {percentile(latest, 0.99) * 1000:.0f} ms, peak {measured['peak_mib']:.0f} MiB",
                flush=True,
            )
    fake.stop()
    kind = f"PostgreSQL {server_version(args.database)}" if args.database else "SQLite"
    setup = (
        f"Measured with `python benchmarks/answer_latency.py` on {time.strftime('%Y-%m-%d')},"
        f" {os.cpu_count()} cores shared with other work (load average {load} at the start),"
        f" Python {platform.python_version()}, {kind}: {DAYS} days of digests"
        f" ({ARTICLES_A_DAY} synthetic articles a day), {SUBSCRIBERS:,} subscribers,"
        f" DIGESTBOT_RATE_LIMIT=1000; {args.requests} updates a plan at {args.rate:.0f} a second"
        f" from {READERS} readers, the four kinds in turn; each p50 and p99 is the median over"
        f" {args.repeat} fresh bot processes of that process's figure; the fake alone once."
    )
    table = _table(results, alone, setup)
    print(table)
    if args.write_readme:
        block = "answer-latency-postgres" if args.database else "answer-latency"
        write_block(block, table)


if __name__ == "__main__":
    main()
