"""Compressed responses from the local site: bombs stop at the limit, stacked codings are refused.

Memory is measured with tracemalloc as a generous bound (the limit is 64 KB, the bound
16 MB): decoding a bomb whole costs tens of megabytes or more.
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from bot.intake.downloads import Downloader, FetchError
from bot.settings import Settings
from tests.support.feed_server import FeedServer, Response, rss2, serve

LIMIT = 64 * 1024
MEMORY_BOUND = 16 * 1024 * 1024


def _gzip_of_zeros(megabytes: int) -> bytes:
    """A gzip stream of `megabytes` MB of zero bytes, made without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join([*(packer.compress(zeros) for _ in range(megabytes)), packer.flush()])


@pytest.fixture(scope="module")
def site() -> Iterator[FeedServer]:
    feed_type = "application/rss+xml"
    with serve() as server:
        feed = rss2(server.base)
        deflater = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        raw_deflate = deflater.compress(feed) + deflater.flush()
        for path, body, coding in [
            ("/bomb.xml", _gzip_of_zeros(50), "gzip"),
            ("/double-bomb.xml", gzip.compress(_gzip_of_zeros(100)), "gzip, gzip"),
            ("/brotli.xml", b"\x1b\x00\x00", "br"),
            ("/gzip.xml", gzip.compress(feed), "gzip"),
            ("/deflate.xml", zlib.compress(feed), "deflate"),
            ("/raw-deflate.xml", raw_deflate, "deflate"),
            ("/identity.xml", feed, "identity"),
            ("/truncated.xml", gzip.compress(feed)[:-40], "gzip"),
            ("/corrupt.xml", gzip.compress(feed)[:10] + bytes(range(256)), "gzip"),
            ("/corrupt-deflate.xml", bytes(range(255, -1, -1)), "deflate"),
        ]:
            server.routes[path] = Response(200, feed_type, body, (("Content-Encoding", coding),))
        yield server


async def _get(site: FeedServer, path: str) -> bytes:
    settings = Settings(fetch_timeout=5, max_response_bytes=LIMIT)
    async with Downloader(settings) as downloader:
        return (await downloader.get(site.url(path))).body


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/bomb.xml", "decoded response exceeds the 65,536 bytes limit (gzip)"),
        ("/double-bomb.xml", "refused: more than one content encoding (gzip, gzip)"),
        ("/brotli.xml", "refused: unsupported content encoding 'br'"),
        ("/truncated.xml", "undecodable gzip response: it ends early"),
        ("/corrupt.xml", "undecodable gzip response: Error -3 while decompressing data"),
        ("/corrupt-deflate.xml", "undecodable deflate response: Error -3 while decompressing"),
    ],
)
async def test_bombs_and_unknown_codings_fail_with_one_line_and_bounded_memory(
    site: FeedServer, path: str, message: str
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as failure:
            await _get(site, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(failure.value).startswith(message)
    assert "\n" not in str(failure.value)
    assert peak < MEMORY_BOUND, f"{peak / 1e6:.1f} MB traced while fetching {path}"


@pytest.mark.parametrize("path", ["/gzip.xml", "/deflate.xml", "/raw-deflate.xml", "/identity.xml"])
async def test_compressed_feeds_are_decoded(site: FeedServer, path: str) -> None:
    assert await _get(site, path) == rss2(site.base)


async def test_only_decodable_codings_are_asked_for(site: FeedServer) -> None:
    await _get(site, "/gzip.xml")
    assert site.seen("/gzip.xml")[-1]["Accept-Encoding"] == "gzip, deflate"
