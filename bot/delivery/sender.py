"""Sending digests to subscribers through the delivery ledger: the one sender behind
`digestbot push`, the admin /push and the scheduler.

Guarantees: every part sent is recorded before the next part goes, so a sender that dies
(kill -9, power loss of the bot's machine) and starts again resumes where it stopped; only a
message in flight at the crash — sent by Telegram but not yet recorded — can arrive twice.
Telegram's limits are kept: sends are spaced evenly at `rate_limit` per second, a 429 pauses
every send for its `retry_after`, and the parts of one digest go to a chat at least a second
apart (three in groups: 20 messages a minute).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import secrets
import socket
import warnings
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlmodel import Session
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.delivery.render import render_digest
from bot.services import Context
from digest.errors import ChatGone, NoDigest, PushRunning, SendFailed
from storage import deliveries
from storage.db import transaction
from storage.deliveries import FAILED, SENT, SKIPPED, Claim
from storage.digests import digest_ref, load_digest
from storage.models import utcnow
from storage.subscribers import migrate_chat, parse_sections, unsubscribe

log = logging.getLogger(__name__)
T = TypeVar("T")

PacedBot = ExtBot[dict[str, bool]]
"""A bot whose sends go through bot.pacing.PacedLimiter (`rate_limit_args`: BROADCAST)."""
LEASE = timedelta(minutes=5)
"""A claim not renewed for this long belongs to a sender presumed dead (on another machine)."""
ROUND_TRIP = 0.1
"""Seconds a Bot API call takes from a server near Telegram's; sizes the sender's concurrency."""
MAX_FLOOD_WAITS = 5
"""429 answers tolerated for one message before it is marked failed."""
GROUP_GAP, PRIVATE_GAP = 3.0, 1.0
"""Seconds between the parts of one digest: 20 a minute in groups, 1 a second in private."""
GONE_REASONS = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")
"""BadRequest texts meaning the chat is gone for good (403 Forbidden always means that)."""


@dataclass
class PushReport:
    """What one push did, and what the ledger already had for that digest."""

    day: date
    outcomes: Counter[str] = field(default_factory=Counter)
    already_sent: int = 0

    def summary(self) -> str:
        sent, failed, skipped = (self.outcomes[key] for key in ("sent", "failed", "skipped"))
        line = f"{self.day}: {sent} sent, {failed} failed, {skipped} skipped"
        if self.outcomes["gone"]:
            line += f", {self.outcomes['gone']} chats gone (deactivated)"
        if self.already_sent:
            line += f"; {self.already_sent} had it already"
        return line + "."


def worker_name() -> str:
    """host:pid:random — unique per sender, and tells whether its process still lives."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def dead_workers(names: list[str]) -> list[str]:
    """The senders among `names` that ran on this machine in a process that has ended."""
    host, dead = socket.gethostname(), []
    for name in names:
        worker_host, _, rest = name.partition(":")
        pid = rest.partition(":")[0]
        if worker_host != host or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(name)
        except PermissionError:  # alive, another user's
            pass
    return dead


def concurrency_for(rate: float) -> int:
    """Chats served at once: enough to sustain `rate` at ROUND_TRIP per call, 4 to 100.

    More is not better: each open connection costs the HTTP client's pool time on every
    request, so a sender with 128 connections is slower than one with 4 (benchmarks/).
    """
    return max(4, min(100, math.ceil(rate * ROUND_TRIP)))


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the int form will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


BROADCAST = {"broadcast": True}
"""`rate_limit_args` of the Sender's messages for bot.pacing.PacedLimiter: they take turns
with replies, and a 429 comes back here to be counted (MAX_FLOOD_WAITS) instead of retried."""

HEADROOM = 0.97
"""Sends are paced at 97% of the limit: evenly spaced sends reach Telegram with network
jitter, and at exactly the limit two of them sometimes land in one second's window."""


class Pace:
    """Keeps sends just under `rate` per second, evenly spaced; a 429 pauses them all.

    Two rules, both checked the moment a send may start (never booked ahead, so a busy
    event loop that wakes several senders late cannot release them in a burst): one send
    per 1/rate seconds on average, and never more than `rate` in any one second.

    One Pace serves the whole process (bot.pacing.PacedLimiter owns it): replies and
    broadcasts queue apart, then take turns, so a reply waits behind at most one broadcast
    and a push keeps half the rate even when many readers are being answered.
    """

    def __init__(self, rate: float) -> None:
        paced = rate * HEADROOM
        self._interval = 1 / paced
        self._per_second = max(1, math.floor(paced))
        self._next = 0.0
        self._paused_until = 0.0
        self._recent: deque[float] = deque()
        self._turn = asyncio.Lock()
        self._lanes = {True: asyncio.Lock(), False: asyncio.Lock()}

    def _delay(self, now: float) -> float:
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        delay = max(self._paused_until, self._next) - now
        if len(self._recent) >= self._per_second:
            delay = max(delay, self._recent[0] + 1.0 - now)
        return delay

    async def wait(self, reply: bool = False) -> None:
        # One waiter per lane contends for the turn (asyncio.Lock is first come, first
        # served, so the lanes alternate); one sleeps, the others queue without waking up.
        async with self._lanes[reply], self._turn:
            loop = asyncio.get_running_loop()
            while (delay := self._delay(loop.time())) > 0:
                await asyncio.sleep(delay)
            self._take(loop.time())

    def _take(self, now: float) -> None:
        # On time, the next slot is one interval after this one's. Late, it is at least half
        # an interval away: catching up on lost time would send two at once.
        self._next = max(self._next, now - self._interval / 2) + self._interval
        self._recent.append(now)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, asyncio.get_running_loop().time() + seconds)


class Sender:
    """Works through due ledger rows until none is left; one instance per push or job run."""

    def __init__(self, context: Context, bot: PacedBot, rate: float) -> None:
        self.context, self.bot = context, bot
        self.settings = context.settings
        self.concurrency = concurrency_for(rate)
        self.worker = worker_name()
        self.outcomes: Counter[str] = Counter()
        self._rendered: dict[tuple[date, str], list[str]] = {}

    async def _db(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`work(session, *args, **kwargs)` in one short transaction on a worker thread.

        On the event loop, a ledger write waiting for SQLite's lock (an ingest or a build
        writing) froze the whole bot for up to busy_timeout; locked writes are retried.
        """
        return await asyncio.to_thread(transaction, self.context.engine, work, *args, **kwargs)

    async def run(
        self,
        digest_id: int | None = None,
        advance: Callable[[], None] = lambda: None,
        now: datetime | None = None,
    ) -> None:
        """Claim rows due by `now` (default: each time, the current time), of one digest or
        any, in batches, and send them concurrently."""
        dead = dead_workers(await self._db(deliveries.busy_workers))
        finished: asyncio.Queue[asyncio.Task[None]] = asyncio.Queue()
        running = 0
        exhausted = False
        while True:
            if not exhausted and running <= self.concurrency // 2:
                claims = await self._db(
                    deliveries.claim,
                    self.worker,
                    now=now or utcnow(),
                    limit=self.concurrency - running,
                    lease=LEASE,
                    dead=dead,
                    digest_id=digest_id,
                )
                exhausted = not claims
                for claimed in claims:
                    task = asyncio.create_task(self._deliver(claimed))
                    task.add_done_callback(finished.put_nowait)
                running += len(claims)
            if not running:
                return
            (await finished.get()).result()  # a bug in _deliver must not pass silently
            running -= 1
            advance()

    async def _messages(self, claimed: Claim) -> list[str]:
        key = (claimed.day, claimed.sections)
        if key not in self._rendered:
            digest = await self._db(load_digest, claimed.day)
            sections = parse_sections(claimed.sections)
            self._rendered[key] = render_digest(digest, sections) if digest else []
        return self._rendered[key]

    async def _deliver(self, claimed: Claim) -> None:
        """Send a claimed row's remaining parts in order, then record its outcome.

        A row resumed half-way sends the rest of the parts it began with (stored with its
        first part), never a mix of two renderings.
        """
        messages = []
        if claimed.sections:
            messages = list(claimed.parts) if claimed.parts else await self._messages(claimed)
        if not messages:
            await self._settle(claimed, SKIPPED, "unsubscribed or no section chosen")
            return
        if claimed.parts_sent >= len(messages):  # half-sent before parts were stored
            reason = f"had {claimed.parts_sent} parts of an earlier rendering"
            await self._settle(claimed, SKIPPED, reason)
            return
        gap = PRIVATE_GAP if claimed.chat_type == "private" else GROUP_GAP
        chat_id = claimed.chat_id
        try:
            for index in range(claimed.parts_sent, len(messages)):
                if index > claimed.parts_sent:
                    await asyncio.sleep(gap)
                chat_id, message_id = await self._send(chat_id, messages[index])
                last = index == len(messages) - 1
                still_ours = await self._db(
                    deliveries.record_part,
                    claimed.id,
                    self.worker,
                    message_id,
                    last=last,
                    parts=messages if index == 0 else None,
                )
                if not still_ours:
                    log.warning("delivery %s was taken over by another sender", claimed.id)
                    return
                if last:
                    self.outcomes[SENT] += 1
        except ChatGone as error:
            log.info("chat %s is gone: %s", chat_id, error)
            await self._db(unsubscribe, chat_id, f"gone: {error}")
            await self._settle(claimed, FAILED, f"chat gone: {error}")
            self.outcomes["gone"] += 1
        except SendFailed as error:
            log.warning("sending to chat %s failed: %s", chat_id, error)
            await self._settle(claimed, FAILED, str(error))

    async def _settle(self, claimed: Claim, status: str, reason: str) -> None:
        self.outcomes[status] += 1
        await self._db(
            deliveries.settle, claimed.id, self.worker, status, reason, claimed.attempts + 1
        )

    async def _send(self, chat_id: int, text: str) -> tuple[int, int]:
        """Send one message, waiting out 429s and retrying network errors and 5xx.

        A group that became a supergroup is followed once: its subscription and ledger
        rows move to the new id, and the message goes there. Returns (chat, message) ids.
        """
        failures = floods = 0
        moved = False
        while True:
            try:  # paced by the bot's PacedLimiter, shared with the replies
                message = await self.bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    rate_limit_args=BROADCAST,
                )
                return chat_id, message.message_id
            except ChatMigrated as error:
                if moved:
                    raise SendFailed(f"{error.message} twice") from error
                log.info("chat %s is now chat %s", chat_id, error.new_chat_id)
                await self._db(migrate_chat, chat_id, error.new_chat_id)
                chat_id, moved = error.new_chat_id, True
            except RetryAfter as error:
                floods += 1
                if floods > MAX_FLOOD_WAITS:  # the limiter paused every send meanwhile
                    raise SendFailed(f"flood control {floods} times in a row") from error
            except Forbidden as error:
                raise ChatGone(error.message) from error
            except BadRequest as error:  # before NetworkError: PTB derives it from that
                if any(reason in error.message.lower() for reason in GONE_REASONS):
                    raise ChatGone(error.message) from error
                raise SendFailed(error.message) from error
            except NetworkError as error:  # timeouts, refused connections, 5xx
                failures += 1
                if failures > self.settings.send_retries:
                    raise SendFailed(f"{error.message} ({failures} tries)") from error
                await asyncio.sleep(self.settings.retry_backoff * 2 ** (failures - 1))
            except TelegramError as error:
                raise SendFailed(error.message) from error


@asynccontextmanager
async def sending_bot(context: Context) -> AsyncIterator[PacedBot]:
    """A ready bot for sending outside the running application (`digestbot push`), with
    the process's one PacedLimiter, as the application's bot has."""
    from bot.telegram.app import reaching_telegram, require_token  # bot.app imports this module
    from bot.telegram.pacing import PacedLimiter  # bot.pacing imports this module

    timeout = context.settings.telegram_timeout
    request = HTTPXRequest(
        connection_pool_size=concurrency_for(context.settings.rate_limit),
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )
    settings = context.settings
    bot = ExtBot(
        require_token(settings),
        base_url=settings.telegram_api_url,
        request=request,
        rate_limiter=PacedLimiter(settings.rate_limit),
    )
    with reaching_telegram(settings):
        await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


def _digest_of(session: Session, day: date | None, today: date) -> tuple[date, int]:
    found = digest_ref(session, day, today=today)
    if found is None:
        raise NoDigest(
            f"no digest for {day.isoformat()}; build it first" if day else "no digest built yet"
        )
    return found


def _queue_push(
    session: Session, day: date | None, today: date, now: datetime
) -> tuple[date, int, int, int]:
    """Queue the digest of `day` (default the latest up to `today`) for every subscriber
    lacking it: its day and id, how many had it already, how many are due now."""
    found_day, digest_id = _digest_of(session, day, today)
    deliveries.enqueue(session, digest_id, lambda _hour: now)
    deliveries.retry_failed(session, digest_id, now)
    session.flush()
    already = deliveries.outcome_counts(session, digest_id).get(SENT, 0)
    return found_day, digest_id, already, deliveries.due_count(session, now, digest_id)


async def push_digest(
    context: Context,
    bot: PacedBot,
    day: date | None = None,
    *,
    show_progress: bool = False,
) -> PushReport:
    """Send `day`'s digest (default the latest up to today) now to every active subscriber
    lacking it.

    Failed rows of that digest are retried; rows already sent are never sent again.
    PushRunning if this process is pushing that digest already.
    """
    now = utcnow()
    today = now.astimezone(context.settings.tz).date()
    found_day, digest_id, already, total = await asyncio.to_thread(
        transaction, context.engine, _queue_push, day, today, now
    )
    if digest_id in context.pushing:
        raise PushRunning(f"a push of {found_day} is already running")
    context.pushing.add(digest_id)
    sender = Sender(context, bot, context.settings.rate_limit)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            disable=not show_progress,
        ) as progress:
            task = progress.add_task(f"pushing {found_day}", total=total)
            await sender.run(digest_id, lambda: progress.advance(task))
    finally:
        context.pushing.discard(digest_id)
    return PushReport(found_day, sender.outcomes, already)


async def deliver_due(context: Context, bot: PacedBot, now: datetime | None = None) -> Counter[str]:
    """Send every row due by `now`, of any digest: the scheduler's minute job."""
    sender = Sender(context, bot, context.settings.rate_limit)
    await sender.run(now=now)
    return sender.outcomes
