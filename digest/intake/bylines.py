"""The day a page prints in its byline, next to the headline, in whatever language.

Many pages carry no date markup at all and print their day only in the byline: "Abril
19, 2022" above the headline, "Pressemitteilung vom 20.01.2022" or "Written: 2023-11-07"
below it. Dates elsewhere on the page belong to something else (the site header's day,
related stories, sidebar videos), so only the short lines a few lines either side of the
headline are read, nearest first, and what follows an update's cue is not read.
dateparser reads each line in the page's language: it knows the month names and the
order of day and month of each ("04.05.2021" is 4 May in Polish, not 5 April). Told the
language, it reads a line in milliseconds; left to guess among all it knows, in a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import dateparser

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
_YEAR = r"(?:19|20)\d\d"
_DATE_SHAPES = re.compile(
    rf"(?<!\d)(?:{_YEAR}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}"
    rf"|{_YEAR}年\d{{1,2}}月\d{{1,2}}日"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:de\s+|of\s+)?[^\W\d_]{{3,}}\.?,?\s+(?:del?\s+)?{_YEAR}"
    rf"|[^\W\d_]{{3,}}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR})(?!\d)"
)
"""What a full date looks like, in the orders news sites write it: 2023-11-07, 20.01.2022,
21/04/2022, 2018年6月18日, "14. Februar 2012", "21 de abril de 2022", "Abril 19, 2022".
Only these are handed to dateparser, which tells a month's name from another word and
reads the numbers in the language's order."""
_DATEPARSER = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
"""Absolute dates only ("vor 2 Tagen" is not a byline's), each with its day, month and year."""


def _near(lines: list[str], index: int) -> Iterator[str]:
    """The lines around `index`, nearest first, the one after before the one before."""
    for distance in range(1, BYLINE_DISTANCE + 1):
        for other in (index + distance, index - distance):
            if 0 <= other < len(lines):
                yield lines[other]


def _day_written(line: str, language: str) -> date | None:
    """The first full date `line` writes out (day, month and year), read by dateparser in
    the page's `language`, then in English; None for a month, a year or no date.

    Only the words before an update's cue count ("Written: 2023-11-07 / Updated: ...").
    """
    if len(line.split()) > BYLINE_WORDS:
        return None
    line = _UPDATED.split(line, maxsplit=1)[0]
    for written in _DATE_SHAPES.finditer(line):
        for languages in ([language], ["en"]) if language != "en" else (["en"],):
            try:
                found = dateparser.parse(written[0], languages=languages, settings=_DATEPARSER)
            except ValueError:  # a language dateparser does not know
                continue
            if found is not None:
                return found.date()
    return None


def byline_day(lines: list[str], headline: str, language: str) -> date | None:
    """The day written next to the page's headline, given the page's visible lines and
    the language of its text."""
    wanted = " ".join(headline.split()).casefold()
    if not wanted:
        return None
    for index, line in enumerate(lines):
        if line.casefold() == wanted:
            for near in _near(lines, index):
                if day := _day_written(near, language):
                    return day
    return None
