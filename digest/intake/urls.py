"""The one check of a web address taken in: JSON records, HTML pages and feed links alike.

A stored URL is a unique key and ends up in every digest line that cites it, so a malformed
one must be caught at intake, not when a day's digest is rendered.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_BYTES = 2000
"""Longest URL kept, in UTF-8 bytes: PostgreSQL's btree index rows must stay under 2,704."""
_BAD_CHARACTERS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Whitespace, control characters and lone surrogates: none belongs in an address."""


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable web address (one short phrase), or None when it is."""
    if _BAD_CHARACTERS.search(url):
        return "spaces or control characters in it"
    size = len(url.encode("utf-8"))
    if size > MAX_URL_BYTES:
        return f"longer than {MAX_URL_BYTES:,} bytes"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        return "not a well-formed web address"
    if parts.scheme not in ("http", "https"):
        return "not a web address (http or https)"
    if not host:
        return "no host name"
    return None
