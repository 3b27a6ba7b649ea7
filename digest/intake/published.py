"""A web page's publication time, read only from what the page states about itself.

Pages are full of dates that are not theirs: the site header's date at capture, related
stories, sidebar videos, copyright years, "updated on" lines. Only explicit publication
metadata counts here: `article:published_time` and its kin in `<meta>` first (pages put
them in the head, once), then JSON-LD `datePublished`, then `itemprop=datePublished`
elements (last: related stories in sidebars carry them too). A bare year or a date found
by searching the page is never taken. A time with its offset is returned whole, so the
caller can file it by the configured time zone; a day without a time is returned as a day.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from digest.intake.json_ld import json_ld_objects

_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "rnews:datepublished",
    "originalpublicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "date",
    "dc.date",
    "dc:date",
)
"""Meta names and properties that state the publication time, most specific first."""
_RANK = {name: rank for rank, name in enumerate(_META_NAMES)}
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?([+-]\d{4}|Z)?)?")
_EARLIEST = date(1995, 1, 1)
"""No news page is older; an earlier "date" is a default value or a misread number."""


def _moment(value: str) -> datetime | date | None:
    """An ISO 8601 stamp (or its compact form) as an aware datetime, a naive one, or a day."""
    value = value.strip()
    match = _ISO.match(value) or _COMPACT.fullmatch(value)
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        found = date(int(year), int(month), int(day))
        if hour is None:
            return found
        stamp = f"{found.isoformat()}T{hour}:{minute}:{second or '00'}"
        if offset:
            stamp += "+00:00" if offset == "Z" else offset[:3] + ":" + offset[-2:]
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def _from_number(value: float) -> datetime | None:
    """A Unix time in seconds or milliseconds (some JSON-LD writes them)."""
    seconds = value / 1000 if value > 10**11 else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_json_ld(tree: Any) -> Iterator[datetime | date]:
    for item in json_ld_objects(tree):
        value = item.get("datePublished")
        if isinstance(value, int | float) and not isinstance(value, bool):
            found = _from_number(float(value))
        elif isinstance(value, str):
            found = _stamp(value)
        else:
            found = None
        if found is not None:
            yield found


def _from_meta(tree: Any) -> Iterator[datetime | date]:
    stated: list[tuple[int, datetime | date]] = []
    for meta in tree.iterfind(".//meta"):
        for attribute in ("property", "name"):
            rank = _RANK.get((meta.get(attribute) or "").strip().lower())
            if rank is not None and (found := _moment(meta.get("content") or "")) is not None:
                stated.append((rank, found))
        if (meta.get("name") or "").lower() == "parsely-page":
            try:
                page = json.loads(meta.get("content") or "")
            except (ValueError, RecursionError):
                continue
            stamp = page.get("pub_date") if isinstance(page, dict) else None
            if isinstance(stamp, str) and (found := _moment(stamp)) is not None:
                stated.append((len(_RANK), found))
    yield from (found for _, found in sorted(stated, key=lambda pair: pair[0]))


def _from_elements(tree: Any) -> Iterator[datetime | date]:
    for element in tree.xpath(
        "//*[@itemprop='datePublished'] | //time[@pubdate] | //*[@property='dc:date'][@content]"
    ):
        for value in (element.get("datetime"), element.get("content")):
            if value and (found := _moment(value)) is not None:
                yield found


def _stamp(value: str) -> datetime | date | None:
    value = value.strip()
    return _from_number(float(value)) if value.isdigit() else _moment(value)


def _first_time_element(tree: Any) -> Iterator[datetime | date]:
    """The first `<time datetime>` of the article element, else of the page: markup that
    dates something, most often the story, but without saying it is its publication."""
    for element in tree.xpath("//article//time[@datetime]") or tree.xpath("//time[@datetime]"):
        if (found := _stamp(element.get("datetime") or "")) is not None:
            yield found
            return


@dataclass(frozen=True)
class PageTimes:
    """What a page's markup says of its time: `published` is its stated publication time
    (aware or naive datetime, or a day); `time_element` its first `<time datetime>`."""

    published: datetime | date | None = None
    time_element: datetime | date | None = None


def _first_plausible(found: Iterable[datetime | date]) -> datetime | date | None:
    for moment in found:
        day = moment.date() if isinstance(moment, datetime) else moment
        if day >= _EARLIEST:
            return moment
    return None


def page_times(tree: Any) -> PageTimes:
    """The stated publication time and first time element of a page (an lxml tree, or
    None when it did not parse), each or None."""
    if tree is None:
        return PageTimes()
    stated = (*_from_meta(tree), *_from_json_ld(tree), *_from_elements(tree))
    return PageTimes(_first_plausible(stated), _first_plausible(_first_time_element(tree)))
