"""Reading one file of the real-world feeds corpus the way `digestbot fetch` would.

Shared by the corpus test and `benchmarks/realworld_feeds.py`, so the figures in the README
and the test's expectations come from the same reading.
"""

from __future__ import annotations

from typing import Any

import httpx

from digest.errors import Rejected
from digest.intake.feeds import ParsedFeed, parse_feed
from tests.support.realworld import FEEDS

BASE_URL = "http://feeds.example/"
"""Where the corpus's relative links resolve: feedparser's tests have no real address."""


def header_charset(row: dict[str, Any]) -> str | None:
    """The charset of the file's `Content-type` header as httpx reads it in a download."""
    headers = row.get("http_headers") or {}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if content_type is None:
        return None
    return httpx.Response(200, headers={"Content-Type": content_type}).charset_encoding


def read(row: dict[str, Any]) -> ParsedFeed | Rejected:
    """The feed read from the file's bytes, or the reason it was refused."""
    data = (FEEDS.parent / row["file"]).read_bytes()
    try:
        return parse_feed(data, url=BASE_URL + row["file"], header_charset=header_charset(row))
    except Rejected as reason:
        return reason
