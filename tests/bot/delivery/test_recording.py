"""The group commit of sent parts: the parts sent while a write runs go together in the next,
each sender learns whether its own row was still its, and a failed write reaches them all."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.delivery.recording import PartRecorder
from storage.deliveries import SentPart


async def test_parts_sent_during_a_write_go_together_in_the_next() -> None:
    writes: list[list[int]] = []
    first_commit = asyncio.Event()

    async def write(sent: Sequence[SentPart]) -> list[bool]:
        writes.append([part.delivery_id for part in sent])
        if len(writes) == 1:
            await first_commit.wait()
        return [part.delivery_id % 2 == 0 for part in sent]  # odd rows were taken over

    recorder = PartRecorder(write)
    first = asyncio.create_task(recorder.record(SentPart(2, 100, last=True)))
    await asyncio.sleep(0)  # its write starts, and waits
    later = [asyncio.create_task(recorder.record(SentPart(n, 100, last=True))) for n in (3, 4, 5)]
    await asyncio.sleep(0)
    first_commit.set()
    assert await first is True
    assert [await one for one in later] == [False, True, False]
    assert writes == [[2], [3, 4, 5]]


async def test_a_failed_write_reaches_each_of_its_senders_and_the_next_one_goes_on() -> None:
    writes = 0

    async def write(sent: Sequence[SentPart]) -> list[bool]:
        nonlocal writes
        writes += 1
        if writes == 1:
            raise RuntimeError("disk full")
        return [True] * len(sent)

    recorder = PartRecorder(write)
    both = [recorder.record(SentPart(n, 100, last=False, parts=["a", "b"])) for n in (1, 2)]
    failed = await asyncio.gather(*both, return_exceptions=True)
    assert [repr(error) for error in failed] == [repr(RuntimeError("disk full"))] * 2
    assert await recorder.record(SentPart(3, 101, last=True)) is True


async def test_a_part_sent_soon_after_a_commit_waits_for_the_next_spaced_one() -> None:
    writes: list[list[int]] = []

    async def write(sent: Sequence[SentPart]) -> list[bool]:
        writes.append([part.delivery_id for part in sent])
        return [True] * len(sent)

    recorder = PartRecorder(write, spacing=0.05)
    assert await recorder.record(SentPart(1, 100, last=True)) is True  # written at once
    later = [asyncio.create_task(recorder.record(SentPart(n, 100, last=True))) for n in (2, 3)]
    await asyncio.sleep(0)
    assert writes == [[1]]  # 2 and 3 wait for the spacing to pass since the first write
    assert [await one for one in later] == [True, True]
    assert writes == [[1], [2, 3]]
