"""What a feed is read into, whatever its format (RSS, Atom, JSON Feed), and the checks every
entry passes: an entry the fetcher cannot use is one line, never the whole feed's failure."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from digest.errors import Rejected
from digest.intake.documents import clean_field
from digest.intake.urls import MAX_URL_BYTES, url_problem

_TAG = re.compile(r"<[^<>]+>")
"""No `<` inside a tag: a run of unclosed `<` is then scanned once, not once per `<`."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed with what the fetcher needs: where to read it and when it appeared."""

    title: str
    link: str
    guid: str | None
    summary: str
    published: datetime | None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the entry may have been seen under before (its guid and its link)."""
        return tuple(dict.fromkeys(key for key in (self.guid, self.link) if key))


@dataclass
class ParsedFeed:
    """The usable entries of a feed, one line for each entry that is not usable, and notes
    on the feed itself (read leniently) that belong in its state."""

    title: str
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, number: int, **fields: object) -> None:
        """Add entry `number` built by `feed_entry(**fields)`, or its problem."""
        try:
            self.entries.append(feed_entry(**fields))  # type: ignore[arg-type]
        except Rejected as reason:
            self.problems.append(f"entry {number}: {reason}")


def plain_text(fragment: str) -> str:
    """Text of a feed's HTML fragment (a summary or title): tags dropped, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def feed_entry(
    *, title: str, link: str, guid: str, summary: str, published: datetime | None, base: str
) -> FeedEntry:
    """An entry from its plain-text fields; Rejected (with the reason) when it is not usable."""
    link = link.strip()
    guid = clean_field(guid)
    if len(guid.encode()) > MAX_URL_BYTES:  # a unique key: PostgreSQL cannot index it
        guid = ""
    if not link:
        raise Rejected("no link")
    try:
        link = urljoin(base, link)
    except ValueError:
        raise Rejected(f"bad link (not a well-formed web address): {link[:80]!r}") from None
    if problem := url_problem(link):
        raise Rejected(f"bad link ({problem}): {clean_field(link[:80])!r}")
    if not title:
        raise Rejected(f"no title ({link})")
    return FeedEntry(
        title=title, link=link, guid=guid or None, summary=summary, published=published
    )
