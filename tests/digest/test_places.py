"""Place names found by pattern: what follows a preposition or an attack verb."""

from __future__ import annotations

from collections import Counter

import pytest

from digest.places import (
    dateline_place,
    day_places,
    find_places,
    is_country,
    named_places,
    place_key,
    spelling_variants,
)


def _names(text: str) -> list[str]:
    return [mention.name for mention in find_places(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("attacks on the Ukrainian capital, Kyiv, killed two", ["Kyiv"]),
        ("a strike on the Ukrainian capital rose", ["Kyiv"]),
        ("a drone attack on Russia's southern Krasnodar region", ["Krasnodar region"]),
        ("shelling in Kyiv's Darnytskyi district", ["Kyiv"]),
        ("an airstrike in Deir al-Balah and in Gaza City", ["Deir al-Balah", "Gaza City"]),
        ("RSF fighters stormed the village of Shaq Alnom", ["Shaq Alnom"]),
        ("the attack on Saturday, posted on Telegram", []),
        ("drones over the Bryansk and Kursk regions", ["Bryansk"]),
        ("targets in Russian regions, at Nasser Hospital", []),
        ("an attack blamed on ADF rebels in Beni", ["Beni"]),
        ("debris fell in Kyiv Mayor Vitali Klitschko said", ["Kyiv"]),
        ("a bomb near Ndop, in Cameroon's North-West region", ["Ndop", "North-West region"]),
        ("a raid on Malende in Cameroon's South-West region", ["Malende", "South-West region"]),
        ("drones struck a car park on the edge of Jermuk", ["Jermuk"]),
        ("a bomb on the Maiduguri-Damboa road near Konduga", ["Konduga"]),
        ("shelling of the Ethiopian town of Adigrat", ["Adigrat", "Adigrat"]),
        ("shells fell on the Eritrean side of the border", []),
        ("fighting in the Kurdistan region", ["Kurdistan region"]),
        ("a mine near Fada N'Gourma killed five", ["Fada N'Gourma"]),
        ("talks in N’Djamena and fighting near Ma'rib", ["N’Djamena", "Ma'rib"]),
        ("drones hit Kharkiv's outskirts", ["Kharkiv"]),
    ],
)
def test_places_after_prepositions_and_attack_verbs(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_event_marks_the_place_of_an_attack_not_of_a_meeting() -> None:
    mentions = find_places("Talks in Geneva went on as a drone attack on Odesa began.")
    assert [(m.name, m.event) for m in mentions] == [("Geneva", False), ("Odesa", True)]


def test_ascii_and_other_text_are_read_alike() -> None:
    """ASCII text is scanned lower-cased, other text as it is: the triggers are the same."""
    text = "Drones HIT Kharkiv overnight, then STRUCK the city of Sumy and Odesa's port."
    accented = text.replace("overnight", "ovérnight")
    assert not accented.isascii()
    found = [(m.start, m.end, m.name, m.event) for m in find_places(text)]
    assert found == [(m.start, m.end, m.name, m.event) for m in find_places(accented)]
    assert [name for _, _, name, _ in found] == ["Kharkiv", "Sumy", "Sumy"]


def test_dateline_is_read_in_normal_case() -> None:
    assert dateline_place("KYIV, Ukraine — Russian drones ...") == "Kyiv"
    assert dateline_place("KHAN YOUNIS (AP) — An airstrike ...") == "Khan Younis"
    assert dateline_place("Russian drones struck Kyiv — again.") is None


def test_a_day_s_spellings_one_letter_apart_are_one_place() -> None:
    counts = Counter(
        {"urgun": 5, "orgun": 2, "dasht-e-barchi": 4, "dasht-i-barchi": 1, "khanasor": 3,
         "khana sor": 1, "beni": 3, "bunia": 2, "abxcd": 2, "abcyd": 1}
    )  # fmt: skip
    assert spelling_variants(counts) == {
        "orgun": "urgun",
        "dasht-i-barchi": "dasht-e-barchi",
        "khana sor": "khanasor",
    }


def test_place_key_ignores_spelling_and_case() -> None:
    assert place_key("Kiev") == place_key("Kyiv")
    assert place_key("Kharkiv Oblast") == place_key("Kharkiv region")
    assert place_key("Tibú") == place_key("Tibu") and place_key("Chiúre") == place_key("Chiure")
    assert place_key("Nassir") == place_key("Nasir") and place_key("Old Fangaak") == "old fangak"
    assert place_key("Kapan") != place_key("Goris")
    assert place_key(None) is None
    assert is_country("Ukraine") and not is_country("Kyiv")
    assert is_country("Cameroon") and is_country("Mozambique") and is_country("Turkey")


def test_a_place_of_the_day_is_found_wherever_a_sentence_names_it() -> None:
    day = [
        "Turkish drones struck the market in Kobani on Tuesday.",
        "Doctors in Kobani said twelve people had died.",
        "Talks opened in Amman.",
        "A car bomb went off in Raqqa.",
    ]
    known = day_places(day)
    assert known == {"Kobani"}  # Amman and Raqqa are named once only
    assert named_places("The Kobani toll has risen to nine.", known) == {"kobani"}
    assert named_places("Kobani's hospital was full.", known) == {"kobani"}
    assert named_places("The Raqqa toll has risen to seven.", known) == frozenset()
