"""Restatements: a sentence that only repeats, in other words, the figures of a shown item.

Word overlap (`digest.facts`) misses "Russian attacks on Kyiv killed at least two people,
officials said" and "Writing on its Telegram channel, the city's military administration
said two people were killed": they share few words, yet say one thing. What they share is
a figure (killed, 2); what decides is whether the second sentence adds anything concrete of
its own: another number, another place, another reported event. Only a sentence adding none
of these restates the item, so a retelling with one new count or place stays in the digest.
A sentence giving no toll restates an item when all its counts are the item's: one decision
told twice ("two settlers and four outposts"). Apart from restating, a sentence giving a
shown item's toll at the item's place tells that event again, whatever it adds (`same_toll`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.concreteness import NEWS_WORDS
from digest.figures import numbers, sentence_figures
from digest.models import FigureKind
from digest.places import find_places, place_key

_EVENT_WORDS = NEWS_WORDS - frozenset(
    "said told killed killing wounded injured died dead overnight today yesterday".split()
)
"""Words of reported events beyond the casualties a figure already states; attribution and
time words ("said", "overnight") say how or when it was reported, not what happened."""
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Gist:
    """What a sentence states concretely: its figures (kind, value, place key) and all its
    numbers, places (as keys) and event words."""

    figures: frozenset[tuple[FigureKind, int, str | None]]
    numbers: frozenset[str]
    places: frozenset[str | None]
    events: frozenset[str]


def gist(text: str) -> Gist:
    """The concrete content of one sentence, read from that sentence alone."""
    return Gist(
        figures=sentence_figures(text),
        numbers=numbers(text),
        places=frozenset(place_key(place.name) for place in find_places(text)),
        events=frozenset(_WORD.findall(text.lower())) & _EVENT_WORDS,
    )


def restates(candidate: Gist, shown: Gist) -> bool:
    """True when `shown` says all `candidate` does: its figures (`_same_figures`) or,
    without a toll, its counts (`_same_counts`)."""
    return _same_figures(candidate, shown) or _same_counts(candidate, shown)


def _same_figures(candidate: Gist, shown: Gist) -> bool:
    """True when `candidate` has figures, each already in `shown` (with the same place, or
    naming none), and adds no number, place or event word `shown` lacks."""
    if not candidate.figures:
        return False
    counts = {(kind, value) for kind, value, _ in shown.figures}
    for kind, value, place in candidate.figures:
        if (kind, value, place) not in shown.figures and not (
            place is None and (kind, value) in counts
        ):
            return False
    return (
        candidate.numbers <= shown.numbers
        and candidate.places <= shown.places
        and candidate.events <= shown.events
    )


def _same_counts(candidate: Gist, shown: Gist) -> bool:
    """True when `candidate` gives no toll and every one of its two or more numbers is in
    `shown`: "60,000 reservists for 90 more days", "two settlers and four outposts" are one
    decision told twice, whatever the words around them (tolls are `_same_figures`'
    matter, where the place decides)."""
    return (
        not candidate.figures and len(candidate.numbers) >= 2 and candidate.numbers <= shown.numbers
    )


def same_toll(candidate: Gist, shown: Gist) -> bool:
    """True when `candidate` gives a toll of `shown` (killed or wounded, the same value, more
    than one) and they name a place in common: "Mourners buried the dead in Adigrat after
    two wounded died, with the toll at 15 killed" is the shelling of Adigrat that killed 15
    told again, though it says more. One death in a town is too common to tell an event."""
    tolls = {(kind, value) for kind, value, _ in shown.figures if kind in ("killed", "wounded")}
    return bool((candidate.places & shown.places) - {None}) and any(
        (kind, value) in tolls for kind, value, _ in candidate.figures if value > 1
    )
