"""python-telegram-bot's HTTP transport on aiohttp, for the sending bot.

PTB's own transport (httpx) slows down as its pool grows: every waiting request scans all
open connections (encode/httpx#3215), so the sender at 1,000 messages/s spent most of its
CPU there. aiohttp's connector hands a free connection over in constant time. PTB's
`BaseRequest` is the documented extension point; the bot and its methods stay PTB's.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """At most `connections` requests at once to the Bot API, each under `timeout` s."""

    def __init__(self, connections: int, timeout: float) -> None:
        self._connections = connections
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                timeout=aiohttp.ClientTimeout(total=None, connect=self._timeout),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        # One deadline for the whole call (waiting for a connection, sending, reading): the
        # per-phase timeouts PTB may pass are given by this module's single setting.
        waits = [read_timeout, write_timeout, connect_timeout, pool_timeout]
        given = [wait for wait in waits if isinstance(wait, int | float)]
        deadline = aiohttp.ClientTimeout(total=max(given, default=self._timeout))
        data: aiohttp.FormData | bytes | None = None
        headers = {}
        if request_data is not None and request_data.contains_files:
            data = aiohttp.FormData(request_data.json_parameters)
            for name, (filename, content, mimetype) in request_data.multipart_data.items():
                data.add_field(name, content, filename=filename, content_type=mimetype)
        elif request_data is not None:
            # A JSON body, which the Bot API accepts: form-encoding a 3 KB message escaped
            # it byte by byte in pure Python, a quarter of the push's CPU.
            data, headers = request_data.json_payload, {"Content-Type": "application/json"}
        try:
            request = self._session.request(
                method, url, data=data, headers=headers, timeout=deadline
            )
            async with request as answer:
                return answer.status, await answer.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
