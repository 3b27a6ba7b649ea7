"""A Bot API fake that is never the bottleneck of a sending benchmark.

tests/support/fake_telegram.py is a full fake (threads, one Python object a message,
about 350 µs a request, a backlog of 5 connections); the sender at 1,000 messages/s would
measure it. This one answers every call with a canned success on asyncio, keep-alive,
with a deep backlog, in its own process, and keeps only the arrival time of each
sendMessage, so the benchmark can count the busiest one-second window.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

BOT = {"id": 123456, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
BACKLOG = 4096


def http_answer(result: object) -> bytes:
    body = json.dumps({"ok": True, "result": result}).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


class CannedApi:
    """Canned successes on asyncio, and the arrival time of every sendMessage."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.sent = http_answer(
            {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "x"}
        )
        self.me = http_answer(BOT)
        self.other = http_answer(True)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length) if length else b""
                writer.write(await self.respond(head.split(b" ", 2)[1], body))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def respond(self, path: bytes, body: bytes) -> bytes:
        """The answer to one call; a subclass answers more methods (getUpdates)."""
        del body  # the canned answers do not depend on it
        if path.endswith(b"/sendMessage"):
            self.arrivals.append(time.monotonic())
            return self.sent
        return self.me if path.endswith(b"/getMe") else self.other


def busiest_second(arrivals: list[float]) -> int:
    """The most arrivals in any one-second window (sliding, not calendar seconds)."""
    most, first = 0, 0
    for last, at in enumerate(arrivals):
        while at - arrivals[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def _run(connection: Connection) -> None:
    api = CannedApi()

    async def main() -> None:
        server = await asyncio.start_server(api.serve, "127.0.0.1", 0, backlog=BACKLOG)
        port = server.sockets[0].getsockname()[1]
        connection.send(f"http://127.0.0.1:{port}/bot")
        loop = asyncio.get_running_loop()
        while (order := await loop.run_in_executor(None, connection.recv)) != "stop":
            assert order == "stats"
            arrivals, api.arrivals = api.arrivals, []
            connection.send({"sent": len(arrivals), "busiest": busiest_second(arrivals)})
        server.close()

    asyncio.run(main())


class BotApiProcess:
    """A Bot API fake served by `serve(connection, *args)` in its own process (this module's
    fast fake unless told otherwise): `base_url`, `stats()`, `stop()`. `serve` sends its base
    URL first, then answers each "stats" with a dict until it is sent "stop"."""

    def __init__(self, serve: Callable[..., None] = _run, *args: object) -> None:
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=serve, args=(child, *args), daemon=True)
        self._process.start()
        self.base_url: str = self._connection.recv()

    def ask(self, order: object) -> Any:
        """Send `order` to `serve` and return its answer."""
        self._connection.send(order)
        return self._connection.recv()

    def stats(self) -> dict[str, int]:
        """What the fake counted: for the fast one, sendMessage calls since the last stats()
        and the busiest second among them."""
        return self.ask("stats")  # type: ignore[no-any-return]

    def stop(self) -> None:
        self._connection.send("stop")
        self._process.join()
