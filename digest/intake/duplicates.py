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
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from digest.fingerprint import Hashes

NEAR_DUPLICATE_JACCARD = 0.5
NEAR_DUPLICATE_CONTAINMENT = 0.8
"""Share of the shorter text's shingles found in the other: catches a trimmed copy."""
NEARBY_DAYS = 2
Ids = NDArray[np.int64]


def nearby_days(day: date) -> list[date]:
    """The days whose articles a story of `day` may repeat (outlets re-publish late)."""
    return [day + timedelta(days=offset) for offset in range(-NEARBY_DAYS, NEARBY_DAYS + 1)]


def common(grams: Hashes, other: Hashes) -> int:
    """How many shingles two sets of `Hashes` share."""
    if len(grams) > len(other):
        grams, other = other, grams
    found = np.searchsorted(other, grams).clip(max=len(other) - 1)
    return int(np.count_nonzero(other[found] == grams))


def repeats(grams: Hashes, other: Hashes) -> bool:
    """Whether one shingle set is a re-publication of the other (the rule, symmetric)."""
    if not len(grams) or not len(other):
        return False
    shared = common(grams, other)
    return (
        shared / (len(grams) + len(other) - shared) >= NEAR_DUPLICATE_JACCARD
        or shared / min(len(grams), len(other)) >= NEAR_DUPLICATE_CONTAINMENT
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

    def counts(self, grams: Hashes) -> NDArray[np.intp]:
        """How many articles are listed under each of `grams` (sorted)."""
        total = np.zeros(len(grams), dtype=np.intp)
        for keys, _ids in self._runs:
            total += np.searchsorted(keys, grams, "right") - np.searchsorted(keys, grams)
        return total

    def listed(self, grams: Hashes) -> list[Ids]:
        """The articles listed under `grams` (sorted), once for each of them they hold."""
        found = []
        for keys, ids in self._runs:
            starts = np.searchsorted(keys, grams)
            lengths = np.searchsorted(keys, grams, "right") - starts
            held = lengths > 0
            starts, lengths = starts[held], lengths[held]
            if len(starts):  # every posting of every held shingle, at C speed
                ends = np.cumsum(lengths)
                found.append(ids[np.arange(ends[-1]) + np.repeat(starts - ends + lengths, lengths)])
        return found


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
    rarest ones (rarest when it was added), as many as probe() says. A new text `x` is
    compared in full only with the articles listed in `full` under at least `h` of x's
    probe() rarest shingles (every match at least as large as x is), and with those
    listed in `probes` under at least their own `hits` of x's shingles (every match
    smaller than x is). Rare shingles have short lists, so a look-up reads about as much
    however many articles the days hold.
    """

    def __init__(self) -> None:
        self._stored: dict[int, Stored] = {}
        self._full: dict[date, Postings] = {}
        self._probes: dict[date, Postings] = {}

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
        rarest = self._rarest(grams, probed, day)
        self._probes.setdefault(day, Postings()).add(rarest, article_id)
        self._full.setdefault(day, Postings()).add(grams, article_id)

    def find(self, day: date, grams: Hashes) -> tuple[int, str] | None:
        """The id and source of the earliest stored article of the days around `day` that
        the text with these shingles repeats, or None."""
        if not len(grams):
            return None
        window = [near for near in nearby_days(day) if near in self._full]
        probed, hits = probe(len(grams))
        rarest = self._rarest(grams, probed, day)
        larger = _count([self._full[near].listed(rarest) for near in window])
        smaller = _count([self._probes[near].listed(grams) for near in window])
        candidates = {article_id for article_id, count in larger.items() if count >= hits}
        candidates.update(
            article_id
            for article_id, count in smaller.items()
            if count >= self._stored[article_id].hits
        )
        for article_id in sorted(candidates):
            stored = self._stored[article_id]
            if repeats(grams, stored.grams):
                return article_id, stored.source
        return None

    def _rarest(self, grams: Hashes, count: int, day: date) -> Hashes:
        """The `count` shingles of `grams` listed under the fewest articles of `day`, in
        order (any choice is correct; rare ones keep the lists read short)."""
        full = self._full.get(day)
        if full is None:
            return grams[:count]
        chosen = np.argsort(full.counts(grams), kind="stable")[:count]
        return grams[np.sort(chosen)]


def _count(found: list[list[Ids]]) -> dict[int, int]:
    """Each article listed in `found` and how many times."""
    listed = [ids for day in found for ids in day]
    if not listed:
        return {}
    ids, counts = np.unique(np.concatenate(listed), return_counts=True)
    return dict(zip(ids.tolist(), counts.tolist(), strict=True))
