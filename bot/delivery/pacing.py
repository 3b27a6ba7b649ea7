"""The process's one pace for outgoing messages: just under Telegram's rate, evenly spaced.

Pure asyncio: the Telegram room's rate limiter (bot.telegram.pacing.PacedLimiter) owns the
one Pace of a process and makes every message, reply or broadcast, wait for it.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

HEADROOM = 0.97
"""Sends are paced at 97% of the limit: evenly spaced sends reach Telegram with network
jitter, and at exactly the limit two of them sometimes land in one second's window."""

CATCH_UP = 0.01
"""Seconds of late wake-ups the pace makes up (half an interval at low rates, where that is
longer): at 1,000 messages/s, timers firing a millisecond late cost 7% of the rate when
only half an interval was made up. A longer stall (a blocked loop) is not made up beyond
this, so at most CATCH_UP × rate sends start at once."""


class Pace:
    """Keeps sends just under `rate` per second, evenly spaced; a 429 pauses them all.

    Two rules, both checked the moment a send may start: one send per 1/rate seconds on
    average (late starts made up, see CATCH_UP), and never more than `rate` in any one
    second, which no catching up can break.

    One Pace serves the whole process (bot.pacing.PacedLimiter owns it): replies and
    broadcasts queue apart, then take turns, so a reply waits behind at most one broadcast
    and a push keeps half the rate even when many readers are being answered.
    """

    def __init__(self, rate: float) -> None:
        paced = rate * HEADROOM
        self._interval = 1 / paced
        self._catch_up = max(CATCH_UP, self._interval / 2)
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
        # The next slot is one interval after this one's, even when this send started late
        # (a busy event loop wakes sleepers late): up to CATCH_UP seconds (or half an
        # interval) of lost time are made up by starting the next sends at once. The
        # one-second rule of _delay still holds them under the limit in every window.
        self._next = max(self._next, now - self._catch_up) + self._interval
        self._recent.append(now)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, asyncio.get_running_loop().time() + seconds)
