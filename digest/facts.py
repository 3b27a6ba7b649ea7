"""Near-duplicate facts: one event reported by several outlets in slightly different words.

Two sentences state the same fact when most of their content words are shared
(`fingerprint.jaccard` over word sets, order-free, so reworded leads still match) and they
do not contradict each other on a number or a name: "two killed in Kyiv" and "two killed
in Kharkiv" share almost every word yet are two facts, and each side then holds a number or
name the other lacks. A sentence that only adds detail ("Mayor Vitali Klitschko said") is
still the same fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from digest.fingerprint import jaccard, words
from digest.language import STOP_WORDS
from digest.memo import per_text

SAME_FACT_THRESHOLD = 0.6
REDUNDANT_THRESHOLD = 0.5
"""Word overlap from which a second item adds too little, even when its numbers differ."""
RELATED_THRESHOLD = 0.3
"""Word overlap from which two sentences sharing a number are told as one story."""
_KEY = re.compile(r"\d[\d,.]*\d|\d|[A-Z]\w*")


@dataclass(frozen=True, slots=True)
class FactPrint:
    """What near-duplicate checks compare: content words, and the numbers and names."""

    words: frozenset[str]
    keys: frozenset[str]


@per_text
def fact_print(text: str) -> FactPrint:
    """The fingerprint of a sentence; capitalised stop words ("The", "On") are no names."""
    content = frozenset(word for word in words(text) if word not in STOP_WORDS)
    keys = {key.replace(",", "").casefold() for key in _KEY.findall(text)}
    return FactPrint(words=content, keys=frozenset(keys - STOP_WORDS))


def same_fact(left: FactPrint, right: FactPrint) -> bool:
    """True when two sentences report one fact (see the module docstring)."""
    if jaccard(left.words, right.words) < SAME_FACT_THRESHOLD:
        return False
    return not (left.keys - right.keys and right.keys - left.keys)


def matches_any(prints: Iterable[FactPrint], candidate: FactPrint) -> bool:
    return any(same_fact(known, candidate) for known in prints)


def redundant(left: FactPrint, right: FactPrint) -> bool:
    """True when a digest showing one of the two gains too little from the other.

    Looser than `same_fact`: the same story in other words ("adopted its 10th package of
    sanctions" / "approved a 10th sanctions package") shares a number and a third of its
    words; the same report with another count ("classes online for 40 days" / "for 26
    days") shares half its words and all its names. Another place or actor ("drones hit
    Lviv" / "drones hit Sumy") is another story.
    """
    overlap = jaccard(left.words, right.words)
    if overlap >= REDUNDANT_THRESHOLD and not (_names(left) ^ _names(right)):
        return True
    shares_number = any(key[0].isdigit() for key in left.keys & right.keys)
    return (shares_number and overlap >= RELATED_THRESHOLD) or same_fact(left, right)


def _names(fact: FactPrint) -> frozenset[str]:
    return frozenset(key for key in fact.keys if not key[0].isdigit())


@per_text
def telling(fact: FactPrint) -> frozenset[str]:
    """The words without numbers: equal for one report whose counts differ between outlets
    or updates, which a digest shows once."""
    return frozenset(word for word in fact.words if not word[0].isdigit())
