"""Time words: what a sentence dates before the day it is printed."""

from __future__ import annotations

import math
from datetime import date

import pytest

from digest.events import (
    TimeWords,
    Told,
    cluster,
    describe,
    join_sanctions,
    merge_similar,
    move_named,
    retells,
    unmark_dated_today,
)
from digest.models import Event, Signature
from digest.stories import MERGE_AT, mark_continued

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
        ("A third soldier has died of wounds from Tuesday's ambush, the army said.", False),
        ("The commission agreed on Wednesday to send the draft law to parliament.", False),
        ("The sanctions, agreed on Monday, added 40 ships to the list.", True),
        ("The truce agreed last week held overnight.", True),
        ("Tuesday's ambush, in which two soldiers died, drew condemnation.", True),
        ("Drones hit Odesa on Wednesday morning.", False),
        (
            "Azerbaijan launched 22 drones overnight, fewer than half as many as the night before.",
            False,
        ),
        ("The drones came the night before the talks opened.", True),
        ("The minister will lead the delegation to Thursday's meeting in Pemba.", False),
        ("Thursday's meeting in Pemba agreed on a corridor.", True),
        ("The minister will report on Friday's strike.", True),
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


def test_a_place_spelled_one_letter_apart_is_one_place_of_the_day() -> None:
    told = describe(
        [
            "Pakistani jets struck a village in the Orgun district overnight.",
            "Pakistani aircraft struck a village in the Urgun district before dawn.",
            "Villagers in the Urgun district buried the dead.",
        ],
        ["", "", ""],
        ["strikes"] * 3,
        TimeWords.of(date(2026, 12, 8)),
    )
    assert told[0].places == told[1].places == told[2].places == {"urgun district"}


def test_events_of_other_kinds_of_decision_stay_apart_however_alike() -> None:
    dismissed = [_told(command=0.6, front=0.5, at_hasakah=0.6) for _ in range(2)]
    sanctioned = _told(command=0.6, front=0.5, listed=0.2, at_hasakah=0.6)
    told = [*dismissed, sanctioned]
    for item in dismissed:
        item.section, item.kinds = "politics", frozenset({"dismissed"})
    sanctioned.section, sanctioned.kinds = "politics", frozenset({"sanctions"})
    assert merge_similar(told, [0, 0, 1], MERGE_AT) == [0, 0, 1]
    sanctioned.kinds = frozenset({"dismissed"})
    assert merge_similar(told, [0, 0, 1], MERGE_AT) == [0, 0, 0]


def test_a_new_attack_on_a_town_is_not_the_rising_toll_of_yesterday_s() -> None:
    toll = [_told(toll=0.6, rose=0.3, at_kapan=0.8) for _ in range(3)]
    depot = _told(toll=0.05, depot=0.8, at_kapan=0.25)
    for first in toll:
        first.continues = 0
    assert merge_similar([*toll, depot], [0, 0, 0, 1], MERGE_AT) == [0, 0, 0, 1]
    depot.continues = 0
    assert merge_similar([*toll, depot], [0, 0, 0, 1], MERGE_AT) == [0, 0, 0, 0]


def test_a_sentence_continues_the_earlier_event_it_shares_four_words_and_a_place_with() -> None:
    shelling = Event(
        day=date(2026, 9, 15),
        section="strikes",
        signature=Signature(places=("kapan",), terms=("shell", "toll", "kill", "wound", "kapan")),
        outlets=6,
        items=["Shelling of Kapan killed ten people."],
    )
    risen = _told(toll=0.5, shell=0.4, kill=0.4, wound=0.3, at_kapan=0.6)
    elsewhere = _told(toll=0.5, shell=0.4, kill=0.4, wound=0.3, at_goris=0.6)
    unplaced = _told(toll=0.5, shell=0.4, kill=0.4, wound=0.3)
    too_few = _told(toll=0.5, shell=0.4, kill=0.4, depot=0.3, at_kapan=0.6)
    told = [risen, elsewhere, unplaced, too_few]
    mark_continued(told, [shelling])
    assert [item.continues for item in told] == [0, -1, 0, -1]


def test_a_dismissal_and_a_sanctions_listing_told_alike_are_two_events() -> None:
    words = {"sdf": 0.5, "commander": 0.5, "faction": 0.5, "tuesday": 0.5}
    dismissed = [
        Told(vector=words, places=frozenset(), retell=False, section="politics", kinds=kinds)
        for kinds in (frozenset({"dismissed"}), frozenset({"dismissed"}), frozenset())
    ]
    sanctioned = Told(
        vector=words, places=frozenset(), retell=False, section="politics",
        kinds=frozenset({"sanctions"}),
    )  # fmt: skip
    assert cluster([*dismissed, sanctioned]) == [0, 0, 0, 1]


def test_one_body_s_sanctions_of_the_day_are_one_event_however_worded() -> None:
    texts = [
        "The US Treasury on Tuesday imposed sanctions on four Nigerians and two companies.",
        "Washington has announced sanctions on alleged ISWAP financiers.",
        "The State Department also imposed visa restrictions on two fundraisers.",
        "In Brussels, the EU has sanctioned three commanders of the group.",
        "The cabinet approved the army's timetable for the second phase of the plan.",
        "Ministers agreed to review the plan's progress every month.",
        "The vote came on the day Washington announced sanctions on a financing network.",
    ]
    told = describe(texts, [""] * 7, ["politics"] * 7, TimeWords.of(date(2026, 10, 13)))
    assert [sorted(item.sanctioners) for item in told] == [
        ["us"],
        ["us"],
        ["us"],
        ["eu"],
        [],
        [],
        ["us"],
    ]
    assert join_sanctions(told, [0, 1, 2, 3, 4, 4, 4]) == [0, 0, 0, 3, 4, 4, 4]
    told[1].retell = True
    assert join_sanctions(told, [0, 1, 2, 3, 4, 4, 4]) == [0, 1, 0, 3, 4, 4, 4]


def test_a_toll_naming_its_town_only_in_passing_is_no_toll_of_another_town() -> None:
    texts = [
        "The Kobani toll has risen to nine, with 22 wounded.",
        "The Raqqa toll has risen to seven.",
        "A car bomb exploded near a roundabout in Raqqa, killing five people.",
        "Turkish drones struck the market in Kobani, killing six people.",
        "Doctors in Kobani said the toll had risen.",
        "Two of the wounded died in hospital in Raqqa.",
    ]
    told = describe(texts, ["Live"] * len(texts), ["strikes"] * len(texts), WEDNESDAY)
    assert [item.named for item in told[:2]] == [{"kobani"}, {"raqa"}]
    kobani_toll, raqqa_toll, *_ = cluster(told)
    assert kobani_toll != raqqa_toll


def test_a_toll_told_next_to_another_town_s_event_moves_to_its_own_town_s_event() -> None:
    texts = [
        "Turkish drones struck the market in Kobani, killing six people.",
        "Doctors in Kobani said the toll had risen.",
        "A car bomb exploded near a roundabout in Raqqa, killing five people.",
        "Two of the wounded died in hospital in Raqqa.",
        "The Kobani toll has risen to nine, with 22 wounded.",
        "Talks on Kobani went on.",
        "Gunmen opened fire at the gate of the Kobani hospital, killing two guards.",
    ]
    sections = ["strikes"] * 5 + ["talks", "strikes"]
    told = describe(texts, ["Live"] * len(texts), sections, WEDNESDAY)
    assert move_named(told, [0, 0, 1, 1, 1, 2, 1]) == [0, 0, 1, 1, 0, 2, 1]  # a new attack stays
    assert move_named(told[2:5], [0, 0, 0]) == [0, 0, 1]  # no Kobani event: one of its own


def test_tolls_in_an_event_of_no_place_join_the_event_of_the_place_they_name() -> None:
    texts = [
        "Rockets hit the market in Kantharalak, killing four people.",
        "Funerals were held in Kantharalak for the dead of the market.",
        "The Kantharalak toll has risen to seven, with 22 wounded.",
        "The Kantharalak toll now stands at nine, with 28 wounded.",
    ]
    told = describe(texts, ["Live"] * len(texts), ["strikes"] * 4, WEDNESDAY)
    assert move_named(told, [0, 0, 1, 1]) == [0, 0, 0, 0]
    assert move_named(told[2:], [0, 0]) == [0, 0]  # no event of the place: they stay together


def test_an_attack_dated_today_continues_no_earlier_event() -> None:
    market = Event(
        day=date(2026, 3, 17),
        section="strikes",
        signature=Signature(places=("kantharalak",), terms=("rocket", "hit", "kill", "market")),
        outlets=5,
        items=["Rockets hit the Kantharalak market, killing nine."],
    )
    texts = [
        "Rockets hit the hospital in Kantharalak on Wednesday, killing three near the market.",
        "The toll of the rockets that hit and killed shoppers at the Kantharalak market rose to"
        " 11 on Wednesday.",
        "Rockets that hit the market in Kantharalak killed nine people.",
    ]
    told = describe(texts, [""] * 3, ["strikes"] * 3, WEDNESDAY)
    mark_continued(told, [market])
    assert [item.continues for item in told] == [0, 0, 0]
    unmark_dated_today(told, texts, WEDNESDAY)
    assert [item.continues for item in told] == [-1, 0, 0]
