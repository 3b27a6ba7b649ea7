"""Reading JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): a small format, read with
the standard library's json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from digest.errors import Rejected
from digest.intake.feed_entries import ParsedFeed, plain_text

VERSION_PREFIX = "https://jsonfeed.org/version/"


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _moment(value: Any) -> datetime | None:
    """An RFC 3339 time in UTC; one without an offset is taken as UTC, a bad one as none."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_json_feed(text: str, *, url: str) -> ParsedFeed:
    """The entries of a JSON Feed; Rejected when the JSON is invalid or not a JSON Feed."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise Rejected(f"unsupported format: not a feed (invalid JSON: {error})") from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        raise Rejected(f"unsupported format: JSON, but not a JSON Feed (no {VERSION_PREFIX}…)")
    items = data.get("items")
    if not isinstance(items, list):
        raise Rejected('invalid JSON Feed: "items" is not a list')
    feed = ParsedFeed(title=_text(data.get("title")))
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            feed.problems.append(f"entry {number}: not a JSON object")
            continue
        summary = _text(item.get("summary")) or _text(item.get("content_text"))
        html = item.get("content_html")
        feed.add(
            number,
            title=_text(item.get("title")),
            link=_text(item.get("url")) or _text(item.get("external_url")),
            guid=str(item["id"]) if isinstance(item.get("id"), str | int) else "",
            summary=summary or (plain_text(html) if isinstance(html, str) else ""),
            published=_moment(item.get("date_published")) or _moment(item.get("date_modified")),
            base=url,
        )
    return feed
