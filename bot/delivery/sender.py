"""Sending digests to subscribers through the delivery ledger: the one sender behind
`digestbot push`, the admin /push and the scheduler.

Guarantees: every part sent is recorded (by group commit, bot.delivery.recording) before the
next part goes, so a sender that dies (kill -9, power loss of the bot's machine) and starts
again resumes where it stopped; only a message in flight at the crash — sent by Telegram but
not yet recorded — can arrive twice. Telegram's limits are kept: sends are spaced evenly at
`rate_limit` per second, a 429 pauses every send for its `retry_after`, and the parts of one
digest go to a chat at least a second apart (three in groups: 20 messages a minute).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import secrets
import socket
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlmodel import Session

from bot.delivery import recording
from bot.delivery.recording import PartRecorder
from bot.delivery.render import render_digest
from bot.i18n import translator
from bot.services import Context
from digest.errors import (
    ChatGone,
    ChatMoved,
    FloodWait,
    NoDigest,
    PushRunning,
    SendFailed,
    SendRetryable,
)
from digest.watch import Watch
from storage import deliveries
from storage.db import transaction
from storage.deliveries import FAILED, SENT, SKIPPED, Claim, SentPart
from storage.digests import digest_ref, load_digest
from storage.models import utcnow
from storage.pushes import record_push
from storage.subscribers import migrate_chat, unsubscribe

log = logging.getLogger(__name__)
T = TypeVar("T")
Rendering = tuple[date, tuple[str, ...], tuple[str, ...], str]
"""A digest's day, the chat's sections, its watched terms and its language."""

LEASE = timedelta(minutes=5)
"""A claim not renewed for this long belongs to a sender presumed dead (on another machine)."""
ROUND_TRIP = 0.1
"""Seconds a Bot API call takes from a server near Telegram's; sizes the sender's concurrency."""
CLAIM_SECONDS = 0.25
"""A claim takes this long of sending at the rate (at least a row for each chat served at
once): few claims a push, and a claimed row waits a moment, far within LEASE, to be sent."""
MAX_FLOOD_WAITS = 5
"""429 answers tolerated for one message before it is marked failed."""
GROUP_GAP, PRIVATE_GAP = 3.0, 1.0
"""Seconds between the parts of one digest: 20 a minute in groups, 1 a second in private."""


class Messenger(Protocol):
    """Where the sender's messages go: Telegram in the bot (bot.telegram.client)."""

    async def send(self, chat_id: int, text: str) -> int:
        """Send `text` (Telegram HTML); the message id, or a digest.errors DeliveryError."""
        ...


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
    """Chats served at once: enough to sustain `rate` while each waits a round trip
    (ROUND_TRIP) and its part's group commit (recording.SPACING), 4 to 120 (at 1,000/s).

    PTB's httpx transport bought nothing past 4 (its pool scans every open connection for
    each request); the aiohttp transport (bot.telegram.transport) hands one over in
    constant time.
    """
    return max(4, math.ceil(rate * ROUND_TRIP + rate * recording.SPACING))


class Sender:
    """Works through due ledger rows until none is left; one instance per push or job run."""

    def __init__(self, context: Context, messenger: Messenger, rate: float) -> None:
        self.context, self.messenger = context, messenger
        self.settings = context.settings
        self.concurrency = concurrency_for(rate)
        self.claim_size = max(self.concurrency, math.ceil(rate * CLAIM_SECONDS))
        self.worker = worker_name()
        self.outcomes: Counter[str] = Counter()
        self.days: set[date] = set()
        """The digests' days this sender delivered rows of."""
        self._rendered: dict[Rendering, asyncio.Future[list[str]]] = {}
        """Each rendering's messages, or its work while under way: the chats claimed together
        share it instead of each loading and rendering the digest (10 ms apiece)."""
        self._recorder = PartRecorder(
            lambda sent: self._db(deliveries.record_parts, self.worker, sent)
        )

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
        any, `claim_size` at a time, and send them, `concurrency` chats at once."""
        dead = dead_workers(await self._db(deliveries.busy_workers))
        claimed: deque[Claim] = deque()
        finished: asyncio.Queue[asyncio.Task[None]] = asyncio.Queue()
        running = after = 0
        exhausted = False

        async def claim(after: int) -> list[Claim]:
            return await self._db(
                deliveries.claim,
                self.worker,
                now=now or utcnow(),
                limit=self.claim_size,
                lease=LEASE,
                dead=dead,
                digest_id=digest_id,
                after=after,
            )

        while True:
            if not exhausted and len(claimed) <= self.claim_size // 2:
                # Onwards from the last row claimed; when none is left there, once from the
                # start (rows taken over from a dead sender, or committed late by another):
                # the run ends when that finds nothing either.
                claims = await claim(after) or (await claim(0) if after else [])
                exhausted = not claims
                after = claims[-1].id if claims else 0
                claimed.extend(claims)
            while claimed and running < self.concurrency:
                task = asyncio.create_task(self._deliver(claimed.popleft()))
                task.add_done_callback(finished.put_nowait)
                running += 1
            if not running:
                return
            (await finished.get()).result()  # a bug in _deliver must not pass silently
            running -= 1
            advance()

    async def _messages(self, claimed: Claim) -> list[str]:
        language = claimed.language or self.settings.interface_language
        key = (claimed.day, claimed.sections, claimed.watch, language)
        rendering = self._rendered.get(key)
        if rendering is None:
            rendering = self._rendered[key] = asyncio.ensure_future(self._render(*key))
        try:
            return await asyncio.shield(rendering)  # one chat cancelled cancels no other's
        except Exception:
            if self._rendered.get(key) is rendering:
                del self._rendered[key]  # the next chat tries again
            raise

    async def _render(
        self, day: date, sections: tuple[str, ...], watched: tuple[str, ...], language: str
    ) -> list[str]:
        digest = await self._db(load_digest, day)
        tr, watch = translator(language), Watch(watched)
        return render_digest(digest, sections, tr=tr, watch=watch) if digest else []

    async def _deliver(self, claimed: Claim) -> None:
        """Send a claimed row's remaining parts in order, then record its outcome.

        A row resumed half-way sends the rest of the parts it began with (stored with its
        first part), never a mix of two renderings.
        """
        self.days.add(claimed.day)
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
                first = messages if index == 0 else None
                still_ours = await self._recorder.record(
                    SentPart(claimed.id, message_id, last, first)
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

    async def record(self, started: datetime) -> None:
        """Keep this run in the push record (storage.pushes) if it delivered anything."""
        if self.outcomes:
            day = max(self.days)
            await self._db(record_push, day, started, utcnow(), self.outcomes)

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
            try:
                return chat_id, await self.messenger.send(chat_id, text)
            except ChatMoved as error:
                if moved:
                    raise SendFailed(f"{error} twice") from error
                log.info("chat %s is now chat %s", chat_id, error.new_chat_id)
                await self._db(migrate_chat, chat_id, error.new_chat_id)
                chat_id, moved = error.new_chat_id, True
            except FloodWait as error:  # every send is paused meanwhile
                floods += 1
                if floods > MAX_FLOOD_WAITS:
                    raise SendFailed(f"flood control {floods} times in a row") from error
            except SendRetryable as error:
                failures += 1
                if failures > self.settings.send_retries:
                    raise SendFailed(f"{error} ({failures} tries)") from error
                await asyncio.sleep(self.settings.retry_backoff * 2 ** (failures - 1))


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
    messenger: Messenger,
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
    sender = Sender(context, messenger, context.settings.rate_limit)
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
        await sender.record(now)
    return PushReport(found_day, sender.outcomes, already)


async def deliver_due(
    context: Context, messenger: Messenger, now: datetime | None = None
) -> Counter[str]:
    """Send every row due by `now`, of any digest: the scheduler's minute job."""
    sender = Sender(context, messenger, context.settings.rate_limit)
    started = utcnow()
    try:
        await sender.run(now=now)
    finally:
        await sender.record(started)
    return sender.outcomes
