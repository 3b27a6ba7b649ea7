"""Finding an article's day: a ` date YYYY-MM-DD ` prefix, a date in the text, or a timestamp.

Every article must land on a calendar day in the configured time zone, and the user is
told where that day came from, because a wrong day puts news in the wrong digest.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from digest.errors import DateProblem
from digest.sentences import split_text

_PREFIX = re.compile(r"\A\s*date\s+(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|\Z)", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TEXT_DATES = [
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b",
        re.I,
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
_TEXT_WINDOW = 1000
"""Only the lede's first sentence is searched, within its first characters: a date further
down is background, or a photo caption's ("snapped this shot of Mars on Aug. 26, 2003")."""
_DATELINE_LEAD = re.compile(r"[A-Z][A-Z .'-]{1,40},?\s*|")
"""What may stand before a dateline's date: nothing, or a place in capitals ("KHARTOUM, ")."""
_EVENT_PREFIX = re.compile(r"\bon\s+(?:\w+day,?\s+)?\Z", re.IGNORECASE)

MAX_FUTURE = timedelta(days=1)


def _checked(year: int, month: int, day: int, today: date) -> date:
    try:
        found = date(year, month, day)
    except ValueError as error:
        raise DateProblem(f"{year:04d}-{month:02d}-{day:02d} is not a real day") from error
    if found > today + MAX_FUTURE:
        raise DateProblem(f"{found.isoformat()} is in the future")
    return found


def split_date_prefix(text: str, today: date) -> tuple[date | None, str]:
    """The day of a leading ` date YYYY-MM-DD ` marker and the text without it.

    A malformed marker is still removed from the text, and raises DateProblem with the
    text so the caller can fall back on another source.
    """
    match = _PREFIX.match(text)
    if not match:
        return None, text
    rest = text[match.end() :]
    try:
        return _checked(int(match[1]), int(match[2]), int(match[3]), today), rest
    except DateProblem as problem:
        raise DateProblem(f"date prefix: {problem}", rest) from None


def date_in_text(text: str, today: date) -> date | None:
    """The event date the lede's first sentence states: "on November 25, 2025", a dateline.

    "X began a visit on March 3, 2026" counts; a date after other words without "on"
    ("since April 15, 2025") is background, not the news day.
    """
    first_line = text.lstrip()[:_TEXT_WINDOW].split("\n", 1)[0]
    window = next(iter(split_text(first_line)), "")
    found: list[tuple[int, date]] = []
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(window):
            lead = window[: match.start()]
            if not (_DATELINE_LEAD.fullmatch(lead) or _EVENT_PREFIX.search(lead)):
                continue
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found.append(
                    (match.start(), _checked(int(match["year"]), number, int(match["day"]), today))
                )
            except DateProblem:
                continue
    return min(found)[1] if found else None


_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(?:[A-Za-z_-]+/)?(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)"),
)
"""/2014/12/29/, /2010/POLITICS/08/13/, -2014-12-29-, /20141229/: a year and month alone
(/journal/2019/01/) do not make a day."""


def date_in_url(url: str, today: date) -> date | None:
    """The day an article's address states, as many news sites write it; None if none."""
    for pattern in _URL_DATES:
        if match := pattern.search(url):
            try:
                return _checked(int(match[1]), int(match[2]), int(match[3]), today)
            except DateProblem:
                continue
    return None


def parse_timestamp(value: str, tz: tzinfo) -> datetime | None:
    """An ISO 8601 or RFC 2822 timestamp; naive ones are in `tz` (the configured zone, as
    a reader of the file would assume). None if unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day of `moment` in the configured time zone."""
    return moment.astimezone(tz).date()


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A day written exactly YYYY-MM-DD; ValueError otherwise.

    `date.fromisoformat` also takes "20251129" and "2025-W48-6", which nobody means when
    asked for YYYY-MM-DD: a typo there must be an error, not some other day.
    """
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(f"not YYYY-MM-DD: {text!r}")
    return date.fromisoformat(text)
