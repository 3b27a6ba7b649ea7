"""Polite, bounded HTTP downloads: timeouts, a size limit, few redirects, few requests per host.

Every limit turns into a FetchError with a line a person can act on, so one broken site
never stops a poll and never fills memory or hangs the bot.
"""

from __future__ import annotations

import asyncio
import zlib
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from bot.settings import Settings
from digest.errors import FetchError

USER_AGENT = "digestbot/0.1 (daily news digest bot; reads feeds every few minutes)"
"""Names the bot to site owners; add the project's public URL here once it has one."""
ACCEPT_ENCODING = "gzip, deflate"
"""Only the codings `_BoundedDecoder` can decode with a bound on the decoded size."""
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


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


class _BoundedDecoder:
    """Decodes a response body chunk by chunk, never producing more than `limit` bytes.

    httpx's own decoders inflate each network chunk whole, so a 64 KB chunk of a gzip
    bomb becomes 64 MB (and a gzip of a gzip, gigabytes) before any size check runs.
    Here zlib is asked for at most one byte past the limit at a time. Stacked codings
    ("gzip, gzip") are refused: no honest server compresses twice.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [
            coding.strip().lower()
            for coding in content_encoding.split(",")
            if coding.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1:
            raise FetchError(f"refused: more than one content encoding ({', '.join(codings)})")
        if codings and codings[0] not in _WBITS:
            raise FetchError(f"refused: unsupported content encoding {codings[0]!r}")
        self._coding = codings[0] if codings else None
        self._limit = limit
        self._inflater = zlib.decompressobj(_WBITS[self._coding]) if self._coding else None
        self._started = False
        self.body = bytearray()

    def feed(self, chunk: bytes) -> None:
        """Add one raw chunk; FetchError once the decoded body passes the limit."""
        if self._inflater is None:
            self._add(chunk)
            return
        try:
            data = chunk
            while data:
                room = self._limit - len(self.body) + 1
                self._add(self._inflater.decompress(data, room))
                data = self._inflater.unconsumed_tail
        except zlib.error as error:
            if self._coding != "deflate" or self._started:
                raise FetchError(f"undecodable {self._coding} response: {error}") from None
            # Some servers send raw deflate without the zlib header (httpx allows it too).
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self._started = True
            self.feed(chunk)
        self._started = True

    def finish(self) -> bytes:
        """The decoded body, once the whole raw body was fed (none at all for a 304)."""
        if self._inflater is not None and self._started:
            try:
                self._add(self._inflater.flush())
            except zlib.error as error:
                raise FetchError(f"undecodable {self._coding} response: {error}") from None
            if not self._inflater.eof:
                raise FetchError(f"undecodable {self._coding} response: it ends early")
        return bytes(self.body)

    def _add(self, data: bytes) -> None:
        self.body += data
        if len(self.body) > self._limit:
            what = f"decoded response exceeds the {_megabytes(self._limit)} limit"
            raise FetchError(f"{what} ({self._coding})" if self._coding else what)


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
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
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
            decoder = _BoundedDecoder(response.headers.get("Content-Encoding", ""), self._limit)
            raw_size = 0
            async for chunk in response.aiter_raw():
                # Compressed bytes never outgrow the decoded ones, except junk after the end.
                raw_size += len(chunk)
                if raw_size > self._limit:
                    raise FetchError(f"response exceeds the {_megabytes(self._limit)} limit")
                decoder.feed(chunk)
            body = decoder.finish()
            content_type = response.headers.get("Content-Type", "")
            return Download(
                url=str(response.url),
                status=response.status_code,
                body=body,
                content_type=content_type.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
