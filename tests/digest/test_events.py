"""Events: what ties one event's tellings together, and what keeps two events apart."""

from __future__ import annotations

from datetime import date

from digest.events import MergeAt, TimeWords, cluster, describe, merge_similar, retells
from digest.figures import counted

DAY = date(2026, 6, 9)
TIME = TimeWords.of(DAY)
ONLY_COUNTED_THINGS = MergeAt(same_place=0.0, no_place=0.0, other_place=1.01, other_section=1.01)
"""Joins events naming other places only when they count the same things."""


def _events(texts: list[str], at: MergeAt) -> list[int]:
    told = describe(texts, [""] * len(texts), ["politics"] * len(texts), TIME)
    return merge_similar(told, cluster(told), at)


def test_spelling_variants_of_a_place_are_one_place() -> None:
    told = describe(
        [
            "Drones hit the Naivasha market in El Fasher on Tuesday morning.",
            "The shelling of Al-Fasher went on overnight.",
            "Artillery hit Guéréda before dawn.",
            "Aid arrived in Guereda on Tuesday.",
        ],
        [""] * 4,
        ["strikes"] * 4,
        TIME,
    )
    assert len(told[1].places) == 1 and told[1].places < told[0].places
    assert told[2].places == told[3].places


def test_counted_things_leave_tolls_and_launches_out() -> None:
    text = (
        "As 40 drones were launched and drones killed 14 people, the Treasury sanctioned "
        "three UAE-registered companies and two RSF commanders."
    )
    assert [(value, words.split()[-1]) for value, words in counted(text)] == [
        (3, "companies"),
        (2, "commanders"),
    ]
    assert counted("One minister said the cabinet would meet again in 2027.") == []


def test_one_decision_told_in_two_places_is_one_event() -> None:
    washington = (
        "In Washington, the Treasury imposed sanctions on three companies and two commanders "
        "of the RSF accused of trading gold."
    )
    emirates = (
        "The sanctions hit three companies registered in the Emirates and two commanders "
        "of the RSF over the gold trade."
    )
    other = emirates.replace("three companies", "four companies").replace("two", "five")
    joined = _events([washington, emirates], ONLY_COUNTED_THINGS)
    apart = _events([washington, other], ONLY_COUNTED_THINGS)
    assert joined[0] == joined[1]
    assert apart[0] != apart[1]


def test_a_count_from_a_year_ago_is_not_the_days_news() -> None:
    assert retells("A year ago, in an attack on a funeral, the group killed more than 60.", TIME)
    assert retells("Last year the same group killed 40 people there.", TIME)
    assert not retells("The group killed 21 people in the village overnight.", TIME)
