"""The day a page prints in its byline, next to the headline, in whatever language.

Many pages carry no date markup at all and print their day only in the byline: "Abril
19, 2022" above the headline, "Pressemitteilung vom 20.01.2022" or "Written: 2023-11-07"
below it. Dates elsewhere on the page belong to something else (the site header's day,
related stories, sidebar videos), so only the short lines a few lines either side of the
headline are read, nearest first, and what follows an update's cue is not read.
htmldate reads each line, since it knows the month names and orders of many languages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

from htmldate import find_date

BYLINE_DISTANCE = 6
"""How many lines before and after the headline may hold its byline."""
BYLINE_WORDS = 15
"""A longer line is prose (whose dates are events) or a list of related stories."""
_UPDATED = re.compile(
    r"updated|modified|last edited|aktualisiert|geändert|actualizad|modificad|mis à jour|"
    r"modifié|aktualizacj|zaktualizowan|atualizad",
    re.IGNORECASE,
)
"""An update's day is not the publication day (en, de, es, fr, pl, pt)."""
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
"""A line without a year and a day number holds no full date: htmldate need not read it."""


def _near(lines: list[str], index: int) -> Iterator[str]:
    """The lines around `index`, nearest first, the one after before the one before."""
    for distance in range(1, BYLINE_DISTANCE + 1):
        for other in (index + distance, index - distance):
            if 0 <= other < len(lines):
                yield lines[other]


def _day_written(line: str) -> date | None:
    """The full date `line` writes out, as htmldate reads it; None for a month or a year.

    Only the words before an update's cue count ("Written: 2023-11-07 / Updated: ...").
    htmldate turns a lone year ("© 2012") into 1 January, so that day is never taken, and
    the day of the month it found must be written in the line.
    """
    if len(line.split()) > BYLINE_WORDS:
        return None
    line = _UPDATED.split(line, maxsplit=1)[0]
    if not (_YEAR.search(line) and _DAY.search(line)):
        return None
    found = find_date(
        f"<html><body><p>{html.escape(line)}</p></body></html>",
        extensive_search=True,
        original_date=True,
    )
    if not found:
        return None
    day = date.fromisoformat(found)
    if (day.month, day.day) == (1, 1) or str(day.year) not in _YEAR.findall(line):
        return None
    return day if re.search(rf"(?<!\d)0?{day.day}(?!\d)", line) else None


def byline_day(lines: list[str], headline: str) -> date | None:
    """The day written next to the page's headline, given the page's visible lines."""
    wanted = " ".join(headline.split()).casefold()
    if not wanted:
        return None
    for index, line in enumerate(lines):
        if line.casefold() == wanted:
            for near in _near(lines, index):
                if day := _day_written(near):
                    return day
    return None
