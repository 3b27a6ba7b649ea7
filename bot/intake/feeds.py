"""`digestbot feeds`, `feeds import` and `feeds export`: the feeds file and each feed's state."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.intake.feeds_file import (
    FeedsFileError,
    append_feeds,
    read_feeds_file,
    read_opml,
    write_opml,
)
from bot.logs import redact_url, redact_urls
from bot.services import Context
from storage.db import session_scope
from storage.feeds import sync_feeds
from storage.models import FeedRow


def _feeds_path(context: Context) -> Path:
    path = context.settings.feeds
    if path is None:
        raise FeedsFileError(
            "no feeds file: set DIGESTBOT_FEEDS to a TOML file (see feeds.example.toml)"
        )
    return path


def load_feeds(context: Context) -> list[FeedRow]:
    """The feeds file's feeds as rows with their polling state, in the file's order."""
    specs = read_feeds_file(_feeds_path(context))
    with session_scope(context.engine) as session:
        return sync_feeds(session, specs)


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def feed_lines(context: Context) -> list[str]:
    """Two or three lines per feed: name and URL, its record, and its last error if any."""
    lines = []
    for feed in load_feeds(context):
        keywords = f"  keywords: {feed.keywords.replace(',', ', ')}" if feed.keywords else ""
        lines.append(f"{feed.name}  {redact_url(feed.url)}{keywords}")
        state = (
            f"  last success {_when(feed.last_success)}, {feed.articles_stored} articles stored, "
            f"{feed.consecutive_failures} failures in a row"
        )
        if feed.next_attempt_at:
            state += f", backing off until {_when(feed.next_attempt_at)}"
        lines.append(state)
        if feed.last_error:
            lines.append(f"  last error: {redact_urls(feed.last_error)}")
    return lines


def import_opml(context: Context, opml: Path) -> str:
    """Append the OPML file's feeds to the feeds file; returns the summary line."""
    try:
        data = opml.read_bytes()
    except OSError as error:
        raise FeedsFileError(f"cannot read {opml}: {error.strerror or error}") from None
    path = _feeds_path(context)
    added, skipped = append_feeds(path, read_opml(data, str(opml)))
    return f"{len(added)} feeds added to {path}, {len(skipped)} already listed"


def export_opml(context: Context) -> str:
    """The feeds file as OPML, for a feed reader."""
    return write_opml(read_feeds_file(_feeds_path(context)))
