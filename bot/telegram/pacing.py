"""Telegram's limits for the whole process: outgoing messages and incoming commands.

- `PacedLimiter`, PTB's rate limiter on the one bot of the process: every message, reply
  or broadcast, waits for its chat's limit (one a second in a private chat, 20 a minute in
  a group, short bursts allowed) and then for a slot of the one process-wide `Pace`;
  replies and broadcasts take turns there, so a push never starves a reader's /start.
  A reply refused with 429 is sent again after `retry_after` (a bounded number of times);
  a broadcast's 429 goes back to the Sender, which counts it against the message.
- `Coalescing`, the application's update processor: users are answered concurrently, each
  user's updates in order; a user's repeat of a command still waiting its turn is dropped
  (with one short "slow down" per burst), so one user flooding /latest costs one answer,
  not a thousand, and others are answered meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Update
from telegram.constants import ChatType
from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor
from telegram.warnings import PTBDeprecationWarning

from bot.delivery.pacing import Pace
from bot.i18n import N_, supported, translator

log = logging.getLogger(__name__)

REPLY_RETRIES = 3
"""429 answers tolerated for one reply before its error reaches the handler."""
PRIVATE_BURST, PRIVATE_PERIOD = 3, 3.0
"""One message a second into a private chat on average, three at once at most."""
GROUP_BURST, GROUP_PERIOD = 20, 60.0
"""20 messages a minute into a group (Telegram's limit), as PTB's AIORateLimiter has it."""
IDLE_CHATS = 10_000
"""Per-chat limiters kept before the idle ones are forgotten."""
MESSAGE_METHODS = ("send", "copyMessage", "forwardMessage")
"""Endpoints that post a message into a chat: the ones Telegram's limits count."""
WAITING = 3
"""Requests of one user queued behind the one being answered; more, or a repeat of one of
them, are dropped: its answer is on its way."""
SLOW_DOWN = N_("One moment, please: I am still answering your previous message.")


BROADCAST = {"broadcast": True}
"""`rate_limit_args` of the Sender's messages for PacedLimiter: they take turns
with replies, and a 429 comes back here to be counted (MAX_FLOOD_WAITS) instead of retried."""


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the int form will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PacedLimiter(BaseRateLimiter[dict[str, bool]]):
    """Per-chat limits, then the process-wide `pace` (see the module's docstring)."""

    def __init__(self, rate: float) -> None:
        self.pace = Pace(rate)
        self._chats: dict[int, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to open: the limits live in memory."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def _chat(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if len(self._chats) >= IDLE_CHATS:
                self._chats = {
                    chat: kept
                    for chat, kept in self._chats.items()
                    if not kept.has_capacity(kept.max_rate)
                }
            private = chat_id > 0
            limiter = AsyncLimiter(
                PRIVATE_BURST if private else GROUP_BURST,
                PRIVATE_PERIOD if private else GROUP_PERIOD,
            )
            self._chats[chat_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, bool] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if not endpoint.startswith(MESSAGE_METHODS) or not isinstance(chat_id, int):
            return await callback(*args, **kwargs)  # edits, answers, getMe: not limited
        broadcast = rate_limit_args == BROADCAST
        floods = 0
        while True:
            await self._chat(chat_id).acquire()
            await self.pace.wait(reply=not broadcast)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.pace.pause(retry_after_seconds(error))
                floods += 1
                if broadcast or floods > REPLY_RETRIES:
                    raise
                log.warning("flood control on a reply to chat %s, sending it again", chat_id)


def _repeat_key(update: Update) -> str | None:
    """What makes two updates the same request: the command line or the button pressed;
    None for the rest (plain text, the bot removed from a chat), which is never dropped."""
    if update.callback_query is not None:
        return f"button:{update.callback_query.data}"
    message = update.effective_message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return f"command:{message.text.strip()}"


@dataclass
class _UserQueue:
    """One user's updates, handled one at a time in order; `waiting`: the requests queued."""

    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: set[str] = field(default_factory=set)
    size: int = 0


class Coalescing(BaseUpdateProcessor):
    """Handles different users' updates concurrently and each user's in order, dropping a
    request that repeats one still waiting (see the module's docstring). The "slow down" is
    in the user's Telegram language, else in `language` (no database is asked, to stay quick).
    """

    def __init__(self, max_concurrent_updates: int, language: str) -> None:
        super().__init__(max_concurrent_updates)
        self._language = language
        self._users: dict[int, _UserQueue] = {}
        self._warned: set[int] = set()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        sender = update.effective_sender if isinstance(update, Update) else None
        if sender is None:  # polls, the bot's own membership changes: nobody to pace
            await coroutine
            return
        assert isinstance(update, Update)
        user = sender  # a user, or a channel posting as itself: paced alike
        key, queue = _repeat_key(update), self._users.setdefault(user.id, _UserQueue())
        if key is not None and (key in queue.waiting or len(queue.waiting) >= WAITING):
            coroutine.close()  # type: ignore[attr-defined]
            await self._slow_down(update, user.id)
            return
        waiting = {key} if key is not None else set()
        queue.waiting |= waiting
        queue.size += 1
        self._warned.discard(user.id)
        try:
            async with queue.turn:
                queue.waiting -= waiting
                await coroutine
        finally:
            queue.waiting -= waiting
            queue.size -= 1
            if not queue.size:
                del self._users[user.id]

    async def _slow_down(self, update: Update, user_id: int) -> None:
        """Say once per burst that the repeats are dropped; never fail the update for it."""
        chat = update.effective_chat
        if user_id in self._warned or chat is None or chat.type != ChatType.PRIVATE:
            return  # in a group, the notice would bother everyone
        self._warned.add(user_id)
        try:
            user = update.effective_user
            spoken = supported(user.language_code) if user is not None else None
            await chat.send_message(translator(spoken or self._language).gettext(SLOW_DOWN))
        except TelegramError as error:
            log.warning("could not ask user %s to slow down: %s", user_id, error)
