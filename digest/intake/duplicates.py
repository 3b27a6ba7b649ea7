"""The near-duplicate decision: is a text one story already stored, re-published?

Pure: shingle hashes in, the repeated article or None out. `storage/` feeds the index the
articles of nearby days and keeps it in step with the database. An outlet's copy differs
in a few words and its furniture, so sets of word shingles are compared, not the texts.

An inverted index makes each look-up cost the same whatever the archive's size: only the
stored articles that share a well-chosen shingle with the new text are compared with it,
and the pigeonhole principle guarantees that every article the rule would match is among
them (see NearCopyIndex), so the decisions are those of comparing with every article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from digest.fingerprint import Hashes

NEAR_DUPLICATE_JACCARD = 0.5
NEAR_DUPLICATE_CONTAINMENT = 0.8
"""Share of the shorter text's shingles found in the other: catches a trimmed copy."""
NEARBY_DAYS = 2
Ids = NDArray[np.int64]


def nearby_days(day: date) -> list[date]:
    """The days whose articles a story of `day` may repeat (outlets re-publish late); none
    before 1 January of year 1 or after the last day of 9999 (a hostile file's date)."""
    first, last = date.min.toordinal(), date.max.toordinal()
    return [
        date.fromordinal(ordinal)
        for offset in range(-NEARBY_DAYS, NEARBY_DAYS + 1)
        if first <= (ordinal := day.toordinal() + offset) <= last
    ]


def shared(grams: Hashes, others: list[Hashes]) -> NDArray[np.intp]:
    """How many shingles `grams` shares with each of `others` (none of them empty)."""
    if not len(grams):
        return np.zeros(len(others), dtype=np.intp)
    joined = np.concatenate(others)
    found = np.minimum(np.searchsorted(grams, joined), len(grams) - 1)
    starts = np.cumsum([0, *map(len, others[:-1])])
    return np.add.reduceat(grams[found] == joined, starts, dtype=np.intp)


def repeats(grams: Hashes, others: list[Hashes]) -> NDArray[np.bool_]:
    """Whether the shingle set `grams` is a re-publication of each of `others`, or the other
    way round (the rule, symmetric)."""
    common = shared(grams, others)
    sizes = np.array([len(other) for other in others])
    return (common / (len(grams) + sizes - common) >= NEAR_DUPLICATE_JACCARD) | (
        common / np.minimum(len(grams), sizes) >= NEAR_DUPLICATE_CONTAINMENT
    )


PROBE_HITS = 8
"""Shared probe shingles a candidate needs before it is compared in full: more probe
shingles to read, but far fewer candidates where many texts share some phrasing."""


def least_shared(size: int) -> int:
    """How many shingles a set of `size` surely shares with any match at least as large.

    Containment needs 0.8·size; Jaccard 0.5 with a set `y` of |y| >= size needs
    (size + |y|) / 3 >= 2·size / 3 (rounded down here, which errs on the safe side).
    """
    return (2 * size) // 3


def probe(size: int) -> tuple[int, int]:
    """How many of a set's shingles to probe, and how many of them any match at least as
    large surely holds: of any `size - t + h` shingles, at most `size - t` are outside the
    t shared ones (the pigeonhole principle), so at least `h` are shared."""
    shared = least_shared(size)
    probed = min(size, size - shared + PROBE_HITS)
    return probed, probed - (size - shared)


SMALL_RUN = 1 << 15
"""Postings a day's small run takes before it is merged into the large one: a new article
costs a copy of the small run, a merge a copy of the large one (once in ~80 articles)."""


class Postings:
    """Which articles hold which shingles, for one day: (shingle, article) pairs sorted by
    shingle in two runs of numpy arrays, 16 bytes a pair and nothing for the garbage
    collector to scan (a dict of lists took ten times the memory, and its passes a third
    of ingest). A new article goes into the small run; the small run, when full, into the
    large one, so adding costs the same however many articles the day holds."""

    def __init__(self) -> None:
        empty = np.empty(0, dtype=np.int64)
        self._runs = [(empty, empty), (empty, empty)]

    def add(self, grams: Hashes, article_id: int) -> None:
        """List `article_id` under each of `grams` (sorted)."""
        keys, ids = self._runs[1]
        at = np.searchsorted(keys, grams)
        self._runs[1] = (np.insert(keys, at, grams), np.insert(ids, at, article_id))
        if len(self._runs[1][0]) >= SMALL_RUN:
            (large, large_ids), (small, small_ids) = self._runs
            at = np.searchsorted(large, small)
            merged = (np.insert(large, at, small), np.insert(large_ids, at, small_ids))
            self._runs = [merged, (small[:0], small_ids[:0])]

    def listed(self, grams: Hashes) -> list[Ids]:
        """The articles listed under `grams` (sorted), once for each of them they hold."""
        found: list[Ids] = []
        if not len(grams):
            return found
        for keys, ids in self._runs:
            starts, lengths = _ranges(keys, grams)
            if len(starts):  # every posting of every held shingle, at C speed
                ends = np.cumsum(lengths)
                found.append(ids[np.arange(ends[-1]) + np.repeat(starts - ends + lengths, lengths)])
        return found


def _ranges(keys: Hashes, grams: Hashes) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Where in the sorted `keys` each of `grams` (sorted) that they hold starts, and how
    many times it is there: one binary search for every shingle, a second only for those
    held."""
    if not len(keys):
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    starts = np.searchsorted(keys, grams)
    held = keys[np.minimum(starts, len(keys) - 1)] == grams
    starts = starts[held]
    return starts, np.searchsorted(keys, grams[held], "right") - starts


TALLY_SLOTS = 8
"""Slots of the index's tally for each shingle listed: a shingle no stored article holds
finds its slot empty seven times in eight (a shingle's slot is its hash's low bits)."""


@dataclass(frozen=True)
class Stored:
    """A stored article as the index keeps it: `hits` of its probe shingles are surely
    shared with any text at least as large that repeats it."""

    day: date
    source: str
    grams: Hashes
    hits: int


class NearCopyIndex:
    """Shingle sets of stored articles, indexed two ways per day.

    `full` lists every article under each of its shingles; `probes` only under its
    rarest ones (by the tally when it was added), as many as probe() says. A new text `x` is
    compared in full only with the articles listed in `full` under at least `h` of x's
    probe() rarest shingles (every match at least as large as x is), and with those
    listed in `probes` under at least their own `hits` of x's shingles (every match
    smaller than x is). Rare shingles have short lists, so a look-up reads about as much
    however many articles the days hold. The tally counts, roughly, the stored articles
    that hold each shingle, in a byte a slot; shingles no stored article holds (most of a
    text's own) have an empty slot and are not searched for at all.
    """

    def __init__(self) -> None:
        self._stored: dict[int, Stored] = {}
        self._full: dict[date, Postings] = {}
        self._probes: dict[date, Postings] = {}
        self._tally = np.zeros(TALLY_SLOTS, dtype=np.uint8)
        self._listed = 0

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._stored

    def add(self, article_id: int, day: date, source: str, grams: Hashes) -> None:
        """Index one stored article (again: a no-op)."""
        if article_id in self._stored:
            return
        probed, hits = probe(len(grams))
        self._stored[article_id] = Stored(day, source, grams, hits)
        if not len(grams):
            return
        rarest = grams[_rarest(self._tallied(grams), probed)]
        self._probes.setdefault(day, Postings()).add(rarest, article_id)
        self._full.setdefault(day, Postings()).add(grams, article_id)
        self._listed += len(grams)
        if self._listed * TALLY_SLOTS > len(self._tally):  # fuller: four times the slots
            self._tally = np.zeros(len(self._tally) * 4, dtype=np.uint8)
            for stored in self._stored.values():
                self._tally_up(stored.grams)
        else:
            self._tally_up(grams)

    def find(self, day: date, grams: Hashes) -> tuple[int, str] | None:
        """The id and source of the earliest stored article of the days around `day` that
        the text with these shingles repeats, or None."""
        if not len(grams):
            return None
        window = [near for near in nearby_days(day) if near in self._full]
        probed, hits = probe(len(grams))
        tallied = self._tallied(grams)
        rarest = _rarest(tallied, probed)
        rarest = grams[rarest[tallied[rarest] > 0]]  # those no article holds list none
        larger = _listings([self._full[near].listed(rarest) for near in window])
        smaller = _listings([self._probes[near].listed(grams[tallied > 0]) for near in window])
        candidates = {article_id for article_id, count in larger.items() if count >= hits}
        candidates.update(
            article_id
            for article_id, count in smaller.items()
            if count >= self._stored[article_id].hits
        )
        if not candidates:
            return None
        ordered = sorted(candidates)
        matches = repeats(grams, [self._stored[article_id].grams for article_id in ordered])
        if not matches.any():
            return None
        earliest = ordered[int(np.argmax(matches))]
        return earliest, self._stored[earliest].source

    def _tallied(self, grams: Hashes) -> NDArray[np.uint8]:
        """About how many stored articles hold each of `grams`; 0 only for a shingle none
        holds, which is most of a text's own, so that one look-up in the tally spares them
        a search of every run of every nearby day."""
        return self._tally[grams & (len(self._tally) - 1)]

    def _tally_up(self, grams: Hashes) -> None:
        """Tally one more article holding `grams` (up to 255: a count that high is
        common enough)."""
        slots = grams & (len(self._tally) - 1)
        self._tally[slots] = np.minimum(self._tally[slots], 254) + 1


def _rarest(tallied: NDArray[np.uint8], count: int) -> NDArray[np.intp]:
    """Which `count` of a text's shingles the fewest stored articles hold, by their tally,
    in order (any choice is correct; rare ones keep the lists read short, and spare a copy
    a candidate for every story it shares a wire line with)."""
    return np.sort(np.argsort(tallied, kind="stable")[:count])


def _listings(found: list[list[Ids]]) -> dict[int, int]:
    """Each article listed in `found` and how many times."""
    listed = [ids for day in found for ids in day]
    if not listed:
        return {}
    ids, counts = np.unique(np.concatenate(listed), return_counts=True)
    return dict(zip(ids.tolist(), counts.tolist(), strict=True))
