"""Logging for the long-running bot: readable lines, and never the token.

Telegram's URLs contain the token (`/bot<token>/method`), and a network error's traceback
repeats its URL, so every formatted line is scrubbed, tracebacks included. Feed URLs may
carry credentials (`https://user:password@…`) or keys (`?apikey=…`): wherever a URL is shown
or logged, its user-info and query string are left out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
_URL = re.compile(r"""https?://[^\s<>"']+""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
"""Punctuation after a URL in prose ends the sentence, not the URL."""


def _host(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return parts.scheme, host + (f":{port}" if port is not None else "")


def site_of(url: str) -> str | None:
    """`scheme://host[:port]` of `url`: what readers may see of a feed's address."""
    found = _host(url)
    return f"{found[0]}://{found[1]}" if found else None


def redact_url(url: str) -> str:
    """`url` without user-info, query string or fragment (a query is shown as `?…`)."""
    found = _host(url)
    if found is None:
        return "[malformed URL]"
    parts = urlsplit(url)
    return f"{found[0]}://{found[1]}{parts.path}" + ("?…" if parts.query else "")


def redact_urls(text: str) -> str:
    """Every http(s) URL in `text` through `redact_url`."""

    def one(match: re.Match[str]) -> str:
        url = match[0].rstrip(_TRAILING)
        return redact_url(url) + match[0][len(url) :]

    return _URL.sub(one, text)


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces each secret by [redacted] and redacts URLs in the final text."""

    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return redact_urls(text)


def configure_logging(secrets: Iterable[str], level: int = logging.INFO) -> None:
    """Log to stderr with secrets scrubbed; httpx's per-request lines (token in URL) muted."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
