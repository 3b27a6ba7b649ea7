"""Polite, bounded HTTP downloads: timeouts, a size limit, few redirects, few requests per host.

Every limit turns into a FetchError with a line a person can act on, so one broken site
never stops a poll and never fills memory or hangs the bot.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from bot.settings import Settings

USER_AGENT = "digestbot/0.1 (daily news digest bot; reads feeds every few minutes)"
"""Names the bot to site owners; add the project's public URL here once it has one."""


class FetchError(Exception):
    """A download failed; the message says why in one line."""


@dataclass(frozen=True)
class Download:
    """A complete response body (or a 304) with what the caller needs from its headers."""

    url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


class Downloader:
    """One HTTP client for a whole poll, with a semaphore per host; use `async with`."""

    def __init__(self, settings: Settings) -> None:
        self._timeout = settings.fetch_timeout
        self._limit = settings.max_response_bytes
        self._max_redirects = settings.max_redirects
        self._per_host = settings.per_host_connections
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self._per_host)
        )
        self._client = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self._timeout),
            follow_redirects=True,
            max_redirects=self._max_redirects,
        )

    async def __aenter__(self) -> Downloader:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Download:
        """GET `url` (conditionally when validators are given); FetchError unless 200 or 304."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self._hosts[urlsplit(url).netloc.lower()]:
            try:
                # The overall deadline also stops a server that trickles bytes forever.
                async with asyncio.timeout(self._timeout):
                    return await self._get(url, headers)
            except TimeoutError:
                raise FetchError(f"no complete answer within {self._timeout:g} s") from None
            except httpx.TooManyRedirects:
                raise FetchError(
                    f"more than {self._max_redirects} redirects (a redirect loop?)"
                ) from None
            except httpx.TimeoutException:
                raise FetchError(f"no answer within {self._timeout:g} s") from None
            except httpx.ConnectError as error:
                raise FetchError(f"cannot connect: {error}") from None
            except (httpx.HTTPError, httpx.InvalidURL) as error:
                raise FetchError(f"{type(error).__name__}: {error or 'request failed'}") from None

    async def _get(self, url: str, headers: dict[str, str]) -> Download:
        async with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code not in (200, 304):
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self._limit:
                raise FetchError(
                    f"response of {_megabytes(int(declared))} exceeds the "
                    f"{_megabytes(self._limit)} limit"
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > self._limit:
                    raise FetchError(f"response exceeds the {_megabytes(self._limit)} limit")
            content_type = response.headers.get("Content-Type", "")
            return Download(
                url=str(response.url),
                status=response.status_code,
                body=bytes(body),
                content_type=content_type.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
