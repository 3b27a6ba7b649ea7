"""Group commit of the parts a sender sends: the ledger's guarantee at a fraction of its cost.

Every part is still recorded before its chat's next part goes and before its row counts as
done, so what a crash can double stays one message per chat in flight, at most the sender's
concurrency. What changes is how: the parts sent while one commit runs are written together
by the next, in one transaction. A push at hundreds of messages a second made one commit,
one worker-thread hop and one GIL hand-back per message; the event loop waited for those,
and so did every reader's answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from storage.deliveries import SentPart

Write = Callable[[Sequence[SentPart]], Awaitable[list[bool]]]
"""Records parts in one transaction; for each, whether its row was still the sender's."""


class PartRecorder:
    """Records sent parts through `write`, the ones waiting together, one write at a time."""

    def __init__(self, write: Write) -> None:
        self._write = write
        self._waiting: list[tuple[SentPart, asyncio.Future[bool]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def record(self, sent: SentPart) -> bool:
        """Once `sent` is committed: whether its row was still this sender's."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((sent, done))
        if self._flushing is None:
            self._flushing = asyncio.create_task(self._flush())
        return await done

    async def _flush(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    still_ours = await self._write([sent for sent, _ in batch])
                except Exception as error:  # each sender of the batch sees it, as before
                    for _, done in batch:
                        done.set_exception(error)
                    continue
                for (_, done), ours in zip(batch, still_ours, strict=True):
                    done.set_result(ours)
        finally:
            self._flushing = None
