"""Time words: what a sentence dates before the day it is printed."""

from __future__ import annotations

from datetime import date

import pytest

from digest.events import TimeWords, retells

WEDNESDAY = TimeWords.of(date(2026, 3, 18), covered=True)


@pytest.mark.parametrize(
    ("text", "retold"),
    [
        ("Tuesday's strike, which killed seven, drew condemnation.", True),
        ("The raid came a day after the army fired 120 drones at the south.", True),
        ("A day after the talks, on Wednesday, the sides met again.", True),
        (
            "Ukraine and Russia exchanged 250 prisoners each on Wednesday, a day after"
            " negotiators in Istanbul agreed on the swap.",
            False,
        ),
        ("The toll from Tuesday's strike rose to nine on Wednesday.", False),
        ("Drones hit Odesa on Wednesday morning.", False),
    ],
)
def test_a_sentence_dated_today_before_it_points_back_tells_today_s_news(
    text: str, retold: bool
) -> None:
    assert retells(text, WEDNESDAY) is retold
