"""How much hard news a sentence carries: numbers, named actors and places, past events dated
to the digest's day, versus background, analysis and opinion.

A centrality ranker (LexRank) favours sentences that resemble many others, and generic
background ("the nearly four-year war", "efforts to end the war") resembles everything, so
without this score a digest fills up with context nobody needs twice.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

NEWS_WORDS: frozenset[str] = frozenset(
    (
        "killed killing wounded injured died dead struck hit fired launched shot downed"
        " attacked destroyed damaged announced signed met resigned dismissed appointed"
        " approved imposed rejected agreed arrived confirmed said told overnight today"
        " yesterday"
    ).split()
)
"""Words of reported events; sumy's Edmundson summarizer uses them as its bonus words."""

BACKGROUND_WORDS: frozenset[str] = frozenset(
    (
        "could would might may likely perhaps possibly should analysis opinion underscores"
        " highlights reflects reflecting remains uncertain ongoing continues broader generally"
        " historically years decades"
    ).split()
)
"""Words of speculation and context; sumy's Edmundson summarizer uses them as stigma words."""

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_IRREGULAR_PAST = frozenset(
    (
        "said told met hit struck shot fired fell held left made took gave sent won lost"
        " began came went saw spoke wrote"
    ).split()
)
_NOT_PAST = frozenset({"need", "speed", "seed", "feed", "red", "bed", "indeed", "hundred"})
_TIME_ANCHORS = frozenset({"overnight", "today", "tonight", "yesterday", "earlier", "morning"})
_WEEKDAY_NAMES = frozenset(WEEKDAYS)


@functools.cache
def _weekdays_near(day: date | None) -> frozenset[str]:
    """The names of the digest's day and the day before: events worth reporting today."""
    if day is None:
        return frozenset()
    return frozenset(WEEKDAYS[d.weekday()] for d in (day, day - timedelta(days=1)))


def _is_past_year(token: str, day: date | None) -> bool:
    """A year before the digest's: "invaded in February 2022" is background, not news."""
    return day is not None and len(token) == 4 and token.isdigit() and 1900 < int(token) < day.year


_YEAR = re.compile(r"(?<![\d,.])(?<!since )(?<!since early )(?<!since late )(1[89]\d\d|20\d\d)\b")
"""A year, unless it is what today's news is measured against ("the deadliest since 2024")."""


def names_past_year(text: str, day: date) -> bool:
    """True when the sentence tells something of a year before the digest's ("In September
    2022 ..."), not when it only compares today's news with one ("deadliest since 2024")."""
    return any(int(year) < day.year for year in _YEAR.findall(text.lower()))


def concreteness(text: str, day: date | None = None) -> float:
    """A score in [0, 1]: 1 for a dated, numbered, named, past-tense event, 0 for opinion."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 0.0
    lowered = [token.casefold() for token in tokens]
    names = sum(1 for token in tokens[1:] if token[0].isupper())
    past = [_is_past_year(token, day) for token in tokens if token[0].isdigit()]
    past_years = sum(past)
    has_number = not all(past)
    has_past = not _IRREGULAR_PAST.isdisjoint(lowered) or any(
        word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST for word in lowered
    )
    recent = _weekdays_near(day)
    dated_today = not (recent.isdisjoint(lowered) and _TIME_ANCHORS.isdisjoint(lowered))
    other_weekday = not dated_today and not _WEEKDAY_NAMES.isdisjoint(lowered)
    news = sum(map(NEWS_WORDS.__contains__, lowered))
    background = sum(map(BACKGROUND_WORDS.__contains__, lowered))

    score = (
        0.2 * has_number
        + 0.2 * min(names, 3) / 3
        + 0.15 * has_past
        + 0.25 * dated_today
        + 0.1 * other_weekday
        + 0.1 * min(news, 2) / 2
        - 0.15 * min(background + past_years, 2)
    )
    return min(1.0, max(0.0, score))
