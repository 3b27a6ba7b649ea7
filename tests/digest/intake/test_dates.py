"""Dates: prefixes, event dates in the lede, timestamps; impossible dates are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from digest.intake.dates import (
    DateProblem,
    date_in_text,
    local_day,
    parse_timestamp,
    split_date_prefix,
)

TODAY = date(2026, 11, 21)


def test_prefix_is_read_and_removed() -> None:
    day, rest = split_date_prefix(" date 2025-11-29 KYIV, Ukraine — Russian drones", TODAY)
    assert day == date(2025, 11, 29)
    assert rest == "KYIV, Ukraine — Russian drones"


@pytest.mark.parametrize("bad", [" date 2025-13-45 Text", " date 2031-01-01 Text"])
def test_impossible_prefix_raises_with_text(bad: str) -> None:
    with pytest.raises(DateProblem) as problem:
        split_date_prefix(bad, TODAY)
    assert problem.value.args[1] == "Text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials met in Abu Dhabi on November 25, 2025, to talk.", date(2025, 11, 25)),
        ("Talks resumed on Tuesday, Nov. 4, 2025 in Jeddah.", date(2025, 11, 4)),
        ("KHARTOUM, 3 June 2025 — Shelling hit the market.", date(2025, 6, 3)),
        ("2025-10-02 — Drones struck Goma.", date(2025, 10, 2)),
    ],
)
def test_event_date_in_lede(text: str, expected: date) -> None:
    assert date_in_text(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia has gained 40 square miles in Ukraine since April 15, 2025, analysts said in a "
        "long assessment of the front line published this week by a think tank.",
        "Nothing dated here at all.",
        "On February 30, 2025 nothing happened.",
    ],
)
def test_background_or_impossible_dates_ignored(text: str) -> None:
    assert date_in_text(text, TODAY) is None


def test_timestamps_and_local_day() -> None:
    late = parse_timestamp("2025-11-28T23:30:00Z", UTC)
    assert late == datetime(2025, 11, 28, 23, 30, tzinfo=UTC)
    assert local_day(late, ZoneInfo("Europe/Kyiv")) == date(2025, 11, 29)
    rfc = parse_timestamp("Sat, 29 Nov 2025 06:00:00 +0200", UTC)
    assert rfc is not None and local_day(rfc, ZoneInfo("UTC")) == date(2025, 11, 29)
    assert parse_timestamp("yesterday-ish", UTC) is None
