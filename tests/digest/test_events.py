"""Time words: what a sentence dates before the day it is printed."""

from __future__ import annotations

import math
from datetime import date

import pytest

from digest.events import TimeWords, Told, merge_similar, retells
from digest.stories import MERGE_AT

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


def _told(**weights: float) -> Told:
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    vector = {term.replace("at_", "@"): weight / norm for term, weight in weights.items()}
    places = frozenset(term[1:] for term in vector if term.startswith("@"))
    return Told(vector=vector, places=places, retell=False, section="strikes")


def test_a_place_one_sentence_of_an_event_names_does_not_make_it_that_place_s_event() -> None:
    kapan = [_told(shell=0.6, at_kapan=0.8) for _ in range(4)]
    wounded_in_goris = _told(hospital=0.6, at_goris=0.6, at_kapan=0.53)
    goris = _told(shell=0.2, first=0.55, at_goris=0.8)
    told = [*kapan, wounded_in_goris, goris]
    assert merge_similar(told, [0, 0, 0, 0, 0, 1], MERGE_AT) == [0, 0, 0, 0, 0, 1]
    goris_too = [*kapan[:2], wounded_in_goris, wounded_in_goris, goris]
    assert merge_similar(goris_too, [0, 0, 0, 0, 1], MERGE_AT) == [0, 0, 0, 0, 0]
